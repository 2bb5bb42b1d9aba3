/*
 * sts_verdict.c - what a GetCallerIdentity answer means (terraform-aws-auth.md
 * §3): the error code alone is ambiguous (InvalidClientTokenId has half a
 * dozen causes), so the verdict is combined with what is known offline
 * about the credentials that were sent: key kind, token presence, damage in
 * the secret, region and partition, custom endpoints, and the clock skew
 * read from the answer's Date header.
 */
#include <stdlib.h>
#include <string.h>

#include "aws/keyfmt.h"
#include "aws/regions.h"
#include "checks/sts_verdict.h"
#include "core/redact.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

#define SKEW_WARN_S 300 /* 5 minutes */
#define SKEW_FAIL_S 900 /* SigV4 refuses beyond 15 minutes */

static int code_is(const struct sts_error *e, const char *code)
{
	return e && e->code && !strcmp(e->code, code);
}

static int msg_has(const struct sts_error *e, const char *needle)
{
	return e && e->message && strstr(e->message, needle);
}

static int invalid_token_code(const struct sts_error *e)
{
	return code_is(e, "InvalidClientTokenId") || code_is(e, "UnrecognizedClientException") ||
	       code_is(e, "InvalidAccessKeyId") || code_is(e, "AuthFailure");
}

const char *live_second_call_region(const struct live_verdict *v)
{
	const struct region *r;
	const struct partition *p;

	if (v->result != LIVE_REFUSED || !v->ep || v->ep->custom || !invalid_token_code(v->err))
		return NULL;
	r = region_find(v->ep->signing_region);
	p = partition_for_region(v->ep->signing_region);
	if ((r && r->opt_in) || (p && strcmp(p->id, "aws")))
		return "us-east-1";
	return NULL;
}

static const char *secret_from(const struct resolved_creds *c)
{
	if (c->source && !strcmp(c->source, "env"))
		return "the environment";
	if (c->profile)
		return "the profile";
	return c->source ? c->source : "the credentials";
}

/* Describe damage in a secret (never its characters); 1 when there is some. */
static int secret_damage(const char *s, struct strbuf *out)
{
	size_t len = strlen(s), a = 0, b = len;
	const char *sep = "";

#define ADD(...)                                                                                   \
	do {                                                                                       \
		strbuf_addstr(out, sep);                                                           \
		strbuf_addf(out, __VA_ARGS__);                                                     \
		sep = ", ";                                                                        \
	} while (0)
	while (a < b && strchr(" \t\r\n", s[a]))
		a++;
	while (b > a && strchr(" \t\r\n", s[b - 1]))
		b--;
	if (a)
		ADD("starts with white space");
	if (b < len)
		ADD("ends with %s", s[len - 1] == '\n'	 ? "a line feed"
				    : s[len - 1] == '\r' ? "a carriage return"
							 : "white space");
	if (b - a >= 2 && (s[a] == '"' || s[a] == '\'') && s[b - 1] == s[a]) {
		ADD("is wrapped in quotes");
		a++;
		b--;
	}
	for (size_t i = a; i < b; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ') {
			ADD("has a space at position %zu, where a + probably was (URL decoding "
			    "turns + into a space)",
			    i + 1);
			break;
		}
		if (c < 0x20 || c == 0x7f) {
			ADD("has a control character at position %zu", i + 1);
			break;
		}
		if (!secret_char_ok(c)) {
			ADD("has a character outside A-Z a-z 0-9 + / at position %zu", i + 1);
			break;
		}
	}
	if (b - a != 40)
		ADD("is %zu characters long, not 40%s", b - a,
		    b - a == 39 ? " (a + or / lost in copying?)" : "");
#undef ADD
	return *sep != '\0';
}

static void common(struct finding *f, const struct live_verdict *v, const char *key)
{
	const struct sts_meta *m = &v->err->meta;

	finding_set(f, "endpoint", "%s", v->ep ? v->ep->url : "?");
	finding_set(f, "code", "%s", v->err->code ? v->err->code : "?");
	finding_set(f, "request_id", "%s", m->request_id ? m->request_id : "none");
	finding_set(f, "key", "%s", key);
}

static void add_clock(const struct live_verdict *v, struct findings *fs)
{
	const struct sts_meta *m = v->result == LIVE_ACCEPTED ? &v->id->meta : &v->err->meta;
	long long sk = m->skew_s, abs_sk = sk < 0 ? -sk : sk;
	char dur[32], date[21];
	int refused_for_time;
	struct finding *f;

	if (!m->have_date || abs_sk <= SKEW_WARN_S)
		return;
	refused_for_time = v->result == LIVE_REFUSED &&
			   (code_is(v->err, "RequestExpired") || msg_has(v->err, "expired") ||
			    msg_has(v->err, "Signature not yet current"));
	time_format_duration(abs_sk, dur, sizeof(dur));
	time_format_iso8601((time_t)m->server_date, date);
	f = findings_add(
		fs, abs_sk > SKEW_FAIL_S || refused_for_time ? F_CLOCK_SKEW : F_CLOCK_DRIFT, NULL);
	finding_set(f, "skew", "%s", dur);
	finding_set(f, "direction", "%s", sk > 0 ? "behind" : "ahead of");
	finding_set(f, "date", "%s", date);
	finding_set(f, "detail", "%s",
		    refused_for_time	   ? "; AWS refused the signature because of it"
		    : abs_sk > SKEW_FAIL_S ? "; AWS refuses signatures more than 15 minutes off"
					   : "");
}

static void add_network(const struct live_verdict *v, struct findings *fs)
{
	const struct sts_error *e = v->err;
	int custom = v->ep && v->ep->custom;
	struct finding *f;
	const char *fix_case = NULL;

	if (e->kind == STS_ERR_NETWORK) {
		f = findings_add(fs, F_STS_UNREACHABLE, NULL);
		switch (e->net) {
		case HTTP_FAIL_DNS:
			fix_case = custom ? "dns-custom" : "dns";
			break;
		case HTTP_FAIL_TLS:
			fix_case = "tls";
			break;
		case HTTP_FAIL_PROXY:
			fix_case = "proxy";
			break;
		case HTTP_FAIL_TIMEOUT:
			fix_case = "timeout";
			break;
		case HTTP_FAIL_CONNECT:
			fix_case = custom ? "connect-custom" : "connect";
			break;
		default:
			break;
		}
	} else {
		f = findings_add(fs, F_STS_BAD_ANSWER, NULL);
		fix_case = e->kind == STS_ERR_SERVER ? "server" : custom ? "custom" : NULL;
	}
	finding_set(f, "endpoint", "%s", v->ep ? v->ep->url : "?");
	finding_set(f, "detail", "%s", e->detail ? e->detail : "the request failed");
	if (fix_case)
		finding_case(f, fix_case);
}

static void add_refusal(const struct live_verdict *v, struct findings *fs, const char *key)
{
	const struct resolved_creds *c = v->creds;
	const struct sts_error *e = v->err;
	const char *token = c->session_token && *c->session_token ? c->session_token : NULL;
	const char *id = c->access_key_id ? c->access_key_id : "";
	enum keyid_kind kind = keyid_kind(id, strlen(id));
	const struct partition *p = v->ep ? partition_for_region(v->ep->signing_region) : NULL;
	const struct region *r = v->ep ? region_find(v->ep->signing_region) : NULL;
	struct strbuf sb = STRBUF_INIT;
	int env = c->source && !strcmp(c->source, "env");
	/* the chain does not say which variable held the secret; this is the one all tools read */
	struct origin secret_origin = ORIGIN_ENV_VAR("AWS_SECRET_ACCESS_KEY");
	struct finding *f;

	if (v->ep && v->ep->custom && v->ep->rule &&
	    !strncmp(v->ep->rule, "AWS_ENDPOINT_URL", 16)) {
		f = findings_add(fs, F_STS_CUSTOM_ENDPOINT, &ORIGIN_ENV_VAR(v->ep->rule));
		finding_set(f, "endpoint", "%s", v->ep->url);
		finding_set(f, "rule", "%s", v->ep->rule);
	}
	if (v->second && v->second_result == LIVE_ACCEPTED && v->second_id) {
		int partition = p && strcmp(p->id, "aws");
		f = findings_add(fs,
				 partition ? F_STS_REFUSED_PARTITION : F_STS_REFUSED_OPT_IN_REGION,
				 NULL);
		common(f, v, key);
		finding_set(f, "region", "%s", v->ep->signing_region);
		finding_set(f, "partition", "%s", p ? p->id : "?");
		finding_set(f, "second_endpoint", "%s", v->second_ep ? v->second_ep->url : "?");
		finding_set(f, "arn", "%s", v->second_id->arn ? v->second_id->arn : "?");
		goto done;
	}
	if (invalid_token_code(e)) {
		const char *second_note =
			v->second && v->second_result == LIVE_REFUSED
				? "; a second call to a default region's STS was refused too, "
				  "so the region is not the cause"
				: "";
		if (kind == KEYID_LONG_TERM && token) {
			f = findings_add(fs, F_STS_REFUSED_STALE_TOKEN, &c->from);
			common(f, v, key);
			finding_set(f, "token_from", "%s",
				    env ? "AWS_SESSION_TOKEN" : secret_from(c));
			if (env)
				finding_case(f, "env");
		} else if (kind == KEYID_TEMPORARY && !token) {
			f = findings_add(fs, F_STS_REFUSED_MISSING_TOKEN, &c->from);
			common(f, v, key);
			finding_set(f, "detail", "%s", second_note);
		} else if (kind == KEYID_TEMPORARY) {
			f = findings_add(fs, F_STS_REFUSED_TOKEN, &c->from);
			common(f, v, key);
			redact_secret(&sb, token, strlen(token));
			finding_set(f, "token", "%s", sb.buf);
			strbuf_reset(&sb);
			if (*second_note)
				strbuf_addstr(&sb, second_note);
			else if (r && r->opt_in && !v->second)
				strbuf_addf(&sb,
					    "; %s is an opt-in region: tokens from the global "
					    "endpoint are not valid there (rerun without "
					    "--one-call to prove it)",
					    r->name);
			finding_set(f, "detail", "%s", sb.buf);
		} else {
			f = findings_add(fs, F_STS_REFUSED_UNKNOWN_KEY, &c->from);
			common(f, v, key);
			if (p && strcmp(p->id, "aws"))
				strbuf_addf(
					&sb,
					" (the region is in partition %s, whose keys are separate)",
					p->id);
			strbuf_addstr(&sb, second_note);
			finding_set(f, "detail", "%s", sb.buf);
		}
		goto done;
	}
	if (code_is(e, "SignatureDoesNotMatch") || code_is(e, "InvalidSignatureException")) {
		if (msg_has(e, "should be scoped")) {
			f = findings_add(fs, F_STS_REFUSED_SIGNING_REGION, NULL);
			common(f, v, key);
			finding_set(f, "region", "%s", v->ep ? v->ep->signing_region : "?");
			finding_set(f, "message", "%s", e->message);
			goto done;
		}
		if (msg_has(e, "expired") || msg_has(e, "not yet current")) {
			f = findings_add(fs, F_STS_REFUSED, NULL);
			common(f, v, key);
			finding_set(f, "status", "%ld", e->meta.status);
			finding_set(f, "message", "%s", e->message ? e->message : "");
			finding_case(f, "clock");
			goto done;
		}
		if (c->secret_access_key && secret_damage(c->secret_access_key, &sb)) {
			f = findings_add(fs, F_STS_REFUSED_CORRUPTED_SECRET,
					 env ? &secret_origin : &c->from);
			common(f, v, key);
			finding_set(f, "secret_from", "%s", secret_from(c));
			finding_set(f, "detail", "%s", sb.buf);
			if (env)
				finding_case(f, "env");
			goto done;
		}
		f = findings_add(fs, F_STS_REFUSED_WRONG_SECRET, env ? &secret_origin : &c->from);
		common(f, v, key);
		finding_set(f, "secret_from", "%s", secret_from(c));
		strbuf_reset(&sb);
		if (c->secret_access_key)
			redact_secret(&sb, c->secret_access_key, strlen(c->secret_access_key));
		finding_set(f, "secret", "%s", sb.buf);
		goto done;
	}
	if (code_is(e, "ExpiredToken") || code_is(e, "ExpiredTokenException") ||
	    code_is(e, "TokenRefreshRequired")) {
		f = findings_add(fs, F_STS_REFUSED_EXPIRED, &c->from);
		common(f, v, key);
		goto done;
	}
	f = findings_add(fs, F_STS_REFUSED, NULL);
	common(f, v, key);
	finding_set(f, "status", "%ld", e->meta.status);
	finding_set(f, "message", "%s", e->message ? e->message : "(no message)");
	finding_set(f, "code", "%s", e->code ? e->code : "the error");
	if (code_is(e, "RequestExpired"))
		finding_case(f, "clock");
	else if (code_is(e, "IncompleteSignature"))
		finding_case(f, "incomplete-signature");
	else if (code_is(e, "AccessDenied"))
		finding_case(f, "access-denied");
done:
	strbuf_release(&sb);
}

void check_live(const struct live_verdict *v, struct findings *fs)
{
	char *key = redact_key_id_dup(v->creds ? v->creds->access_key_id : NULL);
	struct finding *f;

	if (v->ep && v->ep->plain_http && !v->ep->loopback) {
		f = findings_add(fs, F_STS_PLAIN_HTTP, NULL);
		finding_set(f, "endpoint", "%s", v->ep->url);
		finding_set(f, "rule", "%s", v->ep->rule ? v->ep->rule : "?");
	}
	switch (v->result) {
	case LIVE_NOT_SENT:
		f = findings_add(fs, F_STS_NOT_SENT, NULL);
		finding_set(f, "detail", "%s",
			    v->err && v->err->detail ? v->err->detail : "nothing was sent");
		if (!v->ep) {
			finding_case(f, "no-endpoint");
		} else if ((!v->creds || !v->creds->access_key_id) && v->fix_no_creds) {
			finding_set(f, "no_creds_fix", "%s", v->fix_no_creds);
			finding_case(f, "no-credentials-terraform");
		} else if (!v->creds || !v->creds->access_key_id) {
			finding_case(f, "no-credentials");
		} else if (v->err && v->err->detail && strstr(v->err->detail, "line break")) {
			finding_case(f, "line-break");
		}
		break;
	case LIVE_FAILED:
		add_network(v, fs);
		break;
	case LIVE_ACCEPTED:
		if (v->quiet_accept) {
			add_clock(v, fs);
			break;
		}
		f = findings_add(fs, F_STS_ACCEPTED, v->creds ? &v->creds->from : NULL);
		finding_set(f, "endpoint", "%s", v->ep ? v->ep->url : "?");
		finding_set(f, "key", "%s", key);
		finding_set(f, "account", "%s", v->id->account ? v->id->account : "?");
		finding_set(f, "arn", "%s", v->id->arn ? v->id->arn : "?");
		add_clock(v, fs);
		break;
	case LIVE_REFUSED:
		add_refusal(v, fs, key);
		add_clock(v, fs);
		break;
	}
	free(key);
}
