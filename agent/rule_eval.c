// SPDX-License-Identifier: GPL-2.0
/*
 * Per-event evaluation: only the rules indexed under the event's type run,
 * each as its program specialised for that type, and not those whose
 * leading shared macros the event already has false.
 */
#include "rule_set.h"

int rule_set_eval(const struct rule_set *rs, unsigned int type, const struct vm_accessor *acc,
		  const void *ev, struct vm_ctx *ctx,
		  void (*hit)(void *arg, const struct rule_item *rule), void *arg)
{
	uint32_t i;
	int n = 0;

	if (type >= VIGIL_EV_MAX)
		return 0;
	vm_ctx_event(ctx);
	for (i = 0; i < rs->nby_type[type]; i++) {
		const struct rule_run *run = &rs->by_type[type][i];
		uint32_t g;

		for (g = 0; g < run->nguard; g++) {
			const struct vm_memo *m = &ctx->memo[run->guard[g]];

			if (m->gen == ctx->gen && !m->val)
				break;
		}
		if (g < run->nguard)
			continue;	/* a shared macro it needs is false */
		if (vm_run(&run->prog, acc, ev, ctx) == 1) {
			n++;
			if (hit)
				hit(arg, rs->items[RK_RULE][run->rule]);
		}
	}
	vm_ctx_event_end(ctx);
	return n;
}
