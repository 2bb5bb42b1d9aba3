/*
 * model_int.h - what the Terraform model's files (model.c, extras.c)
 * share: the pool, values from HCL expressions, the block argument table,
 * paths and parsing one file. Not for use outside src/tf/.
 */
#ifndef TFAUTH_TF_MODEL_INT_H
#define TFAUTH_TF_MODEL_INT_H

#include <stddef.h>

#include "core/diag.h"
#include "core/strbuf.h"
#include "tf/tf.h"

/* The scalar arguments of a provider or backend block, by name. */
struct tf_block_scalar {
	const char *name;
	size_t off; /* offsetof(struct tf_auth_block, ...) of its struct tf_value */
};
extern const struct tf_block_scalar tf_block_scalars[];
extern const size_t tf_block_nscalars;

const char *tf_pool_str(struct tf_pool *p, const char *s);
/* A literal's text into out->v, anything else as source text into out->expr. */
void tf_value_from(struct tf_pool *pool, struct tf_value *out, const struct hcl_expr *e,
		   const char *path);
int tf_has_suffix(const char *s, const char *suf);
void tf_path_join(struct strbuf *sb, const char *dir, const char *name);
/* Read and parse path (HCL or, for .json, HCL JSON) into f; -1 when it cannot be read. */
int tf_parse_file(struct hcl_file *f, struct strbuf *sb, const char *path, struct diags *d);

#endif
