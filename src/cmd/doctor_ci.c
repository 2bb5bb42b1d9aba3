/*
 * doctor_ci.c - doctor's ci stage: the CI and container files of the
 * repository in DIR (GitHub workflows, also those at the root of the git
 * repository DIR is in, .gitlab-ci.yml and its local
 * includes, compose files, Dockerfiles, docker run lines in scripts and
 * Makefiles) and the OIDC trust policies kept next to them. Web identity
 * token files named by the environment are the chain stage's business.
 */
#include "ci/ci.h"
#include "cmd/doctor.h"
#include "core/banned.h"

void doctor_stage_ci(struct doctor *d)
{
	struct ci_ctx cx;

	ci_ctx_init(&cx, d->dir, &d->ctx->env, &d->findings);
	ci_find_root(&cx);
	ci_repo_identity(&cx);
	ci_walk(&cx);
	ci_read_root_workflows(&cx);
	ci_finish(&cx);
	check_ci_env_token(&cx, &d->ctx->env, d->facts.now);
	if (cx.nfiles) {
		strbuf_addf(&d->text, "CI and containers: %zu file%s read", cx.nfiles,
			    cx.nfiles == 1 ? "" : "s");
		if (cx.owner)
			strbuf_addf(&d->text, ", repository %s/%s", cx.owner, cx.repo);
		strbuf_addch(&d->text, '\n');
		for (size_t i = 0; i < cx.diags.nr; i++) {
			strbuf_addstr(&d->text, "  ");
			diag_format(&d->text, &cx.diags.v[i]);
			strbuf_addch(&d->text, '\n');
		}
	}
	ci_ctx_release(&cx);
}
