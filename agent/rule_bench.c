// SPDX-License-Identifier: GPL-2.0
/*
 * A benchmark, not a test: evaluation throughput of a compiled rule set
 * over a mixed stream of synthetic events (one core), printed as
 * events/s.  Field values come from a small table per event.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fields.h"
#include "rule_set.h"

struct bench_ev {
	unsigned int type;
	const char *vals[FID_NR];
};

static int bench_load(void *priv, const void *evp, const struct vm_fref *ref, struct vm_val *out,
		      unsigned int max)
{
	const struct bench_ev *ev = evp;
	const char *s = ref->fid < FID_NR ? ev->vals[ref->fid] : NULL;

	(void)priv;
	if (!s || !max)
		return 0;
	memset(out, 0, sizeof(*out));
	out->s = (const uint8_t *)s;
	out->len = (uint32_t)strlen(s);
	out->u = (uint64_t)s[0];
	out->family = 4;
	out->ip[0] = 10;
	out->prefix = 32;
	return 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void set(struct bench_ev *e, int fid, const char *v)
{
	e->vals[fid] = v;
}

int rule_bench(const struct rule_set *rs, unsigned long n)
{
	static struct bench_ev evs[4];
	static struct vm_ctx ctx;
	struct vm_accessor acc = { bench_load, NULL };
	unsigned long i, hits = 0;
	double t0, dt;
	int k;

	memset(evs, 0, sizeof(evs));
	evs[0].type = VIGIL_EV_EXECVE;
	evs[1].type = VIGIL_EV_OPENAT;
	evs[2].type = VIGIL_EV_CONNECT;
	evs[3].type = VIGIL_EV_OPENAT;
	for (k = 0; k < 4; k++) {
		set(&evs[k], FID_PROC_NAME, k ? "nginx" : "bash");
		set(&evs[k], FID_PROC_PNAME, "sshd");
		set(&evs[k], FID_PROC_CMDLINE, "bash -c id");
		set(&evs[k], FID_PROC_EXEPATH, "/usr/bin/bash");
		set(&evs[k], FID_USER_NAME, "root");
		set(&evs[k], FID_CONTAINER_ID, "host");
		set(&evs[k], FID_EVT_DIR, "<");
		set(&evs[k], FID_FD_TYPECHAR, k == 2 ? "4" : "f");
		set(&evs[k], FID_PROC_TTY, "0");
	}
	set(&evs[0], FID_EVT_TYPE, "execve");
	set(&evs[1], FID_EVT_TYPE, "openat");
	set(&evs[1], FID_FD_NAME, "/etc/shadow");
	set(&evs[1], FID_EVT_IS_OPEN_READ, "t");
	set(&evs[2], FID_EVT_TYPE, "connect");
	set(&evs[2], FID_FD_NAME, "10.0.0.1:3456->10.0.0.2:443");
	set(&evs[3], FID_EVT_TYPE, "openat");
	set(&evs[3], FID_FD_NAME, "/var/log/app.log");
	if (vm_ctx_init(&ctx))
		return -1;
	t0 = now();
	for (i = 0; i < n; i++) {
		const struct bench_ev *e = &evs[i & 3];

		hits += (unsigned long)rule_set_eval(rs, e->type, &acc, e, &ctx, NULL, NULL);
	}
	dt = now() - t0;
	printf("eval: %lu events in %.3f s: %.2f M events/s (%lu matches, %lu faults)\n", n, dt,
	       (double)n / dt / 1e6, hits, (unsigned long)ctx.faults);
	vm_ctx_destroy(&ctx);
	return 0;
}
