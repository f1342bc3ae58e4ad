/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The conversion table: for each scap exit event version (PPME number of
 * the exit; the enter is the number before it) the vigil type it becomes
 * and where each payload field comes from.  Parameter indices follow the
 * public scap event table.
 */
#ifndef VIGIL_SCAP_CONVTAB_H
#define VIGIL_SCAP_CONVTAB_H

#include <linux/types.h>

#define SCAP_MAX_PARAMS		32
#define SCAP_ROW_FIELDS		12

#define SCAP_PPME_GENERIC_X	1
#define SCAP_PPME_PROCEXIT	16
#define SCAP_PPME_PROCEXIT_1	186

enum { SCAP_DIR_E = 0, SCAP_DIR_X = 1, SCAP_DIR_NONE = 0xff };

/* Where a field's value comes from. */
enum scap_how {
	SCAP_H_INT = 1,		/* integer param; aux: enum scap_xlat */
	SCAP_H_STR,		/* string param as is */
	SCAP_H_PATH,		/* path param made absolute; aux: dirfd
				 * param index + 1, 0 = the cwd,
				 * SCAP_AUX_ASIS = as is */
	SCAP_H_FDNAME,		/* name of the fd in param idx */
	SCAP_H_CWD,		/* the thread's cwd */
	SCAP_H_SADDR,		/* PT_SOCKADDR param */
	SCAP_H_TUP_SRC,		/* PT_SOCKTUPLE param, source end */
	SCAP_H_TUP_DST,		/* PT_SOCKTUPLE param, destination end */
	SCAP_H_FDADDR,		/* address of fd param idx; aux 1 = peer */
	SCAP_H_FDPROTO,		/* l4 protocol of fd param idx */
	SCAP_H_CONST,		/* the constant (__s8)aux */
	SCAP_H_ARGV,		/* argv[0] param idx, then args param aux */
	SCAP_H_CGROUP,		/* path of the first entry of a cgroups list */
	SCAP_H_SID,		/* the thread's session id */
	SCAP_H_VPID,		/* the thread's vpid (aux 0) or vtid (aux 1) */
};

#define SCAP_AUX_ASIS	0xff

struct scap_fsrc {
	const char *field;	/* vigil def field name; NULL ends */
	__u8 how;
	__u8 dir;		/* SCAP_DIR_E / SCAP_DIR_X */
	__u8 idx;
	__u8 aux;
	__u8 dir2;		/* fallback when param idx is missing */
	__u8 idx2;
	__u8 aux2;
};

enum scap_special {
	SCAP_SP_NONE,
	SCAP_SP_OPEN,
	SCAP_SP_CLOSE,
	SCAP_SP_DUP,
	SCAP_SP_FCNTL,
	SCAP_SP_MMAP,
	SCAP_SP_SOCKET,
	SCAP_SP_SOCKETPAIR,
	SCAP_SP_CONNECT,
	SCAP_SP_ACCEPT,
	SCAP_SP_BIND,
	SCAP_SP_CHDIR,
	SCAP_SP_FCHDIR,
	SCAP_SP_SETUID,
	SCAP_SP_SETGID,
	SCAP_SP_SETRESUID,
	SCAP_SP_SETRESGID,
	SCAP_SP_CLONE,
	SCAP_SP_EXECVE,
	SCAP_SP_PROCEXIT,
};

/* Exit-parameter indices of process events that vary by version. */
struct scap_procmap {
	__s8 comm;
	__s8 cgroups;
	__s8 flags;
	__s8 uid;
	__s8 gid;
	__s8 tty;
	__s8 loginuid;
};

struct scap_convrow {
	__u16 xtype;		/* PPME number of the exit event */
	__u16 vtype;		/* VIGIL_EV_* */
	const char *sname;	/* the event name sysdig prints */
	__u8 enp;		/* parameters of the enter event (max) */
	__u8 xnp;		/* parameters of the exit event (max) */
	__u8 special;		/* enum scap_special */
	const struct scap_procmap *pm;
	struct scap_fsrc f[SCAP_ROW_FIELDS];
};

/* The row for an exit event type, NULL when vigil has no such type. */
const struct scap_convrow *scap_convrow_by_exit(unsigned int xtype);

/* vigil type of a generic event's PPM_SC syscall code, -1 for none. */
int scap_generic_vtype(__u32 ppm_sc);

/* Rows, for table checks in tests. */
const struct scap_convrow *scap_convrow_at(unsigned int i);

#endif /* VIGIL_SCAP_CONVTAB_H */
