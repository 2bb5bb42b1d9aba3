/*
 * check_key_read.c - how `tfauth check-key` gets the key pair without ever
 * taking the secret from argv, which every user of the machine can read
 * (ps, /proc/PID/cmdline): anything on the command line that looks like a
 * secret is refused, and overwritten in place so it does not stay visible
 * while we run. The key id comes from the operand, the environment, a
 * profile or the JSON `aws iam create-access-key` prints; the secret from
 * the same place, or from standard input (read without echo on a
 * terminal), a file or an environment variable. Secrets are kept in
 * fixed-size buffers and wiped after use.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "aws/shared.h"
#include "cmd/check_key.h"
#include "cmd/cmd.h"
#include "core/diag.h"
#include "core/file.h"
#include "core/redact.h"
#include "core/xalloc.h"
#include "core/banned.h"

void keyin_init(struct keyin *k)
{
	memset(k, 0, sizeof(*k));
	strbuf_init(&k->source, 0);
}

static void wipe_free(char *p, size_t n)
{
	if (!p)
		return;
	OPENSSL_cleanse(p, n);
	free(p);
}

void keyin_release(struct keyin *k)
{
	free(k->key_id);
	wipe_free(k->secret, CHECK_KEY_SECRET_MAX);
	wipe_free(k->token, CHECK_KEY_SECRET_MAX);
	free(k->user);
	free(k->status);
	strbuf_release(&k->source);
	free(k->key_label);
	free(k->secret_label);
	free(k->token_label);
	free(k->site_name);
}

static void set_secret(char **dst, size_t *dlen, const char *v, size_t n)
{
	if (n >= CHECK_KEY_SECRET_MAX)
		n = CHECK_KEY_SECRET_MAX - 1;
	if (!*dst)
		*dst = xcalloc(1, CHECK_KEY_SECRET_MAX);
	memcpy(*dst, v, n);
	(*dst)[n] = '\0';
	*dlen = n;
}

/* --- refusing secrets on the command line --- */

static int looks_like_secret(const char *a)
{
	size_t n = strlen(a);
	int lower = 0, special = 0;

	/* a secret key has 40 characters, a session token hundreds: paths and ARNs are spared */
	if (n != 40 && (n < 100 || n > 8192))
		return 0;
	if (strchr(a, '/') && access(a, F_OK) == 0)
		return 0; /* an existing path */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)a[i];
		if (c >= 'a' && c <= 'z')
			lower = 1;
		else if (c == '+' || c == '/' || c == '=')
			special = 1;
		else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return 0;
	}
	return lower || special;
}

static int secret_option(const char *a)
{
	static const char *const names[] = {
		"secret",
		"secret-key",
		"secret-access-key",
		"aws-secret-access-key",
		"aws-secret-key",
		"password",
		"token",
		"session-token",
		"aws-session-token",
		"security-token",
	};
	size_t len;

	if (a[0] != '-' || a[1] != '-')
		return 0;
	a += 2;
	len = strcspn(a, "=");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == len && !strncmp(a, names[i], len))
			return 1;
	return 0;
}

static void scrub(char *a)
{
	memset(a, 'x', strlen(a));
}

int check_key_refuse_argv_secrets(int argc, char **argv)
{
	int bad = 0;

	for (int i = 0; i < argc; i++) {
		char *a = argv[i];
		char *eq = strchr(a, '=');

		if (secret_option(a)) {
			char name[40];
			size_t n = strcspn(a, "=");
			snprintf(name, sizeof(name), "%.*s", (int)(n < 32 ? n : 32), a);
			error_msg("refusing '%s': a secret on the command line is visible to every "
				  "user "
				  "of this machine (ps, /proc); pipe it on standard input, or use "
				  "--secret-file FILE or the environment",
				  name);
			if (eq)
				scrub(eq + 1);
			else if (i + 1 < argc)
				scrub(argv[i + 1]);
			bad = 1;
		} else if ((!strncmp(a, "AWS_SECRET_ACCESS_KEY=", 22) ||
			    !strncmp(a, "AWS_SESSION_TOKEN=", 18)) ||
			   looks_like_secret(eq && a[0] == '-' ? eq + 1 : a)) {
			error_msg("refusing argument %d: it looks like a secret key or token, and "
				  "the "
				  "command line is visible to every user of this machine (ps, "
				  "/proc); "
				  "pipe the secret on standard input, or use --secret-file FILE or "
				  "the "
				  "environment, and rotate this secret if others share the machine",
				  i + 1);
			scrub(a);
			bad = 1;
		}
	}
	return bad ? EXIT_USAGE : 0;
}

/* --- reading the secret --- */

/* Read fd to EOF into a CHECK_KEY_SECRET_MAX buffer; drop one trailing LF. 0, -1 (errno), -2 too long. */
static int read_secret_fd(int fd, char **dst, size_t *dlen)
{
	char *buf = xcalloc(1, CHECK_KEY_SECRET_MAX);
	size_t n = 0;

	for (;;) {
		ssize_t r = read(fd, buf + n, CHECK_KEY_SECRET_MAX - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			wipe_free(buf, CHECK_KEY_SECRET_MAX);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == CHECK_KEY_SECRET_MAX - 1) {
			char c;
			if (read(fd, &c, 1) > 0) {
				wipe_free(buf, CHECK_KEY_SECRET_MAX);
				return -2;
			}
			break;
		}
	}
	if (n && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	wipe_free(*dst, CHECK_KEY_SECRET_MAX);
	*dst = buf;
	*dlen = n;
	return 0;
}

/* One line from the terminal without echo. */
static int read_secret_tty(const char *key_id, char **dst, size_t *dlen)
{
	struct termios old, quiet;
	char *buf = xcalloc(1, CHECK_KEY_SECRET_MAX), *masked = redact_key_id_dup(key_id);
	size_t n = 0;
	int ret = 0;

	/* echo off before the prompt: what is typed once it shows is never echoed,
	 * and the flush drops only what was typed before it */
	if (tcgetattr(0, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		tcsetattr(0, TCSAFLUSH, &quiet);
	}
	fprintf(stderr, "secret access key for %s (not echoed): ", masked);
	fflush(stderr);
	free(masked);
	for (;;) {
		char c;
		ssize_t r = read(0, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n')
			break;
		if (n < CHECK_KEY_SECRET_MAX - 1)
			buf[n++] = c;
	}
	tcsetattr(0, TCSAFLUSH, &old);
	fputc('\n', stderr);
	buf[n] = '\0';
	wipe_free(*dst, CHECK_KEY_SECRET_MAX);
	*dst = buf;
	*dlen = n;
	return ret;
}

static int read_secret_file(const char *path, char **dst, size_t *dlen)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	int r;

	if (fd < 0) {
		error_msg("cannot open '%s': %s", path, strerror(errno));
		return EXIT_RUNTIME;
	}
	r = read_secret_fd(fd, dst, dlen);
	if (fd)
		close(fd);
	if (r == -2) {
		error_msg("'%s' holds more than %d bytes: that is not a secret key", path,
			  CHECK_KEY_SECRET_MAX - 1);
		return EXIT_USAGE;
	}
	if (r < 0) {
		error_msg("cannot read '%s': %s", path, strerror(errno));
		return EXIT_RUNTIME;
	}
	return 0;
}

/* --from-json: the key pair, and the user and status when the JSON has them. */
int keyin_parse_json(struct keyin *k, const char *buf, size_t len, const char *name,
		     struct strbuf *err)
{
	json_error_t jerr;
	json_t *doc, *ak;
	const char *id, *secret, *token;

	doc = json_loadb(buf, len, 0, &jerr);
	if (!doc) {
		/* jansson's text quotes no input bytes beyond a token; keep only position */
		strbuf_addf(err, "%s:%d:%d: not valid JSON", name, jerr.line, jerr.column);
		return EXIT_USAGE;
	}
	ak = json_object_get(doc, "AccessKey");
	if (!json_is_object(ak))
		ak = doc;
	id = json_string_value(json_object_get(ak, "AccessKeyId"));
	secret = json_string_value(json_object_get(ak, "SecretAccessKey"));
	token = json_string_value(json_object_get(ak, "SessionToken"));
	if (!id || !secret) {
		strbuf_addf(err,
			    "%s: no AccessKey.AccessKeyId and AccessKey.SecretAccessKey (the output "
			    "of aws iam create-access-key)",
			    name);
		json_decref(doc);
		return EXIT_USAGE;
	}
	k->key_id = xstrdup(id);
	set_secret(&k->secret, &k->secret_len, secret,
		   json_string_length(json_object_get(ak, "SecretAccessKey")));
	if (token)
		set_secret(&k->token, &k->token_len, token, strlen(token));
	if (json_string_value(json_object_get(ak, "UserName")))
		k->user = xstrdup(json_string_value(json_object_get(ak, "UserName")));
	if (json_string_value(json_object_get(ak, "Status")))
		k->status = xstrdup(json_string_value(json_object_get(ak, "Status")));
	k->site_name = xstrdup(name);
	k->key_site.where = ORIGIN_AT(k->site_name, 0, 0);
	k->secret_site.where = ORIGIN_AT(k->site_name, 0, 0);
	k->token_site.where = ORIGIN_AT(k->site_name, 0, 0);
	k->key_label = xstrfmt("AccessKeyId in %s", name);
	k->secret_label = xstrfmt("SecretAccessKey in %s", name);
	k->token_label = xstrfmt("SessionToken in %s", name);
	strbuf_addf(&k->source, "--from-json %s", name);
	json_decref(doc);
	return 0;
}

/* --from-json FILE|-: read it (capped), then keyin_parse_json. */
static int read_json(const char *path, struct keyin *k)
{
	struct strbuf sb = STRBUF_INIT, err = STRBUF_INIT;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	int code = 0;

	if (!strcmp(path, "-")) {
		char buf[8192];
		ssize_t r;
		while ((r = read(0, buf, sizeof(buf))) > 0 && sb.len <= CHECK_KEY_JSON_MAX)
			strbuf_add(&sb, buf, (size_t)r);
		OPENSSL_cleanse(buf, sizeof(buf));
		if (r < 0) {
			error_msg("cannot read standard input: %s", strerror(errno));
			code = EXIT_RUNTIME;
			goto done;
		}
	} else {
		int r = strbuf_read_file(&sb, path, CHECK_KEY_JSON_MAX);
		if (r < 0) {
			error_msg("cannot read '%s': %s", path,
				  r == -EFBIG ? "larger than 1 MiB" : file_strerror(r));
			code = EXIT_RUNTIME;
			goto done;
		}
	}
	if (sb.len > CHECK_KEY_JSON_MAX) {
		error_msg("'%s' is larger than 1 MiB: not the output of create-access-key", name);
		code = EXIT_USAGE;
		goto done;
	}
	if ((code = keyin_parse_json(k, sb.buf, sb.len, name, &err)))
		error_msg("%s", err.buf);
done:
	OPENSSL_cleanse(sb.buf, sb.len);
	strbuf_release(&sb);
	strbuf_release(&err);
	return code;
}

static int read_profile(const struct env *e, const char *name, struct keyin *k)
{
	struct shared s;
	const struct profile *p;
	const struct profile_value *id, *sec, *tok;
	int code = 0;

	memset(&s, 0, sizeof(s));
	shared_load(&s, e, DIALECT_GO_V2, name, NULL, NULL);
	p = shared_profile(&s, name);
	if (!p) {
		const char *sug = shared_suggest(&s, name);
		if (sug)
			error_msg("profile '%s' is not in the shared files; did you mean '%s'?",
				  name, sug);
		else
			error_msg("profile '%s' is not in the shared files", name);
		code = EXIT_USAGE;
		goto done;
	}
	id = profile_get(p, "aws_access_key_id");
	sec = profile_get(p, "aws_secret_access_key");
	tok = profile_get(p, "aws_session_token");
	if (!id || !sec) {
		error_msg("profile '%s' has no static key pair (aws_access_key_id and "
			  "aws_secret_access_key)",
			  name);
		code = EXIT_USAGE;
		goto done;
	}
	k->key_id = xmemdupz(id->value, id->len);
	set_secret(&k->secret, &k->secret_len, sec->value, sec->len);
	if (tok && tok->len)
		set_secret(&k->token, &k->token_len, tok->value, tok->len);
	/* the origins point into s, which is released below: keep our own name */
	k->site_name = xstrdup(id->value_at.name ? id->value_at.name : "credentials");
	k->key_site.where = id->value_at;
	k->key_site.where.name = k->site_name;
	k->secret_site.where = sec->value_at;
	k->secret_site.where.name = k->site_name;
	if (tok) {
		k->token_site.where = tok->value_at;
		k->token_site.where.name = k->site_name;
	}
	k->key_label = xstrfmt("aws_access_key_id in profile '%s'", name);
	k->secret_label = xstrfmt("aws_secret_access_key in profile '%s'", name);
	k->token_label = xstrfmt("aws_session_token in profile '%s'", name);
	strbuf_addf(&k->source, "--from-profile %s", name);
done:
	shared_release(&s);
	return code;
}

/* --- the key id, then the secret --- */

static int read_key_env(struct keyin *k, const struct env *e)
{
	const char *id = env_get_nonempty(e, "AWS_ACCESS_KEY_ID");
	const char *tok = env_get_nonempty(e, "AWS_SESSION_TOKEN");

	if (!id) {
		error_msg("--from-env: AWS_ACCESS_KEY_ID is not set");
		return EXIT_USAGE;
	}
	k->key_id = xstrdup(id);
	k->key_label = xstrdup("AWS_ACCESS_KEY_ID");
	k->key_site.where = ORIGIN_ENV_VAR("AWS_ACCESS_KEY_ID");
	if (tok) {
		set_secret(&k->token, &k->token_len, tok, strlen(tok));
		k->token_label = xstrdup("AWS_SESSION_TOKEN");
		k->token_site.where = ORIGIN_ENV_VAR("AWS_SESSION_TOKEN");
	}
	strbuf_addstr(&k->source, "--from-env");
	return 0;
}

static int read_key(struct keyin *k, const struct key_source *src, const struct env *e)
{
	if (src->from_json)
		return read_json(src->from_json, k);
	if (src->from_profile)
		return read_profile(e, src->from_profile, k);
	if (src->from_env)
		return read_key_env(k, e);
	k->key_id = xstrdup(src->key_arg);
	k->key_label = xstrdup("the access key id argument");
	k->key_site.where = (struct origin){ORIGIN_ARG, "ACCESS_KEY_ID", 0, 0};
	strbuf_addstr(&k->source, "argument");
	return 0;
}

/* The secret, when it did not come with the key: variable, file, terminal or stdin. */
static int read_secret(struct keyin *k, const struct key_source *src, const struct env *e)
{
	const char *secret_env = src->secret_env, *secret_file = src->secret_file;
	int code;

	if (src->from_env && !secret_env && !secret_file)
		secret_env = "AWS_SECRET_ACCESS_KEY";
	if (secret_env) {
		const char *v = env_get(e, secret_env);
		if (!v || !*v) {
			error_msg("%s is not set: no secret to check", secret_env);
			return EXIT_USAGE;
		}
		set_secret(&k->secret, &k->secret_len, v, strlen(v));
		k->secret_label = xstrdup(secret_env);
		k->secret_site.where = ORIGIN_ENV_VAR(secret_env);
		strbuf_addf(&k->source, ", secret from %s", secret_env);
	} else if (secret_file && strcmp(secret_file, "-")) {
		if ((code = read_secret_file(secret_file, &k->secret, &k->secret_len)))
			return code;
		k->secret_label = xstrfmt("the secret in %s", secret_file);
		k->secret_site.where = ORIGIN_AT(secret_file, 1, 1);
		strbuf_addf(&k->source, ", secret from %s", secret_file);
	} else if (isatty(0)) {
		read_secret_tty(k->key_id, &k->secret, &k->secret_len);
		k->secret_label = xstrdup("the secret typed at the terminal");
		strbuf_addstr(&k->source, ", secret from the terminal");
	} else {
		if ((code = read_secret_file("-", &k->secret, &k->secret_len)))
			return code;
		k->secret_label = xstrdup("the secret read from standard input");
		strbuf_addstr(&k->source, ", secret from standard input");
	}
	if (!k->secret_len) {
		error_msg("no secret given: pipe it on standard input, or use "
			  "--secret-file or --secret-env");
		return EXIT_USAGE;
	}
	return 0;
}

int keyin_read(struct keyin *k, const struct key_source *src, const struct env *e)
{
	int code;

	if ((code = read_key(k, src, e)))
		return code;
	if (!k->secret && (code = read_secret(k, src, e)))
		return code;
	k->key_site.label = k->key_label;
	k->key_site.assign = "use the key id exactly as created: ";
	k->secret_site.label = k->secret_label;
	k->secret_site.assign = "use the secret exactly as created: ";
	k->token_site.label = k->token_label;
	k->token_site.assign = "use the token exactly as issued: ";
	return 0;
}
