/*
 * opt.c - table-driven option parsing and help, after git's parse-options.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/opt.h"
#include "core/strbuf.h"
#include "core/banned.h"

static const struct option *find_long(const struct option *opts, const char *name, size_t len)
{
	for (; opts->type != OPT_END_TYPE; opts++)
		if (opts->long_name && strlen(opts->long_name) == len &&
		    !strncmp(opts->long_name, name, len))
			return opts;
	return NULL;
}

static const struct option *find_short(const struct option *opts, int c)
{
	for (; opts->type != OPT_END_TYPE; opts++)
		if (opts->short_name == c)
			return opts;
	return NULL;
}

static int takes_arg(const struct option *o)
{
	return o->type == OPT_STRING || o->type == OPT_INT;
}

static int set_value(const struct option *o, const char *arg, const char *spelled)
{
	char *end;
	long v;

	switch (o->type) {
	case OPT_BOOL:
		*(int *)o->value = 1;
		return 0;
	case OPT_COUNT:
		(*(int *)o->value)++;
		return 0;
	case OPT_STRING:
		*(const char **)o->value = arg;
		return 0;
	case OPT_INT:
		errno = 0;
		v = strtol(arg, &end, 10);
		if (errno || end == arg || *end) {
			error_msg("option '%s' expects a number, not '%s'", spelled, arg);
			return -1;
		}
		*(long *)o->value = v;
		return 0;
	case OPT_END_TYPE:
		break;
	}
	return -1;
}

int opt_parse(int argc, char **argv, const struct option *opts, const struct opt_usage *usage)
{
	int out = 0, i;

	for (i = 0; i < argc; i++) {
		char *a = argv[i];
		const struct option *o;

		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				argv[out++] = argv[i];
			break;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			opt_print_help(stdout, opts, usage);
			return OPT_HELP;
		}
		if (a[0] == '-' && a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			o = find_long(opts, a + 2, len);
			if (!o) {
				error_msg("unknown option '%.*s'", (int)(len + 2), a);
				goto bad;
			}
			if (takes_arg(o)) {
				const char *arg = eq ? eq + 1 : NULL;
				if (!arg) {
					if (i + 1 >= argc) {
						error_msg("option '--%s' requires a value",
							  o->long_name);
						goto bad;
					}
					arg = argv[++i];
				}
				if (set_value(o, arg, a) < 0)
					goto bad;
			} else {
				if (eq) {
					error_msg("option '--%s' takes no value", o->long_name);
					goto bad;
				}
				set_value(o, NULL, a);
			}
			continue;
		}
		if (a[0] == '-' && a[1] && a[1] != '-') {
			for (char *p = a + 1; *p; p++) {
				char spelled[3] = {'-', *p, 0};

				o = find_short(opts, (unsigned char)*p);
				if (!o) {
					error_msg("unknown option '-%c'", *p);
					goto bad;
				}
				if (takes_arg(o)) {
					const char *arg = p[1] ? p + 1 : NULL;
					if (!arg) {
						if (i + 1 >= argc) {
							error_msg("option '-%c' requires a value",
								  *p);
							goto bad;
						}
						arg = argv[++i];
					}
					if (set_value(o, arg, spelled) < 0)
						goto bad;
					break;
				}
				set_value(o, NULL, spelled);
			}
			continue;
		}
		argv[out++] = a;
	}
	return out;
bad:
	if (usage && usage->synopsis)
		fprintf(stderr, "usage: %s\n", usage->synopsis);
	fprintf(stderr, "Try '%s --help' for more information.\n",
		usage && usage->synopsis ? "tfauth <command>" : "tfauth");
	return OPT_ERROR;
}

void opt_print_help(FILE *out, const struct option *opts, const struct opt_usage *usage)
{
	if (usage && usage->synopsis)
		fprintf(out, "usage: %s\n", usage->synopsis);
	if (usage && usage->description)
		fprintf(out, "\n%s\n", usage->description);
	fputs("\noptions:\n", out);
	for (; opts->type != OPT_END_TYPE; opts++) {
		struct strbuf sb = STRBUF_INIT;

		if (opts->short_name)
			strbuf_addf(&sb, "-%c, ", opts->short_name);
		else
			strbuf_addstr(&sb, "    ");
		strbuf_addf(&sb, "--%s", opts->long_name);
		if (takes_arg(opts))
			strbuf_addf(&sb, " %s", opts->argh ? opts->argh : "VALUE");
		if (sb.len < 28)
			fprintf(out, "  %-28s%s\n", sb.buf, opts->help);
		else
			fprintf(out, "  %s\n  %-28s%s\n", sb.buf, "", opts->help);
		strbuf_release(&sb);
	}
	fprintf(out, "  %-28s%s\n", "-h, --help", "show this help");
}
