/*
 * jwt.c - base64url and JSON decoding of a JWT's header and claims; see
 * jwt.h. No signature check: only the identity provider and STS can do
 * that, and the point here is to explain a refusal offline.
 */
#include <jansson.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#include "aws/jwt.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

static int b64url_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/* Decode base64url (padding tolerated) into sb; 0 or -1. */
static int b64url_decode(const char *p, size_t len, struct strbuf *sb)
{
	unsigned acc = 0;
	int bits = 0;

	while (len && p[len - 1] == '=')
		len--;
	if (len % 4 == 1)
		return -1;
	for (size_t i = 0; i < len; i++) {
		int v = b64url_value((unsigned char)p[i]);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			strbuf_addch(sb, (char)((acc >> bits) & 0xff));
		}
	}
	return 0;
}

static int get_time(json_t *o, const char *key, time_t *out)
{
	json_t *v = json_object_get(o, key);

	if (json_is_integer(v)) {
		*out = (time_t)json_integer_value(v);
		return 1;
	}
	if (json_is_real(v) && json_real_value(v) > -1e15 && json_real_value(v) < 1e15) {
		*out = (time_t)json_real_value(v);
		return 1;
	}
	return 0;
}

static char *get_string(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	json_t *el;

	if (json_is_string(v))
		return xmemdupz(json_string_value(v), json_string_length(v));
	if (!json_is_array(v))
		return NULL;
	json_array_foreach(v, i, el)
	{
		if (!json_is_string(el))
			continue;
		if (sb.len)
			strbuf_addstr(&sb, ", ");
		strbuf_add(&sb, json_string_value(el), json_string_length(el));
	}
	return strbuf_detach(&sb, NULL);
}

/* A decoded part as a JSON object, or NULL with *error set. */
static json_t *decode_part(const char *p, size_t len, const char *what, const char *name,
			   char **error)
{
	struct strbuf sb = STRBUF_INIT;
	json_error_t jerr;
	json_t *o = NULL;

	if (!len) {
		*error = xstrfmt("%s: the %s is empty", name, what);
		goto done;
	}
	if (b64url_decode(p, len, &sb)) {
		*error = xstrfmt("%s: the %s is not base64url", name, what);
		goto done;
	}
	o = json_loadb(sb.buf, sb.len, 0, &jerr);
	if (!o || !json_is_object(o)) {
		*error = xstrfmt("%s: the %s is not a JSON object", name, what);
		json_decref(o);
		o = NULL;
	}
done:
	OPENSSL_cleanse(sb.buf, sb.len);
	strbuf_release(&sb);
	return o;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

int jwt_decode(const char *buf, size_t len, const char *name, struct jwt_claims *out, char **error)
{
	const char *p = buf, *end = buf + len, *d1, *d2;
	json_t *hdr = NULL, *claims = NULL;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	*error = NULL;
	if (len > JWT_MAX_BYTES) {
		*error = xstrfmt("%s: larger than %d bytes, not a token", name, JWT_MAX_BYTES);
		return -1;
	}
	if (len && buf[len - 1] == '\n') {
		out->trailing_newline = 1;
		end--;
		if (end > p && end[-1] == '\r')
			end--;
	}
	while (p < end && is_space(*p))
		p++, out->surrounding_space = 1;
	while (end > p && is_space(end[-1]))
		end--, out->surrounding_space = 1;
	if (p == end) {
		*error = xstrfmt("%s: the file is empty", name);
		return -1;
	}
	d1 = memchr(p, '.', (size_t)(end - p));
	d2 = d1 ? memchr(d1 + 1, '.', (size_t)(end - d1 - 1)) : NULL;
	if (!d1 || !d2 || memchr(d2 + 1, '.', (size_t)(end - d2 - 1))) {
		*error = xstrfmt("%s: not a JWT (expected three dot-separated parts)", name);
		return -1;
	}
	hdr = decode_part(p, (size_t)(d1 - p), "header", name, error);
	if (!hdr)
		goto done;
	claims = decode_part(d1 + 1, (size_t)(d2 - d1 - 1), "payload", name, error);
	if (!claims)
		goto done;
	out->alg = get_string(hdr, "alg");
	out->has_exp = get_time(claims, "exp", &out->exp);
	out->has_iat = get_time(claims, "iat", &out->iat);
	out->has_nbf = get_time(claims, "nbf", &out->nbf);
	out->aud = get_string(claims, "aud");
	out->iss = get_string(claims, "iss");
	out->sub = get_string(claims, "sub");
	if (d2 + 1 == end) {
		*error = xstrfmt("%s: the signature part is empty", name);
		goto done;
	}
	ret = 0;
done:
	json_decref(hdr);
	json_decref(claims);
	return ret;
}

void jwt_claims_release(struct jwt_claims *c)
{
	if (!c)
		return;
	free(c->aud);
	free(c->iss);
	free(c->sub);
	free(c->alg);
	memset(c, 0, sizeof(*c));
}
