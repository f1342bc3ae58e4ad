// SPDX-License-Identifier: GPL-2.0
/*
 * execve/execveat arguments, kept from sys_enter to sys_exit.
 *
 * A successful execve replaces the registers and the address space, so
 * at sys_exit neither the file name pointer nor the argument registers
 * are valid any more.  sys_enter copies them into a slot picked by the
 * thread id; sys_exit takes them back if the slot still belongs to the
 * same thread.  Two threads whose ids collide and that exec at the same
 * moment lose the older entry: the record then carries no file name.
 */
#define pr_fmt(fmt) "vigil: " fmt

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include "vigil.h"
#include "compat.h"

#define VIGIL_STASH_SLOTS	256

struct vigil_stash_slot {
	raw_spinlock_t lock;
	pid_t tid;			/* 0 = free */
	unsigned int nr;		/* __NR_execve or __NR_execveat */
	u32 len;
	u16 flags;
	unsigned long args[6];
	char name[VIGIL_STASH_NAME];
};

static struct vigil_stash_slot *vigil_stash;

int vigil_stash_init(void)
{
	unsigned int i;

	vigil_stash = vzalloc(sizeof(*vigil_stash) * VIGIL_STASH_SLOTS);
	if (!vigil_stash)
		return -ENOMEM;
	for (i = 0; i < VIGIL_STASH_SLOTS; i++)
		raw_spin_lock_init(&vigil_stash[i].lock);
	return 0;
}

void vigil_stash_exit(void)
{
	vfree(vigil_stash);
	vigil_stash = NULL;
}

static struct vigil_stash_slot *vigil_stash_slot(pid_t tid)
{
	return &vigil_stash[(u32)tid % VIGIL_STASH_SLOTS];
}

/* sys_enter of execve (name in args[0]) or execveat (name in args[1]). */
void vigil_stash_put(const unsigned long *args, unsigned int nr,
		     struct vigil_cpu *cpu)
{
	const char __user *u = (const char __user *)
		(nr == __NR_execveat ? args[1] : args[0]);
	struct vigil_stash_slot *s = vigil_stash_slot(current->pid);
	unsigned long irq;
	long n;
	u16 flags = 0;

	/* Copy outside the lock, into this CPU's scratch. */
	n = vigil_strncpy_user(cpu->stash, u, VIGIL_STASH_NAME);
	if (n < 0) {
		n = 0;
		flags |= VIGIL_EVF_FAULT;
	} else if (n == VIGIL_STASH_NAME) {
		n--;
		flags |= VIGIL_EVF_TRUNCATED;
	} else if (n > 0) {
		n--;			/* length without the NUL */
	}
	raw_spin_lock_irqsave(&s->lock, irq);
	s->tid = current->pid;
	s->nr = nr;
	s->len = n;
	s->flags = flags;
	memcpy(s->args, args, sizeof(s->args));
	memcpy(s->name, cpu->stash, n);
	s->name[n] = '\0';
	raw_spin_unlock_irqrestore(&s->lock, irq);
}

/*
 * sched_process_exec: a successful exec whose file name could not be read
 * at sys_enter (its page was not present, and probes cannot fault pages
 * in) takes the kernel's copy instead, bprm->filename.  For execveat that
 * is "/dev/fd/N/name" rather than the name as passed.
 */
void vigil_stash_exec_name(const char *name)
{
	struct vigil_stash_slot *s = vigil_stash_slot(current->pid);
	unsigned long irq;
	size_t n;

	if (!name)
		return;
	raw_spin_lock_irqsave(&s->lock, irq);
	if (s->tid == current->pid && (s->flags & VIGIL_EVF_FAULT)) {
		n = strnlen(name, VIGIL_STASH_NAME - 1);
		memcpy(s->name, name, n);
		s->name[n] = '\0';
		s->len = n;
		s->flags = n == VIGIL_STASH_NAME - 1 && name[n] ?
			   VIGIL_EVF_TRUNCATED : 0;
	}
	raw_spin_unlock_irqrestore(&s->lock, irq);
}

/*
 * sys_exit of execve/execveat: the arguments go to r->args, the name to
 * r->cpu->stash, and *nr says which of the two it was (after a successful
 * exec the registers no longer tell reliably).
 */
bool vigil_stash_take(struct vigil_rec *r, unsigned int *nr)
{
	struct vigil_stash_slot *s = vigil_stash_slot(current->pid);
	unsigned long irq;
	bool found = false;

	raw_spin_lock_irqsave(&s->lock, irq);
	if (s->tid == current->pid) {
		memcpy(r->args, s->args, sizeof(r->args));
		memcpy(r->cpu->stash, s->name, s->len + 1);
		r->stash_len = s->len;
		r->stash_flags = s->flags;
		*nr = s->nr;
		s->tid = 0;
		found = true;
	}
	raw_spin_unlock_irqrestore(&s->lock, irq);
	r->stashed = found;
	return found;
}
