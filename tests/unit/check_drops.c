// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * syscall_event_drops (drops.c) on synthetic counters: baseline, ratio
 * against the threshold, the token bucket's rate limit, counters going
 * backwards, the ignore action and the drop alert text.
 */
#include <check.h>
#include <string.h>

#include "drops.h"
#include "suites.h"

#define MS	1000000ULL

struct step {
	__u64 t_ms, written, full, reentrant, too_large;
	unsigned int want;	/* actions due */
	__u64 n_drops;
};

/* log|alert, threshold 0.1, 0.5 token/s, burst 1 */
static const struct step seq[] = {
	{ 0, 1000, 0, 0, 0, 0, 0 },			/* baseline */
	{ 1000, 2000, 0, 0, 0, 0, 0 },			/* no drops */
	{ 2000, 3000, 50, 0, 0, 0, 50 },		/* 5% <= 10% */
	{ 3000, 4000, 250, 0, 0, DROPS_LOG | DROPS_ALERT, 200 },	/* 20% */
	{ 4000, 5000, 450, 1, 0, 0, 201 },		/* no token yet */
	{ 5000, 6000, 650, 1, 9, DROPS_LOG | DROPS_ALERT, 209 },	/* 1 s * .5 + .5 */
	{ 6000, 6000, 651, 1, 9, 0, 1 },		/* no events: ratio 1, no token */
	{ 9000, 6000, 652, 1, 9, DROPS_LOG | DROPS_ALERT, 1 },
	{ 10000, 100, 20, 0, 0, 0, 20 },		/* went back: rebased, no token */
	{ 14000, 200, 30, 0, 0, 0, 10 },		/* 10% is not over */
};

START_TEST(test_sequence)
{
	struct drops_cfg c;
	struct drops d;
	struct drops_report r;
	size_t i;

	drops_cfg_default(&c);
	c.rate = 0.5;
	drops_init(&d, &c);
	for (i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		struct vigil_stats s = { 0 };
		unsigned int got;

		s.written = seq[i].written;
		s.drop_full = seq[i].full;
		s.drop_reentrant = seq[i].reentrant;
		s.drop_too_large = seq[i].too_large;
		got = drops_check(&d, &s, seq[i].t_ms * MS, &r);
		ck_assert_msg(got == seq[i].want, "step %zu: actions %u, want %u",
			      i, got, seq[i].want);
		ck_assert_msg(r.n_drops == seq[i].n_drops,
			      "step %zu: drops %llu, want %llu", i,
			      (unsigned long long)r.n_drops,
			      (unsigned long long)seq[i].n_drops);
	}
	ck_assert_uint_eq(d.rate_limited, 3);
	ck_assert_uint_eq(d.over_threshold, 6);
	ck_assert_uint_eq(d.total, 50 + 200 + 201 + 209 + 1 + 1 + 20 + 10);
}
END_TEST

START_TEST(test_ignore_and_text)
{
	struct drops_cfg c;
	struct drops d;
	struct drops_report r;
	struct vigil_stats s = { 0 };
	char buf[256];

	drops_cfg_default(&c);
	c.actions = DROPS_IGNORE;
	drops_init(&d, &c);
	drops_check(&d, &s, 0, &r);
	s.written = 100;
	s.drop_full = 30;
	s.drop_too_large = 2;
	ck_assert_uint_eq(drops_check(&d, &s, 2000 * MS, &r), 0);
	ck_assert_uint_eq(d.over_threshold, 1);
	drops_format(&r, buf, sizeof(buf));
	ck_assert_str_eq(buf, "vigil internal: syscall event drop. 32 system "
			 "calls dropped in last 2.0 s (full=30 reentrant=0 "
			 "too_large=2), 32.00% of 100 events");
	ck_assert_int_eq(drops_action_parse("exit"), DROPS_EXIT);
	ck_assert_int_lt(drops_action_parse("Exit"), 0);
}
END_TEST

Suite *drops_suite(void)
{
	Suite *s = suite_create("drops");
	TCase *tc = tcase_create("drops");

	tcase_add_test(tc, test_sequence);
	tcase_add_test(tc, test_ignore_and_text);
	suite_add_tcase(s, tc);
	return s;
}
