// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Lexical path normalisation (path_norm.h).  One pass over the base
 * directory and then the path, component by component, writing
 * "/component" for each kept one and stepping back over the last for
 * "..".  The write position never passes the read position of an
 * absolute path, so it can work in place.
 */
#include <string.h>

#include "path_norm.h"

struct pn {
	char *out;
	size_t size;
	size_t o;		/* bytes written */
	int full;		/* out is full: the rest is dropped */
};

static void pn_put(struct pn *w, const char *c, size_t len)
{
	size_t room = w->size - 1 - w->o;

	if (!room) {
		w->full = 1;
		return;
	}
	w->out[w->o++] = '/';
	room--;
	if (len > room) {
		len = room;
		w->full = 1;
	}
	memmove(w->out + w->o, c, len);
	w->o += len;
}

static void pn_up(struct pn *w)
{
	while (w->o > 0 && w->out[w->o - 1] != '/')
		w->o--;
	if (w->o > 0)
		w->o--;
}

/* Append the components of s (n bytes); if cut, the last one as it is. */
static void pn_add(struct pn *w, const char *s, size_t n, int cut)
{
	size_t i = 0, j, len;

	while (i < n && !w->full) {
		for (j = i; j < n && s[j] != '/'; j++)
			;
		len = j - i;
		if (cut && j == n && len)
			pn_put(w, s + i, len);
		else if (len == 2 && s[i] == '.' && s[i + 1] == '.')
			pn_up(w);
		else if (len && !(len == 1 && s[i] == '.'))
			pn_put(w, s + i, len);
		i = j + 1;
	}
}

/*
 * Normal: no empty, "." or ".." component, no '/' at the end (but "/"
 * itself).  Most paths are: one scan for slashes then instead of a
 * rewrite component by component.
 */
static inline int pn_is_normal(const char *p, size_t n, size_t *last)
{
	const char *end = p + n, *c = p;

	for (;;) {
		*last = (size_t)(c - p);
		c++;			/* past the '/' at c */
		if (c == end)
			return n == 1;
		if (*c == '/')
			return 0;
		if (*c == '.' && (c + 1 == end || c[1] == '/' ||
				  (c[1] == '.' && (c + 2 == end || c[2] == '/'))))
			return 0;
		c = memchr(c, '/', (size_t)(end - c));
		if (!c)
			return 1;
	}
}

int vigil_path_normal(const char *p, size_t n, size_t *last)
{
	return pn_is_normal(p, n, last);
}

size_t vigil_path_norm(char *out, size_t size, const char *dir, size_t dlen,
		       const char *p, size_t n, int cut)
{
	struct pn w = { out, size, 0, 0 };
	size_t last;

	if (n && p[0] == '/') {
		if (n < size && pn_is_normal(p, n, &last)) {
			if (out != p)
				memmove(out, p, n);
			out[n] = '\0';
			return n;
		}
		dir = NULL;
	} else if (!dir) {
		if (n > size - 1)
			n = size - 1;
		memmove(out, p, n);
		out[n] = '\0';
		return n;
	}
	if (dir)
		pn_add(&w, dir, dlen, 0);
	pn_add(&w, p, n, cut);
	if (!w.o)
		out[w.o++] = '/';
	out[w.o] = '\0';
	return w.o;
}
