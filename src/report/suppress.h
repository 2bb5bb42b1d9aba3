/*
 * suppress.h - tfauth:ignore comments in the files findings point at.
 *
 *   # tfauth:ignore ID[,ID...] [exp:YYYY-MM-DD] REASON
 *       hides those findings on its own line (a trailing comment) or, on a
 *       line of its own, on the line below it (in a .tf file, when that
 *       line opens a block, in the whole block);
 *   # tfauth:ignore-file ID[,ID...] [exp:YYYY-MM-DD] REASON
 *       in the comments at the top of a file: in the whole file.
 *
 * Any comment tfauth's inputs have works: #, //, / * ... * / and ; (INI).
 * Explicit ids only, a reason always; a broken directive hides nothing and
 * is reported (ignore-directive-invalid), an expired one hides nothing and
 * says so (ignore-expired).
 */
#ifndef TFAUTH_SUPPRESS_H
#define TFAUTH_SUPPRESS_H

#include <stddef.h>

#include "core/env.h"
#include "core/finding.h"

/*
 * Remove (and free) the findings of fs that a directive hides, add the
 * directive findings; returns how many were hidden. Paths starting with
 * "~/" are read below env's HOME.
 */
size_t suppress_inline(struct findings *fs, const struct env *env);

/* The same for one file already in memory; today is "YYYY-MM-DD" (fuzzer, tests). */
size_t suppress_apply_buf(struct findings *fs, const char *name, const char *buf, size_t len,
			  const char *today);

#endif
