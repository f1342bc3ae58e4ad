/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The producer's side of a ring (ring.c has the rest): inline, so that a
 * record costs the probe no calls for its ring.  Runs on the ring's own
 * CPU with preemption disabled, so producer state needs no lock.
 */
#ifndef VIGIL_RING_PROD_H
#define VIGIL_RING_PROD_H

#include <linux/irq_work.h>
#include <asm/barrier.h>
#include "vigil.h"

extern struct vigil_ring **vigil_rings;

static inline struct vigil_ring *vigil_ring_get(unsigned int cpu)
{
	if (cpu >= vigil_nr_rings)
		return NULL;
	return vigil_rings[cpu];
}

/*
 * Publish what was written from the producer position start up to end (a
 * pad, if any, then one record) and wake the consumer if that takes the
 * ring past a quarter full.
 */
static inline void vigil_ring_publish(struct vigil_ring *r, u64 start, u64 end)
{
	struct vigil_ring_hdr *h = r->hdr;
	u64 size = r->data_size, cons;

	r->prod = end;
	/*
	 * Pairs with the consumer's load-acquire of producer_pos: the record
	 * bytes (and a pad) are visible before the new position.
	 */
	smp_store_release(&h->producer_pos, end);
	WRITE_ONCE(h->written, h->written + 1);
	/*
	 * Wake the consumer when this record takes the ring's fill from
	 * below a quarter to a quarter or more, as far as the consumer
	 * position read after the record says.  Pairs with smp_mb() in
	 * vigil_poll(): either the consumer sees the new producer_pos, or we
	 * see its consumer_pos.  A consumer that releases at the same moment
	 * can make us miss one crossing (or wake it for nothing); it is
	 * running then, and it sleeps at most its poll interval after that.
	 */
	smp_mb();
	cons = READ_ONCE(r->cons->consumer_pos);
	if (start - cons < size / 4 && end - cons >= size / 4)
		irq_work_queue(&r->wake);
}

/*
 * Room to build the next record in place: the ring bytes at the producer
 * position, if the room a record may take while built (VIGIL_REC_ROOM) is
 * free there and ends before the end of the data area; else NULL, and the
 * record is built in the CPU's scratch area and copied by
 * vigil_ring_write(), which pads the tail and drops as it must.  The
 * consumer reads only up to producer_pos, so nothing written here is read
 * as a record before vigil_ring_commit(); what is written is the record
 * itself (no scratch, no other kernel memory), and a record given up
 * before its commit is overwritten by the next.  Runs on the ring's own
 * CPU with preemption disabled; consumer_pos is only used to compute free
 * space.
 */
static inline u8 *vigil_ring_reserve(struct vigil_ring *r)
{
	u64 size = r->data_size, prod = r->prod, cons, used, off;

	if (size < VIGIL_REC_ROOM)
		return NULL;
	/*
	 * Pairs with the consumer's store-release of consumer_pos after it
	 * has finished reading: the space it frees may be overwritten now.
	 */
	cons = smp_load_acquire(&r->cons->consumer_pos);
	used = prod - cons;
	off = prod & (size - 1);
	if (used > size || size - used < VIGIL_REC_ROOM ||
	    size - off < VIGIL_REC_ROOM)
		return NULL;
	return r->data + off;
}

/* Publish the record of len bytes built where vigil_ring_reserve() said. */
static inline void vigil_ring_commit(struct vigil_ring *r, u32 len)
{
	vigil_ring_publish(r, r->prod, r->prod + len);
}

#endif /* VIGIL_RING_PROD_H */
