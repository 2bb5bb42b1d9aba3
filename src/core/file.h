/*
 * file.h - the one way tfauth reads an input file: opened without blocking,
 * checked with fstat(), read only when it is a regular file under a cap.
 *
 * A FIFO, socket or device where a file was expected must never freeze a run
 * (a CI job waits forever on `open()` of a FIFO); it becomes a diagnostic.
 */
#ifndef TFAUTH_CORE_FILE_H
#define TFAUTH_CORE_FILE_H

#include <stddef.h>
#include <sys/stat.h>

struct strbuf;

/* returned (negated) for what is not a regular file; above every errno */
enum {
	FILE_E_FIFO = 4096,
	FILE_E_SOCKET,
	FILE_E_CHARDEV,
	FILE_E_BLOCKDEV,
	FILE_E_DIRECTORY,
	FILE_E_OTHER,
};

/*
 * Open path with O_RDONLY|O_NONBLOCK|O_NOCTTY|O_CLOEXEC and fstat() it into
 * *st (may be NULL). Returns the descriptor (blocking again) of a regular
 * file, or -errno (-EISDIR for a directory), or -FILE_E_* for anything else.
 */
int file_open_regular(const char *path, struct stat *st);

/*
 * The same for an input the user named on the command line: a FIFO (a pipe,
 * /dev/stdin, a process substitution <(...)) is accepted too; it was opened
 * without blocking, so one without a writer reads as empty instead of hanging.
 */
int file_open_input(const char *path, struct stat *st);

/*
 * Read the regular file at path into sb (appending), refusing more than cap
 * bytes (-EFBIG). Returns 0, -errno or -FILE_E_*; sb is unchanged on error.
 */
int file_read_regular(const char *path, size_t cap, struct strbuf *sb);

/* Read an open descriptor to its end the same way (stdin, "-"). */
int file_read_fd(int fd, size_t cap, struct strbuf *sb);

/* the -FILE_E_* code of a mode that is not a regular file, else 0 */
int file_mode_error(unsigned mode);

/* 1 when r is one of the -FILE_E_* codes */
int file_is_special(int r);

/* "fifo", "socket", "character device", ... for a -FILE_E_* code */
const char *file_kind(int r);

/* strerror(-r), or "not a regular file (fifo)" for a -FILE_E_* code */
const char *file_strerror(int r);

/*
 * A reason for r, to follow "PATH: ": "not a regular file (fifo); skipped",
 * "file too large" or "cannot read: <strerror>".
 */
const char *file_why(int r);

#endif
