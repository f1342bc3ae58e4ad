// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Users and groups: passwd/group parsing, re-read on change, the cap. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check_state_rec.h"
#include "suites.h"

static char *root;
static char passwd[512], group[512];

static struct vigil_state *open_users(__u32 max_users)
{
	struct vigil_state_cfg cfg;
	struct vigil_state *st;

	vigil_state_cfg_default(&cfg);
	cfg.proc_root = "/nonexistent-vigil-proc";
	cfg.passwd_path = passwd;
	cfg.group_path = group;
	cfg.max_users = max_users;
	cfg.user_recheck_ms = 0;
	st = vigil_state_open(&cfg);
	ck_assert_ptr_nonnull(st);
	return st;
}

static void setup(void)
{
	char longline[6000];

	root = tfix_dir();
	snprintf(passwd, sizeof(passwd), "%s/passwd", root);
	snprintf(group, sizeof(group), "%s/group", root);
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	memcpy(longline, "long:x:77:77:", 13);
	tfix_write(root, "passwd",
		   "root:x:0:0:root:/root:/bin/bash\n"
		   "# a comment\n"
		   "\n"
		   "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
		   "broken line without colons\n"
		   "baduid:x:12a:1::/:/bin/sh\n"
		   "alice:x:1000:1000:Alice,,,:/home/alice:/bin/zsh\n"
		   "dup:x:1000:1000::/nowhere:/bin/false\n");
	/* A line over the limit is dropped whole. */
	FILE *f = fopen(passwd, "a");
	fprintf(f, "%s:/home/long:/bin/sh\n", longline);
	fprintf(f, "last:x:2000:2000::/home/last:/bin/sh");	/* no newline */
	fclose(f);
	tfix_write(root, "group", "root:x:0:\nadm:x:4:syslog,alice\n"
		   "alice:x:1000:\n");
}

static void teardown(void)
{
	tfix_rmrf(root);
}

START_TEST(test_parse)
{
	struct vigil_state *st = open_users(100);
	const struct vigil_user *u;
	struct vigil_state_stats s;

	u = vigil_state_user(st, 0);
	ck_assert_ptr_nonnull(u);
	ck_assert_str_eq(u->name, "root");
	ck_assert_str_eq(u->homedir, "/root");
	ck_assert_str_eq(u->shell, "/bin/bash");
	u = vigil_state_user(st, 1000);
	ck_assert_str_eq(u->name, "alice");		/* first one wins */
	ck_assert_str_eq(u->shell, "/bin/zsh");
	ck_assert_uint_eq(u->gid, 1000);
	ck_assert_str_eq(vigil_state_user(st, 2000)->name, "last");
	ck_assert_ptr_null(vigil_state_user(st, 77));	/* too long */
	ck_assert_ptr_null(vigil_state_user(st, 12));
	ck_assert_ptr_null(vigil_state_user(st, 4242));
	ck_assert_str_eq(vigil_state_group(st, 4)->name, "adm");
	ck_assert_ptr_null(vigil_state_group(st, 5));
	vigil_state_stats(st, &s);
	ck_assert_uint_eq(s.users, 4);
	ck_assert_uint_eq(s.groups, 3);
	vigil_state_close(st);
}
END_TEST

START_TEST(test_reload)
{
	struct vigil_state *st = open_users(100);
	struct vigil_state_stats s;

	ck_assert_str_eq(vigil_state_user(st, 1000)->name, "alice");
	tfix_write(root, "passwd", "root:x:0:0:root:/root:/bin/bash\n"
		   "bob:x:1000:1000::/home/bob:/bin/sh\n");
	ck_assert_str_eq(vigil_state_user(st, 1000)->name, "bob");
	ck_assert_ptr_null(vigil_state_user(st, 2000));
	/* Unchanged files are not read again. */
	vigil_state_stats(st, &s);
	ck_assert_uint_eq(s.user_reloads, 3);	/* passwd, group, passwd */
	ck_assert_str_eq(vigil_state_group(st, 0)->name, "root");
	vigil_state_stats(st, &s);
	ck_assert_uint_eq(s.user_reloads, 3);
	/* A file gone keeps what was read. */
	unlink(passwd);
	ck_assert_str_eq(vigil_state_user(st, 1000)->name, "bob");
	vigil_state_close(st);
}
END_TEST

START_TEST(test_recheck_interval)
{
	struct vigil_state_cfg cfg;
	struct vigil_state *st;

	vigil_state_cfg_default(&cfg);
	cfg.passwd_path = passwd;
	cfg.group_path = group;
	cfg.user_recheck_ms = 60000;
	st = vigil_state_open(&cfg);
	ck_assert_str_eq(vigil_state_user(st, 1000)->name, "alice");
	tfix_write(root, "passwd", "bob:x:1000:1000::/home/bob:/bin/sh\n");
	/* Within the interval the old table answers. */
	ck_assert_str_eq(vigil_state_user(st, 1000)->name, "alice");
	vigil_state_close(st);
}
END_TEST

START_TEST(test_cap)
{
	struct vigil_state *st = open_users(2);
	struct vigil_state_stats s;

	ck_assert_ptr_nonnull(vigil_state_user(st, 0));
	ck_assert_ptr_nonnull(vigil_state_user(st, 1));
	ck_assert_ptr_null(vigil_state_user(st, 1000));
	vigil_state_stats(st, &s);
	ck_assert_uint_eq(s.users, 2);
	ck_assert_uint_eq(s.groups, 2);
	ck_assert_uint_eq(s.users_dropped, 4);	/* alice dup last, group alice */
	vigil_state_close(st);
}
END_TEST

Suite *state_user_suite(void)
{
	Suite *s = suite_create("state_user");
	TCase *tc = tcase_create("user");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_reload);
	tcase_add_test(tc, test_recheck_interval);
	tcase_add_test(tc, test_cap);
	suite_add_tcase(s, tc);
	return s;
}
