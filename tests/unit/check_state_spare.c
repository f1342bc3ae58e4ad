// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The state's spare entries (struct vst_spare in agent/state_int.h):
 * threads, processes and fd tables freed by an exit are kept, at most
 * VST_SPARE_MAX of each, and come back zeroed, so that nothing a dead
 * process had shows through in the next one made from its entries.
 */
#include <check.h>

#include "check_state_rec.h"
#include "state_int.h"
#include "suites.h"

static struct vigil_state *open_state(void)
{
	return trec_state_open(1024, 1024);
}

static const struct ttask bash_t = { 200, 200, 1, "bash" };

static void spares_eq(const struct vigil_state *st, __u32 n)
{
	ck_assert_uint_eq(st->thread_spare.n, n);
	ck_assert_uint_eq(st->proc_spare.n, n);
	ck_assert_uint_eq(st->fdt_spare.n, n);
}

/* Each exit keeps its entries until VST_SPARE_MAX; each fork takes one. */
START_TEST(test_spare_bounded)
{
	struct vigil_state *st = open_state();
	struct ttask c = { 0, 0, 200, "bash" };
	__u32 i, n = VST_SPARE_MAX + 8;

	tdo_open(st, &bash_t, 0, "/dev/pts/0", 0);
	spares_eq(st, 0);
	for (i = 0; i < n; i++)
		tdo_fork(st, &bash_t, 1000 + i, 0);
	for (i = 0; i < n; i++) {
		c.tid = c.tgid = 1000 + i;
		tdo_exit(st, &c);
		vigil_state_post(st);
		spares_eq(st, i < VST_SPARE_MAX ? i + 1 : VST_SPARE_MAX);
	}
	tdo_fork(st, &bash_t, 2000, 0);
	spares_eq(st, VST_SPARE_MAX - 1);
	ck_assert_str_eq(vigil_fd_name(vigil_state_fd(st,
		vigil_state_thread(st, 2000), 0), NULL), "/dev/pts/0");
	ck_assert_uint_eq(vigil_proc_nfds(vigil_thread_proc(
		vigil_state_thread(st, 2000))), 1);
	vigil_state_close(st);
}
END_TEST

/* A thread first seen in a record, made from a dead one's entries. */
START_TEST(test_spare_zeroed)
{
	static const char *const argv[] = { "ls", "-l", NULL };
	struct vigil_state *st = open_state();
	struct ttask c = { 300, 300, 200, "ls" };
	struct ttask x = { 400, 400, 1, "x" };
	const struct vigil_thread *t;
	const struct vigil_proc *p;
	struct vigil_ev_capset *cs;
	struct vigil_ev_clone *cl;
	struct trec r;
	size_t len;

	tdo_fork(st, &bash_t, 300, 0);
	cl = TREC(&r, CLONE, clone, &c, 0);
	cl->vpid = cl->vtid = 7;
	ck_assert_int_eq(trec_feed(st, &r), 0);
	tdo_exec(st, &c, argv, "/usr/bin/ls", "/root", "/user.slice");
	cs = TREC(&r, CAPSET, capset, &c, 0);
	cs->effective = cs->permitted = cs->inheritable = 0x3f;
	ck_assert_int_eq(trec_feed(st, &r), 0);
	tdo_open(st, &c, 5, "/etc/passwd", 0);
	tdo_exit(st, &c);
	vigil_state_post(st);
	spares_eq(st, 1);

	tdo_open(st, &x, 3, "/tmp/a", 0);
	spares_eq(st, 0);
	t = vigil_state_thread(st, 400);
	ck_assert_ptr_nonnull(t);
	p = vigil_thread_proc(t);
	ck_assert_uint_eq(vigil_thread_vtid(t), 0);
	ck_assert_uint_eq(vigil_thread_vpid(t), 0);
	ck_assert_uint_eq(vigil_thread_caps(t, 0), 0);
	ck_assert_uint_eq(vigil_thread_caps(t, 2), 0);
	ck_assert_ptr_null(vigil_proc_exe(p));
	ck_assert_ptr_null(vigil_proc_exepath(p));
	ck_assert_ptr_null(vigil_proc_cwd(p));
	ck_assert_ptr_null(vigil_proc_cgroup(p));
	ck_assert_ptr_null(vigil_proc_args(p, &len, NULL));
	ck_assert_uint_eq(vigil_proc_nthreads(p), 1);
	ck_assert_uint_eq(vigil_proc_nfds(p), 1);
	ck_assert_ptr_null(vigil_state_fd(st, t, 5));
	ck_assert_str_eq(vigil_fd_name(vigil_state_fd(st, t, 3), NULL),
			 "/tmp/a");
	vigil_state_close(st);
}
END_TEST

Suite *state_spare_suite(void)
{
	Suite *s = suite_create("state_spare");
	TCase *tc = tcase_create("spare");

	tcase_add_test(tc, test_spare_bounded);
	tcase_add_test(tc, test_spare_zeroed);
	suite_add_tcase(s, tc);
	return s;
}
