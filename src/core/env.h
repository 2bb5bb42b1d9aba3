/*
 * env.h - a snapshot of the environment the tools would see.
 *
 * Every collector reads variables through struct env rather than getenv(),
 * so tests and the fuzzers can hand in any environment. Values point into
 * the snapshot's own storage and live as long as it does.
 */
#ifndef TFAUTH_ENV_H
#define TFAUTH_ENV_H

#include <stddef.h>
#include <time.h>

struct env {
	char **vars; /* "NAME=value", owned */
	size_t nr, alloc;
};

#define ENV_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void env_from_environ(struct env *e, char **environ_);
/* Add or replace NAME=value. */
void env_set(struct env *e, const char *name, const char *value);
/* The value, or NULL when unset (an empty string when set but empty). */
const char *env_get(const struct env *e, const char *name);
/* The value only when set and non-empty. */
const char *env_get_nonempty(const struct env *e, const char *name);
void env_release(struct env *e);

/*
 * The current time. Tests inject it with TFAUTH_TEST_NOW (seconds since the
 * epoch, or an ISO 8601 UTC time), a variable reserved for tests.
 */
time_t clock_now(const struct env *e);

/* Parse "2026-11-28T10:00:00Z" (also with +00:00, fractions, or a space). */
int time_parse_iso8601(const char *s, time_t *out);
/* "2026-11-28T10:00:00Z" into buf (21 bytes). */
void time_format_iso8601(time_t t, char buf[21]);
/* "3h 12m", "2d 4h", "45s" into buf. */
void time_format_duration(long long secs, char *buf, size_t len);

#endif
