/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version differences, decided by the feature probes of
 * gen_compat.sh (VIGIL_HAVE_*).  Nothing else in kmod/ tests versions.
 */
#ifndef VIGIL_COMPAT_H
#define VIGIL_COMPAT_H

#include <linux/mm.h>
#include <linux/net.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

/* Fault-free user reads (never sleep; a missing page is an error). */
#ifdef VIGIL_HAVE_NOFAULT
static inline long vigil_copy_user(void *dst, const void __user *src,
				   size_t n)
{
	return copy_from_user_nofault(dst, src, n) ? -EFAULT : 0;
}
#else
static inline long vigil_copy_user(void *dst, const void __user *src,
				   size_t n)
{
	return probe_user_read(dst, src, n) ? -EFAULT : 0;
}
#endif

#ifdef VIGIL_HAVE_VM_FLAGS_CLEAR
static inline void vigil_vma_clear_maywrite(struct vm_area_struct *vma)
{
	vm_flags_clear(vma, VM_MAYWRITE);
}
#else
static inline void vigil_vma_clear_maywrite(struct vm_area_struct *vma)
{
	vma->vm_flags &= ~VM_MAYWRITE;
}
#endif

#ifdef VIGIL_HAVE_BOOTTIME_NS
#define vigil_boottime_ns()	ktime_get_boottime_ns()
#else
#define vigil_boottime_ns()	ktime_get_boot_ns()
#endif

#ifdef VIGIL_HAVE_SOCK_FROM_FILE_1
#define vigil_sock_from_file(f)	sock_from_file(f)
#else
static inline struct socket *vigil_sock_from_file(struct file *f)
{
	int err;

	return sock_from_file(f, &err);
}
#endif

/* Saved syscall arguments (the 5-argument form before 5.1). */
#ifdef VIGIL_HAVE_SYSCALL_ARGS_3
#define vigil_syscall_args(regs, args) \
	syscall_get_arguments(current, regs, args)
#else
#define vigil_syscall_args(regs, args) \
	syscall_get_arguments(current, regs, 0, 6, args)
#endif

#ifndef VIGIL_HAVE_POLL_T
typedef unsigned int __poll_t;
#define EPOLLIN		POLLIN
#define EPOLLRDNORM	POLLRDNORM
#endif

/* Probe signature of sched_process_exit. */
#ifdef VIGIL_HAVE_EXIT_GROUP_DEAD
#define VIGIL_EXIT_PROTO	void *data, struct task_struct *p, bool group_dead
#else
#define VIGIL_EXIT_PROTO	void *data, struct task_struct *p
#endif

#endif /* VIGIL_COMPAT_H */
