/*
 * scan.c - `tfauth scan [PATH...]`: static analysis of a tree for
 * credential problems and hardcoded keys, with SARIF for code scanning.
 *
 * The walker reads one file at a time into one reused buffer (peak memory
 * does not grow with the tree), skips .git, .terraform, node_modules,
 * binary files, files over --max-size and what simple .gitignore patterns
 * exclude, and never follows a symbolic link: a link inside the tree is
 * scanned where it points to anyway, a link out of it must not be, and not
 * following any link makes loops impossible. Each file goes to the first
 * handler of the table below whose pattern matches (scan.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checks/textkeys.h"
#include "ci/ci.h"
#include "cmd/cmd.h"
#include "core/file.h"
#include "core/diag.h"
#include "core/sift.h"
#include "core/sift_kernel.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "scan/scan.h"
#include "tf/tf.h"
#include "report/suppress.h"
#include "core/banned.h"

/*
 * The handler table: first match wins, "*" (any text file) stays last.
 * Other areas add their line above it (CI workflows, compose, Dockerfiles).
 */
static const struct scan_handler handlers[] = {
	{"*.tf", tf_scan_handler, "Terraform configuration"},
	{"*.tf.json", tf_scan_handler, "Terraform JSON configuration"},
	{"*.tfvars", tf_scan_handler, "Terraform variables"},
	{"*.tfvars.json", tf_scan_handler, "Terraform JSON variables"},
	{"*/.github/workflows/*.yml", ci_scan_handler, "GitHub Actions workflow"},
	{"*/.github/workflows/*.yaml", ci_scan_handler, "GitHub Actions workflow"},
	{".gitlab-ci.yml", ci_scan_handler, "GitLab CI configuration"},
	{"docker-compose*.y*ml", ci_scan_handler, "compose file"},
	{"compose*.y*ml", ci_scan_handler, "compose file"},
	{"Dockerfile*", ci_scan_handler, "Dockerfile"},
	{"*.sh", ci_scan_handler, "shell script"},
	{"Makefile", ci_scan_handler, "Makefile"},
	{"*", textkeys_handler, "text file"},
};

#define DEFAULT_MAX_SIZE (4L << 20)
#define MAX_DEPTH 64
#define MAX_IGNORE 256

static const char *const skip_dirs[] = {".git", ".terraform", "node_modules"};

struct ignore_pat {
	char *pat;
	int dir_only, anchored;
	size_t depth; /* the directory level whose .gitignore holds it */
};

/* The walker's one pass: the key finder's needles, then these. */
static const struct sift_needle scan_needles[] = {
	/* the tested bytes (pa, pb) are the pair rarest in Terraform and code */
	{"A??A", 0, 0, 0},	     /* = textkeys_needles[0] */
	{"ecret", SIFT_ICASE, 2, 4}, /* = textkeys_needles[1] */
	{"provider", 0, 3, 5},
	{"terraform", 0, 4, 5},
	{"AssumeRoleWithWebIdentity", 0, 10, 14},
	{":sub", 0, 0, 0},
	{":aud", 0, 0, 0},
};
#define NEEDLE_PROVIDER 2
#define NEEDLE_TRUST 4
SIFT_DEFINE(scan_sift, scan_needles)

#define SLOTS 16
#define BATCH 8 /* a sleeping side is woken this many files at a time */

/* One file between the reader (walker) and the looker (worker). */
struct slot {
	struct strbuf buf;
	char *path; /* NULL: empty */
	const struct scan_handler *h;
	int operand;	/* named on the command line */
	size_t note_at; /* where in notes its UTF-8 note belongs */
	/* the worker's answer */
	size_t bad; /* offset of the first byte that is not UTF-8, or buf.len */
	unsigned line, col;
};

struct walker {
	/* the worker's: */
	struct findings *fs;
	struct sift sift;
	struct textkeys_cand cand;
	unsigned has;
	const struct strbuf *cur; /* the file being sifted */
	struct ci_ctx *tree;	  /* workflows and trust policies of the whole tree, or NULL */
	/* between the two: pushed and done count files; slot = count % SLOTS */
	struct slot slot[SLOTS];
	size_t pushed, done;
	int threaded, quit, flush;
	int worker_waits, walker_waits; /* asleep on cv */
	pthread_t worker;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* the walker's: */
	struct diags notes;
	long max_size;
	int verbose;
	int progress;	       /* stderr is a TTY */
	double progress_after; /* seconds; TFAUTH_TEST_PROGRESS_AFTER in tests */
	struct timespec start, last;
	int shown;
	size_t files, bytes, skipped;
	struct ignore_pat ign[MAX_IGNORE];
	size_t nign;
	const char *root; /* the PATH operand ("" for "."), for root-relative patterns */
	size_t rootlen;
	struct {
		dev_t dev;
		ino_t ino;
	} stack[MAX_DEPTH];
	size_t depth;
};

static double elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress(struct walker *w, int final)
{
	struct timespec now;

	if (!w->progress)
		return;
	if (final) {
		if (w->shown)
			fputs("\r\033[K", stderr);
		return;
	}
	if ((w->files & 63) != 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (elapsed(&w->start, &now) < w->progress_after ||
	    (w->shown && elapsed(&w->last, &now) < 0.1))
		return;
	w->last = now;
	w->shown = 1;
	fprintf(stderr, "\rtfauth: scanning: %zu files, %.1f MB", w->files, (double)w->bytes / 1e6);
}

static const struct scan_handler *handler_for(const struct walker *w, const char *path)
{
	const char *base = strrchr(path, '/');
	struct strbuf rel = STRBUF_INIT;
	const struct scan_handler *h = NULL;

	base = base ? base + 1 : path;
	path += strncmp(path, w->root, w->rootlen) ? 0 : w->rootlen;
	while (*path == '/')
		path++;
	strbuf_addch(&rel, '/');
	strbuf_addstr(&rel, path);
	for (size_t i = 0; i < ARRAY_SIZE(handlers) && !h; i++) {
		const char *pat = handlers[i].pattern;
		if (!fnmatch(pat, strchr(pat, '/') ? rel.buf : base, 0))
			h = &handlers[i];
	}
	strbuf_release(&rel);
	return h;
}

static void load_gitignore(struct walker *w, const char *dir)
{
	struct strbuf path = STRBUF_INIT, sb = STRBUF_INIT;
	char *line, *save = NULL;

	strbuf_addf(&path, "%s/.gitignore", dir);
	if (strbuf_read_file(&sb, path.buf, 1 << 20) == 0) {
		for (line = strtok_r(sb.buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			size_t n = strlen(line);
			struct ignore_pat *ip;

			while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
				line[--n] = '\0';
			/* only simple patterns: no negation, no "**" in the middle */
			if (!n || line[0] == '#' || line[0] == '!' || w->nign == MAX_IGNORE)
				continue;
			ip = &w->ign[w->nign++];
			ip->depth = w->depth;
			ip->dir_only = line[n - 1] == '/';
			if (ip->dir_only)
				line[--n] = '\0';
			ip->anchored = strchr(line, '/') != NULL;
			ip->pat = xstrdup(line[0] == '/' ? line + 1 : line);
		}
	}
	strbuf_release(&path);
	strbuf_release(&sb);
}

static void pop_gitignore(struct walker *w)
{
	while (w->nign && w->ign[w->nign - 1].depth >= w->depth) {
		free(w->ign[w->nign - 1].pat);
		w->nign--;
	}
}

/* rel: the path below the directory that holds the pattern */
static int ignored(const struct walker *w, const char *path, int is_dir)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	for (size_t i = 0; i < w->nign; i++) {
		const struct ignore_pat *ip = &w->ign[i];
		if (ip->dir_only && !is_dir)
			continue;
		if (ip->anchored) {
			/* relative to the .gitignore's directory: strip that many components */
			const char *rel = path + w->rootlen;
			size_t skip = ip->depth - 1;
			while (*rel == '/')
				rel++;
			while (skip && (rel = strchr(rel, '/')))
				rel++, skip--;
			if (rel && !skip && !fnmatch(ip->pat, rel, FNM_PATHNAME))
				return 1;
		} else if (!fnmatch(ip->pat, base, 0)) {
			return 1;
		}
	}
	return 0;
}

static int looks_binary(const char *buf, size_t len)
{
	return memchr(buf, '\0', len < 8192 ? len : 8192) != NULL;
}

/* Offset of the first byte that is not valid UTF-8, or len. */
static size_t utf8_check(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		/* ASCII eight bytes at a time: most of every file */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		if (!n || c == 0xC0 || c == 0xC1 || c > 0xF4 || i + n > len)
			return i;
		for (size_t k = 1; k < n; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
		i += n;
	}
	return len;
}

static int sifted(void *ctx, size_t needle, size_t off)
{
	struct walker *w = ctx;

	if (needle < TEXTKEYS_NEEDLES)
		textkeys_cand_hit(&w->cand, w->cur->buf, w->cur->len, needle, off);
	else
		w->has |= needle < NEEDLE_TRUST ? SCAN_HAS_TF_BLOCK : SCAN_HAS_TRUST;
	return 0;
}

/* Workflows and trust policies go to the whole-tree comparison too. */
static void offer_tree(struct walker *w, const char *path, const struct strbuf *buf,
		       const struct scan_file *sf)
{
	const char *rel = path + w->rootlen + (w->rootlen && path[w->rootlen] == '/');
	enum ci_kind kind = ci_kind_of(rel);

	if (kind == CI_GHA || kind == CI_GITLAB ||
	    ((kind == CI_POLICY || kind == CI_TF) && (sf->has & SCAN_HAS_TRUST)))
		ci_handle_buf(w->tree, kind, path, buf->buf, buf->len);
}

int textkeys_handler(const char *path, const char *buf, size_t len, const struct scan_file *sf,
		     struct findings *fs)
{
	textkeys_scan_cand(path, buf, len, textkeys_kind_of(path), sf->keys, fs);
	return 0;
}

/* The worker's part: one pass over the bytes, then the handler. */
static void look(struct walker *w, struct slot *sl)
{
	const struct strbuf *b = &sl->buf;
	struct scan_file sf;

	textkeys_cand_init(&w->cand);
	w->has = 0;
	w->cur = b;
	sl->bad = b->len;
	if (scan_sift(&w->sift, b->buf, b->len, sifted, w) & SIFT_HIGH)
		sl->bad = utf8_check((const unsigned char *)b->buf, b->len);
	if (sl->bad < b->len) {
		sl->line = 1, sl->col = 1;
		for (size_t i = 0; i < sl->bad; i++, sl->col++)
			if (b->buf[i] == '\n')
				sl->line++, sl->col = 0;
	}
	sf.keys = &w->cand;
	sf.has = w->has;
	sf.operand = sl->operand;
	sl->h->fn(sl->path, b->buf, b->len, &sf, w->fs);
	if (w->tree)
		offer_tree(w, sl->path, b, &sf);
}

static void *worker_main(void *arg)
{
	struct walker *w = arg;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		if (w->done == w->pushed) {
			if (w->quit)
				break;
			/* idle: sleep until a batch is ready, or any file when the walker drains */
			w->worker_waits = 1;
			while (!w->quit &&
			       !(w->flush ? w->done < w->pushed : w->pushed - w->done >= BATCH))
				pthread_cond_wait(&w->cv, &w->mu);
			w->worker_waits = 0;
			continue;
		}
		pthread_mutex_unlock(&w->mu);
		look(w, &w->slot[w->done % SLOTS]);
		pthread_mutex_lock(&w->mu);
		w->done++;
		if (w->walker_waits &&
		    (SLOTS - (w->pushed - w->done) >= BATCH || w->done == w->pushed))
			pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* The walker takes the worker's answer for a slot it is about to reuse. */
static void collect(struct walker *w, struct slot *sl)
{
	if (!sl->path)
		return;
	if (sl->bad < sl->buf.len) {
		struct diag d;
		diags_add(&w->notes, DIAG_NOTE, sl->path, sl->line, sl->col,
			  "not valid UTF-8 (byte 0x%02x); scanned as bytes",
			  (unsigned char)sl->buf.buf[sl->bad]);
		/* into the place it would have had without the pipeline */
		d = w->notes.v[w->notes.nr - 1];
		memmove(w->notes.v + sl->note_at + 1, w->notes.v + sl->note_at,
			(w->notes.nr - 1 - sl->note_at) * sizeof(d));
		w->notes.v[sl->note_at] = d;
		for (size_t k = 0; k < SLOTS; k++)
			if (w->slot[k].path && &w->slot[k] != sl &&
			    w->slot[k].note_at >= sl->note_at)
				w->slot[k].note_at++;
	}
	free(sl->path);
	sl->path = NULL;
}

/* A free slot for the next file: waits while the worker is SLOTS behind. */
static struct slot *next_slot(struct walker *w)
{
	struct slot *sl = &w->slot[w->pushed % SLOTS];

	if (w->threaded) {
		pthread_mutex_lock(&w->mu);
		w->walker_waits = 1;
		while (w->pushed - w->done >= SLOTS)
			pthread_cond_wait(&w->cv, &w->mu);
		w->walker_waits = 0;
		pthread_mutex_unlock(&w->mu);
	}
	collect(w, sl);
	return sl;
}

static void push(struct walker *w, struct slot *sl)
{
	if (!w->threaded) {
		look(w, sl);
		w->pushed++;
		w->done++;
		return;
	}
	pthread_mutex_lock(&w->mu);
	w->pushed++;
	if (w->worker_waits && w->pushed - w->done >= BATCH)
		pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

/* Wait for the worker to finish every file read so far; take its answers. */
static void drain(struct walker *w)
{
	if (w->threaded) {
		pthread_mutex_lock(&w->mu);
		w->flush = 1;
		pthread_cond_broadcast(&w->cv);
		w->walker_waits = 1;
		while (w->done != w->pushed)
			pthread_cond_wait(&w->cv, &w->mu);
		w->walker_waits = 0;
		w->flush = 0;
		pthread_mutex_unlock(&w->mu);
	}
	for (size_t k = 0; k < SLOTS; k++)
		collect(w, &w->slot[(w->done + k) % SLOTS]);
}

static void pipeline_start(struct walker *w, int one_thread)
{
	for (size_t k = 0; k < SLOTS; k++)
		strbuf_init(&w->slot[k].buf, 1 << 16);
	(void)sift_best_(); /* its lazy answer, before a second thread can ask too */
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	/* without a thread the files are looked at as they are read */
	w->threaded = !one_thread && !pthread_create(&w->worker, NULL, worker_main, w);
}

static void pipeline_stop(struct walker *w)
{
	drain(w);
	if (w->threaded) {
		pthread_mutex_lock(&w->mu);
		w->quit = 1;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->worker, NULL);
	}
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	for (size_t k = 0; k < SLOTS; k++)
		strbuf_release(&w->slot[k].buf);
}

/* The walker's part: read the file into a slot and hand it on. */
static void scan_file(struct walker *w, const char *path, const struct stat *st)
{
	const struct scan_handler *h = handler_for(w, path);
	struct slot *sl;
	int r;

	if (!h)
		return;
	if (st->st_size > w->max_size) {
		w->skipped++;
		if (w->verbose)
			diags_add(&w->notes, DIAG_NOTE, path, 0, 0,
				  "skipped: %lld bytes, over --max-size", (long long)st->st_size);
		return;
	}
	sl = next_slot(w);
	strbuf_reset(&sl->buf);
	r = strbuf_read_file(&sl->buf, path, (size_t)w->max_size);
	if (r < 0) {
		diags_add(&w->notes, DIAG_WARNING, path, 0, 0, "%s", file_why(r));
		w->skipped++;
		return;
	}
	if (looks_binary(sl->buf.buf, sl->buf.len)) {
		w->skipped++;
		return;
	}
	w->files++;
	w->bytes += sl->buf.len;
	sl->path = xstrdup(path);
	sl->h = h;
	sl->operand = w->depth == 0;
	sl->note_at = w->notes.nr;
	push(w, sl);
	progress(w, 0);
}

static void walk(struct walker *w, struct strbuf *path);

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_dir(struct walker *w, struct strbuf *path, const struct stat *st)
{
	DIR *dir;
	struct dirent *de;
	size_t base = path->len, nnames = 0, anames = 0;
	char **names = NULL;

	for (size_t i = 0; i < w->depth; i++)
		if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino) {
			diags_add(&w->notes, DIAG_NOTE, path->buf, 0, 0,
				  "directory loop; not entered again");
			return;
		}
	if (w->depth == MAX_DEPTH) {
		diags_add(&w->notes, DIAG_WARNING, path->buf, 0, 0, "nested too deep; not entered");
		return;
	}
	dir = opendir(path->len ? path->buf : ".");
	if (!dir) {
		diags_add(&w->notes, DIAG_WARNING, path->buf, 0, 0, "cannot open directory: %s",
			  strerror(errno));
		return;
	}
	w->stack[w->depth].dev = st->st_dev;
	w->stack[w->depth].ino = st->st_ino;
	w->depth++;
	load_gitignore(w, path->len ? path->buf : ".");
	/* sorted, so reports and notes do not depend on the file system's order */
	while ((de = readdir(dir))) {
		const char *n = de->d_name;
		int skip = !strcmp(n, ".") || !strcmp(n, "..");

		for (size_t i = 0; i < ARRAY_SIZE(skip_dirs); i++)
			skip |= !strcmp(n, skip_dirs[i]);
		if (skip)
			continue;
		ALLOC_GROW(names, nnames + 1, anames);
		names[nnames++] = xstrdup(n);
	}
	closedir(dir);
	if (nnames)
		qsort(names, nnames, sizeof(*names), name_cmp);
	for (size_t i = 0; i < nnames; i++) {
		strbuf_setlen(path, base);
		if (base && path->buf[base - 1] != '/')
			strbuf_addch(path, '/');
		strbuf_addstr(path, names[i]);
		walk(w, path);
		free(names[i]);
	}
	free(names);
	strbuf_setlen(path, base);
	pop_gitignore(w);
	w->depth--;
}

static void walk(struct walker *w, struct strbuf *path)
{
	struct stat st;

	if (lstat(path->buf, &st) < 0) {
		diags_add(&w->notes, DIAG_WARNING, path->buf, 0, 0, "cannot stat: %s",
			  strerror(errno));
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		if (w->verbose)
			diags_add(&w->notes, DIAG_NOTE, path->buf, 0, 0,
				  "symbolic link not followed");
		return;
	}
	if (w->depth && ignored(w, path->buf, S_ISDIR(st.st_mode)))
		return;
	if (S_ISDIR(st.st_mode))
		walk_dir(w, path, &st);
	else if (S_ISREG(st.st_mode))
		scan_file(w, path->buf, &st);
}

/* git style; a whole-file note has no position */
static const struct opt_usage usage = {
	"tfauth scan [options] [PATH...]",
	"Look through files and directories (default .) for credential problems: "
	"provider and backend blocks, .tfvars, .env files, scripts, Dockerfiles and "
	"compose files with hardcoded AWS keys. Skips .git, .terraform, node_modules, "
	"binary files and what .gitignore excludes; never follows symbolic links. "
	"--format sarif writes SARIF 2.1.0 for GitHub code scanning.",
};

int cmd_scan(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct common_opts c = {0};
	long max_size = DEFAULT_MAX_SIZE;
	int no_ignore = 0;
	const struct option opts[] = {
		OPT_COMMON(&c),
		{OPT_INT, 0, "max-size", &max_size, "BYTES",
		 "skip files larger than BYTES (default 4194304)"},
		{OPT_BOOL, 0, "no-inline-ignore", &no_ignore, NULL,
		 "report what tfauth:ignore comments hide (audits)"},
		OPT_END(),
	};
	static char dot[] = ".";
	static char *dotv[] = {dot};
	struct findings fs = FINDINGS_INIT, treefs = FINDINGS_INIT;
	struct walker w = {0};
	struct ci_ctx tree;
	struct strbuf path = STRBUF_INIT;
	struct report r = {0};
	enum report_format fmt;
	char *rootcopy;
	int n, code, opcode = 0;

	n = cmd_parse(argc, argv, opts, &usage, &code);
	if (n < 0)
		return code;
	if ((code = cmd_check_common(&c, &fmt)))
		return code;
	if (max_size <= 0) {
		error_msg("--max-size must be positive");
		return EXIT_USAGE;
	}
	if (n == 0) {
		argv = dotv;
		n = 1;
	}
	w.fs = &fs;
	w.max_size = max_size;
	w.verbose = c.verbose;
	w.progress = isatty(2) && !c.quiet;
	w.progress_after = 1.0;
	{
		/* tests cannot wait a second on a pseudo-terminal: they lower the delay */
		const char *t = env_get_nonempty(&ctx->env, "TFAUTH_TEST_PROGRESS_AFTER");
		if (t)
			w.progress_after = strtod(t, NULL);
	}
	clock_gettime(CLOCK_MONOTONIC, &w.start);
	w.last = w.start;
	/* the test suite compares the pipeline with one thread doing both */
	pipeline_start(&w, env_get_nonempty(&ctx->env, "TFAUTH_TEST_SCAN_ONE_THREAD") != NULL);
	sift_init(&w.sift, scan_needles, ARRAY_SIZE(scan_needles));

	for (int i = 0; i < n; i++) {
		struct stat st;
		const char *p = argv[i];

		while (p[0] == '.' && p[1] == '/' && p[2])
			p += 2;
		strbuf_reset(&path);
		strbuf_addstr(&path, p);
		while (path.len > 1 && path.buf[path.len - 1] == '/')
			strbuf_setlen(&path, path.len - 1);
		/* an operand is followed even when it is a link: the user named it */
		if (stat(path.buf, &st) < 0) {
			error_msg("cannot scan '%s': %s", argv[i], strerror(errno));
			opcode = EXIT_RUNTIME;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			/* paths below "." read "x.tf", not "./x.tf" */
			if (!strcmp(path.buf, "."))
				strbuf_reset(&path);
			rootcopy = xstrdup(path.buf);
			w.root = rootcopy;
			w.rootlen = path.len;
			ci_scan_tree_begin(&tree, rootcopy, &ctx->env, &treefs);
			w.tree = &tree;
			walk_dir(&w, &path, &st);
			drain(&w);
			ci_scan_tree_end(&tree, &treefs, &fs);
			w.tree = NULL;
			free(rootcopy);
		} else {
			w.root = "";
			w.rootlen = 0;
			scan_file(&w, path.buf, &st);
		}
	}
	pipeline_stop(&w);
	progress(&w, 1);
	/* what needs a whole directory (Terraform versions, provider vs backend) */
	tf_scan_finish(&fs);
	diags_print(&w.notes, stderr);

	r.command = "scan";
	r.findings = &fs;
	r.can_suppress = 1;
	if (!no_ignore)
		r.suppressed = suppress_inline(&fs, &ctx->env);
	findings_sort(&fs);
	code = cmd_emit_report(ctx, &c, &r, fmt);
	if (opcode && code != EXIT_RUNTIME)
		code = opcode;
	for (size_t i = 0; i < w.nign; i++)
		free(w.ign[i].pat);
	diags_release(&w.notes);
	strbuf_release(&path);
	findings_release(&fs);
	findings_release(&treefs);
	return code;
}
