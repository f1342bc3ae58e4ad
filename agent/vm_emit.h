/* SPDX-License-Identifier: GPL-2.0 */
/* Code generation: a type-checked condition tree to a validated program. */
#ifndef VIGIL_VM_EMIT_H
#define VIGIL_VM_EMIT_H

#include "cond_ast.h"
#include "vm.h"

/* 0 with *prog filled and validated, or -errno with err filled. */
int vm_emit(const struct cond_node *root, struct vm_prog *prog, struct cond_err *err);

/*
 * Which macro trees have a memo slot (vm.h): slot(priv, tree) returns it,
 * below VM_MEMO_SLOTS, or -1.
 */
struct vm_memo_map {
	int (*slot)(void *priv, const struct cond_node *tree);
	void *priv;
};

/* vm_emit, giving the macros memo has a slot for one each. */
int vm_emit_memo(const struct cond_node *root, struct vm_prog *prog,
		 const struct vm_memo_map *memo, struct cond_err *err);

/*
 * Remove NOTs (into flag NEG), jumps after constants that never go and
 * dead constants; the program stays equivalent.  0 or -ENOMEM.
 */
int vm_peephole(struct vm_prog *p);

#endif /* VIGIL_VM_EMIT_H */
