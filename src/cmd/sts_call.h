/*
 * sts_call.h - the signed STS call shared by `tfauth whoami` and
 * `tfauth doctor --live`: resolve the credentials (chain_resolve) and the
 * endpoint, make the call, and when a refusal may be caused by an opt-in
 * region or a partition, the second, clearly labelled call to a default
 * region's STS. Also the text and JSON blocks that describe the calls.
 *
 * Test hook (like TFAUTH_TEST_NOW, reserved for tests): when
 * TFAUTH_TEST_STS_REDIRECT holds a loopback URL, calls that would go to a
 * computed AWS endpoint go there instead (the labels keep the AWS URL), so
 * the region logic can be tested without the internet.
 *
 * Ownership: struct live_probe owns everything it fills;
 * live_probe_release() frees it (wiping the credentials).
 */
#ifndef TFAUTH_CMD_STS_CALL_H
#define TFAUTH_CMD_STS_CALL_H

#include <jansson.h>

#include "aws/chain.h"
#include "aws/http.h"
#include "aws/sts.h"
#include "checks/sts_verdict.h"
#include "core/strbuf.h"

struct live_probe {
	/* in */
	const struct facts *facts;
	enum chain_target target;
	enum dialect dialect;
	const char *region; /* overrides the chain's region */
	const char *sts_region;
	const char *endpoint_url;
	const char *endpoint_from; /* "--endpoint-url", "sts_endpoint in main.tf:3" */
	struct http_opts http;
	int one_call; /* never make the second call */

	/* out */
	struct chain_result chain;
	int have_creds;
	struct sts_endpoint ep;
	int have_ep;
	enum live_result result;
	struct sts_identity id;
	struct sts_error err;
	int second;
	struct sts_endpoint ep2;
	enum live_result result2;
	struct sts_identity id2;
	struct sts_error err2;
};

void live_probe_run(struct live_probe *p);
void live_probe_release(struct live_probe *p);
void live_probe_verdict(const struct live_probe *p, struct live_verdict *v,
			const struct findings *offline);
/* The block of "name: value" lines for the text report. */
void live_probe_text(const struct live_probe *p, struct strbuf *sb);
/* {"verdict", "identity", "credentials", "call", "error", "second_call"}; new reference. */
json_t *live_probe_json(const struct live_probe *p);
/* Parse a timeout in seconds ("3", "0.5"); ms in *out; 0 or -1. */
int live_parse_timeout(const char *s, long *out);
/* --connect-timeout and --timeout (either may be NULL): 0, or EXIT_USAGE after the message. */
int live_parse_timeouts(const char *cto, const char *to, long *connect_ms, long *total_ms);
/* Exit code of a probe for whoami: 0 accepted, 1 refused or not sent, 3 failed. */
int live_probe_exit(const struct live_probe *p);

#endif
