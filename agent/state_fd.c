// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Fd tables.  A table (struct vst_fdt) is shared by the threads that
 * share it in the kernel (CLONE_FILES, which threads normally do) and
 * copied at fork.  Every fd of every table lives in one hash table keyed
 * by (table, fd) and one LRU list, so the cap is global and a lookup is
 * O(1) whatever the fd number.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "decode.h"
#include "path_norm.h"
#include "state_int.h"

#define SOCKNAME_MAX	128
#define FD_SPARE_MAX	64	/* freed entries kept for reuse */
#define NAME_ROUND	16	/* fd names are allocated in steps of this */

/* Drop a reference to an fd's name; the last one keeps it as a spare. */
static void fd_name_put(struct vigil_state *st, struct vst_str *s)
{
	if (s && s->refs == 1 && st->nname_spare < VST_NAME_SPARE) {
		st->name_spare[st->nname_spare++] = s;
		return;
	}
	vst_str_put(s);
}

/*
 * A new fd name of the n bytes at p (at most max_path): in a spare large
 * enough, the most recent first, else a new string rounded up so that it
 * fits more of the names to come.  NULL on ENOMEM.
 */
static struct vst_str *fd_name_new(struct vigil_state *st, const char *p,
				   size_t n)
{
	struct vst_str *s;
	size_t size;
	__u32 i;

	if (n > st->cfg.max_path)
		n = st->cfg.max_path;
	for (i = st->nname_spare; i-- > 0;) {
		s = st->name_spare[i];
		if (s->size > n) {
			st->name_spare[i] = st->name_spare[--st->nname_spare];
			goto fill;
		}
	}
	size = (n + NAME_ROUND) & ~(size_t)(NAME_ROUND - 1);
	s = malloc(sizeof(*s) + size);
	if (!s)
		return NULL;
	s->size = (__u32)size;
fill:
	s->refs = 1;
	s->len = (__u32)n;
	if (n)
		memcpy(s->s, p, n);
	s->s[n] = '\0';
	return s;
}
#define MFD_CLOEXEC_FLAG	0x0001U	/* <linux/memfd.h> MFD_CLOEXEC */

static __u64 fd_key(const struct vst_fdt *fdt, __s32 fd)
{
	return ((__u64)(uintptr_t)fdt << 16) ^ (__u32)fd;
}

struct vst_fdt *vst_fdt_new(struct vigil_state *st)
{
	struct vst_fdt *fdt = vst_spare_zalloc(&st->fdt_spare, sizeof(*fdt));

	if (!fdt)
		return NULL;
	fdt->refs = 1;
	vst_list_init(&fdt->fds);
	st->nfdts++;
	return fdt;
}

void vst_fd_del(struct vigil_state *st, struct vst_fd *f)
{
	if ((__u32)f->fd < VST_FD_LOW) {
		f->fdt->low[f->fd] = NULL;
	} else {
		if (st->fd_hint == f)
			st->fd_hint = NULL;
		vst_htab_del(&st->fds, &f->hn);
	}
	st->nfds--;
	vst_list_del(&f->in_fdt);
	vst_list_del(&f->lru);
	f->fdt->nfds--;
	fd_name_put(st, f->name);
	fd_name_put(st, f->raw);
	/*
	 * An open+close storm frees and allocates one entry per pair: keep a
	 * few for reuse instead of a round trip through malloc.
	 */
	if (st->nfd_spare < FD_SPARE_MAX) {
		f->hn.next = st->fd_spare ? &st->fd_spare->hn : NULL;
		st->fd_spare = f;
		st->nfd_spare++;
		return;
	}
	free(f);
}

/* A spare entry (not zeroed), NULL if none. */
static struct vst_fd *fd_spare_pop(struct vigil_state *st)
{
	struct vst_fd *f = st->fd_spare;

	if (!f)
		return NULL;
	st->fd_spare = f->hn.next ?
		vst_container_of(f->hn.next, struct vst_fd, hn) : NULL;
	st->nfd_spare--;
	return f;
}

void vst_fd_spare_free(struct vigil_state *st)
{
	struct vst_fd *f;

	while ((f = fd_spare_pop(st)))
		free(f);
	while (st->nname_spare)
		vst_str_put(st->name_spare[--st->nname_spare]);
}

void vst_fdt_put(struct vigil_state *st, struct vst_fdt *fdt)
{
	if (!fdt || --fdt->refs)
		return;
	while (!vst_list_empty(&fdt->fds))
		vst_fd_del(st, vst_container_of(fdt->fds.next, struct vst_fd,
						in_fdt));
	if (st->pend_close_fdt == fdt)
		st->pend_close_fdt = NULL;
	st->nfdts--;
	vst_spare_drop(&st->fdt_spare, fdt);
}

struct vst_fd *vst_fd_find(const struct vigil_state *st,
			   const struct vst_fdt *fdt, __s32 fd)
{
	struct vst_hnode *n;
	struct vst_fd *f = st->fd_hint;

	if ((__u32)fd < VST_FD_LOW)
		return fdt->low[fd];
	if (f && f->fdt == fdt && f->fd == fd)
		return f;
	n = vst_htab_first(&st->fds, fd_key(fdt, fd));
	for (; n; n = vst_htab_next(n)) {
		f = vst_container_of(n, struct vst_fd, hn);
		if (f->fdt == fdt && f->fd == fd)
			return f;
	}
	return NULL;
}

/* Evict the least recently used fd that is not in keep; 0 or -ENOSPC. */
static int fd_make_room(struct vigil_state *st, const struct vst_fdt *keep)
{
	struct vst_list *l;
	struct vst_fd *f;

	for (l = st->fd_lru.prev; l != &st->fd_lru; l = l->prev) {
		f = vst_container_of(l, struct vst_fd, lru);
		if (f->fdt != keep) {
			vst_fd_del(st, f);
			st->stats.fds_evicted++;
			return 0;
		}
	}
	return -ENOSPC;
}

static struct vst_fd *fd_alloc(struct vigil_state *st, struct vst_fdt *fdt,
			       __s32 fd, const struct vst_fdt *keep)
{
	struct vst_fd *f;

	while (st->nfds >= st->cfg.max_fds)
		if (fd_make_room(st, keep))
			return NULL;
	f = fd_spare_pop(st);
	if (f)
		memset(f, 0, sizeof(*f));
	else if (!(f = calloc(1, sizeof(*f))))
		return NULL;
	f->fdt = fdt;
	f->fd = fd;
	if ((__u32)fd < VST_FD_LOW) {
		fdt->low[fd] = f;
	} else {
		f->hn.key = fd_key(fdt, fd);
		vst_htab_add(&st->fds, &f->hn);
		st->fd_hint = f;	/* now the first of its key */
	}
	st->nfds++;
	vst_list_add(&f->in_fdt, fdt->fds.prev);	/* keep fd order */
	vst_list_add(&f->lru, &st->fd_lru);
	fdt->nfds++;
	return f;
}

struct vst_fd *vst_fd_install(struct vigil_state *st, struct vst_fdt *fdt,
			      __s32 fd)
{
	struct vst_fd *old = vst_fd_find(st, fdt, fd);

	if (old)
		vst_fd_del(st, old);
	return fd_alloc(st, fdt, fd, NULL);
}

static void fd_copy_from(struct vst_fd *f, const struct vst_fd *src)
{
	f->type = src->type;
	f->cloexec = src->cloexec;
	f->oflags = src->oflags;
	f->dev = src->dev;
	f->ino = src->ino;
	f->name = vst_str_get(src->name);
	f->raw = vst_str_get(src->raw);
	f->dir_len = src->dir_len;
	f->base_off = src->base_off;
	f->sk = src->sk;
}

struct vst_fdt *vst_fdt_copy(struct vigil_state *st, struct vst_fdt *src)
{
	struct vst_fdt *fdt = vst_fdt_new(st);
	struct vst_list *l;
	struct vst_fd *f, *s;

	if (!fdt)
		return NULL;
	for (l = src->fds.next; l != &src->fds; l = l->next) {
		s = vst_container_of(l, struct vst_fd, in_fdt);
		f = fd_alloc(st, fdt, s->fd, src);
		if (!f) {
			st->stats.fds_evicted++;	/* not copied */
			continue;
		}
		fd_copy_from(f, s);
	}
	return fdt;
}

void vst_fdt_cloexec(struct vigil_state *st, struct vst_fdt *fdt)
{
	struct vst_list *l, *next;
	struct vst_fd *f;

	for (l = fdt->fds.next; l != &fdt->fds; l = next) {
		next = l->next;
		f = vst_container_of(l, struct vst_fd, in_fdt);
		if (f->cloexec)
			vst_fd_del(st, f);
	}
}

/* Take s as f's name (the reference is f's now); no raw name. */
static inline void fd_own_name(struct vst_fd *f, struct vst_str *s)
{
	vst_str_put(f->name);
	vst_str_put(f->raw);
	f->name = s;
	f->raw = NULL;
}

/* Where f's name's directory and last component are, by its last '/'. */
static inline void fd_name_parts(struct vst_fd *f, const char *slash)
{
	const char *s = f->name->s;

	f->base_off = slash ? (__u32)(slash + 1 - s) : 0;
	if (!slash)
		f->dir_len = 0;
	else if (slash == s)
		f->dir_len = 1;		/* "/x": the directory is "/" */
	else
		f->dir_len = (__u32)(slash - s);
}

static void fd_set_name(struct vst_fd *f, struct vst_str *s)
{
	fd_own_name(f, s);
	fd_name_parts(f, memrchr(s->s, '/', s->len));
}

void vst_fd_set_path(struct vigil_state *st, struct vst_fd *f,
		     const char *p, size_t n)
{
	struct vst_str *s = vst_str_new(p, n, st->cfg.max_path);

	if (s)
		fd_set_name(f, s);
}

/*
 * Normalised in place in a copy of the record's name, never longer than
 * it; the record's name is kept apart only when that changed it, so most
 * opens still cost one string.  A name the cap cuts counts as cut.
 */
void vst_fd_set_open_path(struct vigil_state *st, struct vst_fd *f,
			  const char *p, size_t n, int cut)
{
	size_t m = n > st->cfg.max_path ? st->cfg.max_path : n, len;
	struct vst_str *s, *raw = NULL;

	/* Already normal (most are): its one scan found the last '/'. */
	if (m && p[0] == '/' && vigil_path_normal(p, m, &len)) {
		s = fd_name_new(st, p, m);
		if (s) {
			fd_own_name(f, s);
			fd_name_parts(f, s->s + len);
		}
		return;
	}
	s = fd_name_new(st, p, n);
	if (!s)
		return;
	cut = cut || s->len < n;
	len = vigil_path_norm(s->s, (size_t)s->len + 1, NULL, 0, s->s, s->len,
			      cut);
	/* Normalising drops bytes or nothing: same length, same name. */
	if (len != s->len) {
		raw = fd_name_new(st, p, n);
		s->len = (__u32)len;
	}
	fd_set_name(f, s);
	f->raw = raw;
}

/* Decimal digits of v at p; returns the end. */
static char *put_dec(char *p, unsigned int v)
{
	char d[10];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = d[--n];
	return p;
}

/* An IPv4 octet in decimal at p; returns the end. */
static char *put_octet(char *p, unsigned int v)
{
	if (v >= 100) {
		*p++ = (char)('0' + v / 100);
		v %= 100;
		*p++ = (char)('0' + v / 10);
	} else if (v >= 10) {
		*p++ = (char)('0' + v / 10);
	}
	*p++ = (char)('0' + v % 10);
	return p;
}

/*
 * "addr:port" at p, room for INET6_ADDRSTRLEN + 6 bytes; returns the
 * end (no NUL).  IPv4 by hand: glibc's inet_ntop goes through sprintf,
 * which cost more than the rest of a connect record's processing.
 */
static char *put_ip(char *p, __u16 family, const __u8 *ip, __u16 port)
{
	char a[INET6_ADDRSTRLEN];
	size_t n;
	int i;

	if (family == AF_INET) {
		for (i = 0; i < 4; i++) {
			if (i)
				*p++ = '.';
			p = put_octet(p, ip[i]);
		}
	} else if (inet_ntop(family, ip, a, sizeof(a))) {
		n = strlen(a);
		memcpy(p, a, n);
		p += n;
	}
	*p++ = ':';
	return put_dec(p, port);
}

/* fd.name of an IP socket from its tuple, Falco's "c:port->s:port". */
int vst_fd_set_sockname(struct vst_fd *f)
{
	const struct vigil_fd_sock *sk = &f->sk;
	char buf[SOCKNAME_MAX], *p;
	struct vst_str *s;

	if (sk->family != AF_INET && sk->family != AF_INET6)
		return 0;
	if (sk->has_remote && sk->is_server) {
		p = put_ip(buf, sk->family, sk->rip, sk->rport);
		memcpy(p, "->", 2);
		p = put_ip(p + 2, sk->family, sk->lip, sk->lport);
	} else if (sk->has_remote) {
		p = put_ip(buf, sk->family, sk->lip, sk->lport);
		memcpy(p, "->", 2);
		p = put_ip(p + 2, sk->family, sk->rip, sk->rport);
	} else {
		p = put_ip(buf, sk->family, sk->lip, sk->lport);
	}
	s = vst_str_new(buf, (size_t)(p - buf), sizeof(buf));
	if (!s)
		return -ENOMEM;
	fd_set_name(f, s);
	f->dir_len = 0;
	return 0;
}

static __u8 fd_type_of_family(int family)
{
	switch (family) {
	case AF_INET:
		return VIGIL_FD_IPV4;
	case AF_INET6:
		return VIGIL_FD_IPV6;
	case AF_UNIX:
		return VIGIL_FD_UNIX;
	case AF_NETLINK:
		return VIGIL_FD_NETLINK;
	}
	return VIGIL_FD_SOCKET;
}

/* The l4 protocol socket(2)'s arguments give. */
static __u8 l4_of(int family, int type, int protocol)
{
	if (family != AF_INET && family != AF_INET6)
		return 0;
	if (protocol == IPPROTO_ICMP || protocol == IPPROTO_ICMPV6)
		return IPPROTO_ICMP;
	switch (type & 0xf) {
	case SOCK_STREAM:
		return protocol ? (__u8)protocol : IPPROTO_TCP;
	case SOCK_DGRAM:
		return protocol ? (__u8)protocol : IPPROTO_UDP;
	case SOCK_RAW:
		return IPPROTO_RAW;
	}
	return (__u8)protocol;
}

static const struct vigil_field_desc *fdesc(const struct vigil_event *ev,
					    size_t off)
{
	return vst_field(ev, off);
}

/*
 * Copy an ADDR field into the local or remote end of f; 1 when it had
 * an address, 0 when absent, -EINVAL when out of bounds.
 */
static int take_addr(struct vigil_state *st, struct vst_fd *f,
		     const struct vigil_event *ev, size_t off, int remote)
{
	const struct vigil_field_desc *d = fdesc(ev, off);
	const struct vigil_sockaddr *sa;
	const char *path;
	size_t plen;
	char buf[110];
	int err;

	if (!d)
		return 0;
	err = vigil_field_addr(ev, d, &sa, &path, &plen);
	if (err)
		return err;
	if (!sa->family)
		return 0;
	if (!f->sk.family)
		f->sk.family = sa->family;
	if (sa->family == AF_UNIX) {
		if (path && plen) {
			if (plen > sizeof(buf) - 1)
				plen = sizeof(buf) - 1;
			memcpy(buf, path, plen);
			if (buf[0] == '\0')
				buf[0] = '@';	/* abstract name */
			vst_fd_set_path(st, f, buf, plen);
			f->dir_len = 0;
		}
		return 1;
	}
	if (sa->family != AF_INET && sa->family != AF_INET6)
		return 1;
	if (remote) {
		memcpy(f->sk.rip, sa->addr, sizeof(f->sk.rip));
		f->sk.rport = sa->port;
		f->sk.has_remote = 1;
	} else {
		memcpy(f->sk.lip, sa->addr, sizeof(f->sk.lip));
		f->sk.lport = sa->port;
		f->sk.has_local = 1;
	}
	return 1;
}

/* The socket fd of a connect/bind/listen, created when unseen. */
static struct vst_fd *sock_fd(struct vigil_state *st, struct vst_fdt *fdt,
			      __s32 fd, const struct vigil_event *ev,
			      size_t addr_off)
{
	const struct vigil_field_desc *d = fdesc(ev, addr_off);
	const struct vigil_sockaddr *sa;
	struct vst_fd *f = vst_fd_find(st, fdt, fd);
	const char *path;
	size_t plen;

	if (f)
		return f;
	f = vst_fd_install(st, fdt, fd);
	if (!f)
		return NULL;
	if (d && !vigil_field_addr(ev, d, &sa, &path, &plen)) {
		f->sk.family = sa->family;
		f->type = fd_type_of_family(sa->family);
	} else {
		f->type = VIGIL_FD_SOCKET;
	}
	return f;
}

static void set_l4(struct vst_fd *f, __s64 proto)
{
	if (proto > 0 && proto < 256)
		f->sk.l4proto = (__u8)proto;
}

static int dup_fd(struct vigil_state *st, struct vst_fdt *fdt, __s64 oldfd,
		  __s64 newfd, int cloexec)
{
	struct vst_fd *src, *f, *prev;

	if (oldfd == newfd || newfd < 0 || newfd > INT32_MAX ||
	    oldfd < 0 || oldfd > INT32_MAX)
		return 0;
	src = vst_fd_find(st, fdt, (__s32)oldfd);
	if (!src) {
		/* The new fd is as unknown as the old one. */
		prev = vst_fd_find(st, fdt, (__s32)newfd);
		if (prev)
			vst_fd_del(st, prev);
		return 0;
	}
	/* Keep src from being the entry evicted to make room. */
	vst_list_move(&src->lru, &st->fd_lru);
	f = vst_fd_install(st, fdt, (__s32)newfd);
	if (!f)
		return -ENOMEM;
	fd_copy_from(f, src);
	f->cloexec = cloexec != 0;
	return 0;
}

static int open_event(struct vigil_state *st, struct vst_fdt *fdt,
		      const struct vigil_event *ev, const struct vigil_str *name,
		      __u64 flags, __u64 dev, __u64 ino)
{
	const char *p;
	size_t n;
	struct vst_fd *f;

	if (ev->res < 0 || ev->res > INT32_MAX)
		return 0;
	f = vst_fd_install(st, fdt, (__s32)ev->res);
	if (!f)
		return -ENOMEM;
	f->type = flags & O_DIRECTORY ? VIGIL_FD_DIRECTORY : VIGIL_FD_FILE;
	f->oflags = (__u32)flags;
	f->cloexec = (flags & O_CLOEXEC) != 0;
	f->dev = dev;
	f->ino = ino;
	if (!vigil_str_bytes(ev, name, &p, &n))
		vst_fd_set_open_path(st, f, p, strnlen(p, n),
				     name->flags & VIGIL_EVF_TRUNCATED);
	return 0;
}

static int new_fd(struct vigil_state *st, struct vst_fdt *fdt, __s64 fd,
		  __u8 type, int cloexec, const char *name, size_t n)
{
	struct vst_fd *f;

	if (fd < 0 || fd > INT32_MAX)
		return 0;
	f = vst_fd_install(st, fdt, (__s32)fd);
	if (!f)
		return -ENOMEM;
	f->type = type;
	f->cloexec = cloexec != 0;
	if (name) {
		vst_fd_set_path(st, f, name, n);
		f->dir_len = 0;
	}
	return 0;
}

static int socket_event(struct vigil_state *st, struct vst_fdt *fdt,
			const struct vigil_event *ev)
{
	const struct vigil_ev_socket *pl = (const void *)(ev + 1);
	const struct vigil_ev_socketpair *pp = (const void *)(ev + 1);
	struct vst_fd *f;
	__s64 fds[2];
	int i, n;

	if (ev->type == VIGIL_EV_SOCKET) {
		if (ev->res < 0)
			return 0;
		fds[0] = ev->res;
		n = 1;
	} else {
		if (ev->res != 0)
			return 0;
		fds[0] = pp->fd0;
		fds[1] = pp->fd1;
		n = 2;
	}
	/* socket and socketpair start with the same three fields. */
	for (i = 0; i < n; i++) {
		if (fds[i] < 0 || fds[i] > INT32_MAX)
			continue;
		f = vst_fd_install(st, fdt, (__s32)fds[i]);
		if (!f)
			return -ENOMEM;
		f->type = fd_type_of_family((int)pl->domain);
		f->sk.family = (__u16)pl->domain;
		f->sk.l4proto = l4_of((int)pl->domain, (int)pl->type,
				      (int)pl->protocol);
		f->cloexec = (pl->type & SOCK_CLOEXEC) != 0;
		f->sk.connected = ev->type == VIGIL_EV_SOCKETPAIR;
	}
	return 0;
}

#define OFF(name, f)	offsetof(struct vigil_ev_##name, f)

static int conn_event(struct vigil_state *st, struct vst_fdt *fdt,
		      const struct vigil_event *ev)
{
	const struct vigil_ev_connect *c = (const void *)(ev + 1);
	const struct vigil_ev_accept *a = (const void *)(ev + 1);
	const struct vigil_ev_accept4 *a4 = (const void *)(ev + 1);
	const struct vigil_ev_bind *b = (const void *)(ev + 1);
	const struct vigil_ev_listen *l = (const void *)(ev + 1);
	struct vst_fd *f, *lf;
	size_t loff, roff;

	switch (ev->type) {
	case VIGIL_EV_CONNECT:
		if (ev->res != 0 && ev->res != -EINPROGRESS)
			return 0;
		f = sock_fd(st, fdt, (__s32)c->fd, ev, OFF(connect, remote));
		if (!f)
			return -ENOMEM;
		set_l4(f, c->proto);
		take_addr(st, f, ev, OFF(connect, local), 0);
		take_addr(st, f, ev, OFF(connect, remote), 1);
		f->sk.connected = 1;
		f->sk.is_server = 0;
		return vst_fd_set_sockname(f);
	case VIGIL_EV_ACCEPT:
	case VIGIL_EV_ACCEPT4:
		if (ev->res < 0 || ev->res > INT32_MAX)
			return 0;
		lf = vst_fd_find(st, fdt, (__s32)a->fd);
		if (lf == vst_fd_find(st, fdt, (__s32)ev->res))
			lf = NULL;	/* replaced below */
		if (lf)		/* not the one the cap evicts */
			vst_list_move(&lf->lru, &st->fd_lru);
		f = vst_fd_install(st, fdt, (__s32)ev->res);
		if (!f)
			return -ENOMEM;
		if (ev->type == VIGIL_EV_ACCEPT) {
			loff = OFF(accept, local);
			roff = OFF(accept, remote);
			set_l4(f, a->proto);
		} else {
			loff = OFF(accept4, local);
			roff = OFF(accept4, remote);
			set_l4(f, a4->proto);
			f->cloexec = (a4->flags & SOCK_CLOEXEC) != 0;
		}
		if (lf) {
			f->sk.family = lf->sk.family;
			if (!f->sk.l4proto)
				f->sk.l4proto = lf->sk.l4proto;
		}
		take_addr(st, f, ev, loff, 0);
		take_addr(st, f, ev, roff, 1);
		f->type = fd_type_of_family(f->sk.family);
		f->sk.connected = 1;
		f->sk.is_server = 1;
		return vst_fd_set_sockname(f);
	case VIGIL_EV_BIND:
		if (ev->res != 0)
			return 0;
		f = sock_fd(st, fdt, (__s32)b->fd, ev, OFF(bind, local));
		if (!f)
			return -ENOMEM;
		set_l4(f, b->proto);
		take_addr(st, f, ev, OFF(bind, local), 0);
		/* a bound inet socket is a server one until it connects
		 * (sysdig's server socket: fd.sip is the bound address) */
		if (f->sk.has_local && (f->sk.family == AF_INET ||
					f->sk.family == AF_INET6))
			f->sk.is_server = 1;
		return vst_fd_set_sockname(f);
	case VIGIL_EV_LISTEN:
		if (ev->res != 0)
			return 0;
		f = sock_fd(st, fdt, (__s32)l->fd, ev, OFF(listen, local));
		if (!f)
			return -ENOMEM;
		take_addr(st, f, ev, OFF(listen, local), 0);
		f->sk.is_server = 1;
		return vst_fd_set_sockname(f);
	}
	return 0;
}

/* An unconnected datagram socket's peer, from sendto/recvfrom & co. */
static int peer_event(struct vigil_state *st, struct vst_fdt *fdt,
		      const struct vigil_event *ev, __s64 fd, size_t loff,
		      size_t roff)
{
	struct vst_fd *f;

	if (ev->res < 0 || fd < 0 || fd > INT32_MAX)
		return 0;
	f = vst_fd_find(st, fdt, (__s32)fd);
	if (!f || f->sk.connected ||
	    (f->type != VIGIL_FD_IPV4 && f->type != VIGIL_FD_IPV6))
		return 0;
	take_addr(st, f, ev, loff, 0);
	if (take_addr(st, f, ev, roff, 1) != 1)
		return 0;
	return vst_fd_set_sockname(f);
}

static int bpf_event(struct vigil_state *st, struct vst_fdt *fdt,
		     const struct vigil_event *ev)
{
	const struct vigil_ev_bpf *pl = (const void *)(ev + 1);

	switch (pl->cmd) {
	case BPF_MAP_CREATE:
	case BPF_PROG_LOAD:
	case BPF_OBJ_GET:
	case BPF_PROG_GET_FD_BY_ID:
	case BPF_MAP_GET_FD_BY_ID:
	case BPF_BTF_LOAD:
	case BPF_LINK_CREATE:
		/* The kernel makes every bpf fd close-on-exec. */
		return new_fd(st, fdt, ev->res, VIGIL_FD_BPF, 1, NULL, 0);
	}
	return 0;
}

/* The open family and close: most records, without the frame of the rest. */
static int open_close_event(struct vigil_state *st, struct vst_fdt *fdt,
			    const struct vigil_event *ev)
{
	const void *pl = ev + 1;
	const struct vigil_ev_openat *oa = pl;
	const struct vigil_ev_openat2 *o2 = pl;
	const struct vigil_ev_open *op = pl;
	const struct vigil_ev_creat *cr = pl;
	const struct vigil_ev_close *cl = pl;

	switch (ev->type) {
	case VIGIL_EV_OPEN:
		return open_event(st, fdt, ev, &op->name, op->flags,
				  op->dev, op->ino);
	case VIGIL_EV_OPENAT:
		return open_event(st, fdt, ev, &oa->name, oa->flags,
				  oa->dev, oa->ino);
	case VIGIL_EV_OPENAT2:
		return open_event(st, fdt, ev, &o2->name, o2->flags,
				  o2->dev, o2->ino);
	case VIGIL_EV_CREAT:
		return open_event(st, fdt, ev, &cr->name,
				  O_CREAT | O_WRONLY | O_TRUNC, cr->dev,
				  cr->ino);
	default:	/* VIGIL_EV_CLOSE */
		if (ev->res == -EBADF || cl->fd < 0 || cl->fd > INT32_MAX)
			return 0;
		st->pend_close_fdt = fdt;
		st->pend_close_fd = (__s32)cl->fd;
		return 0;
	}
}

static __attribute__((noinline)) int
other_event(struct vigil_state *st, struct vst_thread *t,
	    const struct vigil_event *ev)
{
	const void *pl = ev + 1;
	const struct vigil_ev_dup2 *d2 = pl;
	const struct vigil_ev_dup3 *d3 = pl;
	const struct vigil_ev_fcntl *fc = pl;
	const struct vigil_ev_memfd_create *mf = pl;
	const struct vigil_ev_userfaultfd *uf = pl;
	const struct vigil_ev_sendto *so = pl;
	const struct vigil_ev_recvfrom *rf = pl;
	const struct vigil_ev_sendmsg *sm = pl;
	const struct vigil_ev_recvmsg *rm = pl;
	struct vst_fdt *fdt = t->fdt;
	char name[VIGIL_SNAPLEN_MAX];
	const char *p;
	size_t n;

	switch (ev->type) {
	case VIGIL_EV_DUP:
		if (ev->res < 0)
			return 0;
		return dup_fd(st, fdt, ((const struct vigil_ev_dup *)pl)->oldfd,
			      ev->res, 0);
	case VIGIL_EV_DUP2:
		if (ev->res < 0)
			return 0;
		return dup_fd(st, fdt, d2->oldfd, ev->res, 0);
	case VIGIL_EV_DUP3:
		if (ev->res < 0)
			return 0;
		return dup_fd(st, fdt, d3->oldfd, ev->res,
			      (d3->flags & O_CLOEXEC) != 0);
	case VIGIL_EV_FCNTL:
		if (ev->res < 0 ||
		    (fc->cmd != F_DUPFD && fc->cmd != F_DUPFD_CLOEXEC))
			return 0;
		return dup_fd(st, fdt, fc->fd, ev->res,
			      fc->cmd == F_DUPFD_CLOEXEC);
	case VIGIL_EV_SOCKET:
	case VIGIL_EV_SOCKETPAIR:
		return socket_event(st, fdt, ev);
	case VIGIL_EV_CONNECT:
	case VIGIL_EV_ACCEPT:
	case VIGIL_EV_ACCEPT4:
	case VIGIL_EV_BIND:
	case VIGIL_EV_LISTEN:
		return conn_event(st, fdt, ev);
	case VIGIL_EV_SENDTO:
		return peer_event(st, fdt, ev, so->fd, OFF(sendto, local),
				  OFF(sendto, remote));
	case VIGIL_EV_RECVFROM:
		return peer_event(st, fdt, ev, rf->fd, OFF(recvfrom, local),
				  OFF(recvfrom, remote));
	case VIGIL_EV_SENDMSG:
		return peer_event(st, fdt, ev, sm->fd, OFF(sendmsg, local),
				  OFF(sendmsg, remote));
	case VIGIL_EV_RECVMSG:
		return peer_event(st, fdt, ev, rm->fd, OFF(recvmsg, local),
				  OFF(recvmsg, remote));
	case VIGIL_EV_MEMFD_CREATE:
		if (ev->res < 0)
			return 0;
		n = 0;
		if (!vigil_field_bytes(ev, fdesc(ev, OFF(memfd_create, name)),
				       &p, &n))
			n = strnlen(p, n);
		else
			p = "";
		n = (size_t)snprintf(name, sizeof(name), "memfd:%.*s",
				     (int)n, p);
		if (n >= sizeof(name))
			n = sizeof(name) - 1;
		return new_fd(st, fdt, ev->res, VIGIL_FD_MEMFD,
			      (mf->flags & MFD_CLOEXEC_FLAG) != 0, name, n);
	case VIGIL_EV_USERFAULTFD:
		return new_fd(st, fdt, ev->res, VIGIL_FD_USERFAULTFD,
			      (uf->flags & O_CLOEXEC) != 0, NULL, 0);
	case VIGIL_EV_BPF:
		return bpf_event(st, fdt, ev);
	}
	return 0;
}

int vst_fd_event(struct vigil_state *st, struct vst_thread *t,
		 const struct vigil_event *ev)
{
	switch (ev->type) {
	case VIGIL_EV_OPEN:
	case VIGIL_EV_OPENAT:
	case VIGIL_EV_OPENAT2:
	case VIGIL_EV_CREAT:
	case VIGIL_EV_CLOSE:
		return open_close_event(st, t->fdt, ev);
	}
	return other_event(st, t, ev);
}

/* ---- getters ---- */

static const char *const type_names[VIGIL_FD_NR_TYPES] = {
	[VIGIL_FD_UNKNOWN] = "unknown",	[VIGIL_FD_FILE] = "file",
	[VIGIL_FD_DIRECTORY] = "directory", [VIGIL_FD_IPV4] = "ipv4",
	[VIGIL_FD_IPV6] = "ipv6",	[VIGIL_FD_UNIX] = "unix",
	[VIGIL_FD_PIPE] = "pipe",	[VIGIL_FD_EVENT] = "event",
	[VIGIL_FD_SIGNALFD] = "signalfd", [VIGIL_FD_EVENTPOLL] = "eventpoll",
	[VIGIL_FD_INOTIFY] = "inotify",	[VIGIL_FD_TIMERFD] = "timerfd",
	[VIGIL_FD_NETLINK] = "netlink",	[VIGIL_FD_MEMFD] = "memfd",
	[VIGIL_FD_USERFAULTFD] = "userfaultfd", [VIGIL_FD_BPF] = "bpf",
	[VIGIL_FD_IOURING] = "io_uring", [VIGIL_FD_PIDFD] = "pidfd",
	[VIGIL_FD_SOCKET] = "socket",
};

/* Falco's one-letter codes (sinsp fdinfo). */
static const char type_chars[VIGIL_FD_NR_TYPES] = {
	[VIGIL_FD_UNKNOWN] = 'o', [VIGIL_FD_FILE] = 'f',
	[VIGIL_FD_DIRECTORY] = 'd', [VIGIL_FD_IPV4] = '4',
	[VIGIL_FD_IPV6] = '6', [VIGIL_FD_UNIX] = 'u', [VIGIL_FD_PIPE] = 'p',
	[VIGIL_FD_EVENT] = 'e', [VIGIL_FD_SIGNALFD] = 's',
	[VIGIL_FD_EVENTPOLL] = 'l', [VIGIL_FD_INOTIFY] = 'i',
	[VIGIL_FD_TIMERFD] = 't', [VIGIL_FD_NETLINK] = 'n',
	[VIGIL_FD_MEMFD] = 'm', [VIGIL_FD_USERFAULTFD] = 'u',
	[VIGIL_FD_BPF] = 'b', [VIGIL_FD_IOURING] = 'r',
	[VIGIL_FD_PIDFD] = 'P', [VIGIL_FD_SOCKET] = 'o',
};

const char *vigil_fd_type_name(enum vigil_fd_type type)
{
	return (unsigned int)type < VIGIL_FD_NR_TYPES ? type_names[type] :
							 "unknown";
}

char vigil_fd_typechar(enum vigil_fd_type type)
{
	return *vigil_fd_typechar_at(type);
}

const char *vigil_fd_typechar_at(enum vigil_fd_type type)
{
	return (unsigned int)type < VIGIL_FD_NR_TYPES ?
		       &type_chars[type] : &type_chars[VIGIL_FD_UNKNOWN];
}

const struct vigil_fd *vigil_state_fd(struct vigil_state *st,
				      const struct vigil_thread *t, __s64 fd)
{
	const struct vst_thread *vt = (const struct vst_thread *)t;

	if (!vt || fd < 0 || fd > INT32_MAX)
		return NULL;
	return (const struct vigil_fd *)vst_fd_find(st, vt->fdt, (__s32)fd);
}

#define F(f)	((const struct vst_fd *)(f))

__s32 vigil_fd_num(const struct vigil_fd *f)
{
	return F(f)->fd;
}

enum vigil_fd_type vigil_fd_type(const struct vigil_fd *f)
{
	return (enum vigil_fd_type)F(f)->type;
}

const char *vigil_fd_name(const struct vigil_fd *f, size_t *len)
{
	const struct vst_str *s = F(f)->name;

	if (len)
		*len = s ? s->len : 0;
	return s ? s->s : "";
}

const char *vigil_fd_nameraw(const struct vigil_fd *f, size_t *len)
{
	const struct vst_str *s = F(f)->raw ? F(f)->raw : F(f)->name;

	if (len)
		*len = s ? s->len : 0;
	return s ? s->s : "";
}

static int is_file(const struct vst_fd *f)
{
	return f->type == VIGIL_FD_FILE || f->type == VIGIL_FD_DIRECTORY;
}

const char *vigil_fd_directory(const struct vigil_fd *f, size_t *len)
{
	if (!is_file(F(f)) || !F(f)->name || !F(f)->dir_len) {
		*len = 0;
		return NULL;
	}
	*len = F(f)->dir_len;
	return F(f)->name->s;
}

const char *vigil_fd_filename(const struct vigil_fd *f, size_t *len)
{
	const struct vst_str *s = F(f)->name;

	if (!is_file(F(f)) || !s) {
		*len = 0;
		return NULL;
	}
	/* fd_set_name() found the last '/' */
	*len = s->len - F(f)->base_off;
	return s->s + F(f)->base_off;
}

__u32 vigil_fd_open_flags(const struct vigil_fd *f)
{
	return F(f)->oflags;
}

int vigil_fd_cloexec(const struct vigil_fd *f)
{
	return F(f)->cloexec;
}

__u64 vigil_fd_dev(const struct vigil_fd *f)
{
	return F(f)->dev;
}

__u64 vigil_fd_ino(const struct vigil_fd *f)
{
	return F(f)->ino;
}

int vigil_fd_sock(const struct vigil_fd *f, struct vigil_fd_sock *out)
{
	switch (F(f)->type) {
	case VIGIL_FD_IPV4:
	case VIGIL_FD_IPV6:
	case VIGIL_FD_UNIX:
	case VIGIL_FD_NETLINK:
	case VIGIL_FD_SOCKET:
		*out = F(f)->sk;
		return 0;
	}
	return -ENOTSOCK;
}

const char *vigil_l4proto_name(__u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return "icmp";
	case IPPROTO_RAW:
		return "raw";
	}
	return NULL;
}
