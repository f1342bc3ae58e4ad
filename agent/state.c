// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The state's life cycle and the per-record entry points: open/close,
 * update (dispatch to the process and fd handlers), post (deferred
 * removals) and the counters.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "state_int.h"

#define MIN_CAP		16

void vigil_state_cfg_default(struct vigil_state_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->proc_root = "/proc";
	cfg->passwd_path = "/etc/passwd";
	cfg->group_path = "/etc/group";
	cfg->docker_root = "/var/lib/docker";
	cfg->containerd_root = "/run/containerd/io.containerd.runtime.v2.task";
	cfg->crio_root = "/var/lib/containers/storage/overlay-containers";
	cfg->max_threads = 131072;
	cfg->max_fds = 1048576;
	cfg->max_users = 65536;
	cfg->max_containers = 4096;
	cfg->max_path = 4096;
	cfg->max_args = 4096;
	cfg->max_env = 8192;
	cfg->user_recheck_ms = 1000;
	cfg->lookup_missing = 1;
}

/* Copy the cfg's path strings into one allocation owned by st. */
static int copy_paths(struct vigil_state *st)
{
	const char **paths[] = {
		&st->cfg.proc_root, &st->cfg.passwd_path,
		&st->cfg.group_path, &st->cfg.docker_root,
		&st->cfg.containerd_root, &st->cfg.crio_root,
	};
	size_t i, total = 0, n;
	char *p;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		if (!*paths[i])
			*paths[i] = "";
		total += strlen(*paths[i]) + 1;
	}
	st->paths = p = malloc(total);
	if (!p)
		return -ENOMEM;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		n = strlen(*paths[i]) + 1;
		memcpy(p, *paths[i], n);
		*paths[i] = p;
		p += n;
	}
	return 0;
}

static __u32 at_least(__u32 v, __u32 min)
{
	return v < min ? min : v;
}

struct vigil_state *vigil_state_open(const struct vigil_state_cfg *cfg)
{
	struct vigil_state *st = calloc(1, sizeof(*st));
	int err = -ENOMEM;

	if (!st)
		return NULL;
	st->cfg = *cfg;
	st->cfg.max_threads = at_least(cfg->max_threads, MIN_CAP);
	st->cfg.max_fds = at_least(cfg->max_fds, MIN_CAP);
	st->cfg.max_users = at_least(cfg->max_users, 1);
	st->cfg.max_containers = at_least(cfg->max_containers, MIN_CAP);
	st->cfg.max_path = at_least(cfg->max_path, 64);
	st->cfg.max_args = at_least(cfg->max_args, 64);
	st->cfg.max_env = at_least(cfg->max_env, 64);
	vst_list_init(&st->thread_lru);
	vst_list_init(&st->fd_lru);
	vst_list_init(&st->container_lru);
	if (copy_paths(st))
		goto err;
	if (vst_htab_init(&st->threads, st->cfg.max_threads) ||
	    vst_htab_init(&st->procs, st->cfg.max_threads) ||
	    vst_htab_init(&st->fds, st->cfg.max_fds))
		goto err;
	err = vst_users_init(st);
	if (err)
		goto err;
	err = vst_containers_init(st);
	if (err)
		goto err;
	return st;

err:
	vigil_state_close(st);
	errno = -err;
	return NULL;
}

void vigil_state_close(struct vigil_state *st)
{
	if (!st)
		return;
	if (st->threads.b)
		vst_procs_free(st);
	vst_containers_free(st);
	vst_users_free(st);
	vst_htab_free(&st->threads);
	vst_htab_free(&st->procs);
	vst_htab_free(&st->fds);
	vst_fd_spare_free(st);
	vst_spare_free(&st->thread_spare);
	vst_spare_free(&st->proc_spare);
	vst_spare_free(&st->fdt_spare);
	free(st->paths);
	free(st);
}

const struct vigil_field_desc *vst_field(const struct vigil_event *ev,
					 size_t off)
{
	const struct vigil_type_desc *td = vigil_type_desc(ev->type);
	size_t i;

	if (!td || !td->nr_fields)
		return NULL;
	/*
	 * Fields are in struct order and each is 8 bytes or more, so the
	 * one at off is at index off / 8 or below: search down from there
	 * (the first try, when every field before it is 8 bytes).
	 */
	i = off / 8 < td->nr_fields ? off / 8 + 1 : td->nr_fields;
	while (i--)
		if (td->fields[i].off == off)
			return &td->fields[i];
	return NULL;
}

/* The record's thread, created when unseen; refreshed from the header. */
struct vst_thread *vst_thread_of(struct vigil_state *st,
				 const struct vigil_event *ev)
{
	struct vst_thread *t = vst_thread_find(st, ev->tid);
	struct vst_proc *p;

	if (t && t->proc->pid != ev->tgid) {
		vst_thread_free(st, t, 0);	/* a tid reused: stale */
		t = NULL;
	}
	if (!t) {
		st->stats.threads_missing++;
		if (st->cfg.lookup_missing)
			t = vst_seed_task(st, ev->tgid, ev->tid);
		if (!t)
			t = vst_thread_new(st, ev->tid, ev->tgid, ev->ppid);
		if (!t)
			return NULL;
		if (!t->proc->comm[0]) {
			memcpy(t->proc->comm, ev->comm, VIGIL_COMM_LEN);
			t->proc->loginuid = ev->loginuid;
		}
	}
	st->thread_hint = t;	/* what vst_thread_find() returned or added */
	p = t->proc;
	t->uid = ev->uid;
	t->gid = ev->gid;
	t->euid = ev->euid;
	t->egid = ev->egid;
	memcpy(t->comm, ev->comm, VIGIL_COMM_LEN);
	if (ev->tid == ev->tgid)
		memcpy(p->comm, ev->comm, VIGIL_COMM_LEN);
	p->loginuid = ev->loginuid;
	if (p->ppid != ev->ppid)
		vst_proc_set_parent(st, p, ev->ppid);
	if (st->thread_lru.next != &t->lru)	/* not the last seen already */
		vst_list_move(&t->lru, &st->thread_lru);
	return t;
}

/* Drop what the last update left for post(): a closed fd, an ended thread. */
static __attribute__((noinline)) void post_pending(struct vigil_state *st)
{
	struct vst_fd *f;

	if (st->pend_close_fdt) {
		f = vst_fd_find(st, st->pend_close_fdt, st->pend_close_fd);
		if (f)
			vst_fd_del(st, f);
		st->pend_close_fdt = NULL;
	}
	if (st->pend_exit) {
		vst_thread_free(st, st->pend_exit, 1);
		st->stats.threads_exited++;
	}
}

void vigil_state_post(struct vigil_state *st)
{
	/* Most records leave nothing (and each is posted twice): no frame. */
	if (st->pend_close_fdt || st->pend_exit)
		post_pending(st);
}

int vigil_state_update(struct vigil_state *st, const struct vigil_event *ev,
		       size_t len)
{
	if (len < sizeof(*ev) || ev->len > len || vigil_rec_check(ev)) {
		vigil_state_post(st);
		st->stats.bad_records++;
		return -EINVAL;
	}
	return vigil_state_apply(st, ev);
}

int vigil_state_apply(struct vigil_state *st, const struct vigil_event *ev)
{
	struct vst_thread *t;
	int err;

	vigil_state_post(st);
	/* Nothing to keep for a thread that exits unseen. */
	if (ev->type == VIGIL_EV_PROCEXIT && !vst_thread_find(st, ev->tid))
		return 0;
	err = vst_proc_prepares(ev->type) ? vst_proc_prepare(st, ev) : 0;
	if (err && err != -EINVAL)
		return err;
	t = vst_thread_of(st, ev);
	if (!t)
		return -ENOMEM;
	err = vst_proc_event(st, t, ev);
	if (err && err != -EINVAL)
		return err;
	/* An exec may have replaced the table; use the thread's current. */
	return vst_fd_event(st, t, ev);
}

void vigil_state_stats(const struct vigil_state *st,
		       struct vigil_state_stats *out)
{
	*out = st->stats;
	out->threads = st->threads.n;
	out->procs = st->nprocs;
	out->fds = st->nfds;
	out->fd_tables = st->nfdts;
	out->users = st->users.users.n;
	out->groups = st->users.groups.n;
	out->containers = st->containers.n;
}
