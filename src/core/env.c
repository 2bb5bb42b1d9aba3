/*
 * env.c - environment snapshot and the injectable clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/env.h"
#include "core/xalloc.h"
#include "core/banned.h"

void env_from_environ(struct env *e, char **environ_)
{
	for (char **p = environ_; p && *p; p++) {
		ALLOC_GROW(e->vars, e->nr + 1, e->alloc);
		e->vars[e->nr++] = xstrdup(*p);
	}
}

static char **env_find(const struct env *e, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < e->nr; i++)
		if (!strncmp(e->vars[i], name, n) && e->vars[i][n] == '=')
			return &e->vars[i];
	return NULL;
}

void env_set(struct env *e, const char *name, const char *value)
{
	char **slot = env_find(e, name);
	char *kv = xstrfmt("%s=%s", name, value);

	if (slot) {
		free(*slot);
		*slot = kv;
		return;
	}
	ALLOC_GROW(e->vars, e->nr + 1, e->alloc);
	e->vars[e->nr++] = kv;
}

const char *env_get(const struct env *e, const char *name)
{
	char **slot = env_find(e, name);

	return slot ? *slot + strlen(name) + 1 : NULL;
}

const char *env_get_nonempty(const struct env *e, const char *name)
{
	const char *v = env_get(e, name);

	return v && *v ? v : NULL;
}

void env_release(struct env *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->nr; i++)
		free(e->vars[i]);
	free(e->vars);
	e->vars = NULL;
	e->nr = e->alloc = 0;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

int time_parse_iso8601(const char *s, time_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	const char *p;
	long long t;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	p = s + n;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		if (sscanf(p + 1, "%2d:%2d:%2d%n", &h, &mi, &sec, &n) != 3)
			return -1;
		p += 1 + n;
		if (*p == '.')
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	t = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400LL + h * 3600 + mi * 60 + sec;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;
		if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2)
			return -1;
		t -= (*p == '+' ? 1 : -1) * (oh * 3600LL + om * 60LL);
		p += 6;
	} else if (*p) {
		return -1;
	}
	if (*p)
		return -1;
	*out = (time_t)t;
	return 0;
}

void time_format_iso8601(time_t t, char buf[21])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_format_duration(long long secs, char *buf, size_t len)
{
	if (secs < 0)
		secs = -secs;
	if (secs < 60)
		snprintf(buf, len, "%llds", secs);
	else if (secs < 3600)
		snprintf(buf, len, "%lldm", secs / 60);
	else if (secs < 86400)
		snprintf(buf, len, "%lldh %lldm", secs / 3600, secs % 3600 / 60);
	else
		snprintf(buf, len, "%lldd %lldh", secs / 86400, secs % 86400 / 3600);
}

time_t clock_now(const struct env *e)
{
	const char *v = e ? env_get_nonempty(e, "TFAUTH_TEST_NOW") : NULL;
	time_t t;

	if (v) {
		char *end;
		long long n = strtoll(v, &end, 10);
		if (!*end)
			return (time_t)n;
		if (!time_parse_iso8601(v, &t))
			return t;
	}
	return time(NULL);
}
