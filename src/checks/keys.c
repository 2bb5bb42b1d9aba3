/*
 * keys.c - format and copy-and-paste damage checks on one credential value,
 * shared by every source (environment, shared files, provider arguments,
 * check-key). Positions are 1-based characters; a character's neighbours
 * are never shown, so nothing of a secret leaks through a message.
 */
#include <stdlib.h>
#include <string.h>

#include "aws/keyfmt.h"
#include "checks/checks.h"
#include "core/redact.h"
#include "core/strbuf.h"
#include "core/banned.h"

/*
 * The quotes around a value where site->assign writes it: '...' in a shell
 * (export), "..." in HCL (site->quote), none in the shared files, whose
 * readers keep quotes as part of the value.
 */
static const char *site_quote(const struct cred_site *site)
{
	if (site->quote)
		return site->quote;
	return !strncmp(site->assign, "export ", 7) ? "'" : "";
}

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static const char *char_name(unsigned char c)
{
	switch (c) {
	case ' ':
		return "a space";
	case '\t':
		return "a tab";
	case '\r':
		return "a carriage return (CR)";
	case '\n':
		return "a line feed (LF)";
	case '"':
		return "a double quote";
	case '\'':
		return "a single quote";
	case 0:
		return "a NUL byte";
	default:
		return c >= 0x80 ? "a non-ASCII byte" : "a control character";
	}
}

static int is_plain_key_id(const char *v, size_t len)
{
	if (len != 20 || (memcmp(v, "AKIA", 4) && memcmp(v, "ASIA", 4)))
		return 0;
	for (size_t i = 4; i < len; i++)
		if (!((v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= '2' && v[i] <= '7')))
			return 0;
	return 1;
}

static int is_plain_secret(const char *v, size_t len)
{
	if (len != 40)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!secret_char_ok((unsigned char)v[i]))
			return 0;
	return 1;
}

static void sep(struct strbuf *sb)
{
	if (sb->len)
		strbuf_addstr(sb, "; ");
}

/* Trailing whitespace at [from, len), named in reading order. */
static void add_trailing(struct strbuf *detail, const char *v, size_t from, size_t len)
{
	for (size_t i = from; i < len; i++) {
		sep(detail);
		strbuf_addf(detail, "has %s at position %zu%s", char_name((unsigned char)v[i]),
			    i + 1, i + 1 == len ? " (the end)" : "");
	}
}

void check_access_key_id(struct findings *fs, const struct cred_site *site, const char *v,
			 size_t len, const char *secret, size_t secret_len)
{
	struct strbuf detail = STRBUF_INIT, fix = STRBUF_INIT;
	const char *what = "is not a valid access key id";
	size_t start = 0, end = len;
	int damaged = 0;
	struct finding *f;

	if (!v || !len)
		return;
	if (secret && is_plain_secret(v, len) && is_plain_key_id(secret, secret_len))
		return; /* swapped: reported once, by check_secret_key */

	/* surrounding damage first: it explains everything else */
	if (len >= 3 && (unsigned char)v[0] == 0xEF && (unsigned char)v[1] == 0xBB &&
	    (unsigned char)v[2] == 0xBF) {
		strbuf_addstr(&detail, "starts with a UTF-8 byte order mark");
		start = 3;
		damaged = 1;
	}
	while (start < end && is_ws((unsigned char)v[start])) {
		sep(&detail);
		strbuf_addf(&detail, "has %s at position %zu", char_name((unsigned char)v[start]),
			    start + 1);
		start++;
		damaged = 1;
	}
	while (end > start && is_ws((unsigned char)v[end - 1]))
		end--;
	if (end < len) {
		add_trailing(&detail, v, end, len);
		damaged = 1;
	}
	if (end - start >= 2 && (v[start] == '"' || v[start] == '\'') && v[end - 1] == v[start]) {
		sep(&detail);
		strbuf_addstr(&detail, "is wrapped in quotes");
		start++;
		end--;
		damaged = 1;
	}
	if (damaged) {
		what = "carries damage";
		strbuf_addf(&fix, "%s%s<the same value without the extra characters>%s",
			    site->assign, site_quote(site), site_quote(site));
	}

	{
		const char *p = v + start;
		size_t n = end - start;
		enum keyid_kind kind = keyid_kind(p, n);
		int lower = 0, bad = 0;
		size_t lower_pos = 0, bad_pos = 0;

		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)p[i];
			if (c >= 'a' && c <= 'z') {
				if (!lower++)
					lower_pos = start + i + 1;
			} else if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7') ||
				     (i < 4 && c >= '0' && c <= '9'))) {
				if (!bad++)
					bad_pos = start + i + 1;
			}
		}
		if (kind == KEYID_UNIQUE_ID) {
			sep(&detail);
			strbuf_addf(&detail,
				    "starts with %.4s, the prefix of an %s unique id, not of an "
				    "access key",
				    p, keyid_prefix_entity(p, n));
			what = "is not an access key id";
			if (!fix.len)
				strbuf_addf(&fix,
					    "%s<an access key id: AKIA... for an IAM user key, "
					    "ASIA... with its session token>",
					    site->assign);
		} else if (kind == KEYID_UNKNOWN && n >= 4) {
			int upper_prefix = 1;
			for (int i = 0; i < 4; i++)
				if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9')))
					upper_prefix = 0;
			sep(&detail);
			if (upper_prefix)
				strbuf_addf(&detail,
					    "starts with %.4s; only AKIA (long-term) and ASIA "
					    "(temporary) keys authenticate",
					    p);
			else
				strbuf_addstr(&detail, "does not start with AKIA or ASIA");
		}
		if (n != 20) {
			sep(&detail);
			strbuf_addf(&detail, "is %zu characters long, key ids have 20", n);
		}
		if (lower) {
			sep(&detail);
			strbuf_addf(&detail,
				    "has lower case at position %zu (key ids are upper case)",
				    lower_pos);
		}
		if (bad) {
			sep(&detail);
			strbuf_addf(&detail, "has a character outside A-Z and 2-7 at position %zu",
				    bad_pos);
		}
	}
	if (!detail.len)
		goto done;
	if (!fix.len)
		strbuf_addf(&fix, "%s%s<the 20-character access key id, AKIA... or ASIA...>%s",
			    site->assign, site_quote(site), site_quote(site));
	f = findings_add(fs, F_ACCESS_KEY_ID_MALFORMED, &site->where);
	finding_set(f, "var", "%s", site->label);
	finding_set(f, "what", "%s", what);
	finding_set(f, "detail", "%s", detail.buf);
	finding_set(f, "fix", "%s", fix.buf);
done:
	strbuf_release(&detail);
	strbuf_release(&fix);
}

void check_secret_key(struct findings *fs, const struct cred_site *site, const char *v, size_t len,
		      const char *key_id, size_t key_len)
{
	struct strbuf detail = STRBUF_INIT, fix = STRBUF_INIT;
	size_t start = 0, end = len, space_pos = 0;
	int plus = 0, slash = 0, nonascii = 0;
	struct finding *f;

	if (!v || !len)
		return;

	if (is_plain_key_id(v, len) && key_id && is_plain_secret(key_id, key_len)) {
		f = findings_add(fs, F_SECRET_KEY_CORRUPTED, &site->where);
		finding_set(f, "var", "%s", site->label);
		finding_set(f, "detail",
			    "holds an access key id and the key id variable holds a 40-character "
			    "secret: the two are swapped");
		finding_set(f, "fix",
			    "swap the two values (key id first: AKIA..., then the 40-character "
			    "secret)");
		return;
	}

	if (len >= 3 && (unsigned char)v[0] == 0xEF && (unsigned char)v[1] == 0xBB &&
	    (unsigned char)v[2] == 0xBF) {
		strbuf_addstr(&detail, "starts with a UTF-8 byte order mark");
		start = 3;
	}
	while (start < end && is_ws((unsigned char)v[start])) {
		sep(&detail);
		strbuf_addf(&detail, "has %s at position %zu (the start)",
			    char_name((unsigned char)v[start]), start + 1);
		start++;
	}
	while (end > start && is_ws((unsigned char)v[end - 1]))
		end--;
	if (end < len)
		add_trailing(&detail, v, end, len);
	if (end - start >= 2 && (v[start] == '"' || v[start] == '\'') && v[end - 1] == v[start]) {
		sep(&detail);
		strbuf_addstr(&detail, "is wrapped in quotes that became part of the value");
		start++;
		end--;
	}
	for (size_t i = start; i < end; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c == ' ' && !space_pos)
			space_pos = i + 1;
		else if (c == '\r' || c == '\n' || c == '\t' || c == 0) {
			sep(&detail);
			strbuf_addf(&detail, "has %s at position %zu", char_name(c), i + 1);
		} else if (c >= 0x80)
			nonascii = nonascii ? nonascii : (int)(i + 1);
		plus |= c == '+';
		slash |= c == '/';
	}
	if (space_pos) {
		sep(&detail);
		strbuf_addf(&detail,
			    "has a space at position %zu, where a + probably was (URL decoding "
			    "turns + into a space)",
			    space_pos);
	}
	if (nonascii) {
		sep(&detail);
		strbuf_addf(&detail,
			    "has a non-ASCII character at position %d (a typographic character "
			    "from a document or chat?)",
			    nonascii);
	}
	if (detail.len) {
		if (space_pos && start == 0 && end == len)
			strbuf_addf(&fix, "%s%s<the secret with + where the spaces are>%s",
				    site->assign, site_quote(site), site_quote(site));
		else
			strbuf_addf(
				&fix,
				"%s%s<the 40 characters of the secret, nothing before or after>%s",
				site->assign, site_quote(site), site_quote(site));
		f = findings_add(fs, F_SECRET_KEY_CORRUPTED, &site->where);
		finding_set(f, "var", "%s", site->label);
		finding_set(f, "detail", "%s", detail.buf);
		finding_set(f, "fix", "%s", fix.buf);
		/* a length problem left after removing the damage is its own finding */
		if (end - start - (space_pos ? 0 : 0) == 40)
			goto done;
	}
	{
		size_t n = end - start, bad_pos = 0;
		for (size_t i = start; i < end; i++) {
			unsigned char c = (unsigned char)v[i];
			if (!secret_char_ok(c) && c != ' ' && c < 0x80 && !is_ws(c) && !bad_pos)
				bad_pos = i + 1;
		}
		strbuf_reset(&detail);
		if (n != 40)
			strbuf_addf(&detail, "is %zu characters long; secret access keys have 40",
				    n);
		if (bad_pos) {
			sep(&detail);
			strbuf_addf(&detail,
				    "has a character outside the base64 alphabet at position %zu",
				    bad_pos);
		}
		if (detail.len) {
			f = findings_add(fs, F_SECRET_KEY_MALFORMED, &site->where);
			finding_set(f, "var", "%s", site->label);
			finding_set(f, "detail", "%s", detail.buf);
			finding_set(f, "assign", "%s", site->assign);
			finding_set(f, "q", "%s", site_quote(site));
			goto done;
		}
	}
	if ((plus || slash) && !findings_has(fs, F_SECRET_KEY_CORRUPTED)) {
		f = findings_add(fs, F_SECRET_KEY_SPECIAL_CHARS, &site->where);
		finding_set(f, "var", "%s", site->label);
		finding_set(f, "chars", "%s", plus && slash ? "+ and /" : plus ? "+" : "/");
		finding_set(f, "assign", "%s", site->assign);
		finding_set(f, "q", "%s", site_quote(site));
	}
done:
	strbuf_release(&detail);
	strbuf_release(&fix);
}

void check_session_token(struct findings *fs, const struct cred_site *site, const char *v,
			 size_t len)
{
	struct strbuf detail = STRBUF_INIT;
	size_t bad = 0;
	struct finding *f;

	if (!v || !len)
		return;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];
		if (is_ws(c) || c == '"' || c == '\'' || c < 0x20 || c >= 0x7f) {
			sep(&detail);
			strbuf_addf(&detail, "has %s at position %zu%s", char_name(c), i + 1,
				    i + 1 == len ? " (the end)"
				    : i == 0	 ? " (the start)"
						 : "");
			if (++bad == 3)
				break;
		}
	}
	if (!bad && len < 16) {
		strbuf_addf(&detail, "is only %zu characters long, too short for a session token",
			    len);
		bad = 1;
	}
	if (bad) {
		f = findings_add(fs, F_SESSION_TOKEN_MALFORMED, &site->where);
		finding_set(f, "var", "%s", site->label);
		finding_set(f, "detail", "%s", detail.buf);
		finding_set(f, "assign", "%s", site->assign);
		finding_set(f, "q", "%s", site_quote(site));
	}
	strbuf_release(&detail);
}

void check_account_id(struct findings *fs, const struct cred_site *site, const char *key_id,
		      size_t len)
{
	char acct[13], *masked;
	struct finding *f;
	int r;

	if (!key_id || !len)
		return;
	r = keyid_account(key_id, len, acct);
	if (r == -2)
		return;
	masked = redact_key_id_dup(key_id);
	f = findings_add(fs, F_ACCOUNT_ID, &site->where);
	finding_set(f, "key", "%s", masked);
	if (r == 0) {
		finding_set(f, "account", "%s", acct);
		finding_set(f, "detail", "belongs to account %s (decoded offline from the key id)",
			    acct);
		finding_set(f, "fix",
			    "compare with the account you expect; tfauth whoami confirms it with "
			    "one STS call");
	} else {
		finding_set(
			f, "detail",
			"does not encode its account (its fifth character is %c: only keys created "
			"since about 2019, with Q-Z or 2-7 there, do), so the account cannot be "
			"decoded offline",
			key_id[4]);
		finding_set(f, "fix", "tfauth whoami shows the account with one STS call");
	}
	free(masked);
}
