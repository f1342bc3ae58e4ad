// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/vigil: one consumer at a time, CAP_SYS_ADMIN to open, ioctls to
 * configure and start capture, mmap of the per-CPU rings and poll for
 * data.  The layout is described in shared/vigil_abi.h and docs/ABI.md.
 */
#define pr_fmt(fmt) "vigil: " fmt

#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include "vigil.h"
#include "ring_prod.h"
#include "compat.h"

static atomic_t vigil_dev_busy = ATOMIC_INIT(0);

static int vigil_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (atomic_cmpxchg(&vigil_dev_busy, 0, 1))
		return -EBUSY;
	return 0;
}

/* Last reference gone: no file, no mapping.  Reset for the next user. */
static int vigil_release(struct inode *inode, struct file *file)
{
	vigil_capture_stop();
	vigil_ignore_clear();
	vigil_rings_reset();
	atomic_set(&vigil_dev_busy, 0);
	return 0;
}

static long vigil_ioctl_info(void __user *arg)
{
	struct vigil_info info = {
		.abi_version = VIGIL_ABI_VERSION,
		.nr_rings = vigil_nr_rings,
		.features = VIGIL_FEAT_PAD_RECORDS | VIGIL_FEAT_BOOTTIME,
		.page_size = PAGE_SIZE,
		.hdr_size = sizeof(struct vigil_ring_hdr),
		.mmap_stride = vigil_mmap_stride,
		.data_offset = 2 * PAGE_SIZE,
		.data_size = vigil_mmap_stride - 2 * PAGE_SIZE,
		.snaplen = READ_ONCE(vigil_snaplen),
		.nr_max = VIGIL_NR_MAX,
	};

	return copy_to_user(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long vigil_ioctl_bitmap(void __user *arg)
{
	struct vigil_bitmap bm;
	unsigned int i;

	if (copy_from_user(&bm, arg, sizeof(bm)))
		return -EFAULT;
	/* Word by word; probes may read a mix of old and new words. */
	for (i = 0; i < VIGIL_BITMAP_WORDS; i++) {
#if BITS_PER_LONG == 64
		WRITE_ONCE(vigil_bitmap[i], bm.bits[i]);
#else
		WRITE_ONCE(vigil_bitmap[2 * i], (u32)bm.bits[i]);
		WRITE_ONCE(vigil_bitmap[2 * i + 1], bm.bits[i] >> 32);
#endif
	}
	return 0;
}

static long vigil_ioctl_snaplen(void __user *arg)
{
	u32 v;

	if (copy_from_user(&v, arg, sizeof(v)))
		return -EFAULT;
	if (v < VIGIL_SNAPLEN_MIN || v > VIGIL_SNAPLEN_MAX)
		return -EINVAL;
	WRITE_ONCE(vigil_snaplen, v);
	return 0;
}

static long vigil_ioctl_ignore(void __user *arg)
{
	struct vigil_ignore ig;

	if (copy_from_user(&ig, arg, sizeof(ig)))
		return -EFAULT;
	if (ig.flags || ig.tgid < 0)
		return -EINVAL;
	return vigil_ignore_add(ig.tgid);
}

static long vigil_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	struct vigil_stats st;

	switch (cmd) {
	case VIGIL_IOC_GET_INFO:
		return vigil_ioctl_info(uarg);
	case VIGIL_IOC_SET_BITMAP:
		return vigil_ioctl_bitmap(uarg);
	case VIGIL_IOC_START:
		vigil_rings_set_wall_base(ktime_get_real_ns() -
					  vigil_boottime_ns());
		return vigil_capture_start();
	case VIGIL_IOC_STOP:
		vigil_capture_stop();
		return 0;
	case VIGIL_IOC_SET_SNAPLEN:
		return vigil_ioctl_snaplen(uarg);
	case VIGIL_IOC_GET_STATS:
		vigil_rings_sum_stats(&st);
		return copy_to_user(uarg, &st, sizeof(st)) ? -EFAULT : 0;
	case VIGIL_IOC_IGNORE_TGID:
		return vigil_ioctl_ignore(uarg);
	default:
		return -ENOTTY;
	}
}

/*
 * Ring i spans [i * stride, (i + 1) * stride) of the file.  Its first page
 * (the consumer position) may be mapped writable on its own; everything
 * else only read-only, and VM_MAYWRITE is cleared so mprotect cannot
 * change that.
 */
static int vigil_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long len = vma->vm_end - vma->vm_start;
	u64 stride_pages = vigil_mmap_stride >> PAGE_SHIFT;
	u64 ring_idx, in_pages;
	struct vigil_ring *r;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	ring_idx = div64_u64(vma->vm_pgoff, stride_pages);
	in_pages = vma->vm_pgoff - ring_idx * stride_pages;
	if (ring_idx >= vigil_nr_rings ||
	    (in_pages << PAGE_SHIFT) + len > vigil_mmap_stride)
		return -EINVAL;
	r = vigil_ring_get(ring_idx);
	if (!r)
		return -EINVAL;
	if (!(in_pages == 0 && len == PAGE_SIZE)) {
		if (vma->vm_flags & VM_WRITE)
			return -EPERM;
		vigil_vma_clear_maywrite(vma);
	}
	return remap_vmalloc_range(vma, r->mem, in_pages);
}

static __poll_t vigil_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &vigil_wq, wait);
	/*
	 * Pairs with smp_mb() in vigil_ring_write(): either we see its new
	 * producer_pos here, or it sees our consumer_pos (and wakes us if
	 * that record filled a ring to a quarter).
	 */
	smp_mb();
	return vigil_rings_have_data() ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations vigil_fops = {
	.owner = THIS_MODULE,
	.open = vigil_open,
	.release = vigil_release,
	.unlocked_ioctl = vigil_ioctl,
	.compat_ioctl = vigil_ioctl,
	.mmap = vigil_mmap,
	.poll = vigil_poll,
	.llseek = noop_llseek,
};

static struct miscdevice vigil_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = VIGIL_DEV_NAME,
	.fops = &vigil_fops,
	.mode = 0600,
};

int vigil_dev_init(void)
{
	return misc_register(&vigil_misc);
}

void vigil_dev_exit(void)
{
	misc_deregister(&vigil_misc);
}
