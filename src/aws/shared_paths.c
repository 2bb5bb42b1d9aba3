/*
 * shared_paths.c - where each tool looks for the shared files: the
 * AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE variables (expanded by
 * botocore with expandvars + expanduser, taken literally by the Go SDKs),
 * the ~/.aws defaults, Terraform's shared_*_files (os.ExpandEnv then ~),
 * and how a path that is missing, a directory or unreadable is read.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/shared.h"
#include "aws/shared_int.h"
#include "core/file.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

static const char *home_dir(const struct env *e)
{
	const char *h = env_get_nonempty(e, "HOME");
	struct passwd *pw;

	if (h)
		return h;
	pw = getpwuid(getuid());
	return pw && pw->pw_dir ? pw->pw_dir : "";
}

/*
 * os.path.expandvars: $NAME and ${NAME} when set, else left as is; with
 * go_style, Go's os.ExpandEnv: an unset variable becomes "".
 */
static void expand_vars(struct strbuf *out, const struct env *e, const char *p, int go_style)
{
	while (*p) {
		if (*p == '$') {
			const char *s = p + 1, *end;
			char *name;
			const char *v;
			if (*s == '{') {
				end = strchr(s, '}');
				if (!end) {
					strbuf_addch(out, *p++);
					continue;
				}
				name = xmemdupz(s + 1, (size_t)(end - s - 1));
				end++;
			} else {
				end = s;
				while ((*end >= 'a' && *end <= 'z') ||
				       (*end >= 'A' && *end <= 'Z') ||
				       (*end >= '0' && *end <= '9') || *end == '_')
					end++;
				if (end == s) {
					strbuf_addch(out, *p++);
					continue;
				}
				name = xmemdupz(s, (size_t)(end - s));
			}
			v = env_get(e, name);
			free(name);
			if (v)
				strbuf_addstr(out, v);
			else if (!go_style)
				strbuf_add(out, p, (size_t)(end - p));
			p = end;
			continue;
		}
		strbuf_addch(out, *p++);
	}
}

/* os.path.expanduser: ~ and ~/... (HOME), ~user/... (passwd). */
static char *expand_user(const struct env *e, const char *p)
{
	struct strbuf sb = STRBUF_INIT;
	const char *slash;

	if (p[0] != '~')
		return xstrdup(p);
	slash = strchr(p, '/');
	if (!slash)
		slash = p + strlen(p);
	if (slash == p + 1) {
		strbuf_addstr(&sb, home_dir(e));
	} else {
		char *user = xmemdupz(p + 1, (size_t)(slash - p - 1));
		struct passwd *pw = getpwnam(user);
		free(user);
		if (!pw)
			return xstrdup(p);
		strbuf_addstr(&sb, pw->pw_dir);
	}
	if (sb.len > 1 && sb.buf[sb.len - 1] == '/' && *slash == '/')
		strbuf_setlen(&sb, sb.len - 1);
	strbuf_addstr(&sb, slash);
	return strbuf_detach(&sb, NULL);
}

static char *expand_path(const struct env *e, const char *p, int go_style)
{
	struct strbuf sb = STRBUF_INIT;
	char *r;

	expand_vars(&sb, e, p, go_style);
	r = expand_user(e, sb.buf);
	strbuf_release(&sb);
	return r;
}

static void read_file(struct shared *s, struct shared_file *f)
{
	struct stat st;
	struct strbuf sb = STRBUF_INIT;
	int r;

	if (!f->path || (s->dialect == DIALECT_BOTOCORE && !*f->path)) {
		f->state = SHARED_FILE_NO_PATH;
		return;
	}
	if (stat(f->path, &st) < 0) {
		f->state = SHARED_FILE_MISSING;
		f->err = errno;
		return;
	}
	f->mode = (unsigned)st.st_mode;
	if (S_ISDIR(st.st_mode)) {
		f->state = SHARED_FILE_DIRECTORY;
		f->err = EISDIR;
		return;
	}
	if (s->dialect == DIALECT_BOTOCORE && !S_ISREG(st.st_mode)) {
		f->state = SHARED_FILE_MISSING; /* os.path.isfile() is false */
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		/* a FIFO or device: never opened (Terraform would block on it) */
		f->state = SHARED_FILE_NOT_REGULAR;
		f->err = -file_mode_error(f->mode);
		return;
	}
	r = file_read_regular(f->path, INI_MAX_INPUT, &sb);
	if (r == -EFBIG) {
		f->state = SHARED_FILE_TOO_LARGE;
		strbuf_release(&sb);
		return;
	}
	if (file_is_special(r)) { /* replaced since stat() */
		f->state = SHARED_FILE_NOT_REGULAR;
		f->err = -r;
		return;
	}
	if (r < 0) {
		f->state = SHARED_FILE_UNREADABLE;
		f->err = -r;
		strbuf_release(&sb);
		return;
	}
	f->state = SHARED_FILE_OK;
	f->bytes = strbuf_detach(&sb, &f->len);
}

static int has_home_prefix(const char *path, const char *home, const char *rest)
{
	size_t n = strlen(home);
	return n && !strncmp(path, home, n) && !strcmp(path + n, rest);
}

void shared_add_file(struct shared *s, const struct env *e, enum shared_kind k, const char *arg)
{
	static const char *const vars[] = {"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"};
	static const char *const rel[] = {"/.aws/config", "/.aws/credentials"};
	struct shared_file *f;
	const char *v;

	if (s->nfiles >= ARRAY_SIZE(s->files))
		return;
	f = &s->files[s->nfiles++];
	memset(f, 0, sizeof(*f));
	f->kind = k;
	if (arg) {
		/* Terraform's shared_*_files: os.ExpandEnv, then ~ (aws-sdk-go-base) */
		f->from = "argument";
		f->path = expand_path(e, arg, 1);
	} else {
		v = env_get(e, vars[k]);
		if (s->dialect == DIALECT_BOTOCORE ? v != NULL : v && *v) {
			f->from = vars[k];
			f->env_value = v;
			if (s->dialect == DIALECT_BOTOCORE) {
				f->path = expand_path(e, v, 0);
			} else {
				f->path = xstrdup(v);
				f->unexpanded = v[0] == '~' || strchr(v, '$') != NULL;
			}
		} else {
			f->from = "default";
			f->path = xstrfmt("%s%s", home_dir(e), rel[k]);
		}
	}
	if (has_home_prefix(f->path, home_dir(e), rel[k]))
		f->display = xstrfmt("~%s", rel[k]);
	else
		f->display = xstrdup(f->path);
	read_file(s, f);
	if (f->state == SHARED_FILE_OK)
		ini_parse_flags(&f->doc, f->bytes, f->len, f->display, s->dialect, s->flags);
	else
		ini_parse_flags(&f->doc, "", 0, f->display, s->dialect, s->flags);
}
