// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * scap event versions -> vigil types and field sources.  Parameter
 * layouts are those of the public scap event table (driver/event_table.c
 * of falcosecurity/libs, the version Debian's sysdig 0.29.3 reads).
 */
#include <stddef.h>

#include "vigil_events.h"
#include "scap_convtab.h"
#include "scap_xlat.h"

#define E SCAP_DIR_E
#define X SCAP_DIR_X
#define NO SCAP_DIR_NONE

#define FI(n, d, i)	{ n, SCAP_H_INT, d, i, 0, NO, 0, 0 }
#define FX(n, d, i, x)	{ n, SCAP_H_INT, d, i, x, NO, 0, 0 }
#define FIB(n, d, i, x, d2, i2) { n, SCAP_H_INT, d, i, x, d2, i2, x }
#define FS(n, d, i)	{ n, SCAP_H_STR, d, i, 0, NO, 0, 0 }
#define FSB(n, d, i, d2, i2) { n, SCAP_H_STR, d, i, 0, d2, i2, 0 }
#define FP(n, d, i, dfd) { n, SCAP_H_PATH, d, i, dfd, NO, 0, 0 }
#define FPB(n, d, i, dfd, d2, i2, dfd2) \
	{ n, SCAP_H_PATH, d, i, dfd, d2, i2, dfd2 }
#define FN(n, d, i)	{ n, SCAP_H_FDNAME, d, i, 0, NO, 0, 0 }
#define FH(n, h, d, i, a) { n, h, d, i, a, NO, 0, 0 }
#define FC(n, v)	{ n, SCAP_H_CONST, X, 0, (__u8)(v), NO, 0, 0 }

#define OFL	SCAP_XLAT_OFLAGS
#define CLF	SCAP_XLAT_CLONE

/* execve exit layouts: res exe args tid pid ptid cwd fdlimit ... */
static const struct scap_procmap ex8 = { -1, -1, -1, -1, -1, -1, -1 };
static const struct scap_procmap ex15 = { 13, -1, -1, -1, -1, -1, -1 };
static const struct scap_procmap ex16 = { 13, 14, -1, -1, -1, -1, -1 };
static const struct scap_procmap ex17 = { 13, 14, -1, -1, -1, 16, -1 };
static const struct scap_procmap ex19 = { 13, 14, 19, -1, -1, 16, 18 };
/* clone exit layouts */
static const struct scap_procmap cl11 = { -1, -1, 8, 9, 10, -1, -1 };
static const struct scap_procmap cl16 = { -1, -1, 13, 14, 15, -1, -1 };
static const struct scap_procmap cl17 = { 13, -1, 14, 15, 16, -1, -1 };
static const struct scap_procmap cl20 = { 13, 14, 15, 16, 17, -1, -1 };

/* execve fields; env at envi, cgroups at cgi (0 = none), tty, pgid */
#define EXEC_OLD(envi, cgi, ttyi, pgidi)				\
	{ FS("filename", X, 1), FH("argv", SCAP_H_ARGV, X, 1, 2),	\
	  FS("exe", X, 1), FS("cwd", X, 6), FI("tty", X, ttyi),		\
	  FI("pgid", X, pgidi), FH("sid", SCAP_H_SID, X, 0, 0),	\
	  FH("cgroup", SCAP_H_CGROUP, X, cgi, 0), FS("env", X, envi),	\
	  FH("vpid", SCAP_H_VPID, X, 0, 0), FH("vtid", SCAP_H_VPID, X, 0, 1) }
#define EXEC_NEW							\
	{ FSB("filename", E, 0, X, 1), FH("argv", SCAP_H_ARGV, X, 1, 2), \
	  FPB("exe", E, 0, 0, X, 1, SCAP_AUX_ASIS), FS("cwd", X, 6),	\
	  FI("tty", X, 16), FI("pgid", X, 17),				\
	  FH("sid", SCAP_H_SID, X, 0, 0),				\
	  FH("cgroup", SCAP_H_CGROUP, X, 14, 0), FS("env", X, 15),	\
	  FH("vpid", SCAP_H_VPID, X, 0, 0), FH("vtid", SCAP_H_VPID, X, 0, 1) }

/* the 20-param layouts (cl20) carry vtid and vpid at 18 and 19 */
#define CLONE_ROW(xt, vt, name, pm, fl)					\
	{ xt, VIGIL_EV_##vt, name, 0, 20, SCAP_SP_CLONE, &pm,		\
	  { FX("flags", X, fl, CLF), FI("vpid", X, 19), FI("vtid", X, 18) } }

static const struct scap_convrow rows[] = {
	/* ---- files ---- */
	{ 3, VIGIL_EV_OPEN, "open", 3, 6, SCAP_SP_OPEN, NULL,
	  { FPB("name", X, 1, 0, E, 0, 0), FIB("flags", X, 2, OFL, E, 1),
	    FIB("mode", X, 3, 0, E, 2), FI("dev", X, 4), FI("ino", X, 5) } },
	{ 59, VIGIL_EV_CREAT, "creat", 2, 5, SCAP_SP_OPEN, NULL,
	  { FPB("name", X, 1, 0, E, 0, 0), FIB("mode", X, 2, 0, E, 1),
	    FI("dev", X, 3), FI("ino", X, 4) } },
	{ 103, VIGIL_EV_OPENAT, "openat", 4, 1, SCAP_SP_OPEN, NULL,
	  { FI("dirfd", E, 0), FP("name", E, 1, 1), FX("flags", E, 2, OFL),
	    FI("mode", E, 3) } },
	{ 307, VIGIL_EV_OPENAT, "openat", 4, 7, SCAP_SP_OPEN, NULL,
	  { FIB("dirfd", X, 1, 0, E, 0), FPB("name", X, 2, 2, E, 1, 1),
	    FIB("flags", X, 3, OFL, E, 2), FIB("mode", X, 4, 0, E, 3),
	    FI("dev", X, 5), FI("ino", X, 6) } },
	{ 327, VIGIL_EV_OPENAT2, "openat2", 5, 7, SCAP_SP_OPEN, NULL,
	  { FIB("dirfd", X, 1, 0, E, 0), FPB("name", X, 2, 2, E, 1, 1),
	    FIB("flags", X, 3, OFL, E, 2), FIB("mode", X, 4, 0, E, 3),
	    FIB("resolve", X, 5, SCAP_XLAT_RESOLVE, E, 4), FI("dev", X, 6) } },
	{ 5, VIGIL_EV_CLOSE, "close", 1, 1, SCAP_SP_CLOSE, NULL,
	  { FI("fd", E, 0) } },
	{ 7, VIGIL_EV_READ, "read", 2, 2, 0, NULL,
	  { FI("fd", E, 0), FI("size", E, 1) } },
	{ 9, VIGIL_EV_WRITE, "write", 2, 2, 0, NULL,
	  { FI("fd", E, 0), FI("size", E, 1) } },
	{ 113, VIGIL_EV_PREAD64, "pread", 3, 2, 0, NULL,
	  { FI("fd", E, 0), FI("size", E, 1), FI("pos", E, 2) } },
	{ 115, VIGIL_EV_PWRITE64, "pwrite", 3, 2, 0, NULL,
	  { FI("fd", E, 0), FI("size", E, 1), FI("pos", E, 2) } },
	{ 117, VIGIL_EV_READV, "readv", 1, 3, 0, NULL, { FI("fd", E, 0) } },
	{ 119, VIGIL_EV_WRITEV, "writev", 2, 2, 0, NULL, { FI("fd", E, 0) } },
	{ 109, VIGIL_EV_UNLINK, "unlink", 1, 1, 0, NULL,
	  { FP("name", E, 0, 0) } },
	{ 301, VIGIL_EV_UNLINK, "unlink", 0, 2, 0, NULL,
	  { FP("name", X, 1, 0) } },
	{ 111, VIGIL_EV_UNLINKAT, "unlinkat", 2, 1, 0, NULL,
	  { FI("dirfd", E, 0), FP("name", E, 1, 1) } },
	{ 303, VIGIL_EV_UNLINKAT, "unlinkat", 0, 4, 0, NULL,
	  { FI("dirfd", X, 1), FP("name", X, 2, 2), FI("flags", X, 3) } },
	{ 175, VIGIL_EV_RENAME, "rename", 0, 3, 0, NULL,
	  { FP("oldpath", X, 1, 0), FP("newpath", X, 2, 0) } },
	{ 177, VIGIL_EV_RENAMEAT, "renameat", 0, 5, 0, NULL,
	  { FI("olddirfd", X, 1), FP("oldpath", X, 2, 2),
	    FI("newdirfd", X, 3), FP("newpath", X, 4, 4) } },
	{ 319, VIGIL_EV_RENAMEAT2, "renameat2", 0, 6, 0, NULL,
	  { FI("olddirfd", X, 1), FP("oldpath", X, 2, 2),
	    FI("newdirfd", X, 3), FP("newpath", X, 4, 4),
	    FI("flags", X, 5) } },
	{ 99, VIGIL_EV_MKDIR, "mkdir", 2, 1, 0, NULL,
	  { FP("path", E, 0, 0), FI("mode", E, 1) } },
	{ 277, VIGIL_EV_MKDIR, "mkdir", 1, 2, 0, NULL,
	  { FP("path", X, 1, 0), FI("mode", E, 0) } },
	{ 305, VIGIL_EV_MKDIRAT, "mkdirat", 0, 4, 0, NULL,
	  { FI("dirfd", X, 1), FP("path", X, 2, 2), FI("mode", X, 3) } },
	{ 101, VIGIL_EV_RMDIR, "rmdir", 1, 1, 0, NULL,
	  { FP("path", E, 0, 0) } },
	{ 279, VIGIL_EV_RMDIR, "rmdir", 0, 2, 0, NULL,
	  { FP("path", X, 1, 0) } },
	{ 105, VIGIL_EV_LINK, "link", 2, 1, 0, NULL,
	  { FP("oldpath", E, 0, 0), FP("newpath", E, 1, 0) } },
	{ 309, VIGIL_EV_LINK, "link", 0, 3, 0, NULL,
	  { FP("oldpath", X, 1, 0), FP("newpath", X, 2, 0) } },
	{ 107, VIGIL_EV_LINKAT, "linkat", 4, 1, 0, NULL,
	  { FI("olddirfd", E, 0), FP("oldpath", E, 1, 1),
	    FI("newdirfd", E, 2), FP("newpath", E, 3, 3) } },
	{ 311, VIGIL_EV_LINKAT, "linkat", 0, 6, 0, NULL,
	  { FI("olddirfd", X, 1), FP("oldpath", X, 2, 2),
	    FI("newdirfd", X, 3), FP("newpath", X, 4, 4),
	    FI("flags", X, 5) } },
	{ 179, VIGIL_EV_SYMLINK, "symlink", 0, 3, 0, NULL,
	  { FS("target", X, 1), FP("linkpath", X, 2, 0) } },
	{ 181, VIGIL_EV_SYMLINKAT, "symlinkat", 0, 4, 0, NULL,
	  { FS("target", X, 1), FI("newdirfd", X, 2),
	    FP("linkpath", X, 3, 3) } },
	{ 315, VIGIL_EV_CHMOD, "chmod", 0, 3, 0, NULL,
	  { FP("name", X, 1, 0), FI("mode", X, 2) } },
	{ 317, VIGIL_EV_FCHMOD, "fchmod", 0, 3, 0, NULL,
	  { FI("fd", X, 1), FN("name", X, 1), FI("mode", X, 2) } },
	{ 313, VIGIL_EV_FCHMODAT, "fchmodat", 0, 4, 0, NULL,
	  { FI("dirfd", X, 1), FP("name", X, 2, 2), FI("mode", X, 3) } },
	{ 125, VIGIL_EV_DUP, "dup", 1, 1, SCAP_SP_DUP, NULL,
	  { FI("oldfd", E, 0) } },
	{ 151, VIGIL_EV_FCNTL, "fcntl", 2, 1, SCAP_SP_FCNTL, NULL,
	  { FI("fd", E, 0), FX("cmd", E, 1, SCAP_XLAT_FCNTL) } },
	{ 161, VIGIL_EV_MMAP, "mmap", 6, 4, SCAP_SP_MMAP, NULL,
	  { FI("addr", E, 0), FI("len", E, 1),
	    FX("prot", E, 2, SCAP_XLAT_PROT), FX("flags", E, 3, SCAP_XLAT_MAP),
	    FI("fd", E, 4), FI("offset", E, 5), FN("name", E, 4) } },
	{ 329, VIGIL_EV_MPROTECT, "mprotect", 3, 1, 0, NULL,
	  { FI("addr", E, 0), FI("len", E, 1),
	    FX("prot", E, 2, SCAP_XLAT_PROT) } },

	/* ---- network ---- */
	{ 19, VIGIL_EV_SOCKET, "socket", 3, 1, SCAP_SP_SOCKET, NULL,
	  { FI("domain", E, 0), FI("type", E, 1), FI("protocol", E, 2) } },
	{ 43, VIGIL_EV_SOCKETPAIR, "socketpair", 3, 5, SCAP_SP_SOCKETPAIR,
	  NULL,
	  { FI("domain", E, 0), FI("type", E, 1), FI("protocol", E, 2),
	    FI("fd0", X, 1), FI("fd1", X, 2) } },
	{ 23, VIGIL_EV_CONNECT, "connect", 2, 2, SCAP_SP_CONNECT, NULL,
	  { FI("fd", E, 0), FH("proto", SCAP_H_FDPROTO, E, 0, 0),
	    FH("local", SCAP_H_TUP_SRC, X, 1, 0),
	    { "remote", SCAP_H_TUP_DST, X, 1, 0, NO, 0, 0 } } },
	{ 27, VIGIL_EV_ACCEPT, "accept", 0, 3, SCAP_SP_ACCEPT, NULL,
	  { FC("fd", -1), FH("local", SCAP_H_TUP_DST, X, 1, 0),
	    FH("remote", SCAP_H_TUP_SRC, X, 1, 0) } },
	{ 247, VIGIL_EV_ACCEPT, "accept", 0, 5, SCAP_SP_ACCEPT, NULL,
	  { FC("fd", -1), FH("local", SCAP_H_TUP_DST, X, 1, 0),
	    FH("remote", SCAP_H_TUP_SRC, X, 1, 0) } },
	{ 57, VIGIL_EV_ACCEPT4, "accept", 1, 3, SCAP_SP_ACCEPT, NULL,
	  { FC("fd", -1), FI("flags", E, 0),
	    FH("local", SCAP_H_TUP_DST, X, 1, 0),
	    FH("remote", SCAP_H_TUP_SRC, X, 1, 0) } },
	{ 249, VIGIL_EV_ACCEPT4, "accept", 1, 5, SCAP_SP_ACCEPT, NULL,
	  { FC("fd", -1), FI("flags", E, 0),
	    FH("local", SCAP_H_TUP_DST, X, 1, 0),
	    FH("remote", SCAP_H_TUP_SRC, X, 1, 0) } },
	{ 21, VIGIL_EV_BIND, "bind", 1, 2, SCAP_SP_BIND, NULL,
	  { FI("fd", E, 0), FH("proto", SCAP_H_FDPROTO, E, 0, 0),
	    FH("local", SCAP_H_SADDR, X, 1, 0) } },
	{ 25, VIGIL_EV_LISTEN, "listen", 2, 1, 0, NULL,
	  { FI("fd", E, 0), FI("backlog", E, 1),
	    FH("local", SCAP_H_FDADDR, E, 0, 0) } },
	{ 31, VIGIL_EV_SENDTO, "sendto", 3, 2, 0, NULL,
	  { FI("fd", E, 0), FI("size", E, 1),
	    FH("local", SCAP_H_TUP_SRC, E, 2, 0),
	    FH("remote", SCAP_H_TUP_DST, E, 2, 0) } },
	{ 35, VIGIL_EV_RECVFROM, "recvfrom", 2, 3, 0, NULL,
	  { FI("fd", E, 0), FI("size", E, 1),
	    FH("local", SCAP_H_TUP_DST, X, 2, 0),
	    FH("remote", SCAP_H_TUP_SRC, X, 2, 0) } },
	{ 49, VIGIL_EV_SENDMSG, "sendmsg", 3, 2, 0, NULL,
	  { FI("fd", E, 0), FH("local", SCAP_H_TUP_SRC, E, 2, 0),
	    FH("remote", SCAP_H_TUP_DST, E, 2, 0) } },
	{ 53, VIGIL_EV_RECVMSG, "recvmsg", 1, 4, 0, NULL,
	  { FI("fd", E, 0), FH("local", SCAP_H_TUP_DST, X, 3, 0),
	    FH("remote", SCAP_H_TUP_SRC, X, 3, 0) } },
	{ 37, VIGIL_EV_SHUTDOWN, "shutdown", 2, 1, 0, NULL,
	  { FI("fd", E, 0), FI("how", E, 1) } },

	/* ---- process ---- */
	{ 13, VIGIL_EV_EXECVE, "execve", 0, 8, SCAP_SP_EXECVE, &ex8,
	  EXEC_OLD(0, 0, 0, 0) },
	{ 155, VIGIL_EV_EXECVE, "execve", 0, 13, SCAP_SP_EXECVE, &ex8,
	  EXEC_OLD(0, 0, 0, 0) },
	{ 173, VIGIL_EV_EXECVE, "execve", 0, 14, SCAP_SP_EXECVE, &ex8,
	  EXEC_OLD(13, 0, 0, 0) },
	{ 215, VIGIL_EV_EXECVE, "execve", 0, 15, SCAP_SP_EXECVE, &ex15,
	  EXEC_OLD(14, 0, 0, 0) },
	{ 231, VIGIL_EV_EXECVE, "execve", 0, 16, SCAP_SP_EXECVE, &ex16,
	  EXEC_OLD(15, 14, 0, 0) },
	{ 283, VIGIL_EV_EXECVE, "execve", 0, 17, SCAP_SP_EXECVE, &ex17,
	  EXEC_OLD(15, 14, 16, 0) },
	{ 289, VIGIL_EV_EXECVE, "execve", 1, 17, SCAP_SP_EXECVE, &ex17,
	  EXEC_NEW },
	{ 293, VIGIL_EV_EXECVE, "execve", 1, 20, SCAP_SP_EXECVE, &ex19,
	  EXEC_NEW },
	{ 331, VIGIL_EV_EXECVEAT, "execveat", 3, 20, SCAP_SP_EXECVE, &ex19,
	  { FI("dirfd", E, 0), FX("flags", E, 2, SCAP_XLAT_EXECVEAT),
	    FSB("filename", E, 1, X, 1), FH("argv", SCAP_H_ARGV, X, 1, 2),
	    FPB("exe", E, 1, 1, X, 1, SCAP_AUX_ASIS), FS("cwd", X, 6),
	    FI("tty", X, 16), FI("pgid", X, 17),
	    FH("cgroup", SCAP_H_CGROUP, X, 14, 0), FS("env", X, 15),
	    FH("vpid", SCAP_H_VPID, X, 0, 0),
	    FH("vtid", SCAP_H_VPID, X, 0, 1) } },
	CLONE_ROW(15, CLONE, "clone", cl11, 8),
	CLONE_ROW(157, CLONE, "clone", cl16, 13),
	CLONE_ROW(217, CLONE, "clone", cl17, 14),
	CLONE_ROW(223, CLONE, "clone", cl20, 15),
	CLONE_ROW(183, FORK, "fork", cl16, 13),
	CLONE_ROW(219, FORK, "fork", cl17, 14),
	CLONE_ROW(225, FORK, "fork", cl20, 15),
	CLONE_ROW(185, VFORK, "vfork", cl16, 13),
	CLONE_ROW(221, VFORK, "vfork", cl17, 14),
	CLONE_ROW(227, VFORK, "vfork", cl20, 15),
	CLONE_ROW(335, CLONE3, "clone3", cl20, 15),
	{ SCAP_PPME_PROCEXIT, VIGIL_EV_PROCEXIT, "procexit", 0, 0,
	  SCAP_SP_PROCEXIT, NULL, { FC("status", 0) } },
	{ SCAP_PPME_PROCEXIT_1, VIGIL_EV_PROCEXIT, "procexit", 0, 4,
	  SCAP_SP_PROCEXIT, NULL, { FI("status", E, 0) } },
	{ 199, VIGIL_EV_SETUID, "setuid", 1, 1, SCAP_SP_SETUID, NULL,
	  { FI("uid", E, 0) } },
	{ 201, VIGIL_EV_SETGID, "setgid", 1, 1, SCAP_SP_SETGID, NULL,
	  { FI("gid", E, 0) } },
	{ 193, VIGIL_EV_SETRESUID, "setresuid", 3, 1, SCAP_SP_SETRESUID,
	  NULL, { FI("ruid", E, 0), FI("euid", E, 1), FI("suid", E, 2) } },
	{ 195, VIGIL_EV_SETRESGID, "setresgid", 3, 1, SCAP_SP_SETRESGID,
	  NULL, { FI("rgid", E, 0), FI("egid", E, 1), FI("sgid", E, 2) } },
	{ 129, VIGIL_EV_KILL, "kill", 2, 1, 0, NULL,
	  { FI("pid", E, 0), FI("sig", E, 1) } },
	{ 131, VIGIL_EV_TKILL, "tkill", 2, 1, 0, NULL,
	  { FI("tid", E, 0), FI("sig", E, 1) } },
	{ 133, VIGIL_EV_TGKILL, "tgkill", 3, 1, 0, NULL,
	  { FI("tgid", E, 0), FI("tid", E, 1), FI("sig", E, 2) } },
	{ 169, VIGIL_EV_PTRACE, "ptrace", 2, 3, 0, NULL,
	  { FX("request", E, 0, SCAP_XLAT_PTRACE), FI("pid", E, 1) } },
	{ 95, VIGIL_EV_CHDIR, "chdir", 0, 2, SCAP_SP_CHDIR, NULL,
	  { FP("path", X, 1, 0), FP("cwd", X, 1, 0) } },
	{ 97, VIGIL_EV_FCHDIR, "fchdir", 1, 1, SCAP_SP_FCHDIR, NULL,
	  { FI("fd", E, 0), FN("cwd", E, 0) } },
	{ 267, VIGIL_EV_CHROOT, "chroot", 0, 2, 0, NULL,
	  { FP("path", X, 1, 0) } },
	{ 285, VIGIL_EV_UNSHARE, "unshare", 1, 1, 0, NULL,
	  { FX("flags", E, 0, CLF) } },
	{ 241, VIGIL_EV_SETNS, "setns", 2, 1, 0, NULL,
	  { FI("fd", E, 0), FX("nstype", E, 1, CLF), FN("name", E, 0) } },
	{ 257, VIGIL_EV_MOUNT, "mount", 1, 4, 0, NULL,
	  { FS("source", X, 1), FP("target", X, 2, 0), FS("fstype", X, 3),
	    FI("flags", E, 0) } },
	{ 259, VIGIL_EV_UMOUNT2, "umount", 1, 2, 0, NULL,
	  { FP("target", X, 1, 0), FI("flags", E, 0) } },
	{ 297, VIGIL_EV_BPF, "bpf", 1, 1, 0, NULL,
	  { FI("cmd", E, 0), FC("prog_type", -1) } },
	{ 321, VIGIL_EV_USERFAULTFD, "userfaultfd", 0, 2, 0, NULL,
	  { FX("flags", X, 1, OFL) } },
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

const struct scap_convrow *scap_convrow_at(unsigned int i)
{
	return i < NROWS ? &rows[i] : NULL;
}

const struct scap_convrow *scap_convrow_by_exit(unsigned int xtype)
{
	static const struct scap_convrow *index[512];
	static int built;
	unsigned int i;

	if (!built) {
		for (i = 0; i < NROWS; i++)
			index[rows[i].xtype] = &rows[i];
		built = 1;
	}
	return xtype < 512 ? index[xtype] : NULL;
}

/* PPM_SC codes of syscalls vigil has a type for. */
static const struct {
	__u16 sc;
	__u16 vtype;
} generic[] = {
	{ 3, VIGIL_EV_READ },		{ 4, VIGIL_EV_WRITE },
	{ 5, VIGIL_EV_OPEN },		{ 6, VIGIL_EV_CLOSE },
	{ 7, VIGIL_EV_CREAT },		{ 8, VIGIL_EV_LINK },
	{ 9, VIGIL_EV_UNLINK },		{ 10, VIGIL_EV_CHDIR },
	{ 13, VIGIL_EV_CHMOD },		{ 17, VIGIL_EV_MOUNT },
	{ 18, VIGIL_EV_PTRACE },	{ 25, VIGIL_EV_KILL },
	{ 26, VIGIL_EV_RENAME },	{ 27, VIGIL_EV_MKDIR },
	{ 28, VIGIL_EV_RMDIR },		{ 29, VIGIL_EV_DUP },
	{ 38, VIGIL_EV_CHROOT },	{ 40, VIGIL_EV_DUP2 },
	{ 49, VIGIL_EV_SYMLINK },	{ 57, VIGIL_EV_TRUNCATE },
	{ 58, VIGIL_EV_FTRUNCATE },	{ 59, VIGIL_EV_FCHMOD },
	{ 75, VIGIL_EV_MPROTECT },	{ 76, VIGIL_EV_INIT_MODULE },
	{ 77, VIGIL_EV_DELETE_MODULE }, { 80, VIGIL_EV_FCHDIR },
	{ 87, VIGIL_EV_READV },		{ 88, VIGIL_EV_WRITEV },
	{ 106, VIGIL_EV_PRCTL },	{ 115, VIGIL_EV_CAPSET },
	{ 118, VIGIL_EV_LCHOWN },	{ 123, VIGIL_EV_SETREUID },
	{ 124, VIGIL_EV_SETREGID },	{ 127, VIGIL_EV_FCHOWN },
	{ 128, VIGIL_EV_SETRESUID },	{ 130, VIGIL_EV_SETRESGID },
	{ 132, VIGIL_EV_CHOWN },	{ 133, VIGIL_EV_SETUID },
	{ 134, VIGIL_EV_SETGID },	{ 137, VIGIL_EV_PIVOT_ROOT },
	{ 153, VIGIL_EV_TKILL },	{ 179, VIGIL_EV_TGKILL },
	{ 197, VIGIL_EV_OPENAT },	{ 198, VIGIL_EV_MKDIRAT },
	{ 200, VIGIL_EV_FCHOWNAT },	{ 202, VIGIL_EV_UNLINKAT },
	{ 203, VIGIL_EV_RENAMEAT },	{ 204, VIGIL_EV_LINKAT },
	{ 205, VIGIL_EV_SYMLINKAT },	{ 207, VIGIL_EV_FCHMODAT },
	{ 211, VIGIL_EV_UNSHARE },	{ 228, VIGIL_EV_DUP3 },
	{ 239, VIGIL_EV_SETNS },	{ 241, VIGIL_EV_SOCKET },
	{ 242, VIGIL_EV_BIND },		{ 243, VIGIL_EV_CONNECT },
	{ 244, VIGIL_EV_LISTEN },	{ 245, VIGIL_EV_ACCEPT },
	{ 248, VIGIL_EV_SOCKETPAIR },	{ 249, VIGIL_EV_SENDTO },
	{ 250, VIGIL_EV_RECVFROM },	{ 251, VIGIL_EV_SHUTDOWN },
	{ 254, VIGIL_EV_SENDMSG },	{ 256, VIGIL_EV_RECVMSG },
	{ 258, VIGIL_EV_ACCEPT4 },	{ 294, VIGIL_EV_PREAD64 },
	{ 295, VIGIL_EV_PWRITE64 },	{ 303, VIGIL_EV_FORK },
	{ 304, VIGIL_EV_VFORK },	{ 314, VIGIL_EV_FINIT_MODULE },
	{ 315, VIGIL_EV_BPF },		{ 320, VIGIL_EV_RENAMEAT2 },
	{ 321, VIGIL_EV_USERFAULTFD },	{ 322, VIGIL_EV_OPENAT2 },
	{ 323, VIGIL_EV_UMOUNT2 },	{ 324, VIGIL_EV_EXECVE },
	{ 325, VIGIL_EV_EXECVEAT },	{ 327, VIGIL_EV_CLONE },
	{ 328, VIGIL_EV_CLONE3 },
};

int scap_generic_vtype(__u32 sc)
{
	size_t i;

	for (i = 0; i < sizeof(generic) / sizeof(generic[0]); i++)
		if (generic[i].sc == sc)
			return generic[i].vtype;
	return -1;
}
