// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * .scap block framing: section header checks, length validation, the
 * trailer check; gzip input through zlib's gzread, raw files read with
 * pread into a window that blocks are handed out from in place.  A raw file
 * is not mapped: another process truncating it would turn the next read of
 * the mapping into SIGBUS, where pread reports a short read that becomes an
 * error naming the offset.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "scap_reader.h"

#define BLOCK_HDR	8
#define BLOCK_TRAILER	4

struct scap_reader {
	gzFile gz;			/* file input, or NULL */
	const unsigned char *mem;	/* memory input */
	size_t mem_len;
	size_t mem_pos;
	int fd;				/* raw file input, or -1 */
	__u64 fsize;			/* its size when opened */
	__u64 fpos;			/* file offset of win + win_len */
	unsigned char *win;		/* raw file bytes read ahead */
	size_t win_size;
	size_t win_pos;			/* next unconsumed byte */
	size_t win_len;			/* bytes valid in win */
	__u64 off;			/* bytes consumed */
	unsigned char *buf;		/* body + trailer of the current block */
	size_t buf_size;
	unsigned int major;
	unsigned int minor;
	int seen_shb;
	int err;			/* sticky -errno */
	char msg[SCAP_ERR_MAX];
};

int scap_bt_is_event(__u32 t)
{
	switch (t) {
	case SCAP_BT_EV:
	case SCAP_BT_EV_INT:
	case SCAP_BT_EV_V2:
	case SCAP_BT_EV_V2_LARGE:
	case SCAP_BT_EVF:
	case SCAP_BT_EVF_V2:
	case SCAP_BT_EVF_V2_LARGE:
		return 1;
	}
	return 0;
}

int scap_bt_event_has_flags(__u32 t)
{
	return t == SCAP_BT_EVF || t == SCAP_BT_EVF_V2 ||
	       t == SCAP_BT_EVF_V2_LARGE;
}

int scap_bt_event_has_nparams(__u32 t)
{
	return t == SCAP_BT_EV_V2 || t == SCAP_BT_EV_V2_LARGE ||
	       t == SCAP_BT_EVF_V2 || t == SCAP_BT_EVF_V2_LARGE;
}

int scap_bt_event_is_large(__u32 t)
{
	return t == SCAP_BT_EV_V2_LARGE || t == SCAP_BT_EVF_V2_LARGE;
}

static struct scap_reader *reader_alloc(void)
{
	struct scap_reader *r = calloc(1, sizeof(*r));

	if (!r)
		errno = ENOMEM;
	else
		r->fd = -1;
	return r;
}

/* Read-ahead window of a raw file (grows to the largest block). */
#define WIN_STEP	(256U << 10)

/*
 * Open a raw (not gzip) regular file for pread.  Returns 1 when opened, 0
 * when the file should go through zlib (gzip, empty, not regular).
 */
static int open_raw(struct scap_reader *r, const char *path)
{
	unsigned char magic[2];
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size < 2 ||
	    pread(fd, magic, 2, 0) != 2 ||
	    (magic[0] == 0x1f && magic[1] == 0x8b)) {
		close(fd);
		return 0;
	}
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	r->fd = fd;
	r->fsize = (__u64)st.st_size;
	return 1;
}

struct scap_reader *scap_reader_open(const char *path)
{
	struct scap_reader *r = reader_alloc();

	if (!r)
		return NULL;
	if (open_raw(r, path))
		return r;
	r->gz = gzopen(path, "rb");
	if (!r->gz) {
		int e = errno ? errno : ENOMEM;

		free(r);
		errno = e;
		return NULL;
	}
	gzbuffer(r->gz, 128 * 1024);
	return r;
}

struct scap_reader *scap_reader_open_mem(const void *buf, size_t len)
{
	struct scap_reader *r = reader_alloc();

	if (!r)
		return NULL;
	r->mem = buf;
	r->mem_len = len;
	return r;
}

void scap_reader_close(struct scap_reader *r)
{
	if (!r)
		return;
	if (r->gz)
		gzclose(r->gz);
	if (r->fd >= 0)
		close(r->fd);
	free(r->win);
	free(r->buf);
	free(r);
}

const char *scap_reader_error(const struct scap_reader *r)
{
	return r->msg;
}

unsigned int scap_reader_major(const struct scap_reader *r)
{
	return r->major;
}

unsigned int scap_reader_minor(const struct scap_reader *r)
{
	return r->minor;
}

__u64 scap_reader_offset(const struct scap_reader *r)
{
	return r->off;
}

static int fail(struct scap_reader *r, int err, __u64 off, const char *fmt,
		...)
{
	va_list ap;
	int n;

	n = snprintf(r->msg, sizeof(r->msg), "offset %llu: ",
		     (unsigned long long)off);
	if (n < 0 || (size_t)n >= sizeof(r->msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(r->msg + n, sizeof(r->msg) - n, fmt, ap);
	va_end(ap);
	r->err = err;
	return err;
}

/* Read up to n bytes; returns the count (short at end of input) or -EIO. */
static long src_read(struct scap_reader *r, void *dst, size_t n)
{
	if (r->gz) {
		size_t got = 0;

		while (got < n) {
			size_t chunk = n - got;
			int m;

			if (chunk > (1U << 30))
				chunk = 1U << 30;
			m = gzread(r->gz, (char *)dst + got, (unsigned int)chunk);
			if (m < 0)
				return -EIO;
			if (m == 0)
				break;
			got += (size_t)m;
		}
		return (long)got;
	}
	if (n > r->mem_len - r->mem_pos)
		n = r->mem_len - r->mem_pos;
	memcpy(dst, r->mem + r->mem_pos, n);
	r->mem_pos += n;
	return (long)n;
}

static const char *src_errtext(struct scap_reader *r)
{
	int zerr = 0;

	if (r->gz) {
		const char *s = gzerror(r->gz, &zerr);

		if (zerr != Z_OK && s)
			return s;
	}
	return "read error";
}

static int buf_reserve(struct scap_reader *r, size_t n)
{
	unsigned char *p;
	size_t want;

	if (n <= r->buf_size)
		return 0;
	want = r->buf_size ? r->buf_size : 4096;
	while (want < n)
		want *= 2;
	p = realloc(r->buf, want);
	if (!p)
		return -ENOMEM;
	r->buf = p;
	r->buf_size = want;
	return 0;
}

static __u32 get_u32(const unsigned char *p)
{
	__u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int check_shb(struct scap_reader *r, const struct scap_block *b)
{
	__u32 magic;

	if (b->len < 16)
		return fail(r, -EINVAL, b->off,
			    "section header block too short (%u bytes)",
			    b->len);
	magic = get_u32(b->body);
	if (magic == __builtin_bswap32(SCAP_SHB_MAGIC))
		return fail(r, -ENOTSUP, b->off,
			    "capture written in the other byte order (big-endian) is not supported");
	if (magic != SCAP_SHB_MAGIC)
		return fail(r, -EINVAL, b->off,
			    "bad section header magic 0x%08x", magic);
	r->major = b->body[4] | (b->body[5] << 8);
	r->minor = b->body[6] | (b->body[7] << 8);
	if (r->major != SCAP_SHB_MAJOR)
		return fail(r, -ENOTSUP, b->off,
			    "unsupported scap format version %u.%u", r->major,
			    r->minor);
	return 0;
}

/*
 * Fill the window so that n bytes follow win_pos, or up to the end of the
 * file.  A file that ends before the size it had when opened was truncated
 * by someone else: that is an error, not a short capture.
 */
static int win_fill(struct scap_reader *r, size_t n, __u64 at)
{
	size_t want, have = r->win_len - r->win_pos;
	unsigned char *p;
	struct stat st;
	ssize_t got;

	if (have >= n || r->fpos >= r->fsize)
		return 0;
	if (have)	/* the first fill has no window yet */
		memmove(r->win, r->win + r->win_pos, have);
	r->win_pos = 0;
	r->win_len = have;
	want = n > WIN_STEP ? n : WIN_STEP;
	if (want > r->win_size) {
		p = realloc(r->win, want);
		if (!p)
			return fail(r, -ENOMEM, at,
				    "out of memory for a %zu-byte read", want);
		r->win = p;
		r->win_size = want;
	}
	while (r->win_len < n && r->fpos < r->fsize) {
		got = pread(r->fd, r->win + r->win_len,
			    r->win_size - r->win_len, (off_t)r->fpos);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return fail(r, -EIO, at, "read error: %s",
				    strerror(errno));
		if (got == 0) {
			if (fstat(r->fd, &st))
				st.st_size = (off_t)r->fpos;
			return fail(r, -EIO, at,
				    "the file shrank to %llu bytes while being read (%llu when opened)",
				    (unsigned long long)st.st_size,
				    (unsigned long long)r->fsize);
		}
		r->win_len += (size_t)got;
		r->fpos += (__u64)got;
	}
	return 0;
}

/*
 * The next n bytes of a raw file, in place (*got may be short at the end);
 * NULL on an error, which names the block at offset at.
 */
static const unsigned char *win_take(struct scap_reader *r, size_t n,
				     long *got, __u64 at)
{
	const unsigned char *p;

	if (win_fill(r, n, at))
		return NULL;
	p = r->win + r->win_pos;
	if (n > r->win_len - r->win_pos)
		n = r->win_len - r->win_pos;
	r->win_pos += n;
	*got = (long)n;
	return p;
}

int scap_reader_next(struct scap_reader *r, struct scap_block *b)
{
	unsigned char hdr[BLOCK_HDR];
	const unsigned char *body;
	__u64 off = r->off;
	__u32 type, total, trailer;
	size_t rest;
	long n;
	int err;

	if (r->err)
		return r->err;
	if (r->fd >= 0) {
		body = win_take(r, sizeof(hdr), &n, off);
		if (!body)
			return r->err;
		memcpy(hdr, body, (size_t)n);
	} else {
		n = src_read(r, hdr, sizeof(hdr));
	}
	if (n < 0)
		return fail(r, -EIO, off, "%s", src_errtext(r));
	if (n == 0) {
		if (r->gz) {
			int zerr = 0;

			gzerror(r->gz, &zerr);
			if (zerr != Z_OK && zerr != Z_BUF_ERROR)
				return fail(r, -EIO, off, "%s", src_errtext(r));
		}
		if (!r->seen_shb)
			return fail(r, -EINVAL, off, "empty file");
		return 0;
	}
	r->off += (__u64)n;
	if (n < (long)sizeof(hdr))
		return fail(r, -EINVAL, off,
			    "truncated block header (%ld of 8 bytes)", n);
	type = get_u32(hdr);
	total = get_u32(hdr + 4);
	if (!r->seen_shb && type != SCAP_BT_SHB)
		return fail(r, -EINVAL, off,
			    "not a scap capture (first block type 0x%08x)",
			    type);
	if (total < BLOCK_HDR + BLOCK_TRAILER)
		return fail(r, -EINVAL, off,
			    "block type 0x%x: length %u shorter than 12", type,
			    total);
	if (total > SCAP_BLOCK_MAX ||
	    (total - BLOCK_HDR - BLOCK_TRAILER > SCAP_BLOCK_MAX_SMALL &&
	     !scap_bt_event_is_large(type)))
		return fail(r, -EFBIG, off,
			    "block type 0x%x: length %u over the limit", type,
			    total);
	rest = total - BLOCK_HDR;
	if (r->fd >= 0) {
		body = win_take(r, rest, &n, off);
		if (!body)
			return r->err;
	} else {
		err = buf_reserve(r, rest);
		if (err)
			return fail(r, err, off,
				    "out of memory for a %u-byte block", total);
		body = r->buf;
		n = src_read(r, r->buf, rest);
		if (n < 0)
			return fail(r, -EIO, off, "%s", src_errtext(r));
	}
	r->off += (__u64)n;
	if ((size_t)n < rest)
		return fail(r, -EINVAL, off,
			    "block type 0x%x truncated: %ld of %u bytes present",
			    type, n + BLOCK_HDR, total);
	trailer = get_u32(body + rest - BLOCK_TRAILER);
	if (trailer != total)
		return fail(r, -EINVAL, off,
			    "block type 0x%x: trailer length %u != header length %u",
			    type, trailer, total);
	b->type = type;
	b->len = total - BLOCK_HDR - BLOCK_TRAILER;
	b->body = body;
	b->off = off;
	if (type == SCAP_BT_SHB) {
		err = check_shb(r, b);
		if (err)
			return err;
		r->seen_shb = 1;
	}
	return 1;
}
