// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Output channels with real peers: files in a temporary directory, child
 * programs, UDP and TCP syslog listeners and an HTTP receiver on
 * 127.0.0.1 run by the test itself.  Every wait is bounded.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "suites.h"

#define TS		1795391941123456789ULL
#define WAIT_MS		10000
#define N(a)		(sizeof(a) / sizeof((a)[0]))

static char dir[64];
static char path[128];

static void setup(void)
{
	signal(SIGPIPE, SIG_IGN);
	setenv("TZ", "UTC", 1);
	tzset();
	strcpy(dir, "/tmp/vigil-out-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/alerts", dir);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", dir);
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static char out_text[64][64];

/* Alert i: priority and text depend on i. */
static struct vigil_alert alert(int i)
{
	struct vigil_alert a = {
		.ts_ns = TS,
		.rule = "Test rule",
		.priority = i % VIGIL_PRIO_COUNT,
		.hostname = "testhost",
		.output = out_text[i % 64],
	};

	snprintf(out_text[i % 64], sizeof(out_text[0]), "alert number %d", i);
	return a;
}

/* The text line alert(i) gives with the default time format, in UTC. */
static void expect_line(char *buf, size_t len, int i)
{
	snprintf(buf, len, "23:59:01.123456789: %s alert number %d",
		 vigil_priority_name(i % VIGIL_PRIO_COUNT), i);
}

static void base_cfg(struct vigil_output_config *c)
{
	memset(c, 0, sizeof(*c));
	c->close_timeout_ms = 3000;
}

/* Whole file, NUL-terminated; "" when missing. */
static char *slurp(const char *p)
{
	FILE *f = fopen(p, "r");
	char *buf = calloc(1, 1 << 20);
	size_t n = 0;

	ck_assert_ptr_nonnull(buf);
	if (f) {
		n = fread(buf, 1, (1 << 20) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

static int count_lines(const char *p)
{
	char *s = slurp(p), *q;
	int n = 0;

	for (q = s; *q; q++)
		n += *q == '\n';
	free(s);
	return n;
}

static bool wait_lines(const char *p, int n)
{
	int waited;

	for (waited = 0; waited < WAIT_MS; waited += 10) {
		if (count_lines(p) >= n)
			return true;
		sleep_ms(10);
	}
	return false;
}

static struct vigil_output_stats chan_stats(struct vigil_outputs *o,
					    const char *name)
{
	struct vigil_output_stats st[VIGIL_OUTPUT_CHANNELS_MAX];
	size_t n, i;

	n = vigil_outputs_stats(o, st, N(st));
	for (i = 0; i < n; i++)
		if (!strcmp(st[i].name, name))
			return st[i];
	ck_abort_msg("no channel %s", name);
	return st[0];
}

static struct vigil_outputs *open_ok(const struct vigil_output_config *c)
{
	char err[256] = "";
	struct vigil_outputs *o = vigil_outputs_open(c, err, sizeof(err));

	ck_assert_msg(o, "open: %s", err);
	return o;
}

/* ---- file ---- */

static const struct {
	bool keep_alive;
	bool buffered;
} file_cases[] = {
	{ false, false }, { true, false }, { false, true }, { true, true },
};

START_TEST(test_file)
{
	struct vigil_output_config c;
	struct vigil_outputs *o;
	struct vigil_alert a;
	char want[4096] = "", line[128];
	char *got;
	FILE *f;
	int i;

	base_cfg(&c);
	c.file_output.enabled = true;
	c.file_output.keep_alive = file_cases[_i].keep_alive;
	c.file_output.filename = path;
	c.buffered_outputs = file_cases[_i].buffered;
	/* Appends to what is there. */
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("old line\n", f);
	fclose(f);
	strcat(want, "old line\n");
	o = open_ok(&c);
	for (i = 0; i < 3; i++) {
		a = alert(i + 3);
		ck_assert_int_eq(vigil_outputs_emit(o, &a), 0);
		expect_line(line, sizeof(line), i + 3);
		strcat(want, line);
		strcat(want, "\n");
	}
	ck_assert(wait_lines(path, 4));
	ck_assert_int_eq(chan_stats(o, "file").sent, 3);
	ck_assert_int_eq(chan_stats(o, "file").dropped, 0);
	vigil_outputs_close(o);
	got = slurp(path);
	ck_assert_str_eq(got, want);
	free(got);
}
END_TEST

START_TEST(test_file_reopen)
{
	struct vigil_output_config c;
	struct vigil_outputs *o;
	struct vigil_alert a;
	char rotated[160], line[128], want[192];
	char *got;

	base_cfg(&c);
	c.file_output.enabled = true;
	c.file_output.keep_alive = _i;
	c.file_output.filename = path;
	snprintf(rotated, sizeof(rotated), "%s.1", path);
	o = open_ok(&c);
	a = alert(1);
	vigil_outputs_emit(o, &a);
	ck_assert(wait_lines(path, 1));
	/* logrotate: rename, then SIGUSR1. */
	ck_assert_int_eq(rename(path, rotated), 0);
	vigil_outputs_reopen(o);
	a = alert(2);
	vigil_outputs_emit(o, &a);
	ck_assert(wait_lines(path, 1));
	vigil_outputs_close(o);

	got = slurp(rotated);
	expect_line(line, sizeof(line), 1);
	snprintf(want, sizeof(want), "%s\n", line);
	ck_assert_str_eq(got, want);
	free(got);
	got = slurp(path);
	expect_line(line, sizeof(line), 2);
	snprintf(want, sizeof(want), "%s\n", line);
	ck_assert_str_eq(got, want);
	free(got);
}
END_TEST

START_TEST(test_file_json)
{
	static const char *const names[] = { "proc.name", "proc.pid" };
	static const char *const values[] = { "bash", "42" };
	static const bool js[] = { false, true };
	static const char *const tags[] = { "shell" };
	struct vigil_output_config c;
	struct vigil_outputs *o;
	struct vigil_alert a = alert(4);
	json_error_t jerr;
	json_t *j, *f;
	char line[128], *got;

	a.field_names = names;
	a.field_values = values;
	a.field_json = js;
	a.nfields = 2;
	a.tags = tags;
	a.ntags = 1;
	base_cfg(&c);
	c.json_output = true;
	c.json_include_output_property = true;
	c.json_include_tags_property = true;
	c.file_output.enabled = true;
	c.file_output.filename = path;
	o = open_ok(&c);
	vigil_outputs_emit(o, &a);
	vigil_outputs_close(o);
	got = slurp(path);
	/* One line. */
	ck_assert_ptr_eq(strchr(got, '\n'), got + strlen(got) - 1);
	j = json_loads(got, 0, &jerr);
	ck_assert_msg(j, "bad JSON %s: %s", got, jerr.text);
	expect_line(line, sizeof(line), 4);
	ck_assert_str_eq(json_string_value(json_object_get(j, "output")), line);
	ck_assert_str_eq(json_string_value(json_object_get(j, "priority")),
			 "Warning");
	ck_assert_str_eq(json_string_value(json_object_get(j, "rule")),
			 "Test rule");
	ck_assert_str_eq(json_string_value(json_object_get(j, "hostname")),
			 "testhost");
	ck_assert_str_eq(json_string_value(json_object_get(j, "source")),
			 "syscall");
	ck_assert_str_eq(json_string_value(json_object_get(j, "time")),
			 "2026-11-22T23:59:01.123456789Z");
	ck_assert_str_eq(json_string_value(json_array_get(
				json_object_get(j, "tags"), 0)), "shell");
	f = json_object_get(j, "output_fields");
	ck_assert_str_eq(json_string_value(json_object_get(f, "proc.name")),
			 "bash");
	ck_assert_int_eq(json_integer_value(json_object_get(f, "proc.pid")),
			 42);
	json_decref(j);
	free(got);
}
END_TEST

/* ---- configuration errors ---- */

static const char *const bad_headers[] = { "NoColon" };

static const struct {
	const char *what;
	const char *err;	/* expected in the message */
} open_err_cases[] = {
	{ "file-missing-dir", "/nonexistent-dir/x" },
	{ "file-no-name", "filename is not set" },
	{ "program-empty", "program is not set" },
	{ "http-scheme", "url must start with http://" },
	{ "http-mtls", "mtls needs client_cert" },
	{ "http-header", "header 0 is not" },
	{ "syslog-facility", "facility 99" },
	{ "queue-depth", "queue depth" },
};

START_TEST(test_open_errors)
{
	struct vigil_output_config c;
	const char *w = open_err_cases[_i].what;
	char err[256] = "";

	base_cfg(&c);
	if (!strncmp(w, "file", 4)) {
		c.file_output.enabled = true;
		if (!strcmp(w, "file-missing-dir"))
			c.file_output.filename = "/nonexistent-dir/x";
	} else if (!strcmp(w, "program-empty")) {
		c.program_output.enabled = true;
		c.program_output.program = "";
	} else if (!strncmp(w, "http", 4)) {
		c.http_output.enabled = true;
		c.http_output.url = "http://127.0.0.1:9/";
		if (!strcmp(w, "http-scheme"))
			c.http_output.url = "ftp://127.0.0.1/";
		if (!strcmp(w, "http-mtls"))
			c.http_output.mtls = true;
		if (!strcmp(w, "http-header")) {
			c.http_output.headers = bad_headers;
			c.http_output.nheaders = 1;
		}
	} else if (!strcmp(w, "syslog-facility")) {
		c.syslog_output.enabled = true;
		c.syslog_output.facility = 99;
	} else {
		c.queue_depth = 1U << 30;
		c.stdout_output.enabled = true;
	}
	ck_assert_ptr_null(vigil_outputs_open(&c, err, sizeof(err)));
	ck_assert_msg(strstr(err, open_err_cases[_i].err),
		      "%s: message \"%s\"", w, err);
}
END_TEST

START_TEST(test_no_channels)
{
	struct vigil_output_config c;
	struct vigil_outputs *o;
	struct vigil_alert a = alert(0);
	struct vigil_output_stats st[VIGIL_OUTPUT_CHANNELS_MAX];

	base_cfg(&c);
	o = open_ok(&c);
	ck_assert_int_eq(vigil_outputs_emit(o, &a), 0);
	ck_assert_int_eq(vigil_outputs_emit(o, NULL), -EINVAL);
	a.nfields = 2;		/* without names */
	ck_assert_int_eq(vigil_outputs_emit(o, &a), -EINVAL);
	ck_assert_int_eq(vigil_outputs_stats(o, st, N(st)), 0);
	vigil_outputs_close(o);
	vigil_outputs_close(NULL);
}
END_TEST

/* ---- stdout ---- */

START_TEST(test_stdout)
{
	struct vigil_output_config c;
	struct vigil_outputs *o;
	struct vigil_alert a;
	char got[1024] = "", want[512], line[128];
	int p[2], saved;
	ssize_t n;
	size_t len = 0;

	ck_assert_int_eq(pipe(p), 0);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(p[1], STDOUT_FILENO);
	close(p[1]);
	base_cfg(&c);
	c.stdout_output.enabled = true;
	c.time_format_iso_8601 = _i;
	o = open_ok(&c);
	a = alert(2);
	vigil_outputs_emit(o, &a);
	a = alert(3);
	vigil_outputs_emit(o, &a);
	vigil_outputs_close(o);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	while ((n = read(p[0], got + len, sizeof(got) - 1 - len)) > 0)
		len += n;
	close(p[0]);
	if (_i) {
		snprintf(want, sizeof(want),
			 "2026-11-22T23:59:01.123456789+0000: Critical alert number 2\n"
			 "2026-11-22T23:59:01.123456789+0000: Error alert number 3\n");
	} else {
		expect_line(line, sizeof(line), 2);
		snprintf(want, sizeof(want), "%s\n", line);
		expect_line(line, sizeof(line), 3);
		strcat(want, line);
		strcat(want, "\n");
	}
	ck_assert_str_eq(got, want);
}
END_TEST

/* ---- program ---- */

START_TEST(test_program)
{
	struct vigil_output_config c;
	struct vigil_outputs *o;
	struct vigil_alert a;
	char cmd[256], want[1024] = "", line[128], *got;
	int i;

	base_cfg(&c);
	snprintf(cmd, sizeof(cmd), "cat >> '%s'", path);
	c.program_output.enabled = true;
	c.program_output.keep_alive = _i;
	c.program_output.program = cmd;
	o = open_ok(&c);
	for (i = 0; i < 5; i++) {
		a = alert(i);
		ck_assert_int_eq(vigil_outputs_emit(o, &a), 0);
		expect_line(line, sizeof(line), i);
		strcat(want, line);
		strcat(want, "\n");
	}
	ck_assert(wait_lines(path, 5));
	vigil_outputs_close(o);
	got = slurp(path);
	ck_assert_str_eq(got, want);
	free(got);
}
END_TEST

/* State letter of a process from /proc, '?' when gone. */
static char proc_state(long pid)
{
	char p[64], buf[512], *rp;
	FILE *f;

	snprintf(p, sizeof(p), "/proc/%ld/stat", pid);
	f = fopen(p, "r");
	if (!f)
		return '?';
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	rp = strrchr(buf, ')');
	return rp && rp[1] == ' ' ? rp[2] : '?';
}

/* The child reads one alert and exits; every alert needs a new child. */
START_TEST(test_program_respawn)
{
	struct vigil_output_config c;
	struct vigil_outputs *o;
	struct vigil_alert a;
	char cmd[256], line[128], *got, *p;
	long pids[4];
	int i, j, waited;

	base_cfg(&c);
	snprintf(cmd, sizeof(cmd), "read l; echo \"$$ $l\" >> '%s'", path);
	c.program_output.enabled = true;
	c.program_output.keep_alive = true;
	c.program_output.program = cmd;
	o = open_ok(&c);
	for (i = 0; i < 4; i++) {
		a = alert(i);
		vigil_outputs_emit(o, &a);
		ck_assert(wait_lines(path, i + 1));
		got = slurp(path);
		p = got;
		for (j = 0; j < i; j++)
			p = strchr(p, '\n') + 1;
		pids[i] = strtol(p, &p, 10);
		expect_line(line, sizeof(line), i);
		ck_assert_int_eq(*p, ' ');
		ck_assert_int_eq(strncmp(p + 1, line, strlen(line)), 0);
		free(got);
		/* Until the child has exited (not reaped yet: a zombie). */
		for (waited = 0; proc_state(pids[i]) != 'Z' &&
		     proc_state(pids[i]) != '?' && waited < WAIT_MS;
		     waited += 5)
			sleep_ms(5);
		ck_assert_int_lt(waited, WAIT_MS);
	}
	for (i = 1; i < 4; i++)
		ck_assert_int_ne(pids[i], pids[i - 1]);
	ck_assert_int_eq(chan_stats(o, "program").sent, 4);
	ck_assert_int_eq(chan_stats(o, "program").errors, 0);
	vigil_outputs_close(o);
}
END_TEST

/*
 * A program that never reads fills its pipe: that channel drops, the file
 * channel next to it delivers every alert.
 */
START_TEST(test_isolation)
{
	struct vigil_output_config c;
	struct vigil_outputs *o;
	struct vigil_output_stats fs, ps;
	struct vigil_alert a = alert(0);
	char *big = malloc(4001);
	int i, r, drops = 0, waited;

	memset(big, 'x', 4000);
	big[4000] = '\0';
	a.output = big;
	base_cfg(&c);
	c.queue_depth = 4;
	c.close_timeout_ms = 300;
	c.file_output.enabled = true;
	c.file_output.keep_alive = true;
	c.file_output.filename = path;
	c.program_output.enabled = true;
	c.program_output.keep_alive = true;
	c.program_output.program = "exec sleep 30";
	o = open_ok(&c);
	for (i = 0; i < 200; i++) {
		r = vigil_outputs_emit(o, &a);
		ck_assert_int_ge(r, 0);
		drops += r;
		for (waited = 0; chan_stats(o, "file").sent < (__u64)i + 1 &&
		     waited < WAIT_MS; waited++)
			sleep_ms(1);
	}
	fs = chan_stats(o, "file");
	ps = chan_stats(o, "program");
	ck_assert_int_eq(fs.sent, 200);
	ck_assert_int_eq(fs.dropped, 0);
	ck_assert_int_gt(ps.dropped, 0);
	ck_assert_int_eq(ps.dropped, drops);
	/* Sent, dropped, queued, and at most one in the worker's hands. */
	ck_assert_int_le(ps.sent + ps.dropped + ps.queued, 200);
	ck_assert_int_ge(ps.sent + ps.dropped + ps.queued, 199);
	vigil_outputs_close(o);
	ck_assert_int_eq(count_lines(path), 200);
	free(big);
}
END_TEST

/* ---- syslog ---- */

static int listener(int type, int *port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int fd;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	if (type == SOCK_STREAM)
		ck_assert_int_eq(listen(fd, 4), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

static bool readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, WAIT_MS) == 1;
}

/* Exactly len bytes from a stream, bounded by WAIT_MS per read. */
static void read_exact(int fd, char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		ck_assert(readable(fd));
		n = read(fd, buf, len);
		ck_assert_int_gt(n, 0);
		buf += n;
		len -= n;
	}
}

/* One RFC 6587 octet-counted frame. */
static void read_frame(int fd, char *buf, size_t size)
{
	size_t len = 0, i = 0;
	char c;

	for (;;) {
		read_exact(fd, &c, 1);
		if (c == ' ')
			break;
		ck_assert(c >= '0' && c <= '9' && i++ < 8);
		len = len * 10 + (c - '0');
	}
	ck_assert_uint_lt(len, size);
	read_exact(fd, buf, len);
	buf[len] = '\0';
}

/* Check an RFC 5424 message against alert(i) with facility fac. */
static void check_5424(const char *msg, int i, int fac)
{
	char want[512], line[128];

	expect_line(line, sizeof(line), i);
	snprintf(want, sizeof(want),
		 "<%d>1 2026-11-22T23:59:01.123456Z testhost vigil %d alert - %s",
		 fac * 8 + i % 8, (int)getpid(), line);
	ck_assert_str_eq(msg, want);
}

START_TEST(test_syslog_udp)
{
	struct vigil_output_config c;
	struct vigil_outputs *o;
	struct vigil_alert a;
	char buf[9000];
	int fd, port, i, prios[] = { 0, 4, 7 };
	ssize_t n;

	fd = listener(SOCK_DGRAM, &port);
	base_cfg(&c);
	c.syslog_output.enabled = true;
	c.syslog_output.host = "127.0.0.1";
	c.syslog_output.port = port;
	c.syslog_output.proto = VIGIL_SYSLOG_UDP;
	c.syslog_output.facility = vigil_syslog_facility_parse("local3");
	ck_assert_int_eq(c.syslog_output.facility, 19);
	o = open_ok(&c);
	for (i = 0; i < 3; i++) {
		a = alert(prios[i]);
		vigil_outputs_emit(o, &a);
	}
	for (i = 0; i < 3; i++) {
		ck_assert(readable(fd));
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		ck_assert_int_gt(n, 0);
		buf[n] = '\0';
		check_5424(buf, prios[i], 19);
	}
	vigil_outputs_close(o);
	close(fd);
}
END_TEST

START_TEST(test_syslog_tcp)
{
	struct vigil_output_config c;
	struct vigil_outputs *o;
	struct vigil_alert a;
	char buf[9000];
	int lfd, cfd, port, i;

	lfd = listener(SOCK_STREAM, &port);
	base_cfg(&c);
	c.syslog_output.enabled = true;
	c.syslog_output.host = "127.0.0.1";
	c.syslog_output.port = port;
	c.syslog_output.proto = VIGIL_SYSLOG_TCP;
	c.syslog_output.facility = 1;
	o = open_ok(&c);
	for (i = 0; i < 3; i++) {
		a = alert(i + 1);
		vigil_outputs_emit(o, &a);
	}
	ck_assert(readable(lfd));
	cfd = accept(lfd, NULL, NULL);
	ck_assert_int_ge(cfd, 0);
	for (i = 0; i < 3; i++) {
		read_frame(cfd, buf, sizeof(buf));
		check_5424(buf, i + 1, 1);
	}
	/* The server goes away: the channel connects again. */
	close(cfd);
	sleep_ms(50);
	a = alert(6);
	vigil_outputs_emit(o, &a);
	ck_assert(readable(lfd));
	cfd = accept(lfd, NULL, NULL);
	ck_assert_int_ge(cfd, 0);
	read_frame(cfd, buf, sizeof(buf));
	check_5424(buf, 6, 1);
	for (i = 0; chan_stats(o, "syslog").sent < 4 && i < WAIT_MS; i++)
		sleep_ms(1);
	ck_assert_int_eq(chan_stats(o, "syslog").sent, 4);
	ck_assert_int_eq(chan_stats(o, "syslog").errors, 0);
	vigil_outputs_close(o);
	close(cfd);
	close(lfd);
}
END_TEST

/*
 * Local syslog(3) in a child with a private mount namespace, where a
 * tmpfs on /dev holds the test's own /dev/log.  The child sends back the
 * datagrams it received, one a line.  Needs root (CAP_SYS_ADMIN).
 */
static void local_syslog_child(int out)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct vigil_output_config c;
	struct vigil_outputs *o;
	struct vigil_alert a;
	char buf[4096], err[256];
	int fd, i;
	ssize_t n;

	if (unshare(CLONE_NEWNS) ||
	    mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("none", "/dev", "tmpfs", 0, NULL)) {
		dprintf(out, "ERR private /dev: %s\n", strerror(errno));
		_exit(2);
	}
	strcpy(sun.sun_path, "/dev/log");
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun))) {
		dprintf(out, "ERR /dev/log: %s\n", strerror(errno));
		_exit(2);
	}
	base_cfg(&c);
	c.syslog_output.enabled = true;
	c.syslog_output.facility = 21;	/* local5 */
	o = vigil_outputs_open(&c, err, sizeof(err));
	if (!o) {
		dprintf(out, "ERR open: %s\n", err);
		_exit(2);
	}
	for (i = 1; i <= 4; i += 3) {
		a = alert(i);
		vigil_outputs_emit(o, &a);
	}
	for (i = 0; i < 2; i++) {
		if (!readable(fd))
			_exit(3);
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			_exit(3);
		buf[n] = '\0';
		dprintf(out, "%s\n", buf);
	}
	vigil_outputs_close(o);
	_exit(0);
}

START_TEST(test_syslog_local)
{
	char got[8192] = "", want[256], line[128], *l, *save;
	int p[2], status, i;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (!pid) {
		close(p[0]);
		local_syslog_child(p[1]);
	}
	close(p[1]);
	while (readable(p[0]) &&
	       (n = read(p[0], got + len, sizeof(got) - 1 - len)) > 0)
		len += n;
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "child status %d: %s", status, got);
	l = strtok_r(got, "\n", &save);
	for (i = 1; i <= 4; i += 3) {
		ck_assert_ptr_nonnull(l);
		/* "<PRI>Mmm dd hh:mm:ss vigil[PID]: MSG" */
		snprintf(want, sizeof(want), "<%d>", 21 * 8 + i);
		ck_assert_msg(!strncmp(l, want, strlen(want)), "got %s", l);
		expect_line(line, sizeof(line), i);
		snprintf(want, sizeof(want), " vigil[%d]: %s", (int)pid, line);
		ck_assert_msg(strlen(l) > strlen(want) &&
			      !strcmp(l + strlen(l) - strlen(want), want),
			      "got \"%s\", want suffix \"%s\"", l, want);
		l = strtok_r(NULL, "\n", &save);
	}
}
END_TEST

START_TEST(test_syslog_facility)
{
	ck_assert_int_eq(vigil_syslog_facility_parse("kern"), 0);
	ck_assert_int_eq(vigil_syslog_facility_parse("USER"), 1);
	ck_assert_int_eq(vigil_syslog_facility_parse("local7"), 23);
	ck_assert_int_eq(vigil_syslog_facility_parse("local8"), -EINVAL);
	ck_assert_int_eq(vigil_syslog_facility_parse(NULL), -EINVAL);
}
END_TEST

/* ---- http ---- */

#define REQ_MAX		8

struct http_req {
	char method[8];
	char target[64];
	char ctype[64];
	char agent[64];
	char xtest[64];
	char *body;
};

struct receiver {
	int lfd;
	int port;
	int want;
	int status;		/* to answer */
	int got;
	struct http_req req[REQ_MAX];
	pthread_t thread;
};

static void header_value(const char *head, const char *name, char *out,
			 size_t len)
{
	const char *p = head;
	size_t n = strlen(name), k;

	out[0] = '\0';
	while ((p = strstr(p, "\r\n"))) {
		p += 2;
		if (strncasecmp(p, name, n) || p[n] != ':')
			continue;
		p += n + 1;
		while (*p == ' ')
			p++;
		k = strcspn(p, "\r\n");
		snprintf(out, len, "%.*s", (int)(k < len ? k : len - 1), p);
		return;
	}
}

/* One request from fd into r; false at end of stream or timeout. */
static bool read_request(int fd, struct http_req *r)
{
	static char buf[65536];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t len = 0, need;
	char *end, cl[32];
	ssize_t n;

	for (;;) {
		buf[len] = '\0';
		end = strstr(buf, "\r\n\r\n");
		if (end)
			break;
		if (len == sizeof(buf) - 1 || poll(&p, 1, WAIT_MS) != 1)
			return false;
		n = read(fd, buf + len, 1);	/* stop at the headers */
		if (n <= 0)
			return false;
		len += n;
	}
	sscanf(buf, "%7s %63s", r->method, r->target);
	header_value(buf, "Content-Type", r->ctype, sizeof(r->ctype));
	header_value(buf, "User-Agent", r->agent, sizeof(r->agent));
	header_value(buf, "X-Vigil-Test", r->xtest, sizeof(r->xtest));
	header_value(buf, "Content-Length", cl, sizeof(cl));
	need = strtoul(cl, NULL, 10);
	if (need > sizeof(buf))
		return false;
	r->body = calloc(1, need + 1);
	for (len = 0; len < need; len += n) {
		if (poll(&p, 1, WAIT_MS) != 1)
			return false;
		n = read(fd, r->body + len, need - len);
		if (n <= 0)
			return false;
	}
	return true;
}

static void *receiver_main(void *arg)
{
	struct receiver *rc = arg;
	char resp[128];
	int fd;

	while (rc->got < rc->want) {
		if (!readable(rc->lfd))
			break;
		fd = accept(rc->lfd, NULL, NULL);
		if (fd < 0)
			break;
		/* Requests on a kept-alive connection, until it closes. */
		while (rc->got < rc->want &&
		       read_request(fd, &rc->req[rc->got])) {
			rc->got++;
			snprintf(resp, sizeof(resp),
				 "HTTP/1.1 %d X\r\nContent-Length: 2\r\n\r\nok",
				 rc->status);
			if (write(fd, resp, strlen(resp)) < 0)
				break;
		}
		close(fd);
	}
	return NULL;
}

static void receiver_start(struct receiver *rc, int want, int status)
{
	memset(rc, 0, sizeof(*rc));
	rc->want = want;
	rc->status = status;
	rc->lfd = listener(SOCK_STREAM, &rc->port);
	ck_assert_int_eq(pthread_create(&rc->thread, NULL, receiver_main, rc),
			 0);
}

static void receiver_join(struct receiver *rc)
{
	pthread_join(rc->thread, NULL);
	close(rc->lfd);
}

static void receiver_free(struct receiver *rc)
{
	int i;

	for (i = 0; i < rc->got; i++)
		free(rc->req[i].body);
}

static const char *const test_headers[] = { "X-Vigil-Test: yes" };

static void http_cfg(struct vigil_output_config *c, char *url, size_t len,
		     int port)
{
	base_cfg(c);
	snprintf(url, len, "http://127.0.0.1:%d/hook", port);
	c->http_output.enabled = true;
	c->http_output.url = url;
	c->http_output.user_agent = "vigil-test";
	c->http_output.headers = test_headers;
	c->http_output.nheaders = 1;
	c->http_output.timeout_ms = 5000;
}

START_TEST(test_http)
{
	static const char *const names[] = { "fd.name" };
	static const char *const values[] = { "/etc/shadow" };
	struct vigil_output_config c;
	struct vigil_outputs *o;
	struct receiver rc;
	struct vigil_alert a;
	char url[64], line[128];
	json_error_t jerr;
	json_t *j;
	int i;

	receiver_start(&rc, 3, 200);
	http_cfg(&c, url, sizeof(url), rc.port);
	c.json_include_output_property = true;
	o = open_ok(&c);
	for (i = 0; i < 3; i++) {
		a = alert(i + 2);
		a.field_names = names;
		a.field_values = values;
		a.nfields = 1;
		vigil_outputs_emit(o, &a);
	}
	receiver_join(&rc);
	ck_assert_int_eq(rc.got, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_str_eq(rc.req[i].method, "POST");
		ck_assert_str_eq(rc.req[i].target, "/hook");
		ck_assert_str_eq(rc.req[i].ctype, "application/json");
		ck_assert_str_eq(rc.req[i].agent, "vigil-test");
		ck_assert_str_eq(rc.req[i].xtest, "yes");
		j = json_loads(rc.req[i].body, 0, &jerr);
		ck_assert_msg(j, "bad JSON (%s): %s", rc.req[i].body, jerr.text);
		expect_line(line, sizeof(line), i + 2);
		ck_assert_str_eq(json_string_value(json_object_get(j, "output")),
				 line);
		ck_assert_str_eq(json_string_value(json_object_get(j, "priority")),
				 vigil_priority_name(i + 2));
		ck_assert_str_eq(json_string_value(json_object_get(
				json_object_get(j, "output_fields"), "fd.name")),
				 "/etc/shadow");
		json_decref(j);
	}
	/* sent counts once the response is read: wait for the worker. */
	for (i = 0; chan_stats(o, "http").sent < 3 && i < WAIT_MS; i++)
		sleep_ms(1);
	ck_assert_int_eq(chan_stats(o, "http").sent, 3);
	vigil_outputs_close(o);
	receiver_free(&rc);
}
END_TEST

START_TEST(test_http_status)
{
	struct vigil_output_config c;
	struct vigil_outputs *o;
	struct receiver rc;
	struct vigil_alert a = alert(1);
	char url[64];
	int i;

	receiver_start(&rc, 2, 500);
	http_cfg(&c, url, sizeof(url), rc.port);
	o = open_ok(&c);
	vigil_outputs_emit(o, &a);
	vigil_outputs_emit(o, &a);
	receiver_join(&rc);
	ck_assert_int_eq(rc.got, 2);
	for (i = 0; chan_stats(o, "http").errors < 2 && i < WAIT_MS; i++)
		sleep_ms(1);
	ck_assert_int_eq(chan_stats(o, "http").errors, 2);
	ck_assert_int_eq(chan_stats(o, "http").sent, 0);
	vigil_outputs_close(o);
	receiver_free(&rc);
}
END_TEST

/* ---- no stall ---- */

#define FLOOD	100000

/*
 * 100000 alerts at a webhook that refuses connections (case 0) or
 * accepts and never answers (case 1): every emit returns, the alerts the
 * queue cannot hold are counted as dropped, and close returns.
 */
START_TEST(test_no_stall)
{
	struct vigil_output_config c;
	struct vigil_outputs *o;
	struct vigil_output_stats st;
	struct vigil_alert a = alert(3);
	char url[64];
	long drops = 0, done = 0;
	int lfd, port, i, r;

	lfd = listener(SOCK_STREAM, &port);
	if (_i == 0)
		close(lfd);	/* nothing listens on port now */
	http_cfg(&c, url, sizeof(url), port);
	c.queue_depth = 64;
	c.close_timeout_ms = 500;
	c.http_output.timeout_ms = 20000;
	o = open_ok(&c);
	for (i = 0; i < FLOOD; i++) {
		r = vigil_outputs_emit(o, &a);
		ck_assert_int_ge(r, 0);
		drops += r;
		done++;
	}
	st = chan_stats(o, "http");
	ck_assert_int_eq(done, FLOOD);
	ck_assert_int_eq(st.dropped, drops);
	ck_assert_int_gt(st.dropped, 0);
	ck_assert_int_eq(st.sent, 0);
	ck_assert_int_le(st.queued, 64);
	/* Every alert is counted once, but for one in the worker's hands. */
	ck_assert_int_le(st.dropped + st.errors + st.queued, FLOOD);
	ck_assert_int_ge(st.dropped + st.errors + st.queued, FLOOD - 1);
	if (_i == 0)
		ck_assert_int_gt(st.errors, 0);
	vigil_outputs_close(o);
	if (_i == 1)
		close(lfd);
}
END_TEST

Suite *output_suite(void)
{
	Suite *s = suite_create("output");
	TCase *tc;

	tc = tcase_create("file");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_file, 0, N(file_cases));
	tcase_add_loop_test(tc, test_file_reopen, 0, 2);
	tcase_add_test(tc, test_file_json);
	tcase_add_loop_test(tc, test_open_errors, 0, N(open_err_cases));
	tcase_add_test(tc, test_no_channels);
	tcase_add_loop_test(tc, test_stdout, 0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("program");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_program, 0, 2);
	tcase_add_test(tc, test_program_respawn);
	tcase_add_test(tc, test_isolation);
	suite_add_tcase(s, tc);

	tc = tcase_create("syslog");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_syslog_udp);
	tcase_add_test(tc, test_syslog_tcp);
	tcase_add_test(tc, test_syslog_local);
	tcase_add_test(tc, test_syslog_facility);
	suite_add_tcase(s, tc);

	tc = tcase_create("http");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_http);
	tcase_add_test(tc, test_http_status);
	tcase_add_loop_test(tc, test_no_stall, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}
