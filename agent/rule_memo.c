// SPDX-License-Identifier: GPL-2.0
/*
 * Which macros get a memo slot.  A macro's expanded tree is shared by
 * every place that uses it (cond_ast.h), so its address names it; the
 * count is of distinct trees (rules) using it, each tree walked once per
 * macro it reaches, so the walk is linear in the distinct nodes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rule_memo.h"
#include "vm.h"

struct rule_memo_ent {
	const struct cond_node *tree;
	uint32_t uses;
	uint32_t seen_by;		/* 1 + index of the last tree counted */
	int slot;
};

static const struct cond_node *macro_tree(const struct cond_node *n)
{
	while (n->kind == COND_MACRO && n->ref)
		n = n->ref;
	return n;
}

static struct rule_memo_ent *ent_get(struct rule_memo *m, const struct cond_node *tree, int add)
{
	uint32_t h = (uint32_t)(((uintptr_t)tree >> 4) * 0x9e3779b1u), k;

	for (k = 0; k <= m->mask; k++) {
		struct rule_memo_ent *e = &m->tab[(h + k) & m->mask];

		if (e->tree == tree)
			return e;
		if (!e->tree) {
			if (!add)
				return NULL;
			e->tree = tree;
			e->slot = -1;
			return e;
		}
	}
	return NULL;
}

static int grow(struct rule_memo *m, uint32_t used)
{
	struct rule_memo_ent *old = m->tab;
	uint32_t omask = m->mask, i;

	if (old && (used + 1) * 2 <= omask + 1)
		return 0;
	m->mask = old ? omask * 2 + 1 : 255;
	m->tab = calloc((size_t)m->mask + 1, sizeof(*m->tab));
	if (!m->tab) {
		m->tab = old;
		m->mask = omask;
		return -ENOMEM;
	}
	for (i = 0; old && i <= omask; i++)
		if (old[i].tree)
			*ent_get(m, old[i].tree, 1) = old[i];
	free(old);
	return 0;
}

/* Count the macros tree t (the idx-th) reaches, each once. */
static int count(struct rule_memo *m, const struct cond_node *n, uint32_t idx, uint32_t *used,
		 int depth)
{
	struct rule_memo_ent *e;
	uint32_t i;

	if (depth > 4 * COND_MAX_DEPTH)
		return 0;	/* deeper parts stay without slots */
	if (n->kind == COND_MACRO && n->ref) {
		if (grow(m, *used))
			return -ENOMEM;
		e = ent_get(m, macro_tree(n), 1);
		if (!e)
			return -ENOMEM;
		if (e->seen_by == idx + 1)
			return 0;
		if (!e->uses)
			(*used)++;
		e->seen_by = idx + 1;
		/* Slots in order of second use: the same for the same rules. */
		if (++e->uses == 2 && m->nslots < VM_MEMO_SLOTS)
			e->slot = (int)m->nslots++;
		return count(m, macro_tree(n), idx, used, depth + 1);
	}
	if (n->kind != COND_AND && n->kind != COND_OR && n->kind != COND_NOT)
		return 0;
	for (i = 0; i < n->n; i++)
		if (count(m, n->kids[i], idx, used, depth + 1))
			return -ENOMEM;
	return 0;
}

int rule_memo_build(struct rule_memo *m, const struct cond_node *const *trees, uint32_t n)
{
	uint32_t i, used = 0;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < n; i++) {
		if (trees[i] && count(m, trees[i], i, &used, 0)) {
			rule_memo_free(m);
			return -ENOMEM;
		}
	}
	return 0;
}

int rule_memo_slot(void *priv, const struct cond_node *tree)
{
	struct rule_memo *m = priv;
	const struct rule_memo_ent *e;

	if (!m->tab)
		return -1;
	e = ent_get(m, tree, 0);
	return e ? e->slot : -1;
}

void rule_memo_free(struct rule_memo *m)
{
	free(m->tab);
	memset(m, 0, sizeof(*m));
}
