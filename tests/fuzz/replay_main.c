// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Runs the fuzz target on files or directories of files without
 * libFuzzer (any compiler), so the corpus replays in `make check`.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define INPUT_MAX	(64U << 20)

static int run_file(const char *path)
{
	struct stat sb;
	uint8_t *buf;
	FILE *f;
	size_t n;

	if (stat(path, &sb) || sb.st_size > INPUT_MAX) {
		fprintf(stderr, "replay: %s: %s\n", path,
			errno ? strerror(errno) : "too large");
		return -1;
	}
	buf = malloc(sb.st_size ? (size_t)sb.st_size : 1);
	f = fopen(path, "rb");
	if (!buf || !f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		free(buf);
		if (f)
			fclose(f);
		return -1;
	}
	n = fread(buf, 1, (size_t)sb.st_size, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int i, ran = 0, bad = 0;

	for (i = 1; i < argc; i++) {
		struct stat sb;
		DIR *d;
		struct dirent *de;

		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			d = opendir(argv[i]);
			while (d && (de = readdir(d))) {
				char p[4096];

				if (de->d_name[0] == '.')
					continue;
				snprintf(p, sizeof(p), "%s/%s", argv[i],
					 de->d_name);
				bad |= run_file(p) != 0;
				ran++;
			}
			if (d)
				closedir(d);
		} else {
			bad |= run_file(argv[i]) != 0;
			ran++;
		}
	}
	printf("replayed %d inputs\n", ran);
	return bad || !ran;
}
