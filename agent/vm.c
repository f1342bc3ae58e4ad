// SPDX-License-Identifier: GPL-2.0
/*
 * The rule VM interpreter.  One function, a jump table over opcodes; it
 * never allocates (field values point into the event or state, and
 * transformers write into the context's scratch buffers), and anything
 * it does not understand fails closed: the rule does not match and the
 * fault is counted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cond_ast.h"
#include "fields.h"
#include "vm.h"
#include "vm_int.h"

const struct vm_opinfo vm_ops[VM_NR_OPS] = {
#define VM_OP(name, kind, desc)	[VM_##name] = { #name, kind, desc },
#include "vm_opcodes.def"
#undef VM_OP
};

/* Run one match so that the frame vector exists before any event. */
static int vm_ctx_warm(struct vm_ctx *ctx)
{
	pcre2_code *re;
	int ec;
	PCRE2_SIZE eo;

	re = pcre2_compile((PCRE2_SPTR) "(a|b)*c", PCRE2_ZERO_TERMINATED, 0, &ec, &eo, NULL);
	if (!re)
		return -ENOMEM;
	pcre2_match(re, (PCRE2_SPTR) "ababc", 5, 0, 0, ctx->md, ctx->mctx);
	pcre2_code_free(re);
	return 0;
}

int vm_ctx_init(struct vm_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->md = pcre2_match_data_create(1, NULL);
	ctx->mctx = pcre2_match_context_create(NULL);
	if (!ctx->md || !ctx->mctx) {
		vm_ctx_destroy(ctx);
		return -ENOMEM;
	}
	/*
	 * Backtracking frames live in the match data, allocated once here
	 * and kept; a match needing more than the limit fails closed.
	 */
	pcre2_set_heap_limit(ctx->mctx, 1024);
	pcre2_set_match_limit(ctx->mctx, 100000);
	return vm_ctx_warm(ctx);
}

void vm_ctx_destroy(struct vm_ctx *ctx)
{
	if (!ctx)
		return;
	pcre2_match_data_free(ctx->md);
	pcre2_match_context_free(ctx->mctx);
	ctx->md = NULL;
	ctx->mctx = NULL;
}

static int b64val(uint8_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Apply one transformer to v, output into buf[*used..]; -1 drops the value. */
static int xform(uint8_t xf, struct vm_val *v, uint8_t *buf, size_t *used)
{
	uint32_t i, o = 0, bits = 0, acc = 0;
	uint8_t *out = buf + *used;
	size_t room = VM_SCRATCH - *used;

	switch (xf) {
	case XF_TOLOWER:
	case XF_TOUPPER:
		if (v->len > room)
			return -1;
		for (i = 0; i < v->len; i++) {
			uint8_t c = v->s[i];

			if (xf == XF_TOLOWER)
				out[i] = vm_lower(c);
			else
				out[i] = c >= 'a' && c <= 'z' ? c - 32 : c;
		}
		v->s = out;
		v->keep = 0;
		*used += v->len;
		return 0;
	case XF_BASENAME:
		for (i = v->len; i > 0 && v->s[i - 1] != '/'; i--)
			;
		v->s += i;
		v->len -= i;
		return 0;
	case XF_LEN:
		v->u = v->len;
		return 0;
	case XF_B64:
		for (i = 0; i < v->len; i++) {
			int d;

			if (v->s[i] == '=')
				break;
			d = b64val(v->s[i]);
			if (d < 0)
				return -1;
			acc = (acc << 6) | (uint32_t)d;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				if (o >= room)
					return -1;
				out[o++] = (uint8_t)(acc >> bits);
			}
		}
		v->s = out;
		v->len = o;
		v->keep = 0;
		*used += o;
		return 0;
	default:
		return -1;
	}
}

/* Values of field ref into vals (transformed in scratch); the count. */
static inline __attribute__((always_inline)) int
load_raw(const struct vm_fref *ref, const struct vm_accessor *acc, const void *ev,
	 struct vm_val *vals, uint8_t *scratch)
{
	size_t used = 0;
	int n, i, k, j;

	n = acc->load(acc->priv, ev, ref, vals, VM_MAX_VALS);
	if (n <= 0)
		return 0;
	if (n > VM_MAX_VALS)
		n = VM_MAX_VALS;
	for (k = 0; k < ref->nxf; k++) {
		for (i = 0, j = 0; i < n; i++) {
			struct vm_val v = vals[i];

			if (xform(ref->xf[k], &v, scratch, &used) == 0)
				vals[j++] = v;
		}
		n = j;
	}
	return n;
}

/*
 * A cache miss.  The values are loaded straight into the free end of the
 * cache; when their strings also fit in cbytes they are copied there
 * (those the accessor marks keep stay where they are) and the slot keeps
 * them for the rest of the event.  When they do not fit,
 * they go to vals instead, uncached (a later load may reuse that end).
 */
int vm_load_miss(const struct vm_fref *ref, const struct vm_accessor *acc, const void *ev,
		 struct vm_ctx *ctx, struct vm_cslot *c, struct vm_val *vals, uint8_t *scratch,
		 const struct vm_val **out)
{
	struct vm_val *cv = &ctx->cvals[ctx->ncvals];

	if (ctx->ncvals + VM_MAX_VALS > VM_CACHE_VALS)
		return load_raw(ref, acc, ev, vals, scratch);
	return vm_cache_put(ctx, c, load_raw(ref, acc, ev, cv, scratch), vals, out);
}

int vm_cache_put(struct vm_ctx *ctx, struct vm_cslot *c, int n, struct vm_val *vals,
		 const struct vm_val **out)
{
	struct vm_val *cv = &ctx->cvals[ctx->ncvals];
	uint64_t bytes = 0;
	uint32_t i;

	if (n == 1 && (!cv->s || cv->keep)) {
		/* The common case: one value, nothing to copy. */
		ctx->chashed[ctx->ncvals] = 0;
		goto done;
	}
	for (i = 0; i < (uint32_t)n; i++)
		bytes += cv[i].s && !cv[i].keep ? cv[i].len : 0;
	if (bytes > VM_CACHE_BYTES - ctx->ncbytes) {
		memcpy(vals, cv, (size_t)n * sizeof(*cv));
		return n;
	}
	for (i = 0; i < (uint32_t)n; i++) {
		ctx->chashed[ctx->ncvals + i] = 0;
		if (cv[i].s && !cv[i].keep) {
			memcpy(ctx->cbytes + ctx->ncbytes, cv[i].s, cv[i].len);
			cv[i].s = ctx->cbytes + ctx->ncbytes;
			ctx->ncbytes += cv[i].len;
		}
	}
done:
	c->gen = ctx->gen;
	c->first = (uint16_t)ctx->ncvals;
	c->n = (uint16_t)n;
	ctx->ncvals += (uint32_t)n;
	*out = cv;
	return n;
}

/*
 * Values of field ref a (0: absent), at *out: from the event's cache when
 * the ref has a slot and the context is on an event, else loaded into
 * vals with transformer output in scratch.
 */
static inline __attribute__((always_inline)) int
load(const struct vm_prog *p, const struct vm_accessor *acc, const void *ev, uint16_t a,
     struct vm_ctx *ctx, struct vm_val *vals, uint8_t *scratch, const struct vm_val **out)
{
	uint32_t cs = p->frefs[a].cslot;
	struct vm_cslot *c;

	*out = vals;
	if (!ctx->gen || !cs || cs >= VM_CACHE_SLOTS)
		return load_raw(&p->frefs[a], acc, ev, vals, scratch);
	c = &ctx->cslots[cs];
	if (c->gen == ctx->gen) {
		*out = &ctx->cvals[c->first];
		return c->n;
	}
	return vm_load_miss(&p->frefs[a], acc, ev, ctx, c, vals, scratch, out);
}

int vm_load_raw(const struct vm_fref *ref, const struct vm_accessor *acc, const void *ev,
		struct vm_val *vals, uint8_t *scratch)
{
	return load_raw(ref, acc, ev, vals, scratch);
}

int vm_load_slow(const struct vm_prog *p, const struct vm_accessor *acc, const void *ev,
		 uint16_t a, struct vm_ctx *ctx, struct vm_val *vals, uint8_t *scratch,
		 const struct vm_val **out)
{
	return load(p, acc, ev, a, ctx, vals, scratch, out);
}

void vm_ctx_wrap(struct vm_ctx *ctx)
{
	/* No slot may look current by accident. */
	memset(ctx->cslots, 0, sizeof(ctx->cslots));
	memset(ctx->memo, 0, sizeof(ctx->memo));
	ctx->last_gen = 1;
}

uint32_t vm_str_hash(const uint8_t *s, uint32_t len)
{
	uint64_t h = (uint64_t)len * 0x9e3779b97f4a7c15ULL, w;
	uint32_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	for (; i < len; i++)
		h = (h ^ s[i]) * 0x100000001b3ULL;
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return (uint32_t)(h ^ (h >> 32));
}

/* Whether needle n occurs in h (short needles: faster than memmem here). */
int vm_mem_has(const uint8_t *h, uint32_t hl, const uint8_t *n, uint32_t nl)
{
	const uint8_t *at = h, *end = h + hl;

	if (!nl)
		return 1;
	while (nl <= (uint32_t)(end - at)) {
		at = memchr(at, n[0], (size_t)(end - at) - nl + 1);
		if (!at)
			return 0;
		if (vm_bytes_eq(at + 1, n + 1, nl - 1))
			return 1;
		at++;
	}
	return 0;
}

static int mem_icontains(const uint8_t *h, uint32_t hl, const uint8_t *n, uint32_t nl)
{
	uint32_t i, j;

	if (nl > hl)
		return 0;
	for (i = 0; i + nl <= hl; i++) {
		for (j = 0; j < nl && vm_lower(h[i + j]) == vm_lower(n[j]); j++)
			;
		if (j == nl)
			return 1;
	}
	return 0;
}

static int nset_has(const struct vm_prog *p, const struct vm_set *set, uint64_t u)
{
	uint32_t lo = set->first, hi = set->first + set->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (p->nums[mid] == u)
			return 1;
		if (p->nums[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int net_has(const struct vm_val *net, const struct vm_val *v)
{
	unsigned int bytes = net->prefix / 8, bits = net->prefix % 8;

	if (net->family != v->family)
		return 0;
	if (memcmp(net->ip, v->ip, bytes))
		return 0;
	if (bits) {
		uint8_t mask = (uint8_t)(0xff << (8 - bits));

		if ((net->ip[bytes] & mask) != (v->ip[bytes] & mask))
			return 0;
	}
	return 1;
}

static int num_cmp(uint8_t op, uint8_t flags, uint64_t x, uint64_t y)
{
	int lt = flags & VMF_SIGNED ? (int64_t)x < (int64_t)y : x < y;
	int gt = flags & VMF_SIGNED ? (int64_t)x > (int64_t)y : x > y;

	switch (op) {
	case VM_NEQ:
		return x == y;
	case VM_NNE:
		return x != y;
	case VM_NLT:
		return lt;
	case VM_NLE:
		return !gt;
	case VM_NGT:
		return gt;
	case VM_NGE:
		return !lt;
	}
	return 0;
}

/* Compare one value against the instruction's operand; -1 fails closed. */
int vm_cmp_one(const struct vm_prog *p, const struct vm_insn *in, const struct vm_val *v,
		   struct vm_ctx *ctx)
{
	const struct vm_str *s;
	uint32_t i;
	int rc;

	switch (in->op) {
	case VM_SEQ:
		s = &p->strs[in->b];
		return vm_mem_eq(v->s, v->len, s->s, s->len);
	case VM_SNE:
		s = &p->strs[in->b];
		return !vm_mem_eq(v->s, v->len, s->s, s->len);
	case VM_CONTAINS:
	case VM_BCONTAINS:
		s = &p->strs[in->b];
		return vm_mem_has(v->s, v->len, s->s, s->len);
	case VM_ICONTAINS:
		s = &p->strs[in->b];
		return mem_icontains(v->s, v->len, s->s, s->len);
	case VM_STARTSWITH:
	case VM_BSTARTSWITH:
		s = &p->strs[in->b];
		return s->len <= v->len && vm_bytes_eq(v->s, s->s, s->len);
	case VM_ENDSWITH:
		s = &p->strs[in->b];
		return s->len <= v->len && vm_bytes_eq(v->s + v->len - s->len, s->s, s->len);
	case VM_GLOB:
	case VM_IGLOB:
		s = &p->strs[in->b];
		return vm_glob(s->s, s->len, v->s, v->len, in->op == VM_IGLOB);
	case VM_REGEX:
		rc = pcre2_match(p->res[in->b], v->s, v->len, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED,
				 ctx->md, ctx->mctx);
		if (rc >= 0)
			return 1;
		return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
	case VM_SIN:
		return vm_sset_has(p, &p->sets[in->b], ctx, v);
	case VM_PMATCH:
		return vm_pmatch(p, &p->sets[in->b], v->s, v->len);
	case VM_NEQ:
	case VM_NNE:
	case VM_NLT:
	case VM_NLE:
	case VM_NGT:
	case VM_NGE:
		return num_cmp(in->op, in->flags, v->u, p->nums[in->b]);
	case VM_NIN:
		return nset_has(p, &p->sets[in->b], v->u);
	case VM_IPEQ:
		return net_has(&p->nets[in->b], v);
	case VM_IPNE:
		return !net_has(&p->nets[in->b], v);
	case VM_IPIN:
		for (i = 0; i < p->sets[in->b].n; i++)
			if (net_has(&p->nets[p->sets[in->b].first + i], v))
				return 1;
		return 0;
	default:
		return -1;
	}
}

int vm_fcmp(const struct vm_prog *p, const struct vm_insn *in, const struct vm_val *x,
		const struct vm_val *y)
{
	int num = field_type_numeric(p->frefs[in->a].type) || p->frefs[in->a].type == FT_BOOL;

	if (num) {
		static const uint8_t map[] = {
			[CO_EQ] = VM_NEQ, [CO_NE] = VM_NNE, [CO_LT] = VM_NLT,
			[CO_LE] = VM_NLE, [CO_GT] = VM_NGT, [CO_GE] = VM_NGE,
		};

		if (in->flags > CO_GE)
			return -1;
		return num_cmp(map[in->flags], p->frefs[in->a].type == FT_S64 ? VMF_SIGNED : 0,
			       x->u, y->u);
	}
	switch (in->flags) {
	case CO_EQ:
	case CO_IN:
	case CO_INTERSECTS:
		return vm_mem_eq(x->s, x->len, y->s, y->len);
	case CO_NE:
		return !vm_mem_eq(x->s, x->len, y->s, y->len);
	case CO_CONTAINS:
	case CO_BCONTAINS:
		return vm_mem_has(x->s, x->len, y->s, y->len);
	case CO_ICONTAINS:
		return mem_icontains(x->s, x->len, y->s, y->len);
	case CO_STARTSWITH:
	case CO_BSTARTSWITH:
		return y->len <= x->len && !memcmp(x->s, y->s, y->len);
	case CO_ENDSWITH:
		return y->len <= x->len && !memcmp(x->s + x->len - y->len, y->s, y->len);
	case CO_GLOB:
	case CO_IGLOB:
		return vm_glob(y->s, y->len, x->s, x->len, in->flags == CO_IGLOB);
	default:
		return -1;
	}
}

/*
 * acc = whether expr holds for any loaded value v (every one with flag
 * ALL; none loaded is false), negated with flag NEG.
 */
#define CMP_EACH(expr)								\
	do {									\
		n = load(p, acc, ev, in->a, ctx, vals, ctx->scratch[0], &lv);	\
		r = 0;								\
		for (i = 0; i < n; i++) {					\
			const struct vm_val *v = &lv[i];			\
			r = (expr);						\
			if (r != !!(in->flags & VMF_ALL))			\
				break;						\
		}								\
		accu = r ^ !!(in->flags & VMF_NEG);				\
	} while (0)

/*
 * The interpreter dispatches through a table of labels behind dispatch
 * macros (a GNU C extension, as Lua's ljumptab.h and the kernel's BPF
 * interpreter do), one label per opcode from vm_opcodes.def, so an opcode
 * without a handler does not compile; DISPATCH's range check is the
 * switch's `default:` and fails closed.  It
 * runs only validated programs (vm.h): every jump lands inside and the
 * last instruction is RET, so it needs no bounds checks on the way; an
 * unknown opcode still fails closed.  A test is nearly always followed by its branch:
 * TAKE takes it in the same step, and a branch that lands on the RET
 * returns there at once.
 */
#define DISPATCH()							\
	do {								\
		if (__builtin_expect(in->op >= VM_NR_OPS, 0))		\
			goto fail;					\
		goto *labels[in->op];					\
	} while (0)
#define NEXT()		do { in++; DISPATCH(); } while (0)
#define TAKE()								\
	do {								\
		in++;							\
		if (in->op == VM_JF)					\
			in += accu ? 1 : in->b + 1;			\
		else if (in->op == VM_JT)				\
			in += accu ? in->b + 1 : 1;			\
		DISPATCH();						\
	} while (0)

int vm_run_each(const struct vm_guarded *first, size_t stride, uint32_t count,
		const struct vm_accessor *acc, const void *ev, struct vm_ctx *ctx,
		void (*hit)(void *arg, uint32_t i), void *arg)
{
	static const void *const labels[VM_NR_OPS] = {
#define VM_OP(name, kind, desc)	[VM_##name] = &&op_##name,
#include "vm_opcodes.def"
#undef VM_OP
	};
	struct vm_val vals[VM_MAX_VALS], rvals[VM_MAX_VALS];
	const struct vm_val *lv, *rv;
	const struct vm_guarded *g = first;
	const struct vm_prog *p;
	const struct vm_insn *in;
	const struct vm_str *s;
	int accu, n, m, i, r, matches = 0;
	uint32_t k = 0, j;

next:
	for (; k < count; k++) {
		g = (const struct vm_guarded *)((const char *)first + k * stride);
		for (j = 0; j < g->nguard; j++) {
			const struct vm_memo *mm = &ctx->memo[g->guard[j]];

			if (ctx->gen && mm->gen == ctx->gen && !mm->val)
				break;
		}
		if (j == g->nguard)
			break;	/* else a shared macro it needs is false */
	}
	if (k == count)
		return matches;
	p = &g->prog;
	in = p->code;
	accu = 0;
	if (!p->ncode || p->code[p->ncode - 1].op != VM_RET)
		goto fail;
	DISPATCH();
op_RET:
	if (accu) {
		matches++;
		if (hit)
			hit(arg, k);
	}
	k++;
	goto next;
op_JT:
	in += accu ? in->b + 1 : 1;
	DISPATCH();
op_JF:
	in += accu ? 1 : in->b + 1;
	DISPATCH();
op_NOT:
	accu = !accu;
	NEXT();
op_CONST:
	accu = in->b != 0;
	TAKE();
op_MEMO:
	if (!ctx->gen || ctx->memo[in->a].gen != ctx->gen)
		NEXT();
	/* Known: land after the MSET, taking the branch found there. */
	accu = (int)ctx->memo[in->a].val;
	in += in->b;
	TAKE();
op_MSET:
	if (ctx->gen) {
		ctx->memo[in->a].gen = ctx->gen;
		ctx->memo[in->a].val = (uint32_t)accu;
	}
	TAKE();
op_EXISTS:
	n = load(p, acc, ev, in->a, ctx, vals, ctx->scratch[0], &lv);
	accu = (n > 0) ^ !!(in->flags & VMF_NEG);
	TAKE();
op_SEQ:
	s = &p->strs[in->b];
	CMP_EACH(vm_mem_eq(v->s, v->len, s->s, s->len));
	TAKE();
op_STARTSWITH:
	s = &p->strs[in->b];
	CMP_EACH(s->len <= v->len && vm_bytes_eq(v->s, s->s, s->len));
	TAKE();
op_SIN:
	CMP_EACH(vm_sset_has(p, &p->sets[in->b], ctx, v));
	TAKE();
op_PMATCH:
	CMP_EACH(vm_pmatch(p, &p->sets[in->b], v->s, v->len));
	TAKE();
op_NEQ:
	CMP_EACH(v->u == p->nums[in->b]);
	TAKE();
op_FCMP:
	n = load(p, acc, ev, in->a, ctx, vals, ctx->scratch[0], &lv);
	m = n ? load(p, acc, ev, (uint16_t)in->b, ctx, rvals, ctx->scratch[1], &rv) : 0;
	accu = 0;
	if (n && m) {
		r = vm_fcmp(p, in, &lv[0], &rv[0]);
		if (r < 0)
			goto fail;
		accu = r;
	}
	TAKE();
op_SNE:
op_CONTAINS:
op_ICONTAINS:
op_ENDSWITH:
op_GLOB:
op_IGLOB:
op_BCONTAINS:
op_BSTARTSWITH:
op_REGEX:
op_NNE:
op_NLT:
op_NLE:
op_NGT:
op_NGE:
op_NIN:
op_IPEQ:
op_IPNE:
op_IPIN:
	n = load(p, acc, ev, in->a, ctx, vals, ctx->scratch[0], &lv);
	r = 0;
	for (i = 0; i < n; i++) {
		r = vm_cmp_one(p, in, &lv[i], ctx);
		if (r < 0)
			goto fail;
		if (r != !!(in->flags & VMF_ALL))
			break;
	}
	accu = r ^ !!(in->flags & VMF_NEG);
	TAKE();
fail:
	ctx->faults++;
	k++;
	goto next;
}

int vm_run(const struct vm_prog *p, const struct vm_accessor *acc, const void *ev,
	   struct vm_ctx *ctx)
{
	struct vm_guarded g = { .prog = *p };
	uint64_t faults = ctx->faults;
	int r = vm_run_each(&g, sizeof(g), 1, acc, ev, ctx, NULL, NULL);

	return ctx->faults != faults ? -EINVAL : r;
}

void vm_prog_free(struct vm_prog *p)
{
	uint32_t i;

	if (!p)
		return;
	for (i = 0; i < p->nres; i++)
		pcre2_code_free(p->res[i]);
	free(p->res);
	free(p->hslots);
	free(p->code);
	free(p->frefs);
	free(p->strs);
	free(p->nums);
	free(p->nets);
	free(p->sets);
	free(p->pool);
	memset(p, 0, sizeof(*p));
}

/*
 * Glob: '*' any run, '?' one byte, '[...]' a class ('!' or '^' negates,
 * ranges with '-'), '\' quotes the next byte.  Iterative with one
 * backtrack point, so it is O(len(pattern) * len(s)) and never recurses.
 */
static int class_match(const uint8_t *pat, size_t plen, size_t *pi, uint8_t c, int icase)
{
	size_t i = *pi + 1;
	int neg = 0, hit = 0, first = 1;

	if (i < plen && (pat[i] == '!' || pat[i] == '^')) {
		neg = 1;
		i++;
	}
	for (; i < plen && (first || pat[i] != ']'); i++, first = 0) {
		uint8_t lo = pat[i], hi = lo;

		if (i + 2 < plen && pat[i + 1] == '-' && pat[i + 2] != ']') {
			hi = pat[i + 2];
			i += 2;
		}
		if (icase ? (vm_lower(c) >= vm_lower(lo) && vm_lower(c) <= vm_lower(hi)) : (c >= lo && c <= hi))
			hit = 1;
	}
	if (i >= plen)
		return -1;	/* no closing ']': treat '[' literally */
	*pi = i + 1;
	return hit != neg;
}

int vm_glob(const uint8_t *pat, size_t plen, const uint8_t *s, size_t slen, int icase)
{
	size_t pi = 0, si = 0, star_p = (size_t)-1, star_s = 0;

	while (si < slen) {
		if (pi < plen && pat[pi] == '*') {
			star_p = ++pi;
			star_s = si;
			continue;
		}
		if (pi < plen && pat[pi] == '?') {
			pi++;
			si++;
			continue;
		}
		if (pi < plen && pat[pi] == '[') {
			size_t np = pi;
			int r = class_match(pat, plen, &np, s[si], icase);

			if (r == 1) {
				pi = np;
				si++;
				continue;
			}
			if (r == 0)
				goto backtrack;
		}
		if (pi < plen) {
			size_t q = pi;

			if (pat[q] == '\\' && q + 1 < plen)
				q++;
			if (icase ? vm_lower(pat[q]) == vm_lower(s[si]) : pat[q] == s[si]) {
				pi = q + 1;
				si++;
				continue;
			}
		}
backtrack:
		if (star_p == (size_t)-1)
			return 0;
		pi = star_p;
		si = ++star_s;
	}
	while (pi < plen && pat[pi] == '*')
		pi++;
	return pi == plen;
}
