/*
 * ini_v1.c - the shared files as aws-sdk-go v1 reads them (Terraform
 * provider <= 3, S3 backend <= 1.5; aws-sdk-go-v2 used the same lexer and
 * parser before its 2023 rewrite). Ported from the behaviour of
 * internal/ini in aws-sdk-go 1.44: a rune lexer (whitespace, comma,
 * comment, newline, [ ], = :, quoted strings, numbers, booleans, plain
 * literals; ini_v1_lex.c), a table-driven parser with a three-slot stack and a
 * "skipper" that drops the rest of a broken statement up to the next
 * unindented line, and a visitor that turns statements into sections.
 *
 * Quirks kept on purpose: any lexing error (an unterminated "string, a
 * malformed number) leaves the whole file empty without an error; a
 * parse error refuses the whole file (SharedConfigLoadError); keys keep
 * their case; a repeated [section] starts it afresh; a value ends at a
 * space followed by # or ;, a comma drops the key; "key =" with no value
 * drops the key and the indented lines after it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aws/ini_int.h"
#include "aws/ini_v1_int.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

enum {
	K_NONE,
	K_START,
	K_EXPR,
	K_EQUAL,
	K_STMT,
	K_SKIP,
	K_EXPR_STMT,
	K_SECTION,
	K_NESTED,
	K_COMPLETED_NESTED,
	K_COMMENT,
	K_COMPLETED_SECTION,
};
enum {
	S_INVALID,
	S_STATEMENT,
	S_STATEMENT_PRIME,
	S_VALUE,
	S_OPEN,
	S_SECTION,
	S_CLOSE,
	S_SKIP,
	S_SKIP_TOKEN,
	S_COMMENT,
	S_MARK_COMPLETE,
	S_TERMINAL,
};

#define V1_MAX_RUNES (1u << 22)

struct lex {
	uint32_t *r;
	size_t *off; /* byte offset of each rune, off[n] = len */
	size_t n;
};

struct node {
	int kind, root_token;
	struct ini_v1_tok root;
	uint32_t *raw; /* the root token's text, grown by appends */
	size_t nraw, araw;
	int child[2];
	int nchild;
};

struct parser {
	int legacy_v2;
	struct lex *lx;
	struct node *n;
	size_t nn, an;
	int *list;
	size_t nlist, alist;
	char *err;
};

/* ---- parser -------------------------------------------------------------- */

static int state_for(int kind, int tt, int legacy_v2)
{
	switch (kind) {
	case K_START:
	case K_SKIP:
	case K_COMMENT:
		switch (tt) {
		case T_LIT:
			return S_STATEMENT;
		case T_SEP:
			return S_OPEN;
		case T_WS:
		case T_NL:
			return S_SKIP_TOKEN;
		case T_COMMENT:
			return S_COMMENT;
		case T_NONE:
			return kind == K_COMMENT ? S_MARK_COMPLETE : S_TERMINAL;
		}
		return S_INVALID;
	case K_EXPR:
		switch (tt) {
		case T_OP:
			return S_STATEMENT_PRIME;
		case T_LIT:
		case T_WS:
			return S_VALUE;
		case T_SEP:
			return S_OPEN;
		case T_NL:
			return S_SKIP;
		case T_COMMENT:
			return S_COMMENT;
		case T_NONE:
			return S_MARK_COMPLETE;
		}
		return S_INVALID;
	case K_EQUAL:
		switch (tt) {
		case T_LIT:
		case T_SEP:
		case T_OP:
			return S_VALUE;
		case T_WS:
			return S_SKIP_TOKEN;
		case T_NL:
			return S_SKIP;
		case T_NONE:
			return legacy_v2 ? S_INVALID : S_SKIP; /* go-v2's table lacks it */
		}
		return S_INVALID;
	case K_STMT:
		switch (tt) {
		case T_LIT:
			return S_SECTION;
		case T_SEP:
			return S_CLOSE;
		case T_WS:
		case T_NL:
			return S_SKIP_TOKEN;
		case T_COMMENT:
			return S_COMMENT;
		case T_NONE:
			return S_MARK_COMPLETE;
		}
		return S_INVALID;
	case K_EXPR_STMT:
		switch (tt) {
		case T_LIT:
		case T_SEP:
		case T_OP:
		case T_WS:
			return S_VALUE;
		case T_NL:
			return S_MARK_COMPLETE;
		case T_COMMENT:
			return S_COMMENT;
		case T_NONE:
			return S_TERMINAL;
		case T_COMMA:
			return S_SKIP;
		}
		return S_INVALID;
	case K_SECTION:
		switch (tt) {
		case T_LIT:
		case T_OP:
		case T_WS:
			return S_SECTION;
		case T_SEP:
			return S_CLOSE;
		case T_NL:
			return S_SKIP_TOKEN;
		}
		return S_INVALID;
	case K_COMPLETED_SECTION:
		switch (tt) {
		case T_WS:
		case T_NL:
			return S_SKIP_TOKEN;
		case T_LIT:
			return S_STATEMENT;
		case T_SEP:
			return S_OPEN;
		case T_COMMENT:
			return S_COMMENT;
		case T_NONE:
			return S_MARK_COMPLETE;
		}
		return S_INVALID;
	}
	return S_INVALID;
}

static int node_new(struct parser *p, int kind, const struct ini_v1_tok *root, int root_token)
{
	struct node *n;

	ALLOC_GROW(p->n, p->nn + 1, p->an);
	n = &p->n[p->nn];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->root_token = root_token;
	n->child[0] = n->child[1] = -1;
	if (root) {
		n->root = *root;
		for (size_t i = root->a; i < root->b; i++) {
			ALLOC_GROW(n->raw, n->nraw + 1, n->araw);
			n->raw[n->nraw++] = p->lx->r[i];
		}
	}
	return (int)p->nn++;
}

/* newAST(kind, root): a wrapper whose first child is the root */
static int node_wrap(struct parser *p, int kind, int root)
{
	int k = node_new(p, kind, NULL, 0);
	p->n[k].child[0] = root;
	p->n[k].nchild = 1;
	return k;
}

static void node_append(struct parser *p, int k, const struct ini_v1_tok *t)
{
	struct node *n = &p->n[k];

	for (size_t i = t->a; i < t->b; i++) {
		ALLOC_GROW(n->raw, n->nraw + 1, n->araw);
		n->raw[n->nraw++] = p->lx->r[i];
	}
}

static void node_trim(struct parser *p, int k)
{
	struct node *n = &p->n[k];
	size_t s = 0;

	while (s < n->nraw && ini_v1_is_ws(n->raw[s]))
		s++;
	if (s)
		memmove(n->raw, n->raw + s, (n->nraw - s) * sizeof(*n->raw));
	n->nraw -= s;
	n->root.a += s;
	while (n->nraw && ini_v1_is_ws(n->raw[n->nraw - 1]))
		n->nraw--;
}

static int get_root(struct parser *p, int k)
{
	return p->n[k].root_token ? k : p->n[k].child[0];
}

static void mark_complete(struct parser *p, int k)
{
	ALLOC_GROW(p->list, p->nlist + 1, p->alist);
	p->list[p->nlist++] = k;
}

static void fail(struct parser *p, char *msg)
{
	if (!p->err)
		p->err = msg;
	else
		free(msg);
}

static const char *kind_name(int k)
{
	static const char *const names[] = {"none",	 "start",	 "expr",
					    "",		 "stmt",	 "skip",
					    "expr_stmt", "section_stmt", "nested_section_stmt",
					    "",		 "comment",	 "completed_stmt"};
	return names[k];
}

static const char *tok_name(int t)
{
	static const char *const names[] = {"none", "literal", "sep",	  "comma",
					    "op",   "ws",      "newline", "comment"};
	return names[t];
}

static void parse_tokens(struct parser *p, const struct ini_v1_tok *toks, size_t ntok)
{
	int stack[4], top = 0,
		      start; /* go-v1 panics past 3; one spare slot keeps that check in bounds */
	int skip = 0, prev_type = T_NONE, prev_set = 0;
	size_t ti = 0;
	static const struct ini_v1_tok none = {T_NONE, V_NONE, 10, 0, 0};

	start = node_new(p, K_START, NULL, 0);
	stack[top++] = start;
	while (top > 0 && !p->err) {
		int k = stack[--top];
		const struct ini_v1_tok *t = ti < ntok ? &toks[ti] : &none;
		int step = state_for(p->n[k].kind, t->type, p->legacy_v2);
		int should;

		/* skipper */
		if (skip && prev_set && prev_type == T_NL && t->type != T_WS) {
			skip = 0;
			prev_set = 0;
			should = 0;
		} else {
			prev_type = t->type;
			prev_set = 1;
			should = skip;
		}
		if (should) {
			if (ti >= ntok)
				break;
			step = S_SKIP_TOKEN;
		}
		if (top >= 3 && (step == S_COMMENT || step == S_SKIP_TOKEN)) {
			fail(p, xstrdup("panic: parse stack overflow"));
			break;
		}
		switch (step) {
		case S_TERMINAL:
			if (p->n[k].kind != K_START)
				mark_complete(p, k);
			goto out;
		case S_SKIP_TOKEN:
			stack[top++] = k;
			break;
		case S_STATEMENT:
			if (p->n[k].kind != K_START)
				mark_complete(p, k);
			stack[top++] = node_new(p, K_EXPR, t, 1);
			break;
		case S_STATEMENT_PRIME: {
			int e;
			node_trim(p, k);
			e = node_new(p, K_EQUAL, t, 1);
			p->n[e].child[0] = k;
			p->n[e].nchild = 1;
			stack[top++] = e;
			break;
		}
		case S_VALUE:
			if (p->n[k].kind == K_EQUAL) {
				int rhs = node_new(p, K_EXPR, t, 1);
				p->n[k].child[p->n[k].nchild++] = rhs;
				stack[top++] = node_wrap(p, K_EXPR_STMT, k);
			} else if (p->n[k].kind == K_EXPR) {
				node_append(p, k, t);
				p->n[k].root.b = t->b;
				stack[top++] = k;
			} else if (p->n[k].kind == K_EXPR_STMT) {
				int eq = get_root(p, k);
				int rhs = p->n[eq].nchild >= 2 ? p->n[eq].child[1] : -1;
				if (rhs < 0) {
					fail(p, xstrdup("invalid expression: AST contains no "
							"children expr_stmt"));
					break;
				}
				if (p->n[rhs].root.vtype != V_QUOTED) {
					p->n[rhs].root.vtype = V_STRING;
					node_append(p, rhs, t);
				}
				stack[top++] = k;
			}
			break;
		case S_OPEN:
			if (t->type != T_SEP || p->lx->r[t->a] != '[') {
				fail(p, xstrdup("expected '['"));
				break;
			}
			if (p->n[k].kind != K_START)
				mark_complete(p, k);
			stack[top++] = node_new(p, K_STMT, NULL, 0);
			p->n[stack[top - 1]].root.a = t->a;
			break;
		case S_CLOSE:
			if (t->type != T_SEP || p->lx->r[t->a] != ']') {
				fail(p, xstrdup("expected ']'"));
				break;
			}
			node_trim(p, k);
			stack[top++] = node_wrap(p, K_COMPLETED_SECTION, k);
			break;
		case S_SECTION:
			if (p->n[k].kind == K_STMT) {
				stack[top++] = node_new(p, K_SECTION, t, 1);
			} else if (p->n[k].kind == K_SECTION) {
				node_append(p, k, t);
				stack[top++] = k;
			} else {
				fail(p, xstrfmt("invalid statement: expected statement: %s",
						kind_name(p->n[k].kind)));
			}
			break;
		case S_MARK_COMPLETE:
			if (p->n[k].kind != K_START)
				mark_complete(p, k);
			if (top == 0)
				stack[top++] = start;
			break;
		case S_SKIP:
			stack[top++] = node_wrap(p, K_SKIP, k);
			skip = 1;
			break;
		case S_COMMENT:
			if (p->n[k].kind == K_START)
				stack[top++] = k;
			else
				mark_complete(p, k);
			stack[top++] = node_wrap(p, K_COMMENT, node_new(p, K_EXPR, t, 1));
			break;
		default:
			fail(p, xstrfmt("invalid state with ASTKind %s and TokenType %s",
					kind_name(p->n[k].kind), tok_name(t->type)));
			break;
		}
		if (ti < ntok)
			ti++;
	}
out:
	if (!p->err && top > 1)
		fail(p, xstrdup("incomplete ini expression"));
}

/* ---- values and the visitor ---------------------------------------------- */

static void runes_utf8(struct strbuf *sb, const uint32_t *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t c = r[i];
		if (c < 0x80) {
			strbuf_addch(sb, (int)c);
		} else if (c < 0x800) {
			strbuf_addch(sb, (int)(0xC0 | (c >> 6)));
			strbuf_addch(sb, (int)(0x80 | (c & 0x3F)));
		} else if (c < 0x10000) {
			strbuf_addch(sb, (int)(0xE0 | (c >> 12)));
			strbuf_addch(sb, (int)(0x80 | ((c >> 6) & 0x3F)));
			strbuf_addch(sb, (int)(0x80 | (c & 0x3F)));
		} else {
			strbuf_addch(sb, (int)(0xF0 | (c >> 18)));
			strbuf_addch(sb, (int)(0x80 | ((c >> 12) & 0x3F)));
			strbuf_addch(sb, (int)(0x80 | ((c >> 6) & 0x3F)));
			strbuf_addch(sb, (int)(0x80 | (c & 0x3F)));
		}
	}
}

/* newValue's parse errors (strconv syntax errors; range errors are fine). */
static int value_invalid(const struct node *n)
{
	const uint32_t *r = n->raw;
	size_t len = n->nraw, i = 0;

	if (n->root.vtype == V_INTEGER) {
		if (n->root.base != 10) {
			if (len <= 2)
				return 1;
			for (i = 2; i < len; i++)
				if (!(n->root.base == 16  ? ini_v1_is_hex(r[i])
				      : n->root.base == 8 ? r[i] >= '0' && r[i] <= '7'
							  : r[i] == '0' || r[i] == '1'))
					return 1;
			return 0;
		}
		if (i < len && (r[i] == '-' || r[i] == '+'))
			i++;
		if (i == len)
			return 1;
		for (; i < len; i++)
			if (!ini_v1_is_digit(r[i]))
				return 1;
		return 0;
	}
	if (n->root.vtype == V_DECIMAL) {
		struct strbuf sb = STRBUF_INIT;
		char *end;
		int bad;
		runes_utf8(&sb, r, len);
		strtod(sb.buf, &end);
		bad = !sb.len || *end || strchr(sb.buf, 'x') || strchr(sb.buf, 'X');
		strbuf_release(&sb);
		return bad;
	}
	return 0;
}

static void string_value(const struct node *n, struct strbuf *sb)
{
	size_t a = 0, b = n->nraw;

	if (n->root.vtype == V_QUOTED && n->nraw >= 2) {
		/* removeEscapedCharacters(raw[1:len-1]) */
		uint32_t *v = xmalloc((n->nraw ? n->nraw : 1) * sizeof(*v));
		size_t m = n->nraw - 2;
		memcpy(v, n->raw + 1, m * sizeof(*v));
		for (size_t i = 0; i < m; i++) {
			if (ini_v1_is_escaped(v, i, v[i])) {
				uint32_t c = v[i] == 'n' ? '\n' : v[i] == 't' ? '\t' : v[i];
				v[i - 1] = c;
				memmove(v + i, v + i + 1, (m - i - 1) * sizeof(*v));
				m--;
				i--;
			}
		}
		runes_utf8(sb, v, m);
		free(v);
		return;
	}
	while (a < b && (n->raw[a] == '\n' || n->raw[a] == ' '))
		a++;
	while (b > a && (n->raw[b - 1] == '\n' || n->raw[b - 1] == ' '))
		b--;
	runes_utf8(sb, n->raw + a, b - a);
}

static void visit(struct ini_doc *d, struct parser *p, const char *buf)
{
	struct ini_section *scope = NULL;
	struct strbuf sb = STRBUF_INIT;

	for (size_t li = 0; li < p->nlist; li++) {
		const struct node *n = &p->n[p->list[li]];

		if (n->kind == K_EXPR || n->kind == K_EXPR_STMT) {
			const struct node *eq, *key, *rhs;
			struct ini_value *v;

			if (n->kind == K_EXPR) {
				ini_refuse(d, p->lx->off[n->root.a],
					   "INIParseError: unsupported expression");
				break;
			}
			eq = &p->n[n->child[0]];
			if (eq->kind != K_EQUAL) {
				ini_refuse(d, 0, "INIParseError: unsupported expression");
				break;
			}
			if (eq->nchild <= 1) {
				ini_refuse(d, 0, "INIParseError: unexpected token type");
				break;
			}
			key = &p->n[eq->child[0]];
			rhs = &p->n[eq->child[1]];
			if (value_invalid(rhs)) {
				ini_refuse(d, p->lx->off[rhs->root.a],
					   "INIParseError: invalid number");
				break;
			}
			strbuf_reset(&sb);
			runes_utf8(&sb, key->raw, key->nraw);
			if (d->flags & INI_GO_V2_LEGACY)
				for (size_t j = 0; j < sb.len; j++)
					if (sb.buf[j] >= 'A' && sb.buf[j] <= 'Z')
						sb.buf[j] = (char)(sb.buf[j] + 32);
			if (!scope) {
				ini_note(d, INI_NOTE_OUTSIDE_SECTION, p->lx->off[key->root.a],
					 sb.buf, sb.len);
				continue;
			}
			v = ini_section_find_value(scope, sb.buf);
			if (v)
				ini_note(d, INI_NOTE_DUP_KEY, p->lx->off[key->root.a], sb.buf,
					 sb.len);
			else
				v = ini_add_value(d, scope, sb.buf, sb.len,
						  p->lx->off[key->root.a]);
			if (!v)
				continue;
			v->key_off = p->lx->off[key->root.a];
			strbuf_reset(&sb);
			string_value(rhs, &sb);
			ini_value_set(v, sb.buf, sb.len);
			{
				size_t eqoff = p->lx->off[eq->root.a] + 1, e = eqoff;
				while (e < d->len && buf[e] != '\n' && buf[e] != '\r')
					e++;
				ini_value_set_raw(v, buf + eqoff, e - eqoff, eqoff,
						  p->lx->off[rhs->root.a]);
			}
			if (rhs->root.vtype == V_QUOTED)
				v->flags |= INI_QUOTED;
		} else if (n->kind == K_COMPLETED_SECTION) {
			const struct node *c = &p->n[n->child[0]];
			struct ini_section *s;

			if (c->kind != K_SECTION) {
				ini_refuse(d, 0,
					   "INIParseError: unsupported child statement: ini.AST");
				break;
			}
			strbuf_reset(&sb);
			runes_utf8(&sb, c->raw, c->nraw);
			if (d->flags & INI_GO_V2_LEGACY) {
				/* strings.TrimSpace, then "profile   x" becomes "profile x" */
				size_t a = 0, b = sb.len;
				char *t;
				ini_trim(sb.buf, &a, &b, ini_go_space, 1, 1);
				t = xmemdupz(sb.buf + a, b - a);
				strbuf_reset(&sb);
				strbuf_addstr(&sb, t);
				free(t);
				if (!strncmp(sb.buf, "profile ", 8)) {
					size_t k = 8;
					while (sb.buf[k] == ' ')
						k++;
					memmove(sb.buf + 8, sb.buf + k, sb.len - k + 1);
					sb.len -= k - 8;
				}
			}
			s = ini_find(d, sb.buf);
			if (s && (d->flags & INI_GO_V2_LEGACY)) {
				s->headers++;
				ini_note(d, INI_NOTE_DUP_SECTION, p->lx->off[c->root.a], sb.buf,
					 sb.len);
			} else if (s) {
				/* a repeated header starts the section afresh */
				for (size_t j = 0; j < s->nr; j++)
					ini_value_clear(&s->v[j]);
				s->nr = 0;
				s->headers++;
				ini_note(d, INI_NOTE_DUP_SECTION, p->lx->off[c->root.a], sb.buf,
					 sb.len);
			} else {
				s = ini_add_section(
					d, sb.buf, sb.len,
					p->lx->off[c->root.a] ? p->lx->off[c->root.a] - 1 : 0);
			}
			scope = s;
		} else if (n->kind == K_STMT || n->kind == K_NESTED ||
			   n->kind == K_COMPLETED_NESTED) {
			ini_refuse(d, 0, "INIParseError: unsupported statement: %s",
				   kind_name(n->kind));
			break;
		}
	}
	strbuf_release(&sb);
}

void ini_parse_gov1(struct ini_doc *d, const char *buf, size_t len)
{
	struct lex lx = {NULL, NULL, 0};
	struct ini_v1_tok *toks = NULL;
	size_t ntok = 0, atok = 0, pos = 0, ar = 0;
	struct parser p;

	memset(&p, 0, sizeof(p));
	/* bytes.Runes: invalid UTF-8 becomes U+FFFD, one byte each */
	while (pos < len && lx.n < V1_MAX_RUNES) {
		unsigned cp;
		int k = ini_utf8_decode((const unsigned char *)buf + pos, len - pos, &cp);
		if (k <= 0) {
			cp = 0xFFFD;
			k = 1;
		}
		ALLOC_GROW(lx.r, lx.n + 1, ar);
		lx.off = xrealloc(lx.off, ar * sizeof(*lx.off) + sizeof(*lx.off));
		lx.r[lx.n] = cp;
		lx.off[lx.n++] = pos;
		pos += (size_t)k;
	}
	lx.off = xrealloc(lx.off, (lx.n + 1) * sizeof(*lx.off));
	lx.off[lx.n] = pos;

	/* any lexing error anywhere: no tokens at all, and no error */
	for (size_t i = 0; i < lx.n;) {
		struct ini_v1_tok t;
		long k = ini_v1_lex_one(lx.r + i, lx.n - i, &t);
		if (k <= 0) {
			ntok = 0;
			ini_note(d, INI_NOTE_IGNORED_LINE, lx.off[i], "lex", 3);
			break;
		}
		t.a = i;
		t.b = i + (size_t)k;
		ALLOC_GROW(toks, ntok + 1, atok);
		toks[ntok++] = t;
		i += (size_t)k;
	}
	p.lx = &lx;
	p.legacy_v2 = !!(d->flags & INI_GO_V2_LEGACY);
	parse_tokens(&p, toks, ntok);
	if (p.err) {
		ini_refuse(d, 0, "INIParseError: %s", p.err);
	} else {
		visit(d, &p, buf);
	}
	for (size_t i = 0; i < p.nn; i++)
		free(p.n[i].raw);
	free(p.n);
	free(p.list);
	free(p.err);
	free(toks);
	free(lx.r);
	free(lx.off);
}
