// SPDX-License-Identifier: GPL-2.0
/*
 * cred: prctl (PR_SET_NAME names the process; the children's records carry
 * it as comm), then in children: setresgid/setresuid, setgid/setuid,
 * setregid/setreuid and capset, each succeeding and failing, with the
 * header's uid/euid/gid/egid/ppid/comm/loginuid asserted after the change.
 */
#include "trig.h"

#include <linux/capability.h>

/* One set*id call: its arguments, its result, and the header after it. */
static void expect_id(const char *type, const char *const keys[3],
		      const long long args[3], int nargs, long res)
{
	struct tj j;
	int i;

	tj_begin(&j, type, trig_tid());
	tj_res(&j, res);
	tj_header(&j);
	for (i = 0; i < nargs; i++)
		tj_int(&j, tj_pkey(keys[i]), args[i]);
	tj_end(&j);
}

#define ID_CALL(want, nr, type, k0, k1, k2, n, a0, a1, a2) do {	\
	static const char *const __k[3] = { k0, k1, k2 };		\
	const long long __a[3] = { a0, a1, a2 };			\
	long __r = trig_ret(syscall(nr, a0, a1, a2));			\
	if (__r != (want))						\
		trig_die("%s(%lld, %lld, %lld) = %ld, want %d", type,	\
			 __a[0], __a[1], __a[2], __r, (int)(want));	\
	expect_id(type, __k, __a, n, __r);				\
} while (0)

static void child_res(void)
{
	ID_CALL(0, SYS_setresgid, "setresgid", "rgid", "egid", "sgid", 3,
		1001, 1002, 1003);
	ID_CALL(0, SYS_setresuid, "setresuid", "ruid", "euid", "suid", 3,
		2001, 2002, 2003);
	ID_CALL(-EPERM, SYS_setresuid, "setresuid", "ruid", "euid", "suid", 3,
		0, 0, 0);
	/* -1 leaves an id alone; the saved uid may become the effective. */
	ID_CALL(0, SYS_setresuid, "setresuid", "ruid", "euid", "suid", 3,
		-1, 2003, -1);
	ID_CALL(-EPERM, SYS_setresgid, "setresgid", "rgid", "egid", "sgid", 3,
		0, -1, -1);
}

static void child_plain(void)
{
	ID_CALL(0, SYS_setgid, "setgid", "gid", "", "", 1, 1500, 0, 0);
	ID_CALL(0, SYS_setuid, "setuid", "uid", "", "", 1, 1600, 0, 0);
	ID_CALL(-EPERM, SYS_setuid, "setuid", "uid", "", "", 1, 0, 0, 0);
	ID_CALL(-EPERM, SYS_setgid, "setgid", "gid", "", "", 1, 0, 0, 0);
}

static void child_re(void)
{
	ID_CALL(0, SYS_setregid, "setregid", "rgid", "egid", "", 2,
		1700, 1701, 0);
	ID_CALL(0, SYS_setreuid, "setreuid", "ruid", "euid", "", 2,
		1800, 1801, 0);
	ID_CALL(-EPERM, SYS_setreuid, "setreuid", "ruid", "euid", "", 2,
		0, -1, 0);
	ID_CALL(-EPERM, SYS_setregid, "setregid", "rgid", "egid", "", 2,
		-1, 0, 0);
}

static unsigned long long cap64(const struct __user_cap_data_struct d[2],
				int which)
{
	const __u32 *lo = which == 0 ? &d[0].effective :
			  which == 1 ? &d[0].permitted : &d[0].inheritable;
	const __u32 *hi = which == 0 ? &d[1].effective :
			  which == 1 ? &d[1].permitted : &d[1].inheritable;

	return *lo | (unsigned long long)*hi << 32;
}

static void expect_capset(int pid, const struct __user_cap_data_struct d[2],
			  long res)
{
	struct tj j;

	tj_begin(&j, "capset", trig_tid());
	tj_res(&j, res);
	tj_hex(&j, "effective", cap64(d, 0));
	tj_hex(&j, "permitted", cap64(d, 1));
	tj_hex(&j, "inheritable", cap64(d, 2));
	tj_header(&j);
	tj_int(&j, tj_pkey("pid"), pid);
	tj_end(&j);
}

static void child_capset(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0
	};
	struct __user_cap_data_struct d[2];
	long r;

	TRIG_OK(SYS_capget, &hdr, d);
	/* Drop CAP_NET_RAW from the effective set, inherit CAP_CHOWN and
	 * CAP_KILL. */
	d[0].effective &= ~(1U << CAP_NET_RAW);
	d[0].inheritable = 1U << CAP_CHOWN | 1U << CAP_KILL;
	d[1].inheritable = 0;
	r = TRIG_OK(SYS_capset, &hdr, d);
	expect_capset(0, d, r);

	/* Another process's capabilities cannot be set. */
	hdr.pid = getppid();
	r = TRIG_FAIL(EPERM, SYS_capset, &hdr, d);
	expect_capset(hdr.pid, d, r);
}

static void in_child(void (*fn)(void))
{
	pid_t pid = fork();

	if (pid < 0)
		trig_die("fork: %s", strerror(errno));
	if (!pid) {
		fn();
		_exit(0);
	}
	trig_wait(pid, 0);
}

static void do_prctl(void)
{
	static const char name[] = "vigil-cred";
	struct tj j;
	long r;

	r = TRIG_OK(SYS_prctl, PR_SET_NAME, name, 0, 0, 0);
	tj_begin(&j, "prctl", trig_tid());
	tj_res(&j, r);
	tj_str(&j, "option", "PR_SET_NAME");
	tj_hex(&j, "arg2", (unsigned long)name);
	tj_hex(&j, "arg3", 0);
	tj_hex(&j, "arg4", 0);
	tj_hex(&j, "arg5", 0);
	tj_str(&j, "comm", name);
	tj_end(&j);

	r = TRIG_FAIL(EINVAL, SYS_prctl, PR_SET_PDEATHSIG, 1000, 0, 0, 0);
	tj_begin(&j, "prctl", trig_tid());
	tj_res(&j, r);
	tj_str(&j, "option", "PR_SET_PDEATHSIG");
	tj_hex(&j, "arg2", 1000);
	tj_end(&j);

	r = TRIG_OK(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
	tj_begin(&j, "prctl", trig_tid());
	tj_res(&j, r);
	tj_str(&j, "option", "PR_GET_DUMPABLE");
	tj_end(&j);
}

int main(void)
{
	if (geteuid() != 0)
		trig_die("must run as root");
	do_prctl();
	in_child(child_res);
	in_child(child_plain);
	in_child(child_re);
	in_child(child_capset);
	return 0;
}
