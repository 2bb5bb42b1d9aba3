/*
 * reader.c - the incremental CloudTrail record splitter and its gzip front
 * (see reader.h for the shapes it accepts and how it reports damage).
 *
 * Why not json_loadf on the whole file: CloudTrail objects delivered to S3
 * hold up to tens of thousands of records on one line, and a month of them
 * is gigabytes; loading one file keeps its whole tree in memory. The
 * splitter scans bytes once, tracks only string/escape state and depth, and
 * hands over one record at a time, usually as a slice of the input chunk.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "trail/reader.h"
#include "core/xalloc.h"
#include "core/banned.h"

#define IN_CHUNK (256u << 10)
#define OUT_CHUNK (1u << 20)

void ct_report(struct ct_reader *r, enum diag_level lvl, unsigned line, unsigned col,
	       const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!r->diags)
		return;
	if (r->ndiag >= CT_DIAG_MAX) {
		r->suppressed++;
		return;
	}
	r->ndiag++;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diags_add(r->diags, lvl, r->name, line, col, "%s", sb.buf);
	strbuf_release(&sb);
}

void ct_reader_init(struct ct_reader *r, const char *name, ct_record_fn fn, void *data,
		    struct diags *diags, struct ct_stats *stats)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	r->fn = fn;
	r->data = data;
	r->diags = diags;
	r->stats = stats;
	r->line = 1;
	strbuf_init(&r->carry, 0);
}

void ct_reader_release(struct ct_reader *r)
{
	if (!r)
		return;
	strbuf_release(&r->carry);
}

static void emit(struct ct_reader *r, const char *p, size_t len)
{
	struct ct_record rec;

	if (r->rec_oversize || len > CT_RECORD_MAX) {
		ct_report(r, DIAG_ERROR, r->rec_line, r->rec_col,
			  "record %llu is larger than %u MiB; skipped",
			  (unsigned long long)r->rec_index, CT_RECORD_MAX >> 20);
		r->stats->damaged++;
		return;
	}
	if (r->rec_deep) {
		ct_report(r, DIAG_ERROR, r->rec_line, r->rec_col,
			  "record %llu nests deeper than %u levels; skipped",
			  (unsigned long long)r->rec_index, CT_DEPTH_MAX);
		r->stats->damaged++;
		return;
	}
	rec.reader = r;
	rec.kind = r->cur_kind;
	rec.buf = p;
	rec.len = len;
	rec.name = r->name;
	rec.index = r->rec_index;
	rec.line = r->rec_line;
	rec.col = r->rec_col;
	r->stats->records++;
	r->fn(&rec, r->data);
}

static void start_record(struct ct_reader *r, int kind, unsigned depth_after, uint64_t pos,
			 enum ct_record_kind ck)
{
	r->rec = kind;
	r->rec_depth = depth_after;
	r->rec_oversize = r->rec_deep = 0;
	r->rec_index++;
	r->rec_line = r->line;
	r->rec_col = (unsigned)(pos - r->line_start + 1);
	r->cur_kind = ck;
	strbuf_reset(&r->carry);
}

static void bad_element(struct ct_reader *r, uint64_t pos, const char *what)
{
	r->rec_index++;
	r->bad_element = 1;
	r->stats->damaged++;
	ct_report(r, DIAG_ERROR, r->line, (unsigned)(pos - r->line_start + 1),
		  "record %llu is %s, not an event object; skipped",
		  (unsigned long long)r->rec_index, what);
}

static void junk(struct ct_reader *r, uint64_t pos, int c)
{
	if (r->junk)
		return;
	r->junk = 1;
	ct_report(r, DIAG_ERROR, r->line, (unsigned)(pos - r->line_start + 1),
		  "unexpected '%c' outside any record; skipping to the next '{' or '['",
		  c >= 0x20 && c < 0x7f ? c : '?');
}

/* A depth-1 key of a top-level object is complete. */
static void key_done(struct ct_reader *r)
{
	int list = 0;

	r->key_active = 0;
	if (r->key_len == 7 && !memcmp(r->key, "Records", 7)) {
		list = 1;
		r->list_kind = CT_EVENT;
	} else if (r->key_len == 6 && !memcmp(r->key, "Events", 6)) {
		list = 1;
		r->list_kind = CT_LOOKUP_EVENT;
	}
	if (r->rec == 2) {
		/* the first key decides: a wrapper, or an event on its own */
		if (list) {
			r->rec = 0;
			r->rec_index--;
			strbuf_reset(&r->carry);
		} else {
			r->rec = 1;
		}
	}
	r->key_is_list = list;
}

void ct_reader_feed(struct ct_reader *r, const char *buf, size_t len)
{
	const char *rs = r->rec ? buf : NULL; /* current record's bytes in this chunk */
	uint64_t base = r->offset;
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)buf[i];

		if (r->in_string) {
			if (!r->key_active && !r->escape) {
				/* fast path: most bytes sit inside strings */
				const char *q = memchr(buf + i, '"', len - i);
				const char *bs =
					memchr(buf + i, '\\', (q ? (size_t)(q - buf) : len) - i);
				if (bs)
					q = bs;
				i = q ? (size_t)(q - buf) : len;
				if (i == len)
					break;
				c = (unsigned char)buf[i];
			}
			if (r->escape) {
				r->escape = 0;
			} else if (c == '\\') {
				r->escape = 1;
			} else if (c == '"') {
				r->in_string = 0;
				if (r->key_active)
					key_done(r);
			}
			if (r->key_active && r->in_string && !(c == '\\' && r->escape)) {
				if (r->key_len < sizeof(r->key))
					r->key[r->key_len] = (char)c;
				r->key_len++;
			}
			i++;
			continue;
		}
		switch (c) {
		case ' ':
		case '\t':
		case '\r':
			break;
		case '\n':
			r->line++;
			r->line_start = base + i + 1;
			break;
		case '"':
			if (r->depth == 0) {
				junk(r, base + i, c);
			} else if (r->depth == 1 && r->top == '{' && r->expect_key && r->rec != 1) {
				r->key_active = 1;
				r->key_len = 0;
				r->expect_key = 0;
			} else if (!r->rec && !r->bad_element &&
				   ((r->in_list && r->depth == 2) ||
				    (r->top == '[' && r->depth == 1))) {
				bad_element(r, base + i, "a string");
			}
			r->in_string = 1;
			break;
		case '{':
			r->junk = 0;
			if (r->depth == 0) {
				r->top = '{';
				r->depth = 1;
				r->expect_key = 1;
				r->key_is_list = 0;
				start_record(r, 2, 1, base + i, CT_EVENT);
				rs = buf + i;
				break;
			}
			r->depth++;
			if (!r->rec && !r->bad_element &&
			    ((r->depth == 2 && r->top == '[') || (r->depth == 3 && r->in_list))) {
				start_record(r, 1, r->depth, base + i,
					     r->top == '[' ? CT_EVENT : r->list_kind);
				rs = buf + i;
			} else if (r->rec && r->depth - r->rec_depth > CT_DEPTH_MAX) {
				r->rec_deep = 1;
			}
			break;
		case '[':
			r->junk = 0;
			if (r->depth == 0) {
				r->top = '[';
				r->depth = 1;
				break;
			}
			r->depth++;
			if (r->depth == 2 && r->top == '{' && !r->rec && r->key_is_list) {
				r->in_list = 1;
				r->bad_element = 0;
			} else if (r->in_list && r->depth == 3 && !r->rec && !r->bad_element) {
				bad_element(r, base + i, "an array");
			} else if (r->top == '[' && r->depth == 2 && !r->rec && !r->bad_element) {
				bad_element(r, base + i, "an array");
			} else if (r->rec && r->depth - r->rec_depth > CT_DEPTH_MAX) {
				r->rec_deep = 1;
			}
			break;
		case '}':
		case ']':
			if (r->depth == 0) {
				junk(r, base + i, c);
				break;
			}
			r->depth--;
			if (r->rec && r->depth == r->rec_depth - 1) {
				size_t n = (size_t)(buf + i + 1 - rs);
				if (r->carry.len) {
					if (!r->rec_oversize)
						strbuf_add(&r->carry, rs, n);
					emit(r, r->carry.buf, r->carry.len);
					strbuf_reset(&r->carry);
				} else {
					emit(r, rs, n);
				}
				r->rec = 0;
				rs = NULL;
			}
			if (r->depth == 1 && r->in_list) {
				r->in_list = 0;
				r->key_is_list = 0;
			}
			if (r->depth == 0) {
				r->top = 0;
				r->in_list = 0;
				r->key_is_list = 0;
				r->expect_key = 0;
			}
			break;
		case ',':
			if (r->depth == 1 && r->top == '{')
				r->expect_key = 1;
			if ((r->in_list && r->depth == 2) || (r->top == '[' && r->depth == 1))
				r->bad_element = 0;
			break;
		case ':':
			break;
		default:
			if (r->depth == 0)
				junk(r, base + i, c);
			else if (!r->rec && !r->bad_element &&
				 ((r->in_list && r->depth == 2) ||
				  (r->top == '[' && r->depth == 1)))
				bad_element(r, base + i, "a scalar");
			break;
		}
		i++;
	}
	if (r->rec && rs && !r->rec_oversize) {
		size_t n = (size_t)(buf + len - rs);
		if (r->carry.len + n > CT_RECORD_MAX) {
			r->rec_oversize = 1;
			strbuf_release(&r->carry);
		} else {
			strbuf_add(&r->carry, rs, n);
		}
	}
	r->offset += len;
	r->stats->bytes += len;
}

void ct_reader_finish(struct ct_reader *r)
{
	if (r->rec) {
		ct_report(r, DIAG_ERROR, r->rec_line, r->rec_col,
			  "record %llu is truncated: the input ends inside it",
			  (unsigned long long)r->rec_index);
		r->stats->damaged++;
	} else if (r->depth > 0) {
		ct_report(r, DIAG_WARNING, r->line, (unsigned)(r->offset - r->line_start + 1),
			  "the input ends before its %s is closed",
			  r->in_list ? "record list" : "top-level value");
	}
	if (r->suppressed && r->diags)
		diags_add(r->diags, DIAG_NOTE, r->name, 0, 0,
			  "%u more problems in this input not shown", r->suppressed);
	r->rec = 0;
	r->depth = 0;
	r->in_string = r->escape = 0;
	strbuf_reset(&r->carry);
}

/* The decompressing front: plain text or gzip (any number of members). */
struct ct_input {
	struct ct_reader rd;
	int mode; /* 0 undecided, 1 plain, 2 gzip, 3 stopped */
	z_stream zs;
	int zinit;
	int member_started;
	uint64_t in_off; /* compressed bytes consumed */
	unsigned char *out;
};

static void input_init(struct ct_input *in, const char *name, ct_record_fn fn, void *data,
		       struct diags *diags, struct ct_stats *stats)
{
	memset(in, 0, sizeof(*in));
	ct_reader_init(&in->rd, name, fn, data, diags, stats);
}

static void input_feed(struct ct_input *in, const unsigned char *p, size_t len)
{
	struct ct_reader *r = &in->rd;

	if (in->mode == 0) {
		if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
			in->mode = 2;
			if (inflateInit2(&in->zs, 15 + 16) != Z_OK) {
				ct_report(r, DIAG_ERROR, 0, 0, "cannot initialise zlib");
				r->stats->gz_errors++;
				in->mode = 3;
				return;
			}
			in->zinit = 1;
			in->out = xmalloc(OUT_CHUNK);
		} else {
			in->mode = 1;
		}
	}
	if (in->mode == 1) {
		ct_reader_feed(r, (const char *)p, len);
		return;
	}
	if (in->mode != 2)
		return;
	in->zs.next_in = (unsigned char *)(uintptr_t)p;
	in->zs.avail_in = (uInt)len;
	while (in->zs.avail_in > 0) {
		uInt before = in->zs.avail_in;
		int ret;

		in->zs.next_out = in->out;
		in->zs.avail_out = OUT_CHUNK;
		ret = inflate(&in->zs, Z_NO_FLUSH);
		in->in_off += before - in->zs.avail_in;
		if (before != in->zs.avail_in)
			in->member_started = 1;
		if (OUT_CHUNK - in->zs.avail_out)
			ct_reader_feed(r, (const char *)in->out, OUT_CHUNK - in->zs.avail_out);
		if (ret == Z_STREAM_END) {
			r->stats->gz_members++;
			in->member_started = 0;
			/* zero padding after the last member is common; ignore it */
			while (in->zs.avail_in && !*in->zs.next_in) {
				in->zs.next_in++;
				in->zs.avail_in--;
				in->in_off++;
			}
			inflateReset(&in->zs);
			continue;
		}
		if (ret == Z_OK || ret == Z_BUF_ERROR)
			continue;
		if (!in->member_started || ret != Z_DATA_ERROR || r->stats->gz_members == 0)
			ct_report(r, DIAG_ERROR, 0, 0,
				  "corrupt gzip data near compressed byte %llu: %s; the rest of "
				  "this file is skipped",
				  (unsigned long long)in->in_off,
				  in->zs.msg ? in->zs.msg : "error");
		else
			ct_report(r, DIAG_ERROR, 0, 0,
				  "bytes after gzip member %llu (from compressed byte %llu) are "
				  "not gzip data: %s; ignored",
				  (unsigned long long)r->stats->gz_members,
				  (unsigned long long)in->in_off,
				  in->zs.msg ? in->zs.msg : "error");
		r->stats->gz_errors++;
		in->mode = 3;
		return;
	}
}

static void input_finish(struct ct_input *in)
{
	if (in->mode == 2 && in->member_started) {
		ct_report(&in->rd, DIAG_ERROR, 0, 0,
			  "gzip member is truncated: the file ends at compressed byte %llu",
			  (unsigned long long)in->in_off);
		in->rd.stats->gz_errors++;
	}
	ct_reader_finish(&in->rd);
	if (in->zinit)
		inflateEnd(&in->zs);
	free(in->out);
	ct_reader_release(&in->rd);
}

void ct_read_buffer(const char *buf, size_t len, const char *name, ct_record_fn fn, void *data,
		    struct diags *diags, struct ct_stats *stats)
{
	struct ct_input in;

	input_init(&in, name, fn, data, diags, stats);
	while (len) {
		size_t n = len < IN_CHUNK ? len : IN_CHUNK;
		input_feed(&in, (const unsigned char *)buf, n);
		buf += n;
		len -= n;
	}
	input_finish(&in);
}

int ct_read_fd(int fd, const char *name, ct_record_fn fn, void *data, struct diags *diags,
	       struct ct_stats *stats)
{
	struct ct_input in;
	unsigned char *buf = xmalloc(IN_CHUNK);
	size_t have = 0;
	int ret = 0;

	input_init(&in, name, fn, data, diags, stats);
	for (;;) {
		ssize_t n = read(fd, buf + have, IN_CHUNK - have);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			diags_add(diags, DIAG_ERROR, name, 0, 0, "cannot read: %s",
				  strerror(errno));
			ret = -1;
			break;
		}
		have += (size_t)n;
		/* decide plain or gzip on at least two bytes */
		if (n > 0 && in.mode == 0 && have < 2)
			continue;
		if (have) {
			input_feed(&in, buf, have);
			have = 0;
		}
		if (n == 0)
			break;
	}
	input_finish(&in);
	free(buf);
	return ret;
}
