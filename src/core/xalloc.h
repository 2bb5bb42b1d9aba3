/*
 * xalloc.h - allocation that never returns NULL. Running out of memory is
 * fatal in exactly one place (xalloc_die), which prints one line and exits 3.
 */
#ifndef TFAUTH_XALLOC_H
#define TFAUTH_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xmemdupz(const void *p, size_t n); /* copy of n bytes plus a NUL */
char *xstrfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow an array of nr elements to hold at least n (git's ALLOC_GROW). */
#define ALLOC_GROW(x, n, alloc)                                                                    \
	do {                                                                                       \
		if ((n) > (alloc)) {                                                               \
			size_t alloc_grow_n_ = (alloc) ? (alloc)*2 : 8;                            \
			if (alloc_grow_n_ < (n))                                                   \
				alloc_grow_n_ = (n);                                               \
			(x) = xrealloc((x), alloc_grow_n_ * sizeof(*(x)));                         \
			(alloc) = alloc_grow_n_;                                                   \
		}                                                                                  \
	} while (0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
