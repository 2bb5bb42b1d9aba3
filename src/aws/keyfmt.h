/*
 * keyfmt.h - what an access key id, a secret key and a session token look
 * like, and the account id encoded in modern key ids. Pure functions.
 */
#ifndef TFAUTH_KEYFMT_H
#define TFAUTH_KEYFMT_H

#include <stddef.h>

enum keyid_kind {
	KEYID_LONG_TERM, /* AKIA */
	KEYID_TEMPORARY, /* ASIA */
	KEYID_UNIQUE_ID, /* AIDA, AROA, ...: an IAM unique id, not a key */
	KEYID_UNKNOWN,	 /* something else */
};

/* Classify by prefix only. */
enum keyid_kind keyid_kind(const char *id, size_t len);
/* "IAM user", "IAM role", ... for a unique-id prefix; NULL otherwise. */
const char *keyid_prefix_entity(const char *id, size_t len);

/*
 * Decode the owning account (12 digits + NUL into out). Returns 0 on
 * success, -1 when the key predates the encoding (5th character not Q-Z or
 * 2-7), -2 when the value is not a 20-character AKIA/ASIA id.
 */
int keyid_account(const char *id, size_t len, char out[13]);

/*
 * AWS's documentation example credentials (AKIAIOSFODNN7EXAMPLE,
 * wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and their kin): a 20-character
 * key id ending in EXAMPLE, a 40-character secret ending in EXAMPLEKEY.
 * They appear in tutorials, tests and fixtures; AWS refuses them.
 */
int keyid_is_example(const char *id, size_t len);
int secret_is_example(const char *s, size_t len);

/*
 * The version of an STS session token, read from its first bytes. Version 2
 * tokens (regional STS endpoints, or the global one when the account set
 * GlobalEndpointTokenVersion to v2) start "IQoJb3JpZ2luX2Vj" (base64 of
 * "\x21\x0a\x09origin_ec") and are valid in every region; version 1 tokens
 * (the global endpoint sts.amazonaws.com by default) start "FwoGZXIvYXdz" or
 * "FQoGZXIvYXdz" and opt-in regions reject them.
 */
enum token_version {
	TOKEN_V1,
	TOKEN_V2,
	TOKEN_UNKNOWN,
};
enum token_version token_version(const char *tok, size_t len);

/* Is c in the base64 alphabet used by secret keys (A-Za-z0-9+/)? */
int secret_char_ok(unsigned char c);

#endif
