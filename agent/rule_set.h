/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A rule set: Falco rules files loaded in order (rule_load.c), compiled
 * to VM programs indexed by event type (rule_compile.c), evaluated per
 * event (rule_eval.c).  Problems are collected as diagnostics with file
 * positions and Falco's code names (rule_diag.c); only the CLI prints.
 */
#ifndef VIGIL_RULE_SET_H
#define VIGIL_RULE_SET_H

#include <stdint.h>
#include <stdio.h>

#include "cond_ast.h"
#include "rule_evttype.h"
#include "vm.h"
#include "vm_graph.h"
#include "yaml_tree.h"

#define RULE_ENGINE_VERSION	"0.57.0"
#define RULE_MAX_FILE		(16 << 20)	/* bytes per rules file */
#define RULE_MAX_ITEMS		100000		/* lists + macros + rules */
#define RULE_MAX_FILES		1024
#define RULE_MAX_MACRO_DEPTH	64		/* macros inside macros */

enum rule_prio {
	PRIO_EMERGENCY,
	PRIO_ALERT,
	PRIO_CRITICAL,
	PRIO_ERROR,
	PRIO_WARNING,
	PRIO_NOTICE,
	PRIO_INFORMATIONAL,
	PRIO_DEBUG,
	PRIO_NR,
};

extern const char *const rule_prio_names[PRIO_NR];
int rule_prio_parse(const char *s);

enum rule_kind {
	RK_LIST,
	RK_MACRO,
	RK_RULE,
};

/* A part of a condition: text from one YAML scalar, at start in the joined text. */
struct rule_seg {
	uint32_t start;
	uint32_t file;
	const struct ynode *node;
};

struct rule_src {
	struct rule_seg *segs;
	uint32_t nsegs;
};

struct rule_exc {
	const char *name;
	const struct ynode *node;	/* the exception's mapping */
	uint32_t file;
	const struct ynode *fields;
	const struct ynode *comps;
	const struct ynode **values;	/* value items, appended ones too */
	uint32_t nvalues;
};

struct rule_item {
	enum rule_kind kind;
	char *name;
	uint32_t index;			/* load position of the first definition */
	uint32_t vis;			/* load position of the last definition */
	uint32_t file;
	const struct ynode *node;	/* the item's mapping, for positions */
	int used;
	int state;			/* expansion: 0 new, 1 in progress, 2 done, 3 failed */
	/* list */
	struct cond_value *items;
	const struct ynode **item_nodes;
	uint32_t nitems;
	struct cond_value *flat;
	uint32_t nflat;
	/* macro, rule */
	char *cond;
	uint32_t cond_len;
	struct rule_src src;
	uint32_t src_id;
	struct cond_node *tree;
	/* rule */
	char *desc;
	char *output;
	char *source;
	int priority;
	char **tags;
	uint32_t ntags;
	int enabled;
	int skip_unknown;
	int warn_evttypes;
	struct rule_exc *excs;
	uint32_t nexcs;
	int ready;			/* condition checked, program not emitted yet */
	int compiled;			/* 1: has a program */
	struct vm_prog prog;
	struct rule_evtset evts;
};

struct rule_diag {
	struct rule_diag *next;
	int error;
	char *file;
	unsigned int line, col;
	const char *code;
	const char *itype;		/* "rule", "macro", "list" or NULL */
	char *iname;
	char *msg;
};

struct rule_file {
	char *path;
	char *buf;
	size_t len;
	struct ydoc doc;
};

/*
 * A rule as it runs on events of one type: its program with the evt.type
 * tests that type decides folded away.  prog shares everything with the
 * rule's own program but its code, which it owns when own is set.
 */
struct rule_run {
	uint32_t rule;			/* index into items[RK_RULE] */
	uint32_t own;
	/*
	 * The program, with the memo slots of the shared macros it begins
	 * with as guards: when the event already has one of them false, the
	 * rule is skipped without running.
	 */
	struct vm_guarded g;
};

struct rule_set {
	struct cond_arena arena;
	struct rule_file *files;
	uint32_t nfiles;
	struct rule_item **items[3];	/* by kind, in definition order */
	uint32_t nitems[3];
	uint32_t cap[3];
	uint32_t *names[3];		/* by kind: name hash table of item index + 1 (rule_names.c) */
	uint32_t nmask[3];		/* its size - 1 */
	uint32_t next_index;
	struct rule_src **srcs;		/* by src id */
	uint32_t nsrcs;
	struct rule_diag *diags, **diag_tail;
	unsigned int nerrors, nwarnings;
	/* after compile */
	struct rule_run *by_type[VIGIL_EV_MAX];	/* in load order */
	uint32_t nby_type[VIGIL_EV_MAX];
	struct vm_graph graph[VIGIL_EV_MAX];	/* by_type's runs chained (vm_graph.h) */
	uint64_t bitmap[VIGIL_NR_MAX / 64];	/* syscalls to capture */
	uint32_t nmemo;			/* memo slots the programs use */
};

struct rule_set *rule_set_new(void);
/* Free the per-type index of a compiled set (by_type, nby_type). */
void rule_set_index_free(struct rule_set *rs);
void rule_set_free(struct rule_set *rs);

/* Load a file, or every *.yaml / *.yml in a directory in lexical order. */
int rule_set_load_path(struct rule_set *rs, const char *path);
/* Load rules from memory; buf is copied. */
int rule_set_load_buf(struct rule_set *rs, const char *name, const char *buf, size_t len);
/* Compile everything loaded; returns the number of errors. */
int rule_set_compile(struct rule_set *rs);

/* Index item nitems[kind] - 1, just added, by its name (rule_names.c). */
void rule_names_add(struct rule_set *rs, enum rule_kind kind);
void rule_names_free(struct rule_set *rs);
/* The first item of kind with name, or NULL. */
struct rule_item *rule_set_find(const struct rule_set *rs, enum rule_kind kind,
				const char *name);

/* Diagnostics (rule_diag.c). */
void rule_diag_add(struct rule_set *rs, int error, uint32_t file, const struct ynode *node,
		   size_t off, const char *code, const char *itype, const char *iname,
		   const char *fmt, ...) __attribute__((format(printf, 9, 10)));
/* An error about a whole file or directory (it cannot be read). */
void rule_diag_path(struct rule_set *rs, const char *path, const char *code, const char *fmt,
		    ...) __attribute__((format(printf, 4, 5)));
void rule_diag_cond(struct rule_set *rs, int error, const struct cond_err *err,
		    const char *code, const char *itype, const char *iname);
void rule_diag_print(const struct rule_set *rs, FILE *f);
/* Register a condition source; returns its id. */
uint32_t rule_src_add(struct rule_set *rs, struct rule_src *src);

/*
 * Evaluate the enabled rules that can match an event of this type; call
 * hit for each match.  Returns the number of matches.
 */
int rule_set_eval(const struct rule_set *rs, unsigned int type, const struct vm_accessor *acc,
		  const void *ev, struct vm_ctx *ctx,
		  void (*hit)(void *arg, const struct rule_item *rule), void *arg);

/* Whether rule_set_eval() has any rule to run on an event of this type. */
static inline int rule_set_runs(const struct rule_set *rs, unsigned int type)
{
	return type < VIGIL_EV_MAX && rs->nby_type[type];
}

#endif /* VIGIL_RULE_SET_H */
