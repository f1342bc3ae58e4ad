// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the condition compiler: parse, type check, emit
 * (which validates), disassemble and run against an event with no
 * fields.  tests/fuzz/replay_main.c replays files and directories
 * without libFuzzer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "cond_expand.h"
#include "vm_emit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int absent(void *priv, const void *ev, const struct vm_fref *ref, struct vm_val *out,
		  unsigned int max)
{
	(void)priv; (void)ev; (void)ref; (void)out; (void)max;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vm_ctx *ctx;
	struct vm_accessor acc = { absent, NULL };
	struct cond_arena a = { 0 };
	struct cond_node *root;
	struct cond_err err;
	struct vm_prog prog;
	char listing[256];

	if (!ctx) {
		ctx = malloc(sizeof(*ctx));
		if (!ctx || vm_ctx_init(ctx))
			abort();
	}
	root = cond_parse(&a, (const char *)data, size, 0, 0, &err);
	if (root && !cond_typecheck(root, &err) && !vm_emit(root, &prog, &err)) {
		vm_disasm(&prog, listing, sizeof(listing));
		if (vm_run(&prog, &acc, NULL, ctx) < 0)
			abort();	/* a validated program never faults */
		vm_prog_free(&prog);
	}
	cond_arena_free(&a);
	return 0;
}

