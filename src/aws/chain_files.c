/*
 * chain_files.c - the adapter from the shared-file model (aws/shared.h,
 * the files parser) to the chain's per-dialect view (aws/chain.h): each
 * file kind's profiles as that dialect reads them, with file:line:col of
 * every value. Kept apart so the chain does not depend on the parser's
 * internals.
 */
#include <string.h>

#include "aws/chain.h"
#include "aws/shared.h"
#include "core/xalloc.h"
#include "core/banned.h"

static void add_profiles(struct chain_file *cf, const struct profile *v, size_t n, int sso)
{
	for (size_t i = 0; i < n; i++) {
		struct chain_section *sec = chain_file_section(cf, sso, v[i].name);
		for (size_t k = 0; k < v[i].nr; k++) {
			const struct profile_value *pv = &v[i].v[k];
			chain_section_set(sec, pv->key, pv->value ? pv->value : "", &pv->value_at);
		}
	}
}

void chain_view_load(struct chain_view *v, enum dialect d, const struct chain_paths *p)
{
	struct shared s;
	const char *cfg[TF_MAX_LIST + 1] = {0}, *crd[TF_MAX_LIST + 1] = {0};
	memset(v, 0, sizeof(*v));
	v->dialect = d;
	for (size_t i = 0; i < p->nconfig; i++)
		cfg[i] = p->config[i];
	for (size_t i = 0; i < p->ncreds; i++)
		crd[i] = p->creds[i];
	shared_load(&s, p->env, d, NULL, p->explicit_config ? cfg : NULL,
		    p->explicit_creds ? crd : NULL);
	for (int k = SHARED_CONFIG; k <= SHARED_CREDENTIALS; k++) {
		const struct shared_file *sf = shared_file_of(&s, (enum shared_kind)k);
		struct chain_file *cf =
			chain_view_add_file(v, k == SHARED_CREDENTIALS, sf ? sf->display : "");
		if (!sf)
			continue;
		cf->exists = sf->state == SHARED_FILE_OK;
		add_profiles(cf, s.file_profiles[k], s.nfile_profiles[k], 0);
		if (k == SHARED_CONFIG)
			add_profiles(cf, s.sso_sessions, s.nsso, 1);
		for (size_t i = 0; i < s.nfiles; i++) {
			const struct shared_file *f = &s.files[i];
			if (s.error && s.error_at.kind == ORIGIN_FILE && s.error_at.name &&
			    !strcmp(s.error_at.name, f->display) &&
			    f->kind == (enum shared_kind)k) {
				cf->rejected = 1;
				cf->reject_why = s.error_detail ? xstrdup(s.error_detail) : NULL;
			}
		}
	}
	if (s.error && s.error_at.kind == ORIGIN_FILE)
		v->load_error = xstrdup(s.error);
	shared_release(&s);
}
