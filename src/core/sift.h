/*
 * sift.h - one pass over a buffer for a few short needles at once.
 *
 * `tfauth scan` reads every byte of a tree, and most files hold nothing it
 * wants: the pass that decides which bytes deserve a closer look must run
 * near memory speed. Each needle is tested on two bytes, its first and its
 * last unless the caller names two rarer ones, 64 (AVX-512), 32 (AVX2) or
 * 16 (SSE2) positions at a time; only where both match is the whole needle
 * compared. SIFT_DEFINE compiles a pass for one constant set of needles,
 * which lets the compiler share loads and tests between them: a hot caller
 * (scan) uses that; sift_scan() takes any set at run time. In a needle '?' matches any byte, and
 * SIFT_ICASE folds ASCII letters. The same pass notes whether any byte is
 * >= 0x80, so a pure-ASCII file (nearly all of them) skips its UTF-8 check.
 */
#ifndef TFAUTH_SIFT_H
#define TFAUTH_SIFT_H

#include <stddef.h>

#define SIFT_MAX 8
#define SIFT_ICASE 1u

/* sift_scan()'s result bits */
#define SIFT_HIGH 1    /* a byte >= 0x80 was seen (only exact if not stopped) */
#define SIFT_STOPPED 2 /* the callback stopped the pass */

struct sift_needle {
	const char *s;
	unsigned flags;
	unsigned char pa, pb; /* the two bytes tested; both 0: first and last */
};

struct sift {
	size_t n, maxoff; /* maxoff: the furthest byte a test looks at */
	struct sift_one {
		const char *s;
		size_t len, pa, pb;
		unsigned char a, b;	    /* the bytes at pa and pb, folded when ICASE */
		unsigned char afold, bfold; /* 0x20 where that byte is a folded letter */
		int icase;
	} v[SIFT_MAX];
};

/* Called for every match, in order of offset (needles matching at the same
 * offset in their order); a nonzero return stops the pass. */
typedef int sift_fn(void *ctx, size_t needle, size_t off);

/* n <= SIFT_MAX needles, each 1..64 bytes; the tested bytes are not '?'. */
void sift_init(struct sift *s, const struct sift_needle *v, size_t n);

/* Calls fn for every match in buf[0..len); returns SIFT_HIGH|SIFT_STOPPED bits. */
unsigned sift_scan(const struct sift *s, const char *buf, size_t len, sift_fn *fn, void *ctx);

/* for sift_kernel.h: 3 AVX-512, 2 AVX2, 1 SSE2, 0 plain C */
int sift_best_(void);
int sift_report_(const struct sift *s, const unsigned char *buf, size_t len, size_t off,
		 sift_fn *fn, void *ctx);
unsigned sift_tail_(const struct sift *s, const unsigned char *buf, size_t len, size_t from,
		    sift_fn *fn, void *ctx);

#endif
