// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Consumer side of the vigil rings: reading records out of one ring's
 * memory without trusting any length the producer wrote, merging rings by
 * time, and mapping the rings of /dev/vigil.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "barrier.h"
#include "decode.h"
#include "ring.h"

#define VIGIL_DEV_PATH	"/dev/" VIGIL_DEV_NAME

static int is_pow2(__u64 v)
{
	return v && !(v & (v - 1));
}

int vigil_ring_attach(struct vigil_ring *r, struct vigil_ring_cons *cons,
		      const void *rest, size_t rest_len, size_t page_size)
{
	const struct vigil_ring_hdr *hdr = rest;
	__u64 data_start;

	memset(r, 0, sizeof(*r));
	if (!cons || !rest || rest_len < page_size ||
	    page_size < sizeof(*hdr))
		return -EINVAL;
	if (hdr->abi_version != VIGIL_ABI_VERSION ||
	    hdr->hdr_size < sizeof(*hdr) || hdr->hdr_size > page_size)
		return -EPROTO;
	if (!is_pow2(hdr->data_size) || hdr->data_size < VIGIL_REC_ALIGN ||
	    hdr->data_offset % VIGIL_REC_ALIGN ||
	    hdr->data_offset < page_size + hdr->hdr_size)
		return -EPROTO;
	data_start = hdr->data_offset - page_size;
	if (data_start > rest_len || hdr->data_size > rest_len - data_start)
		return -EPROTO;

	r->cons = cons;
	r->hdr = hdr;
	r->data = (const unsigned char *)rest + data_start;
	r->data_size = hdr->data_size;
	r->mask = hdr->data_size - 1;
	/* Only this process writes consumer_pos: no ordering needed. */
	r->cons_pos = READ_ONCE_RELAXED(&cons->consumer_pos);
	r->prod_pos = r->cons_pos;
	r->released_pos = r->cons_pos;
	return 0;
}

/* Count a bad record and skip everything the producer has written. */
static const struct vigil_event *ring_resync(struct vigil_ring *r)
{
	r->invalid++;
	r->cons_pos = r->prod_pos;
	return NULL;
}

const struct vigil_event *vigil_ring_peek(struct vigil_ring *r)
{
	if (r->head)
		return r->head;
	if (r->prod_pos == r->cons_pos) {
		/*
		 * Pairs with the producer's smp_store_release(&producer_pos)
		 * after it wrote the records: they are visible below.
		 */
		r->prod_pos = smp_load_acquire(&r->hdr->producer_pos);
	}
	/* Each pass consumes >= 8 of at most data_size bytes: it ends. */
	for (;;) {
		__u64 avail = r->prod_pos - r->cons_pos;
		__u64 off = r->cons_pos & r->mask;
		__u64 to_end = r->data_size - off;
		const struct vigil_event *ev;
		__u32 len;

		if (!avail)
			return NULL;
		if (avail > r->data_size || avail % VIGIL_REC_ALIGN ||
		    r->cons_pos % VIGIL_REC_ALIGN)
			return ring_resync(r);
		ev = (const struct vigil_event *)(r->data + off);
		len = ev->len;
		if (len < VIGIL_REC_ALIGN || len % VIGIL_REC_ALIGN ||
		    len > avail || len > to_end)
			return ring_resync(r);
		if (ev->type == VIGIL_EV_PAD) {
			/* A pad covers exactly the rest of the data area. */
			if (len != to_end)
				return ring_resync(r);
			r->cons_pos += len;
			continue;
		}
		if (vigil_rec_check(ev))
			return ring_resync(r);
		r->head = ev;
		r->head_len = len;
		return ev;
	}
}

void vigil_ring_consume(struct vigil_ring *r)
{
	if (!r->head)
		return;
	r->cons_pos += r->head_len;
	r->head = NULL;
	r->head_len = 0;
}

void vigil_ring_release(struct vigil_ring *r)
{
	if (r->released_pos == r->cons_pos)
		return;
	/*
	 * Pairs with the producer's smp_load_acquire(&consumer_pos) before
	 * it computes free space: our reads of the released records are done
	 * before it may overwrite them.
	 */
	smp_store_release(&r->cons->consumer_pos, r->cons_pos);
	r->released_pos = r->cons_pos;
}

const struct vigil_event *vigil_ring_merge_next(struct vigil_ring *rings,
						unsigned int n,
						unsigned int *idx)
{
	const struct vigil_event *best = NULL;
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct vigil_event *ev = vigil_ring_peek(&rings[i]);

		if (ev && (!best || ev->ts_ns < best->ts_ns)) {
			best = ev;
			*idx = i;
		}
	}
	return best;
}

static int info_check(const struct vigil_info *in, size_t page)
{
	if (in->abi_version != VIGIL_ABI_VERSION || in->page_size != page)
		return -EPROTO;
	if (!in->nr_rings || in->nr_rings > VIGIL_RINGS_MAX)
		return -EPROTO;
	if (in->hdr_size < sizeof(struct vigil_ring_hdr) ||
	    in->hdr_size > page)
		return -EPROTO;
	if (!in->mmap_stride || in->mmap_stride % page ||
	    in->mmap_stride > (__u64)INT64_MAX / in->nr_rings)
		return -EPROTO;
	if (!is_pow2(in->data_size) || in->data_offset < 2 * page ||
	    in->data_offset > in->mmap_stride ||
	    in->data_size > in->mmap_stride - in->data_offset)
		return -EPROTO;
	return 0;
}

static int map_ring(struct vigil_dev *d, unsigned int i, size_t page)
{
	off_t base = (off_t)(i * d->info.mmap_stride);
	void *cons, *rest;

	cons = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, d->fd,
		    base);
	if (cons == MAP_FAILED)
		return -errno;
	d->maps[2 * i] = cons;
	rest = mmap(NULL, d->rest_len, PROT_READ, MAP_SHARED, d->fd,
		    base + (off_t)page);
	if (rest == MAP_FAILED)
		return -errno;
	d->maps[2 * i + 1] = rest;
	return vigil_ring_attach(&d->rings[i], cons, rest, d->rest_len, page);
}

int vigil_dev_open(struct vigil_dev *d, const char *path)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned int i;
	int err;

	memset(d, 0, sizeof(*d));
	d->fd = open(path ? path : VIGIL_DEV_PATH, O_RDWR | O_CLOEXEC);
	if (d->fd < 0)
		return -errno;
	if (ioctl(d->fd, VIGIL_IOC_GET_INFO, &d->info)) {
		err = -errno;
		goto close_dev;
	}
	err = info_check(&d->info, (size_t)page);
	if (err)
		goto close_dev;
	d->rest_len = d->info.mmap_stride - (size_t)page;
	d->rings = calloc(d->info.nr_rings, sizeof(*d->rings));
	d->maps = calloc(2 * (size_t)d->info.nr_rings, sizeof(*d->maps));
	if (!d->rings || !d->maps) {
		err = -ENOMEM;
		goto close_dev;
	}
	for (i = 0; i < d->info.nr_rings; i++) {
		err = map_ring(d, i, (size_t)page);
		d->nr_rings = i + 1;	/* how many to unmap */
		if (err)
			goto close_dev;
	}
	return 0;
close_dev:
	vigil_dev_close(d);
	return err;
}

void vigil_dev_close(struct vigil_dev *d)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned int i;

	if (!d)
		return;
	for (i = 0; d->maps && i < d->nr_rings; i++) {
		if (d->maps[2 * i])
			munmap(d->maps[2 * i], (size_t)page);
		if (d->maps[2 * i + 1])
			munmap(d->maps[2 * i + 1], d->rest_len);
	}
	free(d->maps);
	free(d->rings);
	if (d->fd >= 0)
		close(d->fd);
	memset(d, 0, sizeof(*d));
	d->fd = -1;
}

static int dev_ioctl(struct vigil_dev *d, unsigned long req, void *arg)
{
	return ioctl(d->fd, req, arg) ? -errno : 0;
}

int vigil_dev_set_bitmap(struct vigil_dev *d, const struct vigil_bitmap *bm)
{
	return dev_ioctl(d, VIGIL_IOC_SET_BITMAP, (void *)bm);
}

int vigil_dev_set_snaplen(struct vigil_dev *d, __u32 snaplen)
{
	return dev_ioctl(d, VIGIL_IOC_SET_SNAPLEN, &snaplen);
}

int vigil_dev_ignore_tgid(struct vigil_dev *d, __s32 tgid)
{
	struct vigil_ignore ig = { .tgid = tgid, .flags = 0 };

	return dev_ioctl(d, VIGIL_IOC_IGNORE_TGID, &ig);
}

int vigil_dev_start(struct vigil_dev *d)
{
	return dev_ioctl(d, VIGIL_IOC_START, NULL);
}

int vigil_dev_stop(struct vigil_dev *d)
{
	return dev_ioctl(d, VIGIL_IOC_STOP, NULL);
}

int vigil_dev_stats(struct vigil_dev *d, struct vigil_stats *st)
{
	memset(st, 0, sizeof(*st));
	return dev_ioctl(d, VIGIL_IOC_GET_STATS, st);
}

void vigil_dev_release(struct vigil_dev *d)
{
	unsigned int i;

	for (i = 0; i < d->nr_rings; i++)
		vigil_ring_release(&d->rings[i]);
}

__u64 vigil_dev_invalid(const struct vigil_dev *d)
{
	__u64 sum = 0;
	unsigned int i;

	for (i = 0; i < d->nr_rings; i++)
		sum += d->rings[i].invalid;
	return sum;
}
