/*
 * ini.c - the shared-file parser, one pass per dialect over the same bytes
 * (see ini.h for what each dialect does). The botocore pass follows
 * CPython 3.11 configparser._read line for line; the go-v2 pass follows
 * aws-sdk-go-v2 internal/ini (tokenize.go, strings.go, parse.go); the
 * go-v1 pass is in ini_v1.c. Nothing here allocates per byte: a line is a
 * pair of offsets until something must be kept.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "aws/ini.h"
#include "aws/ini_int.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

/* ---- UTF-8 and whitespace ------------------------------------------------ */

int ini_utf8_decode(const unsigned char *p, size_t n, unsigned *cp)
{
	unsigned c, min;
	size_t len;

	if (!n)
		return 0;
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if (n < len)
		return -1;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	return (int)len;
}

static int uni_space(unsigned c)
{
	return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000;
}

/* Python str.isspace(): also the ASCII separators 0x1C-0x1F. */
int ini_py_space(unsigned c)
{
	return uni_space(c) || (c >= 0x1C && c <= 0x1F);
}

/* Go unicode.IsSpace. */
int ini_go_space(unsigned c)
{
	return uni_space(c);
}

/* Width in bytes of the whitespace character at p, or 0. */
static size_t space_at(const char *p, size_t n, int (*is)(unsigned))
{
	unsigned cp;
	int k;

	if ((unsigned char)*p < 0x80)
		return is((unsigned char)*p) ? 1 : 0;
	k = ini_utf8_decode((const unsigned char *)p, n, &cp);
	return k > 0 && is(cp) ? (size_t)k : 0;
}

void ini_trim(const char *buf, size_t *a, size_t *b, int (*is)(unsigned), int left, int right)
{
	size_t k;

	while (left && *a < *b && (k = space_at(buf + *a, *b - *a, is)))
		*a += k;
	while (right && *b > *a) {
		/* step back to the start of the last character */
		size_t s = *b - 1;
		if ((unsigned char)buf[s] < 0x80) {
			if (!is((unsigned char)buf[s]))
				break;
			*b = s;
			continue;
		}
		while (s > *a && ((unsigned char)buf[s] & 0xC0) == 0x80 && *b - s < 4)
			s--;
		k = space_at(buf + s, *b - s, is);
		if (k && s + k == *b)
			*b = s;
		else
			break;
	}
}

/* ---- the document -------------------------------------------------------- */

static unsigned long name_hash(const char *s)
{
	unsigned long h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void index_rebuild(struct ini_doc *d)
{
	struct ini_index *ix = d->index;

	if (!ix)
		ix = d->index = xcalloc(1, sizeof(*ix));
	free(ix->slot);
	ix->cap = 64;
	while (ix->cap < d->nr * 2 + 2)
		ix->cap *= 2;
	ix->slot = xmalloc(ix->cap * sizeof(*ix->slot));
	for (size_t i = 0; i < ix->cap; i++)
		ix->slot[i] = (size_t)-1;
	for (size_t i = 0; i < d->nr; i++) {
		size_t h = name_hash(d->s[i].name) & (ix->cap - 1);
		while (ix->slot[h] != (size_t)-1)
			h = (h + 1) & (ix->cap - 1);
		ix->slot[h] = i;
	}
}

struct ini_section *ini_find(const struct ini_doc *d, const char *name)
{
	struct ini_index *ix = d->index;
	size_t h;

	if (!ix || !ix->cap)
		return NULL;
	h = name_hash(name) & (ix->cap - 1);
	while (ix->slot[h] != (size_t)-1) {
		if (!strcmp(d->s[ix->slot[h]].name, name))
			return &d->s[ix->slot[h]];
		h = (h + 1) & (ix->cap - 1);
	}
	return NULL;
}

struct ini_section *ini_add_section(struct ini_doc *d, const char *name, size_t len, size_t off)
{
	struct ini_section *s;

	if (d->nr >= INI_MAX_SECTIONS) {
		ini_note(d, INI_NOTE_CAP, off, "sections", 8);
		return NULL;
	}
	ALLOC_GROW(d->s, d->nr + 1, d->alloc);
	s = &d->s[d->nr++];
	memset(s, 0, sizeof(*s));
	s->name = xmemdupz(name, len);
	s->off = off;
	s->headers = 1;
	if (!d->index || d->nr * 2 + 2 > d->index->cap)
		index_rebuild(d);
	else {
		struct ini_index *ix = d->index;
		size_t h = name_hash(s->name) & (ix->cap - 1);
		while (ix->slot[h] != (size_t)-1)
			h = (h + 1) & (ix->cap - 1);
		ix->slot[h] = d->nr - 1;
	}
	return s;
}

struct ini_value *ini_section_find_value(const struct ini_section *s, const char *key)
{
	for (size_t i = 0; i < s->nr; i++)
		if (!strcmp(s->v[i].key, key))
			return &s->v[i];
	return NULL;
}

void ini_value_clear(struct ini_value *v)
{
	for (size_t i = 0; i < v->nsub; i++)
		ini_value_clear(&v->sub[i]);
	free(v->sub);
	free(v->key);
	free(v->val);
	free(v->raw);
	memset(v, 0, sizeof(*v));
}

struct ini_value *ini_add_value(struct ini_doc *d, struct ini_section *s, const char *key,
				size_t key_len, size_t key_off)
{
	struct ini_value *v;

	if (s->nr >= INI_MAX_KEYS) {
		ini_note(d, INI_NOTE_CAP, key_off, "keys", 4);
		return NULL;
	}
	ALLOC_GROW(s->v, s->nr + 1, s->alloc);
	v = &s->v[s->nr++];
	memset(v, 0, sizeof(*v));
	v->key = xmemdupz(key, key_len);
	v->key_off = key_off;
	v->val = xstrdup("");
	return v;
}

void ini_value_set(struct ini_value *v, const char *val, size_t len)
{
	free(v->val);
	v->val = xmemdupz(val, len);
	v->len = len;
}

void ini_value_set_raw(struct ini_value *v, const char *raw, size_t len, size_t raw_off,
		       size_t val_off)
{
	v->raw_off = raw_off;
	free(v->raw);
	v->raw = xmemdupz(raw, len);
	v->raw_len = len;
	v->val_off = val_off;
}

struct ini_value *ini_add_sub(struct ini_value *v, const char *key, size_t key_len, const char *val,
			      size_t val_len, size_t off)
{
	struct ini_value *sv;

	for (size_t i = 0; i < v->nsub; i++) {
		if (strlen(v->sub[i].key) == key_len && !memcmp(v->sub[i].key, key, key_len)) {
			ini_value_set(&v->sub[i], val, val_len);
			v->sub[i].key_off = off;
			return &v->sub[i];
		}
	}
	if (v->nsub >= INI_MAX_KEYS)
		return NULL;
	ALLOC_GROW(v->sub, v->nsub + 1, v->asub);
	sv = &v->sub[v->nsub++];
	memset(sv, 0, sizeof(*sv));
	sv->key = xmemdupz(key, key_len);
	sv->key_off = off;
	sv->val_off = off;
	sv->val = xmemdupz(val, val_len);
	sv->len = val_len;
	return sv;
}

void ini_note(struct ini_doc *d, enum ini_note_kind k, size_t off, const char *text, size_t len)
{
	struct ini_note *n;

	if (d->nnotes >= 4096)
		return;
	ALLOC_GROW(d->notes, d->nnotes + 1, d->anotes);
	n = &d->notes[d->nnotes++];
	n->kind = k;
	n->off = off;
	n->text = xmemdupz(text ? text : "", text ? len : 0);
}

void ini_refuse(struct ini_doc *d, size_t off, const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb = STRBUF_INIT;

	if (d->refused)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	d->refused = 1;
	d->refusal = strbuf_detach(&sb, NULL);
	d->refusal_off = off;
}

/* ---- line index ---------------------------------------------------------- */

static void index_lines(struct ini_doc *d, const char *buf, size_t len)
{
	size_t alloc = 0;

	d->nlines = 0;
	ALLOC_GROW(d->line_start, 1, alloc);
	d->line_start[d->nlines++] = 0;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\r' || buf[i] == '\n') {
			if (buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n')
				i++;
			if (i + 1 <= len) {
				ALLOC_GROW(d->line_start, d->nlines + 1, alloc);
				d->line_start[d->nlines++] = i + 1;
			}
		}
	}
}

void ini_pos(const struct ini_doc *d, size_t off, unsigned *line, unsigned *col)
{
	size_t lo = 0, hi = d->nlines;

	if (!d->nlines) {
		*line = 1;
		*col = (unsigned)off + 1;
		return;
	}
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (d->line_start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (unsigned)(lo + 1);
	*col = (unsigned)(off - d->line_start[lo] + 1);
}

static void scan_bytes(struct ini_doc *d, const char *buf, size_t len)
{
	const unsigned char *u = (const unsigned char *)buf;

	d->bad_utf8_off = -1;
	d->has_bom = len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
	d->utf16 = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
	for (size_t i = 0; i < len;) {
		unsigned cp;
		int k;

		if (u[i] == '\r') {
			if (i + 1 < len && u[i + 1] == '\n')
				d->has_crlf = 1;
			else
				d->has_lone_cr = 1;
		} else if (!u[i]) {
			d->has_nul = 1;
		}
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		k = ini_utf8_decode(u + i, len - i, &cp);
		if (k <= 0) {
			if (d->bad_utf8_off < 0)
				d->bad_utf8_off = (long)i;
			i++;
		} else {
			i += (size_t)k;
		}
	}
}

/* ---- public -------------------------------------------------------------- */

void ini_parse(struct ini_doc *d, const char *buf, size_t len, const char *name, enum dialect dl)
{
	ini_parse_flags(d, buf, len, name, dl, 0);
}

void ini_parse_flags(struct ini_doc *d, const char *buf, size_t len, const char *name,
		     enum dialect dl, unsigned flags)
{
	memset(d, 0, sizeof(*d));
	d->flags = flags;
	d->name = name;
	d->dialect = dl;
	d->len = len;
	if (len > INI_MAX_INPUT) {
		ini_note(d, INI_NOTE_CAP, 0, "input", 5);
		len = INI_MAX_INPUT;
	}
	scan_bytes(d, buf, len);
	index_lines(d, buf, len);
	switch (dl) {
	case DIALECT_BOTOCORE:
		ini_parse_botocore(d, buf, len);
		break;
	case DIALECT_GO_V2:
		if (flags & INI_GO_V2_LEGACY)
			ini_parse_gov1(d, buf, len);
		else
			ini_parse_gov2(d, buf, len);
		break;
	case DIALECT_GO_V1:
		ini_parse_gov1(d, buf, len);
		break;
	}
}

static void section_clear(struct ini_section *s)
{
	for (size_t j = 0; j < s->nr; j++)
		ini_value_clear(&s->v[j]);
	free(s->v);
	free(s->name);
	memset(s, 0, sizeof(*s));
}

void ini_doc_release(struct ini_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nr; i++)
		section_clear(&d->s[i]);
	free(d->s);
	section_clear(&d->defaults);
	for (size_t i = 0; i < d->nnotes; i++)
		free(d->notes[i].text);
	free(d->notes);
	free(d->refusal);
	free(d->line_start);
	if (d->index)
		free(d->index->slot);
	free(d->index);
	memset(d, 0, sizeof(*d));
}

const struct ini_section *ini_section_get(const struct ini_doc *d, const char *name)
{
	return ini_find(d, name);
}

const struct ini_value *ini_section_value(const struct ini_section *s, const char *key)
{
	return s ? ini_section_find_value(s, key) : NULL;
}

/* ---- shlex.split, POSIX mode (botocore's section names) ------------------ */

int ini_shlex_split(const char *s, char ***out)
{
	struct strbuf tok = STRBUF_INIT;
	char **v = NULL;
	size_t n = 0, alloc = 0;
	int in_tok = 0;
	char quote = 0;

	for (const char *p = s;; p++) {
		char c = *p;

		if (quote) {
			if (!c)
				goto fail; /* No closing quotation */
			if (c == quote) {
				quote = 0;
			} else if (quote == '"' && c == '\\' && (p[1] == '"' || p[1] == '\\')) {
				strbuf_addch(&tok, *++p);
			} else {
				strbuf_addch(&tok, c);
			}
			continue;
		}
		if (!c || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			if (in_tok) {
				ALLOC_GROW(v, n + 1, alloc);
				v[n++] = strbuf_detach(&tok, NULL);
				in_tok = 0;
			}
			if (!c)
				break;
			continue;
		}
		in_tok = 1;
		if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '\\') {
			if (!p[1])
				goto fail; /* No escaped character */
			strbuf_addch(&tok, *++p);
		} else {
			strbuf_addch(&tok, c);
		}
	}
	strbuf_release(&tok);
	*out = v;
	return (int)n;
fail:
	strbuf_release(&tok);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	*out = NULL;
	return -1;
}
