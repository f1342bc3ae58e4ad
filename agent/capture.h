/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * vigil's own capture files (docs/CAPTURE.md): a header, a snapshot of
 * the state when recording began (threads and processes, fd tables,
 * users, groups), then the ring records as they were consumed, all in
 * one zlib (gzip) stream.  vigil -w writes one; vigil -e replays one
 * through the same pipeline as live events.
 *
 * The reader trusts nothing: every block length is checked against the
 * limits below before anything is allocated, records are checked with
 * vigil_rec_check(), and a damaged or truncated file is an error naming
 * the byte offset (in the uncompressed stream) where it happened, after
 * every block before it has been returned.  Nothing here prints.
 */
#ifndef VIGIL_CAPTURE_H
#define VIGIL_CAPTURE_H

#include <stddef.h>
#include <linux/types.h>

#include "state.h"
#include "vigil_abi.h"

#define CAPTURE_MAGIC		"VIGILCAP"
#define CAPTURE_VERSION		2	/* 1 is read too: docs/CAPTURE.md */
#define CAPTURE_BLOCK_MAX	(1U << 20)	/* bytes of one block's payload */

enum capture_block_type {
	CAP_BLK_THREAD = 1,	/* struct capture_thread + strings */
	CAP_BLK_FD = 2,		/* struct capture_fd + name */
	CAP_BLK_PASSWD = 3,	/* /etc/passwd text */
	CAP_BLK_GROUP = 4,	/* /etc/group text */
	CAP_BLK_STATE_END = 5,	/* no payload: events follow */
	CAP_BLK_EVENT = 6,	/* one vigil record */
	CAP_BLK_END = 7,	/* struct capture_end: clean end of file */
	CAP_BLK_MAX
};

struct capture_header {
	char magic[8];		/* CAPTURE_MAGIC, no NUL */
	__u32 version;		/* CAPTURE_VERSION */
	__u32 hdr_size;		/* sizeof(struct capture_header) */
	__u32 abi_version;	/* VIGIL_ABI_VERSION of the records */
	__u32 reserved0;
	__u64 wall_base_ns;	/* CLOCK_REALTIME - CLOCK_BOOTTIME */
	__u64 start_ns;		/* CLOCK_BOOTTIME at the start */
	char hostname[64];	/* NUL-terminated */
};

struct capture_block {
	__u32 type;		/* enum capture_block_type */
	__u32 len;		/* payload bytes, padded to 8 in the file */
};

/* Strings follow the fixed part in this order, each len bytes, no NUL. */
struct capture_thread {
	__u32 tid, pid, ppid, sid, pgid, vpgid;
	__u32 uid, gid, euid, egid, loginuid, nargs;
	__u64 tty, start_ns;
	char comm[VIGIL_COMM_LEN];
	__u32 exe_len, exepath_len, cwd_len, args_len, cgroup_len;
	__u32 vpid;		/* the thread's vpid (pid namespace), 0: unknown */
	__u32 vtid;		/* its tid there, 0: unknown (not in version 1) */
	__u32 reserved;		/* 0 */
};
/* A version 1 file's struct capture_thread: the above up to vpid. */
#define CAPTURE_THREAD_V1_SIZE	104

struct capture_fd {
	__u32 tid;		/* the thread whose table holds it */
	__s32 fd;
	__u8 type;		/* enum vigil_fd_type */
	__u8 cloexec;
	__u16 family;
	__u32 oflags;
	__u64 dev, ino;
	__u8 l4proto, is_server, connected, has_local, has_remote;
	__u8 reserved[3];
	__u16 lport, rport;
	__u8 lip[16], rip[16];
	__u32 name_len;		/* path bytes after the struct */
};

struct capture_end {
	__u64 events;		/* records written */
	__u64 drops;		/* kernel drops while recording */
};

/* ---- writing ---- */
struct capture_writer;

/*
 * Create path and write the header; level is zlib's (1..9, 0 stores
 * uncompressed gzip-framed... see docs).  NULL with errno set.
 */
struct capture_writer *capture_create(const char *path, __u64 wall_base_ns,
				      int level);
/*
 * The snapshot: every thread, process and fd of st, and the passwd and
 * group files (may be NULL).  Call once, before the first event.
 */
int capture_write_state(struct capture_writer *w, struct vigil_state *st,
			const char *passwd_path, const char *group_path);
int capture_write_event(struct capture_writer *w, const struct vigil_event *ev);
/* Write the END block and close; 0 or -errno.  NULL is ok. */
int capture_close(struct capture_writer *w, __u64 drops);

/* ---- reading ---- */
struct capture_reader;

/* 1 when path starts like a vigil capture, 0 when not, -errno. */
int capture_probe(const char *path);

/* NULL with errno set and the reason in err. */
struct capture_reader *capture_open(const char *path, char *err,
				    size_t errlen);
const struct capture_header *capture_hdr(const struct capture_reader *r);

/*
 * The next block: 1 with *type, *data, *len (valid until the next
 * call), 0 after the END block, -errno on damage with capture_error()
 * naming the offset.
 */
int capture_next(struct capture_reader *r, __u32 *type, const void **data,
		 __u32 *len);
const char *capture_error(const struct capture_reader *r);
__u64 capture_offset(const struct capture_reader *r);
void capture_close_reader(struct capture_reader *r);

/* Apply a THREAD or FD block to st: 0 or -EINVAL (bad block). */
int capture_apply(struct vigil_state *st, __u32 type, const void *data,
		  __u32 len);

#endif /* VIGIL_CAPTURE_H */
