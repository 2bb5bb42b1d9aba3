/*
 * keyfmt.c - key formats (terraform-aws-auth.md §5).
 *
 * The account decoding is the public method (Aidan Steele 2020, Tal Be'ery
 * 2023): base32-decode the 16 characters after the prefix, take the first
 * six bytes as a big-endian integer z; the account is (z & 0x7FFFFFFFFF80) >> 7.
 * Only keys whose 5th character is Q-Z or 2-7 carry it.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "aws/keyfmt.h"
#include "core/banned.h"

static const struct {
	const char prefix[5];
	const char *entity;
} unique_ids[] = {
	{"ABIA", "AWS STS service bearer token"},
	{"ACCA", "context-specific credential"},
	{"AGPA", "IAM group"},
	{"AIDA", "IAM user"},
	{"AIPA", "EC2 instance profile"},
	{"ANPA", "managed policy"},
	{"ANVA", "managed policy version"},
	{"APKA", "public key"},
	{"AROA", "IAM role"},
	{"ASCA", "certificate"},
};

enum keyid_kind keyid_kind(const char *id, size_t len)
{
	if (len >= 4 && !memcmp(id, "AKIA", 4))
		return KEYID_LONG_TERM;
	if (len >= 4 && !memcmp(id, "ASIA", 4))
		return KEYID_TEMPORARY;
	if (keyid_prefix_entity(id, len))
		return KEYID_UNIQUE_ID;
	return KEYID_UNKNOWN;
}

const char *keyid_prefix_entity(const char *id, size_t len)
{
	if (len < 4)
		return NULL;
	for (size_t i = 0; i < sizeof(unique_ids) / sizeof(unique_ids[0]); i++)
		if (!memcmp(id, unique_ids[i].prefix, 4))
			return unique_ids[i].entity;
	return NULL;
}

static int b32val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= '2' && c <= '7')
		return c - '2' + 26;
	return -1;
}

int keyid_is_example(const char *id, size_t len)
{
	return id && len == 20 && !memcmp(id + 13, "EXAMPLE", 7);
}

int secret_is_example(const char *s, size_t len)
{
	return s && len == 40 && !memcmp(s + 30, "EXAMPLEKEY", 10);
}

int keyid_account(const char *id, size_t len, char out[13])
{
	uint64_t bits = 0;
	int nbits = 0;
	unsigned char b[10];
	size_t nb = 0;
	uint64_t z = 0;

	if (len != 20 || (memcmp(id, "AKIA", 4) && memcmp(id, "ASIA", 4)))
		return -2;
	for (size_t i = 4; i < 20; i++) {
		int v = b32val(id[i]);
		if (v < 0)
			return -2;
		bits = (bits << 5) | (uint64_t)v;
		nbits += 5;
		if (nbits >= 8) {
			b[nb++] = (unsigned char)(bits >> (nbits - 8));
			nbits -= 8;
		}
	}
	if (!(b[0] & 0x80))
		return -1;
	for (int i = 0; i < 6; i++)
		z = (z << 8) | b[i];
	snprintf(out, 13, "%012llu",
		 (unsigned long long)(((z & 0x7FFFFFFFFF80ULL) >> 7) % 1000000000000ULL));
	return 0;
}

static int has_prefix(const char *s, size_t len, const char *pre)
{
	size_t n = strlen(pre);
	return len >= n && !memcmp(s, pre, n);
}

enum token_version token_version(const char *tok, size_t len)
{
	if (!tok)
		return TOKEN_UNKNOWN;
	if (has_prefix(tok, len, "IQoJb3JpZ2luX2Vj"))
		return TOKEN_V2;
	if (has_prefix(tok, len, "FwoGZXIvYXdz") || has_prefix(tok, len, "FQoGZXIvYXdz"))
		return TOKEN_V1;
	return TOKEN_UNKNOWN;
}

int secret_char_ok(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '/';
}
