/*
 * files_shared.c - the shared-file model per dialect against the rows of
 * credential-files.md: §1 (locations, selection), §2.3 (the difference
 * matrix), the header-naming table and §3 (a profile in both files).
 * For go-v2 the reference is the oracle (the current aws-sdk-go-v2 parser
 * is not packaged here); botocore is also checked against the real thing
 * by t/files-botocore.t.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "aws/shared.h"
#include "core/env.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static char home[256];

static void write_file(const char *rel, const char *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", home, rel);
	if (!data) {
		unlink(path);
		return;
	}
	f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, len, f);
	fclose(f);
}

struct run {
	struct shared s;
	struct env e;
};

/* Load with config/credentials contents (NULL: absent) and NAME=value pairs. */
static struct run *load(enum dialect d, const char *cfg, const char *cred, ...)
{
	struct run *r = xcalloc(1, sizeof(*r));
	va_list ap;
	const char *k;

	write_file(".aws/config", cfg, cfg ? strlen(cfg) : 0);
	write_file(".aws/credentials", cred, cred ? strlen(cred) : 0);
	env_set(&r->e, "HOME", home);
	va_start(ap, cred);
	while ((k = va_arg(ap, const char *))) {
		const char *v = va_arg(ap, const char *);
		env_set(&r->e, k, v);
	}
	va_end(ap);
	shared_load(&r->s, &r->e, d, NULL, NULL, NULL);
	return r;
}

static void done_run(struct run *r)
{
	shared_release(&r->s);
	env_release(&r->e);
	free(r);
}

/* The selected profile's value of key, "<none>" when absent, "<noprofile>". */
static const char *val(struct run *r, const char *profile, const char *key)
{
	const struct profile *p = shared_profile(&r->s, profile ? profile : r->s.selected);
	const struct profile_value *v;

	if (!p)
		return "<noprofile>";
	v = profile_get(p, key);
	if (!v)
		return "<none>";
	if (v->flags & INI_NESTED)
		return "<map>";
	return v->value;
}

#define D_BOTO DIALECT_BOTOCORE
#define D_GO DIALECT_GO_V2
#define END NULL

static void row(const char *name, const char *body, const char *key, const char *boto,
		const char *go)
{
	struct run *b = load(D_BOTO, NULL, body, END), *g = load(D_GO, NULL, body, END);
	char n[256];

	snprintf(n, sizeof(n), "%s: botocore", name);
	is_str(b->s.error ? "<refused>" : val(b, "default", key), boto, n);
	snprintf(n, sizeof(n), "%s: go-v2", name);
	is_str(g->s.error ? "<refused>" : val(g, "default", key), go, n);
	done_run(b);
	done_run(g);
}

#define AKL "aws_access_key_id"
#define SKL "aws_secret_access_key"

static void test_matrix(void)
{
	row("1 # comment", "[default]\naws_access_key_id = AK # prod key\n", AKL, "AK # prod key",
	    "AK");
	row("2 ; comment", "[default]\naws_secret_access_key = SK ;old\n", SKL, "SK ;old", "SK");
	row("3 # without space", "[default]\naws_access_key_id = AK#x\n", AKL, "AK#x", "AK#x");
	row("4 tab comment", "[default]\naws_secret_access_key = SK\t# tab-comment\n", SKL,
	    "SK\t# tab-comment", "SK");
	row("5 header comment", "[default] # main account\naws_access_key_id = AK\n", AKL, "AK",
	    "AK");
	row("6 [default # x]", "[other]\nregion = r\n[default # x]\naws_access_key_id = AK\n", AKL,
	    "<noprofile>", "<noprofile>");
	{
		struct run *g =
			load(D_GO, NULL,
			     "[other]\nregion = r\n[default # x]\naws_access_key_id = AK\n", END);
		is_str(val(g, "other", AKL), "AK", "6 go-v2: the keys land in [other]");
		done_run(g);
	}
	row("7 [default] extra", "[other]\n[default] extra\naws_access_key_id = AK\n", AKL, "AK",
	    "<noprofile>");
	row("8 [ default ]", "[ default ]\naws_access_key_id = AK\n", AKL, "<noprofile>", "AK");
	row("9 double quotes", "[default]\naws_access_key_id = \"AK\"\n", AKL, "\"AK\"", "AK");
	row("9 single quotes", "[default]\naws_secret_access_key = 'SK'\n", SKL, "'SK'", "SK");
	row("10 unbalanced", "[default]\naws_access_key_id = \"AK\n", AKL, "\"AK", "\"AK");
	row("11 empty quoted token", "[default]\naws_session_token = \"\"\n", "aws_session_token",
	    "\"\"", "");
	row("12 lone quote", "[default]\naws_session_token = \"\n", "aws_session_token", "\"",
	    "<refused>");
	row("13 duplicate section",
	    "[default]\naws_access_key_id = A1\n[default]\naws_access_key_id = A2\n", AKL,
	    "<refused>", "A2");
	row("14 duplicate key", "[default]\naws_access_key_id = A1\nAWS_ACCESS_KEY_ID = A2\n", AKL,
	    "<refused>", "A2");
	row("15 key before header", "region = r\n[default]\naws_access_key_id = AK\n", AKL,
	    "<refused>", "AK");
	row("16 junk", "[default]\naws_access_key_id = AK\nthis line is junk\n", AKL, "<refused>",
	    "AK");
	row("17 = foo", "[default]\naws_access_key_id = AK\n= foo\n", AKL, "<refused>", "AK");
	row("18 second key indented",
	    "[default]\naws_access_key_id = AK\n  aws_secret_access_key = SK\n", AKL,
	    "AK\naws_secret_access_key = SK", "AK");
	row("18 secret", "[default]\naws_access_key_id = AK\n  aws_secret_access_key = SK\n", SKL,
	    "<none>", "SK");
	row("19 all indented",
	    "[default]\n  aws_access_key_id = AK\n  aws_secret_access_key = SK\n", SKL, "SK", "SK");
	row("20 indented header", "[other]\naws_access_key_id = A1\n  [default]\nregion = r\n",
	    "region", "<noprofile>", "r");
	row("21 continuation", "[default]\naws_secret_access_key = SK\n  morestuff\n", SKL,
	    "SK\nmorestuff", "SK\nmorestuff");
	row("22 blank then indented",
	    "[default]\naws_access_key_id = AK\n\n  aws_secret_access_key = SK\n", AKL,
	    "AK\n\naws_secret_access_key = SK", "AK");
	row("23 NBSP indent", "[default]\naws_access_key_id = AK\n\xc2\xa0region = us-east-2\n",
	    "region", "<none>", "us-east-2");
	row("24 nested",
	    "[default]\ns3 =\n  max_concurrent_requests = 10\n  addressing_style = path # c\n",
	    "s3", "<map>", "<map>");
	row("25 nested with colon", "[default]\ns3 =\n  max_concurrent_requests: 10\n", "s3",
	    "<refused>", "<map>");
	row("26 CRLF", "[default]\r\naws_access_key_id = AK\r\n", AKL, "AK", "AK");
	row("27 lone CR", "[default]\raws_access_key_id = AK\r", AKL, "AK", "<noprofile>");
	row("28 BOM", "\xef\xbb\xbf[default]\naws_access_key_id = AK\n", AKL, "<refused>",
	    "<noprofile>");
	row("30 Latin-1 comment", "[default]\n# caf\xe9\naws_access_key_id = AK\n", AKL,
	    "<refused>", "AK");
	row("33 empty value", "[default]\naws_access_key_id =\n", AKL, "", "");
	row("34 colon", "[default]\naws_access_key_id: AK\n", AKL, "AK", "AK");
	row("35 upper-case key", "[default]\nAWS_ACCESS_KEY_ID = AK\n", AKL, "AK", "AK");
	row("36 tabs", "[default]\naws_access_key_id\t=\tAK\n", AKL, "AK", "AK");
	row("42 []", "[]\naws_access_key_id = AK\n", AKL, "<refused>", "<noprofile>");
	{
		/* 31: a NUL stays in the value for both */
		static const char body[] = "[default]\naws_access_key_id = AK\0\n";
		for (int i = 0; i < 2; i++) {
			struct run *r = xcalloc(1, sizeof(*r));
			const struct profile_value *v;
			write_file(".aws/credentials", body, sizeof(body) - 1);
			write_file(".aws/config", NULL, 0);
			env_set(&r->e, "HOME", home);
			shared_load(&r->s, &r->e, i ? D_GO : D_BOTO, NULL, NULL, NULL);
			v = profile_get(shared_profile(&r->s, "default"), AKL);
			ok(v && v->len == 3 && !memcmp(v->value, "AK\0", 3),
			   i ? "31 NUL: go-v2" : "31 NUL: botocore");
			done_run(r);
		}
	}
	{
		/* 39/40: [DEFAULT] */
		const char *body = "[DEFAULT]\naws_access_key_id = AK\n[dev]\nregion = r\n";
		struct run *b = load(D_BOTO, NULL, body, "AWS_PROFILE", "dev", END);
		struct run *g = load(D_GO, NULL, body, "AWS_PROFILE", "dev", END);
		is_str(val(b, "dev", AKL), "AK", "39 botocore: [dev] inherits [DEFAULT]");
		is_str(val(g, "dev", AKL), "<none>", "39 go-v2: [dev] has no keys");
		is_str(val(g, "DEFAULT", AKL), "AK", "40 go-v2: DEFAULT is a profile");
		is_str(val(b, "DEFAULT", AKL), "<noprofile>",
		       "40 botocore: DEFAULT is not a profile");
		done_run(b);
		done_run(g);
	}
	{
		struct run *b = load(D_BOTO, "[Default]\nregion = r\n", NULL, END);
		struct run *g = load(D_GO, "[Default]\nregion = r\n", NULL, END);
		is_str(val(b, "Default", "region"), "<noprofile>",
		       "41 botocore: [Default] in config is no profile");
		is_str(val(g, "Default", "region"), "r", "41 go-v2: [Default] is kept as Default");
		done_run(b);
		done_run(g);
	}
}

static void naming(const char *header, const char *boto, const char *go)
{
	char cfg[256], n[256];
	struct run *b, *g;

	snprintf(cfg, sizeof(cfg), "%s\nregion = r\n", header);
	b = load(D_BOTO, cfg, NULL, END);
	g = load(D_GO, cfg, NULL, END);
	snprintf(n, sizeof(n), "naming %s: botocore", header);
	is_str(b->s.nprofiles ? b->s.profiles[0].name : "<none>", boto, n);
	snprintf(n, sizeof(n), "naming %s: go-v2", header);
	is_str(g->s.nprofiles ? g->s.profiles[0].name : "<none>", go, n);
	done_run(b);
	done_run(g);
}

static void test_naming(void)
{
	naming("[profile dev]", "dev", "dev");
	naming("[ profile   dev ]", "<none>", "dev");
	naming("[profile\tdev]", "dev", "dev");
	naming("[profile \"dev\"]", "dev", "\"dev\"");
	naming("[profile my dev]", "<none>", "my dev");
	naming("[profile \"my dev\"]", "my dev", "\"my dev\"");
	naming("[profiledev]", "<none>", "<none>");
	naming("[profileX dev]", "dev", "<none>");
	naming("[dev]", "<none>", "<none>");
	{
		const char *a = "[default]\nregion = plain\n[profile default]\nregion = prefixed\n";
		const char *z = "[profile default]\nregion = prefixed\n[default]\nregion = plain\n";
		struct run *b1 = load(D_BOTO, a, NULL, END), *g1 = load(D_GO, a, NULL, END);
		struct run *b2 = load(D_BOTO, z, NULL, END), *g2 = load(D_GO, z, NULL, END);
		is_str(val(b1, "default", "region"), "prefixed",
		       "[default] then [profile default]: botocore takes the later");
		is_str(val(g1, "default", "region"), "prefixed",
		       "[default] then [profile default]: go-v2 takes profile default");
		is_str(val(b2, "default", "region"), "plain",
		       "[profile default] then [default]: botocore takes the later");
		is_str(val(g2, "default", "region"), "prefixed",
		       "[profile default] then [default]: go-v2 still takes profile default");
		done_run(b1);
		done_run(g1);
		done_run(b2);
		done_run(g2);
	}
	{
		struct run *b = load(D_BOTO, NULL, "[profile dev]\nregion = r\n", END);
		struct run *g = load(D_GO, NULL, "[profile dev]\nregion = r\n", END);
		is_str(val(b, "profile dev", "region"), "r",
		       "credentials [profile dev]: botocore names it 'profile dev'");
		is_int(g->s.nprofiles, 0, "credentials [profile dev]: go-v2 drops it");
		done_run(b);
		done_run(g);
	}
}

static void test_merge(void)
{
	struct run *g, *b;

	g = load(D_GO,
		 "[default]\naws_access_key_id = C\naws_secret_access_key = CS\naws_session_token "
		 "= CONFIG_TOKEN\n",
		 "[default]\naws_access_key_id = A\naws_secret_access_key = AS\n", END);
	is_str(val(g, "default", AKL), "A", "§3 go-v2: credentials keys replace the config's");
	is_str(val(g, "default", "aws_session_token"), "CONFIG_TOKEN",
	       "§3 go-v2: the config's token survives");
	ok(profile_get(shared_profile(&g->s, "default"), "aws_session_token")->file ==
		   SHARED_CONFIG,
	   "§3 go-v2: the surviving token is from the config file");
	done_run(g);
	b = load(D_BOTO,
		 "[default]\naws_access_key_id = C\naws_secret_access_key = CS\naws_session_token "
		 "= CONFIG_TOKEN\n",
		 "[default]\naws_access_key_id = A\naws_secret_access_key = AS\n", END);
	is_str(val(b, "default", AKL), "A", "§3 botocore full_config: credentials win per key");
	ok(!profile_get(shared_file_profile(&b->s, SHARED_CREDENTIALS, "default"),
			"aws_session_token"),
	   "§3 botocore: the credentials file alone has no token");
	done_run(b);

	g = load(D_GO, "[default]\naws_access_key_id = C\n",
		 "[default]\naws_access_key_id = A\naws_secret_access_key = AS\n", END);
	ok(!shared_profile(&g->s, "default")->error,
	   "§3 go-v2: a partial config section is repaired by the credentials file");
	done_run(g);
	g = load(D_GO, "[default]\naws_access_key_id = B\naws_secret_access_key = BS\n",
		 "[default]\naws_secret_access_key = AS\n", END);
	ok(shared_profile(&g->s, "default")->error &&
		   strstr(shared_profile(&g->s, "default")->error,
			  "partial credentials found for profile default"),
	   "§3 go-v2: a partial credentials section breaks the profile");
	is_str(val(g, "default", AKL), "B", "§3 go-v2: lone secret does not replace the pair");
	done_run(g);
	g = load(D_GO, "[profile dev]\nregion = eu-west-1\n",
		 "[dev]\nregion = us-west-2\naws_account_id = 1\n", "AWS_PROFILE", "dev", END);
	is_str(val(g, "dev", "region"), "us-west-2",
	       "§3 go-v2: the credentials file's region wins");
	is_str(val(g, "dev", "aws_account_id"), "<none>",
	       "§3 go-v2: keys outside the merge list are dropped");
	done_run(g);
}

static void test_selection(void)
{
	struct run *r;
	char p[600];

	r = load(D_BOTO, "[profile dev]\n[profile other]\n", NULL, "AWS_PROFILE", "dev",
		 "AWS_DEFAULT_PROFILE", "other", END);
	is_str(r->s.selected, "other", "botocore: AWS_DEFAULT_PROFILE first");
	done_run(r);
	r = load(D_GO, "[profile dev]\n[profile other]\n", NULL, "AWS_PROFILE", "dev",
		 "AWS_DEFAULT_PROFILE", "other", END);
	is_str(r->s.selected, "dev", "go-v2: AWS_PROFILE first");
	done_run(r);
	r = load(D_BOTO, "[default]\n", NULL, "AWS_PROFILE", "", END);
	ok(r->s.error && strstr(r->s.error, "The config profile () could not be found"),
	   "botocore: AWS_PROFILE='' is a name");
	done_run(r);
	r = load(D_GO, "[default]\n", NULL, "AWS_PROFILE", "", END);
	ok(!r->s.error && !strcmp(r->s.selected, "default"), "go-v2: AWS_PROFILE='' is unset");
	done_run(r);
	r = load(D_GO, "[default]\n", NULL, "AWS_PROFILE", "typo", END);
	ok(r->s.error && !strcmp(r->s.error, "failed to get shared config profile, typo"),
	   "go-v2: missing AWS_PROFILE is fatal");
	done_run(r);
	r = load(D_GO, "[default]\n", NULL, "AWS_DEFAULT_PROFILE", "typo", END);
	ok(!r->s.error && !r->s.selected_exists, "go-v2: missing AWS_DEFAULT_PROFILE is ignored");
	done_run(r);
	r = load(D_BOTO, "[profile Dev]\n", NULL, "AWS_PROFILE", "dev", END);
	ok(r->s.error != NULL, "botocore: names are case-sensitive");
	done_run(r);

	/* file locations */
	r = load(D_BOTO, "[default]\nregion = r\n", NULL, "AWS_CONFIG_FILE", "~/.aws/config", END);
	is_str(val(r, "default", "region"), "r", "botocore: ~ in AWS_CONFIG_FILE is expanded");
	done_run(r);
	r = load(D_BOTO, "[default]\nregion = r\n", NULL, "AWS_CONFIG_FILE", "$HOME/.aws/config",
		 END);
	is_str(val(r, "default", "region"), "r", "botocore: $HOME in AWS_CONFIG_FILE is expanded");
	done_run(r);
	r = load(D_GO, "[default]\nregion = r\n", NULL, "AWS_CONFIG_FILE", "~/.aws/config", END);
	is_str(val(r, "default", "region"), "<noprofile>",
	       "go-v2: ~ in AWS_CONFIG_FILE is not expanded");
	ok(r->s.files[0].unexpanded, "go-v2: the unexpanded path is flagged");
	done_run(r);
	r = load(D_BOTO, "[default]\nregion = r\n", NULL, "AWS_CONFIG_FILE", "", END);
	is_int(r->s.files[0].state, SHARED_FILE_NO_PATH,
	       "botocore: AWS_CONFIG_FILE='' reads no file");
	done_run(r);
	r = load(D_GO, "[default]\nregion = r\n", NULL, "AWS_CONFIG_FILE", "", END);
	is_str(val(r, "default", "region"), "r", "go-v2: AWS_CONFIG_FILE='' is the default path");
	done_run(r);
	snprintf(p, sizeof(p), "%s/.aws", home);
	r = load(D_GO, "[default]\n", NULL, "AWS_SHARED_CREDENTIALS_FILE", p, END);
	ok(r->s.error && strstr(r->s.error, "is a directory"), "go-v2: a directory is fatal");
	done_run(r);
	r = load(D_BOTO, "[default]\n", NULL, "AWS_SHARED_CREDENTIALS_FILE", p, END);
	ok(!r->s.error, "botocore: a directory is ignored");
	done_run(r);
	{
		/* Terraform's shared_config_files: $VAR and ~ expanded, unset $VAR is "" */
		const char *cf[] = {"$HOME/.aws/config", NULL}, *cf2[] = {"$NOPE/x/config", NULL};
		r = load(D_GO, "[default]\nregion = r\n", NULL, END);
		shared_release(&r->s);
		shared_load(&r->s, &r->e, D_GO, NULL, cf, NULL);
		is_str(val(r, "default", "region"), "r", "shared_config_files: $HOME expanded");
		shared_release(&r->s);
		shared_load(&r->s, &r->e, D_GO, NULL, cf2, NULL);
		is_str(r->s.files[0].path, "/x/config",
		       "shared_config_files: an unset $VAR expands to nothing");
		done_run(r);
	}
	if (geteuid() != 0) {
		r = load(D_BOTO, "[default]\n", "[default]\nregion = r\n", END);
		done_run(r);
		snprintf(p, sizeof(p), "%s/.aws/credentials", home);
		chmod(p, 0);
		r = xcalloc(1, sizeof(*r));
		env_set(&r->e, "HOME", home);
		shared_load(&r->s, &r->e, D_GO, NULL, NULL, NULL);
		is_int(r->s.files[1].state, SHARED_FILE_UNREADABLE,
		       "go-v2: an unreadable file counts as empty");
		done_run(r);
		chmod(p, 0600);
	}
}

/*
 * aws-sdk-go-v2 mergeSections (config/shared_config.go, stringKeys): what a
 * credentials-file section carries onto a profile the config file has.
 * The eight keys the copies disagreed on are dropped; a token alone is too.
 */
static void test_gov2_merge_keys(void)
{
	static const char *const merged[] = {
		"role_arn",	  "source_profile", "credential_source",	  "mfa_serial",
		"region",	  "sso_session",    "web_identity_token_file", "credential_process",
		"duration_seconds", "ca_bundle",    "auth_scheme_preference",  "ec2_metadata_v1_disabled",
	};
	static const char *const dropped[] = {
		"endpoint_url",		 "sdk_ua_app_id",
		"ignore_configured_endpoint_urls", "account_id_endpoint_mode",
		"request_checksum_calculation",	   "response_checksum_validation",
		"request_min_compression_size_bytes", "disable_request_compression",
		"sso_registration_scopes",	   "s3_anything_else",
	};
	struct run *g;

	for (size_t i = 0; i < sizeof(merged) / sizeof(merged[0]); i++)
		ok(shared_gov2_merges(merged[i]), merged[i]);
	for (size_t i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++)
		ok(!shared_gov2_merges(dropped[i]), dropped[i]);
	g = load(D_GO, "[profile p]\naws_access_key_id = C\naws_secret_access_key = CS\n",
		 "[p]\naws_session_token = LONE\nendpoint_url = http://x\nregion = eu-west-1\n", END);
	ok(!profile_get(shared_profile(&g->s, "p"), "aws_session_token"),
	   "go-v2: a token alone in the credentials file is not merged");
	ok(!profile_get(shared_profile(&g->s, "p"), "endpoint_url"),
	   "go-v2: endpoint_url from the credentials file is not merged");
	is_str(val(g, "p", "region"), "eu-west-1", "go-v2: region is merged");
	done_run(g);
}

static void test_positions(void)
{
	struct run *r = load(D_GO, NULL, "# c\n[dev]\n  aws_access_key_id = AK # x\n",
			     "AWS_PROFILE", "dev", END);
	const struct profile_value *v = profile_get(shared_profile(&r->s, "dev"), AKL);

	ok(v && v->key_at.line == 3 && v->key_at.col == 3, "key position file:line:col");
	ok(v && v->value_at.line == 3 && v->value_at.col == 23, "value position");
	ok(v && !strcmp(v->key_at.name, "~/.aws/credentials"),
	   "positions name the file as ~/.aws/credentials");
	ok(v && v->raw_len == 7 && !memcmp(v->raw, " AK # x", 7), "raw bytes after the separator");
	done_run(r);
	r = load(D_GO, NULL, "[dev]\naws_access_key_id = AK\n", "AWS_PROFILE", "dve", END);
	is_str(shared_suggest(&r->s, "dve"), "dev", "did-you-mean");
	done_run(r);
}

int main(void)
{
	char tmpl[] = "/tmp/tfauth-unit-XXXXXX", aws[300];

	if (!mkdtemp(tmpl))
		return 1;
	snprintf(home, sizeof(home), "%s", tmpl);
	snprintf(aws, sizeof(aws), "%s/.aws", home);
	mkdir(aws, 0700);
	plan_lazy();
	test_matrix();
	test_naming();
	test_merge();
	test_gov2_merge_keys();
	test_selection();
	test_positions();
	write_file(".aws/config", NULL, 0);
	write_file(".aws/credentials", NULL, 0);
	rmdir(aws);
	rmdir(home);
	return done_testing();
}
