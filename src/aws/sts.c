/*
 * sts.c - STS endpoint resolution per dialect and the signed
 * GetCallerIdentity call; the rules are in sts.h, the parser in sts_xml.c.
 */
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/regions.h"
#include "aws/sts.h"
#include "core/xalloc.h"
#include "core/banned.h"

#define STS_BODY "Action=GetCallerIdentity&Version=2011-06-15"
#define STS_CONTENT_TYPE "application/x-www-form-urlencoded; charset=utf-8"

/* aws-sdk-go v1 and botocore "legacy": these regions call sts.amazonaws.com. */
static const char *const legacy_global[] = {
	"ap-northeast-1", "ap-south-1",	  "ap-southeast-1", "ap-southeast-2",
	"aws-global",	  "ca-central-1", "eu-central-1",   "eu-north-1",
	"eu-west-1",	  "eu-west-2",	  "eu-west-3",	    "sa-east-1",
	"us-east-1",	  "us-east-2",	  "us-west-1",	    "us-west-2",
};

const char *sts_error_kind_name(enum sts_error_kind k)
{
	switch (k) {
	case STS_ERR_NONE:
		return "none";
	case STS_ERR_REFUSED:
		return "refused";
	case STS_ERR_NETWORK:
		return "network";
	case STS_ERR_SERVER:
		return "server";
	case STS_ERR_RESPONSE:
		return "response";
	case STS_ERR_USAGE:
		break;
	}
	return "usage";
}

static int truthy(const struct env *e, const char *name)
{
	const char *v = e ? env_get_nonempty(e, name) : NULL;

	return v && !strcasecmp(v, "true");
}

void sts_endpoint_release(struct sts_endpoint *e)
{
	if (!e)
		return;
	free(e->url);
	free(e->host);
	free(e->signing_region);
	free(e->region);
	free(e->rule);
	memset(e, 0, sizeof(*e));
}

static int fill_from_url(struct sts_endpoint *out, const char *url, struct strbuf *err)
{
	struct http_url u;

	if (http_url_parse(url, &u, err))
		return -1;
	out->url = xstrdup(url);
	out->host = xstrdup(u.host_header);
	out->loopback = http_host_is_loopback(u.host);
	out->plain_http = !strcmp(u.scheme, "http");
	http_url_release(&u);
	return 0;
}

static int is_legacy_global(const char *region)
{
	for (size_t i = 0; i < ARRAY_SIZE(legacy_global); i++)
		if (!strcmp(region, legacy_global[i]))
			return 1;
	return 0;
}

static int computed(struct sts_endpoint *out, enum dialect dl, const char *region,
		    const struct env *env, struct strbuf *err)
{
	const struct partition *p;
	const char *suffix,
		*sts_regional = env ? env_get_nonempty(env, "AWS_STS_REGIONAL_ENDPOINTS") : NULL;
	int fips = truthy(env, "AWS_USE_FIPS_ENDPOINT"),
	    dual = truthy(env, "AWS_USE_DUALSTACK_ENDPOINT");
	char *r = xstrdup(region), *url = NULL;
	size_t n = strlen(r);
	int ret = -1;

	/* pseudo regions: fips-us-east-1, us-east-1-fips */
	if (!strncmp(r, "fips-", 5)) {
		memmove(r, r + 5, n - 4);
		fips = 1;
	} else if (n > 5 && !strcmp(r + n - 5, "-fips")) {
		r[n - 5] = '\0';
		fips = 1;
	}
	if (!strcmp(r, "aws-global") && !fips && !dual) {
		out->url = xstrdup("https://sts.amazonaws.com/");
		out->host = xstrdup("sts.amazonaws.com");
		out->signing_region = xstrdup("us-east-1");
		out->rule = xstrdup("global endpoint (region aws-global)");
		out->partition = "aws";
		ret = 0;
		goto done;
	}
	if (n > 7 && !strcmp(r + strlen(r) - 7, "-global") && (p = partition_find(r)) == NULL) {
		char *pid = xmemdupz(r, strlen(r) - 7);
		p = partition_find(pid);
		free(pid);
		if (p) {
			free(r);
			r = xstrdup(p->global_region);
		}
	}
	p = partition_for_region(r);
	if (!p) {
		const char *sug = region_suggest(r);
		strbuf_addf(err, "'%s' is not an AWS region", region);
		if (sug)
			strbuf_addf(err, "; did you mean '%s'?", sug);
		goto done;
	}
	out->partition = p->id;
	if (!fips && !dual && !strcmp(p->id, "aws") && is_legacy_global(r) &&
	    ((dl == DIALECT_GO_V1 && !(sts_regional && !strcasecmp(sts_regional, "regional"))) ||
	     (dl == DIALECT_BOTOCORE && sts_regional && !strcasecmp(sts_regional, "legacy")))) {
		out->url = xstrdup("https://sts.amazonaws.com/");
		out->host = xstrdup("sts.amazonaws.com");
		out->signing_region = xstrdup("us-east-1");
		out->rule =
			xstrdup(dl == DIALECT_GO_V1
					? "global endpoint (aws-sdk-go v1 default for this region; "
					  "AWS_STS_REGIONAL_ENDPOINTS=regional changes it)"
					: "global endpoint (AWS_STS_REGIONAL_ENDPOINTS=legacy)");
		ret = 0;
		goto done;
	}
	suffix = dual ? p->dualstack_suffix : p->dns_suffix;
	if (fips && !dual && !strcmp(p->id, "aws-us-gov"))
		out->host = xstrfmt("sts.%s.%s", r, suffix);
	else
		out->host = xstrfmt("sts%s.%s.%s", fips ? "-fips" : "", r, suffix);
	url = xstrfmt("https://%s/", out->host);
	out->url = url;
	url = NULL;
	out->signing_region = xstrdup(r);
	out->rule = xstrfmt("regional%s%s", fips ? ", FIPS (AWS_USE_FIPS_ENDPOINT)" : "",
			    dual ? ", dual-stack (AWS_USE_DUALSTACK_ENDPOINT)" : "");
	ret = 0;
done:
	free(r);
	free(url);
	return ret;
}

int sts_endpoint_regional(const char *region, struct sts_endpoint *out, struct strbuf *err)
{
	memset(out, 0, sizeof(*out));
	out->region = xstrdup(region);
	if (computed(out, DIALECT_GO_V2, region, NULL, err)) {
		sts_endpoint_release(out);
		return -1;
	}
	return 0;
}

int sts_endpoint_resolve(const struct sts_endpoint_in *in, struct sts_endpoint *out,
			 struct strbuf *err)
{
	const struct env *env = in->env;
	const char *url = NULL, *from = NULL, *region;

	memset(out, 0, sizeof(*out));
	if (in->endpoint_url && *in->endpoint_url) {
		url = in->endpoint_url;
		from = in->endpoint_url_from ? in->endpoint_url_from : "--endpoint-url";
	} else if (in->dialect != DIALECT_GO_V1 && env &&
		   !truthy(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) {
		if ((url = env_get_nonempty(env, "AWS_ENDPOINT_URL_STS")))
			from = "AWS_ENDPOINT_URL_STS";
		else if ((url = env_get_nonempty(env, "AWS_ENDPOINT_URL")))
			from = "AWS_ENDPOINT_URL";
	}
	region = in->sts_region && *in->sts_region ? in->sts_region : in->region;
	if (!region || !*region) {
		region = "us-east-1";
		out->region_defaulted = 1;
	}
	out->region = xstrdup(region);
	if (url) {
		const struct partition *p = partition_for_region(region);

		if (fill_from_url(out, url, err)) {
			struct strbuf tmp = STRBUF_INIT;
			strbuf_addf(&tmp, "%s: %s", from, err->buf);
			strbuf_reset(err);
			strbuf_addstr(err, tmp.buf);
			strbuf_release(&tmp);
			goto bad;
		}
		out->signing_region = xstrdup(region);
		out->rule = xstrdup(from);
		out->partition = p ? p->id : NULL;
		out->custom = 1;
		return 0;
	}
	if (computed(out, in->dialect, region, env, err))
		goto bad;
	return 0;
bad:
	sts_endpoint_release(out);
	return -1;
}

void sts_identity_release(struct sts_identity *id)
{
	if (!id)
		return;
	free(id->account);
	free(id->arn);
	free(id->user_id);
	free(id->meta.request_id);
	free(id->meta.proxy);
	memset(id, 0, sizeof(*id));
}

void sts_error_release(struct sts_error *err)
{
	if (!err)
		return;
	free(err->code);
	free(err->message);
	free(err->type);
	free(err->detail);
	free(err->meta.request_id);
	free(err->meta.proxy);
	memset(err, 0, sizeof(*err));
}

static void set_detail(struct sts_error *err, enum sts_error_kind kind, char *detail)
{
	err->kind = kind;
	free(err->detail);
	err->detail = detail;
}

/* A value that cannot go into an HTTP header (Go refuses to send it too). */
static int header_unsafe(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
			return 1;
	return 0;
}

static void copy_meta(struct sts_meta *m, const struct http_response *r, time_t now)
{
	long long d;

	m->status = r->status;
	m->elapsed_ms = r->elapsed_ms;
	free(m->request_id);
	m->request_id = r->request_id ? xstrdup(r->request_id) : NULL;
	free(m->proxy);
	m->proxy = r->proxy ? xstrdup(r->proxy) : NULL;
	if (r->date && !http_date_parse(r->date, &d)) {
		m->have_date = 1;
		m->server_date = d;
		/* the Date was stamped about half-way through the round trip */
		m->skew_s = d - ((long long)now + (r->elapsed_ms / 2 + 500) / 1000);
	}
}

int sts_get_caller_identity(const struct sts_call *in, struct sts_identity *out,
			    struct sts_error *err)
{
	struct http_url u;
	struct strbuf sb = STRBUF_INIT;
	struct sigv4_signed sig = SIGV4_SIGNED_INIT;
	struct http_response resp = HTTP_RESPONSE_INIT;
	struct diags d = DIAGS_INIT;
	char *hdr[5] = {NULL};
	size_t nh = 0;
	int ret = -1, r;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	memset(&u, 0, sizeof(u));
	if (!in->creds.access_key_id || !*in->creds.access_key_id || !in->creds.secret_access_key ||
	    !*in->creds.secret_access_key) {
		set_detail(err, STS_ERR_USAGE, xstrdup("no credentials to sign with"));
		goto done;
	}
	if (header_unsafe(in->creds.access_key_id)) {
		set_detail(
			err, STS_ERR_USAGE,
			xstrdup("the access key id holds a line break or control character; it "
				"cannot go into an HTTP header (Go refuses it: net/http: invalid "
				"header field value for \"Authorization\"), so nothing was sent"));
		goto done;
	}
	if (header_unsafe(in->creds.session_token)) {
		set_detail(
			err, STS_ERR_USAGE,
			xstrdup("the session token holds a line break or control character; it "
				"cannot go into an HTTP header (Go refuses it: net/http: invalid "
				"header field value for \"X-Amz-Security-Token\"), so nothing was "
				"sent"));
		goto done;
	}
	if (http_url_parse(in->url, &u, &sb)) {
		set_detail(err, STS_ERR_USAGE, strbuf_detach(&sb, NULL));
		goto done;
	}
	{
		const struct sigv4_pair h[] = {{"Content-Type", STS_CONTENT_TYPE}};
		struct sigv4_request req = {
			.method = "POST",
			.host = u.host_header,
			.path = u.path,
			.headers = h,
			.nheaders = 1,
			.body = STS_BODY,
			.body_len = strlen(STS_BODY),
			.region = in->signing_region,
			.service = "sts",
			.when = in->now,
		};
		if (sigv4_sign(&req, &in->creds, &sig)) {
			set_detail(err, STS_ERR_USAGE,
				   xstrdup("cannot sign the request (OpenSSL failed)"));
			goto done;
		}
	}
	hdr[nh++] = xstrfmt("Host: %s", u.host_header);
	hdr[nh++] = xstrdup("Content-Type: " STS_CONTENT_TYPE);
	hdr[nh++] = xstrfmt("X-Amz-Date: %s", sig.amz_date);
	if (in->creds.session_token && *in->creds.session_token)
		hdr[nh++] = xstrfmt("X-Amz-Security-Token: %s", in->creds.session_token);
	hdr[nh++] = xstrfmt("Authorization: %s", sig.authorization);
	{
		struct http_request hr = {"POST", in->url,  (const char *const *)hdr,
					  nh,	  STS_BODY, strlen(STS_BODY)};
		r = http_send(&hr, in->http, &resp);
	}
	copy_meta(&out->meta, &resp, in->now);
	copy_meta(&err->meta, &resp, in->now);
	if (r) {
		err->net = resp.failure;
		set_detail(err, STS_ERR_NETWORK,
			   xstrdup(resp.error ? resp.error : "the request failed"));
		goto done;
	}
	r = sts_parse_response(resp.body.buf, resp.body.len, u.host_header, out, err, &d);
	if (resp.status >= 500) {
		set_detail(err, STS_ERR_SERVER,
			   xstrfmt("%s answered HTTP %ld%s%s%s: the service failed, not the "
				   "credentials; try again later",
				   u.host_header, resp.status, r == 1 ? " (" : "",
				   r == 1 ? err->code : "", r == 1 ? ")" : ""));
		goto done;
	}
	if (r == 0 && resp.status >= 200 && resp.status < 300) {
		ret = 0;
		goto done;
	}
	if (r == 1 && resp.status >= 400) {
		err->kind = STS_ERR_REFUSED;
		ret = 1;
		goto done;
	}
	strbuf_reset(&sb);
	strbuf_addf(&sb, "the answer from %s (HTTP %ld", u.host_header, resp.status);
	if (resp.content_type)
		strbuf_addf(&sb, ", %s", resp.content_type);
	strbuf_addstr(&sb, ") is not an STS response");
	if (r == -1 && d.nr) {
		const struct diag *x = &d.v[0];
		strbuf_addstr(&sb, ": ");
		if (x->line)
			strbuf_addf(&sb, "line %u column %u: ", x->line, x->col);
		strbuf_addstr(&sb, x->msg);
	} else if (r == 1) {
		strbuf_addf(&sb, ": an error (%s) with a success status", err->code);
	} else if (r == 0) {
		strbuf_addstr(&sb, ": an identity with an error status");
	}
	set_detail(err, STS_ERR_RESPONSE, strbuf_detach(&sb, NULL));
done:
	for (size_t i = 0; i < nh; i++) {
		OPENSSL_cleanse(hdr[i], strlen(hdr[i]));
		free(hdr[i]);
	}
	if (ret != 0) {
		free(out->account);
		free(out->arn);
		free(out->user_id);
		out->account = out->arn = out->user_id = NULL;
	}
	if (ret != 1 && err->kind == STS_ERR_NONE && ret != 0)
		err->kind = STS_ERR_RESPONSE;
	sigv4_signed_release(&sig);
	http_response_release(&resp);
	http_url_release(&u);
	diags_release(&d);
	strbuf_release(&sb);
	return ret;
}
