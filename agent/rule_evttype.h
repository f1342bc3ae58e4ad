/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event-type sets of rules, derived from conditions as Falco does:
 * and = intersection, or = union, not = complement.  Sets are over
 * vigil's event types; VIGIL_EV_GENERIC stands for every syscall vigil
 * has no type for.
 */
#ifndef VIGIL_RULE_EVTTYPE_H
#define VIGIL_RULE_EVTTYPE_H

#include <stdint.h>

#include "cond_ast.h"
#include "vigil_events.h"
#include "vm.h"

#define RULE_EVT_WORDS	((VIGIL_EV_MAX + 63) / 64)

struct rule_evtset {
	uint64_t w[RULE_EVT_WORDS];
};

/* The types an evt.type value names; 0 if the name is unknown. */
int rule_evt_name(const char *name, struct rule_evtset *s);
/* x86_64 number of a syscall name, -1 if none. */
int rule_evt_syscall_nr(const char *name);
const char *rule_evt_type_name(unsigned int type);

void rule_evt_all(struct rule_evtset *s);
int rule_evt_is_all(const struct rule_evtset *s);
int rule_evt_has(const struct rule_evtset *s, unsigned int type);
/* The set of a type-checked tree; -E2BIG if the tree is too large. */
int rule_evt_derive(const struct cond_node *root, struct rule_evtset *out);

/* Add to bitmap (VIGIL_NR_MAX bits) the syscalls the condition names positively. */
void rule_evt_syscalls(const struct cond_node *root, uint64_t *bitmap);
/* Add the syscall numbers of the types in s. */
void rule_evt_set_nrs(const struct rule_evtset *s, uint64_t *bitmap);

/*
 * A rule runs only on events of the types in its set s, and the field
 * accessor's evt.type is the name of the type an event is indexed under:
 * so an evt.type test that names every type of s (GENERIC excluded, its
 * evt.type varies) always holds.  Replace such tests of p by constants
 * and let the peephole pass remove them.  0 or -ENOMEM.
 */
int rule_evt_fold(struct vm_prog *p, const struct rule_evtset *s);

/*
 * The same for a program that runs only on events of type t: every
 * evt.type equality or set test (no transformers) is decided, true or
 * false, and the peephole pass removes what it can.  1 if p changed, 0 if
 * not (no such test, or t is GENERIC), -ENOMEM.
 */
int rule_evt_fold_type(struct vm_prog *p, unsigned int t);

#endif /* VIGIL_RULE_EVTTYPE_H */
