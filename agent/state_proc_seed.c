// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Seeding from a /proc tree (cfg.proc_root, so tests use a fixture):
 * every <pid>/ with stat, status, cmdline, exe, cwd, loginuid, cgroup,
 * environ (on demand), fd/ and fdinfo/, and task/<tid>/ for threads.
 * Sockets are resolved through net/{tcp,tcp6,udp,udp6,unix} by inode.
 * Files that can't be read leave their fields unknown.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "state_int.h"

#define SMALL_FILE	8192
#define NET_LINE	512

struct sockent {
	struct vst_hnode hn;	/* key: inode */
	struct vigil_fd_sock sk;
	char path[108];
};

struct seed {
	struct vigil_state *st;
	struct vst_htab socks;
	int have_socks;
	long hz;
};

static int parse_u32(const char *s, __u32 *v)
{
	unsigned long x;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	x = strtoul(s, &end, 10);
	if (errno || *end || x > 0xffffffffUL)
		return -EINVAL;
	*v = (__u32)x;
	return 0;
}

static char *read_small(struct vigil_state *st, __u32 pid, const char *rel,
			size_t max, size_t *n)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%u/%s", st->cfg.proc_root, pid, rel);
	return vst_read_file(path, max, n);
}

static struct vst_str *read_link(struct vigil_state *st, const char *path)
{
	char buf[4096];
	ssize_t n = readlink(path, buf, sizeof(buf));

	if (n <= 0)
		return NULL;
	return vst_str_new(buf, (size_t)n, st->cfg.max_path);
}

/* stat: "pid (comm) S ppid pgrp session tty_nr ... starttime(22) ..." */
static int parse_stat(struct seed *sd, struct vst_proc *p, char *buf,
		      __u32 *ppid)
{
	unsigned long long v[20];
	char *open = strchr(buf, '('), *close = strrchr(buf, ')'), *s, *e;
	size_t n;
	int i;

	if (!open || !close || close < open)
		return -EINVAL;
	n = (size_t)(close - open - 1);
	if (n > VIGIL_COMM_LEN)
		n = VIGIL_COMM_LEN;
	memcpy(p->comm, open + 1, n);
	p->comm[n] = '\0';
	s = close + 2;
	if (s[-1] != ' ' || !*s)
		return -EINVAL;
	s += 2;				/* the state letter */
	for (i = 0; i < 20; i++) {
		v[i] = strtoull(s, &e, 10);
		if (e == s)
			return -EINVAL;
		s = e;
	}
	/* v[0] ppid, v[1] pgrp, v[2] session, v[3] tty_nr, v[18] starttime */
	*ppid = (__u32)v[0];
	p->pgid = (__u32)v[1];
	p->sid = (__u32)v[2];
	p->tty = v[3];
	p->start_ns = v[18] * (1000000000ULL / (unsigned long long)sd->hz);
	return 0;
}

/* The last number of a status line like "NSpid:\t10\t1". */
static __u32 last_num(const char *line)
{
	const char *e = line + strcspn(line, "\n");
	const char *s = e;

	while (s > line && s[-1] >= '0' && s[-1] <= '9')
		s--;
	return (__u32)strtoul(s, NULL, 10);
}

static void parse_status(struct vst_thread *t, struct vst_proc *p,
			 const char *buf)
{
	const char *l;
	unsigned int a, b, c, d;

	for (l = buf; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		if (sscanf(l, "Uid: %u %u %u %u", &a, &b, &c, &d) == 4) {
			t->uid = a;
			t->euid = b;
		} else if (sscanf(l, "Gid: %u %u %u %u", &a, &b, &c, &d) == 4) {
			t->gid = a;
			t->egid = b;
		} else if (!strncmp(l, "CapEff:", 7)) {
			t->caps[0] = strtoull(l + 7, NULL, 16);
		} else if (!strncmp(l, "CapPrm:", 7)) {
			t->caps[1] = strtoull(l + 7, NULL, 16);
		} else if (!strncmp(l, "CapInh:", 7)) {
			t->caps[2] = strtoull(l + 7, NULL, 16);
		} else if (!strncmp(l, "NSpid:", 6)) {
			/* a task's status: its own ids, innermost last */
			t->vtid = last_num(l);
			if (p)
				p->vpid = t->vtid;
		} else if (p && !strncmp(l, "NSpgid:", 7)) {
			p->vpgid = last_num(l);
		}
	}
}

static void seed_cmdline(struct vigil_state *st, struct vst_proc *p)
{
	size_t n, n0, i;
	char *buf = read_small(st, p->pid, "cmdline", st->cfg.max_args, &n);

	if (!buf)
		return;
	if (n) {
		n0 = strnlen(buf, n);
		p->exe = vst_str_new(buf, n0, st->cfg.max_path);
		if (n0 + 1 < n) {
			p->args = vst_str_new(buf + n0 + 1, n - n0 - 1,
					      st->cfg.max_args);
			for (i = 0; p->args && i < p->args->len; i++)
				if (!p->args->s[i])
					p->nargs++;
			if (p->args && p->args->s[p->args->len - 1])
				p->nargs++;
		}
	}
	free(buf);
}

/* The path to keep of /proc/<pid>/cgroup: the v2 line's, else the first. */
static void seed_cgroup(struct vigil_state *st, struct vst_proc *p)
{
	const char *path = NULL, *l, *c;
	size_t n, len = 0;
	char *buf = read_small(st, p->pid, "cgroup", SMALL_FILE, &n);

	if (!buf)
		return;
	for (l = buf; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		c = strchr(l, ':');
		c = c ? strchr(c + 1, ':') : NULL;
		if (!c)
			continue;
		if (!path || !strncmp(l, "0::", 3)) {
			path = c + 1;
			len = strcspn(path, "\n");
		}
	}
	if (path) {
		p->cgroup = vst_str_new(path, len, st->cfg.max_path);
		p->ctype = (__u8)vigil_cgroup_container(buf, n, p->cid);
	}
	free(buf);
}

static const struct {
	const char *prefix;
	__u8 type;
} anon_types[] = {
	{ "pipe:", VIGIL_FD_PIPE },
	{ "anon_inode:[eventfd]", VIGIL_FD_EVENT },
	{ "anon_inode:[signalfd]", VIGIL_FD_SIGNALFD },
	{ "anon_inode:[eventpoll]", VIGIL_FD_EVENTPOLL },
	{ "anon_inode:inotify", VIGIL_FD_INOTIFY },
	{ "anon_inode:[timerfd]", VIGIL_FD_TIMERFD },
	{ "anon_inode:bpf", VIGIL_FD_BPF },
	{ "anon_inode:[userfaultfd]", VIGIL_FD_USERFAULTFD },
	{ "anon_inode:[io_uring]", VIGIL_FD_IOURING },
	{ "anon_inode:[pidfd]", VIGIL_FD_PIDFD },
	{ "/memfd:", VIGIL_FD_MEMFD },
};

static void seed_sock(struct seed *sd, struct vst_fd *f, const char *target)
{
	unsigned long long ino = strtoull(target + 8, NULL, 10);
	struct vst_hnode *h = sd->have_socks ?
			      vst_htab_first(&sd->socks, ino) : NULL;
	struct sockent *se;

	f->type = VIGIL_FD_SOCKET;
	f->ino = ino;
	if (!h)
		return;
	se = vst_container_of(h, struct sockent, hn);
	f->sk = se->sk;
	switch (se->sk.family) {
	case AF_INET:
		f->type = VIGIL_FD_IPV4;
		break;
	case AF_INET6:
		f->type = VIGIL_FD_IPV6;
		break;
	case AF_UNIX:
		f->type = VIGIL_FD_UNIX;
		if (se->path[0])
			vst_fd_set_path(sd->st, f, se->path,
					strlen(se->path));
		f->dir_len = 0;
		return;
	}
	vst_fd_set_sockname(f);
}

static void seed_fd(struct seed *sd, struct vst_thread *t, __u32 pid,
		    const char *name)
{
	struct vigil_state *st = sd->st;
	char path[4096], target[4096], rel[64], *info;
	unsigned long flags = 0;
	const char *fl;
	ssize_t n;
	size_t i, len;
	struct vst_fd *f;
	__u32 fd;

	if (parse_u32(name, &fd) || fd > 0x7fffffff)
		return;
	snprintf(path, sizeof(path), "%s/%u/fd/%s", st->cfg.proc_root, pid,
		 name);
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = '\0';
	f = vst_fd_install(st, t->fdt, (__s32)fd);
	if (!f)
		return;
	snprintf(rel, sizeof(rel), "fdinfo/%u", fd);
	info = read_small(st, pid, rel, SMALL_FILE, &len);
	fl = info ? strstr(info, "flags:") : NULL;
	if (fl)
		flags = strtoul(fl + 6, NULL, 8);
	free(info);
	f->oflags = (__u32)flags;
	f->cloexec = (flags & O_CLOEXEC) != 0;
	if (!strncmp(target, "socket:[", 8)) {
		seed_sock(sd, f, target);
		return;
	}
	f->type = VIGIL_FD_UNKNOWN;
	for (i = 0; i < sizeof(anon_types) / sizeof(anon_types[0]); i++) {
		if (!strncmp(target, anon_types[i].prefix,
			     strlen(anon_types[i].prefix))) {
			f->type = anon_types[i].type;
			break;
		}
	}
	if (f->type == VIGIL_FD_MEMFD) {
		len = strlen(target);
		if (len > 10 && !strcmp(target + len - 10, " (deleted)"))
			target[len - 10] = '\0';
		vst_fd_set_path(st, f, target + 1, strlen(target + 1));
		f->dir_len = 0;
		return;
	}
	if (f->type == VIGIL_FD_UNKNOWN && target[0] == '/')
		f->type = flags & O_DIRECTORY ? VIGIL_FD_DIRECTORY :
						VIGIL_FD_FILE;
	vst_fd_set_path(st, f, target, (size_t)n);
	if (f->type != VIGIL_FD_FILE && f->type != VIGIL_FD_DIRECTORY)
		f->dir_len = 0;
}

static void seed_fds(struct seed *sd, struct vst_thread *t, __u32 pid)
{
	char path[4096];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%u/fd", sd->st->cfg.proc_root, pid);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			seed_fd(sd, t, pid, de->d_name);
	closedir(d);
}

static void seed_thread_status(struct vigil_state *st, struct vst_thread *t,
			       __u32 pid)
{
	char rel[64];
	size_t n;
	char *buf;

	snprintf(rel, sizeof(rel), "task/%u/status", t->tid);
	buf = read_small(st, pid, rel, SMALL_FILE, &n);
	if (!buf && t->tid == pid)
		buf = read_small(st, pid, "status", SMALL_FILE, &n);
	if (buf) {
		parse_status(t, t->tid == pid ? t->proc : NULL, buf);
		free(buf);
	}
}

/* One process: its entry, threads and fds.  NULL when unreadable. */
static struct vst_proc *seed_proc(struct seed *sd, __u32 pid)
{
	struct vigil_state *st = sd->st;
	struct vst_thread *t, *main_t;
	char path[4096], rel[64], *buf;
	struct dirent *de;
	struct vst_proc *p;
	__u32 ppid = 0, tid;
	size_t n;
	DIR *d;

	buf = read_small(st, pid, "stat", SMALL_FILE, &n);
	if (!buf)
		return NULL;
	/* Seeding again replaces what the state had for pid. */
	while ((p = vst_proc_find(st, pid))) {
		t = vst_container_of(p->threads.next, struct vst_thread, sib);
		vst_thread_free(st, t, 0);
	}
	main_t = vst_thread_new(st, pid, pid, 0);
	if (!main_t) {
		free(buf);
		return NULL;
	}
	p = main_t->proc;
	if (parse_stat(sd, p, buf, &ppid)) {
		free(buf);
		vst_thread_free(st, main_t, 0);
		return NULL;
	}
	free(buf);
	vst_proc_set_parent(st, p, ppid);
	memcpy(main_t->comm, p->comm, sizeof(p->comm));
	seed_thread_status(st, main_t, pid);
	seed_cmdline(st, p);
	snprintf(path, sizeof(path), "%s/%u/exe", st->cfg.proc_root, pid);
	p->exepath = read_link(st, path);
	snprintf(path, sizeof(path), "%s/%u/cwd", st->cfg.proc_root, pid);
	p->cwd = read_link(st, path);
	buf = read_small(st, pid, "loginuid", 64, &n);
	if (buf) {
		p->loginuid = (__u32)strtoul(buf, NULL, 10);
		free(buf);
	}
	seed_cgroup(st, p);
	seed_fds(sd, main_t, pid);

	snprintf(path, sizeof(path), "%s/%u/task", st->cfg.proc_root, pid);
	d = opendir(path);
	while (d && (de = readdir(d))) {
		if (parse_u32(de->d_name, &tid) || tid == pid ||
		    vst_thread_find(st, tid))
			continue;
		/* Keep the process alive if the cap evicts. */
		vst_list_move(&main_t->lru, &st->thread_lru);
		t = vst_thread_new(st, tid, pid, ppid);
		if (!t)
			break;
		memcpy(t->comm, p->comm, sizeof(p->comm));
		snprintf(rel, sizeof(rel), "task/%u/stat", tid);
		buf = read_small(st, pid, rel, SMALL_FILE, &n);
		if (buf) {
			char *o = strchr(buf, '('), *c = strrchr(buf, ')');

			if (o && c && c > o && c - o - 1 <= VIGIL_COMM_LEN) {
				memcpy(t->comm, o + 1, (size_t)(c - o - 1));
				t->comm[c - o - 1] = '\0';
			}
			free(buf);
		}
		seed_thread_status(st, t, pid);
	}
	if (d)
		closedir(d);
	return p;
}

/* ---- sockets from net/ ---- */

static void hex_addr(const char *hex, __u8 *out, int words)
{
	char w[9];
	__u32 v;
	int i;

	for (i = 0; i < words; i++) {
		memcpy(w, hex + 8 * i, 8);
		w[8] = '\0';
		v = (__u32)strtoul(w, NULL, 16);
		memcpy(out + 4 * i, &v, 4);	/* as the kernel printed it */
	}
}

static void add_sock(struct seed *sd, unsigned long long ino,
		     const struct vigil_fd_sock *sk, const char *path)
{
	struct sockent *se;

	if (!ino || sd->socks.n >= sd->st->cfg.max_fds ||
	    vst_htab_first(&sd->socks, ino))
		return;
	se = calloc(1, sizeof(*se));
	if (!se)
		return;
	se->hn.key = ino;
	se->sk = *sk;
	if (path)
		snprintf(se->path, sizeof(se->path), "%s", path);
	vst_htab_add(&sd->socks, &se->hn);
}

static void read_inet(struct seed *sd, const char *file, __u16 family,
		      __u8 proto)
{
	char path[4096], line[NET_LINE], la[40], ra[40];
	unsigned int lp, rp, state;
	unsigned long long ino;
	struct vigil_fd_sock sk;
	int words = family == AF_INET ? 1 : 4;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/net/%s", sd->st->cfg.proc_root, file);
	fp = fopen(path, "re");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		if (sscanf(line, " %*d: %39[0-9A-Fa-f]:%x %39[0-9A-Fa-f]:%x %x "
			   "%*x:%*x %*x:%*x %*x %*u %*u %llu",
			   la, &lp, ra, &rp, &state, &ino) != 6 ||
		    strlen(la) != (size_t)(8 * words) ||
		    strlen(ra) != (size_t)(8 * words))
			continue;
		memset(&sk, 0, sizeof(sk));
		sk.family = family;
		sk.l4proto = proto;
		hex_addr(la, sk.lip, words);
		hex_addr(ra, sk.rip, words);
		sk.lport = (__u16)lp;
		sk.rport = (__u16)rp;
		sk.has_local = 1;
		sk.has_remote = rp != 0;
		sk.connected = rp != 0;
		sk.is_server = state == 0x0a;	/* TCP_LISTEN */
		add_sock(sd, ino, &sk, NULL);
	}
	fclose(fp);
}

static void read_unix(struct seed *sd)
{
	char path[4096], line[NET_LINE], name[108];
	unsigned long long ino;
	struct vigil_fd_sock sk;
	FILE *fp;
	int n;

	snprintf(path, sizeof(path), "%s/net/unix", sd->st->cfg.proc_root);
	fp = fopen(path, "re");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		name[0] = '\0';
		n = sscanf(line, "%*x: %*x %*x %*x %*x %*x %llu %107s", &ino,
			   name);
		if (n < 1)
			continue;
		memset(&sk, 0, sizeof(sk));
		sk.family = AF_UNIX;
		add_sock(sd, ino, &sk, n == 2 ? name : NULL);
	}
	fclose(fp);
}

static void socks_free(struct seed *sd)
{
	struct vst_hnode *n, *next;
	__u32 i;

	if (!sd->have_socks)
		return;
	for (i = 0; i <= sd->socks.mask; i++)
		for (n = sd->socks.b[i]; n; n = next) {
			next = n->next;
			free(n);
		}
	vst_htab_free(&sd->socks);
	sd->have_socks = 0;
}

static int seed_init(struct seed *sd, struct vigil_state *st, int socks)
{
	memset(sd, 0, sizeof(*sd));
	sd->st = st;
	sd->hz = sysconf(_SC_CLK_TCK);
	if (sd->hz <= 0)
		sd->hz = 100;
	if (!socks)
		return 0;
	if (vst_htab_init(&sd->socks, 4096))
		return -ENOMEM;
	sd->have_socks = 1;
	read_inet(sd, "tcp", AF_INET, IPPROTO_TCP);
	read_inet(sd, "tcp6", AF_INET6, IPPROTO_TCP);
	read_inet(sd, "udp", AF_INET, IPPROTO_UDP);
	read_inet(sd, "udp6", AF_INET6, IPPROTO_UDP);
	read_unix(sd);
	return 0;
}

struct vst_thread *vst_seed_task(struct vigil_state *st, __u32 pid,
				 __u32 tid)
{
	struct seed sd;
	struct vst_proc *p;

	if (vst_proc_find(st, pid) || seed_init(&sd, st, 0))
		return NULL;
	p = seed_proc(&sd, pid);
	return p ? vst_thread_find(st, tid) : NULL;
}

int vigil_state_seed(struct vigil_state *st, char *err, size_t errlen)
{
	struct vst_list *l;
	struct vst_thread *t;
	struct dirent *de;
	struct seed sd;
	__u32 pid;
	DIR *d;
	int e;

	vigil_state_post(st);
	e = vst_users_load(st);
	if (e) {
		snprintf(err, errlen, "users: %s", strerror(-e));
		return e;
	}
	d = opendir(st->cfg.proc_root);
	if (!d) {
		e = -errno;
		snprintf(err, errlen, "%s: %s", st->cfg.proc_root,
			 strerror(errno));
		return e;
	}
	e = seed_init(&sd, st, 1);
	if (e) {
		closedir(d);
		snprintf(err, errlen, "out of memory");
		return e;
	}
	while ((de = readdir(d)))
		if (!parse_u32(de->d_name, &pid) && pid)
			seed_proc(&sd, pid);
	closedir(d);
	socks_free(&sd);
	/* Parents read after their children: link them now. */
	for (l = st->thread_lru.next; l != &st->thread_lru; l = l->next) {
		t = vst_container_of(l, struct vst_thread, lru);
		if (!t->proc->parent && t->proc->ppid)
			vst_proc_set_parent(st, t->proc, t->proc->ppid);
	}
	return 0;
}
