/*
 * checkkey.c - what `tfauth check-key` decides about a new key pair: the
 * checks doctor makes on any credential value, then the rotation gate's
 * own (the token that must or must not come with the key's kind, the
 * account decoded offline against --expect-account, the create-access-key
 * status, the strict-chars policy), and the verdict of the live call. The
 * words are in core/findings/checkkey.def; this file passes values and
 * case names only.
 */
#include <stdlib.h>
#include <string.h>

#include "aws/keyfmt.h"
#include "checks/checkkey.h"
#include "core/redact.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

/* Drop every finding of one id (a stricter finding replaces it). */
static void findings_drop(struct findings *fs, enum finding_id id)
{
	size_t keep = 0;

	for (size_t i = 0; i < fs->nr; i++) {
		if (fs->v[i]->id == id)
			finding_free(fs->v[i]);
		else
			fs->v[keep++] = fs->v[i];
	}
	fs->nr = keep;
}

/* A temporary key needs its token; a long-term key must not carry one. */
static void check_token_for_kind(const struct checkkey_input *in, const char *masked,
				 struct findings *fs)
{
	enum keyid_kind kind = keyid_kind(in->key_id, strlen(in->key_id));
	struct finding *f;

	if (kind == KEYID_TEMPORARY && !in->token) {
		f = findings_add(fs, F_TEMP_KEY_WITHOUT_TOKEN, &in->key_site->where);
		finding_set(f, "key", "%s", masked);
		finding_set(f, "var", "%s", in->key_site->label);
		finding_phrase(f, "detail", "no-token-given");
		finding_set(f, "extra_fix", "%s", "");
	} else if (kind == KEYID_LONG_TERM && in->token) {
		f = findings_add(fs, F_STALE_SESSION_TOKEN, &in->token_site->where);
		finding_set(f, "key", "%s", masked);
		finding_set(f, "token_var", "%s", in->token_site->label);
		finding_set(f, "unset", "%s",
			    in->token_in_env ? "AWS_SESSION_TOKEN" : in->token_site->label);
	}
}

/* --expect-account against the account the key id encodes. */
static void check_expected_account(const struct checkkey_input *in, const char *masked,
				   struct findings *fs)
{
	char acct[13];
	int r;
	struct finding *f;

	if (!in->expect_account)
		return;
	r = keyid_account(in->key_id, strlen(in->key_id), acct);
	if (r == 0 && strcmp(acct, in->expect_account)) {
		f = findings_add(fs, F_KEY_ACCOUNT_MISMATCH, &in->key_site->where);
		finding_set(f, "key", "%s", masked);
		finding_set(f, "account", "%s", acct);
		finding_set(f, "expected", "%s", in->expect_account);
	} else if (r == -1 && !in->live) {
		/* with --live, STS answers which account it is */
		f = findings_add(fs, F_KEY_ACCOUNT_UNKNOWN, &in->key_site->where);
		finding_set(f, "key", "%s", masked);
		finding_set(f, "expected", "%s", in->expect_account);
	}
}

static void check_status(const struct checkkey_input *in, const char *masked, struct findings *fs)
{
	struct finding *f;

	if (!in->status || !strcmp(in->status, "Active"))
		return;
	f = findings_add(fs, F_KEY_NOT_ACTIVE, NULL);
	finding_set(f, "key", "%s", masked);
	finding_set(f, "status", "%s", in->status);
}

/* --policy strict-chars: + / = or \ in the secret; it replaces secret-key-special-chars. */
static void check_strict_chars(const struct checkkey_input *in, const char *masked,
			       struct findings *fs)
{
	static const char chars[] = "+/=\\";
	int seen[4] = {0}, any = 0;
	struct strbuf list = STRBUF_INIT;
	struct finding *f;

	if (!in->strict_chars)
		return;
	for (size_t i = 0; i < in->secret_len; i++)
		for (int j = 0; j < 4; j++)
			if (in->secret[i] == chars[j])
				seen[j] = any = 1;
	if (!any)
		return;
	for (int j = 0; j < 4; j++)
		if (seen[j])
			strbuf_addf(&list, "%s%c", list.len ? " and " : "", chars[j]);
	f = findings_add(fs, F_KEY_POLICY_STRICT_CHARS, &in->secret_site->where);
	finding_set(f, "chars", "%s", list.buf);
	finding_set(f, "key", "%s", masked);
	findings_drop(fs, F_SECRET_KEY_SPECIAL_CHARS);
	strbuf_release(&list);
}

void check_key_offline(const struct checkkey_input *in, struct findings *fs)
{
	size_t id_len = strlen(in->key_id);
	char *masked;

	check_access_key_id(fs, in->key_site, in->key_id, id_len, in->secret, in->secret_len);
	check_secret_key(fs, in->secret_site, in->secret, in->secret_len, in->key_id, id_len);
	if (in->token)
		check_session_token(fs, in->token_site, in->token, in->token_len);
	masked = redact_key_id_dup(in->key_id);
	check_token_for_kind(in, masked, fs);
	check_expected_account(in, masked, fs);
	check_status(in, masked, fs);
	check_strict_chars(in, masked, fs);
	free(masked);
}

/* " (after N attempts in Ss)" when the call was retried, else nothing. */
static void set_tries(struct finding *f, const struct checkkey_live *lv)
{
	if (lv->attempts <= 1) {
		finding_set(f, "tries", "%s", "");
		return;
	}
	finding_set(f, "attempts", "%d", lv->attempts);
	finding_set(f, "seconds", "%ld", lv->seconds);
	finding_phrase(f, "tries", "retried");
}

/* The remedy for a refusal, by the code AWS answered. */
static const char *refusal_case(const char *code)
{
	static const struct {
		const char *code, *name;
	} fix_cases[] = {
		{"InvalidClientTokenId", "unknown-key"},
		{"SignatureDoesNotMatch", "wrong-secret"},
		{"ExpiredToken", "expired-token"},
	};

	for (size_t i = 0; code && i < sizeof(fix_cases) / sizeof(fix_cases[0]); i++)
		if (!strcmp(code, fix_cases[i].code))
			return fix_cases[i].name;
	return NULL;
}

static void check_accepted(const struct checkkey_live *lv, const char *masked,
			   struct findings *fs)
{
	const struct sts_identity *id = lv->id;
	struct finding *f;

	f = findings_add(fs, F_KEY_ACCEPTED_LIVE, NULL);
	finding_set(f, "endpoint", "%s", lv->ep->host);
	finding_set(f, "key", "%s", masked);
	finding_set(f, "arn", "%s", id->arn ? id->arn : "?");
	finding_set(f, "account", "%s", id->account ? id->account : "?");
	set_tries(f, lv);
	if (lv->expect_arn && (!id->arn || strcmp(id->arn, lv->expect_arn))) {
		f = findings_add(fs, F_KEY_ARN_MISMATCH, NULL);
		if (id->arn)
			finding_set(f, "arn", "%s", id->arn);
		else
			finding_phrase(f, "arn", "no-arn");
		finding_set(f, "expected", "%s", lv->expect_arn);
	}
}

static void check_refused(const struct checkkey_live *lv, struct findings *fs)
{
	const struct sts_error *e = lv->err;
	const char *fix_case = refusal_case(e->code);
	struct finding *f;

	f = findings_add(fs, F_KEY_REJECTED_LIVE, NULL);
	finding_set(f, "endpoint", "%s", lv->ep->host);
	if (e->code)
		finding_set(f, "code", "%s", e->code);
	else
		finding_phrase(f, "code", "no-code");
	finding_set(f, "message", "%s", e->message ? e->message : "");
	set_tries(f, lv);
	if (fix_case)
		finding_case(f, fix_case);
}

void check_key_live(const struct checkkey_input *in, const struct checkkey_live *lv,
		    struct findings *fs)
{
	char *masked;
	struct finding *f;

	if (lv->resolve_error) {
		f = findings_add(fs, F_KEY_LIVE_FAILED, NULL);
		finding_set(f, "endpoint", "%s", lv->endpoint_url ? lv->endpoint_url : "STS");
		finding_set(f, "detail", "%s", lv->resolve_error);
		return;
	}
	masked = redact_key_id_dup(in->key_id);
	if (lv->result == LIVE_ACCEPTED) {
		check_accepted(lv, masked, fs);
	} else if (lv->result == LIVE_REFUSED) {
		check_refused(lv, fs);
	} else {
		f = findings_add(fs, F_KEY_LIVE_FAILED, NULL);
		finding_set(f, "endpoint", "%s", lv->ep->host);
		finding_set(f, "detail", "%s",
			    lv->err->detail ? lv->err->detail : sts_error_kind_name(lv->err->kind));
	}
	free(masked);
}
