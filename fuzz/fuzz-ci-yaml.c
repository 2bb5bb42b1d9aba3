/*
 * fuzz-ci-yaml.c - the YAML-to-model layer of src/ci/ with libyaml
 * underneath: the first byte picks the file type (workflow, .gitlab-ci.yml,
 * compose, Dockerfile, shell, JSON or .tf trust policy), the rest is the
 * file. Every model is then checked, as doctor would, and the YAML tree is
 * walked completely to prove it is finite (aliases must not make cycles).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/ci.h"
#include "ci/ci.h"
#include "ci/yaml.h"
#include "core/env.h"
#include "core/xalloc.h"
#include "core/banned.h"

static size_t walk(const struct ynode *n, int depth)
{
	size_t k = 1;

	if (!n || depth > YDOC_MAX_DEPTH + 2)
		abort(); /* deeper than the parser allows: a cycle or a cap bug */
	for (size_t i = 0; i < n->nr; i++)
		k += walk(n->v[i], depth + 1);
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ci_kind kinds[] = {CI_GHA,   CI_GITLAB,   CI_COMPOSE, CI_DOCKERFILE,
					     CI_SHELL, CI_MAKEFILE, CI_POLICY,	CI_TF};
	struct findings fs = FINDINGS_INIT;
	struct env env = ENV_INIT;
	struct ydoc d = YDOC_INIT;
	struct diags dg = DIAGS_INIT;
	struct ci_ctx cx;
	enum ci_kind kind;
	char *buf;

	if (size < 1 || size > 256 * 1024)
		return 0;
	kind = kinds[data[0] % (sizeof(kinds) / sizeof(kinds[0]))];
	buf = xmemdupz(data + 1, size - 1);

	ydoc_parse(&d, buf, size - 1, "fuzz.yml", &dg);
	if (d.root)
		walk(d.root, 0);
	ydoc_release(&d);
	diags_release(&dg);

	env_set(&env, "AWS_ACCESS_KEY_ID", "ASIAY34FZKBOKTSTVV7A");
	env_set(&env, "GITHUB_REPOSITORY", "acme/infra-live");
	ci_ctx_init(&cx, "/nonexistent-fuzz-dir", &env);
	ci_repo_identity(&cx);
	ci_handle_buf(&cx, kind, "fuzz", buf, size - 1);
	ci_finish(&cx);
	check_ci(&cx, &fs);
	for (size_t i = 0; i < fs.nr; i++) {
		finding_message(fs.v[i]);
		finding_fix(fs.v[i]);
	}
	ci_ctx_release(&cx);
	findings_release(&fs);
	env_release(&env);
	free(buf);
	return 0;
}
