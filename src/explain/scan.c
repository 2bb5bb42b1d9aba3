/*
 * scan.c - multi-literal prefilter and newline counting for explain; see
 * scan.h. Wu-Manber with 3-byte blocks over an 8-byte window per literal.
 * The window is not always the literal's first 8 bytes: a window whose
 * last block is common in English ("ing") would stop the scan all the
 * time, so each literal uses the window whose last block looks rarest.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "explain/scan.h"
#include "core/xalloc.h"
#include "core/banned.h"

#define SCAN_BLOCK 3
#define SCAN_HASH(a, b, c) ((((unsigned)(a) << 10) ^ ((unsigned)(b) << 5) ^ (unsigned)(c)) & 0xffffu)

struct explain_scanner {
	uint8_t shift[65536];
	uint8_t head[256];   /* per low byte of a window's last block hash: literal index + 1 */
	uint8_t next[256];   /* chain: literal index + 1 */
	uint16_t tail[256];  /* hash of each literal's last window block */
	uint8_t off[256];    /* where the window starts in the literal */
	const char *lit[256];
	size_t len[256];
	size_t n;
};

static int char_score(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return 1;
	if (c == ' ')
		return 0;
	return 3;
}

/* The window start whose last block is least likely in ordinary text. */
static size_t best_window(const char *s, size_t len)
{
	size_t best = 0;
	int best_score = -1;

	for (size_t o = 0; o + SCAN_WINDOW <= len && o < 250; o++) {
		const unsigned char *t = (const unsigned char *)s + o + SCAN_WINDOW - SCAN_BLOCK;
		int sc = char_score(t[0]) + char_score(t[1]) + char_score(t[2]);
		if (sc > best_score) {
			best_score = sc;
			best = o;
		}
	}
	return best;
}

struct explain_scanner *scan_new(const char *const *lits, size_t n)
{
	struct explain_scanner *s;

	if (n > 255)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strlen(lits[i]) < SCAN_WINDOW)
			return NULL;
	s = xcalloc(1, sizeof(*s));
	memset(s->shift, SCAN_WINDOW - SCAN_BLOCK + 1, sizeof(s->shift));
	s->n = n;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *w;
		unsigned h = 0;

		s->lit[i] = lits[i];
		s->len[i] = strlen(lits[i]);
		s->off[i] = (uint8_t)best_window(lits[i], s->len[i]);
		w = (const unsigned char *)lits[i] + s->off[i];
		for (size_t j = SCAN_BLOCK - 1; j < SCAN_WINDOW; j++) {
			uint8_t sh = (uint8_t)(SCAN_WINDOW - 1 - j);
			h = SCAN_HASH(w[j - 2], w[j - 1], w[j]);
			if (s->shift[h] > sh)
				s->shift[h] = sh;
		}
		s->tail[i] = (uint16_t)h;
		s->next[i] = s->head[h & 0xff];
		s->head[h & 0xff] = (uint8_t)(i + 1);
	}
	return s;
}

void scan_free(struct explain_scanner *s)
{
	free(s);
}

size_t scan_find(const struct explain_scanner *s, const char *buf, size_t from, size_t len,
		 size_t *which)
{
	const unsigned char *t = (const unsigned char *)buf;
	size_t pos;

	if (from >= len || len - from < SCAN_WINDOW)
		return len;
	pos = from + SCAN_WINDOW - 1;
	while (pos < len) {
		unsigned h = SCAN_HASH(t[pos - 2], t[pos - 1], t[pos]);
		unsigned sh = s->shift[h];

		if (sh) {
			pos += sh;
			continue;
		}
		for (unsigned k = s->head[h & 0xff]; k; k = s->next[k - 1]) {
			size_t i = k - 1, wstart = pos - (SCAN_WINDOW - 1), start;

			if (s->tail[i] != h || wstart < from + s->off[i])
				continue;
			start = wstart - s->off[i];
			if (start + s->len[i] <= len && !memcmp(t + start, s->lit[i], s->len[i])) {
				if (which)
					*which = i;
				return start;
			}
		}
		pos++;
	}
	return len;
}

size_t scan_count_newlines(const char *p, size_t len)
{
	size_t n = 0, i = 0;
#ifdef __SSE2__
	const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();

	while (len - i >= 16 * 255) {
		__m128i acc = zero, sad;
		for (int k = 0; k < 255; k++, i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, nl));
		}
		sad = _mm_sad_epu8(acc, zero);
		n += (size_t)_mm_cvtsi128_si32(sad) + (size_t)_mm_extract_epi16(sad, 4);
	}
	for (; len - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		n += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)));
	}
#endif
	for (; i < len; i++)
		n += p[i] == '\n';
	return n;
}
