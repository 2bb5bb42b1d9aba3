/*
 * tf.h - the Terraform side: the configuration model extracted from a
 * directory (provider "aws" blocks, the S3 backend, versions, variables)
 * and the scan handler for Terraform files.
 *
 * Ownership: struct tf_config owns everything it points to (strings are
 * copies, never pointers into a file buffer); tf_config_release() frees it
 * and accepts NULL.
 */
#ifndef TFAUTH_TF_H
#define TFAUTH_TF_H

#include <stddef.h>

#include "core/finding.h"

/* The scan handler for .tf, .tf.json, .tfvars and .tfvars.json (scan.h). */
int tf_scan_handler(const char *path, const char *buf, size_t len, struct findings *fs);

#endif
