/*
 * ini_int.h - what the dialect passes of the shared-file parser share
 * (ini.c, ini_botocore.c, ini_go.c). Not for use outside src/aws/ini*.c.
 */
#ifndef TFAUTH_INI_INT_H
#define TFAUTH_INI_INT_H

#include "aws/ini.h"

struct ini_index {
	size_t *slot;
	size_t cap;
};

int ini_utf8_decode(const unsigned char *p, size_t n, unsigned *cp);
int ini_py_space(unsigned c);
int ini_go_space(unsigned c);
/* Trim [*a, *b) of buf by the predicate, on the left and/or right. */
void ini_trim(const char *buf, size_t *a, size_t *b, int (*is)(unsigned), int left, int right);

struct ini_section *ini_find(const struct ini_doc *d, const char *name);
struct ini_section *ini_add_section(struct ini_doc *d, const char *name, size_t len, size_t off);
struct ini_value *ini_section_find_value(const struct ini_section *s, const char *key);
struct ini_value *ini_add_value(struct ini_doc *d, struct ini_section *s, const char *key,
				size_t key_len, size_t key_off);
void ini_value_set(struct ini_value *v, const char *val, size_t len);
void ini_value_set_raw(struct ini_value *v, const char *raw, size_t len, size_t raw_off,
		       size_t val_off);
void ini_value_clear(struct ini_value *v);
struct ini_value *ini_add_sub(struct ini_value *v, const char *key, size_t key_len, const char *val,
			      size_t val_len, size_t off);
void ini_note(struct ini_doc *d, enum ini_note_kind k, size_t off, const char *text, size_t len);
void ini_refuse(struct ini_doc *d, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void ini_parse_botocore(struct ini_doc *d, const char *buf, size_t len);
void ini_parse_gov2(struct ini_doc *d, const char *buf, size_t len);
void ini_parse_gov1(struct ini_doc *d, const char *buf, size_t len);

#endif
