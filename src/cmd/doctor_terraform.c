/*
 * doctor_terraform.c - doctor's first stage: the Terraform configuration
 * in DIR. It fills facts.provider and facts.backend (what those blocks say,
 * with var.x resolved where it can be), the versions and the dialect each
 * side speaks (provider < 4 and Terraform < 1.6 backends are go-v1), and
 * adds the configuration findings. Later stages (files, env, chain) read
 * the facts: provider arguments outrank env and files.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/terraform.h"
#include "cmd/doctor.h"
#include "core/xalloc.h"
#include "tf/tf.h"
#include "core/banned.h"

static void config_free(void *p)
{
	tf_config_release(p);
	free(p);
}

static const struct tf_auth_block *default_provider(const struct tf_config *c)
{
	/* the root module's; a provider block in a called module is not it */
	for (size_t i = 0; i < c->nproviders; i++)
		if (!c->providers[i].alias && c->provider_depth[i] == 0)
			return &c->providers[i];
	return NULL;
}

/*
 * --backend-config as terraform init reads it: KEY=VALUE when it has an
 * equals sign, else a file (relative to the working directory, as init's).
 */
static void backend_config(struct doctor *d, struct tf_config *c)
{
	const char *bc = d->backend_config;

	if (!c->backend.present)
		return;
	if (strchr(bc, '=')) {
		if (tf_backend_config_kv(c, bc, &(struct origin){ORIGIN_ARG, "--backend-config", 0, 0}) <
		    0)
		{
			error_msg("--backend-config=%s: not an argument of backend \"%s\"", bc,
				  c->backend.type);
			d->exit_override = EXIT_USAGE;
		}
	} else if (tf_backend_config_file(c, bc) < 0) {
		error_msg("--backend-config=%s: cannot be read", bc);
		d->exit_override = EXIT_USAGE;
	}
}

void doctor_stage_terraform(struct doctor *d)
{
	struct tf_config *c = xcalloc(1, sizeof(*c));
	struct facts *f = &d->facts;
	struct tf_versions v;
	const struct tf_auth_block *p;

	tf_config_load_flags(c, d->dir, f->env, d->backend_config ? TF_LOAD_NO_BACKEND_GUESS : 0);
	if (d->backend_config)
		backend_config(d, c);
	f->tf_owner = c;
	f->tf_free = config_free;
	tf_versions_init(&v, c, d->terraform_version, d->provider_version, &c->pool);

	/* dialects: go-v2 unless a version says otherwise (terraform-aws-auth.md §0) */
	f->provider_dialect =
		v.provider >= 0 && v.provider < 4000000 ? DIALECT_GO_V1 : DIALECT_GO_V2;
	f->backend_dialect =
		v.terraform >= 0 && v.terraform < 1006000 ? DIALECT_GO_V1 : DIALECT_GO_V2;
	f->provider_version = c->lock_version.v ? c->lock_version.v : d->provider_version;
	f->provider_constraint = c->provider_constraint.v;
	/* an exact version (.terraform-version) says more than a constraint */
	f->terraform_version = d->terraform_version		  ? d->terraform_version
			       : v.terraform_lo == v.terraform_hi ? v.terraform_text
								  : c->required_version.v;

	if (!c->nfiles && !c->backend.present) {
		strbuf_addf(&d->text, "Terraform: no configuration in %s\n", d->dir);
		return;
	}
	f->tf_present = 1;
	f->provider_unused = !c->nproviders && !c->provider_required && !c->lock_version.v;
	if ((p = default_provider(c)))
		f->provider = *p;
	for (size_t i = 0; i < c->nproviders && f->naliases < FACTS_MAX_ALIASES; i++)
		if (c->providers[i].alias && c->provider_depth[i] == 0)
			f->aliases[f->naliases++] = &c->providers[i];
	check_tf_backend_partial(&d->findings, &c->backend, d->backend_config != NULL);
	if (c->backend.present && !c->backend.partial) {
		f->backend = c->backend;
		/*
		 * The top-level role_arn (Terraform < 1.10) is the backend's role as
		 * much as assume_role = { role_arn = ... } is: the resolution shows it.
		 */
		if (!f->backend.assume_role_arn.v && !f->backend.assume_role_arn.expr &&
		    f->backend.legacy_role_arn.v && v.terraform_lo < 1010000) {
			f->backend.assume_role_arn = f->backend.legacy_role_arn;
			f->backend.assume_role_session_name = f->backend.legacy_session_name;
			f->backend.assume_role_external_id = f->backend.legacy_external_id;
		}
	}

	check_tf_parse_errors(&d->findings, &c->diags);
	check_tf_config(&d->findings, c, f->env, &v, d->terraform_version || d->provider_version);

	strbuf_addf(&d->text, "Terraform: %d file%s in %s; provider aws %s (%s)", c->nfiles,
		    c->nfiles == 1 ? "" : "s", d->dir,
		    v.provider_text ? v.provider_text : "version unknown",
		    dialect_name(f->provider_dialect));
	if (c->backend.present)
		strbuf_addf(&d->text, "; backend %s (%s)", c->backend.type,
			    dialect_name(f->backend_dialect));
	strbuf_addch(&d->text, '\n');
}
