/*
 * hcl_json.c - the JSON form of Terraform files (.tf.json, .tfvars.json)
 * read with jansson into the same tree as the native syntax (hcl.h).
 *
 * Terraform's JSON syntax has no schema-free way to tell a block from an
 * object attribute; like Terraform, we use the names the language fixes: at
 * the top level every key is a block type (terraform, provider, variable,
 * resource, ...) except in .tfvars.json, whose keys are all attributes.
 * Labels nest as object keys, and a block's body may be a list of bodies.
 * Inside block bodies, the nested block types tfauth reads (backend,
 * cloud, required_providers, assume_role, assume_role_with_web_identity,
 * endpoints) are taken as blocks; everything else is an attribute. A string
 * containing "${" is an expression (a template), as in Terraform.
 * Positions: jansson reports none per value, so we find each object key
 * in the text, in document order (jansson iterates objects in insertion
 * order), and give the attribute and its value the position just after
 * the key's colon. A key spelt with escapes is not found and keeps the
 * position of its parent.
 */
#include <jansson.h>
#include <string.h>

#include "tf/hcl.h"
#include "core/banned.h"

#define JSON_MAX_DEPTH 64

static const char *const nested_blocks[] = {
	"backend",
	"cloud",
	"required_providers",
	"assume_role",
	"assume_role_with_web_identity",
	"endpoints",
	"workspaces",
};

/* how many labels a top-level block type has */
static int labels_for(const char *type)
{
	if (!strcmp(type, "resource") || !strcmp(type, "data"))
		return 2;
	if (!strcmp(type, "terraform") || !strcmp(type, "locals"))
		return 0;
	return 1; /* provider, variable, output, module, ... */
}

/* a cursor over the raw text, to put positions on keys */
struct jpos {
	const char *buf;
	size_t len, cur;
	size_t lc_off; /* line/col known up to this offset */
	unsigned line, col;
};

static void jpos_at(struct jpos *jp, size_t off)
{
	for (; jp->lc_off < off && jp->lc_off < jp->len; jp->lc_off++) {
		if (jp->buf[jp->lc_off] == '\n')
			jp->line++, jp->col = 1;
		else
			jp->col++;
	}
}

/* find "key": after the cursor; returns 0 and sets line/col of the value */
static int jpos_key(struct jpos *jp, const char *key, unsigned *line, unsigned *col)
{
	size_t n = strlen(key), i = jp->cur;

	if (!jp->buf)
		return -1;
	while (i + n + 2 <= jp->len) {
		const char *q = memchr(jp->buf + i, '"', jp->len - i);
		size_t k;
		if (!q)
			return -1;
		i = (size_t)(q - jp->buf);
		if (i + n + 2 <= jp->len && !memcmp(jp->buf + i + 1, key, n) &&
		    jp->buf[i + n + 1] == '"') {
			k = i + n + 2;
			while (k < jp->len && strchr(" \t\r\n", jp->buf[k]))
				k++;
			if (k < jp->len && jp->buf[k] == ':') {
				k++;
				while (k < jp->len && strchr(" \t\r\n", jp->buf[k]))
					k++;
				jpos_at(jp, k);
				*line = jp->line;
				*col = jp->col;
				jp->cur = k;
				return 0;
			}
		}
		i++;
		/* skip the rest of this string so a key inside a value is not taken */
		while (i < jp->len && jp->buf[i] != '"')
			i += jp->buf[i] == '\\' ? 2 : 1;
		i++;
	}
	return -1;
}

static struct jpos *jp_cur;

static struct hcl_expr *value(struct hcl_file *f, json_t *j, int depth);

static struct hcl_expr *newe(struct hcl_file *f, enum hcl_kind kind)
{
	struct hcl_expr *e = hcl_arena_alloc(f, sizeof(*e));
	e->kind = kind;
	e->line = 1;
	e->col = 1;
	e->src = "";
	return e;
}

static struct hcl_expr *value(struct hcl_file *f, json_t *j, int depth)
{
	struct hcl_expr *e;

	if (depth > JSON_MAX_DEPTH)
		return newe(f, HCL_EXPR);
	switch (json_typeof(j)) {
	case JSON_NULL:
		return newe(f, HCL_NULL);
	case JSON_TRUE:
	case JSON_FALSE:
		e = newe(f, HCL_BOOL);
		e->b = json_is_true(j);
		return e;
	case JSON_INTEGER:
	case JSON_REAL:
		e = newe(f, HCL_NUMBER);
		e->num = json_number_value(j);
		return e;
	case JSON_STRING: {
		const char *s = json_string_value(j);
		size_t n = json_string_length(j);
		e = newe(f, HCL_STRING);
		e->s = hcl_arena_strdup(f, s, n);
		e->len = n;
		e->src = e->s;
		e->srclen = n;
		if (memmem(s, n, "${", 2) || memmem(s, n, "%{", 2))
			e->kind = HCL_EXPR; /* a template, not a literal */
		return e;
	}
	case JSON_ARRAY: {
		struct hcl_expr **t;
		size_t i;
		json_t *v;
		e = newe(f, HCL_TUPLE);
		t = &e->items;
		json_array_foreach(j, i, v)
		{
			*t = value(f, v, depth + 1);
			t = &(*t)->next;
		}
		return e;
	}
	case JSON_OBJECT: {
		struct hcl_expr **kt, **vt;
		const char *k;
		json_t *v;
		e = newe(f, HCL_OBJECT);
		kt = &e->keys;
		vt = &e->items;
		json_object_foreach(j, k, v)
		{
			struct hcl_expr *key = newe(f, HCL_STRING);
			unsigned line, col;
			key->s = hcl_arena_strdup(f, k, strlen(k));
			key->len = strlen(k);
			*kt = key;
			kt = &key->next;
			if (jp_cur && jpos_key(jp_cur, k, &line, &col) == 0)
				key->line = line, key->col = col;
			*vt = value(f, v, depth + 1);
			(*vt)->line = key->line;
			(*vt)->col = key->col;
			vt = &(*vt)->next;
		}
		return e;
	}
	}
	return newe(f, HCL_EXPR);
}

static void body_from(struct hcl_file *f, struct hcl_body *b, json_t *obj, int top_blocks,
		      int depth);

static void add_block(struct hcl_file *f, struct hcl_body *b, const char *type, json_t *v,
		      int nlabels, struct hcl_label *labels, size_t have, int depth, unsigned line,
		      unsigned col)
{
	if (depth > JSON_MAX_DEPTH)
		return;
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			add_block(f, b, type, x, nlabels, labels, have, depth + 1, line, col);
		return;
	}
	if (!json_is_object(v))
		return;
	if ((int)have < nlabels) {
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x)
		{
			struct hcl_label *l = hcl_arena_alloc(f, sizeof(*l)), **t = &labels;
			unsigned kl = line, kc = col;
			if (jp_cur)
				jpos_key(jp_cur, k, &kl, &kc);
			struct hcl_label *copy = NULL, **ct = &copy;
			/* copy the chain so siblings do not share tails */
			for (struct hcl_label *o = labels; o; o = o->next) {
				*ct = hcl_arena_alloc(f, sizeof(**ct));
				(*ct)->s = o->s;
				(*ct)->len = o->len;
				ct = &(*ct)->next;
			}
			(void)t;
			l->s = hcl_arena_strdup(f, k, strlen(k));
			l->len = strlen(k);
			*ct = l;
			add_block(f, b, type, x, nlabels, copy, have + 1, depth + 1, kl, kc);
		}
		return;
	}
	{
		struct hcl_block *k = hcl_arena_alloc(f, sizeof(*k));
		k->type = hcl_arena_strdup(f, type, strlen(type));
		k->typelen = strlen(type);
		k->labels = labels;
		k->nlabels = have;
		k->line = line;
		k->col = col;
		k->body = hcl_arena_alloc(f, sizeof(*k->body));
		body_from(f, k->body, v, 0, depth + 1);
		*b->block_tail = k;
		b->block_tail = &k->next;
	}
}

static void body_from(struct hcl_file *f, struct hcl_body *b, json_t *obj, int top_blocks,
		      int depth)
{
	const char *k;
	json_t *v;

	b->attr_tail = &b->attrs;
	b->block_tail = &b->blocks;
	if (!json_is_object(obj))
		return;
	json_object_foreach(obj, k, v)
	{
		int block = top_blocks, nl = 0;
		unsigned line = 1, col = 1;
		if (jp_cur)
			jpos_key(jp_cur, k, &line, &col);
		if (!strcmp(k, "//"))
			continue; /* a comment */
		if (top_blocks) {
			nl = labels_for(k);
		} else {
			for (size_t i = 0; i < sizeof(nested_blocks) / sizeof(nested_blocks[0]);
			     i++)
				if (!strcmp(k, nested_blocks[i]))
					block = 1;
			nl = !strcmp(k, "backend") ? 1 : 0;
			if (block && !json_is_object(v) && !json_is_array(v))
				block = 0;
		}
		if (block) {
			add_block(f, b, k, v, nl, NULL, 0, depth, line, col);
		} else {
			struct hcl_attr *a = hcl_arena_alloc(f, sizeof(*a));
			a->name = hcl_arena_strdup(f, k, strlen(k));
			a->namelen = strlen(k);
			a->expr = value(f, v, depth + 1);
			a->line = a->expr->line = line;
			a->col = a->expr->col = col;
			*b->attr_tail = a;
			b->attr_tail = &a->next;
		}
	}
}

int hcl_parse_json(struct hcl_file *out, const char *buf, size_t len, const char *name,
		   struct diags *d)
{
	json_error_t err;
	json_t *root;
	size_t n = strlen(name);
	int vars = n >= 12 && !strcmp(name + n - 12, ".tfvars.json");

	memset(out, 0, sizeof(*out));
	out->name = name;
	out->body = hcl_arena_alloc(out, sizeof(*out->body));
	out->body->attr_tail = &out->body->attrs;
	out->body->block_tail = &out->body->blocks;
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
	if (!root) {
		if (d)
			diags_add(d, DIAG_ERROR, name, (unsigned)(err.line > 0 ? err.line : 1),
				  (unsigned)(err.column > 0 ? err.column : 1), "%s", err.text);
		out->nerrors = 1;
		return -1;
	}
	if (!json_is_object(root)) {
		if (d)
			diags_add(d, DIAG_ERROR, name, 1, 1, "the top level must be a JSON object");
		out->nerrors = 1;
		json_decref(root);
		return -1;
	}
	{
		struct jpos jp = {buf, len, 0, 0, 1, 1};
		jp_cur = &jp;
		body_from(out, out->body, root, !vars, 0);
		jp_cur = NULL;
	}
	json_decref(root);
	return 0;
}
