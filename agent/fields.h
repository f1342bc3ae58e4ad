/* SPDX-License-Identifier: GPL-2.0 */
/* The field table (fields.def): names, types and argument rules. */
#ifndef VIGIL_FIELDS_H
#define VIGIL_FIELDS_H

enum field_type {
	FT_STR,
	FT_U64,
	FT_S64,
	FT_BOOL,
	FT_IPADDR,
	FT_IPNET,
	FT_PORT,
	FT_ABSTIME,
	FT_RELTIME,
	FT_FLAGS,
	FT_NR,
};

#define FF_IDX		(1 << 0)
#define FF_KEY		(1 << 1)
#define FF_ARGREQ	(1 << 2)
#define FF_DYN		(1 << 3)
#define FF_LIST		(1 << 4)
#define FF_NA		(1 << 5)

struct field_info {
	const char *name;
	enum field_type type;
	unsigned int flags;
	const char *desc;
};

enum field_id {
#define FIELD(id, name, type, flags, desc)	FID_##id,
#include "fields.def"
#undef FIELD
	FID_NR
};

extern const struct field_info field_table[];
extern const unsigned int field_count;
extern const char *const field_type_names[FT_NR];

/*
 * Look up name (a field name, possibly with a dotted dynamic suffix);
 * returns the field id or -1.  *suffix points at the dynamic suffix, if any.
 */
int field_lookup(const char *name, const char **suffix);
int field_id(const char *exact_name);

/* True for types compared as numbers. */
int field_type_numeric(enum field_type t);

#endif /* VIGIL_FIELDS_H */
