// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * privdrop.c: capability names, resolving users and groups (and the
 * errors for bad ones), and, when the runner is root, a real drop in a
 * child process checked against what the kernel reports in
 * /proc/self/status.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "privdrop.h"
#include "suites.h"

static const struct {
	const char *name;
	int cap;
} names[] = {
	{ "CAP_SYS_PTRACE", 19 }, { "sys_ptrace", 19 },
	{ "cap_dac_read_search", 2 }, { "CAP_CHOWN", 0 },
	{ "CAP_SYS_ADMIN", 21 }, { "bpf", 39 },
	{ "CAP_CHECKPOINT_RESTORE", 40 }, { "CAP_", -EINVAL },
	{ "sys_ptracex", -EINVAL }, { "", -EINVAL },
};

START_TEST(test_cap_names)
{
	ck_assert_int_eq(privdrop_cap_parse(names[_i].name), names[_i].cap);
	if (names[_i].cap >= 0)
		ck_assert_int_eq(privdrop_cap_parse(
			privdrop_cap_name((unsigned int)names[_i].cap)),
			names[_i].cap);
}
END_TEST

START_TEST(test_cap_name_text)
{
	ck_assert_str_eq(privdrop_cap_name(2), "CAP_DAC_READ_SEARCH");
	ck_assert_str_eq(privdrop_cap_name(19), "CAP_SYS_PTRACE");
	ck_assert_ptr_null(privdrop_cap_name(41));
}
END_TEST

/* The config's defaults and keys reach privdrop_resolve as written. */
START_TEST(test_resolve)
{
	struct vigil_config c;
	struct privdrop pd;
	char err[256];

	vigil_config_init(&c);
	ck_assert_int_eq(privdrop_resolve(&c.privileges, &pd, err,
					  sizeof(err)), 0);
	ck_assert(!pd.enabled);
	ck_assert(!pd.set_uid && !pd.set_gid);
	ck_assert_uint_eq(pd.keep, (1ULL << 2) | (1ULL << 19));

	ck_assert_int_eq(vigil_config_set(&c, "drop_privileges.enabled=true",
					  err, sizeof(err)), 0);
	ck_assert_int_eq(vigil_config_set(&c,
		"drop_privileges.keep_capabilities=[CAP_SYS_PTRACE, net_bind_service]",
		err, sizeof(err)), 0);
	ck_assert_int_eq(vigil_config_set(&c, "drop_privileges.user=0",
					  err, sizeof(err)), 0);
	ck_assert_int_eq(privdrop_resolve(&c.privileges, &pd, err,
					  sizeof(err)), 0);
	ck_assert(pd.enabled && pd.set_uid && pd.set_gid);
	ck_assert_uint_eq(pd.uid, 0);
	ck_assert_str_eq(pd.user, "root");
	ck_assert_uint_eq(pd.keep, (1ULL << 19) | (1ULL << 10));

	/* a uid without a passwd entry needs a group */
	vigil_config_set(&c, "drop_privileges.user=4000000000", err,
			 sizeof(err));
	ck_assert_int_eq(privdrop_resolve(&c.privileges, &pd, err,
					  sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "drop_privileges.user: uid 4000000000 has no passwd entry: set drop_privileges.group too");
	vigil_config_set(&c, "drop_privileges.group=4000000001", err,
			 sizeof(err));
	ck_assert_int_eq(privdrop_resolve(&c.privileges, &pd, err,
					  sizeof(err)), 0);
	ck_assert_uint_eq(pd.uid, 4000000000u);
	ck_assert_uint_eq(pd.gid, 4000000001u);
	ck_assert_str_eq(pd.user, "");

	vigil_config_set(&c, "drop_privileges.user=no-such-user-vigil", err,
			 sizeof(err));
	ck_assert_int_eq(privdrop_resolve(&c.privileges, &pd, err,
					  sizeof(err)), -ENOENT);
	ck_assert_str_eq(err, "drop_privileges.user: no user 'no-such-user-vigil'");
	vigil_config_set(&c, "drop_privileges.user=", err, sizeof(err));
	vigil_config_set(&c, "drop_privileges.group=no-such-group-vigil", err,
			 sizeof(err));
	ck_assert_int_eq(privdrop_resolve(&c.privileges, &pd, err,
					  sizeof(err)), -ENOENT);
	ck_assert_str_eq(err, "drop_privileges.group: no group 'no-such-group-vigil'");
	vigil_config_set(&c, "drop_privileges.group=", err, sizeof(err));
	vigil_config_set(&c, "drop_privileges.keep_capabilities=[sys_ptrace, cap_nope]",
			 err, sizeof(err));
	ck_assert_int_eq(privdrop_resolve(&c.privileges, &pd, err,
					  sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "drop_privileges.keep_capabilities: unknown capability 'cap_nope'");
	vigil_config_free(&c);
}
END_TEST

/* "Key:\tvalue" of /proc/self/status into buf. */
static int status_field(const char *key, char *buf, size_t len)
{
	char line[256];
	size_t n = strlen(key);
	FILE *f = fopen("/proc/self/status", "re");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':') {
			snprintf(buf, len, "%s", line + n + 1);
			buf[strcspn(buf, "\n")] = '\0';
			found = 1;
		}
	fclose(f);
	return found;
}

/*
 * In a child: drop to nobody keeping CAP_SYS_PTRACE; the kernel must
 * then report exactly that, and root's files must stay out of reach.
 * Exit status: 0, or the step that failed.
 */
static int child_drop(void)
{
	struct privdrop_cfg c = { 0 };
	static const char *const keep[] = { "CAP_SYS_PTRACE" };
	/* /proc/self/status after the drop (CAP_SYS_PTRACE is bit 19) */
	static const char *const want[][2] = {
		{ "Uid", "\t65534\t65534\t65534\t65534" },
		{ "Gid", "\t65534\t65534\t65534\t65534" },
		{ "CapEff", "\t0000000000080000" },
		{ "CapPrm", "\t0000000000080000" },
		{ "CapBnd", "\t0000000000080000" },
		{ "CapInh", "\t0000000000000000" },
		{ "CapAmb", "\t0000000000000000" },
	};
	struct privdrop pd;
	char err[256], v[128];
	size_t i;

	c.enabled = true;
	c.user = "nobody";
	c.keep = keep;
	c.nkeep = 1;
	if (privdrop_resolve(&c, &pd, err, sizeof(err)) ||
	    privdrop_apply(&pd, err, sizeof(err))) {
		fprintf(stderr, "privdrop: %s\n", err);
		return 10;
	}
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!status_field(want[i][0], v, sizeof(v)) ||
		    strcmp(v, want[i][1]))
			return 11 + (int)i;
	if (setuid(0) == 0)
		return 20;
	if (open("/etc/shadow", O_RDONLY) >= 0)
		return 21;
	/* a second drop cannot raise anything back */
	if (privdrop_apply(&pd, err, sizeof(err)) == 0)
		return 22;
	return 0;
}

START_TEST(test_apply_as_root)
{
	int status;
	pid_t pid;

	if (geteuid() != 0 || !getpwnam("nobody")) {
		fprintf(stderr,
			"check_privdrop: SKIPPED test_apply_as_root: needs root and a 'nobody' user (the VM group 'privdrop' covers the daemon)\n");
		return;
	}
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (!pid)
		_exit(child_drop());
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "child failed at step %d", WEXITSTATUS(status));
}
END_TEST

Suite *privdrop_suite(void)
{
	Suite *s = suite_create("privdrop");
	TCase *tc = tcase_create("privdrop");

	tcase_add_loop_test(tc, test_cap_names, 0,
			    (int)(sizeof(names) / sizeof(names[0])));
	tcase_add_test(tc, test_cap_name_text);
	tcase_add_test(tc, test_resolve);
	tcase_add_test(tc, test_apply_as_root);
	suite_add_tcase(s, tc);
	return s;
}
