// SPDX-License-Identifier: GPL-2.0
/*
 * Flow graphs (vm_graph.h): built from validated programs by following
 * acc through each program at build time; run by a loop that dispatches
 * on node kinds through a table of labels, as the bytecode interpreter
 * does on opcodes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cond_ast.h"
#include "vm_graph.h"
#include "vm_graph_int.h"
#include "vm_int.h"

#define VG_MAX_NODES	(1u << 24)
_Static_assert((uint64_t)VG_MAX_NODES * sizeof(struct vg_node) <= UINT32_MAX,
	       "byte offsets of nodes fit in 32 bits");

/* A node whose next nodes are still to be found: at pc, with acc. */
struct pending {
	uint32_t node, pc, acc;
};

struct build {
	struct vm_graph *g;
	uint64_t *order;		/* by node: rules_after << 32 | pc */
	uint32_t cap_order;
	const struct vm_prog *p;
	uint32_t rule, next, hit;
	uint32_t rules_after;		/* the rule being added and those after it (STOP: 0) */
	uint32_t *test_at;		/* by pc: the TEST node there */
	uint32_t *memo_at;		/* by pc * 2 + acc: MEMO/MSET node */
	struct pending *work;
	uint32_t nwork, capwork;
	int err;
};

/* Room for index need in *arr of *cap elements of size elem (doubling); 0 or -1. */
static int room(struct build *b, void **arr, uint32_t *cap, uint32_t need, size_t elem)
{
	uint32_t c = *cap ? *cap : 64;
	void *a;

	if (need < *cap)
		return 0;
	while (c <= need)
		c *= 2;
	a = realloc(*arr, (size_t)c * elem);
	if (!a) {
		b->err = -ENOMEM;
		return -1;
	}
	*arr = a;
	*cap = c;
	return 0;
}

static uint32_t node_new(struct build *b, uint8_t kind)
{
	struct vm_graph *g = b->g;

	if (g->n >= VG_MAX_NODES) {
		b->err = -E2BIG;
		return VG_NONE;
	}
	if (room(b, (void **)&g->nodes, &g->cap, g->n, sizeof(*g->nodes)))
		return VG_NONE;
	memset(&g->nodes[g->n], 0, sizeof(g->nodes[0]));
	g->nodes[g->n].kind = kind;
	g->nodes[g->n].t = g->nodes[g->n].f = g->nodes[g->n].u = VG_NONE;
	return g->n++;
}

/* Give node id its place in the order every edge must follow. */
static int order_set(struct build *b, uint32_t id, uint32_t rules_after, uint32_t pc)
{
	if (room(b, (void **)&b->order, &b->cap_order, id, sizeof(*b->order)))
		return -1;
	b->order[id] = (uint64_t)rules_after << 32 | pc;
	return 0;
}

static uint32_t pending(struct build *b, uint8_t kind, uint32_t pc, uint32_t acc)
{
	uint32_t id = node_new(b, kind);

	if (id == VG_NONE || order_set(b, id, b->rules_after, pc) ||
	    room(b, (void **)&b->work, &b->capwork, b->nwork, sizeof(*b->work)))
		return VG_NONE;
	b->work[b->nwork++] = (struct pending){ id, pc, acc };
	return id;
}

/* The kind a test runs as: a fast path for single comparisons of any value. */
static uint8_t test_kind(const struct vm_insn *in)
{
	if (in->op == VM_EXISTS)
		return VG_EXISTS;
	if (in->op == VM_FCMP)
		return VG_FCMP;
	if (in->flags & VMF_ALL)
		return VG_TEST;
	switch (in->op) {
	case VM_SEQ:
		return VG_SEQ;
	case VM_SNE:
		return VG_SNE;
	case VM_STARTSWITH:
		return VG_STARTSWITH;
	case VM_ENDSWITH:
		return VG_ENDSWITH;
	case VM_CONTAINS:
		return VG_CONTAINS;
	case VM_SIN:
		return VG_SIN;
	case VM_PMATCH:
		return VG_PMATCH;
	case VM_NEQ:
		return VG_NEQ;
	case VM_NGE:
		return in->flags & VMF_SIGNED ? VG_NGE : VG_TEST;
	default:
		return VG_TEST;
	}
}

/*
 * The node that runs next when the program is at pc with acc: the jumps,
 * NOTs and CONSTs on the way are decided here, a RET ends the rule.
 */
static uint32_t resolve(struct build *b, uint32_t pc, uint32_t acc)
{
	const struct vm_prog *p = b->p;

	for (;;) {
		const struct vm_insn *in;
		uint32_t *at;

		if (pc >= p->ncode) {
			b->err = -EINVAL;	/* a validated program cannot get here */
			return VG_NONE;
		}
		in = &p->code[pc];
		switch (in->op) {
		case VM_JT:
			pc += acc ? in->b + 1 : 1;
			continue;
		case VM_JF:
			pc += acc ? 1 : in->b + 1;
			continue;
		case VM_NOT:
			acc = !acc;
			pc++;
			continue;
		case VM_CONST:
			acc = in->b != 0;
			pc++;
			continue;
		case VM_RET:
			if (!acc)
				return b->next;
			if (b->hit == VG_NONE) {
				b->hit = node_new(b, VG_HIT);
				/* After every instruction of its rule. */
				if (b->hit != VG_NONE &&
				    !order_set(b, b->hit, b->rules_after, UINT32_MAX)) {
					b->g->nodes[b->hit].in.b = b->rule;
					b->g->nodes[b->hit].t = b->next;
				}
			}
			return b->hit;
		case VM_MEMO:
		case VM_MSET:
			at = &b->memo_at[pc * 2 + acc];
			if (*at == VG_NONE)
				*at = pending(b, in->op == VM_MEMO ? VG_MEMO : VG_MSET, pc, acc);
			return *at;
		default:
			at = &b->test_at[pc];
			if (*at == VG_NONE)
				*at = pending(b, test_kind(in), pc, acc);
			return *at;
		}
	}
}

/* Find the next nodes of w's node. */
static void fill(struct build *b, struct pending w)
{
	const struct vm_insn *in = &b->p->code[w.pc];
	uint32_t t, f, u = VG_NONE;
	struct vg_node *n;
	int neg;

	switch (in->op) {
	case VM_MEMO:
		t = resolve(b, w.pc + 1 + in->b, 1);
		f = resolve(b, w.pc + 1 + in->b, 0);
		u = resolve(b, w.pc + 1, w.acc);
		break;
	case VM_MSET:
		t = resolve(b, w.pc + 1, w.acc);
		f = VG_NONE;
		break;
	default:
		neg = in->op != VM_FCMP && (in->flags & VMF_NEG);
		t = resolve(b, w.pc + 1, !neg);
		f = resolve(b, w.pc + 1, neg);
		u = b->next;
		break;
	}
	if (b->err)
		return;
	n = &b->g->nodes[w.node];
	n->t = t;
	n->f = f;
	n->u = u;
	if (in->op == VM_MEMO || in->op == VM_MSET) {
		n->slot = in->a;
		n->val = (uint8_t)w.acc;
		return;
	}
	n->in = *in;
	if (in->op != VM_FCMP)
		n->in.flags &= (uint8_t)~VMF_NEG;
	n->p = b->p;
	if (b->p->frefs[in->a].cslot < VM_CACHE_SLOTS)
		n->slot = (uint16_t)b->p->frefs[in->a].cslot;
}

/* Add program p of run `rule`, which goes on to node next; its first node. */
static uint32_t add_prog(struct build *b, const struct vm_prog *p, uint32_t rule, uint32_t next)
{
	uint32_t start, i;

	b->p = p;
	b->rule = rule;
	b->next = next;
	b->hit = VG_NONE;
	b->nwork = 0;
	for (i = 0; i < p->ncode; i++) {
		b->test_at[i] = VG_NONE;
		b->memo_at[2 * i] = b->memo_at[2 * i + 1] = VG_NONE;
	}
	start = resolve(b, 0, 0);
	while (!b->err && b->nwork)
		fill(b, b->work[--b->nwork]);
	return start;
}

static int string_kind(uint8_t kind)
{
	return kind == VG_SEQ || kind == VG_STARTSWITH || kind == VG_ENDSWITH ||
	       kind == VG_CONTAINS;
}

/*
 * Chains of string tests on one field that share where they go when one
 * holds (`fd.name startswith /dev/sd or fd.name startswith /dev/nvme or
 * ...`: each one's false edge is the next test) become one STRANY node
 * at the chain's head, which loads the field once and tries each test in
 * turn.  The other tests stay, for any other way into them.
 */
static int merge_chains(struct build *b)
{
	struct vm_graph *g = b->g;
	uint32_t i, k, to, n;

	for (i = 0; i < g->n; i++) {
		struct vg_node *a = &g->nodes[i];
		uint32_t first = g->nalts;

		if (!string_kind(a->kind) || !a->slot)
			continue;
		for (n = 1, to = a->f; n < 255 && to < g->n; n++, to = g->nodes[to].f) {
			const struct vg_node *x = &g->nodes[to];

			if (!string_kind(x->kind) || x->slot != a->slot || x->t != a->t ||
			    x->u != a->u)
				break;
		}
		if (n < 2)
			continue;
		if (room(b, (void **)&g->alts, &g->cap_alts, g->nalts + n, sizeof(*g->alts)))
			return -1;
		for (k = 0, to = i; k < n; k++) {
			const struct vg_node *x = &g->nodes[to];

			g->alts[g->nalts++] = (struct vg_alt){ x->in.op, &x->p->strs[x->in.b] };
			if (k + 1 < n)
				to = x->f;
		}
		a->kind = VG_STRANY;
		a->val = (uint8_t)n;
		a->in.b = first;
		a->f = g->nodes[to].f;
	}
	return 0;
}

/*
 * A last check before any run: every node's next nodes exist and come
 * later in the order (a later instruction of the same rule, or a later
 * rule: its order key is smaller), so no run can loop.
 */
static int edge_ok(const struct vm_graph *g, const uint64_t *order, uint32_t from, uint32_t to)
{
	if (to >= g->n)
		return 0;
	if (order[to] >> 32 != order[from] >> 32)
		return order[to] >> 32 < order[from] >> 32;
	return (uint32_t)order[to] > (uint32_t)order[from];
}

static int graph_ok(const struct vm_graph *g, const uint64_t *order)
{
	uint32_t i;

	if (g->start >= g->n)
		return 0;
	for (i = 0; i < g->n; i++) {
		const struct vg_node *n = &g->nodes[i];

		if (n->kind >= VG_NR_KINDS)
			return 0;
		if (n->kind == VG_STOP)
			continue;
		if (!edge_ok(g, order, i, n->t))
			return 0;
		if (n->kind < VG_MSET &&	/* TESTs, MEMO */
		    (!edge_ok(g, order, i, n->f) || !edge_ok(g, order, i, n->u)))
			return 0;
	}
	return 1;
}

static uint32_t offset_of(uint32_t to)
{
	return to == VG_NONE ? 0 : to * (uint32_t)sizeof(struct vg_step);
}

static int needs_test(uint8_t kind)
{
	return kind == VG_SIN || kind == VG_PMATCH || kind == VG_TEST || kind == VG_FCMP;
}

/*
 * The nodes as a run sees them (vg_step): edges as byte offsets, so a
 * step costs one add to find the next one, and each test's field and
 * operand as pointers, so it loads no index from its program.  The steps
 * sit in memory aligned to a cache line, so no step spans two.  The
 * nodes go.
 */
static int to_steps(struct vm_graph *g)
{
	size_t size = ((size_t)g->n * sizeof(*g->steps) + 63) & ~(size_t)63;
	uint32_t i, ntests = 0;

	for (i = 0; i < g->n; i++)
		ntests += needs_test(g->nodes[i].kind);
	g->steps = aligned_alloc(64, size);
	g->tests = malloc((ntests ? ntests : 1) * sizeof(*g->tests));
	if (!g->steps || !g->tests)
		return -ENOMEM;
	memset(g->steps, 0, size);
	for (i = 0, ntests = 0; i < g->n; i++) {
		const struct vg_node *n = &g->nodes[i];
		struct vg_step *st = &g->steps[i];
		struct vg_test *t;

		st->kind = n->kind;
		st->val = n->val;
		st->slot = n->slot;
		st->t = offset_of(n->t);
		st->f = offset_of(n->f);
		st->u = offset_of(n->u);
		if (n->kind < VG_MEMO)
			st->ref = &n->p->frefs[n->in.a];
		switch (n->kind) {
		case VG_SEQ:
		case VG_SNE:
		case VG_STARTSWITH:
		case VG_ENDSWITH:
		case VG_CONTAINS:
			st->k.str = &n->p->strs[n->in.b];
			break;
		case VG_NEQ:
		case VG_NGE:
			st->k.num = n->p->nums[n->in.b];
			break;
		case VG_STRANY:
			st->k.alt = &g->alts[n->in.b];
			break;
		case VG_HIT:
			st->k.rule = n->in.b;
			break;
		case VG_SIN:
		case VG_PMATCH:
		case VG_TEST:
		case VG_FCMP:
			t = &g->tests[ntests++];
			t->p = n->p;
			t->in = n->in;
			t->set = n->kind == VG_SIN || n->kind == VG_PMATCH ? &n->p->sets[n->in.b] : NULL;
			st->k.test = t;
			break;
		default:
			break;
		}
	}
	free(g->nodes);
	g->nodes = NULL;
	g->cap = 0;
	return 0;
}

int vm_graph_build(struct vm_graph *g, const struct vm_guarded *first, size_t stride,
		   uint32_t count)
{
	struct build b = { .g = g };
	uint32_t k, maxcode = 1, next;

	memset(g, 0, sizeof(*g));
	for (k = 0; k < count; k++) {
		const struct vm_guarded *r = (const void *)((const char *)first + k * stride);

		if (r->prog.ncode > maxcode)
			maxcode = r->prog.ncode;
	}
	b.test_at = malloc(maxcode * sizeof(*b.test_at));
	b.memo_at = malloc(2 * maxcode * sizeof(*b.memo_at));
	if (!b.test_at || !b.memo_at)
		b.err = -ENOMEM;
	next = b.err ? VG_NONE : node_new(&b, VG_STOP);
	if (next != VG_NONE)
		order_set(&b, next, 0, 0);
	/* Last rule first, so each one's successor already exists. */
	for (k = count; !b.err && k-- > 0;) {
		const struct vm_guarded *r = (const void *)((const char *)first + k * stride);

		b.rules_after = count - k;
		next = add_prog(&b, &r->prog, k, next);
	}
	g->start = next;
	if (!b.err)
		vg_known_memos(g, b.order);	/* without memory: every MEMO stays */
	if (!b.err)
		vg_memo_steps(g, b.order);	/* likewise */
	if (!b.err)
		merge_chains(&b);
	if (!b.err)
		vg_uncache(g, b.order);	/* without memory: every test stays cached */
	free(b.test_at);
	free(b.memo_at);
	free(b.work);
	if (!b.err && !graph_ok(g, b.order))
		b.err = -EINVAL;
	free(b.order);
	if (!b.err)
		b.err = to_steps(g);
	if (b.err)
		vm_graph_free(g);
	return b.err;
}

void vm_graph_free(struct vm_graph *g)
{
	free(g->nodes);
	free(g->alts);
	free(g->steps);
	free(g->tests);
	memset(g, 0, sizeof(*g));
}

/*
 * The values of a test step's field: from the event's cache when there.
 * The first load of a plain field (no transformer) goes straight into the
 * cache here; one with transformers takes vm_load_miss().  A field no
 * other test on any run through this one loads (slot 0, vm_graph_cache.c)
 * goes to vals, uncached.  gen is the event's (ctx->gen).
 */
static inline __attribute__((always_inline)) int
node_load(const struct vg_step *n, const struct vm_accessor *acc, const void *ev,
	  struct vm_ctx *ctx, uint32_t gen, struct vm_val *vals, const struct vm_val **out)
{
	const struct vm_fref *ref = n->ref;
	struct vm_cslot *c;
	struct vm_val *cv;
	int cnt;

	if (!n->slot) {
		*out = vals;
		if (ref->nxf)
			return vm_load_raw(ref, acc, ev, vals, ctx->scratch[0]);
		cnt = acc->load(acc->priv, ev, ref, vals, VM_MAX_VALS);
		return cnt < 0 ? 0 : cnt > VM_MAX_VALS ? VM_MAX_VALS : cnt;
	}
	c = &ctx->cslots[n->slot];
	if (c->gen == gen) {
		*out = &ctx->cvals[c->first];
		return c->n;
	}
	*out = vals;
	if (ref->nxf || ctx->ncvals + VM_MAX_VALS > VM_CACHE_VALS)
		return vm_load_miss(ref, acc, ev, ctx, c, vals, ctx->scratch[0], out);
	cv = &ctx->cvals[ctx->ncvals];
	cnt = acc->load(acc->priv, ev, ref, cv, VM_MAX_VALS);
	if (cnt < 0)
		cnt = 0;
	if (cnt > 1 || (cnt == 1 && cv->s && !cv->keep))
		return vm_cache_put(ctx, c, cnt > VM_MAX_VALS ? VM_MAX_VALS : cnt, vals, out);
	ctx->chashed[ctx->ncvals] = 0;
	c->gen = gen;
	c->first = (uint16_t)ctx->ncvals;
	c->n = (uint16_t)cnt;
	ctx->ncvals += (uint32_t)cnt;
	*out = cv;
	return cnt;
}

/* Whether one of the n tests at alt holds for v. */
static inline int any_alt(const struct vg_alt *alt, uint32_t n, const struct vm_val *v)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		const struct vm_str *s = alt[i].s;

		switch (alt[i].op) {
		case VM_SEQ:
			if (vm_mem_eq(v->s, v->len, s->s, s->len))
				return 1;
			break;
		case VM_STARTSWITH:
			if (s->len <= v->len && vm_bytes_eq(v->s, s->s, s->len))
				return 1;
			break;
		case VM_ENDSWITH:
			if (s->len <= v->len && vm_bytes_eq(v->s + v->len - s->len, s->s, s->len))
				return 1;
			break;
		default:	/* VM_CONTAINS */
			if (vm_mem_has(v->s, v->len, s->s, s->len))
				return 1;
			break;
		}
	}
	return 0;
}

/* r = whether expr holds for any value v of the node's field (mostly one). */
#define ANY(expr)							\
	do {								\
		cnt = node_load(n, acc, ev, ctx, gen, vals, &lv);	\
		r = 0;							\
		if (__builtin_expect(cnt > 0, 1)) {			\
			v = lv;						\
			r = (expr);					\
			for (i = 1; i < cnt && !r; i++) {		\
				v = &lv[i];				\
				r = (expr);				\
			}						\
		}							\
	} while (0)

/* The builder checked every edge: each goes forward, to a node that exists. */
#define GO(next)							\
	do {								\
		n = (const struct vg_step *)((const char *)steps + (next)); \
		goto *labels[n->kind];					\
	} while (0)

int vm_graph_run(const struct vm_graph *g, const struct vm_accessor *acc, const void *ev,
		 struct vm_ctx *ctx, void (*hit)(void *arg, uint32_t i), void *arg)
{
	static const void *const labels[VG_NR_KINDS] = {
		[VG_SEQ] = &&k_SEQ, [VG_SNE] = &&k_SNE, [VG_STARTSWITH] = &&k_STARTSWITH,
		[VG_ENDSWITH] = &&k_ENDSWITH, [VG_CONTAINS] = &&k_CONTAINS, [VG_SIN] = &&k_SIN,
		[VG_PMATCH] = &&k_PMATCH,
		[VG_NEQ] = &&k_NEQ, [VG_NGE] = &&k_NGE, [VG_STRANY] = &&k_STRANY,
		[VG_TEST] = &&k_TEST,
		[VG_EXISTS] = &&k_EXISTS, [VG_FCMP] = &&k_FCMP, [VG_MEMO] = &&k_MEMO,
		[VG_MSET] = &&k_MSET, [VG_HIT] = &&k_HIT, [VG_STOP] = &&k_STOP,
	};
	struct vm_val vals[VM_MAX_VALS], rvals[VM_MAX_VALS];
	const struct vm_val *lv, *rv, *v;
	const struct vg_step *steps = g->steps, *n;
	const struct vm_str *s;
	uint32_t gen = ctx->gen;
	int matches = 0, cnt, m, i, r;

	if (!gen || !g->n) {
		ctx->faults++;
		return 0;
	}
	GO(g->start * (uint32_t)sizeof(*n));
k_SEQ:
	s = n->k.str;
	ANY(vm_mem_eq(v->s, v->len, s->s, s->len));
	GO(r ? n->t : n->f);
k_SNE:
	s = n->k.str;
	ANY(!vm_mem_eq(v->s, v->len, s->s, s->len));
	GO(r ? n->t : n->f);
k_STARTSWITH:
	s = n->k.str;
	ANY(s->len <= v->len && vm_bytes_eq(v->s, s->s, s->len));
	GO(r ? n->t : n->f);
k_ENDSWITH:
	s = n->k.str;
	ANY(s->len <= v->len && vm_bytes_eq(v->s + v->len - s->len, s->s, s->len));
	GO(r ? n->t : n->f);
k_NGE:
	ANY((int64_t)v->u >= (int64_t)n->k.num);
	GO(r ? n->t : n->f);
k_SIN:
	ANY(vm_sset_has(n->k.test->p, n->k.test->set, ctx, v));
	GO(r ? n->t : n->f);
k_PMATCH:
	ANY(vm_pmatch(n->k.test->p, n->k.test->set, v->s, v->len));
	GO(r ? n->t : n->f);
k_NEQ:
	ANY(v->u == n->k.num);
	GO(r ? n->t : n->f);
k_CONTAINS:
	s = n->k.str;
	ANY(vm_mem_has(v->s, v->len, s->s, s->len));
	GO(r ? n->t : n->f);
k_STRANY:
	ANY(any_alt(n->k.alt, n->val, v));
	GO(r ? n->t : n->f);
k_TEST:
	cnt = node_load(n, acc, ev, ctx, gen, vals, &lv);
	r = 0;
	for (i = 0; i < cnt; i++) {
		r = vm_cmp_one(n->k.test->p, &n->k.test->in, &lv[i], ctx);
		if (r < 0)
			goto fault;
		if (r != !!(n->k.test->in.flags & VMF_ALL))
			break;
	}
	GO(r ? n->t : n->f);
k_EXISTS:
	cnt = node_load(n, acc, ev, ctx, gen, vals, &lv);
	GO(cnt > 0 ? n->t : n->f);
k_FCMP:
	cnt = node_load(n, acc, ev, ctx, gen, vals, &lv);
	m = cnt ? vm_load_slow(n->k.test->p, acc, ev, (uint16_t)n->k.test->in.b, ctx, rvals,
			       ctx->scratch[1], &rv)
		: 0;
	r = 0;
	if (cnt > 0 && m > 0) {
		r = vm_fcmp(n->k.test->p, &n->k.test->in, &lv[0], &rv[0]);
		if (r < 0)
			goto fault;
	}
	GO(r ? n->t : n->f);
k_MEMO:
	if (ctx->memo[n->slot].gen == gen)
		GO(ctx->memo[n->slot].val ? n->t : n->f);
	GO(n->u);
k_MSET:
	ctx->memo[n->slot].gen = gen;
	ctx->memo[n->slot].val = n->val;
	GO(n->t);
k_HIT:
	matches++;
	if (hit)
		hit(arg, n->k.rule);
	GO(n->t);
fault:
	ctx->faults++;
	GO(n->u);
k_STOP:
	return matches;
}
