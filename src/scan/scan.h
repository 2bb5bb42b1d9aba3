/*
 * scan.h - the contract between `tfauth scan`'s directory walker
 * (cmd/scan.c) and the per-file handlers of every area (Terraform, text
 * keys, CI, compose, Dockerfiles). The handlers live here in src/scan/, a
 * floor above the collectors and the checks they join (DESIGN.md, layers).
 *
 * The walker (cmd/scan.c) reads each regular text file once into a buffer,
 * passes over it once for everything any handler searches for (struct
 * scan_file below: nobody searches the bytes again) and calls the FIRST
 * handler in its table whose pattern matches; the last entry ("*") is the
 * generic key finder, so a handler that wants keys found in its file calls
 * textkeys_scan_cand() itself (see scan/scan_tf.c).
 *
 * Pattern: a glob (fnmatch, no FNM_PATHNAME). Without a '/', it is matched
 * against the file's base name ("*.tf", "Dockerfile*"); with a '/', against
 * "/" followed by the path relative to the scanned root: a leading "*"
 * then "/.github/workflows/" then "*.yml" matches workflows at any depth (the
 * pattern cannot be spelled out here: it would close this comment).
 *
 * A handler gets the path as the user will see it (relative to the current
 * directory when it can be), the bytes (NUL-terminated at buf[len], but may
 * contain NULs or invalid UTF-8) and adds findings with ORIGIN_AT(path, ...).
 * It returns 0, or -1 when the file could not be understood (the walker
 * counts it; the handler should already have added a finding or note).
 * Handlers never print and must not keep pointers into buf.
 */
#ifndef TFAUTH_SCAN_H
#define TFAUTH_SCAN_H

#include <stddef.h>

#include "checks/textkeys.h"
#include "ci/ci.h"
#include "core/env.h"
#include "core/finding.h"

/* What the walker's one pass over a file found. */
struct scan_file {
	const struct textkeys_cand *keys; /* for textkeys_scan_cand() */
	unsigned has;			  /* SCAN_HAS_* */
	int operand;			  /* named on the command line, not found by the walk */
};
#define SCAN_HAS_TF_BLOCK 1u /* "provider" or "terraform": worth parsing */
#define SCAN_HAS_TRUST 2u    /* "AssumeRoleWithWebIdentity", ":sub" or ":aud" */

typedef int scan_handler_fn(const char *path, const char *buf, size_t len,
			    const struct scan_file *sf, struct findings *fs);

/* The generic key finder as a handler (cmd/scan.c). */
scan_handler_fn textkeys_handler;

/* The handler for .tf, .tf.json, .tfvars and .tfvars.json (scan_tf.c). */
scan_handler_fn tf_scan_handler;
/*
 * After the walk: the checks that need a directory's whole configuration
 * (versions, provider vs backend), over what the handler collected.
 */
void tf_scan_finish(struct findings *fs);

/*
 * The handler for every CI/container file (scan_ci.c): one file at a time,
 * so the checks that need the whole repository (trust policies, a compose
 * service's Dockerfile USER) run only in doctor.
 */
scan_handler_fn ci_scan_handler;
/*
 * scan's whole-tree pass: begin, ci_handle_buf() each workflow and trust
 * policy the walker reads, end (moves the trust findings from all to fs).
 */
void ci_scan_tree_begin(struct ci_ctx *cx, const char *dir, const struct env *env,
			struct findings *all);
void ci_scan_tree_end(struct ci_ctx *cx, struct findings *all, struct findings *fs);

struct scan_handler {
	const char *pattern;
	scan_handler_fn *fn;
	const char *what; /* "Terraform configuration", for -v notes */
};

#endif
