// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The live daemon's setup, event loop, reload and shutdown.  Signal
 * dispositions are blocked and read from a signalfd; the loop is epoll
 * over the device fd (which wakes only when a ring is a quarter full; the
 * loop polls the rings every capture.wait_ms otherwise), that signalfd and a
 * periodic timerfd.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "cli.h"
#include "config.h"
#include "daemon.h"
#include "decode.h"
#include "drops.h"
#include "metrics.h"
#include "pipeline.h"
#include "pipeline_cli.h"
#include "privdrop.h"
#include "ring.h"

#define DRAIN_BATCH	4096	/* records between ring releases */
/*
 * The device wakes the loop only when a ring is a quarter full (see
 * kmod/ring.c): otherwise the loop polls.  A pass that stopped at
 * DRAIN_BATCH records goes on at once; a pass that took every record
 * there was sleeps capture.wait_ms, unless a ring fills to a quarter
 * first.  So an alert waits at most wait_ms (plus the time to process what
 * came before it), and the traced tasks pay for at most 1000 / wait_ms of the
 * consumer's wake-ups a second, each a switch to it and back, while it
 * keeps up; each wake-up takes all that came in the sleep (libscap, with
 * scap.ko, sleeps up to 30 ms while its buffers hold little).
 */
#define MAX_OVERRIDES	256

const char vigil_daemon_state_events[] =
	"clone,clone3,fork,vfork,execve,execveat,sched_fork,sched_exec,"
	"procexit,open,openat,openat2,creat,close,close_range,dup,dup2,dup3,"
	"fcntl,pipe,pipe2,socket,socketpair,connect,accept,accept4,bind,"
	"listen,eventfd2,signalfd4,timerfd_create,inotify_init1,epoll_create1,"
	"chdir,fchdir,setuid,setgid,setreuid,setregid,setresuid,setresgid,"
	"prctl,memfd_create,userfaultfd,bpf";

struct dopts {
	const char *config;		/* NULL: VIGIL_CONFIG_PATH if present */
	const char *rules[RULE_MAX_FILES];
	int nrules;
	const char *overrides[MAX_OVERRIDES];
	int noverrides;
	const char *pidfile;
	const char *device;
	const char *write_path;
	const char *extra;
	double max_secs;		/* -M, 0: none */
	int unbuffered;
	int validate;			/* --dry-run: load and exit */
};

struct daemon {
	struct dopts o;
	struct vigil_config *cfg;
	struct vigil_dev dev;
	struct vigil_state *st;
	struct pipeline *pl;
	struct vigil_outputs *outs;
	struct capture_writer *cw;
	struct metrics *web;
	struct drops drops;
	struct vigil_stats kstats;
	int epfd, sigfd, tfd;
	int stop;
	int exit_code;
	__u64 num;
	__u64 drop_alerts, reloads, reload_failures;
	struct timespec started;
};

/* ---- logging (the daemon is an edge: it logs, the libraries don't) ---- */

static int log_level = LOG_INFO, log_to_stderr = 1, log_to_syslog;

static void dlog(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void dlog(int level, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (log_to_stderr)
		fprintf(stderr, "vigil: %s\n", msg);
	if (log_to_syslog)
		syslog(level, "%s", msg);
}

static void output_log(void *arg, const char *msg)
{
	dlog(LOG_WARNING, "%s", msg);
}

static void apply_log_cfg(const struct vigil_config *c)
{
	log_level = c->log_level;
	log_to_stderr = c->log_stderr;
	if (c->log_syslog && !log_to_syslog)
		openlog("vigil", LOG_PID, LOG_DAEMON);
	log_to_syslog = c->log_syslog;
}

/* ---- configuration and rules ---- */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vigil [-c FILE] [-r RULES]... [-o KEY=VALUE]... [options]\n"
		"  -c FILE        configuration (default " VIGIL_CONFIG_PATH ")\n"
		"  -r PATH        rules file or directory (repeatable; replaces rules_files)\n"
		"  -o KEY=VALUE   override a configuration key (dotted: file_output.enabled=true)\n"
		"  -p FIELDS      appended to every rule's output\n"
		"  -U             unbuffered outputs\n"
		"  -M SECONDS     stop after SECONDS\n"
		"  -w FILE        record the events (and the state at start) to FILE\n"
		"  --pidfile PATH write the pid to PATH\n"
		"  --device PATH  capture device (default: capture.device)\n"
		"  --dry-run      load configuration and rules, then exit\n");
}

static int parse_args(int argc, char **argv, struct dopts *o)
{
	enum { O_PIDFILE = 256, O_DEVICE, O_DRY, O_HELP };
	static const struct option lo[] = {
		{ "pidfile", required_argument, NULL, O_PIDFILE },
		{ "device", required_argument, NULL, O_DEVICE },
		{ "dry-run", no_argument, NULL, O_DRY },
		{ "help", no_argument, NULL, O_HELP },
		{ "daemon-help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:r:o:p:UM:w:", lo, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->config = optarg;
			break;
		case 'r':
			if (o->nrules >= RULE_MAX_FILES)
				goto too_many;
			o->rules[o->nrules++] = optarg;
			break;
		case 'o':
			if (o->noverrides >= MAX_OVERRIDES)
				goto too_many;
			o->overrides[o->noverrides++] = optarg;
			break;
		case 'p':
			o->extra = optarg;
			break;
		case 'U':
			o->unbuffered = 1;
			break;
		case 'M':
			errno = 0;
			o->max_secs = strtod(optarg, &end);
			if (errno || *end || !(o->max_secs > 0 &&
					       o->max_secs < 1e9)) {
				fprintf(stderr, "vigil: -M needs a positive number of seconds, not '%s'\n",
					optarg);
				return -EINVAL;
			}
			break;
		case 'w':
			o->write_path = optarg;
			break;
		case O_PIDFILE:
			o->pidfile = optarg;
			break;
		case O_DEVICE:
			o->device = optarg;
			break;
		case O_DRY:
			o->validate = 1;
			break;
		case O_HELP:
			return 1;
		default:
			cli_bad_option(c, argv);
			if (c != ':')
				usage(stderr);
			return -EINVAL;
		}
	}
	return cli_no_operands(argc, argv);
too_many:
	fprintf(stderr, "vigil: too many -%c options\n", c);
	return -EINVAL;
}

/* A config from the file, the -o overrides and -r; NULL after logging. */
static struct vigil_config *load_config(const struct dopts *o)
{
	struct vigil_config *c = malloc(sizeof(*c));
	const char *path = o->config;
	char err[1024];
	unsigned int i;
	int k;

	if (!c) {
		dlog(LOG_ERR, "out of memory");
		return NULL;
	}
	vigil_config_init(c);
	if (!path && access(VIGIL_CONFIG_PATH, F_OK) == 0)
		path = VIGIL_CONFIG_PATH;
	if (path && vigil_config_load_file(c, path, err, sizeof(err)))
		goto bad;
	for (k = 0; k < o->noverrides; k++)
		if (vigil_config_set(c, o->overrides[k], err, sizeof(err)))
			goto bad;
	for (i = 0; i < c->nwarnings; i++)
		dlog(LOG_WARNING, "%s", c->warnings[i]);
	if (o->nrules) {
		for (k = 0; k < o->nrules; k++)
			c->rules_files[k] = o->rules[k];
		c->nrules_files = (unsigned int)o->nrules;
	}
	if (o->unbuffered)
		c->out.buffered_outputs = false;
	if (o->device)
		c->device = o->device;
	if (o->extra)
		c->append_output = o->extra;
	c->out.log = output_log;
	c->out.log_arg = NULL;
	if (!path)
		dlog(LOG_INFO, "no %s: using the built-in defaults",
		     VIGIL_CONFIG_PATH);
	return c;
bad:
	dlog(LOG_ERR, "%s", err);
	vigil_config_free(c);
	free(c);
	return NULL;
}

static void free_config(struct vigil_config *c)
{
	if (!c)
		return;
	vigil_config_free(c);
	free(c);
}

/* Rules of the config, diagnostics on stderr; NULL when they don't load. */
static struct rule_set *load_rules(const struct vigil_config *c)
{
	if (!c->nrules_files) {
		dlog(LOG_ERR, "no rules files configured (rules_files or -r)");
		return NULL;
	}
	return pipeline_load_rules(c->rules_files, (int)c->nrules_files,
				   NULL);
}

/* The capture bitmap: enabled rules at or above the priority + state. */
static int build_bitmap(const struct rule_set *rs, int min_prio,
			struct vigil_bitmap *bm)
{
	const char *p = vigil_daemon_state_events, *comma;
	struct vigil_bitmap one;
	char name[64], bad[64];
	uint32_t i;
	size_t n;
	int w;

	memset(bm, 0, sizeof(*bm));
	for (i = 0; i < rs->nitems[RK_RULE]; i++) {
		const struct rule_item *r = rs->items[RK_RULE][i];

		if (!r->compiled || !r->enabled || r->priority > min_prio)
			continue;
		rule_evt_set_nrs(&r->evts, (uint64_t *)bm->bits);
		if (rule_evt_has(&r->evts, VIGIL_EV_GENERIC))
			rule_evt_syscalls(r->tree, (uint64_t *)bm->bits);
	}
	/* one name at a time: a name this build lacks is skipped */
	while (*p) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			if (!vigil_bitmap_parse(name, &one, bad, sizeof(bad)))
				for (w = 0; w < VIGIL_BITMAP_WORDS; w++)
					bm->bits[w] |= one.bits[w];
		}
		p += n + (comma ? 1 : 0);
	}
	return 0;
}

/* ---- alerts ---- */

static void emit_alert(void *arg, const struct vigil_alert *al)
{
	struct daemon *d = arg;

	if (d->outs)
		vigil_outputs_emit(d->outs, al);
}

static __u64 boottime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
}

static __u64 wall_base(void)
{
	struct timespec rt;

	clock_gettime(CLOCK_REALTIME, &rt);
	return (__u64)rt.tv_sec * 1000000000ULL + (__u64)rt.tv_nsec -
	       boottime_ns();
}

static void drop_alert(struct daemon *d, const struct drops_report *r)
{
	static const char *const names[] = { "n_evts", "n_drops",
					     "n_drops_full",
					     "n_drops_reentrant",
					     "n_drops_too_large" };
	char text[512], vals[5][24];
	const char *vp[5];
	struct vigil_alert al;
	__u64 v[5] = { r->n_evts, r->n_drops, r->full, r->reentrant,
		       r->too_large };
	bool js[5];
	int i;

	drops_format(r, text, sizeof(text));
	if (r->actions & DROPS_LOG)
		dlog(LOG_ERR, "%s", text);
	if ((r->actions & DROPS_ALERT) && d->outs) {
		for (i = 0; i < 5; i++) {
			snprintf(vals[i], sizeof(vals[i]), "%llu",
				 (unsigned long long)v[i]);
			vp[i] = vals[i];
			js[i] = true;
		}
		memset(&al, 0, sizeof(al));
		al.ts_ns = boottime_ns() + wall_base();
		al.rule = "vigil internal: syscall event drop";
		al.priority = VIGIL_PRIO_DEBUG;
		al.source = "internal";
		al.output = text;
		al.field_names = names;
		al.field_values = vp;
		al.field_json = js;
		al.nfields = 5;
		vigil_outputs_emit(d->outs, &al);
		d->drop_alerts++;
	}
	if (r->actions & DROPS_EXIT) {
		dlog(LOG_CRIT, "syscall_event_drops: exit action, stopping");
		d->stop = 1;
		d->exit_code = 1;
	}
}

/* ---- the rings ---- */

/* Up to DRAIN_BATCH records through the pipeline; returns how many. */
static int drain(struct daemon *d)
{
	const struct vigil_event *ev;
	unsigned int idx;
	int n = 0;

	while (n < DRAIN_BATCH) {
		ev = vigil_ring_merge_next(d->dev.rings, d->dev.nr_rings, &idx);
		if (!ev)
			break;
		if (d->cw && capture_write_event(d->cw, ev)) {
			dlog(LOG_ERR, "-w %s: write failed, recording stops",
			     d->o.write_path);
			capture_close(d->cw, 0);
			d->cw = NULL;
		}
		pipeline_event(d->pl, ev, ev->len, ++d->num);
		vigil_ring_consume(&d->dev.rings[idx]);
		n++;
	}
	vigil_dev_release(&d->dev);
	return n;
}

static void publish_metrics(struct daemon *d)
{
	struct vigil_output_stats os[VIGIL_OUTPUT_CHANNELS_MAX];
	struct vigil_state_stats ss;
	struct metrics_input in;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (!d->web)
		return;
	memset(&in, 0, sizeof(in));
	in.pl = d->pl;
	in.kstats = &d->kstats;
	in.nouts = d->outs ? vigil_outputs_stats(d->outs, os,
						  VIGIL_OUTPUT_CHANNELS_MAX)
			   : 0;
	in.outs = os;
	vigil_state_stats(d->st, &ss);
	in.state = &ss;
	in.dev = &d->dev;
	in.drop_alerts = d->drop_alerts;
	in.reloads = d->reloads;
	in.reload_failures = d->reload_failures;
	f = open_memstream(&buf, &len);
	if (!f)
		return;
	metrics_render(f, &in);
	if (!fclose(f))
		metrics_publish(d->web, buf, len);
	free(buf);
}

static void on_timer(struct daemon *d)
{
	struct drops_report r;
	struct timespec now;
	__u64 ticks;
	int err;

	if (read(d->tfd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
		dlog(LOG_WARNING, "timerfd: %s", strerror(errno));
	err = vigil_dev_stats(&d->dev, &d->kstats);
	if (err)
		dlog(LOG_WARNING, "reading the drop counters: %s",
		     strerror(-err));
	else if (drops_check(&d->drops, &d->kstats, boottime_ns(), &r))
		drop_alert(d, &r);
	publish_metrics(d);
	if (d->o.max_secs) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((double)(now.tv_sec - d->started.tv_sec) +
			    (double)(now.tv_nsec - d->started.tv_nsec) / 1e9 >=
		    d->o.max_secs)
			d->stop = 1;
	}
}

/* ---- reload (SIGHUP) ---- */

static int open_outputs(struct vigil_config *c, struct vigil_outputs **out)
{
	char err[512];

	*out = vigil_outputs_open(&c->out, err, sizeof(err));
	if (!*out) {
		dlog(LOG_ERR, "outputs: %s", err);
		return -EINVAL;
	}
	return 0;
}

static void reload(struct daemon *d)
{
	struct vigil_outputs *outs;
	struct vigil_config *c;
	struct vigil_bitmap bm;
	struct rule_set *rs;
	char err[512];
	int ret;

	dlog(LOG_INFO, "SIGHUP: reloading the configuration and rules");
	c = load_config(&d->o);
	if (!c)
		goto fail;
	rs = load_rules(c);
	if (!rs)
		goto fail_cfg;
	if (open_outputs(c, &outs))
		goto fail_rules;
	ret = pipeline_set_rules(d->pl, rs, c->append_output, err,
				 sizeof(err));
	if (ret) {
		dlog(LOG_ERR, "%s", err);
		vigil_outputs_close(outs);
		goto fail_rules;
	}
	/* committed: the new rules run from the next record on */
	d->pl->min_prio = c->priority;
	build_bitmap(rs, c->priority, &bm);
	ret = vigil_dev_set_bitmap(&d->dev, &bm);
	if (ret)
		dlog(LOG_ERR, "setting the new event bitmap: %s",
		     strerror(-ret));
	vigil_outputs_close(d->outs);
	d->outs = outs;
	drops_init(&d->drops, &c->drops);
	apply_log_cfg(c);
	free_config(d->cfg);
	d->cfg = c;
	d->reloads++;
	dlog(LOG_INFO, "reloaded: %u rules", rs->nitems[RK_RULE]);
	return;
fail_rules:
	rule_set_free(rs);
fail_cfg:
	free_config(c);
fail:
	d->reload_failures++;
	dlog(LOG_ERR, "reload failed: keeping the running configuration and rules");
}

static void on_signal(struct daemon *d)
{
	struct signalfd_siginfo si;

	while (read(d->sigfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGHUP:
			reload(d);
			break;
		case SIGUSR1:
			dlog(LOG_INFO, "SIGUSR1: reopening file outputs");
			vigil_outputs_reopen(d->outs);
			break;
		case SIGTERM:
		case SIGINT:
			dlog(LOG_INFO, "%s: stopping",
			     si.ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT");
			d->stop = 1;
			break;
		}
	}
}

/* ---- setup and teardown ---- */

/* The signals the event loop reads from its signalfd. */
static void loop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGUSR1);
}

static int setup_fds(struct daemon *d)
{
	struct itimerspec its;
	struct epoll_event ev;
	sigset_t set;
	unsigned int ms = d->cfg->stats_interval_ms;

	loop_signals(&set);
	d->sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	d->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (d->sigfd < 0 || d->tfd < 0 || d->epfd < 0)
		return -errno;
	if (d->o.max_secs && d->o.max_secs * 1000 < ms)
		ms = (unsigned int)(d->o.max_secs * 1000) + 1;
	memset(&its, 0, sizeof(its));
	its.it_interval.tv_sec = ms / 1000;
	its.it_interval.tv_nsec = (long)(ms % 1000) * 1000000L;
	its.it_value = its.it_interval;
	if (timerfd_settime(d->tfd, 0, &its, NULL))
		return -errno;
	memset(&ev, 0, sizeof(ev));
	/*
	 * Edge-triggered: the device counts only when it wakes us (a ring a
	 * quarter full), not whenever it holds a record, or the loop
	 * would never sleep.
	 */
	ev.events = EPOLLIN | EPOLLET;
	ev.data.fd = d->dev.fd;
	if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, d->dev.fd, &ev))
		return -errno;
	ev.events = EPOLLIN;
	ev.data.fd = d->sigfd;
	if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, d->sigfd, &ev))
		return -errno;
	ev.data.fd = d->tfd;
	if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, d->tfd, &ev))
		return -errno;
	return 0;
}

static int open_device(struct daemon *d, const struct rule_set *rs)
{
	const char *path = d->cfg->device;
	struct vigil_bitmap bm;
	int err;

	err = vigil_dev_open(&d->dev, path);
	if (err) {
		dlog(LOG_ERR, "%s: %s%s", path, strerror(-err),
		     err == -ENOENT || err == -ENXIO || err == -ENODEV ?
		     " (is vigil.ko loaded?)" :
		     err == -EBUSY ? " (another consumer has it open)" :
		     err == -EPROTO || err == -ENOTTY ?
		     " (not a vigil device of this ABI)" : "");
		return err;
	}
	build_bitmap(rs, d->cfg->priority, &bm);
	err = vigil_dev_set_bitmap(&d->dev, &bm);
	if (!err && d->cfg->snaplen)
		err = vigil_dev_set_snaplen(&d->dev, d->cfg->snaplen);
	if (!err)
		err = vigil_dev_ignore_tgid(&d->dev, 0);
	if (err) {
		dlog(LOG_ERR, "%s: configuring capture: %s", path,
		     strerror(-err));
		return err;
	}
	return 0;
}

static int open_state(struct daemon *d)
{
	char err[512];
	int ret;

	d->st = vigil_state_open(&d->cfg->state);
	if (!d->st) {
		dlog(LOG_ERR, "state: %s", strerror(errno));
		return -errno;
	}
	ret = vigil_state_seed(d->st, err, sizeof(err));
	if (ret) {
		dlog(LOG_ERR, "seeding the state: %s", err);
		return ret;
	}
	return 0;
}

static int write_pidfile(const char *path)
{
	FILE *f = fopen(path, "we");

	if (!f)
		return -errno;
	fprintf(f, "%d\n", (int)getpid());
	if (fclose(f))
		return -errno;
	return 0;
}

static int start(struct daemon *d)
{
	struct privdrop pd;
	struct rule_set *rs;
	sigset_t set;
	char err[512];
	int ret;

	/*
	 * Blocked before any thread starts (output workers, webserver), so
	 * that every thread inherits the mask and these signals only ever
	 * reach the signalfd, never a default action in a worker.
	 */
	loop_signals(&set);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -errno;
	signal(SIGPIPE, SIG_IGN);
	rs = load_rules(d->cfg);
	if (!rs)
		return -EINVAL;
	ret = privdrop_resolve(&d->cfg->privileges, &pd, err, sizeof(err));
	if (ret) {
		dlog(LOG_ERR, "%s", err);
		goto free_rules;
	}
	if (d->o.validate) {
		rule_set_free(rs);
		printf("vigil: configuration and rules OK\n");
		return 1;
	}
	ret = open_device(d, rs);
	if (ret)
		goto free_rules;
	ret = open_state(d);
	if (ret)
		goto free_rules;
	d->pl = pipeline_new(rs, d->st, d->cfg->append_output, err,
			     sizeof(err));
	rs = NULL;
	if (!d->pl) {
		dlog(LOG_ERR, "%s", err);
		return -EINVAL;
	}
	d->pl->min_prio = d->cfg->priority;
	d->pl->emit = emit_alert;
	d->pl->emit_arg = d;
	d->pl->wall_base_ns = d->dev.nr_rings ?
			      d->dev.rings[0].hdr->wall_base_ns : wall_base();
	/*
	 * The device is open and /proc read: drop the rest now, before the
	 * output and webserver threads exist (capabilities are per thread).
	 */
	ret = privdrop_apply(&pd, err, sizeof(err));
	if (ret) {
		dlog(LOG_ERR, "dropping privileges: %s", err);
		return ret;
	}
	if (pd.enabled) {
		privdrop_describe(err, sizeof(err));
		dlog(LOG_INFO, "privileges dropped: %s", err);
	}
	ret = open_outputs(d->cfg, &d->outs);
	if (ret)
		return ret;
	if (d->o.write_path) {
		d->cw = capture_create(d->o.write_path, d->pl->wall_base_ns, 6);
		if (!d->cw ||
		    capture_write_state(d->cw, d->st, d->cfg->state.passwd_path,
					d->cfg->state.group_path)) {
			dlog(LOG_ERR, "-w %s: %s", d->o.write_path,
			     strerror(errno));
			return -EIO;
		}
	}
	if (d->cfg->webserver.enabled) {
		d->web = metrics_start(d->cfg->webserver.listen_address,
				       d->cfg->webserver.listen_port,
				       d->cfg->webserver.healthz_endpoint,
				       d->cfg->webserver.prometheus_metrics_enabled,
				       err, sizeof(err));
		if (!d->web) {
			dlog(LOG_ERR, "webserver: %s", err);
			return -EINVAL;
		}
	}
	drops_init(&d->drops, &d->cfg->drops);
	ret = setup_fds(d);
	if (ret) {
		dlog(LOG_ERR, "event loop setup: %s", strerror(-ret));
		return ret;
	}
	ret = vigil_dev_start(&d->dev);
	if (ret) {
		dlog(LOG_ERR, "starting capture: %s", strerror(-ret));
		return ret;
	}
	/* after the start: whoever waits for the pid file sees events captured */
	if (d->o.pidfile) {
		ret = write_pidfile(d->o.pidfile);
		if (ret) {
			dlog(LOG_ERR, "--pidfile %s: %s", d->o.pidfile,
			     strerror(-ret));
			return ret;
		}
	}
	/* the first drop check sets the baseline */
	if (!vigil_dev_stats(&d->dev, &d->kstats))
		drops_check(&d->drops, &d->kstats, boottime_ns(),
			    &(struct drops_report){ 0 });
	publish_metrics(d);
	dlog(LOG_INFO, "capturing on %s (%u rings)", d->cfg->device,
	     d->dev.nr_rings);
	return 0;
free_rules:
	rule_set_free(rs);
	return ret;
}

static int loop(struct daemon *d)
{
	struct epoll_event evs[4];
	int i, n;

	while (!d->stop) {
		n = epoll_wait(d->epfd, evs, 4,
			       drain(d) == DRAIN_BATCH ? 0 : (int)d->cfg->wait_ms);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			dlog(LOG_ERR, "epoll_wait: %s", strerror(errno));
			return -errno;
		}
		for (i = 0; i < n; i++) {
			if (evs[i].data.fd == d->sigfd)
				on_signal(d);
			else if (evs[i].data.fd == d->tfd)
				on_timer(d);
			else if (evs[i].events & (EPOLLERR | EPOLLHUP)) {
				dlog(LOG_ERR, "the capture device failed");
				return -EIO;
			}
		}
	}
	return 0;
}

static void shutdown_daemon(struct daemon *d)
{
	int err;

	if (d->dev.fd >= 0) {
		err = vigil_dev_stop(&d->dev);
		if (err)
			dlog(LOG_WARNING, "stopping capture: %s",
			     strerror(-err));
		/* drain what the rings still hold */
		if (d->pl)
			while (drain(d) > 0)
				;
		if (!vigil_dev_stats(&d->dev, &d->kstats))
			dlog(LOG_INFO,
			     "%llu events, %llu alerts, kernel drops: full %llu reentrant %llu too_large %llu",
			     (unsigned long long)(d->pl ? d->pl->stats.events : 0),
			     (unsigned long long)(d->pl ? d->pl->stats.alerts : 0),
			     (unsigned long long)d->kstats.drop_full,
			     (unsigned long long)d->kstats.drop_reentrant,
			     (unsigned long long)d->kstats.drop_too_large);
	}
	if (d->cw) {
		err = capture_close(d->cw, d->kstats.drop_full +
					   d->kstats.drop_reentrant +
					   d->kstats.drop_too_large);
		if (err)
			dlog(LOG_ERR, "-w %s: %s", d->o.write_path,
			     strerror(-err));
	}
	metrics_stop(d->web);
	vigil_outputs_close(d->outs);	/* flushes within the deadline */
	pipeline_free(d->pl);
	vigil_state_close(d->st);
	vigil_dev_close(&d->dev);
	if (d->epfd >= 0)
		close(d->epfd);
	if (d->sigfd >= 0)
		close(d->sigfd);
	if (d->tfd >= 0)
		close(d->tfd);
	if (d->o.pidfile)
		unlink(d->o.pidfile);
	free_config(d->cfg);
}

int vigil_daemon_main(int argc, char **argv)
{
	static struct daemon d;
	int ret;

	memset(&d, 0, sizeof(d));
	d.dev.fd = d.epfd = d.sigfd = d.tfd = -1;
	ret = parse_args(argc, argv, &d.o);
	if (ret > 0) {
		usage(stdout);
		return 0;
	}
	if (ret)
		return 2;
	clock_gettime(CLOCK_MONOTONIC, &d.started);
	d.cfg = load_config(&d.o);
	if (!d.cfg)
		return 1;
	apply_log_cfg(d.cfg);
	ret = start(&d);
	if (ret > 0) {
		free_config(d.cfg);
		return 0;
	}
	if (!ret)
		ret = loop(&d);
	shutdown_daemon(&d);
	if (ret)
		return 1;
	return d.exit_code;
}
