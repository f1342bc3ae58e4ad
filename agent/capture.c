// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vigil capture files: the gzip stream, its header and block framing
 * (docs/CAPTURE.md).  The state snapshot's blocks are built and applied
 * in capture_state.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "capture.h"
#include "capture_int.h"
#include "decode.h"

_Static_assert(sizeof(struct capture_header) == 104, "capture header");
_Static_assert(sizeof(struct capture_block) == 8, "capture block");
_Static_assert(sizeof(struct capture_thread) == 112, "capture thread");
_Static_assert(offsetof(struct capture_thread, vtid) == CAPTURE_THREAD_V1_SIZE,
	       "capture thread of version 1");
_Static_assert(sizeof(struct capture_fd) == 80, "capture fd");
_Static_assert(offsetof(struct capture_fd, name_len) == 76, "capture fd");

struct capture_writer {
	gzFile gz;
	__u64 events;
	int failed;
};

struct capture_reader {
	gzFile gz;
	struct capture_header hdr;
	__u64 off;		/* uncompressed bytes consumed */
	unsigned char *buf;	/* CAPTURE_BLOCK_MAX + THREAD_WIDEN bytes */
	int done;
	int state_done;
	char err[256];
};

static const unsigned char pad_zero[8];

/* What a version 1 THREAD block grows by when it is read. */
#define THREAD_WIDEN	(sizeof(struct capture_thread) - CAPTURE_THREAD_V1_SIZE)

int capture_put_block(struct capture_writer *w, __u32 type, const void *a,
		      size_t alen, const void *b, size_t blen)
{
	struct capture_block bh;
	size_t len = alen + blen, pad = (8 - (len & 7)) & 7;

	if (w->failed)
		return -EIO;
	if (len > CAPTURE_BLOCK_MAX)
		return -E2BIG;
	bh.type = type;
	bh.len = (__u32)len;
	if (gzwrite(w->gz, &bh, sizeof(bh)) != (int)sizeof(bh) ||
	    (alen && gzwrite(w->gz, a, (unsigned int)alen) != (int)alen) ||
	    (blen && gzwrite(w->gz, b, (unsigned int)blen) != (int)blen) ||
	    (pad && gzwrite(w->gz, pad_zero, (unsigned int)pad) != (int)pad)) {
		w->failed = 1;
		return -EIO;
	}
	return 0;
}

struct capture_writer *capture_create(const char *path, __u64 wall_base_ns,
				      int level)
{
	struct capture_writer *w = calloc(1, sizeof(*w));
	struct capture_header h;
	struct timespec ts;
	char mode[8];
	int fd, saved;

	if (!w)
		return NULL;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	snprintf(mode, sizeof(mode), "wb%d", level < 0 || level > 9 ? 6 : level);
	if (level == 0)
		snprintf(mode, sizeof(mode), "wbT");	/* no compression */
	w->gz = gzdopen(fd, mode);
	if (!w->gz) {
		close(fd);
		errno = ENOMEM;
		goto fail;
	}
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, CAPTURE_MAGIC, sizeof(h.magic));
	h.version = CAPTURE_VERSION;
	h.hdr_size = sizeof(h);
	h.abi_version = VIGIL_ABI_VERSION;
	h.wall_base_ns = wall_base_ns;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	h.start_ns = (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
	if (gethostname(h.hostname, sizeof(h.hostname) - 1))
		strcpy(h.hostname, "localhost");
	if (gzwrite(w->gz, &h, sizeof(h)) != (int)sizeof(h)) {
		gzclose(w->gz);
		errno = EIO;
		goto fail;
	}
	return w;
fail:
	saved = errno;
	free(w);
	errno = saved;
	return NULL;
}

int capture_write_event(struct capture_writer *w, const struct vigil_event *ev)
{
	int ret = capture_put_block(w, CAP_BLK_EVENT, ev, ev->len, NULL, 0);

	if (!ret)
		w->events++;
	return ret;
}

int capture_close(struct capture_writer *w, __u64 drops)
{
	struct capture_end e;
	int ret;

	if (!w)
		return 0;
	e.events = w->events;
	e.drops = drops;
	ret = capture_put_block(w, CAP_BLK_END, &e, sizeof(e), NULL, 0);
	if (gzclose(w->gz) != Z_OK && !ret)
		ret = -EIO;
	free(w);
	return ret;
}

/* ---- reading ---- */

int capture_probe(const char *path)
{
	char magic[8];
	gzFile gz;
	int n;

	gz = gzopen(path, "rb");
	if (!gz)
		return errno ? -errno : -ENOMEM;
	n = gzread(gz, magic, sizeof(magic));
	gzclose(gz);
	return n == (int)sizeof(magic) &&
	       !memcmp(magic, CAPTURE_MAGIC, sizeof(magic));
}

static int rd_err(struct capture_reader *r, int ret, __u64 off,
		  const char *what)
{
	snprintf(r->err, sizeof(r->err), "damaged capture at byte %llu: %s",
		 (unsigned long long)off, what);
	r->done = 1;
	return ret;
}

/* Exactly n bytes, or an error naming what was being read. */
static int rd(struct capture_reader *r, void *p, size_t n, const char *what)
{
	__u64 at = r->off;
	int got, zerr;
	const char *zmsg;
	char msg[160];

	got = n ? gzread(r->gz, p, (unsigned int)n) : 0;
	if (got < 0) {
		zmsg = gzerror(r->gz, &zerr);
		snprintf(msg, sizeof(msg), "%s: %s", what, zmsg);
		return rd_err(r, -EIO, at, msg);
	}
	r->off += (__u64)got;
	if ((size_t)got < n) {
		zmsg = gzerror(r->gz, &zerr);
		snprintf(msg, sizeof(msg), "truncated in %s (%d of %zu bytes)%s%s",
			 what, got, n, zerr ? ": " : "", zerr ? zmsg : "");
		return rd_err(r, -EPROTO, at, msg);
	}
	return 0;
}

struct capture_reader *capture_open(const char *path, char *err,
				    size_t errlen)
{
	struct capture_reader *r = calloc(1, sizeof(*r));
	int saved = ENOMEM;

	if (!r)
		goto fail;
	r->buf = malloc(CAPTURE_BLOCK_MAX + THREAD_WIDEN);
	if (!r->buf)
		goto fail;
	r->gz = gzopen(path, "rb");
	if (!r->gz) {
		saved = errno ? errno : ENOMEM;
		snprintf(err, errlen, "%s: %s", path, strerror(saved));
		goto fail;
	}
	if (rd(r, &r->hdr, sizeof(r->hdr), "the header")) {
		snprintf(err, errlen, "%s: %s", path, r->err);
		saved = EPROTO;
		goto fail;
	}
	if (memcmp(r->hdr.magic, CAPTURE_MAGIC, sizeof(r->hdr.magic)) ||
	    r->hdr.version < 1 || r->hdr.version > CAPTURE_VERSION ||
	    r->hdr.hdr_size != sizeof(r->hdr) ||
	    r->hdr.abi_version < 1 ||
	    r->hdr.abi_version > VIGIL_ABI_VERSION) {
		snprintf(err, errlen, "%s: not a vigil capture of version 1 "
			 "to %d (ABI 1 to %d)", path, CAPTURE_VERSION,
			 VIGIL_ABI_VERSION);
		saved = EPROTO;
		goto fail;
	}
	r->hdr.hostname[sizeof(r->hdr.hostname) - 1] = '\0';
	return r;
fail:
	capture_close_reader(r);
	errno = saved;
	return NULL;
}

const struct capture_header *capture_hdr(const struct capture_reader *r)
{
	return &r->hdr;
}

/* After the END block: nothing but the end of the (intact) stream. */
static int end_of_stream(struct capture_reader *r)
{
	unsigned char c;
	const char *zmsg;
	char msg[160];
	int got, zerr;

	got = gzread(r->gz, &c, 1);
	zmsg = gzerror(r->gz, &zerr);
	if (got < 0 || (zerr && zerr != Z_OK)) {
		snprintf(msg, sizeof(msg), "after the end block: %s", zmsg);
		return rd_err(r, -EPROTO, r->off, msg);
	}
	if (got > 0)
		return rd_err(r, -EPROTO, r->off, "data after the end block");
	return 0;
}

int capture_next(struct capture_reader *r, __u32 *type, const void **data,
		 __u32 *len)
{
	struct capture_block bh;
	const struct vigil_event *ev;
	size_t pad;
	__u64 at;
	int ret;
	char msg[128];

	if (r->done)
		return r->err[0] ? -EPROTO : 0;
	at = r->off;
	ret = rd(r, &bh, sizeof(bh), "a block header");
	if (ret)
		return ret;
	if (!bh.type || bh.type >= CAP_BLK_MAX) {
		snprintf(msg, sizeof(msg), "unknown block type %u", bh.type);
		return rd_err(r, -EPROTO, at, msg);
	}
	if (bh.len > CAPTURE_BLOCK_MAX) {
		snprintf(msg, sizeof(msg), "block of %u bytes (limit %u)",
			 bh.len, CAPTURE_BLOCK_MAX);
		return rd_err(r, -EPROTO, at, msg);
	}
	if (bh.type == CAP_BLK_EVENT && !r->state_done)
		return rd_err(r, -EPROTO, at, "event before the state's end");
	if (bh.type <= CAP_BLK_STATE_END && r->state_done)
		return rd_err(r, -EPROTO, at, "state block after the events began");
	pad = (8 - (bh.len & 7)) & 7;
	ret = rd(r, r->buf, bh.len + pad, "a block");
	if (ret)
		return ret;
	if (bh.type == CAP_BLK_EVENT) {
		ev = (const void *)r->buf;
		if (bh.len < sizeof(*ev) || ev->len != bh.len ||
		    (r->hdr.abi_version == 1 &&
		     capture_abi1_record(r->buf, CAPTURE_BLOCK_MAX, &bh.len)) ||
		    vigil_rec_check(ev))
			return rd_err(r, -EPROTO, at, "invalid event record");
	}
	if (bh.type == CAP_BLK_THREAD && r->hdr.version == 1) {
		/* Version 1 had no vtid: widen to the current layout, vtid 0. */
		if (bh.len < CAPTURE_THREAD_V1_SIZE)
			return rd_err(r, -EPROTO, at, "bad thread block");
		memmove(r->buf + sizeof(struct capture_thread),
			r->buf + CAPTURE_THREAD_V1_SIZE,
			bh.len - CAPTURE_THREAD_V1_SIZE);
		memset(r->buf + CAPTURE_THREAD_V1_SIZE, 0, THREAD_WIDEN);
		bh.len += THREAD_WIDEN;
	}
	if (bh.type == CAP_BLK_STATE_END)
		r->state_done = 1;
	if (bh.type == CAP_BLK_END) {
		if (bh.len != sizeof(struct capture_end))
			return rd_err(r, -EPROTO, at, "bad end block");
		ret = end_of_stream(r);
		if (ret)
			return ret;
		r->done = 1;
	}
	*type = bh.type;
	*data = r->buf;
	*len = bh.len;
	return 1;
}

const char *capture_error(const struct capture_reader *r)
{
	return r->err[0] ? r->err : "no error";
}

__u64 capture_offset(const struct capture_reader *r)
{
	return r->off;
}

void capture_close_reader(struct capture_reader *r)
{
	if (!r)
		return;
	if (r->gz)
		gzclose(r->gz);
	free(r->buf);
	free(r);
}
