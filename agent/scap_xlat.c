// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * PPM flag encodings (public scap event table) to kernel values.  Bits
 * with no kernel counterpart are dropped.
 */
#include <fcntl.h>
#include <linux/openat2.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/ptrace.h>

#include "scap_xlat.h"

struct bitmap_xlat {
	__u64 ppm;
	__u64 kernel;
};

static const struct bitmap_xlat oflags[] = {
	{ 1 << 2, O_CREAT },	{ 1 << 3, O_APPEND },	{ 1 << 4, O_DSYNC },
	{ 1 << 5, O_EXCL },	{ 1 << 6, O_NONBLOCK }, { 1 << 7, O_SYNC },
	{ 1 << 8, O_TRUNC },	{ 1 << 9, O_DIRECT },	{ 1 << 10, O_DIRECTORY },
	{ 1 << 11, O_LARGEFILE }, { 1 << 12, O_CLOEXEC },
	{ 1 << 13, O_TMPFILE & ~O_DIRECTORY },
};

static const struct bitmap_xlat clonef[] = {
	{ 1 << 0, CLONE_FILES },	{ 1 << 1, CLONE_FS },
	{ 1 << 2, CLONE_IO },		{ 1 << 3, CLONE_NEWIPC },
	{ 1 << 4, CLONE_NEWNET },	{ 1 << 5, CLONE_NEWNS },
	{ 1 << 6, CLONE_NEWPID },	{ 1 << 7, CLONE_NEWUTS },
	{ 1 << 8, CLONE_PARENT },	{ 1 << 9, CLONE_PARENT_SETTID },
	{ 1 << 10, CLONE_PTRACE },	{ 1 << 11, CLONE_SIGHAND },
	{ 1 << 12, CLONE_SYSVSEM },	{ 1 << 13, CLONE_THREAD },
	{ 1 << 14, CLONE_UNTRACED },	{ 1 << 15, CLONE_VM },
	{ 1 << 20, CLONE_NEWUSER },	{ 1 << 23, CLONE_CHILD_CLEARTID },
	{ 1 << 24, CLONE_CHILD_SETTID }, { 1 << 25, CLONE_SETTLS },
	{ 1 << 27, CLONE_VFORK },	{ 1 << 28, CLONE_NEWCGROUP },
};

static const struct bitmap_xlat protf[] = {
	{ 1 << 0, PROT_READ },	{ 1 << 1, PROT_WRITE }, { 1 << 2, PROT_EXEC },
	{ 1 << 4, PROT_GROWSDOWN }, { 1 << 5, PROT_GROWSUP },
};

static const struct bitmap_xlat mapf[] = {
	{ 1 << 0, MAP_SHARED },		{ 1 << 1, MAP_PRIVATE },
	{ 1 << 2, MAP_FIXED },		{ 1 << 3, MAP_ANONYMOUS },
	{ 1 << 4, MAP_32BIT },		{ 1 << 6, MAP_NORESERVE },
	{ 1 << 7, MAP_POPULATE },	{ 1 << 8, MAP_NONBLOCK },
	{ 1 << 9, MAP_GROWSDOWN },	{ 1 << 10, MAP_DENYWRITE },
	{ 1 << 11, MAP_EXECUTABLE },	{ 1 << 14, MAP_LOCKED },
};

static const struct bitmap_xlat exvatf[] = {
	{ 1 << 0, AT_EMPTY_PATH }, { 1 << 1, AT_SYMLINK_NOFOLLOW },
};

static const struct bitmap_xlat resolvef[] = {
	{ 1 << 0, RESOLVE_BENEATH },	{ 1 << 1, RESOLVE_IN_ROOT },
	{ 1 << 2, RESOLVE_NO_MAGICLINKS }, { 1 << 3, RESOLVE_NO_SYMLINKS },
	{ 1 << 4, RESOLVE_NO_XDEV },	{ 1 << 5, RESOLVE_CACHED },
};

/* PPM_PTRACE_n is index n (0 = unknown). */
static const int ptrace_req[] = {
	-1, PTRACE_TRACEME, PTRACE_PEEKTEXT, PTRACE_PEEKDATA, PTRACE_PEEKUSER,
	PTRACE_POKETEXT, PTRACE_POKEDATA, PTRACE_POKEUSER, PTRACE_CONT,
	PTRACE_KILL, PTRACE_SINGLESTEP, PTRACE_ATTACH, PTRACE_DETACH,
	PTRACE_SYSCALL, PTRACE_SETOPTIONS, PTRACE_GETEVENTMSG,
	PTRACE_GETSIGINFO, PTRACE_SETSIGINFO, PTRACE_GETREGSET,
	PTRACE_SETREGSET, PTRACE_SEIZE, PTRACE_INTERRUPT, PTRACE_LISTEN,
	PTRACE_PEEKSIGINFO, PTRACE_GETSIGMASK, PTRACE_SETSIGMASK,
	PTRACE_GETREGS, PTRACE_SETREGS, PTRACE_GETFPREGS, PTRACE_SETFPREGS,
	PTRACE_GETFPXREGS, PTRACE_SETFPXREGS, 21 /* OLDSETOPTIONS */,
	PTRACE_GET_THREAD_AREA, PTRACE_SET_THREAD_AREA, PTRACE_ARCH_PRCTL,
	PTRACE_SYSEMU, PTRACE_SYSEMU_SINGLESTEP, PTRACE_SINGLEBLOCK,
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static __u64 bits(const struct bitmap_xlat *t, size_t n, __u64 v)
{
	__u64 out = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (v & t[i].ppm)
			out |= t[i].kernel;
	return out;
}

__u64 scap_xlat(enum scap_xlat which, __u64 v)
{
	switch (which) {
	case SCAP_XLAT_NONE:
		return v;
	case SCAP_XLAT_OFLAGS:
		/* access mode: PPM_O_RDONLY 1, WRONLY 2, RDWR 3 */
		return bits(oflags, ARRAY_SIZE(oflags), v) |
		       ((v & 3) == 3 ? O_RDWR : (v & 3) == 2 ? O_WRONLY :
						      O_RDONLY);
	case SCAP_XLAT_CLONE:
		return bits(clonef, ARRAY_SIZE(clonef), v);
	case SCAP_XLAT_PROT:
		return bits(protf, ARRAY_SIZE(protf), v);
	case SCAP_XLAT_MAP:
		return bits(mapf, ARRAY_SIZE(mapf), v);
	case SCAP_XLAT_EXECVEAT:
		return bits(exvatf, ARRAY_SIZE(exvatf), v);
	case SCAP_XLAT_RESOLVE:
		return bits(resolvef, ARRAY_SIZE(resolvef), v);
	case SCAP_XLAT_FCNTL:
		if (v == 1)
			return F_DUPFD;
		if (v == 26)
			return F_DUPFD_CLOEXEC;
		return (__u64)-1;
	case SCAP_XLAT_PTRACE:
		if (v < ARRAY_SIZE(ptrace_req))
			return (__u64)(__s64)ptrace_req[v];
		return (__u64)-1;
	}
	return v;
}
