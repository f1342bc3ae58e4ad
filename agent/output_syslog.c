// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * syslog channel.  Without syslog_output.host: the local syslog(3), the
 * alert's priority as the severity.  With a host: RFC 5424 messages
 *
 *   <PRI>1 2026-11-22T23:59:01.123456Z HOST vigil PID alert - MSG
 *
 * one per UDP datagram (RFC 5426), or over TCP with octet-counting
 * framing "LEN SP MESSAGE" (RFC 6587).  The connection is made by the
 * worker when needed; after a failure the next attempt waits a second, so
 * a dead peer costs an error count per alert, never a stall.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "output_chan.h"
#include "output_format.h"

#define SYSLOG_UDP_MAX		8192	/* whole datagram, truncated past */
#define SYSLOG_TCP_MAX		(1UL << 20)	/* whole frame */
#define SYSLOG_IO_MS		5000
#define SYSLOG_RETRY_MS		1000
#define SYSLOG_DEFAULT_PORT	514

struct syslog_chan {
	bool remote;
	enum vigil_syslog_proto proto;
	char *host;
	char port[8];
	int facility;
	char app[49];		/* RFC 5424 APP-NAME: 1*48PRINTUSASCII */
	char procid[16];
	int fd;
	struct timespec retry_at;
	const atomic_bool *abort;
	struct vigil_obuf buf;
};

static const char *const facility_names[] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
	"uucp", "cron", "authpriv", "ftp", "ntp", "security", "console",
	"clock", "local0", "local1", "local2", "local3", "local4", "local5",
	"local6", "local7",
};

int vigil_syslog_facility_parse(const char *name)
{
	unsigned int i;

	if (!name)
		return -EINVAL;
	for (i = 0; i < sizeof(facility_names) / sizeof(facility_names[0]); i++)
		if (!strcasecmp(name, facility_names[i]))
			return i;
	return -EINVAL;
}

static bool syslog_enabled(const struct vigil_output_config *cfg)
{
	return cfg->syslog_output.enabled;
}

/* Printable US-ASCII only (RFC 5424 header fields), "-" when empty. */
static void printusascii(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; src && src[i] && i + 1 < len; i++)
		dst[i] = (src[i] > 32 && src[i] < 127) ? src[i] : '_';
	if (!i && len > 1)
		dst[i++] = '-';
	dst[i] = '\0';
}

static int syslog_open(const struct vigil_output_config *cfg,
		       const atomic_bool *abort, void **priv,
		       char *err, size_t errlen)
{
	const typeof(cfg->syslog_output) *c = &cfg->syslog_output;
	struct syslog_chan *s;
	bool fail = false;

	if (c->facility < 0 || c->facility > 23) {
		snprintf(err, errlen, "facility %d is not 0..23", c->facility);
		return -EINVAL;
	}
	if (c->host && c->proto != VIGIL_SYSLOG_UDP &&
	    c->proto != VIGIL_SYSLOG_TCP) {
		snprintf(err, errlen, "unknown protocol %d", (int)c->proto);
		return -EINVAL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->remote = c->host && c->host[0];
	s->proto = c->proto;
	s->facility = c->facility;
	s->fd = -1;
	s->abort = abort;
	printusascii(s->app, sizeof(s->app), c->app_name ? c->app_name :
								"vigil");
	snprintf(s->procid, sizeof(s->procid), "%d", (int)getpid());
	snprintf(s->port, sizeof(s->port), "%u",
		 c->port ? c->port : SYSLOG_DEFAULT_PORT);
	vigil_obuf_init(&s->buf, SYSLOG_TCP_MAX + 16);
	if (s->remote) {
		s->host = vigil_output_strdup(c->host, &fail);
		if (fail) {
			free(s);
			return -ENOMEM;
		}
	} else {
		openlog(s->app, LOG_PID | LOG_NDELAY, s->facility << 3);
	}
	*priv = s;
	return 0;
}

static void syslog_disconnect(struct syslog_chan *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* Wait for ev on fd for at most ms, in slices that watch abort. */
static int wait_fd(struct syslog_chan *s, short ev, int ms)
{
	struct pollfd pfd = { .fd = s->fd, .events = ev };
	int r;

	while (ms > 0) {
		if (atomic_load(s->abort))
			return -ECANCELED;
		r = poll(&pfd, 1, ms < 100 ? ms : 100);
		if (r < 0 && errno != EINTR)
			return -errno;
		if (r > 0)
			return 0;
		ms -= 100;
	}
	return -ETIMEDOUT;
}

static int try_connect(struct syslog_chan *s, const struct addrinfo *ai)
{
	socklen_t len = sizeof(int);
	int r, soerr = 0;

	s->fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC |
		       SOCK_NONBLOCK, ai->ai_protocol);
	if (s->fd < 0)
		return -errno;
	if (!connect(s->fd, ai->ai_addr, ai->ai_addrlen))
		return 0;
	if (errno != EINPROGRESS) {
		r = -errno;
		goto fail;
	}
	r = wait_fd(s, POLLOUT, SYSLOG_IO_MS);
	if (r)
		goto fail;
	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
		soerr = errno;
	if (soerr) {
		r = -soerr;
		goto fail;
	}
	return 0;
fail:
	syslog_disconnect(s);
	return r;
}

static int syslog_connect(struct syslog_chan *s, char *err, size_t errlen)
{
	struct addrinfo hints = { 0 }, *res, *ai;
	struct timespec now;
	int r;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec < s->retry_at.tv_sec ||
	    (now.tv_sec == s->retry_at.tv_sec &&
	     now.tv_nsec < s->retry_at.tv_nsec)) {
		snprintf(err, errlen, "%s:%s: not connected, retrying later",
			 s->host, s->port);
		return -ENOTCONN;
	}
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = s->proto == VIGIL_SYSLOG_TCP ? SOCK_STREAM :
							   SOCK_DGRAM;
	r = getaddrinfo(s->host, s->port, &hints, &res);
	if (r) {
		snprintf(err, errlen, "%s: %s", s->host, gai_strerror(r));
		r = -EHOSTUNREACH;
		goto retry_later;
	}
	r = -EHOSTUNREACH;
	for (ai = res; ai; ai = ai->ai_next) {
		r = try_connect(s, ai);
		if (!r)
			break;
	}
	freeaddrinfo(res);
	if (!r)
		return 0;
	snprintf(err, errlen, "%s:%s: connect: %s", s->host, s->port,
		 strerror(-r));
retry_later:
	clock_gettime(CLOCK_MONOTONIC, &s->retry_at);
	s->retry_at.tv_sec += SYSLOG_RETRY_MS / 1000;
	return r;
}

static int send_all(struct syslog_chan *s, const char *p, size_t len)
{
	ssize_t n;
	int r;

	while (len) {
		n = send(s->fd, p, len, MSG_NOSIGNAL);
		if (n > 0) {
			p += n;
			len -= n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN)
			return -errno;
		r = wait_fd(s, POLLOUT, SYSLOG_IO_MS);
		if (r)
			return r;
	}
	return 0;
}

/* The RFC 5424 message for m in s->buf. */
static void syslog_format(struct syslog_chan *s,
			  const struct vigil_output_msg *m)
{
	char t[VIGIL_TIME_LEN], host[256];
	int prio = m->priority;

	if (prio < 0 || prio > 7)
		prio = VIGIL_PRIO_WARNING;
	if (vigil_output_time(t, sizeof(t), m->ts_ns, VIGIL_TIME_RFC5424) < 0)
		strcpy(t, "-");
	printusascii(host, sizeof(host), m->hostname);
	vigil_obuf_printf(&s->buf, "<%d>1 %s %s %s %s alert - ",
			  s->facility * 8 + prio, t, host, s->app, s->procid);
	vigil_obuf_add(&s->buf, m->line, m->line_len);
}

static int syslog_send(struct syslog_chan *s, char *err, size_t errlen)
{
	char head[24];
	size_t len = s->buf.len;
	int r, n;

	if (s->proto == VIGIL_SYSLOG_UDP) {
		if (len > SYSLOG_UDP_MAX)
			len = SYSLOG_UDP_MAX;
		r = send_all(s, s->buf.p, len);
	} else {
		n = snprintf(head, sizeof(head), "%zu ", len);
		r = send_all(s, head, n);
		if (!r)
			r = send_all(s, s->buf.p, len);
	}
	if (r)
		snprintf(err, errlen, "%s:%s: send: %s", s->host, s->port,
			 strerror(-r));
	return r;
}

/*
 * Whether a TCP peer closed or reset the connection.  A syslog server
 * sends nothing, so anything readable is the end of the stream (or junk,
 * which is discarded).
 */
static bool peer_closed(struct syslog_chan *s)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLIN | POLLRDHUP };
	char junk[256];
	ssize_t n;

	if (poll(&pfd, 1, 0) <= 0)
		return false;
	if (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL))
		return true;
	n = recv(s->fd, junk, sizeof(junk), MSG_DONTWAIT);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR);
}

static int syslog_emit(void *priv, const struct vigil_output_msg *m,
		       char *err, size_t errlen)
{
	struct syslog_chan *s = priv;
	int prio = m->priority, r, attempt;

	if (!s->remote) {
		if (prio < 0 || prio > 7)
			prio = LOG_WARNING;
		syslog((s->facility << 3) | prio, "%.*s", (int)m->line_len,
		       m->line);
		return 0;
	}
	s->buf.len = 0;
	s->buf.err = 0;
	syslog_format(s, m);
	if (s->buf.err) {
		snprintf(err, errlen, "message: %s", strerror(-s->buf.err));
		return s->buf.err;
	}
	if (s->fd >= 0 && s->proto == VIGIL_SYSLOG_TCP && peer_closed(s))
		syslog_disconnect(s);
	/* A stale connection fails the first send: reconnect once. */
	for (attempt = 0; attempt < 2; attempt++) {
		if (s->fd < 0) {
			r = syslog_connect(s, err, errlen);
			if (r)
				return r;
		}
		r = syslog_send(s, err, errlen);
		if (!r)
			return 0;
		syslog_disconnect(s);
		if (r == -ECANCELED)
			break;
	}
	return r;
}

static int syslog_flush(void *priv, char *err, size_t errlen)
{
	return 0;
}

static void syslog_close(void *priv)
{
	struct syslog_chan *s = priv;

	if (!s)
		return;
	if (s->remote)
		syslog_disconnect(s);
	else
		closelog();
	vigil_obuf_free(&s->buf);
	free(s->host);
	free(s);
}

const struct vigil_output_ops vigil_output_syslog_ops = {
	.name = "syslog",
	.enabled = syslog_enabled,
	.open = syslog_open,
	.emit = syslog_emit,
	.flush = syslog_flush,
	.close = syslog_close,
};
