/*
 * sigv4.c - Signature Version 4 over OpenSSL; the rules are in sigv4.h.
 * Every buffer that holds key material ("AWS4" + secret and the four
 * derived keys) is wiped with OPENSSL_cleanse on every path out.
 */
/* the low-level SHA-256 API is deprecated in OpenSSL 3 but kept; see sha256() */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

#include "aws/sigv4.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

/* Never signed: botocore's SIGNED_HEADERS_BLACKLIST (hop-by-hop and agent). */
static const char *const unsigned_headers[] = {
	"connection",
	"expect",
	"keep-alive",
	"proxy-authenticate",
	"proxy-authorization",
	"te",
	"trailer",
	"transfer-encoding",
	"upgrade",
	"user-agent",
	"x-amzn-trace-id",
};

static const char hexdigits[] = "0123456789abcdef";

static void hex_encode(char *out, const unsigned char *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hexdigits[in[i] >> 4];
		out[2 * i + 1] = hexdigits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

/*
 * SHA-256 and HMAC through OpenSSL's low-level SHA-256: the EVP interface
 * of OpenSSL 3 fetches its implementation from the provider machinery on
 * first use, which costs about a millisecond per process, a tenth of a
 * whole `tfauth whoami`. SigV4 needs nothing but SHA-256, so this is the
 * same digest without the fetch. (HMAC per RFC 2104; the padded key and
 * the contexts are wiped.)
 */
static void sha256(const void *data, size_t len, unsigned char out[32])
{
	SHA256_CTX c;

	SHA256_Init(&c);
	SHA256_Update(&c, data, len);
	SHA256_Final(out, &c);
	OPENSSL_cleanse(&c, sizeof(c));
}

static int sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[32];

	sha256(data, len, md);
	hex_encode(out, md, 32);
	return 0;
}

static int hmac(const unsigned char *key, size_t klen, const char *msg, size_t mlen,
		unsigned char out[32])
{
	unsigned char k[64], pad[64], inner[32];
	SHA256_CTX c;

	memset(k, 0, sizeof(k));
	if (klen > sizeof(k))
		sha256(key, klen, k);
	else if (klen)
		memcpy(k, key, klen);
	for (size_t i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	SHA256_Init(&c);
	SHA256_Update(&c, pad, 64);
	SHA256_Update(&c, msg, mlen);
	SHA256_Final(inner, &c);
	for (size_t i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	SHA256_Init(&c);
	SHA256_Update(&c, pad, 64);
	SHA256_Update(&c, inner, 32);
	SHA256_Final(out, &c);
	OPENSSL_cleanse(k, sizeof(k));
	OPENSSL_cleanse(pad, sizeof(pad));
	OPENSSL_cleanse(inner, sizeof(inner));
	OPENSSL_cleanse(&c, sizeof(c));
	return 0;
}

void sigv4_amz_date(time_t t, char buf[17])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 17, "%Y%m%dT%H%M%SZ", &tm);
}

static int unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c == '~';
}

static void uri_encode(struct strbuf *sb, const char *s, size_t len, int keep_slash)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (unreserved(c) || (keep_slash && c == '/'))
			strbuf_addch(sb, (char)c);
		else
			strbuf_addf(sb, "%%%c%c", "0123456789ABCDEF"[c >> 4],
				    "0123456789ABCDEF"[c & 15]);
	}
}

/* RFC 3986 5.2.4 plus removal of empty segments, as botocore does. */
static void canonical_path(struct strbuf *sb, const char *path)
{
	const char **seg = NULL;
	size_t *seglen = NULL, nr = 0, alloc = 0, alloc2 = 0;
	size_t len = path ? strlen(path) : 0;
	struct strbuf tmp = STRBUF_INIT;

	if (!len) {
		strbuf_addch(sb, '/');
		return;
	}
	for (const char *p = path; p <= path + len;) {
		const char *e = memchr(p, '/', (size_t)(path + len - p));
		size_t n = e ? (size_t)(e - p) : (size_t)(path + len - p);

		if (n && !(n == 1 && p[0] == '.')) {
			if (n == 2 && p[0] == '.' && p[1] == '.') {
				if (nr)
					nr--;
			} else {
				ALLOC_GROW(seg, nr + 1, alloc);
				ALLOC_GROW(seglen, nr + 1, alloc2);
				seg[nr] = p;
				seglen[nr++] = n;
			}
		}
		if (!e)
			break;
		p = e + 1;
	}
	if (path[0] == '/')
		strbuf_addch(&tmp, '/');
	for (size_t i = 0; i < nr; i++) {
		if (i)
			strbuf_addch(&tmp, '/');
		strbuf_add(&tmp, seg[i], seglen[i]);
	}
	if (path[len - 1] == '/' && nr)
		strbuf_addch(&tmp, '/');
	uri_encode(sb, tmp.buf, tmp.len, 1);
	strbuf_release(&tmp);
	free(seg);
	free(seglen);
}

struct kv {
	char *k, *v;
	size_t order; /* input position, for a stable sort */
};

static int kv_cmp(const void *a, const void *b)
{
	const struct kv *x = a, *y = b;
	int c = strcmp(x->k, y->k);

	if (c)
		return c;
	c = strcmp(x->v, y->v);
	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int hdr_cmp(const void *a, const void *b)
{
	const struct kv *x = a, *y = b;
	int c = strcmp(x->k, y->k);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void canonical_query(struct strbuf *sb, const struct sigv4_pair *q, size_t n)
{
	struct kv *v = n ? xcalloc(n, sizeof(*v)) : NULL;
	struct strbuf t = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		const char *val = q[i].value ? q[i].value : "";
		strbuf_reset(&t);
		uri_encode(&t, q[i].name, strlen(q[i].name), 0);
		v[i].k = xstrdup(t.buf);
		strbuf_reset(&t);
		uri_encode(&t, val, strlen(val), 0);
		v[i].v = xstrdup(t.buf);
		v[i].order = i;
	}
	if (n)
		qsort(v, n, sizeof(*v), kv_cmp);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(sb, '&');
		strbuf_addf(sb, "%s=%s", v[i].k, v[i].v);
		free(v[i].k);
		free(v[i].v);
	}
	free(v);
	strbuf_release(&t);
}

/* Python's str.split() white space, ASCII part. */
static int py_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static void trimall(struct strbuf *sb, const char *s)
{
	int pending = 0, any = 0;

	for (; *s; s++) {
		if (py_space((unsigned char)*s)) {
			pending = any;
			continue;
		}
		if (pending)
			strbuf_addch(sb, ' ');
		pending = 0;
		any = 1;
		strbuf_addch(sb, *s);
	}
}

static char *lower_dup(const char *s)
{
	char *d = xstrdup(s);

	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return d;
}

static int is_unsigned_header(const char *lname)
{
	for (size_t i = 0; i < ARRAY_SIZE(unsigned_headers); i++)
		if (!strcmp(lname, unsigned_headers[i]))
			return 1;
	return 0;
}

void sigv4_signed_release(struct sigv4_signed *s)
{
	if (!s)
		return;
	free(s->authorization);
	if (s->canonical_request)
		OPENSSL_cleanse(s->canonical_request, strlen(s->canonical_request));
	free(s->canonical_request);
	free(s->string_to_sign);
	free(s->signed_headers);
	memset(s, 0, sizeof(*s));
}

int sigv4_sign(const struct sigv4_request *req, const struct sigv4_creds *creds,
	       struct sigv4_signed *out)
{
	struct strbuf cr = STRBUF_INIT, sts = STRBUF_INIT, sh = STRBUF_INIT, key = STRBUF_INIT;
	struct strbuf val = STRBUF_INIT;
	struct kv *h = NULL;
	size_t nh = 0, alloc = 0;
	const char *token = creds && creds->session_token && *creds->session_token
				    ? creds->session_token
				    : NULL;
	const char *payload_hash = NULL;
	char body_hash[65], cr_hash[65], date[9];
	unsigned char k1[32], k2[32], k3[32], k4[32], sig[32];
	int have_host = 0, ret = -1;

	memset(out, 0, sizeof(*out));
	if (!req || !creds || !creds->access_key_id || !creds->secret_access_key || !req->method ||
	    !req->region || !req->service || !req->host)
		return -1;
	sigv4_amz_date(req->when, out->amz_date);
	memcpy(date, out->amz_date, 8);
	date[8] = '\0';

	/* the headers to sign */
	for (size_t i = 0; i < req->nheaders; i++) {
		char *ln = lower_dup(req->headers[i].name);
		if (is_unsigned_header(ln) || !strcmp(ln, "authorization") ||
		    !strcmp(ln, "x-amz-date") || (token && !strcmp(ln, "x-amz-security-token"))) {
			free(ln);
			continue;
		}
		if (!strcmp(ln, "host"))
			have_host = 1;
		if (!strcmp(ln, "x-amz-content-sha256") && !payload_hash)
			payload_hash = req->headers[i].value;
		ALLOC_GROW(h, nh + 1, alloc);
		h[nh].k = ln;
		h[nh].v = xstrdup(req->headers[i].value ? req->headers[i].value : "");
		h[nh].order = nh;
		nh++;
	}
	if (!have_host) {
		ALLOC_GROW(h, nh + 1, alloc);
		h[nh] = (struct kv){xstrdup("host"), xstrdup(req->host), nh};
		nh++;
	}
	ALLOC_GROW(h, nh + 2, alloc);
	h[nh] = (struct kv){xstrdup("x-amz-date"), xstrdup(out->amz_date), nh};
	nh++;
	if (token) {
		h[nh] = (struct kv){xstrdup("x-amz-security-token"), xstrdup(token), nh};
		nh++;
	}
	qsort(h, nh, sizeof(*h), hdr_cmp);

	/* canonical request */
	strbuf_addstr(&cr, req->method);
	for (char *p = cr.buf; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	strbuf_addch(&cr, '\n');
	canonical_path(&cr, req->path);
	strbuf_addch(&cr, '\n');
	canonical_query(&cr, req->query, req->nquery);
	strbuf_addch(&cr, '\n');
	for (size_t i = 0; i < nh; i++) {
		if (i && !strcmp(h[i].k, h[i - 1].k)) {
			strbuf_addch(&cr, ',');
		} else {
			if (i)
				strbuf_addch(&cr, '\n');
			strbuf_addf(&cr, "%s:", h[i].k);
			if (sh.len)
				strbuf_addch(&sh, ';');
			strbuf_addstr(&sh, h[i].k);
		}
		strbuf_reset(&val);
		trimall(&val, h[i].v);
		strbuf_addstr(&cr, val.buf);
	}
	strbuf_addstr(&cr, "\n\n");
	strbuf_addstr(&cr, sh.buf);
	strbuf_addch(&cr, '\n');
	if (!payload_hash) {
		if (sha256_hex(req->body ? req->body : "", req->body ? req->body_len : 0,
			       body_hash))
			goto done;
		payload_hash = body_hash;
	}
	strbuf_addstr(&cr, payload_hash);

	/* string to sign */
	if (sha256_hex(cr.buf, cr.len, cr_hash))
		goto done;
	strbuf_addf(&sts, "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s", out->amz_date, date,
		    req->region, req->service, cr_hash);

	/* derived key: HMAC chain over date, region, service, "aws4_request" */
	strbuf_addf(&key, "AWS4%s", creds->secret_access_key);
	if (hmac((unsigned char *)key.buf, key.len, date, 8, k1) ||
	    hmac(k1, 32, req->region, strlen(req->region), k2) ||
	    hmac(k2, 32, req->service, strlen(req->service), k3) ||
	    hmac(k3, 32, "aws4_request", 12, k4) || hmac(k4, 32, sts.buf, sts.len, sig))
		goto done;
	hex_encode(out->signature, sig, 32);
	out->authorization = xstrfmt("AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, "
				     "SignedHeaders=%s, Signature=%s",
				     creds->access_key_id, date, req->region, req->service, sh.buf,
				     out->signature);
	out->canonical_request = strbuf_detach(&cr, NULL);
	out->string_to_sign = strbuf_detach(&sts, NULL);
	out->signed_headers = strbuf_detach(&sh, NULL);
	ret = 0;
done:
	OPENSSL_cleanse(key.buf, key.len);
	OPENSSL_cleanse(k1, sizeof(k1));
	OPENSSL_cleanse(k2, sizeof(k2));
	OPENSSL_cleanse(k3, sizeof(k3));
	OPENSSL_cleanse(k4, sizeof(k4));
	strbuf_release(&key);
	for (size_t i = 0; i < nh; i++) {
		if (!strcmp(h[i].k, "x-amz-security-token"))
			OPENSSL_cleanse(h[i].v, strlen(h[i].v));
		free(h[i].k);
		free(h[i].v);
	}
	free(h);
	OPENSSL_cleanse(val.buf, val.len);
	strbuf_release(&val);
	OPENSSL_cleanse(cr.buf, cr.len);
	strbuf_release(&cr);
	strbuf_release(&sts);
	strbuf_release(&sh);
	if (ret)
		sigv4_signed_release(out);
	return ret;
}
