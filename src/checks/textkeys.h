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
#include "core/sift.h"

#define TEXTKEYS_MAX_HITS 64 /* per file: a key dump is one problem, not a thousand */
#define TEXTKEYS_MAX_LINES 256

/*
 * Where the key finder looks, gathered by one pass over the file with the
 * needles below (core/sift.h), so that a caller which passes over the file
 * anyway (scan) can collect them in the same pass: key ids, already
 * checked, and the lines that hold a context word ("secret").
 */
struct textkeys_cand {
	size_t nid, nline;
	size_t id[TEXTKEYS_MAX_HITS];	 /* offsets of access key ids */
	size_t line[TEXTKEYS_MAX_LINES]; /* start offsets of lines with a context word */
	size_t more_from;		 /* lines were dropped: look again from here (else 0) */
};

#define TEXTKEYS_NEEDLES 2
extern const struct sift_needle textkeys_needles[TEXTKEYS_NEEDLES];

void textkeys_cand_init(struct textkeys_cand *c);
/* A sift match of textkeys_needles[needle] at off. */
void textkeys_cand_hit(struct textkeys_cand *c, const char *buf, size_t len, size_t needle,
		       size_t off);

/*
 * Add hardcoded-access-key / hardcoded-secret-key findings for path.
 * kind names the file for messages ("a .env file", "a Terraform file").
 * A finding is not added when fs already holds a hardcoded-access-key or
 * hardcoded-secret-key finding for the same path and line (a handler that
 * reported a key with more context first wins). Returns the number added.
 */
size_t textkeys_scan(const char *path, const char *buf, size_t len, const char *kind,
		     struct findings *fs);
/* The same with the candidates already gathered (NULL: gather them here). */
size_t textkeys_scan_cand(const char *path, const char *buf, size_t len, const char *kind,
			  const struct textkeys_cand *c, struct findings *fs);
/* What a file would be called in a message ("a .env file"), by its name. */
const char *textkeys_kind_of(const char *path);

/* A 20-character access key id starting at p (AKIA/ASIA/ABIA/ACCA + 16 base32)? */
int textkeys_is_key_id(const char *p, size_t len);
/* A 40-character secret-key-shaped string (base64, not all hex, mixed)? */
int textkeys_is_secret(const char *p, size_t len);

#endif
