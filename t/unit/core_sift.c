/*
 * core_sift.c - the one-pass needle finder: plain C, SSE2 and AVX2 must
 * report exactly what a naive search reports, on random buffers built to
 * hold many near misses, at every length around the vector widths.
 */
#include <stdlib.h>
#include <string.h>

#include "core/sift.h"
#include "core/sift_kernel.h"
#include "tap.h"

unsigned sift_scan_with(int impl, const struct sift *s, const char *buf, size_t len, sift_fn *fn,
			void *ctx);

struct log {
	size_t n, stop_after;
	size_t v[4096];
};

static int record(void *ctx, size_t needle, size_t off)
{
	struct log *l = ctx;
	if (l->n < 4096)
		l->v[l->n] = off * 16 + needle;
	l->n++;
	return l->stop_after && l->n >= l->stop_after;
}

static int eq_icase(char a, char b)
{
	unsigned char x = (unsigned char)a, y = (unsigned char)b;
	if (((x | 0x20) >= 'a' && (x | 0x20) <= 'z') && ((y | 0x20) >= 'a' && (y | 0x20) <= 'z'))
		return (x | 0x20) == (y | 0x20);
	return x == y;
}

static void naive(const struct sift_needle *nd, size_t n, const char *buf, size_t len,
		  struct log *l, unsigned *high)
{
	*high = 0;
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)buf[i] & 0x80)
			*high = SIFT_HIGH;
		for (size_t j = 0; j < n; j++) {
			size_t k, m = strlen(nd[j].s);
			if (i + m > len)
				continue;
			for (k = 0; k < m; k++) {
				char c = nd[j].s[k];
				if (c != '?' &&
				    !((nd[j].flags & SIFT_ICASE) ? eq_icase(c, buf[i + k])
								 : c == buf[i + k]))
					break;
			}
			if (k == m)
				record(l, j, i);
		}
	}
}

static const struct sift_needle needles[] = {
	{"A??A", 0},
	{"ecret", SIFT_ICASE},
	{"provider", 0},
	{"terraform", 0},
	{"AssumeRoleWithWebIdentity", 0},
	{":sub", 0, 0, 2},
	{":aud", 0, 0, 2},
};

/* the kernels production uses: compiled for a constant table (SIFT_DEFINE) */
SIFT_DEFINE(fixed, needles)

static unsigned fixed_with(int impl, const struct sift *s, const char *buf, size_t len, sift_fn *fn,
			   void *ctx)
{
#ifdef SIFT_X86
	const unsigned char *b = (const unsigned char *)buf;
	if (impl == 3 && sift_best_() >= 3)
		return fixed_avx512(s, b, len, fn, ctx);
	if (impl == 2 && sift_best_() >= 2)
		return fixed_avx2(s, b, len, fn, ctx);
	if (impl == 1)
		return sift_kernel_sse2(s, needles, sizeof(needles) / sizeof(needles[0]), b, len,
					fn, ctx);
#endif
	return fixed(s, buf, len, fn, ctx);
}

static void fill(char *buf, size_t len, unsigned seed)
{
	/* an alphabet of the needles' own bytes, so partial matches abound */
	static const char alpha[] =
		"AKISeEcCrRtTprovidertfmsub:dAssumeRoleWithWebIdentity\n \x80\xff";
	srand(seed);
	for (size_t i = 0; i < len; i++)
		buf[i] = alpha[(size_t)rand() % (sizeof(alpha) - 1)];
	/* and whole needles at random places */
	for (int k = 0; k < 6 && len > 30; k++) {
		const char *s = needles[(size_t)rand() % 7].s;
		size_t m = strlen(s), at = (size_t)rand() % (len - m);
		memcpy(buf + at, s, m);
	}
}

int main(void)
{
	static char buf[1200];
	static struct log want, got;
	struct sift s;
	int bad[4] = {0, 0, 0, 0}, badfixed[4] = {0, 0, 0, 0};
	unsigned whigh = 0, ghigh;

	plan_lazy();
	sift_init(&s, needles, 7);
	for (unsigned seed = 1; seed <= 3000; seed++) {
		size_t len = seed < 200 ? seed : (size_t)(seed * 7) % sizeof(buf);
		fill(buf, len, seed);
		want.n = 0;
		naive(needles, 7, buf, len, &want, &whigh);
		for (int impl = 0; impl < 4; impl++) {
			got.n = 0;
			ghigh = sift_scan_with(impl, &s, buf, len, record, &got);
			if (got.n != want.n || (ghigh & SIFT_HIGH) != whigh ||
			    memcmp(got.v, want.v, (want.n < 4096 ? want.n : 4096) * sizeof(size_t)))
				bad[impl]++;
			got.n = 0;
			ghigh = fixed_with(impl, &s, buf, len, record, &got);
			if (got.n != want.n || (ghigh & SIFT_HIGH) != whigh ||
			    memcmp(got.v, want.v, (want.n < 4096 ? want.n : 4096) * sizeof(size_t)))
				badfixed[impl]++;
		}
	}
	is_int(bad[0], 0, "plain C finds what a naive search finds (3000 random buffers)");
	is_int(bad[1], 0, "SSE2 finds the same (plain C where the CPU lacks it)");
	is_int(bad[2], 0, "AVX2 finds the same (the best the CPU has where it lacks AVX2)");
	is_int(bad[3], 0, "AVX-512 finds the same (the best the CPU has where it lacks it)");
	is_int(badfixed[0] + badfixed[1], 0, "SIFT_DEFINE's compiled SSE2 kernel finds the same");
	is_int(badfixed[2], 0, "and its AVX2 kernel (where the CPU has AVX2)");
	is_int(badfixed[3], 0, "and its AVX-512 kernel (where the CPU has it)");

	/* stopping */
	memset(buf, 'x', 500);
	memcpy(buf + 10, "provider", 8);
	memcpy(buf + 300, "provider", 8);
	got.n = 0;
	got.stop_after = 1;
	ghigh = sift_scan(&s, buf, 500, record, &got);
	is_int(got.n, 1, "a nonzero return stops the pass");
	ok(ghigh & SIFT_STOPPED, "and says so");
	is_int(got.v[0], 10 * 16 + 2, "at the first match");
	got.stop_after = 0;

	/* case folding applies to letters only, and only to ICASE needles */
	got.n = 0;
	sift_scan(&s, "SECRET sEcReT Provider", 22, record, &got);
	is_int(got.n, 2, "ICASE needle matches any case; the exact one does not");
	got.n = 0;
	sift_scan(&s,
		  "xA\x80\xff"
		  "Ax",
		  6, record, &got);
	is_int(got.n, 1, "'?' matches any byte, even one >= 0x80");
	return done_testing();
}
