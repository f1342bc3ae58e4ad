// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Records of ABI 1 captures, read as ABI 2.  ABI 2 appended two 8-byte
 * fields to the fixed payload of seven types: vpid and vtid of execve,
 * execveat, clone, clone3, fork and vfork; child_vtid and child_vtgid of
 * sched_fork.  Every other record is the same in both.  An ABI 1 record of
 * those types is widened in place: its variable bytes move up 16, the new
 * fields read 0 (unknown, which the state leaves alone), and the string
 * offsets that pointed past the old payload follow the bytes.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "capture_int.h"
#include "decode.h"

#define ABI1_MISSING	16	/* bytes ABI 2 added to those payloads */

/* The added fields are the last of each payload. */
#define LAST_TWO(name, a, b)						\
	_Static_assert(offsetof(struct vigil_ev_##name, a) + 8 ==	\
		       offsetof(struct vigil_ev_##name, b) &&		\
		       offsetof(struct vigil_ev_##name, b) + 8 ==	\
		       sizeof(struct vigil_ev_##name), #name)
LAST_TWO(execve, vpid, vtid);
LAST_TWO(execveat, vpid, vtid);
LAST_TWO(clone, vpid, vtid);
LAST_TWO(clone3, vpid, vtid);
LAST_TWO(fork, vpid, vtid);
LAST_TWO(vfork, vpid, vtid);
LAST_TWO(sched_fork, child_vtid, child_vtgid);

static int widened(unsigned int type)
{
	switch (type) {
	case VIGIL_EV_EXECVE: case VIGIL_EV_EXECVEAT: case VIGIL_EV_CLONE:
	case VIGIL_EV_CLONE3: case VIGIL_EV_FORK: case VIGIL_EV_VFORK:
	case VIGIL_EV_SCHED_FORK:
		return 1;
	}
	return 0;
}

int capture_abi1_record(void *rec, size_t room, __u32 *len)
{
	struct vigil_event *ev = rec;
	const struct vigil_type_desc *td;
	const struct vigil_field_desc *f;
	unsigned char *p = rec;
	struct vigil_str s;
	size_t end;
	__u32 i;

	if (*len < sizeof(*ev) || ev->len != *len)
		return -EINVAL;
	if (!widened(ev->type))
		return 0;
	td = vigil_type_desc(ev->type);
	end = sizeof(*ev) + td->payload_size - ABI1_MISSING;
	if (*len < end || *len + ABI1_MISSING > VIGIL_REC_MAX ||
	    *len + ABI1_MISSING > room)
		return -EINVAL;
	memmove(p + end + ABI1_MISSING, p + end, *len - end);
	memset(p + end, 0, ABI1_MISSING);
	for (i = 0; i < td->nr_fields; i++) {
		f = &td->fields[i];
		if (f->kind != VIGIL_KIND_STR && f->kind != VIGIL_KIND_STRV)
			continue;
		memcpy(&s, p + sizeof(*ev) + f->off, sizeof(s));
		/* an offset out of the record stays out: the decoder says so */
		if (s.off < end || s.off > *len)
			continue;
		s.off += ABI1_MISSING;
		memcpy(p + sizeof(*ev) + f->off, &s, sizeof(s));
	}
	*len += ABI1_MISSING;
	ev->len = *len;
	return 0;
}
