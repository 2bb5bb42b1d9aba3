/*
 * shared-dump - print, as one JSON object, what shared_load() sees for each
 * dialect in the current environment: the files, the selected profile and
 * where its name came from, whether loading fails (and why), the profile
 * names, and the selected profile's aws_access_key_id and region. Used by
 * the differential tests (t/files-*.t) so that they compare the model, not
 * doctor's report.
 *
 *   shared-dump [--profile NAME] [--all] [DIALECT...]   (botocore, go-v2, go-v1, go-v2-legacy)
 *
 * Values are printed as lower-case hex of their bytes ("<map>" for a nested
 * value), so any byte compares exactly. Secrets are never printed: only
 * aws_access_key_id and region values are (and with --all every key name).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "aws/shared.h"
#include "core/env.h"
#include "core/strbuf.h"
#include "core/banned.h"

extern char **environ;

static json_t *hexval(const struct profile_value *v)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *r;

	if (!v)
		return json_null();
	if (v->flags & INI_NESTED)
		return json_string("<map>");
	for (size_t i = 0; i < v->len; i++)
		strbuf_addf(&sb, "%02x", (unsigned char)v->value[i]);
	r = json_string(sb.buf);
	strbuf_release(&sb);
	return r;
}

static json_t *safe_string(const char *s)
{
	json_t *j = json_string(s);
	struct strbuf sb = STRBUF_INIT;

	if (j)
		return j;
	for (; *s; s++)
		strbuf_addf(&sb, (unsigned char)*s >= 0x80 ? "\\x%02x" : "%c", (unsigned char)*s);
	j = json_string(sb.buf);
	strbuf_release(&sb);
	return j;
}

static const char *state_name(enum shared_file_state st)
{
	static const char *const n[] = {"ok",	      "missing",   "directory",
					"unreadable", "too-large", "no-path"};
	return n[st];
}

static json_t *dump(const struct env *e, enum dialect d, unsigned flags, const char *profile,
		    int all)
{
	struct shared s;
	const struct profile *p;
	json_t *o = json_object(), *files = json_array(), *names = json_array();

	shared_load_flags(&s, e, d, flags, profile, NULL, NULL);
	for (size_t i = 0; i < s.nfiles; i++) {
		const struct shared_file *f = &s.files[i];
		json_array_append_new(files,
				      json_pack("{s:s,s:o,s:s,s:b}", "kind",
						f->kind == SHARED_CONFIG ? "config" : "credentials",
						"path", safe_string(f->path), "state",
						state_name(f->state), "refused", f->doc.refused));
	}
	for (size_t i = 0; i < s.nprofiles; i++)
		json_array_append_new(names, safe_string(s.profiles[i].name));
	p = shared_profile(&s, s.selected);
	json_object_set_new(o, "files", files);
	json_object_set_new(o, "selected", safe_string(s.selected));
	json_object_set_new(o, "from", json_string(profile_from_name(s.selected_from)));
	json_object_set_new(o, "exists", json_boolean(s.selected_exists));
	json_object_set_new(o, "error", s.error ? safe_string(s.error) : json_null());
	json_object_set_new(o, "error_detail",
			    s.error_detail ? safe_string(s.error_detail) : json_null());
	json_object_set_new(o, "profiles", names);
	json_object_set_new(o, "aws_access_key_id", hexval(profile_get(p, "aws_access_key_id")));
	json_object_set_new(o, "region", hexval(profile_get(p, "region")));
	{
		const struct profile_value *k = profile_get(p, "aws_access_key_id");
		const struct profile_value *sk = profile_get(p, "aws_secret_access_key");
		json_object_set_new(o, "static_keys",
				    json_boolean(k && sk && k->len && sk->len &&
						 !(k->flags & INI_NESTED) &&
						 !(sk->flags & INI_NESTED)));
	}
	json_object_set_new(o, "profile_error",
			    p && p->error ? safe_string(p->error) : json_null());
	if (all && p) {
		json_t *keys = json_array();
		for (size_t i = 0; i < p->nr; i++)
			json_array_append_new(keys, json_pack("{s:o,s:s,s:i,s:i}", "key",
							      safe_string(p->v[i].key), "file",
							      p->v[i].key_at.name, "line",
							      (int)p->v[i].key_at.line, "col",
							      (int)p->v[i].key_at.col));
		json_object_set_new(o, "keys", keys);
	}
	shared_release(&s);
	return o;
}

int main(int argc, char **argv)
{
	struct env e = ENV_INIT;
	const char *profile = NULL;
	int all = 0, any = 0;
	json_t *out = json_object();
	static const enum dialect ds[] = {DIALECT_BOTOCORE, DIALECT_GO_V2, DIALECT_GO_V1};
	char *s;

	env_from_environ(&e, environ);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--profile") && i + 1 < argc) {
			profile = argv[++i];
			continue;
		}
		if (!strcmp(argv[i], "--all")) {
			all = 1;
			continue;
		}
		for (size_t j = 0; j < 3; j++) {
			if (!strcmp(argv[i], dialect_name(ds[j]))) {
				json_object_set_new(out, dialect_name(ds[j]),
						    dump(&e, ds[j], 0, profile, all));
				any = 1;
			}
		}
		if (!strcmp(argv[i], "go-v2-legacy")) {
			json_object_set_new(
				out, "go-v2-legacy",
				dump(&e, DIALECT_GO_V2, SHARED_GO_V2_LEGACY, profile, all));
			any = 1;
		}
	}
	if (!any)
		for (size_t j = 0; j < 3; j++)
			json_object_set_new(out, dialect_name(ds[j]),
					    dump(&e, ds[j], 0, profile, all));
	s = json_dumps(out, JSON_SORT_KEYS | JSON_COMPACT);
	puts(s ? s : "{}");
	free(s);
	json_decref(out);
	env_release(&e);
	return 0;
}
