// SPDX-License-Identifier: GPL-2.0
/*
 * A benchmark, not a test: evaluation throughput of a compiled rule set
 * over a mixed stream of synthetic events (one core), printed as
 * events/s.
 *
 * The stream: BENCH_NEV events drawn with a fixed-seed generator from a
 * weighted mix of the event types the rules ask for (opens dominate, as
 * on a real host), each done by one of a set of process profiles (shell,
 * web server, database, package manager, runtime, cron, sshd, ...) with
 * files, addresses and container ids picked per event.  Every field is
 * typed as fields.def says (numbers, booleans, addresses), so numeric and
 * network comparisons see real values; fields no event sets read absent,
 * as fields the capture path cannot fill do.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fields.h"
#include "rule_cli.h"
#include "rule_set.h"
#include "vm_emit.h"

#define BENCH_NEV	1024
#define BENCH_ORDER	65536		/* the order they are run in, then again */
#define BENCH_NVAL	48		/* fields set per event, at most */
#define BENCH_NANC	4		/* proc.aname[1..4] */

struct bench_ev {
	unsigned int type;
	int16_t at[FID_NR];		/* index into v, -1: absent */
	struct vm_val v[BENCH_NVAL];
	unsigned int nv;
	struct vm_val anc[BENCH_NANC];
};

struct bench_proc {
	const char *name, *exe, *cmdline, *pname, *pcmdline, *anc[BENCH_NANC];
	const char *user, *uid, *container, *image;
};

static const struct bench_proc procs[] = {
	{ "bash", "/usr/bin/bash", "bash -c ls -la /tmp", "sshd", "sshd: alice@pts/0",
	  { "sshd", "sshd", "systemd", NULL }, "alice", "1000", "host", NULL },
	{ "nginx", "/usr/sbin/nginx", "nginx: worker process", "nginx", "nginx: master process",
	  { "nginx", "containerd-shim", "systemd", NULL }, "www-data", "33",
	  "3ad7b26c4f1e", "docker.io/library/nginx" },
	{ "postgres", "/usr/lib/postgresql/15/bin/postgres", "postgres: checkpointer",
	  "postgres", "postgres -D /var/lib/postgresql/15/main", { "postgres", "systemd" },
	  "postgres", "112", "host", NULL },
	{ "python3", "/usr/bin/python3.11", "python3 /opt/app/worker.py --queue jobs", "gunicorn",
	  "gunicorn app:wsgi", { "gunicorn", "containerd-shim", "systemd" }, "app", "1001",
	  "91c0e5d2a7b3", "registry.example.com/app/worker" },
	{ "apt-get", "/usr/bin/apt-get", "apt-get install -y curl", "sudo", "sudo apt-get install -y curl",
	  { "sudo", "bash", "sshd", "sshd" }, "root", "0", "host", NULL },
	{ "java", "/usr/lib/jvm/java-17/bin/java", "java -Xmx2g -jar /srv/app.jar", "containerd-shim",
	  "containerd-shim -namespace k8s.io", { "containerd-shim", "systemd" }, "root", "0",
	  "5f2e8a9c0b17", "docker.io/library/openjdk" },
	{ "cron", "/usr/sbin/cron", "/usr/sbin/cron -f", "systemd", "/sbin/init",
	  { "systemd" }, "root", "0", "host", NULL },
	{ "node", "/usr/local/bin/node", "node /srv/api/server.js", "npm", "npm start",
	  { "npm", "sh", "containerd-shim", "systemd" }, "node", "1000", "c3b8d14e66a2",
	  "docker.io/library/node" },
	{ "sshd", "/usr/sbin/sshd", "sshd: alice [priv]", "sshd", "sshd: /usr/sbin/sshd -D",
	  { "sshd", "systemd" }, "root", "0", "host", NULL },
	{ "runc", "/usr/bin/runc", "runc init", "runc", "runc create --bundle /run/c",
	  { "runc", "containerd-shim", "systemd" }, "root", "0", "host", NULL },
};

static const char *const files[] = {
	"/etc/passwd", "/etc/shadow", "/etc/ld.so.cache", "/usr/lib/x86_64-linux-gnu/libc.so.6",
	"/proc/self/status", "/var/log/nginx/access.log", "/tmp/tmp.Xa91kq", "/var/lib/dpkg/status",
	"/srv/app/config.yaml", "/root/.bash_history", "/dev/null", "/etc/sudoers",
	"/home/alice/.ssh/authorized_keys", "/var/lib/postgresql/15/main/base/16384/2619",
	"/usr/share/zoneinfo/UTC", "/sys/fs/cgroup/memory.max", "/bin/ls", "/etc/hosts",
};

static const char *const peers[] = { "10.0.3.7", "192.168.1.20", "172.17.0.2", "8.8.8.8",
				     "140.82.112.4", "127.0.0.1" };
static const char *const ports[] = { "443", "80", "5432", "53", "22", "8080", "4444" };

/* Types and their weights in the stream. */
static const struct {
	unsigned int type;
	const char *name;
	unsigned int weight;
} mix[] = {
	{ VIGIL_EV_OPENAT, "openat", 30 }, { VIGIL_EV_OPEN, "open", 4 },
	{ VIGIL_EV_CLOSE, "close", 12 }, { VIGIL_EV_EXECVE, "execve", 6 },
	{ VIGIL_EV_CLONE, "clone", 5 }, { VIGIL_EV_CONNECT, "connect", 8 },
	{ VIGIL_EV_ACCEPT4, "accept4", 4 }, { VIGIL_EV_SENDTO, "sendto", 4 },
	{ VIGIL_EV_RECVFROM, "recvfrom", 4 }, { VIGIL_EV_SOCKET, "socket", 3 },
	{ VIGIL_EV_DUP2, "dup2", 2 }, { VIGIL_EV_UNLINKAT, "unlinkat", 3 },
	{ VIGIL_EV_RENAMEAT, "renameat", 2 }, { VIGIL_EV_MKDIRAT, "mkdirat", 2 },
	{ VIGIL_EV_CHMOD, "chmod", 1 }, { VIGIL_EV_SETUID, "setuid", 2 },
	{ VIGIL_EV_BIND, "bind", 1 }, { VIGIL_EV_LISTEN, "listen", 1 },
	{ VIGIL_EV_MMAP, "mmap", 2 }, { VIGIL_EV_PTRACE, "ptrace", 1 },
	{ VIGIL_EV_KILL, "kill", 1 }, { VIGIL_EV_CHDIR, "chdir", 2 },
	{ VIGIL_EV_SYMLINKAT, "symlinkat", 1 }, { VIGIL_EV_MPROTECT, "mprotect", 1 },
};

static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static unsigned int rnd(unsigned int n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned int)(rnd_state % n);
}

/* A value of field fid parsed from text as its type says. */
static void typed(struct vm_val *v, int fid, const char *s)
{
	memset(v, 0, sizeof(*v));
	v->s = (const uint8_t *)s;
	v->len = (uint32_t)strlen(s);
	switch (field_table[fid].type) {
	case FT_STR:
		break;
	case FT_BOOL:
		v->u = !strcmp(s, "true");
		break;
	case FT_IPADDR:
	case FT_IPNET:
		v->family = 4;
		v->prefix = 32;
		inet_pton(AF_INET, s, v->ip);
		break;
	default:
		v->u = (uint64_t)strtoll(s, NULL, 10);
		break;
	}
}

static void set(struct bench_ev *e, int fid, const char *s)
{
	if (!s || e->nv >= BENCH_NVAL)
		return;
	e->at[fid] = (int16_t)e->nv;
	typed(&e->v[e->nv++], fid, s);
}

static const char *dirname_of(const char *path, char *buf, size_t size)
{
	const char *sl = strrchr(path, '/');
	size_t n = sl && sl != path ? (size_t)(sl - path) : 1;

	snprintf(buf, size, "%.*s", (int)n, path);
	return buf;
}

static void gen_event(struct bench_ev *e, unsigned int type, const char *tname)
{
	static char dirs[BENCH_NEV][64];
	static unsigned int ndirs;
	const struct bench_proc *p = &procs[rnd(sizeof(procs) / sizeof(procs[0]))];
	const char *f = files[rnd(sizeof(files) / sizeof(files[0]))];
	int k, is_open = type == VIGIL_EV_OPENAT || type == VIGIL_EV_OPEN;
	int is_net = type == VIGIL_EV_CONNECT || type == VIGIL_EV_ACCEPT4 ||
		     type == VIGIL_EV_SENDTO || type == VIGIL_EV_RECVFROM ||
		     type == VIGIL_EV_BIND || type == VIGIL_EV_LISTEN;

	memset(e->at, 0xff, sizeof(e->at));
	e->type = type;
	e->nv = 0;
	set(e, FID_EVT_TYPE, tname);
	set(e, FID_EVT_DIR, "<");
	set(e, FID_EVT_FAILED, rnd(10) ? "false" : "true");
	set(e, FID_EVT_RAWRES, rnd(10) ? "3" : "-2");
	set(e, FID_PROC_NAME, p->name);
	set(e, FID_PROC_EXE, p->exe);
	set(e, FID_PROC_EXEPATH, p->exe);
	set(e, FID_PROC_CMDLINE, p->cmdline);
	set(e, FID_PROC_ARGS, strchr(p->cmdline, ' ') ? strchr(p->cmdline, ' ') + 1 : "");
	set(e, FID_PROC_PNAME, p->pname);
	set(e, FID_PROC_PCMDLINE, p->pcmdline);
	set(e, FID_PROC_PID, "4242");
	set(e, FID_PROC_PPID, "4100");
	set(e, FID_PROC_VPID, strcmp(p->container, "host") ? "1" : "4242");
	set(e, FID_PROC_TTY, p->uid[0] == '1' && !strcmp(p->name, "bash") ? "34816" : "0");
	set(e, FID_PROC_SNAME, p->pname);
	set(e, FID_PROC_CWD, "/");
	set(e, FID_PROC_IS_SID_LEADER, "false");
	set(e, FID_THREAD_ISMAIN, "true");
	set(e, FID_USER_NAME, p->user);
	set(e, FID_USER_UID, p->uid);
	set(e, FID_USER_LOGINUID, p->uid[0] == '0' ? "-1" : p->uid);
	set(e, FID_GROUP_GID, p->uid);
	set(e, FID_CONTAINER_ID, p->container);
	set(e, FID_CONTAINER_NAME, strcmp(p->container, "host") ? "app" : "host");
	set(e, FID_CONTAINER_IMAGE_REPOSITORY, p->image);
	set(e, FID_CONTAINER_PRIVILEGED, "false");
	for (k = 0; k < BENCH_NANC; k++)
		typed(&e->anc[k], FID_PROC_ANAME, p->anc[k] ? p->anc[k] : "");
	if (is_open || type == VIGIL_EV_CLOSE || type == VIGIL_EV_MMAP || type == VIGIL_EV_DUP2) {
		set(e, FID_FD_NUM, "5");
		set(e, FID_FD_NAME, f);
		set(e, FID_FD_DIRECTORY, dirname_of(f, dirs[ndirs++ % BENCH_NEV], 64));
		set(e, FID_FD_FILENAME, strrchr(f, '/') + 1);
		set(e, FID_FD_TYPECHAR, "f");
		set(e, FID_FD_TYPE, "file");
	}
	if (is_open) {
		int w = rnd(4) == 0;

		set(e, FID_EVT_IS_OPEN_READ, w ? "false" : "true");
		set(e, FID_EVT_IS_OPEN_WRITE, w ? "true" : "false");
		set(e, FID_EVT_IS_OPEN_CREATE, w && rnd(2) ? "true" : "false");
		set(e, FID_EVT_IS_OPEN_EXEC, "false");
	}
	if (type == VIGIL_EV_UNLINKAT || type == VIGIL_EV_RENAMEAT || type == VIGIL_EV_MKDIRAT ||
	    type == VIGIL_EV_CHMOD || type == VIGIL_EV_SYMLINKAT || type == VIGIL_EV_CHDIR) {
		set(e, FID_FS_PATH_NAME, f);
		set(e, FID_EVT_ARG, f);
	}
	if (is_net) {
		const char *peer = peers[rnd(sizeof(peers) / sizeof(peers[0]))];
		const char *port = ports[rnd(sizeof(ports) / sizeof(ports[0]))];

		set(e, FID_FD_NUM, "7");
		set(e, FID_FD_TYPECHAR, "4");
		set(e, FID_FD_TYPE, "ipv4");
		set(e, FID_FD_L4PROTO, "tcp");
		set(e, FID_FD_SOCKFAMILY, "ip");
		set(e, FID_FD_NAME, "10.0.0.5:40112->10.0.3.7:443");
		set(e, FID_FD_SIP, peer);
		set(e, FID_FD_RIP, peer);
		set(e, FID_FD_CIP, "10.0.0.5");
		set(e, FID_FD_LIP, "10.0.0.5");
		set(e, FID_FD_SNET, peer);
		set(e, FID_FD_SPORT, port);
		set(e, FID_FD_RPORT, port);
		set(e, FID_FD_LPORT, "40112");
		set(e, FID_FD_CPORT, "40112");
		set(e, FID_FD_CONNECTED, "true");
		set(e, FID_FD_IS_SERVER, type == VIGIL_EV_ACCEPT4 ? "true" : "false");
	}
	if (type == VIGIL_EV_SOCKET) {
		set(e, FID_FD_TYPECHAR, "4");
		set(e, FID_EVT_ARG, "AF_INET");
	}
}

static int bench_load(void *priv, const void *evp, const struct vm_fref *ref, struct vm_val *out,
		      unsigned int max)
{
	const struct bench_ev *ev = evp;
	int at;

	(void)priv;
	if (!max || ref->fid >= FID_NR)
		return 0;
	if (ref->fid == FID_PROC_ANAME && ref->idx >= 1) {
		if (ref->idx > BENCH_NANC || !ev->anc[ref->idx - 1].len)
			return 0;
		*out = ev->anc[ref->idx - 1];
		out->keep = 1;	/* strings of the stream's events stay put */
		return 1;
	}
	at = ev->at[ref->fid];
	if (at < 0)
		return 0;
	*out = ev->v[at];
	out->keep = 1;
	return 1;
}

static double now(void)
{
	struct timespec ts;

	/* CPU time of this thread: events per CPU-second on one core. */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The stream, the same every time; the rules run per event on average. */
static double gen_stream(const struct rule_set *rs, struct bench_ev *evs)
{
	unsigned int total = 0, k, j;
	unsigned long runs = 0;

	rnd_state = 0x9e3779b97f4a7c15ULL;
	for (k = 0; k < sizeof(mix) / sizeof(mix[0]); k++)
		total += mix[k].weight;
	for (k = 0; k < BENCH_NEV; k++) {
		unsigned int w = rnd(total);

		for (j = 0; w >= mix[j].weight; j++)
			w -= mix[j].weight;
		gen_event(&evs[k], mix[j].type, mix[j].name);
		runs += rs->nby_type[mix[j].type];
	}
	return (double)runs / BENCH_NEV;
}

struct hits {
	const struct rule_item **r;
	uint32_t n;
};

static void note_hit(void *arg, const struct rule_item *rule)
{
	struct hits *h = arg;

	h->r[h->n++] = rule;
}

struct run_hits {
	const struct rule_set *rs;
	unsigned int type;
	struct hits h;
};

static void note_run(void *arg, uint32_t i)
{
	struct run_hits *rh = arg;

	note_hit(&rh->h, rh->rs->items[RK_RULE][rh->rs->by_type[rh->type][i].rule]);
}

/*
 * The type's rules run one by one (vm_run_each(), what rule_set_eval()
 * falls back to without a flow graph): the same matches as in h.
 */
static int same_one_by_one(const struct rule_set *rs, unsigned int type, const void *e,
			   const struct vm_accessor *acc, struct vm_ctx *ctx, const struct hits *h,
			   const struct rule_item **found2)
{
	struct run_hits rh = { rs, type, { found2, 0 } };
	uint32_t i;
	int n;

	if (!rs->nby_type[type])
		return h->n == 0;
	vm_ctx_event(ctx);
	n = vm_run_each(&rs->by_type[type][0].g, sizeof(rs->by_type[type][0]),
			rs->nby_type[type], acc, e, ctx, note_run, &rh);
	vm_ctx_event_end(ctx);
	if (n != (int)h->n || rh.h.n != h->n)
		return 0;
	for (i = 0; i < h->n; i++)
		if (found2[i] != h->r[i])
			return 0;
	return 1;
}

/*
 * The stream as a differential test: what rule_set_eval finds (each
 * type's flow graph of per-type programs with memo slots, the event's
 * field cache) must be what each indexed rule's condition, emitted
 * plainly (no memo) and run with no cache, says, and what the type's
 * programs run one by one with their guards find.  0, or -1 with the
 * first difference in why.
 */
int rule_bench_verify(const struct rule_set *rs, unsigned long *matches, char *why, size_t len)
{
	static struct bench_ev evs[BENCH_NEV];
	struct vm_accessor acc = { bench_load, NULL };
	struct vm_ctx *ctx = calloc(2, sizeof(*ctx));
	const struct rule_item **found = calloc(rs->nitems[RK_RULE] + 1, sizeof(*found));
	const struct rule_item **found2 = calloc(rs->nitems[RK_RULE] + 1, sizeof(*found2));
	struct vm_prog *plain = calloc(rs->nitems[RK_RULE] + 1, sizeof(*plain));
	struct hits h = { found, 0 };
	struct cond_err err;
	uint32_t i, k, t;
	int ret = -1;

	snprintf(why, len, "out of memory");
	*matches = 0;
	if (!ctx || !found || !found2 || !plain || vm_ctx_init(&ctx[0]) ||
	    vm_ctx_init(&ctx[1]))
		goto out;
	for (i = 0; i < rs->nitems[RK_RULE]; i++) {
		const struct rule_item *r = rs->items[RK_RULE][i];

		if (r->compiled && vm_emit(r->tree, &plain[i], &err)) {
			snprintf(why, len, "rule %s: %s", r->name, err.msg);
			goto out;
		}
	}
	gen_stream(rs, evs);
	for (k = 0; k < BENCH_NEV; k++) {
		const struct bench_ev *e = &evs[k];

		h.n = 0;
		if (rule_set_eval(rs, e->type, &acc, e, &ctx[0], note_hit, &h) != (int)h.n)
			goto differ;
		*matches += h.n;
		for (i = 0, t = 0; i < rs->nby_type[e->type]; i++) {
			uint32_t ri = rs->by_type[e->type][i].rule;
			int want = vm_run(&plain[ri], &acc, e, &ctx[1]) == 1;
			int got = t < h.n && found[t] == rs->items[RK_RULE][ri];

			t += got;
			if (want != got) {
				snprintf(why, len, "event %u (%s): rule %s: %s, its plain program says %s",
					 k, rule_evt_type_name(e->type), rs->items[RK_RULE][ri]->name,
					 got ? "matched" : "did not match", want ? "match" : "no match");
				goto out;
			}
		}
		if (t != h.n)
			goto differ;
		if (!same_one_by_one(rs, e->type, e, &acc, &ctx[1], &h, found2)) {
			snprintf(why, len, "event %u (%s): the rules run one by one match otherwise",
				 k, rule_evt_type_name(e->type));
			goto out;
		}
	}
	ret = 0;
	goto out;
differ:
	snprintf(why, len, "event %u: matches not in rule order", k);
out:
	for (i = 0; plain && i < rs->nitems[RK_RULE]; i++)
		vm_prog_free(&plain[i]);
	if (ctx) {
		vm_ctx_destroy(&ctx[0]);
		vm_ctx_destroy(&ctx[1]);
	}
	free(ctx);
	free(found);
	free(found2);
	free(plain);
	return ret;
}

/*
 * The distinct events are run in a random order that repeats only every
 * BENCH_ORDER events: run in their own order again and again, the
 * branch predictor learns the sequence (about 20 % more events/s on the
 * development machine) and the figure stops being the VM's.
 */
int rule_bench(const struct rule_set *rs, unsigned long n)
{
	static struct bench_ev evs[BENCH_NEV];
	static uint16_t order[BENCH_ORDER];
	static struct vm_ctx ctx;
	struct vm_accessor acc = { bench_load, NULL };
	unsigned long i, hits = 0;
	double t0, dt, runs;

	runs = gen_stream(rs, evs);
	for (i = 0; i < BENCH_ORDER; i++)
		order[i] = (uint16_t)rnd(BENCH_NEV);
	if (vm_ctx_init(&ctx))
		return -1;
	t0 = now();
	for (i = 0; i < n; i++) {
		const struct bench_ev *e = &evs[order[i % BENCH_ORDER]];

		hits += (unsigned long)rule_set_eval(rs, e->type, &acc, e, &ctx, NULL, NULL);
	}
	dt = now() - t0;
	printf("eval: %lu events (%u distinct in random order, %zu types, %.1f rules run per event) in %.3f s CPU: "
	       "%.2f M events/s per core (%lu matches, %lu faults)\n", n, BENCH_NEV,
	       sizeof(mix) / sizeof(mix[0]), runs, dt, (double)n / dt / 1e6,
	       hits, (unsigned long)ctx.faults);
	vm_ctx_destroy(&ctx);
	return 0;
}
