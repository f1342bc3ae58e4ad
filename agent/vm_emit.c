// SPDX-License-Identifier: GPL-2.0
/*
 * The emitter, with the optimizer's work folded in: nested and/or of the
 * same kind share one exit (jump threading), double negations cancel,
 * constant subtrees fold, and every `in`/`intersects` list becomes a
 * sorted set (strings by length first, then bytes) searched by bisection.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cond_expand.h"
#include "fields.h"
#include "vm_emit.h"

#define EMIT_MAX_STEPS	4000000

struct emit {
	struct vm_prog *p;
	uint32_t cap_code, cap_frefs, cap_strs, cap_nums, cap_nets, cap_sets, cap_res;
	uint32_t *str_off;		/* pool offsets of strs until fixup */
	uint32_t cap_stroff;
	struct cond_err *err;
	unsigned long steps;
	int failed;
	const struct vm_memo_map *memo;
};

static int eerr(struct emit *e, struct cond_pos pos, int code, const char *fmt, ...)
{
	va_list ap;

	if (e->failed)
		return code;
	e->failed = 1;
	e->err->pos = pos;
	va_start(ap, fmt);
	vsnprintf(e->err->msg, sizeof(e->err->msg), fmt, ap);
	va_end(ap);
	return code;
}

static int grow(void **arr, uint32_t *cap, uint32_t need, size_t elem)
{
	void *n;
	uint32_t ncap;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 16;
	while (ncap < need)
		ncap *= 2;
	n = realloc(*arr, (size_t)ncap * elem);
	if (!n)
		return -ENOMEM;
	*arr = n;
	*cap = ncap;
	return 0;
}

static int64_t insn(struct emit *e, struct cond_pos pos, uint8_t op, uint8_t flags, uint16_t a,
		    uint32_t b)
{
	struct vm_prog *p = e->p;

	if (p->ncode >= VM_MAX_CODE)
		return eerr(e, pos, -E2BIG, "program longer than %d instructions", VM_MAX_CODE);
	if (grow((void **)&p->code, &e->cap_code, p->ncode + 1, sizeof(*p->code)))
		return eerr(e, pos, -ENOMEM, "out of memory");
	p->code[p->ncode].op = op;
	p->code[p->ncode].flags = flags;
	p->code[p->ncode].a = a;
	p->code[p->ncode].b = b;
	return p->ncode++;
}

static int64_t pool_add(struct emit *e, const void *s, size_t len)
{
	struct vm_prog *p = e->p;
	size_t off = p->pool_len;

	if (p->pool_len + len + 1 > p->pool_cap) {
		size_t ncap = p->pool_cap ? p->pool_cap * 2 : 4096;
		char *n;

		while (ncap < p->pool_len + len + 1)
			ncap *= 2;
		n = realloc(p->pool, ncap);
		if (!n)
			return -ENOMEM;
		p->pool = n;
		p->pool_cap = ncap;
	}
	memcpy(p->pool + off, s, len);
	p->pool[off + len] = '\0';
	p->pool_len += len + 1;
	return (int64_t)off;
}

/* A string constant for bytes already in the pool at off. */
static int64_t str_ref(struct emit *e, int64_t off, uint32_t len)
{
	struct vm_prog *p = e->p;

	if (off < 0 || grow((void **)&p->strs, &e->cap_strs, p->nstrs + 1, sizeof(*p->strs)) ||
	    grow((void **)&e->str_off, &e->cap_stroff, p->nstrs + 1, sizeof(*e->str_off)))
		return -ENOMEM;
	p->strs[p->nstrs].len = len;
	p->strs[p->nstrs].s = NULL;
	e->str_off[p->nstrs] = (uint32_t)off;
	return p->nstrs++;
}

static int64_t str_add(struct emit *e, const void *s, uint32_t len)
{
	return str_ref(e, pool_add(e, s, len), len);
}

static int64_t fref_add(struct emit *e, const struct cond_field *f)
{
	struct vm_prog *p = e->p;
	const struct field_info *fi = &field_table[f->fid];
	struct vm_fref r;
	uint32_t i;

	memset(&r, 0, sizeof(r));
	r.fid = (uint16_t)f->fid;
	r.nxf = f->nxf;
	memcpy(r.xf, f->xf, f->nxf);
	r.type = (uint8_t)f->type;
	r.idx = -1;
	if (f->arg) {
		char *end;
		long v = strtol(f->arg, &end, 10);

		if ((fi->flags & FF_IDX) && *f->arg && !*end && v >= 0)
			r.idx = (int32_t)v;
		else {
			r.key = f->arg;	/* fixed up to the pool below */
			r.keylen = (uint32_t)strlen(f->arg);
		}
	}
	for (i = 0; i < p->nfrefs; i++) {
		const struct vm_fref *o = &p->frefs[i];

		if (o->fid == r.fid && o->nxf == r.nxf && !memcmp(o->xf, r.xf, r.nxf) &&
		    o->idx == r.idx && o->keylen == r.keylen &&
		    (!r.key || !memcmp(p->pool + (uintptr_t)o->key, r.key, r.keylen)))
			return i;
	}
	if (p->nfrefs >= UINT16_MAX)
		return eerr(e, f->pos, -E2BIG, "too many fields in one rule");
	if (r.key) {
		int64_t off = pool_add(e, r.key, r.keylen);

		if (off < 0)
			return eerr(e, f->pos, -ENOMEM, "out of memory");
		r.key = (const char *)(uintptr_t)off;
	}
	if (grow((void **)&p->frefs, &e->cap_frefs, p->nfrefs + 1, sizeof(*p->frefs)))
		return eerr(e, f->pos, -ENOMEM, "out of memory");
	p->frefs[p->nfrefs] = r;
	return p->nfrefs++;
}

static const char *sort_pool;

static int cmp_str_off(const void *x, const void *y)
{
	const uint32_t *a = x, *b = y;

	if (a[1] != b[1])
		return a[1] < b[1] ? -1 : 1;
	return memcmp(sort_pool + a[0], sort_pool + b[0], a[1]);
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

static int64_t set_add(struct emit *e)
{
	struct vm_prog *p = e->p;

	if (grow((void **)&p->sets, &e->cap_sets, p->nsets + 1, sizeof(*p->sets)))
		return -ENOMEM;
	memset(&p->sets[p->nsets], 0, sizeof(p->sets[p->nsets]));
	return p->nsets++;
}

/* A sorted, deduplicated string set from values (hex-decoded if hex). */
static int64_t sset_build(struct emit *e, const struct cond_node *n)
{
	struct vm_prog *p = e->p;
	uint32_t i, k, first = p->nstrs, (*tmp)[2];
	int64_t set, s;

	tmp = malloc((n->nvals ? n->nvals : 1) * sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	for (i = 0; i < n->nvals; i++) {
		int64_t off = pool_add(e, n->vals[i].s, n->vals[i].len);

		if (off < 0) {
			free(tmp);
			return -ENOMEM;
		}
		tmp[i][0] = (uint32_t)off;
		tmp[i][1] = n->vals[i].len;
	}
	sort_pool = p->pool;
	qsort(tmp, n->nvals, sizeof(*tmp), cmp_str_off);
	for (i = 0, k = 0; i < n->nvals; i++) {
		if (i && tmp[i][1] == tmp[i - 1][1] &&
		    !memcmp(p->pool + tmp[i][0], p->pool + tmp[i - 1][0], tmp[i][1]))
			continue;
		s = str_ref(e, tmp[i][0], tmp[i][1]);
		if (s < 0) {
			free(tmp);
			return -ENOMEM;
		}
		k++;
	}
	free(tmp);
	set = set_add(e);
	if (set < 0)
		return -ENOMEM;
	p->sets[set].first = first;
	p->sets[set].n = k;
	return set;
}

static int64_t num_add(struct emit *e, uint64_t v)
{
	struct vm_prog *p = e->p;

	if (grow((void **)&p->nums, &e->cap_nums, p->nnums + 1, sizeof(*p->nums)))
		return -ENOMEM;
	p->nums[p->nnums] = v;
	return p->nnums++;
}

static int64_t net_add(struct emit *e, const char *s)
{
	struct vm_prog *p = e->p;
	struct vm_val *v;

	if (grow((void **)&p->nets, &e->cap_nets, p->nnets + 1, sizeof(*p->nets)))
		return -ENOMEM;
	v = &p->nets[p->nnets];
	memset(v, 0, sizeof(*v));
	if (cond_parse_net(s, &v->family, v->ip, &v->prefix))
		return -EINVAL;
	return p->nnets++;
}

static uint64_t value_num(const struct cond_node *n, const struct cond_value *v)
{
	uint64_t u = 0;

	if (n->lhs.type == FT_BOOL)
		return !strcmp(v->s, "true");
	cond_parse_num(v->s, n->lhs.type == FT_S64, &u);
	return u;
}

static int emit_check(struct emit *e, const struct cond_node *n)
{
	static const uint8_t str_ops[CO_NR] = {
		[CO_EQ] = VM_SEQ, [CO_NE] = VM_SNE, [CO_CONTAINS] = VM_CONTAINS,
		[CO_ICONTAINS] = VM_ICONTAINS, [CO_BCONTAINS] = VM_BCONTAINS,
		[CO_STARTSWITH] = VM_STARTSWITH, [CO_BSTARTSWITH] = VM_BSTARTSWITH,
		[CO_ENDSWITH] = VM_ENDSWITH, [CO_GLOB] = VM_GLOB, [CO_IGLOB] = VM_IGLOB,
	};
	static const uint8_t num_ops[CO_NR] = {
		[CO_EQ] = VM_NEQ, [CO_NE] = VM_NNE, [CO_LT] = VM_NLT, [CO_LE] = VM_NLE,
		[CO_GT] = VM_NGT, [CO_GE] = VM_NGE,
	};
	const struct field_info *fi = &field_table[n->lhs.fid];
	int type = n->lhs.type, numeric = field_type_numeric(type) || type == FT_BOOL;
	uint8_t flags = type == FT_S64 ? VMF_SIGNED : 0;
	int64_t a, b, i;
	uint32_t first;

	a = fref_add(e, &n->lhs);
	if (a < 0)
		return (int)a;
	if (n->op == CO_EXISTS)
		return insn(e, n->pos, VM_EXISTS, 0, (uint16_t)a, 0) < 0 ? -E2BIG : 0;
	if (n->rhs == RHS_FIELD) {
		b = fref_add(e, &n->rfield);
		if (b < 0)
			return (int)b;
		return insn(e, n->pos, VM_FCMP, n->op, (uint16_t)a, (uint32_t)b) < 0 ? -E2BIG : 0;
	}
	if (n->op == CO_IN || n->op == CO_INTERSECTS || n->op == CO_PMATCH) {
		/* A list field with no index: `in` means all values, intersects any. */
		uint8_t all = (fi->flags & FF_LIST) && !n->lhs.arg && n->op == CO_IN ? VMF_ALL : 0;

		if (type == FT_IPADDR || type == FT_IPNET) {
			first = e->p->nnets;
			for (i = 0; i < n->nvals; i++)
				if (net_add(e, n->vals[i].s) < 0)
					return eerr(e, n->vals[i].pos, -EINVAL, "bad network '%s'", n->vals[i].s);
			b = set_add(e);
			if (b < 0)
				return -ENOMEM;
			e->p->sets[b].first = first;
			e->p->sets[b].n = n->nvals;
			return insn(e, n->pos, VM_IPIN, all, (uint16_t)a, (uint32_t)b) < 0 ? -E2BIG : 0;
		}
		if (numeric) {
			first = e->p->nnums;
			for (i = 0; i < n->nvals; i++)
				if (num_add(e, value_num(n, &n->vals[i])) < 0)
					return -ENOMEM;
			qsort(e->p->nums + first, n->nvals, sizeof(uint64_t), cmp_u64);
			b = set_add(e);
			if (b < 0)
				return -ENOMEM;
			e->p->sets[b].first = first;
			e->p->sets[b].n = n->nvals;
			return insn(e, n->pos, VM_NIN, all | flags, (uint16_t)a, (uint32_t)b) < 0 ? -E2BIG : 0;
		}
		b = sset_build(e, n);
		if (b < 0)
			return eerr(e, n->pos, -ENOMEM, "out of memory");
		return insn(e, n->pos, n->op == CO_PMATCH ? VM_PMATCH : VM_SIN, all, (uint16_t)a,
			    (uint32_t)b) < 0 ? -E2BIG : 0;
	}
	if (type == FT_IPADDR || type == FT_IPNET) {
		b = net_add(e, n->vals[0].s);
		if (b < 0)
			return eerr(e, n->pos, -EINVAL, "bad network '%s'", n->vals[0].s);
		return insn(e, n->pos, n->op == CO_NE ? VM_IPNE : VM_IPEQ, 0, (uint16_t)a,
			    (uint32_t)b) < 0 ? -E2BIG : 0;
	}
	if (numeric) {
		b = num_add(e, value_num(n, &n->vals[0]));
		if (b < 0 || !num_ops[n->op])
			return eerr(e, n->pos, -EINVAL, "bad numeric comparison");
		return insn(e, n->pos, num_ops[n->op], flags, (uint16_t)a, (uint32_t)b) < 0 ? -E2BIG : 0;
	}
	if (n->op == CO_REGEX) {
		struct vm_prog *p = e->p;
		int ec;
		PCRE2_SIZE eo;

		if (grow((void **)&p->res, &e->cap_res, p->nres + 1, sizeof(*p->res)))
			return -ENOMEM;
		p->res[p->nres] = pcre2_compile((PCRE2_SPTR)n->vals[0].s, n->vals[0].len, PCRE2_UTF,
						&ec, &eo, NULL);
		if (!p->res[p->nres])
			return eerr(e, n->pos, -EINVAL, "invalid regex");
		p->nres++;
		return insn(e, n->pos, VM_REGEX, 0, (uint16_t)a, p->nres - 1) < 0 ? -E2BIG : 0;
	}
	if (n->op == CO_BCONTAINS || n->op == CO_BSTARTSWITH) {
		uint8_t buf[COND_MAX_LEN / 2];
		uint32_t blen;

		if (n->vals[0].len > sizeof(buf) * 2 ||
		    cond_parse_hex(n->vals[0].s, n->vals[0].len, buf, &blen))
			return eerr(e, n->pos, -EINVAL, "bad byte string");
		b = str_add(e, buf, blen);
	} else {
		b = str_add(e, n->vals[0].s, n->vals[0].len);
	}
	if (b < 0 || !str_ops[n->op])
		return eerr(e, n->pos, -EINVAL, "bad string comparison");
	return insn(e, n->pos, str_ops[n->op], 0, (uint16_t)a, (uint32_t)b) < 0 ? -E2BIG : 0;
}

static const struct cond_node *skip_macros(const struct cond_node *n)
{
	while (n->kind == COND_MACRO && n->ref)
		n = n->ref;
	return n;
}

/* Constant value of a subtree: 0, 1, or -1 when not constant. */
static int const_of(const struct cond_node *n)
{
	n = skip_macros(n);
	if (n->kind == COND_BOOL)
		return n->bval;
	if (n->kind == COND_NOT) {
		int c = const_of(n->kids[0]);

		return c < 0 ? -1 : !c;
	}
	return -1;
}

static int emit_node(struct emit *e, const struct cond_node *n);

/* The memo slot of a macro use (its tree), or -1. */
static int memo_of(const struct emit *e, const struct cond_node *n)
{
	if (!e->memo || n->kind != COND_MACRO || !n->ref || const_of(n) >= 0)
		return -1;
	return e->memo->slot(e->memo->priv, skip_macros(n));
}

/*
 * Emit the operands of an and/or, flattening nested nodes of the same
 * kind, each followed by a jump to the common exit; the jumps are
 * patched by the caller.
 */
static int emit_bool_kids(struct emit *e, const struct cond_node *n, enum cond_kind kind,
			  uint32_t **jumps, uint32_t *nj, uint32_t *cap)
{
	uint32_t i;
	int r;

	for (i = 0; i < n->n; i++) {
		const struct cond_node *k = skip_macros(n->kids[i]);
		int64_t j;

		if (memo_of(e, n->kids[i]) >= 0)
			k = n->kids[i];	/* emitted whole, with its memo slot */
		else if (k->kind == kind) {
			r = emit_bool_kids(e, k, kind, jumps, nj, cap);
			if (r)
				return r;
			continue;
		}
		r = emit_node(e, k);
		if (r)
			return r;
		j = insn(e, k->pos, kind == COND_AND ? VM_JF : VM_JT, 0, 0, 0);
		if (j < 0)
			return (int)j;
		if (grow((void **)jumps, cap, *nj + 1, sizeof(**jumps)))
			return -ENOMEM;
		(*jumps)[(*nj)++] = (uint32_t)j;
	}
	return 0;
}

/*
 * A shared subexpression: MEMO m skips to after the MSET m when the
 * event already has its value; otherwise the code runs and MSET keeps
 * the value.  Every jump inside lands at the latest on the MSET.
 */
static int emit_memo(struct emit *e, const struct cond_node *n, int m)
{
	int64_t j = insn(e, n->pos, VM_MEMO, 0, (uint16_t)m, 0);
	int r;

	if (j < 0)
		return (int)j;
	r = emit_node(e, skip_macros(n));
	if (r)
		return r;
	if (insn(e, n->pos, VM_MSET, 0, (uint16_t)m, 0) < 0)
		return -E2BIG;
	e->p->code[j].b = e->p->ncode - (uint32_t)j - 1;
	return 0;
}

static int emit_node(struct emit *e, const struct cond_node *n)
{
	uint32_t *jumps = NULL, nj = 0, cap = 0, i;
	int r, c, m;

	if (++e->steps > EMIT_MAX_STEPS)
		return eerr(e, n->pos, -E2BIG, "condition too large after macro expansion");
	m = memo_of(e, n);
	if (m >= 0)
		return emit_memo(e, n, m);
	n = skip_macros(n);
	c = const_of(n);
	if (c >= 0)
		return insn(e, n->pos, VM_CONST, 0, 0, (uint32_t)c) < 0 ? -E2BIG : 0;
	switch (n->kind) {
	case COND_CHECK:
		return emit_check(e, n);
	case COND_NOT:
		if (skip_macros(n->kids[0])->kind == COND_NOT)
			return emit_node(e, skip_macros(n->kids[0])->kids[0]);
		r = emit_node(e, n->kids[0]);
		return r ? r : (insn(e, n->pos, VM_NOT, 0, 0, 0) < 0 ? -E2BIG : 0);
	case COND_AND:
	case COND_OR:
		r = emit_bool_kids(e, n, n->kind, &jumps, &nj, &cap);
		if (!r && nj) {
			/* The last operand needs no jump: drop it. */
			e->p->ncode--;
			nj--;
			for (i = 0; i < nj; i++)
				e->p->code[jumps[i]].b = e->p->ncode - jumps[i] - 1;
		}
		free(jumps);
		return r;
	default:
		return eerr(e, n->pos, -EINVAL, "unexpected node in condition");
	}
}

/*
 * The peephole pass, on a finished program:
 *   - a jump that lands on a jump (or on a NOT and a jump) whose way the
 *     known acc decides goes straight on (thread_jump);
 *   - a NOT right after a comparison becomes that comparison's flag NEG;
 *   - a JF right after CONST 1 (or a JT after CONST 0) is never taken;
 *   - a CONST whose value the next instruction overwrites unread is dead;
 *   - a memoised subexpression that folded to a constant is that constant.
 * An instruction is removed only when no jump lands on it (a removed
 * CONST may be a target: its jumps land on the next instruction, which
 * overwrites acc anyway).  Then the gaps close and jumps are retargeted.
 */
static int overwrites_acc(const struct vm_insn *in)
{
	enum vm_operand_kind k = vm_ops[in->op].kind;

	/*
	 * A MEMO sets acc when it skips, and its subexpression's code begins
	 * with what sets acc (a test, a constant or another MEMO) when not.
	 */
	return in->op == VM_CONST || in->op == VM_MEMO || k >= VK_F;
}

/*
 * Where a taken jump at pc really leads.  When it is taken acc is known
 * (1 for JT, 0 for JF), so a jump it lands on is decided, and so is a
 * NOT followed by a jump, provided what that leads to overwrites acc
 * unread (there acc would hold the value before the NOT).  Only forward.
 */
static uint32_t thread_jump(const struct vm_prog *p, uint32_t pc)
{
	uint32_t t = pc + 1 + p->code[pc].b, d;
	int a = p->code[pc].op == VM_JT, steps;

	for (steps = 0; steps < 64 && t < p->ncode; steps++) {
		const struct vm_insn *in = &p->code[t];

		if (in->op == VM_JT || in->op == VM_JF) {
			t = (in->op == VM_JT) == a ? t + 1 + in->b : t + 1;
			continue;
		}
		if (in->op != VM_NOT || t + 1 >= p->ncode ||
		    (in[1].op != VM_JT && in[1].op != VM_JF))
			break;
		d = (in[1].op == VM_JT) == !a ? t + 2 + in[1].b : t + 2;
		if (d >= p->ncode || !overwrites_acc(&p->code[d]))
			break;
		t = d;
	}
	return t;
}

static int peephole_pass(struct vm_prog *p)
{
	uint32_t *map, pc, k = 0, prev = UINT32_MAX;
	uint8_t *target, *drop;

	for (pc = 0; pc < p->ncode; pc++)
		if ((p->code[pc].op == VM_JT || p->code[pc].op == VM_JF) &&
		    pc + 1 + p->code[pc].b < p->ncode)
			p->code[pc].b = thread_jump(p, pc) - pc - 1;
	target = calloc(p->ncode, 2);
	map = malloc((p->ncode + 1) * sizeof(*map));
	if (!target || !map) {
		free(target);
		free(map);
		return -ENOMEM;
	}
	drop = target + p->ncode;
	for (pc = 0; pc < p->ncode; pc++)
		if (vm_op_jumps(p->code[pc].op) && pc + 1 + p->code[pc].b < p->ncode)
			target[pc + 1 + p->code[pc].b] = 1;
	for (pc = 0; pc < p->ncode; pc++) {
		const struct vm_insn *in = &p->code[pc];
		const struct vm_insn *pi = prev != UINT32_MAX ? &p->code[prev] : NULL;

		if (drop[pc])
			continue;
		/* A memoised subexpression that folded to a constant: the constant. */
		if (in->op == VM_MEMO && in->b == 2 && in[1].op == VM_CONST && !target[pc + 1] &&
		    in[2].op == VM_MSET && in[2].a == in->a && !target[pc + 2]) {
			drop[pc] = drop[pc + 2] = 1;
			continue;
		}
		if (pi && !target[pc] && in->op == VM_NOT && vm_ops[pi->op].kind >= VK_F &&
		    vm_ops[pi->op].kind != VK_FF)
			drop[pc] = 2;	/* folded into prev */
		else if (pi && !target[pc] && pi->op == VM_CONST &&
			 ((in->op == VM_JF && pi->b) || (in->op == VM_JT && !pi->b)))
			drop[pc] = 1;
		if (drop[pc])
			continue;
		if (pi && pi->op == VM_CONST && overwrites_acc(in))
			drop[prev] = 1;
		prev = pc;
	}
	for (pc = 0; pc < p->ncode; pc++) {
		map[pc] = k;
		k += !drop[pc];
	}
	map[p->ncode] = k;
	for (pc = 0, k = 0, prev = UINT32_MAX; pc < p->ncode; pc++) {
		struct vm_insn in = p->code[pc];

		if (drop[pc] == 2)
			p->code[prev].flags ^= VMF_NEG;
		if (drop[pc])
			continue;
		if (vm_op_jumps(in.op) && pc + 1 + in.b <= p->ncode)
			in.b = map[pc + 1 + in.b] - map[pc] - 1;
		prev = k;
		p->code[k++] = in;
	}
	p->ncode = k;
	free(target);
	free(map);
	return 0;
}

/* Passes until one removes nothing (each pass may expose more). */
int vm_peephole(struct vm_prog *p)
{
	uint32_t before;
	int r;

	do {
		before = p->ncode;
		r = peephole_pass(p);
	} while (!r && p->ncode < before);
	return r;
}

/*
 * Hash tables (open addressing, at most half full) for the string sets
 * that SIN tests and that are large enough to gain from one.
 */
static int hash_sets(struct vm_prog *p)
{
	uint32_t pc, i, k;

	for (pc = 0; pc < p->ncode; pc++) {
		struct vm_set *set;
		uint32_t size = 16, *t;

		if (p->code[pc].op != VM_SIN)
			continue;
		set = &p->sets[p->code[pc].b];
		if (set->hmask || set->n < VM_HASH_MIN)
			continue;
		while (size < 2 * set->n)
			size *= 2;
		if (p->nhslots > UINT32_MAX - size)
			return -E2BIG;
		t = realloc(p->hslots, (p->nhslots + size) * sizeof(*t));
		if (!t)
			return -ENOMEM;
		p->hslots = t;
		t += p->nhslots;
		memset(t, 0xff, size * sizeof(*t));
		for (i = set->first; i < set->first + set->n; i++) {
			uint32_t h = vm_str_hash(p->strs[i].s, p->strs[i].len);

			for (k = 0; t[(h + k) & (size - 1)] != UINT32_MAX; k++)
				;
			t[(h + k) & (size - 1)] = i;
		}
		set->hfirst = p->nhslots;
		set->hmask = size - 1;
		p->nhslots += size;
	}
	return 0;
}

/*
 * The keys no member of a string set has (vm_set.miss), so that most
 * values miss a set after one test instead of a hash or a scan.  A SIN's
 * key is a string's length: no member that long, no match.  A PMATCH's is
 * the second byte: a path matches only a member it starts with, and
 * members start with the same '/', so the next byte tells them apart; a
 * member of one byte or none leaves every key possible.  Each set belongs
 * to one instruction (the emitter makes one per list).
 */
static void filter_sets(struct vm_prog *p)
{
	uint32_t pc, i;

	for (pc = 0; pc < p->ncode; pc++) {
		uint8_t op = p->code[pc].op;
		struct vm_set *set;
		uint64_t has = 0;

		if (op != VM_SIN && op != VM_PMATCH)
			continue;
		set = &p->sets[p->code[pc].b];
		for (i = set->first; i < set->first + set->n; i++) {
			const struct vm_str *x = &p->strs[i];

			if (op == VM_SIN) {
				has |= 1ull << (x->len % 64);
			} else if (x->len < 2) {
				has = ~0ull;
				break;
			} else {
				has |= 1ull << (x->s[1] % 64);
			}
		}
		set->miss = ~has;
	}
}

int vm_emit(const struct cond_node *root, struct vm_prog *prog, struct cond_err *err)
{
	return vm_emit_memo(root, prog, NULL, err);
}

int vm_emit_memo(const struct cond_node *root, struct vm_prog *prog,
		 const struct vm_memo_map *memo, struct cond_err *err)
{
	struct emit e;
	char why[128];
	uint32_t i;
	int r;

	memset(prog, 0, sizeof(*prog));
	memset(&e, 0, sizeof(e));
	e.p = prog;
	e.err = err;
	e.memo = memo;
	/* Pool offset 0 is never a key, so a NULL key stays NULL. */
	r = pool_add(&e, "", 0) < 0 ? -ENOMEM : emit_node(&e, root);
	if (!r && insn(&e, root->pos, VM_RET, 0, 0, 0) < 0)
		r = -E2BIG;
	if (r) {
		if (!e.failed)
			eerr(&e, root->pos, r, "%s", r == -ENOMEM ? "out of memory" : "cannot compile");
		goto fail;
	}
	for (i = 0; i < prog->nstrs; i++)
		prog->strs[i].s = (const uint8_t *)prog->pool + e.str_off[i];
	for (i = 0; i < prog->nfrefs; i++)
		if (prog->frefs[i].key)
			prog->frefs[i].key = prog->pool + (uintptr_t)prog->frefs[i].key;
	free(e.str_off);
	r = vm_peephole(prog);
	if (!r)
		r = hash_sets(prog);
	if (!r)
		filter_sets(prog);
	if (r) {
		eerr(&e, root->pos, r, "out of memory");
		vm_prog_free(prog);
		return r;
	}
	r = vm_validate(prog, why, sizeof(why));
	if (r) {
		err->pos = root->pos;
		snprintf(err->msg, sizeof(err->msg), "internal error: invalid program: %s", why);
		vm_prog_free(prog);
	}
	return r;
fail:
	free(e.str_off);
	vm_prog_free(prog);
	return r;
}
