/*
 * scan_ci.c - what `tfauth scan` does with one CI or container file: the
 * key finder first (keys written into a workflow are still keys), then
 * the CI checks on this file alone.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/textkeys.h"
#include "ci/ci.h"
#include "core/xalloc.h"
#include "scan/scan.h"
#include "core/banned.h"

int ci_scan_handler(const char *path, const char *buf, size_t len, const struct scan_file *sf,
		    struct findings *fs)
{
	enum ci_kind kind = ci_kind_of(path);
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xmemdupz(path, (size_t)(slash - path)) : xstrdup(".");
	struct ci_ctx cx;

	static const char *const place[] = {
		[CI_NONE] = "a text file",	  [CI_GHA] = "a GitHub Actions workflow",
		[CI_GITLAB] = "a GitLab CI file", [CI_COMPOSE] = "a compose file",
		[CI_DOCKERFILE] = "a Dockerfile", [CI_SHELL] = "a shell script",
		[CI_MAKEFILE] = "a Makefile",	  [CI_POLICY] = "a JSON file",
		[CI_TF] = "a Terraform file",
	};

	/* the same words the generic key finder uses for these files */
	textkeys_scan_cand(path, buf, len, place[kind], sf->keys, fs);
	ci_ctx_init(&cx, dir, NULL, fs);
	if (kind != CI_NONE)
		ci_handle_buf(&cx, kind, path, buf, len);
	ci_finish(&cx);
	ci_ctx_release(&cx);
	free(dir);
	return 0;
}

void ci_scan_tree_begin(struct ci_ctx *cx, const char *dir, const struct env *env,
			struct findings *all)
{
	/*
	 * The per-file handler reports everything one file shows; the whole
	 * tree adds only what needs a workflow and a trust policy together.
	 * The walker hands this context the workflows and the policies it
	 * reads anyway (ci_handle_buf), so no file is read twice.
	 */
	ci_ctx_init(cx, dir && *dir ? dir : ".", env, all);
	ci_repo_identity(cx);
}

void ci_scan_tree_end(struct ci_ctx *cx, struct findings *all, struct findings *fs)
{
	ci_finish(cx);
	for (size_t i = 0; i < all->nr; i++) {
		struct finding *f = all->v[i];
		if (f->id != F_GHA_TRUST_POLICY_MISMATCH && f->id != F_GHA_TRUST_POLICY_LEGACY_SUB)
			continue;
		ALLOC_GROW(fs->v, fs->nr + 1, fs->alloc);
		fs->v[fs->nr++] = f;
		all->v[i] = NULL;
	}
	for (size_t i = 0; i < all->nr; i++)
		finding_free(all->v[i]);
	all->nr = 0;
	ci_ctx_release(cx);
}
