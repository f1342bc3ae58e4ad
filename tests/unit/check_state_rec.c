// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Record builders and fixture helpers for the state suites. */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_state_rec.h"

#define HDR	sizeof(struct vigil_event)

/*
 * Check marks every passing ck_assert with a write to its pipe; the
 * helpers run a million times in the churn tests, so they only speak up
 * on failure.
 */
#define FEED_OK(st, r) do { \
	int e_ = trec_feed(st, r); \
	if (e_) \
		ck_abort_msg("vigil_state_update: %d", e_); \
} while (0)

void *trec_init(struct trec *r, __u16 type, size_t payload,
		const struct ttask *t, __s64 res)
{
	memset(&r->u.ev, 0, HDR + payload);
	r->u.ev.type = type;
	r->u.ev.ts_ns = 1000;
	r->u.ev.res = res;
	r->u.ev.tid = t->tid;
	r->u.ev.tgid = t->tgid;
	r->u.ev.ppid = t->ppid;
	r->u.ev.uid = 1000;
	r->u.ev.gid = 1000;
	r->u.ev.euid = 1000;
	r->u.ev.egid = 1000;
	r->u.ev.loginuid = 1000;
	strncpy(r->u.ev.comm, t->comm ? t->comm : "", VIGIL_COMM_LEN);
	r->var = HDR + payload;
	r->u.ev.len = (__u32)((r->var + 7) & ~7UL);
	return r->u.b + HDR;
}

void trec_bytes(struct trec *r, struct vigil_str *s, const void *p, size_t n)
{
	if (r->var + n + 1 >= sizeof(r->u.b) - 8)
		ck_abort_msg("test record too long");
	s->off = (__u16)r->var;
	s->len = (__u16)n;
	memcpy(r->u.b + r->var, p, n);
	r->u.b[r->var + n] = '\0';
	r->var += n + 1;
	r->u.ev.len = (__u32)((r->var + 7) & ~7UL);
}

void trec_str(struct trec *r, struct vigil_str *s, const char *str)
{
	trec_bytes(r, s, str, strlen(str));
}

void trec_ip(struct vigil_sockaddr *sa, int family, const char *ip,
	     __u16 port)
{
	memset(sa, 0, sizeof(*sa));
	sa->family = (__u16)family;
	sa->port = port;
	ck_assert_int_eq(inet_pton(family, ip, sa->addr), 1);
}

void trec_unix(struct trec *r, struct vigil_sockaddr *sa, const char *path)
{
	struct vigil_str s;

	memset(sa, 0, sizeof(*sa));
	sa->family = AF_UNIX;
	trec_bytes(r, &s, path, strlen(path));
	sa->path_off = s.off;
	sa->path_len = s.len;
}

int trec_feed_nopost(struct vigil_state *st, struct trec *r)
{
	return vigil_state_update(st, &r->u.ev, r->u.ev.len);
}

int trec_feed(struct vigil_state *st, struct trec *r)
{
	int err = trec_feed_nopost(st, r);

	vigil_state_post(st);
	return err;
}

static struct trec rec;

void tdo_fork(struct vigil_state *st, const struct ttask *parent,
	      __u32 child_tid, __u64 flags)
{
	struct vigil_ev_sched_fork *sf;
	struct vigil_ev_clone *c;
	struct ttask child = *parent;

	child.tid = child_tid;
	if (!(flags & CLONE_THREAD)) {
		child.tgid = child_tid;
		child.ppid = flags & CLONE_PARENT ? parent->ppid : parent->tgid;
	}
	sf = TREC(&rec, SCHED_FORK, sched_fork, parent, 0);
	sf->child_tid = child_tid;
	sf->child_tgid = child.tgid;
	FEED_OK(st, &rec);
	c = TREC(&rec, CLONE, clone, parent, child_tid);
	c->flags = flags;
	FEED_OK(st, &rec);
	c = TREC(&rec, CLONE, clone, &child, 0);
	c->flags = flags;
	FEED_OK(st, &rec);
}

void tdo_exec(struct vigil_state *st, const struct ttask *t,
	      const char *const *argv, const char *exe, const char *cwd,
	      const char *cgroup)
{
	struct vigil_ev_execve *e = TREC(&rec, EXECVE, execve, t, 0);
	char buf[4096];
	size_t n = 0, l;

	for (; argv && *argv; argv++) {
		l = strlen(*argv) + 1;
		if (n + l >= sizeof(buf))
			ck_abort_msg("argv too long");
		memcpy(buf + n, *argv, l);
		n += l;
	}
	trec_str(&rec, &e->filename, exe);
	/* STRV: NUL-separated, len counts the last NUL too. */
	trec_bytes(&rec, &e->argv, buf, n);
	trec_str(&rec, &e->exe, exe);
	if (cwd)
		trec_str(&rec, &e->cwd, cwd);
	if (cgroup)
		trec_str(&rec, &e->cgroup, cgroup);
	e->pgid = t->tgid;
	e->sid = t->tgid;
	FEED_OK(st, &rec);
}

void tdo_exit(struct vigil_state *st, const struct ttask *t)
{
	TREC(&rec, PROCEXIT, procexit, t, 0);
	FEED_OK(st, &rec);
}

void tdo_open(struct vigil_state *st, const struct ttask *t, __s64 fd,
	      const char *path, __u64 flags)
{
	struct vigil_ev_openat *o = TREC(&rec, OPENAT, openat, t, fd);

	o->dirfd = -100;
	o->flags = flags;
	trec_str(&rec, &o->name, path);
	FEED_OK(st, &rec);
}

void tdo_close(struct vigil_state *st, const struct ttask *t, __s64 fd)
{
	struct vigil_ev_close *c = TREC(&rec, CLOSE, close, t, 0);

	c->fd = fd;
	FEED_OK(st, &rec);
}

char *tfix_dir(void)
{
	char tmpl[] = "/tmp/vigil-state-XXXXXX";
	char *d = mkdtemp(tmpl);

	ck_assert_ptr_nonnull(d);
	return strdup(d);
}

static void mkparents(const char *path)
{
	char buf[PATH_MAX], *s;

	snprintf(buf, sizeof(buf), "%s", path);
	for (s = buf + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(buf, 0755);
		*s = '/';
	}
}

void tfix_writen(const char *dir, const char *rel, const void *p, size_t n)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	mkparents(path);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	fclose(f);
}

void tfix_write(const char *dir, const char *rel, const char *text)
{
	tfix_writen(dir, rel, text, strlen(text));
}

void tfix_link(const char *dir, const char *rel, const char *target)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	mkparents(path);
	ck_assert_int_eq(symlink(target, path), 0);
}

static int rm_one(const char *p, const struct stat *sb, int flag,
		  struct FTW *ftw)
{
	return remove(p);
}

void tfix_rmrf(char *dir)
{
	if (dir)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

struct vigil_state *trec_state_open(__u32 max_threads, __u32 max_fds)
{
	struct vigil_state_cfg cfg;
	struct vigil_state *st;

	vigil_state_cfg_default(&cfg);
	cfg.proc_root = "/nonexistent-vigil-proc";
	cfg.passwd_path = cfg.group_path = "";
	cfg.docker_root = cfg.containerd_root = cfg.crio_root = "";
	cfg.lookup_missing = 0;
	if (max_threads)
		cfg.max_threads = max_threads;
	if (max_fds)
		cfg.max_fds = max_fds;
	st = vigil_state_open(&cfg);
	ck_assert_ptr_nonnull(st);
	return st;
}
