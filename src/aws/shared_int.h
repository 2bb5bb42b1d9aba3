/*
 * shared_int.h - private to src/aws/shared*.c.
 */
#ifndef TFAUTH_SHARED_INT_H
#define TFAUTH_SHARED_INT_H

#include "aws/shared.h"

/* Locate, read and parse one file of kind k (arg: a Terraform path, or NULL). */
void shared_add_file(struct shared *s, const struct env *e, enum shared_kind k, const char *arg);

#endif
