/*
 * trail_reader.c - unit tests for the CloudTrail record splitter (fed in
 * every chunk size, so records crossing chunk boundaries are covered), the
 * auth-failure table, the user-agent descriptions and durations.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "trail/trail.h"

struct got {
	char out[4096];
	size_t n;
	int kinds[16];
};

static void collect(const struct ct_record *rec, void *data)
{
	struct got *g = data;

	if (g->n < 16)
		g->kinds[g->n] = rec->kind;
	g->n++;
	strncat(g->out, rec->buf, rec->len < 200 ? rec->len : 200);
	strcat(g->out, "|");
}

/* Split input fed in chunks of chunk bytes; return the records joined by '|'. */
static const char *split(const char *in, size_t chunk, struct got *g, struct diags *d,
			 struct ct_stats *st)
{
	struct ct_reader r;
	size_t len = strlen(in);

	memset(g, 0, sizeof(*g));
	memset(st, 0, sizeof(*st));
	ct_reader_init(&r, "t.json", collect, g, d, st);
	for (size_t i = 0; i < len; i += chunk)
		ct_reader_feed(&r, in + i, len - i < chunk ? len - i : chunk);
	ct_reader_finish(&r);
	ct_reader_release(&r);
	return g->out;
}

static void each_chunk(const char *in, const char *want, const char *name)
{
	struct got g;
	struct diags d = DIAGS_INIT;
	struct ct_stats st;
	int all = 1;

	for (size_t c = 1; c <= strlen(in) + 1; c++) {
		split(in, c, &g, &d, &st);
		if (strcmp(g.out, want)) {
			all = 0;
			printf("# chunk %zu: got '%s'\n", c, g.out);
			break;
		}
	}
	ok(all, name);
	diags_release(&d);
}

int main(void)
{
	struct got g;
	struct diags d = DIAGS_INIT;
	struct ct_stats st;
	struct strbuf sb = STRBUF_INIT;
	long v;

	each_chunk("{\"Records\":[{\"a\":1},{\"b\":\"}\\\"{\"}]}", "{\"a\":1}|{\"b\":\"}\\\"{\"}|",
		   "Records: braces and escaped quotes inside strings, any chunking");
	each_chunk("{\"Events\":[{\"CloudTrailEvent\":\"{\\\"x\\\":1}\"}],\"NextToken\":\"t\"}",
		   "{\"CloudTrailEvent\":\"{\\\"x\\\":1}\"}|",
		   "Events: one element, NextToken skipped");
	each_chunk("[{\"a\":[1,{\"c\":2}]} , {\"b\":2}]", "{\"a\":[1,{\"c\":2}]}|{\"b\":2}|",
		   "a bare array of events");
	each_chunk("{\"eventVersion\":\"1\"}\n{\"eventVersion\":\"2\"}\n",
		   "{\"eventVersion\":\"1\"}|{\"eventVersion\":\"2\"}|",
		   "JSON Lines: each object is an event");
	each_chunk("{\"Other\":[{\"a\":1}],\"Records\":[{\"b\":2}]}",
		   "{\"Other\":[{\"a\":1}],\"Records\":[{\"b\":2}]}|",
		   "first key decides: not a wrapper, the whole object is an event");
	each_chunk("{\"Records\":[]}{\"Records\":[{\"z\":0}]}", "{\"z\":0}|",
		   "two wrappers in a row");

	split("{\"Records\":[{\"a\":1},{\"b\":", 7, &g, &d, &st);
	is_int(g.n, 1, "truncated: one complete record");
	is_int(st.damaged, 1, "truncated: one damaged");
	ok(d.nr == 1 && strstr(d.v[0].msg, "record 2 is truncated"),
	   "truncated: reported as record 2");
	diags_release(&d);

	split("{\"Records\":[1,\"s\",[2],{\"ok\":1}]}", 3, &g, &d, &st);
	is_int(g.n, 1, "non-objects skipped, the object kept");
	is_int(st.damaged, 3, "three non-object elements counted");
	ok(d.nr == 3 && strstr(d.v[2].msg, "record 3 is an array"),
	   "non-objects reported with their numbers");
	diags_release(&d);

	split("junk {\"a\":1} ] more", 4, &g, &d, &st);
	is_int(g.n, 1, "junk around a record: the record is found");
	ok(d.nr == 2, "junk reported once per run of junk");
	diags_release(&d);

	split("{\"Records\":[{\"a\":1},\n{\"b\":2}]}", 5, &g, &d, &st);
	is_int(g.n, 2, "newline between records");

	/* gzip via ct_read_buffer: two members */
	{
		static const unsigned char gz[] = {
			/* printf '{"Records":[{"a":1}' | gzip -n ; printf ']}' | gzip -n */
			0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xab,
			0x56, 0x0a, 0x4a, 0x4d, 0xce, 0x2f, 0x4a, 0x29, 0x56, 0xb2, 0x8a,
			0xae, 0x56, 0x4a, 0x54, 0xb2, 0x32, 0xac, 0x05, 0x00, 0xf6, 0xa7,
			0x2a, 0xa1, 0x13, 0x00, 0x00, 0x00, 0x1f, 0x8b, 0x08, 0x00, 0x00,
			0x00, 0x00, 0x00, 0x00, 0x03, 0x8b, 0xad, 0x05, 0x00, 0x67, 0x3c,
			0x78, 0x60, 0x02, 0x00, 0x00, 0x00,
		};
		memset(&g, 0, sizeof(g));
		memset(&st, 0, sizeof(st));
		ct_read_buffer((const char *)gz, sizeof(gz), "t.json.gz", collect, &g, &d, &st);
		is_str(g.out, "{\"a\":1}|", "multi-member gzip: the record spans members");
		is_int(st.gz_members, 2, "two gzip members");
		is_int(d.nr, 0, "no diagnostics");
		diags_release(&d);
		memset(&g, 0, sizeof(g));
		memset(&st, 0, sizeof(st));
		ct_read_buffer((const char *)gz, 30, "t.json.gz", collect, &g, &d, &st);
		is_int(st.gz_errors, 1, "cut gzip: one gzip error");
		ok(d.nr >= 1 && strstr(d.v[0].msg, "gzip member is truncated"),
		   "cut gzip: reported");
		diags_release(&d);
	}

	is_str(auth_failure_code("InvalidClientTokenId", "s3.amazonaws.com", NULL, NULL),
	       "InvalidClientTokenId", "InvalidClientTokenId anywhere");
	is_str(auth_failure_code("Client.AuthFailure", "ec2.amazonaws.com", NULL, NULL),
	       "AuthFailure", "EC2's Client. prefix");
	ok(!auth_failure_code("AccessDenied", "s3.amazonaws.com", NULL, NULL),
	   "AccessDenied on S3 is not auth");
	is_str(auth_failure_code("AccessDenied", "sts.amazonaws.com", NULL, NULL), "AccessDenied",
	       "AccessDenied on STS is");
	is_str(auth_failure_code(NULL, "signin.amazonaws.com", "ConsoleLogin",
				 "Failed authentication"),
	       "ConsoleLoginFailure", "failed console sign-in");
	ok(!auth_failure_code("ThrottlingException", "sts.amazonaws.com", NULL, NULL),
	   "throttling is not");

#define UA(in, want)                                                                               \
	do {                                                                                       \
		strbuf_reset(&sb);                                                                 \
		useragent_describe(&sb, in);                                                       \
		is_str(sb.buf, want, "user agent: " want);                                         \
	} while (0)
	UA("APN/1.0 HashiCorp/1.0 Terraform/1.5.7 (+https://www.terraform.io) "
	   "terraform-provider-aws/5.31.0 (+https://registry.terraform.io/providers/hashicorp/aws) "
	   "aws-sdk-go-v2/1.24.0",
	   "Terraform 1.5.7, aws provider 5.31.0");
	UA("aws-sdk-go/1.44.122 (go1.19.3; linux; amd64) APN/1.0 HashiCorp/1.0 Terraform/1.3.6 "
	   "(+https://www.terraform.io)",
	   "Terraform 1.3.6 (S3 backend or core)");
	UA("aws-cli/2.13.0 Python/3.11.4 Linux/5.15 exe/x86_64", "aws-cli 2.13.0");
	UA("aws-cli/1.29.0 Python/3.11 Linux/5.15 botocore/1.31.0", "aws-cli 1.29.0");
	UA("Boto3/1.28.0 md/Botocore#1.31.0 ua/2.0 Botocore/1.31.0", "boto3 1.28.0");
	UA("aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5", "aws-sdk-go-v2 1.24.0");
	UA("aws-sdk-java/2.20.1 Linux/5.10", "aws-sdk-java 2.20.1");
	UA("AWS Internal", "AWS Internal");
	UA("", "(none)");
	UA("evil\x1b[31m/1", "evil?[31m/1");

	ok(!trail_parse_duration("5m", &v) && v == 300, "5m");
	ok(!trail_parse_duration("90", &v) && v == 90, "90 (seconds)");
	ok(!trail_parse_duration("2d", &v) && v == 172800, "2d");
	ok(trail_parse_duration("5x", &v) && trail_parse_duration("-1m", &v) &&
		   trail_parse_duration("", &v),
	   "bad durations refused");
	strbuf_release(&sb);
	return done_testing();
}
