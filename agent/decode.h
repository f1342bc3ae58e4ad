/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Record decoder: a table of every event type and its payload fields,
 * generated from shared/vigil_events.def, bounds-checked field accessors,
 * and the conversion of one record to a JSON object (jansson).  Nothing
 * here prints or logs.
 *
 * Every function taking a record trusts only that ev->len bytes starting
 * at ev are readable (the ring reader checks that); everything inside the
 * record (type, payload size, string offsets) is checked here.
 */
#ifndef VIGIL_DECODE_H
#define VIGIL_DECODE_H

#include <stddef.h>
#include <jansson.h>

#include "vigil_events.h"

struct vigil_field_desc {
	const char *name;	/* the def's field name */
	__u8 kind;		/* enum vigil_kind */
	__u8 fmt;		/* enum vigil_fmt */
	__u16 off;		/* from the start of the payload */
};

struct vigil_type_desc {
	const char *name;	/* the def's name: "openat", "syscall" */
	__u32 nr;		/* syscall/sched number, VIGIL_NR_NONE */
	__u32 payload_size;	/* sizeof(struct vigil_ev_<name>) */
	__u32 nr_fields;
	const struct vigil_field_desc *fields;
};

/* Descriptor of type, NULL for VIGIL_EV_PAD and out-of-range types. */
const struct vigil_type_desc *vigil_type_desc(unsigned int type);

/* Type number of a def name, -ENOENT when there is none. */
int vigil_type_by_name(const char *name);

/* Field of td called name, NULL when there is none. */
const struct vigil_field_desc *
vigil_field_by_name(const struct vigil_type_desc *td, const char *name);

/* Whether a record of type is a syscall (not sched_* / procexit). */
int vigil_type_is_syscall(unsigned int type);

/*
 * Smallest valid length of a record of this type (header + payload), 0
 * for VIGIL_EV_PAD and unknown types.
 */
size_t vigil_rec_min_len(unsigned int type);

/* 0 when ev's type and len are consistent, else -EINVAL. */
int vigil_rec_check(const struct vigil_event *ev);

/* Numeric payload field (kind U64/S64), read at its offset. */
__u64 vigil_field_u64(const struct vigil_event *ev,
		      const struct vigil_field_desc *f);

/*
 * Bytes of a STR/STRV field: 0 with *p, *len set; -ENOENT when the field
 * is absent (off == 0); -EINVAL when it points outside the record's
 * variable part (the caller counts that as invalid).
 */
int vigil_field_bytes(const struct vigil_event *ev,
		      const struct vigil_field_desc *f,
		      const char **p, size_t *len);
/*
 * vigil_field_bytes() of the string s inside ev's fixed part, for a caller
 * that knows its type's layout and so needs no field descriptor.
 */
int vigil_str_bytes(const struct vigil_event *ev, const struct vigil_str *s,
		    const char **p, size_t *len);
/* VIGIL_EVF_* of a STR/STRV field (0 for other kinds or when absent). */
__u16 vigil_field_str_flags(const struct vigil_event *ev,
			    const struct vigil_field_desc *f);

/*
 * An ADDR field: 0 with *sa set and, for AF_UNIX with a path, *path and
 * *path_len set (else *path is NULL); -EINVAL when the path is out of
 * bounds.
 */
int vigil_field_addr(const struct vigil_event *ev,
		     const struct vigil_field_desc *f,
		     const struct vigil_sockaddr **sa,
		     const char **path, size_t *path_len);

/*
 * Fill bm from a comma list of def names, "all" (every type but the
 * generic "syscall") and "nr:N" (raw syscall N, captured as "syscall").
 * -EINVAL on a bad item, copied into bad (badlen bytes); -ENOMEM.
 */
int vigil_bitmap_parse(const char *list, struct vigil_bitmap *bm,
		       char *bad, size_t badlen);

/* "2026-11-22T23:59:01.123456789Z"; returns the length or -ENOSPC. */
int vigil_format_time(__u64 ns, char *buf, size_t size);

/*
 * The JSON key a payload field is printed under: its def name, or
 * "arg.<name>" when the name is also a header key ("uid", "pid", "type",
 * ...; not "flags": the record's flags yield to the payload's and are
 * printed as "evflags" for such types).  buf holds VIGIL_KEY_MAX bytes.
 */
#define VIGIL_KEY_MAX	64
const char *vigil_field_key(const struct vigil_field_desc *f, char *buf);

/*
 * One record as a JSON object (keys in the documented order).  wall_base_ns
 * is the ring header's.  Fields that fail validation are null and add one
 * each to *invalid (may be NULL).  Returns NULL with errno EINVAL for a
 * record whose type/len are inconsistent (also counted), ENOMEM when out
 * of memory.
 */
json_t *vigil_decode_json(const struct vigil_event *ev, __u64 wall_base_ns,
			  unsigned int *invalid);

/* A JSON string of n bytes, invalid UTF-8 bytes as the text "\xNN". */
json_t *vigil_json_bytes(const char *p, size_t n);

#endif /* VIGIL_DECODE_H */
