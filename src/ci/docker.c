/*
 * docker.c - Dockerfiles (ENV/ARG with AWS credentials, the last USER) and
 * `docker run` lines in shell scripts and Makefiles, turned into the same
 * ci_container model compose files give.
 *
 * The shell side is a word splitter, not a shell: quotes, backslash line
 * continuations and `;`, `&&`, `|` as command ends are understood, which is
 * what docker run lines in scripts and Makefiles use. Every word keeps its
 * offset so findings point at file:line:col.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ci/ci.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

#define MAX_WORDS 512

static int is_cred_var(const char *name, size_t n, enum ci_cred_what *what)
{
	static const struct {
		const char *name;
		enum ci_cred_what what;
	} vars[] = {
		{"AWS_ACCESS_KEY_ID", CI_CRED_KEY_ID}, {"AWS_SECRET_ACCESS_KEY", CI_CRED_SECRET},
		{"AWS_SESSION_TOKEN", CI_CRED_TOKEN},  {"AWS_SECURITY_TOKEN", CI_CRED_TOKEN},
		{"AWS_ACCESS_KEY", CI_CRED_KEY_ID},    {"AWS_SECRET_KEY", CI_CRED_SECRET},
	};

	for (size_t i = 0; i < ARRAY_SIZE(vars); i++)
		if (strlen(vars[i].name) == n && !strncasecmp(name, vars[i].name, n)) {
			*what = vars[i].what;
			return 1;
		}
	return 0;
}

/* ---- Dockerfile ---- */

static void dockerfile_user(struct ci_ctx *cx, const char *file, const char *user, size_t n)
{
	const char *slash = strrchr(file, '/');
	size_t dl = slash ? (size_t)(slash - file) : 0;

	for (size_t i = 0; i < cx->ndfusers; i++)
		if (strlen(cx->dfusers[i].dir) == dl && !strncmp(cx->dfusers[i].dir, file, dl)) {
			free(cx->dfusers[i].user);
			cx->dfusers[i].user = xmemdupz(user, n);
			return;
		}
	ALLOC_GROW(cx->dfusers, cx->ndfusers + 1, cx->dfusers_alloc);
	cx->dfusers[cx->ndfusers].dir = xmemdupz(file, dl);
	cx->dfusers[cx->ndfusers].user = xmemdupz(user, n);
	cx->ndfusers++;
}

/*
 * ENV NAME=value NAME2=value, ENV NAME value, ARG NAME[=default]: a fact for
 * each credential variable. A value is never copied into the model.
 */
static void dockerfile_vars(struct ci_ctx *cx, const char *file, const char *buf, const char *instr,
			    const char *p, const char *end)
{
	int is_env = !strcasecmp(instr, "ENV");
	int first = 1;

	while (p < end) {
		const char *name;
		enum ci_cred_what what;
		size_t n;
		unsigned line, col;

		while (p < end &&
		       (*p == ' ' || *p == '\t' || *p == '\\' || *p == '\n' || *p == '\r'))
			p++;
		if (p >= end)
			break;
		name = p;
		while (p < end && (*p == '_' || (*p >= 'A' && *p <= 'Z') ||
				   (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			p++;
		n = (size_t)(p - name);
		if (!n) {
			p++;
			continue;
		}
		if (is_cred_var(name, n, &what)) {
			struct ci_fact *f;
			const char *val = p < end && (*p == '=' || (is_env && first && *p == ' '))
						  ? p + 1
						  : NULL;
			int has_default = val && val < end && *val != '\n' && *val != ' ';

			ci_pos_of(buf, (size_t)(name - buf), &line, &col);
			f = ci_fact_new(cx, CI_FACT_DOCKER_VAR, file, line, col);
			f->u.dvar.is_env = is_env;
			f->u.dvar.name = xmemdupz(name, n);
			f->u.dvar.what = what;
			f->u.dvar.literal = is_env && has_default && *val != '$';
		}
		/* skip the value: quoted or up to white space */
		if (p < end && (*p == '=' || *p == ' ')) {
			int sp_form = *p == ' ' && is_env && first;
			p++;
			if (sp_form)
				break; /* "ENV NAME value with spaces": the rest is the value */
			if (p < end && (*p == '"' || *p == '\'')) {
				char q = *p++;
				while (p < end && *p != q)
					p += (*p == '\\' && p + 1 < end) ? 2 : 1;
				p++;
			} else {
				while (p < end && *p != ' ' && *p != '\t' && *p != '\n')
					p++;
			}
		}
		first = 0;
	}
}

void ci_dockerfile_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *ls = p, *le;
		char instr[8];
		size_t n;

		/* a logical line: backslash-newline continues it */
		le = p;
		while (le < end && *le != '\n')
			le += (*le == '\\' && le + 1 < end && le[1] == '\n') ? 2 : 1;
		p = le < end ? le + 1 : end;
		while (ls < le && (*ls == ' ' || *ls == '\t'))
			ls++;
		if (ls >= le || *ls == '#')
			continue;
		n = strcspn(ls, " \t\n");
		if (n >= sizeof(instr) || ls + n > le)
			continue;
		memcpy(instr, ls, n);
		instr[n] = '\0';
		if (!strcasecmp(instr, "ENV") || !strcasecmp(instr, "ARG")) {
			dockerfile_vars(cx, file, buf, instr, ls + n, le);
		} else if (!strcasecmp(instr, "USER")) {
			const char *u = ls + n;
			while (u < le && (*u == ' ' || *u == '\t'))
				u++;
			dockerfile_user(cx, file, u, strcspn(u, " \t\r\n:"));
		} else if (!strcasecmp(instr, "FROM")) {
			/* a new stage starts as root unless it says otherwise */
			dockerfile_user(cx, file, "root", 4);
		}
	}
}

/* ---- docker run in scripts and Makefiles ---- */

struct word {
	char *s;
	size_t off;
};

/* Split one command into words; returns the offset after it. */
static size_t split_command(const char *buf, size_t len, size_t i, struct word *w, size_t *nw)
{
	struct strbuf cur = STRBUF_INIT;
	int in_word = 0;
	size_t start = 0;

	*nw = 0;
	while (i < len) {
		char ch = buf[i];

		if (ch == '\\' && i + 1 < len && (buf[i + 1] == '\n' || buf[i + 1] == '\r')) {
			i += buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n' ? 3 : 2;
			goto end_word;
		}
		if (ch == '#' && !in_word) {
			while (i < len && buf[i] != '\n')
				i++;
			break;
		}
		if (ch == '\n' || ch == ';' || ch == '|' || ch == '&' || ch == '`' ||
		    (ch == ')' && !in_word))
			break;
		if (ch == ' ' || ch == '\t' || ch == '\r') {
			i++;
			goto end_word;
		}
		if (!in_word) {
			in_word = 1;
			start = i;
			strbuf_reset(&cur);
		}
		if (ch == '$' && i + 1 < len && buf[i + 1] == '(') {
			/* $(command) or $(MAKEVAR) stays one word, spaces and all */
			int depth = 0;
			strbuf_addch(&cur, buf[i++]);
			do {
				if (buf[i] == '(')
					depth++;
				else if (buf[i] == ')')
					depth--;
				strbuf_addch(&cur, buf[i++]);
			} while (i < len && depth > 0 && buf[i] != '\n');
			continue;
		}
		if (ch == '\'' || ch == '"') {
			char q = ch;
			i++;
			while (i < len && buf[i] != q && buf[i] != '\n') {
				if (q == '"' && buf[i] == '\\' && i + 1 < len)
					i++;
				strbuf_addch(&cur, buf[i++]);
			}
			if (i < len && buf[i] == q)
				i++;
			continue;
		}
		strbuf_addch(&cur, ch);
		i++;
		continue;
	end_word:
		if (in_word && *nw < MAX_WORDS) {
			w[*nw].s = xstrdup(cur.buf);
			w[*nw].off = start;
			(*nw)++;
		}
		in_word = 0;
	}
	if (in_word && *nw < MAX_WORDS) {
		w[*nw].s = xstrdup(cur.buf);
		w[*nw].off = start;
		(*nw)++;
	}
	strbuf_release(&cur);
	return i;
}

/* Options of docker run that take a value (so the image is found). */
static int takes_value(const char *o)
{
	static const char *const v[] = {"-e",
					"--env",
					"-v",
					"--volume",
					"-u",
					"--user",
					"-w",
					"--workdir",
					"--name",
					"--network",
					"--net",
					"-p",
					"--publish",
					"--entrypoint",
					"--env-file",
					"--mount",
					"-l",
					"--label",
					"--platform",
					"-h",
					"--hostname",
					"--add-host",
					"--cpus",
					"-m",
					"--memory",
					"--restart",
					"--pull",
					"--secret",
					"--security-opt",
					"--cap-add",
					"--cap-drop",
					"--device",
					"--tmpfs",
					"--ulimit",
					"--log-driver",
					"--log-opt",
					"--gpus",
					"--dns",
					"--expose",
					"--link",
					"--ipc",
					"--pid",
					"--shm-size",
					"--stop-signal",
					"--group-add",
					"--volumes-from",
					"--cidfile"};

	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		if (!strcmp(o, v[i]))
			return 1;
	return 0;
}

static void mount_opt(struct ci_container *c, const char *s, unsigned line, unsigned col)
{
	/* --mount type=bind,source=...,target=...,readonly */
	char *src = NULL, *dst = NULL;
	int ro = 0;
	const char *p = s;

	while (*p) {
		size_t n = strcspn(p, ",");
		if (!strncmp(p, "source=", 7) || !strncmp(p, "src=", 4)) {
			const char *v = strchr(p, '=') + 1;
			free(src);
			src = xmemdupz(v, n - (size_t)(v - p));
		} else if (!strncmp(p, "target=", 7) || !strncmp(p, "dst=", 4) ||
			   !strncmp(p, "destination=", 12)) {
			const char *v = strchr(p, '=') + 1;
			free(dst);
			dst = xmemdupz(v, n - (size_t)(v - p));
		} else if (!strncmp(p, "readonly", 8) || !strncmp(p, "ro", n > 2 ? 2 : n)) {
			ro = !(n > 9 && strstr(p, "=false") &&
			       (size_t)(strstr(p, "=false") - p) < n);
		}
		p += n;
		if (*p == ',')
			p++;
	}
	if (src && dst)
		ci_container_mount(c, src, dst, ro, line, col);
	free(src);
	free(dst);
}

static void docker_run(struct ci_ctx *cx, const char *file, const char *buf, struct word *w,
		       size_t nw, size_t at)
{
	struct ci_container *c = ci_container_new(cx, 0, file);
	unsigned line, col;
	size_t i;

	ci_pos_of(buf, w[at].off, &line, &col);
	c->line = line;
	c->col = col;
	for (i = at + 2; i < nw; i++) {
		const char *o = w[i].s, *val = NULL;
		char *opt = NULL;

		if (o[0] != '-' || !strcmp(o, "-"))
			break; /* the image */
		if (!strcmp(o, "--"))
			continue;
		if (!strncmp(o, "--", 2) && strchr(o, '=')) {
			opt = xmemdupz(o, (size_t)(strchr(o, '=') - o));
			val = strchr(o, '=') + 1;
		} else if (o[1] && o[1] != '-' && o[2] && strchr("evu", o[1])) {
			opt = xmemdupz(o, 2); /* -eVAR=x, -v/a:/b */
			val = o + 2;
		} else {
			opt = xstrdup(o);
			if (takes_value(o) && i + 1 < nw)
				val = w[++i].s;
		}
		ci_pos_of(buf, w[i].off, &line, &col);
		if (val && (!strcmp(opt, "-e") || !strcmp(opt, "--env"))) {
			const char *eq = strchr(val, '=');
			ci_container_env(c, val, eq ? (size_t)(eq - val) : strlen(val),
					 eq ? eq + 1 : NULL, line, col);
		} else if (val && (!strcmp(opt, "-v") || !strcmp(opt, "--volume"))) {
			const char *p = val, *q;
			if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) &&
			    p[1] == ':')
				p += 2;
			if ((p = strchr(p, ':'))) {
				char *src = xmemdupz(val, (size_t)(p - val)), *dst;
				q = strchr(p + 1, ':');
				dst = q ? xmemdupz(p + 1, (size_t)(q - p - 1)) : xstrdup(p + 1);
				ci_container_mount(c, src, dst,
						   q && strstr(q, "ro") && !strstr(q, "rw"), line,
						   col);
				free(src);
				free(dst);
			}
		} else if (val && !strcmp(opt, "--mount")) {
			mount_opt(c, val, line, col);
		} else if (val && (!strcmp(opt, "-u") || !strcmp(opt, "--user"))) {
			free(c->user.v);
			c->user.v = xstrdup(val);
			c->user.line = line;
			c->user.col = col;
		} else if (!strcmp(opt, "--env-file")) {
			c->env_file = 1;
		} else if (val && (!strcmp(opt, "--network") || !strcmp(opt, "--net"))) {
			c->host_network = !strcmp(val, "host");
		}
		free(opt);
	}
	c->image = xstrdup(i < nw ? w[i].s : "?");
	c->name = xstrdup(c->image);
	c->has_command_aws =
		strstr(c->image, "terraform") || strstr(c->image, "aws-cli") ||
		strstr(c->image, "terragrunt") || strstr(c->image, "tofu") ||
		strstr(c->image, "atlantis") ||
		(i + 1 < nw && (!strcmp(w[i + 1].s, "terraform") || !strcmp(w[i + 1].s, "aws")));
}

void ci_shell_handle(struct ci_ctx *cx, const char *file, const char *buf, size_t len)
{
	struct word *w;
	size_t i = 0;

	if (!memmem(buf, len, "run", 3))
		return;
	w = xcalloc(MAX_WORDS, sizeof(*w));
	while (i < len) {
		size_t nw, next = split_command(buf, len, i, w, &nw);

		for (size_t j = 0; j + 1 < nw; j++) {
			const char *b = strrchr(w[j].s, '/');
			b = b ? b + 1 : w[j].s;
			b += strspn(b, "@-+"); /* Makefile recipe prefixes */
			if (strcmp(b, "docker") && strcmp(b, "podman") && strcmp(b, "$(DOCKER)") &&
			    strcmp(b, "${DOCKER}") && strcmp(b, "$DOCKER"))
				continue;
			if (!strcmp(w[j + 1].s, "container") && j + 2 < nw &&
			    !strcmp(w[j + 2].s, "run")) {
				free(w[j + 1].s);
				w[j + 1].s = xstrdup("run");
				free(w[j + 2].s);
				w[j + 2].s = xstrdup("--");
			}
			if (!strcmp(w[j + 1].s, "run")) {
				docker_run(cx, file, buf, w, nw, j);
				break;
			}
		}
		for (size_t j = 0; j < nw; j++)
			free(w[j].s);
		i = next < len ? next + 1 : len;
	}
	free(w);
}
