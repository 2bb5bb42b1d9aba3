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

static const char *pool_str(struct tf_pool *p, const char *s)
{
	return tf_pool_dup(p, s, strlen(s));
}

static void value_from(struct tf_pool *pool, struct tf_value *out, const struct hcl_expr *e,
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
		out->v = pool_str(pool, num);
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
		value_from(pool, whole, e, path);
		if (!whole->expr)
			whole->expr = whole->v;
	}
	if (e->kind != HCL_TUPLE) {
		if (vals && max)
			value_from(pool, &vals[0], e, path);
		return;
	}
	for (const struct hcl_expr *x = e->items; x; x = x->next, i++) {
		if (vals && i < max)
			value_from(pool, &vals[i], x, path);
		if (x->kind == HCL_STRING || x->kind == HCL_NUMBER) {
			struct tf_value t;
			value_from(pool, &t, x, path);
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

static int has_suffix(const char *s, const char *suf)
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
		value_from(pool, &out->assume_role_arn, e, path);
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
			value_from(pool, &out->assume_role_arn, val, path);
		else if (!strcmp(key->s, "session_name"))
			value_from(pool, &out->assume_role_session_name, val, path);
		else if (!strcmp(key->s, "external_id"))
			value_from(pool, &out->assume_role_external_id, val, path);
	}
}

/* The scalar arguments of a provider or backend block, by name. */
static const struct {
	const char *name;
	size_t off;
} block_scalars[] = {
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

void tf_block_read(struct tf_pool *pool, struct tf_auth_block *out, const struct hcl_block *k,
		   const char *path, const char *type)
{
	const struct hcl_block *b;
	/* JSON cannot tell a block from an object: the backend's schema says attribute */
	int json_attr = strcmp(type, "aws") && has_suffix(path, ".json");

	memset(out, 0, sizeof(*out));
	out->present = 1;
	out->type = pool_str(pool, type);
	out->at = ORIGIN_AT(path, k->line, k->col);
	for (const struct hcl_attr *a = k->body->attrs; a; a = a->next) {
		for (size_t i = 0; i < ARRAY_SIZE(block_scalars); i++)
			if (name_is(a, block_scalars[i].name))
				value_from(pool, (struct tf_value *)((char *)out + block_scalars[i].off),
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
			value_from(pool, &out->assume_role_arn, a->expr, path);
		else
			out->assume_role_arn.expr = "(no role_arn)";
		if ((a = hcl_body_attr(b->body, "session_name")))
			value_from(pool, &out->assume_role_session_name, a->expr, path);
		if ((a = hcl_body_attr(b->body, "external_id")))
			value_from(pool, &out->assume_role_external_id, a->expr, path);
	}
	if ((b = hcl_body_block(k->body, "assume_role_with_web_identity", NULL))) {
		const struct hcl_attr *a;
		if ((a = hcl_body_attr(b->body, "role_arn")))
			value_from(pool, &out->web_identity_role_arn, a->expr, path);
		if ((a = hcl_body_attr(b->body, "web_identity_token_file")))
			value_from(pool, &out->web_identity_token_file, a->expr, path);
	}
	if ((b = hcl_body_block(k->body, "endpoints", NULL))) {
		const struct hcl_attr *a = hcl_body_attr(b->body, "sts");
		if (a)
			value_from(pool, &out->sts_endpoint, a->expr, path);
	}
	/* the provider's "endpoints" may also be an attribute map in JSON */
}

/* ---- versions ---------------------------------------------------------- */

long tf_version_parse(const char *v)
{
	long part[3] = {0, 0, 0};
	int n = 0;
	const char *p = v;

	while (*p == ' ' || *p == 'v')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	while (n < 3 && *p >= '0' && *p <= '9') {
		char *end;
		part[n++] = strtol(p, &end, 10);
		p = end;
		if (*p != '.')
			break;
		p++;
	}
	if (part[0] > 999999 || part[1] > 999 || part[2] > 999)
		return -1; /* and no signed overflow below */
	return part[0] * 1000000 + part[1] * 1000 + part[2];
}

/*
 * One comma-separated part of a constraint: the versions it allows as
 * [*lo, *hi] (hi -1: no upper bound), or *ne for "!= v". -1 when unreadable.
 */
static int part_bounds(const char *p, size_t n, long *lo, long *hi, long *ne)
{
	char one[64], *q = one;
	long v;
	int dots = 0;

	*lo = 0;
	*hi = *ne = -1;
	if (n >= sizeof(one))
		n = sizeof(one) - 1;
	memcpy(one, p, n);
	one[n] = '\0';
	while (*q == ' ')
		q++;
	if (!strncmp(q, "~>", 2)) {
		v = tf_version_parse(q + 2);
		for (const char *d = q + 2; *d && *d != '-' && *d != '+'; d++)
			dots += *d == '.';
		*lo = v;
		/* only the rightmost component may grow: "~> 5" has no bound */
		if (v >= 0 && dots >= 2)
			*hi = (v / 1000 + 1) * 1000 - 1;
		else if (v >= 0 && dots == 1)
			*hi = (v / 1000000 + 1) * 1000000 - 1;
	} else if (!strncmp(q, "!=", 2)) {
		v = *ne = tf_version_parse(q + 2);
	} else if (!strncmp(q, ">=", 2)) {
		v = *lo = tf_version_parse(q + 2);
	} else if (*q == '>') {
		v = tf_version_parse(q + 1);
		*lo = v + 1;
	} else if (!strncmp(q, "<=", 2)) {
		v = *hi = tf_version_parse(q + 2);
	} else if (*q == '<') {
		v = tf_version_parse(q + 1);
		*hi = v > 0 ? v - 1 : 0;
	} else {
		v = tf_version_parse(*q == '=' ? q + 1 : q);
		*lo = *hi = v;
	}
	return v < 0 ? -1 : 0;
}

/*
 * The bounds of every part of a constraint, and whether probe (>= 0)
 * satisfies them all; -1 when a part is unreadable.
 */
static int parts_each(const char *constraint, long *lo, long *hi, long probe, int *ok)
{
	const char *p = constraint;
	int bad = 0;

	*lo = 0;
	*hi = -1;
	*ok = 1;
	if (!constraint || !*constraint)
		return -1;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		long l, h, ne;

		if (part_bounds(p, n, &l, &h, &ne) < 0) {
			bad = 1;
		} else if (ne >= 0) {
			if (probe == ne)
				*ok = 0;
		} else {
			if (l > *lo)
				*lo = l;
			if (h >= 0 && (*hi < 0 || h < *hi))
				*hi = h;
			if (probe >= 0 && (probe < l || (h >= 0 && probe > h)))
				*ok = 0;
		}
		if (!end)
			break;
		p = end + 1;
	}
	return bad ? -1 : 0;
}

long tf_version_highest(const char *constraint)
{
	long lo, hi;
	int ok;

	parts_each(constraint, &lo, &hi, -1, &ok);
	return hi;
}

int tf_version_bounds(const char *constraint, long *lo, long *hi)
{
	int ok;

	return parts_each(constraint, lo, hi, -1, &ok);
}

int tf_version_satisfies(const char *constraint, long v)
{
	long lo, hi;
	int ok;

	if (v < 0 || parts_each(constraint, &lo, &hi, v, &ok) < 0)
		return -1;
	return ok;
}

/* ---- the directory ----------------------------------------------------- */

/* dir/name, without a leading "./" so paths match what scan prints */
static void path_join(struct strbuf *sb, const char *dir, const char *name)
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

static int parse_file(struct hcl_file *f, struct strbuf *sb, const char *path, struct diags *d)
{
	int r;

	strbuf_reset(sb);
	r = strbuf_read_file(sb, path, (size_t)TF_MAX_FILE);
	if (r < 0) {
		diags_add(d, DIAG_WARNING, path, 0, 0, "%s", file_why(r));
		memset(f, 0, sizeof(*f));
		return -1;
	}
	if (has_suffix(path, ".json"))
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
		value_from(&c->pool, &c->required_version, a->expr, path);
	if ((b = hcl_body_block(k->body, "required_providers", NULL)) &&
	    (a = hcl_body_attr(b->body, "aws"))) {
		c->provider_required = 1;
		c->provider_constraint.from = ORIGIN_AT(path, a->line, a->col);
		if (a->expr->kind == HCL_STRING) { /* 0.12 style: aws = "~> 3.0" */
			value_from(&c->pool, &c->provider_constraint, a->expr, path);
		} else if (a->expr->kind == HCL_OBJECT) {
			const struct hcl_expr *key = a->expr->keys, *val = a->expr->items;
			for (; key && val; key = key->next, val = val->next)
				if (key->kind == HCL_STRING && !strcmp(key->s, "version"))
					value_from(&c->pool, &c->provider_constraint, val, path);
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
		path_join(&sub, dir, src);
	}
	load_dir(c, sub.buf, depth + 1, env);
	strbuf_release(&sub);
}

void tf_config_add_file(struct tf_config *c, const struct hcl_file *f, const char *path,
			const char *dir, int depth, const struct env *env)
{
	const char *ppath = pool_str(&c->pool, path);

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
				value_from(&c->pool, &v, a->expr, ppath);
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
	if (parse_file(&f, sb, path, &c->diags) < 0)
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
	return n[0] != '.' && (has_suffix(n, ".tf") || has_suffix(n, ".tf.json"));
}

static int want_auto_tfvars(const char *n)
{
	return has_suffix(n, ".auto.tfvars") || has_suffix(n, ".auto.tfvars.json");
}

static void load_dir(struct tf_config *c, const char *dir, int depth, const struct env *env)
{
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	char **names;
	size_t n = list_dir(dir, &names, want_config);

	for (size_t i = 0; i < n; i++) {
		path_join(&path, dir, names[i]);
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

	if (stat(path, &st) < 0 || parse_file(&f, sb, path, &c->diags) < 0)
		return;
	ppath = pool_str(&c->pool, path);
	for (const struct hcl_attr *a = f.body ? f.body->attrs : NULL; a; a = a->next) {
		struct tf_value v;
		value_from(&c->pool, &v, a->expr, ppath);
		var_set(c, a->name, a->namelen, v.v, v.expr, v.from);
	}
	hcl_file_release(&f);
}

static void read_lock(struct tf_config *c, const char *dir, struct strbuf *sb)
{
	struct strbuf path = STRBUF_INIT;
	struct hcl_file f;
	struct stat st;

	path_join(&path, dir, ".terraform.lock.hcl");
	if (stat(path.buf, &st) == 0 && parse_file(&f, sb, path.buf, &c->diags) == 0) {
		const char *ppath = pool_str(&c->pool, path.buf);
		for (const struct hcl_block *k = hcl_body_block(f.body, "provider", NULL); k;
		     k = hcl_body_block(f.body, "provider", k)) {
			const struct hcl_attr *a;
			if (!k->labels || !has_suffix(k->labels->s, "hashicorp/aws"))
				continue;
			if ((a = hcl_body_attr(k->body, "version")))
				value_from(&c->pool, &c->lock_version, a->expr, ppath);
		}
		hcl_file_release(&f);
	}
	strbuf_release(&path);
}

/* the backend settings terraform init recorded (partial configuration, -backend-config) */
static void read_tfstate(struct tf_config *c, const char *dir)
{
	static const struct {
		const char *name;
		size_t off;
	} keys[] = {
#define F(n, m) {n, offsetof(struct tf_auth_block, m)}
		F("access_key", access_key), F("secret_key", secret_key),
		F("token", token),	     F("profile", profile),
		F("region", region),	     F("role_arn", legacy_role_arn),
		F("sts_region", sts_region), F("bucket", bucket),
#undef F
	};
	struct strbuf path = STRBUF_INIT;
	json_t *root, *backend, *config;
	const char *type, *ppath;

	path_join(&path, dir, ".terraform/terraform.tfstate");
	root = json_load_file(path.buf, 0, NULL);
	backend = root ? json_object_get(root, "backend") : NULL;
	config = backend ? json_object_get(backend, "config") : NULL;
	type = backend ? json_string_value(json_object_get(backend, "type")) : NULL;
	if (!type || !json_is_object(config))
		goto done;
	if (c->backend.present && strcmp(c->backend.type, type))
		goto done; /* re-init pending: the configuration is what counts */
	ppath = pool_str(&c->pool, path.buf);
	if (!c->backend.present) {
		c->backend.present = 1;
		c->backend.type = pool_str(&c->pool, type);
		c->backend.at = ORIGIN_AT(ppath, 0, 0);
	}
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		struct tf_value *tv = (struct tf_value *)((char *)&c->backend + keys[i].off);
		json_t *j = json_object_get(config, keys[i].name);
		if (tv->v || tv->expr || !json_is_string(j) || !json_string_length(j))
			continue;
		tv->v = tf_pool_dup(&c->pool, json_string_value(j), json_string_length(j));
		tv->from = ORIGIN_AT(ppath, 0, 0);
	}
done:
	json_decref(root);
	strbuf_release(&path);
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

/*
 * The Terraform version pinned for the directory: tfenv's
 * .terraform-version (the first line that is not blank or a comment:
 * "1.7.5", "latest", "min-required", ...), else the terraform line of
 * asdf's / mise's .tool-versions ("terraform 1.7.5", the first version
 * listed wins). Only DIR is read (the tools also look in the parents and
 * ~): a file elsewhere is not this project's.
 */
static int read_pin(struct tf_config *c, const char *dir, const char *name, int tool_versions,
		    struct strbuf *sb)
{
	struct strbuf path = STRBUF_INIT;
	unsigned line = 0;
	int found = 0;

	path_join(&path, dir, name);
	strbuf_reset(sb);
	if (strbuf_read_file(sb, path.buf, 4096) >= 0) {
		const char *p = sb->buf, *end = sb->buf + sb->len;
		while (p < end && !found) {
			const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
			line++;
			while (p < e && (*p == ' ' || *p == '\t'))
				p++;
			while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
				e--;
			if (tool_versions) {
				const char *h = memchr(p, '#', (size_t)(e - p));
				if (h)
					for (e = h; e > p && (e[-1] == ' ' || e[-1] == '\t');)
						e--;
				if (e - p > 10 && !memcmp(p, "terraform", 9) &&
				    (p[9] == ' ' || p[9] == '\t')) {
					const char *v = p + 9, *ve;
					while (v < e && (*v == ' ' || *v == '\t'))
						v++;
					for (ve = v; ve < e && *ve != ' ' && *ve != '\t';)
						ve++;
					if (ve > v) {
						c->tfenv_version.v =
							tf_pool_dup(&c->pool, v, (size_t)(ve - v));
						found = 1;
					}
				}
			} else if (e > p && *p != '#') {
				c->tfenv_version.v = tf_pool_dup(&c->pool, p, (size_t)(e - p));
				found = 1;
			}
			if (found)
				c->tfenv_version.from =
					ORIGIN_AT(pool_str(&c->pool, path.buf), line, 1);
			p = nl ? nl + 1 : end;
		}
	}
	strbuf_release(&path);
	return found;
}

static void read_tfenv(struct tf_config *c, const char *dir, struct strbuf *sb)
{
	if (!read_pin(c, dir, ".terraform-version", 0, sb))
		read_pin(c, dir, ".tool-versions", 1, sb);
}

static void value_over(struct tf_value *dst, const struct tf_value *src)
{
	if (src->v || src->expr)
		memcpy(dst, src, sizeof(*dst));
}

/* terraform init merges -backend-config over the block: what the file sets wins. */
static void block_merge(struct tf_auth_block *dst, const struct tf_auth_block *src)
{
	for (size_t i = 0; i < ARRAY_SIZE(block_scalars); i++)
		value_over((struct tf_value *)((char *)dst + block_scalars[i].off),
			   (const struct tf_value *)((const char *)src + block_scalars[i].off));
	value_over(&dst->assume_role_arn, &src->assume_role_arn);
	value_over(&dst->assume_role_session_name, &src->assume_role_session_name);
	value_over(&dst->assume_role_external_id, &src->assume_role_external_id);
	for (size_t i = 0; i < TF_MAX_LIST; i++) {
		value_over(&dst->shared_credentials_files[i], &src->shared_credentials_files[i]);
		value_over(&dst->shared_config_files[i], &src->shared_config_files[i]);
	}
	if (src->assume_role_attr) {
		dst->assume_role_attr = src->assume_role_attr;
		dst->assume_role_at = src->assume_role_at;
	}
}

int tf_backend_config_file(struct tf_config *c, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	struct tf_auth_block tmp;
	struct hcl_file f;
	struct hcl_block k = {0};
	const char *ppath = pool_str(&c->pool, path);
	int ret = -1;

	if (c->backend.present && parse_file(&f, &sb, ppath, &c->diags) == 0) {
		if (f.body) {
			k.line = k.col = 1;
			k.body = f.body;
			tf_block_read(&c->pool, &tmp, &k, ppath, c->backend.type);
			block_merge(&c->backend, &tmp);
			c->backend.config_file = ppath;
			c->backend.partial = 0;
			ret = 0;
		}
		hcl_file_release(&f);
	}
	strbuf_release(&sb);
	return ret;
}

int tf_backend_config_kv(struct tf_config *c, const char *kv, const struct origin *from)
{
	const char *eq = strchr(kv, '=');

	if (!c->backend.present || !eq)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(block_scalars); i++) {
		struct tf_value *tv;
		if (strlen(block_scalars[i].name) != (size_t)(eq - kv) ||
		    strncmp(block_scalars[i].name, kv, (size_t)(eq - kv)))
			continue;
		tv = (struct tf_value *)((char *)&c->backend + block_scalars[i].off);
		tv->v = pool_str(&c->pool, eq + 1);
		tv->expr = NULL;
		tv->from = *from;
		c->backend.partial = 0; /* the caller says what init gets */
		return 0;
	}
	return -1;
}

/*
 * Is name a backend configuration file: *.tfbackend (Terraform's own
 * suffix), or backend*.hcl / *.backend.hcl as teams name them?
 */
static int backend_file_name(const char *name)
{
	return has_suffix(name, ".tfbackend") || has_suffix(name, ".backend.hcl") ||
	       (!strncmp(name, "backend", 7) && has_suffix(name, ".hcl"));
}

/*
 * backend "s3" without a bucket, neither in the block nor recorded by
 * init: take the directory's one backend configuration file as init
 * -backend-config=FILE would; with none or several, the backend stays
 * partial (its credentials unknown).
 */
static void read_backend_config(struct tf_config *c, const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	char *found = NULL;
	int n = 0;
	struct dirent *de;
	DIR *d;

	if (!c->backend.present || strcmp(c->backend.type, "s3") || c->backend.bucket.v ||
	    c->backend.bucket.expr)
		return;
	c->backend.partial = 1;
	if ((c->flags & TF_LOAD_NO_BACKEND_GUESS) || !(d = opendir(dir)))
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && backend_file_name(de->d_name) && n++ == 0)
			found = xstrdup(de->d_name);
	closedir(d);
	if (n == 1) {
		path_join(&path, dir, found);
		tf_backend_config_file(c, path.buf);
	}
	free(found);
	strbuf_release(&path);
}

void tf_config_read_extras(struct tf_config *c, const char *dir)
{
	struct strbuf sb = STRBUF_INIT;

	read_lock(c, dir, &sb);
	read_tfstate(c, dir);
	read_backend_config(c, dir);
	read_tfenv(c, dir, &sb);
	strbuf_release(&sb);
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
			c->tfenv_version.v = pool_str(&c->pool, tv);
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
			c->vars[i].value = pool_str(&c->pool, val);
			c->vars[i].expr = NULL;
			c->vars[i].from = ORIGIN_ENV_VAR(pool_str(&c->pool, ev.buf));
		}
		strbuf_release(&ev);
	}
	path_join(&path, dir, "terraform.tfvars");
	read_tfvars(c, path.buf, &sb);
	strbuf_addstr(&path, ".json");
	read_tfvars(c, path.buf, &sb);
	n = list_dir(dir, &names, want_auto_tfvars);
	for (size_t i = 0; i < n; i++) {
		path_join(&path, dir, names[i]);
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
