/*
 * diag.h - messages about the run itself (not findings), in git's house
 * style: "tfauth: cannot open 'x': Permission denied", and for bad input
 * "file:line:col: error: message". The core never prints: parsers collect
 * their complaints in a struct diags, the front end decides what to print.
 */
#ifndef TFAUTH_DIAG_H
#define TFAUTH_DIAG_H

#include <stddef.h>
#include <stdio.h>

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

struct diag {
	enum diag_level level;
	char *file; /* owned */
	unsigned line, col;
	char *msg; /* owned */
};

struct diags {
	struct diag *v;
	size_t nr, alloc;
};

#define DIAGS_INIT                                                                                 \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void diags_add(struct diags *d, enum diag_level level, const char *file, unsigned line,
	       unsigned col, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/*
 * The one way a diagnostic is written: "file:line:col: level: message",
 * or "file: level: message" when it has no position (line 0).
 */
struct strbuf;
void diag_format(struct strbuf *sb, const struct diag *x);
/* Every diagnostic, one per line, as diag_format writes it. */
void diags_print(const struct diags *d, FILE *out);
void diags_release(struct diags *d);
const char *diag_level_name(enum diag_level level);

/* Front-end messages on stderr, prefixed "tfauth: ". */
void error_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
