/*
 * sarif.c - SARIF 2.1.0 for GitHub code scanning (ecosystem-conventions.md
 * §2.4, §5.3): one run, the whole catalogue as rules, one location per
 * result, partialFingerprints "tfauth/v1", no snippets.
 */
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "core/strbuf.h"
#include "core/banned.h"

static const char *sarif_level(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

static json_t *rule_json(const struct catalogue_entry *e)
{
	struct strbuf help = STRBUF_INIT, md = STRBUF_INIT;
	json_t *rule, *props;
	char *fix = catalogue_fix_text(e);

	strbuf_addf(&help, "%s\n\nFix: %s\n\nMore: tfauth explain %s", e->explanation, fix, e->id);
	strbuf_addf(&md, "%s\n\n**Fix:** `%s`\n\nMore: `tfauth explain %s`", e->explanation, fix,
		    e->id);
	free(fix);
	props = json_pack("{s:[s,s,s],s:s,s:i}", "tags", "security", "aws", e->area, "precision",
			  strcmp(e->area, "env") && strcmp(e->id, "hardcoded-access-key")
				  ? "high"
				  : "very-high",
			  "tfauth-level", e->level);
	if (!strcmp(e->id, "hardcoded-access-key") || !strcmp(e->id, "hardcoded-secret-key") ||
	    !strcmp(e->id, "dockerfile-baked-credentials"))
		json_object_set_new(props, "security-severity", json_string("9.5"));
	else
		json_object_set_new(props, "problem.severity",
				    json_string(e->severity == SEV_ERROR     ? "error"
						: e->severity == SEV_WARNING ? "warning"
									     : "recommendation"));
	rule = json_pack("{s:s,s:s,s:{s:s},s:{s:s},s:{s:s,s:s},s:{s:s},s:o}", "id", e->id, "name",
			 e->id, "shortDescription", "text", e->title, "fullDescription", "text",
			 e->explanation, "help", "text", help.buf, "markdown", md.buf,
			 "defaultConfiguration", "level", sarif_level(e->severity), "properties",
			 props);
	strbuf_release(&help);
	strbuf_release(&md);
	return rule;
}

static json_t *location_json(const struct origin *o)
{
	if (o->kind == ORIGIN_FILE && o->name) {
		const char *uri = o->name;
		while (uri[0] == '.' && uri[1] == '/')
			uri += 2;
		if (uri[0] == '/') /* outside the checkout: an absolute file URI, no base */
			return json_pack("{s:{s:{s:s++},s:{s:i,s:i,s:i,s:i}}}", "physicalLocation",
					 "artifactLocation", "uri", "file://", uri, "", "region",
					 "startLine", o->line ? (int)o->line : 1, "startColumn",
					 o->col ? (int)o->col : 1, "endLine",
					 o->line ? (int)o->line : 1, "endColumn",
					 (o->col ? (int)o->col : 1) + 1);
		return json_pack("{s:{s:{s:s,s:s},s:{s:i,s:i,s:i,s:i}}}", "physicalLocation",
				 "artifactLocation", "uri", uri, "uriBaseId", "%SRCROOT%", "region",
				 "startLine", o->line ? (int)o->line : 1, "startColumn",
				 o->col ? (int)o->col : 1, "endLine", o->line ? (int)o->line : 1,
				 "endColumn", (o->col ? (int)o->col : 1) + 1);
	}
	return json_pack("{s:[{s:s,s:s}]}", "logicalLocations", "fullyQualifiedName",
			 o->name ? o->name : "environment", "kind",
			 o->kind == ORIGIN_ENV ? "variable" : "module");
}

int report_write_sarif(FILE *out, struct report *r)
{
	json_t *rules = json_array(), *results = json_array(), *doc;
	int ret;

	for (size_t i = 0; i < FINDING_ID_NR; i++)
		json_array_append_new(rules, rule_json(&catalogue[i]));
	for (size_t i = 0; i < r->findings->nr; i++) {
		struct finding *f = r->findings->v[i];
		const struct catalogue_entry *e = &catalogue[f->id];
		struct strbuf msg = STRBUF_INIT;
		char fp[17];

		report_fingerprint(f, fp);
		strbuf_addf(&msg, "%s. Fix: %s", finding_message(f), finding_fix(f));
		json_array_append_new(results,
				      json_pack("{s:s,s:i,s:s,s:{s:s},s:[o],s:{s:s}}", "ruleId",
						e->id, "ruleIndex", (int)f->id, "level",
						sarif_level(e->severity), "message", "text",
						msg.buf, "locations", location_json(&f->where),
						"partialFingerprints", "tfauth/v1", fp));
		strbuf_release(&msg);
	}
	doc = json_pack(
		"{s:s,s:s,s:[{s:{s:{s:s,s:s,s:s,s:o}},s:{s:s},s:{s:{s:{s:s}}},s:o}]}", "$schema",
		"https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", "tool",
		"driver", "name", "tfauth", "semanticVersion", TFAUTH_VERSION, "informationUri",
		"https://github.com/tfauth/tfauth", "rules", rules, "automationDetails", "id",
		r->command && !strcmp(r->command, "scan") ? "tfauth/scan/" : "tfauth/doctor/",
		"originalUriBaseIds", "%SRCROOT%", "description", "text",
		"the directory tfauth was run on; upload-sarif resolves it to the checkout",
		"results", results);
	ret = report_dump_json(out, doc, 0);
	json_decref(doc);
	return ret;
}
