/*
 * diag.c - collected parse diagnostics and the front end's stderr messages.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/diag.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/banned.h"

const char *diag_level_name(enum diag_level level)
{
	switch (level) {
	case DIAG_NOTE:
		return "note";
	case DIAG_WARNING:
		return "warning";
	case DIAG_ERROR:
		return "error";
	}
	return "error";
}

void diags_add(struct diags *d, enum diag_level level, const char *file, unsigned line,
	       unsigned col, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag *x;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ALLOC_GROW(d->v, d->nr + 1, d->alloc);
	x = &d->v[d->nr++];
	x->level = level;
	x->file = xstrdup(file ? file : "<input>");
	x->line = line;
	x->col = col;
	x->msg = strbuf_detach(&sb, NULL);
}

void diag_format(struct strbuf *sb, const struct diag *x)
{
	strbuf_addstr(sb, x->file ? x->file : "?");
	if (x->line)
		strbuf_addf(sb, ":%u:%u", x->line, x->col);
	strbuf_addf(sb, ": %s: %s", diag_level_name(x->level), x->msg);
}

void diags_print(const struct diags *d, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < d->nr; i++) {
		strbuf_reset(&sb);
		diag_format(&sb, &d->v[i]);
		strbuf_addch(&sb, '\n');
		fwrite(sb.buf, 1, sb.len, out);
	}
	strbuf_release(&sb);
}

void diags_release(struct diags *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nr; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->nr = d->alloc = 0;
}

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "tfauth: ");
	strbuf_addstr(&sb, prefix);
	strbuf_vaddf(&sb, fmt, ap);
	strbuf_addch(&sb, '\n');
	fflush(stdout);
	fputs(sb.buf, stderr);
	strbuf_release(&sb);
}

void error_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void warning_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}
