// SPDX-License-Identifier: GPL-2.0
/*
 * file: the path and fd syscalls without a dirfd: open, creat, close, read,
 * write, pread64, pwrite64, readv, writev, unlink, rename, mkdir, rmdir,
 * link, symlink, chmod, fchmod, chown, fchown, lchown, truncate, ftruncate,
 * dup, dup2, dup3, fcntl (F_DUPFD*), mmap and mprotect with PROT_EXEC.
 * Relative paths are made absolute against the cwd; failures too.
 */
#include "trig.h"

#include <sys/mman.h>
#include <sys/uio.h>

static int me;
static char cwd[PATH_MAX];
static struct tj j;

/* The absolute form of a relative name (static buffers, two at a time). */
static const char *abs_(const char *name)
{
	static char buf[4][PATH_MAX];
	static int i;

	i = (i + 1) % 4;
	return trig_join(buf[i], sizeof(buf[i]), cwd, name);
}

static void begin(const char *type, long res)
{
	tj_begin(&j, type, me);
	tj_res(&j, res);
}

static void expect_open(const char *type, long res, const char *name,
			unsigned int flags, unsigned int mode)
{
	char fl[256];
	struct stat st = { 0 };

	if (res >= 0 && fstat((int)res, &st))
		trig_die("fstat: %s", strerror(errno));
	begin(type, res);
	tj_str(&j, "name", name);
	if (strcmp(type, "creat"))
		tj_str(&j, "flags", trig_oflags(fl, sizeof(fl), flags));
	if (mode)
		tj_oct(&j, "mode", mode);
	tj_int(&j, "dev", res >= 0 ? (long long)st.st_dev : 0);
	tj_int(&j, "ino", res >= 0 ? (long long)st.st_ino : 0);
	tj_end(&j);
}

static void expect_fd(const char *type, long res, const char *key, int fd)
{
	begin(type, res);
	tj_int(&j, key, fd);
	tj_end(&j);
}

static void expect_rw(const char *type, long res, int fd, const char *key,
		      long long n, long long pos)
{
	begin(type, res);
	tj_int(&j, "fd", fd);
	tj_int(&j, key, n);
	if (pos != LLONG_MIN)
		tj_int(&j, "pos", pos);
	tj_end(&j);
}

static void expect_path1(const char *type, long res, const char *key,
			 const char *path, long long mode)
{
	begin(type, res);
	tj_str(&j, key, path);
	if (mode >= 0)
		tj_oct(&j, "mode", (unsigned long long)mode);
	tj_end(&j);
}

static void expect_path2(const char *type, long res, const char *k1,
			 const char *v1, const char *k2, const char *v2)
{
	begin(type, res);
	tj_str(&j, k1, v1);
	tj_str(&j, k2, v2);
	tj_end(&j);
}

/*
 * NAME copied so that its NUL is the last byte of a page and the page
 * after it is unmapped; it starts at an odd address.
 */
static const char *page_end_str(const char *name)
{
	size_t n = strlen(name) + 1;
	char *p;

	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || munmap(p + 4096, 4096))
		trig_die("mmap/munmap: %s", strerror(errno));
	memcpy(p + 4096 - n, name, n);
	return p + 4096 - n;
}

/*
 * Names longer than the daemon's default snaplen (4096 bytes): cut to
 * 4096 bytes and marked truncated, absolute or joined to the cwd, while
 * one of exactly 4096 bytes is whole.  The kernel refuses
 * all three (ENAMETOOLONG); the records are written all the same.
 */
static void do_long_names(void)
{
	static char name[5001], want[sizeof(name) + PATH_MAX];
	char *const trunc[] = { "truncated", NULL };
	long r;

	memset(name, 'x', sizeof(name) - 1);
	name[0] = '/';
	r = TRIG_FAIL(ENAMETOOLONG, SYS_open, name, O_RDONLY);
	snprintf(want, 4097, "%s", name);
	begin("open", r);
	tj_str(&j, "name", want);
	tj_strv(&j, "evflags", trunc);
	tj_end(&j);

	memset(name + 1, 'y', 4095);	/* not the cut name above */
	name[4096] = '\0';
	r = TRIG_FAIL(ENAMETOOLONG, SYS_open, name, O_RDONLY);
	begin("open", r);
	tj_str(&j, "name", name);	/* no "evflags": the dump leaves out none */
	tj_end(&j);
	memset(name + 1, 'x', sizeof(name) - 2);

	r = TRIG_FAIL(ENAMETOOLONG, SYS_open, name + 1, O_RDONLY);
	snprintf(want, sizeof(want), "%s/%s", cwd, name + 1);
	want[4096] = '\0';
	begin("open", r);
	tj_str(&j, "name", want);
	tj_strv(&j, "evflags", trunc);
	tj_end(&j);
}

static int do_open(int bad)
{
	const unsigned int wfl = O_WRONLY | O_CREAT | O_TRUNC;
	long r;
	int fd;

	fd = (int)TRIG_OK(SYS_open, "a", wfl, 0600);
	expect_open("open", fd, abs_("a"), wfl, 0600);
	/* Give it a number no other open or close of this process uses. */
	TRIG_OK(SYS_dup2, fd, 40);
	TRIG_OK(SYS_close, fd);
	fd = 40;
	r = TRIG_FAIL(ENOENT, SYS_open, "missing", O_RDONLY);
	expect_open("open", r, abs_("missing"), O_RDONLY, 0);
	r = TRIG_OK(SYS_open, cwd, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	expect_open("open", r, cwd, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	TRIG_OK(SYS_close, r);

	/*
	 * A symlink: the record names the path the caller gave, not the file
	 * it resolved to (Falco's fd.name), dev/ino those of that file.
	 */
	r = TRIG_OK(SYS_symlink, "a", "lnk");
	expect_path2("symlink", r, "target", "a", "linkpath", abs_("lnk"));
	r = TRIG_FAIL(EEXIST, SYS_symlink, "b", "lnk");
	expect_path2("symlink", r, "target", "b", "linkpath", abs_("lnk"));
	r = TRIG_OK(SYS_open, "lnk", O_RDWR | O_APPEND);
	expect_open("open", r, abs_("lnk"), O_RDWR | O_APPEND, 0);
	TRIG_OK(SYS_close, r);
	r = TRIG_OK(SYS_open, "/proc/self/exe", O_RDONLY);
	expect_open("open", r, "/proc/self/exe", O_RDONLY, 0);
	TRIG_OK(SYS_close, r);
	/*
	 * "..", "." and "//" stay in the record (joined to the cwd with one
	 * '/'); the agent normalises fd.name (tests/unit check_path_norm.c,
	 * the detect group's read_password_file_relative).
	 */
	if (mkdir("dotdot", 0700))
		trig_die("mkdir dotdot: %s", strerror(errno));
	r = TRIG_OK(SYS_open, "dotdot/..//./a", O_RDONLY);
	expect_open("open", r, abs_("dotdot/..//./a"), O_RDONLY, 0);
	TRIG_OK(SYS_close, r);
	r = TRIG_FAIL(ENOENT, SYS_open, "dotdot/../missing", O_RDONLY);
	expect_open("open", r, abs_("dotdot/../missing"), O_RDONLY, 0);
	/*
	 * A name that ends on a page's last byte, before an unmapped page:
	 * read whole (the module's word-at-a-time read faults on the next
	 * page and goes on a byte at a time), not marked as a fault.
	 */
	r = TRIG_FAIL(ENOENT, SYS_open, page_end_str("page-end-missing"),
		      O_RDONLY);
	expect_open("open", r, abs_("page-end-missing"), O_RDONLY, 0);

	r = TRIG_OK(SYS_creat, "c", 0644);
	expect_open("creat", r, abs_("c"), 0, 0644);
	TRIG_OK(SYS_close, r);
	r = TRIG_FAIL(ENOENT, SYS_creat, "nodir/c", 0644);
	expect_open("creat", r, abs_("nodir/c"), 0, 0644);

	r = TRIG_FAIL(EBADF, SYS_close, bad);
	expect_fd("close", r, "fd", bad);
	return fd;
}

static void do_rw(int wfd, int bad)
{
	char buf[256] = "0123456789abcdefghijklmnopqrstuvwxyz";
	struct iovec iov[3] = {
		{ buf, 3 }, { buf + 10, 5 }, { buf + 20, 7 },
	};
	long r;
	int rfd;

	r = TRIG_OK(SYS_write, wfd, buf, 10);
	expect_rw("write", r, wfd, "size", 10, LLONG_MIN);
	r = TRIG_FAIL(EBADF, SYS_write, bad, buf, 5);
	expect_rw("write", r, bad, "size", 5, LLONG_MIN);
	r = TRIG_OK(SYS_pwrite64, wfd, buf, 4, 100);
	expect_rw("pwrite64", r, wfd, "size", 4, 100);
	r = TRIG_OK(SYS_writev, wfd, iov, 3);
	expect_rw("writev", r, wfd, "iovcnt", 3, LLONG_MIN);
	r = TRIG_FAIL(EBADF, SYS_read, wfd, buf, 16);	/* write-only fd */
	expect_rw("read", r, wfd, "size", 16, LLONG_MIN);
	r = TRIG_OK(SYS_close, wfd);
	expect_fd("close", r, "fd", wfd);

	rfd = (int)TRIG_OK(SYS_open, "a", O_RDONLY);
	r = TRIG_OK(SYS_read, rfd, buf, sizeof(buf));
	expect_rw("read", r, rfd, "size", sizeof(buf), LLONG_MIN);
	r = TRIG_OK(SYS_pread64, rfd, buf, 8, 2);
	expect_rw("pread64", r, rfd, "size", 8, 2);
	r = TRIG_FAIL(EINVAL, SYS_pread64, rfd, buf, 8, -1L);
	expect_rw("pread64", r, rfd, "size", 8, -1);
	r = TRIG_OK(SYS_lseek, rfd, 0, SEEK_SET);
	r = TRIG_OK(SYS_readv, rfd, iov, 2);
	expect_rw("readv", r, rfd, "iovcnt", 2, LLONG_MIN);
	r = TRIG_FAIL(EBADF, SYS_readv, bad, iov, 1);
	expect_rw("readv", r, bad, "iovcnt", 1, LLONG_MIN);
	r = TRIG_FAIL(EBADF, SYS_pwrite64, rfd, buf, 1, 0);
	expect_rw("pwrite64", r, rfd, "size", 1, 0);
	r = TRIG_FAIL(EBADF, SYS_writev, rfd, iov, 1);
	expect_rw("writev", r, rfd, "iovcnt", 1, LLONG_MIN);
	TRIG_OK(SYS_close, rfd);
}

static void do_names(void)
{
	long r;

	r = TRIG_OK(SYS_mkdir, "d", 0750);
	expect_path1("mkdir", r, "path", abs_("d"), 0750);
	r = TRIG_FAIL(EEXIST, SYS_mkdir, "d", 0700);
	expect_path1("mkdir", r, "path", abs_("d"), 0700);
	TRIG_OK(SYS_mkdir, "d/sub", 0700);
	r = TRIG_FAIL(ENOTEMPTY, SYS_rmdir, "d");
	expect_path1("rmdir", r, "path", abs_("d"), -1);
	r = TRIG_OK(SYS_rmdir, abs_("d/sub"));
	expect_path1("rmdir", r, "path", abs_("d/sub"), -1);
	r = TRIG_OK(SYS_rmdir, "d");
	expect_path1("rmdir", r, "path", abs_("d"), -1);

	r = TRIG_OK(SYS_link, "a", "a.hard");
	expect_path2("link", r, "oldpath", abs_("a"), "newpath", abs_("a.hard"));
	r = TRIG_FAIL(ENOENT, SYS_link, "missing", "x");
	expect_path2("link", r, "oldpath", abs_("missing"), "newpath", abs_("x"));

	r = TRIG_OK(SYS_rename, "c", abs_("c2"));
	expect_path2("rename", r, "oldpath", abs_("c"), "newpath", abs_("c2"));
	r = TRIG_FAIL(ENOENT, SYS_rename, "missing", "z");
	expect_path2("rename", r, "oldpath", abs_("missing"), "newpath",
		     abs_("z"));

	r = TRIG_OK(SYS_unlink, "a.hard");
	expect_path1("unlink", r, "name", abs_("a.hard"), -1);
	r = TRIG_FAIL(ENOENT, SYS_unlink, "missing");
	expect_path1("unlink", r, "name", abs_("missing"), -1);
	/* No normalisation: "x/../y" stays as written. */
	TRIG_OK(SYS_mkdir, "x", 0700);
	r = TRIG_FAIL(ENOENT, SYS_unlink, "x/../missing");
	expect_path1("unlink", r, "name", abs_("x/../missing"), -1);
}

static void expect_own(const char *type, long res, const char *key,
		       const char *name, int fd, long long uid, long long gid)
{
	begin(type, res);
	if (fd != INT_MIN)
		tj_int(&j, "fd", fd);
	tj_str(&j, key, name);
	tj_int(&j, tj_pkey("uid"), uid);
	tj_int(&j, tj_pkey("gid"), gid);
	tj_end(&j);
}

static void do_attrs(int bad)
{
	long r;
	int fd;

	r = TRIG_OK(SYS_chmod, "a", 0640);
	expect_path1("chmod", r, "name", abs_("a"), 0640);
	r = TRIG_FAIL(ENOENT, SYS_chmod, "missing", 0600);
	expect_path1("chmod", r, "name", abs_("missing"), 0600);

	fd = (int)TRIG_OK(SYS_open, "a", O_RDWR);
	r = TRIG_OK(SYS_fchmod, fd, 0604);
	begin("fchmod", r);
	tj_int(&j, "fd", fd);
	tj_str(&j, "name", abs_("a"));
	tj_oct(&j, "mode", 0604);
	tj_end(&j);
	r = TRIG_FAIL(EBADF, SYS_fchmod, bad, 0600);
	begin("fchmod", r);
	tj_int(&j, "fd", bad);
	tj_str(&j, "name", NULL);
	tj_end(&j);

	r = TRIG_OK(SYS_chown, "a", 1234, 5678);
	expect_own("chown", r, "name", abs_("a"), INT_MIN, 1234, 5678);
	r = TRIG_FAIL(ENOENT, SYS_chown, "missing", 0, 0);
	expect_own("chown", r, "name", abs_("missing"), INT_MIN, 0, 0);
	r = TRIG_OK(SYS_fchown, fd, 42, -1);
	expect_own("fchown", r, "name", abs_("a"), fd, 42, -1);
	r = TRIG_FAIL(EBADF, SYS_fchown, bad, 1, 1);
	expect_own("fchown", r, "name", NULL, bad, 1, 1);
	r = TRIG_OK(SYS_lchown, "lnk", 7, 8);
	expect_own("lchown", r, "name", abs_("lnk"), INT_MIN, 7, 8);
	r = TRIG_FAIL(ENOENT, SYS_lchown, "missing", 7, 8);
	expect_own("lchown", r, "name", abs_("missing"), INT_MIN, 7, 8);

	r = TRIG_OK(SYS_truncate, "a", 50);
	begin("truncate", r);
	tj_str(&j, "name", abs_("a"));
	tj_int(&j, "length", 50);
	tj_end(&j);
	r = TRIG_FAIL(ENOENT, SYS_truncate, "missing", 1);
	begin("truncate", r);
	tj_str(&j, "name", abs_("missing"));
	tj_int(&j, "length", 1);
	tj_end(&j);
	r = TRIG_OK(SYS_ftruncate, fd, 8192);
	begin("ftruncate", r);
	tj_int(&j, "fd", fd);
	tj_str(&j, "name", abs_("a"));
	tj_int(&j, "length", 8192);
	tj_end(&j);
	r = TRIG_FAIL(EBADF, SYS_ftruncate, bad, 0);
	begin("ftruncate", r);
	tj_int(&j, "fd", bad);
	tj_str(&j, "name", NULL);
	tj_int(&j, "length", 0);
	tj_end(&j);
	TRIG_OK(SYS_close, fd);
}

static void do_dups(int bad)
{
	char fl[128];
	long r;
	int fd = (int)TRIG_OK(SYS_open, "a", O_RDONLY);

	r = TRIG_OK(SYS_dup, fd);
	expect_fd("dup", r, "oldfd", fd);
	r = TRIG_FAIL(EBADF, SYS_dup, bad);
	expect_fd("dup", r, "oldfd", bad);

	r = TRIG_OK(SYS_dup2, fd, 100);
	begin("dup2", r);
	tj_int(&j, "oldfd", fd);
	tj_int(&j, "newfd", 100);
	tj_end(&j);
	r = TRIG_FAIL(EBADF, SYS_dup2, bad, 101);
	begin("dup2", r);
	tj_int(&j, "oldfd", bad);
	tj_int(&j, "newfd", 101);
	tj_end(&j);

	r = TRIG_OK(SYS_dup3, fd, 102, O_CLOEXEC);
	begin("dup3", r);
	tj_int(&j, "oldfd", fd);
	tj_int(&j, "newfd", 102);
	tj_str(&j, "flags", trig_oflags(fl, sizeof(fl), O_CLOEXEC));
	tj_end(&j);
	r = TRIG_FAIL(EINVAL, SYS_dup3, fd, fd, 0);
	begin("dup3", r);
	tj_int(&j, "oldfd", fd);
	tj_int(&j, "newfd", fd);
	tj_str(&j, "flags", trig_oflags(fl, sizeof(fl), 0));
	tj_end(&j);

	/* Only F_DUPFD, F_DUPFD_CLOEXEC and F_SETFD are recorded. */
	r = TRIG_OK(SYS_fcntl, fd, F_DUPFD, 200);
	begin("fcntl", r);
	tj_int(&j, "fd", fd);
	tj_str(&j, "cmd", "F_DUPFD");
	tj_int(&j, "arg", 200);
	tj_end(&j);
	r = TRIG_OK(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 300);
	begin("fcntl", r);
	tj_int(&j, "fd", fd);
	tj_str(&j, "cmd", "F_DUPFD_CLOEXEC");
	tj_int(&j, "arg", 300);
	tj_end(&j);
	r = TRIG_FAIL(EBADF, SYS_fcntl, bad, F_DUPFD, 0);
	begin("fcntl", r);
	tj_int(&j, "fd", bad);
	tj_str(&j, "cmd", "F_DUPFD");
	tj_end(&j);
	TRIG_OK(SYS_fcntl, fd, F_GETFL);
	r = TRIG_OK(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
	begin("fcntl", r);
	tj_int(&j, "fd", fd);
	tj_str(&j, "cmd", "F_SETFD");
	tj_int(&j, "arg", FD_CLOEXEC);
	tj_end(&j);
	tj_begin(&j, "fcntl", me);
	tj_str(&j, "_desc", "F_GETFL is not recorded");
	tj_int(&j, "_count", 4);
	tj_end(&j);
}

static void expect_mmap(long res, unsigned long len, const char *prot,
			const char *flags, int fd, const char *name)
{
	begin("mmap", res);
	tj_hex(&j, "addr", 0);
	tj_int(&j, "len", (long long)len);
	tj_str(&j, "prot", prot);
	tj_str(&j, "flags", flags);
	tj_int(&j, "fd", fd);
	tj_int(&j, "offset", 0);
	tj_str(&j, "name", name);
	tj_end(&j);
}

static void expect_mprotect(long res, unsigned long addr, unsigned long len,
			    const char *prot)
{
	begin("mprotect", res);
	tj_hex(&j, "addr", addr);
	tj_int(&j, "len", (long long)len);
	tj_str(&j, "prot", prot);
	tj_end(&j);
}

static void do_mmap(int bad)
{
	long file, anon, r;
	int fd = (int)TRIG_OK(SYS_open, "a", O_RDONLY);

	file = TRIG_OK(SYS_mmap, 0, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE,
		       fd, 0);
	expect_mmap(file, 4096, "PROT_READ|PROT_EXEC", "MAP_PRIVATE", fd,
		    abs_("a"));
	anon = TRIG_OK(SYS_mmap, 0, 8192, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1L, 0);
	expect_mmap(anon, 8192, "PROT_READ|PROT_WRITE|PROT_EXEC",
		    "MAP_PRIVATE|MAP_ANONYMOUS", -1, NULL);
	r = TRIG_FAIL(EBADF, SYS_mmap, 0, 4096, PROT_EXEC, MAP_SHARED, bad, 0);
	expect_mmap(r, 4096, "PROT_EXEC", "MAP_SHARED", bad, NULL);
	/* Without PROT_EXEC: not recorded. */
	r = TRIG_OK(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1L, 0);
	tj_begin(&j, "mmap", me);
	tj_str(&j, "_desc", "mmap without PROT_EXEC is not recorded");
	tj_int(&j, "_count", 3);
	tj_end(&j);

	TRIG_OK(SYS_mprotect, r, 4096, PROT_READ | PROT_EXEC);
	expect_mprotect(0, (unsigned long)r, 4096, "PROT_READ|PROT_EXEC");
	TRIG_OK(SYS_mprotect, anon, 4096, PROT_READ);	/* not recorded */
	r = TRIG_FAIL(EINVAL, SYS_mprotect, anon + 1, 4096, PROT_EXEC);
	expect_mprotect(r, (unsigned long)anon + 1, 4096, "PROT_EXEC");
	tj_begin(&j, "mprotect", me);
	tj_str(&j, "_desc", "mprotect without PROT_EXEC is not recorded");
	tj_int(&j, "_count", 2);
	tj_end(&j);
	TRIG_OK(SYS_close, fd);
}

int main(void)
{
	int fd, bad;

	me = trig_tid();
	trig_getcwd(cwd, sizeof(cwd));
	bad = trig_closed_fd();
	fd = do_open(bad);
	do_long_names();
	do_rw(fd, bad);
	do_names();
	do_attrs(bad);
	do_dups(bad);
	do_mmap(bad);
	return 0;
}
