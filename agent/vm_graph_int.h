/* SPDX-License-Identifier: GPL-2.0 */
/* Inside the flow graph builder: its passes over a built graph. */
#ifndef VIGIL_VM_GRAPH_INT_H
#define VIGIL_VM_GRAPH_INT_H

#include <stdint.h>

#include "vm_graph.h"

/*
 * Send edges past the MEMOs whose value every path to them already knows
 * (vm_graph_memo.c).  Edges are node indices; order[i] is node i's place
 * (every edge goes to a node that comes later: a higher 32-bit key in the
 * low word within a rule, a lower rule key in the high word).  0, or
 * -ENOMEM with the graph unchanged.
 */
int vg_known_memos(struct vm_graph *g, const uint64_t *order);

/* The node indices of g in an order every edge follows (malloc'd), or NULL. */
uint32_t *vg_topo(const struct vm_graph *g, const uint64_t *order);

/*
 * Take the tests that load their field once per run whatever the cache
 * does off it (vm_graph_cache.c): slot 0.  Edges and order as above.  0,
 * or -ENOMEM with the graph unchanged.
 */
int vg_uncache(struct vm_graph *g, const uint64_t *order);

#endif /* VIGIL_VM_GRAPH_INT_H */
