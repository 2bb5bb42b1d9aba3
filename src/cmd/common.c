/*
 * common.c - what every command front end shares: option checks, colour,
 * report output and the exit code.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/diag.h"
#include "core/banned.h"

int cmd_parse(int argc, char **argv, const struct option *opts, const struct opt_usage *usage,
	      int *exit_out)
{
	int n = opt_parse(argc, argv, opts, usage);

	if (n == OPT_HELP) {
		*exit_out = EXIT_OK;
		return -1;
	}
	if (n == OPT_ERROR) {
		*exit_out = EXIT_USAGE;
		return -1;
	}
	return n;
}

int cmd_check_common(const struct common_opts *c, enum report_format *fmt)
{
	enum severity s;

	if (report_format_parse(c->format, fmt)) {
		error_msg("unknown format '%s': use text, json or sarif", c->format);
		return EXIT_USAGE;
	}
	if (c->color && strcmp(c->color, "auto") && strcmp(c->color, "always") &&
	    strcmp(c->color, "never")) {
		error_msg("unknown colour mode '%s': use auto, always or never", c->color);
		return EXIT_USAGE;
	}
	if (c->fail_on && strcmp(c->fail_on, "never") && severity_parse(c->fail_on, &s)) {
		error_msg("unknown severity '%s' for --fail-on: use error, warning, info or never",
			  c->fail_on);
		return EXIT_USAGE;
	}
	return 0;
}

int cmd_use_color(const struct cmd_ctx *ctx, const struct common_opts *c, FILE *out)
{
	const char *term;

	if (c->no_color || (c->color && !strcmp(c->color, "never")))
		return 0;
	if (c->color && !strcmp(c->color, "always"))
		return 1;
	if (env_get_nonempty(&ctx->env, "NO_COLOR"))
		return 0;
	term = env_get(&ctx->env, "TERM");
	if (!term || !*term || !strcmp(term, "dumb"))
		return 0;
	return isatty(fileno(out));
}

int cmd_emit_report(struct cmd_ctx *ctx, const struct common_opts *c, struct report *r,
		    enum report_format fmt)
{
	FILE *out = stdout;
	enum severity threshold = SEV_ERROR;
	int worst, code = EXIT_OK;

	if (c->output && strcmp(c->output, "-")) {
		out = fopen(c->output, "w");
		if (!out) {
			error_msg("cannot open '%s': %s", c->output, strerror(errno));
			return EXIT_RUNTIME;
		}
	}
	r->color = fmt == FORMAT_TEXT && cmd_use_color(ctx, c, out);
	r->verbose = c->verbose;
	r->quiet = c->quiet;
	if (report_write(out, r, fmt) < 0)
		code = EXIT_RUNTIME;
	if (out != stdout) {
		if (fclose(out) != 0 || code == EXIT_RUNTIME) {
			error_msg("cannot write '%s': %s", c->output, strerror(errno));
			return EXIT_RUNTIME;
		}
	}
	if (code)
		return code;
	if (c->fail_on && !strcmp(c->fail_on, "never"))
		return EXIT_OK;
	if (c->fail_on)
		severity_parse(c->fail_on, &threshold);
	worst = findings_worst(r->findings);
	return worst >= (int)threshold ? EXIT_FINDINGS : EXIT_OK;
}
