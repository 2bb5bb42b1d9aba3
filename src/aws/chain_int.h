/*
 * chain_int.h - what the chain's files share (chain_common.c,
 * chain.c for go-v2/go-v1, chain_botocore.c): the resolution context, a
 * profile as one dialect assembles it, and the helpers that record the
 * winner, the losers and the notes. Internal to src/aws/chain*.c.
 */
#ifndef TFAUTH_CHAIN_INT_H
#define TFAUTH_CHAIN_INT_H

#include "aws/chain.h"

struct rctx {
	const struct facts *f;
	const struct env *e;
	const struct chain_view *v;
	struct chain_result *r;
	enum chain_target t;
	enum dialect d;
	const struct tf_auth_block *b; /* the provider/backend block, NULL when absent */
};

/* A profile as one dialect assembles it from the files. */
struct prof {
	struct chain_section m; /* merged (go) or full_config (botocore) */
	const struct chain_section *cred_only, *config_only; /* botocore's single-file views */
	int exists;
	int partial; /* go: the last file that has it holds half a key pair */
	const char *partial_file;
};

struct envkeys {
	const char *key, *key_var, *secret, *secret_var, *token, *token_var;
};

/* Strings owned by the result (freed and wiped by chain_result_release). */
const char *chain_own(struct chain_result *r, const char *s);
/* The role the winning source assumes, and where it is set (at may be NULL). */
void chain_set_role(struct rctx *c, const char *arn, const struct origin *at);
const char *chain_ownf(struct chain_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct origin chain_own_origin(struct chain_result *r, const struct origin *o);

/* A source that exists but loses; a note for the checks; a failure (sets creds.error, returns -1). */
void chain_loser_add(struct rctx *c, const struct origin *from, const char *source,
		     const char *why);
struct chain_note *chain_note_add(struct rctx *c, const char *kind, const char *profile,
				  const struct origin *from, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
int chain_fail(struct rctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

const char *chain_kv_val(const struct chain_section *s, const char *key);
const char *chain_kv_nonempty(const struct chain_section *s, const char *key);
const struct origin *chain_kv_from(const struct chain_section *s, const char *key);
const struct chain_section *chain_file_prof(const struct chain_file *f, const char *name);
const struct chain_section *chain_view_sso(const struct chain_view *v, const char *name);

/* The profile as the context's dialect assembles it (go: merged; botocore: three views). */
void chain_prof_load(const struct rctx *c, const char *name, struct prof *p);
void chain_prof_release(struct prof *p);
/* Does the origin sit in one of the view's config files? */
int chain_from_config(const struct rctx *c, const struct origin *o);

void chain_set_keys(struct rctx *c, const char *source, const char *method, const char *profile,
		    const char *key, const char *secret, const char *token,
		    const struct origin *from);
void chain_set_source(struct rctx *c, const char *source, const char *method, const char *profile,
		      const struct origin *from);
void chain_env_keys(const struct rctx *c, struct envkeys *k);
int chain_role_arn_ok(const char *arn);
void chain_token_file_check(struct rctx *c, const char *path, const char *where,
			    const char *profile, const struct origin *from);
int chain_container(struct rctx *c, const char *profile);
int chain_metadata_disabled(const struct rctx *c, const char **where);
int chain_use_imds(struct rctx *c, const char *profile);

/*
 * The environment keys won: record what they shadow, the profile (when it
 * holds one of keys, a credential source in this dialect; with nonempty,
 * an empty value does not count) and a web identity token file.
 */
void chain_env_shadows(struct rctx *c, const struct prof *p, const char *name,
		       const char *const *keys, int nonempty);

int chain_resolve_botocore(struct rctx *c);

#endif
