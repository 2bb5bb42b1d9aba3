/*
 * optin.c - region-opt-in-global-token. Opt-in regions (launched after
 * March 2019) reject session tokens of version 1, which the global STS
 * endpoint sts.amazonaws.com issues unless the account switched it to v2
 * (GlobalEndpointTokenVersion). Long-term AKIA keys and v2 tokens (regional
 * endpoints, IQoJ...) are valid there, so only a static ASIA key whose
 * token reads as v1 (FwoG...) is reported. Tokens Terraform obtains itself
 * (assume_role, SSO, web identity) come from go-v2's regional endpoint and
 * are v2; their results carry no session token. Every opt-in region is in
 * the aws partition, so the fix names amazonaws.com.
 */
#include <stdlib.h>
#include <string.h>

#include "aws/keyfmt.h"
#include "aws/regions.h"
#include "checks/chain.h"
#include "checks/optin.h"
#include "core/redact.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

/* Where the target's region comes from, as region_for() and go-v2 order it. */
static const char *region_of(const struct facts *fa, const struct chain_result *r,
			     const char **from)
{
	const struct tf_auth_block *b = r->target == TARGET_BACKEND ? &fa->backend : &fa->provider;
	const char *v;

	if (b->present && b->region.v) {
		*from = r->target == TARGET_BACKEND ? "the backend block" : "the provider block";
		return b->region.v;
	}
	if (r->target == TARGET_PROVIDER && fa->arg_region) {
		*from = "--region";
		return fa->arg_region;
	}
	if ((v = env_get_nonempty(fa->env, "AWS_REGION"))) {
		*from = "AWS_REGION";
		return v;
	}
	if ((v = env_get_nonempty(fa->env, "AWS_DEFAULT_REGION"))) {
		*from = "AWS_DEFAULT_REGION";
		return v;
	}
	if (fa->profile_region.v) {
		*from = "the profile's region";
		return fa->profile_region.v;
	}
	return NULL;
}

static const struct region *v1_in_opt_in(const struct facts *fa, const struct chain_result *r,
					 const char **from)
{
	const struct resolved_creds *c = &r->creds;
	const struct region *reg;
	const char *name;

	if (r->target == TARGET_CLI || c->error || !c->access_key_id || !c->session_token ||
	    r->role_arn ||
	    keyid_kind(c->access_key_id, strlen(c->access_key_id)) != KEYID_TEMPORARY ||
	    token_version(c->session_token, strlen(c->session_token)) != TOKEN_V1)
		return NULL;
	if (!(name = region_of(fa, r, from)) || !(reg = region_find(name)) || !reg->opt_in)
		return NULL;
	return reg;
}

void check_opt_in_tokens(const struct facts *fa, const struct chain_result *res, size_t nres,
			 struct findings *fs)
{
	for (size_t i = 0; i < nres; i++) {
		const struct resolved_creds *c = &res[i].creds;
		struct strbuf who = STRBUF_INIT, from = STRBUF_INIT;
		const struct region *reg;
		const char *rfrom = NULL, *rf2;
		struct finding *f;
		char *masked;
		int seen = 0;

		if (!(reg = v1_in_opt_in(fa, &res[i], &rfrom)))
			continue;
		/* one finding for the targets that send the same key to the same region */
		for (size_t j = 0; j < i; j++)
			if (v1_in_opt_in(fa, &res[j], &rf2) == reg &&
			    !strcmp(res[j].creds.access_key_id, c->access_key_id))
				seen = 1;
		if (seen)
			continue;
		strbuf_addstr(&who, chain_result_name(&res[i]));
		for (size_t j = i + 1; j < nres; j++)
			if (v1_in_opt_in(fa, &res[j], &rf2) == reg &&
			    !strcmp(res[j].creds.access_key_id, c->access_key_id))
				strbuf_addf(&who, " and %s", chain_result_name(&res[j]));
		chain_origin_text(&from, &c->from);
		masked = redact_key_id_dup(c->access_key_id);
		f = findings_add(fs, F_REGION_OPT_IN_GLOBAL_TOKEN, &c->from);
		finding_set(f, "who", "%s", who.buf);
		finding_set(f, "key", "%s", masked);
		finding_set(f, "from", "%s", from.len ? from.buf : "resolved");
		finding_set(f, "region", "%s", reg->name);
		finding_set(f, "display", "%s", reg->display);
		finding_set(f, "region_from", "%s", rfrom);
		free(masked);
		strbuf_release(&who);
		strbuf_release(&from);
	}
}
