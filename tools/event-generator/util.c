// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Files, processes and loopback sockets for the generator's actions. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "evgen.h"

#define IO_TIMEOUT_MS	5000

extern char **environ;

void evg_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

void evg_err(const char *fmt, ...)
{
	va_list ap;

	fputs("vigil-event-generator: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int evg_path(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/*
 * mkdir -p; the first directory this call created (the one to remove
 * later) goes to created, "" if all existed.
 */
int evg_mkdir_p(const char *path, mode_t mode, char *created, size_t size)
{
	char buf[EVG_PATH_MAX];
	size_t i, len = strlen(path);

	if (created && size)
		created[0] = '\0';
	if (len >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, len + 1);
	for (i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, mode) == 0) {
			if (created && size && !created[0])
				snprintf(created, size, "%s", buf);
		} else if (errno != EEXIST) {
			return -errno;
		}
		buf[i] = path[i];
	}
	return 0;
}

/* Remove path and its parents up to and including created. */
void evg_rmdir_created(const char *path, const char *created)
{
	char buf[EVG_PATH_MAX];
	size_t clen = strlen(created);
	char *slash;

	if (!clen || strncmp(path, created, clen) ||
	    snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return;
	while (strlen(buf) >= clen) {
		if (rmdir(buf) && errno != ENOENT)
			return;
		slash = strrchr(buf, '/');
		if (!slash || slash == buf)
			return;
		*slash = '\0';
	}
}

int evg_write_file(const char *path, int flags, mode_t mode, const char *data)
{
	size_t len = data ? strlen(data) : 0;
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, flags | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	if (len) {
		n = write(fd, data, len);
		if (n < 0)
			ret = -errno;
		else if ((size_t)n != len)
			ret = -EIO;
	}
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

int evg_copy_file(const char *src, const char *dst, mode_t mode)
{
	char buf[65536];
	ssize_t n, w;
	int in, out, ret = 0;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (out < 0) {
		ret = -errno;
		goto close_in;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		w = write(out, buf, (size_t)n);
		if (w != n) {
			ret = w < 0 ? -errno : -EIO;
			break;
		}
	}
	if (n < 0)
		ret = -errno;
	if (close(out) && !ret)
		ret = -errno;
	if (ret)
		unlink(dst);
close_in:
	close(in);
	return ret;
}

/*
 * The generator under another name in the work directory: a hard link
 * when the work directory is on the same filesystem, else a copy.
 */
int evg_install_self(struct evg_ctx *ctx, const char *name, char *out,
		     size_t size)
{
	int ret;

	ret = evg_path(out, size, "%s/bin/%s", ctx->workdir, name);
	if (ret)
		return ret;
	if (access(out, X_OK) == 0)
		return 0;
	ret = evg_path(out, size, "%s/bin", ctx->workdir);
	if (ret)
		return ret;
	if (mkdir(out, 0755) && errno != EEXIST)
		return -errno;
	ret = evg_path(out, size, "%s/bin/%s", ctx->workdir, name);
	if (ret)
		return ret;
	if (link(ctx->self, out) == 0)
		return 0;
	return evg_copy_file(ctx->self, out, 0755);
}

/* fork and exec path with the child mode and extra "K=V" strings added. */
int evg_spawn(const char *path, char *const argv[], const char *mode,
	      const char *const extra_env[], pid_t *pid)
{
	pid_t p;

	fflush(NULL);
	p = fork();
	if (p < 0)
		return -errno;
	if (p == 0) {
		if (mode && setenv(EVG_ENV_CHILD, mode, 1))
			_exit(126);
		for (; extra_env && *extra_env; extra_env++)
			if (putenv((char *)*extra_env))
				_exit(126);
		execve(path, argv, environ);
		fprintf(stderr, "vigil-event-generator: exec %s: %s\n", path,
			strerror(errno));
		_exit(127);
	}
	*pid = p;
	return 0;
}

/* Wait for pid; 0 if it exited with status 0, -ECHILD-like otherwise. */
int evg_wait(pid_t pid, const char *what)
{
	int st;

	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st))
		evg_err("%s exited with status %d", what, WEXITSTATUS(st));
	else
		evg_err("%s killed by signal %d", what, WTERMSIG(st));
	return -EPROTO;
}

int evg_run(const char *path, char *const argv[], const char *mode,
	    const char *const extra_env[], const char *what)
{
	pid_t pid;
	int ret;

	ret = evg_spawn(path, argv, mode, extra_env, &pid);
	if (ret)
		return ret;
	return evg_wait(pid, what);
}

/* Ports the mining pool rule watches (vigil_mining_pool_ports). */
static const int mining_ports[] = {
	3333, 3334, 3335, 3336, 3357, 4444, 5555, 5556, 5588, 5730, 6099, 7777,
	7778, 8333, 8888, 8899, 9332, 9999, 14433, 14444, 45560, 45700,
};

int evg_port_is_mining(int port)
{
	size_t i;

	for (i = 0; i < sizeof(mining_ports) / sizeof(*mining_ports); i++)
		if (mining_ports[i] == port)
			return 1;
	return 0;
}

/*
 * A TCP listener on 127.0.0.1: on *port if it is non-zero, else on a
 * kernel-chosen port that is not one the mining pool rule watches.
 */
int evg_listen(int *port)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd, tries, one = 1;

	for (tries = 0; tries < 16; tries++) {
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		memset(&sa, 0, sizeof(sa));
		sa.sin_family = AF_INET;
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sa.sin_port = htons((unsigned short)*port);
		if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
		    listen(fd, 4) ||
		    getsockname(fd, (struct sockaddr *)&sa, &len)) {
			int err = -errno;

			close(fd);
			return err;
		}
		if (*port || !evg_port_is_mining(ntohs(sa.sin_port))) {
			*port = ntohs(sa.sin_port);
			return fd;
		}
		close(fd);
	}
	return -EADDRINUSE;
}

int evg_connect(int port)
{
	struct sockaddr_in sa;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -errno;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((unsigned short)port);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/*
 * Accept one connection on lfd (within the I/O timeout), send reply if
 * any, then read until the peer closes.  The peer is one of our children.
 */
int evg_serve_one(int lfd, const char *reply)
{
	struct pollfd pfd = { .fd = lfd, .events = POLLIN };
	char buf[256];
	int fd, n;

	n = poll(&pfd, 1, IO_TIMEOUT_MS);
	if (n <= 0)
		return n < 0 ? -errno : -ETIMEDOUT;
	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (reply && write(fd, reply, strlen(reply)) < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	pfd.fd = fd;
	for (;;) {
		n = poll(&pfd, 1, IO_TIMEOUT_MS);
		if (n <= 0)
			break;
		n = (int)read(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
	}
	close(fd);
	return 0;
}
