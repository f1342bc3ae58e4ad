/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What an output channel implements.  Each channel is one file with one
 * const struct vigil_output_ops, listed in vigil_output_channels[]
 * (output.c).  open and close run on the caller's thread; emit, flush and
 * reopen run on the channel's own worker thread, one call at a time, so a
 * channel needs no locking of its own.  emit may block, but not past the
 * channel's own timeouts, and returns soon once *abort is set (the close
 * deadline passed).
 */
#ifndef VIGIL_OUTPUT_CHAN_H
#define VIGIL_OUTPUT_CHAN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "output.h"

/* One formatted alert, shared by every channel's queue. */
struct vigil_output_msg {
	atomic_uint refs;
	int priority;		/* enum vigil_priority */
	__u64 ts_ns;
	const char *hostname;
	const char *line;	/* text, or JSON with json_output; no newline */
	size_t line_len;
	const char *json;	/* JSON (NULL unless some channel wants it) */
	size_t json_len;
	size_t size;		/* bytes held, for the queue's byte limit */
};

struct vigil_output_ops {
	const char *name;
	bool (*enabled)(const struct vigil_output_config *cfg);
	/* Whether emit reads msg->json. */
	bool (*wants_json)(const struct vigil_output_config *cfg);
	/* Copy what is needed from cfg; -errno with a message in err. */
	int (*open)(const struct vigil_output_config *cfg,
		    const atomic_bool *abort, void **priv,
		    char *err, size_t errlen);
	/* Deliver one alert; -errno with a message in err. */
	int (*emit)(void *priv, const struct vigil_output_msg *m,
		    char *err, size_t errlen);
	/* Push out anything buffered; -errno with a message in err. */
	int (*flush)(void *priv, char *err, size_t errlen);
	/* Reopen (logrotate); NULL when the channel has nothing to reopen. */
	void (*reopen)(void *priv);
	/* Release everything; priv may be NULL. */
	void (*close)(void *priv);
};

extern const struct vigil_output_ops vigil_output_stdout_ops;
extern const struct vigil_output_ops vigil_output_file_ops;
extern const struct vigil_output_ops vigil_output_syslog_ops;
extern const struct vigil_output_ops vigil_output_program_ops;
extern const struct vigil_output_ops vigil_output_http_ops;

/* Write all of buf to fd, waiting (poll) while it is full; -errno. */
int vigil_output_write_all(int fd, const void *buf, size_t len,
			   const atomic_bool *abort, int timeout_ms);

/* Copy of s, or NULL for NULL; *fail set when allocation failed. */
char *vigil_output_strdup(const char *s, bool *fail);

#endif /* VIGIL_OUTPUT_CHAN_H */
