/*
 * ini_go.c - the shared files as aws-sdk-go-v2 (internal/ini, the 2023
 * line parser: Terraform provider >= 4, S3 backend >= 1.6) reads them.
 * Lines are split on \n only, so a lone CR joins lines and a CRLF leaves
 * a CR that TrimSpace usually removes. Per line, in this order: blank,
 * comment, [header], property (not indented), sub-property (indented,
 * with a separator), continuation (indented, without); anything else is
 * ignored without a word. A value that is exactly one quote character
 * makes the real SDK panic (slice bounds out of range): recorded as a
 * refusal.
 */
#include <stdlib.h>
#include <string.h>

#include "aws/ini_int.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

static int line_space(char c)
{
	return c == ' ' || c == '\t';
}

static void lower_ascii(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
}

/* The first occurrence of byte c in [a, b), or b. */
static size_t find(const char *buf, size_t a, size_t b, const char *pat, size_t plen)
{
	const char *p;

	(void)plen; /* single bytes only */
	if (a >= b)
		return b;
	p = memchr(buf + a, pat[0], b - a);
	return p ? (size_t)(p - buf) : b;
}

/*
 * trimPropertyComment: cut at " #", then " ;", then "\t#", then "\t;",
 * each on what the previous cut left: the earliest of the four.
 */
static size_t cut_property_comment(const char *buf, size_t a, size_t b)
{
	for (size_t i = a; i + 1 < b; i++)
		if ((buf[i] == ' ' || buf[i] == '\t') && (buf[i + 1] == '#' || buf[i + 1] == ';'))
			return i;
	return b;
}

/* splitProperty: '=' unless there is none or a ':' comes first */
static int split_property(const char *buf, size_t a, size_t b, size_t *sep)
{
	size_t eq = find(buf, a, b, "=", 1), co = find(buf, a, b, ":", 1);

	if (eq == b && co == b)
		return 0;
	*sep = (eq == b || (co != b && co < eq)) ? co : eq;
	return 1;
}

int ini_go_header(const char *buf, size_t len, char **out)
{
	size_t pa = 0, pb = len, cut, ia, ib, sp, rest;
	struct strbuf name = STRBUF_INIT;

	*out = NULL;
	cut = find(buf, pa, pb, "#", 1);
	pb = find(buf, pa, cut, ";", 1);
	ini_trim(buf, &pa, &pb, ini_go_space, 1, 1);
	if (pb - pa < 2 || buf[pa] != '[' || buf[pb - 1] != ']') {
		size_t a = 0, b = len;
		ini_trim(buf, &a, &b, ini_go_space, 1, 0);
		return a < b && buf[a] == '[' ? -1 : 0;
	}
	ia = pa + 1;
	ib = pb - 1;
	ini_trim(buf, &ia, &ib, ini_go_space, 1, 1);
	sp = ia;
	while (sp < ib && !line_space(buf[sp]))
		sp++;
	rest = sp;
	while (rest < ib && line_space(buf[rest]))
		rest++;
	if (sp < ib && rest < ib) {
		strbuf_add(&name, buf + ia, sp - ia);
		strbuf_addch(&name, ' ');
		strbuf_add(&name, buf + rest, ib - rest);
	} else if (sp == ib) {
		strbuf_add(&name, buf + ia, ib - ia);
	}
	*out = strbuf_detach(&name, NULL);
	return 1;
}

struct gotok {
	size_t ka, kb, va, vb, sep;
	unsigned flags;
};

/*
 * legacyStrconv/unquote: strip one pair of surrounding quotes. Returns -1
 * where the real SDK panics: a value that is one quote character.
 */
static int unquote(const char *buf, struct gotok *t)
{
	size_t n = t->vb - t->va;

	if (n >= 1 && (buf[t->va] == '"' || buf[t->va] == '\'') && buf[t->vb - 1] == buf[t->va]) {
		if (n == 1)
			return -1;
		t->va++;
		t->vb--;
		t->flags |= INI_QUOTED;
	}
	return 0;
}

struct gostate {
	struct ini_section *sec; /* NULL: outside any section, or in [] */
	struct ini_value *key;	 /* the current key, NULL when none */
};

static void handle_property(struct ini_doc *d, struct gostate *st, const char *buf, size_t line_a,
			    size_t line_b, struct gotok *t)
{
	struct ini_value *v;
	char *key;

	if (!st->sec) {
		ini_note(d, INI_NOTE_OUTSIDE_SECTION, t->ka, buf + t->ka, t->kb - t->ka);
		return;
	}
	key = xmemdupz(buf + t->ka, t->kb - t->ka);
	lower_ascii(key, t->kb - t->ka);
	v = ini_section_find_value(st->sec, key);
	if (v) {
		ini_note(d, INI_NOTE_DUP_KEY, t->ka, key, strlen(key));
		for (size_t i = 0; i < v->nsub; i++)
			ini_value_clear(&v->sub[i]);
		free(v->sub);
		v->sub = NULL;
		v->nsub = v->asub = 0;
		v->flags = INI_OVERRIDES;
		v->key_off = t->ka;
	} else {
		v = ini_add_value(d, st->sec, key, strlen(key), t->ka);
	}
	free(key);
	st->key = v;
	if (!v)
		return;
	v->flags |= t->flags;
	ini_value_set(v, buf + t->va, t->vb - t->va);
	ini_value_set_raw(v, buf + t->sep + 1, line_b - t->sep - 1, t->sep + 1, t->va);
	(void)line_a;
}

void ini_parse_gov2(struct ini_doc *d, const char *buf, size_t len)
{
	struct gostate st = {NULL, NULL};
	size_t pos = 0;
	int outside = 1; /* before any header: keys are ignored */

	while (pos <= len) {
		size_t la = pos, lb, a, b;
		const char *nl = memchr(buf + pos, '\n', len - pos);

		lb = nl ? (size_t)(nl - buf) : len;
		pos = lb + 1;
		if (!nl && la == len)
			break;
		a = la;
		b = lb;
		ini_trim(buf, &a, &b, ini_go_space, 1, 1);
		if (a == b)
			continue;
		{
			size_t c = la;
			while (c < lb && line_space(buf[c]))
				c++;
			if (c < lb && (buf[c] == '#' || buf[c] == ';'))
				continue;
		}
		/* asProfile */
		{
			char *name = NULL;
			int r = ini_go_header(buf + la, lb - la, &name);
			struct ini_section *s;

			if (r > 0) {
				size_t pa = la;
				while (pa < lb && buf[pa] != '[')
					pa++;
				st.key = NULL;
				if (!*name) {
					st.sec = NULL; /* section "": its keys are ignored */
				} else if ((s = ini_find(d, name))) {
					s->headers++;
					ini_note(d, INI_NOTE_DUP_SECTION, pa, name, strlen(name));
					st.sec = s;
				} else {
					st.sec = ini_add_section(d, name, strlen(name), pa);
				}
				outside = 0;
				free(name);
				continue;
			}
			if (r < 0)
				ini_note(d, INI_NOTE_NOT_A_HEADER, a, "", 0);
		}
		if (!line_space(buf[la])) {
			/* asProperty */
			struct gotok t = {0};
			size_t pb = cut_property_comment(buf, la, lb), pa = la;

			if (pb != lb)
				t.flags |= INI_COMMENT_CUT;
			while (pb > pa && line_space(buf[pb - 1]))
				pb--;
			if (!split_property(buf, pa, pb, &t.sep)) {
				ini_note(d, INI_NOTE_IGNORED_LINE, la, NULL, 0);
				continue;
			}
			t.ka = pa;
			t.kb = t.sep;
			t.va = t.sep + 1;
			t.vb = pb;
			ini_trim(buf, &t.ka, &t.kb, ini_go_space, 1, 1);
			ini_trim(buf, &t.va, &t.vb, ini_go_space, 1, 1);
			if (unquote(buf, &t) < 0) {
				ini_refuse(d, t.va,
					   "panic: runtime error: slice bounds out of range [1:0]");
				continue;
			}
			(void)outside;
			handle_property(d, &st, buf, la, lb, &t);
			continue;
		}
		{
			/* asSubProperty / asContinuation (indented) */
			struct gotok t = {0};
			size_t ta = la;

			while (ta < lb && line_space(buf[ta]))
				ta++;
			if (split_property(buf, ta, lb, &t.sep)) {
				t.ka = ta;
				t.kb = t.sep;
				t.va = t.sep + 1;
				t.vb = lb;
				ini_trim(buf, &t.ka, &t.kb, ini_go_space, 1, 1);
				ini_trim(buf, &t.va, &t.vb, ini_go_space, 1, 1);
				t.flags |= INI_INDENTED;
				if (unquote(buf, &t) < 0) {
					ini_refuse(d, t.va,
						   "panic: runtime error: slice bounds out of "
						   "range [1:0]");
					continue;
				}
				if (!st.sec) {
					ini_note(d, INI_NOTE_OUTSIDE_SECTION, t.ka, NULL, 0);
					continue;
				}
				if (!st.key || st.key->len || !*st.key->key) {
					/* orphaned: promoted, value trimmed of comments again */
					size_t cb = cut_property_comment(buf, t.va, t.vb);
					if (cb != t.vb)
						t.flags |= INI_COMMENT_CUT;
					t.vb = cb;
					ini_trim(buf, &t.va, &t.vb, ini_go_space, 1, 1);
					t.flags |= INI_PROMOTED;
					handle_property(d, &st, buf, la, lb, &t);
					continue;
				}
				if (!st.key->nsub)
					st.key->flags |= INI_NESTED;
				{
					char *k = xmemdupz(buf + t.ka, t.kb - t.ka);
					lower_ascii(k, t.kb - t.ka);
					ini_add_sub(st.key, k, strlen(k), buf + t.va, t.vb - t.va,
						    t.ka);
					free(k);
				}
				continue;
			}
			/* continuation: TrimLeft only, trailing CR and spaces kept */
			if (st.key && *st.key->key && st.key->len &&
			    !(st.key->flags & INI_NESTED)) {
				struct strbuf sb = STRBUF_INIT;
				strbuf_add(&sb, st.key->val, st.key->len);
				strbuf_addch(&sb, '\n');
				strbuf_add(&sb, buf + ta, lb - ta);
				ini_value_set(st.key, sb.buf, sb.len);
				st.key->flags |= INI_CONTINUED;
				strbuf_release(&sb);
			}
		}
	}
}
