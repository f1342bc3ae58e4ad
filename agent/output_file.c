// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * file channel: alerts appended to file_output.filename, one a line.
 * keep_alive keeps the file open between alerts, otherwise it is opened
 * and closed for every write.  reopen (SIGUSR1) closes it so the next
 * write creates the file again under its name (logrotate's rename).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output_chan.h"
#include "output_format.h"

#define FILE_BUF_MAX		(16UL << 20)
#define FILE_BUF_FLUSH		(64UL << 10)	/* buffered: flush past this */
#define FILE_MODE		0640

struct file_chan {
	char *path;
	bool keep_alive;
	bool buffered;
	int fd;
	const atomic_bool *abort;
	struct vigil_obuf buf;
};

static bool file_enabled(const struct vigil_output_config *cfg)
{
	return cfg->file_output.enabled;
}

static int file_openfd(struct file_chan *f, char *err, size_t errlen)
{
	f->fd = open(f->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
		     FILE_MODE);
	if (f->fd < 0) {
		int e = errno;

		snprintf(err, errlen, "%s: %s", f->path, strerror(e));
		return -e;
	}
	return 0;
}

static void file_closefd(struct file_chan *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

static int file_open(const struct vigil_output_config *cfg,
		     const atomic_bool *abort, void **priv,
		     char *err, size_t errlen)
{
	struct file_chan *f;
	bool fail = false;
	int r;

	if (!cfg->file_output.filename || !cfg->file_output.filename[0]) {
		snprintf(err, errlen, "file_output.filename is not set");
		return -EINVAL;
	}
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->path = vigil_output_strdup(cfg->file_output.filename, &fail);
	if (fail) {
		free(f);
		return -ENOMEM;
	}
	f->keep_alive = cfg->file_output.keep_alive;
	f->buffered = cfg->buffered_outputs;
	f->abort = abort;
	vigil_obuf_init(&f->buf, FILE_BUF_MAX);
	/* Fail now, not at the first alert, when the file cannot be opened. */
	r = file_openfd(f, err, errlen);
	if (r) {
		free(f->path);
		free(f);
		return r;
	}
	if (!f->keep_alive)
		file_closefd(f);
	*priv = f;
	return 0;
}

static int file_flush(void *priv, char *err, size_t errlen)
{
	struct file_chan *f = priv;
	int r = 0;

	if (!f->buf.len)
		return 0;
	if (f->fd < 0)
		r = file_openfd(f, err, errlen);
	if (!r) {
		r = vigil_output_write_all(f->fd, f->buf.p, f->buf.len,
					   f->abort, -1);
		if (r)
			snprintf(err, errlen, "%s: write: %s", f->path,
				 strerror(-r));
	}
	f->buf.len = 0;
	/* After a failed write, open again next time. */
	if (!f->keep_alive || r)
		file_closefd(f);
	return r;
}

static int file_emit(void *priv, const struct vigil_output_msg *m,
		     char *err, size_t errlen)
{
	struct file_chan *f = priv;

	f->buf.err = 0;
	vigil_obuf_add(&f->buf, m->line, m->line_len);
	vigil_obuf_add(&f->buf, "\n", 1);
	if (f->buf.err) {
		snprintf(err, errlen, "buffer: %s", strerror(-f->buf.err));
		return f->buf.err;
	}
	if (f->buffered && f->buf.len >= FILE_BUF_FLUSH)
		return file_flush(f, err, errlen);
	return 0;
}

static void file_reopen(void *priv)
{
	file_closefd(priv);
}

static void file_close(void *priv)
{
	struct file_chan *f = priv;

	if (!f)
		return;
	file_closefd(f);
	vigil_obuf_free(&f->buf);
	free(f->path);
	free(f);
}

const struct vigil_output_ops vigil_output_file_ops = {
	.name = "file",
	.enabled = file_enabled,
	.open = file_open,
	.emit = file_emit,
	.flush = file_flush,
	.reopen = file_reopen,
	.close = file_close,
};
