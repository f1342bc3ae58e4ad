// SPDX-License-Identifier: GPL-2.0
/*
 * Recursive-descent parser for Falco conditions.
 *
 *   Expr      ::= Or
 *   Or        ::= And ('or' And)*
 *   And       ::= Not ('and' Not)*
 *   Not       ::= 'not' Not | Check
 *   Check     ::= '(' Or ')' | Lhs Cond | Identifier
 *   Lhs       ::= Field | Xf '(' Lhs ')'
 *   Field     ::= FieldName ('[' (Quoted | ArgBare) ']')?
 *   Cond      ::= 'exists' | NumOp (Number | Rhs) | StrOp (Rhs | Value)
 *               | ListOp ('(' (Value (',' Value)*)? ')' | Rhs | Identifier)
 *   Rhs       ::= 'val(' Field ')' | Xf '(' Lhs ')'
 *
 * Nesting depth is bounded by COND_MAX_DEPTH, so deep input is an error
 * and never a stack overflow.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cond_ast.h"
#include "cond_lex.h"

const char *const cond_op_names[CO_NR] = {
	[CO_EQ] = "=", [CO_NE] = "!=", [CO_LT] = "<", [CO_LE] = "<=",
	[CO_GT] = ">", [CO_GE] = ">=", [CO_CONTAINS] = "contains",
	[CO_ICONTAINS] = "icontains", [CO_BCONTAINS] = "bcontains",
	[CO_STARTSWITH] = "startswith", [CO_BSTARTSWITH] = "bstartswith",
	[CO_ENDSWITH] = "endswith", [CO_GLOB] = "glob", [CO_IGLOB] = "iglob",
	[CO_REGEX] = "regex", [CO_IN] = "in", [CO_INTERSECTS] = "intersects",
	[CO_PMATCH] = "pmatch", [CO_EXISTS] = "exists",
};

const char *const cond_xf_names[XF_NR] = {
	[XF_TOLOWER] = "tolower", [XF_TOUPPER] = "toupper", [XF_B64] = "b64",
	[XF_BASENAME] = "basename", [XF_LEN] = "len",
};

/* ---- arena ---- */

struct cond_chunk {
	struct cond_chunk *next;
	size_t used, size;
	char data[];
};

#define COND_CHUNK	(64 * 1024)

void *cond_alloc(struct cond_arena *a, size_t size)
{
	struct cond_chunk *c = a->head;
	void *p;

	size = (size + 15) & ~(size_t)15;
	if (!c || c->size - c->used < size) {
		size_t csize = size > COND_CHUNK ? size : COND_CHUNK;

		c = malloc(sizeof(*c) + csize);
		if (!c)
			return NULL;
		c->used = 0;
		c->size = csize;
		c->next = a->head;
		a->head = c;
		a->total += csize;
	}
	p = c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

char *cond_strndup(struct cond_arena *a, const char *s, size_t n)
{
	char *p = cond_alloc(a, n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

void cond_arena_free(struct cond_arena *a)
{
	struct cond_chunk *c, *next;

	for (c = a->head; c; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->total = 0;
}

/* ---- parser ---- */

struct cparser {
	struct cond_lexer lx;
	struct cond_arena *a;
	uint32_t src, base;
	int depth;
	struct cond_err *err;
	int failed;
};

static void *perr(struct cparser *p, size_t at, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return NULL;
	p->failed = 1;
	p->err->pos.src = p->src;
	p->err->pos.off = p->base + (uint32_t)at;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return NULL;
}

static struct cond_pos ppos(struct cparser *p, size_t at)
{
	struct cond_pos pos = { p->src, p->base + (uint32_t)at };

	return pos;
}

static struct cond_node *pnode(struct cparser *p, enum cond_kind kind, size_t at)
{
	struct cond_node *n = cond_alloc(p->a, sizeof(*n));

	if (!n)
		return perr(p, at, "out of memory");
	n->kind = kind;
	n->pos = ppos(p, at);
	return n;
}

/* The last token's text (unescaped when quoted), copied into the arena. */
static const char *ptok(struct cparser *p, uint32_t *len)
{
	struct cond_lexer *lx = &p->lx;
	const char *s;
	size_t n;

	if (lx->buf_len || (lx->tok_len >= 2 && (lx->s[lx->tok_start] == '"' ||
						  lx->s[lx->tok_start] == '\''))) {
		s = lx->buf;
		n = lx->buf_len;
	} else {
		s = lx->s + lx->tok_start;
		n = lx->tok_len;
	}
	if (len)
		*len = (uint32_t)n;
	s = cond_strndup(p->a, s, n);
	if (!s)
		perr(p, lx->tok_start, "out of memory");
	return s;
}

static int pdepth_in(struct cparser *p)
{
	if (++p->depth > COND_MAX_DEPTH) {
		perr(p, p->lx.i, "exceeded max depth limit of %d", COND_MAX_DEPTH);
		return -1;
	}
	return 0;
}

static struct cond_node *parse_or(struct cparser *p);

static struct cond_node *parse_embedded(struct cparser *p)
{
	struct cond_node *n;

	if (pdepth_in(p))
		return NULL;
	cond_lex_blank(&p->lx);
	n = parse_or(p);
	if (!n)
		return NULL;
	cond_lex_blank(&p->lx);
	if (!cond_lex_str(&p->lx, ")"))
		return perr(p, p->lx.i, "expected a ')' token");
	p->depth--;
	return n;
}

static int lex_xf(struct cparser *p, int *xf)
{
	int i;
	char word[16];

	for (i = 0; i < XF_NR; i++) {
		snprintf(word, sizeof(word), "%s(", cond_xf_names[i]);
		if (cond_lex_str(&p->lx, word)) {
			*xf = i;
			return 1;
		}
	}
	return 0;
}

static int parse_field(struct cparser *p, struct cond_field *f)
{
	struct cond_lexer *lx = &p->lx;
	size_t at = lx->i;

	if (!cond_lex_field_name(lx))
		return -1;
	f->pos = ppos(p, at);
	f->fid = -1;
	f->name = ptok(p, NULL);
	if (!f->name)
		return -1;
	if (cond_lex_str(lx, "[")) {
		if (!cond_lex_quoted(lx) && !cond_lex_field_arg_bare(lx)) {
			perr(p, lx->i, "%s", lx->err ? lx->err :
			     "expected a valid field argument: a quoted string or a bare string");
			return -1;
		}
		f->arg = ptok(p, NULL);
		if (!f->arg)
			return -1;
		if (!cond_lex_str(lx, "]")) {
			perr(p, lx->i, "expected a ']' token");
			return -1;
		}
	}
	return 0;
}

/* Lhs after a transformer's '(': a field or another transformer, then ')'. */
static int parse_xf_rest(struct cparser *p, struct cond_field *f, int xf, size_t at)
{
	struct cond_lexer *lx = &p->lx;
	int inner;

	if (pdepth_in(p))
		return -1;
	cond_lex_blank(lx);
	if (lex_xf(p, &inner)) {
		if (parse_xf_rest(p, f, inner, lx->tok_start))
			return -1;
	} else if (parse_field(p, f)) {
		return p->failed ? -1 : (perr(p, lx->i,
			"expected a field or a nested valid transformer: 'val', 'tolower', "
			"'toupper', 'b64', 'basename', 'len'"), -1);
	}
	if (f->nxf >= COND_MAX_XF) {
		perr(p, at, "more than %d nested transformers", COND_MAX_XF);
		return -1;
	}
	f->xf[f->nxf++] = (uint8_t)xf;
	f->pos = ppos(p, at);
	cond_lex_blank(lx);
	if (!cond_lex_str(lx, ")")) {
		perr(p, lx->i, "expected a ')' token closing the transformer");
		return -1;
	}
	p->depth--;
	return 0;
}

/* val(field) or a transformer on the right-hand side; 1 if found. */
static int parse_rhs_field(struct cparser *p, struct cond_node *n)
{
	struct cond_lexer *lx = &p->lx;
	size_t at = lx->i;
	int xf;

	if (cond_lex_str(lx, "val(")) {
		cond_lex_blank(lx);
		if (parse_field(p, &n->rfield)) {
			if (!p->failed)
				perr(p, lx->i, "expected a field within 'val' transformer");
			return -1;
		}
		n->rfield.val = 1;
		n->rfield.pos = ppos(p, at);
		cond_lex_blank(lx);
		if (!cond_lex_str(lx, ")")) {
			perr(p, lx->i, "expected a ')' token closing the transformer");
			return -1;
		}
		n->rhs = RHS_FIELD;
		return 1;
	}
	if (lex_xf(p, &xf)) {
		if (parse_xf_rest(p, &n->rfield, xf, at))
			return -1;
		n->rhs = RHS_FIELD;
		return 1;
	}
	return 0;
}

static int add_value(struct cparser *p, struct cond_node *n, uint32_t *cap, size_t at)
{
	struct cond_value *v;

	if (n->nvals >= COND_MAX_LIST) {
		perr(p, at, "list has more than %d items", COND_MAX_LIST);
		return -1;
	}
	if (n->nvals == *cap) {
		uint32_t ncap = *cap ? *cap * 2 : 4;
		struct cond_value *nv = cond_alloc(p->a, ncap * sizeof(*nv));

		if (!nv) {
			perr(p, at, "out of memory");
			return -1;
		}
		if (n->nvals)
			memcpy(nv, n->vals, n->nvals * sizeof(*nv));
		n->vals = nv;
		*cap = ncap;
	}
	v = &n->vals[n->nvals++];
	v->quoted = p->lx.s[p->lx.tok_start] == '"' || p->lx.s[p->lx.tok_start] == '\'';
	v->pos = ppos(p, at);
	v->s = ptok(p, &v->len);
	return v->s ? 0 : -1;
}

static int parse_str_value(struct cparser *p, struct cond_node *n, uint32_t *cap)
{
	struct cond_lexer *lx = &p->lx;
	size_t at;

	cond_lex_blank(lx);
	at = lx->i;
	if (cond_lex_quoted(lx) || (!lx->err && cond_lex_bare(lx)))
		return add_value(p, n, cap, at);
	return -1;
}

static int parse_list(struct cparser *p, struct cond_node *n)
{
	struct cond_lexer *lx = &p->lx;
	uint32_t cap = 0;
	size_t at;
	int r;

	cond_lex_blank(lx);
	at = lx->i;
	n->rhs = RHS_LIST;
	if (cond_lex_str(lx, "(")) {
		cond_lex_blank(lx);
		if (parse_str_value(p, n, &cap) == 0) {
			cond_lex_blank(lx);
			while (cond_lex_str(lx, ",")) {
				if (parse_str_value(p, n, &cap)) {
					if (!p->failed)
						perr(p, lx->i, "%s", lx->err ? lx->err :
						     "expected a string value");
					return -1;
				}
				cond_lex_blank(lx);
			}
		} else if (p->failed || lx->err) {
			if (!p->failed)
				perr(p, lx->i, "%s", lx->err);
			return -1;
		}
		if (!cond_lex_str(lx, ")")) {
			perr(p, lx->i, "expected a ')' token");
			return -1;
		}
		return 0;
	}
	r = parse_rhs_field(p, n);
	if (r)
		return r < 0 ? -1 : 0;
	if (cond_lex_identifier(lx)) {
		n->rhs = RHS_VALUE;	/* a list name, resolved by the expander */
		return add_value(p, n, &cap, at);
	}
	perr(p, at, "expected a list, an identifier, or a field with a valid transformer");
	return -1;
}

static const struct {
	const char *word;
	enum cond_op op;
	int kind;		/* 0 num, 1 str, 2 list */
} cond_ops[] = {
	{ "<=", CO_LE, 0 }, { "<", CO_LT, 0 }, { ">=", CO_GE, 0 }, { ">", CO_GT, 0 },
	{ "==", CO_EQ, 1 }, { "=", CO_EQ, 1 }, { "!=", CO_NE, 1 },
	{ "glob ", CO_GLOB, 1 }, { "iglob ", CO_IGLOB, 1 },
	{ "contains ", CO_CONTAINS, 1 }, { "icontains ", CO_ICONTAINS, 1 },
	{ "bcontains ", CO_BCONTAINS, 1 }, { "startswith ", CO_STARTSWITH, 1 },
	{ "bstartswith ", CO_BSTARTSWITH, 1 }, { "endswith ", CO_ENDSWITH, 1 },
	{ "regex ", CO_REGEX, 1 },
	{ "intersects", CO_INTERSECTS, 2 }, { "in", CO_IN, 2 }, { "pmatch", CO_PMATCH, 2 },
};

static struct cond_node *parse_condition(struct cparser *p, struct cond_node *n)
{
	struct cond_lexer *lx = &p->lx;
	uint32_t cap = 0;
	size_t i, at;
	int r;

	cond_lex_blank(lx);
	if (cond_lex_str(lx, "exists")) {
		n->op = CO_EXISTS;
		n->rhs = RHS_NONE;
		return n;
	}
	at = lx->i;
	for (i = 0; i < sizeof(cond_ops) / sizeof(cond_ops[0]); i++)
		if (cond_lex_str(lx, cond_ops[i].word))
			break;
	if (i == sizeof(cond_ops) / sizeof(cond_ops[0]))
		return perr(p, at, "expected a valid check operator: one of 'exists', '<=', '<', "
			    "'>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', "
			    "'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', "
			    "'intersects', 'in', 'pmatch'");
	n->op = cond_ops[i].op;
	if (cond_ops[i].kind == 2)
		return parse_list(p, n) ? NULL : n;
	cond_lex_blank(lx);
	at = lx->i;
	r = parse_rhs_field(p, n);
	if (r < 0)
		return NULL;
	if (r > 0)
		return n;
	n->rhs = RHS_VALUE;
	if (cond_ops[i].kind == 0) {
		if (cond_lex_hex(lx) || cond_lex_number(lx))
			return add_value(p, n, &cap, at) ? NULL : n;
		return perr(p, at, "expected a number value or a field with a valid transformer");
	}
	if (parse_str_value(p, n, &cap) == 0)
		return n;
	if (p->failed)
		return NULL;
	return perr(p, at, "%s", lx->err ? lx->err :
		    "expected a string value or a field with a valid transformer");
}

static struct cond_node *parse_check(struct cparser *p)
{
	struct cond_lexer *lx = &p->lx;
	struct cond_node *n;
	size_t at;
	int xf;

	cond_lex_blank(lx);
	at = lx->i;
	if (cond_lex_str(lx, "("))
		return parse_embedded(p);
	n = pnode(p, COND_CHECK, at);
	if (!n)
		return NULL;
	if (parse_field(p, &n->lhs) == 0)
		return parse_condition(p, n);
	if (p->failed)
		return NULL;
	if (lex_xf(p, &xf)) {
		if (parse_xf_rest(p, &n->lhs, xf, at))
			return NULL;
		return parse_condition(p, n);
	}
	if (cond_lex_identifier(lx)) {
		n->kind = COND_MACRO;
		n->name = ptok(p, NULL);
		return n->name ? n : NULL;
	}
	return perr(p, at, "expected a '(' token, a field check, or an identifier");
}

static struct cond_node *parse_not(struct cparser *p)
{
	struct cond_lexer *lx = &p->lx;
	struct cond_node *n, *child;
	size_t at;
	int nots = 0;

	cond_lex_blank(lx);
	at = lx->i;
	for (;;) {
		size_t save = lx->i;

		if (cond_lex_str(lx, "not") && cond_lex_blank(lx)) {
			if (pdepth_in(p))
				return NULL;
			nots++;
			continue;
		}
		lx->i = save;
		break;
	}
	if (cond_lex_str(lx, "not(")) {
		if (pdepth_in(p))
			return NULL;
		nots++;
		child = parse_embedded(p);
	} else {
		child = parse_check(p);
	}
	if (!child)
		return NULL;
	p->depth -= nots;
	/* Falco folds a run of 'not' into one or none. */
	if (!(nots & 1))
		return child;
	n = pnode(p, COND_NOT, at);
	if (!n)
		return NULL;
	n->kids = cond_alloc(p->a, sizeof(*n->kids));
	if (!n->kids)
		return perr(p, at, "out of memory");
	n->kids[0] = child;
	n->n = 1;
	return n;
}

static struct cond_node *parse_bool(struct cparser *p, enum cond_kind kind)
{
	const char *word = kind == COND_OR ? "or" : "and";
	struct cond_lexer *lx = &p->lx;
	struct cond_node **kids = NULL, *child, *n;
	uint32_t nk = 0, cap = 0;
	size_t at;

	if (pdepth_in(p))
		return NULL;
	cond_lex_blank(lx);
	at = lx->i;
	for (;;) {
		if (nk == 0) {
			child = kind == COND_OR ? parse_bool(p, COND_AND) : parse_not(p);
		} else if (!cond_lex_blank(lx)) {
			if (!cond_lex_str(lx, "("))
				return perr(p, lx->i, "expected blank or '(' after '%s'", word);
			child = parse_embedded(p);
		} else {
			child = kind == COND_OR ? parse_bool(p, COND_AND) : parse_not(p);
		}
		if (!child)
			return NULL;
		if (nk == cap) {
			struct cond_node **nkids;

			cap = cap ? cap * 2 : 4;
			nkids = cond_alloc(p->a, cap * sizeof(*nkids));
			if (!nkids)
				return perr(p, at, "out of memory");
			if (nk)
				memcpy(nkids, kids, nk * sizeof(*kids));
			kids = nkids;
		}
		kids[nk++] = child;
		cond_lex_blank(lx);
		if (!cond_lex_str(lx, word))
			break;
	}
	p->depth--;
	if (nk == 1)
		return kids[0];
	n = pnode(p, kind, at);
	if (!n)
		return NULL;
	n->kids = kids;
	n->n = nk;
	return n;
}

static struct cond_node *parse_or(struct cparser *p)
{
	return parse_bool(p, COND_OR);
}

struct cond_node *cond_parse(struct cond_arena *a, const char *text, size_t len,
			     uint32_t src, uint32_t base, struct cond_err *err)
{
	struct cparser *p;
	struct cond_node *n = NULL;
	size_t i;

	memset(err, 0, sizeof(*err));
	err->pos.src = src;
	err->pos.off = base;
	if (len > COND_MAX_LEN) {
		snprintf(err->msg, sizeof(err->msg), "condition longer than %d bytes", COND_MAX_LEN);
		return NULL;
	}
	for (i = 0; i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
				text[i] == '\r'); i++)
		;
	if (i == len) {
		snprintf(err->msg, sizeof(err->msg), "filter input string is empty");
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		goto oom;
	p->lx.buf = malloc(COND_TOK_MAX);
	if (!p->lx.buf)
		goto oom;
	p->lx.s = text;
	p->lx.len = len;
	p->a = a;
	p->src = src;
	p->base = base;
	p->err = err;
	n = parse_or(p);
	if (n && !cond_lex_at_end(&p->lx)) {
		char last[48];
		size_t l = p->lx.tok_len < sizeof(last) - 1 ? p->lx.tok_len : sizeof(last) - 1;

		memcpy(last, p->lx.s + p->lx.tok_start, l);
		last[l] = '\0';
		n = perr(p, p->lx.i, "unexpected token after '%s', expecting 'or', 'and'", last);
	}
	free(p->lx.buf);
	free(p);
	return n;
oom:
	if (p)
		free(p->lx.buf);
	free(p);
	snprintf(err->msg, sizeof(err->msg), "out of memory");
	return NULL;
}
