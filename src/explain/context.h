/*
 * context.h - the lines around a diagnostic and the rest of its text
 * (explain's internals): tool, stage and region from the command that was
 * run, a stack trace or a wrapper's prefix; causes ranked by what the text
 * shows; the host of a platform token; the file of a parse error.
 */
#ifndef TFAUTH_EXPLAIN_CONTEXT_H
#define TFAUTH_EXPLAIN_CONTEXT_H

#include <stddef.h>

#include "explain/explain.h"

/* Tool and stage from explain_contexts[] entries of this weakness found in w. */
void context_tool_stage(struct explain_failure *f, const char *w, size_t n, int weak);
/*
 * The window w (n bytes) around a diagnostic that starts at w + before:
 * strong context entries, the last command line before it, a region named
 * near it. Fills only what is still unknown.
 */
void context_around(struct explain_failure *f, const char *w, size_t n, size_t before);
/* Causes, host, config file from the diagnostic t and the window w. */
void context_refine(struct explain_failure *f, const char *t, size_t n, const char *w, size_t wn);

#endif
