/*
 * ci.h - how credentials reach Terraform in containers and CI: the models
 * built from compose files, docker run lines, Dockerfiles, GitHub
 * workflows, .gitlab-ci.yml and IAM trust policies, and the context that
 * collects them for checks/ci.c.
 *
 * A front end (doctor's ci stage, scan's walker) creates a struct ci_ctx,
 * hands it every file with ci_handle_file() in any order, then calls
 * ci_finish(), which runs the checks that need the whole repository (the
 * workflow/trust-policy comparison). Collectors never judge; the checks in
 * checks/ci.c add the findings.
 *
 * Ownership: the ctx owns everything it collected, including the path
 * strings the findings point at (findings copy them anyway).
 */
#ifndef TFAUTH_CI_CI_H
#define TFAUTH_CI_CI_H

#include <stddef.h>
#include <time.h>

#include "core/diag.h"
#include "core/env.h"
#include "core/finding.h"

#define CI_MAX_FILE (4u << 20)

enum ci_kind {
	CI_NONE,
	CI_GHA,	       /* .github/workflows, *.yml or *.yaml */
	CI_GITLAB,     /* .gitlab-ci.yml */
	CI_COMPOSE,    /* docker-compose*.yml, compose*.yaml */
	CI_DOCKERFILE, /* Dockerfile* */
	CI_SHELL,      /* *.sh */
	CI_MAKEFILE,   /* Makefile, *.mk */
	CI_POLICY,     /* *.json that may hold a trust policy */
	CI_TF,	       /* *.tf: heredoc JSON and aws_iam_policy_document */
};

/* Which handler a path (relative to the repository root) belongs to. */
enum ci_kind ci_kind_of(const char *relpath);

/* A value from a file and where it is. */
struct ci_val {
	char *v; /* NULL when absent */
	unsigned line, col;
};

/* A container as compose or docker run describes it. */
struct ci_env {
	char *name;
	char *value; /* NULL: passed through from the host */
	unsigned line, col;
};

struct ci_mount {
	char *source, *target;
	int read_only;
	unsigned line, col;
};

struct ci_container {
	int from_compose; /* 1: compose service, 0: docker run line */
	const char *file; /* display path */
	char *name;	  /* service name, or the image for docker run */
	char *image;
	char *dockerfile; /* build context's Dockerfile USER, resolved by the ctx */
	struct ci_val user;
	unsigned line, col; /* the service key or the docker run word */
	struct ci_env *env;
	size_t nenv, env_alloc;
	struct ci_mount *mounts;
	size_t nmounts, mounts_alloc;
	int env_file; /* --env-file / env_file: keys may come from there */
	int host_network;
	int has_command_aws; /* image or command looks like terraform/aws */
	int uses_build;
	char *build_dir; /* relative to the repo root, for the Dockerfile's USER */
};

/* An IAM trust policy statement trusting an OIDC provider. */
struct ci_cond {
	char *op;  /* StringEquals, StringLike, ForAnyValue:StringLike, ... */
	char *key; /* token.actions.githubusercontent.com:sub */
	char **values;
	size_t nvalues;
	int unknown; /* a value is not a literal (a variable, a function): not judged */
	unsigned line, col;
};

struct ci_policy {
	char *file;
	unsigned line, col; /* the statement, or the file start */
	char *role;	    /* role name when known (aws_iam_role name, file name) */
	char *provider;	    /* token.actions.githubusercontent.com, gitlab.com, ... */
	int deny;
	struct ci_cond *conds;
	size_t nconds, conds_alloc;
};

/* One configure-aws-credentials step that uses OIDC, kept for ci_finish(). */
struct ci_oidc_use {
	int gitlab; /* 1: a GitLab id_tokens entry (job = token name) */
	const char *file;
	char *job;
	char *role;	   /* role-to-assume as written */
	char *audience;	   /* NULL: sts.amazonaws.com */
	char *environment; /* job environment name, or NULL */
	char **events;	   /* "push:main", "pull_request", "tag:v1", "workflow_dispatch" */
	size_t nevents;
	unsigned line, col;
};

struct ci_ctx {
	const char *dir;       /* repository root as given */
	char *root;	       /* the git root above dir, when dir is below it (owned) */
	const struct env *env; /* the host environment (host keys for passthrough) */
	struct findings *fs;
	struct diags diags; /* parse problems: shown as notes, never fatal */
	char *owner, *repo; /* from .git/config remote "origin" (github.com) */
	char *default_branch;
	char **paths; /* owned display paths */
	size_t npaths, paths_alloc;
	struct ci_policy *policies;
	size_t npolicies, policies_alloc;
	struct ci_oidc_use *uses;
	size_t nuses, uses_alloc;
	struct ci_container **containers;
	size_t ncontainers, containers_alloc;
	struct {
		char *dir; /* directory of the Dockerfile, relative */
		char *user;
	} * dfusers;
	size_t ndfusers, dfusers_alloc;
	size_t nfiles;
	size_t nentries; /* directory entries seen by ci_walk() */
};

void ci_ctx_init(struct ci_ctx *cx, const char *dir, const struct env *env, struct findings *fs);
/* Read one file (path relative to cx->dir) and collect or check it. */
void ci_handle_file(struct ci_ctx *cx, const char *relpath);
/* Same, for a buffer already in memory (fuzzers, scan). */
void ci_handle_buf(struct ci_ctx *cx, enum ci_kind kind, const char *display, const char *buf,
		   size_t len);
/* Checks that need every file: containers (Dockerfile USER), trust policies. */
void ci_finish(struct ci_ctx *cx);
void ci_ctx_release(struct ci_ctx *cx);

/* Walk cx->dir for the files ci_kind_of() knows, calling ci_handle_file(). */
void ci_walk(struct ci_ctx *cx);

/*
 * doctor run in infra/ of a repository must still see the workflows at its
 * root. Sets cx->root to the nearest ancestor of cx->dir with a .git, as a
 * path usable from the current directory (NULL when cx->dir is the root or
 * is in no repository); call before ci_repo_identity(), which then reads
 * that .git. ci_read_root_workflows() reads cx->root's .github/workflows
 * and .gitlab-ci.yml; the pipelines below it are then nested ones (never run).
 */
void ci_find_root(struct ci_ctx *cx);
void ci_read_root_workflows(struct ci_ctx *cx);

/* Owned copy of a display path, kept as long as the ctx. */
const char *ci_intern_path(struct ci_ctx *cx, const char *display);
/* 1-based line and column (bytes) of offset off in buf. */
void ci_pos_of(const char *buf, size_t off, unsigned *line, unsigned *col);
/* origin remote and default branch from DIR/.git (no git command). */
void ci_repo_identity(struct ci_ctx *cx);

/* Parsers (one per file type), in src/ci/<type>.c. */
void ci_gha_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len);
void ci_gitlab_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len);
void ci_compose_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len);
void ci_dockerfile_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len);
void ci_shell_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len);
void ci_policy_json_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len);
void ci_policy_tf_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len);

struct ci_container *ci_container_new(struct ci_ctx *cx, int from_compose, const char *file);
void ci_container_env(struct ci_container *c, const char *name, size_t nlen, const char *value,
		      unsigned line, unsigned col);
void ci_container_mount(struct ci_container *c, const char *src, const char *dst, int ro,
			unsigned line, unsigned col);

/*
 * IAM string condition matching: StringLike's * and ? (no escapes);
 * case folding for the IgnoreCase operators.
 */
int ci_glob_match(const char *pat, const char *s, int icase);


/* Checks (src/checks/ci.c): pure functions of the models above. */
void check_ci_container(struct ci_ctx *cx, const struct ci_container *c);
/* Compare each OIDC use with the trust policies found; called by ci_finish(). */
void check_ci_trust(struct ci_ctx *cx);
/*
 * The web identity token of the environment (AWS_WEB_IDENTITY_TOKEN_FILE,
 * AWS_ROLE_ARN) against the trust policies cx collected, and how long it
 * has left. now is the clock (tests inject it).
 */
void check_ci_env_token(struct ci_ctx *cx, const struct env *env, time_t now);
#endif
