/*
 * text.c - the human report: grouped by troubleshooting level, worst first,
 * colour only when asked for (the front end decides: TTY, NO_COLOR, --color).
 */
#include <string.h>

#include "report/report.h"
#include "core/strbuf.h"
#include "core/banned.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_YELLOW "\033[1;33m"
#define C_CYAN "\033[36m"
#define C_DIM "\033[2m"

static const char *sev_color(enum severity s)
{
	return s == SEV_ERROR ? C_RED : s == SEV_WARNING ? C_YELLOW : C_CYAN;
}

/* Word-wrap text at 76 columns with the given indent. */
static void wrap(struct strbuf *sb, const char *text, const char *indent)
{
	size_t col = 0;
	const char *p = text;

	strbuf_addstr(sb, indent);
	while (*p) {
		size_t w = strcspn(p, " ");
		if (col && col + 1 + w > 72) {
			strbuf_addch(sb, '\n');
			strbuf_addstr(sb, indent);
			col = 0;
		} else if (col) {
			strbuf_addch(sb, ' ');
			col++;
		}
		strbuf_add(sb, p, w);
		col += w;
		p += w;
		while (*p == ' ')
			p++;
	}
	strbuf_addch(sb, '\n');
}

/* Multi-line values (fixes) keep their own lines, indented. */
static void add_indented(struct strbuf *sb, const char *s, const char *indent)
{
	for (const char *p = s; *p; p++) {
		strbuf_addch(sb, *p);
		if (*p == '\n')
			strbuf_addstr(sb, indent);
	}
}

static void plural(struct strbuf *sb, size_t n, const char *word, const char **sep)
{
	if (!n)
		return;
	strbuf_addf(sb, "%s%zu %s%s", *sep, n, word, n == 1 ? "" : "s");
	*sep = ", ";
}

int report_write_text(FILE *out, struct report *r)
{
	struct strbuf sb = STRBUF_INIT;
	const char *sep = "";
	int level = 0, ret;
	size_t ne = findings_count(r->findings, SEV_ERROR);
	size_t nw = findings_count(r->findings, SEV_WARNING);
	size_t ni = findings_count(r->findings, SEV_INFO);

	findings_sort(r->findings);
	if (r->text_preamble && !r->quiet)
		strbuf_addstr(&sb, r->text_preamble);
	for (size_t i = 0; i < r->findings->nr; i++) {
		struct finding *f = r->findings->v[i];
		const struct catalogue_entry *e = &catalogue[f->id];
		const char *c = r->color ? sev_color(e->severity) : "";
		const char *z = r->color ? C_RESET : "";

		if (r->quiet) {
			strbuf_addf(&sb, "%s%s%s %s: %s\n", c, severity_name(e->severity), z, e->id,
				    finding_message(f));
			continue;
		}
		if (e->level != level) {
			level = e->level;
			strbuf_addf(&sb, "\n%slevel %d: %s%s\n", r->color ? C_BOLD : "", level,
				    level_name(level), z);
		}
		strbuf_addf(&sb, "\n  %s%s%s[%s] %s%s%s\n", c, severity_name(e->severity), z, e->id,
			    r->color ? C_BOLD : "", e->title, z);
		wrap(&sb, finding_message(f), "    ");
		if (f->where.kind != ORIGIN_NONE) {
			strbuf_addf(&sb, "    %sat:%s  ", r->color ? C_DIM : "", z);
			report_location_text(&sb, &f->where);
			strbuf_addch(&sb, '\n');
		}
		strbuf_addf(&sb, "    %sfix:%s ", r->color ? C_DIM : "", z);
		add_indented(&sb, finding_fix(f), "         ");
		strbuf_addch(&sb, '\n');
		if (r->verbose) {
			strbuf_addf(&sb, "    %swhy:%s\n", r->color ? C_DIM : "", z);
			wrap(&sb, e->explanation, "      ");
		}
	}
	if (!r->quiet) {
		strbuf_addf(&sb, "\n%s: ", r->command);
		if (!r->findings->nr)
			strbuf_addstr(&sb, "no problems found");
		else {
			plural(&sb, ne, "error", &sep);
			plural(&sb, nw, "warning", &sep);
			plural(&sb, ni, "note", &sep);
		}
		if (r->suppressed)
			strbuf_addf(&sb, " (%zu hidden by tfauth:ignore)", r->suppressed);
		strbuf_addstr(&sb, "\n");
	}
	ret = fwrite(sb.buf, 1, sb.len, out) == sb.len ? 0 : -1;
	strbuf_release(&sb);
	return ret;
}
