/*
 * explain_classify.c - unit tests of explain's pieces: the catalogue's
 * invariants, the prefilter against a naive search, newline counting,
 * normalisation, redaction, and the streaming classifier (chunk sizes,
 * diagnostics split across buffer refills, line numbers, no secrets).
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "core/strbuf.h"
#include "explain/explain.h"
#include "explain/prefilter.h"

static void test_catalogue(void)
{
	int all_anchored = 1, long_enough = 1, names = 1;

	for (size_t i = 0; i < explain_sigs_nr; i++) {
		int found = 0;
		for (size_t k = 0; k < explain_anchors_nr; k++)
			if (explain_anchors[k].kind == EA_SIGNATURE &&
			    strstr(explain_sigs[i].all[0], explain_anchors[k].text))
				found = 1;
		if (!found) {
			printf("# signature %s has no anchor\n", explain_sigs[i].id);
			all_anchored = 0;
		}
	}
	for (size_t k = 0; k < explain_anchors_nr; k++)
		if (strlen(explain_anchors[k].text) < SCAN_WINDOW)
			long_enough = 0;
	for (int c = 0; c < EC_NR; c++) {
		enum explain_category back;
		if (!explain_categories[c].name ||
		    explain_category_parse(explain_categories[c].name, &back) ||
		    back != (enum explain_category)c)
			names = 0;
	}
	ok(all_anchored, "every signature's first literal contains a prefilter anchor");
	ok(long_enough, "every anchor is at least as long as the scan window");
	ok(names, "every category has a name that parses back");
	is_str(explain_stage_name(ES_CI_ACTION), "ci_action", "stage names");
	is_str(explain_category_name(EC_IMDS_UNREACHABLE), "imds_unreachable", "category names");
}

static size_t naive(const char *const *lits, size_t n, const char *buf, size_t from, size_t len)
{
	for (size_t p = from; p < len; p++)
		for (size_t i = 0; i < n; i++) {
			size_t l = strlen(lits[i]);
			if (p + l <= len && !memcmp(buf + p, lits[i], l))
				return p;
		}
	return len;
}

static void test_scan(void)
{
	static const char *const lits[] = {"InvalidClientTokenId", ": Creating...", "EC2 IMDS role",
					   "ExpiredToken", "abcdefghijkl"};
	struct explain_scanner *s = scan_new(lits, 5);
	static const char alpha[] = "abcdefghIjklmnopCreatingE2 IMDSxTokenId.\n";
	char buf[4096];
	int agree = 1;
	unsigned seed = 12345;

	ok(s != NULL, "scanner built");
	ok(scan_new((const char *const[]){"short"}, 1) == NULL,
	   "a literal under 12 bytes is refused");
	for (int round = 0; round < 300; round++) {
		size_t len = 1 + (seed = seed * 1103515245 + 12345) % (sizeof(buf) - 1);
		for (size_t i = 0; i < len; i++)
			buf[i] = alpha[(seed = seed * 1103515245 + 12345) >> 16 &
				       31 % sizeof(alpha)];
		/* plant a literal now and then */
		if (round % 3 == 0 && len > 40) {
			const char *l = lits[round % 5];
			size_t at = (seed >> 8) % (len - strlen(l));
			memcpy(buf + at, l, strlen(l));
		}
		for (size_t from = 0; from < len; from += 1 + len / 7) {
			size_t which = 0, got = scan_find(s, buf, from, len, &which);
			size_t want = naive(lits, 5, buf, from, len);
			/*
			 * A literal whose window sits further in may be reported after
			 * one that starts later, so require: found iff one exists, and
			 * what is reported is a real match at or after from.
			 */
			if ((got == len) != (want == len) ||
			    (got < len && (got < from || got + strlen(lits[which]) > len ||
					   memcmp(buf + got, lits[which], strlen(lits[which]))))) {
				agree = 0;
				printf("# round %d from %zu: got %zu want %zu\n", round, from, got,
				       want);
			}
		}
	}
	ok(agree, "scan_find agrees with a naive search on random text");
	{
		/* scan_collect (four lanes above 4 kB) finds exactly what a naive search finds */
		static char big[20000];
		struct scan_hits hits = {0};
		int same = 1;
		for (int round = 0; round < 40 && same; round++) {
			size_t len = 3000 + (seed = seed * 1103515245 + 12345) % 17000, from, k = 0;
			for (size_t i = 0; i < len; i++)
				big[i] = alpha[(seed = seed * 1103515245 + 12345) >> 16 & 31];
			for (int m = 0; m < 30; m++) {
				const char *l = lits[(seed = seed * 1103515245 + 12345) >> 16 & 3];
				size_t at = (seed >> 4) % (len - strlen(l));
				memcpy(big + at, l, strlen(l));
			}
			from = (seed >> 3) % 100;
			hits.nr = 0;
			scan_collect(s, big, from, len, &hits);
			for (size_t p = from; p < len && same; p++)
				for (size_t i = 0; i < 5; i++) {
					size_t l = strlen(lits[i]);
					if (p + l > len || memcmp(big + p, lits[i], l))
						continue;
					if (k >= hits.nr || hits.v[k].pos != p ||
					    hits.v[k].which != i) {
						same = 0;
						printf("# round %d: hit %zu at %zu (%s) not "
						       "reported in order\n",
						       round, k, p, lits[i]);
					}
					k++;
				}
			if (same && k != hits.nr) {
				same = 0;
				printf("# round %d: %zu hits, want %zu\n", round, hits.nr, k);
			}
		}
		ok(same, "scan_collect reports every occurrence once, in order");
		scan_hits_release(&hits);
	}
	{
		const char *t = "xx\nInvalidClientTokenId\nyy";
		size_t which = 99;
		is_int(scan_find(s, t, 0, strlen(t), &which), 3, "finds the literal");
		is_int(which, 0, "and says which");
		is_int(scan_find(s, t, 4, strlen(t), &which), strlen(t),
		       "not when it starts before from");
		is_int(scan_find(s, t, 0, 10, &which), 10, "not when it runs past len");
	}
	scan_free(s);
	scan_free(NULL);
	{
		char *big = malloc(100003);
		size_t want = 0;
		for (size_t i = 0; i < 100003; i++) {
			big[i] = (i * 7919) % 13 == 0 ? '\n' : 'a';
			want += big[i] == '\n';
		}
		is_int(scan_count_newlines(big, 100003), want, "newline count over 100 kB");
		is_int(scan_count_newlines(big + 1, 17), 1 + 0 * want,
		       "newline count, short and unaligned");
		free(big);
	}
}

static void test_normalize(void)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned f;

	f = explain_normalize(&sb,
			      "\x1b[31m\xe2\x94\x82\x1b[0m \x1b[0m\x1b[1m\x1b[31mError: "
			      "\x1b[0m\x1b[0m\x1b[1mboom\x1b[0m\r",
			      strlen("\x1b[31m\xe2\x94\x82\x1b[0m \x1b[0m\x1b[1m\x1b[31mError: "
				     "\x1b[0m\x1b[0m\x1b[1mboom\x1b[0m\r"));
	is_str(sb.buf, "Error: boom", "ANSI, box and CR removed");
	ok((f & EXPLAIN_LINE_BOX) && (f & EXPLAIN_LINE_ERROR), "box and error flags");
	f = explain_normalize(&sb, "2024-03-08T10:00:01.1234567Z ##[error]Could not assume", 54);
	is_str(sb.buf, "Could not assume", "GitHub Actions timestamp and ##[error] removed");
	ok(f & EXPLAIN_LINE_ERROR, "##[error] starts a diagnostic");
	f = explain_normalize(&sb, "2024-01-05T10:00:01.100+0100 [DEBUG] provider: x", 48);
	ok(f & EXPLAIN_LINE_LOG_START, "TF_LOG level after a timestamp");
	is_str(sb.buf, "[DEBUG] provider: x", "TF_LOG timestamp removed");
	f = explain_normalize(&sb, "\xe2\x94\x82 ", 4);
	ok((f & EXPLAIN_LINE_BOX) && (f & EXPLAIN_LINE_BLANK), "an empty box line is blank");
	f = explain_normalize(&sb, "a\0b", 3);
	ok(f & EXPLAIN_LINE_BINARY, "NUL is binary");
	is_str(sb.buf, "a b", "NUL becomes a space");
	f = explain_normalize(&sb, "\xe2\x95\xb7", 3);
	ok(f & EXPLAIN_LINE_BOX_OPEN, "box open");
	strbuf_release(&sb);
}

static void test_redact(void)
{
	struct strbuf sb = STRBUF_INIT;
	const char *in =
		"Credential=AKIAIOSFODNN7EXAMPLE/20240105/us-east-1/sts secret "
		"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY id 3f1c2a7e-5b8d-4e19-9a6f-0c2d4b6e8a10";
	char tok[401];

	explain_redact(&sb, in, strlen(in));
	unlike(sb.buf, "AKIAIOSFODNN7EXAMPLE", "key id not shown whole");
	like(sb.buf, "AKIA\xe2\x80\xa6MPLE", "key id masked");
	unlike(sb.buf, "wJalrXUtnFEMI", "secret not shown");
	like(sb.buf, "3f1c2a7e-5b8d-4e19-9a6f-0c2d4b6e8a10", "request id kept");
	for (int i = 0; i < 400; i++)
		tok[i] = "IQoJb3JpZ2luX2VjEXAMPLEtokenAbc+/"[i % 33];
	tok[400] = '\0';
	strbuf_reset(&sb);
	explain_redact(&sb, tok, 400);
	unlike(sb.buf, "IQoJb3JpZ2lu", "session token not shown");
	like(sb.buf, "400 characters", "session token described");
	strbuf_release(&sb);
}

static const char box[] =
	"\xe2\x95\xb7\n"
	"\xe2\x94\x82 Error: Retrieving AWS account details: validating provider credentials: "
	"retrieving caller identity from STS: operation error STS: GetCallerIdentity, https "
	"response error StatusCode: 403, RequestID: 3f1c2a7e-5b8d-4e19-9a6f-0c2d4b6e8a10, api "
	"error "
	"InvalidClientTokenId: The security token included in the request is invalid.\n"
	"\xe2\x94\x82 \n"
	"\xe2\x94\x82   with provider[\"registry.terraform.io/hashicorp/aws\"],\n"
	"\xe2\x95\xb5\n";

static void check_one(struct explain *x, const char *what, unsigned long long line)
{
	char name[160];
	const struct explain_failure *f = explain_primary(x);

	snprintf(name, sizeof(name), "%s: one failure", what);
	is_int(x->nfailures, 1, name);
	if (!f)
		return;
	snprintf(name, sizeof(name), "%s: category", what);
	is_int(f->category, EC_INVALID_CLIENT_TOKEN_ID, name);
	snprintf(name, sizeof(name), "%s: stage", what);
	is_int(f->stage, ES_PROVIDER_CONFIG, name);
	snprintf(name, sizeof(name), "%s: evidence line", what);
	is_int(f->nev ? f->ev[0].line : 0, line, name);
}

static void test_stream(void)
{
	struct explain x;
	size_t chunks[] = {1, 7, 64, 4096};

	explain_buffer(&x, box, strlen(box));
	check_one(&x, "whole buffer", 2);
	is_str(explain_primary(&x)->request_id, "3f1c2a7e-5b8d-4e19-9a6f-0c2d4b6e8a10",
	       "request id");
	is_str(explain_primary(&x)->operation, "sts:GetCallerIdentity", "operation");
	is_int(explain_primary(&x)->status, 403, "status");
	is_int(x.lines, 5, "lines counted");
	explain_release(&x);
	explain_release(NULL);

	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		char what[64];
		explain_init(&x);
		for (size_t i = 0; i < strlen(box); i += chunks[c]) {
			size_t n = strlen(box) - i < chunks[c] ? strlen(box) - i : chunks[c];
			explain_feed(&x, box + i, n);
		}
		explain_finish(&x);
		snprintf(what, sizeof(what), "chunks of %zu", chunks[c]);
		check_one(&x, what, 2);
		explain_release(&x);
	}

	/* 3 MB of TF_LOG-like noise with the box straddling the first refill */
	{
		struct strbuf in = STRBUF_INIT;
		unsigned long long boxline = 0, nl = 0;
		while (in.len < 3u << 20) {
			if (!boxline && in.len > (1u << 20) - 200) {
				boxline = nl + 2;
				strbuf_addstr(&in, box);
				nl += 5;
				continue;
			}
			strbuf_addf(
				&in,
				"2024-01-05T10:00:00.000Z [TRACE] provider.terraform-provider-aws: "
				"Served request: tf_rpc=ReadResource tf_req_id=%llu\n",
				nl);
			nl++;
		}
		explain_init(&x);
		for (size_t i = 0; i < in.len; i += 65536) {
			size_t n = in.len - i < 65536 ? in.len - i : 65536;
			explain_feed(&x, in.buf + i, n);
		}
		explain_finish(&x);
		check_one(&x, "3 MB stream", boxline);
		is_int(x.lines, nl, "3 MB stream: line count");
		is_int(x.bytes, in.len, "3 MB stream: byte count");
		explain_release(&x);
		strbuf_release(&in);
	}

	/* one line longer than the buffer, the signature cut by the buffer's end */
	{
		static const char sig[] =
			" InvalidClientTokenId: The security token included in the "
			"request is invalid. ";
		size_t at[] = {(1u << 20) - 10, 2000000};
		for (size_t k = 0; k < 2; k++) {
			struct strbuf in = STRBUF_INIT;
			char what[64];
			while (in.len < at[k])
				strbuf_addch(&in, 'x');
			strbuf_addstr(&in, sig);
			while (in.len < 2600000)
				strbuf_addch(&in, 'y');
			strbuf_addch(&in, '\n');
			explain_buffer(&x, in.buf, in.len);
			snprintf(what, sizeof(what), "signature at %zu in a 2.6 MB line", at[k]);
			ok(x.nfailures == 1 &&
				   x.failures[0]->category == EC_INVALID_CLIENT_TOKEN_ID,
			   what);
			explain_release(&x);
			strbuf_release(&in);
		}
	}

	/* a secret on an evidence line never comes out */
	{
		const char *t =
			"Error: InvalidClientTokenId: The security token included in the request "
			"is "
			"invalid. AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY "
			"key AKIAIOSFODNN7EXAMPLE\n";
		explain_buffer(&x, t, strlen(t));
		ok(x.nfailures == 1 && x.failures[0]->nev == 1, "secret line is evidence");
		if (x.nfailures && x.failures[0]->nev) {
			unlike(x.failures[0]->ev[0].text, "wJalrXUtnFEMI", "no secret in evidence");
			unlike(x.failures[0]->ev[0].text, "AKIAIOSFODNN7EXAMPLE",
			       "no whole key id in evidence");
			is_str(x.failures[0]->key_id, "AKIA\xe2\x80\xa6MPLE", "key id masked");
		}
		explain_release(&x);
	}

	/* opt-in region from the endpoint */
	{
		const char *t =
			"Error: operation error STS: GetCallerIdentity, https response error "
			"StatusCode: 403, RequestID: x-1234567, api error InvalidClientTokenId: "
			"The "
			"security token included in the request is invalid. Post "
			"\"https://sts.me-central-1.amazonaws.com/\"\n";
		explain_buffer(&x, t, strlen(t));
		ok(x.nfailures == 1 && x.failures[0]->category == EC_OPT_IN_REGION,
		   "InvalidClientTokenId in an opt-in region is opt_in_region");
		if (x.nfailures) {
			is_str(x.failures[0]->region, "me-central-1", "region from the endpoint");
			is_str(x.failures[0]->endpoint, "https://sts.me-central-1.amazonaws.com",
			       "endpoint");
		}
		explain_release(&x);
	}

	/* nothing at all, and junk */
	{
		static const char junk[] = "\0\0\xff\xfe\x01\x02 no newline at all";
		explain_buffer(&x, junk, sizeof(junk) - 1);
		is_int(x.nfailures, 0, "junk: no failure");
		is_int(x.lines, 1, "junk: one line");
		explain_release(&x);
		explain_buffer(&x, "", 0);
		is_int(x.lines, 0, "empty input: no lines");
		explain_release(&x);
	}
}

int main(void)
{
	plan_lazy();
	test_catalogue();
	test_scan();
	test_normalize();
	test_redact();
	test_stream();
	return done_testing();
}
