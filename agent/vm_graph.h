/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flow graphs: the programs of every rule one event type runs, chained
 * into one graph that runs them all in one pass.
 *
 * A validated program keeps its one boolean in acc and branches on it
 * with JT/JF, NOT and CONST.  Since the code only jumps forward and every
 * test overwrites acc, acc's value is known, at every point of the
 * program, for each way of getting there: the graph tracks it at build
 * time, so the jumps, NOTs, CONSTs and RETs disappear into the edges.
 * What is left are nodes that do work at run time:
 *
 *   TEST  a comparison: on to t when it holds, f when not, u on a fault
 *   MEMO  a shared subexpression's slot: t / f when the event already has
 *         its value, u when not (its code follows)
 *   MSET  record a value known at build time in a slot, on to t
 *   HIT   rule `rule` matched: report it, on to t (the next rule)
 *   STOP  every rule has run
 *
 * A rule that does not match (or faults) goes straight to the first node
 * of the next one, so a rule whose leading shared macro the event already
 * has false costs one MEMO step.  Every edge leads to a later rule, or to
 * a later instruction of the same rule: the graph has no cycle (the
 * builder checks that every edge goes forward in that order), so a run
 * takes at most as many steps as the graph has nodes.
 */
#ifndef VIGIL_VM_GRAPH_H
#define VIGIL_VM_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "vm.h"

enum vg_kind {
	VG_SEQ,		/* TESTs with a fast path, any value: string == */
	VG_SNE,		/* string != */
	VG_STARTSWITH,
	VG_ENDSWITH,
	VG_CONTAINS,
	VG_SIN,		/* in a string set */
	VG_PMATCH,	/* equal to or below a path of a set */
	VG_NEQ,		/* number == */
	VG_NGE,		/* signed number >= */
	VG_STRANY,	/* any of a chain of ==, startswith, endswith, contains on one field */
	VG_TEST,	/* any other comparison */
	VG_EXISTS,
	VG_FCMP,
	VG_MEMO,
	VG_MSET,
	VG_HIT,
	VG_STOP,
	VG_NR_KINDS,
};

/* A node as the builder and its passes see it. */
struct vg_node {
	uint8_t kind;
	uint8_t val;			/* MSET: the value recorded; STRANY: its tests */
	uint16_t slot;			/* MEMO, MSET: memo slot; TESTs: cache slot (0: none,
					   or no run loads the field twice: uncached) */
	uint32_t t, f, u;		/* next nodes (see above): their indices */
	struct vm_insn in;		/* TESTs: the instruction (NEG already in t/f);
					   HIT: b is the index of the run that matched;
					   STRANY: b is its first test in alts */
	const struct vm_prog *p;	/* TESTs: its program (constants, field refs) */
};

/* What a SIN, PMATCH, TEST or FCMP step needs of its program. */
struct vg_test {
	const struct vm_prog *p;
	const struct vm_set *set;	/* SIN, PMATCH: &p->sets[in.b] */
	struct vm_insn in;
};

/*
 * A node as a run sees it, with its operand at hand (no lookup through
 * the program).  32 bytes: two to a cache line.
 */
struct vg_step {
	uint8_t kind;
	uint8_t val;			/* as in vg_node */
	uint16_t slot;			/* as in vg_node */
	uint32_t t, f, u;		/* next steps: their byte offsets in steps */
	const struct vm_fref *ref;	/* TESTs: the field they load */
	union {
		const struct vm_str *str;	/* SEQ, SNE, STARTSWITH, ENDSWITH, CONTAINS */
		uint64_t num;			/* NEQ, NGE */
		const struct vg_test *test;	/* SIN, PMATCH, TEST, FCMP */
		const struct vg_alt *alt;	/* STRANY: the first of val tests */
		uint32_t rule;			/* HIT: the index of the run that matched */
	} k;
};
_Static_assert(sizeof(struct vg_step) == 32, "two steps to a cache line");

/* One test of a STRANY node (whose val counts them, from alts[in.b]). */
struct vg_alt {
	uint8_t op;			/* VM_SEQ, VM_STARTSWITH, VM_ENDSWITH, VM_CONTAINS */
	const struct vm_str *s;
};

struct vm_graph {
	struct vg_node *nodes;		/* while it is built */
	uint32_t n, cap;
	uint32_t start;			/* index of the first node */
	struct vg_alt *alts;
	uint32_t nalts, cap_alts;
	struct vg_step *steps;		/* the n nodes as runs see them, once built */
	struct vg_test *tests;
};

/*
 * Chain count programs, the i-th at first + i * stride bytes (each
 * validated, and outliving the graph), into g.  0, or -ENOMEM / -E2BIG
 * (g is then empty).
 */
int vm_graph_build(struct vm_graph *g, const struct vm_guarded *first, size_t stride,
		   uint32_t count);
void vm_graph_free(struct vm_graph *g);

/*
 * Run every program of g on ev, as vm_run_each() runs them: hit(arg, i)
 * for each that matches, a fault counted for each that fails.  The
 * context must be on an event (vm_ctx_event()).  Returns the number of
 * matches.
 */
int vm_graph_run(const struct vm_graph *g, const struct vm_accessor *acc, const void *ev,
		 struct vm_ctx *ctx, void (*hit)(void *arg, uint32_t i), void *arg);

#endif /* VIGIL_VM_GRAPH_H */
