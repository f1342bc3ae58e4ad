// SPDX-License-Identifier: GPL-2.0
/*
 * fileat: the *at path syscalls with a real directory fd and with
 * AT_FDCWD: openat, openat2, mkdirat, symlinkat, linkat, renameat,
 * renameat2, fchmodat, fchownat, unlinkat.  Relative names are joined to
 * the directory fd's path (or the cwd); failures name the path as given,
 * made absolute.
 */
#include "trig.h"

#include <linux/openat2.h>

static int me;
static int dfd;
static char cwd[PATH_MAX], sub[PATH_MAX];
static struct tj j;

/* name joined to dir (static buffers, four at a time). */
static const char *at(int fd, const char *name)
{
	static char buf[4][PATH_MAX];
	static int i;

	i = (i + 1) % 4;
	return trig_join(buf[i], sizeof(buf[i]), fd == AT_FDCWD ? cwd : sub,
			 name);
}

static void begin(const char *type, long res)
{
	tj_begin(&j, type, me);
	tj_res(&j, res);
}

static void expect_open(const char *type, long res, int fd, const char *name,
			unsigned int flags, unsigned int mode, long long resolve)
{
	char fl[256];
	struct stat st = { 0 };

	if (res >= 0 && fstat((int)res, &st))
		trig_die("fstat: %s", strerror(errno));
	begin(type, res);
	tj_int(&j, "dirfd", fd);
	tj_str(&j, "name", name);
	tj_str(&j, "flags", trig_oflags(fl, sizeof(fl), flags));
	tj_oct(&j, "mode", mode);
	/* resolve by name, as Falco's openat2_flags table has it: only these two are used */
	if (resolve == RESOLVE_BENEATH)
		tj_str(&j, "resolve", "RESOLVE_BENEATH");
	else if (resolve == 0)
		tj_str(&j, "resolve", "0");
	tj_int(&j, "dev", res >= 0 ? (long long)st.st_dev : 0);
	tj_int(&j, "ino", res >= 0 ? (long long)st.st_ino : 0);
	tj_end(&j);
}

static void do_open(void)
{
	struct open_how how;
	long r;

	r = TRIG_OK(SYS_openat, AT_FDCWD, "f1", O_WRONLY | O_CREAT | O_EXCL, 0640);
	expect_open("openat", r, AT_FDCWD, at(AT_FDCWD, "f1"),
		    O_WRONLY | O_CREAT | O_EXCL, 0640, -1);
	TRIG_OK(SYS_close, r);
	r = TRIG_OK(SYS_openat, dfd, "f2", O_RDWR | O_CREAT, 0600);
	expect_open("openat", r, dfd, at(dfd, "f2"), O_RDWR | O_CREAT, 0600, -1);
	TRIG_OK(SYS_close, r);
	r = TRIG_FAIL(ENOENT, SYS_openat, dfd, "missing", O_RDONLY, 0);
	expect_open("openat", r, dfd, at(dfd, "missing"), O_RDONLY, 0, -1);
	r = TRIG_FAIL(EEXIST, SYS_openat, dfd, "f2", O_WRONLY | O_CREAT | O_EXCL,
		      0600);
	expect_open("openat", r, dfd, at(dfd, "f2"),
		    O_WRONLY | O_CREAT | O_EXCL, 0600, -1);

	memset(&how, 0, sizeof(how));
	how.flags = O_RDONLY | O_CLOEXEC;
	how.resolve = RESOLVE_BENEATH;
	r = TRIG_OK(SYS_openat2, dfd, "f2", &how, sizeof(how));
	expect_open("openat2", r, dfd, at(dfd, "f2"), O_RDONLY | O_CLOEXEC, 0,
		    RESOLVE_BENEATH);
	TRIG_OK(SYS_close, r);
	/* Escaping the directory is refused; no normalisation of "..". */
	r = TRIG_FAIL(EXDEV, SYS_openat2, dfd, "../f1", &how, sizeof(how));
	expect_open("openat2", r, dfd, at(dfd, "../f1"), O_RDONLY | O_CLOEXEC,
		    0, RESOLVE_BENEATH);
	how.flags = O_WRONLY | O_CREAT;
	how.mode = 0604;
	how.resolve = 0;
	r = TRIG_OK(SYS_openat2, AT_FDCWD, "f3", &how, sizeof(how));
	expect_open("openat2", r, AT_FDCWD, at(AT_FDCWD, "f3"),
		    O_WRONLY | O_CREAT, 0604, 0);
	TRIG_OK(SYS_close, r);
}

static void expect_dirop(const char *type, long res, const char *fdkey,
			 int fd, const char *key, const char *path)
{
	begin(type, res);
	tj_int(&j, fdkey, fd);
	tj_str(&j, key, path);
}

static void do_names(void)
{
	long r;

	r = TRIG_OK(SYS_mkdirat, dfd, "d", 0700);
	expect_dirop("mkdirat", r, "dirfd", dfd, "path", at(dfd, "d"));
	tj_oct(&j, "mode", 0700);
	tj_end(&j);
	r = TRIG_FAIL(EEXIST, SYS_mkdirat, AT_FDCWD, "sub", 0755);
	expect_dirop("mkdirat", r, "dirfd", AT_FDCWD, "path",
		     at(AT_FDCWD, "sub"));
	tj_oct(&j, "mode", 0755);
	tj_end(&j);

	r = TRIG_OK(SYS_symlinkat, "f2", dfd, "l2");
	expect_dirop("symlinkat", r, "newdirfd", dfd, "linkpath", at(dfd, "l2"));
	tj_str(&j, "target", "f2");
	tj_end(&j);
	r = TRIG_FAIL(EEXIST, SYS_symlinkat, "other", dfd, "l2");
	expect_dirop("symlinkat", r, "newdirfd", dfd, "linkpath", at(dfd, "l2"));
	tj_str(&j, "target", "other");
	tj_end(&j);

	r = TRIG_OK(SYS_linkat, dfd, "f2", AT_FDCWD, "f2.hard", 0);
	expect_dirop("linkat", r, "olddirfd", dfd, "oldpath", at(dfd, "f2"));
	tj_int(&j, "newdirfd", AT_FDCWD);
	tj_str(&j, "newpath", at(AT_FDCWD, "f2.hard"));
	tj_str(&j, "flags", "0");
	tj_end(&j);
	r = TRIG_FAIL(ENOENT, SYS_linkat, dfd, "missing", dfd, "x",
		      AT_SYMLINK_FOLLOW);
	expect_dirop("linkat", r, "olddirfd", dfd, "oldpath",
		     at(dfd, "missing"));
	tj_str(&j, "newpath", at(dfd, "x"));
	tj_str(&j, "flags", "AT_SYMLINK_FOLLOW");
	tj_end(&j);

	r = TRIG_OK(SYS_renameat, dfd, "f2", AT_FDCWD, "f2.moved");
	expect_dirop("renameat", r, "olddirfd", dfd, "oldpath", at(dfd, "f2"));
	tj_int(&j, "newdirfd", AT_FDCWD);
	tj_str(&j, "newpath", at(AT_FDCWD, "f2.moved"));
	tj_end(&j);
	r = TRIG_FAIL(ENOENT, SYS_renameat, dfd, "missing", dfd, "y");
	expect_dirop("renameat", r, "olddirfd", dfd, "oldpath",
		     at(dfd, "missing"));
	tj_str(&j, "newpath", at(dfd, "y"));
	tj_end(&j);

	r = TRIG_FAIL(EEXIST, SYS_renameat2, AT_FDCWD, "f1", AT_FDCWD,
		      "f2.moved", RENAME_NOREPLACE);
	expect_dirop("renameat2", r, "olddirfd", AT_FDCWD, "oldpath",
		     at(AT_FDCWD, "f1"));
	tj_str(&j, "newpath", at(AT_FDCWD, "f2.moved"));
	tj_str(&j, "flags", "RENAME_NOREPLACE");
	tj_end(&j);
	r = TRIG_OK(SYS_renameat2, AT_FDCWD, "f1", dfd, "f1b", RENAME_NOREPLACE);
	expect_dirop("renameat2", r, "olddirfd", AT_FDCWD, "oldpath",
		     at(AT_FDCWD, "f1"));
	tj_int(&j, "newdirfd", dfd);
	tj_str(&j, "newpath", at(dfd, "f1b"));
	tj_str(&j, "flags", "RENAME_NOREPLACE");
	tj_end(&j);
	r = TRIG_OK(SYS_renameat2, AT_FDCWD, "f2.moved", dfd, "f1b",
		    RENAME_EXCHANGE);
	expect_dirop("renameat2", r, "olddirfd", AT_FDCWD, "oldpath",
		     at(AT_FDCWD, "f2.moved"));
	tj_str(&j, "newpath", at(dfd, "f1b"));
	tj_str(&j, "flags", "RENAME_EXCHANGE");
	tj_end(&j);
}

static void do_attrs(int bad)
{
	long r;

	r = TRIG_OK(SYS_fchmodat, dfd, "f1b", 0611);
	expect_dirop("fchmodat", r, "dirfd", dfd, "name", at(dfd, "f1b"));
	tj_oct(&j, "mode", 0611);
	tj_end(&j);
	r = TRIG_FAIL(ENOENT, SYS_fchmodat, AT_FDCWD, "missing", 0600);
	expect_dirop("fchmodat", r, "dirfd", AT_FDCWD, "name",
		     at(AT_FDCWD, "missing"));
	tj_oct(&j, "mode", 0600);
	tj_end(&j);

	r = TRIG_OK(SYS_fchownat, dfd, "l2", 11, 22, AT_SYMLINK_NOFOLLOW);
	expect_dirop("fchownat", r, "dirfd", dfd, "name", at(dfd, "l2"));
	tj_int(&j, tj_pkey("uid"), 11);
	tj_int(&j, tj_pkey("gid"), 22);
	tj_str(&j, "flags", "AT_SYMLINK_NOFOLLOW");
	tj_end(&j);
	r = TRIG_FAIL(ENOENT, SYS_fchownat, AT_FDCWD, "missing", 1, 2, 0);
	expect_dirop("fchownat", r, "dirfd", AT_FDCWD, "name",
		     at(AT_FDCWD, "missing"));
	tj_int(&j, tj_pkey("uid"), 1);
	tj_int(&j, tj_pkey("gid"), 2);
	tj_str(&j, "flags", "0");
	tj_end(&j);

	r = TRIG_OK(SYS_unlinkat, dfd, "l2", 0);
	expect_dirop("unlinkat", r, "dirfd", dfd, "name", at(dfd, "l2"));
	tj_str(&j, "flags", "0");
	tj_end(&j);
	r = TRIG_OK(SYS_unlinkat, dfd, "d", AT_REMOVEDIR);
	expect_dirop("unlinkat", r, "dirfd", dfd, "name", at(dfd, "d"));
	tj_str(&j, "flags", "AT_REMOVEDIR");
	tj_end(&j);
	r = TRIG_FAIL(EISDIR, SYS_unlinkat, AT_FDCWD, "sub", 0);
	expect_dirop("unlinkat", r, "dirfd", AT_FDCWD, "name",
		     at(AT_FDCWD, "sub"));
	tj_str(&j, "flags", "0");
	tj_end(&j);
	r = TRIG_FAIL(EBADF, SYS_unlinkat, bad, "x", 0);
	begin("unlinkat", r);
	tj_int(&j, "dirfd", bad);
	tj_end(&j);
}

int main(void)
{
	int bad;

	me = trig_tid();
	trig_getcwd(cwd, sizeof(cwd));
	trig_join(sub, sizeof(sub), cwd, "sub");
	bad = trig_closed_fd();
	TRIG_OK(SYS_mkdir, "sub", 0755);
	dfd = (int)TRIG_OK(SYS_open, "sub", O_RDONLY | O_DIRECTORY);
	do_open();
	do_names();
	do_attrs(bad);
	return 0;
}
