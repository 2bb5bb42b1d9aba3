/*
 * checks.h - checks are pure functions from facts (or one value) to
 * findings. They never print and never touch the network.
 */
#ifndef TFAUTH_CHECKS_H
#define TFAUTH_CHECKS_H

#include <stddef.h>

#include "aws/facts.h"
#include "core/finding.h"

/*
 * Where a credential value sits, for messages and fixes: label names it
 * ("AWS_SECRET_ACCESS_KEY", "aws_secret_access_key in profile 'dev'"),
 * assign is how to set it ("export AWS_SECRET_ACCESS_KEY=",
 * "aws_secret_access_key = ").
 */
struct cred_site {
	struct origin where;
	const char *label;
	const char *assign;
	const char *quote; /* around a value after assign; NULL: ' after export, else none */
};

/* Format and damage checks on one value (keyfmt rules, §5 of the reference). */
void check_access_key_id(struct findings *fs, const struct cred_site *site, const char *val,
			 size_t len, const char *secret, size_t secret_len);
void check_secret_key(struct findings *fs, const struct cred_site *site, const char *val,
		      size_t len, const char *key_id, size_t key_len);
void check_session_token(struct findings *fs, const struct cred_site *site, const char *val,
			 size_t len);
/* account-id (info) for a key id, when decodable. */
void check_account_id(struct findings *fs, const struct cred_site *site, const char *key_id,
		      size_t len);

/* Level 1: the process environment. */
void check_env(const struct facts *f, struct findings *fs);

#endif
