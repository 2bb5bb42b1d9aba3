/*
 * shared.h - the AWS shared files as one tool sees them: which files it
 * reads (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, ~/.aws/...), which
 * profile it selects (AWS_PROFILE / AWS_DEFAULT_PROFILE / --profile), and
 * every profile after the dialect's name mapping and merge of the two
 * files (credential-files.md §1-§3). Each value keeps where it came from
 * (file:line:col), its raw bytes and the value the dialect really uses.
 *
 * This is the model the credential chain (aws/chain.c) consumes:
 *
 *   struct shared s;
 *   shared_load(&s, env, DIALECT_GO_V2, NULL, NULL, NULL);
 *   p = shared_profile(&s, s.selected);
 *   v = profile_get(p, "aws_access_key_id");   // v->value, v->value_at
 *   shared_release(&s);
 *
 * Views per dialect:
 *   - profiles: the merged view. go-v2: config then credentials merged by
 *     mergeSections (static keys replace as a pair; the config's session
 *     token survives unless the credentials file has one; only a fixed key
 *     list is merged; a section with one of key id/secret gets
 *     profile->error). go-v1 (session.setFromIniFile): config then
 *     credentials, per key, the static keys only as a complete non-empty
 *     pair (with that file's token); keys keep their case. botocore:
 *     session.full_config (config profiles, then each credentials section
 *     dict.update'd on top) - the static-key providers of botocore read
 *     one file alone: use file_profiles for them.
 *   - file_profiles[SHARED_CONFIG|SHARED_CREDENTIALS]: one file alone
 *     (botocore's config-file and shared-credentials-file providers read
 *     one file each).
 *
 * Ownership: struct shared owns everything it points to (files, parsed
 * documents, profiles); shared_release() frees it all and accepts NULL.
 * Pointers returned by the accessors live until shared_release().
 */
#ifndef TFAUTH_SHARED_H
#define TFAUTH_SHARED_H

#include <stddef.h>

#include "aws/facts.h"
#include "aws/ini.h"
#include "core/diag.h"
#include "core/env.h"
#include "core/finding.h"

enum shared_kind { SHARED_CONFIG = 0, SHARED_CREDENTIALS = 1 };

struct shared_index;

enum profile_from {
	PROFILE_FROM_DEFAULT,  /* nothing named one: "default" */
	PROFILE_FROM_EXPLICIT, /* --profile, provider/backend profile = */
	PROFILE_FROM_AWS_PROFILE,
	PROFILE_FROM_AWS_DEFAULT_PROFILE,
};

enum shared_file_state {
	SHARED_FILE_OK,		/* read (possibly empty) */
	SHARED_FILE_MISSING,	/* does not exist: treated as empty */
	SHARED_FILE_DIRECTORY,	/* botocore: ignored; go-v2: fatal read error */
	SHARED_FILE_UNREADABLE, /* permissions and such: treated as empty */
	SHARED_FILE_TOO_LARGE,	/* over INI_MAX_INPUT: not parsed */
	SHARED_FILE_NO_PATH,	/* botocore: the variable is set but empty */
	SHARED_FILE_NOT_REGULAR, /* FIFO, socket, device: not opened; err = FILE_E_* */
};

/* One value of a profile, as the dialect uses it. */
struct profile_value {
	const char *key;   /* lower-cased */
	const char *value; /* processed value, NUL-terminated (may hold NULs: see len) */
	size_t len;
	const char *raw; /* the bytes after '=' on the key's line */
	size_t raw_len;
	struct origin key_at;	     /* file:line:col of the key */
	struct origin value_at;	     /* file:line:col of the value's first byte */
	enum shared_kind file;	     /* which file it came from */
	unsigned flags;		     /* enum ini_flag */
	const struct ini_value *sub; /* nested values (INI_NESTED), nsub of them */
	size_t nsub;
};

struct profile {
	char *name;
	struct origin at;  /* the first header that defined it */
	unsigned in_files; /* 1 << SHARED_CONFIG | 1 << SHARED_CREDENTIALS */
	char *section;	   /* the section name as written, e.g. "profile dev" */
	struct profile_value *v;
	size_t nr, alloc;
	char *error; /* go-v2: "partial credentials found for profile x"; or NULL */
};

struct shared_file {
	enum shared_kind kind;
	char *path;    /* the path opened (after the dialect's expansion) */
	char *display; /* how to show it: "~/.aws/credentials" or the path */
	const char
		*from; /* "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "default", "argument" */
	const char *env_value; /* the variable's value as set, or NULL */
	enum shared_file_state state;
	int err;	/* errno when unreadable */
	unsigned mode;	/* st_mode when it exists */
	int unexpanded; /* go: a literal ~ or $ in the path that the dialect did not expand */
	char *bytes;	/* the file's contents (owned), len bytes */
	size_t len;
	struct ini_doc doc; /* the dialect's parse */
};

struct shared {
	enum dialect dialect;
	unsigned flags;		     /* SHARED_GO_V2_LEGACY */
	struct shared_file files[8]; /* config files first, then credentials files */
	size_t nfiles;
	struct profile *profiles; /* merged view, in first-seen order */
	size_t nprofiles, aprofiles;
	struct profile *file_profiles[2]; /* one file kind alone */
	size_t nfile_profiles[2], afile_profiles[2];
	struct profile *sso_sessions; /* [sso-session x] (config file) */
	size_t nsso, asso;
	struct profile *services; /* [services x] (config file) */
	size_t nservices, aservices;

	const char *selected; /* the profile name in use */
	enum profile_from selected_from;
	const char *selected_var; /* "AWS_PROFILE", "--profile", ... or NULL */
	int selected_exists;
	int missing_is_fatal; /* a missing selected profile stops the tool */

	/*
	 * The tool cannot load its configuration at all: botocore
	 * "Unable to parse config file: <path>" (the underlying reason in
	 * error_detail), go-v2 "failed to load shared config file, ...", a
	 * go-v2 panic, or a missing profile that is fatal. NULL when loaded.
	 */
	char *error;
	char *error_detail;
	struct origin error_at;
	struct diags diags;
	char *owned_selected;
	struct shared_index *index; /* name lookup, private */
};

/*
 * Load the files dialect d reads. profile is the explicit profile
 * (--profile / provider profile =), or NULL to use the environment.
 * config_files / credentials_files are NULL-terminated lists that replace
 * the environment and default locations (Terraform's shared_*_files),
 * or NULL. Returns 0, or -1 when the tool would fail to load (s->error).
 */
int shared_load(struct shared *s, const struct env *e, enum dialect d, const char *profile,
		const char *const *config_files, const char *const *credentials_files);
/*
 * The same with flags: SHARED_GO_V2_LEGACY models aws-sdk-go-v2 before
 * its 2023 INI rewrite (config < v1.24: the go-v1 parser, a directory or a
 * missing profile silently ignored), e.g. for Terraform provider 4.x.
 */
#define SHARED_GO_V2_LEGACY INI_GO_V2_LEGACY
int shared_load_flags(struct shared *s, const struct env *e, enum dialect d, unsigned flags,
		      const char *profile, const char *const *config_files,
		      const char *const *credentials_files);
void shared_release(struct shared *s);

/* The merged profile, or NULL. */
const struct profile *shared_profile(const struct shared *s, const char *name);
/* The profile as one file alone defines it, or NULL. */
const struct profile *shared_file_profile(const struct shared *s, enum shared_kind k,
					  const char *name);
const struct profile *shared_sso_session(const struct shared *s, const char *name);
const struct profile *shared_services(const struct shared *s, const char *name);
/* A value of a profile, or NULL (p may be NULL). */
const struct profile_value *profile_get(const struct profile *p, const char *key);
/* The first file of kind k, or NULL. */
const struct shared_file *shared_file_of(const struct shared *s, enum shared_kind k);

/* The profile name nearest to name (did-you-mean), or NULL. */
const char *shared_suggest(const struct shared *s, const char *name);
const char *profile_from_name(enum profile_from f);

/* Does go-v2's mergeSections carry key from a later file into an existing profile? */
int shared_gov2_merges(const char *key);

#endif
