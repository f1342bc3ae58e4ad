/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the rule VM: what its two runners share, the bytecode
 * interpreter (vm.c) and the rule set's flow graphs (vm_graph.c).
 * Not for use outside them.
 */
#ifndef VIGIL_VM_INT_H
#define VIGIL_VM_INT_H

#include <stdint.h>
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

static inline int vm_str_cmp(const struct vm_str *x, const uint8_t *s, uint32_t len)
{
	if (x->len != len)
		return x->len < len ? -1 : 1;
	return memcmp(x->s, s, len);
}

/* The hash of value v, kept with it when it is in the event's cache. */
static inline uint32_t vm_val_hash(struct vm_ctx *ctx, const struct vm_val *v)
{
	uintptr_t at = (uintptr_t)v, base = (uintptr_t)ctx->cvals;
	size_t i;

	if (at < base || at >= base + sizeof(ctx->cvals))
		return vm_str_hash(v->s, v->len);
	i = (at - base) / sizeof(*v);
	if (!ctx->chashed[i]) {
		ctx->chash[i] = vm_str_hash(v->s, v->len);
		ctx->chashed[i] = 1;
	}
	return ctx->chash[i];
}

/* Whether v is in string set set of p. */
static inline __attribute__((always_inline)) int
vm_sset_has(const struct vm_prog *p, const struct vm_set *set, struct vm_ctx *ctx,
	    const struct vm_val *v)
{
	const uint8_t *s = v->s;
	uint32_t len = v->len, lo = set->first, hi = set->first + set->n;

	if (set->miss >> (len % 64) & 1)
		return 0;	/* no member this long */
	if (set->hmask) {
		uint32_t h = vm_val_hash(ctx, v), k;

		for (k = 0; k <= set->hmask; k++) {
			uint32_t at = p->hslots[set->hfirst + ((h + k) & set->hmask)];

			if (at == UINT32_MAX)
				return 0;
			if (p->strs[at].len == len && vm_bytes_eq(p->strs[at].s, s, len))
				return 1;
		}
		return 0;
	}
	if (set->n <= VM_HASH_MIN) {
		/* Sorted by length first: scan up to the first longer string. */
		for (; lo < hi && p->strs[lo].len <= len; lo++)
			if (p->strs[lo].len == len && vm_bytes_eq(p->strs[lo].s, s, len))
				return 1;
		return 0;
	}
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = vm_str_cmp(&p->strs[mid], s, len);

		if (!c)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * PMATCH: whether s equals or is below one of the paths of set.  Inline:
 * most items fail on their length or second byte, without a call.
 */
static inline int vm_pmatch(const struct vm_prog *p, const struct vm_set *set,
			    const uint8_t *s, uint32_t len)
{
	const struct vm_str *x = &p->strs[set->first], *end = x + set->n;

	if (len >= 2 && set->miss >> (s[1] % 64) & 1)
		return 0;	/* no member with this second byte */
	for (; x < end; x++) {
		/* paths share their leading '/': the next byte tells most apart */
		if (x->len > len || (x->len > 1 && x->s[1] != s[1]) ||
		    memcmp(x->s, s, x->len))
			continue;
		if (x->len == len || (x->len && x->s[x->len - 1] == '/') || s[x->len] == '/')
			return 1;
	}
	return 0;
}

/* Whether needle n occurs in h. */
int vm_mem_has(const uint8_t *h, uint32_t hl, const uint8_t *n, uint32_t nl);
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
/* The values of field ref into vals, never through the cache: the count. */
int vm_load_raw(const struct vm_fref *ref, const struct vm_accessor *acc, const void *ev,
		struct vm_val *vals, uint8_t *scratch);
/*
 * The same for a ref with cache slot c that the event does not have yet:
 * load, and keep the values in the cache when they fit.  *out must be
 * vals on entry.
 */
int vm_load_miss(const struct vm_fref *ref, const struct vm_accessor *acc, const void *ev,
		 struct vm_ctx *ctx, struct vm_cslot *c, struct vm_val *vals, uint8_t *scratch,
		 const struct vm_val **out);
/*
 * Keep the n values just loaded at the free end of the cache (n >= 0,
 * at most VM_MAX_VALS, with room for them) in slot c, strings copied
 * unless keep; when the strings do not fit, they go to vals uncached.
 * *out must be vals on entry.  Returns n.
 */
int vm_cache_put(struct vm_ctx *ctx, struct vm_cslot *c, int n, struct vm_val *vals,
		 const struct vm_val **out);

#endif /* VIGIL_VM_INT_H */
