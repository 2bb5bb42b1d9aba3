/*
 * finding.c - the catalogue table (built from the findings .def files) and the
 * collected findings with their rendered messages.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/finding.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

#define FINDING(e, slug, sev, lvl, area, title, expl, msg, fix)                                    \
	[e] = {slug, sev, lvl, area, title, expl, msg, fix},
const struct catalogue_entry catalogue[FINDING_ID_NR] = {
#include "core/findings/all.def"
};
#undef FINDING

static const struct {
	enum finding_id id;
	const char *name, *fix;
} fix_cases[] = {
#define FINDING(e, slug, sev, lvl, area, title, expl, msg, fix)
#define FIX_CASE(e, name, fix) {e, name, fix},
#include "core/findings/all.def"
#undef FIX_CASE
#undef FINDING
};

static const struct {
	enum finding_id id;
	const char *key, *name, *text;
} phrases[] = {
#define FINDING(e, slug, sev, lvl, area, title, expl, msg, fix)
#define PHRASE(e, key, name, text) {e, key, name, text},
#include "core/findings/all.def"
#undef PHRASE
#undef FINDING
};

void origin_text(struct strbuf *sb, const struct origin *o, int arg_word)
{
	switch (o->kind) {
	case ORIGIN_ENV:
		strbuf_addf(sb, "env %s", o->name);
		break;
	case ORIGIN_FILE:
		strbuf_addstr(sb, o->name ? o->name : "?");
		if (o->line)
			strbuf_addf(sb, ":%u", o->line);
		if (o->line && o->col)
			strbuf_addf(sb, ":%u", o->col);
		break;
	case ORIGIN_ARG:
		strbuf_addf(sb, "%s%s", arg_word ? "option " : "", o->name);
		break;
	case ORIGIN_NONE:
		break;
	}
}

const char *severity_name(enum severity s)
{
	switch (s) {
	case SEV_INFO:
		return "info";
	case SEV_WARNING:
		return "warning";
	case SEV_ERROR:
		return "error";
	}
	return "error";
}

int severity_parse(const char *name, enum severity *out)
{
	if (!strcmp(name, "info") || !strcmp(name, "note"))
		*out = SEV_INFO;
	else if (!strcmp(name, "warning"))
		*out = SEV_WARNING;
	else if (!strcmp(name, "error"))
		*out = SEV_ERROR;
	else
		return -1;
	return 0;
}

const char *level_name(int level)
{
	switch (level) {
	case 1:
		return "basic";
	case 2:
		return "configuration";
	default:
		return "advanced";
	}
}

const struct catalogue_entry *catalogue_find(const char *slug)
{
	for (size_t i = 0; i < FINDING_ID_NR; i++)
		if (!strcmp(catalogue[i].id, slug))
			return &catalogue[i];
	return NULL;
}

struct finding *findings_add(struct findings *fs, enum finding_id id, const struct origin *where)
{
	struct finding *f = xcalloc(1, sizeof(*f));

	f->id = id;
	if (where) {
		f->where = *where;
		f->where_name = where->name ? xstrdup(where->name) : NULL;
		f->where.name = f->where_name;
	}
	ALLOC_GROW(fs->v, fs->nr + 1, fs->alloc);
	fs->v[fs->nr++] = f;
	return f;
}

void finding_set(struct finding *f, const char *key, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	for (i = 0; i < f->nargs; i++)
		if (!strcmp(f->args[i].key, key))
			break;
	if (i == f->nargs) {
		if (f->nargs == FINDING_MAX_ARGS) {
			strbuf_release(&sb);
			return;
		}
		f->args[f->nargs].key = xstrdup(key);
		f->nargs++;
	} else {
		free(f->args[i].val);
	}
	f->args[i].val = strbuf_detach(&sb, NULL);
	free(f->message);
	free(f->fix);
	f->message = f->fix = NULL;
}

const char *finding_get(const struct finding *f, const char *key)
{
	for (size_t i = 0; i < f->nargs; i++)
		if (!strcmp(f->args[i].key, key))
			return f->args[i].val;
	return NULL;
}

char *finding_render(const struct finding *f, const char *tmpl)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = tmpl;

	while (*p) {
		const char *open = strstr(p, "{{"), *close, *val;
		char key[64];
		size_t klen;

		if (!open) {
			strbuf_addstr(&sb, p);
			break;
		}
		strbuf_add(&sb, p, (size_t)(open - p));
		close = strstr(open + 2, "}}");
		klen = close ? (size_t)(close - open - 2) : 0;
		if (!close || klen == 0 || klen >= sizeof(key) ||
		    strspn(open + 2, "abcdefghijklmnopqrstuvwxyz_0123456789") != klen) {
			strbuf_add(&sb, open, 2);
			p = open + 2;
			continue;
		}
		memcpy(key, open + 2, klen);
		key[klen] = '\0';
		val = finding_get(f, key);
		if (val)
			strbuf_addstr(&sb, val);
		else
			strbuf_add(&sb, open, klen + 4);
		p = close + 2;
	}
	return strbuf_detach(&sb, NULL);
}

/* The neutral words for a placeholder and the whole fixes of generic.def. */
struct generic_text {
	const char *key, *text;
};

#define GENERIC_ARG(name, text) {name, text},
#define GENERIC_FIX(slug, text)
static const struct generic_text generic_args[] = {
#include "core/findings/generic.def"
	{NULL, NULL},
};
#undef GENERIC_ARG
#undef GENERIC_FIX

#define GENERIC_ARG(name, text)
#define GENERIC_FIX(slug, text) {slug, text},
static const struct generic_text generic_fixes[] = {
#include "core/findings/generic.def"
	{NULL, NULL},
};
#undef GENERIC_ARG
#undef GENERIC_FIX

static const char *generic_find(const struct generic_text *t, const char *key, size_t klen)
{
	for (; t->key; t++)
		if (strlen(t->key) == klen && !strncmp(t->key, key, klen))
			return t->text;
	return NULL;
}

char *catalogue_display(const char *tmpl)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = tmpl;

	while (*p) {
		const char *open = strstr(p, "{{"), *close, *val;
		size_t klen;

		if (!open) {
			strbuf_addstr(&sb, p);
			break;
		}
		strbuf_add(&sb, p, (size_t)(open - p));
		close = strstr(open + 2, "}}");
		klen = close ? (size_t)(close - open - 2) : 0;
		if (!close || !klen ||
		    strspn(open + 2, "abcdefghijklmnopqrstuvwxyz_0123456789") != klen) {
			strbuf_add(&sb, open, 2);
			p = open + 2;
			continue;
		}
		if ((val = generic_find(generic_args, open + 2, klen))) {
			strbuf_addstr(&sb, val);
		} else if (strncmp(open + 2, "extra_", 6)) {
			strbuf_addch(&sb, '<');
			strbuf_add(&sb, open + 2, klen);
			strbuf_addch(&sb, '>');
		}
		p = close + 2;
	}
	return strbuf_detach(&sb, NULL);
}

char *catalogue_fix_text(const struct catalogue_entry *e)
{
	const char *fix = generic_find(generic_fixes, e->id, strlen(e->id));

	return fix ? xstrdup(fix) : catalogue_display(e->fix);
}

const char *finding_message(struct finding *f)
{
	if (!f->message)
		f->message = finding_render(f, catalogue[f->id].message);
	return f->message;
}

const char *finding_fix(struct finding *f)
{
	if (!f->fix)
		f->fix = finding_render(f, f->fix_case ? f->fix_case : catalogue[f->id].fix);
	return f->fix;
}

void finding_case(struct finding *f, const char *name)
{
	for (size_t i = 0; i < sizeof(fix_cases) / sizeof(fix_cases[0]); i++)
		if (fix_cases[i].id == f->id && !strcmp(fix_cases[i].name, name)) {
			f->fix_case = fix_cases[i].fix;
			return;
		}
	f->fix_case = "BUG: no fix case for this finding (tfauth's catalogue)";
}

void finding_phrase(struct finding *f, const char *key, const char *name)
{
	for (size_t i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++)
		if (phrases[i].id == f->id && !strcmp(phrases[i].key, key) &&
		    !strcmp(phrases[i].name, name)) {
			char *s = finding_render(f, phrases[i].text);
			finding_set(f, key, "%s", s);
			free(s);
			return;
		}
	finding_set(f, key, "%s", "BUG: no phrase for this finding (tfauth's catalogue)");
}

int findings_has(const struct findings *fs, enum finding_id id)
{
	for (size_t i = 0; i < fs->nr; i++)
		if (fs->v[i]->id == id)
			return 1;
	return 0;
}

static int finding_cmp(const struct finding *a, const struct finding *b)
{
	const struct catalogue_entry *ea = &catalogue[a->id], *eb = &catalogue[b->id];

	if (ea->level != eb->level)
		return ea->level - eb->level;
	if (ea->severity != eb->severity)
		return (int)eb->severity - (int)ea->severity;
	return 0;
}

void findings_sort(struct findings *fs)
{
	/* insertion sort: stable, and a run has few findings */
	for (size_t i = 1; i < fs->nr; i++) {
		struct finding *x = fs->v[i];
		size_t j = i;

		while (j > 0 && finding_cmp(fs->v[j - 1], x) > 0) {
			fs->v[j] = fs->v[j - 1];
			j--;
		}
		fs->v[j] = x;
	}
}

int findings_worst(const struct findings *fs)
{
	int worst = -1;

	for (size_t i = 0; i < fs->nr; i++)
		if ((int)catalogue[fs->v[i]->id].severity > worst)
			worst = (int)catalogue[fs->v[i]->id].severity;
	return worst;
}

size_t findings_count(const struct findings *fs, enum severity s)
{
	size_t n = 0;

	for (size_t i = 0; i < fs->nr; i++)
		n += catalogue[fs->v[i]->id].severity == s;
	return n;
}

void finding_free(struct finding *f)
{
	if (!f)
		return;
	free(f->where_name);
	for (size_t i = 0; i < f->nargs; i++) {
		free(f->args[i].key);
		free(f->args[i].val);
	}
	free(f->message);
	free(f->fix);
	free(f);
}

void findings_release(struct findings *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->nr; i++)
		finding_free(fs->v[i]);
	free(fs->v);
	fs->v = NULL;
	fs->nr = fs->alloc = 0;
}
