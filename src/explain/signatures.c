/*
 * signatures.c - what `tfauth explain` knows, as data: the failure
 * categories (with their ranked likely causes, named by the doctor finding
 * that decides each), the error signatures of both AWS SDK generations, the
 * S3 backend, the AWS CLI, configure-aws-credentials and HCP Terraform, the
 * markers that tell tool, version family and stage, and the prefilter
 * anchors. Sources: ../shared/reference/terraform-aws-auth.md §1.8, §2.4,
 * §3 and terraform-cli-credentials.md §4-§5; botocore's exceptions.py for
 * the AWS CLI texts.
 *
 * Adding a text is one line in explain_sigs[]; make sure its first literal
 * contains an anchor (t/unit/explain_catalogue.c checks it).
 */
#include <string.h>

#include "explain/explain.h"
#include "core/banned.h"

const char *const explain_stage_names[ES_NR] = {
	[ES_UNKNOWN] = "unknown",
	[ES_PROVIDER_CONFIG] = "provider_config",
	[ES_BACKEND] = "backend",
	[ES_STATE_REFRESH] = "state_refresh",
	[ES_RESOURCE_OPERATION] = "resource_operation",
	[ES_CLI] = "cli",
	[ES_CI_ACTION] = "ci_action",
	[ES_REGISTRY] = "registry",
	[ES_IAM_ROLE] = "iam_role",
	[ES_EXEC_PLUGIN] = "exec_plugin",
};

const struct explain_category_info explain_categories[EC_NR] = {
	[EC_NOT_AUTH] =
		{"not_auth",
		 "not an authentication failure",
		 "Nothing in the input says that AWS refused the credentials themselves. An "
		 "AccessDenied, UnauthorizedOperation or \"is not authorized to perform\" after "
		 "the credentials were accepted is authorization, not authentication: AWS knows "
		 "who is calling and an IAM, SCP, bucket or key policy says no. A 401 from HCP "
		 "Terraform, Terraform Enterprise or Scalr is about the Terraform CLI's host "
		 "token, "
		 "which AWS keys never fix.",
		 "for AccessDenied, read the policy named in the message (IAM, bucket, KMS key, "
		 "SCP); for a host token, run terraform login HOST or set "
		 "TF_TOKEN_app_terraform_io (the host name, . written as _ and - as __)",
		 {NULL}},
	[EC_INVALID_CLIENT_TOKEN_ID] =
		{"invalid_client_token_id",
		 "AWS does not recognise the access key id or its session token",
		 "The request was signed with an access key id (and session token) that AWS does "
		 "not know in this partition and region: a temporary ASIA key sent without its "
		 "session token, a long-term AKIA key sent with a stale leftover token, a "
		 "deactivated or deleted key, junk (quotes, CR, spaces) around the key, a key "
		 "from another partition, or a session token from the global STS endpoint used "
		 "in an opt-in region.",
		 "run tfauth doctor: it shows which key Terraform really uses and where it came "
		 "from",
		 {"temp-key-without-token", "stale-session-token", "access-key-id-malformed",
		  "quoted-value", "env-overrides-files", "profile-env-conflict", "region-opt-in",
		  NULL}},
	[EC_SIGNATURE_DOES_NOT_MATCH] =
		{"signature_does_not_match",
		 "AWS knows the key id but the signature is wrong",
		 "AWS recognised the access key id but computed a different signature. Most "
		 "often the secret is not the one issued with this key id: an old secret after "
		 "a rotation, or the key id and the secret taken from two different key pairs "
		 "(two profiles, or the environment and a file mixed up). Next come extra "
		 "characters in the secret: a trailing newline or CR from a Windows file, "
		 "quotes that a credentials file keeps, a space. Rarely the request was signed "
		 "for another region or endpoint. Not causes: a '+' or '/' in the secret "
		 "(SigV4 uses the secret only as HMAC key and never URL-encodes it; "
		 "regenerating a key until it has none only hides the real problem), and a "
		 "wrong clock, which AWS reports as Signature expired or RequestTimeTooSkewed.",
		 "set the secret access key issued together with this key id (after a rotation: "
		 "the new key id with the new secret), without quotes or whitespace; tfauth "
		 "whoami tells a wrong secret from a damaged one",
		 {"sts-refused-wrong-secret", "secret-key-corrupted", "crlf-or-cr", "quoted-value",
		  "secret-key-malformed", "env-overrides-files", "endpoint-url-override", NULL}},
	[EC_EXPIRED_TOKEN] =
		{"expired_token",
		 "the temporary credentials have expired",
		 "The session token (from an assumed role, SSO, a CI job or aws-vault and "
		 "friends) has passed its expiry time. The key was valid once; it needs to be "
		 "refreshed, not replaced.",
		 "get fresh credentials (aws sso login, re-run the assume-role step or the CI "
		 "credentials step) and unset stale AWS_SESSION_TOKEN values",
		 {"env-credentials-expired", "cached-credentials-expired", "sso-token-expired",
		  "stale-session-token", NULL}},
	[EC_NO_CREDENTIALS] =
		{"no_credentials",
		 "no credentials were found at all",
		 "Every link of the credential chain came up empty: no keys in the environment, "
		 "no usable profile in ~/.aws/credentials or ~/.aws/config, no web identity, "
		 "no container credentials. An instance metadata (IMDS) timeout at the end of the "
		 "chain only says that nothing else was found, not that IMDS is the problem.",
		 "give the provider or backend credentials: AWS_PROFILE or profile = \"...\", "
		 "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or an OIDC role in CI",
		 {"imds-last-resort", "partial-env-credentials", "empty-env-var",
		  "profile-not-found", "provider-profile-not-found", "partial-profile-credentials",
		  "imds-disabled", NULL}},
	[EC_PROFILE_NOT_FOUND] =
		{"profile_not_found",
		 "the named profile does not exist",
		 "The profile named by AWS_PROFILE, --profile or the provider/backend profile "
		 "argument is in neither ~/.aws/config ([profile NAME]) nor ~/.aws/credentials "
		 "([NAME]), or those files are not where the tool looks (AWS_CONFIG_FILE, "
		 "AWS_SHARED_CREDENTIALS_FILE, shared_config_files, a container's HOME).",
		 "correct the profile name or section header, or point the tool at the right file",
		 {"profile-not-found", "provider-profile-not-found", "profile-typo-breaks-env-keys",
		  "duplicate-profile", NULL}},
	[EC_ASSUME_ROLE_DENIED] =
		{"assume_role_denied",
		 "the role could not be assumed",
		 "sts:AssumeRole failed: the calling credentials are invalid, or the role's trust "
		 "policy does not name the caller, or the caller's own policy does not allow "
		 "sts:AssumeRole on that ARN, or the role ARN is wrong. The error text names the "
		 "caller (User: arn:...) and the role.",
		 "check the role's trust policy for the caller ARN shown, and the caller's "
		 "permission to call sts:AssumeRole on the role",
		 {"assume-role-chain-broken", "temp-key-without-token", "stale-session-token",
		  "allowed-account-ids-mismatch", "sts-region-opt-in", NULL}},
	[EC_WEB_IDENTITY_FAILURE] =
		{"web_identity_failure",
		 "the OIDC web identity token was refused",
		 "sts:AssumeRoleWithWebIdentity failed: the CI job's OIDC token (GitHub Actions, "
		 "GitLab, HCP Terraform dynamic credentials) does not satisfy the role's trust "
		 "policy (aud, sub), the OIDC provider is not registered in the account, or the "
		 "job could not get a token at all (missing id-token: write permission).",
		 "compare the token's aud and sub claims with the role's trust policy and check "
		 "the job's id-token permission",
		 {"gha-oidc-missing-id-token-permission", "gha-audience-mismatch",
		  "gha-trust-policy-mismatch", "gitlab-aud-mismatch",
		  "gitlab-oidc-missing-id-tokens", "gitlab-token-file-not-written",
		  "web-identity-token-rejected", NULL}},
	[EC_CLOCK_SKEW] =
		{"clock_skew",
		 "this machine's clock is wrong",
		 "A SigV4 signature is valid for 15 minutes around its timestamp; AWS compared "
		 "the request's time with its own and the difference was too large. The "
		 "credentials may be fine. Common in VMs, WSL and containers after a suspend.",
		 "sync the clock (timedatectl set-ntp true, wsl --shutdown, restart the VM)",
		 {"clock-skew", "clock-drift", NULL}},
	[EC_UNRECOGNIZED_CLIENT] =
		{"unrecognized_client",
		 "a JSON-protocol service does not recognise the key or token",
		 "UnrecognizedClientException is what DynamoDB, KMS, Lambda, ECR and other "
		 "JSON-protocol services say where STS says InvalidClientTokenId: the access key "
		 "id or session token is unknown (often because credential validation was "
		 "skipped, so the error surfaces at the first real call).",
		 "run tfauth doctor to see which key is used; see invalid_client_token_id",
		 {"temp-key-without-token", "stale-session-token", "access-key-id-malformed",
		  "skip-credentials-validation", "region-opt-in", NULL}},
	[EC_AUTH_FAILURE_EC2] =
		{"auth_failure_ec2",
		 "EC2 could not validate the credentials",
		 "AuthFailure is EC2's word for a key id, secret or token it cannot validate. It "
		 "covers both an unknown key and a bad signature, so the same checks as for "
		 "InvalidClientTokenId and SignatureDoesNotMatch apply.",
		 "run tfauth doctor to see which key is used and whether its secret looks damaged",
		 {"temp-key-without-token", "stale-session-token", "secret-key-corrupted",
		  "access-key-id-malformed", "skip-credentials-validation", NULL}},
	[EC_IMDS_UNREACHABLE] =
		{"imds_unreachable",
		 "the last link of the chain, instance metadata, did not answer",
		 "The SDK asked the EC2 instance metadata service (169.254.169.254) for a role's "
		 "credentials and got no answer, a 404 (no instance profile) or a 403/timeout "
		 "(blocked, hop limit 1 from a container). The SDK only gets there when no other "
		 "source had credentials, so the real question is why the environment, the "
		 "profile and web identity gave nothing.",
		 "give the provider or backend credentials another way, or on EC2 attach an "
		 "instance profile (and raise the IMDS hop limit to 2 for containers)",
		 {"imds-last-resort", "imds-hop-limit", "imds-disabled", "partial-env-credentials",
		  "profile-not-found", NULL}},
	[EC_OPT_IN_REGION] =
		{"opt_in_region",
		 "the region is an opt-in region the credentials cannot use",
		 "The call went to an opt-in region (ap-east-1, me-central-1, af-south-1, ...). "
		 "Session tokens from the global STS endpoint are not valid there unless the "
		 "account issues v2 tokens, and the region must be enabled in the account that "
		 "owns the calling credentials, not only in the target account.",
		 "get the session token from a regional STS endpoint (or switch the account to v2 "
		 "global tokens: aws iam set-security-token-service-preferences "
		 "--global-endpoint-token-version v2Token), and enable the region in the account "
		 "that owns the credentials",
		 {"region-opt-in-global-token", "region-opt-in", "region-opt-in-without-sts-region",
		  "sts-region-opt-in", "sts-regional-endpoints-ignored", NULL}},
	[EC_SSO_EXPIRED] =
		{"sso_expired",
		 "the IAM Identity Center (SSO) session has expired",
		 "The cached SSO access token in ~/.aws/sso/cache is missing or past its "
		 "expiresAt, so the SDK cannot get role credentials. Terraform does not refresh "
		 "it; aws sso login does.",
		 "run aws sso login --profile NAME (or --sso-session NAME)",
		 {"sso-token-expired", "sso-session-missing", "cached-credentials-expired", NULL}},
	[EC_MFA] =
		{"mfa",
		 "an MFA code was wanted, missing or refused",
		 "AWS accepted the access key but the call needs multi-factor authentication: "
		 "the role's trust policy (or an IAM policy) asks for aws:MultiFactorAuthPresent, "
		 "and the request carried no token code, a code STS refused (mistyped, already "
		 "used, from a drifted device) or the serial of something that is not an MFA "
		 "device of this user. This is not an IAM permission problem: the policy is "
		 "satisfied once a valid code is sent.",
		 "send a fresh code with the profile's mfa_serial (arn:aws:iam::ACCOUNT:mfa/NAME) "
		 "through a tool that prompts for it (aws-vault exec, awsume, the AWS CLI), or "
		 "get the session first and hand the program the temporary keys",
		 {"mfa-code-rejected", "mfa-prompt-unsupported", "mfa-serial-missing",
		  "assume-role-chain-broken", NULL}},
	[EC_PLATFORM_TOKEN] =
		{"platform_token",
		 "the Terraform service host refused or lacks the CLI's API token",
		 "HCP Terraform, Terraform Enterprise, Scalr or a private registry answered the "
		 "Terraform CLI (or the tfe / scalr provider) with 401, or with 404 for objects a "
		 "token may not see: no token is configured for that host, the token was revoked "
		 "or expired (SSO sessions end user tokens), it is an organization token where a "
		 "user or team token is needed, or another source (TF_TOKEN_host, "
		 "TF_CLI_CONFIG_FILE, a credentials helper) shadows the one you set. AWS keys "
		 "never "
		 "fix this.",
		 "run terraform login HOST, or set TF_TOKEN_ followed by the host name with . "
		 "written as _ and - as __ (TF_TOKEN_app_terraform_io); for the tfe provider set "
		 "TFE_TOKEN, for Scalr SCALR_TOKEN",
		 {"tfc-no-token", "tfc-token-shadowed", "tfc-credentials-file-ignored",
		  "tfc-cli-config-missing", "tfc-token-expired", "tfc-wrong-token-variable",
		  "tfc-credentials-bad-host", "tfc-token-shape"}},
	[EC_CONFIG_UNPARSABLE] =
		{"config_unparsable",
		 "a shared config or credentials file does not parse",
		 "The SDK stopped at ~/.aws/config or ~/.aws/credentials before it asked AWS "
		 "anything: botocore (the AWS CLI, boto3) refuses a duplicate section or key, a "
		 "key "
		 "before the first [section] and a line it cannot read; aws-sdk-go v1 refuses an "
		 "empty value after =, an unquoted character it does not expect and a byte-order "
		 "mark. Other tools may read the same file without complaint.",
		 "run tfauth doctor: it names the file and the line each SDK stops at",
		 {"file-unparsable-for-cli", "duplicate-key", "duplicate-profile",
		  "key-outside-section", "junk-line", "bom-in-file", "indented-key", NULL}},
};

/*
 * Priorities: the more specific text wins inside one diagnostic. The
 * "role cannot be assumed" wrappers (60) yield to the code inside them
 * (InvalidClientTokenId 70: the source credentials are the problem), but
 * AccessDenied on sts:AssumeRole (77) is the role's trust or permission. A
 * no-credentials summary (80) beats the IMDS detail below it (60); an
 * opt-in / clock-skew text (90) beats the code it comes with (70);
 * authorization look-alikes are low (40) so that any authentication text
 * in the same diagnostic wins.
 */
#define S(id, cat, pri, code, stage, note, ...)                                                    \
	{                                                                                          \
		id, cat, pri, {__VA_ARGS__, NULL}, {NULL}, code, stage, note                       \
	}
#define SX(id, cat, pri, code, stage, note, none, ...)                                             \
	{                                                                                          \
		id, cat, pri, {__VA_ARGS__, NULL}, {none, NULL}, code, stage, note                 \
	}

const struct explain_sig explain_sigs[] = {
	/* invalid_client_token_id */
	S("invalid-client-token-id", EC_INVALID_CLIENT_TOKEN_ID, 70, "InvalidClientTokenId",
	  ES_UNKNOWN, NULL, "InvalidClientTokenId"),
	S("security-token-invalid", EC_INVALID_CLIENT_TOKEN_ID, 65, NULL, ES_UNKNOWN, NULL,
	  "security token included in the request is invalid"),
	S("s3-invalid-access-key-id", EC_INVALID_CLIENT_TOKEN_ID, 70, "InvalidAccessKeyId",
	  ES_UNKNOWN, "S3's name for an access key id it does not know", "InvalidAccessKeyId"),
	S("s3-key-not-in-records", EC_INVALID_CLIENT_TOKEN_ID, 68, "InvalidAccessKeyId", ES_UNKNOWN,
	  "S3's name for an access key id it does not know",
	  "Access Key Id you provided does not exist in our records"),
	/* unrecognized_client, auth_failure_ec2 */
	S("unrecognized-client", EC_UNRECOGNIZED_CLIENT, 72, "UnrecognizedClientException",
	  ES_UNKNOWN, NULL, "UnrecognizedClient"),
	S("ec2-auth-failure", EC_AUTH_FAILURE_EC2, 72, "AuthFailure", ES_UNKNOWN, NULL,
	  "AuthFailure:"),
	S("ec2-auth-failure-cli", EC_AUTH_FAILURE_EC2, 72, "AuthFailure", ES_UNKNOWN, NULL,
	  "(AuthFailure)"),
	S("ec2-auth-failure-xml", EC_AUTH_FAILURE_EC2, 72, "AuthFailure", ES_UNKNOWN, NULL,
	  "<Code>AuthFailure"),
	S("ec2-not-able-to-validate", EC_AUTH_FAILURE_EC2, 72, "AuthFailure", ES_UNKNOWN, NULL,
	  "AWS was not able to validate the provided access credentials"),
	/* signature_does_not_match */
	S("signature-does-not-match", EC_SIGNATURE_DOES_NOT_MATCH, 70, "SignatureDoesNotMatch",
	  ES_UNKNOWN, NULL, "SignatureDoesNotMatch"),
	S("signature-calculated", EC_SIGNATURE_DOES_NOT_MATCH, 68, NULL, ES_UNKNOWN, NULL,
	  "request signature we calculated does not match"),
	S("invalid-signature-exception", EC_SIGNATURE_DOES_NOT_MATCH, 66,
	  "InvalidSignatureException", ES_UNKNOWN, NULL, "InvalidSignatureException"),
	S("incomplete-signature", EC_SIGNATURE_DOES_NOT_MATCH, 66, "IncompleteSignature",
	  ES_UNKNOWN,
	  "the Authorization header is malformed: usually a space or newline in the access "
	  "key id",
	  "IncompleteSignature"),
	S("invalid-header-field", EC_SIGNATURE_DOES_NOT_MATCH, 62, NULL, ES_UNKNOWN,
	  "Go refused to send the request because a credential contains a newline or CR "
	  "(a key read with file() without trimspace(), a CRLF .env file)",
	  "invalid header field value"),
	S("credential-scope-region", EC_SIGNATURE_DOES_NOT_MATCH, 75, "SignatureDoesNotMatch",
	  ES_UNKNOWN,
	  "the request was signed for a region the endpoint does not serve: a custom STS "
	  "endpoint with a mismatched signing region",
	  "Credential should be scoped to a valid region"),
	/* clock_skew */
	S("signature-expired", EC_CLOCK_SKEW, 90, NULL, ES_UNKNOWN,
	  "the request's timestamp is more than 15 minutes behind AWS's clock",
	  "Signature expired"),
	S("signature-not-yet-current", EC_CLOCK_SKEW, 90, NULL, ES_UNKNOWN,
	  "the request's timestamp is more than 15 minutes ahead of AWS's clock",
	  "Signature not yet current"),
	S("request-time-too-skewed", EC_CLOCK_SKEW, 90, "RequestTimeTooSkewed", ES_UNKNOWN, NULL,
	  "RequestTimeTooSkewed"),
	S("request-in-the-future", EC_CLOCK_SKEW, 90, "RequestInTheFuture", ES_UNKNOWN, NULL,
	  "RequestInTheFuture"),
	/* expired_token */
	S("expired-token", EC_EXPIRED_TOKEN, 74, "ExpiredToken", ES_UNKNOWN, NULL, "ExpiredToken"),
	S("security-token-expired", EC_EXPIRED_TOKEN, 72, "ExpiredToken", ES_UNKNOWN, NULL,
	  "security token included in the request is expired"),
	S("request-expired", EC_EXPIRED_TOKEN, 60, "RequestExpired", ES_UNKNOWN,
	  "EC2's RequestExpired: expired temporary credentials, or a clock more than 15 "
	  "minutes off",
	  "RequestExpired"),
	/* no_credentials */
	S("no-valid-credential-sources", EC_NO_CREDENTIALS, 80, NULL, ES_UNKNOWN, NULL,
	  "valid credential sources"),
	S("no-credential-providers", EC_NO_CREDENTIALS, 78, "NoCredentialProviders", ES_UNKNOWN,
	  NULL, "NoCredentialProviders"),
	S("no-valid-providers-in-chain", EC_NO_CREDENTIALS, 77, "NoCredentialProviders", ES_UNKNOWN,
	  NULL, "no valid providers in chain"),
	S("static-credentials-empty", EC_NO_CREDENTIALS, 76, NULL, ES_UNKNOWN,
	  "the provider or backend was given empty access_key/secret_key values",
	  "static credentials are empty"),
	S("env-access-key-not-found", EC_NO_CREDENTIALS, 70, "EnvAccessKeyNotFound", ES_UNKNOWN,
	  NULL, "EnvAccessKeyNotFound"),
	S("cli-unable-to-locate", EC_NO_CREDENTIALS, 80, "NoCredentialsError", ES_CLI, NULL,
	  "Unable to locate credentials"),
	S("js-could-not-load", EC_NO_CREDENTIALS, 80, "CredentialsProviderError", ES_UNKNOWN, NULL,
	  "Could not load credentials from any providers"),
	S("action-credentials-not-loaded", EC_NO_CREDENTIALS, 79, NULL, ES_CI_ACTION, NULL,
	  "Credentials could not be loaded"),
	/* imds_unreachable */
	S("imds-no-role", EC_IMDS_UNREACHABLE, 60, NULL, ES_UNKNOWN, NULL,
	  "no EC2 IMDS role found"),
	S("imds-request-failed", EC_IMDS_UNREACHABLE, 60, NULL, ES_UNKNOWN,
	  "the metadata service answered with an error: 404 means no instance profile, "
	  "403 a blocked or disabled endpoint",
	  "request to EC2 IMDS failed"),
	S("imds-disabled", EC_IMDS_UNREACHABLE, 62, NULL, ES_UNKNOWN,
	  "AWS_EC2_METADATA_DISABLED or skip_metadata_api_check turned the last link off",
	  "access disabled to EC2 IMDS via"),
	S("imds-get-metadata", EC_IMDS_UNREACHABLE, 55, NULL, ES_UNKNOWN, NULL,
	  "ec2imds: GetMetadata"),
	S("imds-v1-role-request", EC_IMDS_UNREACHABLE, 60, "EC2RoleRequestError", ES_UNKNOWN, NULL,
	  "EC2RoleRequestError"),
	S("imds-dial", EC_IMDS_UNREACHABLE, 50, NULL, ES_UNKNOWN, NULL, "169.254.169.254",
	  "dial tcp"),
	/* profile_not_found */
	S("shared-config-profile", EC_PROFILE_NOT_FOUND, 85, NULL, ES_UNKNOWN, NULL,
	  "failed to get shared config profile"),
	S("shared-config-profile-not-exist", EC_PROFILE_NOT_FOUND, 85,
	  "SharedConfigProfileNotExistsError", ES_UNKNOWN, NULL, "SharedConfigProfileNotExist"),
	S("cli-profile-not-found", EC_PROFILE_NOT_FOUND, 85, "ProfileNotFound", ES_CLI, NULL,
	  "config profile (", "could not be found"),
	S("js-profile-not-found", EC_PROFILE_NOT_FOUND, 84, NULL, ES_UNKNOWN, NULL,
	  "could not be found or parsed in shared"),
	/* sso_expired */
	S("sso-session-expired", EC_SSO_EXPIRED, 86, NULL, ES_UNKNOWN, NULL, "SSO session ",
	  "expired"),
	S("sso-v1-invalid-token", EC_SSO_EXPIRED, 86, "SSOProviderInvalidToken", ES_UNKNOWN, NULL,
	  "SSOProviderInvalidToken"),
	S("sso-token-refresh-failed", EC_SSO_EXPIRED, 86, NULL, ES_CLI, NULL,
	  "Token has expired and refresh failed"),
	S("sso-invalid-grant", EC_SSO_EXPIRED, 70, "InvalidGrantException", ES_UNKNOWN, NULL,
	  "InvalidGrantException"),
	S("sso-cached-token", EC_SSO_EXPIRED, 70, NULL, ES_UNKNOWN, NULL, "cached SSO token"),
	S("sso-get-role-credentials", EC_SSO_EXPIRED, 84, "UnauthorizedException", ES_UNKNOWN, NULL,
	  "Session token not found or invalid"),
	/* opt_in_region */
	S("sts-region-disabled", EC_OPT_IN_REGION, 88, "RegionDisabledException", ES_UNKNOWN, NULL,
	  "RegionDisabledException"),
	S("sts-not-activated", EC_OPT_IN_REGION, 88, "RegionDisabledException", ES_UNKNOWN, NULL,
	  "STS is not activated"),
	SX("opt-in-required", EC_OPT_IN_REGION, 60, "OptInRequired", ES_UNKNOWN,
	   "the account is not subscribed to the service in this region, usually a region "
	   "that is not enabled",
	   "Marketplace", "OptInRequired"),
	/* assume_role_denied */
	SX("assume-role-cannot-be-assumed", EC_ASSUME_ROLE_DENIED, 60, NULL, ES_UNKNOWN, NULL,
	   "web identity", "cannot be assumed"),
	SX("assume-role-summary", EC_ASSUME_ROLE_DENIED, 60, NULL, ES_UNKNOWN, NULL, "web identity",
	   "Cannot assume IAM Role"),
	SX("assume-role-not-authorized", EC_ASSUME_ROLE_DENIED, 77, "AccessDenied", ES_UNKNOWN,
	   NULL, "AssumeRoleWithWebIdentity", "not authorized to perform", "sts:AssumeRole"),
	SX("assume-role-not-authorized-uc", EC_ASSUME_ROLE_DENIED, 77, "AccessDenied", ES_UNKNOWN,
	   NULL, "AssumeRoleWithWebIdentity", "Not authorized to perform", "sts:AssumeRole"),
	S("assume-role-op-denied", EC_ASSUME_ROLE_DENIED, 76, "AccessDenied", ES_UNKNOWN, NULL,
	  "operation error STS: AssumeRole,", "AccessDenied"),
	S("action-assume-role-user", EC_ASSUME_ROLE_DENIED, 80, NULL, ES_CI_ACTION, NULL,
	  "Could not assume role with user credentials"),
	S("cli-assume-role", EC_ASSUME_ROLE_DENIED, 76, "AccessDenied", ES_CLI, NULL,
	  "when calling the AssumeRole operation", "AccessDenied"),
	S("failed-to-load-assume-role", EC_ASSUME_ROLE_DENIED, 60, NULL, ES_UNKNOWN,
	  "the profile's role_arn has no usable source_profile or credential_source",
	  "failed to load assume role"),
	S("assume-role-mfa", EC_MFA, 70, NULL, ES_UNKNOWN,
	  "the profile has mfa_serial, which Terraform cannot prompt for",
	  "AssumeRoleTokenProvider session option not set"),
	/* web_identity_failure */
	S("web-identity-op", EC_WEB_IDENTITY_FAILURE, 82, NULL, ES_UNKNOWN, NULL,
	  "AssumeRoleWithWebIdentity", "rror"),
	S("invalid-identity-token", EC_WEB_IDENTITY_FAILURE, 84, "InvalidIdentityToken", ES_UNKNOWN,
	  NULL, "InvalidIdentityToken"),
	S("web-identity-cannot-assume", EC_WEB_IDENTITY_FAILURE, 84, NULL, ES_UNKNOWN, NULL,
	  "cannot be assumed with web identity"),
	S("web-identity-summary", EC_WEB_IDENTITY_FAILURE, 84, NULL, ES_UNKNOWN, NULL,
	  "Cannot assume IAM Role with web identity"),
	S("action-oidc", EC_WEB_IDENTITY_FAILURE, 86, NULL, ES_CI_ACTION, NULL,
	  "Could not assume role with OIDC"),
	S("action-id-token-url", EC_WEB_IDENTITY_FAILURE, 84, NULL, ES_CI_ACTION,
	  "the job has no OIDC token: add permissions: id-token: write",
	  "ACTIONS_ID_TOKEN_REQUEST_URL"),
	S("web-identity-v1", EC_WEB_IDENTITY_FAILURE, 80, "WebIdentityErr", ES_UNKNOWN, NULL,
	  "WebIdentityErr"),
	S("web-identity-token-unset", EC_WEB_IDENTITY_FAILURE, 80, NULL, ES_UNKNOWN, NULL,
	  "WebIdentityTokenFile must be set"),
	/* mfa */
	S("mfa-failed", EC_MFA, 88, "AccessDenied", ES_UNKNOWN,
	  "STS wanted a valid MFA code with this call and did not get one: it was missing, "
	  "mistyped, already used, or the serial is not an MFA device of the caller",
	  "MultiFactorAuthentication failed"),
	S("mfa-token-provider-required", EC_MFA, 80, NULL, ES_UNKNOWN,
	  "the profile has mfa_serial, which this program cannot prompt for",
	  "token provider required for AssumeRole with MFA"),
	/* platform_token */
	S("hcp-organization-settings", EC_PLATFORM_TOKEN, 52, NULL, ES_BACKEND,
	  "the remote backend's host rejected the CLI's API token (HTTP 401)",
	  "settings: unauthorized"),
	S("hcp-retrieving-workspaces", EC_PLATFORM_TOKEN, 52, NULL, ES_BACKEND,
	  "the remote backend's host rejected the CLI's API token (HTTP 401)",
	  "workspaces: unauthorized"),
	S("tfe-provider-unauthorized", EC_PLATFORM_TOKEN, 48, NULL, ES_RESOURCE_OPERATION,
	  "the tfe provider's token (TFE_TOKEN or token =) was refused", ": unauthorized", "tfe_"),
	S("hcp-creating-workspace-not-found", EC_PLATFORM_TOKEN, 48, NULL, ES_BACKEND,
	  "HCP Terraform / TFE answers 404 for what the token may not see: a token of "
	  "another organization or one without access",
	  "resource not found", "Error creating workspace"),
	S("tfe-provider-not-found", EC_PLATFORM_TOKEN, 46, NULL, ES_RESOURCE_OPERATION,
	  "the tfe provider got 404: HCP Terraform / TFE hide what the token may not see "
	  "(TFE_TOKEN unset or of another organization)",
	  "resource not found", "tfe_"),
	S("registry-module-versions-401", EC_PLATFORM_TOKEN, 50, NULL, ES_REGISTRY,
	  "the private module registry wants the CLI's token for its host", "module versions: 401"),
	/* config_unparsable */
	S("shared-config-load-error", EC_CONFIG_UNPARSABLE, 86, "SharedConfigLoadError", ES_UNKNOWN,
	  "aws-sdk-go could not parse a shared file: it names the file", "SharedConfigLoadError"),
	S("ini-parse-error", EC_CONFIG_UNPARSABLE, 85, "INIParseError", ES_UNKNOWN,
	  "aws-sdk-go's INI parser stopped at a line it does not accept (an empty value, "
	  "a stray character, a byte-order mark)",
	  "INIParseError"),
	S("botocore-config-parse", EC_CONFIG_UNPARSABLE, 86, "ConfigParseError", ES_UNKNOWN,
	  "botocore (the AWS CLI, boto3) could not parse a shared file with configparser",
	  "Unable to parse config file"),
	S("go-shared-config-file", EC_CONFIG_UNPARSABLE, 84, NULL, ES_UNKNOWN, NULL,
	  "failed to load shared config file"),
	S("ruby-inifile", EC_CONFIG_UNPARSABLE, 80, NULL, ES_UNKNOWN,
	  "the Ruby inifile gem could not parse a shared file", "IniFile::Error"),
	/* more no_credentials texts */
	S("rusoto-no-credentials", EC_NO_CREDENTIALS, 78, NULL, ES_UNKNOWN, NULL,
	  "Couldn't find AWS credentials in"),
	S("source-profile-no-credentials", EC_NO_CREDENTIALS, 74, NULL, ES_UNKNOWN,
	  "the role's source_profile has no keys of its own", "must have credentials",
	  "source profile"),
	S("js-imds-timeout", EC_NO_CREDENTIALS, 58, NULL, ES_UNKNOWN,
	  "aws-sdk-js found nothing before instance metadata, and that timed out",
	  "credential-provider-imds", "TimeoutError"),
	/* more platform and expiry texts */
	S("ecr-token-expired", EC_EXPIRED_TOKEN, 70, NULL, ES_UNKNOWN,
	  "the ECR login (aws ecr get-login-password) is older than 12 hours",
	  "authorization token has expired"),
	S("sso-cached-login-expired", EC_SSO_EXPIRED, 80, NULL, ES_UNKNOWN, NULL,
	  "Cached SSO login is expired"),
	S("no-openid-connect-provider", EC_WEB_IDENTITY_FAILURE, 84, "InvalidIdentityToken",
	  ES_UNKNOWN, "the account has no IAM OIDC provider for this issuer",
	  "No OpenIDConnect provider found"),
	S("configparser-error", EC_CONFIG_UNPARSABLE, 83, NULL, ES_UNKNOWN,
	  "botocore (the AWS CLI, boto3) could not parse a shared file with configparser",
	  "configparser.", "Error"),
	S("cloud-organization-unset", EC_NOT_AUTH, 30, NULL, ES_BACKEND,
	  "the cloud block names no organization; not a token or AWS problem",
	  "must be set in the cloud configuration"),
	S("registry-discovery-failed", EC_NOT_AUTH, 30, NULL, ES_REGISTRY,
	  "the registry host did not answer (network, proxy, DNS); not a token problem",
	  "Failed to request discovery document"),
	S("kubectl-exec-api-version", EC_NOT_AUTH, 30, NULL, ES_UNKNOWN,
	  "the kubeconfig's exec plugin API version does not match the AWS CLI's: run aws eks "
	  "update-kubeconfig again; AWS credentials are not the problem",
	  "exec plugin: invalid apiVersion"),
	S("kubectl-exec-api-version-2", EC_NOT_AUTH, 30, NULL, ES_UNKNOWN,
	  "the kubeconfig's exec plugin API version does not match the AWS CLI's: run aws eks "
	  "update-kubeconfig again; AWS credentials are not the problem",
	  "exec plugin is configured to use API version"),
	S("kubectl-must-log-in", EC_NOT_AUTH, 35, NULL, ES_UNKNOWN,
	  "the cluster refused the identity the token names (aws-auth ConfigMap or access "
	  "entries); the AWS credentials themselves were accepted",
	  "You must be logged in to the server"),
	S("docker-login-failed", EC_NOT_AUTH, 30, NULL, ES_UNKNOWN,
	  "docker login got a password it could not use (often an empty one from a failed or "
	  "TTY-mangled get-login-password)",
	  "login attempt to https", "failed with status"),
	S("service-not-in-region", EC_NOT_AUTH, 30, NULL, ES_UNKNOWN,
	  "an old AWS CLI that does not know the region; not a credentials problem",
	  "not available in region"),
	S("endpoint-connection", EC_NOT_AUTH, 30, NULL, ES_UNKNOWN,
	  "the endpoint URL could not be reached (a malformed region or endpoint, DNS); not a "
	  "credentials problem",
	  "Could not connect to the endpoint URL"),
	S("not-a-valid-region", EC_NOT_AUTH, 30, NULL, ES_PROVIDER_CONFIG,
	  "the provider has an empty or unknown region; not a credentials problem",
	  "Not a valid region"),
	S("state-lock-error", EC_NOT_AUTH, 30, NULL, ES_BACKEND,
	  "the DynamoDB lock table does not match what the S3 backend expects (name, key "
	  "LockID); the credentials were accepted",
	  "acquiring the state lock"),
	S("state-digest-mismatch", EC_NOT_AUTH, 30, NULL, ES_BACKEND,
	  "the state's checksum in DynamoDB does not match the object in S3; not a credentials "
	  "problem",
	  "does not have the expected content"),
	S("s3-bucket-missing", EC_NOT_AUTH, 30, NULL, ES_BACKEND,
	  "the state bucket does not exist where the backend looks (another account, region or "
	  "endpoint); the credentials were accepted",
	  "S3 bucket does not exist"),
	S("account-id-warning", EC_NOT_AUTH, 25, NULL, ES_PROVIDER_CONFIG,
	  "a warning, not a failure: with skip_requesting_account_id the provider does not know "
	  "the account, and ARNs built from it may be wrong",
	  "AWS account ID not found for provider"),
	/* not_auth: authorization and other look-alikes */
	S("access-denied", EC_NOT_AUTH, 40, "AccessDenied", ES_UNKNOWN,
	  "authorization, not authentication: AWS accepted the credentials and knows the "
	  "caller; a policy (IAM, bucket, KMS key, SCP, permission boundary) denies the action",
	  "AccessDenied"),
	S("unauthorized-operation", EC_NOT_AUTH, 40, "UnauthorizedOperation", ES_UNKNOWN,
	  "authorization, not authentication: the credentials were accepted; an IAM policy "
	  "does not allow this EC2 action",
	  "UnauthorizedOperation"),
	S("not-authorized-to-perform", EC_NOT_AUTH, 39, "AccessDenied", ES_UNKNOWN,
	  "authorization, not authentication: the credentials were accepted; a policy denies "
	  "the action",
	  "is not authorized to perform"),
	S("marketplace-opt-in", EC_NOT_AUTH, 65, "OptInRequired", ES_RESOURCE_OPERATION,
	  "an AWS Marketplace subscription is missing; nothing to do with credentials or "
	  "regions",
	  "OptInRequired", "Marketplace"),
	S("hcp-required-token", EC_PLATFORM_TOKEN, 50, NULL, ES_BACKEND,
	  "the Terraform CLI has no API token for the HCP Terraform / TFE / Scalr host; AWS "
	  "keys do not help: run terraform login HOST or set TF_TOKEN_app_terraform_io (the "
	  "host name, . as _)",
	  "Required token could not be found"),
	S("hcp-read-organization", EC_PLATFORM_TOKEN, 50, NULL, ES_BACKEND,
	  "the HCP Terraform / TFE / Scalr host rejected the CLI's API token (HTTP 401): "
	  "replace the token in credentials.tfrc.json or TF_TOKEN_app_terraform_io (the host "
	  "name, . as _); AWS keys do not help",
	  "Failed to read organization", "unauthorized"),
	S("hcp-entitlements", EC_PLATFORM_TOKEN, 50, NULL, ES_BACKEND,
	  "the remote backend rejected the CLI's API token (HTTP 401); AWS keys do not help",
	  "read organization entitlements", "unauthorized"),
	S("hcp-token-invalid", EC_PLATFORM_TOKEN, 50, NULL, ES_UNKNOWN,
	  "terraform login's token was rejected by the host; AWS keys do not help",
	  "Token is invalid: unauthorized"),
	S("registry-credentials", EC_PLATFORM_TOKEN, 45, NULL, ES_REGISTRY,
	  "a private provider or module registry wants the CLI's host token; AWS keys do not "
	  "help",
	  "authentication credentials"),
	S("scalr-provider-token", EC_PLATFORM_TOKEN, 50, NULL, ES_UNKNOWN,
	  "the Scalr provider needs SCALR_TOKEN or its token argument; AWS keys do not help",
	  "Unable to create Scalr API client"),
	S("invalid-region", EC_NOT_AUTH, 30, NULL, ES_PROVIDER_CONFIG,
	  "the region name is unknown to this provider build (a typo, or a region newer than "
	  "the provider); not a credentials problem",
	  "invalid AWS Region"),
	S("invalid-region-old", EC_NOT_AUTH, 30, NULL, ES_PROVIDER_CONFIG,
	  "the region name is unknown to this provider build (a typo, or a region newer than "
	  "the provider); not a credentials problem",
	  "Invalid AWS Region"),
};
const size_t explain_sigs_nr = sizeof(explain_sigs) / sizeof(explain_sigs[0]);

#define M(text, also, tool, family, stage)                                                         \
	{                                                                                          \
		text, also, tool, family, stage                                                    \
	}
#define PROV "terraform-provider-aws"
#define BACK "terraform-s3-backend"

/*
 * First match decides each of tool, family and stage, so the most specific
 * markers come first. Families follow the string history in
 * terraform-aws-auth.md §2.4 (base v0.4 ... beta.33+).
 */
const struct explain_marker explain_markers[] = {
	M("Error retrieving workspaces", NULL, "hcp-terraform", NULL, ES_BACKEND),
	M("Error creating workspace", NULL, "hcp-terraform", NULL, ES_BACKEND),
	M("organization settings", NULL, "hcp-terraform", NULL, ES_BACKEND),
	M("module versions: 40", NULL, NULL, NULL, ES_REGISTRY),
	M("remote module registry", NULL, NULL, NULL, ES_REGISTRY),
	M("with tfe_", NULL, "tfe-provider", NULL, ES_RESOURCE_OPERATION),
	M("must be set in the cloud", NULL, "hcp-terraform", NULL, ES_BACKEND),
	M("Create S3 bucket", NULL, "terragrunt", NULL, ES_BACKEND),
	M("tf_backend.", NULL, BACK, NULL, ES_BACKEND),
	M("backend-s3.", NULL, BACK, NULL, ES_BACKEND),
	M("error creating EC2 Metadata session", NULL, PROV, NULL, ES_PROVIDER_CONFIG),
	M("Error creating AWS session", NULL, PROV, NULL, ES_PROVIDER_CONFIG),
	M("Error launching source instance", NULL, PROV, NULL, ES_RESOURCE_OPERATION),
	M("Error retrieving KeyPair", NULL, PROV, NULL, ES_RESOURCE_OPERATION),
	M("Error import KeyPair", NULL, PROV, NULL, ES_RESOURCE_OPERATION),
	M("Error creating VPC", NULL, PROV, NULL, ES_RESOURCE_OPERATION),
	M("tfe_", NULL, "tfe-provider", NULL, ES_RESOURCE_OPERATION),
	/* Terraform 1.6+ prints the provider's text in the S3 backend too */
	M("Retrieving AWS account details", "with provider[", PROV, "v5 (late) or v6",
	  ES_PROVIDER_CONFIG),
	M("Retrieving AWS account details", "in provider \"", PROV, "v5 (late) or v6",
	  ES_PROVIDER_CONFIG),
	M("retrieving AWS account details", "with provider[", PROV, "v5 (late) or v6",
	  ES_PROVIDER_CONFIG),
	M("Retrieving AWS account details", NULL, BACK, "Terraform 1.6 or later", ES_BACKEND),
	M("retrieving AWS account details", NULL, BACK, "Terraform 1.6 or later", ES_BACKEND),
	M("configuring Terraform AWS Provider: validating provider credentials", NULL, PROV, "v5",
	  ES_PROVIDER_CONFIG),
	M("error configuring Terraform AWS Provider", "operation error", PROV, "v4",
	  ES_PROVIDER_CONFIG),
	M("error configuring Terraform AWS Provider", "Error: failed to", PROV, "v4",
	  ES_PROVIDER_CONFIG),
	M("error configuring Terraform AWS Provider", "AWS Error:", PROV, "v4 (late) or v5 (early)",
	  ES_PROVIDER_CONFIG),
	M("error configuring Terraform AWS Provider", NULL, PROV, "v3", ES_PROVIDER_CONFIG),
	M("configuring Terraform AWS Provider: error validating", NULL, PROV, "v4 (late)",
	  ES_PROVIDER_CONFIG),
	M("configuring Terraform AWS Provider", NULL, PROV, "v4 (late) or v5", ES_PROVIDER_CONFIG),
	M("provider.aws:", NULL, PROV, "v2 or older (Terraform 0.11)", ES_PROVIDER_CONFIG),
	M("error configuring S3 Backend", NULL, BACK, "Terraform 0.13-1.5", ES_BACKEND),
	M("Error configuring the backend \"s3\"", NULL, BACK, "Terraform 0.11-0.12", ES_BACKEND),
	M("backends/s3.html", NULL, BACK, "Terraform 1.6 or later", ES_BACKEND),
	M("language/backend/s3", NULL, BACK, "Terraform 1.6 or later", ES_BACKEND),
	M("error using credentials to get account ID", NULL, NULL,
	  "base v0.4 (provider 2.x, or S3 backend on Terraform 0.12)", ES_UNKNOWN),
	M("Failed to get existing workspaces", NULL, BACK, NULL, ES_BACKEND),
	M("Failed to save state", NULL, BACK, NULL, ES_BACKEND),
	M("failed to upload state", NULL, BACK, NULL, ES_BACKEND),
	M("Failed to persist state", NULL, BACK, NULL, ES_BACKEND),
	M("does not have the expected content", NULL, BACK, NULL, ES_BACKEND),
	M("error validating provider credentials", NULL, PROV, NULL, ES_PROVIDER_CONFIG),
	M("Error refreshing state", "provider.aws", NULL, NULL, ES_PROVIDER_CONFIG),
	M("Error refreshing state", NULL, NULL, NULL, ES_STATE_REFRESH),
	M("Error loading state", NULL, BACK, NULL, ES_BACKEND),
	M("Failed to load state", NULL, BACK, NULL, ES_BACKEND),
	M("Error acquiring the state lock", NULL, BACK, NULL, ES_BACKEND),
	M("failed to lock s3 state", NULL, BACK, NULL, ES_BACKEND),
	M("Error selecting workspace", NULL, NULL, NULL, ES_BACKEND),
	M("Error configuring the backend", NULL, NULL, NULL, ES_BACKEND),
	M("Failed to read organization", NULL, "hcp-terraform", NULL, ES_BACKEND),
	M("read organization entitlements", NULL, "hcp-terraform", NULL, ES_BACKEND),
	M("Required token could not be found", NULL, "hcp-terraform", NULL, ES_BACKEND),
	M("Token is invalid: unauthorized", NULL, "hcp-terraform", NULL, ES_UNKNOWN),
	M("Unable to create Scalr API client", NULL, "scalr-provider", NULL, ES_UNKNOWN),
	M("with provider[", NULL, PROV, NULL, ES_PROVIDER_CONFIG),
	M("in provider \"aws\"", NULL, PROV, NULL, ES_PROVIDER_CONFIG),
	M("vertex \"provider[", NULL, PROV, NULL, ES_PROVIDER_CONFIG),
	M("tf_rpc=ConfigureProvider", NULL, PROV, NULL, ES_PROVIDER_CONFIG),
	M("tf_rpc=ReadResource", NULL, PROV, NULL, ES_STATE_REFRESH),
	M("tf_rpc=ReadDataSource", NULL, PROV, NULL, ES_STATE_REFRESH),
	M("tf_rpc=ApplyResourceChange", NULL, PROV, NULL, ES_RESOURCE_OPERATION),
	M("registry.terraform.io/providers/hashicorp/aws", NULL, PROV, NULL, ES_PROVIDER_CONFIG),
	M("Could not assume role with", NULL, "configure-aws-credentials", NULL, ES_CI_ACTION),
	M("Credentials could not be loaded", NULL, "configure-aws-credentials", NULL, ES_CI_ACTION),
	M("configure-aws-credentials", NULL, "configure-aws-credentials", NULL, ES_CI_ACTION),
	M("ACTIONS_ID_TOKEN_REQUEST_URL", NULL, "configure-aws-credentials", NULL, ES_CI_ACTION),
	M("Could not load credentials from any providers", NULL, NULL, "aws-sdk-js v3", ES_UNKNOWN),
	M("To refresh this SSO session run aws sso login", NULL, NULL, "v2", ES_UNKNOWN),
	M("Error: Cannot assume IAM Role", NULL, NULL,
	  "base beta.33+ (provider v5 late, v6; "
	  "backend 1.6+)",
	  ES_UNKNOWN),
	M("No valid credential sources found", "Please see", NULL,
	  "base beta.33+ (provider v5 late, v6; backend 1.6+)", ES_UNKNOWN),
	M("No valid credential sources found for AWS Provider", NULL, PROV,
	  "base v0.4 or older (provider 2.x, Terraform 0.11-0.12)", ES_UNKNOWN),
	M("NoCredentialProviders", NULL, NULL, "aws-sdk-go v1", ES_UNKNOWN),
	M("status code: ", "request id: ", NULL, "aws-sdk-go v1", ES_UNKNOWN),
	M("SSOProviderInvalidToken", NULL, NULL, "aws-sdk-go v1", ES_UNKNOWN),
	M("operation error ", NULL, NULL, "aws-sdk-go-v2", ES_UNKNOWN),
	M("failed to refresh cached credentials", NULL, NULL, "aws-sdk-go-v2", ES_UNKNOWN),
};
const size_t explain_markers_nr = sizeof(explain_markers) / sizeof(explain_markers[0]);

#define CAC "configure-aws-credentials"

/*
 * The lines around a diagnostic, in order of specificity: wrappers and
 * their log formats first, then (weak) the languages of SDK programs, then
 * the AWS CLI's own texts, which Python programs on botocore print too.
 */
const struct explain_context explain_contexts[] = {
	{"configure-aws-credentials", CAC, ES_CI_ACTION, 0},
	{"Credentials could not be loaded", CAC, ES_CI_ACTION, 0},
	{"Assuming role with OIDC", CAC, ES_CI_ACTION, 0},
	{"token.actions.githubusercontent.com", CAC, ES_CI_ACTION, 0},
	{"##[error]", NULL, ES_CI_ACTION, 0},
	{"running `eksctl", NULL, ES_RESOURCE_OPERATION, 0},
	{"Awsume error", "awsume", ES_CLI, 0},
	{"aws-vault: error", "aws-vault", ES_CLI, 0},
	{"Enter AWS MFA code for device", "aws-mfa", ES_CLI, 0},
	{"INFO - Validating credentials for profile", "aws-mfa", ES_CLI, 0},
	{"aws2-wrap", "aws2-wrap", ES_CLI, 0},
	{"exec plugin", "kubectl", ES_UNKNOWN, 0},
	{"You must be logged in to the server", "kubectl", ES_UNKNOWN, 0},
	{"getting credentials: exec", "aws-cli", ES_EXEC_PLUGIN, 0},
	{"Kubernetes cluster unreachable", "aws-cli", ES_EXEC_PLUGIN, 0},
	{"[terragrunt]", "terragrunt", ES_UNKNOWN, 0},
	{"ERRO[0", "terragrunt", ES_UNKNOWN, 0},
	{"Remote state S3 bucket", "terragrunt", ES_BACKEND, 0},
	{"Terragrunt", "terragrunt", ES_UNKNOWN, 0},
	{"terragrunt", "terragrunt", ES_UNKNOWN, 0},
	{"Error response from daemon", "docker", ES_CLI, 0},
	{"denied: Your authorization token", "docker", ES_UNKNOWN, 0},
	{"awscli", "aws-cli", ES_CLI, 0},
	{"aws.exe", "aws-cli", ES_CLI, 0},
	{"aws-cli/", "aws-cli", ES_CLI, 0},
	/* SDK programs, by language */
	{"botocore", "sdk-python", ES_UNKNOWN, 1},
	{"boto3", "sdk-python", ES_UNKNOWN, 1},
	{"Traceback (most recent call last)", "sdk-python", ES_UNKNOWN, 1},
	{".py\", line", "sdk-python", ES_UNKNOWN, 1},
	{"pynamodb", "sdk-python", ES_UNKNOWN, 1},
	{"c7n_org", "sdk-python", ES_UNKNOWN, 1},
	{"custodian run", "sdk-python", ES_UNKNOWN, 1},
	{"txaws", "sdk-python", ES_UNKNOWN, 1},
	{"'ResponseMetadata'", "sdk-python", ES_UNKNOWN, 1},
	{"Session(region_name=", "sdk-python", ES_UNKNOWN, 1},
	{"ClientError", "sdk-python", ES_UNKNOWN, 1},
	{"node_modules", "sdk-js", ES_UNKNOWN, 1},
	{"@aws-sdk/", "sdk-js", ES_UNKNOWN, 1},
	{"@smithy/", "sdk-js", ES_UNKNOWN, 1},
	{"CredentialsProviderError", "sdk-js", ES_UNKNOWN, 1},
	{"node:internal", "sdk-js", ES_UNKNOWN, 1},
	{"S3ServiceException", "sdk-js", ES_UNKNOWN, 1},
	{"\"retryable\":", "sdk-js", ES_UNKNOWN, 1},
	{"{ Errors:", "sdk-js", ES_UNKNOWN, 1},
	{"Could not load credentials from any providers", "sdk-js", ES_UNKNOWN, 1},
	{"Aws::", "sdk-ruby", ES_UNKNOWN, 1},
	{".rb:", "sdk-ruby", ES_UNKNOWN, 1},
	{"excon", "sdk-ruby", ES_UNKNOWN, 1},
	{"Aws\\", "sdk-php", ES_UNKNOWN, 1},
	{"GuzzleHttp", "sdk-php", ES_UNKNOWN, 1},
	{"AWS HTTP error", "sdk-php", ES_UNKNOWN, 1},
	{".php", "sdk-php", ES_UNKNOWN, 1},
	{"com.amazonaws", "sdk-java", ES_UNKNOWN, 1},
	{"software.amazon.awssdk", "sdk-java", ES_UNKNOWN, 1},
	{"aws_smithy", "sdk-rust", ES_UNKNOWN, 1},
	{"aws_config::", "sdk-rust", ES_UNKNOWN, 1},
	{"Error { code: \"", "sdk-rust", ES_UNKNOWN, 1},
	{"Caused by:", "sdk-rust", ES_UNKNOWN, 1},
	{"Couldn't find AWS credentials in environment", "sdk-rust", ES_UNKNOWN, 1},
	{"goroutine ", "sdk-go", ES_UNKNOWN, 1},
	{"github.com/", "sdk-go", ES_UNKNOWN, 1},
	{"panic: ", "sdk-go", ES_UNKNOWN, 1},
	{"level=error msg=", "sdk-go", ES_UNKNOWN, 1},
	{"ERRO[2", "sdk-go", ES_UNKNOWN, 1},
	{"eksctl", "sdk-go", ES_UNKNOWN, 1},
	{".go:", "sdk-go", ES_UNKNOWN, 1},
	{"AssumeRoleTokenProvider", "sdk-go", ES_UNKNOWN, 1},
	{"SharedConfigLoadError", "sdk-go", ES_UNKNOWN, 1},
	{"INIParseError", "sdk-go", ES_UNKNOWN, 1},
	/* the AWS CLI's texts (botocore programs print them too: see above) */
	{"An error occurred (", "aws-cli", ES_CLI, 1},
	{"A client error (", "aws-cli", ES_CLI, 1},
	{"Unable to parse config file", "aws-cli", ES_CLI, 1},
	{"Unable to locate credentials", "aws-cli", ES_CLI, 1},
	{"The config profile (", "aws-cli", ES_CLI, 1},
	{"Error when retrieving token from sso", "aws-cli", ES_CLI, 1},
	{"To refresh this SSO session run aws sso login", "aws-cli", ES_CLI, 1},
};
const size_t explain_contexts_nr = sizeof(explain_contexts) / sizeof(explain_contexts[0]);

#define A(t)                                                                                       \
	{                                                                                          \
		t, EA_SIGNATURE, ES_UNKNOWN, NULL                                                  \
	}
#define P(t, st)                                                                                   \
	{                                                                                          \
		t, EA_PHASE, st, NULL                                                              \
	}

/* Every literal is at least SCAN_WINDOW (12) bytes long: the prefilter's window. */
const struct explain_anchor explain_anchors[] = {
	A("InvalidClientTokenId"),
	A("security token included"),
	A("InvalidAccessKeyId"),
	A("Access Key Id you provided"),
	A("UnrecognizedClient"),
	A("AWS was not able to validate"),
	A("AuthFailure:"),
	A("(AuthFailure)"),
	A("<Code>AuthFailure"),
	A("SignatureDoesNotMatch"),
	A("request signature we calculated"),
	A("InvalidSignatureException"),
	A("IncompleteSignature"),
	A("invalid header field value"),
	A("Credential should be scoped"),
	A("Signature expired"),
	A("Signature not yet current"),
	A("RequestTimeTooSkewed"),
	A("RequestInTheFuture"),
	A("ExpiredToken"),
	A("RequestExpired"),
	A("valid credential sources"),
	A("NoCredentialProviders"),
	A("no valid providers in chain"),
	A("static credentials are empty"),
	A("EnvAccessKeyNotFound"),
	A("Unable to locate credentials"),
	A("Could not load credentials"),
	A("Credentials could not be loaded"),
	A("EC2 IMDS role"),
	A("to EC2 IMDS "),
	A("ec2imds: GetMetadata"),
	A("EC2RoleRequestError"),
	A("169.254.169.254"),
	A("shared config profile"),
	A("SharedConfigProfileNotExist"),
	A("config profile ("),
	A("could not be found or parsed"),
	A("SSO session "),
	A("SSOProviderInvalidToken"),
	A("Token has expired and refresh failed"),
	A("InvalidGrantException"),
	A("cached SSO token"),
	A("Session token not found or invalid"),
	A("RegionDisabledException"),
	A("STS is not activated"),
	A("OptInRequired"),
	A("cannot be assumed"),
	A("Cannot assume IAM Role"),
	A("not authorized to perform"),
	A("Not authorized to perform"),
	A("operation error STS: AssumeRole"),
	A("Could not assume role with"),
	A("when calling the AssumeRole"),
	A("failed to load assume role"),
	A("AssumeRoleTokenProvider"),
	A("AssumeRoleWithWebIdentity"),
	A("InvalidIdentityToken"),
	A("ACTIONS_ID_TOKEN_REQUEST_URL"),
	A("WebIdentityErr"),
	A("WebIdentityTokenFile must be set"),
	A("AccessDenied"),
	A("UnauthorizedOperation"),
	A("Required token could not be found"),
	A("Failed to read organization"),
	A("read organization entitlements"),
	A("Token is invalid"),
	A("authentication credentials"),
	A("Unable to create Scalr API client"),
	A("invalid AWS Region"),
	A("Invalid AWS Region"),
	A("MultiFactorAuthentication"),
	A("token provider required"),
	A(": unauthorized"),
	A("resource not found"),
	A("module versions: 40"),
	A("SharedConfigLoadError"),
	A("INIParseError"),
	A("Unable to parse config file"),
	A("failed to load shared config"),
	A("IniFile::Error"),
	A("Couldn't find AWS credentials"),
	A("must have credentials"),
	A("credential-provider-imds"),
	A("authorization token has expired"),
	A("Cached SSO login"),
	A("No OpenIDConnect provider"),
	A("configparser."),
	A("must be set in the cloud"),
	A("Failed to request discovery"),
	A("exec plugin:"),
	A("exec plugin is"),
	A("You must be logged in"),
	A("login attempt to https"),
	A("not available in region"),
	A("Could not connect to the endpoint"),
	A("Not a valid region"),
	A("acquiring the state lock"),
	A("not have the expected content"),
	A("bucket does not exist"),
	A("AWS account ID not found"),

	P("Initializing the backend", ES_BACKEND),
	P("Initializing HCP Terraform", ES_BACKEND),
	P("Initializing Terraform Cloud", ES_BACKEND),
	P("Initializing cloud backend", ES_BACKEND),
	P("Initializing provider plugins", ES_UNKNOWN),
	P("Initializing modules", ES_REGISTRY),
	P("Error accessing remote module registry", ES_REGISTRY),
	P("successfully initialized", ES_UNKNOWN),
	P("Acquiring state lock", ES_BACKEND),
	P("Refreshing state...", ES_STATE_REFRESH),
	P("Refreshing Terraform state", ES_STATE_REFRESH),
	/* summaries whose detail follows after a blank line (Terraform 0.11) */
	P("Error refreshing state", ES_STATE_REFRESH),
	P("Error loading state", ES_BACKEND),
	P("Error configuring the backend", ES_BACKEND),
	P(": Reading...", ES_STATE_REFRESH),
	P(": Creating...", ES_RESOURCE_OPERATION),
	P(": Modifying...", ES_RESOURCE_OPERATION),
	P(": Destroying...", ES_RESOURCE_OPERATION),
	P("Still creating...", ES_RESOURCE_OPERATION),
	P("Terraform will perform the following", ES_UNKNOWN),

	{"Running plan in", EA_REMOTE, ES_UNKNOWN, NULL},
	{"Running apply in", EA_REMOTE, ES_UNKNOWN, NULL},
	{"Preparing the remote", EA_REMOTE, ES_UNKNOWN, NULL},
	{"Waiting for the plan to start", EA_REMOTE, ES_UNKNOWN, NULL},
	{"OpenTofu v1.", EA_PROGRAM, ES_UNKNOWN, "opentofu"},
	{"OpenTofu has ", EA_PROGRAM, ES_UNKNOWN, "opentofu"},
	{"opentofu.org", EA_PROGRAM, ES_UNKNOWN, "opentofu"},
	{"$ tofu init ", EA_PROGRAM, ES_UNKNOWN, "opentofu"},
	{"OpenTofu version", EA_PROGRAM, ES_UNKNOWN, "opentofu"},
	{"Credential=AKIA", EA_SCOPE, ES_UNKNOWN, NULL},
	{"Credential=ASIA", EA_SCOPE, ES_UNKNOWN, NULL},
	{".amazonaws.com", EA_SCOPE, ES_UNKNOWN, NULL},
};
const size_t explain_anchors_nr = sizeof(explain_anchors) / sizeof(explain_anchors[0]);

const char *explain_category_name(enum explain_category c)
{
	return c < EC_NR ? explain_categories[c].name : "not_auth";
}

int explain_category_parse(const char *name, enum explain_category *out)
{
	for (int i = 0; i < EC_NR; i++)
		if (!strcmp(explain_categories[i].name, name)) {
			*out = (enum explain_category)i;
			return 0;
		}
	return -1;
}

const char *explain_stage_name(enum explain_stage s)
{
	return s < ES_NR ? explain_stage_names[s] : "unknown";
}
