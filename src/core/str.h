/*
 * str.h - a non-owning slice of bytes: a token that points into an input
 * buffer. Nothing is copied until it must outlive the input (xmemdupz).
 */
#ifndef TFAUTH_STR_H
#define TFAUTH_STR_H

#include <stddef.h>
#include <string.h>

struct str {
	const char *p;
	size_t len;
};

#define STR_NULL ((struct str){NULL, 0})
#define STR_LIT(s) ((struct str){(s), sizeof(s) - 1})

static inline struct str str_from(const char *s)
{
	return (struct str){s, s ? strlen(s) : 0};
}

static inline int str_eq(struct str a, const char *b)
{
	size_t n = strlen(b);
	return a.p && a.len == n && !memcmp(a.p, b, n);
}

static inline int str_has_prefix(struct str a, const char *pfx)
{
	size_t n = strlen(pfx);
	return a.p && a.len >= n && !memcmp(a.p, pfx, n);
}

#endif
