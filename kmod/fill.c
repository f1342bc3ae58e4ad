// SPDX-License-Identifier: GPL-2.0
/*
 * Record building: the common header, then each payload field of the
 * event type, in the order of shared/vigil_events.def, each filled by its
 * source (VIGIL_SRC_*).  Records are built in place in the ring's free space
 * (or in the CPU's scratch area when the ring has not the room for the
 * largest record) and every byte of the finished record is written, so no
 * stale scratch or kernel memory reaches the ring.
 */
#define pr_fmt(fmt) "vigil: " fmt

#include <linux/kernel.h>
#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/kdev_t.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/binfmts.h>
#include <linux/openat2.h>
#include <uapi/linux/bpf.h>
#include <uapi/linux/capability.h>
#include "vigil.h"
#include "ring_prod.h"
#include "compat.h"

/* Payload size of each event type (the fixed part, before its strings). */
static const u16 vigil_payload[VIGIL_EV_MAX] = {
#define VIGIL_EVENT(T, name, nr) \
	[VIGIL_EV_##T] = sizeof(struct vigil_ev_##name),
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b)
#define VIGIL_END(T)
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END
};

static const unsigned int vigil_type_nr[VIGIL_EV_MAX] = {
#define VIGIL_EVENT(T, name, nr)	[VIGIL_EV_##T] = nr,
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b)
#define VIGIL_END(T)
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END
};

u16 vigil_nr_type[VIGIL_NR_MAX];

void vigil_types_init(void)
{
	unsigned int t, nr;

	for (nr = 0; nr < VIGIL_NR_MAX; nr++)
		vigil_nr_type[nr] = VIGIL_EV_GENERIC;
	for (t = 1; t < VIGIL_EV_MAX; t++)
		if (vigil_type_nr[t] < VIGIL_NR_MAX)
			vigil_nr_type[vigil_type_nr[t]] = t;
}

static u32 vigil_loginuid(void)
{
#ifdef CONFIG_AUDIT
	return __kuid_val(audit_get_loginuid(current));
#else
	return (u32)-1;
#endif
}

/*
 * Start a record in buf: the ring's free space at the producer position or
 * the CPU's scratch area, VIGIL_REC_ROOM bytes either way, 8-byte aligned.
 * Every byte of the header is stored here (len by vigil_rec_end()), every
 * payload slot by vigil_rec_fill(): no memset, which under emulation costs
 * more than the stores.  The parent is read without rcu_read_lock(): the
 * probe runs with preemption disabled, an RCU read-side critical section
 * (for call_rcu() and synchronize_rcu() since 4.20).
 */
static __always_inline void vigil_rec_begin(struct vigil_rec *r, u8 *buf,
					    u16 type, unsigned int nr, long ret)
{
	const struct cred *cred = current_cred();
	struct vigil_event *e;

	r->buf = buf;
	r->type = type;
	r->nr = nr;
	r->ret = ret;
	r->len = sizeof(*e) + vigil_payload[type];
	r->snaplen = READ_ONCE(vigil_snaplen);

	e = (struct vigil_event *)r->buf;
	e->len = 0;
	e->type = type;
	e->flags = 0;
	e->ts_ns = vigil_boottime_ns();
	e->res = ret;
	e->tid = current->pid;
	e->tgid = current->tgid;
	e->ppid = task_tgid_nr(rcu_dereference_sched(current->real_parent));
	e->uid = __kuid_val(cred->uid);
	e->gid = __kgid_val(cred->gid);
	e->euid = __kuid_val(cred->euid);
	e->egid = __kgid_val(cred->egid);
	e->loginuid = vigil_loginuid();
	e->nr = nr;
	e->cpu = smp_processor_id();
	memcpy(e->comm, current->comm, sizeof(e->comm));
	e->comm[sizeof(e->comm) - 1] = '\0';
}

/*
 * Pad to the record alignment with zeros; returns the final length.  The
 * pad is the tail of the record's last 8-byte word, whose head this record
 * wrote: the word is masked (x86-64 is little-endian), so no stale byte of
 * the ring or the scratch area stays in it.
 */
static __always_inline u32 vigil_rec_end(struct vigil_rec *r)
{
	struct vigil_event *e = (struct vigil_event *)r->buf;
	u32 len = ALIGN(r->len, VIGIL_REC_ALIGN);
	u32 keep = r->len & (VIGIL_REC_ALIGN - 1);

	if (keep) {
		u64 *last = (u64 *)(r->buf + len - VIGIL_REC_ALIGN);

		*last &= (1ULL << (keep * 8)) - 1;
	}
	e->len = len;
	return len;
}

static u64 vigil_arg(struct vigil_rec *r, unsigned int a)
{
	return a < 6 ? r->args[a] : 0;
}

static long vigil_fd_arg(struct vigil_rec *r, unsigned int a)
{
	return a == VIGIL_A_RES ? r->ret : (long)(int)vigil_arg(r, a);
}

static void vigil_fill_fd_stat(struct vigil_rec *r, unsigned int src,
			       unsigned int a, u64 *out)
{
	long fd = vigil_fd_arg(r, a);
	struct file *f;

	*out = 0;
	if (fd < 0)
		return;
	/* Under the probe's disabled preemption, as vigil_rec_begin() says. */
	f = vigil_fd_file(fd);
	if (f) {
		struct inode *inode = file_inode(f);

		if (src == VIGIL_SRC_FD_DEV)
			*out = new_encode_dev(inode->i_sb->s_dev);
		else
			*out = inode->i_ino;
	}
}

static u64 vigil_clone_flags(struct vigil_rec *r)
{
	u64 ca[5];

	switch (r->nr) {
	case __NR_clone:
		return r->args[0];
	case __NR_clone3:
		/* struct clone_args: flags, pidfd, child_tid, parent_tid,
		 * exit_signal */
		if (r->args[1] < sizeof(ca) ||
		    vigil_copy_user(ca, (void __user *)r->args[0], sizeof(ca))) {
			((struct vigil_event *)r->buf)->flags |= VIGIL_EVF_FAULT;
			return 0;
		}
		return ca[0] | (ca[4] & 0xff);
	case __NR_vfork:
		return CLONE_VM | CLONE_VFORK | SIGCHLD;
	default:
		return SIGCHLD;
	}
}

static s64 vigil_fill_cap(struct vigil_rec *r, unsigned int src,
			  unsigned int a, unsigned int b)
{
	struct __user_cap_header_struct h;
	struct __user_cap_data_struct d[2] = { };
	unsigned int n;

	if (vigil_copy_user(&h, (void __user *)r->args[0], sizeof(h)))
		return -1;
	if (src == VIGIL_SRC_UCAPHDR_PID)
		return h.pid;
	n = h.version == _LINUX_CAPABILITY_VERSION_1 ? 1 : 2;
	if (vigil_copy_user(d, (void __user *)vigil_arg(r, a), n * sizeof(d[0])))
		return 0;
	switch (b) {
	case 0:
		return d[0].effective | (u64)d[1].effective << 32;
	case 1:
		return d[0].permitted | (u64)d[1].permitted << 32;
	default:
		return d[0].inheritable | (u64)d[1].inheritable << 32;
	}
}

static u64 vigil_fill_user_u64(struct vigil_rec *r, unsigned int src,
			       unsigned int a, unsigned int b)
{
	void __user *p = (void __user *)vigil_arg(r, a);
	u64 v = 0;
	u32 v32 = 0;
	int pair[2];

	switch (src) {
	case VIGIL_SRC_UOPENHOW:
		if (r->args[3] < (b + 1) * sizeof(u64) ||
		    vigil_copy_user(&v, p + b * sizeof(u64), sizeof(v)))
			return 0;
		return v;
	case VIGIL_SRC_BPF_PROG_TYPE:
		if ((int)r->args[0] != BPF_PROG_LOAD ||
		    vigil_copy_user(&v32, p, sizeof(v32)))
			return (u64)-1;
		return v32;
	case VIGIL_SRC_UINT_PAIR:
		if (r->ret < 0 || vigil_copy_user(pair, p, sizeof(pair)))
			return (u64)-1;
		return (u64)(s64)pair[b & 1];
	}
	return 0;
}


/*
 * Thread id (tid 1) or thread-group id (tid 0) of task t in t's own active
 * pid namespace: what getpid()/gettid() return inside it.  The namespace
 * is t's, not the caller's (task_tgid_vnr would use current's); 0 when t
 * is already detached from its pid.
 */
static u64 vigil_vpid(struct task_struct *t, unsigned int tid)
{
	struct pid_namespace *ns;
	pid_t n = 0;

	rcu_read_lock();
	ns = task_active_pid_ns(t);
	if (ns)
		n = tid ? task_pid_nr_ns(t, ns) : task_tgid_nr_ns(t, ns);
	rcu_read_unlock();
	return (u64)n;
}
/*
 * One field from its source (VIGIL_SRC_*) and the source's two operands,
 * all compile-time constants where vigil_fill_<event>() inlines this: the
 * switch folds to the one case.
 */
static __always_inline void vigil_fill_field(struct vigil_rec *r,
					     unsigned int src, unsigned int a,
					     unsigned int b, void *slot)
{
	u64 *v = slot;
	struct vigil_str *s = slot;

	switch (src) {
	case VIGIL_SRC_ARG_U64:
	case VIGIL_SRC_ARG_S64:
		*v = vigil_arg(r, a);
		break;
	case VIGIL_SRC_ARG_U32:
		*v = (u32)vigil_arg(r, a);
		break;
	case VIGIL_SRC_ARG_S32:
		*v = (u64)(s64)(s32)vigil_arg(r, a);
		break;
	case VIGIL_SRC_USTR:
		vigil_put_ustr(r, s, (const char __user *)vigil_arg(r, a));
		break;
	case VIGIL_SRC_UPATH:
	case VIGIL_SRC_OPEN_NAME:	/* the same since ABI 3 */
		vigil_put_upath(r, s, a,
				(const char __user *)vigil_arg(r, b));
		break;
	case VIGIL_SRC_FDPATH:
		vigil_put_fdpath(r, s, vigil_fd_arg(r, a));
		break;
	case VIGIL_SRC_FD_DEV:
	case VIGIL_SRC_FD_INO:
		vigil_fill_fd_stat(r, src, a, v);
		break;
	case VIGIL_SRC_CWD:
		vigil_put_cwd(r, s);
		break;
	case VIGIL_SRC_CLONE_FLAGS:
		*v = vigil_clone_flags(r);
		break;
	case VIGIL_SRC_UCAPHDR_PID:
	case VIGIL_SRC_UCAP:
		*v = vigil_fill_cap(r, src, a, b);
		break;
	case VIGIL_SRC_UOPENHOW:
	case VIGIL_SRC_BPF_PROG_TYPE:
	case VIGIL_SRC_UINT_PAIR:
		*v = vigil_fill_user_u64(r, src, a, b);
		break;
	case VIGIL_SRC_SOCK_PROTO:
	case VIGIL_SRC_SOCK_LOCAL:
	case VIGIL_SRC_SOCK_LOCAL_U:
	case VIGIL_SRC_SOCK_PEER:
	case VIGIL_SRC_SOCK_PEER_UPTR:
	case VIGIL_SRC_SOCK_PEER_MSG:
		vigil_fill_sock(r, src, a, b, slot);
		break;
	case VIGIL_SRC_CHILD_TID:
		*v = r->child ? r->child->pid : 0;
		break;
	case VIGIL_SRC_CHILD_TGID:
		*v = r->child ? r->child->tgid : 0;
		break;
	case VIGIL_SRC_SCHED_FILENAME:
		if (r->bprm && r->bprm->filename)
			vigil_put_bytes(r, s, r->bprm->filename,
					strnlen(r->bprm->filename, PATH_MAX), 0);
		break;
	case VIGIL_SRC_OLD_TID:
		*v = r->old_pid;
		break;
	case VIGIL_SRC_EXIT_STATUS:
		*v = current->exit_code;
		break;
	case VIGIL_SRC_VPID:
		*v = vigil_vpid(current, a);
		break;
	case VIGIL_SRC_CHILD_VPID:
		*v = r->child ? vigil_vpid(r->child, a) : 0;
		break;
	default:
		/* exec sources: filename, argv, env, exe, tty, pgid, sid, cgroup */
		vigil_fill_exec(r, src, a, slot);
		break;
	}
}

/* Zero a slot first (a source with nothing to say leaves it), fill it. */
static __always_inline u8 *vigil_fill_slot(struct vigil_rec *r, u8 *slot,
					   unsigned int kind, unsigned int src,
					   unsigned int a, unsigned int b)
{
	if (kind == VIGIL_KIND_ADDR) {
		memset(slot, 0, sizeof(struct vigil_sockaddr));
		vigil_fill_field(r, src, a, b, slot);
		return slot + sizeof(struct vigil_sockaddr);
	}
	*(u64 *)slot = 0;
	vigil_fill_field(r, src, a, b, slot);
	return slot + sizeof(u64);
}

/*
 * One function per event type, its fields unrolled from
 * shared/vigil_events.def in their order: no loop over a table and no
 * switch on each field's source at run time.
 */
#define VIGIL_EVENT(T, name, nr)					\
	static noinline void vigil_fill_##name(struct vigil_rec *r)	\
	{								\
		u8 *slot = r->buf + sizeof(struct vigil_event);
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b)				\
		slot = vigil_fill_slot(r, slot, VIGIL_KIND_##kind,	\
				       VIGIL_SRC_##src, a, b);
#define VIGIL_END(T)							\
		(void)slot;						\
	}
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END

static __always_inline void vigil_rec_fill(struct vigil_rec *r)
{
	switch (r->type) {
#define VIGIL_EVENT(T, name, nr)					\
	case VIGIL_EV_##T:						\
		vigil_fill_##name(r);					\
		break;
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b)
#define VIGIL_END(T)
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END
	}
}

/*
 * Build one record of the given type: in place in the ring's free space
 * when it has room for the largest one, else in the CPU's scratch area
 * and copied (or its drop counted).  One function, with the header, the
 * fields and the ring inlined into it: under emulation every call and
 * return on this path shows.
 */
void vigil_rec_emit(struct vigil_ring *ring, struct vigil_rec *r, u16 type,
		    unsigned int nr, long ret)
{
	u8 *slot = vigil_ring_reserve(ring);
	u32 len;

	vigil_rec_begin(r, slot ? slot : r->cpu->rec, type, nr, ret);
	vigil_rec_fill(r);
	len = vigil_rec_end(r);
	if (slot)
		vigil_ring_commit(ring, len);
	else
		vigil_ring_write(ring, r->buf, len);
}
