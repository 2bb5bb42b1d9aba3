/*
 * tf.h - the Terraform side: the configuration model extracted from a
 * directory (provider "aws" blocks, the backend, versions, variables) and
 * the scan handler for Terraform files.
 *
 * What is read (terraform-aws-auth.md §0-§1): every *.tf and *.tf.json of
 * the root module and of local modules it calls with a relative source;
 * .terraform.lock.hcl for the exact provider version; .terraform-version
 * (tfenv) or TFENV_TERRAFORM_VERSION for the Terraform one; the backend config
 * terraform init recorded in .terraform/terraform.tfstate; variables from
 * defaults, TF_VAR_name, terraform.tfvars(.json) and *.auto.tfvars(.json),
 * in Terraform's order, so that var.x used as profile, region or a key
 * resolves where it can. Collectors never judge: checks/terraform.c does.
 *
 * Ownership: struct tf_config owns every string it points to (copies, in
 * its pool); tf_config_release() frees them and accepts NULL. A struct
 * tf_auth_block filled by tf_block_read() points into the pool it was
 * given.
 */
#ifndef TFAUTH_TF_H
#define TFAUTH_TF_H

#include <stddef.h>

#include "aws/facts.h"
#include "core/diag.h"
#include "core/env.h"
#include "core/finding.h"
#include "tf/hcl.h"

struct tf_pool {
	char **v;
	size_t nr, alloc;
};

char *tf_pool_dup(struct tf_pool *p, const char *s, size_t n);
void tf_pool_release(struct tf_pool *p);

struct tf_var {
	const char *name;
	size_t namelen;
	unsigned hash;	    /* of the name: modules can declare thousands */
	const char *value;  /* literal value, or NULL */
	const char *expr;   /* source text when not literal */
	struct origin from; /* where the winning value was set */
};

#define TF_MAX_PROVIDERS 16

struct tf_config {
	struct tf_pool pool;
	struct diags diags; /* parse errors of every file read */
	int nfiles;	    /* .tf / .tf.json files read */
	struct tf_auth_block providers[TF_MAX_PROVIDERS];
	int provider_depth[TF_MAX_PROVIDERS]; /* 0: root module, n: n calls deep */
	size_t nproviders;
	struct tf_auth_block backend; /* backend "s3" / "remote", or a cloud block */
	struct tf_value required_version;
	struct tf_value provider_constraint; /* required_providers.aws version */
	int provider_required;		     /* required_providers has aws */
	struct tf_value lock_version;	     /* .terraform.lock.hcl */
	struct tf_value tfenv_version;	     /* .terraform-version or TFENV_TERRAFORM_VERSION */
	struct tf_var *vars;
	size_t nvars, avars;
	int flags;
};

/* Load the configuration in dir; 0, or -1 when dir cannot be read. */
int tf_config_load(struct tf_config *c, const char *dir, const struct env *env);
/*
 * TF_LOAD_LIGHT: only the files that name provider or terraform,
 * no variables, no modules (scan's directory checks: fast on big trees).
 */
#define TF_LOAD_LIGHT 1
/* TF_LOAD_NO_BACKEND_GUESS: the caller names the backend config file (doctor --backend-config) */
#define TF_LOAD_NO_BACKEND_GUESS 2
int tf_config_load_flags(struct tf_config *c, const char *dir, const struct env *env, int flags);
void tf_config_release(struct tf_config *c);

/*
 * Piece by piece, for a caller that parses the files itself (scan):
 * init, add each parsed file of the directory, then read the lock file and
 * the recorded backend. The file's tree may be released right after.
 */
void tf_config_init(struct tf_config *c, int flags);
void tf_config_add_file(struct tf_config *c, const struct hcl_file *f, const char *path,
			const char *dir, int depth, const struct env *env);
void tf_config_read_extras(struct tf_config *c, const char *dir);
/*
 * Merge a backend configuration file (terraform init -backend-config=FILE)
 * over the backend block; 0, or -1 when it cannot be read or parsed.
 */
int tf_backend_config_file(struct tf_config *c, const char *path);
/* -backend-config="KEY=VALUE": one argument over the backend block; -1 for an unknown KEY. */
int tf_backend_config_kv(struct tf_config *c, const char *kv, const struct origin *from);

/*
 * Fill out from the body of a provider or backend block found in path.
 * type is "aws" for a provider, the backend type otherwise.
 */
void tf_block_read(struct tf_pool *pool, struct tf_auth_block *out, const struct hcl_block *k,
		   const char *path, const char *type);

/*
 * Version arithmetic for constraints ("~> 5.0", ">= 1.6, < 2"): the
 * highest version a constraint allows, as major*1e6 + minor*1e3 + patch,
 * or -1 when it has no upper bound (or cannot be read).
 */
long tf_version_highest(const char *constraint);
/* "5.31.0" -> 5031000; -1 when not a version */
long tf_version_parse(const char *v);
/*
 * The versions a constraint allows, as [*lo, *hi] (lo 0: no lower bound,
 * hi -1: no upper bound; "!=" is left out). 0, or -1 when a part could not
 * be read (the bounds then hold what could be).
 */
int tf_version_bounds(const char *constraint, long *lo, long *hi);
/* 1 when version v satisfies the constraint, 0 when not, -1 when unreadable */
int tf_version_satisfies(const char *constraint, long v);


#endif
