/*
 * http.h - the one HTTP request tfauth makes (a signed STS call), over
 * libcurl, behind one small interface so the rest never sees curl.
 *
 * Policy, decided here once:
 *   - timeouts: connect 3 s, total 10 s by default;
 *   - proxies the way Go's net/http (Terraform) picks them, from the env
 *     snapshot, not from the process environment: HTTPS_PROXY/https_proxy
 *     for https, HTTP_PROXY/http_proxy for http, NO_PROXY/no_proxy; a
 *     loopback host is never proxied;
 *   - AWS_CA_BUNDLE becomes CURLOPT_CAINFO;
 *   - only http and https, no redirects followed (nothing but the endpoint
 *     named in the URL is contacted), no retries at all: an authentication
 *     error must not be sent twice;
 *   - the body is capped (1 MiB by default); a larger answer is a failure.
 *
 * Ownership: http_response owns its strings; http_response_release() frees
 * them and accepts NULL. struct http_url owns its strings likewise.
 */
#ifndef TFAUTH_HTTP_H
#define TFAUTH_HTTP_H

#include <stddef.h>

#include "core/env.h"
#include "core/strbuf.h"

#define HTTP_DEFAULT_CONNECT_TIMEOUT_MS 3000L
#define HTTP_DEFAULT_TIMEOUT_MS 10000L
#define HTTP_DEFAULT_MAX_BODY (1024 * 1024)

struct http_opts {
	long connect_timeout_ms; /* 0: the default */
	long timeout_ms;	 /* 0: the default */
	size_t max_body;	 /* 0: the default */
	const struct env *env;	 /* proxies and AWS_CA_BUNDLE; NULL: none */
};

struct http_request {
	const char *method; /* "POST" */
	const char *url;
	const char *const *headers; /* "Name: value" lines */
	size_t nheaders;
	const void *body;
	size_t body_len;
};

enum http_failure {
	HTTP_FAIL_NONE,
	HTTP_FAIL_URL,	   /* the URL cannot be used */
	HTTP_FAIL_DNS,	   /* the host name does not resolve */
	HTTP_FAIL_PROXY,   /* the proxy failed */
	HTTP_FAIL_CONNECT, /* refused or unreachable */
	HTTP_FAIL_TLS,	   /* handshake or certificate */
	HTTP_FAIL_TIMEOUT,
	HTTP_FAIL_TOO_BIG, /* the body is over the cap */
	HTTP_FAIL_OTHER,
};

struct http_response {
	long status; /* 0 when no response arrived */
	struct strbuf body;
	char *date;	  /* the Date header, or NULL */
	char *request_id; /* x-amzn-RequestId (or x-amz-request-id), or NULL */
	char *content_type;
	char *proxy;	 /* the proxy used, without credentials, or NULL */
	long elapsed_ms; /* from the start of the request to the end of the body */
	enum http_failure failure;
	char *error; /* a sentence for the user when failure != NONE */
};

#define HTTP_RESPONSE_INIT                                                                         \
	{                                                                                          \
		0, STRBUF_INIT, NULL, NULL, NULL, NULL, 0, HTTP_FAIL_NONE, NULL                    \
	}

/*
 * Send one request. Returns 0 when a response arrived (whatever its
 * status), -1 when none did (resp->failure and resp->error say why).
 */
int http_send(const struct http_request *req, const struct http_opts *o,
	      struct http_response *resp);
void http_response_release(struct http_response *r);
const char *http_failure_name(enum http_failure f);

/* A split URL: scheme://host[:port][/path]. */
struct http_url {
	char *scheme;	   /* "https" or "http", lower case */
	char *host;	   /* lower case, IPv6 without brackets */
	int port;	   /* explicit port, or 0 */
	char *path;	   /* "/" when absent */
	char *host_header; /* what goes into Host: host, [v6], :port unless the default */
};

/*
 * Split url; only http and https, no user info, no query or fragment.
 * Returns 0, or -1 with a reason in err.
 */
int http_url_parse(const char *url, struct http_url *out, struct strbuf *err);
void http_url_release(struct http_url *u);
/* Is host "localhost", 127.0.0.0/8 or ::1? */
int http_host_is_loopback(const char *host);

/* Parse an RFC 7231 date ("Sat, 28 Nov 2026 12:00:00 GMT"); 0 or -1. */
int http_date_parse(const char *s, long long *out);

#endif
