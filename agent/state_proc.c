// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Threads and processes: the thread table (by tid), the process table
 * (by pid, one entry per thread group, shared by its threads), the
 * parent/child links, and their upkeep from fork, exec and exit records.
 *
 * A fork is seen up to three times: sched_fork (parent's header, no
 * flags), the parent's clone exit (res = child tid, flags) and the
 * child's (res = 0, flags), in any order across CPUs.  The first one
 * creates the child from its parent; the ones with flags then settle
 * whether the fd table is shared (CLONE_FILES) or copied.
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <linux/prctl.h>

#include "decode.h"
#include "state_int.h"

struct vst_thread *vst_thread_find(const struct vigil_state *st, __u32 tid)
{
	struct vst_hnode *n;

	if (st->thread_hint && st->thread_hint->tid == tid)
		return st->thread_hint;
	n = vst_htab_first(&st->threads, tid);

	return n ? vst_container_of(n, struct vst_thread, hn) : NULL;
}

struct vst_proc *vst_proc_find(const struct vigil_state *st, __u32 pid)
{
	struct vst_hnode *n = vst_htab_first(&st->procs, pid);

	return n ? vst_container_of(n, struct vst_proc, hn) : NULL;
}

static struct vst_proc *proc_new(struct vigil_state *st, __u32 pid)
{
	struct vst_proc *p = vst_spare_zalloc(&st->proc_spare, sizeof(*p));

	if (!p)
		return NULL;
	p->hn.key = pid;
	p->pid = pid;
	p->loginuid = (__u32)-1;
	p->sid = (__u32)-1;		/* unknown until an exec or a seed */
	vst_list_init(&p->threads);
	vst_list_init(&p->children);
	vst_list_init(&p->sibling);
	vst_htab_add(&st->procs, &p->hn);
	st->nprocs++;
	return p;
}

void vst_proc_set_parent(struct vigil_state *st, struct vst_proc *p,
			 __u32 ppid)
{
	struct vst_proc *pp = ppid != p->pid ? vst_proc_find(st, ppid) : NULL;

	vst_list_del(&p->sibling);
	p->ppid = ppid;
	p->parent = pp;
	if (pp)
		vst_list_add(&p->sibling, &pp->children);
}

/*
 * The process that inherits p's children when p exits: the nearest
 * ancestor that is a child subreaper, else init.
 */
static struct vst_proc *reaper_of(struct vigil_state *st, struct vst_proc *p)
{
	struct vst_proc *a = p->parent;
	unsigned int depth = 0;

	while (a && depth++ < VIGIL_STATE_MAX_DEPTH) {
		if (a->subreaper && a != p)
			return a;
		a = a->parent;
	}
	a = vst_proc_find(st, 1);
	return a != p ? a : NULL;
}

static void proc_free(struct vigil_state *st, struct vst_proc *p, int exited)
{
	struct vst_proc *reaper = exited ? reaper_of(st, p) : NULL;
	struct vst_proc *c;

	while (!vst_list_empty(&p->children)) {
		c = vst_container_of(p->children.next, struct vst_proc,
				     sibling);
		vst_list_del(&c->sibling);
		c->parent = NULL;
		if (!exited)
			continue;	/* evicted: keep the ppid number */
		c->ppid = reaper ? reaper->pid : 1;
		c->parent = reaper;
		if (reaper)
			vst_list_add(&c->sibling, &reaper->children);
	}
	vst_list_del(&p->sibling);
	vst_htab_del(&st->procs, &p->hn);
	st->nprocs--;
	vst_str_put(p->exe);
	vst_str_put(p->exepath);
	vst_str_put(p->args);
	vst_str_put(p->cwd);
	vst_str_put(p->env);
	vst_str_put(p->cgroup);
	vst_spare_drop(&st->proc_spare, p);
}

void vst_thread_free(struct vigil_state *st, struct vst_thread *t, int exited)
{
	struct vst_proc *p = t->proc;

	if (st->pend_exit == t)
		st->pend_exit = NULL;
	if (st->thread_hint == t)
		st->thread_hint = NULL;
	vst_htab_del(&st->threads, &t->hn);
	vst_list_del(&t->lru);
	vst_list_del(&t->sib);
	vst_fdt_put(st, t->fdt);
	vst_spare_drop(&st->thread_spare, t);
	if (p && !--p->nthreads)
		proc_free(st, p, exited);
}

/* Make room for one thread: drop the least recently seen. */
static void thread_evict(struct vigil_state *st)
{
	struct vst_thread *t;

	if (st->pend_exit) {
		vst_thread_free(st, st->pend_exit, 1);
		st->stats.threads_exited++;
		if (st->threads.n < st->cfg.max_threads)
			return;
	}
	t = vst_container_of(st->thread_lru.prev, struct vst_thread, lru);
	vst_thread_free(st, t, 0);
	st->stats.threads_evicted++;
}

/*
 * The table a new process starts with: forked from thread src, the one
 * the clone flags say (src's own with CLONE_FILES, else a copy of it),
 * made here rather than as an empty table that fix_fdt() would replace
 * at once; without src, or when the copy fails, an empty one.
 */
static struct vst_fdt *first_fdt(struct vigil_state *st,
				 struct vst_thread *src, __u64 flags)
{
	struct vst_fdt *fdt;

	if (src && (flags & CLONE_FILES)) {
		src->fdt->refs++;
		return src->fdt;
	}
	fdt = src ? vst_fdt_copy(st, src->fdt) : NULL;
	return fdt ? fdt : vst_fdt_new(st);
}

/* vst_thread_new(); a new process's fd table from src (first_fdt()). */
static struct vst_thread *thread_new(struct vigil_state *st, __u32 tid,
				     __u32 pid, __u32 ppid,
				     struct vst_thread *src, __u64 flags)
{
	struct vst_thread *t, *other;
	struct vst_proc *p;

	while (st->threads.n >= st->cfg.max_threads)
		thread_evict(st);
	t = vst_spare_zalloc(&st->thread_spare, sizeof(*t));
	if (!t)
		return NULL;
	p = vst_proc_find(st, pid);
	if (!p) {
		p = proc_new(st, pid);
		if (!p) {
			vst_spare_drop(&st->thread_spare, t);
			return NULL;
		}
		vst_proc_set_parent(st, p, ppid);
	}
	t->hn.key = tid;
	t->tid = tid;
	t->proc = p;
	/* Threads of a process share its fd table until a clone says not. */
	if (!vst_list_empty(&p->threads)) {
		other = vst_container_of(p->threads.next, struct vst_thread,
					 sib);
		t->fdt = other->fdt;
		t->fdt->refs++;
	} else {
		t->fdt = first_fdt(st, src, flags);
		if (!t->fdt) {
			if (!p->nthreads)
				proc_free(st, p, 0);
			vst_spare_drop(&st->thread_spare, t);
			return NULL;
		}
	}
	vst_list_add(&t->sib, &p->threads);
	p->nthreads++;
	vst_htab_add(&st->threads, &t->hn);
	st->thread_hint = t;		/* now the first of its tid */
	vst_list_add(&t->lru, &st->thread_lru);
	return t;
}

struct vst_thread *vst_thread_new(struct vigil_state *st, __u32 tid,
				  __u32 pid, __u32 ppid)
{
	return thread_new(st, tid, pid, ppid, NULL, 0);
}

void vst_proc_set_cgroup(struct vigil_state *st, struct vst_proc *p,
			 const char *cg, size_t len)
{
	struct vst_str *s;

	if (p->cgroup && p->cgroup->len == len &&
	    !memcmp(p->cgroup->s, cg, len))
		return;
	s = vst_str_new(cg, len, st->cfg.max_path);
	if (!s)
		return;
	vst_str_put(p->cgroup);
	p->cgroup = s;
	p->ctype = (__u8)vigil_cgroup_container(s->s, s->len, p->cid);
	if (p->ctype == VIGIL_CT_HOST)
		p->cid[0] = '\0';
}

/* Copy what a child inherits from its parent at fork. */
static void proc_inherit(struct vst_proc *c, const struct vst_proc *p)
{
	vst_str_set(&c->exe, p->exe);
	vst_str_set(&c->exepath, p->exepath);
	vst_str_set(&c->args, p->args);
	vst_str_set(&c->cwd, p->cwd);
	vst_str_set(&c->env, p->env);
	vst_str_set(&c->cgroup, p->cgroup);
	c->nargs = p->nargs;
	c->sid = p->sid;
	c->pgid = p->pgid;
	c->vpgid = p->vpgid;
	c->tty = p->tty;
	c->loginuid = p->loginuid;
	c->env_read = p->env_read;
	c->ctype = p->ctype;
	memcpy(c->comm, p->comm, sizeof(c->comm));
	memcpy(c->cid, p->cid, sizeof(c->cid));
}

/*
 * Give child c the fd table the clone flags say: the parent's own
 * (CLONE_FILES) or a copy of it.
 */
static void fix_fdt(struct vigil_state *st, struct vst_thread *c,
		    struct vst_thread *parent, __u64 flags)
{
	struct vst_fdt *n;

	if (flags & CLONE_FILES) {
		if (c->fdt == parent->fdt)
			return;
		vst_fdt_put(st, c->fdt);
		c->fdt = parent->fdt;
		c->fdt->refs++;
	} else if (c->fdt == parent->fdt) {
		n = vst_fdt_copy(st, parent->fdt);
		if (!n)
			return;
		vst_fdt_put(st, c->fdt);
		c->fdt = n;
	}
}

/* Drop every thread of a process the state should no longer have. */
static void proc_drop(struct vigil_state *st, struct vst_proc *p)
{
	struct vst_thread *t;

	while (p->nthreads > 1) {
		t = vst_container_of(p->threads.next, struct vst_thread, sib);
		vst_thread_free(st, t, 0);
	}
	t = vst_container_of(p->threads.next, struct vst_thread, sib);
	vst_thread_free(st, t, 0);
}

static int do_fork(struct vigil_state *st, struct vst_thread *parent,
		   __u32 ctid, __u32 ctgid, __u64 flags, int known)
{
	struct vst_proc *pp = parent->proc, *stale;
	struct vst_thread *c;
	__u32 ppid;

	if (!ctid || ctid == parent->tid)
		return -EINVAL;
	c = vst_thread_find(st, ctid);
	if (c && c->proc->pid == ctgid && !c->dead) {
		if (known && c->fdt_guess) {
			fix_fdt(st, c, parent, flags);
			c->fdt_guess = 0;
		}
		return 0;
	}
	if (c)
		vst_thread_free(st, c, 0);	/* a tid reused: stale */
	if (ctgid != pp->pid) {
		stale = vst_proc_find(st, ctgid);
		if (stale)
			proc_drop(st, stale);	/* a pid reused */
	}
	ppid = known && (flags & CLONE_PARENT) ? pp->ppid : pp->pid;
	/* Most recent: the cap's eviction must not take the parent. */
	vst_list_move(&parent->lru, &st->thread_lru);
	c = thread_new(st, ctid, ctgid, ppid, parent, known ? flags : 0);
	if (!c)
		return -ENOMEM;
	if (c->proc != pp)
		proc_inherit(c->proc, pp);
	else	/* A thread: the pthread default shares the table. */
		fix_fdt(st, c, parent, known ? flags : CLONE_FILES);
	c->uid = parent->uid;
	c->gid = parent->gid;
	c->euid = parent->euid;
	c->egid = parent->egid;
	memcpy(c->caps, parent->caps, sizeof(c->caps));
	memcpy(c->comm, parent->comm, sizeof(c->comm));
	c->fdt_guess = !known;
	return 0;
}

/* The thread a child was cloned from, as far as the state knows it. */
static struct vst_thread *fork_source(struct vigil_state *st, __u32 tid,
				      __u32 tgid, __u32 ppid)
{
	struct vst_proc *p = NULL;
	struct vst_list *l;
	struct vst_thread *t;

	if (tgid != tid)
		p = vst_proc_find(st, tgid);
	if (!p)
		p = vst_proc_find(st, ppid);
	if (!p)
		return NULL;
	for (l = p->threads.next; l != &p->threads; l = l->next) {
		t = vst_container_of(l, struct vst_thread, sib);
		if (t->tid != tid && !t->dead)
			return t;
	}
	return NULL;
}

/* clone, clone3, fork and vfork all carry the same payload. */
static const struct vigil_ev_clone *clone_pl(const struct vigil_event *ev)
{
	return (const void *)(ev + 1);
}

static __u64 clone_flags(const struct vigil_event *ev)
{
	return clone_pl(ev)->flags;
}


/* A child's own clone record: settle its fd table. */
static void fork_child(struct vigil_state *st, struct vst_thread *c,
		       __u64 flags)
{
	struct vst_thread *src;

	if (!c->fdt_guess)
		return;
	src = fork_source(st, c->tid, c->proc->pid, c->proc->ppid);
	if (src)
		fix_fdt(st, c, src, flags);
	c->fdt_guess = 0;
}

/*
 * Work that has to happen before the record's thread is looked up: the
 * child of a fork seen first through its own clone record is created
 * from its parent, and exec from a non-leader thread renames the thread.
 */
int vst_proc_prepare(struct vigil_state *st, const struct vigil_event *ev)
{
	const struct vigil_ev_sched_exec *se;
	struct vst_thread *src, *o, *cur;

	if (vst_is_clone(ev->type) && ev->res == 0 &&
	    !vst_thread_find(st, ev->tid)) {
		src = fork_source(st, ev->tid, ev->tgid, ev->ppid);
		if (src)
			return do_fork(st, src, ev->tid, ev->tgid,
				       clone_flags(ev), 1);
		return 0;
	}
	if (ev->type != VIGIL_EV_SCHED_EXEC)
		return 0;
	se = (const void *)(ev + 1);
	if (se->old_tid <= 0 || (__u32)se->old_tid == ev->tid)
		return 0;
	o = vst_thread_find(st, (__u32)se->old_tid);
	if (!o || o->proc->pid != ev->tgid)
		return 0;
	cur = vst_thread_find(st, ev->tid);
	if (cur)
		vst_thread_free(st, cur, 1);
	if (st->thread_hint == o)
		st->thread_hint = NULL;
	vst_htab_del(&st->threads, &o->hn);
	o->tid = ev->tid;
	o->hn.key = ev->tid;
	vst_htab_add(&st->threads, &o->hn);
	st->thread_hint = o;
	return 0;
}

/* The bytes of a STR/STRV field at payload offset off, or -errno. */
static int field_bytes(const struct vigil_event *ev, size_t off,
		       const char **p, size_t *n)
{
	const struct vigil_field_desc *d = vst_field(ev, off);

	return d ? vigil_field_bytes(ev, d, p, n) : -ENOENT;
}

#define EXEC_OFF(ev, f) ((ev)->type == VIGIL_EV_EXECVE ? \
	offsetof(struct vigil_ev_execve, f) : \
	offsetof(struct vigil_ev_execveat, f))
#define EXEC_NUM(ev, f) ((ev)->type == VIGIL_EV_EXECVE ? \
	((const struct vigil_ev_execve *)((ev) + 1))->f : \
	((const struct vigil_ev_execveat *)((ev) + 1))->f)

/*
 * The pid-namespace ids a record carries for thread t (its own, or a
 * forked child's); 0 or out of range: not known, nothing changes.  They
 * are the thread's, as sysdig keeps them; the process takes the vpid only
 * from its leader, so that a new thread does not give its vpid to the
 * threads that never said theirs.
 */
static void set_vids(struct vst_thread *t, __s64 vpid, __s64 vtid)
{
	if (vtid > 0 && vtid <= 0x7fffffff)
		t->vtid = (__u32)vtid;
	if (vpid <= 0 || vpid > 0x7fffffff)
		return;
	t->vpid = (__u32)vpid;
	if (t->tid == t->proc->pid)
		t->proc->vpid = (__u32)vpid;
}

static int str_is(const struct vst_str *s, const char *p, size_t n)
{
	return s && s->len == n && !memcmp(s->s, p, n);
}

/*
 * Point *dst at a string of the n bytes at p (at most max): the one it
 * holds, or like, when that has the same bytes, else a new one.  A
 * forked child's exec mostly keeps its parent's cwd and names argv[0]
 * as its exe path: sharing those costs a compare, not a copy.
 */
static void set_str(struct vigil_state *st, struct vst_str **dst,
		    const char *p, size_t n, size_t max, struct vst_str *like)
{
	struct vst_str *s;

	if (n > max)
		n = max;
	if (str_is(*dst, p, n))
		return;
	if (str_is(like, p, n)) {
		vst_str_set(dst, like);
		return;
	}
	s = vst_str_new(p, n, max);
	if (s) {
		vst_str_put(*dst);
		*dst = s;
	}
}

static int do_exec(struct vigil_state *st, struct vst_thread *t,
		   const struct vigil_event *ev)
{
	struct vst_proc *p = t->proc;
	struct vst_thread *o;
	struct vst_list *l, *next;
	const char *b, *a0;
	size_t n, n0, i;
	struct vst_fdt *fdt;

	/* The kernel killed every other thread of the process. */
	for (l = p->threads.next; l != &p->threads; l = next) {
		next = l->next;
		o = vst_container_of(l, struct vst_thread, sib);
		if (o != t)
			vst_thread_free(st, o, 1);
	}
	if (!field_bytes(ev, EXEC_OFF(ev, argv), &b, &n) && n) {
		a0 = b;
		n0 = strnlen(b, n);
		set_str(st, &p->exe, a0, n0, st->cfg.max_path, NULL);
		if (n0 + 1 < n) {
			set_str(st, &p->args, b + n0 + 1, n - n0 - 1,
				st->cfg.max_args, NULL);
			p->nargs = 0;
			for (i = 0; i < p->args->len; i++)
				if (!p->args->s[i])
					p->nargs++;
			if (p->args->len && p->args->s[p->args->len - 1])
				p->nargs++;
		} else {
			vst_str_set(&p->args, NULL);
			p->nargs = 0;
		}
	} else if (!field_bytes(ev, EXEC_OFF(ev, filename), &b, &n)) {
		set_str(st, &p->exe, b, strnlen(b, n), st->cfg.max_path,
			NULL);
		vst_str_set(&p->args, NULL);
		p->nargs = 0;
	}
	if (!field_bytes(ev, EXEC_OFF(ev, exe), &b, &n) ||
	    !field_bytes(ev, EXEC_OFF(ev, filename), &b, &n))
		set_str(st, &p->exepath, b, strnlen(b, n), st->cfg.max_path,
			p->exe);
	if (!field_bytes(ev, EXEC_OFF(ev, cwd), &b, &n))
		set_str(st, &p->cwd, b, strnlen(b, n), st->cfg.max_path,
			NULL);
	if (!field_bytes(ev, EXEC_OFF(ev, cgroup), &b, &n))
		vst_proc_set_cgroup(st, p, b, strnlen(b, n));
	if (!field_bytes(ev, EXEC_OFF(ev, env), &b, &n)) {
		set_str(st, &p->env, b, n, st->cfg.max_env, NULL);
		p->env_read = 1;
	} else {
		vst_str_set(&p->env, NULL);
		p->env_read = 0;
	}
	p->tty = EXEC_NUM(ev, tty);
	p->pgid = (__u32)EXEC_NUM(ev, pgid);
	p->sid = (__u32)EXEC_NUM(ev, sid);
	set_vids(t, EXEC_NUM(ev, vpid), EXEC_NUM(ev, vtid));
	p->loginuid = ev->loginuid;
	memcpy(p->comm, ev->comm, VIGIL_COMM_LEN);
	p->comm[VIGIL_COMM_LEN] = '\0';
	/* exec unshares a table shared with another process ... */
	if (t->fdt->refs > 1) {
		fdt = vst_fdt_copy(st, t->fdt);
		if (fdt) {
			vst_fdt_put(st, t->fdt);
			t->fdt = fdt;
		}
	}
	/* ... and closes the close-on-exec fds. */
	vst_fdt_cloexec(st, t->fdt);
	t->fdt_guess = 0;
	return 0;
}

static void do_capset(struct vst_thread *t, const struct vigil_event *ev)
{
	const struct vigil_ev_capset *pl = (const void *)(ev + 1);

	if (ev->res != 0 || (pl->pid != 0 && (__u32)pl->pid != t->tid))
		return;
	t->caps[0] = pl->effective;
	t->caps[1] = pl->permitted;
	t->caps[2] = pl->inheritable;
}

/* The records that change a process or thread, each in its case here. */
static __attribute__((noinline)) int
proc_event(struct vigil_state *st, struct vst_thread *t,
	   const struct vigil_event *ev)
{
	const struct vigil_ev_sched_fork *sf;
	const struct vigil_ev_prctl *pr;
	struct vst_thread *c;
	int err;
	const char *b;
	size_t n;
	__u64 flags;
	__u32 ctgid;

	switch (ev->type) {
	case VIGIL_EV_CLONE:
	case VIGIL_EV_CLONE3:
	case VIGIL_EV_FORK:
	case VIGIL_EV_VFORK:
		flags = clone_flags(ev);
		if (ev->res == 0) {
			/* the child's ids; a parent's record leaves the
			 * parent's alone, as sysdig does */
			set_vids(t, clone_pl(ev)->vpid, clone_pl(ev)->vtid);
			fork_child(st, t, flags);
		} else if (ev->res > 0 && ev->res <= 0x7fffffff) {
			ctgid = flags & CLONE_THREAD ? t->proc->pid :
				(__u32)ev->res;
			return do_fork(st, t, (__u32)ev->res, ctgid, flags, 1);
		}
		return 0;
	case VIGIL_EV_SCHED_FORK:
		sf = (const void *)(ev + 1);
		if (sf->child_tid <= 0 || sf->child_tgid <= 0)
			return 0;
		err = do_fork(st, t, (__u32)sf->child_tid,
			      (__u32)sf->child_tgid, 0, 0);
		if (err)
			return err;
		c = vst_thread_find(st, (__u32)sf->child_tid);
		if (c)
			set_vids(c, sf->child_vtgid, sf->child_vtid);
		return 0;
	case VIGIL_EV_EXECVE:
	case VIGIL_EV_EXECVEAT:
		return ev->res == 0 ? do_exec(st, t, ev) : 0;
	case VIGIL_EV_PROCEXIT:
		t->dead = 1;
		st->pend_exit = t;
		return 0;
	case VIGIL_EV_CHDIR:
		if (ev->res == 0 &&
		    !field_bytes(ev, offsetof(struct vigil_ev_chdir, cwd),
				 &b, &n))
			set_str(st, &t->proc->cwd, b, strnlen(b, n),
				st->cfg.max_path, NULL);
		return 0;
	case VIGIL_EV_FCHDIR:
		if (ev->res == 0 &&
		    !field_bytes(ev, offsetof(struct vigil_ev_fchdir, cwd),
				 &b, &n))
			set_str(st, &t->proc->cwd, b, strnlen(b, n),
				st->cfg.max_path, NULL);
		return 0;
	case VIGIL_EV_PRCTL:
		pr = (const void *)(ev + 1);
		if (ev->res == 0 && pr->option == PR_SET_CHILD_SUBREAPER)
			t->proc->subreaper = pr->arg2 != 0;
		return 0;
	case VIGIL_EV_CAPSET:
		do_capset(t, ev);
		return 0;
	}
	return 0;
}

/* Most records (files, sockets) change no process: no frame for them. */
int vst_proc_event(struct vigil_state *st, struct vst_thread *t,
		   const struct vigil_event *ev)
{
	switch (ev->type) {
	case VIGIL_EV_CLONE:
	case VIGIL_EV_CLONE3:
	case VIGIL_EV_FORK:
	case VIGIL_EV_VFORK:
	case VIGIL_EV_SCHED_FORK:
	case VIGIL_EV_EXECVE:
	case VIGIL_EV_EXECVEAT:
	case VIGIL_EV_PROCEXIT:
	case VIGIL_EV_CHDIR:
	case VIGIL_EV_FCHDIR:
	case VIGIL_EV_PRCTL:
	case VIGIL_EV_CAPSET:
		return proc_event(st, t, ev);
	}
	return 0;
}

void vst_procs_free(struct vigil_state *st)
{
	struct vst_thread *t;

	st->pend_exit = NULL;
	while (!vst_list_empty(&st->thread_lru)) {
		t = vst_container_of(st->thread_lru.next, struct vst_thread,
				     lru);
		vst_thread_free(st, t, 0);
	}
}
