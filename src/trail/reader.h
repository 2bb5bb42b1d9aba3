/*
 * reader.h - the CloudTrail record reader: finds each event object in a
 * stream of CloudTrail JSON without loading the whole file, so memory stays
 * flat on files of any size.
 *
 * Recognised shapes (several may follow each other in one stream):
 *   {"Records": [ {event}, ... ]}             files delivered to S3
 *   {"Events": [ {"CloudTrailEvent": "<event as a JSON string>", ...} ]}
 *                                             `aws cloudtrail lookup-events`
 *                                             and CloudTrail Lake output
 *   [ {event}, ... ]                          a bare array (jq '.Records')
 *   {event} {event} ...                       JSON Lines, one event each
 * A top-level object whose first key is neither "Records" nor "Events" is
 * taken as one event.
 *
 * The splitter only tracks strings, escapes and nesting depth; a record's
 * bytes are handed to the callback as they stand (a slice of the input when
 * it sits inside one chunk, else a copy assembled across chunks). Checking
 * that the record is valid JSON is the callback's business (json_loadb).
 *
 * Damage never stops the reader: a record cut short by the end of the
 * input, a record over CT_RECORD_MAX, stray bytes between records, a
 * truncated or corrupt gzip member are reported to the diags (at most
 * CT_DIAG_MAX per input, then one summary line) and reading goes on.
 *
 * Ownership: struct ct_reader owns its carry buffer; ct_reader_release()
 * frees it and accepts NULL. A struct ct_record is valid only during the
 * callback.
 */
#ifndef TFAUTH_TRAIL_READER_H
#define TFAUTH_TRAIL_READER_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/strbuf.h"

#define CT_RECORD_MAX (16u << 20) /* one event over 16 MiB is damage */
#define CT_DEPTH_MAX 512
#define CT_DIAG_MAX 20

enum ct_record_kind {
	CT_EVENT,	 /* the object is a CloudTrail event */
	CT_LOOKUP_EVENT, /* the object holds the event in "CloudTrailEvent" */
};

struct ct_record {
	enum ct_record_kind kind;
	const char *buf;
	size_t len;
	struct ct_reader *reader; /* for ct_report() */
	const char *name;	  /* the input's name, for messages */
	uint64_t index;		  /* 1-based record number within the input */
	unsigned line, col;	  /* where the record starts (decompressed text) */
};

typedef void (*ct_record_fn)(const struct ct_record *rec, void *data);

struct ct_stats {
	uint64_t records; /* complete records handed to the callback */
	uint64_t damaged; /* truncated, oversized or non-object records */
	uint64_t bytes;	  /* decompressed bytes scanned */
	uint64_t gz_members;
	unsigned gz_errors; /* truncated or corrupt gzip members */
};

struct ct_reader {
	const char *name;
	ct_record_fn fn;
	void *data;
	struct diags *diags;
	struct ct_stats *stats;
	unsigned ndiag; /* diagnostics added for this input */
	unsigned suppressed;

	/* scanner */
	int in_string, escape;
	unsigned depth;
	int top;	/* 0 none, '{' or '[': the container at depth 1 */
	int expect_key; /* at depth 1 of a top object: the next string is a key */
	int key_active; /* capturing a depth-1 key */
	char key[16];
	size_t key_len;
	int key_is_list; /* last depth-1 key was Records or Events */
	enum ct_record_kind list_kind, cur_kind;
	int in_list;	 /* inside the Records/Events array (depth 2) */
	int bad_element; /* skipping a non-object array element */
	int junk;	 /* skipping junk at the top level */

	/* the current record */
	int rec;	    /* 0 none, 1 record, 2 tentative (top-level object) */
	unsigned rec_depth; /* depth at which the record's '{' was opened */
	int rec_oversize, rec_deep;
	uint64_t rec_index;
	unsigned rec_line, rec_col;
	struct strbuf carry;

	/* position */
	uint64_t offset;
	unsigned line;
	uint64_t line_start;
};

void ct_reader_init(struct ct_reader *r, const char *name, ct_record_fn fn, void *data,
		    struct diags *diags, struct ct_stats *stats);
void ct_reader_feed(struct ct_reader *r, const char *buf, size_t len);
/* The input ended: report a record or array left open. */
void ct_reader_finish(struct ct_reader *r);
void ct_reader_release(struct ct_reader *r);
/* Add a diagnostic about this input, within its CT_DIAG_MAX budget. */
void ct_report(struct ct_reader *r, enum diag_level lvl, unsigned line, unsigned col,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/*
 * Read one input (plain or gzip, recognised by its magic bytes, multi-member
 * gzip included) from a buffer or a file descriptor. Returns 0, or -1 when
 * the file could not be read at all (the reason is in diags).
 */
void ct_read_buffer(const char *buf, size_t len, const char *name, ct_record_fn fn, void *data,
		    struct diags *diags, struct ct_stats *stats);
int ct_read_fd(int fd, const char *name, ct_record_fn fn, void *data, struct diags *diags,
	       struct ct_stats *stats);

#endif
