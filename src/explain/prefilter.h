/*
 * prefilter.h - the prefilter of `tfauth explain`: find any of a few dozen
 * literals in a buffer in one pass (Wu-Manber: a shift table over 3-byte
 * blocks of each literal's first 8 bytes lets the scan skip up to 6 bytes
 * at a time), and count newlines fast. This is what keeps explain at
 * memory speed on multi-gigabyte TF_LOG files: only the lines it finds are
 * looked at any closer.
 *
 * Ownership: scan_new() copies nothing (the literals must outlive the
 * scanner; they are static tables); scan_free() accepts NULL.
 */
#ifndef TFAUTH_EXPLAIN_PREFILTER_H
#define TFAUTH_EXPLAIN_PREFILTER_H

#include <stddef.h>

#define SCAN_WINDOW 12 /* every literal is at least this long */

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
struct scan_hit {
	size_t pos;   /* where the literal starts */
	size_t which; /* its index */
};

struct scan_hits {
	struct scan_hit *v;
	size_t nr, alloc;
	struct {
		struct scan_hit *v;
		size_t nr, alloc;
	} lane[4]; /* scratch: one lane's hits, nearly sorted already */
};

/*
 * Append every occurrence of every literal that starts in [from, len) and
 * lies wholly inside buf[0, len), sorted by position. Long buffers are cut
 * into four lanes scanned in one interleaved loop: each lane's shift-table
 * walk is a chain of dependent loads, and four chains keep the CPU busy
 * where one would leave it waiting.
 */
void scan_collect(const struct explain_scanner *s, const char *buf, size_t from, size_t len,
		  struct scan_hits *out);
void scan_hits_release(struct scan_hits *h);

/* Number of '\n' bytes in p[0, len). */
size_t scan_count_newlines(const char *p, size_t len);

#endif
