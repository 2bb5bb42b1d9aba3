/*
 * facts.h - everything the collectors found, with provenance, handed to
 * the checks (which are pure functions of it).
 *
 * Ownership: struct facts borrows env; anything else it points to is owned
 * by the collector that filled it and lives until facts_release().
 */
#ifndef TFAUTH_FACTS_H
#define TFAUTH_FACTS_H

#include <time.h>

#include "core/env.h"
#include "core/finding.h"

/* A value and where it came from; v is NULL when there is none. */
struct value {
	const char *v;
	struct origin from;
};

enum dialect {
	DIALECT_GO_V2,	  /* aws-sdk-go-v2: provider >= 4, S3 backend >= 1.6 */
	DIALECT_GO_V1,	  /* aws-sdk-go v1: provider <= 3, S3 backend <= 1.5 */
	DIALECT_BOTOCORE, /* the AWS CLI and boto3 */
};

const char *dialect_name(enum dialect d);
/*
 * The profile a dialect selects from the environment when nothing in code
 * names one: botocore reads AWS_DEFAULT_PROFILE first, then AWS_PROFILE,
 * and a variable set to "" counts; aws-sdk-go (v1 through base's
 * SharedConfigEnable, and v2) reads AWS_PROFILE first, then
 * AWS_DEFAULT_PROFILE, skipping empty ones. *var (may be NULL) gets the
 * variable's name; with neither set, "default" and *var = NULL.
 */
const char *dialect_env_profile(const struct env *e, enum dialect d, const char **var);

/*
 * The auth-relevant arguments of a provider "aws" block or a backend "s3"
 * block, filled by the Terraform collector (src/tf/). A value whose
 * expression is not a literal has v == NULL and expr set to its source text.
 */
struct tf_value {
	const char *v;
	const char *expr;
	struct origin from;
};

#define TF_MAX_LIST 4
#define FACTS_MAX_ALIASES 16

struct tf_auth_block {
	int present;
	struct origin at; /* the block header */
	const char *alias;
	struct tf_value access_key, secret_key, token, profile, region, sts_region;
	struct tf_value shared_credentials_files[TF_MAX_LIST];
	struct tf_value shared_config_files[TF_MAX_LIST];
	struct tf_value shared_credentials_file; /* deprecated singular */
	struct tf_value assume_role_arn, assume_role_session_name, assume_role_external_id;
	struct tf_value web_identity_role_arn, web_identity_token_file;
	struct tf_value sts_endpoint;
	struct tf_value skip_credentials_validation, skip_metadata_api_check;
	struct tf_value use_legacy_workflow;
	struct tf_value allowed_account_ids, forbidden_account_ids; /* source text */
	/* added by the Terraform collector (issue 5) */
	const char *type;	/* backend: "s3", "remote", "cloud", ...; provider: "aws" */
	int assume_role_blocks; /* how many assume_role blocks (provider 6 chains them) */
	struct tf_value legacy_role_arn, legacy_session_name,
		legacy_external_id; /* backend top level */
	struct tf_value skip_requesting_account_id;
	/*
	 * The S3 backend's assume_role (issue 13): Terraform >= 1.6 takes the
	 * nested attribute assume_role = { role_arn = ... } (read into
	 * assume_role_arn & co. as the provider's block is); the block form is
	 * counted in assume_role_blocks. assume_role_at is the first one's place.
	 * The other top-level arguments deprecated in 1.6 and removed in 1.10:
	 */
	int assume_role_attr;
	struct origin assume_role_at;
	struct tf_value legacy_duration, legacy_policy, legacy_policy_arns, legacy_tags,
		legacy_transitive_tag_keys;
	/*
	 * backend "s3" without a bucket is a partial configuration: terraform
	 * init -backend-config supplies the rest. config_file: the file read
	 * for it (the directory's one backend config file, or doctor
	 * --backend-config); partial: nothing supplied it, so the backend's
	 * credentials are not known.
	 */
	struct tf_value bucket;
	const char *config_file;
	int partial;
};

/* The credentials one tool would use, as resolved by the chain (aws/chain.h). */
struct resolved_creds {
	const char *source;  /* "env", "provider", "profile", "assume-role", "sso", ... or NULL */
	const char *profile; /* the profile name when one was used */
	const char *access_key_id;
	const char *secret_access_key; /* never printed */
	const char *session_token;     /* never printed */
	const char *region;
	struct origin from; /* where the access key id came from */
	const char *error;  /* why nothing could be resolved, or NULL */
};

struct facts {
	const struct env *env;
	time_t now;

	/* What the user says about the Terraform side (--profile, --region). */
	const char *arg_profile;
	const char *arg_region;
	const char *arg_endpoint_url;

	/*
	 * Filled by the shared-files collector when it has run: the region of
	 * the profile Terraform would use, and whether the shared files hold
	 * any profile at all (for env-overrides-files).
	 */
	struct value profile_region;
	const char *shadowed; /* human list of what env keys shadow, or NULL */
	int profile_missing;  /* the profile Terraform selects is in neither file */

	/* Filled by the Terraform collector when DIR holds a configuration. */
	struct tf_auth_block provider; /* the default (unaliased) provider "aws" */
	struct tf_auth_block backend;  /* backend "s3" */
	const char *provider_version;  /* exact, from .terraform.lock.hcl, or NULL */
	const char *provider_constraint;
	const char *terraform_version; /* required_version constraint, or NULL */
	enum dialect provider_dialect, backend_dialect;
	int tf_present;	   /* DIR holds a Terraform configuration */
	int provider_unused; /* a configuration that never names the aws provider */
	/* the root module's aliased provider "aws" blocks (alias set) */
	const struct tf_auth_block *aliases[FACTS_MAX_ALIASES];
	size_t naliases;

	/*
	 * The collector that filled provider/backend owns their strings through
	 * this; facts_release() calls tf_free(tf_owner). NULL when unused.
	 */
	void *tf_owner;
	void (*tf_free)(void *);
};

void facts_init(struct facts *f, const struct env *env);
void facts_release(struct facts *f);

#endif
