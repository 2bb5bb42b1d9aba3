/*
 * credproc.h - credential_process: its output contract and, only when the
 * user passes --allow-exec, running it.
 *
 * The output is a JSON object with Version 1, AccessKeyId,
 * SecretAccessKey, optional SessionToken and Expiration
 * (credential-files.md §6). Validation follows both tools: botocore wants
 * exact key names and an integer Version; Go matches names without regard
 * to case, refuses an empty AccessKeyId and wants RFC 3339 times. The
 * secret and the token never leave this module: only their presence.
 */
#ifndef TFAUTH_CREDPROC_H
#define TFAUTH_CREDPROC_H

#include <stddef.h>
#include <time.h>

#define CREDPROC_MAX_OUTPUT (64 * 1024)

struct credproc_output {
	int json_ok; /* a JSON object */
	int version; /* 0 when missing or not an integer */
	int version_is_string;
	char *access_key_id;
	int has_secret, has_token;
	int keys_case_differs; /* Go accepts, botocore refuses */
	int has_expiration, expiration_rfc3339;
	time_t expiration;
	char *problem; /* first problem, for both tools; NULL when fine */
};

int credproc_parse(const char *buf, size_t len, const char *name, struct credproc_output *out);
void credproc_output_release(struct credproc_output *o);

struct credproc_run {
	int started;
	int timed_out;
	int exit_status; /* -1 when killed by a signal */
	int truncated;	 /* more than CREDPROC_MAX_OUTPUT bytes on stdout */
	char *error;	 /* could not start it */
	struct credproc_output out;
};

/*
 * Run cmd as Terraform would (sh -c, stdin from /dev/null, stderr
 * discarded), kill it after timeout_ms, parse its stdout. envp is the
 * environment to give it. Returns 0 when it ran and printed valid
 * credentials.
 */
int credproc_exec(const char *cmd, char *const envp[], int timeout_ms, struct credproc_run *r);
void credproc_run_release(struct credproc_run *r);

#endif
