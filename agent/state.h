/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The agent's state: threads and processes, per-process fd tables, users
 * and groups, containers.  Seeded from /proc at start, then kept up to
 * date from every vigil record; the rule engine's proc.*, thread.*,
 * user.*, group.*, fd.*, container.* and k8s.* fields read it.
 *
 * Calling sequence for each record, in timestamp order:
 *
 *	vigil_state_update(st, rec, len);	before the rules run
 *	... rules read st through the lookups below ...
 *	vigil_state_post(st);			after the rules ran
 *
 * update() applies what the record changes, except what would hide the
 * record's own subject from its rules: a close keeps its fd and a
 * procexit keeps its thread (and process) until post() (or the next
 * update()) removes them.
 *
 * Every table has a cap (struct vigil_state_cfg).  Dead entries are
 * purged as they die; when a table is full the least recently used entry
 * is evicted and counted (struct vigil_state_stats).
 *
 * Lookups never allocate except where noted (environment read on demand,
 * container metadata read once per container, a thread seen for the
 * first time), and are O(1) hash lookups.  Pointers returned by lookups
 * stay valid until the next vigil_state_update(), vigil_state_post(),
 * vigil_state_seed() or vigil_state_close(); string pointers are
 * NUL-terminated and owned by the state.
 *
 * Nothing here prints or logs: errors are -errno returns and, where a
 * file is involved, text in the caller's err buffer.
 */
#ifndef VIGIL_STATE_H
#define VIGIL_STATE_H

#include <stddef.h>
#include <linux/types.h>

#include "vigil_abi.h"

struct vigil_state;
struct vigil_thread;	/* one task (tid) */
struct vigil_proc;	/* one thread group (pid), shared by its threads */
struct vigil_fd;	/* one open file description in an fd table */

struct vigil_state_cfg {
	const char *proc_root;		/* "/proc" */
	const char *passwd_path;	/* "/etc/passwd" */
	const char *group_path;		/* "/etc/group" */
	const char *docker_root;	/* "/var/lib/docker" */
	/* "/run/containerd/io.containerd.runtime.v2.task" */
	const char *containerd_root;
	/* "/var/lib/containers/storage/overlay-containers" */
	const char *crio_root;
	__u32 max_threads;		/* threads; processes never exceed it */
	__u32 max_fds;			/* fds in all tables together */
	__u32 max_users;		/* users, and separately groups */
	__u32 max_containers;
	__u32 max_path;			/* bytes kept of a path or name */
	__u32 max_args;			/* bytes kept of argv */
	__u32 max_env;			/* bytes kept of the environment */
	__u32 user_recheck_ms;		/* stat passwd/group at most so often */
	int lookup_missing;		/* read proc_root for unseen threads */
};

/* Defaults: the paths above, 131072 threads, 1048576 fds, 65536 users,
 * 4096 containers, 4096/4096/8192 bytes, 1000 ms, lookup_missing on. */
void vigil_state_cfg_default(struct vigil_state_cfg *cfg);

struct vigil_state_stats {
	__u64 threads, procs, fds, fd_tables, users, groups, containers;
	__u64 threads_evicted;	/* live threads dropped at the cap */
	__u64 fds_evicted;
	__u64 containers_evicted;
	__u64 threads_exited;	/* purged after their procexit */
	__u64 threads_missing;	/* first seen in a record, not at fork/seed */
	__u64 users_dropped;	/* passwd/group entries over the cap */
	__u64 user_reloads;
	__u64 bad_records;	/* records update() refused */
};

/* A new, empty state (copies cfg's strings); NULL with errno set. */
struct vigil_state *vigil_state_open(const struct vigil_state_cfg *cfg);
void vigil_state_close(struct vigil_state *st);

/*
 * Read every process, thread and fd under cfg->proc_root, and the user
 * and group files.  Unreadable entries (processes that exit meanwhile)
 * are skipped.  0, or -errno when proc_root itself can't be read (with
 * the reason in err).
 */
int vigil_state_seed(struct vigil_state *st, char *err, size_t errlen);

/*
 * Apply one record (len bytes readable at rec).  0; -EINVAL for a record
 * that fails vigil_rec_check() or is longer than len (counted, state
 * unchanged); -ENOMEM.  A string field pointing outside the record reads
 * as absent.
 */
int vigil_state_update(struct vigil_state *st, const struct vigil_event *rec,
		       size_t len);

/*
 * vigil_state_update() of a record the caller has checked as it does
 * (whole within what it read, vigil_rec_check() 0): the pipeline, which
 * drops a bad record before the state sees it, checks it once.
 */
int vigil_state_apply(struct vigil_state *st, const struct vigil_event *rec);

/* Finish the last update: drop the fd it closed and the thread it ended. */
void vigil_state_post(struct vigil_state *st);

void vigil_state_stats(const struct vigil_state *st,
		       struct vigil_state_stats *out);

/* ---- threads and processes ---- */

const struct vigil_thread *vigil_state_thread(struct vigil_state *st,
					      __u32 tid);
const struct vigil_proc *vigil_state_proc(const struct vigil_state *st,
					  __u32 pid);

__u32 vigil_thread_tid(const struct vigil_thread *t);
const struct vigil_proc *vigil_thread_proc(const struct vigil_thread *t);
const char *vigil_thread_comm(const struct vigil_thread *t);
__u32 vigil_thread_vtid(const struct vigil_thread *t);	/* 0: unknown */
/* The thread's own view of its process's vpid, else the process's. */
__u32 vigil_thread_vpid(const struct vigil_thread *t);	/* 0: unknown */
__u32 vigil_thread_uid(const struct vigil_thread *t);
__u32 vigil_thread_gid(const struct vigil_thread *t);
__u32 vigil_thread_euid(const struct vigil_thread *t);
__u32 vigil_thread_egid(const struct vigil_thread *t);
/* Effective, permitted, inheritable capabilities (0..2); 0 if unknown. */
__u64 vigil_thread_caps(const struct vigil_thread *t, int which);

__u32 vigil_proc_pid(const struct vigil_proc *p);
__u32 vigil_proc_ppid(const struct vigil_proc *p);
__u32 vigil_proc_vpid(const struct vigil_proc *p);	/* 0: unknown */
__s64 vigil_proc_sid(const struct vigil_proc *p);	/* -1: unknown */
__u32 vigil_proc_pgid(const struct vigil_proc *p);
__u32 vigil_proc_vpgid(const struct vigil_proc *p);	/* 0: unknown */
__u64 vigil_proc_tty(const struct vigil_proc *p);
__u32 vigil_proc_loginuid(const struct vigil_proc *p);	/* -1: unset */
__u64 vigil_proc_start_ns(const struct vigil_proc *p);	/* CLOCK_BOOTTIME */
__u32 vigil_proc_nthreads(const struct vigil_proc *p);
__u32 vigil_proc_nfds(const struct vigil_proc *p);
const char *vigil_proc_name(const struct vigil_proc *p);	/* comm */
/* argv[0], the executable's path, and the cwd; NULL when unknown. */
const char *vigil_proc_exe(const struct vigil_proc *p);
const char *vigil_proc_exepath(const struct vigil_proc *p);
const char *vigil_proc_cwd(const struct vigil_proc *p);
const char *vigil_proc_cgroup(const struct vigil_proc *p);
/* argv[1..] as NUL-separated bytes; NULL (and *len 0) when none. */
const char *vigil_proc_args(const struct vigil_proc *p, size_t *len,
			    unsigned int *nargs);
/*
 * proc.cmdline: name, then the arguments separated by spaces, cut to
 * size - 1 bytes; returns the untruncated length.
 */
size_t vigil_proc_cmdline(const struct vigil_proc *p, char *buf, size_t size);
/*
 * The environment as NUL-separated NAME=value bytes: from the exec
 * record, else read from proc_root once (allocates).  NULL if unknown.
 */
const char *vigil_proc_env(struct vigil_state *st, const struct vigil_proc *p,
			   size_t *len);
/* One variable's value, NULL if unset or the environment is unknown. */
const char *vigil_proc_getenv(struct vigil_state *st,
			      const struct vigil_proc *p, const char *name);

/*
 * Ancestor n of p (1 = parent), NULL past the known chain (at most
 * VIGIL_STATE_MAX_DEPTH).  Session and process-group leaders by id.
 */
#define VIGIL_STATE_MAX_DEPTH	64
const struct vigil_proc *vigil_proc_ancestor(const struct vigil_state *st,
					     const struct vigil_proc *p,
					     unsigned int n);
const struct vigil_proc *vigil_proc_session_leader(const struct vigil_state *st,
						   const struct vigil_proc *p);
const struct vigil_proc *vigil_proc_pgrp_leader(const struct vigil_state *st,
						const struct vigil_proc *p);

/* ---- fds ---- */

enum vigil_fd_type {
	VIGIL_FD_UNKNOWN,
	VIGIL_FD_FILE,
	VIGIL_FD_DIRECTORY,
	VIGIL_FD_IPV4,
	VIGIL_FD_IPV6,
	VIGIL_FD_UNIX,
	VIGIL_FD_PIPE,
	VIGIL_FD_EVENT,
	VIGIL_FD_SIGNALFD,
	VIGIL_FD_EVENTPOLL,
	VIGIL_FD_INOTIFY,
	VIGIL_FD_TIMERFD,
	VIGIL_FD_NETLINK,
	VIGIL_FD_MEMFD,
	VIGIL_FD_USERFAULTFD,
	VIGIL_FD_BPF,
	VIGIL_FD_IOURING,
	VIGIL_FD_PIDFD,
	VIGIL_FD_SOCKET,	/* other families */
	VIGIL_FD_NR_TYPES
};

/* The fd of thread t's table, NULL if unknown. */
const struct vigil_fd *vigil_state_fd(struct vigil_state *st,
				      const struct vigil_thread *t, __s64 fd);

__s32 vigil_fd_num(const struct vigil_fd *f);
enum vigil_fd_type vigil_fd_type(const struct vigil_fd *f);
/* Falco's fd.type ("file", "ipv4", ...) and fd.typechar ('f', '4'). */
const char *vigil_fd_type_name(enum vigil_fd_type type);
char vigil_fd_typechar(enum vigil_fd_type type);
/* The same letter in static storage (one byte, no NUL after it). */
const char *vigil_fd_typechar_at(enum vigil_fd_type type);
/*
 * fd.name: the path, or "cip:cport->sip:sport" for connected IP sockets,
 * "ip:port" for bound/listening ones, the path for unix sockets.
 */
const char *vigil_fd_name(const struct vigil_fd *f, size_t *len);
/* fd.nameraw: an open's name as recorded, before normalisation. */
const char *vigil_fd_nameraw(const struct vigil_fd *f, size_t *len);
/* fd.directory / fd.filename of files: (pointer, length) into the name. */
const char *vigil_fd_directory(const struct vigil_fd *f, size_t *len);
const char *vigil_fd_filename(const struct vigil_fd *f, size_t *len);
__u32 vigil_fd_open_flags(const struct vigil_fd *f);	/* O_* */
int vigil_fd_cloexec(const struct vigil_fd *f);
__u64 vigil_fd_dev(const struct vigil_fd *f);
__u64 vigil_fd_ino(const struct vigil_fd *f);

/* Sockets: family AF_*, l4 protocol IPPROTO_* (0 unknown). */
struct vigil_fd_sock {
	__u16 family;
	__u8 l4proto;
	__u8 is_server;		/* accepted, or listening */
	__u8 connected;
	__u8 has_local, has_remote;
	__u16 lport, rport;	/* host order */
	__u8 lip[16], rip[16];	/* network order; IPv4 in the first 4 */
};
/* 0 with *out filled for sockets, -ENOTSOCK otherwise. */
int vigil_fd_sock(const struct vigil_fd *f, struct vigil_fd_sock *out);
/* "tcp", "udp", "icmp", "raw", NULL when unknown. */
const char *vigil_l4proto_name(__u8 proto);

/* ---- users and groups ---- */

struct vigil_user {
	__u32 uid;
	__u32 gid;
	const char *name;
	const char *homedir;
	const char *shell;
};

struct vigil_group {
	__u32 gid;
	const char *name;
};

/* Re-reads the files first when they changed (at most once per
 * user_recheck_ms).  NULL when the id is not in the file. */
const struct vigil_user *vigil_state_user(struct vigil_state *st, __u32 uid);
const struct vigil_group *vigil_state_group(struct vigil_state *st, __u32 gid);

/* ---- containers ---- */

#define VIGIL_CID_SHORT		12
#define VIGIL_CID_MAX		64

enum vigil_ctype {
	VIGIL_CT_HOST,
	VIGIL_CT_DOCKER,
	VIGIL_CT_CONTAINERD,
	VIGIL_CT_CRI,		/* a kubepods cgroup, runtime not named */
	VIGIL_CT_CRIO,
	VIGIL_CT_PODMAN,
	VIGIL_CT_LXC,
	VIGIL_CT_NR
};

/* container.type's value: "host", "docker", "containerd", ... */
const char *vigil_ctype_name(enum vigil_ctype t);

/*
 * Container of a cgroup path (one path, or /proc/<pid>/cgroup text with
 * one "hier:controllers:path" per line).  Returns the type; for
 * containers, full is the id (up to VIGIL_CID_MAX + 1 bytes with NUL).
 */
enum vigil_ctype vigil_cgroup_container(const char *cgroup, size_t len,
					char full[VIGIL_CID_MAX + 1]);

struct vigil_kv {
	const char *key;
	const char *value;
};

struct vigil_mount {
	const char *source;
	const char *dest;
	const char *mode;	/* docker's Mode, "" when none */
	const char *propagation;
	__u8 rw;
};

#define VIGIL_CT_MAX_LABELS	64
#define VIGIL_CT_MAX_MOUNTS	64

struct vigil_container {
	enum vigil_ctype type;
	char id[VIGIL_CID_SHORT + 1];	/* "host" for the host */
	unsigned int id_len;		/* strlen(id) */
	char full_id[VIGIL_CID_MAX + 1];
	const char *name;		/* NULL when not found on disk */
	const char *image;		/* as the user named it */
	const char *image_id;
	const char *image_repository;
	const char *image_tag;
	const char *image_digest;
	int privileged;			/* -1 unknown */
	int host_network, host_pid, host_ipc;	/* -1 unknown */
	unsigned int nlabels;
	const struct vigil_kv *labels;
	unsigned int nmounts;
	const struct vigil_mount *mounts;
	/* From the io.kubernetes.* labels or CRI annotations. */
	const char *k8s_pod_name;
	const char *k8s_ns_name;
	const char *k8s_pod_uid;
	const char *k8s_sandbox_id;
	unsigned int npod_labels;
	const struct vigil_kv *pod_labels;
	int found;			/* metadata was read from disk */
};

/* The container of process p ("host" entry outside containers). */
const struct vigil_container *vigil_proc_container(struct vigil_state *st,
						   const struct vigil_proc *p);
/* A container by short or full id; metadata read on first sight. */
const struct vigil_container *vigil_state_container(struct vigil_state *st,
						    const char *id);
/* A label's value, NULL if unset. */
const char *vigil_container_label(const struct vigil_container *c,
				  const char *key);

#endif /* VIGIL_STATE_H */
