// SPDX-License-Identifier: GPL-2.0
/*
 * Conditions x synthetic events -> expected results, through the whole
 * compiler (parse, type check, emit, validate) and the VM; and invalid
 * conditions -> exact error text and offset.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cond_expand.h"
#include "fields.h"
#include "suites.h"
#include "vm_emit.h"
#include "vm_graph.h"

struct tfield {
	const char *name;
	const char *arg;
	const char *vals[4];
};

struct tev {
	struct tfield f[32];
};

static const struct tev ev_full = { {
	{ "proc.name", NULL, { "bash" } },
	{ "proc.pname", NULL, { "bash" } },
	{ "proc.cmdline", NULL, { "bash -c ls" } },
	{ "proc.args", NULL, { "" } },
	{ "fd.name", NULL, { "/etc/passwd" } },
	{ "evt.type", NULL, { "openat" } },
	{ "proc.pid", NULL, { "1234" } },
	{ "user.loginuid", NULL, { "-1" } },
	{ "fd.sip", NULL, { "10.1.2.3" } },
	{ "fd.net", NULL, { "10.1.2.3" } },
	{ "fd.rip", NULL, { "2001:db8::1" } },
	{ "fd.sport", NULL, { "443" } },
	{ "evt.is_open_write", NULL, { "true" } },
	{ "proc.aname", NULL, { "sshd", "systemd" } },
	{ "proc.aname", "2", { "systemd" } },
	{ "fd.types", NULL, { "file", "ipv4" } },
	{ "evt.arg", "flags", { "O_RDWR|O_CREAT" } },
	{ "proc.env", "HOME", { "/root" } },
	{ "proc.env", "B64", { "YmFzaA==" } },
	{ "container.id", NULL, { "\xc3\x84\xc3\x96\xc3\x9c-\xe6\x97\xa5\xe6\x9c\xac" } },
	{ "thread.cap_effective", NULL, { "CAP_SYS_ADMIN CAP_NET_RAW" } },
	{ "evt.rawtime", NULL, { "1700000000000000000" } },
	{ "proc.duration", NULL, { "5000000000" } },
	{ "user.uid", NULL, { "0" } },
} };

static const struct tev ev_empty = { { { NULL, NULL, { NULL } } } };

static int t_load(void *priv, const void *evp, const struct vm_fref *ref, struct vm_val *out,
		  unsigned int max)
{
	const struct tev *ev = evp;
	const struct field_info *fi = &field_table[ref->fid];
	char arg[32];
	unsigned int i, n = 0;

	if (ref->key)
		snprintf(arg, sizeof(arg), "%.*s", (int)ref->keylen, ref->key);
	else if (ref->idx >= 0)
		snprintf(arg, sizeof(arg), "%d", ref->idx);
	for (i = 0; i < 32 && ev->f[i].name; i++) {
		const struct tfield *f = &ev->f[i];

		if (strcmp(f->name, fi->name))
			continue;
		if ((ref->key || ref->idx >= 0) != (f->arg != NULL))
			continue;
		if (f->arg && strcmp(f->arg, arg))
			continue;
		for (n = 0; n < max && n < 4 && f->vals[n]; n++) {
			struct vm_val *v = &out[n];

			memset(v, 0, sizeof(*v));
			v->s = (const uint8_t *)f->vals[n];
			v->len = (uint32_t)strlen(f->vals[n]);
			if (fi->type == FT_BOOL)
				v->u = !strcmp(f->vals[n], "true");
			else if (fi->type == FT_IPADDR || fi->type == FT_IPNET)
				cond_parse_net(f->vals[n], &v->family, v->ip, &v->prefix);
			else if (field_type_numeric(fi->type) && fi->type != FT_FLAGS)
				cond_parse_num(f->vals[n], fi->type == FT_S64, &v->u);
		}
		return (int)n;
	}
	(void)priv;
	return 0;
}

static const struct vm_accessor t_acc = { t_load, NULL };

/* Compile a standalone condition (no macros or lists). */
static int t_compile(struct cond_arena *a, const char *text, struct vm_prog *prog,
		     struct cond_err *err)
{
	struct cond_node *root = cond_parse(a, text, strlen(text), 0, 0, err);
	int r;

	if (!root)
		return -1;
	r = cond_typecheck(root, err);
	if (r)
		return r;
	return vm_emit(root, prog, err);
}

struct eval_case {
	const char *cond;
	int full;		/* expected on ev_full */
	int empty;		/* expected on ev_empty */
};

static const struct eval_case eval_cases[] = {
	{ "proc.name = bash", 1, 0 },
	{ "proc.name == \"bash\"", 1, 0 },
	{ "proc.name = zsh", 0, 0 },
	{ "proc.name != bash", 0, 0 },
	{ "proc.name != zsh", 1, 0 },
	{ "proc.cmdline contains \"-c l\"", 1, 0 },
	{ "proc.cmdline contains \"-c x\"", 0, 0 },
	{ "proc.cmdline icontains \"BASH -C\"", 1, 0 },
	{ "proc.cmdline startswith bash", 1, 0 },
	{ "proc.cmdline startswith ash", 0, 0 },
	{ "proc.cmdline endswith ls", 1, 0 },
	{ "proc.cmdline endswith \"bash -c ls and more\"", 0, 0 },
	{ "fd.name glob \"/etc/*\"", 1, 0 },
	{ "fd.name glob \"/et?/pass[vw]d\"", 1, 0 },
	{ "fd.name glob \"/etc/[!p]*\"", 0, 0 },
	{ "fd.name iglob \"/ETC/*\"", 1, 0 },
	{ "fd.name pmatch (/etc)", 1, 0 },
	{ "fd.name pmatch (/usr, /etc/)", 1, 0 },
	{ "fd.name pmatch (/et)", 0, 0 },
	/* set filters (vm_set.miss): the right key lets the scan decide */
	{ "fd.name pmatch (/usr, /e)", 0, 0 },
	{ "fd.name pmatch (/usr, /)", 1, 0 },
	{ "fd.name in (/etc/passw, /etc/passwd)", 1, 0 },
	{ "fd.name in (/etc/passw, /etc/passwe, /etc/passwd)", 1, 0 },
	{ "proc.name in (bas, '012345678901234567890123456789012345678901234567890123456789bash')",
	  0, 0 },
	{ "proc.name in (zsh, bash)", 1, 0 },
	{ "proc.name in (zsh, sh)", 0, 0 },
	{ "proc.name in ()", 0, 0 },
	{ "proc.name intersects (bash)", 1, 0 },
	{ "fd.name regex \"/etc/[a-z]+\"", 1, 0 },
	{ "fd.name regex \"etc\"", 0, 0 },
	{ "proc.pid > 1000", 1, 0 },
	{ "proc.pid < 2000", 1, 0 },
	{ "proc.pid >= 1234", 1, 0 },
	{ "proc.pid <= 1233", 0, 0 },
	{ "proc.pid = 1234", 1, 0 },
	{ "proc.pid = 0x4d2", 1, 0 },
	{ "proc.pid != 1234", 0, 0 },
	{ "proc.pid in (1, 1234, 5)", 1, 0 },
	{ "proc.pid in (1, 5)", 0, 0 },
	{ "user.loginuid = -1", 1, 0 },
	{ "user.loginuid < 0", 1, 0 },
	{ "user.uid = 0", 1, 0 },
	{ "fd.sip = 10.1.2.3", 1, 0 },
	{ "fd.sip != 10.1.2.3", 0, 0 },
	{ "fd.sip = \"10.1.2.4\"", 0, 0 },
	{ "fd.sip in (10.0.0.0/8, 192.168.0.0/16)", 1, 0 },
	{ "fd.sip in (\"172.16.0.0/12\")", 0, 0 },
	{ "fd.net = 10.0.0.0/8", 1, 0 },
	{ "fd.net != \"127.0.0.0/8\"", 1, 0 },
	{ "fd.rip = 2001:db8::1", 1, 0 },
	{ "fd.rip in (2001:db8::/32)", 1, 0 },
	{ "fd.rip in (10.0.0.0/8)", 0, 0 },
	{ "fd.sport = 443", 1, 0 },
	{ "fd.sport in (80, 443)", 1, 0 },
	{ "fd.sport > 1024", 0, 0 },
	{ "evt.is_open_write = true", 1, 0 },
	{ "evt.is_open_write = false", 0, 0 },
	{ "evt.is_open_write != false", 1, 0 },
	{ "proc.aname = sshd", 1, 0 },
	{ "proc.aname = systemd", 1, 0 },
	{ "proc.aname = init", 0, 0 },
	{ "proc.aname[2] = systemd", 1, 0 },
	{ "proc.aname[2] = sshd", 0, 0 },
	{ "proc.aname[3] exists", 0, 0 },
	{ "fd.types in (file, ipv4, ipv6)", 1, 0 },
	{ "fd.types in (file)", 0, 0 },
	{ "fd.types intersects (ipv4)", 1, 0 },
	{ "fd.types intersects (unix)", 0, 0 },
	{ "evt.arg.flags contains O_CREAT", 1, 0 },
	{ "evt.arg[flags] contains O_CREAT", 1, 0 },
	{ "evt.arg.mode exists", 0, 0 },
	{ "proc.env[HOME] = /root", 1, 0 },
	{ "proc.env[PATH] exists", 0, 0 },
	{ "proc.args = \"\"", 1, 0 },
	{ "proc.args exists", 1, 0 },
	{ "proc.args contains \"\"", 1, 0 },
	{ "container.id = \"\xc3\x84\xc3\x96\xc3\x9c-\xe6\x97\xa5\xe6\x9c\xac\"", 1, 0 },
	{ "container.id startswith \xc3\x84", 1, 0 },
	{ "container.id icontains \"\xc3\xa4\"", 0, 0 },
	{ "container.id endswith \xe6\x9c\xac", 1, 0 },
	{ "tolower(proc.name) = bash", 1, 0 },
	{ "toupper(proc.name) = BASH", 1, 0 },
	{ "toupper(proc.name) = bash", 0, 0 },
	{ "len(proc.name) = 4", 1, 0 },
	{ "len(proc.args) = 0", 1, 0 },
	{ "basename(fd.name) = passwd", 1, 0 },
	{ "b64(proc.env[B64]) = bash", 1, 0 },
	{ "tolower(toupper(proc.name)) = bash", 1, 0 },
	{ "proc.name = val(proc.pname)", 1, 0 },
	{ "proc.name != val(proc.pname)", 0, 0 },
	{ "proc.cmdline startswith val(proc.name)", 1, 0 },
	{ "proc.name = toupper(proc.pname)", 0, 0 },
	{ "proc.name bcontains 617368", 1, 0 },
	{ "proc.name bstartswith 6261", 1, 0 },
	{ "proc.name bstartswith 6173", 0, 0 },
	{ "not proc.name = bash", 0, 1 },
	{ "not not proc.name = bash", 1, 0 },
	{ "not(proc.name = zsh)", 1, 1 },
	{ "(proc.name = zsh or proc.pid = 1234) and not fd.name startswith /tmp", 1, 0 },
	{ "proc.name = zsh or proc.name = sh or proc.name = bash", 1, 0 },
	{ "proc.name = bash and proc.pid = 1234 and fd.name = /etc/passwd", 1, 0 },
	{ "proc.name = bash and (proc.pid = 1 or (fd.name = /x or fd.sport = 443))", 1, 0 },
	{ "evt.type = openat", 1, 0 },
	{ "evt.type in (open, openat, openat2)", 1, 0 },
	{ "evt.type = ptrace", 0, 0 },
	{ "evt.type != ptrace", 1, 0 },
	{ "evt.rawtime > 1600000000000000000", 1, 0 },
	{ "proc.duration >= 5000000000", 1, 0 },
	{ "proc.duration < 5000000000", 0, 0 },
	{ "thread.cap_effective contains CAP_SYS_ADMIN", 1, 0 },
	{ "fd.name exists and proc.name exists", 1, 0 },
	{ "container.image.repository exists", 0, 0 },
	{ "k8s.pod.label.app = web", 0, 0 },
	{ "container.mount.dest[/etc] exists", 0, 0 },
	{ "fd.name in (\"/etc/passwd\", '/etc/shadow')", 1, 0 },
	{ "proc.cmdline = 'bash -c ls'", 1, 0 },
	{ "proc.cmdline = \"bash\\ -c ls\"", 0, 0 },
};

START_TEST(test_eval_table)
{
	const struct eval_case *c = &eval_cases[_i];
	struct cond_arena a = { 0 };
	struct vm_prog prog;
	struct cond_err err;
	struct vm_ctx *ctx = malloc(sizeof(*ctx));

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(vm_ctx_init(ctx), 0);
	ck_assert_msg(t_compile(&a, c->cond, &prog, &err) == 0, "%s: %s (at %u)", c->cond,
		      err.msg, err.pos.off);
	ck_assert_msg(vm_run(&prog, &t_acc, &ev_full, ctx) == c->full, "%s on full", c->cond);
	ck_assert_msg(vm_run(&prog, &t_acc, &ev_empty, ctx) == c->empty, "%s on empty", c->cond);
	vm_prog_free(&prog);
	vm_ctx_destroy(ctx);
	free(ctx);
	cond_arena_free(&a);
}
END_TEST

static void graph_hit(void *arg, uint32_t i)
{
	((uint8_t *)arg)[i]++;
}

/*
 * The whole table as one flow graph (vm_graph.h), as a rule set runs an
 * event type's rules: each condition reports a match exactly when the
 * table expects one, on each event.
 */
START_TEST(test_eval_graph)
{
	enum { N = sizeof(eval_cases) / sizeof(eval_cases[0]) };
	static struct vm_guarded progs[N];
	static uint8_t hits[N];
	struct cond_arena a = { 0 };
	struct vm_graph g;
	struct cond_err err;
	struct vm_ctx *ctx = malloc(sizeof(*ctx));
	const struct tev *evs[2] = { &ev_full, &ev_empty };
	uint32_t i, e;
	int want;

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(vm_ctx_init(ctx), 0);
	memset(progs, 0, sizeof(progs));
	for (i = 0; i < N; i++)
		ck_assert_msg(t_compile(&a, eval_cases[i].cond, &progs[i].prog, &err) == 0, "%s",
			      eval_cases[i].cond);
	ck_assert_int_eq(vm_graph_build(&g, progs, sizeof(progs[0]), N), 0);
	for (e = 0; e < 2; e++) {
		memset(hits, 0, sizeof(hits));
		vm_ctx_event(ctx);
		for (want = 0, i = 0; i < N; i++)
			want += e ? eval_cases[i].empty : eval_cases[i].full;
		ck_assert_int_eq(vm_graph_run(&g, &t_acc, evs[e], ctx, graph_hit, hits), want);
		vm_ctx_event_end(ctx);
		for (i = 0; i < N; i++)
			ck_assert_msg(hits[i] == (e ? eval_cases[i].empty : eval_cases[i].full),
				      "%s on %s: %u hits", eval_cases[i].cond, e ? "empty" : "full",
				      hits[i]);
	}
	ck_assert_uint_eq(ctx->faults, 0);
	vm_graph_free(&g);
	for (i = 0; i < N; i++)
		vm_prog_free(&progs[i].prog);
	vm_ctx_destroy(ctx);
	free(ctx);
	cond_arena_free(&a);
}
END_TEST

/* A context not on an event has no cache for the graph: the run fails closed. */
START_TEST(test_graph_needs_event)
{
	struct vm_guarded prog = { 0 };
	struct cond_arena a = { 0 };
	struct vm_graph g;
	struct cond_err err;
	struct vm_ctx *ctx = malloc(sizeof(*ctx));

	ck_assert_ptr_nonnull(ctx);
	ck_assert_int_eq(vm_ctx_init(ctx), 0);
	ck_assert_int_eq(t_compile(&a, "proc.name = bash", &prog.prog, &err), 0);
	ck_assert_int_eq(vm_graph_build(&g, &prog, sizeof(prog), 1), 0);
	ck_assert_int_eq(vm_graph_run(&g, &t_acc, &ev_full, ctx, NULL, NULL), 0);
	ck_assert_uint_eq(ctx->faults, 1);
	vm_ctx_event(ctx);
	ck_assert_int_eq(vm_graph_run(&g, &t_acc, &ev_full, ctx, NULL, NULL), 1);
	vm_ctx_event_end(ctx);
	vm_graph_free(&g);
	vm_prog_free(&prog.prog);
	vm_ctx_destroy(ctx);
	free(ctx);
	cond_arena_free(&a);
}
END_TEST

/* 10,000-item lists: strings and numbers, hit, miss, first and last. */
START_TEST(test_big_list)
{
	size_t cap = 10000 * 24 + 64, len;
	char *cond = malloc(cap);
	struct cond_arena a = { 0 };
	struct vm_prog prog;
	struct cond_err err;
	struct vm_ctx *ctx = malloc(sizeof(*ctx));
	int i;

	ck_assert_ptr_nonnull(cond);
	ck_assert_int_eq(vm_ctx_init(ctx), 0);
	len = (size_t)snprintf(cond, cap, "proc.name in (");
	for (i = 0; i < 10000; i++)
		len += (size_t)snprintf(cond + len, cap - len, "%sname%05d", i ? ", " : "",
					_i ? 9999 - i : i);
	snprintf(cond + len, cap - len, ", bash)");
	ck_assert_msg(t_compile(&a, cond, &prog, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(prog.sets[0].n, 10001);
	ck_assert_int_eq(vm_run(&prog, &t_acc, &ev_full, ctx), 1);
	vm_prog_free(&prog);

	/* The same list without bash: no match. */
	snprintf(cond + len, cap - len, ")");
	ck_assert_int_eq(t_compile(&a, cond, &prog, &err), 0);
	ck_assert_int_eq(vm_run(&prog, &t_acc, &ev_full, ctx), 0);
	vm_prog_free(&prog);

	len = (size_t)snprintf(cond, cap, "proc.pid in (");
	for (i = 0; i < 10000; i++)
		len += (size_t)snprintf(cond + len, cap - len, "%s%d", i ? ", " : "", i * 7 + 5);
	snprintf(cond + len, cap - len, ")");
	ck_assert_int_eq(t_compile(&a, cond, &prog, &err), 0);
	/* 1234 = 7 * 175 + 9: not in the list. */
	ck_assert_int_eq(vm_run(&prog, &t_acc, &ev_full, ctx), 0);
	vm_prog_free(&prog);
	snprintf(cond + len - 1, cap - len + 1, ", 1234)");
	ck_assert_int_eq(t_compile(&a, cond, &prog, &err), 0);
	ck_assert_int_eq(vm_run(&prog, &t_acc, &ev_full, ctx), 1);
	vm_prog_free(&prog);

	vm_ctx_destroy(ctx);
	free(ctx);
	free(cond);
	cond_arena_free(&a);
}
END_TEST

static char *nested(int depth, const char *inner, const char *open, const char *close)
{
	size_t lo = strlen(open), lc = strlen(close), li = strlen(inner);
	char *s = malloc((size_t)depth * (lo + lc) + li + 1), *p = s;
	int i;

	for (i = 0; i < depth; i++, p += lo)
		memcpy(p, open, lo);
	memcpy(p, inner, li);
	p += li;
	for (i = 0; i < depth; i++, p += lc)
		memcpy(p, close, lc);
	*p = '\0';
	return s;
}

START_TEST(test_deep_parens)
{
	struct cond_arena a = { 0 };
	struct vm_prog prog;
	struct cond_err err;
	struct vm_ctx *ctx = malloc(sizeof(*ctx));
	char *s;

	ck_assert_int_eq(vm_ctx_init(ctx), 0);
	s = nested(200, "proc.name = bash", "(", ")");
	ck_assert_msg(t_compile(&a, s, &prog, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(vm_run(&prog, &t_acc, &ev_full, ctx), 1);
	vm_prog_free(&prog);
	free(s);

	s = nested(200, "proc.name = bash", "not (", ")");
	ck_assert_msg(t_compile(&a, s, &prog, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(vm_run(&prog, &t_acc, &ev_full, ctx), 1);
	vm_prog_free(&prog);
	free(s);

	s = nested(100000, "proc.name = bash", "(", ")");
	ck_assert_int_ne(t_compile(&a, s, &prog, &err), 0);
	ck_assert_str_eq(err.msg, "exceeded max depth limit of 1000");
	free(s);

	s = nested(50000, "proc.name = bash", "not ", "");
	ck_assert_int_ne(t_compile(&a, s, &prog, &err), 0);
	ck_assert_str_eq(err.msg, "exceeded max depth limit of 1000");
	free(s);

	vm_ctx_destroy(ctx);
	free(ctx);
	cond_arena_free(&a);
}
END_TEST

struct err_case {
	const char *cond;
	unsigned int off;
	const char *msg;
};

static const struct err_case err_cases[] = {
	{ "", 0, "filter input string is empty" },
	{ "proc.name =", 11, "expected a string value or a field with a valid transformer" },
	{ "proc.nme = x", 0, "unknown field 'proc.nme'" },
	{ "proc.pid > abc", 11, "expected a number value or a field with a valid transformer" },
	{ "proc.pid = abc", 11, "'abc' is not a valid number for field 'proc.pid' of type s64" },
	{ "(proc.name = x", 14, "expected a ')' token" },
	{ "proc.name = x)", 13, "unexpected token after 'x', expecting 'or', 'and'" },
	{ "proc.name < 5", 0, "operator '<' is not supported on field 'proc.name' of type string" },
	{ "fd.sip = notanip", 9, "'notanip' is not an IP address or network for field 'fd.sip'" },
	{ "fd.sip in (10.0.0.0/33)", 11, "'10.0.0.0/33' is not an IP address or network for field 'fd.sip'" },
	{ "evt.is_open_write = maybe", 20, "'maybe' is not a boolean (true or false) for field 'evt.is_open_write'" },
	{ "fd.sport = 70000", 11, "'70000' is not a valid port" },
	{ "proc.name regex '['", 16, "invalid regex '[': missing terminating ] for character class at offset 1" },
	{ "proc.aname[x] = a", 0, "field 'proc.aname' needs a numeric argument, not 'x'" },
	{ "thread.cgroup = x", 0, "field 'thread.cgroup' requires an argument" },
	{ "proc.name[1] = x", 0, "field 'proc.name' does not take an argument" },
	{ "proc.name bcontains zz", 20, "'zz' is not a hexadecimal byte string" },
	{ "proc.name = a and", 17, "expected blank or '(' after 'and'" },
	{ "proc.name = a andx", 17, "expected blank or '(' after 'and'" },
	{ "proc.name = a or", 16, "expected blank or '(' after 'or'" },
	{ "tolower(proc.pid) = 1", 0, "can't add field transformer: type 's64' is not supported by 'tolower' transformer applied on field 'proc.pid'" },
	{ "proc.name = \"a\\q\"", 12, "unsupported string escape sequence" },
	{ "proc.name = 'a\\\"'", 12, "invalid \\\" escape in '-quoted string" },
	{ "proc.name foo bar", 10, "expected a valid check operator: one of 'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch'" },
	{ "proc.name in (a, b", 18, "expected a ')' token" },
	{ "proc.name = val(proc.pid)", 12, "field 'proc.name' has type 'string' while the right-hand side field 'proc.pid' has incompatible type 's64'" },
	{ "proc.name in val(proc.pname)", 0, "operator 'in' does not accept a field value" },
	{ "proc.aname[1 = x", 12, "expected a ']' token" },
	{ "evt.arg.flags[1] = x", 0, "field 'evt.arg.flags' has both a suffix and an argument" },
};

START_TEST(test_errors)
{
	const struct err_case *c = &err_cases[_i];
	struct cond_arena a = { 0 };
	struct vm_prog prog;
	struct cond_err err;

	ck_assert_msg(t_compile(&a, c->cond, &prog, &err) != 0, "%s compiled", c->cond);
	ck_assert_str_eq(err.msg, c->msg);
	ck_assert_msg(err.pos.off == c->off, "%s: offset %u, want %u", c->cond, err.pos.off, c->off);
	cond_arena_free(&a);
}
END_TEST

Suite *cond_eval_suite(void)
{
	Suite *s = suite_create("cond_eval");
	TCase *tc = tcase_create("eval");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_eval_table, 0, sizeof(eval_cases) / sizeof(eval_cases[0]));
	tcase_add_test(tc, test_eval_graph);
	tcase_add_test(tc, test_graph_needs_event);
	tcase_add_loop_test(tc, test_big_list, 0, 2);
	tcase_add_test(tc, test_deep_parens);
	tcase_add_loop_test(tc, test_errors, 0, sizeof(err_cases) / sizeof(err_cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
