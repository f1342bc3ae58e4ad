// SPDX-License-Identifier: GPL-2.0
/*
 * vigil_floor.ko: the benchmark's floor (tests/vm/bench-in-vm.sh, mode
 * "floor").  It attaches empty probes to the raw sys_enter and sys_exit
 * tracepoints and does nothing else.  What it adds to a system call is
 * what any driver built on those tracepoints pays before its probe does
 * any work: the kernel's slow syscall entry and exit path, taken by every
 * task once a probe is attached (TIF_SYSCALL_TRACEPOINT), and the
 * tracepoint's call.  vigil.ko and Falco's scap.ko both attach there, so
 * their costs above this floor are their own.
 */
#define pr_fmt(fmt) "vigil_floor: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <asm/ptrace.h>

static void floor_sys_enter(void *data, struct pt_regs *regs, long id)
{
}

static void floor_sys_exit(void *data, struct pt_regs *regs, long ret)
{
}

struct floor_tp {
	const char *name;
	void *probe;
	struct tracepoint *tp;
};

static struct floor_tp floor_tps[] = {
	{ "sys_enter", floor_sys_enter },
	{ "sys_exit", floor_sys_exit },
};

static void floor_tp_lookup(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(floor_tps); i++)
		if (!strcmp(tp->name, floor_tps[i].name))
			floor_tps[i].tp = tp;
}

static int __init floor_init(void)
{
	unsigned int i;
	int err;

	for_each_kernel_tracepoint(floor_tp_lookup, NULL);
	for (i = 0; i < ARRAY_SIZE(floor_tps); i++) {
		if (!floor_tps[i].tp) {
			pr_err("tracepoint %s not found\n", floor_tps[i].name);
			err = -ENOENT;
			goto undo;
		}
		err = tracepoint_probe_register(floor_tps[i].tp,
						floor_tps[i].probe, NULL);
		if (err) {
			pr_err("cannot attach to %s: %d\n", floor_tps[i].name,
			       err);
			goto undo;
		}
	}
	return 0;
undo:
	while (i--)
		tracepoint_probe_unregister(floor_tps[i].tp,
					    floor_tps[i].probe, NULL);
	tracepoint_synchronize_unregister();
	return err;
}

static void __exit floor_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(floor_tps); i++)
		tracepoint_probe_unregister(floor_tps[i].tp,
					    floor_tps[i].probe, NULL);
	tracepoint_synchronize_unregister();
}

module_init(floor_init);
module_exit(floor_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Empty probes on sys_enter/sys_exit: vigil's benchmark floor");
