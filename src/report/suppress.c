/*
 * suppress.c - tfauth:ignore comments (see suppress.h). Only the files that
 * findings point at are read, once each, after the run: a file without the
 * word costs one memmem.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "report/suppress.h"
#include "core/banned.h"

#define MAX_FILE (4L << 20)
#define MAX_IDS 16
#define WORD "tfauth:ignore"
#define WORDLEN 13

struct directive {
	unsigned line, col;
	int file_scope, expired;
	int own_line;	/* a comment line: it covers the line below too */
	unsigned until; /* above an HCL block header: the block's last line */
	enum finding_id ids[MAX_IDS];
	size_t nids;
	char date[11];
	struct strbuf idtext, reason, problem;
};

/* [p, e) starts with the literal s (never reads past e: buffers need no NUL) */
static int starts(const char *p, const char *e, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(e - p) >= n && !memcmp(p, s, n);
}

static int blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int only_blank(const char *s, const char *e)
{
	while (s < e && blank((unsigned char)*s))
		s++;
	return s == e;
}

/* A comment marker before `at` on its line? */
static int in_comment(const char *bol, const char *at)
{
	for (const char *p = bol; p < at; p++)
		if (*p == '#' || *p == ';' ||
		    (*p == '/' && p + 1 < at && (p[1] == '/' || p[1] == '*')))
			return 1;
	return 0;
}

/* Only blank and comment lines in [s, e)? */
static int only_comments(const char *s, const char *e)
{
	while (s < e) {
		const char *nl = memchr(s, '\n', (size_t)(e - s));
		const char *le = nl ? nl : e;
		while (s < le && blank((unsigned char)*s))
			s++;
		if (s < le && *s != '#' && *s != ';' && *s != '*' &&
		    !(*s == '/' && s + 1 < le && (s[1] == '/' || s[1] == '*')))
			return 0;
		s = nl ? nl + 1 : e;
	}
	return 1;
}

/* Safe to echo: short, and only what ids and dates are made of (a pasted key is not) */
static int echoable(const char *s, size_t n)
{
	if (n > 32)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		      s[i] == ':'))
			return 0;
	return 1;
}

static int valid_date(const char *s, size_t n)
{
	int m, d;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (size_t i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/*
 * Parse the directive whose word starts at `at` (line `line`, column `col`).
 * Returns 0 when this is not a directive at all (tfauth:ignored, no comment),
 * 1 when it is (d->problem says what is wrong with it, if anything).
 */
static int parse(struct directive *d, const char *buf, const char *bol, const char *eol,
		 const char *at, const char *today)
{
	const char *p = at + WORDLEN, *t;

	if (!in_comment(bol, at))
		return 0;
	if (starts(p, eol, "-file")) {
		d->file_scope = 1;
		p += 5;
	}
	if (p < eol && !blank((unsigned char)*p) && !starts(p, eol, "*/"))
		return 0;
	while (p < eol && blank((unsigned char)*p))
		p++;
	for (t = p; t < eol && !blank((unsigned char)*t); t++)
		;
	strbuf_add(&d->idtext, p, (size_t)(t - p));
	if (t == p || starts(p, eol, "exp:") || starts(p, eol, "*/")) {
		strbuf_addstr(&d->problem, "no finding id after " WORD);
		return 1;
	}
	/* the ids */
	for (const char *s = p; s < t;) {
		const char *c = memchr(s, ',', (size_t)(t - s));
		const char *e = c ? c : t;
		char id[64];
		const struct catalogue_entry *ce = NULL;
		if ((size_t)(e - s) < sizeof(id)) {
			memcpy(id, s, (size_t)(e - s));
			id[e - s] = '\0';
			ce = catalogue_find(id);
		}
		if (!ce || ce == &catalogue[F_IGNORE_DIRECTIVE_INVALID] ||
		    ce == &catalogue[F_IGNORE_EXPIRED]) {
			if (echoable(s, (size_t)(e - s)))
				strbuf_addf(&d->problem,
					    "'%.*s' is not a finding id (tfauth explain --list)",
					    (int)(e - s), s);
			else
				strbuf_addstr(
					&d->problem,
					"the ids are not finding ids (tfauth explain --list)");
			return 1;
		}
		if (d->nids < MAX_IDS)
			d->ids[d->nids++] = (enum finding_id)(ce - catalogue);
		s = e + 1;
	}
	p = t;
	while (p < eol && blank((unsigned char)*p))
		p++;
	if (starts(p, eol, "exp:")) {
		for (t = p + 4; t < eol && !blank((unsigned char)*t); t++)
			;
		if (!valid_date(p + 4, (size_t)(t - p - 4))) {
			if (echoable(p, (size_t)(t - p)))
				strbuf_addf(&d->problem,
					    "'%.*s' is not a date: exp: wants YYYY-MM-DD",
					    (int)(t - p), p);
			else
				strbuf_addstr(&d->problem, "exp: wants a date, YYYY-MM-DD");
			return 1;
		}
		memcpy(d->date, p + 4, 10);
		d->expired = strcmp(d->date, today) < 0;
		p = t;
	}
	/* the reason: the rest of the line, without a closing block comment */
	while (p < eol && blank((unsigned char)*p))
		p++;
	t = eol;
	while (t > p && blank((unsigned char)t[-1]))
		t--;
	if (t - p >= 2 && !memcmp(t - 2, "*/", 2))
		t -= 2;
	while (t > p && blank((unsigned char)t[-1]))
		t--;
	strbuf_add(&d->reason, p, (size_t)(t - p));
	if (!d->reason.len) {
		strbuf_addstr(&d->problem, "no reason: say why, after the ids");
		return 1;
	}
	if (d->file_scope && !only_comments(buf, bol)) {
		strbuf_addstr(&d->problem,
			      WORD "-file belongs in the comments at the top of the file");
		return 1;
	}
	return 1;
}

static int covers(const struct directive *d, const struct finding *f)
{
	int id = 0;

	for (size_t i = 0; i < d->nids; i++)
		id |= d->ids[i] == f->id;
	return id && !d->problem.len && !d->expired &&
	       (d->file_scope || f->where.line == d->line ||
		(d->own_line && f->where.line == d->line + 1) ||
		(f->where.line > d->line && f->where.line <= d->until));
}

/*
 * In a .tf file, a directive on the line above a block header covers the
 * block. The header is the line after `from`; returns the line of the '}'
 * that closes it, or 0 when that line is no block header. Strings,
 * heredocs and comments are skipped, so their braces do not count.
 */
static unsigned block_end(const char *from, const char *end, unsigned line)
{
	const char *p = memchr(from, '\n', (size_t)(end - from)), *eol;
	int depth = 0;

	if (!p)
		return 0;
	p++, line++;
	eol = memchr(p, '\n', (size_t)(end - p));
	eol = eol ? eol : end;
	while (p < eol && blank((unsigned char)*p))
		p++;
	if (p >= eol || !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_'))
		return 0;
	while (eol > p && blank((unsigned char)eol[-1]))
		eol--;
	if (eol[-1] != '{')
		return 0;
	for (; p < end; p++) {
		char c = *p;
		if (c == '\n') {
			line++;
		} else if (c == '"') {
			for (p++; p < end && *p != '"' && *p != '\n'; p++)
				if (*p == '\\' && p + 1 < end)
					p++;
			if (p < end && *p == '\n')
				line++;
		} else if (c == '#' || (c == '/' && p + 1 < end && p[1] == '/')) {
			while (p + 1 < end && p[1] != '\n')
				p++;
		} else if (c == '/' && p + 1 < end && p[1] == '*') {
			for (p += 2; p + 1 < end && !(p[0] == '*' && p[1] == '/'); p++)
				line += *p == '\n';
			p++;
		} else if (c == '<' && p + 2 < end && p[1] == '<' &&
			   (p[2] == '-' || (p[2] >= 'A' && p[2] <= 'Z'))) {
			/* a heredoc: skip to the line that is its delimiter */
			const char *w = p + 2 + (p[2] == '-'), *we = w;
			while (we < end &&
			       (*we == '_' || (*we >= 'A' && *we <= 'Z') ||
				(*we >= 'a' && *we <= 'z') || (*we >= '0' && *we <= '9')))
				we++;
			p = memchr(we, '\n', (size_t)(end - we));
			while (p && p < end) {
				const char *q = ++p, *le;
				line++;
				le = memchr(q, '\n', (size_t)(end - q));
				le = le ? le : end;
				while (q < le && blank((unsigned char)*q))
					q++;
				if ((size_t)(le - q) >= (size_t)(we - w) &&
				    !memcmp(q, w, (size_t)(we - w)) && only_blank(q + (we - w), le))
					break;
				p = le < end ? le : NULL;
			}
			if (!p)
				return 0;
		} else if (c == '{') {
			depth++;
		} else if (c == '}' && --depth == 0) {
			return line;
		}
	}
	return 0;
}

static int on_file(const struct finding *f, const char *name)
{
	return f && f->where.kind == ORIGIN_FILE && f->where.name && f->where.line &&
	       !strcmp(f->where.name, name);
}

static int is_tf(const char *name)
{
	size_t n = strlen(name);
	return n > 3 && !strcmp(name + n - 3, ".tf");
}

/* The directives in buf (the file `name`), applied to its findings (hidden ones set to NULL). */
static size_t apply_buf(struct findings *fs, const char *name, const char *buf, size_t len,
			const char *today, struct findings *added)
{
	const char *p = buf, *bol = buf, *end = buf + len;
	unsigned line = 1;
	size_t hidden = 0;

	while ((p = memmem(p, (size_t)(end - p), WORD, WORDLEN))) {
		struct directive d = {0};
		const char *eol;
		/* the line of p */
		for (const char *q = bol; q < p; q++)
			if (*q == '\n')
				line++, bol = q + 1;
		eol = memchr(p, '\n', (size_t)(end - p));
		eol = eol ? eol : end;
		strbuf_init(&d.idtext, 0);
		strbuf_init(&d.reason, 0);
		strbuf_init(&d.problem, 0);
		d.line = line;
		d.col = (unsigned)(p - bol) + 1;
		d.own_line = only_comments(bol, eol);
		if (d.own_line && !d.file_scope && is_tf(name))
			d.until = block_end(p, end, line);
		if (parse(&d, buf, bol, eol, p, today)) {
			struct origin o = ORIGIN_AT(name, d.line, d.col);
			if (d.problem.len) {
				struct finding *f =
					findings_add(added, F_IGNORE_DIRECTIVE_INVALID, &o);
				finding_set(f, "problem", "%s", d.problem.buf);
				finding_set(f, "scope", "%s", d.file_scope ? "-file" : "");
			} else if (d.expired) {
				struct finding *f = findings_add(added, F_IGNORE_EXPIRED, &o);
				finding_set(f, "ids", "%s", d.idtext.buf);
				finding_set(f, "date", "%s", d.date);
			} else {
				for (size_t i = 0; i < fs->nr; i++)
					if (on_file(fs->v[i], name) && covers(&d, fs->v[i])) {
						finding_free(fs->v[i]);
						fs->v[i] = NULL;
						hidden++;
					}
			}
		}
		strbuf_release(&d.idtext);
		strbuf_release(&d.reason);
		strbuf_release(&d.problem);
		p = eol;
	}
	return hidden;
}

/* Close the gaps hidden findings left, then add the directives' own findings. */
static void compact(struct findings *fs, struct findings *added)
{
	size_t k = 0;

	for (size_t i = 0; i < fs->nr; i++)
		if (fs->v[i])
			fs->v[k++] = fs->v[i];
	fs->nr = k;
	for (size_t i = 0; i < added->nr; i++) {
		ALLOC_GROW(fs->v, fs->nr + 1, fs->alloc);
		fs->v[fs->nr++] = added->v[i];
	}
	free(added->v);
	added->v = NULL;
	added->nr = added->alloc = 0;
}

size_t suppress_apply_buf(struct findings *fs, const char *name, const char *buf, size_t len,
			  const char *today)
{
	struct findings added = FINDINGS_INIT;
	size_t hidden = apply_buf(fs, name, buf, len, today, &added);

	compact(fs, &added);
	return hidden;
}

static size_t one_file(struct findings *fs, const char *name, const struct env *env,
		       const char *today, struct findings *added)
{
	struct strbuf path = STRBUF_INIT, data = STRBUF_INIT;
	const char *home = env_get_nonempty(env, "HOME");
	size_t hidden = 0;

	if (!strncmp(name, "~/", 2) && home)
		strbuf_addf(&path, "%s/%s", home, name + 2);
	else
		strbuf_addstr(&path, name);
	if (strbuf_read_file(&data, path.buf, (size_t)MAX_FILE) == 0 &&
	    memmem(data.buf, data.len, WORD, WORDLEN))
		hidden = apply_buf(fs, name, data.buf, data.len, today, added);
	strbuf_release(&path);
	strbuf_release(&data);
	return hidden;
}

size_t suppress_inline(struct findings *fs, const struct env *env)
{
	struct findings added = FINDINGS_INIT;
	char **names = NULL, today[11];
	size_t nnames = 0, anames = 0, hidden = 0;
	time_t now = clock_now(env);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	for (size_t i = 0; i < fs->nr; i++) {
		const struct finding *f = fs->v[i];
		size_t j;
		if (!on_file(f, f->where.name))
			continue;
		for (j = 0; j < nnames && strcmp(names[j], f->where.name); j++)
			;
		if (j == nnames) {
			ALLOC_GROW(names, nnames + 1, anames);
			names[nnames++] = xstrdup(f->where.name);
		}
	}
	for (size_t j = 0; j < nnames; j++) {
		hidden += one_file(fs, names[j], env, today, &added);
		free(names[j]);
	}
	free(names);
	compact(fs, &added);
	return hidden;
}
