/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Consumer side of the vigil per-CPU rings.
 *
 * struct vigil_ring reads one ring laid out as in shared/vigil_abi.h; it
 * can be attached to any memory with that layout (the device's mappings,
 * or a buffer in a unit test).  struct vigil_dev opens /dev/vigil, maps
 * every ring and wraps the ioctls.  vigil_ring_merge_next() merges rings
 * by timestamp.  Nothing here prints; errors are returned as -errno.
 */
#ifndef VIGIL_RING_H
#define VIGIL_RING_H

#include <stddef.h>

#include "vigil_events.h"

struct vigil_ring {
	struct vigil_ring_cons *cons;		/* the writable page */
	const struct vigil_ring_hdr *hdr;	/* header page */
	const unsigned char *data;		/* data_size bytes */
	__u64 data_size;
	__u64 mask;
	__u64 cons_pos;		/* local consumer position */
	__u64 prod_pos;		/* producer position last acquired */
	__u64 released_pos;	/* last position given back to the kernel */
	__u64 invalid;		/* records rejected, each with a resync */
	const struct vigil_event *head;	/* peeked, not yet consumed */
	__u32 head_len;		/* its length, as checked */
};

/*
 * Attach r to a ring in memory: cons is the consumer page, rest starts at
 * the header page and holds rest_len bytes (header page, then the data
 * area at hdr->data_offset - page_size).  Checks the header's version,
 * sizes and that the data area fits; -EINVAL / -EPROTO otherwise.
 */
int vigil_ring_attach(struct vigil_ring *r, struct vigil_ring_cons *cons,
		      const void *rest, size_t rest_len, size_t page_size);

/*
 * The next valid record, or NULL when none is available now.  Pad records
 * are skipped.  A record that fails a check is counted in r->invalid and
 * the reader resyncs to the producer position.  The record stays valid
 * until vigil_ring_release(); calling again returns the same record until
 * vigil_ring_consume().
 */
const struct vigil_event *vigil_ring_peek(struct vigil_ring *r);

/* Step past the record vigil_ring_peek() returned. */
void vigil_ring_consume(struct vigil_ring *r);

/* Give consumed bytes back to the producer. */
void vigil_ring_release(struct vigil_ring *r);

/*
 * Of n rings, the one whose next record has the smallest ts_ns: returns
 * that record and sets *idx, or NULL when every ring is empty.  Consume
 * it with vigil_ring_consume(&rings[*idx]).
 */
const struct vigil_event *vigil_ring_merge_next(struct vigil_ring *rings,
						unsigned int n,
						unsigned int *idx);

/* Most rings the agent maps (the kernel's nr_cpu_ids is far below). */
#define VIGIL_RINGS_MAX	8192

struct vigil_dev {
	int fd;
	struct vigil_info info;
	unsigned int nr_rings;
	struct vigil_ring *rings;
	void **maps;		/* 2 * nr_rings: cons page, rest */
	size_t rest_len;
};

/*
 * Open the device (path NULL: /dev/vigil), query it and map all rings.
 * Returns 0 or -errno; on error nothing stays open.
 */
int vigil_dev_open(struct vigil_dev *d, const char *path);
void vigil_dev_close(struct vigil_dev *d);

int vigil_dev_set_bitmap(struct vigil_dev *d, const struct vigil_bitmap *bm);
int vigil_dev_set_snaplen(struct vigil_dev *d, __u32 snaplen);
int vigil_dev_ignore_tgid(struct vigil_dev *d, __s32 tgid);
int vigil_dev_start(struct vigil_dev *d);
int vigil_dev_stop(struct vigil_dev *d);
int vigil_dev_stats(struct vigil_dev *d, struct vigil_stats *st);

/* Release every ring's consumed bytes. */
void vigil_dev_release(struct vigil_dev *d);

/* Sum of the rings' invalid counters. */
__u64 vigil_dev_invalid(const struct vigil_dev *d);

#endif /* VIGIL_RING_H */
