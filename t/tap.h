/*
 * tap.h - a tiny TAP producer for C unit tests (git's test-lib spirit).
 *
 *   plan_lazy();            // or plan(n)
 *   ok(cond, "name");
 *   is_int(got, want, "name");
 *   is_str(got, want, "name");
 *   like(got, "substring", "name");
 *   return done_testing();
 *
 * Every failure prints "# file:line" and the values compared.
 */
#ifndef TFAUTH_TAP_H
#define TFAUTH_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed, tap_planned = -1;

static inline void plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
}

static inline void plan_lazy(void)
{
	tap_planned = -1;
}

static inline int tap_ok(int cond, const char *file, int line, const char *name)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	if (!cond) {
		tap_failed++;
		printf("# failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

#define ok(cond, name) tap_ok(!!(cond), __FILE__, __LINE__, (name))

#define is_int(got, want, name)                                                                    \
	do {                                                                                       \
		long long tap_g_ = (long long)(got), tap_w_ = (long long)(want);                   \
		if (!tap_ok(tap_g_ == tap_w_, __FILE__, __LINE__, (name)))                         \
			printf("#   got: %lld\n#  want: %lld\n", tap_g_, tap_w_);                  \
	} while (0)

#define is_str(got, want, name)                                                                    \
	do {                                                                                       \
		const char *tap_g_ = (got), *tap_w_ = (want);                                      \
		int tap_c_ = (tap_g_ && tap_w_) ? !strcmp(tap_g_, tap_w_) : tap_g_ == tap_w_;      \
		if (!tap_ok(tap_c_, __FILE__, __LINE__, (name)))                                   \
			printf("#   got: '%s'\n#  want: '%s'\n", tap_g_ ? tap_g_ : "(null)",       \
			       tap_w_ ? tap_w_ : "(null)");                                        \
	} while (0)

#define like(got, needle, name)                                                                    \
	do {                                                                                       \
		const char *tap_g_ = (got), *tap_w_ = (needle);                                    \
		if (!tap_ok(tap_g_ && strstr(tap_g_, tap_w_) != NULL, __FILE__, __LINE__, (name))) \
			printf("#   got: '%s'\n#  want substring: '%s'\n",                         \
			       tap_g_ ? tap_g_ : "(null)", tap_w_);                                \
	} while (0)

#define unlike(got, needle, name)                                                                  \
	do {                                                                                       \
		const char *tap_g_ = (got), *tap_w_ = (needle);                                    \
		if (!tap_ok(!tap_g_ || strstr(tap_g_, tap_w_) == NULL, __FILE__, __LINE__,         \
			    (name)))                                                               \
			printf("#   got: '%s'\n#  unwanted substring: '%s'\n", tap_g_, tap_w_);    \
	} while (0)

static inline int done_testing(void)
{
	if (tap_planned < 0)
		printf("1..%d\n", tap_n);
	else if (tap_planned != tap_n)
		printf("# planned %d tests but ran %d\n", tap_planned, tap_n);
	return tap_failed || (tap_planned >= 0 && tap_planned != tap_n) ? 1 : 0;
}

#endif
