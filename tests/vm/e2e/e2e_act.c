// SPDX-License-Identifier: GPL-2.0
/*
 * e2e_act - the scripted actions of the agent's end-to-end VM tests
 * (tests/vm/groups/e2e.sh).  Static, so that proc.name is "e2e_act" (or the
 * name of the copy that runs) rather than a busybox applet's.
 *
 *   e2e_act shadow            read /etc/shadow
 *   e2e_act etc               create and write /etc/e2e_written
 *   e2e_act connect           TCP connect to a listener of its own on lo
 *   e2e_act server            (run as a copy named e2e_server) listen on
 *                             lo, then fork and exec "sh -c exit 0"
 *   e2e_act drop              copy itself to /tmp/e2e_dropped, exec it
 *   e2e_act container CGROOT  a containerd-style cgroup below CGROOT, new
 *                             pid/mount/uts namespaces, and there exec
 *                             "e2e_act inner" (reads /etc/shadow) as pid 1
 *   e2e_act ticks N PATH US   open and close PATH N times, US microseconds
 *                             apart (the event stream of the reload and
 *                             webhook groups)
 *   e2e_act churn N DIR       N rounds of: fork and exec "e2e_act noop",
 *                             open 64 files in DIR, close them (the
 *                             benchmark's process and fd churn)
 *   e2e_act noop              exit 0
 *
 * Each action prints one line of "key=value" words on stdout: what the
 * alert it causes must say (pids, paths, ports, the container id).  The
 * judge builds its expectations from these lines only.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "e2e_act: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* The comm of PID ("self" for this process). */
static const char *comm_of(const char *pid)
{
	static char buf[2][32];
	static int k;
	char path[64], *b = buf[k++ & 1];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0 || (n = read(fd, b, sizeof(buf[0]) - 1)) <= 0)
		die(path);
	close(fd);
	b[n] = '\0';
	b[strcspn(b, "\n")] = '\0';
	return b;
}

static const char *parent_comm(void)
{
	char pid[16];

	snprintf(pid, sizeof(pid), "%d", getppid());
	return comm_of(pid);
}

/* "uid=N user=NAME" from /etc/passwd, as the agent reads it. */
static const char *who(void)
{
	static char out[160];
	char line[512], *name, *p;
	FILE *f = fopen("/etc/passwd", "r");
	unsigned int uid = getuid();

	snprintf(out, sizeof(out), "uid=%u user=<NA>", uid);
	while (f && fgets(line, sizeof(line), f)) {
		name = strtok(line, ":");
		p = strtok(NULL, ":");
		p = p ? strtok(NULL, ":") : NULL;
		if (name && p && (unsigned int)atoi(p) == uid) {
			snprintf(out, sizeof(out), "uid=%u user=%.64s", uid, name);
			break;
		}
	}
	if (f)
		fclose(f);
	return out;
}

static void read_shadow(void)
{
	char buf[256];
	int fd = open("/etc/shadow", O_RDONLY);

	if (fd < 0)
		die("open /etc/shadow");
	if (read(fd, buf, sizeof(buf)) < 0)
		die("read /etc/shadow");
	close(fd);
}

static int act_shadow(void)
{
	read_shadow();
	printf("act=shadow pid=%d ppid=%d vpid=%d name=%s parent=%s %s cmdline=%s shadow file=/etc/shadow\n",
	       getpid(), getppid(), getpid(), comm_of("self"), parent_comm(),
	       who(), comm_of("self"));
	return 0;
}

static int act_etc(void)
{
	static const char path[] = "/etc/e2e_written";
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		die("open /etc/e2e_written");
	if (write(fd, "x\n", 2) != 2)
		die("write /etc/e2e_written");
	close(fd);
	printf("act=etc pid=%d ppid=%d name=%s parent=%s %s cmdline=%s etc file=%s\n",
	       getpid(), getppid(), comm_of("self"), parent_comm(), who(),
	       comm_of("self"), path);
	return 0;
}

/* A TCP listener on 127.0.0.1, any port; its port in *port. */
static int listen_lo(unsigned int *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM, 0);

	if (s < 0)
		die("socket");
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 4) < 0)
		die("bind/listen");
	if (getsockname(s, (struct sockaddr *)&a, &len) < 0)
		die("getsockname");
	*port = ntohs(a.sin_port);
	return s;
}

static int act_connect(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	unsigned int dport, sport;
	int l = listen_lo(&dport);
	int c = socket(AF_INET, SOCK_STREAM, 0);

	if (c < 0)
		die("socket");
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(dport);
	if (connect(c, (struct sockaddr *)&a, sizeof(a)) < 0)
		die("connect");
	if (getsockname(c, (struct sockaddr *)&a, &len) < 0)
		die("getsockname");
	sport = ntohs(a.sin_port);
	close(c);
	close(l);
	printf("act=connect pid=%d ppid=%d name=%s parent=%s %s cmdline=%s connect connection=127.0.0.1:%u->127.0.0.1:%u proto=tcp\n",
	       getpid(), getppid(), comm_of("self"), parent_comm(), who(),
	       comm_of("self"), sport, dport);
	return 0;
}

/* fork, exec ARGV in the child, wait; the child's pid. */
static pid_t run(const char *path, char *const argv[])
{
	int st;
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		execv(path, argv);
		fprintf(stderr, "e2e_act: exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		die("waitpid");
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "e2e_act: %s failed (status %#x)\n", path, st);
		exit(1);
	}
	return pid;
}

static int act_server(void)
{
	char *argv[] = { "sh", "-c", "exit 0", NULL };
	unsigned int port;
	int l = listen_lo(&port);
	pid_t child = run("/bin/sh", argv);

	close(l);
	/* the shell's name is the base name of the path exec'd */
	printf("act=server pid=%d ppid=%d name=sh parent=%s %s cmdline=sh -c exit 0 port=%u\n",
	       child, getpid(), comm_of("self"), who(), port);
	return 0;
}

static int act_drop(void)
{
	static const char path[] = "/tmp/e2e_dropped";
	char *argv[] = { "e2e_dropped", "noop", NULL };
	char buf[65536];
	ssize_t n;
	pid_t child;
	int in, out;

	in = open("/proc/self/exe", O_RDONLY);
	if (in < 0)
		die("open /proc/self/exe");
	unlink(path);
	out = open(path, O_WRONLY | O_CREAT | O_EXCL, 0755);
	if (out < 0)
		die("create /tmp/e2e_dropped");
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			die("write /tmp/e2e_dropped");
	if (n < 0)
		die("read /proc/self/exe");
	close(in);
	if (close(out) < 0)
		die("close /tmp/e2e_dropped");
	child = run(path, argv);
	printf("act=drop pid=%d ppid=%d name=e2e_dropped parent=%s %s cmdline=e2e_dropped noop exepath=%s\n",
	       child, getpid(), comm_of("self"), who(), path);
	return 0;
}

static void write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		die(path);
	close(fd);
}

static int act_container(const char *root)
{
	static const char hex[] = "0123456789abcdef";
	char *argv[] = { "e2e_act", "inner", NULL };
	unsigned char rnd[32];
	char id[65], dir[512], procs[600], self[256];
	ssize_t sl;
	int fd, i, st;
	pid_t pid;

	/* exec'ing /proc/self/exe would name the process "exe" */
	sl = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (sl <= 0)
		die("readlink /proc/self/exe");
	self[sl] = '\0';

	fd = open("/dev/urandom", O_RDONLY);
	if (fd < 0 || read(fd, rnd, sizeof(rnd)) != sizeof(rnd))
		die("/dev/urandom");
	close(fd);
	for (i = 0; i < 32; i++) {
		id[2 * i] = hex[rnd[i] >> 4];
		id[2 * i + 1] = hex[rnd[i] & 15];
	}
	id[64] = '\0';
	/* containerd's CRI plugin under the kubelet's systemd cgroup driver */
	snprintf(dir, sizeof(dir), "%s/kubepods.slice", root);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir),
		 "%s/kubepods.slice/kubepods-besteffort.slice", root);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir),
		 "%s/kubepods.slice/kubepods-besteffort.slice/cri-containerd-%s.scope",
		 root, id);
	if (mkdir(dir, 0755) < 0)
		die(dir);
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
	write_file(procs, "0");
	if (unshare(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS) < 0)
		die("unshare");
	if (sethostname("e2e-ctr", 7) < 0)
		die("sethostname");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("mount --make-rprivate /");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		/* pid 1 of the new namespace; its stdout goes to /dev/null so
		 * that only this line describes the action */
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, 1);
		execv(self, argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		die("the container's process failed");
	printf("act=container pid=%d ppid=%d vpid=1 name=%s parent=%s %s cmdline=%s inner file=/etc/shadow container=%.12s cgroup=%s\n",
	       pid, getpid(), comm_of("self"), comm_of("self"), who(),
	       comm_of("self"), id, dir + strlen(root));
	/* leave the cgroup so that it can go */
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", root);
	write_file(procs, "0");
	rmdir(dir);
	return 0;
}

static int act_ticks(long n, const char *path, long us)
{
	long i;
	int fd;

	for (i = 0; i < n; i++) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			die(path);
		close(fd);
		if (us > 0)
			usleep(us);
	}
	printf("act=ticks pid=%d n=%ld file=%s\n", getpid(), n, path);
	return 0;
}

static int act_churn(long n, const char *dir)
{
	char *argv[] = { "e2e_act", "noop", NULL };
	char self[256], path[512];
	int fds[64];
	ssize_t sl;
	long i;
	int k;

	sl = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (sl <= 0)
		die("readlink /proc/self/exe");
	self[sl] = '\0';
	for (i = 0; i < n; i++) {
		run(self, argv);
		for (k = 0; k < 64; k++) {
			snprintf(path, sizeof(path), "%s/f%d", dir, k);
			fds[k] = open(path, O_RDWR | O_CREAT, 0644);
			if (fds[k] < 0)
				die(path);
		}
		for (k = 0; k < 64; k++)
			close(fds[k]);
	}
	printf("act=churn pid=%d rounds=%ld\n", getpid(), n);
	return 0;
}

int main(int argc, char **argv)
{
	const char *a = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(a, "shadow"))
		return act_shadow();
	if (!strcmp(a, "etc"))
		return act_etc();
	if (!strcmp(a, "connect"))
		return act_connect();
	if (!strcmp(a, "server"))
		return act_server();
	if (!strcmp(a, "drop"))
		return act_drop();
	if (!strcmp(a, "container") && argc > 2)
		return act_container(argv[2]);
	if (!strcmp(a, "inner")) {	/* the container's pid 1 */
		read_shadow();
		return 0;
	}
	if (!strcmp(a, "ticks") && argc > 4)
		return act_ticks(atol(argv[2]), argv[3], atol(argv[4]));
	if (!strcmp(a, "churn") && argc > 3)
		return act_churn(atol(argv[2]), argv[3]);
	if (!strcmp(a, "noop"))
		return 0;
	fprintf(stderr, "usage: e2e_act shadow|etc|connect|server|drop|container CGROOT|ticks N PATH US|churn N DIR|noop\n");
	return 2;
}
