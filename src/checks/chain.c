/*
 * chain.c (checks) - findings from the credential chain resolution of the
 * three targets (aws/chain.h): what the notes gathered on the way mean
 * (assume-role, SSO, web identity, containers, IMDS), and whether the AWS
 * CLI and Terraform end up with different credentials. Pure apart from
 * reading the cache and token files the notes name (no network, no
 * process: credential_process is the doctor stage's business).
 */
#include <errno.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#include "aws/cache.h"
#include "aws/chain.h"
#include "aws/jwt.h"
#include "aws/keyfmt.h"
#include "aws/regions.h"
#include "checks/chain.h"
#include "core/redact.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

/* Has an earlier finding of this id the same message key? (dedupe across targets) */
static int seen(struct findings *fs, enum finding_id id, const char *key, const char *val)
{
	for (size_t i = 0; i < fs->nr; i++) {
		const char *v;
		if (fs->v[i]->id != id)
			continue;
		v = finding_get(fs->v[i], key);
		if (v && val && !strcmp(v, val))
			return 1;
	}
	return 0;
}

static void when_ago(struct finding *f, time_t now, time_t t)
{
	char when[21], ago[32];

	time_format_iso8601(t, when);
	time_format_duration((long long)(now - t), ago, sizeof(ago));
	finding_set(f, "when", "%s", when);
	finding_set(f, "ago", "%s", ago);
}

static void sso_token(const struct facts *fa, const struct chain_note *n, struct findings *fs)
{
	const char *home = env_get(fa->env, "HOME");
	char *dir = xstrfmt("%s/.aws/sso/cache", home ? home : "");
	int session = n->extra && !strcmp(n->extra, "session");
	struct sso_token t;
	struct finding *f;

	sso_token_load(dir, n->detail, &t);
	if (t.status == CACHE_MISSING || t.status == CACHE_UNREADABLE ||
	    t.status == CACHE_INVALID) {
		if (seen(fs, F_SSO_SESSION_MISSING, "profile", n->profile))
			goto done;
		f = findings_add(fs, F_SSO_SESSION_MISSING, &n->from);
		finding_set(f, "profile", "%s", n->profile);
		if (t.status == CACHE_MISSING)
			finding_set(f, "detail",
				    "no SSO login is cached for %s '%s' (%s does not exist)",
				    session ? "sso-session" : "start URL", n->detail, t.path);
		else
			finding_set(f, "detail", "the cached SSO token is unusable: %s",
				    t.error ? t.error : t.path);
		finding_set(f, "login_flag", "%s", session ? "--sso-session" : "--profile");
		finding_set(f, "login_name", "%s", session ? n->detail : n->profile);
		goto done;
	}
	if (t.expires_at >= fa->now)
		goto done;
	/* Expired: both tools refresh only with a refresh token and a valid registration. */
	if (session && t.has_refresh && (!t.has_reg_expires || t.registration_expires_at > fa->now))
		goto done;
	if (seen(fs, F_SSO_TOKEN_EXPIRED, "profile", n->profile))
		goto done;
	f = findings_add(fs, F_SSO_TOKEN_EXPIRED, &n->from);
	finding_set(f, "profile", "%s", n->profile);
	finding_set(f, "file", "%s", t.path);
	when_ago(f, fa->now, t.expires_at);
	finding_set(f, "refresh", "%s",
		    !session ? "; a legacy SSO profile (no sso_session) cannot refresh it"
		    : t.has_refresh
			    ? "; its client registration has expired too, so it cannot be refreshed"
			    : "; the cache holds no refresh token");
	finding_set(f, "login_arg", "%s %s", session ? "--sso-session" : "--profile",
		    session ? n->detail : n->profile);
done:
	sso_token_release(&t);
	free(dir);
}

static void cli_cache(const struct facts *fa, const struct chain_note *n, struct findings *fs)
{
	struct finding *f;
	char *masked;
	long long left = n->t - (long long)fa->now;
	char when[21], dur[32];

	if (left >= BOTOCORE_EXPIRY_WINDOW ||
	    seen(fs, F_CACHED_CREDENTIALS_EXPIRED, "profile", n->profile))
		return;
	masked = redact_key_id_dup(n->extra);
	f = findings_add(fs, F_CACHED_CREDENTIALS_EXPIRED, &ORIGIN_AT(n->detail, 0, 0));
	finding_set(f, "profile", "%s", n->profile);
	finding_set(f, "key", "%s", masked);
	finding_set(f, "file", "%s", n->detail);
	time_format_iso8601((time_t)n->t, when);
	time_format_duration(left, dur, sizeof(dur));
	if (left < 0)
		finding_set(f, "state",
			    "expired at %s (%s ago); the CLI will assume the role again", when,
			    dur);
	else
		finding_set(
			f, "state",
			"expire at %s, in %s: under the CLI's 15-minute window, so it will assume "
			"the role again",
			when, dur);
	free(masked);
}

static void web_identity(const struct facts *fa, const struct chain_note *n, struct findings *fs)
{
	const char *where = n->extra ? n->extra : "";
	char *nl = strchr(where, '\n');
	struct strbuf sb = STRBUF_INIT;
	struct jwt_claims c;
	struct finding *f;
	char *err = NULL, *w = nl ? xmemdupz(where, (size_t)(nl - where)) : xstrdup(where);

	if (!strcmp(n->kind, "web-identity-missing")) {
		if (seen(fs, F_WEB_IDENTITY_TOKEN_MISSING, "path", n->detail))
			goto done;
		f = findings_add(fs, F_WEB_IDENTITY_TOKEN_MISSING, &n->from);
		finding_set(f, "where", "%s", w);
		finding_set(f, "path", "%s", n->detail);
		if (n->detail[0] == '~' || strchr(n->detail, '$'))
			finding_case(f, "unexpanded");
		goto done;
	}
	if (!strcmp(n->kind, "web-identity-unreadable")) {
		if (seen(fs, F_WEB_IDENTITY_TOKEN_UNREADABLE, "path", n->detail))
			goto done;
		f = findings_add(fs, F_WEB_IDENTITY_TOKEN_UNREADABLE, &n->from);
		finding_set(f, "where", "%s", w);
		finding_set(f, "path", "%s", n->detail);
		finding_set(f, "reason", "%s", nl ? nl + 1 : "cannot read it");
		goto done;
	}
	if (strbuf_read_file(&sb, n->detail, JWT_MAX_BYTES + 1))
		goto done;
	if (jwt_decode(sb.buf, sb.len, n->detail, &c, &err)) {
		if (!seen(fs, F_WEB_IDENTITY_TOKEN_MALFORMED, "path", n->detail)) {
			f = findings_add(fs, F_WEB_IDENTITY_TOKEN_MALFORMED, &n->from);
			finding_set(f, "path", "%s", n->detail);
			finding_set(f, "problem", "%s",
				    err ? err + strlen(n->detail) + 2 : "not a JWT");
		}
	} else if (c.has_exp && c.exp < fa->now &&
		   !seen(fs, F_WEB_IDENTITY_TOKEN_EXPIRED, "path", n->detail)) {
		f = findings_add(fs, F_WEB_IDENTITY_TOKEN_EXPIRED, &n->from);
		finding_set(f, "path", "%s", n->detail);
		finding_set(f, "iss", "%s", c.iss ? c.iss : "?");
		finding_set(f, "sub", "%s", c.sub ? c.sub : "?");
		finding_set(f, "aud", "%s", c.aud ? c.aud : "?");
		when_ago(f, fa->now, c.exp);
	}
	jwt_claims_release(&c);
	free(err);
done:
	OPENSSL_cleanse(sb.buf, sb.len);
	strbuf_release(&sb);
	free(w);
}

static void note_finding(const struct facts *fa, const struct chain_result *r,
			 const struct chain_note *n, struct findings *fs)
{
	struct finding *f;

	if (!strcmp(n->kind, "assume-role")) {
		/* the remedy by the problem the chain noted: chain.def's FIX_CASEs, first match */
		static const struct {
			const char *needle, *name;
		} fix_cases[] = {{"mfa_serial", "mfa"},
				 {"does not exist", "missing"},
				 {"loops", "loop"},
				 {"not an IAM role ARN", "arn"},
				 {"= Environment finds no credentials", "env-empty"},
				 {"finds no credentials", "no-source"},
				 {"but no aws_access_key_id", "lone-secret"},
				 {"no credentials of its own", "empty"},
				 {"neither source_profile nor", "neither"},
				 {"credential_source =", "bad-source"},
				 {"both", "both"}};
		static const struct {
			const char *needle, *cls;
		} classes[] = {{"mfa_serial", "mfa"},
			       {"does not exist", "missing"},
			       {"loops", "loop"},
			       {"not an IAM role ARN", "arn"},
			       {"finds no credentials", "nocreds"},
			       {"but no aws_access_key_id", "lonesecret"},
			       {"credential_source =", "source"},
			       {"both", "both"},
			       {"more than one", "both"},
			       {"no credentials of its own", "empty"},
			       {"but role_arn is not", "norole"},
			       {"neither", "neither"}};
		const char *cls = "other";
		char *dkey;
		for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
			if (strstr(n->detail, classes[i].needle)) {
				cls = classes[i].cls;
				break;
			}
		dkey = xstrfmt("%s\n%s", n->profile ? n->profile : "?", cls);
		if (seen(fs, F_ASSUME_ROLE_CHAIN_BROKEN, "dedupe", dkey)) {
			free(dkey);
			return;
		}
		f = findings_add(fs, F_ASSUME_ROLE_CHAIN_BROKEN, &n->from);
		finding_set(f, "dedupe", "%s", dkey);
		free(dkey);
		finding_set(f, "profile", "%s", n->profile ? n->profile : "?");
		finding_set(f, "problem", "%s", n->detail);
		for (size_t i = 0; i < ARRAY_SIZE(fix_cases); i++)
			if (strstr(n->detail, fix_cases[i].needle)) {
				finding_case(f, fix_cases[i].name);
				break;
			}
	} else if (!strcmp(n->kind, "sso-session-missing") ||
		   !strcmp(n->kind, "sso-config-missing")) {
		if (seen(fs, F_SSO_SESSION_MISSING, "profile", n->profile))
			return;
		f = findings_add(fs, F_SSO_SESSION_MISSING, &n->from);
		finding_set(f, "profile", "%s", n->profile);
		finding_set(f, "detail", "%s", n->detail);
		finding_case(f, "configure");
	} else if (!strcmp(n->kind, "sso-token")) {
		sso_token(fa, n, fs);
	} else if (!strcmp(n->kind, "cli-cache")) {
		cli_cache(fa, n, fs);
	} else if (!strncmp(n->kind, "web-identity-", 13) &&
		   strcmp(n->kind, "web-identity-no-role")) {
		web_identity(fa, n, fs);
	} else if (!strcmp(n->kind, "web-identity-no-role")) {
		int env = !strcmp(n->detail, "AWS_ROLE_ARN");
		if (seen(fs, F_WEB_IDENTITY_TOKEN_NO_ROLE, "missing",
			 env ? "AWS_ROLE_ARN" : "role_arn"))
			return;
		f = findings_add(fs, F_WEB_IDENTITY_TOKEN_NO_ROLE, &n->from);
		finding_set(f, "where", "%s",
			    env ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "web_identity_token_file");
		finding_set(f, "missing", "%s", env ? "AWS_ROLE_ARN" : "role_arn");
		if (env)
			finding_case(f, "env");
	} else if (!strcmp(n->kind, "token-merged")) {
		char *masked = redact_key_id_dup(n->extra);
		struct strbuf at = STRBUF_INIT;
		if (!seen(fs, F_SESSION_TOKEN_IN_CONFIG_MERGED, "profile", n->profile)) {
			f = findings_add(fs, F_SESSION_TOKEN_IN_CONFIG_MERGED, &n->from);
			chain_origin_text(&at, &n->from);
			finding_set(f, "profile", "%s", n->profile);
			finding_set(f, "key", "%s", masked);
			finding_set(f, "cred_file", "%s", n->detail);
			finding_set(f, "token_at", "%s", at.buf);
		}
		strbuf_release(&at);
		free(masked);
	} else if (!strcmp(n->kind, "profile-overrides-env")) {
		char *masked = redact_key_id_dup(n->detail);
		if (!seen(fs, F_PROFILE_OVERRIDES_ENV, "who", chain_target_name(r->target))) {
			f = findings_add(fs, F_PROFILE_OVERRIDES_ENV, &n->from);
			finding_set(f, "who", "%s", chain_target_name(r->target));
			finding_set(f, "profile", "%s", n->profile);
			finding_set(f, "from", "%s",
				    !strcmp(r->profile_from, "--profile")
					    ? "--profile (the provider block)"
				    : !strcmp(r->profile_from, "backend") ? "the backend block"
									  : "the provider block");
			finding_set(f, "key", "%s", masked);
			finding_set(f, "block", "%s",
				    !strcmp(r->profile_from, "backend") ? "backend block"
									: "provider block");
		}
		free(masked);
	} else if (!strcmp(n->kind, "profile-typo-env")) {
		if (seen(fs, F_PROFILE_TYPO_BREAKS_ENV_KEYS, "profile", n->profile))
			return;
		f = findings_add(fs, F_PROFILE_TYPO_BREAKS_ENV_KEYS, &n->from);
		finding_set(f, "var", "AWS_PROFILE");
		finding_set(f, "profile", "%s", n->profile);
		finding_set(f, "detail", "%s",
			    "Terraform fails with `failed to get shared config profile` "
			    "although AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY hold keys");
		finding_case(f, "named");
	}
}

/* botocore: a missing AWS_DEFAULT_PROFILE/AWS_PROFILE stops the CLI despite env keys. */
static void cli_profile_typo(const struct facts *fa, const struct chain_result *r,
			     struct findings *fs)
{
	const char *var = r->profile_from;
	const char *name = var ? env_get(fa->env, var) : NULL;
	struct finding *f;

	if (!r->creds.error || strncmp(r->creds.error, "The config profile (", 20) || !name ||
	    !env_get_nonempty(fa->env, "AWS_ACCESS_KEY_ID") ||
	    !env_get_nonempty(fa->env, "AWS_SECRET_ACCESS_KEY") ||
	    seen(fs, F_PROFILE_TYPO_BREAKS_ENV_KEYS, "profile", name))
		return;
	f = findings_add(fs, F_PROFILE_TYPO_BREAKS_ENV_KEYS, &ORIGIN_ENV_VAR(var));
	finding_set(f, "var", "%s", var);
	finding_set(f, "profile", "%s", name);
	finding_set(f, "detail",
		    "the AWS CLI stops with `The config profile (%s) could not be found` although "
		    "keys are in the environment%s",
		    name,
		    !strcmp(var, "AWS_DEFAULT_PROFILE")
			    ? "; Terraform silently ignores AWS_DEFAULT_PROFILE"
			    : "");
}

static int is_allowed_container_host(const char *uri)
{
	static const char *const hosts[] = {"127.",	     "localhost",      "[::1]",
					    "169.254.170.2", "169.254.170.23", "[fd00:ec2::23]"};
	const char *h;
	size_t hl;

	if (!strncasecmp(uri, "https://", 8))
		return 1;
	if (strncasecmp(uri, "http://", 7))
		return 0;
	h = uri + 7;
	hl = strcspn(h, "/?#");
	for (size_t i = 0; i < ARRAY_SIZE(hosts); i++) {
		size_t n = strlen(hosts[i]);
		if (hosts[i][n - 1] == '.'
			    ? !strncmp(h, hosts[i], n)
			    : (hl >= n && !strncasecmp(h, hosts[i], n) && (hl == n || h[n] == ':')))
			return 1;
	}
	return 0;
}

static void container_checks(const struct facts *fa, const struct chain_result *res, size_t nres,
			     struct findings *fs)
{
	const char *full = env_get_nonempty(fa->env, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
	const char *rel = env_get_nonempty(fa->env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *tf = env_get_nonempty(fa->env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	struct finding *f;
	int used = 0;

	for (size_t i = 0; i < nres; i++)
		if (res[i].creds.source && !strcmp(res[i].creds.source, "container"))
			used = 1;
	if (full && !rel && !is_allowed_container_host(full)) {
		f = findings_add(fs, F_CONTAINER_CREDENTIALS_HOST,
				 &ORIGIN_ENV_VAR("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
		finding_set(f, "uri", "%s", full);
		finding_set(f, "detail", "%s",
			    strncasecmp(full, "http://", 7)
				    ? "not an http(s) URL"
				    : "plain http is allowed only to loopback, 169.254.170.2, "
				      "169.254.170.23 and fd00:ec2::23");
	}
	if (tf && (rel || full)) {
		struct strbuf sb = STRBUF_INIT;
		int r = strbuf_read_file(&sb, tf, 64 * 1024);
		if (r) {
			f = findings_add(fs, F_CONTAINER_CREDENTIALS_TOKEN,
					 &ORIGIN_ENV_VAR("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"));
			finding_set(f, "path", "%s", tf);
			finding_set(f, "reason", "%s",
				    r == -EFBIG ? "larger than 64 KiB" : strerror(-r));
		}
		OPENSSL_cleanse(sb.buf, sb.len);
		strbuf_release(&sb);
	}
	if (used) {
		const char *var = rel ? "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
				      : "AWS_CONTAINER_CREDENTIALS_FULL_URI";
		f = findings_add(fs, F_CONTAINER_CREDENTIALS_IN_USE, &ORIGIN_ENV_VAR(var));
		finding_set(f, "var", "%s", var);
		finding_set(f, "uri", "%s", rel ? rel : full);
		finding_set(f, "auth", "%s",
			    tf ? ", with the token from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"
			    : env_get_nonempty(fa->env, "AWS_CONTAINER_AUTHORIZATION_TOKEN")
				    ? ", with AWS_CONTAINER_AUTHORIZATION_TOKEN"
				    : "");
	}
}

/* Is the target one the user runs: the provider of a configuration that uses it, a backend "s3". */
static int target_in_use(const struct facts *fa, const struct chain_result *r)
{
	switch (r->target) {
	case TARGET_PROVIDER:
		return !fa->provider_unused;
	case TARGET_BACKEND:
		return fa->backend.present && fa->backend.type && !strcmp(fa->backend.type, "s3");
	default:
		return 0; /* the CLI: the user did not say they run it */
	}
}

static int reaches_imds(const struct chain_result *r)
{
	return r->imds && !(r->role_arn && !r->creds.error);
}

/*
 * The AWS CLI run without a profile has nothing while Terraform does: a
 * note with the command that tests Terraform's credentials.
 */
static void cli_default_nothing(const struct facts *fa, const struct chain_result *res,
				size_t nres, struct findings *fs)
{
	const struct chain_result *cli = NULL, *tf = NULL;
	struct strbuf d = STRBUF_INIT, cmd = STRBUF_INIT;
	struct finding *f;

	for (size_t i = 0; i < nres; i++) {
		if (res[i].target == TARGET_CLI)
			cli = &res[i];
		else if (!tf && target_in_use(fa, &res[i]) && !res[i].creds.error &&
			 res[i].creds.source && !reaches_imds(&res[i]))
			tf = &res[i];
	}
	if (!cli || !tf || !reaches_imds(cli) || tf->creds.from.kind == ORIGIN_ENV)
		return;
	for (size_t i = 0; i < fs->nr; i++)
		if (fs->v[i]->id == F_DIALECTS_DISAGREE)
			return; /* the trap says more */
	chain_describe(&d, tf);
	chain_test_command(&cmd, fa, tf);
	f = findings_add(fs, F_CLI_DEFAULT_NO_CREDENTIALS,
			 tf->creds.from.kind != ORIGIN_NONE ? &tf->creds.from : NULL);
	finding_set(f, "who", "%s", chain_result_name(tf));
	finding_set(f, "tf", "%s", d.buf);
	finding_set(f, "command", "%s", cmd.buf);
	strbuf_release(&d);
	strbuf_release(&cmd);
}

static void imds_checks(const struct facts *fa, const struct chain_result *res, size_t nres,
			struct findings *fs)
{
	struct strbuf who = STRBUF_INIT;
	const char *dis = env_get_nonempty(fa->env, "AWS_EC2_METADATA_DISABLED");
	int disabled = dis && !strcasecmp(dis, "true");
	struct finding *f;

	cli_default_nothing(fa, res, nres, fs);
	for (size_t i = 0; i < nres; i++) {
		if (!reaches_imds(&res[i]) || !target_in_use(fa, &res[i]))
			continue;
		if (who.len)
			strbuf_addstr(&who, ", ");
		strbuf_addstr(&who, chain_result_name(&res[i]));
	}
	if (!who.len)
		goto done;
	f = findings_add(fs, F_IMDS_LAST_RESORT, NULL);
	finding_set(f, "who", "%s", who.buf);
	finding_set(f, "searched", "%s",
		    " in provider arguments, the environment, the profile, SSO, web identity, "
		    "credential_process or a container endpoint");
	finding_set(f, "imds", "%s",
		    disabled ? "the instance metadata service is disabled, so the SDK fails at once"
			     : "the SDK now asks the EC2 instance metadata service, which off EC2 "
			       "times out (no EC2 IMDS role found ... context deadline exceeded)");
	if (!strcmp(who.buf, "Terraform S3 backend"))
		finding_case(f, "backend");
	if (disabled && !seen(fs, F_IMDS_DISABLED, "where", "AWS_EC2_METADATA_DISABLED")) {
		f = findings_add(fs, F_IMDS_DISABLED, &ORIGIN_ENV_VAR("AWS_EC2_METADATA_DISABLED"));
		finding_set(f, "where", "%s", "AWS_EC2_METADATA_DISABLED");
		finding_set(f, "detail", "%s",
			    ": the error reads `access disabled to EC2 IMDS` instead of a timeout");
	} else if (!disabled && fa->provider.present && fa->provider.skip_metadata_api_check.v &&
		   !seen(fs, F_IMDS_DISABLED, "where", "skip_metadata_api_check = true") &&
		   !strcmp(fa->provider.skip_metadata_api_check.v, "true")) {
		f = findings_add(fs, F_IMDS_DISABLED, &fa->provider.skip_metadata_api_check.from);
		finding_set(f, "where", "%s", "skip_metadata_api_check = true");
		finding_set(f, "detail", "%s", " for the provider");
	}
done:
	strbuf_release(&who);
}

/* The block a result was resolved for (an alias's facts carry its block as the provider). */
static const struct tf_auth_block *result_block(const struct facts *fa, const struct chain_result *r)
{
	if (r->target == TARGET_BACKEND)
		return &fa->backend;
	return r->target == TARGET_PROVIDER ? &fa->provider : NULL;
}

/*
 * The role a Terraform target assumes and the region it calls STS in
 * (sts_region, else its region) in different partitions: AssumeRole fails.
 */
static void role_partition(const struct facts *fa, const struct chain_result *r,
			   struct findings *fs)
{
	const struct tf_auth_block *b = result_block(fa, r);
	const char *region = b && b->sts_region.v ? b->sts_region.v : r->creds.region;
	const struct partition *p;
	const char *arn = r->role_arn, *end;
	struct finding *f;
	size_t len;

	if (!arn || !region || !target_in_use(fa, r) || strncmp(arn, "arn:", 4))
		return;
	p = partition_for_region(region);
	end = strchr(arn + 4, ':');
	if (!p || !end)
		return;
	len = (size_t)(end - (arn + 4));
	if (len == strlen(p->id) && !strncmp(arn + 4, p->id, len))
		return;
	f = findings_add(fs, F_ROLE_ARN_PARTITION_MISMATCH, &r->role_at);
	finding_set(f, "who", "%s", chain_result_name(r));
	finding_set(f, "role", "%s", arn);
	finding_set(f, "arn_partition", "%.*s", (int)len, arn + 4);
	finding_set(f, "region", "%s", region);
	finding_set(f, "partition", "%s", p->id);
}

static int account_listed(const char *list, const char *acct)
{
	size_t n = strlen(acct);

	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, ',');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == n && !memcmp(p, acct, n))
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

/*
 * allowed_account_ids / forbidden_account_ids against the account the
 * provider's credentials end in: the assumed role's account (from its
 * ARN), else the account decoded from the winning key id. Keys written in
 * the block are checked by checks/terraform.c, for scan as well.
 */
static void allowed_accounts(const struct facts *fa, const struct chain_result *r,
			     struct findings *fs)
{
	const struct tf_auth_block *b = &fa->provider;
	const struct tf_value *arg;
	struct strbuf who = STRBUF_INIT;
	char acct[13];
	struct finding *f;
	int bad;

	if (r->target != TARGET_PROVIDER || !target_in_use(fa, r) || b->access_key.v ||
	    !(b->allowed_account_ids.v || b->forbidden_account_ids.v))
		return;
	if (r->role_arn) {
		const char *a = r->role_arn;
		size_t l;
		for (int i = 0; i < 4 && a; i++)
			a = strchr(a, ':') ? strchr(a, ':') + 1 : NULL;
		l = a ? strcspn(a, ":") : 0;
		if (l != 12)
			return;
		memcpy(acct, a, 12);
		acct[12] = 0;
		strbuf_addf(&who, "the role %s", r->role_arn);
	} else if (r->creds.access_key_id &&
		   !keyid_account(r->creds.access_key_id, strlen(r->creds.access_key_id), acct)) {
		char *masked = redact_key_id_dup(r->creds.access_key_id);
		strbuf_addf(&who, "%s (", masked);
		if (r->creds.from.kind == ORIGIN_ENV && r->creds.from.name)
			strbuf_addstr(&who, r->creds.from.name);
		else if (r->creds.profile)
			strbuf_addf(&who, "profile '%s'", r->creds.profile);
		else
			strbuf_addstr(&who, r->creds.source ? r->creds.source : "the chain");
		strbuf_addch(&who, ')');
		free(masked);
	} else {
		return;
	}
	bad = b->allowed_account_ids.v && !account_listed(b->allowed_account_ids.v, acct) ? 1
	      : b->forbidden_account_ids.v && account_listed(b->forbidden_account_ids.v, acct)
		      ? 2
		      : 0;
	if (bad) {
		arg = bad == 1 ? &b->allowed_account_ids : &b->forbidden_account_ids;
		f = findings_add(fs, F_TF_ALLOWED_ACCOUNT_IDS_MISMATCH, &arg->from);
		finding_set(f, "key", "%s", who.buf);
		finding_set(f, "account", "%s", acct);
		finding_set(f, "detail", "%s",
			    bad == 1 ? "which is not in allowed_account_ids"
				     : "which is in forbidden_account_ids");
		finding_set(f, "allowed", "%s",
			    bad == 1 ? b->allowed_account_ids.v : "not forbidden");
		finding_set(f, "arg", "%s",
			    bad == 1 ? "allowed_account_ids" : "forbidden_account_ids");
	}
	strbuf_release(&who);
}

int check_chain(const struct facts *fa, const struct chain_result *res, size_t nres,
		struct findings *fs)
{
	int traps;

	for (size_t i = 0; i < nres; i++) {
		for (size_t j = 0; j < res[i].nnotes; j++)
			note_finding(fa, &res[i], &res[i].notes[j], fs);
		if (res[i].target == TARGET_CLI)
			cli_profile_typo(fa, &res[i], fs);
		role_partition(fa, &res[i], fs);
		allowed_accounts(fa, &res[i], fs);
	}
	container_checks(fa, res, nres, fs);
	traps = check_dialects(fa, res, nres, fs);
	imds_checks(fa, res, nres, fs);
	return traps;
}

void check_chain_alias(const struct facts *fa, const struct chain_result *r, struct findings *fs)
{
	for (size_t j = 0; j < r->nnotes; j++)
		note_finding(fa, r, &r->notes[j], fs);
	role_partition(fa, r, fs);
	allowed_accounts(fa, r, fs);
	imds_checks(fa, r, 1, fs);
}
