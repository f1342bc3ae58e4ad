/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * Event types, payload structs and field descriptions generated from
 * shared/vigil_events.def.  Compiled unchanged by kmod/ and agent/.
 *
 * A record is struct vigil_event, then the type's payload struct
 * (struct vigil_ev_<name>), then the variable-length bytes its
 * struct vigil_str / struct vigil_sockaddr fields point at.  Every payload
 * field is 8 bytes (U64, S64, STR, STRV) or 24 bytes (ADDR), so payload
 * structs have no implicit padding.
 */
#ifndef VIGIL_EVENTS_H
#define VIGIL_EVENTS_H

#include <asm/unistd.h>	/* __NR_* named in vigil_events.def */
#include "vigil_abi.h"

/* x86_64 numbers of syscalls newer than the oldest supported kernel. */
#ifndef __NR_execveat
#define __NR_execveat		322
#endif
#ifndef __NR_memfd_create
#define __NR_memfd_create	319
#endif
#ifndef __NR_bpf
#define __NR_bpf		321
#endif
#ifndef __NR_userfaultfd
#define __NR_userfaultfd	323
#endif
#ifndef __NR_clone3
#define __NR_clone3		435
#endif
#ifndef __NR_close_range
#define __NR_close_range	436
#endif
#ifndef __NR_openat2
#define __NR_openat2		437
#endif

#define VIGIL_NR_NONE		0xffffffffU	/* GENERIC: any nr */

/* Field argument values besides a syscall argument index (0..5). */
#define VIGIL_A_RES		7	/* the syscall's return value, as an fd */
#define VIGIL_A_CWD		8	/* no dirfd: relative to the cwd */
#define VIGIL_A_NONE		9	/* no user-supplied address */

#define VIGIL_EV_PAD		0	/* filler up to the end of the data area */

enum vigil_ev_type {
	VIGIL_EV_PAD_ = VIGIL_EV_PAD,
#define VIGIL_EVENT(T, name, nr)	VIGIL_EV_##T,
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b)
#define VIGIL_END(T)
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END
	VIGIL_EV_MAX
};

/* Storage kinds of payload fields. */
enum vigil_kind {
	VIGIL_KIND_U64,
	VIGIL_KIND_S64,
	VIGIL_KIND_STR,		/* struct vigil_str, NUL-terminated bytes */
	VIGIL_KIND_STRV,	/* struct vigil_str, NUL-separated list */
	VIGIL_KIND_ADDR,	/* struct vigil_sockaddr */
};

/* How the agent prints a field. */
enum vigil_fmt {
	VIGIL_FMT_DEC,
	VIGIL_FMT_HEX,
	VIGIL_FMT_OCT,
	VIGIL_FMT_FD,
	VIGIL_FMT_DEV,
	VIGIL_FMT_STR,
	VIGIL_FMT_STRV,
	VIGIL_FMT_ADDR,
	VIGIL_FMT_OFLAGS,	/* O_* */
	VIGIL_FMT_ATF,		/* AT_* */
	VIGIL_FMT_CLONEF,	/* CLONE_* (and the exit signal) */
	VIGIL_FMT_MOUNTF,	/* MS_* */
	VIGIL_FMT_RENAMEF,	/* RENAME_* */
	VIGIL_FMT_MFDF,		/* MFD_* */
	VIGIL_FMT_PROT,		/* PROT_* */
	VIGIL_FMT_MAPF,		/* MAP_* */
	VIGIL_FMT_SIG,		/* SIG* */
	VIGIL_FMT_FAMILY,	/* AF_* */
	VIGIL_FMT_SOCKTYPE,	/* SOCK_* */
	VIGIL_FMT_PTRACE,	/* PTRACE_* */
	VIGIL_FMT_PRCTL,	/* PR_* */
	VIGIL_FMT_BPFCMD,	/* BPF_* */
	VIGIL_FMT_FCNTL,	/* F_* */
	VIGIL_FMT_UMOUNTF,	/* umount2's MNT_* and UMOUNT_*, as Falco names them */
	VIGIL_FMT_RESOLVEF,	/* openat2's RESOLVE_* */
	VIGIL_FMT_MODINITF,	/* finit_module's MODULE_INIT_* */
};

/* How the module fills a field (see kmod/fill.c). */
enum vigil_src {
	VIGIL_SRC_ARG_U64,	/* argument a */
	VIGIL_SRC_ARG_S64,
	VIGIL_SRC_ARG_U32,
	VIGIL_SRC_ARG_S32,
	VIGIL_SRC_USTR,		/* user string at argument a */
	VIGIL_SRC_UPATH,	/* user path at argument b, made absolute
				 * against dirfd argument a or the cwd */
	VIGIL_SRC_OPEN_NAME,	/* open family's name: UPATH(a, b), success or
				 * not; symlinks not followed (ABI 3) */
	VIGIL_SRC_FDPATH,	/* path of the fd in argument a */
	VIGIL_SRC_FD_DEV,	/* device of the fd in argument a */
	VIGIL_SRC_FD_INO,	/* inode number of the fd in argument a */
	VIGIL_SRC_CWD,		/* current working directory */
	VIGIL_SRC_EXEC_FILENAME,/* execve: file name as passed */
	VIGIL_SRC_EXEC_ARGV,	/* execve: argv (new image, or argument a) */
	VIGIL_SRC_EXEC_ENV,	/* execve: environment */
	VIGIL_SRC_EXEC_EXE,	/* execve: path of the executable */
	VIGIL_SRC_TTY,		/* controlling tty, new_encode_dev(), 0 = none */
	VIGIL_SRC_PGID,
	VIGIL_SRC_SID,
	VIGIL_SRC_CGROUP,	/* cgroup v2 path of the task */
	VIGIL_SRC_CLONE_FLAGS,	/* clone flags of clone/clone3/fork/vfork */
	VIGIL_SRC_UCAPHDR_PID,	/* capset: header pid at argument a */
	VIGIL_SRC_UCAP,		/* capset: set b (0 eff, 1 perm, 2 inh) */
	VIGIL_SRC_UOPENHOW,	/* openat2: u64 b of struct open_how at a */
	VIGIL_SRC_BPF_PROG_TYPE,/* bpf: prog_type for BPF_PROG_LOAD, else -1 */
	VIGIL_SRC_UINT_PAIR,	/* int b of the int[2] at argument a */
	VIGIL_SRC_SOCK_PROTO,	/* l4 protocol of the socket fd a */
	VIGIL_SRC_SOCK_LOCAL,	/* local address of the socket fd a */
	VIGIL_SRC_SOCK_LOCAL_U,	/* SOCK_LOCAL, else user sockaddr at b */
	VIGIL_SRC_SOCK_PEER,	/* peer of fd a, else user sockaddr at b
				 * (length in argument b + 1) */
	VIGIL_SRC_SOCK_PEER_UPTR,/* peer of fd a, else the sockaddr the
				  * kernel wrote to b (length at *(b + 1)) */
	VIGIL_SRC_SOCK_PEER_MSG,/* peer of fd a, else msg_name of msghdr b */
	VIGIL_SRC_CHILD_TID,	/* sched_process_fork */
	VIGIL_SRC_CHILD_TGID,
	VIGIL_SRC_SCHED_FILENAME,/* sched_process_exec */
	VIGIL_SRC_OLD_TID,
	VIGIL_SRC_EXIT_STATUS,	/* sched_process_exit: wait status */
	VIGIL_SRC_VPID,		/* current's tgid (a 0) or tid (a 1) in its
				 * own active pid namespace */
	VIGIL_SRC_CHILD_VPID,	/* sched_process_fork: the same of the child */
};

#define VIGIL_CTYPE_U64		__u64
#define VIGIL_CTYPE_S64		__s64
#define VIGIL_CTYPE_STR		struct vigil_str
#define VIGIL_CTYPE_STRV	struct vigil_str
#define VIGIL_CTYPE_ADDR	struct vigil_sockaddr

#define VIGIL_EVENT(T, name, nr)	struct vigil_ev_##name {
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b)	VIGIL_CTYPE_##kind f;
#define VIGIL_END(T)			};
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END

#endif /* VIGIL_EVENTS_H */
