/*
 * doctor_chain.c - doctor's chain stage: resolves the credentials of the
 * Terraform provider, the S3 backend and the AWS CLI (aws/chain.h), fills
 * d->resolution and the text preamble (which source wins, with file:line,
 * what loses and why; a disagreement between the CLI and Terraform
 * first), turns the chain's notes into findings, and runs
 * credential_process when, and only when, --allow-exec was given.
 */
#include <stdlib.h>
#include <string.h>

#include "aws/chain.h"
#include "aws/credproc.h"
#include "checks/chain.h"
#include "checks/credproc.h"
#include "checks/optin.h"
#include "cmd/doctor.h"
#include "core/redact.h"
#include "core/xalloc.h"
#include "report/report.h"
#include "core/banned.h"

#define CREDPROC_TIMEOUT_MS 15000

/* "5.31.0" / ">= 1.6, < 2" -> major.minor of the first version number; -1 when none. */
static int version_parse(const char *s, int *major, int *minor)
{
	char *end;

	if (!s)
		return -1;
	while (*s && !(*s >= '0' && *s <= '9'))
		s++;
	if (!*s)
		return -1;
	*major = (int)strtol(s, &end, 10);
	*minor = *end == '.' ? (int)strtol(end + 1, NULL, 10) : 0;
	return 0;
}

static void set_dialects(struct doctor *d)
{
	struct facts *f = &d->facts;
	int maj, min;

	if (d->provider_version && !version_parse(d->provider_version, &maj, &min)) {
		f->provider_dialect = maj < 4 ? DIALECT_GO_V1 : DIALECT_GO_V2;
		f->provider_version = d->provider_version;
	}
	if (d->terraform_version && !version_parse(d->terraform_version, &maj, &min)) {
		f->backend_dialect =
			maj < 1 || (maj == 1 && min < 6) ? DIALECT_GO_V1 : DIALECT_GO_V2;
		f->terraform_version = d->terraform_version;
	}
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Where the region comes from, as shown: "env AWS_REGION", "profile 'dev' (~/.aws/config:3:10)". */
static void region_from_text(struct strbuf *sb, const struct chain_result *r)
{
	if (r->region_profile)
		strbuf_addf(sb, "profile '%s'", r->region_profile);
	else
		strbuf_addstr(sb, r->region_source);
	if (r->region_expr)
		strbuf_addf(sb, ", set by %s, not known offline", r->region_expr);
	if (r->region_at.kind == ORIGIN_FILE) {
		strbuf_addstr(sb, " (");
		chain_origin_text(sb, &r->region_at);
		strbuf_addch(sb, ')');
	}
}

static json_t *result_json(const struct chain_result *r)
{
	json_t *o = json_object(), *sh = json_array();
	char *masked = r->creds.access_key_id ? redact_key_id_dup(r->creds.access_key_id) : NULL;
	int failed = r->creds.error && !(r->imds && !r->creds.error);

	json_object_set_new(o, "source", str_or_null(failed && !r->imds ? NULL : r->creds.source));
	json_object_set_new(o, "method", str_or_null(failed && !r->imds ? NULL : r->method));
	json_object_set_new(o, "dialect", json_string(dialect_name(r->dialect)));
	json_object_set_new(o, "profile", str_or_null(r->creds.profile));
	json_object_set_new(o, "profile_from", str_or_null(r->profile_from));
	json_object_set_new(o, "access_key_id", str_or_null(masked));
	json_object_set_new(o, "session_token", json_boolean(r->creds.session_token != NULL));
	json_object_set_new(o, "role_arn", str_or_null(r->role_arn));
	json_object_set_new(o, "location", report_location_json(&r->creds.from));
	json_object_set_new(o, "error", str_or_null(r->creds.error));
	json_object_set_new(o, "region", str_or_null(r->creds.region));
	if (r->region_source) {
		struct strbuf sb = STRBUF_INIT;
		region_from_text(&sb, r);
		json_object_set_new(o, "region_from", json_string(sb.buf));
		strbuf_release(&sb);
	} else {
		json_object_set_new(o, "region_from", json_null());
	}
	for (size_t i = 0; i < r->nlosers; i++)
		json_array_append_new(sh, json_pack("{s:s,s:s,s:o}", "source", r->losers[i].source,
						    "why", r->losers[i].why, "location",
						    report_location_json(&r->losers[i].from)));
	json_object_set_new(o, "shadowed", sh);
	free(masked);
	return o;
}

static void result_text(struct strbuf *sb, const struct chain_result *r, const struct env *e)
{
	strbuf_addf(sb, "%s (%s): ", chain_result_name(r), dialect_name(r->dialect));
	chain_describe(sb, r);
	if (r->profile_from && r->creds.profile && strcmp(r->profile_from, "default"))
		strbuf_addf(sb, " [profile chosen by %s]", r->profile_from);
	strbuf_addch(sb, '\n');
	if (r->creds.region) {
		strbuf_addf(sb, "    region: %s from ", r->creds.region);
		region_from_text(sb, r);
		strbuf_addch(sb, '\n');
	} else if (r->region_source) {
		strbuf_addstr(sb, "    region: ");
		region_from_text(sb, r);
		strbuf_addch(sb, '\n');
	} else if (r->dialect == DIALECT_BOTOCORE && env_get_nonempty(e, "AWS_REGION")) {
		/* AWS CLI v2's own botocore reads AWS_REGION; botocore 1.x does not. */
		strbuf_addf(sb,
			    "    region: none for botocore 1.x (it reads AWS_DEFAULT_REGION and the "
			    "profile, not AWS_REGION; AWS CLI v2 uses AWS_REGION = %s)\n",
			    env_get_nonempty(e, "AWS_REGION"));
	} else {
		strbuf_addf(sb, "    region: none (%s)\n",
			    r->dialect == DIALECT_BOTOCORE
				    ? "no AWS_DEFAULT_REGION, no region in the profile"
				    : "no region argument, AWS_REGION, AWS_DEFAULT_REGION or region in the "
				      "profile");
	}
	for (size_t i = 0; i < r->nlosers; i++) {
		strbuf_addf(sb, "    loses: %s", r->losers[i].source);
		if (r->losers[i].from.kind == ORIGIN_FILE) {
			strbuf_addstr(sb, " (");
			chain_origin_text(sb, &r->losers[i].from);
			strbuf_addch(sb, ')');
		}
		strbuf_addf(sb, ": %s\n", r->losers[i].why);
	}
}

/*
 * The command as shown: a run of 32 or more base64-ish characters may be
 * a secret passed on the command line, so it is described, not shown.
 */
static char *command_shown(const char *cmd)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = cmd;

	while (*p) {
		size_t n = strspn(
			p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+=");
		if (n >= 32) {
			strbuf_addf(&sb, "(%zu characters, not shown)", n);
			p += n;
		} else if (n) {
			strbuf_add(&sb, p, n);
			p += n;
		} else {
			strbuf_addch(&sb, *p++);
		}
	}
	return strbuf_detach(&sb, NULL);
}

/* credential_process: shown always, run only with --allow-exec. */
static void credential_process(struct doctor *d, const struct chain_result *res, size_t nres)
{
	const char *done[4] = {0};
	size_t ndone = 0;

	for (size_t i = 0; i < nres; i++) {
		for (size_t j = 0; j < res[i].nnotes; j++) {
			const struct chain_note *n = &res[i].notes[j];
			const char *cmd = n->detail;
			char *shown;
			int dup = 0;

			if (strcmp(n->kind, "process"))
				continue;
			for (size_t k = 0; k < ndone; k++)
				dup |= !strcmp(done[k], cmd);
			if (dup || ndone == ARRAY_SIZE(done))
				continue;
			done[ndone++] = cmd;
			shown = command_shown(cmd);
			{
				struct credproc_seen seen = {.profile = n->profile,
							     .shown = shown,
							     .cmd = cmd,
							     .from = n->from,
							     .ran = d->allow_exec,
							     .timeout_s = CREDPROC_TIMEOUT_MS / 1000};
				if (seen.ran) {
					char **envp = xcalloc(d->ctx->env.nr + 1, sizeof(*envp));
					for (size_t k = 0; k < d->ctx->env.nr; k++)
						envp[k] = d->ctx->env.vars[k];
					credproc_exec(cmd, envp, CREDPROC_TIMEOUT_MS, &seen.run);
					free(envp);
				}
				check_credential_process(&d->findings, &seen, d->facts.now);
				if (seen.ran)
					credproc_run_release(&seen.run);
			}
			free(shown);
		}
	}
}

static int same_paths(const struct chain_paths *a, const struct chain_paths *b)
{
	if (a->nconfig != b->nconfig || a->ncreds != b->ncreds ||
	    a->explicit_config != b->explicit_config || a->explicit_creds != b->explicit_creds)
		return 0;
	for (size_t i = 0; i < a->nconfig; i++)
		if (strcmp(a->config[i], b->config[i]))
			return 0;
	for (size_t i = 0; i < a->ncreds; i++)
		if (strcmp(a->creds[i], b->creds[i]))
			return 0;
	return 1;
}

/* Resolve every target, parsing each distinct set of files once per dialect. */
static void resolve_all(const struct facts *f, const enum chain_target *t, struct chain_result *res,
			size_t n)
{
	struct chain_paths p[3];
	struct chain_view v[3];
	enum dialect dl[3];
	int owner[3];

	for (size_t i = 0; i < n; i++) {
		dl[i] = chain_target_dialect(f, t[i]);
		chain_paths_for(f, t[i], dl[i], &p[i]);
		owner[i] = (int)i;
		for (size_t j = 0; j < i; j++)
			if (owner[j] == (int)j && dl[j] == dl[i] && same_paths(&p[j], &p[i])) {
				owner[i] = (int)j;
				break;
			}
		if (owner[i] == (int)i)
			chain_view_load(&v[i], dl[i], &p[i]);
		chain_resolve_view(f, t[i], &v[owner[i]], &res[i]);
	}
	for (size_t i = 0; i < n; i++) {
		if (owner[i] == (int)i)
			chain_view_release(&v[i]);
		chain_paths_release(&p[i]);
	}
}

static int backend_s3(const struct facts *f)
{
	return f->backend.present && f->backend.type && !strcmp(f->backend.type, "s3");
}

/*
 * The root module's aliased providers: each resolved as the provider with
 * its own block, checked like it, and shown after the default one.
 */
static void aliases(struct doctor *d, const struct chain_result *cli, struct strbuf *body,
		    json_t *arr)
{
	for (size_t i = 0; i < d->facts.naliases; i++) {
		struct facts fa = d->facts;
		struct chain_result r[2];
		char *label;

		fa.provider = *d->facts.aliases[i];
		fa.profile_region.v = NULL;
		label = xstrfmt("Terraform provider aws.%s", fa.provider.alias);
		chain_resolve(&fa, TARGET_PROVIDER, &r[0]);
		r[0].label = label;
		r[1] = *cli;
		check_chain_alias(&fa, &r[0], &d->findings);
		check_opt_in_tokens(&fa, &r[0], 1, &d->findings);
		credential_process(d, r, 1);
		{
			json_t *o = result_json(&r[0]);
			json_object_set_new(o, "alias", json_string(fa.provider.alias));
			json_object_set_new(o, "block", report_location_json(&fa.provider.at));
			json_array_append_new(arr, o);
		}
		result_text(body, &r[0], d->facts.env);
		chain_result_release(&r[0]);
		free(label);
	}
}

void doctor_stage_chain(struct doctor *d)
{
	static const enum chain_target targets[] = {TARGET_PROVIDER, TARGET_BACKEND, TARGET_CLI};
	static const char *const keys[] = {"terraform_provider", "terraform_backend", "aws_cli"};
	struct chain_result res[3];
	struct strbuf head = STRBUF_INIT, body = STRBUF_INIT;
	const struct chain_result *cli = &res[2];
	json_t *al = json_array();
	int traps;

	set_dialects(d);
	resolve_all(&d->facts, targets, res, ARRAY_SIZE(targets));
	traps = check_chain(&d->facts, res, ARRAY_SIZE(res), &d->findings);
	/* the provider and, when there is one, the S3 backend (never a backend not configured) */
	check_opt_in_tokens(&d->facts, res, backend_s3(&d->facts) ? 2 : 1, &d->findings);
	credential_process(d, res, ARRAY_SIZE(res));

	for (size_t i = 0; i < ARRAY_SIZE(targets); i++) {
		if (targets[i] == TARGET_BACKEND && !backend_s3(&d->facts))
			continue;
		json_object_set_new(d->resolution, keys[i], result_json(&res[i]));
		result_text(&body, &res[i], d->facts.env);
		if (targets[i] == TARGET_PROVIDER)
			aliases(d, cli, &body, al);
	}
	if (json_array_size(al))
		json_object_set_new(d->resolution, "terraform_provider_aliases", al);
	else
		json_decref(al);
	/*
	 * A disagreement between the CLI and Terraform goes first, when it is
	 * a trap or Terraform fails where the CLI works; a difference the
	 * configuration asks for is only a note (cli-terraform-differ).
	 */
	for (size_t i = 0; i < 2; i++) {
		const struct chain_result *tf = &res[i];
		int fails = !cli->creds.error && !cli->imds && tf->creds.error;

		if (i == 1 && !backend_s3(&d->facts))
			continue;
		if (i == 0 && d->facts.provider_unused)
			continue;
		if (!chain_results_differ(cli, tf) || (!fails && !traps))
			continue;
		if (fails)
			strbuf_addf(&head, "works with the AWS CLI, fails in the %s: ",
				    chain_target_name(tf->target));
		else
			strbuf_addf(&head, "the AWS CLI and the %s use different credentials: ",
				    chain_target_name(tf->target));
		strbuf_addstr(&head, "the CLI uses ");
		chain_describe(&head, cli);
		strbuf_addstr(&head, "; Terraform uses ");
		chain_describe(&head, tf);
		strbuf_addstr(&head, traps ? " (see dialects-disagree)\n" : "\n");
	}
	/* First in the report, even before what earlier stages wrote. */
	if (head.len) {
		strbuf_addch(&head, '\n');
		strbuf_add(&head, d->text.buf, d->text.len);
		strbuf_reset(&d->text);
		strbuf_add(&d->text, head.buf, head.len);
	}
	strbuf_add(&d->text, body.buf, body.len);

	for (size_t i = 0; i < ARRAY_SIZE(res); i++)
		chain_result_release(&res[i]);
	strbuf_release(&head);
	strbuf_release(&body);
}
