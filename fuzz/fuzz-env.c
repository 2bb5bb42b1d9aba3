/*
 * fuzz-env.c - libFuzzer target for the level-1 environment checks and the
 * report writers: the input is a list of NAME=value records separated by
 * NUL bytes (values may hold any byte), checked and rendered in every
 * format. Also feeds the ISO 8601 parser.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/facts.h"
#include "checks/checks.h"
#include "core/xalloc.h"
#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct env e = ENV_INIT;
	struct findings fs = FINDINGS_INIT;
	struct facts fa;
	char *copy = xmemdupz(data, size), *p = copy, *end = copy + size;
	time_t t;

	while (p < end) {
		char *rec_end = memchr(p, '\0', (size_t)(end - p));
		char *eq;
		if (!rec_end)
			rec_end = end;
		eq = memchr(p, '=', (size_t)(rec_end - p));
		if (eq && eq > p) {
			*eq = '\0';
			env_set(&e, p, eq + 1);
		}
		p = rec_end + 1;
	}
	time_parse_iso8601(copy, &t);
	facts_init(&fa, &e);
	fa.now = 1795867200;
	check_env(&fa, &fs);
	for (int fmt = FORMAT_TEXT; fmt <= FORMAT_SARIF; fmt++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&buf, &len);
		struct report r = {"doctor", &fs, NULL, NULL, 1, 1, 0};
		if (out) {
			report_write(out, &r, (enum report_format)fmt);
			fclose(out);
		}
		free(buf);
	}
	findings_release(&fs);
	facts_release(&fa);
	env_release(&e);
	free(copy);
	return 0;
}
