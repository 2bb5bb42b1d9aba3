/*
 * chain_parsers.c - unit tests for the cache, JWT and credential_process
 * parsers the chain uses (aws/cache.h, aws/jwt.h, aws/credproc.h).
 */
#include <stdlib.h>
#include <string.h>

#include "aws/cache.h"
#include "aws/credproc.h"
#include "aws/jwt.h"
#include "tap.h"

static void test_sha1_names(void)
{
	char hex[41];
	struct cli_cache_args a = {0};

	cache_sha1_hex("my-sso", 6, hex);
	is_str(hex, "0ad374308c5a4e22f723adf10145eafad7c4031c", "sso-session name hash");
	cache_sha1_hex("https://my-sso-portal.awsapps.com/start", 39, hex);
	is_str(hex, "c7aaaf71fcc8777ae2475525ed049d39fe16c484", "start url hash");

	a.role_arn = "arn:aws:iam::123456789012:role/Admin";
	cli_cache_key(&a, hex);
	is_str(hex, "51e7b105b5040ce662656c8dc6ab4de70c4de7ad", "cli cache key: role only");
	a.role_session_name = "tf";
	cli_cache_key(&a, hex);
	is_str(hex, "1485279da1eca287b23d1e7279d8e89e1d07ba79", "cli cache key: with session name");
	a.external_id = "x";
	a.duration_seconds = 3600;
	cli_cache_key(&a, hex);
	is_str(hex, "e98fe07f23e266d28754c1bbbae2d9ee1a7fbba8", "cli cache key: full");
}

static void test_times(void)
{
	time_t t;
	int r = -1;

	ok(!cache_time_parse("2026-11-28T01:02:03UTC", &t, &r), "botocore UTC suffix parses");
	is_int(r, 0, "UTC suffix is not RFC 3339");
	is_int(t, 1795827723, "UTC suffix value");
	ok(!cache_time_parse("2026-11-28T01:02:03Z", &t, &r) && r == 1, "Z is RFC 3339");
	ok(!cache_time_parse("2026-11-28T01:02:03+00:00", &t, &r) && r == 1, "+00:00 is RFC 3339");
	ok(!cache_time_parse("2026-11-28 01:02:03Z", &t, &r) && r == 0,
	   "space separator is not RFC 3339");
	ok(cache_time_parse("yesterday", &t, &r), "junk refused");
}

static void test_sso(void)
{
	struct sso_token tok = {0};
	const char *good = "{\"startUrl\":\"https://x/start\",\"region\":\"eu-west-1\","
			   "\"accessToken\":\"SECRET\",\"expiresAt\":\"2026-11-28T12:00:00Z\"}";

	ok(!sso_token_parse(good, strlen(good), "t.json", &tok), "good token parses");
	ok(tok.has_access_token && tok.has_expires && tok.expires_rfc3339, "fields seen");
	is_str(tok.region, "eu-west-1", "region kept");
	sso_token_release(&tok);
	ok(sso_token_parse("[]", 2, "t.json", &tok) && tok.status == CACHE_INVALID,
	   "array refused");
	like(tok.error, "not an object", "array error");
	sso_token_release(&tok);
	ok(sso_token_parse("{\"accessToken\":\"x\"}", 19, "t.json", &tok), "no expiresAt refused");
	like(tok.error, "no expiresAt", "missing expiresAt named");
	sso_token_release(&tok);
	ok(sso_token_parse("{", 1, "t.json", &tok), "bad JSON refused");
	like(tok.error, "t.json:", "bad JSON error names the file");
	sso_token_release(&tok);
}

static void test_cli_cache(void)
{
	struct cli_cache_entry e = {0};
	const char *good = "{\"Credentials\":{\"AccessKeyId\":\"ASIAAAAAAAAAAAAA4444\","
			   "\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\","
			   "\"Expiration\":\"2026-11-28T01:02:03UTC\"},"
			   "\"AssumedRoleUser\":{\"Arn\":\"arn:aws:sts::1:assumed-role/A/b\"}}";

	ok(!cli_cache_parse(good, strlen(good), "c.json", &e), "cli cache entry parses");
	is_str(e.access_key_id, "ASIAAAAAAAAAAAAA4444", "key id kept");
	ok(e.has_secret && e.has_token && e.has_expiration, "presence recorded");
	is_int(e.expiration, 1795827723, "expiration");
	cli_cache_entry_release(&e);
	ok(cli_cache_parse("{\"Credentials\":{}}", 18, "c.json", &e), "empty credentials refused");
	cli_cache_entry_release(&e);
}

static void test_jwt(void)
{
	/* {"alg":"RS256"} . {"iss":"https://token.actions.githubusercontent.com","sub":"repo:o/r:ref:refs/heads/main","aud":"sts.amazonaws.com","exp":1795824000} . sig */
	const char *tok = "eyJhbGciOiJSUzI1NiJ9."
			  "eyJpc3MiOiJodHRwczovL3Rva2VuLmFjdGlvbnMuZ2l0aHVidXNlcmNvbnRlbnQuY29tIiwi"
			  "c3ViIjoicmVwbzpvL3I6cmVmOnJlZnMvaGVhZHMvbWFpbiIsImF1ZCI6InN0cy5hbWF6b25h"
			  "d3MuY29tIiwiZXhwIjoxNzk1ODI0MDAwfQ"
			  ".c2ln\n";
	struct jwt_claims c;
	char *err = NULL;

	ok(!jwt_decode(tok, strlen(tok), "tok", &c, &err), "JWT decodes");
	is_str(c.iss, "https://token.actions.githubusercontent.com", "iss");
	is_str(c.aud, "sts.amazonaws.com", "aud");
	is_str(c.sub, "repo:o/r:ref:refs/heads/main", "sub");
	is_str(c.alg, "RS256", "alg");
	ok(c.has_exp && c.exp == 1795824000, "exp");
	ok(c.trailing_newline, "trailing newline noticed");
	jwt_claims_release(&c);

	ok(jwt_decode("abc", 3, "tok", &c, &err), "one part refused");
	like(err, "three dot-separated parts", "parts error");
	free(err);
	ok(jwt_decode("a.b.c", 5, "tok", &c, &err), "garbage parts refused");
	like(err, "header", "header error");
	free(err);
	jwt_claims_release(&c);
	ok(jwt_decode("", 0, "tok", &c, &err), "empty refused");
	like(err, "empty", "empty error");
	free(err);
}

static void test_credproc(void)
{
	struct credproc_output o;
	const char *good = "{\"Version\": 1, \"AccessKeyId\": \"AKIAAAAAAAAAAAAA1111\", "
			   "\"SecretAccessKey\": \"s\", \"Expiration\": \"2026-11-28T12:00:00Z\"}";
	const char *str_version =
		"{\"Version\": \"1\", \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"s\"}";
	const char *lower = "{\"version\": 1, \"accessKeyId\": \"A\", \"secretAccessKey\": \"s\"}";

	ok(!credproc_parse(good, strlen(good), "out", &o), "good output");
	is_str(o.access_key_id, "AKIAAAAAAAAAAAAA1111", "key id");
	ok(o.has_expiration && o.expiration_rfc3339, "expiration");
	credproc_output_release(&o);
	ok(credproc_parse(str_version, strlen(str_version), "out", &o), "string version refused");
	like(o.problem, "string", "string version named");
	credproc_output_release(&o);
	ok(credproc_parse(lower, strlen(lower), "out", &o), "lower-case keys flagged");
	ok(o.keys_case_differs && o.version == 1, "case-insensitive match like Go");
	credproc_output_release(&o);
	ok(credproc_parse("hello {", 7, "out", &o), "text refused");
	like(o.problem, "not a JSON object", "text problem");
	credproc_output_release(&o);
}

static void test_exec(void)
{
	struct credproc_run r;
	static char path[] = "PATH=/usr/bin:/bin";
	char *envp[] = {path, NULL};

	ok(!credproc_exec("printf "
			  "'{\"Version\":1,\"AccessKeyId\":\"AKIAAAAAAAAAAAAA1111\","
			  "\"SecretAccessKey\":\"x\"}'",
			  envp, 5000, &r),
	   "process runs");
	is_str(r.out.access_key_id, "AKIAAAAAAAAAAAAA1111", "its key id");
	credproc_run_release(&r);
	ok(credproc_exec("exit 3", envp, 5000, &r), "failing process");
	is_int(r.exit_status, 3, "exit status");
	credproc_run_release(&r);
	ok(credproc_exec("sleep 5", envp, 200, &r), "slow process");
	ok(r.timed_out, "timed out");
	credproc_run_release(&r);
}

int main(void)
{
	test_sha1_names();
	test_times();
	test_sso();
	test_cli_cache();
	test_jwt();
	test_credproc();
	test_exec();
	return done_testing();
}
