/*
 * check_key.c - `tfauth check-key`: the rotation gate. Before a new key
 * pair is activated or stored anywhere, check it: every format and damage
 * check doctor makes, the account decoded from the key id against
 * --expect-account, an optional house policy on the secret's characters,
 * and with --live one GetCallerIdentity call (retried while a brand-new
 * key propagates through IAM) and --expect-arn.
 *
 * This file parses the options, has check_key_read.c collect the key pair,
 * runs the checks (checks/checkkey.c) and writes the report. The secret is
 * never printed - not even a fingerprint: only its length and classes.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aws/keyfmt.h"
#include "aws/sts.h"
#include "checks/checkkey.h"
#include "cmd/check_key.h"
#include "cmd/cmd.h"
#include "core/diag.h"
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

static int all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The options, common ones included. */
struct ck_opts {
	struct common_opts c; /* c.region, c.endpoint_url: with --live */
	struct key_source src;
	int live;
	const char *expect_account, *expect_arn, *policy;
	long wait_s;
};

static const char *const source_error[] = {
	"which key? give ACCESS_KEY_ID (the secret on standard input), --from-env, "
	"--from-profile NAME or --from-json FILE",
	"give the key one way: ACCESS_KEY_ID, --from-env, --from-profile or --from-json",
	"check-key takes one access key id; the secret never goes on the command line",
};

/* Parse argv into o; the operands' count, or -1 with *code set. */
static int parse_options(int argc, char **argv, struct ck_opts *o, int *code)
{
	const struct option opts[] = {
		OPT_COMMON(&o->c),
		{OPT_BOOL, 0, "from-env", &o->src.from_env, NULL,
		 "the key from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN)"},
		{OPT_STRING, 0, "from-profile", &o->src.from_profile, "NAME",
		 "the key of a profile in the AWS shared files"},
		{OPT_STRING, 0, "from-json", &o->src.from_json, "FILE",
		 "the output of aws iam create-access-key ('-': standard input)"},
		{OPT_STRING, 0, "secret-file", &o->src.secret_file, "FILE",
		 "read the secret from FILE ('-': standard input)"},
		{OPT_STRING, 0, "secret-env", &o->src.secret_env, "VAR",
		 "read the secret from the environment variable VAR"},
		{OPT_STRING, 0, "expect-account", &o->expect_account, "ID",
		 "reject a key of another account (decoded offline)"},
		{OPT_STRING, 0, "policy", &o->policy, "POLICY",
		 "strict-chars: reject secrets containing + / = or \\ (SigV4 does not need this)"},
		{OPT_BOOL, 0, "live", &o->live, NULL, "one GetCallerIdentity call with the key"},
		{OPT_INT, 0, "wait", &o->wait_s, "SECONDS",
		 "with --live, retry a refused new key this long (default 30)"},
		{OPT_STRING, 0, "expect-arn", &o->expect_arn, "ARN",
		 "with --live, reject a key of another identity"},
		OPT_AWS_REGION(&o->c, "with --live, the STS region (default: AWS_REGION, else "
				      "us-east-1)"),
		OPT_AWS_ENDPOINT_URL(&o->c, "with --live, the STS endpoint to call"),
		OPT_END(),
	};

	return cmd_parse(argc, argv, opts, &usage, code);
}

/* The options' combinations and values; 0 or EXIT_USAGE after a message. */
static int validate_options(const struct ck_opts *o, int n)
{
	const struct key_source *s = &o->src;
	int sources = s->from_env + !!s->from_profile + !!s->from_json + (n > 0);

	if (sources != 1 || n > 1) {
		error_msg("%s", source_error[n > 1 ? 2 : sources ? 1 : 0]);
		return EXIT_USAGE;
	}
	if (o->policy && strcmp(o->policy, "strict-chars")) {
		error_msg("unknown policy '%s': the one policy is strict-chars", o->policy);
		return EXIT_USAGE;
	}
	if (o->expect_account && !all_digits(o->expect_account, 12)) {
		error_msg("--expect-account takes a 12-digit account id, not '%s'",
			  o->expect_account);
		return EXIT_USAGE;
	}
	if ((o->expect_arn || o->c.endpoint_url) && !o->live) {
		error_msg("--expect-arn and --endpoint-url need --live");
		return EXIT_USAGE;
	}
	if (o->wait_s < 0 || o->wait_s > 600) {
		error_msg("--wait takes 0 to 600 seconds");
		return EXIT_USAGE;
	}
	if (s->from_json && !strcmp(s->from_json, "-") && s->secret_file &&
	    !strcmp(s->secret_file, "-")) {
		error_msg("standard input cannot hold both the JSON and the secret");
		return EXIT_USAGE;
	}
	return 0;
}

/* --- what the report says about the key --- */

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

/*
 * One GetCallerIdentity with the key, retried while a new key propagates;
 * what it answered goes into out's "live" and to check_key_live.
 */
static void live_call(struct cmd_ctx *ctx, const struct ck_opts *o, const struct checkkey_input *in,
		      const struct keyin *k, struct findings *fs, json_t *out)
{
	const char *region = o->c.region, *endpoint_url = o->c.endpoint_url;
	long wait_s = o->wait_s;
	struct sts_endpoint_in ein = {DIALECT_GO_V2, NULL, NULL, endpoint_url, "--endpoint-url",
				      &ctx->env};
	struct sts_endpoint ep;
	struct strbuf err = STRBUF_INIT;
	struct http_opts http = {0, 0, 0, &ctx->env};
	time_t start = time(NULL);
	int attempt = 0, r;
	struct sts_identity id = STS_IDENTITY_INIT;
	struct sts_error e = STS_ERROR_INIT;
	struct checkkey_live lv = {endpoint_url, NULL, &ep, LIVE_FAILED, &id, &e, 0, 0, o->expect_arn};

	if (!region)
		region = env_get_nonempty(&ctx->env, "AWS_REGION");
	if (!region)
		region = env_get_nonempty(&ctx->env, "AWS_DEFAULT_REGION");
	ein.region = region;
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

/* --- the report --- */

/* What check-key read, for the checks. */
static void model_of(const struct keyin *k, const struct ck_opts *o, struct checkkey_input *in)
{
	in->key_id = k->key_id;
	in->secret = k->secret;
	in->secret_len = k->secret_len;
	in->token = k->token;
	in->token_len = k->token_len;
	in->status = k->status;
	in->key_site = &k->key_site;
	in->secret_site = &k->secret_site;
	in->token_site = &k->token_site;
	in->token_in_env = o->src.from_env;
	in->expect_account = o->expect_account;
	in->strict_chars = o->policy != NULL;
	in->live = o->live;
}

/* The report's "key" object: the masked id, its kind and account, the secret's classes. */
static json_t *key_json(const struct keyin *k, const char *masked, const char *secret_desc)
{
	char acct[13];
	int acct_r = keyid_account(k->key_id, strlen(k->key_id), acct);
	json_t *key = json_pack("{s:s,s:s,s:o,s:s}", "access_key_id", masked, "kind",
				kind_text(k->key_id), "account",
				acct_r == 0 ? json_string(acct) : json_null(), "source",
				k->source.buf);

	json_object_set_new(key, "secret", json_string(secret_desc));
	if (k->user)
		json_object_set_new(key, "user_name", json_string(k->user));
	if (k->status)
		json_object_set_new(key, "status", json_string(k->status));
	return key;
}

/* Does --fail-on (default: error) reject what was found? */
static int verdict_reject(const struct common_opts *c, const struct findings *fs)
{
	enum severity threshold = SEV_ERROR;

	if (c->fail_on && !strcmp(c->fail_on, "never"))
		return 0;
	if (c->fail_on)
		severity_parse(c->fail_on, &threshold);
	return findings_worst(fs) >= (int)threshold;
}

/* The text report's head: key, secret (its classes only), source, verdict. */
static void text_preamble(struct strbuf *text, const struct keyin *k, const char *masked,
			  const char *secret_desc, int reject)
{
	char acct[13];

	strbuf_addf(text, "key:     %s, %s", masked, kind_text(k->key_id));
	if (keyid_account(k->key_id, strlen(k->key_id), acct) == 0)
		strbuf_addf(text, ", account %s (decoded offline)", acct);
	strbuf_addf(text, "\nsecret:  %s (not shown)\nsource:  %s", secret_desc, k->source.buf);
	if (k->user || k->status)
		strbuf_addf(text, " (user %s, status %s)", k->user ? k->user : "?",
			    k->status ? k->status : "?");
	strbuf_addf(text, "\nverdict: %s\n", reject ? "REJECT" : "accept");
}

/* Check the key read into k (offline, then live unless already rejected) and report. */
static int check_and_report(struct cmd_ctx *ctx, const struct ck_opts *o, const struct keyin *k,
			    enum report_format fmt)
{
	struct checkkey_input in = {0};
	struct findings fs = FINDINGS_INIT;
	struct strbuf text = STRBUF_INIT, desc = STRBUF_INIT;
	struct report r = {0};
	char *masked = redact_key_id_dup(k->key_id);
	json_t *extra = json_object();
	int reject, code;

	model_of(k, o, &in);
	check_key_offline(&in, &fs);
	describe_secret(&desc, k->secret, k->secret_len);
	json_object_set_new(extra, "key", key_json(k, masked, desc.buf));
	/* a key already rejected offline is not sent to AWS */
	if (o->live && findings_worst(&fs) < (int)SEV_ERROR)
		live_call(ctx, o, &in, k, &fs, extra);
	reject = verdict_reject(&o->c, &fs);
	json_object_set_new(extra, "verdict", json_string(reject ? "reject" : "accept"));
	text_preamble(&text, k, masked, desc.buf, reject);

	r.command = "check-key";
	r.findings = &fs;
	r.extra = extra;
	r.text_preamble = text.buf;
	code = cmd_emit_report(ctx, &o->c, &r, fmt);
	json_decref(extra);
	free(masked);
	strbuf_release(&text);
	strbuf_release(&desc);
	findings_release(&fs);
	return code;
}

int cmd_check_key(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct ck_opts o = {.wait_s = 30};
	struct keyin k;
	enum report_format fmt;
	int n, code;

	keyin_init(&k);
	if ((code = check_key_refuse_argv_secrets(argc, argv)))
		goto out;
	if ((n = parse_options(argc, argv, &o, &code)) < 0)
		goto out;
	if ((code = cmd_check_common(&o.c, &fmt)) || (code = validate_options(&o, n)))
		goto out;
	o.src.key_arg = n > 0 ? argv[0] : NULL;
	if ((code = keyin_read(&k, &o.src, &ctx->env)))
		goto out;
	code = check_and_report(ctx, &o, &k, fmt);
out:
	keyin_release(&k);
	return code;
}
