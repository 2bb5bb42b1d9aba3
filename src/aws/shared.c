/*
 * shared.c - which profile a tool selects, and the profiles it ends up
 * with after its own name mapping and merge (credential-files.md §1-§3).
 * Locating and reading the files is in shared_paths.c, parsing in ini*.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/shared.h"
#include "aws/shared_int.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

/* ---- profiles ------------------------------------------------------------ */

/*
 * Profile lists are looked up by name through an open-addressing index
 * per list (LIST_*), so 200 profiles do not cost 200 * 200 strcmp.
 */
enum { LIST_MERGED, LIST_CONFIG, LIST_CREDENTIALS, LIST_SSO, LIST_SERVICES, LIST_NR };

struct name_index {
	size_t *slot;
	size_t cap, used;
};

struct shared_index {
	struct name_index ix[LIST_NR];
};

static unsigned long pname_hash(const char *s)
{
	unsigned long h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void index_insert(struct name_index *ix, const struct profile *v, size_t i)
{
	size_t h;

	if ((ix->used + 1) * 2 > ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 64;
		free(ix->slot);
		ix->slot = xmalloc(cap * sizeof(*ix->slot));
		for (size_t j = 0; j < cap; j++)
			ix->slot[j] = (size_t)-1;
		ix->cap = cap;
		ix->used = 0;
		for (size_t j = 0; j < i; j++) {
			h = pname_hash(v[j].name) & (cap - 1);
			while (ix->slot[h] != (size_t)-1)
				h = (h + 1) & (cap - 1);
			ix->slot[h] = j;
			ix->used++;
		}
	}
	h = pname_hash(v[i].name) & (ix->cap - 1);
	while (ix->slot[h] != (size_t)-1)
		h = (h + 1) & (ix->cap - 1);
	ix->slot[h] = i;
	ix->used++;
}

static struct profile *plist_find_ix(const struct name_index *ix, struct profile *v, size_t n,
				     const char *name)
{
	size_t h;

	if (!ix || !ix->cap) {
		for (size_t i = 0; i < n; i++)
			if (!strcmp(v[i].name, name))
				return &v[i];
		return NULL;
	}
	h = pname_hash(name) & (ix->cap - 1);
	while (ix->slot[h] != (size_t)-1) {
		if (!strcmp(v[ix->slot[h]].name, name))
			return &v[ix->slot[h]];
		h = (h + 1) & (ix->cap - 1);
	}
	return NULL;
}

static void profile_clear(struct profile *p)
{
	free(p->name);
	free(p->section);
	free(p->v);
	free(p->error);
	memset(p, 0, sizeof(*p));
}

static struct profile *plist_add(struct shared *s, int list, const char *name, int replace)
{
	struct profile **v;
	size_t *n, *alloc;
	struct name_index *ix;
	struct profile *p;

	switch (list) {
	case LIST_MERGED:
		v = &s->profiles, n = &s->nprofiles, alloc = &s->aprofiles;
		break;
	case LIST_CONFIG:
	case LIST_CREDENTIALS:
		v = &s->file_profiles[list - LIST_CONFIG];
		n = &s->nfile_profiles[list - LIST_CONFIG];
		alloc = &s->afile_profiles[list - LIST_CONFIG];
		break;
	case LIST_SSO:
		v = &s->sso_sessions, n = &s->nsso, alloc = &s->asso;
		break;
	default:
		v = &s->services, n = &s->nservices, alloc = &s->aservices;
		break;
	}
	if (!s->index)
		s->index = xcalloc(1, sizeof(*s->index));
	ix = &s->index->ix[list];
	p = plist_find_ix(ix, *v, *n, name);
	if (p && !replace)
		return p;
	if (p) {
		profile_clear(p);
		p->name = xstrdup(name);
		return p;
	}
	ALLOC_GROW(*v, *n + 1, *alloc);
	p = &(*v)[(*n)++];
	memset(p, 0, sizeof(*p));
	p->name = xstrdup(name);
	index_insert(ix, *v, *n - 1);
	return p;
}

static const struct name_index *list_index(const struct shared *s, int list)
{
	return s->index ? &s->index->ix[list] : NULL;
}

static struct profile_value *pv_find(const struct profile *p, const char *key)
{
	for (size_t i = 0; i < p->nr; i++)
		if (!strcmp(p->v[i].key, key))
			return &p->v[i];
	return NULL;
}

static void pv_set(struct profile *p, const struct profile_value *nv)
{
	struct profile_value *v = pv_find(p, nv->key);

	if (!v) {
		ALLOC_GROW(p->v, p->nr + 1, p->alloc);
		v = &p->v[p->nr++];
	}
	*v = *nv;
}

static void pv_del(struct profile *p, const char *key)
{
	for (size_t i = 0; i < p->nr; i++) {
		if (!strcmp(p->v[i].key, key)) {
			memmove(&p->v[i], &p->v[i + 1], (p->nr - i - 1) * sizeof(p->v[0]));
			p->nr--;
			return;
		}
	}
}

static struct profile_value make_value(const struct shared_file *f, const struct ini_value *iv)
{
	struct profile_value v;
	unsigned line, col;

	memset(&v, 0, sizeof(v));
	v.key = iv->key;
	v.value = iv->val;
	v.len = iv->len;
	v.raw = iv->raw ? iv->raw : "";
	v.raw_len = iv->raw_len;
	ini_pos(&f->doc, iv->key_off, &line, &col);
	v.key_at = ORIGIN_AT(f->display, line, col);
	ini_pos(&f->doc, iv->val_off ? iv->val_off : iv->key_off, &line, &col);
	v.value_at = ORIGIN_AT(f->display, line, col);
	v.file = f->kind;
	v.flags = iv->flags;
	v.sub = iv->sub;
	v.nsub = iv->nsub;
	return v;
}

static void fill_profile(struct profile *p, const struct shared_file *f,
			 const struct ini_section *sec, const struct ini_section *defaults)
{
	unsigned line, col;

	ini_pos(&f->doc, sec->off, &line, &col);
	p->at = ORIGIN_AT(f->display, line, col);
	p->in_files |= 1u << f->kind;
	free(p->section);
	p->section = xstrdup(sec->name);
	for (size_t i = 0; i < sec->nr; i++) {
		struct profile_value v = make_value(f, &sec->v[i]);
		pv_set(p, &v);
	}
	if (defaults) {
		for (size_t i = 0; i < defaults->nr; i++) {
			struct profile_value v;
			if (pv_find(p, defaults->v[i].key))
				continue;
			v = make_value(f, &defaults->v[i]);
			v.flags |= INI_FROM_DEFAULT;
			pv_set(p, &v);
		}
	}
}

/* botocore: build_profile_map for the config file, raw names for credentials. */
static void map_botocore(struct shared *s, struct shared_file *f)
{
	struct ini_doc *d = &f->doc;
	const struct ini_section *defs = d->defaults.name ? &d->defaults : NULL;
	enum shared_kind k = f->kind;

	for (size_t i = 0; i < d->nr; i++) {
		const struct ini_section *sec = &d->s[i];
		const char *n = sec->name;
		struct profile *p;

		if (k == SHARED_CREDENTIALS) {
			p = plist_add(s, LIST_CONFIG + (int)k, n, 1);
			fill_profile(p, f, sec, defs);
			continue;
		}
		if (!strncmp(n, "profile", 7) || !strncmp(n, "sso-session", 11) ||
		    !strncmp(n, "services", 8)) {
			char **tok = NULL;
			int nt = ini_shlex_split(n, &tok);
			if (nt == 2) {
				if (n[0] == 'p')
					p = plist_add(s, LIST_CONFIG + (int)k, tok[1], 1);
				else if (n[1] == 's')
					p = plist_add(s, LIST_SSO, tok[1], 1);
				else
					p = plist_add(s, LIST_SERVICES, tok[1], 1);
				fill_profile(p, f, sec, defs);
			}
			for (int j = 0; j < nt; j++)
				free(tok[j]);
			free(tok);
		} else if (!strcmp(n, "default")) {
			p = plist_add(s, LIST_CONFIG + (int)k, n, 1);
			fill_profile(p, f, sec, defs);
		}
	}
}

static int cmp_sec(const void *a, const void *b)
{
	return strcmp((*(const struct ini_section *const *)a)->name,
		      (*(const struct ini_section *const *)b)->name);
}

/* go-v2: processConfigSections / processCredentialsSections. */
static void map_gov2(struct shared *s, struct shared_file *f)
{
	struct ini_doc *d = &f->doc;
	enum shared_kind k = f->kind;
	const struct ini_section **sorted = xcalloc(d->nr ? d->nr : 1, sizeof(*sorted));

	for (size_t i = 0; i < d->nr; i++)
		sorted[i] = &d->s[i];
	qsort(sorted, d->nr, sizeof(*sorted), cmp_sec);
	for (size_t i = 0; i < d->nr; i++) {
		const struct ini_section *sec = sorted[i];
		const char *n = sec->name;
		struct profile *p = NULL;

		if (k == SHARED_CREDENTIALS) {
			if (!strncmp(n, "profile ", 8))
				continue;
			p = plist_add(s, LIST_CONFIG + (int)k, n, 1);
		} else if (!strncmp(n, "profile ", 8)) {
			p = plist_add(s, LIST_CONFIG + (int)k, n + 8, 1);
		} else if (!strncmp(n, "sso-session ", 12)) {
			p = plist_add(s, LIST_SSO, n + 12, 1);
		} else if (!strncmp(n, "services ", 9)) {
			p = plist_add(s, LIST_SERVICES, n + 9, 1);
		} else if (!strcasecmp(n, "default")) {
			/* kept unless [profile default] already took the name */
			if (plist_find_ix(list_index(s, LIST_CONFIG + (int)k), s->file_profiles[k],
					  s->nfile_profiles[k], n))
				continue;
			p = plist_add(s, LIST_CONFIG + (int)k, n, 1);
		} else {
			continue;
		}
		fill_profile(p, f, sec, NULL);
	}
	free(sorted);
}

/* go-v1: sections keep their names; "profile x" is found as x at use time. */
static void map_gov1(struct shared *s, struct shared_file *f)
{
	struct ini_doc *d = &f->doc;
	enum shared_kind k = f->kind;

	/* exact names first, so that they win over the "profile " fallback */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < d->nr; i++) {
			const struct ini_section *sec = &d->s[i];
			const char *n = sec->name;
			int pfx = !strncmp(n, "profile ", 8);
			struct profile *p;

			if (pass == 0 && pfx)
				continue;
			if (pass == 1 && (!pfx || plist_find_ix(list_index(s, LIST_CONFIG + (int)k),
								s->file_profiles[k],
								s->nfile_profiles[k], n + 8)))
				continue;
			p = plist_add(s, LIST_CONFIG + (int)k, pass ? n + 8 : n, 1);
			fill_profile(p, f, sec, NULL);
		}
	}
	(void)s;
}

/*
 * The keys aws-sdk-go-v2's mergeSections (config/shared_config.go,
 * stringKeys) carries from a later file into a profile an earlier file
 * already has; every other key of the later file is dropped. Static keys
 * travel as a pair, and aws_session_token only with them (merge_gov2).
 * The one list for both models (shared.c and the chain, chain_common.c).
 */
static const char *const gov2_merge_keys[] = {
	"role_arn",
	"source_profile",
	"credential_source",
	"external_id",
	"mfa_serial",
	"role_session_name",
	"region",
	"endpoint_discovery_enabled",
	"credential_process",
	"web_identity_token_file",
	"s3_use_arn_region",
	"s3_disable_multiregion_access_points",
	"ec2_metadata_service_endpoint_mode",
	"ec2_metadata_service_endpoint",
	"ec2_metadata_v1_disabled",
	"use_dualstack_endpoint",
	"use_fips_endpoint",
	"defaults_mode",
	"retry_mode",
	"ca_bundle",
	"duration_seconds",
	"max_attempts",
	"sso_session",
	"sso_account_id",
	"sso_region",
	"sso_role_name",
	"sso_start_url",
	"auth_scheme_preference",
};

int shared_gov2_merges(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(gov2_merge_keys); i++)
		if (!strcmp(key, gov2_merge_keys[i]))
			return 1;
	return 0;
}

static int partial(const struct profile *p)
{
	return !!pv_find(p, "aws_access_key_id") != !!pv_find(p, "aws_secret_access_key");
}

static void set_partial_error(struct profile *p, const char *section, int count)
{
	free(p->error);
	p->error = count ? xstrfmt("error fetching config from profile, %s, Error using profile: "
				   "\n %d, partial credentials found for profile %s\n",
				   p->name, count, section)
			 : NULL;
}

/* go-v2 mergeSections(config, credentials) for one profile. */
static void merge_gov2(struct profile *dst, const struct profile *src)
{
	const struct profile_value *k = pv_find(src, "aws_access_key_id");
	const struct profile_value *sk = pv_find(src, "aws_secret_access_key");

	if (k && sk) {
		const struct profile_value *t = pv_find(src, "aws_session_token");
		pv_set(dst, k);
		pv_set(dst, sk);
		if (t)
			pv_set(dst, t);
	}
	for (size_t i = 0; i < ARRAY_SIZE(gov2_merge_keys); i++) {
		const struct profile_value *v = pv_find(src, gov2_merge_keys[i]);
		if (v)
			pv_set(dst, v);
	}
	dst->in_files |= src->in_files;
}

static void copy_profile(struct profile *dst, const struct profile *src)
{
	dst->at = src->at;
	dst->in_files |= src->in_files;
	free(dst->section);
	dst->section = xstrdup(src->section ? src->section : src->name);
	for (size_t i = 0; i < src->nr; i++)
		pv_set(dst, &src->v[i]);
}

/* go-v1 setFromIniFile: per key, later files win; static keys only as a set. */
static void merge_gov1(struct profile *dst, const struct profile *src)
{
	const struct profile_value *k = pv_find(src, "aws_access_key_id");
	const struct profile_value *sk = pv_find(src, "aws_secret_access_key");

	for (size_t j = 0; j < src->nr; j++) {
		const char *key = src->v[j].key;
		if (!strcmp(key, "aws_access_key_id") || !strcmp(key, "aws_secret_access_key") ||
		    !strcmp(key, "aws_session_token"))
			continue;
		pv_set(dst, &src->v[j]);
	}
	if (k && sk && k->len && sk->len) {
		const struct profile_value *t = pv_find(src, "aws_session_token");
		pv_set(dst, k);
		pv_set(dst, sk);
		if (t)
			pv_set(dst, t);
		else
			pv_del(dst, "aws_session_token");
	}
	dst->in_files |= src->in_files;
}

static void build_merged(struct shared *s)
{
	struct profile *cfg = s->file_profiles[SHARED_CONFIG];
	struct profile *cred = s->file_profiles[SHARED_CREDENTIALS];
	size_t ncfg = s->nfile_profiles[SHARED_CONFIG],
	       ncred = s->nfile_profiles[SHARED_CREDENTIALS];

	for (size_t i = 0; i < ncfg; i++) {
		struct profile *p = plist_add(s, LIST_MERGED, cfg[i].name, 0);
		if (s->dialect == DIALECT_GO_V1) {
			p->at = cfg[i].at;
			p->section = xstrdup(cfg[i].section ? cfg[i].section : cfg[i].name);
			merge_gov1(p, &cfg[i]);
			continue;
		}
		copy_profile(p, &cfg[i]);
		if (s->dialect == DIALECT_GO_V2 && partial(&cfg[i]))
			set_partial_error(p, cfg[i].section, 1);
	}
	for (size_t i = 0; i < ncred; i++) {
		struct profile *p = plist_find_ix(list_index(s, LIST_MERGED), s->profiles,
						  s->nprofiles, cred[i].name);
		int part = partial(&cred[i]);

		if (!p) {
			p = plist_add(s, LIST_MERGED, cred[i].name, 0);
			if (s->dialect == DIALECT_GO_V1) {
				p->at = cred[i].at;
				p->section =
					xstrdup(cred[i].section ? cred[i].section : cred[i].name);
				merge_gov1(p, &cred[i]);
				continue;
			}
			copy_profile(p, &cred[i]);
			if (s->dialect == DIALECT_GO_V2 && part)
				set_partial_error(p, cred[i].section, 2);
			continue;
		}
		switch (s->dialect) {
		case DIALECT_BOTOCORE:
			/* full_config: dict.update, the credentials file wins per key */
			for (size_t j = 0; j < cred[i].nr; j++)
				pv_set(p, &cred[i].v[j]);
			p->in_files |= cred[i].in_files;
			break;
		case DIALECT_GO_V2:
			merge_gov2(p, &cred[i]);
			set_partial_error(p, cred[i].section, part ? 2 : 0);
			break;
		case DIALECT_GO_V1:
			merge_gov1(p, &cred[i]);
			break;
		}
	}
}

/* ---- selection ----------------------------------------------------------- */

static void select_profile(struct shared *s, const struct env *e, const char *explicit_profile)
{
	if (explicit_profile) {
		s->selected = explicit_profile;
		s->selected_from = PROFILE_FROM_EXPLICIT;
		s->selected_var = "--profile";
	} else {
		const char *var;
		s->selected = dialect_env_profile(e, s->dialect, &var);
		if (var) {
			s->selected_from = !strcmp(var, "AWS_PROFILE")
						   ? PROFILE_FROM_AWS_PROFILE
						   : PROFILE_FROM_AWS_DEFAULT_PROFILE;
			s->selected_var = var;
		}
	}
	s->owned_selected = xstrdup(s->selected);
	s->selected = s->owned_selected;
	s->selected_exists = shared_profile(s, s->selected) != NULL;
	switch (s->dialect) {
	case DIALECT_BOTOCORE:
		s->missing_is_fatal = s->selected_from != PROFILE_FROM_DEFAULT;
		break;
	case DIALECT_GO_V2:
		/* config < v1.18.45 ignored a missing profile (PR #2309) */
		s->missing_is_fatal = !(s->flags & SHARED_GO_V2_LEGACY) &&
				      (s->selected_from == PROFILE_FROM_EXPLICIT ||
				       s->selected_from == PROFILE_FROM_AWS_PROFILE);
		break;
	case DIALECT_GO_V1:
		s->missing_is_fatal = 0; /* session ignores SharedConfigProfileNotExistsError */
		break;
	}
}

/* ---- load ---------------------------------------------------------------- */

static void set_error(struct shared *s, struct origin at, const char *detail, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void set_error(struct shared *s, struct origin at, const char *detail, const char *fmt, ...)
{
	va_list ap;
	struct strbuf sb = STRBUF_INIT;

	if (s->error)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	s->error = strbuf_detach(&sb, NULL);
	s->error_detail = detail ? xstrdup(detail) : NULL;
	s->error_at = at;
}

static void check_refusals(struct shared *s)
{
	for (size_t i = 0; i < s->nfiles; i++) {
		struct shared_file *f = &s->files[i];
		unsigned line, col;

		if (s->dialect == DIALECT_GO_V2 && !(s->flags & SHARED_GO_V2_LEGACY) &&
		    f->state == SHARED_FILE_DIRECTORY) {
			set_error(s, ORIGIN_AT(f->display, 0, 0), NULL,
				  "failed to load shared config file, %s, read all: read %s: is a "
				  "directory",
				  f->path, f->path);
			continue;
		}
		if (!f->doc.refused)
			continue;
		ini_pos(&f->doc, f->doc.refusal_off, &line, &col);
		if (s->dialect == DIALECT_BOTOCORE)
			set_error(s, ORIGIN_AT(f->display, line, col), f->doc.refusal,
				  "Unable to parse config file: %s", f->path);
		else
			set_error(s, ORIGIN_AT(f->display, line, col), f->doc.refusal, "%s",
				  f->doc.refusal);
	}
}

int shared_load(struct shared *s, const struct env *e, enum dialect d, const char *profile,
		const char *const *config_files, const char *const *credentials_files)
{
	return shared_load_flags(s, e, d, 0, profile, config_files, credentials_files);
}

int shared_load_flags(struct shared *s, const struct env *e, enum dialect d, unsigned flags,
		      const char *profile, const char *const *config_files,
		      const char *const *credentials_files)
{
	memset(s, 0, sizeof(*s));
	s->dialect = d;
	s->flags = d == DIALECT_GO_V2 ? flags : 0;
	if (config_files)
		for (size_t i = 0; config_files[i]; i++)
			shared_add_file(s, e, SHARED_CONFIG, config_files[i]);
	else
		shared_add_file(s, e, SHARED_CONFIG, NULL);
	if (credentials_files)
		for (size_t i = 0; credentials_files[i]; i++)
			shared_add_file(s, e, SHARED_CREDENTIALS, credentials_files[i]);
	else
		shared_add_file(s, e, SHARED_CREDENTIALS, NULL);

	for (size_t i = 0; i < s->nfiles; i++) {
		switch (d) {
		case DIALECT_BOTOCORE:
			map_botocore(s, &s->files[i]);
			break;
		case DIALECT_GO_V2:
			map_gov2(s, &s->files[i]);
			break;
		case DIALECT_GO_V1:
			map_gov1(s, &s->files[i]);
			break;
		}
	}
	build_merged(s);
	select_profile(s, e, profile);
	check_refusals(s);
	if (!s->error && !s->selected_exists && s->missing_is_fatal) {
		if (d == DIALECT_BOTOCORE)
			set_error(s, ORIGIN_ENV_VAR(s->selected_var), NULL,
				  "The config profile (%s) could not be found", s->selected);
		else
			set_error(s, ORIGIN_ENV_VAR(s->selected_var), NULL,
				  "failed to get shared config profile, %s", s->selected);
	}
	return s->error ? -1 : 0;
}

static void plist_release(struct profile *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		profile_clear(&v[i]);
	free(v);
}

void shared_release(struct shared *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nfiles; i++) {
		struct shared_file *f = &s->files[i];
		ini_doc_release(&f->doc);
		free(f->path);
		free(f->display);
		free(f->bytes);
	}
	plist_release(s->profiles, s->nprofiles);
	plist_release(s->file_profiles[0], s->nfile_profiles[0]);
	plist_release(s->file_profiles[1], s->nfile_profiles[1]);
	plist_release(s->sso_sessions, s->nsso);
	plist_release(s->services, s->nservices);
	free(s->error);
	free(s->error_detail);
	free(s->owned_selected);
	if (s->index)
		for (int i = 0; i < LIST_NR; i++)
			free(s->index->ix[i].slot);
	free(s->index);
	diags_release(&s->diags);
	memset(s, 0, sizeof(*s));
}

/* ---- accessors ----------------------------------------------------------- */

const struct profile *shared_profile(const struct shared *s, const char *name)
{
	return name ? plist_find_ix(list_index(s, LIST_MERGED), s->profiles, s->nprofiles, name)
		    : NULL;
}

const struct profile *shared_file_profile(const struct shared *s, enum shared_kind k,
					  const char *name)
{
	return name ? plist_find_ix(list_index(s, LIST_CONFIG + (int)k), s->file_profiles[k],
				    s->nfile_profiles[k], name)
		    : NULL;
}

const struct profile *shared_sso_session(const struct shared *s, const char *name)
{
	return name ? plist_find_ix(list_index(s, LIST_SSO), s->sso_sessions, s->nsso, name) : NULL;
}

const struct profile *shared_services(const struct shared *s, const char *name)
{
	return name ? plist_find_ix(list_index(s, LIST_SERVICES), s->services, s->nservices, name)
		    : NULL;
}

const struct profile_value *profile_get(const struct profile *p, const char *key)
{
	return p ? pv_find(p, key) : NULL;
}

const struct shared_file *shared_file_of(const struct shared *s, enum shared_kind k)
{
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].kind == k)
			return &s->files[i];
	return NULL;
}

const char *profile_from_name(enum profile_from f)
{
	switch (f) {
	case PROFILE_FROM_DEFAULT:
		return "default";
	case PROFILE_FROM_EXPLICIT:
		return "explicit";
	case PROFILE_FROM_AWS_PROFILE:
		return "AWS_PROFILE";
	case PROFILE_FROM_AWS_DEFAULT_PROFILE:
		return "AWS_DEFAULT_PROFILE";
	}
	return "default";
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), *row, best;

	if (la > 64 || lb > 64)
		return (size_t)-1;
	row = xmalloc((lb + 1) * sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = (a[i - 1] == b[j - 1])
					      ? 0
					      : ((a[i - 1] | 32) == (b[j - 1] | 32) ? 0 : 1);
			size_t m = prev + cost;
			if (row[j] + 1 < m)
				m = row[j] + 1;
			if (row[j - 1] + 1 < m)
				m = row[j - 1] + 1;
			row[j] = m;
			prev = cur;
		}
	}
	best = row[lb];
	free(row);
	return best;
}

const char *shared_suggest(const struct shared *s, const char *name)
{
	const char *best = NULL;
	size_t bd = (size_t)-1, limit = strlen(name) / 3 + 1;

	for (size_t i = 0; i < s->nprofiles; i++) {
		size_t d = edit_distance(name, s->profiles[i].name);
		if (!strcasecmp(name, s->profiles[i].name))
			d = 0;
		if (d < bd) {
			bd = d;
			best = s->profiles[i].name;
		}
	}
	return bd <= limit ? best : NULL;
}
