// SPDX-License-Identifier: GPL-2.0
/*
 * Memo steps a flow graph can leave out.  A run starts on a fresh event
 * (vm_ctx_event()): no memo slot has a value yet, and only MSETs give
 * one.  So a MEMO that no MSET of its slot comes before, on any path to
 * it, always finds its slot empty and goes on to its code (u); and an
 * MSET that no MEMO of its slot comes after, on any path from it, records
 * a value nothing reads.  Edges into either go straight past it, as a
 * dead-store and known-value pass of a compiler would.
 *
 * Neither step changes a result: a MEMO left out would have sent the run
 * down its code anyway, and the code of a shared subexpression has no
 * effect but its value (a fault ends the rule either way).  Were a MEMO
 * left out whose slot another run on the same event had set, the code
 * would compute the value that run recorded.
 *
 * Per node, the slots (as bits) of the MSETs on some path from the start
 * to it, and of the MEMOs on some path from it on: one pass in
 * topological order, one in reverse, over the edges a run can take.
 */
#include <errno.h>
#include <stdlib.h>

#include "vm_graph.h"
#include "vm_graph_int.h"

#define VL_MAX_WORDS	(1u << 24)	/* nodes times words of bits per node; past it,
					   the graph keeps every memo step */

static int is_memo_step(const struct vg_node *n)
{
	return n->kind == VG_MEMO || n->kind == VG_MSET;
}

static void bit_set(uint64_t *set, uint32_t b)
{
	set[b / 64] |= 1ull << (b % 64);
}

static int bit_has(const uint64_t *set, uint32_t b)
{
	return !!(set[b / 64] & 1ull << (b % 64));
}

/*
 * set: per node, w words of bits of the slots an MSET before it may have
 * set; read: those a MEMO after it (or it itself) may read.  Only nodes a
 * run reaches count.
 */
static void flow(const struct vm_graph *g, const uint32_t *topo, const uint32_t *idx,
		 uint32_t w, uint64_t *set, uint64_t *read, uint8_t *reached)
{
	uint32_t i, k, j, cnt, to[3];

	reached[g->start] = 1;
	for (i = 0; i < g->n; i++) {
		const struct vg_node *n = &g->nodes[topo[i]];
		const uint64_t *s = &set[(size_t)topo[i] * w];

		if (!reached[topo[i]])
			continue;
		cnt = vg_nexts(n, to);
		for (k = 0; k < cnt; k++) {
			uint64_t *into = &set[(size_t)to[k] * w];

			if (to[k] >= g->n)
				continue;
			reached[to[k]] = 1;
			for (j = 0; j < w; j++)
				into[j] |= s[j];
			if (n->kind == VG_MSET)
				bit_set(into, idx[n->slot]);
		}
	}
	for (i = g->n; i-- > 0;) {
		const struct vg_node *n = &g->nodes[topo[i]];
		uint64_t *r = &read[(size_t)topo[i] * w];

		if (!reached[topo[i]])
			continue;
		cnt = vg_nexts(n, to);
		for (k = 0; k < cnt; k++) {
			const uint64_t *from = &read[(size_t)to[k] * w];

			if (to[k] >= g->n)
				continue;
			for (j = 0; j < w; j++)
				r[j] |= from[j];
		}
		if (n->kind == VG_MEMO)
			bit_set(r, idx[n->slot]);
	}
}

/* Edge *to, past every MEMO and MSET there that a run can do without. */
static void skip(const struct vm_graph *g, const uint32_t *idx, uint32_t w, const uint64_t *set,
		 const uint64_t *read, uint32_t *to)
{
	for (;;) {
		const struct vg_node *n;
		uint32_t nx[3], k, cnt, live = 0;

		if (*to >= g->n || !is_memo_step(&g->nodes[*to]))
			return;
		n = &g->nodes[*to];
		if (n->kind == VG_MEMO) {
			if (bit_has(&set[(size_t)*to * w], idx[n->slot]))
				return;
			*to = n->u;
			continue;
		}
		cnt = vg_nexts(n, nx);
		for (k = 0; k < cnt && !live; k++)
			live = nx[k] < g->n && bit_has(&read[(size_t)nx[k] * w], idx[n->slot]);
		if (live)
			return;
		*to = n->t;
	}
}

int vg_memo_steps(struct vm_graph *g, const uint64_t *order)
{
	uint32_t *idx = malloc(VM_MEMO_SLOTS * sizeof(*idx)), *topo = NULL;
	uint8_t *used = calloc(VM_MEMO_SLOTS, 1), *reached = NULL;
	uint64_t *set = NULL, *read = NULL;
	uint32_t i, m = 0, w;
	int err = -ENOMEM;

	if (!idx || !used)
		goto out;
	/* Bit numbers for the slots the graph uses (idx is set where used is). */
	err = 0;
	for (i = 0; i < g->n; i++) {
		uint16_t slot = g->nodes[i].slot;

		if (!is_memo_step(&g->nodes[i]))
			continue;
		if (slot >= VM_MEMO_SLOTS)
			goto out;	/* validated programs have none */
		if (used[slot])
			continue;
		used[slot] = 1;
		idx[slot] = m++;
	}
	w = (m + 63) / 64;
	if (!m || (uint64_t)g->n * w > VL_MAX_WORDS)
		goto out;
	err = -ENOMEM;
	topo = vg_topo(g, order);
	set = calloc((size_t)g->n * w, sizeof(*set));
	read = calloc((size_t)g->n * w, sizeof(*read));
	reached = calloc(g->n, 1);
	if (!topo || !set || !read || !reached)
		goto out;
	flow(g, topo, idx, w, set, read, reached);
	/* The facts hold for the graph as it is; skipping keeps them true. */
	skip(g, idx, w, set, read, &g->start);
	for (i = 0; i < g->n; i++) {
		struct vg_node *n = &g->nodes[i];

		if (n->kind == VG_STOP)
			continue;
		skip(g, idx, w, set, read, &n->t);
		if (n->kind >= VG_MSET)
			continue;
		skip(g, idx, w, set, read, &n->f);
		skip(g, idx, w, set, read, &n->u);
	}
	err = 0;
out:
	free(idx);
	free(used);
	free(topo);
	free(set);
	free(read);
	free(reached);
	return err;
}
