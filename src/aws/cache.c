/*
 * cache.c - SSO token cache and AWS CLI credential cache readers; see
 * cache.h. JSON goes through jansson; nothing secret is copied out.
 */
#include <errno.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "aws/cache.h"
#include "core/file.h"
#include "core/env.h"
#include "core/xalloc.h"
#include "core/banned.h"

void cache_sha1_hex(const char *s, size_t len, char out[41])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (!EVP_Digest(s, len, md, &n, EVP_sha1(), NULL) || n != 20) {
		memset(out, '0', 40);
		out[40] = '\0';
		return;
	}
	for (unsigned i = 0; i < 20; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[40] = '\0';
}

int cache_time_parse(const char *s, time_t *out, int *rfc3339)
{
	char buf[64];
	size_t n = strlen(s);
	int r3339 = 0;

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n + 1);
	if (n > 3 && !strcmp(buf + n - 3, "UTC")) {
		buf[n - 3] = 'Z';
		buf[n - 2] = '\0';
	} else if (n > 10 && buf[10] == 'T' &&
		   (buf[n - 1] == 'Z' ||
		    (n > 6 && (buf[n - 6] == '+' || buf[n - 6] == '-') && buf[n - 3] == ':'))) {
		r3339 = 1;
	}
	if (time_parse_iso8601(buf, out))
		return -1;
	if (rfc3339)
		*rfc3339 = r3339;
	return 0;
}

static char *dup_string(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? xmemdupz(json_string_value(v), json_string_length(v)) : NULL;
}

static int nonempty_string(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) && json_string_length(v) > 0;
}

static json_t *load_object(const char *buf, size_t len, const char *name, char **error)
{
	json_error_t jerr;
	json_t *root;

	if (len > CACHE_MAX_BYTES) {
		*error = xstrfmt("%s: larger than %d bytes", name, CACHE_MAX_BYTES);
		return NULL;
	}
	root = json_loadb(buf, len, 0, &jerr);
	if (!root) {
		*error = xstrfmt("%s:%d:%d: not valid JSON: %s", name, jerr.line, jerr.column,
				 jerr.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		*error = xstrfmt("%s: the JSON is not an object", name);
		json_decref(root);
		return NULL;
	}
	return root;
}

int sso_token_parse(const char *buf, size_t len, const char *name, struct sso_token *out)
{
	json_t *root = load_object(buf, len, name, &out->error);
	json_t *v;

	out->status = CACHE_INVALID;
	if (!root)
		return -1;
	out->has_access_token = nonempty_string(root, "accessToken");
	out->has_refresh = nonempty_string(root, "refreshToken") &&
			   nonempty_string(root, "clientId") &&
			   nonempty_string(root, "clientSecret");
	v = json_object_get(root, "expiresAt");
	if (json_is_string(v) &&
	    !cache_time_parse(json_string_value(v), &out->expires_at, &out->expires_rfc3339))
		out->has_expires = 1;
	v = json_object_get(root, "registrationExpiresAt");
	if (json_is_string(v) &&
	    !cache_time_parse(json_string_value(v), &out->registration_expires_at, NULL))
		out->has_reg_expires = 1;
	out->start_url = dup_string(root, "startUrl");
	out->region = dup_string(root, "region");
	json_decref(root);
	if (!out->has_access_token || !out->has_expires) {
		out->error = xstrfmt("%s: %s", name,
				     !out->has_access_token ? "no accessToken"
				     : json_is_string(v)    ? "expiresAt is not a timestamp"
							    : "no expiresAt");
		return -1;
	}
	out->status = CACHE_OK;
	return 0;
}

/* Read path into sb; a cache_status for the outcome. */
static enum cache_status read_cache_file(const char *path, struct strbuf *sb, char **error)
{
	int r = strbuf_read_file(sb, path, CACHE_MAX_BYTES);

	if (!r)
		return CACHE_OK;
	if (r == -ENOENT || r == -ENOTDIR)
		return CACHE_MISSING;
	*error = xstrfmt("cannot read '%s': %s", path,
			 r == -EFBIG ? "larger than the 256 KiB cap" : file_strerror(r));
	return CACHE_UNREADABLE;
}

int sso_token_load(const char *cache_dir, const char *session_or_url, struct sso_token *out)
{
	struct strbuf sb = STRBUF_INIT;
	char hex[41];
	int ret = -1;

	memset(out, 0, sizeof(*out));
	cache_sha1_hex(session_or_url, strlen(session_or_url), hex);
	out->path = xstrfmt("%s/%s.json", cache_dir, hex);
	out->status = read_cache_file(out->path, &sb, &out->error);
	if (out->status != CACHE_OK)
		goto done;
	ret = sso_token_parse(sb.buf, sb.len, out->path, out);
done:
	OPENSSL_cleanse(sb.buf, sb.len);
	strbuf_release(&sb);
	return ret;
}

void sso_token_release(struct sso_token *t)
{
	if (!t)
		return;
	free(t->path);
	free(t->error);
	free(t->start_url);
	free(t->region);
	memset(t, 0, sizeof(*t));
}

/* A string as Python's json.dumps (ensure_ascii=True) writes it. */
static void py_json_string(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	strbuf_addch(sb, '"');
	while (*p) {
		unsigned c = *p;
		unsigned cp = c;
		int extra = 0;

		if (c >= 0x80) {
			if ((c & 0xe0) == 0xc0)
				cp = c & 0x1f, extra = 1;
			else if ((c & 0xf0) == 0xe0)
				cp = c & 0x0f, extra = 2;
			else if ((c & 0xf8) == 0xf0)
				cp = c & 0x07, extra = 3;
			else
				cp = 0xfffd;
			for (int i = 1; i <= extra; i++) {
				if ((p[i] & 0xc0) != 0x80) {
					cp = 0xfffd;
					extra = i - 1;
					break;
				}
				cp = (cp << 6) | (p[i] & 0x3f);
			}
			p += extra + 1;
			if (cp >= 0x10000) {
				cp -= 0x10000;
				strbuf_addf(sb, "\\u%04x\\u%04x", 0xd800 + (cp >> 10),
					    0xdc00 + (cp & 0x3ff));
			} else {
				strbuf_addf(sb, "\\u%04x", cp);
			}
			continue;
		}
		p++;
		switch (c) {
		case '"':
			strbuf_addstr(sb, "\\\"");
			break;
		case '\\':
			strbuf_addstr(sb, "\\\\");
			break;
		case '\n':
			strbuf_addstr(sb, "\\n");
			break;
		case '\r':
			strbuf_addstr(sb, "\\r");
			break;
		case '\t':
			strbuf_addstr(sb, "\\t");
			break;
		case '\b':
			strbuf_addstr(sb, "\\b");
			break;
		case '\f':
			strbuf_addstr(sb, "\\f");
			break;
		default:
			if (c < 0x20)
				strbuf_addf(sb, "\\u%04x", c);
			else
				strbuf_addch(sb, (char)c);
		}
	}
	strbuf_addch(sb, '"');
}

void cli_cache_key(const struct cli_cache_args *a, char out[41])
{
	struct strbuf sb = STRBUF_INIT;
	const char *sep = "";

	/* Keys in sorted order, Python's default separators. */
	strbuf_addch(&sb, '{');
	if (a->duration_seconds) {
		strbuf_addf(&sb, "%s\"DurationSeconds\": %ld", sep, a->duration_seconds);
		sep = ", ";
	}
	if (a->external_id) {
		strbuf_addf(&sb, "%s\"ExternalId\": ", sep);
		py_json_string(&sb, a->external_id);
		sep = ", ";
	}
	if (a->role_arn) {
		strbuf_addf(&sb, "%s\"RoleArn\": ", sep);
		py_json_string(&sb, a->role_arn);
		sep = ", ";
	}
	if (a->role_session_name) {
		strbuf_addf(&sb, "%s\"RoleSessionName\": ", sep);
		py_json_string(&sb, a->role_session_name);
		sep = ", ";
	}
	if (a->serial_number) {
		strbuf_addf(&sb, "%s\"SerialNumber\": ", sep);
		py_json_string(&sb, a->serial_number);
	}
	strbuf_addch(&sb, '}');
	cache_sha1_hex(sb.buf, sb.len, out);
	strbuf_release(&sb);
}

int cli_cache_parse(const char *buf, size_t len, const char *name, struct cli_cache_entry *out)
{
	json_t *root = load_object(buf, len, name, &out->error);
	json_t *c, *v;

	out->status = CACHE_INVALID;
	if (!root)
		return -1;
	c = json_object_get(root, "Credentials");
	if (!json_is_object(c)) {
		out->error = xstrfmt("%s: no \"Credentials\" object", name);
		json_decref(root);
		return -1;
	}
	out->access_key_id = dup_string(c, "AccessKeyId");
	out->has_secret = nonempty_string(c, "SecretAccessKey");
	out->has_token = nonempty_string(c, "SessionToken");
	v = json_object_get(c, "Expiration");
	if (json_is_string(v) && !cache_time_parse(json_string_value(v), &out->expiration, NULL))
		out->has_expiration = 1;
	v = json_object_get(root, "AssumedRoleUser");
	if (json_is_object(v))
		out->arn = dup_string(v, "Arn");
	json_decref(root);
	if (!out->access_key_id || !out->has_secret || !out->has_expiration) {
		out->error = xstrfmt("%s: %s", name,
				     !out->access_key_id ? "no Credentials.AccessKeyId"
				     : !out->has_secret	 ? "no Credentials.SecretAccessKey"
							 : "no readable Credentials.Expiration");
		return -1;
	}
	out->status = CACHE_OK;
	return 0;
}

int cli_cache_load(const char *cache_dir, const char *key, struct cli_cache_entry *out)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->path = xstrfmt("%s/%s.json", cache_dir, key);
	out->status = read_cache_file(out->path, &sb, &out->error);
	if (out->status == CACHE_OK)
		ret = cli_cache_parse(sb.buf, sb.len, out->path, out);
	OPENSSL_cleanse(sb.buf, sb.len);
	strbuf_release(&sb);
	return ret;
}

void cli_cache_entry_release(struct cli_cache_entry *e)
{
	if (!e)
		return;
	free(e->path);
	free(e->error);
	free(e->access_key_id);
	free(e->arn);
	memset(e, 0, sizeof(*e));
}
