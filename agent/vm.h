/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rule VM: programs of fixed-width instructions evaluated against an
 * event through a field accessor.
 *
 * Instruction encoding (64 bits, struct vm_insn):
 *
 *    0        8        16                32                        64
 *   +--------+--------+-----------------+-------------------------+
 *   | opcode | flags  |   a: field ref  |  b: constant/set/jump   |
 *   +--------+--------+-----------------+-------------------------+
 *
 * Opcodes and their operands are listed once, in vm_opcodes.def.  Every
 * program passes vm_validate() before it runs: jumps only go forward and
 * stay inside the program, every index is in range, the last instruction
 * is RET.  So every run ends after at most ncode steps.
 */
#ifndef VIGIL_VM_H
#define VIGIL_VM_H

#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#define VM_MAX_CODE	65536
#define VM_MAX_VALS	16		/* values one field load may return */
#define VM_SCRATCH	(64 * 1024)	/* transformer output */
#define VM_CACHE_SLOTS	1024		/* field refs whose values one event caches */
#define VM_CACHE_VALS	2048		/* cached values per event */
#define VM_CACHE_BYTES	(64 * 1024)	/* cached string bytes per event */
#define VM_HASH_MIN	8		/* string sets this large get a hash table */
#define VM_MEMO_SLOTS	4096		/* shared subexpressions memoised per event */

enum vm_opcode {
#define VM_OP(name, kind, desc)	VM_##name,
#include "vm_opcodes.def"
#undef VM_OP
	VM_NR_OPS
};

enum vm_operand_kind {
	VK_NONE,
	VK_JUMP,
	VK_BOOL,
	VK_MJUMP,
	VK_MEMO,
	VK_F,
	VK_FSTR,
	VK_FNUM,
	VK_FNET,
	VK_FSSET,
	VK_FNSET,
	VK_FNETSET,
	VK_FRE,
	VK_FF,
};

#define VMF_SIGNED	(1 << 0)	/* numbers compare as signed */
#define VMF_ALL		(1 << 1)	/* every value must match, not any */
#define VMF_NEG		(1 << 2)	/* acc = !result (a folded NOT) */

struct vm_insn {
	uint8_t op;
	uint8_t flags;
	uint16_t a;
	uint32_t b;
};

/* A field reference: which field, with which argument and transformers. */
struct vm_fref {
	uint16_t fid;
	uint8_t nxf;
	uint8_t xf[4];			/* enum cond_xf, applied in order */
	uint8_t type;			/* enum field_type of the loaded value */
	int32_t idx;			/* numeric argument, -1 if none */
	const char *key;		/* string argument, NULL if none */
	uint32_t keylen;
	uint32_t cslot;			/* per-event cache slot, 0: not cached */
};

struct vm_val {
	const uint8_t *s;		/* strings */
	uint32_t len;
	uint8_t family;			/* addresses: 4 or 6 */
	uint8_t prefix;			/* networks: prefix length */
	uint8_t keep;			/* s stays valid until the event ends */
	uint64_t u;			/* numbers, bool, port */
	uint8_t ip[16];			/* network byte order, v4 in the first 4 */
};

/*
 * Where field values come from.  load() writes up to max values of ref
 * for event ev and returns how many (0: absent), or -errno.  It must not
 * allocate; strings may point into the event or into long-lived state.
 * A value whose string stays valid until the event ends (not in a buffer
 * the accessor reuses) says so with keep: the event's cache then points
 * at it instead of copying it.
 */
struct vm_accessor {
	int (*load)(void *priv, const void *ev, const struct vm_fref *ref,
		    struct vm_val *out, unsigned int max);
	void *priv;
};

struct vm_str {
	const uint8_t *s;
	uint32_t len;
};

struct vm_set {
	uint32_t first;			/* into strs, nums or nets */
	uint32_t n;
	uint32_t hfirst;		/* string sets: hash table at hslots[hfirst] */
	uint32_t hmask;			/* its size - 1 (a power of two), 0: none */
	uint64_t miss;			/* string sets: bit k set: no value whose key is k
					   (mod 64) can be in the set; SIN's key is the
					   length, PMATCH's the second byte (0: none known) */
};

struct vm_prog {
	struct vm_insn *code;
	uint32_t ncode;
	struct vm_fref *frefs;
	uint32_t nfrefs;
	struct vm_str *strs;
	uint32_t nstrs;
	uint64_t *nums;
	uint32_t nnums;
	struct vm_val *nets;
	uint32_t nnets;
	struct vm_set *sets;
	uint32_t nsets;
	pcre2_code **res;
	uint32_t nres;
	uint32_t *hslots;		/* string set hash tables: index into strs or UINT32_MAX */
	uint32_t nhslots;
	char *pool;			/* bytes of strings and keys */
	size_t pool_len, pool_cap;
};

/* The value of one shared subexpression for the current event. */
struct vm_memo {
	uint32_t gen;			/* valid when equal to vm_ctx.gen */
	uint32_t val;
};

/* The values of one field ref for the current event, in vm_ctx.cvals. */
struct vm_cslot {
	uint32_t gen;			/* valid when equal to vm_ctx.gen */
	uint16_t first;
	uint16_t n;
};

/*
 * Per-thread state for runs: preallocated, so runs never allocate.
 * Between vm_ctx_event() and vm_ctx_event_end() the values of field refs
 * with a cache slot are loaded once and kept (strings copied into cbytes)
 * for every program run on that event, and so are the values of the
 * subexpressions with a memo slot.
 */
struct vm_ctx {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	uint8_t scratch[2][VM_SCRATCH];
	uint64_t faults;		/* runs that failed closed */
	uint32_t gen;			/* current event's generation, 0: no caching */
	uint32_t last_gen;
	uint32_t ncvals, ncbytes;
	struct vm_cslot cslots[VM_CACHE_SLOTS];
	struct vm_memo memo[VM_MEMO_SLOTS];
	struct vm_val cvals[VM_CACHE_VALS];
	uint32_t chash[VM_CACHE_VALS];	/* vm_str_hash of cvals[i] if chashed[i] */
	uint8_t chashed[VM_CACHE_VALS];
	uint8_t cbytes[VM_CACHE_BYTES];
};

struct vm_opinfo {
	const char *name;
	enum vm_operand_kind kind;
	const char *desc;
};

extern const struct vm_opinfo vm_ops[VM_NR_OPS];

int vm_ctx_init(struct vm_ctx *ctx);
void vm_ctx_destroy(struct vm_ctx *ctx);
/* The event generation wrapped to 0: restart it, clearing every slot's. */
void vm_ctx_wrap(struct vm_ctx *ctx);

/* Runs until vm_ctx_event_end() are on one event: cache its field values. */
static inline void vm_ctx_event(struct vm_ctx *ctx)
{
	if (__builtin_expect(++ctx->last_gen == 0, 0))
		vm_ctx_wrap(ctx);
	ctx->gen = ctx->last_gen;
	ctx->ncvals = 0;
	ctx->ncbytes = 0;
}

static inline void vm_ctx_event_end(struct vm_ctx *ctx)
{
	ctx->gen = 0;
}

/* The hash of a string for string sets. */
uint32_t vm_str_hash(const uint8_t *s, uint32_t len);

/* 1: match, 0: no match, -errno: the program failed (treated as no match). */
int vm_run(const struct vm_prog *p, const struct vm_accessor *acc, const void *ev,
	   struct vm_ctx *ctx);

#define VM_GUARDS	4

/*
 * A program with its guards: memo slots of shared subexpressions it begins
 * with, each of which failing fails it, so that while the context is on an
 * event that already has one of them false it fails without running.
 */
struct vm_guarded {
	struct vm_prog prog;
	uint16_t guard[VM_GUARDS];
	uint32_t nguard;
};

/*
 * Run count programs in order, the i-th at first + i * stride bytes (they
 * may sit inside larger structures), in one call: hit(arg, i) for each
 * that matches; one that fails counts a fault and does not match.
 * Returns the number of matches.
 */
int vm_run_each(const struct vm_guarded *first, size_t stride, uint32_t count,
		const struct vm_accessor *acc, const void *ev, struct vm_ctx *ctx,
		void (*hit)(void *arg, uint32_t i), void *arg);

/* 0 if the program is safe to run, else -EINVAL with a reason. */
int vm_validate(const struct vm_prog *p, char *why, size_t whylen);

/* Whether op jumps (JT, JF, MEMO): its b is a forward offset. */
static inline int vm_op_jumps(uint8_t op)
{
	return op < VM_NR_OPS && (vm_ops[op].kind == VK_JUMP || vm_ops[op].kind == VK_MJUMP);
}

/* The listing of a program, one instruction per line. */
int vm_disasm(const struct vm_prog *p, char *buf, size_t size);

void vm_prog_free(struct vm_prog *p);

/* Glob match without allocation or recursion. */
int vm_glob(const uint8_t *pat, size_t plen, const uint8_t *s, size_t slen, int icase);

#endif /* VIGIL_VM_H */
