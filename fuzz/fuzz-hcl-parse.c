/*
 * fuzz-hcl-parse - the HCL native-syntax parser on any input, whole and
 * skimming (hcl_parse_skim, what scan uses): it must return a tree, never
 * crash, and keep every node's source text inside the input buffer. The
 * whole tree then goes through the configuration model and its checks
 * (provider and backend blocks, assume_role in every form, versions), as
 * doctor reads a file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/terraform.h"
#include "core/diag.h"
#include "tf/hcl.h"
#include "tf/tf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *base;
static size_t total;

static void walk_expr(const struct hcl_expr *e, int depth)
{
	for (; e; e = e->next) {
		if (e->srclen && e->src >= base && e->src < base + total &&
		    e->src + e->srclen > base + total)
			abort();
		if (depth < 200) {
			walk_expr(e->items, depth + 1);
			walk_expr(e->keys, depth + 1);
		}
	}
}

static void walk_body(const struct hcl_body *b, int depth)
{
	if (!b || depth > 200)
		return;
	for (const struct hcl_attr *a = b->attrs; a; a = a->next)
		walk_expr(a->expr, 0);
	for (const struct hcl_block *k = b->blocks; k; k = k->next)
		walk_body(k->body, depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = DIAGS_INIT;
	struct hcl_file f;
	static const char *const keep[] = {"provider", "terraform", NULL};

	base = (const char *)data;
	total = size;
	for (int skim = 0; skim < 2; skim++) {
		hcl_parse_skim(&f, (const char *)data, size, "fuzz.tf", &d, skim ? keep : NULL);
		if (!f.body)
			abort();
		walk_body(f.body, 0);
		if (!skim) {
			struct tf_config c;
			struct tf_versions v;
			struct findings fs = FINDINGS_INIT;
			tf_config_init(&c, TF_LOAD_LIGHT); /* no modules, nothing read from disk */
			tf_config_add_file(&c, &f, "fuzz.tf", ".", 0, NULL);
			tf_versions_init(&v, &c, NULL, NULL, &c.pool);
			check_tf_config(&fs, &c, NULL, &v, 0);
			findings_release(&fs);
			tf_config_release(&c);
		}
		hcl_file_release(&f);
		diags_release(&d);
	}
	return 0;
}
