#!/usr/bin/env python3
"""Regenerate t/explain/corpus/ (inputs + index.tsv) for t/explain-corpus.t.

The base cases are error texts users published in public issue trackers
(the source column names the thread), cut to the error output, with account
ids, key ids, ARNs and request ids replaced by placeholders of the same
shape; plus texts derived from the reference catalogue
(terraform-aws-auth.md §2.4, terraform-cli-credentials.md §4) and
variations (CRLF, ANSI colour, wrapped boxes, GitHub Actions timestamps,
TF_LOG trace noise, binary junk). Run it from the repository root and
review the diff. It writes only the NNN-*.log cases and index.tsv: the real
outputs collected later (real.tsv, r*.log, and the held-out slice in
../heldout/) are added batch by batch with addbatch.py and kept as they are.
"""
import os, random, textwrap

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
RID = ["3f1c2a7e-5b8d-4e19-9a6f-0c2d4b6e8a10", "8e2d4f6a-1c3b-4d5e-8f7a-9b0c1d2e3f40",
       "c7a9e1b3-2d4f-4a6b-8c0d-1e2f3a4b5c60", "0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d30"]
ACCT, ACCT2 = "123456789012", "210987654321"
AKID = "AKIAIOSFODNN7EXAMPLE"
ASID = "ASIAY34FZKBOKEXAMPLE"

cases = []  # (slug, category, stage, tool, source, text)

def case(slug, cat, stage, tool, source, text):
    cases.append((slug, cat, stage, tool, source, text))

BOX_V6 = f"""╷
│ Error: Retrieving AWS account details: validating provider credentials: retrieving caller identity from STS: operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: {RID[0]}, api error InvalidClientTokenId: The security token included in the request is invalid.
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 10, in provider "aws":
│   10: provider "aws" {{
│ 
╵
"""

# ---------------- invalid_client_token_id
case("tf011-provider-aws", "invalid_client_token_id", "provider_config", "terraform-provider-aws",
     "QT-DevOps/DevOpsIssues#451", f"""$ terraform apply

Error: Error running plan: 1 error(s) occurred:

* provider.aws: error validating provider credentials: error calling sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid.
        status code: 403, request id: {RID[0]}
""")
case("tf06-refresh", "invalid_client_token_id", "state_refresh", "terraform-provider-aws",
     "hashicorp/terraform#2972", f"""Refreshing Terraform state prior to plan...

Error refreshing state: 1 error(s) occurred:

* 1 error(s) occurred:

* InvalidClientTokenId: The security token included in the request is invalid.
        status code: 403, request id: [{RID[1]}]
""")
case("backend-012-account-id", "invalid_client_token_id", "backend", "terraform-s3-backend",
     "ljfranklin/terraform-resource#123", f"""2020/07/13 02:26:49 terraform init command failed.
Error: exit status 1
Output: 
Initializing the backend...

Error: error using credentials to get account ID: error calling sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid.
	status code: 403, request id: {RID[2]}
""")
case("provider-v3-box", "invalid_client_token_id", "provider_config", "terraform-provider-aws",
     "hashicorp/terraform-provider-aws#20546 (shape)", f"""╷
│ Error: error configuring Terraform AWS Provider: error validating provider credentials: error calling sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid.
│ 	status code: 403, request id: {RID[1]}
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 1, in provider "aws":
│    1: provider "aws" {{
│ 
╵
""")
case("provider-v3-plain-012", "invalid_client_token_id", "provider_config", "terraform-provider-aws",
     "hashicorp/terraform#29351", f"""error configuring Terraform AWS Provider: error validating provider credentials: error calling sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid.
	status code: 403, request id: {RID[3]}
  on main.tf line 1, in provider "aws":
   1: provider "aws" {{
""")
case("provider-v3-windows", "invalid_client_token_id", "provider_config", "terraform-provider-aws",
     "QT-DevOps/DevOpsIssues#970", f"""PS D:\\terraform\\TerraformZone\\Oct20\\helo.tf> terraform apply .

Error: error configuring Terraform AWS Provider: error validating provider credentials: error calling sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid.
status code: 403, request id: {RID[0]}
""")
case("provider-v4-37", "invalid_client_token_id", "provider_config", "terraform-provider-aws",
     "hashicorp/terraform-provider-aws#27618", f"""╷
│ Error: error configuring Terraform AWS Provider: error validating provider credentials: error calling sts:GetCallerIdentity: operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: {RID[1]}, api error InvalidClientTokenId: The security token included in the request is invalid.
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on providers.tf line 12, in provider "aws":
│   12: provider "aws" {{
│ 
╵
""")
case("provider-v4-late", "invalid_client_token_id", "provider_config", "terraform-provider-aws",
     "hashicorp/terraform-provider-aws#28870", f"""╷
│ Error: configuring Terraform AWS Provider: error validating provider credentials: error calling sts:GetCallerIdentity: operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: {RID[2]}, api error InvalidClientTokenId: The security token included in the request is invalid.
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 3, in provider "aws":
│    3: provider "aws" {{
│ 
╵
""")
V5 = f"""╷
│ Error: configuring Terraform AWS Provider: validating provider credentials: retrieving caller identity from STS: operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: {RID[3]}, api error InvalidClientTokenId: The security token included in the request is invalid.
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 3, in provider "aws":
│    3: provider "aws" {{
│ 
╵
"""
case("provider-v5", "invalid_client_token_id", "provider_config", "terraform-provider-aws",
     "terraform-aws-auth.md §2.4 A (v5 row)", V5)
case("provider-v6", "invalid_client_token_id", "provider_config", "terraform-provider-aws",
     "terraform-aws-auth.md §2.4 A (v6 row)", "Planning failed. Terraform encountered an error while generating this plan.\n\n" + BOX_V6)
case("backend-015-box", "invalid_client_token_id", "backend", "terraform-s3-backend",
     "terraform-aws-auth.md §2.4 A (backend 0.13-1.5)", f"""Initializing the backend...
╷
│ Error: error configuring S3 Backend: error validating provider credentials: error calling sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid.
│ 	status code: 403, request id: {RID[0]}
│ 
│ 
╵
""")
BACKEND16 = f"""Initializing the backend...
╷
│ Error: validating provider credentials: retrieving caller identity from STS: operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: {RID[1]}, api error InvalidClientTokenId: The security token included in the request is invalid.
│ 
│ 
╵
"""
case("backend-16-box", "invalid_client_token_id", "backend", "terraform-s3-backend",
     "jason-johnson/azure-pipelines-tasks-terraform#453 + §2.4 A", BACKEND16)
case("eks-iam-role-resource", "invalid_client_token_id", "resource_operation", "terraform-provider-aws",
     "terraform-aws-modules/terraform-aws-eks#2890", f"""module.vpc.aws_route.private_nat_gateway[0]: Creating...
module.vpc.aws_route.private_nat_gateway[0]: Creation complete after 1s [id=r-rtb-0712abcc433c1714a1080289494]
╷
│ Error: creating IAM Role (eks-workshop-cluster-20240202045830820400000001): InvalidClientTokenId: The security token included in the request is invalid
│       status code: 403, request id: {RID[2]}
│ 
│   with module.eks.aws_iam_role.this[0],
│   on .terraform/modules/eks/main.tf line 293, in resource "aws_iam_role" "this":
│  293: resource "aws_iam_role" "this" {{
│ 
╵
""")
case("cli-get-caller-identity", "invalid_client_token_id", "cli", "aws-cli",
     "newrelic/newrelic-lambda-cli#18", """$ aws sts get-caller-identity

An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.
""")
case("provider-v3-role-invalid-creds", "invalid_client_token_id", "provider_config", "terraform-provider-aws",
     "terraform-aws-auth.md §2.4 D (v3) with an invalid source key", f"""Error: error configuring Terraform AWS Provider: IAM Role (arn:aws:iam::{ACCT2}:role/deploy) cannot be assumed.

There are a number of possible causes of this - the most common are:
  * The credentials used in order to assume the role are invalid
  * The credentials do not have appropriate permission to assume the role
  * The role ARN is not valid

Error: InvalidClientTokenId: The security token included in the request is invalid.
	status code: 403, request id: {RID[3]}

  on main.tf line 1, in provider "aws":
   1: provider "aws" {{
""")
case("opentofu-backend-invalid-access-key", "invalid_client_token_id", "backend", "opentofu-s3-backend",
     "opentofu/opentofu#2682", f"""OpenTofu v1.9.0
Initializing the backend...
╷
│ Error: Failed to get existing workspaces: operation error S3: ListObjectsV2, https response error StatusCode: 403, RequestID: 7YV1RZ1QDWQ9X3AB, HostID: dGhpcyBpcyBub3QgYSByZWFsIGhvc3QgaWQgYnV0IGl0IGhhcyB0aGUgc2hhcGU=, api error InvalidAccessKeyId: UnknownError
│ 
╵
""")
case("cli-cli53-v1", "invalid_client_token_id", "unknown", "sdk-go",
     "barnybug/cli53#278", f"""# sudo cli53 export example.com
Error: InvalidClientTokenId: The security token included in the request is invalid.
	status code: 403, request id: {RID[0]}
""")

# ---------------- signature_does_not_match
case("provider-v2-signature", "signature_does_not_match", "provider_config", "terraform-provider-aws",
     "hashicorp/terraform#23701", f"""Error: error using credentials to get account ID: error calling sts:GetCallerIdentity: SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.
	status code: 403, request id: {RID[1]}

  on main.tf line 1, in provider "aws":
   1: provider "aws" {{
""")
case("cli-list-buckets-signature", "signature_does_not_match", "cli", "aws-cli",
     "hashicorp/terraform#23700", """$ aws s3 ls

An error occurred (SignatureDoesNotMatch) when calling the ListBuckets operation: The request signature we calculated does not match the signature you provided. Check your key and signing method.
""")
case("provider-v5-signature", "signature_does_not_match", "provider_config", "terraform-provider-aws",
     "terraform-aws-auth.md §2.4 B", V5.replace("InvalidClientTokenId: The security token included in the request is invalid.",
     "SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."))
case("backend-16-s3-signature", "signature_does_not_match", "backend", "terraform-s3-backend",
     "hashicorp/terraform#34136 (shape)", f"""Initializing the backend...
╷
│ Error: Failed to get existing workspaces: operation error S3: ListObjectsV2, https response error StatusCode: 403, RequestID: XKPGJW5QCDDJA0TG, HostID: c2hhcGUgb2YgYSBob3N0IGlkIG9ubHkgbm90aGluZyBtb3JlIHRoYW4gdGhhdA==, api error SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your key and signing method.
│ 
╵
""")
case("provider-v3-scope-region", "signature_does_not_match", "provider_config", "terraform-provider-aws",
     "openshift/installer PR 6518 (quoted provider 3.x output)", f"""Error: error configuring Terraform AWS Provider: error validating provider credentials: error calling sts:GetCallerIdentity: SignatureDoesNotMatch: Credential should be scoped to a valid region. 
	status code: 403, request id: {RID[2]}

  on main.tf line 5, in provider "aws":
   5: provider "aws" {{
""")
case("provider-v5-crlf-in-key", "signature_does_not_match", "provider_config", "terraform-provider-aws",
     "terraform-aws-auth.md §3 cause 8 (Go header check)", """╷
│ Error: configuring Terraform AWS Provider: validating provider credentials: retrieving caller identity from STS: operation error STS: GetCallerIdentity, exceeded maximum number of attempts, 25, https response error StatusCode: 0, RequestID: , request send failed, Post "https://sts.us-east-1.amazonaws.com/": net/http: invalid header field value for "Authorization"
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 1, in provider "aws":
│    1: provider "aws" {
│ 
╵
""")
case("cli-incomplete-signature", "signature_does_not_match", "cli", "aws-cli",
     "Noovolari/leapp#88 (shape)", """An error occurred (IncompleteSignature) when calling the GetCallerIdentity operation: 'AKIAIOSFODNN7EXAMPLE /20240105/us-east-1/sts/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE /20240105/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7'.
""")

# ---------------- clock_skew
case("provider-v2-signature-expired", "clock_skew", "provider_config", "terraform-provider-aws",
     "appsecco/breaking-and-pwning-apps-and-servers-aws-azure-training#14", """Error: Error refreshing state: 1 error(s) occurred:

* provider.aws: error using credentials to get account ID: error calling sts:GetCallerIdentity: SignatureDoesNotMatch: Signature expired: 20200531T052050Z is now earlier than 20200531T052308Z (20200531T053808Z - 15 min.)
	status code: 403, request id: 
""")
case("provider-v3-not-yet-current", "clock_skew", "provider_config", "terraform-provider-aws",
     "QT-DevOps/DevOpsIssues#989", f""" error configuring Terraform AWS Provider: error validating provider credentials: error calling sts:GetCallerIdentity: SignatureDoesNotMatch: Signature not yet current: 20210112T194419Z is still later than 20210112T072625Z (20210112T071125Z + 15 min.)
        status code: 403, request id: {RID[3]}
""")
case("cli-time-too-skewed", "clock_skew", "cli", "aws-cli",
     "terraform-aws-auth.md §3 cause 10 (S3 form)", """An error occurred (RequestTimeTooSkewed) when calling the ListBuckets operation: The difference between the request time and the current time is too large.
""")
case("tf07-route53-refresh", "clock_skew", "state_refresh", "terraform-provider-aws",
     "hashicorp/terraform#9333", f"""aws_route53_record.myrecord1-domain-com-CNAME: Refreshing state... (ID: Z1D633PJN98FT9_myrecord1.example.com_CNAME)
aws_route53_record.myrecord2-domain-com-CNAME: Refreshing state... (ID: Z1D633PJN98FT9_myrecord2.example.com_CNAME)
Error refreshing state: 1 error(s) occurred:

* aws_route53_record.myrecord1-domain-com-CNAME: SignatureDoesNotMatch: Signature expired: 20161011T235745Z is now earlier than 20161011T235755Z (20161012T000255Z - 5 min.)
	status code: 403, request id: {RID[0]}
""")
case("lambda-invalid-signature-exception", "clock_skew", "resource_operation", "terraform-provider-aws",
     "terraform-aws-auth.md §2.4 B (JSON service form)", f"""aws_lambda_function.worker: Creating...
╷
│ Error: creating Lambda Function (worker): operation error Lambda: CreateFunction, https response error StatusCode: 403, RequestID: {RID[1]}, api error InvalidSignatureException: Signature expired: 20240105T101500Z is now earlier than 20240105T102101Z (20240105T103601Z - 15 min.)
│ 
│   with aws_lambda_function.worker,
│   on lambda.tf line 1, in resource "aws_lambda_function" "worker":
│    1: resource "aws_lambda_function" "worker" {{
│ 
╵
""")

# ---------------- expired_token
case("tf011-save-state-expired", "expired_token", "backend", "terraform-s3-backend",
     "hashicorp/terraform#17180", """Failed to save state: failed to upload state: ExpiredToken: The provided token has expired.
	status code: 400, request id: 593F2112F64A6BEC, host id: aG9zdCBpZCBwbGFjZWhvbGRlciBvZiB0aGUgc2FtZSBzaGFwZQ==

Error: Failed to persist state to backend.

The error shown above has prevented Terraform from writing the updated state
to the configured backend. To allow for recovery, the state has been written
to the file "errored.tfstate" in the current working directory.
""")
case("gha-upload-state-expired", "expired_token", "backend", "terraform-s3-backend",
     "hashicorp/terraform#36395", """##[error]╷
##[error]│ Error: failed to upload state: operation error S3: CreateMultipartUpload, https response error StatusCode: 400, RequestID: 4358PTXS48AJM7TC, HostID: UlFKYVNWeGxWR0J3aVlzR3FweXBsYWNlaG9sZGVyIGhvc3QgaWQ=, api error ExpiredToken: The provided token has expired.
##[error]│ 
##[error]│ 
##[error]╵
""")
case("cli-expired-token", "expired_token", "cli", "aws-cli",
     "terraform-aws-auth.md §2.4 C (CLI form)", """An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired
""")
case("provider-v6-expired", "expired_token", "provider_config", "terraform-provider-aws",
     "terraform-aws-auth.md §2.4 C", BOX_V6.replace("InvalidClientTokenId: The security token included in the request is invalid.",
     "ExpiredToken: The security token included in the request is expired"))
case("lambda-expired-token-exception", "expired_token", "resource_operation", "terraform-provider-aws",
     "terraform-aws-auth.md §2.4 C (ExpiredTokenException)", f"""Error: reading Lambda Function (api): operation error Lambda: GetFunction, https response error StatusCode: 403, RequestID: {RID[2]}, api error ExpiredTokenException: The security token included in the request is expired

  with aws_lambda_function.api,
  on lambda.tf line 12, in resource "aws_lambda_function" "api":
  12: resource "aws_lambda_function" "api" {{
""")
case("cli-ec2-request-expired", "expired_token", "cli", "aws-cli",
     "terraform-aws-auth.md §2.4 C (RequestExpired)", """An error occurred (RequestExpired) when calling the DescribeInstances operation: Request has expired.
""")

# ---------------- no_credentials
NOCRED_V3 = """Error: error configuring Terraform AWS Provider: no valid credential sources for Terraform AWS Provider found.

Please see https://registry.terraform.io/providers/hashicorp/aws
for more information about providing credentials.

Error: NoCredentialProviders: no valid providers in chain. Deprecated.
	For verbose messaging see aws.Config.CredentialsChainVerboseErrors
"""
case("provider-v3-no-credentials", "no_credentials", "provider_config", "terraform-provider-aws",
     "aws-quickstart/terraform-aws-vpc#6", NOCRED_V3)
case("backend-015-atlantis", "no_credentials", "backend", "terraform-s3-backend",
     "autotune/pritunl-k8s-tf-do PR 1", """running "/usr/local/bin/terraform init -input=false -no-color -upgrade" in "/root/.atlantis/repos/example/infra/1/default/terraform": exit status 1

Initializing the backend...

Error: error configuring S3 Backend: no valid credential sources for S3 Backend found.

Please see https://www.terraform.io/docs/language/settings/backends/s3.html
for more information about providing credentials.

Error: NoCredentialProviders: no valid providers in chain. Deprecated.
	For verbose messaging see aws.Config.CredentialsChainVerboseErrors
""")
case("backend-011-no-credentials", "no_credentials", "backend", "terraform-s3-backend",
     "ned1313/Deep-Dive-Terraform#2", """Initializing the backend...
bucket
  The name of the S3 bucket

  Enter a value: dummybuck

Error configuring the backend "s3": No valid credential sources found for AWS Provider.
        Please see https://terraform.io/docs/providers/aws/index.html for more information on
        providing credentials for the AWS Provider

Please update the configuration in your Terraform files to fix this error
then run this command again.
""")
case("provider-v4-imds-404", "no_credentials", "provider_config", "terraform-provider-aws",
     "clong/DetectionLab#818", """╷
│ Error: error configuring Terraform AWS Provider: no valid credential sources for Terraform AWS Provider found.
│ 
│ Please see https://registry.terraform.io/providers/hashicorp/aws
│ for more information about providing credentials.
│ 
│ Error: failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, http response error StatusCode: 404, request to EC2 IMDS failed
│ 
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 2, in provider "aws":
│    2: provider "aws" {
│ 
╵
""")
case("provider-v4-imds-timeout", "no_credentials", "provider_config", "terraform-provider-aws",
     "GoogleCloudPlatform/anthos-samples#401", """$ terraform apply
╷
│ Error: error configuring Terraform AWS Provider: no valid credential sources for Terraform AWS Provider found.
│
│ Please see https://registry.terraform.io/providers/hashicorp/aws
│ for more information about providing credentials.
│
│ Error: failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, request send failed, Get "http://169.254.169.254/latest/meta-data/iam/security-credentials/": dial tcp 169.254.169.254:80: i/o timeout
│
│
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on provider.tf line 26, in provider "aws":
│   26: provider "aws" {
│
╵
""")
NOCRED_V5 = """╷
│ Error: No valid credential sources found
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 1, in provider "aws":
│    1: provider "aws" {
│ 
│ Please see https://registry.terraform.io/providers/hashicorp/aws
│ for more information about providing credentials.
│ 
│ Error: failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, request canceled, context deadline exceeded
│ 
╵
"""
case("provider-v5-no-credentials", "no_credentials", "provider_config", "terraform-provider-aws",
     "hashicorp/terraform-provider-aws#42420", NOCRED_V5)
BACKEND16_NOCRED = """Initializing the backend...
╷
│ Error: No valid credential sources found
│ 
│ Please see https://www.terraform.io/docs/language/settings/backends/s3.html
│ for more information about providing credentials.
│ 
│ Error: failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, exceeded maximum number of attempts, 3, request send failed, Get "http://169.254.169.254/latest/meta-data/iam/security-credentials/": dial tcp 169.254.169.254:80: connect: host is down
│ 
╵
"""
case("backend-16-no-credentials", "no_credentials", "backend", "terraform-s3-backend",
     "hashicorp/terraform-provider-aws#39003", BACKEND16_NOCRED)
case("opentofu-backend-no-credentials", "no_credentials", "backend", "opentofu-s3-backend",
     "terraform-cli-credentials.md §1.8 + §2.4 E", "$ tofu init\n\n" + BACKEND16_NOCRED.replace(
         "https://www.terraform.io/docs/language/settings/backends/s3.html", "https://opentofu.org/docs/language/settings/backends/s3/"))
case("cli-unable-to-locate", "no_credentials", "cli", "aws-cli",
     "botocore exceptions.py NoCredentialsError", """$ aws s3 ls
Unable to locate credentials. You can configure credentials by running "aws configure".
""")
case("gha-credentials-not-loaded", "no_credentials", "ci_action", "configure-aws-credentials",
     "aws-actions/configure-aws-credentials#271", """Run aws-actions/configure-aws-credentials@v4
  with:
    aws-region: eu-west-1
Error: Credentials could not be loaded, please check your action inputs: Could not load credentials from any providers
""")
case("pulumi-bridged-provider", "no_credentials", "provider_config", "terraform-provider-aws",
     "pulumi/pulumi#10303", """    Error: invocation of aws:lb/getLoadBalancer:getLoadBalancer returned an error: 1 error occurred:
    	* error configuring Terraform AWS Provider: no valid credential sources for Terraform AWS Provider found.
    
    Please see https://registry.terraform.io/providers/hashicorp/aws
    for more information about providing credentials.
    
    Error: no EC2 IMDS role found, operation error ec2imds: GetMetadata, canceled, context deadline exceeded
""")
case("provider-v5-imds-disabled", "no_credentials", "provider_config", "terraform-provider-aws",
     "terraform-aws-auth.md §1.8 (IMDS disabled)", NOCRED_V5.replace(
         "failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, request canceled, context deadline exceeded",
         "failed to refresh cached credentials, access disabled to EC2 IMDS via client option, or \"AWS_EC2_METADATA_DISABLED\" environment variable"))

# ---------------- imds_unreachable
case("go-sdk-imds", "imds_unreachable", "unknown", "sdk-go",
     "aws/aws-sdk-go#5138", """panic: AssumeRole error, operation error STS: AssumeRole, failed to sign request: failed to retrieve credentials: failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, request canceled, context deadline exceeded
""")
case("provider-v5-assume-role-imds", "imds_unreachable", "provider_config", "terraform-provider-aws",
     "hashicorp/terraform-provider-aws#42860", f"""╷
│ Error: Cannot assume IAM Role
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on providers.tf line 1, in provider "aws":
│    1: provider "aws" {{
│ 
│ IAM Role (arn:aws:iam::{ACCT}:role/terraform) cannot be assumed.
│ 
│ There are a number of possible causes of this - the most common are:
│   * The credentials used in order to assume the role are invalid
│   * The credentials do not have appropriate permission to assume the role
│   * The role ARN is not valid
│ 
│ Error: operation error STS: AssumeRole, get identity: get credentials: failed to refresh cached credentials, no EC2 IMDS role found, operation error ec2imds: GetMetadata, request canceled, context deadline exceeded
│ 
╵
""")
case("trace-imds-404", "imds_unreachable", "provider_config", "terraform-provider-aws",
     "hashicorp/terraform-provider-aws#34234", """2023-11-04T03:12:43.531Z [DEBUG] provider.terraform-provider-aws_v5.24.0_x5: HTTP Response Received: @caller=github.com/hashicorp/aws-sdk-go-base/v2@v2.0.0-beta.38/logging/tf_logger.go:47 aws.region= tf_provider_addr=registry.terraform.io/hashicorp/aws tf_rpc=ConfigureProvider @module=aws.aws-base http.response.body="Not Found
" http.response.header.content_type="text/plain; charset=utf-8" http.status_code=404 rpc.method= rpc.system=aws-api tf_aws.sdk=aws-sdk-go-v2 tf_req_id=13195a74-49d8-65ad-df49-426b685c16b3 http.duration=3
2023-11-04T03:12:43.531Z [DEBUG] provider.terraform-provider-aws_v5.24.0_x5: request failed with unretryable error http response error StatusCode: 404, request to EC2 IMDS failed: tf_provider_addr=registry.terraform.io/hashicorp/aws tf_req_id=13195a74-49d8-65ad-df49-426b685c16b3 tf_rpc=ConfigureProvider @module=aws.aws-base tf_aws.sdk=aws-sdk-go-v2 rpc.system=aws-api
""")
case("v1-ec2-role-request", "imds_unreachable", "unknown", "sdk-go",
     "aws-sdk-go v1 ec2rolecreds (shape)", """time="2024-01-05T10:00:00Z" level=error msg="failed to get credentials" error="EC2RoleRequestError: no EC2 instance role found\\ncaused by: EC2MetadataError: failed to make EC2Metadata request\\n\\tstatus code: 404, request id: "
""")

# ---------------- profile_not_found
case("provider-v4-profile", "profile_not_found", "provider_config", "terraform-provider-aws",
     "hashicorp/terraform-provider-aws#25905", """Error: error configuring Terraform AWS Provider: failed to get shared config profile, test-1  with provider["registry.terraform.io/hashicorp/aws"], on main.tf line 10, in provider "aws": 10: provider "aws" {
""")
case("provider-v4-67-profile-box", "profile_not_found", "provider_config", "terraform-provider-aws",
     "hashicorp/terraform#35483", """Planning failed. Terraform encountered an error while generating this plan.

╷
│ Error: configuring Terraform AWS Provider: failed to get shared config profile, jack.roper
│
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on tf.tf line 12, in provider "aws":
│   12: provider "aws" {
│
╵
""")
case("backend-16-profile", "profile_not_found", "backend", "terraform-s3-backend",
     "hashicorp/terraform-provider-aws#40410 (backend form)", """Initializing the backend...
╷
│ Error: failed to get shared config profile, prod
│ 
│ 
╵
""")
case("cli-profile-not-found", "profile_not_found", "cli", "aws-cli",
     "botocore exceptions.py ProfileNotFound", """$ aws s3 ls --profile prdo

The config profile (prdo) could not be found
""")
case("gha-dflook-profile", "profile_not_found", "provider_config", "terraform-provider-aws",
     "dflook/terraform-github-actions#373", """╷
│ Error: failed to get shared config profile, prod
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on providers.tf line 14, in provider "aws":
│   14: provider "aws" {
│ 
╵
""")
case("codebuild-profile-v4", "profile_not_found", "provider_config", "terraform-provider-aws",
     "davoclock/aws-cicd-pipeline#4", """[Container] 2022/04/05 09:41:40 Running command terraform plan
╷
│ Error: error configuring Terraform AWS Provider: failed to get shared config profile, deploy
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 7, in provider "aws":
│    7: provider "aws" {
│ 
╵
[Container] 2022/04/05 09:41:42 Command did not exit successfully terraform plan exit status 1
""")

# ---------------- sso_expired
case("backend-15-sso", "sso_expired", "backend", "terraform-s3-backend",
     "hashicorp/terraform-provider-aws#32221, hashicorp/terraform#32448", """╷
│ Error: error configuring S3 Backend: no valid credential sources for S3 Backend found.
│
│ Please see https://www.terraform.io/docs/language/settings/backends/s3.html
│ for more information about providing credentials.
│
│ Error: SSOProviderInvalidToken: the SSO session has expired or is invalid
│ caused by: open /Users/user/.aws/sso/cache/7ad0c8d4e5f6a7b8c9d0e1f2a3b4c5d6e70ebf54.json: no such file or directory
╵
""")
case("provider-v5-sso-refresh", "sso_expired", "provider_config", "terraform-provider-aws",
     "terraform-aws-auth.md §1.8 SSO (v2 SDK)", f"""╷
│ Error: configuring Terraform AWS Provider: validating provider credentials: retrieving caller identity from STS: operation error STS: GetCallerIdentity, get identity: get credentials: failed to refresh cached credentials, refresh cached SSO token failed, unable to refresh SSO token, operation error SSO OIDC: CreateToken, https response error StatusCode: 400, RequestID: {RID[0]}, InvalidGrantException: 
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 1, in provider "aws":
│    1: provider "aws" {{
│ 
╵
""")
case("cli-sso-refresh-failed", "sso_expired", "cli", "aws-cli",
     "botocore tokens.py", """$ aws s3 ls --profile dev

Error when retrieving token from sso: Token has expired and refresh failed
""")
case("cli-sso-session-expired", "sso_expired", "cli", "aws-cli",
     "botocore exceptions.py UnauthorizedSSOTokenError", """The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.
""")
case("terragrunt-sso", "sso_expired", "unknown", "terragrunt",
     "gruntwork-io/terragrunt#2604", """ERRO[0002] SSOProviderInvalidToken: the SSO session has expired or is invalid
caused by: expected RFC3339 timestamp: parsing time "2023-06-13T18:02:11UTC" as "2006-01-02T15:04:05Z07:00": cannot parse "UTC" as "Z07:00" 
""")
case("provider-v6-sso-v2", "sso_expired", "provider_config", "terraform-provider-aws",
     "terraform-aws-auth.md §1.8 SSO", """╷
│ Error: No valid credential sources found
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 1, in provider "aws":
│    1: provider "aws" {
│ 
│ Please see https://registry.terraform.io/providers/hashicorp/aws
│ for more information about providing credentials.
│ 
│ Error: failed to refresh cached credentials, the SSO session has expired or is invalid: failed to read cached SSO token file, open /home/user/.aws/sso/cache/0d3f0a7c2b1e4d5f6a7b8c9d0e1f2a3b4c5d6e7f.json: no such file or directory
│ 
╵
""")

# ---------------- assume_role_denied
case("provider-v3-assume-role-denied", "assume_role_denied", "provider_config", "terraform-provider-aws",
     "terraform-aws-auth.md §2.4 D (v3)", f"""Error: error configuring Terraform AWS Provider: IAM Role (arn:aws:iam::{ACCT2}:role/x) cannot be assumed.

There are a number of possible causes of this - the most common are:
  * The credentials used in order to assume the role are invalid
  * The credentials do not have appropriate permission to assume the role
  * The role ARN is not valid

Error: AccessDenied: User: arn:aws:iam::{ACCT}:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{ACCT2}:role/x
	status code: 403, request id: {RID[1]}
""")
case("pulumi-v4-assume-role", "assume_role_denied", "provider_config", "terraform-provider-aws",
     "cloud-toolkit/cloud-toolkit-aws#31", f"""aws:iam:AccountPasswordPolicy (nova-audit):
    error: 1 error occurred:
        * error configuring Terraform AWS Provider: IAM Role (arn:aws:iam::{ACCT2}:role/root) cannot be assumed.
    
    There are a number of possible causes of this - the most common are:
      * The credentials used in order to assume the role are invalid
      * The credentials do not have appropriate permission to assume the role
      * The role ARN is not valid
    
    Error: operation error STS: AssumeRole, https response error StatusCode: 403, RequestID: {RID[2]}, api error AccessDenied: User: arn:aws:iam::{ACCT}:user/Williams is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{ACCT2}:role/root
""")
ASSUME_BOX = f"""╷
│ Error: Cannot assume IAM Role
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 1, in provider "aws":
│    1: provider "aws" {{
│ 
│ IAM Role (arn:aws:iam::{ACCT2}:role/deploy) cannot be assumed.
│ 
│ There are a number of possible causes of this - the most common are:
│   * The credentials used in order to assume the role are invalid
│   * The credentials do not have appropriate permission to assume the role
│   * The role ARN is not valid
│ 
│ Error: operation error STS: AssumeRole, https response error StatusCode: 403, RequestID: {RID[3]}, api error AccessDenied: User: arn:aws:iam::{ACCT}:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{ACCT2}:role/deploy
│ 
╵
"""
case("provider-v6-cannot-assume", "assume_role_denied", "provider_config", "terraform-provider-aws",
     "terraform-aws-auth.md §2.4 D (base beta.33+)", ASSUME_BOX)
case("backend-16-cannot-assume", "assume_role_denied", "backend", "terraform-s3-backend",
     "terraform-aws-auth.md §2.4 D (backend 1.6+)", "Initializing the backend...\n" + ASSUME_BOX.replace(
         '│   with provider["registry.terraform.io/hashicorp/aws"],\n│   on main.tf line 1, in provider "aws":\n│    1: provider "aws" {\n│ \n', ""))
case("cli-assume-role-denied", "assume_role_denied", "cli", "aws-cli",
     "uswitch/kiam#33 (CLI form)", f"""An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::{ACCT}:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{ACCT2}:role/admin
""")
case("gha-assume-role-user", "assume_role_denied", "ci_action", "configure-aws-credentials",
     "configure-aws-credentials (user credentials form)", f"""Run aws-actions/configure-aws-credentials@v4
Error: Could not assume role with user credentials: User: arn:aws:iam::{ACCT}:user/ci is not authorized to perform: sts:TagSession on resource: arn:aws:iam::{ACCT}:role/deploy
""")
case("kiam-assume-role", "assume_role_denied", "unknown", "unknown",
     "uswitch/kiam#33", f"""{{"level":"error","msg":"error requesting credentials: AccessDenied: User: arn:aws:sts::{ACCT}:assumed-role/us-west-2-md-Controller/i-084d38eaacc983616 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{ACCT}:role/us-west-2-md-Kiam\\n\\tstatus code: 403, request id: {RID[0]}","pod.iam.role":"external-dns","time":"2018-08-08T09:47:04Z"}}
""")

# ---------------- web_identity_failure
GHA_OIDC = """Run aws-actions/configure-aws-credentials@v4
  with:
    role-to-assume: arn:aws:iam::123456789012:role/github-deploy
    aws-region: us-east-1
Assuming role with OIDC
Assuming role with OIDC
Error: Could not assume role with OIDC: Not authorized to perform sts:AssumeRoleWithWebIdentity
"""
case("gha-oidc-not-authorized", "web_identity_failure", "ci_action", "configure-aws-credentials",
     "aws-actions/configure-aws-credentials#1446, #1293", GHA_OIDC)
case("provider-v6-web-identity", "web_identity_failure", "provider_config", "terraform-provider-aws",
     "terraform-aws-auth.md §2.4 D (web identity)", f"""╷
│ Error: Cannot assume IAM Role with web identity
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 1, in provider "aws":
│    1: provider "aws" {{
│ 
│ IAM Role (arn:aws:iam::{ACCT}:role/gitlab-deploy) cannot be assumed with web identity token.
│ 
│ There are a number of possible causes of this - the most common are:
│   * The web identity token used in order to assume the role is invalid
│   * The web identity token does not have appropriate permission to assume the role
│   * The role ARN is not valid
│ 
│ Error: operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 400, RequestID: {RID[1]}, InvalidIdentityToken: No OpenIDConnect provider found in your account for https://gitlab.example.com
│ 
╵
""")
case("cli-gitlab-web-identity", "web_identity_failure", "cli", "aws-cli",
     "GitLab OIDC (CLI form)", """$ aws sts assume-role-with-web-identity --role-arn ${ROLE_ARN} --role-session-name "gitlab-${CI_PIPELINE_ID}" --web-identity-token ${GITLAB_OIDC_TOKEN}

An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: No OpenIDConnect provider found in your account for https://gitlab.com
""")
case("gha-id-token-missing", "web_identity_failure", "ci_action", "configure-aws-credentials",
     "@actions/core getIDToken (missing id-token: write)", """Run aws-actions/configure-aws-credentials@v4
Error: Credentials could not be loaded, please check your action inputs: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable
""")
case("backend-16-web-identity", "web_identity_failure", "backend", "terraform-s3-backend",
     "terraform-aws-auth.md §2.4 D (web identity, backend)", f"""Initializing the backend...
╷
│ Error: Cannot assume IAM Role with web identity
│ 
│ IAM Role (arn:aws:iam::{ACCT}:role/ci) cannot be assumed with web identity token.
│ 
│ Error: operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 403, RequestID: {RID[2]}, api error AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity
│ 
╵
""")

# ---------------- opt_in_region
case("trace-opt-in-ap-east-1", "opt_in_region", "provider_config", "terraform-provider-aws",
     "hashicorp/terraform-provider-aws#9234 (region), §3 cause 3", f"""2024-01-05T10:00:01.100Z [DEBUG] provider.terraform-provider-aws: HTTP Request Sent: aws.operation=GetCallerIdentity aws.region=ap-east-1 aws.service=STS http.method=POST http.url=https://sts.ap-east-1.amazonaws.com/ tf_rpc=ConfigureProvider
2024-01-05T10:00:01.300Z [DEBUG] provider.terraform-provider-aws: HTTP Response Received: aws.operation=GetCallerIdentity aws.region=ap-east-1 aws.service=STS http.status_code=403 tf_rpc=ConfigureProvider
╷
│ Error: Retrieving AWS account details: validating provider credentials: retrieving caller identity from STS: operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: {RID[3]}, api error InvalidClientTokenId: The security token included in the request is invalid.
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 1, in provider "aws":
│    1: provider "aws" {{
│ 
╵
""")
case("cli-debug-af-south-1", "opt_in_region", "cli", "aws-cli",
     "aws-azure-login/aws-azure-login#251", f"""urllib3.connectionpool - DEBUG - Starting new HTTPS connection (1): sts.af-south-1.amazonaws.com:443
urllib3.connectionpool - DEBUG - https://sts.af-south-1.amazonaws.com:443 "POST / HTTP/1.1" 403 305
botocore.parsers - DEBUG - Response headers: {{'x-amzn-RequestId': '{RID[0]}', 'Content-Type': 'text/xml', 'Content-Length': '305'}}
botocore.parsers - DEBUG - Response body:
b'<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\\n  <Error>\\n    <Type>Sender</Type>\\n    <Code>InvalidClientTokenId</Code>\\n    <Message>The security token included in the request is invalid</Message>\\n  </Error>\\n  <RequestId>{RID[0]}</RequestId>\\n</ErrorResponse>\\n'

An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid
""")
case("cli-region-disabled", "opt_in_region", "cli", "aws-cli",
     "STS RegionDisabledException (CLI form)", f"""An error occurred (RegionDisabledException) when calling the AssumeRole operation: STS is not activated in this region for account:{ACCT}. Your account administrator can activate STS in this region using the IAM Console.
""")
case("ec2-opt-in-required-vpc", "opt_in_region", "resource_operation", "terraform-provider-aws",
     "EC2 OptInRequired in a region not enabled", f"""aws_vpc.main: Creating...
╷
│ Error: creating EC2 VPC: operation error EC2: CreateVpc, https response error StatusCode: 401, RequestID: {RID[1]}, api error OptInRequired: You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe.
│ 
│   with aws_vpc.main,
│   on vpc.tf line 1, in resource "aws_vpc" "main":
│    1: resource "aws_vpc" "main" {{
│ 
╵
""")
case("trace-assume-role-me-central-1", "opt_in_region", "provider_config", "terraform-provider-aws",
     "hashicorp/terraform-provider-aws#28909, #32549", f"""2024-02-01T09:00:00.000Z [DEBUG] provider.terraform-provider-aws: HTTP Request Sent: aws.operation=AssumeRole aws.region=me-central-1 aws.service=STS http.url=https://sts.me-central-1.amazonaws.com/ tf_rpc=ConfigureProvider
╷
│ Error: Cannot assume IAM Role
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 1, in provider "aws":
│    1: provider "aws" {{
│ 
│ IAM Role (arn:aws:iam::{ACCT2}:role/deploy) cannot be assumed.
│ 
│ Error: operation error STS: AssumeRole, https response error StatusCode: 403, RequestID: {RID[2]}, api error InvalidClientTokenId: The security token included in the request is invalid
│ 
╵
""")

# ---------------- unrecognized_client
case("dynamodb-lock-unrecognized", "unrecognized_client", "backend", "terraform-s3-backend",
     "terraform-aws-auth.md §2.3 (JSON services)", f"""Acquiring state lock. This may take a few moments...
╷
│ Error: Error acquiring the state lock
│ 
│ Error message: operation error DynamoDB: PutItem, https response error StatusCode: 400, RequestID: {RID[3]}, api error UnrecognizedClientException: The security token included in the request is invalid.
│ Unable to retrieve item from DynamoDB table "terraform-locks": operation error DynamoDB: GetItem, https response error StatusCode: 400, RequestID: {RID[0]}, api error UnrecognizedClientException: The security token included in the request is invalid.
│ 
╵
""")
case("data-dynamodb-unrecognized", "unrecognized_client", "state_refresh", "terraform-provider-aws",
     "terraform-aws-auth.md §2.3 (skip_credentials_validation)", f"""data.aws_dynamodb_table.locks: Reading...
╷
│ Error: reading DynamoDB Table (terraform-locks): operation error DynamoDB: DescribeTable, https response error StatusCode: 400, RequestID: {RID[1]}, api error UnrecognizedClientException: The security token included in the request is invalid.
│ 
│   with data.aws_dynamodb_table.locks,
│   on data.tf line 1, in data "aws_dynamodb_table" "locks":
│    1: data "aws_dynamodb_table" "locks" {{
│ 
╵
""")
case("cli-unrecognized-client", "unrecognized_client", "cli", "aws-cli",
     "JSON-protocol services (CLI form)", """An error occurred (UnrecognizedClientException) when calling the ListTables operation: The security token included in the request is invalid.
""")

# ---------------- auth_failure_ec2
case("ec2-auth-failure-refresh", "auth_failure_ec2", "state_refresh", "terraform-provider-aws",
     "terraform-aws-auth.md §2.3 (EC2 AuthFailure)", f"""aws_instance.web: Refreshing state... [id=i-0a1b2c3d4e5f60718]
╷
│ Error: reading EC2 Instance (i-0a1b2c3d4e5f60718): operation error EC2: DescribeInstances, https response error StatusCode: 401, RequestID: {RID[2]}, api error AuthFailure: AWS was not able to validate the provided access credentials
│ 
│   with aws_instance.web,
│   on main.tf line 12, in resource "aws_instance" "web":
│   12: resource "aws_instance" "web" {{
│ 
╵
""")
case("cli-auth-failure", "auth_failure_ec2", "cli", "aws-cli",
     "EC2 AuthFailure (CLI form)", """An error occurred (AuthFailure) when calling the DescribeInstances operation: AWS was not able to validate the provided access credentials
""")
case("tf011-ec2-auth-failure-create", "auth_failure_ec2", "resource_operation", "terraform-provider-aws",
     "provider 1.x/2.x resource error (v1 SDK form)", f"""aws_instance.web: Creating...
  ami:           "" => "ami-0abcdef1234567890"
  instance_type: "" => "t3.micro"

Error: Error applying plan:

1 error(s) occurred:

* aws_instance.web: 1 error(s) occurred:

* aws_instance.web: Error launching source instance: AuthFailure: AWS was not able to validate the provided access credentials
	status code: 401, request id: {RID[3]}
""")

# ---------------- not_auth (negatives)
case("backend-012-access-denied", "not_auth", "backend", "terraform-s3-backend",
     "secdevops-cuse/CyberRange#42", """Initializing modules...

Initializing the backend...

Error: Failed to get existing workspaces: AccessDenied: Access Denied
        status code: 403, request id: 29DEC1F2A3B4C5D6, host id: aG9zdCBpZCBwbGFjZWhvbGRlciBvZiB0aGUgc2FtZSBzaGFwZQ==
""")
case("cli-s3-access-denied", "not_auth", "cli", "aws-cli",
     "awslabs/open-data-registry#1913", """$ aws s3 ls s3://example-bucket/

An error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied
""")
case("hcp-required-token", "platform_token", "backend", "hcp-terraform",
     "terraform-cli-credentials.md §4.1", """Initializing HCP Terraform...
╷
│ Error: Required token could not be found
│ 
│ Run the following command to generate a token for app.terraform.io:
│     terraform login
╵
""")
case("hcp-unauthorized", "platform_token", "backend", "hcp-terraform",
     "khuedoan/homelab#110 (shape)", """Initializing HCP Terraform...
╷
│ Error: Failed to read organization "acme" at host app.terraform.io
│ 
│ Encountered an unexpected error while reading the organization settings: unauthorized
╵
""")
case("registry-requires-credentials", "platform_token", "registry", "terraform",
     "terraform-cli-credentials.md §4.1 (provider registry)", """Initializing provider plugins...
- Finding tfe.example.com/acme/aws versions matching "~> 1.0"...
╷
│ Error: Failed to query available provider packages
│ 
│ Could not retrieve the list of available versions for provider tfe.example.com/acme/aws: host tfe.example.com requires authentication credentials
╵
""")
case("invalid-region", "not_auth", "provider_config", "terraform-provider-aws",
     "terraform-aws-auth.md §2.4 J", """╷
│ Error: invalid AWS Region: eu-west-7
│ 
│   with provider["registry.terraform.io/hashicorp/aws"],
│   on main.tf line 1, in provider "aws":
│    1: provider "aws" {
│ 
╵
""")
case("marketplace-opt-in", "not_auth", "resource_operation", "terraform-provider-aws",
     "EC2 OptInRequired for a Marketplace AMI", f"""aws_instance.fw: Creating...
╷
│ Error: creating EC2 Instance: operation error EC2: RunInstances, https response error StatusCode: 401, RequestID: {RID[0]}, api error OptInRequired: In order to use this AWS Marketplace product you need to accept terms and subscribe. To do so please visit https://aws.amazon.com/marketplace/pp?sku=abcdefghijklmnop1234567890
│ 
│   with aws_instance.fw,
│   on main.tf line 20, in resource "aws_instance" "fw":
│   20: resource "aws_instance" "fw" {{
│ 
╵
""")
case("eks-invalid-parameter-token", "not_auth", "unknown", "unknown",
     "non-auth error mentioning a token", f"""╷
│ Error: creating EKS Node Group (demo:workers): operation error EKS: CreateNodegroup, https response error StatusCode: 400, RequestID: {RID[1]}, InvalidParameterException: The provided client token has already been used with different parameters
│ 
╵
""")
case("kms-access-denied-exception", "not_auth", "resource_operation", "terraform-provider-aws",
     "authorization after authentication (KMS)", f"""aws_s3_object.config: Creating...
╷
│ Error: uploading S3 Object (config.json) to Bucket (example-bucket): operation error S3: PutObject, https response error StatusCode: 403, RequestID: 7YV1RZ1QDWQ9X3AB, HostID: aG9zdCBpZA==, api error AccessDenied: User: arn:aws:sts::{ACCT}:assumed-role/ci/session is not authorized to perform: kms:GenerateDataKey on resource: arn:aws:kms:eu-west-1:{ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab because no identity-based policy allows the kms:GenerateDataKey action
│ 
│   with aws_s3_object.config,
│   on s3.tf line 4, in resource "aws_s3_object" "config":
│    4: resource "aws_s3_object" "config" {{
│ 
╵
""")
case("throttling", "not_auth", "unknown", "unknown",
     "non-auth API error", f"""╷
│ Error: reading Route 53 Record: operation error Route 53: ListResourceRecordSets, exceeded maximum number of attempts, 25, https response error StatusCode: 400, RequestID: {RID[2]}, api error Throttling: Rate exceeded
│ 
╵
""")
case("missing-region", "not_auth", "unknown", "unknown",
     "non-auth configuration error mentioning a region", """╷
│ Error: Missing required argument
│ 
│ The argument "region" is required, but was not set.
╵
""")
case("plan-mentions-tokens-opt-in", "not_auth", "unknown", "unknown",
     "plan output mentioning tokens and opt-in", """Terraform will perform the following actions:

  # aws_instance.web will be created
  + resource "aws_instance" "web" {
      + ami           = "ami-0abcdef1234567890"
      + metadata_options {
          + http_tokens                 = "required"
          + http_put_response_hop_limit = 2
        }
      + tags          = {
          + "opt-in"       = "true"
          + "token-rotate" = "weekly"
        }
    }

Plan: 1 to add, 0 to change, 0 to destroy.
""")
case("gha-input-missing-region", "not_auth", "unknown", "unknown",
     "configure-aws-credentials input error (not auth)", """Run aws-actions/configure-aws-credentials@v4
Error: Input required and not supplied: aws-region
""")
case("ec2-unauthorized-operation", "not_auth", "resource_operation", "terraform-provider-aws",
     "authorization after authentication (EC2)", f"""aws_instance.web: Creating...
╷
│ Error: creating EC2 Instance: operation error EC2: RunInstances, https response error StatusCode: 403, RequestID: {RID[3]}, api error UnauthorizedOperation: You are not authorized to perform this operation. User: arn:aws:iam::{ACCT}:user/dev is not authorized to perform: ec2:RunInstances on resource: arn:aws:ec2:eu-west-1:{ACCT}:instance/*
│ 
│   with aws_instance.web,
│   on main.tf line 1, in resource "aws_instance" "web":
│    1: resource "aws_instance" "web" {{
│ 
╵
""")
case("scalr-provider-token", "platform_token", "unknown", "scalr-provider",
     "terraform-cli-credentials.md §4.6", """╷
│ Error: Unable to create Scalr API client
│ 
│ Scalr client error: required token could not be found
╵
""")
case("trace-successful-web-identity", "not_auth", "unknown", "unknown",
     "TF_LOG noise without a failure", """2024-01-05T10:00:00.000Z [DEBUG] provider.terraform-provider-aws: HTTP Request Sent: aws.operation=AssumeRoleWithWebIdentity aws.region=us-east-1 aws.service=STS http.method=POST http.url=https://sts.us-east-1.amazonaws.com/ tf_rpc=ConfigureProvider
2024-01-05T10:00:00.200Z [DEBUG] provider.terraform-provider-aws: HTTP Response Received: aws.operation=AssumeRoleWithWebIdentity aws.region=us-east-1 aws.service=STS http.status_code=200 tf_rpc=ConfigureProvider
2024-01-05T10:00:00.300Z [INFO]  provider.terraform-provider-aws: Retrieved credentials: tf_aws.credentials_source=WebIdentityCredentials tf_rpc=ConfigureProvider
""")

# ---------------- variations of the texts above
def crlf(t): return t.replace("\n", "\r\n")

ANSI_RED, ANSI_BOLD, ANSI_RESET = "\x1b[31m", "\x1b[1m", "\x1b[0m"
def ansi(t):
    out = []
    for line in t.split("\n"):
        if line.startswith("│ Error: "):
            line = f"{ANSI_RED}│{ANSI_RESET} {ANSI_RESET}{ANSI_BOLD}{ANSI_RED}Error: {ANSI_RESET}{ANSI_RESET}{ANSI_BOLD}{line[9:]}{ANSI_RESET}"
        elif line.startswith("│"):
            line = f"{ANSI_RED}│{ANSI_RESET}{line[1:]}"
        elif line.startswith("╷") or line.startswith("╵"):
            line = f"{ANSI_RED}{line}{ANSI_RESET}{ANSI_RESET}"
        elif line.startswith("Initializing"):
            line = f"{ANSI_BOLD}{line}{ANSI_RESET}"
        out.append(line)
    return "\n".join(out)

def wrap_box(t, width=80):
    out = []
    for line in t.split("\n"):
        if line.startswith("│ ") and len(line) > width:
            body = line[2:]
            for i, piece in enumerate(textwrap.wrap(body, width - 2, break_long_words=False, break_on_hyphens=False)):
                out.append("│ " + piece)
        else:
            out.append(line)
    return "\n".join(out)

def wrap_plain(t, width=80):
    out = []
    for line in t.split("\n"):
        if len(line) > width and not line.startswith("│"):
            out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
        else:
            out.append(line)
    return "\n".join(out)

def gha(t, start=0):
    out = []
    for i, line in enumerate(t.rstrip("\n").split("\n")):
        out.append(f"2024-03-08T10:00:{(start + i) % 60:02d}.{1234567 + i:07d}Z {line}")
    return "\n".join(out) + "\n"

def trace_noise(t, n=40, seed=1):
    rnd = random.Random(seed)
    lines = []
    for i in range(n):
        kind = rnd.choice(["TRACE", "DEBUG", "TRACE", "INFO"])
        lines.append(f"2024-01-05T10:00:{i % 60:02d}.{rnd.randrange(1000):03d}Z [{kind}] provider.terraform-provider-aws: "
                     f"Served request: tf_proto_version=5.4 tf_provider_addr=registry.terraform.io/hashicorp/aws "
                     f"tf_req_id={rnd.randrange(16**8):08x}-0000-4000-8000-{rnd.randrange(16**12):012x} tf_rpc=ValidateResourceConfig "
                     f"tf_resource_type=aws_s3_bucket @module=sdk.proto")
    return "\n".join(lines) + "\n" + t

def by_slug(s):
    return next(c for c in cases if c[0] == s)

def derive(new, base, fn, note):
    c = by_slug(base)
    case(new, c[1], c[2], c[3], c[4] + "; " + note, fn(c[5]))

derive("provider-v6-crlf", "provider-v6", crlf, "CRLF")
derive("backend-16-no-credentials-crlf", "backend-16-no-credentials", crlf, "CRLF")
derive("provider-v3-assume-role-denied-crlf", "provider-v3-assume-role-denied", crlf, "CRLF")
derive("cli-expired-token-crlf", "cli-expired-token", crlf, "CRLF")
derive("provider-v6-ansi", "provider-v6", ansi, "ANSI colour")
derive("provider-v5-no-credentials-ansi", "provider-v5-no-credentials", ansi, "ANSI colour")
derive("backend-16-box-ansi", "backend-16-box", ansi, "ANSI colour")
derive("provider-v4-67-profile-ansi", "provider-v4-67-profile-box", ansi, "ANSI colour")
derive("provider-v5-wrapped", "provider-v5", wrap_box, "wrapped at 80 columns")
derive("backend-16-no-credentials-wrapped", "backend-16-no-credentials", wrap_box, "wrapped at 80 columns")
derive("provider-v6-web-identity-wrapped", "provider-v6-web-identity", wrap_box, "wrapped at 80 columns")
derive("provider-v6-cannot-assume-wrapped", "provider-v6-cannot-assume", wrap_box, "wrapped at 80 columns")
derive("provider-v3-no-credentials-wrapped", "provider-v3-no-credentials", wrap_plain, "wrapped at 80 columns")
derive("provider-v6-wrapped-ansi-crlf", "provider-v6", lambda t: crlf(ansi(wrap_box(t, 60))), "wrapped, ANSI, CRLF")
derive("gha-backend-16-box", "backend-16-box", gha, "GitHub Actions timestamps")
derive("gha-oidc-timestamps", "gha-oidc-not-authorized", gha, "GitHub Actions timestamps")
derive("gha-provider-v5-sso", "provider-v5-sso-refresh", gha, "GitHub Actions timestamps")
derive("trace-provider-v5", "provider-v5", trace_noise, "TF_LOG=trace noise before")
derive("trace-backend-16-cannot-assume", "backend-16-cannot-assume", lambda t: trace_noise(t, 60, 2), "TF_LOG=trace noise before")
derive("trace-s3-access-denied", "backend-012-access-denied", lambda t: trace_noise(t, 30, 3), "TF_LOG=trace noise before")
derive("binary-junk-cli", "cli-get-caller-identity",
       lambda t: "\x00\x01\x02\xff\xfe garbage \x00\x00\x1b[?25l\x7f\n" + t + "\x00\x00\xff\n", "binary junk around")
derive("binary-junk-provider-v6", "provider-v6",
       lambda t: "".join(chr(random.Random(5).randrange(1, 256)) for _ in range(0)) + "\x00" * 64 + "\n" + t, "NUL bytes before")
derive("nofinal-newline-cli", "cli-unrecognized-client", lambda t: t.rstrip("\n"), "no final newline")

# several distinct failures: the first one is primary
case("multi-backend-then-provider", "no_credentials", "backend", "terraform-s3-backend",
     "two failures in one log (first is primary)", BACKEND16_NOCRED + "\n$ terraform plan\n" + BOX_V6)
case("multi-access-denied-then-expired", "expired_token", "backend", "terraform-s3-backend",
     "authorization error then an auth failure (the auth failure is primary)",
     by_slug("cli-s3-access-denied")[5] + "\n" + by_slug("gha-upload-state-expired")[5])

# ---------------- held out: collected after the classifier was written, labelled before it ran
case('jenkins-eks-expired-token-exception', 'expired_token', 'resource_operation', 'terraform-provider-aws', 'held-out: hashicorp/terraform-provider-aws#32809 (Jenkins timestamps)',
     '13:16:46  │ Error: waiting for EKS Cluster (githubissue) create: ExpiredTokenException: The security token included in the request is expired\n13:16:46  │ \tstatus code: 403, request id: 8e2d4f6a-1c3b-4d5e-8f7a-9b0c1d2e3f40\n13:16:46  │ \n13:16:46  │   with module.eks_cluster[0].aws_eks_cluster.eks_cluster,\n13:16:46  │   on modules/eks_cluster/main.tf line 5, in resource "aws_eks_cluster" "eks_cluster":\n13:16:46  │    5: resource "aws_eks_cluster" "eks_cluster" {\n13:16:46  │\n')
case('tf07-refresh-expired-token', 'expired_token', 'state_refresh', 'terraform-provider-aws', 'held-out: hashicorp/terraform#5579',
     'Error refreshing state: 1 error(s) occurred:\n\n* ExpiredToken: The security token included in the request is expired\n\tstatus code: 403, request id: ******\nRebuilding instance config JSON...Done!\nterraform plan  2.89s user 0.46s system 3% cpu 1:39.54 total\n')
case('v1-web-identity-err', 'web_identity_failure', 'unknown', 'unknown', 'held-out: hashicorp/terraform-provider-aws#27071',
     "Error: WebIdentityErr: failed to retrieve credentials\ncaused by: InvalidIdentityToken: Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements\n")
case('botocore-invalid-identity-token', 'web_identity_failure', 'unknown', 'sdk-python', 'held-out: meta-pytorch/torchx PR 386',
     "botocore.errorfactory.InvalidIdentityTokenException: An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements\n")
case('pynamodb-unrecognized-client', 'unrecognized_client', 'unknown', 'sdk-python', 'held-out: pynamodb/PynamoDB#603',
     'pynamodb.exceptions.VerboseClientError: An error occurred (UnrecognizedClientException) on request (9H9CMALLM6AC4E94UOHEQUNV2NVV4KQNSO5AEMVJF66Q9ASUAAJG) on table (Request) when calling the DescribeTable operation: The security token included in the request is invalid\n')
case('php-sdk-unrecognized-client', 'unrecognized_client', 'unknown', 'sdk-php', 'held-out: baopham/laravel-dynamodb#228',
     'Error executing "Scan" on "https://dynamodb.ap-southeast-1.amazonaws.com"; AWS HTTP error: Client error: `POST https://dynamodb.ap-southeast-1.amazonaws.com` resulted in a `400 Bad Request` response: {"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request i (truncated...) UnrecognizedClientException (client): The security token included in the request is invalid - {"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid"}\n')
case('java-sdk-unrecognized-client', 'unrecognized_client', 'unknown', 'sdk-java', 'held-out: logstash-plugins/logstash-input-kinesis#24',
     ' com.amazonaws.AmazonServiceException: The security token included in the request is invalid (Service: AmazonDynamoDBv2; Status Code: 400; Error Code: UnrecognizedClientException;)\n')
case('web-identity-validation-not-auth', 'not_auth', 'unknown', 'unknown', 'held-out: hashicorp/terraform-provider-aws#37401 (validation error, not auth)',
     '│ Error: Invalid combination of arguments\n│ \n│   with provider["registry.terraform.io/hashicorp/aws"],\n│   on provider.tf line 38, in provider "aws":\n│   38:   assume_role_with_web_identity {\n│ \n│ "assume_role_with_web_identity.0.web_identity_token_file": one of\n│ `assume_role_with_web_identity.0.web_identity_token,assume_role_with_web_identity.0.web_identity_token_file`\n│ must be specified\n╵\n')
case('terraformer-expired-token-exception', 'expired_token', 'unknown', 'unknown', 'held-out: GoogleCloudPlatform/terraformer#963',
     '2021/06/18 12:38:21 aws error initializing resources in service acm, err: operation error ACM: ListCertificates, https response error StatusCode: 400, RequestID: c7a9e1b3-2d4f-4a6b-8c0d-1e2f3a4b5c60, api error ExpiredTokenException: The security token included in the request is expired\n')
case('tf011-refresh-provider-invalid', 'invalid_client_token_id', 'provider_config', 'terraform-provider-aws', 'held-out: jonrau1/ElectricEye#3 (shape)',
     'AWSReservedSSO_AWSAdministratorAccess_a63741ec6f766dc5:~/environment/ElectricEye/terraform-config-files (master) $ terraform apply -auto-approve\naws_vpc.Electric_Eye_VPC: Refreshing state... (ID: vpc-01abc8cddf44f7fe9)\ndata.aws_caller_identity.current: Refreshing state...\n\nError: Error refreshing state: 1 error(s) occurred:\n\n* provider.aws: error validating provider credentials: error calling sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid.\n\tstatus code: 403, request id: 0b1c2d3e-4f5a-4b6c-9d7e-8f9a0b1c2d30\n')

def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        # real.tsv and its r*.log cases are added by addbatch.py, not generated
        if f == "index.tsv" or (f[:3].isdigit() and f.endswith(".log")):
            os.unlink(os.path.join(OUT, f))
    with open(os.path.join(OUT, "index.tsv"), "w") as idx:
        idx.write("# file\tcategory\tstage\ttool\tsource\n")
        for i, (slug, cat, stage, tool, source, text) in enumerate(cases, 1):
            name = f"{i:03d}-{slug}.log"
            with open(os.path.join(OUT, name), "wb") as fh:
                fh.write(text.encode("utf-8", "surrogateescape") if "\xff" not in text
                         else text.encode("latin-1", "replace"))
            idx.write(f"{name}\t{cat}\t{stage}\t{tool}\t{source}\n")
    print(f"{len(cases)} cases written to {OUT}")

main()
