// SPDX-License-Identifier: GPL-2.0
/*
 * Finding lists, macros and rules by name: one open-addressing hash table
 * of item indices per kind, grown to stay at most half full.  Loading the
 * upstream files looks names up tens of thousands of times (every list
 * and macro a condition refers to, every append and override), which a
 * scan of the items made the largest part of loading.  Without memory for
 * a table, lookups scan the items as before.
 */
#include <stdlib.h>
#include <string.h>

#include "rule_set.h"

static uint32_t name_hash(const char *name)
{
	return vm_str_hash((const uint8_t *)name, (uint32_t)strlen(name));
}

/* Put item i of kind into a table of size mask + 1 (the first of a name stays). */
static void put(const struct rule_set *rs, enum rule_kind kind, uint32_t *slots, uint32_t mask,
		uint32_t i)
{
	const char *name = rs->items[kind][i]->name;
	uint32_t h = name_hash(name) & mask;

	while (slots[h]) {
		if (!strcmp(rs->items[kind][slots[h] - 1]->name, name))
			return;
		h = (h + 1) & mask;
	}
	slots[h] = i + 1;
}

void rule_names_add(struct rule_set *rs, enum rule_kind kind)
{
	uint32_t n = rs->nitems[kind], i, mask;
	uint32_t *slots;

	if (n * 2 <= rs->nmask[kind] && rs->names[kind]) {
		put(rs, kind, rs->names[kind], rs->nmask[kind], n - 1);
		return;
	}
	/* Grow (or first build): rehash every item of the kind. */
	for (mask = 255; mask < n * 4; mask = mask * 2 + 1)
		;
	slots = calloc((size_t)mask + 1, sizeof(*slots));
	free(rs->names[kind]);
	rs->names[kind] = slots;
	rs->nmask[kind] = slots ? mask : 0;
	for (i = 0; slots && i < n; i++)
		put(rs, kind, slots, mask, i);
}

struct rule_item *rule_set_find(const struct rule_set *rs, enum rule_kind kind, const char *name)
{
	uint32_t i, h;

	if (!rs->names[kind]) {
		for (i = 0; i < rs->nitems[kind]; i++)
			if (!strcmp(rs->items[kind][i]->name, name))
				return rs->items[kind][i];
		return NULL;
	}
	for (h = name_hash(name) & rs->nmask[kind]; rs->names[kind][h];
	     h = (h + 1) & rs->nmask[kind]) {
		struct rule_item *it = rs->items[kind][rs->names[kind][h] - 1];

		if (!strcmp(it->name, name))
			return it;
	}
	return NULL;
}

void rule_names_free(struct rule_set *rs)
{
	uint32_t k;

	for (k = 0; k < 3; k++) {
		free(rs->names[k]);
		rs->names[k] = NULL;
		rs->nmask[k] = 0;
	}
}
