/*
 * whoami.c - `tfauth whoami [DIR]`: one SigV4-signed sts:GetCallerIdentity
 * with the credentials Terraform would use, resolved as doctor resolves
 * them (doctor's terraform stage reads DIR's provider "aws" block, then the
 * provider's chain); the first line says which chain was used. Prints the
 * identity, the endpoint, the round trip and the clock skew, or the refusal
 * and its diagnosis. Exit 0 accepted, 1 refused, 2 usage, 3 no verdict (no
 * call made, network, server, unusable answer).
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "checks/checks.h"
#include "cmd/cmd.h"
#include "cmd/doctor.h"
#include "cmd/sts_call.h"
#include "core/diag.h"
#include "core/banned.h"

static const struct opt_usage usage = {
	"tfauth whoami [options] [DIR]",
	"Ask AWS who the credentials Terraform would use belong to: one signed "
	"sts:GetCallerIdentity call (it needs no IAM permission) to the STS endpoint "
	"Terraform would call, and nothing else. The credentials are those of the "
	"provider \"aws\" block in DIR (default: the current directory), resolved as "
	"doctor does; the first line says which chain was used (--profile or --dialect "
	"botocore do not read the Terraform configuration). Prints account, ARN, user "
	"id, the endpoint, the round trip and the clock skew; on a refusal, the error, "
	"its request id and why. A refusal in an opt-in region or another partition is "
	"checked with a second call to us-east-1's STS, labelled as such (--one-call "
	"prevents it). The secret never leaves this machine, only a signature. Exit 0 "
	"when AWS accepts the credentials, 1 when it refuses them, 2 on a usage error, "
	"3 when there is no verdict (no call made: nothing to sign with; network, "
	"server).",
};

static int parse_dialect(const char *s, enum dialect *out)
{
	if (!s || !strcmp(s, "go-v2"))
		*out = DIALECT_GO_V2;
	else if (!strcmp(s, "go-v1"))
		*out = DIALECT_GO_V1;
	else if (!strcmp(s, "botocore"))
		*out = DIALECT_BOTOCORE;
	else
		return -1;
	return 0;
}

/* The value checks of the offline report, on the credentials that were sent. */
static void offline_checks(const struct resolved_creds *c, struct findings *fs)
{
	struct cred_site key = {c->from, c->from.name ? c->from.name : "the access key id", ""};
	struct cred_site sec = {c->from, "the secret access key", ""};
	struct cred_site tok = {c->from, "the session token", ""};
	int env = c->source && !strcmp(c->source, "env");

	if (env) {
		sec = (struct cred_site){ORIGIN_ENV_VAR("AWS_SECRET_ACCESS_KEY"),
					 "AWS_SECRET_ACCESS_KEY", "export AWS_SECRET_ACCESS_KEY="};
		tok = (struct cred_site){ORIGIN_ENV_VAR("AWS_SESSION_TOKEN"), "AWS_SESSION_TOKEN",
					 "export AWS_SESSION_TOKEN="};
		key.assign = !strcmp(c->from.name, "AWS_ACCESS_KEY") ? "export AWS_ACCESS_KEY="
								     : "export AWS_ACCESS_KEY_ID=";
	}
	if (c->access_key_id)
		check_access_key_id(fs, &key, c->access_key_id, strlen(c->access_key_id),
				    c->secret_access_key,
				    c->secret_access_key ? strlen(c->secret_access_key) : 0);
	if (c->secret_access_key)
		check_secret_key(fs, &sec, c->secret_access_key, strlen(c->secret_access_key),
				 c->access_key_id, c->access_key_id ? strlen(c->access_key_id) : 0);
	if (c->session_token)
		check_session_token(fs, &tok, c->session_token, strlen(c->session_token));
}

/* The auth argument of a provider block that decides the chain, for the first line. */
static void block_summary(struct strbuf *sb, const struct tf_auth_block *b)
{
	const struct tf_value *v = NULL;
	const char *what = NULL;

	if (b->access_key.v || b->access_key.expr) {
		v = &b->access_key;
		what = "access_key and secret_key";
	} else if (b->profile.v || b->profile.expr) {
		v = &b->profile;
	} else if (b->web_identity_role_arn.v) {
		v = &b->web_identity_role_arn;
		what = "assume_role_with_web_identity";
	}
	if (v == &b->profile)
		strbuf_addf(sb, "profile %s", b->profile.v ? b->profile.v : b->profile.expr);
	else if (what)
		strbuf_addstr(sb, what);
	else
		strbuf_addstr(sb, "no profile or keys in the block: the SDK's default chain");
	strbuf_addstr(sb, ", from ");
	origin_text(sb, v ? &v->from : &b->at, 0);
	if (b->assume_role_arn.v)
		strbuf_addf(sb,
			    ", then assume_role %s: whoami checks the keys that would assume it, "
			    "not the role",
			    b->assume_role_arn.v);
}

/*
 * The first line: which chain whoami signs with, and why that one.
 * tf: 1 when DIR's Terraform configuration was read.
 */
static void using_line(struct strbuf *sb, const struct facts *f, int tf, const char *dir,
		       const char *profile, enum dialect d)
{
	strbuf_addstr(sb, "using ");
	if (profile) {
		strbuf_addf(sb,
			    "profile %s (--profile, %s rules; the Terraform configuration is "
			    "not read)",
			    profile, dialect_name(d));
	} else if (d == DIALECT_BOTOCORE) {
		strbuf_addstr(sb, "the AWS CLI default chain (--dialect botocore; the Terraform "
				  "configuration is not read)");
	} else if (tf && f->provider.present) {
		strbuf_addf(sb, "Terraform provider aws (");
		block_summary(sb, &f->provider);
		strbuf_addf(sb, "; %s)", dialect_name(d));
	} else if (tf) {
		strbuf_addf(sb,
			    "the Terraform provider's default chain (%s; no provider \"aws\" block "
			    "in %s)",
			    dialect_name(d), dir);
	} else {
		strbuf_addf(
			sb,
			"the Terraform provider's default chain (%s; no Terraform configuration "
			"in %s)",
			dialect_name(d), dir);
	}
	strbuf_addch(sb, '\n');
}

/*
 * The fix when there was nothing to sign with, for the chain whoami used:
 * a profile the provider block names that neither shared file holds, the
 * AWS CLI's chain, or NULL for the provider's default wording.
 */
static const char *no_creds_fix(struct strbuf *sb, const struct facts *f, int tf,
				enum chain_target t, const struct chain_result *r)
{
	const struct tf_value *pv = &f->provider.profile;
	const char *err = r->creds.error;

	if (t == TARGET_CLI) {
		strbuf_addstr(
			sb, "give the AWS CLI credentials: AWS_ACCESS_KEY_ID and "
			    "AWS_SECRET_ACCESS_KEY, AWS_PROFILE, aws configure, or aws sso login");
		return sb->buf;
	}
	if (tf && f->provider.present && pv->v && err && strstr(err, pv->v)) {
		strbuf_addf(
			sb,
			"add the profile the provider block names (aws configure --profile %s, ",
			pv->v);
		strbuf_addf(sb, "or aws configure sso --profile %s), or change profile at ", pv->v);
		origin_text(sb, &pv->from, 0);
		return sb->buf;
	}
	return NULL;
}

int cmd_whoami(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct common_opts c = {0};
	const char *dialect = NULL, *sts_region = NULL, *cto = NULL, *to = NULL;
	int one_call = 0;
	const struct option opts[] = {
		OPT_COMMON(&c),
		OPT_AWS(&c),
		{OPT_STRING, 0, "sts-region", &sts_region, "REGION",
		 "the provider's sts_region: sign and call STS in this region"},
		{OPT_STRING, 0, "dialect", &dialect, "SDK",
		 "whose rules pick the credentials and endpoint: go-v2 (provider >= 4, backend >= "
		 "1.6), go-v1 (provider <= 3, backend <= 1.5), botocore (AWS CLI); default: what "
		 "DIR's provider version says, else go-v2"},
		{OPT_STRING, 0, "connect-timeout", &cto, "SECONDS",
		 "give up connecting after SECONDS (default 3)"},
		{OPT_STRING, 0, "timeout", &to, "SECONDS",
		 "give up on the whole call after SECONDS (default 10)"},
		{OPT_BOOL, 0, "one-call", &one_call, NULL,
		 "never make the second, diagnostic call to a default region's STS"},
		OPT_END(),
	};
	struct live_probe p = {0};
	struct findings fs = FINDINGS_INIT;
	struct doctor d = {0};
	struct facts *facts = &d.facts;
	struct live_verdict v;
	struct strbuf text = STRBUF_INIT, using = STRBUF_INIT, fix = STRBUF_INIT;
	struct report r = {0};
	enum report_format fmt;
	json_t *wj;
	struct stat st;
	int n, code, tf = 0;

	n = cmd_parse(argc, argv, opts, &usage, &code);
	if (n < 0)
		return code;
	if ((code = cmd_check_common(&c, &fmt)))
		return code;
	if (n > 1) {
		error_msg("whoami takes one directory, not %d arguments", n);
		return EXIT_USAGE;
	}
	if (n == 1 && stat(argv[0], &st)) {
		error_msg("cannot open '%s': %s", argv[0], strerror(errno));
		return EXIT_USAGE;
	}
	if (n == 1 && !S_ISDIR(st.st_mode)) {
		error_msg("'%s' is not a directory", argv[0]);
		return EXIT_USAGE;
	}
	if (dialect && parse_dialect(dialect, &p.dialect)) {
		error_msg("unknown dialect '%s': use go-v2, go-v1 or botocore", dialect);
		return EXIT_USAGE;
	}
	if ((code = live_parse_timeouts(cto, to, &p.http.connect_timeout_ms, &p.http.timeout_ms)))
		return code;

	d.ctx = ctx;
	d.c = &c;
	d.dir = n == 1 ? argv[0] : ".";
	strbuf_init(&d.text, 0);
	facts_init(facts, &ctx->env);
	facts->arg_profile = c.profile;
	facts->arg_region = c.region;
	facts->arg_endpoint_url = c.endpoint_url;
	/*
	 * What Terraform would sign with: doctor's terraform stage reads the
	 * provider block (its findings are doctor's business, not whoami's).
	 * --profile and --dialect botocore say the user wants another chain.
	 */
	if (!c.profile && !(dialect && p.dialect == DIALECT_BOTOCORE)) {
		doctor_stage_terraform(&d);
		tf = facts->tf_present;
		if (!dialect)
			p.dialect = facts->provider_dialect;
	}
	using_line(&using, facts, tf, d.dir, c.profile, p.dialect);
	p.facts = facts;
	p.target = p.dialect == DIALECT_BOTOCORE ? TARGET_CLI : TARGET_PROVIDER;
	/*
	 * The region: --region, the block's, the environment's (the chain reads
	 * it), else the selected profile's region in the config file, which the
	 * files stage finds (its findings, too, are doctor's).
	 */
	doctor_stage_files(&d);
	p.region = c.region ? c.region : facts->provider.region.v;
	if (!p.region && !env_get_nonempty(&ctx->env, "AWS_DEFAULT_REGION") &&
	    (p.dialect == DIALECT_BOTOCORE || !env_get_nonempty(&ctx->env, "AWS_REGION")))
		p.region = facts->profile_region.v;
	p.sts_region = sts_region ? sts_region : facts->provider.sts_region.v;
	if (c.endpoint_url) {
		p.endpoint_url = c.endpoint_url;
		p.endpoint_from = "--endpoint-url";
	} else if (facts->provider.sts_endpoint.v) {
		p.endpoint_url = facts->provider.sts_endpoint.v;
		p.endpoint_from = "sts_endpoint in the provider block";
	}
	p.one_call = one_call;
	live_probe_run(&p);

	if (p.result == LIVE_REFUSED || (p.result == LIVE_NOT_SENT && p.have_creds && p.have_ep))
		offline_checks(&p.chain.creds, &fs);
	live_probe_verdict(&p, &v, &fs);
	v.quiet_accept = 1;
	v.fix_no_creds = no_creds_fix(&fix, facts, tf, p.target, &p.chain);
	check_live(&v, &fs);

	strbuf_addstr(&text, using.buf);
	live_probe_text(&p, &text);
	r.command = "whoami";
	r.findings = &fs;
	wj = live_probe_json(&p);
	strbuf_trim_trailing_newline(&using);
	json_object_set_new(wj, "using", json_string(using.buf + 6));
	r.extra = json_pack("{s:o}", "whoami", wj);
	r.text_preamble = text.buf;
	code = cmd_emit_report(ctx, &c, &r, fmt);
	if (code != EXIT_RUNTIME)
		code = p.result == LIVE_NOT_SENT ? EXIT_RUNTIME : live_probe_exit(&p);

	json_decref(r.extra);
	strbuf_release(&text);
	strbuf_release(&using);
	strbuf_release(&fix);
	strbuf_release(&d.text);
	findings_release(&d.findings);
	findings_release(&fs);
	live_probe_release(&p);
	facts_release(facts);
	return code;
}
