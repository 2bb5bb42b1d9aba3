/*
 * summary.c - the streaming summary of authentication failures: one pass,
 * memory proportional to the number of distinct keys, IPs, agents and
 * failures, never to the number of records read.
 *
 * Only records that can be failures are parsed: a record whose bytes do
 * not contain "error" has neither errorCode nor errorMessage, so it is
 * counted and skipped without json_loadb (--strict parses every record, to
 * report malformed ones anywhere).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/keyfmt.h"
#include "core/env.h"
#include "core/redact.h"
#include "core/xalloc.h"
#include "trail/trail.h"
#include "core/banned.h"

static uint64_t hash(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *a; a++)
		h = (h ^ (unsigned char)*a) * 1099511628211ULL;
	h = (h ^ 0x1f) * 1099511628211ULL;
	for (; b && *b; b++)
		h = (h ^ (unsigned char)*b) * 1099511628211ULL;
	return h;
}

static int same(const struct trail_group *g, const char *name, const char *extra)
{
	return !strcmp(g->name, name) && !strcmp(g->extra, extra ? extra : "");
}

static struct trail_group *tally_get(struct trail_tally *t, const char *name, const char *extra)
{
	size_t i;

	if ((t->nr + 1) * 2 > t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 64;
		struct trail_group **nv = xcalloc(ncap, sizeof(*nv));
		for (size_t k = 0; k < t->cap; k++) {
			struct trail_group *g = t->v[k];
			if (!g)
				continue;
			for (i = hash(g->name, g->extra) & (ncap - 1); nv[i];
			     i = (i + 1) & (ncap - 1))
				;
			nv[i] = g;
		}
		free(t->v);
		t->v = nv;
		t->cap = ncap;
	}
	for (i = hash(name, extra) & (t->cap - 1); t->v[i]; i = (i + 1) & (t->cap - 1))
		if (same(t->v[i], name, extra))
			return t->v[i];
	t->v[i] = xcalloc(1, sizeof(**t->v));
	t->v[i]->name = xstrdup(name);
	t->v[i]->extra = xstrdup(extra ? extra : "");
	t->nr++;
	return t->v[i];
}

static void group_free(struct trail_group *g);

static void tally_release(struct trail_tally *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->cap; i++)
		group_free(t->v[i]);
	free(t->v);
	free(t->sorted);
	memset(t, 0, sizeof(*t));
}

static void group_free(struct trail_group *g)
{
	if (!g)
		return;
	free(g->name);
	free(g->extra);
	free(g->errors);
	if (g->codes) {
		tally_release(g->codes);
		free(g->codes);
	}
	free(g->times);
	free(g);
}

static void count(struct trail_group *g, time_t tm)
{
	g->count++;
	if (!tm)
		return;
	if (!g->first || tm < g->first)
		g->first = tm;
	if (tm > g->last)
		g->last = tm;
}

void trail_init(struct trail *t, const struct trail_opts *o, struct diags *d)
{
	memset(t, 0, sizeof(*t));
	t->opts = *o;
	if (t->opts.window <= 0)
		t->opts.window = 300;
	if (t->opts.burst <= 0)
		t->opts.burst = 10;
	t->diags = d;
	strbuf_init(&t->scratch, 0);
}

static const char *str_at(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A printable copy of a caller-chosen value: control bytes become '?', capped. */
static const char *clean(struct strbuf *sb, const char *s, size_t max)
{
	strbuf_reset(sb);
	if (!s || !*s) {
		strbuf_addstr(sb, "(none)");
		return sb->buf;
	}
	for (size_t i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		strbuf_addch(sb, c >= 0x20 && c < 0x7f ? c : '?');
	}
	return sb->buf;
}

void trail_event(struct trail *t, json_t *ev, const struct ct_record *rec)
{
	const char *code, *when, *key, *acct_ev, *src, *region;
	json_t *uid;
	time_t tm = 0;
	char acct[13];
	struct trail_group *g;

	(void)rec;
	if (!json_is_object(ev))
		return;
	code = auth_failure_code(str_at(ev, "errorCode"), str_at(ev, "eventSource"),
				 str_at(ev, "eventName"), str_at(ev, "errorMessage"));
	if (!code)
		return;
	when = str_at(ev, "eventTime");
	if (when && time_parse_iso8601(when, &tm))
		tm = 0;
	if ((t->opts.since && (!tm || tm < t->opts.since)) ||
	    (t->opts.until && (!tm || tm >= t->opts.until))) {
		t->outside++;
		return;
	}
	t->failures++;
	if (tm) {
		if (!t->first || tm < t->first)
			t->first = tm;
		if (tm > t->last)
			t->last = tm;
		ALLOC_GROW(t->times, t->ntimes + 1, t->alloc);
		t->times[t->ntimes++] = tm;
	}

	uid = json_object_get(ev, "userIdentity");
	key = str_at(uid, "accessKeyId");
	acct_ev = str_at(uid, "accountId");
	if (!key || !*key)
		key = "";
	if (keyid_account(key, strlen(key), acct))
		snprintf(acct, sizeof(acct), "%s", acct_ev && strlen(acct_ev) == 12 ? acct_ev : "");
	g = tally_get(&t->dims[DIM_KEY], key, acct);
	count(g, tm);
	if (tm) {
		ALLOC_GROW(g->times, g->ntimes + 1, g->alloc);
		g->times[g->ntimes++] = tm;
	}
	if (!g->codes)
		g->codes = xcalloc(1, sizeof(*g->codes));
	count(tally_get(g->codes, code, NULL), tm);

	count(tally_get(&t->dims[DIM_IP], clean(&t->scratch, str_at(ev, "sourceIPAddress"), 64),
			NULL),
	      tm);
	strbuf_reset(&t->scratch);
	useragent_describe(&t->scratch, str_at(ev, "userAgent"));
	count(tally_get(&t->dims[DIM_AGENT], t->scratch.buf, NULL), tm);
	src = str_at(ev, "eventSource");
	region = str_at(ev, "awsRegion");
	{
		char *s = xstrdup(clean(&t->scratch, src, 64));
		count(tally_get(&t->dims[DIM_SERVICE], s, clean(&t->scratch, region, 32)), tm);
		free(s);
	}
	count(tally_get(&t->dims[DIM_ERROR], code, NULL), tm);
}

static void malformed(struct trail *t, const struct ct_record *rec, const json_error_t *err)
{
	unsigned line = rec->line + (unsigned)(err->line > 0 ? err->line - 1 : 0);
	unsigned col = err->line <= 1 ? rec->col + (unsigned)(err->column > 0 ? err->column - 1 : 0)
				      : (unsigned)err->column;

	t->malformed++;
	if (rec->reader)
		ct_report(rec->reader, DIAG_ERROR, line, col, "record %llu is not valid JSON: %s",
			  (unsigned long long)rec->index, err->text);
}

/*
 * Could this record be an authentication failure? Decided on the raw bytes,
 * without parsing: most records carry no errorCode at all, and of those that
 * do, most carry one that is not about authentication. `"errorCode":"` with
 * real quotes can only be a key (inside a string the quotes are escaped);
 * every such occurrence is looked at, so a nested errorCode cannot hide the
 * top-level one. Anything unusual (spaces around the colon, a lookup-events
 * element whose event is an escaped string) falls through to the parser.
 */
static int may_be_failure(const struct ct_record *rec)
{
	static const char pat[] = "\"errorCode\":\"";
	const char *p = rec->buf, *end = rec->buf + rec->len, *hit;
	int seen = 0;

	if (!memmem(p, rec->len, "error", 5))
		return 0; /* neither errorCode nor errorMessage: the common case */
	if (rec->kind == CT_LOOKUP_EVENT)
		return 1;
	while ((hit = memmem(p, (size_t)(end - p), pat, sizeof(pat) - 1))) {
		const char *v = hit + sizeof(pat) - 1, *q = memchr(v, '"', (size_t)(end - v));
		char code[48];
		size_t n;

		seen = 1;
		if (!q)
			return 1;
		n = (size_t)(q - v);
		if (n < sizeof(code) && !memchr(v, '\\', n)) {
			memcpy(code, v, n);
			code[n] = '\0';
			/* sts.amazonaws.com as the source: answers yes for the sts-only codes */
			if (auth_failure_code(code, "sts.amazonaws.com", NULL, NULL))
				return 1;
		} else {
			return 1;
		}
		p = q;
	}
	if (seen)
		return memmem(rec->buf, rec->len, "Failed authentication", 21) != NULL;
	return 1; /* an errorMessage alone, or an errorCode spelled with spaces */
}

void trail_record(const struct ct_record *rec, void *data)
{
	struct trail *t = data;
	json_error_t err;
	json_t *ev, *inner = NULL;

	if (!t->opts.strict && !may_be_failure(rec))
		return;
	ev = json_loadb(rec->buf, rec->len, 0, &err);
	if (!ev) {
		malformed(t, rec, &err);
		return;
	}
	if (rec->kind == CT_LOOKUP_EVENT) {
		const char *s = str_at(ev, "CloudTrailEvent");
		if (s) {
			inner = json_loads(s, 0, &err);
			if (!inner) {
				t->malformed++;
				if (rec->reader)
					ct_report(rec->reader, DIAG_ERROR, rec->line, rec->col,
						  "record %llu: its CloudTrailEvent is not valid "
						  "JSON: %s",
						  (unsigned long long)rec->index, err.text);
			} else {
				trail_event(t, inner, rec);
			}
		} else {
			trail_event(t, ev, rec); /* already an event (CloudTrail Lake rows) */
		}
	} else {
		trail_event(t, ev, rec);
	}
	json_decref(inner);
	json_decref(ev);
}

static void times_add(time_t **v, size_t *n, size_t *alloc, const time_t *src, size_t m)
{
	ALLOC_GROW(*v, *n + m, *alloc);
	if (m)
		memcpy(*v + *n, src, m * sizeof(*src));
	*n += m;
}

static void tally_merge(struct trail_tally *dst, const struct trail_tally *src)
{
	for (size_t i = 0; i < src->cap; i++) {
		const struct trail_group *s = src->v[i];
		struct trail_group *g;

		if (!s)
			continue;
		g = tally_get(dst, s->name, s->extra);
		g->count += s->count;
		if (s->first && (!g->first || s->first < g->first))
			g->first = s->first;
		if (s->last > g->last)
			g->last = s->last;
		times_add(&g->times, &g->ntimes, &g->alloc, s->times, s->ntimes);
		if (s->codes) {
			if (!g->codes)
				g->codes = xcalloc(1, sizeof(*g->codes));
			tally_merge(g->codes, s->codes);
		}
	}
}

void trail_merge(struct trail *dst, struct trail *src)
{
	dst->stats.records += src->stats.records;
	dst->stats.damaged += src->stats.damaged;
	dst->stats.bytes += src->stats.bytes;
	dst->stats.gz_members += src->stats.gz_members;
	dst->stats.gz_errors += src->stats.gz_errors;
	dst->files += src->files;
	dst->malformed += src->malformed;
	dst->failures += src->failures;
	dst->outside += src->outside;
	if (src->first && (!dst->first || src->first < dst->first))
		dst->first = src->first;
	if (src->last > dst->last)
		dst->last = src->last;
	times_add(&dst->times, &dst->ntimes, &dst->alloc, src->times, src->ntimes);
	for (int d = 0; d < DIM_NR; d++)
		tally_merge(&dst->dims[d], &src->dims[d]);
}

static int cmp_time(const void *a, const void *b)
{
	time_t x = *(const time_t *)a, y = *(const time_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_group(const void *a, const void *b)
{
	const struct trail_group *x = *(struct trail_group *const *)a;
	const struct trail_group *y = *(struct trail_group *const *)b;
	int c;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if ((c = strcmp(x->name, y->name)))
		return c;
	return strcmp(x->extra, y->extra);
}

static void tally_sort(struct trail_tally *t)
{
	size_t n = 0;

	free(t->sorted);
	t->sorted = xcalloc(t->nr + 1, sizeof(*t->sorted));
	for (size_t i = 0; i < t->cap; i++)
		if (t->v[i])
			t->sorted[n++] = t->v[i];
	qsort(t->sorted, n, sizeof(*t->sorted), cmp_group);
}

/* The most failures inside any window of w seconds, and where it starts. */
static uint64_t window_max(time_t *v, size_t n, long w, time_t *start)
{
	uint64_t best = 0;
	size_t j = 0;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_time);
	for (size_t i = 0; i < n; i++) {
		while (v[i] - v[j] >= w)
			j++;
		if (i - j + 1 > best) {
			best = i - j + 1;
			*start = v[j];
		}
	}
	return best;
}

void trail_finish(struct trail *t)
{
	for (int d = 0; d < DIM_NR; d++)
		tally_sort(&t->dims[d]);
	t->window_max = window_max(t->times, t->ntimes, t->opts.window, &t->window_start);
	for (size_t i = 0; i < t->dims[DIM_KEY].nr; i++) {
		struct trail_group *g = t->dims[DIM_KEY].sorted[i];
		struct strbuf sb = STRBUF_INIT;

		g->burst_max = window_max(g->times, g->ntimes, t->opts.window, &g->burst_start);
		tally_sort(g->codes);
		for (size_t k = 0; k < g->codes->nr; k++)
			strbuf_addf(&sb, "%s%s %llu", k ? ", " : "", g->codes->sorted[k]->name,
				    (unsigned long long)g->codes->sorted[k]->count);
		g->errors = strbuf_detach(&sb, NULL);
	}
}

void trail_release(struct trail *t)
{
	if (!t)
		return;
	for (int d = 0; d < DIM_NR; d++)
		tally_release(&t->dims[d]);
	free(t->times);
	t->times = NULL;
	strbuf_release(&t->scratch);
}

int trail_parse_duration(const char *s, long *out)
{
	char *end;
	long v, mul = 1;

	if (!s || !*s)
		return -1;
	v = strtol(s, &end, 10);
	if (end == s || v <= 0)
		return -1;
	if (!strcmp(end, "") || !strcmp(end, "s"))
		mul = 1;
	else if (!strcmp(end, "m"))
		mul = 60;
	else if (!strcmp(end, "h"))
		mul = 3600;
	else if (!strcmp(end, "d"))
		mul = 86400;
	else
		return -1;
	if (v > 100L * 365 * 86400 / mul)
		return -1;
	*out = v * mul;
	return 0;
}

static json_t *time_json(time_t tm)
{
	char buf[21];

	if (!tm)
		return json_null();
	time_format_iso8601(tm, buf);
	return json_string(buf);
}

static const char *const dim_json_names[DIM_NR] = {
	"by_access_key", "by_source_ip", "by_user_agent", "by_service", "by_error_code",
};

static json_t *group_json(enum trail_dim d, struct trail_group *g, long burst)
{
	json_t *o = json_object();

	switch (d) {
	case DIM_KEY: {
		char *m = *g->name ? redact_key_id_dup(g->name) : xstrdup("(none)");
		json_t *codes = json_object();
		json_object_set_new(o, "access_key_id", json_string(m));
		json_object_set_new(o, "account", *g->extra ? json_string(g->extra) : json_null());
		for (size_t k = 0; k < g->codes->nr; k++)
			json_object_set_new(codes, g->codes->sorted[k]->name,
					    json_integer((json_int_t)g->codes->sorted[k]->count));
		json_object_set_new(o, "errors", codes);
		free(m);
		break;
	}
	case DIM_IP:
		json_object_set_new(o, "source_ip", json_string(g->name));
		break;
	case DIM_AGENT:
		json_object_set_new(o, "user_agent", json_string(g->name));
		break;
	case DIM_SERVICE:
		json_object_set_new(o, "event_source", json_string(g->name));
		json_object_set_new(o, "region", json_string(g->extra));
		break;
	case DIM_ERROR:
		json_object_set_new(o, "error_code", json_string(g->name));
		break;
	case DIM_NR:
		break;
	}
	json_object_set_new(o, "failures", json_integer((json_int_t)g->count));
	json_object_set_new(o, "first", time_json(g->first));
	json_object_set_new(o, "last", time_json(g->last));
	if (d == DIM_KEY)
		json_object_set_new(o, "burst",
				    (long)g->burst_max >= burst
					    ? json_pack("{s:I,s:o}", "failures",
							(json_int_t)g->burst_max, "start",
							time_json(g->burst_start))
					    : json_null());
	return o;
}

json_t *trail_json(struct trail *t, size_t top)
{
	json_t *o = json_object();

	json_object_set_new(
		o, "input",
		json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "files", (json_int_t)t->files, "records",
			  (json_int_t)t->stats.records, "bytes", (json_int_t)t->stats.bytes,
			  "damaged", (json_int_t)t->stats.damaged, "malformed",
			  (json_int_t)t->malformed, "gzip_errors", (json_int_t)t->stats.gz_errors));
	json_object_set_new(o, "failures", json_integer((json_int_t)t->failures));
	json_object_set_new(o, "outside_time_range", json_integer((json_int_t)t->outside));
	json_object_set_new(o, "first", time_json(t->first));
	json_object_set_new(o, "last", time_json(t->last));
	json_object_set_new(
		o, "window",
		json_pack("{s:I,s:I,s:o,s:o,s:I}", "seconds", (json_int_t)t->opts.window,
			  "max_failures", (json_int_t)t->window_max, "start",
			  time_json(t->window_max ? t->window_start : 0), "threshold",
			  t->opts.threshold ? json_integer((json_int_t)t->opts.threshold)
					    : json_null(),
			  "burst_at", (json_int_t)t->opts.burst));
	for (int d = 0; d < DIM_NR; d++) {
		json_t *arr = json_array();
		size_t n = t->dims[d].nr;
		if (top && n > top)
			n = top;
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, group_json((enum trail_dim)d,
							      t->dims[d].sorted[i], t->opts.burst));
		json_object_set_new(o, dim_json_names[d], arr);
		if (top && t->dims[d].nr > top) {
			char key[40];
			snprintf(key, sizeof(key), "%s_omitted", dim_json_names[d]);
			json_object_set_new(o, key,
					    json_integer((json_int_t)(t->dims[d].nr - top)));
		}
	}
	return o;
}

static void text_time(struct strbuf *out, time_t tm)
{
	char buf[21];

	if (!tm) {
		strbuf_addstr(out, "-");
		return;
	}
	time_format_iso8601(tm, buf);
	strbuf_addstr(out, buf);
}

static const char *const dim_titles[DIM_NR] = {
	"by access key (decoded account)", "by source IP",  "by user agent",
	"by service and region",	   "by error code",
};

void trail_text(struct trail *t, struct strbuf *out, size_t top)
{
	char dur[32];

	time_format_duration(t->opts.window, dur, sizeof(dur));
	strbuf_addf(out, "read %llu record%s in %llu file%s", (unsigned long long)t->stats.records,
		    t->stats.records == 1 ? "" : "s", (unsigned long long)t->files,
		    t->files == 1 ? "" : "s");
	if (t->stats.damaged || t->malformed)
		strbuf_addf(out, " (%llu damaged, %llu not valid JSON)",
			    (unsigned long long)t->stats.damaged, (unsigned long long)t->malformed);
	strbuf_addf(out, "\n%llu authentication failure%s", (unsigned long long)t->failures,
		    t->failures == 1 ? "" : "s");
	if (t->outside)
		strbuf_addf(out, " (%llu more outside --since/--until)",
			    (unsigned long long)t->outside);
	if (t->first) {
		strbuf_addstr(out, " from ");
		text_time(out, t->first);
		strbuf_addstr(out, " to ");
		text_time(out, t->last);
	}
	strbuf_addch(out, '\n');
	if (t->window_max) {
		strbuf_addf(out, "most in one %s window: %llu from ", dur,
			    (unsigned long long)t->window_max);
		text_time(out, t->window_start);
		if (t->opts.threshold)
			strbuf_addf(out, " (threshold %ld: %s)", t->opts.threshold,
				    (long)t->window_max >= t->opts.threshold ? "crossed"
									     : "not crossed");
		strbuf_addch(out, '\n');
	}
	for (int d = 0; d < DIM_NR; d++) {
		struct trail_tally *tl = &t->dims[d];
		size_t n = tl->nr;

		if (!n)
			continue;
		if (top && n > top)
			n = top;
		strbuf_addf(out, "\n%s:\n", dim_titles[d]);
		for (size_t i = 0; i < n; i++) {
			struct trail_group *g = tl->sorted[i];

			strbuf_addf(out, "  %8llu  ", (unsigned long long)g->count);
			if (d == DIM_KEY) {
				if (*g->name)
					redact_key_id(out, g->name, strlen(g->name));
				else
					strbuf_addstr(out, "(no key id)");
				strbuf_addf(out, " (%s)", *g->extra ? g->extra : "account unknown");
			} else if (d == DIM_SERVICE) {
				strbuf_addf(out, "%s %s", g->name, g->extra);
			} else {
				strbuf_addstr(out, g->name);
			}
			strbuf_addstr(out, "  ");
			text_time(out, g->first);
			strbuf_addstr(out, " .. ");
			text_time(out, g->last);
			strbuf_addch(out, '\n');
			if (d == DIM_KEY) {
				strbuf_addf(out, "            %s\n", g->errors);
				if ((long)g->burst_max >= t->opts.burst) {
					strbuf_addf(out,
						    "            BURST: %llu failures in %s from ",
						    (unsigned long long)g->burst_max, dur);
					text_time(out, g->burst_start);
					strbuf_addch(out, '\n');
				}
			}
		}
		if (tl->nr > n)
			strbuf_addf(out, "  ... and %zu more (--top)\n", tl->nr - n);
	}
}
