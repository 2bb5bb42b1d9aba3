/*
 * prefilter.c - multi-literal prefilter and newline counting for explain; see
 * prefilter.h. Wu-Manber with 4-byte blocks (hashed to 16 bits) over a 12-byte
 * window per literal, so the scan skips up to 9 bytes at a time. The
 * window is not always the literal's first 12 bytes: a window whose last
 * block is common in English ("ing ") would stop the scan all the time, so
 * each literal uses the window whose last block looks rarest.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "explain/prefilter.h"
#include "core/xalloc.h"
#include "core/banned.h"

#define SCAN_BLOCK 4

/* Hash of the 4 bytes ending at p (inclusive). */
static inline unsigned block_hash(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p - (SCAN_BLOCK - 1), sizeof(v));
	return (v * 0x9e3779b1u) >> 16;
}

struct explain_scanner {
	uint8_t shift[65536];
	uint8_t head[256];  /* per low byte of a window's last block hash: literal index + 1 */
	uint8_t next[256];  /* chain: literal index + 1 */
	uint16_t tail[256]; /* hash of each literal's last window block */
	uint8_t off[256];   /* where the window starts in the literal */
	const char *lit[256];
	size_t len[256];
	size_t n;
	size_t maxoff; /* the largest window offset */
};

/*
 * What ordinary input looks like: provider and SDK trace lines, plan output.
 * A window whose blocks are common here would stop the scan all the time.
 */
static const char typical[] =
	"2024-01-05T10:00:00.000Z [TRACE] provider.terraform-provider-aws: Served request: "
	"tf_proto_version=5.4 tf_provider_addr=registry.terraform.io/hashicorp/aws "
	"tf_req_id=0a1b2c3d tf_rpc=ReadResource tf_resource_type=aws_s3_bucket @module=sdk.proto "
	"@caller=github.com/hashicorp/terraform-plugin-go/tfprotov5/tf5server/server.go\n"
	"[DEBUG] provider.terraform-provider-aws: HTTP Request Sent: "
	"aws.operation=DescribeInstances "
	"aws.region=eu-west-1 aws.service=EC2 http.method=POST http.url=https://ec2.eu-west-1 "
	"http.request.header.authorization=\"AWS4-HMAC-SHA256 Credential=AKIA/20240105/eu-west-1/"
	"ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=*****\" "
	"http.request.header.x_amz_date=20240105T100000Z http.request.header.content_type="
	"application/x-www-form-urlencoded http.user_agent=\"APN/1.0 HashiCorp/1.0 Terraform\"\n"
	"[DEBUG] provider.terraform-provider-aws: HTTP Response Received: http.status_code=200 "
	"http.response.header.x_amzn_requestid=0a1b http.duration=120 http.response.body=\n"
	"[TRACE] vertex \"aws_s3_bucket.logs\": visit complete, with no errors; evaluating the "
	"configuration of the resource and its dependencies before the graph walk continues\n"
	"aws_instance.web: Refreshing state... [id=i-0a1b2c3d]\n"
	"Terraform used the selected providers to generate the following execution plan. "
	"Resource actions are indicated with the following symbols: + create\n"
	"Terraform will perform the following actions: # aws_instance.web will be created "
	"+ resource \"aws_instance\" \"web\" { + ami = \"ami-0abc\" + tags = { } }\n"
	"Plan: 1 to add, 0 to change, 0 to destroy. Error: reading, creating, updating\n";

/* The window start whose blocks, above all its last one, are rarest in typical input. */
static size_t best_window(const uint16_t *counts, const char *s, size_t len)
{
	size_t best = 0, best_cost = (size_t)-1;

	for (size_t o = 0; o + SCAN_WINDOW <= len && o < 250; o++) {
		size_t cost = 0;
		for (size_t j = SCAN_BLOCK - 1; j < SCAN_WINDOW; j++) {
			size_t c = counts[block_hash((const unsigned char *)s + o + j)];
			/* a block near the end stops the scan with a small shift */
			cost += c * (j + 1) * (j == SCAN_WINDOW - 1 ? 8 : 1);
		}
		if (cost < best_cost) {
			best_cost = cost;
			best = o;
		}
	}
	return best;
}

struct explain_scanner *scan_new(const char *const *lits, size_t n)
{
	struct explain_scanner *s;
	uint16_t *counts;

	if (n > 255)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strlen(lits[i]) < SCAN_WINDOW)
			return NULL;
	s = xcalloc(1, sizeof(*s));
	counts = xcalloc(65536, sizeof(*counts));
	for (size_t i = SCAN_BLOCK - 1; i < sizeof(typical) - 1; i++)
		counts[block_hash((const unsigned char *)typical + i)]++;
	memset(s->shift, SCAN_WINDOW - SCAN_BLOCK + 1, sizeof(s->shift));
	s->n = n;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *w;
		unsigned h = 0;

		s->lit[i] = lits[i];
		s->len[i] = strlen(lits[i]);
		s->off[i] = (uint8_t)best_window(counts, lits[i], s->len[i]);
		if (s->off[i] > s->maxoff)
			s->maxoff = s->off[i];
		w = (const unsigned char *)lits[i] + s->off[i];
		for (size_t j = SCAN_BLOCK - 1; j < SCAN_WINDOW; j++) {
			uint8_t sh = (uint8_t)(SCAN_WINDOW - 1 - j);
			h = block_hash(w + j);
			if (s->shift[h] > sh)
				s->shift[h] = sh;
		}
		s->tail[i] = (uint16_t)h;
		s->next[i] = s->head[h & 0xff];
		s->head[h & 0xff] = (uint8_t)(i + 1);
	}
	free(counts);
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
		unsigned h = block_hash(t + pos);
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

#define LANES 4

static void hit_add(struct scan_hits *out, size_t lane, size_t pos, size_t which)
{
	ALLOC_GROW(out->lane[lane].v, out->lane[lane].nr + 1, out->lane[lane].alloc);
	out->lane[lane].v[out->lane[lane].nr].pos = pos;
	out->lane[lane].v[out->lane[lane].nr].which = which;
	out->lane[lane].nr++;
}

/* The literals whose window ends at pos; only starts in [lo, hi) count. */
static void check_at(const struct explain_scanner *s, const unsigned char *t, size_t pos,
		     unsigned h, size_t lo, size_t hi, size_t len, struct scan_hits *out,
		     size_t lane)
{
	for (unsigned k = s->head[h & 0xff]; k; k = s->next[k - 1]) {
		size_t i = k - 1, wstart = pos - (SCAN_WINDOW - 1), start;

		if (s->tail[i] != h || wstart < lo + s->off[i])
			continue;
		start = wstart - s->off[i];
		if (start < hi && start + s->len[i] <= len &&
		    !memcmp(t + start, s->lit[i], s->len[i]))
			hit_add(out, lane, start, i);
	}
}

static int hit_before(const struct scan_hit *x, const struct scan_hit *y)
{
	return x->pos < y->pos || (x->pos == y->pos && x->which < y->which);
}

/*
 * Lanes hold disjoint, increasing ranges of start positions, and inside a
 * lane hits come in window-end order, which differs from start order only
 * when two literals with different window offsets overlap: an insertion
 * sort of the concatenation is linear in practice.
 */
static void hits_merge(struct scan_hits *out, size_t lanes)
{
	size_t first = out->nr;

	for (size_t k = 0; k < lanes; k++) {
		ALLOC_GROW(out->v, out->nr + out->lane[k].nr, out->alloc);
		if (out->lane[k].nr)
			memcpy(out->v + out->nr, out->lane[k].v, out->lane[k].nr * sizeof(*out->v));
		out->nr += out->lane[k].nr;
		out->lane[k].nr = 0;
	}
	for (size_t i = first + 1; i < out->nr; i++) {
		struct scan_hit h = out->v[i];
		size_t j = i;
		while (j > first && hit_before(&h, &out->v[j - 1])) {
			out->v[j] = out->v[j - 1];
			j--;
		}
		out->v[j] = h;
	}
}

void scan_collect(const struct explain_scanner *s, const char *buf, size_t from, size_t len,
		  struct scan_hits *out)
{
	const unsigned char *t = (const unsigned char *)buf;
	size_t n, lanes, lo[LANES], hi[LANES], p[LANES], stop[LANES];

	if (from >= len || len - from < SCAN_WINDOW)
		return;
	n = len - from;
	lanes = n < 4096 ? 1 : LANES;
	for (size_t k = 0; k < lanes; k++) {
		lo[k] = from + n * k / lanes;
		hi[k] = k + 1 == lanes ? len : from + n * (k + 1) / lanes;
		p[k] = lo[k] + SCAN_WINDOW - 1;
		/* a literal starting just before hi has its window end later */
		stop[k] = hi[k] + s->maxoff + SCAN_WINDOW - 1;
		if (stop[k] > len)
			stop[k] = len;
	}
	if (lanes == LANES) {
		/* scalars, so that the four walks live in registers */
		const uint8_t *shift = s->shift;
		size_t p0 = p[0], p1 = p[1], p2 = p[2], p3 = p[3];
		const size_t e0 = stop[0], e1 = stop[1], e2 = stop[2], e3 = stop[3];

		while (p0 < e0 && p1 < e1 && p2 < e2 && p3 < e3) {
			unsigned h0 = block_hash(t + p0), h1 = block_hash(t + p1);
			unsigned h2 = block_hash(t + p2), h3 = block_hash(t + p3);
			unsigned s0 = shift[h0], s1 = shift[h1], s2 = shift[h2], s3 = shift[h3];

			if (__builtin_expect(!(s0 && s1 && s2 && s3), 0)) {
				if (!s0) {
					check_at(s, t, p0, h0, lo[0], hi[0], len, out, 0);
					s0 = 1;
				}
				if (!s1) {
					check_at(s, t, p1, h1, lo[1], hi[1], len, out, 1);
					s1 = 1;
				}
				if (!s2) {
					check_at(s, t, p2, h2, lo[2], hi[2], len, out, 2);
					s2 = 1;
				}
				if (!s3) {
					check_at(s, t, p3, h3, lo[3], hi[3], len, out, 3);
					s3 = 1;
				}
			}
			p0 += s0;
			p1 += s1;
			p2 += s2;
			p3 += s3;
		}
		p[0] = p0;
		p[1] = p1;
		p[2] = p2;
		p[3] = p3;
	}
	for (size_t k = 0; k < lanes; k++) {
		while (p[k] < stop[k]) {
			unsigned h = block_hash(t + p[k]), sh = s->shift[h];
			if (!sh) {
				check_at(s, t, p[k], h, lo[k], hi[k], len, out, k);
				sh = 1;
			}
			p[k] += sh;
		}
	}
	hits_merge(out, lanes);
}

void scan_hits_release(struct scan_hits *h)
{
	if (!h)
		return;
	free(h->v);
	for (size_t k = 0; k < LANES; k++)
		free(h->lane[k].v);
	memset(h, 0, sizeof(*h));
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
