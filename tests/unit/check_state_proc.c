// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Process state: fork/exec/exit sequences built as records, the parent
 * chain fields they give, reparenting, deferred exit, seeding from a
 * fixture /proc tree, and the thread cap under fork/exit churn.
 */
#include <check.h>
#include <errno.h>
#include <linux/prctl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_state_rec.h"
#include "suites.h"

static struct vigil_state *open_state(__u32 max_threads, __u32 max_fds)
{
	return trec_state_open(max_threads, max_fds);
}

static const struct vigil_proc *proc_of(struct vigil_state *st, __u32 tid)
{
	const struct vigil_thread *t = vigil_state_thread(st, tid);

	ck_assert_msg(t != NULL, "thread %u unknown", tid);
	return vigil_thread_proc(t);
}

static const struct ttask init_t = { 1, 1, 0, "systemd" };
static const struct ttask sshd_t = { 100, 100, 1, "sshd" };
static const struct ttask bash_t = { 200, 200, 100, "bash" };
static const struct ttask sh_t = { 300, 300, 200, "sh" };
static const struct ttask ls_t = { 400, 400, 300, "ls" };

/* init -> sshd -> bash -> sh -c 'ls -l /tmp' -> ls */
static void build_chain(struct vigil_state *st)
{
	static const char *const a_init[] = { "/sbin/init", NULL };
	static const char *const a_sshd[] = { "sshd", "-D", NULL };
	static const char *const a_bash[] = { "-bash", NULL };
	static const char *const a_sh[] = { "sh", "-c", "ls -l /tmp", NULL };
	static const char *const a_ls[] = { "ls", "-l", "/tmp", NULL };
	struct ttask parent;

	tdo_exec(st, &init_t, a_init, "/usr/lib/systemd/systemd", "/", NULL);
	tdo_fork(st, &init_t, 100, 0);
	tdo_exec(st, &sshd_t, a_sshd, "/usr/sbin/sshd", "/", NULL);
	tdo_fork(st, &sshd_t, 200, 0);
	tdo_exec(st, &bash_t, a_bash, "/usr/bin/bash", "/root", NULL);
	tdo_fork(st, &bash_t, 300, 0);
	tdo_exec(st, &sh_t, a_sh, "/usr/bin/dash", "/root", NULL);
	parent = sh_t;
	parent.comm = "sh";
	tdo_fork(st, &parent, 400, 0);
	tdo_exec(st, &ls_t, a_ls, "/usr/bin/ls", "/root", NULL);
}

START_TEST(test_chain)
{
	struct vigil_state *st = open_state(1024, 1024);
	const struct vigil_proc *p, *a;
	static const char *const names[] = { "ls", "sh", "bash", "sshd",
					     "systemd" };
	static const __u32 pids[] = { 400, 300, 200, 100, 1 };
	char buf[256];
	size_t len;
	unsigned int i, nargs;
	const char *args;

	build_chain(st);
	p = proc_of(st, 400);
	ck_assert_str_eq(vigil_proc_name(p), "ls");
	ck_assert_str_eq(vigil_proc_exe(p), "ls");
	ck_assert_str_eq(vigil_proc_exepath(p), "/usr/bin/ls");
	ck_assert_str_eq(vigil_proc_cwd(p), "/root");
	ck_assert_uint_eq(vigil_proc_ppid(p), 300);
	for (i = 0; i < 5; i++) {
		a = vigil_proc_ancestor(st, p, i);
		ck_assert_ptr_nonnull(a);
		ck_assert_str_eq(vigil_proc_name(a), names[i]);
		ck_assert_uint_eq(vigil_proc_pid(a), pids[i]);
	}
	ck_assert_ptr_null(vigil_proc_ancestor(st, p, 5));
	args = vigil_proc_args(p, &len, &nargs);
	ck_assert_uint_eq(nargs, 2);
	ck_assert_uint_eq(len, 8);
	ck_assert_mem_eq(args, "-l\0/tmp\0", 8);
	ck_assert_uint_eq(vigil_proc_cmdline(p, buf, sizeof(buf)), 10);
	ck_assert_str_eq(buf, "ls -l /tmp");
	/* proc.pcmdline */
	vigil_proc_cmdline(vigil_proc_ancestor(st, p, 1), buf, sizeof(buf));
	ck_assert_str_eq(buf, "sh -c ls -l /tmp");
	/* Truncated output still reports the full length. */
	ck_assert_uint_eq(vigil_proc_cmdline(p, buf, 4), 10);
	ck_assert_str_eq(buf, "ls ");
	/* proc.sname: sid was set to the pid by each exec here. */
	ck_assert_str_eq(vigil_proc_name(vigil_proc_session_leader(st, p)),
			 "ls");
	ck_assert_uint_eq(vigil_proc_loginuid(p), 1000);
	vigil_state_close(st);
}
END_TEST

START_TEST(test_exit_reparent)
{
	struct vigil_state *st = open_state(1024, 1024);
	struct vigil_state_stats s;
	struct vigil_ev_prctl *pr;
	struct trec r;

	build_chain(st);
	/* bash exits: sh goes to init. */
	tdo_exit(st, &bash_t);
	ck_assert_ptr_null(vigil_state_thread(st, 200));
	ck_assert_uint_eq(vigil_proc_ppid(proc_of(st, 300)), 1);
	ck_assert_str_eq(vigil_proc_name(vigil_proc_ancestor(st,
				proc_of(st, 400), 2)), "systemd");
	/* With sshd a child subreaper, sh's exit hands ls to sshd. */
	pr = TREC(&r, PRCTL, prctl, &sshd_t, 0);
	pr->option = PR_SET_CHILD_SUBREAPER;
	pr->arg2 = 1;
	ck_assert_int_eq(trec_feed(st, &r), 0);
	tdo_fork(st, &sshd_t, 500, 0);
	tdo_fork(st, &(struct ttask){ 500, 500, 100, "sshd" }, 600, 0);
	tdo_exit(st, &(struct ttask){ 500, 500, 100, "sshd" });
	ck_assert_uint_eq(vigil_proc_ppid(proc_of(st, 600)), 100);
	vigil_state_stats(st, &s);
	ck_assert_uint_eq(s.threads_exited, 2);
	ck_assert_uint_eq(s.threads, 5);	/* 1 100 300 400 600 */
	vigil_state_close(st);
}
END_TEST

START_TEST(test_exit_deferred)
{
	struct vigil_state *st = open_state(1024, 1024);
	struct trec r;

	build_chain(st);
	TREC(&r, PROCEXIT, procexit, &ls_t, 0);
	ck_assert_int_eq(trec_feed_nopost(st, &r), 0);
	/* The procexit's rules still see the process and its parent. */
	ck_assert_str_eq(vigil_proc_name(vigil_proc_ancestor(st,
				proc_of(st, 400), 1)), "sh");
	vigil_state_post(st);
	ck_assert_ptr_null(vigil_state_thread(st, 400));
	ck_assert_ptr_null(vigil_state_proc(st, 400));
	/* A second post is harmless. */
	vigil_state_post(st);
	vigil_state_close(st);
}
END_TEST

/*
 * An exec shares what its process already holds instead of copying it:
 * the parent's cwd, argv[0] as the exe path.  Other strings are new.
 */
START_TEST(test_exec_shares_strings)
{
	static const char *const a_ls[] = { "/usr/bin/ls", "-l", NULL };
	struct vigil_state *st = open_state(1024, 1024);
	const struct vigil_proc *p, *pp;

	build_chain(st);
	tdo_fork(st, &sh_t, 500, 0);
	tdo_exec(st, &(struct ttask){ 500, 500, 300, "ls" }, a_ls,
		 "/usr/bin/ls", "/root", NULL);
	p = proc_of(st, 500);
	pp = proc_of(st, 300);
	ck_assert_str_eq(vigil_proc_cwd(p), "/root");
	ck_assert_ptr_eq(vigil_proc_cwd(p), vigil_proc_cwd(pp));
	ck_assert_str_eq(vigil_proc_exepath(p), "/usr/bin/ls");
	ck_assert_ptr_eq(vigil_proc_exepath(p), vigil_proc_exe(p));
	/* cd elsewhere, exec in place: a new cwd, argv[0] no path */
	tdo_exec(st, &(struct ttask){ 500, 500, 300, "ls" },
		 (const char *const[]){ "ls", NULL }, "/usr/bin/ls", "/tmp",
		 NULL);
	ck_assert_str_eq(vigil_proc_cwd(p), "/tmp");
	ck_assert_str_eq(vigil_proc_cwd(pp), "/root");
	ck_assert_str_eq(vigil_proc_exe(p), "ls");
	ck_assert_str_eq(vigil_proc_exepath(p), "/usr/bin/ls");
	vigil_state_close(st);
}
END_TEST

START_TEST(test_threads_and_exec)
{
	struct vigil_state *st = open_state(1024, 1024);
	static const char *const a_id[] = { "id", NULL };
	struct vigil_ev_sched_exec *se;
	const struct vigil_proc *p;
	struct trec r;

	build_chain(st);
	tdo_fork(st, &bash_t, 201, CLONE_THREAD | CLONE_FILES | CLONE_VM |
		 CLONE_SIGHAND);
	p = proc_of(st, 201);
	ck_assert_ptr_eq(p, proc_of(st, 200));
	ck_assert_uint_eq(vigil_proc_nthreads(p), 2);
	/* Exec from the non-leader thread: it takes the leader's tid. */
	se = TREC(&r, SCHED_EXEC, sched_exec, &bash_t, 0);
	se->old_tid = 201;
	trec_str(&r, &se->filename, "/usr/bin/id");
	ck_assert_int_eq(trec_feed(st, &r), 0);
	tdo_exec(st, &(struct ttask){ 200, 200, 100, "id" }, a_id,
		 "/usr/bin/id", "/root", NULL);
	ck_assert_ptr_null(vigil_state_thread(st, 201));
	p = proc_of(st, 200);
	ck_assert_uint_eq(vigil_proc_nthreads(p), 1);
	ck_assert_str_eq(vigil_proc_name(p), "id");
	ck_assert_str_eq(vigil_proc_exepath(p), "/usr/bin/id");
	vigil_state_close(st);
}
END_TEST

START_TEST(test_fork_order)
{
	/* The child's own clone record arrives before anything else. */
	struct vigil_state *st = open_state(1024, 1024);
	struct ttask child = { 250, 250, 200, "bash" };
	struct vigil_ev_clone *c;
	struct trec r;

	build_chain(st);
	tdo_open(st, &bash_t, 5, "/etc/hosts", 0);
	c = TREC(&r, CLONE, clone, &child, 0);
	c->flags = 17;	/* SIGCHLD */
	ck_assert_int_eq(trec_feed(st, &r), 0);
	ck_assert_str_eq(vigil_proc_exepath(proc_of(st, 250)),
			 "/usr/bin/bash");
	ck_assert_str_eq(vigil_fd_name(vigil_state_fd(st,
			 vigil_state_thread(st, 250), 5), NULL), "/etc/hosts");
	/* The parent's record then changes nothing. */
	c = TREC(&r, CLONE, clone, &bash_t, 250);
	c->flags = 17;
	ck_assert_int_eq(trec_feed(st, &r), 0);
	tdo_close(st, &child, 5);
	ck_assert_ptr_null(vigil_state_fd(st, vigil_state_thread(st, 250), 5));
	ck_assert_ptr_nonnull(vigil_state_fd(st, vigil_state_thread(st, 200),
					     5));
	vigil_state_close(st);
}
END_TEST

/* A fork's clone record of task t with res, carrying vid as vpid and vtid. */
static void feed_clone_vid(struct vigil_state *st, const struct ttask *t,
			   __s64 res, __s64 vid)
{
	struct vigil_ev_clone *c;
	struct trec r;

	c = TREC(&r, CLONE, clone, t, res);
	c->flags = 17;	/* SIGCHLD */
	c->vpid = c->vtid = vid;
	ck_assert_int_eq(trec_feed(st, &r), 0);
}

/*
 * Pid-namespace ids: sched_fork gives the child's, the child's clone record
 * and an exec record the recording thread's own; 0 leaves them unknown.
 */
START_TEST(test_pidns_ids)
{
	struct vigil_state *st = open_state(1024, 1024);
	struct ttask init = { 500, 500, 300, "sh" };
	struct ttask grand = { 502, 502, 500, "sh" };
	struct ttask thr = { 503, 502, 500, "sh" };
	static const char *const a_sh[] = { "sh", NULL };
	struct vigil_ev_sched_fork *sf;
	struct vigil_ev_execve *e;
	struct trec r;

	build_chain(st);
	ck_assert_uint_eq(vigil_proc_vpid(proc_of(st, 300)), 0);
	/* sh unshared its pid namespace: its child is that namespace's 1 */
	sf = TREC(&r, SCHED_FORK, sched_fork, &sh_t, 0);
	sf->child_tid = sf->child_tgid = 500;
	sf->child_vtid = sf->child_vtgid = 1;
	ck_assert_int_eq(trec_feed(st, &r), 0);
	ck_assert_uint_eq(vigil_proc_vpid(proc_of(st, 500)), 1);
	ck_assert_uint_eq(vigil_thread_vtid(vigil_state_thread(st, 500)), 1);
	ck_assert_uint_eq(vigil_proc_vpid(proc_of(st, 300)), 0);
	/* the parent's clone record carries the parent's own ids: sysdig
	 * does not take them, nor does vigil */
	feed_clone_vid(st, &sh_t, 500, 300);
	ck_assert_uint_eq(vigil_proc_vpid(proc_of(st, 300)), 0);
	ck_assert_uint_eq(vigil_proc_vpid(proc_of(st, 500)), 1);
	/* the child's exec without ids keeps them; with ids sets them */
	tdo_exec(st, &init, a_sh, "/bin/sh", "/", NULL);
	ck_assert_uint_eq(vigil_proc_vpid(proc_of(st, 500)), 1);
	e = TREC(&r, EXECVE, execve, &init, 0);
	trec_str(&r, &e->filename, "/bin/sh");
	e->vpid = e->vtid = 1;
	ck_assert_int_eq(trec_feed(st, &r), 0);
	ck_assert_uint_eq(vigil_proc_vpid(proc_of(st, 500)), 1);
	/* a grandchild first seen through its own clone record */
	feed_clone_vid(st, &grand, 0, 2);
	ck_assert_uint_eq(vigil_proc_vpid(proc_of(st, 502)), 2);
	ck_assert_uint_eq(vigil_thread_vtid(vigil_state_thread(st, 502)), 2);
	/* a thread's ids are its own: the process keeps its leader's */
	feed_clone_vid(st, &thr, 0, 7);
	ck_assert_uint_eq(vigil_thread_vtid(vigil_state_thread(st, 503)), 7);
	ck_assert_uint_eq(vigil_thread_vpid(vigil_state_thread(st, 503)), 7);
	ck_assert_uint_eq(vigil_thread_vpid(vigil_state_thread(st, 502)), 2);
	ck_assert_uint_eq(vigil_proc_vpid(proc_of(st, 503)), 2);
	vigil_state_close(st);
}
END_TEST

START_TEST(test_header_refresh)
{
	/* Unknown threads come from the header; creds follow every record. */
	struct vigil_state *st = open_state(1024, 1024);
	struct ttask t = { 777, 777, 1, "nginx" };
	struct vigil_ev_setuid *su;
	const struct vigil_thread *th;
	struct vigil_state_stats s;
	struct trec r;

	su = TREC(&r, SETUID, setuid, &t, 0);
	su->uid = 33;
	r.u.ev.uid = r.u.ev.euid = 33;
	ck_assert_int_eq(trec_feed(st, &r), 0);
	th = vigil_state_thread(st, 777);
	ck_assert_ptr_nonnull(th);
	ck_assert_uint_eq(vigil_thread_uid(th), 33);
	ck_assert_uint_eq(vigil_thread_euid(th), 33);
	ck_assert_str_eq(vigil_proc_name(vigil_thread_proc(th)), "nginx");
	/* no exec, no /proc: the session is unknown, -1 as in sysdig */
	ck_assert_int_eq(vigil_proc_sid(vigil_thread_proc(th)), -1);
	ck_assert_ptr_null(vigil_proc_session_leader(st, vigil_thread_proc(th)));
	vigil_state_stats(st, &s);
	ck_assert_uint_eq(s.threads_missing, 1);
	vigil_state_close(st);
}
END_TEST

START_TEST(test_bad_records)
{
	struct vigil_state *st = open_state(1024, 1024);
	struct vigil_state_stats s;
	struct trec r;

	TREC(&r, OPENAT, openat, &sshd_t, 3);
	/* Length shorter than the type's payload. */
	r.u.ev.len = sizeof(struct vigil_event) + 8;
	ck_assert_int_eq(trec_feed(st, &r), -EINVAL);
	/* Claimed length larger than what the caller has. */
	TREC(&r, OPENAT, openat, &sshd_t, 3);
	ck_assert_int_eq(vigil_state_update(st, &r.u.ev, r.u.ev.len - 8),
			 -EINVAL);
	/* Unknown type. */
	TREC(&r, OPENAT, openat, &sshd_t, 3);
	r.u.ev.type = VIGIL_EV_MAX + 3;
	ck_assert_int_eq(trec_feed(st, &r), -EINVAL);
	/* A string pointing past the record reads as absent. */
	TREC(&r, OPENAT, openat, &sshd_t, 3)->name.off = 60000;
	((struct vigil_ev_openat *)(r.u.b + sizeof(struct vigil_event)))
		->name.len = 100;
	ck_assert_int_eq(trec_feed(st, &r), 0);
	ck_assert_str_eq(vigil_fd_name(vigil_state_fd(st,
			 vigil_state_thread(st, 100), 3), NULL), "");
	vigil_state_stats(st, &s);
	ck_assert_uint_eq(s.bad_records, 3);
	vigil_state_close(st);
}
END_TEST

#define CHURN_CAP	1024

START_TEST(test_churn_fork_exit)
{
	struct vigil_state *st = open_state(CHURN_CAP, CHURN_CAP);
	struct vigil_ev_sched_fork *sf;
	struct vigil_state_stats s;
	struct ttask child;
	struct trec r;
	__u32 i, tid, max = 0, bad = 0;

	build_chain(st);
	tdo_open(st, &bash_t, 3, "/var/log/app.log", 0);
	for (i = 0; i < 1000000; i++) {
		tid = 1000 + (i % 4000000);
		sf = TREC(&r, SCHED_FORK, sched_fork, &bash_t, 0);
		sf->child_tid = tid;
		sf->child_tgid = tid;
		bad += trec_feed(st, &r) != 0;
		child = (struct ttask){ tid, tid, 200, "bash" };
		TREC(&r, PROCEXIT, procexit, &child, 0);
		bad += trec_feed_nopost(st, &r) != 0;
		vigil_state_stats(st, &s);
		if (s.threads > max)
			max = (__u32)s.threads;
		vigil_state_post(st);
	}
	ck_assert_uint_eq(bad, 0);
	vigil_state_stats(st, &s);
	ck_assert_uint_le(max, CHURN_CAP);
	ck_assert_uint_eq(s.threads, 5);
	ck_assert_uint_eq(s.procs, 5);
	ck_assert_uint_eq(s.threads_exited, 1000000);
	ck_assert_uint_eq(s.threads_evicted, 0);
	ck_assert_uint_eq(s.fds, 1);		/* children's copies freed */
	ck_assert_uint_eq(s.fd_tables, 5);
	vigil_state_close(st);
}
END_TEST

START_TEST(test_churn_no_exit)
{
	/* Exits lost (e.g. ring drops): the cap still holds, by eviction. */
	struct vigil_state *st = open_state(CHURN_CAP, 4 * CHURN_CAP);
	struct vigil_ev_sched_fork *sf;
	struct vigil_state_stats s;
	struct trec r;
	__u32 i, bad = 0, max = 0;

	build_chain(st);
	for (i = 0; i < 200000; i++) {
		sf = TREC(&r, SCHED_FORK, sched_fork, &bash_t, 0);
		sf->child_tid = 1000 + i;
		sf->child_tgid = 1000 + i;
		bad += trec_feed(st, &r) != 0;
		vigil_state_stats(st, &s);
		if (s.threads > max)
			max = (__u32)s.threads;
		if (s.procs > max)
			max = (__u32)s.procs;
	}
	ck_assert_uint_eq(bad, 0);
	ck_assert_uint_le(max, CHURN_CAP);
	vigil_state_stats(st, &s);
	ck_assert_uint_eq(s.threads, CHURN_CAP);
	ck_assert_uint_eq(s.threads_evicted, 5 + 200000 - CHURN_CAP);
	/* The parent in use is never the one evicted. */
	ck_assert_ptr_nonnull(vigil_state_thread(st, 200));
	vigil_state_close(st);
}
END_TEST

/* ---- seeding from a fixture /proc ---- */

#define CID "3f1b2c4d5e6f70819293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"

static void write_proc(const char *root, unsigned int pid, const char *stat,
		       const char *status, const void *cmdline, size_t cmdlen,
		       const char *exe, const char *cwd, const char *cgroup)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "%u/stat", pid);
	tfix_write(root, rel, stat);
	snprintf(rel, sizeof(rel), "%u/status", pid);
	tfix_write(root, rel, status);
	snprintf(rel, sizeof(rel), "%u/cmdline", pid);
	tfix_writen(root, rel, cmdline, cmdlen);
	snprintf(rel, sizeof(rel), "%u/exe", pid);
	tfix_link(root, rel, exe);
	snprintf(rel, sizeof(rel), "%u/cwd", pid);
	tfix_link(root, rel, cwd);
	snprintf(rel, sizeof(rel), "%u/cgroup", pid);
	tfix_write(root, rel, cgroup);
	snprintf(rel, sizeof(rel), "%u/loginuid", pid);
	tfix_write(root, rel, pid == 1 ? "4294967295" : "1000");
}

START_TEST(test_seed)
{
	char *root = tfix_dir(), err[256];
	struct vigil_state_cfg cfg;
	struct vigil_state *st;
	const struct vigil_thread *t;
	const struct vigil_proc *p;
	const struct vigil_fd *f;
	struct vigil_fd_sock sk;
	char buf[128];

	write_proc(root, 1, "1 (systemd) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 "
		   "20 0 1 0 12 100 200\n",
		   "Name:\tsystemd\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
		   "NSpid:\t1\n", "/sbin/init\0splash\0", 18,
		   "/usr/lib/systemd/systemd", "/", "0::/init.scope\n");
	write_proc(root, 42, "42 (my (odd) app) S 1 42 40 34816 42 0 0 0 0 "
		   "0 0 0 0 0 20 0 2 0 250 100 200\n",
		   "Name:\tapp\nUid:\t1000\t0\t1000\t1000\n"
		   "Gid:\t100\t100\t100\t100\nNSpid:\t42\t7\nNSpgid:\t42\t7\n"
		   "CapEff:\t0000000000003000\n",
		   "app\0--port\0" "8080\0", 16, "/opt/app/bin/app", "/srv",
		   "12:cpuset:/\n0::/system.slice/docker-" CID ".scope\n");
	tfix_write(root, "42/task/42/stat", "42 (app) S 1 42 40\n");
	tfix_write(root, "42/task/43/stat", "43 (worker) S 1 42 40\n");
	tfix_write(root, "42/task/43/status", "Uid:\t1000\t1000\t1000\t1000\n"
		   "NSpid:\t43\t8\n");
	tfix_writen(root, "42/environ", "HOME=/home/app\0LANG=C\0", 22);
	tfix_link(root, "42/fd/0", "/dev/pts/0");
	tfix_link(root, "42/fd/3", "/etc/app/app.conf");
	tfix_write(root, "42/fdinfo/3", "pos:\t0\nflags:\t02100000\n");
	tfix_link(root, "42/fd/4", "socket:[5555]");
	tfix_link(root, "42/fd/5", "pipe:[777]");
	tfix_link(root, "42/fd/6", "/memfd:payload (deleted)");
	tfix_link(root, "42/fd/7", "socket:[6666]");
	tfix_write(root, "net/tcp",
		   "  sl  local_address rem_address   st tx_queue rx_queue tr "
		   "tm->when retrnsmt   uid  timeout inode\n"
		   "   0: 0100007F:1F90 0200007F:9C40 01 00000000:00000000 "
		   "00:00000000 00000000  1000        0 5555 1 0 20 4 30 10 -1\n");
	tfix_write(root, "net/unix",
		   "Num       RefCount Protocol Flags    Type St Inode Path\n"
		   "0000000000000000: 00000002 00000000 00010000 0001 01 6666 "
		   "/run/app.sock\n");
	tfix_write(root, "self", "not a pid");

	vigil_state_cfg_default(&cfg);
	cfg.proc_root = root;
	cfg.passwd_path = cfg.group_path = "";
	cfg.docker_root = cfg.containerd_root = cfg.crio_root = "";
	st = vigil_state_open(&cfg);
	ck_assert_ptr_nonnull(st);
	ck_assert_int_eq(vigil_state_seed(st, err, sizeof(err)), 0);

	p = vigil_state_proc(st, 42);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(vigil_proc_name(p), "my (odd) app");
	ck_assert_str_eq(vigil_proc_exe(p), "app");
	ck_assert_str_eq(vigil_proc_exepath(p), "/opt/app/bin/app");
	ck_assert_str_eq(vigil_proc_cwd(p), "/srv");
	vigil_proc_cmdline(p, buf, sizeof(buf));
	ck_assert_str_eq(buf, "my (odd) app --port 8080");
	ck_assert_uint_eq(vigil_proc_ppid(p), 1);
	ck_assert_int_eq(vigil_proc_sid(p), 40);
	ck_assert_uint_eq(vigil_proc_tty(p), 34816);
	ck_assert_uint_eq(vigil_proc_vpid(p), 7);
	ck_assert_uint_eq(vigil_proc_vpgid(p), 7);
	ck_assert_uint_eq(vigil_proc_loginuid(p), 1000);
	ck_assert_uint_eq(vigil_proc_nthreads(p), 2);
	ck_assert_str_eq(vigil_proc_name(vigil_proc_ancestor(st, p, 1)),
			 "systemd");
	ck_assert_uint_eq(vigil_proc_loginuid(vigil_state_proc(st, 1)),
			  (__u32)-1);
	ck_assert_str_eq(vigil_proc_cgroup(p), "/system.slice/docker-" CID
			 ".scope");
	ck_assert_str_eq(vigil_proc_getenv(st, p, "LANG"), "C");
	ck_assert_str_eq(vigil_proc_getenv(st, p, "HOME"), "/home/app");
	ck_assert_ptr_null(vigil_proc_getenv(st, p, "HOM"));

	t = vigil_state_thread(st, 42);
	ck_assert_uint_eq(vigil_thread_uid(t), 1000);
	ck_assert_uint_eq(vigil_thread_euid(t), 0);
	ck_assert_uint_eq(vigil_thread_gid(t), 100);
	ck_assert_uint_eq(vigil_thread_caps(t, 0), 0x3000);
	ck_assert_str_eq(vigil_thread_comm(vigil_state_thread(st, 43)),
			 "worker");
	ck_assert_uint_eq(vigil_thread_euid(vigil_state_thread(st, 43)), 1000);
	/* each task's NSpid: the thread's id in its pid namespace */
	ck_assert_uint_eq(vigil_thread_vtid(t), 7);
	ck_assert_uint_eq(vigil_thread_vtid(vigil_state_thread(st, 43)), 8);

	f = vigil_state_fd(st, t, 3);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(vigil_fd_type(f), VIGIL_FD_FILE);
	ck_assert_str_eq(vigil_fd_name(f, NULL), "/etc/app/app.conf");
	ck_assert_int_eq(vigil_fd_cloexec(f), 1);
	f = vigil_state_fd(st, vigil_state_thread(st, 43), 4);
	ck_assert_ptr_nonnull(f);	/* threads share the table */
	ck_assert_int_eq(vigil_fd_type(f), VIGIL_FD_IPV4);
	ck_assert_int_eq(vigil_fd_sock(f, &sk), 0);
	ck_assert_str_eq(vigil_l4proto_name(sk.l4proto), "tcp");
	ck_assert_str_eq(vigil_fd_name(f, NULL),
			 "127.0.0.1:8080->127.0.0.2:40000");
	ck_assert_int_eq(vigil_fd_type(vigil_state_fd(st, t, 5)),
			 VIGIL_FD_PIPE);
	ck_assert_str_eq(vigil_fd_name(vigil_state_fd(st, t, 5), NULL),
			 "pipe:[777]");
	ck_assert_int_eq(vigil_fd_type(vigil_state_fd(st, t, 6)),
			 VIGIL_FD_MEMFD);
	ck_assert_str_eq(vigil_fd_name(vigil_state_fd(st, t, 6), NULL),
			 "memfd:payload");
	ck_assert_int_eq(vigil_fd_type(vigil_state_fd(st, t, 7)),
			 VIGIL_FD_UNIX);
	ck_assert_str_eq(vigil_fd_name(vigil_state_fd(st, t, 7), NULL),
			 "/run/app.sock");
	ck_assert_ptr_null(vigil_state_fd(st, t, 8));
	vigil_state_close(st);

	/* A missing root is an error with the reason. */
	cfg.proc_root = "/nonexistent-vigil-proc";
	st = vigil_state_open(&cfg);
	ck_assert_int_eq(vigil_state_seed(st, err, sizeof(err)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent-vigil-proc"));
	vigil_state_close(st);
	tfix_rmrf(root);
}
END_TEST

START_TEST(test_lookup_missing)
{
	/* A thread first seen in a record is read from proc_root. */
	char *root = tfix_dir();
	struct vigil_state_cfg cfg;
	struct vigil_state *st;
	struct ttask t = { 91, 90, 1, "worker" };
	struct trec r;

	tfix_write(root, "90/stat", "90 (daemon) S 1 90 90 0 -1 0 0 0 0 0 0 "
		   "0 0 0 20 0 2 0 99 0 0\n");
	tfix_writen(root, "90/cmdline", "daemon\0-f\0", 10);
	tfix_write(root, "90/task/91/stat", "91 (worker) S 1 90 90\n");
	vigil_state_cfg_default(&cfg);
	cfg.proc_root = root;
	cfg.passwd_path = cfg.group_path = "";
	st = vigil_state_open(&cfg);
	TREC(&r, READ, read, &t, 0);
	ck_assert_int_eq(trec_feed(st, &r), 0);
	ck_assert_str_eq(vigil_proc_exe(proc_of(st, 91)), "daemon");
	ck_assert_uint_eq(vigil_proc_nthreads(proc_of(st, 91)), 2);
	ck_assert_int_eq(vigil_proc_sid(proc_of(st, 91)), 90);
	vigil_state_close(st);
	tfix_rmrf(root);
}
END_TEST

START_TEST(test_seed_cap)
{
	/* More threads than the cap, seeded twice: bounded, no leak. */
	char *root = tfix_dir(), err[256], rel[64];
	struct vigil_state_cfg cfg;
	struct vigil_state_stats s;
	struct vigil_state *st;
	unsigned int i;

	tfix_write(root, "50/stat", "50 (big) S 1 50 50 0 -1 0 0 0 0 0 0 0 "
		   "0 0 20 0 40 0 99 0 0\n");
	tfix_writen(root, "50/cmdline", "big\0", 4);
	for (i = 0; i < 40; i++) {
		snprintf(rel, sizeof(rel), "50/task/%u/stat", 50 + i);
		tfix_write(root, rel, "51 (big) S 1 50 50\n");
		snprintf(rel, sizeof(rel), "50/fd/%u", i);
		tfix_link(root, rel, "/var/log/big.log");
	}
	vigil_state_cfg_default(&cfg);
	cfg.proc_root = root;
	cfg.passwd_path = cfg.group_path = "";
	cfg.max_threads = 16;
	cfg.max_fds = 16;
	st = vigil_state_open(&cfg);
	ck_assert_int_eq(vigil_state_seed(st, err, sizeof(err)), 0);
	ck_assert_int_eq(vigil_state_seed(st, err, sizeof(err)), 0);
	vigil_state_stats(st, &s);
	ck_assert_uint_eq(s.threads, 16);
	ck_assert_uint_eq(s.procs, 1);
	ck_assert_uint_eq(s.fds, 16);
	ck_assert_str_eq(vigil_proc_exe(vigil_state_proc(st, 50)), "big");
	ck_assert_ptr_nonnull(vigil_state_thread(st, 50));
	vigil_state_close(st);
	tfix_rmrf(root);
}
END_TEST

Suite *state_proc_suite(void)
{
	Suite *s = suite_create("state_proc");
	TCase *tc = tcase_create("proc");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_chain);
	tcase_add_test(tc, test_exit_reparent);
	tcase_add_test(tc, test_exit_deferred);
	tcase_add_test(tc, test_threads_and_exec);
	tcase_add_test(tc, test_exec_shares_strings);
	tcase_add_test(tc, test_fork_order);
	tcase_add_test(tc, test_pidns_ids);
	tcase_add_test(tc, test_header_refresh);
	tcase_add_test(tc, test_bad_records);
	tcase_add_test(tc, test_churn_fork_exit);
	tcase_add_test(tc, test_churn_no_exit);
	tcase_add_test(tc, test_seed);
	tcase_add_test(tc, test_lookup_missing);
	tcase_add_test(tc, test_seed_cap);
	suite_add_tcase(s, tc);
	return s;
}
