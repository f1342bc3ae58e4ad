// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Read access to threads and processes for the rule engine's fields:
 * O(1) lookups, the ancestor chain, and the environment on demand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state_int.h"

#define T(t)	((const struct vst_thread *)(t))
#define P(p)	((const struct vst_proc *)(p))

const struct vigil_thread *vigil_state_thread(struct vigil_state *st,
					      __u32 tid)
{
	return (const struct vigil_thread *)vst_thread_find(st, tid);
}

const struct vigil_proc *vigil_state_proc(const struct vigil_state *st,
					  __u32 pid)
{
	return (const struct vigil_proc *)vst_proc_find(st, pid);
}

__u32 vigil_thread_tid(const struct vigil_thread *t)
{
	return T(t)->tid;
}

const struct vigil_proc *vigil_thread_proc(const struct vigil_thread *t)
{
	return (const struct vigil_proc *)T(t)->proc;
}

__u32 vigil_thread_vtid(const struct vigil_thread *t)
{
	return T(t)->vtid;
}

__u32 vigil_thread_vpid(const struct vigil_thread *t)
{
	return T(t)->vpid ? T(t)->vpid : T(t)->proc->vpid;
}

const char *vigil_thread_comm(const struct vigil_thread *t)
{
	return T(t)->comm;
}

__u32 vigil_thread_uid(const struct vigil_thread *t)
{
	return T(t)->uid;
}

__u32 vigil_thread_gid(const struct vigil_thread *t)
{
	return T(t)->gid;
}

__u32 vigil_thread_euid(const struct vigil_thread *t)
{
	return T(t)->euid;
}

__u32 vigil_thread_egid(const struct vigil_thread *t)
{
	return T(t)->egid;
}

__u64 vigil_thread_caps(const struct vigil_thread *t, int which)
{
	return which >= 0 && which < 3 ? T(t)->caps[which] : 0;
}

__u32 vigil_proc_pid(const struct vigil_proc *p)
{
	return P(p)->pid;
}

__u32 vigil_proc_ppid(const struct vigil_proc *p)
{
	return P(p)->ppid;
}

__u32 vigil_proc_vpid(const struct vigil_proc *p)
{
	return P(p)->vpid;
}

__s64 vigil_proc_sid(const struct vigil_proc *p)
{
	return (__s32)P(p)->sid;
}

__u32 vigil_proc_pgid(const struct vigil_proc *p)
{
	return P(p)->pgid;
}

__u32 vigil_proc_vpgid(const struct vigil_proc *p)
{
	return P(p)->vpgid;
}

__u64 vigil_proc_tty(const struct vigil_proc *p)
{
	return P(p)->tty;
}

__u32 vigil_proc_loginuid(const struct vigil_proc *p)
{
	return P(p)->loginuid;
}

__u64 vigil_proc_start_ns(const struct vigil_proc *p)
{
	return P(p)->start_ns;
}

__u32 vigil_proc_nthreads(const struct vigil_proc *p)
{
	return P(p)->nthreads;
}

__u32 vigil_proc_nfds(const struct vigil_proc *p)
{
	const struct vst_thread *t;

	if (vst_list_empty(&P(p)->threads))
		return 0;
	t = vst_container_of(P(p)->threads.next, struct vst_thread, sib);
	return t->fdt->nfds;
}

const char *vigil_proc_name(const struct vigil_proc *p)
{
	return P(p)->comm;
}

static const char *s_of(const struct vst_str *s)
{
	return s ? s->s : NULL;
}

const char *vigil_proc_exe(const struct vigil_proc *p)
{
	return s_of(P(p)->exe);
}

const char *vigil_proc_exepath(const struct vigil_proc *p)
{
	return s_of(P(p)->exepath);
}

const char *vigil_proc_cwd(const struct vigil_proc *p)
{
	return s_of(P(p)->cwd);
}

const char *vigil_proc_cgroup(const struct vigil_proc *p)
{
	return s_of(P(p)->cgroup);
}

const char *vigil_proc_args(const struct vigil_proc *p, size_t *len,
			    unsigned int *nargs)
{
	const struct vst_str *a = P(p)->args;

	if (len)
		*len = a ? a->len : 0;
	if (nargs)
		*nargs = a ? P(p)->nargs : 0;
	return s_of(a);
}

static void put_c(char *buf, size_t size, size_t *n, char c)
{
	if (*n + 1 < size) {
		buf[*n] = c;
		buf[*n + 1] = '\0';
	}
	(*n)++;
}

size_t vigil_proc_cmdline(const struct vigil_proc *p, char *buf, size_t size)
{
	const struct vst_str *a = P(p)->args;
	const char *c;
	size_t n = 0, i, end;

	if (size)
		buf[0] = '\0';
	for (c = P(p)->comm; *c; c++)
		put_c(buf, size, &n, *c);
	if (!a || !a->len)
		return n;
	end = a->len;
	if (!a->s[end - 1])
		end--;			/* the last argument's NUL */
	put_c(buf, size, &n, ' ');
	for (i = 0; i < end; i++)
		put_c(buf, size, &n, a->s[i] ? a->s[i] : ' ');
	return n;
}

const char *vigil_proc_env(struct vigil_state *st, const struct vigil_proc *cp,
			   size_t *len)
{
	struct vst_proc *p = (struct vst_proc *)cp;
	char path[4096];
	size_t n;
	char *buf;

	if (!p->env && !p->env_read) {
		p->env_read = 1;
		snprintf(path, sizeof(path), "%s/%u/environ",
			 st->cfg.proc_root, p->pid);
		buf = vst_read_file(path, st->cfg.max_env, &n);
		if (buf) {
			p->env = vst_str_new(buf, n, st->cfg.max_env);
			free(buf);
		}
	}
	if (len)
		*len = p->env ? p->env->len : 0;
	return s_of(p->env);
}

const char *vigil_proc_getenv(struct vigil_state *st,
			      const struct vigil_proc *p, const char *name)
{
	size_t len, nl = strlen(name), i, e;
	const char *env = vigil_proc_env(st, p, &len);

	for (i = 0; env && i < len; i = e + 1) {
		e = i + strnlen(env + i, len - i);
		if (e - i > nl && !memcmp(env + i, name, nl) &&
		    env[i + nl] == '=')
			return env + i + nl + 1;
	}
	return NULL;
}

const struct vigil_proc *vigil_proc_ancestor(const struct vigil_state *st,
					     const struct vigil_proc *cp,
					     unsigned int n)
{
	const struct vst_proc *p = P(cp);

	if (n > VIGIL_STATE_MAX_DEPTH)
		return NULL;
	while (p && n--) {
		if (p->parent)
			p = p->parent;
		else if (p->ppid && p->ppid != p->pid)
			p = vst_proc_find(st, p->ppid);
		else
			p = NULL;
	}
	return (const struct vigil_proc *)p;
}

const struct vigil_proc *vigil_proc_session_leader(const struct vigil_state *st,
						   const struct vigil_proc *p)
{
	return vigil_proc_sid(p) > 0 ? vigil_state_proc(st, P(p)->sid) : NULL;
}

const struct vigil_proc *vigil_proc_pgrp_leader(const struct vigil_state *st,
						const struct vigil_proc *p)
{
	return P(p)->pgid ? vigil_state_proc(st, P(p)->pgid) : NULL;
}
