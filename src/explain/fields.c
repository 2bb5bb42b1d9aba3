/*
 * fields.c - the facts of one failure, read from its diagnostic text; see
 * fields.h. Each field has a few literal lead-ins (one per grammar); the
 * first one found wins. Nothing here can return a secret: the only
 * credential read is the access key id, and it leaves masked.
 */
#include <stdlib.h>
#include <string.h>

#include "aws/regions.h"
#include "core/redact.h"
#include "core/xalloc.h"
#include "explain/fields.h"
#include "core/banned.h"

static const char *find(const char *t, size_t len, const char *lit)
{
	return memmem(t, len, lit, strlen(lit));
}

static int id_char(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int code_char(int c)
{
	return id_char(c) || c == '.';
}

static int reqid_char(int c)
{
	return id_char(c) || c == '-';
}

static int host_char(int c)
{
	return id_char(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
}

/* The run of ok() characters at p (before end), copied; NULL when shorter than min. */
static char *run_at(const char *p, const char *end, int (*ok)(int), size_t min, size_t max)
{
	const char *q = p;

	while (q < end && ok((unsigned char)*q) && (size_t)(q - p) < max)
		q++;
	if ((size_t)(q - p) < min)
		return NULL;
	return xmemdupz(p, (size_t)(q - p));
}

/* The run after the first occurrence of any lead-in that yields one. */
static char *after_any(const char *t, size_t len, const char *const *leads, int (*ok)(int),
		       size_t min, size_t max)
{
	const char *end = t + len;

	for (; *leads; leads++) {
		const char *p = t;
		size_t n = strlen(*leads);
		while ((p = memmem(p, (size_t)(end - p), *leads, n))) {
			char *r = run_at(p + n, end, ok, min, max);
			if (r)
				return r;
			p += n;
		}
	}
	return NULL;
}

static char *extract_code(const struct explain_failure *f, const char *t, size_t len)
{
	static const char *const leads[] = {"api error ", "An error occurred (", "<Code>",
					    "\"__type\":\"", NULL};
	const char *p;

	if (f->sig && f->sig->code && (p = find(t, len, f->sig->code))) {
		const char *b = p, *e = p + strlen(f->sig->code);
		while (b > t && code_char((unsigned char)b[-1]))
			b--;
		while (e < t + len && id_char((unsigned char)*e))
			e++;
		return xmemdupz(b, (size_t)(e - b));
	}
	{
		char *c = after_any(t, len, leads, code_char, 3, 64);
		if (c)
			return c;
	}
	return f->sig && f->sig->code ? xstrdup(f->sig->code) : NULL;
}

static int extract_status(const char *t, size_t len)
{
	static const char *const leads[] = {"StatusCode: ",  "status code: ", "status_code=",
					    "Status Code: ", "HTTP/1.1 ",     NULL};
	const char *end = t + len;

	for (const char *const *l = leads; *l; l++) {
		const char *p = find(t, len, *l);
		int v = 0, n = 0;
		if (!p)
			continue;
		for (p += strlen(*l); p < end && *p >= '0' && *p <= '9' && n < 4; p++, n++)
			v = v * 10 + (*p - '0');
		if (n == 3 && v >= 100 && v <= 599)
			return v;
	}
	return 0;
}

static const char *op_service(const char *op)
{
	static const struct {
		const char *op, *svc;
	} map[] = {
		{"GetCallerIdentity", "sts"},	      {"AssumeRole", "sts"},
		{"AssumeRoleWithWebIdentity", "sts"}, {"AssumeRoleWithSAML", "sts"},
		{"GetSessionToken", "sts"},	      {"GetRoleCredentials", "sso"},
		{"CreateToken", "sso-oidc"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].op, op))
			return map[i].svc;
	return NULL;
}

static char *join_op(const char *svc, size_t svclen, const char *op)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < svclen; i++) {
		char c = svc[i];
		if (c == ' ')
			continue;
		strbuf_addch(&sb, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
	}
	strbuf_addf(&sb, ":%s", op);
	return strbuf_detach(&sb, NULL);
}

static char *extract_operation(const char *t, size_t len)
{
	const char *end = t + len, *p;
	char *op;

	if ((p = find(t, len, "operation error "))) {
		const char *svc = p + 16, *colon = svc;
		while (colon < end && *colon != ':' && colon - svc < 40)
			colon++;
		if (colon < end - 2 && *colon == ':' && colon > svc &&
		    (op = run_at(colon + 2, end, id_char, 2, 64))) {
			char *r = join_op(svc, (size_t)(colon - svc), op);
			free(op);
			return r;
		}
	}
	if ((p = find(t, len, "error calling "))) {
		const char *q = p + 14, *e = q;
		while (e < end && (id_char((unsigned char)*e) || *e == ':'))
			e++;
		if (e - q > 4 && memchr(q, ':', (size_t)(e - q)))
			return xmemdupz(q, (size_t)(e - q));
	}
	if ((p = find(t, len, "when calling the ")) && (op = run_at(p + 17, end, id_char, 2, 64))) {
		const char *svc = op_service(op);
		if (svc) {
			char *r = xstrfmt("%s:%s", svc, op);
			free(op);
			return r;
		}
		return op;
	}
	if ((p = find(t, len, "aws.operation=")) && (op = run_at(p + 14, end, id_char, 2, 64))) {
		const char *s = find(t, len, "aws.service=");
		if (s) {
			const char *sv = s + 12, *se = sv;
			while (se < end && id_char((unsigned char)*se))
				se++;
			if (se > sv) {
				char *r = join_op(sv, (size_t)(se - sv), op);
				free(op);
				return r;
			}
		}
		return op;
	}
	{
		static const char *const leads[] = {"to perform: ", "to perform ", NULL};
		char *r = after_any(t, len, leads, host_char, 5, 80);
		if (r && strchr(r, ':'))
			return r;
		free(r);
	}
	return NULL;
}

static char *extract_request_id(const char *t, size_t len)
{
	static const char *const leads[] = {"RequestID: ",	  "request id: ",
					    "Request ID: ",	  "RequestId: ",
					    "<RequestId>",	  "aws.request_id=",
					    "x-amzn-requestid: ", "x_amzn_requestid=",
					    "x-amz-request-id: ", NULL};
	return after_any(t, len, leads, reqid_char, 8, 80);
}

static int aws_host(const char *h)
{
	return strstr(h, "amazonaws") || strstr(h, "api.aws") || strstr(h, "169.254.169.254") ||
	       strstr(h, "fd00:ec2") || strstr(h, "localhost") || strstr(h, "127.0.0.1") ||
	       strstr(h, "localstack");
}

static char *extract_endpoint(const char *t, size_t len)
{
	static const char *const schemes[] = {"https://", "http://", NULL};
	const char *end = t + len;

	for (const char *const *s = schemes; *s; s++) {
		const char *p = t;
		size_t n = strlen(*s);
		while ((p = memmem(p, (size_t)(end - p), *s, n))) {
			char *h = run_at(p + n, end, host_char, 3, 253);
			if (h && aws_host(h)) {
				char *r = xstrfmt("%s%s", *s, h);
				free(h);
				return r;
			}
			free(h);
			p += n;
		}
	}
	if (find(t, len, "169.254.169.254"))
		return xstrdup("http://169.254.169.254");
	return NULL;
}

/* A region-shaped label inside s (a host name or a scope), copied. */
static char *region_in(const char *s, size_t len, char sep)
{
	const char *p = s, *end = s + len;

	while (p < end) {
		const char *e = memchr(p, sep, (size_t)(end - p));
		size_t n;
		if (!e)
			e = end;
		n = (size_t)(e - p);
		if (n >= 9 && n <= 24) {
			char buf[32];
			memcpy(buf, p, n);
			buf[n] = '\0';
			if (region_name_valid(buf))
				return xstrdup(buf);
		}
		p = e + 1;
	}
	return NULL;
}

char *fields_scope_region(const char *text, size_t len)
{
	const char *p = find(text, len, "Credential="), *end = text + len, *q;

	if (!p)
		return NULL;
	for (q = p; q < end && *q != ',' && *q != ' ' && *q != '"'; q++)
		;
	return region_in(p, (size_t)(q - p), '/');
}

char *fields_host_region(const char *text, size_t len)
{
	const char *p = find(text, len, ".amazonaws.com"), *b;

	if (!p)
		return NULL;
	for (b = p; b > text && host_char((unsigned char)b[-1]); b--)
		;
	return region_in(b, (size_t)(p - b), '.');
}

static char *extract_region(const struct explain_failure *f, const char *t, size_t len)
{
	static const char *const leads[] = {"aws.region=", "region=",	"region: ",  "in region ",
					    "Region: ",	   "--region ", "region \"", NULL};
	char *r;

	if (f->endpoint) {
		const char *h = strstr(f->endpoint, "//");
		h = h ? h + 2 : f->endpoint;
		if ((r = region_in(h, strlen(h), '.')))
			return r;
	}
	for (const char *const *l = leads; *l; l++) {
		const char *p = find(t, len, *l);
		if (p) {
			char *v = run_at(p + strlen(*l), t + len, reqid_char, 9, 24);
			if (v && region_name_valid(v))
				return v;
			free(v);
		}
	}
	return fields_scope_region(t, len);
}

char *fields_key_id(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p + 20 <= end) {
		const char *a = memmem(p, (size_t)(end - p), "AKIA", 4);
		const char *b = memmem(p, (size_t)(end - p), "ASIA", 4);
		const char *k = !a ? b : !b ? a : a < b ? a : b;
		size_t n = 4;
		if (!k || k + 20 > end)
			return NULL;
		while (k + n < end &&
		       ((k[n] >= 'A' && k[n] <= 'Z') || (k[n] >= '0' && k[n] <= '9')))
			n++;
		if (n == 20 && (k == text || !id_char((unsigned char)k[-1])) &&
		    (k + n == end || !id_char((unsigned char)k[n]))) {
			struct strbuf sb = STRBUF_INIT;
			redact_key_id(&sb, k, 20);
			return strbuf_detach(&sb, NULL);
		}
		p = k + 4;
	}
	return NULL;
}

void fields_extract(struct explain_failure *f, const char *text, size_t len)
{
	if (!f->code)
		f->code = extract_code(f, text, len);
	if (!f->status)
		f->status = extract_status(text, len);
	if (!f->operation)
		f->operation = extract_operation(text, len);
	if (!f->request_id)
		f->request_id = extract_request_id(text, len);
	if (!f->endpoint)
		f->endpoint = extract_endpoint(text, len);
	if (!f->region)
		f->region = extract_region(f, text, len);
	if (!f->key_id)
		f->key_id = fields_key_id(text, len);
}
