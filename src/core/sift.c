/*
 * sift.c - see sift.h. Three implementations of one loop: AVX2 (chosen at
 * run time where the CPU has it), SSE2 (every x86-64) and plain C (other
 * machines, and the tail of every buffer). They must find the same matches:
 * t/unit/core_sift.c compares them on random buffers.
 */
#include <string.h>

#include "core/sift.h"
#include "core/sift_kernel.h"
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
		o->pa = v[i].pa;
		o->pb = v[i].pa || v[i].pb ? v[i].pb : o->len - 1;
		f = (unsigned char)o->s[o->pa];
		l = (unsigned char)o->s[o->pb];
		o->afold = o->icase && is_alpha(f) ? 0x20 : 0;
		o->bfold = o->icase && is_alpha(l) ? 0x20 : 0;
		o->a = f | o->afold;
		o->b = l | o->bfold;
		if (o->len - 1 > s->maxoff)
			s->maxoff = o->len - 1;
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
int sift_report_(const struct sift *s, const unsigned char *buf, size_t len, size_t off,
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
unsigned sift_tail_(const struct sift *s, const unsigned char *buf, size_t len, size_t from,
		    sift_fn *fn, void *ctx)
{
	unsigned r = 0;

	for (size_t i = from; i < len; i++) {
		if (buf[i] & 0x80)
			r |= SIFT_HIGH;
		for (size_t j = 0; j < s->n; j++) {
			const struct sift_one *o = &s->v[j];
			if (i + o->len <= len && (buf[i + o->pa] | o->afold) == o->a &&
			    (buf[i + o->pb] | o->bfold) == o->b && match_at(o, buf + i)) {
				if (fn(ctx, j, i))
					return r | SIFT_STOPPED;
			}
		}
	}
	return r;
}

#ifdef SIFT_X86
/* the run-time needle set through the same kernels (sift_kernel.h) */
static unsigned scan_sse2(const struct sift *s, const unsigned char *buf, size_t len, sift_fn *fn,
			  void *ctx)
{
	return sift_kernel_sse2(s, NULL, s->n, buf, len, fn, ctx);
}

__attribute__((target("avx2"))) static unsigned
scan_avx2(const struct sift *s, const unsigned char *buf, size_t len, sift_fn *fn, void *ctx)
{
	return sift_kernel_avx2(s, NULL, s->n, buf, len, fn, ctx);
}

__attribute__((target("avx512f,avx512bw"))) static unsigned
scan_avx512(const struct sift *s, const unsigned char *buf, size_t len, sift_fn *fn, void *ctx)
{
	return sift_kernel_avx512(s, NULL, s->n, buf, len, fn, ctx);
}
#endif

int sift_best_(void)
{
	static int best = -1;

	if (best < 0) {
#ifdef SIFT_X86
		best = __builtin_cpu_supports("avx512bw") ? 3
		       : __builtin_cpu_supports("avx2")	  ? 2
							  : 1;
#else
		best = 0;
#endif
	}
	return best;
}

/* For the unit test: 0 plain C, 1 SSE2, 2 AVX2, 3 AVX-512, -1 the best this CPU has. */
unsigned sift_scan_with(int impl, const struct sift *s, const char *buf, size_t len, sift_fn *fn,
			void *ctx);

unsigned sift_scan_with(int impl, const struct sift *s, const char *buf, size_t len, sift_fn *fn,
			void *ctx)
{
	const unsigned char *b = (const unsigned char *)buf;

	if (impl < 0 || impl > sift_best_())
		impl = sift_best_();
#ifdef SIFT_X86
	if (impl == 3)
		return scan_avx512(s, b, len, fn, ctx);
	if (impl == 2)
		return scan_avx2(s, b, len, fn, ctx);
	if (impl == 1)
		return scan_sse2(s, b, len, fn, ctx);
#endif
	return sift_tail_(s, b, len, 0, fn, ctx);
}

unsigned sift_scan(const struct sift *s, const char *buf, size_t len, sift_fn *fn, void *ctx)
{
	return sift_scan_with(-1, s, buf, len, fn, ctx);
}
