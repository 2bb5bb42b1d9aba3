/*
 * shared_profiles.c - checks on the profiles in use in the AWS shared
 * files: the selected or named profile exists (with a did-you-mean), and
 * the key material of each profile a tool uses (checks/keys.c): stale or
 * misplaced session tokens, key formats, the account. Findings point at
 * file:line:col.
 */
#include <stdlib.h>
#include <string.h>

#include "aws/keyfmt.h"
#include "checks/checks.h"
#include "checks/shared_files.h"
#include "core/redact.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

static const char *files_list(const struct shared *s, struct strbuf *sb)
{
	strbuf_reset(sb);
	for (size_t i = 0; i < s->nfiles; i++)
		strbuf_addf(sb, "%s%s", i ? " or " : "", s->files[i].display);
	return sb->buf;
}

/* A profile named in a provider or backend block: provider-profile-not-found. */
static int block_profile_missing(const struct shared *s, const struct origin *at, const char *block,
				 struct findings *fs)
{
	struct strbuf sb = STRBUF_INIT;
	struct finding *f;
	const char *near;

	if (!s || !at || s->selected_exists || s->selected_from != PROFILE_FROM_EXPLICIT ||
	    s->error_at.kind == ORIGIN_FILE)
		return 0;
	f = findings_add(fs, F_TF_PROVIDER_PROFILE_NOT_FOUND, at);
	finding_set(f, "block", "%s", block);
	finding_set(f, "profile", "%s", s->selected);
	finding_set(f, "files", "%s", files_list(s, &sb));
	near = shared_suggest(s, s->selected);
	finding_set(f, "suggest", "%s%s%s", near ? "; did you mean '" : "", near ? near : "",
		    near ? "'?" : "");
	strbuf_release(&sb);
	return 1;
}


static void check_not_found(const struct files_view *v, struct findings *fs)
{
	const struct shared *views[2] = {v->cli, v->tf};
	const char *who[2] = {"the AWS CLI", "Terraform"};
	int done[2] = {0, 0};
	struct strbuf sb = STRBUF_INIT, sug = STRBUF_INIT;

	if (block_profile_missing(v->tf, v->provider_profile_at, "provider \"aws\"", fs))
		done[1] = 1;
	block_profile_missing(v->backend ? v->backend : v->tf, v->backend_profile_at,
			      "backend \"s3\"", fs);
	for (int i = 0; i < 2; i++) {
		const struct shared *s = views[i];
		const struct shared *o = views[!i];
		const char *near;
		struct finding *f;
		struct origin where;

		if (!s || done[i] || s->selected_exists || s->error_at.kind == ORIGIN_FILE)
			continue;
		if (s->selected_from == PROFILE_FROM_DEFAULT)
			continue;
		where = s->selected_from == PROFILE_FROM_EXPLICIT
				? (struct origin){ORIGIN_ARG, "--profile", 0, 0}
				: ORIGIN_ENV_VAR(s->selected_var);
		f = findings_add(fs, F_PROFILE_NOT_FOUND, &where);
		if (o && !o->selected_exists && !strcmp(o->selected, s->selected) &&
		    o->selected_from != PROFILE_FROM_DEFAULT &&
		    o->missing_is_fatal == s->missing_is_fatal && o->error_at.kind != ORIGIN_FILE) {
			finding_set(f, "who", "the AWS CLI and Terraform");
			done[!i] = 1;
		} else {
			finding_set(f, "who", "%s%s", who[i],
				    i == 1 && !s->missing_is_fatal
					    ? " (ignores the missing profile and falls "
					      "through to containers and instance metadata)"
					    : "");
		}
		finding_set(f, "name", "%s", s->selected);
		finding_set(f, "from", "%s", s->selected_var);
		finding_set(f, "files", "%s", files_list(s, &sb));
		strbuf_reset(&sug);
		near = shared_suggest(s, s->selected);
		if (near)
			strbuf_addf(&sug, "; did you mean '%s'?", near);
		else if (s->nprofiles) {
			strbuf_addstr(&sug, "; profiles there: ");
			for (size_t j = 0; j < s->nprofiles && j < 6; j++)
				strbuf_addf(&sug, "%s%s", j ? ", " : "", s->profiles[j].name);
			if (s->nprofiles > 6)
				strbuf_addstr(&sug, ", ...");
		} else {
			strbuf_addstr(&sug, "; there are no profiles at all");
		}
		finding_set(f, "suggest", "%s", sug.buf);
		if (s->selected_from == PROFILE_FROM_EXPLICIT) {
			finding_set(f, "near", "%s",
				    near ? near : "<a name aws configure list-profiles shows>");
			finding_case(f, "explicit");
		} else {
			finding_set(f, "near", "%s", near ? near : "<an existing profile>");
		}
	}
	strbuf_release(&sb);
	strbuf_release(&sug);
}

/* Does the other view's profile name use the same bytes from the same place for key? */
static int same_value(const struct shared *o, const char *name, const struct profile_value *pv)
{
	const struct profile *op = o ? shared_profile(o, name) : NULL;
	const struct profile_value *ov = profile_get(op, pv->key);

	return ov && ov->len == pv->len && !memcmp(ov->value, pv->value, pv->len) &&
	       ov->value_at.line == pv->value_at.line && ov->value_at.col == pv->value_at.col &&
	       !strcmp(ov->value_at.name, pv->value_at.name);
}

static int seen_at(const struct origin *seen, size_t nseen, const struct origin *o)
{
	for (size_t i = 0; i < nseen; i++)
		if (seen[i].line == o->line && seen[i].col == o->col &&
		    !strcmp(seen[i].name, o->name))
			return 1;
	return 0;
}

/* A key and its token: a long-term key with a token, a temporary key without one. */
static void check_key_token(const struct shared *s, const struct shared *other, const char *who,
			    const struct profile *p, const struct profile_value *k,
			    const struct profile_value *tok, const struct profile_value *sec,
			    struct findings *fs, struct origin *seen, size_t *nseen)
{
	enum keyid_kind kind;
	struct finding *f;
	char *masked;

	if (!k || k->len != 20 || *nseen >= 32)
		return;
	kind = keyid_kind(k->value, k->len);
	masked = redact_key_id_dup(k->value);
	if (keyid_is_example(k->value, k->len) && !seen_at(seen, *nseen, &k->key_at)) {
		seen[(*nseen)++] = k->key_at;
		f = findings_add(fs, F_EXAMPLE_CREDENTIALS, &k->key_at);
		finding_set(f, "key", "%s", masked);
		finding_set(f, "where", "profile %s (%s:%u)", p->name, k->key_at.name,
			    k->key_at.line);
		finding_set(f, "profile", "%s", p->name);
		finding_case(f, "profile");
	} else if (kind == KEYID_LONG_TERM && tok && tok->len &&
		   !strcmp(tok->key_at.name, k->key_at.name) &&
		   !seen_at(seen, *nseen, &tok->key_at)) {
		seen[(*nseen)++] = tok->key_at;
		f = findings_add(fs, F_PROFILE_STALE_SESSION_TOKEN, &tok->key_at);
		finding_set(f, "profile", "%s", p->name);
		finding_set(f, "key", "%s", masked);
		finding_set(f, "key_at", "%s:%u", k->key_at.name, k->key_at.line);
		finding_set(f, "token_at", "%s:%u", tok->key_at.name, tok->key_at.line);
		finding_set(f, "who", "%s", same_value(other, p->name, tok) ? "each tool" : who);
	} else if (kind == KEYID_TEMPORARY && !(tok && tok->len) &&
		   !seen_at(seen, *nseen, &k->key_at)) {
		const char *file = k->key_at.name;
		seen[(*nseen)++] = k->key_at;
		f = findings_add(fs, F_PROFILE_TEMP_KEY_WITHOUT_TOKEN, &k->key_at);
		finding_set(f, "profile", "%s", p->name);
		finding_set(f, "key", "%s", masked);
		finding_set(f, "key_at", "%s:%u", k->key_at.name, k->key_at.line);
		/* the header as written in the key's file: [dev] in credentials */
		finding_set(f, "section", "%s",
			    k->file == SHARED_CREDENTIALS || !p->section ? p->name : p->section);
		finding_set(f, "file", "%s", file);
		finding_set(f, "detail", "%s",
			    sec && sec->len
				    ? " (its token is under aws_security_token, which only the AWS "
				      "CLI reads)"
				    : "");
	}
	free(masked);
	(void)s;
}

static void check_profile_named(const struct shared *s, const struct shared *other, const char *who,
				const char *name, struct findings *fs, struct origin *seen,
				size_t *nseen);

/*
 * The selected profile and the source_profile chain behind it: a stale
 * token on the source profile breaks the AssumeRole call just the same.
 */
static void check_profile(const struct shared *s, const struct shared *other, const char *who,
			  struct findings *fs, struct origin *seen, size_t *nseen)
{
	char *names[4] = {NULL, NULL, NULL, NULL};
	const char *name = s->selected;

	for (int hop = 0; hop < 4 && name; hop++) {
		const struct profile *p = shared_profile(s, name);
		const struct profile_value *src = profile_get(p, "source_profile");
		int loop = 0;

		if (!p)
			break;
		check_profile_named(s, other, who, name, fs, seen, nseen);
		if (!src || !src->len || memchr(src->value, '\0', src->len))
			break;
		names[hop] = xmemdupz(src->value, src->len);
		for (int i = 0; i < hop; i++)
			loop |= !strcmp(names[i], names[hop]);
		if (loop || !strcmp(names[hop], p->name))
			break;
		name = names[hop];
	}
	for (int i = 0; i < 4; i++)
		free(names[i]);
}

static void check_profile_named(const struct shared *s, const struct shared *other, const char *who,
				const char *name, struct findings *fs, struct origin *seen,
				size_t *nseen)
{
	const struct profile *p = shared_profile(s, name);
	const struct profile_value *k, *sk, *tok, *sec;
	struct strbuf label = STRBUF_INIT, assign = STRBUF_INIT;

	if (!p)
		return;
	k = profile_get(p, "aws_access_key_id");
	sk = profile_get(p, "aws_secret_access_key");
	tok = profile_get(p, "aws_session_token");
	sec = profile_get(p, "aws_security_token");

	for (int kind = 0; kind < 2; kind++) {
		const struct profile *fp =
			shared_file_profile(s, (enum shared_kind)kind, s->selected);
		const struct profile_value *fk = profile_get(fp, "aws_access_key_id");
		const struct profile_value *fs_ = profile_get(fp, "aws_secret_access_key");
		const struct profile_value *pv = fk ? fk : fs_;
		struct finding *f;
		int dup = 0;

		if (!fp || !!fk == !!fs_)
			continue;
		for (size_t i = 0; i < *nseen; i++)
			if (seen[i].line == pv->key_at.line &&
			    !strcmp(seen[i].name, pv->key_at.name))
				dup = 1;
		if (dup)
			continue;
		seen[(*nseen)++] = pv->key_at;
		f = findings_add(fs, F_PARTIAL_PROFILE_CREDENTIALS, &pv->key_at);
		finding_set(f, "section", "%s", fp->section ? fp->section : fp->name);
		finding_set(f, "present", "%s", fk ? "aws_access_key_id" : "aws_secret_access_key");
		finding_set(f, "missing", "%s", fk ? "aws_secret_access_key" : "aws_access_key_id");
	}
	if (sec && !tok && s->dialect == DIALECT_BOTOCORE) {
		struct finding *f = findings_add(fs, F_SECURITY_TOKEN_KEY_IGNORED, &sec->key_at);
		finding_set(f, "profile", "%s", p->name);
		finding_set(f, "section", "%s", p->section ? p->section : p->name);
		finding_set(f, "detail", "%s",
			    " but no aws_session_token: the AWS CLI sends the token, Terraform "
			    "sends none");
		finding_set(f, "extra", "%s", "");
	} else if (sec && tok && s->dialect == DIALECT_BOTOCORE &&
		   (sec->len != tok->len || memcmp(sec->value, tok->value, sec->len))) {
		struct finding *f = findings_add(fs, F_SECURITY_TOKEN_KEY_IGNORED, &sec->key_at);
		finding_set(f, "profile", "%s", p->name);
		finding_set(f, "section", "%s", p->section ? p->section : p->name);
		finding_set(f, "detail", "%s",
			    " and a different aws_session_token: the AWS CLI sends "
			    "aws_security_token, Terraform sends aws_session_token");
		finding_set(f, "extra", "%s", ", deleting the older of the two tokens");
	}

	/* key material: each value once, wherever it sits */
	{
		const struct profile_value *vals[3] = {k, sk, tok};
		for (int i = 0; i < 3; i++) {
			const struct profile_value *pv = vals[i];
			struct cred_site site;
			int dup = 0;

			if (!pv || !pv->len)
				continue;
			for (size_t j = 0; j < *nseen; j++)
				if (seen[j].line == pv->value_at.line &&
				    seen[j].col == pv->value_at.col &&
				    !strcmp(seen[j].name, pv->value_at.name))
					dup = 1;
			if (dup || *nseen >= 32)
				continue;
			seen[(*nseen)++] = pv->value_at;
			strbuf_reset(&label);
			strbuf_reset(&assign);
			strbuf_addf(&label, "%s in profile '%s' (%s)", pv->key, p->name,
				    same_value(other, p->name, pv) ? "the AWS CLI and Terraform"
								   : who);
			strbuf_addf(&assign, "%s = ", pv->key);
			site = (struct cred_site){pv->value_at, label.buf, assign.buf};
			if (i == 0) {
				check_access_key_id(fs, &site, pv->value, pv->len,
						    sk ? sk->value : NULL, sk ? sk->len : 0);
				check_account_id(fs, &site, pv->value, pv->len);
			} else if (i == 1) {
				check_secret_key(fs, &site, pv->value, pv->len, k ? k->value : NULL,
						 k ? k->len : 0);
			} else {
				check_session_token(fs, &site, pv->value, pv->len);
			}
		}
	}
	check_key_token(s, other, who, p, k, tok, sec, fs, seen, nseen);
	strbuf_release(&label);
	strbuf_release(&assign);
}

int check_block_profile(const struct shared *s, const struct origin *at, const char *block,
			struct findings *fs)
{
	struct origin seen[40];
	size_t nseen = 0;

	if (block_profile_missing(s, at, block, fs))
		return 1;
	check_profile(s, NULL, block, fs, seen, &nseen);
	return 0;
}

void check_shared_profiles(const struct files_view *v, struct findings *fs)
{
	struct origin seen[40];
	size_t nseen = 0;

	check_not_found(v, fs);
	if (v->tf)
		check_profile(v->tf, v->cli, "Terraform", fs, seen, &nseen);
	if (v->cli)
		check_profile(v->cli, v->tf, "the AWS CLI", fs, seen, &nseen);
	if (v->backend && v->backend_profile_at)
		check_profile(v->backend, NULL, "the S3 backend", fs, seen, &nseen);
}
