/*
 * http.c - libcurl behind http.h: one request, no retry, bounded in time
 * and size, proxies and CA bundle taken from the env snapshot, and a plain
 * sentence for each way a request can fail.
 */
#include <ctype.h>
#include <curl/curl.h>
#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "aws/http.h"
#include "core/xalloc.h"
#include "core/banned.h"

const char *http_failure_name(enum http_failure f)
{
	switch (f) {
	case HTTP_FAIL_NONE:
		return "none";
	case HTTP_FAIL_URL:
		return "url";
	case HTTP_FAIL_DNS:
		return "dns";
	case HTTP_FAIL_PROXY:
		return "proxy";
	case HTTP_FAIL_CONNECT:
		return "connect";
	case HTTP_FAIL_TLS:
		return "tls";
	case HTTP_FAIL_TIMEOUT:
		return "timeout";
	case HTTP_FAIL_TOO_BIG:
		return "too-big";
	case HTTP_FAIL_OTHER:
		break;
	}
	return "other";
}

void http_url_release(struct http_url *u)
{
	if (!u)
		return;
	free(u->scheme);
	free(u->host);
	free(u->path);
	free(u->host_header);
	memset(u, 0, sizeof(*u));
}

static char *lower(char *s)
{
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

int http_url_parse(const char *url, struct http_url *out, struct strbuf *err)
{
	const char *p, *host, *host_end, *rest;
	int dflt;

	memset(out, 0, sizeof(*out));
	if (!url || !*url) {
		strbuf_addstr(err, "the URL is empty");
		return -1;
	}
	p = strstr(url, "://");
	if (!p) {
		strbuf_addf(err, "'%s' has no scheme: write https://%s", url, url);
		return -1;
	}
	out->scheme = lower(xmemdupz(url, (size_t)(p - url)));
	if (strcmp(out->scheme, "https") && strcmp(out->scheme, "http")) {
		strbuf_addf(err, "'%s': only https:// and http:// endpoints are supported", url);
		goto bad;
	}
	host = p + 3;
	rest = host + strcspn(host, "/?#");
	if (memchr(host, '@', (size_t)(rest - host))) {
		strbuf_addf(err,
			    "the URL holds a user name or password; tfauth does not send them");
		goto bad;
	}
	if (*host == '[') {
		host_end = memchr(host, ']', (size_t)(rest - host));
		if (!host_end) {
			strbuf_addf(err, "'%s': unterminated [IPv6] address", url);
			goto bad;
		}
		out->host = lower(xmemdupz(host + 1, (size_t)(host_end - host - 1)));
		host_end++;
	} else {
		host_end = host;
		while (host_end < rest && *host_end != ':')
			host_end++;
		out->host = lower(xmemdupz(host, (size_t)(host_end - host)));
	}
	if (!*out->host) {
		strbuf_addf(err, "'%s' has no host", url);
		goto bad;
	}
	for (const char *c = out->host; *c; c++)
		if (!isalnum((unsigned char)*c) && !strchr("-._:", *c)) {
			strbuf_addf(err,
				    "'%s': the host name has a character that cannot be in one",
				    url);
			goto bad;
		}
	if (host_end < rest) {
		char *end;
		long port;

		if (*host_end != ':') {
			strbuf_addf(err, "'%s': unexpected text after the host", url);
			goto bad;
		}
		port = strtol(host_end + 1, &end, 10);
		if (end != rest || end == host_end + 1 || port < 1 || port > 65535) {
			strbuf_addf(err, "'%s': the port is not a number from 1 to 65535", url);
			goto bad;
		}
		out->port = (int)port;
	}
	if (*rest == '?' || *rest == '#' || strpbrk(rest, "?#")) {
		strbuf_addf(err, "'%s': an endpoint URL takes no query or fragment", url);
		goto bad;
	}
	out->path = xstrdup(*rest ? rest : "/");
	dflt = !strcmp(out->scheme, "https") ? 443 : 80;
	if (strchr(out->host, ':'))
		out->host_header = out->port && out->port != dflt
					   ? xstrfmt("[%s]:%d", out->host, out->port)
					   : xstrfmt("[%s]", out->host);
	else
		out->host_header = out->port && out->port != dflt
					   ? xstrfmt("%s:%d", out->host, out->port)
					   : xstrdup(out->host);
	return 0;
bad:
	http_url_release(out);
	return -1;
}

int http_host_is_loopback(const char *host)
{
	if (!host)
		return 0;
	if (!strcasecmp(host, "localhost") || !strcmp(host, "::1"))
		return 1;
	if (!strncmp(host, "127.", 4)) {
		int a, b, c, n = 0;
		return sscanf(host + 4, "%d.%d.%d%n", &a, &b, &c, &n) == 3 && !host[4 + n] &&
		       a >= 0 && a < 256 && b >= 0 && b < 256 && c >= 0 && c < 256;
	}
	return 0;
}

int http_date_parse(const char *s, long long *out)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4] = {0};
	int d, y, h, mi, sec, n = 0;
	const char *m;
	struct tm tm;
	time_t t;

	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	if (sscanf(s, "%*3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n", &d, mon, &y, &h, &mi,
		   &sec, &n) != 6 ||
	    !n)
		return -1;
	m = strstr(months, mon);
	if (!m || (m - months) % 3 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = (int)((m - months) / 3);
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	*out = (long long)t;
	return 0;
}

void http_response_release(struct http_response *r)
{
	if (!r)
		return;
	strbuf_release(&r->body);
	free(r->date);
	free(r->request_id);
	free(r->content_type);
	free(r->proxy);
	free(r->error);
	memset(r, 0, sizeof(*r));
	strbuf_init(&r->body, 0);
}

struct sink {
	struct http_response *r;
	size_t max;
	int too_big;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
	struct sink *s = ud;
	size_t n = size * nmemb;

	if (s->r->body.len + n > s->max) {
		s->too_big = 1;
		return 0; /* abort the transfer */
	}
	strbuf_add(&s->r->body, data, n);
	return n;
}

static char *header_value(const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name);
	const char *v, *e;

	if (len <= nl || strncasecmp(line, name, nl) || line[nl] != ':')
		return NULL;
	v = line + nl + 1;
	e = line + len;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e - v > 512)
		e = v + 512;
	return xmemdupz(v, (size_t)(e - v));
}

static void keep(char **slot, char *v)
{
	if (!v)
		return;
	free(*slot);
	*slot = v;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
	struct sink *s = ud;
	size_t n = size * nmemb;

	if (n >= 5 && !strncmp(data, "HTTP/", 5)) {
		/* a new response (after a proxy CONNECT or a 100): forget the old headers */
		free(s->r->date);
		free(s->r->request_id);
		free(s->r->content_type);
		s->r->date = s->r->request_id = s->r->content_type = NULL;
		return n;
	}
	keep(&s->r->date, header_value(data, n, "date"));
	keep(&s->r->request_id, header_value(data, n, "x-amzn-requestid"));
	if (!s->r->request_id)
		keep(&s->r->request_id, header_value(data, n, "x-amz-request-id"));
	keep(&s->r->content_type, header_value(data, n, "content-type"));
	return n;
}

/* Go's http.ProxyFromEnvironment, minus CGI: the proxy for url, or NULL. */
static const char *pick_proxy(const struct env *e, const struct http_url *u)
{
	const char *p;

	if (!e || http_host_is_loopback(u->host))
		return NULL;
	if (!strcmp(u->scheme, "https")) {
		p = env_get_nonempty(e, "HTTPS_PROXY");
		if (!p)
			p = env_get_nonempty(e, "https_proxy");
	} else {
		p = env_get_nonempty(e, "HTTP_PROXY");
		if (!p)
			p = env_get_nonempty(e, "http_proxy");
	}
	return p;
}

/* The proxy without user:password, for messages. */
static char *proxy_display(const char *p)
{
	const char *at = strchr(p, '@'), *scheme = strstr(p, "://");

	if (!at)
		return xstrdup(p);
	if (scheme && scheme < at)
		return xstrfmt("%.*s://%s", (int)(scheme - p), p, at + 1);
	return xstrdup(at + 1);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (long)((t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000);
}

static void fail(struct http_response *r, enum http_failure f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct http_response *r, enum http_failure f, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	r->failure = f;
	free(r->error);
	r->error = strbuf_detach(&sb, NULL);
}

int http_send(const struct http_request *req, const struct http_opts *o, struct http_response *resp)
{
	struct http_url u;
	struct strbuf err = STRBUF_INIT;
	struct curl_slist *hdrs = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	struct sink sink = {resp, 0, 0};
	long cto = o && o->connect_timeout_ms > 0 ? o->connect_timeout_ms
						  : HTTP_DEFAULT_CONNECT_TIMEOUT_MS;
	long to = o && o->timeout_ms > 0 ? o->timeout_ms : HTTP_DEFAULT_TIMEOUT_MS;
	const struct env *env = o ? o->env : NULL;
	const char *proxy, *ca, *noproxy;
	struct timespec t0;
	CURL *curl = NULL;
	CURLcode rc;
	int ret = -1;

	sink.max = o && o->max_body ? o->max_body : HTTP_DEFAULT_MAX_BODY;
	if (http_url_parse(req->url, &u, &err)) {
		fail(resp, HTTP_FAIL_URL, "%s", err.buf);
		strbuf_release(&err);
		return -1;
	}
	/* OpenSSL's clean-up at exit frees what the exit frees anyway: skip it
	 * (libcurl initialises OpenSSL next; the flag must come first) */
	OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
	curl = curl_easy_init();
	if (!curl) {
		fail(resp, HTTP_FAIL_OTHER, "cannot initialise libcurl");
		goto done;
	}
	curl_easy_setopt(curl, CURLOPT_URL, req->url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, cto);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, to);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "tfauth/" TFAUTH_VERSION);
	curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)sink.max);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, &sink);
	if (req->method && !strcmp(req->method, "POST")) {
		curl_easy_setopt(curl, CURLOPT_POST, 1L);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req->body ? req->body : "");
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	} else if (req->method && strcmp(req->method, "GET")) {
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, req->method);
	}
	for (size_t i = 0; i < req->nheaders; i++)
		hdrs = curl_slist_append(hdrs, req->headers[i]);
	hdrs = curl_slist_append(hdrs, "Expect:");
	hdrs = curl_slist_append(hdrs, "Accept:");
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdrs);

	/* the env snapshot decides, never the process environment */
	proxy = pick_proxy(env, &u);
	curl_easy_setopt(curl, CURLOPT_PROXY, proxy ? proxy : "");
	noproxy = env ? env_get_nonempty(env, "NO_PROXY") : NULL;
	if (!noproxy && env)
		noproxy = env_get_nonempty(env, "no_proxy");
	/* always set: unset, libcurl would read NO_PROXY from the process environment */
	curl_easy_setopt(curl, CURLOPT_NOPROXY, noproxy ? noproxy : "");
	if (proxy && !(noproxy && !strcmp(noproxy, "*")))
		resp->proxy = proxy_display(proxy);
	ca = env ? env_get_nonempty(env, "AWS_CA_BUNDLE") : NULL;
	if (ca)
		curl_easy_setopt(curl, CURLOPT_CAINFO, ca);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = curl_easy_perform(curl);
	resp->elapsed_ms = ms_since(&t0);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp->status);
	if (rc == CURLE_OK) {
		ret = 0;
		goto done;
	}
	if (sink.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		fail(resp, HTTP_FAIL_TOO_BIG,
		     "the answer from %s is larger than %zu bytes; "
		     "an STS answer is under 2 KiB, so this is not STS",
		     u.host_header, sink.max);
		goto done;
	}
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		fail(resp, HTTP_FAIL_DNS,
		     "cannot resolve '%s': the name does not exist or DNS is "
		     "unreachable (a typo in the region or the endpoint?)",
		     u.host);
		break;
	case CURLE_COULDNT_RESOLVE_PROXY:
		fail(resp, HTTP_FAIL_PROXY, "cannot resolve the proxy '%s'",
		     resp->proxy ? resp->proxy : "?");
		break;
	case CURLE_COULDNT_CONNECT:
		if (resp->proxy)
			fail(resp, HTTP_FAIL_PROXY, "cannot connect to the proxy '%s': %s",
			     resp->proxy, *errbuf ? errbuf : curl_easy_strerror(rc));
		else
			fail(resp, HTTP_FAIL_CONNECT,
			     "cannot connect to %s: the connection was refused or "
			     "the host is unreachable (a firewall, or nothing listening)",
			     u.host_header);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		fail(resp, HTTP_FAIL_TIMEOUT,
		     "%s did not answer in time (connect timeout %ld ms, "
		     "total %ld ms)",
		     u.host_header, cto, to);
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_USE_SSL_FAILED:
		fail(resp, HTTP_FAIL_TLS, "TLS with %s failed: %s%s", u.host_header,
		     *errbuf ? errbuf : curl_easy_strerror(rc),
		     ca ? " (AWS_CA_BUNDLE is set: is it the right bundle?)"
			: " (a TLS-intercepting proxy? set AWS_CA_BUNDLE to its CA bundle)");
		break;
	case CURLE_GOT_NOTHING:
		fail(resp, HTTP_FAIL_OTHER, "%s closed the connection without an answer",
		     u.host_header);
		break;
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
		fail(resp, HTTP_FAIL_OTHER, "the answer from %s was cut off: %s", u.host_header,
		     *errbuf ? errbuf : curl_easy_strerror(rc));
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
		fail(resp, HTTP_FAIL_URL, "cannot use the URL '%s': %s", req->url,
		     *errbuf ? errbuf : curl_easy_strerror(rc));
		break;
	default:
		fail(resp, HTTP_FAIL_OTHER, "the request to %s failed: %s", u.host_header,
		     *errbuf ? errbuf : curl_easy_strerror(rc));
		break;
	}
done:
	curl_slist_free_all(hdrs);
	if (curl)
		curl_easy_cleanup(curl);
	http_url_release(&u);
	strbuf_release(&err);
	return ret;
}
