/*
 * terraform.c - checks on provider "aws" blocks, the S3 backend and the
 * versions (terraform-aws-auth.md §0-§2). What each check knows:
 *   - provider arguments access_key/secret_key/token beat every other
 *     source (§1.1); the backend is configured separately (§1.7);
 *   - the backend's role: top-level role_arn & co. up to 1.9 (deprecated
 *     from 1.6, gone in 1.10), the attribute assume_role = { ... } from 1.6,
 *     never a block; both at once is refused. Judged against the Terraform
 *     versions required_version and .terraform-version allow (a range);
 *     use_legacy_workflow exists only in 1.6/1.7;
 *   - .terraform.lock.hcl pins the provider: init keeps it, and fails when
 *     the constraint no longer allows it;
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

/*
 * An opt-in region in region is no problem by itself (long-term keys and v2
 * tokens work there): doctor's chain stage judges the token Terraform sends.
 * A name the SDK does not know stops the provider with Invalid AWS Region;
 * report it when it is malformed or a typo of a known region (a name of the
 * right shape that is not a typo may be a region newer than the table).
 */
static void regions(struct findings *fs, const struct tf_auth_block *b, const char *name)
{
	const struct region *r;
	const char *v = b->region.v, *sug;
	struct finding *f;

	if (b->sts_region.v && (r = region_find(b->sts_region.v)) && r->opt_in) {
		f = findings_add(fs, F_TF_STS_REGION_OPT_IN, where(&b->sts_region, b));
		finding_set(f, "block", "%s", name);
		finding_set(f, "region", "%s", r->name);
		finding_set(f, "display", "%s", r->display);
	}
	if (!v || !*v || region_find(v))
		return;
	if (region_name_valid(v) && !region_is_typo(v))
		return;
	sug = region_suggest(v);
	f = findings_add(fs, F_TF_REGION_INVALID, where(&b->region, b));
	finding_set(f, "block", "%s", name);
	finding_set(f, "value", "%s", v);
	if (strpbrk(v, " \t\r\n"))
		finding_set(f, "detail", "%s", "the value has whitespace around or in it");
	else if (sug)
		finding_set(f, "detail", "not an AWS region; did you mean %s?", sug);
	else
		finding_set(f, "detail", "%s", "not a region name (regions look like eu-west-1)");
	finding_set(f, "suggest", "%s", sug ? sug : "<region, e.g. us-east-1>");
}

static const char *shown(const struct tf_value *v)
{
	return v->v ? v->v : v->expr ? v->expr : "";
}

/* ---- the S3 backend's assume_role (Terraform 1.5 / 1.6-1.9 / 1.10+) ---- */

/* the top-level arguments 1.6 deprecated and 1.10 removed, and their nested names */
static const struct {
	const char *arg, *nested;
	size_t off;
} legacy_args[] = {
	{"role_arn", "role_arn", offsetof(struct tf_auth_block, legacy_role_arn)},
	{"session_name", "session_name", offsetof(struct tf_auth_block, legacy_session_name)},
	{"external_id", "external_id", offsetof(struct tf_auth_block, legacy_external_id)},
	{"assume_role_duration_seconds", "duration",
	 offsetof(struct tf_auth_block, legacy_duration)},
	{"assume_role_policy", "policy", offsetof(struct tf_auth_block, legacy_policy)},
	{"assume_role_policy_arns", "policy_arns",
	 offsetof(struct tf_auth_block, legacy_policy_arns)},
	{"assume_role_tags", "tags", offsetof(struct tf_auth_block, legacy_tags)},
	{"assume_role_transitive_tag_keys", "transitive_tag_keys",
	 offsetof(struct tf_auth_block, legacy_transitive_tag_keys)},
};

static const struct tf_value *legacy_arg(const struct tf_auth_block *b, size_t i)
{
	return (const struct tf_value *)((const char *)b + legacy_args[i].off);
}

static int set(const struct tf_value *v)
{
	return v->v || v->expr;
}

/* a value as it would be written in HCL: "string", or the expression's text */
static void hcl_value(struct strbuf *sb, const struct tf_value *v, int number)
{
	if (v->v && !number)
		strbuf_addf(sb, "\"%s\"", v->v);
	else
		strbuf_addstr(sb, v->v ? v->v : v->expr);
}

/*
 * What the backend's role arguments say: the top-level names set (args),
 * where the first is, and the parts of the fix: the role (role) and the
 * other nested attributes (more, ", session_name = ..." or the top-level
 * spelling when top is set).
 */
struct role_args {
	struct strbuf args, role, more;
	const struct origin *first;
	int n;
};

static void role_args_read(struct role_args *r, const struct tf_auth_block *b, int top)
{
	memset(r, 0, sizeof(*r));
	strbuf_init(&r->args, 0);
	strbuf_init(&r->role, 0);
	strbuf_init(&r->more, 0);
	for (size_t i = 0; i < ARRAY_SIZE(legacy_args); i++) {
		const struct tf_value *x = legacy_arg(b, i);
		/*
		 * Line 0: recorded in .terraform/terraform.tfstate by an init that
		 * worked (an older Terraform, -backend-config); the next init
		 * replaces it, so only the configuration's own arguments are judged.
		 */
		if (!set(x) || (x->from.kind == ORIGIN_FILE && !x->from.line))
			continue;
		if (r->n++)
			strbuf_addstr(&r->args, ", ");
		strbuf_addstr(&r->args, legacy_args[i].arg);
		if (!r->first || (x->from.line && x->from.line < r->first->line))
			r->first = &x->from;
	}
	/* the role: the attribute's (or block's) when there is one, else the top-level one */
	if (set(&b->assume_role_arn) && strcmp(shown(&b->assume_role_arn), "(no role_arn)"))
		hcl_value(&r->role, &b->assume_role_arn, 0);
	else if (set(&b->legacy_role_arn))
		hcl_value(&r->role, &b->legacy_role_arn, 0);
	else
		strbuf_addstr(&r->role, "\"arn:aws:iam::ACCOUNT:role/NAME\"");
	if (set(&b->assume_role_session_name)) {
		strbuf_addstr(&r->more, top ? "\nsession_name = " : ", session_name = ");
		hcl_value(&r->more, &b->assume_role_session_name, 0);
	}
	if (set(&b->assume_role_external_id)) {
		strbuf_addstr(&r->more, top ? "\nexternal_id = " : ", external_id = ");
		hcl_value(&r->more, &b->assume_role_external_id, 0);
	}
	if (top)
		return;
	for (size_t i = 1; i < ARRAY_SIZE(legacy_args); i++) {
		const struct tf_value *x = legacy_arg(b, i);
		if (!set(x) || (i == 1 && set(&b->assume_role_session_name)) ||
		    (i == 2 && set(&b->assume_role_external_id)))
			continue;
		strbuf_addf(&r->more, ", %s = ", legacy_args[i].nested);
		if (i == 3 && x->v) /* seconds became a Go duration string */
			strbuf_addf(&r->more, "\"%ss\"", x->v);
		else if (i == 3)
			strbuf_addf(&r->more, "\"${%s}s\"", x->expr);
		else
			hcl_value(&r->more, x, x->v && i >= 5);
	}
}

static void role_args_release(struct role_args *r)
{
	strbuf_release(&r->args);
	strbuf_release(&r->role);
	strbuf_release(&r->more);
}

static void role_fix(struct finding *f, const struct role_args *r)
{
	finding_set(f, "role", "%s", r->role.buf);
	finding_set(f, "extra_more", "%s", r->more.buf);
}

static const char *tf_range(const struct tf_versions *v)
{
	return v->terraform_text ? v->terraform_text : "?";
}

static void backend_assume_role(struct findings *fs, const struct tf_auth_block *b,
				const struct tf_versions *v)
{
	/* which Terraform may run: only < 1.6, only >= 1.10, or unknown / in between */
	int old = v->terraform_hi >= 0 && v->terraform_hi < 1006000;
	int gone = v->terraform_lo >= 1010000;
	struct role_args r;
	struct finding *f;

	role_args_read(&r, b, 0);
	if (b->assume_role_blocks) {
		f = findings_add(fs, F_TF_BACKEND_ASSUME_ROLE_BLOCK, &b->assume_role_at);
		role_fix(f, &r);
		finding_set(f, "extra_old", "%s", "");
		if (old) {
			/* Terraform < 1.6 has no assume_role at all: the top-level form */
			struct role_args t;
			role_args_read(&t, b, 1);
			finding_set(f, "extra_old",
				    "\nTerraform %s (%s) takes neither; there the role goes at "
				    "the top level:\nrole_arn = %s%s",
				    tf_range(v), v->terraform_from ? v->terraform_from : "?",
				    t.role.buf, t.more.buf);
			role_args_release(&t);
		}
	}
	if (b->assume_role_attr && old) {
		struct role_args t;
		role_args_read(&t, b, 1);
		f = findings_add(fs, F_TF_BACKEND_ASSUME_ROLE_UNSUPPORTED, &b->assume_role_at);
		finding_set(f, "version", "%s", tf_range(v));
		finding_set(f, "from", "%s", v->terraform_from ? v->terraform_from : "?");
		role_fix(f, &t);
		role_args_release(&t);
	} else if (b->assume_role_attr && r.n) {
		f = findings_add(fs, F_TF_BACKEND_ROLE_ARN_CONFLICT, r.first);
		finding_set(f, "arg", "%s", r.args.buf);
		finding_set(f, "why", "%s",
			    gone ? "\"Unsupported argument\" (Terraform 1.10 removed them)"
				 : "\"Conflicting Parameters\" (1.6 to 1.9) or \"Unsupported "
				   "argument\" (1.10 and later)");
		role_fix(f, &r);
	} else if (r.n && gone) {
		f = findings_add(fs, F_TF_BACKEND_ROLE_ARN_REMOVED, r.first);
		finding_set(f, "arg", "%s", r.args.buf);
		finding_set(f, "version", "%s", tf_range(v));
		finding_set(f, "from", "%s", v->terraform_from ? v->terraform_from : "?");
		role_fix(f, &r);
	} else if (r.n && !old && !b->assume_role_blocks) {
		f = findings_add(fs, F_TF_DEPRECATED_BACKEND_ROLE_ARN, r.first);
		finding_set(f, "arg", "%s", r.args.buf);
		if (v->terraform_lo >= 1006000 && v->terraform_hi >= 0)
			finding_set(f, "detail",
				    "; Terraform %s warns (\"Deprecated Parameters\"), and 1.10 "
				    "and later refuse it",
				    tf_range(v));
		else if (v->terraform_text)
			finding_set(f, "detail",
				    "; Terraform %s allows 1.10 and later, which refuse it "
				    "(\"Unsupported argument\"); 1.6 to 1.9 warn",
				    tf_range(v));
		else
			finding_set(f, "detail", "%s",
				    "; Terraform 1.6 to 1.9 warn, 1.10 and later refuse it "
				    "(\"Unsupported argument\")");
		role_fix(f, &r);
	}
	role_args_release(&r);
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
	if ((b->assume_role_blocks || b->assume_role_attr) &&
	    (b->assume_role_arn.v || b->assume_role_arn.expr) && !b->assume_role_session_name.v &&
	    !b->assume_role_session_name.expr) {
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
		if (v->terraform_lo >= 1008000)
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
	backend_assume_role(fs, b, v);
done:
	strbuf_release(&name);
}

/* how a block gets its credentials, for provider-vs-backend-identity */
static void identity(struct strbuf *sb, const struct tf_auth_block *b, const struct tf_value *role)
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
	if (set(role))
		strbuf_addf(sb, ", then assumes %s", shown(role));
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
		const struct tf_value *pc = &c->provider_constraint, *lk = &c->lock_version;
		long locked = lk->v ? tf_version_parse(lk->v) : -1;
		hi = pc->v ? tf_version_highest(pc->v) : -1;
		if (locked >= 0 && pc->v && tf_version_satisfies(pc->v, locked) == 0) {
			f = findings_add(fs, F_TF_PROVIDER_LOCK_MISMATCH, &lk->from);
			finding_set(f, "where", "%s:%u", lk->from.name, lk->from.line);
			finding_set(f, "version", "%s", lk->v);
			finding_set(f, "constraint", "%s", pc->v);
			if (pc->from.kind == ORIGIN_FILE)
				finding_set(f, "cwhere", "%s:%u", pc->from.name, pc->from.line);
			else
				finding_set(f, "cwhere", "%s", "required_providers");
		} else if (locked >= 0 && (!pc->v || hi < 0)) {
			/* terraform init keeps the locked version: nothing moves on its own */
			f = findings_add(fs, F_TF_PROVIDER_VERSION_LOCKED, &lk->from);
			finding_set(f, "version", "%s", lk->v);
			finding_set(f, "where", "%s:%u", lk->from.name, lk->from.line);
			if (!pc->v)
				finding_set(f, "detail", "%s",
					    "; required_providers sets no version constraint, so "
					    "only terraform init -upgrade moves it (to the newest "
					    "release)");
			else
				finding_set(
					f, "detail",
					"; the constraint \"%s\" has no upper bound, so only "
					"terraform init -upgrade moves it (to the newest release)",
					pc->v);
			finding_set(f, "major", "%ld", locked / 1000000);
		} else if (!pc->v) {
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
	if (c->tfenv_version.v && c->required_version.v &&
	    !tf_version_satisfies(c->required_version.v, tf_version_parse(c->tfenv_version.v))) {
		const struct tf_value *t = &c->tfenv_version, *r = &c->required_version;
		f = findings_add(fs, F_TF_TERRAFORM_VERSION_FILE_MISMATCH, &t->from);
		if (t->from.kind == ORIGIN_ENV)
			finding_set(f, "where", "%s", t->from.name);
		else
			finding_set(f, "where", "%s:%u", t->from.name, t->from.line);
		finding_set(f, "version", "%s", t->v);
		finding_set(f, "constraint", "%s", r->v);
		finding_set(f, "cwhere", "%s:%u", r->from.name, r->from.line);
		finding_set(f, "file", "%s", t->from.name);
		finding_set(
			f, "extra_tfenv", "%s",
			t->from.kind == ORIGIN_ENV || strstr(t->from.name, ".terraform-version")
				? " (tfenv: echo latest-allowed > .terraform-version installs the "
				  "newest one it allows)"
				: "");
	}
	if (c->backend.present && !strcmp(c->backend.type, "s3") && !c->required_version.v &&
	    v->terraform < 0 && !v->terraform_from) {
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
				const struct env *env, const struct tf_versions *v)
{
	const struct tf_auth_block *p = default_provider(c), *b = &c->backend;
	const struct tf_value *brole;
	struct strbuf ps = STRBUF_INIT, bs = STRBUF_INIT, fix = STRBUF_INIT;
	const char *ap = env ? env_get_nonempty(env, "AWS_PROFILE") : NULL;
	struct finding *f;

	if (!p || !b->present || strcmp(b->type, "s3") || b->partial)
		return;
	/* the backend's role: assume_role = {...}, or the top-level role_arn before 1.10 */
	brole = set(&b->assume_role_arn) || v->terraform_lo >= 1010000 ? &b->assume_role_arn
								       : &b->legacy_role_arn;
	if (same(&p->access_key, &b->access_key) && same(&p->profile, &b->profile) &&
	    same(&p->assume_role_arn, brole))
		return;
	identity(&ps, p, &p->assume_role_arn);
	identity(&bs, b, brole);
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

	/*
	 * Keys written in the block. doctor (env given) checks every other
	 * source from the resolved chain (checks/chain.c allowed_accounts).
	 */
	(void)env;
	if (b->access_key.v) {
		key = b->access_key.v;
		src = "access_key";
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

void check_tf_parse_errors(struct findings *fs, const struct diags *d)
{
	enum { PER_FILE = 5 };

	for (size_t i = 0; i < d->nr; i++) {
		const struct diag *x = &d->v[i];
		size_t before = 0;
		struct finding *f;

		if (x->level != DIAG_ERROR)
			continue;
		for (size_t j = 0; j < i && before < PER_FILE; j++)
			before += d->v[j].level == DIAG_ERROR && !strcmp(d->v[j].file, x->file);
		if (before >= PER_FILE)
			continue;
		f = findings_add(fs, F_TF_PARSE_ERROR, &ORIGIN_AT(x->file, x->line, x->col));
		finding_set(f, "detail", "%s", x->msg);
	}
}

void check_tf_backend_partial(struct findings *fs, const struct tf_auth_block *b, int named)
{
	if (b->partial)
		findings_add(fs, F_TF_BACKEND_PARTIAL, &b->at);
	else if (b->present && b->config_file && !named)
		finding_set(findings_add(fs, F_TF_BACKEND_CONFIG_FILE, &b->at), "file", "%s",
			    b->config_file);
}

void check_tf_config_only(struct findings *fs, const struct tf_config *c, const struct env *env,
			  const struct tf_versions *v, int versions_given)
{
	for (size_t i = 0; i < c->nproviders; i++)
		allowed_accounts(fs, &c->providers[i], env);
	versions(fs, c, v, versions_given);
	provider_vs_backend(fs, c, env, v);
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

void tf_versions_unknown(struct tf_versions *v)
{
	memset(v, 0, sizeof(*v));
	v->terraform = v->provider = v->terraform_hi = -1;
}

/* lo..hi from a required_version constraint; 0 when it could be read */
static int required_range(struct tf_versions *v, const char *req, struct tf_pool *pool)
{
	long lo, hi;

	if (!req || (tf_version_bounds(req, &lo, &hi) < 0 && lo == 0 && hi < 0))
		return -1;
	v->terraform_lo = lo;
	v->terraform_hi = hi;
	v->terraform = hi;
	constraint_text(pool, req, &v->terraform_text);
	v->terraform_from = "required_version";
	return 0;
}

void tf_versions_required(struct tf_versions *v, const char *required_version, struct tf_pool *pool)
{
	required_range(v, required_version, pool);
}

/*
 * tfenv's .terraform-version: an exact version, or min-required (the
 * lowest required_version allows); latest and latest:REGEX say nothing
 * tfauth can use offline.
 */
static long tfenv_point(const char *tv, const struct tf_versions *v)
{
	if (!tv)
		return -1;
	if (tf_version_parse(tv) >= 0)
		return tf_version_parse(tv);
	if (!strcmp(tv, "min-required") && v->terraform_lo > 0)
		return v->terraform_lo;
	return -1;
}

void tf_versions_init(struct tf_versions *v, const struct tf_config *c, const char *terraform_arg,
		      const char *provider_arg, struct tf_pool *pool)
{
	long p;

	tf_versions_unknown(v);
	if (terraform_arg && (p = tf_version_parse(terraform_arg)) >= 0) {
		v->terraform = v->terraform_lo = v->terraform_hi = p;
		version_text(pool, p, &v->terraform_text);
		v->terraform_from = "--terraform-version";
	} else if (c) {
		int req = required_range(v, c->required_version.v, pool) == 0;
		if ((p = tfenv_point(c->tfenv_version.v, v)) >= 0) {
			/* what tfenv runs; outside required_version, Terraform refuses to */
			v->terraform = v->terraform_lo = v->terraform_hi = p;
			version_text(pool, p, &v->terraform_text);
			const char *n =
				c->tfenv_version.from.name ? c->tfenv_version.from.name : "";
			const char *base = strrchr(n, '/') ? strrchr(n, '/') + 1 : n;
			struct strbuf sb = STRBUF_INIT;
			if (c->tfenv_version.from.kind == ORIGIN_ENV)
				strbuf_addstr(&sb, "TFENV_TERRAFORM_VERSION");
			else
				strbuf_addf(&sb, "%s%s", req ? "required_version and " : "", base);
			v->terraform_from = tf_pool_dup(pool, sb.buf, sb.len);
			strbuf_release(&sb);
		}
	}
	if (provider_arg && tf_version_parse(provider_arg) >= 0)
		v->provider = tf_version_parse(provider_arg);
	else if (c && c->lock_version.v && tf_version_parse(c->lock_version.v) >= 0)
		v->provider = tf_version_parse(c->lock_version.v);
	else if (c && c->provider_constraint.v)
		v->provider = tf_version_highest(c->provider_constraint.v);
	if (v->provider >= 0)
		version_text(pool, v->provider, &v->provider_text);
	/* a version derived from a constraint is a range, say so */
	if (v->provider >= 0 && !(provider_arg && tf_version_parse(provider_arg) >= 0) &&
	    !(c && c->lock_version.v && tf_version_parse(c->lock_version.v) >= 0))
		constraint_text(pool, c->provider_constraint.v, &v->provider_text);
}
