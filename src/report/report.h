/*
 * report.h - the three writers (text, JSON, SARIF 2.1.0) over one list of
 * findings. They read titles, explanations and severities only from the
 * catalogue. JSON is "schema": 1; a command adds its own top-level members
 * (doctor's "resolution") through extra.
 */
#ifndef TFAUTH_REPORT_H
#define TFAUTH_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "core/finding.h"
#include "core/strbuf.h"

enum report_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF };

struct report {
	const char *command;
	struct findings *findings;
	json_t *extra;		   /* borrowed; members merged into the JSON top level */
	const char *text_preamble; /* printed before the findings in text mode */
	int color, verbose, quiet;
	int can_suppress;  /* the command honours tfauth:ignore (scan, doctor) */
	size_t suppressed; /* hidden by tfauth:ignore comments (report/suppress.h) */
};

int report_format_parse(const char *s, enum report_format *out);
/* Returns 0, or -1 when writing failed. */
int report_write(FILE *out, struct report *r, enum report_format fmt);
int report_write_text(FILE *out, struct report *r);
int report_write_json(FILE *out, struct report *r);
int report_write_sarif(FILE *out, struct report *r);

/* One finding as the JSON object of the schema; new reference. */
json_t *report_finding_json(struct finding *f);
/* {"env": NAME}, {"file", "line", "column"}, {"option": NAME} or null; new reference. */
json_t *report_location_json(const struct origin *o);
/* "env AWS_ACCESS_KEY_ID", "path:3:1", ... */
void report_location_text(struct strbuf *sb, const struct origin *o);
/* Stable fingerprint of a finding (hex SHA-256 prefix, 16 digits). */
void report_fingerprint(struct finding *f, char out[17]);
/* Dump a json value to out; 0 or -1. */
int report_dump_json(FILE *out, json_t *doc, int pretty);

#endif
