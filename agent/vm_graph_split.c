// SPDX-License-Identifier: GPL-2.0
/*
 * Splitting a flow graph by what each path knows of its memo slots.
 *
 * Along one path through a graph every memo slot is in one of three
 * states: not yet set on this event (its MEMO goes to u, the macro's own
 * code), or set to 0 or to 1 (its MEMO goes to f or t).  A node reached
 * by paths that differ in those states needs its MEMOs checked at run
 * time; a copy of it for each state needs none.  This pass makes such
 * copies (variants), in topological order, one per distinct state of the
 * slots a node's successors still read (its live slots), so most paths
 * take no MEMO step at all.  Past VS_VARIANTS states at one node, the
 * rest share one variant whose slots they disagree on stay "maybe": only
 * those MEMOs are checked at run time.  An MSET then only stays where some
 * remaining MEMO reads its slot.
 *
 * The copies keep their original's place in the order every edge must
 * follow, and every edge of a copy leads to a copy of a node its original
 * led to (or further along past MEMOs), so the result is as acyclic as
 * the input.  Past a size budget the graph is left as it was.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vm_graph.h"
#include "vm_graph_int.h"

#define VS_WORDS	2		/* local memo slots per graph: 64 * VS_WORDS */
#define VS_VARIANTS	8		/* copies of one node before the rest share one */
#define VS_GROWTH	6		/* at most this many times the nodes reached */
#define VS_NONE		UINT32_MAX

/* k: slots known on every path here, v: their values, m: maybe set (MEMO runs). */
struct vs_state {
	uint64_t k[VS_WORDS], v[VS_WORDS], m[VS_WORDS];
};

/* A state some edge brings to an original node, and the copy it goes to. */
struct vs_arrival {
	struct vs_state s;
	uint64_t hash;			/* of s: most comparisons end there */
	uint32_t next;			/* the node's next arrival, VS_NONE: last */
	uint32_t variant;		/* new node index */
};

struct split {
	const struct vm_graph *g;
	const uint64_t *order;
	uint16_t *local;		/* memo slot -> local slot + 1 (0: none) */
	uint32_t nlocal;
	uint64_t (*live)[VS_WORDS];	/* by original node */
	uint32_t *first, *last;		/* by original node: its first and last arrival */
	struct vs_arrival *arr;
	uint32_t narr, caparr;
	struct vg_node *nodes;		/* the copies */
	uint32_t (*edge)[3];		/* by copy: arrival index of t, f, u */
	uint32_t *orig;			/* by copy: its original */
	uint32_t n, cap, budget;
	int err;
};

static int grow(struct split *s, void **a, uint32_t *cap, uint32_t need, size_t elem)
{
	uint32_t c = *cap ? *cap : 256;
	void *p;

	if (need < *cap)
		return 0;
	while (c <= need)
		c *= 2;
	p = realloc(*a, (size_t)c * elem);
	if (!p) {
		s->err = -ENOMEM;
		return -1;
	}
	*a = p;
	*cap = c;
	return 0;
}

static int bit(const uint64_t *w, uint32_t i)
{
	return (int)(w[i / 64] >> (i % 64) & 1);
}

static void set_bit(uint64_t *w, uint32_t i, int on)
{
	if (on)
		w[i / 64] |= 1ull << (i % 64);
	else
		w[i / 64] &= ~(1ull << (i % 64));
}

static uint64_t state_hash(const struct vs_state *a)
{
	uint64_t h = 0;
	uint32_t i;

	for (i = 0; i < VS_WORDS; i++)
		h = (h ^ a->k[i] ^ a->v[i] * 3 ^ a->m[i] * 7) * 0x9e3779b97f4a7c15ull;
	return h;
}

/* Local slot of memo slot `slot` (every MEMO and MSET of g has one). */
static uint32_t lslot(const struct split *s, uint16_t slot)
{
	return s->local[slot] - 1u;
}

/*
 * An edge to original node `to`, leaving with state st: past the MEMOs
 * whose slot st knows or knows unset; a new arrival (or the same one
 * again) at where it lands.  Its index, or VS_NONE for no edge.
 */
static uint32_t arrive(struct split *s, uint32_t to, struct vs_state st)
{
	const struct vm_graph *g = s->g;
	uint32_t i, a;
	uint64_t h;

	while (to < g->n && g->nodes[to].kind == VG_MEMO) {
		uint32_t l = lslot(s, g->nodes[to].slot);

		if (bit(st.k, l))
			to = bit(st.v, l) ? g->nodes[to].t : g->nodes[to].f;
		else if (!bit(st.m, l))
			to = g->nodes[to].u;	/* not set on this path: its code runs */
		else
			break;
	}
	if (to >= g->n)
		return VS_NONE;
	for (i = 0; i < VS_WORDS; i++) {
		st.k[i] &= s->live[to][i];
		st.v[i] &= s->live[to][i];
		st.m[i] &= s->live[to][i];
	}
	h = state_hash(&st);
	for (a = s->first[to]; a != VS_NONE; a = s->arr[a].next)
		if (s->arr[a].hash == h && !memcmp(&s->arr[a].s, &st, sizeof(st)))
			return a;
	if (grow(s, (void **)&s->arr, &s->caparr, s->narr, sizeof(*s->arr)))
		return VS_NONE;
	a = s->narr++;
	s->arr[a].s = st;
	s->arr[a].hash = h;
	s->arr[a].variant = VS_NONE;
	/* Appended, so variants go to the earliest states. */
	s->arr[a].next = VS_NONE;
	if (s->first[to] == VS_NONE)
		s->first[to] = a;
	else
		s->arr[s->last[to]].next = a;
	s->last[to] = a;
	return a;
}

/* A copy of original node x for state st, its edges as arrivals. */
static uint32_t variant(struct split *s, uint32_t x, const struct vs_state *st)
{
	const struct vg_node *o = &s->g->nodes[x];
	struct vs_state t = *st, f = *st, u = *st;
	uint32_t id = s->n, l;

	if (id >= s->budget) {
		s->err = -E2BIG;
		return VS_NONE;
	}
	if (id >= s->cap) {
		uint32_t cap = s->cap;
		void *e, *op;

		if (grow(s, (void **)&s->nodes, &cap, id, sizeof(*s->nodes)))
			return VS_NONE;
		e = realloc(s->edge, (size_t)cap * sizeof(*s->edge));
		if (e)
			s->edge = e;
		op = e ? realloc(s->orig, (size_t)cap * sizeof(*s->orig)) : NULL;
		if (op)
			s->orig = op;
		if (!e || !op) {
			s->err = -ENOMEM;
			return VS_NONE;
		}
		s->cap = cap;
	}
	s->n++;
	s->nodes[id] = *o;
	s->orig[id] = x;
	s->edge[id][0] = s->edge[id][1] = s->edge[id][2] = VS_NONE;
	switch (o->kind) {
	case VG_STOP:
		return id;
	case VG_MEMO:	/* the state has this slot as maybe */
		l = lslot(s, o->slot);
		set_bit(t.m, l, 0);
		set_bit(t.k, l, 1);
		set_bit(t.v, l, 1);
		set_bit(f.m, l, 0);
		set_bit(f.k, l, 1);
		set_bit(f.v, l, 0);
		set_bit(u.m, l, 0);	/* it goes to u only when not set */
		break;
	case VG_MSET:
		l = lslot(s, o->slot);
		set_bit(t.m, l, 0);
		set_bit(t.k, l, 1);
		set_bit(t.v, l, o->val);
		break;
	default:
		break;
	}
	s->edge[id][0] = arrive(s, o->t, t);
	if (o->kind != VG_MSET && o->kind != VG_HIT) {
		s->edge[id][1] = arrive(s, o->f, f);
		s->edge[id][2] = arrive(s, o->u, u);
	}
	return id;
}

/* The state that stands for every arrival from a on: maybe where they differ. */
static struct vs_state meet(const struct split *s, uint32_t a)
{
	struct vs_state r = s->arr[a].s;
	uint32_t i;

	for (a = s->arr[a].next; a != VS_NONE; a = s->arr[a].next) {
		const struct vs_state *x = &s->arr[a].s;

		for (i = 0; i < VS_WORDS; i++) {
			/* Known with the same value on both, or unset on both, stays. */
			uint64_t agree = (r.k[i] & x->k[i] & ~(r.v[i] ^ x->v[i])) |
					 (~r.k[i] & ~x->k[i] & ~r.m[i] & ~x->m[i]);

			r.m[i] = (r.m[i] | x->m[i] | r.k[i] | x->k[i]) & ~agree;
			r.k[i] &= agree;
			r.v[i] &= r.k[i];
		}
	}
	return r;
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

/* Local slots for the graph's memo slots; 0, or -1 when there are too many. */
static int number_slots(struct split *s)
{
	uint32_t i;

	for (i = 0; i < s->g->n; i++) {
		const struct vg_node *n = &s->g->nodes[i];

		if (n->kind != VG_MEMO && n->kind != VG_MSET)
			continue;
		if (n->slot >= VM_MEMO_SLOTS)
			return -1;
		if (!s->local[n->slot]) {
			if (s->nlocal == 64 * VS_WORDS)
				return -1;
			s->local[n->slot] = (uint16_t)++s->nlocal;
		}
	}
	return 0;
}

/* Live slots of each node: those a MEMO at it or after it reads. */
static void liveness(struct split *s, const uint32_t *topo)
{
	const struct vm_graph *g = s->g;
	uint32_t k = g->n, i, e;

	while (k-- > 0) {
		const struct vg_node *n = &g->nodes[topo[k]];
		uint64_t *lv = s->live[topo[k]];
		const uint32_t next[3] = { n->t, n->f, n->u };

		memset(lv, 0, sizeof(s->live[0]));
		if (n->kind == VG_STOP)
			continue;
		if (n->kind == VG_MEMO)
			set_bit(lv, lslot(s, n->slot), 1);
		for (e = 0; e < 3; e++) {
			if (next[e] >= g->n || (e && (n->kind == VG_MSET || n->kind == VG_HIT)))
				continue;
			for (i = 0; i < VS_WORDS; i++)
				lv[i] |= s->live[next[e]][i];
		}
	}
}

/* Make the variants of every reached node, in topological order. */
static void split_all(struct split *s, const uint32_t *topo, uint32_t *start)
{
	const struct vm_graph *g = s->g;
	struct vs_state none;
	uint32_t k, a, cnt, st;

	memset(&none, 0, sizeof(none));
	st = arrive(s, g->start, none);
	for (k = 0; k < g->n && !s->err; k++) {
		uint32_t x = topo[k], shared = VS_NONE, total = 0;

		for (a = s->first[x]; a != VS_NONE; a = s->arr[a].next)
			total++;
		for (a = s->first[x], cnt = 0; a != VS_NONE && !s->err; a = s->arr[a].next, cnt++) {
			if (total <= VS_VARIANTS || cnt + 1 < VS_VARIANTS) {
				struct vs_state own = s->arr[a].s;	/* arr moves as edges arrive */
				uint32_t v = variant(s, x, &own);

				s->arr[a].variant = v;
				continue;
			}
			/* The rest share one variant. */
			if (shared == VS_NONE) {
				struct vs_state m = meet(s, a);

				shared = variant(s, x, &m);
			}
			s->arr[a].variant = shared;
		}
	}
	*start = st == VS_NONE ? VS_NONE : s->arr[st].variant;
}

/* Resolve arrivals into node indices; MSETs whose slot no MEMO reads go. */
static void finish(struct split *s, uint32_t *start)
{
	uint64_t read[VS_WORDS] = { 0 };
	uint32_t i, e;

	for (i = 0; i < s->n; i++) {
		for (e = 0; e < 3; e++) {
			uint32_t a = s->edge[i][e];

			if (e == 0)
				s->nodes[i].t = a == VS_NONE ? VS_NONE : s->arr[a].variant;
			else if (e == 1)
				s->nodes[i].f = a == VS_NONE ? VS_NONE : s->arr[a].variant;
			else
				s->nodes[i].u = a == VS_NONE ? VS_NONE : s->arr[a].variant;
		}
		if (s->nodes[i].kind == VG_MEMO)
			set_bit(read, lslot(s, s->nodes[i].slot), 1);
	}
	/* Copies are made in topological order: later ones are resolved first. */
	i = s->n;
	while (i-- > 0) {
		struct vg_node *n = &s->nodes[i];
		uint32_t *to[3] = { &n->t, &n->f, &n->u };

		for (e = 0; e < 3; e++) {
			while (*to[e] < s->n && s->nodes[*to[e]].kind == VG_MSET &&
			       !bit(read, lslot(s, s->nodes[*to[e]].slot)))
				*to[e] = s->nodes[*to[e]].t;
		}
	}
	while (*start < s->n && s->nodes[*start].kind == VG_MSET &&
	       !bit(read, lslot(s, s->nodes[*start].slot)))
		*start = s->nodes[*start].t;
}

/* Keep the copies reached from start; renumber; new order keys. */
static int compact(struct split *s, uint32_t start, struct vm_graph *g, uint64_t **order)
{
	uint32_t *map = malloc((size_t)s->n * sizeof(*map)), i, e, m = 0;
	uint64_t *ord;
	struct vg_node *nodes;

	if (!map)
		return -ENOMEM;
	for (i = 0; i < s->n; i++)
		map[i] = VS_NONE;
	map[start] = 0;
	/* Edges go to later copies: one pass in creation order marks the reached. */
	for (i = 0; i < s->n; i++) {
		const struct vg_node *n = &s->nodes[i];
		const uint32_t next[3] = { n->t, n->f, n->u };

		if (map[i] == VS_NONE)
			continue;
		for (e = 0; e < 3; e++)
			if (next[e] < s->n)
				map[next[e]] = 0;
	}
	for (i = 0; i < s->n; i++)
		if (map[i] != VS_NONE)
			map[i] = m++;
	nodes = malloc((size_t)m * sizeof(*nodes));
	ord = malloc((size_t)m * sizeof(*ord));
	if (!nodes || !ord) {
		free(map);
		free(nodes);
		free(ord);
		return -ENOMEM;
	}
	for (i = 0; i < s->n; i++) {
		struct vg_node *n;

		if (map[i] == VS_NONE)
			continue;
		n = &nodes[map[i]];
		*n = s->nodes[i];
		n->t = n->t < s->n ? map[n->t] : VS_NONE;
		n->f = n->f < s->n ? map[n->f] : VS_NONE;
		n->u = n->u < s->n ? map[n->u] : VS_NONE;
		ord[map[i]] = s->order[s->orig[i]];
	}
	free(map);
	free(g->nodes);
	free(*order);
	g->nodes = nodes;
	g->n = g->cap = m;
	g->start = 0;
	*order = ord;
	return 0;
}

int vg_split_memos(struct vm_graph *g, uint64_t **order)
{
	struct split s = { .g = g, .order = *order };
	uint32_t *topo = malloc((size_t)g->n * sizeof(*topo)), i, start = VS_NONE;
	int err = 0;

	s.local = calloc(VM_MEMO_SLOTS, sizeof(*s.local));
	s.live = malloc((size_t)g->n * sizeof(*s.live));
	s.first = malloc((size_t)g->n * sizeof(*s.first));
	s.last = malloc((size_t)g->n * sizeof(*s.last));
	if (!topo || !s.local || !s.live || !s.first || !s.last) {
		err = -ENOMEM;
		goto out;
	}
	if (number_slots(&s) || !s.nlocal)
		goto out;	/* nothing to split, or too many slots: as it was */
	for (i = 0; i < g->n; i++) {
		topo[i] = i;
		s.first[i] = VS_NONE;
	}
	sort_keys = *order;
	qsort(topo, g->n, sizeof(*topo), cmp_topo);
	liveness(&s, topo);
	s.budget = VS_GROWTH * g->n + 64;
	split_all(&s, topo, &start);
	if (s.err == -E2BIG || start == VS_NONE)
		goto out;	/* too big: as it was */
	if (s.err) {
		err = s.err;
		goto out;
	}
	finish(&s, &start);
	err = compact(&s, start, g, order);
out:
	free(topo);
	free(s.local);
	free(s.live);
	free(s.first);
	free(s.last);
	free(s.arr);
	free(s.nodes);
	free(s.edge);
	free(s.orig);
	return err;
}
