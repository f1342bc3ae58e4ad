/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A rule's output string, compiled once: literal text and %field or
 * %field[arg] references, resolved per alert through the field accessor
 * the way Falco does (absent values print as <NA>).  The same references
 * are the alert's output_fields for JSON.  Extra fields (-p, Falco's
 * append_output) are appended to the text and the fields.
 */
#ifndef VIGIL_OUTFMT_H
#define VIGIL_OUTFMT_H

#include <stdbool.h>
#include <stddef.h>

#include "acc_field.h"

#define OUTFMT_MAX_REFS		64	/* field references per output */
#define OUTFMT_MAX_LEN		8192	/* bytes of an output string */

struct outfmt_seg {
	__u32 lit_off, lit_len;		/* literal text before the field */
	int has_ref;
	struct vm_fref ref;
	__u32 name_off, name_len;	/* "proc.name", "proc.aname[2]" */
};

struct outfmt {
	struct outfmt_seg *segs;
	unsigned int nsegs;
	char *pool;			/* the text: literals, keys */
	char *names;			/* NUL-terminated field names */
	size_t pool_len;
};

/*
 * Compile text (with extra appended after a space, may be NULL) into f.
 * 0; -EINVAL with the reason in err for an unknown field or a reference
 * too many; -ENOMEM; -E2BIG when the text is longer than OUTFMT_MAX_LEN.
 */
int outfmt_compile(struct outfmt *f, const char *text, const char *extra,
		   char *err, size_t errlen);
void outfmt_free(struct outfmt *f);

/* The resolved output text in buf (size bytes): its length. */
size_t outfmt_render(const struct outfmt *f, struct acc *a, char *buf,
		     size_t size);

/*
 * output_fields: names[i] and values[i] (into vbuf, vsize bytes; NULL
 * for absent values) and json[i] (value is a JSON number/bool), at most
 * max of them, fields named twice once.  Returns the count.
 */
unsigned int outfmt_fields(const struct outfmt *f, struct acc *a,
			   const char **names, const char **values,
			   bool *json, unsigned int max, char *vbuf,
			   size_t vsize);

#endif /* VIGIL_OUTFMT_H */
