// SPDX-License-Identifier: GPL-2.0
/* Event-type names, sets and their derivation from conditions. */
#include <errno.h>
#include <string.h>
#include <asm/unistd_64.h>

#include "fields.h"
#include "rule_evttype.h"
#include "vm_emit.h"

#define EVT_MAX_STEPS	4000000

static const struct {
	const char *name;
	uint32_t nr;
} vigil_types[VIGIL_EV_MAX] = {
#define VIGIL_EVENT(T, name, nr)	[VIGIL_EV_##T] = { #name, nr },
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b)
#define VIGIL_END(T)
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END
};

static const struct {
	const char *name;
	int nr;
} syscalls[] = {
#define RULE_SYSCALL(name, nr)	{ #name, nr },
#include "rule_syscalls.def"
#undef RULE_SYSCALL
};

/* Falco/sysdig event names that are not syscalls, and 32-bit aliases. */
static const char *const falco_events[] = {
	"container", "signaldeliver", "switch", "page_fault", "cpu_hotplug", "drop",
	"notification", "infra", "mesos", "k8s", "tracer", "plugin", "asyncevent",
	"procinfo", "sysdigevent", "scapevent", "syscall", "pluginevent", "umount",
	"mmap2", "fcntl64", "setuid32", "setgid32", "setresuid32", "setresgid32",
	"socketcall", "stat64", "lstat64", "fstat64", "llseek", "_llseek", "send", "recv",
	"sched_process_exit", "sched_switch", "open_by_handle_at", "userfaultfd",
	"requestsdevice", "getdents64", "sysdigevent", "procexit", "sched_process_fork",
	"sched_process_exec", "tracepoint", "unknown",
};

const char *rule_evt_type_name(unsigned int type)
{
	return type < VIGIL_EV_MAX && vigil_types[type].name ? vigil_types[type].name : "?";
}

int rule_evt_syscall_nr(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(syscalls) / sizeof(syscalls[0]); i++)
		if (!strcmp(syscalls[i].name, name))
			return syscalls[i].nr;
	return -1;
}

static void set_bit(struct rule_evtset *s, unsigned int t)
{
	s->w[t / 64] |= 1ULL << (t % 64);
}

int rule_evt_has(const struct rule_evtset *s, unsigned int type)
{
	return type < VIGIL_EV_MAX && (s->w[type / 64] >> (type % 64)) & 1;
}

void rule_evt_all(struct rule_evtset *s)
{
	unsigned int t;

	memset(s, 0, sizeof(*s));
	for (t = 1; t < VIGIL_EV_MAX; t++)
		set_bit(s, t);
}

int rule_evt_is_all(const struct rule_evtset *s)
{
	struct rule_evtset all;

	rule_evt_all(&all);
	return !memcmp(&all, s, sizeof(all));
}

int rule_evt_name(const char *name, struct rule_evtset *s)
{
	unsigned int t;
	size_t i;

	memset(s, 0, sizeof(*s));
	for (t = 1; t < VIGIL_EV_MAX; t++) {
		if (t != VIGIL_EV_GENERIC && vigil_types[t].name &&
		    !strcmp(vigil_types[t].name, name)) {
			set_bit(s, t);
			return 1;
		}
	}
	if (rule_evt_syscall_nr(name) >= 0) {
		set_bit(s, VIGIL_EV_GENERIC);
		return 1;
	}
	for (i = 0; i < sizeof(falco_events) / sizeof(falco_events[0]); i++)
		if (!strcmp(falco_events[i], name))
			return 1;
	return 0;
}

/* Complement; GENERIC stays, since it also stands for syscalls not named. */
static void complement(struct rule_evtset *s)
{
	struct rule_evtset all;
	int gen = rule_evt_has(s, VIGIL_EV_GENERIC);
	unsigned int i;

	rule_evt_all(&all);
	for (i = 0; i < RULE_EVT_WORDS; i++)
		s->w[i] = all.w[i] & ~s->w[i];
	if (gen)
		set_bit(s, VIGIL_EV_GENERIC);
}

static int is_evt_type(const struct cond_node *n)
{
	return n->kind == COND_CHECK && n->lhs.fid == FID_EVT_TYPE && !n->lhs.nxf &&
	       n->rhs != RHS_FIELD && (n->op == CO_EQ || n->op == CO_NE || n->op == CO_IN ||
				       n->op == CO_INTERSECTS);
}

static int derive(const struct cond_node *n, int neg, struct rule_evtset *out,
		  unsigned long *steps)
{
	struct rule_evtset k;
	uint32_t i, j;
	int r;

	if (++*steps > EVT_MAX_STEPS)
		return -E2BIG;
	switch (n->kind) {
	case COND_MACRO:
		return n->ref ? derive(n->ref, neg, out, steps) : (rule_evt_all(out), 0);
	case COND_NOT:
		return derive(n->kids[0], !neg, out, steps);
	case COND_BOOL:
		if (n->bval != neg)
			rule_evt_all(out);
		else
			memset(out, 0, sizeof(*out));
		return 0;
	case COND_AND:
	case COND_OR:
		/* Under negation, and and or swap (De Morgan). */
		r = derive(n->kids[0], neg, out, steps);
		for (i = 1; !r && i < n->n; i++) {
			r = derive(n->kids[i], neg, &k, steps);
			for (j = 0; j < RULE_EVT_WORDS; j++) {
				if ((n->kind == COND_AND) != neg)
					out->w[j] &= k.w[j];
				else
					out->w[j] |= k.w[j];
			}
		}
		return r;
	case COND_CHECK:
		if (!is_evt_type(n)) {
			rule_evt_all(out);
			return 0;
		}
		memset(out, 0, sizeof(*out));
		for (i = 0; i < n->nvals; i++) {
			rule_evt_name(n->vals[i].s, &k);
			for (j = 0; j < RULE_EVT_WORDS; j++)
				out->w[j] |= k.w[j];
		}
		if ((n->op == CO_NE) != neg)
			complement(out);
		return 0;
	}
	return 0;
}

int rule_evt_derive(const struct cond_node *root, struct rule_evtset *out)
{
	unsigned long steps = 0;

	return derive(root, 0, out, &steps);
}

static void syscalls_walk(const struct cond_node *n, int neg, uint64_t *bm, unsigned long *steps)
{
	uint32_t i;
	int nr;

	if (++*steps > EVT_MAX_STEPS)
		return;
	switch (n->kind) {
	case COND_MACRO:
		if (n->ref)
			syscalls_walk(n->ref, neg, bm, steps);
		return;
	case COND_NOT:
		syscalls_walk(n->kids[0], !neg, bm, steps);
		return;
	case COND_AND:
	case COND_OR:
		for (i = 0; i < n->n; i++)
			syscalls_walk(n->kids[i], neg, bm, steps);
		return;
	case COND_CHECK:
		if (!is_evt_type(n) || (n->op == CO_NE) != neg)
			return;
		for (i = 0; i < n->nvals; i++) {
			nr = rule_evt_syscall_nr(n->vals[i].s);
			if (nr >= 0 && nr < VIGIL_NR_SYSCALLS)
				bm[nr / 64] |= 1ULL << (nr % 64);
		}
		return;
	default:
		return;
	}
}

void rule_evt_syscalls(const struct cond_node *root, uint64_t *bitmap)
{
	unsigned long steps = 0;

	syscalls_walk(root, 0, bitmap, &steps);
}

void rule_evt_set_nrs(const struct rule_evtset *s, uint64_t *bitmap)
{
	unsigned int t;

	for (t = 1; t < VIGIL_EV_MAX; t++) {
		uint32_t nr = vigil_types[t].nr;

		if (t == VIGIL_EV_GENERIC || !rule_evt_has(s, t) || nr >= VIGIL_NR_MAX)
			continue;
		bitmap[nr / 64] |= 1ULL << (nr % 64);
	}
}

/* Whether the string operand(s) of in name evt.type value name. */
static int names_type(const struct vm_prog *p, const struct vm_insn *in, const char *name)
{
	uint32_t i, first = in->b, n = 1;
	size_t len = strlen(name);

	if (in->op == VM_SIN) {
		first = p->sets[in->b].first;
		n = p->sets[in->b].n;
	}
	for (i = first; i < first + n; i++)
		if (p->strs[i].len == len && !memcmp(p->strs[i].s, name, len))
			return 1;
	return 0;
}

/* Whether every type of s is named by the string operand(s) of in. */
static int names_all(const struct vm_prog *p, const struct vm_insn *in,
		     const struct rule_evtset *s)
{
	unsigned int t;

	for (t = 1; t < VIGIL_EV_MAX; t++) {
		if (!rule_evt_has(s, t))
			continue;
		if (t == VIGIL_EV_GENERIC || !vigil_types[t].name)
			return 0;	/* evt.type is the syscall's own name */
		if (!names_type(p, in, vigil_types[t].name))
			return 0;
	}
	return 1;
}

int rule_evt_fold(struct vm_prog *p, const struct rule_evtset *s)
{
	uint32_t pc;
	int folded = 0;

	for (pc = 0; pc < p->ncode; pc++) {
		struct vm_insn *in = &p->code[pc];
		const struct vm_fref *f;

		if (in->op != VM_SIN && in->op != VM_SEQ)
			continue;
		f = &p->frefs[in->a];
		if (f->fid != FID_EVT_TYPE || f->nxf || !names_all(p, in, s))
			continue;
		in->op = VM_CONST;
		in->b = !(in->flags & VMF_NEG);
		in->a = 0;
		in->flags = 0;
		folded = 1;
	}
	return folded ? vm_peephole(p) : 0;
}

int rule_evt_fold_type(struct vm_prog *p, unsigned int t)
{
	const char *name = t < VIGIL_EV_MAX ? vigil_types[t].name : NULL;
	uint32_t pc;
	int folded = 0;

	if (t == VIGIL_EV_GENERIC || !name)
		return 0;	/* evt.type is the syscall's own name: not known here */
	for (pc = 0; pc < p->ncode; pc++) {
		struct vm_insn *in = &p->code[pc];

		if ((in->op != VM_SIN && in->op != VM_SEQ) ||
		    p->frefs[in->a].fid != FID_EVT_TYPE || p->frefs[in->a].nxf)
			continue;
		in->b = (uint32_t)(names_type(p, in, name) ^ !!(in->flags & VMF_NEG));
		in->op = VM_CONST;
		in->a = 0;
		in->flags = 0;
		folded = 1;
	}
	if (!folded)
		return 0;
	return vm_peephole(p) ? -ENOMEM : 1;
}
