// SPDX-License-Identifier: GPL-2.0
/*
 * List and macro expansion on freshly parsed trees (the recursion is
 * bounded by the parser's depth limit).  A macro reference keeps its
 * node and points kids[0] at the macro's own, already expanded, tree.
 */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "cond_expand.h"

static int is_list_op(enum cond_op op)
{
	return op == CO_IN || op == CO_INTERSECTS || op == CO_PMATCH;
}

static int expand_check(struct cond_arena *a, struct cond_node *n,
			const struct cond_expand_ops *ops, uint32_t vis, struct cond_err *err)
{
	struct cond_value *out;
	uint64_t total = 0;
	uint32_t i, k = 0;
	int r;

	if (n->lists_done || !is_list_op(n->op) ||
	    (n->rhs != RHS_LIST && n->rhs != RHS_VALUE))
		return 0;
	/* First pass: size; second: copy. */
	for (i = 0; i < n->nvals; i++) {
		const struct cond_value *items;
		uint32_t cnt;

		r = ops->list(ops->priv, n->vals[i].s, vis, &items, &cnt, err);
		if (r < 0) {
			if (err->pos.src == UINT32_MAX)
				err->pos = n->vals[i].pos;
			return r;
		}
		total += r ? cnt : 1;
	}
	if (total > COND_MAX_LIST) {
		err->pos = n->pos;
		snprintf(err->msg, sizeof(err->msg), "list has more than %d items after expansion",
			 COND_MAX_LIST);
		return -E2BIG;
	}
	out = cond_alloc(a, (total ? total : 1) * sizeof(*out));
	if (!out)
		return -ENOMEM;
	for (i = 0; i < n->nvals; i++) {
		const struct cond_value *items;
		uint32_t cnt;

		r = ops->list(ops->priv, n->vals[i].s, vis, &items, &cnt, err);
		if (r < 0)
			return r;
		if (r) {
			if (cnt)
				memcpy(out + k, items, cnt * sizeof(*out));
			k += cnt;
		} else {
			out[k++] = n->vals[i];
		}
	}
	n->vals = out;
	n->nvals = k;
	n->rhs = RHS_LIST;
	n->lists_done = 1;
	return 0;
}

int cond_expand_lists(struct cond_arena *a, struct cond_node *n,
		      const struct cond_expand_ops *ops, uint32_t vis, struct cond_err *err)
{
	uint32_t i;
	int r;

	switch (n->kind) {
	case COND_AND:
	case COND_OR:
	case COND_NOT:
		for (i = 0; i < n->n; i++) {
			r = cond_expand_lists(a, n->kids[i], ops, vis, err);
			if (r)
				return r;
		}
		return 0;
	case COND_CHECK:
		return expand_check(a, n, ops, vis, err);
	default:
		return 0;
	}
}

int cond_expand_macros(struct cond_node *n, const struct cond_expand_ops *ops,
		       uint32_t vis, struct cond_err *err)
{
	struct cond_node *root;
	uint32_t i;
	int r;

	switch (n->kind) {
	case COND_AND:
	case COND_OR:
	case COND_NOT:
		for (i = 0; i < n->n; i++) {
			r = cond_expand_macros(n->kids[i], ops, vis, err);
			if (r)
				return r;
		}
		return 0;
	case COND_MACRO:
		if (n->ref)
			return 0;
		r = ops->macro(ops->priv, n->name, vis, &root, err);
		if (r < 0) {
			if (err->pos.src == UINT32_MAX)
				err->pos = n->pos;
			return r;
		}
		if (!r) {
			err->pos = n->pos;
			snprintf(err->msg, sizeof(err->msg), "undefined macro '%s' used in filter",
				 n->name);
			return -ENOENT;
		}
		n->ref = root;
		return 0;
	default:
		return 0;
	}
}
