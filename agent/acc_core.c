// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The field accessor's core: the per-record context, the dispatch of a
 * field reference to its class, and the text form of values.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "acc_int.h"
#include "path_norm.h"

/* The payload names of enum acc_rec_field, in its order. */
static const char *const rf_names[ACC_RF_NR] = {
	[ACC_RF_NAME] = "name", [ACC_RF_PATH] = "path",
	[ACC_RF_TARGET] = "target", [ACC_RF_OLDPATH] = "oldpath",
	[ACC_RF_NEWPATH] = "newpath", [ACC_RF_LINKPATH] = "linkpath",
	[ACC_RF_NEW_ROOT] = "new_root", [ACC_RF_FLAGS] = "flags",
	[ACC_RF_MODE] = "mode", [ACC_RF_FD] = "fd",
};

/* Look every acc_rec_field up in every type once, not per record. */
static void rf_resolve(struct acc *a)
{
	const struct vigil_type_desc *td;
	const struct vigil_field_desc *f;
	unsigned int t, i;

	for (t = 0; t < VIGIL_EV_MAX; t++) {
		td = vigil_type_desc(t);
		a->tds[t] = td;
		for (i = 0; td && i < ACC_RF_NR; i++) {
			f = vigil_field_by_name(td, rf_names[i]);
			if (f && f - td->fields < UINT8_MAX)
				a->rf_idx[t][i] = (__u8)(f - td->fields + 1);
		}
	}
}

/* The loader of field fid (acc_int.h). */
static acc_load_fn *loader_of(unsigned int fid)
{
	switch (fid) {
	case FID_EVT_IS_OPEN_READ:
		return acc_evt_is_open_read;
	case FID_EVT_IS_OPEN_WRITE:
		return acc_evt_is_open_write;
	case FID_FD_NUM:
		return acc_fd_num;
	case FID_FD_TYPECHAR:
		return acc_fd_typechar;
	case FID_FD_NAME:
		return acc_fd_name;
	case FID_FD_DIRECTORY:
		return acc_fd_directory;
	case FID_FD_FILENAME:
		return acc_fd_filename;
	case FID_CONTAINER_ID:
		return acc_ctr_id;
	}
	return acc_load_class;
}

void acc_init(struct acc *a, struct vigil_state *st, __u64 wall_base_ns)
{
	unsigned int fid;

	memset(a, 0, sizeof(*a));
	rf_resolve(a);
	for (fid = 0; fid < FID_NR; fid++)
		a->load[fid] = loader_of(fid);
	a->rf = a->rf_idx[0];		/* VIGIL_EV_PAD: no fields */
	a->vm.load = acc_load;
	a->vm.priv = a;
	a->st = st;
	a->wall_base_ns = wall_base_ns;
	a->fdnum = -1;
	if (gethostname(a->hostname, sizeof(a->hostname) - 1))
		strcpy(a->hostname, "localhost");
}

void acc_pass(struct acc *a, const struct vigil_event *rec)
{
	if (!a->first_ts)
		a->first_ts = rec->ts_ns;
	a->prev_ts = rec->ts_ns;
}

void acc_begin(struct acc *a, const struct vigil_event *rec, __u64 num)
{
	unsigned int t = rec->type < VIGIL_EV_MAX ? rec->type : 0;

	a->ev = rec;
	a->td = a->tds[t];		/* NULL for VIGIL_EV_PAD (0) */
	a->rf = a->rf_idx[a->td ? t : 0];
	a->num = num;
	a->prev = a->prev_ts ? a->prev_ts : rec->ts_ns;
	a->ts = rec->ts_ns;
	acc_pass(a, rec);
	a->looked_thread = 0;
	a->looked_fd = 0;
	a->looked_oflags = 0;
	a->t = NULL;
	a->p = NULL;
	a->fd = NULL;
	a->fdnum = -1;
}

int acc_rec_str(const struct acc *a, enum acc_rec_field rf, const char **p,
		size_t *len)
{
	const struct vigil_field_desc *f = acc_fdesc(a, rf);

	if (!f || (f->kind != VIGIL_KIND_STR && f->kind != VIGIL_KIND_STRV))
		return 0;
	return vigil_field_bytes(a->ev, f, p, len) == 0;
}

int acc_rec_num(const struct acc *a, enum acc_rec_field rf, __u64 *v)
{
	const struct vigil_field_desc *f = acc_fdesc(a, rf);

	if (!f || (f->kind != VIGIL_KIND_U64 && f->kind != VIGIL_KIND_S64))
		return 0;
	*v = vigil_field_u64(a->ev, f);
	return 1;
}

void acc_look_thread(struct acc *a)
{
	a->looked_thread = 1;
	if (!a->st)
		return;
	a->t = vigil_state_thread(a->st, a->ev->tid);
	a->p = a->t ? vigil_thread_proc(a->t) : NULL;
}

/* Event types whose result is the fd they are about. */
static int creates_fd(unsigned int type)
{
	switch (type) {
	case VIGIL_EV_OPEN:
	case VIGIL_EV_OPENAT:
	case VIGIL_EV_OPENAT2:
	case VIGIL_EV_CREAT:
	case VIGIL_EV_SOCKET:
	case VIGIL_EV_ACCEPT:
	case VIGIL_EV_ACCEPT4:
	case VIGIL_EV_DUP:
	case VIGIL_EV_DUP2:
	case VIGIL_EV_DUP3:
	case VIGIL_EV_MEMFD_CREATE:
	case VIGIL_EV_USERFAULTFD:
		return 1;
	}
	return 0;
}

void acc_look_fd(struct acc *a)
{
	__u64 v;

	a->looked_fd = 1;
	if (creates_fd(a->ev->type)) {
		if (a->ev->res >= 0)
			a->fdnum = a->ev->res;
	} else if (acc_rec_num(a, ACC_RF_FD, &v)) {
		a->fdnum = (__s64)v;
	}
	if (a->fdnum < 0 || !a->st)
		return;
	acc_need_thread(a);
	if (a->t)
		a->fd = vigil_state_fd(a->st, a->t, a->fdnum);
	if (a->fd)
		a->fdtype = vigil_fd_type(a->fd);
}

/* Normalising only ever shortens a path: same length, same bytes. */
int acc_rec_path(struct acc *a, enum acc_rec_field rf, const char **p,
		 size_t *len)
{
	const struct vigil_field_desc *f = acc_fdesc(a, rf);
	char *buf;
	size_t n;

	if (!f || f->kind != VIGIL_KIND_STR ||
	    vigil_field_bytes(a->ev, f, p, len))
		return 0;
	buf = acc_buf(a);
	n = vigil_path_norm(buf, ACC_BUFSZ, NULL, 0, *p, *len,
			    vigil_field_str_flags(a->ev, f) &
				    VIGIL_EVF_TRUNCATED);
	if (n != *len) {
		*p = buf;
		*len = n;
	}
	return 1;
}

/* The path field name of the record, normalised or as recorded. */
static int rec_path(struct acc *a, enum acc_rec_field rf, int norm,
		    const char **p, size_t *len)
{
	return norm ? acc_rec_path(a, rf, p, len) : acc_rec_str(a, rf, p, len);
}

/* The record's path for fs events and failed opens, NULL if none. */
static const char *acc_path(struct acc *a, size_t *len, int norm)
{
	static const enum acc_rec_field names[] = {
		ACC_RF_NAME, ACC_RF_PATH, ACC_RF_TARGET, ACC_RF_OLDPATH,
		ACC_RF_LINKPATH, ACC_RF_NEW_ROOT
	};
	const char *p;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (rec_path(a, names[i], norm, &p, len))
			return p;
	return NULL;
}

int acc_load_fs_path(struct acc *a, enum acc_path_part part, int norm,
		     struct vm_val *out)
{
	unsigned int t = a->ev->type;
	int two = t == VIGIL_EV_RENAME || t == VIGIL_EV_RENAMEAT ||
		  t == VIGIL_EV_RENAMEAT2 || t == VIGIL_EV_LINK ||
		  t == VIGIL_EV_LINKAT || t == VIGIL_EV_SYMLINK ||
		  t == VIGIL_EV_SYMLINKAT;
	const char *p;
	size_t len;
	int ok;

	if (part == ACC_PATH_ONE) {
		if (two)
			return 0;
		p = acc_path(a, &len, norm);
		return p ? acc_str(out, p, len) : 0;
	}
	if (!two)
		return 0;
	if (part == ACC_PATH_SOURCE)
		/* a symlink's target is its content: never normalised */
		ok = rec_path(a, ACC_RF_OLDPATH, norm, &p, &len) ||
		     acc_rec_str(a, ACC_RF_TARGET, &p, &len);
	else
		ok = rec_path(a, ACC_RF_NEWPATH, norm, &p, &len) ||
		     rec_path(a, ACC_RF_LINKPATH, norm, &p, &len);
	return ok ? acc_str(out, p, len) : 0;
}

int acc_load_class(struct acc *a, const struct vm_fref *ref,
		   struct vm_val *out, unsigned int max)
{
	unsigned int fid = ref->fid;
	int n, i, lim, stable;

	memset(out, 0, sizeof(*out));
	/*
	 * Strings in the event or the process and fd state stay put until the
	 * event ends (lookups there never insert or free), and so do the host
	 * container's; those formatted into the accessor's reused buffers do
	 * not, nor do other containers' (a lookup may re-read or evict a
	 * container's metadata).
	 */
	stable = 1;
	if (fid <= FID_EVT_PLUGININFO) {
		n = acc_load_evt(a, ref, out, max);
	} else if (fid <= FID_GROUP_NAME) {
		n = acc_load_proc(a, ref, out, max);
	} else if (fid <= FID_FS_PATH_TARGETRAW) {
		n = acc_load_fd(a, ref, out, max);
	} else {
		a->ctr_host = 0;
		n = acc_load_ctr(a, ref, out, max);
		stable = a->ctr_host;
	}
	lim = n < (int)max ? n : (int)max;
	for (i = 0; i < lim; i++)
		out[i].keep = out[i].s && stable &&
			      (uintptr_t)out[i].s - (uintptr_t)a->buf >=
				      sizeof(a->buf);
	return n;
}

/* A load for a record acc_begin() was not called for: make it current. */
static __attribute__((noinline, cold)) int
load_begin(struct acc *a, const void *ev, const struct vm_fref *ref,
	   struct vm_val *out, unsigned int max)
{
	acc_begin(a, ev, a->num);
	return acc_load(a, ev, ref, out, max);
}

/* Only the field's own loader runs: no frame here, a tail call to it. */
int acc_load(void *priv, const void *ev, const struct vm_fref *ref,
	     struct vm_val *out, unsigned int max)
{
	struct acc *a = priv;

	if (__builtin_expect(ev != a->ev, 0))
		return load_begin(a, ev, ref, out, max);
	if (!max || ref->fid >= FID_NR)
		return 0;
	return a->load[ref->fid](a, ref, out, max);
}

static int fmt_val(const struct vm_val *v, enum field_type type, char *buf,
		   size_t size)
{
	char ip[INET6_ADDRSTRLEN];
	size_t n;

	switch (type) {
	case FT_STR:
		n = v->len < size - 1 ? v->len : size - 1;
		memcpy(buf, v->s, n);
		buf[n] = '\0';
		return (int)n;
	case FT_S64:
		return snprintf(buf, size, "%lld", (long long)v->u);
	case FT_BOOL:
		return snprintf(buf, size, "%s", v->u ? "true" : "false");
	case FT_IPADDR:
	case FT_IPNET:
		if (!inet_ntop(v->family == 6 ? AF_INET6 : AF_INET, v->ip, ip,
			       sizeof(ip)))
			return snprintf(buf, size, "<NA>");
		return snprintf(buf, size, "%s", ip);
	default:
		return snprintf(buf, size, "%llu", (unsigned long long)v->u);
	}
}

int acc_format(struct acc *a, const struct vm_fref *ref, char *buf,
	       size_t size)
{
	struct vm_val vals[VM_MAX_VALS];
	size_t used = 0;
	int n, i, k;

	if (!size)
		return -ENOSPC;
	n = acc_load(a, a->ev, ref, vals, VM_MAX_VALS);
	if (n <= 0)
		return -ENOENT;
	buf[0] = '\0';
	for (i = 0; i < n && used + 1 < size; i++) {
		if (i)
			buf[used++] = ' ';
		k = fmt_val(&vals[i], field_table[ref->fid].type, buf + used,
			    size - used);
		if (k < 0)
			break;
		used += (size_t)k < size - used ? (size_t)k : size - used - 1;
	}
	buf[used] = '\0';
	return (int)used;
}
