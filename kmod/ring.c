// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU rings.  Each ring is one vmalloc_user() area:
 *
 *   page 0            struct vigil_ring_cons   (consumer writes)
 *   page 1            struct vigil_ring_hdr    (kernel writes)
 *   page 2 ...        data, data_size bytes, a power of two
 *
 * Positions are free-running u64 byte counts indexed with pos & mask.
 * A record never crosses the end of the data area: when it would, a pad
 * record fills the tail and the record starts at offset 0.  The producer
 * is the probe on the ring's CPU, with preemption disabled, so producer
 * state needs no lock.
 */
#define pr_fmt(fmt) "vigil: " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/cpumask.h>
#include <asm/barrier.h>
#include "vigil.h"
#include "ring_prod.h"

unsigned int vigil_nr_rings;
u64 vigil_mmap_stride;
DECLARE_WAIT_QUEUE_HEAD(vigil_wq);

struct vigil_ring **vigil_rings;

/*
 * When the consumer is woken.  Not per record: on one CPU each wake-up is
 * a switch to the consumer and back, paid for by the task that made the
 * record.  The consumer instead polls on its own schedule, as libscap does
 * with scap.ko: after a pass that emptied the rings it sleeps (the
 * daemon: 16 ms, which bounds the delay of an alert), and a pass that
 * stopped at its batch limit sends it back at once.  The kernel
 * wakes it only when a ring fills past a quarter: a burst then gets a
 * consumer at once, while three quarters of the ring still take the
 * records that come before it runs.  The wake-up goes through irq_work,
 * never from inside the probe.
 */
static void vigil_ring_wake(struct irq_work *work)
{
	wake_up_interruptible(&vigil_wq);
}

static void vigil_ring_init_hdr(struct vigil_ring *r, unsigned int cpu)
{
	struct vigil_ring_hdr *h = r->hdr;

	h->abi_version = VIGIL_ABI_VERSION;
	h->hdr_size = sizeof(*h);
	h->features = VIGIL_FEAT_PAD_RECORDS | VIGIL_FEAT_BOOTTIME;
	h->data_offset = 2 * PAGE_SIZE;
	h->data_size = r->data_size;
	h->cpu = cpu;
}

static struct vigil_ring *vigil_ring_alloc(unsigned int cpu, u64 data_size)
{
	struct vigil_ring *r;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return NULL;
	r->mem = vmalloc_user(2 * PAGE_SIZE + data_size);
	if (!r->mem) {
		kfree(r);
		return NULL;
	}
	r->cons = r->mem;
	r->hdr = r->mem + PAGE_SIZE;
	r->data = r->mem + 2 * PAGE_SIZE;
	r->data_size = data_size;
	init_irq_work(&r->wake, vigil_ring_wake);
	vigil_ring_init_hdr(r, cpu);
	return r;
}

static void vigil_ring_free(struct vigil_ring *r)
{
	if (!r)
		return;
	irq_work_sync(&r->wake);
	vfree(r->mem);
	kfree(r);
}

int vigil_rings_init(u64 data_size)
{
	unsigned int cpu;

	vigil_nr_rings = nr_cpu_ids;
	vigil_mmap_stride = 2 * PAGE_SIZE + data_size;
	vigil_rings = kcalloc(vigil_nr_rings, sizeof(*vigil_rings), GFP_KERNEL);
	if (!vigil_rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		vigil_rings[cpu] = vigil_ring_alloc(cpu, data_size);
		if (!vigil_rings[cpu]) {
			vigil_rings_exit();
			return -ENOMEM;
		}
	}
	return 0;
}

void vigil_rings_exit(void)
{
	unsigned int i;

	if (!vigil_rings)
		return;
	for (i = 0; i < vigil_nr_rings; i++)
		vigil_ring_free(vigil_rings[i]);
	kfree(vigil_rings);
	vigil_rings = NULL;
}

/* Called with capture stopped and no mapping left (device released). */
void vigil_rings_reset(void)
{
	unsigned int i;

	for (i = 0; i < vigil_nr_rings; i++) {
		struct vigil_ring *r = vigil_rings[i];

		if (!r)
			continue;
		irq_work_sync(&r->wake);
		memset(r->cons, 0, PAGE_SIZE);
		memset(r->hdr, 0, PAGE_SIZE);
		vigil_ring_init_hdr(r, i);
		r->prod = 0;
	}
}

void vigil_rings_set_wall_base(u64 wall_base_ns)
{
	unsigned int i;

	for (i = 0; i < vigil_nr_rings; i++)
		if (vigil_rings[i])
			WRITE_ONCE(vigil_rings[i]->hdr->wall_base_ns, wall_base_ns);
}

bool vigil_rings_have_data(void)
{
	unsigned int i;

	for (i = 0; i < vigil_nr_rings; i++) {
		struct vigil_ring *r = vigil_rings[i];

		/*
		 * Pairs with smp_store_release(producer_pos) in
		 * vigil_ring_write(); the consumer position is only compared.
		 */
		if (r && smp_load_acquire(&r->hdr->producer_pos) !=
			     READ_ONCE(r->cons->consumer_pos))
			return true;
	}
	return false;
}

void vigil_rings_sum_stats(struct vigil_stats *st)
{
	unsigned int i;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < vigil_nr_rings; i++) {
		struct vigil_ring_hdr *h;

		if (!vigil_rings[i])
			continue;
		h = vigil_rings[i]->hdr;
		st->written += READ_ONCE(h->written);
		st->drop_full += READ_ONCE(h->drop_full);
		st->drop_reentrant += READ_ONCE(h->drop_reentrant);
		st->drop_too_large += READ_ONCE(h->drop_too_large);
		st->faults += READ_ONCE(h->faults);
		st->compat_skipped += READ_ONCE(h->compat_skipped);
	}
}

/*
 * Copy one finished record into the ring, or count why not.  Runs on the
 * ring's own CPU with preemption disabled.  consumer_pos is written by
 * user space and may hold anything: it is only used to compute free
 * space, never as an index.
 */
void vigil_ring_write(struct vigil_ring *r, const void *rec, u32 len)
{
	struct vigil_ring_hdr *h = r->hdr;
	u64 size = r->data_size, start = r->prod, prod = start;
	u64 cons, used, off, to_end, need;

	if (len > size) {
		WRITE_ONCE(h->drop_too_large, h->drop_too_large + 1);
		return;
	}
	/* As in vigil_ring_reserve(). */
	cons = smp_load_acquire(&r->cons->consumer_pos);
	used = prod - cons;
	off = prod & (size - 1);
	to_end = size - off;
	need = len + (to_end < len ? to_end : 0);
	if (used > size || size - used < need) {
		WRITE_ONCE(h->drop_full, h->drop_full + 1);
		return;
	}
	if (to_end < len) {
		struct vigil_event *pad = (struct vigil_event *)(r->data + off);

		pad->len = (u32)to_end;
		pad->type = VIGIL_EV_PAD;
		pad->flags = 0;
		prod += to_end;
		off = 0;
	}
	memcpy(r->data + off, rec, len);
	vigil_ring_publish(r, start, prod + len);
}
