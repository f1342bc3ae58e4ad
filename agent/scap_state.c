// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Metadata blocks of a .scap capture into struct scap_state, and the
 * thread/fd tables the event conversion keeps up to date.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "scap_state.h"

#define NBUCKETS	65536
#define USERSTR_MAX	256	/* MAX_CREDENTIALS_STR_LEN */

struct scap_state {
	struct scap_machine machine;
	struct scap_thread *buckets[NBUCKETS];
	size_t nthreads;
	size_t nfds;		/* fds in all tables */
	struct scap_user *users;
	size_t nusers;
	struct scap_group *groups;
	size_t ngroups;
	struct scap_iface *ifaces;
	size_t nifaces;
};

/* A bounded cursor over a block body. */
struct cur {
	const unsigned char *p;
	size_t len;
	size_t pos;
};

static int cur_take(struct cur *c, void *dst, size_t n)
{
	if (n > c->len - c->pos)
		return -1;
	if (dst)
		memcpy(dst, c->p + c->pos, n);
	c->pos += n;
	return 0;
}

static int cur_u8(struct cur *c, __u8 *v)
{
	return cur_take(c, v, 1);
}

static int cur_u16(struct cur *c, __u16 *v)
{
	return cur_take(c, v, 2);
}

static int cur_u32(struct cur *c, __u32 *v)
{
	return cur_take(c, v, 4);
}

static int cur_u64(struct cur *c, __u64 *v)
{
	return cur_take(c, v, 8);
}

/* A u16-length-prefixed string: *s points into the body. */
static int cur_str(struct cur *c, const char **s, __u16 *len, size_t max)
{
	if (cur_u16(c, len) || *len > max)
		return -1;
	*s = (const char *)c->p + c->pos;
	return cur_take(c, NULL, *len);
}

static int errf(char *err, size_t errlen, int e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return e;
}

int scap_set_str(char **dst, const char *src, size_t len)
{
	char *s = malloc(len + 1);

	if (!s)
		return -ENOMEM;
	if (len)
		memcpy(s, src, len);
	s[len] = '\0';
	free(*dst);
	*dst = s;
	return 0;
}

static int is_hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
}

/*
 * Docker, containerd, cri-o and podman put a 64-hex-digit id in the
 * cgroup path ("/docker/<id>", "docker-<id>.scope", "crio-<id>", ...).
 */
void scap_container_id(const char *cg, size_t len, char id[13])
{
	size_t i, run = 0;

	id[0] = '\0';
	for (i = 0; i < len; i++) {
		if (is_hex(cg[i])) {
			run++;
			continue;
		}
		if (run == 64 && (i - run == 0 || cg[i - run - 1] == '/' ||
				  cg[i - run - 1] == '-'))
			break;
		run = 0;
	}
	if (run != 64)
		return;
	memcpy(id, cg + i - 64, 12);
	id[12] = '\0';
}

/* ---- thread table ---- */

static size_t bucket_of(__s64 tid)
{
	__u64 h = (__u64)tid * 0x9E3779B97F4A7C15ULL;

	return (size_t)(h >> 48) & (NBUCKETS - 1);
}

struct scap_thread *scap_thread_get(struct scap_state *st, __s64 tid)
{
	struct scap_thread *t;

	for (t = st->buckets[bucket_of(tid)]; t; t = t->next)
		if (t->tid == tid)
			return t;
	return NULL;
}

struct scap_thread *scap_thread_add(struct scap_state *st, __s64 tid)
{
	struct scap_thread *t = scap_thread_get(st, tid);
	size_t b;

	if (t)
		return t;
	if (st->nthreads >= SCAP_MAX_THREADS) {
		errno = ENOSPC;
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		errno = ENOMEM;
		return NULL;
	}
	t->tid = tid;
	t->pid = tid;
	t->sid = -1;
	t->vpgid = -1;
	/* uid and gid unknown until a process list, clone or setuid
	 * says, as sysdig has them (4294967295) */
	t->uid = (__u32)-1;
	t->gid = (__u32)-1;
	t->loginuid = (__u32)-1;
	t->enter_type = 0xffff;
	b = bucket_of(tid);
	t->next = st->buckets[b];
	st->buckets[b] = t;
	st->nthreads++;
	return t;
}

static void fdinfo_clear(struct scap_fdinfo *f)
{
	free(f->name);
	memset(f, 0, sizeof(*f));
}

static void thread_free(struct scap_state *st, struct scap_thread *t)
{
	__u32 i;

	for (i = 0; i < t->nfds; i++)
		free(t->fds[i].name);
	st->nfds -= t->nfds;
	free(t->fds);
	free(t->comm);
	free(t->exe);
	free(t->exepath);
	free(t->args);
	free(t->cwd);
	free(t->cgroups);
	free(t->root);
	free(t->enter);
	free(t);
}

void scap_thread_del(struct scap_state *st, __s64 tid)
{
	struct scap_thread **pp = &st->buckets[bucket_of(tid)];

	for (; *pp; pp = &(*pp)->next) {
		if ((*pp)->tid == tid) {
			struct scap_thread *t = *pp;

			*pp = t->next;
			thread_free(st, t);
			st->nthreads--;
			return;
		}
	}
}

int scap_thread_foreach(struct scap_state *st,
			int (*fn)(struct scap_thread *t, void *arg), void *arg)
{
	size_t b;
	int r;

	for (b = 0; b < NBUCKETS; b++) {
		struct scap_thread *t, *next;

		for (t = st->buckets[b]; t; t = next) {
			next = t->next;
			r = fn(t, arg);
			if (r)
				return r;
		}
	}
	return 0;
}

/* ---- fd tables ---- */

static struct scap_thread *fd_owner(struct scap_state *st,
				    struct scap_thread *t)
{
	struct scap_thread *main;

	if (t->pid == t->tid)
		return t;
	main = scap_thread_get(st, t->pid);
	return main ? main : t;
}

static struct scap_fdinfo *fd_find(struct scap_thread *o, __s64 fd)
{
	__u32 i;

	for (i = 0; i < o->nfds; i++)
		if (o->fds[i].fd == fd)
			return &o->fds[i];
	return NULL;
}

struct scap_fdinfo *scap_fd_get(struct scap_state *st, struct scap_thread *t,
				__s64 fd)
{
	return fd_find(fd_owner(st, t), fd);
}

struct scap_fdinfo *scap_fd_set(struct scap_state *st, struct scap_thread *t,
				__s64 fd)
{
	struct scap_thread *o = fd_owner(st, t);
	struct scap_fdinfo *f = fd_find(o, fd);

	if (f) {
		fdinfo_clear(f);
		f->fd = fd;
		return f;
	}
	if (st->nfds >= SCAP_MAX_FDS) {
		errno = ENOSPC;
		return NULL;
	}
	if (o->nfds == o->fds_cap) {
		__u32 cap = o->fds_cap ? o->fds_cap * 2 : 16;
		struct scap_fdinfo *n = realloc(o->fds, cap * sizeof(*n));

		if (!n) {
			errno = ENOMEM;
			return NULL;
		}
		o->fds = n;
		o->fds_cap = cap;
	}
	f = &o->fds[o->nfds++];
	memset(f, 0, sizeof(*f));
	f->fd = fd;
	st->nfds++;
	return f;
}

void scap_fd_del(struct scap_state *st, struct scap_thread *t, __s64 fd)
{
	struct scap_thread *o = fd_owner(st, t);
	struct scap_fdinfo *f = fd_find(o, fd);

	if (!f)
		return;
	free(f->name);
	*f = o->fds[--o->nfds];
	st->nfds--;
}

int scap_fd_dup(struct scap_state *st, struct scap_thread *t, __s64 oldfd,
		__s64 newfd)
{
	struct scap_fdinfo *src, *dst, copy;
	char *name = NULL;

	src = scap_fd_get(st, t, oldfd);
	if (!src)
		return -ENOENT;
	copy = *src;
	if (copy.name && scap_set_str(&name, copy.name, strlen(copy.name)))
		return -ENOMEM;
	dst = scap_fd_set(st, t, newfd);
	if (!dst) {
		free(name);
		return -ENOMEM;
	}
	*dst = copy;
	dst->fd = newfd;
	dst->name = name;
	return 0;
}

/* ---- state ---- */

struct scap_state *scap_state_new(void)
{
	struct scap_state *st = calloc(1, sizeof(*st));

	if (!st)
		errno = ENOMEM;
	return st;
}

static int free_thread_cb(struct scap_thread *t, void *arg)
{
	thread_free(arg, t);
	return 0;
}

void scap_state_free(struct scap_state *st)
{
	size_t i;

	if (!st)
		return;
	scap_thread_foreach(st, free_thread_cb, st);
	for (i = 0; i < st->nusers; i++) {
		free(st->users[i].name);
		free(st->users[i].home);
		free(st->users[i].shell);
	}
	free(st->users);
	for (i = 0; i < st->ngroups; i++)
		free(st->groups[i].name);
	free(st->groups);
	for (i = 0; i < st->nifaces; i++)
		free(st->ifaces[i].name);
	free(st->ifaces);
	free(st);
}

const struct scap_machine *scap_state_machine(const struct scap_state *st)
{
	return &st->machine;
}

size_t scap_state_nthreads(const struct scap_state *st)
{
	return st->nthreads;
}

size_t scap_state_nusers(const struct scap_state *st)
{
	return st->nusers;
}

size_t scap_state_ngroups(const struct scap_state *st)
{
	return st->ngroups;
}

size_t scap_state_nifaces(const struct scap_state *st)
{
	return st->nifaces;
}

size_t scap_state_nfds_total(const struct scap_state *st)
{
	return st->nfds;
}

const struct scap_user *scap_state_user_at(const struct scap_state *st,
					   size_t i)
{
	return i < st->nusers ? &st->users[i] : NULL;
}

const struct scap_group *scap_state_group_at(const struct scap_state *st,
					     size_t i)
{
	return i < st->ngroups ? &st->groups[i] : NULL;
}

const struct scap_iface *scap_state_iface_at(const struct scap_state *st,
					     size_t i)
{
	return i < st->nifaces ? &st->ifaces[i] : NULL;
}

const char *scap_state_user_name(const struct scap_state *st, __u32 uid)
{
	size_t i;

	for (i = 0; i < st->nusers; i++)
		if (st->users[i].uid == uid)
			return st->users[i].name;
	return NULL;
}

const char *scap_state_group_name(const struct scap_state *st, __u32 gid)
{
	size_t i;

	for (i = 0; i < st->ngroups; i++)
		if (st->groups[i].gid == gid)
			return st->groups[i].name;
	return NULL;
}

/* ---- machine info ---- */

static int read_mi(struct scap_state *st, const struct scap_block *b,
		   char *err, size_t errlen)
{
	struct cur c = { b->body, b->len, 0 };
	struct scap_machine *m = &st->machine;
	char host[128];

	if (cur_u32(&c, &m->num_cpus) || cur_u64(&c, &m->memory_bytes) ||
	    cur_u64(&c, &m->max_pid) || cur_take(&c, host, sizeof(host)))
		return errf(err, errlen, -EINVAL,
			    "machine info block too short (%u bytes)", b->len);
	memcpy(m->hostname, host, sizeof(host));
	m->hostname[sizeof(host)] = '\0';
	if (cur_u64(&c, &m->boot_ts_epoch))
		m->boot_ts_epoch = 0;
	if (cur_u64(&c, &m->flags))
		m->flags = 0;
	m->present = 1;
	return 1;
}

/* ---- process list ---- */

/* Process list block version 1..9, 0 if not a process list. */
static int pl_version(__u32 type)
{
	switch (type) {
	case SCAP_BT_PL_V1:
	case SCAP_BT_PL_V1_INT:
		return 1;
	case SCAP_BT_PL_V2:
	case SCAP_BT_PL_V2_INT:
		return 2;
	case SCAP_BT_PL_V3:
	case SCAP_BT_PL_V3_INT:
		return 3;
	case SCAP_BT_PL_V4:
		return 4;
	case SCAP_BT_PL_V5:
		return 5;
	case SCAP_BT_PL_V6:
		return 6;
	case SCAP_BT_PL_V7:
		return 7;
	case SCAP_BT_PL_V8:
		return 8;
	case SCAP_BT_PL_V9:
		return 9;
	}
	return 0;
}

struct pl_entry {
	__u64 tid, pid, ptid, sid, vpgid, vtid, vpid;
	const char *comm, *exe, *exepath, *args, *cwd, *cgroups, *root;
	__u16 comm_len, exe_len, exepath_len, args_len, cwd_len;
	__u16 cgroups_len, root_len;
	__u32 uid, gid, loginuid, tty;
};

#define PATH_MAX_SCAP	1024
#define ARGS_MAX_SCAP	65535

/* The fields every version has, in file order; c covers the entry. */
static int pl_fields(struct cur *c, int v, struct pl_entry *e)
{
	__u64 u64;
	__u32 u32;
	__u16 len;
	const char *s;

	if (cur_u64(c, &e->tid) || cur_u64(c, &e->pid) || cur_u64(c, &e->ptid))
		return -1;
	e->sid = (__u64)-1;
	e->vpgid = (__u64)-1;
	if (v >= 6 && cur_u64(c, &e->sid))
		return -1;
	if (v >= 8 && cur_u64(c, &e->vpgid))
		return -1;
	if (cur_str(c, &e->comm, &e->comm_len, PATH_MAX_SCAP) ||
	    cur_str(c, &e->exe, &e->exe_len, PATH_MAX_SCAP))
		return -1;
	if (v >= 7 &&
	    cur_str(c, &e->exepath, &e->exepath_len, PATH_MAX_SCAP))
		return -1;
	if (cur_str(c, &e->args, &e->args_len, ARGS_MAX_SCAP) ||
	    cur_str(c, &e->cwd, &e->cwd_len, PATH_MAX_SCAP))
		return -1;
	/* fdlimit, flags */
	if (cur_u64(c, &u64) || cur_u32(c, &u32))
		return -1;
	if (cur_u32(c, &e->uid) || cur_u32(c, &e->gid))
		return -1;
	if (v < 2)
		return 0;
	/* vmsize, vmrss, vmswap, pfmajor, pfminor */
	if (cur_take(c, NULL, 3 * 4 + 2 * 8))
		return -1;
	if (v >= 3 && cur_str(c, &s, &len, ARGS_MAX_SCAP))	/* env */
		return -1;
	if (v < 4)
		return 0;
	if (cur_u64(c, &e->vtid) || cur_u64(c, &e->vpid) ||
	    cur_str(c, &e->cgroups, &e->cgroups_len, ARGS_MAX_SCAP))
		return -1;
	if (v >= 5 && cur_str(c, &e->root, &e->root_len, PATH_MAX_SCAP))
		return -1;
	return 0;
}

/*
 * PL_V9 fields after the fixed part, present when sub_len covers them.
 * Captures from libs before 0.10 have loginuid right away; later ones put
 * pidns_init_start_ts and tty first (29 bytes tell the two apart, as the
 * reference reader does).
 */
static void pl_v9_tail(struct cur *c, struct pl_entry *e)
{
	__u64 u64;

	if (c->len - c->pos > 29) {
		if (cur_u64(c, &u64))
			return;
		if (cur_u32(c, &e->tty))
			return;
	}
	cur_u32(c, &e->loginuid);
}

static int thread_from_entry(struct scap_state *st, const struct pl_entry *e)
{
	struct scap_thread *t = scap_thread_add(st, (__s64)e->tid);

	if (!t)
		return -errno;
	t->pid = (__s64)e->pid;
	t->ptid = (__s64)e->ptid;
	t->sid = (__s64)e->sid;
	t->vpgid = (__s64)e->vpgid;
	t->vtid = (__s64)e->vtid;
	t->vpid = (__s64)e->vpid;
	t->uid = e->uid;
	t->gid = e->gid;
	t->loginuid = e->loginuid;
	t->tty = e->tty;
	t->args_len = e->args_len;
	t->cgroups_len = e->cgroups_len;
	if (scap_set_str(&t->comm, e->comm, e->comm_len) ||
	    scap_set_str(&t->exe, e->exe, e->exe_len) ||
	    scap_set_str(&t->exepath, e->exepath, e->exepath_len) ||
	    scap_set_str(&t->args, e->args, e->args_len) ||
	    scap_set_str(&t->cwd, e->cwd, e->cwd_len) ||
	    scap_set_str(&t->cgroups, e->cgroups, e->cgroups_len) ||
	    scap_set_str(&t->root, e->root, e->root_len))
		return -ENOMEM;
	scap_container_id(e->cgroups, e->cgroups_len, t->container_id);
	return 0;
}

static int read_pl(struct scap_state *st, const struct scap_block *b, int v,
		   char *err, size_t errlen)
{
	struct cur c = { b->body, b->len, 0 };
	int r;

	while (c.len - c.pos >= 4) {
		struct pl_entry e;
		size_t start = c.pos;
		struct cur ec = c;
		__u32 sub_len = 0;

		memset(&e, 0, sizeof(e));
		e.loginuid = (__u32)-1;
		if (v == 9) {
			if (cur_u32(&c, &sub_len) || sub_len < 4 ||
			    sub_len > c.len - start)
				return errf(err, errlen, -EINVAL,
					    "process list entry at +%zu: bad length %u",
					    start, sub_len);
			ec.p = c.p + start;
			ec.len = sub_len;
			ec.pos = 4;
		}
		if (pl_fields(&ec, v, &e))
			return errf(err, errlen, -EINVAL,
				    "process list entry at +%zu overruns its %s",
				    start, v == 9 ? "length" : "block");
		if (v == 9) {
			pl_v9_tail(&ec, &e);
			c.pos = start + sub_len;
		} else {
			c.pos = ec.pos;
		}
		r = thread_from_entry(st, &e);
		if (r)
			return errf(err, errlen, r,
				    "process list entry at +%zu: %s", start,
				    r == -ENOSPC ? "too many threads" :
				    "out of memory");
	}
	return 1;
}

/* ---- fd list ---- */

static __u8 l4_to_ipproto(__u8 l4)
{
	switch (l4) {
	case 2:
		return IPPROTO_TCP;
	case 3:
		return IPPROTO_UDP;
	case 4:
		return IPPROTO_ICMP;
	case 5:
		return IPPROTO_RAW;
	}
	return 0;
}

static int fd_entry(struct cur *c, struct scap_fdinfo *f, const char **name,
		    __u16 *name_len, int strict)
{
	__u64 fd;
	__u8 type, l4 = 0;

	*name = NULL;
	*name_len = 0;
	if (cur_u64(c, &fd) || cur_u64(c, &f->ino) || cur_u8(c, &type))
		return -1;
	f->fd = (__s64)fd;
	f->type = type;
	switch (type) {
	case SCAP_FD_IPV4_SOCK:
		f->family = AF_INET;
		if (cur_take(c, f->sip, 4) || cur_take(c, f->dip, 4) ||
		    cur_u16(c, &f->sport) || cur_u16(c, &f->dport) ||
		    cur_u8(c, &l4))
			return -1;
		break;
	case SCAP_FD_IPV4_SERVSOCK:
		f->family = AF_INET;
		if (cur_take(c, f->sip, 4) || cur_u16(c, &f->sport) ||
		    cur_u8(c, &l4))
			return -1;
		break;
	case SCAP_FD_IPV6_SOCK:
		f->family = AF_INET6;
		if (cur_take(c, f->sip, 16) || cur_take(c, f->dip, 16) ||
		    cur_u16(c, &f->sport) || cur_u16(c, &f->dport) ||
		    cur_u8(c, &l4))
			return -1;
		break;
	case SCAP_FD_IPV6_SERVSOCK:
		f->family = AF_INET6;
		if (cur_take(c, f->sip, 16) || cur_u16(c, &f->sport) ||
		    cur_u8(c, &l4))
			return -1;
		break;
	case SCAP_FD_UNIX_SOCK:
		f->family = AF_UNIX;
		if (cur_take(c, NULL, 16) ||
		    cur_str(c, name, name_len, PATH_MAX_SCAP))
			return -1;
		break;
	case SCAP_FD_FILE_V2:
		if (cur_u32(c, &f->open_flags) ||
		    cur_str(c, name, name_len, PATH_MAX_SCAP))
			return -1;
		break;
	case SCAP_FD_FIFO:
	case SCAP_FD_FILE:
	case SCAP_FD_DIRECTORY:
	case SCAP_FD_UNSUPPORTED:
	case SCAP_FD_EVENT:
	case SCAP_FD_SIGNALFD:
	case SCAP_FD_EVENTPOLL:
	case SCAP_FD_INOTIFY:
	case SCAP_FD_TIMERFD:
	case SCAP_FD_NETLINK:
	case SCAP_FD_BPF:
	case SCAP_FD_USERFAULTFD:
	case SCAP_FD_IOURING:
	case SCAP_FD_MEMFD:
	case SCAP_FD_PIDFD:
		if (cur_str(c, name, name_len, PATH_MAX_SCAP))
			return -1;
		break;
	case SCAP_FD_UNKNOWN:
		break;
	default:
		/* A newer type: only a sized entry can be skipped. */
		if (strict)
			return -1;
		f->type = SCAP_FD_UNSUPPORTED;
		break;
	}
	f->l4proto = l4_to_ipproto(l4);
	return 0;
}

static int read_fdl(struct scap_state *st, const struct scap_block *b,
		    int v2, char *err, size_t errlen)
{
	struct cur c = { b->body, b->len, 0 };
	struct scap_thread *t;
	__u64 tid;

	if (cur_u64(&c, &tid))
		return errf(err, errlen, -EINVAL, "fd list block too short");
	t = scap_thread_get(st, (__s64)tid);
	while (c.len - c.pos >= 4) {
		struct scap_fdinfo f, *nf;
		size_t start = c.pos;
		struct cur ec = c;
		const char *name;
		__u16 name_len;
		__u32 sub_len = 0;

		memset(&f, 0, sizeof(f));
		if (v2) {
			if (cur_u32(&c, &sub_len) || sub_len < 4 ||
			    sub_len > c.len - start)
				return errf(err, errlen, -EINVAL,
					    "fd list entry at +%zu: bad length %u",
					    start, sub_len);
			ec.p = c.p + start;
			ec.len = sub_len;
			ec.pos = 4;
		}
		if (fd_entry(&ec, &f, &name, &name_len, !v2))
			return errf(err, errlen, -EINVAL,
				    "fd list entry at +%zu is malformed",
				    start);
		c.pos = v2 ? start + sub_len : ec.pos;
		if (!t)
			continue;	/* fds of an unknown thread */
		nf = scap_fd_set(st, t, f.fd);
		if (!nf)
			return errf(err, errlen, -errno,
				    "fd list entry at +%zu: %s", start,
				    errno == ENOSPC ? "too many fds" :
				    "out of memory");
		*nf = f;
		if (name && scap_set_str(&nf->name, name, name_len))
			return errf(err, errlen, -ENOMEM, "out of memory");
	}
	return 1;
}

/* ---- user list ---- */

static int read_ul(struct scap_state *st, const struct scap_block *b,
		   int v2, char *err, size_t errlen)
{
	struct cur c = { b->body, b->len, 0 };

	while (c.len - c.pos >= 4) {
		size_t start = c.pos;
		struct cur ec = c;
		__u32 sub_len = 0;
		__u8 type;
		const char *n = NULL, *h = NULL, *s = NULL;
		__u16 nl = 0, hl = 0, sl = 0;
		__u32 uid = 0, gid = 0;

		if (v2) {
			if (cur_u32(&c, &sub_len) || sub_len < 5 ||
			    sub_len > c.len - start)
				return errf(err, errlen, -EINVAL,
					    "user list entry at +%zu: bad length %u",
					    start, sub_len);
			ec.p = c.p + start;
			ec.len = sub_len;
			ec.pos = 4;
		}
		if (cur_u8(&ec, &type))
			goto bad;
		if (type == 0) {
			if (cur_u32(&ec, &uid) || cur_u32(&ec, &gid) ||
			    cur_str(&ec, &n, &nl, USERSTR_MAX - 1) ||
			    cur_str(&ec, &h, &hl, PATH_MAX_SCAP) ||
			    cur_str(&ec, &s, &sl, PATH_MAX_SCAP))
				goto bad;
		} else {
			if (cur_u32(&ec, &gid) ||
			    cur_str(&ec, &n, &nl, USERSTR_MAX - 1))
				goto bad;
		}
		c.pos = v2 ? start + sub_len : ec.pos;
		if (st->nusers + st->ngroups >= SCAP_MAX_USERS)
			return errf(err, errlen, -ENOSPC,
				    "user list entry at +%zu: too many entries",
				    start);
		if (type == 0) {
			struct scap_user *u;

			u = realloc(st->users, (st->nusers + 1) * sizeof(*u));
			if (!u)
				return errf(err, errlen, -ENOMEM, "out of memory");
			st->users = u;
			u = &st->users[st->nusers];
			memset(u, 0, sizeof(*u));
			u->uid = uid;
			u->gid = gid;
			st->nusers++;
			if (scap_set_str(&u->name, n, nl) ||
			    scap_set_str(&u->home, h, hl) ||
			    scap_set_str(&u->shell, s, sl))
				return errf(err, errlen, -ENOMEM, "out of memory");
		} else {
			struct scap_group *g;

			g = realloc(st->groups, (st->ngroups + 1) * sizeof(*g));
			if (!g)
				return errf(err, errlen, -ENOMEM, "out of memory");
			st->groups = g;
			g = &st->groups[st->ngroups];
			memset(g, 0, sizeof(*g));
			g->gid = gid;
			st->ngroups++;
			if (scap_set_str(&g->name, n, nl))
				return errf(err, errlen, -ENOMEM, "out of memory");
		}
		continue;
bad:
		return errf(err, errlen, -EINVAL,
			    "user list entry at +%zu is malformed", start);
	}
	return 1;
}

/* ---- interface list ---- */

static int read_il(struct scap_state *st, const struct scap_block *b,
		   int v2, char *err, size_t errlen)
{
	struct cur c = { b->body, b->len, 0 };

	while (c.len - c.pos >= 4) {
		size_t start = c.pos;
		struct cur ec = c;
		__u32 entry = 0;
		__u16 type, namelen;
		struct scap_iface ifc;
		size_t alen, fixed;
		struct scap_iface *n;

		memset(&ifc, 0, sizeof(ifc));
		if (v2) {
			if (cur_u32(&c, &entry) || entry > c.len - c.pos)
				goto bad;
			ec.p = c.p + c.pos;
			ec.len = entry;
			ec.pos = 0;
		}
		if (cur_u16(&ec, &type) || cur_u16(&ec, &namelen) ||
		    namelen >= PATH_MAX_SCAP)
			goto bad;
		switch (type) {
		case 1:		/* IPv4 */
		case 3:		/* IPv4 without link speed */
			ifc.family = AF_INET;
			alen = 4;
			break;
		case 2:		/* IPv6 */
		case 4:
			ifc.family = AF_INET6;
			alen = 16;
			break;
		default:
			goto bad;
		}
		/* addr, netmask, bcast, then link speed for types 1 and 2 */
		fixed = 3 * alen + ((type == 1 || type == 2) ? 8 : 0);
		if (cur_take(&ec, ifc.addr, alen) ||
		    cur_take(&ec, NULL, fixed - alen) ||
		    namelen > ec.len - ec.pos)
			goto bad;
		if (st->nifaces >= SCAP_MAX_IFACES)
			return errf(err, errlen, -ENOSPC, "too many interfaces");
		n = realloc(st->ifaces, (st->nifaces + 1) * sizeof(*n));
		if (!n)
			return errf(err, errlen, -ENOMEM, "out of memory");
		st->ifaces = n;
		if (scap_set_str(&ifc.name, (const char *)ec.p + ec.pos,
				 namelen))
			return errf(err, errlen, -ENOMEM, "out of memory");
		ec.pos += namelen;
		st->ifaces[st->nifaces++] = ifc;
		c.pos = v2 ? c.pos + entry : ec.pos;
		continue;
bad:
		return errf(err, errlen, -EINVAL,
			    "interface list entry at +%zu is malformed", start);
	}
	return 1;
}

int scap_state_add_block(struct scap_state *st, const struct scap_block *b,
			 char *err, size_t errlen)
{
	int v;

	switch (b->type) {
	case SCAP_BT_MI:
	case SCAP_BT_MI_INT:
		return read_mi(st, b, err, errlen);
	case SCAP_BT_FDL:
	case SCAP_BT_FDL_INT:
		return read_fdl(st, b, 0, err, errlen);
	case SCAP_BT_FDL_V2:
		return read_fdl(st, b, 1, err, errlen);
	case SCAP_BT_UL:
	case SCAP_BT_UL_INT:
		return read_ul(st, b, 0, err, errlen);
	case SCAP_BT_UL_V2:
		return read_ul(st, b, 1, err, errlen);
	case SCAP_BT_IL:
	case SCAP_BT_IL_INT:
		return read_il(st, b, 0, err, errlen);
	case SCAP_BT_IL_V2:
		return read_il(st, b, 1, err, errlen);
	}
	v = pl_version(b->type);
	if (v)
		return read_pl(st, b, v, err, errlen);
	return 0;
}
