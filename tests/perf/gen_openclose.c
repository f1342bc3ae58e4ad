// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * gen_openclose N FILE [connect|forkexec]: write a vigil capture (docs/CAPTURE.md,
 * gzip's transparent mode: plain bytes) of N open+close pairs of one file
 * by one process, as tests/vm/storm.c's `storm flood` makes them: a small
 * snapshot (init, a shell, the storm process with its three tty fds), then
 * openat(AT_FDCWD, "/tmp/bench.file", O_RDONLY) = 3 and close(3) = 0,
 * N times.  With `connect`, N rounds of tests/vm/bench.c's connect
 * operation instead, after a listener on 127.0.0.1:40000 (socket, bind,
 * listen = fd 4): socket() = 3, connect(3, 127.0.0.1:40000), accept(4) = 5,
 * close(5), close(3).  With `forkexec`, N rounds of bench.c's
 * forkexec operation as vigil.ko records it with the default rules'
 * bitmap (wait4 and exit_group are not in it, and a static /bin/true
 * makes no call that is): the parent's sched_fork and clone() = child,
 * the child's clone() = 0, sched_exec, execve("/bin/bench_true") with a
 * small env, and procexit.  tests/perf/ir_per_event.sh
 * replays them under callgrind to count the agent's instructions per
 * record.
 *
 *   cc -O2 -I. -Ishared -Iagent -o build/perf/gen_openclose \
 *	tests/perf/gen_openclose.c
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "capture.h"
#include "vigil_events.h"

#define BENCH_PATH	"/tmp/bench.file"
#define STORM_ARGS	"flood\0" BENCH_PATH "\0" "1\0" "8"	/* argv[1..] */
#define BENCH_ARGS	BENCH_PATH "\0/bin/bench_true"	/* bench's argv[1..] */

#define SESSION_CGROUP	"/user.slice/user-0.slice/session-1.scope"

static FILE *out;
static const char *thread_cgroup = "";	/* put_thread()'s, as seeded */

static void put_block(__u32 type, const void *a, size_t alen, const void *b,
		      size_t blen)
{
	static const char pad[8];
	struct capture_block bh = { type, (__u32)(alen + blen) };
	size_t n = alen + blen;

	fwrite(&bh, sizeof(bh), 1, out);
	if (alen)
		fwrite(a, alen, 1, out);
	if (blen)
		fwrite(b, blen, 1, out);
	if (n & 7)
		fwrite(pad, 8 - (n & 7), 1, out);
}

static void put_thread(__u32 tid, __u32 ppid, __u32 uid, const char *comm,
		       const char *exe, const char *cwd, const char *args,
		       size_t args_len, __u32 nargs)
{
	struct capture_thread t;
	char buf[640];
	size_t n = 0;

	memset(&t, 0, sizeof(t));
	t.tid = t.pid = t.sid = t.pgid = t.vpgid = t.vpid = tid;
	t.ppid = ppid;
	t.uid = t.gid = t.euid = t.egid = t.loginuid = uid;
	t.nargs = nargs;
	t.tty = tid == 1 ? 0 : 0x8800;
	t.start_ns = 1000000ULL * tid;
	strncpy(t.comm, comm, sizeof(t.comm) - 1);
	t.exe_len = (__u32)strlen(exe);
	t.exepath_len = t.exe_len;
	t.cwd_len = (__u32)strlen(cwd);
	t.args_len = (__u32)args_len;
	memcpy(buf + n, exe, t.exe_len);
	n += t.exe_len;
	memcpy(buf + n, exe, t.exe_len);
	n += t.exe_len;
	memcpy(buf + n, cwd, t.cwd_len);
	n += t.cwd_len;
	memcpy(buf + n, args, t.args_len);
	n += t.args_len;
	t.cgroup_len = (__u32)strlen(thread_cgroup);
	memcpy(buf + n, thread_cgroup, t.cgroup_len);
	n += t.cgroup_len;
	put_block(CAP_BLK_THREAD, &t, sizeof(t), buf, n);
}

static void put_fd(__u32 tid, int fd, const char *name)
{
	struct capture_fd f;

	memset(&f, 0, sizeof(f));
	f.tid = tid;
	f.fd = fd;
	f.type = VIGIL_FD_FILE;
	f.oflags = O_RDWR;
	f.dev = 0x18;
	f.ino = 3;
	f.name_len = (__u32)strlen(name);
	put_block(CAP_BLK_FD, &f, sizeof(f), name, f.name_len);
}

static union {
	struct vigil_event ev;
	unsigned char b[1024];
} rec;

/* Who rec_init()'s records are from: the storm/bench process by default. */
static __u32 rec_tid = 4242, rec_ppid = 700;
static const char *rec_comm = "storm";

static void *rec_init(__u16 type, __u32 nr, size_t payload, __s64 res,
		      __u64 ts)
{
	memset(&rec, 0, sizeof(rec));
	rec.ev.type = type;
	rec.ev.ts_ns = ts;
	rec.ev.res = res;
	rec.ev.tid = rec.ev.tgid = rec_tid;
	rec.ev.ppid = rec_ppid;
	rec.ev.loginuid = 0;
	rec.ev.nr = nr;
	strncpy(rec.ev.comm, rec_comm, VIGIL_COMM_LEN - 1);
	rec.ev.len = (__u32)((sizeof(rec.ev) + payload + 7) & ~7UL);
	return rec.b + sizeof(rec.ev);
}

static void put_rec(void)
{
	put_block(CAP_BLK_EVENT, rec.b, rec.ev.len, NULL, 0);
}

static void inet(struct vigil_sockaddr *a, __u16 port)
{
	__u32 lo = htonl(INADDR_LOOPBACK);

	a->family = AF_INET;
	a->port = port;
	memcpy(a->addr, &lo, 4);
}

/* The listener, then n rounds of bench.c's op_connect; returns records. */
static unsigned long put_connects(unsigned long n, __u64 *ts)
{
	struct vigil_ev_socket *so;
	struct vigil_ev_bind *b;
	struct vigil_ev_listen *l;
	struct vigil_ev_connect *c;
	struct vigil_ev_accept *a;
	struct vigil_ev_close *cl;
	unsigned long i;
	__u16 eph;

	so = rec_init(VIGIL_EV_SOCKET, SYS_socket, sizeof(*so), 4, *ts += 1000);
	so->domain = AF_INET;
	so->type = SOCK_STREAM;
	put_rec();
	b = rec_init(VIGIL_EV_BIND, SYS_bind, sizeof(*b), 0, *ts += 1000);
	b->fd = 4;
	b->proto = IPPROTO_TCP;
	inet(&b->local, 40000);
	put_rec();
	l = rec_init(VIGIL_EV_LISTEN, SYS_listen, sizeof(*l), 0, *ts += 1000);
	l->fd = 4;
	l->backlog = 64;
	inet(&l->local, 40000);
	put_rec();
	for (i = 0; i < n; i++) {
		eph = (__u16)(32768 + i % 28000);
		so = rec_init(VIGIL_EV_SOCKET, SYS_socket, sizeof(*so), 3,
			      *ts += 1000);
		so->domain = AF_INET;
		so->type = SOCK_STREAM;
		put_rec();
		c = rec_init(VIGIL_EV_CONNECT, SYS_connect, sizeof(*c), 0,
			     *ts += 1000);
		c->fd = 3;
		c->proto = IPPROTO_TCP;
		inet(&c->local, eph);
		inet(&c->remote, 40000);
		put_rec();
		a = rec_init(VIGIL_EV_ACCEPT, SYS_accept, sizeof(*a), 5,
			     *ts += 1000);
		a->fd = 4;
		a->proto = IPPROTO_TCP;
		inet(&a->local, 40000);
		inet(&a->remote, eph);
		put_rec();
		cl = rec_init(VIGIL_EV_CLOSE, SYS_close, sizeof(*cl), 0,
			      *ts += 1000);
		cl->fd = 5;
		put_rec();
		cl = rec_init(VIGIL_EV_CLOSE, SYS_close, sizeof(*cl), 0,
			      *ts += 1000);
		cl->fd = 3;
		put_rec();
	}
	return 3 + 5 * n;
}

#define TRUE_PATH	"/bin/bench_true"
#define TRUE_ENV	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:" \
			"/sbin:/bin\0HOME=/root\0TERM=linux\0LANG=C.UTF-8"
#define FORK_FLAGS	0x01200011	/* glibc fork(): CHILD_SETTID|CHILD_CLEARTID|SIGCHLD */

/* Appends n bytes (and a NUL) to rec as the variable field s. */
static void rec_str(struct vigil_str *s, const char *p, size_t n)
{
	size_t var = rec.ev.len;

	s->off = (__u16)var;
	s->len = (__u16)n;
	memcpy(rec.b + var, p, n);
	rec.b[var + n] = '\0';
	rec.ev.len = (__u32)((var + n + 1 + 7) & ~7UL);
}

static void put_clone(__u64 *ts, __s64 res, __u32 vpid)
{
	struct vigil_ev_clone *c;

	c = rec_init(VIGIL_EV_CLONE, SYS_clone, sizeof(*c), res, *ts += 1000);
	c->flags = FORK_FLAGS;
	c->vpid = c->vtid = vpid;
	put_rec();
}

/* The child's records: clone() = 0, sched_exec, execve, procexit. */
static void put_child(__u32 child, __u64 *ts)
{
	struct vigil_ev_sched_exec *se;
	struct vigil_ev_execve *x;
	struct vigil_ev_procexit *pe;

	rec_tid = child;
	rec_ppid = 4242;
	put_clone(ts, 0, child);
	rec_comm = "bench_true";
	se = rec_init(VIGIL_EV_SCHED_EXEC, VIGIL_NR_SCHED_EXEC, sizeof(*se), 0,
		      *ts += 1000);
	se->old_tid = child;
	rec_str(&se->filename, TRUE_PATH, strlen(TRUE_PATH));
	put_rec();
	x = rec_init(VIGIL_EV_EXECVE, SYS_execve, sizeof(*x), 0, *ts += 1000);
	x->tty = 0x8800;
	x->pgid = 4242;
	x->sid = 700;
	x->vpid = x->vtid = child;
	rec_str(&x->filename, TRUE_PATH, strlen(TRUE_PATH));
	rec_str(&x->argv, TRUE_PATH, strlen(TRUE_PATH));
	rec_str(&x->exe, TRUE_PATH, strlen(TRUE_PATH));
	rec_str(&x->cwd, "/root", 5);
	rec_str(&x->cgroup, SESSION_CGROUP, strlen(SESSION_CGROUP));
	rec_str(&x->env, TRUE_ENV, sizeof(TRUE_ENV) - 1);
	put_rec();
	pe = rec_init(VIGIL_EV_PROCEXIT, VIGIL_NR_PROCEXIT, sizeof(*pe), 0,
		      *ts += 1000);
	pe->status = 0;
	put_rec();
	rec_tid = 4242;
	rec_ppid = 700;
	rec_comm = "bench";
}

/* n rounds of bench.c's op_forkexec; returns records. */
static unsigned long put_forkexecs(unsigned long n, __u64 *ts)
{
	struct vigil_ev_sched_fork *sf;
	unsigned long i;
	__u32 child;

	rec_comm = "bench";
	for (i = 0; i < n; i++) {
		child = (__u32)(5000 + i % 60000);
		sf = rec_init(VIGIL_EV_SCHED_FORK, VIGIL_NR_SCHED_FORK,
			      sizeof(*sf), 0, *ts += 1000);
		sf->child_tid = sf->child_tgid = child;
		sf->child_vtid = sf->child_vtgid = child;
		put_rec();
		put_clone(ts, child, 4242);
		put_child(child, ts);
	}
	return 6 * n;
}

int main(int argc, char **argv)
{
	static const char passwd[] = "root:x:0:0:root:/root:/bin/bash\n";
	static const char group[] = "root:x:0:\n";
	struct capture_header h;
	struct capture_end end = { 0, 0 };
	struct vigil_ev_openat *o;
	struct vigil_ev_close *c;
	unsigned long i, n;
	__u64 ts = 5000000000ULL;
	size_t var;

	if (argc != 3 && (argc != 4 || (strcmp(argv[3], "connect") &&
					 strcmp(argv[3], "forkexec")))) {
		fprintf(stderr,
			"usage: gen_openclose N FILE [connect|forkexec]\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 0);
	out = fopen(argv[2], "wb");
	if (!out) {
		perror(argv[2]);
		return 1;
	}
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, CAPTURE_MAGIC, sizeof(h.magic));
	h.version = CAPTURE_VERSION;
	h.hdr_size = sizeof(h);
	h.abi_version = VIGIL_ABI_VERSION;
	h.wall_base_ns = 1700000000000000000ULL;
	h.start_ns = ts;
	strcpy(h.hostname, "bench");
	fwrite(&h, sizeof(h), 1, out);

	put_block(CAP_BLK_PASSWD, passwd, strlen(passwd), NULL, 0);
	put_block(CAP_BLK_GROUP, group, strlen(group), NULL, 0);
	put_thread(1, 0, 0, "systemd", "/usr/lib/systemd/systemd", "/", "", 0,
		   0);
	if (argc == 4 && !strcmp(argv[3], "forkexec"))
		thread_cgroup = SESSION_CGROUP;
	put_thread(700, 1, 0, "bash", "/usr/bin/bash", "/root", "", 0, 0);
	if (argc == 4 && !strcmp(argv[3], "forkexec"))
		put_thread(4242, 700, 0, "bench", "/bin/bench", "/root",
			   BENCH_ARGS, sizeof(BENCH_ARGS) - 1, 2);
	else
		put_thread(4242, 700, 0, "storm", "/bin/storm", "/root",
			   STORM_ARGS, sizeof(STORM_ARGS) - 1, 4);
	put_fd(4242, 0, "/dev/pts/0");
	put_fd(4242, 1, "/dev/pts/0");
	put_fd(4242, 2, "/dev/pts/0");
	put_block(CAP_BLK_STATE_END, NULL, 0, NULL, 0);

	if (argc == 4 && !strcmp(argv[3], "connect"))
		end.events = put_connects(n, &ts);
	else if (argc == 4)
		end.events = put_forkexecs(n, &ts);
	for (i = 0; argc == 3 && i < n; i++) {
		o = rec_init(VIGIL_EV_OPENAT, SYS_openat, sizeof(*o), 3,
			     ts += 1000);
		o->dirfd = AT_FDCWD;
		o->flags = O_RDONLY;
		o->dev = 0x800001;
		o->ino = 131075;
		var = sizeof(rec.ev) + sizeof(*o);
		o->name.off = (__u16)var;
		o->name.len = (__u16)strlen(BENCH_PATH);
		memcpy(rec.b + var, BENCH_PATH, o->name.len + 1);
		var += o->name.len + 1;
		rec.ev.len = (__u32)((var + 7) & ~7UL);
		put_block(CAP_BLK_EVENT, rec.b, rec.ev.len, NULL, 0);

		c = rec_init(VIGIL_EV_CLOSE, SYS_close, sizeof(*c), 0,
			     ts += 1000);
		c->fd = 3;
		put_block(CAP_BLK_EVENT, rec.b, rec.ev.len, NULL, 0);
		end.events += 2;
	}
	put_block(CAP_BLK_END, &end, sizeof(end), NULL, 0);
	if (fclose(out)) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
