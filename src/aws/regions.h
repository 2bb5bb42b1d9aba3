/*
 * regions.h - AWS regions and partitions (terraform-aws-auth.md §4): which
 * partition a region belongs to, whether it is opt-in, and the STS host.
 */
#ifndef TFAUTH_REGIONS_H
#define TFAUTH_REGIONS_H

struct partition {
	const char *id;		/* "aws", "aws-cn", ... */
	const char *dns_suffix; /* "amazonaws.com" */
	const char *dualstack_suffix;
	const char *global_region; /* implicit global region */
};

struct region {
	const char *name;
	const char *display; /* "Cape Town" */
	const struct partition *partition;
	int opt_in;
};

/* A known region, or NULL. */
const struct region *region_find(const char *name);
/* The partition a name matches by pattern, known or not; NULL when none. */
const struct partition *partition_for_region(const char *name);
const struct partition *partition_find(const char *id);
/* Does name have the shape of a region (prefix-word-digits)? */
int region_name_valid(const char *name);
/* The nearest known region name for a typo ("eu-west-1a" -> "eu-west-1"). */
const char *region_suggest(const char *name);
/*
 * Is name a typo of a known region (us-eats-1, cn-nort-1)? Unknown, near a
 * known name, and not a known stem with another number (us-west-3 may be a
 * region newer than the table).
 */
int region_is_typo(const char *name);
/* Iterate the table: returns NULL past the end. */
const struct region *region_at(unsigned i);

#endif
