/* SPDX-License-Identifier: GPL-2.0 */
/* Inside the flow graph builder: its passes over a built graph. */
#ifndef VIGIL_VM_GRAPH_INT_H
#define VIGIL_VM_GRAPH_INT_H

#include <stdint.h>

#include "vm_graph.h"

#define VG_NONE		UINT32_MAX

/*
 * The nodes a run may go to from n: up to three, VG_NONE (past g->n) for
 * none.  Only TEST and FCMP nodes can fail (to u): the other tests have a
 * u edge that no run takes.  A MEMO goes to u when the event does not
 * have its value yet.
 */
static inline uint32_t vg_nexts(const struct vg_node *n, uint32_t to[3])
{
	if (n->kind == VG_STOP)
		return 0;
	to[0] = n->t;
	if (n->kind >= VG_MSET)
		return 1;
	to[1] = n->f;
	if (n->kind != VG_TEST && n->kind != VG_FCMP && n->kind != VG_MEMO)
		return 2;
	to[2] = n->u;
	return 3;
}

/*
 * Send edges past the MEMOs whose value every path to them already knows
 * (vm_graph_memo.c).  Edges are node indices; order[i] is node i's place
 * (every edge goes to a node that comes later: a higher 32-bit key in the
 * low word within a rule, a lower rule key in the high word).  0, or
 * -ENOMEM with the graph unchanged.
 */
int vg_known_memos(struct vm_graph *g, const uint64_t *order);

/*
 * Send edges past the MEMOs that always find their slot empty and the
 * MSETs whose value nothing reads (vm_graph_live.c).  Edges and order as
 * above.  0, or -ENOMEM with the graph unchanged.
 */
int vg_memo_steps(struct vm_graph *g, const uint64_t *order);

/* The node indices of g in an order every edge follows (malloc'd), or NULL. */
uint32_t *vg_topo(const struct vm_graph *g, const uint64_t *order);

/*
 * Take the tests that load their field once per run whatever the cache
 * does off it (vm_graph_cache.c): slot 0.  Edges and order as above.  0,
 * or -ENOMEM with the graph unchanged.
 */
int vg_uncache(struct vm_graph *g, const uint64_t *order);

#endif /* VIGIL_VM_GRAPH_INT_H */
