/*
 * ci_script_env.c - variables a CI script sets count like declared ones:
 * GitLab `export NAME=...` in before_script/script (and which words are
 * not assignments), GitHub env: at every level and $GITHUB_ENV writes, and
 * where the finding points (the script line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/ci.h"
#include "ci/ci.h"
#include "core/xalloc.h"
#include "tap.h"
#include "core/banned.h"

/* The first finding of kind (CI_GITLAB or CI_GHA) for buf: "id@line:col", or "(none)". */
static char *first_finding(enum ci_kind kind, const char *buf)
{
	struct findings fs = FINDINGS_INIT;
	struct ci_ctx cx;
	char *ret;

	ci_ctx_init(&cx, ".", NULL);
	ci_handle_buf(&cx, kind, kind == CI_GITLAB ? ".gitlab-ci.yml" : ".github/workflows/w.yml",
		      buf, strlen(buf));
	ci_finish(&cx);
	check_ci(&cx, &fs);
	if (!fs.nr)
		ret = xstrdup("(none)");
	else
		ret = xstrfmt("%s@%u:%u", catalogue[fs.v[0]->id].id, fs.v[0]->where.line,
			      fs.v[0]->where.col);
	ci_ctx_release(&cx);
	findings_release(&fs);
	return ret;
}

static void gl(const char *buf, const char *want, const char *name)
{
	char *got = first_finding(CI_GITLAB, buf);
	is_str(got, want, name);
	free(got);
}

static void gh(const char *buf, const char *want, const char *name)
{
	char *got = first_finding(CI_GHA, buf);
	is_str(got, want, name);
	free(got);
}

#define JOB "plan:\n  script:\n"
#define GHJOB                                                                                      \
	"on: push\njobs:\n  plan:\n    runs-on: ubuntu-latest\n%s    steps:\n"                     \
	"      - run: %s\n"

static void gh_fmt(const char *job, const char *run, const char *want, const char *name)
{
	char *buf = xstrfmt(GHJOB, job, run);
	gh(buf, want, name);
	free(buf);
}

int main(void)
{
	/* GitLab: what counts as setting the variable */
	gl(JOB "    - export AWS_ROLE_ARN=arn:aws:iam::1:role/r\n",
	   "gitlab-oidc-missing-id-tokens@3:14", "export NAME=value, at the name");
	gl(JOB "    - AWS_ROLE_ARN=x AWS_WEB_IDENTITY_TOKEN_FILE=/tmp/t terraform plan\n",
	   "gitlab-oidc-missing-id-tokens@3:7", "NAME=value before a command");
	gl(JOB "    - terraform init && export AWS_ROLE_ARN=x\n",
	   "gitlab-oidc-missing-id-tokens@3:32", "after &&");
	gl(JOB "    - |\n      set -e\n      export AWS_WEB_IDENTITY_TOKEN_FILE=/tmp/t\n",
	   "gitlab-oidc-missing-id-tokens@5:14", "inside a block scalar, at its own line");
	gl(JOB "    - \"export AWS_ROLE_ARN=x\"\n", "gitlab-oidc-missing-id-tokens@3:15",
	   "a quoted item");
	gl(JOB "    - echo \"AWS_ROLE_ARN=x\" > vars.env\n", "(none)", "text in a string is not");
	gl(JOB "    - ': ${AWS_ROLE_ARN:=x}'\n", "(none)", "${NAME:=x} is not");
	gl(JOB "    - export MY_AWS_ROLE_ARN=x\n", "(none)", "a longer name is not");
	gl(JOB "    - echo $AWS_ROLE_ARN\n", "(none)", "a use is not");
	/* where the scripts come from */
	gl("before_script:\n  - export AWS_ROLE_ARN=x\n" JOB "    - terraform plan\n",
	   "gitlab-oidc-missing-id-tokens@2:12", "the top-level before_script");
	gl("default:\n  before_script:\n    - export AWS_ROLE_ARN=x\n" JOB "    - terraform plan\n",
	   "gitlab-oidc-missing-id-tokens@3:14", "default: before_script");
	gl(".t:\n  before_script:\n    - export AWS_ROLE_ARN=x\nplan:\n  extends: .t\n  script:\n"
	   "    - terraform plan\n",
	   "gitlab-oidc-missing-id-tokens@3:14", "through extends:");
	gl("plan:\n  variables:\n    AWS_ROLE_ARN: x\n  script:\n    - export AWS_ROLE_ARN=y\n",
	   "gitlab-oidc-missing-id-tokens@1:1", "variables: as before (the job)");
	/* with id_tokens */
	gl("plan:\n  id_tokens:\n    T:\n      aud: https://gitlab.com\n  script:\n"
	   "    - export AWS_ROLE_ARN=x AWS_WEB_IDENTITY_TOKEN_FILE=/tmp/t\n"
	   "    - echo \"$T\" > /tmp/t\n",
	   "(none)", "id_tokens and the token written to the exported file");
	gl("plan:\n  id_tokens:\n    T:\n      aud: https://gitlab.com\n  script:\n"
	   "    - export AWS_WEB_IDENTITY_TOKEN_FILE=/tmp/t\n    - terraform plan\n",
	   "gitlab-token-file-not-written@6:14", "id_tokens, exported file never written");
	gl(JOB "    - export AWS_ROLE_ARN=x\n"
	       "    - export AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/"
	       "serviceaccount/token\n",
	   "(none)", "an EKS service account token is not GitLab's");

	/* GitHub */
	gh_fmt("",
	       "echo \"AWS_ROLE_ARN=x\" >> $GITHUB_ENV; echo AWS_WEB_IDENTITY_TOKEN_FILE=/t >> "
	       "\"$GITHUB_ENV\"",
	       "gha-web-identity-missing-id-token-permission@6:20", "$GITHUB_ENV writes");
	gh_fmt("", "echo \"AWS_ROLE_ARN=x\" >> build.env; echo AWS_WEB_IDENTITY_TOKEN_FILE=/t",
	       "(none)", "not $GITHUB_ENV: nothing is set");
	gh_fmt("    env:\n      AWS_ROLE_ARN: x\n      AWS_WEB_IDENTITY_TOKEN_FILE: /t\n",
	       "terraform plan", "gha-web-identity-missing-id-token-permission@6:7", "job env");
	gh_fmt("    permissions:\n      id-token: write\n"
	       "    env:\n      AWS_ROLE_ARN: x\n      AWS_WEB_IDENTITY_TOKEN_FILE: /t\n",
	       "terraform plan", "(none)", "job env with id-token: write");
	gh_fmt("", "curl \"$ACTIONS_ID_TOKEN_REQUEST_URL\" > /t",
	       "gha-web-identity-missing-id-token-permission@6:14",
	       "asks ACTIONS_ID_TOKEN_REQUEST_URL itself");
	gh("on: push\nenv:\n  AWS_ROLE_ARN: x\n  AWS_WEB_IDENTITY_TOKEN_FILE: /t\njobs:\n  lint:\n"
	   "    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n",
	   "(none)", "workflow env, a job that never calls AWS");
	gh("on: push\nenv:\n  AWS_ROLE_ARN: x\n  AWS_WEB_IDENTITY_TOKEN_FILE: /t\njobs:\n  plan:\n"
	   "    runs-on: ubuntu-latest\n    steps:\n      - run: terraform plan\n",
	   "gha-web-identity-missing-id-token-permission@3:3", "workflow env, a job that does");
	return done_testing();
}
