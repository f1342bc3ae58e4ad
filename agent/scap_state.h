/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * State read from a .scap capture: machine info, the process list (every
 * block version, PL_V1..PL_V9), fd lists, interface and user/group lists.
 * The thread table is also kept up to date by scap_events.c while events
 * are converted, so it doubles as the replay's process state.
 *
 * Limits: SCAP_MAX_THREADS threads, SCAP_MAX_FDS fds in all, SCAP_MAX_USERS
 * users and groups, SCAP_MAX_IFACES interfaces; beyond them the block is
 * refused with an error (never an unbounded allocation).
 */
#ifndef VIGIL_SCAP_STATE_H
#define VIGIL_SCAP_STATE_H

#include <stddef.h>
#include <linux/types.h>

#include "scap_reader.h"

#define SCAP_MAX_THREADS	(1U << 18)
#define SCAP_MAX_FDS		(1U << 20)
#define SCAP_MAX_USERS		65536
#define SCAP_MAX_IFACES		4096

/* scap fd types (public format values). */
enum scap_fd_type {
	SCAP_FD_UNKNOWN = 0,
	SCAP_FD_FILE = 1,
	SCAP_FD_DIRECTORY = 2,
	SCAP_FD_IPV4_SOCK = 3,
	SCAP_FD_IPV6_SOCK = 4,
	SCAP_FD_IPV4_SERVSOCK = 5,
	SCAP_FD_IPV6_SERVSOCK = 6,
	SCAP_FD_FIFO = 7,
	SCAP_FD_UNIX_SOCK = 8,
	SCAP_FD_EVENT = 9,
	SCAP_FD_UNSUPPORTED = 10,
	SCAP_FD_SIGNALFD = 11,
	SCAP_FD_EVENTPOLL = 12,
	SCAP_FD_INOTIFY = 13,
	SCAP_FD_TIMERFD = 14,
	SCAP_FD_NETLINK = 15,
	SCAP_FD_FILE_V2 = 16,
	SCAP_FD_BPF = 17,
	SCAP_FD_USERFAULTFD = 18,
	SCAP_FD_IOURING = 19,
	SCAP_FD_MEMFD = 20,
	SCAP_FD_PIDFD = 21,
};

struct scap_fdinfo {
	__s64 fd;
	__u64 ino;
	__u8 type;		/* enum scap_fd_type */
	__u8 l4proto;		/* IPPROTO_TCP/UDP/..., 0 unknown */
	__u16 family;		/* AF_INET, AF_INET6, AF_UNIX, 0 */
	__u16 sport;		/* host order; servsock: the port */
	__u16 dport;
	__u8 sip[16];		/* network order; servsock: the address */
	__u8 dip[16];
	__u32 open_flags;	/* FILE_V2: PPM open flags */
	char *name;		/* path (file, unix socket), or NULL */
};

struct scap_thread {
	__s64 tid;
	__s64 pid;
	__s64 ptid;
	__s64 sid;		/* -1 when the capture has none */
	__s64 vpgid;
	__s64 vtid;		/* ids in its pid namespace, 0 when unknown */
	__s64 vpid;
	__u32 uid;
	__u32 gid;
	__u32 loginuid;		/* (__u32)-1 when unset */
	__u32 tty;
	char *comm;
	char *exe;		/* argv[0] */
	char *exepath;		/* resolved executable path, may be "" */
	char *args;		/* NUL-separated, args_len bytes */
	__u32 args_len;
	char *cwd;
	char *cgroups;		/* "ctl=path\0..." cgroups_len bytes */
	__u32 cgroups_len;
	char *root;
	char container_id[13];	/* "" = host */
	/* fd table (used on the thread a process's fds are kept on) */
	struct scap_fdinfo *fds;
	__u32 nfds;
	__u32 fds_cap;
	/* last enter event, for pairing with its exit */
	unsigned char *enter;
	__u32 enter_len;
	__u32 enter_cap;
	__u16 enter_type;	/* PPME number, 0xffff when none */
	struct scap_thread *next;	/* hash chain */
};

struct scap_user {
	__u32 uid;
	__u32 gid;
	char *name;
	char *home;
	char *shell;
};

struct scap_group {
	__u32 gid;
	char *name;
};

struct scap_iface {
	__u16 family;		/* AF_INET or AF_INET6 */
	__u8 addr[16];
	char *name;
};

struct scap_machine {
	int present;
	__u32 num_cpus;
	__u64 memory_bytes;
	__u64 max_pid;
	char hostname[129];
	__u64 boot_ts_epoch;	/* 0 when absent */
	__u64 flags;
};

struct scap_state;

struct scap_state *scap_state_new(void);
void scap_state_free(struct scap_state *st);

/*
 * Take in one metadata block (MI, PL_*, FDL*, IL*, UL*): 1 when the block
 * was one of those and was read, 0 for any other block type, -errno on a
 * malformed block with err (errlen bytes) saying what is wrong.
 */
int scap_state_add_block(struct scap_state *st, const struct scap_block *b,
			 char *err, size_t errlen);

const struct scap_machine *scap_state_machine(const struct scap_state *st);
size_t scap_state_nthreads(const struct scap_state *st);
size_t scap_state_nusers(const struct scap_state *st);
size_t scap_state_ngroups(const struct scap_state *st);
size_t scap_state_nifaces(const struct scap_state *st);
const struct scap_user *scap_state_user_at(const struct scap_state *st,
					   size_t i);
const struct scap_group *scap_state_group_at(const struct scap_state *st,
					     size_t i);
const struct scap_iface *scap_state_iface_at(const struct scap_state *st,
					     size_t i);
/* Number of process-list / fd-list entries read (all blocks). */
size_t scap_state_nfds_total(const struct scap_state *st);

/* A user or group name, NULL when unknown. */
const char *scap_state_user_name(const struct scap_state *st, __u32 uid);
const char *scap_state_group_name(const struct scap_state *st, __u32 gid);

/* Thread table. */
struct scap_thread *scap_thread_get(struct scap_state *st, __s64 tid);
/* The existing thread or a new zeroed one; NULL (errno) when full/OOM. */
struct scap_thread *scap_thread_add(struct scap_state *st, __s64 tid);
void scap_thread_del(struct scap_state *st, __s64 tid);
/* Call fn for every thread (any order) until it returns non-zero. */
int scap_thread_foreach(struct scap_state *st,
			int (*fn)(struct scap_thread *t, void *arg),
			void *arg);

/* Replace a string member: 0 or -ENOMEM.  len bytes, NUL added. */
int scap_set_str(char **dst, const char *src, size_t len);
/* Container id (12 hex digits) from a cgroups list, "" if none. */
void scap_container_id(const char *cgroups, size_t len, char id[13]);

/* fd tables: the table of t's process (its main thread when known). */
struct scap_fdinfo *scap_fd_get(struct scap_state *st, struct scap_thread *t,
				__s64 fd);
/* New or reset entry for fd; NULL (errno) at the limit or OOM. */
struct scap_fdinfo *scap_fd_set(struct scap_state *st, struct scap_thread *t,
				__s64 fd);
void scap_fd_del(struct scap_state *st, struct scap_thread *t, __s64 fd);
/* Copy src's entry to fd newfd (dup); 0, -ENOENT, -ENOMEM. */
int scap_fd_dup(struct scap_state *st, struct scap_thread *t, __s64 oldfd,
		__s64 newfd);

#endif /* VIGIL_SCAP_STATE_H */
