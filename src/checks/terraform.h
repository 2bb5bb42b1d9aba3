/*
 * terraform.h - checks on the Terraform configuration (terraform.def):
 * one provider or backend block at a time (also what `scan` runs per
 * file), and the configuration as a whole (versions, provider vs backend,
 * allowed accounts) for doctor. Pure functions: no I/O, no printing.
 */
#ifndef TFAUTH_CHECKS_TERRAFORM_H
#define TFAUTH_CHECKS_TERRAFORM_H

#include "aws/facts.h"
#include "core/finding.h"
#include "tf/tf.h"

struct tf_versions {
	long terraform; /* tf_version_parse() form; -1 when unknown */
	long provider;
	const char *terraform_text, *provider_text; /* for messages */
	/*
	 * The Terraform versions that may run: --terraform-version, else
	 * required_version narrowed by .terraform-version (tfenv). lo 0: no
	 * lower bound; hi -1: no upper bound. terraform_from names the source
	 * ("required_version", ".terraform-version", ...) or is NULL.
	 */
	long terraform_lo, terraform_hi;
	const char *terraform_from;
};

/* Nothing known (what scan starts from per file). */
void tf_versions_unknown(struct tf_versions *v);
/* The Terraform range from a required_version constraint alone. */
void tf_versions_required(struct tf_versions *v, const char *required_version,
			  struct tf_pool *pool);

/* A provider "aws" block (is_backend 0) or a backend block. */
void check_tf_block(struct findings *fs, const struct tf_auth_block *b, int is_backend,
		    const struct tf_versions *v);
/*
 * The whole configuration: versions, provider vs backend identity,
 * allowed/forbidden account ids. env may be NULL (scan).
 */
void check_tf_config(struct findings *fs, const struct tf_config *c, const struct env *env,
		     const struct tf_versions *v, int versions_given);
/* Only the whole-configuration part (scan runs the blocks per file). */
/*
 * A partial S3 backend (no bucket): backend-partial-config when nothing
 * completes it, backend-config-file-read when doctor took the directory's
 * backend config file (named: the user passed --backend-config).
 */
/*
 * terraform-parse-error for the parse errors among d (warnings and notes
 * are not), at most 5 per file: the first ones say where to look, the rest
 * is usually their echo. Used by doctor (the whole configuration) and scan
 * (one file at a time), so both report the same.
 */
void check_tf_parse_errors(struct findings *fs, const struct diags *d);
void check_tf_backend_partial(struct findings *fs, const struct tf_auth_block *b, int named);
void check_tf_config_only(struct findings *fs, const struct tf_config *c, const struct env *env,
			  const struct tf_versions *v, int versions_given);
/* Versions from the options, the lock file and the constraints. */
void tf_versions_init(struct tf_versions *v, const struct tf_config *c, const char *terraform_arg,
		      const char *provider_arg, struct tf_pool *pool);

#endif
