/*
 * explain_context.c - unit tests of what explain reads around and beyond a
 * diagnostic (src/explain/context.c): the command before it (tool, stage,
 * region, wrappers), stack traces by language, the gap in "Signature
 * expired" (long wait or clock), IMDS timeouts in containers, MFA wording,
 * the host of a platform token, the file and line of a parse error, and the
 * cause list that names only catalogue entries.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "core/finding.h"
#include "explain/explain.h"

struct got {
	char cat[40], stage[40], tool[40], region[40], host[80], file[120], first[60];
	unsigned line;
	long wait;
};

static void classify(const char *text, struct got *g)
{
	struct explain x;
	const struct explain_failure *f;
	const char *cs[EXPLAIN_MAX_CAUSES];
	size_t nc;

	memset(g, 0, sizeof(*g));
	explain_buffer(&x, text, strlen(text));
	f = explain_primary(&x);
	if (f) {
		snprintf(g->cat, sizeof(g->cat), "%s", explain_category_name(f->category));
		snprintf(g->stage, sizeof(g->stage), "%s", explain_stage_name(f->stage));
		snprintf(g->tool, sizeof(g->tool), "%s", f->tool ? f->tool : "unknown");
		snprintf(g->region, sizeof(g->region), "%s", f->region ? f->region : "");
		snprintf(g->host, sizeof(g->host), "%s", f->host ? f->host : "");
		snprintf(g->file, sizeof(g->file), "%s", f->config_file ? f->config_file : "");
		g->line = f->config_line;
		g->wait = f->wait_seconds;
		nc = explain_failure_causes(f, cs, EXPLAIN_MAX_CAUSES);
		snprintf(g->first, sizeof(g->first), "%s", nc ? cs[0] : "");
	} else {
		snprintf(g->cat, sizeof(g->cat), "none");
	}
	explain_release(&x);
}

static void test_commands(void)
{
	struct got g;

	classify(
		"aws-okta exec x -- aws ec2 describe-instances --region ap-east-1\n\n"
		"An error occurred (AuthFailure) when calling the DescribeInstances operation: AWS "
		"was not able to validate the provided access credentials\n",
		&g);
	is_str(g.tool, "aws-cli", "a wrapper's -- hands over to the aws command");
	is_str(g.region, "ap-east-1", "--region of the command is the failure's region");
	is_str(g.cat, "opt_in_region", "AuthFailure in an opt-in region is the region");

	classify(" AWS_REGION=eu-west-1 aws sts get-caller-identity\n\n"
		 "An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity "
		 "operation: The security token included in the request is invalid.\n",
		 &g);
	is_str(g.region, "eu-west-1", "AWS_REGION= before the command");
	is_str(g.stage, "cli", "an aws command is the cli stage");
	is_str(g.cat, "invalid_client_token_id", "no opt-in region, no change of category");

	classify("$ terraform workspace new staging\n\nError: error using credentials to get "
		 "account "
		 "ID: error calling sts:GetCallerIdentity: ExpiredToken: The security token "
		 "included "
		 "in the request is expired\n",
		 &g);
	is_str(g.stage, "backend", "terraform workspace: the backend");

	classify("$ echo hello\nSome unrelated line\n"
		 "An error occurred (ExpiredToken) when calling the ListBuckets operation: The "
		 "provided token has expired.\n",
		 &g);
	is_str(g.tool, "aws-cli", "the CLI's own text when no command says more");
}

static void test_languages(void)
{
	struct got g;

	classify("Traceback (most recent call last):\n  File \"app.py\", line 3, in <module>\n"
		 "botocore.exceptions.ClientError: An error occurred (ExpiredToken) when calling "
		 "the "
		 "ListTables operation: The security token included in the request is expired\n",
		 &g);
	is_str(g.tool, "sdk-python", "a botocore traceback is a Python program");
	is_str(g.stage, "unknown", "a program's call has no Terraform stage");

	classify("  File \"awscli/clidriver.py\", line 459, in "
		 "main\nbotocore.exceptions.ClientError: "
		 "An error occurred (ExpiredToken) when calling the ListBuckets operation: The "
		 "provided token has expired.\n",
		 &g);
	is_str(g.tool, "aws-cli", "the AWS CLI's own traceback stays the CLI");

	classify("CredentialsProviderError: Could not load credentials from any providers\n"
		 "    at /app/node_modules/@aws-sdk/credential-provider-node/index.js:1:1\n",
		 &g);
	is_str(g.tool, "sdk-js", "aws-sdk-js v3 outside CI");

	classify("Run aws-actions/configure-aws-credentials@v4\n"
		 "Error: Could not load credentials from any providers\n",
		 &g);
	is_str(g.tool, "configure-aws-credentials", "the same text in the action");
	is_str(g.stage, "ci_action", "... is the CI step");

	classify("panic: AssumeRoleTokenProviderNotSetError: assume role with MFA enabled, but "
		 "AssumeRoleTokenProvider session option not set.\n\ngoroutine 1 [running]:\n",
		 &g);
	is_str(g.cat, "mfa", "AssumeRoleTokenProvider is MFA");
	is_str(g.tool, "sdk-go", "a goroutine dump is a Go program");
	is_str(g.first, "mfa-prompt-unsupported", "... that cannot prompt for the code");

	classify("[terragrunt] 2019/10/08 10:22:12 Error finding AWS credentials (did you set the "
		 "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables?): "
		 "AccessDenied: "
		 "User: arn:aws:iam::123456789012:user/u is not authorized to perform: "
		 "sts:AssumeRole on resource: arn:aws:iam::123456789012:role/TG\n",
		 &g);
	is_str(g.tool, "terragrunt", "[terragrunt] prefix");
	is_str(g.stage, "iam_role", "Terragrunt failing to assume its role");
}

static void test_signature_gap(void)
{
	struct got g;

	classify("* aws_route53_record.r: SignatureDoesNotMatch: Signature expired: "
		 "20161011T235745Z "
		 "is now earlier than 20161011T235755Z (20161012T000255Z - 5 min.)\n",
		 &g);
	ok(g.wait == 310, "signing time to AWS's clock: 5 min 10 s");
	is_str(g.first, "signature-expired-long-wait", "just over the limit, late in a run");

	classify(
		"* provider.aws: error using credentials to get account ID: error calling "
		"sts:GetCallerIdentity: SignatureDoesNotMatch: Signature expired: 20200531T052050Z "
		"is now earlier than 20200531T052308Z (20200531T053808Z - 15 min.)\n",
		&g);
	is_str(g.first, "clock-skew", "the run's first call cannot have waited: the clock");

	classify("aws_lambda_function.w: Creating...\nError: creating Lambda Function (w): "
		 "InvalidSignatureException: Signature expired: 20240105T101500Z is now earlier "
		 "than 20240105T102101Z (20240105T153601Z - 15 min.)\n",
		 &g);
	is_str(g.first, "clock-skew", "hours off is the clock, whatever the stage");

	classify(
		"SignatureDoesNotMatch: Signature not yet current: 20210112T194419Z is still later "
		"than 20210112T072625Z (20210112T071125Z + 15 min.)\n",
		&g);
	is_str(g.first, "clock-skew", "a signature from the future is the clock");
}

static void test_causes(void)
{
	struct got g;

	classify("$ docker run --rm hashicorp/terraform plan\nError: error configuring Terraform "
		 "AWS Provider: no valid credential sources for Terraform AWS Provider found.\n"
		 "Error: no EC2 IMDS role found, operation error ec2imds: GetMetadata, canceled, "
		 "context deadline exceeded\n",
		 &g);
	is_str(g.first, "imds-hop-limit", "IMDS timeout in a container: the hop limit first");

	classify("Error: error configuring Terraform AWS Provider: no valid credential sources for "
		 "Terraform AWS Provider found.\nError: no EC2 IMDS role found, operation error "
		 "ec2imds: GetMetadata, canceled, context deadline exceeded\n",
		 &g);
	is_str(g.first, "imds-last-resort", "IMDS timeout elsewhere: nothing else was found first");

	classify("An error occurred (AccessDenied) when calling the AssumeRole operation: "
		 "MultiFactorAuthentication failed, must provide both MFA serial number and one "
		 "time pass code.\n",
		 &g);
	is_str(g.cat, "mfa", "MultiFactorAuthentication failed is MFA, not authorization");
	is_str(g.first, "mfa-serial-missing", "no serial and code sent");

	classify("Initializing the backend...\n\nError: Required token could not be found\n\n"
		 "Run the following command to generate a token for tfe.acme.com:\n"
		 "    terraform login tfe.acme.com\n",
		 &g);
	is_str(g.cat, "platform_token", "a missing host token");
	is_str(g.host, "tfe.acme.com", "the host it is for");
	is_str(g.tool, "hcp-terraform", "the remote backend's host");

	classify(
		"Error: Failed to query available provider packages\nCould not retrieve the list "
		"of available versions for provider tfe.example.com/acme/aws: host tfe.example.com "
		"requires authentication credentials\n",
		&g);
	is_str(g.host, "tfe.example.com", "registry host");
}

static void test_config_file(void)
{
	struct got g;

	classify("configparser.DuplicateOptionError: While reading from '/home/u/.aws/credentials' "
		 "[line  4]: option 'aws_access_key_id' in section 'x' already exists\n",
		 &g);
	is_str(g.cat, "config_unparsable", "configparser's error");
	is_str(g.file, "/home/u/.aws/credentials", "file named in quotes");
	ok(g.line == 4, "line after [line");

	classify("Error: error configuring Terraform AWS Provider: Error creating AWS session: "
		 "SharedConfigLoadError: failed to load config file, /home/w/.aws/config\ncaused "
		 "by: "
		 "INIParseError: invalid state with ASTKind\n",
		 &g);
	is_str(g.file, "/home/w/.aws/config", "go-v1's file");
	is_str(g.stage, "provider_config", "the provider configuring its session");
	is_str(g.tool, "terraform-provider-aws", "the provider, not a Go program");
}

static void test_catalogue_filter(void)
{
	const char *cs[EXPLAIN_MAX_CAUSES];
	size_t n = explain_category_causes(EC_MFA, cs, EXPLAIN_MAX_CAUSES);
	int known = 1;

	for (size_t i = 0; i < n; i++)
		known &= catalogue_find(cs[i]) != NULL;
	ok(n >= 3 && known, "mfa's causes are catalogue entries");
	n = explain_category_causes(EC_PLATFORM_TOKEN, cs, EXPLAIN_MAX_CAUSES);
	known = 1;
	for (size_t i = 0; i < n; i++)
		known &= catalogue_find(cs[i]) != NULL;
	ok(known, "platform_token names only entries the catalogue has");
}

int main(void)
{
	plan_lazy();
	test_commands();
	test_languages();
	test_signature_gap();
	test_causes();
	test_config_file();
	test_catalogue_filter();
	return done_testing();
}
