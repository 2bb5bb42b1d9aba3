/*
 * ci.c - the CI/Docker collection context: which file is what, reading
 * files, walking a repository, the origin remote from .git/config, and
 * the container model shared by compose and docker run.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ci/ci.h"
#include "core/file.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

#define WALK_MAX_DEPTH 12
#define WALK_MAX_FILES 50000
#define WALK_MAX_ENTRIES 200000 /* doctor run in $HOME must not crawl for minutes */

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static int ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !strcmp(s + n - m, suf);
}

enum ci_kind ci_kind_of(const char *rel)
{
	const char *b = base_name(rel);

	if (!strncmp(rel, "./", 2))
		rel += 2;
	if (((!strncmp(rel, ".github/workflows/", 18) && !strchr(rel + 18, '/')) ||
	     (strstr(rel, "/.github/workflows/") &&
	      !strchr(strstr(rel, "/.github/workflows/") + 19, '/'))) &&
	    (ends_with(b, ".yml") || ends_with(b, ".yaml")))
		return CI_GHA;
	if (!strcmp(b, ".gitlab-ci.yml") || !strcmp(b, ".gitlab-ci.yaml"))
		return CI_GITLAB;
	if ((!fnmatch("docker-compose*.yml", b, 0) || !fnmatch("docker-compose*.yaml", b, 0) ||
	     !fnmatch("compose*.yaml", b, 0) || !fnmatch("compose*.yml", b, 0)))
		return CI_COMPOSE;
	if (!strncmp(b, "Dockerfile", 10) || ends_with(b, ".Dockerfile") ||
	    ends_with(b, ".dockerfile") || !strcmp(b, "Containerfile"))
		return CI_DOCKERFILE;
	if (ends_with(b, ".sh") || ends_with(b, ".bash"))
		return CI_SHELL;
	if (!strcmp(b, "Makefile") || !strcmp(b, "makefile") || !strcmp(b, "GNUmakefile") ||
	    ends_with(b, ".mk"))
		return CI_MAKEFILE;
	if (ends_with(b, ".json") && strcmp(b, "package.json") && strcmp(b, "package-lock.json") &&
	    strcmp(b, "tsconfig.json") && strcmp(b, "composer.json"))
		return CI_POLICY;
	if (ends_with(b, ".tf"))
		return CI_TF;
	return CI_NONE;
}

void ci_ctx_init(struct ci_ctx *cx, const char *dir, const struct env *env)
{
	memset(cx, 0, sizeof(*cx));
	cx->dir = dir ? dir : ".";
	cx->env = env;
}

struct ci_fact *ci_fact_new(struct ci_ctx *cx, enum ci_fact_kind kind, const char *file,
			    unsigned line, unsigned col)
{
	struct ci_fact *f;

	ALLOC_GROW(cx->facts, cx->nfacts + 1, cx->facts_alloc);
	f = &cx->facts[cx->nfacts++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->file = file;
	f->line = line;
	f->col = col;
	return f;
}

static void perms_release(struct ci_gha_perms *p)
{
	free(p->value);
}

static void fact_release(struct ci_fact *f)
{
	switch (f->kind) {
	case CI_FACT_GHA_KEYS:
		free(f->u.keys.job);
		free(f->u.keys.key);
		free(f->u.keys.region);
		break;
	case CI_FACT_GHA_JOB:
		free(f->u.job.job);
		free(f->u.job.role.value);
		free(f->u.job.token_file.value);
		perms_release(&f->u.job.perms);
		perms_release(&f->u.job.wf_perms);
		break;
	case CI_FACT_GHA_STEP:
		free(f->u.step.job);
		free(f->u.step.uses);
		free(f->u.step.role);
		free(f->u.step.region);
		free(f->u.step.default_region);
		free(f->u.step.audience);
		free(f->u.step.duration);
		free(f->u.step.keys.job);
		free(f->u.step.keys.key);
		free(f->u.step.keys.region);
		perms_release(&f->u.step.perms);
		perms_release(&f->u.step.wf_perms);
		break;
	case CI_FACT_GITLAB_KEYS:
		free(f->u.glkeys.job);
		free(f->u.glkeys.value);
		break;
	case CI_FACT_GITLAB_JOB:
		free(f->u.gljob.job);
		free(f->u.gljob.token_file);
		free(f->u.gljob.first_id);
		break;
	case CI_FACT_GITLAB_NO_AUD:
		free(f->u.token);
		break;
	case CI_FACT_DOCKER_VAR:
		free(f->u.dvar.name);
		break;
	}
}

const char *ci_intern_path(struct ci_ctx *cx, const char *display)
{
	ALLOC_GROW(cx->paths, cx->npaths + 1, cx->paths_alloc);
	cx->paths[cx->npaths] = xstrdup(display);
	return cx->paths[cx->npaths++];
}

static void display_path(struct strbuf *sb, const char *dir, const char *rel)
{
	strbuf_reset(sb);
	if (dir && strcmp(dir, ".")) {
		strbuf_addstr(sb, dir);
		if (sb->len && sb->buf[sb->len - 1] != '/')
			strbuf_addch(sb, '/');
	}
	strbuf_addstr(sb, rel);
}

void ci_pos_of(const char *buf, size_t off, unsigned *line, unsigned *col)
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

void ci_handle_buf(struct ci_ctx *cx, enum ci_kind kind, const char *display, const char *buf,
		   size_t len)
{
	const char *file = ci_intern_path(cx, display);

	cx->nfiles++;
	switch (kind) {
	case CI_GHA:
		ci_gha_handle(cx, file, buf, len);
		break;
	case CI_GITLAB:
		ci_gitlab_handle(cx, file, buf, len);
		break;
	case CI_COMPOSE:
		ci_compose_handle(cx, file, buf, len);
		break;
	case CI_DOCKERFILE:
		ci_dockerfile_handle(cx, file, buf, len);
		break;
	case CI_SHELL:
	case CI_MAKEFILE:
		ci_shell_handle(cx, file, buf, len);
		break;
	case CI_POLICY:
		ci_policy_json_handle(cx, file, buf, len);
		break;
	case CI_TF:
		ci_policy_tf_handle(cx, file, buf, len);
		break;
	case CI_NONE:
		break;
	}
}

void ci_handle_file(struct ci_ctx *cx, const char *rel)
{
	struct strbuf path = STRBUF_INIT, data = STRBUF_INIT;
	enum ci_kind kind = ci_kind_of(rel);
	int err;

	if (kind == CI_NONE)
		goto done;
	display_path(&path, cx->dir, rel);
	err = strbuf_read_file(&data, path.buf, CI_MAX_FILE);
	if (err) {
		diags_add(&cx->diags, DIAG_WARNING, path.buf, 0, 0, "%s", file_why(err));
		goto done;
	}
	/* cheap pre-filters: most JSON and .tf files are not trust policies */
	if ((kind == CI_POLICY || kind == CI_TF) &&
	    !memmem(data.buf, data.len, "AssumeRoleWithWebIdentity", 25) &&
	    !memmem(data.buf, data.len, ":sub", 4) && !memmem(data.buf, data.len, ":aud", 4))
		goto done;
	ci_handle_buf(cx, kind, path.buf, data.buf, data.len);
done:
	strbuf_release(&path);
	strbuf_release(&data);
}

static int skip_dir(const char *name)
{
	static const char *const skip[] = {"node_modules", ".terraform", "vendor", ".venv",
					   "__pycache__",  "build",	 "dist",   "target"};

	if (name[0] == '.' && strcmp(name, ".github"))
		return 1;
	for (size_t i = 0; i < ARRAY_SIZE(skip); i++)
		if (!strcmp(name, skip[i]))
			return 1;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * GitHub runs the workflows of the repository root's .github/workflows and
 * GitLab the root's .gitlab-ci.yml; the same files deeper down (vendored
 * repositories, examples, test fixtures) never run, so doctor, which
 * diagnoses this repository, does not read them. (scan reads every file.)
 */
static int nested_pipeline(const struct ci_ctx *cx, const char *rel)
{
	enum ci_kind k = ci_kind_of(rel);

	/* DIR below the repository root: its pipelines are nested too (the
	 * root's are read by ci_read_root_workflows()) */
	if (cx->root && (k == CI_GHA || k == CI_GITLAB))
		return 1;
	if (k == CI_GHA)
		return strncmp(rel, ".github/workflows/", 18) != 0;
	if (k == CI_GITLAB)
		return strchr(rel, '/') != NULL;
	return 0;
}

static void walk(struct ci_ctx *cx, struct strbuf *rel, int depth)
{
	struct strbuf path = STRBUF_INIT;
	char **names = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *de;
	DIR *dh;

	display_path(&path, cx->dir, rel->buf);
	dh = opendir(path.len ? path.buf : ".");
	if (!dh)
		goto done;
	while ((de = readdir(dh))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (++cx->nentries == WALK_MAX_ENTRIES)
			diags_add(&cx->diags, DIAG_NOTE, path.len ? path.buf : ".", 0, 0,
				  "stopped looking for CI files after %d directory entries",
				  WALK_MAX_ENTRIES);
		if (cx->nentries >= WALK_MAX_ENTRIES)
			break;
		ALLOC_GROW(names, n + 1, alloc);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dh);
	/* sorted, so reports do not depend on the file system's order */
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n && cx->nfiles < WALK_MAX_FILES; i++) {
		size_t keep = rel->len;
		struct stat st;
		int isdir;

		strbuf_addstr(rel, names[i]);
		display_path(&path, cx->dir, rel->buf);
		if (lstat(path.buf, &st))
			goto next;
		isdir = S_ISDIR(st.st_mode);
		if (isdir) {
			if (depth < WALK_MAX_DEPTH && !skip_dir(names[i])) {
				strbuf_addch(rel, '/');
				walk(cx, rel, depth + 1);
			}
		} else if (S_ISREG(st.st_mode) && ci_kind_of(rel->buf) != CI_NONE &&
			   !nested_pipeline(cx, rel->buf)) {
			ci_handle_file(cx, rel->buf);
		}
	next:
		strbuf_setlen(rel, keep);
	}
done:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	strbuf_release(&path);
}

void ci_walk(struct ci_ctx *cx)
{
	struct strbuf rel = STRBUF_INIT;

	walk(cx, &rel, 0);
	strbuf_release(&rel);
}

/* ---- the repository's identity, from .git without running git ---- */

static char *git_dir(const char *dir)
{
	struct strbuf p = STRBUF_INIT, data = STRBUF_INIT;
	struct stat st;
	char *ret = NULL;

	strbuf_addf(&p, "%s/.git", dir);
	if (stat(p.buf, &st))
		goto done;
	if (S_ISDIR(st.st_mode)) {
		ret = strbuf_detach(&p, NULL);
		goto done;
	}
	/* a worktree or submodule: "gitdir: PATH"; its config is in commondir */
	if (strbuf_read_file(&data, p.buf, 4096) || strncmp(data.buf, "gitdir: ", 8))
		goto done;
	strbuf_trim_trailing_newline(&data);
	strbuf_reset(&p);
	if (data.buf[8] != '/')
		strbuf_addf(&p, "%s/", dir);
	strbuf_addstr(&p, data.buf + 8);
	strbuf_reset(&data);
	{
		struct strbuf cd = STRBUF_INIT;

		strbuf_addf(&cd, "%s/commondir", p.buf);
		if (!strbuf_read_file(&data, cd.buf, 4096)) {
			strbuf_trim_trailing_newline(&data);
			strbuf_addch(&p, '/');
			if (data.buf[0] == '/')
				strbuf_reset(&p);
			strbuf_addstr(&p, data.buf);
		}
		strbuf_release(&cd);
	}
	ret = strbuf_detach(&p, NULL);
done:
	strbuf_release(&p);
	strbuf_release(&data);
	return ret;
}

/* github.com[:/]OWNER/REPO[.git] from any URL form git accepts. */
static void parse_remote(struct ci_ctx *cx, const char *url)
{
	const char *p = strstr(url, "github.com");
	const char *slash, *end;

	if (!p)
		return;
	p += 10;
	if (*p != ':' && *p != '/')
		return;
	p++;
	slash = strchr(p, '/');
	if (!slash || slash == p)
		return;
	end = slash + 1 + strcspn(slash + 1, "/ \t\r\n");
	if (end - slash > 5 && !strncmp(end - 4, ".git", 4))
		end -= 4;
	if (end == slash + 1)
		return;
	if (cx->owner)
		return;
	cx->owner = xmemdupz(p, (size_t)(slash - p));
	cx->repo = xmemdupz(slash + 1, (size_t)(end - slash - 1));
}

void ci_repo_identity(struct ci_ctx *cx)
{
	struct strbuf p = STRBUF_INIT, data = STRBUF_INIT;
	const char *gr = cx->env ? env_get_nonempty(cx->env, "GITHUB_REPOSITORY") : NULL;
	char *gd = git_dir(cx->root ? cx->root : cx->dir);
	const char *s;

	/* inside GitHub Actions the runner says which repository this is */
	if (gr && strchr(gr, '/') && !cx->owner) {
		cx->owner = xmemdupz(gr, (size_t)(strchr(gr, '/') - gr));
		cx->repo = xstrdup(strchr(gr, '/') + 1);
	}
	if (!gd)
		goto done;
	strbuf_addf(&p, "%s/config", gd);
	if (!strbuf_read_file(&data, p.buf, 1 << 20) &&
	    (s = strstr(data.buf, "[remote \"origin\"]"))) {
		const char *sect_end = strstr(s + 1, "\n[");
		const char *u = strstr(s, "url");

		while (u && (!sect_end || u < sect_end)) {
			const char *q = u + 3;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '=' && (u[-1] == '\n' || u[-1] == ' ' || u[-1] == '\t')) {
				char *line;
				q++;
				while (*q == ' ' || *q == '\t')
					q++;
				line = xmemdupz(q, strcspn(q, "\r\n"));
				parse_remote(cx, line);
				free(line);
				break;
			}
			u = strstr(q, "url");
		}
	}
	/* default branch: origin/HEAD if the clone recorded it, else HEAD */
	strbuf_reset(&p);
	strbuf_reset(&data);
	strbuf_addf(&p, "%s/refs/remotes/origin/HEAD", gd);
	if (strbuf_read_file(&data, p.buf, 4096)) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/HEAD", gd);
		if (strbuf_read_file(&data, p.buf, 4096))
			goto done;
	}
	strbuf_trim_trailing_newline(&data);
	if ((s = strstr(data.buf, "refs/remotes/origin/")))
		cx->default_branch = xstrdup(s + 20);
	else if ((s = strstr(data.buf, "refs/heads/")))
		cx->default_branch = xstrdup(s + 11);
done:
	free(gd);
	strbuf_release(&p);
	strbuf_release(&data);
}

/* ---- the repository root above DIR ---- */

static int has_git(const char *dir)
{
	struct strbuf p = STRBUF_INIT;
	struct stat st;
	int r;

	strbuf_addf(&p, "%s/.git", *dir ? dir : "/");
	r = lstat(p.buf, &st) == 0;
	strbuf_release(&p);
	return r;
}

void ci_find_root(struct ci_ctx *cx)
{
	char *abs = realpath(cx->dir, NULL), *cwd = realpath(".", NULL);
	size_t n;

	if (!abs || !cwd || has_git(abs))
		goto done;
	for (int depth = 0; depth < 40; depth++) {
		char *slash = strrchr(abs, '/');
		if (!slash || slash == abs)
			goto done; /* reached / without a .git */
		*slash = '\0';
		if (has_git(abs))
			break;
	}
	if (!has_git(abs))
		goto done;
	/* as a path from the current directory: ".", "../..", "sub" or absolute */
	n = strlen(abs);
	if (!strcmp(abs, cwd)) {
		cx->root = xstrdup(".");
	} else if (!strncmp(cwd, abs, n) && cwd[n] == '/') {
		struct strbuf r = STRBUF_INIT;
		for (const char *q = cwd + n; *q; q++)
			if (*q == '/')
				strbuf_addstr(&r, r.len ? "/.." : "..");
		cx->root = strbuf_detach(&r, NULL);
	} else if (!strncmp(abs, cwd, strlen(cwd)) && abs[strlen(cwd)] == '/') {
		cx->root = xstrdup(abs + strlen(cwd) + 1);
	} else {
		cx->root = xstrdup(abs);
	}
done:
	free(abs);
	free(cwd);
}

static int yml(const char *n)
{
	size_t l = strlen(n);
	return (l > 4 && !strcmp(n + l - 4, ".yml")) || (l > 5 && !strcmp(n + l - 5, ".yaml"));
}

void ci_read_root_workflows(struct ci_ctx *cx)
{
	struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT, data = STRBUF_INIT;
	char **names = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *de;
	DIR *dh;

	if (!cx->root)
		return;
	display_path(&dir, cx->root, ".github/workflows");
	dh = opendir(dir.buf);
	if (!dh)
		goto done;
	while ((de = readdir(dh)))
		if (de->d_name[0] != '.' && yml(de->d_name) && n < 1000) {
			ALLOC_GROW(names, n + 1, alloc);
			names[n++] = xstrdup(de->d_name);
		}
	closedir(dh);
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir.buf, names[i]);
		strbuf_reset(&data);
		if (!strbuf_read_file(&data, path.buf, CI_MAX_FILE))
			ci_handle_buf(cx, CI_GHA, path.buf, data.buf, data.len);
		free(names[i]);
	}
	free(names);
done:
	/* and the root's GitLab pipeline (its local includes are relative to the root) */
	for (int i = 0; i < 2; i++) {
		display_path(&path, cx->root, i ? ".gitlab-ci.yaml" : ".gitlab-ci.yml");
		strbuf_reset(&data);
		if (!strbuf_read_file(&data, path.buf, CI_MAX_FILE)) {
			ci_handle_buf(cx, CI_GITLAB, path.buf, data.buf, data.len);
			break;
		}
	}
	strbuf_release(&dir);
	strbuf_release(&path);
	strbuf_release(&data);
}

/* ---- containers ---- */

struct ci_container *ci_container_new(struct ci_ctx *cx, int from_compose, const char *file)
{
	struct ci_container *c = xcalloc(1, sizeof(*c));

	c->from_compose = from_compose;
	c->file = file;
	ALLOC_GROW(cx->containers, cx->ncontainers + 1, cx->containers_alloc);
	cx->containers[cx->ncontainers++] = c;
	return c;
}

void ci_container_env(struct ci_container *c, const char *name, size_t nlen, const char *value,
		      unsigned line, unsigned col)
{
	ALLOC_GROW(c->env, c->nenv + 1, c->env_alloc);
	c->env[c->nenv].name = xmemdupz(name, nlen);
	c->env[c->nenv].value = value ? xstrdup(value) : NULL;
	c->env[c->nenv].line = line;
	c->env[c->nenv].col = col;
	c->nenv++;
}

void ci_container_mount(struct ci_container *c, const char *src, const char *dst, int ro,
			unsigned line, unsigned col)
{
	ALLOC_GROW(c->mounts, c->nmounts + 1, c->mounts_alloc);
	c->mounts[c->nmounts].source = xstrdup(src);
	c->mounts[c->nmounts].target = xstrdup(dst);
	c->mounts[c->nmounts].read_only = ro;
	c->mounts[c->nmounts].line = line;
	c->mounts[c->nmounts].col = col;
	c->nmounts++;
}

static void container_free(struct ci_container *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->image);
	free(c->dockerfile);
	free(c->user.v);
	free(c->build_dir);
	for (size_t i = 0; i < c->nenv; i++) {
		free(c->env[i].name);
		free(c->env[i].value);
	}
	free(c->env);
	for (size_t i = 0; i < c->nmounts; i++) {
		free(c->mounts[i].source);
		free(c->mounts[i].target);
	}
	free(c->mounts);
	free(c);
}

void ci_finish(struct ci_ctx *cx)
{
	for (size_t i = 0; i < cx->ncontainers; i++) {
		struct ci_container *c = cx->containers[i];

		/* a compose service built from a Dockerfile runs as its last USER */
		if (c->uses_build && !c->user.v && !c->dockerfile) {
			for (size_t j = 0; j < cx->ndfusers; j++)
				if (!strcmp(cx->dfusers[j].dir, c->build_dir ? c->build_dir : ""))
					c->dockerfile = xstrdup(cx->dfusers[j].user);
		}
	}
}

void ci_ctx_release(struct ci_ctx *cx)
{
	if (!cx)
		return;
	diags_release(&cx->diags);
	free(cx->owner);
	free(cx->repo);
	free(cx->default_branch);
	free(cx->root);
	for (size_t i = 0; i < cx->npaths; i++)
		free(cx->paths[i]);
	free(cx->paths);
	for (size_t i = 0; i < cx->npolicies; i++) {
		struct ci_policy *p = &cx->policies[i];
		free(p->file);
		free(p->role);
		free(p->provider);
		for (size_t j = 0; j < p->nconds; j++) {
			free(p->conds[j].op);
			free(p->conds[j].key);
			for (size_t k = 0; k < p->conds[j].nvalues; k++)
				free(p->conds[j].values[k]);
			free(p->conds[j].values);
		}
		free(p->conds);
	}
	free(cx->policies);
	for (size_t i = 0; i < cx->nuses; i++) {
		struct ci_oidc_use *u = &cx->uses[i];
		free(u->job);
		free(u->role);
		free(u->audience);
		free(u->environment);
		for (size_t j = 0; j < u->nevents; j++)
			free(u->events[j]);
		free(u->events);
	}
	free(cx->uses);
	for (size_t i = 0; i < cx->nfacts; i++)
		fact_release(&cx->facts[i]);
	free(cx->facts);
	for (size_t i = 0; i < cx->ncontainers; i++)
		container_free(cx->containers[i]);
	free(cx->containers);
	for (size_t i = 0; i < cx->ndfusers; i++) {
		free(cx->dfusers[i].dir);
		free(cx->dfusers[i].user);
	}
	free(cx->dfusers);
	memset(cx, 0, sizeof(*cx));
}
