// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Building blocks of the state tables: a chained hash table whose bucket
 * count starts small and doubles with its population up to what the
 * table's cap asks for (so an agent watching a quiet host does not keep
 * megabytes of buckets resident; lookups never allocate, and a failed
 * doubling only leaves longer chains), shared immutable strings, and
 * bounded file reads. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "state_int.h"

#define HTAB_MIN_BITS	4
#define HTAB_START_BITS	8
#define HTAB_MAX_BITS	24

static void htab_set_bits(struct vst_htab *h, __u32 bits)
{
	h->mask = (1U << bits) - 1;
	h->shift = 64 - bits;
}

int vst_htab_init(struct vst_htab *h, __u32 cap)
{
	__u32 bits = HTAB_MIN_BITS, start;

	while (bits < HTAB_MAX_BITS && (1U << bits) < cap)
		bits++;
	start = bits < HTAB_START_BITS ? bits : HTAB_START_BITS;
	h->b = calloc(1U << start, sizeof(*h->b));
	if (!h->b)
		return -ENOMEM;
	htab_set_bits(h, start);
	h->max_bits = bits;
	h->n = 0;
	return 0;
}

void vst_htab_free(struct vst_htab *h)
{
	free(h->b);
	h->b = NULL;
	h->n = 0;
}

static __u32 bucket(const struct vst_htab *h, __u64 key)
{
	return (__u32)((key * 0x9e3779b97f4a7c15ULL) >> h->shift) & h->mask;
}

struct vst_hnode *vst_htab_first(const struct vst_htab *h, __u64 key)
{
	struct vst_hnode *n;

	for (n = h->b[bucket(h, key)]; n; n = n->next)
		if (n->key == key)
			return n;
	return NULL;
}

/*
 * Double the buckets and relink every node; on ENOMEM keep the old ones.
 * A bucket is the top bits of the key's hash, so old bucket i splits into
 * 2i and 2i + 1; nodes keep their order (newest first) within each.
 */
static void htab_grow(struct vst_htab *h)
{
	__u32 bits = 64 - h->shift, i, old_n = h->mask + 1;
	struct vst_hnode **old = h->b, *n, *next;

	h->b = calloc((size_t)old_n * 2, sizeof(*h->b));
	if (!h->b) {
		h->b = old;
		return;
	}
	htab_set_bits(h, bits + 1);
	for (i = 0; i < old_n; i++) {
		struct vst_hnode **tail[2] = { &h->b[2 * i], &h->b[2 * i + 1] };

		for (n = old[i]; n; n = next) {
			__u32 b = bucket(h, n->key);

			next = n->next;
			n->next = NULL;
			*tail[b & 1] = n;
			tail[b & 1] = &n->next;
		}
	}
	free(old);
}

void vst_htab_add(struct vst_htab *h, struct vst_hnode *n)
{
	struct vst_hnode **head;

	if (h->n > h->mask && 64 - h->shift < h->max_bits)
		htab_grow(h);
	head = &h->b[bucket(h, n->key)];

	n->next = *head;
	*head = n;
	h->n++;
}

void vst_htab_del(struct vst_htab *h, struct vst_hnode *n)
{
	struct vst_hnode **pp;

	for (pp = &h->b[bucket(h, n->key)]; *pp; pp = &(*pp)->next) {
		if (*pp == n) {
			*pp = n->next;
			n->next = NULL;
			h->n--;
			return;
		}
	}
}

/* FNV-1a, 64 bits. */
__u64 vst_hash_bytes(const void *p, size_t n)
{
	const unsigned char *c = p;
	__u64 h = 0xcbf29ce484222325ULL;

	while (n--) {
		h ^= *c++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

void *vst_spare_zalloc(struct vst_spare *sp, size_t size)
{
	struct vst_spare_link *l = sp->top;

	if (!l)
		return calloc(1, size);
	sp->top = l->next;
	sp->n--;
	memset(l, 0, size);
	return l;
}

void vst_spare_drop(struct vst_spare *sp, void *p)
{
	struct vst_spare_link *l = p;

	if (sp->n >= VST_SPARE_MAX) {
		free(p);
		return;
	}
	l->next = sp->top;
	sp->top = l;
	sp->n++;
}

void vst_spare_free(struct vst_spare *sp)
{
	struct vst_spare_link *l;

	while ((l = sp->top)) {
		sp->top = l->next;
		free(l);
	}
	sp->n = 0;
}

struct vst_str *vst_str_new(const char *p, size_t n, size_t max)
{
	struct vst_str *s;

	if (n > max)
		n = max;
	s = malloc(sizeof(*s) + n + 1);
	if (!s)
		return NULL;
	s->refs = 1;
	s->len = (__u32)n;
	s->size = (__u32)n + 1;
	if (n)
		memcpy(s->s, p, n);
	s->s[n] = '\0';
	return s;
}

void vst_str_put(struct vst_str *s)
{
	if (s && !--s->refs)
		free(s);
}

void vst_str_set(struct vst_str **dst, struct vst_str *src)
{
	vst_str_get(src);
	vst_str_put(*dst);
	*dst = src;
}

__u64 vst_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
}

char *vst_read_file(const char *path, size_t max, size_t *len)
{
	size_t n = 0, cap = max < 4096 ? max : 4096;
	char *buf, *nb;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = malloc(cap + 1);
	if (!buf)
		goto err_close;
	for (;;) {
		if (n == cap) {
			if (cap >= max)
				break;
			cap = cap * 2 > max ? max : cap * 2;
			nb = realloc(buf, cap + 1);
			if (!nb)
				goto err_free;
			buf = nb;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto err_free;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;

err_free:
	free(buf);
err_close:
	close(fd);
	return NULL;
}
