/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the rule VM: what its two runners share, the bytecode
 * interpreter (vm.c) and the rule set's flow graphs (vm_graph.c).
 * Not for use outside them.
 */
#ifndef VIGIL_VM_INT_H
#define VIGIL_VM_INT_H

#include <string.h>

#include "vm.h"

static inline uint8_t vm_lower(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/*
 * Whether n bytes at a and b are equal.  Most comparisons here fail in
 * their first bytes (paths, names): those are compared inline, a word at a
 * time, before any call.
 */
static inline int vm_bytes_eq(const uint8_t *a, const uint8_t *b, uint32_t n)
{
	uint64_t x, y;

	if (n >= 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		return x == y && (n == 8 || !memcmp(a + 8, b + 8, n - 8));
	}
	while (n--)
		if (*a++ != *b++)
			return 0;
	return 1;
}

static inline int vm_mem_eq(const uint8_t *a, uint32_t al, const uint8_t *b, uint32_t bl)
{
	return al == bl && vm_bytes_eq(a, b, al);
}

/* Whether needle n occurs in h. */
int vm_mem_has(const uint8_t *h, uint32_t hl, const uint8_t *n, uint32_t nl);
/* Whether v is in string set set of p. */
int vm_sset_has(const struct vm_prog *p, const struct vm_set *set, struct vm_ctx *ctx,
		const struct vm_val *v);
/* One value against instruction in's operand: 1, 0, or -1 (fail closed). */
int vm_cmp_one(const struct vm_prog *p, const struct vm_insn *in, const struct vm_val *v,
	       struct vm_ctx *ctx);
/* FCMP on the first values of its two fields: 1, 0, or -1. */
int vm_fcmp(const struct vm_prog *p, const struct vm_insn *in, const struct vm_val *x,
	    const struct vm_val *y);
/*
 * Values of field ref a of p (0: absent) at *out, through the event's
 * cache when the context is on an event and the ref has a slot.
 */
int vm_load_slow(const struct vm_prog *p, const struct vm_accessor *acc, const void *ev,
		 uint16_t a, struct vm_ctx *ctx, struct vm_val *vals, uint8_t *scratch,
		 const struct vm_val **out);
/*
 * The same for a ref with cache slot c that the event does not have yet:
 * load, and keep the values in the cache when they fit.  *out must be
 * vals on entry.
 */
int vm_load_miss(const struct vm_prog *p, const struct vm_accessor *acc, const void *ev,
		 uint16_t a, struct vm_ctx *ctx, struct vm_cslot *c, struct vm_val *vals,
		 uint8_t *scratch, const struct vm_val **out);
/*
 * Keep the n values just loaded at the free end of the cache (n >= 0,
 * at most VM_MAX_VALS, with room for them) in slot c, strings copied
 * unless keep; when the strings do not fit, they go to vals uncached.
 * *out must be vals on entry.  Returns n.
 */
int vm_cache_put(struct vm_ctx *ctx, struct vm_cslot *c, int n, struct vm_val *vals,
		 const struct vm_val **out);

#endif /* VIGIL_VM_INT_H */
