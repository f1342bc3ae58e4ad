// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Fd state: opens, dup family, close (deferred to post), fork copies,
 * CLONE_FILES sharing, close-on-exec at exec, sockets and their tuples,
 * memfd/userfaultfd, and the fd cap.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "check_state_rec.h"
#include "state_int.h"
#include "suites.h"

static const struct ttask app = { 300, 300, 1, "app" };

static struct vigil_state *open_state(__u32 max_fds)
{
	return trec_state_open(0, max_fds);
}

static const struct vigil_fd *fd_of(struct vigil_state *st, __u32 tid,
				    __s64 fd)
{
	const struct vigil_thread *t = vigil_state_thread(st, tid);

	ck_assert_ptr_nonnull(t);
	return vigil_state_fd(st, t, fd);
}

static const char *name_of(struct vigil_state *st, __u32 tid, __s64 fd)
{
	const struct vigil_fd *f = fd_of(st, tid, fd);

	return f ? vigil_fd_name(f, NULL) : "(none)";
}

static void dup_rec(struct vigil_state *st, int type, __s64 oldfd,
		    __s64 newfd, __u64 flags)
{
	struct trec r;

	switch (type) {
	case VIGIL_EV_DUP:
		TREC(&r, DUP, dup, &app, newfd)->oldfd = oldfd;
		break;
	case VIGIL_EV_DUP2:
		TREC(&r, DUP2, dup2, &app, newfd)->oldfd = oldfd;
		break;
	case VIGIL_EV_DUP3: {
		struct vigil_ev_dup3 *d = TREC(&r, DUP3, dup3, &app, newfd);

		d->oldfd = oldfd;
		d->newfd = newfd;
		d->flags = flags;
		break;
	}
	default: {
		struct vigil_ev_fcntl *f = TREC(&r, FCNTL, fcntl, &app, newfd);

		f->fd = oldfd;
		f->cmd = (__s64)flags;
		break;
	}
	}
	ck_assert_int_eq(trec_feed(st, &r), 0);
}

START_TEST(test_open_dup_close)
{
	struct vigil_state *st = open_state(1024);
	const struct vigil_fd *f;
	struct trec r;
	size_t n;
	const char *s;

	tdo_open(st, &app, 3, "/etc/shadow", O_RDONLY | O_CLOEXEC);
	tdo_open(st, &app, 4, "/var/lib", O_RDONLY | O_DIRECTORY);
	f = fd_of(st, 300, 3);
	ck_assert_int_eq(vigil_fd_type(f), VIGIL_FD_FILE);
	ck_assert_str_eq(vigil_fd_type_name(vigil_fd_type(f)), "file");
	ck_assert_int_eq(vigil_fd_typechar(vigil_fd_type(f)), 'f');
	s = vigil_fd_directory(f, &n);
	ck_assert_mem_eq(s, "/etc", 4);
	ck_assert_uint_eq(n, 4);
	s = vigil_fd_filename(f, &n);
	ck_assert_uint_eq(n, 6);
	ck_assert_mem_eq(s, "shadow", 6);
	ck_assert_int_eq(vigil_fd_type(fd_of(st, 300, 4)), VIGIL_FD_DIRECTORY);

	dup_rec(st, VIGIL_EV_DUP, 3, 5, 0);
	dup_rec(st, VIGIL_EV_DUP2, 3, 1, 0);
	dup_rec(st, VIGIL_EV_DUP3, 3, 7, O_CLOEXEC);
	dup_rec(st, -1, 3, 8, F_DUPFD);
	dup_rec(st, -1, 3, 9, F_DUPFD_CLOEXEC);
	ck_assert_str_eq(name_of(st, 300, 5), "/etc/shadow");
	ck_assert_str_eq(name_of(st, 300, 1), "/etc/shadow");
	ck_assert_int_eq(vigil_fd_cloexec(fd_of(st, 300, 5)), 0);
	ck_assert_int_eq(vigil_fd_cloexec(fd_of(st, 300, 7)), 1);
	ck_assert_int_eq(vigil_fd_cloexec(fd_of(st, 300, 8)), 0);
	ck_assert_int_eq(vigil_fd_cloexec(fd_of(st, 300, 9)), 1);
	/* dup2 of an unknown fd makes the target unknown too. */
	dup_rec(st, VIGIL_EV_DUP2, 42, 5, 0);
	ck_assert_ptr_null(fd_of(st, 300, 5));

	/* close: the fd stays for the close's own rules, until post. */
	TREC(&r, CLOSE, close, &app, 0)->fd = 3;
	ck_assert_int_eq(trec_feed_nopost(st, &r), 0);
	ck_assert_str_eq(name_of(st, 300, 3), "/etc/shadow");
	vigil_state_post(st);
	ck_assert_ptr_null(fd_of(st, 300, 3));
	ck_assert_str_eq(name_of(st, 300, 1), "/etc/shadow");
	/* A failed close with EBADF removes nothing. */
	TREC(&r, CLOSE, close, &app, -EBADF)->fd = 1;
	ck_assert_int_eq(trec_feed(st, &r), 0);
	ck_assert_ptr_nonnull(fd_of(st, 300, 1));
	/* A failed open adds nothing. */
	tdo_open(st, &app, -ENOENT, "/nope", 0);
	ck_assert_ptr_null(fd_of(st, 300, 2));
	vigil_state_close(st);
}
END_TEST

START_TEST(test_fork_exec_cloexec)
{
	struct vigil_state *st = open_state(1024);
	static const char *const argv[] = { "sh", NULL };
	struct ttask child = { 301, 301, 300, "app" };
	struct ttask thr = { 302, 300, 1, "app" };

	tdo_open(st, &app, 3, "/etc/a", O_RDONLY);
	tdo_open(st, &app, 4, "/etc/b", O_RDONLY | O_CLOEXEC);
	tdo_fork(st, &app, 301, 17);
	tdo_fork(st, &app, 302, CLONE_THREAD | CLONE_FILES | CLONE_VM |
		 CLONE_SIGHAND);
	/* Copied at fork: the child's changes stay its own. */
	tdo_close(st, &child, 3);
	tdo_open(st, &child, 5, "/tmp/child", O_WRONLY);
	ck_assert_ptr_null(fd_of(st, 301, 3));
	ck_assert_str_eq(name_of(st, 300, 3), "/etc/a");
	ck_assert_ptr_null(fd_of(st, 300, 5));
	/* Shared with the thread: both ways. */
	tdo_open(st, &thr, 6, "/tmp/thread", O_WRONLY);
	ck_assert_str_eq(name_of(st, 300, 6), "/tmp/thread");
	ck_assert_int_eq(vigil_proc_nfds(vigil_thread_proc(
			 vigil_state_thread(st, 300))), 3);
	/* exec drops the close-on-exec fds. */
	tdo_exec(st, &child, argv, "/bin/sh", "/", NULL);
	ck_assert_ptr_null(fd_of(st, 301, 4));
	tdo_exec(st, &app, argv, "/bin/sh", "/", NULL);
	ck_assert_ptr_null(fd_of(st, 300, 4));
	ck_assert_str_eq(name_of(st, 300, 3), "/etc/a");
	ck_assert_str_eq(name_of(st, 300, 6), "/tmp/thread");
	vigil_state_close(st);
}
END_TEST

START_TEST(test_clone_files_process)
{
	/* A process cloned with CLONE_FILES shares until it execs. */
	struct vigil_state *st = open_state(1024);
	static const char *const argv[] = { "true", NULL };
	struct ttask child = { 310, 310, 300, "app" };

	tdo_open(st, &app, 3, "/etc/a", O_RDONLY);
	tdo_fork(st, &app, 310, CLONE_FILES | 17);
	tdo_open(st, &child, 4, "/etc/b", O_RDONLY);
	ck_assert_str_eq(name_of(st, 300, 4), "/etc/b");
	tdo_exec(st, &child, argv, "/bin/true", "/", NULL);
	tdo_open(st, &child, 5, "/etc/c", O_RDONLY);
	ck_assert_ptr_null(fd_of(st, 300, 5));
	ck_assert_str_eq(name_of(st, 310, 3), "/etc/a");
	vigil_state_close(st);
}
END_TEST

static void sock_rec(struct vigil_state *st, __s64 fd, int domain, int type,
		     int proto)
{
	struct vigil_ev_socket *s;
	struct trec r;

	s = TREC(&r, SOCKET, socket, &app, fd);
	s->domain = domain;
	s->type = type;
	s->protocol = proto;
	ck_assert_int_eq(trec_feed(st, &r), 0);
}

START_TEST(test_sockets)
{
	struct vigil_state *st = open_state(1024);
	struct vigil_ev_connect *c;
	struct vigil_ev_accept4 *a;
	struct vigil_ev_listen *l;
	struct vigil_ev_sendto *so;
	struct vigil_ev_socketpair *sp;
	struct vigil_fd_sock sk;
	const struct vigil_fd *f;
	struct trec r;
	__u8 want[4];

	/* Client: socket + connect. */
	sock_rec(st, 3, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	c = TREC(&r, CONNECT, connect, &app, -EINPROGRESS);
	c->fd = 3;
	c->proto = IPPROTO_TCP;
	trec_ip(&c->local, AF_INET, "10.0.0.5", 34567);
	trec_ip(&c->remote, AF_INET, "93.184.216.34", 443);
	ck_assert_int_eq(trec_feed(st, &r), 0);
	f = fd_of(st, 300, 3);
	ck_assert_int_eq(vigil_fd_type(f), VIGIL_FD_IPV4);
	ck_assert_str_eq(vigil_fd_name(f, NULL),
			 "10.0.0.5:34567->93.184.216.34:443");
	ck_assert_int_eq(vigil_fd_sock(f, &sk), 0);
	ck_assert_int_eq(sk.is_server, 0);
	ck_assert_int_eq(sk.connected, 1);
	ck_assert_uint_eq(sk.rport, 443);
	inet_pton(AF_INET, "93.184.216.34", want);
	ck_assert_mem_eq(sk.rip, want, 4);
	ck_assert_str_eq(vigil_l4proto_name(sk.l4proto), "tcp");
	ck_assert_int_eq(vigil_fd_cloexec(f), 1);

	/* Server: socket, listen, accept4. */
	sock_rec(st, 4, AF_INET6, SOCK_STREAM, 0);
	l = TREC(&r, LISTEN, listen, &app, 0);
	l->fd = 4;
	l->backlog = 128;
	trec_ip(&l->local, AF_INET6, "::", 8080);
	ck_assert_int_eq(trec_feed(st, &r), 0);
	ck_assert_str_eq(name_of(st, 300, 4), ":::8080");
	a = TREC(&r, ACCEPT4, accept4, &app, 5);
	a->fd = 4;
	a->proto = IPPROTO_TCP;
	trec_ip(&a->local, AF_INET6, "2001:db8::1", 8080);
	trec_ip(&a->remote, AF_INET6, "2001:db8::99", 51000);
	ck_assert_int_eq(trec_feed(st, &r), 0);
	f = fd_of(st, 300, 5);
	ck_assert_int_eq(vigil_fd_type(f), VIGIL_FD_IPV6);
	ck_assert_str_eq(vigil_fd_name(f, NULL),
			 "2001:db8::99:51000->2001:db8::1:8080");
	ck_assert_int_eq(vigil_fd_sock(f, &sk), 0);
	ck_assert_int_eq(sk.is_server, 1);

	/* UDP: the peer comes from sendto. */
	sock_rec(st, 6, AF_INET, SOCK_DGRAM, 0);
	so = TREC(&r, SENDTO, sendto, &app, 12);
	so->fd = 6;
	trec_ip(&so->local, AF_INET, "10.0.0.5", 40000);
	trec_ip(&so->remote, AF_INET, "8.8.8.8", 53);
	ck_assert_int_eq(trec_feed(st, &r), 0);
	f = fd_of(st, 300, 6);
	ck_assert_str_eq(vigil_fd_name(f, NULL), "10.0.0.5:40000->8.8.8.8:53");
	vigil_fd_sock(f, &sk);
	ck_assert_str_eq(vigil_l4proto_name(sk.l4proto), "udp");

	/* Octets and ports of every width (the name is formatted by hand). */
	sock_rec(st, 12, AF_INET, SOCK_STREAM, 0);
	c = TREC(&r, CONNECT, connect, &app, 0);
	c->fd = 12;
	c->proto = IPPROTO_TCP;
	trec_ip(&c->local, AF_INET, "0.9.10.99", 65535);
	trec_ip(&c->remote, AF_INET, "100.199.200.255", 0);
	ck_assert_int_eq(trec_feed(st, &r), 0);
	ck_assert_str_eq(name_of(st, 300, 12),
			 "0.9.10.99:65535->100.199.200.255:0");

	/* Unix: connect to a path; socketpair. */
	sock_rec(st, 7, AF_UNIX, SOCK_STREAM, 0);
	c = TREC(&r, CONNECT, connect, &app, 0);
	c->fd = 7;
	trec_unix(&r, &c->remote, "/run/docker.sock");
	ck_assert_int_eq(trec_feed(st, &r), 0);
	ck_assert_int_eq(vigil_fd_type(fd_of(st, 300, 7)), VIGIL_FD_UNIX);
	ck_assert_str_eq(name_of(st, 300, 7), "/run/docker.sock");
	sp = TREC(&r, SOCKETPAIR, socketpair, &app, 0);
	sp->domain = AF_UNIX;
	sp->type = SOCK_STREAM;
	sp->fd0 = 8;
	sp->fd1 = 9;
	ck_assert_int_eq(trec_feed(st, &r), 0);
	ck_assert_int_eq(vigil_fd_type(fd_of(st, 300, 9)), VIGIL_FD_UNIX);

	/* Not sockets. */
	ck_assert_int_eq(vigil_fd_sock(fd_of(st, 300, 8), &sk), 0);
	tdo_open(st, &app, 10, "/etc/x", 0);
	ck_assert_int_eq(vigil_fd_sock(fd_of(st, 300, 10), &sk), -ENOTSOCK);
	vigil_state_close(st);
}
END_TEST

START_TEST(test_memfd_uffd)
{
	struct vigil_state *st = open_state(1024);
	struct vigil_ev_memfd_create *m;
	struct trec r;

	m = TREC(&r, MEMFD_CREATE, memfd_create, &app, 5);
	trec_str(&r, &m->name, "payload");
	m->flags = 1;	/* MFD_CLOEXEC */
	ck_assert_int_eq(trec_feed(st, &r), 0);
	ck_assert_int_eq(vigil_fd_type(fd_of(st, 300, 5)), VIGIL_FD_MEMFD);
	ck_assert_str_eq(name_of(st, 300, 5), "memfd:payload");
	ck_assert_int_eq(vigil_fd_cloexec(fd_of(st, 300, 5)), 1);
	TREC(&r, USERFAULTFD, userfaultfd, &app, 6)->flags = 0;
	ck_assert_int_eq(trec_feed(st, &r), 0);
	ck_assert_str_eq(vigil_fd_type_name(vigil_fd_type(fd_of(st, 300, 6))),
			 "userfaultfd");
	vigil_state_close(st);
}
END_TEST

START_TEST(test_fd_cap)
{
	struct vigil_state *st = open_state(64);
	struct vigil_state_stats s;
	__u32 i, max = 0;

	for (i = 0; i < 100000; i++) {
		tdo_open(st, &app, 3 + i, "/var/log/x", 0);
		vigil_state_stats(st, &s);
		if (s.fds > max)
			max = (__u32)s.fds;
	}
	ck_assert_uint_le(max, 64);
	ck_assert_uint_eq(s.fds_evicted, 100000 - 64);
	/* The newest are kept. */
	ck_assert_ptr_nonnull(fd_of(st, 300, 3 + 99999));
	ck_assert_ptr_null(fd_of(st, 300, 3));
	/* open/close churn on one fd keeps one entry. */
	for (i = 0; i < 100000; i++) {
		tdo_open(st, &app, 200000, "/tmp/y", 0);
		tdo_close(st, &app, 200000);
	}
	vigil_state_stats(st, &s);
	ck_assert_uint_le(s.fds, 64);
	ck_assert_ptr_null(fd_of(st, 300, 200000));
	vigil_state_close(st);
}
END_TEST

/*
 * The hash table under the fd and thread tables starts small and doubles
 * as it fills: every node stays findable across the doublings, the newest
 * node of a key is found first, deletes work after growth, and the bucket
 * count stops at what the cap asked for.
 */
START_TEST(test_htab_grows)
{
	static struct vst_hnode nodes[6000];
	struct vst_htab h;
	__u32 i;

	ck_assert_int_eq(vst_htab_init(&h, 4096), 0);
	ck_assert_uint_lt(h.mask + 1, 4096);
	for (i = 0; i < 6000; i++) {
		nodes[i].key = i % 3000;	/* two nodes per key */
		vst_htab_add(&h, &nodes[i]);
	}
	ck_assert_uint_eq(h.n, 6000);
	ck_assert_uint_eq(h.mask + 1, 4096);
	for (i = 0; i < 3000; i++)
		ck_assert_ptr_eq(vst_htab_first(&h, i), &nodes[i + 3000]);
	for (i = 3000; i < 6000; i++)
		vst_htab_del(&h, &nodes[i]);
	ck_assert_uint_eq(h.n, 3000);
	for (i = 0; i < 3000; i++)
		ck_assert_ptr_eq(vst_htab_first(&h, i), &nodes[i]);
	ck_assert_ptr_null(vst_htab_first(&h, 3000));
	vst_htab_free(&h);
}
END_TEST

/*
 * An open's name is normalised lexically (fd.name, fd.directory,
 * fd.filename); fd.nameraw keeps the record's, also across dup; a name cut
 * at the snaplen keeps its last component as it is.
 */
START_TEST(test_open_name_norm)
{
	struct vigil_state *st = open_state(1024);
	struct vigil_ev_openat *o;
	const struct vigil_fd *f;
	struct trec r;
	const char *s;
	size_t n;

	tdo_open(st, &app, 3, "/tmp/vt/sub/..//etc/./shadow", O_RDONLY);
	f = fd_of(st, 300, 3);
	ck_assert_str_eq(vigil_fd_name(f, &n), "/tmp/vt/etc/shadow");
	ck_assert_uint_eq(n, strlen("/tmp/vt/etc/shadow"));
	ck_assert_str_eq(vigil_fd_nameraw(f, &n),
			 "/tmp/vt/sub/..//etc/./shadow");
	ck_assert_uint_eq(n, strlen("/tmp/vt/sub/..//etc/./shadow"));
	s = vigil_fd_directory(f, &n);
	ck_assert_uint_eq(n, strlen("/tmp/vt/etc"));
	ck_assert_mem_eq(s, "/tmp/vt/etc", n);
	s = vigil_fd_filename(f, &n);
	ck_assert_uint_eq(n, 6);
	ck_assert_mem_eq(s, "shadow", 6);
	dup_rec(st, VIGIL_EV_DUP, 3, 5, 0);
	ck_assert_str_eq(name_of(st, 300, 5), "/tmp/vt/etc/shadow");
	ck_assert_str_eq(vigil_fd_nameraw(fd_of(st, 300, 5), NULL),
			 "/tmp/vt/sub/..//etc/./shadow");

	/* Already normal: one string, fd.nameraw the same. */
	tdo_open(st, &app, 3, "/proc/self/exe", O_RDONLY);
	f = fd_of(st, 300, 3);
	ck_assert_str_eq(vigil_fd_name(f, NULL), "/proc/self/exe");
	ck_assert_ptr_eq(vigil_fd_nameraw(f, NULL), vigil_fd_name(f, NULL));

	/* Cut at the snaplen: "..", the start of a longer name, stays. */
	o = TREC(&r, OPENAT, openat, &app, 6);
	o->dirfd = -100;
	trec_str(&r, &o->name, "/etc/x/../y/..");
	o->name.flags = VIGIL_EVF_TRUNCATED;
	ck_assert_int_eq(trec_feed(st, &r), 0);
	ck_assert_str_eq(name_of(st, 300, 6), "/etc/y/..");

	/* A relative name (no base in the kernel) is kept as it is. */
	tdo_open(st, &app, 7, "a/../b", O_RDONLY);
	ck_assert_str_eq(name_of(st, 300, 7), "a/../b");
	vigil_state_close(st);
}
END_TEST

/* apply(): update() without the record check, the close's post included. */
START_TEST(test_apply_checked)
{
	struct vigil_state *st = open_state(1024);
	struct vigil_state_stats stats;
	struct vigil_ev_openat *o;
	struct trec r;

	o = TREC(&r, OPENAT, openat, &app, 3);
	o->dirfd = -100;
	trec_str(&r, &o->name, "/etc/passwd");
	ck_assert_int_eq(vigil_state_apply(st, &r.u.ev), 0);
	ck_assert_str_eq(name_of(st, 300, 3), "/etc/passwd");
	TREC(&r, CLOSE, close, &app, 0)->fd = 3;
	ck_assert_int_eq(vigil_state_apply(st, &r.u.ev), 0);
	ck_assert_str_eq(name_of(st, 300, 3), "/etc/passwd");
	tdo_open(st, &app, 4, "/etc/group", O_RDONLY);
	ck_assert_ptr_null(fd_of(st, 300, 3));
	/* update() still refuses a record short of its type's minimum. */
	TREC(&r, CLOSE, close, &app, 0)->fd = 4;
	ck_assert_int_eq(vigil_state_update(st, &r.u.ev, 8), -EINVAL);
	vigil_state_stats(st, &stats);
	ck_assert_uint_eq(stats.bad_records, 1);
	ck_assert_str_eq(name_of(st, 300, 4), "/etc/group");
	vigil_state_close(st);
}
END_TEST

/*
 * Fds below VST_FD_LOW sit in their table's low[], the others in the
 * fds hash: both found, closed, copied at fork and counted the same.
 */
START_TEST(test_fd_low_and_hashed)
{
	struct vigil_state *st = open_state(1024);
	struct ttask child = { 320, 320, 300, "app" };
	const __s64 fds[] = { 0, 5, VST_FD_LOW - 1, VST_FD_LOW, 1000 };
	struct vigil_state_stats s;
	struct vst_thread *t;
	char name[32];
	size_t i;

	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		snprintf(name, sizeof(name), "/tmp/%lld", (long long)fds[i]);
		tdo_open(st, &app, fds[i], name, O_RDONLY);
	}
	t = vst_thread_find(st, 300);
	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_eq(t->fdt->low[5], fd_of(st, 300, 5));
	ck_assert_ptr_eq(t->fdt->low[VST_FD_LOW - 1],
			 fd_of(st, 300, VST_FD_LOW - 1));
	ck_assert_uint_eq(st->fds.n, 2);
	vigil_state_stats(st, &s);
	ck_assert_uint_eq(s.fds, 5);
	tdo_fork(st, &app, 320, 17);
	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		snprintf(name, sizeof(name), "/tmp/%lld", (long long)fds[i]);
		ck_assert_str_eq(name_of(st, 320, fds[i]), name);
		tdo_close(st, &app, fds[i]);
		ck_assert_ptr_null(fd_of(st, 300, fds[i]));
		ck_assert_str_eq(name_of(st, 320, fds[i]), name);
	}
	ck_assert_ptr_null(t->fdt->low[5]);
	ck_assert_uint_eq(st->fds.n, 2);
	vigil_state_stats(st, &s);
	ck_assert_uint_eq(s.fds, 5);
	tdo_close(st, &child, VST_FD_LOW);
	tdo_close(st, &child, 5);
	vigil_state_stats(st, &s);
	ck_assert_uint_eq(s.fds, 3);
	ck_assert_uint_eq(st->fds.n, 1);
	vigil_state_close(st);
}
END_TEST

Suite *state_fd_suite(void)
{
	Suite *s = suite_create("state_fd");
	TCase *tc = tcase_create("fd");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_open_dup_close);
	tcase_add_test(tc, test_open_name_norm);
	tcase_add_test(tc, test_apply_checked);
	tcase_add_test(tc, test_fork_exec_cloexec);
	tcase_add_test(tc, test_clone_files_process);
	tcase_add_test(tc, test_sockets);
	tcase_add_test(tc, test_memfd_uffd);
	tcase_add_test(tc, test_fd_cap);
	tcase_add_test(tc, test_fd_low_and_hashed);
	tcase_add_test(tc, test_htab_grows);
	suite_add_tcase(s, tc);
	return s;
}
