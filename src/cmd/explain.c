/*
 * explain.c - `tfauth explain ID` prints the catalogue entry of one finding.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/diag.h"
#include "core/strbuf.h"
#include "core/banned.h"

static const struct opt_usage usage = {
	"tfauth explain [options] ID",
	"Print the documentation of a finding: what it means, why it breaks "
	"authentication and how to fix it. `tfauth explain --list` prints every id.",
};

static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[64], cur[64];

	if (la > 62 || lb > 62)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t s = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t d = prev[j] + 1, n = cur[j - 1] + 1;
			cur[j] = s < d ? (s < n ? s : n) : (d < n ? d : n);
		}
		memcpy(prev, cur, (lb + 1) * sizeof(size_t));
	}
	return prev[lb];
}

static int print_entry(const struct catalogue_entry *e, const char *format)
{
	char *fix = catalogue_display(e->fix);
	int r = 0;

	if (format && !strcmp(format, "json")) {
		json_t *j = json_pack("{s:i,s:s,s:s,s:s,s:i,s:s,s:s,s:s}", "schema", 1,
				      "command", "explain", "id", e->id, "severity",
				      severity_name(e->severity), "level", e->level, "title",
				      e->title, "explanation", e->explanation, "fix", fix);
		r = report_dump_json(stdout, j, 1);
		json_decref(j);
	} else {
		printf("%s (%s, level %d: %s)\n%s\n\n%s\n\nfix: %s\n", e->id,
		       severity_name(e->severity), e->level, level_name(e->level), e->title,
		       e->explanation, fix);
	}
	free(fix);
	return r;
}

int cmd_explain(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct common_opts c = { 0 };
	int list = 0;
	const struct option opts[] = {
		OPT_COMMON(&c),
		{ OPT_BOOL, 0, "list", &list, NULL, "list every finding id with its title" },
		OPT_END(),
	};
	const struct catalogue_entry *e;
	int n, code;

	(void)ctx;
	n = cmd_parse(argc, argv, opts, &usage, &code);
	if (n < 0)
		return code;
	if (list) {
		for (size_t i = 0; i < FINDING_ID_NR; i++)
			printf("%-40s %-7s %s\n", catalogue[i].id, severity_name(catalogue[i].severity),
			       catalogue[i].title);
		return EXIT_OK;
	}
	if (n != 1) {
		error_msg("explain needs one finding id (tfauth explain --list shows them)");
		return EXIT_USAGE;
	}
	e = catalogue_find(argv[0]);
	if (!e) {
		const char *best = NULL;
		size_t bd = 6;
		for (size_t i = 0; i < FINDING_ID_NR; i++) {
			size_t d = distance(argv[0], catalogue[i].id);
			if (d < bd) {
				bd = d;
				best = catalogue[i].id;
			}
		}
		if (best)
			error_msg("unknown finding id '%s'; did you mean '%s'?", argv[0], best);
		else
			error_msg("unknown finding id '%s' (tfauth explain --list shows them)", argv[0]);
		return EXIT_USAGE;
	}
	return print_entry(e, c.format) ? EXIT_RUNTIME : EXIT_OK;
}
