// SPDX-License-Identifier: GPL-2.0
/* Program listings: "pc: OPCODE operands", one instruction a line. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "cond_ast.h"
#include "fields.h"
#include "vm.h"

struct dbuf {
	char *buf;
	size_t size, len;
};

static void out(struct dbuf *d, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(d->len < d->size ? d->buf + d->len : NULL,
		      d->len < d->size ? d->size - d->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		d->len += (size_t)n;
}

static void out_bytes(struct dbuf *d, const uint8_t *s, uint32_t len)
{
	uint32_t i, shown = len > 64 ? 64 : len;

	out(d, "\"");
	for (i = 0; i < shown; i++) {
		if (s[i] == '"' || s[i] == '\\')
			out(d, "\\%c", s[i]);
		else if (s[i] < 0x20 || s[i] >= 0x7f)
			out(d, "\\x%02x", s[i]);
		else
			out(d, "%c", s[i]);
	}
	out(d, shown < len ? "\"..." : "\"");
}

static void out_fref(struct dbuf *d, const struct vm_prog *p, uint32_t a)
{
	const struct vm_fref *f = &p->frefs[a];
	int i;

	for (i = f->nxf - 1; i >= 0; i--)
		out(d, "%s(", cond_xf_names[f->xf[i]]);
	out(d, "%s", f->fid < field_count ? field_table[f->fid].name : "?");
	if (f->key)
		out(d, "[%.*s]", (int)f->keylen, f->key);
	else if (f->idx >= 0)
		out(d, "[%d]", f->idx);
	for (i = 0; i < f->nxf; i++)
		out(d, ")");
}

static void out_net(struct dbuf *d, const struct vm_val *n)
{
	int i;

	if (n->family == 4) {
		out(d, "%u.%u.%u.%u/%u", n->ip[0], n->ip[1], n->ip[2], n->ip[3], n->prefix);
		return;
	}
	for (i = 0; i < 16; i += 2)
		out(d, "%s%x", i ? ":" : "", (n->ip[i] << 8) | n->ip[i + 1]);
	out(d, "/%u", n->prefix);
}

int vm_disasm(const struct vm_prog *p, char *buf, size_t size)
{
	struct dbuf d = { buf, size, 0 };
	uint32_t pc, i;

	if (size)
		buf[0] = '\0';
	for (pc = 0; pc < p->ncode; pc++) {
		const struct vm_insn *in = &p->code[pc];
		enum vm_operand_kind k = in->op < VM_NR_OPS ? vm_ops[in->op].kind : VK_NONE;
		const struct vm_set *set;

		out(&d, "%3u: %-11s", pc, in->op < VM_NR_OPS ? vm_ops[in->op].name : "???");
		if (k == VK_JUMP) {
			out(&d, " -> %u", pc + 1 + in->b);
		} else if (k == VK_MJUMP) {
			out(&d, " m%u -> %u", in->a, pc + 1 + in->b);
		} else if (k == VK_MEMO) {
			out(&d, " m%u", in->a);
		} else if (k == VK_BOOL) {
			out(&d, " %u", in->b);
		} else if (k != VK_NONE) {
			out(&d, " ");
			out_fref(&d, p, in->a);
		}
		switch (k) {
		case VK_FSTR:
			out(&d, ", ");
			out_bytes(&d, p->strs[in->b].s, p->strs[in->b].len);
			break;
		case VK_FNUM:
			out(&d, ", %" PRId64, (int64_t)p->nums[in->b]);
			break;
		case VK_FNET:
			out(&d, ", ");
			out_net(&d, &p->nets[in->b]);
			break;
		case VK_FSSET:
		case VK_FNSET:
		case VK_FNETSET:
			set = &p->sets[in->b];
			out(&d, ", set#%u(%u)", in->b, set->n);
			for (i = 0; i < set->n && i < 4; i++) {
				out(&d, i ? " " : " {");
				if (k == VK_FSSET)
					out_bytes(&d, p->strs[set->first + i].s,
						  p->strs[set->first + i].len);
				else if (k == VK_FNSET)
					out(&d, "%" PRId64, (int64_t)p->nums[set->first + i]);
				else
					out_net(&d, &p->nets[set->first + i]);
			}
			if (set->n)
				out(&d, set->n > 4 ? " ...}" : "}");
			break;
		case VK_FRE:
			out(&d, ", re#%u", in->b);
			break;
		case VK_FF:
			out(&d, " %s ", in->flags < CO_NR ? cond_op_names[in->flags] : "?");
			out_fref(&d, p, in->b);
			break;
		default:
			break;
		}
		if (in->flags & VMF_SIGNED && k != VK_FF)
			out(&d, " signed");
		if (in->flags & VMF_ALL && k != VK_FF)
			out(&d, " all");
		if (in->flags & VMF_NEG && k != VK_FF)
			out(&d, " (not)");
		out(&d, "\n");
	}
	return (int)d.len;
}
