/*
 * cmd.h - the front ends. One file per command, one line per command in
 * the table in main.c. A command turns argv into a call of the core, writes
 * the report and returns the exit code; only this layer prints.
 */
#ifndef TFAUTH_CMD_H
#define TFAUTH_CMD_H

#include <stdio.h>

#include "core/env.h"
#include "core/finding.h"
#include "core/opt.h"
#include "report/report.h"

enum exit_code {
	EXIT_OK = 0,	   /* nothing at or above the failure threshold */
	EXIT_FINDINGS = 1, /* findings at or above it; whoami: AWS refused */
	EXIT_USAGE = 2,
	EXIT_RUNTIME = 3, /* I/O, network, out of memory, stdout write failure */
};

struct cmd_ctx {
	struct env env; /* the environment snapshot every collector reads */
};

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct cmd_ctx *ctx);
	const char *summary;
};

extern const struct command commands[];

/*
 * Parse the command's options; returns argc of the operands, or -1 with
 * *exit_out set (0 after --help, 2 on a usage error).
 */
int cmd_parse(int argc, char **argv, const struct option *opts, const struct opt_usage *usage,
	      int *exit_out);
/* Validate common options (format, color, fail-on); 0 or EXIT_USAGE. */
int cmd_check_common(const struct common_opts *c, enum report_format *fmt);
/* Colour decision: --color, --no-color, NO_COLOR, TTY, TERM=dumb. */
int cmd_use_color(const struct cmd_ctx *ctx, const struct common_opts *c, FILE *out);
/*
 * Write the report to stdout or --output and compute the exit code from
 * --fail-on; EXIT_RUNTIME when the output cannot be written.
 */
int cmd_emit_report(struct cmd_ctx *ctx, const struct common_opts *c, struct report *r,
		    enum report_format fmt);

int cmd_doctor(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_check_key(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_explain(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_trail(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_whoami(int argc, char **argv, struct cmd_ctx *ctx);
int cmd_scan(int argc, char **argv, struct cmd_ctx *ctx);

#endif
