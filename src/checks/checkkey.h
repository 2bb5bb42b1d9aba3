/*
 * checkkey.h - the judgement of `tfauth check-key`, the rotation gate: a
 * model of what the command read (the key pair, where each part came from,
 * what the user expects of it) and of what the one GetCallerIdentity call
 * answered, and the pure checks that turn them into findings. Reading the
 * key and making the call is the command's (cmd/check_key.c).
 */
#ifndef TFAUTH_CHECKS_CHECKKEY_H
#define TFAUTH_CHECKS_CHECKKEY_H

#include <stddef.h>

#include "aws/sts.h"
#include "checks/checks.h"
#include "checks/sts_verdict.h"
#include "core/finding.h"

/* What check-key read, and what the user asked of it. */
struct checkkey_input {
	const char *key_id;
	const char *secret; /* never printed */
	size_t secret_len;
	const char *token; /* NULL without a session token; never printed */
	size_t token_len;
	const char *status; /* create-access-key's Status, or NULL */
	/* where each part came from (labels, origins, how to set it) */
	const struct cred_site *key_site, *secret_site, *token_site;
	int token_in_env; /* the token is AWS_SESSION_TOKEN (--from-env) */
	const char *expect_account; /* --expect-account: 12 digits, or NULL */
	int strict_chars;	    /* --policy strict-chars */
	int live;		    /* --live: STS will be asked (the account too) */
};

/* What the one GetCallerIdentity call (retried while a new key propagates) answered. */
struct checkkey_live {
	const char *endpoint_url;  /* --endpoint-url, or NULL */
	const char *resolve_error; /* no endpoint could be resolved: why (nothing sent) */
	const struct sts_endpoint *ep;
	enum live_result result; /* LIVE_ACCEPTED, LIVE_REFUSED or LIVE_FAILED */
	const struct sts_identity *id;
	const struct sts_error *err;
	int attempts;
	long seconds; /* from the first attempt to the answer */
	const char *expect_arn; /* --expect-arn, or NULL */
};

/*
 * The offline checks: the format and damage checks doctor makes
 * (checks/keys.c), the token that does or does not belong with the key's
 * kind, --expect-account against the account decoded from the key id, the
 * key's status and --policy strict-chars.
 */
void check_key_offline(const struct checkkey_input *in, struct findings *fs);

/* The findings for the live call's answer (and --expect-arn). */
void check_key_live(const struct checkkey_input *in, const struct checkkey_live *lv,
		    struct findings *fs);

#endif
