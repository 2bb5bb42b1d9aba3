/*
 * chain.c - credential chain resolution. This first version knows the
 * environment link only (static keys per dialect); the shared-files work
 * extends it to profiles, assume-role, SSO, web identity and the rest.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "aws/chain.h"
#include "core/xalloc.h"
#include "core/banned.h"

static const char *keep(struct chain_result *r, const char *s)
{
	for (size_t i = 0; i < sizeof(r->owned) / sizeof(r->owned[0]); i++)
		if (!r->owned[i])
			return r->owned[i] = xstrdup(s);
	return NULL;
}

int chain_resolve(const struct facts *f, enum chain_target t, struct chain_result *out)
{
	const struct env *e = f->env;
	int go = t != TARGET_CLI;
	const char *kvar = "AWS_ACCESS_KEY_ID";
	const char *k = env_get_nonempty(e, kvar), *s = env_get_nonempty(e, "AWS_SECRET_ACCESS_KEY");
	const char *tok = env_get_nonempty(e, "AWS_SESSION_TOKEN");
	const char *region = f->arg_region;

	memset(out, 0, sizeof(*out));
	if (go && !k && (k = env_get_nonempty(e, "AWS_ACCESS_KEY")))
		kvar = "AWS_ACCESS_KEY";
	if (go && !s)
		s = env_get_nonempty(e, "AWS_SECRET_KEY");
	if (!go && env_get_nonempty(e, "AWS_SECURITY_TOKEN"))
		tok = env_get_nonempty(e, "AWS_SECURITY_TOKEN");
	if (!region)
		region = go ? env_get_nonempty(e, "AWS_REGION") : NULL;
	if (!region)
		region = env_get_nonempty(e, "AWS_DEFAULT_REGION");
	if (!region && f->profile_region.v)
		region = f->profile_region.v;
	if (region)
		out->creds.region = keep(out, region);
	if (!k || !s) {
		out->creds.error = "no credentials in the environment";
		return -1;
	}
	out->creds.source = "env";
	out->creds.access_key_id = keep(out, k);
	out->creds.secret_access_key = keep(out, s);
	if (tok)
		out->creds.session_token = keep(out, tok);
	out->creds.from = (struct origin){ ORIGIN_ENV, kvar, 0, 0 };
	return 0;
}

void chain_result_release(struct chain_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < sizeof(r->owned) / sizeof(r->owned[0]); i++) {
		if (r->owned[i]) {
			OPENSSL_cleanse(r->owned[i], strlen(r->owned[i]));
			free(r->owned[i]);
		}
	}
	memset(r, 0, sizeof(*r));
}
