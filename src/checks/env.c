/*
 * env.c - level-1 checks on the process environment (the go-v2 dialect,
 * with the places where go-v1 and botocore differ said in the messages).
 *
 * What each tool reads (credential-files.md §1.2, §4; terraform-aws-auth.md §1.4):
 *   go-v2/go-v1: AWS_ACCESS_KEY_ID|AWS_ACCESS_KEY, AWS_SECRET_ACCESS_KEY|AWS_SECRET_KEY,
 *                AWS_SESSION_TOKEN; AWS_PROFILE before AWS_DEFAULT_PROFILE;
 *                AWS_REGION before AWS_DEFAULT_REGION.
 *   botocore:    AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SECURITY_TOKEN before
 *                AWS_SESSION_TOKEN; AWS_DEFAULT_PROFILE before AWS_PROFILE;
 *                AWS_DEFAULT_REGION only.
 */
#include <stdlib.h>
#include <string.h>

#include "aws/keyfmt.h"
#include "aws/regions.h"
#include "checks/checks.h"
#include "core/redact.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

struct env_view {
	const struct env *env;
	const char *key, *key_var; /* what Terraform (go-v2) reads */
	const char *secret, *secret_var;
	const char *session, *security; /* AWS_SESSION_TOKEN, AWS_SECURITY_TOKEN */
};

static void env_view_init(struct env_view *ev, const struct env *e)
{
	memset(ev, 0, sizeof(*ev));
	ev->env = e;
	ev->key_var = "AWS_ACCESS_KEY_ID";
	ev->key = env_get_nonempty(e, "AWS_ACCESS_KEY_ID");
	if (!ev->key && (ev->key = env_get_nonempty(e, "AWS_ACCESS_KEY")))
		ev->key_var = "AWS_ACCESS_KEY";
	ev->secret_var = "AWS_SECRET_ACCESS_KEY";
	ev->secret = env_get_nonempty(e, "AWS_SECRET_ACCESS_KEY");
	if (!ev->secret && (ev->secret = env_get_nonempty(e, "AWS_SECRET_KEY")))
		ev->secret_var = "AWS_SECRET_KEY";
	ev->session = env_get_nonempty(e, "AWS_SESSION_TOKEN");
	ev->security = env_get_nonempty(e, "AWS_SECURITY_TOKEN");
}

static struct cred_site env_site(const char *var, struct strbuf *assign)
{
	strbuf_reset(assign);
	strbuf_addf(assign, "export %s=", var);
	return (struct cred_site){ORIGIN_ENV_VAR(var), var, assign->buf};
}

static void check_partial(const struct env_view *ev, struct findings *fs)
{
	struct finding *f;

	if (!!ev->key == !!ev->secret)
		return;
	f = findings_add(fs, F_PARTIAL_ENV_CREDENTIALS,
			 &ORIGIN_ENV_VAR(ev->key ? ev->key_var : ev->secret_var));
	finding_set(f, "present", "%s", ev->key ? ev->key_var : ev->secret_var);
	finding_set(f, "missing", "%s", ev->key ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
	if (ev->key && !strcmp(ev->key_var, "AWS_ACCESS_KEY_ID"))
		finding_set(f, "behaviour", "%s",
			    "the AWS CLI stops with a partial-credentials error, Terraform ignores "
			    "the environment "
			    "and falls through to profiles, containers and instance metadata");
	else
		finding_set(f, "behaviour", "%s",
			    "the AWS CLI and Terraform both ignore the environment and fall "
			    "through to profiles, "
			    "containers and instance metadata");
}

static void check_tokens(const struct env_view *ev, struct findings *fs)
{
	struct strbuf sb = STRBUF_INIT;
	enum keyid_kind kind;
	struct finding *f;
	char *masked;

	if (ev->session && ev->security && strcmp(ev->session, ev->security)) {
		f = findings_add(fs, F_SECURITY_TOKEN_MISMATCH,
				 &ORIGIN_ENV_VAR("AWS_SECURITY_TOKEN"));
		redact_secret(&sb, ev->security, strlen(ev->security));
		finding_set(f, "security", "%s", sb.buf);
		strbuf_reset(&sb);
		redact_secret(&sb, ev->session, strlen(ev->session));
		finding_set(f, "session", "%s", sb.buf);
		strbuf_reset(&sb);
	}
	if (!ev->key || !ev->secret)
		goto done;
	kind = keyid_kind(ev->key, strlen(ev->key));
	masked = redact_key_id_dup(ev->key);
	if (keyid_is_example(ev->key, strlen(ev->key))) {
		/* nothing else about this key matters */
		f = findings_add(fs, F_EXAMPLE_CREDENTIALS, &ORIGIN_ENV_VAR(ev->key_var));
		finding_set(f, "key", "%s", masked);
		finding_set(f, "where", "%s", ev->key_var);
		finding_set(f, "key_var", "%s", ev->key_var);
		finding_set(f, "secret_var", "%s", ev->secret_var);
	} else if (kind == KEYID_TEMPORARY && !ev->session) {
		f = findings_add(fs, F_TEMP_KEY_WITHOUT_TOKEN, &ORIGIN_ENV_VAR(ev->key_var));
		finding_set(f, "key", "%s", masked);
		finding_set(f, "var", "%s", ev->key_var);
		if (ev->security) {
			finding_set(f, "detail", "%s",
				    "its token is only in AWS_SECURITY_TOKEN: the AWS CLI reads "
				    "that name, "
				    "Terraform and the Go SDKs read only AWS_SESSION_TOKEN");
			finding_set(f, "extra_fix", "%s",
				    "\n   or, since the token is in AWS_SECURITY_TOKEN: export "
				    "AWS_SESSION_TOKEN=\"$AWS_SECURITY_TOKEN\"");
		} else {
			finding_set(f, "detail", "%s", "AWS_SESSION_TOKEN is not set");
			finding_set(f, "extra_fix", "%s", "");
		}
	} else if (kind == KEYID_LONG_TERM && (ev->session || ev->security)) {
		f = findings_add(
			fs, F_STALE_SESSION_TOKEN,
			&ORIGIN_ENV_VAR(ev->session ? "AWS_SESSION_TOKEN" : "AWS_SECURITY_TOKEN"));
		finding_set(f, "key", "%s", masked);
		if (ev->session && ev->security)
			finding_set(f, "token_var", "AWS_SESSION_TOKEN (and AWS_SECURITY_TOKEN)");
		else if (ev->session)
			finding_set(f, "token_var", "AWS_SESSION_TOKEN");
		else
			finding_set(f, "token_var",
				    "AWS_SECURITY_TOKEN (read by the AWS CLI only)");
		finding_set(f, "unset", "%s%s%s", ev->session ? "AWS_SESSION_TOKEN" : "",
			    ev->session && ev->security ? " " : "",
			    ev->security ? "AWS_SECURITY_TOKEN" : "");
	}
	free(masked);
done:
	strbuf_release(&sb);
}

static void check_values(const struct env_view *ev, struct findings *fs)
{
	struct strbuf assign = STRBUF_INIT;
	struct cred_site site;
	static const char *const tokens[] = {"AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"};

	if (ev->key) {
		site = env_site(ev->key_var, &assign);
		check_access_key_id(fs, &site, ev->key, strlen(ev->key), ev->secret,
				    ev->secret ? strlen(ev->secret) : 0);
	}
	if (ev->secret) {
		site = env_site(ev->secret_var, &assign);
		check_secret_key(fs, &site, ev->secret, strlen(ev->secret), ev->key,
				 ev->key ? strlen(ev->key) : 0);
	}
	for (size_t i = 0; i < ARRAY_SIZE(tokens); i++) {
		const char *t = env_get_nonempty(ev->env, tokens[i]);
		if (!t)
			continue;
		site = env_site(tokens[i], &assign);
		check_session_token(fs, &site, t, strlen(t));
	}
	if (ev->key) {
		site = env_site(ev->key_var, &assign);
		check_account_id(fs, &site, ev->key, strlen(ev->key));
	}
	strbuf_release(&assign);
}

static void check_legacy_names(const struct env_view *ev, struct findings *fs)
{
	int k = !strcmp(ev->key_var, "AWS_ACCESS_KEY") && ev->key;
	int s = !strcmp(ev->secret_var, "AWS_SECRET_KEY") && ev->secret;
	struct finding *f;

	if (!k && !s)
		return;
	f = findings_add(fs, F_LEGACY_KEY_VARS,
			 &ORIGIN_ENV_VAR(k ? "AWS_ACCESS_KEY" : "AWS_SECRET_KEY"));
	finding_set(f, "vars", "%s",
		    k && s ? "AWS_ACCESS_KEY and AWS_SECRET_KEY"
		    : k	   ? "AWS_ACCESS_KEY"
			   : "AWS_SECRET_KEY");
	finding_set(f, "verb", "%s", k && s ? "are" : "is");
}

static void check_profiles(const struct env_view *ev, struct findings *fs)
{
	const char *p = env_get_nonempty(ev->env, "AWS_PROFILE");
	const char *dp = env_get_nonempty(ev->env, "AWS_DEFAULT_PROFILE");
	struct finding *f;

	if (p && dp && strcmp(p, dp)) {
		f = findings_add(fs, F_PROFILE_ENV_CONFLICT,
				 &ORIGIN_ENV_VAR("AWS_DEFAULT_PROFILE"));
		finding_set(f, "cli", "%s", dp);
		finding_set(f, "tf", "%s", p);
	}
}

static const struct {
	const char *var;
	const char *behaviour;
} empty_vars[] = {
	{"AWS_PROFILE", "Terraform treats it as unset and uses the default profile, the AWS CLI "
			"looks for a profile named '' and fails"},
	{"AWS_DEFAULT_PROFILE",
	 "the AWS CLI looks for a profile named '' and fails, Terraform ignores it"},
	{"AWS_ACCESS_KEY_ID", "no tool uses it; credentials come from further down the chain"},
	{"AWS_SECRET_ACCESS_KEY", "no tool uses it; credentials come from further down the chain"},
	{"AWS_SESSION_TOKEN", "it is ignored, as if unset"},
	{"AWS_REGION", "it is ignored, as if unset"},
	{"AWS_SHARED_CREDENTIALS_FILE",
	 "the AWS CLI then reads no credentials file at all, Terraform reads ~/.aws/credentials"},
	{"AWS_CONFIG_FILE",
	 "the AWS CLI then reads no config file at all, Terraform reads ~/.aws/config"},
};

static void check_empty(const struct env_view *ev, struct findings *fs)
{
	for (size_t i = 0; i < ARRAY_SIZE(empty_vars); i++) {
		const char *v = env_get(ev->env, empty_vars[i].var);
		struct finding *f;

		if (!v || *v)
			continue;
		f = findings_add(fs, F_EMPTY_ENV_VAR, &ORIGIN_ENV_VAR(empty_vars[i].var));
		finding_set(f, "var", "%s", empty_vars[i].var);
		finding_set(f, "behaviour", "%s", empty_vars[i].behaviour);
	}
}

static void check_expiry(const struct facts *fa, const struct env_view *ev, struct findings *fs)
{
	static const char *const vars[] = {"AWS_CREDENTIAL_EXPIRATION", "AWS_SESSION_EXPIRATION"};

	if (!ev->key)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(vars); i++) {
		const char *v = env_get_nonempty(ev->env, vars[i]);
		time_t t;
		char when[21], ago[32];
		struct finding *f;

		if (!v || time_parse_iso8601(v, &t) || t > fa->now)
			continue;
		time_format_iso8601(t, when);
		time_format_duration((long long)(fa->now - t), ago, sizeof(ago));
		f = findings_add(fs, F_ENV_CREDENTIALS_EXPIRED, &ORIGIN_ENV_VAR(vars[i]));
		finding_set(f, "var", "%s", vars[i]);
		finding_set(f, "when", "%s", when);
		finding_set(f, "ago", "%s", ago);
		return;
	}
}

static void region_invalid(struct findings *fs, const char *var, const char *val)
{
	const char *sug = region_suggest(val);
	struct finding *f = findings_add(fs, F_REGION_INVALID, &ORIGIN_ENV_VAR(var));
	int has_ws = strpbrk(val, " \t\r\n") != NULL;

	finding_set(f, "var", "%s", var);
	finding_set(f, "value", "'%s'", has_ws ? "(contains whitespace)" : val);
	if (has_ws)
		finding_set(f, "detail", "%s", "the value has whitespace around or in it");
	else if (sug)
		finding_set(f, "detail", "not a region name; did you mean %s?", sug);
	else
		finding_set(f, "detail", "%s", "not a region name (regions look like eu-west-1)");
	finding_set(f, "suggest", "%s", sug ? sug : "<region, e.g. us-east-1>");
}

/*
 * Not a region: the wrong shape, or a typo of a known region (us-eats-1).
 * A well-shaped name far from every known one, or a known stem with another
 * number, may be a region newer than the table: left alone.
 */
static int region_bad(const char *name)
{
	return !region_name_valid(name) || region_is_typo(name);
}

static void check_regions(const struct facts *fa, const struct env_view *ev, struct findings *fs)
{
	const char *r = env_get_nonempty(ev->env, "AWS_REGION");
	const char *dr = env_get_nonempty(ev->env, "AWS_DEFAULT_REGION");
	const char *tf = fa->arg_region ? fa->arg_region : r ? r : dr;
	const char *tf_var = fa->arg_region ? "--region" : r ? "AWS_REGION" : "AWS_DEFAULT_REGION";
	const struct region *reg;
	struct finding *f;

	if (r && region_bad(r))
		region_invalid(fs, "AWS_REGION", r);
	if (dr && region_bad(dr))
		region_invalid(fs, "AWS_DEFAULT_REGION", dr);
	if (r && dr && strcmp(r, dr)) {
		f = findings_add(fs, F_REGION_ENV_CONFLICT, &ORIGIN_ENV_VAR("AWS_DEFAULT_REGION"));
		finding_set(f, "tf", "%s", r);
		finding_set(f, "cli", "%s", dr);
	}
	/* the provider block's region comes before the environment */
	if (!fa->arg_region && fa->provider.present && fa->provider.region.v) {
		tf = fa->provider.region.v;
		tf_var = "the provider block";
	} else if (!fa->arg_region && fa->provider.present && fa->provider.region.expr) {
		return; /* set by an expression: not known offline */
	}
	if (!tf && fa->profile_region.v) {
		tf = fa->profile_region.v;
		tf_var = "the profile";
	}
	if (!tf) {
		f = findings_add(fs, F_REGION_MISSING, NULL);
		finding_set(f, "searched", "%s",
			    "--region, AWS_REGION, AWS_DEFAULT_REGION or the profile");
		return;
	}
	reg = region_find(tf);
	/*
	 * Long-term keys and v2 tokens work in an opt-in region once it is
	 * enabled: a note. A v1 token there is region-opt-in-global-token,
	 * found by the chain stage from the credentials each tool resolves.
	 */
	if (reg && reg->opt_in && !findings_has(fs, F_REGION_OPT_IN_GLOBAL_TOKEN)) {
		const struct origin o = !strcmp(tf_var, "the profile") ? fa->profile_region.from
					: !strcmp(tf_var, "the provider block")
						? fa->provider.region.from
						: ORIGIN_ENV_VAR(tf_var);
		f = findings_add(fs, F_REGION_OPT_IN, &o);
		finding_set(f, "region", "%s", reg->name);
		finding_set(f, "name", "%s", reg->display);
		finding_set(f, "from", "%s", tf_var);
	}
}

static void check_endpoints(const struct env_view *ev, struct findings *fs)
{
	const char *sts = env_get_nonempty(ev->env, "AWS_ENDPOINT_URL_STS");
	const char *all = env_get_nonempty(ev->env, "AWS_ENDPOINT_URL");
	const char *ign = env_get_nonempty(ev->env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
	const char *reg = env_get_nonempty(ev->env, "AWS_STS_REGIONAL_ENDPOINTS");
	struct finding *f;

	if ((sts || all) && !(ign && !strcasecmp(ign, "true"))) {
		const char *var = sts ? "AWS_ENDPOINT_URL_STS" : "AWS_ENDPOINT_URL";
		f = findings_add(fs, F_ENDPOINT_URL_OVERRIDE, &ORIGIN_ENV_VAR(var));
		finding_set(f, "var", "%s", var);
		finding_set(f, "url", "%s", sts ? sts : all);
	}
	if (reg) {
		f = findings_add(fs, F_STS_REGIONAL_ENDPOINTS_IGNORED,
				 &ORIGIN_ENV_VAR("AWS_STS_REGIONAL_ENDPOINTS"));
		finding_set(f, "value", "%s", reg);
	}
}

static void check_shadowing(const struct facts *fa, const struct env_view *ev, struct findings *fs)
{
	const char *p = env_get_nonempty(ev->env, "AWS_PROFILE");
	const char *dp = env_get_nonempty(ev->env, "AWS_DEFAULT_PROFILE");
	struct strbuf shadowed = STRBUF_INIT, unset = STRBUF_INIT;
	struct finding *f;
	char *masked;

	if (!ev->key || !ev->secret || fa->arg_profile)
		return;
	/* a profile that does not exist shadows nothing: it breaks the run
	 * instead (profile-not-found, profile-typo-breaks-env-keys) */
	if (fa->profile_missing)
		p = dp = NULL;
	if (p)
		strbuf_addf(&shadowed, "profile '%s' from AWS_PROFILE", p);
	else if (dp)
		strbuf_addf(&shadowed, "profile '%s' from AWS_DEFAULT_PROFILE", dp);
	if (fa->shadowed) {
		if (shadowed.len)
			strbuf_addf(&shadowed, " (%s)", fa->shadowed);
		else
			strbuf_addstr(&shadowed, fa->shadowed);
	}
	if (!shadowed.len)
		goto done;
	strbuf_addf(&unset, "%s %s", ev->key_var, ev->secret_var);
	if (ev->session)
		strbuf_addstr(&unset, " AWS_SESSION_TOKEN");
	if (ev->security)
		strbuf_addstr(&unset, " AWS_SECURITY_TOKEN");
	masked = redact_key_id_dup(ev->key);
	f = findings_add(fs, F_ENV_OVERRIDES_FILES, &ORIGIN_ENV_VAR(ev->key_var));
	finding_set(f, "key", "%s", masked);
	finding_set(f, "shadowed", "%s", shadowed.buf);
	finding_set(f, "unset", "%s", unset.buf);
	free(masked);
done:
	strbuf_release(&shadowed);
	strbuf_release(&unset);
}

void check_env(const struct facts *fa, struct findings *fs)
{
	struct env_view ev;

	env_view_init(&ev, fa->env);
	check_empty(&ev, fs);
	check_partial(&ev, fs);
	check_tokens(&ev, fs);
	check_values(&ev, fs);
	check_legacy_names(&ev, fs);
	check_profiles(&ev, fs);
	check_expiry(fa, &ev, fs);
	check_regions(fa, &ev, fs);
	check_endpoints(&ev, fs);
	check_shadowing(fa, &ev, fs);
}
