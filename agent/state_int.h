/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Internals shared by agent/state*.c: intrusive lists and hash tables,
 * reference-counted strings, and the entries of every table.
 */
#ifndef VIGIL_STATE_INT_H
#define VIGIL_STATE_INT_H

#include <stddef.h>
#include <linux/types.h>

#include "decode.h"
#include "state.h"
#include "vigil_events.h"

#define vst_container_of(p, type, member) \
	((type *)((char *)(p) - offsetof(type, member)))

struct vst_list {
	struct vst_list *prev, *next;
};

static inline void vst_list_init(struct vst_list *l)
{
	l->prev = l->next = l;
}

static inline int vst_list_empty(const struct vst_list *l)
{
	return l->next == l;
}

static inline void vst_list_del(struct vst_list *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->prev = e->next = e;
}

/* Insert e right after head (the most recent end). */
static inline void vst_list_add(struct vst_list *e, struct vst_list *head)
{
	e->next = head->next;
	e->prev = head;
	head->next->prev = e;
	head->next = e;
}

static inline void vst_list_move(struct vst_list *e, struct vst_list *head)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	vst_list_add(e, head);
}

/* Chained hash table with a fixed bucket count sized for its cap. */
struct vst_hnode {
	struct vst_hnode *next;
	__u64 key;
};

struct vst_htab {
	struct vst_hnode **b;
	__u32 mask;
	__u32 shift;
	__u32 n;
	__u32 max_bits;		/* bucket count grows up to 1 << max_bits */
};

int vst_htab_init(struct vst_htab *h, __u32 cap);
void vst_htab_free(struct vst_htab *h);
struct vst_hnode *vst_htab_first(const struct vst_htab *h, __u64 key);
void vst_htab_add(struct vst_htab *h, struct vst_hnode *n);
void vst_htab_del(struct vst_htab *h, struct vst_hnode *n);
__u64 vst_hash_bytes(const void *p, size_t n);

/* The next node with the same key after n, NULL at the end. */
static inline struct vst_hnode *vst_htab_next(struct vst_hnode *n)
{
	__u64 key = n->key;

	for (n = n->next; n; n = n->next)
		if (n->key == key)
			return n;
	return NULL;
}

/*
 * Freed entries of one kind kept for reuse, at most VST_SPARE_MAX: a
 * fork+exec+exit makes and drops a thread, a process and an fd table,
 * and the round trip through malloc cost more than the rest of their
 * upkeep.  A waiting entry's first bytes hold the link to the next.
 */
#define VST_SPARE_MAX	32

struct vst_spare_link {
	struct vst_spare_link *next;
};

struct vst_spare {
	struct vst_spare_link *top;
	__u32 n;
};

/* A zeroed entry of size bytes: a spare, else calloc's; NULL on ENOMEM. */
void *vst_spare_zalloc(struct vst_spare *sp, size_t size);
/* Keep p (at least a pointer's size) for reuse, or free it when full. */
void vst_spare_drop(struct vst_spare *sp, void *p);
void vst_spare_free(struct vst_spare *sp);

/* An immutable, shared string: len bytes and a NUL. */
struct vst_str {
	__u32 refs;
	__u32 len;
	__u32 size;		/* bytes allocated for s: at least len + 1 */
	char s[];
};

/* A new string of at most max of the n bytes at p; NULL on ENOMEM. */
struct vst_str *vst_str_new(const char *p, size_t n, size_t max);
static inline struct vst_str *vst_str_get(struct vst_str *s)
{
	if (s)
		s->refs++;
	return s;
}
void vst_str_put(struct vst_str *s);
/* Replace *dst by a new reference to src. */
void vst_str_set(struct vst_str **dst, struct vst_str *src);

/*
 * Fds below VST_FD_LOW (most of them: the kernel hands out the lowest
 * free number) are found by number in their table's low[]; the others
 * in vigil_state's fds hash.
 */
#define VST_FD_LOW	32

struct vst_fdt {
	__u32 refs;
	__u32 nfds;
	struct vst_list fds;
	struct vst_fd *low[VST_FD_LOW];
};

#define VST_NAME_SPARE	16	/* fd names kept for reuse (vigil_state) */

struct vst_fd {
	struct vst_hnode hn;
	struct vst_list in_fdt;
	struct vst_list lru;
	struct vst_fdt *fdt;
	__s32 fd;
	__u8 type;		/* enum vigil_fd_type */
	__u8 cloexec;
	__u32 oflags;
	__u64 dev, ino;
	struct vst_str *name;
	struct vst_str *raw;	/* opens: the recorded name when normalising
				 * changed it (fd.nameraw), else NULL */
	__u32 dir_len;		/* files: bytes of the directory part */
	__u32 base_off;		/* where the name's last component starts */
	struct vigil_fd_sock sk;
};

struct vst_proc {
	struct vst_hnode hn;
	struct vst_list threads;
	struct vst_list children;
	struct vst_list sibling;
	struct vst_proc *parent;
	__u32 pid, ppid, vpid, sid, pgid, vpgid;
	__u32 nthreads;
	__u32 loginuid;
	__u32 nargs;
	__u64 tty;
	__u64 start_ns;
	struct vst_str *exe, *exepath, *args, *cwd, *env, *cgroup;
	char comm[VIGIL_COMM_LEN + 1];
	char cid[VIGIL_CID_MAX + 1];
	__u8 ctype;
	__u8 subreaper;
	__u8 env_read;		/* environ was read from proc_root */
};

struct vst_thread {
	struct vst_hnode hn;
	struct vst_list lru;
	struct vst_list sib;	/* in proc->threads */
	struct vst_proc *proc;
	struct vst_fdt *fdt;
	__u32 tid;
	__u32 vtid;		/* tid in its pid namespace, 0: unknown */
	__u32 vpid;		/* its process's pid there, as it last said */
	__u32 uid, gid, euid, egid;
	__u64 caps[3];
	__u8 fdt_guess;		/* fd table sharing not yet known */
	__u8 dead;
	char comm[VIGIL_COMM_LEN + 1];
};

struct vst_user {
	struct vst_hnode hn;
	struct vigil_user u;
	char buf[];
};

struct vst_group {
	struct vst_hnode hn;
	struct vigil_group g;
	char buf[];
};

struct vst_users {
	struct vst_htab users, groups;
	__u64 passwd_mtime, group_mtime;	/* ns, 0 never read */
	__u64 passwd_size, group_size;
	__u64 next_check_ns;
	int loaded;
};

struct vst_container {
	struct vst_hnode hn;
	struct vst_list lru;
	struct vigil_container c;
	__u64 next_try_ns;
	__u32 tries;
	char **allocs;		/* every string c points at */
	__u32 nallocs, cap_allocs;
	struct vigil_kv labels[VIGIL_CT_MAX_LABELS];
	struct vigil_kv pod_labels[VIGIL_CT_MAX_LABELS];
	struct vigil_mount mounts[VIGIL_CT_MAX_MOUNTS];
};

struct vigil_state {
	struct vigil_state_cfg cfg;
	char *paths;			/* the cfg strings' copies */

	struct vst_htab threads, procs, fds, containers;
	/*
	 * The entries the next lookups most likely want, each the first of
	 * its key in its table (what a lookup there would return) or NULL:
	 * the thread of the last record, the fd added last to fds.
	 */
	struct vst_thread *thread_hint;
	struct vst_fd *fd_hint;
	struct vst_list thread_lru, fd_lru, container_lru;
	__u32 nprocs, nfdts;
	__u32 nfds;			/* in every table, low[] and fds */
	/*
	 * Freed fd entries kept for the next open (linked by hn.next), and
	 * their names when nothing else held them.
	 */
	struct vst_fd *fd_spare;
	__u32 nfd_spare;
	__u32 nname_spare;
	struct vst_str *name_spare[VST_NAME_SPARE];
	/* Freed threads, processes and fd tables (struct vst_spare). */
	struct vst_spare thread_spare, proc_spare, fdt_spare;
	struct vst_users users;
	struct vst_container host;

	/* Deferred by update() until post(). */
	struct vst_thread *pend_exit;
	struct vst_fdt *pend_close_fdt;
	__s32 pend_close_fd;

	struct vigil_state_stats stats;
};

/* state_proc.c */
struct vst_thread *vst_thread_find(const struct vigil_state *st, __u32 tid);
struct vst_proc *vst_proc_find(const struct vigil_state *st, __u32 pid);
/* The record's thread, created from its header when unseen. */
struct vst_thread *vst_thread_of(struct vigil_state *st,
				 const struct vigil_event *ev);
/* A new thread tid of process pid (created if needed); NULL on ENOMEM. */
struct vst_thread *vst_thread_new(struct vigil_state *st, __u32 tid,
				  __u32 pid, __u32 ppid);
void vst_thread_free(struct vigil_state *st, struct vst_thread *t, int exited);
void vst_proc_set_parent(struct vigil_state *st, struct vst_proc *p,
			 __u32 ppid);
void vst_proc_set_cgroup(struct vigil_state *st, struct vst_proc *p,
			 const char *cg, size_t len);
/* Before the record's thread is looked up: fork child, exec rename. */
int vst_proc_prepare(struct vigil_state *st, const struct vigil_event *ev);

static inline int vst_is_clone(unsigned int type)
{
	return type == VIGIL_EV_CLONE || type == VIGIL_EV_CLONE3 ||
	       type == VIGIL_EV_FORK || type == VIGIL_EV_VFORK;
}

/* Whether vst_proc_prepare() has anything to do for a type. */
static inline int vst_proc_prepares(unsigned int type)
{
	return vst_is_clone(type) || type == VIGIL_EV_SCHED_EXEC;
}
int vst_proc_event(struct vigil_state *st, struct vst_thread *t,
		   const struct vigil_event *ev);
void vst_procs_free(struct vigil_state *st);

/* state_fd.c */
struct vst_fdt *vst_fdt_new(struct vigil_state *st);
struct vst_fdt *vst_fdt_copy(struct vigil_state *st, struct vst_fdt *src);
void vst_fdt_put(struct vigil_state *st, struct vst_fdt *fdt);
void vst_fdt_cloexec(struct vigil_state *st, struct vst_fdt *fdt);
struct vst_fd *vst_fd_find(const struct vigil_state *st,
			   const struct vst_fdt *fdt, __s32 fd);
/* fd in fdt, replacing any previous one, zeroed; NULL on ENOMEM. */
struct vst_fd *vst_fd_install(struct vigil_state *st, struct vst_fdt *fdt,
			      __s32 fd);
void vst_fd_del(struct vigil_state *st, struct vst_fd *f);
/* Free the spare fd entries and names (vigil_state_close). */
void vst_fd_spare_free(struct vigil_state *st);
void vst_fd_set_path(struct vigil_state *st, struct vst_fd *f,
		     const char *p, size_t n);
int vst_fd_set_sockname(struct vst_fd *f);
/* An open's name: normalised lexically (path_norm.h), the record's kept. */
void vst_fd_set_open_path(struct vigil_state *st, struct vst_fd *f,
			  const char *p, size_t n, int cut);
int vst_fd_event(struct vigil_state *st, struct vst_thread *t,
		 const struct vigil_event *ev);

/* state_user.c */
int vst_users_init(struct vigil_state *st);
void vst_users_free(struct vigil_state *st);
int vst_users_load(struct vigil_state *st);

/* state_container.c */
int vst_containers_init(struct vigil_state *st);
void vst_containers_free(struct vigil_state *st);

/* state_container_rt.c: metadata from the runtimes' files. */
int vst_container_read(struct vigil_state *st, struct vst_container *ct);
void vst_container_clear(struct vst_container *ct);

/* state_proc_seed.c: one process from proc_root; its thread tid. */
struct vst_thread *vst_seed_task(struct vigil_state *st, __u32 pid,
				 __u32 tid);

/* state.c */
/* The descriptor of ev's payload field at offset off, NULL if none. */
const struct vigil_field_desc *vst_field(const struct vigil_event *ev,
					 size_t off);
__u64 vst_now_ns(void);
/* Read at most max bytes of a file into a new NUL-terminated buffer. */
char *vst_read_file(const char *path, size_t max, size_t *len);

#endif /* VIGIL_STATE_INT_H */
