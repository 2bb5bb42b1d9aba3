/*
 * chain_resolve.c - unit tests for the Terraform side of the chain
 * (aws/chain.h): provider and backend arguments filled by hand in struct
 * tf_auth_block, the version rules of terraform-aws-auth.md §1.5 and the
 * file-list rules of §1.1/§1.7, over a throwaway HOME.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/chain.h"
#include "core/xalloc.h"
#include "tap.h"

static char home[256];

static void write_file(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", home, rel);
	f = fopen(path, "w");
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

static void setup_home(void)
{
	char path[512];

	snprintf(home, sizeof(home), "/tmp/tfauth-chain-unit-%d", (int)getpid());
	mkdir(home, 0700);
	snprintf(path, sizeof(path), "%s/.aws", home);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/alt", home);
	mkdir(path, 0700);
	write_file(".aws/credentials",
		   "[default]\naws_access_key_id = AKIAAAAAAAAAAAAA2222\n"
		   "aws_secret_access_key = sEcReTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2222\n\n"
		   "[dev]\naws_access_key_id = AKIAAAAAAAAAAAAA3333\n"
		   "aws_secret_access_key = sEcReTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3333\n");
	write_file(".aws/config",
		   "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\n"
		   "source_profile = dev\nregion = ap-south-1\n\n"
		   "[profile top]\nrole_arn = arn:aws:iam::123456789012:role/Top\n"
		   "source_profile = mid\n\n"
		   "[profile mid]\nrole_arn = arn:aws:iam::123456789012:role/Mid\n"
		   "source_profile = dev\ncredential_source = Environment\n");
	write_file("alt/creds",
		   "[alt]\naws_access_key_id = AKIAAAAAAAAAAAAA4444\n"
		   "aws_secret_access_key = sEcReTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4444\n");
	write_file("alt/config",
		   "[profile altcfg]\naws_access_key_id = AKIAAAAAAAAAAAAA5555\n"
		   "aws_secret_access_key = sEcReTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa5555\n");
}

static void cleanup_home(void)
{
	const char *files[] = {".aws/credentials", ".aws/config", "alt/creds", "alt/config"};
	char path[512];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", home, files[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/.aws", home);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/alt", home);
	rmdir(path);
	rmdir(home);
}

struct fixture {
	struct env env;
	struct facts f;
	struct chain_result r;
};

static void fx_init(struct fixture *x, int env_keys)
{
	memset(x, 0, sizeof(*x));
	env_set(&x->env, "HOME", home);
	env_set(&x->env, "AWS_EC2_METADATA_DISABLED", "true");
	if (env_keys) {
		env_set(&x->env, "AWS_ACCESS_KEY_ID", "AKIAAAAAAAAAAAAA7777");
		env_set(&x->env, "AWS_SECRET_ACCESS_KEY",
			"sEcReTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa7777");
	}
	facts_init(&x->f, &x->env);
}

static void fx_release(struct fixture *x)
{
	chain_result_release(&x->r);
	facts_release(&x->f);
	env_release(&x->env);
}

#define LIT(s) ((struct tf_value){(s), NULL, {ORIGIN_FILE, "main.tf", 3, 3}})

static void test_static_args(void)
{
	struct fixture x;

	fx_init(&x, 1);
	x.f.provider.present = 1;
	x.f.provider.access_key = LIT("AKIAAAAAAAAAAAAA6666");
	x.f.provider.secret_key = LIT("sEcReTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa6666");
	ok(!chain_resolve(&x.f, TARGET_PROVIDER, &x.r), "static provider args resolve");
	is_str(x.r.creds.source, "provider", "source is the provider block");
	is_str(x.r.creds.access_key_id, "AKIAAAAAAAAAAAAA6666", "its key");
	ok(x.r.nlosers == 1 && strstr(x.r.losers[0].source, "AWS_ACCESS_KEY_ID"), "env keys lose");
	chain_result_release(&x.r);

	x.f.provider.secret_key = (struct tf_value){0};
	x.f.provider.token = LIT("tok");
	ok(chain_resolve(&x.f, TARGET_PROVIDER, &x.r), "access_key without secret_key fails");
	like(x.r.creds.error, "static credentials are empty", "Go's error");
	chain_result_release(&x.r);

	ok(!chain_resolve(&x.f, TARGET_CLI, &x.r), "the CLI does not see the provider block");
	is_str(x.r.creds.source, "env", "CLI uses env");
	fx_release(&x);
}

static void test_profile_vs_env(void)
{
	struct fixture x;

	fx_init(&x, 1);
	x.f.provider.present = 1;
	x.f.provider.profile = LIT("dev");
	ok(!chain_resolve(&x.f, TARGET_PROVIDER, &x.r), "provider profile resolves");
	is_str(x.r.creds.access_key_id, "AKIAAAAAAAAAAAAA3333",
	       "go-v2: provider profile beats env keys");
	ok(x.r.profile_programmatic, "profile set in code");
	ok(x.r.nnotes && !strcmp(x.r.notes[0].kind, "profile-overrides-env"),
	   "profile-overrides-env noted");
	chain_result_release(&x.r);

	x.f.provider_dialect = DIALECT_GO_V1;
	ok(!chain_resolve(&x.f, TARGET_PROVIDER, &x.r), "provider 3 resolves");
	is_str(x.r.creds.source, "env", "go-v1: env keys beat the provider profile");
	chain_result_release(&x.r);

	x.f.provider_dialect = DIALECT_GO_V2;
	x.f.provider.profile = LIT("nosuch");
	ok(chain_resolve(&x.f, TARGET_PROVIDER, &x.r), "missing provider profile fails on go-v2");
	like(x.r.creds.error, "failed to get shared config profile, nosuch", "even with env keys");
	chain_result_release(&x.r);

	x.f.provider_dialect = DIALECT_GO_V1;
	ok(!chain_resolve(&x.f, TARGET_PROVIDER, &x.r), "missing provider profile on go-v1");
	is_str(x.r.creds.source, "env", "go-v1 uses env keys silently");
	chain_result_release(&x.r);

	x.f.provider_dialect = DIALECT_GO_V2;
	x.f.provider.profile =
		(struct tf_value){NULL, "var.profile", {ORIGIN_FILE, "main.tf", 4, 13}};
	ok(chain_resolve(&x.f, TARGET_PROVIDER, &x.r), "profile expression cannot be resolved");
	like(x.r.creds.error, "var.profile", "the expression is named");
	fx_release(&x);

	fx_init(&x, 1);
	env_set(&x.env, "AWS_PROFILE", "dev");
	ok(!chain_resolve(&x.f, TARGET_PROVIDER, &x.r), "AWS_PROFILE + env keys");
	is_str(x.r.creds.source, "env", "AWS_PROFILE does not beat env keys");
	chain_result_release(&x.r);
	env_set(&x.env, "AWS_PROFILE", "typo");
	ok(chain_resolve(&x.f, TARGET_PROVIDER, &x.r),
	   "AWS_PROFILE typo + env keys fails on go-v2");
	ok(x.r.nnotes && !strcmp(x.r.notes[0].kind, "profile-typo-env"), "profile-typo-env noted");
	chain_result_release(&x.r);
	x.f.provider_dialect = DIALECT_GO_V1;
	ok(!chain_resolve(&x.f, TARGET_PROVIDER, &x.r), "AWS_PROFILE typo + env keys on go-v1");
	is_str(x.r.creds.source, "env", "go-v1 uses env keys");
	fx_release(&x);
}

static void test_backend_legacy(void)
{
	struct fixture x;

	fx_init(&x, 1);
	x.f.backend.present = 1;
	x.f.backend.profile = LIT("dev");
	x.f.terraform_version = "1.6.6";
	ok(!chain_resolve(&x.f, TARGET_BACKEND, &x.r), "backend 1.6");
	is_str(x.r.creds.source, "env", "1.6: use_legacy_workflow defaults to true, env keys win");
	chain_result_release(&x.r);

	x.f.terraform_version = "~> 1.6.0";
	ok(!chain_resolve(&x.f, TARGET_BACKEND, &x.r), "backend ~> 1.6.0 (a constraint)");
	is_str(x.r.creds.source, "env", "a required_version constraint is read too");
	chain_result_release(&x.r);

	x.f.backend.use_legacy_workflow = LIT("false");
	ok(!chain_resolve(&x.f, TARGET_BACKEND, &x.r), "backend 1.6, legacy off");
	is_str(x.r.creds.access_key_id, "AKIAAAAAAAAAAAAA3333", "profile wins");
	chain_result_release(&x.r);

	x.f.backend.use_legacy_workflow = (struct tf_value){0};
	x.f.terraform_version = "1.7.5";
	ok(!chain_resolve(&x.f, TARGET_BACKEND, &x.r), "backend 1.7");
	is_str(x.r.creds.access_key_id, "AKIAAAAAAAAAAAAA3333", "1.7: profile wins by default");
	chain_result_release(&x.r);

	x.f.backend.use_legacy_workflow = LIT("true");
	ok(!chain_resolve(&x.f, TARGET_BACKEND, &x.r), "backend 1.7, legacy on");
	is_str(x.r.creds.source, "env", "1.7 with use_legacy_workflow = true: env keys win");
	chain_result_release(&x.r);

	x.f.backend.use_legacy_workflow = (struct tf_value){0};
	x.f.terraform_version = "1.9.0";
	ok(!chain_resolve(&x.f, TARGET_BACKEND, &x.r), "backend 1.9");
	is_str(x.r.creds.access_key_id, "AKIAAAAAAAAAAAAA3333", "1.8+: profile wins");
	chain_result_release(&x.r);

	x.f.terraform_version = "1.5.7";
	x.f.backend_dialect = DIALECT_GO_V1;
	ok(!chain_resolve(&x.f, TARGET_BACKEND, &x.r), "backend 1.5");
	is_str(x.r.creds.source, "env", "go-v1 backend: env keys win");
	fx_release(&x);
}

static void test_file_lists(void)
{
	struct fixture x;

	fx_init(&x, 0);
	x.f.provider.present = 1;
	x.f.provider.profile = LIT("alt");
	x.f.provider.shared_credentials_files[0] = LIT("~/alt/creds");
	ok(!chain_resolve(&x.f, TARGET_PROVIDER, &x.r), "shared_credentials_files with ~");
	is_str(x.r.creds.access_key_id, "AKIAAAAAAAAAAAAA4444", "~ expanded by aws-sdk-go-base");
	chain_result_release(&x.r);

	x.f.provider.shared_credentials_files[0] = LIT("$HOME/alt/creds");
	ok(!chain_resolve(&x.f, TARGET_PROVIDER, &x.r), "shared_credentials_files with $HOME");
	is_str(x.r.creds.access_key_id, "AKIAAAAAAAAAAAAA4444", "$VAR expanded too");
	fx_release(&x);

	fx_init(&x, 0);
	env_set(&x.env, "AWS_SHARED_CREDENTIALS_FILE", "~/alt/creds");
	env_set(&x.env, "AWS_PROFILE", "alt");
	ok(chain_resolve(&x.f, TARGET_PROVIDER, &x.r),
	   "go does not expand ~ in AWS_SHARED_CREDENTIALS_FILE");
	like(x.r.creds.error, "failed to get shared config profile, alt",
	     "so the profile is missing");
	chain_result_release(&x.r);
	ok(!chain_resolve(&x.f, TARGET_CLI, &x.r), "botocore expands it");
	is_str(x.r.creds.access_key_id, "AKIAAAAAAAAAAAAA4444", "and finds the profile");
	chain_result_release(&x.r);
	x.f.backend.present = 1;
	ok(!chain_resolve(&x.f, TARGET_BACKEND, &x.r),
	   "backend >= 1.6 takes AWS_SHARED_CREDENTIALS_FILE as its argument");
	is_str(x.r.creds.access_key_id, "AKIAAAAAAAAAAAAA4444", "and expands it");
	fx_release(&x);

	fx_init(&x, 0);
	env_set(&x.env, "AWS_SHARED_CONFIG_FILE", "~/alt/config");
	env_set(&x.env, "AWS_PROFILE", "altcfg");
	x.f.backend.present = 1;
	ok(!chain_resolve(&x.f, TARGET_BACKEND, &x.r), "backend reads AWS_SHARED_CONFIG_FILE");
	is_str(x.r.creds.access_key_id, "AKIAAAAAAAAAAAAA5555", "profile from it");
	chain_result_release(&x.r);
	ok(chain_resolve(&x.f, TARGET_PROVIDER, &x.r), "the provider does not");
	fx_release(&x);
}

static void test_assume_role_block(void)
{
	struct fixture x;

	fx_init(&x, 1);
	x.f.provider.present = 1;
	x.f.provider.assume_role_arn = LIT("arn:aws:iam::123456789012:role/Deploy");
	ok(!chain_resolve(&x.f, TARGET_PROVIDER, &x.r), "assume_role block");
	is_str(x.r.creds.source, "assume-role", "source is assume-role");
	is_str(x.r.role_arn, "arn:aws:iam::123456789012:role/Deploy", "the block's role");
	chain_result_release(&x.r);

	x.f.provider.assume_role_arn = (struct tf_value){0};
	x.f.provider.profile = LIT("admin");
	ok(!chain_resolve(&x.f, TARGET_PROVIDER, &x.r), "assume-role profile");
	is_str(x.r.role_arn, "arn:aws:iam::123456789012:role/Admin", "the profile's role");
	ok(x.r.creds.access_key_id == NULL, "the role's key id is not known offline");
	fx_release(&x);
}

static void test_expand(void)
{
	struct env e = ENV_INIT;
	char *p;

	env_set(&e, "HOME", "/home/u");
	env_set(&e, "D", "/data");
	p = chain_expand_path(&e, "~/x");
	is_str(p, "/home/u/x", "~ expanded");
	free(p);
	p = chain_expand_path(&e, "${D}/c");
	is_str(p, "/data/c", "${VAR} expanded");
	free(p);
	p = chain_expand_path(&e, "$NOPE/c");
	is_str(p, "/c", "unknown $VAR is empty (os.ExpandEnv)");
	free(p);
	env_release(&e);
}

static void test_region(void)
{
	struct fixture x;

	fx_init(&x, 0);
	env_set(&x.env, "AWS_PROFILE", "admin");
	env_set(&x.env, "AWS_REGION", "eu-west-1");
	env_set(&x.env, "AWS_DEFAULT_REGION", "us-west-2");
	chain_resolve(&x.f, TARGET_PROVIDER, &x.r);
	is_str(x.r.creds.region, "eu-west-1", "go: AWS_REGION first");
	is_str(x.r.region_source, "env AWS_REGION", "go: from AWS_REGION");
	chain_result_release(&x.r);
	chain_resolve(&x.f, TARGET_CLI, &x.r);
	is_str(x.r.creds.region, "us-west-2", "botocore 1.x: AWS_DEFAULT_REGION, not AWS_REGION");
	chain_result_release(&x.r);
	env_set(&x.env, "AWS_DEFAULT_REGION", "");
	chain_resolve(&x.f, TARGET_CLI, &x.r);
	is_str(x.r.creds.region, "ap-south-1", "botocore: then the profile's region");
	is_str(x.r.region_profile, "admin", "named profile");
	ok(x.r.region_at.kind == ORIGIN_FILE && x.r.region_at.line == 4, "at its line");
	chain_result_release(&x.r);
	x.f.provider.present = 1;
	x.f.provider.region = LIT("eu-central-1");
	chain_resolve(&x.f, TARGET_PROVIDER, &x.r);
	is_str(x.r.creds.region, "eu-central-1", "the provider block's region wins");
	is_str(x.r.region_source, "provider block", "from the provider block");
	fx_release(&x);
}

static void test_role_chain_links(void)
{
	struct fixture x;

	/* top -> mid, mid sets both source_profile and credential_source */
	fx_init(&x, 0);
	env_set(&x.env, "AWS_PROFILE", "top");
	ok(chain_resolve(&x.f, TARGET_CLI, &x.r), "botocore: the broken middle link fails");
	like(x.r.creds.error, "contains both source_profile and credential_source",
	     "botocore's words");
	fx_release(&x);
	fx_init(&x, 1);
	env_set(&x.env, "AWS_PROFILE", "top");
	ok(!chain_resolve(&x.f, TARGET_CLI, &x.r), "botocore: environment keys come first");
	chain_result_release(&x.r);
	ok(chain_resolve(&x.f, TARGET_PROVIDER, &x.r),
	   "go-v2: the broken link fails the load, environment keys or not");
	like(x.r.creds.error, "only one credential type", "go-v2's words");
	fx_release(&x);
}

int main(void)
{
	setup_home();
	test_static_args();
	test_profile_vs_env();
	test_backend_legacy();
	test_file_lists();
	test_assume_role_block();
	test_expand();
	test_region();
	test_role_chain_links();
	cleanup_home();
	return done_testing();
}
