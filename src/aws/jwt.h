/*
 * jwt.h - the claims of a web identity token, decoded but never verified.
 *
 * A web identity token file (AWS_WEB_IDENTITY_TOKEN_FILE, the profile's
 * web_identity_token_file) holds a JWT that STS checks against the OIDC
 * provider. Offline we can still tell that it is malformed or expired and
 * show whom it was issued to. The token itself is never copied out or
 * shown: only exp, iat, nbf, aud, iss and sub.
 */
#ifndef TFAUTH_JWT_H
#define TFAUTH_JWT_H

#include <stddef.h>
#include <time.h>

#define JWT_MAX_BYTES (64 * 1024)

struct jwt_claims {
	int has_exp, has_iat, has_nbf;
	time_t exp, iat, nbf;
	char *aud, *iss, *sub; /* aud: an array is joined with ", " */
	char *alg;	       /* from the header */
	int trailing_newline;  /* the file ends in \n or \r\n (both SDKs send it as is) */
	int surrounding_space; /* other whitespace around the token */
};

/*
 * Decode the token in buf (the file's whole contents). Returns 0, or -1
 * with *error (malloc'd) saying what is wrong: "not three dot-separated
 * parts", "the payload is not base64url", "the payload is not a JSON
 * object", ...
 */
int jwt_decode(const char *buf, size_t len, const char *name, struct jwt_claims *out, char **error);
void jwt_claims_release(struct jwt_claims *c);

#endif
