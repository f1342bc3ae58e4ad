// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the rules loader and compiler: the input is a
 * rules file.  Build with -DFUZZ_REPLAY for a main() that runs each file
 * named on the command line once (what `make check` replays).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "rule_set.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rule_set *rs = rule_set_new();

	if (!rs)
		return 0;
	rule_set_load_buf(rs, "fuzz.yaml", (const char *)data, size);
	rule_set_compile(rs);
	rule_set_free(rs);
	return 0;
}

#ifdef FUZZ_REPLAY
int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf;
		long n;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fseek(f, 0, SEEK_SET);
		buf = malloc((size_t)n + 1);
		if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
			fclose(f);
			free(buf);
			return 1;
		}
		fclose(f);
		LLVMFuzzerTestOneInput(buf, (size_t)n);
		free(buf);
	}
	return 0;
}
#endif
