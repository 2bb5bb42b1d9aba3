/*
 * redact.h - the one place that turns credentials into something printable.
 *
 * An access key id is shown as its first and last four characters
 * ("AKIA…WXYZ"), and only when the whole value looks like a key id: a secret
 * pasted into AWS_ACCESS_KEY_ID must not leak eight of its characters.
 * A secret or token is described, never shown: its length, its character
 * classes and the first 8 hex digits of its SHA-256.
 */
#ifndef TFAUTH_REDACT_H
#define TFAUTH_REDACT_H

#include <stddef.h>

#include "core/strbuf.h"

void redact_key_id(struct strbuf *out, const char *id, size_t len);
void redact_secret(struct strbuf *out, const char *s, size_t len);
/* 8 hex digits of SHA-256(s); out must hold 9 bytes. */
void redact_fingerprint(char out[9], const char *s, size_t len);
/* Convenience: a malloc'd masked key id. */
char *redact_key_id_dup(const char *id);

#endif
