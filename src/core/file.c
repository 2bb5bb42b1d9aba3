/*
 * file.c - read inputs without ever blocking on a FIFO, socket or device;
 * see file.h. Every input file of every command goes through here.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"
#include "core/strbuf.h"
#include "core/banned.h"

int file_mode_error(unsigned mode)
{
	if (S_ISREG(mode))
		return 0;
	if (S_ISFIFO(mode))
		return -FILE_E_FIFO;
	if (S_ISSOCK(mode))
		return -FILE_E_SOCKET;
	if (S_ISCHR(mode))
		return -FILE_E_CHARDEV;
	if (S_ISBLK(mode))
		return -FILE_E_BLOCKDEV;
	if (S_ISDIR(mode))
		return -EISDIR; /* the message users (and goldens) have always seen */
	return -FILE_E_OTHER;
}

int file_is_special(int r)
{
	return r <= -FILE_E_FIFO && r >= -FILE_E_OTHER;
}

const char *file_kind(int r)
{
	switch (-r) {
	case FILE_E_FIFO:
		return "fifo";
	case FILE_E_SOCKET:
		return "socket";
	case FILE_E_CHARDEV:
		return "character device";
	case FILE_E_BLOCKDEV:
		return "block device";
	case FILE_E_DIRECTORY:
		return "directory";
	default:
		return "special file";
	}
}

const char *file_strerror(int r)
{
	static _Thread_local char buf[64];

	if (!file_is_special(r))
		return strerror(-r);
	snprintf(buf, sizeof(buf), "not a regular file (%s)", file_kind(r));
	return buf;
}

const char *file_why(int r)
{
	static _Thread_local char buf[160];

	if (file_is_special(r)) {
		snprintf(buf, sizeof(buf), "not a regular file (%s); skipped", file_kind(r));
		return buf;
	}
	if (r == -EFBIG)
		return "file too large";
	snprintf(buf, sizeof(buf), "cannot read: %s", strerror(-r));
	return buf;
}

static int open_checked(const char *path, struct stat *st, int allow_pipe)
{
	struct stat tmp;
	int fd, r, fl;

	if (!st)
		st = &tmp;
	/* O_NONBLOCK: open() of a FIFO without a writer returns at once */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, st) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	r = file_mode_error((unsigned)st->st_mode);
	if (r && !(allow_pipe && r == -FILE_E_FIFO)) {
		close(fd);
		return r;
	}
	fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

int file_open_regular(const char *path, struct stat *st)
{
	return open_checked(path, st, 0);
}

int file_open_input(const char *path, struct stat *st)
{
	return open_checked(path, st, 1);
}

static int read_all(int fd, size_t cap, struct strbuf *sb, size_t hint)
{
	size_t start = sb->len;

	strbuf_grow(sb, hint);
	for (;;) {
		ssize_t n;

		if (sb->alloc - sb->len - 1 == 0)
			strbuf_grow(sb, 8192);
		n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			strbuf_setlen(sb, start);
			return (int)n;
		}
		if (n == 0)
			return 0;
		sb->len += (size_t)n;
		sb->buf[sb->len] = '\0';
		if (sb->len - start > cap) {
			strbuf_setlen(sb, start);
			return -EFBIG;
		}
	}
}

int file_read_fd(int fd, size_t cap, struct strbuf *sb)
{
	return read_all(fd, cap, sb, 8192);
}

int file_read_regular(const char *path, size_t cap, struct strbuf *sb)
{
	struct stat st;
	int fd, r;

	fd = file_open_regular(path, &st);
	if (fd < 0)
		return fd;
	if (st.st_size > 0 && (unsigned long long)st.st_size > cap) {
		close(fd);
		return -EFBIG;
	}
	/* room for the whole file and one byte more: two reads, the second sees EOF */
	r = read_all(fd, cap, sb, st.st_size > 0 ? (size_t)st.st_size + 1 : 8192);
	close(fd);
	return r;
}
