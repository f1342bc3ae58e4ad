// SPDX-License-Identifier: GPL-2.0
/*
 * Rules files to rule items, with Falco's semantics: items in load
 * order, a redefinition replaces in place, `append: true` and
 * `override:` extend or replace keys of an earlier item, a rule with
 * only `enabled` toggles an earlier rule.  Conditions are compiled later
 * (rule_compile.c), when every file is loaded.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rule_set.h"

#define YV	"LOAD_ERR_YAML_VALIDATE"

const char *const rule_prio_names[PRIO_NR] = {
	"Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug",
};

int rule_prio_parse(const char *s)
{
	int i;

	if (!strcasecmp(s, "info"))
		return PRIO_INFORMATIONAL;
	for (i = 0; i < PRIO_NR; i++)
		if (!strcasecmp(s, rule_prio_names[i]))
			return i;
	return -1;
}

struct rule_set *rule_set_new(void)
{
	struct rule_set *rs = calloc(1, sizeof(*rs));

	if (rs)
		rs->diag_tail = &rs->diags;
	return rs;
}

static void item_free(struct rule_item *it)
{
	uint32_t i;

	free(it->name);
	free(it->items);
	free(it->item_nodes);
	free(it->flat);
	free(it->cond);
	free(it->src.segs);
	free(it->desc);
	free(it->output);
	free(it->source);
	for (i = 0; i < it->ntags; i++)
		free(it->tags[i]);
	free(it->tags);
	for (i = 0; i < it->nexcs; i++)
		free(it->excs[i].values);
	free(it->excs);
	vm_prog_free(&it->prog);
	free(it);
}

void rule_set_free(struct rule_set *rs)
{
	struct rule_diag *d, *next;
	uint32_t i, k;

	if (!rs)
		return;
	for (k = 0; k < 3; k++) {
		for (i = 0; i < rs->nitems[k]; i++)
			item_free(rs->items[k][i]);
		free(rs->items[k]);
	}
	rule_names_free(rs);
	for (i = 0; i < rs->nfiles; i++) {
		ydoc_free(&rs->files[i].doc);
		free(rs->files[i].buf);
		free(rs->files[i].path);
	}
	free(rs->files);
	for (d = rs->diags; d; d = next) {
		next = d->next;
		free(d->file);
		free(d->iname);
		free(d->msg);
		free(d);
	}
	rule_set_index_free(rs);
	free(rs->srcs);
	cond_arena_free(&rs->arena);
	free(rs);
}

/* ---- helpers on YAML nodes ---- */

struct lctx {
	struct rule_set *rs;
	uint32_t file;
	const char *itype;
	const char *iname;
	const struct ynode *item;
};

#define LERR(c, node, ...) \
	rule_diag_add((c)->rs, 1, (c)->file, (node), 0, YV, (c)->itype, (c)->iname, __VA_ARGS__)

static int get_scalar(struct lctx *c, const char *key, int required, const struct ynode **out)
{
	const struct ynode *v = ynode_get(c->item, key);

	*out = NULL;
	if (!v) {
		if (required)
			LERR(c, c->item, "Item has no mapping for key '%s'", key);
		return required ? -EINVAL : 0;
	}
	if (v->kind != YNODE_SCALAR) {
		LERR(c, v, "Value for key '%s' must be a string", key);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

static int parse_bool(const struct ynode *v, int *out)
{
	static const char *const t[] = { "true", "True", "TRUE", "yes", "Yes", "on", "On" };
	static const char *const f[] = { "false", "False", "FALSE", "no", "No", "off", "Off" };
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (!strcmp(v->str, t[i])) {
			*out = 1;
			return 0;
		}
		if (!strcmp(v->str, f[i])) {
			*out = 0;
			return 0;
		}
	}
	return -EINVAL;
}

static int get_bool(struct lctx *c, const char *key, int *out)
{
	const struct ynode *v;

	if (get_scalar(c, key, 0, &v))
		return -EINVAL;
	if (v && parse_bool(v, out)) {
		LERR(c, v, "Value for key '%s' must be a boolean, not '%s'", key, v->str);
		return -EINVAL;
	}
	return v ? 1 : 0;
}

static int valid_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static struct rule_item *item_new(struct rule_set *rs, enum rule_kind kind, const char *name)
{
	struct rule_item *it;

	if (rs->nitems[0] + rs->nitems[1] + rs->nitems[2] >= RULE_MAX_ITEMS)
		return NULL;
	if (rs->nitems[kind] == rs->cap[kind]) {
		uint32_t ncap = rs->cap[kind] ? rs->cap[kind] * 2 : 64;
		struct rule_item **n = realloc(rs->items[kind], ncap * sizeof(*n));

		if (!n)
			return NULL;
		rs->items[kind] = n;
		rs->cap[kind] = ncap;
	}
	it = calloc(1, sizeof(*it));
	if (!it)
		return NULL;
	it->name = strdup(name);
	if (!it->name) {
		free(it);
		return NULL;
	}
	it->kind = kind;
	it->index = rs->next_index;
	it->enabled = 1;
	it->warn_evttypes = 1;
	rs->items[kind][rs->nitems[kind]++] = it;
	rule_names_add(rs, kind);
	return it;
}

/* Append a YAML scalar's text to an item's condition, as a new segment. */
static int cond_append(struct rule_item *it, uint32_t file, const struct ynode *v)
{
	uint32_t add = it->cond_len ? 1 : 0;
	struct rule_seg *segs;
	char *n;

	if ((size_t)it->cond_len + add + v->len > COND_MAX_LEN)
		return -E2BIG;
	n = realloc(it->cond, it->cond_len + add + v->len + 1);
	if (!n)
		return -ENOMEM;
	it->cond = n;
	if (add)
		it->cond[it->cond_len++] = ' ';
	memcpy(it->cond + it->cond_len, v->str, v->len + 1);
	segs = realloc(it->src.segs, (it->src.nsegs + 1) * sizeof(*segs));
	if (!segs)
		return -ENOMEM;
	it->src.segs = segs;
	segs[it->src.nsegs].start = it->cond_len;
	segs[it->src.nsegs].file = file;
	segs[it->src.nsegs].node = v;
	it->src.nsegs++;
	it->cond_len += (uint32_t)v->len;
	return 0;
}

static void cond_reset(struct rule_item *it)
{
	free(it->cond);
	free(it->src.segs);
	it->cond = NULL;
	it->cond_len = 0;
	it->src.segs = NULL;
	it->src.nsegs = 0;
}

static int set_str(char **dst, const struct ynode *v, int append)
{
	char *n;

	if (!v)
		return 0;
	if (append && *dst) {
		size_t l = strlen(*dst);

		n = realloc(*dst, l + 1 + v->len + 1);
		if (!n)
			return -ENOMEM;
		n[l] = ' ';
		memcpy(n + l + 1, v->str, v->len + 1);
	} else {
		n = strdup(v->str);
		if (!n)
			return -ENOMEM;
		free(*dst);
	}
	*dst = n;
	return 0;
}

/* Which keys an override: mapping appends (1) or replaces (2); -1 on error. */
static int override_mode(struct lctx *c, const struct ynode *ov, const char *key,
			 const char *const *can_append, const char *const *can_replace)
{
	const struct ynode *m = ynode_get(ov, key);
	int i;

	if (!m)
		return 0;
	if (m->kind != YNODE_SCALAR || (strcmp(m->str, "append") && strcmp(m->str, "replace"))) {
		LERR(c, m, "Unexpected value for override of key '%s'. Must be one of append, replace",
		     key);
		return -1;
	}
	if (!ynode_get(c->item, key)) {
		LERR(c, m, "An override is defined for '%s' but the key is not present in the item",
		     key);
		return -1;
	}
	for (i = 0; (m->str[0] == 'a' ? can_append : can_replace)[i]; i++)
		if (!strcmp((m->str[0] == 'a' ? can_append : can_replace)[i], key))
			return m->str[0] == 'a' ? 1 : 2;
	LERR(c, m, "Key '%s' cannot be %s", key, m->str[0] == 'a' ? "appended to, use 'replace' instead" :
	     "replaced");
	return -1;
}

static int check_override_keys(struct lctx *c, const struct ynode *ov, const char *const *keys)
{
	size_t i;
	int k;

	if (ov->kind != YNODE_MAP) {
		LERR(c, ov, "Value for key 'override' must be a mapping");
		return -1;
	}
	for (i = 0; i < ov->n; i++) {
		for (k = 0; keys[k]; k++)
			if (!strcmp(keys[k], ov->kids[2 * i]->str))
				break;
		if (!keys[k]) {
			LERR(c, ov->kids[2 * i], "Unexpected key '%s' in override",
			     ov->kids[2 * i]->str);
			return -1;
		}
	}
	return 0;
}

/* ---- items ---- */

static int load_list(struct lctx *c)
{
	static const char *const keys[] = { "items", NULL };
	const struct ynode *name, *items, *ov;
	struct rule_item *it;
	struct cond_value *vals;
	int append = 0, mode = 0;
	size_t i;

	if (get_scalar(c, "list", 1, &name))
		return -EINVAL;
	c->iname = name->str;
	if (!*name->str) {
		LERR(c, name, "Mapping for key 'list' is empty");
		return -EINVAL;
	}
	if (!valid_name(name->str))
		rule_diag_add(c->rs, 0, c->file, name, 0, "LOAD_INVALID_LIST_NAME", c->itype,
			      c->iname, "List has an invalid name. List names should match a regular "
			      "expression: ^[a-zA-Z]+[a-zA-Z0-9_]*$");
	items = ynode_get(c->item, "items");
	if (!items) {
		LERR(c, c->item, "Item has no mapping for key 'items'");
		return -EINVAL;
	}
	if (items->kind == YNODE_SCALAR && items->len == 0 && items->style == YSTYLE_PLAIN) {
		items = NULL;	/* `items:` with nothing: an empty list */
	} else if (items->kind != YNODE_SEQ) {
		LERR(c, items, "Value for key 'items' must be a sequence");
		return -EINVAL;
	}
	for (i = 0; items && i < items->n; i++) {
		if (items->kids[i]->kind != YNODE_SCALAR) {
			LERR(c, items->kids[i], "List items must be strings");
			return -EINVAL;
		}
	}
	if (get_bool(c, "append", &append) < 0)
		return -EINVAL;
	ov = ynode_get(c->item, "override");
	if (ov) {
		static const char *const can[] = { "items", NULL };

		if (append) {
			LERR(c, ov, "Keys 'override' and 'append: true' cannot be used together.");
			return -EINVAL;
		}
		if (check_override_keys(c, ov, keys))
			return -EINVAL;
		mode = override_mode(c, ov, "items", can, can);
		if (mode < 0)
			return -EINVAL;
	}
	it = rule_set_find(c->rs, RK_LIST, name->str);
	if ((append || mode) && !it) {
		LERR(c, c->item, "List has '%s' key but no list by that name already exists",
		     append ? "append" : "override");
		return -EINVAL;
	}
	if (!it) {
		it = item_new(c->rs, RK_LIST, name->str);
		if (!it)
			return -ENOMEM;
	}
	if (!(append || mode == 1))
		it->nitems = 0;
	if (items && items->n) {
		if ((uint64_t)it->nitems + items->n > COND_MAX_LIST) {
			LERR(c, items, "List has more than %d items", COND_MAX_LIST);
			return -E2BIG;
		}
		const struct ynode **nodes;

		vals = realloc(it->items, (it->nitems + items->n) * sizeof(*vals));
		if (!vals)
			return -ENOMEM;
		it->items = vals;
		nodes = realloc(it->item_nodes, (it->nitems + items->n) * sizeof(*nodes));
		if (!nodes)
			return -ENOMEM;
		it->item_nodes = nodes;
		for (i = 0; i < items->n; i++) {
			struct cond_value *v = &vals[it->nitems];

			nodes[it->nitems++] = items->kids[i];
			memset(v, 0, sizeof(*v));
			v->s = items->kids[i]->str;
			v->len = (uint32_t)items->kids[i]->len;
			v->quoted = items->kids[i]->style != YSTYLE_PLAIN;
		}
	}
	it->vis = c->rs->next_index;
	it->file = c->file;
	it->node = c->item;
	return 0;
}

static int load_macro(struct lctx *c)
{
	static const char *const keys[] = { "condition", NULL };
	const struct ynode *name, *cond, *ov;
	struct rule_item *it;
	int append = 0, mode = 0, r;

	if (get_scalar(c, "macro", 1, &name))
		return -EINVAL;
	c->iname = name->str;
	if (!*name->str) {
		LERR(c, name, "Mapping for key 'macro' is empty");
		return -EINVAL;
	}
	if (!valid_name(name->str))
		rule_diag_add(c->rs, 0, c->file, name, 0, "LOAD_INVALID_MACRO_NAME", c->itype,
			      c->iname, "Macro has an invalid name. Macro names should match a "
			      "regular expression: ^[a-zA-Z]+[a-zA-Z0-9_]*$");
	if (get_scalar(c, "condition", 1, &cond))
		return -EINVAL;
	if (get_bool(c, "append", &append) < 0)
		return -EINVAL;
	ov = ynode_get(c->item, "override");
	if (ov) {
		if (append) {
			LERR(c, ov, "Keys 'override' and 'append: true' cannot be used together.");
			return -EINVAL;
		}
		if (check_override_keys(c, ov, keys))
			return -EINVAL;
		mode = override_mode(c, ov, "condition", keys, keys);
		if (mode < 0)
			return -EINVAL;
	}
	it = rule_set_find(c->rs, RK_MACRO, name->str);
	if ((append || mode) && !it) {
		LERR(c, c->item, "Macro has '%s' key but no macro by that name already exists",
		     append ? "append" : "override");
		return -EINVAL;
	}
	if (!it) {
		it = item_new(c->rs, RK_MACRO, name->str);
		if (!it)
			return -ENOMEM;
	}
	if (!(append || mode == 1))
		cond_reset(it);
	r = cond_append(it, c->file, cond);
	if (r) {
		LERR(c, cond, "Condition too long");
		return r;
	}
	it->vis = c->rs->next_index;
	it->file = c->file;
	it->node = c->item;
	return 0;
}

static int seq_or_scalar(const struct ynode *n)
{
	return n && (n->kind == YNODE_SCALAR || n->kind == YNODE_SEQ);
}

static int load_exceptions(struct lctx *c, struct rule_item *it, const struct ynode *ex,
			   int append)
{
	size_t i, j, k;

	if (ex->kind != YNODE_SEQ) {
		LERR(c, ex, "Value for key 'exceptions' must be a sequence");
		return -EINVAL;
	}
	if (!append) {
		for (i = 0; i < it->nexcs; i++)
			free(it->excs[i].values);
		it->nexcs = 0;
	}
	for (i = 0; i < ex->n; i++) {
		const struct ynode *e = ex->kids[i], *name, *fields, *comps, *values;
		struct rule_exc *x = NULL;
		size_t nf;

		if (e->kind != YNODE_MAP) {
			LERR(c, e, "Exceptions must be mappings");
			return -EINVAL;
		}
		name = ynode_get(e, "name");
		if (!name || name->kind != YNODE_SCALAR || !*name->str) {
			LERR(c, e, "Item has no mapping for key 'name'");
			return -EINVAL;
		}
		fields = ynode_get(e, "fields");
		comps = ynode_get(e, "comps");
		values = ynode_get(e, "values");
		for (j = 0; j < it->nexcs; j++)
			if (!strcmp(it->excs[j].name, name->str))
				x = &it->excs[j];
		if (!x) {
			struct rule_exc *n;

			if (!fields && !append) {
				LERR(c, e, "Item has no mapping for key 'fields'");
				return -EINVAL;
			}
			if (!fields) {
				LERR(c, e, "Exception '%s' is appended to but does not exist", name->str);
				return -EINVAL;
			}
			n = realloc(it->excs, (it->nexcs + 1) * sizeof(*n));
			if (!n)
				return -ENOMEM;
			it->excs = n;
			x = &n[it->nexcs++];
			memset(x, 0, sizeof(*x));
			x->name = name->str;
			x->node = e;
			x->file = c->file;
			x->fields = fields;
			x->comps = comps;
		}
		if (!seq_or_scalar(x->fields) || (x->comps && !seq_or_scalar(x->comps))) {
			LERR(c, e, "Exception '%s': fields and comps must be strings or lists", x->name);
			return -EINVAL;
		}
		nf = x->fields->kind == YNODE_SEQ ? x->fields->n : 1;
		if (x->comps && (x->comps->kind == YNODE_SEQ) != (x->fields->kind == YNODE_SEQ)) {
			LERR(c, x->comps, "Exception '%s': fields and comps must have the same shape",
			     x->name);
			return -EINVAL;
		}
		if (x->comps && x->comps->kind == YNODE_SEQ && x->comps->n != nf) {
			LERR(c, x->comps, "Exception '%s': fields and comps lists must have equal length",
			     x->name);
			return -EINVAL;
		}
		if (!values)
			continue;
		if (values->kind != YNODE_SEQ) {
			LERR(c, values, "Exception '%s': values must be a list", x->name);
			return -EINVAL;
		}
		for (k = 0; k < values->n; k++) {
			const struct ynode *v = values->kids[k], **nv;

			if (x->fields->kind == YNODE_SEQ &&
			    (v->kind != YNODE_SEQ || v->n != nf)) {
				LERR(c, v, "Exception '%s': fields and values lists must have equal length",
				     x->name);
				return -EINVAL;
			}
			if (x->fields->kind == YNODE_SCALAR && v->kind == YNODE_MAP) {
				LERR(c, v, "Exception '%s': values must be strings or lists", x->name);
				return -EINVAL;
			}
			nv = realloc(x->values, (x->nvalues + 1) * sizeof(*nv));
			if (!nv)
				return -ENOMEM;
			x->values = nv;
			nv[x->nvalues++] = v;
		}
	}
	return 0;
}

static int load_tags(struct lctx *c, struct rule_item *it, const struct ynode *tags, int append)
{
	size_t i;
	char **n;

	if (tags->kind != YNODE_SEQ) {
		LERR(c, tags, "Value for key 'tags' must be a sequence");
		return -EINVAL;
	}
	for (i = 0; i < tags->n; i++) {
		if (tags->kids[i]->kind != YNODE_SCALAR) {
			LERR(c, tags->kids[i], "Tags must be strings");
			return -EINVAL;
		}
	}
	if (!append) {
		for (i = 0; i < it->ntags; i++)
			free(it->tags[i]);
		it->ntags = 0;
	}
	n = realloc(it->tags, (it->ntags + tags->n + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	it->tags = n;
	for (i = 0; i < tags->n; i++) {
		n[it->ntags] = strdup(tags->kids[i]->str);
		if (!n[it->ntags])
			return -ENOMEM;
		it->ntags++;
	}
	return 0;
}

static const char *const rule_keys[] = {
	"rule", "desc", "condition", "output", "priority", "tags", "enabled", "exceptions",
	"source", "warn_evttypes", "skip-if-unknown-filter", "append", "override", "capture",
	"capture_duration", NULL,
};

static int load_rule(struct lctx *c)
{
	static const char *const can_append[] = { "condition", "output", "desc", "tags",
						  "exceptions", NULL };
	static const char *const can_replace[] = { "condition", "output", "desc", "priority",
		"tags", "exceptions", "enabled", "warn_evttypes", "skip-if-unknown-filter",
		"source", "capture", "capture_duration", NULL };
	const struct ynode *name, *cond, *desc, *out, *prio, *src, *ov, *tags, *exc;
	struct rule_item *it;
	int append = 0, enabled = 1, has_en, b, r, p = -1;
	int m_cond = 0, m_out = 0, m_desc = 0, m_tags = 0, m_exc = 0, m_prio = 0;
	size_t i, k;

	if (get_scalar(c, "rule", 1, &name))
		return -EINVAL;
	c->iname = name->str;
	if (!*name->str) {
		LERR(c, name, "Mapping for key 'rule' is empty");
		return -EINVAL;
	}
	for (i = 0; i < c->item->n; i++) {
		for (k = 0; rule_keys[k]; k++)
			if (!strcmp(rule_keys[k], c->item->kids[2 * i]->str))
				break;
		if (!rule_keys[k])
			rule_diag_add(c->rs, 0, c->file, c->item->kids[2 * i], 0, "LOAD_UNKNOWN_ITEM",
				      c->itype, c->iname, "Unknown key '%s' in rule",
				      c->item->kids[2 * i]->str);
	}
	if (get_scalar(c, "condition", 0, &cond) || get_scalar(c, "desc", 0, &desc) ||
	    get_scalar(c, "output", 0, &out) || get_scalar(c, "priority", 0, &prio) ||
	    get_scalar(c, "source", 0, &src))
		return -EINVAL;
	if (get_bool(c, "append", &append) < 0)
		return -EINVAL;
	has_en = get_bool(c, "enabled", &enabled);
	if (has_en < 0)
		return -EINVAL;
	if (prio) {
		p = rule_prio_parse(prio->str);
		if (p < 0) {
			LERR(c, prio, "Invalid priority level: '%s'", prio->str);
			return -EINVAL;
		}
	}
	tags = ynode_get(c->item, "tags");
	exc = ynode_get(c->item, "exceptions");
	ov = ynode_get(c->item, "override");
	it = rule_set_find(c->rs, RK_RULE, name->str);
	if (ov) {
		if (append) {
			LERR(c, ov, "Keys 'override' and 'append: true' cannot be used together.");
			return -EINVAL;
		}
		if (check_override_keys(c, ov, can_replace))
			return -EINVAL;
		if ((m_cond = override_mode(c, ov, "condition", can_append, can_replace)) < 0 ||
		    (m_out = override_mode(c, ov, "output", can_append, can_replace)) < 0 ||
		    (m_desc = override_mode(c, ov, "desc", can_append, can_replace)) < 0 ||
		    (m_tags = override_mode(c, ov, "tags", can_append, can_replace)) < 0 ||
		    (m_exc = override_mode(c, ov, "exceptions", can_append, can_replace)) < 0 ||
		    (m_prio = override_mode(c, ov, "priority", can_append, can_replace)) < 0)
			return -EINVAL;
		for (i = 0; i < ov->n; i++) {
			if (!ynode_get(c->item, ov->kids[2 * i]->str)) {
				LERR(c, ov->kids[2 * i], "An override is defined for '%s' but the key is "
				     "not present in the item", ov->kids[2 * i]->str);
				return -EINVAL;
			}
		}
		if (!it) {
			LERR(c, c->item, "Rule has 'override' key but no rule by that name already exists");
			return -EINVAL;
		}
		for (i = 0; i < c->item->n; i++) {
			const char *key = c->item->kids[2 * i]->str;

			if (strcmp(key, "rule") && strcmp(key, "override") && !ynode_get(ov, key)) {
				LERR(c, c->item->kids[2 * i], "Key '%s' is not listed in 'override'", key);
				return -EINVAL;
			}
		}
	} else if (append) {
		if (!it) {
			LERR(c, c->item, "Rule has 'append' key but no rule by that name already exists");
			return -EINVAL;
		}
		m_cond = cond ? 1 : 0;
		m_exc = exc ? 1 : 0;
		m_out = out ? 1 : 0;
		m_desc = desc ? 1 : 0;
		m_tags = tags ? 1 : 0;
	} else if (!cond && !desc && !out && !prio && has_en > 0 && !exc && !tags) {
		/* Only `enabled`: toggle an existing rule. */
		if (!it) {
			LERR(c, c->item, "Rule has 'enabled' key but no other keys, and no rule by "
			     "that name already exists");
			return -EINVAL;
		}
		it->enabled = enabled;
		return 0;
	} else {
		if (!cond || !out || !desc || !prio) {
			LERR(c, c->item, "Item has no mapping for key '%s'",
			     !cond ? "condition" : !out ? "output" : !desc ? "desc" : "priority");
			return -EINVAL;
		}
		if (!it) {
			it = item_new(c->rs, RK_RULE, name->str);
			if (!it)
				return -ENOMEM;
		} else {
			/* Replaced in place: same position, new content. */
			free(it->source);
			it->source = NULL;
			it->skip_unknown = 0;
			it->warn_evttypes = 1;
			it->enabled = 1;
		}
		m_cond = m_out = m_desc = m_prio = 2;
		m_tags = tags ? 2 : 0;
		m_exc = 2;
	}
	if (m_cond) {
		if (m_cond == 2)
			cond_reset(it);
		r = cond_append(it, c->file, cond);
		if (r) {
			LERR(c, cond, "Condition too long");
			return r;
		}
	}
	if ((m_out && set_str(&it->output, out, m_out == 1)) ||
	    (m_desc && set_str(&it->desc, desc, m_desc == 1)))
		return -ENOMEM;
	if (m_prio && p >= 0)
		it->priority = p;
	if (m_tags && tags && load_tags(c, it, tags, m_tags == 1))
		return -EINVAL;
	if (m_exc == 2 && !exc) {
		for (i = 0; i < it->nexcs; i++)
			free(it->excs[i].values);
		it->nexcs = 0;
	}
	if (m_exc && exc && load_exceptions(c, it, exc, m_exc == 1))
		return -EINVAL;
	if (src && set_str(&it->source, src, 0))
		return -ENOMEM;
	if (has_en > 0)
		it->enabled = enabled;
	if ((b = get_bool(c, "warn_evttypes", &it->warn_evttypes)) < 0 ||
	    get_bool(c, "skip-if-unknown-filter", &it->skip_unknown) < 0)
		return -EINVAL;
	it->vis = c->rs->next_index;
	it->file = c->file;
	it->node = c->item;
	return 0;
}

/* Compare dotted versions; -2 if s does not parse. */
static int version_cmp(const char *s, const char *ref)
{
	unsigned long a[3] = { 0 }, b[3] = { 0 };
	char *end;
	int i;

	if (!strchr(s, '.')) {
		/* Old integer engine versions: N means 0.N.0. */
		a[1] = strtoul(s, &end, 10);
		if (!*s || *end)
			return -2;
	} else {
		const char *p = s;

		for (i = 0; i < 3; i++) {
			if (*p < '0' || *p > '9')
				return -2;
			a[i] = strtoul(p, &end, 10);
			p = end;
			if (i < 2 && *p != '.')
				return -2;
			if (i < 2)
				p++;
		}
		if (*p)
			return -2;
	}
	sscanf(ref, "%lu.%lu.%lu", &b[0], &b[1], &b[2]);
	for (i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static int load_engine_version(struct lctx *c)
{
	const struct ynode *v = ynode_get(c->item, "required_engine_version");

	if (!v || v->kind != YNODE_SCALAR) {
		LERR(c, c->item, "Value of required_engine_version must be a number or a semver string");
		return -EINVAL;
	}
	switch (version_cmp(v->str, RULE_ENGINE_VERSION)) {
	case -2:
		rule_diag_add(c->rs, 1, c->file, v, 0, "LOAD_ERR_VALIDATE", NULL, NULL,
			      "Unable to parse engine version '%s' as a semver string.", v->str);
		return -EINVAL;
	case 1:
		rule_diag_add(c->rs, 1, c->file, v, 0, "LOAD_ERR_VALIDATE", NULL, NULL,
			      "Rules require engine version %s, but engine version is %s",
			      v->str, RULE_ENGINE_VERSION);
		return -EINVAL;
	}
	return 0;
}

/* A requirement's name and version scalars, or -EINVAL (reported). */
static int plugin_req(struct lctx *c, const struct ynode *p, const char **name, const char **ver)
{
	const struct ynode *n = ynode_get(p, "name"), *v = ynode_get(p, "version");

	if (!n || n->kind != YNODE_SCALAR || !v || v->kind != YNODE_SCALAR) {
		LERR(c, p, "Plugin requirements need a 'name' and a 'version'");
		return -EINVAL;
	}
	*name = n->str;
	*ver = v->str;
	return 0;
}

/*
 * Each requirement (with its alternatives) is satisfied when one of the
 * plugins is one whose fields vigil provides natively (container); else
 * one warning with the text Falco fails with when none is loaded.
 */
static int load_plugins(struct lctx *c)
{
	const struct ynode *v = ynode_get(c->item, "required_plugin_versions");
	size_t i, k;

	if (!v || v->kind != YNODE_SEQ) {
		LERR(c, c->item, "Value of required_plugin_versions must be a sequence");
		return -EINVAL;
	}
	for (i = 0; i < v->n; i++) {
		const struct ynode *p = v->kids[i], *alt = ynode_get(p, "alternatives");
		const char *name, *ver;
		char list[400];
		size_t used;
		int native;

		if (plugin_req(c, p, &name, &ver))
			return -EINVAL;
		if (alt && alt->kind != YNODE_SEQ) {
			LERR(c, alt, "Value of alternatives must be a sequence");
			return -EINVAL;
		}
		native = !strcmp(name, "container");
		used = (size_t)snprintf(list, sizeof(list), "%s (>= %s)", name, ver);
		for (k = 0; alt && k < alt->n; k++) {
			if (plugin_req(c, alt->kids[k], &name, &ver))
				return -EINVAL;
			native |= !strcmp(name, "container");
			if (used < sizeof(list))
				used += (size_t)snprintf(list + used, sizeof(list) - used, ", %s (>= %s)",
							 name, ver);
		}
		if (!native)
			rule_diag_add(c->rs, 0, c->file, p, 0, NULL, NULL, NULL,
				      "Plugin requirement not satisfied, must load one of: %s", list);
	}
	return 0;
}

static void load_item(struct rule_set *rs, uint32_t file, const struct ynode *item)
{
	struct lctx c = { rs, file, NULL, NULL, item };

	if (item->kind != YNODE_MAP) {
		rule_diag_add(rs, 1, file, item, 0, YV, NULL, NULL,
			      "Unexpected element type. Each element should be a yaml associative array.");
		return;
	}
	rs->next_index++;
	if (ynode_get(item, "required_engine_version")) {
		load_engine_version(&c);
	} else if (ynode_get(item, "required_plugin_versions")) {
		load_plugins(&c);
	} else if (ynode_get(item, "list")) {
		c.itype = "list";
		load_list(&c);
	} else if (ynode_get(item, "macro")) {
		c.itype = "macro";
		load_macro(&c);
	} else if (ynode_get(item, "rule")) {
		c.itype = "rule";
		load_rule(&c);
	} else {
		rule_diag_add(rs, 0, file, item, 0, "LOAD_UNKNOWN_ITEM", NULL, NULL,
			      "Unknown top level object: %s", item->n ? item->kids[0]->str : "{}");
	}
}

int rule_set_load_buf(struct rule_set *rs, const char *name, const char *buf, size_t len)
{
	struct rule_file *f, *nf;
	struct yerror yerr;
	uint32_t id;
	size_t i, j;

	if (rs->nfiles >= RULE_MAX_FILES)
		return -E2BIG;
	nf = realloc(rs->files, (rs->nfiles + 1) * sizeof(*nf));
	if (!nf)
		return -ENOMEM;
	rs->files = nf;
	id = rs->nfiles;
	f = &nf[id];
	memset(f, 0, sizeof(*f));
	f->path = strdup(name);
	f->buf = malloc(len + 1);
	if (!f->path || !f->buf) {
		free(f->path);
		free(f->buf);
		return -ENOMEM;
	}
	memcpy(f->buf, buf, len);
	f->buf[len] = '\0';
	f->len = len;
	rs->nfiles++;
	if (ydoc_parse(&f->doc, f->buf, len, &yerr)) {
		rule_diag_add(rs, 1, id, NULL, 0, "LOAD_ERR_YAML_PARSE", NULL, NULL, "%s", yerr.msg);
		/* rule_diag_add had no node: patch in the parser's position */
		{
			struct rule_diag *d = rs->diags;

			while (d && d->next)
				d = d->next;
			if (d) {
				d->line = yerr.line;
				d->col = yerr.col;
			}
		}
		return -EINVAL;
	}
	f->doc.buf = f->buf;
	for (i = 0; i < f->doc.nroots; i++) {
		const struct ynode *root = f->doc.roots[i];

		if (root->kind == YNODE_SCALAR && root->len == 0 && root->style == YSTYLE_PLAIN)
			continue;	/* empty document */
		if (root->kind != YNODE_SEQ) {
			rule_diag_add(rs, 1, id, root, 0, YV, NULL, NULL,
				      "Rules content is not yaml array of objects");
			continue;
		}
		for (j = 0; j < root->n; j++)
			load_item(rs, id, root->kids[j]);
	}
	return 0;
}

static int load_file(struct rule_set *rs, const char *path)
{
	struct stat st;
	char *buf;
	ssize_t n;
	size_t got = 0;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > RULE_MAX_FILE) {
		r = fd < 0 ? -errno : !S_ISREG(st.st_mode) ? -EINVAL : -EFBIG;
		if (fd >= 0)
			close(fd);
		rule_diag_path(rs, path, "LOAD_ERR_FILE_READ", "%s",
			       r == -EFBIG ? "file too large" : strerror(-r));
		return r;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	r = rule_set_load_buf(rs, path, buf, got);
	free(buf);
	return r;
}

static int yaml_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' &&
	       ((n > 5 && !strcmp(d->d_name + n - 5, ".yaml")) ||
		(n > 4 && !strcmp(d->d_name + n - 4, ".yml")));
}

int rule_set_load_path(struct rule_set *rs, const char *path)
{
	struct dirent **names;
	struct stat st;
	int i, n, r = 0;

	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return load_file(rs, path);
	n = scandir(path, &names, yaml_name, alphasort);
	if (n < 0) {
		rule_diag_path(rs, path, "LOAD_ERR_FILE_READ", "%s", strerror(errno));
		return -errno;
	}
	for (i = 0; i < n; i++) {
		char full[4096];

		snprintf(full, sizeof(full), "%s/%s", path, names[i]->d_name);
		if (load_file(rs, full) && !r)
			r = -EINVAL;
		free(names[i]);
	}
	free(names);
	return r;
}
