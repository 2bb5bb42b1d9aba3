/*
 * hcl_lex.c - the HCL2 native-syntax lexer: one token of lookahead over
 * (buf, len), with line and column. Newlines are tokens (they end
 * attributes) except where the parser says to ignore them (nl_ignore).
 * Strings and heredocs are only recognised here; their insides are read by
 * hcl_template.c, which calls back into the lexer for each ${ }.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "tf/hcl_lex.h"
#include "core/banned.h"

void hcl_perr(struct parser *p, unsigned line, unsigned col, const char *fmt, ...)
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

void hcl_newline_at(struct parser *p, size_t nl)
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
			hcl_newline_at(p, p->pos);
			p->pos++;
		} else if (c == '#' || (c == '/' && p->pos + 1 < p->end && b[p->pos + 1] == '/')) {
			const char *nl = memchr(b + p->pos, '\n', p->end - p->pos);
			p->pos = nl ? (size_t)(nl - b) : p->end;
		} else if (c == '/' && p->pos + 1 < p->end && b[p->pos + 1] == '*') {
			unsigned line = p->line, col = (unsigned)(p->pos - p->bol) + 1;
			size_t i = p->pos + 2;
			while (i + 1 < p->end && !(b[i] == '*' && b[i + 1] == '/')) {
				if (b[i] == '\n')
					hcl_newline_at(p, i);
				i++;
			}
			if (i + 1 >= p->end) {
				if (i < p->end && b[i] == '\n')
					hcl_newline_at(p, i);
				hcl_perr(p, line, col, "unterminated /* comment");
				p->pos = p->end;
			} else {
				p->pos = i + 2;
			}
		} else {
			break;
		}
	}
}

void hcl_next(struct parser *p)
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
		hcl_newline_at(p, p->pos - 1);
		t->type = T_NEWLINE;
		return;
	case '{':
		t->type = T_LBRACE;
		return;
	case '}':
		t->type = T_RBRACE;
		return;
	case '[':
		t->type = T_LBRACK;
		return;
	case ']':
		t->type = T_RBRACK;
		return;
	case '(':
		t->type = T_LPAREN;
		return;
	case ')':
		t->type = T_RPAREN;
		return;
	case ',':
		t->type = T_COMMA;
		return;
	case '?':
		t->type = T_QUESTION;
		return;
	case '+':
		t->type = T_PLUS;
		return;
	case '-':
		t->type = T_MINUS;
		return;
	case '*':
		t->type = T_STAR;
		return;
	case '/':
		t->type = T_SLASH;
		return;
	case '%':
		t->type = T_PERCENT;
		return;
	case '~':
		t->type = T_TILDE;
		return;
	case '"':
		t->type = T_OQUOTE;
		return;
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
					hcl_newline_at(p, i);
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
			hcl_perr(p, t->line, t->col, "identifier too long (%zu bytes)", t->len);
		return;
	}
	t->type = T_INVALID;
	if (c >= 0x20 && c < 0x7f)
		hcl_perr(p, t->line, t->col, "unexpected character '%c'", c);
	else
		hcl_perr(p, t->line, t->col, "unexpected byte 0x%02x", c);
}

void hcl_save(const struct parser *p, struct lexstate *s)
{
	*s = (struct lexstate){p->pos, p->bol, p->prev_end, p->line, p->tok, p->nerr};
}

void hcl_restore(struct parser *p, const struct lexstate *s)
{
	p->pos = s->pos;
	p->bol = s->bol;
	p->prev_end = s->prev_end;
	p->line = s->line;
	p->tok = s->tok;
	p->nerr = s->nerr;
}

int hcl_tok_is(const struct parser *p, const char *word)
{
	return p->tok.type == T_IDENT && hcl_name_is(p->buf + p->tok.off, p->tok.len, word);
}

const char *hcl_tok_desc(const struct tok *t)
{
	switch (t->type) {
	case T_EOF:
		return "end of file";
	case T_NEWLINE:
		return "newline";
	case T_IDENT:
		return "identifier";
	case T_NUMBER:
		return "number";
	case T_OQUOTE:
		return "string";
	case T_HEREDOC:
		return "heredoc";
	default:
		return "symbol";
	}
}

struct hcl_expr *hcl_node(struct parser *p, enum hcl_kind kind, const struct tok *at)
{
	struct hcl_expr *e = hcl_arena_alloc(p->f, sizeof(*e));

	e->kind = kind;
	e->line = at->line;
	e->col = at->col;
	e->src = p->buf + at->off;
	return e;
}

void hcl_finish(struct parser *p, struct hcl_expr *e)
{
	size_t start = (size_t)(e->src - p->buf);
	e->srclen = p->prev_end > start ? p->prev_end - start : 0;
}

int hcl_expect(struct parser *p, enum tok_type type, const char *what)
{
	if (p->tok.type == type) {
		hcl_next(p);
		return 0;
	}
	hcl_perr(p, p->tok.line, p->tok.col, "expected %s, found %s", what, hcl_tok_desc(&p->tok));
	return -1;
}

int hcl_enter(struct parser *p)
{
	if (++p->depth > HCL_MAX_DEPTH) {
		if (p->depth == HCL_MAX_DEPTH + 1)
			hcl_perr(p, p->tok.line, p->tok.col, "nested more than %d levels deep",
				 HCL_MAX_DEPTH);
		p->pos = p->end;
		p->tok.type = T_EOF;
		return -1;
	}
	return 0;
}
