// SPDX-License-Identifier: GPL-2.0
/*
 * Known memo values in a flow graph.  Along every path through a graph
 * some memo slots already hold a value: an edge that leaves a MEMO by its
 * known value, or an MSET, knows that slot for the rest of the event.
 * The facts of each node are those every path into it has (computed in
 * one pass in topological order, as an intersection over the incoming
 * edges); an edge that leads to a MEMO whose slot its facts know goes
 * straight to where that MEMO would send it.  So a rule whose guard the
 * event has already answered costs no step at all, and a macro a path
 * has already read is not looked up again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vm_graph.h"
#include "vm_graph_int.h"

#define VF_MAX	16		/* facts kept per node; more are dropped (still sound) */

struct facts {
	uint8_t seen;		/* some edge reaches the node */
	uint8_t n;
	uint16_t slot[VF_MAX];	/* ascending */
	uint8_t val[VF_MAX];
};

static int fact_of(const struct facts *f, uint16_t slot)
{
	uint32_t i;

	for (i = 0; i < f->n && f->slot[i] <= slot; i++)
		if (f->slot[i] == slot)
			return f->val[i];
	return -1;
}

static void fact_add(struct facts *f, uint16_t slot, uint8_t val)
{
	uint32_t i;

	for (i = 0; i < f->n && f->slot[i] < slot; i++)
		;
	if ((i < f->n && f->slot[i] == slot) || f->n == VF_MAX)
		return;
	memmove(&f->slot[i + 1], &f->slot[i], (f->n - i) * sizeof(f->slot[0]));
	memmove(&f->val[i + 1], &f->val[i], (f->n - i) * sizeof(f->val[0]));
	f->slot[i] = slot;
	f->val[i] = val;
	f->n++;
}

/* Into the facts of a node: the first edge's, then what every edge shares. */
static void merge(struct facts *into, const struct facts *e)
{
	uint32_t i, j, k = 0;

	if (!into->seen) {
		*into = *e;
		into->seen = 1;
		return;
	}
	for (i = 0, j = 0; i < into->n && j < e->n;) {
		if (into->slot[i] < e->slot[j]) {
			i++;
		} else if (into->slot[i] > e->slot[j]) {
			j++;
		} else {
			if (into->val[i] == e->val[j]) {
				into->slot[k] = into->slot[i];
				into->val[k++] = into->val[i];
			}
			i++;
			j++;
		}
	}
	into->n = (uint8_t)k;
}

/*
 * Edge *to, leaving with facts e: past every MEMO it would reach whose
 * slot e knows, then into the facts of where it lands.
 */
static void follow(const struct vm_graph *g, struct facts *all, uint32_t *to,
		   const struct facts *e)
{
	int v;

	while (*to < g->n && g->nodes[*to].kind == VG_MEMO &&
	       (v = fact_of(e, g->nodes[*to].slot)) >= 0)
		*to = v ? g->nodes[*to].t : g->nodes[*to].f;
	if (*to < g->n)
		merge(&all[*to], e);
}

static const uint64_t *sort_keys;

/* Topological order: later rules have smaller keys, so by rule first, then pc. */
static int cmp_topo(const void *x, const void *y)
{
	uint64_t a = sort_keys[*(const uint32_t *)x], b = sort_keys[*(const uint32_t *)y];

	if (a >> 32 != b >> 32)
		return a >> 32 > b >> 32 ? -1 : 1;
	return (uint32_t)a < (uint32_t)b ? -1 : (uint32_t)a > (uint32_t)b;
}

uint32_t *vg_topo(const struct vm_graph *g, const uint64_t *order)
{
	uint32_t *topo = malloc(g->n * sizeof(*topo)), i;

	if (!topo)
		return NULL;
	for (i = 0; i < g->n; i++)
		topo[i] = i;
	sort_keys = order;
	qsort(topo, g->n, sizeof(*topo), cmp_topo);
	return topo;
}

int vg_known_memos(struct vm_graph *g, const uint64_t *order)
{
	struct facts *all = calloc(g->n, sizeof(*all)), e;
	uint32_t *topo = all ? vg_topo(g, order) : NULL, i, to[3];

	if (!all || !topo) {
		free(all);
		free(topo);
		return -ENOMEM;
	}
	memset(&e, 0, sizeof(e));
	follow(g, all, &g->start, &e);
	for (i = 0; i < g->n; i++) {
		struct vg_node *n = &g->nodes[topo[i]];

		if (!all[topo[i]].seen)
			continue;	/* no longer reached */
		e = all[topo[i]];
		switch (n->kind) {
		case VG_STOP:
			break;
		case VG_MEMO:
			follow(g, all, &n->u, &e);
			fact_add(&e, n->slot, 1);
			follow(g, all, &n->t, &e);
			e = all[topo[i]];
			fact_add(&e, n->slot, 0);
			follow(g, all, &n->f, &e);
			break;
		case VG_MSET:
			fact_add(&e, n->slot, n->val);
			/* fall through */
		case VG_HIT:
			follow(g, all, &n->t, &e);
			break;
		default:	/* TESTs: u only where a run can take it */
			follow(g, all, &n->t, &e);
			follow(g, all, &n->f, &e);
			if (vg_nexts(n, to) == 3)
				follow(g, all, &n->u, &e);
			break;
		}
	}
	free(all);
	free(topo);
	return 0;
}
