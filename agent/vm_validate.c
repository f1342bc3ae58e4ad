// SPDX-License-Identifier: GPL-2.0
/*
 * The program validator: every program passes it before it runs.  The
 * operand rules come from the operand kinds in vm_opcodes.def.
 */
#include <errno.h>
#include <stdio.h>

#include "cond_ast.h"
#include "vm.h"

static int bad(char *why, size_t len, uint32_t pc, const char *msg)
{
	if (why && len)
		snprintf(why, len, "insn %u: %s", pc, msg);
	return -EINVAL;
}

/* A string set's hash table: inside hslots, pointing at the set's own strings. */
static int vm_validate_hash(const struct vm_prog *p, const struct vm_set *set)
{
	uint64_t i;

	if ((set->hmask & (set->hmask + 1)) || (uint64_t)set->hfirst + set->hmask >= p->nhslots ||
	    (uint64_t)set->first + set->n > p->nstrs)
		return -EINVAL;
	for (i = set->hfirst; i <= (uint64_t)set->hfirst + set->hmask; i++)
		if (p->hslots[i] != UINT32_MAX &&
		    (p->hslots[i] < set->first || p->hslots[i] >= set->first + set->n))
			return -EINVAL;
	return 0;
}

int vm_validate(const struct vm_prog *p, char *why, size_t whylen)
{
	uint32_t pc, i;

	if (!p->ncode || p->ncode > VM_MAX_CODE)
		return bad(why, whylen, 0, "empty or too long program");
	if (p->code[p->ncode - 1].op != VM_RET)
		return bad(why, whylen, p->ncode - 1, "program does not end in RET");
	for (i = 0; i < p->nsets; i++) {
		if ((uint64_t)p->sets[i].first + p->sets[i].n >
		    (uint64_t)(p->nstrs > p->nnums ? (p->nstrs > p->nnets ? p->nstrs : p->nnets) :
			       (p->nnums > p->nnets ? p->nnums : p->nnets)))
			return bad(why, whylen, 0, "set out of range");
		if (p->sets[i].hmask && vm_validate_hash(p, &p->sets[i]))
			return bad(why, whylen, 0, "set hash table out of range");
	}
	for (pc = 0; pc < p->ncode; pc++) {
		const struct vm_insn *in = &p->code[pc];
		const struct vm_set *set;

		if (in->op >= VM_NR_OPS)
			return bad(why, whylen, pc, "unknown opcode");
		switch (vm_ops[in->op].kind) {
		case VK_NONE:
			if (in->a || in->b || in->flags)
				return bad(why, whylen, pc, "unused operand set");
			continue;
		case VK_JUMP:
			if ((uint64_t)pc + 1 + in->b >= p->ncode)
				return bad(why, whylen, pc, "jump out of range");
			continue;
		case VK_BOOL:
			if (in->b > 1 || in->a)
				return bad(why, whylen, pc, "bad constant");
			continue;
		case VK_MJUMP:
			if ((uint64_t)pc + 1 + in->b >= p->ncode)
				return bad(why, whylen, pc, "jump out of range");
			/* fall through */
		case VK_MEMO:
			if (in->a >= VM_MEMO_SLOTS || in->flags ||
			    (vm_ops[in->op].kind == VK_MEMO && in->b))
				return bad(why, whylen, pc, "bad memo slot");
			continue;
		default:
			break;
		}
		if (in->a >= p->nfrefs)
			return bad(why, whylen, pc, "field ref out of range");
		if (in->flags & ~(VMF_SIGNED | VMF_ALL | VMF_NEG) && vm_ops[in->op].kind != VK_FF)
			return bad(why, whylen, pc, "unknown flags");
		switch (vm_ops[in->op].kind) {
		case VK_F:
			if (in->b)
				return bad(why, whylen, pc, "unused operand set");
			break;
		case VK_FSTR:
			if (in->b >= p->nstrs)
				return bad(why, whylen, pc, "string out of range");
			break;
		case VK_FNUM:
			if (in->b >= p->nnums)
				return bad(why, whylen, pc, "number out of range");
			break;
		case VK_FNET:
			if (in->b >= p->nnets)
				return bad(why, whylen, pc, "network out of range");
			break;
		case VK_FSSET:
		case VK_FNSET:
		case VK_FNETSET:
			if (in->b >= p->nsets)
				return bad(why, whylen, pc, "set out of range");
			set = &p->sets[in->b];
			if ((vm_ops[in->op].kind == VK_FSSET &&
			     (uint64_t)set->first + set->n > p->nstrs) ||
			    (vm_ops[in->op].kind == VK_FNSET &&
			     (uint64_t)set->first + set->n > p->nnums) ||
			    (vm_ops[in->op].kind == VK_FNETSET &&
			     (uint64_t)set->first + set->n > p->nnets))
				return bad(why, whylen, pc, "set members out of range");
			break;
		case VK_FRE:
			if (in->b >= p->nres || !p->res[in->b])
				return bad(why, whylen, pc, "regex out of range");
			break;
		case VK_FF:
			if (in->b >= p->nfrefs)
				return bad(why, whylen, pc, "field ref out of range");
			if (in->flags >= CO_NR)
				return bad(why, whylen, pc, "bad comparison");
			break;
		default:
			return bad(why, whylen, pc, "bad operand kind");
		}
	}
	return 0;
}
