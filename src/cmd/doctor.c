/*
 * doctor.c - `tfauth doctor [DIR]`: the whole troubleshooting flow on the
 * real environment, offline unless --live. The stages (doctor.h) collect
 * facts and findings; this file parses options, runs them in order and
 * writes the report.
 */
#include <string.h>

#include "cmd/doctor.h"
#include "cmd/sts_call.h"
#include "core/diag.h"
#include "report/suppress.h"
#include "core/banned.h"

static const struct opt_usage usage = {
	"tfauth doctor [options] [DIR]",
	"Check why AWS would refuse Terraform's credentials: the environment, the AWS "
	"shared files, the Terraform configuration in DIR (default .), offline unless "
	"--live is given. Exit 0 "
	"when nothing at or above --fail-on was found, 1 when something was, 2 on a "
	"usage error, 3 on a runtime error.",
};

static void (*const stages[])(struct doctor *) = {
	doctor_stage_terraform, doctor_stage_files, doctor_stage_chain,
	doctor_stage_env,	doctor_stage_ci,    doctor_stage_live,
};

void doctor_collect(struct doctor *d)
{
	for (size_t i = 0; i < sizeof(stages) / sizeof(stages[0]); i++)
		stages[i](d);
}

int cmd_doctor(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct common_opts c = {0};
	struct doctor d = {0};
	const char *cto = NULL, *to = NULL;
	int no_ignore = 0;
	const struct option opts[] = {
		OPT_COMMON(&c),
		OPT_AWS(&c),
		{OPT_STRING, 0, "terraform-version", &d.terraform_version, "X.Y",
		 "the Terraform version (picks the backend's dialect)"},
		{OPT_STRING, 0, "provider-version", &d.provider_version, "X.Y",
		 "the AWS provider version (picks the provider's dialect)"},
		{OPT_STRING, 0, "backend-config", &d.backend_config, "FILE|KEY=VALUE",
		 "what terraform init -backend-config gets (a partial S3 backend)"},
		{OPT_BOOL, 0, "live", &d.live, NULL,
		 "finish with one signed sts:GetCallerIdentity call (the only network use)"},
		{OPT_STRING, 0, "connect-timeout", &cto, "SECONDS",
		 "with --live: give up connecting after SECONDS (default 3)"},
		{OPT_STRING, 0, "timeout", &to, "SECONDS",
		 "with --live: give up on the call after SECONDS (default 10)"},
		{OPT_BOOL, 0, "allow-exec", &d.allow_exec, NULL,
		 "run credential_process commands (once each) to check their output"},
		{OPT_BOOL, 0, "no-inline-ignore", &no_ignore, NULL,
		 "report what tfauth:ignore comments hide (audits)"},
		OPT_END(),
	};
	struct report r = {0};
	enum report_format fmt;
	int n, code;

	n = cmd_parse(argc, argv, opts, &usage, &code);
	if (n < 0)
		return code;
	if ((code = cmd_check_common(&c, &fmt)))
		return code;
	if (n > 1) {
		error_msg("doctor takes one directory, not %d arguments", n);
		return EXIT_USAGE;
	}
	if ((code = live_parse_timeouts(cto, to, &d.live_connect_timeout_ms, &d.live_timeout_ms)))
		return code;

	d.ctx = ctx;
	d.c = &c;
	d.dir = n == 1 ? argv[0] : ".";
	facts_init(&d.facts, &ctx->env);
	d.facts.arg_profile = c.profile;
	d.facts.arg_region = c.region;
	d.facts.arg_endpoint_url = c.endpoint_url;
	d.resolution = json_object();
	strbuf_init(&d.text, 0);

	doctor_collect(&d);
	if (!no_ignore) {
		r.suppressed = suppress_inline(&d.findings, &ctx->env);
		findings_sort(&d.findings);
	}

	r.command = "doctor";
	r.can_suppress = 1;
	r.findings = &d.findings;
	r.extra = json_pack("{s:O}", "resolution", d.resolution);
	r.text_preamble = d.text.buf;
	code = cmd_emit_report(ctx, &c, &r, fmt);
	if (d.exit_override && code != EXIT_RUNTIME)
		code = d.exit_override;

	json_decref(r.extra);
	json_decref(d.resolution);
	strbuf_release(&d.text);
	findings_release(&d.findings);
	facts_release(&d.facts);
	return code;
}
