/*
 * shared_files.c - checks on the AWS shared files' bytes: every place
 * where the AWS CLI (botocore) and Terraform (aws-sdk-go-v2, or v1 for old
 * versions) read the same bytes differently, file-level damage (BOM, line
 * endings, permissions), refusals, values and section headers. The
 * profiles in use are shared_profiles.c's. Findings point at
 * file:line:col.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aws/keyfmt.h"
#include "checks/checks.h"
#include "checks/shared_files.h"
#include "core/redact.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

static struct origin at(const struct shared_file *f, size_t off)
{
	unsigned line, col;

	ini_pos(&f->doc, off, &line, &col);
	return ORIGIN_AT(f->display, line, col);
}

static unsigned line_at(const struct shared_file *f, size_t off)
{
	unsigned line, col;

	ini_pos(&f->doc, off, &line, &col);
	return line;
}

static const char *tf_name(const struct shared *s)
{
	return s->dialect == DIALECT_GO_V1 ? "Terraform (aws-sdk-go v1)" : "Terraform";
}

/* The file of the same kind and path in another view, or NULL. */
static const struct shared_file *same_file(const struct shared *s, const struct shared_file *f)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].kind == f->kind && !strcmp(s->files[i].path, f->path))
			return &s->files[i];
	return NULL;
}

/* The section of doc whose header is the last one at or before off. */
static const struct ini_section *section_at(const struct ini_doc *d, size_t off)
{
	const struct ini_section *best = NULL;

	for (size_t i = 0; i < d->nr; i++)
		if (d->s[i].off <= off && (!best || d->s[i].off > best->off))
			best = &d->s[i];
	if (d->defaults.name && d->defaults.off <= off && (!best || d->defaults.off > best->off))
		best = &d->defaults;
	return best;
}

static int is_cred_key(const char *k)
{
	return !strcmp(k, "aws_access_key_id") || !strcmp(k, "aws_secret_access_key") ||
	       !strcmp(k, "aws_session_token") || !strcmp(k, "aws_security_token");
}

/*
 * A key name that can be shown as is: never a value, never control bytes,
 * and nothing shaped like a key id or a secret pasted before a separator
 * (those are upper case or mixed case without '_').
 */
static int plain_name(const char *s)
{
	size_t n = 0;
	int under = 0, upper = 0;

	for (; s[n]; n++) {
		if (s[n] >= 'A' && s[n] <= 'Z')
			upper = 1;
		else if (s[n] == '_')
			under = 1;
		else if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') ||
			   s[n] == '-' || s[n] == '.'))
			return 0;
	}
	return n > 0 && n <= 64 && (under || (!upper && n <= 24));
}

/* ---- variables that point at the files ----------------------------------- */

static void check_paths(const struct files_view *v, struct findings *fs)
{
	for (size_t i = 0; v->tf && i < v->tf->nfiles; i++) {
		const struct shared_file *tf = &v->tf->files[i];
		const struct shared_file *cli = NULL;
		const char *which_case;
		struct finding *f;

		if (!tf->env_value)
			continue;
		for (size_t j = 0; v->cli && j < v->cli->nfiles; j++)
			if (v->cli->files[j].kind == tf->kind)
				cli = &v->cli->files[j];
		if (tf->unexpanded && tf->state == SHARED_FILE_MISSING)
			which_case = "unexpanded";
		else if (tf->state == SHARED_FILE_DIRECTORY)
			which_case = "directory";
		else if (tf->state == SHARED_FILE_MISSING && (!cli || cli->state != SHARED_FILE_OK))
			which_case = "missing";
		else if (tf->state == SHARED_FILE_UNREADABLE)
			which_case = "unreadable";
		else
			continue;
		f = findings_add(fs, F_SHARED_FILE_PATH, &ORIGIN_ENV_VAR(tf->from));
		finding_set(f, "var", "%s", tf->from);
		finding_set(f, "value", "%s", tf->env_value);
		finding_set(f, "who", "%s", tf_name(v->tf));
		finding_set(f, "path", "%s", tf->path);
		finding_set(f, "abs_path", "%s", cli ? cli->path : tf->path);
		if (tf->state == SHARED_FILE_UNREADABLE)
			finding_set(f, "error", "%s", strerror(tf->err));
		finding_set(f, "cli_reads", "%s", "");
		if (cli && cli->state == SHARED_FILE_OK) {
			finding_set(f, "cli_path", "%s", cli->path);
			finding_phrase(f, "cli_reads", "expanded");
		}
		finding_phrase(f, "effect", which_case);
		if (strcmp(which_case, "missing"))
			finding_case(f, which_case);
	}
}

/* ---- one file's bytes ---------------------------------------------------- */

/*
 * CRLF only matters to Terraform in continuation lines (nested values such
 * as s3 =): plain key = value lines are read alike by both tools.
 */
static int has_nested(const struct ini_doc *d)
{
	for (size_t i = 0; i < d->nr; i++)
		for (size_t j = 0; j < d->s[i].nr; j++)
			if (d->s[i].v[j].flags & INI_NESTED)
				return 1;
	return 0;
}

static void check_bytes(const struct shared_file *f, struct findings *fs)
{
	const struct ini_doc *d = &f->doc;
	struct finding *fd;

	if (d->has_bom || d->utf16) {
		fd = findings_add(fs, F_BOM_IN_FILE, &ORIGIN_AT(f->display, 1, 1));
		finding_set(fd, "file", "%s", f->display);
		if (d->utf16) {
			finding_set(fd, "what", "is UTF-16");
			finding_set(fd, "effect",
				    "the AWS CLI rejects it, Terraform finds no profile in it");
			finding_case(fd, "utf16");
		} else {
			finding_set(fd, "what", "starts with a UTF-8 byte order mark");
			finding_set(
				fd, "effect",
				"the AWS CLI rejects it (no section headers), Terraform does not "
				"see the first [section] and its keys");
		}
	}
	if (d->has_lone_cr || (d->has_crlf && has_nested(d))) {
		fd = findings_add(fs, F_CRLF_OR_CR, &ORIGIN_AT(f->display, 1, 1));
		finding_set(fd, "file", "%s", f->display);
		finding_set(fd, "path", "%s", f->display);
		if (d->has_lone_cr) {
			finding_set(fd, "what", "%s", "ends lines with a lone CR (old Mac)");
			finding_set(fd, "effect", "%s",
				    "the AWS CLI reads it, Terraform sees one long line and no "
				    "profile at all");
			finding_set(fd, "extra", "%s", "   # for lone CRs: tr '\\r' '\\n'");
		} else {
			finding_set(fd, "what", "%s", "ends lines with CRLF (Windows)");
			finding_set(fd, "effect", "%s",
				    "both tools read it, but Terraform keeps the CR at the end of "
				    "continuation lines");
			finding_set(fd, "extra", "%s", "");
		}
	}
	if (f->kind == SHARED_CREDENTIALS && f->state == SHARED_FILE_OK && (f->mode & 044)) {
		fd = findings_add(fs, F_CREDENTIALS_FILE_PERMISSIONS, &ORIGIN_AT(f->display, 0, 0));
		finding_set(fd, "file", "%s", f->display);
		finding_set(fd, "path", "%s", f->display);
		finding_set(fd, "mode", "%03o", f->mode & 0777);
		finding_set(fd, "who", "%s", (f->mode & 04) ? "every user" : "its group");
	}
}

/* ---- refusals ------------------------------------------------------------ */

static void check_refusal(const struct shared_file *cli, const struct shared_file *tf,
			  const struct shared *tfs, struct findings *fs)
{
	struct finding *f;

	if (cli && cli->doc.refused) {
		struct origin o = at(cli, cli->doc.refusal_off);
		f = findings_add(fs, F_FILE_UNPARSABLE_FOR_CLI, &o);
		finding_set(f, "who", "the AWS CLI (botocore)");
		finding_set(f, "file", "%s", cli->display);
		finding_set(f, "reason", "%s", cli->doc.refusal);
		finding_set(
			f, "others", "%s",
			tf && tf->doc.refused
				? "; Terraform rejects it too"
				: "; Terraform reads it, so it can work there and fail in the CLI");
	}
	if (tf && tf->doc.refused) {
		struct origin o = at(tf, tf->doc.refusal_off);
		f = findings_add(fs, F_FILE_UNPARSABLE_FOR_CLI, &o);
		finding_set(f, "who", "%s", tf_name(tfs));
		finding_set(f, "file", "%s", tf->display);
		finding_set(f, "reason",
			    "a value that is a single quote character crashes aws-sdk-go-v2 (%s)",
			    tf->doc.refusal);
		finding_set(f, "others", "%s",
			    cli && cli->doc.refused ? "" : "; the AWS CLI reads it");
		finding_set(f, "line", "%u", o.line);
		finding_case(f, "lone-quote");
	}
}

/* ---- line by line: botocore's notes against the Go reading ---------------- */

static void check_lines(const struct shared_file *cli, const struct shared_file *tf,
			const struct shared *tfs, struct findings *fs)
{
	const struct ini_doc *d = &cli->doc;

	for (size_t i = 0; i < d->nnotes; i++) {
		const struct ini_note *n = &d->notes[i];
		struct origin o = at(cli, n->off);
		const struct ini_section *sec;
		struct finding *f;

		switch (n->kind) {
		case INI_NOTE_DUP_SECTION: {
			const struct ini_section *first = NULL;
			for (size_t j = 0; j < d->nr; j++)
				if (!strcmp(d->s[j].name, n->text))
					first = &d->s[j];
			f = findings_add(fs, F_DUPLICATE_PROFILE, &o);
			finding_set(f, "section", "%s", n->text);
			finding_set(f, "line", "%u", o.line);
			finding_set(f, "first", "%u", first ? line_at(cli, first->off) : 0);
			finding_set(f, "effect",
				    "the AWS CLI rejects the whole file, %s merges the two blocks",
				    tf_name(tfs));
			break;
		}
		case INI_NOTE_DUP_KEY: {
			const struct ini_value *v;
			sec = section_at(d, n->off);
			v = sec ? ini_section_value(sec, n->text) : NULL;
			f = findings_add(fs, F_DUPLICATE_KEY, &o);
			finding_set(f, "key", "%s", n->text);
			finding_set(f, "section", "%s", sec ? sec->name : "");
			finding_set(f, "line", "%u", o.line);
			finding_set(f, "first", "%u", v ? line_at(cli, v->key_off) : 0);
			finding_set(f, "effect",
				    "the AWS CLI rejects the whole file, %s uses the last value",
				    tf_name(tfs));
			break;
		}
		case INI_NOTE_IGNORED_LINE:
			f = findings_add(fs, F_JUNK_LINE, &o);
			finding_set(f, "line", "%u", o.line);
			finding_set(f, "effect",
				    "the AWS CLI rejects the whole file, %s ignores the line",
				    tf_name(tfs));
			break;
		case INI_NOTE_CONTINUATION:
			if (!*n->text)
				break; /* a plain continuation: both tools agree */
			f = findings_add(fs, F_INDENTED_KEY, &o);
			finding_set(f, "line", "%u", o.line);
			if (!strcmp(n->text, "["))
				finding_set(f, "effect",
					    "the AWS CLI glues this [section] header into the "
					    "value of the key "
					    "above it (and the keys below land in the section "
					    "above), %s reads it as a header",
					    tf_name(tfs));
			else
				finding_set(
					f, "effect",
					"the AWS CLI glues it into the value of the key above it, "
					"%s reads it as a key of its own",
					tf_name(tfs));
			break;
		default:
			break;
		}
	}
	if (!tf)
		return;
	/* keys before any section, from the Go reading (it names the key) */
	for (size_t i = 0; i < tf->doc.nnotes; i++) {
		const struct ini_note *n = &tf->doc.notes[i];
		struct origin o;
		struct finding *f;

		if (n->kind != INI_NOTE_OUTSIDE_SECTION || !*n->text)
			continue;
		/* a BOM, UTF-16 or lone CRs explain these lines on their own */
		if (tf->doc.has_bom || tf->doc.utf16 || tf->doc.has_lone_cr)
			continue;
		o = at(tf, n->off);
		f = findings_add(fs, F_KEY_OUTSIDE_SECTION, &o);
		finding_set(f, "line", "%u", o.line);
		finding_set(f, "key", "%s", plain_name(n->text) ? n->text : "a key");
		finding_set(f, "effect", "%s",
			    cli->doc.nr || cli->doc.defaults.name
				    ? "the AWS CLI rejects the file, Terraform ignores the key"
				    : "the AWS CLI rejects the file, Terraform ignores the key");
	}
}

/* ---- values: inline comments and quotes (Go cut them, botocore kept them) -- */

static void check_values(const struct shared_file *tf, struct findings *fs)
{
	const struct ini_doc *d = &tf->doc;

	for (size_t i = 0; i < d->nr; i++) {
		const struct ini_section *s = &d->s[i];
		for (size_t j = 0; j < s->nr; j++) {
			const struct ini_value *v = &s->v[j];
			int cred = is_cred_key(v->key);
			struct finding *f;

			if (v->flags & INI_COMMENT_CUT) {
				size_t c = 0;
				for (size_t k = 0; k + 1 < v->raw_len; k++)
					if ((v->raw[k] == ' ' || v->raw[k] == '\t') &&
					    (v->raw[k + 1] == '#' || v->raw[k + 1] == ';')) {
						c = k + 1;
						break;
					}
				struct origin o = at(tf, v->raw_off + c);
				f = findings_add(fs, F_INLINE_COMMENT_IN_VALUE, &o);
				finding_set(f, "key", "%s", v->key);
				finding_set(f, "section", "%s", s->name);
				finding_set(f, "col", "%u", o.col);
				finding_set(f, "effect", "%s",
					    cred ? "the AWS CLI sends the comment as part of the "
						   "credential, Terraform cuts it off"
						 : "the AWS CLI reads the comment as part of the "
						   "value, Terraform cuts it off");
			}
			if (v->flags & INI_QUOTED) {
				struct origin o = at(tf, v->val_off);
				char q = v->raw_len ? 0 : 0;
				for (size_t k = 0; k < v->raw_len; k++)
					if (v->raw[k] == '"' || v->raw[k] == '\'') {
						q = v->raw[k];
						break;
					}
				f = findings_add(fs, F_QUOTED_VALUE, &o);
				finding_set(f, "key", "%s", v->key);
				finding_set(f, "section", "%s", s->name);
				finding_set(f, "quotes", "%s",
					    q == '\'' ? "single quotes" : "double quotes");
				finding_set(f, "effect", "%s",
					    cred ? "the AWS CLI sends the quotes as part of the "
						   "credential, Terraform removes them"
						 : "the AWS CLI keeps the quotes in the value, "
						   "Terraform removes them");
			}
		}
	}
}

/* ---- section headers ----------------------------------------------------- */

/* botocore's profile name for a config-file section, or NULL (owned). */
static char *boto_config_name(const char *n)
{
	char **tok = NULL, *r = NULL;
	int nt;

	if (!strcmp(n, "default"))
		return xstrdup(n);
	if (strncmp(n, "profile", 7))
		return NULL;
	nt = ini_shlex_split(n, &tok);
	if (nt == 2)
		r = xstrdup(tok[1]);
	for (int i = 0; i < nt; i++)
		free(tok[i]);
	free(tok);
	return r;
}

/* go-v2's profile name for a section name, or NULL (owned). */
static char *go_name(const char *n, enum shared_kind k)
{
	if (k == SHARED_CREDENTIALS)
		return strncmp(n, "profile ", 8) ? xstrdup(n) : NULL;
	if (!strncmp(n, "profile ", 8))
		return xstrdup(n + 8);
	if (!strcasecmp(n, "default"))
		return xstrdup(n);
	return NULL;
}

static void header_finding(const struct shared_file *f, size_t off, const char *header,
			   const char *boto, const char *go, const char *want, struct findings *fs)
{
	struct origin o = at(f, off);
	struct finding *fd = findings_add(fs, F_PROFILE_HEADER_FORM, &o);
	struct strbuf eff = STRBUF_INIT;

	if (boto)
		strbuf_addf(&eff, "the AWS CLI reads profile '%s'", boto);
	else
		strbuf_addstr(&eff, "the AWS CLI does not read it as a profile");
	if (go)
		strbuf_addf(&eff, ", Terraform reads profile '%s'", go);
	else
		strbuf_addstr(&eff, ", Terraform drops it");
	finding_set(fd, "file", "%s", f->display);
	finding_set(fd, "line", "%u", o.line);
	finding_set(fd, "header", "%s", header);
	finding_set(fd, "effect", "%s", eff.buf);
	finding_set(fd, "want", "%s", want);
	strbuf_release(&eff);
}

static void check_headers(const struct shared_file *cli, struct findings *fs)
{
	const struct ini_doc *d = &cli->doc;
	const char *bytes = cli->bytes;
	size_t plain = 0, prefixed = 0;

	if (!bytes)
		return;
	for (size_t i = 0; i < d->nr; i++) {
		const struct ini_section *s = &d->s[i];
		size_t e = s->off;
		char *gsec = NULL, *boto, *go = NULL, *clean;

		while (e < cli->len && bytes[e] != '\n' && bytes[e] != '\r')
			e++;
		if (ini_go_header(bytes + s->off, e - s->off, &gsec) > 0 && *gsec)
			go = go_name(gsec, cli->kind);
		boto = cli->kind == SHARED_CONFIG ? boto_config_name(s->name) : xstrdup(s->name);
		if (cli->kind == SHARED_CONFIG && !strncmp(s->name, "sso-session", 11))
			goto next;
		if (cli->kind == SHARED_CONFIG && !strncmp(s->name, "services", 8))
			goto next;
		if (cli->kind == SHARED_CONFIG && !strcmp(s->name, "default"))
			plain = s->off + 1;
		if (cli->kind == SHARED_CONFIG && boto && !strcmp(boto, "default") &&
		    strcmp(s->name, "default"))
			prefixed = s->off + 1;
		if (boto && go && !strcmp(boto, go))
			goto next;
		/* what the user most likely meant */
		clean = xstrdup(go ? go : boto ? boto : s->name);
		{
			const char *p = clean;
			if (!strncmp(p, "profile", 7) && !go && !boto)
				p += 7;
			while (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'')
				p++;
			{
				char *w = xstrdup(p);
				size_t n = strlen(w);
				while (n && (w[n - 1] == ' ' || w[n - 1] == '\t' ||
					     w[n - 1] == '"' || w[n - 1] == '\''))
					w[--n] = 0;
				free(clean);
				clean = cli->kind == SHARED_CONFIG && strcmp(w, "default")
						? xstrfmt("profile %s", w)
						: xstrdup(w);
				free(w);
			}
		}
		header_finding(cli, s->off, s->name, boto, go, clean, fs);
		free(clean);
	next:
		free(boto);
		free(go);
		free(gsec);
	}
	if (plain && prefixed && plain > prefixed) {
		struct origin o = at(cli, plain - 1);
		struct finding *f = findings_add(fs, F_DEFAULT_SECTION_CONFLICT, &o);
		finding_set(f, "file", "%s", cli->display);
		finding_set(f, "plain", "%u", o.line);
		finding_set(f, "prefixed", "%u", line_at(cli, prefixed - 1));
		finding_set(f, "effect", "%s",
			    "the AWS CLI uses [default] (it comes later), Terraform uses "
			    "[profile default]");
	}
	if (d->defaults.name && d->defaults.nr) {
		struct origin o = at(cli, d->defaults.off);
		struct finding *f = findings_add(fs, F_DEFAULT_SECTION_INHERITED, &o);
		struct strbuf keys = STRBUF_INIT;
		for (size_t i = 0; i < d->defaults.nr && i < 4; i++)
			strbuf_addf(&keys, "%s%s", i ? ", " : "", d->defaults.v[i].key);
		if (d->defaults.nr > 4)
			strbuf_addstr(&keys, ", ...");
		finding_set(f, "file", "%s", cli->display);
		finding_set(f, "line", "%u", o.line);
		finding_set(f, "keys", "%s", keys.buf);
		finding_set(f, "effect", "%s",
			    "the AWS CLI adds these keys to every profile in the file, Terraform "
			    "only has them in a profile named DEFAULT");
		strbuf_release(&keys);
	}
}

void check_files(const struct files_view *v, struct findings *fs)
{
	const struct shared *views[3] = {v->cli, v->tf, v->backend};
	char *done[16];
	size_t ndone = 0;

	check_paths(v, fs);
	for (int w = 0; w < 3; w++) {
		const struct shared *s = views[w];
		for (size_t i = 0; s && i < s->nfiles; i++) {
			const struct shared_file *f = &s->files[i];
			const struct shared_file *cli, *tf;
			int dup = 0;

			if (f->state != SHARED_FILE_OK)
				continue;
			for (size_t j = 0; j < ndone; j++)
				if (!strcmp(done[j], f->path))
					dup = 1;
			if (dup || ndone >= ARRAY_SIZE(done))
				continue;
			done[ndone++] = f->path;
			cli = w == 0 ? f : same_file(v->cli, f);
			tf = w == 1 ? f : same_file(v->tf, f);
			check_bytes(f, fs);
			check_refusal(cli, tf, v->tf, fs);
			if (cli) {
				check_lines(cli, tf, v->tf, fs);
				check_headers(cli, fs);
			}
			if (tf)
				check_values(tf, fs);
		}
	}
	check_shared_profiles(v, fs);
}
