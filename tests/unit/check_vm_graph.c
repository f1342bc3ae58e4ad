// SPDX-License-Identifier: GPL-2.0
/*
 * Flow graphs (vm_graph.h) built from hand-made programs that share a
 * macro through memo slot 0: which memo steps a run can still reach, and
 * the same matches as each program run alone, on every event.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"
#include "vm_graph.h"

/* An event is two numbers: field ref i (its idx) loads v[i]. */
struct two {
	uint64_t v[2];
};

static int two_load(void *priv, const void *ev, const struct vm_fref *ref, struct vm_val *out,
		    unsigned int max)
{
	const struct two *t = ev;

	(void)priv;
	if (!max || ref->idx < 0 || ref->idx > 1)
		return 0;
	memset(out, 0, sizeof(*out));
	out->u = t->v[ref->idx];
	return 1;
}

#define MAX_CODE	8

struct graph_case {
	const char *what;
	struct vm_insn code[3][MAX_CODE];	/* the rules' programs */
	uint32_t ncode[3];
	uint32_t nrules;
	uint32_t memos, msets;			/* reachable from the start */
};

/* v[0] == 1 and v[1] == 1 (number 0 is 1) */
#define V0_IS_1		{ VM_NEQ, 0, 0, 0 }
#define V1_IS_1		{ VM_NEQ, 0, 1, 0 }

static const struct graph_case graph_cases[] = {
	/*
	 * Both rules are the macro alone.  The first MEMO finds its slot
	 * empty on every run; its MSETs record values that the second
	 * rule's MEMO (known on every path: a NEQ cannot fail) never reads.
	 */
	{ "macro; macro",
	  { { { VM_MEMO, 0, 0, 2 }, V1_IS_1, { VM_MSET, 0, 0, 0 }, { VM_RET, 0, 0, 0 } },
	    { { VM_MEMO, 0, 0, 2 }, V1_IS_1, { VM_MSET, 0, 0, 0 }, { VM_RET, 0, 0, 0 } } },
	  { 4, 4 }, 2, 0, 0 },
	/*
	 * v0 = 1 or macro; macro: the first rule's match (one HIT node) is
	 * reached with the slot set to 1 and with it empty, so the second
	 * MEMO stays, and so does the MSET of 1 before it.  The MSET of 0
	 * goes past the MEMO, to the end (the value known): nothing reads
	 * it, nor the second rule's MSETs.
	 */
	{ "v0 or macro; macro",
	  { { V0_IS_1, { VM_JT, 0, 0, 3 }, { VM_MEMO, 0, 0, 2 }, V1_IS_1, { VM_MSET, 0, 0, 0 },
	      { VM_RET, 0, 0, 0 } },
	    { { VM_MEMO, 0, 0, 2 }, V1_IS_1, { VM_MSET, 0, 0, 0 }, { VM_RET, 0, 0, 0 } } },
	  { 6, 4 }, 2, 1, 1 },
	/*
	 * C and W; W and C, with macros C (v1 = 1, slot 0) and W (v0 = 1,
	 * slot 1).  Only the way where C is false reaches the second rule's
	 * W, which it never computed, and every way on from there knows C.
	 * (A NEQ inside C or W cannot fail: its edge for a fault, to the
	 * second rule, brings no run there without C known.)
	 */
	{ "C and W; W and C",
	  { { { VM_MEMO, 0, 0, 2 }, V1_IS_1, { VM_MSET, 0, 0, 0 }, { VM_JF, 0, 0, 3 },
	      { VM_MEMO, 0, 1, 2 }, V0_IS_1, { VM_MSET, 0, 1, 0 }, { VM_RET, 0, 0, 0 } },
	    { { VM_MEMO, 0, 1, 2 }, V0_IS_1, { VM_MSET, 0, 1, 0 }, { VM_JF, 0, 0, 3 },
	      { VM_MEMO, 0, 0, 2 }, V1_IS_1, { VM_MSET, 0, 0, 0 }, { VM_RET, 0, 0, 0 } } },
	  { 8, 8 }, 2, 0, 0 },
};

/* Count the MEMO and MSET nodes a run can reach. */
static void reachable(const struct vm_graph *g, uint32_t *memos, uint32_t *msets)
{
	uint32_t *stack = malloc(3 * g->n * sizeof(*stack)), top = 0;
	uint8_t *seen = calloc(g->n, 1);

	ck_assert_ptr_nonnull(stack);
	ck_assert_ptr_nonnull(seen);
	*memos = *msets = 0;
	stack[top++] = g->start;
	while (top) {
		uint32_t i = stack[--top], k, cnt;
		const struct vg_step *n = &g->steps[i];
		uint32_t to[3] = { n->t, n->f, n->u };	/* byte offsets */

		if (seen[i])
			continue;
		seen[i] = 1;
		*memos += n->kind == VG_MEMO;
		*msets += n->kind == VG_MSET;
		cnt = n->kind == VG_STOP ? 0 : n->kind >= VG_MSET ? 1 :
		      n->kind == VG_MEMO || n->kind == VG_TEST || n->kind == VG_FCMP ? 3 : 2;
		for (k = 0; k < cnt; k++)
			if (!seen[to[k] / sizeof(*n)])
				stack[top++] = to[k] / sizeof(*n);
	}
	free(stack);
	free(seen);
}

static void count_hit(void *arg, uint32_t i)
{
	((uint8_t *)arg)[i]++;
}

START_TEST(test_graph_memo_steps)
{
	const struct graph_case *c = &graph_cases[_i];
	static const struct two evs[] = { { { 0, 0 } }, { { 0, 1 } }, { { 1, 0 } }, { { 1, 1 } } };
	struct vm_fref frefs[2] = { { .idx = 0, .cslot = 1 }, { .idx = 1, .cslot = 2 } };
	struct vm_accessor acc = { two_load, NULL };
	struct vm_guarded progs[3];
	struct vm_ctx *ctx = malloc(sizeof(*ctx));
	uint64_t one = 1;
	struct vm_graph g;
	uint32_t r, e, memos, msets;
	uint8_t hits[3];
	char why[128];

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(vm_ctx_init(ctx), 0);
	memset(progs, 0, sizeof(progs));
	for (r = 0; r < c->nrules; r++) {
		struct vm_prog *p = &progs[r].prog;

		p->code = (struct vm_insn *)c->code[r];
		p->ncode = c->ncode[r];
		p->frefs = frefs;
		p->nfrefs = 2;
		p->nums = &one;
		p->nnums = 1;
		ck_assert_msg(vm_validate(p, why, sizeof(why)) == 0, "%s rule %u: %s", c->what, r,
			      why);
	}
	ck_assert_int_eq(vm_graph_build(&g, progs, sizeof(progs[0]), c->nrules), 0);
	reachable(&g, &memos, &msets);
	ck_assert_msg(memos == c->memos && msets == c->msets, "%s: %u MEMOs, %u MSETs", c->what,
		      memos, msets);
	for (e = 0; e < sizeof(evs) / sizeof(evs[0]); e++) {
		int want = 0;

		for (r = 0; r < c->nrules; r++) {
			vm_ctx_event(ctx);
			want += vm_run(&progs[r].prog, &acc, &evs[e], ctx) == 1;
			vm_ctx_event_end(ctx);
		}
		memset(hits, 0, sizeof(hits));
		vm_ctx_event(ctx);
		ck_assert_int_eq(vm_graph_run(&g, &acc, &evs[e], ctx, count_hit, hits), want);
		vm_ctx_event_end(ctx);
		for (r = 0; r < c->nrules; r++) {
			vm_ctx_event(ctx);
			ck_assert_int_eq(hits[r], vm_run(&progs[r].prog, &acc, &evs[e], ctx) == 1);
			vm_ctx_event_end(ctx);
		}
	}
	ck_assert_uint_eq(ctx->faults, 0);
	vm_graph_free(&g);
	vm_ctx_destroy(ctx);
	free(ctx);
}
END_TEST

Suite *vm_graph_suite(void)
{
	Suite *s = suite_create("vm_graph");
	TCase *tc = tcase_create("vm_graph");

	tcase_add_loop_test(tc, test_graph_memo_steps, 0,
			    sizeof(graph_cases) / sizeof(graph_cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
