/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Test helpers for the state suites: vigil records built field by field
 * as the module writes them (header, payload struct, variable bytes),
 * short-hands that drive the state with one syscall's records, and
 * fixture files in a temporary directory.
 */
#ifndef VIGIL_CHECK_STATE_REC_H
#define VIGIL_CHECK_STATE_REC_H

#include <stddef.h>

#include "state.h"
#include "vigil_events.h"

struct trec {
	union {
		struct vigil_event ev;
		unsigned char b[VIGIL_REC_MAX + 8];
	} u;
	size_t var;		/* next free byte */
};

/* The task a record is about. */
struct ttask {
	__u32 tid, tgid, ppid;
	const char *comm;
};

void *trec_init(struct trec *r, __u16 type, size_t payload,
		const struct ttask *t, __s64 res);
#define TREC(r, T, name, task, res) \
	((struct vigil_ev_##name *)trec_init(r, VIGIL_EV_##T, \
		sizeof(struct vigil_ev_##name), task, res))

/*
 * A state that reads nothing of this host (no /proc, passwd, group or
 * container roots, no look-ups of unknown threads), with these caps (0:
 * the default); fails the test if it cannot be opened.
 */
struct vigil_state *trec_state_open(__u32 max_threads, __u32 max_fds);

/* Append n bytes and a NUL, point s at them. */
void trec_bytes(struct trec *r, struct vigil_str *s, const void *p, size_t n);
void trec_str(struct trec *r, struct vigil_str *s, const char *str);
void trec_ip(struct vigil_sockaddr *sa, int family, const char *ip,
	     __u16 port);
void trec_unix(struct trec *r, struct vigil_sockaddr *sa, const char *path);

/* Feed r to the state (update then post); returns update's result. */
int trec_feed(struct vigil_state *st, struct trec *r);
int trec_feed_nopost(struct vigil_state *st, struct trec *r);

/* One syscall's records, fed in the order the ring merge gives them. */
void tdo_fork(struct vigil_state *st, const struct ttask *parent,
	      __u32 child_tid, __u64 flags);
void tdo_exec(struct vigil_state *st, const struct ttask *t,
	      const char *const *argv, const char *exe, const char *cwd,
	      const char *cgroup);
void tdo_exit(struct vigil_state *st, const struct ttask *t);
void tdo_open(struct vigil_state *st, const struct ttask *t, __s64 fd,
	      const char *path, __u64 flags);
void tdo_close(struct vigil_state *st, const struct ttask *t, __s64 fd);

/* Fixture files: a fresh temp dir, files and symlinks inside it. */
char *tfix_dir(void);
void tfix_write(const char *dir, const char *rel, const char *text);
void tfix_writen(const char *dir, const char *rel, const void *p, size_t n);
void tfix_link(const char *dir, const char *rel, const char *target);
void tfix_rmrf(char *dir);

#endif /* VIGIL_CHECK_STATE_REC_H */
