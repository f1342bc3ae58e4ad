// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Child modes: what a re-executed copy of the generator does under the
 * name it was started as (sh, nc, python3, find, ls, apt-get, ...).  The
 * mode comes from EVG_ENV_CHILD, its parameters from EVG_ENV_PORT and
 * EVG_ENV_ARG, so the command line can look like the real program's.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evgen.h"

#define FIND_MAX_DEPTH	4

extern char **environ;

static int env_port(void)
{
	const char *s = getenv(EVG_ENV_PORT);
	char *end;
	long v;

	if (!s)
		return -EINVAL;
	v = strtol(s, &end, 10);
	if (*end || v <= 0 || v > 65535)
		return -EINVAL;
	return (int)v;
}

static const char *env_arg(void)
{
	const char *s = getenv(EVG_ENV_ARG);

	return s && *s ? s : NULL;
}

/* Connect to the parent's loopback listener and put the socket on 0-2. */
static int socket_on_stdio(int port)
{
	int fd, i;

	fd = evg_connect(port);
	if (fd < 0)
		return fd;
	for (i = 0; i < 3; i++)
		if (dup2(fd, i) < 0)
			return -errno;
	if (fd > 2)
		close(fd);
	return 0;
}

/* exec a shell (our own link named sh) that only says it ran, then exits. */
static int exec_shell(const char *sh, const char *arg1)
{
	char *argv[] = { (char *)"sh", (char *)arg1, NULL };

	if (setenv(EVG_ENV_CHILD, "sh_exit", 1))
		return -errno;
	unsetenv(EVG_ENV_PORT);
	execve(sh, argv, environ);
	return -errno;
}

static int mode_sh_exit(void)
{
	static const char msg[] = "vigil-event-generator: shell ran\n";

	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		return 0;	/* the peer may be gone; the shell still ran */
	return 0;
}

/* bash's `exec 0<>/dev/tcp/127.0.0.1/PORT` done by "bash" itself. */
static int mode_bash_dev_tcp(void)
{
	static const char prompt[] = "bash-5.2# ";
	char line[64];
	int port = env_port(), ret;

	if (port < 0)
		return port;
	ret = socket_on_stdio(port);
	if (ret)
		return ret;
	if (write(STDOUT_FILENO, prompt, sizeof(prompt) - 1) < 0)
		return -errno;
	if (read(STDIN_FILENO, line, sizeof(line)) < 0)
		return -errno;
	return 0;
}

/* nc -e PROG HOST PORT: connect, then run PROG on the connection. */
static int mode_nc_exec(int argc, char **argv)
{
	char *end;
	long port;
	int ret;

	if (argc != 5 || strcmp(argv[1], "-e"))
		return -EINVAL;
	port = strtol(argv[4], &end, 10);
	if (*end || port <= 0 || port > 65535)
		return -EINVAL;
	ret = socket_on_stdio((int)port);
	if (ret)
		return ret;
	return exec_shell(argv[2], NULL);
}

/* python3 -c 'import socket,os; ...; os.dup2(s.fileno(),0); ...; sh -i' */
static int mode_python_revshell(void)
{
	const char *sh = env_arg();
	int port = env_port(), ret;

	if (port < 0 || !sh)
		return -EINVAL;
	ret = socket_on_stdio(port);
	if (ret)
		return ret;
	return exec_shell(sh, "-i");
}

static void find_walk(const char *dir, const char *pattern, int depth)
{
	char path[EVG_PATH_MAX];
	struct dirent *de;
	DIR *d;

	if (depth > FIND_MAX_DEPTH)
		return;
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (evg_path(path, sizeof(path), "%s/%s", dir, de->d_name))
			continue;
		if (!strcmp(de->d_name, pattern))
			printf("%s\n", path);
		if (de->d_type == DT_DIR)
			find_walk(path, pattern, depth + 1);
	}
	closedir(d);
}

/* find DIR -name NAME */
static int mode_find(int argc, char **argv)
{
	if (argc != 4 || strcmp(argv[2], "-name"))
		return -EINVAL;
	find_walk(argv[1], argv[3], 0);
	return 0;
}

static int mode_connect(void)
{
	int port = env_port(), fd;

	if (port < 0)
		return port;
	fd = evg_connect(port);
	if (fd < 0)
		return fd;
	if (write(fd, "x", 1) < 0) {
		close(fd);
		return -errno;
	}
	close(fd);
	return 0;
}

static int mode_open(int flags)
{
	const char *path = env_arg();
	char buf[256];
	int fd;

	if (!path)
		return -EINVAL;
	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (!(flags & (O_WRONLY | O_RDWR)) && read(fd, buf, sizeof(buf)) < 0) {
		close(fd);
		return -errno;
	}
	close(fd);
	return 0;
}

/* An application in a container running a shell command (no terminal). */
static int mode_app_shell(void)
{
	const char *sh = env_arg();
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)"id", NULL };
	int fd;

	if (!sh)
		return -EINVAL;
	fd = open("/dev/null", O_RDWR);
	if (fd < 0)
		return -errno;
	if (dup2(fd, STDIN_FILENO) < 0)
		return -errno;
	close(fd);
	return evg_run(sh, argv, "sh_exit", NULL, "sh");
}

/* Drop a new executable (a copy of ourselves, mode 0755) and run it. */
static int mode_app_drop(void)
{
	const char *wd = getenv(EVG_ENV_WORKDIR);
	char *argv[] = { (char *)"dropped", NULL };
	char path[EVG_PATH_MAX];
	int ret;

	if (!wd)
		return -EINVAL;
	ret = evg_path(path, sizeof(path), "%s/dropped", wd);
	if (ret)
		return ret;
	ret = evg_copy_file("/proc/self/exe", path, 0755);
	if (ret)
		return ret;
	ret = evg_run(path, argv, "noop", NULL, "dropped binary");
	unlink(path);
	return ret;
}

static int mode_app_mount(void)
{
	const char *target = env_arg();

	if (!target)
		return -EINVAL;
	if (mount("cgroup2", target, "cgroup2", 0, NULL))
		return -errno;
	if (umount2(target, 0))
		return -errno;
	return 0;
}

/* Join our own UTS namespace again: a real setns that changes nothing. */
static int mode_app_setns(void)
{
	int fd, ret = 0;

	fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (setns(fd, CLONE_NEWUTS))
		ret = -errno;
	close(fd);
	return ret;
}

static int mode_app_unshare(void)
{
	return unshare(CLONE_NEWUTS) ? -errno : 0;
}

int evg_child_main(const char *mode, int argc, char **argv)
{
	int ret;

	if (!strcmp(mode, "shim"))
		return evg_shim_main();
	if (!strcmp(mode, "noop"))
		ret = 0;
	else if (!strcmp(mode, "sh_exit"))
		ret = mode_sh_exit();
	else if (!strcmp(mode, "bash_dev_tcp"))
		ret = mode_bash_dev_tcp();
	else if (!strcmp(mode, "nc_exec"))
		ret = mode_nc_exec(argc, argv);
	else if (!strcmp(mode, "python_revshell"))
		ret = mode_python_revshell();
	else if (!strcmp(mode, "find"))
		ret = mode_find(argc, argv);
	else if (!strcmp(mode, "connect"))
		ret = mode_connect();
	else if (!strcmp(mode, "open_read"))
		ret = mode_open(O_RDONLY);
	else if (!strcmp(mode, "open_write"))
		ret = mode_open(O_WRONLY);
	else if (!strcmp(mode, "app_shell"))
		ret = mode_app_shell();
	else if (!strcmp(mode, "app_drop"))
		ret = mode_app_drop();
	else if (!strcmp(mode, "app_mount"))
		ret = mode_app_mount();
	else if (!strcmp(mode, "app_setns"))
		ret = mode_app_setns();
	else if (!strcmp(mode, "app_unshare"))
		ret = mode_app_unshare();
	else
		ret = -EINVAL;
	if (ret) {
		evg_err("child mode %s (as %s): %s", mode, argv[0],
			strerror(-ret));
		return 1;
	}
	return 0;
}
