/*
 * strbuf.h - the one owning, growable string buffer (git's strbuf).
 *
 * Invariants: buf is never NULL and always NUL-terminated; len is the
 * number of bytes before that NUL; alloc is 0 while buf points at the shared
 * empty slop buffer. A strbuf holds bytes, not only text: it may contain NULs.
 * strbuf_release() frees and re-initialises; strbuf_detach() hands the bytes
 * to the caller, who frees them with free().
 */
#ifndef TFAUTH_STRBUF_H
#define TFAUTH_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

extern char strbuf_slopbuf[];

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

#define STRBUF_INIT                                                                                \
	{                                                                                          \
		.alloc = 0, .len = 0, .buf = strbuf_slopbuf                                        \
	}

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void strbuf_trim_trailing_newline(struct strbuf *sb);

/*
 * Read a whole file into sb (appending), refusing files over max bytes.
 * Returns 0, or -errno (-EFBIG when over the cap), or -FILE_E_* (core/file.h)
 * for a FIFO, socket, device or directory, which it never blocks on.
 */
int strbuf_read_file(struct strbuf *sb, const char *path, size_t max);

#endif
