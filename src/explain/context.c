/*
 * context.c - what the lines around a diagnostic say, and what a failure's
 * own text says beyond its category (explain's internals; see context.h).
 *
 * A paste is more than the error: the command that was run ("$ aws ec2 ...
 * --region ap-east-1", "aws-vault exec p -- terraform plan"), a stack trace
 * that names the language of the program, a wrapper's log prefix
 * ([terragrunt], ERRO[0003]). Those decide the tool and the stage when the
 * diagnostic does not, and the region of an opt-in region. Then the text
 * itself ranks the causes: the gap between signing time and AWS's clock in
 * "Signature expired", a container around an instance metadata timeout, the
 * MFA wording; and it names the Terraform service host of a platform token
 * and the shared file (and line) that did not parse.
 *
 * Only called once per failure found, so plain memmem over a bounded window
 * of the buffer is cheap enough; nothing here runs per input line.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/regions.h"
#include "core/finding.h"
#include "core/xalloc.h"
#include "explain/context.h"
#include "core/banned.h"

#define LINE_MAX_SCAN 512

static const char *find(const char *t, size_t len, const char *lit)
{
	return memmem(t, len, lit, strlen(lit));
}

void context_tool_stage(struct explain_failure *f, const char *w, size_t n, int weak)
{
	int want_stage = f->stage == ES_UNKNOWN;

	for (size_t i = 0; i < explain_contexts_nr; i++) {
		const struct explain_context *c = &explain_contexts[i];
		if (c->weak != weak || !find(w, n, c->text))
			continue;
		if (!f->tool && c->tool)
			f->tool = c->tool;
		if (weak && c->tool && f->tool && strcmp(c->tool, f->tool))
			continue;
		if (want_stage && c->stage != ES_UNKNOWN) {
			f->stage = c->stage;
			want_stage = 0;
		}
		if (f->tool && !want_stage)
			break;
	}
}

static int word_char(int c)
{
	return c > ' ' && c != '|' && c != ';' && c != '&' && c != '"' && c != '\'' && c != '`';
}

/* The word at *p (advanced past it and the blanks after it) into buf. */
static size_t next_word(const char **p, const char *e, char *buf, size_t cap)
{
	const char *s = *p;
	size_t n = 0;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (s < e && word_char((unsigned char)*s)) {
		if (n + 1 < cap)
			buf[n++] = *s;
		s++;
	}
	buf[n] = '\0';
	*p = s;
	return n;
}

static char *region_of(const char *s, size_t n)
{
	char name[32];
	size_t k = 0;

	while (k < n && k + 1 < sizeof(name) &&
	       ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9') || s[k] == '-'))
		name[k] = s[k], k++;
	name[k] = '\0';
	return k && region_find(name) ? xstrdup(name) : NULL;
}

/*
 * One line as a shell command: skip a prompt ("$ ", "> ", "# ", "➜ ",
 * "user@host:~$ "), VAR=value assignments (AWS_REGION=... is kept), sudo and
 * "pipenv run", and follow wrappers ("aws-vault exec p --", "aws-okta exec
 * p --"). Returns the tool the command names, or NULL.
 */
static const char *command_tool(const char *s, const char *e, enum explain_stage *stage,
				char **region)
{
	static const char *const prompts[] = {"$ ", "$> ", "=> ", "> ", "# ", "\xe2\x9e\x9c ",
					      "$",  ">",   NULL};
	const char *p = s, *cmd = NULL;
	char w[128];
	const char *tool = NULL;

	if (e - s > LINE_MAX_SCAN)
		e = s + LINE_MAX_SCAN;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	/* the text after the last prompt in the first 120 bytes of the line */
	for (const char *const *pr = prompts; *pr && !cmd; pr++) {
		size_t pl = strlen(*pr);
		const char *q = p, *last = NULL, *lim = p + 120 < e ? p + 120 : e;
		while ((q = memmem(q, (size_t)(lim - q), *pr, pl))) {
			last = q;
			q += pl;
		}
		if (last && (last == p || last[-1] == ' ' || last[-1] == ')' || last[-1] == ']' ||
			     last[-1] == '~' || last[-1] == ':' || last[-1] == '\\' ||
			     ((*pr)[0] == '>' && last[-1] != '-')))
			cmd = last + pl;
	}
	if (!cmd)
		cmd = p;
	p = cmd;
	for (int guard = 0; guard < 12 && next_word(&p, e, w, sizeof(w)); guard++) {
		const char *base = strrchr(w, '/');
		char *eq = strchr(w, '=');
		base = base ? base + 1 : w;
		if (eq && eq != w && w[0] >= 'A' && w[0] <= 'Z') {
			if ((!strncmp(w, "AWS_REGION=", 11) ||
			     !strncmp(w, "AWS_DEFAULT_REGION=", 19)) &&
			    !*region)
				*region = region_of(eq + 1, strlen(eq + 1));
			continue;
		}
		if (!strcmp(base, "sudo") || !strcmp(base, "pipenv") || !strcmp(base, "run") ||
		    !strcmp(base, "npx") || !strcmp(base, "exec"))
			continue;
		if (!strcmp(base, "aws-vault") || !strcmp(base, "aws-okta") ||
		    !strcmp(base, "awsume") || !strcmp(base, "granted") ||
		    !strcmp(base, "assume")) {
			const char *dd = memmem(p, (size_t)(e - p), " -- ", 4);
			if (dd) {
				p = dd + 4;
				continue;
			}
			*stage = ES_CLI;
			return base[5] == 'v' ? "aws-vault" : NULL;
		}
		if (!strcmp(base, "aws") || !strcmp(base, "aws.exe") || !strcmp(base, "aws.exe\""))
			tool = "aws-cli", *stage = ES_CLI;
		else if (!strcmp(base, "aws-mfa"))
			tool = "aws-mfa", *stage = ES_CLI;
		else if (!strcmp(base, "aws2-wrap"))
			tool = "aws2-wrap", *stage = ES_CLI;
		else if (!strcmp(base, "terragrunt"))
			tool = "terragrunt";
		else if ((!strcmp(base, "terraform") || !strcmp(base, "tofu")) &&
			 next_word(&p, e, w, sizeof(w)) && !strcmp(w, "workspace"))
			*stage = ES_BACKEND; /* workspaces live in the backend */
		else if (!strcmp(base, "cli53") || !strcmp(base, "eksctl") || !strcmp(base, "cw") ||
			 !strcmp(base, "rain"))
			tool = "sdk-go";
		break;
	}
	if (tool && !strcmp(tool, "aws-cli") && !*region) {
		const char *r = find(p, (size_t)(e - p), "--region");
		if (r) {
			r += 8;
			if (r < e && (*r == ' ' || *r == '='))
				r++;
			*region = region_of(r, (size_t)(e - r));
		}
	}
	return tool;
}

/* The last command before the diagnostic: its tool, stage and region. */
static void context_command(struct explain_failure *f, const char *w, size_t before, int set_tool)
{
	const char *s = w, *end = w + before;
	const char *tool = NULL;
	enum explain_stage stage = ES_UNKNOWN;
	char *region = NULL;

	while (s < end) {
		const char *le = memchr(s, '\n', (size_t)(end - s));
		enum explain_stage st = ES_UNKNOWN;
		char *reg = NULL;
		const char *t;
		if (!le)
			le = end;
		t = command_tool(s, le, &st, &reg);
		if (t || st != ES_UNKNOWN) {
			tool = t;
			stage = st;
			free(region);
			region = reg;
		} else {
			free(reg);
		}
		s = le + 1;
	}
	if (set_tool && !f->tool && tool)
		f->tool = tool;
	if (set_tool && f->stage == ES_UNKNOWN && (tool || stage != ES_UNKNOWN) &&
	    (!f->tool || !tool || !strcmp(f->tool, tool)))
		f->stage = stage;
	if (region && !f->region)
		f->region = region;
	else
		free(region);
}

/* region:X, owner=X, --region X anywhere near: log lines of multi-region tools. */
static void context_region(struct explain_failure *f, const char *w, size_t n)
{
	static const char *const leads[] = {"--region ",
					    "--region=",
					    "AWS_REGION=",
					    "AWS_DEFAULT_REGION=",
					    " region:",
					    "owner=",
					    "InvalidClientTokenId: \"",
					    NULL};

	for (const char *const *l = leads; *l && !f->region; l++) {
		const char *p = w;
		size_t ln = strlen(*l);
		while (!f->region && (p = memmem(p, (size_t)(w + n - p), *l, ln))) {
			p += ln;
			f->region = region_of(p, (size_t)(w + n - p));
		}
	}
}

void context_around(struct explain_failure *f, const char *w, size_t n, size_t before)
{
	context_tool_stage(f, w, n, 0);
	context_command(f, w, before, 1);
	context_region(f, w, n);
}

static void first_cause(struct explain_failure *f, const char *id)
{
	for (size_t i = 0; i < f->nfirst; i++)
		if (!strcmp(f->first_causes[i], id))
			return;
	if (f->nfirst < sizeof(f->first_causes) / sizeof(f->first_causes[0]))
		f->first_causes[f->nfirst++] = id;
}

/* "20161024T215820Z" at p: seconds since the epoch, or -1. */
static long long stamp_at(const char *p, const char *e)
{
	static const int widths[6] = {4, 2, 2, 2, 2, 2};
	int v[6];
	const char *q = p;
	long long days;
	int y, m, d;

	if (e - p < 16)
		return -1;
	for (int i = 0; i < 6; i++) {
		v[i] = 0;
		if (i == 3) {
			if (*q != 'T')
				return -1;
			q++;
		}
		for (int k = 0; k < widths[i]; k++, q++) {
			if (*q < '0' || *q > '9')
				return -1;
			v[i] = v[i] * 10 + (*q - '0');
		}
	}
	y = v[0], m = v[1], d = v[2];
	/* days from civil (Howard Hinnant) */
	y -= m <= 2;
	{
		long long era = (y >= 0 ? y : y - 399) / 400;
		unsigned yoe = (unsigned)(y - era * 400);
		unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
		unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
		days = era * 146097 + (long long)doe - 719468;
	}
	return days * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
}

/*
 * "Signature expired: SIGNED is now earlier than EARLIEST (NOW - N min.)":
 * a gap only a little over the limit, late in a run, is a request that
 * waited after it was signed; a first call (the provider's
 * GetCallerIdentity) or hours off is the clock.
 */
static void signature_gap(struct explain_failure *f, const char *t, size_t n)
{
	const char *p = find(t, n, "Signature expired: "), *e = t + n, *now, *lim;
	long long signed_at, now_at;
	long limit = 15 * 60, excess;

	if (!p) {
		if (find(t, n, "Signature not yet current") || find(t, n, "RequestInTheFuture"))
			first_cause(f, "clock-skew");
		return;
	}
	p += strlen("Signature expired: ");
	signed_at = stamp_at(p, e);
	now = find(p, (size_t)(e - p), " (");
	if (signed_at < 0 || !now)
		return;
	now_at = stamp_at(now + 2, e);
	if (now_at < 0)
		return;
	lim = find(now, (size_t)(e - now), " - ");
	if (lim) {
		long mins = strtol(lim + 3, NULL, 10);
		if (mins > 0 && mins < 120)
			limit = mins * 60;
	}
	f->wait_seconds = (long)(now_at - signed_at);
	excess = f->wait_seconds - limit;
	if (excess >= 0 && excess < 5 * 60 && f->stage != ES_PROVIDER_CONFIG &&
	    f->stage != ES_BACKEND &&
	    !(f->operation && !strcmp(f->operation, "GetCallerIdentity")) &&
	    !find(t, n, "GetCallerIdentity"))
		first_cause(f, "signature-expired-long-wait");
	else
		first_cause(f, "clock-skew");
}

static int host_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == ':';
}

/* The Terraform service host a platform token is for. */
static void platform_host(struct explain_failure *f, const char *t, size_t n)
{
	static const char *const leads[] = {"generate a token for ",
					    "credentials block for ",
					    "API token for ",
					    "terraform login ",
					    "tofu login ",
					    ") from ",
					    "host ",
					    "https://",
					    NULL};
	const char *e = t + n;

	for (const char *const *l = leads; *l && !f->host; l++) {
		const char *p = t;
		size_t ln = strlen(*l);
		while (!f->host && (p = memmem(p, (size_t)(e - p), *l, ln))) {
			const char *s = p + ln, *q = s;
			p = s;
			while (q < e && host_char((unsigned char)*q))
				q++;
			while (q > s && (q[-1] == '.' || q[-1] == ':'))
				q--;
			if (q - s < 4 || !memchr(s, '.', (size_t)(q - s)) ||
			    (q - s > 13 && !memcmp(q - 14, ".amazonaws.com", 14)))
				continue;
			f->host = xmemdupz(s, (size_t)(q - s));
		}
	}
}

/* The shared file (and line) a parse error names. */
static void config_location(struct explain_failure *f, const char *t, size_t n)
{
	static const struct {
		const char *lead;
		char stop;
	} leads[] = {
		{"While reading from '", '\''},	      {"file: '", '\''},
		{"failed to load config file, ", 0},  {"failed to load shared config file, ", ','},
		{"Unable to parse config file: ", 0},
	};
	const char *e = t + n;

	for (size_t i = 0; i < sizeof(leads) / sizeof(leads[0]) && !f->config_file; i++) {
		const char *p = find(t, n, leads[i].lead), *q;
		if (!p)
			continue;
		p += strlen(leads[i].lead);
		for (q = p; q < e && *q != '\n' && *q != ' ' && *q != leads[i].stop; q++)
			;
		while (q > p && (q[-1] == ',' || q[-1] == '.'))
			q--;
		if (q > p)
			f->config_file = xmemdupz(p, (size_t)(q - p));
	}
	{
		const char *p = find(t, n, "[line ");
		size_t skip = 6;
		if (!p)
			p = find(t, n, "', line: "), skip = 9;
		if (p) {
			p += skip;
			while (p < e && *p == ' ')
				p++;
			f->config_line = (unsigned)strtoul(p, NULL, 10);
		}
	}
}

static int has_any(const char *t, size_t n, const char *const *lits)
{
	for (; *lits; lits++)
		if (find(t, n, *lits))
			return 1;
	return 0;
}

void context_refine(struct explain_failure *f, const char *t, size_t n, const char *w, size_t wn)
{
	static const char *const imds_wait[] = {"i/o timeout",
						"context deadline exceeded",
						"request canceled",
						"canceled,",
						"TimeoutError",
						"Client.Timeout",
						NULL};
	static const char *const container[] = {
		"docker",     "Docker",	 "container", "[Container]", "kubectl",	      "kubernetes",
		"Kubernetes", "Fargate", "ECS",	      " pod",	     "controller.go", NULL};

	switch (f->category) {
	case EC_CLOCK_SKEW:
		signature_gap(f, t, n);
		break;
	case EC_NO_CREDENTIALS:
	case EC_IMDS_UNREACHABLE:
		if (f->remote) /* the platform's workers: their credentials, not a hop limit */
			break;
		if (has_any(t, n, imds_wait) || find(t, n, "IMDS") ||
		    (has_any(w, wn, imds_wait) &&
		     (find(w, wn, "IMDS") || find(w, wn, "169.254")))) {
			if (find(t, n, "StatusCode: 404") || find(t, n, "status code: 404")) {
				/* IMDS answered: no instance profile, not an unreachable one */
			} else if (has_any(w, wn, container)) {
				first_cause(f, "imds-hop-limit");
			} else if (has_any(t, n, imds_wait) || has_any(w, wn, imds_wait)) {
				first_cause(f, "imds-last-resort");
				first_cause(f, "imds-hop-limit");
			}
		} else if (has_any(w, wn, container) && f->category == EC_NO_CREDENTIALS &&
			   (find(t, n, "NoCredentialProviders") ||
			    find(t, n, "no valid providers in chain"))) {
			first_cause(f, "imds-hop-limit");
		}
		break;
	case EC_MFA:
		if (find(t, n, "must provide both MFA serial number"))
			first_cause(f, "mfa-serial-missing");
		else if (find(t, n, "AssumeRoleTokenProvider") ||
			 find(t, n, "token provider required"))
			first_cause(f, "mfa-prompt-unsupported");
		break;
	case EC_PLATFORM_TOKEN:
		platform_host(f, t, n);
		if (!f->host)
			platform_host(f, w, wn);
		if (!f->tool || !strcmp(f->tool, "terraform-s3-backend") ||
		    !strcmp(f->tool, "terragrunt") || !strcmp(f->tool, "sdk-go")) {
			if (f->tool && !strcmp(f->tool, "terragrunt"))
				break;
			if (f->host && find(f->host, strlen(f->host), "scalr.io"))
				f->tool = "scalr";
			else if (f->stage == ES_REGISTRY && f->host &&
				 !find(f->host, strlen(f->host), "terraform.io"))
				f->tool = "terraform";
			else
				f->tool = "hcp-terraform";
		}
		break;
	case EC_CONFIG_UNPARSABLE:
		config_location(f, t, n);
		break;
	case EC_ASSUME_ROLE_DENIED:
		if (f->tool && !strcmp(f->tool, "terragrunt"))
			f->stage = ES_IAM_ROLE;
		break;
	default:
		break;
	}
	/* Terragrunt's own calls before Terraform runs are its remote state checks */
	if (f->tool && !strcmp(f->tool, "terragrunt") && f->stage == ES_UNKNOWN &&
	    f->category != EC_SSO_EXPIRED && f->category != EC_PLATFORM_TOKEN)
		f->stage = ES_BACKEND;
}

static size_t add_cause(const char **out, size_t n, size_t max, const char *id)
{
	if (n >= max || !id || !catalogue_find(id))
		return n;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(out[i], id))
			return n;
	out[n] = id;
	return n + 1;
}

size_t explain_category_causes(enum explain_category c, const char **out, size_t max)
{
	size_t n = 0;

	if (c >= EC_NR)
		return 0;
	for (size_t i = 0; i < EXPLAIN_MAX_CAUSES && explain_categories[c].causes[i]; i++)
		n = add_cause(out, n, max, explain_categories[c].causes[i]);
	return n;
}

size_t explain_failure_causes(const struct explain_failure *f, const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < f->nfirst; i++)
		n = add_cause(out, n, max, f->first_causes[i]);
	for (size_t i = 0; i < EXPLAIN_MAX_CAUSES && explain_categories[f->category].causes[i]; i++)
		n = add_cause(out, n, max, explain_categories[f->category].causes[i]);
	return n;
}
