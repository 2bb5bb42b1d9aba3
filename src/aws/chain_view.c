/*
 * chain_view.c - the shared files as one dialect sees them (struct
 * chain_view), and which files each target reads (chain_paths_for). The
 * view is filled by the adapter over the files parser (chain_files.c);
 * this file only holds the data structure and the path rules, which
 * differ between the tools (credential-files.md §1.1).
 */
#include <stdlib.h>
#include <string.h>

#include "aws/chain.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

struct chain_file *chain_view_add_file(struct chain_view *v, int credentials, const char *path)
{
	struct chain_file *f;

	if (credentials) {
		ALLOC_GROW(v->creds, v->ncreds + 1, v->acreds);
		f = &v->creds[v->ncreds++];
	} else {
		ALLOC_GROW(v->config, v->nconfig + 1, v->aconfig);
		f = &v->config[v->nconfig++];
	}
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	return f;
}

struct chain_section *chain_file_section(struct chain_file *f, int sso, const char *name)
{
	struct chain_section **v = sso ? &f->sso : &f->prof;
	size_t *nr = sso ? &f->nsso : &f->nprof, *alloc = sso ? &f->asso : &f->aprof;
	struct chain_section *s;

	for (size_t i = 0; i < *nr; i++)
		if (!strcmp((*v)[i].name, name))
			return &(*v)[i];
	ALLOC_GROW(*v, *nr + 1, *alloc);
	s = &(*v)[(*nr)++];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	return s;
}

void chain_section_set(struct chain_section *s, const char *key, const char *val,
		       const struct origin *from)
{
	struct chain_kv *kv = NULL;

	for (size_t i = 0; i < s->nr; i++)
		if (!strcmp(s->kv[i].key, key))
			kv = &s->kv[i];
	if (!kv) {
		ALLOC_GROW(s->kv, s->nr + 1, s->alloc);
		kv = &s->kv[s->nr++];
		kv->key = xstrdup(key);
	} else {
		free(kv->val);
		free(kv->file);
	}
	kv->val = xstrdup(val);
	kv->from = from ? *from : (struct origin){ORIGIN_NONE, NULL, 0, 0};
	kv->file = from && from->name ? xstrdup(from->name) : NULL;
	kv->from.name = kv->file;
}

const struct chain_kv *chain_section_get(const struct chain_section *s, const char *key)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < s->nr; i++)
		if (!strcmp(s->kv[i].key, key))
			return &s->kv[i];
	return NULL;
}

void chain_section_release(struct chain_section *s)
{
	for (size_t i = 0; i < s->nr; i++) {
		free(s->kv[i].key);
		if (s->kv[i].val) {
			memset(s->kv[i].val, 0, strlen(s->kv[i].val));
			free(s->kv[i].val);
		}
		free(s->kv[i].file);
	}
	free(s->kv);
	free(s->name);
	memset(s, 0, sizeof(*s));
}

static void file_release(struct chain_file *f)
{
	for (size_t i = 0; i < f->nprof; i++)
		chain_section_release(&f->prof[i]);
	for (size_t i = 0; i < f->nsso; i++)
		chain_section_release(&f->sso[i]);
	free(f->prof);
	free(f->sso);
	free(f->path);
	free(f->reject_why);
}

void chain_view_release(struct chain_view *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->nconfig; i++)
		file_release(&v->config[i]);
	for (size_t i = 0; i < v->ncreds; i++)
		file_release(&v->creds[i]);
	free(v->config);
	free(v->creds);
	free(v->load_error);
	memset(v, 0, sizeof(*v));
}

/*
 * $VAR and ${VAR}: Go's os.ExpandEnv drops unknown variables, Python's
 * os.path.expandvars keeps them as written.
 */
static void expand_vars(struct strbuf *out, const struct env *e, const char *p, int keep_unknown)
{
	while (*p) {
		const char *start = p, *name;
		size_t n;
		int brace;

		if (*p != '$') {
			strbuf_addch(out, *p++);
			continue;
		}
		brace = p[1] == '{';
		name = p + 1 + brace;
		n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
		if (!n || (brace && name[n] != '}')) {
			strbuf_addch(out, *p++);
			continue;
		}
		p = name + n + brace;
		{
			char *var = xmemdupz(name, n);
			const char *val = env_get(e, var);
			if (val)
				strbuf_addstr(out, val);
			else if (keep_unknown)
				strbuf_add(out, start, (size_t)(p - start));
			free(var);
		}
	}
}

static char *expand(const struct env *e, const char *path, int python)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	const char *home = env_get(e, "HOME");

	expand_vars(&a, e, path, python);
	if (a.buf[0] == '~' && (a.buf[1] == '/' || !a.buf[1]) && home) {
		strbuf_addstr(&b, home);
		strbuf_addstr(&b, a.buf + 1);
		strbuf_release(&a);
		return strbuf_detach(&b, NULL);
	}
	strbuf_release(&b);
	return strbuf_detach(&a, NULL);
}

char *chain_expand_path(const struct env *e, const char *path)
{
	return expand(e, path, 0);
}

static char *home_path(const struct env *e, const char *rel)
{
	const char *home = env_get(e, "HOME");

	return xstrfmt("%s/%s", home ? home : "", rel);
}

/* A list argument of a provider/backend block; count of literal values. */
static size_t tf_list(const struct env *e, const struct tf_value *v, size_t max, char **out)
{
	size_t n = 0;

	for (size_t i = 0; i < max && n < TF_MAX_LIST; i++)
		if (v[i].v)
			out[n++] = expand(e, v[i].v, 0);
	return n;
}

void chain_paths_for(const struct facts *f, enum chain_target t, enum dialect d,
		     struct chain_paths *out)
{
	const struct env *e = f->env;
	const struct tf_auth_block *b = t == TARGET_PROVIDER  ? &f->provider
					: t == TARGET_BACKEND ? &f->backend
							      : NULL;
	const char *v;

	memset(out, 0, sizeof(*out));
	out->env = e;
	if (d == DIALECT_BOTOCORE) {
		/* Set-but-empty means "no file" for botocore. */
		v = env_get(e, "AWS_CONFIG_FILE");
		out->config[out->nconfig++] = v ? expand(e, v, 1) : home_path(e, ".aws/config");
		v = env_get(e, "AWS_SHARED_CREDENTIALS_FILE");
		out->creds[out->ncreds++] = v ? expand(e, v, 1) : home_path(e, ".aws/credentials");
		return;
	}
	if (b && b->present)
		out->nconfig = tf_list(e, b->shared_config_files, TF_MAX_LIST, out->config);
	if (!out->nconfig && t == TARGET_BACKEND && d == DIALECT_GO_V2 &&
	    (v = env_get_nonempty(e, "AWS_SHARED_CONFIG_FILE")))
		out->config[out->nconfig++] = expand(e, v, 0);
	out->explicit_config = out->nconfig > 0;
	if (!out->nconfig) {
		v = env_get_nonempty(e, "AWS_CONFIG_FILE");
		out->config[out->nconfig++] = v ? xstrdup(v) : home_path(e, ".aws/config");
	}
	if (b && b->present) {
		out->ncreds = tf_list(e, b->shared_credentials_files, TF_MAX_LIST, out->creds);
		if (!out->ncreds && b->shared_credentials_file.v)
			out->creds[out->ncreds++] = expand(e, b->shared_credentials_file.v, 0);
	}
	if (!out->ncreds && t == TARGET_BACKEND && d == DIALECT_GO_V2 &&
	    (v = env_get_nonempty(e, "AWS_SHARED_CREDENTIALS_FILE")))
		out->creds[out->ncreds++] = expand(e, v, 0); /* the backend's argument default */
	out->explicit_creds = out->ncreds > 0;
	if (!out->ncreds) {
		v = env_get_nonempty(e, "AWS_SHARED_CREDENTIALS_FILE");
		out->creds[out->ncreds++] = v ? xstrdup(v) : home_path(e, ".aws/credentials");
	}
}

void chain_paths_release(struct chain_paths *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nconfig; i++)
		free(p->config[i]);
	for (size_t i = 0; i < p->ncreds; i++)
		free(p->creds[i]);
	memset(p, 0, sizeof(*p));
}
