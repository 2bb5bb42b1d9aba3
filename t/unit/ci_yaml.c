/*
 * ci_yaml.c - unit tests for the CI layer: the libyaml node tree (positions,
 * merge keys, aliases, caps, broken input), IAM string matching, file
 * classification, the repository identity from .git/config, and a few
 * model details that golden cases would only show indirectly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checks/ci.h"
#include "ci/ci.h"
#include "ci/yaml.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "tap.h"
#include "core/banned.h"

static void test_tree(void)
{
	const char *y = "a: 1\n"
			"b:\n"
			"  - x\n"
			"  - 'y'\n"
			"base: &base\n"
			"  k: v\n"
			"m:\n"
			"  <<: *base\n"
			"  own: o\n";
	struct ydoc d = YDOC_INIT;
	struct diags dg = DIAGS_INIT;
	const struct ynode *b, *k = NULL;

	is_int(ydoc_parse(&d, y, strlen(y), "t.yml", &dg), 0, "valid YAML parses");
	ok(d.root && d.root->kind == YNODE_MAP, "root is a map");
	is_str(ynode_str(ymap_get(d.root, "a", &k)), "1", "scalar value");
	is_int(k->line, 1, "key line");
	is_int(k->col, 1, "key column");
	b = ymap_get(d.root, "b", NULL);
	is_int(yseq_nr(b), 2, "sequence length");
	is_int(b->v[1]->line, 4, "item line");
	is_int(b->v[1]->col, 5, "item column");
	ok(b->v[0]->plain && !b->v[1]->plain, "plain and quoted scalars told apart");
	is_str(ynode_str(ymap_get(ymap_get(d.root, "m", NULL), "k", NULL)), "v",
	       "a << merge key is followed");
	is_str(ynode_str(ymap_get(ymap_get(d.root, "m", NULL), "own", NULL)), "o",
	       "own keys still there");
	ok(ymap_get(ymap_get(d.root, "m", NULL), "k", NULL) ==
		   ymap_get(ymap_get(d.root, "base", NULL), "k", NULL),
	   "an alias is the anchored node, not a copy");
	is_int(dg.nr, 0, "no diagnostics");
	ydoc_release(&d);
	diags_release(&dg);
}

static void test_broken(void)
{
	const char *y = "jobs:\n  a:\n    steps: [1, 2\n  b: {\n";
	const char *cyc = "a: &a [*a]\n";
	struct ydoc d = YDOC_INIT;
	struct diags dg = DIAGS_INIT;
	struct strbuf deep = STRBUF_INIT;

	is_int(ydoc_parse(&d, y, strlen(y), "bad.yml", &dg), -1, "broken YAML reports an error");
	ok(dg.nr == 1 && dg.v[0].line > 0 && dg.v[0].col > 0, "the error has a line and column");
	ok(ymap_get(d.root, "jobs", NULL) != NULL, "what came before the error is kept");
	ydoc_release(&d);
	diags_release(&dg);

	is_int(ydoc_parse(&d, cyc, strlen(cyc), "cyc.yml", &dg), -1,
	       "an alias to an unfinished anchor is an error");
	ok(d.root && ymap_get(d.root, "a", NULL)->nr == 1 &&
		   ymap_get(d.root, "a", NULL)->v[0]->kind == YNODE_SCALAR,
	   "and becomes a null scalar, not a cycle");
	ydoc_release(&d);
	diags_release(&dg);

	for (int i = 0; i < 200; i++)
		strbuf_addch(&deep, '[');
	is_int(ydoc_parse(&d, deep.buf, deep.len, "deep.yml", &dg), -1, "nesting is capped");
	like(dg.nr ? dg.v[0].msg : "", "nesting deeper", "with a clear message");
	ydoc_release(&d);
	diags_release(&dg);
	strbuf_release(&deep);

	is_int(ydoc_parse(&d, "", 0, "empty.yml", &dg), 0, "an empty file is fine");
	ok(!d.root, "and has no root");
	ydoc_release(&d);
	diags_release(&dg);
}

static void test_glob(void)
{
	ok(ci_glob_match("repo:acme/infra:*", "repo:acme/infra:ref:refs/heads/main", 0),
	   "* matches a suffix");
	ok(!ci_glob_match("repo:acme/infra:*", "repo:Acme/infra:pull_request", 0),
	   "case-sensitive");
	ok(ci_glob_match("repo:acme/infra:*", "repo:Acme/infra:pull_request", 1),
	   "IgnoreCase folds");
	ok(ci_glob_match("repo:*/infra:ref:refs/heads/?ain", "repo:x/infra:ref:refs/heads/main", 0),
	   "? and inner *");
	ok(!ci_glob_match("repo:acme/infra", "repo:acme/infra:pull_request", 0),
	   "no implicit suffix");
	ok(ci_glob_match("*", "", 0), "* matches empty");
}

static void test_kinds(void)
{
	is_int(ci_kind_of(".github/workflows/ci.yml"), CI_GHA, "workflow");
	is_int(ci_kind_of("sub/.github/workflows/ci.yaml"), CI_GHA, "nested workflow (scan)");
	is_int(ci_kind_of(".github/workflows/sub/ci.yml"), CI_NONE,
	       "not in a subdirectory of workflows");
	is_int(ci_kind_of(".gitlab-ci.yml"), CI_GITLAB, "gitlab");
	is_int(ci_kind_of("deploy/docker-compose.prod.yml"), CI_COMPOSE, "compose");
	is_int(ci_kind_of("compose.yaml"), CI_COMPOSE, "compose.yaml");
	is_int(ci_kind_of("images/Dockerfile.ci"), CI_DOCKERFILE, "Dockerfile.ci");
	is_int(ci_kind_of("scripts/plan.sh"), CI_SHELL, "shell");
	is_int(ci_kind_of("Makefile"), CI_MAKEFILE, "Makefile");
	is_int(ci_kind_of("package.json"), CI_NONE, "package.json is not a policy");
	is_int(ci_kind_of("README.md"), CI_NONE, "other files");
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void test_identity(void)
{
	char tmpl[] = "/tmp/tfauth-ci-XXXXXX";
	char *dir = mkdtemp(tmpl);
	struct strbuf p = STRBUF_INIT;
	struct findings fs = FINDINGS_INIT;
	struct env env = ENV_INIT;
	struct ci_ctx cx;

	if (!dir) {
		ok(0, "mkdtemp");
		return;
	}
	strbuf_addf(&p, "%s/.git", dir);
	mkdir(p.buf, 0700);
	strbuf_addstr(&p, "/config");
	write_file(p.buf, "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = "
			  "git@github.com:other/x.git\n"
			  "[remote \"origin\"]\n\turl = https://github.com/Acme/infra-live.git\n");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/.git/HEAD", dir);
	write_file(p.buf, "ref: refs/heads/trunk\n");
	ci_ctx_init(&cx, dir, &env);
	ci_repo_identity(&cx);
	is_str(cx.owner, "Acme", "owner from the origin remote (not upstream)");
	is_str(cx.repo, "infra-live", "repository without .git");
	is_str(cx.default_branch, "trunk", "branch from HEAD");
	ci_ctx_release(&cx);

	strbuf_reset(&p);
	strbuf_addf(&p, "%s/.git/config", dir);
	write_file(p.buf, "[remote \"origin\"]\n\turl = ssh://git@github.com/acme/tools\n");
	ci_ctx_init(&cx, dir, &env);
	ci_repo_identity(&cx);
	is_str(cx.repo, "tools", "ssh:// URL without .git");
	ci_ctx_release(&cx);

	env_set(&env, "GITHUB_REPOSITORY", "runner/says");
	ci_ctx_init(&cx, dir, &env);
	ci_repo_identity(&cx);
	is_str(cx.owner, "runner", "GITHUB_REPOSITORY wins inside Actions");
	ci_ctx_release(&cx);

	strbuf_reset(&p);
	strbuf_addf(&p, "rm -rf '%s'", dir);
	if (system(p.buf))
		ok(0, "cleanup");
	strbuf_release(&p);
	findings_release(&fs);
	env_release(&env);
}

static const char *first_id(struct findings *fs)
{
	return fs->nr ? catalogue[fs->v[0]->id].id : "(none)";
}

static void test_models(void)
{
	struct findings fs = FINDINGS_INIT;
	struct ci_ctx cx;
	const char *sh = "docker run --rm \\\n  --mount "
			 "type=bind,source=$HOME/.aws,target=/home/app/.aws,readonly \\\n"
			 "  --user root img/terraform plan\n# docker run -e AWS_PROFILE x\n";
	const char *secret =
		"FROM x\nENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYab\n";

	ci_ctx_init(&cx, ".", NULL);
	ci_handle_buf(&cx, CI_SHELL, "run.sh", sh, strlen(sh));
	ci_finish(&cx);
	check_ci(&cx, &fs);
	is_int(fs.nr, 1, "one finding for the --mount line, none for the comment");
	is_str(first_id(&fs), "docker-run-aws-dir-wrong-home",
	       "--mount target checked against --user root");
	is_int(fs.nr ? fs.v[0]->where.line : 0, 2, "at the --mount line");
	ci_ctx_release(&cx);
	findings_release(&fs);

	ci_ctx_init(&cx, ".", NULL);
	ci_handle_buf(&cx, CI_DOCKERFILE, "Dockerfile", secret, strlen(secret));
	ci_finish(&cx);
	check_ci(&cx, &fs);
	is_str(first_id(&fs), "dockerfile-baked-credentials", "ENV secret found");
	for (size_t i = 0; i < fs.nr; i++) {
		unlike(finding_message(fs.v[i]), "wJalr", "the secret is never in the message");
		unlike(finding_fix(fs.v[i]), "wJalr", "nor in the fix");
	}
	ci_ctx_release(&cx);
	findings_release(&fs);
}

static void test_homes(void)
{
	static const struct {
		const char *compose, *want;
	} cases[] = {
		/* a uid other than 0 may have a passwd entry: only /root is known wrong */
		{"services:\n  a:\n    user: '1000'\n    volumes: ['~/.aws:/home/node/.aws:ro']\n",
		 "(none)"},
		{"services:\n  a:\n    user: '1000'\n    volumes: ['~/.aws:/root/.aws:ro']\n",
		 "compose-aws-dir-wrong-home"},
		{"services:\n  a:\n    user: app\n    volumes: ['~/.aws:/home/ci/.aws:ro']\n",
		 "compose-aws-dir-wrong-home"},
		{"services:\n  a:\n    user: app\n    volumes: ['~/.aws:/home/app/.aws:ro']\n",
		 "(none)"},
		{"services:\n  a:\n    user: root\n    volumes: ['~/.aws:/home/app/.aws:ro']\n",
		 "compose-aws-dir-wrong-home"},
		/* HOME set in the service decides */
		{"services:\n  a:\n    user: '1000'\n    environment: [HOME=/work]\n    volumes: "
		 "['~/.aws:/work/.aws:ro']\n",
		 "(none)"},
		/* AWS_CONFIG_FILE points the SDK at the mount */
		{"services:\n  a:\n    user: '1000'\n    environment: {AWS_CONFIG_FILE: "
		 "/root/.aws/config}\n    volumes: ['~/.aws:/root/.aws:ro']\n",
		 "(none)"},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct findings fs = FINDINGS_INIT;
		struct ci_ctx cx;

		ci_ctx_init(&cx, ".", NULL);
		ci_handle_buf(&cx, CI_COMPOSE, "compose.yaml", cases[i].compose,
			      strlen(cases[i].compose));
		ci_finish(&cx);
		check_ci(&cx, &fs);
		char name[64];

		snprintf(name, sizeof(name), "container home, case %zu", i + 1);
		is_str(first_id(&fs), cases[i].want, name);
		ci_ctx_release(&cx);
		findings_release(&fs);
	}
}

int main(void)
{
	test_homes();
	test_tree();
	test_broken();
	test_glob();
	test_kinds();
	test_identity();
	test_models();
	return done_testing();
}
