// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * program channel: alerts written, one a line, to the standard input of
 * "sh -c PROGRAM".  With keep_alive one child lives across alerts and is
 * started again when it has exited (at most every SPAWN_GAP_MS); without,
 * each write gets a fresh child which is then waited for (bounded).
 * Writes are non-blocking: while the child does not read, the worker
 * waits on poll and the channel's queue absorbs the alerts.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "output_chan.h"
#include "output_format.h"

extern char **environ;

#define PROG_BUF_MAX		(16UL << 20)
#define PROG_BUF_FLUSH		(64UL << 10)	/* buffered: flush past this */
#define SPAWN_GAP_MS		100	/* between two starts of the child */
#define EXIT_WAIT_MS		5000	/* for a child to exit after EOF */

struct prog_chan {
	char *cmd;
	bool keep_alive;
	bool buffered;
	int fd;			/* write end of the child's stdin */
	pid_t pid;		/* 0: none */
	struct timespec spawned;
	const atomic_bool *abort;
	struct vigil_obuf buf;
};

static bool prog_enabled(const struct vigil_output_config *cfg)
{
	return cfg->program_output.enabled;
}

static long long ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000LL +
	       (now.tv_nsec - t->tv_nsec) / 1000000;
}

static void sleep_ms(long long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Reap the child if it has exited; true when there is none any more. */
static bool prog_reaped(struct prog_chan *p)
{
	pid_t r;

	if (!p->pid)
		return true;
	do
		r = waitpid(p->pid, NULL, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return false;
	p->pid = 0;	/* exited, or ECHILD (SIGCHLD ignored): gone */
	return true;
}

/* Close the child's stdin and wait for it, killing it after ms. */
static void prog_stop(struct prog_chan *p, long long ms)
{
	struct timespec start;

	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!prog_reaped(p)) {
		if (ms_since(&start) >= ms || atomic_load(p->abort)) {
			kill(p->pid, SIGKILL);
			while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR)
				;
			p->pid = 0;
			break;
		}
		sleep_ms(10);
	}
}

static int prog_spawn(struct prog_chan *p, char *err, size_t errlen)
{
	char *argv[] = { "sh", "-c", p->cmd, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, def;
	long long gap;
	int pfd[2], r;

	gap = SPAWN_GAP_MS - ms_since(&p->spawned);
	if (gap > 0)
		sleep_ms(gap);
	if (pipe2(pfd, O_CLOEXEC)) {
		r = -errno;
		snprintf(err, errlen, "pipe: %s", strerror(-r));
		return r;
	}
	sigemptyset(&none);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pfd[0], STDIN_FILENO);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSIGDEF);
	r = -posix_spawn(&p->pid, "/bin/sh", &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[0]);
	clock_gettime(CLOCK_MONOTONIC, &p->spawned);
	if (r) {
		p->pid = 0;
		close(pfd[1]);
		snprintf(err, errlen, "spawn /bin/sh: %s", strerror(-r));
		return r;
	}
	p->fd = pfd[1];
	fcntl(p->fd, F_SETFL, fcntl(p->fd, F_GETFL) | O_NONBLOCK);
	return 0;
}

static int prog_open(const struct vigil_output_config *cfg,
		     const atomic_bool *abort, void **priv,
		     char *err, size_t errlen)
{
	struct prog_chan *p;
	bool fail = false;

	if (!cfg->program_output.program || !cfg->program_output.program[0]) {
		snprintf(err, errlen, "program_output.program is not set");
		return -EINVAL;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->cmd = vigil_output_strdup(cfg->program_output.program, &fail);
	if (fail) {
		free(p);
		return -ENOMEM;
	}
	p->keep_alive = cfg->program_output.keep_alive;
	p->buffered = cfg->buffered_outputs;
	p->fd = -1;
	p->abort = abort;
	vigil_obuf_init(&p->buf, PROG_BUF_MAX);
	*priv = p;
	return 0;
}

static int prog_write(struct prog_chan *p, char *err, size_t errlen)
{
	int r, attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		/* A keep-alive child that has exited is started again. */
		if (p->fd >= 0 && prog_reaped(p)) {
			close(p->fd);
			p->fd = -1;
		}
		if (p->fd < 0) {
			r = prog_spawn(p, err, errlen);
			if (r)
				return r;
		}
		r = vigil_output_write_all(p->fd, p->buf.p, p->buf.len,
					   p->abort, -1);
		if (r != -EPIPE)
			break;
		/* The child closed its stdin: retry with a new one. */
		prog_stop(p, EXIT_WAIT_MS);
	}
	if (r)
		snprintf(err, errlen, "write to \"%s\": %s", p->cmd,
			 strerror(-r));
	return r;
}

static int prog_flush(void *priv, char *err, size_t errlen)
{
	struct prog_chan *p = priv;
	int r;

	if (!p->buf.len)
		return 0;
	r = prog_write(p, err, errlen);
	p->buf.len = 0;
	if (!p->keep_alive || r == -ECANCELED)
		prog_stop(p, EXIT_WAIT_MS);
	return r;
}

static int prog_emit(void *priv, const struct vigil_output_msg *m,
		     char *err, size_t errlen)
{
	struct prog_chan *p = priv;

	p->buf.err = 0;
	vigil_obuf_add(&p->buf, m->line, m->line_len);
	vigil_obuf_add(&p->buf, "\n", 1);
	if (p->buf.err) {
		snprintf(err, errlen, "buffer: %s", strerror(-p->buf.err));
		return p->buf.err;
	}
	if (p->buffered && p->buf.len >= PROG_BUF_FLUSH)
		return prog_flush(p, err, errlen);
	return 0;
}

static void prog_close(void *priv)
{
	struct prog_chan *p = priv;

	if (!p)
		return;
	prog_stop(p, EXIT_WAIT_MS);
	vigil_obuf_free(&p->buf);
	free(p->cmd);
	free(p);
}

const struct vigil_output_ops vigil_output_program_ops = {
	.name = "program",
	.enabled = prog_enabled,
	.open = prog_open,
	.emit = prog_emit,
	.flush = prog_flush,
	.reopen = NULL,
	.close = prog_close,
};
