// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vigil -e FILE: a .scap capture through the pipeline.  The state starts
 * from the capture's own process, fd and user lists (never this
 * machine's /proc or /etc), evt.num is the capture's event number.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "capture.h"
#include "pipeline.h"
#include "scap_replay.h"

static struct vigil_state *replay_state(struct scap_state *ss,
					struct pipeline_users *u)
{
	struct vigil_state_cfg cfg;
	struct vigil_state *st;

	vigil_state_cfg_default(&cfg);
	if (pipeline_scap_users(ss, u))
		return NULL;
	cfg.proc_root = "/nonexistent/vigil-replay";
	cfg.passwd_path = u->passwd;
	cfg.group_path = u->group;
	cfg.docker_root = "/nonexistent/vigil-replay";
	cfg.containerd_root = "/nonexistent/vigil-replay";
	cfg.crio_root = "/nonexistent/vigil-replay";
	cfg.lookup_missing = 0;
	cfg.user_recheck_ms = 1000000000;
	st = vigil_state_open(&cfg);
	if (!st)
		return NULL;
	if (pipeline_seed_scap(st, ss)) {
		vigil_state_close(st);
		return NULL;
	}
	return st;
}

int pipeline_replay(const struct pipeline_replay_opts *o)
{
	struct pipeline_users users = { -1, -1, "", "" };
	struct vigil_state *st = NULL;
	struct pipeline *pl = NULL;
	struct rule_set *rs = o->rs;
	const struct vigil_event *ev;
	struct scap_evmeta meta;
	struct scap_replay *rp;
	struct timespec t0, t1;
	char err[512];
	double secs;
	int r, ret = 0;

	if (capture_probe(o->path) == 1)
		return pipeline_replay_vigil(o);
	rp = scap_replay_open(o->path);
	if (!rp) {
		fprintf(stderr, "vigil: %s: %s\n", o->path, strerror(errno));
		rule_set_free(rs);
		return -errno;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((r = scap_replay_next(rp, &ev, &meta)) > 0) {
		if (!pl) {
			st = replay_state(scap_replay_state(rp), &users);
			if (!st) {
				fprintf(stderr, "vigil: %s: cannot set up the "
					"state: %s\n", o->path, strerror(errno));
				ret = -ENOMEM;
				goto out;
			}
			pl = pipeline_new(rs, st, o->extra, err, sizeof(err));
			rs = NULL;
			if (!pl) {
				fprintf(stderr, "vigil: %s\n", err);
				ret = -EINVAL;
				goto out;
			}
			pl->min_prio = o->min_prio;
			pl->emit = o->emit;
			pl->emit_arg = o->emit_arg;
		}
		pipeline_event(pl, ev, ev->len, meta.num);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (r < 0) {
		fprintf(stderr, "vigil: %s: %s\n", o->path,
			scap_replay_error(rp));
		ret = 1;
	}
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (!o->quiet_stats && pl)
		fprintf(stderr, "vigil: %llu events, %llu alerts, %.3f s, "
			"%.0f events/s\n",
			(unsigned long long)pl->stats.events,
			(unsigned long long)pl->stats.alerts, secs,
			secs > 0 ? (double)pl->stats.events / secs : 0.0);
out:
	pipeline_free(pl);
	rule_set_free(rs);
	vigil_state_close(st);
	pipeline_users_close(&users);
	scap_replay_close(rp);
	return ret;
}
