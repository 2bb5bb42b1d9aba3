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
};

void facts_init(struct facts *f, const struct env *env);
void facts_release(struct facts *f);

#endif
