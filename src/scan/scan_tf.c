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
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "scan/scan.h"
#include "tf/tf.h"
#include "core/banned.h"

struct dir_config {
	char *dir;
	struct tf_config c;
	/* files named on the command line (pre-commit passes the staged ones):
	 * the directory is judged whole, its findings kept for these only */
	char **named;
	size_t nnamed, anamed;
};

static struct dir_config *dirs; /* directories with provider or terraform blocks */
static size_t ndirs, adirs;

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !strcmp(s + n - m, suf);
}

static struct dir_config *dir_config(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xmemdupz(path, (size_t)(slash - path)) : xstrdup(".");

	for (size_t i = ndirs; i-- > 0;)
		if (!strcmp(dirs[i].dir, dir)) {
			free(dir);
			return &dirs[i];
		}
	ALLOC_GROW(dirs, ndirs + 1, adirs);
	memset(&dirs[ndirs], 0, sizeof(dirs[ndirs]));
	dirs[ndirs].dir = dir;
	tf_config_init(&dirs[ndirs].c, TF_LOAD_LIGHT);
	return &dirs[ndirs++];
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* Of a directory some of whose files were named, the named files' findings. */
static void finish_named(struct findings *fs, struct dir_config *dc)
{
	struct findings all = FINDINGS_INIT;
	struct tf_config whole;
	struct tf_versions v;

	/* the whole directory, as terraform reads it: versions.tf pins what main.tf uses */
	tf_config_load_flags(&whole, dc->dir, NULL, TF_LOAD_LIGHT);
	tf_versions_init(&v, &whole, NULL, NULL, &whole.pool);
	check_tf_config_only(&all, &whole, NULL, &v, 0);
	for (size_t i = 0; i < all.nr; i++) {
		struct finding *f = all.v[i];
		int keep = !f->where.name;
		for (size_t k = 0; k < dc->nnamed && !keep; k++)
			keep = !strcmp(base_name(f->where.name), base_name(dc->named[k]));
		if (keep) {
			ALLOC_GROW(fs->v, fs->nr + 1, fs->alloc);
			fs->v[fs->nr++] = f;
		} else {
			finding_free(f);
		}
	}
	free(all.v);
	tf_config_release(&whole);
}

void tf_scan_finish(struct findings *fs)
{
	for (size_t i = 0; i < ndirs; i++) {
		struct tf_config *c = &dirs[i].c;
		struct tf_versions v;
		if (dirs[i].nnamed) {
			finish_named(fs, &dirs[i]);
		} else {
			tf_config_read_extras(c, dirs[i].dir);
			tf_versions_init(&v, c, NULL, NULL, &c->pool);
			check_tf_config_only(fs, c, NULL, &v, 0);
		}
		tf_config_release(c);
		for (size_t k = 0; k < dirs[i].nnamed; k++)
			free(dirs[i].named[k]);
		free(dirs[i].named);
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
	struct tf_versions v;
	struct hcl_file f;
	int r;

	tf_versions_unknown(&v);
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
	if (r)
		check_tf_parse_errors(fs, &d);
	for (const struct hcl_block *k = vars || !f.body ? NULL : f.body->blocks; k; k = k->next) {
		struct tf_auth_block b;
		if (hcl_name_is(k->type, k->typelen, "provider") && k->labels &&
		    !strcmp(k->labels->s, "aws")) {
			tf_block_read(&pool, &b, k, path, "aws");
			check_tf_block(fs, &b, 0, &v);
		} else if (hcl_name_is(k->type, k->typelen, "terraform")) {
			/* the backend is judged by the Terraform its own block requires */
			const struct hcl_attr *rv = hcl_body_attr(k->body, "required_version");
			struct tf_versions bv;
			tf_versions_unknown(&bv);
			if (rv && rv->expr->kind == HCL_STRING)
				tf_versions_required(&bv, rv->expr->s, &pool);
			for (const struct hcl_block *bk = hcl_body_block(k->body, "backend", NULL);
			     bk; bk = hcl_body_block(k->body, "backend", bk)) {
				tf_block_read(&pool, &b, bk, path,
					      bk->labels ? bk->labels->s : "?");
				check_tf_block(fs, &b, 1, &bv);
			}
		}
	}
	if (!vars && f.body) {
		const char *slash = strrchr(path, '/');
		struct strbuf dir = STRBUF_INIT;
		strbuf_add(&dir, path, slash ? (size_t)(slash - path) : 0);
		if (!slash)
			strbuf_addch(&dir, '.');
		struct dir_config *dc = dir_config(path);
		tf_config_add_file(&dc->c, &f, path, dir.buf, 0, NULL);
		if (sf->operand) {
			ALLOC_GROW(dc->named, dc->nnamed + 1, dc->anamed);
			dc->named[dc->nnamed++] = xstrdup(path);
		}
		strbuf_release(&dir);
	}
	hcl_file_release(&f);
	diags_release(&d);
	tf_pool_release(&pool);
	textkeys_scan_cand(path, buf, len, kind, sf->keys, fs);
	return r;
}
