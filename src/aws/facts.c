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
