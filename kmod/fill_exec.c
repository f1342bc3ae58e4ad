// SPDX-License-Identifier: GPL-2.0
/*
 * execve/execveat fields.  After a successful exec the record describes
 * the new image: argv and env come from the new mm's argument area, the
 * executable from mm->exe_file.  After a failed exec the old image is
 * still there and argv/env are read through the caller's pointer arrays.
 */
#define pr_fmt(fmt) "vigil: " fmt

#include <linux/kernel.h>
#include <linux/cgroup.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/mm_types.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/tty.h>
#include <linux/tty_driver.h>
#include "vigil.h"
#include "compat.h"

#define VIGIL_ARGV_MAX	1024		/* pointers read from a user array */

/* The new image's argument or environment area, NUL-separated. */
static void vigil_put_mm_area(struct vigil_rec *r, struct vigil_str *s,
			      unsigned long start, unsigned long end)
{
	u16 flags = 0;
	u32 n, room;

	if (!start || end <= start)
		return;
	n = min_t(unsigned long, end - start, U32_MAX);
	room = VIGIL_REC_MAX - r->len;
	room = min(r->snaplen, room ? room - 1 : 0);
	if (n > room) {
		n = room;
		flags |= VIGIL_EVF_TRUNCATED;
	}
	if (vigil_copy_user(r->buf + r->len, (const void __user *)start, n)) {
		vigil_mark_fault(r, s);
		return;
	}
	/* Drop the area's own final NUL; the record adds one. */
	if (n && r->buf[r->len + n - 1] == '\0')
		n--;
	s->off = r->len;
	s->len = n;
	s->flags |= flags;
	r->buf[r->len + n] = '\0';
	r->len += n + 1;
	if (flags)
		((struct vigil_event *)r->buf)->flags |= flags;
}

/* argv/envp of a failed exec: an array of user string pointers. */
static void vigil_put_user_vec(struct vigil_rec *r, struct vigil_str *s,
			       const char __user *const __user *vec)
{
	u32 start = r->len, limit, i;
	u16 flags = 0;

	if (!vec)
		return;
	limit = VIGIL_REC_MAX - r->len;
	limit = min(r->snaplen, limit ? limit - 1 : 0);
	for (i = 0; i < VIGIL_ARGV_MAX; i++) {
		const char __user *p;
		u32 room = limit - (r->len - start);
		long n;

		if (vigil_copy_user(&p, vec + i, sizeof(p))) {
			flags |= VIGIL_EVF_FAULT;
			break;
		}
		if (!p)
			break;
		if (!room) {
			flags |= VIGIL_EVF_TRUNCATED;
			break;
		}
		n = vigil_strncpy_user((char *)r->buf + r->len, p, room);
		if (n <= 0) {
			flags |= VIGIL_EVF_FAULT;
			break;
		}
		if (n == room) {		/* cut: room - 1 bytes + NUL */
			r->len += n;
			flags |= VIGIL_EVF_TRUNCATED;
			break;
		}
		r->len += n;			/* string and its NUL */
	}
	/* The last element's NUL becomes the record's NUL. */
	if (r->len > start)
		r->len--;
	s->off = start;
	s->len = r->len - start;
	r->buf[r->len++] = '\0';
	if (flags & VIGIL_EVF_FAULT)
		vigil_mark_fault(r, s);
	s->flags |= flags;
	((struct vigil_event *)r->buf)->flags |= flags;
}

static void vigil_put_exe(struct vigil_rec *r, struct vigil_str *s)
{
	struct mm_struct *mm = current->mm;
	struct file *exe;
	char *p;

	if (!mm || r->ret < 0)
		return;
	rcu_read_lock();
	exe = rcu_dereference(mm->exe_file);
	if (exe) {
		p = d_path(&exe->f_path, r->cpu->path, sizeof(r->cpu->path));
		if (!IS_ERR(p))
			vigil_put_bytes(r, s, p, r->cpu->path +
					sizeof(r->cpu->path) - 1 - p, 0);
	}
	rcu_read_unlock();
}

static u64 vigil_tty(void)
{
	struct tty_struct *tty = READ_ONCE(current->signal->tty);

	if (!tty || !tty->driver)
		return 0;
	return new_encode_dev(MKDEV(tty->driver->major,
				    tty->driver->minor_start) + tty->index);
}

static void vigil_put_cgroup(struct vigil_rec *r, struct vigil_str *s)
{
#ifdef CONFIG_CGROUPS
	struct cgroup *cg;
	int n;

	rcu_read_lock();
	cg = task_dfl_cgroup(current);
	n = cg ? cgroup_path(cg, r->cpu->path, sizeof(r->cpu->path)) : -1;
	rcu_read_unlock();
	if (n >= 0)
		vigil_put_bytes(r, s, r->cpu->path, strnlen(r->cpu->path,
				sizeof(r->cpu->path)), 0);
#endif
}

void vigil_fill_exec(struct vigil_rec *r, unsigned int src, unsigned int a,
		     void *slot)
{
	struct vigil_str *s = slot;
	struct mm_struct *mm = current->mm;
	u64 *v = slot;
	bool ok = r->ret >= 0 && mm;

	switch (src) {
	case VIGIL_SRC_EXEC_FILENAME:
		/*
		 * A failed exec left the caller's memory in place, and the
		 * kernel has touched the name since sys_enter: read it again
		 * if the early read hit a page that was not present.
		 */
		if (r->stashed && !(r->ret < 0 &&
				    (r->stash_flags & VIGIL_EVF_FAULT)))
			vigil_put_bytes(r, s, r->cpu->stash, r->stash_len,
					r->stash_flags);
		else if (r->ret < 0)
			vigil_put_ustr(r, s, (const char __user *)r->args[a]);
		break;
	case VIGIL_SRC_EXEC_ARGV:
		if (ok)
			vigil_put_mm_area(r, s, mm->arg_start, mm->arg_end);
		else if (r->ret < 0)
			vigil_put_user_vec(r, s, (const char __user *const __user *)
					   r->args[a]);
		break;
	case VIGIL_SRC_EXEC_ENV:
		if (ok)
			vigil_put_mm_area(r, s, mm->env_start, mm->env_end);
		else if (r->ret < 0)
			vigil_put_user_vec(r, s, (const char __user *const __user *)
					   r->args[a]);
		break;
	case VIGIL_SRC_EXEC_EXE:
		vigil_put_exe(r, s);
		break;
	case VIGIL_SRC_TTY:
		*v = vigil_tty();
		break;
	case VIGIL_SRC_PGID:
		rcu_read_lock();
		*v = pid_nr(task_pgrp(current));
		rcu_read_unlock();
		break;
	case VIGIL_SRC_SID:
		rcu_read_lock();
		*v = pid_nr(task_session(current));
		rcu_read_unlock();
		break;
	case VIGIL_SRC_CGROUP:
		vigil_put_cgroup(r, s);
		break;
	}
}
