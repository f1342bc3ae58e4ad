/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Shared between capture.c (framing) and capture_state.c (snapshot). */
#ifndef VIGIL_CAPTURE_INT_H
#define VIGIL_CAPTURE_INT_H

#include <stddef.h>

#include "capture.h"

/* One block whose payload is a then b (either may be empty). */
int capture_put_block(struct capture_writer *w, __u32 type, const void *a,
		      size_t alen, const void *b, size_t blen);

/*
 * Widen an ABI 1 record of *len bytes (in a buffer of room bytes) to its
 * ABI 2 layout, in place; *len and the record's len follow.  -EINVAL when
 * the record is too short or would not fit.
 */
int capture_abi1_record(void *rec, size_t room, __u32 *len);

#endif /* VIGIL_CAPTURE_INT_H */
