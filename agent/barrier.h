/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The kernel's barrier names on top of C11 atomics, for the ring protocol
 * (liburing does the same).  The fields they touch are plain __u64 in the
 * shared headers, so the pointer is cast to an _Atomic one of the same
 * type; no volatile.
 *
 * Pairings on a vigil ring:
 *   kernel: write record;  smp_store_release(&hdr->producer_pos)
 *   agent:  smp_load_acquire(&hdr->producer_pos);  read records
 *   agent:  smp_store_release(&cons->consumer_pos) after it is done with them
 *   kernel: smp_load_acquire(&cons->consumer_pos) before it computes the
 *           free space and reuses the bytes
 * Each call site names the barrier it pairs with.
 */
#ifndef VIGIL_BARRIER_H
#define VIGIL_BARRIER_H

#include <stdatomic.h>

#define smp_load_acquire(p) \
	atomic_load_explicit((_Atomic __typeof__(*(p)) *)(p), \
			     memory_order_acquire)

#define smp_store_release(p, v) \
	atomic_store_explicit((_Atomic __typeof__(*(p)) *)(p), (v), \
			      memory_order_release)

/* A plain single-copy-atomic read of a value only this thread writes. */
#define READ_ONCE_RELAXED(p) \
	atomic_load_explicit((_Atomic __typeof__(*(p)) *)(p), \
			     memory_order_relaxed)

#endif /* VIGIL_BARRIER_H */
