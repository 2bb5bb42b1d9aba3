/*
 * sts.h - the STS client: which endpoint each dialect calls, one signed
 * sts:GetCallerIdentity, and the parser of its answer (expat).
 *
 * GetCallerIdentity needs no IAM permission, so its answer is about the
 * credentials themselves: accepted (account, ARN, user id) or refused
 * (error code, message, request id). Either way the response's Date header
 * gives the clock skew.
 *
 * Endpoint rules (terraform-aws-auth.md §2.2, §4.2), per dialect:
 *   go-v2    (provider >= 4, S3 backend >= 1.6): custom endpoint first
 *            (endpoint_url: the provider's endpoints/sts_endpoint or
 *            --endpoint-url, then AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL,
 *            both skipped with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true),
 *            signing region sts_region else region; otherwise
 *            sts[-fips].{region}.{dnsSuffix|dualStackDnsSuffix}, always
 *            regional; aws-global -> sts.amazonaws.com (us-east-1).
 *   go-v1    (provider <= 3, S3 backend <= 1.5): endpoint_url only (no
 *            AWS_ENDPOINT_URL*); AWS_STS_REGIONAL_ENDPOINTS default legacy:
 *            sts.amazonaws.com signed for us-east-1 for the 16 legacy regions.
 *   botocore (AWS CLI, boto3): endpoint_url, AWS_ENDPOINT_URL_STS,
 *            AWS_ENDPOINT_URL; AWS_STS_REGIONAL_ENDPOINTS default regional
 *            (botocore >= 1.36), legacy on request.
 *
 * Ownership: every char * in the structs below is malloc'd and owned by the
 * struct; the _release() functions free them and accept NULL. Nothing here
 * keeps a copy of the secret or the session token.
 */
#ifndef TFAUTH_STS_H
#define TFAUTH_STS_H

#include <stddef.h>
#include <time.h>

#include "aws/facts.h"
#include "aws/http.h"
#include "aws/sigv4.h"
#include "core/diag.h"
#include "core/env.h"
#include "core/strbuf.h"

struct sts_endpoint_in {
	enum dialect dialect;
	const char *region;	       /* the client's region, or NULL */
	const char *sts_region;	       /* provider/backend sts_region, or NULL */
	const char *endpoint_url;      /* an explicit endpoint, or NULL */
	const char *endpoint_url_from; /* its name for messages ("--endpoint-url") */
	const struct env *env;	       /* AWS_ENDPOINT_URL[_STS], AWS_USE_FIPS_ENDPOINT, ... */
};

struct sts_endpoint {
	char *url;	      /* "https://sts.eu-west-1.amazonaws.com/" */
	char *host;	      /* "sts.eu-west-1.amazonaws.com" */
	char *signing_region; /* "eu-west-1" */
	char *region;	      /* the region the rule started from */
	char *rule;	      /* how it was chosen: "regional", "AWS_ENDPOINT_URL", ... */
	const char *
		partition; /* "aws", "aws-cn", ...; NULL for a custom endpoint of unknown partition */
	int custom;	   /* an endpoint the user configured, not computed */
	int loopback;	   /* the host is this machine */
	int plain_http;	   /* http:// (fine on loopback, a warning elsewhere) */
	int region_defaulted; /* no region was configured: us-east-1 was assumed */
};

/* 0, or -1 with a message in err (a bad URL, an unusable region). */
int sts_endpoint_resolve(const struct sts_endpoint_in *in, struct sts_endpoint *out,
			 struct strbuf *err);
void sts_endpoint_release(struct sts_endpoint *e);
/* The regional AWS endpoint for region (no env, no custom URL); 0 or -1. */
int sts_endpoint_regional(const char *region, struct sts_endpoint *out, struct strbuf *err);

struct sts_call {
	const char *url; /* the endpoint */
	const char *signing_region;
	struct sigv4_creds creds;
	time_t now; /* signing time, clock_now() */
	const struct http_opts *http;
};

/* What every answer tells, accepted or refused. */
struct sts_meta {
	long status;	 /* HTTP status; 0 without a response */
	long elapsed_ms; /* round trip */
	int have_date;	 /* the response had a usable Date header */
	long long server_date;
	long long skew_s; /* server_date - now: positive when this machine is behind */
	char *request_id;
	char *proxy; /* the proxy that carried the call, or NULL */
};

struct sts_identity {
	char *account;
	char *arn;
	char *user_id;
	struct sts_meta meta;
};

enum sts_error_kind {
	STS_ERR_NONE,
	STS_ERR_REFUSED,  /* AWS answered with an error: code and message */
	STS_ERR_NETWORK,  /* no answer: DNS, connect, TLS, timeout, proxy, size */
	STS_ERR_SERVER,	  /* HTTP 5xx: the service failed, not the credentials */
	STS_ERR_RESPONSE, /* an answer that is not a usable STS response */
	STS_ERR_USAGE,	  /* nothing was sent: missing credentials, bad URL */
};

struct sts_error {
	enum sts_error_kind kind;
	enum http_failure net; /* for STS_ERR_NETWORK */
	char *code;	       /* "InvalidClientTokenId" */
	char *message;	       /* AWS's text (never holds a secret) */
	char *type;	       /* "Sender" / "Receiver" */
	char *detail;	       /* tfauth's sentence for NETWORK/SERVER/RESPONSE/USAGE */
	struct sts_meta meta;
};

#define STS_IDENTITY_INIT                                                                          \
	{                                                                                          \
		NULL, NULL, NULL,                                                                  \
		{                                                                                  \
			0, 0, 0, 0, 0, NULL, NULL                                                  \
		}                                                                                  \
	}
#define STS_ERROR_INIT                                                                             \
	{                                                                                          \
		STS_ERR_NONE, HTTP_FAIL_NONE, NULL, NULL, NULL, NULL,                              \
		{                                                                                  \
			0, 0, 0, 0, 0, NULL, NULL                                                  \
		}                                                                                  \
	}

/*
 * Sign and send one GetCallerIdentity. Returns 0 when AWS accepted the
 * credentials (out filled), 1 when it refused them (err->kind ==
 * STS_ERR_REFUSED), -1 on any other failure (err->kind says which).
 * No retry, whatever happens.
 */
int sts_get_caller_identity(const struct sts_call *in, struct sts_identity *out,
			    struct sts_error *err);
void sts_identity_release(struct sts_identity *id);
void sts_error_release(struct sts_error *err);
const char *sts_error_kind_name(enum sts_error_kind k);

/*
 * Parse an STS response body: GetCallerIdentityResponse or ErrorResponse.
 * Returns 0 for an identity, 1 for an error response, -1 when the body is
 * neither (d says why, as name:line:col). Caps: depth 16, text 4096 bytes
 * per element; DOCTYPE (and so entities) refused.
 */
int sts_parse_response(const char *buf, size_t len, const char *name, struct sts_identity *id,
		       struct sts_error *err, struct diags *d);

#endif
