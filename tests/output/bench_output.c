// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Output benchmark: the cost of vigil_outputs_emit() for N alerts with
 *   null     the file channel writing JSON to /dev/null (the baseline:
 *            the same formatting work as the http channel's JSON)
 *   refused  the http channel at a 127.0.0.1 port where nothing listens
 *   stalled  the http channel at a 127.0.0.1 listener that never accepts
 *            or answers
 * and the ratio of each to the baseline, with the channel's counters.
 * It prints figures; it asserts nothing.
 *
 *   bench_output [N]      (default 100000)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "output.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A listening socket on 127.0.0.1; its port in *port. */
static int listen_lo(int *port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int fd;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    listen(fd, 16) ||
	    getsockname(fd, (struct sockaddr *)&sin, &len)) {
		perror("listen socket");
		exit(1);
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

static double run(const char *name, const struct vigil_output_config *c,
		  long n, double base)
{
	static const char *const names[] = { "proc.name", "fd.name" };
	static const char *const values[] = { "cat", "/etc/shadow" };
	struct vigil_alert a = {
		.rule = "Read sensitive file untrusted",
		.priority = VIGIL_PRIO_WARNING,
		.output = "Sensitive file opened for reading by non-trusted "
			  "program (user=root command=cat /etc/shadow)",
		.field_names = names,
		.field_values = values,
		.nfields = 2,
	};
	struct vigil_output_stats st;
	struct vigil_outputs *o;
	char err[256];
	double t0, t, t_close;
	long i;

	o = vigil_outputs_open(c, err, sizeof(err));
	if (!o) {
		fprintf(stderr, "%s: %s\n", name, err);
		exit(1);
	}
	t0 = now_s();
	for (i = 0; i < n; i++) {
		a.ts_ns = (__u64)time(NULL) * 1000000000ULL + i;
		vigil_outputs_emit(o, &a);
	}
	t = now_s() - t0;
	vigil_outputs_stats(o, &st, 1);
	t0 = now_s();
	vigil_outputs_close(o);
	t_close = now_s() - t0;
	printf("%-8s %8ld alerts  emit %8.3f s  %7.0f ns/alert  ratio %5.2f  "
	       "sent %llu dropped %llu errors %llu  close %.2f s\n",
	       name, n, t, t * 1e9 / n, base > 0 ? t / base : 1.0,
	       (unsigned long long)st.sent, (unsigned long long)st.dropped,
	       (unsigned long long)st.errors, t_close);
	return t;
}

static void quiet(void *arg, const char *msg)
{
}

int main(int argc, char **argv)
{
	struct vigil_output_config c;
	long n = argc > 1 ? atol(argv[1]) : 100000;
	char url[64];
	double base;
	int fd, port;

	if (n <= 0 || n > 100000000) {
		fprintf(stderr, "usage: bench_output [N]\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);

	memset(&c, 0, sizeof(c));
	c.log = quiet;
	c.close_timeout_ms = 1000;
	c.json_output = true;
	c.file_output.enabled = true;
	c.file_output.keep_alive = true;
	c.file_output.filename = "/dev/null";
	base = run("null", &c, n, 0);

	memset(&c, 0, sizeof(c));
	c.log = quiet;
	c.close_timeout_ms = 1000;
	c.http_output.enabled = true;
	c.http_output.url = url;
	c.http_output.timeout_ms = 5000;
	fd = listen_lo(&port);
	close(fd);	/* nothing listens there now */
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", port);
	run("refused", &c, n, base);

	fd = listen_lo(&port);	/* never accepted, never answered */
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", port);
	run("stalled", &c, n, base);
	close(fd);
	return 0;
}
