/*
 * opt.h - option tables, parsing and the generated --help.
 *
 * Each command declares a NULL-terminated table of struct option; the same
 * table drives parsing, `--help` and the man-page consistency test (which
 * reads `tfauth <cmd> --help`). Options may appear anywhere among the
 * arguments; "--" ends them.
 */
#ifndef TFAUTH_OPT_H
#define TFAUTH_OPT_H

#include <stdio.h>

enum opt_type {
	OPT_END_TYPE,
	OPT_BOOL,   /* int *: set to 1 */
	OPT_STRING, /* const char **: points into argv */
	OPT_INT,    /* long *: decimal */
	OPT_COUNT,  /* int *: incremented */
};

struct option {
	enum opt_type type;
	int short_name; /* 0 for none */
	const char *long_name;
	void *value;
	const char *argh; /* argument placeholder, e.g. "FORMAT" */
	const char *help;
};

#define OPT_END()                                                                                  \
	{                                                                                          \
		OPT_END_TYPE, 0, NULL, NULL, NULL, NULL                                            \
	}

/* Options every command takes (DESIGN.md "Common options"). */
struct common_opts {
	const char *format; /* text | json | sarif */
	const char *color;  /* auto | always | never */
	int no_color;
	const char *profile;
	const char *region;
	const char *endpoint_url;
	const char *fail_on; /* error | warning | info | never */
	const char *output;  /* -o FILE */
	int quiet;
	int verbose;
};

#define OPT_COMMON(c)                                                                              \
	{OPT_STRING, 'f', "format", &(c)->format, "FORMAT", "output format: text, json or sarif"}, \
		{OPT_STRING,   'o',    "output",                                                   \
		 &(c)->output, "FILE", "write the report to FILE instead of stdout"},              \
		{OPT_STRING,  0,      "color",                                                     \
		 &(c)->color, "WHEN", "colour: auto, always or never (NO_COLOR is honoured)"},     \
		{OPT_BOOL, 0, "no-color", &(c)->no_color, NULL, "same as --color=never"},          \
		{OPT_STRING,	0,	    "fail-on",                                             \
		 &(c)->fail_on, "SEVERITY", "exit 1 at or above: error, warning, info or never"},  \
		{OPT_COUNT, 'q', "quiet", &(c)->quiet, NULL, "print less"},                        \
	{                                                                                          \
		OPT_COUNT, 'v', "verbose", &(c)->verbose, NULL, "print more (explanations)"        \
	}

/*
 * --region and --endpoint-url (common_opts); OPT_AWS adds --profile. A
 * command that takes them alone says what they mean for it in help.
 */
#define OPT_AWS_REGION(c, help) {OPT_STRING, 0, "region", &(c)->region, "REGION", (help)}
#define OPT_AWS_ENDPOINT_URL(c, help)                                                              \
	{OPT_STRING, 0, "endpoint-url", &(c)->endpoint_url, "URL", (help)}

#define OPT_AWS(c)                                                                                 \
	{OPT_STRING, 0, "profile", &(c)->profile, "NAME",                                          \
	 "the profile Terraform's provider block names"},                                          \
		OPT_AWS_REGION(c, "the region the provider block sets"),                           \
		OPT_AWS_ENDPOINT_URL(c, "the STS endpoint to use")

struct opt_usage {
	const char *synopsis;	 /* "tfauth doctor [options] [DIR]" */
	const char *description; /* one paragraph */
};

/*
 * Parse argv in place: non-option arguments are moved to the front and
 * their count returned. Returns OPT_HELP after printing help to stdout for
 * -h/--help, or OPT_ERROR after printing a message to stderr.
 */
#define OPT_HELP (-2)
#define OPT_ERROR (-1)
int opt_parse(int argc, char **argv, const struct option *opts, const struct opt_usage *usage);
void opt_print_help(FILE *out, const struct option *opts, const struct opt_usage *usage);

#endif
