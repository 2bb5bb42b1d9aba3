/*
 * ini_v1.c - the shared files as aws-sdk-go v1 (Terraform provider <= 3,
 * S3 backend <= 1.5) reads them.
 */
#include "aws/ini_int.h"
#include "core/banned.h"

void ini_parse_gov1(struct ini_doc *d, const char *buf, size_t len)
{
	ini_parse_gov2(d, buf, len);
}
