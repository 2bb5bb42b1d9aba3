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
 * Why the two differ: the first cause that applies, as the name of its
 * case (chain.def: PHRASE "cause" and FIX_CASE of dialects-disagree or
 * cli-terraform-differ) and the values its words take. trap: the
 * difference is a trap (the CLI working or failing misleads about
 * Terraform: env variables one reads and the other ignores, a stale token,
 * an MFA prompt, ...); not when the configuration asks for it (a profile
 * or a role named in the provider or backend block).
 */
struct cause {
	const char *name;
	int trap;
	const char *block, *role, *profile, *set_by, *dp, *p, *error, *file_read;
	struct strbuf command;
};

static void cause(const struct facts *fa, const struct chain_result *cli,
		  const struct chain_result *tf, struct cause *c)
{
	const struct env *e = fa->env;
	const char *p = env_get_nonempty(e, "AWS_PROFILE"),
		   *dp = env_get_nonempty(e, "AWS_DEFAULT_PROFILE");
	const struct tf_auth_block *b = block_of(fa, tf);

	c->trap = 1;
	if (!tf->creds.error && tf->creds.source &&
	    (!strcmp(tf->creds.source, "provider") || !strcmp(tf->creds.source, "backend"))) {
		c->name = "block-keys";
		c->block = tf->creds.source;
		c->trap = 0;
	} else if (!tf->creds.error && tf->role_arn && b && b->assume_role_arn.v &&
		   !strcmp(b->assume_role_arn.v, tf->role_arn) &&
		   (!cli->role_arn || strcmp(cli->role_arn, tf->role_arn))) {
		c->name = "block-role";
		c->block = tf->target == TARGET_BACKEND ? "backend" : "provider";
		c->role = tf->role_arn;
		chain_test_command(&c->command, fa, tf);
		c->trap = 0;
	} else if (!tf->creds.error && tf->profile_programmatic && tf->profile_from &&
		   (!strcmp(tf->profile_from, "provider") || !strcmp(tf->profile_from, "backend") ||
		    !strcmp(tf->profile_from, "--profile"))) {
		c->name = "block-profile";
		c->profile = tf->creds.profile ? tf->creds.profile : "default";
		c->set_by = !strcmp(tf->profile_from, "backend")     ? "in the backend block"
			    : !strcmp(tf->profile_from, "--profile") ? "by --profile"
								     : "in the provider block";
		chain_test_command(&c->command, fa, tf);
		c->trap = 0;
	} else if (cli->creds.error && !strncmp(cli->creds.error, "The config profile (", 20) &&
		   cli->profile_from && !strcmp(cli->profile_from, "AWS_DEFAULT_PROFILE")) {
		c->name = "default-profile-missing";
		c->dp = dp ? dp : "";
	} else if (p && dp && strcmp(p, dp)) {
		c->name = "profile-vars-differ";
		c->dp = dp;
		c->p = p;
	} else if (tf->creds.from.kind == ORIGIN_ENV && tf->creds.from.name &&
		   !strcmp(tf->creds.from.name, "AWS_ACCESS_KEY")) {
		c->name = "access-key-var";
	} else if (env_get_nonempty(e, "AWS_ACCESS_KEY_ID") &&
		   !env_get_nonempty(e, "AWS_SECRET_ACCESS_KEY")) {
		c->name = "key-id-alone";
	} else if (has_note(tf, "token-merged")) {
		c->name = "token-merged";
	} else if (!cli->creds.session_token != !tf->creds.session_token) {
		c->name = "security-token";
	} else if (cli->creds.error &&
		   strstr(cli->creds.error, "missing: source_profile or credential_source")) {
		c->name = "role-keys-no-source";
		c->profile = tf->creds.profile ? tf->creds.profile : "default";
	} else if (cli->creds.source && (!strcmp(cli->creds.source, "boto-config") ||
					 !strcmp(cli->creds.source, "ec2-credentials-file"))) {
		c->name = "boto-config";
		c->file_read = !strcmp(cli->creds.source, "boto-config")
				       ? "boto 2's ~/.boto / BOTO_CONFIG / /etc/boto.cfg"
				       : "AWS_CREDENTIAL_FILE";
	} else if (tf->creds.error && strstr(tf->creds.error, "MFA")) {
		c->name = "mfa";
	} else if (cli->creds.source && tf->creds.source && !strcmp(cli->creds.source, "sso") &&
		   !strcmp(tf->creds.source, "profile")) {
		c->name = "sso-and-keys";
	} else if (tf->creds.error && !cli->creds.error) {
		c->name = "terraform-fails";
		c->error = tf->creds.error;
	} else {
		c->name = "other";
		/* the same profile read two ways is a parser trap; two profiles may be meant */
		c->trap = tf->creds.error || cli->creds.error ||
			  !str_differ(cli->creds.profile, tf->creds.profile);
	}
}

static void set_if(struct finding *f, const char *key, const char *val)
{
	if (val)
		finding_set(f, key, "%s", val);
}

int check_dialects(const struct facts *fa, const struct chain_result *res, size_t nres,
		   struct findings *fs)
{
	const struct chain_result *cli = NULL, *prov = NULL, *back = NULL;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct finding *f;
	int ntraps = 0;

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
		struct cause c = {.command = STRBUF_INIT};

		strbuf_reset(&a);
		strbuf_reset(&b);
		cause(fa, cli, tf, &c);
		if (!c.trap && cli->imds && !(cli->role_arn && !cli->creds.error)) {
			strbuf_release(&c.command);
			continue; /* cli-default-no-credentials says it */
		}
		chain_describe(&a, cli);
		chain_describe(&b, tf);
		f = findings_add(fs, c.trap ? F_DIALECTS_DISAGREE : F_CLI_TERRAFORM_DIFFER,
				 tf->creds.from.kind != ORIGIN_NONE ? &tf->creds.from
								    : &cli->creds.from);
		finding_set(f, "cli", "%s", a.buf);
		finding_set(f, "who", "%s", who);
		finding_set(f, "tf", "%s", b.buf);
		set_if(f, "block", c.block);
		set_if(f, "role", c.role);
		set_if(f, "profile", c.profile);
		set_if(f, "set_by", c.set_by);
		set_if(f, "dp", c.dp);
		set_if(f, "p", c.p);
		set_if(f, "error", c.error);
		set_if(f, "file_read", c.file_read);
		set_if(f, "command", c.command.len ? c.command.buf : NULL);
		finding_phrase(f, "cause", c.name);
		finding_case(f, c.name);
		if (c.trap)
			ntraps++;
		strbuf_release(&c.command);
	}
	strbuf_release(&a);
	strbuf_release(&b);
	return ntraps;
}
