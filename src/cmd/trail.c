/*
 * trail.c - `tfauth trail [FILE|DIR...]`: summarise authentication failures
 * in CloudTrail logs (S3 delivery files, .json or .json.gz, directories
 * walked recursively; lookup-events / CloudTrail Lake output; stdin with
 * "-" or no operand). Streams: memory does not grow with the input.
 * --athena TABLE prints the same grouping as SQL instead of reading files.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/diag.h"
#include "core/redact.h"
#include "core/xalloc.h"
#include "trail/trail.h"
#include "core/banned.h"

static const struct opt_usage usage = {
	"tfauth trail [options] [FILE|DIR...]",
	"Summarise authentication failures (InvalidClientTokenId, SignatureDoesNotMatch, "
	"ExpiredToken, AccessDenied on STS, ...) in CloudTrail logs: by access key (masked) "
	"and the account decoded from it, source IP, user agent, service and region, error "
	"code, with bursts marked. Reads .json and .json.gz files as CloudTrail delivers them "
	"to S3, directories recursively, and lookup-events / CloudTrail Lake JSON; '-' or no "
	"operand reads standard input. Exit 1 when --threshold failures fall within one "
	"--window, 3 when an input cannot be read. --athena TABLE prints the same grouping as "
	"SQL for Amazon Athena instead.",
};

#define WALK_DEPTH 32

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !strcmp(s + n - m, suf);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The inputs are listed first (directories walked in name order), then
 * read by up to TRAIL_THREADS workers, one file at a time each: gzip
 * inflation is most of the work and files are independent. Each worker
 * has its own summary, merged at the end; each input its own diagnostics,
 * printed in input order, so the output does not depend on scheduling.
 */
#define TRAIL_THREADS 4

struct input {
	char *path;
	int err; /* errno when it could not be opened; -1 when reading failed */
	struct diags diags;
};

struct run {
	struct input *v;
	size_t nr, alloc;
	size_t next; /* the next input to read, under lock */
	pthread_mutex_t lock;
	int failed; /* an input or directory could not be read */
};

struct worker {
	struct run *run;
	struct trail t;
	pthread_t th;
};

static void add_input(struct run *run, const char *path)
{
	ALLOC_GROW(run->v, run->nr + 1, run->alloc);
	memset(&run->v[run->nr], 0, sizeof(run->v[run->nr]));
	run->v[run->nr++].path = xstrdup(path);
}

static void read_input(struct worker *w, struct input *in)
{
	int fd = strcmp(in->path, "-") ? open(in->path, O_RDONLY | O_CLOEXEC) : 0;
	const char *name = fd == 0 ? "<stdin>" : in->path;

	if (fd < 0) {
		in->err = errno;
		return;
	}
	w->t.files++;
	if (ct_read_fd(fd, name, trail_record, &w->t, &in->diags, &w->t.stats) < 0)
		in->err = -1; /* the reason is in its diagnostics */
	if (fd != 0)
		close(fd);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct run *run = w->run;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&run->lock);
		i = run->next++;
		pthread_mutex_unlock(&run->lock);
		if (i >= run->nr)
			break;
		read_input(w, &run->v[i]);
	}
	return NULL;
}

static void walk(struct run *run, const char *path, int depth)
{
	struct stat st;
	DIR *dir;
	struct dirent *de;
	char **names = NULL;
	size_t nr = 0, alloc = 0;

	if (!strcmp(path, "-")) {
		add_input(run, path);
		return;
	}
	if (stat(path, &st) < 0) {
		error_msg("cannot open '%s': %s", path, strerror(errno));
		run->failed = 1;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		add_input(run, path);
		return;
	}
	if (depth > WALK_DEPTH) {
		error_msg("'%s' is nested more than %d directories deep; skipped", path,
			  WALK_DEPTH);
		return;
	}
	dir = opendir(path);
	if (!dir) {
		error_msg("cannot open '%s': %s", path, strerror(errno));
		run->failed = 1;
		return;
	}
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		ALLOC_GROW(names, nr + 1, alloc);
		names[nr++] = xstrfmt("%s/%s", path, de->d_name);
	}
	closedir(dir);
	qsort(names, nr, sizeof(*names), name_cmp);
	for (size_t i = 0; i < nr; i++) {
		if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode))
			walk(run, names[i], depth + 1);
		else if (has_suffix(names[i], ".json") || has_suffix(names[i], ".json.gz"))
			add_input(run, names[i]);
		free(names[i]);
	}
	free(names);
}

/* Read every input into t, in parallel when there are several. */
static void run_inputs(struct run *run, struct trail *t, const struct trail_opts *o)
{
	struct worker w[TRAIL_THREADS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nw = cpus > 1 ? (size_t)cpus : 1;

	if (nw > TRAIL_THREADS)
		nw = TRAIL_THREADS;
	if (nw > run->nr)
		nw = run->nr;
	pthread_mutex_init(&run->lock, NULL);
	for (size_t i = 0; i < nw; i++) {
		w[i].run = run;
		trail_init(&w[i].t, o, NULL);
	}
	if (nw == 1) {
		work(&w[0]);
	} else {
		size_t started = 0;
		for (; started < nw; started++)
			if (pthread_create(&w[started].th, NULL, work, &w[started]))
				break;
		if (!started)
			work(&w[0]); /* no threads to be had: do it here */
		for (size_t i = 0; i < started; i++)
			pthread_join(w[i].th, NULL);
	}
	for (size_t i = 0; i < nw; i++) {
		trail_merge(t, &w[i].t);
		trail_release(&w[i].t);
	}
	pthread_mutex_destroy(&run->lock);
}

static int parse_when(const char *opt, const char *s, time_t now, time_t *out)
{
	long d;

	if (!s)
		return 0;
	if (!time_parse_iso8601(s, out))
		return 0;
	if (!trail_parse_duration(s, &d)) {
		*out = now - d;
		return 0;
	}
	error_msg(
		"option '--%s' expects a time (2026-11-28T10:00:00Z) or an age (24h, 7d), not '%s'",
		opt, s);
	return -1;
}

static int valid_table(const char *s)
{
	int parts = 0;

	while (*s) {
		size_t n = strspn(
			s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		if (!n || (*s >= '0' && *s <= '9') || ++parts > 3)
			return 0;
		s += n;
		if (*s == '.' && s[1])
			s++;
		else if (*s)
			return 0;
	}
	return parts > 0;
}

static void add_findings(struct trail *t, struct findings *fs)
{
	char dur[32], when[21];
	struct finding *f;

	time_format_duration(t->opts.window, dur, sizeof(dur));
	if (t->opts.threshold && (long)t->window_max >= t->opts.threshold) {
		f = findings_add(fs, F_AUTH_FAILURE_THRESHOLD, NULL);
		time_format_iso8601(t->window_start, when);
		finding_set(f, "count", "%llu", (unsigned long long)t->window_max);
		finding_set(f, "window", "%s", dur);
		finding_set(f, "start", "%s", when);
		finding_set(f, "threshold", "%ld", t->opts.threshold);
	}
	for (size_t i = 0; i < t->dims[DIM_KEY].nr; i++) {
		struct trail_group *g = t->dims[DIM_KEY].sorted[i];
		char *m;

		if ((long)g->burst_max < t->opts.burst)
			continue;
		m = *g->name ? redact_key_id_dup(g->name) : xstrdup("(no key id)");
		f = findings_add(fs, F_AUTH_FAILURE_BURST, NULL);
		time_format_iso8601(g->burst_start, when);
		finding_set(f, "key", "%s", m);
		finding_set(f, "account", "%s", *g->extra ? g->extra : "account unknown");
		finding_set(f, "count", "%llu", (unsigned long long)g->burst_max);
		finding_set(f, "window", "%s", dur);
		finding_set(f, "start", "%s", when);
		finding_set(f, "errors", "%s", g->errors);
		free(m);
	}
	if (t->stats.damaged || t->malformed || t->stats.gz_errors) {
		f = findings_add(fs, F_TRAIL_INPUT_DAMAGED, NULL);
		finding_set(f, "count", "%llu",
			    (unsigned long long)(t->stats.damaged + t->malformed));
		finding_set(f, "detail",
			    "%llu truncated or not an event, %llu not valid JSON, %u gzip error%s",
			    (unsigned long long)t->stats.damaged, (unsigned long long)t->malformed,
			    t->stats.gz_errors, t->stats.gz_errors == 1 ? "" : "s");
	}
}

int cmd_trail(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct common_opts c = {0};
	const char *since = NULL, *until = NULL, *window = NULL, *athena = NULL;
	long threshold = 0, burst = 10, top = 10;
	int strict = 0;
	const struct option opts[] = {
		OPT_COMMON(&c),
		{OPT_STRING, 0, "since", &since, "TIME",
		 "only failures at or after TIME (ISO 8601, or an age: 24h, 7d)"},
		{OPT_STRING, 0, "until", &until, "TIME", "only failures before TIME"},
		{OPT_INT, 0, "threshold", &threshold, "N",
		 "exit 1 when N failures fall within one --window"},
		{OPT_STRING, 0, "window", &window, "DURATION",
		 "the window for --threshold and bursts (default 5m)"},
		{OPT_INT, 0, "burst", &burst, "N",
		 "mark a key with N failures within one window (default 10)"},
		{OPT_INT, 0, "top", &top, "N",
		 "show the N largest groups of each kind (default 10, 0 = all)"},
		{OPT_BOOL, 0, "strict", &strict, NULL,
		 "parse every record, to report malformed ones anywhere"},
		{OPT_STRING, 0, "athena", &athena, "TABLE",
		 "print the same grouping as Amazon Athena SQL over TABLE"},
		OPT_END(),
	};
	struct trail_opts o = {0};
	struct diags d = DIAGS_INIT;
	struct findings fs = FINDINGS_INIT;
	struct strbuf text = STRBUF_INIT;
	struct report r = {0};
	struct trail t;
	struct run run;
	enum report_format fmt;
	time_t now = clock_now(&ctx->env);
	int n, code;

	n = cmd_parse(argc, argv, opts, &usage, &code);
	if (n < 0)
		return code;
	if ((code = cmd_check_common(&c, &fmt)))
		return code;
	o.window = 300;
	if (window && trail_parse_duration(window, &o.window)) {
		error_msg("option '--window' expects a duration (90s, 5m, 1h, 1d), not '%s'",
			  window);
		return EXIT_USAGE;
	}
	if (threshold < 0 || burst < 1 || top < 0) {
		error_msg("--threshold, --burst and --top take positive numbers");
		return EXIT_USAGE;
	}
	if (parse_when("since", since, now, &o.since) || parse_when("until", until, now, &o.until))
		return EXIT_USAGE;
	o.threshold = threshold;
	o.burst = burst;
	o.strict = strict;

	if (athena) {
		if (!valid_table(athena)) {
			error_msg("'%s' is not a table name: use letters, digits and _, as "
				  "db.table if needed",
				  athena);
			return EXIT_USAGE;
		}
		if (n) {
			error_msg("--athena prints SQL and reads no files");
			return EXIT_USAGE;
		}
		athena_sql(&text, athena, &o, (size_t)top);
		fwrite(text.buf, 1, text.len, stdout);
		strbuf_release(&text);
		return EXIT_OK;
	}

	if (!n && isatty(0)) {
		error_msg(
			"trail reads CloudTrail logs: give files or directories, or pipe them in");
		return EXIT_USAGE;
	}
	memset(&run, 0, sizeof(run));
	trail_init(&t, &o, &d);
	if (!n)
		walk(&run, "-", 0);
	for (int i = 0; i < n; i++)
		walk(&run, argv[i], 0);
	run_inputs(&run, &t, &o);
	trail_finish(&t);
	fflush(stdout);
	for (size_t i = 0; i < run.nr; i++) {
		if (run.v[i].err > 0)
			error_msg("cannot open '%s': %s", run.v[i].path, strerror(run.v[i].err));
		if (run.v[i].err)
			run.failed = 1;
		diags_print(&run.v[i].diags, stderr);
		diags_release(&run.v[i].diags);
		free(run.v[i].path);
	}
	free(run.v);
	add_findings(&t, &fs);

	trail_text(&t, &text, (size_t)top);
	r.command = "trail";
	r.findings = &fs;
	r.extra = json_pack("{s:o}", "trail", trail_json(&t, (size_t)top));
	r.text_preamble = text.buf;
	code = cmd_emit_report(ctx, &c, &r, fmt);
	if (run.failed && code != EXIT_RUNTIME)
		code = EXIT_RUNTIME;

	json_decref(r.extra);
	strbuf_release(&text);
	findings_release(&fs);
	diags_release(&d);
	trail_release(&t);
	return code;
}
