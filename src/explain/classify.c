/*
 * classify.c - the streaming classifier of `tfauth explain`; see explain.h.
 *
 * Input goes into one fixed buffer. Complete lines are handed to the
 * prefilter (scan.c); a hit on a signature anchor makes us rebuild the
 * diagnostic around that line (a Terraform box from ╷ to ╵, a TF_LOG entry
 * with its continuation lines, or a paragraph), normalise and join its
 * lines (so wrapped text reads as one), and test every signature on it.
 * Phase lines (Initializing the backend..., Refreshing state...) and SigV4
 * credential scopes are remembered on the way, for the stage and the key
 * id. After the buffer is consumed, a look-behind window stays so that a
 * diagnostic split across two reads is still seen whole.
 */
#include <stdlib.h>
#include <string.h>

#include "aws/regions.h"
#include "core/xalloc.h"
#include "explain/context.h"
#include "explain/explain.h"
#include "explain/fields.h"
#include "explain/prefilter.h"
#include "core/banned.h"

#define BUF_SIZE (1u << 20)
#define LOOK_BEHIND (32u << 10)
#define MIN_SPACE (64u << 10)
#define SPLIT_MARGIN 512	 /* longer than any anchor */
#define BINARY_SNIFF (64u << 10) /* NUL bytes here make the input "binary" */
#define HUGE_LINE 4000		 /* normalisation keeps 4096 bytes of a line */
#define BLOCK_MAX_LINES 40
#define BLOCK_MAX_BYTES (16u << 10)
#define POST_LINES 8
#define MERGE_LINES 15
#define EVIDENCE_MAX 400
#define BLOCK_EVIDENCE 3
#define WRAPPER_PRIORITY 60 /* a signature this weak only wraps the real cause */
#define CONTEXT_BEFORE 4096 /* bytes before a diagnostic read for its context */
#define CONTEXT_AFTER 1024

enum { BLOCK_DONE, BLOCK_NEED_MORE };

void explain_init(struct explain *x)
{
	const char *lits[256];
	size_t n = explain_anchors_nr < 256 ? explain_anchors_nr : 255;

	memset(x, 0, sizeof(*x));
	x->cap = BUF_SIZE;
	x->buf = xmalloc(x->cap + 1);
	for (size_t i = 0; i < n; i++)
		lits[i] = explain_anchors[i].text;
	x->scanner = scan_new(lits, n);
}

static void failure_free(struct explain_failure *f)
{
	if (!f)
		return;
	free(f->code);
	free(f->operation);
	free(f->request_id);
	free(f->region);
	free(f->endpoint);
	free(f->key_id);
	free(f->host);
	free(f->config_file);
	for (size_t i = 0; i < f->nev; i++)
		free(f->ev[i].text);
	free(f);
}

void explain_release(struct explain *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->nfailures; i++)
		failure_free(x->failures[i]);
	free(x->buf);
	free(x->last_key_id);
	free(x->last_region);
	scan_free(x->scanner);
	scan_hits_release(&x->hits);
	memset(x, 0, sizeof(*x));
}

static size_t line_begin(const struct explain *x, size_t off)
{
	const char *p = off ? memrchr(x->buf, '\n', off) : NULL;
	return p ? (size_t)(p - x->buf) + 1 : 0;
}

static size_t line_stop(const struct explain *x, size_t off, size_t end)
{
	const char *p = off < end ? memchr(x->buf + off, '\n', end - off) : NULL;
	return p ? (size_t)(p - x->buf) : end;
}

/* 1-based number of the line containing buf[off]. */
static unsigned long long line_at(struct explain *x, size_t off)
{
	if (off >= x->counted) {
		x->line_at_counted += scan_count_newlines(x->buf + x->counted, off - x->counted);
		x->counted = off;
		return x->line_at_counted + 1;
	}
	return x->line_at_counted - scan_count_newlines(x->buf + off, x->counted - off) + 1;
}

static unsigned flags_of(const struct explain *x, struct strbuf *tmp, size_t ls, size_t le)
{
	return explain_normalize(tmp, x->buf + ls, le - ls);
}

static int has(const struct strbuf *t, const char *lit)
{
	return memmem(t->buf, t->len, lit, strlen(lit)) != NULL;
}

static const struct explain_sig *best_sig(const struct strbuf *text)
{
	const struct explain_sig *best = NULL;

	for (size_t i = 0; i < explain_sigs_nr; i++) {
		const struct explain_sig *s = &explain_sigs[i];
		int ok = 1;
		if (best && s->priority <= best->priority)
			continue;
		for (size_t j = 0; ok && j < 4 && s->all[j]; j++)
			ok = has(text, s->all[j]);
		for (size_t j = 0; ok && j < 3 && s->none[j]; j++)
			ok = !has(text, s->none[j]);
		if (ok)
			best = s;
	}
	return best;
}

static void apply_markers(struct explain_failure *f, const struct strbuf *text)
{
	int have_stage = f->stage != ES_UNKNOWN;

	for (size_t i = 0; i < explain_markers_nr; i++) {
		const struct explain_marker *m = &explain_markers[i];
		if (!has(text, m->text) || (m->also && !has(text, m->also)))
			continue;
		if (!f->tool && m->tool)
			f->tool = m->tool;
		if (!f->family && m->family)
			f->family = m->family;
		if (!have_stage && m->stage != ES_UNKNOWN) {
			f->stage = m->stage;
			f->stage_from_marker = 1;
			have_stage = 1;
		}
	}
}

/* A resource address in a diagnostic: with aws_x.y, in resource "aws_x" ... */
static int resource_stage(const struct strbuf *text, enum explain_stage phase,
			  enum explain_stage *out)
{
	if (has(text, "with data.") || has(text, "in data \"")) {
		*out = ES_STATE_REFRESH;
		return 1;
	}
	if (has(text, "with aws_") || has(text, "with module.") || has(text, "in resource \"") ||
	    has(text, "with awscc_") || !strncmp(text->buf, "* aws_", 6) ||
	    !strncmp(text->buf, "aws_", 4)) {
		*out = phase == ES_STATE_REFRESH ? ES_STATE_REFRESH : ES_RESOURCE_OPERATION;
		return 1;
	}
	return 0;
}

static void add_evidence(struct explain_failure *f, unsigned long long line, const char *s,
			 size_t len)
{
	struct strbuf sb = STRBUF_INIT;

	if (f->nev >= EXPLAIN_MAX_EVIDENCE)
		return;
	for (size_t i = 0; i < f->nev; i++)
		if (f->ev[i].line == line)
			return;
	explain_redact(&sb, s, len);
	if (sb.len > EVIDENCE_MAX) {
		size_t cut = EVIDENCE_MAX;
		while (cut > 0 && ((unsigned char)sb.buf[cut] & 0xc0) == 0x80)
			cut--; /* do not split a UTF-8 sequence */
		strbuf_setlen(&sb, cut);
		strbuf_addstr(&sb, " \xe2\x80\xa6");
	}
	f->ev[f->nev].line = line;
	f->ev[f->nev].text = strbuf_detach(&sb, NULL);
	f->nev++;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void take(char **dst, char **src)
{
	if (!*dst && *src) {
		*dst = *src;
		*src = NULL;
	}
}

static void merge_into(struct explain_failure *m, struct explain_failure *f)
{
	take(&m->code, &f->code);
	take(&m->operation, &f->operation);
	take(&m->request_id, &f->request_id);
	take(&m->region, &f->region);
	take(&m->endpoint, &f->endpoint);
	take(&m->key_id, &f->key_id);
	take(&m->host, &f->host);
	take(&m->config_file, &f->config_file);
	if (!m->config_line)
		m->config_line = f->config_line;
	for (size_t i = 0; i < f->nfirst; i++) {
		int dup = 0;
		for (size_t j = 0; j < m->nfirst; j++)
			dup |= !strcmp(m->first_causes[j], f->first_causes[i]);
		if (!dup && m->nfirst < sizeof(m->first_causes) / sizeof(m->first_causes[0]))
			m->first_causes[m->nfirst++] = f->first_causes[i];
	}
	if (!m->status)
		m->status = f->status;
	if (!m->tool)
		m->tool = f->tool;
	if (!m->family)
		m->family = f->family;
	if (m->stage == ES_UNKNOWN || (!m->stage_from_marker && f->stage_from_marker)) {
		m->stage = f->stage;
		m->stage_from_marker = f->stage_from_marker;
	}
	if (f->sig && m->sig && f->sig->priority > m->sig->priority && f->category == m->category)
		m->sig = f->sig;
	for (size_t i = 0; i < f->nev; i++)
		if (m->nev < EXPLAIN_MAX_EVIDENCE) {
			int dup = 0;
			for (size_t j = 0; j < m->nev; j++)
				dup |= m->ev[j].line == f->ev[i].line;
			if (!dup) {
				m->ev[m->nev++] = f->ev[i];
				f->ev[i].text = NULL;
			}
		}
	m->occurrences += f->occurrences;
	if (f->last_line > m->last_line)
		m->last_line = f->last_line;
	failure_free(f);
}

static void add_failure(struct explain *x, struct explain_failure *f)
{
	struct explain_failure *m = NULL;
	struct explain_failure *l = x->last;

	if (l && f->first_line <= l->last_line + MERGE_LINES &&
	    (l->stage == f->stage || l->stage == ES_UNKNOWN || f->stage == ES_UNKNOWN)) {
		if (l->category == f->category) {
			m = l;
		} else if (l->sig && f->sig && l->sig->priority <= WRAPPER_PRIORITY &&
			   f->sig->priority > l->sig->priority) {
			/* "IAM Role cannot be assumed." then the cause a few lines on */
			l->category = f->category;
			l->sig = f->sig;
			free(l->code);
			l->code = NULL;
			m = l;
		}
	}
	for (size_t i = 0; !m && i < x->nfailures; i++) {
		struct explain_failure *g = x->failures[i];
		if (g->category == f->category && g->stage == f->stage &&
		    same_str(g->tool, f->tool) && same_str(g->code, f->code) &&
		    same_str(g->operation, f->operation))
			m = g;
	}
	if (m) {
		merge_into(m, f);
		x->last = m;
		return;
	}
	if (x->nfailures >= EXPLAIN_MAX_FAILURES) {
		failure_free(f);
		return;
	}
	x->failures[x->nfailures++] = f;
	x->last = f;
}

/* The tool a stage implies when no marker named one. */
static void default_tool(struct explain_failure *f)
{
	if (!f->tool) {
		if (f->stage == ES_BACKEND) {
			f->tool = "terraform-s3-backend";
			if (!f->family || !strcmp(f->family, "aws-sdk-go-v2"))
				f->family = "Terraform 1.6 or later";
		} else if (f->stage == ES_PROVIDER_CONFIG || f->stage == ES_STATE_REFRESH ||
			   f->stage == ES_RESOURCE_OPERATION) {
			f->tool = "terraform-provider-aws";
		} else if (f->stage == ES_CLI) {
			f->tool = "aws-cli";
		} else if (f->stage == ES_CI_ACTION) {
			f->tool = "configure-aws-credentials";
		}
	}
	if (f->program && f->tool && !strcmp(f->tool, "terraform-s3-backend") &&
	    !strcmp(f->program, "opentofu"))
		f->tool = "opentofu-s3-backend";
}

static int terraform_stage(enum explain_stage s)
{
	return s == ES_PROVIDER_CONFIG || s == ES_BACKEND || s == ES_STATE_REFRESH ||
	       s == ES_RESOURCE_OPERATION;
}

static int is_sdk(const char *tool)
{
	return tool && !strncmp(tool, "sdk-", 4);
}

static void finish_failure(struct explain *x, struct explain_failure *f, const struct strbuf *text,
			   size_t bs, size_t be)
{
	enum explain_stage rs;
	size_t ws = bs > CONTEXT_BEFORE ? line_begin(x, bs - CONTEXT_BEFORE) : 0;
	size_t we = be + CONTEXT_AFTER < x->len ? be + CONTEXT_AFTER : x->len;
	const char *w = x->buf + ws;
	size_t wn = we > ws ? we - ws : 0;

	apply_markers(f, text);
	if (f->stage == ES_UNKNOWN && resource_stage(text, x->phase, &rs)) {
		f->stage = rs;
		f->stage_from_marker = 1;
	}
	context_around(f, w, wn, bs - ws);
	if (f->stage == ES_UNKNOWN)
		f->stage = x->phase;
	if (!x->program && (has(text, "opentofu.org") || has(text, "OpenTofu")))
		x->program = "opentofu";
	f->program = x->program;
	if (!f->tool && !terraform_stage(f->stage))
		context_tool_stage(f, w, wn, 1);
	default_tool(f);
	if (!f->tool)
		context_tool_stage(f, w, wn, 1);
	if (f->stage == ES_UNKNOWN && !is_sdk(f->tool))
		f->stage = f->sig->stage;
	default_tool(f);
	f->remote = x->remote;
	if (!f->key_id && x->last_key_id)
		f->key_id = xstrdup(x->last_key_id);
	if (!f->region && x->last_region)
		f->region = xstrdup(x->last_region);
	/* An unknown key in an opt-in region is most likely the region. */
	if ((f->category == EC_INVALID_CLIENT_TOKEN_ID || f->category == EC_UNRECOGNIZED_CLIENT ||
	     f->category == EC_AUTH_FAILURE_EC2) &&
	    f->region) {
		const struct region *r = region_find(f->region);
		if (r && r->opt_in)
			f->category = EC_OPT_IN_REGION;
	}
	context_refine(f, text->buf, text->len, w, wn);
}

struct block_line {
	size_t off, len; /* in the joined text */
	unsigned long long line;
};

/* Classify the diagnostic [bs, be); returns the new failure or NULL. */
static struct explain_failure *classify_block(struct explain *x, size_t bs, size_t be)
{
	struct strbuf text = STRBUF_INIT, ln = STRBUF_INIT;
	struct block_line lines[BLOCK_MAX_LINES + 1];
	size_t nlines = 0, p = bs, nev = 0;
	unsigned long long lineno = line_at(x, bs);
	const struct explain_sig *sig;
	struct explain_failure *f = NULL;

	while (p < be && nlines <= BLOCK_MAX_LINES) {
		size_t le = line_stop(x, p, be);
		unsigned fl = flags_of(x, &ln, p, le);
		if (fl & EXPLAIN_LINE_BINARY)
			x->binary = 1;
		if (!(fl & EXPLAIN_LINE_BLANK)) {
			if (text.len)
				strbuf_addch(&text, ' ');
			lines[nlines].off = text.len;
			lines[nlines].len = ln.len;
			lines[nlines].line = lineno;
			nlines++;
			strbuf_add(&text, ln.buf, ln.len);
		}
		lineno++;
		p = le + 1;
	}
	sig = best_sig(&text);
	if (!sig)
		goto done;
	f = xcalloc(1, sizeof(*f));
	f->sig = sig;
	f->category = sig->category;
	f->occurrences = 1;
	fields_extract(f, text.buf, text.len);
	for (size_t i = 0; i < nlines && nev < BLOCK_EVIDENCE; i++) {
		const char *s = text.buf + lines[i].off;
		int hit = 0;
		for (size_t j = 0; !hit && j < 4 && sig->all[j]; j++)
			hit = memmem(s, lines[i].len, sig->all[j], strlen(sig->all[j])) != NULL;
		if (hit ||
		    (lines[i].len > 6 && (!memcmp(s, "Error:", 6) || !memcmp(s, "error:", 6)))) {
			add_evidence(f, lines[i].line, s, lines[i].len);
			nev++;
		}
	}
	if (!f->nev && nlines)
		add_evidence(f, lines[0].line, text.buf + lines[0].off, lines[0].len);
	f->first_line = f->nev ? f->ev[0].line : lineno;
	f->last_line = nlines ? lines[nlines - 1].line : f->first_line;
	finish_failure(x, f, &text, bs, be);
done:
	strbuf_release(&text);
	strbuf_release(&ln);
	return f;
}

/*
 * Find the diagnostic around the line [ls, le) that holds a signature
 * anchor, classify it, then read a few lines after it for the stage
 * (Terraform 0.12-0.14 print "on main.tf line 1, in provider" after a blank).
 */
static int classify_around(struct explain *x, size_t ls, size_t le, size_t hit, size_t end,
			   int final)
{
	struct strbuf ln = STRBUF_INIT;
	unsigned hf = flags_of(x, &ln, ls, le), f;
	int box = !!(hf & EXPLAIN_LINE_BOX);
	size_t bs = ls, be, q, lower = x->last_block_end, n = 0;
	struct explain_failure *fail;
	int rc = BLOCK_DONE;

	if (le - ls > HUGE_LINE) {
		/* a line this long is no diagnostic we know: look around the hit only */
		size_t a = hit - ls > HUGE_LINE / 4 ? hit - HUGE_LINE / 4 : ls;
		size_t b = le - a > HUGE_LINE ? a + HUGE_LINE : le;
		fail = classify_block(x, a, b);
		x->last_block_end = le;
		if (fail)
			add_failure(x, fail);
		goto done;
	}
	if (!(hf & (EXPLAIN_LINE_LOG_START | EXPLAIN_LINE_ERROR | EXPLAIN_LINE_BOX_OPEN))) {
		while (bs > lower && n < BLOCK_MAX_LINES && ls - bs < BLOCK_MAX_BYTES) {
			size_t pls = line_begin(x, bs - 1);
			if (pls < lower)
				break;
			f = flags_of(x, &ln, pls, bs - 1);
			if (box) {
				if (!(f & EXPLAIN_LINE_BOX))
					break;
				bs = pls;
				if (f & EXPLAIN_LINE_ERROR)
					break;
			} else {
				if (f & (EXPLAIN_LINE_BLANK | EXPLAIN_LINE_BOX_CLOSE |
					 EXPLAIN_LINE_BOX))
					break;
				bs = pls;
				if (f & (EXPLAIN_LINE_LOG_START | EXPLAIN_LINE_ERROR))
					break;
			}
			n++;
		}
	}
	q = le < end ? le + 1 : end;
	for (n = 0;; n++) {
		size_t nle;
		if (q >= end) {
			if (!final && end - bs < BLOCK_MAX_BYTES)
				rc = BLOCK_NEED_MORE;
			break;
		}
		if (n >= BLOCK_MAX_LINES || q - bs >= BLOCK_MAX_BYTES)
			break;
		nle = line_stop(x, q, end);
		f = flags_of(x, &ln, q, nle);
		if (box ? !(f & EXPLAIN_LINE_BOX)
			: !!(f & (EXPLAIN_LINE_BLANK | EXPLAIN_LINE_LOG_START | EXPLAIN_LINE_ERROR |
				  EXPLAIN_LINE_BOX_OPEN | EXPLAIN_LINE_BOX)))
			break;
		q = nle < end ? nle + 1 : end;
	}
	if (rc == BLOCK_NEED_MORE)
		goto done;
	be = q;
	fail = classify_block(x, bs, be);
	x->last_block_end = be;
	if (fail) {
		int need_stage = !fail->stage_from_marker;
		add_failure(x, fail);
		fail = x->last;
		/* a few lines after the diagnostic can still tell the stage */
		for (n = 0; need_stage && n < POST_LINES && q < end; n++) {
			size_t nle = line_stop(x, q, end);
			struct explain_failure tmp = {0};
			f = flags_of(x, &ln, q, nle);
			if (f &
			    (EXPLAIN_LINE_ERROR | EXPLAIN_LINE_BOX_OPEN | EXPLAIN_LINE_LOG_START))
				break;
			tmp.stage = ES_UNKNOWN;
			apply_markers(&tmp, &ln);
			if (tmp.stage == ES_UNKNOWN)
				resource_stage(&ln, x->phase, &tmp.stage);
			if (tmp.stage != ES_UNKNOWN) {
				fail->stage = tmp.stage;
				fail->stage_from_marker = 1;
				/* Terraform's own lines beat a language hint in the message */
				if (is_sdk(fail->tool) && terraform_stage(tmp.stage))
					fail->tool = NULL;
				if (!fail->tool && tmp.tool)
					fail->tool = tmp.tool;
				default_tool(fail);
				need_stage = 0;
			}
			q = nle < end ? nle + 1 : end;
		}
	}
done:
	strbuf_release(&ln);
	return rc;
}

static void note_region(struct explain *x, char *reg)
{
	if (!reg)
		return;
	free(x->last_region);
	x->last_region = reg;
}

/*
 * A SigV4 scope "KEYID/20240105/REGION/service/aws4_request" at buf[p]:
 * every signed request in a TF_LOG has one, so no allocation unless the
 * key id or region changed.
 */
static void note_scope(struct explain *x, size_t p, size_t le)
{
	const char *s = x->buf + p, *e = x->buf + le, *r, *re;
	size_t n = 0;

	while (s + n < e && n < 21 &&
	       ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9')))
		n++;
	if (n != 20 || s + 20 >= e || s[20] != '/')
		return;
	if (!x->last_key_id || memcmp(x->last_key_id, s, 4) ||
	    memcmp(x->last_key_id + strlen(x->last_key_id) - 4, s + 16, 4)) {
		free(x->last_key_id);
		x->last_key_id = fields_key_id(s, 20);
	}
	r = memchr(s + 21, '/', (size_t)(e - s - 21));
	if (!r)
		return;
	r++;
	re = memchr(r, '/', (size_t)(e - r));
	if (!re || re - r > 30)
		return;
	if (!x->last_region || strlen(x->last_region) != (size_t)(re - r) ||
	    memcmp(x->last_region, r, (size_t)(re - r)))
		note_region(x, fields_scope_region(s - strlen("Credential="),
						   (size_t)(re + 1 - (s - strlen("Credential=")))));
}

/*
 * What a non-signature anchor at buf[p] says. No line bounds are needed,
 * which matters: a TF_LOG has a credential scope on every signed request.
 */
static void note_hit(struct explain *x, const struct explain_anchor *a, size_t p, size_t end)
{
	size_t from;

	switch (a->kind) {
	case EA_PHASE:
		x->phase = a->stage;
		break;
	case EA_REMOTE:
		x->remote = 1;
		break;
	case EA_PROGRAM:
		x->program = a->program;
		break;
	case EA_SCOPE:
		if (a->text[0] == 'C') {
			note_scope(x, p + strlen("Credential="), end - p > 200 ? p + 200 : end);
		} else {
			from = p > 253 ? p - 253 : 0;
			note_region(x,
				    fields_host_region(x->buf + from, p + strlen(a->text) - from));
		}
		break;
	case EA_SIGNATURE:
		break;
	}
}

/* Classify complete lines in [x->done, end); may stop early for more input. */
static void classify_region(struct explain *x, size_t end, int final)
{
	size_t pos = x->done;

	if (!x->scanner) {
		x->done = end;
		return;
	}
	x->hits.nr = 0;
	scan_collect(x->scanner, x->buf, pos, end, &x->hits);
	for (size_t i = 0; i < x->hits.nr; i++) {
		const struct explain_anchor *a = &explain_anchors[x->hits.v[i].which];
		size_t hit = x->hits.v[i].pos, ls, le;

		if (hit < pos)
			continue;
		if (a->kind != EA_SIGNATURE) {
			note_hit(x, a, hit, end);
			continue;
		}
		ls = line_begin(x, hit);
		le = line_stop(x, hit, end);
		if (ls < x->last_block_end) {
			pos = le + 1;
			continue;
		}
		if (classify_around(x, ls, le, hit, end, final) == BLOCK_NEED_MORE) {
			x->done = ls;
			return;
		}
		pos = le + 1 > x->last_block_end ? le + 1 : x->last_block_end;
	}
	x->done = end;
}

static void compact(struct explain *x)
{
	size_t keep = x->done > LOOK_BEHIND ? x->done - LOOK_BEHIND : 0;

	if (!keep)
		return;
	line_at(x, x->done);
	memmove(x->buf, x->buf + keep, x->len - keep);
	x->len -= keep;
	x->done -= keep;
	x->counted -= keep;
	x->last_block_end = x->last_block_end > keep ? x->last_block_end - keep : 0;
}

static void process(struct explain *x, int final)
{
	size_t end;

	if (final) {
		end = x->len;
	} else {
		const char *nl =
			x->len > x->done ? memrchr(x->buf + x->done, '\n', x->len - x->done) : NULL;
		if (!nl)
			return;
		end = (size_t)(nl - x->buf) + 1;
	}
	classify_region(x, end, final);
}

char *explain_space(struct explain *x, size_t *n)
{
	if (x->cap - x->len < MIN_SPACE) {
		compact(x);
		if (x->cap - x->len < MIN_SPACE) {
			/*
			 * One line longer than the buffer: take it as it is, but
			 * leave the last bytes for next time, so that a literal
			 * cut by the buffer's end is seen whole.
			 */
			classify_region(x, x->len - SPLIT_MARGIN, 1);
			compact(x);
		}
	}
	*n = x->cap - x->len;
	return x->buf + x->len;
}

void explain_commit(struct explain *x, size_t n)
{
	if (x->bytes < BINARY_SNIFF && memchr(x->buf + x->len, '\0', n))
		x->binary = 1;
	x->len += n;
	x->bytes += n;
	process(x, 0);
}

void explain_feed(struct explain *x, const char *data, size_t len)
{
	while (len) {
		size_t room, n;
		char *dst = explain_space(x, &room);
		n = len < room ? len : room;
		memcpy(dst, data, n);
		explain_commit(x, n);
		data += n;
		len -= n;
	}
}

void explain_finish(struct explain *x)
{
	process(x, 1);
	line_at(x, x->len);
	x->lines = x->line_at_counted + (x->len && x->buf[x->len - 1] != '\n');
}

void explain_buffer(struct explain *x, const char *data, size_t len)
{
	explain_init(x);
	explain_feed(x, data, len);
	explain_finish(x);
}

const struct explain_failure *explain_primary(const struct explain *x)
{
	for (size_t i = 0; i < x->nfailures; i++)
		if (x->failures[i]->category != EC_NOT_AUTH)
			return x->failures[i];
	return x->nfailures ? x->failures[0] : NULL;
}

size_t explain_auth_count(const struct explain *x)
{
	size_t n = 0;

	for (size_t i = 0; i < x->nfailures; i++)
		n += x->failures[i]->category != EC_NOT_AUTH;
	return n;
}
