/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Kernel drop accounting with Falco's syscall_event_drops semantics.
 *
 * The daemon reads the device's counters (VIGIL_IOC_GET_STATS) on a
 * timer and hands them to drops_check().  Over the interval since the
 * previous read, ratio = dropped / written (every drop reason together;
 * with nothing written the ratio is the number of drops, so any drop
 * counts).  When drops happened and ratio > threshold, a token is taken
 * from a bucket refilled at `rate` tokens per second up to `max_burst`
 * (full at start); with a token, the configured actions are due and
 * drops_check() says so, without one the check is counted as rate
 * limited.  Counters that go backwards (device reopened) restart the
 * baseline.  Nothing here logs; the caller carries out the actions.
 */
#ifndef VIGIL_DROPS_H
#define VIGIL_DROPS_H

#include <stddef.h>
#include <linux/types.h>

#include "vigil_abi.h"

enum drops_action {
	DROPS_IGNORE = 1 << 0,
	DROPS_LOG = 1 << 1,
	DROPS_ALERT = 1 << 2,
	DROPS_EXIT = 1 << 3,
};

struct drops_cfg {
	unsigned int actions;	/* DROPS_*; default log|alert */
	double threshold;	/* 0..1; default 0.1 */
	double rate;		/* tokens per second; default 1/30 */
	double max_burst;	/* bucket size; default 1 */
};

void drops_cfg_default(struct drops_cfg *c);

/* What one interval saw. */
struct drops_report {
	__u64 n_evts;		/* written in the interval */
	__u64 n_drops;		/* all reasons */
	__u64 full, reentrant, too_large;
	__u64 total_drops;	/* since start */
	double ratio;
	double secs;		/* length of the interval */
	unsigned int actions;	/* due now (0: none) */
};

struct drops {
	struct drops_cfg cfg;
	struct vigil_stats last;
	int have_last;
	double tokens;
	__u64 last_ns;		/* time of the last check */
	__u64 total;		/* drops since the first check */
	__u64 over_threshold;	/* intervals over the threshold */
	__u64 rate_limited;	/* of those, refused a token */
};

void drops_init(struct drops *d, const struct drops_cfg *c);

/*
 * Counters now at time now_ns (any monotonic clock): fills *r and returns
 * r->actions (non-zero when actions are due).  The first call only sets
 * the baseline.
 */
unsigned int drops_check(struct drops *d, const struct vigil_stats *now,
			 __u64 now_ns, struct drops_report *r);

/* One action name ("ignore", "log", "alert", "exit"): its bit or -EINVAL. */
int drops_action_parse(const char *name);

/*
 * The alert/log text naming the reasons, e.g. "vigil internal: syscall
 * event drop. 12 system calls dropped in last 1.0 s (full=12 reentrant=0
 * too_large=0), 2.50% of 480 events"; returns snprintf's value.
 */
int drops_format(const struct drops_report *r, char *buf, size_t size);

#endif /* VIGIL_DROPS_H */
