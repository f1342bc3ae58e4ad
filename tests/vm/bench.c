// SPDX-License-Identifier: GPL-2.0
/*
 * bench: cost of a syscall in ns/call, for `tools/vmtest --bench` (static,
 * runs inside the test VM).  A benchmark that prints figures, never a test.
 *
 *   bench FILE TRUE
 *
 * Prints one line "getppid=<ns> openclose=<ns> readzero=<ns> connect=<ns>
 * forkexec=<ns> getppid_cpu=<ns> ... forkexec_cpu=<ns>": for each
 * operation the median over BENCH_SAMPLES samples of about BENCH_SAMPLE_NS
 * (wall time) each, in ns per operation, first of the wall time
 * (CLOCK_MONOTONIC), then (<op>_cpu) of the CPU time charged to the caller:
 * this thread's (CLOCK_THREAD_CPUTIME_ID) plus that of the children it
 * waited for in the sample (RUSAGE_CHILDREN: the forked /bin/true).  The
 * CPU figure leaves out what other tasks (a driver's consumer) run in the
 * meantime on a single CPU; with several CPUs on one host thread (QEMU's
 * single-threaded TCG) it does not, as the guest's clock runs on while
 * another vCPU executes (tools/bench boots the VM with one CPU).
 *   getppid    getppid() (no rule needs it)
 *   openclose  open(FILE, O_RDONLY) + close()
 *   readzero   read() of 64 bytes from /dev/zero (kept open)
 *   connect    socket() + connect() to a listener on 127.0.0.1, the
 *              listener's accept() + close() of that connection (the
 *              backlog would fill otherwise), then close() of the
 *              connecting socket.  The listener lingers 0 s, so its
 *              close resets the connection: with a normal close, every
 *              connection left a socket in TIME_WAIT for 60 s, tens of
 *              thousands piled up over a run, and the later modes of a
 *              round paid for them (ports and lookups), not for their
 *              driver
 *   forkexec   fork() + execve(TRUE) + waitpid(): TRUE is a static program
 *              that exits 0 (tests/vm/bench_true.c)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BENCH_SAMPLES		5
#define BENCH_SAMPLE_NS		200000000ULL	/* 0.2 s per sample */

struct bench_ctx {
	const char *file, *true_path;
	int zero_fd, listen_fd;
	struct sockaddr_in addr;
};

struct bench_op {
	const char *name;
	int (*run)(struct bench_ctx *c);
	int batch;				/* calls between clock reads */
};

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* CPU time of this thread plus that of the children waited for, in ns. */
static unsigned long long cpu_ns(void)
{
	struct timespec ts;
	struct rusage ru;
	unsigned long long ns;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	ns = (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	if (getrusage(RUSAGE_CHILDREN, &ru) == 0)
		ns += ((unsigned long long)ru.ru_utime.tv_sec +
		       ru.ru_stime.tv_sec) * 1000000000ULL +
		      ((unsigned long long)ru.ru_utime.tv_usec +
		       ru.ru_stime.tv_usec) * 1000ULL;
	return ns;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int op_getppid(struct bench_ctx *c)
{
	syscall(SYS_getppid);
	return 0;
}

static int op_openclose(struct bench_ctx *c)
{
	int fd = open(c->file, O_RDONLY);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int op_readzero(struct bench_ctx *c)
{
	char buf[64];

	if (read(c->zero_fd, buf, sizeof(buf)) != sizeof(buf))
		return -EIO;
	return 0;
}

static int op_connect(struct bench_ctx *c)
{
	int fd, afd, err = 0;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&c->addr, sizeof(c->addr)) < 0)
		err = -errno;
	if (!err) {
		afd = accept(c->listen_fd, NULL, NULL);
		if (afd < 0)
			err = -errno;
		else
			close(afd);
	}
	close(fd);
	return err;
}

static int op_forkexec(struct bench_ctx *c)
{
	char *argv[] = { (char *)c->true_path, NULL };
	char *envp[] = { NULL };
	pid_t pid;
	int st;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execve(c->true_path, argv, envp);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -errno;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -ENOEXEC;
	return 0;
}

/*
 * Median wall and CPU ns per call of op over BENCH_SAMPLES samples; 0 or a
 * negative errno.
 */
static int bench_median(const struct bench_op *op, struct bench_ctx *c,
			double *median, double *cpu_median)
{
	double samples[BENCH_SAMPLES], cpu[BENCH_SAMPLES];
	unsigned long long t0, t, c0, calls;
	int i, j, err;

	for (i = 0; i < BENCH_SAMPLES; i++) {
		calls = 0;
		c0 = cpu_ns();
		t0 = now_ns();
		do {
			for (j = 0; j < op->batch; j++) {
				err = op->run(c);
				if (err)
					return err;
			}
			calls += op->batch;
			t = now_ns();
		} while (t - t0 < BENCH_SAMPLE_NS);
		cpu[i] = (double)(cpu_ns() - c0) / calls;
		samples[i] = (double)(t - t0) / calls;
	}
	qsort(samples, BENCH_SAMPLES, sizeof(samples[0]), cmp_double);
	qsort(cpu, BENCH_SAMPLES, sizeof(cpu[0]), cmp_double);
	*median = samples[BENCH_SAMPLES / 2];
	*cpu_median = cpu[BENCH_SAMPLES / 2];
	return 0;
}

static int bench_setup(struct bench_ctx *c)
{
	struct linger reset = { .l_onoff = 1, .l_linger = 0 };	/* accepted sockets inherit it */
	socklen_t len = sizeof(c->addr);

	c->zero_fd = open("/dev/zero", O_RDONLY);
	if (c->zero_fd < 0) {
		perror("bench: /dev/zero");
		return -1;
	}
	c->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
	if (c->listen_fd < 0) {
		perror("bench: socket");
		return -1;
	}
	memset(&c->addr, 0, sizeof(c->addr));
	c->addr.sin_family = AF_INET;
	c->addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (setsockopt(c->listen_fd, SOL_SOCKET, SO_LINGER, &reset, sizeof(reset)) < 0 ||
	    bind(c->listen_fd, (struct sockaddr *)&c->addr, sizeof(c->addr)) < 0 ||
	    listen(c->listen_fd, 16) < 0 ||
	    getsockname(c->listen_fd, (struct sockaddr *)&c->addr, &len) < 0) {
		perror("bench: loopback listener");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct bench_op ops[] = {
		{ "getppid", op_getppid, 64 },
		{ "openclose", op_openclose, 16 },
		{ "readzero", op_readzero, 64 },
		{ "connect", op_connect, 4 },
		{ "forkexec", op_forkexec, 1 },
	};
	double ns[sizeof(ops) / sizeof(ops[0])], cpu[sizeof(ops) / sizeof(ops[0])];
	struct bench_ctx c;
	size_t i;
	int err;

	if (argc != 3) {
		fprintf(stderr, "usage: bench FILE TRUE\n");
		return 2;
	}
	c.file = argv[1];
	c.true_path = argv[2];
	if (bench_setup(&c))
		return 1;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		err = bench_median(&ops[i], &c, &ns[i], &cpu[i]);
		if (err) {
			fprintf(stderr, "bench: %s: %s\n", ops[i].name,
				strerror(-err));
			return 1;
		}
	}
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		printf("%s%s=%.1f", i ? " " : "", ops[i].name, ns[i]);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		printf(" %s_cpu=%.1f", ops[i].name, cpu[i]);
	printf("\n");
	return 0;
}
