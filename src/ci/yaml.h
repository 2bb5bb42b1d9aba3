/*
 * yaml.h - the one place that talks to libyaml: a YAML document as a small
 * tree of scalars, mappings and sequences, each node with the line and
 * column where it starts.
 *
 * Why a tree and not libyaml's own document API: we need aliases resolved
 * without copying (a `<<: *defaults` merge is everywhere in compose and
 * GitLab files), hard caps on size, node count and depth, and a parser that
 * keeps whatever it built before a syntax error, so a broken file still
 * yields findings for its first half and a file:line:col diagnostic.
 *
 * Ownership: struct ydoc owns every node and string; an alias is a pointer
 * to the anchored node (never a copy), so the tree is a DAG and walking it
 * must be bounded by the caller (the lookups here look only one level).
 * ydoc_release() frees everything and accepts NULL.
 */
#ifndef TFAUTH_CI_YAML_H
#define TFAUTH_CI_YAML_H

#include <stddef.h>

#include "core/diag.h"

#define YDOC_MAX_SIZE (4u << 20) /* bytes of input */
#define YDOC_MAX_NODES 200000
#define YDOC_MAX_DEPTH 64

enum ynode_kind { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ };

struct ynode {
	enum ynode_kind kind;
	unsigned line, col; /* 1-based */
	/* scalars: the value, NUL-terminated (may hold NULs: use len) */
	char *val;
	size_t len;
	int plain;     /* scalar written without quotes or block style */
	int reference; /* a sequence tagged !reference (GitLab CI) */
	/* maps: v[2i] is a key, v[2i+1] its value; sequences: the items */
	struct ynode **v;
	size_t nr, alloc;
};

struct ydoc {
	const char *name;   /* borrowed, for diagnostics */
	struct ynode *root; /* NULL for an empty file */
	struct ynode **all; /* every node, for release */
	size_t nall, alloc;
	struct {
		char *name;
		struct ynode *node;
	} * anchors;
	size_t nanchors, anchors_alloc;
};

#define YDOC_INIT                                                                                  \
	{                                                                                          \
		NULL, NULL, NULL, 0, 0, NULL, 0, 0                                                 \
	}

/*
 * Parse the first document of buf. Returns 0, or -1 after adding an error
 * to dg (the partial tree is kept in d->root). Never crashes on any input.
 */
int ydoc_parse(struct ydoc *d, const char *buf, size_t len, const char *name, struct diags *dg);
void ydoc_release(struct ydoc *d);

/* The scalar's text, or NULL when n is not a scalar. */
const char *ynode_str(const struct ynode *n);
/* Is n a scalar equal to s? */
int ynode_is(const struct ynode *n, const char *s);
/* A null value: missing, or a plain "", "~", "null". */
int ynode_is_null(const struct ynode *n);
/* A YAML boolean true ("true", "True", "yes", "on", ...). */
int ynode_is_true(const struct ynode *n);

/*
 * The value of key in map n, also through `<<` merge keys (one level of
 * merge, mappings or sequences of mappings). NULL when absent or n is
 * not a map. With keyp, the key node is stored there.
 */
const struct ynode *ymap_get(const struct ynode *n, const char *key, const struct ynode **keyp);

/* Iterate a map's own pairs (not merges); i counts pairs. */
#define ymap_nr(n) ((n) && (n)->kind == YNODE_MAP ? (n)->nr / 2 : 0)
#define ymap_key(n, i) ((n)->v[2 * (i)])
#define ymap_val(n, i) ((n)->v[2 * (i) + 1])
#define yseq_nr(n) ((n) && (n)->kind == YNODE_SEQ ? (n)->nr : 0)

#endif
