/*
 * gha.c - GitHub Actions workflows: the triggers (as the sub claims the
 * OIDC token would carry), the permissions at workflow and job level, and
 * every aws-actions/configure-aws-credentials step and env block that
 * carries AWS keys, as facts (ci.h) for checks/ci.c; each OIDC step is also
 * a struct ci_oidc_use for the trust-policy comparison, which needs the
 * whole repository.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ci/ci.h"
#include "ci/yaml.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

#define ACTION "aws-actions/configure-aws-credentials"

struct wf {
	struct ci_ctx *cx;
	const char *file;
	const char *buf; /* the workflow as read, to place a run: line's words */
	size_t len;
	const struct ynode *steps; /* the current job's steps, and the step being read */
	size_t step_idx;
	const struct ynode *root, *perms, *env;
	char **events; /* "label\tsub-suffix" */
	size_t nevents, events_alloc;
};

static void add_event(struct wf *w, const char *label, const char *suffix)
{
	ALLOC_GROW(w->events, w->nevents + 1, w->events_alloc);
	w->events[w->nevents++] = xstrfmt("%s\t%s", label, suffix);
}

/* A branch filter may be a glob; stand in a plausible name for it. */
static char *example_ref(const char *pat)
{
	struct strbuf sb = STRBUF_INIT;

	for (const char *p = pat; *p; p++) {
		if (*p == '*') {
			while (p[1] == '*')
				p++;
			strbuf_addstr(&sb, "x");
		} else if (*p != '!') {
			strbuf_addch(&sb, *p);
		}
	}
	return strbuf_detach(&sb, NULL);
}

static void ref_events(struct wf *w, const char *ev, const struct ynode *filter, const char *kind,
		       const char *deflt)
{
	const char *prefix = !strcmp(kind, "tags") ? "refs/tags/" : "refs/heads/";
	int any = 0;

	for (size_t i = 0; i < yseq_nr(filter); i++) {
		const char *b = ynode_str(filter->v[i]);
		char *r, *label, *suf;
		if (!b || b[0] == '!')
			continue;
		r = example_ref(b);
		label = xstrfmt("%s to %s%s", ev, !strcmp(kind, "tags") ? "tag " : "", r);
		suf = xstrfmt("ref:%s%s", prefix, r);
		add_event(w, label, suf);
		free(label);
		free(suf);
		free(r);
		any = 1;
	}
	if (!any && deflt) {
		char *label = xstrfmt("%s to %s", ev, deflt),
		     *suf = xstrfmt("ref:refs/heads/%s", deflt);
		add_event(w, label, suf);
		free(label);
		free(suf);
	}
}

static void one_trigger(struct wf *w, const char *ev, const struct ynode *cfg)
{
	const char *def = w->cx->default_branch ? w->cx->default_branch : "main";

	if (!strcmp(ev, "push")) {
		const struct ynode *br = ymap_get(cfg, "branches", NULL);
		const struct ynode *tags = ymap_get(cfg, "tags", NULL);
		if (yseq_nr(tags))
			ref_events(w, "push", tags, "tags", NULL);
		if (yseq_nr(br) || !yseq_nr(tags))
			ref_events(w, "push", br, "branches", def);
	} else if (!strcmp(ev, "pull_request") || !strcmp(ev, "pull_request_target")) {
		add_event(w, ev, "pull_request");
	} else if (!strcmp(ev, "workflow_dispatch") || !strcmp(ev, "schedule") ||
		   !strcmp(ev, "repository_dispatch") || !strcmp(ev, "workflow_run")) {
		char *label = xstrfmt("%s on %s", ev, def),
		     *suf = xstrfmt("ref:refs/heads/%s", def);
		add_event(w, label, suf);
		free(label);
		free(suf);
	} else if (!strcmp(ev, "release")) {
		add_event(w, "release of tag v1.0.0", "ref:refs/tags/v1.0.0");
	} else if (!strcmp(ev, "merge_group")) {
		char *suf = xstrfmt("ref:refs/heads/gh-readonly-queue/%s/pr-1-x", def);
		add_event(w, "merge_group", suf);
		free(suf);
	}
	/* workflow_call: the caller's claims apply; nothing to compare here */
}

static void triggers(struct wf *w)
{
	const struct ynode *on = ymap_get(w->root, "on", NULL);

	if (!on)
		on = ymap_get(w->root, "true", NULL); /* YAML 1.1 readers turn on into true */
	if (ynode_str(on)) {
		one_trigger(w, on->val, NULL);
	} else if (on && on->kind == YNODE_SEQ) {
		for (size_t i = 0; i < on->nr; i++)
			if (ynode_str(on->v[i]))
				one_trigger(w, on->v[i]->val, NULL);
	} else {
		for (size_t i = 0; i < ymap_nr(on); i++)
			if (ynode_str(ymap_key(on, i)))
				one_trigger(w, ymap_key(on, i)->val, ymap_val(on, i));
	}
}

/* What a permissions value says, for the id-token: write check. */
static void perms_of(const struct ynode *perms, struct ci_gha_perms *out)
{
	const struct ynode *v;

	memset(out, 0, sizeof(*out));
	if (!perms)
		return;
	out->line = perms->line;
	if (ynode_is(perms, "write-all")) {
		out->kind = CI_PERMS_WRITE_ALL;
		return;
	}
	if (perms->kind != YNODE_MAP) {
		out->kind = CI_PERMS_SCALAR;
		out->value = xstrdup(ynode_str(perms) ? perms->val : "...");
		return;
	}
	out->kind = CI_PERMS_MAP;
	v = ymap_get(perms, "id-token", NULL);
	if (v) {
		out->has_id_token = 1;
		out->value = xstrdup(ynode_str(v) ? v->val : "?");
		out->id_line = v->line;
	}
}

static const char *input(const struct ynode *with, const char *name, const struct ynode **keyp)
{
	const struct ynode *v = ymap_get(with, name, keyp);
	const char *s = ynode_str(v);
	return s && *s ? s : NULL;
}

/* AWS keys in an env: block (workflow, job or step), as a fact. */
static void env_keys(struct wf *w, const struct ynode *env, enum ci_keys_in in, const char *job,
		     size_t step, int has_token_above)
{
	const struct ynode *kk = NULL, *k = ymap_get(env, "AWS_ACCESS_KEY_ID", &kk);
	struct ci_fact *f;

	if (!k || !ynode_str(k))
		return;
	f = ci_fact_new(w->cx, CI_FACT_GHA_KEYS, w->file, kk->line, kk->col);
	f->u.keys.in = in;
	f->u.keys.job = job ? xstrdup(job) : NULL;
	f->u.keys.step = step;
	f->u.keys.key = xstrdup(k->val);
	f->u.keys.has_secret = ymap_get(env, "AWS_SECRET_ACCESS_KEY", NULL) != NULL;
	f->u.keys.has_token = ymap_get(env, "AWS_SESSION_TOKEN", NULL) != NULL;
	f->u.keys.token_above = has_token_above;
	f->u.keys.line = kk->line;
	f->u.keys.col = kk->col;
}

/*
 * A variable set for a job by env: (workflow, job or step) or written to
 * $GITHUB_ENV by a run: step (`echo "NAME=value" >> $GITHUB_ENV`, also
 * through tee -a), which every later step of the job sees.
 */
struct jvar {
	enum ci_set_in where;
	unsigned line, col;
	char *value; /* owned */
};

static void jvar_release(struct jvar *v)
{
	free(v->value);
	memset(v, 0, sizeof(*v));
}

static int env_var(const struct ynode *env, const char *name, enum ci_set_in where,
		   struct jvar *out)
{
	const struct ynode *k = NULL, *v = ymap_get(env, name, &k);

	if (!v || !k || ynode_is_null(v))
		return 0;
	jvar_release(out);
	out->where = where;
	out->line = k->line;
	out->col = k->col;
	out->value = xstrdup(ynode_str(v) ? v->val : "?");
	return 1;
}

/* Line and column of the first "NAME=" at or after node n in the workflow. */
static void place_in_run(const struct wf *w, const struct ynode *n, const char *name,
			 unsigned *line, unsigned *col)
{
	size_t off = 0, nlen = strlen(name);
	const char *at;

	*line = n->line;
	*col = n->col;
	for (unsigned l = 1; l < n->line && off < w->len; off++)
		if (w->buf[off] == '\n')
			l++;
	if (off >= w->len)
		return;
	at = memmem(w->buf + off, w->len - off, name, nlen);
	if (at)
		ci_pos_of(w->buf, (size_t)(at - w->buf), line, col);
}

/* The last `echo "NAME=value" >> $GITHUB_ENV` of a run: script. */
static int github_env_var(const struct wf *w, const struct ynode *run, const char *name,
			  struct jvar *out)
{
	const char *s = ynode_str(run), *hit = NULL;
	size_t nlen = strlen(name);

	if (!s)
		return 0;
	for (const char *line = s; *line;) {
		size_t n = strcspn(line, "\n");
		char *l = xmemdupz(line, n);
		const char *p = strstr(l, name);

		if (p && strstr(l, "GITHUB_ENV") && (strstr(l, ">>") || strstr(l, "tee -a")) &&
		    p[nlen] == '=' && p > l && strchr(" \t\"'", p[-1]))
			hit = line + (p - l);
		free(l);
		line += n;
		if (*line)
			line++;
	}
	if (!hit)
		return 0;
	{
		const char *v = hit + nlen + 1, *e = strstr(v, "}}");
		size_t vn = strcspn(v, "\"' \t\n>|");

		if (!strncmp(v, "${{", 3) && e && !memchr(v, '\n', (size_t)(e - v)))
			vn = (size_t)(e + 2 - v); /* an expression: ${{ secrets.ROLE }} */

		jvar_release(out);
		out->where = CI_SET_GITHUB_ENV;
		out->value = xmemdupz(v, vn);
		place_in_run(w, run, name, &out->line, &out->col);
	}
	return 1;
}

/*
 * An input, or the environment variable the action copies into it
 * (translateEnvVariables: AWS_REGION, ROLE_TO_ASSUME, AUDIENCE, ... set in
 * the step's, job's or workflow's env count as the input).
 */
static const char *input_or_env(struct wf *w, const struct ynode *jobn, const struct ynode *step,
				const char *name, const char *envname, const struct ynode **keyp)
{
	const struct ynode *envs[3];
	const char *v = input(ymap_get(step, "with", NULL), name, keyp);

	if (v || !envname)
		return v;
	envs[0] = ymap_get(step, "env", NULL);
	envs[1] = ymap_get(jobn, "env", NULL);
	envs[2] = w->env;
	for (size_t i = 0; i < 3; i++)
		if ((v = input(envs[i], envname, keyp)))
			return v;
	/* written to $GITHUB_ENV by an earlier step of the job: the last one wins */
	for (size_t j = w->step_idx; j-- > 0;) {
		const struct ynode *run = ymap_get(w->steps->v[j], "run", NULL);
		struct jvar jv = {0};

		if (!github_env_var(w, run, envname, &jv))
			continue;
		v = *jv.value ? ci_intern_path(w->cx, jv.value) : NULL;
		jvar_release(&jv);
		if (v && keyp)
			*keyp = run;
		if (v)
			return v;
	}
	return NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void action_step(struct wf *w, const char *job, const struct ynode *jobn,
			const struct ynode *uses, const struct ynode *step)
{
	struct ci_ctx *cx = w->cx;
	const struct ynode *with = ymap_get(step, "with", NULL), *kn = NULL, *an = NULL;
	const char *role = input_or_env(w, jobn, step, "role-to-assume", "ROLE_TO_ASSUME", NULL);
	const char *key = input(with, "aws-access-key-id", &kn);
	const char *token = input(with, "aws-session-token", NULL);
	const char *region = input_or_env(w, jobn, step, "aws-region", "AWS_REGION", NULL);
	const char *audience = input_or_env(w, jobn, step, "audience", "AUDIENCE", &an);
	const char *wit = input_or_env(w, jobn, step, "web-identity-token-file",
				       "WEB_IDENTITY_TOKEN_FILE", NULL);
	const char *chaining = input_or_env(w, jobn, step, "role-chaining", "ROLE_CHAINING", NULL);
	int chain = chaining && !strcmp(chaining, "true");
	const struct ynode *durk = NULL;
	const char *dur = input_or_env(w, jobn, step, "role-duration-seconds",
				       "ROLE_DURATION_SECONDS", &durk);
	const struct ynode *jperms = ymap_get(jobn, "permissions", NULL);
	const struct ynode *envn = ymap_get(jobn, "environment", NULL);
	struct ci_fact *fact = ci_fact_new(cx, CI_FACT_GHA_STEP, w->file, uses->line, uses->col);
	struct ci_gha_step *st = &fact->u.step;

	st->job = xstrdup(job);
	st->uses = xstrdup(uses->val);
	st->role = dup_or_null(role);
	st->region = dup_or_null(region);
	st->default_region =
		dup_or_null(input(ymap_get(jobn, "env", NULL), "AWS_DEFAULT_REGION", NULL));
	if (audience) {
		st->audience = xstrdup(audience);
		st->aud_line = an->line;
		st->aud_col = an->col;
	}
	if (dur) {
		st->duration = xstrdup(dur);
		st->dur_line = durk->line;
		st->dur_col = durk->col;
	}
	st->chaining = chain;
	if (key) {
		st->keys.in = CI_KEYS_ACTION;
		st->keys.job = xstrdup(job);
		st->keys.key = xstrdup(key);
		st->keys.has_secret = input(with, "aws-secret-access-key", NULL) != NULL;
		st->keys.has_token = token != NULL;
		st->keys.region = dup_or_null(region);
		st->keys.line = kn->line;
		st->keys.col = kn->col;
	}
	perms_of(jperms, &st->perms);
	perms_of(w->perms, &st->wf_perms);
	/* the action uses OIDC only without keys, token file or role chaining */
	st->oidc = role && !key && !wit && !chain;
	if (st->oidc) {
		struct ci_oidc_use *ou;

		ALLOC_GROW(cx->uses, cx->nuses + 1, cx->uses_alloc);
		ou = &cx->uses[cx->nuses++];
		memset(ou, 0, sizeof(*ou));
		ou->file = w->file;
		ou->job = xstrdup(job);
		ou->role = xstrdup(role);
		ou->audience = audience ? xstrdup(audience) : NULL;
		if (ynode_str(envn) && *envn->val)
			ou->environment = xstrdup(envn->val);
		else if (ynode_str(ymap_get(envn, "name", NULL)))
			ou->environment = xstrdup(ymap_get(envn, "name", NULL)->val);
		ou->line = uses->line;
		ou->col = uses->col;
		ou->events = xcalloc(w->nevents ? w->nevents : 1, sizeof(char *));
		for (size_t i = 0; i < w->nevents; i++)
			ou->events[ou->nevents++] = xstrdup(w->events[i]);
	}
}

/* Does a run: script talk to AWS or to GitHub's OIDC token endpoint? */
static int run_uses_aws(const struct ynode *run)
{
	static const char *const words[] = {"terraform",
					    "tofu",
					    "terragrunt",
					    "aws ",
					    "cdk ",
					    "AWS_WEB_IDENTITY_TOKEN_FILE",
					    "ACTIONS_ID_TOKEN_REQUEST"};
	const char *s = ynode_str(run);

	for (size_t i = 0; s && i < ARRAY_SIZE(words); i++)
		if (strstr(s, words[i]))
			return 1;
	return 0;
}

/*
 * A job that points the SDK at a web identity token with AWS_ROLE_ARN and
 * AWS_WEB_IDENTITY_TOKEN_FILE (env: at any level or $GITHUB_ENV writes),
 * or fetches the token from ACTIONS_ID_TOKEN_REQUEST_URL itself, needs
 * id-token: write like configure-aws-credentials does: without it the
 * runner sets no ACTIONS_ID_TOKEN_REQUEST_* and the token file stays empty.
 */
static void var_fact(struct ci_gha_var *out, const struct jvar *v)
{
	out->value = dup_or_null(v->value);
	out->in = v->where;
	out->line = v->line;
	out->col = v->col;
}

static void env_oidc_job(struct wf *w, const char *job, const struct ynode *jn)
{
	const struct ynode *steps = ymap_get(jn, "steps", NULL), *jenv = ymap_get(jn, "env", NULL);
	const struct ynode *req = NULL;
	struct jvar role = {0}, tok = {0};
	struct ci_fact *fact;
	struct ci_gha_job *j;

	fact = ci_fact_new(w->cx, CI_FACT_GHA_JOB, w->file, jn->line, jn->col);
	j = &fact->u.job;
	j->job = xstrdup(job);
	j->reusable = ymap_get(jn, "uses", NULL) != NULL;
	for (size_t i = 0; i < yseq_nr(steps); i++) {
		const struct ynode *u = ymap_get(steps->v[i], "uses", NULL);
		if (ynode_str(u) && !strncasecmp(u->val, ACTION, strlen(ACTION)))
			j->has_action = 1;
	}
	env_var(w->env, "AWS_ROLE_ARN", CI_SET_WORKFLOW_ENV, &role);
	env_var(w->env, "AWS_WEB_IDENTITY_TOKEN_FILE", CI_SET_WORKFLOW_ENV, &tok);
	env_var(jenv, "AWS_ROLE_ARN", CI_SET_JOB_ENV, &role);
	env_var(jenv, "AWS_WEB_IDENTITY_TOKEN_FILE", CI_SET_JOB_ENV, &tok);
	for (size_t i = 0; i < yseq_nr(steps); i++) {
		const struct ynode *st = steps->v[i], *senv = ymap_get(st, "env", NULL);
		const struct ynode *run = ymap_get(st, "run", NULL);

		env_var(senv, "AWS_ROLE_ARN", CI_SET_STEP_ENV, &role);
		env_var(senv, "AWS_WEB_IDENTITY_TOKEN_FILE", CI_SET_STEP_ENV, &tok);
		github_env_var(w, run, "AWS_ROLE_ARN", &role);
		github_env_var(w, run, "AWS_WEB_IDENTITY_TOKEN_FILE", &tok);
		if (run_uses_aws(run))
			j->aws_run = 1;
		if (!req && ynode_str(run) && strstr(run->val, "ACTIONS_ID_TOKEN_REQUEST"))
			req = run;
	}
	var_fact(&j->role, &role);
	var_fact(&j->token_file, &tok);
	if (req) {
		j->asks_token = 1;
		j->ask_line = req->line;
		j->ask_col = req->col;
	}
	perms_of(ymap_get(jn, "permissions", NULL), &j->perms);
	perms_of(w->perms, &j->wf_perms);
	jvar_release(&role);
	jvar_release(&tok);
}

void ci_gha_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len)
{
	struct ydoc d = YDOC_INIT;
	struct wf w = {cx, file, buf, len, NULL, 0, NULL, NULL, NULL, NULL, 0, 0};
	const struct ynode *jobs;
	int wf_token;

	ydoc_parse(&d, buf, len, file, &cx->diags);
	w.root = d.root;
	if (!w.root || w.root->kind != YNODE_MAP)
		goto done;
	w.perms = ymap_get(w.root, "permissions", NULL);
	w.env = ymap_get(w.root, "env", NULL);
	triggers(&w);
	wf_token = ymap_get(w.env, "AWS_SESSION_TOKEN", NULL) != NULL;
	env_keys(&w, w.env, CI_KEYS_WORKFLOW_ENV, NULL, 0, 0);
	jobs = ymap_get(w.root, "jobs", NULL);
	for (size_t i = 0; i < ymap_nr(jobs); i++) {
		const struct ynode *jk = ymap_key(jobs, i), *jn = ymap_val(jobs, i);
		const struct ynode *steps = ymap_get(jn, "steps", NULL), *jenv;
		int job_token;

		if (!ynode_str(jk) || jn->kind != YNODE_MAP)
			continue;
		jenv = ymap_get(jn, "env", NULL);
		env_oidc_job(&w, jk->val, jn);
		job_token = wf_token || ymap_get(jenv, "AWS_SESSION_TOKEN", NULL);
		env_keys(&w, jenv, CI_KEYS_JOB_ENV, jk->val, 0, wf_token);
		for (size_t j = 0; j < yseq_nr(steps); j++) {
			const struct ynode *st = steps->v[j];
			const struct ynode *uses = ymap_get(st, "uses", NULL);

			if (ynode_str(uses) && !strncasecmp(uses->val, ACTION, strlen(ACTION)) &&
			    (uses->val[strlen(ACTION)] == '@' || !uses->val[strlen(ACTION)])) {
				w.steps = steps;
				w.step_idx = j;
				action_step(&w, jk->val, jn, uses, st);
			}
			env_keys(&w, ymap_get(st, "env", NULL), CI_KEYS_STEP_ENV, jk->val, j + 1,
				 job_token);
		}
	}
done:
	for (size_t i = 0; i < w.nevents; i++)
		free(w.events[i]);
	free(w.events);
	ydoc_release(&d);
}
