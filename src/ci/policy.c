/*
 * policy.c - IAM trust policies that trust an OIDC provider (GitHub's
 * token.actions.githubusercontent.com, a GitLab host), found in the
 * repository: JSON files (jansson), heredoc JSON in .tf files (found by a
 * scan, so positions point into the .tf file), and data
 * "aws_iam_policy_document" blocks read with the HCL parser of src/tf/.
 * jsonencode({...}) and values built from variables are not evaluated: a
 * condition with such a value is not judged.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ci/ci.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "tf/hcl.h"
#include "core/banned.h"

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
	json_array_foreach(action, i, a) if (has_web_identity(a)) return 1;
	return 0;
}

static const char *federated(json_t *principal)
{
	json_t *fed = json_object_get(principal, "Federated"), *x;
	size_t i;

	if (json_is_string(fed))
		return oidc_provider(json_string_value(fed));
	json_array_foreach(fed, i, x) if (json_is_string(x) &&
					  oidc_provider(json_string_value(
						  x))) return oidc_provider(json_string_value(x));
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
	json_array_foreach(st, i, s)
	{
		const char *prov = federated(json_object_get(s, "Principal"));
		json_t *cond = json_object_get(s, "Condition"), *ops;
		struct ci_policy *p;
		const char *op;

		if (!prov) { /* a Federated ARN built by CloudFormation: go by the condition keys */
			json_object_foreach(cond, op, ops)
			{
				const char *ck;
				json_t *vals;
				json_object_foreach(ops, ck,
						    vals) if (!prov && (strstr(ck, ":sub") ||
									strstr(ck, ":aud"))) prov =
					oidc_provider(ck);
			}
		}
		if (!prov || !has_web_identity(json_object_get(s, "Action")))
			continue;
		p = policy_new(cx, file, prov, role);
		p->deny = json_is_string(json_object_get(s, "Effect")) &&
			  !strcmp(json_string_value(json_object_get(s, "Effect")), "Deny");
		{
			const char *at = strstr(buf + base, "\"Statement\"");
			ci_pos_of(buf, at ? (size_t)(at - buf) : base, &p->line, &p->col);
		}
		json_object_foreach(cond, op, ops)
		{
			const char *ck;
			json_t *vals;
			json_object_foreach(ops, ck, vals)
			{
				struct ci_cond *c = cond_new(p, op, ck);
				struct strbuf needle = STRBUF_INIT;
				const char *at;
				json_t *v;
				size_t k;

				strbuf_addf(&needle, "\"%s\"", ck);
				at = strstr(buf + base, needle.buf);
				ci_pos_of(buf, at ? (size_t)(at - buf) : base, &c->line, &c->col);
				strbuf_release(&needle);
				if (json_is_string(vals))
					cond_value(c, json_string_value(vals),
						   strlen(json_string_value(vals)));
				else if (!json_is_array(vals))
					c->unknown = 1; /* {"Fn::Sub": ...} and friends */
				json_array_foreach(vals, k, v) if (json_is_string(v)) cond_value(
					c, json_string_value(v), strlen(json_string_value(v)));
				else c->unknown = 1;
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
		if (memcmp(buf + i, attr, n) ||
		    (i > s && buf[i - 1] != ' ' && buf[i - 1] != '\t' && buf[i - 1] != '\n'))
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
		if ((ref && memmem(buf + ob, e - ob, ref, strlen(ref))) ||
		    (!ref && near >= ob && near < e)) {
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

/* The text of an expression: a decoded string or its source. */
static void expr_text(struct strbuf *sb, const struct hcl_expr *e)
{
	if (!e)
		return;
	if (e->kind == HCL_STRING)
		strbuf_add(sb, e->s, e->len);
	else if (e->kind == HCL_TUPLE)
		for (const struct hcl_expr *i = e->items; i; i = i->next) {
			expr_text(sb, i);
			strbuf_addch(sb, ' ');
		}
	else if (e->src)
		strbuf_add(sb, e->src, e->srclen);
}

static const char *attr_str(const struct hcl_body *b, const char *name)
{
	const struct hcl_attr *a = hcl_body_attr(b, name);
	return a && a->expr && a->expr->kind == HCL_STRING ? a->expr->s : NULL;
}

static int block_is(const struct hcl_block *b, const char *type, const char *label0)
{
	return hcl_name_is(b->type, b->typelen, type) &&
	       (!label0 || (b->labels && hcl_name_is(b->labels->s, b->labels->len, label0)));
}

/* The name of the aws_iam_role whose assume_role_policy names this document. */
static char *tf_role_of_document(const struct hcl_file *hf, const char *doc)
{
	char *ref = xstrfmt("data.aws_iam_policy_document.%s.json", doc);
	char *ret = NULL;

	for (const struct hcl_block *b = hf->body->blocks; b && !ret; b = b->next) {
		const struct hcl_attr *a;
		struct strbuf sb = STRBUF_INIT;

		if (!block_is(b, "resource", "aws_iam_role") || !b->body)
			continue;
		a = hcl_body_attr(b->body, "assume_role_policy");
		expr_text(&sb, a ? a->expr : NULL);
		if (strstr(sb.buf, ref)) {
			const char *n = attr_str(b->body, "name");
			ret = n ? xstrdup(n)
			      : b->labels && b->labels->next
				      ? xmemdupz(b->labels->next->s, b->labels->next->len)
				      : NULL;
		}
		strbuf_release(&sb);
	}
	free(ref);
	return ret;
}

static void tf_statement(struct ci_ctx *cx, const char *file, const struct hcl_block *st,
			 const char *role)
{
	struct strbuf txt = STRBUF_INIT;
	const struct hcl_attr *a;
	const char *prov = NULL, *effect;
	struct ci_policy *pol = NULL;
	char *provcopy = NULL;

	if (!st->body)
		return;
	a = hcl_body_attr(st->body, "actions");
	expr_text(&txt, a ? a->expr : NULL);
	if (!strstr(txt.buf, "AssumeRoleWithWebIdentity") && !strstr(txt.buf, "sts:*"))
		goto done;
	for (const struct hcl_block *p = st->body->blocks; p; p = p->next) {
		if (!block_is(p, "principals", NULL) || !p->body)
			continue;
		strbuf_reset(&txt);
		a = hcl_body_attr(p->body, "identifiers");
		expr_text(&txt, a ? a->expr : NULL);
		if ((prov = oidc_provider(txt.buf)))
			break;
		if (strstr(txt.buf, "github")) {
			prov = "token.actions.githubusercontent.com";
			break;
		}
	}
	/* identifiers = [aws_iam_openid_connect_provider.x.arn]: go by the condition keys */
	for (const struct hcl_block *c = st->body->blocks; c && !prov; c = c->next) {
		const char *var = block_is(c, "condition", NULL) && c->body
					  ? attr_str(c->body, "variable")
					  : NULL;
		if (var && (strstr(var, ":sub") || strstr(var, ":aud")) && oidc_provider(var)) {
			provcopy = xmemdupz(var, strcspn(var, ":"));
			prov = provcopy;
		}
	}
	if (!prov)
		goto done;
	pol = policy_new(cx, file, prov, role);
	pol->line = st->line;
	pol->col = st->col;
	effect = attr_str(st->body, "effect");
	pol->deny = effect && !strcmp(effect, "Deny");
	for (const struct hcl_block *c = st->body->blocks; c; c = c->next) {
		const char *test, *var;
		const struct hcl_attr *va, *vals;
		struct ci_cond *cc;

		if (!block_is(c, "condition", NULL) || !c->body)
			continue;
		test = attr_str(c->body, "test");
		var = attr_str(c->body, "variable");
		va = hcl_body_attr(c->body, "variable");
		vals = hcl_body_attr(c->body, "values");
		if (!test || !var)
			continue;
		cc = cond_new(pol, test, var);
		cc->line = va->line;
		cc->col = va->col;
		if (!vals || !vals->expr || vals->expr->kind != HCL_TUPLE) {
			cc->unknown = 1;
			continue;
		}
		for (const struct hcl_expr *i = vals->expr->items; i; i = i->next)
			if (i->kind == HCL_STRING)
				cond_value(cc, i->s, i->len);
			else
				cc->unknown = 1; /* "repo:${var.repo}:*" is not evaluated */
	}
done:
	free(provcopy);
	strbuf_release(&txt);
}

/* data "aws_iam_policy_document" blocks, through the HCL parser of src/tf/. */
static void tf_policy_documents(struct ci_ctx *cx, const char *file, const char *buf, size_t len)
{
	struct hcl_file hf = {0};
	struct diags dg = DIAGS_INIT;

	/* syntax errors are the Terraform area's to report; the tree is kept */
	hcl_parse(&hf, buf, len, file, &dg);
	for (const struct hcl_block *b = hf.body ? hf.body->blocks : NULL; b; b = b->next) {
		char *doc, *role;

		if (!block_is(b, "data", "aws_iam_policy_document") || !b->labels->next || !b->body)
			continue;
		doc = xmemdupz(b->labels->next->s, b->labels->next->len);
		role = tf_role_of_document(&hf, doc);
		for (const struct hcl_block *st = b->body->blocks; st; st = st->next)
			if (block_is(st, "statement", NULL))
				tf_statement(cx, file, st, role ? role : doc);
		free(doc);
		free(role);
	}
	hcl_file_release(&hf);
	diags_release(&dg);
}

void ci_policy_tf_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len)
{
	if (!memmem(buf, len, "AssumeRoleWithWebIdentity", 25))
		return;
	tf_heredocs(cx, file, buf, len);
	tf_policy_documents(cx, file, buf, len);
}
