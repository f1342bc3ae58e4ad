// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Seeding the agent's state from a .scap capture's initial state (its
 * process, fd and user lists) instead of /proc, so a replay starts from
 * what the recording machine had.  Users and groups go through the
 * state's own file reader via memfds in passwd/group format.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pipeline.h"
#include "state_int.h"

static __u8 fd_type(__u8 t)
{
	switch (t) {
	case SCAP_FD_FILE:
	case SCAP_FD_FILE_V2:
		return VIGIL_FD_FILE;
	case SCAP_FD_DIRECTORY:
		return VIGIL_FD_DIRECTORY;
	case SCAP_FD_IPV4_SOCK:
	case SCAP_FD_IPV4_SERVSOCK:
		return VIGIL_FD_IPV4;
	case SCAP_FD_IPV6_SOCK:
	case SCAP_FD_IPV6_SERVSOCK:
		return VIGIL_FD_IPV6;
	case SCAP_FD_FIFO:
		return VIGIL_FD_PIPE;
	case SCAP_FD_UNIX_SOCK:
		return VIGIL_FD_UNIX;
	case SCAP_FD_EVENT:
		return VIGIL_FD_EVENT;
	case SCAP_FD_SIGNALFD:
		return VIGIL_FD_SIGNALFD;
	case SCAP_FD_EVENTPOLL:
		return VIGIL_FD_EVENTPOLL;
	case SCAP_FD_INOTIFY:
		return VIGIL_FD_INOTIFY;
	case SCAP_FD_TIMERFD:
		return VIGIL_FD_TIMERFD;
	case SCAP_FD_NETLINK:
		return VIGIL_FD_NETLINK;
	case SCAP_FD_BPF:
		return VIGIL_FD_BPF;
	case SCAP_FD_USERFAULTFD:
		return VIGIL_FD_USERFAULTFD;
	case SCAP_FD_IOURING:
		return VIGIL_FD_IOURING;
	case SCAP_FD_MEMFD:
		return VIGIL_FD_MEMFD;
	case SCAP_FD_PIDFD:
		return VIGIL_FD_PIDFD;
	}
	return VIGIL_FD_UNKNOWN;
}

static void seed_fd(struct vigil_state *st, struct vst_thread *t,
		    const struct scap_fdinfo *si)
{
	struct vst_fd *f;
	int serv = si->type == SCAP_FD_IPV4_SERVSOCK ||
		   si->type == SCAP_FD_IPV6_SERVSOCK;

	if (si->fd < 0 || si->fd > INT32_MAX)
		return;
	f = vst_fd_install(st, t->fdt, (__s32)si->fd);
	if (!f)
		return;
	f->type = fd_type(si->type);
	f->ino = si->ino;
	f->oflags = si->open_flags;
	if (f->type == VIGIL_FD_IPV4 || f->type == VIGIL_FD_IPV6) {
		f->sk.family = f->type == VIGIL_FD_IPV4 ? AF_INET : AF_INET6;
		f->sk.l4proto = si->l4proto;
		f->sk.has_local = 1;
		memcpy(f->sk.lip, si->sip, 16);
		f->sk.lport = si->sport;
		if (serv) {
			f->sk.is_server = 1;
		} else {
			f->sk.has_remote = 1;
			f->sk.connected = 1;
			memcpy(f->sk.rip, si->dip, 16);
			f->sk.rport = si->dport;
		}
		vst_fd_set_sockname(f);
		return;
	}
	if (f->type == VIGIL_FD_UNIX)
		f->sk.family = AF_UNIX;
	if (si->name)
		vst_fd_set_path(st, f, si->name, strlen(si->name));
}

/* "ctl=path\0..." to /proc/<pid>/cgroup lines "0:ctl:path\n". */
static size_t cgroup_text(const struct scap_thread *s, char *buf, size_t size)
{
	const char *p = s->cgroups, *end = p + s->cgroups_len, *eq;
	size_t used = 0, n;
	int k;

	while (p && p < end && *p) {
		n = strnlen(p, (size_t)(end - p));
		eq = memchr(p, '=', n);
		if (eq) {
			k = snprintf(buf + used, size - used, "0:%.*s:%.*s\n",
				     (int)(eq - p), p, (int)(n - (size_t)(eq - p) - 1),
				     eq + 1);
			if (k < 0 || (size_t)k >= size - used)
				break;
			used += (size_t)k;
		}
		p += n + 1;
	}
	return used;
}

static void set_s(struct vigil_state *st, struct vst_str **dst,
		  const char *s, size_t n)
{
	struct vst_str *v;

	if (!s)
		return;
	v = vst_str_new(s, n, st->cfg.max_args);
	if (!v)
		return;
	vst_str_put(*dst);
	*dst = v;
}

struct seed_ctx {
	struct vigil_state *st;
	struct scap_state *ss;
};

static int seed_thread(struct scap_thread *s, void *arg)
{
	struct seed_ctx *c = arg;
	struct scap_thread *parent;
	struct vst_thread *t;
	struct vst_proc *p;
	char cg[4096];
	size_t n, i, n0;
	__s64 ppid = s->ptid;

	if (s->tid <= 0 || s->pid <= 0 || s->tid > UINT32_MAX ||
	    s->pid > UINT32_MAX)
		return 0;
	parent = s->ptid > 0 ? scap_thread_get(c->ss, s->ptid) : NULL;
	if (parent)
		ppid = parent->pid;
	t = vst_thread_new(c->st, (__u32)s->tid, (__u32)s->pid,
			   ppid > 0 ? (__u32)ppid : 0);
	if (!t)
		return -ENOMEM;
	p = t->proc;
	if (s->vtid > 0 && s->vtid <= INT32_MAX)
		t->vtid = (__u32)s->vtid;
	if (s->vpid > 0 && s->vpid <= INT32_MAX)
		t->vpid = p->vpid = (__u32)s->vpid;
	t->uid = t->euid = s->uid;
	t->gid = t->egid = s->gid;
	if (s->comm) {
		snprintf(t->comm, sizeof(t->comm), "%s", s->comm);
		snprintf(p->comm, sizeof(p->comm), "%s", s->comm);
	}
	if (s->tid == s->pid || !p->exe) {
		p->sid = s->sid >= 0 ? (__u32)s->sid : (__u32)-1;
		p->pgid = p->vpgid = s->vpgid > 0 ? (__u32)s->vpgid : 0;
		p->loginuid = s->loginuid;
		p->tty = s->tty;
		if (s->exe)
			set_s(c->st, &p->exe, s->exe, strlen(s->exe));
		if (s->exepath && s->exepath[0])
			set_s(c->st, &p->exepath, s->exepath,
			      strlen(s->exepath));
		if (s->cwd)
			set_s(c->st, &p->cwd, s->cwd, strlen(s->cwd));
		/* scap's args are argv[1..], NUL-separated */
		if (s->args && s->args_len) {
			set_s(c->st, &p->args, s->args, s->args_len);
			p->nargs = 0;
			for (i = 0, n0 = 0; i < s->args_len; i++)
				if (!s->args[i]) {
					p->nargs++;
					n0 = i + 1;
				}
			if (n0 < s->args_len)
				p->nargs++;
		}
		n = cgroup_text(s, cg, sizeof(cg));
		if (n)
			vst_proc_set_cgroup(c->st, p, cg, n);
	}
	for (i = 0; i < s->nfds; i++)
		seed_fd(c->st, t, &s->fds[i]);
	return 0;
}

/* A memfd holding text; its /proc/self/fd path in path. */
static int memfd_text(const char *name, const char *text, size_t len,
		      char *path, size_t size)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len) {
		close(fd);
		return -EIO;
	}
	snprintf(path, size, "/proc/self/fd/%d", fd);
	return fd;
}

int pipeline_scap_users(struct scap_state *ss, struct pipeline_users *u)
{
	char *buf;
	size_t i, used, cap = 1 << 20;
	int ret = -ENOMEM, k;

	u->passwd_fd = u->group_fd = -1;
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (i = 0, used = 0; i < scap_state_nusers(ss); i++) {
		const struct scap_user *su = scap_state_user_at(ss, i);

		k = snprintf(buf + used, cap - used, "%s:x:%u:%u::%s:%s\n",
			     su->name ? su->name : "", su->uid, su->gid,
			     su->home ? su->home : "",
			     su->shell ? su->shell : "");
		if (k < 0 || (size_t)k >= cap - used)
			break;
		used += (size_t)k;
	}
	ret = memfd_text("passwd", buf, used, u->passwd, sizeof(u->passwd));
	if (ret < 0)
		goto out;
	u->passwd_fd = ret;
	for (i = 0, used = 0; i < scap_state_ngroups(ss); i++) {
		const struct scap_group *sg = scap_state_group_at(ss, i);

		k = snprintf(buf + used, cap - used, "%s:x:%u:\n",
			     sg->name ? sg->name : "", sg->gid);
		if (k < 0 || (size_t)k >= cap - used)
			break;
		used += (size_t)k;
	}
	ret = memfd_text("group", buf, used, u->group, sizeof(u->group));
	if (ret < 0)
		goto out;
	u->group_fd = ret;
	ret = 0;
out:
	free(buf);
	return ret;
}

void pipeline_users_close(struct pipeline_users *u)
{
	if (u->passwd_fd >= 0)
		close(u->passwd_fd);
	if (u->group_fd >= 0)
		close(u->group_fd);
	u->passwd_fd = u->group_fd = -1;
}

int pipeline_seed_scap(struct vigil_state *st, struct scap_state *ss)
{
	struct seed_ctx c = { st, ss };
	struct vst_list *l;
	struct vst_thread *t;
	int ret;

	ret = scap_thread_foreach(ss, seed_thread, &c);
	if (ret)
		return ret;
	/* parents seeded after their children: link them now */
	for (l = st->thread_lru.next; l != &st->thread_lru; l = l->next) {
		t = vst_container_of(l, struct vst_thread, lru);
		if (!t->proc->parent && t->proc->ppid)
			vst_proc_set_parent(st, t->proc, t->proc->ppid);
	}
	return 0;
}
