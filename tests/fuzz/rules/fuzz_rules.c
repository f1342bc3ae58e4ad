// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the rules loader and compiler: the input is a
 * rules file.  tests/fuzz/replay_main.c runs it on files
 * or directories without libFuzzer (what `make check` replays).
 */
#include <stddef.h>
#include <stdint.h>
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

