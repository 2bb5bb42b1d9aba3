/*
 * core_basics.c - strbuf, templates, redaction, time parsing, options.
 */
#include <stdlib.h>
#include <string.h>

#include "core/env.h"
#include "core/finding.h"
#include "core/opt.h"
#include "core/redact.h"
#include "core/strbuf.h"
#include "tap.h"

static void test_strbuf(void)
{
	struct strbuf sb = STRBUF_INIT;

	is_str(sb.buf, "", "empty strbuf is an empty string");
	strbuf_addstr(&sb, "abc");
	strbuf_addch(&sb, 'd');
	strbuf_addf(&sb, "%d-%s", 42, "x");
	is_str(sb.buf, "abcd42-x", "add, addch, addf");
	is_int(sb.len, 8, "len tracks");
	for (int i = 0; i < 1000; i++)
		strbuf_addstr(&sb, "0123456789");
	is_int(sb.len, 10008, "grows past many reallocations");
	strbuf_setlen(&sb, 2);
	is_str(sb.buf, "ab", "setlen truncates and terminates");
	strbuf_release(&sb);
	is_int(sb.len, 0, "release re-initialises");
	strbuf_release(NULL);
	ok(1, "release accepts NULL");
}

static void test_render(void)
{
	struct findings fs = FINDINGS_INIT;
	struct finding *f = findings_add(&fs, F_REGION_ENV_CONFLICT, &ORIGIN_ENV_VAR("AWS_REGION"));
	char *s;

	finding_set(f, "tf", "%s", "eu-west-1");
	finding_set(f, "cli", "%s", "us-east-1");
	is_str(finding_message(f),
	       "Terraform uses eu-west-1 (AWS_REGION), the AWS CLI uses us-east-1 "
	       "(AWS_DEFAULT_REGION)",
	       "placeholders are filled");
	s = finding_render(f, "a {{missing}} b {{ tf }} c {{tf}} ${{ secrets.X }}");
	is_str(s, "a {{missing}} b {{ tf }} c eu-west-1 ${{ secrets.X }}",
	       "unknown or malformed placeholders are left alone");
	free(s);
	finding_set(f, "tf", "%s", "eu-west-2");
	like(finding_message(f), "eu-west-2", "setting again re-renders");
	ok(findings_has(&fs, F_REGION_ENV_CONFLICT), "findings_has");
	is_int(findings_worst(&fs), SEV_WARNING, "worst severity");
	findings_release(&fs);
	findings_release(NULL);
	ok(catalogue_find("temp-key-without-token") == &catalogue[F_TEMP_KEY_WITHOUT_TOKEN],
	   "catalogue_find by slug");
	ok(catalogue_find("no-such-id") == NULL, "unknown slug");
}

static void test_catalogue(void)
{
	int ok_all = 1;

	for (size_t i = 0; i < FINDING_ID_NR; i++) {
		const struct catalogue_entry *e = &catalogue[i];
		if (!e->id || !*e->id || !e->title || !*e->title || !e->explanation ||
		    strlen(e->explanation) < 40 || !e->message || !e->fix || e->level < 1 ||
		    e->level > 3 || strlen(e->explanation) > 1024 ||
		    strspn(e->id, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(e->id)) {
			printf("# bad catalogue entry %zu (%s)\n", i, e->id ? e->id : "?");
			ok_all = 0;
		}
		for (size_t j = 0; j < i; j++)
			if (!strcmp(catalogue[j].id, e->id)) {
				printf("# duplicate id %s\n", e->id);
				ok_all = 0;
			}
	}
	ok(ok_all,
	   "every catalogue entry is complete, unique, slug-shaped and fits SARIF's 1024 limit");
}

static void test_redact(void)
{
	struct strbuf sb = STRBUF_INIT;
	char fp[9];

	redact_key_id(&sb, "AKIAIOSFODNN7EXAMPLE", 20);
	is_str(sb.buf, "AKIA\xe2\x80\xa6MPLE", "key id masked to first and last four");
	strbuf_reset(&sb);
	redact_key_id(&sb, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 40);
	is_str(sb.buf, "(40 characters, not shown)", "a secret in the key id slot shows nothing");
	strbuf_reset(&sb);
	redact_key_id(&sb, "AKIA", 4);
	unlike(sb.buf, "AKIA", "a short value is not shown");
	strbuf_reset(&sb);
	redact_secret(&sb, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 40);
	like(sb.buf, "40 chars [A-Z a-z 0-9 /] sha256:", "secret described by length and classes");
	unlike(sb.buf, "wJal", "no part of the secret");
	redact_fingerprint(fp, "abc", 3);
	is_str(fp, "ba7816bf", "fingerprint is the SHA-256 prefix");
	strbuf_release(&sb);
}

static void test_time(void)
{
	time_t t;
	char buf[21], d[32];
	struct env e = ENV_INIT;

	ok(!time_parse_iso8601("2026-11-28T12:00:00Z", &t) && t == 1795867200, "ISO 8601 Z");
	ok(!time_parse_iso8601("2026-11-28T13:00:00+01:00", &t) && t == 1795867200, "with offset");
	ok(!time_parse_iso8601("2026-11-28T12:00:00.123456Z", &t) && t == 1795867200, "fraction");
	ok(!time_parse_iso8601("2026-11-28 12:00:00Z", &t), "space separator");
	ok(time_parse_iso8601("2026-13-28T12:00:00Z", &t), "month 13 rejected");
	ok(time_parse_iso8601("yesterday", &t), "garbage rejected");
	ok(time_parse_iso8601("2026-11-28T12:00:00Zjunk", &t), "trailing junk rejected");
	time_format_iso8601(1795867200, buf);
	is_str(buf, "2026-11-28T12:00:00Z", "format round trip");
	time_format_duration(3 * 86400 + 7200, d, sizeof(d));
	is_str(d, "3d 2h", "duration");
	env_set(&e, "TFAUTH_TEST_NOW", "2026-11-28T12:00:00Z");
	is_int(clock_now(&e), 1795867200, "injected clock");
	env_set(&e, "TFAUTH_TEST_NOW", "1000");
	is_int(clock_now(&e), 1000, "injected clock, epoch seconds");
	is_str(env_get(&e, "TFAUTH_TEST_NOW"), "1000", "env_set replaces");
	ok(env_get(&e, "TFAUTH_TEST") == NULL, "prefix is not a match");
	env_release(&e);
}

static void test_opt(void)
{
	struct common_opts c = {0};
	int flag = 0;
	long n = 0;
	const struct option opts[] = {
		OPT_COMMON(&c),
		{OPT_BOOL, 0, "flag", &flag, NULL, "a flag"},
		{OPT_INT, 'n', "num", &n, "N", "a number"},
		OPT_END(),
	};
	char a0[] = "x", a1[] = "--format=json", a2[] = "-q", a3[] = "y", a4[] = "--flag",
	     a5[] = "-n", a6[] = "12", a7[] = "--", a8[] = "--not-an-option";
	char *argv[] = {a0, a1, a2, a3, a4, a5, a6, a7, a8};
	char b0[] = "--bogus";
	char *bad[] = {b0};
	char c0[] = "--num=abc";
	char *bad2[] = {c0};
	FILE *devnull = freopen("/dev/null", "w", stderr);
	int r = opt_parse(9, argv, opts, NULL);

	(void)devnull;
	is_int(r, 3, "three operands");
	is_str(argv[0], "x", "operand order kept");
	is_str(argv[1], "y", "options removed");
	is_str(argv[2], "--not-an-option", "-- ends options");
	is_str(c.format, "json", "--opt=value");
	is_int(c.quiet, 1, "short count");
	is_int(flag, 1, "bool");
	is_int(n, 12, "-n value");
	is_int(opt_parse(1, bad, opts, NULL), OPT_ERROR, "unknown option is an error");
	is_int(opt_parse(1, bad2, opts, NULL), OPT_ERROR, "bad number is an error");
}

int main(void)
{
	plan_lazy();
	test_strbuf();
	test_render();
	test_catalogue();
	test_redact();
	test_time();
	test_opt();
	return done_testing();
}
