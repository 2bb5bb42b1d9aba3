/*
 * report.c - format selection, the JSON form of a finding, fingerprints.
 */
#include <openssl/evp.h>
#include <string.h>

#include "report/report.h"
#include "core/banned.h"

int report_format_parse(const char *s, enum report_format *out)
{
	if (!s || !strcmp(s, "text"))
		*out = FORMAT_TEXT;
	else if (!strcmp(s, "json"))
		*out = FORMAT_JSON;
	else if (!strcmp(s, "sarif"))
		*out = FORMAT_SARIF;
	else
		return -1;
	return 0;
}

int report_write(FILE *out, struct report *r, enum report_format fmt)
{
	switch (fmt) {
	case FORMAT_TEXT:
		return report_write_text(out, r);
	case FORMAT_JSON:
		return report_write_json(out, r);
	case FORMAT_SARIF:
		return report_write_sarif(out, r);
	}
	return -1;
}

void report_location_text(struct strbuf *sb, const struct origin *o)
{
	origin_text(sb, o, 1);
}

json_t *report_location_json(const struct origin *o)
{
	switch (o->kind) {
	case ORIGIN_ENV:
		return json_pack("{s:s}", "env", o->name);
	case ORIGIN_FILE:
		return json_pack("{s:s,s:i,s:i}", "file", o->name ? o->name : "", "line",
				 (json_int_t)o->line, "column", (json_int_t)o->col);
	case ORIGIN_ARG:
		return json_pack("{s:s}", "option", o->name);
	case ORIGIN_NONE:
		break;
	}
	return json_null();
}

json_t *report_finding_json(struct finding *f)
{
	const struct catalogue_entry *e = &catalogue[f->id];
	char fp[17];

	report_fingerprint(f, fp);
	return json_pack("{s:s,s:s,s:i,s:s,s:s,s:o,s:s,s:s}", "id", e->id, "severity",
			 severity_name(e->severity), "level", e->level, "title", e->title,
			 "message", finding_message(f), "location", report_location_json(&f->where),
			 "fix", finding_fix(f), "fingerprint", fp);
}

void report_fingerprint(struct finding *f, char out[17])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	const char *id = catalogue[f->id].id, *msg = finding_message(f);
	const char *where = f->where.name ? f->where.name : "";

	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(ctx, id, strlen(id) + 1) ||
	    !EVP_DigestUpdate(ctx, where, strlen(where) + 1) ||
	    !EVP_DigestUpdate(ctx, msg, strlen(msg)) || !EVP_DigestFinal_ex(ctx, md, &n)) {
		memcpy(out, "0000000000000000", 17);
		EVP_MD_CTX_free(ctx);
		return;
	}
	EVP_MD_CTX_free(ctx);
	for (int i = 0; i < 8; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[16] = '\0';
}

static int dump_cb(const char *buf, size_t size, void *data)
{
	return fwrite(buf, 1, size, (FILE *)data) == size ? 0 : -1;
}

int report_dump_json(FILE *out, json_t *doc, int pretty)
{
	int r = json_dump_callback(doc, dump_cb, out,
				   (pretty ? JSON_INDENT(2) : JSON_COMPACT) | JSON_PRESERVE_ORDER);
	if (r == 0 && fputc('\n', out) == EOF)
		r = -1;
	return r ? -1 : 0;
}
