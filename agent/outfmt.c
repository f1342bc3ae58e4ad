// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Rule output strings: compile %field references once (outfmt_render.c renders). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "outfmt.h"

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.';
}

static int numeric(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Resolve name (n bytes) and its optional argument into seg->ref. */
static int make_ref(struct outfmt *f, struct outfmt_seg *seg, const char *name,
		    size_t n, const char *arg, size_t alen, char *err,
		    size_t errlen)
{
	char tmp[256];
	const char *suffix;
	int fid;

	if (n >= sizeof(tmp)) {
		snprintf(err, errlen, "field name too long");
		return -EINVAL;
	}
	memcpy(tmp, name, n);
	tmp[n] = '\0';
	fid = field_lookup(tmp, &suffix);
	if (fid < 0) {
		/* Falco's words: the rest of the text from the token on. */
		snprintf(err, errlen, "invalid formatting token %s", name);
		return -EINVAL;
	}
	memset(&seg->ref, 0, sizeof(seg->ref));
	seg->has_ref = 1;
	seg->ref.fid = (uint16_t)fid;
	seg->ref.type = (uint8_t)field_table[fid].type;
	seg->ref.idx = -1;
	if (suffix) {
		arg = name + (suffix - tmp);
		alen = n - (size_t)(suffix - tmp);
	}
	if (arg) {
		if ((field_table[fid].flags & FF_IDX) && numeric(arg, alen)) {
			seg->ref.idx = atoi(arg);
		} else if (field_table[fid].flags & FF_KEY) {
			seg->ref.key = arg;	/* into f->pool */
			seg->ref.keylen = (uint32_t)alen;
		} else {
			snprintf(err, errlen, "field '%s' takes no argument",
				 tmp);
			return -EINVAL;
		}
	} else if (field_table[fid].flags & FF_ARGREQ) {
		snprintf(err, errlen, "field '%s' needs an argument", tmp);
		return -EINVAL;
	}
	return 0;
}

int outfmt_compile(struct outfmt *f, const char *text, const char *extra,
		   char *err, size_t errlen)
{
	size_t tlen = strlen(text), elen = extra ? strlen(extra) : 0;
	size_t i, start, n, cap, nused = 0;
	const char *s, *arg;
	struct outfmt_seg *seg;
	size_t alen;
	int ret;

	memset(f, 0, sizeof(*f));
	/* A folded YAML scalar ("output: >") ends in a newline; Falco's
	 * output lines do not. */
	while (tlen && (text[tlen - 1] == '\n' || text[tlen - 1] == ' ' ||
			text[tlen - 1] == '\t' || text[tlen - 1] == '\r'))
		tlen--;
	if (tlen + elen + 1 > OUTFMT_MAX_LEN) {
		snprintf(err, errlen, "output longer than %d bytes",
			 OUTFMT_MAX_LEN);
		return -E2BIG;
	}
	/* the pool holds the text once (literals and names point into it) */
	f->pool = malloc(tlen + elen + 2);
	f->names = malloc(tlen + elen + OUTFMT_MAX_REFS + 2);
	f->segs = calloc(OUTFMT_MAX_REFS + 1, sizeof(*f->segs));
	if (!f->pool || !f->names || !f->segs) {
		outfmt_free(f);
		return -ENOMEM;
	}
	memcpy(f->pool, text, tlen);
	n = tlen;
	if (elen) {
		f->pool[n++] = ' ';
		memcpy(f->pool + n, extra, elen);
		n += elen;
	}
	f->pool[n] = '\0';
	f->pool_len = n;
	s = f->pool;
	cap = OUTFMT_MAX_REFS + 1;
	start = 0;
	for (i = 0; i < n;) {
		size_t nb;

		if (s[i] != '%' || i + 1 >= n || !name_char(s[i + 1])) {
			i++;
			continue;
		}
		nb = i + 1;
		while (nb < n && name_char(s[nb]))
			nb++;
		while (nb > i + 1 && s[nb - 1] == '.')
			nb--;	/* "%proc.name." ends a sentence */
		arg = NULL;
		alen = 0;
		if (nb < n && s[nb] == '[') {
			const char *close = memchr(s + nb, ']', n - nb);

			if (close) {
				arg = s + nb + 1;
				alen = (size_t)(close - arg);
			}
		}
		if (f->nsegs + 1 >= cap) {
			snprintf(err, errlen, "more than %d fields in output",
				 OUTFMT_MAX_REFS);
			outfmt_free(f);
			return -EINVAL;
		}
		seg = &f->segs[f->nsegs];
		seg->lit_off = (__u32)start;
		seg->lit_len = (__u32)(i - start);
		seg->name_off = (__u32)(i + 1);
		ret = make_ref(f, seg, s + i + 1, nb - i - 1, arg, alen, err,
			       errlen);
		if (ret) {
			outfmt_free(f);
			return ret;
		}
		f->nsegs++;
		i = arg ? (size_t)(arg - s) + alen + 1 : nb;
		seg->name_len = (__u32)(i - seg->name_off);
		memcpy(f->names + nused, s + seg->name_off, seg->name_len);
		seg->name_off = (__u32)nused;
		nused += seg->name_len;
		f->names[nused++] = '\0';
		start = i;
	}
	seg = &f->segs[f->nsegs++];
	seg->lit_off = (__u32)start;
	seg->lit_len = (__u32)(n - start);
	seg->has_ref = 0;
	return 0;
}

void outfmt_free(struct outfmt *f)
{
	if (!f)
		return;
	free(f->segs);
	free(f->pool);
	free(f->names);
	memset(f, 0, sizeof(*f));
}
