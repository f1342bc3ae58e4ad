// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * stdout channel: one line per alert on file descriptor 1.  Written with
 * write(2) in chunks a pipe takes whole, so a stalled reader holds up only
 * this channel's worker and an aborted close gets it back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output_chan.h"
#include "output_format.h"

#define STDOUT_BUF_MAX		(16UL << 20)
#define STDOUT_BUF_FLUSH	(64UL << 10)	/* buffered: flush past this */

struct stdout_chan {
	int fd;
	bool buffered;
	const atomic_bool *abort;
	struct vigil_obuf buf;
};

static bool stdout_enabled(const struct vigil_output_config *cfg)
{
	return cfg->stdout_output.enabled;
}

static int stdout_open(const struct vigil_output_config *cfg,
		       const atomic_bool *abort, void **priv,
		       char *err, size_t errlen)
{
	struct stdout_chan *s;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->fd = STDOUT_FILENO;
	s->buffered = cfg->buffered_outputs;
	s->abort = abort;
	vigil_obuf_init(&s->buf, STDOUT_BUF_MAX);
	*priv = s;
	return 0;
}

static int stdout_flush(void *priv, char *err, size_t errlen)
{
	struct stdout_chan *s = priv;
	int r;

	if (!s->buf.len)
		return 0;
	r = vigil_output_write_all(s->fd, s->buf.p, s->buf.len, s->abort, -1);
	s->buf.len = 0;
	if (r)
		snprintf(err, errlen, "write: %s", strerror(-r));
	return r;
}

static int stdout_emit(void *priv, const struct vigil_output_msg *m,
		       char *err, size_t errlen)
{
	struct stdout_chan *s = priv;

	s->buf.err = 0;
	vigil_obuf_add(&s->buf, m->line, m->line_len);
	vigil_obuf_add(&s->buf, "\n", 1);
	if (s->buf.err) {
		snprintf(err, errlen, "buffer: %s", strerror(-s->buf.err));
		return s->buf.err;
	}
	if (s->buffered && s->buf.len >= STDOUT_BUF_FLUSH)
		return stdout_flush(s, err, errlen);
	return 0;
}

static void stdout_close(void *priv)
{
	struct stdout_chan *s = priv;

	if (!s)
		return;
	vigil_obuf_free(&s->buf);
	free(s);
}

const struct vigil_output_ops vigil_output_stdout_ops = {
	.name = "stdout",
	.enabled = stdout_enabled,
	.open = stdout_open,
	.emit = stdout_emit,
	.flush = stdout_flush,
	.close = stdout_close,
};
