/*
 * aws_keys.c - key formats, account decoding, regions, and the value checks
 * of src/checks/keys.c.
 */
#include <string.h>

#include "aws/keyfmt.h"
#include "aws/regions.h"
#include "checks/checks.h"
#include "tap.h"

static void test_account(void)
{
	static const struct {
		const char *id, *account;
	} vectors[] = {
		{"ASIAY34FZKBOKTSTVV7A", "609629065308"},
		{"AKIASP2TPHJSQTSTJXYZ", "171436882533"},
		{"ASIAVJ2E6QGR2TSTLJFM", "364679954851"},
		{"ASIAQAAAAAAAGMKEM7X5", "000000000000"},
	};
	char out[13];

	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		int r = keyid_account(vectors[i].id, 20, out);
		is_int(r, 0, "decodable key");
		is_str(out, vectors[i].account, vectors[i].id);
	}
	is_int(keyid_account("AKIAIOSFODNN7EXAMPLE", 20, out), -1, "old key format not decodable");
	is_int(keyid_account("AIDAIOSFODNN7EXAMPLE", 20, out), -2, "not a key id");
	ok(keyid_is_example("AKIAIOSFODNN7EXAMPLE", 20),
	   "the documentation's key id is an example");
	ok(!keyid_is_example("AKIAY34FZKBOKTSTVV7A", 20), "a real-shaped key id is not");
	ok(!keyid_is_example("AKIAIOSFODNN7EXAMPL", 19),
	   "an example needs the whole 20 characters");
	ok(secret_is_example("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 40),
	   "the documentation's secret is an example");
	ok(!secret_is_example("q7Yh2LpX9vTf3RmK8sWc1NbD4gZj6/Ae0uIo5+Ey", 40),
	   "a real-shaped secret is not");
	is_int(keyid_account("AKIA1234", 8, out), -2, "short");
	is_int(keyid_kind("AROAXXXXXXXXXXXXXXXX", 20), KEYID_UNIQUE_ID, "AROA is a unique id");
	is_str(keyid_prefix_entity("AIDAXXXXXXXXXXXXXXXX", 20), "IAM user", "AIDA names a user");
}

static void test_regions(void)
{
	ok(region_find("af-south-1")->opt_in, "af-south-1 is opt-in");
	ok(!region_find("eu-west-1")->opt_in, "eu-west-1 is not");
	is_str(partition_for_region("cn-north-1")->id, "aws-cn", "China partition");
	is_str(partition_for_region("us-gov-west-1")->id, "aws-us-gov", "GovCloud partition");
	is_str(partition_for_region("us-isob-east-1")->id, "aws-iso-b", "ISO-B");
	is_str(partition_for_region("eu-east-9")->id, "aws", "an unknown but well-formed region");
	ok(!region_name_valid("eu-west-1a"), "an availability zone is not a region");
	ok(!region_name_valid("EU-WEST-1"), "upper case is not a region");
	ok(!region_name_valid("ireland"), "a display name is not a region");
	ok(region_is_typo("us-eats-1"), "us-eats-1 is a typo of us-east-1");
	ok(region_is_typo("cn-nort-1"), "cn-nort-1 is a typo of cn-north-1");
	ok(!region_is_typo("us-west-3"), "a known stem with a new number may be a new region");
	ok(!region_is_typo("eu-west-1"), "a known region is no typo");
	ok(!region_is_typo("xx-far-away-9"), "far from every region: no suggestion, no typo");
	is_str(region_suggest("eu-west-1a"), "eu-west-1", "AZ suggests its region");
	is_str(region_suggest("us-eats-1"), "us-east-1", "typo suggests nearest");
	is_str(region_suggest("Ireland"), "eu-west-1", "display name suggests region");
}

static size_t count(const struct findings *fs, enum finding_id id)
{
	size_t n = 0;
	for (size_t i = 0; i < fs->nr; i++)
		n += fs->v[i]->id == id;
	return n;
}

static void test_value_checks(void)
{
	struct cred_site site = {ORIGIN_ENV_VAR("V"), "V", "export V="};
	struct findings fs = FINDINGS_INIT;
	const char *good = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

#define SECRET(s) check_secret_key(&fs, &site, (s), strlen(s), "AKIAIOSFODNN7EXAMPLE", 20)
#define KEY(s) check_access_key_id(&fs, &site, (s), strlen(s), good, 40)

	SECRET(good);
	is_int(count(&fs, F_SECRET_KEY_SPECIAL_CHARS), 1, "a / is only info");
	is_int(count(&fs, F_SECRET_KEY_CORRUPTED) + count(&fs, F_SECRET_KEY_MALFORMED), 0,
	       "and not an error");
	findings_release(&fs);

	SECRET("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
	is_int(count(&fs, F_SECRET_KEY_CORRUPTED), 1, "trailing LF is damage");
	like(finding_message(fs.v[0]), "a line feed (LF) at position 41 (the end)",
	     "position named");
	is_int(count(&fs, F_SECRET_KEY_MALFORMED), 0, "length is right once the damage is removed");
	findings_release(&fs);

	SECRET("wJalrXUtnFEMI/K7MDENG bPxRfiCYEXAMPLEKEY");
	like(finding_message(fs.v[0]), "a space at position 22, where a + probably was",
	     "URL-decoding damage");
	findings_release(&fs);

	SECRET("\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"");
	like(finding_message(fs.v[0]), "wrapped in quotes", "quotes");
	findings_release(&fs);

	SECRET("\xEF\xBB\xBFwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
	like(finding_message(fs.v[0]), "byte order mark", "BOM");
	findings_release(&fs);

	SECRET("short");
	is_int(count(&fs, F_SECRET_KEY_MALFORMED), 1, "short secret is malformed");
	like(finding_message(fs.v[0]), "5 characters long; secret access keys have 40",
	     "length named");
	findings_release(&fs);

	check_secret_key(&fs, &site, "AKIAIOSFODNN7EXAMPLE", 20, good, 40);
	like(finding_message(fs.v[0]), "swapped", "swap detected from the secret side");
	findings_release(&fs);
	check_access_key_id(&fs, &site, good, 40, "AKIAIOSFODNN7EXAMPLE", 20);
	is_int(fs.nr, 0, "swap reported once, not from the key side too");
	findings_release(&fs);

	KEY("AKIAIOSFODNN7EXAMPLE");
	is_int(fs.nr, 0, "a valid key id");
	KEY("AIDAIOSFODNN7EXAMPLE");
	like(finding_message(fs.v[0]), "IAM user unique id", "a user id is not a key");
	findings_release(&fs);
	KEY("akiaiosfodnn7example");
	like(finding_message(fs.v[0]), "lower case at position 1", "lower case");
	findings_release(&fs);
	KEY("AKIAIOSFODNN7EXAMPL");
	like(finding_message(fs.v[0]), "19 characters long", "length");
	findings_release(&fs);
	KEY("AKIAIOSFODNN7EXAMP1E");
	like(finding_message(fs.v[0]), "outside A-Z and 2-7 at position 19",
	     "digit 1 is not base32");
	findings_release(&fs);
	KEY("AKIAIOSFODNN7EXAMPLE\r");
	like(finding_message(fs.v[0]), "carriage return (CR) at position 21", "CR in key id");
	findings_release(&fs);

	check_session_token(&fs, &site, "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJH\r\n", 50);
	like(finding_message(fs.v[0]), "carriage return (CR) at position 49", "CR in token");
	findings_release(&fs);
	check_session_token(&fs, &site, "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJH", 48);
	is_int(fs.nr, 0, "clean token");
	findings_release(&fs);
}

static void test_token_version(void)
{
	const char *v2 = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJH";
	const char *v1 = "FwoGZXIvYXdzEJr//////////wEaDExampleTokenForTests";

	is_int(token_version(v2, strlen(v2)), TOKEN_V2, "IQoJ... is a version 2 token");
	is_int(token_version(v1, strlen(v1)), TOKEN_V1, "FwoG... is a version 1 token");
	is_int(token_version("FQoGZXIvYXdzEAAa", 16), TOKEN_V1, "FQoG... is version 1 too");
	is_int(token_version("IQoJb3Jp", 8), TOKEN_UNKNOWN, "a short prefix is unknown");
	is_int(token_version("AQoDYXdzEJr", 11), TOKEN_UNKNOWN, "other prefixes are unknown");
	is_int(token_version(NULL, 0), TOKEN_UNKNOWN, "no token is unknown");
}

int main(void)
{
	plan_lazy();
	test_account();
	test_token_version();
	test_regions();
	test_value_checks();
	return done_testing();
}
