// SPDX-License-Identifier: GPL-2.0
/*
 * Rules files: every tests/rules/NAME.yaml gives exactly the diagnostics
 * in NAME.err; the upstream Falco files load with zero errors; Falco's
 * append/override/exceptions/enabled semantics; the event-type index.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "rule_cli.h"
#include "rule_set.h"
#include "suites.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static char *diags_of(struct rule_set *rs)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	rule_diag_print(rs, m);
	fclose(m);
	return out;
}

static const char *rules_dir(void)
{
	const char *d = getenv("VIGIL_TEST_RULES");

	return d ? d : "tests/rules";
}

START_TEST(test_golden_files)
{
	struct dirent **names;
	int i, n, checked = 0;

	n = scandir(rules_dir(), &names, NULL, alphasort);
	ck_assert_msg(n > 0, "no %s directory (run from the source tree)", rules_dir());
	for (i = 0; i < n; i++) {
		size_t l = strlen(names[i]->d_name);
		char yaml[512], errf[512], *want, *got;
		struct rule_set *rs;

		if (l < 6 || strcmp(names[i]->d_name + l - 5, ".yaml")) {
			free(names[i]);
			continue;
		}
		snprintf(yaml, sizeof(yaml), "%s/%s", rules_dir(), names[i]->d_name);
		snprintf(errf, sizeof(errf), "%s/%.*s.err", rules_dir(), (int)(l - 5),
			 names[i]->d_name);
		want = slurp(errf);
		ck_assert_msg(want != NULL, "missing %s", errf);
		rs = rule_set_new();
		rule_set_load_path(rs, yaml);
		rule_set_compile(rs);
		got = diags_of(rs);
		ck_assert_msg(!strcmp(got, want), "%s:\n got: %s\nwant: %s", yaml, got, want);
		ck_assert_msg(rs->nerrors + rs->nwarnings > 0, "%s gives no diagnostic", yaml);
		free(got);
		free(want);
		rule_set_free(rs);
		free(names[i]);
		checked++;
	}
	free(names);
	ck_assert_int_ge(checked, 40);
}
END_TEST

static const char *upstream(void)
{
	const char *d = getenv("VIGIL_FALCO_RULES");

	return d ? d : "../shared/falco-rules";
}

static const char *const upstream_sets[][3] = {
	{ "falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml" },
	{ "falco_rules.yaml", "falco-deprecated_rules.yaml", NULL },
	{ "falco-0.31.1/falco_rules.yaml", "falco-0.31.1/k8s_audit_rules.yaml", NULL },
};

START_TEST(test_upstream)
{
	struct rule_set *rs = rule_set_new();
	uint32_t i, compiled = 0;
	char path[512];
	int k;

	for (k = 0; k < 3 && upstream_sets[_i][k]; k++) {
		snprintf(path, sizeof(path), "%s/%s", upstream(), upstream_sets[_i][k]);
		ck_assert_msg(rule_set_load_path(rs, path) == 0, "%s did not load", path);
	}
	rule_set_compile(rs);
	if (rs->nerrors) {
		char *d = diags_of(rs);

		ck_abort_msg("%u errors:\n%s", rs->nerrors, d);
	}
	for (i = 0; i < rs->nitems[RK_RULE]; i++)
		compiled += rs->items[RK_RULE][i]->compiled;
	ck_assert_uint_gt(compiled, 20);
	/* execve rules exist in every set and index under execve. */
	ck_assert_uint_gt(rs->nby_type[VIGIL_EV_EXECVE], 0);
	ck_assert(rs->bitmap[__NR_execve / 64] & (1ULL << (__NR_execve % 64)));
	rule_set_free(rs);
}
END_TEST

/* A tiny accessor: proc.name, evt.type and fd.name from strings; loads counted. */
static unsigned long mini_loads;

struct mini_ev {
	const char *name;
	const char *type;
	const char *fdname;
};

static int mini_load(void *priv, const void *evp, const struct vm_fref *ref, struct vm_val *out,
		     unsigned int max)
{
	const struct mini_ev *ev = evp;
	const char *s;

	mini_loads++;
	s = ref->fid == FID_PROC_NAME ? ev->name : ref->fid == FID_EVT_TYPE ? ev->type :
			ref->fid == FID_FD_NAME ? ev->fdname : NULL;

	(void)priv;
	if (!s || !max)
		return 0;
	memset(out, 0, sizeof(*out));
	out->s = (const uint8_t *)s;
	out->len = (uint32_t)strlen(s);
	return 1;
}

static const struct vm_accessor mini_acc = { mini_load, NULL };

static void count_hit(void *arg, const struct rule_item *r)
{
	(void)r;
	(*(int *)arg)++;
}

static void last_hit(void *arg, const struct rule_item *r)
{
	*(const struct rule_item **)arg = r;
}

static int run(struct rule_set *rs, unsigned int type, const char *name, const char *tname,
	       const char *fdname)
{
	struct mini_ev ev = { name, tname, fdname };
	struct vm_ctx *ctx = malloc(sizeof(*ctx));
	int hits = 0, n;

	ck_assert_int_eq(vm_ctx_init(ctx), 0);
	n = rule_set_eval(rs, type, &mini_acc, &ev, ctx, count_hit, &hits);
	ck_assert_int_eq(n, hits);
	vm_ctx_destroy(ctx);
	free(ctx);
	return n;
}

static struct rule_set *load_str(const char *text)
{
	struct rule_set *rs = rule_set_new();

	rule_set_load_buf(rs, "t.yaml", text, strlen(text));
	rule_set_compile(rs);
	return rs;
}

#define RULE(name, cond) \
	"- rule: " name "\n  desc: d\n  output: o\n  priority: info\n  condition: " cond "\n"

START_TEST(test_semantics)
{
	struct rule_set *rs;
	struct rule_item *r;
	uint32_t t, i, pc;

	/* Legacy append to a list, a macro and a rule; lists seen at use. */
	rs = load_str("- list: shells\n  items: [bash]\n"
		      "- macro: m\n  condition: proc.name in (shells)\n"
		      RULE("r", "evt.type = execve and m")
		      "- list: shells\n  items: [zsh]\n  append: true\n"
		      "- rule: r\n  condition: and not fd.name = /x\n  append: true\n");
	ck_assert_uint_eq(rs->nerrors, 0);
	ck_assert_int_eq(run(rs, VIGIL_EV_EXECVE, "zsh", "execve", "/y"), 1);
	ck_assert_int_eq(run(rs, VIGIL_EV_EXECVE, "zsh", "execve", "/x"), 0);
	ck_assert_int_eq(run(rs, VIGIL_EV_OPEN, "zsh", "open", "/y"), 0);
	rule_set_free(rs);

	/* override: replace a condition, append to one; enabled toggle. */
	rs = load_str(RULE("r", "evt.type = open and proc.name = a")
		      "- rule: r\n  condition: evt.type = open and proc.name = b\n"
		      "  override:\n    condition: replace\n"
		      RULE("s", "evt.type = open and proc.name = c")
		      "- rule: s\n  condition: or proc.name = d\n  override:\n    condition: append\n"
		      "- rule: s\n  enabled: false\n");
	ck_assert_uint_eq(rs->nerrors, 0);
	ck_assert_int_eq(run(rs, VIGIL_EV_OPEN, "a", "open", ""), 0);
	ck_assert_int_eq(run(rs, VIGIL_EV_OPEN, "b", "open", ""), 1);
	r = rule_set_find(rs, RK_RULE, "s");
	ck_assert_int_eq(r->enabled, 0);
	ck_assert_int_eq(run(rs, VIGIL_EV_OPEN, "d", "open", ""), 0);
	rule_set_free(rs);

	/* Exceptions, with values appended later; a redefinition keeps position. */
	rs = load_str(RULE("r", "evt.type = open")
		      "  exceptions:\n    - name: e\n      fields: [proc.name, fd.name]\n"
		      "      comps: [=, startswith]\n      values:\n        - [a, /tmp]\n"
		      RULE("q", "evt.type = open")
		      "- rule: r\n  exceptions:\n    - name: e\n      values:\n        - [b, /var]\n"
		      "  append: true\n");
	ck_assert_uint_eq(rs->nerrors, 0);
	ck_assert_int_eq(run(rs, VIGIL_EV_OPEN, "a", "open", "/tmp/x"), 1);	/* only q */
	ck_assert_int_eq(run(rs, VIGIL_EV_OPEN, "b", "open", "/var/x"), 1);
	ck_assert_int_eq(run(rs, VIGIL_EV_OPEN, "a", "open", "/var/x"), 2);
	ck_assert_str_eq(rs->items[RK_RULE][0]->name, "r");
	rule_set_free(rs);

	/* Event types: not/or/and; an uncaptured syscall compiles, never matches. */
	rs = load_str(RULE("a", "evt.type in (open, openat) and not evt.type = open")
		      RULE("b", "evt.type = ptrace or evt.type = kill")
		      RULE("c", "evt.type = nanosleep")
		      RULE("d", "not (evt.type != execve)"));
	ck_assert_uint_eq(rs->nerrors, 0);
	ck_assert_uint_eq(rs->nby_type[VIGIL_EV_OPEN], 0);
	ck_assert_uint_eq(rs->nby_type[VIGIL_EV_OPENAT], 1);
	ck_assert_uint_eq(rs->nby_type[VIGIL_EV_PTRACE], 1);
	ck_assert_uint_eq(rs->nby_type[VIGIL_EV_KILL], 1);
	ck_assert_uint_eq(rs->nby_type[VIGIL_EV_GENERIC], 1);
	ck_assert_uint_eq(rs->nby_type[VIGIL_EV_EXECVE], 1);
	ck_assert(rs->bitmap[__NR_nanosleep / 64] & (1ULL << (__NR_nanosleep % 64)));
	ck_assert(rs->bitmap[__NR_openat / 64] & (1ULL << (__NR_openat % 64)));
	ck_assert(!(rs->bitmap[__NR_open / 64] & (1ULL << (__NR_open % 64))));
	ck_assert_int_eq(run(rs, VIGIL_EV_OPENAT, "x", "openat", ""), 1);
	rule_set_free(rs);

	/*
	 * Each type runs its own copy of a rule, with the evt.type tests that
	 * type decides folded away: same results, no evt.type test left.
	 */
	rs = load_str(RULE("s", "evt.type in (open, openat) and fd.name = /a or "
			   "evt.type = execve and proc.name = b"));
	ck_assert_uint_eq(rs->nerrors, 0);
	ck_assert_int_eq(run(rs, VIGIL_EV_OPENAT, "x", "openat", "/a"), 1);
	ck_assert_int_eq(run(rs, VIGIL_EV_OPENAT, "b", "openat", "/x"), 0);
	ck_assert_int_eq(run(rs, VIGIL_EV_EXECVE, "b", "execve", "/x"), 1);
	ck_assert_int_eq(run(rs, VIGIL_EV_EXECVE, "x", "execve", "/a"), 0);
	ck_assert_int_eq(run(rs, VIGIL_EV_OPEN, "x", "open", "/a"), 1);
	for (t = 0; t < VIGIL_EV_MAX; t++) {
		for (i = 0; i < rs->nby_type[t]; i++) {
			const struct vm_prog *p = &rs->by_type[t][i].g.prog;

			ck_assert(rs->by_type[t][i].own);
			ck_assert_uint_lt(p->ncode, rs->items[RK_RULE][0]->prog.ncode);
			for (pc = 0; pc < p->ncode; pc++)
				ck_assert(vm_ops[p->code[pc].op].kind < VK_F ||
					  p->frefs[p->code[pc].a].fid != FID_EVT_TYPE);
		}
	}
	rule_set_free(rs);

	/* Priorities in any case; skip a non-syscall rule with one warning. */
	rs = load_str("- rule: p\n  desc: d\n  output: o\n  priority: eMeRgEnCy\n"
		      "  condition: evt.type = open\n"
		      "- rule: k\n  desc: d\n  output: o\n  priority: INFO\n  source: k8s_audit\n"
		      "  condition: ka.verb = create\n");
	ck_assert_uint_eq(rs->nerrors, 0);
	ck_assert_uint_eq(rs->nwarnings, 1);
	ck_assert_int_eq(rule_set_find(rs, RK_RULE, "p")->priority, PRIO_EMERGENCY);
	ck_assert_int_eq(rule_set_find(rs, RK_RULE, "k")->compiled, 0);
	rule_set_free(rs);
}
END_TEST

/*
 * The per-event field cache: a field several rules test is loaded once
 * per event, transformed values stay right, the next event on the same
 * context sees its own values, and a value too big for the cache is
 * still compared (uncached).
 */
START_TEST(test_event_cache)
{
	static char big[VM_CACHE_BYTES + 100];
	struct mini_ev ev = { "Bash", "open", "/etc/shadow" };
	struct vm_ctx *ctx = malloc(sizeof(*ctx));
	struct rule_set *rs;
	int hits = 0;

	rs = load_str(RULE("a", "evt.type = open and proc.name = Bash")
		      RULE("b", "evt.type = open and tolower(proc.name) = bash")
		      RULE("c", "evt.type = open and proc.name in (Bash, zsh) and fd.name = /etc/shadow")
		      RULE("d", "evt.type = open and toupper(proc.name) = BASH and proc.name != bash")
		      RULE("e", "evt.type = open and fd.name startswith /etc")
		      RULE("f", "evt.type = open and fd.name contains xxx"));
	ck_assert_uint_eq(rs->nerrors, 0);
	ck_assert_int_eq(vm_ctx_init(ctx), 0);
	mini_loads = 0;
	ck_assert_int_eq(rule_set_eval(rs, VIGIL_EV_OPEN, &mini_acc, &ev, ctx, count_hit, &hits), 5);
	/*
	 * proc.name, tolower(), toupper(), fd.name: once each; evt.type not
	 * at all (the index implies it, the tests were folded away).
	 */
	ck_assert_uint_eq(mini_loads, 4);
	ck_assert_uint_eq(rs->items[RK_RULE][0]->prog.code[0].op, VM_SEQ);
	ck_assert_uint_eq(rs->items[RK_RULE][0]->prog.frefs[rs->items[RK_RULE][0]->prog.code[0].a].fid,
			  FID_PROC_NAME);
	ev.name = "zsh";
	ev.fdname = "/tmp/x";
	ck_assert_int_eq(rule_set_eval(rs, VIGIL_EV_OPEN, &mini_acc, &ev, ctx, NULL, NULL), 0);
	ev.fdname = "/etc/shadow";
	ck_assert_int_eq(rule_set_eval(rs, VIGIL_EV_OPEN, &mini_acc, &ev, ctx, NULL, NULL), 2);
	memset(big, 'x', sizeof(big) - 1);
	memcpy(big, "/etc/", 5);
	ev.fdname = big;
	mini_loads = 0;
	ck_assert_int_eq(rule_set_eval(rs, VIGIL_EV_OPEN, &mini_acc, &ev, ctx, NULL, NULL), 2);
	ck_assert_uint_eq(mini_loads, 6);	/* fd.name did not fit: loaded by c, e and f */
	/* Outside rule_set_eval nothing is cached. */
	ck_assert_uint_eq(ctx->gen, 0);
	vm_ctx_destroy(ctx);
	free(ctx);
	rule_set_free(rs);
}
END_TEST

/*
 * An or-chain of string tests on one field (one STRANY node in the
 * type's graph): each alternative, negated and not, and one load.
 */
START_TEST(test_string_chain)
{
	static const struct {
		const char *fdname;
		const char *rule;	/* the one that matches */
	} cases[] = {
		{ "/dev/sda1", "a" }, { "/dev/nvme0n1", "a" }, { "/dev/mem", "a" },
		{ "/tmp/x.key", "a" }, { "/home/u/.ssh/id_rsa", "a" }, { "/dev/memx", "b" },
		{ "/tmp/x", "b" }, { "/dev/s", "b" }, { "", "b" },
	};
	struct mini_ev ev = { "bash", "open", NULL };
	struct vm_ctx *ctx = malloc(sizeof(*ctx));
	struct rule_set *rs;
	uint32_t i;

	rs = load_str(RULE("a", "evt.type = open and (fd.name startswith /dev/sd or "
			   "fd.name startswith /dev/nvme or fd.name = /dev/mem or "
			   "fd.name endswith .key or fd.name contains .ssh/)")
		      RULE("b", "evt.type = open and not (fd.name startswith /dev/sd or "
			   "fd.name startswith /dev/nvme or fd.name = /dev/mem or "
			   "fd.name endswith .key or fd.name contains .ssh/)"));
	ck_assert_uint_eq(rs->nerrors, 0);
	ck_assert_uint_gt(rs->graph[VIGIL_EV_OPEN].nalts, 0);	/* the chains were merged */
	ck_assert_int_eq(vm_ctx_init(ctx), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct rule_item *hit = NULL;

		ev.fdname = cases[i].fdname;
		mini_loads = 0;
		ck_assert_int_eq(rule_set_eval(rs, VIGIL_EV_OPEN, &mini_acc, &ev, ctx, last_hit,
					       &hit), 1);
		ck_assert_msg(hit && !strcmp(hit->name, cases[i].rule), "%s: %s matched",
			      cases[i].fdname, hit ? hit->name : "none");
		ck_assert_uint_eq(mini_loads, 1);
	}
	vm_ctx_destroy(ctx);
	free(ctx);
	rule_set_free(rs);
}
END_TEST

/* A file that cannot be read: its path and the reason, no line or column. */
START_TEST(test_unreadable)
{
	struct rule_set *rs = rule_set_new();
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	ck_assert_int_lt(rule_set_load_path(rs, "/nonexistent/r.yaml"), 0);
	rule_diag_print(rs, f);
	fclose(f);
	ck_assert_str_eq(out, "/nonexistent/r.yaml: error: LOAD_ERR_FILE_READ: "
			      "No such file or directory\n");
	free(out);
	rule_set_free(rs);
}
END_TEST

/*
 * Memo slots: a macro two rules use is evaluated once per event (its
 * fields loaded once), a rule whose leading shared macro the event already
 * has false does not run, a macro under `not` or inside an `or` reads the
 * same value, and a macro one rule uses gets no slot.
 */
START_TEST(test_memo)
{
	struct mini_ev ev = { "bash", "open", "/etc/shadow" };
	struct vm_ctx *ctx = malloc(sizeof(*ctx));
	struct rule_set *rs;
	char dis[4096];
	int hits = 0;

	rs = load_str("- macro: etc\n  condition: fd.name startswith /etc and fd.name != /etc/x\n"
		      "- macro: sh\n  condition: proc.name in (bash, zsh)\n"
		      "- macro: once\n  condition: proc.name = vim and fd.name = /a\n"
		      RULE("a", "evt.type = open and etc and sh")
		      RULE("b", "evt.type = open and etc and not sh")
		      RULE("c", "evt.type = open and (sh or fd.name = /tmp) and not etc")
		      RULE("d", "evt.type = open and once"));
	ck_assert_uint_eq(rs->nerrors, 0);
	ck_assert_uint_eq(rs->nmemo, 2);
	ck_assert_int_gt(vm_disasm(&rs->items[RK_RULE][1]->prog, dis, sizeof(dis)), 0);
	ck_assert_ptr_nonnull(strstr(dis, "MEMO        m0 -> "));
	ck_assert_ptr_nonnull(strstr(dis, "MSET        m1"));
	ck_assert_int_gt(vm_disasm(&rs->items[RK_RULE][3]->prog, dis, sizeof(dis)), 0);
	ck_assert_ptr_null(strstr(dis, "MEMO"));
	ck_assert_uint_eq(rs->by_type[VIGIL_EV_OPEN][0].g.nguard, 2);
	ck_assert_uint_eq(rs->by_type[VIGIL_EV_OPEN][2].g.nguard, 0);
	ck_assert_int_eq(vm_ctx_init(ctx), 0);
	mini_loads = 0;
	ck_assert_int_eq(rule_set_eval(rs, VIGIL_EV_OPEN, &mini_acc, &ev, ctx, count_hit, &hits), 1);
	ck_assert_uint_eq(mini_loads, 2);	/* fd.name and proc.name, once each */
	ev.name = "vim";
	ck_assert_int_eq(rule_set_eval(rs, VIGIL_EV_OPEN, &mini_acc, &ev, ctx, NULL, NULL), 1);
	ev.fdname = "/tmp";
	ck_assert_int_eq(rule_set_eval(rs, VIGIL_EV_OPEN, &mini_acc, &ev, ctx, NULL, NULL), 1);
	ev.fdname = "/a";
	ck_assert_int_eq(rule_set_eval(rs, VIGIL_EV_OPEN, &mini_acc, &ev, ctx, NULL, NULL), 1);
	ev.name = "zsh";
	ck_assert_int_eq(rule_set_eval(rs, VIGIL_EV_OPEN, &mini_acc, &ev, ctx, NULL, NULL), 1);
	/* Outside rule_set_eval nothing is remembered: the plain result. */
	ck_assert_int_eq(vm_run(&rs->items[RK_RULE][2]->prog, &mini_acc, &ev, ctx), 1);
	ck_assert_int_eq(vm_run(&rs->items[RK_RULE][0]->prog, &mini_acc, &ev, ctx), 0);
	vm_ctx_destroy(ctx);
	free(ctx);
	rule_set_free(rs);
}
END_TEST

/*
 * The upstream rules over the benchmark's synthetic stream: rule_set_eval
 * (per-type programs, memo slots, guards, the field cache with values it
 * points at) finds exactly what each rule's plain program says, and the
 * stream does make rules match.
 */
START_TEST(test_upstream_differential)
{
	static const char *const files[] = { "falco_rules.yaml", "falco-incubating_rules.yaml",
					     "falco-sandbox_rules.yaml" };
	struct rule_set *rs = rule_set_new();
	unsigned long matches = 0;
	char path[1024], why[512];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", upstream(), files[i]);
		ck_assert_msg(rule_set_load_path(rs, path) >= 0, "cannot load %s", path);
	}
	ck_assert_int_eq(rule_set_compile(rs), 0);
	ck_assert_uint_gt(rs->nmemo, 20);
	ck_assert_msg(rule_bench_verify(rs, &matches, why, sizeof(why)) == 0, "%s", why);
	ck_assert_uint_gt(matches, 50);
	rule_set_free(rs);
}
END_TEST

/*
 * --conditions: macros and lists expanded (a list inside a list too),
 * exceptions folded in, a dotted field suffix kept as written, values
 * quoted only when they need it; disabled rules left out.
 */
START_TEST(test_print_conds)
{
	static const char want[] =
		"r\t(((evt.type = execve and proc.name in (bash, \"my sh\", zsh)) and "
		"not evt.arg.flags contains O_TRUNC) and not ((proc.pname = cron and "
		"fd.name startswith /tmp/)))\n";
	struct rule_set *rs;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	rs = load_str("- list: more\n  items: [\"my sh\", zsh]\n"
		      "- list: shells\n  items: [bash, more]\n"
		      "- macro: spawned\n  condition: evt.type = execve and proc.name in (shells)\n"
		      RULE("r", "spawned and not evt.arg.flags contains O_TRUNC")
		      "  exceptions:\n  - name: e\n    fields: [proc.pname, fd.name]\n"
		      "    comps: [=, startswith]\n    values: [[cron, /tmp/]]\n"
		      RULE("off", "spawned") "  enabled: false\n");
	ck_assert_uint_eq(rs->nerrors, 0);
	out = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(rule_cli_print_conds(rs, out), 0);
	fclose(out);
	ck_assert_str_eq(text, want);
	free(text);
	rule_set_free(rs);
}
END_TEST

Suite *rule_load_suite(void)
{
	Suite *s = suite_create("rule_load");
	TCase *tc = tcase_create("rules");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_golden_files);
	tcase_add_loop_test(tc, test_upstream, 0, 3);
	tcase_add_test(tc, test_semantics);
	tcase_add_test(tc, test_event_cache);
	tcase_add_test(tc, test_string_chain);
	tcase_add_test(tc, test_unreadable);
	tcase_add_test(tc, test_memo);
	tcase_add_test(tc, test_upstream_differential);
	tcase_add_test(tc, test_print_conds);
	suite_add_tcase(s, tc);
	return s;
}
