// SPDX-License-Identifier: GPL-2.0 OR MIT
/* proc.*, thread.*, user.* and group.* fields: read from the state. */
#include <stdio.h>

#include "acc_int.h"

/* Which string of a process an ancestor field reads. */
enum pstr { PS_NAME, PS_EXE, PS_EXEPATH, PS_CMDLINE };

static int proc_str(struct acc *a, const struct vigil_proc *p, enum pstr w,
		    struct vm_val *out)
{
	char *buf;
	size_t n;

	if (!p)
		return 0;
	switch (w) {
	case PS_NAME:
		return acc_cstr(out, vigil_proc_name(p));
	case PS_EXE:
		return acc_cstr(out, vigil_proc_exe(p));
	case PS_EXEPATH:
		return acc_cstr(out, vigil_proc_exepath(p));
	case PS_CMDLINE:
		buf = acc_buf(a);
		n = vigil_proc_cmdline(p, buf, ACC_BUFSZ);
		return acc_str(out, buf, n < ACC_BUFSZ ? n : ACC_BUFSZ - 1);
	}
	return 0;
}

/* proc.aname[n] and friends: ancestor n, or every ancestor without n. */
static int ancestors(struct acc *a, const struct vm_fref *ref, enum pstr w,
		     int pid, struct vm_val *out, unsigned int max)
{
	const struct vigil_proc *q;
	unsigned int i, n = 0;

	if (!a->p)
		return 0;
	if (ref->idx >= 0) {
		q = ref->idx ? vigil_proc_ancestor(a->st, a->p, (unsigned)ref->idx) : a->p;
		if (!q)
			return 0;
		return pid ? acc_num(out, vigil_proc_pid(q)) :
			     proc_str(a, q, w, out);
	}
	for (i = 1; i <= VIGIL_STATE_MAX_DEPTH && n < max; i++) {
		q = vigil_proc_ancestor(a->st, a->p, i);
		if (!q)
			break;
		memset(&out[n], 0, sizeof(out[n]));
		if (pid)
			n += acc_num(&out[n], vigil_proc_pid(q));
		else
			n += proc_str(a, q, w, &out[n]);
	}
	return (int)n;
}

static int args_str(struct acc *a, struct vm_val *out)
{
	unsigned int nargs;
	const char *p;
	char *buf;
	size_t len, i;

	p = vigil_proc_args(a->p, &len, &nargs);
	if (!p)
		return acc_str(out, "", 0);
	buf = acc_buf(a);
	if (len > ACC_BUFSZ - 1)
		len = ACC_BUFSZ - 1;
	for (i = 0; i < len; i++)
		buf[i] = p[i] ? p[i] : ' ';
	while (len && buf[len - 1] == ' ')
		len--;
	buf[len] = '\0';
	return acc_str(out, buf, len);
}

static int is_shell(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	return n >= 2 && name[n - 2] == 's' && name[n - 1] == 'h';
}

/* proc.loginshellid: the pid of the oldest shell in the parent chain. */
static int loginshell(struct acc *a, struct vm_val *out)
{
	const struct vigil_proc *q = a->p;
	__u32 pid = 0;
	unsigned int i;

	for (i = 0; q && i <= VIGIL_STATE_MAX_DEPTH; i++) {
		if (is_shell(vigil_proc_name(q)))
			pid = vigil_proc_pid(q);
		q = vigil_proc_ancestor(a->st, a->p, i + 1);
	}
	return acc_num(out, pid);
}

static int std_fd(struct acc *a, int fd, int name, struct vm_val *out)
{
	const struct vigil_fd *f = vigil_state_fd(a->st, a->t, fd);
	const char *s;
	size_t len;

	if (!f)
		return 0;
	if (!name)
		return acc_cstr(out, vigil_fd_type_name(vigil_fd_type(f)));
	s = vigil_fd_name(f, &len);
	return acc_str(out, s, len);
}

static int env(struct acc *a, const struct vm_fref *ref, struct vm_val *out)
{
	char key[256], *buf;
	const char *p;
	size_t len, i;

	if (ref->key) {
		if (ref->keylen >= sizeof(key))
			return 0;
		memcpy(key, ref->key, ref->keylen);
		key[ref->keylen] = '\0';
		return acc_cstr(out, vigil_proc_getenv(a->st, a->p, key));
	}
	p = vigil_proc_env(a->st, a->p, &len);
	if (!p)
		return 0;
	buf = acc_buf(a);
	if (len > ACC_BUFSZ - 1)
		len = ACC_BUFSZ - 1;
	for (i = 0; i < len; i++)
		buf[i] = p[i] ? p[i] : ' ';
	while (len && buf[len - 1] == ' ')
		len--;
	return acc_str(out, buf, len);
}

static __u32 uid_of(const struct acc *a)
{
	return a->t ? vigil_thread_euid(a->t) : a->ev->euid;
}

static __u32 gid_of(const struct acc *a)
{
	return a->t ? vigil_thread_egid(a->t) : a->ev->egid;
}

static int user_group(struct acc *a, unsigned int fid, struct vm_val *out)
{
	const struct vigil_user *u;
	const struct vigil_group *g;
	__u32 luid;

	switch (fid) {
	case FID_USER_UID:
		return acc_num(out, uid_of(a));
	case FID_USER_NAME:
	case FID_USER_HOMEDIR:
	case FID_USER_SHELL:
		u = a->st ? vigil_state_user(a->st, uid_of(a)) : NULL;
		if (!u)
			return 0;
		return acc_cstr(out, fid == FID_USER_NAME ? u->name :
				     fid == FID_USER_HOMEDIR ? u->homedir :
							       u->shell);
	case FID_USER_LOGINUID:
	case FID_USER_LOGINNAME:
		luid = a->p ? vigil_proc_loginuid(a->p) : a->ev->loginuid;
		if (fid == FID_USER_LOGINUID)
			return acc_num(out, (__u64)(__s64)(__s32)luid);
		if (luid == (__u32)-1 || !a->st)
			return 0;
		u = vigil_state_user(a->st, luid);
		return u ? acc_cstr(out, u->name) : 0;
	case FID_GROUP_GID:
		return acc_num(out, gid_of(a));
	case FID_GROUP_NAME:
		g = a->st ? vigil_state_group(a->st, gid_of(a)) : NULL;
		return g ? acc_cstr(out, g->name) : 0;
	}
	return 0;
}

static int thread_field(struct acc *a, unsigned int fid, struct vm_val *out)
{
	const char *cg;
	char *buf;
	int n;

	switch (fid) {
	case FID_THREAD_TID:
		return acc_num(out, a->ev->tid);
	case FID_THREAD_ISMAIN:
		return acc_num(out, a->ev->tid == a->ev->tgid);
	case FID_THREAD_VTID:
		if (a->t && vigil_thread_vtid(a->t))
			return acc_num(out, vigil_thread_vtid(a->t));
		if (!a->p || !vigil_proc_vpid(a->p) || a->ev->tid != a->ev->tgid)
			return 0;
		return acc_num(out, vigil_proc_vpid(a->p));
	case FID_THREAD_NAMETID:
		buf = acc_buf(a);
		n = snprintf(buf, ACC_BUFSZ, "%s%u",
			     a->t ? vigil_thread_comm(a->t) : a->ev->comm,
			     a->ev->tid);
		return acc_str(out, buf, (size_t)n);
	case FID_THREAD_CGROUPS:
	case FID_THREAD_CGROUP:
		cg = a->p ? vigil_proc_cgroup(a->p) : NULL;
		return acc_cstr(out, cg);
	case FID_THREAD_CAP_EFFECTIVE:
		return a->t ? acc_num(out, vigil_thread_caps(a->t, 0)) : 0;
	case FID_THREAD_CAP_PERMITTED:
		return a->t ? acc_num(out, vigil_thread_caps(a->t, 1)) : 0;
	case FID_THREAD_CAP_INHERITABLE:
		return a->t ? acc_num(out, vigil_thread_caps(a->t, 2)) : 0;
	}
	return 0;
}

int acc_load_proc(struct acc *a, const struct vm_fref *ref,
		  struct vm_val *out, unsigned int max)
{
	const struct vigil_proc *p, *q;
	unsigned int fid = ref->fid;
	__u64 now;

	acc_need_thread(a);
	p = a->p;
	if (fid >= FID_USER_UID)
		return user_group(a, fid, out);
	if (fid >= FID_THREAD_TID)
		return thread_field(a, fid, out);
	if (fid == FID_PROC_PID)
		return acc_num(out, a->ev->tgid);
	if (fid == FID_PROC_NAME)
		return acc_cstr(out, a->t ? vigil_thread_comm(a->t) :
				     a->ev->comm);
	if (!p)
		return 0;
	switch (fid) {
	case FID_PROC_EXE:
		return proc_str(a, p, PS_EXE, out);
	case FID_PROC_EXEPATH:
		return proc_str(a, p, PS_EXEPATH, out);
	case FID_PROC_CMDLINE:
		return proc_str(a, p, PS_CMDLINE, out);
	case FID_PROC_PEXE:
	case FID_PROC_PEXEPATH:
	case FID_PROC_PNAME:
	case FID_PROC_PCMDLINE:
		q = vigil_proc_ancestor(a->st, p, 1);
		return proc_str(a, q, fid == FID_PROC_PEXE ? PS_EXE :
				      fid == FID_PROC_PEXEPATH ? PS_EXEPATH :
				      fid == FID_PROC_PNAME ? PS_NAME :
							      PS_CMDLINE, out);
	case FID_PROC_AEXE:
		return ancestors(a, ref, PS_EXE, 0, out, max);
	case FID_PROC_AEXEPATH:
		return ancestors(a, ref, PS_EXEPATH, 0, out, max);
	case FID_PROC_ANAME:
		return ancestors(a, ref, PS_NAME, 0, out, max);
	case FID_PROC_ACMDLINE:
		return ancestors(a, ref, PS_CMDLINE, 0, out, max);
	case FID_PROC_APID:
		return ancestors(a, ref, PS_NAME, 1, out, max);
	case FID_PROC_ARGS:
		return args_str(a, out);
	case FID_PROC_CMDNARGS: {
		unsigned int nargs = 0;
		size_t len;

		vigil_proc_args(p, &len, &nargs);
		return acc_num(out, nargs);
	}
	case FID_PROC_CMDLENARGS: {
		unsigned int nargs = 0;
		size_t len = 0;

		vigil_proc_args(p, &len, &nargs);
		return acc_num(out, nargs ? len - nargs : 0);
	}
	case FID_PROC_EXELINE: {
		struct vm_val v;
		char *buf;
		int n;

		memset(&v, 0, sizeof(v));
		args_str(a, &v);
		buf = acc_buf(a);
		n = snprintf(buf, ACC_BUFSZ, "%s%s%.*s",
			     vigil_proc_exe(p) ? vigil_proc_exe(p) : "",
			     v.len ? " " : "", (int)v.len, (const char *)v.s);
		return acc_str(out, buf, n < ACC_BUFSZ ? (size_t)n : ACC_BUFSZ - 1);
	}
	case FID_PROC_ENV:
		return env(a, ref, out);
	case FID_PROC_CWD:
		return acc_cstr(out, vigil_proc_cwd(p));
	case FID_PROC_LOGINSHELLID:
		return loginshell(a, out);
	case FID_PROC_TTY:
		return acc_num(out, vigil_proc_tty(p));
	case FID_PROC_PPID:
		return acc_num(out, vigil_proc_ppid(p));
	case FID_PROC_VPID:
		if (a->t && vigil_thread_vpid(a->t))
			return acc_num(out, vigil_thread_vpid(a->t));
		return vigil_proc_vpid(p) ? acc_num(out, vigil_proc_vpid(p)) : 0;
	case FID_PROC_PVPID:
		q = vigil_proc_ancestor(a->st, p, 1);
		return q && vigil_proc_vpid(q) ? acc_num(out, vigil_proc_vpid(q)) : 0;
	case FID_PROC_SID:
		return acc_num(out, (__u64)vigil_proc_sid(p));
	case FID_PROC_SNAME:
	case FID_PROC_SID_EXE:
	case FID_PROC_SID_EXEPATH:
		q = vigil_proc_session_leader(a->st, p);
		return proc_str(a, q, fid == FID_PROC_SNAME ? PS_NAME :
				      fid == FID_PROC_SID_EXE ? PS_EXE :
								PS_EXEPATH, out);
	case FID_PROC_VPGID:
		return acc_num(out, vigil_proc_vpgid(p) ? vigil_proc_vpgid(p) :
							  vigil_proc_pgid(p));
	case FID_PROC_PGID:
		return acc_num(out, vigil_proc_pgid(p));
	case FID_PROC_VPGID_NAME:
	case FID_PROC_VPGID_EXE:
	case FID_PROC_VPGID_EXEPATH:
	case FID_PROC_PGID_NAME:
	case FID_PROC_PGID_EXE:
	case FID_PROC_PGID_EXEPATH:
		q = vigil_proc_pgrp_leader(a->st, p);
		return proc_str(a, q, (fid == FID_PROC_VPGID_NAME ||
				       fid == FID_PROC_PGID_NAME) ? PS_NAME :
				      (fid == FID_PROC_VPGID_EXE ||
				       fid == FID_PROC_PGID_EXE) ? PS_EXE :
								   PS_EXEPATH, out);
	case FID_PROC_DURATION:
	case FID_PROC_PPID_DURATION:
	case FID_PROC_PID_TS:
	case FID_PROC_PPID_TS:
		q = fid == FID_PROC_DURATION || fid == FID_PROC_PID_TS ? p :
			vigil_proc_ancestor(a->st, p, 1);
		if (!q || !vigil_proc_start_ns(q))
			return 0;
		now = a->ts;
		if (fid == FID_PROC_PID_TS || fid == FID_PROC_PPID_TS)
			return acc_num(out, vigil_proc_start_ns(q) + a->wall_base_ns);
		return acc_num(out, now > vigil_proc_start_ns(q) ?
				   now - vigil_proc_start_ns(q) : 0);
	case FID_PROC_IS_SID_LEADER:
		return acc_num(out, vigil_proc_sid(p) == (__s64)vigil_proc_pid(p));
	case FID_PROC_IS_VPGID_LEADER:
	case FID_PROC_IS_PGID_LEADER:
		return acc_num(out, vigil_proc_pgid(p) == vigil_proc_pid(p));
	case FID_PROC_FDOPENCOUNT:
		return acc_num(out, vigil_proc_nfds(p));
	case FID_PROC_NTHREADS:
		return acc_num(out, vigil_proc_nthreads(p));
	case FID_PROC_NCHILDS:
		return acc_num(out, vigil_proc_nthreads(p) ?
				   vigil_proc_nthreads(p) - 1 : 0);
	case FID_PROC_STDIN_TYPE:
	case FID_PROC_STDOUT_TYPE:
	case FID_PROC_STDERR_TYPE:
		return a->t ? std_fd(a, (int)(fid - FID_PROC_STDIN_TYPE), 0, out) : 0;
	case FID_PROC_STDIN_NAME:
	case FID_PROC_STDOUT_NAME:
	case FID_PROC_STDERR_NAME:
		return a->t ? std_fd(a, (int)(fid - FID_PROC_STDIN_NAME), 1, out) : 0;
	}
	return 0;
}
