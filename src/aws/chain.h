/*
 * chain.h - which credentials a tool would use: the credential chain of
 * each dialect (go-v2, go-v1, botocore), resolved from the facts
 * (environment, provider/backend arguments) and the shared files as that
 * dialect reads them. Never runs credential_process and never contacts
 * anything; it reads the one SSO token / CLI cache file a profile names.
 *
 * The shared files reach the chain as a struct chain_view: per dialect,
 * the profiles of the config files and of the credentials files after
 * that dialect's section naming (what the files parser decides), each key
 * with its file:line:col. The chain does the merging itself (go-v2's
 * mergeSections, botocore's three views), because which file a value came
 * from is what decides between the tools.
 *
 * Ownership: a chain_view owns its sections; a chain_result owns every
 * string it points to (creds, losers, notes) and chain_result_release()
 * wipes the secrets, frees everything and accepts NULL.
 */
#ifndef TFAUTH_CHAIN_H
#define TFAUTH_CHAIN_H

#include <stddef.h>

#include "aws/facts.h"

enum chain_target {
	TARGET_PROVIDER, /* Terraform's provider "aws" */
	TARGET_BACKEND,	 /* Terraform's S3 backend */
	TARGET_CLI,	 /* the AWS CLI */
};

/* ---- the shared files as one dialect sees them ---- */

struct chain_kv {
	char *key;	    /* lower-case, as the dialect stores it */
	char *val;	    /* as the dialect reads it (quotes/comments handled) */
	struct origin from; /* from.name points at file */
	char *file;
};

struct chain_section {
	char *name; /* profile name after the dialect's mapping, or sso-session name */
	struct chain_kv *kv;
	size_t nr, alloc;
};

struct chain_file {
	char *path;
	int exists;		    /* opened and read */
	int rejected;		    /* botocore: the whole file fails to parse (ConfigParseError) */
	char *reject_why;	    /* the underlying reason, or NULL */
	struct chain_section *prof; /* profiles */
	size_t nprof, aprof;
	struct chain_section *sso; /* [sso-session x] (config files) */
	size_t nsso, asso;
};

struct chain_view {
	enum dialect dialect;
	char *load_error; /* the tool cannot load its files at all (go: a directory), or NULL */
	struct chain_file *config, *creds; /* in load order, later files win */
	size_t nconfig, aconfig, ncreds, acreds;
};

/* Building a view (the adapter from the files parser uses these). */
struct chain_file *chain_view_add_file(struct chain_view *v, int credentials, const char *path);
struct chain_section *chain_file_section(struct chain_file *f, int sso, const char *name);
void chain_section_set(struct chain_section *s, const char *key, const char *val,
		       const struct origin *from);
const struct chain_kv *chain_section_get(const struct chain_section *s, const char *key);
void chain_section_release(struct chain_section *s);
void chain_view_release(struct chain_view *v);

/*
 * The file lists a target reads, per the rules of credential-files.md §1.1
 * and terraform-aws-auth.md §1.7: env AWS_CONFIG_FILE /
 * AWS_SHARED_CREDENTIALS_FILE (botocore expands ~ and $VAR, Go does not),
 * the provider's/backend's shared_*_files (expanded by aws-sdk-go-base),
 * the backend's AWS_SHARED_CONFIG_FILE. Paths are malloc'd into out.
 */
struct chain_paths {
	char *config[TF_MAX_LIST + 1];
	char *creds[TF_MAX_LIST + 1];
	size_t nconfig, ncreds;
	int explicit_config, explicit_creds; /* from Terraform arguments, not env/default */
	const struct env *env;
};
void chain_paths_for(const struct facts *f, enum chain_target t, enum dialect d,
		     struct chain_paths *out);
void chain_paths_release(struct chain_paths *p);

/*
 * Fill a view for dialect d from the given paths. Implemented by the
 * adapter over the files parser (aws/chain_files.c).
 */
void chain_view_load(struct chain_view *v, enum dialect d, const struct chain_paths *p);

/* ---- the result ---- */

#define CHAIN_MAX_LOSERS 12
#define CHAIN_MAX_NOTES 32

/* A source that exists but loses, and why. */
struct chain_loser {
	char *source; /* "env AWS_ACCESS_KEY_ID", "profile 'dev' in ~/.aws/credentials", ... */
	char *why;
	struct origin from;
};

/*
 * Something on the way the checks turn into findings: kind names the
 * finding family ("assume-role", "sso-expired", ...), the rest is data.
 */
struct chain_note {
	const char *kind;
	char *profile;
	char *detail;
	char *extra;
	struct origin from;
	long long t; /* a time (expiry) when relevant */
};

struct chain_result {
	struct resolved_creds creds;
	enum chain_target target;
	enum dialect dialect;
	const char *method;	  /* botocore METHOD names where one exists: env, assume-role, sso,
				     shared-credentials-file, config-file, custom-process,
				     assume-role-with-web-identity, container-role, iam-role,
				     provider (Terraform arguments) */
	const char *profile_from; /* "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "provider", "backend",
				     "--profile", "default" */
	const char *role_arn;	  /* when the winning source assumes a role */
	struct origin role_at;	  /* where role_arn is set */
	int profile_programmatic; /* profile set in code (go-v2: env keys skipped) */
	int imds;		  /* resolution reached IMDS */
	const char *label;	  /* "Terraform provider aws.audit" for an alias, else NULL */
	/*
	 * The region the tool will use (also in creds.region) and where it
	 * comes from: "provider block", "backend block", "--region",
	 * "env AWS_REGION", "env AWS_DEFAULT_REGION", "profile" (region_profile
	 * names it), or NULL when none; region_at is the file position when
	 * there is one. region_expr: the block sets it by an expression.
	 */
	const char *region_source;
	const char *region_profile;
	const char *region_expr;
	struct origin region_at;
	struct chain_loser losers[CHAIN_MAX_LOSERS];
	size_t nlosers;
	struct chain_note notes[CHAIN_MAX_NOTES];
	size_t nnotes;
	char **owned;
	size_t nowned, aowned;
};

/* 0 when credentials were resolved, -1 when not (creds.error says why). */
int chain_resolve(const struct facts *f, enum chain_target t, struct chain_result *out);
/* The same with a view already loaded for the target's dialect. */
int chain_resolve_view(const struct facts *f, enum chain_target t, const struct chain_view *v,
		       struct chain_result *out);
void chain_result_release(struct chain_result *r);

/* The dialect a target uses given the facts (provider/backend versions). */
enum dialect chain_target_dialect(const struct facts *f, enum chain_target t);
const char *chain_target_name(enum chain_target t); /* "Terraform provider", ... */
/* The label of a result: its alias's name, else its target's. */
const char *chain_result_name(const struct chain_result *r);

/* "~/x" and "$VAR/x" expanded as aws-sdk-go-base / botocore do; malloc'd. */
char *chain_expand_path(const struct env *e, const char *path);

#endif
