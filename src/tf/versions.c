/*
 * versions.c - version arithmetic ("1.6.6", "~> 5.0", ">= 1.6, < 2") and
 * the Terraform and AWS provider versions that may run a configuration:
 * --terraform-version / --provider-version, the lock file,
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

/* ---- versions ---------------------------------------------------------- */

long tf_version_parse(const char *v)
{
	long part[3] = {0, 0, 0};
	int n = 0;
	const char *p = v;

	while (*p == ' ' || *p == 'v')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	while (n < 3 && *p >= '0' && *p <= '9') {
		char *end;
		part[n++] = strtol(p, &end, 10);
		p = end;
		if (*p != '.')
			break;
		p++;
	}
	if (part[0] > 999999 || part[1] > 999 || part[2] > 999)
		return -1; /* and no signed overflow below */
	return part[0] * 1000000 + part[1] * 1000 + part[2];
}

/*
 * One comma-separated part of a constraint: the versions it allows as
 * [*lo, *hi] (hi -1: no upper bound), or *ne for "!= v". -1 when unreadable.
 */
static int part_bounds(const char *p, size_t n, long *lo, long *hi, long *ne)
{
	char one[64], *q = one;
	long v;
	int dots = 0;

	*lo = 0;
	*hi = *ne = -1;
	if (n >= sizeof(one))
		n = sizeof(one) - 1;
	memcpy(one, p, n);
	one[n] = '\0';
	while (*q == ' ')
		q++;
	if (!strncmp(q, "~>", 2)) {
		v = tf_version_parse(q + 2);
		for (const char *d = q + 2; *d && *d != '-' && *d != '+'; d++)
			dots += *d == '.';
		*lo = v;
		/* only the rightmost component may grow: "~> 5" has no bound */
		if (v >= 0 && dots >= 2)
			*hi = (v / 1000 + 1) * 1000 - 1;
		else if (v >= 0 && dots == 1)
			*hi = (v / 1000000 + 1) * 1000000 - 1;
	} else if (!strncmp(q, "!=", 2)) {
		v = *ne = tf_version_parse(q + 2);
	} else if (!strncmp(q, ">=", 2)) {
		v = *lo = tf_version_parse(q + 2);
	} else if (*q == '>') {
		v = tf_version_parse(q + 1);
		*lo = v + 1;
	} else if (!strncmp(q, "<=", 2)) {
		v = *hi = tf_version_parse(q + 2);
	} else if (*q == '<') {
		v = tf_version_parse(q + 1);
		*hi = v > 0 ? v - 1 : 0;
	} else {
		v = tf_version_parse(*q == '=' ? q + 1 : q);
		*lo = *hi = v;
	}
	return v < 0 ? -1 : 0;
}

/*
 * The bounds of every part of a constraint, and whether probe (>= 0)
 * satisfies them all; -1 when a part is unreadable.
 */
static int parts_each(const char *constraint, long *lo, long *hi, long probe, int *ok)
{
	const char *p = constraint;
	int bad = 0;

	*lo = 0;
	*hi = -1;
	*ok = 1;
	if (!constraint || !*constraint)
		return -1;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		long l, h, ne;

		if (part_bounds(p, n, &l, &h, &ne) < 0) {
			bad = 1;
		} else if (ne >= 0) {
			if (probe == ne)
				*ok = 0;
		} else {
			if (l > *lo)
				*lo = l;
			if (h >= 0 && (*hi < 0 || h < *hi))
				*hi = h;
			if (probe >= 0 && (probe < l || (h >= 0 && probe > h)))
				*ok = 0;
		}
		if (!end)
			break;
		p = end + 1;
	}
	return bad ? -1 : 0;
}

long tf_version_highest(const char *constraint)
{
	long lo, hi;
	int ok;

	parts_each(constraint, &lo, &hi, -1, &ok);
	return hi;
}

int tf_version_bounds(const char *constraint, long *lo, long *hi)
{
	int ok;

	return parts_each(constraint, lo, hi, -1, &ok);
}

int tf_version_satisfies(const char *constraint, long v)
{
	long lo, hi;
	int ok;

	if (v < 0 || parts_each(constraint, &lo, &hi, v, &ok) < 0)
		return -1;
	return ok;
}

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
