/*
 * cache.h - the token and credential caches the AWS tools keep on disk,
 * read the way each tool reads them (credential-files.md §5):
 *
 *   ~/.aws/sso/cache/<sha1>.json   SSO access tokens (CLI and Go alike);
 *                                  name = sha1 hex of the sso-session name,
 *                                  or of sso_start_url for legacy profiles
 *   ~/.aws/cli/cache/<sha1>.json   assume-role / web-identity results
 *                                  (awscli only); name = sha1 hex of the
 *                                  AssumeRole arguments as Python's
 *                                  json.dumps(sort_keys=True) spells them
 *
 * Only the one file a profile would use is opened, so the cost does not
 * grow with the size of the cache directories. Parsers take (buf, len,
 * name), cap the input, never keep a token or a secret: they record only
 * whether one is present, the key id (for masking) and the expiry.
 */
#ifndef TFAUTH_CACHE_H
#define TFAUTH_CACHE_H

#include <stddef.h>
#include <time.h>

#include "core/strbuf.h"

#define CACHE_MAX_BYTES (256 * 1024)

/* 40 lower-case hex digits of SHA-1(s) into out (41 bytes). */
void cache_sha1_hex(const char *s, size_t len, char out[41]);

enum cache_status {
	CACHE_OK,
	CACHE_MISSING,	  /* no such file */
	CACHE_UNREADABLE, /* cannot open or read (permissions, a directory, too big) */
	CACHE_INVALID,	  /* not JSON, not an object, or required fields missing */
};

struct sso_token {
	enum cache_status status;
	char *path;  /* the file that was (or would be) read */
	char *error; /* why status is not CACHE_OK */
	int has_access_token;
	int has_refresh;     /* refreshToken + clientId + clientSecret present */
	int has_expires;     /* expiresAt present and parsed */
	int expires_rfc3339; /* Go accepts only RFC 3339 */
	time_t expires_at;
	int has_reg_expires;
	time_t registration_expires_at;
	char *start_url, *region; /* as cached (not secret) */
};

/*
 * Parse an SSO token file's contents. Returns 0 (out->status CACHE_OK) or
 * -1 (CACHE_INVALID with out->error set).
 */
int sso_token_parse(const char *buf, size_t len, const char *name, struct sso_token *out);
/* Find and read the token for an sso-session name or a start URL. */
int sso_token_load(const char *cache_dir, const char *session_or_url, struct sso_token *out);
void sso_token_release(struct sso_token *t);

/* The AssumeRole arguments that name a CLI cache entry (NULL = absent). */
struct cli_cache_args {
	const char *role_arn;
	const char *role_session_name;
	const char *external_id;
	const char *serial_number;
	long duration_seconds; /* 0 = absent */
};

/*
 * The cache key botocore computes: sha1 hex of json.dumps(args,
 * sort_keys=True). out gets 41 bytes.
 */
void cli_cache_key(const struct cli_cache_args *a, char out[41]);

struct cli_cache_entry {
	enum cache_status status;
	char *path;
	char *error;
	char *access_key_id; /* not secret; mask before showing */
	int has_secret, has_token;
	int has_expiration;
	time_t expiration;
	char *arn; /* AssumedRoleUser.Arn when present */
};

int cli_cache_parse(const char *buf, size_t len, const char *name, struct cli_cache_entry *out);
int cli_cache_load(const char *cache_dir, const char *key, struct cli_cache_entry *out);
void cli_cache_entry_release(struct cli_cache_entry *e);

/* botocore serves a cached entry only while it has at least 15 minutes left. */
#define BOTOCORE_EXPIRY_WINDOW 900

/*
 * Parse a timestamp the way botocore's dateutil does for the formats the
 * tools write: ISO 8601 with Z, +00:00 or a "UTC" suffix
 * ("2026-11-28T01:02:03UTC"). *rfc3339 says whether Go would accept it.
 */
int cache_time_parse(const char *s, time_t *out, int *rfc3339);

#endif
