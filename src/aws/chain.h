/*
 * chain.h - which credentials a tool would use: the credential chain of
 * each dialect, resolved from the facts (environment, shared files,
 * provider/backend arguments). No I/O beyond what the facts already hold;
 * never runs credential_process or contacts anything.
 *
 * Ownership: every string in result->creds is owned by the result and lives
 * until chain_result_release(), which wipes secrets and accepts NULL.
 */
#ifndef TFAUTH_CHAIN_H
#define TFAUTH_CHAIN_H

#include "aws/facts.h"

enum chain_target {
	TARGET_PROVIDER, /* Terraform's provider "aws" */
	TARGET_BACKEND,  /* Terraform's S3 backend */
	TARGET_CLI,      /* the AWS CLI */
};

struct chain_result {
	struct resolved_creds creds;
	char *owned[8]; /* storage behind creds' strings */
};

/* 0 when credentials were resolved, -1 when not (creds.error says why). */
int chain_resolve(const struct facts *f, enum chain_target t, struct chain_result *out);
void chain_result_release(struct chain_result *r);

#endif
