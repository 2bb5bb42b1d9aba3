/*
 * hcl-dump - print the syntax tree of HCL files as JSON in the shape of
 * HashiCorp's hcl2json (blocks nested by type and labels, lists of bodies),
 * for the differential test t/hcl-diff.t. A literal is printed as its JSON
 * value; anything else as {"expr": "<source text>"}. Parse errors go to
 * stderr and make the exit status 1.
 *
 *   hcl-dump FILE...   one JSON document per line, in argument order
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/diag.h"
#include "core/strbuf.h"
#include "tf/hcl.h"
#include "core/banned.h"

static json_t *value(const struct hcl_expr *e)
{
	json_t *v;

	switch (e->kind) {
	case HCL_NULL:
		return json_null();
	case HCL_BOOL:
		return json_boolean(e->b);
	case HCL_NUMBER:
		return json_real(e->num);
	case HCL_STRING:
		return json_stringn_nocheck(e->s, e->len);
	case HCL_TUPLE:
		v = json_array();
		for (const struct hcl_expr *i = e->items; i; i = i->next)
			json_array_append_new(v, value(i));
		return v;
	case HCL_OBJECT: {
		const struct hcl_expr *k = e->keys, *i = e->items;
		v = json_object();
		for (; k && i; k = k->next, i = i->next) {
			struct strbuf key = STRBUF_INIT;
			if (k->kind == HCL_STRING)
				strbuf_add(&key, k->s, k->len);
			else
				strbuf_addf(&key, "${%.*s}", (int)k->srclen, k->src);
			json_object_set_new(v, key.buf, value(i));
			strbuf_release(&key);
		}
		return v;
	}
	case HCL_EXPR:
		break;
	}
	return json_pack("{s:s%}", "expr", e->src, e->srclen);
}

static json_t *body(const struct hcl_body *b)
{
	json_t *o = json_object();

	for (const struct hcl_attr *a = b->attrs; a; a = a->next) {
		struct strbuf n = STRBUF_INIT;
		strbuf_add(&n, a->name, a->namelen);
		json_object_set_new(o, n.buf, value(a->expr));
		strbuf_release(&n);
	}
	for (const struct hcl_block *k = b->blocks; k; k = k->next) {
		struct strbuf n = STRBUF_INIT;
		json_t *at = o, *list;
		strbuf_add(&n, k->type, k->typelen);
		for (const struct hcl_label *l = k->labels;; l = l->next) {
			json_t *child = json_object_get(at, n.buf);
			if (!l) {
				if (!child || !json_is_array(child)) {
					child = json_array();
					json_object_set_new(at, n.buf, child);
				}
				list = child;
				break;
			}
			if (!child || !json_is_object(child)) {
				child = json_object();
				json_object_set_new(at, n.buf, child);
			}
			at = child;
			strbuf_reset(&n);
			strbuf_add(&n, l->s, l->len);
		}
		json_array_append_new(list, body(k->body));
		strbuf_release(&n);
	}
	return o;
}

int main(int argc, char **argv)
{
	int status = 0;

	for (int i = 1; i < argc; i++) {
		struct strbuf sb = STRBUF_INIT;
		struct diags d = DIAGS_INIT;
		struct hcl_file f;
		size_t n = strlen(argv[i]);
		json_t *doc;
		int r;

		if (strbuf_read_file(&sb, argv[i], 64u << 20) < 0) {
			fprintf(stderr, "hcl-dump: cannot read '%s'\n", argv[i]);
			status = 1;
			puts("null");
			continue;
		}
		if (n > 5 && !strcmp(argv[i] + n - 5, ".json"))
			r = hcl_parse_json(&f, sb.buf, sb.len, argv[i], &d);
		else
			r = hcl_parse(&f, sb.buf, sb.len, argv[i], &d);
		diags_print(&d, stderr);
		if (r) {
			status = 1;
			puts("null"); /* a file with errors has no tree to compare */
			hcl_file_release(&f);
			diags_release(&d);
			strbuf_release(&sb);
			continue;
		}
		doc = body(f.body);
		json_dumpf(doc, stdout, JSON_COMPACT | JSON_SORT_KEYS);
		putchar('\n');
		json_decref(doc);
		hcl_file_release(&f);
		diags_release(&d);
		strbuf_release(&sb);
	}
	return status;
}
