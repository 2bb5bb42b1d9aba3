/*
 * useragent.c - what a CloudTrail userAgent says about the caller.
 *
 * Shapes seen in the wild (product/version tokens separated by spaces):
 *   APN/1.0 HashiCorp/1.0 Terraform/1.5.7 (+https://www.terraform.io)
 *     terraform-provider-aws/5.31.0 (+https://registry...) aws-sdk-go-v2/1.24.0 ...
 *   aws-sdk-go/1.44.122 (go1.19.3; linux; amd64) APN/1.0 HashiCorp/1.0
 *     Terraform/1.3.6 (+https://www.terraform.io) terraform-provider-aws/4.45.0 ...
 *   aws-cli/2.13.0 Python/3.11.4 Linux/5.15 exe/x86_64 ... command/sts.get-caller-identity
 *   Boto3/1.28.0 md/Botocore#1.31.0 ua/2.0 ... Botocore/1.31.0
 *   aws-sdk-java/2.20.1 ..., aws-sdk-js/3.400.0 ..., aws-sdk-dotnet-45/3.7 ...
 * A Terraform token without terraform-provider-aws is Terraform itself:
 * the S3 backend (or another HashiCorp tool).
 * The value is chosen by the caller, so it is sanitised and capped.
 */
#include <string.h>

#include "trail/trail.h"
#include "core/banned.h"

#define UA_MAX 60

struct token {
	const char *p;
	size_t len;
};

/* The version after "name/" in ua, as a token; len 0 when absent. */
static struct token product(const char *ua, const char *name)
{
	size_t n = strlen(name);
	const char *p = ua;
	struct token t = {NULL, 0};

	while ((p = strstr(p, name))) {
		if ((p == ua || p[-1] == ' ' || p[-1] == '(') && p[n] == '/') {
			t.p = p + n + 1;
			t.len = strcspn(t.p, " ;)(");
			if (t.len > 24)
				t.len = 24;
			return t;
		}
		p += n;
	}
	return t;
}

static void add_clean(struct strbuf *out, const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		strbuf_addch(out, c >= 0x20 && c < 0x7f ? c : '?');
	}
}

static void add_product(struct strbuf *out, const char *label, struct token v)
{
	strbuf_addstr(out, label);
	strbuf_addch(out, ' ');
	add_clean(out, v.p, v.len);
}

void useragent_describe(struct strbuf *out, const char *ua)
{
	static const char *const sdks[] = {"aws-sdk-go-v2", "aws-sdk-go",     "aws-sdk-java",
					   "aws-sdk-js",    "aws-sdk-nodejs", "aws-sdk-dotnet",
					   "aws-sdk-ruby3", "aws-sdk-ruby2",  "aws-sdk-php",
					   "aws-sdk-rust",  "aws-sdk-cpp",    "aws-sdk-kotlin",
					   "aws-sdk-swift"};
	struct token tf, prov, t;
	size_t n;

	if (!ua || !*ua) {
		strbuf_addstr(out, "(none)");
		return;
	}
	tf = product(ua, "Terraform");
	prov = product(ua, "terraform-provider-aws");
	if (tf.len || prov.len) {
		if (tf.len)
			add_product(out, "Terraform", tf);
		if (tf.len && prov.len)
			strbuf_addstr(out, ", ");
		if (prov.len)
			add_product(out, "aws provider", prov);
		else
			strbuf_addstr(out, " (S3 backend or core)");
		return;
	}
	if ((t = product(ua, "aws-cli")).len) {
		add_product(out, "aws-cli", t);
		return;
	}
	if ((t = product(ua, "Boto3")).len) {
		add_product(out, "boto3", t);
		return;
	}
	if ((t = product(ua, "Botocore")).len || (t = product(ua, "botocore")).len) {
		add_product(out, "botocore", t);
		return;
	}
	for (size_t i = 0; i < sizeof(sdks) / sizeof(sdks[0]); i++) {
		if ((t = product(ua, sdks[i])).len) {
			add_product(out, sdks[i], t);
			return;
		}
	}
	/* anything else: the first product token ("AWS Internal" stays whole) */
	n = strchr(ua, '/') ? strcspn(ua, " ") : strlen(ua);
	if (n > UA_MAX)
		n = UA_MAX;
	add_clean(out, ua, n);
}
