/*
 * doctor_env.c - doctor's level-1 stage: the process environment. When no
 * earlier stage resolved the chain, it also says whether the environment
 * supplies the credentials (go-v2 rules for Terraform, botocore's for the
 * AWS CLI).
 */
#include <stdlib.h>
#include <string.h>

#include "aws/keyfmt.h"
#include "checks/checks.h"
#include "cmd/doctor.h"
#include "core/redact.h"
#include "core/banned.h"

static json_t *env_source(const struct env *e, enum dialect dl, const char *arg_profile,
			  struct strbuf *text, const char *who)
{
	const char *kvar = "AWS_ACCESS_KEY_ID", *k = env_get_nonempty(e, kvar);
	const char *s = env_get_nonempty(e, "AWS_SECRET_ACCESS_KEY");
	char *masked;
	json_t *r;

	if (dl != DIALECT_BOTOCORE) {
		if (!k && (k = env_get_nonempty(e, "AWS_ACCESS_KEY")))
			kvar = "AWS_ACCESS_KEY";
		if (!s)
			s = env_get_nonempty(e, "AWS_SECRET_KEY");
	}
	if (!k || !s || arg_profile) {
		strbuf_addf(text, "%s: credentials do not come from the environment", who);
		if (arg_profile)
			strbuf_addf(text, " (profile '%s' comes first)", arg_profile);
		strbuf_addch(text, '\n');
		return json_pack("{s:n,s:n,s:n,s:n,s:[]}", "source", "profile", "access_key_id",
				 "location", "shadowed");
	}
	masked = redact_key_id_dup(k);
	strbuf_addf(text, "%s: environment, %s %s (%s)\n", who, kvar, masked,
		    keyid_kind(k, strlen(k)) == KEYID_TEMPORARY	  ? "temporary"
		    : keyid_kind(k, strlen(k)) == KEYID_LONG_TERM ? "long-term"
								  : "not a key id");
	r = json_pack("{s:s,s:n,s:s,s:{s:s},s:[]}", "source", "env", "profile", "access_key_id",
		      masked, "location", "env", kvar, "shadowed");
	free(masked);
	return r;
}

void doctor_stage_env(struct doctor *d)
{
	check_env(&d->facts, &d->findings);
	if (json_object_size(d->resolution))
		return;
	json_object_set_new(d->resolution, "terraform_provider",
			    env_source(d->facts.env, DIALECT_GO_V2, d->facts.arg_profile, &d->text,
				       "Terraform provider"));
	json_object_set_new(
		d->resolution, "terraform_backend",
		env_source(d->facts.env, DIALECT_GO_V2, NULL, &d->text, "Terraform S3 backend"));
	json_object_set_new(d->resolution, "aws_cli",
			    env_source(d->facts.env, DIALECT_BOTOCORE, NULL, &d->text, "AWS CLI"));
}
