/*
 * finding.h - the finding catalogue and the findings a run collects.
 *
 * The catalogue is the single source of truth for every finding: a stable
 * slug id, severity, troubleshooting level (1 basic, 2 configuration,
 * 3 advanced), title, explanation, and templates for the per-instance
 * message and fix. Entries live in src/core/findings/<area>.def as
 * FINDING(...) lines (one file per area, so areas can grow independently).
 *
 * Templates use {{name}} placeholders; a check fills them with finding_set().
 * A value given to finding_set() must never be a secret: key ids are passed
 * masked (redact.h), secrets only as their description.
 *
 * Ownership: struct findings owns every finding and every string in it.
 * findings_release() frees all of it and accepts NULL.
 */
#ifndef TFAUTH_FINDING_H
#define TFAUTH_FINDING_H

#include <stddef.h>

enum severity { SEV_INFO = 0, SEV_WARNING = 1, SEV_ERROR = 2 };

#define FINDING(e, slug, sev, lvl, area, title, expl, msg, fix) e,
enum finding_id {
#include "core/findings/all.def"
	FINDING_ID_NR
};
#undef FINDING

struct catalogue_entry {
	const char *id;
	enum severity severity;
	int level;
	const char *area;
	const char *title;
	const char *explanation;
	const char *message;
	const char *fix;
};

extern const struct catalogue_entry catalogue[FINDING_ID_NR];

/* Where the evidence is: an environment variable, a file position, ... */
enum origin_kind {
	ORIGIN_NONE,
	ORIGIN_ENV,  /* name = variable name */
	ORIGIN_FILE, /* name = path; line/col 1-based, 0 = unknown */
	ORIGIN_ARG,  /* name = command-line option */
};

struct origin {
	enum origin_kind kind;
	const char *name;
	unsigned line, col;
};

struct strbuf;
/*
 * "env AWS_PROFILE", "path:3:1", "--profile" (arg_word: "option --profile"):
 * the one way an origin is written in text.
 */
void origin_text(struct strbuf *sb, const struct origin *o, int arg_word);

#define ORIGIN_ENV_VAR(n) ((struct origin){ORIGIN_ENV, (n), 0, 0})
#define ORIGIN_AT(f, l, c) ((struct origin){ORIGIN_FILE, (f), (l), (c)})

#define FINDING_MAX_ARGS 12

struct finding {
	enum finding_id id;
	struct origin where; /* where.name points at where_name */
	char *where_name;
	struct {
		char *key, *val;
	} args[FINDING_MAX_ARGS];
	size_t nargs;
	char *message, *fix; /* rendered lazily, owned */
	const char *fix_case; /* the FIX_CASE template finding_case() chose, or NULL */
};

struct findings {
	struct finding **v;
	size_t nr, alloc;
};

#define FINDINGS_INIT                                                                              \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

const char *severity_name(enum severity s);
int severity_parse(const char *name, enum severity *out);
const char *level_name(int level);

/* Look up an entry by slug; NULL when unknown. */
const struct catalogue_entry *catalogue_find(const char *slug);

struct finding *findings_add(struct findings *fs, enum finding_id id, const struct origin *where);
void finding_set(struct finding *f, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *finding_get(const struct finding *f, const char *key);
const char *finding_message(struct finding *f);
const char *finding_fix(struct finding *f);
/*
 * Take the fix of the entry's FIX_CASE named name (a case of the remedy,
 * written in the catalogue) instead of its fix template. An unknown case is
 * a bug: the fix then says so, and the tests catch it.
 */
void finding_case(struct finding *f, const char *name);
/*
 * Set placeholder key to the entry's PHRASE named name, rendered with the
 * values set so far (set those first).
 */
void finding_phrase(struct finding *f, const char *key, const char *name);
int findings_has(const struct findings *fs, enum finding_id id);

/* Sort by troubleshooting level, then worst severity first, stably. */
void findings_sort(struct findings *fs);
/* Highest severity present, or -1 when there is none. */
int findings_worst(const struct findings *fs);
size_t findings_count(const struct findings *fs, enum severity s);
void findings_release(struct findings *fs);
/* Free one finding taken out of a list (accepts NULL). */
void finding_free(struct finding *f);

/*
 * A template for documentation (explain ID, SARIF rules): {{name}} becomes
 * the neutral words of findings/generic.def (GENERIC_ARG), else <name>;
 * {{extra_*}} placeholders (optional additions) disappear.
 */
char *catalogue_display(const char *tmpl);
/* The fix of an entry without a finding: generic.def's GENERIC_FIX, else the template. */
char *catalogue_fix_text(const struct catalogue_entry *e);

/* Render a template: {{key}} is replaced by the finding's value for key. */
char *finding_render(const struct finding *f, const char *tmpl);

#endif
