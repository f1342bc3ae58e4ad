// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Host-side helper for tests/daemon/run.sh (linked with the agent's
 * objects):
 *   daemon_helper metrics        serve a rendered /metrics on a loopback
 *                                port and check the replies over TCP
 *   daemon_helper capture FILE   write a vigil capture: a shell (pid 100,
 *                                in a docker container) and its openat of
 *                                /etc/shadow, for vigil -e to replay
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "capture.h"
#include "metrics.h"
#include "state_int.h"

static int failures;

#define CHECK(c, ...) do { if (!(c)) { failures++; \
	fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
	fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

static char *http(unsigned int port, const char *req, size_t *len)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	static char buf[1 << 16];
	size_t used = 0;
	ssize_t k;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return NULL;
	}
	if (write(fd, req, strlen(req)) < 0) {
		close(fd);
		return NULL;
	}
	while (used < sizeof(buf) - 1 &&
	       (k = read(fd, buf + used, sizeof(buf) - 1 - used)) > 0)
		used += (size_t)k;
	buf[used] = '\0';
	*len = used;
	close(fd);
	return buf;
}

static int metrics_test(void)
{
	struct vigil_output_stats os[2] = {
		{ "http", 5, 17, 2, 0 }, { "stdout", 22, 0, 0, 1 },
	};
	struct vigil_stats k = { 1000, 3, 2, 1, 4, 0, { 0 } };
	struct vigil_state_stats ss = { 0 };
	struct metrics_input in;
	struct metrics *m;
	char err[256], *r, *text = NULL, big[9000];
	size_t len, tlen = 0;
	FILE *f;

	ss.threads = 42;
	ss.fds = 7;
	memset(&in, 0, sizeof(in));
	in.kstats = &k;
	in.outs = os;
	in.nouts = 2;
	in.state = &ss;
	in.drop_alerts = 2;
	f = open_memstream(&text, &tlen);
	metrics_render(f, &in);
	fclose(f);
	m = metrics_start("127.0.0.1", 0, "/healthz", true, err, sizeof(err));
	CHECK(m, "metrics_start: %s", err);
	if (!m)
		return 1;
	metrics_publish(m, text, tlen);
	r = http(metrics_port(m), "GET /healthz HTTP/1.0\r\n\r\n", &len);
	CHECK(r && strstr(r, "HTTP/1.0 200 OK\r\n") == r, "healthz: %s", r);
	CHECK(r && strstr(r, "\r\n\r\n{\"status\": \"ok\"}"), "healthz body");
	r = http(metrics_port(m), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n",
		 &len);
	CHECK(r && strstr(r, "HTTP/1.0 200 OK\r\n") == r, "metrics: %s", r);
	CHECK(r && strstr(r, "\nvigil_kernel_drops_total{reason=\"full\"} 3\n"),
	      "drops by reason");
	CHECK(r && strstr(r, "\nvigil_kernel_drops_total{reason=\"too_large\"} 1\n"),
	      "too_large");
	CHECK(r && strstr(r, "\nvigil_output_dropped_total{channel=\"http\"} 17\n"),
	      "output losses");
	CHECK(r && strstr(r, "\nvigil_output_queued{channel=\"stdout\"} 1\n"),
	      "queued");
	CHECK(r && strstr(r, "\nvigil_state_entries{table=\"threads\"} 42\n"),
	      "state sizes");
	CHECK(r && strstr(r, "\nvigil_drop_alerts_total 2\n"), "drop alerts");
	CHECK(r && strstr(r, "\r\n\r\n") &&
	      strlen(strstr(r, "\r\n\r\n") + 4) == tlen, "body length");
	r = http(metrics_port(m), "HEAD /metrics HTTP/1.0\r\n\r\n", &len);
	CHECK(r && strstr(r, "HTTP/1.0 200 OK") == r &&
	      !strcmp(strstr(r, "\r\n\r\n"), "\r\n\r\n"), "HEAD: %s", r);
	r = http(metrics_port(m), "GET /nope HTTP/1.0\r\n\r\n", &len);
	CHECK(r && strstr(r, "HTTP/1.0 404 ") == r, "404: %s", r);
	r = http(metrics_port(m), "POST /metrics HTTP/1.0\r\n\r\n", &len);
	CHECK(r && strstr(r, "HTTP/1.0 405 ") == r, "405: %s", r);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "GET /", 5);
	r = http(metrics_port(m), big, &len);
	CHECK(r && strstr(r, "HTTP/1.0 431 ") == r, "431: %s", r);
	/* still serving after all that */
	r = http(metrics_port(m), "GET /healthz HTTP/1.0\r\n\r\n", &len);
	CHECK(r && strstr(r, "HTTP/1.0 200 OK") == r, "healthz after");
	metrics_stop(m);
	free(text);
	return failures ? 1 : 0;
}

#define CID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static int capture_gen(const char *path)
{
	static __u64 buf[512];
	static const char name[] = "/etc/shadow", args[] = "-c\0cat /etc/shadow";
	static const char cg[] = "0::/docker/" CID "\n";
	struct vigil_state_cfg cfg;
	struct vigil_state *st;
	struct vst_thread *t;
	struct vigil_event *ev = (struct vigil_event *)buf;
	struct vigil_ev_openat *o = (struct vigil_ev_openat *)(ev + 1);
	struct capture_writer *w;
	char *var = (char *)(o + 1);

	vigil_state_cfg_default(&cfg);
	cfg.proc_root = "/nonexistent";
	cfg.lookup_missing = 0;
	st = vigil_state_open(&cfg);
	if (!st)
		return 1;
	t = vst_thread_new(st, 100, 100, 1);
	strcpy(t->comm, "sh");
	strcpy(t->proc->comm, "sh");
	t->proc->exe = vst_str_new("sh", 2, 64);
	t->proc->exepath = vst_str_new("/bin/sh", 7, 64);
	t->proc->args = vst_str_new(args, sizeof(args) - 1, 64);
	t->proc->nargs = 2;
	vst_proc_set_cgroup(st, t->proc, cg, sizeof(cg) - 1);
	w = capture_create(path, 1700000000ULL * 1000000000ULL, 6);
	if (!w || capture_write_state(w, st, "/etc/passwd", "/etc/group"))
		return 1;
	memset(buf, 0, sizeof(buf));
	ev->type = VIGIL_EV_OPENAT;
	ev->res = 3;
	ev->tid = ev->tgid = 100;
	ev->ppid = 1;
	ev->ts_ns = 5000000000ULL;
	ev->nr = 257;
	memcpy(ev->comm, "sh", 3);
	o->dirfd = (__u64)-100;
	o->name.off = (__u16)(var - (char *)ev);
	o->name.len = sizeof(name) - 1;
	memcpy(var, name, sizeof(name));
	ev->len = (__u32)((var - (char *)ev + sizeof(name) + 7) & ~7L);
	if (capture_write_event(w, ev) || capture_close(w, 0))
		return 1;
	vigil_state_close(st);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "metrics"))
		return metrics_test();
	if (argc == 3 && !strcmp(argv[1], "capture"))
		return capture_gen(argv[2]);
	fprintf(stderr, "usage: daemon_helper metrics | capture FILE\n");
	return 2;
}
