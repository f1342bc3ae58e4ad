/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A YAML document as a tree of nodes that remember where they start in
 * the file, built with libyaml's event parser.  Aliases point at the
 * anchored node (the tree may share subtrees); every node is freed with
 * the document.
 */
#ifndef VIGIL_YAML_TREE_H
#define VIGIL_YAML_TREE_H

#include <stddef.h>

#define YTREE_MAX_DEPTH		64
#define YTREE_MAX_NODES		2000000
#define YTREE_MAX_SCALAR	(1 << 20)
#define YTREE_MAX_MAP_KEYS	4096

enum ynode_kind {
	YNODE_SCALAR,
	YNODE_SEQ,
	YNODE_MAP,
};

enum ynode_style {
	YSTYLE_PLAIN,
	YSTYLE_SQUOTE,
	YSTYLE_DQUOTE,
	YSTYLE_LITERAL,
	YSTYLE_FOLDED,
	YSTYLE_OTHER,
};

struct ynode {
	enum ynode_kind kind;
	enum ynode_style style;
	unsigned int line;		/* 1-based */
	unsigned int col;		/* 1-based */
	size_t off;			/* byte offset of the node in the file */
	char *str;			/* scalar value, NUL-terminated */
	size_t len;
	struct ynode **kids;		/* seq: items; map: key, value, key, ... */
	size_t n;			/* seq: items; map: pairs */
	char *anchor;
	struct ynode *next_alloc;
};

struct ydoc {
	struct ynode **roots;		/* one per YAML document */
	size_t nroots;
	struct ynode *all;
	size_t nnodes;
	const char *buf;		/* the file's bytes (not owned) */
	size_t len;
};

struct yerror {
	unsigned int line;
	unsigned int col;
	char msg[256];
};

int ydoc_parse(struct ydoc *doc, const char *buf, size_t len, struct yerror *err);
void ydoc_free(struct ydoc *doc);

/* Value of key in a map node, or NULL. */
struct ynode *ynode_get(const struct ynode *map, const char *key);

/* Line and column in the file of byte offset off inside scalar node. */
void ynode_locate(const struct ydoc *doc, const struct ynode *n, size_t off,
		  unsigned int *line, unsigned int *col);

#endif /* VIGIL_YAML_TREE_H */
