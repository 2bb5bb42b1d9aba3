/*
 * chain_common.c - the pieces every dialect's chain uses: recording the
 * winner, the losers and the notes in the result, assembling a profile
 * from the view (go-v2's mergeSections, go-v1's per-key merge, botocore's
 * full_config and single-file views; credential-files.md §3), the
 * environment keys per dialect, and the links at the end of every chain
 * (web identity token files, containers, IMDS).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "aws/chain_int.h"
#include "aws/shared.h"
#include "core/file.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

const char *chain_own(struct chain_result *r, const char *s)
{
	if (!s)
		return NULL;
	ALLOC_GROW(r->owned, r->nowned + 1, r->aowned);
	return r->owned[r->nowned++] = xstrdup(s);
}

void chain_set_role(struct rctx *c, const char *arn, const struct origin *at)
{
	c->r->role_arn = chain_own(c->r, arn);
	c->r->role_at = at ? *at : (struct origin){0};
	/* a merged section owns its origins' names: keep a copy past its release */
	c->r->role_at.name = chain_own(c->r, c->r->role_at.name);
}

const char *chain_ownf(struct chain_result *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ALLOC_GROW(r->owned, r->nowned + 1, r->aowned);
	return r->owned[r->nowned++] = strbuf_detach(&sb, NULL);
}

struct origin chain_own_origin(struct chain_result *r, const struct origin *o)
{
	struct origin x = o ? *o : (struct origin){ORIGIN_NONE, NULL, 0, 0};

	x.name = chain_own(r, x.name);
	return x;
}

void chain_loser_add(struct rctx *c, const struct origin *from, const char *source, const char *why)
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
	l->from = chain_own_origin(c->r, from);
}

struct chain_note *chain_note_add(struct rctx *c, const char *kind, const char *profile,
				  const struct origin *from, const char *fmt, ...)
{
	struct chain_note *n;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (c->r->nnotes == CHAIN_MAX_NOTES) {
		/* Full (a pathological chain): the last slot is reused. */
		n = &c->r->notes[CHAIN_MAX_NOTES - 1];
		free(n->profile);
		free(n->detail);
		free(n->extra);
		memset(n, 0, sizeof(*n));
	} else {
		n = &c->r->notes[c->r->nnotes++];
	}
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	n->kind = kind;
	n->profile = profile ? xstrdup(profile) : NULL;
	n->detail = strbuf_detach(&sb, NULL);
	n->from = chain_own_origin(c->r, from);
	return n;
}

int chain_fail(struct rctx *c, const char *fmt, ...)
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

const char *chain_kv_val(const struct chain_section *s, const char *key)
{
	const struct chain_kv *kv = chain_section_get(s, key);

	return kv ? kv->val : NULL;
}

const char *chain_kv_nonempty(const struct chain_section *s, const char *key)
{
	const char *v = chain_kv_val(s, key);

	return v && *v ? v : NULL;
}

const struct origin *chain_kv_from(const struct chain_section *s, const char *key)
{
	const struct chain_kv *kv = chain_section_get(s, key);

	return kv ? &kv->from : NULL;
}

/* ---- assembling a profile ---- */

const struct chain_section *chain_file_prof(const struct chain_file *f, const char *name)
{
	for (size_t i = 0; i < f->nprof; i++)
		if (!strcmp(f->prof[i].name, name))
			return &f->prof[i];
	return NULL;
}

const struct chain_section *chain_view_sso(const struct chain_view *v, const char *name)
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

static int half_pair(const struct chain_section *s)
{
	return !chain_kv_nonempty(s, "aws_access_key_id") !=
	       !chain_kv_nonempty(s, "aws_secret_access_key");
}

static void go_merge(struct prof *p, const struct chain_section *src, const char *path, int v1)
{
	if (!p->exists || v1) {
		for (size_t i = 0; i < src->nr; i++)
			chain_section_set(&p->m, src->kv[i].key, src->kv[i].val, &src->kv[i].from);
	} else {
		if (chain_kv_nonempty(src, "aws_access_key_id") &&
		    chain_kv_nonempty(src, "aws_secret_access_key")) {
			copy_key(&p->m, src, "aws_access_key_id");
			copy_key(&p->m, src, "aws_secret_access_key");
			copy_key(&p->m, src, "aws_session_token");
		}
		for (size_t i = 0; i < src->nr; i++)
			if (shared_gov2_merges(src->kv[i].key))
				chain_section_set(&p->m, src->kv[i].key, src->kv[i].val,
						  &src->kv[i].from);
	}
	p->exists = 1;
	p->partial = half_pair(src);
	p->partial_file = path;
}

void chain_prof_load(const struct rctx *c, const char *name, struct prof *p)
{
	memset(p, 0, sizeof(*p));
	if (c->d == DIALECT_BOTOCORE) {
		/* full_config: config profiles, then credentials sections on top per key. */
		for (size_t i = 0; i < c->v->nconfig; i++) {
			const struct chain_section *s = chain_file_prof(&c->v->config[i], name);
			if (!s)
				continue;
			p->config_only = s;
			p->exists = 1;
			for (size_t k = 0; k < s->nr; k++)
				chain_section_set(&p->m, s->kv[k].key, s->kv[k].val,
						  &s->kv[k].from);
		}
		for (size_t i = 0; i < c->v->ncreds; i++) {
			const struct chain_section *s = chain_file_prof(&c->v->creds[i], name);
			if (!s)
				continue;
			p->cred_only = s;
			p->exists = 1;
			for (size_t k = 0; k < s->nr; k++)
				chain_section_set(&p->m, s->kv[k].key, s->kv[k].val,
						  &s->kv[k].from);
		}
		return;
	}
	for (size_t i = 0; i < c->v->nconfig; i++) {
		const struct chain_section *s = chain_file_prof(&c->v->config[i], name);
		if (s)
			go_merge(p, s, c->v->config[i].path, c->d == DIALECT_GO_V1);
	}
	for (size_t i = 0; i < c->v->ncreds; i++) {
		const struct chain_section *s = chain_file_prof(&c->v->creds[i], name);
		if (s)
			go_merge(p, s, c->v->creds[i].path, c->d == DIALECT_GO_V1);
	}
}

void chain_prof_release(struct prof *p)
{
	chain_section_release(&p->m);
}

/* Does the origin sit in one of the config files of the view? */
int chain_from_config(const struct rctx *c, const struct origin *o)
{
	if (!o || o->kind != ORIGIN_FILE || !o->name)
		return 0;
	for (size_t i = 0; i < c->v->nconfig; i++)
		if (!strcmp(c->v->config[i].path, o->name))
			return 1;
	return 0;
}

/* ---- setting the winner ---- */

void chain_set_keys(struct rctx *c, const char *source, const char *method, const char *profile,
		    const char *key, const char *secret, const char *token,
		    const struct origin *from)
{
	struct resolved_creds *cr = &c->r->creds;

	cr->source = source;
	c->r->method = method;
	cr->profile = chain_own(c->r, profile);
	cr->access_key_id = chain_own(c->r, key);
	cr->secret_access_key = chain_own(c->r, secret);
	cr->session_token = chain_own(c->r, token);
	cr->from = chain_own_origin(c->r, from);
	cr->error = NULL;
}

void chain_set_source(struct rctx *c, const char *source, const char *method, const char *profile,
		      const struct origin *from)
{
	chain_set_keys(c, source, method, profile, NULL, NULL, NULL, from);
}

/* ---- pieces shared by the dialects ---- */

void chain_env_keys(const struct rctx *c, struct envkeys *k)
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

int chain_role_arn_ok(const char *arn)
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
void chain_token_file_check(struct rctx *c, const char *path, const char *where,
			    const char *profile, const struct origin *from)
{
	struct strbuf sb = STRBUF_INIT;
	int r = strbuf_read_file(&sb, path, 1 << 20);
	struct chain_note *n;

	if (r == -ENOENT || r == -ENOTDIR) {
		n = chain_note_add(c, "web-identity-missing", profile, from, "%s", path);
		n->extra = xstrdup(where);
	} else if (r) {
		n = chain_note_add(c, "web-identity-unreadable", profile, from, "%s", path);
		n->extra = xstrfmt("%s\n%s", where, file_strerror(r));
	} else {
		n = chain_note_add(c, "web-identity-check", profile, from, "%s", path);
		n->extra = xstrdup(where);
	}
	OPENSSL_cleanse(sb.buf, sb.len);
	strbuf_release(&sb);
}

int chain_container(struct rctx *c, const char *profile)
{
	const char *rel = env_get_nonempty(c->e, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = env_get_nonempty(c->e, "AWS_CONTAINER_CREDENTIALS_FULL_URI");

	if (!rel && !full)
		return 0;
	(void)profile;
	chain_set_source(c, "container", "container-role", NULL,
			 &ORIGIN_ENV_VAR(rel ? "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
					     : "AWS_CONTAINER_CREDENTIALS_FULL_URI"));
	return 1;
}

int chain_metadata_disabled(const struct rctx *c, const char **where)
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

int chain_use_imds(struct rctx *c, const char *profile)
{
	const char *where;

	chain_set_source(c, "imds", "iam-role", profile, NULL);
	c->r->imds = 1;
	if (chain_metadata_disabled(c, &where))
		return chain_fail(
			c,
			"no credentials found, and the instance metadata service is disabled by %s",
			where);
	c->r->creds.error = "no credentials found before the EC2 instance metadata service "
			    "(the last link; off EC2 it times out)";
	return -1;
}

static int prof_has(const struct prof *p, const char *key, int nonempty)
{
	return nonempty ? chain_kv_nonempty(&p->m, key) != NULL
			: chain_section_get(&p->m, key) != NULL;
}

void chain_env_shadows(struct rctx *c, const struct prof *p, const char *name,
		       const char *const *keys, int nonempty)
{
	int has = 0;

	for (size_t i = 0; p->exists && keys[i] && !has; i++)
		has = prof_has(p, keys[i], nonempty);
	if (has)
		chain_loser_add(c,
				chain_kv_from(&p->m, prof_has(p, "aws_access_key_id", nonempty)
							     ? "aws_access_key_id"
							     : "role_arn"),
				chain_ownf(c->r, "profile '%s'", name),
				"environment keys come first");
	if (env_get_nonempty(c->e, "AWS_WEB_IDENTITY_TOKEN_FILE"))
		chain_loser_add(c, &ORIGIN_ENV_VAR("AWS_WEB_IDENTITY_TOKEN_FILE"),
				"env AWS_WEB_IDENTITY_TOKEN_FILE", "environment keys come first");
}
