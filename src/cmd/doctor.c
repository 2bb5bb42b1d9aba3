/*
 * doctor.c - `tfauth doctor [DIR]`: the whole troubleshooting flow on the
 * real environment, offline. Level 1 looks at the environment; later levels
 * (shared files and chain, Terraform configuration, CI) add their findings
 * to the same report.
 */
#include <string.h>

#include "aws/facts.h"
#include "aws/keyfmt.h"
#include "checks/checks.h"
#include "cmd/cmd.h"
#include "core/diag.h"
#include "core/redact.h"
#include "core/strbuf.h"
#include "core/banned.h"

static const struct opt_usage usage = {
	"tfauth doctor [options] [DIR]",
	"Check why AWS would refuse Terraform's credentials: the environment, the AWS "
	"shared files, the Terraform configuration in DIR (default .), offline. Exit 0 "
	"when nothing at or above --fail-on was found, 1 when something was, 2 on a "
	"usage error, 3 on a runtime error.",
};

/* The environment source as Terraform (go-v2) sees it. */
static json_t *env_resolution(const struct facts *fa, struct strbuf *text)
{
	const struct env *e = fa->env;
	const char *kvar = "AWS_ACCESS_KEY_ID", *k = env_get_nonempty(e, kvar);
	const char *s = env_get_nonempty(e, "AWS_SECRET_ACCESS_KEY");
	char *masked;
	json_t *r;

	if (!k && (k = env_get_nonempty(e, "AWS_ACCESS_KEY")))
		kvar = "AWS_ACCESS_KEY";
	if (!s)
		s = env_get_nonempty(e, "AWS_SECRET_KEY");
	if (!k || !s || fa->arg_profile) {
		strbuf_addstr(text, "credentials: not from the environment");
		if (fa->arg_profile)
			strbuf_addf(text, " (the provider's profile '%s' comes first)", fa->arg_profile);
		strbuf_addch(text, '\n');
		return json_pack("{s:n,s:n,s:n,s:n,s:[]}", "source", "profile", "access_key_id",
				 "location", "shadowed");
	}
	masked = redact_key_id_dup(k);
	strbuf_addf(text, "credentials: environment, %s %s (%s)\n", kvar, masked,
		    keyid_kind(k, strlen(k)) == KEYID_TEMPORARY ? "temporary" :
		    keyid_kind(k, strlen(k)) == KEYID_LONG_TERM ? "long-term" : "not a key id");
	r = json_pack("{s:s,s:n,s:s,s:{s:s},s:[]}", "source", "env", "profile",
		      "access_key_id", masked, "location", "env", kvar, "shadowed");
	free(masked);
	return r;
}

int cmd_doctor(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct common_opts c = { 0 };
	const struct option opts[] = {
		OPT_COMMON(&c),
		OPT_AWS(&c),
		OPT_END(),
	};
	struct findings fs = FINDINGS_INIT;
	struct facts fa;
	struct strbuf text = STRBUF_INIT;
	struct report r = { 0 };
	enum report_format fmt;
	json_t *extra = NULL, *env_res;
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

	facts_init(&fa, &ctx->env);
	fa.arg_profile = c.profile;
	fa.arg_region = c.region;
	fa.arg_endpoint_url = c.endpoint_url;

	check_env(&fa, &fs);

	strbuf_addstr(&text, "Terraform (provider and S3 backend)\n  ");
	env_res = env_resolution(&fa, &text);
	extra = json_pack("{s:{s:o,s:O,s:O}}", "resolution",
			  "terraform_provider", env_res, "terraform_backend", env_res,
			  "aws_cli", env_res);

	r.command = "doctor";
	r.findings = &fs;
	r.extra = extra;
	r.text_preamble = text.buf;
	code = cmd_emit_report(ctx, &c, &r, fmt);

	json_decref(extra);
	strbuf_release(&text);
	findings_release(&fs);
	facts_release(&fa);
	return code;
}
