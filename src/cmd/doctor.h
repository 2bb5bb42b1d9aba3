/*
 * doctor.h - the state `tfauth doctor` threads through its stages.
 *
 * Each stage lives in its own file (doctor_<stage>.c), reads what earlier
 * stages left in d->facts, adds findings, and may add to the resolution
 * and the text preamble. Stages never print; doctor.c writes the report.
 * Order (doctor.c): terraform, files, chain, env, ci, live.
 */
#ifndef TFAUTH_DOCTOR_H
#define TFAUTH_DOCTOR_H

#include <jansson.h>

#include "aws/facts.h"
#include "cmd/cmd.h"
#include "core/finding.h"
#include "core/strbuf.h"

struct doctor {
	struct cmd_ctx *ctx;
	const struct common_opts *c;
	const char *dir;	       /* the Terraform directory, default "." */
	int live;		       /* --live: one signed STS call */
	int allow_exec;		       /* --allow-exec: run credential_process */
	int probe_imds;		       /* --probe-imds: ask the instance metadata service */
	const char *terraform_version; /* --terraform-version */
	const char *provider_version;  /* --provider-version */
	const char *backend_config;    /* --backend-config: FILE or KEY=VALUE, as terraform init */
	long live_connect_timeout_ms;  /* --connect-timeout (with --live); 0 = default */
	long live_timeout_ms;	       /* --timeout (with --live); 0 = default */

	struct facts facts;
	struct findings findings;
	/*
	 * {"terraform_provider": {...}, "terraform_backend": {...},
	 *  "aws_cli": {...}}: each {"source", "profile", "access_key_id"
	 * (masked), "location", "shadowed": [...]}. A stage that resolves the
	 * chain sets all three; the env stage fills in what is still missing.
	 */
	json_t *resolution;
	struct strbuf text; /* preamble of the text report */
	int exit_override; /* a stage may force an exit code (e.g. 3 on network failure); 0 = none */
};

void doctor_stage_terraform(struct doctor *d);
void doctor_stage_files(struct doctor *d);
void doctor_stage_chain(struct doctor *d);
void doctor_stage_env(struct doctor *d);
void doctor_stage_ci(struct doctor *d);
void doctor_stage_live(struct doctor *d);

/* Run every stage in order on d (set up as cmd_doctor does); explain --doctor uses it too. */
void doctor_collect(struct doctor *d);

#endif
