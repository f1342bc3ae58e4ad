// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The state snapshot of a vigil capture: every thread (with its
 * process's fields), every fd table once, the passwd and group files;
 * and the way back into a fresh state on replay.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "capture_int.h"
#include "state_int.h"

#define SNAP_FILE_MAX	(CAPTURE_BLOCK_MAX)

static size_t slen(const struct vst_str *s)
{
	return s ? s->len : 0;
}

static char *put(char *p, const struct vst_str *s)
{
	if (s) {
		memcpy(p, s->s, s->len);
		p += s->len;
	}
	return p;
}

static int put_thread(struct capture_writer *w, const struct vst_thread *t,
		      char *buf)
{
	const struct vst_proc *p = t->proc;
	struct capture_thread ct;
	size_t n;
	char *q;

	memset(&ct, 0, sizeof(ct));
	ct.tid = t->tid;
	ct.pid = p->pid;
	ct.ppid = p->ppid;
	ct.sid = p->sid;
	ct.pgid = p->pgid;
	ct.vpgid = p->vpgid;
	ct.vpid = t->vpid ? t->vpid : p->vpid;
	ct.vtid = t->vtid;
	ct.uid = t->uid;
	ct.gid = t->gid;
	ct.euid = t->euid;
	ct.egid = t->egid;
	ct.loginuid = p->loginuid;
	ct.nargs = p->nargs;
	ct.tty = p->tty;
	ct.start_ns = p->start_ns;
	memcpy(ct.comm, t->comm, VIGIL_COMM_LEN);
	ct.exe_len = (__u32)slen(p->exe);
	ct.exepath_len = (__u32)slen(p->exepath);
	ct.cwd_len = (__u32)slen(p->cwd);
	ct.args_len = (__u32)slen(p->args);
	ct.cgroup_len = (__u32)slen(p->cgroup);
	n = (size_t)ct.exe_len + ct.exepath_len + ct.cwd_len + ct.args_len +
	    ct.cgroup_len;
	if (n + sizeof(ct) > CAPTURE_BLOCK_MAX)
		return 0;	/* cannot happen with the state's caps; skip */
	q = put(buf, p->exe);
	q = put(q, p->exepath);
	q = put(q, p->cwd);
	q = put(q, p->args);
	q = put(q, p->cgroup);
	return capture_put_block(w, CAP_BLK_THREAD, &ct, sizeof(ct), buf,
				 (size_t)(q - buf));
}

static int put_fds(struct capture_writer *w, const struct vst_thread *t)
{
	struct vst_list *l;
	struct capture_fd cf;
	const struct vst_fd *f;
	int ret;

	for (l = t->fdt->fds.next; l != &t->fdt->fds; l = l->next) {
		f = vst_container_of(l, struct vst_fd, in_fdt);
		memset(&cf, 0, sizeof(cf));
		cf.tid = t->tid;
		cf.fd = f->fd;
		cf.type = f->type;
		cf.cloexec = f->cloexec;
		cf.oflags = f->oflags;
		cf.dev = f->dev;
		cf.ino = f->ino;
		cf.family = f->sk.family;
		cf.l4proto = f->sk.l4proto;
		cf.is_server = f->sk.is_server;
		cf.connected = f->sk.connected;
		cf.has_local = f->sk.has_local;
		cf.has_remote = f->sk.has_remote;
		cf.lport = f->sk.lport;
		cf.rport = f->sk.rport;
		memcpy(cf.lip, f->sk.lip, 16);
		memcpy(cf.rip, f->sk.rip, 16);
		cf.name_len = (__u32)slen(f->name);
		ret = capture_put_block(w, CAP_BLK_FD, &cf, sizeof(cf),
					f->name ? f->name->s : NULL,
					cf.name_len);
		if (ret)
			return ret;
	}
	return 0;
}

/* Whether t is the first thread of its process using its fd table. */
static int owns_fdt(const struct vst_thread *t)
{
	const struct vst_list *l;
	const struct vst_thread *o;

	for (l = t->proc->threads.next; l != &t->proc->threads; l = l->next) {
		o = vst_container_of(l, struct vst_thread, sib);
		if (o->fdt == t->fdt)
			return o == t;
	}
	return 1;
}

static int put_file(struct capture_writer *w, __u32 type, const char *path)
{
	size_t len = 0;
	char *text;
	int ret;

	if (!path)
		return 0;
	text = vst_read_file(path, SNAP_FILE_MAX, &len);
	if (!text)
		return 0;	/* unreadable: the replay has no names */
	ret = capture_put_block(w, type, text, len, NULL, 0);
	free(text);
	return ret;
}

int capture_write_state(struct capture_writer *w, struct vigil_state *st,
			const char *passwd_path, const char *group_path)
{
	struct vst_list *l;
	struct vst_thread *t;
	char *buf;
	int ret = 0;

	buf = malloc(CAPTURE_BLOCK_MAX);
	if (!buf)
		return -ENOMEM;
	ret = put_file(w, CAP_BLK_PASSWD, passwd_path);
	if (!ret)
		ret = put_file(w, CAP_BLK_GROUP, group_path);
	/* oldest first, so a replayed state's LRU order matches */
	for (l = st->thread_lru.prev; !ret && l != &st->thread_lru;
	     l = l->prev) {
		t = vst_container_of(l, struct vst_thread, lru);
		ret = put_thread(w, t, buf);
		if (!ret && owns_fdt(t))
			ret = put_fds(w, t);
	}
	free(buf);
	if (!ret)
		ret = capture_put_block(w, CAP_BLK_STATE_END, NULL, 0, NULL, 0);
	return ret;
}

static void set_str(struct vigil_state *st, struct vst_str **dst,
		    const char *p, __u32 n)
{
	struct vst_str *s;

	if (!n)
		return;
	s = vst_str_new(p, n, n);
	if (!s)
		return;
	vst_str_put(*dst);
	*dst = s;
}

static int apply_thread(struct vigil_state *st, const void *data, __u32 len)
{
	struct capture_thread ct;
	const char *p = (const char *)data + sizeof(ct);
	struct vst_thread *t;
	struct vst_proc *pr;
	__u64 need;

	if (len < sizeof(ct))
		return -EINVAL;
	memcpy(&ct, data, sizeof(ct));
	need = (__u64)ct.exe_len + ct.exepath_len + ct.cwd_len + ct.args_len +
	       ct.cgroup_len;
	if (need != len - sizeof(ct) || !ct.tid || !ct.pid)
		return -EINVAL;
	t = vst_thread_find(st, ct.tid);
	if (t)
		vst_thread_free(st, t, 0);
	t = vst_thread_new(st, ct.tid, ct.pid, ct.ppid);
	if (!t)
		return -ENOMEM;
	pr = t->proc;
	t->uid = ct.uid;
	t->gid = ct.gid;
	t->euid = ct.euid;
	t->egid = ct.egid;
	memcpy(t->comm, ct.comm, VIGIL_COMM_LEN);
	t->comm[VIGIL_COMM_LEN] = '\0';
	t->vpid = ct.vpid;
	t->vtid = ct.vtid;
	if (ct.tid == ct.pid)
		pr->vpid = ct.vpid;
	if (ct.tid != ct.pid && pr->exe)
		return 0;	/* the process came with an earlier thread */
	memcpy(pr->comm, ct.comm, VIGIL_COMM_LEN);
	pr->comm[VIGIL_COMM_LEN] = '\0';
	pr->ppid = ct.ppid;
	pr->sid = ct.sid;
	pr->pgid = ct.pgid;
	pr->vpgid = ct.vpgid;
	pr->loginuid = ct.loginuid;
	pr->tty = ct.tty;
	pr->start_ns = ct.start_ns;
	set_str(st, &pr->exe, p, ct.exe_len);
	p += ct.exe_len;
	set_str(st, &pr->exepath, p, ct.exepath_len);
	p += ct.exepath_len;
	set_str(st, &pr->cwd, p, ct.cwd_len);
	p += ct.cwd_len;
	set_str(st, &pr->args, p, ct.args_len);
	pr->nargs = ct.nargs;
	p += ct.args_len;
	if (ct.cgroup_len)
		vst_proc_set_cgroup(st, pr, p, ct.cgroup_len);
	return 0;
}

static int apply_fd(struct vigil_state *st, const void *data, __u32 len)
{
	struct capture_fd cf;
	struct vst_thread *t;
	struct vst_fd *f;

	if (len < sizeof(cf))
		return -EINVAL;
	memcpy(&cf, data, sizeof(cf));
	if (cf.name_len != len - sizeof(cf) || cf.fd < 0 ||
	    cf.type >= VIGIL_FD_NR_TYPES)
		return -EINVAL;
	t = vst_thread_find(st, cf.tid);
	if (!t)
		return -EINVAL;	/* fds follow their thread */
	f = vst_fd_install(st, t->fdt, cf.fd);
	if (!f)
		return -ENOMEM;
	f->type = cf.type;
	f->cloexec = cf.cloexec;
	f->oflags = cf.oflags;
	f->dev = cf.dev;
	f->ino = cf.ino;
	f->sk.family = cf.family;
	f->sk.l4proto = cf.l4proto;
	f->sk.is_server = cf.is_server;
	f->sk.connected = cf.connected;
	f->sk.has_local = cf.has_local;
	f->sk.has_remote = cf.has_remote;
	f->sk.lport = cf.lport;
	f->sk.rport = cf.rport;
	memcpy(f->sk.lip, cf.lip, 16);
	memcpy(f->sk.rip, cf.rip, 16);
	if (cf.name_len) {
		vst_fd_set_path(st, f, (const char *)data + sizeof(cf),
				cf.name_len);
		if (f->type != VIGIL_FD_FILE && f->type != VIGIL_FD_DIRECTORY)
			f->dir_len = 0;
	} else if (f->type == VIGIL_FD_IPV4 || f->type == VIGIL_FD_IPV6)
		vst_fd_set_sockname(f);
	return 0;
}

int capture_apply(struct vigil_state *st, __u32 type, const void *data,
		  __u32 len)
{
	struct vst_list *l;
	struct vst_thread *t;

	switch (type) {
	case CAP_BLK_THREAD:
		return apply_thread(st, data, len);
	case CAP_BLK_FD:
		return apply_fd(st, data, len);
	case CAP_BLK_STATE_END:
		/* parents restored after their children: link them now */
		for (l = st->thread_lru.next; l != &st->thread_lru;
		     l = l->next) {
			t = vst_container_of(l, struct vst_thread, lru);
			if (!t->proc->parent && t->proc->ppid)
				vst_proc_set_parent(st, t->proc,
						    t->proc->ppid);
		}
		return 0;
	}
	return 0;
}
