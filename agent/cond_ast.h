/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Falco condition syntax trees.  Nodes live in an arena owned by the
 * rule set; after macro expansion a tree may share subtrees (a macro's
 * tree is referenced from every place that uses it), so later stages
 * treat trees as read-only apart from the type-check annotations, which
 * do not depend on where a node is used.
 */
#ifndef VIGIL_COND_AST_H
#define VIGIL_COND_AST_H

#include <stddef.h>
#include <stdint.h>

#define COND_MAX_DEPTH		1000	/* nested parentheses, not, transformers */
#define COND_MAX_LEN		(256 * 1024)
#define COND_MAX_LIST		100000	/* items in one list after expansion */
#define COND_MAX_XF		4	/* nested transformers */
#define COND_MAX_ARG		1024

/* Where a node came from: a source (one condition text) and an offset in it. */
struct cond_pos {
	uint32_t src;
	uint32_t off;
};

struct cond_err {
	struct cond_pos pos;
	char msg[256];
};

struct cond_arena {
	struct cond_chunk *head;
	size_t total;
};

void *cond_alloc(struct cond_arena *a, size_t size);
char *cond_strndup(struct cond_arena *a, const char *s, size_t n);
void cond_arena_free(struct cond_arena *a);

enum cond_kind {
	COND_AND,
	COND_OR,
	COND_NOT,
	COND_CHECK,
	COND_MACRO,	/* identifier; ref is the macro's tree once resolved */
	COND_BOOL,	/* constant, made by the optimizer */
};

/* Comparison operators, in the order of cond_op_names[]. */
enum cond_op {
	CO_EQ,
	CO_NE,
	CO_LT,
	CO_LE,
	CO_GT,
	CO_GE,
	CO_CONTAINS,
	CO_ICONTAINS,
	CO_BCONTAINS,
	CO_STARTSWITH,
	CO_BSTARTSWITH,
	CO_ENDSWITH,
	CO_GLOB,
	CO_IGLOB,
	CO_REGEX,
	CO_IN,
	CO_INTERSECTS,
	CO_PMATCH,
	CO_EXISTS,
	CO_NR,
};

extern const char *const cond_op_names[CO_NR];

enum cond_xf {
	XF_TOLOWER,
	XF_TOUPPER,
	XF_B64,
	XF_BASENAME,
	XF_LEN,
	XF_NR,
};

extern const char *const cond_xf_names[XF_NR];

struct cond_field {
	const char *name;
	const char *arg;		/* [arg] or the dotted suffix, NULL if none */
	uint8_t xf[COND_MAX_XF];	/* transformers, innermost (applied first) first */
	uint8_t nxf;
	uint8_t val;			/* written as val(field) */
	struct cond_pos pos;
	/* Type check results. */
	int fid;			/* index in the field table, -1 unknown */
	int type;			/* FT_* after transformers */
};

enum cond_rhs {
	RHS_NONE,	/* exists */
	RHS_VALUE,	/* one value */
	RHS_LIST,	/* (a, b, ...) or a list name */
	RHS_FIELD,	/* val(field) or a transformer */
};

struct cond_value {
	const char *s;
	uint32_t len;
	uint8_t quoted;
	struct cond_pos pos;
};

struct cond_node {
	enum cond_kind kind;
	struct cond_pos pos;
	struct cond_node **kids;	/* AND, OR: n kids; NOT: 1 */
	struct cond_node *ref;		/* MACRO: the macro's tree */
	uint32_t n;
	const char *name;		/* MACRO */
	int bval;			/* BOOL */
	/* CHECK */
	enum cond_op op;
	enum cond_rhs rhs;
	struct cond_field lhs;
	struct cond_field rfield;
	struct cond_value *vals;
	uint32_t nvals;
	uint8_t lists_done;		/* list names expanded */
	uint8_t checked;		/* type check ran and passed */
};

/*
 * Parse text (len bytes) into a tree; positions are (src, base + offset).
 * Returns the root, or NULL with err filled.
 */
struct cond_node *cond_parse(struct cond_arena *a, const char *text, size_t len,
			     uint32_t src, uint32_t base, struct cond_err *err);

/* The Falco syntax of a tree, for listings and tests. */
int cond_print(const struct cond_node *n, char *buf, size_t size);

#endif /* VIGIL_COND_AST_H */
