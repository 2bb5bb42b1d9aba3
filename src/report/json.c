/*
 * json.c - the versioned JSON report: {"schema": 1, "command", "tool",
 * "summary", "findings": [...], ...extra}.
 */
#include "report/report.h"
#include "core/banned.h"

int report_write_json(FILE *out, struct report *r)
{
	json_t *doc, *arr = json_array();
	const char *key;
	json_t *val;
	int ret;

	for (size_t i = 0; i < r->findings->nr; i++)
		json_array_append_new(arr, report_finding_json(r->findings->v[i]));
	doc = json_pack("{s:i,s:s,s:{s:s,s:s},s:{s:I,s:I,s:I},s:o}", "schema", 1, "command",
			r->command, "tool", "name", "tfauth", "version", TFAUTH_VERSION, "summary",
			"error", (json_int_t)findings_count(r->findings, SEV_ERROR), "warning",
			(json_int_t)findings_count(r->findings, SEV_WARNING), "info",
			(json_int_t)findings_count(r->findings, SEV_INFO), "findings", arr);
	if (r->can_suppress)
		json_object_set_new(json_object_get(doc, "summary"), "suppressed",
				    json_integer((json_int_t)r->suppressed));
	if (r->extra)
		json_object_foreach(r->extra, key, val) json_object_set(doc, key, val);
	ret = report_dump_json(out, doc, 1);
	json_decref(doc);
	return ret;
}
