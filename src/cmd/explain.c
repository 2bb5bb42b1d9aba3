/*
 * explain.c - `tfauth explain`: with a finding id, print its catalogue
 * entry; with a file, `-` or piped input, read Terraform / AWS CLI / CI
 * error output or a TF_LOG file (streamed, any size) and say which
 * authentication failure it shows, where in the workflow, written by which
 * tool, and the likely causes with the doctor check that decides each.
 * --doctor runs those checks at once and prints one combined verdict.
 *
 * Exit status: 0 no authentication failure found (or an id printed),
 * 1 at least one authentication failure found, 2 usage, 3 I/O error.
 */
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/doctor.h"
#include "core/diag.h"
#include "core/strbuf.h"
#include "explain/explain.h"
#include "core/banned.h"

static const struct opt_usage usage = {
	"tfauth explain [options] [ID | FILE | -]",
	"With a finding id, print its documentation. Otherwise read Terraform, AWS CLI or "
	"CI error output or a TF_LOG file (FILE, - or standard input when it is not a "
	"terminal; any size, streamed) and say which authentication failure it shows, at "
	"which stage, written by which tool, and the likely causes with the doctor check "
	"that decides each. Exit 0 when no authentication failure is found, 1 when one "
	"is, 2 on a usage error, 3 on an I/O error.",
};

static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[64], cur[64];

	if (la > 62 || lb > 62)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t s = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t d = prev[j] + 1, n = cur[j - 1] + 1;
			cur[j] = s < d ? (s < n ? s : n) : (d < n ? d : n);
		}
		memcpy(prev, cur, (lb + 1) * sizeof(size_t));
	}
	return prev[lb];
}

static int print_entry(const struct catalogue_entry *e, const char *format)
{
	char *fix = catalogue_fix_text(e);
	int r = 0;

	if (format && !strcmp(format, "json")) {
		json_t *j = json_pack("{s:i,s:s,s:s,s:s,s:i,s:s,s:s,s:s}", "schema", 1, "command",
				      "explain", "id", e->id, "severity",
				      severity_name(e->severity), "level", e->level, "title",
				      e->title, "explanation", e->explanation, "fix", fix);
		r = report_dump_json(stdout, j, 1);
		json_decref(j);
	} else {
		printf("%s (%s, level %d: %s)\n%s\n\n%s\n\nfix: %s\n", e->id,
		       severity_name(e->severity), e->level, level_name(e->level), e->title,
		       e->explanation, fix);
	}
	free(fix);
	return r;
}

static int print_category(const struct explain_category_info *ci, const char *format)
{
	const char *cs[EXPLAIN_MAX_CAUSES];
	size_t nc = explain_category_causes((enum explain_category)(ci - explain_categories), cs,
					    EXPLAIN_MAX_CAUSES);

	if (format && !strcmp(format, "json")) {
		json_t *causes = json_array();
		json_t *j;
		int r;
		for (size_t i = 0; i < nc; i++)
			json_array_append_new(causes, json_string(cs[i]));
		j = json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:o}", "schema", 1, "command", "explain",
			      "category", ci->name, "title", ci->title, "explanation",
			      ci->explanation, "fix", ci->fix, "likely_causes", causes);
		r = report_dump_json(stdout, j, 1);
		json_decref(j);
		return r;
	}
	printf("%s: %s\n\n%s\n\nfix: %s\n", ci->name, ci->title, ci->explanation, ci->fix);
	if (nc) {
		printf("\nlikely causes, most likely first:\n");
		for (size_t i = 0; i < nc; i++)
			printf("  %s\n", cs[i]);
	}
	return 0;
}

/* Print s wrapped at 78 columns, every line indented by ind spaces. */
static void print_wrapped(FILE *out, const char *s, int ind, int first_ind)
{
	int col = first_ind;

	while (*s) {
		size_t w = strcspn(s, " ");
		if (col > ind && col + 1 + (int)w > 78) {
			fprintf(out, "\n%*s", ind, "");
			col = ind;
		} else if (col > ind) {
			fputc(' ', out);
			col++;
		}
		fwrite(s, 1, w, out);
		col += (int)w;
		s += w;
		while (*s == ' ')
			s++;
	}
	fputc('\n', out);
}

static const char *or_unknown(const char *s)
{
	return s ? s : "unknown";
}

/* Doctor's verdict on one failure: which of its likely causes doctor found. */
struct verdict {
	struct finding *confirmed[EXPLAIN_MAX_CAUSES];
	size_t n;
};

static struct finding *doctor_finding(struct findings *fs, const char *slug)
{
	const struct catalogue_entry *e = catalogue_find(slug);

	if (!e)
		return NULL;
	for (size_t i = 0; i < fs->nr; i++)
		if (fs->v[i]->id == (enum finding_id)(e - catalogue))
			return fs->v[i];
	return NULL;
}

static void verdict_of(struct verdict *v, const struct explain_failure *f, struct findings *fs)
{
	const char *cs[EXPLAIN_MAX_CAUSES];
	size_t nc = explain_failure_causes(f, cs, EXPLAIN_MAX_CAUSES);

	v->n = 0;
	for (size_t i = 0; i < nc; i++) {
		struct finding *fd = doctor_finding(fs, cs[i]);
		if (fd)
			v->confirmed[v->n++] = fd;
	}
}

static void text_failure(FILE *out, const char *name, size_t idx, const struct explain_failure *f)
{
	const struct explain_category_info *ci = &explain_categories[f->category];
	const char *cs[EXPLAIN_MAX_CAUSES];
	size_t nc = explain_failure_causes(f, cs, EXPLAIN_MAX_CAUSES);

	fprintf(out, "\n[%zu] %s: %s\n", idx, ci->name, ci->title);
	fprintf(out, "    stage      %s", explain_stage_name(f->stage));
	if (f->tool || f->family) {
		fprintf(out, " (%s", or_unknown(f->tool));
		if (f->family)
			fprintf(out, ", %s", f->family);
		fputc(')', out);
	}
	if (f->program && strcmp(f->program, "terraform"))
		fprintf(out, ", %s", f->program);
	fputc('\n', out);
	if (f->remote)
		fputs("    remote     this ran on HCP Terraform / TFE / Scalr: look at the "
		      "workspace's\n               credentials, not at this machine's\n",
		      out);
	if (f->code || f->status) {
		fprintf(out, "    error      %s", or_unknown(f->code));
		if (f->status)
			fprintf(out, ", HTTP %d", f->status);
		fputc('\n', out);
	}
	if (f->operation)
		fprintf(out, "    operation  %s\n", f->operation);
	if (f->request_id)
		fprintf(out, "    request id %s\n", f->request_id);
	if (f->region)
		fprintf(out, "    region     %s\n", f->region);
	if (f->endpoint)
		fprintf(out, "    endpoint   %s\n", f->endpoint);
	if (f->key_id)
		fprintf(out, "    key id     %s\n", f->key_id);
	if (f->host) {
		fprintf(out, "    host       %s: terraform login %s, or TF_TOKEN_", f->host,
			f->host);
		for (const char *h = f->host; *h && *h != ':'; h++)
			fputs(*h == '.' ? "_" : *h == '-' ? "__" : (char[2]){*h, 0}, out);
		fputs("=TOKEN\n", out);
	}
	if (f->config_file) {
		fprintf(out, "    file       %s", f->config_file);
		if (f->config_line)
			fprintf(out, " line %u", f->config_line);
		fputs(" (tfauth doctor names the line each SDK stops at)\n", out);
	}
	if (f->wait_seconds > 0)
		fprintf(out, "    signed     %ld min %ld s before AWS's clock\n",
			f->wait_seconds / 60, f->wait_seconds % 60);
	for (size_t i = 0; i < f->nev; i++)
		fprintf(out, "    %s %s:%llu: %s\n", i ? "          " : "evidence  ", name,
			f->ev[i].line, f->ev[i].text);
	if (f->occurrences > 1)
		fprintf(out, "    seen       %llu times\n", f->occurrences);
	if (f->sig && f->sig->note) {
		fputs("    note       ", out);
		print_wrapped(out, f->sig->note, 15, 15);
	}
	fputs("    why        ", out);
	print_wrapped(out, ci->explanation, 15, 15);
	fputs("    fix        ", out);
	print_wrapped(out, ci->fix, 15, 15);
	if (nc) {
		fputs("    likely causes, most likely first (tfauth doctor checks each; "
		      "tfauth explain ID):\n",
		      out);
		for (size_t i = 0; i < nc; i++) {
			const struct catalogue_entry *e = catalogue_find(cs[i]);
			fprintf(out, "      %zu. %s", i + 1, cs[i]);
			if (e)
				fprintf(out, ": %s", e->title);
			if (e && !strcmp(e->area, "live"))
				fputs(" (needs the STS call: tfauth whoami, doctor --live)", out);
			fputc('\n', out);
		}
	}
}

static void text_verdict(FILE *out, const struct explain_failure *f, struct findings *fs)
{
	struct verdict v;

	verdict_of(&v, f, fs);
	fprintf(out, "\nverdict (with tfauth doctor's offline checks): %s at %s\n",
		explain_category_name(f->category), explain_stage_name(f->stage));
	if (!v.n) {
		fprintf(out,
			"  doctor found none of its likely causes on this machine (%zu "
			"finding(s) in all); ",
			fs->nr);
		if (f->remote || f->stage == ES_CI_ACTION)
			fputs("the failure ran elsewhere (CI or a remote run): check that "
			      "environment's credentials\n",
			      out);
		else
			fputs("run tfauth doctor -v for the whole report, or tfauth whoami to ask "
			      "AWS\n",
			      out);
		return;
	}
	for (size_t i = 0; i < v.n; i++) {
		struct finding *fd = v.confirmed[i];
		fprintf(out, "  %s %s: %s\n", i ? "also" : "cause", catalogue[fd->id].id,
			finding_message(fd));
		fprintf(out, "        fix: %s\n", finding_fix(fd));
	}
}

static int write_text(FILE *out, const char *name, const struct explain *x, struct findings *doctor)
{
	size_t auth = explain_auth_count(x);
	const struct explain_failure *p = explain_primary(x);

	if (!x->nfailures) {
		fprintf(out, "%s: no authentication failure found (%llu lines%s)\n", name, x->lines,
			x->binary ? ", binary data skipped" : "");
		fputs("category: not_auth\n", out);
		return 0;
	}
	fprintf(out, "%s: %zu authentication failure%s", name, auth, auth == 1 ? "" : "s");
	if (x->nfailures > auth)
		fprintf(out, ", %zu other error%s", x->nfailures - auth,
			x->nfailures - auth == 1 ? "" : "s");
	fprintf(out, " (%llu lines%s)\n", x->lines, x->binary ? ", binary data skipped" : "");
	fprintf(out, "primary: %s at %s (%s)\n", explain_category_name(p->category),
		explain_stage_name(p->stage), or_unknown(p->tool));
	for (size_t i = 0; i < x->nfailures; i++)
		text_failure(out, name, i + 1, x->failures[i]);
	if (doctor && p->category != EC_NOT_AUTH)
		text_verdict(out, p, doctor);
	return 0;
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *causes_json(const struct explain_failure *f)
{
	json_t *a = json_array();
	const char *cs[EXPLAIN_MAX_CAUSES];
	size_t nc = explain_failure_causes(f, cs, EXPLAIN_MAX_CAUSES);

	for (size_t i = 0; i < nc; i++)
		json_array_append_new(a, json_string(cs[i]));
	return a;
}

static json_t *failure_json(const struct explain_failure *f)
{
	const struct explain_category_info *ci = &explain_categories[f->category];
	json_t *ev = json_array(), *o;

	for (size_t i = 0; i < f->nev; i++)
		json_array_append_new(ev, json_pack("{s:I,s:s}", "line", (json_int_t)f->ev[i].line,
						    "text", f->ev[i].text));
	o = json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:b,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:I,s:s,s:o,"
		      "s:s,s:o,s:o}",
		      "category", ci->name, "stage", explain_stage_name(f->stage), "tool",
		      or_unknown(f->tool), "version_family", jstr(f->family), "program",
		      jstr(f->program), "signature", jstr(f->sig ? f->sig->id : NULL), "remote_run",
		      f->remote, "title", ci->title, "aws_error_code", jstr(f->code), "http_status",
		      f->status ? json_integer(f->status) : json_null(), "operation",
		      jstr(f->operation), "request_id", jstr(f->request_id), "region",
		      jstr(f->region), "endpoint", jstr(f->endpoint), "access_key_id",
		      jstr(f->key_id), "occurrences", (json_int_t)f->occurrences, "explanation",
		      ci->explanation, "note", jstr(f->sig ? f->sig->note : NULL), "fix", ci->fix,
		      "likely_causes", causes_json(f), "evidence", ev);
	if (f->host)
		json_object_set_new(o, "host", json_string(f->host));
	if (f->config_file)
		json_object_set_new(o, "config_file", json_string(f->config_file));
	if (f->config_line)
		json_object_set_new(o, "config_line", json_integer(f->config_line));
	if (f->wait_seconds > 0)
		json_object_set_new(o, "signed_seconds_before", json_integer(f->wait_seconds));
	return o;
}

static int write_json(FILE *out, const char *name, const struct explain *x, struct findings *doctor)
{
	const struct explain_failure *p = explain_primary(x);
	json_t *fails = json_array(), *doc;
	int r;

	for (size_t i = 0; i < x->nfailures; i++)
		json_array_append_new(fails, failure_json(x->failures[i]));
	doc = json_pack("{s:i,s:s,s:s,s:I,s:I,s:b,s:s,s:s,s:s,s:o,s:I,s:o}", "schema", 1, "command",
			"explain", "input", name, "bytes", (json_int_t)x->bytes, "lines",
			(json_int_t)x->lines, "binary", x->binary, "category",
			p ? explain_category_name(p->category) : "not_auth", "stage",
			p ? explain_stage_name(p->stage) : "unknown", "tool",
			p ? or_unknown(p->tool) : "unknown", "likely_causes",
			p ? causes_json(p) : json_array(), "auth_failures",
			(json_int_t)explain_auth_count(x), "failures", fails);
	if (doctor) {
		json_t *conf = json_array();
		struct verdict v = {0};
		if (p && p->category != EC_NOT_AUTH)
			verdict_of(&v, p, doctor);
		for (size_t i = 0; i < v.n; i++) {
			struct finding *fd = v.confirmed[i];
			json_array_append_new(conf,
					      json_pack("{s:s,s:s,s:s}", "id", catalogue[fd->id].id,
							"message", finding_message(fd), "fix",
							finding_fix(fd)));
		}
		json_object_set_new(doc, "doctor",
				    json_pack("{s:I,s:o,s:s}", "findings", (json_int_t)doctor->nr,
					      "confirmed_causes", conf, "verdict",
					      v.n ? catalogue[v.confirmed[0]->id].id
						  : "no likely cause found offline"));
	}
	r = report_dump_json(out, doc, 1);
	json_decref(doc);
	return r;
}

/* Stream fd through the classifier; 0, or -errno. */
static int explain_fd(struct explain *x, int fd)
{
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	for (;;) {
		size_t room;
		char *dst = explain_space(x, &room);
		ssize_t n = read(fd, dst, room);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		explain_commit(x, (size_t)n);
	}
	explain_finish(x);
	return 0;
}

static int run_doctor(struct cmd_ctx *ctx, const struct common_opts *c, struct doctor *d)
{
	d->ctx = ctx;
	d->c = c;
	d->dir = ".";
	facts_init(&d->facts, &ctx->env);
	d->facts.arg_profile = c->profile;
	d->facts.arg_region = c->region;
	d->facts.arg_endpoint_url = c->endpoint_url;
	d->resolution = json_object();
	strbuf_init(&d->text, 0);
	doctor_collect(d);
	return 0;
}

static void release_doctor(struct doctor *d)
{
	json_decref(d->resolution);
	strbuf_release(&d->text);
	findings_release(&d->findings);
	facts_release(&d->facts);
}

static int explain_input(struct cmd_ctx *ctx, const struct common_opts *c, const char *path,
			 int with_doctor)
{
	struct explain x;
	struct doctor d = {0};
	const char *name = path ? path : "<stdin>";
	FILE *out = stdout;
	int fd = 0, rc, code;

	if (path) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			error_msg("cannot open '%s': %s", path, strerror(errno));
			return EXIT_RUNTIME;
		}
	}
	explain_init(&x);
	rc = explain_fd(&x, fd);
	if (path)
		close(fd);
	if (rc < 0) {
		error_msg("cannot read '%s': %s", name, strerror(-rc));
		explain_release(&x);
		return EXIT_RUNTIME;
	}
	if (with_doctor)
		run_doctor(ctx, c, &d);
	if (c->output && strcmp(c->output, "-")) {
		out = fopen(c->output, "w");
		if (!out) {
			error_msg("cannot open '%s': %s", c->output, strerror(errno));
			code = EXIT_RUNTIME;
			goto done;
		}
	}
	if (c->format && !strcmp(c->format, "json"))
		rc = write_json(out, name, &x, with_doctor ? &d.findings : NULL);
	else
		rc = write_text(out, name, &x, with_doctor ? &d.findings : NULL);
	code = explain_auth_count(&x) ? EXIT_FINDINGS : EXIT_OK;
	if (out != stdout && (fclose(out) != 0 || rc)) {
		error_msg("cannot write '%s': %s", c->output, strerror(errno));
		code = EXIT_RUNTIME;
	} else if (rc) {
		code = EXIT_RUNTIME;
	}
done:
	if (with_doctor)
		release_doctor(&d);
	explain_release(&x);
	return code;
}

static int looks_like_id(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_'))
			return 0;
	return 1;
}

int cmd_explain(int argc, char **argv, struct cmd_ctx *ctx)
{
	struct common_opts c = {0};
	int list = 0, with_doctor = 0;
	const struct option opts[] = {
		OPT_COMMON(&c),
		OPT_AWS(&c),
		{OPT_BOOL, 0, "list", &list, NULL, "list every finding id with its title"},
		{OPT_BOOL, 0, "doctor", &with_doctor, NULL,
		 "also run tfauth doctor's offline checks and print one combined verdict"},
		OPT_END(),
	};
	const struct catalogue_entry *e;
	enum explain_category cat;
	struct stat st;
	int n, code;

	n = cmd_parse(argc, argv, opts, &usage, &code);
	if (n < 0)
		return code;
	if (c.format && strcmp(c.format, "text") && strcmp(c.format, "json")) {
		error_msg("unknown format '%s' for explain: use text or json", c.format);
		return EXIT_USAGE;
	}
	if (list) {
		for (size_t i = 0; i < FINDING_ID_NR; i++)
			printf("%-40s %-7s %s\n", catalogue[i].id,
			       severity_name(catalogue[i].severity), catalogue[i].title);
		return EXIT_OK;
	}
	if (n > 1) {
		error_msg("explain takes one finding id or one file, not %d arguments", n);
		return EXIT_USAGE;
	}
	if (n == 0) {
		if (isatty(0)) {
			error_msg("explain needs a finding id, a file, or error output on standard "
				  "input (terraform plan 2>&1 | tfauth explain)");
			return EXIT_USAGE;
		}
		return explain_input(ctx, &c, NULL, with_doctor);
	}
	if (!strcmp(argv[0], "-"))
		return explain_input(ctx, &c, NULL, with_doctor);
	if ((e = catalogue_find(argv[0])))
		return print_entry(e, c.format) ? EXIT_RUNTIME : EXIT_OK;
	if (!explain_category_parse(argv[0], &cat) && stat(argv[0], &st))
		return print_category(&explain_categories[cat], c.format) ? EXIT_RUNTIME : EXIT_OK;
	if (!stat(argv[0], &st) || !looks_like_id(argv[0]))
		return explain_input(ctx, &c, argv[0], with_doctor);
	{
		const char *best = NULL;
		size_t bd = 6;
		for (size_t i = 0; i < FINDING_ID_NR; i++) {
			size_t d = distance(argv[0], catalogue[i].id);
			if (d < bd) {
				bd = d;
				best = catalogue[i].id;
			}
		}
		if (best)
			error_msg("unknown finding id '%s'; did you mean '%s'?", argv[0], best);
		else
			error_msg("'%s' is neither a finding id nor a file (tfauth explain --list "
				  "shows the ids)",
				  argv[0]);
	}
	return EXIT_USAGE;
}
