// SPDX-License-Identifier: GPL-2.0
/*
 * fork: fork, vfork, clone and clone3 called raw, their child records
 * (res 0, the child's tid), sched_fork and procexit; a clone into a new pid
 * namespace (the child's vpid/vtid are 1); failing clone and clone3; a
 * thread's sched_fork and procexit.
 */
#include "trig.h"

#include <pthread.h>
#include <linux/types.h>

/* struct clone_args as of CLONE_ARGS_SIZE_VER0. */
struct trig_clone_args {
	__u64 flags;
	__u64 pidfd;
	__u64 child_tid;
	__u64 parent_tid;
	__u64 exit_signal;
	__u64 stack;
	__u64 stack_size;
	__u64 tls;
};

static int me;
static char comm[17];

/*
 * vfork inline: the child shares this stack, so it must not return from a
 * function; it calls exit_group(code) right after the syscall.
 */
static long vfork_exit(int code)
{
	long ret = SYS_vfork;

	asm volatile("syscall\n\t"
		     "test %%rax, %%rax\n\t"
		     "jnz 1f\n\t"
		     "mov $231, %%eax\n\t"	/* __NR_exit_group */
		     "mov %1, %%edi\n\t"
		     "syscall\n"
		     "1:"
		     : "+&a"(ret)
		     : "r"(code)
		     : "rcx", "r11", "rdi", "memory");
	return ret;
}

/*
 * The parent's record, the child's record, sched_fork and procexit; vchild
 * is the child's pid in its own pid namespace (this one's runner is in the
 * initial namespace, where vpid is pid).
 */
static void expect_fork_ns(const char *type, const char *flags, long child,
			   long vchild, int code)
{
	struct tj j;

	tj_begin(&j, type, me);
	tj_res(&j, child);
	tj_str(&j, "flags", flags);
	tj_int(&j, "pid", getpid());
	tj_int(&j, "vpid", getpid());
	tj_int(&j, "vtid", me);
	tj_end(&j);

	tj_begin(&j, type, (int)child);
	tj_res(&j, 0);
	tj_str(&j, "flags", flags);
	tj_int(&j, "pid", child);
	tj_int(&j, "ppid", getpid());
	tj_str(&j, "comm", comm);
	tj_int(&j, "vpid", vchild);
	tj_int(&j, "vtid", vchild);
	tj_end(&j);

	tj_begin(&j, "sched_fork", me);
	tj_res(&j, 0);
	tj_int(&j, "child_tid", child);
	tj_int(&j, "child_tgid", child);
	tj_int(&j, "child_vtid", vchild);
	tj_int(&j, "child_vtgid", vchild);
	tj_end(&j);

	tj_begin(&j, "procexit", (int)child);
	tj_res(&j, 0);
	tj_int(&j, "status", code << 8);
	tj_int(&j, "pid", child);
	tj_end(&j);
}

static void expect_fork(const char *type, const char *flags, long child,
			int code)
{
	expect_fork_ns(type, flags, child, child, code);
}

static void do_fork(void)
{
	long pid = TRIG_OK(SYS_fork);

	if (!pid)
		syscall(SYS_exit_group, 3);
	trig_wait((pid_t)pid, 3 << 8);
	expect_fork("fork", "SIGCHLD", pid, 3);
}

static void do_vfork(void)
{
	long pid = trig_ret(vfork_exit(5));

	if (pid < 0)
		trig_die("vfork: %s", strerror((int)-pid));
	trig_wait((pid_t)pid, 5 << 8);
	expect_fork("vfork", "CLONE_VM|CLONE_VFORK|SIGCHLD", pid, 5);
}

static void do_clone(void)
{
	char fl[256];
	struct tj j;
	pid_t ptid = 0;
	long pid, r;

	pid = TRIG_OK(SYS_clone, CLONE_PARENT_SETTID | SIGCHLD, 0, &ptid, 0, 0);
	if (!pid)
		syscall(SYS_exit_group, 4);
	trig_wait((pid_t)pid, 4 << 8);
	if (ptid != pid)
		trig_die("CLONE_PARENT_SETTID stored %d, want %ld", ptid, pid);
	expect_fork("clone", trig_cloneflags(fl, sizeof(fl),
			CLONE_PARENT_SETTID | SIGCHLD), pid, 4);

	/* Another exit signal, which the parent ignores. */
	signal(SIGUSR2, SIG_IGN);
	pid = TRIG_OK(SYS_clone, SIGUSR2, 0, 0, 0, 0);
	if (!pid)
		syscall(SYS_exit_group, 8);
	trig_wait((pid_t)pid, 8 << 8);
	expect_fork("clone", trig_cloneflags(fl, sizeof(fl), SIGUSR2), pid, 8);

	/* Into a new pid namespace: the child is its init, pid 1 there. */
	pid = TRIG_OK(SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
	if (!pid)
		syscall(SYS_exit_group, syscall(SYS_getpid) == 1 ? 9 : 10);
	trig_wait((pid_t)pid, 9 << 8);
	expect_fork_ns("clone", trig_cloneflags(fl, sizeof(fl),
			CLONE_NEWPID | SIGCHLD), pid, 1, 9);

	/* CLONE_SIGHAND needs CLONE_VM. */
	r = TRIG_FAIL(EINVAL, SYS_clone, CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0);
	tj_begin(&j, "clone", me);
	tj_res(&j, r);
	tj_str(&j, "flags", trig_cloneflags(fl, sizeof(fl),
					    CLONE_SIGHAND | SIGCHLD));
	tj_end(&j);
}

static void do_clone3(void)
{
	struct trig_clone_args ca;
	char fl[256];
	struct tj j;
	int pidfd = -1;
	long pid, r;

	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_PIDFD;
	ca.pidfd = (__u64)(unsigned long)&pidfd;
	ca.exit_signal = SIGCHLD;
	pid = TRIG_OK(SYS_clone3, &ca, sizeof(ca));
	if (!pid)
		syscall(SYS_exit_group, 6);
	trig_wait((pid_t)pid, 6 << 8);
	if (pidfd < 0)
		trig_die("clone3 gave no pidfd");
	close(pidfd);
	expect_fork("clone3", trig_cloneflags(fl, sizeof(fl),
			CLONE_PIDFD | SIGCHLD), pid, 6);

	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_SIGHAND;
	ca.exit_signal = SIGCHLD;
	r = TRIG_FAIL(EINVAL, SYS_clone3, &ca, sizeof(ca));
	tj_begin(&j, "clone3", me);
	tj_res(&j, r);
	tj_str(&j, "flags", trig_cloneflags(fl, sizeof(fl),
					    CLONE_SIGHAND | SIGCHLD));
	tj_end(&j);
}

static void *thread_main(void *arg)
{
	*(int *)arg = trig_tid();
	return NULL;
}

/* A thread: sched_fork with the process as child_tgid, its procexit. */
static void do_thread(void)
{
	pthread_t th;
	struct tj j;
	int tid = 0;

	if (pthread_create(&th, NULL, thread_main, &tid) ||
	    pthread_join(th, NULL))
		trig_die("pthread_create/join failed");
	if (tid <= 0 || tid == me)
		trig_die("thread reported tid %d", tid);

	tj_begin(&j, "sched_fork", me);
	tj_int(&j, "child_tid", tid);
	tj_int(&j, "child_tgid", getpid());
	tj_int(&j, "child_vtid", tid);
	tj_int(&j, "child_vtgid", getpid());
	tj_end(&j);

	tj_begin(&j, "procexit", tid);
	tj_res(&j, 0);
	tj_int(&j, "status", 0);
	tj_int(&j, "pid", getpid());
	tj_end(&j);
}

int main(void)
{
	me = trig_tid();
	trig_comm(comm);
	do_fork();
	do_vfork();
	do_clone();
	do_clone3();
	do_thread();
	return 0;
}
