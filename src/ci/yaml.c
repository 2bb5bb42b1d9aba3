/*
 * yaml.c - libyaml's event parser turned into the ynode tree of yaml.h.
 *
 * Events, not libyaml's document loader, because the loader copies aliases
 * into its node table without limits and drops everything on the first
 * error; here an alias is a pointer, anchors become visible only once their
 * node is complete (so `&a [*a]` cannot make a cycle), and the caps on
 * size, node count and depth stop a hostile file early.
 */
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "ci/yaml.h"
#include "core/xalloc.h"
#include "core/banned.h"

static struct ynode *node_new(struct ydoc *d, enum ynode_kind kind, const yaml_mark_t *m)
{
	struct ynode *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->line = (unsigned)m->line + 1;
	n->col = (unsigned)m->column + 1;
	ALLOC_GROW(d->all, d->nall + 1, d->alloc);
	d->all[d->nall++] = n;
	return n;
}

static void node_append(struct ynode *parent, struct ynode *child)
{
	ALLOC_GROW(parent->v, parent->nr + 1, parent->alloc);
	parent->v[parent->nr++] = child;
}

static void anchor_add(struct ydoc *d, const unsigned char *name, struct ynode *n)
{
	if (!name)
		return;
	/* a later anchor of the same name shadows the earlier one */
	ALLOC_GROW(d->anchors, d->nanchors + 1, d->anchors_alloc);
	d->anchors[d->nanchors].name = xstrdup((const char *)name);
	d->anchors[d->nanchors].node = n;
	d->nanchors++;
}

static struct ynode *anchor_find(const struct ydoc *d, const unsigned char *name)
{
	for (size_t i = d->nanchors; name && i-- > 0;)
		if (!strcmp(d->anchors[i].name, (const char *)name))
			return d->anchors[i].node;
	return NULL;
}

struct frame {
	struct ynode *node;
	const unsigned char *anchor; /* owned by a copy below */
	char *anchor_copy;
};

int ydoc_parse(struct ydoc *d, const char *buf, size_t len, const char *name, struct diags *dg)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct frame stack[YDOC_MAX_DEPTH + 1];
	size_t depth = 0;
	int ret = 0, done = 0, in_doc = 0, docs = 0;

	d->name = name;
	if (len > YDOC_MAX_SIZE) {
		diags_add(dg, DIAG_ERROR, name, 0, 0, "file too large (%zu bytes, limit %u)", len,
			  YDOC_MAX_SIZE);
		return -1;
	}
	if (!yaml_parser_initialize(&parser)) {
		diags_add(dg, DIAG_ERROR, name, 0, 0, "cannot initialise the YAML parser");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done) {
		struct ynode *n = NULL;
		const unsigned char *anchor = NULL;

		if (!yaml_parser_parse(&parser, &ev)) {
			diags_add(dg, DIAG_ERROR, name, (unsigned)parser.problem_mark.line + 1,
				  (unsigned)parser.problem_mark.column + 1, "%s%s%s",
				  parser.problem ? parser.problem : "invalid YAML",
				  parser.context ? " " : "", parser.context ? parser.context : "");
			ret = -1;
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			in_doc = 1;
			break;
		case YAML_DOCUMENT_END_EVENT:
			in_doc = 0;
			/* only the first document matters for the files we read */
			if (++docs >= 1)
				done = 1;
			break;
		case YAML_SCALAR_EVENT:
			n = node_new(d, YNODE_SCALAR, &ev.start_mark);
			n->val = xmemdupz(ev.data.scalar.value, ev.data.scalar.length);
			n->len = ev.data.scalar.length;
			n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			anchor_add(d, ev.data.scalar.anchor, n);
			break;
		case YAML_ALIAS_EVENT:
			n = anchor_find(d, ev.data.alias.anchor);
			if (!n) {
				diags_add(dg, DIAG_ERROR, name, (unsigned)ev.start_mark.line + 1,
					  (unsigned)ev.start_mark.column + 1,
					  "alias '*%s' names no complete anchor",
					  (const char *)ev.data.alias.anchor);
				n = node_new(d, YNODE_SCALAR, &ev.start_mark);
				n->val = xstrdup("");
				n->plain = 1;
				ret = -1;
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth >= YDOC_MAX_DEPTH) {
				diags_add(dg, DIAG_ERROR, name, (unsigned)ev.start_mark.line + 1,
					  (unsigned)ev.start_mark.column + 1,
					  "nesting deeper than %d levels", YDOC_MAX_DEPTH);
				ret = -1;
				done = 1;
				break;
			}
			n = node_new(d,
				     ev.type == YAML_SEQUENCE_START_EVENT ? YNODE_SEQ : YNODE_MAP,
				     &ev.start_mark);
			anchor = ev.type == YAML_SEQUENCE_START_EVENT
					 ? ev.data.sequence_start.anchor
					 : ev.data.mapping_start.anchor;
			n->reference =
				ev.type == YAML_SEQUENCE_START_EVENT &&
				ev.data.sequence_start.tag &&
				!strcmp((const char *)ev.data.sequence_start.tag, "!reference");
			stack[depth].node = n;
			stack[depth].anchor_copy = anchor ? xstrdup((const char *)anchor) : NULL;
			stack[depth].anchor = (const unsigned char *)stack[depth].anchor_copy;
			if (depth > 0)
				node_append(stack[depth - 1].node, n);
			else if (!d->root)
				d->root = n;
			depth++;
			n = NULL; /* attached already */
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth > 0) {
				depth--;
				anchor_add(d, stack[depth].anchor, stack[depth].node);
				free(stack[depth].anchor_copy);
				/* a mapping with a key but no value: give it a null */
				if (stack[depth].node->kind == YNODE_MAP &&
				    stack[depth].node->nr % 2) {
					struct ynode *z = node_new(d, YNODE_SCALAR, &ev.start_mark);
					z->val = xstrdup("");
					z->plain = 1;
					node_append(stack[depth].node, z);
				}
			}
			break;
		default:
			break;
		}
		if (n) {
			if (depth > 0)
				node_append(stack[depth - 1].node, n);
			else if (!d->root)
				d->root = n;
		}
		yaml_event_delete(&ev);
		if (d->nall > YDOC_MAX_NODES) {
			diags_add(dg, DIAG_ERROR, name, 0, 0, "more than %d YAML nodes",
				  YDOC_MAX_NODES);
			ret = -1;
			done = 1;
		}
	}
	(void)in_doc;
	while (depth > 0) {
		depth--;
		free(stack[depth].anchor_copy);
		if (stack[depth].node->kind == YNODE_MAP && stack[depth].node->nr % 2)
			stack[depth].node->nr--; /* drop a dangling key */
	}
	yaml_parser_delete(&parser);
	return ret;
}

void ydoc_release(struct ydoc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nall; i++) {
		free(d->all[i]->val);
		free(d->all[i]->v);
		free(d->all[i]);
	}
	for (size_t i = 0; i < d->nanchors; i++)
		free(d->anchors[i].name);
	free(d->anchors);
	free(d->all);
	memset(d, 0, sizeof(*d));
}

const char *ynode_str(const struct ynode *n)
{
	return n && n->kind == YNODE_SCALAR ? n->val : NULL;
}

int ynode_is(const struct ynode *n, const char *s)
{
	return n && n->kind == YNODE_SCALAR && n->len == strlen(s) && !memcmp(n->val, s, n->len);
}

int ynode_is_null(const struct ynode *n)
{
	if (!n)
		return 1;
	if (n->kind != YNODE_SCALAR || !n->plain)
		return 0;
	return !n->len || !strcmp(n->val, "~") || !strcasecmp(n->val, "null");
}

int ynode_is_true(const struct ynode *n)
{
	static const char *const t[] = {"true", "yes", "on", "y"};

	if (!n || n->kind != YNODE_SCALAR)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (!strcasecmp(n->val, t[i]))
			return 1;
	return 0;
}

static const struct ynode *map_get(const struct ynode *n, const char *key,
				   const struct ynode **keyp, int depth)
{
	const struct ynode *hit = NULL;

	if (!n || n->kind != YNODE_MAP || depth > 4)
		return NULL;
	/* the last occurrence wins, as in most YAML loaders */
	for (size_t i = 0; i < ymap_nr(n); i++)
		if (ynode_is(ymap_key(n, i), key)) {
			hit = ymap_val(n, i);
			if (keyp)
				*keyp = ymap_key(n, i);
		}
	if (hit)
		return hit;
	for (size_t i = 0; i < ymap_nr(n); i++) {
		const struct ynode *m = ymap_val(n, i);

		if (!ynode_is(ymap_key(n, i), "<<") || !ymap_key(n, i)->plain)
			continue;
		if (m->kind == YNODE_MAP) {
			if ((hit = map_get(m, key, keyp, depth + 1)))
				return hit;
		} else if (m->kind == YNODE_SEQ) {
			for (size_t j = 0; j < m->nr; j++)
				if ((hit = map_get(m->v[j], key, keyp, depth + 1)))
					return hit;
		}
	}
	return NULL;
}

const struct ynode *ymap_get(const struct ynode *n, const char *key, const struct ynode **keyp)
{
	return map_get(n, key, keyp, 0);
}
