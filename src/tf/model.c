/*
 * model.c - the Terraform configuration model (tf.h): provider and backend
 * blocks, versions, variables, the lock file and the recorded backend.
 * Files are parsed one at a time and released at once: the model keeps
 * copies of the few strings it needs.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/file.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "tf/model_int.h"
#include "tf/tf.h"
#include "core/banned.h"

#define TF_MAX_FILE (16L << 20)
#define MODULE_DEPTH 3

char *tf_pool_dup(struct tf_pool *p, const char *s, size_t n)
{
	char *c = xmemdupz(s, n);

	ALLOC_GROW(p->v, p->nr + 1, p->alloc);
	p->v[p->nr++] = c;
	return c;
}

void tf_pool_release(struct tf_pool *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nr; i++)
		free(p->v[i]);
	free(p->v);
	p->v = NULL;
	p->nr = p->alloc = 0;
}

const char *tf_pool_str(struct tf_pool *p, const char *s)
{
	return tf_pool_dup(p, s, strlen(s));
}

void tf_value_from(struct tf_pool *pool, struct tf_value *out, const struct hcl_expr *e,
		       const char *path)
{
	char num[64];

	memset(out, 0, sizeof(*out));
	out->from = ORIGIN_AT(path, e->line, e->col);
	switch (e->kind) {
	case HCL_STRING:
		out->v = tf_pool_dup(pool, e->s, e->len);
		break;
	case HCL_BOOL:
		out->v = e->b ? "true" : "false";
		break;
	case HCL_NUMBER:
		snprintf(num, sizeof(num), "%.17g", e->num);
		out->v = tf_pool_str(pool, num);
		break;
	case HCL_NULL:
		out->expr = "null";
		break;
	default:
		out->expr = e->srclen ? tf_pool_dup(pool, e->src, e->srclen) : "(expression)";
		break;
	}
}

/* a list attribute: entries into vals[max]; also the whole as one value */
static void list_from(struct tf_pool *pool, struct tf_value *whole, struct tf_value *vals,
		      size_t max, const struct hcl_expr *e, const char *path)
{
	struct strbuf joined = STRBUF_INIT;
	size_t i = 0;
	int all = 1;

	if (whole) {
		tf_value_from(pool, whole, e, path);
		if (!whole->expr)
			whole->expr = whole->v;
	}
	if (e->kind != HCL_TUPLE) {
		if (vals && max)
			tf_value_from(pool, &vals[0], e, path);
		return;
	}
	for (const struct hcl_expr *x = e->items; x; x = x->next, i++) {
		if (vals && i < max)
			tf_value_from(pool, &vals[i], x, path);
		if (x->kind == HCL_STRING || x->kind == HCL_NUMBER) {
			struct tf_value t;
			tf_value_from(pool, &t, x, path);
			if (joined.len)
				strbuf_addch(&joined, ',');
			strbuf_addstr(&joined, t.v);
		} else {
			all = 0;
		}
	}
	if (whole) {
		whole->v = all ? tf_pool_dup(pool, joined.buf, joined.len) : NULL;
		if (e->srclen)
			whole->expr = tf_pool_dup(pool, e->src, e->srclen);
	}
	strbuf_release(&joined);
}

int tf_has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !strcmp(s + n - m, suf);
}

static int name_is(const struct hcl_attr *a, const char *n)
{
	return hcl_name_is(a->name, a->namelen, n);
}

/* the S3 backend's assume_role = { role_arn = ..., session_name = ... } (Terraform >= 1.6) */
static void assume_role_attr(struct tf_pool *pool, struct tf_auth_block *out,
			     const struct hcl_attr *a, const char *path)
{
	const struct hcl_expr *e = a->expr, *key, *val;

	out->assume_role_attr = 1;
	out->assume_role_at = ORIGIN_AT(path, a->line, a->col);
	out->assume_role_arn.from = out->assume_role_at;
	if (e->kind != HCL_OBJECT) {
		/* var.role or a local: the role is there, its ARN unknown */
		tf_value_from(pool, &out->assume_role_arn, e, path);
		out->assume_role_arn.v = NULL;
		if (!out->assume_role_arn.expr)
			out->assume_role_arn.expr = "(expression)";
		return;
	}
	out->assume_role_arn.expr = "(no role_arn)";
	for (key = e->keys, val = e->items; key && val; key = key->next, val = val->next) {
		if (key->kind != HCL_STRING)
			continue;
		if (!strcmp(key->s, "role_arn"))
			tf_value_from(pool, &out->assume_role_arn, val, path);
		else if (!strcmp(key->s, "session_name"))
			tf_value_from(pool, &out->assume_role_session_name, val, path);
		else if (!strcmp(key->s, "external_id"))
			tf_value_from(pool, &out->assume_role_external_id, val, path);
	}
}

/* The scalar arguments of a provider or backend block, by name. */
const struct tf_block_scalar tf_block_scalars[] = {
#define F(n, m) {n, offsetof(struct tf_auth_block, m)}
	F("bucket", bucket),
	F("access_key", access_key),
	F("secret_key", secret_key),
	F("token", token),
	F("profile", profile),
	F("region", region),
	F("sts_region", sts_region),
	F("shared_credentials_file", shared_credentials_file),
	F("sts_endpoint", sts_endpoint),
	F("skip_credentials_validation", skip_credentials_validation),
	F("skip_metadata_api_check", skip_metadata_api_check),
	F("skip_requesting_account_id", skip_requesting_account_id),
	F("use_legacy_workflow", use_legacy_workflow),
	F("role_arn", legacy_role_arn),
	F("session_name", legacy_session_name),
	F("external_id", legacy_external_id),
	F("assume_role_duration_seconds", legacy_duration),
	F("assume_role_policy", legacy_policy),
	F("assume_role_policy_arns", legacy_policy_arns),
	F("assume_role_tags", legacy_tags),
	F("assume_role_transitive_tag_keys", legacy_transitive_tag_keys),
#undef F
};
const size_t tf_block_nscalars = ARRAY_SIZE(tf_block_scalars);

void tf_block_read(struct tf_pool *pool, struct tf_auth_block *out, const struct hcl_block *k,
		   const char *path, const char *type)
{
	const struct hcl_block *b;
	/* JSON cannot tell a block from an object: the backend's schema says attribute */
	int json_attr = strcmp(type, "aws") && tf_has_suffix(path, ".json");

	memset(out, 0, sizeof(*out));
	out->present = 1;
	out->type = tf_pool_str(pool, type);
	out->at = ORIGIN_AT(path, k->line, k->col);
	for (const struct hcl_attr *a = k->body->attrs; a; a = a->next) {
		for (size_t i = 0; i < ARRAY_SIZE(tf_block_scalars); i++)
			if (name_is(a, tf_block_scalars[i].name))
				tf_value_from(pool, (struct tf_value *)((char *)out + tf_block_scalars[i].off),
					   a->expr, path);
		if (name_is(a, "alias") && a->expr->kind == HCL_STRING)
			out->alias = tf_pool_dup(pool, a->expr->s, a->expr->len);
		else if (name_is(a, "shared_credentials_files"))
			list_from(pool, NULL, out->shared_credentials_files, TF_MAX_LIST, a->expr,
				  path);
		else if (name_is(a, "shared_config_files"))
			list_from(pool, NULL, out->shared_config_files, TF_MAX_LIST, a->expr, path);
		else if (name_is(a, "allowed_account_ids"))
			list_from(pool, &out->allowed_account_ids, NULL, 0, a->expr, path);
		else if (name_is(a, "forbidden_account_ids"))
			list_from(pool, &out->forbidden_account_ids, NULL, 0, a->expr, path);
		else if (name_is(a, "assume_role") && !out->assume_role_attr)
			assume_role_attr(pool, out, a, path);
	}
	for (b = hcl_body_block(k->body, "assume_role", NULL); b;
	     b = hcl_body_block(k->body, "assume_role", b)) {
		const struct hcl_attr *a;
		int first = json_attr ? !out->assume_role_attr++
				      : !out->assume_role_blocks++ && !out->assume_role_attr;
		if (!first)
			continue; /* the first role is the one credentials start from */
		out->assume_role_at = ORIGIN_AT(path, b->line, b->col);
		out->assume_role_arn.from = ORIGIN_AT(path, b->line, b->col);
		if ((a = hcl_body_attr(b->body, "role_arn")))
			tf_value_from(pool, &out->assume_role_arn, a->expr, path);
		else
			out->assume_role_arn.expr = "(no role_arn)";
		if ((a = hcl_body_attr(b->body, "session_name")))
			tf_value_from(pool, &out->assume_role_session_name, a->expr, path);
		if ((a = hcl_body_attr(b->body, "external_id")))
			tf_value_from(pool, &out->assume_role_external_id, a->expr, path);
	}
	if ((b = hcl_body_block(k->body, "assume_role_with_web_identity", NULL))) {
		const struct hcl_attr *a;
		if ((a = hcl_body_attr(b->body, "role_arn")))
			tf_value_from(pool, &out->web_identity_role_arn, a->expr, path);
		if ((a = hcl_body_attr(b->body, "web_identity_token_file")))
			tf_value_from(pool, &out->web_identity_token_file, a->expr, path);
	}
	if ((b = hcl_body_block(k->body, "endpoints", NULL))) {
		const struct hcl_attr *a = hcl_body_attr(b->body, "sts");
		if (a)
			tf_value_from(pool, &out->sts_endpoint, a->expr, path);
	}
	/* the provider's "endpoints" may also be an attribute map in JSON */
}

/* ---- the directory ----------------------------------------------------- */

/* dir/name, without a leading "./" so paths match what scan prints */
void tf_path_join(struct strbuf *sb, const char *dir, const char *name)
{
	strbuf_reset(sb);
	if (strcmp(dir, "."))
		strbuf_addf(sb, "%s/", dir);
	strbuf_addstr(sb, name);
}

static unsigned name_hash(const char *s, size_t n)
{
	unsigned h = 2166136261u; /* FNV-1a */

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static struct tf_var *var_lookup(const struct tf_config *c, const char *name, size_t n)
{
	unsigned h = name_hash(name, n);

	for (size_t i = 0; i < c->nvars; i++)
		if (c->vars[i].hash == h && c->vars[i].namelen == n &&
		    !memcmp(c->vars[i].name, name, n))
			return &c->vars[i];
	return NULL;
}

static void var_set(struct tf_config *c, const char *name, size_t nlen, const char *value,
		    const char *expr, struct origin from)
{
	struct tf_var *v = var_lookup(c, name, nlen);

	if (!v) {
		ALLOC_GROW(c->vars, c->nvars + 1, c->avars);
		v = &c->vars[c->nvars++];
		v->name = tf_pool_dup(&c->pool, name, nlen);
		v->namelen = nlen;
		v->hash = name_hash(name, nlen);
	}
	v->value = value;
	v->expr = expr;
	v->from = from;
}

int tf_parse_file(struct hcl_file *f, struct strbuf *sb, const char *path, struct diags *d)
{
	int r;

	strbuf_reset(sb);
	r = strbuf_read_file(sb, path, (size_t)TF_MAX_FILE);
	if (r < 0) {
		diags_add(d, DIAG_WARNING, path, 0, 0, "%s", file_why(r));
		memset(f, 0, sizeof(*f));
		return -1;
	}
	if (tf_has_suffix(path, ".json"))
		hcl_parse_json(f, sb->buf, sb->len, path, d);
	else
		hcl_parse(f, sb->buf, sb->len, path, d);
	return 0;
}

static void read_terraform_block(struct tf_config *c, const struct hcl_block *k, const char *path,
				 int root)
{
	const struct hcl_attr *a;
	const struct hcl_block *b;

	if (root && (a = hcl_body_attr(k->body, "required_version")))
		tf_value_from(&c->pool, &c->required_version, a->expr, path);
	if ((b = hcl_body_block(k->body, "required_providers", NULL)) &&
	    (a = hcl_body_attr(b->body, "aws"))) {
		c->provider_required = 1;
		c->provider_constraint.from = ORIGIN_AT(path, a->line, a->col);
		if (a->expr->kind == HCL_STRING) { /* 0.12 style: aws = "~> 3.0" */
			tf_value_from(&c->pool, &c->provider_constraint, a->expr, path);
		} else if (a->expr->kind == HCL_OBJECT) {
			const struct hcl_expr *key = a->expr->keys, *val = a->expr->items;
			for (; key && val; key = key->next, val = val->next)
				if (key->kind == HCL_STRING && !strcmp(key->s, "version"))
					tf_value_from(&c->pool, &c->provider_constraint, val, path);
		}
	}
	if (!root)
		return;
	for (b = k->body->blocks; b; b = b->next) {
		int backend = hcl_name_is(b->type, b->typelen, "backend");
		if (!backend && !hcl_name_is(b->type, b->typelen, "cloud"))
			continue;
		tf_block_read(&c->pool, &c->backend, b, path,
			      backend ? (b->labels ? b->labels->s : "?") : "cloud");
	}
}

static void load_dir(struct tf_config *c, const char *dir, int depth, const struct env *env);

static void read_module_call(struct tf_config *c, const struct hcl_block *k, const char *dir,
			     int depth, const struct env *env)
{
	const struct hcl_attr *a = hcl_body_attr(k->body, "source");
	struct strbuf sub = STRBUF_INIT;

	if (!a || a->expr->kind != HCL_STRING || depth >= MODULE_DEPTH)
		return;
	if (strncmp(a->expr->s, "./", 2) && strncmp(a->expr->s, "../", 3))
		return; /* registry or remote: not on disk (or in .terraform/modules) */
	{
		const char *src = a->expr->s;
		while (!strncmp(src, "./", 2))
			src += 2;
		tf_path_join(&sub, dir, src);
	}
	load_dir(c, sub.buf, depth + 1, env);
	strbuf_release(&sub);
}

void tf_config_add_file(struct tf_config *c, const struct hcl_file *f, const char *path,
			const char *dir, int depth, const struct env *env)
{
	const char *ppath = tf_pool_str(&c->pool, path);

	c->nfiles++;
	for (const struct hcl_block *k = f->body ? f->body->blocks : NULL; k; k = k->next) {
		const char *t = k->type;
		size_t tl = k->typelen;
		if (hcl_name_is(t, tl, "provider") && k->labels && !strcmp(k->labels->s, "aws")) {
			if (c->nproviders < TF_MAX_PROVIDERS) {
				c->provider_depth[c->nproviders] = depth;
				tf_block_read(&c->pool, &c->providers[c->nproviders++], k, ppath,
					      "aws");
			}
		} else if (hcl_name_is(t, tl, "terraform")) {
			read_terraform_block(c, k, ppath, depth == 0);
		} else if (hcl_name_is(t, tl, "variable") && k->labels && depth == 0 &&
			   !(c->flags & TF_LOAD_LIGHT)) {
			const struct hcl_attr *a = hcl_body_attr(k->body, "default");
			struct tf_value v = {0};
			if (a)
				tf_value_from(&c->pool, &v, a->expr, ppath);
			else
				v.from = ORIGIN_AT(ppath, k->line, k->col);
			var_set(c, k->labels->s, k->labels->len, v.v, a ? v.expr : NULL, v.from);
		} else if (hcl_name_is(t, tl, "module") && !(c->flags & TF_LOAD_LIGHT)) {
			read_module_call(c, k, dir, depth, env);
		}
	}
}

static void read_config_file(struct tf_config *c, const char *path, const char *dir, int depth,
			     const struct env *env, struct strbuf *sb)
{
	struct hcl_file f;

	if (c->flags & TF_LOAD_LIGHT) {
		strbuf_reset(sb);
		if (strbuf_read_file(sb, path, (size_t)TF_MAX_FILE) < 0 ||
		    (!memmem(sb->buf, sb->len, "provider", 8) &&
		     !memmem(sb->buf, sb->len, "terraform", 9)))
			return;
	}
	if (tf_parse_file(&f, sb, path, &c->diags) < 0)
		return;
	tf_config_add_file(c, &f, path, dir, depth, env);
	hcl_file_release(&f);
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* sorted names of dir matching a predicate */
static size_t list_dir(const char *dir, char ***out, int (*want)(const char *))
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t nr = 0, alloc = 0;

	*out = NULL;
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		if (!want(de->d_name))
			continue;
		ALLOC_GROW(v, nr + 1, alloc);
		v[nr++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (nr)
		qsort(v, nr, sizeof(*v), entry_cmp);
	*out = v;
	return nr;
}

static int want_config(const char *n)
{
	return n[0] != '.' && (tf_has_suffix(n, ".tf") || tf_has_suffix(n, ".tf.json"));
}

static int want_auto_tfvars(const char *n)
{
	return tf_has_suffix(n, ".auto.tfvars") || tf_has_suffix(n, ".auto.tfvars.json");
}

static void load_dir(struct tf_config *c, const char *dir, int depth, const struct env *env)
{
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	char **names;
	size_t n = list_dir(dir, &names, want_config);

	for (size_t i = 0; i < n; i++) {
		tf_path_join(&path, dir, names[i]);
		read_config_file(c, path.buf, dir, depth, env, &sb);
		free(names[i]);
	}
	free(names);
	strbuf_release(&sb);
	strbuf_release(&path);
}

static void read_tfvars(struct tf_config *c, const char *path, struct strbuf *sb)
{
	struct hcl_file f;
	struct stat st;
	const char *ppath;

	if (stat(path, &st) < 0 || tf_parse_file(&f, sb, path, &c->diags) < 0)
		return;
	ppath = tf_pool_str(&c->pool, path);
	for (const struct hcl_attr *a = f.body ? f.body->attrs : NULL; a; a = a->next) {
		struct tf_value v;
		tf_value_from(&c->pool, &v, a->expr, ppath);
		var_set(c, a->name, a->namelen, v.v, v.expr, v.from);
	}
	hcl_file_release(&f);
}

/* var.x (or "${var.x}") in a provider argument: take the variable's value */
static void resolve(const struct tf_config *c, struct tf_value *tv)
{
	const char *e = tv->expr, *name;
	size_t n;
	const struct tf_var *v;

	if (tv->v || !e)
		return;
	if (!strncmp(e, "\"${", 3))
		e += 3;
	if (strncmp(e, "var.", 4))
		return;
	name = e + 4;
	n = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
	if (name[n] && strcmp(name + n, "}\""))
		return;
	v = var_lookup(c, name, n);
	if (v && v->value) {
		tv->v = v->value;
		tv->from = v->from;
	}
}

void tf_config_init(struct tf_config *c, int flags)
{
	memset(c, 0, sizeof(*c));
	c->flags = flags;
}

int tf_config_load(struct tf_config *c, const char *dir, const struct env *env)
{
	return tf_config_load_flags(c, dir, env, 0);
}

int tf_config_load_flags(struct tf_config *c, const char *dir, const struct env *env, int flags)
{
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	struct stat st;
	char **names;
	size_t n;

	tf_config_init(c, flags);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		diags_add(&c->diags, DIAG_ERROR, dir, 0, 0, "not a directory: %s",
			  strerror(errno ? errno : ENOTDIR));
		return -1;
	}
	load_dir(c, dir, 0, env);
	tf_config_read_extras(c, dir);
	{
		/* tfenv: the variable beats the file */
		const char *tv = env ? env_get_nonempty(env, "TFENV_TERRAFORM_VERSION") : NULL;
		if (tv) {
			c->tfenv_version.v = tf_pool_str(&c->pool, tv);
			c->tfenv_version.from = ORIGIN_ENV_VAR("TFENV_TERRAFORM_VERSION");
		}
	}
	if (flags & TF_LOAD_LIGHT)
		goto done;

	/* variables: TF_VAR_x, then terraform.tfvars(.json), then *.auto.tfvars */
	for (size_t i = 0; i < c->nvars; i++) {
		struct strbuf ev = STRBUF_INIT;
		const char *val;
		strbuf_addf(&ev, "TF_VAR_%s", c->vars[i].name);
		if ((val = env_get(env, ev.buf))) {
			c->vars[i].value = tf_pool_str(&c->pool, val);
			c->vars[i].expr = NULL;
			c->vars[i].from = ORIGIN_ENV_VAR(tf_pool_str(&c->pool, ev.buf));
		}
		strbuf_release(&ev);
	}
	tf_path_join(&path, dir, "terraform.tfvars");
	read_tfvars(c, path.buf, &sb);
	strbuf_addstr(&path, ".json");
	read_tfvars(c, path.buf, &sb);
	n = list_dir(dir, &names, want_auto_tfvars);
	for (size_t i = 0; i < n; i++) {
		tf_path_join(&path, dir, names[i]);
		read_tfvars(c, path.buf, &sb);
		free(names[i]);
	}
	free(names);

	for (size_t i = 0; i < c->nproviders; i++) {
		struct tf_auth_block *b = &c->providers[i];
		struct tf_value *fields[] = {&b->access_key,
					     &b->secret_key,
					     &b->token,
					     &b->profile,
					     &b->region,
					     &b->sts_region,
					     &b->assume_role_arn,
					     &b->assume_role_session_name,
					     &b->shared_credentials_file};
		for (size_t k = 0; k < ARRAY_SIZE(fields); k++)
			resolve(c, fields[k]);
	}
done:
	strbuf_release(&sb);
	strbuf_release(&path);
	return 0;
}

void tf_config_release(struct tf_config *c)
{
	if (!c)
		return;
	tf_pool_release(&c->pool);
	diags_release(&c->diags);
	free(c->vars);
	memset(c, 0, sizeof(*c));
}
