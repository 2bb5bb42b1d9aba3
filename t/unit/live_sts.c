/*
 * live_sts.c - unit tests of the STS endpoint rules per dialect, the
 * response parser, URL and Date parsing, and verdicts that need no server.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "aws/sts.h"
#include "checks/sts_verdict.h"
#include "core/banned.h"

static void endpoint(enum dialect dl, const char *region, const char *sts_region, const char *url,
		     const char *const *envkv, const char *want_url, const char *want_signing,
		     const char *want_rule)
{
	struct env e = ENV_INIT;
	struct sts_endpoint_in in = {dl, region, sts_region, url, NULL, &e};
	struct sts_endpoint ep;
	struct strbuf err = STRBUF_INIT;
	char name[160];
	int r;

	for (; envkv && *envkv; envkv += 2)
		env_set(&e, envkv[0], envkv[1]);
	r = sts_endpoint_resolve(&in, &ep, &err);
	snprintf(name, sizeof(name), "%s %s%s%s", dialect_name(dl), region ? region : "(none)",
		 url ? " " : "", url ? url : "");
	if (!want_url) {
		ok(r == -1, name);
		strbuf_release(&err);
		env_release(&e);
		return;
	}
	if (!ok(r == 0, name))
		printf("#   error: %s\n", err.buf);
	else {
		is_str(ep.url, want_url, name);
		is_str(ep.signing_region, want_signing, name);
		like(ep.rule, want_rule, name);
	}
	sts_endpoint_release(&ep);
	strbuf_release(&err);
	env_release(&e);
}

static int parse(const char *xml, struct sts_identity *id, struct sts_error *err)
{
	struct diags d = DIAGS_INIT;
	int r;

	memset(id, 0, sizeof(*id));
	memset(err, 0, sizeof(*err));
	r = sts_parse_response(xml, strlen(xml), "t", id, err, &d);
	diags_release(&d);
	return r;
}

int main(void)
{
	const char *const fips[] = {"AWS_USE_FIPS_ENDPOINT", "true", NULL};
	const char *const dual[] = {"AWS_USE_DUALSTACK_ENDPOINT", "true", NULL};
	const char *const regional[] = {"AWS_STS_REGIONAL_ENDPOINTS", "regional", NULL};
	const char *const legacy[] = {"AWS_STS_REGIONAL_ENDPOINTS", "legacy", NULL};
	const char *const env_sts[] = {"AWS_ENDPOINT_URL_STS", "http://localhost:4566",
				       "AWS_ENDPOINT_URL", "http://x:1", NULL};
	const char *const env_all[] = {"AWS_ENDPOINT_URL", "http://localhost:4566", NULL};
	const char *const ignore[] = {"AWS_ENDPOINT_URL", "http://localhost:4566",
				      "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", NULL};
	struct sts_identity id;
	struct sts_error err;
	struct http_url u;
	struct strbuf sb = STRBUF_INIT;
	long long t;

	plan_lazy();

	/* go-v2: always regional */
	endpoint(DIALECT_GO_V2, "us-east-1", NULL, NULL, NULL,
		 "https://sts.us-east-1.amazonaws.com/", "us-east-1", "regional");
	endpoint(DIALECT_GO_V2, "eu-west-1", "us-east-1", NULL, NULL,
		 "https://sts.us-east-1.amazonaws.com/", "us-east-1", "regional");
	endpoint(DIALECT_GO_V2, "cn-north-1", NULL, NULL, NULL,
		 "https://sts.cn-north-1.amazonaws.com.cn/", "cn-north-1", "regional");
	endpoint(DIALECT_GO_V2, "us-gov-west-1", NULL, NULL, fips,
		 "https://sts.us-gov-west-1.amazonaws.com/", "us-gov-west-1", "FIPS");
	endpoint(DIALECT_GO_V2, "us-east-2", NULL, NULL, fips,
		 "https://sts-fips.us-east-2.amazonaws.com/", "us-east-2", "FIPS");
	endpoint(DIALECT_GO_V2, "eu-west-1", NULL, NULL, dual, "https://sts.eu-west-1.api.aws/",
		 "eu-west-1", "dual-stack");
	endpoint(DIALECT_GO_V2, "aws-global", NULL, NULL, NULL, "https://sts.amazonaws.com/",
		 "us-east-1", "global");
	endpoint(DIALECT_GO_V2, "us-iso-east-1", NULL, NULL, NULL,
		 "https://sts.us-iso-east-1.c2s.ic.gov/", "us-iso-east-1", "regional");
	endpoint(DIALECT_GO_V2, "eusc-de-east-1", NULL, NULL, NULL,
		 "https://sts.eusc-de-east-1.amazonaws.eu/", "eusc-de-east-1", "regional");
	endpoint(DIALECT_GO_V2, "eu-west-1", NULL, NULL, legacy,
		 "https://sts.eu-west-1.amazonaws.com/", "eu-west-1", "regional");
	endpoint(DIALECT_GO_V2, NULL, NULL, NULL, NULL, "https://sts.us-east-1.amazonaws.com/",
		 "us-east-1", "regional");
	endpoint(DIALECT_GO_V2, "eu-west-1", NULL, NULL, env_sts, "http://localhost:4566",
		 "eu-west-1", "AWS_ENDPOINT_URL_STS");
	endpoint(DIALECT_GO_V2, "eu-west-1", NULL, NULL, env_all, "http://localhost:4566",
		 "eu-west-1", "AWS_ENDPOINT_URL");
	endpoint(DIALECT_GO_V2, "eu-west-1", NULL, NULL, ignore,
		 "https://sts.eu-west-1.amazonaws.com/", "eu-west-1", "regional");
	endpoint(DIALECT_GO_V2, "eu-west-1", "eu-central-1", "https://vpce.example:8443", env_sts,
		 "https://vpce.example:8443", "eu-central-1", "--endpoint-url");
	endpoint(DIALECT_GO_V2, "eu-wset-1", NULL, NULL, NULL,
		 "https://sts.eu-wset-1.amazonaws.com/", "eu-wset-1", "regional");
	endpoint(DIALECT_GO_V2, "Frankfurt", NULL, NULL, NULL, NULL, NULL, NULL);
	endpoint(DIALECT_GO_V2, "eu-west-1", NULL, "ftp://x", NULL, NULL, NULL, NULL);
	/* go-v1: legacy global for the 16 regions, regional for the rest */
	endpoint(DIALECT_GO_V1, "eu-west-1", NULL, NULL, NULL, "https://sts.amazonaws.com/",
		 "us-east-1", "aws-sdk-go v1");
	endpoint(DIALECT_GO_V1, "eu-west-1", NULL, NULL, regional,
		 "https://sts.eu-west-1.amazonaws.com/", "eu-west-1", "regional");
	endpoint(DIALECT_GO_V1, "me-central-1", NULL, NULL, NULL,
		 "https://sts.me-central-1.amazonaws.com/", "me-central-1", "regional");
	endpoint(DIALECT_GO_V1, "ap-northeast-2", NULL, NULL, NULL,
		 "https://sts.ap-northeast-2.amazonaws.com/", "ap-northeast-2", "regional");
	endpoint(DIALECT_GO_V1, "eu-west-1", NULL, NULL, env_all, "https://sts.amazonaws.com/",
		 "us-east-1", "aws-sdk-go v1");
	/* botocore: regional by default, legacy on request */
	endpoint(DIALECT_BOTOCORE, "eu-west-1", NULL, NULL, NULL,
		 "https://sts.eu-west-1.amazonaws.com/", "eu-west-1", "regional");
	endpoint(DIALECT_BOTOCORE, "eu-west-1", NULL, NULL, legacy, "https://sts.amazonaws.com/",
		 "us-east-1", "legacy");
	endpoint(DIALECT_BOTOCORE, "eu-west-1", NULL, NULL, env_all, "http://localhost:4566",
		 "eu-west-1", "AWS_ENDPOINT_URL");

	/* the parser */
	is_int(parse("<GetCallerIdentityResponse "
		     "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
		     "<GetCallerIdentityResult><Arn>arn:aws:iam::1:user/a</Arn><UserId>AIDA</"
		     "UserId>"
		     "<Account>000000000001</Account></GetCallerIdentityResult><ResponseMetadata>"
		     "<RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>",
		     &id, &err),
	       0, "identity parsed");
	is_str(id.arn, "arn:aws:iam::1:user/a", "identity: arn");
	is_str(id.account, "000000000001", "identity: account");
	is_str(id.meta.request_id, "r-1", "identity: request id");
	sts_identity_release(&id);
	sts_error_release(&err);
	is_int(parse("<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code>"
		     "<Message>The security token included in the request is "
		     "expired</Message></Error>"
		     "<RequestId>r-2</RequestId></ErrorResponse>",
		     &id, &err),
	       1, "error parsed");
	is_str(err.code, "ExpiredToken", "error: code");
	is_str(err.meta.request_id, "r-2", "error: request id");
	sts_identity_release(&id);
	sts_error_release(&err);
	is_int(parse("<Response><Errors><Error><Code>AuthFailure</Code><Message>m\x7f\n2</"
		     "Message></Error></Errors>"
		     "<RequestID>r-3</RequestID></Response>",
		     &id, &err),
	       1, "EC2-style error parsed");
	is_str(err.code, "AuthFailure", "EC2-style: code");
	unlike(err.message, "\x7f", "control characters do not get through");
	is_str(err.message, "m  2", "line breaks become spaces");
	sts_identity_release(&id);
	sts_error_release(&err);
	is_int(parse("<!DOCTYPE a [<!ENTITY x \"y\">]><GetCallerIdentityResponse/>", &id, &err), -1,
	       "DOCTYPE refused");
	sts_identity_release(&id);
	sts_error_release(&err);
	strbuf_addstr(&sb, "<ErrorResponse>");
	for (int i = 0; i < 40; i++)
		strbuf_addstr(&sb, "<a>");
	is_int(parse(sb.buf, &id, &err), -1, "depth capped");
	sts_identity_release(&id);
	sts_error_release(&err);
	is_int(parse("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>x</Arn>"
		     "</GetCallerIdentityResult></GetCallerIdentityResponse>",
		     &id, &err),
	       -1, "no Account: not an identity");
	sts_identity_release(&id);
	sts_error_release(&err);
	is_int(parse("<html/>", &id, &err), -1, "not STS");
	sts_identity_release(&id);
	sts_error_release(&err);

	/* URLs and dates */
	strbuf_reset(&sb);
	ok(!http_url_parse("https://STS.eu-west-1.amazonaws.com:443/", &u, &sb), "url parsed");
	is_str(u.host_header, "sts.eu-west-1.amazonaws.com", "default port dropped, lower case");
	http_url_release(&u);
	ok(!http_url_parse("http://[::1]:4566", &u, &sb), "IPv6 url parsed");
	is_str(u.host_header, "[::1]:4566", "IPv6 host header");
	is_str(u.path, "/", "empty path is /");
	ok(http_host_is_loopback(u.host), "::1 is loopback");
	http_url_release(&u);
	ok(http_url_parse("https://user:pw@host/", &u, &sb) == -1, "user info refused");
	ok(http_url_parse("https://host/?a=b", &u, &sb) == -1, "query refused");
	ok(http_url_parse("https://host:99999/", &u, &sb) == -1, "bad port refused");
	ok(http_host_is_loopback("127.0.0.1") && !http_host_is_loopback("127.0.0.1.example.com"),
	   "127.0.0.1 loopback, 127.0.0.1.example.com not");
	ok(!http_date_parse("Sat, 28 Nov 2026 12:00:00 GMT", &t) && t == 1795867200LL,
	   "Date parsed");
	ok(http_date_parse("yesterday", &t) == -1, "bad Date refused");

	/* a plain-http endpoint on another host draws a warning; loopback does not */
	{
		struct resolved_creds c = {"env",
					   NULL,
					   "AKIAQWERTYUIOPASDFGH",
					   "s",
					   NULL,
					   NULL,
					   ORIGIN_ENV_VAR("AWS_ACCESS_KEY_ID"),
					   NULL};
		struct sts_endpoint ep = {0};
		struct sts_error e2 = {0};
		struct sts_identity i2 = {0};
		struct live_verdict v = {0};
		struct findings fs = FINDINGS_INIT;
		static char url[] = "http://sts.example.test/", rule[] = "--endpoint-url",
			    r_eu[] = "eu-west-1", r_mel[] = "ap-southeast-4", r_cn[] = "cn-north-1",
			    one[] = "1", arn[] = "arn", ictid[] = "InvalidClientTokenId",
			    sdnm[] = "SignatureDoesNotMatch";

		ep.url = url;
		ep.rule = rule;
		ep.signing_region = r_eu;
		ep.plain_http = 1;
		ep.custom = 1;
		i2.account = one;
		i2.arn = arn;
		v.creds = &c;
		v.ep = &ep;
		v.result = LIVE_ACCEPTED;
		v.id = &i2;
		v.err = &e2;
		check_live(&v, &fs);
		ok(findings_has(&fs, F_STS_PLAIN_HTTP), "plain http elsewhere: warning");
		findings_release(&fs);
		ep.loopback = 1;
		check_live(&v, &fs);
		ok(!findings_has(&fs, F_STS_PLAIN_HTTP), "plain http on loopback: no warning");
		findings_release(&fs);
		/* ASIA refused in an opt-in region asks for the second call */
		ep.custom = 0;
		ep.signing_region = r_mel;
		c.access_key_id = "ASIAQWERTYUIOPASDFGH";
		e2.code = ictid;
		v.result = LIVE_REFUSED;
		is_str(live_second_call_region(&v), "us-east-1",
		       "opt-in region: second call to us-east-1");
		ep.signing_region = r_eu;
		ok(live_second_call_region(&v) == NULL, "default region: no second call");
		e2.code = sdnm;
		ep.signing_region = r_cn;
		ok(live_second_call_region(&v) == NULL,
		   "a signature error never needs the second call");
	}
	/* every verdict renders without an unfilled {{placeholder}} */
	{
		static char code_buf[8][40] = {"InvalidClientTokenId", "SignatureDoesNotMatch",
					       "ExpiredToken",	       "AccessDenied",
					       "IncompleteSignature",  "RequestExpired",
					       "Throttling",	       "SignatureDoesNotMatch"};
		static char msg_plain[] = "m",
			    msg_scope[] = "Credential should be scoped to a valid region.";
		static char url[] = "https://sts.eu-west-1.amazonaws.com/",
			    rule[] = "AWS_ENDPOINT_URL", reg[] = "eu-west-1", reg2[] = "us-east-1",
			    arn[] = "arn:aws:iam::1:user/a", acct[] = "000000000001",
			    detail[] = "d";
		const char *keys[] = {"AKIAQWERTYUIOPASDFGH", "ASIAQWERTYUIOPASDFGH"};
		const char *secrets[] = {"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
					 " wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKE"};
		const char *tokens[] = {NULL, "IQoJb3JpZ2luX2VjEFAKEFAKEFAKEFAKEtokenvalue"};
		enum live_result results[] = {LIVE_ACCEPTED, LIVE_REFUSED, LIVE_FAILED,
					      LIVE_NOT_SENT};
		int bad = 0, cases = 0;

		for (size_t ri = 0; ri < 4; ri++)
			for (size_t ci = 0; ci < 8; ci++)
				for (size_t ki = 0; ki < 2; ki++)
					for (size_t si = 0; si < 2; si++)
						for (size_t ti = 0; ti < 2; ti++)
							for (int second = 0; second < 3; second++)
								for (int custom = 0; custom < 2;
								     custom++) {
									struct resolved_creds c = {
										"env",
										NULL,
										keys[ki],
										secrets[si],
										tokens[ti],
										NULL,
										ORIGIN_ENV_VAR("AWS"
											       "_AC"
											       "CES"
											       "S_"
											       "KEY"
											       "_I"
											       "D"),
										NULL};
									struct sts_endpoint
										ep = {0},
										ep2 = {0};
									struct sts_identity
										i1 = {0},
										i2 = {0};
									struct sts_error e1 = {0},
											 e2 = {0};
									struct live_verdict v = {0};
									struct findings fs =
										FINDINGS_INIT;

									ep.url = url;
									ep.rule =
										custom ? rule : reg;
									ep.custom = custom;
									ep.signing_region = reg;
									ep2.url = url;
									ep2.signing_region = reg2;
									i1.account = i2.account =
										acct;
									i1.arn = i2.arn = arn;
									i1.meta.have_date =
										e1.meta.have_date =
											1;
									i1.meta.skew_s =
										e1.meta.skew_s =
											(long long)ci *
												200 -
											700;
									e1.kind =
										results[ri] == LIVE_FAILED
											? (ci & 1 ? STS_ERR_NETWORK
												  : STS_ERR_SERVER)
										: results[ri] ==
												LIVE_NOT_SENT
											? STS_ERR_USAGE
											: STS_ERR_REFUSED;
									e1.net =
										(enum http_failure)(
											ci % 9);
									e1.code = code_buf[ci];
									e1.message =
										ci == 7 ? msg_scope
											: msg_plain;
									e1.detail = detail;
									v.creds = &c;
									v.ep = results[ri] == LIVE_NOT_SENT &&
											       ci & 1
										       ? NULL
										       : &ep;
									v.result = results[ri];
									v.id = &i1;
									v.err = &e1;
									v.second = second > 0;
									v.second_ep = &ep2;
									v.second_result =
										second == 1
											? LIVE_ACCEPTED
											: LIVE_REFUSED;
									v.second_id = &i2;
									v.second_err = &e2;
									check_live(&v, &fs);
									for (size_t i = 0;
									     i < fs.nr; i++) {
										const char *
											m = finding_message(
											       fs.v[i]),
										       *fx = finding_fix(
											       fs.v[i]);
										cases++;
										if (strstr(m,
											   "{{") ||
										    strstr(fx,
											   "{{")) {
											if (!bad++)
												printf("# unfilled: %s: %s / %s\n",
												       catalogue[fs.v[i]->id]
													       .id,
												       m,
												       fx);
										}
									}
									findings_release(&fs);
								}
		ok(cases > 500, "many verdicts rendered");
		is_int(bad, 0, "no verdict leaves a {{placeholder}} unfilled");
	}
	strbuf_release(&sb);
	return done_testing();
}
