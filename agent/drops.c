// SPDX-License-Identifier: GPL-2.0 OR MIT
/* syscall_event_drops: drop ratio per interval, threshold, token bucket. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "drops.h"

void drops_cfg_default(struct drops_cfg *c)
{
	c->actions = DROPS_LOG | DROPS_ALERT;
	c->threshold = 0.1;
	c->rate = 0.03333;
	c->max_burst = 1;
}

void drops_init(struct drops *d, const struct drops_cfg *c)
{
	memset(d, 0, sizeof(*d));
	d->cfg = *c;
	d->tokens = c->max_burst;
}

static __u64 delta(__u64 now, __u64 before)
{
	return now >= before ? now - before : now;
}

static void refill(struct drops *d, __u64 now_ns)
{
	double secs;

	if (now_ns <= d->last_ns)
		return;
	secs = (double)(now_ns - d->last_ns) / 1e9;
	d->tokens += secs * d->cfg.rate;
	if (d->tokens > d->cfg.max_burst)
		d->tokens = d->cfg.max_burst;
}

unsigned int drops_check(struct drops *d, const struct vigil_stats *now,
			 __u64 now_ns, struct drops_report *r)
{
	const struct vigil_stats *o = &d->last;

	memset(r, 0, sizeof(*r));
	if (!d->have_last) {
		d->last = *now;
		d->last_ns = now_ns;
		d->have_last = 1;
		return 0;
	}
	/* a counter going backwards means the device restarted: rebase */
	if (now->written < o->written || now->drop_full < o->drop_full ||
	    now->drop_reentrant < o->drop_reentrant ||
	    now->drop_too_large < o->drop_too_large) {
		d->last = (struct vigil_stats){ 0 };
	}
	r->n_evts = delta(now->written, o->written);
	r->full = delta(now->drop_full, o->drop_full);
	r->reentrant = delta(now->drop_reentrant, o->drop_reentrant);
	r->too_large = delta(now->drop_too_large, o->drop_too_large);
	r->n_drops = r->full + r->reentrant + r->too_large;
	r->secs = now_ns > d->last_ns ? (double)(now_ns - d->last_ns) / 1e9
				       : 0;
	refill(d, now_ns);
	d->last = *now;
	d->last_ns = now_ns;
	d->total += r->n_drops;
	r->total_drops = d->total;
	if (!r->n_drops)
		return 0;
	r->ratio = (double)r->n_drops;
	if (r->n_evts)
		r->ratio /= (double)r->n_evts;
	if (r->ratio <= d->cfg.threshold)
		return 0;
	d->over_threshold++;
	if (d->tokens < 1.0) {
		d->rate_limited++;
		return 0;
	}
	d->tokens -= 1.0;
	r->actions = d->cfg.actions & ~(unsigned int)DROPS_IGNORE;
	return r->actions;
}

int drops_action_parse(const char *name)
{
	static const char *const names[] = { "ignore", "log", "alert",
					     "exit" };
	unsigned int i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return 1 << i;
	return -EINVAL;
}

int drops_format(const struct drops_report *r, char *buf, size_t size)
{
	return snprintf(buf, size,
			"vigil internal: syscall event drop. %llu system calls "
			"dropped in last %.1f s (full=%llu reentrant=%llu "
			"too_large=%llu), %.2f%% of %llu events",
			(unsigned long long)r->n_drops, r->secs,
			(unsigned long long)r->full,
			(unsigned long long)r->reentrant,
			(unsigned long long)r->too_large,
			r->n_evts ? r->ratio * 100.0 : 100.0,
			(unsigned long long)r->n_evts);
}
