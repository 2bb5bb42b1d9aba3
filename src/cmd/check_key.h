/*
 * check_key.h - what `tfauth check-key` read, shared by its two files:
 * check_key_read.c collects the key pair (argv, standard input, the
 * terminal, a file, the environment, a profile, create-access-key's JSON)
 * and check_key.c runs the checks and writes the report.
 */
#ifndef TFAUTH_CMD_CHECK_KEY_H
#define TFAUTH_CMD_CHECK_KEY_H

#include <stddef.h>

#include "checks/checks.h"
#include "core/env.h"
#include "core/strbuf.h"

#define CHECK_KEY_SECRET_MAX 4096
#define CHECK_KEY_JSON_MAX (1u << 20)

/* The key pair and where each part came from. */
struct keyin {
	char *key_id;
	char *secret; /* CHECK_KEY_SECRET_MAX bytes, wiped and freed by keyin_release */
	size_t secret_len;
	char *token; /* likewise, when there is one */
	size_t token_len;
	char *user, *status;
	struct strbuf source; /* "--from-json key.json", ... */
	struct cred_site key_site, secret_site, token_site;
	char *key_label, *secret_label, *token_label, *site_name;
};

/* Where the user said the key is (exactly one of key_arg, from_*). */
struct key_source {
	const char *key_arg; /* ACCESS_KEY_ID operand */
	int from_env;
	const char *from_profile, *from_json;
	const char *secret_file, *secret_env; /* where the secret is, when not with the key */
};

void keyin_init(struct keyin *k);
void keyin_release(struct keyin *k);

/* 0, or EXIT_USAGE after refusing (and scrubbing) a secret in argv. */
int check_key_refuse_argv_secrets(int argc, char **argv);

/*
 * Read the key id and its secret (and token) from src; 0, or the exit code
 * after a message on stderr.
 */
int keyin_read(struct keyin *k, const struct key_source *src, const struct env *e);

/*
 * Take the key from create-access-key's JSON in buf (name for messages):
 * {"AccessKey": {"AccessKeyId", "SecretAccessKey", ...}} or the inner
 * object. 0, or EXIT_USAGE with the reason in err (no input bytes quoted).
 */
int keyin_parse_json(struct keyin *k, const char *buf, size_t len, const char *name,
		     struct strbuf *err);

#endif
