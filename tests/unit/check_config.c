// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vigil.yaml (config.c): values reach the output, state, drop and daemon
 * settings; bad values are errors with file:line:col and exact text;
 * unknown keys are warnings; -o overrides with dotted keys.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "suites.h"

static const char good_yaml[] =
	"rules_files:\n"
	"  - /etc/vigil/a.yaml\n"
	"  - /etc/vigil/rules.d\n"
	"json_output: true\n"
	"json_include_output_property: false\n"
	"json_include_tags_property: no\n"
	"priority: warning\n"
	"time_format_iso_8601: true\n"
	"buffered_outputs: true\n"
	"stdout_output:\n"
	"  enabled: false\n"
	"file_output:\n"
	"  enabled: true\n"
	"  keep_alive: true\n"
	"  filename: /var/log/vigil.txt\n"
	"syslog_output:\n"
	"  enabled: true\n"
	"  host: 127.0.0.1\n"
	"  port: 5514\n"
	"  proto: tcp\n"
	"  facility: local3\n"
	"program_output:\n"
	"  enabled: true\n"
	"  program: cat >/dev/null\n"
	"http_output:\n"
	"  enabled: true\n"
	"  url: http://127.0.0.1:2801/\n"
	"  custom_headers: ['X-A: 1', 'X-B: 2']\n"
	"  timeout_ms: 250\n"
	"log_level: debug\n"
	"log_stderr: false\n"
	"log_syslog: false\n"
	"syscall_event_drops:\n"
	"  actions: [log, exit]\n"
	"  rate: 0.5\n"
	"  max_burst: 3\n"
	"  threshold: 0.25\n"
	"webserver:\n"
	"  enabled: true\n"
	"  listen_port: 9876\n"
	"state:\n"
	"  max_threads: 1000\n"
	"  proc_root: /tmp/fakeproc\n"
	"capture:\n"
	"  device: /tmp/vigil-dev\n"
	"  snaplen: 256\n"
	"  wait_ms: 40\n"
	"plugins: []\n";

START_TEST(test_values)
{
	struct vigil_config c;
	char err[512] = "";
	int ret;

	vigil_config_init(&c);
	ret = vigil_config_load_buf(&c, "t.yaml", good_yaml,
				    sizeof(good_yaml) - 1, err, sizeof(err));
	ck_assert_msg(ret == 0, "%s", err);
	ck_assert_uint_eq(c.nrules_files, 2);
	ck_assert_str_eq(c.rules_files[0], "/etc/vigil/a.yaml");
	ck_assert_str_eq(c.rules_files[1], "/etc/vigil/rules.d");
	ck_assert(c.out.json_output);
	ck_assert(!c.out.json_include_output_property);
	ck_assert(!c.out.json_include_tags_property);
	ck_assert_int_eq(c.priority, VIGIL_PRIO_WARNING);
	ck_assert(c.out.time_format_iso_8601);
	ck_assert(c.out.buffered_outputs);
	ck_assert(!c.out.stdout_output.enabled);
	ck_assert(c.out.file_output.enabled && c.out.file_output.keep_alive);
	ck_assert_str_eq(c.out.file_output.filename, "/var/log/vigil.txt");
	ck_assert_str_eq(c.out.syslog_output.host, "127.0.0.1");
	ck_assert_uint_eq(c.out.syslog_output.port, 5514);
	ck_assert_int_eq(c.out.syslog_output.proto, VIGIL_SYSLOG_TCP);
	ck_assert_int_eq(c.out.syslog_output.facility, 19);
	ck_assert_str_eq(c.out.program_output.program, "cat >/dev/null");
	ck_assert_str_eq(c.out.http_output.url, "http://127.0.0.1:2801/");
	ck_assert_uint_eq(c.out.http_output.nheaders, 2);
	ck_assert_str_eq(c.out.http_output.headers[1], "X-B: 2");
	ck_assert_uint_eq(c.out.http_output.timeout_ms, 250);
	ck_assert_int_eq(c.log_level, 7);
	ck_assert(!c.log_stderr && !c.log_syslog);
	ck_assert_uint_eq(c.drops.actions, DROPS_LOG | DROPS_EXIT);
	ck_assert(c.drops.rate == 0.5 && c.drops.max_burst == 3 &&
		  c.drops.threshold == 0.25);
	ck_assert(c.webserver.enabled);
	ck_assert_uint_eq(c.webserver.listen_port, 9876);
	ck_assert_uint_eq(c.state.max_threads, 1000);
	ck_assert_str_eq(c.state.proc_root, "/tmp/fakeproc");
	ck_assert_str_eq(c.device, "/tmp/vigil-dev");
	ck_assert_uint_eq(c.snaplen, 256);
	ck_assert_uint_eq(c.wait_ms, 40);
	ck_assert_uint_eq(c.nwarnings, 1);
	ck_assert_str_eq(c.warnings[0],
			 "t.yaml:48:1: plugins: unknown key, ignored");
	vigil_config_free(&c);
}
END_TEST

START_TEST(test_defaults)
{
	struct vigil_config c;

	vigil_config_init(&c);
	ck_assert(c.out.stdout_output.enabled);
	ck_assert(!c.out.json_output);
	ck_assert(!c.webserver.enabled);
	ck_assert_uint_eq(c.webserver.listen_port, 8765);
	ck_assert_uint_eq(c.drops.actions, DROPS_LOG | DROPS_ALERT);
	ck_assert(c.drops.threshold == 0.1);
	ck_assert_int_eq(c.priority, VIGIL_PRIO_DEBUG);
	ck_assert_str_eq(c.device, "/dev/vigil");
	ck_assert_uint_eq(c.wait_ms, 30);
	vigil_config_free(&c);
}
END_TEST

static const struct {
	const char *yaml, *err;
} bad_cases[] = {
	{ "json_output: maybe\n",
	  "c.yaml:1:14: json_output: expected true or false, not 'maybe'" },
	{ "priority: loud\n",
	  "c.yaml:1:11: priority: unknown priority 'loud'" },
	{ "webserver:\n  listen_port: 70000\n",
	  "c.yaml:2:16: webserver.listen_port: 70000 is out of range (1..65535)" },
	{ "webserver:\n  listen_port: 80x\n",
	  "c.yaml:2:16: webserver.listen_port: expected a number, not '80x'" },
	{ "webserver:\n  listen_port: 8.5\n",
	  "c.yaml:2:16: webserver.listen_port: expected a whole number, not '8.5'" },
	{ "webserver:\n  listen_port: -1\n",
	  "c.yaml:2:16: webserver.listen_port: expected a whole number, not '-1'" },
	{ "syscall_event_drops:\n  actions: [log, shout]\n",
	  "c.yaml:2:18: syscall_event_drops.actions: unknown action 'shout' (ignore, log, alert, exit)" },
	{ "syscall_event_drops:\n  actions: [ignore, log]\n",
	  "c.yaml:2:12: syscall_event_drops.actions: 'ignore' cannot be combined with other actions" },
	{ "syscall_event_drops:\n  threshold: 1.5\n",
	  "c.yaml:2:14: syscall_event_drops.threshold: 1.5 is out of range (0..1)" },
	{ "file_output: true\n",
	  "c.yaml:1:14: file_output: expected a mapping, not a single value" },
	{ "file_output:\n  enabled: [true]\n",
	  "c.yaml:2:12: file_output.enabled: expected a single value, not a list" },
	{ "rules_files:\n  - a.yaml\n  - {x: 1}\n",
	  "c.yaml:3:5: rules_files: expected a string list item, not a mapping" },
	{ "syslog_output:\n  proto: sctp\n",
	  "c.yaml:2:10: syslog_output.proto: expected udp or tcp, not 'sctp'" },
	{ "syslog_output:\n  facility: local9\n",
	  "c.yaml:2:13: syslog_output.facility: unknown syslog facility 'local9'" },
	{ "log_level: chatty\n",
	  "c.yaml:1:12: log_level: unknown log level 'chatty'" },
	{ "- a\n- b\n",
	  "c.yaml:1:1: the top level must be a mapping of keys" },
	{ "json_output: [\n",
	  "c.yaml:2:1: did not find expected node content while parsing a flow node" },
};

START_TEST(test_bad)
{
	struct vigil_config c;
	char err[512] = "";
	int ret;

	vigil_config_init(&c);
	ret = vigil_config_load_buf(&c, "c.yaml", bad_cases[_i].yaml,
				    strlen(bad_cases[_i].yaml), err,
				    sizeof(err));
	ck_assert_int_eq(ret, -EINVAL);
	ck_assert_str_eq(err, bad_cases[_i].err);
	vigil_config_free(&c);
}
END_TEST

static const struct {
	const char *kv, *err;
} set_bad[] = {
	{ "json_output", "-o json_output: expected key=value" },
	{ "json_output=2", "-o json_output: expected true or false, not '2'" },
	{ "webserver=1", "-o webserver: expected a mapping, not a single value" },
	{ "capture.snaplen=99999",
	  "-o capture.snaplen: 99999 is out of range (0..16384)" },
	{ "capture.wait_ms=0",
	  "-o capture.wait_ms: 0 is out of range (1..1000)" },
	{ "priority=", "-o priority: expected a single value, not nothing" },
};

START_TEST(test_set_bad)
{
	struct vigil_config c;
	char err[512] = "";

	vigil_config_init(&c);
	ck_assert_int_eq(vigil_config_set(&c, set_bad[_i].kv, err,
					  sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, set_bad[_i].err);
	vigil_config_free(&c);
}
END_TEST

START_TEST(test_set)
{
	struct vigil_config c;
	char err[512] = "";

	vigil_config_init(&c);
	ck_assert_int_eq(vigil_config_set(&c, "file_output.enabled=true", err,
					  sizeof(err)), 0);
	ck_assert(c.out.file_output.enabled);
	ck_assert_int_eq(vigil_config_set(&c, "file_output.filename=/tmp/x=y",
					  err, sizeof(err)), 0);
	ck_assert_str_eq(c.out.file_output.filename, "/tmp/x=y");
	ck_assert_int_eq(vigil_config_set(&c, "rules_files=[a.yaml, b.yaml]",
					  err, sizeof(err)), 0);
	ck_assert_uint_eq(c.nrules_files, 2);
	ck_assert_str_eq(c.rules_files[1], "b.yaml");
	ck_assert_int_eq(vigil_config_set(&c, "rules_files=c.yaml", err,
					  sizeof(err)), 0);
	ck_assert_uint_eq(c.nrules_files, 1);
	ck_assert_str_eq(c.rules_files[0], "c.yaml");
	ck_assert_int_eq(vigil_config_set(&c, "webserver={enabled: true, "
					  "listen_port: 1234}", err,
					  sizeof(err)), 0);
	ck_assert(c.webserver.enabled);
	ck_assert_uint_eq(c.webserver.listen_port, 1234);
	ck_assert_int_eq(vigil_config_set(&c, "http_output.url=null", err,
					  sizeof(err)), 0);
	ck_assert_ptr_null(c.out.http_output.url);
	ck_assert_int_eq(vigil_config_set(&c, "no.such.key=1", err,
					  sizeof(err)), 0);
	ck_assert_uint_eq(c.nwarnings, 1);
	ck_assert_str_eq(c.warnings[0], "-o no.such.key: unknown key, ignored");
	vigil_config_free(&c);
}
END_TEST

START_TEST(test_file)
{
	struct vigil_config c;
	char path[] = "/tmp/vigil-cfg-XXXXXX", err[512] = "";
	int fd;

	vigil_config_init(&c);
	ck_assert_int_eq(vigil_config_load_file(&c, "/nonexistent/v.yaml",
						err, sizeof(err)), -ENOENT);
	ck_assert_str_eq(err, "/nonexistent/v.yaml: No such file or directory");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "json_output: true\n", 18), 18);
	close(fd);
	ck_assert_int_eq(vigil_config_load_file(&c, path, err, sizeof(err)), 0);
	ck_assert(c.out.json_output);
	/* the documented default file loads with no warning */
	ck_assert_msg(vigil_config_load_file(&c, "config/vigil.yaml", err,
					     sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(c.nwarnings, 0);
	unlink(path);
	vigil_config_free(&c);
}
END_TEST

Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");

	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_defaults);
	tcase_add_loop_test(tc, test_bad, 0,
			    sizeof(bad_cases) / sizeof(bad_cases[0]));
	tcase_add_loop_test(tc, test_set_bad, 0,
			    sizeof(set_bad) / sizeof(set_bad[0]));
	tcase_add_test(tc, test_set);
	tcase_add_test(tc, test_file);
	suite_add_tcase(s, tc);
	return s;
}
