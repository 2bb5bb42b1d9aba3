/*
 * checks/chain.h - findings from the chain resolution of the three
 * targets (Terraform provider, S3 backend, AWS CLI), and the one-line
 * description of a resolution the text report and dialects-disagree share.
 */
#ifndef TFAUTH_CHECKS_CHAIN_H
#define TFAUTH_CHECKS_CHAIN_H

#include <stddef.h>

#include "aws/chain.h"
#include "core/finding.h"
#include "core/strbuf.h"

/* res holds the targets' results, CLI included; findings go to fs. */
/* Returns how many dialects-disagree traps it reported (for doctor's headline). */
int check_chain(const struct facts *fa, const struct chain_result *res, size_t nres,
		struct findings *fs);
/* An aliased provider's result: its notes and imds-last-resort, nothing about the CLI. */
void check_chain_alias(const struct facts *fa, const struct chain_result *r, struct findings *fs);
/*
 * dialects-disagree (a trap) or cli-terraform-differ (as configured) only,
 * called by check_chain; returns how many traps it reported.
 */
int check_dialects(const struct facts *fa, const struct chain_result *res, size_t nres,
		   struct findings *fs);
/* Do two resolutions give different credentials? */
int chain_results_differ(const struct chain_result *a, const struct chain_result *b);
/* "profile 'dev' (AWS_PROFILE): keys AKIA…1111 from ~/.aws/credentials:3:21" */
void chain_describe(struct strbuf *sb, const struct chain_result *r);
/*
 * The AWS CLI command that tests the credentials r resolves to:
 * "aws sts get-caller-identity --profile prod", "aws sts assume-role ...",
 * or "tfauth whoami" when no CLI command reaches them.
 */
void chain_test_command(struct strbuf *sb, const struct facts *fa, const struct chain_result *r);
/* "file:line:col" or "env NAME" */
void chain_origin_text(struct strbuf *sb, const struct origin *o);

#endif
