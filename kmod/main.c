// SPDX-License-Identifier: GPL-2.0
/*
 * vigil.ko: captures system calls and process lifecycle events into
 * per-CPU rings that the vigil agent maps from /dev/vigil.
 */
#define pr_fmt(fmt) "vigil: " fmt

#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include "vigil.h"

static unsigned long ring_size = 8UL << 20;
module_param(ring_size, ulong, 0444);
MODULE_PARM_DESC(ring_size, "bytes of event data per CPU (power of two, 4 KiB to 1 GiB; default 8 MiB)");

static uint snaplen = VIGIL_SNAPLEN_DEFAULT;
module_param(snaplen, uint, 0444);
MODULE_PARM_DESC(snaplen, "initial bytes kept of each variable-length field");

static int __init vigil_init(void)
{
	int err;

	vigil_abi_check();
	if (ring_size < PAGE_SIZE || ring_size > (1UL << 30) ||
	    !is_power_of_2(ring_size)) {
		pr_err("ring_size=%lu must be a power of two from %lu to 1 GiB\n",
		       ring_size, PAGE_SIZE);
		return -EINVAL;
	}
	if (snaplen < VIGIL_SNAPLEN_MIN || snaplen > VIGIL_SNAPLEN_MAX) {
		pr_err("snaplen=%u must be from %u to %u\n", snaplen,
		       VIGIL_SNAPLEN_MIN, VIGIL_SNAPLEN_MAX);
		return -EINVAL;
	}
	vigil_snaplen = snaplen;
	err = vigil_stash_init();
	if (err)
		return err;
	err = vigil_probes_init();
	if (err)
		goto out_stash;
	err = vigil_rings_init(ring_size);
	if (err)
		goto out_probes;
	err = vigil_dev_init();
	if (err)
		goto out_rings;
	pr_info("loaded: %u rings of %lu bytes, ABI %u\n", vigil_nr_rings,
		ring_size, VIGIL_ABI_VERSION);
	return 0;

out_rings:
	vigil_rings_exit();
out_probes:
	vigil_probes_exit();
out_stash:
	vigil_stash_exit();
	return err;
}

static void __exit vigil_exit(void)
{
	vigil_dev_exit();
	/* Unregisters and waits for running probes before freeing. */
	vigil_probes_exit();
	vigil_rings_exit();
	vigil_stash_exit();
	pr_info("unloaded\n");
}

module_init(vigil_init);
module_exit(vigil_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vigil system call capture");
MODULE_VERSION("0.1.0");
