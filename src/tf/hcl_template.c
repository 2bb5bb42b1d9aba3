/*
 * hcl_template.c - quoted templates and heredocs: escapes, $${ and %%{,
 * ${ } interpolation and %{ } directives (parsed by calling back into the
 * expression parser), strip markers ~, <<- indentation. A template whose
 * parts are all literals is folded to a literal, as HCL evaluates it; a
 * lone "${x}" keeps x's own type.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "tf/hcl_lex.h"
#include "core/banned.h"

static void utf8_put(struct strbuf *sb, unsigned long cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (int)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (int)(0xC0 | (cp >> 6)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (int)(0xE0 | (cp >> 12)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else {
		strbuf_addch(sb, (int)(0xF0 | (cp >> 18)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 12) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The inside of ${ } or %{ }: p->pos is just past the "${" or "%{".
 * Returns the interpolated expression (NULL for a directive) and leaves
 * p->pos just past the closing brace.
 */
static struct hcl_expr *parse_interp(struct parser *p, int directive)
{
	struct hcl_expr *e = NULL;
	int saved = p->nl_ignore;
	unsigned line = p->line, col = (unsigned)(p->pos - p->bol) + 1;

	if (p->pos < p->end && p->buf[p->pos] == '~')
		p->pos++;
	p->nl_ignore = 1;
	hcl_next(p);
	if (!directive) {
		e = hcl_parse_expr(p);
	} else if (hcl_tok_is(p, "if")) {
		hcl_next(p);
		hcl_parse_expr(p);
	} else if (hcl_tok_is(p, "for")) {
		hcl_parse_for_head(p, "directive");
	} else if (hcl_tok_is(p, "else") || hcl_tok_is(p, "endif") || hcl_tok_is(p, "endfor")) {
		hcl_next(p);
	} else {
		hcl_perr(p, line, col,
			 "expected if, else, endif, for or endfor in a template directive");
	}
	if (p->tok.type == T_TILDE)
		hcl_next(p);
	if (p->tok.type != T_RBRACE) {
		hcl_perr(p, p->tok.line, p->tok.col, "expected } to close the %s, found %s",
			 directive ? "directive" : "interpolation", hcl_tok_desc(&p->tok));
		/* resynchronise: the template goes on after the next brace */
		while (p->tok.type != T_RBRACE && p->tok.type != T_EOF && p->tok.type != T_OQUOTE &&
		       !(p->tok.type == T_NEWLINE))
			hcl_next(p);
	}
	p->nl_ignore = saved;
	return e;
}

/* a number as HCL prints it in a string: shortest round-trip, no exponent */
static void number_text(struct strbuf *sb, double v)
{
	char tmp[64];
	int prec;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	if (!strchr(tmp, 'e') && !strchr(tmp, 'E')) {
		strbuf_addstr(sb, tmp);
		return;
	}
	/* expand the exponent: 1e+22 -> 10000000000000000000000 */
	{
		int exp10 = 0, digits;
		char mant[32];
		size_t m = 0;
		const char *q = tmp;
		if (*q == '-')
			strbuf_addch(sb, *q++);
		for (; *q && *q != 'e' && *q != 'E'; q++)
			if (*q != '.' && m < sizeof(mant) - 1)
				mant[m++] = *q;
		mant[m] = '\0';
		if (*q)
			exp10 = (int)strtol(q + 1, NULL, 10);
		digits = (int)m;
		/* value = 0.mant * 10^(exp10 + 1) */
		if (exp10 >= digits - 1) {
			strbuf_addstr(sb, mant);
			for (int i = 0; i < exp10 - (digits - 1) && i < 400; i++)
				strbuf_addch(sb, '0');
		} else if (exp10 < 0) {
			strbuf_addstr(sb, "0.");
			for (int i = 0; i < -exp10 - 1 && i < 400; i++)
				strbuf_addch(sb, '0');
			strbuf_addstr(sb, mant);
		} else {
			strbuf_add(sb, mant, (size_t)exp10 + 1);
			strbuf_addch(sb, '.');
			strbuf_addstr(sb, mant + exp10 + 1);
		}
	}
}

static void append_literal(struct strbuf *sb, const struct hcl_expr *e, int *literal)
{
	/* hcl2json folds "x${1}" into text but not "x${-1}" (a unary operation) */
	if (!e || e->folded) {
		*literal = 0;
		return;
	}
	switch (e->kind) {
	case HCL_STRING:
		strbuf_add(sb, e->s, e->len);
		break;
	case HCL_BOOL:
		strbuf_addstr(sb, e->b ? "true" : "false");
		break;
	case HCL_NULL:
		strbuf_addstr(sb, "null");
		break;
	case HCL_NUMBER:
		number_text(sb, e->num);
		break;
	default:
		*literal = 0;
	}
}

/* strip the common leading whitespace of a <<- heredoc's lines */
static void flush_indent(struct strbuf *sb)
{
	size_t min = (size_t)-1, i = 0, n;
	struct strbuf out = STRBUF_INIT;

	while (i < sb->len) {
		size_t ind = 0, j = i;
		while (j < sb->len && (sb->buf[j] == ' ' || sb->buf[j] == '\t'))
			j++, ind++;
		/* blank lines (CRLF ones too) do not count */
		if (j < sb->len && sb->buf[j] != '\n' &&
		    !(sb->buf[j] == '\r' && (j + 1 == sb->len || sb->buf[j + 1] == '\n')) &&
		    ind < min)
			min = ind;
		while (j < sb->len && sb->buf[j] != '\n')
			j++;
		i = j + 1;
	}
	if (min == (size_t)-1 || min == 0)
		return;
	for (i = 0; i < sb->len;) {
		n = 0;
		while (i < sb->len && n < min && (sb->buf[i] == ' ' || sb->buf[i] == '\t'))
			i++, n++;
		while (i < sb->len && sb->buf[i] != '\n')
			strbuf_addch(&out, sb->buf[i++]);
		if (i < sb->len)
			strbuf_addch(&out, sb->buf[i++]);
	}
	strbuf_reset(sb);
	strbuf_add(sb, out.buf, out.len);
	strbuf_release(&out);
}

/*
 * Template characters from p->pos up to the closing quote (quoted) or to
 * end (heredoc). Returns the node: a literal when nothing in it needs
 * evaluation.
 */
static struct hcl_expr *parse_template(struct parser *p, const struct tok *start, int quoted,
				       size_t end, int flush)
{
	struct strbuf lit = STRBUF_INIT;
	struct hcl_expr *e = hcl_node(p, HCL_STRING, start), *only = NULL;
	int literal = 1, parts = 0, text = 0, closed = !quoted, strip_next = 0;
	size_t lit_floor = 0;
	const char *b = p->buf;

	while (p->pos < end) {
		char c = b[p->pos];
		if (!strip_next && c != '"' && c != '\\' && c != '$' && c != '%' && c != '\n') {
			/* a run of plain characters in one go */
			size_t run = p->pos + 1;
			while (run < end && b[run] != '"' && b[run] != '\\' && b[run] != '$' &&
			       b[run] != '%' && b[run] != '\n')
				run++;
			strbuf_add(&lit, b + p->pos, run - p->pos);
			p->pos = run;
			text = 1;
			if (lit.len > HCL_MAX_TOKEN) {
				hcl_perr(p, start->line, start->col, "string longer than %u bytes",
					 HCL_MAX_TOKEN);
				literal = 0;
				p->pos = end;
				break;
			}
			continue;
		}
		if (strip_next) {
			/* "~}" strips the whitespace that follows, escapes included */
			if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
				if (c == '\n')
					hcl_newline_at(p, p->pos);
				p->pos++;
				text = 1;
				continue;
			}
			if (quoted && c == '\\' && p->pos + 1 < end &&
			    strchr("nrt", b[p->pos + 1])) {
				p->pos += 2;
				text = 1;
				continue;
			}
			strip_next = 0;
		}
		if (quoted && c == '"') {
			p->pos++;
			closed = 1;
			break;
		}
		if (quoted && c == '\n') {
			hcl_perr(p, p->line, (unsigned)(p->pos - p->bol) + 1,
				 "unterminated string (a quoted string cannot span lines; use a "
				 "heredoc)");
			break;
		}
		if ((c == '$' || c == '%') && p->pos + 2 < end + 1 && p->pos + 1 < end &&
		    b[p->pos + 1] == c && p->pos + 2 < end && b[p->pos + 2] == '{') {
			/* $${ and %%{ stand for a literal ${ and %{ */
			strbuf_addch(&lit, c);
			strbuf_addch(&lit, '{');
			p->pos += 3;
			text = 1;
			continue;
		}
		if ((c == '$' || c == '%') && p->pos + 1 < end && b[p->pos + 1] == '{') {
			struct hcl_expr *x;
			size_t saved_end = p->end, interp_start;
			p->pos += 2;
			interp_start = p->pos;
			/* "${~" strips the literal text before it, not interpolated values */
			if (p->pos < end && b[p->pos] == '~')
				while (lit.len > lit_floor &&
				       strchr(" \t\r\n", lit.buf[lit.len - 1]))
					strbuf_setlen(&lit, lit.len - 1);
			p->end = end;
			if (hcl_enter(p) == 0) {
				x = parse_interp(p, c == '%');
				if (x && (x->kind == HCL_TUPLE || x->kind == HCL_OBJECT))
					literal =
						0; /* no string form; only "${[...]}" alone folds */
				if (c == '%') {
					literal = 0;
				} else {
					append_literal(&lit, x, &literal);
					only = x;
				}
				parts++;
			}
			p->depth--;
			p->end = saved_end;
			lit_floor = lit.len;
			if (p->tok.type == T_RBRACE && p->tok.off >= interp_start) {
				p->pos = p->tok.off + 1;
				strip_next = p->tok.off > 0 && b[p->tok.off - 1] == '~';
			} else if (p->pos > end) {
				p->pos = end;
			} else if (p->pos < interp_start) {
				/* a stale token (nothing was parsed): never move backwards */
				p->pos = interp_start;
			}
			continue;
		}
		if (c == '\n')
			hcl_newline_at(p, p->pos);
		if (quoted && c == '\\') {
			char n = p->pos + 1 < end ? b[p->pos + 1] : 0;
			unsigned line = p->line, col = (unsigned)(p->pos - p->bol) + 1;
			p->pos += 2;
			text = 1;
			switch (n) {
			case 'n':
				strbuf_addch(&lit, '\n');
				continue;
			case 'r':
				strbuf_addch(&lit, '\r');
				continue;
			case 't':
				strbuf_addch(&lit, '\t');
				continue;
			case '"':
				strbuf_addch(&lit, '"');
				continue;
			case '\\':
				strbuf_addch(&lit, '\\');
				continue;
			case 'u':
			case 'U': {
				int digits = n == 'u' ? 4 : 8, ok = p->pos + (size_t)digits <= end;
				unsigned long cp = 0;
				for (int k = 0; ok && k < digits; k++) {
					int h = hexval(b[p->pos + (size_t)k]);
					if (h < 0)
						ok = 0;
					cp = cp * 16 + (unsigned long)(h < 0 ? 0 : h);
				}
				if (!ok || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
					hcl_perr(p, line, col,
						 "invalid \\%c escape: %d hex digits of a Unicode "
						 "character expected",
						 n, digits);
					continue;
				}
				p->pos += (size_t)digits;
				utf8_put(&lit, cp);
				continue;
			}
			default:
				/* step back before reporting: past MAX_ERRORS hcl_perr
				 * moves pos to the end, and stepping back after that
				 * would loop forever */
				if (n == '\n' || !n)
					p->pos--;
				hcl_perr(p, line, col,
					 "invalid escape sequence in a string (\\ must be followed "
					 "by n, r, t, \", \\, u or U)");
				continue;
			}
		}
		strbuf_addch(&lit, c);
		p->pos++;
		text = 1;
		if (lit.len > HCL_MAX_TOKEN) {
			hcl_perr(p, start->line, start->col, "string longer than %u bytes",
				 HCL_MAX_TOKEN);
			literal = 0;
			p->pos = end;
			break;
		}
	}
	if (quoted && !closed && p->pos >= end)
		hcl_perr(p, start->line, start->col, "unterminated string");
	if (flush && literal)
		flush_indent(&lit);
	/* "${x}" alone evaluates to x itself, keeping its type */
	if (parts == 1 && !text && only && only->kind != HCL_STRING && only->kind != HCL_EXPR) {
		e->kind = only->kind;
		e->folded = only->folded;
		e->b = only->b;
		e->num = only->num;
		e->items = only->items;
		e->keys = only->keys;
	} else if (literal) {
		e->s = hcl_arena_strdup(p->f, lit.buf, lit.len);
		e->len = lit.len;
	} else {
		e->kind = HCL_EXPR;
	}
	strbuf_release(&lit);
	return e;
}

struct hcl_expr *hcl_parse_quoted(struct parser *p)
{
	struct tok start = p->tok;
	struct hcl_expr *e;

	/* p->pos is just past the opening quote */
	e = parse_template(p, &start, 1, p->end, 0);
	p->tok.off = p->pos - 1;
	p->tok.len = 1;
	hcl_next(p);
	e->srclen = p->prev_end - start.off;
	return e;
}

struct hcl_expr *hcl_parse_heredoc(struct parser *p)
{
	struct tok start = p->tok;
	const char *b = p->buf, *delim = b + start.hd_off;
	size_t i = p->pos, content_end = p->end, after;
	struct hcl_expr *e;
	int found = 0;

	after = content_end; /* both stay at the end when no delimiter line is found */
	/* find the closing delimiter line first */
	while (i < p->end) {
		size_t s = i, e2;
		const char *nl = memchr(b + i, '\n', p->end - i);
		size_t le = nl ? (size_t)(nl - b) : p->end;
		while (s < le && (b[s] == ' ' || b[s] == '\t'))
			s++;
		e2 = le;
		if (e2 > s && b[e2 - 1] == '\r')
			e2--;
		if (e2 - s == start.hd_len && !memcmp(b + s, delim, start.hd_len)) {
			content_end = i;
			after = le;
			found = 1;
			break;
		}
		i = le + 1;
	}
	if (!found)
		hcl_perr(p, start.line, start.col, "heredoc <<%s%.*s has no closing line",
			 start.hd_flush ? "-" : "", (int)start.hd_len, delim);
	e = parse_template(p, &start, 0, content_end, start.hd_flush);
	/* past the delimiter; its newline ends the attribute */
	for (; p->pos < after; p->pos++)
		if (b[p->pos] == '\n')
			hcl_newline_at(p, p->pos);
	p->pos = after;
	p->tok.off = after;
	p->tok.len = 0;
	hcl_next(p);
	e->srclen = after - start.off;
	return e;
}
