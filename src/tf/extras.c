/*
 * extras.c - what a Terraform directory holds besides its .tf files: the
 * lock file's AWS provider version, the backend settings terraform init
 * recorded in .terraform/terraform.tfstate, a partial S3 backend's
 * configuration file (terraform init -backend-config), and the version
 * tfenv, asdf or mise pin (.terraform-version, .tool-versions).
 */
#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "tf/model_int.h"
#include "tf/tf.h"
#include "core/banned.h"

static void read_lock(struct tf_config *c, const char *dir, struct strbuf *sb)
{
	struct strbuf path = STRBUF_INIT;
	struct hcl_file f;
	struct stat st;

	tf_path_join(&path, dir, ".terraform.lock.hcl");
	if (stat(path.buf, &st) == 0 && tf_parse_file(&f, sb, path.buf, &c->diags) == 0) {
		const char *ppath = tf_pool_str(&c->pool, path.buf);
		for (const struct hcl_block *k = hcl_body_block(f.body, "provider", NULL); k;
		     k = hcl_body_block(f.body, "provider", k)) {
			const struct hcl_attr *a;
			if (!k->labels || !tf_has_suffix(k->labels->s, "hashicorp/aws"))
				continue;
			if ((a = hcl_body_attr(k->body, "version")))
				tf_value_from(&c->pool, &c->lock_version, a->expr, ppath);
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

	tf_path_join(&path, dir, ".terraform/terraform.tfstate");
	root = json_load_file(path.buf, 0, NULL);
	backend = root ? json_object_get(root, "backend") : NULL;
	config = backend ? json_object_get(backend, "config") : NULL;
	type = backend ? json_string_value(json_object_get(backend, "type")) : NULL;
	if (!type || !json_is_object(config))
		goto done;
	if (c->backend.present && strcmp(c->backend.type, type))
		goto done; /* re-init pending: the configuration is what counts */
	ppath = tf_pool_str(&c->pool, path.buf);
	if (!c->backend.present) {
		c->backend.present = 1;
		c->backend.type = tf_pool_str(&c->pool, type);
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

	tf_path_join(&path, dir, name);
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
					ORIGIN_AT(tf_pool_str(&c->pool, path.buf), line, 1);
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
	for (size_t i = 0; i < tf_block_nscalars; i++)
		value_over((struct tf_value *)((char *)dst + tf_block_scalars[i].off),
			   (const struct tf_value *)((const char *)src + tf_block_scalars[i].off));
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
	const char *ppath = tf_pool_str(&c->pool, path);
	int ret = -1;

	if (c->backend.present && tf_parse_file(&f, &sb, ppath, &c->diags) == 0) {
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
	for (size_t i = 0; i < tf_block_nscalars; i++) {
		struct tf_value *tv;
		if (strlen(tf_block_scalars[i].name) != (size_t)(eq - kv) ||
		    strncmp(tf_block_scalars[i].name, kv, (size_t)(eq - kv)))
			continue;
		tv = (struct tf_value *)((char *)&c->backend + tf_block_scalars[i].off);
		tv->v = tf_pool_str(&c->pool, eq + 1);
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
	return tf_has_suffix(name, ".tfbackend") || tf_has_suffix(name, ".backend.hcl") ||
	       (!strncmp(name, "backend", 7) && tf_has_suffix(name, ".hcl"));
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
		tf_path_join(&path, dir, found);
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

