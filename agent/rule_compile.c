// SPDX-License-Identifier: GPL-2.0
/*
 * Compile a loaded rule set: parse every macro, then every rule (with
 * its exceptions rewritten into the condition as Falco does), expand
 * lists and macros with load-order visibility, type check, derive the
 * event types, emit and validate the program, and index the enabled
 * rules by event type.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cond_expand.h"
#include "cond_lex.h"
#include "fields.h"
#include "outfmt.h"
#include "rule_memo.h"
#include "rule_set.h"
#include "vm_emit.h"

#define CC	"LOAD_ERR_COMPILE_CONDITION"

struct cctx {
	struct rule_set *rs;
	int macro_depth;
};

static int list_cb(void *priv, const char *name, uint32_t vis,
		   const struct cond_value **items, uint32_t *n, struct cond_err *err);

/*
 * A list item written with quotes inside the YAML string ('"10.0.0.0/8"')
 * means what it would mean pasted into a condition: the quoted string.
 */
static void unquote_item(struct rule_set *rs, struct cond_value *v)
{
	struct cond_lexer lx;
	char *buf;

	if (v->len < 2 || (v->s[0] != '"' && v->s[0] != '\'') || v->s[v->len - 1] != v->s[0])
		return;
	buf = cond_alloc(&rs->arena, v->len);
	if (!buf)
		return;
	memset(&lx, 0, sizeof(lx));
	lx.s = v->s;
	lx.len = v->len;
	lx.buf = buf;
	if (cond_lex_quoted(&lx) && lx.i == v->len) {
		v->s = buf;
		v->len = (uint32_t)lx.buf_len;
		buf[lx.buf_len] = '\0';
		v->quoted = 1;
	}
}

static int list_flatten(struct cctx *c, struct rule_item *l, struct cond_err *err)
{
	struct cond_value *out = NULL;
	uint32_t i, k = 0, cap = 0;
	int r;

	if (l->state == 2)
		return 0;
	if (l->state == 1) {
		err->pos.src = UINT32_MAX;
		snprintf(err->msg, sizeof(err->msg), "list '%s' contains itself (a loop of lists)",
			 l->name);
		return -ELOOP;
	}
	if (l->state == 3) {
		snprintf(err->msg, sizeof(err->msg), "list '%s' is invalid", l->name);
		return -EINVAL;
	}
	l->state = 1;
	/* Item i of the list is at offset i of the list's own source. */
	if (!l->src.nsegs && l->nitems) {
		l->src.segs = calloc(l->nitems, sizeof(*l->src.segs));
		if (!l->src.segs)
			return -ENOMEM;
		for (i = 0; i < l->nitems; i++) {
			l->src.segs[i].start = i;
			l->src.segs[i].file = l->file;
			l->src.segs[i].node = l->item_nodes[i];
		}
		l->src.nsegs = l->nitems;
		l->src_id = rule_src_add(c->rs, &l->src);
	}
	for (i = 0; i < l->nitems; i++) {
		l->items[i].pos.src = l->src_id;
		l->items[i].pos.off = i;
		const struct cond_value *sub = NULL;
		uint32_t ns = 0, need;

		r = list_cb(c, l->items[i].s, l->vis, &sub, &ns, err);
		if (r < 0) {
			free(out);
			l->state = 3;
			return r;
		}
		if (!r) {
			unquote_item(c->rs, &l->items[i]);
			sub = &l->items[i];
			ns = 1;
		}
		need = k + ns;
		if (need > COND_MAX_LIST) {
			free(out);
			l->state = 3;
			snprintf(err->msg, sizeof(err->msg), "list '%s' has more than %d items",
				 l->name, COND_MAX_LIST);
			return -E2BIG;
		}
		if (need > cap) {
			struct cond_value *nv;

			cap = need * 2;
			nv = realloc(out, cap * sizeof(*nv));
			if (!nv) {
				free(out);
				return -ENOMEM;
			}
			out = nv;
		}
		if (ns)
			memcpy(out + k, sub, ns * sizeof(*out));
		k += ns;
	}
	free(l->flat);
	l->flat = out;
	l->nflat = k;
	l->state = 2;
	return 0;
}

static int list_cb(void *priv, const char *name, uint32_t vis,
		   const struct cond_value **items, uint32_t *n, struct cond_err *err)
{
	struct cctx *c = priv;
	struct rule_item *l = rule_set_find(c->rs, RK_LIST, name);
	int r;

	if (!l || l->index >= vis)
		return 0;
	l->used = 1;
	r = list_flatten(c, l, err);
	if (r)
		return r;
	*items = l->flat;
	*n = l->nflat;
	return 1;
}

static int macro_compile(struct cctx *c, struct rule_item *m, struct cond_err *err);

static int macro_cb(void *priv, const char *name, uint32_t vis, struct cond_node **root,
		    struct cond_err *err)
{
	struct cctx *c = priv;
	struct rule_item *m = rule_set_find(c->rs, RK_MACRO, name);
	int r;

	if (!m || m->index >= vis)
		return 0;
	m->used = 1;
	r = macro_compile(c, m, err);
	if (r)
		return r;
	*root = m->tree;
	return 1;
}

static const struct cond_expand_ops expand_ops_tmpl = { list_cb, macro_cb, NULL };

/* Parse (once) the item's condition. */
static int cond_tree(struct rule_set *rs, struct rule_item *it, struct cond_err *err)
{
	if (it->tree)
		return 0;
	it->src_id = rule_src_add(rs, &it->src);
	it->tree = cond_parse(&rs->arena, it->cond, it->cond_len, it->src_id, 0, err);
	return it->tree ? 0 : -EINVAL;
}

static int macro_compile(struct cctx *c, struct rule_item *m, struct cond_err *err)
{
	struct cond_expand_ops ops = expand_ops_tmpl;
	int r;

	if (m->state == 2)
		return 0;
	if (m->state == 1) {
		snprintf(err->msg, sizeof(err->msg), "macro '%s' uses itself (a loop of macros)",
			 m->name);
		return -ELOOP;
	}
	if (m->state == 3) {
		snprintf(err->msg, sizeof(err->msg), "macro '%s' has errors", m->name);
		return -EINVAL;
	}
	if (c->macro_depth >= RULE_MAX_MACRO_DEPTH) {
		snprintf(err->msg, sizeof(err->msg), "macros nested more than %d deep",
			 RULE_MAX_MACRO_DEPTH);
		return -E2BIG;
	}
	ops.priv = c;
	m->state = 1;
	c->macro_depth++;
	r = cond_tree(c->rs, m, err);
	if (!r)
		r = cond_expand_lists(&c->rs->arena, m->tree, &ops, m->vis + 1, err);
	if (!r)
		r = cond_expand_macros(m->tree, &ops, m->vis + 1, err);
	c->macro_depth--;
	m->state = r ? 3 : 2;
	return r;
}

/* ---- exceptions ---- */

static struct cond_node *mk(struct rule_set *rs, enum cond_kind kind, struct cond_pos pos,
			    uint32_t nkids)
{
	struct cond_node *n = cond_alloc(&rs->arena, sizeof(*n));

	if (!n)
		return NULL;
	n->kind = kind;
	n->pos = pos;
	if (nkids) {
		n->kids = cond_alloc(&rs->arena, nkids * sizeof(*n->kids));
		if (!n->kids)
			return NULL;
	}
	return n;
}

static const char *op_from(const char *s, enum cond_op *op)
{
	static const struct { const char *s; enum cond_op op; } ops[] = {
		{ "=", CO_EQ }, { "==", CO_EQ }, { "!=", CO_NE }, { "<", CO_LT }, { "<=", CO_LE },
		{ ">", CO_GT }, { ">=", CO_GE }, { "contains", CO_CONTAINS },
		{ "icontains", CO_ICONTAINS }, { "bcontains", CO_BCONTAINS },
		{ "startswith", CO_STARTSWITH }, { "bstartswith", CO_BSTARTSWITH },
		{ "endswith", CO_ENDSWITH }, { "glob", CO_GLOB }, { "iglob", CO_IGLOB },
		{ "regex", CO_REGEX }, { "in", CO_IN }, { "intersects", CO_INTERSECTS },
		{ "pmatch", CO_PMATCH },
	};
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (!strcmp(ops[i].s, s)) {
			*op = ops[i].op;
			return s;
		}
	}
	return NULL;
}

static int exc_check(struct rule_set *rs, struct cond_node **out, const struct ynode *field,
		     const struct ynode *comp, const struct ynode *val, struct cond_pos pos,
		     int single, struct cond_err *err)
{
	struct cond_node *n = mk(rs, COND_CHECK, pos, 0);
	size_t i;

	if (!n)
		return -ENOMEM;
	if (field->kind != YNODE_SCALAR) {
		snprintf(err->msg, sizeof(err->msg), "exception fields must be strings");
		return -EINVAL;
	}
	/* A field may carry an argument: proc.aname[2]. */
	{
		const char *br = strchr(field->str, '[');

		n->lhs.name = br ? cond_strndup(&rs->arena, field->str, (size_t)(br - field->str)) :
			      field->str;
		if (br) {
			size_t al = strlen(br + 1);

			if (!al || br[al] != ']') {
				snprintf(err->msg, sizeof(err->msg), "bad field '%s' in exception",
					 field->str);
				return -EINVAL;
			}
			n->lhs.arg = cond_strndup(&rs->arena, br + 1, al - 1);
		}
	}
	n->lhs.fid = -1;
	n->lhs.pos = pos;
	n->op = single ? CO_IN : CO_EQ;
	if (comp && (comp->kind != YNODE_SCALAR || !op_from(comp->str, &n->op))) {
		snprintf(err->msg, sizeof(err->msg), "'%s' is not a valid comparison operator",
			 comp->kind == YNODE_SCALAR ? comp->str : "?");
		return -EINVAL;
	}
	if (val->kind == YNODE_SEQ || n->op == CO_IN || n->op == CO_INTERSECTS ||
	    n->op == CO_PMATCH) {
		uint32_t cnt = val->kind == YNODE_SEQ ? (uint32_t)val->n : 1;

		n->rhs = val->kind == YNODE_SEQ ? RHS_LIST : RHS_VALUE;
		n->vals = cond_alloc(&rs->arena, (cnt ? cnt : 1) * sizeof(*n->vals));
		if (!n->vals)
			return -ENOMEM;
		for (i = 0; i < cnt; i++) {
			const struct ynode *v = val->kind == YNODE_SEQ ? val->kids[i] : val;

			if (v->kind != YNODE_SCALAR) {
				snprintf(err->msg, sizeof(err->msg), "exception values must be strings");
				return -EINVAL;
			}
			n->vals[i].s = v->str;
			n->vals[i].len = (uint32_t)v->len;
			n->vals[i].pos = pos;
		}
		n->nvals = cnt;
		if (n->rhs == RHS_LIST && !(n->op == CO_IN || n->op == CO_INTERSECTS ||
					    n->op == CO_PMATCH)) {
			snprintf(err->msg, sizeof(err->msg), "a list value needs 'in', 'intersects' or "
				 "'pmatch'");
			return -EINVAL;
		}
	} else {
		if (val->kind != YNODE_SCALAR) {
			snprintf(err->msg, sizeof(err->msg), "exception values must be strings");
			return -EINVAL;
		}
		n->rhs = RHS_VALUE;
		n->vals = cond_alloc(&rs->arena, sizeof(*n->vals));
		if (!n->vals)
			return -ENOMEM;
		n->vals[0].s = val->str;
		n->vals[0].len = (uint32_t)val->len;
		n->vals[0].pos = pos;
		n->nvals = 1;
	}
	*out = n;
	return 0;
}

/* root and not (exc1 or exc2 ...), each exc an or of value tuples. */
static int add_exceptions(struct rule_set *rs, struct rule_item *r, struct cond_err *err)
{
	struct cond_node *ors, *and, *not;
	uint32_t i, k, nt = 0;
	int ret;

	for (i = 0; i < r->nexcs; i++)
		nt += r->excs[i].nvalues;
	if (!nt)
		return 0;
	ors = mk(rs, COND_OR, r->tree->pos, nt);
	if (!ors)
		return -ENOMEM;
	for (i = 0; i < r->nexcs; i++) {
		struct rule_exc *x = &r->excs[i];
		struct rule_src *src = cond_alloc(&rs->arena, sizeof(*src));
		struct cond_pos pos;

		if (!src || !(src->segs = cond_alloc(&rs->arena, sizeof(*src->segs))))
			return -ENOMEM;
		src->nsegs = 1;
		src->segs[0].file = x->file;
		src->segs[0].node = x->node;
		pos.src = rule_src_add(rs, src);
		pos.off = 0;
		err->pos = pos;
		for (k = 0; k < x->nvalues; k++) {
			const struct ynode *v = x->values[k];

			if (x->fields->kind == YNODE_SCALAR) {
				ret = exc_check(rs, &ors->kids[ors->n], x->fields, x->comps, v, pos, 1, err);
			} else {
				struct cond_node *tuple = mk(rs, COND_AND, pos, (uint32_t)x->fields->n);
				size_t f;

				if (!tuple)
					return -ENOMEM;
				for (f = 0, ret = 0; !ret && f < x->fields->n; f++) {
					ret = exc_check(rs, &tuple->kids[f], x->fields->kids[f],
							x->comps ? x->comps->kids[f] : NULL, v->kids[f],
							pos, 0, err);
					tuple->n++;
				}
				ors->kids[ors->n] = tuple;
			}
			if (ret) {
				char m[256];

				memcpy(m, err->msg, sizeof(m));
				snprintf(err->msg, sizeof(err->msg), "exception %.60s: %.170s", x->name, m);
				return ret;
			}
			ors->n++;
		}
	}
	not = mk(rs, COND_NOT, r->tree->pos, 1);
	and = mk(rs, COND_AND, r->tree->pos, 2);
	if (!not || !and)
		return -ENOMEM;
	not->kids[0] = ors;
	not->n = 1;
	and->kids[0] = r->tree;
	and->kids[1] = not;
	and->n = 2;
	r->tree = and;
	return 0;
}

static void rule_compile(struct cctx *c, struct rule_item *r)
{
	struct rule_set *rs = c->rs;
	struct cond_expand_ops ops = expand_ops_tmpl;
	struct cond_err err;
	int ret;

	ops.priv = c;
	memset(&err, 0, sizeof(err));
	ret = cond_tree(rs, r, &err);
	if (ret) {
		rule_diag_cond(rs, 1, &err, CC, "rule", r->name);
		return;
	}
	ret = add_exceptions(rs, r, &err);
	if (ret) {
		rule_diag_cond(rs, 1, &err, "LOAD_ERR_YAML_VALIDATE", "rule", r->name);
		return;
	}
	err.pos.src = UINT32_MAX;
	/* Rules see every list and macro (Falco's MAX_VISIBILITY). */
	ret = cond_expand_lists(&rs->arena, r->tree, &ops, UINT32_MAX, &err);
	if (!ret)
		ret = cond_expand_macros(r->tree, &ops, UINT32_MAX, &err);
	if (ret) {
		rule_diag_cond(rs, 1, &err, CC, "rule", r->name);
		return;
	}
	if (r->source && strcmp(r->source, "syscall")) {
		rule_diag_add(rs, 0, r->file, ynode_get(r->node, "source"), 0, "LOAD_UNKNOWN_SOURCE",
			      "rule", r->name, "Unknown source %s, skipping", r->source);
		return;
	}
	ret = cond_typecheck(r->tree, &err);
	if (ret == -ENOENT && r->skip_unknown) {
		rule_diag_cond(rs, 0, &err, "LOAD_UNKNOWN_FILTER", "rule", r->name);
		return;
	}
	if (ret) {
		rule_diag_cond(rs, 1, &err, ret == -ENOENT ? "LOAD_UNKNOWN_FIELD" : CC, "rule",
			       r->name);
		return;
	}
	ret = rule_evt_derive(r->tree, &r->evts);
	if (ret) {
		err.pos = r->tree->pos;
		snprintf(err.msg, sizeof(err.msg), "condition too large after macro expansion");
		rule_diag_cond(rs, 1, &err, CC, "rule", r->name);
		return;
	}
	if (rule_evt_is_all(&r->evts) && r->warn_evttypes)
		rule_diag_add(rs, 0, r->file, ynode_get(r->node, "condition"), 0, "LOAD_NO_EVTTYPE",
			      "rule", r->name, "Rule matches too many evt.type values. This has a "
			      "significant performance penalty.");
	r->ready = 1;
}

/* Emit and validate a checked rule's program, its shared macros memoised. */
static void rule_emit(struct rule_set *rs, struct rule_item *r, const struct vm_memo_map *memo)
{
	struct cond_err err;
	int ret;

	memset(&err, 0, sizeof(err));
	r->ready = 0;
	ret = vm_emit_memo(r->tree, &r->prog, memo, &err);
	if (ret) {
		rule_diag_cond(rs, 1, &err, CC, "rule", r->name);
		return;
	}
	ret = rule_evt_fold(&r->prog, &r->evts);
	if (ret)
		snprintf(err.msg, sizeof(err.msg), "out of memory");
	else
		ret = vm_validate(&r->prog, err.msg, sizeof(err.msg));
	if (ret) {
		err.pos = r->tree->pos;
		rule_diag_cond(rs, 1, &err, CC, "rule", r->name);
		vm_prog_free(&r->prog);
		return;
	}
	r->compiled = 1;
}

/* The output string's %fields must exist, as Falco checks at load. */
static void output_check(struct rule_set *rs, struct rule_item *r)
{
	struct outfmt f;
	char why[256];
	int ret;

	if (!r->output)
		return;
	ret = outfmt_compile(&f, r->output, NULL, why, sizeof(why));
	if (ret == -ENOMEM)
		snprintf(why, sizeof(why), "out of memory");
	if (ret) {
		rule_diag_add(rs, 1, r->file, ynode_get(r->node, "output"), 0,
			      "LOAD_ERR_COMPILE_OUTPUT", "rule", r->name, "%s", why);
		r->compiled = 0;
		vm_prog_free(&r->prog);
		return;
	}
	outfmt_free(&f);
}

static int fref_same(const struct vm_fref *a, const struct vm_fref *b)
{
	return a->fid == b->fid && a->nxf == b->nxf && !memcmp(a->xf, b->xf, a->nxf) &&
	       a->type == b->type && a->idx == b->idx && a->keylen == b->keylen &&
	       (!a->keylen || !memcmp(a->key, b->key, a->keylen));
}

/*
 * Give every distinct field ref of the compiled rules one per-event cache
 * slot (vm.h), so that a field several rules test is loaded once per
 * event.  Refs past the cache's size stay uncached.
 */
static void assign_cslots(struct rule_set *rs)
{
	const struct vm_fref **seen;
	uint32_t nseen = 0, i, j, k;

	seen = calloc(VM_CACHE_SLOTS, sizeof(*seen));
	for (i = 0; i < rs->nitems[RK_RULE]; i++) {
		struct vm_prog *p = &rs->items[RK_RULE][i]->prog;

		if (!rs->items[RK_RULE][i]->compiled)
			continue;
		for (j = 0; j < p->nfrefs; j++) {
			struct vm_fref *f = &p->frefs[j];

			f->cslot = 0;
			if (!seen)
				continue;
			for (k = 0; k < nseen && !fref_same(seen[k], f); k++)
				;
			if (k == nseen && nseen + 1 < VM_CACHE_SLOTS)
				seen[nseen++] = f;
			if (k < nseen)
				f->cslot = k + 1;
		}
	}
	free(seen);
}

void rule_set_index_free(struct rule_set *rs)
{
	uint32_t t, i;

	for (t = 0; t < VIGIL_EV_MAX; t++) {
		for (i = 0; i < rs->nby_type[t]; i++)
			if (rs->by_type[t][i].own)
				free(rs->by_type[t][i].g.prog.code);
		free(rs->by_type[t]);
		vm_graph_free(&rs->graph[t]);
		rs->by_type[t] = NULL;
		rs->nby_type[t] = 0;
	}
}

/* Whether p tests evt.type at all (only then can a type specialise it). */
static int tests_evt_type(const struct vm_prog *p)
{
	uint32_t pc;

	for (pc = 0; pc < p->ncode; pc++)
		if ((p->code[pc].op == VM_SIN || p->code[pc].op == VM_SEQ) &&
		    p->frefs[p->code[pc].a].fid == FID_EVT_TYPE)
			return 1;
	return 0;
}

/*
 * Rule r as it runs on type t: its own program, or a copy of its code
 * with the evt.type tests t decides folded.  A copy that fails (memory,
 * or the validator, which it cannot fail) falls back to the rule's own.
 */
static void run_for_type(struct rule_run *run, const struct rule_item *r, uint32_t i,
			 unsigned int t, int specialise)
{
	struct vm_insn *code;
	char why[128];

	run->rule = i;
	run->own = 0;
	run->g.prog = r->prog;
	if (!specialise)
		return;
	code = malloc(r->prog.ncode * sizeof(*code));
	if (!code)
		return;
	memcpy(code, r->prog.code, r->prog.ncode * sizeof(*code));
	run->g.prog.code = code;
	if (rule_evt_fold_type(&run->g.prog, t) == 1 &&
	    !vm_validate(&run->g.prog, why, sizeof(why))) {
		run->own = 1;
		return;
	}
	free(code);
	run->g.prog = r->prog;
}

/*
 * The leading guards of a program: MEMO m whose code ends (the MSET) just
 * before a JF to a RET, or before the RET itself; each next guard starts
 * where the JF falls through.
 */
static void find_guards(struct rule_run *run)
{
	const struct vm_prog *p = &run->g.prog;
	uint32_t pc = 0, t;

	run->g.nguard = 0;
	while (run->g.nguard < VM_GUARDS && pc < p->ncode && p->code[pc].op == VM_MEMO) {
		t = pc + 1 + p->code[pc].b;
		if (t < 1 || t >= p->ncode || p->code[t - 1].op != VM_MSET ||
		    p->code[t - 1].a != p->code[pc].a)
			break;
		if (p->code[t].op == VM_RET) {
			run->g.guard[run->g.nguard++] = p->code[pc].a;
			break;
		}
		if (p->code[t].op != VM_JF || t + 1 + p->code[t].b >= p->ncode ||
		    p->code[t + 1 + p->code[t].b].op != VM_RET)
			break;
		run->g.guard[run->g.nguard++] = p->code[pc].a;
		pc = t + 1;
	}
}

static void build_index(struct rule_set *rs)
{
	uint32_t i, t;

	memset(rs->bitmap, 0, sizeof(rs->bitmap));
	rule_set_index_free(rs);
	for (i = 0; i < rs->nitems[RK_RULE]; i++) {
		struct rule_item *r = rs->items[RK_RULE][i];
		int specialise;

		if (!r->compiled || !r->enabled)
			continue;
		rule_evt_set_nrs(&r->evts, rs->bitmap);
		if (rule_evt_has(&r->evts, VIGIL_EV_GENERIC))
			rule_evt_syscalls(r->tree, rs->bitmap);
		specialise = tests_evt_type(&r->prog);
		for (t = 1; t < VIGIL_EV_MAX; t++) {
			struct rule_run *n;

			if (!rule_evt_has(&r->evts, t))
				continue;
			n = realloc(rs->by_type[t], (rs->nby_type[t] + 1) * sizeof(*n));
			if (!n)
				continue;
			rs->by_type[t] = n;
			run_for_type(&n[rs->nby_type[t]], r, i, t, specialise);
			find_guards(&n[rs->nby_type[t]++]);
		}
	}
	/* Without memory for a graph, a type's rules run one by one. */
	for (t = 1; t < VIGIL_EV_MAX; t++)
		if (rs->nby_type[t])
			vm_graph_build(&rs->graph[t], &rs->by_type[t][0].g, sizeof(rs->by_type[t][0]),
				       rs->nby_type[t]);
}

/*
 * Emit every checked rule, giving the macros that two or more of them use
 * a memo slot (rule_memo.h); without memory for the count, none has one.
 */
static void emit_all(struct rule_set *rs)
{
	const struct cond_node **trees = calloc(rs->nitems[RK_RULE] + 1, sizeof(*trees));
	struct rule_memo memo = { 0 };
	struct vm_memo_map map = { rule_memo_slot, &memo };
	uint32_t i;

	for (i = 0; trees && i < rs->nitems[RK_RULE]; i++)
		if (rs->items[RK_RULE][i]->ready)
			trees[i] = rs->items[RK_RULE][i]->tree;
	if (trees)
		rule_memo_build(&memo, trees, rs->nitems[RK_RULE]);
	free(trees);
	for (i = 0; i < rs->nitems[RK_RULE]; i++) {
		struct rule_item *r = rs->items[RK_RULE][i];

		if (!r->ready)
			continue;
		rule_emit(rs, r, &map);
		if (r->compiled)
			output_check(rs, r);
	}
	rs->nmemo = memo.nslots;
	rule_memo_free(&memo);
}

int rule_set_compile(struct rule_set *rs)
{
	struct cctx c = { rs, 0 };
	struct cond_err err;
	uint32_t i;

	for (i = 0; i < rs->nitems[RK_MACRO]; i++) {
		struct rule_item *m = rs->items[RK_MACRO][i];

		memset(&err, 0, sizeof(err));
		err.pos.src = UINT32_MAX;
		if (m->state == 3)
			continue;	/* already reported where it failed */
		if (macro_compile(&c, m, &err) && err.msg[0]) {
			if (err.pos.src == UINT32_MAX || err.pos.src >= rs->nsrcs)
				rule_diag_add(rs, 1, m->file, ynode_get(m->node, "condition"), 0, CC,
					      "macro", m->name, "%s", err.msg);
			else
				rule_diag_cond(rs, 1, &err, CC, "macro", m->name);
		}
	}
	for (i = 0; i < rs->nitems[RK_LIST]; i++) {
		struct rule_item *l = rs->items[RK_LIST][i];

		memset(&err, 0, sizeof(err));
		if (l->state == 3)
			continue;
		if (list_flatten(&c, l, &err) && l->state == 3 && err.msg[0])
			rule_diag_add(rs, 1, l->file, ynode_get(l->node, "items"), 0, CC, "list",
				      l->name, "%s", err.msg);
	}
	/* Lists expanded only by the pass above are not "used". */
	for (i = 0; i < rs->nitems[RK_RULE]; i++)
		rule_compile(&c, rs->items[RK_RULE][i]);
	emit_all(rs);
	for (i = 0; i < rs->nitems[RK_MACRO]; i++) {
		struct rule_item *m = rs->items[RK_MACRO][i];

		if (!m->used)
			rule_diag_add(rs, 0, m->file, ynode_get(m->node, "macro"), 0, "LOAD_UNUSED_MACRO",
				      "macro", m->name, "Macro not referred to by any other rule/macro");
	}
	for (i = 0; i < rs->nitems[RK_LIST]; i++) {
		struct rule_item *l = rs->items[RK_LIST][i];

		if (!l->used)
			rule_diag_add(rs, 0, l->file, ynode_get(l->node, "list"), 0, "LOAD_UNUSED_LIST",
				      "list", l->name, "List not referred to by any other rule/macro/list");
	}
	assign_cslots(rs);
	build_index(rs);
	return (int)rs->nerrors;
}
