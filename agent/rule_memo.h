/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memo slots for the macros several rules use (vm.h): such a macro is
 * evaluated once per event however many rules test it, the other rules
 * reading its value from the slot.
 */
#ifndef VIGIL_RULE_MEMO_H
#define VIGIL_RULE_MEMO_H

#include <stdint.h>

#include "cond_ast.h"

struct rule_memo {
	struct rule_memo_ent *tab;	/* open addressing on the tree pointer */
	uint32_t mask;
	uint32_t nslots;		/* slots given out */
};

/*
 * Count, over the condition trees (macros expanded), how many of them use
 * each macro, and give a slot to each macro used by at least two trees
 * (up to VM_MEMO_SLOTS).  0 or -ENOMEM (then no macro has a slot).
 */
int rule_memo_build(struct rule_memo *m, const struct cond_node *const *trees, uint32_t n);
/* For struct vm_memo_map: the slot of a macro's tree, or -1. */
int rule_memo_slot(void *priv, const struct cond_node *tree);
void rule_memo_free(struct rule_memo *m);

#endif /* VIGIL_RULE_MEMO_H */
