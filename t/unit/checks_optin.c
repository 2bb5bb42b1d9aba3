/*
 * checks_optin.c - region-opt-in-global-token: which key, token and region
 * make it fire (a static ASIA key with a v1 token going to an opt-in
 * region), and which stay silent (AKIA, v2, a default region, a role, the CLI).
 */
#include <string.h>

#include "aws/facts.h"
#include "checks/optin.h"
#include "core/env.h"
#include "tap.h"
#include "core/banned.h"

#define V1 "FwoGZXIvYXdzEJr//////////wEaDExampleV1TokenValueForTestsOnly"
#define V2 "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDtExample"

static size_t run(const char *key, const char *tok, const char *region, enum chain_target t,
		  const char *role)
{
	struct env e = ENV_INIT;
	struct facts fa;
	struct chain_result r;
	struct findings fs = {0};
	size_t n;

	if (region)
		env_set(&e, "AWS_REGION", region);
	facts_init(&fa, &e);
	memset(&r, 0, sizeof(r));
	r.target = t;
	r.creds.access_key_id = key;
	r.creds.session_token = tok;
	r.role_arn = role;
	check_opt_in_tokens(&fa, &r, 1, &fs);
	n = fs.nr;
	if (n)
		like(finding_message(fs.v[0]), "goes to ", "the message names the region");
	findings_release(&fs);
	facts_release(&fa);
	env_release(&e);
	return n;
}

int main(void)
{
	const char *asia = "ASIAY34FZKBOKTSTVV7A", *akia = "AKIAY34FZKBOKTSTVV7A";

	plan_lazy();
	is_int((long)run(asia, V1, "ap-east-1", TARGET_PROVIDER, NULL), 1,
	       "ASIA + v1 token in an opt-in region: error");
	is_int((long)run(asia, V1, "ap-east-1", TARGET_BACKEND, NULL), 1, "the backend too");
	is_int((long)run(asia, V2, "ap-east-1", TARGET_PROVIDER, NULL), 0, "a v2 token: silent");
	is_int((long)run(akia, NULL, "ap-east-1", TARGET_PROVIDER, NULL), 0, "AKIA: silent");
	is_int((long)run(asia, V1, "us-east-1", TARGET_PROVIDER, NULL), 0,
	       "v1 in a default region: silent");
	is_int((long)run(asia, V1, NULL, TARGET_PROVIDER, NULL), 0, "no region: silent");
	is_int((long)run(asia, "AQoDYXdzEJr", "ap-east-1", TARGET_PROVIDER, NULL), 0,
	       "an unknown token version: silent");
	is_int((long)run(asia, V1, "ap-east-1", TARGET_CLI, NULL), 0, "the AWS CLI: not judged");
	is_int((long)run(asia, V1, "ap-east-1", TARGET_PROVIDER, "arn:aws:iam::1:role/x"), 0,
	       "a role Terraform assumes gets its own (v2) token");
	return done_testing();
}
