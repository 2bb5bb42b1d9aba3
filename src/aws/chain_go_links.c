/*
 * chain_go_links.c - the aws-sdk-go (v2, and v1 through base) profile
 * walk, link by link: a profile's own credentials, SSO, credential_source,
 * web identity, credential_process, source_profile chains (go_profile),
 * and the load-time validation LoadSharedConfig does on the whole chain
 * before any of it resolves (go_load_check). chain.c runs the resolution
 * around them. Nothing here prints, runs a process or touches the network.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "aws/cache.h"
#include "aws/chain_int.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"


/* The assumed role's own key id is not known offline: forget the base keys. */
static void forget_base_keys(struct rctx *c, const struct origin *role_at)
{
	c->r->creds.access_key_id = NULL;
	c->r->creds.secret_access_key = NULL;
	c->r->creds.session_token = NULL;
	c->r->creds.from = chain_own_origin(c->r, role_at);
}

static int go_assume_on_top(struct rctx *c, const struct prof *p, const char *name)
{
	const char *arn = chain_kv_nonempty(&p->m, "role_arn");

	if (!arn)
		return 0;
	forget_base_keys(c, chain_kv_from(&p->m, "role_arn"));
	chain_set_role(c, arn, chain_kv_from(&p->m, "role_arn"));
	c->r->creds.source = "assume-role";
	c->r->method = "assume-role";
	c->r->creds.profile = chain_own(c->r, name);
	return 0;
}

static int go_sso(struct rctx *c, const struct prof *p, const char *name)
{
	const char *sess = chain_kv_nonempty(&p->m, "sso_session");
	const struct chain_section *ss = NULL;
	const char *start, *region, *acct = chain_kv_nonempty(&p->m, "sso_account_id");
	const char *role = chain_kv_nonempty(&p->m, "sso_role_name");
	struct strbuf missing = STRBUF_INIT;
	const char *cache_key;

	if (sess) {
		ss = chain_view_sso(c->v, sess);
		if (!ss) {
			chain_note_add(c, "sso-session-missing", name,
				       chain_kv_from(&p->m, "sso_session"),
				       "sso_session = %s, but there is no [sso-session %s] section",
				       sess, sess);
			strbuf_release(&missing);
			return chain_fail(c, "failed to find SSO session section, %s", sess);
		}
		start = chain_kv_nonempty(ss, "sso_start_url");
		region = chain_kv_nonempty(ss, "sso_region");
	} else {
		start = chain_kv_nonempty(&p->m, "sso_start_url");
		region = chain_kv_nonempty(&p->m, "sso_region");
	}
	if (!acct)
		strbuf_addstr(&missing, "sso_account_id, ");
	if (!region)
		strbuf_addstr(&missing, "sso_region, ");
	if (!role)
		strbuf_addstr(&missing, "sso_role_name, ");
	if (!start)
		strbuf_addstr(&missing, "sso_start_url, ");
	if (missing.len) {
		strbuf_setlen(&missing, missing.len - 2);
		chain_note_add(c, "sso-config-missing", name,
			       chain_kv_from(&p->m, sess ? "sso_session" : "sso_start_url"),
			       "the profile uses SSO but lacks %s", missing.buf);
		chain_fail(c,
			   "profile \"%s\" is configured to use SSO but is missing required "
			   "configuration: %s",
			   name, missing.buf);
		strbuf_release(&missing);
		return -1;
	}
	strbuf_release(&missing);
	chain_set_source(c, "sso", "sso", name,
			 chain_kv_from(&p->m, sess ? "sso_session" : "sso_start_url"));
	cache_key = sess ? sess : start;
	{
		struct chain_note *n =
			chain_note_add(c, "sso-token", name,
				       chain_kv_from(&p->m, sess ? "sso_session" : "sso_start_url"),
				       "%s", cache_key);
		n->extra = xstrdup(sess ? "session" : "url");
	}
	return 0;
}

/* credential_source as go-v2 reads it (case-sensitive). */
static int go_credential_source(struct rctx *c, const struct prof *p, const char *name)
{
	const char *cs = chain_kv_val(&p->m, "credential_source");
	struct envkeys k;

	if (!strcmp(cs, "Environment")) {
		chain_env_keys(c, &k);
		if (!k.key || !k.secret) {
			chain_note_add(c, "assume-role", name,
				       chain_kv_from(&p->m, "credential_source"),
				       "credential_source = %s finds no credentials", cs);
			return chain_fail(c,
					  "credential_source = Environment in profile %s, but the "
					  "environment "
					  "holds no key pair",
					  name);
		}
		chain_set_keys(c, "env", "env", name, k.key, k.secret, k.token,
			       &ORIGIN_ENV_VAR(k.key_var));
		return 0;
	}
	if (!strcmp(cs, "Ec2InstanceMetadata"))
		return chain_use_imds(c, name);
	if (!strcmp(cs, "EcsContainer")) {
		if (!chain_container(c, name))
			return chain_fail(
				c,
				"EcsContainer was specified as the credential_source, but neither "
				"'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' or "
				"AWS_CONTAINER_CREDENTIALS_FULL_URI' was set");
		return 0;
	}
	chain_note_add(c, "assume-role", name, chain_kv_from(&p->m, "credential_source"),
		       "credential_source = %s is not one of Environment, Ec2InstanceMetadata, "
		       "EcsContainer",
		       cs);
	return chain_fail(c, "credential_source values must be EcsContainer, Ec2InstanceMetadata, "
			     "or Environment");
}

/*
 * aws-sdk-go-v2 validateCredentialType: a profile sets at most one of
 * source_profile, credential_source, credential_process and
 * web_identity_token_file. -1 (noted, failed) when it sets more.
 */
static int go_one_credential_type(struct rctx *c, const struct prof *p, const char *name,
				  const char *sp, const char *cs, const char *wit, const char *proc)
{
	if (!!sp + !!cs + !!wit + !!proc <= 1)
		return 0;
	if (sp && cs && !wit && !proc)
		chain_note_add(c, "assume-role", name, chain_kv_from(&p->m, "credential_source"),
			       "both source_profile and credential_source are set");
	else
		chain_note_add(c, "assume-role", name,
			       chain_kv_from(&p->m, sp ? "source_profile" : "credential_source"),
			       "more than one of source_profile, credential_source, "
			       "credential_process, web_identity_token_file is set");
	chain_fail(c, "only one credential type may be specified per profile: source "
		      "profile, credential source, credential process, web identity token, "
		      "or sso");
	return -1;
}

/* validateCredentialsConfig: a source (or a token file) needs role_arn. -1 when missing. */
static int go_role_arn_needed(struct rctx *c, const struct prof *p, const char *name,
			      const char *sp, const char *cs, const char *wit, const char *arn)
{
	const char *what;

	if (!(sp || cs || wit) || arn)
		return 0;
	what = sp ? "source_profile" : cs ? "credential_source" : "web_identity_token_file";
	chain_note_add(c, wit && !sp && !cs ? "web-identity-no-role" : "assume-role", name,
		       chain_kv_from(&p->m, what), "%s is set but role_arn is not", what);
	chain_fail(c, "credential type %s requires role_arn, profile %s", what, name);
	return -1;
}

/*
 * Does the profile's chain take the environment keys as its source
 * (credential_source = Environment, on the profile or on a source_profile
 * it leads to)? Then a profile set in code does not skip those keys: the
 * role is assumed with them.
 */
int go_chain_sources_env(const struct rctx *c, const char *name)
{
	char *cur = xstrdup(name);
	int found = 0;

	for (int depth = 0; cur && depth < GO_MAX_CHAIN && !found; depth++) {
		struct prof p;
		const char *cs, *sp;

		chain_prof_load(c, cur, &p);
		cs = chain_kv_nonempty(&p.m, "credential_source");
		sp = chain_kv_nonempty(&p.m, "source_profile");
		found = cs && !strcmp(cs, "Environment");
		free(cur);
		cur = sp && !found ? xstrdup(sp) : NULL;
		chain_prof_release(&p);
	}
	free(cur);
	return found;
}

int go_profile(struct rctx *c, const char *name, const char **visited, int depth, int top)
{
	struct prof p;
	const char *sp, *cs, *wit, *proc, *arn;
	int ret = -1, seen = 0;

	chain_prof_load(c, name, &p);
	for (int i = 0; i < depth; i++)
		if (!strcmp(visited[i], name))
			seen = 1;
	if (!p.exists && !top) {
		chain_note_add(c, "assume-role", visited[depth - 1], NULL,
			       "source_profile = %s names a profile that does not exist", name);
		chain_fail(c,
			   "failed to load assume role, of profile %s, failed to get shared config "
			   "profile, %s",
			   visited[depth - 1], name);
		goto done;
	}
	if (p.exists && p.partial && c->d == DIALECT_GO_V2) {
		chain_fail(c,
			   "error fetching config from profile, %s, partial credentials found for "
			   "profile %s "
			   "(in %s)",
			   name, name, p.partial_file);
		goto done;
	}
	sp = chain_kv_nonempty(&p.m, "source_profile");
	cs = chain_kv_nonempty(&p.m, "credential_source");
	wit = chain_kv_nonempty(&p.m, "web_identity_token_file");
	proc = chain_kv_nonempty(&p.m, "credential_process");
	arn = chain_kv_nonempty(&p.m, "role_arn");
	if (seen) {
		/* A profile seen before keeps only its credentials (Go clears the role options). */
		sp = cs = NULL;
		arn = NULL;
		if (!(chain_kv_nonempty(&p.m, "aws_access_key_id") &&
		      chain_kv_nonempty(&p.m, "aws_secret_access_key"))) {
			chain_note_add(
				c, "assume-role", name, chain_kv_from(&p.m, "source_profile"),
				"source_profile loops back to '%s', which has no keys of its own",
				name);
			chain_fail(c, "source_profile loop through profile %s", name);
			goto done;
		}
	}
	if (go_one_credential_type(c, &p, name, sp, cs, wit, proc) < 0 ||
	    go_role_arn_needed(c, &p, name, sp, cs, wit, arn) < 0)
		goto done;
	if (arn && !seen) {
		if (!chain_role_arn_ok(arn))
			chain_note_add(c, "assume-role", name, chain_kv_from(&p.m, "role_arn"),
				       "role_arn = %s is not an IAM role ARN "
				       "(arn:aws:iam::123456789012:role/NAME)",
				       arn);
		if (chain_kv_nonempty(&p.m, "mfa_serial") && c->d == DIALECT_GO_V2) {
			chain_note_add(c, "assume-role", name, chain_kv_from(&p.m, "mfa_serial"),
				       "mfa_serial asks for an MFA code, which Terraform cannot "
				       "prompt for");
			chain_fail(c, "assume role with MFA enabled, but AssumeRoleTokenProvider "
				      "session option not set");
			goto done;
		}
	}
	if (sp && !seen) {
		if (depth >= 8) {
			chain_fail(c, "source_profile chain deeper than 8 profiles");
			goto done;
		}
		visited[depth] = name;
		if (go_profile(c, sp, visited, depth + 1, 0) < 0)
			goto done;
		forget_base_keys(c, chain_kv_from(&p.m, "role_arn"));
		chain_set_role(c, arn, chain_kv_from(&p.m, "role_arn"));
		c->r->creds.source = "assume-role";
		c->r->method = "assume-role";
		c->r->creds.profile = chain_own(c->r, name);
		ret = 0;
		goto done;
	}
	if (chain_kv_nonempty(&p.m, "aws_access_key_id") &&
	    chain_kv_nonempty(&p.m, "aws_secret_access_key")) {
		const struct origin *kf = chain_kv_from(&p.m, "aws_access_key_id");
		const struct origin *tf = chain_kv_from(&p.m, "aws_session_token");
		chain_set_keys(c, "profile",
			       chain_from_config(c, kf) ? "config-file" : "shared-credentials-file",
			       name, chain_kv_val(&p.m, "aws_access_key_id"),
			       chain_kv_val(&p.m, "aws_secret_access_key"),
			       chain_kv_nonempty(&p.m, "aws_session_token"), kf);
		if (tf && chain_kv_nonempty(&p.m, "aws_session_token") &&
		    chain_from_config(c, tf) && !chain_from_config(c, kf)) {
			struct chain_note *nt =
				chain_note_add(c, "token-merged", name, tf, "%s", kf->name);
			nt->extra = xstrdup(chain_kv_val(&p.m, "aws_access_key_id"));
		}
		ret = go_assume_on_top(c, &p, name);
		goto done;
	}
	if (cs) {
		if (go_credential_source(c, &p, name) < 0 && !c->r->imds)
			goto done;
		ret = go_assume_on_top(c, &p, name);
		goto done;
	}
	if (wit) {
		chain_token_file_check(c, wit, "web_identity_token_file", name,
				       chain_kv_from(&p.m, "web_identity_token_file"));
		chain_set_source(c, "web-identity", "assume-role-with-web-identity", name,
				 chain_kv_from(&p.m, "web_identity_token_file"));
		chain_set_role(c, arn, chain_kv_from(&p.m, "role_arn"));
		ret = 0;
		goto done;
	}
	if (chain_kv_nonempty(&p.m, "sso_session") || chain_kv_nonempty(&p.m, "sso_start_url") ||
	    chain_kv_nonempty(&p.m, "sso_account_id") || chain_kv_nonempty(&p.m, "sso_role_name") ||
	    chain_kv_nonempty(&p.m, "sso_region")) {
		if (go_sso(c, &p, name) < 0)
			goto done;
		ret = go_assume_on_top(c, &p, name);
		goto done;
	}
	if (proc) {
		chain_set_source(c, "credential-process", "custom-process", name,
				 chain_kv_from(&p.m, "credential_process"));
		chain_note_add(c, "process", name, chain_kv_from(&p.m, "credential_process"), "%s",
			       proc);
		ret = go_assume_on_top(c, &p, name);
		goto done;
	}
	if (c->d == DIALECT_GO_V2 && chain_kv_nonempty(&p.m, "login_session")) {
		chain_set_source(c, "login", "login", name, chain_kv_from(&p.m, "login_session"));
		ret = 0;
		goto done;
	}
	if (chain_container(c, name)) {
		ret = go_assume_on_top(c, &p, name);
		goto done;
	}
	if (!top) {
		chain_note_add(c, "assume-role", visited[depth - 1],
			       chain_kv_from(&p.m, "aws_access_key_id"),
			       "source_profile '%s' has no credentials of its own", name);
	}
	ret = chain_use_imds(c, name);
	if (arn) {
		chain_set_role(c, arn, chain_kv_from(&p.m, "role_arn"));
		c->r->creds.profile = chain_own(c->r, name);
	}
done:
	chain_prof_release(&p);
	return ret;
}

/*
 * What the Go SDKs check while they load the shared config, before any
 * provider runs (go-v2 SharedConfig.setFromIniSections, the same in go-v1's
 * session): every profile of the source_profile chain exists, has a
 * role_arn when it names a source, sets one credential type, and the
 * source it names has credentials of some kind; a profile met a second
 * time keeps only its credentials. A failure here fails the whole load,
 * environment keys or not. 0 when the chain loads, -1 (noted, failed) when
 * not; *creds says whether the profile as loaded has credentials
 * (SharedConfig.hasCredentials).
 */

int go_load_check(struct rctx *c, const char *name, const char *parent,
			 const struct prof *pp, struct go_walk *w, int *creds)
{
	struct prof p;
	const char *sp, *cs, *wit, *proc, *arn, *sess;
	int again = 0, ret = -1, src_creds = 0, keys;

	*creds = 0;
	for (int i = 0; i < w->n; i++)
		if (!strcmp(w->seen[i], name))
			again = 1;
	chain_prof_load(c, name, &p);
	if (!p.exists) {
		if (!parent) {
			ret = 0; /* the top profile: the caller decides */
			goto done;
		}
		chain_note_add(c, "assume-role", parent, chain_kv_from(&pp->m, "source_profile"),
			       "source_profile = %s names a profile that does not exist", name);
		chain_fail(c,
			   "failed to load assume role %s, of profile %s, failed to get shared "
			   "config profile, %s",
			   chain_kv_val(&pp->m, "role_arn"), name, name);
		goto done;
	}
	if (p.partial && c->d == DIALECT_GO_V2) {
		chain_fail(c,
			   "error fetching config from profile, %s, partial credentials found for "
			   "profile %s (in %s)",
			   name, name, p.partial_file);
		goto done;
	}
	sp = chain_kv_nonempty(&p.m, "source_profile");
	cs = chain_kv_nonempty(&p.m, "credential_source");
	wit = chain_kv_nonempty(&p.m, "web_identity_token_file");
	proc = chain_kv_nonempty(&p.m, "credential_process");
	arn = chain_kv_nonempty(&p.m, "role_arn");
	sess = chain_kv_nonempty(&p.m, "sso_session");
	keys = chain_kv_nonempty(&p.m, "aws_access_key_id") &&
	       chain_kv_nonempty(&p.m, "aws_secret_access_key");
	if (again) {
		arn = NULL;
		sp = NULL; /* clearAssumeRoleOptions */
	} else if (go_role_arn_needed(c, &p, name, sp, cs, wit, arn) < 0) {
		goto done;
	}
	if (w->n && keys) {
		*creds = 1;
		ret = 0;
		goto done;
	}
	if (w->n < GO_MAX_CHAIN)
		w->seen[w->n++] = name;
	if (go_one_credential_type(c, &p, name, sp, cs, wit, proc) < 0)
		goto done;
	if (sp) {
		struct prof sprof;
		int loops = 0;
		if (w->n >= GO_MAX_CHAIN) {
			chain_fail(c, "source_profile chain longer than %d profiles", GO_MAX_CHAIN);
			goto done;
		}
		for (int i = 0; i < w->n; i++)
			if (!strcmp(w->seen[i], sp))
				loops = 1;
		if (go_load_check(c, sp, name, &p, w, &src_creds) < 0)
			goto done;
		if (!src_creds) {
			chain_prof_load(c, sp, &sprof);
			if (loops)
				chain_note_add(c, "assume-role", name,
					       chain_kv_from(&p.m, "source_profile"),
					       "source_profile loops back to '%s', which has no keys "
					       "of its own",
					       sp);
			else if (chain_kv_nonempty(&sprof.m, "role_arn"))
				chain_note_add(c, "assume-role", sp,
					       chain_kv_from(&sprof.m, "role_arn"),
					       "role_arn is set but neither source_profile nor "
					       "credential_source");
			else
				chain_note_add(c, "assume-role", name,
					       chain_kv_from(&p.m, "source_profile"),
					       "source_profile '%s' has no credentials of its own", sp);
			chain_prof_release(&sprof);
			chain_fail(c, "failed to load assume role %s, of profile %s, %s", arn, sp,
				   loops ? "source_profile loop" : "it has no credentials");
			goto done;
		}
	}
	if (sess && !chain_view_sso(c->v, sess)) {
		chain_note_add(c, "sso-session-missing", name, chain_kv_from(&p.m, "sso_session"),
			       "sso_session = %s, but there is no [sso-session %s] section", sess,
			       sess);
		chain_fail(c, "failed to find SSO session section, %s", sess);
		goto done;
	}
	*creds = sp || cs || proc || wit || keys || chain_kv_nonempty(&p.m, "sso_account_id") ||
		 chain_kv_nonempty(&p.m, "sso_region") || chain_kv_nonempty(&p.m, "sso_role_name") ||
		 chain_kv_nonempty(&p.m, "sso_start_url") ||
		 (c->d == DIALECT_GO_V2 && chain_kv_nonempty(&p.m, "login_session"));
	ret = 0;
done:
	chain_prof_release(&p);
	return ret;
}

