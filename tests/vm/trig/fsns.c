// SPDX-License-Identifier: GPL-2.0
/*
 * fsns: chdir and fchdir (absolute and relative paths, bad fds), then in a
 * child: unshare of a mount namespace, mount and umount2 of tmpfs,
 * pivot_root (fails: the new root is no mount point), setns back into the
 * parent's namespaces, chroot.
 */
#include "trig.h"

#include <sys/mount.h>

static int me;
static char base[PATH_MAX];

static void expect_path(const char *type, long res, const char *key,
			const char *path)
{
	struct tj j;

	tj_begin(&j, type, me);
	tj_res(&j, res);
	tj_str(&j, key, path);
	tj_end(&j);
}

static void do_chdir(void)
{
	char d1[PATH_MAX], p[PATH_MAX];
	struct tj j;
	int basefd, filefd, bad;
	long r;

	trig_join(d1, sizeof(d1), base, "d1");
	TRIG_OK(SYS_mkdir, d1, 0755);
	basefd = (int)TRIG_OK(SYS_open, base, O_RDONLY | O_DIRECTORY);
	filefd = (int)TRIG_OK(SYS_open, "file", O_WRONLY | O_CREAT, 0600);

	r = TRIG_OK(SYS_chdir, d1);
	tj_begin(&j, "chdir", me);
	tj_res(&j, r);
	tj_str(&j, "path", d1);
	tj_str(&j, "cwd", d1);
	tj_end(&j);

	r = TRIG_FAIL(ENOENT, SYS_chdir, "/nonexistent-vigil");
	tj_begin(&j, "chdir", me);
	tj_res(&j, r);
	tj_str(&j, "path", "/nonexistent-vigil");
	tj_str(&j, "cwd", d1);
	tj_end(&j);

	/* Relative: joined to the cwd, which a failure leaves alone. */
	r = TRIG_FAIL(ENOENT, SYS_chdir, "missing");
	tj_begin(&j, "chdir", me);
	tj_res(&j, r);
	tj_str(&j, "path", trig_join(p, sizeof(p), d1, "missing"));
	tj_str(&j, "cwd", d1);
	tj_end(&j);

	r = TRIG_OK(SYS_fchdir, basefd);
	tj_begin(&j, "fchdir", me);
	tj_res(&j, r);
	tj_int(&j, "fd", basefd);
	tj_str(&j, "cwd", base);
	tj_end(&j);

	bad = trig_closed_fd();
	r = TRIG_FAIL(EBADF, SYS_fchdir, bad);
	tj_begin(&j, "fchdir", me);
	tj_res(&j, r);
	tj_int(&j, "fd", bad);
	tj_str(&j, "cwd", base);
	tj_end(&j);

	r = TRIG_FAIL(ENOTDIR, SYS_fchdir, filefd);
	tj_begin(&j, "fchdir", me);
	tj_res(&j, r);
	tj_int(&j, "fd", filefd);
	tj_str(&j, "cwd", base);
	tj_end(&j);

	close(basefd);
	close(filefd);
}

static void expect_mount(long res, const char *src, const char *target,
			 const char *fstype, const char *flags)
{
	struct tj j;

	tj_begin(&j, "mount", me);
	tj_res(&j, res);
	tj_str(&j, "source", src);
	tj_str(&j, "target", target);
	tj_str(&j, "fstype", fstype);
	tj_str(&j, "flags", flags);
	tj_end(&j);
}

/* flags as Falco's umount_flags table names them ("0" for none). */
static void expect_umount(long res, const char *target, const char *flags)
{
	struct tj j;

	tj_begin(&j, "umount2", me);
	tj_res(&j, res);
	tj_str(&j, "target", target);
	tj_str(&j, "flags", flags);
	tj_end(&j);
}

static void expect_setns(long res, int fd, const char *nstype,
			 const char *name)
{
	struct tj j;

	tj_begin(&j, "setns", me);
	tj_res(&j, res);
	tj_int(&j, "fd", fd);
	tj_str(&j, "nstype", nstype);
	tj_str(&j, "name", name);
	tj_end(&j);
}

static void do_mounts(void)
{
	char mnt[PATH_MAX], mnt2[PATH_MAX], noent[PATH_MAX], d1[PATH_MAX];
	char old[PATH_MAX];
	long r;

	trig_join(mnt, sizeof(mnt), base, "mnt");
	trig_join(mnt2, sizeof(mnt2), base, "mnt2");
	trig_join(noent, sizeof(noent), base, "nonexistent");
	trig_join(d1, sizeof(d1), base, "d1");
	trig_join(old, sizeof(old), d1, "old");
	TRIG_OK(SYS_mkdir, mnt, 0755);
	TRIG_OK(SYS_mkdir, mnt2, 0755);
	TRIG_OK(SYS_mkdir, old, 0755);

	r = TRIG_OK(SYS_mount, "vigil-tmpfs", mnt, "tmpfs",
		    MS_NOSUID | MS_NODEV, "size=64k");
	expect_mount(r, "vigil-tmpfs", mnt, "tmpfs", "MS_NOSUID|MS_NODEV");
	r = TRIG_OK(SYS_mount, "vigil-tmpfs2", "mnt2", "tmpfs", 0, NULL);
	expect_mount(r, "vigil-tmpfs2", mnt2, "tmpfs", "0");
	r = TRIG_FAIL(ENOENT, SYS_mount, "none", noent, "tmpfs", MS_RDONLY,
		      NULL);
	expect_mount(r, "none", noent, "tmpfs", "MS_RDONLY");

	/*
	 * The new root must be a mount point and not on the current root's
	 * mount: EINVAL or EBUSY depending on the root's mounts.
	 */
	r = TRIG_ERR(SYS_pivot_root, d1, old);
	{
		struct tj j;

		tj_begin(&j, "pivot_root", me);
		tj_res(&j, r);
		tj_str(&j, "new_root", d1);
		tj_str(&j, "put_old", old);
		tj_end(&j);
	}

	r = TRIG_OK(SYS_umount2, mnt, 0);
	expect_umount(r, mnt, "0");
	r = TRIG_OK(SYS_umount2, "mnt2", MNT_DETACH);
	expect_umount(r, mnt2, "DETACH");
	r = TRIG_FAIL(EINVAL, SYS_umount2, d1, 0);
	expect_umount(r, d1, "0");
}

static void child(void)
{
	char path[64], name[128], d1[PATH_MAX];
	pid_t parent = getppid();
	int netfd, mntfd, bad;
	struct tj j;
	long r;

	me = trig_tid();
	r = TRIG_OK(SYS_unshare, CLONE_NEWNS);
	tj_begin(&j, "unshare", me);
	tj_res(&j, r);
	tj_str(&j, "flags", "CLONE_NEWNS");
	tj_end(&j);
	r = TRIG_FAIL(EINVAL, SYS_unshare, CLONE_PARENT);
	tj_begin(&j, "unshare", me);
	tj_res(&j, r);
	tj_str(&j, "flags", "CLONE_PARENT");
	tj_end(&j);

	do_mounts();

	snprintf(path, sizeof(path), "/proc/%d/ns/net", parent);
	netfd = (int)TRIG_OK(SYS_open, path, O_RDONLY);
	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", parent);
	mntfd = (int)TRIG_OK(SYS_open, path, O_RDONLY);

	r = TRIG_OK(SYS_setns, netfd, CLONE_NEWNET);
	expect_setns(r, netfd, "CLONE_NEWNET",
		     trig_fdpath(name, sizeof(name), netfd));
	r = TRIG_FAIL(EINVAL, SYS_setns, netfd, CLONE_NEWUTS);
	expect_setns(r, netfd, "CLONE_NEWUTS", name);
	r = TRIG_OK(SYS_setns, mntfd, 0);
	expect_setns(r, mntfd, "0", trig_fdpath(name, sizeof(name), mntfd));
	bad = trig_closed_fd();
	r = TRIG_FAIL(EBADF, SYS_setns, bad, 0);
	expect_setns(r, bad, "0", NULL);

	/* Back in the parent's mount namespace, whose root is now the cwd. */
	TRIG_OK(SYS_chdir, base);
	r = TRIG_FAIL(ENOENT, SYS_chroot, "/nonexistent-vigil");
	expect_path("chroot", r, "path", "/nonexistent-vigil");
	r = TRIG_OK(SYS_chroot, "d1");
	expect_path("chroot", r, "path", trig_join(d1, sizeof(d1), base, "d1"));
}

int main(void)
{
	pid_t pid;

	me = trig_tid();
	trig_getcwd(base, sizeof(base));
	do_chdir();

	pid = fork();
	if (pid < 0)
		trig_die("fork: %s", strerror(errno));
	if (!pid) {
		child();
		_exit(0);
	}
	trig_wait(pid, 0);
	return 0;
}
