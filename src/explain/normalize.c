/*
 * normalize.c - turn one raw line of captured output into the text a
 * person reads: no CR, no ANSI colour codes, no GitHub Actions / TF_LOG
 * timestamp, no Terraform box-drawing prefix; and make what ends up in a
 * report safe: access key ids masked, anything that looks like a secret
 * access key or a session token replaced by its description.
 */
#include <string.h>

#include "core/redact.h"
#include "explain/explain.h"
#include "core/banned.h"

#define NORM_MAX 4096

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Skip an ANSI escape sequence starting at s[i] == ESC; returns the new i. */
static size_t skip_escape(const unsigned char *s, size_t i, size_t len)
{
	i++;
	if (i >= len)
		return i;
	if (s[i] == '[') { /* CSI: parameters, then one final byte 0x40-0x7e */
		for (i++; i < len && !(s[i] >= 0x40 && s[i] <= 0x7e); i++)
			;
		return i < len ? i + 1 : i;
	}
	if (s[i] == ']') { /* OSC: up to BEL or ESC \ */
		for (i++; i < len; i++) {
			if (s[i] == 7)
				return i + 1;
			if (s[i] == 27 && i + 1 < len && s[i + 1] == '\\')
				return i + 2;
		}
		return i;
	}
	return i + 1;
}

/* Length of an ISO-8601 timestamp plus the blank after it at p, or 0. */
static size_t timestamp_len(const char *p, size_t len)
{
	size_t i = 0;

	if (len < 20 || !is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2]) || !is_digit(p[3]) ||
	    p[4] != '-' || !is_digit(p[5]) || p[7] != '-' || p[10] != 'T' || p[13] != ':' ||
	    p[16] != ':')
		return 0;
	i = 19;
	if (i < len && (p[i] == '.' || p[i] == ','))
		for (i++; i < len && is_digit(p[i]); i++)
			;
	if (i < len && p[i] == 'Z')
		i++;
	else if (i < len && (p[i] == '+' || p[i] == '-'))
		for (i++; i < len && (is_digit(p[i]) || p[i] == ':'); i++)
			;
	if (i < len && p[i] != ' ')
		return 0;
	while (i < len && p[i] == ' ')
		i++;
	return i;
}

static int starts(const char *p, size_t len, const char *lit)
{
	size_t n = strlen(lit);
	return len >= n && !memcmp(p, lit, n);
}

unsigned explain_normalize(struct strbuf *out, const char *line, size_t len)
{
	const unsigned char *s = (const unsigned char *)line;
	unsigned flags = 0;
	size_t i, start, n;
	char *p;

	strbuf_reset(out);
	strbuf_grow(out, len < NORM_MAX ? len : NORM_MAX);
	for (i = 0; i < len && out->len < NORM_MAX;) {
		if (s[i] == 27) {
			i = skip_escape(s, i, len);
			continue;
		}
		if (s[i] == '\r') {
			i++;
			continue;
		}
		if (s[i] == '\t' || s[i] == '\f' || s[i] == '\v') {
			strbuf_addch(out, ' ');
		} else if (s[i] < 0x20 || s[i] == 0x7f) {
			flags |= EXPLAIN_LINE_BINARY;
			strbuf_addch(out, ' ');
		} else {
			strbuf_addch(out, (char)s[i]);
		}
		i++;
	}

	p = out->buf;
	n = out->len;
	start = 0;
	if (n && p[0] == ' ')
		flags |= EXPLAIN_LINE_INDENTED;
	while (start < n && p[start] == ' ')
		start++;
	i = timestamp_len(p + start, n - start);
	if (i) {
		start += i;
		flags &= ~(unsigned)EXPLAIN_LINE_INDENTED;
	}
	if (starts(p + start, n - start, "##[error]")) {
		start += 9;
		flags |= EXPLAIN_LINE_ERROR;
	} else if (starts(p + start, n - start, "##[")) {
		char *close = memchr(p + start, ']', n - start);
		if (close)
			start = (size_t)(close - p) + 1;
	}
	if (starts(p + start, n - start, "[TRACE]") || starts(p + start, n - start, "[DEBUG]") ||
	    starts(p + start, n - start, "[INFO]") || starts(p + start, n - start, "[WARN]") ||
	    starts(p + start, n - start, "[ERROR]"))
		flags |= EXPLAIN_LINE_LOG_START;
	if (starts(p + start, n - start, "\xe2\x94\x82")) { /* │ */
		flags |= EXPLAIN_LINE_BOX;
		flags &= ~(unsigned)EXPLAIN_LINE_INDENTED;
		start += 3;
	} else if (starts(p + start, n - start, "\xe2\x95\xb7")) { /* ╷ */
		flags |= EXPLAIN_LINE_BOX_OPEN;
		start += 3;
	} else if (starts(p + start, n - start, "\xe2\x95\xb5")) { /* ╵ */
		flags |= EXPLAIN_LINE_BOX_CLOSE;
		start += 3;
	} else if (starts(p + start, n - start, "| ") && (flags & EXPLAIN_LINE_INDENTED)) {
		start += 2; /* hclog's continuation of a multi-line value */
	}
	while (start < n && p[start] == ' ')
		start++;
	while (n > start && p[n - 1] == ' ')
		n--;
	if (starts(p + start, n - start, "Error:") || starts(p + start, n - start, "error:") ||
	    starts(p + start, n - start, "aws: error"))
		flags |= EXPLAIN_LINE_ERROR;
	memmove(p, p + start, n - start);
	strbuf_setlen(out, n - start);
	if (!out->len)
		flags |= EXPLAIN_LINE_BLANK;
	return flags;
}

static int key_char(int c)
{
	return (c >= 'A' && c <= 'Z') || is_digit(c);
}

static int b64_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '+' ||
	       c == '/';
}

void explain_redact(struct strbuf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (len - i >= 20 && (!memcmp(s + i, "AKIA", 4) || !memcmp(s + i, "ASIA", 4)) &&
		    (i == 0 || !key_char((unsigned char)s[i - 1]))) {
			size_t j = i + 4;
			while (j < len && key_char((unsigned char)s[j]))
				j++;
			if (j - i == 20 && (j == len || !(key_char((unsigned char)s[j]) ||
							  (s[j] >= 'a' && s[j] <= 'z')))) {
				redact_key_id(out, s + i, 20);
				i = j;
				continue;
			}
		}
		if (b64_char((unsigned char)s[i]) &&
		    (i == 0 || !b64_char((unsigned char)s[i - 1]))) {
			size_t j = i;
			int upper = 0, lower = 0;
			for (; j < len && b64_char((unsigned char)s[j]); j++) {
				upper |= s[j] >= 'A' && s[j] <= 'Z';
				lower |= s[j] >= 'a' && s[j] <= 'z';
			}
			if (j - i >= 100 && upper && lower) {
				strbuf_addf(out, "[token not shown, %zu characters]", j - i);
				i = j;
				continue;
			}
			if (j - i == 40 && upper && lower) {
				strbuf_addstr(out, "[secret not shown]");
				i = j;
				continue;
			}
			strbuf_add(out, s + i, j - i);
			i = j;
			continue;
		}
		strbuf_addch(out, s[i]);
		i++;
	}
}
