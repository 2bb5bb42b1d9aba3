/*
 * check_key.c - `tfauth check-key`: the rotation gate. Before a new key
 * pair is activated or stored anywhere, check it: every format and damage
 * check doctor makes (checks/keys.c), the account decoded from the key id
 * against --expect-account, an optional house policy on the secret's
 * characters, and with --live one GetCallerIdentity call (retried while a
 * brand-new key propagates through IAM) and --expect-arn.
 *
 * The secret never comes from argv, which every user of the machine can
 * read (ps, /proc/PID/cmdline): anything on the command line that looks
 * like a secret is refused, and overwritten in place so it does not stay
 * visible while we run. The secret comes from standard input (read
 * without echo on a terminal), a file, the environment, a profile or the
 * JSON `aws iam create-access-key` prints; it is wiped after use and
 * never printed - not even a fingerprint: only its length and classes.
 */
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "aws/keyfmt.h"
#include "aws/shared.h"
#include "aws/sts.h"
#include "checks/checkkey.h"
#include "cmd/cmd.h"
#include "core/diag.h"
#include "core/file.h"
#include "core/redact.h"
#include "core/xalloc.h"
#include "core/banned.h"

static const struct opt_usage usage = {
	"tfauth check-key [options] [ACCESS_KEY_ID]",
	"Check a new access key before it is activated or stored: format and copy-and-paste "
	"damage, the account decoded from the key id (--expect-account), an optional policy "
	"on the secret's characters, and with --live one GetCallerIdentity call. The secret "
	"is read from standard input (without echo on a terminal), --secret-file, the "
	"environment, --from-profile or --from-json (the output of aws iam "
	"create-access-key), never from the command line. Exit 0 accept, 1 reject, "
	"2 usage error, 3 runtime error.",
};

#define SECRET_MAX 4096
#define JSON_MAX (1u << 20)

struct keyin {
	char *key_id;
	char *secret; /* SECRET_MAX bytes, wiped and freed by keyin_release */
	size_t secret_len;
	char *token; /* likewise, when there is one */
	size_t token_len;
	char *user, *status;
	struct strbuf source; /* "--from-json key.json", ... */
	struct cred_site key_site, secret_site, token_site;
	char *key_label, *secret_label, *token_label, *site_name;
};

static void wipe_free(char *p, size_t n)
{
	if (!p)
		return;
	OPENSSL_cleanse(p, n);
	free(p);
}

static void keyin_release(struct keyin *k)
{
	free(k->key_id);
	wipe_free(k->secret, SECRET_MAX);
	wipe_free(k->token, SECRET_MAX);
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
	if (n >= SECRET_MAX)
		n = SECRET_MAX - 1;
	if (!*dst)
		*dst = xcalloc(1, SECRET_MAX);
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

/* 0, or EXIT_USAGE after refusing (and scrubbing) a secret in argv. */
static int refuse_argv_secrets(int argc, char **argv)
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

/* Read fd to EOF into a SECRET_MAX buffer; drop one trailing LF. 0, -1 (errno), -2 too long. */
static int read_secret_fd(int fd, char **dst, size_t *dlen)
{
	char *buf = xcalloc(1, SECRET_MAX);
	size_t n = 0;

	for (;;) {
		ssize_t r = read(fd, buf + n, SECRET_MAX - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			wipe_free(buf, SECRET_MAX);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == SECRET_MAX - 1) {
			char c;
			if (read(fd, &c, 1) > 0) {
				wipe_free(buf, SECRET_MAX);
				return -2;
			}
			break;
		}
	}
	if (n && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	wipe_free(*dst, SECRET_MAX);
	*dst = buf;
	*dlen = n;
	return 0;
}

/* One line from the terminal without echo. */
static int read_secret_tty(const char *key_id, char **dst, size_t *dlen)
{
	struct termios old, quiet;
	char *buf = xcalloc(1, SECRET_MAX), *masked = redact_key_id_dup(key_id);
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
		if (n < SECRET_MAX - 1)
			buf[n++] = c;
	}
	tcsetattr(0, TCSAFLUSH, &old);
	fputc('\n', stderr);
	buf[n] = '\0';
	wipe_free(*dst, SECRET_MAX);
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
			  SECRET_MAX - 1);
		return EXIT_USAGE;
	}
	if (r < 0) {
		error_msg("cannot read '%s': %s", path, strerror(errno));
		return EXIT_RUNTIME;
	}
	return 0;
}

/* --from-json FILE|-: {"AccessKey": {"AccessKeyId", "SecretAccessKey", ...}}. */
static int read_json(const char *path, struct keyin *k)
{
	struct strbuf sb = STRBUF_INIT;
	json_error_t err;
	json_t *doc = NULL, *ak;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	const char *id, *secret, *token;
	int code = 0;

	if (!strcmp(path, "-")) {
		char buf[8192];
		ssize_t r;
		while ((r = read(0, buf, sizeof(buf))) > 0 && sb.len <= JSON_MAX)
			strbuf_add(&sb, buf, (size_t)r);
		OPENSSL_cleanse(buf, sizeof(buf));
		if (r < 0) {
			error_msg("cannot read standard input: %s", strerror(errno));
			code = EXIT_RUNTIME;
			goto done;
		}
	} else {
		int r = strbuf_read_file(&sb, path, JSON_MAX);
		if (r < 0) {
			error_msg("cannot read '%s': %s", path,
				  r == -EFBIG ? "larger than 1 MiB" : file_strerror(r));
			code = EXIT_RUNTIME;
			goto done;
		}
	}
	if (sb.len > JSON_MAX) {
		error_msg("'%s' is larger than 1 MiB: not the output of create-access-key", name);
		code = EXIT_USAGE;
		goto done;
	}
	doc = json_loadb(sb.buf, sb.len, 0, &err);
	if (!doc) {
		/* jansson's text quotes no input bytes beyond a token; keep only position */
		error_msg("%s:%d:%d: not valid JSON", name, err.line, err.column);
		code = EXIT_USAGE;
		goto done;
	}
	ak = json_object_get(doc, "AccessKey");
	if (!json_is_object(ak))
		ak = doc;
	id = json_string_value(json_object_get(ak, "AccessKeyId"));
	secret = json_string_value(json_object_get(ak, "SecretAccessKey"));
	token = json_string_value(json_object_get(ak, "SessionToken"));
	if (!id || !secret) {
		error_msg(
			"%s: no AccessKey.AccessKeyId and AccessKey.SecretAccessKey (the output of "
			"aws iam create-access-key)",
			name);
		code = EXIT_USAGE;
		goto done;
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
done:
	OPENSSL_cleanse(sb.buf, sb.len);
	strbuf_release(&sb);
	json_decref(doc);
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

/* --- output helpers --- */

static void describe_secret(struct strbuf *sb, const char *s, size_t n)
{
	int up = 0, low = 0, dig = 0, plus = 0, slash = 0, other = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		up |= c >= 'A' && c <= 'Z';
		low |= c >= 'a' && c <= 'z';
		dig |= c >= '0' && c <= '9';
		plus |= c == '+';
		slash |= c == '/';
		other |= !secret_char_ok(c);
	}
	strbuf_addf(sb, "%zu characters:%s%s%s%s%s%s", n, up ? " A-Z" : "", low ? " a-z" : "",
		    dig ? " 0-9" : "", plus ? " +" : "", slash ? " /" : "",
		    other ? " and others" : "");
}

static const char *kind_text(const char *id)
{
	switch (keyid_kind(id, strlen(id))) {
	case KEYID_LONG_TERM:
		return "long-term key (IAM user or root)";
	case KEYID_TEMPORARY:
		return "temporary key (AWS STS)";
	case KEYID_UNIQUE_ID:
		return "not an access key id";
	case KEYID_UNKNOWN:
		break;
	}
	return "unknown kind";
}

/* --- --live --- */

static void live_check(struct cmd_ctx *ctx, const struct checkkey_input *in, struct keyin *k,
		       const char *region, const char *endpoint_url, long wait_s,
		       const char *expect_arn, struct findings *fs, json_t *out)
{
	struct sts_endpoint_in ein = {DIALECT_GO_V2, region,	       NULL,
				      endpoint_url,  "--endpoint-url", &ctx->env};
	struct sts_endpoint ep;
	struct strbuf err = STRBUF_INIT;
	struct http_opts http = {0, 0, 0, &ctx->env};
	time_t start = time(NULL);
	int attempt = 0, r;
	struct sts_identity id = STS_IDENTITY_INIT;
	struct sts_error e = STS_ERROR_INIT;
	struct checkkey_live lv = {endpoint_url, NULL, &ep, LIVE_FAILED, &id, &e, 0, 0, expect_arn};

	memset(&ep, 0, sizeof(ep));
	if (sts_endpoint_resolve(&ein, &ep, &err)) {
		lv.resolve_error = err.buf;
		check_key_live(in, &lv, fs);
		goto done;
	}
	for (;;) {
		struct sts_call call = {ep.url,
					ep.signing_region,
					{k->key_id, k->secret, k->token},
					time(NULL),
					&http};
		sts_identity_release(&id);
		sts_error_release(&e);
		attempt++;
		r = sts_get_caller_identity(&call, &id, &e);
		if (r != 1 || !e.code || strcmp(e.code, "InvalidClientTokenId") ||
		    time(NULL) - start >= wait_s)
			break;
		/* a brand-new key: IAM is eventually consistent */
		{
			long left = wait_s - (long)(time(NULL) - start), step = attempt < 3 ? 1 : 2;
			sleep((unsigned)(left < step ? left : step));
		}
	}
	json_object_set_new(out, "live",
			    json_pack("{s:s,s:s,s:i}", "endpoint", ep.url, "result",
				      r == 0   ? "accepted"
				      : r == 1 ? "refused"
					       : "failed",
				      "attempts", attempt));
	if (r == 0) {
		json_object_set_new(json_object_get(out, "live"), "arn",
				    json_string(id.arn ? id.arn : ""));
		json_object_set_new(json_object_get(out, "live"), "account",
				    json_string(id.account ? id.account : ""));
	}
	lv.result = r == 0 ? LIVE_ACCEPTED : r == 1 ? LIVE_REFUSED : LIVE_FAILED;
	lv.attempts = attempt;
	lv.seconds = (long)(time(NULL) - start);
	check_key_live(in, &lv, fs);
done:
	sts_identity_release(&id);
	sts_error_release(&e);
	sts_endpoint_release(&ep);
	strbuf_release(&err);
}

/* --- the command --- */

static int all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int cmd_check_key(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct common_opts c = {0};
	int from_env = 0, live = 0;
	const char *from_profile = NULL, *from_json = NULL, *secret_file = NULL;
	const char *secret_env = NULL, *expect_account = NULL, *expect_arn = NULL;
	const char *policy = NULL, *region = NULL, *endpoint_url = NULL;
	long wait_s = 30;
	const struct option opts[] = {
		OPT_COMMON(&c),
		{OPT_BOOL, 0, "from-env", &from_env, NULL,
		 "the key from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN)"},
		{OPT_STRING, 0, "from-profile", &from_profile, "NAME",
		 "the key of a profile in the AWS shared files"},
		{OPT_STRING, 0, "from-json", &from_json, "FILE",
		 "the output of aws iam create-access-key ('-': standard input)"},
		{OPT_STRING, 0, "secret-file", &secret_file, "FILE",
		 "read the secret from FILE ('-': standard input)"},
		{OPT_STRING, 0, "secret-env", &secret_env, "VAR",
		 "read the secret from the environment variable VAR"},
		{OPT_STRING, 0, "expect-account", &expect_account, "ID",
		 "reject a key of another account (decoded offline)"},
		{OPT_STRING, 0, "policy", &policy, "POLICY",
		 "strict-chars: reject secrets containing + / = or \\ (SigV4 does not need this)"},
		{OPT_BOOL, 0, "live", &live, NULL, "one GetCallerIdentity call with the key"},
		{OPT_INT, 0, "wait", &wait_s, "SECONDS",
		 "with --live, retry a refused new key this long (default 30)"},
		{OPT_STRING, 0, "expect-arn", &expect_arn, "ARN",
		 "with --live, reject a key of another identity"},
		{OPT_STRING, 0, "region", &region, "REGION",
		 "with --live, the STS region (default: AWS_REGION, else us-east-1)"},
		{OPT_STRING, 0, "endpoint-url", &endpoint_url, "URL",
		 "with --live, the STS endpoint to call"},
		OPT_END(),
	};
	struct keyin k;
	struct checkkey_input in = {0};
	struct findings fs = FINDINGS_INIT;
	struct strbuf text = STRBUF_INIT, sb = STRBUF_INIT;
	struct report r = {0};
	enum report_format fmt;
	enum severity threshold = SEV_ERROR;
	json_t *extra = NULL;
	char acct[13], *masked = NULL;
	int n, code, sources, acct_r, reject;

	memset(&k, 0, sizeof(k));
	strbuf_init(&k.source, 0);
	if ((code = refuse_argv_secrets(argc, argv)))
		goto out;
	n = cmd_parse(argc, argv, opts, &usage, &code);
	if (n < 0)
		goto out;
	if ((code = cmd_check_common(&c, &fmt)))
		goto out;
	code = EXIT_USAGE;
	sources = from_env + !!from_profile + !!from_json + (n > 0);
	if (sources != 1 || n > 1) {
		error_msg(n > 1 ? "check-key takes one access key id; the secret never goes on the "
				  "command line"
			  : sources ? "give the key one way: ACCESS_KEY_ID, --from-env, "
				      "--from-profile or --from-json"
				    : "which key? give ACCESS_KEY_ID (the secret on standard "
				      "input), --from-env, "
				      "--from-profile NAME or --from-json FILE");
		goto out;
	}
	if (policy && strcmp(policy, "strict-chars")) {
		error_msg("unknown policy '%s': the one policy is strict-chars", policy);
		goto out;
	}
	if (expect_account && !all_digits(expect_account, 12)) {
		error_msg("--expect-account takes a 12-digit account id, not '%s'", expect_account);
		goto out;
	}
	if ((expect_arn || endpoint_url) && !live) {
		error_msg("--expect-arn and --endpoint-url need --live");
		goto out;
	}
	if (wait_s < 0 || wait_s > 600) {
		error_msg("--wait takes 0 to 600 seconds");
		goto out;
	}
	if ((from_json && !strcmp(from_json, "-")) && secret_file && !strcmp(secret_file, "-")) {
		error_msg("standard input cannot hold both the JSON and the secret");
		goto out;
	}

	/* the key id, and where the secret comes from */
	code = 0;
	if (from_json) {
		code = read_json(from_json, &k);
	} else if (from_profile) {
		code = read_profile(&ctx->env, from_profile, &k);
	} else if (from_env) {
		const char *id = env_get_nonempty(&ctx->env, "AWS_ACCESS_KEY_ID");
		const char *tok = env_get_nonempty(&ctx->env, "AWS_SESSION_TOKEN");
		if (!id) {
			error_msg("--from-env: AWS_ACCESS_KEY_ID is not set");
			code = EXIT_USAGE;
			goto out;
		}
		k.key_id = xstrdup(id);
		k.key_label = xstrdup("AWS_ACCESS_KEY_ID");
		k.key_site.where = ORIGIN_ENV_VAR("AWS_ACCESS_KEY_ID");
		if (!secret_env && !secret_file)
			secret_env = "AWS_SECRET_ACCESS_KEY";
		if (tok) {
			set_secret(&k.token, &k.token_len, tok, strlen(tok));
			k.token_label = xstrdup("AWS_SESSION_TOKEN");
			k.token_site.where = ORIGIN_ENV_VAR("AWS_SESSION_TOKEN");
		}
		strbuf_addstr(&k.source, "--from-env");
	} else {
		k.key_id = xstrdup(argv[0]);
		k.key_label = xstrdup("the access key id argument");
		k.key_site.where = (struct origin){ORIGIN_ARG, "ACCESS_KEY_ID", 0, 0};
		strbuf_addstr(&k.source, "argument");
	}
	if (code)
		goto out;
	if (!k.secret) {
		if (secret_env) {
			const char *v = env_get(&ctx->env, secret_env);
			if (!v || !*v) {
				error_msg("%s is not set: no secret to check", secret_env);
				code = EXIT_USAGE;
				goto out;
			}
			set_secret(&k.secret, &k.secret_len, v, strlen(v));
			k.secret_label = xstrdup(secret_env);
			k.secret_site.where = ORIGIN_ENV_VAR(secret_env);
			strbuf_addf(&k.source, ", secret from %s", secret_env);
		} else if (secret_file && strcmp(secret_file, "-")) {
			if ((code = read_secret_file(secret_file, &k.secret, &k.secret_len)))
				goto out;
			k.secret_label = xstrfmt("the secret in %s", secret_file);
			k.secret_site.where = ORIGIN_AT(secret_file, 1, 1);
			strbuf_addf(&k.source, ", secret from %s", secret_file);
		} else if (isatty(0)) {
			read_secret_tty(k.key_id, &k.secret, &k.secret_len);
			k.secret_label = xstrdup("the secret typed at the terminal");
			strbuf_addstr(&k.source, ", secret from the terminal");
		} else {
			if ((code = read_secret_file("-", &k.secret, &k.secret_len)))
				goto out;
			k.secret_label = xstrdup("the secret read from standard input");
			strbuf_addstr(&k.source, ", secret from standard input");
		}
		if (!k.secret_len) {
			error_msg("no secret given: pipe it on standard input, or use "
				  "--secret-file or --secret-env");
			code = EXIT_USAGE;
			goto out;
		}
	}
	k.key_site.label = k.key_label;
	k.key_site.assign = "use the key id exactly as created: ";
	k.secret_site.label = k.secret_label;
	k.secret_site.assign = "use the secret exactly as created: ";
	k.token_site.label = k.token_label;
	k.token_site.assign = "use the token exactly as issued: ";

	in.key_id = k.key_id;
	in.secret = k.secret;
	in.secret_len = k.secret_len;
	in.token = k.token;
	in.token_len = k.token_len;
	in.status = k.status;
	in.key_site = &k.key_site;
	in.secret_site = &k.secret_site;
	in.token_site = &k.token_site;
	in.token_in_env = from_env;
	in.expect_account = expect_account;
	in.strict_chars = policy != NULL;
	in.live = live;
	check_key_offline(&in, &fs);
	masked = redact_key_id_dup(k.key_id);
	acct_r = keyid_account(k.key_id, strlen(k.key_id), acct);

	extra = json_object();
	json_object_set_new(extra, "key",
			    json_pack("{s:s,s:s,s:o,s:s}", "access_key_id", masked, "kind",
				      kind_text(k.key_id), "account",
				      acct_r == 0 ? json_string(acct) : json_null(), "source",
				      k.source.buf));
	strbuf_reset(&sb);
	describe_secret(&sb, k.secret, k.secret_len);
	json_object_set_new(json_object_get(extra, "key"), "secret", json_string(sb.buf));
	if (k.user)
		json_object_set_new(json_object_get(extra, "key"), "user_name",
				    json_string(k.user));
	if (k.status)
		json_object_set_new(json_object_get(extra, "key"), "status", json_string(k.status));

	/* a key already rejected offline is not sent to AWS */
	if (live && findings_worst(&fs) < (int)SEV_ERROR) {
		if (!region)
			region = env_get_nonempty(&ctx->env, "AWS_REGION");
		if (!region)
			region = env_get_nonempty(&ctx->env, "AWS_DEFAULT_REGION");
		live_check(ctx, &in, &k, region, endpoint_url, wait_s, expect_arn, &fs, extra);
	}

	if (c.fail_on && strcmp(c.fail_on, "never"))
		severity_parse(c.fail_on, &threshold);
	reject = !(c.fail_on && !strcmp(c.fail_on, "never")) &&
		 findings_worst(&fs) >= (int)threshold;
	json_object_set_new(extra, "verdict", json_string(reject ? "reject" : "accept"));

	strbuf_addf(&text, "key:     %s, %s", masked, kind_text(k.key_id));
	if (acct_r == 0)
		strbuf_addf(&text, ", account %s (decoded offline)", acct);
	strbuf_addf(&text, "\nsecret:  %s (not shown)\nsource:  %s", sb.buf, k.source.buf);
	if (k.user || k.status)
		strbuf_addf(&text, " (user %s, status %s)", k.user ? k.user : "?",
			    k.status ? k.status : "?");
	strbuf_addf(&text, "\nverdict: %s\n", reject ? "REJECT" : "accept");

	r.command = "check-key";
	r.findings = &fs;
	r.extra = extra;
	r.text_preamble = text.buf;
	code = cmd_emit_report(ctx, &c, &r, fmt);
out:
	json_decref(extra);
	free(masked);
	strbuf_release(&text);
	strbuf_release(&sb);
	findings_release(&fs);
	keyin_release(&k);
	return code;
}
