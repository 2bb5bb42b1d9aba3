/*
 * redact.c - masking of key ids and description of secrets; see redact.h.
 */
#include <openssl/evp.h>
#include <string.h>

#include "core/redact.h"
#include "core/xalloc.h"
#include "core/banned.h"

static int looks_like_key_id(const char *id, size_t len)
{
	if (len < 16 || len > 128)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9')))
			return 0;
	return 1;
}

void redact_key_id(struct strbuf *out, const char *id, size_t len)
{
	if (!id) {
		strbuf_addstr(out, "(unset)");
		return;
	}
	if (looks_like_key_id(id, len)) {
		strbuf_add(out, id, 4);
		strbuf_addstr(out, "\xe2\x80\xa6"); /* … */
		strbuf_add(out, id + len - 4, 4);
		return;
	}
	strbuf_addf(out, "(%zu characters, not shown)", len);
}

char *redact_key_id_dup(const char *id)
{
	struct strbuf sb = STRBUF_INIT;

	redact_key_id(&sb, id, id ? strlen(id) : 0);
	return strbuf_detach(&sb, NULL);
}

void redact_fingerprint(char out[9], const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (!EVP_Digest(s, len, md, &mdlen, EVP_sha256(), NULL) || mdlen < 4) {
		memcpy(out, "????????", 9);
		return;
	}
	for (int i = 0; i < 4; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[8] = '\0';
}

void redact_secret(struct strbuf *out, const char *s, size_t len)
{
	int up = 0, low = 0, dig = 0, plus = 0, slash = 0, eq = 0, ws = 0, other = 0;
	char fp[9];
	const char *sep = "";

	if (!s) {
		strbuf_addstr(out, "(unset)");
		return;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			up = 1;
		else if (c >= 'a' && c <= 'z')
			low = 1;
		else if (c >= '0' && c <= '9')
			dig = 1;
		else if (c == '+')
			plus = 1;
		else if (c == '/')
			slash = 1;
		else if (c == '=')
			eq = 1;
		else if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			ws = 1;
		else
			other = 1;
	}
	redact_fingerprint(fp, s, len);
	strbuf_addf(out, "%zu chars [", len);
#define CLASS(flag, name)                                                                          \
	if (flag) {                                                                                \
		strbuf_addf(out, "%s%s", sep, name);                                               \
		sep = " ";                                                                         \
	}
	CLASS(up, "A-Z")
	CLASS(low, "a-z")
	CLASS(dig, "0-9")
	CLASS(plus, "+")
	CLASS(slash, "/")
	CLASS(eq, "=")
	CLASS(ws, "whitespace")
	CLASS(other, "other")
#undef CLASS
	strbuf_addf(out, "] sha256:%s", fp);
}
