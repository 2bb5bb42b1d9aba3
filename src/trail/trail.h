/*
 * trail.h - authentication failures in CloudTrail: which events count as
 * one (failure.c), what the user agent says about the caller (useragent.c),
 * the streaming summary (summary.c) and the same grouping as Athena SQL
 * (athena.c). The core never prints: it fills a struct trail and the front
 * end (cmd/trail.c) renders it.
 *
 * Ownership: struct trail owns every group and string in it;
 * trail_release() frees them and accepts NULL. Access key ids are kept
 * whole for grouping and only ever rendered masked (core/redact.h).
 */
#ifndef TFAUTH_TRAIL_H
#define TFAUTH_TRAIL_H

#include <jansson.h>
#include <stdint.h>
#include <time.h>

#include "core/diag.h"
#include "core/strbuf.h"
#include "trail/reader.h"

/* --- failure.c --- */

struct auth_error {
	const char *code;
	int sts_only; /* counts only when eventSource is sts.amazonaws.com */
};

extern const struct auth_error auth_errors[];
extern const size_t auth_errors_nr;

/*
 * Is this event an authentication failure? code is errorCode (a leading
 * "Client." as EC2 writes it is ignored); event_name and error_message
 * catch failed console sign-ins. Returns the canonical code or NULL.
 */
const char *auth_failure_code(const char *code, const char *event_source, const char *event_name,
			      const char *error_message);

/* --- useragent.c --- */

/*
 * A short description of a user agent: "Terraform 1.5.7, aws provider
 * 5.31.0", "aws-cli 2.13.0", "boto3 1.28.0", "aws-sdk-java 2.20.1", ... and
 * for anything else the first product token. Control bytes become '?'.
 */
void useragent_describe(struct strbuf *out, const char *ua);

/* --- summary.c --- */

struct trail_opts {
	time_t since, until; /* 0 = unbounded */
	long threshold;	     /* failures in one window that cross the line; 0 = none */
	long window;	     /* seconds */
	long burst;	     /* failures per key in one window that mark a burst */
	int strict;	     /* parse every record, not only likely failures */
};

struct trail_group {
	char *name;  /* for keys: the raw access key id (never printed) */
	char *extra; /* keys: decoded account; services: region */
	uint64_t count;
	time_t first, last; /* 0 when no event had a time */
	/* keys only */
	char *errors; /* "InvalidClientTokenId 3, ExpiredToken 1" built at the end */
	struct trail_tally *codes;
	time_t *times;
	size_t ntimes, alloc;
	uint64_t burst_max;
	time_t burst_start;
};

struct trail_tally {
	struct trail_group **v; /* hash table, open addressing */
	size_t nr, cap;
	struct trail_group **sorted; /* after trail_finish: by count, then name */
};

enum trail_dim { DIM_KEY, DIM_IP, DIM_AGENT, DIM_SERVICE, DIM_ERROR, DIM_NR };

struct trail {
	struct trail_opts opts;
	struct diags *diags;
	struct ct_stats stats;
	uint64_t files;
	uint64_t malformed; /* records that are not valid JSON */
	uint64_t failures;  /* selected, inside --since/--until */
	uint64_t outside;   /* failures outside --since/--until */
	time_t first, last;
	time_t *times; /* every failure's time, for the threshold */
	size_t ntimes, alloc;
	uint64_t window_max;
	time_t window_start;
	struct trail_tally dims[DIM_NR];
	struct strbuf scratch;
};

void trail_init(struct trail *t, const struct trail_opts *o, struct diags *d);
/* The ct_record_fn for the reader; data is the struct trail. */
void trail_record(const struct ct_record *rec, void *data);
/* Feed one parsed event (for tests and the lookup-events path). */
void trail_event(struct trail *t, json_t *ev, const struct ct_record *rec);
/*
 * Add everything src collected to dst (both unfinished): how the workers
 * of a parallel run are combined. src is left empty but must still be
 * released.
 */
void trail_merge(struct trail *dst, struct trail *src);
/* Sort the groups and compute bursts and the threshold window. */
void trail_finish(struct trail *t);
void trail_release(struct trail *t);

/* JSON of the summary (new reference); at most top entries per dimension (0 = all). */
json_t *trail_json(struct trail *t, size_t top);
/* The text summary. */
void trail_text(struct trail *t, struct strbuf *out, size_t top);

/* Parse "5m", "90s", "2h", "7d", "300" (seconds); 0 or -1. */
int trail_parse_duration(const char *s, long *out);

/* --- athena.c --- */

/* SQL for Amazon Athena over a CloudTrail table, the same grouping. */
void athena_sql(struct strbuf *out, const char *table, const struct trail_opts *o, size_t top);

#endif
