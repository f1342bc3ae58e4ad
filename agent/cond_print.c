// SPDX-License-Identifier: GPL-2.0
/* Print a condition tree back in Falco syntax (fully parenthesised). */
#include <stdio.h>
#include <string.h>

#include "cond_ast.h"

struct pbuf {
	char *buf;
	size_t size, len;
};

static void put(struct pbuf *b, const char *s, size_t n)
{
	if (b->len < b->size) {
		size_t room = b->size - b->len - 1;

		memcpy(b->buf + b->len, s, n < room ? n : room);
		b->buf[b->len + (n < room ? n : room)] = '\0';
	}
	b->len += n;
}

static void puts_(struct pbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void put_field(struct pbuf *b, const struct cond_field *f)
{
	int i;

	for (i = f->nxf - 1; i >= 0; i--) {
		puts_(b, cond_xf_names[f->xf[i]]);
		puts_(b, "(");
	}
	if (f->val)
		puts_(b, "val(");
	puts_(b, f->name);
	/* The type check points arg into the name for a dotted suffix. */
	if (f->arg && !(f->arg > f->name && f->arg <= f->name + strlen(f->name))) {
		puts_(b, "[");
		puts_(b, f->arg);
		puts_(b, "]");
	}
	if (f->val)
		puts_(b, ")");
	for (i = 0; i < f->nxf; i++)
		puts_(b, ")");
}

static void put_value(struct pbuf *b, const struct cond_value *v)
{
	size_t i;
	int plain = v->len > 0;

	for (i = 0; i < v->len; i++) {
		char c = v->s[i];

		if (c == ' ' || c == '(' || c == ')' || c == ',' || c == '"' || c == '\'' ||
		    c == '=' || c == '\\' || (unsigned char)c < 0x20)
			plain = 0;
	}
	if (plain) {
		put(b, v->s, v->len);
		return;
	}
	puts_(b, "\"");
	for (i = 0; i < v->len; i++) {
		char c = v->s[i];

		if (c == '"' || c == '\\')
			put(b, "\\", 1);
		if (c == '\n')
			puts_(b, "\\n");
		else if (c == '\t')
			puts_(b, "\\t");
		else
			put(b, &c, 1);
	}
	puts_(b, "\"");
}

static void pnode(struct pbuf *b, const struct cond_node *n)
{
	uint32_t i;

	switch (n->kind) {
	case COND_AND:
	case COND_OR:
		puts_(b, "(");
		for (i = 0; i < n->n; i++) {
			if (i)
				puts_(b, n->kind == COND_AND ? " and " : " or ");
			pnode(b, n->kids[i]);
		}
		puts_(b, ")");
		break;
	case COND_NOT:
		puts_(b, "not ");
		pnode(b, n->kids[0]);
		break;
	case COND_MACRO:
		if (n->ref)
			pnode(b, n->ref);
		else
			puts_(b, n->name);
		break;
	case COND_BOOL:
		puts_(b, n->bval ? "true" : "false");
		break;
	case COND_CHECK:
		put_field(b, &n->lhs);
		puts_(b, " ");
		puts_(b, cond_op_names[n->op]);
		if (n->rhs == RHS_NONE)
			break;
		puts_(b, " ");
		if (n->rhs == RHS_FIELD) {
			put_field(b, &n->rfield);
		} else if (n->rhs == RHS_VALUE) {
			put_value(b, &n->vals[0]);
		} else {
			puts_(b, "(");
			for (i = 0; i < n->nvals; i++) {
				if (i)
					puts_(b, ", ");
				put_value(b, &n->vals[i]);
			}
			puts_(b, ")");
		}
		break;
	}
}

int cond_print(const struct cond_node *n, char *buf, size_t size)
{
	struct pbuf b = { buf, size, 0 };

	if (size)
		buf[0] = '\0';
	pnode(&b, n);
	return (int)b.len;
}
