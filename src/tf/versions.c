/*
 * versions.c - the Terraform and AWS provider versions that may run a
 * configuration: --terraform-version / --provider-version, the lock file,
 * required_version narrowed by .terraform-version (tfenv) or
 * .tool-versions. The checks read the result (struct tf_versions).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "tf/tf.h"
#include "core/banned.h"

static void version_text(struct tf_pool *pool, long v, const char **out)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld.%ld.%ld", v / 1000000, v / 1000 % 1000, v % 1000);
	*out = tf_pool_dup(pool, buf, strlen(buf));
}

static void constraint_text(struct tf_pool *pool, const char *constraint, const char **out)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "\"%s\"", constraint);
	*out = tf_pool_dup(pool, sb.buf, sb.len);
	strbuf_release(&sb);
}

void tf_versions_unknown(struct tf_versions *v)
{
	memset(v, 0, sizeof(*v));
	v->terraform = v->provider = v->terraform_hi = -1;
}

/* lo..hi from a required_version constraint; 0 when it could be read */
static int required_range(struct tf_versions *v, const char *req, struct tf_pool *pool)
{
	long lo, hi;

	if (!req || (tf_version_bounds(req, &lo, &hi) < 0 && lo == 0 && hi < 0))
		return -1;
	v->terraform_lo = lo;
	v->terraform_hi = hi;
	v->terraform = hi;
	constraint_text(pool, req, &v->terraform_text);
	v->terraform_from = "required_version";
	return 0;
}

void tf_versions_required(struct tf_versions *v, const char *required_version, struct tf_pool *pool)
{
	required_range(v, required_version, pool);
}

/*
 * tfenv's .terraform-version: an exact version, or min-required (the
 * lowest required_version allows); latest and latest:REGEX say nothing
 * tfauth can use offline.
 */
static long tfenv_point(const char *tv, const struct tf_versions *v)
{
	if (!tv)
		return -1;
	if (tf_version_parse(tv) >= 0)
		return tf_version_parse(tv);
	if (!strcmp(tv, "min-required") && v->terraform_lo > 0)
		return v->terraform_lo;
	return -1;
}

void tf_versions_init(struct tf_versions *v, const struct tf_config *c, const char *terraform_arg,
		      const char *provider_arg, struct tf_pool *pool)
{
	long p;

	tf_versions_unknown(v);
	if (terraform_arg && (p = tf_version_parse(terraform_arg)) >= 0) {
		v->terraform = v->terraform_lo = v->terraform_hi = p;
		version_text(pool, p, &v->terraform_text);
		v->terraform_from = "--terraform-version";
	} else if (c) {
		int req = required_range(v, c->required_version.v, pool) == 0;
		if ((p = tfenv_point(c->tfenv_version.v, v)) >= 0) {
			/* what tfenv runs; outside required_version, Terraform refuses to */
			v->terraform = v->terraform_lo = v->terraform_hi = p;
			version_text(pool, p, &v->terraform_text);
			const char *n =
				c->tfenv_version.from.name ? c->tfenv_version.from.name : "";
			const char *base = strrchr(n, '/') ? strrchr(n, '/') + 1 : n;
			struct strbuf sb = STRBUF_INIT;
			if (c->tfenv_version.from.kind == ORIGIN_ENV)
				strbuf_addstr(&sb, "TFENV_TERRAFORM_VERSION");
			else
				strbuf_addf(&sb, "%s%s", req ? "required_version and " : "", base);
			v->terraform_from = tf_pool_dup(pool, sb.buf, sb.len);
			strbuf_release(&sb);
		}
	}
	if (provider_arg && tf_version_parse(provider_arg) >= 0)
		v->provider = tf_version_parse(provider_arg);
	else if (c && c->lock_version.v && tf_version_parse(c->lock_version.v) >= 0)
		v->provider = tf_version_parse(c->lock_version.v);
	else if (c && c->provider_constraint.v)
		v->provider = tf_version_highest(c->provider_constraint.v);
	if (v->provider >= 0)
		version_text(pool, v->provider, &v->provider_text);
	/* a version derived from a constraint is a range, say so */
	if (v->provider >= 0 && !(provider_arg && tf_version_parse(provider_arg) >= 0) &&
	    !(c && c->lock_version.v && tf_version_parse(c->lock_version.v) >= 0))
		constraint_text(pool, c->provider_constraint.v, &v->provider_text);
}
