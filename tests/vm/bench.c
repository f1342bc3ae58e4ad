// SPDX-License-Identifier: GPL-2.0
/*
 * bench: cost of a syscall in ns/call, for `tools/vmtest --bench` (static,
 * runs inside the test VM).  A benchmark that prints figures, never a test.
 *
 *   bench [FILE]
 *
 * Prints one line "getppid=<ns> openclose=<ns>": the median over
 * BENCH_SAMPLES samples of about BENCH_SAMPLE_NS each, of getppid() (not in
 * vigil's default event set) and of open(FILE, O_RDONLY) + close() (both
 * captured).  FILE defaults to /tmp/bench.file and must exist.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BENCH_SAMPLES		7
#define BENCH_SAMPLE_NS		300000000ULL	/* 0.3 s per sample */
#define BENCH_BATCH		64		/* calls between clock reads */

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int op_getppid(const char *path)
{
	syscall(SYS_getppid);
	return 0;
}

static int op_openclose(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* Median ns/call of op over BENCH_SAMPLES samples, or a negative errno. */
static double bench_median(int (*op)(const char *), const char *path)
{
	double samples[BENCH_SAMPLES];
	unsigned long long t0, t, calls;
	int i, j, err;

	for (i = 0; i < BENCH_SAMPLES; i++) {
		calls = 0;
		t0 = now_ns();
		do {
			for (j = 0; j < BENCH_BATCH; j++) {
				err = op(path);
				if (err)
					return err;
			}
			calls += BENCH_BATCH;
			t = now_ns();
		} while (t - t0 < BENCH_SAMPLE_NS);
		samples[i] = (double)(t - t0) / calls;
	}
	qsort(samples, BENCH_SAMPLES, sizeof(samples[0]), cmp_double);
	return samples[BENCH_SAMPLES / 2];
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/tmp/bench.file";
	double getppid_ns, open_ns;

	if (argc > 2) {
		fprintf(stderr, "usage: bench [FILE]\n");
		return 2;
	}
	getppid_ns = bench_median(op_getppid, path);
	open_ns = bench_median(op_openclose, path);
	if (open_ns < 0) {
		fprintf(stderr, "bench: open %s: %s\n", path, strerror((int)-open_ns));
		return 1;
	}
	printf("getppid=%.1f openclose=%.1f\n", getppid_ns, open_ns);
	return 0;
}
