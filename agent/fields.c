// SPDX-License-Identifier: GPL-2.0
/* The field table and its lookups. */
#include <string.h>

#include "fields.h"

const struct field_info field_table[] = {
#define FIELD(id, name, type, flags, desc)	[FID_##id] = { name, type, flags, desc },
#include "fields.def"
#undef FIELD
};

const unsigned int field_count = FID_NR;

const char *const field_type_names[FT_NR] = {
	[FT_STR] = "string", [FT_U64] = "u64", [FT_S64] = "s64", [FT_BOOL] = "bool",
	[FT_IPADDR] = "ipaddr", [FT_IPNET] = "ipnet", [FT_PORT] = "port",
	[FT_ABSTIME] = "abstime", [FT_RELTIME] = "reltime", [FT_FLAGS] = "flags",
};

int field_id(const char *exact_name)
{
	unsigned int i;

	for (i = 0; i < field_count; i++)
		if (!strcmp(field_table[i].name, exact_name))
			return (int)i;
	return -1;
}

/*
 * An exact name wins; otherwise the longest field with FF_DYN that is a
 * dotted prefix of name (k8s.pod.label.app, evt.arg.flags).
 */
int field_lookup(const char *name, const char **suffix)
{
	unsigned int i;
	int best = -1;
	size_t best_len = 0;

	*suffix = NULL;
	i = (unsigned int)field_id(name);
	if ((int)i >= 0)
		return (int)i;
	for (i = 0; i < field_count; i++) {
		size_t n = strlen(field_table[i].name);

		if (!(field_table[i].flags & FF_DYN))
			continue;
		if (!strncmp(name, field_table[i].name, n) && name[n] == '.' && name[n + 1] &&
		    n > best_len) {
			best = (int)i;
			best_len = n;
		}
	}
	if (best >= 0)
		*suffix = name + best_len + 1;
	return best;
}

int field_type_numeric(enum field_type t)
{
	return t == FT_U64 || t == FT_S64 || t == FT_PORT || t == FT_ABSTIME ||
	       t == FT_RELTIME || t == FT_FLAGS;
}
