/*
 * ini_botocore.c - the shared files as the AWS CLI and boto3 read them:
 * CPython 3.11 configparser.RawConfigParser (strict, no inline comments,
 * empty lines kept in values, '=' and ':' delimiters, [DEFAULT] inherited)
 * followed by botocore's configloader (nested values). Lines are split on
 * \r\n, \r and \n (universal newlines). Indentation is counted in
 * characters with Python's Unicode idea of whitespace.
 *
 * Error precedence follows configparser: a missing header, a duplicate
 * section or option stop the read at once; junk lines are collected and
 * raised at the end; a decoding error is raised when the 8 KiB chunk
 * holding the bad byte is read. A refused file is still parsed to the end
 * so that every problem is found, but the tool would use none of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/ini_int.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

#define PY_CHUNK 8192

struct bline {
	size_t a, b; /* content, without the terminator */
	size_t end;  /* after the terminator */
	unsigned no; /* 1-based */
};

static size_t next_line(const char *buf, size_t len, size_t pos, struct bline *l)
{
	size_t i = pos;

	while (i < len && buf[i] != '\r' && buf[i] != '\n')
		i++;
	l->a = pos;
	l->b = i;
	if (i < len && buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n')
		i += 2;
	else if (i < len)
		i++;
	l->end = i;
	return i;
}

/* Number of leading whitespace characters (code points). */
static size_t indent_chars(const char *buf, size_t a, size_t b)
{
	size_t n = 0;

	while (a < b) {
		unsigned cp;
		int k = ini_utf8_decode((const unsigned char *)buf + a, b - a, &cp);
		if (k <= 0 || !ini_py_space(cp))
			break;
		a += (size_t)k;
		n++;
	}
	return n;
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* One option's value while its lines are collected. */
struct pending {
	struct ini_value *v;
	struct strbuf val;
	int lines;
	int first_empty; /* the key's own line had no value: a nested block follows */
};

static void pending_flush(struct pending *p)
{
	size_t a = 0, b;

	if (!p->v) {
		strbuf_reset(&p->val);
		return;
	}
	b = p->val.len;
	ini_trim(p->val.buf, &a, &b, ini_py_space, 0, 1); /* '\n'.join(...).rstrip() */
	ini_value_set(p->v, p->val.buf, b);
	if (p->lines > 1)
		p->v->flags |= INI_CONTINUED;
	p->v = NULL;
	p->lines = 0;
	strbuf_reset(&p->val);
}

/* botocore's _parse_nested: str.splitlines(), strip, split('=', 1). */
static int split_nested(struct ini_value *v)
{
	const char *s = v->val;
	size_t n = v->len, i = 0;

	while (i < n) {
		size_t a = i, b, e;
		const char *eq;

		while (i < n) {
			unsigned cp = 0;
			int k = ini_utf8_decode((const unsigned char *)s + i, n - i, &cp);
			if (k <= 0)
				k = 1, cp = 0xFFFD;
			if (cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C ||
			    (cp >= 0x1C && cp <= 0x1E) || cp == 0x85 || cp == 0x2028 ||
			    cp == 0x2029)
				break;
			i += (size_t)k;
		}
		b = i;
		if (i < n) {
			unsigned cp = 0;
			int k = ini_utf8_decode((const unsigned char *)s + i, n - i, &cp);
			i += k > 0 ? (size_t)k : 1;
			if (cp == '\r' && i < n && s[i] == '\n')
				i++;
		}
		ini_trim(s, &a, &b, ini_py_space, 1, 1);
		if (a == b)
			continue;
		eq = memchr(s + a, '=', b - a);
		if (!eq)
			return -1;
		e = (size_t)(eq - s);
		{
			size_t ka = a, kb = e, va = e + 1, vb = b;
			ini_trim(s, &ka, &kb, ini_py_space, 1, 1);
			ini_trim(s, &va, &vb, ini_py_space, 1, 1);
			ini_add_sub(v, s + ka, kb - ka, s + va, vb - va, v->val_off);
		}
	}
	v->flags |= INI_NESTED;
	return 0;
}

static int quoted(const char *v, size_t n)
{
	return n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0];
}

void ini_parse_botocore(struct ini_doc *d, const char *buf, size_t len)
{
	struct ini_section *cur = NULL;
	const char *cur_name = NULL; /* sectname as configparser tracks it */
	struct pending pend = {NULL, STRBUF_INIT, 0, 0};
	size_t indent_level = 0, pos = 0, decode_at = (size_t)-1;
	int have_opt = 0, stopped = 0;
	long parse_error_line = 0;
	size_t parse_error_off = 0;
	struct bline l = {0, 0, 0, 0};
	unsigned lineno = 0;

	if (d->bad_utf8_off >= 0)
		decode_at = (size_t)d->bad_utf8_off - (size_t)d->bad_utf8_off % PY_CHUNK;

	while (pos < len) {
		size_t a, b, indent;
		int comment;

		pos = next_line(buf, len, pos, &l);
		l.no = ++lineno;
		if (!d->refused && l.end > decode_at) {
			unsigned char c = (unsigned char)buf[d->bad_utf8_off];
			ini_refuse(d, (size_t)d->bad_utf8_off,
				   "UnicodeDecodeError: 'utf-8' codec can't decode byte 0x%02x in "
				   "position %ld: %s",
				   c, d->bad_utf8_off,
				   (c >= 0x80 && c < 0xC0) || c == 0xC0 || c == 0xC1 || c >= 0xF5
					   ? "invalid start byte"
					   : "invalid continuation byte");
			stopped = 1;
		}
		a = l.a;
		b = l.b;
		ini_trim(buf, &a, &b, ini_py_space, 1, 1);
		comment = a < b && (buf[a] == '#' || buf[a] == ';');
		if (a == b || comment) {
			if (!comment && cur && have_opt && pend.v) {
				strbuf_addch(&pend.val, '\n');
				pend.lines++;
			}
			continue;
		}
		indent = indent_chars(buf, l.a, l.b);
		if (cur && have_opt && indent > indent_level) {
			/* a continuation line: wins over headers and options */
			if (pend.v) {
				strbuf_addch(&pend.val, '\n');
				strbuf_add(&pend.val, buf + a, b - a);
				pend.lines++;
			}
			{
				/* below an empty "key =" both tools read a nested block */
				const char *t =
					buf[a] == '['	   ? "["
					: pend.first_empty ? ""
					: memchr(buf + a, '=', b - a) || memchr(buf + a, ':', b - a)
						? "="
						: "";
				ini_note(d, INI_NOTE_CONTINUATION, a, t, strlen(t));
			}
			continue;
		}
		indent_level = indent;
		if (buf[a] == '[') {
			/* \[(?P<header>.+)\] greedy: up to the last ']' past position 1 */
			size_t rb = b;
			while (rb > a + 2 && buf[rb - 1] != ']')
				rb--;
			if (rb > a + 2 && buf[rb - 1] == ']') {
				const char *name = buf + a + 1;
				size_t nlen = rb - 1 - (a + 1);
				struct ini_section *s;
				char *tmp = xmemdupz(name, nlen);

				pending_flush(&pend);
				have_opt = 0;
				if (nlen == 7 && !memcmp(name, "DEFAULT", 7)) {
					if (!d->defaults.name) {
						d->defaults.name = xstrdup("DEFAULT");
						d->defaults.off = a;
					} else {
						d->defaults.headers++;
					}
					cur = &d->defaults;
					cur_name = d->defaults.name;
				} else if ((s = ini_find(d, tmp))) {
					if (!d->refused)
						ini_refuse(d, a,
							   "DuplicateSectionError: While reading "
							   "from '%s' [line %2u]: section '%s' "
							   "already exists",
							   d->name, l.no, tmp);
					ini_note(d, INI_NOTE_DUP_SECTION, a, tmp, nlen);
					s->headers++;
					cur = s;
					cur_name = s->name;
				} else {
					cur = ini_add_section(d, name, nlen, a);
					cur_name = cur ? cur->name : NULL;
				}
				free(tmp);
				continue;
			}
			ini_note(d, INI_NOTE_NOT_A_HEADER, a, buf + a, b - a);
		}
		if (!cur) {
			if (!d->refused)
				ini_refuse(d, a,
					   "MissingSectionHeaderError: File contains no section "
					   "headers. file: '%s', line: %u",
					   d->name, l.no);
			ini_note(d, INI_NOTE_OUTSIDE_SECTION, a, buf + a, 0);
			stopped = 1;
			continue;
		}
		{
			/* (?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$ */
			size_t dpos = a, ka = a, kb, va, vb = b;
			struct ini_value *v;
			char *key;

			while (dpos < b && buf[dpos] != '=' && buf[dpos] != ':')
				dpos++;
			if (dpos == b) {
				if (!parse_error_line) {
					parse_error_line = l.no;
					parse_error_off = a;
				}
				ini_note(d, INI_NOTE_IGNORED_LINE, a, NULL, 0);
				continue;
			}
			kb = dpos;
			ini_trim(buf, &ka, &kb, ini_py_space, 0, 1);
			va = dpos + 1;
			ini_trim(buf, &va, &vb, ini_py_space, 1, 1);
			pending_flush(&pend);
			if (ka == kb && !parse_error_line) {
				parse_error_line = l.no;
				parse_error_off = a;
			}
			key = xmemdupz(buf + ka, kb - ka);
			lower_ascii(key);
			v = ini_section_find_value(cur, key);
			if (v) {
				if (!d->refused)
					ini_refuse(d, ka,
						   "DuplicateOptionError: While reading from '%s' "
						   "[line %2u]: option '%s' in section '%s' "
						   "already exists",
						   d->name, l.no, key, cur_name);
				ini_note(d, INI_NOTE_DUP_KEY, ka, key, strlen(key));
			} else {
				v = ini_add_value(d, cur, key, strlen(key), ka);
			}
			free(key);
			have_opt = ka != kb;
			if (!v)
				continue;
			if (indent)
				v->flags |= INI_INDENTED;
			ini_value_set_raw(v, buf + dpos + 1, l.b - dpos - 1, dpos + 1, va);
			pend.v = v;
			pend.lines = 1;
			pend.first_empty = va == vb;
			strbuf_add(&pend.val, buf + va, vb - va);
		}
	}
	pending_flush(&pend);
	strbuf_release(&pend.val);
	(void)stopped;
	if (parse_error_line && !d->refused)
		ini_refuse(d, parse_error_off,
			   "ParsingError: Source contains parsing errors: '%s' [line %2ld]",
			   d->name, parse_error_line);
	if (d->bad_utf8_off >= 0 && !d->refused)
		ini_refuse(d, (size_t)d->bad_utf8_off,
			   "UnicodeDecodeError: 'utf-8' codec can't decode byte 0x%02x in position "
			   "%ld",
			   (unsigned char)buf[d->bad_utf8_off], d->bad_utf8_off);

	/* botocore: values starting with a newline are nested maps */
	for (size_t i = 0; i <= d->nr; i++) {
		struct ini_section *s = i < d->nr ? &d->s[i] : &d->defaults;
		for (size_t j = 0; j < s->nr; j++) {
			struct ini_value *v = &s->v[j];
			if (quoted(v->val, v->len))
				v->flags |= INI_QUOTED;
			if (v->len && v->val[0] == '\n' && split_nested(v) < 0) {
				/* only sections are read by botocore; [DEFAULT] values through them */
				if (i < d->nr || d->nr)
					ini_refuse(
						d, v->key_off,
						"ValueError: not enough values to unpack (expected "
						"2, got 1) in the nested value of '%s'",
						v->key);
			}
		}
	}
}
