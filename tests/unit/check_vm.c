// SPDX-License-Identifier: GPL-2.0
/*
 * VM: golden condition -> bytecode listings, the validator refusing
 * malformed programs, and the glob matcher.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cond_expand.h"
#include "suites.h"
#include "vm_emit.h"

struct golden {
	const char *cond;
	const char *listing;
};

static const struct golden goldens[] = {
	{ "proc.name = bash",
	  "  0: SEQ         proc.name, \"bash\"\n"
	  "  1: RET        \n" },
	{ "proc.name = bash and fd.name startswith /etc and not proc.pid > 10",
	  "  0: SEQ         proc.name, \"bash\"\n"
	  "  1: JF          -> 5\n"
	  "  2: STARTSWITH  fd.name, \"/etc\"\n"
	  "  3: JF          -> 5\n"
	  "  4: NGT         proc.pid, 10 signed (not)\n"
	  "  5: RET        \n" },
	/* A NOT a jump lands on stays; one right after a test folds into it. */
	{ "not (proc.name = a and fd.name = b)",
	  "  0: SEQ         proc.name, \"a\"\n"
	  "  1: JF          -> 3\n"
	  "  2: SEQ         fd.name, \"b\"\n"
	  "  3: NOT        \n"
	  "  4: RET        \n" },
	/*
	 * ... unless a jump follows it: the JF at 1 (acc 0, so 1 after the
	 * NOT, so the next JF not taken) is threaded to the EXISTS, and the
	 * NOT no jump lands on any more folds into the test before it.
	 */
	{ "not (proc.name = a and fd.name = b) and not proc.name exists",
	  "  0: SEQ         proc.name, \"a\"\n"
	  "  1: JF          -> 4\n"
	  "  2: SEQ         fd.name, \"b\" (not)\n"
	  "  3: JF          -> 5\n"
	  "  4: EXISTS      proc.name (not)\n"
	  "  5: RET        \n" },
	/* A jump landing on a jump the known acc decides goes straight on. */
	{ "(proc.name = a or fd.name = b) and proc.pid = 1",
	  "  0: SEQ         proc.name, \"a\"\n"
	  "  1: JT          -> 4\n"
	  "  2: SEQ         fd.name, \"b\"\n"
	  "  3: JF          -> 5\n"
	  "  4: NEQ         proc.pid, 1 signed\n"
	  "  5: RET        \n" },
	{ "(a.b.c = 1 or x.y = y)", NULL },	/* unknown fields: no program */
	{ "proc.name in (zsh, sh, bash, sh) or (fd.sport in (443, 80) or fd.sip in (10.0.0.0/8))",
	  "  0: SIN         proc.name, set#0(3) {\"sh\" \"zsh\" \"bash\"}\n"
	  "  1: JT          -> 5\n"
	  "  2: NIN         fd.sport, set#1(2) {80 443}\n"
	  "  3: JT          -> 5\n"
	  "  4: IPIN        fd.sip, set#2(1) {10.0.0.0/8}\n"
	  "  5: RET        \n" },
	{ "not not proc.aname[2] exists and tolower(proc.cmdline) contains val(proc.name)",
	  "  0: EXISTS      proc.aname[2]\n"
	  "  1: JF          -> 3\n"
	  "  2: FCMP        tolower(proc.cmdline) contains proc.name\n"
	  "  3: RET        \n" },
	{ "fd.name regex 'a.*' or evt.arg.flags icontains creat or fd.types in (file)",
	  "  0: REGEX       fd.name, re#0\n"
	  "  1: JT          -> 5\n"
	  "  2: ICONTAINS   evt.arg[flags], \"creat\"\n"
	  "  3: JT          -> 5\n"
	  "  4: SIN         fd.types, set#0(1) {\"file\"} all\n"
	  "  5: RET        \n" },
};

START_TEST(test_golden)
{
	const struct golden *g = &goldens[_i];
	struct cond_arena a = { 0 };
	struct cond_node *root;
	struct vm_prog prog;
	struct cond_err err;
	char buf[4096];
	int r;

	root = cond_parse(&a, g->cond, strlen(g->cond), 0, 0, &err);
	ck_assert_ptr_nonnull(root);
	r = cond_typecheck(root, &err);
	if (!g->listing) {
		ck_assert_int_ne(r, 0);
		cond_arena_free(&a);
		return;
	}
	ck_assert_msg(r == 0, "%s", err.msg);
	ck_assert_int_eq(vm_emit(root, &prog, &err), 0);
	vm_disasm(&prog, buf, sizeof(buf));
	ck_assert_str_eq(buf, g->listing);
	vm_prog_free(&prog);
	cond_arena_free(&a);
}
END_TEST

/* The keys a string set's members do not have (vm_set.miss). */
struct set_filter {
	const char *cond;
	uint64_t has;			/* ~miss */
};

#define BIT(k)	(1ull << ((k) % 64))

static const struct set_filter set_filters[] = {
	{ "proc.name in (sh, bash, zsh)", BIT(2) | BIT(4) | BIT(3) },
	/* 66 bytes: the same key as 2 */
	{ "proc.name in (ab, '012345678901234567890123456789012345678901234567890123456789012345')",
	  BIT(2) },
	{ "fd.name pmatch (/etc/, /usr/lib, /etc/ssh)", BIT('e') | BIT('u') },
	/* a member of one byte matches below itself: any second byte */
	{ "fd.name pmatch (/etc, /)", ~0ull },
	{ "fd.name pmatch (/etc, '')", ~0ull },
};

START_TEST(test_set_filter)
{
	const struct set_filter *f = &set_filters[_i];
	struct cond_arena a = { 0 };
	struct cond_node *root;
	struct vm_prog prog;
	struct cond_err err;

	root = cond_parse(&a, f->cond, strlen(f->cond), 0, 0, &err);
	ck_assert_ptr_nonnull(root);
	ck_assert_msg(cond_typecheck(root, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(vm_emit(root, &prog, &err), 0);
	ck_assert_uint_eq(prog.nsets, 1);
	ck_assert_msg(prog.sets[0].miss == ~f->has, "%s: miss %llx", f->cond,
		      (unsigned long long)prog.sets[0].miss);
	vm_prog_free(&prog);
	cond_arena_free(&a);
}
END_TEST

/* Hand-made programs the validator must refuse. */
struct bad_prog {
	struct vm_insn code[4];
	uint32_t ncode;
	const char *why;
};

static const struct bad_prog bad_progs[] = {
	{ { { VM_SEQ, 0, 0, 0 } }, 1, "insn 0: program does not end in RET" },
	{ { { VM_JT, 0, 0, 5 }, { VM_RET, 0, 0, 0 } }, 2, "insn 0: jump out of range" },
	{ { { VM_JF, 0, 0, 1 }, { VM_RET, 0, 0, 0 } }, 2, "insn 0: jump out of range" },
	{ { { VM_SEQ, 0, 3, 0 }, { VM_RET, 0, 0, 0 } }, 2, "insn 0: field ref out of range" },
	{ { { VM_SEQ, 0, 0, 9 }, { VM_RET, 0, 0, 0 } }, 2, "insn 0: string out of range" },
	{ { { VM_NEQ, 0, 0, 1 }, { VM_RET, 0, 0, 0 } }, 2, "insn 0: number out of range" },
	{ { { VM_SIN, 0, 0, 0 }, { VM_RET, 0, 0, 0 } }, 2, "insn 0: set out of range" },
	{ { { VM_REGEX, 0, 0, 0 }, { VM_RET, 0, 0, 0 } }, 2, "insn 0: regex out of range" },
	{ { { 200, 0, 0, 0 }, { VM_RET, 0, 0, 0 } }, 2, "insn 0: unknown opcode" },
	{ { { VM_NOT, 0, 1, 0 }, { VM_RET, 0, 0, 0 } }, 2, "insn 0: unused operand set" },
	{ { { VM_CONST, 0, 0, 2 }, { VM_RET, 0, 0, 0 } }, 2, "insn 0: bad constant" },
	{ { { VM_SEQ, 0x80, 0, 0 }, { VM_RET, 0, 0, 0 } }, 2, "insn 0: unknown flags" },
	{ { { VM_FCMP, 0, 0, 4 }, { VM_RET, 0, 0, 0 } }, 2, "insn 0: field ref out of range" },
	{ { { VM_RET, 0, 0, 0 } }, 0, "insn 0: empty or too long program" },
	{ { { VM_MEMO, 0, 0, 2 }, { VM_MSET, 0, 0, 0 }, { VM_RET, 0, 0, 0 } }, 3,
	  "insn 0: jump out of range" },
	{ { { VM_MEMO, 0, VM_MEMO_SLOTS, 1 }, { VM_MSET, 0, 0, 0 }, { VM_RET, 0, 0, 0 } }, 3,
	  "insn 0: bad memo slot" },
	{ { { VM_CONST, 0, 0, 1 }, { VM_MSET, 0, VM_MEMO_SLOTS, 0 }, { VM_RET, 0, 0, 0 } }, 3,
	  "insn 1: bad memo slot" },
	{ { { VM_CONST, 0, 0, 1 }, { VM_MSET, 0, 0, 1 }, { VM_RET, 0, 0, 0 } }, 3,
	  "insn 1: bad memo slot" },
};

START_TEST(test_validator)
{
	const struct bad_prog *b = &bad_progs[_i];
	struct vm_fref fref = { .fid = 0, .idx = -1 };
	struct vm_str str = { (const uint8_t *)"x", 1 };
	uint64_t num = 1;
	struct vm_prog p;
	char why[128];

	memset(&p, 0, sizeof(p));
	p.code = (struct vm_insn *)b->code;
	p.ncode = b->ncode;
	p.frefs = &fref;
	p.nfrefs = 1;
	p.strs = &str;
	p.nstrs = 1;
	p.nums = &num;
	p.nnums = 1;
	ck_assert_int_ne(vm_validate(&p, why, sizeof(why)), 0);
	ck_assert_str_eq(why, b->why);
}
END_TEST

/* A valid program that reaches an opcode the interpreter cannot run fails closed. */
static int no_values(void *priv, const void *ev, const struct vm_fref *ref, struct vm_val *out,
		     unsigned int max)
{
	(void)priv; (void)ev; (void)ref; (void)out; (void)max;
	return 0;
}

START_TEST(test_fail_closed)
{
	struct vm_insn code[] = { { VM_NR_OPS + 3, 0, 0, 0 }, { VM_RET, 0, 0, 0 } };
	struct vm_accessor acc = { no_values, NULL };
	struct vm_prog p;
	struct vm_ctx *ctx = malloc(sizeof(*ctx));

	ck_assert_int_eq(vm_ctx_init(ctx), 0);
	memset(&p, 0, sizeof(p));
	p.code = code;
	p.ncode = 2;
	ck_assert_int_lt(vm_run(&p, &acc, NULL, ctx), 0);
	ck_assert_uint_eq(ctx->faults, 1);
	vm_ctx_destroy(ctx);
	free(ctx);
}
END_TEST

struct glob_case {
	const char *pat, *s;
	int icase, want;
};

static const struct glob_case globs[] = {
	{ "*", "", 0, 1 }, { "*", "abc", 0, 1 }, { "a*c", "abbbc", 0, 1 }, { "a*c", "abbb", 0, 0 },
	{ "a?c", "abc", 0, 1 }, { "a?c", "ac", 0, 0 }, { "[abc]x", "bx", 0, 1 },
	{ "[!abc]x", "bx", 0, 0 }, { "[a-c]*", "cat", 0, 1 }, { "A*", "abc", 1, 1 },
	{ "A*", "abc", 0, 0 }, { "*.ssh/*", "/home/u/.ssh/id", 0, 1 }, { "\\*", "*", 0, 1 },
	{ "\\*", "a", 0, 0 }, { "[", "[", 0, 1 }, { "**a", "bbba", 0, 1 },
	{ "*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, 0 },
};

START_TEST(test_glob)
{
	const struct glob_case *g = &globs[_i];

	ck_assert_int_eq(vm_glob((const uint8_t *)g->pat, strlen(g->pat), (const uint8_t *)g->s,
				 strlen(g->s), g->icase), g->want);
}
END_TEST

/* The event generation wraps to 1, and no slot of an old one is current. */
START_TEST(test_ctx_gen_wrap)
{
	struct vm_ctx *ctx = malloc(sizeof(*ctx));

	ck_assert_int_eq(vm_ctx_init(ctx), 0);
	vm_ctx_event(ctx);
	ck_assert_uint_ne(ctx->gen, 0);
	vm_ctx_event_end(ctx);
	ck_assert_uint_eq(ctx->gen, 0);
	ctx->last_gen = UINT32_MAX;
	ctx->cslots[1].gen = 1;
	ctx->memo[2].gen = 1;
	vm_ctx_event(ctx);
	ck_assert_uint_eq(ctx->gen, 1);
	ck_assert_uint_eq(ctx->cslots[1].gen, 0);
	ck_assert_uint_eq(ctx->memo[2].gen, 0);
	vm_ctx_event_end(ctx);
	vm_ctx_destroy(ctx);
	free(ctx);
}
END_TEST

Suite *vm_suite(void)
{
	Suite *s = suite_create("vm");
	TCase *tc = tcase_create("vm");

	tcase_add_loop_test(tc, test_golden, 0, sizeof(goldens) / sizeof(goldens[0]));
	tcase_add_loop_test(tc, test_set_filter, 0, sizeof(set_filters) / sizeof(set_filters[0]));
	tcase_add_loop_test(tc, test_validator, 0, sizeof(bad_progs) / sizeof(bad_progs[0]));
	tcase_add_test(tc, test_fail_closed);
	tcase_add_test(tc, test_ctx_gen_wrap);
	tcase_add_loop_test(tc, test_glob, 0, sizeof(globs) / sizeof(globs[0]));
	suite_add_tcase(s, tc);
	return s;
}
