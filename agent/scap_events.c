// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * .scap event blocks -> vigil records.  scap_convtab.c says, for every
 * scap event version, which vigil type it becomes and where each payload
 * field comes from; this file parses parameters, pairs enter and exit,
 * builds records and keeps the thread and fd tables right.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "decode.h"
#include "path_norm.h"
#include "scap_convtab.h"
#include "scap_events.h"
#include "scap_xlat.h"

#define ENTER_MAX	65536	/* bytes of an enter event kept per thread */
#define PATH_BUF	4096

#define FIDX_ROWS	512	/* exit PPME numbers the rows use */
#define FIDX_NONE	0xff

struct scap_conv {
	struct scap_state *st;
	struct scap_conv_stats stats;
	__u64 num;
	unsigned char rec[VIGIL_REC_MAX];
	size_t rec_len;
	const struct vigil_type_desc *td;
	char path[2][PATH_BUF];
	/* row fields resolved by name once: 1 + index in td, or FIDX_NONE */
	__u8 fidx[FIDX_ROWS][SCAP_ROW_FIELDS];
};

static int errf(char *err, size_t errlen, int e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return e;
}

struct scap_conv *scap_conv_new(struct scap_state *st)
{
	struct scap_conv *c = calloc(1, sizeof(*c));

	if (!c) {
		errno = ENOMEM;
		return NULL;
	}
	c->st = st;
	return c;
}

void scap_conv_free(struct scap_conv *c)
{
	free(c);
}

const struct scap_conv_stats *scap_conv_stats(const struct scap_conv *c)
{
	return &c->stats;
}

/* ---- event parameters ---- */

struct sev {
	__u64 ts;
	__s64 tid;
	__u16 type;
	__u16 cpu;
	__u32 np;
	const unsigned char *val[SCAP_MAX_PARAMS];
	__u32 len[SCAP_MAX_PARAMS];
};

/*
 * Split the parameter area (lens, then values) into s.  nparams is
 * given (v2 blocks) or, for v1 blocks, found as the largest count up to
 * max_np whose lengths add up to the area exactly (what sysdig does).
 */
static int split_params(struct sev *s, const unsigned char *p, size_t n,
			int have_np, __u32 np, __u32 max_np)
{
	__u32 i, try;
	size_t sum;

	if (have_np) {
		if (np > SCAP_MAX_PARAMS || (size_t)np * 2 > n)
			return -1;
		for (i = 0, sum = 0; i < np; i++) {
			__u16 l;

			memcpy(&l, p + 2 * i, 2);
			s->len[i] = l;
			sum += l;
		}
		if (sum > n - np * 2)
			return -1;
	} else {
		for (try = max_np + 1; try-- > 0;) {
			if ((size_t)try * 2 > n)
				continue;
			for (i = 0, sum = 0; i < try; i++) {
				__u16 l;

				memcpy(&l, p + 2 * i, 2);
				s->len[i] = l;
				sum += l;
			}
			if (sum == n - try * 2)
				break;
		}
		if (try == (__u32)-1)
			return -1;
		np = try;
	}
	s->np = np;
	p += np * 2;
	for (i = 0; i < np; i++) {
		s->val[i] = p;
		p += s->len[i];
	}
	return 0;
}

/* Header of an event block; *params, *plen: the parameter area. */
static int parse_hdr(const struct scap_block *b, struct sev *s,
		     const unsigned char **params, size_t *plen,
		     __u32 *np, int *have_np)
{
	size_t pos = 2, hlen;
	__u32 len;

	if (scap_bt_event_has_flags(b->type))
		pos += 4;
	*have_np = scap_bt_event_has_nparams(b->type);
	hlen = 8 + 8 + 4 + 2 + (*have_np ? 4 : 0);
	if (b->len < pos + hlen)
		return -1;
	memcpy(&s->cpu, b->body, 2);
	memcpy(&s->ts, b->body + pos, 8);
	memcpy(&s->tid, b->body + pos + 8, 8);
	memcpy(&len, b->body + pos + 16, 4);
	memcpy(&s->type, b->body + pos + 20, 2);
	*np = 0;
	if (*have_np)
		memcpy(np, b->body + pos + 22, 4);
	if (len < hlen || len > b->len - pos)
		return -1;
	*params = b->body + pos + hlen;
	*plen = len - hlen;
	return 0;
}

static int has(const struct sev *s, unsigned int i)
{
	return s && i < s->np;
}

/*
 * Parameters past s->np are never set (a struct sev is not cleared per
 * event): read them as absent, 0 and the empty string.
 */
static __u64 get_int(const struct sev *s, unsigned int i, int sign)
{
	const unsigned char *v;

	if (!has(s, i))
		return 0;
	v = s->val[i];
	switch (s->len[i]) {
	case 1:
		return sign ? (__u64)(__s64)(__s8)v[0] : v[0];
	case 2: {
		__u16 x;

		memcpy(&x, v, 2);
		return sign ? (__u64)(__s64)(__s16)x : x;
	}
	case 4: {
		__u32 x;

		memcpy(&x, v, 4);
		return sign ? (__u64)(__s64)(__s32)x : x;
	}
	case 8: {
		__u64 x;

		memcpy(&x, v, 8);
		return x;
	}
	}
	return 0;
}

/* A string parameter without its trailing NUL. */
static void get_str(const struct sev *s, unsigned int i, const char **p,
		    size_t *n)
{
	if (!has(s, i)) {
		*p = NULL;
		*n = 0;
		return;
	}
	*p = (const char *)s->val[i];
	*n = s->len[i];
	if (*n && (*p)[*n - 1] == '\0')
		(*n)--;
}

/* ---- record builder ---- */

static void rb_init(struct scap_conv *c, unsigned int type)
{
	c->td = vigil_type_desc(type);
	memset(c->rec, 0, sizeof(struct vigil_event) + c->td->payload_size);
	c->rec_len = sizeof(struct vigil_event) + c->td->payload_size;
	((struct vigil_event *)c->rec)->type = (__u16)type;
}

static void *rb_field(struct scap_conv *c, const struct vigil_field_desc *f)
{
	return c->rec + sizeof(struct vigil_event) + f->off;
}

/* Append bytes + NUL, at most snaplen; returns the offset or 0. */
static __u16 rb_append(struct scap_conv *c, const char *p, size_t n,
		       __u16 *outlen, int *trunc)
{
	size_t off = c->rec_len;

	*trunc = 0;
	if (n > VIGIL_SNAPLEN_DEFAULT) {
		n = VIGIL_SNAPLEN_DEFAULT;
		*trunc = 1;
	}
	if (off + n + 1 > VIGIL_REC_MAX - VIGIL_REC_ALIGN) {
		if (off + 1 >= VIGIL_REC_MAX - VIGIL_REC_ALIGN)
			return 0;
		n = VIGIL_REC_MAX - VIGIL_REC_ALIGN - off - 1;
		*trunc = 1;
	}
	memcpy(c->rec + off, p, n);
	c->rec[off + n] = '\0';
	c->rec_len = off + n + 1;
	*outlen = (__u16)n;
	return (__u16)off;
}

static void rb_str(struct scap_conv *c, const struct vigil_field_desc *f,
		   const char *p, size_t n)
{
	struct vigil_str s = { 0, 0, 0, 0 };
	int trunc;

	s.off = rb_append(c, p, n, &s.len, &trunc);
	if (trunc) {
		s.flags |= VIGIL_EVF_TRUNCATED;
		((struct vigil_event *)c->rec)->flags |= VIGIL_EVF_TRUNCATED;
	}
	memcpy(rb_field(c, f), &s, sizeof(s));
}

static void rb_u64(struct scap_conv *c, const struct vigil_field_desc *f,
		   __u64 v)
{
	memcpy(rb_field(c, f), &v, sizeof(v));
}

static void rb_addr(struct scap_conv *c, const struct vigil_field_desc *f,
		    struct vigil_sockaddr *sa, const char *path, size_t plen)
{
	if (sa->family == AF_UNIX && path) {
		int trunc;

		sa->path_off = rb_append(c, path, plen, &sa->path_len, &trunc);
	}
	memcpy(rb_field(c, f), sa, sizeof(*sa));
}

static const struct vigil_event *rb_finish(struct scap_conv *c)
{
	struct vigil_event *ev = (struct vigil_event *)c->rec;
	size_t len = (c->rec_len + VIGIL_REC_ALIGN - 1) &
		     ~(size_t)(VIGIL_REC_ALIGN - 1);

	memset(c->rec + c->rec_len, 0, len - c->rec_len);
	ev->len = (__u32)len;
	return ev;
}

/* ---- field sources ---- */

struct ctx {
	struct scap_conv *c;
	struct scap_thread *t;
	const struct sev *e;	/* paired enter, or NULL */
	const struct sev *x;	/* exit (procexit: the event itself) */
	int pathslot;
};

static const struct sev *dir_ev(const struct ctx *k, __u8 dir)
{
	return dir == SCAP_DIR_E ? k->e : k->x;
}

static const char *fd_name(struct ctx *k, __s64 fd)
{
	struct scap_fdinfo *f;

	if (!k->t)
		return NULL;
	f = scap_fd_get(k->c->st, k->t, fd);
	return f ? f->name : NULL;
}

static void sockaddr_from_fd(struct ctx *k, __s64 fd, int remote,
			     struct vigil_sockaddr *sa, const char **path)
{
	struct scap_fdinfo *f = k->t ? scap_fd_get(k->c->st, k->t, fd) : NULL;

	*path = NULL;
	if (!f || !f->family)
		return;
	sa->family = f->family;
	if (f->family == AF_UNIX) {
		*path = f->name;
		return;
	}
	memcpy(sa->addr, remote ? f->dip : f->sip, 16);
	sa->port = remote ? f->dport : f->sport;
}

/*
 * PT_SOCKADDR: family byte, then v4 addr + port, v6 addr + port, or a
 * unix path.  PT_SOCKTUPLE: family, then src addr, src port, dst addr,
 * dst port (unix: two 8-byte ids and a path).  which: 0 sockaddr,
 * 1 tuple source, 2 tuple destination.
 */
static int parse_addr(const unsigned char *v, size_t n, int which,
		      struct vigil_sockaddr *sa, const char **path,
		      size_t *plen)
{
	size_t alen;

	*path = NULL;
	*plen = 0;
	if (n < 1)
		return -1;
	switch (v[0]) {
	case AF_INET:
		alen = 4;
		break;
	case AF_INET6:
		alen = 16;
		break;
	case AF_UNIX: {
		size_t skip = which ? 17 : 1;

		if (n < skip)
			return -1;
		sa->family = AF_UNIX;
		*path = (const char *)v + skip;
		*plen = strnlen(*path, n - skip);
		return 0;
	}
	default:
		return -1;
	}
	if (which == 0) {
		if (n < 1 + alen + 2)
			return -1;
		memcpy(sa->addr, v + 1, alen);
		memcpy(&sa->port, v + 1 + alen, 2);
	} else {
		size_t o = which == 1 ? 1 : 1 + alen + 2;

		if (n < 1 + 2 * (alen + 2))
			return -1;
		memcpy(sa->addr, v + o, alen);
		memcpy(&sa->port, v + o + alen, 2);
	}
	sa->family = v[0];
	return 0;
}

/* Descriptor of field i of row in c->td (the row's type), NULL if none. */
static const struct vigil_field_desc *
row_field(struct scap_conv *c, const struct scap_convrow *row, unsigned int i)
{
	const struct vigil_field_desc *f;
	__u8 *slot;

	if (row->xtype >= FIDX_ROWS)
		return vigil_field_by_name(c->td, row->f[i].field);
	slot = &c->fidx[row->xtype][i];
	if (*slot == FIDX_NONE)
		return NULL;
	if (*slot)
		return &c->td->fields[*slot - 1];
	f = vigil_field_by_name(c->td, row->f[i].field);
	if (!f)
		*slot = FIDX_NONE;
	else if (f - c->td->fields < FIDX_NONE - 1)
		*slot = (__u8)(f - c->td->fields + 1);
	return f;
}

static void fill_field(struct ctx *k, const struct scap_fsrc *fs,
		       const struct vigil_field_desc *f)
{
	const struct sev *s = dir_ev(k, fs->dir);
	unsigned int idx = fs->idx, aux = fs->aux;
	int sign;

	if (!f)
		return;
	if (!has(s, idx) && fs->dir2 != SCAP_DIR_NONE) {
		s = dir_ev(k, fs->dir2);
		idx = fs->idx2;
		aux = fs->aux2;
	}
	sign = f->kind == VIGIL_KIND_S64;
	switch (fs->how) {
	case SCAP_H_INT:
		/* exit param 0 is the result: index 0 there means none */
		if (!idx && s == k->x && fs->dir == SCAP_DIR_X) {
			if (sign)
				rb_u64(k->c, f, (__u64)-1);
			return;
		}
		if (has(s, idx))
			rb_u64(k->c, f, scap_xlat(aux, get_int(s, idx, sign)));
		else if (sign)
			rb_u64(k->c, f, (__u64)-1);
		return;
	case SCAP_H_STR: {
		const char *p;
		size_t n;

		if (!has(s, idx) || (!idx && fs->dir == SCAP_DIR_X))
			return;
		get_str(s, idx, &p, &n);
		rb_str(k->c, f, p, n);
		return;
	}
	case SCAP_H_PATH: {
		const char *p, *dir = NULL;
		char *out = k->c->path[k->pathslot++ & 1];
		size_t n;

		if (!has(s, idx))
			return;
		get_str(s, idx, &p, &n);
		if (aux == SCAP_AUX_ASIS) {
			rb_str(k->c, f, p, n);
			return;
		}
		if (!n || p[0] != '/') {
			__s64 dfd = -100;

			if (aux && has(s, aux - 1))
				dfd = (__s64)get_int(s, aux - 1, 1);
			if (dfd == -100)
				dir = k->t ? k->t->cwd : NULL;
			else
				dir = fd_name(k, dfd);
			if (!dir) {
				rb_str(k->c, f, p, n);
				return;
			}
		}
		vigil_path_norm(out, PATH_BUF, dir, dir ? strlen(dir) : 0, p, n,
				0);
		rb_str(k->c, f, out, strlen(out));
		return;
	}
	case SCAP_H_FDNAME: {
		const char *name;

		if (!has(s, idx))
			return;
		name = fd_name(k, (__s64)get_int(s, idx, 1));
		if (name)
			rb_str(k->c, f, name, strlen(name));
		return;
	}
	case SCAP_H_CWD:
		if (k->t && k->t->cwd)
			rb_str(k->c, f, k->t->cwd, strlen(k->t->cwd));
		return;
	case SCAP_H_SADDR:
	case SCAP_H_TUP_SRC:
	case SCAP_H_TUP_DST: {
		struct vigil_sockaddr sa;
		const char *path;
		size_t plen;
		int which = fs->how == SCAP_H_SADDR ? 0 :
			    fs->how == SCAP_H_TUP_SRC ? 1 : 2;

		memset(&sa, 0, sizeof(sa));
		if (!has(s, idx) ||
		    parse_addr(s->val[idx], s->len[idx], which, &sa, &path,
			       &plen))
			return;
		rb_addr(k->c, f, &sa, path, plen);
		return;
	}
	case SCAP_H_FDADDR: {
		struct vigil_sockaddr sa;
		const char *path;

		memset(&sa, 0, sizeof(sa));
		if (!has(s, idx))
			return;
		sockaddr_from_fd(k, (__s64)get_int(s, idx, 1), aux, &sa,
				 &path);
		rb_addr(k->c, f, &sa, path, path ? strlen(path) : 0);
		return;
	}
	case SCAP_H_FDPROTO: {
		struct scap_fdinfo *fi;

		if (!has(s, idx) || !k->t)
			return;
		fi = scap_fd_get(k->c->st, k->t, (__s64)get_int(s, idx, 1));
		rb_u64(k->c, f, fi ? fi->l4proto : 0);
		return;
	}
	case SCAP_H_CONST:
		rb_u64(k->c, f, (__u64)(__s64)(__s8)aux);
		return;
	case SCAP_H_ARGV: {
		/* argv[0] then the NUL-separated arguments */
		char buf[VIGIL_SNAPLEN_DEFAULT + 1];
		const char *p;
		size_t n, m = 0;

		if (!has(s, idx))
			return;
		get_str(s, idx, &p, &n);
		n = n > VIGIL_SNAPLEN_DEFAULT ? VIGIL_SNAPLEN_DEFAULT : n;
		memcpy(buf, p, n);
		buf[n] = '\0';
		m = n + 1;
		if (has(s, aux) && s->len[aux]) {
			size_t a = s->len[aux];

			if (a > sizeof(buf) - m)
				a = sizeof(buf) - m;
			memcpy(buf + m, s->val[aux], a);
			m += a;
		}
		/* the field's length excludes the final NUL */
		if (m && buf[m - 1] == '\0')
			m--;
		rb_str(k->c, f, buf, m);
		return;
	}
	case SCAP_H_CGROUP: {
		const char *p, *eq;
		size_t n;

		if (!idx || !has(s, idx))
			return;
		p = (const char *)s->val[idx];
		n = strnlen(p, s->len[idx]);
		eq = memchr(p, '=', n);
		if (eq)
			rb_str(k->c, f, eq + 1, n - (size_t)(eq + 1 - p));
		return;
	}
	case SCAP_H_SID:
		rb_u64(k->c, f, k->t ? (__u64)k->t->sid : (__u64)-1);
		return;
	case SCAP_H_VPID:
		if (k->t)
			rb_u64(k->c, f, (__u64)(aux ? k->t->vtid : k->t->vpid));
		return;
	}
}

/* ---- header ---- */

static void fill_header(struct ctx *k, const struct sev *x, __s64 res)
{
	struct vigil_event *ev = (struct vigil_event *)k->c->rec;
	struct scap_thread *t = k->t;

	ev->ts_ns = x->ts;
	ev->res = res;
	ev->tid = (__u32)x->tid;
	ev->cpu = x->cpu;
	ev->nr = k->c->td->nr == VIGIL_NR_NONE ? 0 : k->c->td->nr;
	ev->loginuid = (__u32)-1;
	if (!t) {
		ev->tgid = (__u32)x->tid;
		ev->uid = ev->euid = (__u32)-1;	/* unknown, as in sysdig */
		ev->gid = ev->egid = (__u32)-1;
		return;
	}
	ev->tgid = (__u32)t->pid;
	ev->uid = ev->euid = t->uid;
	ev->gid = ev->egid = t->gid;
	ev->loginuid = t->loginuid;
	if (t->ptid > 0) {
		struct scap_thread *p = scap_thread_get(k->c->st, t->ptid);

		ev->ppid = (__u32)(p ? p->pid : t->ptid);
	}
	if (t->comm) {
		strncpy(ev->comm, t->comm, VIGIL_COMM_LEN - 1);
		ev->comm[VIGIL_COMM_LEN - 1] = '\0';
	}
}

/* ---- state updates ---- */

static struct scap_thread *thread_for(struct scap_conv *c, __s64 tid)
{
	return scap_thread_add(c->st, tid);
}

static void copy_proc_strings(struct scap_thread *dst,
			      const struct scap_thread *src)
{
	if (src->comm)
		scap_set_str(&dst->comm, src->comm, strlen(src->comm));
	if (src->exe)
		scap_set_str(&dst->exe, src->exe, strlen(src->exe));
	if (src->exepath)
		scap_set_str(&dst->exepath, src->exepath,
			     strlen(src->exepath));
	if (src->args) {
		scap_set_str(&dst->args, src->args, src->args_len);
		dst->args_len = src->args_len;
	}
	if (src->cwd)
		scap_set_str(&dst->cwd, src->cwd, strlen(src->cwd));
	if (src->cgroups) {
		scap_set_str(&dst->cgroups, src->cgroups, src->cgroups_len);
		dst->cgroups_len = src->cgroups_len;
	}
	memcpy(dst->container_id, src->container_id,
	       sizeof(dst->container_id));
	dst->uid = src->uid;
	dst->gid = src->gid;
	dst->loginuid = src->loginuid;
	dst->sid = src->sid;
	dst->vpgid = src->vpgid;
	dst->tty = src->tty;
}

/* A new process gets a copy of its parent's fd table. */
static void copy_fds(struct scap_state *st, struct scap_thread *child,
		     struct scap_thread *parent)
{
	struct scap_thread *owner = parent;
	__u32 i;

	if (parent->pid != parent->tid) {
		owner = scap_thread_get(st, parent->pid);
		if (!owner)
			owner = parent;
	}
	if (owner == child || child->nfds)
		return;
	for (i = 0; i < owner->nfds; i++) {
		struct scap_fdinfo *f = scap_fd_set(st, child, owner->fds[i].fd);
		char *name = NULL;

		if (!f)
			return;
		if (owner->fds[i].name)
			scap_set_str(&name, owner->fds[i].name,
				     strlen(owner->fds[i].name));
		*f = owner->fds[i];
		f->name = name;
	}
}

static void set_param_str(char **dst, const struct sev *s, int i)
{
	const char *p;
	size_t n;

	if (i < 0 || !has(s, (unsigned int)i))
		return;
	get_str(s, (unsigned int)i, &p, &n);
	scap_set_str(dst, p, n);
}

/* Params 18, 19 of a clone exit (the 20-param layouts): vtid, vpid. */
static void set_vids(struct scap_thread *t, const struct sev *x)
{
	if (has(x, 18))
		t->vtid = (__s64)get_int(x, 18, 1);
	if (has(x, 19))
		t->vpid = (__s64)get_int(x, 19, 1);
}

/* clone/fork/vfork/clone3 exit: the parent's and the child's side. */
static void on_clone(struct ctx *k, const struct scap_procmap *pm, __s64 res)
{
	struct scap_state *st = k->c->st;
	const struct sev *x = k->x;
	struct scap_thread *child, *parent = k->t;
	__u64 flags = 0;

	if (pm->flags >= 0 && has(x, (unsigned int)pm->flags))
		flags = get_int(x, (unsigned int)pm->flags, 0);
	if (res < 0)
		return;
	if (res > 0) {
		/* parent side: the child may already be known */
		if (scap_thread_get(st, res) || !parent)
			return;
		child = thread_for(k->c, res);
		if (!child)
			return;
		copy_proc_strings(child, parent);
		if (flags & (1 << 13)) {	/* PPM_CL_CLONE_THREAD */
			child->pid = parent->pid;
			child->ptid = parent->ptid;
		} else {
			child->pid = res;
			child->ptid = parent->tid;
			copy_fds(st, child, parent);
		}
		return;
	}
	/* child side: the event carries the new thread's identity */
	child = k->t;
	if (child)
		set_vids(child, x);
	if (!child)
		return;
	if (has(x, 4))
		child->pid = (__s64)get_int(x, 4, 1);
	if (has(x, 5))
		child->ptid = (__s64)get_int(x, 5, 1);
	parent = scap_thread_get(st, child->ptid);
	if (parent && parent != child && !child->comm)
		copy_proc_strings(child, parent);
	set_param_str(&child->exe, x, 1);
	if (has(x, 2)) {
		scap_set_str(&child->args, (const char *)x->val[2], x->len[2]);
		child->args_len = x->len[2];
	}
	set_param_str(&child->cwd, x, 6);
	set_param_str(&child->comm, x, pm->comm);
	if (pm->uid >= 0 && has(x, (unsigned int)pm->uid))
		child->uid = (__u32)get_int(x, (unsigned int)pm->uid, 0);
	if (pm->gid >= 0 && has(x, (unsigned int)pm->gid))
		child->gid = (__u32)get_int(x, (unsigned int)pm->gid, 0);
	if (pm->cgroups >= 0 && has(x, (unsigned int)pm->cgroups)) {
		unsigned int i = (unsigned int)pm->cgroups;

		scap_set_str(&child->cgroups, (const char *)x->val[i],
			     x->len[i]);
		child->cgroups_len = x->len[i];
		scap_container_id(child->cgroups, child->cgroups_len,
				  child->container_id);
	}
	if (parent && parent != child && child->pid == child->tid)
		copy_fds(st, child, parent);
}

static void on_execve(struct ctx *k, const struct scap_procmap *pm,
		      const char *exepath)
{
	struct scap_thread *t = k->t;
	const struct sev *x = k->x;

	if (!t)
		return;
	set_param_str(&t->exe, x, 1);
	if (has(x, 2)) {
		scap_set_str(&t->args, (const char *)x->val[2], x->len[2]);
		t->args_len = x->len[2];
	}
	if (has(x, 4))
		t->pid = (__s64)get_int(x, 4, 1);
	if (has(x, 5))
		t->ptid = (__s64)get_int(x, 5, 1);
	set_param_str(&t->cwd, x, 6);
	if (pm->comm >= 0 && has(x, (unsigned int)pm->comm)) {
		set_param_str(&t->comm, x, pm->comm);
	} else if (t->exe) {
		const char *base = strrchr(t->exe, '/');

		base = base ? base + 1 : t->exe;
		scap_set_str(&t->comm, base, strnlen(base, 15));
	}
	if (pm->cgroups >= 0 && has(x, (unsigned int)pm->cgroups)) {
		unsigned int i = (unsigned int)pm->cgroups;

		scap_set_str(&t->cgroups, (const char *)x->val[i], x->len[i]);
		t->cgroups_len = x->len[i];
		scap_container_id(t->cgroups, t->cgroups_len,
				  t->container_id);
	}
	if (pm->loginuid >= 0 && has(x, (unsigned int)pm->loginuid))
		t->loginuid = (__u32)get_int(x, (unsigned int)pm->loginuid, 0);
	if (pm->tty >= 0 && has(x, (unsigned int)pm->tty))
		t->tty = (__u32)get_int(x, (unsigned int)pm->tty, 0);
	if (exepath)
		scap_set_str(&t->exepath, exepath, strlen(exepath));
}

/* An fd result: remember what it refers to. */
static void fd_opened(struct ctx *k, __s64 fd, __u8 type, const char *name)
{
	struct scap_fdinfo *f;

	if (fd < 0 || !k->t)
		return;
	f = scap_fd_set(k->c->st, k->t, fd);
	if (!f)
		return;
	f->type = type;
	if (name)
		scap_set_str(&f->name, name, strlen(name));
}

/* The string a STR field of the record under construction holds. */
static const char *rec_str(struct scap_conv *c, const char *field)
{
	const struct vigil_field_desc *f = vigil_field_by_name(c->td, field);
	struct vigil_str s;

	if (!f)
		return NULL;
	memcpy(&s, rb_field(c, f), sizeof(s));
	return s.off ? (const char *)c->rec + s.off : NULL;
}

static void fd_socket(struct ctx *k, __s64 fd, const struct sev *e)
{
	struct scap_fdinfo *f;
	__u64 dom, type;

	if (fd < 0 || !k->t || !has(e, 1))
		return;
	f = scap_fd_set(k->c->st, k->t, fd);
	if (!f)
		return;
	dom = get_int(e, 0, 0);
	type = get_int(e, 1, 0) & 0xf;
	f->family = (__u16)dom;
	f->type = dom == AF_INET ? SCAP_FD_IPV4_SOCK :
		  dom == AF_INET6 ? SCAP_FD_IPV6_SOCK :
		  dom == AF_UNIX ? SCAP_FD_UNIX_SOCK : SCAP_FD_UNSUPPORTED;
	if (dom == AF_INET || dom == AF_INET6)
		f->l4proto = type == SOCK_STREAM ? IPPROTO_TCP :
			     type == SOCK_DGRAM ? IPPROTO_UDP : 0;
}

/* connect/accept: the fd now names a connection; record both ends. */
static void fd_connected(struct ctx *k, __s64 fd, const struct sev *s,
			 unsigned int tup, int inbound, int is_new)
{
	struct vigil_sockaddr src, dst;
	const char *path;
	size_t plen;
	struct scap_fdinfo *f;

	if (fd < 0 || !k->t || !has(s, tup))
		return;
	memset(&src, 0, sizeof(src));
	memset(&dst, 0, sizeof(dst));
	if (parse_addr(s->val[tup], s->len[tup], 1, &src, &path, &plen) ||
	    parse_addr(s->val[tup], s->len[tup], 2, &dst, &path, &plen))
		return;
	f = is_new ? scap_fd_set(k->c->st, k->t, fd) :
		     scap_fd_get(k->c->st, k->t, fd);
	if (!f)
		f = scap_fd_set(k->c->st, k->t, fd);
	if (!f)
		return;
	f->family = src.family;
	if (src.family == AF_UNIX) {
		f->type = SCAP_FD_UNIX_SOCK;
		if (path)
			scap_set_str(&f->name, path, plen);
		return;
	}
	f->type = src.family == AF_INET ? SCAP_FD_IPV4_SOCK :
					  SCAP_FD_IPV6_SOCK;
	/* sip/sport: local end, dip/dport: remote end */
	memcpy(f->sip, inbound ? dst.addr : src.addr, 16);
	f->sport = inbound ? dst.port : src.port;
	memcpy(f->dip, inbound ? src.addr : dst.addr, 16);
	f->dport = inbound ? src.port : dst.port;
	if (!f->l4proto)
		f->l4proto = IPPROTO_TCP;
}

/* A bound inet socket serves its address (sysdig's server socket):
 * listen reads it back (SCAP_H_FDADDR). */
static void fd_bound(struct ctx *k, __s64 fd, const struct sev *x)
{
	struct vigil_sockaddr sa;
	const char *path;
	size_t plen;
	struct scap_fdinfo *f;

	if (fd < 0 || !k->t || !has(x, 1))
		return;
	memset(&sa, 0, sizeof(sa));
	if (parse_addr(x->val[1], x->len[1], 0, &sa, &path, &plen) ||
	    (sa.family != AF_INET && sa.family != AF_INET6))
		return;
	f = scap_fd_get(k->c->st, k->t, fd);
	if (!f)
		f = scap_fd_set(k->c->st, k->t, fd);
	if (!f)
		return;
	f->family = sa.family;
	f->type = sa.family == AF_INET ? SCAP_FD_IPV4_SERVSOCK :
					 SCAP_FD_IPV6_SERVSOCK;
	memcpy(f->sip, sa.addr, 16);
	f->sport = sa.port;
}

/* ---- main entry ---- */

static void save_enter(struct scap_thread *t, const struct scap_block *b)
{
	unsigned char *p;

	if (b->len > ENTER_MAX) {
		t->enter_type = 0xffff;
		return;
	}
	if (b->len > t->enter_cap) {
		p = realloc(t->enter, b->len);
		if (!p) {
			t->enter_type = 0xffff;
			return;
		}
		t->enter = p;
		t->enter_cap = b->len;
	}
	memcpy(t->enter, b->body, b->len);
	t->enter_len = b->len;
}

static int parse_saved_enter(struct scap_thread *t, __u32 btype,
			     const struct scap_convrow *row, struct sev *e)
{
	struct scap_block eb;
	const unsigned char *params;
	size_t plen;
	__u32 np;
	int have_np;

	eb.type = btype;
	eb.len = t->enter_len;
	eb.body = t->enter;
	eb.off = 0;
	e->np = 0;
	if (parse_hdr(&eb, e, &params, &plen, &np, &have_np))
		return -1;
	return split_params(e, params, plen, have_np, np, row->enp);
}

static int produce(struct scap_conv *c, const struct scap_convrow *row,
		   struct ctx *k, const struct vigil_event **ev,
		   struct scap_evmeta *meta, __s64 res)
{
	unsigned int i;
	const char *exepath = NULL;

	rb_init(c, row->vtype);
	for (i = 0; i < SCAP_ROW_FIELDS && row->f[i].field; i++)
		fill_field(k, &row->f[i], row_field(c, row, i));

	switch (row->special) {
	case SCAP_SP_FCNTL: {
		const struct vigil_field_desc *f;
		__s64 cmd;

		f = vigil_field_by_name(c->td, "cmd");
		memcpy(&cmd, rb_field(c, f), 8);
		if (cmd == -1 || !k->e) {
			c->stats.filtered++;
			return 0;
		}
		if (res >= 0 && k->t)
			scap_fd_dup(c->st, k->t, (__s64)get_int(k->e, 0, 1),
				    res);
		break;
	}
	case SCAP_SP_MMAP: {
		const struct vigil_field_desc *f;
		__u64 prot;

		f = vigil_field_by_name(c->td, "prot");
		memcpy(&prot, rb_field(c, f), 8);
		if (!(prot & 4)) {	/* PROT_EXEC */
			c->stats.filtered++;
			return 0;
		}
		break;
	}
	default:
		break;
	}

	fill_header(k, k->x, res);

	switch (row->special) {
	case SCAP_SP_OPEN:
		if (res >= 0)
			fd_opened(k, res, SCAP_FD_FILE, rec_str(c, "name"));
		break;
	case SCAP_SP_CLOSE:
		if (res >= 0 && has(k->e, 0) && k->t)
			scap_fd_del(c->st, k->t, (__s64)get_int(k->e, 0, 1));
		break;
	case SCAP_SP_DUP:
		if (res >= 0 && has(k->e, 0) && k->t)
			scap_fd_dup(c->st, k->t, (__s64)get_int(k->e, 0, 1),
				    res);
		break;
	case SCAP_SP_SOCKET:
		fd_socket(k, res, k->e);
		break;
	case SCAP_SP_SOCKETPAIR:
		if (res >= 0 && has(k->x, 2)) {
			fd_socket(k, (__s64)get_int(k->x, 1, 1), k->e);
			fd_socket(k, (__s64)get_int(k->x, 2, 1), k->e);
		}
		break;
	case SCAP_SP_CONNECT:
		fd_connected(k, has(k->e, 0) ? (__s64)get_int(k->e, 0, 1) : -1,
			     k->x, 1, 0, 0);
		break;
	case SCAP_SP_BIND:
		if (res == 0 && has(k->e, 0))
			fd_bound(k, (__s64)get_int(k->e, 0, 1), k->x);
		break;
	case SCAP_SP_ACCEPT: {
		const struct vigil_field_desc *f;
		struct scap_fdinfo *fi;

		fd_connected(k, res, k->x, 1, 1, 1);
		fi = (res >= 0 && k->t) ? scap_fd_get(c->st, k->t, res) : NULL;
		f = vigil_field_by_name(c->td, "proto");
		if (f && fi)
			rb_u64(c, f, fi->l4proto);
		break;
	}
	case SCAP_SP_CHDIR:
		if (res == 0 && k->t) {
			const char *p = rec_str(c, "path");

			if (!p)
				p = rec_str(c, "cwd");
			if (p)
				scap_set_str(&k->t->cwd, p, strlen(p));
		}
		break;
	case SCAP_SP_FCHDIR:
		if (res == 0 && k->t && has(k->e, 0)) {
			const char *p = fd_name(k, (__s64)get_int(k->e, 0, 1));

			if (p)
				scap_set_str(&k->t->cwd, p, strlen(p));
		}
		break;
	case SCAP_SP_SETUID:
		if (res == 0 && k->t && has(k->e, 0))
			k->t->uid = (__u32)get_int(k->e, 0, 0);
		break;
	case SCAP_SP_SETGID:
		if (res == 0 && k->t && has(k->e, 0))
			k->t->gid = (__u32)get_int(k->e, 0, 0);
		break;
	case SCAP_SP_SETRESUID:
		if (res == 0 && k->t && has(k->e, 1) &&
		    get_int(k->e, 1, 0) != (__u32)-1)
			k->t->uid = (__u32)get_int(k->e, 1, 0);
		break;
	case SCAP_SP_SETRESGID:
		if (res == 0 && k->t && has(k->e, 1) &&
		    get_int(k->e, 1, 0) != (__u32)-1)
			k->t->gid = (__u32)get_int(k->e, 1, 0);
		break;
	case SCAP_SP_CLONE:
		on_clone(k, row->pm, res);
		/* the child's record describes the child */
		if (res == 0)
			fill_header(k, k->x, res);
		break;
	case SCAP_SP_EXECVE:
		if (res == 0) {
			exepath = rec_str(c, "exe");
			on_execve(k, row->pm, exepath);
			fill_header(k, k->x, res);
		}
		break;
	default:
		break;
	}
	*ev = rb_finish(c);
	meta->ppme = row->xtype;
	if (!k->e && row->enp)
		meta->flags |= SCAP_META_NOENTER;
	c->stats.converted++;
	c->stats.per_type[row->vtype]++;
	return 1;
}

/* A generic event whose syscall vigil has a type for. */
static int produce_generic(struct scap_conv *c, struct ctx *k,
			   const struct vigil_event **ev,
			   struct scap_evmeta *meta)
{
	const struct sev *x = k->x;
	int vtype;

	if (!has(x, 0))
		return 0;
	vtype = scap_generic_vtype((__u32)get_int(x, 0, 0));
	if (vtype < 0)
		return 0;
	rb_init(c, (unsigned int)vtype);
	fill_header(k, x, 0);
	*ev = rb_finish(c);
	meta->ppme = x->type;
	meta->flags |= SCAP_META_NOARGS;
	c->stats.converted++;
	c->stats.per_type[vtype]++;
	return 1;
}

int scap_conv_block(struct scap_conv *c, const struct scap_block *b,
		    const struct vigil_event **ev, struct scap_evmeta *meta,
		    char *err, size_t errlen)
{
	const struct scap_convrow *row;
	const unsigned char *params;
	struct sev x, e;
	struct ctx k;
	size_t plen;
	__u32 np;
	int have_np, r;
	__s64 res = 0;

	x.np = 0;
	if (parse_hdr(b, &x, &params, &plen, &np, &have_np))
		return errf(err, errlen, -EINVAL,
			    "offset %llu: event header does not fit its block",
			    (unsigned long long)b->off);
	if (x.type >= SCAP_PPM_EVENT_MAX) {
		c->stats.beyond_table++;
		return 0;
	}
	memset(meta, 0, sizeof(*meta));
	meta->num = ++c->num;
	meta->off = b->off;
	c->stats.events++;

	/* enter events: keep for the exit (procexit is enter-only) */
	if (!(x.type & 1) && x.type != SCAP_PPME_PROCEXIT &&
	    x.type != SCAP_PPME_PROCEXIT_1) {
		row = scap_convrow_by_exit(x.type + 1);
		if (row && row->enp) {
			struct scap_thread *t = thread_for(c, x.tid);

			if (t) {
				save_enter(t, b);
				t->enter_type = x.type;
			}
		}
		c->stats.skipped++;
		return 0;
	}

	if (x.type == SCAP_PPME_GENERIC_X) {
		if (split_params(&x, params, plen, have_np, np, 1))
			goto bad;
		memset(&k, 0, sizeof(k));
		k.c = c;
		k.x = &x;
		k.t = scap_thread_get(c->st, x.tid);
		r = produce_generic(c, &k, ev, meta);
		if (!r)
			c->stats.skipped++;
		return r;
	}

	row = scap_convrow_by_exit(x.type);
	if (!row) {
		c->stats.skipped++;
		return 0;
	}
	if (split_params(&x, params, plen, have_np, np, row->xnp))
		goto bad;

	memset(&k, 0, sizeof(k));
	k.c = c;
	k.x = &x;
	k.t = thread_for(c, x.tid);
	if (k.t && row->enp && k.t->enter_type == x.type - 1 &&
	    !parse_saved_enter(k.t, b->type, row, &e))
		k.e = &e;
	if (k.t)
		k.t->enter_type = 0xffff;
	if (row->special == SCAP_SP_PROCEXIT) {
		/* the event is an enter-side one: its params are the args */
		k.e = &x;
		res = 0;
	} else if (has(&x, 0)) {
		res = (__s64)get_int(&x, 0, 1);
	}
	r = produce(c, row, &k, ev, meta, res);
	if (!r)
		c->stats.skipped++;
	if (row->special == SCAP_SP_PROCEXIT && k.t)
		scap_thread_del(c->st, x.tid);
	return r;
bad:
	return errf(err, errlen, -EINVAL,
		    "offset %llu: event %llu (type %u): parameters overrun the event",
		    (unsigned long long)b->off, (unsigned long long)meta->num,
		    x.type);
}

const char *scap_sysdig_name(const struct scap_evmeta *meta,
			     unsigned int vtype)
{
	const struct scap_convrow *row;
	const struct vigil_type_desc *td;

	if (!(meta->flags & SCAP_META_NOARGS)) {
		row = scap_convrow_by_exit(meta->ppme);
		if (row)
			return row->sname;
	}
	td = vigil_type_desc(vtype);
	return td ? td->name : "?";
}
