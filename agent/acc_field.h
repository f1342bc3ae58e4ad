/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The field accessor: one struct vm_accessor that reads every field of
 * agent/fields.def for a (record, state) pair.  evt.* fields come from
 * the record (decode.h), proc.*, thread.*, user.*, group.*, fd.*,
 * fs.path.*, container.* and k8s.* from the state (state.h) as updated
 * for this record.  Fields the data cannot fill read as absent.
 *
 * Per record:
 *
 *	acc_begin(a, rec, num);		after vigil_state_update()
 *	... vm_run()/rule_set_eval() with &a->vm, outfmt reads ...
 *
 * Loads never allocate: strings point into the record, into the state
 * (valid until the next state update) or into a small ring of scratch
 * buffers owned by the accessor, so up to ACC_NBUF formatted values can
 * be alive at once (a field-to-field comparison needs two).
 */
#ifndef VIGIL_ACC_FIELD_H
#define VIGIL_ACC_FIELD_H

#include <linux/types.h>

#include "decode.h"
#include "fields.h"
#include "state.h"
#include "vm.h"

#define ACC_NBUF	8
#define ACC_BUFSZ	8192

/* Payload fields the accessor reads by name, resolved once per type. */
enum acc_rec_field {
	ACC_RF_NAME, ACC_RF_PATH, ACC_RF_TARGET, ACC_RF_OLDPATH,
	ACC_RF_NEWPATH, ACC_RF_LINKPATH, ACC_RF_NEW_ROOT, ACC_RF_FLAGS,
	ACC_RF_MODE, ACC_RF_FD,
	ACC_RF_NR
};

struct acc;

/*
 * A field's loader, as acc_load() after its checks: writes out[0] and on
 * (keep included) and returns the count.
 */
typedef int acc_load_fn(struct acc *a, const struct vm_fref *ref,
			struct vm_val *out, unsigned int max);

struct acc {
	struct vm_accessor vm;		/* .load, .priv = this */
	acc_load_fn *load[FID_NR];	/* by field id, chosen by acc_init() */
	struct vigil_state *st;
	__u64 wall_base_ns;		/* added to ts_ns for wall-clock time */
	__u64 first_ts, prev_ts;	/* evt.reltime, evt.deltatime */
	char hostname[256];
	/* the current record and what was looked up for it */
	const struct vigil_event *ev;
	const struct vigil_type_desc *td;
	__u64 num;
	__u64 ts, prev;
	int looked_thread, looked_fd, looked_oflags;
	int has_oflags;			/* an open-type record: its open flags */
	__u64 oflags;
	int ctr_host;			/* container fields: of the host */
	const struct vigil_thread *t;
	const struct vigil_proc *p;
	const struct vigil_fd *fd;
	enum vigil_fd_type fdtype;	/* fd's, when fd is set */
	__s64 fdnum;			/* -1: the event has no fd */
	unsigned int slot;
	const struct vigil_type_desc *tds[VIGIL_EV_MAX];	/* vigil_type_desc() by type */
	/* by type: 1 + the index of each acc_rec_field in it, 0 if none */
	__u8 rf_idx[VIGIL_EV_MAX][ACC_RF_NR];
	const __u8 *rf;			/* the current record's row */
	char buf[ACC_NBUF][ACC_BUFSZ];
};

/* Set up a; st may be NULL (state fields then read as absent). */
void acc_init(struct acc *a, struct vigil_state *st, __u64 wall_base_ns);

/* Make rec (with event number num) the current record. */
void acc_begin(struct acc *a, const struct vigil_event *rec, __u64 num);

/*
 * Instead of acc_begin() for a record no field is read of: keeps only
 * what later records' fields take from it (the first and the previous
 * timestamp); the current record stays the last one begun.
 */
void acc_pass(struct acc *a, const struct vigil_event *rec);

/*
 * Values of ref for the current record, as vm_accessor.load: the count
 * written to out (0 absent), or -errno.
 */
int acc_load(void *priv, const void *ev, const struct vm_fref *ref,
	     struct vm_val *out, unsigned int max);

/*
 * One field as text, the way an output string shows it (numbers in
 * decimal, addresses dotted, lists joined by spaces): the length written
 * to buf (NUL-terminated), or -ENOENT when absent.
 */
int acc_format(struct acc *a, const struct vm_fref *ref, char *buf,
	       size_t size);

#endif /* VIGIL_ACC_FIELD_H */
