/*
 * chain.c - credential chain resolution for the three dialects, exactly as
 * the references describe them:
 *
 *   go-v2     terraform-aws-auth.md §1.1-§1.2 (aws-sdk-go-base v2 over
 *             aws-sdk-go-v2), credential-files.md §3 and §4.2
 *   go-v1     terraform-aws-auth.md §1.5 (base v1: static, env, shared
 *             credentials file, then the v1 session chain)
 *   botocore  credential-files.md §3 and §4.1
 *
 * The result says which source wins, which other sources exist and why
 * they lose (losers), and what went wrong on the way (notes, turned into
 * findings by checks/chain.c). This file holds the Go chains and the entry
 * points; botocore's is in chain_botocore.c, shared pieces in
 * chain_common.c. Nothing here prints, runs a process or
 * touches the network; the only files read are the one SSO token and the
 * one CLI cache entry a profile names, and web identity token files.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "aws/cache.h"
#include "aws/chain_int.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

/* ---- go-v2 / go-v1 ---- */

#define GO_MAX_CHAIN 32

static int go_profile(struct rctx *c, const char *name, const char **visited, int depth, int top);

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
static int go_chain_sources_env(const struct rctx *c, const char *name)
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

static int go_profile(struct rctx *c, const char *name, const char **visited, int depth, int top)
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

struct go_walk {
	const char *seen[GO_MAX_CHAIN];
	int n;
};

static int go_load_check(struct rctx *c, const char *name, const char *parent,
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

/* The minor version of a Terraform 1.x version or constraint ("1.6.6", ">= 1.7"); -1 if unknown. */
static int terraform_minor(const char *v)
{
	char *end;
	long major;

	if (!v)
		return -1;
	while (*v && !(*v >= '0' && *v <= '9'))
		v++;
	major = strtol(v, &end, 10);
	if (end == v || major != 1 || *end != '.')
		return -1;
	return (int)strtol(end + 1, NULL, 10);
}

static const struct tf_value *block_profile(const struct rctx *c)
{
	if (c->b && (c->b->profile.v || c->b->profile.expr))
		return &c->b->profile;
	return NULL;
}

static int static_args(struct rctx *c)
{
	const struct tf_auth_block *b = c->b;
	const char *who = c->t == TARGET_BACKEND ? "backend" : "provider";
	struct envkeys k;

	if (!b || !(b->access_key.v || b->secret_key.v || b->token.v || b->access_key.expr ||
		    b->secret_key.expr))
		return 0;
	chain_env_keys(c, &k);
	chain_set_keys(c, who, "provider", NULL, b->access_key.v, b->secret_key.v, b->token.v,
		       &b->access_key.from);
	if (!b->access_key.v && b->access_key.expr)
		c->r->creds.access_key_id = NULL;
	if ((!b->access_key.v && !b->access_key.expr) ||
	    (!b->secret_key.v && !b->secret_key.expr) || (b->access_key.v && !*b->access_key.v) ||
	    (b->secret_key.v && !*b->secret_key.v))
		chain_fail(c,
			   "retrieving credentials: static credentials are empty (the %s block "
			   "sets only part "
			   "of access_key/secret_key)",
			   who);
	if (k.key && k.secret)
		chain_loser_add(
			c, &ORIGIN_ENV_VAR(k.key_var), chain_ownf(c->r, "env %s", k.key_var),
			chain_ownf(c->r, "access_key/secret_key in the %s block come first", who));
	if (b->profile.v || env_get_nonempty(c->e, "AWS_PROFILE")) {
		const char *pn =
			b->profile.v ? b->profile.v : env_get_nonempty(c->e, "AWS_PROFILE");
		chain_loser_add(
			c, b->profile.v ? &b->profile.from : &ORIGIN_ENV_VAR("AWS_PROFILE"),
			chain_ownf(c->r, "profile '%s'", pn),
			chain_ownf(c->r, "access_key/secret_key in the %s block come first", who));
	}
	return 1;
}

static int resolve_go(struct rctx *c)
{
	const struct env *e = c->e;
	const struct tf_value *bp = block_profile(c);
	const char *name = NULL, *visited[10];
	int programmatic = 0, strict, ret;
	struct envkeys k;
	struct prof top;

	chain_env_keys(c, &k);
	if (static_args(c))
		return c->r->creds.error ? -1 : 0;
	if (c->v->load_error)
		return chain_fail(c, "%s", c->v->load_error);

	if (bp) {
		name = bp->v;
		programmatic = 1;
		c->r->profile_from = c->t == TARGET_BACKEND ? "backend" : "provider";
		if (!name) {
			/* Not a literal: we cannot know which profile. */
			chain_set_source(c, "profile", NULL, NULL, &bp->from);
			return chain_fail(
				c,
				"the profile is an expression (%s); tfauth cannot tell its value",
				bp->expr);
		}
	} else if (c->t == TARGET_PROVIDER && c->f->arg_profile) {
		name = c->f->arg_profile;
		programmatic = 1;
		c->r->profile_from = "--profile";
	}
	/* Backend 1.6 legacy workflow: env keys drop the configured profile. */
	if (programmatic && c->t == TARGET_BACKEND && c->d == DIALECT_GO_V2 && k.key && k.secret) {
		const char *lw = c->b ? c->b->use_legacy_workflow.v : NULL;
		int minor = terraform_minor(c->f->terraform_version);
		/* 1.6 defaults to true, 1.7 to false, 1.8 removed the argument. */
		int legacy = (minor == 6 && !(lw && !strcmp(lw, "false"))) ||
			     (minor == 7 && lw && !strcmp(lw, "true"));
		if (legacy) {
			chain_loser_add(c, &bp->from,
					chain_ownf(c->r, "profile '%s' in the backend block", name),
					"use_legacy_workflow (Terraform 1.6 default) lets "
					"environment keys win");
			programmatic = 0;
			name = NULL;
		}
	}
	if (c->d == DIALECT_GO_V1 && programmatic) {
		/* base v1: static, env, shared credentials file, then the session. */
		programmatic = 0;
	}
	if (!name) {
		const char *var;
		name = dialect_env_profile(e, c->d, &var);
		c->r->profile_from = var ? var : "default";
	}
	c->r->profile_programmatic = programmatic;
	strict = programmatic || !strcmp(c->r->profile_from, "AWS_PROFILE");
	chain_prof_load(c, name, &top);
	if (c->d == DIALECT_GO_V2 && !top.exists && strict) {
		if (k.key && k.secret && !programmatic)
			chain_note_add(c, "profile-typo-env", name, &ORIGIN_ENV_VAR("AWS_PROFILE"),
				       "AWS_PROFILE");
		chain_prof_release(&top);
		return chain_fail(c, "failed to get shared config profile, %s", name);
	}
	if (c->d == DIALECT_GO_V2 && !top.exists &&
	    !strcmp(c->r->profile_from, "AWS_DEFAULT_PROFILE"))
		chain_note_add(c, "profile-typo-default", name,
			       &ORIGIN_ENV_VAR("AWS_DEFAULT_PROFILE"), "%s", "silently ignored");
	if (c->d == DIALECT_GO_V2 && top.exists && top.partial) {
		chain_prof_release(&top);
		return chain_fail(
			c,
			"error fetching config from profile, %s, partial credentials found for "
			"profile %s",
			name, name);
	}
	/* go-v1 (base v1) takes environment keys before it loads a session. */
	if (top.exists && (c->d == DIALECT_GO_V2 || !k.key || !k.secret)) {
		struct go_walk w = {{NULL}, 0};
		int has;
		if (go_load_check(c, name, NULL, NULL, &w, &has) < 0) {
			chain_prof_release(&top);
			return -1;
		}
	}
	if (programmatic && k.key && k.secret && !go_chain_sources_env(c, name)) {
		chain_note_add(c, "profile-overrides-env", name, &ORIGIN_ENV_VAR(k.key_var), "%s",
			       k.key);
		chain_loser_add(
			c, &ORIGIN_ENV_VAR(k.key_var), chain_ownf(c->r, "env %s", k.key_var),
			chain_ownf(c->r,
				   "profile '%s' is set in the %s, which skips environment keys",
				   name,
				   !strcmp(c->r->profile_from, "--profile") ? "provider (--profile)"
									    : c->r->profile_from));
	}
	if (!programmatic && k.key && k.secret) {
		chain_set_keys(c, "env", "env", NULL, k.key, k.secret, k.token,
			       &ORIGIN_ENV_VAR(k.key_var));
		static const char *const go_sources[] = {"aws_access_key_id", "role_arn",
							 "sso_session",	      "credential_process",
							 "sso_start_url",     NULL};
		chain_env_shadows(c, &top, name, go_sources, 1);
		chain_prof_release(&top);
		return 0;
	}
	if (c->d == DIALECT_GO_V1 && !top.exists && strict) {
		chain_prof_release(&top);
		return chain_fail(c, "SharedConfigProfileNotExistsError: failed to get profile, %s",
				  name);
	}
	if (c->d == DIALECT_GO_V1) {
		/*
		 * SharedCredentialsProvider: the credentials file alone, with the
		 * provider's profile, else AWS_PROFILE, else default (it does not
		 * read AWS_DEFAULT_PROFILE; the session below does).
		 */
		const char *scp = bp && bp->v					 ? bp->v
				  : c->t == TARGET_PROVIDER && c->f->arg_profile ? c->f->arg_profile
				  : env_get_nonempty(e, "AWS_PROFILE")
					  ? env_get_nonempty(e, "AWS_PROFILE")
					  : "default";
		const struct chain_section *s =
			c->v->ncreds ? chain_file_prof(&c->v->creds[0], scp) : NULL;
		if (s && chain_kv_nonempty(s, "aws_access_key_id") &&
		    chain_kv_nonempty(s, "aws_secret_access_key")) {
			chain_set_keys(c, "profile", "shared-credentials-file", scp,
				       chain_kv_val(s, "aws_access_key_id"),
				       chain_kv_val(s, "aws_secret_access_key"),
				       chain_kv_nonempty(s, "aws_session_token"),
				       chain_kv_from(s, "aws_access_key_id"));
			chain_prof_release(&top);
			return 0;
		}
	}
	if (!programmatic && env_get_nonempty(e, "AWS_WEB_IDENTITY_TOKEN_FILE")) {
		const char *arn = env_get_nonempty(e, "AWS_ROLE_ARN");
		chain_token_file_check(c, env_get_nonempty(e, "AWS_WEB_IDENTITY_TOKEN_FILE"),
				       "AWS_WEB_IDENTITY_TOKEN_FILE", NULL,
				       &ORIGIN_ENV_VAR("AWS_WEB_IDENTITY_TOKEN_FILE"));
		chain_set_source(c, "web-identity", "assume-role-with-web-identity", NULL,
				 &ORIGIN_ENV_VAR("AWS_WEB_IDENTITY_TOKEN_FILE"));
		if (top.exists && (chain_kv_nonempty(&top.m, "aws_access_key_id") ||
				   chain_kv_nonempty(&top.m, "role_arn")))
			chain_loser_add(
				c,
				chain_kv_from(&top.m, chain_kv_nonempty(&top.m, "aws_access_key_id")
							      ? "aws_access_key_id"
							      : "role_arn"),
				chain_ownf(c->r, "profile '%s'", name),
				"AWS_WEB_IDENTITY_TOKEN_FILE comes first");
		chain_prof_release(&top);
		if (!arn) {
			chain_note_add(c, "web-identity-no-role", NULL,
				       &ORIGIN_ENV_VAR("AWS_WEB_IDENTITY_TOKEN_FILE"),
				       "AWS_ROLE_ARN");
			return chain_fail(c, "role ARN is not set");
		}
		chain_set_role(c, arn, &ORIGIN_ENV_VAR("AWS_ROLE_ARN"));
		return 0;
	}
	chain_prof_release(&top);
	if (k.key && !k.secret)
		chain_loser_add(c, &ORIGIN_ENV_VAR(k.key_var),
				chain_ownf(c->r, "env %s", k.key_var),
				"AWS_SECRET_ACCESS_KEY is missing, so Go ignores the environment");
	ret = go_profile(c, name, visited, 0, 1);
	return ret;
}

/* Provider/backend assume_role blocks on top of whatever was resolved. */
static void block_assume(struct rctx *c)
{
	const struct tf_auth_block *b = c->b;

	if (!b || c->r->creds.error)
		return;
	if (b->web_identity_role_arn.v && !c->r->creds.access_key_id && c->t != TARGET_CLI &&
	    strcmp(c->r->method ? c->r->method : "", "provider")) {
		chain_set_role(c, b->web_identity_role_arn.v, &b->web_identity_role_arn.from);
		c->r->creds.source = "web-identity";
		c->r->method = "assume-role-with-web-identity";
		if (b->web_identity_token_file.v)
			chain_token_file_check(c, b->web_identity_token_file.v,
					       "web_identity_token_file in the block", NULL,
					       &b->web_identity_token_file.from);
	}
	if (b->assume_role_arn.v) {
		chain_set_role(c, b->assume_role_arn.v, &b->assume_role_arn.from);
		c->r->creds.source = "assume-role";
		c->r->method = "assume-role";
		if (!chain_role_arn_ok(b->assume_role_arn.v))
			chain_note_add(c, "assume-role",
				       c->t == TARGET_BACKEND ? "backend block" : "provider block",
				       &b->assume_role_arn.from,
				       "assume_role.role_arn = %s is not an IAM role ARN",
				       b->assume_role_arn.v);
	}
}

/* ---- entry points ---- */

enum dialect chain_target_dialect(const struct facts *f, enum chain_target t)
{
	switch (t) {
	case TARGET_PROVIDER:
		return f->provider_dialect;
	case TARGET_BACKEND:
		return f->backend_dialect;
	case TARGET_CLI:
		break;
	}
	return DIALECT_BOTOCORE;
}

const char *chain_target_name(enum chain_target t)
{
	switch (t) {
	case TARGET_PROVIDER:
		return "Terraform provider";
	case TARGET_BACKEND:
		return "Terraform S3 backend";
	case TARGET_CLI:
		break;
	}
	return "AWS CLI";
}

const char *chain_result_name(const struct chain_result *r)
{
	return r->label ? r->label : chain_target_name(r->target);
}

/* The profile whose region the tool reads (its selected profile), or NULL when unknown. */
static const char *region_profile_name(const struct rctx *c)
{
	const struct env *e = c->e;

	if (c->d != DIALECT_BOTOCORE && c->b && (c->b->profile.v || c->b->profile.expr))
		return c->b->profile.v;
	if (c->d != DIALECT_BOTOCORE && c->t == TARGET_PROVIDER && c->f->arg_profile)
		return c->f->arg_profile;
	return dialect_env_profile(e, c->d, NULL);
}

/*
 * The region each tool uses: the provider/backend block's region (then
 * tfauth's --region for the provider), then the environment (go: AWS_REGION,
 * then AWS_DEFAULT_REGION; botocore 1.x reads AWS_DEFAULT_REGION only), then
 * the region of the selected profile.
 */
static const char *region_for(struct rctx *c)
{
	const struct env *e = c->e;
	struct chain_result *r = c->r;
	const char *v, *name;
	struct prof p;

	if (c->b && c->b->region.v) {
		r->region_source = c->t == TARGET_BACKEND ? "backend block" : "provider block";
		r->region_at = chain_own_origin(r, &c->b->region.from);
		return c->b->region.v;
	}
	if (c->b && c->b->region.expr) {
		r->region_source = c->t == TARGET_BACKEND ? "backend block" : "provider block";
		r->region_at = chain_own_origin(r, &c->b->region.from);
		r->region_expr = chain_own(r, c->b->region.expr);
		return NULL;
	}
	if (c->t == TARGET_PROVIDER && c->f->arg_region) {
		r->region_source = "--region";
		return c->f->arg_region;
	}
	if (c->d != DIALECT_BOTOCORE && (v = env_get_nonempty(e, "AWS_REGION"))) {
		r->region_source = "env AWS_REGION";
		return v;
	}
	if ((v = env_get_nonempty(e, "AWS_DEFAULT_REGION"))) {
		r->region_source = "env AWS_DEFAULT_REGION";
		return v;
	}
	if (!(name = region_profile_name(c)))
		return NULL;
	chain_prof_load(c, name, &p);
	if ((v = chain_kv_nonempty(&p.m, "region"))) {
		r->region_source = "profile";
		r->region_profile = chain_own(r, name);
		r->region_at = chain_own_origin(r, chain_kv_from(&p.m, "region"));
		v = chain_own(r, v);
	}
	chain_prof_release(&p);
	return v;
}

int chain_resolve_view(const struct facts *f, enum chain_target t, const struct chain_view *v,
		       struct chain_result *out)
{
	struct rctx c = {f, f->env, v, out, t, v->dialect, NULL};
	const char *region;
	int ret;

	memset(out, 0, sizeof(*out));
	out->target = t;
	out->dialect = v->dialect;
	if (t == TARGET_PROVIDER && f->provider.present)
		c.b = &f->provider;
	else if (t == TARGET_BACKEND && f->backend.present)
		c.b = &f->backend;
	ret = v->dialect == DIALECT_BOTOCORE ? chain_resolve_botocore(&c) : resolve_go(&c);
	block_assume(&c);
	if ((region = region_for(&c)))
		out->creds.region = chain_own(out, region);
	return ret < 0 || out->creds.error ? -1 : 0;
}

int chain_resolve(const struct facts *f, enum chain_target t, struct chain_result *out)
{
	struct chain_view v = {0};
	struct chain_paths p;
	enum dialect d = chain_target_dialect(f, t);
	int ret;

	chain_paths_for(f, t, d, &p);
	chain_view_load(&v, d, &p);
	ret = chain_resolve_view(f, t, &v, out);
	chain_view_release(&v);
	chain_paths_release(&p);
	return ret;
}

void chain_result_release(struct chain_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nowned; i++) {
		OPENSSL_cleanse(r->owned[i], strlen(r->owned[i]));
		free(r->owned[i]);
	}
	free(r->owned);
	for (size_t i = 0; i < r->nlosers; i++) {
		free(r->losers[i].source);
		free(r->losers[i].why);
	}
	for (size_t i = 0; i < r->nnotes; i++) {
		free(r->notes[i].profile);
		free(r->notes[i].detail);
		if (r->notes[i].extra) {
			OPENSSL_cleanse(r->notes[i].extra, strlen(r->notes[i].extra));
			free(r->notes[i].extra);
		}
	}
	memset(r, 0, sizeof(*r));
}
