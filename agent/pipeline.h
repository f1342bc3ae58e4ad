/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The event pipeline: record -> state -> the rules of the record's type
 * -> alert -> delivery.  The same path serves live rings (daemon.c) and
 * replayed captures (pipeline_replay()).
 *
 * Per record nothing is allocated: the accessor, the VM context and the
 * output buffers are preallocated in struct pipeline; only the state may
 * allocate when it meets a new thread or fd.
 */
#ifndef VIGIL_PIPELINE_H
#define VIGIL_PIPELINE_H

#include <stdbool.h>
#include <stdio.h>

#include "acc_field.h"
#include "outfmt.h"
#include "output.h"
#include "rule_set.h"
#include "scap_state.h"
#include "state.h"

#define PIPELINE_TEXT_MAX	VIGIL_ALERT_OUTPUT_MAX
#define PIPELINE_VALUES_MAX	(64 * 1024)

/* Where alerts go: called once per alert, synchronously. */
typedef void pipeline_emit_fn(void *arg, const struct vigil_alert *al);

struct pipeline_stats {
	__u64 events;
	__u64 alerts;
	__u64 bad_records;
	__u64 by_type[VIGIL_EV_MAX];
	__u64 *by_rule;			/* alerts per rule index */
	__u64 by_prio[PRIO_NR];
};

struct pipeline {
	struct rule_set *rs;		/* owned */
	struct vigil_state *st;		/* not owned */
	struct outfmt *fmts;		/* per rule index */
	int min_prio;			/* rules with a lower priority skip */
	__u64 wall_base_ns;
	pipeline_emit_fn *emit;
	void *emit_arg;
	struct pipeline_stats stats;
	struct acc acc;
	struct vm_ctx ctx;
	char text[PIPELINE_TEXT_MAX];
	char values[PIPELINE_VALUES_MAX];
	const char *fnames[OUTFMT_MAX_REFS * 2];
	const char *fvalues[OUTFMT_MAX_REFS * 2];
	bool fjson[OUTFMT_MAX_REFS * 2];
};

/*
 * A pipeline over the compiled rules rs (taken over: freed by
 * pipeline_free()) and state st.  extra is appended to every output
 * (-p / append_output), may be NULL.  NULL with errno, and the reason in
 * err, when an output string does not compile.
 */
struct pipeline *pipeline_new(struct rule_set *rs, struct vigil_state *st,
			      const char *extra, char *err, size_t errlen);
void pipeline_free(struct pipeline *pl);

/*
 * Swap in new compiled rules (SIGHUP): 0, or -errno with the old rules
 * kept and the reason in err.
 */
int pipeline_set_rules(struct pipeline *pl, struct rule_set *rs,
		       const char *extra, char *err, size_t errlen);

/*
 * One record (len readable bytes): state update, rules of its type,
 * alerts, state post.  num is its evt.num.  Returns the number of alerts.
 */
int pipeline_event(struct pipeline *pl, const struct vigil_event *ev,
		   size_t len, __u64 num);

/* Users of a capture as passwd/group memfds for the state to read. */
struct pipeline_users {
	int passwd_fd, group_fd;
	char passwd[64], group[64];
};
int pipeline_scap_users(struct scap_state *ss, struct pipeline_users *u);
void pipeline_users_close(struct pipeline_users *u);
/* Threads, processes and fds of a capture's initial state into st. */
int pipeline_seed_scap(struct vigil_state *st, struct scap_state *ss);

/* Options of a replay run (vigil -e). */
struct pipeline_replay_opts {
	const char *path;
	struct rule_set *rs;		/* compiled; taken over */
	const char *extra;
	int min_prio;
	pipeline_emit_fn *emit;
	void *emit_arg;
	int quiet_stats;		/* no summary on stderr */
};

/*
 * Replay a capture, vigil's own (capture.h) or a .scap, told apart by
 * their magic: 0, 1 when the capture is damaged, -errno.
 */
int pipeline_replay(const struct pipeline_replay_opts *o);
/* The same for vigil's own format only (capture_replay.c). */
int pipeline_replay_vigil(const struct pipeline_replay_opts *o);

#endif /* VIGIL_PIPELINE_H */
