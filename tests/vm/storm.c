// SPDX-License-Identifier: GPL-2.0
/*
 * storm: syscall load for the VM lane (static, runs inside the test VM).
 *
 *   storm getppid N        print our tid, then make N getppid() calls
 *   storm mix NPROC SECS   NPROC workers, spread over the online CPUs,
 *                          loop open/write/read/close, getppid and
 *                          fork/_exit/wait until SIGTERM/SIGINT or SECS
 *                          seconds; exits 0 when every worker stopped
 *                          cleanly
 *   storm rate FILE RATE SECS
 *                          open(FILE)+close() pairs at RATE pairs per
 *                          second (0: as fast as possible) for SECS
 *                          seconds, paced against CLOCK_MONOTONIC in 1 ms
 *                          steps (a step that falls behind catches up at
 *                          full speed, reading the clock every 64 pairs);
 *                          prints "target=<pairs/s> achieved=<pairs/s>
 *                          pairs=<n> secs=<s>" (the drops benchmark,
 *                          tests/vm/bench-in-vm.sh)
 *   storm flood FILE NPROC SECS
 *                          NPROC workers (spread over the online CPUs,
 *                          default priority) each doing open(FILE)+close()
 *                          pairs as fast as they can for SECS seconds;
 *                          prints "workers=<n> pairs=<total> secs=<s>
 *                          achieved=<pairs/s>" with the time from the
 *                          first worker's start to the last one's end (the
 *                          drops benchmark: more workers, less CPU left
 *                          for the driver's consumer)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STORM_MAX_PROCS		256
#define STORM_MAX_SECS		3600
#define STORM_FORK_EVERY	64	/* iterations between forks */
#define STORM_MAX_RATE		100000000L
#define STORM_STEP_NS		1000000ULL
#define STORM_RATE_BATCH	64	/* pairs between clock reads */

static volatile sig_atomic_t storm_stop;

static void storm_on_signal(int sig)
{
	storm_stop = 1;
}

/* parse_num: a decimal in [min, max], or -1. */
static long parse_num(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	return v;
}

static int storm_getppid(long n)
{
	long i;

	/* The tid first: the runner matches the dumped events against it. */
	printf("%ld\n", (long)syscall(SYS_gettid));
	if (fflush(stdout))
		return 1;
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	return 0;
}

static int pin_to_cpu(int idx)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	if (ncpu < 1)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(idx % ncpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* One worker's loop; returns the exit status. */
static int storm_worker(int idx)
{
	char path[64], buf[64];
	unsigned long iter;
	pid_t pid;
	int fd, status;

	if (pin_to_cpu(idx))
		perror("storm: sched_setaffinity");
	snprintf(path, sizeof(path), "/tmp/storm.%d", (int)getpid());
	for (iter = 0; !storm_stop; iter++) {
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (fd < 0) {
			perror("storm: open");
			return 1;
		}
		if (write(fd, path, strlen(path)) < 0 ||
		    lseek(fd, 0, SEEK_SET) < 0 || read(fd, buf, sizeof(buf)) < 0) {
			perror("storm: write/read");
			close(fd);
			return 1;
		}
		close(fd);
		syscall(SYS_getppid);
		if (iter % STORM_FORK_EVERY)
			continue;
		pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			if (errno == EAGAIN)
				continue;
			perror("storm: fork");
			return 1;
		}
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	unlink(path);
	return 0;
}

static int storm_mix(int nproc, int secs)
{
	pid_t pids[STORM_MAX_PROCS];
	struct sigaction sa;
	int i, status, bad = 0, started = 0;
	time_t deadline = time(NULL) + secs;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = storm_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);

	for (i = 0; i < nproc; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(storm_worker(i));
		if (pids[i] < 0) {
			perror("storm: fork worker");
			bad = 1;
			break;
		}
		started++;
	}
	/* sleep() returns early on a signal; the flag decides. */
	while (!storm_stop && !bad && time(NULL) < deadline)
		sleep(1);
	for (i = 0; i < started; i++)
		kill(pids[i], SIGTERM);
	for (i = 0; i < started; i++) {
		while (waitpid(pids[i], &status, 0) < 0) {
			if (errno != EINTR) {
				perror("storm: waitpid");
				return 1;
			}
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "storm: worker %d ended with status 0x%x\n",
				(int)pids[i], status);
			bad = 1;
		}
	}
	return bad;
}

static unsigned long long storm_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* One open(file)+close() pair; 1 (and a message) when open fails. */
static int open_close(const char *file)
{
	int fd = open(file, O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "storm: %s: %s\n", file, strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}

static int storm_rate(const char *file, long rate, long secs)
{
	unsigned long long t0, t, end, pairs = 0, due;
	struct timespec step = { 0, STORM_STEP_NS };

	t0 = storm_now_ns();
	end = t0 + (unsigned long long)secs * 1000000000ULL;
	for (t = t0; t < end; t = storm_now_ns()) {
		due = rate ? (t - t0) * (unsigned long long)rate / 1000000000ULL
			   : pairs + STORM_RATE_BATCH;
		if (pairs >= due) {
			nanosleep(&step, NULL);
			continue;
		}
		if (due - pairs > STORM_RATE_BATCH)
			due = pairs + STORM_RATE_BATCH;
		while (pairs < due) {
			if (open_close(file))
				return 1;
			pairs++;
		}
	}
	printf("target=%ld achieved=%.0f pairs=%llu secs=%ld\n", rate,
	       (double)pairs * 1e9 / (double)(t - t0), pairs, secs);
	return 0;
}

/* One flood worker: open+close pairs until the deadline; the count in *n. */
static int storm_flood_worker(const char *file, int idx,
			      unsigned long long end, unsigned long long *n)
{
	unsigned long long pairs = 0;
	int i;

	if (pin_to_cpu(idx))
		perror("storm: sched_setaffinity");
	while (storm_now_ns() < end) {
		for (i = 0; i < STORM_RATE_BATCH; i++) {
			if (open_close(file))
				return 1;
			pairs++;
		}
		*n = pairs;
	}
	return 0;
}

static int storm_flood(const char *file, int nproc, long secs)
{
	unsigned long long *counts, t0, end, total = 0;
	pid_t pids[STORM_MAX_PROCS];
	int i, status, bad = 0, started = 0;

	counts = mmap(NULL, sizeof(*counts) * (size_t)nproc,
		      PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (counts == MAP_FAILED) {
		perror("storm: mmap");
		return 1;
	}
	t0 = storm_now_ns();
	end = t0 + (unsigned long long)secs * 1000000000ULL;
	for (i = 0; i < nproc; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(storm_flood_worker(file, i, end, &counts[i]));
		if (pids[i] < 0) {
			perror("storm: fork worker");
			bad = 1;
			break;
		}
		started++;
	}
	for (i = 0; i < started; i++) {
		while (waitpid(pids[i], &status, 0) < 0) {
			if (errno != EINTR) {
				perror("storm: waitpid");
				return 1;
			}
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad = 1;
		total += counts[i];
	}
	if (bad)
		return 1;
	printf("workers=%d pairs=%llu secs=%ld achieved=%.0f\n", nproc, total,
	       secs, (double)total * 1e9 / (double)(storm_now_ns() - t0));
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: storm getppid N | storm mix NPROC SECS | storm rate FILE RATE SECS | storm flood FILE NPROC SECS\n");
	exit(2);
}

int main(int argc, char **argv)
{
	long n, secs;

	if (argc == 3 && !strcmp(argv[1], "getppid")) {
		n = parse_num(argv[2], 0, LONG_MAX);
		if (n < 0)
			usage();
		return storm_getppid(n);
	}
	if (argc == 4 && !strcmp(argv[1], "mix")) {
		n = parse_num(argv[2], 1, STORM_MAX_PROCS);
		secs = parse_num(argv[3], 1, STORM_MAX_SECS);
		if (n < 0 || secs < 0)
			usage();
		return storm_mix((int)n, (int)secs);
	}
	if (argc == 5 && !strcmp(argv[1], "rate")) {
		n = parse_num(argv[3], 0, STORM_MAX_RATE);
		secs = parse_num(argv[4], 1, STORM_MAX_SECS);
		if (n < 0 || secs < 0)
			usage();
		return storm_rate(argv[2], n, secs);
	}
	if (argc == 5 && !strcmp(argv[1], "flood")) {
		n = parse_num(argv[3], 1, STORM_MAX_PROCS);
		secs = parse_num(argv[4], 1, STORM_MAX_SECS);
		if (n < 0 || secs < 0)
			usage();
		return storm_flood(argv[2], (int)n, secs);
	}
	usage();
	return 2;
}
