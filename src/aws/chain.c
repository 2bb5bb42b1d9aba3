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
 * findings by checks/chain.c). Nothing here prints, runs a process or
 * touches the network; the only files read are the one SSO token and the
 * one CLI cache entry a profile names, and web identity token files.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "aws/cache.h"
#include "aws/chain.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

struct rctx {
	const struct facts *f;
	const struct env *e;
	const struct chain_view *v;
	struct chain_result *r;
	enum chain_target t;
	enum dialect d;
	const struct tf_auth_block *b; /* the provider/backend block, NULL when absent */
};

/* A profile as one dialect assembles it from the files. */
struct prof {
	struct chain_section m; /* merged (go) or full_config (botocore) */
	const struct chain_section *cred_only, *config_only; /* botocore's single-file views */
	int exists;
	int partial;            /* go: the last file that has it holds half a key pair */
	const char *partial_file;
};

static const char *own(struct chain_result *r, const char *s)
{
	if (!s)
		return NULL;
	ALLOC_GROW(r->owned, r->nowned + 1, r->aowned);
	return r->owned[r->nowned++] = xstrdup(s);
}

static const char *ownf(struct chain_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static const char *ownf(struct chain_result *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ALLOC_GROW(r->owned, r->nowned + 1, r->aowned);
	return r->owned[r->nowned++] = strbuf_detach(&sb, NULL);
}

static struct origin own_origin(struct chain_result *r, const struct origin *o)
{
	struct origin x = o ? *o : (struct origin){ ORIGIN_NONE, NULL, 0, 0 };

	x.name = own(r, x.name);
	return x;
}

static void loser(struct rctx *c, const struct origin *from, const char *source, const char *why)
{
	struct chain_loser *l;

	if (c->r->nlosers == CHAIN_MAX_LOSERS)
		return;
	for (size_t i = 0; i < c->r->nlosers; i++)
		if (!strcmp(c->r->losers[i].source, source))
			return;
	l = &c->r->losers[c->r->nlosers++];
	l->source = xstrdup(source);
	l->why = xstrdup(why);
	l->from = own_origin(c->r, from);
}

static struct chain_note *note(struct rctx *c, const char *kind, const char *profile,
			       const struct origin *from, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static struct chain_note *note(struct rctx *c, const char *kind, const char *profile,
			       const struct origin *from, const char *fmt, ...)
{
	static struct chain_note sink;
	struct chain_note *n;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (c->r->nnotes == CHAIN_MAX_NOTES) {
		memset(&sink, 0, sizeof(sink));
		return &sink;
	}
	n = &c->r->notes[c->r->nnotes++];
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	n->kind = kind;
	n->profile = profile ? xstrdup(profile) : NULL;
	n->detail = strbuf_detach(&sb, NULL);
	n->from = own_origin(c->r, from);
	return n;
}

static int fail(struct rctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct rctx *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ALLOC_GROW(c->r->owned, c->r->nowned + 1, c->r->aowned);
	c->r->creds.error = c->r->owned[c->r->nowned++] = strbuf_detach(&sb, NULL);
	return -1;
}

static const char *kv_val(const struct chain_section *s, const char *key)
{
	const struct chain_kv *kv = chain_section_get(s, key);

	return kv ? kv->val : NULL;
}

static const char *kv_nonempty(const struct chain_section *s, const char *key)
{
	const char *v = kv_val(s, key);

	return v && *v ? v : NULL;
}

static const struct origin *kv_from(const struct chain_section *s, const char *key)
{
	const struct chain_kv *kv = chain_section_get(s, key);

	return kv ? &kv->from : NULL;
}

/* ---- assembling a profile ---- */

static const struct chain_section *file_prof(const struct chain_file *f, const char *name)
{
	for (size_t i = 0; i < f->nprof; i++)
		if (!strcmp(f->prof[i].name, name))
			return &f->prof[i];
	return NULL;
}

static const struct chain_section *view_sso(const struct chain_view *v, const char *name)
{
	const struct chain_section *found = NULL;

	for (size_t i = 0; i < v->nconfig; i++)
		for (size_t j = 0; j < v->config[i].nsso; j++)
			if (!strcmp(v->config[i].sso[j].name, name))
				found = &v->config[i].sso[j];
	return found;
}

static void copy_key(struct chain_section *dst, const struct chain_section *src, const char *key)
{
	const struct chain_kv *kv = chain_section_get(src, key);

	if (kv)
		chain_section_set(dst, kv->key, kv->val, &kv->from);
}

/* The keys go-v2's mergeSections carries over from a later file. */
static int go_merge_key(const char *k)
{
	static const char *const keys[] = {
		"role_arn", "source_profile", "credential_source", "external_id", "mfa_serial",
		"role_session_name", "region", "endpoint_discovery_enabled", "credential_process",
		"web_identity_token_file", "use_dualstack_endpoint", "use_fips_endpoint",
		"defaults_mode", "retry_mode", "ca_bundle", "duration_seconds", "max_attempts",
		"auth_scheme_preference",
	};
	if (!strncmp(k, "s3_", 3) || !strncmp(k, "ec2_metadata_", 13) || !strncmp(k, "sso_", 4))
		return 1;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(k, keys[i]))
			return 1;
	return 0;
}

static int half_pair(const struct chain_section *s)
{
	return !kv_nonempty(s, "aws_access_key_id") != !kv_nonempty(s, "aws_secret_access_key");
}

static void go_merge(struct prof *p, const struct chain_section *src, const char *path, int v1)
{
	if (!p->exists || v1) {
		for (size_t i = 0; i < src->nr; i++)
			chain_section_set(&p->m, src->kv[i].key, src->kv[i].val, &src->kv[i].from);
	} else {
		if (kv_nonempty(src, "aws_access_key_id") && kv_nonempty(src, "aws_secret_access_key")) {
			copy_key(&p->m, src, "aws_access_key_id");
			copy_key(&p->m, src, "aws_secret_access_key");
		}
		copy_key(&p->m, src, "aws_session_token");
		for (size_t i = 0; i < src->nr; i++)
			if (go_merge_key(src->kv[i].key))
				chain_section_set(&p->m, src->kv[i].key, src->kv[i].val, &src->kv[i].from);
	}
	p->exists = 1;
	p->partial = half_pair(src);
	p->partial_file = path;
}

static void prof_load(const struct rctx *c, const char *name, struct prof *p)
{
	memset(p, 0, sizeof(*p));
	if (c->d == DIALECT_BOTOCORE) {
		/* full_config: config profiles, then credentials sections on top per key. */
		for (size_t i = 0; i < c->v->nconfig; i++) {
			const struct chain_section *s = file_prof(&c->v->config[i], name);
			if (!s)
				continue;
			p->config_only = s;
			p->exists = 1;
			for (size_t k = 0; k < s->nr; k++)
				chain_section_set(&p->m, s->kv[k].key, s->kv[k].val, &s->kv[k].from);
		}
		for (size_t i = 0; i < c->v->ncreds; i++) {
			const struct chain_section *s = file_prof(&c->v->creds[i], name);
			if (!s)
				continue;
			p->cred_only = s;
			p->exists = 1;
			for (size_t k = 0; k < s->nr; k++)
				chain_section_set(&p->m, s->kv[k].key, s->kv[k].val, &s->kv[k].from);
		}
		return;
	}
	for (size_t i = 0; i < c->v->nconfig; i++) {
		const struct chain_section *s = file_prof(&c->v->config[i], name);
		if (s)
			go_merge(p, s, c->v->config[i].path, c->d == DIALECT_GO_V1);
	}
	for (size_t i = 0; i < c->v->ncreds; i++) {
		const struct chain_section *s = file_prof(&c->v->creds[i], name);
		if (s)
			go_merge(p, s, c->v->creds[i].path, c->d == DIALECT_GO_V1);
	}
}

static void prof_release(struct prof *p)
{
	chain_section_release(&p->m);
}

/* Does the origin sit in one of the config files of the view? */
static int from_config(const struct rctx *c, const struct origin *o)
{
	if (!o || o->kind != ORIGIN_FILE || !o->name)
		return 0;
	for (size_t i = 0; i < c->v->nconfig; i++)
		if (!strcmp(c->v->config[i].path, o->name))
			return 1;
	return 0;
}

/* ---- setting the winner ---- */

static void set_keys(struct rctx *c, const char *source, const char *method, const char *profile,
		     const char *key, const char *secret, const char *token, const struct origin *from)
{
	struct resolved_creds *cr = &c->r->creds;

	cr->source = source;
	c->r->method = method;
	cr->profile = own(c->r, profile);
	cr->access_key_id = own(c->r, key);
	cr->secret_access_key = own(c->r, secret);
	cr->session_token = own(c->r, token);
	cr->from = own_origin(c->r, from);
	cr->error = NULL;
}

static void set_source(struct rctx *c, const char *source, const char *method, const char *profile,
		       const struct origin *from)
{
	set_keys(c, source, method, profile, NULL, NULL, NULL, from);
}

/* ---- pieces shared by the dialects ---- */

struct envkeys {
	const char *key, *key_var, *secret, *secret_var, *token, *token_var;
};

static void env_keys(const struct rctx *c, struct envkeys *k)
{
	const struct env *e = c->e;

	memset(k, 0, sizeof(*k));
	k->key_var = "AWS_ACCESS_KEY_ID";
	k->key = env_get_nonempty(e, k->key_var);
	k->secret_var = "AWS_SECRET_ACCESS_KEY";
	k->secret = env_get_nonempty(e, k->secret_var);
	if (c->d == DIALECT_BOTOCORE) {
		k->token_var = "AWS_SECURITY_TOKEN";
		if (!(k->token = env_get_nonempty(e, k->token_var)))
			k->token = env_get_nonempty(e, k->token_var = "AWS_SESSION_TOKEN");
		return;
	}
	if (!k->key && (k->key = env_get_nonempty(e, "AWS_ACCESS_KEY")))
		k->key_var = "AWS_ACCESS_KEY";
	if (!k->secret && (k->secret = env_get_nonempty(e, "AWS_SECRET_KEY")))
		k->secret_var = "AWS_SECRET_KEY";
	k->token = env_get_nonempty(e, k->token_var = "AWS_SESSION_TOKEN");
}

static int role_arn_ok(const char *arn)
{
	const char *p;

	if (strncmp(arn, "arn:", 4))
		return 0;
	p = strstr(arn, ":iam::");
	if (!p || strlen(p + 6) < 14)
		return 0;
	p += 6;
	for (int i = 0; i < 12; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return !strncmp(p + 12, ":role/", 6) && p[18];
}

/* The web identity token file: exists, readable, a JWT? Notes only. */
static void check_token_file(struct rctx *c, const char *path, const char *where, const char *profile,
			     const struct origin *from)
{
	struct strbuf sb = STRBUF_INIT;
	int r = strbuf_read_file(&sb, path, 1 << 20);
	struct chain_note *n;

	if (r == -ENOENT || r == -ENOTDIR) {
		n = note(c, "web-identity-missing", profile, from, "%s", path);
		n->extra = xstrdup(where);
	} else if (r) {
		n = note(c, "web-identity-unreadable", profile, from, "%s", path);
		n->extra = xstrfmt("%s\n%s", where, strerror(-r));
	} else {
		n = note(c, "web-identity-check", profile, from, "%s", path);
		n->extra = xstrdup(where);
	}
	OPENSSL_cleanse(sb.buf, sb.len);
	strbuf_release(&sb);
}

static int go_container(struct rctx *c, const char *profile)
{
	const char *rel = env_get_nonempty(c->e, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = env_get_nonempty(c->e, "AWS_CONTAINER_CREDENTIALS_FULL_URI");

	if (!rel && !full)
		return 0;
	(void)profile;
	set_source(c, "container", "container-role", NULL,
		   &ORIGIN_ENV_VAR(rel ? "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
				       : "AWS_CONTAINER_CREDENTIALS_FULL_URI"));
	return 1;
}

static int metadata_disabled(const struct rctx *c, const char **where)
{
	const char *v = env_get_nonempty(c->e, "AWS_EC2_METADATA_DISABLED");

	if (c->b && c->b->skip_metadata_api_check.v) {
		*where = c->t == TARGET_BACKEND ? "skip_metadata_api_check in the backend block"
						: "skip_metadata_api_check in the provider block";
		return !strcmp(c->b->skip_metadata_api_check.v, "true");
	}
	*where = "AWS_EC2_METADATA_DISABLED";
	return v && !strcasecmp(v, "true");
}

static int use_imds(struct rctx *c, const char *profile)
{
	const char *where;

	set_source(c, "imds", "iam-role", profile, NULL);
	c->r->imds = 1;
	if (metadata_disabled(c, &where))
		return fail(c, "no credentials found, and the instance metadata service is disabled by %s",
			    where);
	c->r->creds.error = "no credentials found before the EC2 instance metadata service "
			    "(the last link; off EC2 it times out)";
	return -1;
}

/* ---- go-v2 / go-v1 ---- */

static int go_profile(struct rctx *c, const char *name, const char **visited, int depth, int top);

/* The assumed role's own key id is not known offline: forget the base keys. */
static void forget_base_keys(struct rctx *c, const struct origin *role_at)
{
	c->r->creds.access_key_id = NULL;
	c->r->creds.secret_access_key = NULL;
	c->r->creds.session_token = NULL;
	c->r->creds.from = own_origin(c->r, role_at);
}

static int go_assume_on_top(struct rctx *c, const struct prof *p, const char *name)
{
	const char *arn = kv_nonempty(&p->m, "role_arn");

	if (!arn)
		return 0;
	forget_base_keys(c, kv_from(&p->m, "role_arn"));
	c->r->role_arn = own(c->r, arn);
	c->r->creds.source = "assume-role";
	c->r->method = "assume-role";
	c->r->creds.profile = own(c->r, name);
	return 0;
}

static int go_sso(struct rctx *c, const struct prof *p, const char *name)
{
	const char *sess = kv_nonempty(&p->m, "sso_session");
	const struct chain_section *ss = NULL;
	const char *start, *region, *acct = kv_nonempty(&p->m, "sso_account_id");
	const char *role = kv_nonempty(&p->m, "sso_role_name");
	struct strbuf missing = STRBUF_INIT;
	const char *cache_key;

	if (sess) {
		ss = view_sso(c->v, sess);
		if (!ss) {
			note(c, "sso-session-missing", name, kv_from(&p->m, "sso_session"),
			     "sso_session = %s, but there is no [sso-session %s] section", sess, sess);
			strbuf_release(&missing);
			return fail(c, "failed to find SSO session section, %s", sess);
		}
		start = kv_nonempty(ss, "sso_start_url");
		region = kv_nonempty(ss, "sso_region");
	} else {
		start = kv_nonempty(&p->m, "sso_start_url");
		region = kv_nonempty(&p->m, "sso_region");
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
		note(c, "sso-config-missing", name, kv_from(&p->m, sess ? "sso_session" : "sso_start_url"),
		     "the profile uses SSO but lacks %s", missing.buf);
		fail(c, "profile \"%s\" is configured to use SSO but is missing required configuration: %s",
		     name, missing.buf);
		strbuf_release(&missing);
		return -1;
	}
	strbuf_release(&missing);
	set_source(c, "sso", "sso", name, kv_from(&p->m, sess ? "sso_session" : "sso_start_url"));
	cache_key = sess ? sess : start;
	{
		struct chain_note *n = note(c, "sso-token", name, kv_from(&p->m, sess ? "sso_session" : "sso_start_url"),
					    "%s", cache_key);
		n->extra = xstrdup(sess ? "session" : "url");
	}
	return 0;
}

/* credential_source as go-v2 reads it (case-sensitive). */
static int go_credential_source(struct rctx *c, const struct prof *p, const char *name)
{
	const char *cs = kv_val(&p->m, "credential_source");
	struct envkeys k;

	if (!strcmp(cs, "Environment")) {
		env_keys(c, &k);
		if (!k.key || !k.secret)
			return fail(c, "credential_source = Environment in profile %s, but the environment "
				       "holds no key pair", name);
		set_keys(c, "env", "env", name, k.key, k.secret, k.token, &ORIGIN_ENV_VAR(k.key_var));
		return 0;
	}
	if (!strcmp(cs, "Ec2InstanceMetadata"))
		return use_imds(c, name);
	if (!strcmp(cs, "EcsContainer")) {
		if (!go_container(c, name))
			return fail(c, "EcsContainer was specified as the credential_source, but neither "
				       "'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' or AWS_CONTAINER_CREDENTIALS_FULL_URI' was set");
		return 0;
	}
	note(c, "assume-role", name, kv_from(&p->m, "credential_source"),
	     "credential_source = %s is not one of Environment, Ec2InstanceMetadata, EcsContainer", cs);
	return fail(c, "credential_source values must be EcsContainer, Ec2InstanceMetadata, or Environment");
}

static int go_profile(struct rctx *c, const char *name, const char **visited, int depth, int top)
{
	struct prof p;
	const char *sp, *cs, *wit, *proc, *arn;
	int n = 0, ret = -1, seen = 0;

	prof_load(c, name, &p);
	for (int i = 0; i < depth; i++)
		if (!strcmp(visited[i], name))
			seen = 1;
	if (!p.exists && !top) {
		note(c, "assume-role", visited[depth - 1], NULL,
		     "source_profile = %s names a profile that does not exist", name);
		fail(c, "failed to load assume role, of profile %s, failed to get shared config profile, %s",
		     visited[depth - 1], name);
		goto done;
	}
	if (p.exists && p.partial && c->d == DIALECT_GO_V2) {
		fail(c, "error fetching config from profile, %s, partial credentials found for profile %s "
			"(in %s)", name, name, p.partial_file);
		goto done;
	}
	sp = kv_nonempty(&p.m, "source_profile");
	cs = kv_nonempty(&p.m, "credential_source");
	wit = kv_nonempty(&p.m, "web_identity_token_file");
	proc = kv_nonempty(&p.m, "credential_process");
	arn = kv_nonempty(&p.m, "role_arn");
	if (seen) {
		/* A profile seen before keeps only its credentials (Go clears the role options). */
		sp = cs = NULL;
		arn = NULL;
		if (!(kv_nonempty(&p.m, "aws_access_key_id") && kv_nonempty(&p.m, "aws_secret_access_key"))) {
			note(c, "assume-role", name, kv_from(&p.m, "source_profile"),
			     "source_profile loops back to '%s', which has no keys of its own", name);
			fail(c, "source_profile loop through profile %s", name);
			goto done;
		}
	}
	n = !!sp + !!cs + !!wit + !!proc;
	if (n > 1) {
		note(c, "assume-role", name, kv_from(&p.m, sp ? "source_profile" : "credential_source"),
		     "more than one of source_profile, credential_source, credential_process, "
		     "web_identity_token_file is set");
		fail(c, "only one credential type may be specified per profile: source profile, credential "
			"source, credential process, web identity token");
		goto done;
	}
	if ((sp || cs || wit) && !arn) {
		const char *what = sp ? "source_profile" : cs ? "credential_source" : "web_identity_token_file";
		note(c, wit ? "web-identity-no-role" : "assume-role", name, kv_from(&p.m, what),
		     "%s is set but role_arn is not", what);
		fail(c, "credential type %s requires role_arn, profile %s", what, name);
		goto done;
	}
	if (arn && !seen) {
		if (!role_arn_ok(arn))
			note(c, "assume-role", name, kv_from(&p.m, "role_arn"),
			     "role_arn = %s is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)", arn);
		if (kv_nonempty(&p.m, "mfa_serial") && c->d == DIALECT_GO_V2) {
			note(c, "assume-role", name, kv_from(&p.m, "mfa_serial"),
			     "mfa_serial asks for an MFA code, which Terraform cannot prompt for");
			fail(c, "assume role with MFA enabled, but AssumeRoleTokenProvider session option not set");
			goto done;
		}
	}
	if (sp && !seen) {
		if (depth >= 8) {
			fail(c, "source_profile chain deeper than 8 profiles");
			goto done;
		}
		visited[depth] = name;
		if (go_profile(c, sp, visited, depth + 1, 0) < 0)
			goto done;
		forget_base_keys(c, kv_from(&p.m, "role_arn"));
		c->r->role_arn = own(c->r, arn);
		c->r->creds.source = "assume-role";
		c->r->method = "assume-role";
		c->r->creds.profile = own(c->r, name);
		ret = 0;
		goto done;
	}
	if (kv_nonempty(&p.m, "aws_access_key_id") && kv_nonempty(&p.m, "aws_secret_access_key")) {
		const struct origin *kf = kv_from(&p.m, "aws_access_key_id");
		const struct origin *tf = kv_from(&p.m, "aws_session_token");
		set_keys(c, "profile", from_config(c, kf) ? "config-file" : "shared-credentials-file", name,
			 kv_val(&p.m, "aws_access_key_id"), kv_val(&p.m, "aws_secret_access_key"),
			 kv_nonempty(&p.m, "aws_session_token"), kf);
		if (tf && kv_nonempty(&p.m, "aws_session_token") && from_config(c, tf) && !from_config(c, kf)) {
			struct chain_note *nt = note(c, "token-merged", name, tf, "%s", kf->name);
			nt->extra = xstrdup(kv_val(&p.m, "aws_access_key_id"));
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
		check_token_file(c, wit, "web_identity_token_file", name, kv_from(&p.m, "web_identity_token_file"));
		set_source(c, "web-identity", "assume-role-with-web-identity", name,
			   kv_from(&p.m, "web_identity_token_file"));
		c->r->role_arn = own(c->r, arn);
		ret = 0;
		goto done;
	}
	if (kv_nonempty(&p.m, "sso_session") || kv_nonempty(&p.m, "sso_start_url") ||
	    kv_nonempty(&p.m, "sso_account_id") || kv_nonempty(&p.m, "sso_role_name") ||
	    kv_nonempty(&p.m, "sso_region")) {
		if (go_sso(c, &p, name) < 0)
			goto done;
		ret = go_assume_on_top(c, &p, name);
		goto done;
	}
	if (proc) {
		set_source(c, "credential-process", "custom-process", name, kv_from(&p.m, "credential_process"));
		note(c, "process", name, kv_from(&p.m, "credential_process"), "%s", proc);
		ret = go_assume_on_top(c, &p, name);
		goto done;
	}
	if (c->d == DIALECT_GO_V2 && kv_nonempty(&p.m, "login_session")) {
		set_source(c, "login", "login", name, kv_from(&p.m, "login_session"));
		ret = 0;
		goto done;
	}
	if (go_container(c, name)) {
		ret = go_assume_on_top(c, &p, name);
		goto done;
	}
	if (!top) {
		note(c, "assume-role", visited[depth - 1], kv_from(&p.m, "aws_access_key_id"),
		     "source_profile '%s' has no credentials of its own", name);
	}
	ret = use_imds(c, name);
	if (arn) {
		c->r->role_arn = own(c->r, arn);
		c->r->creds.profile = own(c->r, name);
	}
done:
	prof_release(&p);
	return ret;
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
	env_keys(c, &k);
	set_keys(c, who, "provider", NULL, b->access_key.v, b->secret_key.v, b->token.v,
		 &b->access_key.from);
	if (!b->access_key.v && b->access_key.expr)
		c->r->creds.access_key_id = NULL;
	if ((!b->access_key.v && !b->access_key.expr) || (!b->secret_key.v && !b->secret_key.expr) ||
	    (b->access_key.v && !*b->access_key.v) || (b->secret_key.v && !*b->secret_key.v))
		fail(c, "retrieving credentials: static credentials are empty (the %s block sets only part "
			"of access_key/secret_key)", who);
	if (k.key && k.secret)
		loser(c, &ORIGIN_ENV_VAR(k.key_var), ownf(c->r, "env %s", k.key_var),
		      ownf(c->r, "access_key/secret_key in the %s block come first", who));
	return 1;
}

static int resolve_go(struct rctx *c)
{
	const struct env *e = c->e;
	const struct tf_value *bp = block_profile(c);
	const char *env_p = env_get_nonempty(e, "AWS_PROFILE");
	const char *env_dp = env_get_nonempty(e, "AWS_DEFAULT_PROFILE");
	const char *name = NULL, *visited[10];
	int programmatic = 0, strict, ret;
	struct envkeys k;
	struct prof top;

	env_keys(c, &k);
	if (static_args(c))
		return c->r->creds.error ? -1 : 0;
	if (c->v->load_error)
		return fail(c, "%s", c->v->load_error);

	if (bp) {
		name = bp->v;
		programmatic = 1;
		c->r->profile_from = c->t == TARGET_BACKEND ? "backend" : "provider";
		if (!name) {
			/* Not a literal: we cannot know which profile. */
			set_source(c, "profile", NULL, NULL, &bp->from);
			return fail(c, "the profile is an expression (%s); tfauth cannot tell its value",
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
		const char *tv = c->f->terraform_version;
		int legacy = tv && !strncmp(tv, "1.6", 3) && !(lw && !strcmp(lw, "false"));
		if (tv && !strncmp(tv, "1.7", 3) && lw && !strcmp(lw, "true"))
			legacy = 1;
		if (legacy) {
			loser(c, &bp->from, ownf(c->r, "profile '%s' in the backend block", name),
			      "use_legacy_workflow (Terraform 1.6 default) lets environment keys win");
			programmatic = 0;
			name = NULL;
		}
	}
	if (c->d == DIALECT_GO_V1 && programmatic) {
		/* base v1: static, env, shared credentials file, then the session. */
		programmatic = 0;
	}
	if (!name) {
		if (env_p) {
			name = env_p;
			c->r->profile_from = "AWS_PROFILE";
		} else if (env_dp && (c->d == DIALECT_GO_V2 || env_get_nonempty(e, "AWS_SDK_LOAD_CONFIG"))) {
			name = env_dp;
			c->r->profile_from = "AWS_DEFAULT_PROFILE";
		} else {
			name = "default";
			c->r->profile_from = "default";
		}
	}
	c->r->profile_programmatic = programmatic;
	strict = programmatic || !strcmp(c->r->profile_from, "AWS_PROFILE");
	prof_load(c, name, &top);
	if (c->d == DIALECT_GO_V2 && !top.exists && strict) {
		if (k.key && k.secret && !programmatic)
			note(c, "profile-typo-env", name, &ORIGIN_ENV_VAR("AWS_PROFILE"), "AWS_PROFILE");
		prof_release(&top);
		return fail(c, "failed to get shared config profile, %s", name);
	}
	if (c->d == DIALECT_GO_V2 && !top.exists && !strcmp(c->r->profile_from, "AWS_DEFAULT_PROFILE"))
		note(c, "profile-typo-default", name, &ORIGIN_ENV_VAR("AWS_DEFAULT_PROFILE"), "%s",
		     "silently ignored");
	if (c->d == DIALECT_GO_V2 && top.exists && top.partial) {
		prof_release(&top);
		return fail(c, "error fetching config from profile, %s, partial credentials found for "
			       "profile %s", name, name);
	}
	if (programmatic && k.key && k.secret) {
		note(c, "profile-overrides-env", name, &ORIGIN_ENV_VAR(k.key_var), "%s", k.key);
		loser(c, &ORIGIN_ENV_VAR(k.key_var), ownf(c->r, "env %s", k.key_var),
		      ownf(c->r, "profile '%s' is set in the %s, which skips environment keys", name,
			   !strcmp(c->r->profile_from, "--profile") ? "provider (--profile)" :
			   c->r->profile_from));
	}
	if (!programmatic && k.key && k.secret) {
		set_keys(c, "env", "env", NULL, k.key, k.secret, k.token, &ORIGIN_ENV_VAR(k.key_var));
		if (top.exists && (kv_nonempty(&top.m, "aws_access_key_id") || kv_nonempty(&top.m, "role_arn") ||
				   kv_nonempty(&top.m, "sso_session") || kv_nonempty(&top.m, "credential_process") ||
				   kv_nonempty(&top.m, "sso_start_url")))
			loser(c, kv_from(&top.m, kv_nonempty(&top.m, "aws_access_key_id") ? "aws_access_key_id" : "role_arn"),
			      ownf(c->r, "profile '%s'", name), "environment keys come first");
		prof_release(&top);
		return 0;
	}
	if (c->d == DIALECT_GO_V1 && !top.exists && strict) {
		prof_release(&top);
		return fail(c, "SharedConfigProfileNotExistsError: failed to get profile, %s", name);
	}
	if (c->d == DIALECT_GO_V1) {
		/* SharedCredentialsProvider: the credentials file alone. */
		const struct chain_section *s = c->v->ncreds ? file_prof(&c->v->creds[0], name) : NULL;
		if (s && kv_nonempty(s, "aws_access_key_id") && kv_nonempty(s, "aws_secret_access_key")) {
			set_keys(c, "profile", "shared-credentials-file", name, kv_val(s, "aws_access_key_id"),
				 kv_val(s, "aws_secret_access_key"), kv_nonempty(s, "aws_session_token"),
				 kv_from(s, "aws_access_key_id"));
			prof_release(&top);
			return 0;
		}
	}
	if (!programmatic && env_get_nonempty(e, "AWS_WEB_IDENTITY_TOKEN_FILE")) {
		const char *arn = env_get_nonempty(e, "AWS_ROLE_ARN");
		check_token_file(c, env_get_nonempty(e, "AWS_WEB_IDENTITY_TOKEN_FILE"), "AWS_WEB_IDENTITY_TOKEN_FILE",
				 NULL, &ORIGIN_ENV_VAR("AWS_WEB_IDENTITY_TOKEN_FILE"));
		set_source(c, "web-identity", "assume-role-with-web-identity", NULL,
			   &ORIGIN_ENV_VAR("AWS_WEB_IDENTITY_TOKEN_FILE"));
		if (top.exists && (kv_nonempty(&top.m, "aws_access_key_id") || kv_nonempty(&top.m, "role_arn")))
			loser(c, kv_from(&top.m, kv_nonempty(&top.m, "aws_access_key_id") ? "aws_access_key_id" : "role_arn"),
			      ownf(c->r, "profile '%s'", name), "AWS_WEB_IDENTITY_TOKEN_FILE comes first");
		prof_release(&top);
		if (!arn) {
			note(c, "web-identity-no-role", NULL, &ORIGIN_ENV_VAR("AWS_WEB_IDENTITY_TOKEN_FILE"),
			     "AWS_ROLE_ARN");
			return fail(c, "role ARN is not set");
		}
		c->r->role_arn = own(c->r, arn);
		return 0;
	}
	prof_release(&top);
	if (k.key && !k.secret)
		loser(c, &ORIGIN_ENV_VAR(k.key_var), ownf(c->r, "env %s", k.key_var),
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
		c->r->role_arn = own(c->r, b->web_identity_role_arn.v);
		c->r->creds.source = "web-identity";
		c->r->method = "assume-role-with-web-identity";
		if (b->web_identity_token_file.v)
			check_token_file(c, b->web_identity_token_file.v, "web_identity_token_file in the block",
					 NULL, &b->web_identity_token_file.from);
	}
	if (b->assume_role_arn.v) {
		c->r->role_arn = own(c->r, b->assume_role_arn.v);
		c->r->creds.source = "assume-role";
		c->r->method = "assume-role";
		if (!role_arn_ok(b->assume_role_arn.v))
			note(c, "assume-role", c->t == TARGET_BACKEND ? "backend block" : "provider block",
			     &b->assume_role_arn.from, "assume_role.role_arn = %s is not an IAM role ARN",
			     b->assume_role_arn.v);
	}
}

/* ---- botocore ---- */

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
			in = section && !strncmp(a + 1, section, strlen(section)) && a[1 + strlen(section)] == ']';
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
		set_keys(c, method, method, NULL, k, sec, NULL, &ORIGIN_AT(path, kline, 0));
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
		r = legacy_file(c, path, NULL, "AWSAccessKeyId", "AWSSecretKey", "ec2-credentials-file");
		free(path);
		if (r)
			return 1;
	}
	if ((v = env_get_nonempty(c->e, "BOTO_CONFIG"))) {
		path = chain_expand_path(c->e, v);
		r = legacy_file(c, path, "Credentials", "aws_access_key_id", "aws_secret_access_key", "boto-config");
		free(path);
		return r;
	}
	if (legacy_file(c, "/etc/boto.cfg", "Credentials", "aws_access_key_id", "aws_secret_access_key",
			"boto-config"))
		return 1;
	path = chain_expand_path(c->e, "~/.boto");
	r = legacy_file(c, path, "Credentials", "aws_access_key_id", "aws_secret_access_key", "boto-config");
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
		return fail(c, "Partial credentials found in %s, missing: aws_secret_access_key", method);
	tok = kv_val(s, "aws_security_token");
	if (!tok)
		tok = kv_val(s, "aws_session_token");
	set_keys(c, "profile", method, name, kv_val(s, "aws_access_key_id"),
		 kv_val(s, "aws_secret_access_key"), tok && *tok ? tok : NULL, kv_from(s, "aws_access_key_id"));
	return 1;
}

static int boto_has_static(const struct chain_section *s)
{
	return chain_section_get(s, "aws_access_key_id") != NULL;
}

/* The cached result of a role the CLI assumed, when still usable. */
static void boto_cache(struct rctx *c, const struct chain_section *m, const char *name)
{
	const char *home = env_get(c->e, "HOME");
	struct cli_cache_args a = { 0 };
	struct cli_cache_entry ce;
	char key[41], *dir;
	const char *ds = kv_nonempty(m, "duration_seconds");

	a.role_arn = kv_nonempty(m, "role_arn");
	a.role_session_name = kv_nonempty(m, "role_session_name");
	a.external_id = kv_nonempty(m, "external_id");
	a.serial_number = kv_nonempty(m, "mfa_serial");
	a.duration_seconds = ds ? strtol(ds, NULL, 10) : 0;
	cli_cache_key(&a, key);
	dir = xstrfmt("%s/.aws/cli/cache", home ? home : "");
	if (!cli_cache_load(dir, key, &ce) && ce.status == CACHE_OK) {
		struct chain_note *n = note(c, "cli-cache", name, NULL, "%s", ce.path);
		n->extra = xstrdup(ce.access_key_id);
		n->t = (long long)ce.expiration;
		if ((long long)ce.expiration - (long long)c->f->now >= BOTOCORE_EXPIRY_WINDOW) {
			c->r->creds.access_key_id = own(c->r, ce.access_key_id);
			c->r->creds.from = own_origin(c->r, &ORIGIN_AT(ce.path, 0, 0));
		}
	}
	cli_cache_entry_release(&ce);
	free(dir);
}

static int boto_source_check(struct rctx *c, const char *name, const char **visited, int depth);

static int boto_assume(struct rctx *c, const struct prof *p, const char *name, const char **visited, int depth)
{
	const char *sp = kv_val(&p->m, "source_profile"), *cs = kv_val(&p->m, "credential_source");
	const char *arn = kv_val(&p->m, "role_arn");

	if (sp && cs) {
		note(c, "assume-role", name, kv_from(&p->m, "source_profile"),
		     "both source_profile and credential_source are set");
		return fail(c, "The profile \"%s\" contains both source_profile and credential_source.", name);
	}
	if (!sp && !cs) {
		note(c, "assume-role", name, kv_from(&p->m, "role_arn"),
		     "role_arn is set but neither source_profile nor credential_source");
		return fail(c, "Partial credentials found in assume-role, missing: source_profile or "
			       "credential_source");
	}
	if (!role_arn_ok(arn))
		note(c, "assume-role", name, kv_from(&p->m, "role_arn"),
		     "role_arn = %s is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME)", arn);
	/* botocore 1.43 compares case-sensitively too (the reference said otherwise). */
	if (cs && strcmp(cs, "Environment") && strcmp(cs, "Ec2InstanceMetadata") &&
	    strcmp(cs, "EcsContainer")) {
		note(c, "assume-role", name, kv_from(&p->m, "credential_source"),
		     "credential_source = %s is not one of Environment, Ec2InstanceMetadata, EcsContainer", cs);
		return fail(c, "The credential source \"%s\" referenced in profile \"%s\" is not valid.", cs, name);
	}
	if (sp) {
		visited[depth] = name;
		if (boto_source_check(c, sp, visited, depth + 1) < 0)
			return -1;
	}
	if (cs) {
		/* botocore resolves the credential_source right away. */
		const char *where;
		struct envkeys k;
		int none = 0;
		env_keys(c, &k);
		if (!strcmp(cs, "Environment"))
			none = !k.key || !k.secret;
		else if (!strcmp(cs, "Ec2InstanceMetadata"))
			none = metadata_disabled(c, &where);
		else
			none = !env_get_nonempty(c->e, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") &&
			       !env_get_nonempty(c->e, "AWS_CONTAINER_CREDENTIALS_FULL_URI");
		if (none) {
			note(c, "assume-role", name, kv_from(&p->m, "credential_source"),
			     "credential_source = %s finds no credentials", cs);
			return fail(c, "Error when retrieving credentials from %s: No credentials found in "
				       "credential_source referenced in profile %s", cs, name);
		}
	}
	set_source(c, "assume-role", "assume-role", name, kv_from(&p->m, "role_arn"));
	c->r->role_arn = own(c->r, arn);
	boto_cache(c, &p->m, name);
	return 0;
}

/* botocore's _validate_source_profile and the source's own resolvability. */
static int boto_source_check(struct rctx *c, const char *name, const char **visited, int depth)
{
	struct prof p;
	int ret = 0, seen = 0;

	prof_load(c, name, &p);
	for (int i = 0; i < depth; i++)
		if (!strcmp(visited[i], name))
			seen = 1;
	if (!p.exists) {
		note(c, "assume-role", visited[depth - 1], NULL,
		     "source_profile = %s names a profile that does not exist", name);
		ret = fail(c, "The source_profile \"%s\" referenced in the profile \"%s\" does not exist.", name,
			   visited[depth - 1]);
		goto done;
	}
	if (seen) {
		if (strcmp(visited[depth - 1], name) || !boto_has_static(&p.m)) {
			note(c, "assume-role", name, kv_from(&p.m, "source_profile"),
			     "source_profile loops back to '%s'", name);
			ret = fail(c, "Infinite loop in credential configuration detected. Attempting to load "
				      "from profile %s which has already been visited.", name);
		}
		goto done;
	}
	if (depth >= 8)
		goto done;
	if (kv_val(&p.m, "role_arn") && !boto_has_static(&p.m)) {
		const char *sp = kv_val(&p.m, "source_profile");
		if (sp) {
			visited[depth] = name;
			ret = boto_source_check(c, sp, visited, depth + 1);
		}
		goto done;
	}
	if (!boto_has_static(&p.m) && !kv_val(&p.m, "credential_process") &&
	    !kv_val(&p.m, "sso_session") && !kv_val(&p.m, "sso_account_id") &&
	    !kv_val(&p.m, "credential_source") && !kv_val(&p.m, "web_identity_token_file")) {
		note(c, "assume-role", visited[depth - 1], NULL,
		     "source_profile '%s' has no credentials of its own", name);
		ret = fail(c, "The source profile \"%s\" must have credentials.", name);
	}
done:
	prof_release(&p);
	return ret;
}

static int boto_sso(struct rctx *c, const struct prof *p, const char *name)
{
	const char *sess = kv_val(&p->m, "sso_session");
	const struct chain_section *ss;
	static const char *const legacy[] = { "sso_start_url", "sso_region", "sso_account_id", "sso_role_name" };
	struct strbuf missing = STRBUF_INIT;

	if (!chain_section_get(&p->m, "sso_account_id") && !chain_section_get(&p->m, "sso_role_name"))
		return 0;
	if (sess) {
		ss = view_sso(c->v, sess);
		if (!ss) {
			note(c, "sso-session-missing", name, kv_from(&p->m, "sso_session"),
			     "sso_session = %s, but there is no [sso-session %s] section", sess, sess);
			strbuf_release(&missing);
			return fail(c, "The specified sso-session does not exist: \"%s\"", sess);
		}
		if (!kv_val(ss, "sso_start_url"))
			strbuf_addstr(&missing, "sso_start_url, ");
		if (!kv_val(ss, "sso_region"))
			strbuf_addstr(&missing, "sso_region, ");
		if (!kv_val(&p->m, "sso_account_id"))
			strbuf_addstr(&missing, "sso_account_id, ");
		if (!kv_val(&p->m, "sso_role_name"))
			strbuf_addstr(&missing, "sso_role_name, ");
	} else {
		for (size_t i = 0; i < ARRAY_SIZE(legacy); i++)
			if (!kv_val(&p->m, legacy[i]))
				strbuf_addf(&missing, "%s, ", legacy[i]);
	}
	if (missing.len) {
		strbuf_setlen(&missing, missing.len - 2);
		note(c, "sso-config-missing", name, kv_from(&p->m, sess ? "sso_session" : "sso_account_id"),
		     "the profile uses SSO but lacks %s", missing.buf);
		fail(c, "Missing required configuration for SSO: %s", missing.buf);
		strbuf_release(&missing);
		return -1;
	}
	strbuf_release(&missing);
	set_source(c, "sso", "sso", name, kv_from(&p->m, sess ? "sso_session" : "sso_start_url"));
	{
		struct chain_note *n = note(c, "sso-token", name, kv_from(&p->m, sess ? "sso_session" : "sso_start_url"),
					    "%s", sess ? sess : kv_val(&p->m, "sso_start_url"));
		n->extra = xstrdup(sess ? "session" : "url");
	}
	return 1;
}

static int resolve_botocore(struct rctx *c)
{
	const struct env *e = c->e;
	const char *dp = env_get(e, "AWS_DEFAULT_PROFILE"), *pp = env_get(e, "AWS_PROFILE");
	const char *name, *visited[10], *v;
	int explicit = 1, r;
	struct envkeys k;
	struct prof p;

	for (size_t i = 0; i < c->v->nconfig; i++)
		if (c->v->config[i].rejected)
			return fail(c, "Unable to parse config file: %s", c->v->config[i].path);
	for (size_t i = 0; i < c->v->ncreds; i++)
		if (c->v->creds[i].rejected)
			return fail(c, "Unable to parse config file: %s", c->v->creds[i].path);
	if (dp) {
		name = dp;
		c->r->profile_from = "AWS_DEFAULT_PROFILE";
	} else if (pp) {
		name = pp;
		c->r->profile_from = "AWS_PROFILE";
	} else {
		name = "default";
		c->r->profile_from = "default";
		explicit = 0;
	}
	prof_load(c, name, &p);
	if (!p.exists && explicit) {
		prof_release(&p);
		return fail(c, "The config profile (%s) could not be found", name);
	}
	env_keys(c, &k);
	if (k.key) {
		if (!k.secret) {
			prof_release(&p);
			return fail(c, "Partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY");
		}
		set_keys(c, "env", "env", NULL, k.key, k.secret, k.token, &ORIGIN_ENV_VAR("AWS_ACCESS_KEY_ID"));
		if (p.exists && (chain_section_get(&p.m, "aws_access_key_id") || chain_section_get(&p.m, "role_arn") ||
				 chain_section_get(&p.m, "sso_account_id") || chain_section_get(&p.m, "credential_process")))
			loser(c, kv_from(&p.m, chain_section_get(&p.m, "aws_access_key_id") ? "aws_access_key_id" : "role_arn"),
			      ownf(c->r, "profile '%s'", name), "environment keys come first");
		prof_release(&p);
		return 0;
	}
	if (kv_val(&p.m, "role_arn") && !kv_val(&p.m, "web_identity_token_file")) {
		r = boto_assume(c, &p, name, visited, 0);
		goto done;
	}
	v = env_get_nonempty(e, "AWS_WEB_IDENTITY_TOKEN_FILE");
	if (v || kv_val(&p.m, "web_identity_token_file")) {
		const char *arn = env_get_nonempty(e, "AWS_ROLE_ARN");
		const char *where = v ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "web_identity_token_file";
		if (!arn)
			arn = kv_val(&p.m, "role_arn");
		if (!v)
			v = kv_val(&p.m, "web_identity_token_file");
		check_token_file(c, v, where, name,
				 !strcmp(where, "web_identity_token_file") ? kv_from(&p.m, where) : &ORIGIN_ENV_VAR(where));
		set_source(c, "web-identity", "assume-role-with-web-identity", name,
			   !strcmp(where, "web_identity_token_file") ? kv_from(&p.m, where) : &ORIGIN_ENV_VAR(where));
		if (!arn) {
			note(c, "web-identity-no-role", name, &c->r->creds.from, "%s",
			     !strcmp(where, "web_identity_token_file") ? "role_arn" : "AWS_ROLE_ARN");
			r = fail(c, "The provided profile or the current environment is configured to assume role "
				    "with web identity but has no role ARN configured.");
			goto done;
		}
		c->r->role_arn = own(c->r, arn);
		r = 0;
		goto done;
	}
	r = boto_sso(c, &p, name);
	if (r) {
		if (r > 0 && p.cred_only && boto_has_static(p.cred_only))
			loser(c, kv_from(p.cred_only, "aws_access_key_id"), ownf(c->r, "static keys in profile '%s'", name),
			      "the AWS CLI takes SSO before static keys in the same profile");
		r = r < 0 ? -1 : 0;
		goto done;
	}
	r = boto_static(c, p.cred_only, name, "shared-credentials-file");
	if (r) {
		if (r > 0 && p.config_only && boto_has_static(p.config_only))
			loser(c, kv_from(p.config_only, "aws_access_key_id"),
			      ownf(c->r, "keys for '%s' in the config file", name),
			      "the credentials file comes first");
		r = r < 0 ? -1 : 0;
		goto done;
	}
	if (kv_val(&p.m, "login_session")) {
		set_source(c, "login", "login", name, kv_from(&p.m, "login_session"));
		r = 0;
		goto done;
	}
	if ((v = kv_val(&p.m, "credential_process"))) {
		set_source(c, "credential-process", "custom-process", name, kv_from(&p.m, "credential_process"));
		note(c, "process", name, kv_from(&p.m, "credential_process"), "%s", v);
		r = 0;
		goto done;
	}
	r = boto_static(c, p.config_only, name, "config-file");
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
		go_container(c, name);
		r = 0;
		goto done;
	}
	r = use_imds(c, name);
	{
		const char *where;
		if (metadata_disabled(c, &where)) {
			c->r->creds.source = NULL;
			c->r->method = NULL;
			c->r->creds.error = "Unable to locate credentials";
		}
	}
done:
	if (!c->r->creds.profile && p.exists)
		c->r->creds.profile = own(c->r, name);
	prof_release(&p);
	return r;
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

static const char *region_for(const struct rctx *c)
{
	const struct env *e = c->e;
	const char *r;

	if (c->b && c->b->region.v)
		return c->b->region.v;
	if (c->t == TARGET_PROVIDER && c->f->arg_region)
		return c->f->arg_region;
	if (c->d != DIALECT_BOTOCORE && (r = env_get_nonempty(e, "AWS_REGION")))
		return r;
	if ((r = env_get_nonempty(e, "AWS_DEFAULT_REGION")))
		return r;
	return NULL;
}

int chain_resolve_view(const struct facts *f, enum chain_target t, const struct chain_view *v,
		       struct chain_result *out)
{
	struct rctx c = { f, f->env, v, out, t, v->dialect, NULL };
	const char *region;
	int ret;

	memset(out, 0, sizeof(*out));
	out->target = t;
	out->dialect = v->dialect;
	if (t == TARGET_PROVIDER && f->provider.present)
		c.b = &f->provider;
	else if (t == TARGET_BACKEND && f->backend.present)
		c.b = &f->backend;
	ret = v->dialect == DIALECT_BOTOCORE ? resolve_botocore(&c) : resolve_go(&c);
	block_assume(&c);
	if ((region = region_for(&c)))
		out->creds.region = own(out, region);
	return ret < 0 || out->creds.error ? -1 : 0;
}

int chain_resolve(const struct facts *f, enum chain_target t, struct chain_result *out)
{
	struct chain_view v = { 0 };
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
