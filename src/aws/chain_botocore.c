/*
 * chain_botocore.c - the AWS CLI's chain, botocore 1.43
 * (credentials.create_credential_resolver; credential-files.md §4.1): env,
 * assume-role, web identity, SSO, shared-credentials-file, login,
 * custom-process, config-file, ec2-credentials-file, boto-config,
 * container, IMDS. First provider that answers wins; one that errors
 * stops the chain. Checked against the real botocore by
 * t/chain-botocore.t.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "aws/cache.h"
#include "aws/chain_int.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

/*
 * The two legacy files only botocore reads (credential-files.md §4.1 rows
 * 9 and 10): AWS_CREDENTIAL_FILE with AWSAccessKeyId=/AWSSecretKey= lines,
 * and boto 2's [Credentials] section in BOTO_CONFIG, /etc/boto.cfg or
 * ~/.boto. A plain line reader: these files are tiny and rare.
 */
static int legacy_file(struct rctx *c, const char *path, const char *section, const char *kname,
		       const char *sname, const char *method)
{
	struct strbuf sb = STRBUF_INIT;
	char *k = NULL, *sec = NULL;
	unsigned kline = 0, line = 0;
	int in = section == NULL, ret = 0;
	const char *p;

	if (strbuf_read_file(&sb, path, 1 << 20))
		goto done;
	for (p = sb.buf; p < sb.buf + sb.len;) {
		const char *eol = memchr(p, '\n', (size_t)(sb.buf + sb.len - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(sb.buf + sb.len - p);
		char *l = xmemdupz(p, n), *eq, *a, *b;

		line++;
		p += n + (eol != NULL);
		a = l;
		while (*a == ' ' || *a == '\t')
			a++;
		b = a + strlen(a);
		while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
			*--b = '\0';
		if (*a == '[') {
			in = section && !strncmp(a + 1, section, strlen(section)) &&
			     a[1 + strlen(section)] == ']';
		} else if (in && (eq = strchr(a, '='))) {
			char *ke = eq, *v = eq + 1;
			while (ke > a && (ke[-1] == ' ' || ke[-1] == '\t'))
				ke--;
			*ke = '\0';
			while (*v == ' ' || *v == '\t')
				v++;
			if (!strcmp(a, kname) && !k) {
				k = xstrdup(v);
				kline = line;
			} else if (!strcmp(a, sname) && !sec) {
				sec = xstrdup(v);
			}
		}
		free(l);
	}
	if (k && sec) {
		chain_set_keys(c, method, method, NULL, k, sec, NULL, &ORIGIN_AT(path, kline, 0));
		ret = 1;
	}
done:
	if (sec) {
		OPENSSL_cleanse(sec, strlen(sec));
		free(sec);
	}
	free(k);
	OPENSSL_cleanse(sb.buf, sb.len);
	strbuf_release(&sb);
	return ret;
}

static int boto_legacy(struct rctx *c)
{
	const char *v = env_get_nonempty(c->e, "AWS_CREDENTIAL_FILE");
	char *path;
	int r = 0;

	if (v) {
		path = chain_expand_path(c->e, v);
		r = legacy_file(c, path, NULL, "AWSAccessKeyId", "AWSSecretKey",
				"ec2-credentials-file");
		free(path);
		if (r)
			return 1;
	}
	if ((v = env_get_nonempty(c->e, "BOTO_CONFIG"))) {
		path = chain_expand_path(c->e, v);
		r = legacy_file(c, path, "Credentials", "aws_access_key_id",
				"aws_secret_access_key", "boto-config");
		free(path);
		return r;
	}
	if (legacy_file(c, "/etc/boto.cfg", "Credentials", "aws_access_key_id",
			"aws_secret_access_key", "boto-config"))
		return 1;
	path = chain_expand_path(c->e, "~/.boto");
	r = legacy_file(c, path, "Credentials", "aws_access_key_id", "aws_secret_access_key",
			"boto-config");
	free(path);
	return r;
}

static int boto_static(struct rctx *c, const struct chain_section *s, const char *name,
		       const char *method)
{
	const char *tok;

	if (!s || !chain_section_get(s, "aws_access_key_id"))
		return 0;
	if (!chain_section_get(s, "aws_secret_access_key"))
		return chain_fail(c,
				  "Partial credentials found in %s, missing: aws_secret_access_key",
				  method);
	tok = chain_kv_val(s, "aws_security_token");
	if (!tok)
		tok = chain_kv_val(s, "aws_session_token");
	chain_set_keys(c, "profile", method, name, chain_kv_val(s, "aws_access_key_id"),
		       chain_kv_val(s, "aws_secret_access_key"), tok && *tok ? tok : NULL,
		       chain_kv_from(s, "aws_access_key_id"));
	return 1;
}

/* botocore's _has_static_credentials: either key counts, the secret alone too. */
static int boto_has_static(const struct chain_section *s)
{
	return chain_section_get(s, "aws_access_key_id") || chain_section_get(s, "aws_secret_access_key");
}

/* _has_assume_role_config_vars: role_arn, and no web_identity_token_file. */
static int boto_role_vars(const struct chain_section *s)
{
	return chain_section_get(s, "role_arn") && !chain_section_get(s, "web_identity_token_file");
}

/* The cached result of a role the CLI assumed, when still usable. */
static void boto_cache(struct rctx *c, const struct chain_section *m, const char *name)
{
	const char *home = env_get(c->e, "HOME");
	struct cli_cache_args a = {0};
	struct cli_cache_entry ce;
	char key[41], *dir;
	const char *ds = chain_kv_nonempty(m, "duration_seconds");

	a.role_arn = chain_kv_nonempty(m, "role_arn");
	a.role_session_name = chain_kv_nonempty(m, "role_session_name");
	a.external_id = chain_kv_nonempty(m, "external_id");
	a.serial_number = chain_kv_nonempty(m, "mfa_serial");
	a.duration_seconds = ds ? strtol(ds, NULL, 10) : 0;
	cli_cache_key(&a, key);
	dir = xstrfmt("%s/.aws/cli/cache", home ? home : "");
	if (!cli_cache_load(dir, key, &ce) && ce.status == CACHE_OK) {
		struct chain_note *n = chain_note_add(c, "cli-cache", name, NULL, "%s", ce.path);
		n->extra = xstrdup(ce.access_key_id);
		n->t = (long long)ce.expiration;
		if ((long long)ce.expiration - (long long)c->f->now >= BOTOCORE_EXPIRY_WINDOW) {
			c->r->creds.access_key_id = chain_own(c->r, ce.access_key_id);
			c->r->creds.from = chain_own_origin(c->r, &ORIGIN_AT(ce.path, 0, 0));
		}
	}
	cli_cache_entry_release(&ce);
	free(dir);
}

/*
 * botocore's AssumeRoleProvider walks a chain of role profiles: every link
 * is validated as it is reached (_get_role_config), and the source of
 * credentials is resolved at load time (_resolve_source_credentials), so a
 * broken link anywhere fails the whole chain. visited is botocore's
 * _visited_profiles: the profile the chain started from, then every
 * source_profile followed.
 */
#define BOTO_MAX_CHAIN 32

struct boto_walk {
	const char *visited[BOTO_MAX_CHAIN];
	int n;
};

static int boto_role(struct rctx *c, const char *name, struct boto_walk *w);
static int boto_static(struct rctx *c, const struct chain_section *s, const char *name,
		       const char *method);

static int boto_sso(struct rctx *c, const struct prof *p, const char *name)
{
	const char *sess = chain_kv_val(&p->m, "sso_session");
	const struct chain_section *ss;
	static const char *const legacy[] = {"sso_start_url", "sso_region", "sso_account_id",
					     "sso_role_name"};
	struct strbuf missing = STRBUF_INIT;

	if (!chain_section_get(&p->m, "sso_account_id") &&
	    !chain_section_get(&p->m, "sso_role_name"))
		return 0;
	if (sess) {
		ss = chain_view_sso(c->v, sess);
		if (!ss) {
			chain_note_add(c, "sso-session-missing", name,
				       chain_kv_from(&p->m, "sso_session"),
				       "sso_session = %s, but there is no [sso-session %s] section",
				       sess, sess);
			strbuf_release(&missing);
			return chain_fail(c, "The specified sso-session does not exist: \"%s\"",
					  sess);
		}
		if (!chain_kv_val(ss, "sso_start_url"))
			strbuf_addstr(&missing, "sso_start_url, ");
		if (!chain_kv_val(ss, "sso_region"))
			strbuf_addstr(&missing, "sso_region, ");
		if (!chain_kv_val(&p->m, "sso_account_id"))
			strbuf_addstr(&missing, "sso_account_id, ");
		if (!chain_kv_val(&p->m, "sso_role_name"))
			strbuf_addstr(&missing, "sso_role_name, ");
	} else {
		for (size_t i = 0; i < ARRAY_SIZE(legacy); i++)
			if (!chain_kv_val(&p->m, legacy[i]))
				strbuf_addf(&missing, "%s, ", legacy[i]);
	}
	if (missing.len) {
		strbuf_setlen(&missing, missing.len - 2);
		chain_note_add(c, "sso-config-missing", name,
			       chain_kv_from(&p->m, sess ? "sso_session" : "sso_account_id"),
			       "the profile uses SSO but lacks %s", missing.buf);
		chain_fail(c, "Missing required configuration for SSO: %s", missing.buf);
		strbuf_release(&missing);
		return -1;
	}
	strbuf_release(&missing);
	chain_set_source(c, "sso", "sso", name,
			 chain_kv_from(&p->m, sess ? "sso_session" : "sso_start_url"));
	{
		struct chain_note *n =
			chain_note_add(c, "sso-token", name,
				       chain_kv_from(&p->m, sess ? "sso_session" : "sso_start_url"),
				       "%s", sess ? sess : chain_kv_val(&p->m, "sso_start_url"));
		n->extra = xstrdup(sess ? "session" : "url");
	}
	return 1;
}

/*
 * ProfileProviderBuilder.providers(): web identity, SSO, the credentials
 * file, login, credential_process, the config file, for one profile.
 * 1 when one answers, 0 when none does, -1 when one fails. With
 * disable_env (a source profile) the web identity provider reads the
 * profile only.
 */
static int boto_profile_providers(struct rctx *c, const struct prof *p, const char *name,
				  int disable_env)
{
	const char *v = disable_env ? NULL : env_get_nonempty(c->e, "AWS_WEB_IDENTITY_TOKEN_FILE");
	int r;

	if (v || chain_kv_val(&p->m, "web_identity_token_file")) {
		const char *arn = disable_env ? NULL : env_get_nonempty(c->e, "AWS_ROLE_ARN");
		const char *where = v ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "web_identity_token_file";
		const struct origin *at = v ? &ORIGIN_ENV_VAR("AWS_WEB_IDENTITY_TOKEN_FILE")
					    : chain_kv_from(&p->m, where);
		if (!arn)
			arn = chain_kv_val(&p->m, "role_arn");
		if (!v)
			v = chain_kv_val(&p->m, "web_identity_token_file");
		chain_token_file_check(c, v, where, name, at);
		chain_set_source(c, "web-identity", "assume-role-with-web-identity", name, at);
		if (!arn) {
			chain_note_add(c, "web-identity-no-role", name, &c->r->creds.from, "%s",
				       strcmp(where, "web_identity_token_file") ? "AWS_ROLE_ARN"
										: "role_arn");
			return chain_fail(c, "The provided profile or the current environment is "
					     "configured to assume role "
					     "with web identity but has no role ARN configured.");
		}
		chain_set_role(c, arn, env_get_nonempty(c->e, "AWS_ROLE_ARN") && !disable_env
					       ? &ORIGIN_ENV_VAR("AWS_ROLE_ARN")
					       : chain_kv_from(&p->m, "role_arn"));
		return 1;
	}
	r = boto_sso(c, p, name);
	if (r) {
		if (r > 0 && p->cred_only && chain_section_get(p->cred_only, "aws_access_key_id"))
			chain_loser_add(
				c, chain_kv_from(p->cred_only, "aws_access_key_id"),
				chain_ownf(c->r, "static keys in profile '%s'", name),
				"the AWS CLI takes SSO before static keys in the same profile");
		return r;
	}
	r = boto_static(c, p->cred_only, name, "shared-credentials-file");
	if (r) {
		if (r > 0 && p->config_only && chain_section_get(p->config_only, "aws_access_key_id"))
			chain_loser_add(c, chain_kv_from(p->config_only, "aws_access_key_id"),
					chain_ownf(c->r, "keys for '%s' in the config file", name),
					"the credentials file comes first");
		return r;
	}
	if (chain_kv_val(&p->m, "login_session")) {
		chain_set_source(c, "login", "login", name, chain_kv_from(&p->m, "login_session"));
		return 1;
	}
	if ((v = chain_kv_val(&p->m, "credential_process"))) {
		chain_set_source(c, "credential-process", "custom-process", name,
				 chain_kv_from(&p->m, "credential_process"));
		chain_note_add(c, "process", name, chain_kv_from(&p->m, "credential_process"), "%s",
			       v);
		return 1;
	}
	return boto_static(c, p->config_only, name, "config-file");
}

/* _validate_source_profile: the source exists and does not loop. */
static int boto_source_valid(struct rctx *c, const char *parent, const struct prof *pp,
			     const char *sp, const struct boto_walk *w)
{
	struct prof p;
	int seen = 0, ret = 0;

	for (int i = 0; i < w->n; i++)
		if (!strcmp(w->visited[i], sp))
			seen = 1;
	chain_prof_load(c, sp, &p);
	if (!p.exists) {
		chain_note_add(c, "assume-role", parent, chain_kv_from(&pp->m, "source_profile"),
			       "source_profile = %s names a profile that does not exist", sp);
		ret = chain_fail(c,
				 "The source_profile \"%s\" referenced in the profile \"%s\" does "
				 "not exist.",
				 sp, parent);
	} else if (seen && (strcmp(sp, parent) || !boto_has_static(&p.m))) {
		chain_note_add(c, "assume-role", parent, chain_kv_from(&pp->m, "source_profile"),
			       "source_profile loops back to '%s'", sp);
		ret = chain_fail(c,
				 "Infinite loop in credential configuration detected. Attempting "
				 "to load from profile %s which has already been visited.",
				 sp);
	}
	chain_prof_release(&p);
	return ret;
}

/* _resolve_credentials_from_profile: a source profile's own credentials, or its role. */
static int boto_from_profile(struct rctx *c, const char *parent, const char *name,
			     struct boto_walk *w)
{
	struct prof p;
	int r;

	chain_prof_load(c, name, &p);
	if (boto_has_static(&p.m) || !boto_role_vars(&p.m)) {
		r = boto_profile_providers(c, &p, name, 1);
		if (!r) {
			if (chain_section_get(&p.m, "aws_secret_access_key") &&
			    !chain_section_get(&p.m, "aws_access_key_id"))
				chain_note_add(c, "assume-role", parent,
					       chain_kv_from(&p.m, "aws_secret_access_key"),
					       "source_profile '%s' has aws_secret_access_key but no "
					       "aws_access_key_id: no credentials of its own",
					       name);
			else
				chain_note_add(c, "assume-role", parent,
					       chain_kv_from(&p.m, "role_arn"),
					       "source_profile '%s' has no credentials of its own",
					       name);
			r = chain_fail(c, "The source profile \"%s\" must have credentials.", name);
		}
		chain_prof_release(&p);
		return r < 0 ? -1 : 0;
	}
	chain_prof_release(&p);
	return boto_role(c, name, w);
}

/* _load_creds_via_assume_role for one profile: _get_role_config, then its source. */
static int boto_role(struct rctx *c, const char *name, struct boto_walk *w)
{
	struct prof p;
	const char *sp, *cs, *arn;
	int ret = -1;

	chain_prof_load(c, name, &p);
	sp = chain_kv_val(&p.m, "source_profile");
	cs = chain_kv_val(&p.m, "credential_source");
	arn = chain_kv_val(&p.m, "role_arn");
	if (sp && cs) {
		chain_note_add(c, "assume-role", name, chain_kv_from(&p.m, "credential_source"),
			       "both source_profile and credential_source are set");
		chain_fail(c,
			   "The profile \"%s\" contains both source_profile and credential_source.",
			   name);
		goto done;
	}
	if (!sp && !cs) {
		chain_note_add(c, "assume-role", name, chain_kv_from(&p.m, "role_arn"),
			       "role_arn is set but neither source_profile nor credential_source");
		chain_fail(c, "Partial credentials found in assume-role, missing: source_profile or "
			      "credential_source");
		goto done;
	}
	if (!chain_role_arn_ok(arn))
		chain_note_add(c, "assume-role", name, chain_kv_from(&p.m, "role_arn"),
			       "role_arn = %s is not an IAM role ARN "
			       "(arn:aws:iam::123456789012:role/NAME)",
			       arn);
	if (cs) {
		/* is_supported(): case-sensitive, the credential sourcer's three providers. */
		const char *where;
		struct envkeys k;
		int none;
		if (strcmp(cs, "Environment") && strcmp(cs, "Ec2InstanceMetadata") &&
		    strcmp(cs, "EcsContainer")) {
			chain_note_add(c, "assume-role", name,
				       chain_kv_from(&p.m, "credential_source"),
				       "credential_source = %s is not one of Environment, "
				       "Ec2InstanceMetadata, EcsContainer",
				       cs);
			chain_fail(c,
				   "The credential source \"%s\" referenced in profile \"%s\" is "
				   "not valid.",
				   cs, name);
			goto done;
		}
		/* botocore resolves the credential_source right away. */
		chain_env_keys(c, &k);
		if (!strcmp(cs, "Environment"))
			none = !k.key || !k.secret;
		else if (!strcmp(cs, "Ec2InstanceMetadata"))
			none = chain_metadata_disabled(c, &where);
		else
			none = !env_get_nonempty(c->e, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") &&
			       !env_get_nonempty(c->e, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
		if (none) {
			chain_note_add(c, "assume-role", name,
				       chain_kv_from(&p.m, "credential_source"),
				       "credential_source = %s finds no credentials", cs);
			chain_fail(c,
				   "Error when retrieving credentials from %s: No credentials "
				   "found in credential_source referenced in profile %s",
				   cs, name);
			goto done;
		}
	} else {
		if (boto_source_valid(c, name, &p, sp, w) < 0)
			goto done;
		if (w->n == BOTO_MAX_CHAIN) {
			chain_fail(c, "source_profile chain longer than %d profiles", BOTO_MAX_CHAIN);
			goto done;
		}
		w->visited[w->n++] = sp;
		if (boto_from_profile(c, name, sp, w) < 0)
			goto done;
	}
	ret = 0;
done:
	chain_prof_release(&p);
	return ret;
}

/* The AssumeRoleProvider for the profile the CLI uses. */
static int boto_assume(struct rctx *c, const struct prof *p, const char *name)
{
	struct boto_walk w = {{name}, 1};

	if (boto_role(c, name, &w) < 0)
		return -1;
	chain_set_source(c, "assume-role", "assume-role", name, chain_kv_from(&p->m, "role_arn"));
	chain_set_role(c, chain_kv_val(&p->m, "role_arn"), chain_kv_from(&p->m, "role_arn"));
	boto_cache(c, &p->m, name);
	return 0;
}

int chain_resolve_botocore(struct rctx *c)
{
	const struct env *e = c->e;
	const char *name, *var;
	int explicit, r;
	struct envkeys k;
	struct prof p;

	for (size_t i = 0; i < c->v->nconfig; i++)
		if (c->v->config[i].rejected)
			return chain_fail(c, "Unable to parse config file: %s",
					  c->v->config[i].path);
	for (size_t i = 0; i < c->v->ncreds; i++)
		if (c->v->creds[i].rejected)
			return chain_fail(c, "Unable to parse config file: %s",
					  c->v->creds[i].path);
	name = dialect_env_profile(e, DIALECT_BOTOCORE, &var);
	c->r->profile_from = var ? var : "default";
	explicit = var != NULL;
	chain_prof_load(c, name, &p);
	if (!p.exists && explicit) {
		chain_prof_release(&p);
		return chain_fail(c, "The config profile (%s) could not be found", name);
	}
	chain_env_keys(c, &k);
	if (k.key) {
		if (!k.secret) {
			chain_prof_release(&p);
			return chain_fail(
				c,
				"Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY");
		}
		chain_set_keys(c, "env", "env", NULL, k.key, k.secret, k.token,
			       &ORIGIN_ENV_VAR("AWS_ACCESS_KEY_ID"));
		static const char *const cli_sources[] = {"aws_access_key_id", "role_arn",
							  "sso_account_id", "credential_process",
							  NULL};
		chain_env_shadows(c, &p, name, cli_sources, 0);
		chain_prof_release(&p);
		return 0;
	}
	if (boto_role_vars(&p.m)) {
		r = boto_assume(c, &p, name);
		goto done;
	}
	r = boto_profile_providers(c, &p, name, 0);
	if (r) {
		r = r < 0 ? -1 : 0;
		goto done;
	}
	if (boto_legacy(c)) {
		r = 0;
		goto done;
	}
	if (env_get_nonempty(e, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") ||
	    env_get_nonempty(e, "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
		chain_container(c, name);
		r = 0;
		goto done;
	}
	r = chain_use_imds(c, name);
	{
		const char *where;
		if (chain_metadata_disabled(c, &where)) {
			c->r->creds.source = NULL;
			c->r->method = NULL;
			c->r->creds.error = "Unable to locate credentials";
		}
	}
done:
	if (!c->r->creds.profile && p.exists)
		c->r->creds.profile = chain_own(c->r, name);
	chain_prof_release(&p);
	return r;
}
