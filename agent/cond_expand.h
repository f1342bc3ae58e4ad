/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Expansion of list names and macro references in condition trees, and
 * the type check.  Lists and macros are looked up through callbacks so
 * that the rule set decides visibility (load order) and detects loops.
 */
#ifndef VIGIL_COND_EXPAND_H
#define VIGIL_COND_EXPAND_H

#include "cond_ast.h"

struct cond_expand_ops {
	/*
	 * The items of list name as seen from vis (nested lists already
	 * expanded): 1 found, 0 no such list, -errno with err filled.
	 */
	int (*list)(void *priv, const char *name, uint32_t vis,
		    const struct cond_value **items, uint32_t *n, struct cond_err *err);
	/* The expanded tree of macro name: 1 found, 0 none, -errno with err. */
	int (*macro)(void *priv, const char *name, uint32_t vis, struct cond_node **root,
		     struct cond_err *err);
	void *priv;
};

int cond_expand_lists(struct cond_arena *a, struct cond_node *root,
		      const struct cond_expand_ops *ops, uint32_t vis, struct cond_err *err);
int cond_expand_macros(struct cond_node *root, const struct cond_expand_ops *ops,
		       uint32_t vis, struct cond_err *err);

/* Type check: -ENOENT for an unknown field, -EINVAL for other errors. */
int cond_typecheck(struct cond_node *root, struct cond_err *err);

/* Parse a value for a field type; 0 or -EINVAL. */
int cond_parse_num(const char *s, int is_signed, uint64_t *out);
int cond_parse_net(const char *s, uint8_t *family, uint8_t *ip, uint8_t *prefix);
int cond_parse_hex(const char *s, uint32_t len, uint8_t *out, uint32_t *olen);

#endif /* VIGIL_COND_EXPAND_H */
