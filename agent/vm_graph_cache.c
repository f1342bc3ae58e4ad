// SPDX-License-Identifier: GPL-2.0
/*
 * Which tests of a flow graph need the event's field cache.  A test's
 * field goes through the cache so that a later test of the same field on
 * the same run finds it loaded.  A test that no run reaches from another
 * test of its field, nor goes on from to one, loads its field once per
 * run whether cached or not: it loads it straight into the run's values
 * (slot 0), without the cache's bookkeeping.  Which loads happen, and so
 * every value, stay the same.
 *
 * Per node, the fields (as bits, for those several tests share) of the
 * tests on some path from the start to it, and of those on some path
 * from it on: one pass in topological order, one in reverse.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vm_graph.h"
#include "vm_graph_int.h"
#include "vm_int.h"

#define VC_MAX_WORDS	(1u << 24)	/* nodes times words of bits per node; past it,
					   only fields one test loads go uncached */

/* How many tests load a cache slot's field. */
enum { VC_NONE, VC_ONE, VC_SHARED, VC_FCMP /* or a field-to-field comparison: stays */ };

static int is_test(const struct vg_node *n)
{
	return n->kind < VG_MEMO;
}

static void bit_set(uint64_t *set, uint32_t b)
{
	set[b / 64] |= 1ull << (b % 64);
}

static int bit_has(const uint64_t *set, uint32_t b)
{
	return !!(set[b / 64] & 1ull << (b % 64));
}

/* Its field's bit, if n is a test of a field other tests share; else UINT32_MAX. */
static uint32_t shared_bit(const struct vg_node *n, const uint8_t *uses, const uint32_t *idx)
{
	return is_test(n) && n->slot && uses[n->slot] == VC_SHARED ? idx[n->slot] : UINT32_MAX;
}

/* anc/desc: per node, w words of bits of the shared fields before / after it. */
static void flow(const struct vm_graph *g, const uint32_t *topo, const uint8_t *uses,
		 const uint32_t *idx, uint32_t w, uint64_t *anc, uint64_t *desc,
		 uint8_t *reached)
{
	uint32_t i, k, j, cnt, to[3], b;

	reached[g->start] = 1;
	for (i = 0; i < g->n; i++) {
		const struct vg_node *n = &g->nodes[topo[i]];
		const uint64_t *a = &anc[(size_t)topo[i] * w];

		if (!reached[topo[i]])
			continue;
		b = shared_bit(n, uses, idx);
		cnt = vg_nexts(n, to);
		for (k = 0; k < cnt; k++) {
			uint64_t *into = &anc[(size_t)to[k] * w];

			if (to[k] >= g->n)
				continue;
			reached[to[k]] = 1;
			for (j = 0; j < w; j++)
				into[j] |= a[j];
			if (b != UINT32_MAX)
				bit_set(into, b);
		}
	}
	for (i = g->n; i-- > 0;) {
		const struct vg_node *n = &g->nodes[topo[i]];
		uint64_t *d = &desc[(size_t)topo[i] * w];

		if (!reached[topo[i]])
			continue;
		cnt = vg_nexts(n, to);
		for (k = 0; k < cnt; k++) {
			const uint64_t *from = &desc[(size_t)to[k] * w];

			if (to[k] >= g->n)
				continue;
			for (j = 0; j < w; j++)
				d[j] |= from[j];
			b = shared_bit(&g->nodes[to[k]], uses, idx);
			if (b != UINT32_MAX)
				bit_set(d, b);
		}
	}
}

int vg_uncache(struct vm_graph *g, const uint64_t *order)
{
	uint8_t *uses = calloc(VM_CACHE_SLOTS, 1), *reached = NULL;
	uint32_t *idx = calloc(VM_CACHE_SLOTS, sizeof(*idx)), *topo = NULL;
	uint64_t *anc = NULL, *desc = NULL;
	uint32_t i, k, m = 0, w, b;
	int err = -ENOMEM;

	if (!uses || !idx)
		goto out;
	for (i = 0; i < g->n; i++) {
		const struct vg_node *n = &g->nodes[i];
		uint32_t cs;

		if (!is_test(n))
			continue;
		if (n->slot && uses[n->slot] < VC_SHARED)
			uses[n->slot]++;
		cs = n->kind == VG_FCMP ? n->p->frefs[n->in.b].cslot : 0;
		if (cs && cs < VM_CACHE_SLOTS)
			uses[cs] = VC_FCMP;
		if (n->kind == VG_FCMP && n->slot)
			uses[n->slot] = VC_FCMP;
	}
	for (k = 0; k < VM_CACHE_SLOTS; k++)
		if (uses[k] == VC_SHARED)
			idx[k] = m++;
	w = (m + 63) / 64;
	if (m && (uint64_t)g->n * w <= VC_MAX_WORDS) {
		topo = vg_topo(g, order);
		anc = calloc((size_t)g->n * w, sizeof(*anc));
		desc = calloc((size_t)g->n * w, sizeof(*desc));
		reached = calloc(g->n, 1);
		if (!topo || !anc || !desc || !reached)
			goto out;
		flow(g, topo, uses, idx, w, anc, desc, reached);
	}
	for (i = 0; i < g->n; i++) {
		struct vg_node *n = &g->nodes[i];

		if (!is_test(n) || !n->slot)
			continue;
		if (uses[n->slot] == VC_ONE) {
			n->slot = 0;
			continue;
		}
		b = shared_bit(n, uses, idx);
		if (b != UINT32_MAX && reached && reached[i] &&
		    !bit_has(&anc[(size_t)i * w], b) && !bit_has(&desc[(size_t)i * w], b))
			n->slot = 0;
	}
	err = 0;
out:
	free(uses);
	free(idx);
	free(topo);
	free(anc);
	free(desc);
	free(reached);
	return err;
}
