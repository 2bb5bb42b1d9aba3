/*
 * facts.c - lifecycle of struct facts.
 */
#include <stdlib.h>
#include <string.h>

#include "aws/facts.h"
#include "core/banned.h"

const char *dialect_name(enum dialect d)
{
	switch (d) {
	case DIALECT_GO_V2:
		return "go-v2";
	case DIALECT_GO_V1:
		return "go-v1";
	case DIALECT_BOTOCORE:
		return "botocore";
	}
	return "go-v2";
}

const char *dialect_env_profile(const struct env *e, enum dialect d, const char **var)
{
	static const char *const go_order[] = {"AWS_PROFILE", "AWS_DEFAULT_PROFILE"};
	static const char *const boto_order[] = {"AWS_DEFAULT_PROFILE", "AWS_PROFILE"};
	const char *const *order = d == DIALECT_BOTOCORE ? boto_order : go_order;

	for (size_t i = 0; i < 2; i++) {
		const char *v = d == DIALECT_BOTOCORE ? env_get(e, order[i])
						      : env_get_nonempty(e, order[i]);
		if (v) {
			if (var)
				*var = order[i];
			return v;
		}
	}
	if (var)
		*var = NULL;
	return "default";
}

void facts_init(struct facts *f, const struct env *env)
{
	memset(f, 0, sizeof(*f));
	f->env = env;
	f->now = clock_now(env);
}

void facts_release(struct facts *f)
{
	if (!f)
		return;
	if (f->tf_free)
		f->tf_free(f->tf_owner);
	memset(f, 0, sizeof(*f));
}
