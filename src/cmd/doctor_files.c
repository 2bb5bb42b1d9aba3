/*
 * doctor_files.c - doctor's stage for the AWS shared files (after
 * terraform, before env): loads ~/.aws/config and ~/.aws/credentials the
 * way the AWS CLI (botocore) and Terraform's provider and backend (their
 * dialects) read them, runs the file checks, and leaves in the facts the
 * region of the profile Terraform uses and what environment keys would
 * shadow. The resolution itself is the chain's business.
 *
 * The loaded models live until exit: facts point into them.
 */
#include <stdlib.h>
#include <string.h>

#include "aws/shared.h"
#include "checks/shared_files.h"
#include "cmd/doctor.h"
#include "core/xalloc.h"
#include "core/banned.h"

static struct {
	struct shared cli, tf, backend;
	int loaded, have_backend;
	char *shadowed;
} st;

static void files_state_release(void)
{
	if (!st.loaded)
		return;
	shared_release(&st.cli);
	shared_release(&st.tf);
	if (st.have_backend)
		shared_release(&st.backend);
	free(st.shadowed);
	memset(&st, 0, sizeof(st));
}

/* Terraform's shared_*_files list, when every element is a literal. */
static const char **tf_list(const struct tf_value *v, const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < TF_MAX_LIST && n + 1 < max; i++) {
		if (v[i].expr && !v[i].v)
			return NULL;
		if (v[i].v)
			out[n++] = v[i].v;
	}
	out[n] = NULL;
	return n ? out : NULL;
}

static void load_for(struct shared *s, const struct facts *fa, const struct tf_auth_block *b,
		     enum dialect d, const char *profile, int is_backend)
{
	const char *cfg[TF_MAX_LIST + 1], *cred[TF_MAX_LIST + 2];
	const char **cf = NULL, **cr = NULL;

	if (b->present) {
		cf = tf_list(b->shared_config_files, cfg, ARRAY_SIZE(cfg));
		/* the S3 backend (>= 1.6) defaults shared_config_files from AWS_SHARED_CONFIG_FILE */
		if (!cf && is_backend && d == DIALECT_GO_V2 &&
		    env_get_nonempty(fa->env, "AWS_SHARED_CONFIG_FILE")) {
			cfg[0] = env_get_nonempty(fa->env, "AWS_SHARED_CONFIG_FILE");
			cfg[1] = NULL;
			cf = cfg;
		}
		cr = tf_list(b->shared_credentials_files, cred, ARRAY_SIZE(cred));
		if (!cr && b->shared_credentials_file.v) {
			cred[0] = b->shared_credentials_file.v;
			cred[1] = NULL;
			cr = cred;
		}
	}
	shared_load(s, fa->env, d, profile, cf, cr);
}

void doctor_stage_files(struct doctor *d)
{
	struct facts *fa = &d->facts;
	const char *tf_profile = fa->arg_profile ? fa->arg_profile : fa->provider.profile.v;
	const char *be_profile = fa->backend.profile.v;
	const struct profile *p;
	const struct profile_value *region, *key;
	struct files_view v;

	if (st.loaded)
		files_state_release();
	else
		atexit(files_state_release);
	st.loaded = 1;
	shared_load(&st.cli, fa->env, DIALECT_BOTOCORE, NULL, NULL, NULL);
	load_for(&st.tf, fa, &fa->provider, fa->provider_dialect, tf_profile, 0);
	if (fa->backend.present &&
	    (fa->backend_dialect != fa->provider_dialect ||
	     env_get_nonempty(fa->env, "AWS_SHARED_CONFIG_FILE") ||
	     (be_profile ? !tf_profile || strcmp(be_profile, tf_profile) : !!tf_profile))) {
		load_for(&st.backend, fa, &fa->backend, fa->backend_dialect, be_profile, 1);
		st.have_backend = 1;
	}

	p = shared_profile(&st.tf, st.tf.selected);
	fa->profile_missing = p == NULL;
	region = profile_get(p, "region");
	if (region && region->len && !(region->flags & INI_NESTED)) {
		fa->profile_region.v = region->value;
		fa->profile_region.from = region->value_at;
	}
	key = profile_get(p, "aws_access_key_id");
	if (key && key->len) {
		if (st.tf.selected_from == PROFILE_FROM_DEFAULT)
			st.shadowed = xstrfmt("profile '%s' (%s:%u)", p->name, key->key_at.name,
					      key->key_at.line);
		else
			st.shadowed =
				xstrfmt("its keys at %s:%u", key->key_at.name, key->key_at.line);
		fa->shadowed = st.shadowed;
	}

	memset(&v, 0, sizeof(v));
	v.env = fa->env;
	v.cli = &st.cli;
	v.tf = &st.tf;
	v.backend = st.have_backend ? &st.backend : NULL;
	v.arg_profile = tf_profile;
	if (!fa->arg_profile && fa->provider.profile.v)
		v.provider_profile_at = &fa->provider.profile.from;
	if (fa->backend.profile.v)
		v.backend_profile_at = &fa->backend.profile.from;
	check_files(&v, &d->findings);

	/* each aliased provider's profile, read in the provider's dialect */
	for (size_t i = 0; i < fa->naliases; i++) {
		const struct tf_auth_block *b = fa->aliases[i];
		struct shared s;
		char *label;

		int dup = tf_profile && !strcmp(tf_profile, b->profile.v ? b->profile.v : "");

		for (size_t j = 0; j < i && !dup; j++)
			dup = fa->aliases[j]->profile.v && b->profile.v &&
			      !strcmp(fa->aliases[j]->profile.v, b->profile.v);
		if (!b->profile.v || dup)
			continue;
		load_for(&s, fa, b, fa->provider_dialect, b->profile.v, 0);
		label = xstrfmt("provider aws.%s", b->alias);
		check_block_profile(&s, &b->profile.from, label, &d->findings);
		free(label);
		shared_release(&s);
	}
}
