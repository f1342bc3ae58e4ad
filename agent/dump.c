// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vigil --dump: set the capture bitmap and snaplen, start capture, print
 * every record of every ring as one JSON line on stdout, merged by time,
 * until a signal, --count or --duration; then stop, drain and optionally
 * print the counters on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "decode.h"
#include "dump.h"
#include "ring.h"

/* Poll timeout: also how often signals and --duration are noticed. */
#define POLL_MS		100
/* Records printed between releases of ring space and stdout flushes. */
#define DRAIN_BATCH	1024

struct dump_opts {
	const char *device;
	const char *events;
	const char *ready_file;
	const char *hold;
	__u32 snaplen;		/* 0: leave the device's */
	unsigned long long count;	/* 0: no limit */
	double duration;	/* seconds, 0: no limit */
	bool stats;
};

struct dump_ctx {
	struct vigil_dev dev;
	unsigned long long delivered;
	unsigned int invalid;	/* records/fields the decoder rejected */
	unsigned long long count;
};

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	stop_requested = 1;
}

void vigil_dump_usage(FILE *out)
{
	fprintf(out,
		"usage: vigil --dump [options]\n"
		"  --device PATH      capture device (default /dev/vigil)\n"
		"  --events LIST      comma list of event names, \"all\" (default)\n"
		"                     or nr:N for raw syscall N\n"
		"  --snaplen N        bytes kept per variable-length field (%d..%d)\n"
		"  --count N          stop after N events\n"
		"  --duration SEC     stop after SEC seconds\n"
		"  --ready-file PATH  create PATH once capture is running\n"
		"  --hold PATH        consume nothing while PATH exists\n"
		"  --stats            print the counters on stderr at the end\n"
		"  --help             this text\n",
		VIGIL_SNAPLEN_MIN, VIGIL_SNAPLEN_MAX);
}

static int parse_ull(const char *s, unsigned long long min,
		     unsigned long long max, unsigned long long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 10);
	if (errno || *end || *out < min || *out > max)
		return -EINVAL;
	return 0;
}

static int parse_opts(int argc, char **argv, struct dump_opts *o)
{
	enum { O_DEVICE = 256, O_EVENTS, O_SNAPLEN, O_COUNT, O_DURATION,
	       O_READY, O_HOLD, O_STATS, O_HELP };
	static const struct option longopts[] = {
		{ "device", required_argument, NULL, O_DEVICE },
		{ "events", required_argument, NULL, O_EVENTS },
		{ "snaplen", required_argument, NULL, O_SNAPLEN },
		{ "count", required_argument, NULL, O_COUNT },
		{ "duration", required_argument, NULL, O_DURATION },
		{ "ready-file", required_argument, NULL, O_READY },
		{ "hold", required_argument, NULL, O_HOLD },
		{ "stats", no_argument, NULL, O_STATS },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long v;
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	o->events = "all";
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case O_DEVICE:
			o->device = optarg;
			break;
		case O_EVENTS:
			o->events = optarg;
			break;
		case O_SNAPLEN:
			if (parse_ull(optarg, VIGIL_SNAPLEN_MIN,
				      VIGIL_SNAPLEN_MAX, &v)) {
				fprintf(stderr, "vigil: --snaplen must be %d..%d, not '%s'\n",
					VIGIL_SNAPLEN_MIN, VIGIL_SNAPLEN_MAX,
					optarg);
				return -EINVAL;
			}
			o->snaplen = (__u32)v;
			break;
		case O_COUNT:
			if (parse_ull(optarg, 1, ULLONG_MAX, &o->count)) {
				fprintf(stderr, "vigil: --count must be a positive integer, not '%s'\n",
					optarg);
				return -EINVAL;
			}
			break;
		case O_DURATION:
			errno = 0;
			o->duration = strtod(optarg, &end);
			if (errno || *end || end == optarg ||
			    !(o->duration > 0 && o->duration < 1e9)) {
				fprintf(stderr, "vigil: --duration must be a positive number of seconds, not '%s'\n",
					optarg);
				return -EINVAL;
			}
			break;
		case O_READY:
			o->ready_file = optarg;
			break;
		case O_HOLD:
			o->hold = optarg;
			break;
		case O_STATS:
			o->stats = true;
			break;
		case O_HELP:
			return 1;
		default:
			return cli_bad_option(c, argv);
		}
	}
	return cli_no_operands(argc, argv);
}

static double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool count_reached(const struct dump_ctx *c)
{
	return c->count && c->delivered >= c->count;
}

static int emit(struct dump_ctx *c, const struct vigil_event *ev,
		const struct vigil_ring *r)
{
	json_t *j;
	int err = 0;

	j = vigil_decode_json(ev, r->hdr->wall_base_ns, &c->invalid);
	if (!j)
		return errno == ENOMEM ? -ENOMEM : 0;	/* else counted */
	if (json_dumpf(j, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER) ||
	    fputc('\n', stdout) == EOF)
		err = -EIO;
	else
		c->delivered++;
	json_decref(j);
	return err;
}

/* Print up to DRAIN_BATCH records; returns how many, or -errno. */
static int drain(struct dump_ctx *c)
{
	const struct vigil_event *ev;
	unsigned int idx;
	int n = 0, err = 0;

	while (n < DRAIN_BATCH && !count_reached(c)) {
		ev = vigil_ring_merge_next(c->dev.rings, c->dev.nr_rings, &idx);
		if (!ev)
			break;
		err = emit(c, ev, &c->dev.rings[idx]);
		vigil_ring_consume(&c->dev.rings[idx]);
		if (err)
			break;
		n++;
	}
	vigil_dev_release(&c->dev);
	if (fflush(stdout) == EOF && !err)
		err = -EIO;
	return err ? err : n;
}

static int wait_for_data(struct dump_ctx *c, int timeout_ms)
{
	struct pollfd pfd = { .fd = c->dev.fd, .events = POLLIN };

	if (poll(&pfd, 1, timeout_ms) < 0)
		return errno == EINTR ? 0 : -errno;
	if (pfd.revents & (POLLERR | POLLNVAL))
		return -EIO;
	return 0;
}

static int touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int capture_loop(struct dump_ctx *c, const struct dump_opts *o)
{
	double start = now_sec();
	int n;

	while (!stop_requested) {
		int timeout = POLL_MS;

		if (o->duration) {
			double left = o->duration - (now_sec() - start);

			if (left <= 0)
				break;
			if (left * 1000 < timeout)
				timeout = (int)(left * 1000) + 1;
		}
		if (o->hold && access(o->hold, F_OK) == 0) {
			/* Consume nothing: sleep, don't poll a full ring. */
			poll(NULL, 0, timeout);
			continue;
		}
		n = drain(c);
		if (n < 0)
			return n;
		if (count_reached(c))
			break;
		if (n > 0)
			continue;
		n = wait_for_data(c, timeout);
		if (n < 0)
			return n;
	}
	return 0;
}

static void print_stats(struct dump_ctx *c)
{
	struct vigil_stats st;
	int err = vigil_dev_stats(&c->dev, &st);

	if (err) {
		fprintf(stderr, "vigil: reading the counters: %s\n",
			strerror(-err));
		return;
	}
	fprintf(stderr,
		"{\"stats\":{\"written\":%llu,\"drop_full\":%llu,"
		"\"drop_reentrant\":%llu,\"drop_too_large\":%llu,"
		"\"faults\":%llu,\"compat_skipped\":%llu,\"delivered\":%llu,"
		"\"invalid\":%llu}}\n",
		(unsigned long long)st.written,
		(unsigned long long)st.drop_full,
		(unsigned long long)st.drop_reentrant,
		(unsigned long long)st.drop_too_large,
		(unsigned long long)st.faults,
		(unsigned long long)st.compat_skipped, c->delivered,
		(unsigned long long)(vigil_dev_invalid(&c->dev) + c->invalid));
}

static void open_error(const char *path, int err)
{
	const char *hint = "";

	if (err == -ENOENT || err == -ENXIO || err == -ENODEV)
		hint = " (is vigil.ko loaded?)";
	else if (err == -EBUSY)
		hint = " (another consumer has it open)";
	else if (err == -EPROTO)
		hint = " (the module's ABI or ring layout does not match this agent)";
	fprintf(stderr, "vigil: %s: %s%s\n", path, strerror(-err), hint);
}

static int setup(struct dump_ctx *c, const struct dump_opts *o)
{
	const char *path = o->device ? o->device : "/dev/" VIGIL_DEV_NAME;
	struct vigil_bitmap bm;
	char bad[64];
	int err;

	err = vigil_bitmap_parse(o->events, &bm, bad, sizeof(bad));
	if (err) {
		if (err == -EINVAL)
			fprintf(stderr, "vigil: --events: unknown event '%s' (names as in shared/vigil_events.def, \"all\", or nr:N with N < %d)\n",
				bad, VIGIL_NR_SYSCALLS);
		return err;
	}
	err = vigil_dev_open(&c->dev, path);
	if (err) {
		open_error(path, err);
		return err;
	}
	err = vigil_dev_set_bitmap(&c->dev, &bm);
	if (err) {
		fprintf(stderr, "vigil: setting the event bitmap: %s\n",
			strerror(-err));
		return err;
	}
	if (o->snaplen) {
		err = vigil_dev_set_snaplen(&c->dev, o->snaplen);
		if (err) {
			fprintf(stderr, "vigil: setting snaplen %u: %s\n",
				o->snaplen, strerror(-err));
			return err;
		}
	}
	err = vigil_dev_ignore_tgid(&c->dev, 0);
	if (err) {
		fprintf(stderr, "vigil: ignoring our own process: %s\n",
			strerror(-err));
		return err;
	}
	err = vigil_dev_start(&c->dev);
	if (err) {
		fprintf(stderr, "vigil: starting capture: %s\n",
			strerror(-err));
		return err;
	}
	if (o->ready_file) {
		err = touch(o->ready_file);
		if (err) {
			fprintf(stderr, "vigil: --ready-file %s: %s\n",
				o->ready_file, strerror(-err));
			vigil_dev_stop(&c->dev);
			return err;
		}
	}
	return 0;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;	/* no SA_RESTART: poll returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);	/* a closed stdout is a write error */
}

int vigil_dump_main(int argc, char **argv)
{
	struct dump_opts o;
	struct dump_ctx c;
	int err, stop_err, n;

	err = parse_opts(argc, argv, &o);
	if (err > 0) {
		vigil_dump_usage(stdout);
		return 0;
	}
	if (err)
		return 2;
	memset(&c, 0, sizeof(c));
	c.dev.fd = -1;
	c.count = o.count;
	install_signals();
	err = setup(&c, &o);
	if (err)
		goto close_dev;

	err = capture_loop(&c, &o);
	stop_err = vigil_dev_stop(&c.dev);
	if (stop_err)
		fprintf(stderr, "vigil: stopping capture: %s\n",
			strerror(-stop_err));
	/* Drain what the rings still hold (up to --count). */
	while (!err && !count_reached(&c) && (n = drain(&c)) != 0)
		if (n < 0)
			err = n;
	if (err == -EIO)
		fprintf(stderr, "vigil: writing events: %s\n",
			strerror(errno ? errno : EIO));
	else if (err)
		fprintf(stderr, "vigil: capture: %s\n", strerror(-err));
	if (o.stats)
		print_stats(&c);
	if (!err)
		err = stop_err;
close_dev:
	vigil_dev_close(&c.dev);
	return err ? 1 : 0;
}
