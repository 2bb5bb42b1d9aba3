/*
 * sts_verdict.h - the diagnosis of one signed GetCallerIdentity call: accepted,
 * refused (and why, from the error code combined with what is known
 * offline about the credentials), or failed. Pure: the calls are made by
 * the front end (cmd/sts_call.c); this only judges their results.
 */
#ifndef TFAUTH_CHECKS_STS_VERDICT_H
#define TFAUTH_CHECKS_STS_VERDICT_H

#include "aws/facts.h"
#include "aws/sts.h"
#include "core/finding.h"

enum live_result {
	LIVE_NOT_SENT = -2, /* err->detail says why */
	LIVE_FAILED = -1,   /* err->kind: network, server, response */
	LIVE_ACCEPTED = 0,
	LIVE_REFUSED = 1,
};

struct live_verdict {
	const struct resolved_creds *creds; /* what was sent (never printed) */
	const struct sts_endpoint *ep;	    /* NULL when none could be resolved */
	enum live_result result;
	const struct sts_identity *id;
	const struct sts_error *err;
	/* the second, labelled call to a default region's STS, if one was made */
	int second;
	const struct sts_endpoint *second_ep;
	enum live_result second_result;
	const struct sts_identity *second_id;
	const struct sts_error *second_err;
	const struct findings *offline; /* what the offline checks found, or NULL */
	int quiet_accept; /* no sts-accepted finding (whoami prints the identity itself) */
	/* sts-not-sent without credentials: the fix for the chain that was used, or NULL */
	const char *fix_no_creds;
};

/*
 * Should a refusal be retried against a default region's STS to tell an
 * opt-in region or a partition mismatch from a bad key? Returns the region
 * to call ("us-east-1"), or NULL.
 */
const char *live_second_call_region(const struct live_verdict *v);

/* Add the findings for the verdict. */
void check_live(const struct live_verdict *v, struct findings *fs);

#endif
