// SPDX-License-Identifier: GPL-2.0
/*
 * devfuzz: hostile use of /dev/vigil, checked against the device contract
 * (static, runs inside the test VM as root with vigil.ko loaded and the
 * device closed).
 *
 *   devfuzz [-s SEED] [-n IOCTLS] [-d DEVICE]
 *
 * Contract checked:
 *   open    non-root: EACCES or EPERM; root without CAP_SYS_ADMIN: EPERM;
 *           a second open while one is open: EBUSY
 *   ioctl   unknown command (magic, number, size or direction): ENOTTY;
 *           bad user pointer: EFAULT; SET_SNAPLEN outside
 *           [VIGIL_SNAPLEN_MIN, VIGIL_SNAPLEN_MAX]: EINVAL; IGNORE_TGID with
 *           flags or a negative tgid: EINVAL, unknown tgid: ESRCH, a ninth
 *           one: ENOSPC; START/STOP: 0, idempotent
 *   mmap    MAP_SHARED, page aligned, inside one ring, else EINVAL; writable
 *           anything but exactly a ring's first page: EPERM; mprotect adding
 *           PROT_WRITE to a read-only mapping: EACCES
 *   unload  refused while a mapping outlives the fd
 *   after all that, open/map/start/stop still captures our own getppid()
 *   calls exactly.
 *
 * Each violation prints "devfuzz: FAIL: ..."; the exit status is 1 if there
 * was any, 0 otherwise.  The seed is printed so a run can be repeated.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>

#include "vigil_abi.h"
#include "vigil_events.h"

#define DF_FAIL_MAX		40	/* stop reporting after this many */
#define DF_IOCTLS_DEFAULT	4000
#define DF_IGNORE_MAX		8	/* IGNORE_TGID capacity */
#define DF_GETPPID_CALLS	10
#define DF_NOBODY		65534

static const char *df_dev = "/dev/" VIGIL_DEV_NAME;
static unsigned long df_fails;
static unsigned long df_checks;
static uint64_t df_rng;
static long df_page;

/* Hostile pointers, filled in by df_setup_ptrs(). */
static unsigned char *df_none_page;	/* PROT_NONE */
static unsigned char *df_ro_page;	/* PROT_READ */
static unsigned char *df_rw_page;	/* PROT_READ|WRITE, PROT_NONE after it */
static unsigned long df_unmapped;	/* a page that was unmapped */

static void df_fail(const char *fmt, ...)
{
	va_list ap;

	df_fails++;
	if (df_fails > DF_FAIL_MAX)
		return;
	va_start(ap, fmt);
	fputs("devfuzz: FAIL: ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	fflush(stdout);
}

static void df_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("devfuzz: ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	fflush(stdout);
}

static uint64_t df_rand(void)
{
	/* xorshift64* */
	df_rng ^= df_rng >> 12;
	df_rng ^= df_rng << 25;
	df_rng ^= df_rng >> 27;
	return df_rng * 0x2545f4914f6cdd1dULL;
}

static const char *df_ename(int e)
{
	static char buf[32];

	switch (e) {
	case 0: return "success";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EIO: return "EIO";
	case ENXIO: return "ENXIO";
	case EBADF: return "EBADF";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ENOTTY: return "ENOTTY";
	case EOVERFLOW: return "EOVERFLOW";
	case ENOSYS: return "ENOSYS";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	}
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

/* The errno of ioctl(fd, cmd, arg), 0 on success. */
static int df_ioctl(int fd, unsigned int cmd, unsigned long arg)
{
	df_checks++;
	if (ioctl(fd, cmd, arg) < 0)
		return errno;
	return 0;
}

/* ioctl(fd, cmd, arg) must give want (an errno, or 0 for success). */
static void df_expect(int fd, unsigned int cmd, unsigned long arg, int want,
		      const char *what)
{
	int got = df_ioctl(fd, cmd, arg);

	if (got != want)
		df_fail("%s: ioctl(0x%08x, 0x%lx) gave %s, want %s", what, cmd,
			arg, df_ename(got), df_ename(want));
}

static int df_open(void)
{
	return open(df_dev, O_RDWR | O_CLOEXEC);
}

/* ---- open ---- */

/* In a child: apply how (0 nobody, 1 root without CAP_SYS_ADMIN), open. */
static int df_child_open(int how)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	int fd;

	if (how == 0) {
		if (setgroups(0, NULL) || setgid(DF_NOBODY) || setuid(DF_NOBODY))
			return 100;
	} else {
		if (syscall(SYS_capget, &hdr, data))
			return 101;
		data[CAP_SYS_ADMIN / 32].effective &= ~(1U << (CAP_SYS_ADMIN % 32));
		if (syscall(SYS_capset, &hdr, data))
			return 102;
	}
	fd = df_open();
	if (fd >= 0)
		return 0;
	return errno > 0 && errno < 100 ? errno : 99;
}

/* The errno a child got from open() after dropping privileges as how. */
static int df_open_as(int how)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(df_child_open(how));
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void df_test_open(void)
{
	int fd, fd2, e;

	fd = df_open();
	if (fd < 0) {
		df_fail("open %s as root: %s", df_dev, df_ename(errno));
		return;
	}
	fd2 = df_open();
	e = fd2 < 0 ? errno : 0;
	if (e != EBUSY)
		df_fail("second open: %s, want EBUSY", df_ename(e));
	if (fd2 >= 0)
		close(fd2);
	close(fd);

	e = df_open_as(0);
	if (e != EACCES && e != EPERM)
		df_fail("open as uid %d: %s, want EACCES or EPERM", DF_NOBODY,
			e < 0 ? "child died" : e >= 99 ? "setup failed" : df_ename(e));
	e = df_open_as(1);
	if (e != EPERM)
		df_fail("open as root without CAP_SYS_ADMIN: %s, want EPERM",
			e < 0 ? "child died" : e >= 99 ? "setup failed" : df_ename(e));

	/* The refused opens left nothing busy behind. */
	fd = df_open();
	if (fd < 0)
		df_fail("open after refused opens: %s", df_ename(errno));
	else
		close(fd);
}

/* ---- GET_INFO ---- */

static int df_all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		if (*c++)
			return 0;
	return 1;
}

static int df_get_info(int fd, struct vigil_info *info)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	int e;

	memset(info, 0xa5, sizeof(*info));
	e = df_ioctl(fd, VIGIL_IOC_GET_INFO, (unsigned long)info);
	if (e) {
		df_fail("GET_INFO: %s", df_ename(e));
		return -1;
	}
	if (info->abi_version != VIGIL_ABI_VERSION)
		df_fail("GET_INFO: abi_version %u", info->abi_version);
	if (info->nr_rings < 1 || (ncpu > 0 && info->nr_rings < ncpu))
		df_fail("GET_INFO: nr_rings %u for %ld CPUs", info->nr_rings, ncpu);
	if (info->page_size != (unsigned long)df_page)
		df_fail("GET_INFO: page_size %u, want %ld", info->page_size, df_page);
	if (info->hdr_size != sizeof(struct vigil_ring_hdr))
		df_fail("GET_INFO: hdr_size %u", info->hdr_size);
	if (!info->data_size || (info->data_size & (info->data_size - 1)))
		df_fail("GET_INFO: data_size %llu is not a power of two",
			(unsigned long long)info->data_size);
	if (info->data_offset < 2 * (unsigned long)df_page ||
	    info->data_offset % df_page)
		df_fail("GET_INFO: data_offset %llu",
			(unsigned long long)info->data_offset);
	if (info->mmap_stride % df_page ||
	    info->mmap_stride < info->data_offset + info->data_size)
		df_fail("GET_INFO: mmap_stride %llu too small or unaligned",
			(unsigned long long)info->mmap_stride);
	if (info->snaplen < VIGIL_SNAPLEN_MIN || info->snaplen > VIGIL_SNAPLEN_MAX)
		df_fail("GET_INFO: snaplen %u", info->snaplen);
	if (info->nr_max != VIGIL_NR_MAX)
		df_fail("GET_INFO: nr_max %u", info->nr_max);
	if (!df_all_zero(info->reserved, sizeof(info->reserved)))
		df_fail("GET_INFO: reserved fields not zero (kernel memory leak?)");
	if (df_fails)
		return -1;
	return 0;
}

/* ---- hostile pointers ---- */

static int df_setup_ptrs(void)
{
	unsigned char *p;

	p = mmap(NULL, 4 * df_page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	df_rw_page = p;
	df_none_page = p + df_page;
	df_ro_page = p + 2 * df_page;
	df_unmapped = (unsigned long)(p + 3 * df_page);
	if (mprotect(df_none_page, df_page, PROT_NONE) ||
	    mprotect(df_ro_page, df_page, PROT_READ) ||
	    munmap((void *)df_unmapped, df_page))
		return -1;
	return 0;
}

/*
 * A pointer the kernel must refuse for an access of size bytes; write
 * tells whether the kernel writes there (then read-only memory counts).
 */
static unsigned long df_bad_ptr(unsigned int pick, size_t size, int write)
{
	switch (pick % (write ? 11 : 10)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return df_unmapped;
	case 3: return (unsigned long)df_none_page;
	case 4: return 0xffffffff81000000UL;		/* kernel text */
	case 5: return 0xffff888000000000UL;		/* direct map */
	case 6: return 0x0000800000000000UL;		/* non-canonical */
	case 7: return ~0UL;
	case 8: return ~0UL - size / 2;			/* wraps */
	case 9: /* straddles into the PROT_NONE page */
		return (unsigned long)df_none_page - (size > 1 ? size / 2 : 1);
	default: return (unsigned long)df_ro_page;
	}
}

struct df_cmd {
	const char *name;
	unsigned int cmd;
	size_t size;		/* bytes behind the pointer, 0 = no pointer */
	int kernel_writes;
};

static const struct df_cmd df_cmds[] = {
	{ "GET_INFO", VIGIL_IOC_GET_INFO, sizeof(struct vigil_info), 1 },
	{ "SET_BITMAP", VIGIL_IOC_SET_BITMAP, sizeof(struct vigil_bitmap), 0 },
	{ "START", VIGIL_IOC_START, 0, 0 },
	{ "STOP", VIGIL_IOC_STOP, 0, 0 },
	{ "SET_SNAPLEN", VIGIL_IOC_SET_SNAPLEN, sizeof(__u32), 0 },
	{ "GET_STATS", VIGIL_IOC_GET_STATS, sizeof(struct vigil_stats), 1 },
	{ "IGNORE_TGID", VIGIL_IOC_IGNORE_TGID, sizeof(struct vigil_ignore), 0 },
};
#define DF_NCMDS	(sizeof(df_cmds) / sizeof(df_cmds[0]))

static int df_known_cmd(unsigned int cmd)
{
	size_t i;

	for (i = 0; i < DF_NCMDS; i++)
		if (df_cmds[i].cmd == cmd)
			return 1;
	return 0;
}

/*
 * Magic numbers the VFS answers itself before the driver sees the
 * command (FIOCLEX/FIONBIO 'T', FIFREEZE and xattr 'X', FS_IOC_* 'f',
 * FIBMAP/FIGETBSZ 0, FS_IOC_GETFSUUID 0x15, FICLONE 0x94).
 */
static int df_vfs_magic(unsigned int cmd)
{
	switch (_IOC_TYPE(cmd)) {
	case 0x00: case 0x15: case 'T': case 'X': case 'f': case 0x94:
	case VIGIL_IOC_MAGIC:
		return 1;
	}
	return 0;
}

/* A command with the number of c but other size or direction bits. */
static unsigned int df_mutate_cmd(const struct df_cmd *c)
{
	unsigned int cmd;

	do {
		unsigned int dir = df_rand() % 4;
		unsigned int size = df_rand() % 3 ? _IOC_SIZE(c->cmd) :
				    (unsigned int)(df_rand() % (_IOC_SIZEMASK + 1));

		if (df_rand() % 2)
			size = (unsigned int)(df_rand() % 512);
		cmd = _IOC(dir, VIGIL_IOC_MAGIC, _IOC_NR(c->cmd), size);
	} while (cmd == c->cmd);
	return cmd;
}

static void df_test_ioctl_table(int fd)
{
	static const unsigned int unknown[] = {
		_IO(VIGIL_IOC_MAGIC, 0),
		_IO(VIGIL_IOC_MAGIC, 8),
		_IO(VIGIL_IOC_MAGIC, 255),
		_IOR(VIGIL_IOC_MAGIC, 8, struct vigil_info),
		_IOW(VIGIL_IOC_MAGIC, 100, __u32),
		/* right number, wrong direction or size */
		_IOW(VIGIL_IOC_MAGIC, 1, struct vigil_info),
		_IOR(VIGIL_IOC_MAGIC, 1, __u32),
		_IO(VIGIL_IOC_MAGIC, 1),
		_IOR(VIGIL_IOC_MAGIC, 2, struct vigil_bitmap),
		_IOWR(VIGIL_IOC_MAGIC, 2, struct vigil_bitmap),
		_IOW(VIGIL_IOC_MAGIC, 2, __u64),
		_IOR(VIGIL_IOC_MAGIC, 3, int),
		_IOW(VIGIL_IOC_MAGIC, 4, int),
		_IOW(VIGIL_IOC_MAGIC, 5, __u64),
		_IOR(VIGIL_IOC_MAGIC, 5, __u32),
		_IO(VIGIL_IOC_MAGIC, 5),
		_IOW(VIGIL_IOC_MAGIC, 6, struct vigil_stats),
		_IOR(VIGIL_IOC_MAGIC, 6, struct vigil_info),
		_IOR(VIGIL_IOC_MAGIC, 7, struct vigil_ignore),
		_IOW(VIGIL_IOC_MAGIC, 7, __u32),
		/* right number and size, wrong magic */
		_IOR(VIGIL_IOC_MAGIC - 1, 1, struct vigil_info),
		_IO(VIGIL_IOC_MAGIC + 1, 3),
		_IOW('v', 5, __u32),
	};
	static const struct {
		__u32 v;
		int want;
	} snaplens[] = {
		{ 0, EINVAL },
		{ 1, EINVAL },
		{ VIGIL_SNAPLEN_MIN - 1, EINVAL },
		{ VIGIL_SNAPLEN_MIN, 0 },
		{ VIGIL_SNAPLEN_MAX, 0 },
		{ VIGIL_SNAPLEN_MAX + 1, EINVAL },
		{ 0x80000000u, EINVAL },
		{ 0xffffffffu, EINVAL },
		{ VIGIL_SNAPLEN_DEFAULT, 0 },
	};
	static const struct {
		__s32 tgid;
		__u32 flags;
		int want;
	} ignores[] = {
		{ -1, 0, EINVAL },
		{ INT_MIN, 0, EINVAL },
		{ 1, 1, EINVAL },
		{ 1, 0x80000000u, EINVAL },
		{ 0, 2, EINVAL },
		{ INT_MAX, 0, ESRCH },
		{ 0x3ffffff, 0, ESRCH },	/* above PID_MAX_LIMIT */
	};
	struct vigil_info info;
	__u32 *snap = (__u32 *)df_rw_page;
	struct vigil_ignore *ign = (struct vigil_ignore *)df_rw_page;
	size_t i, j;
	char what[64];

	for (i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		snprintf(what, sizeof(what), "unknown command #%zu", i);
		df_expect(fd, unknown[i], (unsigned long)df_rw_page, ENOTTY, what);
	}
	for (i = 0; i < DF_NCMDS; i++) {
		if (!df_cmds[i].size)
			continue;
		for (j = 0; j < 11; j++) {
			if (j == 10 && !df_cmds[i].kernel_writes)
				continue;
			snprintf(what, sizeof(what), "%s, bad pointer #%zu",
				 df_cmds[i].name, j);
			df_expect(fd, df_cmds[i].cmd,
				  df_bad_ptr(j, df_cmds[i].size, df_cmds[i].kernel_writes),
				  EFAULT, what);
		}
	}
	for (i = 0; i < sizeof(snaplens) / sizeof(snaplens[0]); i++) {
		*snap = snaplens[i].v;
		snprintf(what, sizeof(what), "SET_SNAPLEN %u", snaplens[i].v);
		df_expect(fd, VIGIL_IOC_SET_SNAPLEN, (unsigned long)snap,
			  snaplens[i].want, what);
	}
	/* The last one set the default; GET_INFO reports it. */
	if (!df_get_info(fd, &info) && info.snaplen != VIGIL_SNAPLEN_DEFAULT)
		df_fail("GET_INFO after SET_SNAPLEN %u: snaplen %u",
			VIGIL_SNAPLEN_DEFAULT, info.snaplen);
	for (i = 0; i < sizeof(ignores) / sizeof(ignores[0]); i++) {
		ign->tgid = ignores[i].tgid;
		ign->flags = ignores[i].flags;
		snprintf(what, sizeof(what), "IGNORE_TGID {%d, 0x%x}",
			 ignores[i].tgid, ignores[i].flags);
		df_expect(fd, VIGIL_IOC_IGNORE_TGID, (unsigned long)ign,
			  ignores[i].want, what);
	}
	df_expect(fd, VIGIL_IOC_STOP, 0, 0, "STOP before START");
	df_expect(fd, VIGIL_IOC_START, 0, 0, "START");
	df_expect(fd, VIGIL_IOC_START, 0, 0, "START again");
	df_expect(fd, VIGIL_IOC_STOP, 0, 0, "STOP");
	df_expect(fd, VIGIL_IOC_STOP, 0, 0, "STOP again");
}

/* Nine live children: eight IGNORE_TGIDs succeed, the ninth is ENOSPC. */
static void df_test_ignore_capacity(int fd)
{
	pid_t kids[DF_IGNORE_MAX + 1];
	struct vigil_ignore ign = { 0 };
	int i, n = 0, e, status;
	char what[64];

	for (i = 0; i < DF_IGNORE_MAX + 1; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			pause();
			_exit(0);
		}
		if (kids[i] < 0) {
			df_fail("fork: %s", df_ename(errno));
			break;
		}
		n++;
	}
	for (i = 0; i < n; i++) {
		ign.tgid = kids[i];
		snprintf(what, sizeof(what), "IGNORE_TGID #%d (pid %d)", i + 1,
			 (int)kids[i]);
		e = i < DF_IGNORE_MAX ? 0 : ENOSPC;
		df_expect(fd, VIGIL_IOC_IGNORE_TGID, (unsigned long)&ign, e, what);
	}
	for (i = 0; i < n; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], &status, 0);
	}
}

/* In a child with its own open: tgid 0 means the caller. */
static void df_test_ignore_self(void)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct vigil_ignore ign = { 0, 0 };
		int fd = df_open();

		if (fd < 0)
			_exit(10);
		_exit(df_ioctl(fd, VIGIL_IOC_IGNORE_TGID, (unsigned long)&ign) ?
		      11 : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		df_fail("IGNORE_TGID {0, 0} in a fresh open failed (status 0x%x)",
			pid < 0 ? -1 : status);
}

static void df_fuzz_ioctls(int fd, unsigned long n)
{
	unsigned char *buf = df_rw_page;
	const struct df_cmd *c;
	struct vigil_info info;
	struct vigil_stats *st;
	unsigned long i, arg;
	unsigned int cmd;
	__u32 snaplen = 0;
	int e, k;
	pid_t ppid = getppid();
	char what[96];

	for (i = 0; i < n; i++) {
		c = &df_cmds[df_rand() % DF_NCMDS];
		switch (df_rand() % 9) {
		case 0:	/* a random command of someone else's magic */
			do
				cmd = (unsigned int)df_rand();
			while (df_vfs_magic(cmd));
			df_expect(fd, cmd, df_rand(), ENOTTY, "random command");
			break;
		case 1:	/* our magic, an unknown number */
			do
				cmd = _IOC(df_rand() % 4, VIGIL_IOC_MAGIC,
					   df_rand() % 256, df_rand() % 1024);
			while (_IOC_NR(cmd) >= 1 && _IOC_NR(cmd) <= 7);
			df_expect(fd, cmd, (unsigned long)buf, ENOTTY,
				  "unknown number");
			break;
		case 2:	/* a known number with the wrong size or direction */
			cmd = df_mutate_cmd(c);
			if (df_known_cmd(cmd))
				break;
			snprintf(what, sizeof(what), "%s mutated to 0x%08x",
				 c->name, cmd);
			df_expect(fd, cmd, (unsigned long)buf, ENOTTY, what);
			break;
		case 3:	/* a known command with a hostile pointer */
			if (!c->size)
				break;
			k = (int)(df_rand() % 11);
			arg = df_bad_ptr(k, c->size, c->kernel_writes);
			if (k == 10 && !c->kernel_writes)
				break;
			snprintf(what, sizeof(what), "%s, bad pointer #%d",
				 c->name, k);
			df_expect(fd, c->cmd, arg, EFAULT, what);
			break;
		case 4:	/* snaplen, mostly near the bounds */
			switch (df_rand() % 3) {
			case 0: snaplen = (__u32)df_rand(); break;
			case 1: snaplen = (__u32)(df_rand() % (VIGIL_SNAPLEN_MAX * 2)); break;
			default: snaplen = VIGIL_SNAPLEN_MIN - 2 + df_rand() % 4; break;
			}
			memcpy(buf + 1, &snaplen, sizeof(snaplen));	/* unaligned */
			e = snaplen >= VIGIL_SNAPLEN_MIN &&
			    snaplen <= VIGIL_SNAPLEN_MAX ? 0 : EINVAL;
			snprintf(what, sizeof(what), "SET_SNAPLEN %u", snaplen);
			df_expect(fd, VIGIL_IOC_SET_SNAPLEN, (unsigned long)(buf + 1),
				  e, what);
			if (!e) {
				if (df_get_info(fd, &info))
					return;
				if (info.snaplen != snaplen)
					df_fail("GET_INFO after SET_SNAPLEN %u: snaplen %u",
						snaplen, info.snaplen);
			}
			break;
		case 5: {	/* ignore: random ids and flags */
			struct vigil_ignore ign;
			pid_t pid_max_hi = 0x400000;	/* PID_MAX_LIMIT */

			ign.flags = df_rand() % 2 ? 0 : (__u32)df_rand() | 1;
			switch (df_rand() % 5) {
			case 0: ign.tgid = -(__s32)(df_rand() % INT_MAX) - 1; break;
			case 1: ign.tgid = pid_max_hi + (__s32)(df_rand() % (INT_MAX - pid_max_hi)); break;
			case 2: ign.tgid = (__s32)(df_rand() % 600) + 1; break;
			case 3: ign.tgid = ppid; break;
			default: ign.tgid = 1; break;
			}
			memcpy(buf + 3, &ign, sizeof(ign));
			e = df_ioctl(fd, VIGIL_IOC_IGNORE_TGID, (unsigned long)(buf + 3));
			if (ign.flags || ign.tgid < 0) {
				if (e != EINVAL)
					df_fail("IGNORE_TGID {%d, 0x%x}: %s, want EINVAL",
						ign.tgid, ign.flags, df_ename(e));
			} else if (ign.tgid >= pid_max_hi) {
				if (e != ESRCH && e != ENOSPC)
					df_fail("IGNORE_TGID {%d, 0}: %s, want ESRCH",
						ign.tgid, df_ename(e));
			} else if (ign.tgid == 1 || ign.tgid == ppid) {
				if (e != 0 && e != ENOSPC)
					df_fail("IGNORE_TGID {%d, 0} (alive): %s",
						ign.tgid, df_ename(e));
			} else if (e != 0 && e != ESRCH && e != ENOSPC) {
				/* short-lived processes come and go: any of three */
				df_fail("IGNORE_TGID {%d, 0}: %s", ign.tgid,
					df_ename(e));
			}
			break;
		}
		case 6:	/* START/STOP ignore their argument */
			cmd = df_rand() % 2 ? VIGIL_IOC_START : VIGIL_IOC_STOP;
			df_expect(fd, cmd, df_rand(), 0, "START/STOP with an argument");
			break;
		case 7:	/* GET_STATS / GET_INFO into unaligned memory */
			st = (struct vigil_stats *)(buf + 5);
			memset(st, 0xa5, sizeof(*st));
			df_expect(fd, VIGIL_IOC_GET_STATS, (unsigned long)st, 0,
				  "GET_STATS");
			if (!df_all_zero(st->reserved, sizeof(st->reserved)))
				df_fail("GET_STATS: reserved fields not zero");
			break;
		default: {	/* a random bitmap: accepted or EINVAL */
			struct vigil_bitmap *bm = (struct vigil_bitmap *)(buf + 7);

			for (k = 0; k < VIGIL_BITMAP_WORDS; k++)
				bm->bits[k] = df_rand() & df_rand();
			e = df_ioctl(fd, VIGIL_IOC_SET_BITMAP, (unsigned long)bm);
			if (e != 0 && e != EINVAL)
				df_fail("SET_BITMAP (random): %s", df_ename(e));
			break;
		}
		}
		if (df_fails > DF_FAIL_MAX)
			return;
	}
	df_expect(fd, VIGIL_IOC_STOP, 0, 0, "STOP after fuzzing");
}

/* ---- mmap ---- */

/* The errno of mmap(len, prot, flags, off) on fd; unmaps on success. */
static int df_mmap_errno(int fd, size_t len, int prot, int flags, off_t off)
{
	void *p;

	df_checks++;
	p = mmap(NULL, len, prot, flags, fd, off);
	if (p == MAP_FAILED)
		return errno;
	munmap(p, len);
	return 0;
}

static void df_expect_mmap(int fd, size_t len, int prot, int flags, off_t off,
			   int want, int want2, const char *what)
{
	int e = df_mmap_errno(fd, len, prot, flags, off);

	if (e != want && e != want2)
		df_fail("mmap %s (off 0x%llx len 0x%zx prot %d flags 0x%x): %s, want %s",
			what, (unsigned long long)off, len, prot, flags,
			df_ename(e), df_ename(want));
}

#define DF_FAULT_EXIT	77

static void df_on_fault(int sig)
{
	_exit(DF_FAULT_EXIT);
}

/*
 * Write to p in a child; 1 if that faulted.  The child catches the signal
 * itself, so the kernel logs no "segfault" line for the dmesg check.
 */
static int df_write_faults(volatile unsigned char *p)
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		signal(SIGSEGV, df_on_fault);
		signal(SIGBUS, df_on_fault);
		*p = 0x5a;
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == DF_FAULT_EXIT;
}

static void df_test_mmap_ring(int fd, const struct vigil_info *info,
			      unsigned int ring)
{
	off_t base = (off_t)ring * info->mmap_stride;
	size_t pg = df_page, stride = info->mmap_stride;
	const struct vigil_ring_hdr *hdr;
	int sh = MAP_SHARED;
	char what[64];
	void *p;

	snprintf(what, sizeof(what), "ring %u", ring);
	df_expect_mmap(fd, pg, PROT_READ, MAP_PRIVATE, base + pg, EINVAL, EINVAL,
		       "MAP_PRIVATE header");
	df_expect_mmap(fd, pg, PROT_READ, MAP_PRIVATE, base, EINVAL, EINVAL,
		       "MAP_PRIVATE consumer page");
	df_expect_mmap(fd, pg, PROT_READ, sh, base + 1, EINVAL, EINVAL,
		       "unaligned offset");
	df_expect_mmap(fd, 2 * pg, PROT_READ, sh, base + stride - pg, EINVAL,
		       EINVAL, "across two rings");
	df_expect_mmap(fd, stride + pg, PROT_READ, sh, base, EINVAL, EINVAL,
		       "longer than a ring");
	df_expect_mmap(fd, pg, PROT_READ | PROT_WRITE, sh, base + pg, EPERM,
		       EPERM, "writable header");
	df_expect_mmap(fd, 2 * pg, PROT_READ | PROT_WRITE, sh, base, EPERM, EPERM,
		       "writable consumer+header");
	df_expect_mmap(fd, pg, PROT_READ | PROT_WRITE, sh,
		       base + info->data_offset, EPERM, EPERM, "writable data");
	df_expect_mmap(fd, pg, PROT_READ | PROT_WRITE, sh, base, 0, 0,
		       "writable consumer page");
	df_expect_mmap(fd, info->data_offset + info->data_size - pg, PROT_READ,
		       sh, base + pg, 0, 0, "read-only header+data");

	p = mmap(NULL, pg, PROT_READ, sh, fd, base + pg);
	if (p == MAP_FAILED) {
		df_fail("mmap header of %s: %s", what, df_ename(errno));
		return;
	}
	hdr = p;
	if (hdr->abi_version != VIGIL_ABI_VERSION ||
	    hdr->hdr_size != sizeof(*hdr) || hdr->cpu != ring ||
	    hdr->data_offset != info->data_offset ||
	    hdr->data_size != info->data_size)
		df_fail("header of %s: abi %u size %u cpu %u data %llu+%llu",
			what, hdr->abi_version, hdr->hdr_size, hdr->cpu,
			(unsigned long long)hdr->data_offset,
			(unsigned long long)hdr->data_size);
	errno = 0;
	if (mprotect(p, pg, PROT_READ | PROT_WRITE) == 0 || errno != EACCES)
		df_fail("mprotect(PROT_WRITE) on the read-only header of %s: %s, want EACCES",
			what, df_ename(errno));
	if (!df_write_faults(p))
		df_fail("writing the read-only header of %s did not fault", what);
	munmap(p, pg);
}

/* The mapping keeps the module in use after close(fd). */
static void df_test_mapping_pins(void)
{
	struct vigil_info info;
	int fd, e;
	void *p;

	fd = df_open();
	if (fd < 0) {
		df_fail("open: %s", df_ename(errno));
		return;
	}
	if (df_get_info(fd, &info)) {
		close(fd);
		return;
	}
	p = mmap(NULL, df_page, PROT_READ, MAP_SHARED, fd, df_page);
	close(fd);
	if (p == MAP_FAILED) {
		df_fail("mmap header: %s", df_ename(errno));
		return;
	}
	errno = 0;
	if (syscall(SYS_delete_module, VIGIL_DEV_NAME, O_NONBLOCK) == 0)
		df_fail("delete_module succeeded while /dev/vigil was mapped");
	else if (errno != EAGAIN && errno != EBUSY)
		df_fail("delete_module while mapped: %s, want EAGAIN or EBUSY",
			df_ename(errno));
	e = 0;
	fd = df_open();
	if (fd < 0)
		e = errno;
	else
		close(fd);
	if (e != EBUSY)
		df_fail("open while the old file is still mapped: %s, want EBUSY",
			df_ename(e));
	munmap(p, df_page);
	fd = df_open();
	if (fd < 0)
		df_fail("open after the last munmap: %s", df_ename(errno));
	else
		close(fd);
}

static void df_bitmap_set(struct vigil_bitmap *bm, unsigned int nr)
{
	if (nr < VIGIL_NR_MAX)
		bm->bits[nr / 64] |= 1ULL << (nr % 64);
}

/* Every event type of shared/vigil_events.def, and getppid. */
static void df_bitmap_all(struct vigil_bitmap *bm)
{
	memset(bm, 0, sizeof(*bm));
#define VIGIL_EVENT(T, name, nr)	df_bitmap_set(bm, nr);
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b)
#define VIGIL_END(T)
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END
	df_bitmap_set(bm, __NR_getppid);
}

/* A hostile consumer position must not hurt the kernel. */
static void df_test_bad_consumer(int fd, const struct vigil_info *info)
{
	static const __u64 bad[] = { ~0ULL, 1, 3, 1ULL << 63, 0x1000 };
	struct vigil_bitmap bm;
	struct vigil_ring_cons *cons;
	unsigned int i, j;
	__u64 saved;

	cons = mmap(NULL, df_page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (cons == MAP_FAILED) {
		df_fail("mmap consumer page: %s", df_ename(errno));
		return;
	}
	df_bitmap_all(&bm);
	df_expect(fd, VIGIL_IOC_SET_BITMAP, (unsigned long)&bm, 0,
		  "SET_BITMAP of every event type");
	saved = cons->consumer_pos;
	df_expect(fd, VIGIL_IOC_START, 0, 0, "START");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cons->consumer_pos = bad[i];
		for (j = 0; j < 2000; j++)
			syscall(SYS_getppid);
		close(open("/proc/self/status", O_RDONLY));
	}
	df_expect(fd, VIGIL_IOC_STOP, 0, 0, "STOP");
	cons->consumer_pos = saved;
	munmap(cons, df_page);
	(void)info;
}

static void df_test_mmap(void)
{
	struct vigil_info info;
	int fd;

	fd = df_open();
	if (fd < 0) {
		df_fail("open: %s", df_ename(errno));
		return;
	}
	if (!df_get_info(fd, &info)) {
		df_test_mmap_ring(fd, &info, 0);
		if (info.nr_rings > 1)
			df_test_mmap_ring(fd, &info, info.nr_rings - 1);
		df_expect_mmap(fd, df_page, PROT_READ, MAP_SHARED,
			       (off_t)info.nr_rings * info.mmap_stride, EINVAL,
			       EINVAL, "past the last ring");
		df_expect_mmap(fd, df_page, PROT_READ, MAP_SHARED,
			       (off_t)info.nr_rings * info.mmap_stride + df_page,
			       EINVAL, EINVAL, "past the last ring, header");
		df_test_bad_consumer(fd, &info);
	}
	close(fd);
}

/* ---- finally: it still works ---- */

struct df_ring {
	struct vigil_ring_cons *cons;
	const unsigned char *rest;	/* from the header page on */
	size_t rest_len;
};

/* Copy len bytes at ring position pos, wrapping at the end of the data. */
static void df_ring_copy(const struct df_ring *r, const struct vigil_info *info,
			 __u64 pos, void *dst, size_t len)
{
	const unsigned char *data = r->rest + info->data_offset - df_page;
	unsigned char *d = dst;
	size_t i;

	for (i = 0; i < len; i++)
		d[i] = data[(pos + i) & (info->data_size - 1)];
}

static void df_test_still_works(void)
{
	struct df_ring rings[256];
	struct vigil_info info;
	struct vigil_bitmap bm;
	struct vigil_event ev;
	const struct vigil_ring_hdr *hdr;
	unsigned int i, nr = 0;
	int fd, found = 0, bad = 0, j;
	long ppid = getppid();
	pid_t me = (pid_t)syscall(SYS_gettid);

	fd = df_open();
	if (fd < 0) {
		df_fail("final open: %s", df_ename(errno));
		return;
	}
	if (df_get_info(fd, &info))
		goto out_close;
	for (i = 0; i < 256; i++) {
		rings[i].cons = MAP_FAILED;
		rings[i].rest = MAP_FAILED;
	}
	if (info.nr_rings > 256) {
		df_fail("GET_INFO: %u rings, more than this test handles",
			info.nr_rings);
		goto out_close;
	}
	for (i = 0; i < info.nr_rings; i++) {
		off_t base = (off_t)i * info.mmap_stride;

		rings[i].rest_len = info.data_offset + info.data_size - df_page;
		rings[i].cons = mmap(NULL, df_page, PROT_READ | PROT_WRITE,
				     MAP_SHARED, fd, base);
		rings[i].rest = mmap(NULL, rings[i].rest_len, PROT_READ,
				     MAP_SHARED, fd, base + df_page);
		nr++;
		if (rings[i].cons == MAP_FAILED || rings[i].rest == MAP_FAILED) {
			df_fail("final mmap of ring %u: %s", i, df_ename(errno));
			goto out_unmap;
		}
		hdr = (const void *)rings[i].rest;
		/* Skip whatever earlier phases left in the ring. */
		rings[i].cons->consumer_pos =
			__atomic_load_n(&hdr->producer_pos, __ATOMIC_ACQUIRE);
	}
	memset(&bm, 0, sizeof(bm));
	df_bitmap_set(&bm, __NR_getppid);
	df_expect(fd, VIGIL_IOC_SET_BITMAP, (unsigned long)&bm, 0, "final SET_BITMAP");
	df_expect(fd, VIGIL_IOC_START, 0, 0, "final START");
	for (j = 0; j < DF_GETPPID_CALLS; j++)
		syscall(SYS_getppid);
	df_expect(fd, VIGIL_IOC_STOP, 0, 0, "final STOP");

	for (i = 0; i < nr; i++) {
		__u64 pos, prod;

		hdr = (const void *)rings[i].rest;
		/* pairs with the module's release store of producer_pos */
		prod = __atomic_load_n(&hdr->producer_pos, __ATOMIC_ACQUIRE);
		pos = rings[i].cons->consumer_pos;
		while (pos < prod) {
			df_ring_copy(&rings[i], &info, pos, &ev, sizeof(__u32) * 2);
			if (ev.len < 8 || ev.len % VIGIL_REC_ALIGN ||
			    ev.len > prod - pos ||
			    (ev.type != VIGIL_EV_PAD && ev.len < sizeof(ev))) {
				df_fail("ring %u: bad record length %u at %llu",
					i, ev.len, (unsigned long long)pos);
				bad = 1;
				break;
			}
			if (ev.type != VIGIL_EV_PAD) {
				df_ring_copy(&rings[i], &info, pos, &ev, sizeof(ev));
				if (ev.nr == __NR_getppid && ev.tid == (__u32)me) {
					found++;
					if (ev.res != ppid || ev.tgid != (__u32)getpid() ||
					    ev.type != VIGIL_EV_GENERIC ||
					    strncmp(ev.comm, "devfuzz", sizeof(ev.comm)))
						df_fail("getppid record: res %lld tgid %u type %u comm %.16s",
							(long long)ev.res, ev.tgid,
							ev.type, ev.comm);
				}
			}
			pos += ev.len;
		}
		/* pairs with the module's acquire load of consumer_pos */
		__atomic_store_n(&rings[i].cons->consumer_pos, pos, __ATOMIC_RELEASE);
	}
	if (!bad && found != DF_GETPPID_CALLS)
		df_fail("final capture: %d getppid records of ours, want %d",
			found, DF_GETPPID_CALLS);
	else if (!bad)
		df_note("final capture: %d of %d getppid calls recorded", found,
			DF_GETPPID_CALLS);
out_unmap:
	for (i = 0; i < nr; i++) {
		if (rings[i].cons != MAP_FAILED)
			munmap(rings[i].cons, df_page);
		if (rings[i].rest != MAP_FAILED)
			munmap((void *)rings[i].rest, rings[i].rest_len);
	}
out_close:
	close(fd);
}

int main(int argc, char **argv)
{
	unsigned long n = DF_IOCTLS_DEFAULT;
	int opt, fd;

	df_rng = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	while ((opt = getopt(argc, argv, "s:n:d:")) != -1) {
		switch (opt) {
		case 's': df_rng = strtoull(optarg, NULL, 0); break;
		case 'n': n = strtoul(optarg, NULL, 0); break;
		case 'd': df_dev = optarg; break;
		default:
			fprintf(stderr, "usage: devfuzz [-s SEED] [-n IOCTLS] [-d DEVICE]\n");
			return 2;
		}
	}
	if (!df_rng)
		df_rng = 1;
	df_note("seed 0x%llx, %lu random ioctls, device %s",
		(unsigned long long)df_rng, n, df_dev);
	df_page = sysconf(_SC_PAGESIZE);
	if (df_setup_ptrs()) {
		df_fail("cannot set up the test pages: %s", df_ename(errno));
		return 1;
	}

	df_test_open();
	fd = df_open();
	if (fd < 0) {
		df_fail("open: %s", df_ename(errno));
		return 1;
	}
	df_test_ioctl_table(fd);
	df_test_ignore_capacity(fd);
	df_fuzz_ioctls(fd, n);
	close(fd);
	df_test_ignore_self();
	df_test_mmap();
	df_test_mapping_pins();
	df_test_still_works();

	df_note("%lu checks, %lu failures", df_checks, df_fails);
	return df_fails ? 1 : 0;
}
