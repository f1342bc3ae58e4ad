// SPDX-License-Identifier: GPL-2.0
/*
 * Build a struct ydoc from libyaml parser events.  The tree is built
 * with an explicit stack so that deep nesting cannot overflow the C
 * stack; every limit (depth, node count, scalar size, map size) gives an
 * error with the position where it was hit.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "yaml_tree.h"

#define YTREE_MAX_ANCHORS	1024

struct ybuild {
	struct ydoc *doc;
	struct ynode *stack[YTREE_MAX_DEPTH + 1];
	size_t cap[YTREE_MAX_DEPTH + 1];
	int depth;
	struct ynode *anchors[YTREE_MAX_ANCHORS];
	int nanchors;
	struct yerror *err;
};

static int yerr(struct yerror *err, const yaml_mark_t *m, const char *fmt, ...)
{
	va_list ap;

	err->line = m->line + 1;
	err->col = m->column + 1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static struct ynode *ynode_new(struct ybuild *b, enum ynode_kind kind,
			       const yaml_mark_t *m)
{
	struct ynode *n;

	if (b->doc->nnodes >= YTREE_MAX_NODES)
		return NULL;
	n = calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	n->kind = kind;
	n->line = m->line + 1;
	n->col = m->column + 1;
	n->off = m->index;
	n->next_alloc = b->doc->all;
	b->doc->all = n;
	b->doc->nnodes++;
	return n;
}

static int ynode_push_kid(struct ybuild *b, struct ynode *n, const yaml_mark_t *m)
{
	struct ynode *parent;
	size_t *cap, want;

	if (b->depth == 0) {
		struct ynode **r;

		r = realloc(b->doc->roots, (b->doc->nroots + 1) * sizeof(*r));
		if (!r)
			return -ENOMEM;
		b->doc->roots = r;
		r[b->doc->nroots++] = n;
		return 0;
	}
	parent = b->stack[b->depth - 1];
	cap = &b->cap[b->depth - 1];
	/* A map holds n complete pairs plus the slots of the next pair. */
	want = parent->kind == YNODE_MAP ? 2 * parent->n + 2 : parent->n + 1;
	if (parent->kind == YNODE_MAP && parent->n >= YTREE_MAX_MAP_KEYS)
		return yerr(b->err, m, "mapping has more than %d keys", YTREE_MAX_MAP_KEYS);
	if (want > *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct ynode **k;

		while (ncap < want)
			ncap *= 2;
		k = realloc(parent->kids, ncap * sizeof(*k));
		if (!k)
			return -ENOMEM;
		memset(k + *cap, 0, (ncap - *cap) * sizeof(*k));
		parent->kids = k;
		*cap = ncap;
	}
	if (parent->kind == YNODE_SEQ) {
		parent->kids[parent->n++] = n;
	} else if (!parent->kids[2 * parent->n]) {
		size_t i;

		if (n->kind != YNODE_SCALAR)
			return yerr(b->err, m, "mapping keys must be scalars");
		for (i = 0; i < parent->n; i++) {
			if (!strcmp(parent->kids[2 * i]->str, n->str))
				return yerr(b->err, m, "duplicate key '%s'", n->str);
		}
		parent->kids[2 * parent->n] = n;
	} else {
		parent->kids[2 * parent->n + 1] = n;
		parent->n++;
	}
	return 0;
}

static int ynode_anchor(struct ybuild *b, struct ynode *n, const yaml_char_t *anchor,
			const yaml_mark_t *m)
{
	if (!anchor)
		return 0;
	if (b->nanchors >= YTREE_MAX_ANCHORS)
		return yerr(b->err, m, "more than %d anchors", YTREE_MAX_ANCHORS);
	n->anchor = strdup((const char *)anchor);
	if (!n->anchor)
		return -ENOMEM;
	b->anchors[b->nanchors++] = n;
	return 0;
}

static enum ynode_style ystyle(yaml_scalar_style_t s)
{
	switch (s) {
	case YAML_PLAIN_SCALAR_STYLE:
		return YSTYLE_PLAIN;
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		return YSTYLE_SQUOTE;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		return YSTYLE_DQUOTE;
	case YAML_LITERAL_SCALAR_STYLE:
		return YSTYLE_LITERAL;
	case YAML_FOLDED_SCALAR_STYLE:
		return YSTYLE_FOLDED;
	default:
		return YSTYLE_OTHER;
	}
}

static int ybuild_event(struct ybuild *b, yaml_event_t *ev)
{
	const yaml_mark_t *m = &ev->start_mark;
	struct ynode *n;
	int i, ret;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.length > YTREE_MAX_SCALAR)
			return yerr(b->err, m, "scalar longer than %d bytes", YTREE_MAX_SCALAR);
		n = ynode_new(b, YNODE_SCALAR, m);
		if (!n)
			return yerr(b->err, m, "too many YAML nodes");
		n->str = malloc(ev->data.scalar.length + 1);
		if (!n->str)
			return -ENOMEM;
		memcpy(n->str, ev->data.scalar.value, ev->data.scalar.length);
		n->str[ev->data.scalar.length] = '\0';
		n->len = ev->data.scalar.length;
		n->style = ystyle(ev->data.scalar.style);
		ret = ynode_anchor(b, n, ev->data.scalar.anchor, m);
		return ret ? ret : ynode_push_kid(b, n, m);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (b->depth >= YTREE_MAX_DEPTH)
			return yerr(b->err, m, "nesting deeper than %d levels", YTREE_MAX_DEPTH);
		n = ynode_new(b, ev->type == YAML_SEQUENCE_START_EVENT ? YNODE_SEQ : YNODE_MAP, m);
		if (!n)
			return yerr(b->err, m, "too many YAML nodes");
		n->style = YSTYLE_OTHER;
		ret = ynode_anchor(b, n, ev->type == YAML_SEQUENCE_START_EVENT ?
				   ev->data.sequence_start.anchor :
				   ev->data.mapping_start.anchor, m);
		if (ret)
			return ret;
		ret = ynode_push_kid(b, n, m);
		if (ret)
			return ret;
		b->stack[b->depth] = n;
		b->cap[b->depth] = 0;
		b->depth++;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth > 0)
			b->depth--;
		return 0;
	case YAML_ALIAS_EVENT:
		for (i = b->nanchors - 1; i >= 0; i--) {
			if (!strcmp(b->anchors[i]->anchor, (const char *)ev->data.alias.anchor))
				return ynode_push_kid(b, b->anchors[i], m);
		}
		return yerr(b->err, m, "unknown alias '%s'", ev->data.alias.anchor);
	default:
		return 0;
	}
}

int ydoc_parse(struct ydoc *doc, const char *buf, size_t len, struct yerror *err)
{
	struct ybuild *b;
	yaml_parser_t parser;
	yaml_event_t ev;
	int ret = 0, done = 0;

	memset(doc, 0, sizeof(*doc));
	doc->buf = buf;
	doc->len = len;
	b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->doc = doc;
	b->err = err;
	if (!yaml_parser_initialize(&parser)) {
		free(b);
		return -ENOMEM;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done && !ret) {
		if (!yaml_parser_parse(&parser, &ev)) {
			const char *ctx = parser.context;

			if (ctx)
				ret = yerr(err, &parser.problem_mark, "%s %s", parser.problem, ctx);
			else
				ret = yerr(err, &parser.problem_mark, "%s",
					   parser.problem ? parser.problem : "invalid YAML");
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		ret = ybuild_event(b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	free(b);
	if (ret == -ENOMEM) {
		err->line = err->col = 0;
		snprintf(err->msg, sizeof(err->msg), "out of memory");
	}
	if (ret)
		ydoc_free(doc);
	return ret;
}

void ydoc_free(struct ydoc *doc)
{
	struct ynode *n, *next;

	if (!doc)
		return;
	for (n = doc->all; n; n = next) {
		next = n->next_alloc;
		free(n->str);
		free(n->kids);
		free(n->anchor);
		free(n);
	}
	free(doc->roots);
	doc->roots = NULL;
	doc->all = NULL;
	doc->nroots = doc->nnodes = 0;
}

struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	size_t i;

	if (!map || map->kind != YNODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++) {
		const struct ynode *k = map->kids[2 * i];

		if (k->kind == YNODE_SCALAR && !strcmp(k->str, key))
			return map->kids[2 * i + 1];
	}
	return NULL;
}

static int yspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Map a byte offset in a scalar's value back to the file.  YAML folding
 * changes only whitespace (and quote escapes), so the k-th non-blank
 * byte of the value is the k-th non-blank byte of the node's text.
 */
void ynode_locate(const struct ydoc *doc, const struct ynode *n, size_t off,
		  unsigned int *line, unsigned int *col)
{
	size_t i, k = 0, p, target;
	unsigned int l, c;

	*line = n->line;
	*col = n->col;
	if (n->kind != YNODE_SCALAR || !doc->buf || n->off >= doc->len)
		return;
	if (off > n->len)
		off = n->len;
	for (i = 0; i < off; i++)
		if (!yspace(n->str[i]))
			k++;
	p = n->off;
	if (n->style == YSTYLE_SQUOTE || n->style == YSTYLE_DQUOTE) {
		p++;
	} else if (n->style == YSTYLE_LITERAL || n->style == YSTYLE_FOLDED) {
		while (p < doc->len && doc->buf[p] != '\n')
			p++;
	}
	/* At the end of the value: just after the last non-blank byte. */
	for (i = off; i < n->len && yspace(n->str[i]); i++)
		;
	if (i == n->len && k) {
		while (p < doc->len && k) {
			if (!yspace(doc->buf[p]))
				k--;
			p++;
		}
	} else {
		/* Skip k non-blank bytes, then blanks up to the next one. */
		while (p < doc->len) {
			if (!yspace(doc->buf[p])) {
				if (!k)
					break;
				k--;
			}
			p++;
		}
	}
	target = p;
	l = n->line;
	c = n->col;
	for (p = n->off; p < target && p < doc->len; p++) {
		if (doc->buf[p] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)doc->buf[p] & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}
