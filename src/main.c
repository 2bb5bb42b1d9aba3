/*
 * main.c - the command table, global options, and the final check that
 * stdout was really written (a report piped into a full disk must not
 * exit 0).
 */
#include <curl/curl.h>
#include <errno.h>
#include <expat.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>
#include <zlib.h>

#include "cmd/cmd.h"
#include "core/diag.h"
#include "core/banned.h"

extern char **environ;

const struct command commands[] = {
	{"doctor", cmd_doctor, "check why AWS would refuse Terraform's credentials (offline)"},
	{"explain", cmd_explain, "diagnose error output or a TF_LOG file; or explain a finding id"},
	{"whoami", cmd_whoami, "ask AWS whose credentials Terraform would use (one STS call)"},
	{"scan", cmd_scan, "find credential problems and hardcoded keys in files (SARIF)"},
	{"check-key", cmd_check_key, "check a new access key before it is used (rotation gate)"},
	{"trail", cmd_trail, "summarise authentication failures in CloudTrail logs"},
	{NULL, NULL, NULL},
};

static void print_usage(FILE *out)
{
	fputs("usage: tfauth <command> [options] [args]\n\n"
	      "Find out why AWS refuses Terraform's credentials, and what to do about it.\n\n"
	      "commands:\n",
	      out);
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-12s%s\n", c->name, c->summary);
	fputs("\nglobal options:\n"
	      "  -h, --help    show this help (tfauth <command> --help for a command)\n"
	      "  --version     show the version and the libraries in use\n\n"
	      "exit status: 0 nothing at or above --fail-on, 1 findings (whoami: refused),\n"
	      "2 usage error, 3 runtime error (whoami: no verdict). See tfauth(1).\n",
	      out);
}

static void print_version(void)
{
	printf("tfauth %s\n", TFAUTH_VERSION);
	printf("%s %s jansson/%s %s libyaml/%s zlib/%s\n", curl_version(),
	       OpenSSL_version(OPENSSL_VERSION), JANSSON_VERSION, XML_ExpatVersion(),
	       yaml_get_version_string(), zlibVersion());
	printf("catalogue: %d findings\n", (int)FINDING_ID_NR);
}

int main(int argc, char **argv)
{
	static char help_flag[] = "--help";
	static char *help_argv[3];
	struct cmd_ctx ctx = {ENV_INIT};
	const struct command *cmd = NULL;
	int code;

	signal(SIGPIPE, SIG_IGN); /* EPIPE becomes a write error: exit 3 */
	if (argc < 2) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			help_argv[0] = argv[2];
			help_argv[1] = help_flag;
			argv = help_argv;
			argc = 2;
			goto dispatch;
		}
		print_usage(stdout);
		code = EXIT_OK;
		goto out;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		print_version();
		code = EXIT_OK;
		goto out;
	}
	argv++;
	argc--;
dispatch:
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, argv[0]))
			cmd = c;
	if (!cmd) {
		error_msg("'%s' is not a tfauth command; see 'tfauth --help'", argv[0]);
		return EXIT_USAGE;
	}
	env_from_environ(&ctx.env, environ);
	code = cmd->fn(argc - 1, argv + 1, &ctx);
	env_release(&ctx.env);
out:
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error_msg("cannot write to standard output: %s", strerror(errno ? errno : EIO));
		return EXIT_RUNTIME;
	}
	return code;
}
