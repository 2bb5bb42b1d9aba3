/*
 * gha.c - GitHub Actions workflows: the triggers (as the sub claims the
 * OIDC token would carry), the permissions at workflow and job level, and
 * every aws-actions/configure-aws-credentials step and env block that
 * carries AWS keys. The step checks need only one file and run here; the
 * trust-policy comparison needs the whole repository and is queued for
 * ci_finish() as a struct ci_oidc_use.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/keyfmt.h"
#include "ci/ci.h"
#include "ci/yaml.h"
#include "core/redact.h"
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

/* id-token: write granted by a permissions value? */
static int grants_id_token(const struct ynode *perms, struct strbuf *why)
{
	const struct ynode *v;

	if (!perms) {
		strbuf_addstr(why,
			      "neither the workflow nor the job has a permissions block, and the "
			      "default GITHUB_TOKEN permissions never include id-token: write");
		return 0;
	}
	if (ynode_is(perms, "write-all"))
		return 1;
	if (perms->kind != YNODE_MAP) {
		strbuf_addf(
			why,
			"permissions at line %u is '%s', which does not include id-token: write",
			perms->line, ynode_str(perms) ? perms->val : "...");
		return 0;
	}
	v = ymap_get(perms, "id-token", NULL);
	if (ynode_is(v, "write"))
		return 1;
	if (v)
		strbuf_addf(why, "id-token is '%s' at line %u; it must be write",
			    ynode_str(v) ? v->val : "?", v->line);
	else
		strbuf_addf(why, "the permissions block at line %u does not grant id-token: write",
			    perms->line);
	return 0;
}

static const char *input(const struct ynode *with, const char *name, const struct ynode **keyp)
{
	const struct ynode *v = ymap_get(with, name, keyp);
	const char *s = ynode_str(v);
	return s && *s ? s : NULL;
}

/*
 * Is the key id temporary? A literal ASIA key, an output of an earlier
 * step or job (an assumed role), or a secret named like a session.
 */
static const char *temporary_reason(const char *v)
{
	if (!v)
		return NULL;
	if (keyid_kind(v, strlen(v)) == KEYID_TEMPORARY)
		return "a temporary ASIA key id";
	if (strstr(v, "steps.") || strstr(v, "needs."))
		return "an output of an earlier step, which is a temporary key";
	if (strstr(v, "secrets.") || strstr(v, "vars.")) {
		const char *p = strstr(v, "secrets.") ? strstr(v, "secrets.") : strstr(v, "vars.");
		size_t n = strcspn(p, " }");
		char *name = xmemdupz(p, n);
		int tmp = strcasestr(name, "SESSION") || strcasestr(name, "TEMP") ||
			  strcasestr(name, "STS") || strcasestr(name, "ASSUMED");
		free(name);
		if (tmp)
			return "the secret's name says it holds temporary credentials";
	}
	return NULL;
}

static void key_source(struct strbuf *sb, const char *v)
{
	strbuf_reset(sb);
	if (v && keyid_kind(v, strlen(v)) != KEYID_UNKNOWN) {
		char *m = redact_key_id_dup(v);
		strbuf_addf(sb, "the literal key %s written in the workflow", m);
		free(m);
	} else {
		const char *p = v ? strstr(v, "${{") : NULL;
		if (p) {
			const char *e = strstr(p, "}}");
			strbuf_add(sb, p, e ? (size_t)(e + 2 - p) : strlen(p));
		} else {
			strbuf_addstr(sb, v ? "a value written in the workflow" : "?");
		}
	}
}

/* AWS keys in an env: block (workflow, job or step). */
static void env_keys(struct wf *w, const struct ynode *env, const char *where, int has_token_above)
{
	const struct ynode *kk = NULL, *k, *s, *t;
	struct strbuf src = STRBUF_INIT;
	struct finding *f;
	const char *why;

	k = ymap_get(env, "AWS_ACCESS_KEY_ID", &kk);
	s = ymap_get(env, "AWS_SECRET_ACCESS_KEY", NULL);
	t = ymap_get(env, "AWS_SESSION_TOKEN", NULL);
	if (!k || !s || !ynode_str(k))
		goto done;
	key_source(&src, k->val);
	why = temporary_reason(k->val);
	if (why && !t && !has_token_above) {
		f = findings_add(w->cx->fs, F_GHA_STATIC_KEYS_MISSING_SESSION_TOKEN,
				 &ORIGIN_AT(w->file, kk->line, kk->col));
		finding_set(f, "where", "%s", where);
		finding_set(f, "key_source", "%s", src.buf);
		finding_set(f, "why", "%s", why);
		finding_set(f, "fix", "%s",
			    "      env:\n        AWS_SESSION_TOKEN: <the token issued with the "
			    "key, e.g. ${{ steps.<id>.outputs.aws-session-token }}>");
	} else if (!why && !t) {
		f = findings_add(w->cx->fs, F_GHA_STATIC_KEYS,
				 &ORIGIN_AT(w->file, kk->line, kk->col));
		finding_set(f, "where", "%s", where);
		finding_set(f, "keys", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
		finding_set(f, "source", "%s", src.buf);
		finding_set(f, "region", "us-east-1");
	}
done:
	strbuf_release(&src);
}

/*
 * A variable set for a job by env: (workflow, job or step) or written to
 * $GITHUB_ENV by a run: step (`echo "NAME=value" >> $GITHUB_ENV`, also
 * through tee -a), which every later step of the job sees.
 */
struct jvar {
	/* "the workflow's env", "the job's env", "a step's env" or "$GITHUB_ENV" */
	const char *where;
	unsigned line, col;
	char *value;  /* owned */
	int workflow; /* set for every job of the workflow */
};

static void jvar_release(struct jvar *v)
{
	free(v->value);
	memset(v, 0, sizeof(*v));
}

static int env_var(const struct ynode *env, const char *name, const char *where, int workflow,
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
	out->workflow = workflow;
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
		out->where = "$GITHUB_ENV";
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

static void action_step(struct wf *w, const char *job, const struct ynode *jobn,
			const struct ynode *uses, const struct ynode *step)
{
	struct ci_ctx *cx = w->cx;
	const char *u = uses->val, *ref = strchr(u, '@');
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
	struct strbuf sb = STRBUF_INIT;
	struct finding *f;

	ref = ref ? ref + 1 : "";
	/* versions */
	if (ref[0] == 'v' && ref[1] >= '0' && ref[1] <= '9' && strtol(ref + 1, NULL, 10) < 6) {
		f = findings_add(cx->fs, F_GHA_ACTION_OUTDATED,
				 &ORIGIN_AT(w->file, uses->line, uses->col));
		finding_set(f, "uses", "%s", u);
		finding_set(f, "major", "v%ld", strtol(ref + 1, NULL, 10));
	}
	if (!(strlen(ref) == 40 && strspn(ref, "0123456789abcdef") == 40)) {
		f = findings_add(cx->fs, F_GHA_ACTION_UNPINNED,
				 &ORIGIN_AT(w->file, uses->line, uses->col));
		finding_set(f, "uses", "%s", u);
		finding_set(f, "kind", "%s",
			    ref[0] == 'v' && ref[1] >= '0' && ref[1] <= '9' ? "tag"
									    : "branch or tag");
		finding_set(f, "ref", "%s", *ref ? ref : "v6");
	}
	if (!region) {
		const char *r = input(ymap_get(jobn, "env", NULL), "AWS_DEFAULT_REGION", NULL);
		f = findings_add(cx->fs, F_GHA_REGION_MISSING,
				 &ORIGIN_AT(w->file, uses->line, uses->col));
		finding_set(f, "job", "%s", job);
		finding_set(f, "region", "%s", r ? r : "us-east-1");
	}
	if (audience && strcmp(audience, "sts.amazonaws.com")) {
		f = findings_add(cx->fs, F_GHA_AUDIENCE_MISMATCH,
				 &ORIGIN_AT(w->file, an->line, an->col));
		finding_set(f, "audience", "%s", audience);
		finding_set(f, "detail", "%s",
			    ", not the default sts.amazonaws.com: the IAM OIDC provider must list "
			    "it as a "
			    "client id and the trust policy's :aud condition must accept it");
		finding_set(f, "fix", "%s",
			    "          audience: sts.amazonaws.com   # or: aws iam "
			    "add-client-id-to-open-id-connect-provider "
			    "--open-id-connect-provider-arn <provider arn> --client-id <audience>");
	}
	if (dur && strtol(dur, NULL, 10) > 3600) {
		long secs = strtol(dur, NULL, 10);
		const char *rn =
			role && strstr(role, ":role/") ? strrchr(role, '/') + 1 : "<role name>";
		f = findings_add(cx->fs, F_GHA_ROLE_DURATION,
				 &ORIGIN_AT(w->file, durk->line, durk->col));
		finding_set(f, "seconds", "%ld", secs);
		finding_set(f, "human", "%.1f hours", (double)secs / 3600.0);
		if (chain) {
			finding_set(f, "detail", "%s",
				    "; role-chaining is on, and a chained role session "
				    "lasts at most one hour whatever MaxSessionDuration says");
			finding_set(f, "fix", "%s", "          role-duration-seconds: 3600");
		} else {
			finding_set(f, "detail",
				    "; the role's MaxSessionDuration must be at least %ld, "
				    "or AssumeRole is refused",
				    secs);
			finding_set(f, "fix",
				    "aws iam update-role --role-name %s --max-session-duration %ld"
				    "   # or lower role-duration-seconds to 3600",
				    rn, secs);
		}
	}
	if (key) {
		const char *why = temporary_reason(key);
		key_source(&sb, key);
		if (why && !token) {
			f = findings_add(cx->fs, F_GHA_STATIC_KEYS_MISSING_SESSION_TOKEN,
					 &ORIGIN_AT(w->file, kn->line, kn->col));
			finding_set(f, "where", "the step in job '%s'", job);
			finding_set(f, "key_source", "%s", sb.buf);
			finding_set(f, "why", "%s", why);
			finding_set(f, "fix", "%s",
				    "          aws-session-token: <the token issued with the key, "
				    "e.g. ${{ steps.<id>.outputs.aws-session-token }}>");
		} else if (!why && !token) {
			f = findings_add(cx->fs, F_GHA_STATIC_KEYS,
					 &ORIGIN_AT(w->file, kn->line, kn->col));
			finding_set(f, "where", "the step in job '%s'", job);
			finding_set(f, "keys", "aws-access-key-id and aws-secret-access-key");
			finding_set(f, "source", "%s", sb.buf);
			finding_set(f, "region", "%s", region ? region : "us-east-1");
		}
	}
	/* the action uses OIDC only without keys, token file or role chaining */
	if (role && !key && !wit && !chain) {
		const struct ynode *perms = jperms ? jperms : w->perms;
		struct ci_oidc_use *ou;
		struct strbuf scratch = STRBUF_INIT;

		strbuf_reset(&sb);
		if (!grants_id_token(perms, &sb)) {
			if (jperms && grants_id_token(w->perms, &scratch)) {
				strbuf_reset(&sb);
				strbuf_addf(
					&sb,
					"the job's own permissions block (line %u) replaces the "
					"workflow's, and it does not grant id-token: write",
					jperms->line);
			}
			f = findings_add(cx->fs, F_GHA_OIDC_MISSING_ID_TOKEN_PERMISSION,
					 &ORIGIN_AT(w->file, uses->line, uses->col));
			finding_set(f, "job", "%s", job);
			finding_set(f, "role", "%s", role);
			finding_set(f, "detail", "%s", sb.buf);
		}
		strbuf_release(&scratch);
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
	strbuf_release(&sb);
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
static void env_oidc_job(struct wf *w, const char *job, const struct ynode *jn)
{
	const struct ynode *steps = ymap_get(jn, "steps", NULL), *jenv = ymap_get(jn, "env", NULL);
	const struct ynode *jperms = ymap_get(jn, "permissions", NULL), *req = NULL;
	struct jvar role = {0}, tok = {0};
	struct strbuf why = STRBUF_INIT, scratch = STRBUF_INIT;
	int aws_run = 0;
	struct finding *f;

	if (ymap_get(jn, "uses", NULL))
		return; /* a reusable workflow: its own jobs say what they need */
	for (size_t j = 0; j < yseq_nr(steps); j++) {
		const struct ynode *u = ymap_get(steps->v[j], "uses", NULL);
		if (ynode_str(u) && !strncasecmp(u->val, ACTION, strlen(ACTION)))
			return; /* the action's own checks (action_step) cover the job */
	}
	env_var(w->env, "AWS_ROLE_ARN", "the workflow's env", 1, &role);
	env_var(w->env, "AWS_WEB_IDENTITY_TOKEN_FILE", "the workflow's env", 1, &tok);
	env_var(jenv, "AWS_ROLE_ARN", "the job's env", 0, &role);
	env_var(jenv, "AWS_WEB_IDENTITY_TOKEN_FILE", "the job's env", 0, &tok);
	for (size_t j = 0; j < yseq_nr(steps); j++) {
		const struct ynode *st = steps->v[j], *senv = ymap_get(st, "env", NULL);
		const struct ynode *run = ymap_get(st, "run", NULL);

		env_var(senv, "AWS_ROLE_ARN", "a step's env", 0, &role);
		env_var(senv, "AWS_WEB_IDENTITY_TOKEN_FILE", "a step's env", 0, &tok);
		github_env_var(w, run, "AWS_ROLE_ARN", &role);
		github_env_var(w, run, "AWS_WEB_IDENTITY_TOKEN_FILE", &tok);
		if (run_uses_aws(run))
			aws_run = 1;
		if (!req && ynode_str(run) && strstr(run->val, "ACTIONS_ID_TOKEN_REQUEST"))
			req = run;
	}
	if (!req && !(role.value && tok.value))
		goto done;
	/* a Kubernetes service account token (EKS IRSA on a self-hosted runner): not GitHub's */
	if (!req && strstr(tok.value, "/var/run/secrets/"))
		goto done;
	/* the workflow's env reaches every job; judge only the jobs that use AWS */
	if (!req && role.workflow && tok.workflow && !aws_run)
		goto done;
	if (grants_id_token(jperms ? jperms : w->perms, &why))
		goto done;
	if (jperms && grants_id_token(w->perms, &scratch)) {
		strbuf_reset(&why);
		strbuf_addf(&why,
			    "the job's own permissions block (line %u) replaces the workflow's, "
			    "and it does not grant id-token: write",
			    jperms->line);
	}
	if (role.value) {
		f = findings_add(w->cx->fs, F_GHA_WEB_IDENTITY_MISSING_ID_TOKEN_PERMISSION,
				 &ORIGIN_AT(w->file, role.line, role.col));
		finding_set(f, "role", "%s (AWS_ROLE_ARN from %s)", role.value, role.where);
	} else {
		f = findings_add(w->cx->fs, F_GHA_WEB_IDENTITY_MISSING_ID_TOKEN_PERMISSION,
				 &ORIGIN_AT(w->file, req->line, req->col));
		finding_set(f, "role", "%s", "a role (the step asks ACTIONS_ID_TOKEN_REQUEST_URL)");
	}
	finding_set(f, "job", "%s", job);
	finding_set(f, "detail", "%s", why.buf);
done:
	jvar_release(&role);
	jvar_release(&tok);
	strbuf_release(&why);
	strbuf_release(&scratch);
}

void ci_gha_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len)
{
	struct ydoc d = YDOC_INIT;
	struct wf w = {cx, file, buf, len, NULL, 0, NULL, NULL, NULL, NULL, 0, 0};
	const struct ynode *jobs;
	struct strbuf where = STRBUF_INIT;
	int wf_token;

	ydoc_parse(&d, buf, len, file, &cx->diags);
	w.root = d.root;
	if (!w.root || w.root->kind != YNODE_MAP)
		goto done;
	w.perms = ymap_get(w.root, "permissions", NULL);
	w.env = ymap_get(w.root, "env", NULL);
	triggers(&w);
	wf_token = ymap_get(w.env, "AWS_SESSION_TOKEN", NULL) != NULL;
	env_keys(&w, w.env, "the workflow's env", 0);
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
		strbuf_reset(&where);
		strbuf_addf(&where, "the env of job '%s'", jk->val);
		env_keys(&w, jenv, where.buf, wf_token);
		for (size_t j = 0; j < yseq_nr(steps); j++) {
			const struct ynode *st = steps->v[j];
			const struct ynode *uses = ymap_get(st, "uses", NULL);

			if (ynode_str(uses) && !strncasecmp(uses->val, ACTION, strlen(ACTION)) &&
			    (uses->val[strlen(ACTION)] == '@' || !uses->val[strlen(ACTION)])) {
				w.steps = steps;
				w.step_idx = j;
				action_step(&w, jk->val, jn, uses, st);
			}
			strbuf_reset(&where);
			strbuf_addf(&where, "step %zu of job '%s'", j + 1, jk->val);
			env_keys(&w, ymap_get(st, "env", NULL), where.buf, job_token);
		}
	}
done:
	for (size_t i = 0; i < w.nevents; i++)
		free(w.events[i]);
	free(w.events);
	strbuf_release(&where);
	ydoc_release(&d);
}
