// SPDX-License-Identifier: GPL-2.0
/*
 * Per-event evaluation: only the rules indexed under the event's type run,
 * each as its program specialised for that type, chained into the type's
 * flow graph (vm_graph.h), and not those whose leading shared macros the
 * event already has false.
 */
#include "rule_set.h"

struct eval_hits {
	const struct rule_set *rs;
	const struct rule_run *runs;
	void (*hit)(void *arg, const struct rule_item *rule);
	void *arg;
};

static void on_hit(void *arg, uint32_t i)
{
	const struct eval_hits *h = arg;

	h->hit(h->arg, h->rs->items[RK_RULE][h->runs[i].rule]);
}

static __attribute__((noinline)) int
eval_type(const struct rule_set *rs, unsigned int type, const struct vm_accessor *acc,
	  const void *ev, struct vm_ctx *ctx,
	  void (*hit)(void *arg, const struct rule_item *rule), void *arg)
{
	struct eval_hits h = { rs, rs->by_type[type], hit, arg };
	int n;

	vm_ctx_event(ctx);
	if (rs->graph[type].n)
		n = vm_graph_run(&rs->graph[type], acc, ev, ctx, hit ? on_hit : NULL, &h);
	else
		n = vm_run_each(&h.runs[0].g, sizeof(h.runs[0]), rs->nby_type[type], acc, ev, ctx,
				hit ? on_hit : NULL, &h);
	vm_ctx_event_end(ctx);
	return n;
}

/* Types no rule runs on return before any set-up (eval_type's frame). */
int rule_set_eval(const struct rule_set *rs, unsigned int type, const struct vm_accessor *acc,
		  const void *ev, struct vm_ctx *ctx,
		  void (*hit)(void *arg, const struct rule_item *rule), void *arg)
{
	if (!rule_set_runs(rs, type))
		return 0;
	return eval_type(rs, type, acc, ev, ctx, hit, arg);
}
