/*
 * ci.h - the checks on the CI and container model (ci/ci.h): pure
 * functions from a finished struct ci_ctx to findings.
 *
 * A front end reads the files into the ctx, calls ci_finish(), then
 * check_ci() (everything), or check_ci_trust() alone (scan's whole-tree
 * pass, whose per-file findings the per-file handler already reported).
 */
#ifndef TFAUTH_CHECKS_CI_H
#define TFAUTH_CHECKS_CI_H

#include <time.h>

#include "ci/ci.h"
#include "core/env.h"
#include "core/finding.h"

/* The facts in file order, then the containers, then the trust comparison. */
void check_ci(const struct ci_ctx *cx, struct findings *fs);
void check_ci_container(const struct ci_ctx *cx, const struct ci_container *c, struct findings *fs);
/* Compare each OIDC use with the trust policies found. */
void check_ci_trust(const struct ci_ctx *cx, struct findings *fs);
/*
 * The web identity token of the environment (AWS_WEB_IDENTITY_TOKEN_FILE,
 * AWS_ROLE_ARN) against the trust policies cx collected, and how long it
 * has left. now is the clock (tests inject it).
 */
void check_ci_env_token(const struct ci_ctx *cx, const struct env *env, time_t now,
			struct findings *fs);

/*
 * IAM string condition matching: StringLike's * and ? (no escapes);
 * case folding for the IgnoreCase operators.
 */
int ci_glob_match(const char *pat, const char *s, int icase);
#endif
