/*
 * sift_kernel.h - the vector loops behind sift_scan() and SIFT_DEFINE.
 *
 * Each kernel takes the needles twice: as the run-time struct sift (for
 * the whole-needle compare and the tail) and, optionally, as a constant
 * table. Given the table, the kernel is inlined into a function compiled
 * for that table alone (SIFT_DEFINE): the per-needle loop unrolls, every
 * byte and offset is a constant, and the compiler loads each offset once
 * and makes each distinct test once, however many needles share it. That
 * is what makes a seven-needle pass run at memory speed. Given NULL, the
 * same loop reads the needles from the struct at run time.
 */
#ifndef TFAUTH_SIFT_KERNEL_H
#define TFAUTH_SIFT_KERNEL_H

#include "core/sift.h"

#if defined(__x86_64__) && defined(__SSE2__)
#include <immintrin.h>
#define SIFT_X86 1
#endif

#define SIFT_INLINE static inline __attribute__((always_inline))

SIFT_INLINE int sift_alpha_(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

SIFT_INLINE size_t sift_pa_(const struct sift *s, const struct sift_needle *nd, size_t j)
{
	return nd ? nd[j].pa : s->v[j].pa;
}

SIFT_INLINE size_t sift_pb_(const struct sift *s, const struct sift_needle *nd, size_t j)
{
	if (!nd)
		return s->v[j].pb;
	return nd[j].pa || nd[j].pb ? nd[j].pb : __builtin_strlen(nd[j].s) - 1;
}

/* the byte tested at pa (k = 0) or pb (k = 1), and its fold (0 or 0x20) */
SIFT_INLINE unsigned char sift_fold_(const struct sift *s, const struct sift_needle *nd, size_t j,
				     int k)
{
	if (!nd)
		return k ? s->v[j].bfold : s->v[j].afold;
	return (nd[j].flags & SIFT_ICASE) &&
			       sift_alpha_((unsigned char)nd[j]
						   .s[k ? sift_pb_(s, nd, j) : sift_pa_(s, nd, j)])
		       ? 0x20
		       : 0;
}

SIFT_INLINE unsigned char sift_byte_(const struct sift *s, const struct sift_needle *nd, size_t j,
				     int k)
{
	if (!nd)
		return k ? s->v[j].b : s->v[j].a;
	return (unsigned char)nd[j].s[k ? sift_pb_(s, nd, j) : sift_pa_(s, nd, j)] |
	       sift_fold_(s, nd, j, k);
}

SIFT_INLINE size_t sift_maxoff_(const struct sift *s, const struct sift_needle *nd, size_t n)
{
	size_t m = 0;

	if (!nd)
		return s->maxoff;
	for (size_t j = 0; j < n; j++)
		if (__builtin_strlen(nd[j].s) - 1 > m)
			m = __builtin_strlen(nd[j].s) - 1;
	return m;
}

#ifdef SIFT_X86
/* One loop for SSE2 and AVX2: V the vector type, W its width. */
#define SIFT_KERNEL(NAME, TARGET, V, W, LOAD, OR, SET1, CMPEQ, AND, MASK, ZERO)                    \
	SIFT_INLINE __attribute__((target(TARGET))) unsigned NAME(                                 \
		const struct sift *s, const struct sift_needle *nd, size_t n,                      \
		const unsigned char *buf, size_t len, sift_fn *fn, void *ctx)                      \
	{                                                                                          \
		size_t i = 0, maxoff = sift_maxoff_(s, nd, n);                                     \
		V high = ZERO();                                                                   \
		for (; i + W + maxoff <= len; i += W) {                                            \
			V d = LOAD(buf + i), acc = ZERO();                                         \
			unsigned m;                                                                \
			high = OR(high, d);                                                        \
			_Pragma("GCC unroll 8") for (size_t j = 0; j < n; j++)                     \
			{                                                                          \
				size_t pa = sift_pa_(s, nd, j), pb = sift_pb_(s, nd, j);           \
				V x = pa ? LOAD(buf + i + pa) : d, y = LOAD(buf + i + pb);         \
				if (sift_fold_(s, nd, j, 0))                                       \
					x = OR(x, SET1(0x20));                                     \
				if (sift_fold_(s, nd, j, 1))                                       \
					y = OR(y, SET1(0x20));                                     \
				acc = OR(acc, AND(CMPEQ(x, SET1((char)sift_byte_(s, nd, j, 0))),   \
						  CMPEQ(y, SET1((char)sift_byte_(s, nd, j, 1))))); \
			}                                                                          \
			m = (unsigned)MASK(acc);                                                   \
			while (m) {                                                                \
				size_t off = i + (size_t)__builtin_ctz(m);                         \
				m &= m - 1;                                                        \
				if (sift_report_(s, buf, len, off, fn, ctx))                       \
					return SIFT_STOPPED;                                       \
			}                                                                          \
		}                                                                                  \
		return (MASK(high) ? SIFT_HIGH : 0) | sift_tail_(s, buf, len, i, fn, ctx);         \
	}

#define SIFT_LOAD128(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define SIFT_LOAD256(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))

SIFT_KERNEL(sift_kernel_sse2, "sse2", __m128i, 16, SIFT_LOAD128, _mm_or_si128, _mm_set1_epi8,
	    _mm_cmpeq_epi8, _mm_and_si128, _mm_movemask_epi8, _mm_setzero_si128)
SIFT_KERNEL(sift_kernel_avx2, "avx2", __m256i, 32, SIFT_LOAD256, _mm256_or_si256, _mm256_set1_epi8,
	    _mm256_cmpeq_epi8, _mm256_and_si256, _mm256_movemask_epi8, _mm256_setzero_si256)

/* AVX-512 compares into mask registers: the pairs are integer ANDs. */
SIFT_INLINE __attribute__((target("avx512f,avx512bw"))) unsigned
sift_kernel_avx512(const struct sift *s, const struct sift_needle *nd, size_t n,
		   const unsigned char *buf, size_t len, sift_fn *fn, void *ctx)
{
	size_t i = 0, maxoff = sift_maxoff_(s, nd, n);
	__m512i high = _mm512_setzero_si512();

	for (; i + 64 + maxoff <= len; i += 64) {
		__m512i d = _mm512_loadu_si512((const void *)(buf + i));
		unsigned long long m = 0;
		high = _mm512_or_si512(high, d);
		_Pragma("GCC unroll 8") for (size_t j = 0; j < n; j++)
		{
			size_t pa = sift_pa_(s, nd, j), pb = sift_pb_(s, nd, j);
			__m512i x = pa ? _mm512_loadu_si512((const void *)(buf + i + pa)) : d;
			__m512i y = _mm512_loadu_si512((const void *)(buf + i + pb));
			if (sift_fold_(s, nd, j, 0))
				x = _mm512_or_si512(x, _mm512_set1_epi8(0x20));
			if (sift_fold_(s, nd, j, 1))
				y = _mm512_or_si512(y, _mm512_set1_epi8(0x20));
			m |= _mm512_cmpeq_epi8_mask(
				     x, _mm512_set1_epi8((char)sift_byte_(s, nd, j, 0))) &
			     _mm512_cmpeq_epi8_mask(
				     y, _mm512_set1_epi8((char)sift_byte_(s, nd, j, 1)));
		}
		while (m) {
			size_t off = i + (size_t)__builtin_ctzll(m);
			m &= m - 1;
			if (sift_report_(s, buf, len, off, fn, ctx))
				return SIFT_STOPPED;
		}
	}
	return (_mm512_movepi8_mask(high) ? SIFT_HIGH : 0) | sift_tail_(s, buf, len, i, fn, ctx);
}
#endif

/*
 * SIFT_DEFINE(name, table): defines
 *   static unsigned name(const struct sift *s, const char *buf, size_t len,
 *                        sift_fn *fn, void *ctx);
 * a pass compiled for the constant array `table` (s must be
 * sift_init(table)), choosing AVX-512, AVX2 or SSE2 at run time.
 */
#ifdef SIFT_X86
#define SIFT_DEFINE(name, table)                                                                   \
	__attribute__((target("avx512f,avx512bw"))) static unsigned name##_avx512(                 \
		const struct sift *s, const unsigned char *b, size_t len, sift_fn *fn, void *ctx)  \
	{                                                                                          \
		return sift_kernel_avx512(s, table, sizeof(table) / sizeof(table[0]), b, len, fn,  \
					  ctx);                                                    \
	}                                                                                          \
	__attribute__((target("avx2"))) static unsigned name##_avx2(                               \
		const struct sift *s, const unsigned char *b, size_t len, sift_fn *fn, void *ctx)  \
	{                                                                                          \
		return sift_kernel_avx2(s, table, sizeof(table) / sizeof(table[0]), b, len, fn,    \
					ctx);                                                      \
	}                                                                                          \
	static unsigned name(const struct sift *s, const char *buf, size_t len, sift_fn *fn,       \
			     void *ctx)                                                            \
	{                                                                                          \
		const unsigned char *b = (const unsigned char *)buf;                               \
		switch (sift_best_()) {                                                            \
		case 3:                                                                            \
			return name##_avx512(s, b, len, fn, ctx);                                  \
		case 2:                                                                            \
			return name##_avx2(s, b, len, fn, ctx);                                    \
		default:                                                                           \
			return sift_kernel_sse2(s, table, sizeof(table) / sizeof(table[0]), b,     \
						len, fn, ctx);                                     \
		}                                                                                  \
	}
#else
#define SIFT_DEFINE(name, table)                                                                   \
	static unsigned name(const struct sift *s, const char *buf, size_t len, sift_fn *fn,       \
			     void *ctx)                                                            \
	{                                                                                          \
		return sift_scan(s, buf, len, fn, ctx);                                            \
	}
#endif

#endif
