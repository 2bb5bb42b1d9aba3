/*
 * gitlab.c - .gitlab-ci.yml with its local includes: for every job (with
 * extends: and default: resolved the way GitLab merges them) the
 * variables, id_tokens and scripts, and what they show about how the job
 * gets AWS credentials, as facts (ci.h) for checks/ci.c. Each id_tokens aud
 * is also a struct ci_oidc_use for the comparison with trust policies.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ci/ci.h"
#include "ci/yaml.h"
#include "core/file.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

#define MAX_INCLUDES 32
#define MAX_EXTENDS_DEPTH 8

struct gl_doc {
	struct ydoc d;
	const char *file;
	struct strbuf data;
};

struct gl {
	struct ci_ctx *cx;
	struct gl_doc docs[MAX_INCLUDES];
	size_t ndocs;
};

struct gl_job {
	const char *name;
	const struct ynode *node;
	const char *file;
};

static const char *const reserved[] = {"default",	"include",	"stages",   "variables",
				       "workflow",	"image",	"services", "cache",
				       "before_script", "after_script", "types"};

static int is_reserved(const char *k)
{
	for (size_t i = 0; i < ARRAY_SIZE(reserved); i++)
		if (!strcmp(k, reserved[i]))
			return 1;
	return 0;
}

static void load(struct gl *g, const char *file, const char *buf, size_t len, int depth);

/* n: the include's path as written in from; a read error is reported there */
static void include_one(struct gl *g, const struct ynode *n, const char *from, int depth)
{
	struct strbuf p = STRBUF_INIT, data = STRBUF_INIT;
	/* local includes are relative to the repository root */
	const char *dir = g->cx->root ? g->cx->root : g->cx->dir, *path = ynode_str(n);
	int err;

	if (!path || strstr(path, "://") || strchr(path, '*') || g->ndocs >= MAX_INCLUDES)
		goto done;
	while (*path == '/')
		path++;
	if (strcmp(dir, "."))
		strbuf_addf(&p, "%s/", dir);
	strbuf_addstr(&p, path);
	for (size_t i = 0; i < g->ndocs; i++)
		if (!strcmp(g->docs[i].file, p.buf))
			goto done; /* already loaded */
	if ((err = strbuf_read_file(&data, p.buf, CI_MAX_FILE))) {
		diags_add(&g->cx->diags, DIAG_WARNING, from, n->line, n->col,
			  "cannot read the local include %s: %s", p.buf,
			  err == -EFBIG ? "file too large" : file_strerror(err));
		goto done;
	}
	load(g, ci_intern_path(g->cx, p.buf), data.buf, data.len, depth + 1);
done:
	strbuf_release(&p);
	strbuf_release(&data);
}

static void includes(struct gl *g, const struct ynode *inc, const char *from, int depth)
{
	if (depth > 4 || !inc)
		return;
	if (ynode_str(inc)) {
		include_one(g, inc, from, depth);
	} else if (inc->kind == YNODE_MAP) {
		include_one(g, ymap_get(inc, "local", NULL), from, depth);
	} else if (inc->kind == YNODE_SEQ) {
		for (size_t i = 0; i < inc->nr; i++)
			includes(g, inc->v[i], from, depth + 1);
	}
}

static void load(struct gl *g, const char *file, const char *buf, size_t len, int depth)
{
	struct gl_doc *gd;

	if (g->ndocs >= MAX_INCLUDES)
		return;
	gd = &g->docs[g->ndocs++];
	memset(gd, 0, sizeof(*gd));
	gd->file = file;
	strbuf_init(&gd->data, len + 1);
	strbuf_add(&gd->data, buf, len);
	ydoc_parse(&gd->d, gd->data.buf, gd->data.len, file, &g->cx->diags);
	includes(g, ymap_get(gd->d.root, "include", NULL), file, depth);
}

static int find_job(const struct gl *g, const char *name, struct gl_job *out)
{
	for (size_t i = g->ndocs; i-- > 0;) {
		const struct ynode *k = NULL, *v = ymap_get(g->docs[i].d.root, name, &k);
		if (v && v->kind == YNODE_MAP) {
			out->name = name;
			out->node = v;
			out->file = g->docs[i].file;
			return 1;
		}
	}
	return 0;
}

/* A key of a job, through extends: (last parent wins); NULL when absent. */
static const struct ynode *job_get(const struct gl *g, const struct ynode *job, const char *key,
				   const char **file, int depth)
{
	const struct ynode *v = ymap_get(job, key, NULL), *ext;

	if (v || depth > MAX_EXTENDS_DEPTH)
		return v;
	ext = ymap_get(job, "extends", NULL);
	if (ynode_str(ext)) {
		struct gl_job p;
		if (find_job(g, ext->val, &p)) {
			const char *f = p.file;
			v = job_get(g, p.node, key, &f, depth + 1);
			if (v && file)
				*file = f;
		}
		return v;
	}
	for (size_t i = yseq_nr(ext); i-- > 0;) {
		struct gl_job p;
		if (ynode_str(ext->v[i]) && find_job(g, ext->v[i]->val, &p)) {
			const char *f = p.file;
			if ((v = job_get(g, p.node, key, &f, depth + 1))) {
				if (file)
					*file = f;
				return v;
			}
		}
	}
	return NULL;
}

struct var {
	const char *name;
	const struct ynode *key, *val;
	const char *file;
};

struct vars {
	struct var v[64];
	size_t n;
};

static void vars_add(struct vars *vs, const struct ynode *map, const char *file)
{
	for (size_t i = 0; i < ymap_nr(map); i++) {
		const struct ynode *k = ymap_key(map, i), *v = ymap_val(map, i);
		size_t j;

		if (!ynode_str(k))
			continue;
		if (v->kind == YNODE_MAP) /* {value: x, description: y} */
			v = ymap_get(v, "value", NULL);
		for (j = 0; j < vs->n; j++)
			if (!strcmp(vs->v[j].name, k->val))
				break;
		if (j == vs->n) {
			if (vs->n == ARRAY_SIZE(vs->v))
				continue;
			vs->n++;
		}
		vs->v[j] = (struct var){k->val, k, v, file};
	}
}

/* Variables of a job: its extends chain first (deep merge), then its own. */
static void job_vars(const struct gl *g, const struct ynode *job, const char *file, struct vars *vs,
		     int depth)
{
	const struct ynode *ext = ymap_get(job, "extends", NULL);
	struct gl_job p;

	if (depth > MAX_EXTENDS_DEPTH)
		return;
	if (ynode_str(ext) && find_job(g, ext->val, &p))
		job_vars(g, p.node, p.file, vs, depth + 1);
	for (size_t i = 0; i < yseq_nr(ext); i++)
		if (ynode_str(ext->v[i]) && find_job(g, ext->v[i]->val, &p))
			job_vars(g, p.node, p.file, vs, depth + 1);
	vars_add(vs, ymap_get(job, "variables", NULL), file);
}

static const struct var *var_get(const struct vars *vs, const char *name)
{
	for (size_t i = 0; i < vs->n; i++)
		if (!strcmp(vs->v[i].name, name))
			return &vs->v[i];
	return NULL;
}

/*
 * The script items of a job, each with the document it is written in, so
 * a variable a script exports can be reported at its line.
 */
struct sline {
	const struct ynode *n;
	const struct gl_doc *doc;
	const char *key; /* before_script, script, after_script */
};

struct slines {
	struct sline v[256];
	size_t n;
	struct strbuf all; /* every line, newline-separated */
};

static const struct gl_doc *doc_of(const struct gl *g, const char *file)
{
	for (size_t i = 0; i < g->ndocs; i++)
		if (g->docs[i].file == file)
			return &g->docs[i];
	return g->ndocs ? &g->docs[0] : NULL;
}

static void script_lines(const struct gl *g, const struct ynode *s, const struct gl_doc *doc,
			 const char *key, struct slines *out, int depth);

/* !reference [.job, key, ...]: the lines that key of that job holds. */
static void script_reference(const struct gl *g, const struct ynode *ref, const char *key,
			     struct slines *out, int depth)
{
	struct gl_job j;
	const struct ynode *v;

	if (ref->nr < 2 || !ynode_str(ref->v[0]) || !find_job(g, ref->v[0]->val, &j))
		return;
	v = j.node;
	for (size_t i = 1; i < ref->nr && v; i++)
		v = ynode_str(ref->v[i]) ? ymap_get(v, ref->v[i]->val, NULL) : NULL;
	script_lines(g, v, doc_of(g, j.file), key, out, depth + 1);
}

static void script_lines(const struct gl *g, const struct ynode *s, const struct gl_doc *doc,
			 const char *key, struct slines *out, int depth)
{
	if (!s || depth > MAX_EXTENDS_DEPTH)
		return;
	if (ynode_str(s)) {
		strbuf_addstr(&out->all, s->val);
		strbuf_addch(&out->all, '\n');
		if (out->n < ARRAY_SIZE(out->v))
			out->v[out->n++] = (struct sline){s, doc, key};
	} else if (s->kind == YNODE_SEQ && s->reference) {
		script_reference(g, s, key, out, depth);
	} else if (s->kind == YNODE_SEQ) {
		for (size_t j = 0; j < s->nr; j++) /* nested lists are flattened by GitLab */
			script_lines(g, s->v[j], doc, key, out, depth + 1);
	}
}

/*
 * All script lines of a job (before_script, script, after_script): its own
 * or through extends:, else default:'s, else the deprecated top-level
 * before_script/after_script.
 */
static void job_scripts(const struct gl *g, const struct ynode *job, const char *file,
			const struct ynode *deflt, const char *deflt_file, struct slines *out)
{
	static const char *const keys[] = {"before_script", "script", "after_script"};

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *f = file;
		const struct ynode *s = job_get(g, job, keys[i], &f, 0);
		if (!s && i != 1) {
			f = deflt_file;
			s = ymap_get(deflt, keys[i], NULL);
		}
		for (size_t d = g->ndocs; !s && i != 1 && d-- > 0;) {
			f = g->docs[d].file;
			s = ymap_get(g->docs[d].d.root, keys[i], NULL);
		}
		script_lines(g, s, doc_of(g, f), keys[i], out, 0);
	}
}

/*
 * A variable a script sets for the commands after it: `export NAME=value`,
 * `NAME=value cmd` or `declare -x NAME=value`, NAME at the start of a word
 * (not inside a quoted string or a ${NAME:=...}).
 */
struct svar {
	char *value; /* the word after =, unquoted; owned */
	const char *file, *key;
	unsigned line, col;
};

/* Byte offset of a node's start (1-based line and column) in buf. */
static size_t offset_of(const char *buf, size_t len, unsigned line, unsigned col)
{
	size_t off = 0;

	for (unsigned l = 1; l < line && off < len; off++)
		if (buf[off] == '\n')
			l++;
	off += col ? col - 1 : 0;
	return off < len ? off : len;
}

static int script_var(const struct slines *sl, const char *name, struct svar *out)
{
	size_t nlen = strlen(name);

	for (size_t i = sl->n; i-- > 0;) {
		const struct ynode *n = sl->v[i].n;
		const char *s = n->val, *hit = NULL;

		/* the last assignment wins, as in the shell */
		for (const char *p = s; (p = strstr(p, name)); p++) {
			if (p[nlen] != '=' || (p > s && !strchr(" \t;&|(\n", p[-1])))
				continue;
			hit = p;
		}
		if (!hit)
			continue;
		{
			const char *v = hit + nlen + 1;
			struct strbuf w = STRBUF_INIT;
			const struct gl_doc *d = sl->v[i].doc;

			if (*v == '"' || *v == '\'') {
				char q = *v++;
				while (*v && *v != q)
					strbuf_addch(&w, *v++);
			} else {
				while (*v && !strchr(" \t;&|\n", *v))
					strbuf_addch(&w, *v++);
			}
			out->value = strbuf_detach(&w, NULL);
			out->key = sl->v[i].key;
			out->file = d ? d->file : NULL;
			out->line = n->line;
			out->col = n->col;
			if (d) {
				/* where the assignment is written: after the node's start */
				size_t start = offset_of(d->data.buf, d->data.len, n->line, n->col);
				size_t span = d->data.len - start, want = n->len * 2 + 256;
				const char *at = memmem(d->data.buf + start,
							span < want ? span : want, name, nlen);
				if (at)
					ci_pos_of(d->data.buf, (size_t)(at - d->data.buf),
						  &out->line, &out->col);
			}
		}
		return 1;
	}
	return 0;
}

/* Where a script names word (CI_JOB_JWT): the same search as script_var. */
static int script_word(const struct slines *sl, const char *word, struct svar *out)
{
	for (size_t i = 0; i < sl->n; i++) {
		const struct ynode *n = sl->v[i].n;
		const struct gl_doc *d = sl->v[i].doc;

		if (!strstr(n->val, word))
			continue;
		memset(out, 0, sizeof(*out));
		out->key = sl->v[i].key;
		out->file = d ? d->file : NULL;
		out->line = n->line;
		out->col = n->col;
		if (d) {
			size_t start = offset_of(d->data.buf, d->data.len, n->line, n->col);
			size_t span = d->data.len - start, want = n->len * 2 + 256;
			const char *at = memmem(d->data.buf + start, span < want ? span : want,
						word, strlen(word));
			if (at)
				ci_pos_of(d->data.buf, (size_t)(at - d->data.buf), &out->line,
					  &out->col);
		}
		return 1;
	}
	return 0;
}

/* Does a line of the scripts write $NAME to the token file? */
static int writes_token(const char *scripts, const char *name, const char *file)
{
	const char *line = scripts;

	while (*line) {
		size_t n = strcspn(line, "\n");
		char *l = xmemdupz(line, n);
		char *ref1 = xstrfmt("$%s", name), *ref2 = xstrfmt("${%s}", name);
		const char *r = strstr(l, ref1);
		int ok = 0;

		/* $NAME must not be a prefix of a longer name */
		while (r) {
			char c = r[strlen(ref1)];
			if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			      (c >= '0' && c <= '9')))
				break;
			r = strstr(r + 1, ref1);
		}
		if ((r || strstr(l, ref2)) && (strchr(l, '>') || strstr(l, "tee ")) &&
		    (strstr(l, "AWS_WEB_IDENTITY_TOKEN_FILE") ||
		     (file && *file && strstr(l, file))))
			ok = 1;
		free(ref1);
		free(ref2);
		free(l);
		if (ok)
			return 1;
		line += n;
		if (*line)
			line++;
	}
	return 0;
}

static void at_fact(struct ci_gitlab_at *out, const struct svar *v)
{
	out->set = 1;
	out->file = v->file;
	out->key = v->key;
	out->line = v->line;
	out->col = v->col;
}

static void keys_fact(struct ci_ctx *cx, const struct var *key, const char *job, int inherited)
{
	struct ci_fact *f =
		ci_fact_new(cx, CI_FACT_GITLAB_KEYS, key->file, key->key->line, key->key->col);
	const char *v = ynode_str(key->val);

	f->u.glkeys.job = job ? xstrdup(job) : NULL;
	f->u.glkeys.value = v ? xstrdup(v) : NULL;
	f->u.glkeys.inherited = inherited;
}

static void job_facts(struct gl *g, const char *name, const struct ynode *jk,
		      const struct ynode *job, const char *file, const struct vars *global)
{
	struct ci_ctx *cx = g->cx;
	const struct ynode *deflt = NULL, *ids;
	const char *ids_file = file, *deflt_file = NULL, *tokval;
	struct slines *sl = xcalloc(1, sizeof(*sl));
	struct vars vs = *global;
	const struct var *tokfile, *key, *gkey;
	struct svar srole = {0}, stok = {0}, sjwt = {0};
	int has_stok;
	struct ci_fact *fact = ci_fact_new(cx, CI_FACT_GITLAB_JOB, file, jk->line, jk->col);
	struct ci_gitlab_job *j = &fact->u.gljob;

	strbuf_init(&sl->all, 0);
	for (size_t i = g->ndocs; i-- > 0 && !deflt;) {
		deflt = ymap_get(g->docs[i].d.root, "default", NULL);
		deflt_file = g->docs[i].file;
	}
	job_vars(g, job, file, &vs, 0);
	ids = job_get(g, job, "id_tokens", &ids_file, 0);
	if (!ids)
		ids = ymap_get(deflt, "id_tokens", NULL);
	job_scripts(g, job, file, deflt, deflt_file, sl);
	tokfile = var_get(&vs, "AWS_WEB_IDENTITY_TOKEN_FILE");
	key = var_get(&vs, "AWS_ACCESS_KEY_ID");
	/* variables a script exports reach the commands after it, like variables: */
	if (script_var(sl, "AWS_ROLE_ARN", &srole))
		at_fact(&j->role_export, &srole);
	has_stok = script_var(sl, "AWS_WEB_IDENTITY_TOKEN_FILE", &stok);
	if (has_stok)
		at_fact(&j->token_export, &stok);
	if (script_word(sl, "CI_JOB_JWT", &sjwt))
		at_fact(&j->jwt, &sjwt);
	tokval = has_stok			      ? stok.value
		 : tokfile && ynode_str(tokfile->val) ? tokfile->val->val
						      : NULL;
	j->job = xstrdup(name);
	j->token_file = tokval ? xstrdup(tokval) : NULL;
	j->role_var = var_get(&vs, "AWS_ROLE_ARN") != NULL;
	if (tokfile) {
		j->token_var = 1;
		j->token_var_file = tokfile->file;
		j->token_var_line = tokfile->key->line;
		j->token_var_col = tokfile->key->col;
	}
	j->calls_assume = strstr(sl->all.buf, "assume-role-with-web-identity") != NULL;
	for (size_t i = 0; i < ymap_nr(ids); i++) {
		const struct ynode *tk = ymap_key(ids, i);

		j->nids++;
		if (!ynode_str(tk))
			continue;
		if (!j->first_id)
			j->first_id = xstrdup(tk->val);
		if ((tokfile || has_stok) && writes_token(sl->all.buf, tk->val, tokval))
			j->token_written = 1;
	}
	gkey = var_get(global, "AWS_ACCESS_KEY_ID");
	if (key && var_get(&vs, "AWS_SECRET_ACCESS_KEY"))
		keys_fact(cx, key, name, gkey && gkey->key == key->key);
	free(srole.value);
	free(stok.value);
	strbuf_release(&sl->all);
	free(sl);
}

/* aud of each id_tokens entry: a missing one as a fact, the rest as OIDC uses. */
static void queue_auds(struct gl *g, const struct ynode *ids, const char *file)
{
	struct ci_ctx *cx = g->cx;

	for (size_t i = 0; i < ymap_nr(ids); i++) {
		const struct ynode *tk = ymap_key(ids, i),
				   *aud = ymap_get(ymap_val(ids, i), "aud", NULL);
		struct ci_oidc_use *u;

		if (!ynode_str(tk))
			continue;
		if (!aud || ynode_is_null(aud)) {
			ci_fact_new(cx, CI_FACT_GITLAB_NO_AUD, file, tk->line, tk->col)->u.token =
				xstrdup(tk->val);
			continue;
		}
		if (yseq_nr(aud))
			aud = aud->v[0];
		if (!ynode_str(aud))
			continue;
		ALLOC_GROW(cx->uses, cx->nuses + 1, cx->uses_alloc);
		u = &cx->uses[cx->nuses++];
		memset(u, 0, sizeof(*u));
		u->gitlab = 1;
		u->file = file;
		u->job = xstrdup(tk->val);
		u->audience = xstrdup(aud->val);
		u->line = aud->line;
		u->col = aud->col;
	}
}

void ci_gitlab_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len)
{
	struct gl *g = xcalloc(1, sizeof(*g));
	struct vars *global = xcalloc(1, sizeof(*global));

	g->cx = cx;
	load(g, file, buf, len, 0);
	for (size_t i = 0; i < g->ndocs; i++)
		vars_add(global, ymap_get(g->docs[i].d.root, "variables", NULL), g->docs[i].file);
	{
		const struct var *k = var_get(global, "AWS_ACCESS_KEY_ID");
		if (k && var_get(global, "AWS_SECRET_ACCESS_KEY"))
			keys_fact(cx, k, NULL, 0);
	}
	for (size_t i = 0; i < g->ndocs; i++) {
		const struct ynode *root = g->docs[i].d.root;

		queue_auds(g, ymap_get(ymap_get(root, "default", NULL), "id_tokens", NULL),
			   g->docs[i].file);
		for (size_t j = 0; j < ymap_nr(root); j++) {
			const struct ynode *k = ymap_key(root, j), *v = ymap_val(root, j);
			if (!ynode_str(k) || v->kind != YNODE_MAP || is_reserved(k->val))
				continue;
			queue_auds(g, ymap_get(v, "id_tokens", NULL), g->docs[i].file);
			if (k->val[0] == '.')
				continue; /* a template: checked through the jobs that extend it */
			job_facts(g, k->val, k, v, g->docs[i].file, global);
		}
	}
	for (size_t i = 0; i < g->ndocs; i++) {
		ydoc_release(&g->docs[i].d);
		strbuf_release(&g->docs[i].data);
	}
	free(global);
	free(g);
}
