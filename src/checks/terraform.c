/*
 * terraform.c - checks on provider "aws" blocks, the S3 backend and the
 * versions (terraform-aws-auth.md §0-§2). What each check knows:
 *   - provider arguments access_key/secret_key/token beat every other
 *     source (§1.1); the backend is configured separately (§1.7);
 *   - the backend's top-level role_arn is deprecated in 1.6-1.9 and gone in
 *     1.10; use_legacy_workflow exists only in 1.6/1.7;
 *   - STS is called in region (or sts_region) by go-v2; opt-in regions
 *     fail unless enabled (§2.2, §4.1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/keyfmt.h"
#include "aws/regions.h"
#include "checks/checks.h"
#include "checks/terraform.h"
#include "checks/textkeys.h"
#include "core/redact.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

static void block_name(struct strbuf *sb, const struct tf_auth_block *b, int is_backend)
{
	if (is_backend)
		strbuf_addf(sb, !strcmp(b->type, "cloud") ? "the cloud block" : "backend \"%s\"",
			    b->type);
	else if (b->alias)
		strbuf_addf(sb, "provider \"aws\" (alias %s)", b->alias);
	else
		strbuf_addstr(sb, "provider \"aws\"");
}

static const struct origin *where(const struct tf_value *v, const struct tf_auth_block *b)
{
	return v->from.kind != ORIGIN_NONE ? &v->from : &b->at;
}

static int is_true(const struct tf_value *v)
{
	return v->v && !strcmp(v->v, "true");
}

/* the value came from a literal in a file (not a variable or the environment) */
static int literal_in_file(const struct tf_value *v)
{
	return v->v && !v->expr && v->from.kind == ORIGIN_FILE;
}

static void hardcoded(struct findings *fs, const struct tf_auth_block *b, const char *name)
{
	const struct tf_value *k = &b->access_key, *s = &b->secret_key;
	struct finding *f;
	char acct[13];
	char *masked;

	if (literal_in_file(k) && textkeys_is_key_id(k->v, strlen(k->v)) &&
	    !keyid_is_example(k->v, strlen(k->v))) {
		masked = redact_key_id_dup(k->v);
		f = findings_add(fs, F_TF_HARDCODED_ACCESS_KEY, where(k, b));
		finding_set(f, "what", "%s",
			    !strncmp(k->v, "ASIA", 4) ? "temporary access key id"
						      : "access key id");
		finding_set(f, "key", "%s", masked);
		if (keyid_account(k->v, strlen(k->v), acct) == 0)
			finding_set(f, "account", " (account %s)", acct);
		else
			finding_set(f, "account", "%s", "");
		finding_set(f, "place", "the access_key argument of %s", name);
		if (literal_in_file(s))
			finding_set(f, "pair", ", with its secret_key on line %u", s->from.line);
		else
			finding_set(f, "pair", "%s", "");
		finding_set(f, "remove", "delete access_key and secret_key from %s", name);
		free(masked);
	} else if (literal_in_file(s) && strlen(s->v) >= 16) {
		char fp[9];
		redact_fingerprint(fp, s->v, strlen(s->v));
		f = findings_add(fs, F_TF_HARDCODED_SECRET_KEY, where(s, b));
		finding_set(f, "desc", "%zu characters, sha256 %s", strlen(s->v), fp);
		finding_set(f, "place", "the secret_key argument of %s", name);
	}
}

static void key_formats(struct findings *fs, const struct tf_auth_block *b, const char *name)
{
	struct strbuf label = STRBUF_INIT;
	struct cred_site site;
	const char *k = b->access_key.v, *s = b->secret_key.v;

	if (k) {
		strbuf_addf(&label, "access_key in %s", name);
		site = (struct cred_site){*where(&b->access_key, b), label.buf, "access_key = ",
					  "\""};
		check_access_key_id(fs, &site, k, strlen(k), s, s ? strlen(s) : 0);
		strbuf_reset(&label);
	}
	if (s) {
		strbuf_addf(&label, "secret_key in %s", name);
		site = (struct cred_site){*where(&b->secret_key, b), label.buf, "secret_key = ",
					  "\""};
		check_secret_key(fs, &site, s, strlen(s), k, k ? strlen(k) : 0);
		strbuf_reset(&label);
	}
	strbuf_release(&label);
}

static void temp_key(struct findings *fs, const struct tf_auth_block *b, const char *name)
{
	const char *k = b->access_key.v;
	struct finding *f;
	char *masked;

	if (!k || strncmp(k, "ASIA", 4) || b->token.v || b->token.expr)
		return;
	masked = redact_key_id_dup(k);
	f = findings_add(fs, F_TF_PROVIDER_TEMP_KEY_WITHOUT_TOKEN, where(&b->access_key, b));
	finding_set(f, "block", "%s", name);
	finding_set(f, "key", "%s", masked);
	free(masked);
}

static void mfa_token(struct findings *fs, const struct tf_auth_block *b, const char *name)
{
	const char *t = b->token.v;
	struct finding *f;

	if (!t || strlen(t) != 6 || strspn(t, "0123456789") != 6)
		return;
	f = findings_add(fs, F_TF_BACKEND_TOKEN_IS_SESSION_TOKEN, where(&b->token, b));
	finding_set(f, "block", "%s", name);
	finding_set(f, "desc", "%s", "a six-digit number");
}

static void regions(struct findings *fs, const struct tf_auth_block *b, const char *name)
{
	const struct region *r;
	struct finding *f;

	if (b->sts_region.v && (r = region_find(b->sts_region.v)) && r->opt_in) {
		f = findings_add(fs, F_TF_STS_REGION_OPT_IN, where(&b->sts_region, b));
		finding_set(f, "block", "%s", name);
		finding_set(f, "region", "%s", r->name);
		finding_set(f, "display", "%s", r->display);
	} else if (b->region.v && !b->sts_region.v && !b->sts_region.expr &&
		   (r = region_find(b->region.v)) && r->opt_in) {
		f = findings_add(fs, F_TF_REGION_OPT_IN_WITHOUT_STS_REGION, where(&b->region, b));
		finding_set(f, "block", "%s", name);
		finding_set(f, "region", "%s", r->name);
		finding_set(f, "display", "%s", r->display);
	}
}

static const char *shown(const struct tf_value *v)
{
	return v->v ? v->v : v->expr ? v->expr : "";
}

void check_tf_block(struct findings *fs, const struct tf_auth_block *b, int is_backend,
		    const struct tf_versions *v)
{
	struct strbuf name = STRBUF_INIT;
	struct finding *f;

	if (!b->present)
		return;
	block_name(&name, b, is_backend);
	if (is_backend && strcmp(b->type, "s3"))
		goto done; /* remote/cloud: credentials live in HCP Terraform, not here */

	hardcoded(fs, b, name.buf);
	key_formats(fs, b, name.buf);
	temp_key(fs, b, name.buf);
	mfa_token(fs, b, name.buf);
	regions(fs, b, name.buf);

	if (b->shared_credentials_file.v || b->shared_credentials_file.expr) {
		struct strbuf q = STRBUF_INIT;
		if (b->shared_credentials_file.v)
			strbuf_addf(&q, "\"%s\"", b->shared_credentials_file.v);
		else
			strbuf_addstr(&q, b->shared_credentials_file.expr);
		f = findings_add(fs, F_TF_DEPRECATED_SHARED_CREDENTIALS_FILE,
				 where(&b->shared_credentials_file, b));
		finding_set(f, "block", "%s", name.buf);
		finding_set(f, "value", "%s", q.buf);
		strbuf_release(&q);
	}
	if (is_true(&b->skip_credentials_validation)) {
		f = findings_add(fs, F_TF_SKIP_CREDENTIALS_VALIDATION,
				 where(&b->skip_credentials_validation, b));
		finding_set(f, "block", "%s", name.buf);
	}
	if (b->assume_role_blocks && (b->assume_role_arn.v || b->assume_role_arn.expr) &&
	    !b->assume_role_session_name.v && !b->assume_role_session_name.expr) {
		f = findings_add(fs, F_TF_ASSUME_ROLE_MISSING_SESSION_NAME,
				 where(&b->assume_role_arn, b));
		finding_set(f, "block", "%s", name.buf);
		finding_set(f, "role", "%s", shown(&b->assume_role_arn));
	}
	if (!is_backend)
		goto done;

	/* backend-only checks */
	if (b->use_legacy_workflow.v || b->use_legacy_workflow.expr) {
		struct strbuf d = STRBUF_INIT;
		if (v->terraform >= 1008000)
			strbuf_addf(&d,
				    "; Terraform %s no longer has the argument and init fails with "
				    "\"Unsupported argument\"",
				    v->terraform_text);
		else if (is_true(&b->use_legacy_workflow) && (b->profile.v || b->profile.expr))
			strbuf_addf(&d, ": keys in the environment win over profile %s",
				    shown(&b->profile));
		else if (is_true(&b->use_legacy_workflow))
			strbuf_addstr(&d, ": keys in the environment win over any profile");
		f = findings_add(fs, F_TF_BACKEND_LEGACY_WORKFLOW,
				 where(&b->use_legacy_workflow, b));
		finding_set(f, "value", "%s", shown(&b->use_legacy_workflow));
		finding_set(f, "detail", "%s", d.buf);
		strbuf_release(&d);
	}
	if ((b->legacy_role_arn.v || b->legacy_role_arn.expr) &&
	    (v->terraform < 0 || v->terraform >= 1006000) &&
	    b->legacy_role_arn.from.kind == ORIGIN_FILE) {
		struct strbuf d = STRBUF_INIT, val = STRBUF_INIT;
		if (b->assume_role_blocks)
			strbuf_addstr(&d, " next to an assume_role block: Terraform refuses both "
					  "(\"Conflicting Parameters\")");
		else if (v->terraform >= 1010000)
			strbuf_addf(&d,
				    "; Terraform %s removed it: init fails with \"Unsupported "
				    "argument\"",
				    v->terraform_text);
		else
			strbuf_addstr(&d, "; Terraform 1.6 to 1.9 warn, 1.10 and later refuse it");
		if (b->legacy_role_arn.v)
			strbuf_addf(&val, "\"%s\"", b->legacy_role_arn.v);
		else
			strbuf_addstr(&val, b->legacy_role_arn.expr);
		f = findings_add(fs, F_TF_DEPRECATED_BACKEND_ROLE_ARN,
				 where(&b->legacy_role_arn, b));
		finding_set(f, "arg", "%s", "role_arn");
		finding_set(f, "detail", "%s", d.buf);
		finding_set(f, "value", "%s", val.buf);
		strbuf_release(&d);
		strbuf_release(&val);
	}
done:
	strbuf_release(&name);
}

/* how a block gets its credentials, for provider-vs-backend-identity */
static void identity(struct strbuf *sb, const struct tf_auth_block *b)
{
	if (b->access_key.v || b->access_key.expr) {
		if (b->access_key.v &&
		    textkeys_is_key_id(b->access_key.v, strlen(b->access_key.v))) {
			char *m = redact_key_id_dup(b->access_key.v);
			strbuf_addf(sb, "uses access_key %s", m);
			free(m);
		} else {
			strbuf_addf(sb, "uses access_key %s",
				    b->access_key.expr ? b->access_key.expr : "(a literal)");
		}
	} else if (b->profile.v || b->profile.expr) {
		strbuf_addf(sb, "uses profile %s", shown(&b->profile));
	} else {
		strbuf_addstr(sb,
			      "uses the default chain (environment, AWS_PROFILE, default profile)");
	}
	if (b->assume_role_arn.v || b->assume_role_arn.expr)
		strbuf_addf(sb, ", then assumes %s", shown(&b->assume_role_arn));
	if (b->region.v || b->region.expr)
		strbuf_addf(sb, ", region %s", shown(&b->region));
}

static const struct tf_auth_block *default_provider(const struct tf_config *c)
{
	/* the root module's; a provider block in a called module is not it */
	for (size_t i = 0; i < c->nproviders; i++)
		if (!c->providers[i].alias && c->provider_depth[i] == 0)
			return &c->providers[i];
	return NULL;
}

static int same(const struct tf_value *a, const struct tf_value *b)
{
	const char *x = shown(a), *y = shown(b);
	return !strcmp(x, y);
}

static void versions(struct findings *fs, const struct tf_config *c, const struct tf_versions *v,
		     int versions_given)
{
	struct finding *f;
	long hi;

	if (!c->nproviders && !c->provider_required && !c->backend.present)
		return;
	if (c->nproviders || c->provider_required) {
		const struct tf_value *pc = &c->provider_constraint;
		hi = pc->v ? tf_version_highest(pc->v) : -1;
		if (!pc->v) {
			const struct origin *o =
				c->provider_required ? &pc->from : &c->providers[0].at;
			f = findings_add(fs, F_TF_PROVIDER_VERSION_UNPINNED,
					 o->kind != ORIGIN_NONE ? o : &c->providers[0].at);
			finding_set(f, "detail", "%s",
				    c->provider_required
					    ? "required_providers names aws without a version "
					      "constraint"
					    : "no required_providers entry pins the aws provider; "
					      "init takes the newest release");
		} else if (hi < 0) {
			f = findings_add(fs, F_TF_PROVIDER_VERSION_UNPINNED, &pc->from);
			finding_set(f, "detail",
				    "the aws provider constraint \"%s\" has no upper bound; "
				    "init may move to a new major version",
				    pc->v);
		}
		if (v->provider >= 0 && v->provider < 4000000) {
			f = findings_add(fs, F_TF_PROVIDER_VERSION_OLD,
					 c->lock_version.v ? &c->lock_version.from : &pc->from);
			finding_set(f, "version", "%s", v->provider_text);
			finding_set(f, "from", "%s",
				    c->lock_version.v ? ".terraform.lock.hcl"
				    : versions_given  ? "--provider-version"
						      : "the constraint in required_providers");
		}
	}
	if (c->backend.present && !strcmp(c->backend.type, "s3") && !c->required_version.v &&
	    v->terraform < 0) {
		f = findings_add(fs, F_TF_TERRAFORM_VERSION_UNKNOWN, &c->backend.at);
		(void)f;
	}
}

static int names_identity(const struct tf_auth_block *b)
{
	return b->profile.v || b->profile.expr || b->access_key.v || b->access_key.expr ||
	       b->assume_role_arn.v || b->assume_role_arn.expr || b->legacy_role_arn.v ||
	       b->legacy_role_arn.expr;
}

/* The AWS CLI command that tests the backend's identity (profile or role it names). */
static void backend_command(struct strbuf *sb, const struct tf_auth_block *b)
{
	const struct tf_value *role =
		b->assume_role_arn.v ? &b->assume_role_arn
		: b->legacy_role_arn.v ? &b->legacy_role_arn : NULL;

	if (b->shared_config_files[0].v)
		strbuf_addf(sb, "AWS_CONFIG_FILE=%s ", b->shared_config_files[0].v);
	if (b->shared_credentials_files[0].v)
		strbuf_addf(sb, "AWS_SHARED_CREDENTIALS_FILE=%s ", b->shared_credentials_files[0].v);

	if (role)
		strbuf_addf(sb, "aws sts assume-role --role-arn %s --role-session-name tfauth-test",
			    role->v);
	else if (b->profile.v)
		strbuf_addstr(sb, "aws sts get-caller-identity");
	else
		strbuf_addstr(sb, "tfauth whoami");
	if (b->profile.v)
		strbuf_addf(sb, " --profile %s", b->profile.v);
}

/*
 * provider-vs-backend-identity (warning) when the provider names a profile
 * or keys and the backend names nothing, so init and plan authenticate
 * differently by accident; backend-own-identity (info) when the backend
 * names its own on purpose, or the provider only assumes a role from the
 * same base credentials.
 */
static void provider_vs_backend(struct findings *fs, const struct tf_config *c,
				const struct env *env)
{
	const struct tf_auth_block *p = default_provider(c), *b = &c->backend;
	struct strbuf ps = STRBUF_INIT, bs = STRBUF_INIT, fix = STRBUF_INIT;
	const char *ap = env ? env_get_nonempty(env, "AWS_PROFILE") : NULL;
	struct finding *f;

	if (!p || !b->present || strcmp(b->type, "s3"))
		return;
	if (same(&p->access_key, &b->access_key) && same(&p->profile, &b->profile) &&
	    same(&p->assume_role_arn, &b->assume_role_arn))
		return;
	identity(&ps, p);
	identity(&bs, b);
	if (names_identity(b) || (!p->profile.v && !p->profile.expr && !p->access_key.v &&
				  !p->access_key.expr)) {
		backend_command(&fix, b);
		f = findings_add(fs, F_TF_BACKEND_OWN_IDENTITY, &b->at);
		finding_set(f, "command", "%s", fix.buf);
	} else if (p->profile.v && ap && !strcmp(ap, p->profile.v) && !p->access_key.v &&
		   !p->access_key.expr) {
		goto done; /* AWS_PROFILE gives the backend the provider's profile */
	} else {
		if (p->profile.v)
			strbuf_addf(&fix,
				    "add profile = \"%s\" to the backend \"s3\" block (or terraform "
				    "init -backend-config=\"profile=%s\"), so init uses the "
				    "provider's credentials",
				    p->profile.v, p->profile.v);
		else
			strbuf_addstr(&fix, "give the backend \"s3\" block the same profile or "
					    "role as the provider, or terraform init "
					    "-backend-config=\"profile=NAME\"");
		f = findings_add(fs, F_TF_PROVIDER_VS_BACKEND, &b->at);
		finding_set(f, "hint", "%s", fix.buf);
	}
	finding_set(f, "pside", "%s", ps.buf);
	finding_set(f, "bside", "%s", bs.buf);
done:
	strbuf_release(&ps);
	strbuf_release(&bs);
	strbuf_release(&fix);
}

static int list_has(const char *list, const char *acct)
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

static void allowed_accounts(struct findings *fs, const struct tf_auth_block *b,
			     const struct env *env)
{
	const char *key = NULL, *src = NULL;
	char acct[13], *masked;
	struct finding *f;
	const struct tf_value *arg = NULL;
	int bad = 0;

	if (b->access_key.v) {
		key = b->access_key.v;
		src = "access_key";
	} else if (env && !b->profile.v && !b->profile.expr && !b->access_key.expr &&
		   !b->assume_role_blocks && env_get_nonempty(env, "AWS_ACCESS_KEY_ID")) {
		key = env_get_nonempty(env, "AWS_ACCESS_KEY_ID");
		src = "AWS_ACCESS_KEY_ID";
	}
	if (!key || b->assume_role_blocks || keyid_account(key, strlen(key), acct) != 0)
		return;
	if (b->allowed_account_ids.v && !list_has(b->allowed_account_ids.v, acct)) {
		arg = &b->allowed_account_ids;
		bad = 1;
	} else if (b->forbidden_account_ids.v && list_has(b->forbidden_account_ids.v, acct)) {
		arg = &b->forbidden_account_ids;
		bad = 2;
	}
	if (!bad)
		return;
	masked = redact_key_id_dup(key);
	f = findings_add(fs, F_TF_ALLOWED_ACCOUNT_IDS_MISMATCH, &arg->from);
	finding_set(f, "key", "%s (%s)", masked, src);
	finding_set(f, "account", "%s", acct);
	finding_set(f, "detail", "%s",
		    bad == 1 ? "which is not in allowed_account_ids"
			     : "which is in forbidden_account_ids");
	finding_set(f, "allowed", "%s", bad == 1 ? b->allowed_account_ids.v : "not forbidden");
	finding_set(f, "arg", "%s", bad == 1 ? "allowed_account_ids" : "forbidden_account_ids");
	free(masked);
}

void check_tf_config_only(struct findings *fs, const struct tf_config *c, const struct env *env,
			  const struct tf_versions *v, int versions_given)
{
	for (size_t i = 0; i < c->nproviders; i++)
		allowed_accounts(fs, &c->providers[i], env);
	versions(fs, c, v, versions_given);
	provider_vs_backend(fs, c, env);
}

/* keys in variable values: defaults in .tf files, .tfvars, *.auto.tfvars */
static void variable_keys(struct findings *fs, const struct tf_config *c)
{
	for (size_t i = 0; i < c->nvars; i++) {
		const struct tf_var *x = &c->vars[i];
		struct finding *f;
		char acct[13], *masked;

		if (!x->value || x->from.kind != ORIGIN_FILE ||
		    !textkeys_is_key_id(x->value, strlen(x->value)) ||
		    keyid_is_example(x->value, strlen(x->value)))
			continue;
		masked = redact_key_id_dup(x->value);
		f = findings_add(fs, F_TF_HARDCODED_ACCESS_KEY, &x->from);
		finding_set(f, "what", "%s",
			    !strncmp(x->value, "ASIA", 4) ? "temporary access key id"
							  : "access key id");
		finding_set(f, "key", "%s", masked);
		if (keyid_account(x->value, strlen(x->value), acct) == 0)
			finding_set(f, "account", " (account %s)", acct);
		else
			finding_set(f, "account", "%s", "");
		finding_set(f, "place", "the value of variable %s", x->name);
		finding_set(f, "pair", "%s", "");
		finding_set(
			f, "remove",
			"remove it from %s (pass a value at run time with TF_VAR_%s if you must)",
			x->from.name, x->name);
		free(masked);
	}
}

void check_tf_config(struct findings *fs, const struct tf_config *c, const struct env *env,
		     const struct tf_versions *v, int versions_given)
{
	variable_keys(fs, c);
	for (size_t i = 0; i < c->nproviders; i++)
		check_tf_block(fs, &c->providers[i], 0, v);
	check_tf_block(fs, &c->backend, 1, v);
	check_tf_config_only(fs, c, env, v, versions_given);
}

static void version_text(struct tf_pool *pool, long v, const char **out)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld.%ld.%ld", v / 1000000, v / 1000 % 1000, v % 1000);
	*out = tf_pool_dup(pool, buf, strlen(buf));
}

static void constraint_text(struct tf_pool *pool, const char *constraint, const char **out)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "\"%s\"", constraint);
	*out = tf_pool_dup(pool, sb.buf, sb.len);
	strbuf_release(&sb);
}

void tf_versions_init(struct tf_versions *v, const struct tf_config *c, const char *terraform_arg,
		      const char *provider_arg, struct tf_pool *pool)
{
	v->terraform = v->provider = -1;
	v->terraform_text = v->provider_text = NULL;
	if (terraform_arg && tf_version_parse(terraform_arg) >= 0)
		v->terraform = tf_version_parse(terraform_arg);
	else if (c && c->required_version.v)
		v->terraform = tf_version_highest(c->required_version.v);
	if (provider_arg && tf_version_parse(provider_arg) >= 0)
		v->provider = tf_version_parse(provider_arg);
	else if (c && c->lock_version.v)
		v->provider = tf_version_parse(c->lock_version.v);
	else if (c && c->provider_constraint.v)
		v->provider = tf_version_highest(c->provider_constraint.v);
	if (v->terraform >= 0)
		version_text(pool, v->terraform, &v->terraform_text);
	if (v->provider >= 0)
		version_text(pool, v->provider, &v->provider_text);
	/* a version derived from a constraint is a range, say so */
	if (v->terraform >= 0 && !(terraform_arg && tf_version_parse(terraform_arg) >= 0))
		constraint_text(pool, c->required_version.v, &v->terraform_text);
	if (v->provider >= 0 && !(provider_arg && tf_version_parse(provider_arg) >= 0) &&
	    !(c && c->lock_version.v))
		constraint_text(pool, c->provider_constraint.v, &v->provider_text);
}
