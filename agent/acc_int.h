/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Internals shared by agent/acc_*.c: value helpers and lazy lookups. */
#ifndef VIGIL_ACC_INT_H
#define VIGIL_ACC_INT_H

#include <string.h>

#include "acc_field.h"
#include "fields.h"

static inline int acc_str(struct vm_val *out, const char *s, size_t len)
{
	if (!s)
		return 0;
	out->s = (const uint8_t *)s;
	out->len = (uint32_t)len;
	return 1;
}

static inline int acc_cstr(struct vm_val *out, const char *s)
{
	return s ? acc_str(out, s, strlen(s)) : 0;
}

static inline int acc_num(struct vm_val *out, __u64 v)
{
	out->u = v;
	return 1;
}

/* The next scratch buffer (ACC_BUFSZ bytes). */
static inline char *acc_buf(struct acc *a)
{
	a->slot = (a->slot + 1) % ACC_NBUF;
	return a->buf[a->slot];
}

/* A payload field of the current record, NULL if its type has none. */
static inline const struct vigil_field_desc *
acc_fdesc(const struct acc *a, enum acc_rec_field rf)
{
	return a->rf[rf] ? &a->td->fields[a->rf[rf] - 1] : NULL;
}

/* A STR field's bytes: 1 with *p, *len, else 0. */
int acc_rec_str(const struct acc *a, enum acc_rec_field rf, const char **p,
		size_t *len);
/* A numeric field: 1 with *v, else 0. */
int acc_rec_num(const struct acc *a, enum acc_rec_field rf, __u64 *v);

/* Resolve the record's thread/process and its fd (once per record). */
void acc_look_thread(struct acc *a);
void acc_look_fd(struct acc *a);

static inline void acc_need_thread(struct acc *a)
{
	if (!a->looked_thread)
		acc_look_thread(a);
}

static inline void acc_need_fd(struct acc *a)
{
	if (!a->looked_fd)
		acc_look_fd(a);
}

/* Open-type events (open, openat, openat2, creat). */
static inline int acc_is_open(unsigned int type)
{
	return type == VIGIL_EV_OPEN || type == VIGIL_EV_OPENAT ||
	       type == VIGIL_EV_OPENAT2 || type == VIGIL_EV_CREAT;
}
/*
 * A STR field holding a path, normalised lexically (path_norm.h): into a
 * scratch buffer, or the record's bytes when that changes nothing.  A
 * field cut at the snaplen keeps its last component as it is.
 */
int acc_rec_path(struct acc *a, enum acc_rec_field rf, const char **p,
		 size_t *len);

/*
 * fs.path.* and evt.abspath*: the one path of a single-path event (or a
 * failed open), or the source/target of a rename, link or symlink; with
 * norm, normalised lexically.  1 with *out set, 0 when the event has none.
 */
enum acc_path_part { ACC_PATH_ONE, ACC_PATH_SOURCE, ACC_PATH_TARGET };
int acc_load_fs_path(struct acc *a, enum acc_path_part part, int norm,
		     struct vm_val *out);

/* A value whose string stays valid until the event ends (keep), or none. */
static inline int acc_kept(struct vm_val *out, const char *s, size_t len)
{
	if (!s) {
		*out = (struct vm_val){ 0 };
		return 0;
	}
	*out = (struct vm_val){ .s = (const uint8_t *)s, .len = (uint32_t)len, .keep = 1 };
	return 1;
}

static inline int acc_kept_num(struct vm_val *out, __u64 v)
{
	*out = (struct vm_val){ .u = v };
	return 1;
}

/*
 * The loader of most fields: the class's (acc_load_evt(), ...) on a
 * cleared out[0], then keep set from where the strings are.
 */
int acc_load_class(struct acc *a, const struct vm_fref *ref,
		   struct vm_val *out, unsigned int max);

/*
 * Loaders of their own for fields most rules test, without the class's
 * switch; the uncommon cases (no fd in the state, an IPv6 socket whose
 * name is rewritten) take acc_load_class().
 */
acc_load_fn acc_fd_num, acc_fd_typechar, acc_fd_name, acc_fd_directory,
	acc_fd_filename;
acc_load_fn acc_evt_is_open_read, acc_evt_is_open_write;
acc_load_fn acc_ctr_id;

int acc_load_evt(struct acc *a, const struct vm_fref *ref,
		 struct vm_val *out, unsigned int max);
int acc_load_proc(struct acc *a, const struct vm_fref *ref,
		  struct vm_val *out, unsigned int max);
int acc_load_fd(struct acc *a, const struct vm_fref *ref,
		struct vm_val *out, unsigned int max);
int acc_load_ctr(struct acc *a, const struct vm_fref *ref,
		 struct vm_val *out, unsigned int max);

#endif /* VIGIL_ACC_INT_H */
