/*
 * sift.c - see sift.h. Three implementations of one loop: AVX2 (chosen at
 * run time where the CPU has it), SSE2 (every x86-64) and plain C (other
 * machines, and the tail of every buffer). They must find the same matches:
 * t/unit/core_sift.c compares them on random buffers.
 */
#include <string.h>

#if defined(__x86_64__) && defined(__SSE2__)
#include <immintrin.h>
#define SIFT_X86 1
#endif

#include "core/sift.h"
#include "core/banned.h"

static int is_alpha(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

void sift_init(struct sift *s, const struct sift_needle *v, size_t n)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < n && i < SIFT_MAX; i++) {
		struct sift_one *o = &s->v[s->n++];
		unsigned char f, l;

		o->s = v[i].s;
		o->len = strlen(v[i].s);
		o->icase = !!(v[i].flags & SIFT_ICASE);
		f = (unsigned char)o->s[0];
		l = (unsigned char)o->s[o->len - 1];
		o->ffold = o->icase && is_alpha(f) ? 0x20 : 0;
		o->lfold = o->icase && is_alpha(l) ? 0x20 : 0;
		o->first = f | o->ffold;
		o->last = l | o->lfold;
		if (o->len - 1 > s->maxlast)
			s->maxlast = o->len - 1;
	}
}

static int match_at(const struct sift_one *o, const unsigned char *p)
{
	for (size_t k = 0; k < o->len; k++) {
		unsigned char c = (unsigned char)o->s[k], b = p[k];
		if (c == '?')
			continue;
		if (o->icase && is_alpha(c) && is_alpha(b))
			c |= 0x20, b |= 0x20;
		if (c != b)
			return 0;
	}
	return 1;
}

/* Every needle at offset off; 1 when fn asked to stop. */
static int report(const struct sift *s, const unsigned char *buf, size_t len, size_t off,
		  sift_fn *fn, void *ctx)
{
	for (size_t j = 0; j < s->n; j++) {
		const struct sift_one *o = &s->v[j];
		if (off + o->len <= len && match_at(o, buf + off) && fn(ctx, j, off))
			return 1;
	}
	return 0;
}

/* Offsets from..len one at a time. */
static unsigned scan_tail(const struct sift *s, const unsigned char *buf, size_t len, size_t from,
			  sift_fn *fn, void *ctx)
{
	unsigned r = 0;

	for (size_t i = from; i < len; i++) {
		unsigned char b = buf[i];
		if (b & 0x80)
			r |= SIFT_HIGH;
		for (size_t j = 0; j < s->n; j++) {
			const struct sift_one *o = &s->v[j];
			if ((b | o->ffold) == o->first && i + o->len <= len &&
			    (buf[i + o->len - 1] | o->lfold) == o->last && match_at(o, buf + i)) {
				if (fn(ctx, j, i))
					return r | SIFT_STOPPED;
			}
		}
	}
	return r;
}

#ifdef SIFT_X86
static unsigned scan_sse2(const struct sift *s, const unsigned char *buf, size_t len, sift_fn *fn,
			  void *ctx)
{
	__m128i f[SIFT_MAX], l[SIFT_MAX], ff[SIFT_MAX], lf[SIFT_MAX];
	__m128i high = _mm_setzero_si128();
	size_t i = 0;

	for (size_t j = 0; j < s->n; j++) {
		f[j] = _mm_set1_epi8((char)s->v[j].first);
		l[j] = _mm_set1_epi8((char)s->v[j].last);
		ff[j] = _mm_set1_epi8((char)s->v[j].ffold);
		lf[j] = _mm_set1_epi8((char)s->v[j].lfold);
	}
	for (; i + 16 + s->maxlast <= len; i += 16) {
		__m128i d = _mm_loadu_si128((const __m128i *)(buf + i));
		unsigned m = 0;
		high = _mm_or_si128(high, d);
		for (size_t j = 0; j < s->n; j++) {
			__m128i e = _mm_loadu_si128((const __m128i *)(buf + i + s->v[j].len - 1));
			__m128i a = _mm_cmpeq_epi8(_mm_or_si128(d, ff[j]), f[j]);
			__m128i b = _mm_cmpeq_epi8(_mm_or_si128(e, lf[j]), l[j]);
			m |= (unsigned)_mm_movemask_epi8(_mm_and_si128(a, b));
		}
		while (m) {
			size_t off = i + (size_t)__builtin_ctz(m);
			m &= m - 1;
			if (report(s, buf, len, off, fn, ctx))
				return SIFT_STOPPED;
		}
	}
	return (_mm_movemask_epi8(high) ? SIFT_HIGH : 0) | scan_tail(s, buf, len, i, fn, ctx);
}

__attribute__((target("avx2"))) static unsigned
scan_avx2(const struct sift *s, const unsigned char *buf, size_t len, sift_fn *fn, void *ctx)
{
	__m256i f[SIFT_MAX], l[SIFT_MAX], ff[SIFT_MAX], lf[SIFT_MAX];
	__m256i high = _mm256_setzero_si256();
	size_t i = 0;

	for (size_t j = 0; j < s->n; j++) {
		f[j] = _mm256_set1_epi8((char)s->v[j].first);
		l[j] = _mm256_set1_epi8((char)s->v[j].last);
		ff[j] = _mm256_set1_epi8((char)s->v[j].ffold);
		lf[j] = _mm256_set1_epi8((char)s->v[j].lfold);
	}
	for (; i + 32 + s->maxlast <= len; i += 32) {
		__m256i d = _mm256_loadu_si256((const __m256i *)(buf + i));
		unsigned m = 0;
		high = _mm256_or_si256(high, d);
		for (size_t j = 0; j < s->n; j++) {
			__m256i e =
				_mm256_loadu_si256((const __m256i *)(buf + i + s->v[j].len - 1));
			__m256i a = _mm256_cmpeq_epi8(_mm256_or_si256(d, ff[j]), f[j]);
			__m256i b = _mm256_cmpeq_epi8(_mm256_or_si256(e, lf[j]), l[j]);
			m |= (unsigned)_mm256_movemask_epi8(_mm256_and_si256(a, b));
		}
		while (m) {
			size_t off = i + (size_t)__builtin_ctz(m);
			m &= m - 1;
			if (report(s, buf, len, off, fn, ctx))
				return SIFT_STOPPED;
		}
	}
	return (_mm256_movemask_epi8(high) ? SIFT_HIGH : 0) | scan_tail(s, buf, len, i, fn, ctx);
}

__attribute__((target("avx512bw"))) static unsigned
scan_avx512(const struct sift *s, const unsigned char *buf, size_t len, sift_fn *fn, void *ctx)
{
	__m512i f[SIFT_MAX], l[SIFT_MAX], ff[SIFT_MAX], lf[SIFT_MAX];
	__m512i high = _mm512_setzero_si512();
	size_t i = 0;

	for (size_t j = 0; j < s->n; j++) {
		f[j] = _mm512_set1_epi8((char)s->v[j].first);
		l[j] = _mm512_set1_epi8((char)s->v[j].last);
		ff[j] = _mm512_set1_epi8((char)s->v[j].ffold);
		lf[j] = _mm512_set1_epi8((char)s->v[j].lfold);
	}
	for (; i + 64 + s->maxlast <= len; i += 64) {
		__m512i d = _mm512_loadu_si512((const void *)(buf + i));
		unsigned long long m = 0;
		high = _mm512_or_si512(high, d);
		for (size_t j = 0; j < s->n; j++) {
			__m512i e = _mm512_loadu_si512((const void *)(buf + i + s->v[j].len - 1));
			__mmask64 a = _mm512_cmpeq_epi8_mask(_mm512_or_si512(d, ff[j]), f[j]);
			m |= _mm512_mask_cmpeq_epi8_mask(a, _mm512_or_si512(e, lf[j]), l[j]);
		}
		while (m) {
			size_t off = i + (size_t)__builtin_ctzll(m);
			m &= m - 1;
			if (report(s, buf, len, off, fn, ctx))
				return SIFT_STOPPED;
		}
	}
	return (_mm512_movepi8_mask(high) ? SIFT_HIGH : 0) | scan_tail(s, buf, len, i, fn, ctx);
}
#endif

/* For the unit test: 0 plain C, 1 SSE2, 2 AVX2, -1 the best this CPU has. */
unsigned sift_scan_with(int impl, const struct sift *s, const char *buf, size_t len, sift_fn *fn,
			void *ctx);

unsigned sift_scan_with(int impl, const struct sift *s, const char *buf, size_t len, sift_fn *fn,
			void *ctx)
{
	const unsigned char *b = (const unsigned char *)buf;

#ifdef SIFT_X86
	static int best = -1;
	if (best < 0)
		best = __builtin_cpu_supports("avx512bw") ? 3
		       : __builtin_cpu_supports("avx2")	  ? 2
							  : 1;
	if (impl < 0 || impl > best)
		impl = best;
	if (impl == 3)
		return scan_avx512(s, b, len, fn, ctx);
	if (impl == 2)
		return scan_avx2(s, b, len, fn, ctx);
	if (impl == 1)
		return scan_sse2(s, b, len, fn, ctx);
#endif
	return scan_tail(s, b, len, 0, fn, ctx);
}

unsigned sift_scan(const struct sift *s, const char *buf, size_t len, sift_fn *fn, void *ctx)
{
	return sift_scan_with(-1, s, buf, len, fn, ctx);
}
