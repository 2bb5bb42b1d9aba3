/*
 * scan.h - the prefilter of `tfauth explain`: find any of a few dozen
 * literals in a buffer in one pass (Wu-Manber: a shift table over 3-byte
 * blocks of each literal's first 8 bytes lets the scan skip up to 6 bytes
 * at a time), and count newlines fast. This is what keeps explain at
 * memory speed on multi-gigabyte TF_LOG files: only the lines it finds are
 * looked at any closer.
 *
 * Ownership: scan_new() copies nothing (the literals must outlive the
 * scanner; they are static tables); scan_free() accepts NULL.
 */
#ifndef TFAUTH_EXPLAIN_SCAN_H
#define TFAUTH_EXPLAIN_SCAN_H

#include <stddef.h>

#define SCAN_WINDOW 8 /* every literal is at least this long */

struct explain_scanner;

/* NULL when a literal is shorter than SCAN_WINDOW or there are over 255. */
struct explain_scanner *scan_new(const char *const *lits, size_t n);
void scan_free(struct explain_scanner *s);
/*
 * The offset of the first occurrence at or after from of any literal that
 * lies wholly inside buf[0, len), and its index in *which; len when none.
 */
size_t scan_find(const struct explain_scanner *s, const char *buf, size_t from, size_t len,
		 size_t *which);
/* Number of '\n' bytes in p[0, len). */
size_t scan_count_newlines(const char *p, size_t len);

#endif
