/*
 * textkeys.c - hardcoded AWS keys in any text file (see textkeys.h).
 *
 * Fast path first: one pass over the file (core/sift.h) finds where a key
 * id could start ("A??A": every id prefix has that shape) and the context
 * word "ecret"/"ECRET"; only around those hits do we look at single
 * characters. Secrets are reported only on a line that
 * names an AWS secret or within three lines of a key id, which keeps git
 * hashes, base64 blobs and checksums out. AWS's documentation examples
 * (AKIAIOSFODNN7EXAMPLE) are not leaks and are not reported.
 */
#include <string.h>
#include <stdlib.h>

#include "aws/keyfmt.h"
#include "checks/textkeys.h"
#include "core/redact.h"
#include "core/sift_kernel.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

#define PAIR_LINES 3
#define MAX_HITS TEXTKEYS_MAX_HITS

struct hit {
	size_t off;
	unsigned line, col;
	int paired;
};

static int b32(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
}

static int alnum(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int b64(unsigned char c)
{
	return alnum(c) || c == '+' || c == '/';
}

int textkeys_is_key_id(const char *p, size_t len)
{
	if (len != 20)
		return 0;
	if (memcmp(p, "AKIA", 4) && memcmp(p, "ASIA", 4) && memcmp(p, "ABIA", 4) &&
	    memcmp(p, "ACCA", 4))
		return 0;
	for (size_t i = 4; i < 20; i++)
		if (!b32((unsigned char)p[i]))
			return 0;
	return 1;
}

int textkeys_is_secret(const char *p, size_t len)
{
	int up = 0, lo = 0, dig = 0, hexonly = 1;

	if (len != 40)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (!b64(c))
			return 0;
		up |= c >= 'A' && c <= 'Z';
		lo |= c >= 'a' && c <= 'z';
		dig |= c >= '0' && c <= '9';
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			hexonly = 0;
	}
	/* secrets are random base64: upper and lower case, never only hex */
	return !hexonly && up && lo && (dig || memchr(p, '/', len) || memchr(p, '+', len));
}

/* line and column (1-based, bytes) of off; lines counted incrementally */
struct cursor {
	const char *buf;
	size_t off, bol;
	unsigned line;
};

static void cursor_seek(struct cursor *c, size_t off)
{
	if (off < c->off) {
		c->off = c->bol = 0;
		c->line = 1;
	}
	while (c->off < off) {
		const char *nl = memchr(c->buf + c->off, '\n', off - c->off);
		if (!nl) {
			c->off = off;
			break;
		}
		c->line++;
		c->off = c->bol = (size_t)(nl - c->buf) + 1;
	}
}

static size_t line_start(const char *buf, size_t off)
{
	while (off > 0 && buf[off - 1] != '\n')
		off--;
	return off;
}

static size_t line_end(const char *buf, size_t len, size_t off)
{
	const char *nl = memchr(buf + off, '\n', len - off);
	return nl ? (size_t)(nl - buf) : len;
}

static int already(const struct findings *fs, const char *path, unsigned line)
{
	for (size_t i = 0; i < fs->nr; i++) {
		const struct finding *f = fs->v[i];
		if ((f->id == F_TF_HARDCODED_ACCESS_KEY || f->id == F_TF_HARDCODED_SECRET_KEY) &&
		    f->where.line == line && f->where.name && !strcmp(f->where.name, path))
			return 1;
	}
	return 0;
}

/* Find 40-character secrets in [s, e) of buf. */
static size_t find_secrets(const char *buf, size_t s, size_t e, struct hit *out, size_t n,
			   size_t max)
{
	size_t i = s;

	while (i + 40 <= e && n < max) {
		if (!b64((unsigned char)buf[i]) || (i > s && b64((unsigned char)buf[i - 1]))) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < e && b64((unsigned char)buf[j]))
			j++;
		if (j - i == 40 && (j == e || buf[j] != '=') && textkeys_is_secret(buf + i, 40) &&
		    !secret_is_example(buf + i, 40)) {
			int dup = 0;
			for (size_t k = 0; k < n; k++)
				dup |= out[k].off == i;
			if (!dup)
				out[n++] = (struct hit){i, 0, 0, 0};
		}
		i = j + 1;
	}
	return n;
}

static void fill_pos(const char *buf, struct hit *h, size_t n)
{
	struct cursor c = {buf, 0, 0, 1};

	for (size_t i = 0; i < n; i++) {
		cursor_seek(&c, h[i].off);
		h[i].line = c.line;
		h[i].col = (unsigned)(h[i].off - c.bol) + 1;
	}
}

static int hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

const struct sift_needle textkeys_needles[TEXTKEYS_NEEDLES] = {
	{"A??A", 0}, {"ecret", SIFT_ICASE, 2, 4}, /* "r?t": rarer than "e...t" */
};

void textkeys_cand_init(struct textkeys_cand *c)
{
	c->nid = c->nline = c->more_from = 0;
}

void textkeys_cand_hit(struct textkeys_cand *c, const char *buf, size_t len, size_t needle,
		       size_t off)
{
	if (needle == 0) {
		const char *p = buf + off;
		if (c->nid < MAX_HITS && off + 20 <= len && textkeys_is_key_id(p, 20) &&
		    !keyid_is_example(p, 20) && (off == 0 || !alnum((unsigned char)p[-1])) &&
		    (off + 20 == len || !alnum((unsigned char)p[20])))
			c->id[c->nid++] = off;
	} else if (!memcmp(buf + off, "ecret", 5) || !memcmp(buf + off, "ECRET", 5)) {
		size_t s = line_start(buf, off);
		if (c->nline && c->line[c->nline - 1] == s)
			return;
		if (c->nline < TEXTKEYS_MAX_LINES)
			c->line[c->nline++] = s;
		else if (!c->more_from)
			c->more_from = s;
	}
}

SIFT_DEFINE(textkeys_sift, textkeys_needles)

static int cand_hit(void *ctx, size_t needle, size_t off)
{
	struct {
		struct textkeys_cand *c;
		const char *buf;
		size_t len;
	} *a = ctx;
	textkeys_cand_hit(a->c, a->buf, a->len, needle, off);
	return 0;
}

size_t textkeys_scan(const char *path, const char *buf, size_t len, const char *kind,
		     struct findings *fs)
{
	return textkeys_scan_cand(path, buf, len, kind, NULL, fs);
}

size_t textkeys_scan_cand(const char *path, const char *buf, size_t len, const char *kind,
			  const struct textkeys_cand *cand, struct findings *fs)
{
	struct hit ids[MAX_HITS], secs[MAX_HITS];
	size_t nid = 0, nsec = 0, added = 0;
	struct textkeys_cand own;

	if (!cand) {
		struct sift sf;
		struct {
			struct textkeys_cand *c;
			const char *buf;
			size_t len;
		} a = {&own, buf, len};
		sift_init(&sf, textkeys_needles, TEXTKEYS_NEEDLES);
		textkeys_cand_init(&own);
		textkeys_sift(&sf, buf, len, cand_hit, &a);
		cand = &own;
	}
	/* key ids */
	for (size_t i = 0; i < cand->nid; i++)
		ids[nid++] = (struct hit){cand->id[i], 0, 0, 0};
	/* secrets: on lines with a context word */
	for (size_t i = 0; i < cand->nline && nsec < MAX_HITS; i++)
		nsec = find_secrets(buf, cand->line[i], line_end(buf, len, cand->line[i]), secs,
				    nsec, MAX_HITS);
	if (cand->more_from) {
		/* more lines than the candidate list holds: the slow way from there */
		for (int w = 0; w < 2; w++) {
			const char *word = w ? "ECRET" : "ecret", *p = buf + cand->more_from;
			const char *end = buf + len;
			while (nsec < MAX_HITS && (p = memmem(p, (size_t)(end - p), word, 5))) {
				size_t off = (size_t)(p - buf);
				size_t s = line_start(buf, off), e = line_end(buf, len, off);
				nsec = find_secrets(buf, s, e, secs, nsec, MAX_HITS);
				p = buf + e;
			}
		}
	}
	/* secrets near key ids, even without a context word */
	for (size_t i = 0; i < nid; i++) {
		size_t s = line_start(buf, ids[i].off), e = ids[i].off;
		for (int k = 0; k < PAIR_LINES && s > 0; k++)
			s = line_start(buf, s - 1);
		for (int k = 0; k <= PAIR_LINES && e < len; k++)
			e = line_end(buf, len, e) + (k < PAIR_LINES);
		if (e > len)
			e = len;
		nsec = find_secrets(buf, s, e, secs, nsec, MAX_HITS);
	}
	qsort(secs, nsec, sizeof(secs[0]), hit_cmp);
	fill_pos(buf, ids, nid);
	fill_pos(buf, secs, nsec);

	for (size_t i = 0; i < nid; i++) {
		char id[21], acct[13], *masked;
		struct origin o = ORIGIN_AT(path, ids[i].line, ids[i].col);
		struct finding *f;
		long pair = -1;

		for (size_t k = 0; k < nsec; k++) {
			long d = (long)secs[k].line - (long)ids[i].line;
			if (!secs[k].paired && d >= -PAIR_LINES && d <= PAIR_LINES) {
				pair = (long)k;
				break;
			}
		}
		if (already(fs, path, ids[i].line)) {
			if (pair >= 0)
				secs[pair].paired = 1;
			continue;
		}
		memcpy(id, buf + ids[i].off, 20);
		id[20] = '\0';
		masked = redact_key_id_dup(id);
		f = findings_add(fs, F_TF_HARDCODED_ACCESS_KEY, &o);
		finding_set(f, "what", "%s",
			    !memcmp(id, "ASIA", 4)   ? "temporary access key id"
			    : !memcmp(id, "AKIA", 4) ? "access key id"
						     : "AWS credential id");
		finding_set(f, "key", "%s", masked);
		if (keyid_account(id, 20, acct) == 0)
			finding_set(f, "account", " (account %s)", acct);
		else
			finding_set(f, "account", "%s", "");
		finding_set(f, "place", "%s", kind);
		if (pair >= 0) {
			secs[pair].paired = 1;
			finding_set(f, "pair", ", with its secret key on line %u", secs[pair].line);
		} else {
			finding_set(f, "pair", "%s", "");
		}
		finding_set(f, "remove", "remove it from %s and its history", path);
		free(masked);
		added++;
	}
	for (size_t k = 0; k < nsec; k++) {
		struct origin o = ORIGIN_AT(path, secs[k].line, secs[k].col);
		struct finding *f;
		char fp[9];

		if (secs[k].paired || already(fs, path, secs[k].line))
			continue;
		redact_fingerprint(fp, buf + secs[k].off, 40);
		f = findings_add(fs, F_TF_HARDCODED_SECRET_KEY, &o);
		finding_set(f, "desc", "40 characters, sha256 %s", fp);
		finding_set(f, "place", "%s", kind);
		added++;
	}
	return added;
}

const char *textkeys_kind_of(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (!strcmp(base, ".env") || !strncmp(base, ".env.", 5) ||
	    (n > 4 && !strcmp(base + n - 4, ".env")))
		return "a .env file";
	if (n > 3 && !strcmp(base + n - 3, ".sh"))
		return "a shell script";
	if (!strncmp(base, "Dockerfile", 10) || strstr(base, ".Dockerfile") ||
	    strstr(base, ".dockerfile"))
		return "a Dockerfile";
	if (strstr(base, "compose") && (strstr(base, ".yml") || strstr(base, ".yaml")))
		return "a compose file";
	return "a text file";
}
