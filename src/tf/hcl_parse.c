/*
 * hcl_parse.c - the HCL2 native syntax: lexer and recursive-descent parser
 * (hcl.h). Follows HashiCorp's hclsyntax spec: bodies of attributes and
 * blocks, three comment styles, numbers, quoted templates with escapes,
 * interpolation and directives, heredocs (<<EOF, <<-EOF), tuples, objects,
 * function calls (with ... and provider:: names), index/attribute/splat
 * traversals, for-expressions, conditionals, and the operator precedence
 * of the spec (|| && == != < > <= >= + - * / % then unary - !).
 *
 * Newlines end attributes, so the lexer returns them as tokens; inside
 * ( ), [ ] and ${ } they are ignored (nl_ignore), inside an object
 * constructor { } they separate items. Templates are read character by
 * character by the parser, which calls back into the lexer for each
 * ${ } and %{ }. A template whose interpolations are all literals is folded
 * to a literal, as HCL's own evaluation does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "tf/hcl.h"
#include "core/banned.h"

#define MAX_ERRORS 50

enum tok_type {
	T_EOF, T_NEWLINE, T_IDENT, T_NUMBER, T_OQUOTE, T_HEREDOC,
	T_LBRACE, T_RBRACE, T_LBRACK, T_RBRACK, T_LPAREN, T_RPAREN,
	T_EQ, T_COMMA, T_DOT, T_ELLIPSIS, T_COLON, T_DCOLON, T_QUESTION, T_FATARROW,
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PERCENT,
	T_EQEQ, T_NEQ, T_LT, T_GT, T_LE, T_GE, T_AND, T_OR, T_BANG, T_TILDE,
	T_INVALID,
};

struct tok {
	enum tok_type type;
	size_t off, len;
	unsigned line, col;
	/* T_HEREDOC: the delimiter and whether it is <<- */
	size_t hd_off, hd_len;
	int hd_flush;
};

struct parser {
	const char *buf;
	size_t end, pos, bol;
	unsigned line;
	const char *name;
	struct diags *d;
	struct hcl_file *f;
	struct tok tok;
	size_t prev_end; /* end of the last consumed token */
	int nl_ignore;
	int depth;
	size_t nerr;
	struct strbuf scratch;
};

static void perr(struct parser *p, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void perr(struct parser *p, unsigned line, unsigned col, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	p->nerr++;
	if (p->nerr > MAX_ERRORS) {
		p->pos = p->end; /* give up on this file */
		return;
	}
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (p->d)
		diags_add(p->d, DIAG_ERROR, p->name, line, col, "%s", sb.buf);
	strbuf_release(&sb);
}

static int ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int ident_cont(unsigned char c)
{
	return ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static void newline_at(struct parser *p, size_t nl)
{
	p->line++;
	p->bol = nl + 1;
}

/* Skip spaces and comments; stops at a newline unless nl_ignore. */
static void skip_space(struct parser *p)
{
	const char *b = p->buf;

	while (p->pos < p->end) {
		unsigned char c = (unsigned char)b[p->pos];
		if (c == ' ' || c == '\t' || c == '\r') {
			p->pos++;
		} else if (c == '\n' && p->nl_ignore) {
			newline_at(p, p->pos);
			p->pos++;
		} else if (c == '#' || (c == '/' && p->pos + 1 < p->end && b[p->pos + 1] == '/')) {
			const char *nl = memchr(b + p->pos, '\n', p->end - p->pos);
			p->pos = nl ? (size_t)(nl - b) : p->end;
		} else if (c == '/' && p->pos + 1 < p->end && b[p->pos + 1] == '*') {
			unsigned line = p->line, col = (unsigned)(p->pos - p->bol) + 1;
			size_t i = p->pos + 2;
			while (i + 1 < p->end && !(b[i] == '*' && b[i + 1] == '/')) {
				if (b[i] == '\n')
					newline_at(p, i);
				i++;
			}
			if (i + 1 >= p->end) {
				if (i < p->end && b[i] == '\n')
					newline_at(p, i);
				perr(p, line, col, "unterminated /* comment");
				p->pos = p->end;
			} else {
				p->pos = i + 2;
			}
		} else {
			break;
		}
	}
}

static void next(struct parser *p)
{
	const char *b = p->buf;
	struct tok *t = &p->tok;
	unsigned char c, d;

	p->prev_end = t->off + t->len;
	skip_space(p);
	t->off = p->pos;
	t->line = p->line;
	t->col = (unsigned)(p->pos - p->bol) + 1;
	t->len = 1;
	if (p->pos >= p->end) {
		t->type = T_EOF;
		t->len = 0;
		return;
	}
	c = (unsigned char)b[p->pos];
	d = p->pos + 1 < p->end ? (unsigned char)b[p->pos + 1] : 0;
	p->pos++;
	switch (c) {
	case '\n':
		newline_at(p, p->pos - 1);
		t->type = T_NEWLINE;
		return;
	case '{': t->type = T_LBRACE; return;
	case '}': t->type = T_RBRACE; return;
	case '[': t->type = T_LBRACK; return;
	case ']': t->type = T_RBRACK; return;
	case '(': t->type = T_LPAREN; return;
	case ')': t->type = T_RPAREN; return;
	case ',': t->type = T_COMMA; return;
	case '?': t->type = T_QUESTION; return;
	case '+': t->type = T_PLUS; return;
	case '-': t->type = T_MINUS; return;
	case '*': t->type = T_STAR; return;
	case '/': t->type = T_SLASH; return;
	case '%': t->type = T_PERCENT; return;
	case '~': t->type = T_TILDE; return;
	case '"': t->type = T_OQUOTE; return;
	case '.':
		if (d == '.' && p->pos + 1 < p->end && b[p->pos + 1] == '.') {
			p->pos += 2;
			t->type = T_ELLIPSIS;
			t->len = 3;
		} else {
			t->type = T_DOT;
		}
		return;
	case ':':
		if (d == ':') {
			p->pos++;
			t->type = T_DCOLON;
			t->len = 2;
		} else {
			t->type = T_COLON;
		}
		return;
	case '=':
		if (d == '=' || d == '>') {
			p->pos++;
			t->type = d == '=' ? T_EQEQ : T_FATARROW;
			t->len = 2;
		} else {
			t->type = T_EQ;
		}
		return;
	case '!':
		if (d == '=') {
			p->pos++;
			t->type = T_NEQ;
			t->len = 2;
		} else {
			t->type = T_BANG;
		}
		return;
	case '>':
		t->type = d == '=' ? T_GE : T_GT;
		if (d == '=')
			p->pos++, t->len = 2;
		return;
	case '&':
	case '|':
		if (d == c) {
			p->pos++;
			t->type = c == '&' ? T_AND : T_OR;
			t->len = 2;
			return;
		}
		break;
	case '<':
		if (d == '<') {
			size_t i = p->pos + 1, s;
			int flush = 0;
			if (i < p->end && b[i] == '-')
				flush = 1, i++;
			s = i;
			while (i < p->end && ident_cont((unsigned char)b[i]))
				i++;
			if (i > s && ident_start((unsigned char)b[s])) {
				size_t e = i;
				if (i < p->end && b[i] == '\r')
					i++;
				if (i < p->end && b[i] == '\n') {
					t->type = T_HEREDOC;
					t->hd_off = s;
					t->hd_len = e - s;
					t->hd_flush = flush;
					t->len = e - t->off;
					newline_at(p, i);
					p->pos = i + 1;
					return;
				}
			}
			break;
		}
		t->type = d == '=' ? T_LE : T_LT;
		if (d == '=')
			p->pos++, t->len = 2;
		return;
	default:
		break;
	}
	if (is_digit(c)) {
		size_t i = p->pos;
		while (i < p->end && is_digit((unsigned char)b[i]))
			i++;
		if (i + 1 < p->end && b[i] == '.' && is_digit((unsigned char)b[i + 1])) {
			i++;
			while (i < p->end && is_digit((unsigned char)b[i]))
				i++;
		}
		if (i < p->end && (b[i] == 'e' || b[i] == 'E')) {
			size_t j = i + 1;
			if (j < p->end && (b[j] == '+' || b[j] == '-'))
				j++;
			if (j < p->end && is_digit((unsigned char)b[j])) {
				while (j < p->end && is_digit((unsigned char)b[j]))
					j++;
				i = j;
			}
		}
		p->pos = i;
		t->type = T_NUMBER;
		t->len = i - t->off;
		return;
	}
	if (ident_start(c)) {
		size_t i = p->pos;
		while (i < p->end && ident_cont((unsigned char)b[i]))
			i++;
		p->pos = i;
		t->type = T_IDENT;
		t->len = i - t->off;
		if (t->len > 4096)
			perr(p, t->line, t->col, "identifier too long (%zu bytes)", t->len);
		return;
	}
	t->type = T_INVALID;
	if (c >= 0x20 && c < 0x7f)
		perr(p, t->line, t->col, "unexpected character '%c'", c);
	else
		perr(p, t->line, t->col, "unexpected byte 0x%02x", c);
}

struct lexstate {
	size_t pos, bol, prev_end;
	unsigned line;
	struct tok tok;
	size_t nerr;
};

static void save(const struct parser *p, struct lexstate *s)
{
	*s = (struct lexstate){ p->pos, p->bol, p->prev_end, p->line, p->tok, p->nerr };
}

static void restore(struct parser *p, const struct lexstate *s)
{
	p->pos = s->pos;
	p->bol = s->bol;
	p->prev_end = s->prev_end;
	p->line = s->line;
	p->tok = s->tok;
	p->nerr = s->nerr;
}

static int tok_is(const struct parser *p, const char *word)
{
	return p->tok.type == T_IDENT && hcl_name_is(p->buf + p->tok.off, p->tok.len, word);
}

static const char *tok_desc(const struct tok *t)
{
	switch (t->type) {
	case T_EOF: return "end of file";
	case T_NEWLINE: return "newline";
	case T_IDENT: return "identifier";
	case T_NUMBER: return "number";
	case T_OQUOTE: return "string";
	case T_HEREDOC: return "heredoc";
	default: return "symbol";
	}
}

static struct hcl_expr *node(struct parser *p, enum hcl_kind kind, const struct tok *at)
{
	struct hcl_expr *e = hcl_arena_alloc(p->f, sizeof(*e));

	e->kind = kind;
	e->line = at->line;
	e->col = at->col;
	e->src = p->buf + at->off;
	return e;
}

static void finish(struct parser *p, struct hcl_expr *e)
{
	size_t start = (size_t)(e->src - p->buf);
	e->srclen = p->prev_end > start ? p->prev_end - start : 0;
}

static int expect(struct parser *p, enum tok_type type, const char *what)
{
	if (p->tok.type == type) {
		next(p);
		return 0;
	}
	perr(p, p->tok.line, p->tok.col, "expected %s, found %s", what, tok_desc(&p->tok));
	return -1;
}

static struct hcl_expr *parse_expr(struct parser *p);
static void parse_body(struct parser *p, struct hcl_body *body, int in_block);

static int enter(struct parser *p)
{
	if (++p->depth > HCL_MAX_DEPTH) {
		if (p->depth == HCL_MAX_DEPTH + 1)
			perr(p, p->tok.line, p->tok.col, "nested more than %d levels deep",
			     HCL_MAX_DEPTH);
		p->pos = p->end;
		p->tok.type = T_EOF;
		return -1;
	}
	return 0;
}

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
	next(p);
	if (!directive) {
		e = parse_expr(p);
	} else if (tok_is(p, "if")) {
		next(p);
		parse_expr(p);
	} else if (tok_is(p, "for")) {
		next(p);
		expect(p, T_IDENT, "a variable name");
		if (p->tok.type == T_COMMA) {
			next(p);
			expect(p, T_IDENT, "a variable name");
		}
		if (tok_is(p, "in"))
			next(p);
		else
			perr(p, p->tok.line, p->tok.col, "expected 'in' in a for directive");
		parse_expr(p);
	} else if (tok_is(p, "else") || tok_is(p, "endif") || tok_is(p, "endfor")) {
		next(p);
	} else {
		perr(p, line, col, "expected if, else, endif, for or endfor in a template directive");
	}
	if (p->tok.type == T_TILDE)
		next(p);
	if (p->tok.type != T_RBRACE) {
		perr(p, p->tok.line, p->tok.col, "expected } to close the %s, found %s",
		     directive ? "directive" : "interpolation", tok_desc(&p->tok));
		/* resynchronise: the template goes on after the next brace */
		while (p->tok.type != T_RBRACE && p->tok.type != T_EOF && p->tok.type != T_OQUOTE &&
		       !(p->tok.type == T_NEWLINE))
			next(p);
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
		    !(sb->buf[j] == '\r' && (j + 1 == sb->len || sb->buf[j + 1] == '\n')) && ind < min)
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
	struct hcl_expr *e = node(p, HCL_STRING, start), *only = NULL;
	int literal = 1, parts = 0, text = 0, closed = !quoted, strip_next = 0;
	size_t lit_floor = 0;
	const char *b = p->buf;

	while (p->pos < end) {
		char c = b[p->pos];
		if (strip_next) {
			/* "~}" strips the whitespace that follows, escapes included */
			if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
				if (c == '\n')
					newline_at(p, p->pos);
				p->pos++;
				text = 1;
				continue;
			}
			if (quoted && c == '\\' && p->pos + 1 < end && strchr("nrt", b[p->pos + 1])) {
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
			perr(p, p->line, (unsigned)(p->pos - p->bol) + 1,
			     "unterminated string (a quoted string cannot span lines; use a heredoc)");
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
			size_t saved_end = p->end;
			p->pos += 2;
			/* "${~" strips the literal text before it, not interpolated values */
			if (p->pos < end && b[p->pos] == '~')
				while (lit.len > lit_floor && strchr(" \t\r\n", lit.buf[lit.len - 1]))
					strbuf_setlen(&lit, lit.len - 1);
			p->end = end;
			if (enter(p) == 0) {
				x = parse_interp(p, c == '%');
				if (x && (x->kind == HCL_TUPLE || x->kind == HCL_OBJECT))
					literal = 0; /* no string form; only "${[...]}" alone folds */
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
			if (p->tok.type == T_RBRACE) {
				p->pos = p->tok.off + 1;
				strip_next = p->tok.off > 0 && b[p->tok.off - 1] == '~';
			} else if (p->pos > end) {
				p->pos = end;
			}
			continue;
		}
		if (c == '\n')
			newline_at(p, p->pos);
		if (quoted && c == '\\') {
			char n = p->pos + 1 < end ? b[p->pos + 1] : 0;
			unsigned line = p->line, col = (unsigned)(p->pos - p->bol) + 1;
			p->pos += 2;
			text = 1;
			switch (n) {
			case 'n': strbuf_addch(&lit, '\n'); continue;
			case 'r': strbuf_addch(&lit, '\r'); continue;
			case 't': strbuf_addch(&lit, '\t'); continue;
			case '"': strbuf_addch(&lit, '"'); continue;
			case '\\': strbuf_addch(&lit, '\\'); continue;
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
					perr(p, line, col, "invalid \\%c escape: %d hex digits of a Unicode character expected",
					     n, digits);
					continue;
				}
				p->pos += (size_t)digits;
				utf8_put(&lit, cp);
				continue;
			}
			default:
				perr(p, line, col, "invalid escape sequence in a string (\\ must be followed by n, r, t, \", \\, u or U)");
				if (n == '\n' || !n)
					p->pos--;
				continue;
			}
		}
		strbuf_addch(&lit, c);
		p->pos++;
		text = 1;
		if (lit.len > HCL_MAX_TOKEN) {
			perr(p, start->line, start->col, "string longer than %u bytes", HCL_MAX_TOKEN);
			literal = 0;
			p->pos = end;
			break;
		}
	}
	if (quoted && !closed && p->pos >= end)
		perr(p, start->line, start->col, "unterminated string");
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

static struct hcl_expr *parse_quoted(struct parser *p)
{
	struct tok start = p->tok;
	struct hcl_expr *e;

	/* p->pos is just past the opening quote */
	e = parse_template(p, &start, 1, p->end, 0);
	p->tok.off = p->pos - 1;
	p->tok.len = 1;
	next(p);
	e->srclen = p->prev_end - start.off;
	return e;
}

static struct hcl_expr *parse_heredoc(struct parser *p)
{
	struct tok start = p->tok;
	const char *b = p->buf, *delim = b + start.hd_off;
	size_t i = p->pos, content_end = p->end, after = p->end;
	struct hcl_expr *e;
	int found = 0;

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
		perr(p, start.line, start.col, "heredoc <<%s%.*s has no closing line",
		     start.hd_flush ? "-" : "", (int)start.hd_len, delim);
	e = parse_template(p, &start, 0, content_end, start.hd_flush);
	/* past the delimiter; its newline ends the attribute */
	for (; p->pos < after; p->pos++)
		if (b[p->pos] == '\n')
			newline_at(p, p->pos);
	p->pos = after;
	p->tok.off = after;
	p->tok.len = 0;
	next(p);
	e->srclen = after - start.off;
	return e;
}

static void parse_for(struct parser *p, enum tok_type close)
{
	next(p); /* for */
	expect(p, T_IDENT, "a variable name after for");
	if (p->tok.type == T_COMMA) {
		next(p);
		expect(p, T_IDENT, "a variable name");
	}
	if (tok_is(p, "in"))
		next(p);
	else
		perr(p, p->tok.line, p->tok.col, "expected 'in' in a for expression");
	parse_expr(p);
	expect(p, T_COLON, "':' in a for expression");
	parse_expr(p);
	if (close == T_RBRACE) {
		expect(p, T_FATARROW, "'=>' in an object for expression");
		parse_expr(p);
		if (p->tok.type == T_ELLIPSIS)
			next(p);
	}
	if (tok_is(p, "if")) {
		next(p);
		parse_expr(p);
	}
}

static int peek_for(struct parser *p)
{
	struct lexstate s;
	int r;

	if (!tok_is(p, "for"))
		return 0;
	save(p, &s);
	next(p);
	r = p->tok.type == T_IDENT;
	restore(p, &s);
	return r;
}

/* recover inside brackets: skip to the closing token at this level */
static void skip_to_close(struct parser *p, enum tok_type close)
{
	int depth = 0;

	while (p->tok.type != T_EOF) {
		enum tok_type t = p->tok.type;
		if (t == T_LBRACE || t == T_LBRACK || t == T_LPAREN)
			depth++;
		else if (t == T_RBRACE || t == T_RBRACK || t == T_RPAREN) {
			if (!depth) {
				if (t != close)
					return;
				break;
			}
			depth--;
		} else if (t == T_OQUOTE) {
			parse_quoted(p);
			continue;
		} else if (t == T_HEREDOC) {
			parse_heredoc(p);
			continue;
		}
		next(p);
	}
}

static struct hcl_expr *parse_tuple(struct parser *p)
{
	struct tok start = p->tok;
	struct hcl_expr *e = node(p, HCL_TUPLE, &start), **tail = &e->items;
	int saved = p->nl_ignore;

	p->nl_ignore = 1;
	next(p);
	if (peek_for(p)) {
		e->kind = HCL_EXPR;
		parse_for(p, T_RBRACK);
	} else {
		while (p->tok.type != T_RBRACK && p->tok.type != T_EOF) {
			*tail = parse_expr(p);
			tail = &(*tail)->next;
			if (p->tok.type == T_COMMA) {
				next(p);
			} else if (p->tok.type != T_RBRACK) {
				perr(p, p->tok.line, p->tok.col, "expected ',' or ']' in a list, found %s",
				     tok_desc(&p->tok));
				break;
			}
		}
	}
	if (p->tok.type != T_RBRACK)
		skip_to_close(p, T_RBRACK);
	p->nl_ignore = saved;
	if (expect(p, T_RBRACK, "']'") == 0 || 1)
		finish(p, e);
	return e;
}

static struct hcl_expr *parse_object(struct parser *p)
{
	struct tok start = p->tok;
	struct hcl_expr *e = node(p, HCL_OBJECT, &start), **vt = &e->items, **kt = &e->keys;
	int saved = p->nl_ignore;

	p->nl_ignore = 0;
	next(p);
	while (p->tok.type == T_NEWLINE)
		next(p);
	if (peek_for(p)) {
		p->nl_ignore = 1;
		e->kind = HCL_EXPR;
		parse_for(p, T_RBRACE);
		p->nl_ignore = 0;
		while (p->tok.type == T_NEWLINE)
			next(p);
	} else {
		while (p->tok.type != T_RBRACE && p->tok.type != T_EOF) {
			struct hcl_expr *k;
			struct lexstate s;
			save(p, &s);
			if (p->tok.type == T_IDENT) {
				struct tok id = p->tok;
				next(p);
				if (p->tok.type == T_EQ || p->tok.type == T_COLON) {
					k = node(p, HCL_STRING, &id);
					k->srclen = id.len;
					k->s = hcl_arena_strdup(p->f, p->buf + id.off, id.len);
					k->len = id.len;
				} else {
					restore(p, &s);
					k = parse_expr(p);
				}
			} else {
				k = parse_expr(p);
			}
			*kt = k;
			kt = &k->next;
			if (p->tok.type != T_EQ && p->tok.type != T_COLON) {
				perr(p, p->tok.line, p->tok.col, "expected '=' after an object key, found %s",
				     tok_desc(&p->tok));
				*vt = node(p, HCL_NULL, &p->tok);
				break;
			}
			next(p);
			*vt = parse_expr(p);
			vt = &(*vt)->next;
			if (p->tok.type == T_COMMA)
				next(p);
			else if (p->tok.type != T_NEWLINE && p->tok.type != T_RBRACE) {
				perr(p, p->tok.line, p->tok.col,
				     "expected ',' or a newline after an object item, found %s",
				     tok_desc(&p->tok));
				break;
			}
			while (p->tok.type == T_NEWLINE)
				next(p);
		}
	}
	if (p->tok.type != T_RBRACE)
		skip_to_close(p, T_RBRACE);
	p->nl_ignore = saved;
	expect(p, T_RBRACE, "'}'");
	finish(p, e);
	return e;
}

static struct hcl_expr *parse_call_args(struct parser *p, struct hcl_expr *e)
{
	int saved = p->nl_ignore;

	p->nl_ignore = 1;
	next(p); /* ( */
	while (p->tok.type != T_RPAREN && p->tok.type != T_EOF) {
		parse_expr(p);
		if (p->tok.type == T_ELLIPSIS)
			next(p);
		if (p->tok.type == T_COMMA) {
			next(p);
		} else if (p->tok.type != T_RPAREN) {
			perr(p, p->tok.line, p->tok.col, "expected ',' or ')' in a function call, found %s",
			     tok_desc(&p->tok));
			skip_to_close(p, T_RPAREN);
			break;
		}
	}
	p->nl_ignore = saved;
	expect(p, T_RPAREN, "')'");
	e->kind = HCL_EXPR;
	finish(p, e);
	return e;
}

static struct hcl_expr *parse_primary(struct parser *p)
{
	struct tok t = p->tok;
	struct hcl_expr *e;

	switch (t.type) {
	case T_NUMBER: {
		char tmp[64];
		size_t n = t.len < sizeof(tmp) - 1 ? t.len : sizeof(tmp) - 1;
		e = node(p, HCL_NUMBER, &t);
		memcpy(tmp, p->buf + t.off, n);
		tmp[n] = '\0';
		e->num = strtod(tmp, NULL);
		next(p);
		finish(p, e);
		return e;
	}
	case T_IDENT:
		if (tok_is(p, "true") || tok_is(p, "false")) {
			e = node(p, HCL_BOOL, &t);
			e->b = tok_is(p, "true");
			next(p);
			finish(p, e);
			return e;
		}
		if (tok_is(p, "null")) {
			e = node(p, HCL_NULL, &t);
			next(p);
			finish(p, e);
			return e;
		}
		e = node(p, HCL_EXPR, &t);
		next(p);
		while (p->tok.type == T_DCOLON) { /* provider::aws::arn_parse */
			next(p);
			expect(p, T_IDENT, "a name after ::");
		}
		if (p->tok.type == T_LPAREN)
			return parse_call_args(p, e);
		finish(p, e);
		return e;
	case T_OQUOTE:
		return parse_quoted(p);
	case T_HEREDOC:
		return parse_heredoc(p);
	case T_LBRACK:
		return parse_tuple(p);
	case T_LBRACE:
		return parse_object(p);
	case T_LPAREN: {
		int saved = p->nl_ignore;
		e = node(p, HCL_EXPR, &t);
		p->nl_ignore = 1;
		next(p);
		parse_expr(p);
		p->nl_ignore = saved;
		if (p->tok.type != T_RPAREN)
			skip_to_close(p, T_RPAREN);
		expect(p, T_RPAREN, "')'");
		finish(p, e);
		return e;
	}
	default:
		e = node(p, HCL_EXPR, &t);
		perr(p, t.line, t.col, "expected an expression, found %s", tok_desc(&t));
		if (t.type == T_INVALID)
			next(p);
		finish(p, e);
		return e;
	}
}

static struct hcl_expr *parse_postfix(struct parser *p)
{
	struct hcl_expr *e = parse_primary(p);

	for (;;) {
		if (p->tok.type == T_DOT) {
			next(p);
			if (p->tok.type == T_IDENT || p->tok.type == T_NUMBER || p->tok.type == T_STAR)
				next(p);
			else
				perr(p, p->tok.line, p->tok.col, "expected an attribute name after '.'");
		} else if (p->tok.type == T_LBRACK) {
			int saved = p->nl_ignore;
			p->nl_ignore = 1;
			next(p);
			if (p->tok.type == T_STAR)
				next(p);
			else
				parse_expr(p);
			p->nl_ignore = saved;
			if (p->tok.type != T_RBRACK)
				skip_to_close(p, T_RBRACK);
			expect(p, T_RBRACK, "']'");
		} else {
			break;
		}
		e->kind = HCL_EXPR;
		finish(p, e);
	}
	return e;
}

static struct hcl_expr *parse_unary(struct parser *p)
{
	struct tok t = p->tok;
	struct hcl_expr *e, *x;

	if (t.type != T_MINUS && t.type != T_BANG)
		return parse_postfix(p);
	if (enter(p)) {
		p->depth--;
		return node(p, HCL_EXPR, &t);
	}
	next(p);
	x = parse_unary(p);
	p->depth--;
	e = node(p, HCL_EXPR, &t);
	/* constant folding as HCL does: -1 is a number, !true a bool */
	if (t.type == T_MINUS && x->kind == HCL_NUMBER) {
		e->kind = HCL_NUMBER;
		e->num = -x->num;
		e->folded = 1;
	} else if (t.type == T_BANG && x->kind == HCL_BOOL) {
		e->kind = HCL_BOOL;
		e->b = !x->b;
		e->folded = 1;
	}
	finish(p, e);
	return e;
}

static int binop_level(enum tok_type t)
{
	switch (t) {
	case T_OR: return 0;
	case T_AND: return 1;
	case T_EQEQ: case T_NEQ: return 2;
	case T_LT: case T_GT: case T_LE: case T_GE: return 3;
	case T_PLUS: case T_MINUS: return 4;
	case T_STAR: case T_SLASH: case T_PERCENT: return 5;
	default: return -1;
	}
}

static struct hcl_expr *parse_binary(struct parser *p, int level)
{
	struct tok start = p->tok;
	struct hcl_expr *e = level > 5 ? parse_unary(p) : parse_binary(p, level + 1);

	while (binop_level(p->tok.type) == level && level <= 5) {
		struct hcl_expr *x = node(p, HCL_EXPR, &start);
		next(p);
		parse_binary(p, level + 1);
		finish(p, x);
		e = x;
	}
	return e;
}

static struct hcl_expr *parse_expr(struct parser *p)
{
	struct tok start = p->tok;
	struct hcl_expr *e;

	if (enter(p)) {
		p->depth--;
		return node(p, HCL_EXPR, &start);
	}
	e = parse_binary(p, 0);
	if (p->tok.type == T_QUESTION) {
		struct hcl_expr *x = node(p, HCL_EXPR, &start);
		next(p);
		parse_expr(p);
		expect(p, T_COLON, "':' in a conditional");
		parse_expr(p);
		finish(p, x);
		e = x;
	}
	p->depth--;
	return e;
}

/* skip the rest of a broken line (and any brackets opened on it) */
static void recover(struct parser *p)
{
	int depth = 0;

	p->nl_ignore = 0;
	while (p->tok.type != T_EOF) {
		enum tok_type t = p->tok.type;
		if (t == T_NEWLINE && depth == 0)
			return;
		if (t == T_LBRACE || t == T_LBRACK || t == T_LPAREN)
			depth++;
		else if (t == T_RBRACE || t == T_RBRACK || t == T_RPAREN) {
			if (depth == 0)
				return;
			depth--;
		} else if (t == T_OQUOTE) {
			/* raw skip to the end of the string or line */
			while (p->pos < p->end && p->buf[p->pos] != '"' && p->buf[p->pos] != '\n')
				p->pos += p->buf[p->pos] == '\\' ? 2 : 1;
			if (p->pos > p->end)
				p->pos = p->end;
			if (p->pos < p->end && p->buf[p->pos] == '"')
				p->pos++;
		}
		next(p);
	}
}

static void end_of_item(struct parser *p, int in_block)
{
	if (p->tok.type == T_NEWLINE) {
		next(p);
		return;
	}
	/* only a one-line block ("x { a = 1 }") may close on the attribute's line */
	if (p->tok.type == T_EOF || (in_block == 2 && p->tok.type == T_RBRACE))
		return;
	perr(p, p->tok.line, p->tok.col, "expected a newline after an attribute or block, found %s",
	     tok_desc(&p->tok));
	recover(p);
}

static void parse_block(struct parser *p, struct hcl_body *body, const struct tok *type,
			int in_block)
{
	struct hcl_block *k = hcl_arena_alloc(p->f, sizeof(*k));
	struct hcl_label **lt = &k->labels;

	k->type = p->buf + type->off;
	k->typelen = type->len;
	k->line = type->line;
	k->col = type->col;
	k->body = hcl_arena_alloc(p->f, sizeof(*k->body));
	while (p->tok.type == T_IDENT || p->tok.type == T_OQUOTE) {
		struct hcl_label *l = hcl_arena_alloc(p->f, sizeof(*l));
		if (p->tok.type == T_IDENT) {
			l->s = hcl_arena_strdup(p->f, p->buf + p->tok.off, p->tok.len);
			l->len = p->tok.len;
			next(p);
		} else {
			struct tok at = p->tok;
			struct hcl_expr *e = parse_quoted(p);
			if (e->kind != HCL_STRING) {
				perr(p, at.line, at.col, "a block label must be a literal string");
				l->s = "";
			} else {
				l->s = e->s;
				l->len = e->len;
			}
		}
		*lt = l;
		lt = &l->next;
		k->nlabels++;
	}
	*body->block_tail = k;
	body->block_tail = &k->next;
	if (p->tok.type != T_LBRACE) {
		perr(p, p->tok.line, p->tok.col, "expected '{' to open the %.*s block, found %s",
		     (int)type->len, p->buf + type->off, tok_desc(&p->tok));
		recover(p);
		return;
	}
	next(p);
	if (enter(p) == 0)
		parse_body(p, k->body, p->tok.type == T_NEWLINE ? 1 : 2);
	p->depth--;
	if (p->tok.type == T_RBRACE) {
		next(p);
		end_of_item(p, in_block);
	} else if (p->tok.type == T_EOF) {
		perr(p, k->line, k->col, "the %.*s block is not closed", (int)type->len,
		     p->buf + type->off);
	}
}

/* HCL refuses an attribute set twice in one body ("Attribute redefined") */
static void dup_check(struct parser *p, const struct hcl_body *body, const struct hcl_attr *a)
{
	size_t n = 0;

	for (const struct hcl_attr *o = body->attrs; o && n < 1024; o = o->next, n++)
		if (o->namelen == a->namelen && !memcmp(o->name, a->name, a->namelen)) {
			perr(p, a->line, a->col, "attribute '%.*s' is set twice (first on line %u)",
			     (int)a->namelen, a->name, o->line);
			return;
		}
}

static void parse_body(struct parser *p, struct hcl_body *body, int in_block)
{
	body->attr_tail = &body->attrs;
	body->block_tail = &body->blocks;
	for (;;) {
		struct tok name;
		while (p->tok.type == T_NEWLINE)
			next(p);
		if (p->tok.type == T_EOF)
			return;
		if (p->tok.type == T_RBRACE) {
			if (in_block)
				return;
			perr(p, p->tok.line, p->tok.col, "unexpected '}'");
			next(p);
			continue;
		}
		if (p->tok.type != T_IDENT) {
			perr(p, p->tok.line, p->tok.col, "expected an attribute or a block, found %s",
			     tok_desc(&p->tok));
			if (p->tok.type == T_INVALID || p->tok.type == T_RBRACK || p->tok.type == T_RPAREN)
				next(p);
			recover(p);
			continue;
		}
		name = p->tok;
		next(p);
		if (p->tok.type == T_EQ) {
			struct hcl_attr *a = hcl_arena_alloc(p->f, sizeof(*a));
			a->name = p->buf + name.off;
			a->namelen = name.len;
			a->line = name.line;
			a->col = name.col;
			next(p);
			a->expr = parse_expr(p);
			dup_check(p, body, a);
			*body->attr_tail = a;
			body->attr_tail = &a->next;
			end_of_item(p, in_block);
		} else {
			parse_block(p, body, &name, in_block);
		}
	}
}

int hcl_parse(struct hcl_file *out, const char *buf, size_t len, const char *name,
	      struct diags *d)
{
	struct parser p = { 0 };

	memset(out, 0, sizeof(*out));
	out->name = name;
	p.buf = buf;
	p.end = len;
	p.line = 1;
	p.name = name;
	p.d = d;
	p.f = out;
	/* a UTF-8 byte order mark is allowed at the start */
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		p.pos = p.bol = 3;
	out->body = hcl_arena_alloc(out, sizeof(*out->body));
	p.tok.type = T_NEWLINE;
	next(&p);
	parse_body(&p, out->body, 0);
	out->nerrors = p.nerr;
	return p.nerr ? -1 : 0;
}
