/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * vigil kernel <-> user ABI: the /dev/vigil device, its ioctls and the
 * layout of each per-CPU ring.  Compiled unchanged by kmod/ and agent/.
 *
 * Rules for this file: <linux/types.h> types only, no pointers, longs,
 * enums or bitfields inside shared structs, explicit reserved fields
 * instead of implicit padding.  Every struct is pinned by size and offset
 * checks in kmod/vigil_abi_check.c and agent/abi_check.c.
 *
 * Ring mapping (one per possible CPU, at mmap offset cpu * mmap_stride):
 *
 *   +0              consumer page   struct vigil_ring_cons   read-write
 *   +page_size      header page     struct vigil_ring_hdr    read-only
 *   +data_offset    data, data_size bytes (power of two)     read-only
 *
 * The consumer maps the first page PROT_READ|PROT_WRITE and the rest
 * PROT_READ in a second mmap; a writable mapping of anything past the
 * first page is refused.  docs/ABI.md describes the protocol.
 */
#ifndef VIGIL_ABI_H
#define VIGIL_ABI_H

#include <linux/types.h>
#include <linux/ioctl.h>

/*
 * 3: the open family's name is the caller's path (made absolute when
 * relative), no longer the opened file's d_path(); same layout as 2.
 */
#define VIGIL_ABI_VERSION	3
#define VIGIL_DEV_NAME		"vigil"

/* Feature bits in vigil_ring_hdr.features and vigil_info.features. */
#define VIGIL_FEAT_PAD_RECORDS	(1ULL << 0)	/* wrap is marked by a pad record */
#define VIGIL_FEAT_BOOTTIME	(1ULL << 1)	/* ts_ns is CLOCK_BOOTTIME */

/* Bitmap of what to capture: syscall numbers, then the sched events. */
#define VIGIL_NR_SYSCALLS	512
#define VIGIL_NR_SCHED_FORK	(VIGIL_NR_SYSCALLS + 0)
#define VIGIL_NR_SCHED_EXEC	(VIGIL_NR_SYSCALLS + 1)
#define VIGIL_NR_PROCEXIT	(VIGIL_NR_SYSCALLS + 2)
#define VIGIL_NR_MAX		1024
#define VIGIL_BITMAP_WORDS	(VIGIL_NR_MAX / 64)

/* Records: every record is 8-byte aligned and at most this long. */
#define VIGIL_REC_ALIGN		8
#define VIGIL_REC_MAX		65528
#define VIGIL_COMM_LEN		16

/* Snapshot length bounds for variable-length fields (bytes per field). */
#define VIGIL_SNAPLEN_MIN	64
#define VIGIL_SNAPLEN_DEFAULT	4096
#define VIGIL_SNAPLEN_MAX	16384

/* Page 0 of a ring: the only page user space may write. */
struct vigil_ring_cons {
	__u64 consumer_pos;	/* bytes consumed, free-running */
	__u64 reserved[7];
};

/* Page 1 of a ring: written by the kernel only. */
struct vigil_ring_hdr {
	__u32 abi_version;	/* VIGIL_ABI_VERSION */
	__u32 hdr_size;		/* sizeof(struct vigil_ring_hdr) */
	__u64 features;		/* VIGIL_FEAT_* */
	__u64 data_offset;	/* from the ring's mmap start */
	__u64 data_size;	/* power of two */
	__u32 cpu;
	__u32 reserved0;
	__u64 wall_base_ns;	/* CLOCK_REALTIME - CLOCK_BOOTTIME at start */
	__u64 reserved1[2];
	/* Producer state, on its own cache line. */
	__u64 producer_pos;	/* bytes produced, free-running */
	__u64 written;		/* records committed (pad records excluded) */
	__u64 drop_full;	/* dropped: not enough free space */
	__u64 drop_reentrant;	/* dropped: probe re-entered on this CPU */
	__u64 drop_too_large;	/* dropped: record larger than the ring */
	__u64 faults;		/* user-memory faults (field truncated) */
	__u64 compat_skipped;	/* 32-bit compat syscalls not captured */
	__u64 reserved2[1];
};

/*
 * Common record header.  type VIGIL_EV_PAD marks the bytes up to the end
 * of the data area as unused; only len and type are valid in a pad.
 */
struct vigil_event {
	__u32 len;		/* whole record, multiple of 8 */
	__u16 type;		/* VIGIL_EV_* (vigil_events.h) */
	__u16 flags;		/* VIGIL_EVF_* */
	__u64 ts_ns;		/* CLOCK_BOOTTIME at syscall exit */
	__s64 res;		/* syscall return value (-errno on failure) */
	__u32 tid;		/* all ids as seen from the initial namespaces */
	__u32 tgid;
	__u32 ppid;		/* tgid of the real parent */
	__u32 uid;
	__u32 gid;
	__u32 euid;
	__u32 egid;
	__u32 loginuid;		/* (__u32)-1 when unset */
	__u32 nr;		/* x86_64 syscall number or VIGIL_NR_SCHED_* */
	__u32 cpu;
	char comm[VIGIL_COMM_LEN];
};

#define VIGIL_EVF_TRUNCATED	(1 << 0)	/* a field was cut at snaplen */
#define VIGIL_EVF_FAULT		(1 << 1)	/* a user-memory read faulted */

/* A variable-length field: bytes at record + off, len of them. */
struct vigil_str {
	__u16 off;		/* from the start of the record; 0 = absent */
	__u16 len;		/* bytes, not counting the trailing NUL */
	__u16 flags;		/* VIGIL_EVF_* for this field */
	__u16 reserved;
};

/* A socket address as the kernel sees it. */
struct vigil_sockaddr {
	__u16 family;		/* AF_INET, AF_INET6, AF_UNIX, 0 = none */
	__u16 port;		/* host byte order */
	__u16 path_off;		/* AF_UNIX: path at record + path_off */
	__u16 path_len;		/* AF_UNIX: bytes; abstract names start with NUL */
	__u8 addr[16];		/* AF_INET: first 4 bytes; network order */
};

/* ioctls on /dev/vigil */
#define VIGIL_IOC_MAGIC		0xb7

struct vigil_info {
	__u32 abi_version;
	__u32 nr_rings;		/* rings indexed by CPU id */
	__u64 features;
	__u32 page_size;
	__u32 hdr_size;
	__u64 mmap_stride;	/* ring i maps at i * mmap_stride */
	__u64 data_offset;
	__u64 data_size;
	__u32 snaplen;
	__u32 nr_max;		/* VIGIL_NR_MAX */
	__u64 reserved[4];
};

struct vigil_bitmap {
	__u64 bits[VIGIL_BITMAP_WORDS];	/* bit n set: capture nr n */
};

struct vigil_stats {
	__u64 written;
	__u64 drop_full;
	__u64 drop_reentrant;
	__u64 drop_too_large;
	__u64 faults;
	__u64 compat_skipped;
	__u64 reserved[4];
};

struct vigil_ignore {
	__s32 tgid;		/* 0 = the caller's own process */
	__u32 flags;		/* must be 0 */
};

#define VIGIL_IOC_GET_INFO	_IOR(VIGIL_IOC_MAGIC, 1, struct vigil_info)
#define VIGIL_IOC_SET_BITMAP	_IOW(VIGIL_IOC_MAGIC, 2, struct vigil_bitmap)
#define VIGIL_IOC_START		_IO(VIGIL_IOC_MAGIC, 3)
#define VIGIL_IOC_STOP		_IO(VIGIL_IOC_MAGIC, 4)
#define VIGIL_IOC_SET_SNAPLEN	_IOW(VIGIL_IOC_MAGIC, 5, __u32)
#define VIGIL_IOC_GET_STATS	_IOR(VIGIL_IOC_MAGIC, 6, struct vigil_stats)
#define VIGIL_IOC_IGNORE_TGID	_IOW(VIGIL_IOC_MAGIC, 7, struct vigil_ignore)

#endif /* VIGIL_ABI_H */
