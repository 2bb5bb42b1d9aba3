/*
 * sts_call.c - runs the STS call(s) for whoami and doctor --live and describes
 * them; see sts_call.h. The only place besides the tests that sends anything.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aws/keyfmt.h"
#include "cmd/cmd.h"
#include "cmd/sts_call.h"
#include "core/diag.h"
#include "core/redact.h"
#include "core/xalloc.h"
#include "core/banned.h"

int live_parse_timeouts(const char *cto, const char *to, long *connect_ms, long *total_ms)
{
	if (cto && live_parse_timeout(cto, connect_ms)) {
		error_msg("--connect-timeout takes seconds (e.g. 3 or 0.5), not '%s'", cto);
		return EXIT_USAGE;
	}
	if (to && live_parse_timeout(to, total_ms)) {
		error_msg("--timeout takes seconds (e.g. 10 or 2.5), not '%s'", to);
		return EXIT_USAGE;
	}
	return 0;
}

int live_parse_timeout(const char *s, long *out)
{
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	v = strtod(s, &end);
	if (end == s || *end || !isfinite(v) || v <= 0 || v > 600)
		return -1;
	*out = (long)(v * 1000 + 0.5);
	if (*out < 1)
		*out = 1;
	return 0;
}

static enum live_result call(struct live_probe *p, const struct sts_endpoint *ep,
			     struct sts_identity *id, struct sts_error *err)
{
	const struct resolved_creds *c = &p->chain.creds;
	const char *redirect = env_get_nonempty(p->facts->env, "TFAUTH_TEST_STS_REDIRECT");
	struct sts_call in = {
		.url = ep->url,
		.signing_region = ep->signing_region,
		.creds = {c->access_key_id, c->secret_access_key, c->session_token},
		.now = clock_now(p->facts->env),
		.http = &p->http,
	};
	int r;

	if (redirect && !ep->custom) {
		struct http_url u;
		struct strbuf e = STRBUF_INIT;
		if (!http_url_parse(redirect, &u, &e) && http_host_is_loopback(u.host))
			in.url = redirect;
		http_url_release(&u);
		strbuf_release(&e);
	}
	r = sts_get_caller_identity(&in, id, err);
	if (r == 0)
		return LIVE_ACCEPTED;
	if (r == 1)
		return LIVE_REFUSED;
	return err->kind == STS_ERR_USAGE ? LIVE_NOT_SENT : LIVE_FAILED;
}

void live_probe_run(struct live_probe *p)
{
	struct strbuf err = STRBUF_INIT;
	struct sts_endpoint_in in = {0};
	struct live_verdict v;
	const char *second;

	p->have_creds = !chain_resolve(p->facts, p->target, &p->chain);
	p->result = LIVE_NOT_SENT;
	p->http.env = p->facts->env;
	in.dialect = p->dialect;
	in.region = p->region ? p->region : p->chain.creds.region;
	in.sts_region = p->sts_region;
	in.endpoint_url = p->endpoint_url;
	in.endpoint_url_from = p->endpoint_from;
	in.env = p->facts->env;
	if (sts_endpoint_resolve(&in, &p->ep, &err)) {
		p->err.kind = STS_ERR_USAGE;
		p->err.detail = xstrfmt("no STS endpoint: %s", err.buf);
		goto done;
	}
	p->have_ep = 1;
	if (!p->have_creds) {
		p->err.kind = STS_ERR_USAGE;
		p->err.detail =
			xstrfmt("no credentials to check: %s",
				p->chain.creds.error ? p->chain.creds.error : "none were found");
		goto done;
	}
	p->result = call(p, &p->ep, &p->id, &p->err);
	if (p->one_call)
		goto done;
	live_probe_verdict(p, &v, NULL);
	second = live_second_call_region(&v);
	if (second && !sts_endpoint_regional(second, &p->ep2, &err)) {
		p->second = 1;
		p->result2 = call(p, &p->ep2, &p->id2, &p->err2);
	}
done:
	strbuf_release(&err);
}

void live_probe_release(struct live_probe *p)
{
	if (!p)
		return;
	chain_result_release(&p->chain);
	sts_endpoint_release(&p->ep);
	sts_endpoint_release(&p->ep2);
	sts_identity_release(&p->id);
	sts_identity_release(&p->id2);
	sts_error_release(&p->err);
	sts_error_release(&p->err2);
}

void live_probe_verdict(const struct live_probe *p, struct live_verdict *v,
			const struct findings *offline)
{
	memset(v, 0, sizeof(*v));
	v->creds = &p->chain.creds;
	v->ep = p->have_ep ? &p->ep : NULL;
	v->result = p->result;
	v->id = &p->id;
	v->err = &p->err;
	v->second = p->second;
	v->second_ep = p->second ? &p->ep2 : NULL;
	v->second_result = p->result2;
	v->second_id = &p->id2;
	v->second_err = &p->err2;
	v->offline = offline;
}

int live_probe_exit(const struct live_probe *p)
{
	switch (p->result) {
	case LIVE_ACCEPTED:
		return 0;
	case LIVE_FAILED:
		return 3;
	case LIVE_REFUSED:
	case LIVE_NOT_SENT:
		break;
	}
	return 1;
}

static const char *kind_name(const char *id)
{
	switch (keyid_kind(id, strlen(id))) {
	case KEYID_LONG_TERM:
		return "long-term";
	case KEYID_TEMPORARY:
		return "temporary";
	case KEYID_UNIQUE_ID:
		return "not an access key";
	case KEYID_UNKNOWN:
		break;
	}
	return "unknown kind";
}

static void creds_text(const struct live_probe *p, struct strbuf *sb)
{
	const struct resolved_creds *c = &p->chain.creds;
	char *masked;

	if (!p->have_creds) {
		strbuf_addf(sb, "credentials: none (%s)\n",
			    c->error ? c->error : "none were found");
		return;
	}
	masked = redact_key_id_dup(c->access_key_id);
	strbuf_addf(sb, "credentials: %s (%s%s) from", masked, kind_name(c->access_key_id),
		    c->session_token && *c->session_token ? ", with a session token" : "");
	if (!c->profile || !c->source || strcmp(c->source, "profile"))
		strbuf_addf(sb, " %s", c->source ? c->source : "?"); /* not "profile profile" */
	if (c->profile)
		strbuf_addf(sb, " profile '%s'", c->profile);
	if (c->from.kind == ORIGIN_ENV)
		strbuf_addf(sb, " %s", c->from.name);
	else if (c->from.kind == ORIGIN_FILE && c->from.name)
		strbuf_addf(sb, " %s:%u", c->from.name, c->from.line);
	strbuf_addch(sb, '\n');
	free(masked);
}

static void meta_text(const struct sts_meta *m, struct strbuf *sb)
{
	char dur[32];

	if (!m->status)
		return; /* no answer: nothing measured */
	strbuf_addf(sb, "round trip:  %ld ms%s%s%s\n", m->elapsed_ms,
		    m->proxy ? " (via proxy " : "", m->proxy ? m->proxy : "", m->proxy ? ")" : "");
	if (!m->have_date) {
		strbuf_addstr(sb, "clock skew:  unknown (the answer had no Date header)\n");
		return;
	}
	time_format_duration(m->skew_s, dur, sizeof(dur));
	if (m->skew_s >= -1 && m->skew_s <= 1) /* the Date header has whole seconds */
		strbuf_addstr(sb, "clock skew:  none (within a second of AWS)\n");
	else
		strbuf_addf(sb, "clock skew:  %s (this machine is %s)\n", dur,
			    m->skew_s > 0 ? "behind AWS" : "ahead of AWS");
}

static const char *verdict_name(enum live_result r)
{
	switch (r) {
	case LIVE_ACCEPTED:
		return "accepted";
	case LIVE_REFUSED:
		return "refused";
	case LIVE_FAILED:
		return "failed";
	case LIVE_NOT_SENT:
		break;
	}
	return "not-sent";
}

void live_probe_text(const struct live_probe *p, struct strbuf *sb)
{
	if (p->result == LIVE_ACCEPTED) {
		strbuf_addf(sb, "account:     %s\n", p->id.account);
		strbuf_addf(sb, "arn:         %s\n", p->id.arn);
		strbuf_addf(sb, "user id:     %s\n", p->id.user_id ? p->id.user_id : "?");
	} else if (p->result == LIVE_REFUSED) {
		strbuf_addstr(sb, "AWS refused the credentials\n");
		strbuf_addf(sb, "error:       %s: %s\n", p->err.code,
			    p->err.message ? p->err.message : "(no message)");
		strbuf_addf(sb, "request id:  %s\n",
			    p->err.meta.request_id ? p->err.meta.request_id : "none");
	} else if (p->result == LIVE_FAILED) {
		strbuf_addstr(sb, "no verdict: the call failed\n");
		strbuf_addf(sb, "error:       %s\n", p->err.detail ? p->err.detail : "?");
	} else {
		strbuf_addstr(sb, "no call was made\n");
		strbuf_addf(sb, "reason:      %s\n", p->err.detail ? p->err.detail : "?");
	}
	creds_text(p, sb);
	if (p->have_ep) {
		strbuf_addf(sb, "endpoint:    %s (%s, signed for %s%s)\n", p->ep.url, p->ep.rule,
			    p->ep.signing_region,
			    p->ep.region_defaulted ? "; no region is set" : "");
	}
	if (p->result == LIVE_ACCEPTED)
		meta_text(&p->id.meta, sb);
	else if (p->result != LIVE_NOT_SENT)
		meta_text(&p->err.meta, sb);
	if (p->second) {
		strbuf_addf(sb,
			    "second call: %s (a default region, to tell the region from the key): ",
			    p->ep2.url);
		if (p->result2 == LIVE_ACCEPTED)
			strbuf_addf(sb, "accepted as %s\n", p->id2.arn);
		else if (p->result2 == LIVE_REFUSED)
			strbuf_addf(sb, "refused too (%s)\n", p->err2.code);
		else
			strbuf_addf(sb, "no verdict (%s)\n",
				    p->err2.detail ? p->err2.detail : "failed");
	}
}

static json_t *meta_json(const struct sts_meta *m)
{
	json_t *j = json_pack("{s:I,s:s?,s:I}", "status", (json_int_t)m->status, "request_id",
			      m->request_id, "round_trip_ms", (json_int_t)m->elapsed_ms);
	char date[21];

	if (m->have_date) {
		time_format_iso8601((time_t)m->server_date, date);
		json_object_set_new(j, "clock_skew_s", json_integer((json_int_t)m->skew_s));
		json_object_set_new(j, "server_date", json_string(date));
	} else {
		json_object_set_new(j, "clock_skew_s", json_null());
		json_object_set_new(j, "server_date", json_null());
	}
	json_object_set_new(j, "proxy", m->proxy ? json_string(m->proxy) : json_null());
	return j;
}

static json_t *call_json(const struct sts_endpoint *ep, enum live_result r,
			 const struct sts_identity *id, const struct sts_error *err)
{
	json_t *j = meta_json(r == LIVE_ACCEPTED ? &id->meta : &err->meta);

	json_object_set_new(j, "verdict", json_string(verdict_name(r)));
	json_object_set_new(j, "endpoint", json_string(ep->url));
	json_object_set_new(j, "rule", json_string(ep->rule));
	json_object_set_new(j, "signing_region", json_string(ep->signing_region));
	json_object_set_new(j, "region_defaulted", json_boolean(ep->region_defaulted));
	if (r == LIVE_ACCEPTED)
		json_object_set_new(j, "identity",
				    json_pack("{s:s,s:s,s:s?}", "account", id->account, "arn",
					      id->arn, "user_id", id->user_id));
	else
		json_object_set_new(j, "identity", json_null());
	if (r == LIVE_REFUSED || r == LIVE_FAILED)
		json_object_set_new(j, "error",
				    json_pack("{s:s,s:s?,s:s?,s:s?,s:s?}", "kind",
					      sts_error_kind_name(err->kind), "code", err->code,
					      "message", err->message, "type", err->type, "detail",
					      err->detail));
	else
		json_object_set_new(j, "error", json_null());
	return j;
}

json_t *live_probe_json(const struct live_probe *p)
{
	const struct resolved_creds *c = &p->chain.creds;
	json_t *j = json_object(), *cred;

	json_object_set_new(j, "verdict", json_string(verdict_name(p->result)));
	if (p->have_creds) {
		char *masked = redact_key_id_dup(c->access_key_id);
		struct strbuf loc = STRBUF_INIT;

		if (c->from.kind == ORIGIN_ENV)
			strbuf_addf(&loc, "env %s", c->from.name);
		else if (c->from.kind == ORIGIN_FILE && c->from.name)
			strbuf_addf(&loc, "%s:%u", c->from.name, c->from.line);
		cred = json_pack("{s:s?,s:s?,s:s,s:s,s:b,s:s}", "source", c->source, "profile",
				 c->profile, "access_key_id", masked, "kind",
				 kind_name(c->access_key_id), "session_token",
				 c->session_token && *c->session_token, "location", loc.buf);
		free(masked);
		strbuf_release(&loc);
	} else {
		cred = json_null();
	}
	json_object_set_new(j, "credentials", cred);
	json_object_set_new(j, "identity",
			    p->result == LIVE_ACCEPTED
				    ? json_pack("{s:s,s:s,s:s?}", "account", p->id.account, "arn",
						p->id.arn, "user_id", p->id.user_id)
				    : json_null());
	json_object_set_new(j, "call",
			    p->have_ep && p->result != LIVE_NOT_SENT
				    ? call_json(&p->ep, p->result, &p->id, &p->err)
				    : json_null());
	if (p->have_ep && p->result == LIVE_NOT_SENT)
		json_object_set_new(j, "endpoint",
				    json_pack("{s:s,s:s,s:s}", "endpoint", p->ep.url, "rule",
					      p->ep.rule, "signing_region", p->ep.signing_region));
	json_object_set_new(j, "not_sent",
			    p->result == LIVE_NOT_SENT && p->err.detail ? json_string(p->err.detail)
									: json_null());
	json_object_set_new(j, "second_call",
			    p->second ? call_json(&p->ep2, p->result2, &p->id2, &p->err2)
				      : json_null());
	return j;
}
