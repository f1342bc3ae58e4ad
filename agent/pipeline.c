// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The event pipeline: state, the rules of the event's type, alerts. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"

static struct outfmt *compile_fmts(struct rule_set *rs, const char *extra,
				   char *err, size_t errlen)
{
	struct outfmt *fmts;
	char why[256];
	uint32_t i;
	int ret;

	fmts = calloc(rs->nitems[RK_RULE] + 1, sizeof(*fmts));
	if (!fmts)
		return NULL;
	for (i = 0; i < rs->nitems[RK_RULE]; i++) {
		const struct rule_item *r = rs->items[RK_RULE][i];

		if (!r->compiled || !r->output)
			continue;
		ret = outfmt_compile(&fmts[i], r->output, extra, why,
				     sizeof(why));
		if (ret) {
			snprintf(err, errlen, "rule '%s': %s", r->name, why);
			while (i--)
				outfmt_free(&fmts[i]);
			free(fmts);
			errno = -ret;
			return NULL;
		}
	}
	return fmts;
}

static void free_rules(struct pipeline *pl)
{
	uint32_t i;

	if (pl->fmts && pl->rs)
		for (i = 0; i < pl->rs->nitems[RK_RULE]; i++)
			outfmt_free(&pl->fmts[i]);
	free(pl->fmts);
	free(pl->stats.by_rule);
	rule_set_free(pl->rs);
	pl->fmts = NULL;
	pl->rs = NULL;
	pl->stats.by_rule = NULL;
}

int pipeline_set_rules(struct pipeline *pl, struct rule_set *rs,
		       const char *extra, char *err, size_t errlen)
{
	struct outfmt *fmts;
	__u64 *by_rule;

	fmts = compile_fmts(rs, extra, err, errlen);
	if (!fmts)
		return -errno;
	by_rule = calloc(rs->nitems[RK_RULE] + 1, sizeof(*by_rule));
	if (!by_rule) {
		free(fmts);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	free_rules(pl);
	pl->rs = rs;
	pl->fmts = fmts;
	pl->stats.by_rule = by_rule;
	return 0;
}

struct pipeline *pipeline_new(struct rule_set *rs, struct vigil_state *st,
			      const char *extra, char *err, size_t errlen)
{
	struct pipeline *pl = calloc(1, sizeof(*pl));
	int ret;

	if (!pl)
		return NULL;
	pl->st = st;
	pl->min_prio = PRIO_DEBUG;
	acc_init(&pl->acc, st, 0);
	ret = vm_ctx_init(&pl->ctx);
	if (ret) {
		snprintf(err, errlen, "cannot set up the rule VM");
		free(pl);
		errno = -ret;
		return NULL;
	}
	ret = pipeline_set_rules(pl, rs, extra, err, errlen);
	if (ret) {
		vm_ctx_destroy(&pl->ctx);
		free(pl);
		errno = -ret;
		return NULL;
	}
	return pl;
}

void pipeline_free(struct pipeline *pl)
{
	if (!pl)
		return;
	free_rules(pl);
	vm_ctx_destroy(&pl->ctx);
	free(pl);
}

static void hit(void *arg, const struct rule_item *r)
{
	struct pipeline *pl = arg;
	struct vigil_alert al;
	const struct outfmt *f;
	uint32_t idx;

	if (r->priority > pl->min_prio)
		return;
	/* the rule's index in definition order (only on a match) */
	for (idx = 0; idx < pl->rs->nitems[RK_RULE]; idx++)
		if (pl->rs->items[RK_RULE][idx] == r)
			break;
	if (idx >= pl->rs->nitems[RK_RULE])
		return;
	f = &pl->fmts[idx];
	pl->stats.alerts++;
	pl->stats.by_rule[idx]++;
	if (r->priority >= 0 && r->priority < PRIO_NR)
		pl->stats.by_prio[r->priority]++;
	if (!pl->emit)
		return;
	memset(&al, 0, sizeof(al));
	al.ts_ns = pl->acc.ts + pl->acc.wall_base_ns;
	al.rule = r->name;
	al.priority = r->priority;
	al.source = "syscall";
	al.hostname = pl->acc.hostname;
	outfmt_render(f, &pl->acc, pl->text, sizeof(pl->text));
	al.output = pl->text;
	al.nfields = outfmt_fields(f, &pl->acc, pl->fnames, pl->fvalues,
				   pl->fjson, OUTFMT_MAX_REFS * 2, pl->values,
				   sizeof(pl->values));
	al.field_names = pl->fnames;
	al.field_values = pl->fvalues;
	al.field_json = pl->fjson;
	al.tags = (const char *const *)r->tags;
	al.ntags = r->ntags;
	pl->emit(pl->emit_arg, &al);
}

int pipeline_event(struct pipeline *pl, const struct vigil_event *ev,
		   size_t len, __u64 num)
{
	int n;

	pl->stats.events++;
	if (len < sizeof(*ev) || vigil_rec_check(ev) || ev->len > len) {
		pl->stats.bad_records++;
		return 0;
	}
	pl->stats.by_type[ev->type]++;
	if (pl->st)
		vigil_state_apply(pl->st, ev);
	if (rule_set_runs(pl->rs, ev->type)) {
		pl->acc.wall_base_ns = pl->wall_base_ns;
		acc_begin(&pl->acc, ev, num);
		n = rule_set_eval(pl->rs, ev->type, &pl->acc.vm, ev, &pl->ctx,
				  hit, pl);
	} else {
		acc_pass(&pl->acc, ev);	/* a close with the default rules */
		n = 0;
	}
	if (pl->st)
		vigil_state_post(pl->st);
	return n;
}
