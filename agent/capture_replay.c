// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vigil -e FILE for vigil's own captures: the state is rebuilt from the
 * capture's snapshot (never this machine's /proc or /etc), then every
 * recorded ring record goes through the same pipeline as live events,
 * numbered as the live run numbered them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "pipeline.h"

struct vreplay {
	struct pipeline_users users;
	struct vigil_state *st;
	struct pipeline *pl;
	const struct pipeline_replay_opts *o;
	const struct capture_header *hdr;
};

static int memfd_of(const char *name, const void *p, size_t n, int *fd,
		    char *path, size_t size)
{
	if (*fd >= 0)
		close(*fd);
	*fd = memfd_create(name, MFD_CLOEXEC);
	if (*fd < 0)
		return -errno;
	if (n && write(*fd, p, n) != (ssize_t)n)
		return -EIO;
	snprintf(path, size, "/proc/self/fd/%d", *fd);
	return 0;
}

static int open_state(struct vreplay *v)
{
	struct vigil_state_cfg cfg;
	int ret;

	vigil_state_cfg_default(&cfg);
	if (v->users.passwd_fd < 0) {
		ret = memfd_of("passwd", "", 0, &v->users.passwd_fd,
			       v->users.passwd, sizeof(v->users.passwd));
		if (ret)
			return ret;
	}
	if (v->users.group_fd < 0) {
		ret = memfd_of("group", "", 0, &v->users.group_fd,
			       v->users.group, sizeof(v->users.group));
		if (ret)
			return ret;
	}
	cfg.proc_root = "/nonexistent/vigil-replay";
	cfg.passwd_path = v->users.passwd;
	cfg.group_path = v->users.group;
	cfg.docker_root = "/nonexistent/vigil-replay";
	cfg.containerd_root = "/nonexistent/vigil-replay";
	cfg.crio_root = "/nonexistent/vigil-replay";
	cfg.lookup_missing = 0;
	cfg.user_recheck_ms = 1000000000;
	v->st = vigil_state_open(&cfg);
	return v->st ? 0 : -errno;
}

static int block(struct vreplay *v, __u32 type, const void *data, __u32 len,
		 __u64 *num, char *err, size_t errlen)
{
	struct rule_set *rs;
	int ret;

	switch (type) {
	case CAP_BLK_PASSWD:
		return memfd_of("passwd", data, len, &v->users.passwd_fd,
				v->users.passwd, sizeof(v->users.passwd));
	case CAP_BLK_GROUP:
		return memfd_of("group", data, len, &v->users.group_fd,
				v->users.group, sizeof(v->users.group));
	case CAP_BLK_THREAD:
	case CAP_BLK_FD:
	case CAP_BLK_STATE_END:
		if (!v->st) {
			ret = open_state(v);
			if (ret)
				return ret;
		}
		ret = capture_apply(v->st, type, data, len);
		if (ret == -EINVAL)
			snprintf(err, errlen, "invalid state block");
		if (ret || type != CAP_BLK_STATE_END)
			return ret;
		rs = v->o->rs;
		v->pl = pipeline_new(rs, v->st, v->o->extra, err, errlen);
		if (!v->pl)
			return -errno;
		v->pl->min_prio = v->o->min_prio;
		v->pl->emit = v->o->emit;
		v->pl->emit_arg = v->o->emit_arg;
		v->pl->wall_base_ns = v->hdr->wall_base_ns;
		/* alerts name the machine that recorded the events */
		snprintf(v->pl->acc.hostname, sizeof(v->pl->acc.hostname),
			 "%s", v->hdr->hostname);
		return 0;
	case CAP_BLK_EVENT:
		pipeline_event(v->pl, data, len, ++*num);
		return 0;
	}
	return 0;
}

int pipeline_replay_vigil(const struct pipeline_replay_opts *o)
{
	struct vreplay v = { { -1, -1, "", "" }, NULL, NULL, o, NULL };
	struct capture_reader *r;
	struct timespec t0, t1;
	const void *data;
	char err[512] = "";
	__u64 num = 0;
	__u32 type, len;
	double secs;
	int n, ret = 0;

	r = capture_open(o->path, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "vigil: %s\n", err);
		rule_set_free(o->rs);
		return -EPROTO;
	}
	v.hdr = capture_hdr(r);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((n = capture_next(r, &type, &data, &len)) > 0) {
		ret = block(&v, type, data, len, &num, err, sizeof(err));
		if (ret) {
			fprintf(stderr, "vigil: %s: at byte %llu: %s\n",
				o->path, (unsigned long long)capture_offset(r),
				err[0] ? err : strerror(-ret));
			ret = 1;
			break;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (n < 0) {
		fprintf(stderr, "vigil: %s: %s\n", o->path, capture_error(r));
		ret = 1;
	}
	if (!v.pl)
		rule_set_free(o->rs);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (!o->quiet_stats && v.pl)
		fprintf(stderr, "vigil: %llu events, %llu alerts, %.3f s, "
			"%.0f events/s\n",
			(unsigned long long)v.pl->stats.events,
			(unsigned long long)v.pl->stats.alerts, secs,
			secs > 0 ? (double)v.pl->stats.events / secs : 0.0);
	pipeline_free(v.pl);
	vigil_state_close(v.st);
	pipeline_users_close(&v.users);
	capture_close_reader(r);
	return ret;
}
