/*
 * regions.c - the region and partition tables. Opt-in status: regions
 * launched after 2019-03-20 are opt-in (AWS Account Management guide).
 */
#include <ctype.h>
#include <string.h>

#include "aws/regions.h"
#include "core/banned.h"

static const struct partition partitions[] = {
	{"aws", "amazonaws.com", "api.aws", "us-east-1"},
	{"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", "cn-northwest-1"},
	{"aws-us-gov", "amazonaws.com", "api.aws", "us-gov-west-1"},
	{"aws-iso", "c2s.ic.gov", "api.aws.ic.gov", "us-iso-east-1"},
	{"aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud", "us-isob-east-1"},
	{"aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", "eu-isoe-west-1"},
	{"aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov", "us-isof-south-1"},
	{"aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu", "eusc-de-east-1"},
};

#define P_AWS (&partitions[0])
#define P_CN (&partitions[1])
#define P_GOV (&partitions[2])
#define P_ISO (&partitions[3])
#define P_ISOB (&partitions[4])
#define P_ISOE (&partitions[5])
#define P_ISOF (&partitions[6])
#define P_EUSC (&partitions[7])

static const struct region regions[] = {
	{"us-east-1", "N. Virginia", P_AWS, 0},
	{"us-east-2", "Ohio", P_AWS, 0},
	{"us-west-1", "N. California", P_AWS, 0},
	{"us-west-2", "Oregon", P_AWS, 0},
	{"ca-central-1", "Canada Central", P_AWS, 0},
	{"sa-east-1", "Sao Paulo", P_AWS, 0},
	{"eu-central-1", "Frankfurt", P_AWS, 0},
	{"eu-west-1", "Ireland", P_AWS, 0},
	{"eu-west-2", "London", P_AWS, 0},
	{"eu-west-3", "Paris", P_AWS, 0},
	{"eu-north-1", "Stockholm", P_AWS, 0},
	{"ap-south-1", "Mumbai", P_AWS, 0},
	{"ap-northeast-1", "Tokyo", P_AWS, 0},
	{"ap-northeast-2", "Seoul", P_AWS, 0},
	{"ap-northeast-3", "Osaka", P_AWS, 0},
	{"ap-southeast-1", "Singapore", P_AWS, 0},
	{"ap-southeast-2", "Sydney", P_AWS, 0},
	{"af-south-1", "Cape Town", P_AWS, 1},
	{"ap-east-1", "Hong Kong", P_AWS, 1},
	{"ap-east-2", "Taipei", P_AWS, 1},
	{"ap-south-2", "Hyderabad", P_AWS, 1},
	{"ap-southeast-3", "Jakarta", P_AWS, 1},
	{"ap-southeast-4", "Melbourne", P_AWS, 1},
	{"ap-southeast-5", "Malaysia", P_AWS, 1},
	{"ap-southeast-6", "New Zealand", P_AWS, 1},
	{"ap-southeast-7", "Thailand", P_AWS, 1},
	{"ca-west-1", "Calgary", P_AWS, 1},
	{"eu-central-2", "Zurich", P_AWS, 1},
	{"eu-south-1", "Milan", P_AWS, 1},
	{"eu-south-2", "Spain", P_AWS, 1},
	{"il-central-1", "Tel Aviv", P_AWS, 1},
	{"me-central-1", "UAE", P_AWS, 1},
	{"me-south-1", "Bahrain", P_AWS, 1},
	{"mx-central-1", "Mexico Central", P_AWS, 1},
	{"cn-north-1", "Beijing", P_CN, 0},
	{"cn-northwest-1", "Ningxia", P_CN, 0},
	{"us-gov-west-1", "GovCloud (US-West)", P_GOV, 0},
	{"us-gov-east-1", "GovCloud (US-East)", P_GOV, 0},
	{"us-iso-east-1", "US ISO East", P_ISO, 0},
	{"us-iso-west-1", "US ISO West", P_ISO, 0},
	{"us-isob-east-1", "US ISOB East", P_ISOB, 0},
	{"us-isob-west-1", "US ISOB West", P_ISOB, 0},
	{"eu-isoe-west-1", "EU ISOE West", P_ISOE, 0},
	{"us-isof-east-1", "US ISOF East", P_ISOF, 0},
	{"us-isof-south-1", "US ISOF South", P_ISOF, 0},
	{"eusc-de-east-1", "EU Sovereign Cloud Germany", P_EUSC, 0},
};

const struct region *region_at(unsigned i)
{
	return i < sizeof(regions) / sizeof(regions[0]) ? &regions[i] : NULL;
}

const struct region *region_find(const char *name)
{
	for (unsigned i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
		if (!strcmp(regions[i].name, name))
			return &regions[i];
	return NULL;
}

const struct partition *partition_find(const char *id)
{
	for (unsigned i = 0; i < sizeof(partitions) / sizeof(partitions[0]); i++)
		if (!strcmp(partitions[i].id, id))
			return &partitions[i];
	return NULL;
}

/* name = PREFIX "-" word "-" digits, word = [a-z]+ */
static int shape(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *p;

	if (strncmp(name, prefix, n) || name[n] != '-')
		return 0;
	p = name + n + 1;
	if (!islower((unsigned char)*p))
		return 0;
	while (islower((unsigned char)*p))
		p++;
	if (*p++ != '-' || !isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == '\0';
}

const struct partition *partition_for_region(const char *name)
{
	static const char *const aws_pfx[] = {"us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"};
	const struct region *r = region_find(name);

	if (r)
		return r->partition;
	if (!strncmp(name, "cn-", 3))
		return shape(name, "cn") ? P_CN : NULL;
	if (!strncmp(name, "us-gov-", 7))
		return shape(name + 3, "gov") ? P_GOV : NULL;
	if (!strncmp(name, "us-isob-", 8))
		return shape(name + 3, "isob") ? P_ISOB : NULL;
	if (!strncmp(name, "us-isof-", 8))
		return shape(name + 3, "isof") ? P_ISOF : NULL;
	if (!strncmp(name, "us-iso-", 7))
		return shape(name + 3, "iso") ? P_ISO : NULL;
	if (!strncmp(name, "eu-isoe-", 8))
		return shape(name + 3, "isoe") ? P_ISOE : NULL;
	if (!strncmp(name, "eusc-", 5))
		return shape(name, "eusc") ? P_EUSC : NULL;
	for (unsigned i = 0; i < sizeof(aws_pfx) / sizeof(aws_pfx[0]); i++)
		if (shape(name, aws_pfx[i]))
			return P_AWS;
	return NULL;
}

int region_name_valid(const char *name)
{
	return partition_for_region(name) != NULL;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[40], cur[40];

	if (la >= 39 || lb >= 39)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (tolower((unsigned char)a[i - 1]) != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof(size_t));
	}
	return prev[lb];
}

const char *region_suggest(const char *name)
{
	const char *best = NULL;
	size_t best_d = 4;

	for (unsigned i = 0; i < sizeof(regions) / sizeof(regions[0]); i++) {
		size_t d = edit_distance(name, regions[i].name);
		/* "eu-west-1a" and friends: an availability zone */
		size_t n = strlen(regions[i].name);
		if (!strncmp(name, regions[i].name, n) && name[n] >= 'a' && name[n] <= 'z' &&
		    !name[n + 1])
			return regions[i].name;
		if (d < best_d) {
			best_d = d;
			best = regions[i].name;
		}
		if (!strcasecmp(name, regions[i].display))
			return regions[i].name;
	}
	return best;
}

/* Length of name without its trailing "-<digits>". */
static size_t region_stem(const char *name)
{
	size_t n = strlen(name);

	while (n && name[n - 1] >= '0' && name[n - 1] <= '9')
		n--;
	return n;
}

int region_is_typo(const char *name)
{
	size_t n;

	if (region_find(name) || !region_suggest(name))
		return 0;
	n = region_stem(name);
	if (n == strlen(name) || !region_name_valid(name))
		return 1;
	for (unsigned i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
		if (region_stem(regions[i].name) == n && !strncmp(regions[i].name, name, n))
			return 0;
	return 1;
}
