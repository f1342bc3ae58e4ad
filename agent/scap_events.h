/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Conversion of .scap event blocks into vigil records (struct vigil_event,
 * the payload struct, then the variable bytes, laid out exactly as
 * shared/vigil_abi.h and vigil_events.def say, as if kmod/ had written
 * them).
 *
 * Events are numbered as sysdig numbers them (evt.num): 1-based, counting
 * every event block whose type is in the reference event table
 * (SCAP_PPM_EVENT_MAX, the table of Debian's sysdig 0.29.3); newer types
 * are skipped unnumbered, as that sysdig does.
 *
 * Enter events are kept per thread and paired with the next exit event of
 * the same syscall on that thread (older event versions keep arguments
 * on the enter side).  One record is produced per exit event of a syscall
 * vigil captures, and per procexit; everything else is counted and
 * skipped.  Time stamps stay wall-clock (ts_ns is the capture's epoch
 * time, so decode with wall_base_ns 0).
 */
#ifndef VIGIL_SCAP_EVENTS_H
#define VIGIL_SCAP_EVENTS_H

#include <stddef.h>

#include "vigil_events.h"
#include "scap_reader.h"
#include "scap_state.h"

#define SCAP_PPM_EVENT_MAX	336

/* Passed along with each record: what vigil_event cannot carry. */
struct scap_evmeta {
	__u64 num;		/* evt.num of the exit event, as sysdig's */
	__u64 off;		/* byte offset of its block */
	__u16 ppme;		/* scap event type (PPME_*) */
	__u16 flags;		/* SCAP_META_* */
	__u32 reserved;
};

/* A generic scap event: the capture names the syscall, not its args. */
#define SCAP_META_NOARGS	(1 << 0)
/* Exit without its enter event: enter-side fields are 0 / absent. */
#define SCAP_META_NOENTER	(1 << 1)

struct scap_conv_stats {
	__u64 events;		/* event blocks numbered */
	__u64 beyond_table;	/* event blocks of types >= SCAP_PPM_EVENT_MAX */
	__u64 converted;	/* records produced */
	__u64 skipped;		/* numbered events that produce no record */
	__u64 filtered;		/* fcntl/mmap calls vigil does not record */
	__u64 per_type[VIGIL_EV_MAX];
};

struct scap_conv;

/* st is used and updated (thread, fd tables); NULL with errno on OOM. */
struct scap_conv *scap_conv_new(struct scap_state *st);
void scap_conv_free(struct scap_conv *c);

/*
 * One event block: 1 with *ev and *meta set (*ev valid until the next
 * call), 0 when it produces no record, -errno with err filled when the
 * event is malformed (its parameters overrun the block).
 */
int scap_conv_block(struct scap_conv *c, const struct scap_block *b,
		    const struct vigil_event **ev, struct scap_evmeta *meta,
		    char *err, size_t errlen);

const struct scap_conv_stats *scap_conv_stats(const struct scap_conv *c);

/*
 * The event name sysdig prints (%evt.type) for a converted record: scap
 * names some calls differently ("accept" for accept4, "pread" for pread64,
 * "umount" for umount2).  For comparisons with sysdig output.
 */
const char *scap_sysdig_name(const struct scap_evmeta *meta,
			     unsigned int vigil_type);

#endif /* VIGIL_SCAP_EVENTS_H */
