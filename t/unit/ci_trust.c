/*
 * ci_trust.c - the workflow/trust-policy comparison: which sub and aud a
 * job would present, and which condition of the policy rejects them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/ci.h"
#include "ci/ci.h"
#include "core/xalloc.h"
#include "tap.h"
#include "core/banned.h"

#define WF_FMT                                                                                     \
	"on:\n%s\npermissions:\n  id-token: write\n  contents: read\njobs:\n  j:\n"                \
	"    runs-on: ubuntu-latest\n%s    steps:\n"                                               \
	"      - uses: "                                                                           \
	"aws-actions/configure-aws-credentials@8df5847569e6427dd6c4fb1cf565c83acfa8afa7\n"         \
	"        with:\n          role-to-assume: arn:aws:iam::123456789012:role/deploy\n"         \
	"          aws-region: eu-west-1\n%s"

#define POL_FMT                                                                                    \
	"{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Federated\": "                 \
	"\"arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com\"}, \"Action\": "      \
	"\"sts:AssumeRoleWithWebIdentity\", \"Condition\": {%s}}]}"

struct run {
	struct findings fs;
	char *msg;
	const char *id;
};

static void run_case(struct run *r, const char *on, const char *jobextra, const char *withextra,
		     const char *cond)
{
	char *wf = xstrfmt(WF_FMT, on, jobextra, withextra);
	char *pol = xstrfmt(POL_FMT, cond);
	struct ci_ctx cx;

	memset(r, 0, sizeof(*r));
	ci_ctx_init(&cx, ".", NULL);
	cx.owner = xstrdup("acme");
	cx.repo = xstrdup("infra-live");
	ci_handle_buf(&cx, CI_GHA, ".github/workflows/w.yml", wf, strlen(wf));
	ci_handle_buf(&cx, CI_POLICY, "iam/deploy.json", pol, strlen(pol));
	ci_finish(&cx);
	check_ci(&cx, &r->fs);
	r->id = "(none)";
	for (size_t i = 0; i < r->fs.nr; i++) {
		const char *id = catalogue[r->fs.v[i]->id].id;
		if (!strncmp(id, "gha-trust", 9)) {
			r->id = id;
			r->msg = xstrdup(finding_message(r->fs.v[i]));
			break;
		}
	}
	ci_ctx_release(&cx);
	free(wf);
	free(pol);
}

static void run_release(struct run *r)
{
	findings_release(&r->fs);
	free(r->msg);
}

#define AUD "\"StringEquals\": {\"token.actions.githubusercontent.com:aud\": \"sts.amazonaws.com\"}"
#define SUB(op, v) "\"" op "\": {\"token.actions.githubusercontent.com:sub\": " v "}"

int main(void)
{
	struct run r;

	run_case(&r, "  push:\n    branches: [main]", "    environment: prod\n", "",
		 AUD ", " SUB("StringLike", "\"repo:acme/infra-live:ref:refs/heads/main\""));
	is_str(r.id, "gha-trust-policy-mismatch",
	       "an environment job presents the environment sub");
	like(r.msg, "'repo:acme/infra-live:environment:prod'", "the sub shown");
	like(r.msg, "iam/deploy.json:1:", "the rejecting condition's position");
	run_release(&r);

	run_case(&r, "  push:\n    branches: [main]", "", "",
		 AUD ", " SUB("StringLike",
			      "[\"repo:acme/infra-live:*\", \"repo:acme@1/infra-live@2:*\"]"));
	is_str(r.id, "(none)", "a policy with both sub forms accepts silently");
	run_release(&r);

	run_case(&r, "  push:\n    branches: [main]", "", "",
		 AUD ", " SUB("StringLike", "\"repo:acme/infra-live:*\""));
	is_str(r.id, "gha-trust-policy-legacy-sub",
	       "a name-only policy gets the immutable-form note");
	run_release(&r);

	run_case(&r, "  push:\n    tags: ['v*']", "", "",
		 AUD ", " SUB("StringLike", "\"repo:acme/infra-live:ref:refs/heads/*\""));
	is_str(r.id, "gha-trust-policy-mismatch", "a tag push presents refs/tags");
	like(r.msg, "ref:refs/tags/vx", "with a stand-in tag name");
	run_release(&r);

	run_case(&r, "  push:\n    branches: [main]", "", "          audience: my-aud\n",
		 AUD ", " SUB("StringLike", "\"repo:acme/infra-live:*\""));
	is_str(r.id, "gha-trust-policy-mismatch", "a custom audience fails the :aud condition");
	like(r.msg, "the token's aud is 'my-aud'", "and says so");
	run_release(&r);

	run_case(&r, "  push:\n    branches: [main]", "", "",
		 AUD ", " SUB("StringLike", "\"repo:ACME/infra-live:*\""));
	like(r.msg, "differs only in case", "case differences are named");
	run_release(&r);

	run_case(&r, "  workflow_dispatch:", "", "",
		 AUD ", " SUB("StringEquals", "\"repo:acme/infra-live:*\""));
	like(r.msg, "StringEquals takes * literally", "StringEquals with * is named");
	like(r.msg, "workflow_dispatch on main", "workflow_dispatch runs on the default branch");
	run_release(&r);

	run_case(&r, "  pull_request:", "", "",
		 AUD ", " SUB("ForAnyValue:StringLike", "[\"repo:acme/infra-live:pull_request\"]"));
	is_str(r.id, "gha-trust-policy-legacy-sub", "ForAnyValue: prefix understood (accepted)");
	run_release(&r);

	run_case(&r, "  pull_request:", "", "",
		 AUD ", " SUB("StringNotLike",
			      "\"repo:acme/infra-live:pull_request\"") ", \"StringLike\": "
								       "{\"token.actions."
								       "githubusercontent.com:job_"
								       "workflow_ref\": \"x\"}");
	is_str(r.id, "gha-trust-policy-mismatch",
	       "StringNotLike rejects; unknown claims are not judged");
	like(r.msg, "forks get no OIDC token", "pull requests mention forks");
	run_release(&r);

	return done_testing();
}
