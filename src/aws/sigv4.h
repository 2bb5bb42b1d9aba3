/*
 * sigv4.h - AWS Signature Version 4 (the AWS4-HMAC-SHA256 header form),
 * written over OpenSSL so tfauth can sign one STS call without an SDK.
 *
 * The canonicalisation follows botocore's SigV4Auth (the differential test
 * t/live-sigv4.t compares canonical request, string to sign and signature
 * on generated requests):
 *   - path: dot segments and empty segments removed, then every byte but
 *     A-Z a-z 0-9 - _ . ~ / percent-encoded (the path is given as it goes
 *     on the wire, so non-S3 services see it encoded twice, as AWS wants);
 *   - query: raw key/value pairs, each percent-encoded (unreserved kept),
 *     sorted by key then value;
 *   - headers: names lower-cased, values trimmed with runs of white space
 *     collapsed, repeated names joined with ',', hop-by-hop headers
 *     (connection, expect, user-agent, ...) never signed; "host" from
 *     req->host unless the caller passes one; "x-amz-date" and, with a
 *     session token, "x-amz-security-token" are added by the signer;
 *   - payload: hex SHA-256 of the body, or the value of an
 *     x-amz-content-sha256 header when the caller passes one.
 *
 * The secret is used only as HMAC key material ("AWS4" + secret, then the
 * chained HMACs over date, region, service and "aws4_request"); every
 * derived key is wiped with OPENSSL_cleanse before sigv4_sign() returns.
 * Nothing in struct sigv4_signed holds the secret or a derived key. The
 * canonical request does hold the session token (the x-amz-security-token
 * header is signed): never print it; sigv4_signed_release() wipes it.
 *
 * Ownership: sigv4_sign() fills *out with malloc'd strings;
 * sigv4_signed_release() frees them and accepts NULL.
 */
#ifndef TFAUTH_SIGV4_H
#define TFAUTH_SIGV4_H

#include <stddef.h>
#include <time.h>

struct sigv4_creds {
	const char *access_key_id;
	const char *secret_access_key;
	const char *session_token; /* NULL or "" for long-term keys */
};

/* One header or one query parameter, raw (not encoded). */
struct sigv4_pair {
	const char *name;
	const char *value;
};

struct sigv4_request {
	const char *method; /* "POST" */
	const char *host;   /* the Host header: "sts.eu-west-1.amazonaws.com", "127.0.0.1:5000" */
	const char *path;   /* as on the wire, e.g. "/"; NULL or "" means "/" */
	const struct sigv4_pair *query; /* raw parameters, may be NULL */
	size_t nquery;
	const struct sigv4_pair *headers; /* headers that are sent, may be NULL */
	size_t nheaders;
	const void *body;
	size_t body_len;
	const char *region;  /* signing region, "us-east-1" */
	const char *service; /* "sts" */
	time_t when;	     /* signing time (UTC seconds) */
};

struct sigv4_signed {
	char amz_date[17];	 /* "20261128T120000Z": send as X-Amz-Date */
	char signature[65];	 /* lower-case hex */
	char *authorization;	 /* the Authorization header value */
	char *canonical_request; /* for -v and the tests */
	char *string_to_sign;
	char *signed_headers; /* "content-type;host;x-amz-date" */
};

#define SIGV4_SIGNED_INIT                                                                          \
	{                                                                                          \
		"", "", NULL, NULL, NULL, NULL                                                     \
	}

/*
 * Sign req with creds. Returns 0, or -1 when an argument is missing or the
 * crypto library fails (out is then released).
 */
int sigv4_sign(const struct sigv4_request *req, const struct sigv4_creds *creds,
	       struct sigv4_signed *out);
void sigv4_signed_release(struct sigv4_signed *s);

/* "20261128T120000Z" for t, into buf (17 bytes). */
void sigv4_amz_date(time_t t, char buf[17]);

#endif
