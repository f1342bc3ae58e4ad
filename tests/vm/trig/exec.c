// SPDX-License-Identifier: GPL-2.0
/*
 * exec: execve and execveat of this very binary (found through
 * /proc/self/exe), in a new session and in the runner's, and failing ones;
 * the sched_exec and procexit records of the new images; header fields
 * (comm set by PR_SET_NAME, ppid, loginuid) of a failing execve.
 *
 * Run with "--child CODE MARK..." it is the new image: it checks that it
 * got the environment the parent passed and exits with CODE.
 */
#include "trig.h"

static char *const child_env[] = {
	"VIGIL_A=1", "VIGIL_B=two words", "VIGIL_Q=\"quoted\"\\", NULL
};

static int child_main(int argc, char **argv)
{
	extern char **environ;
	int i;

	for (i = 0; child_env[i]; i++)
		if (!environ[i] || strcmp(environ[i], child_env[i]))
			return 100;
	if (environ[i])
		return 101;
	return atoi(argv[2]);
}

struct exec_ctx {
	char exe[PATH_MAX];
	char dir[PATH_MAX];
	const char *base;
	char comm[16];
	char cwd[PATH_MAX];
	char cgroup[PATH_MAX];
	char cgprocs[PATH_MAX];	/* cgroup.procs to join, "" for none */
	long long tty, pgid, sid;
	int me;
};

/* The cgroup v2 path of this process; 0 if the hierarchy is invisible. */
static int read_cgroup(char *buf, size_t size)
{
	char all[4096];
	char *line;

	trig_readfile(all, sizeof(all), "/proc/self/cgroup");
	for (line = strtok(all, "\n"); line; line = strtok(NULL, "\n"))
		if (!strncmp(line, "0::", 3)) {
			snprintf(buf, size, "%s", line + 3);
			return 1;
		}
	return 0;
}

/*
 * /proc shows the cgroup v2 path only once cgroup2 is mounted somewhere.
 * If it is not, mount it (in a mount namespace of our own) and let the
 * children that exec join a new cgroup below ours, so that the records'
 * "cgroup" is not just the root.
 */
static void setup_cgroup(struct exec_ctx *c)
{
	char mnt[PATH_MAX], dir[PATH_MAX], cur[PATH_MAX];

	c->cgprocs[0] = '\0';
	if (read_cgroup(c->cgroup, sizeof(c->cgroup)))
		return;
	TRIG_OK(SYS_unshare, CLONE_NEWNS);
	trig_join(mnt, sizeof(mnt), c->cwd, "cgroup2");
	TRIG_OK(SYS_mkdir, mnt, 0755);
	TRIG_OK(SYS_mount, "cgroup2", mnt, "cgroup2", 0, NULL);
	if (!read_cgroup(cur, sizeof(cur)))
		trig_die("/proc/self/cgroup has no cgroup v2 line after mounting");
	trig_join(c->cgroup, sizeof(c->cgroup), cur, "vigil-exec");
	if ((size_t)snprintf(dir, sizeof(dir), "%s%s", mnt, c->cgroup) >=
	    sizeof(dir))
		trig_die("cgroup path too long");
	TRIG_OK(SYS_mkdir, dir, 0755);
	trig_join(c->cgprocs, sizeof(c->cgprocs), dir, "cgroup.procs");
}

/* In a child before exec: join the cgroup setup_cgroup made, if any. */
static void join_cgroup(const struct exec_ctx *c)
{
	int fd;

	if (!c->cgprocs[0])
		return;
	fd = open(c->cgprocs, O_WRONLY);
	if (fd < 0 || write(fd, "0", 1) != 1)
		_exit(122);
	close(fd);
}

/* tty_nr, pgrp and session from /proc/self/stat (fields 7, 5, 6). */
static void read_stat(struct exec_ctx *c)
{
	char st[1024];
	char *p;
	int ppid, pgrp, sess, tty;

	trig_readfile(st, sizeof(st), "/proc/self/stat");
	p = strrchr(st, ')');
	if (!p || sscanf(p + 1, " %*c %d %d %d %d", &ppid, &pgrp, &sess,
			 &tty) != 4)
		trig_die("cannot parse /proc/self/stat");
	c->pgid = pgrp;
	c->sid = sess;
	c->tty = (unsigned int)tty;
}

static void init_ctx(struct exec_ctx *c)
{
	ssize_t n = readlink("/proc/self/exe", c->exe, sizeof(c->exe) - 1);
	char *slash;

	if (n < 0)
		trig_die("readlink /proc/self/exe: %s", strerror(errno));
	c->exe[n] = '\0';
	snprintf(c->dir, sizeof(c->dir), "%s", c->exe);
	slash = strrchr(c->dir, '/');
	if (!slash || slash == c->dir)
		trig_die("unexpected executable path %s", c->exe);
	*slash = '\0';
	c->base = strrchr(c->exe, '/') + 1;
	snprintf(c->comm, sizeof(c->comm), "%s", c->base);	/* TASK_COMM_LEN */
	trig_getcwd(c->cwd, sizeof(c->cwd));
	setup_cgroup(c);
	read_stat(c);
	c->me = trig_tid();
}

/* The fields every execve/execveat record of a new image carries. */
static void expect_image(struct tj *j, const struct exec_ctx *c, int pid,
			 char *const *argv, long long tty, long long pgid,
			 long long sid)
{
	tj_res(j, 0);
	tj_int(j, "pid", pid);
	tj_int(j, "ppid", getpid());
	tj_int(j, "uid", getuid());
	tj_int(j, "euid", geteuid());
	tj_int(j, "gid", getgid());
	tj_int(j, "egid", getegid());
	tj_int(j, "loginuid", trig_loginuid());
	tj_strv(j, "argv", argv);
	tj_str(j, "exe", c->exe);
	tj_str(j, "cwd", c->cwd);
	tj_int(j, "tty", tty);
	tj_int(j, "pgid", pgid);
	tj_int(j, "sid", sid);
	tj_str(j, "cgroup", c->cgroup);
	tj_strv(j, "env", child_env);
	tj_int(j, "vpid", pid);
	tj_int(j, "vtid", pid);
}

static void expect_exit(int pid, int status)
{
	struct tj j;

	tj_begin(&j, "procexit", pid);
	tj_res(&j, 0);
	tj_int(&j, "status", status);
	tj_end(&j);
}

/* execve by absolute path from a child that made itself a new session. */
static void exec_new_session(const struct exec_ctx *c)
{
	char *argv[] = { (char *)c->base, "--child", "7", "a b", NULL };
	struct tj j;
	pid_t pid = fork();

	if (pid < 0)
		trig_die("fork: %s", strerror(errno));
	if (!pid) {
		if (setsid() < 0)
			_exit(120);
		join_cgroup(c);
		syscall(SYS_execve, c->exe, argv, child_env);
		_exit(121);
	}
	trig_wait(pid, 7 << 8);

	tj_begin(&j, "execve", pid);
	tj_str(&j, "filename", c->exe);
	tj_str(&j, "comm", c->comm);
	expect_image(&j, c, pid, argv, 0, pid, pid);
	tj_end(&j);

	tj_begin(&j, "sched_exec", pid);
	tj_str(&j, "filename", c->exe);
	tj_int(&j, "old_tid", pid);
	tj_int(&j, "pid", pid);
	tj_end(&j);

	expect_exit(pid, 7 << 8);
}

/* execveat relative to a directory fd, in the runner's session. */
static void execat_dirfd(const struct exec_ctx *c, int dirfd)
{
	char *argv[] = { (char *)c->base, "--child", "9", "x=\"y\"", NULL };
	struct tj j;
	pid_t pid = fork();

	if (pid < 0)
		trig_die("fork: %s", strerror(errno));
	if (!pid) {
		join_cgroup(c);
		syscall(SYS_execveat, dirfd, c->base, argv, child_env, 0);
		_exit(121);
	}
	trig_wait(pid, 9 << 8);

	tj_begin(&j, "execveat", pid);
	tj_int(&j, "dirfd", dirfd);
	tj_str(&j, "flags", "0");
	tj_str(&j, "filename", c->base);
	tj_str(&j, "comm", c->comm);
	expect_image(&j, c, pid, argv, c->tty, c->pgid, c->sid);
	tj_end(&j);

	expect_exit(pid, 9 << 8);
}

/* execveat of an fd of the binary itself, with an empty argument. */
static void execat_empty_path(const struct exec_ctx *c)
{
	char *argv[] = { "renamed", "--child", "11", "", "last", NULL };
	struct tj j;
	int fd = (int)TRIG_OK(SYS_open, c->exe, O_RDONLY);
	pid_t pid = fork();

	if (pid < 0)
		trig_die("fork: %s", strerror(errno));
	if (!pid) {
		/*
		 * The empty name lives on the stack, a page that is present:
		 * the module reads it at sys_enter without faulting pages in
		 * (a name on a page never touched yet is reported as the
		 * kernel's "/dev/fd/N", see docs/ABI.md).
		 */
		volatile char empty[8] = "";

		join_cgroup(c);
		syscall(SYS_execveat, fd, (const char *)empty, argv, child_env,
			AT_EMPTY_PATH);
		_exit(121);
	}
	trig_wait(pid, 11 << 8);
	close(fd);

	tj_begin(&j, "execveat", pid);
	tj_int(&j, "dirfd", fd);
	tj_str(&j, "flags", "AT_EMPTY_PATH");
	tj_str(&j, "filename", "");
	expect_image(&j, c, pid, argv, c->tty, c->pgid, c->sid);
	tj_end(&j);

	expect_exit(pid, 11 << 8);
}

/* Failing calls stay in this process: the record has the caller's view. */
static void exec_failures(const struct exec_ctx *c, int dirfd)
{
	char *argv[] = { "vigil-fail", "-x", NULL };
	const char *missing = "/nonexistent/vigil-exec";
	struct tj j;
	long r;
	int fd;

	r = TRIG_FAIL(ENOENT, SYS_execve, missing, argv, child_env);
	tj_begin(&j, "execve", c->me);
	tj_res(&j, r);
	tj_header(&j);
	tj_int(&j, "vpid", getpid());
	tj_int(&j, "vtid", c->me);
	tj_str(&j, "filename", missing);
	tj_strv(&j, "argv", argv);
	tj_str(&j, "exe", NULL);
	tj_str(&j, "cwd", c->cwd);
	tj_strv(&j, "env", child_env);
	tj_end(&j);

	/* A relative name of a file without execute permission. */
	fd = (int)TRIG_OK(SYS_open, "notexec", O_WRONLY | O_CREAT | O_EXCL, 0644);
	close(fd);
	r = TRIG_FAIL(EACCES, SYS_execve, "notexec", argv, child_env);
	tj_begin(&j, "execve", c->me);
	tj_res(&j, r);
	tj_str(&j, "filename", "notexec");
	tj_strv(&j, "argv", argv);
	tj_str(&j, "exe", NULL);
	tj_str(&j, "cwd", c->cwd);
	tj_end(&j);

	r = TRIG_FAIL(ENOENT, SYS_execveat, dirfd, "no-such-trigger", argv,
		      child_env, 0);
	tj_begin(&j, "execveat", c->me);
	tj_res(&j, r);
	tj_int(&j, "dirfd", dirfd);
	tj_str(&j, "flags", "0");
	tj_str(&j, "filename", "no-such-trigger");
	tj_strv(&j, "argv", argv);
	tj_str(&j, "exe", NULL);
	tj_strv(&j, "env", child_env);
	tj_end(&j);
}

int main(int argc, char **argv)
{
	static const char name[] = "vigil-exec";
	struct exec_ctx c;
	int dirfd;

	if (argc >= 3 && !strcmp(argv[1], "--child"))
		return child_main(argc, argv);

	init_ctx(&c);
	TRIG_OK(SYS_prctl, PR_SET_NAME, name, 0, 0, 0);
	dirfd = (int)TRIG_OK(SYS_open, c.dir, O_RDONLY | O_DIRECTORY);

	exec_new_session(&c);
	execat_dirfd(&c, dirfd);
	execat_empty_path(&c);
	exec_failures(&c, dirfd);
	return 0;
}
