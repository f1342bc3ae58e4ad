// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Rule output strings: render a compiled output for the current record. */
#include <stdio.h>
#include <string.h>

#include "fields.h"
#include "outfmt.h"

size_t outfmt_render(const struct outfmt *f, struct acc *a, char *buf,
		     size_t size)
{
	size_t used = 0, n;
	unsigned int i;
	int k;

	if (!size)
		return 0;
	for (i = 0; i < f->nsegs && used + 1 < size; i++) {
		const struct outfmt_seg *seg = &f->segs[i];

		n = seg->lit_len < size - 1 - used ? seg->lit_len :
						     size - 1 - used;
		memcpy(buf + used, f->pool + seg->lit_off, n);
		used += n;
		if (!seg->has_ref || used + 1 >= size)
			continue;
		k = acc_format(a, &seg->ref, buf + used, size - used);
		if (k < 0)
			k = snprintf(buf + used, size - used, "<NA>");
		used += (size_t)k < size - used ? (size_t)k : size - used - 1;
	}
	buf[used] = '\0';
	return used;
}

static int is_numeric_type(enum field_type t)
{
	return t != FT_STR && t != FT_IPADDR && t != FT_IPNET;
}

unsigned int outfmt_fields(const struct outfmt *f, struct acc *a,
			   const char **names, const char **values,
			   bool *json, unsigned int max, char *vbuf,
			   size_t vsize)
{
	unsigned int i, j, n = 0;
	size_t used = 0;
	int k;

	for (i = 0; i < f->nsegs && n < max; i++) {
		const struct outfmt_seg *seg = &f->segs[i];
		const char *name = f->names + seg->name_off;
		int dup = 0;

		if (!seg->has_ref)
			continue;
		for (j = 0; j < n; j++)
			if (!strcmp(names[j], name))
				dup = 1;
		if (dup)
			continue;
		names[n] = name;
		values[n] = NULL;
		json[n] = false;
		if (used < vsize) {
			k = acc_format(a, &seg->ref, vbuf + used, vsize - used);
			if (k >= 0) {
				values[n] = vbuf + used;
				json[n] = is_numeric_type(field_table[seg->ref.fid].type);
				used += (size_t)k + 1;
			}
		}
		n++;
	}
	return n;
}
