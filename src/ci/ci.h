/*
 * ci.h - how credentials reach Terraform in containers and CI: the models
 * built from compose files, docker run lines, Dockerfiles, GitHub
 * workflows, .gitlab-ci.yml and IAM trust policies, and the context that
 * collects them for checks/ci.c.
 *
 * A front end (doctor's ci stage, scan's walker) creates a struct ci_ctx,
 * hands it every file with ci_handle_file() in any order, then calls
 * ci_finish(), which completes the model (a compose service's Dockerfile
 * USER), and then the checks (checks/ci.h). Collectors never judge: what a
 * file shows goes into the model (containers, trust policies, OIDC uses,
 * and the ordered list of facts below), and only checks/ci.c adds findings.
 *
 * Ownership: the ctx owns everything it collected, including the path
 * strings the facts point at (findings copy them).
 */
#ifndef TFAUTH_CI_CI_H
#define TFAUTH_CI_CI_H

#include <stddef.h>
#include <time.h>

#include "core/diag.h"
#include "core/env.h"

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

/*
 * One configure-aws-credentials step that uses OIDC, or one GitLab id_tokens
 * aud: what the trust-policy comparison (check_ci_trust) needs.
 */
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

/*
 * What a workflow, a GitLab pipeline or a Dockerfile shows about how AWS
 * credentials get in, one fact per thing seen, in the order of the files
 * (checks/ci.c judges them in that order). Strings are owned by the fact;
 * file is an interned display path; line:col is where the fact is written.
 */

/* Where a GitHub workflow passes AWS keys. */
enum ci_keys_in {
	CI_KEYS_WORKFLOW_ENV, /* the workflow's env: */
	CI_KEYS_JOB_ENV,      /* a job's env: */
	CI_KEYS_STEP_ENV,     /* a step's env: */
	CI_KEYS_ACTION,	      /* configure-aws-credentials' with: aws-access-key-id */
};

struct ci_gha_keys {
	enum ci_keys_in in;
	char *job;	 /* NULL for the workflow's env */
	size_t step;	 /* 1-based, for CI_KEYS_STEP_ENV */
	char *key;	 /* the key id as written (a literal, an expression); NULL: none */
	int has_secret;	 /* AWS_SECRET_ACCESS_KEY in the same env: */
	int has_token;	 /* a session token in the same env: or with: */
	int token_above; /* AWS_SESSION_TOKEN in an env: above (workflow, job) */
	char *region;	 /* the action's aws-region, or NULL */
	unsigned line, col;
};

/* A permissions: value of a workflow or a job. */
enum ci_perms_kind {
	CI_PERMS_ABSENT,
	CI_PERMS_WRITE_ALL,
	CI_PERMS_SCALAR, /* read-all, or anything not a map */
	CI_PERMS_MAP,
};

struct ci_gha_perms {
	enum ci_perms_kind kind;
	char *value;	  /* SCALAR: the value ("..." when not a string); MAP: id-token's */
	int has_id_token; /* MAP: id-token is listed (value "?" when not a string) */
	unsigned line;	  /* the permissions key's value */
	unsigned id_line; /* id-token's value */
};

/* Where a variable the SDK reads is set for a job. */
enum ci_set_in {
	CI_SET_WORKFLOW_ENV,
	CI_SET_JOB_ENV,
	CI_SET_STEP_ENV,
	CI_SET_GITHUB_ENV, /* echo NAME=value >> $GITHUB_ENV in a run: */
};

struct ci_gha_var {
	char *value; /* NULL: not set; "?" when not a string */
	enum ci_set_in in;
	unsigned line, col;
};

/* A job, as far as the SDK's own web identity support (no action) sees it. */
struct ci_gha_job {
	char *job;
	int reusable;			    /* uses: another workflow */
	int has_action;			    /* a configure-aws-credentials step */
	struct ci_gha_var role, token_file; /* AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE */
	int asks_token; /* a run: reads ACTIONS_ID_TOKEN_REQUEST_* itself (at ask_line) */
	unsigned ask_line, ask_col;
	int aws_run;			     /* a run: calls terraform, aws, ... */
	struct ci_gha_perms perms, wf_perms; /* the job's own and the workflow's */
};

/* One aws-actions/configure-aws-credentials step. */
struct ci_gha_step {
	char *job;
	char *uses;			      /* as written, at the fact's line:col */
	char *role, *region, *default_region; /* default_region: the job env's AWS_DEFAULT_REGION */
	char *audience;
	unsigned aud_line, aud_col;
	char *duration; /* role-duration-seconds */
	unsigned dur_line, dur_col;
	int chaining;		 /* role-chaining: true */
	int oidc;		 /* role-to-assume without keys, token file or chaining */
	struct ci_gha_keys keys; /* keys.key NULL: no aws-access-key-id */
	struct ci_gha_perms perms, wf_perms;
};

/* AWS_ACCESS_KEY_ID with AWS_SECRET_ACCESS_KEY in GitLab variables. */
struct ci_gitlab_keys {
	char *job;     /* NULL: the global variables */
	char *value;   /* the key as written; NULL when not a string */
	int inherited; /* the job's are the global ones */
};

/* Where a GitLab script sets or names something. */
struct ci_gitlab_at {
	int set;
	const char *file; /* may be NULL: then the job's key */
	const char *key;  /* before_script, script, after_script */
	unsigned line, col;
};

/* A GitLab job and how it would get a web identity token. */
struct ci_gitlab_job {
	char *job;	   /* at the fact's file:line:col */
	char *token_file;  /* AWS_WEB_IDENTITY_TOKEN_FILE: the script's export, else the variable */
	size_t nids;	   /* id_tokens entries */
	char *first_id;	   /* the first one's name */
	int token_written; /* a script writes an id_tokens variable to the token file */
	struct ci_gitlab_at jwt, role_export, token_export; /* CI_JOB_JWT; export AWS_... */
	int role_var, token_var; /* AWS_ROLE_ARN / AWS_WEB_IDENTITY_TOKEN_FILE in variables: */
	const char *token_var_file;
	unsigned token_var_line, token_var_col;
	int calls_assume; /* a script runs aws sts assume-role-with-web-identity */
};

/* A credential variable in a Dockerfile ENV or ARG. */
enum ci_cred_what { CI_CRED_KEY_ID, CI_CRED_SECRET, CI_CRED_TOKEN };

struct ci_docker_var {
	int is_env; /* ENV, else ARG */
	char *name;
	enum ci_cred_what what;
	int literal; /* ENV with a value that is not a $reference */
};

enum ci_fact_kind {
	CI_FACT_GHA_KEYS,
	CI_FACT_GHA_JOB,
	CI_FACT_GHA_STEP,
	CI_FACT_GITLAB_KEYS,
	CI_FACT_GITLAB_JOB,
	CI_FACT_GITLAB_NO_AUD, /* an id_tokens entry without aud (name in token) */
	CI_FACT_DOCKER_VAR,
};

struct ci_fact {
	enum ci_fact_kind kind;
	const char *file;
	unsigned line, col;
	union {
		struct ci_gha_keys keys;
		struct ci_gha_job job;
		struct ci_gha_step step;
		struct ci_gitlab_keys glkeys;
		struct ci_gitlab_job gljob;
		char *token;
		struct ci_docker_var dvar;
	} u;
};

/* A new fact at the end of cx's list, zeroed but for its kind and place. */
struct ci_ctx;
struct ci_fact *ci_fact_new(struct ci_ctx *cx, enum ci_fact_kind kind, const char *file,
			    unsigned line, unsigned col);

struct ci_ctx {
	const char *dir;       /* repository root as given */
	char *root;	       /* the git root above dir, when dir is below it (owned) */
	const struct env *env; /* the host environment (host keys for passthrough) */
	struct diags diags;    /* parse problems: shown as notes, never fatal */
	char *owner, *repo;    /* from .git/config remote "origin" (github.com) */
	char *default_branch;
	char **paths; /* owned display paths */
	size_t npaths, paths_alloc;
	struct ci_policy *policies;
	size_t npolicies, policies_alloc;
	struct ci_oidc_use *uses;
	size_t nuses, uses_alloc;
	struct ci_fact *facts;
	size_t nfacts, facts_alloc;
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

void ci_ctx_init(struct ci_ctx *cx, const char *dir, const struct env *env);
/* Read one file (path relative to cx->dir) and collect or check it. */
void ci_handle_file(struct ci_ctx *cx, const char *relpath);
/* Same, for a buffer already in memory (fuzzers, scan). */
void ci_handle_buf(struct ci_ctx *cx, enum ci_kind kind, const char *display, const char *buf,
		   size_t len);
/* Complete the model once every file is read: a service's Dockerfile USER. */
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
#endif
