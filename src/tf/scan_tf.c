/*
 * scan_tf.c - what `tfauth scan` does with one Terraform file: parse it
 * (reporting syntax errors as findings), check the provider and backend
 * blocks it holds, then look for keys anywhere else in it (locals,
 * variable defaults, .tfvars values). What the parsed files of a
 * directory say (providers, backend, versions) is collected per directory
 * and checked as a whole by tf_scan_finish() after the walk, without
 * reading any file twice. The walker calls handlers one at a time, which
 * is what makes the statics below safe.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/terraform.h"
#include "checks/textkeys.h"
#include "cmd/scan.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "tf/tf.h"
#include "core/banned.h"

#define MAX_PARSE_FINDINGS 3

struct dir_config {
	char *dir;
	struct tf_config c;
};

static struct dir_config *dirs; /* directories with provider or terraform blocks */
static size_t ndirs, adirs;

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !strcmp(s + n - m, suf);
}

static struct tf_config *dir_config(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xmemdupz(path, (size_t)(slash - path)) : xstrdup(".");

	for (size_t i = ndirs; i-- > 0;)
		if (!strcmp(dirs[i].dir, dir)) {
			free(dir);
			return &dirs[i].c;
		}
	ALLOC_GROW(dirs, ndirs + 1, adirs);
	dirs[ndirs].dir = dir;
	tf_config_init(&dirs[ndirs].c, TF_LOAD_LIGHT);
	return &dirs[ndirs++].c;
}

void tf_scan_finish(struct findings *fs)
{
	for (size_t i = 0; i < ndirs; i++) {
		struct tf_config *c = &dirs[i].c;
		struct tf_versions v;
		tf_config_read_extras(c, dirs[i].dir);
		tf_versions_init(&v, c, NULL, NULL, &c->pool);
		check_tf_config_only(fs, c, NULL, &v, 0);
		tf_config_release(c);
		free(dirs[i].dir);
	}
	free(dirs);
	dirs = NULL;
	ndirs = adirs = 0;
}

/* what scan reads of a Terraform file (TF_LOAD_LIGHT reads nothing else) */
static const char *const read_blocks[] = {"provider", "terraform", NULL};

int tf_scan_handler(const char *path, const char *buf, size_t len, const struct scan_file *sf,
		    struct findings *fs)
{
	int vars = has_suffix(path, ".tfvars") || has_suffix(path, ".tfvars.json");
	const char *kind = has_suffix(path, ".tfvars") ? "a .tfvars file"
			   : vars		       ? "a .tfvars.json file"
						       : "a Terraform file";
	struct diags d = DIAGS_INIT;
	struct tf_pool pool = {0};
	struct tf_versions v = {-1, -1, NULL, NULL};
	struct hcl_file f;
	int r;

	/*
	 * Only a file that can hold what the checks read is parsed: one that
	 * names provider or terraform (a backend block sits in a terraform
	 * block). Any other .tf file (resources,
	 * variables, outputs: most of a tree) and every .tfvars file is only
	 * searched for keys (the walker's one pass found them). So scan reports
	 * syntax errors only in provider and terraform blocks (other blocks
	 * are skimmed: brackets, strings and heredocs must still close);
	 * doctor and terraform validate report the rest.
	 */
	if (vars || !(sf->has & SCAN_HAS_TF_BLOCK)) {
		textkeys_scan_cand(path, buf, len, kind, sf->keys, fs);
		return 0;
	}
	/* and of that file only those blocks are read: resources are most of it */
	r = has_suffix(path, ".json") ? hcl_parse_json(&f, buf, len, path, &d)
				      : hcl_parse_skim(&f, buf, len, path, &d, read_blocks);
	for (size_t i = 0; r && i < d.nr && i < MAX_PARSE_FINDINGS; i++) {
		struct finding *fi = findings_add(fs, F_TF_PARSE_ERROR,
						  &ORIGIN_AT(path, d.v[i].line, d.v[i].col));
		finding_set(fi, "detail", "%s", d.v[i].msg);
	}
	for (const struct hcl_block *k = vars || !f.body ? NULL : f.body->blocks; k; k = k->next) {
		struct tf_auth_block b;
		if (hcl_name_is(k->type, k->typelen, "provider") && k->labels &&
		    !strcmp(k->labels->s, "aws")) {
			tf_block_read(&pool, &b, k, path, "aws");
			check_tf_block(fs, &b, 0, &v);
		} else if (hcl_name_is(k->type, k->typelen, "terraform")) {
			for (const struct hcl_block *bk = hcl_body_block(k->body, "backend", NULL);
			     bk; bk = hcl_body_block(k->body, "backend", bk)) {
				tf_block_read(&pool, &b, bk, path,
					      bk->labels ? bk->labels->s : "?");
				check_tf_block(fs, &b, 1, &v);
			}
		}
	}
	if (!vars && f.body) {
		const char *slash = strrchr(path, '/');
		struct strbuf dir = STRBUF_INIT;
		strbuf_add(&dir, path, slash ? (size_t)(slash - path) : 0);
		if (!slash)
			strbuf_addch(&dir, '.');
		tf_config_add_file(dir_config(path), &f, path, dir.buf, 0, NULL);
		strbuf_release(&dir);
	}
	hcl_file_release(&f);
	diags_release(&d);
	tf_pool_release(&pool);
	textkeys_scan_cand(path, buf, len, kind, sf->keys, fs);
	return r;
}
