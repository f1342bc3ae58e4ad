// SPDX-License-Identifier: GPL-2.0
/*
 * Diagnostics of a rule set: "file:line:col: error|warning: <item type>
 * <name>: CODE: message", positions mapped back from condition offsets
 * to the YAML scalars the text came from.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rule_set.h"

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void diag_push(struct rule_set *rs, int error, const char *file, unsigned int line,
		      unsigned int col, const char *code, const char *itype, const char *iname,
		      const char *msg)
{
	struct rule_diag *d = calloc(1, sizeof(*d));

	if (!d)
		return;
	d->error = error;
	d->file = xstrdup(file ? file : "<input>");
	d->line = line;
	d->col = col;
	d->code = code;
	d->itype = itype;
	d->iname = xstrdup(iname);
	d->msg = xstrdup(msg);
	*rs->diag_tail = d;
	rs->diag_tail = &d->next;
	if (error)
		rs->nerrors++;
	else
		rs->nwarnings++;
}

void rule_diag_add(struct rule_set *rs, int error, uint32_t file, const struct ynode *node,
		   size_t off, const char *code, const char *itype, const char *iname,
		   const char *fmt, ...)
{
	unsigned int line = 0, col = 0;
	const struct rule_file *f = file < rs->nfiles ? &rs->files[file] : NULL;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (node && f)
		ynode_locate(&f->doc, node, off, &line, &col);
	diag_push(rs, error, f ? f->path : NULL, line, col, code, itype, iname, msg);
}

void rule_diag_path(struct rule_set *rs, const char *path, const char *code, const char *fmt,
		    ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_push(rs, 1, path, 0, 0, code, NULL, NULL, msg);
}

uint32_t rule_src_add(struct rule_set *rs, struct rule_src *src)
{
	struct rule_src **n = realloc(rs->srcs, (rs->nsrcs + 1) * sizeof(*n));

	if (!n)
		return 0;
	rs->srcs = n;
	n[rs->nsrcs] = src;
	return rs->nsrcs++;
}

void rule_diag_cond(struct rule_set *rs, int error, const struct cond_err *err,
		    const char *code, const char *itype, const char *iname)
{
	const struct rule_src *src = err->pos.src < rs->nsrcs ? rs->srcs[err->pos.src] : NULL;
	const struct rule_seg *seg = NULL;
	uint32_t i;

	if (src) {
		for (i = 0; i < src->nsegs; i++)
			if (src->segs[i].start <= err->pos.off)
				seg = &src->segs[i];
	}
	if (!seg) {
		diag_push(rs, error, NULL, 0, 0, code, itype, iname, err->msg);
		return;
	}
	rule_diag_add(rs, error, seg->file, seg->node, err->pos.off - seg->start, code, itype,
		      iname, "%s", err->msg);
}

void rule_diag_print(const struct rule_set *rs, FILE *f)
{
	const struct rule_diag *d;

	for (d = rs->diags; d; d = d->next) {
		if (d->line)
			fprintf(f, "%s:%u:%u: %s: ", d->file, d->line, d->col,
				d->error ? "error" : "warning");
		else	/* the whole file, or no file */
			fprintf(f, "%s: %s: ", d->file, d->error ? "error" : "warning");
		if (d->itype)
			fprintf(f, "%s %s: ", d->itype, d->iname ? d->iname : "");
		/* Falco's plugin requirement message carries no code. */
		if (d->code)
			fprintf(f, "%s: ", d->code);
		fprintf(f, "%s\n", d->msg);
	}
}
