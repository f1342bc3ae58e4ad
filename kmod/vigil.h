/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vigil.ko internals shared by the module's files.
 */
#ifndef VIGIL_KMOD_H
#define VIGIL_KMOD_H

#include <linux/types.h>
#include <linux/irq_work.h>
#include <linux/wait.h>
#include <linux/fdtable.h>
#include <linux/nospec.h>
#include <linux/sched.h>
#include "vigil_abi.h"
#include "vigil_events.h"

struct pt_regs;
struct task_struct;
struct linux_binprm;

/* ---- ring.c: one ring per possible CPU ---- */
struct vigil_ring {
	void *mem;			/* vmalloc_user: cons, hdr, data */
	struct vigil_ring_cons *cons;	/* user-writable page */
	struct vigil_ring_hdr *hdr;	/* read-only to user space */
	u8 *data;
	u64 data_size;
	u64 prod;			/* kernel's copy of producer_pos */
	struct irq_work wake;
};

extern unsigned int vigil_nr_rings;
extern u64 vigil_mmap_stride;
extern wait_queue_head_t vigil_wq;

int vigil_rings_init(u64 data_size);
void vigil_rings_exit(void);
void vigil_rings_reset(void);
void vigil_rings_set_wall_base(u64 wall_base_ns);
bool vigil_rings_have_data(void);
void vigil_rings_sum_stats(struct vigil_stats *st);
void vigil_ring_write(struct vigil_ring *r, const void *rec, u32 len);

/* ---- probes.c: tracepoints and what they capture ---- */
extern unsigned long vigil_bitmap[VIGIL_NR_MAX / BITS_PER_LONG];
extern u32 vigil_snaplen;

int vigil_probes_init(void);
void vigil_probes_exit(void);
int vigil_capture_start(void);
void vigil_capture_stop(void);
int vigil_ignore_add(pid_t tgid);
void vigil_ignore_clear(void);

/* ---- record building (fill*.c) ---- */
#define VIGIL_SCRATCH_PATH	4096
#define VIGIL_STASH_NAME	1024
/*
 * Bytes a record may take while it is built: a string's NUL can land one
 * past VIGIL_REC_MAX when the record is already full.
 */
#define VIGIL_REC_ROOM		(VIGIL_REC_MAX + VIGIL_REC_ALIGN)

struct vigil_cpu {
	int busy;				/* re-entrancy guard */
	char path[VIGIL_SCRATCH_PATH];		/* d_path() output */
	char ustr[VIGIL_SCRATCH_PATH];		/* user strings */
	char stash[VIGIL_STASH_NAME];		/* execve file name */
	u8 rec[VIGIL_REC_ROOM] __aligned(VIGIL_REC_ALIGN);	/* when the ring has no room */
};

struct vigil_rec {
	struct vigil_cpu *cpu;
	u8 *buf;			/* in the ring, or cpu->rec */
	u32 len;			/* bytes used: header, payload, data */
	u32 snaplen;
	u16 type;
	unsigned int nr;
	long ret;
	unsigned long args[6];
	/* execve: what sys_enter stashed (file name in cpu->stash) */
	bool stashed;
	u32 stash_len;
	u16 stash_flags;
	/* sched tracepoints */
	struct task_struct *child;
	struct linux_binprm *bprm;
	pid_t old_pid;
};

struct vigil_ring;
void vigil_rec_emit(struct vigil_ring *ring, struct vigil_rec *r, u16 type,
		    unsigned int nr, long ret);
extern u16 vigil_nr_type[VIGIL_NR_MAX];

static inline u16 vigil_nr_to_type(unsigned int nr)
{
	return nr < VIGIL_NR_MAX ? vigil_nr_type[nr] : VIGIL_EV_GENERIC;
}
void vigil_types_init(void);

/* fill_str.c */
void vigil_put_bytes(struct vigil_rec *r, struct vigil_str *s,
		     const void *src, u32 n, u16 flags);
void vigil_put_ustr(struct vigil_rec *r, struct vigil_str *s,
		    const char __user *u);
void vigil_put_upath(struct vigil_rec *r, struct vigil_str *s,
		     unsigned int dirarg, const char __user *u);
void vigil_put_fdpath(struct vigil_rec *r, struct vigil_str *s, long fd);
void vigil_put_cwd(struct vigil_rec *r, struct vigil_str *s);
long vigil_strncpy_user(char *dst, const char __user *src, long count);
void vigil_mark_fault(struct vigil_rec *r, struct vigil_str *s);

/*
 * Must be called under rcu_read_lock() or with preemption disabled (every
 * probe is), which is an RCU read-side critical section since 4.20.
 */
static inline struct file *vigil_fd_file(long fd)
{
	struct files_struct *files = current->files;
	struct fdtable *fdt;

	if (!files || fd < 0)
		return NULL;
	fdt = rcu_dereference_raw(files->fdt);
	if (fd >= fdt->max_fds)
		return NULL;
	fd = array_index_nospec(fd, fdt->max_fds);
	return rcu_dereference_raw(fdt->fd[fd]);
}

/* fill_exec.c */
void vigil_fill_exec(struct vigil_rec *r, unsigned int src, unsigned int a,
		     void *slot);

/* fill_net.c */
void vigil_fill_sock(struct vigil_rec *r, unsigned int src, unsigned int a,
		     unsigned int b, void *slot);

/* stash.c: execve arguments from sys_enter to sys_exit */
int vigil_stash_init(void);
void vigil_stash_exit(void);
void vigil_stash_put(const unsigned long *args, unsigned int nr,
		     struct vigil_cpu *cpu);
bool vigil_stash_take(struct vigil_rec *r, unsigned int *nr);
void vigil_stash_exec_name(const char *name);

/* dev.c */
int vigil_dev_init(void);
void vigil_dev_exit(void);

/* abi_check.c */
void vigil_abi_check(void);

#endif /* VIGIL_KMOD_H */
