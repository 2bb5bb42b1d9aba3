/*
 * textkeys.h - AWS keys in any text file (.env, shell, Dockerfile, compose,
 * Terraform): access key ids by their exact shape, 40-character secrets only
 * next to an AWS context word or a key id, a pair on nearby lines reported
 * once. Findings carry the masked id and the decoded account, never a secret.
 */
#ifndef TFAUTH_TEXTKEYS_H
#define TFAUTH_TEXTKEYS_H

#include <stddef.h>

#include "core/finding.h"

/*
 * Add hardcoded-access-key / hardcoded-secret-key findings for path.
 * kind names the file for messages ("a .env file", "a Terraform file").
 * A finding is not added when fs already holds a hardcoded-access-key or
 * hardcoded-secret-key finding for the same path and line (a handler that
 * reported a key with more context first wins). Returns the number added.
 */
size_t textkeys_scan(const char *path, const char *buf, size_t len, const char *kind,
		     struct findings *fs);

/* The scan handler for any text file (scan.h). */
int textkeys_handler(const char *path, const char *buf, size_t len, struct findings *fs);

/* A 20-character access key id starting at p (AKIA/ASIA/ABIA/ACCA + 16 base32)? */
int textkeys_is_key_id(const char *p, size_t len);
/* A 40-character secret-key-shaped string (base64, not all hex, mixed)? */
int textkeys_is_secret(const char *p, size_t len);

#endif
