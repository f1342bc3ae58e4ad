// SPDX-License-Identifier: GPL-2.0
/*
 * Variable-length fields: bytes appended after the payload, each followed
 * by a NUL that vigil_str.len does not count.  Every string is bounded by
 * the snaplen and by the room left in the record; a cut string carries
 * VIGIL_EVF_TRUNCATED, a failed user read VIGIL_EVF_FAULT.
 */
#define pr_fmt(fmt) "vigil: " fmt

#include <linux/kernel.h>
#include <linux/dcache.h>
#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/nospec.h>
#include <linux/path.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <uapi/linux/fcntl.h>
#include "vigil.h"
#include "ring_prod.h"
#include "compat.h"

static void vigil_flag(struct vigil_rec *r, struct vigil_str *s, u16 flags)
{
	struct vigil_event *e = (struct vigil_event *)r->buf;

	if (s)
		s->flags |= flags;
	e->flags |= flags;
	if (flags & VIGIL_EVF_FAULT) {
		struct vigil_ring *ring = vigil_ring_get(smp_processor_id());

		if (ring)
			WRITE_ONCE(ring->hdr->faults, ring->hdr->faults + 1);
	}
}

void vigil_mark_fault(struct vigil_rec *r, struct vigil_str *s)
{
	vigil_flag(r, s, VIGIL_EVF_FAULT);
}

/* The longest string the record has room for (its NUL not counted). */
static u32 vigil_str_max(const struct vigil_rec *r)
{
	u32 left = VIGIL_REC_MAX - r->len;

	return min(r->snaplen, left ? left - 1 : 0);
}

/* Room for one more string of at most n bytes (plus its NUL). */
static u32 vigil_room(struct vigil_rec *r, u32 n, u16 *flags)
{
	u32 max = vigil_str_max(r);

	if (n > max) {
		*flags |= VIGIL_EVF_TRUNCATED;
		return max;
	}
	return n;
}

void vigil_put_bytes(struct vigil_rec *r, struct vigil_str *s,
		     const void *src, u32 n, u16 flags)
{
	n = vigil_room(r, n, &flags);
	s->off = r->len;
	s->len = n;
	memcpy(r->buf + r->len, src, n);
	r->buf[r->len + n] = '\0';
	r->len += n + 1;
	if (flags)
		vigil_flag(r, s, flags);
}

/*
 * strncpy_from_user_nofault() semantics (it is not exported to modules):
 * the length including the NUL, count if the string was cut (dst then
 * holds count - 1 bytes and a NUL), or -EFAULT.  strncpy_from_user() with
 * page faults disabled, as that function is: it reads a word at a time
 * and stops at the NUL (a fixed-size copy of each chunk cost a byte-wise
 * `rep movsb` of 128 bytes for a 15-byte path), and after a fault it
 * goes on a byte at a time, so a string ending just before an unmapped
 * page is still read whole.  The probes run in the task's own context,
 * never in NMI.
 */
long vigil_strncpy_user(char *dst, const char __user *src, long count)
{
	long n;

	if (count <= 0)
		return 0;
	pagefault_disable();
	n = strncpy_from_user(dst, src, count);
	pagefault_enable();
	if (n < 0)
		return -EFAULT;
	if (n >= count) {
		dst[count - 1] = '\0';
		return count;
	}
	return n + 1;
}

/* Copy a user string into cpu->ustr; returns its length or -EFAULT. */
static long vigil_read_ustr(struct vigil_rec *r, const char __user *u,
			    u16 *flags)
{
	long n;

	if (!u)
		return -EFAULT;
	n = vigil_strncpy_user(r->cpu->ustr, u, sizeof(r->cpu->ustr));
	if (n <= 0)
		return -EFAULT;
	if (n == sizeof(r->cpu->ustr))
		*flags |= VIGIL_EVF_TRUNCATED;
	return n - 1;
}

void vigil_put_ustr(struct vigil_rec *r, struct vigil_str *s,
		    const char __user *u)
{
	u16 flags = 0;
	long n;

	if (!u)
		return;			/* NULL pointer: absent */
	n = vigil_read_ustr(r, u, &flags);
	if (n < 0) {
		vigil_mark_fault(r, s);
		return;
	}
	vigil_put_bytes(r, s, r->cpu->ustr, n, flags);
}

/* d_path() into cpu->path; returns the start or NULL.  Under RCU. */
static const char *vigil_d_path(struct vigil_rec *r, const struct path *p,
				u32 *len)
{
	char *buf = r->cpu->path;
	char *s;

	if (!p->dentry || !p->mnt)
		return NULL;
	s = d_path(p, buf, sizeof(r->cpu->path));
	if (IS_ERR(s))
		return NULL;
	*len = buf + sizeof(r->cpu->path) - 1 - s;
	return s;
}

/*
 * Path of the cwd, or of directory fd dirfd, into cpu->path.  The cwd is
 * read without fs->lock (a sleeping lock on PREEMPT_RT): under RCU the
 * dentry and mount stay valid, and a concurrent chdir by a thread sharing
 * the fs_struct can at worst give the old or new directory.
 */
static const char *vigil_base_path(struct vigil_rec *r, long dirfd, u32 *len)
{
	struct fs_struct *fs = current->fs;
	struct path p;
	struct file *f;

	if (dirfd == AT_FDCWD) {
		if (!fs)
			return NULL;
		p.mnt = READ_ONCE(fs->pwd.mnt);
		p.dentry = READ_ONCE(fs->pwd.dentry);
		return vigil_d_path(r, &p, len);
	}
	f = vigil_fd_file(dirfd);
	if (!f)
		return NULL;
	return vigil_d_path(r, &f->f_path, len);
}

void vigil_put_cwd(struct vigil_rec *r, struct vigil_str *s)
{
	const char *p;
	u32 n;

	rcu_read_lock();
	p = vigil_base_path(r, AT_FDCWD, &n);
	if (p)
		vigil_put_bytes(r, s, p, n, 0);
	rcu_read_unlock();
}

void vigil_put_fdpath(struct vigil_rec *r, struct vigil_str *s, long fd)
{
	const char *p = NULL;
	struct file *f;
	u32 n;

	/* The probe's disabled preemption holds f (see vigil_fd_file()). */
	f = vigil_fd_file(fd);
	if (f)
		p = vigil_d_path(r, &f->f_path, &n);
	if (p)
		vigil_put_bytes(r, s, p, n, 0);
}

/*
 * Read a path argument straight to where its string goes in the record,
 * at most the room vigil_room() gives (one byte more is read to tell a
 * cut string from one that just fits; the record has VIGIL_REC_ROOM bytes
 * for that).  Returns its length, NUL-terminated there, or -EFAULT.
 */
static long vigil_read_upath(struct vigil_rec *r, const char __user *u,
			     u16 *flags)
{
	u32 max = vigil_str_max(r);
	char *dst = (char *)r->buf + r->len;
	long n;

	n = vigil_strncpy_user(dst, u, max + 2);
	if (n <= 0)
		return -EFAULT;
	if (n > max + 1) {
		dst[max] = '\0';
		*flags |= VIGIL_EVF_TRUNCATED;
		return max;
	}
	return n - 1;
}

/*
 * A path argument made absolute: as given when it starts with '/', else
 * joined to the directory of dirfd argument `dirarg` (or the cwd) with one
 * '/'.  No normalisation.  If the base cannot be resolved the path is
 * kept as given.
 */
void vigil_put_upath(struct vigil_rec *r, struct vigil_str *s,
		     unsigned int dirarg, const char __user *u)
{
	long dirfd = AT_FDCWD;
	const char *base = NULL;
	u16 flags = 0;
	u32 blen = 0, room, n;
	long ulen;

	if (!u)
		return;
	ulen = vigil_read_upath(r, u, &flags);
	if (ulen < 0) {
		vigil_mark_fault(r, s);
		return;
	}
	if (ulen > 0 && r->buf[r->len] == '/') {
		/* Absolute: it is in place already. */
		s->off = r->len;
		s->len = ulen;
		r->len += ulen + 1;
		if (flags)
			vigil_flag(r, s, flags);
		return;
	}
	/* Relative: the base goes first, so the name moves to the scratch. */
	if (ulen > sizeof(r->cpu->ustr) - 1) {
		ulen = sizeof(r->cpu->ustr) - 1;
		flags |= VIGIL_EVF_TRUNCATED;
	}
	memcpy(r->cpu->ustr, r->buf + r->len, ulen);
	r->cpu->ustr[ulen] = '\0';
	if (dirarg < 6)
		dirfd = (int)r->args[dirarg];
	rcu_read_lock();
	base = vigil_base_path(r, dirfd, &blen);
	if (!base) {
		rcu_read_unlock();
		vigil_put_bytes(r, s, r->cpu->ustr, ulen, flags);
		return;
	}
	/* base + "/" + user string, cut at the snaplen as one string. */
	n = blen + (ulen && blen && base[blen - 1] != '/') + ulen;
	room = n;
	if (room > vigil_str_max(r)) {
		room = vigil_str_max(r);
		flags |= VIGIL_EVF_TRUNCATED;
	}
	s->off = r->len;
	s->len = room;
	n = min(blen, room);
	memcpy(r->buf + r->len, base, n);
	r->len += n;
	rcu_read_unlock();
	room -= n;
	if (room && ulen && blen && base[blen - 1] != '/') {
		r->buf[r->len++] = '/';
		room--;
	}
	n = min_t(u32, ulen, room);
	memcpy(r->buf + r->len, r->cpu->ustr, n);
	r->len += n;
	r->buf[r->len++] = '\0';
	if (flags)
		vigil_flag(r, s, flags);
}
