// SPDX-License-Identifier: GPL-2.0
/*
 * Tracepoint probes: sys_enter/sys_exit and the three sched_process_*
 * tracepoints.  Every probe runs with preemption disabled, takes its
 * CPU's scratch area under a re-entrancy guard and builds the record in
 * its CPU's ring (in the scratch area, then copied, when the ring's free
 * space is short).  Nothing here sleeps or blocks.
 */
#define pr_fmt(fmt) "vigil: " fmt

#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/vmalloc.h>
#include <linux/compat.h>
#include <linux/mman.h>
#include <linux/binfmts.h>
#include <asm/syscall.h>
#include <uapi/linux/fcntl.h>
#include "vigil.h"
#include "ring_prod.h"
#include "compat.h"

unsigned long vigil_bitmap[VIGIL_NR_MAX / BITS_PER_LONG];
u32 vigil_snaplen = VIGIL_SNAPLEN_DEFAULT;

#define VIGIL_IGNORE_MAX	8
static struct pid *vigil_ignored[VIGIL_IGNORE_MAX];
static unsigned int vigil_nignored;	/* slots in use, from the first */

static struct vigil_cpu **vigil_cpus;
static DEFINE_MUTEX(vigil_probe_lock);
static bool vigil_registered;

struct vigil_tp {
	const char *name;
	void *probe;
	struct tracepoint *tp;
};

static void vigil_sys_enter(void *data, struct pt_regs *regs, long id);
static void vigil_sys_exit(void *data, struct pt_regs *regs, long ret);
static void vigil_sched_fork(void *data, struct task_struct *parent,
			     struct task_struct *child);
static void vigil_sched_exec(void *data, struct task_struct *p,
			     pid_t old_pid, struct linux_binprm *bprm);
static void vigil_sched_exit(VIGIL_EXIT_PROTO);

static struct vigil_tp vigil_tps[] = {
	{ "sys_enter", vigil_sys_enter },
	{ "sys_exit", vigil_sys_exit },
	{ "sched_process_fork", vigil_sched_fork },
	{ "sched_process_exec", vigil_sched_exec },
	{ "sched_process_exit", vigil_sched_exit },
};

static void vigil_tp_lookup(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vigil_tps); i++)
		if (!strcmp(tp->name, vigil_tps[i].name))
			vigil_tps[i].tp = tp;
}

static bool vigil_is_ignored(void)
{
	struct pid *me = task_tgid(current);
	unsigned int i, n = smp_load_acquire(&vigil_nignored);

	for (i = 0; i < n && i < VIGIL_IGNORE_MAX; i++)
		if (READ_ONCE(vigil_ignored[i]) == me)
			return true;
	return false;
}

/*
 * Enter a probe: preemption off, this CPU's scratch, re-entrancy guard.
 * Returns NULL (and counts a re-entrant drop) if the scratch is busy.
 */
static inline struct vigil_cpu *vigil_enter(struct vigil_ring **ring)
{
	struct vigil_cpu *c;
	unsigned int cpu;

	preempt_disable();
	cpu = smp_processor_id();
	*ring = vigil_ring_get(cpu);
	c = vigil_cpus[cpu];
	if (!*ring || !c) {
		preempt_enable();
		return NULL;
	}
	if (c->busy) {
		struct vigil_ring_hdr *h = (*ring)->hdr;

		WRITE_ONCE(h->drop_reentrant, h->drop_reentrant + 1);
		preempt_enable();
		return NULL;
	}
	c->busy = 1;
	barrier();
	return c;
}

static void vigil_leave(struct vigil_cpu *c)
{
	barrier();
	c->busy = 0;
	preempt_enable();
}

/*
 * What vigil_rec_begin() does not set, field by field: no memset of the
 * whole structure (under emulation a memset costs more than the stores).
 * The caller fills args.
 */
static void vigil_rec_init(struct vigil_rec *r, struct vigil_cpu *c)
{
	r->cpu = c;
	r->stashed = false;
	r->stash_len = 0;
	r->stash_flags = 0;
	r->child = NULL;
	r->bprm = NULL;
	r->old_pid = 0;
}

/*
 * The probes' own frames hold no arrays or records: Debian's kernels zero
 * every stack variable at function entry (CONFIG_INIT_STACK_ALL_ZERO), so
 * a record in the probe's frame would cost a `rep stos` on every system
 * call, also those the bitmap then turns away.  What records is in
 * noinline functions called only past the tests.
 */
static noinline void vigil_sys_enter_stash(struct pt_regs *regs, long id)
{
	struct vigil_ring *ring;
	struct vigil_cpu *c;
	unsigned long args[6];

	if (vigil_is_ignored())
		return;
	c = vigil_enter(&ring);
	if (!c)
		return;
	vigil_syscall_args(regs, args);
	vigil_stash_put(args, id, c);
	vigil_leave(c);
}

static void vigil_sys_enter(void *data, struct pt_regs *regs, long id)
{
	if (id != __NR_execve && id != __NR_execveat)
		return;
	if (in_compat_syscall() || !test_bit(id, vigil_bitmap))
		return;
	vigil_sys_enter_stash(regs, id);
}

/* Calls recorded only in some forms. */
static bool vigil_sys_wanted(long nr, const unsigned long *args)
{
	switch (nr) {
	case __NR_fcntl:
		return (int)args[1] == F_DUPFD || (int)args[1] == F_DUPFD_CLOEXEC ||
		       (int)args[1] == F_SETFD;
	case __NR_mmap:
	case __NR_mprotect:
		return args[2] & PROT_EXEC;
	default:
		return true;
	}
}

static noinline void vigil_sys_exit_record(struct pt_regs *regs, long nr,
					   long ret)
{
	struct vigil_ring *ring;
	struct vigil_cpu *c;
	struct vigil_rec r;

	if (vigil_is_ignored())
		return;
	c = vigil_enter(&ring);
	if (!c)
		return;
	vigil_rec_init(&r, c);
	vigil_syscall_args(regs, r.args);
	if (nr == __NR_execve || nr == __NR_execveat) {
		unsigned int snr;

		if (vigil_stash_take(&r, &snr))
			nr = snr;
	}
	if (vigil_sys_wanted(nr, r.args))
		vigil_rec_emit(ring, &r, vigil_nr_to_type(nr), nr, ret);
	vigil_leave(c);
}

static noinline void vigil_count_compat(void)
{
	struct vigil_ring *ring;

	preempt_disable();
	ring = vigil_ring_get(smp_processor_id());
	if (ring)
		WRITE_ONCE(ring->hdr->compat_skipped,
			   ring->hdr->compat_skipped + 1);
	preempt_enable();
}

static void vigil_sys_exit(void *data, struct pt_regs *regs, long ret)
{
	long nr = syscall_get_nr(current, regs);

	if (unlikely(in_compat_syscall())) {
		vigil_count_compat();
		return;
	}
	if ((unsigned long)nr >= VIGIL_NR_SYSCALLS || !test_bit(nr, vigil_bitmap))
		return;
	vigil_sys_exit_record(regs, nr, ret);
}

static noinline void vigil_sched_record(unsigned int nr, u16 type,
					struct task_struct *child,
					struct linux_binprm *bprm,
					pid_t old_pid)
{
	struct vigil_ring *ring;
	struct vigil_cpu *c;
	struct vigil_rec r;

	if (vigil_is_ignored())
		return;
	c = vigil_enter(&ring);
	if (!c)
		return;
	vigil_rec_init(&r, c);
	memset(r.args, 0, sizeof(r.args));
	r.child = child;
	r.bprm = bprm;
	r.old_pid = old_pid;
	vigil_rec_emit(ring, &r, type, nr, 0);
	vigil_leave(c);
}

static void vigil_sched_event(unsigned int nr, u16 type,
			      struct task_struct *child,
			      struct linux_binprm *bprm, pid_t old_pid)
{
	if (test_bit(nr, vigil_bitmap))
		vigil_sched_record(nr, type, child, bprm, old_pid);
}

static void vigil_sched_fork(void *data, struct task_struct *parent,
			     struct task_struct *child)
{
	vigil_sched_event(VIGIL_NR_SCHED_FORK, VIGIL_EV_SCHED_FORK, child,
			  NULL, 0);
}

static void vigil_sched_exec(void *data, struct task_struct *p,
			     pid_t old_pid, struct linux_binprm *bprm)
{
	if (test_bit(__NR_execve, vigil_bitmap) ||
	    test_bit(__NR_execveat, vigil_bitmap))
		vigil_stash_exec_name(bprm->filename);
	vigil_sched_event(VIGIL_NR_SCHED_EXEC, VIGIL_EV_SCHED_EXEC, NULL,
			  bprm, old_pid);
}

static void vigil_sched_exit(VIGIL_EXIT_PROTO)
{
	vigil_sched_event(VIGIL_NR_PROCEXIT, VIGIL_EV_PROCEXIT, NULL, NULL, 0);
}

int vigil_capture_start(void)
{
	unsigned int i;
	int err = 0;

	mutex_lock(&vigil_probe_lock);
	if (vigil_registered)
		goto out;
	for (i = 0; i < ARRAY_SIZE(vigil_tps); i++) {
		err = tracepoint_probe_register(vigil_tps[i].tp,
						vigil_tps[i].probe, NULL);
		if (err) {
			pr_err("cannot attach to tracepoint %s: %d\n",
			       vigil_tps[i].name, err);
			goto undo;
		}
	}
	vigil_registered = true;
	goto out;
undo:
	while (i--)
		tracepoint_probe_unregister(vigil_tps[i].tp,
					    vigil_tps[i].probe, NULL);
	tracepoint_synchronize_unregister();
out:
	mutex_unlock(&vigil_probe_lock);
	return err;
}

/* Returns once no probe can be running any more. */
void vigil_capture_stop(void)
{
	unsigned int i;

	mutex_lock(&vigil_probe_lock);
	if (vigil_registered) {
		for (i = 0; i < ARRAY_SIZE(vigil_tps); i++)
			tracepoint_probe_unregister(vigil_tps[i].tp,
						    vigil_tps[i].probe, NULL);
		tracepoint_synchronize_unregister();
		vigil_registered = false;
	}
	mutex_unlock(&vigil_probe_lock);
}

int vigil_ignore_add(pid_t tgid)
{
	struct pid *pid;
	unsigned int i;
	int err = -ENOSPC;

	if (tgid == 0)
		pid = get_pid(task_tgid(current));
	else
		pid = find_get_pid(tgid);
	if (!pid)
		return -ESRCH;
	if (!pid_task(pid, PIDTYPE_TGID)) {
		put_pid(pid);
		return -ESRCH;
	}
	mutex_lock(&vigil_probe_lock);
	for (i = 0; i < VIGIL_IGNORE_MAX; i++) {
		if (vigil_ignored[i] == pid) {
			err = 0;
			break;
		}
		if (!vigil_ignored[i]) {
			WRITE_ONCE(vigil_ignored[i], pid);
			smp_store_release(&vigil_nignored, i + 1);
			pid = NULL;
			err = 0;
			break;
		}
	}
	mutex_unlock(&vigil_probe_lock);
	put_pid(pid);
	return err;
}

/* Called with capture stopped: no probe compares these pointers now. */
void vigil_ignore_clear(void)
{
	unsigned int i;

	mutex_lock(&vigil_probe_lock);
	WRITE_ONCE(vigil_nignored, 0);
	for (i = 0; i < VIGIL_IGNORE_MAX; i++) {
		put_pid(vigil_ignored[i]);
		vigil_ignored[i] = NULL;
	}
	mutex_unlock(&vigil_probe_lock);
}

int vigil_probes_init(void)
{
	unsigned int i, cpu;

	for_each_kernel_tracepoint(vigil_tp_lookup, NULL);
	for (i = 0; i < ARRAY_SIZE(vigil_tps); i++) {
		if (!vigil_tps[i].tp) {
			pr_err("tracepoint %s not found in this kernel\n",
			       vigil_tps[i].name);
			return -ENOENT;
		}
	}
	vigil_cpus = kcalloc(nr_cpu_ids, sizeof(*vigil_cpus), GFP_KERNEL);
	if (!vigil_cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		vigil_cpus[cpu] = vzalloc(sizeof(struct vigil_cpu));
		if (!vigil_cpus[cpu]) {
			vigil_probes_exit();
			return -ENOMEM;
		}
	}
	vigil_types_init();
	return 0;
}

void vigil_probes_exit(void)
{
	unsigned int cpu;

	vigil_capture_stop();
	vigil_ignore_clear();
	if (!vigil_cpus)
		return;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		vfree(vigil_cpus[cpu]);
	kfree(vigil_cpus);
	vigil_cpus = NULL;
}
