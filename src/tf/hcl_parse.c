/*
 * hcl_parse.c - the HCL2 native syntax parser (hcl.h), recursive descent
 * over the tokens of hcl_lex.c, following HashiCorp's hclsyntax spec:
 * bodies of attributes and blocks, tuples, objects, function calls (with
 * ... and provider:: names), index/attribute/splat traversals,
 * for-expressions, conditionals, and the spec's operator precedence
 * (|| && == != < > <= >= + - * / % then unary - !). Errors are recorded
 * with position; the parser skips to the end of the broken line and goes
 * on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "tf/hcl_lex.h"
#include "core/banned.h"

static void parse_body(struct parser *p, struct hcl_body *body, int in_block);

void hcl_parse_for_head(struct parser *p, const char *what)
{
	hcl_next(p); /* for */
	hcl_expect(p, T_IDENT, "a variable name after for");
	if (p->tok.type == T_COMMA) {
		hcl_next(p);
		hcl_expect(p, T_IDENT, "a variable name");
	}
	if (hcl_tok_is(p, "in"))
		hcl_next(p);
	else
		hcl_perr(p, p->tok.line, p->tok.col, "expected 'in' in a for %s", what);
	hcl_parse_expr(p);
}

static void parse_for(struct parser *p, enum tok_type close)
{
	hcl_parse_for_head(p, "expression");
	hcl_expect(p, T_COLON, "':' in a for expression");
	hcl_parse_expr(p);
	if (close == T_RBRACE) {
		hcl_expect(p, T_FATARROW, "'=>' in an object for expression");
		hcl_parse_expr(p);
		if (p->tok.type == T_ELLIPSIS)
			hcl_next(p);
	}
	if (hcl_tok_is(p, "if")) {
		hcl_next(p);
		hcl_parse_expr(p);
	}
}

static int peek_for(struct parser *p)
{
	struct lexstate s;
	int r;

	if (!hcl_tok_is(p, "for"))
		return 0;
	hcl_save(p, &s);
	hcl_next(p);
	r = p->tok.type == T_IDENT;
	hcl_restore(p, &s);
	return r;
}

/* recover inside brackets: skip to the closing token at this level */
static void skip_to_close(struct parser *p, enum tok_type close)
{
	int depth = 0;

	while (p->tok.type != T_EOF) {
		enum tok_type t = p->tok.type;
		size_t before = p->tok.off;

		if (t == T_LBRACE || t == T_LBRACK || t == T_LPAREN)
			depth++;
		else if (t == T_RBRACE || t == T_RBRACK || t == T_RPAREN) {
			if (!depth) {
				if (t != close)
					return;
				break;
			}
			depth--;
		} else if (t == T_OQUOTE || t == T_HEREDOC) {
			if (t == T_OQUOTE)
				hcl_parse_quoted(p);
			else
				hcl_parse_heredoc(p);
			/* recovery must move forward: a broken template can leave the
			 * lexer on the token it started from */
			if (p->tok.type != T_EOF && p->tok.off <= before)
				return;
			continue;
		}
		hcl_next(p);
	}
}

static struct hcl_expr *parse_tuple(struct parser *p)
{
	struct tok start = p->tok;
	struct hcl_expr *e = hcl_node(p, HCL_TUPLE, &start), **tail = &e->items;
	int saved = p->nl_ignore;

	p->nl_ignore = 1;
	hcl_next(p);
	if (peek_for(p)) {
		e->kind = HCL_EXPR;
		parse_for(p, T_RBRACK);
	} else {
		while (p->tok.type != T_RBRACK && p->tok.type != T_EOF) {
			*tail = hcl_parse_expr(p);
			tail = &(*tail)->next;
			if (p->tok.type == T_COMMA) {
				hcl_next(p);
			} else if (p->tok.type != T_RBRACK) {
				hcl_perr(p, p->tok.line, p->tok.col,
					 "expected ',' or ']' in a list, found %s",
					 hcl_tok_desc(&p->tok));
				break;
			}
		}
	}
	if (p->tok.type != T_RBRACK)
		skip_to_close(p, T_RBRACK);
	p->nl_ignore = saved;
	if (hcl_expect(p, T_RBRACK, "']'") == 0 || 1)
		hcl_finish(p, e);
	return e;
}

static struct hcl_expr *parse_object(struct parser *p)
{
	struct tok start = p->tok;
	struct hcl_expr *e = hcl_node(p, HCL_OBJECT, &start), **vt = &e->items, **kt = &e->keys;
	int saved = p->nl_ignore;

	p->nl_ignore = 0;
	hcl_next(p);
	while (p->tok.type == T_NEWLINE)
		hcl_next(p);
	if (peek_for(p)) {
		p->nl_ignore = 1;
		e->kind = HCL_EXPR;
		parse_for(p, T_RBRACE);
		p->nl_ignore = 0;
		while (p->tok.type == T_NEWLINE)
			hcl_next(p);
	} else {
		while (p->tok.type != T_RBRACE && p->tok.type != T_EOF) {
			struct hcl_expr *k;
			struct lexstate s;
			hcl_save(p, &s);
			if (p->tok.type == T_IDENT) {
				struct tok id = p->tok;
				hcl_next(p);
				if (p->tok.type == T_EQ || p->tok.type == T_COLON) {
					k = hcl_node(p, HCL_STRING, &id);
					k->srclen = id.len;
					k->s = hcl_arena_strdup(p->f, p->buf + id.off, id.len);
					k->len = id.len;
				} else {
					hcl_restore(p, &s);
					k = hcl_parse_expr(p);
				}
			} else {
				k = hcl_parse_expr(p);
			}
			*kt = k;
			kt = &k->next;
			if (p->tok.type != T_EQ && p->tok.type != T_COLON) {
				hcl_perr(p, p->tok.line, p->tok.col,
					 "expected '=' after an object key, found %s",
					 hcl_tok_desc(&p->tok));
				*vt = hcl_node(p, HCL_NULL, &p->tok);
				break;
			}
			hcl_next(p);
			*vt = hcl_parse_expr(p);
			vt = &(*vt)->next;
			if (p->tok.type == T_COMMA)
				hcl_next(p);
			else if (p->tok.type != T_NEWLINE && p->tok.type != T_RBRACE) {
				hcl_perr(p, p->tok.line, p->tok.col,
					 "expected ',' or a newline after an object item, found %s",
					 hcl_tok_desc(&p->tok));
				break;
			}
			while (p->tok.type == T_NEWLINE)
				hcl_next(p);
		}
	}
	if (p->tok.type != T_RBRACE)
		skip_to_close(p, T_RBRACE);
	p->nl_ignore = saved;
	hcl_expect(p, T_RBRACE, "'}'");
	hcl_finish(p, e);
	return e;
}

static struct hcl_expr *parse_call_args(struct parser *p, struct hcl_expr *e)
{
	int saved = p->nl_ignore;

	p->nl_ignore = 1;
	hcl_next(p); /* ( */
	while (p->tok.type != T_RPAREN && p->tok.type != T_EOF) {
		hcl_parse_expr(p);
		if (p->tok.type == T_ELLIPSIS)
			hcl_next(p);
		if (p->tok.type == T_COMMA) {
			hcl_next(p);
		} else if (p->tok.type != T_RPAREN) {
			hcl_perr(p, p->tok.line, p->tok.col,
				 "expected ',' or ')' in a function call, found %s",
				 hcl_tok_desc(&p->tok));
			skip_to_close(p, T_RPAREN);
			break;
		}
	}
	p->nl_ignore = saved;
	hcl_expect(p, T_RPAREN, "')'");
	e->kind = HCL_EXPR;
	hcl_finish(p, e);
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
		e = hcl_node(p, HCL_NUMBER, &t);
		memcpy(tmp, p->buf + t.off, n);
		tmp[n] = '\0';
		e->num = strtod(tmp, NULL);
		hcl_next(p);
		hcl_finish(p, e);
		return e;
	}
	case T_IDENT:
		if (hcl_tok_is(p, "true") || hcl_tok_is(p, "false")) {
			e = hcl_node(p, HCL_BOOL, &t);
			e->b = hcl_tok_is(p, "true");
			hcl_next(p);
			hcl_finish(p, e);
			return e;
		}
		if (hcl_tok_is(p, "null")) {
			e = hcl_node(p, HCL_NULL, &t);
			hcl_next(p);
			hcl_finish(p, e);
			return e;
		}
		e = hcl_node(p, HCL_EXPR, &t);
		hcl_next(p);
		while (p->tok.type == T_DCOLON) { /* provider::aws::arn_parse */
			hcl_next(p);
			hcl_expect(p, T_IDENT, "a name after ::");
		}
		if (p->tok.type == T_LPAREN)
			return parse_call_args(p, e);
		hcl_finish(p, e);
		return e;
	case T_OQUOTE:
		return hcl_parse_quoted(p);
	case T_HEREDOC:
		return hcl_parse_heredoc(p);
	case T_LBRACK:
		return parse_tuple(p);
	case T_LBRACE:
		return parse_object(p);
	case T_LPAREN: {
		int saved = p->nl_ignore;
		e = hcl_node(p, HCL_EXPR, &t);
		p->nl_ignore = 1;
		hcl_next(p);
		hcl_parse_expr(p);
		p->nl_ignore = saved;
		if (p->tok.type != T_RPAREN)
			skip_to_close(p, T_RPAREN);
		hcl_expect(p, T_RPAREN, "')'");
		hcl_finish(p, e);
		return e;
	}
	default:
		e = hcl_node(p, HCL_EXPR, &t);
		hcl_perr(p, t.line, t.col, "expected an expression, found %s", hcl_tok_desc(&t));
		if (t.type == T_INVALID)
			hcl_next(p);
		hcl_finish(p, e);
		return e;
	}
}

static struct hcl_expr *parse_postfix(struct parser *p)
{
	struct hcl_expr *e = parse_primary(p);

	for (;;) {
		if (p->tok.type == T_DOT) {
			hcl_next(p);
			if (p->tok.type == T_IDENT || p->tok.type == T_NUMBER ||
			    p->tok.type == T_STAR)
				hcl_next(p);
			else
				hcl_perr(p, p->tok.line, p->tok.col,
					 "expected an attribute name after '.'");
		} else if (p->tok.type == T_LBRACK) {
			int saved = p->nl_ignore;
			p->nl_ignore = 1;
			hcl_next(p);
			if (p->tok.type == T_STAR)
				hcl_next(p);
			else
				hcl_parse_expr(p);
			p->nl_ignore = saved;
			if (p->tok.type != T_RBRACK)
				skip_to_close(p, T_RBRACK);
			hcl_expect(p, T_RBRACK, "']'");
		} else {
			break;
		}
		e->kind = HCL_EXPR;
		hcl_finish(p, e);
	}
	return e;
}

static struct hcl_expr *parse_unary(struct parser *p)
{
	struct tok t = p->tok;
	struct hcl_expr *e, *x;

	if (t.type != T_MINUS && t.type != T_BANG)
		return parse_postfix(p);
	if (hcl_enter(p)) {
		p->depth--;
		return hcl_node(p, HCL_EXPR, &t);
	}
	hcl_next(p);
	x = parse_unary(p);
	p->depth--;
	e = hcl_node(p, HCL_EXPR, &t);
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
	hcl_finish(p, e);
	return e;
}

static int binop_level(enum tok_type t)
{
	switch (t) {
	case T_OR:
		return 0;
	case T_AND:
		return 1;
	case T_EQEQ:
	case T_NEQ:
		return 2;
	case T_LT:
	case T_GT:
	case T_LE:
	case T_GE:
		return 3;
	case T_PLUS:
	case T_MINUS:
		return 4;
	case T_STAR:
	case T_SLASH:
	case T_PERCENT:
		return 5;
	default:
		return -1;
	}
}

/*
 * Precedence climbing: one call per operand instead of one per level, the
 * hot path of parsing. Operators of one level are left-associative.
 */
static struct hcl_expr *parse_binary(struct parser *p, int min_level)
{
	struct tok start = p->tok;
	struct hcl_expr *e = parse_unary(p);
	int level;

	while ((level = binop_level(p->tok.type)) >= min_level) {
		struct hcl_expr *x = hcl_node(p, HCL_EXPR, &start);
		hcl_next(p);
		parse_binary(p, level + 1);
		hcl_finish(p, x);
		e = x;
	}
	return e;
}

struct hcl_expr *hcl_parse_expr(struct parser *p)
{
	struct tok start = p->tok;
	struct hcl_expr *e;

	if (hcl_enter(p)) {
		p->depth--;
		return hcl_node(p, HCL_EXPR, &start);
	}
	e = parse_binary(p, 0);
	if (p->tok.type == T_QUESTION) {
		struct hcl_expr *x = hcl_node(p, HCL_EXPR, &start);
		hcl_next(p);
		hcl_parse_expr(p);
		hcl_expect(p, T_COLON, "':' in a conditional");
		hcl_parse_expr(p);
		hcl_finish(p, x);
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
		hcl_next(p);
	}
}

static void end_of_item(struct parser *p, int in_block)
{
	if (p->tok.type == T_NEWLINE) {
		hcl_next(p);
		return;
	}
	/* only a one-line block ("x { a = 1 }") may close on the attribute's line */
	if (p->tok.type == T_EOF || (in_block == 2 && p->tok.type == T_RBRACE))
		return;
	hcl_perr(p, p->tok.line, p->tok.col,
		 "expected a newline after an attribute or block, found %s", hcl_tok_desc(&p->tok));
	recover(p);
}

static int kept(const struct parser *p, const struct tok *type)
{
	for (const char *const *k = p->keep; *k; k++)
		if (hcl_name_is(p->buf + type->off, type->len, *k))
			return 1;
	return 0;
}

/* hcl_parse_skim(): past a block's body without reading it (after its '{'). */
static void skim_body(struct parser *p, const struct hcl_block *k)
{
	for (;;) {
		skip_to_close(p, T_RBRACE);
		if (p->tok.type == T_RBRACE) {
			hcl_next(p);
			end_of_item(p, 0);
			return;
		}
		if (p->tok.type == T_EOF) {
			hcl_perr(p, k->line, k->col, "the %.*s block is not closed",
				 (int)k->typelen, k->type);
			return;
		}
		/* a ']' or ')' that closes nothing */
		hcl_perr(p, p->tok.line, p->tok.col, "unexpected %s", hcl_tok_desc(&p->tok));
		hcl_next(p);
	}
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
			hcl_next(p);
		} else {
			struct tok at = p->tok;
			struct hcl_expr *e = hcl_parse_quoted(p);
			if (e->kind != HCL_STRING) {
				hcl_perr(p, at.line, at.col,
					 "a block label must be a literal string");
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
		hcl_perr(p, p->tok.line, p->tok.col,
			 "expected '{' to open the %.*s block, found %s", (int)type->len,
			 p->buf + type->off, hcl_tok_desc(&p->tok));
		recover(p);
		return;
	}
	hcl_next(p);
	if (p->keep && body == p->f->body && !kept(p, type)) {
		skim_body(p, k);
		return;
	}
	if (hcl_enter(p) == 0)
		parse_body(p, k->body, p->tok.type == T_NEWLINE ? 1 : 2);
	p->depth--;
	if (p->tok.type == T_RBRACE) {
		hcl_next(p);
		end_of_item(p, in_block);
	} else if (p->tok.type == T_EOF) {
		hcl_perr(p, k->line, k->col, "the %.*s block is not closed", (int)type->len,
			 p->buf + type->off);
	}
}

/* HCL refuses an attribute set twice in one body ("Attribute redefined") */
static void dup_check(struct parser *p, const struct hcl_body *body, const struct hcl_attr *a)
{
	size_t n = 0;

	for (const struct hcl_attr *o = body->attrs; o && n < 1024; o = o->next, n++)
		if (o->namelen == a->namelen && !memcmp(o->name, a->name, a->namelen)) {
			hcl_perr(p, a->line, a->col,
				 "attribute '%.*s' is set twice (first on line %u)",
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
			hcl_next(p);
		if (p->tok.type == T_EOF)
			return;
		if (p->tok.type == T_RBRACE) {
			if (in_block)
				return;
			hcl_perr(p, p->tok.line, p->tok.col, "unexpected '}'");
			hcl_next(p);
			continue;
		}
		if (p->tok.type != T_IDENT) {
			hcl_perr(p, p->tok.line, p->tok.col,
				 "expected an attribute or a block, found %s",
				 hcl_tok_desc(&p->tok));
			if (p->tok.type == T_INVALID || p->tok.type == T_RBRACK ||
			    p->tok.type == T_RPAREN)
				hcl_next(p);
			recover(p);
			continue;
		}
		name = p->tok;
		hcl_next(p);
		if (p->tok.type == T_EQ) {
			struct hcl_attr *a = hcl_arena_alloc(p->f, sizeof(*a));
			a->name = p->buf + name.off;
			a->namelen = name.len;
			a->line = name.line;
			a->col = name.col;
			hcl_next(p);
			a->expr = hcl_parse_expr(p);
			dup_check(p, body, a);
			*body->attr_tail = a;
			body->attr_tail = &a->next;
			end_of_item(p, in_block);
		} else {
			parse_block(p, body, &name, in_block);
		}
	}
}

int hcl_parse(struct hcl_file *out, const char *buf, size_t len, const char *name, struct diags *d)
{
	return hcl_parse_skim(out, buf, len, name, d, NULL);
}

int hcl_parse_skim(struct hcl_file *out, const char *buf, size_t len, const char *name,
		   struct diags *d, const char *const *keep)
{
	struct parser p = {0};

	memset(out, 0, sizeof(*out));
	out->name = name;
	p.buf = buf;
	p.end = len;
	p.line = 1;
	p.name = name;
	p.d = d;
	p.f = out;
	p.keep = keep;
	/* a UTF-8 byte order mark is allowed at the start */
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		p.pos = p.bol = 3;
	out->body = hcl_arena_alloc(out, sizeof(*out->body));
	p.tok.type = T_NEWLINE;
	hcl_next(&p);
	parse_body(&p, out->body, 0);
	out->nerrors = p.nerr;
	return p.nerr ? -1 : 0;
}
