/*
 * chain_disagree.c - dialects-disagree: the AWS CLI and Terraform end up
 * with different credentials, and the line that makes them differ. Also
 * the one-line description of a resolution used by the report.
 */
#include <string.h>

#include "checks/chain.h"
#include "core/redact.h"
#include "core/xalloc.h"
#include "core/banned.h"

void chain_origin_text(struct strbuf *sb, const struct origin *o)
{
	origin_text(sb, o, 0);
}

static const char *source_words(const char *s)
{
	if (!strcmp(s, "env"))
		return "environment keys";
	if (!strcmp(s, "profile"))
		return "static keys";
	if (!strcmp(s, "provider"))
		return "access_key/secret_key in the provider block";
	if (!strcmp(s, "backend"))
		return "access_key/secret_key in the backend block";
	if (!strcmp(s, "assume-role"))
		return "an assumed role";
	if (!strcmp(s, "web-identity"))
		return "a web identity token";
	if (!strcmp(s, "sso"))
		return "an SSO login";
	if (!strcmp(s, "credential-process"))
		return "credential_process";
	if (!strcmp(s, "container"))
		return "the container credentials endpoint";
	if (!strcmp(s, "imds"))
		return "the EC2 instance metadata service";
	return s;
}

void chain_describe(struct strbuf *sb, const struct chain_result *r)
{
	const struct resolved_creds *c = &r->creds;

	if (r->imds && !r->role_arn) {
		strbuf_addstr(
			sb, c->source
				    ? "nothing before the EC2 instance metadata service (the last "
				      "link; "
				      "off EC2 it times out)"
				    : "no credentials: the instance metadata service is disabled");
		return;
	}
	if (!c->source || c->error) {
		strbuf_addf(sb, "no credentials: %s", c->error ? c->error : "nothing found");
		return;
	}
	strbuf_addstr(sb, source_words(c->source));
	if (c->profile)
		strbuf_addf(sb, " of profile '%s'", c->profile);
	if (r->role_arn)
		strbuf_addf(sb, " (role %s)", r->role_arn);
	if (c->access_key_id) {
		strbuf_addch(sb, ' ');
		redact_key_id(sb, c->access_key_id, strlen(c->access_key_id));
		if (c->session_token)
			strbuf_addstr(sb, " with a session token");
	}
	if (c->from.kind != ORIGIN_NONE) {
		strbuf_addstr(sb, " from ");
		chain_origin_text(sb, &c->from);
	}
	if (c->error)
		strbuf_addf(sb, ": %s", c->error);
}

/* The provider or backend block of r names this role itself (not a profile's role_arn). */
static const struct tf_auth_block *block_of(const struct facts *fa, const struct chain_result *r)
{
	if (r->target == TARGET_BACKEND)
		return &fa->backend;
	if (r->target == TARGET_PROVIDER)
		return &fa->provider;
	return NULL;
}

void chain_test_command(struct strbuf *sb, const struct facts *fa, const struct chain_result *r)
{
	const struct tf_auth_block *b = block_of(fa, r);
	const char *p = r->creds.profile;

	/* the CLI reads the block's own files only when told */
	if (b && b->present && b->shared_config_files[0].v)
		strbuf_addf(sb, "AWS_CONFIG_FILE=%s ", b->shared_config_files[0].v);
	if (b && b->present && b->shared_credentials_files[0].v)
		strbuf_addf(sb, "AWS_SHARED_CREDENTIALS_FILE=%s ",
			    b->shared_credentials_files[0].v);
	else if (b && b->present && b->shared_credentials_file.v)
		strbuf_addf(sb, "AWS_SHARED_CREDENTIALS_FILE=%s ", b->shared_credentials_file.v);
	if (r->role_arn && b && b->assume_role_arn.v && !strcmp(b->assume_role_arn.v, r->role_arn)) {
		strbuf_addf(sb, "aws sts assume-role --role-arn %s --role-session-name tfauth-test",
			    r->role_arn);
		if (p)
			strbuf_addf(sb, " --profile %s", p);
		return;
	}
	if (r->creds.source && (!strcmp(r->creds.source, "provider") ||
				!strcmp(r->creds.source, "backend"))) {
		strbuf_addstr(sb, "tfauth whoami");
		return;
	}
	if (p) {
		strbuf_addf(sb, "aws sts get-caller-identity --profile %s", p);
		return;
	}
	strbuf_addstr(sb, "tfauth whoami");
}

static int str_differ(const char *a, const char *b)
{
	return (!a != !b) || (a && strcmp(a, b));
}

int chain_results_differ(const struct chain_result *a, const struct chain_result *b)
{
	int aerr = a->creds.error != NULL, berr = b->creds.error != NULL;

	if (aerr != berr)
		return 1;
	if (aerr)
		return 0; /* both fail: other findings say why */
	if (a->role_arn && b->role_arn && !strcmp(a->role_arn, b->role_arn))
		return str_differ(a->creds.source, b->creds.source) ||
		       (strcmp(a->creds.source, "web-identity") &&
			str_differ(a->creds.profile, b->creds.profile));
	if (str_differ(a->creds.access_key_id, b->creds.access_key_id) ||
	    str_differ(a->role_arn, b->role_arn) ||
	    (!a->creds.session_token != !b->creds.session_token))
		return 1;
	if (str_differ(a->creds.source, b->creds.source) &&
	    !((!strcmp(a->creds.source, "provider") || !strcmp(a->creds.source, "backend")) &&
	      !strcmp(b->creds.source, "env")))
		return 1;
	return str_differ(a->creds.profile, b->creds.profile);
}

static int has_note(const struct chain_result *r, const char *kind)
{
	for (size_t i = 0; i < r->nnotes; i++)
		if (!strcmp(r->notes[i].kind, kind))
			return 1;
	return 0;
}

/*
 * Why the two differ, and the fix: the first cause that applies. Returns 1
 * when the difference is a trap (the CLI working or failing misleads about
 * Terraform: env variables one reads and the other ignores, a stale token,
 * an MFA prompt, ...), 0 when the configuration asks for it (a profile or a
 * role named in the provider or backend block).
 */
static int cause(const struct facts *fa, const struct chain_result *cli,
		 const struct chain_result *tf, struct strbuf *why, struct strbuf *fix)
{
	const struct env *e = fa->env;
	const char *p = env_get_nonempty(e, "AWS_PROFILE"),
		   *dp = env_get_nonempty(e, "AWS_DEFAULT_PROFILE");
	const struct tf_auth_block *b = block_of(fa, tf);
	int trap = 1;

	if (!tf->creds.error && tf->creds.source &&
	    (!strcmp(tf->creds.source, "provider") || !strcmp(tf->creds.source, "backend"))) {
		strbuf_addf(why,
			    "the %s block sets access_key/secret_key, which the CLI never sees",
			    tf->creds.source);
		strbuf_addf(fix, "%s",
			"test them with tfauth whoami; keep credentials out of the Terraform code: "
			"remove access_key/secret_key and let both tools read the same profile or "
			"environment");
		trap = 0;
	} else if (!tf->creds.error && tf->role_arn && b && b->assume_role_arn.v &&
		   !strcmp(b->assume_role_arn.v, tf->role_arn) &&
		   (!cli->role_arn || strcmp(cli->role_arn, tf->role_arn))) {
		strbuf_addf(why, "the %s block assumes %s, which the CLI does not do",
			    tf->target == TARGET_BACKEND ? "backend" : "provider", tf->role_arn);
		strbuf_addstr(fix, "test what Terraform uses: ");
		chain_test_command(fix, fa, tf);
		trap = 0;
	} else if (!tf->creds.error && tf->profile_programmatic && tf->profile_from &&
		   (!strcmp(tf->profile_from, "provider") || !strcmp(tf->profile_from, "backend") ||
		    !strcmp(tf->profile_from, "--profile"))) {
		strbuf_addf(why, "profile '%s' is set %s, which the CLI does not see",
			    tf->creds.profile ? tf->creds.profile : "default",
			    !strcmp(tf->profile_from, "backend")	 ? "in the backend block"
			    : !strcmp(tf->profile_from, "--profile") ? "by --profile"
								 : "in the provider block");
		strbuf_addstr(fix, "test what Terraform uses: ");
		chain_test_command(fix, fa, tf);
		trap = 0;
	} else if (cli->creds.error && !strncmp(cli->creds.error, "The config profile (", 20) &&
		   cli->profile_from && !strcmp(cli->profile_from, "AWS_DEFAULT_PROFILE")) {
		strbuf_addf(why,
			    "AWS_DEFAULT_PROFILE=%s names no profile: the CLI reads it first and "
			    "stops, "
			    "Terraform ignores it",
			    dp ? dp : "");
		strbuf_addf(fix, "%s", "unset AWS_DEFAULT_PROFILE   # or correct the name");
	} else if (p && dp && strcmp(p, dp)) {
		strbuf_addf(why,
			    "AWS_DEFAULT_PROFILE=%s is read first by the CLI, AWS_PROFILE=%s by "
			    "Terraform",
			    dp, p);
		strbuf_addf(fix, "%s", "unset AWS_DEFAULT_PROFILE   # keep only AWS_PROFILE");
	} else if (tf->creds.from.kind == ORIGIN_ENV && tf->creds.from.name &&
		   !strcmp(tf->creds.from.name, "AWS_ACCESS_KEY")) {
		strbuf_addf(why, "%s",
			    "Terraform reads AWS_ACCESS_KEY/AWS_SECRET_KEY, the CLI does not");
		strbuf_addf(fix, "%s",
			    "export AWS_ACCESS_KEY_ID=\"$AWS_ACCESS_KEY\" "
			    "AWS_SECRET_ACCESS_KEY=\"$AWS_SECRET_KEY\"; "
			    "unset AWS_ACCESS_KEY AWS_SECRET_KEY");
	} else if (env_get_nonempty(e, "AWS_ACCESS_KEY_ID") &&
		   !env_get_nonempty(e, "AWS_SECRET_ACCESS_KEY")) {
		strbuf_addf(why, "%s",
			    "only AWS_ACCESS_KEY_ID is exported: the CLI stops with partial "
			    "credentials, Terraform ignores it");
		strbuf_addf(fix, "%s",
			    "export AWS_SECRET_ACCESS_KEY too, or unset AWS_ACCESS_KEY_ID");
	} else if (has_note(tf, "token-merged")) {
		strbuf_addf(why, "%s",
			    "Terraform merges the config file's aws_session_token into the "
			    "credentials file's keys; the CLI does not");
		strbuf_addf(fix, "%s",
			    "delete the stale aws_session_token from ~/.aws/config");
	} else if (!cli->creds.session_token != !tf->creds.session_token) {
		strbuf_addf(why, "%s",
			    "the CLI also reads AWS_SECURITY_TOKEN / aws_security_token, Terraform "
			    "only AWS_SESSION_TOKEN / aws_session_token");
		strbuf_addf(fix, "%s", "use only AWS_SESSION_TOKEN / aws_session_token");
	} else if (cli->creds.error &&
		   strstr(cli->creds.error, "missing: source_profile or credential_source")) {
		strbuf_addf(why, "%s",
			"the profile has role_arn and static keys but no source_profile: the CLI "
			"refuses it, Terraform assumes the role with the profile's own keys");
		strbuf_addf(fix,
			    "add source_profile = %s to profile '%s' so both tools assume the "
			    "role with these keys",
			    tf->creds.profile ? tf->creds.profile : "default",
			    tf->creds.profile ? tf->creds.profile : "default");
	} else if (cli->creds.source && (!strcmp(cli->creds.source, "boto-config") ||
					 !strcmp(cli->creds.source, "ec2-credentials-file"))) {
		strbuf_addf(why, "the CLI also reads %s, which Terraform never reads",
			    !strcmp(cli->creds.source, "boto-config")
				    ? "boto 2's ~/.boto / BOTO_CONFIG / /etc/boto.cfg"
				    : "AWS_CREDENTIAL_FILE");
		strbuf_addf(fix, "%s",
			    "move the keys into ~/.aws/credentials (aws configure) so both tools "
			    "see them");
	} else if (tf->creds.error && strstr(tf->creds.error, "MFA")) {
		strbuf_addf(why, "%s",
			"the profile has mfa_serial: the CLI prompts for a code, Terraform cannot");
		strbuf_addf(fix, "%s",
			    "give Terraform MFA-session credentials (aws-vault exec, granted, or "
			    "aws sts get-session-token) instead of the mfa_serial profile");
	} else if (cli->creds.source && tf->creds.source && !strcmp(cli->creds.source, "sso") &&
		   !strcmp(tf->creds.source, "profile")) {
		strbuf_addf(why, "%s",
			    "the profile holds SSO settings and static keys: the CLI takes SSO, "
			    "Terraform the keys");
		strbuf_addf(fix, "%s", "keep one kind of credentials per profile");
	} else if (tf->creds.error && !cli->creds.error) {
		strbuf_addf(why, "Terraform stops with `%s` where the CLI goes on",
			    tf->creds.error);
		strbuf_addf(fix, "%s",
			"fix what the other findings name; the CLI working proves nothing here");
	} else {
		strbuf_addf(why, "%s",
			    "the two tools read the shared files and the environment differently "
			    "(see the other findings)");
		strbuf_addf(fix, "%s",
			    "make both read the same source: one profile, or one set of "
			    "environment keys");
		/* the same profile read two ways is a parser trap; two profiles may be meant */
		trap = tf->creds.error || cli->creds.error ||
		       !str_differ(cli->creds.profile, tf->creds.profile);
	}
	return trap;
}

int check_dialects(const struct facts *fa, const struct chain_result *res, size_t nres,
		   struct findings *fs)
{
	const struct chain_result *cli = NULL, *prov = NULL, *back = NULL;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, why = STRBUF_INIT, fix = STRBUF_INIT;
	struct finding *f;
	int trap, ntraps = 0;

	for (size_t i = 0; i < nres; i++) {
		if (res[i].target == TARGET_CLI)
			cli = &res[i];
		else if (res[i].target == TARGET_PROVIDER)
			prov = &res[i];
		else
			back = &res[i];
	}
	if (!cli)
		return 0;
	for (int k = 0; k < 2; k++) {
		const struct chain_result *tf = k ? back : prov;
		const char *who = k ? "the Terraform S3 backend"
				  : (back && !chain_results_differ(prov, back))
					  ? "Terraform"
					  : "the Terraform provider";

		if (!tf || !chain_results_differ(cli, tf))
			continue;
		if (k && prov && !chain_results_differ(prov, back))
			continue; /* already said for "Terraform" */
		if (k && (!fa->backend.present || !fa->backend.type ||
			  strcmp(fa->backend.type, "s3")))
			continue;
		if (!k && fa->provider_unused)
			continue;
		strbuf_reset(&a);
		strbuf_reset(&b);
		strbuf_reset(&why);
		strbuf_reset(&fix);
		trap = cause(fa, cli, tf, &why, &fix);
		if (!trap && cli->imds && !(cli->role_arn && !cli->creds.error))
			continue; /* cli-default-no-credentials says it */
		chain_describe(&a, cli);
		chain_describe(&b, tf);
		f = findings_add(fs, trap ? F_DIALECTS_DISAGREE : F_CLI_TERRAFORM_DIFFER,
				 tf->creds.from.kind != ORIGIN_NONE ? &tf->creds.from
								    : &cli->creds.from);
		finding_set(f, "cli", "%s", a.buf);
		finding_set(f, "who", "%s", who);
		finding_set(f, "tf", "%s", b.buf);
		finding_set(f, "cause", "%s", why.buf);
		finding_set(f, "fix", "%s", fix.buf);
		if (trap)
			ntraps++;
	}
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&why);
	strbuf_release(&fix);
	return ntraps;
}
