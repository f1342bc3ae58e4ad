// SPDX-License-Identifier: GPL-2.0 OR MIT
/* /healthz and Prometheus /metrics: the exposition and the HTTP server. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "decode.h"
#include "metrics.h"

struct metrics {
	int lfd;
	int stop_pipe[2];
	unsigned int port;
	char healthz[128];
	bool prometheus;
	pthread_t thread;
	pthread_mutex_t lock;
	char *body;		/* last published /metrics text */
	size_t body_len;
};

/* ---- exposition ---- */

static void label(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

static void help(FILE *f, const char *name, const char *type,
		 const char *text)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, text, name, type);
}

static void render_pipeline(FILE *f, const struct pipeline *pl)
{
	const struct rule_set *rs = pl->rs;
	unsigned int t;
	uint32_t i;
	int p;

	help(f, "vigil_events_total", "counter", "Records processed, by event type.");
	for (t = 1; t < VIGIL_EV_MAX; t++) {
		const struct vigil_type_desc *td = vigil_type_desc(t);

		if (td && pl->stats.by_type[t])
			fprintf(f, "vigil_events_total{type=\"%s\"} %llu\n",
				td->name,
				(unsigned long long)pl->stats.by_type[t]);
	}
	help(f, "vigil_bad_records_total", "counter", "Records refused as malformed.");
	fprintf(f, "vigil_bad_records_total %llu\n",
		(unsigned long long)pl->stats.bad_records);
	help(f, "vigil_alerts_total", "counter", "Alerts, by rule and priority.");
	for (i = 0; rs && pl->stats.by_rule && i < rs->nitems[RK_RULE]; i++) {
		const struct rule_item *r = rs->items[RK_RULE][i];

		if (!pl->stats.by_rule[i])
			continue;
		fputs("vigil_alerts_total{rule=\"", f);
		label(f, r->name);
		fprintf(f, "\",priority=\"%s\"} %llu\n",
			vigil_priority_name(r->priority) ?
			vigil_priority_name(r->priority) : "unknown",
			(unsigned long long)pl->stats.by_rule[i]);
	}
	help(f, "vigil_alerts_by_priority_total", "counter", "Alerts, by priority.");
	for (p = 0; p < PRIO_NR; p++)
		fprintf(f, "vigil_alerts_by_priority_total{priority=\"%s\"} %llu\n",
			vigil_priority_name(p),
			(unsigned long long)pl->stats.by_prio[p]);
}

static void render_kernel(FILE *f, const struct vigil_stats *k)
{
	help(f, "vigil_kernel_events_total", "counter", "Records the module committed.");
	fprintf(f, "vigil_kernel_events_total %llu\n",
		(unsigned long long)k->written);
	help(f, "vigil_kernel_drops_total", "counter", "Events the module dropped, by reason.");
	fprintf(f, "vigil_kernel_drops_total{reason=\"full\"} %llu\n"
		"vigil_kernel_drops_total{reason=\"reentrant\"} %llu\n"
		"vigil_kernel_drops_total{reason=\"too_large\"} %llu\n",
		(unsigned long long)k->drop_full,
		(unsigned long long)k->drop_reentrant,
		(unsigned long long)k->drop_too_large);
	help(f, "vigil_kernel_faults_total", "counter", "User-memory faults (field truncated).");
	fprintf(f, "vigil_kernel_faults_total %llu\n",
		(unsigned long long)k->faults);
	help(f, "vigil_kernel_compat_skipped_total", "counter", "32-bit syscalls not captured.");
	fprintf(f, "vigil_kernel_compat_skipped_total %llu\n",
		(unsigned long long)k->compat_skipped);
}

static void render_outputs(FILE *f, const struct vigil_output_stats *o,
			   size_t n)
{
	static const char *const names[] = { "sent", "dropped", "errors" };
	size_t i, k;

	for (k = 0; k < 3; k++) {
		fprintf(f, "# HELP vigil_output_%s_total Alerts %s, by channel.\n"
			"# TYPE vigil_output_%s_total counter\n", names[k],
			k == 0 ? "delivered" : k == 1 ?
			"lost (queue full or unsent at close)" :
			"that failed to deliver", names[k]);
		for (i = 0; i < n; i++)
			fprintf(f, "vigil_output_%s_total{channel=\"%s\"} %llu\n",
				names[k], o[i].name,
				(unsigned long long)(k == 0 ? o[i].sent :
						     k == 1 ? o[i].dropped :
						     o[i].errors));
	}
	help(f, "vigil_output_queued", "gauge", "Alerts waiting, by channel.");
	for (i = 0; i < n; i++)
		fprintf(f, "vigil_output_queued{channel=\"%s\"} %llu\n",
			o[i].name, (unsigned long long)o[i].queued);
}

static void render_state(FILE *f, const struct vigil_state_stats *s)
{
	const struct {
		const char *name;
		__u64 v;
	} tabs[] = {
		{ "threads", s->threads }, { "procs", s->procs },
		{ "fds", s->fds }, { "fd_tables", s->fd_tables },
		{ "users", s->users }, { "groups", s->groups },
		{ "containers", s->containers },
	}, ev[] = {
		{ "threads", s->threads_evicted }, { "fds", s->fds_evicted },
		{ "containers", s->containers_evicted },
	};
	size_t i;

	help(f, "vigil_state_entries", "gauge", "State table sizes.");
	for (i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++)
		fprintf(f, "vigil_state_entries{table=\"%s\"} %llu\n",
			tabs[i].name, (unsigned long long)tabs[i].v);
	help(f, "vigil_state_evicted_total", "counter", "Live entries evicted at a table's cap.");
	for (i = 0; i < sizeof(ev) / sizeof(ev[0]); i++)
		fprintf(f, "vigil_state_evicted_total{table=\"%s\"} %llu\n",
			ev[i].name, (unsigned long long)ev[i].v);
}

static void render_rings(FILE *f, const struct vigil_dev *d)
{
	unsigned int i;

	help(f, "vigil_ring_fill_ratio", "gauge", "Share of each ring holding unconsumed records.");
	for (i = 0; i < d->nr_rings; i++) {
		const struct vigil_ring *r = &d->rings[i];
		__u64 prod;

		if (!r->hdr || !r->data_size)
			continue;
		prod = __atomic_load_n(&r->hdr->producer_pos, __ATOMIC_ACQUIRE);
		fprintf(f, "vigil_ring_fill_ratio{cpu=\"%u\"} %.6f\n", i,
			(double)(prod - r->cons_pos) / (double)r->data_size);
	}
}

void metrics_render(FILE *f, const struct metrics_input *in)
{
	if (in->pl)
		render_pipeline(f, in->pl);
	if (in->kstats)
		render_kernel(f, in->kstats);
	if (in->outs)
		render_outputs(f, in->outs, in->nouts);
	if (in->state)
		render_state(f, in->state);
	if (in->dev)
		render_rings(f, in->dev);
	help(f, "vigil_drop_alerts_total", "counter", "syscall_event_drops alerts sent.");
	fprintf(f, "vigil_drop_alerts_total %llu\n",
		(unsigned long long)in->drop_alerts);
	help(f, "vigil_reloads_total", "counter", "SIGHUP reloads, by result.");
	fprintf(f, "vigil_reloads_total{result=\"ok\"} %llu\n"
		"vigil_reloads_total{result=\"failed\"} %llu\n",
		(unsigned long long)in->reloads,
		(unsigned long long)in->reload_failures);
}

/* ---- the server ---- */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void send_all(int fd, const char *p, size_t n, long long deadline)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	ssize_t k;

	while (n) {
		long long left = deadline - now_ms();

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return;
		k = send(fd, p, n, MSG_NOSIGNAL);
		if (k <= 0) {
			if (k < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			return;
		}
		p += k;
		n -= (size_t)k;
	}
}

static void reply(int fd, int code, const char *reason, const char *type,
		  const char *body, size_t len, int head_only,
		  long long deadline)
{
	char h[256];
	int n;

	n = snprintf(h, sizeof(h), "HTTP/1.0 %d %s\r\nContent-Type: %s\r\n"
		     "Content-Length: %zu\r\nConnection: close\r\n\r\n", code,
		     reason, type, len);
	send_all(fd, h, (size_t)n, deadline);
	if (!head_only)
		send_all(fd, body, len, deadline);
}

static void serve(struct metrics *m, int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	long long deadline = now_ms() + METRICS_TIMEOUT_MS;
	char req[METRICS_REQ_MAX + 1], *sp, *path, *q;
	size_t used = 0;
	ssize_t k;
	int head;

	/* read the request head (a GET has no body) */
	req[0] = '\0';
	while (!strstr(req, "\r\n\r\n") && !strstr(req, "\n\n")) {
		long long left = deadline - now_ms();

		if (used >= METRICS_REQ_MAX) {
			reply(fd, 431, "Request Header Fields Too Large",
			      "text/plain", "request too large\n", 18, 0,
			      deadline);
			return;
		}
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			return;
		k = recv(fd, req + used, METRICS_REQ_MAX - used, 0);
		if (k <= 0)
			break;
		used += (size_t)k;
		req[used] = '\0';
	}
	sp = strchr(req, ' ');
	if (!sp) {
		reply(fd, 400, "Bad Request", "text/plain", "bad request\n",
		      12, 0, deadline);
		return;
	}
	*sp = '\0';
	head = !strcmp(req, "HEAD");
	if (strcmp(req, "GET") && !head) {
		reply(fd, 405, "Method Not Allowed", "text/plain",
		      "GET or HEAD only\n", 17, 0, deadline);
		return;
	}
	path = sp + 1;
	path[strcspn(path, " \r\n")] = '\0';
	q = strchr(path, '?');
	if (q)
		*q = '\0';
	if (!strcmp(path, m->healthz)) {
		reply(fd, 200, "OK", "application/json", "{\"status\": \"ok\"}",
		      16, head, deadline);
	} else if (m->prometheus && !strcmp(path, "/metrics")) {
		char *body;
		size_t len;

		pthread_mutex_lock(&m->lock);
		len = m->body_len;
		body = malloc(len + 1);
		if (body && len)
			memcpy(body, m->body, len);
		pthread_mutex_unlock(&m->lock);
		if (!body) {
			reply(fd, 503, "Service Unavailable", "text/plain",
			      "out of memory\n", 14, head, deadline);
			return;
		}
		reply(fd, 200, "OK", "text/plain; version=0.0.4", body, len,
		      head, deadline);
		free(body);
	} else {
		reply(fd, 404, "Not Found", "text/plain", "not found\n", 10,
		      head, deadline);
	}
}

static void *server(void *arg)
{
	struct metrics *m = arg;
	struct pollfd p[2] = { { .fd = m->lfd, .events = POLLIN },
			       { .fd = m->stop_pipe[0], .events = POLLIN } };
	int fd;

	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents)
			break;
		if (!(p[0].revents & POLLIN))
			continue;
		fd = accept4(m->lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0)
			continue;
		serve(m, fd);
		close(fd);
	}
	return NULL;
}

struct metrics *metrics_start(const char *addr, unsigned int port,
			      const char *healthz_path, bool prometheus,
			      char *err, size_t errlen)
{
	struct metrics *m = calloc(1, sizeof(*m));
	struct sockaddr_in6 sa6;
	struct sockaddr_in sa;
	struct sockaddr_storage got;
	socklen_t glen = sizeof(got);
	int one = 1, saved;

	if (!m)
		return NULL;
	m->lfd = m->stop_pipe[0] = m->stop_pipe[1] = -1;
	pthread_mutex_init(&m->lock, NULL);
	snprintf(m->healthz, sizeof(m->healthz), "%s",
		 healthz_path ? healthz_path : "/healthz");
	m->prometheus = prometheus;
	memset(&sa, 0, sizeof(sa));
	memset(&sa6, 0, sizeof(sa6));
	if (!addr)
		addr = "0.0.0.0";
	if (inet_pton(AF_INET, addr, &sa.sin_addr) == 1) {
		sa.sin_family = AF_INET;
		sa.sin_port = htons((unsigned short)port);
		m->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	} else if (inet_pton(AF_INET6, addr, &sa6.sin6_addr) == 1) {
		sa6.sin6_family = AF_INET6;
		sa6.sin6_port = htons((unsigned short)port);
		m->lfd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	} else {
		snprintf(err, errlen, "listen_address '%s' is not an IP address",
			 addr);
		errno = EINVAL;
		goto fail;
	}
	if (m->lfd < 0)
		goto fail_errno;
	setsockopt(m->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if ((sa.sin_family ? bind(m->lfd, (struct sockaddr *)&sa, sizeof(sa))
			   : bind(m->lfd, (struct sockaddr *)&sa6,
				  sizeof(sa6))) ||
	    listen(m->lfd, METRICS_CONN_MAX))
		goto fail_errno;
	if (getsockname(m->lfd, (struct sockaddr *)&got, &glen))
		goto fail_errno;
	m->port = ntohs(got.ss_family == AF_INET ?
			((struct sockaddr_in *)&got)->sin_port :
			((struct sockaddr_in6 *)&got)->sin6_port);
	if (pipe2(m->stop_pipe, O_CLOEXEC))
		goto fail_errno;
	errno = pthread_create(&m->thread, NULL, server, m);
	if (errno)
		goto fail_errno;
	return m;
fail_errno:
	snprintf(err, errlen, "%s:%u: %s", addr, port, strerror(errno));
fail:
	saved = errno;
	if (m->lfd >= 0)
		close(m->lfd);
	if (m->stop_pipe[0] >= 0) {
		close(m->stop_pipe[0]);
		close(m->stop_pipe[1]);
	}
	pthread_mutex_destroy(&m->lock);
	free(m);
	errno = saved;
	return NULL;
}

unsigned int metrics_port(const struct metrics *m)
{
	return m->port;
}

int metrics_publish(struct metrics *m, const char *text, size_t len)
{
	char *copy = malloc(len + 1);

	if (!copy)
		return -ENOMEM;
	memcpy(copy, text, len);
	copy[len] = '\0';
	pthread_mutex_lock(&m->lock);
	free(m->body);
	m->body = copy;
	m->body_len = len;
	pthread_mutex_unlock(&m->lock);
	return 0;
}

void metrics_stop(struct metrics *m)
{
	if (!m)
		return;
	if (write(m->stop_pipe[1], "x", 1) == 1)
		pthread_join(m->thread, NULL);
	close(m->lfd);
	close(m->stop_pipe[0]);
	close(m->stop_pipe[1]);
	pthread_mutex_destroy(&m->lock);
	free(m->body);
	free(m);
}
