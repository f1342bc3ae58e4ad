// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The channel registry, the per-channel bounded queues and their worker
 * threads.
 *
 * vigil_outputs_emit() formats an alert once into a reference-counted
 * message and pushes a reference on every channel's queue under that
 * queue's mutex, which is only ever held for a push or a pop: emit never
 * waits on a channel.  A full queue (alert count or bytes) drops the alert
 * for that channel, counts it and reports the loss at most once per
 * report interval.  Each worker pops, calls the channel's emit and, unless
 * buffered_outputs, its flush; buffered channels flush when their queue
 * stays empty for a second.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "output_chan.h"
#include "output_format.h"

/* Every channel there is, in the order they are opened. */
static const struct vigil_output_ops *const vigil_output_channels[] = {
	&vigil_output_stdout_ops,
	&vigil_output_file_ops,
	&vigil_output_syslog_ops,
	&vigil_output_program_ops,
	&vigil_output_http_ops,
};

#define NR_CHANNELS	(sizeof(vigil_output_channels) / \
			 sizeof(vigil_output_channels[0]))

_Static_assert(NR_CHANNELS <= VIGIL_OUTPUT_CHANNELS_MAX,
	       "raise VIGIL_OUTPUT_CHANNELS_MAX");

#define DEFAULT_DEPTH		1024
#define DEPTH_MAX		(1U << 20)
#define DEFAULT_BYTES		(64UL << 20)
#define DEFAULT_CLOSE_MS	5000
#define DEFAULT_REPORT_MS	10000
#define BUFFERED_FLUSH_MS	1000
#define JOIN_GRACE_MS		2000
/* Text line: output text, time and priority; JSON: every part escaped. */
#define TEXT_MAX		(VIGIL_ALERT_OUTPUT_MAX + 128)
#define JSON_MAX		(8UL << 20)

struct chan {
	const struct vigil_output_ops *ops;
	void *priv;
	struct vigil_outputs *o;
	pthread_t thread;
	bool started;
	bool abandoned;			/* worker stuck at close, leaked */

	pthread_mutex_t lock;
	pthread_cond_t cond;		/* work, reopen or stop */
	pthread_cond_t done_cond;	/* worker finished */
	struct vigil_output_msg **q;	/* ring of depth entries */
	unsigned int depth;
	unsigned int head;
	unsigned int count;
	size_t bytes;
	size_t bytes_max;
	bool stopping;
	bool reopen;
	bool done;
	__u64 drop_reported;		/* drops already reported */
	struct timespec drop_report_at;

	atomic_bool abort;		/* close deadline passed */
	_Atomic __u64 sent;
	_Atomic __u64 dropped;
	_Atomic __u64 errors;

	/* Worker only. */
	__u64 err_reported;
	struct timespec err_report_at;
};

struct vigil_outputs {
	bool json_output;
	bool json_include_output;
	bool json_include_tags;
	bool iso_8601;
	bool buffered;
	bool need_json;
	unsigned int close_ms;
	unsigned int report_ms;
	void (*log)(void *arg, const char *msg);
	void *log_arg;
	char hostname[256];
	unsigned int nch;
	struct chan ch[NR_CHANNELS];
};

static void now_mono(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

static long long ms_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000LL +
	       (b->tv_nsec - a->tv_nsec) / 1000000;
}

static void ts_add_ms(struct timespec *ts, long long ms)
{
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

static void out_log(struct vigil_outputs *o, const char *msg)
{
	if (o->log)
		o->log(o->log_arg, msg);
	else
		fprintf(stderr, "vigil: %s\n", msg);
}

static void msg_put(struct vigil_output_msg *m)
{
	if (m && atomic_fetch_sub(&m->refs, 1) == 1)
		free(m);
}

char *vigil_output_strdup(const char *s, bool *fail)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*fail = true;
	return d;
}

int vigil_output_write_all(int fd, const void *buf, size_t len,
			   const atomic_bool *abort, int timeout_ms)
{
	const char *p = buf;
	struct timespec start, now;
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	ssize_t n;
	size_t chunk;
	int r;

	now_mono(&start);
	while (len) {
		if (abort && atomic_load(abort))
			return -ECANCELED;
		/* Pipe writes up to PIPE_BUF fit once poll says writable. */
		chunk = len < 4096 ? len : 4096;
		n = write(fd, p, chunk);
		if (n > 0) {
			p += n;
			len -= n;
			continue;
		}
		if (n == 0)
			return -EIO;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		now_mono(&now);
		if (timeout_ms >= 0 && ms_between(&start, &now) >= timeout_ms)
			return -ETIMEDOUT;
		r = poll(&pfd, 1, 100);
		if (r < 0 && errno != EINTR)
			return -errno;
		if (r > 0 && (pfd.revents & (POLLERR | POLLNVAL)))
			return pfd.revents & POLLNVAL ? -EBADF : -EPIPE;
	}
	return 0;
}

/* Report a loss or error at most once per report interval. */
static bool report_due(struct vigil_outputs *o, struct timespec *last,
		       __u64 *reported, __u64 total)
{
	struct timespec now;

	if (total == *reported)
		return false;
	now_mono(&now);
	if (*reported && ms_between(last, &now) < (long long)o->report_ms)
		return false;
	*last = now;
	return true;
}

static void worker_error(struct chan *c, const char *err)
{
	__u64 total = atomic_load(&c->errors);
	__u64 before = c->err_reported;
	char line[512];

	if (!report_due(c->o, &c->err_report_at, &c->err_reported, total))
		return;
	snprintf(line, sizeof(line),
		 "output %s: %s (%llu failed since last report, %llu in total)",
		 c->ops->name, err[0] ? err : "delivery failed",
		 (unsigned long long)(total - before),
		 (unsigned long long)total);
	c->err_reported = total;
	out_log(c->o, line);
}

/* With c->lock held: the next message, or NULL. */
static struct vigil_output_msg *queue_pop(struct chan *c)
{
	struct vigil_output_msg *m;

	if (!c->count)
		return NULL;
	m = c->q[c->head];
	c->q[c->head] = NULL;
	c->head = (c->head + 1) % c->depth;
	c->count--;
	c->bytes -= m->size;
	return m;
}

static void chan_deliver(struct chan *c, struct vigil_output_msg *m,
			 bool *unflushed)
{
	char err[256];
	int r;

	err[0] = '\0';
	r = c->ops->emit(c->priv, m, err, sizeof(err));
	if (!r && !c->o->buffered)
		r = c->ops->flush(c->priv, err, sizeof(err));
	else if (!r)
		*unflushed = true;
	if (r) {
		atomic_fetch_add(&c->errors, 1);
		worker_error(c, err);
	} else {
		atomic_fetch_add(&c->sent, 1);
	}
}

static void chan_flush(struct chan *c)
{
	char err[256];

	err[0] = '\0';
	if (c->ops->flush(c->priv, err, sizeof(err))) {
		atomic_fetch_add(&c->errors, 1);
		worker_error(c, err);
	}
}

static void *worker(void *arg)
{
	struct chan *c = arg;
	struct vigil_output_msg *m;
	struct timespec until;
	bool unflushed = false, reopen;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->count && !c->stopping && !c->reopen) {
			if (!unflushed) {
				pthread_cond_wait(&c->cond, &c->lock);
				continue;
			}
			now_mono(&until);
			ts_add_ms(&until, BUFFERED_FLUSH_MS);
			if (pthread_cond_timedwait(&c->cond, &c->lock,
						   &until) == ETIMEDOUT)
				break;
		}
		if (atomic_load(&c->abort))
			break;
		reopen = c->reopen;
		c->reopen = false;
		m = queue_pop(c);
		pthread_mutex_unlock(&c->lock);

		if (reopen && c->ops->reopen) {
			if (unflushed)
				chan_flush(c);
			unflushed = false;
			c->ops->reopen(c->priv);
		}
		if (m) {
			chan_deliver(c, m, &unflushed);
			msg_put(m);
		} else if (unflushed) {
			chan_flush(c);
			unflushed = false;
		}

		pthread_mutex_lock(&c->lock);
		if (c->stopping && !c->count && !unflushed)
			break;
	}
	/* Anything left was not delivered before the deadline. */
	while ((m = queue_pop(c))) {
		atomic_fetch_add(&c->dropped, 1);
		msg_put(m);
	}
	c->done = true;
	pthread_cond_broadcast(&c->done_cond);
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

static int chan_init(struct chan *c, struct vigil_outputs *o,
		     const struct vigil_output_ops *ops, unsigned int depth,
		     size_t bytes_max)
{
	pthread_condattr_t ca;
	int r;

	memset(c, 0, sizeof(*c));
	c->ops = ops;
	c->o = o;
	c->depth = depth;
	c->bytes_max = bytes_max;
	c->q = calloc(depth, sizeof(*c->q));
	if (!c->q)
		return -ENOMEM;
	r = pthread_condattr_init(&ca);
	if (r)
		goto err_q;
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, &ca);
	pthread_cond_init(&c->done_cond, &ca);
	pthread_condattr_destroy(&ca);
	return 0;
err_q:
	free(c->q);
	c->q = NULL;
	return -r;
}

/* Start the worker with SIGPIPE (and every other signal) blocked. */
static int chan_start(struct chan *c)
{
	sigset_t all, old;
	int r;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = pthread_create(&c->thread, NULL, worker, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r)
		return -r;
	c->started = true;
	return 0;
}

static void chan_free(struct chan *c)
{
	if (c->ops)
		c->ops->close(c->priv);
	if (c->q) {
		pthread_mutex_destroy(&c->lock);
		pthread_cond_destroy(&c->cond);
		pthread_cond_destroy(&c->done_cond);
	}
	free(c->q);
}

struct vigil_outputs *vigil_outputs_open(const struct vigil_output_config *cfg,
					 char *err, size_t errlen)
{
	struct vigil_outputs *o;
	const struct vigil_output_ops *ops;
	unsigned int depth, i;
	size_t bytes;
	char cerr[256];
	int r;

	if (!cfg) {
		snprintf(err, errlen, "outputs: no configuration");
		errno = EINVAL;
		return NULL;
	}
	depth = cfg->queue_depth ? cfg->queue_depth : DEFAULT_DEPTH;
	if (depth > DEPTH_MAX) {
		snprintf(err, errlen, "outputs: queue depth %u above %u",
			 depth, DEPTH_MAX);
		errno = EINVAL;
		return NULL;
	}
	bytes = cfg->queue_bytes ? cfg->queue_bytes : DEFAULT_BYTES;
	o = calloc(1, sizeof(*o));
	if (!o) {
		snprintf(err, errlen, "outputs: out of memory");
		errno = ENOMEM;
		return NULL;
	}
	o->json_output = cfg->json_output;
	o->json_include_output = cfg->json_include_output_property;
	o->json_include_tags = cfg->json_include_tags_property;
	o->iso_8601 = cfg->time_format_iso_8601;
	o->buffered = cfg->buffered_outputs;
	o->close_ms = cfg->close_timeout_ms ? cfg->close_timeout_ms :
					      DEFAULT_CLOSE_MS;
	o->report_ms = cfg->report_interval_ms ? cfg->report_interval_ms :
						 DEFAULT_REPORT_MS;
	o->log = cfg->log;
	o->log_arg = cfg->log_arg;
	if (gethostname(o->hostname, sizeof(o->hostname) - 1))
		strcpy(o->hostname, "localhost");

	for (i = 0; i < NR_CHANNELS; i++) {
		ops = vigil_output_channels[i];
		if (!ops->enabled(cfg))
			continue;
		r = chan_init(&o->ch[o->nch], o, ops, depth, bytes);
		if (r) {
			snprintf(err, errlen, "output %s: %s", ops->name,
				 strerror(-r));
			goto fail;
		}
		cerr[0] = '\0';
		r = ops->open(cfg, &o->ch[o->nch].abort, &o->ch[o->nch].priv,
			      cerr, sizeof(cerr));
		if (r) {
			snprintf(err, errlen, "output %s: %s", ops->name,
				 cerr[0] ? cerr : strerror(-r));
			o->ch[o->nch].ops = NULL;
			chan_free(&o->ch[o->nch]);
			goto fail;
		}
		if (ops->wants_json && ops->wants_json(cfg))
			o->need_json = true;
		o->nch++;
	}
	if (o->json_output)
		o->need_json = true;
	for (i = 0; i < o->nch; i++) {
		r = chan_start(&o->ch[i]);
		if (r) {
			snprintf(err, errlen, "output %s: thread: %s",
				 o->ch[i].ops->name, strerror(-r));
			goto fail;
		}
	}
	return o;
fail:
	vigil_outputs_close(o);
	errno = -r;
	return NULL;
}

/* One allocation holding the message and its strings. */
static struct vigil_output_msg *msg_new(struct vigil_outputs *o,
					const struct vigil_alert *a,
					const struct vigil_obuf *text,
					const struct vigil_obuf *json)
{
	const char *host = a->hostname ? a->hostname : o->hostname;
	size_t hlen = strnlen(host, VIGIL_ALERT_NAME_MAX);
	size_t size = sizeof(struct vigil_output_msg) + hlen + 1 +
		      text->len + 1 + (json ? json->len + 1 : 0);
	struct vigil_output_msg *m;
	char *p;

	m = malloc(size);
	if (!m)
		return NULL;
	atomic_init(&m->refs, 1);
	m->priority = a->priority;
	m->ts_ns = a->ts_ns;
	m->size = size;
	p = (char *)(m + 1);
	memcpy(p, host, hlen);
	p[hlen] = '\0';
	m->hostname = p;
	p += hlen + 1;
	memcpy(p, text->p, text->len);
	p[text->len] = '\0';
	m->line = p;
	m->line_len = text->len;
	p += text->len + 1;
	m->json = NULL;
	m->json_len = 0;
	if (json) {
		memcpy(p, json->p, json->len);
		p[json->len] = '\0';
		m->json = p;
		m->json_len = json->len;
		if (o->json_output) {
			m->line = m->json;
			m->line_len = m->json_len;
		}
	}
	return m;
}

static bool alert_valid(const struct vigil_alert *a)
{
	if (!a)
		return false;
	if (a->nfields && !a->field_names)
		return false;
	if (a->ntags && !a->tags)
		return false;
	return true;
}

/* With c->lock held; returns true when the message was queued. */
static bool chan_push(struct chan *c, struct vigil_output_msg *m)
{
	if (c->stopping || c->count == c->depth ||
	    c->bytes + m->size > c->bytes_max)
		return false;
	c->q[(c->head + c->count) % c->depth] = m;
	c->count++;
	c->bytes += m->size;
	atomic_fetch_add(&m->refs, 1);
	pthread_cond_signal(&c->cond);
	return true;
}

int vigil_outputs_emit(struct vigil_outputs *o, const struct vigil_alert *a)
{
	struct vigil_obuf text, json;
	struct vigil_output_json_opts jo;
	struct vigil_output_msg *m = NULL;
	char line[256];
	__u64 total, before;
	unsigned int i;
	int drops = 0, r = 0;
	bool report;

	if (!o || !alert_valid(a))
		return -EINVAL;
	if (!o->nch)
		return 0;
	vigil_obuf_init(&text, TEXT_MAX);
	vigil_obuf_init(&json, JSON_MAX);
	vigil_output_text(&text, a, o->iso_8601);
	if (o->need_json) {
		jo.include_output = o->json_include_output;
		jo.include_tags = o->json_include_tags;
		jo.hostname = o->hostname;
		jo.text = text.p;
		vigil_output_json(&json, a, &jo);
	}
	if (text.err || json.err) {
		r = text.err ? text.err : json.err;
		goto out;
	}
	m = msg_new(o, a, &text, o->need_json ? &json : NULL);
	if (!m) {
		r = -ENOMEM;
		goto out;
	}
	for (i = 0; i < o->nch; i++) {
		struct chan *c = &o->ch[i];

		pthread_mutex_lock(&c->lock);
		if (chan_push(c, m)) {
			pthread_mutex_unlock(&c->lock);
			continue;
		}
		drops++;
		total = atomic_fetch_add(&c->dropped, 1) + 1;
		before = c->drop_reported;
		report = report_due(o, &c->drop_report_at, &c->drop_reported,
				    total);
		if (report)
			c->drop_reported = total;
		pthread_mutex_unlock(&c->lock);
		if (report) {
			snprintf(line, sizeof(line),
				 "output %s: queue full, %llu alerts dropped (%llu in total)",
				 c->ops->name,
				 (unsigned long long)(total - before),
				 (unsigned long long)total);
			out_log(o, line);
		}
	}
	r = drops;
out:
	msg_put(m);
	vigil_obuf_free(&text);
	vigil_obuf_free(&json);
	return r;
}

void vigil_outputs_reopen(struct vigil_outputs *o)
{
	unsigned int i;

	if (!o)
		return;
	for (i = 0; i < o->nch; i++) {
		if (!o->ch[i].ops->reopen)
			continue;
		pthread_mutex_lock(&o->ch[i].lock);
		o->ch[i].reopen = true;
		pthread_cond_signal(&o->ch[i].cond);
		pthread_mutex_unlock(&o->ch[i].lock);
	}
}

size_t vigil_outputs_stats(struct vigil_outputs *o,
			   struct vigil_output_stats *st, size_t max)
{
	unsigned int i;

	if (!o)
		return 0;
	for (i = 0; i < o->nch && i < max; i++) {
		struct chan *c = &o->ch[i];

		st[i].name = c->ops->name;
		st[i].sent = atomic_load(&c->sent);
		st[i].dropped = atomic_load(&c->dropped);
		st[i].errors = atomic_load(&c->errors);
		pthread_mutex_lock(&c->lock);
		st[i].queued = c->count;
		pthread_mutex_unlock(&c->lock);
	}
	return o->nch;
}

/* Report drops not reported yet. */
static void report_final(struct vigil_outputs *o, struct chan *c)
{
	__u64 total = atomic_load(&c->dropped);
	char line[256];

	if (total == c->drop_reported)
		return;
	snprintf(line, sizeof(line),
		 "output %s: %llu alerts dropped (%llu in total)",
		 c->ops->name,
		 (unsigned long long)(total - c->drop_reported),
		 (unsigned long long)total);
	c->drop_reported = total;
	out_log(o, line);
}

/* Wait for c's worker until the deadline; true when it finished. */
static bool chan_wait_done(struct chan *c, const struct timespec *deadline)
{
	bool done;

	pthread_mutex_lock(&c->lock);
	while (!c->done &&
	       pthread_cond_timedwait(&c->done_cond, &c->lock, deadline) !=
	       ETIMEDOUT)
		;
	done = c->done;
	pthread_mutex_unlock(&c->lock);
	return done;
}

void vigil_outputs_close(struct vigil_outputs *o)
{
	struct timespec deadline, grace;
	struct chan *c;
	unsigned int i;
	bool leak = false;
	char line[256];

	if (!o)
		return;
	for (i = 0; i < o->nch; i++) {
		c = &o->ch[i];
		if (!c->started)
			continue;
		pthread_mutex_lock(&c->lock);
		c->stopping = true;
		pthread_cond_signal(&c->cond);
		pthread_mutex_unlock(&c->lock);
	}
	now_mono(&deadline);
	ts_add_ms(&deadline, o->close_ms);
	grace = deadline;
	ts_add_ms(&grace, JOIN_GRACE_MS);
	for (i = 0; i < o->nch; i++) {
		c = &o->ch[i];
		if (!c->started || chan_wait_done(c, &deadline))
			continue;
		/* Deadline: the worker drops what is left and returns. */
		atomic_store(&c->abort, true);
		pthread_mutex_lock(&c->lock);
		pthread_cond_signal(&c->cond);
		pthread_mutex_unlock(&c->lock);
	}
	for (i = 0; i < o->nch; i++) {
		c = &o->ch[i];
		if (!c->started)
			continue;
		if (!chan_wait_done(c, &grace)) {
			/* Stuck in a call that cannot be interrupted. */
			snprintf(line, sizeof(line),
				 "output %s: still busy at close, abandoned",
				 c->ops->name);
			out_log(o, line);
			pthread_detach(c->thread);
			c->abandoned = true;
			leak = true;
			continue;
		}
		pthread_join(c->thread, NULL);
		c->started = false;
	}
	for (i = 0; i < o->nch; i++) {
		c = &o->ch[i];
		report_final(o, c);
		if (!c->abandoned)
			chan_free(c);
	}
	if (!leak)
		free(o);
}
