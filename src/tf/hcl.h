/*
 * hcl.h - HCL2 native syntax (.tf, .tfvars) and its JSON form (.tf.json,
 * .tfvars.json) as one syntax tree.
 *
 * The parser is hand-written (one lexer, one recursive-descent parser) and
 * takes (buf, len, name). Every node keeps its 1-based line and column
 * (columns count bytes). A literal -- a string without interpolation,
 * a number, a bool, null -- is decoded; anything else is an HCL_EXPR that
 * keeps its source text. Tuples and objects keep their elements, literal or
 * not, like HashiCorp's hcl2json. Errors go to diags as
 * "file:line:col: error: ..."; the parser recovers at the next line and goes
 * on. Limits: nesting depth HCL_MAX_DEPTH, tokens up to HCL_MAX_TOKEN
 * bytes; input size is the caller's business (scan caps it).
 *
 * Ownership: every node and decoded string lives in the file's arena and
 * is freed by hcl_file_release(). Source text (src, names) points into the
 * buffer given to the parser, which must outlive the tree.
 */
#ifndef TFAUTH_HCL_H
#define TFAUTH_HCL_H

#include <stddef.h>

#include "core/diag.h"

#define HCL_MAX_DEPTH 100
#define HCL_MAX_TOKEN (1u << 20)

enum hcl_kind {
	HCL_NULL,
	HCL_BOOL,
	HCL_NUMBER,
	HCL_STRING,
	HCL_TUPLE,
	HCL_OBJECT,
	HCL_EXPR, /* not a literal: src holds its text */
};

struct hcl_expr {
	enum hcl_kind kind;
	unsigned line, col;
	const char *src; /* source text: into the input, or arena for .tf.json */
	size_t srclen;
	const char *s; /* HCL_STRING: decoded value (NUL-terminated, may hold NULs) */
	size_t len;
	double num;		/* HCL_NUMBER */
	int b;			/* HCL_BOOL */
	int folded;		/* the literal came from folding -N or !B */
	struct hcl_expr *items; /* HCL_TUPLE items, HCL_OBJECT values (linked by next) */
	struct hcl_expr *keys;	/* HCL_OBJECT keys, parallel to items */
	struct hcl_expr *next;
};

struct hcl_body;

struct hcl_attr {
	const char *name;
	size_t namelen;
	unsigned line, col;
	struct hcl_expr *expr;
	struct hcl_attr *next;
};

struct hcl_label {
	const char *s;
	size_t len;
	struct hcl_label *next;
};

struct hcl_block {
	const char *type;
	size_t typelen;
	struct hcl_label *labels;
	size_t nlabels;
	unsigned line, col;
	struct hcl_body *body;
	struct hcl_block *next;
};

struct hcl_body {
	struct hcl_attr *attrs;
	struct hcl_block *blocks;
	/* tails, for appending in source order */
	struct hcl_attr **attr_tail;
	struct hcl_block **block_tail;
};

struct hcl_arena_chunk;

struct hcl_file {
	const char *name;
	struct hcl_body *body;
	struct hcl_arena_chunk *arena;
	size_t nerrors;
};

/*
 * Parse native syntax. Always returns a tree (possibly partial) in *out;
 * returns 0, or -1 when there were errors (in d).
 */
int hcl_parse(struct hcl_file *out, const char *buf, size_t len, const char *name, struct diags *d);
/*
 * The same, reading only the top-level blocks whose type is in keep (a
 * NULL-terminated list): any other top-level block is kept with its type
 * and labels and an empty body, its contents only skimmed (brackets,
 * strings and heredocs must still close; nothing else is checked). For a
 * caller that wants two blocks of a large file (scan: provider, terraform).
 */
int hcl_parse_skim(struct hcl_file *out, const char *buf, size_t len, const char *name,
		   struct diags *d, const char *const *keep);
/* Parse the JSON form (jansson); same contract. */
int hcl_parse_json(struct hcl_file *out, const char *buf, size_t len, const char *name,
		   struct diags *d);
void hcl_file_release(struct hcl_file *f);

/* Lookups on a body (first match; NULL when absent). */
const struct hcl_attr *hcl_body_attr(const struct hcl_body *b, const char *name);
const struct hcl_block *hcl_body_block(const struct hcl_body *b, const char *type,
				       const struct hcl_block *after);
int hcl_name_is(const char *s, size_t len, const char *name);

/* Allocation in a file's arena (also for the JSON reader). */
void *hcl_arena_alloc(struct hcl_file *f, size_t n);
char *hcl_arena_strdup(struct hcl_file *f, const char *s, size_t n);

#endif
