/*
 * checks/optin.h - a version 1 session token sent to an opt-in region
 * (region-opt-in-global-token), judged from the chain results of the
 * Terraform targets: the key, its token's version and the target's region.
 */
#ifndef TFAUTH_CHECKS_OPTIN_H
#define TFAUTH_CHECKS_OPTIN_H

#include <stddef.h>

#include "aws/chain.h"
#include "core/finding.h"

/* res: results of any targets; the AWS CLI's are skipped. */
void check_opt_in_tokens(const struct facts *fa, const struct chain_result *res, size_t nres,
			 struct findings *fs);

#endif
