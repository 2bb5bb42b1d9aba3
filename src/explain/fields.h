/*
 * fields.h - pull the facts out of one diagnostic's text (explain's
 * internals): the AWS error code, HTTP status, operation, request id,
 * endpoint, region and access key id, in every grammar the SDKs, the AWS
 * CLI and TF_LOG use (terraform-aws-auth.md §2.4 "SDK error grammar").
 */
#ifndef TFAUTH_EXPLAIN_FIELDS_H
#define TFAUTH_EXPLAIN_FIELDS_H

#include <stddef.h>

#include "explain/explain.h"

/* text is NUL-terminated. Fills only fields that are still NULL / 0. */
void fields_extract(struct explain_failure *f, const char *text, size_t len);
/* The first region in a SigV4 credential scope ("Credential=AKIA.../date/REGION/svc"). */
char *fields_scope_region(const char *text, size_t len);
/* The region in the first *.amazonaws.com host name of the text, or NULL. */
char *fields_host_region(const char *text, size_t len);
/* A masked access key id from the text, or NULL. */
char *fields_key_id(const char *text, size_t len);

#endif
