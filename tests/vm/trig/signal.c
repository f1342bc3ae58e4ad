// SPDX-License-Identifier: GPL-2.0
/*
 * signal: ptrace (attach, peek, detach, a failing attach), kill, tkill and
 * tgkill of a live child and of a pid that no longer exists, and the
 * procexit status of a child killed by SIGKILL.
 *
 * kill's and ptrace's "pid" and tkill's and tgkill's "tid" payload fields
 * share their names with header fields: the agent prints them as
 * "arg.pid" and "arg.tid".
 */
#include "trig.h"

#include <sys/ptrace.h>

static int me;
static long peek_me = 0x5eed1234abcdL;

static void expect_sig(const char *type, long res, const char *target_key,
		       int target, int sig, long long tgid)
{
	char name[32];
	struct tj j;

	tj_begin(&j, type, me);
	tj_res(&j, res);
	tj_int(&j, "pid", getpid());
	tj_int(&j, tj_pkey(target_key), target);
	if (sig)
		tj_str(&j, "sig", trig_signame(name, sizeof(name), sig));
	if (tgid)
		tj_int(&j, "tgid", tgid);
	tj_end(&j);
}

static void expect_ptrace(const char *req, long res, int pid,
			  unsigned long addr, unsigned long data)
{
	struct tj j;

	tj_begin(&j, "ptrace", me);
	tj_res(&j, res);
	tj_str(&j, "request", req);
	tj_int(&j, tj_pkey("pid"), pid);
	tj_hex(&j, "addr", addr);
	tj_hex(&j, "data", data);
	tj_end(&j);
}

static void do_ptrace(pid_t child, pid_t dead)
{
	long word = 0, r;
	int st;

	r = TRIG_OK(SYS_ptrace, PTRACE_ATTACH, child, 0, 0);
	expect_ptrace("PTRACE_ATTACH", r, child, 0, 0);
	if (waitpid(child, &st, 0) != child || !WIFSTOPPED(st))
		trig_die("attached child did not stop");

	/* The raw call stores the word at data. */
	r = TRIG_OK(SYS_ptrace, PTRACE_PEEKDATA, child, &peek_me, &word);
	if (word != peek_me)
		trig_die("PTRACE_PEEKDATA read 0x%lx", word);
	expect_ptrace("PTRACE_PEEKDATA", r, child, (unsigned long)&peek_me,
		      (unsigned long)&word);

	r = TRIG_OK(SYS_ptrace, PTRACE_DETACH, child, 0, 0);
	expect_ptrace("PTRACE_DETACH", r, child, 0, 0);

	r = TRIG_FAIL(ESRCH, SYS_ptrace, PTRACE_ATTACH, dead, 0, 0);
	expect_ptrace("PTRACE_ATTACH", r, dead, 0, 0);
}

int main(void)
{
	pid_t child, dead;
	struct tj j;
	long r;

	me = trig_tid();
	dead = trig_dead_pid();
	child = fork();
	if (child < 0)
		trig_die("fork: %s", strerror(errno));
	if (!child)
		for (;;)
			pause();

	do_ptrace(child, dead);

	r = TRIG_OK(SYS_tgkill, child, child, SIGCONT);
	expect_sig("tgkill", r, "tid", child, SIGCONT, child);
	r = TRIG_FAIL(ESRCH, SYS_tgkill, getpid(), dead, SIGTERM);
	expect_sig("tgkill", r, "tid", dead, SIGTERM, getpid());

	r = TRIG_OK(SYS_tkill, child, SIGCONT);
	expect_sig("tkill", r, "tid", child, SIGCONT, 0);
	r = TRIG_FAIL(ESRCH, SYS_tkill, dead, SIGTERM);
	expect_sig("tkill", r, "tid", dead, SIGTERM, 0);

	r = TRIG_FAIL(ESRCH, SYS_kill, dead, SIGTERM);
	expect_sig("kill", r, "pid", dead, SIGTERM, 0);
	r = TRIG_FAIL(EINVAL, SYS_kill, getpid(), 1000);
	expect_sig("kill", r, "pid", getpid(), 0, 0);
	r = TRIG_OK(SYS_kill, child, SIGKILL);
	expect_sig("kill", r, "pid", child, SIGKILL, 0);

	trig_wait(child, SIGKILL);
	tj_begin(&j, "procexit", child);
	tj_res(&j, 0);
	tj_int(&j, "status", SIGKILL);
	tj_end(&j);
	return 0;
}
