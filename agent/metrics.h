/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The webserver: /healthz and Prometheus /metrics over HTTP/1.0, served
 * by one thread with a poll loop (one request per connection, bounded
 * request size, short timeouts).  The event loop renders the metrics
 * text (metrics_render()) and publishes it; the server only copies the
 * last published text, so it never touches the pipeline's data.
 */
#ifndef VIGIL_METRICS_H
#define VIGIL_METRICS_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>

#include "output.h"
#include "pipeline.h"
#include "ring.h"

#define METRICS_REQ_MAX		8192	/* bytes of a request head */
#define METRICS_TIMEOUT_MS	2000	/* per connection */
#define METRICS_CONN_MAX	16	/* connections served at once */

struct metrics;

/*
 * Listen on addr:port (port 0: any; metrics_port() tells) and start
 * the thread.  NULL with errno set and the reason in err.
 */
struct metrics *metrics_start(const char *addr, unsigned int port,
			      const char *healthz_path, bool prometheus,
			      char *err, size_t errlen);
unsigned int metrics_port(const struct metrics *m);
/* Replace the /metrics body (copied). */
int metrics_publish(struct metrics *m, const char *text, size_t len);
void metrics_stop(struct metrics *m);

/* What /metrics reports; any pointer may be NULL. */
struct metrics_input {
	const struct pipeline *pl;
	const struct vigil_stats *kstats;
	const struct vigil_output_stats *outs;
	size_t nouts;
	const struct vigil_state_stats *state;
	const struct vigil_dev *dev;	/* ring fill */
	__u64 drop_alerts;
	__u64 reloads, reload_failures;
};

/* The Prometheus text exposition of in, to f. */
void metrics_render(FILE *f, const struct metrics_input *in);

#endif /* VIGIL_METRICS_H */
