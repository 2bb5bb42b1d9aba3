/*
 * hcl_lex.h - internals shared by the HCL lexer (hcl_lex.c), the template
 * reader (hcl_template.c) and the parser (hcl_parse.c). Not a public API:
 * use hcl.h.
 */
#ifndef TFAUTH_HCL_LEX_H
#define TFAUTH_HCL_LEX_H

#include <stdarg.h>
#include <stddef.h>

#include "core/strbuf.h"
#include "tf/hcl.h"

#define MAX_ERRORS 50

enum tok_type {
	T_EOF,
	T_NEWLINE,
	T_IDENT,
	T_NUMBER,
	T_OQUOTE,
	T_HEREDOC,
	T_LBRACE,
	T_RBRACE,
	T_LBRACK,
	T_RBRACK,
	T_LPAREN,
	T_RPAREN,
	T_EQ,
	T_COMMA,
	T_DOT,
	T_ELLIPSIS,
	T_COLON,
	T_DCOLON,
	T_QUESTION,
	T_FATARROW,
	T_PLUS,
	T_MINUS,
	T_STAR,
	T_SLASH,
	T_PERCENT,
	T_EQEQ,
	T_NEQ,
	T_LT,
	T_GT,
	T_LE,
	T_GE,
	T_AND,
	T_OR,
	T_BANG,
	T_TILDE,
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
	const char *const *keep; /* hcl_parse_skim(): the top-level block types read */
};

struct lexstate {
	size_t pos, bol, prev_end;
	unsigned line;
	struct tok tok;
	size_t nerr;
};

void hcl_perr(struct parser *p, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void hcl_newline_at(struct parser *p, size_t nl);
/* The next token into p->tok; p->pos is then just past it. */
void hcl_next(struct parser *p);
void hcl_save(const struct parser *p, struct lexstate *s);
void hcl_restore(struct parser *p, const struct lexstate *s);
int hcl_tok_is(const struct parser *p, const char *word);
const char *hcl_tok_desc(const struct tok *t);

struct hcl_expr *hcl_node(struct parser *p, enum hcl_kind kind, const struct tok *at);
void hcl_finish(struct parser *p, struct hcl_expr *e);
int hcl_expect(struct parser *p, enum tok_type type, const char *what);
int hcl_enter(struct parser *p);

struct hcl_expr *hcl_parse_expr(struct parser *p);
/*
 * The head both for forms share, `for K[, V] in EXPR`, from the `for`
 * token; what names the form in errors ("expression", "directive").
 */
void hcl_parse_for_head(struct parser *p, const char *what);
/* The current token is T_OQUOTE / T_HEREDOC: read the whole template. */
struct hcl_expr *hcl_parse_quoted(struct parser *p);
struct hcl_expr *hcl_parse_heredoc(struct parser *p);

#endif
