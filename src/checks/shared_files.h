/*
 * shared_files.h - checks on the AWS shared files as each tool reads them
 * (catalogue: core/findings/files.def). Pure: everything comes from the
 * loaded models (aws/shared.h) and the environment.
 */
#ifndef TFAUTH_CHECKS_SHARED_FILES_H
#define TFAUTH_CHECKS_SHARED_FILES_H

#include "aws/shared.h"
#include "core/finding.h"

struct files_view {
	const struct env *env;
	const struct shared *cli;     /* botocore: the AWS CLI */
	const struct shared *tf;      /* the Terraform provider's dialect */
	const struct shared *backend; /* the S3 backend's dialect, or NULL when the same */
	const char *arg_profile;      /* --profile / provider profile =, or NULL */
	/* where the provider and backend blocks name their profile, when they do
	 * (and --profile does not override the provider's) */
	const struct origin *provider_profile_at, *backend_profile_at;
};

/* Every check on the shared files: their bytes (shared_files.c), then the profiles in use. */
void check_files(const struct files_view *v, struct findings *fs);
/* The profiles in use (shared_profiles.c): exists, did-you-mean, key material. */
void check_shared_profiles(const struct files_view *v, struct findings *fs);
/*
 * One more block's profile (an aliased provider: block is "provider
 * aws.audit"), s loaded with the profile the block names:
 * provider-profile-not-found with did-you-mean, else the profile's own
 * checks (keys and tokens, along its source_profile chain). 1 when missing.
 */
int check_block_profile(const struct shared *s, const struct origin *at, const char *block,
			struct findings *fs);

#endif
