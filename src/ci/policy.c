/*
 * policy.c - IAM trust policies that trust an OIDC provider (GitHub's
 * token.actions.githubusercontent.com, a GitLab host), found in the
 * repository: JSON files (jansson), heredoc JSON in .tf files, and
 * data "aws_iam_policy_document" blocks in .tf files, read by a small
 * brace-matching scan until the HCL parser of src/tf/ is available.
 * jsonencode({...}) and values built from variables are not evaluated.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ci/ci.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

static void pos_at(const char *buf, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1, c = 1;

	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			l++;
			c = 1;
		} else {
			c++;
		}
	}
	*line = l;
	*col = c;
}

static const char *oidc_provider(const char *s)
{
	if (strstr(s, "token.actions.githubusercontent.com"))
		return "token.actions.githubusercontent.com";
	if (strstr(s, "gitlab"))
		return strstr(s, "gitlab");
	return NULL;
}

static struct ci_policy *policy_new(struct ci_ctx *cx, const char *file, const char *provider,
				    const char *role)
{
	struct ci_policy *p;
	size_t n = strcspn(provider, "\"' ]");

	ALLOC_GROW(cx->policies, cx->npolicies + 1, cx->policies_alloc);
	p = &cx->policies[cx->npolicies++];
	memset(p, 0, sizeof(*p));
	p->file = xstrdup(file);
	p->provider = xmemdupz(provider, n);
	p->role = role ? xstrdup(role) : NULL;
	return p;
}

static struct ci_cond *cond_new(struct ci_policy *p, const char *op, const char *key)
{
	struct ci_cond *c;

	ALLOC_GROW(p->conds, p->nconds + 1, p->conds_alloc);
	c = &p->conds[p->nconds++];
	memset(c, 0, sizeof(*c));
	c->op = xstrdup(op);
	c->key = xstrdup(key);
	return c;
}

static void cond_value(struct ci_cond *c, const char *v, size_t n)
{
	c->values = xrealloc(c->values, (c->nvalues + 1) * sizeof(*c->values));
	c->values[c->nvalues++] = xmemdupz(v, n);
}

/* ---- JSON ---- */

static int has_web_identity(json_t *action)
{
	size_t i;
	json_t *a;

	if (json_is_string(action))
		return !strcmp(json_string_value(action), "sts:AssumeRoleWithWebIdentity") ||
		       !strcmp(json_string_value(action), "sts:*");
	json_array_foreach(action, i, a)
		if (has_web_identity(a))
			return 1;
	return 0;
}

static const char *federated(json_t *principal)
{
	json_t *fed = json_object_get(principal, "Federated"), *x;
	size_t i;

	if (json_is_string(fed))
		return oidc_provider(json_string_value(fed));
	json_array_foreach(fed, i, x)
		if (json_is_string(x) && oidc_provider(json_string_value(x)))
			return oidc_provider(json_string_value(x));
	return NULL;
}

static void json_statements(struct ci_ctx *cx, const char *file, const char *buf, size_t base,
			    json_t *doc, const char *role, int depth)
{
	json_t *st, *s;
	const char *key;
	size_t i;

	if (depth > 8 || !json_is_object(doc))
		return;
	st = json_object_get(doc, "Statement");
	if (!st) {
		json_t *v;
		json_object_foreach(doc, key, v)
			json_statements(cx, file, buf, base, v, role, depth + 1);
		return;
	}
	if (json_is_object(st)) {
		s = json_array();
		json_array_append(s, st);
		st = s;
	} else {
		json_incref(st);
	}
	json_array_foreach(st, i, s) {
		const char *prov = federated(json_object_get(s, "Principal"));
		json_t *cond = json_object_get(s, "Condition"), *ops;
		struct ci_policy *p;
		const char *op;

		if (!prov || !has_web_identity(json_object_get(s, "Action")))
			continue;
		p = policy_new(cx, file, prov, role);
		p->deny = json_is_string(json_object_get(s, "Effect")) &&
			  !strcmp(json_string_value(json_object_get(s, "Effect")), "Deny");
		{
			const char *at = strstr(buf + base, "\"Statement\"");
			pos_at(buf, at ? (size_t)(at - buf) : base, &p->line, &p->col);
		}
		json_object_foreach(cond, op, ops) {
			const char *ck;
			json_t *vals;
			json_object_foreach(ops, ck, vals) {
				struct ci_cond *c = cond_new(p, op, ck);
				struct strbuf needle = STRBUF_INIT;
				const char *at;
				json_t *v;
				size_t k;

				strbuf_addf(&needle, "\"%s\"", ck);
				at = strstr(buf + base, needle.buf);
				pos_at(buf, at ? (size_t)(at - buf) : base, &c->line, &c->col);
				strbuf_release(&needle);
				if (json_is_string(vals))
					cond_value(c, json_string_value(vals), strlen(json_string_value(vals)));
				json_array_foreach(vals, k, v)
					if (json_is_string(v))
						cond_value(c, json_string_value(v), strlen(json_string_value(v)));
			}
		}
	}
	json_decref(st);
}

static char *role_from_file(const char *file)
{
	const char *b = strrchr(file, '/');
	const char *dot;

	b = b ? b + 1 : file;
	dot = strrchr(b, '.');
	return xmemdupz(b, dot ? (size_t)(dot - b) : strlen(b));
}

static void json_policy(struct ci_ctx *cx, const char *file, const char *buf, size_t base,
			size_t len, const char *role)
{
	json_error_t err;
	json_t *doc = json_loadb(buf + base, len, JSON_DISABLE_EOF_CHECK, &err);

	if (!doc)
		return; /* not JSON, or not ours to judge */
	json_statements(cx, file, buf, base, doc, role, 0);
	json_decref(doc);
}

void ci_policy_json_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len)
{
	char *role;

	if (!memmem(buf, len, "AssumeRoleWithWebIdentity", 25))
		return;
	role = role_from_file(file);
	json_policy(cx, file, buf, 0, len, role);
	free(role);
}

/* ---- Terraform, by scanning ---- */

/* Offset just past the block that starts at the '{' at off; len when unbalanced. */
static size_t block_end(const char *buf, size_t len, size_t off)
{
	int depth = 0;

	for (size_t i = off; i < len; i++) {
		char c = buf[i];
		if (c == '"') {
			for (i++; i < len && buf[i] != '"' && buf[i] != '\n'; i++)
				if (buf[i] == '\\')
					i++;
		} else if (c == '#' || (c == '/' && i + 1 < len && buf[i + 1] == '/')) {
			while (i < len && buf[i] != '\n')
				i++;
		} else if (c == '{') {
			depth++;
		} else if (c == '}' && --depth == 0) {
			return i + 1;
		}
	}
	return len;
}

/* The string value of `attr = "..."` inside [s, e), or NULL. */
static char *attr_string(const char *buf, size_t s, size_t e, const char *attr, size_t *at)
{
	size_t n = strlen(attr);

	for (size_t i = s; i + n < e; i++) {
		const char *p;
		if (memcmp(buf + i, attr, n) || (i > s && buf[i - 1] != ' ' && buf[i - 1] != '\t' &&
						 buf[i - 1] != '\n'))
			continue;
		p = buf + i + n;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '=')
			continue;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '"')
			continue;
		if (at)
			*at = i;
		return xmemdupz(p + 1, strcspn(p + 1, "\"\n"));
	}
	return NULL;
}

/* The role name of the aws_iam_role whose assume_role_policy mentions ref. */
static char *tf_role_for(const char *buf, size_t len, const char *ref, size_t near)
{
	const char *p = buf;
	char *best = NULL;

	while ((p = memmem(p, len - (size_t)(p - buf), "resource \"aws_iam_role\"", 23))) {
		size_t s = (size_t)(p - buf), ob = s + strcspn(buf + s, "{"), e;
		if (ob >= len)
			break;
		e = block_end(buf, len, ob);
		if ((ref && memmem(buf + ob, e - ob, ref, strlen(ref))) || (!ref && near >= ob && near < e)) {
			free(best);
			best = attr_string(buf, ob, e, "name", NULL);
			if (!best) {
				const char *q = buf + s + 23;
				while (*q == ' ')
					q++;
				if (*q == '"')
					best = xmemdupz(q + 1, strcspn(q + 1, "\""));
			}
			break;
		}
		p = buf + e;
	}
	return best;
}

static void tf_heredocs(struct ci_ctx *cx, const char *file, const char *buf, size_t len)
{
	const char *p = buf;

	while ((p = memmem(p, len - (size_t)(p - buf), "<<", 2))) {
		const char *id = p + 2, *body, *q;
		size_t idn, off;
		char *role;

		if (*id == '-' || *id == '~')
			id++;
		idn = strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789");
		if (!idn || id[idn] != '\n') {
			p += 2;
			continue;
		}
		body = id + idn + 1;
		q = body;
		/* the end marker: a line holding only the identifier */
		while (q < buf + len) {
			const char *ls = q + strspn(q, " \t");
			size_t ll = strcspn(q, "\n");
			if ((size_t)(buf + len - ls) >= idn && !memcmp(ls, id, idn) &&
			    (ls[idn] == '\n' || ls[idn] == '\r' || ls + idn == buf + len))
				break;
			q += ll;
			if (q < buf + len)
				q++;
		}
		off = (size_t)(body - buf);
		if (memmem(body, (size_t)(q - body), "AssumeRoleWithWebIdentity", 25)) {
			role = tf_role_for(buf, len, NULL, off);
			json_policy(cx, file, buf, off, (size_t)(q - body), role);
			free(role);
		}
		p = q;
	}
}

static void tf_policy_documents(struct ci_ctx *cx, const char *file, const char *buf, size_t len)
{
	const char *p = buf;

	while ((p = memmem(p, len - (size_t)(p - buf), "data \"aws_iam_policy_document\"", 30))) {
		size_t s = (size_t)(p - buf), ob = s + strcspn(buf + s, "{"), e, i;
		const char *nm = buf + s + 30;
		char *name = NULL, *ref, *role;

		if (ob >= len)
			break;
		e = block_end(buf, len, ob);
		while (*nm == ' ')
			nm++;
		if (*nm == '"')
			name = xmemdupz(nm + 1, strcspn(nm + 1, "\"\n"));
		ref = xstrfmt("data.aws_iam_policy_document.%s.json", name ? name : "?");
		role = tf_role_for(buf, len, ref, 0);
		if (!role && name)
			role = xstrdup(name);
		/* each statement { ... } */
		for (i = ob + 1; i < e;) {
			const char *st = memmem(buf + i, e - i, "statement", 9);
			size_t sb, se;
			struct ci_policy *pol = NULL;
			const char *prov;
			char *blk;

			if (!st)
				break;
			sb = (size_t)(st - buf) + 9 + strspn(st + 9, " \t");
			if (buf[sb] != '{') {
				i = (size_t)(st - buf) + 9;
				continue;
			}
			se = block_end(buf, len, sb);
			blk = xmemdupz(buf + sb, se - sb);
			prov = oidc_provider(blk);
			if (prov && strstr(blk, "AssumeRoleWithWebIdentity")) {
				size_t j = sb + 1;
				pol = policy_new(cx, file, prov, role);
				pos_at(buf, (size_t)(st - buf), &pol->line, &pol->col);
				pol->deny = strstr(blk, "\"Deny\"") != NULL;
				while (j < se) {
					const char *cb = memmem(buf + j, se - j, "condition", 9);
					size_t cbo, ce, at = 0, k;
					char *test, *var;
					struct ci_cond *c;

					if (!cb)
						break;
					cbo = (size_t)(cb - buf) + 9 + strspn(cb + 9, " \t");
					if (buf[cbo] != '{') {
						j = (size_t)(cb - buf) + 9;
						continue;
					}
					ce = block_end(buf, len, cbo);
					test = attr_string(buf, cbo, ce, "test", NULL);
					var = attr_string(buf, cbo, ce, "variable", &at);
					if (test && var) {
						const char *vals = memmem(buf + cbo, ce - cbo, "values", 6);
						c = cond_new(pol, test, var);
						pos_at(buf, at, &c->line, &c->col);
						if (vals && (vals = memchr(vals, '[', (size_t)(buf + ce - vals)))) {
							for (k = (size_t)(vals - buf) + 1; k < ce && buf[k] != ']'; k++) {
								if (buf[k] == '"') {
									size_t n = strcspn(buf + k + 1, "\"\n");
									cond_value(c, buf + k + 1, n);
									k += n + 1;
								}
							}
						}
					}
					free(test);
					free(var);
					j = ce;
				}
			}
			free(blk);
			i = se;
		}
		free(name);
		free(ref);
		free(role);
		p = buf + e;
	}
}

void ci_policy_tf_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len)
{
	if (!memmem(buf, len, "AssumeRoleWithWebIdentity", 25))
		return;
	tf_heredocs(cx, file, buf, len);
	tf_policy_documents(cx, file, buf, len);
}
