// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Output strings (outfmt.c) resolved through the field accessor on a
 * synthetic failed openat record, without state: literal text, %field,
 * %field[arg], evt.arg.<name>, trailing punctuation, absent fields as
 * <NA>, -p extra fields, output_fields, and compile errors.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "check_state_rec.h"
#include "decode.h"
#include "fields.h"
#include "outfmt.h"
#include "suites.h"

static __u64 rec_buf[64];
static __u32 rec_mode = 0644;
static const char *rec_path = "/etc/shadow";

static const struct vigil_event *make_openat(void)
{
	struct vigil_event *ev = (struct vigil_event *)rec_buf;
	struct vigil_ev_openat *o = (struct vigil_ev_openat *)(ev + 1);
	const char *path = rec_path;
	size_t plen = strlen(path) + 1;
	char *var = (char *)(o + 1);

	memset(rec_buf, 0, sizeof(rec_buf));
	ev->type = VIGIL_EV_OPENAT;
	ev->res = -2;
	ev->tid = ev->tgid = 42;
	ev->cpu = 1;
	memcpy(ev->comm, "cat", 4);
	o->dirfd = (__u64)-100;
	o->flags = 0;
	o->mode = rec_mode;
	o->name.off = (__u16)((char *)var - (char *)ev);
	o->name.len = (__u16)(plen - 1);
	memcpy(var, path, plen);
	ev->len = (__u32)(((char *)var - (char *)ev + plen + 7) & ~7UL);
	return ev;
}

static const struct {
	const char *fmt, *extra, *want;
} render_cases[] = {
	{ "plain text", NULL, "plain text" },
	{ "%evt.type by %proc.name", NULL, "openat by cat" },
	{ "file=%fd.name.", NULL, "file=/etc/shadow." },
	{ "%evt.res %evt.rawres %evt.failed", NULL, "ENOENT -2 true" },
	{ "dir=%fd.directory name=%fd.filename", NULL, "dir=/etc name=shadow" },
	{ "(%proc.aname[2])", NULL, "(<NA>)" },
	{ "%evt.arg.name|%evt.arg[1]", NULL, "/etc/shadow|/etc/shadow" },
	{ "pid=%proc.pid cpu=%evt.cpu", "tid=%thread.tid", "pid=42 cpu=1 tid=42" },
	{ "100% sure %", NULL, "100% sure %" },
	{ "%evt.num", NULL, "7" },
	{ "mode=%evt.arg.mode raw=%evt.rawarg.mode", NULL, "mode=0644 raw=420" },
};

START_TEST(test_render)
{
	struct outfmt f;
	static struct acc a;
	char err[128], out[512];

	acc_init(&a, NULL, 0);
	acc_begin(&a, make_openat(), 7);
	ck_assert_int_eq(outfmt_compile(&f, render_cases[_i].fmt,
					 render_cases[_i].extra, err,
					 sizeof(err)), 0);
	outfmt_render(&f, &a, out, sizeof(out));
	ck_assert_str_eq(out, render_cases[_i].want);
	outfmt_free(&f);
}
END_TEST

START_TEST(test_fields)
{
	const char *names[8], *values[8];
	static char vbuf[1024];
	static struct acc a;
	struct outfmt f;
	bool json[8];
	char err[128];
	unsigned int n;

	acc_init(&a, NULL, 0);
	acc_begin(&a, make_openat(), 7);
	ck_assert_int_eq(outfmt_compile(&f, "%fd.name %evt.num %fd.name "
					 "%proc.exepath", NULL, err,
					 sizeof(err)), 0);
	n = outfmt_fields(&f, &a, names, values, json, 8, vbuf, sizeof(vbuf));
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(names[0], "fd.name");
	ck_assert_str_eq(values[0], "/etc/shadow");
	ck_assert(!json[0]);
	ck_assert_str_eq(names[1], "evt.num");
	ck_assert_str_eq(values[1], "7");
	ck_assert(json[1]);
	ck_assert_str_eq(names[2], "proc.exepath");
	ck_assert_ptr_null(values[2]);
	outfmt_free(&f);
}
END_TEST

/*
 * A record passed by (acc_pass(): no rule runs on its type) still counts
 * as the previous one for evt.deltatime; the first one starts evt.reltime.
 */
START_TEST(test_pass)
{
	static __u64 bufs[3][64];
	struct vigil_event *ev[3];
	struct outfmt f;
	static struct acc a;
	char err[128], out[64];
	int i;

	for (i = 0; i < 3; i++) {
		ev[i] = (struct vigil_event *)bufs[i];
		memcpy(ev[i], make_openat(), sizeof(bufs[i]));
		ev[i]->ts_ns = 1000 + 4000 * (__u64)i;
	}
	ck_assert_int_eq(outfmt_compile(&f, "%evt.reltime %evt.deltatime %evt.num",
					 NULL, err, sizeof(err)), 0);
	acc_init(&a, NULL, 0);
	acc_pass(&a, ev[0]);
	acc_pass(&a, ev[1]);
	acc_begin(&a, ev[2], 9);
	outfmt_render(&f, &a, out, sizeof(out));
	ck_assert_str_eq(out, "8000 4000 9");
	acc_init(&a, NULL, 0);
	acc_begin(&a, ev[0], 1);
	acc_pass(&a, ev[1]);
	acc_begin(&a, ev[2], 3);
	outfmt_render(&f, &a, out, sizeof(out));
	ck_assert_str_eq(out, "8000 4000 3");
	outfmt_free(&f);
}
END_TEST

/* evt.is_open_read/_write from each open type's own flags. */
static const struct {
	__u16 type;
	__u64 flags;
	const char *want;
} open_rw_cases[] = {
	{ VIGIL_EV_OPEN, O_RDONLY, "true false" },
	{ VIGIL_EV_OPEN, O_WRONLY | O_CREAT, "false true" },
	{ VIGIL_EV_OPENAT, O_RDWR, "true true" },
	{ VIGIL_EV_OPENAT, O_WRONLY, "false true" },
	{ VIGIL_EV_OPENAT2, O_RDONLY, "true false" },
	{ VIGIL_EV_OPENAT2, O_RDWR | O_TRUNC, "true true" },
	{ VIGIL_EV_CREAT, O_RDONLY, "false true" },	/* flags are creat's */
	{ VIGIL_EV_CLOSE, O_RDWR, "<NA> <NA>" },
};

START_TEST(test_open_rw)
{
	static __u64 buf[64];
	struct vigil_event *ev = (struct vigil_event *)buf;
	void *pl = ev + 1;
	struct outfmt f;
	static struct acc a;
	char err[128], out[64];

	memset(buf, 0, sizeof(buf));
	ev->type = open_rw_cases[_i].type;
	ev->res = 3;
	ev->len = (__u32)vigil_rec_min_len(ev->type);
	switch (ev->type) {
	case VIGIL_EV_OPEN:
		((struct vigil_ev_open *)pl)->flags = open_rw_cases[_i].flags;
		break;
	case VIGIL_EV_OPENAT:
		((struct vigil_ev_openat *)pl)->flags = open_rw_cases[_i].flags;
		break;
	case VIGIL_EV_OPENAT2:
		((struct vigil_ev_openat2 *)pl)->flags = open_rw_cases[_i].flags;
		break;
	}
	ck_assert_int_eq(vigil_rec_check(ev), 0);
	ck_assert_int_eq(outfmt_compile(&f, "%evt.is_open_read %evt.is_open_write",
					 NULL, err, sizeof(err)), 0);
	acc_init(&a, NULL, 0);
	acc_begin(&a, ev, 1);
	outfmt_render(&f, &a, out, sizeof(out));
	ck_assert_str_eq(out, open_rw_cases[_i].want);
	outfmt_free(&f);
}
END_TEST

/* A zero mode reads "0", as sysdig's "%#o" gives it. */
START_TEST(test_mode_zero)
{
	struct outfmt f;
	static struct acc a;
	char err[128], out[64];

	rec_mode = 0;
	acc_init(&a, NULL, 0);
	acc_begin(&a, make_openat(), 7);
	rec_mode = 0644;
	ck_assert_int_eq(outfmt_compile(&f, "%evt.arg.mode", NULL, err,
					 sizeof(err)), 0);
	outfmt_render(&f, &a, out, sizeof(out));
	ck_assert_str_eq(out, "0");
	outfmt_free(&f);
}
END_TEST

/*
 * A failed open's name, without state: fd.name, fd.directory, fd.filename
 * and fs.path.name normalised lexically, the *raw fields as recorded.
 */
START_TEST(test_name_norm)
{
	struct outfmt f;
	static struct acc a;
	char err[128], out[512];

	rec_path = "/tmp/vt/sub/..//../../etc/./shadow";
	acc_init(&a, NULL, 0);
	acc_begin(&a, make_openat(), 7);
	rec_path = "/etc/shadow";
	ck_assert_int_eq(outfmt_compile(&f, "%fd.name %fd.directory "
					 "%fd.filename %fs.path.name|%fd.nameraw "
					 "%fs.path.nameraw", NULL, err,
					 sizeof(err)), 0);
	outfmt_render(&f, &a, out, sizeof(out));
	ck_assert_str_eq(out, "/etc/shadow /etc shadow /etc/shadow|"
			 "/tmp/vt/sub/..//../../etc/./shadow "
			 "/tmp/vt/sub/..//../../etc/./shadow");
	outfmt_free(&f);
}
END_TEST

/*
 * The two paths of a rename and of a symlink: fs.path.source/target and
 * evt.abspath.src/dst normalised lexically, the *raw fields as recorded,
 * a symlink's target (its content, not a path it opens) never normalised;
 * fs.path.name and evt.abspath absent on two-path events.
 */
START_TEST(test_two_paths_norm)
{
	static const struct ttask t = { 42, 42, 1, "mv" };
	static struct trec r;
	static struct acc a;
	struct vigil_ev_renameat *rn;
	struct vigil_ev_symlinkat *sl;
	struct outfmt f;
	char err[128], out[512];

	rn = TREC(&r, RENAMEAT, renameat, &t, 0);
	rn->olddirfd = rn->newdirfd = (__u64)-100;
	trec_str(&r, &rn->oldpath, "/tmp/a/../x//y");
	trec_str(&r, &rn->newpath, "/etc/./cron.d/z");
	acc_init(&a, NULL, 0);
	acc_begin(&a, &r.u.ev, 7);
	ck_assert_int_eq(outfmt_compile(&f, "%fs.path.source %fs.path.target "
					 "%evt.abspath.src %evt.abspath.dst|"
					 "%fs.path.sourceraw %fs.path.targetraw|"
					 "%fs.path.name %evt.abspath", NULL, err,
					 sizeof(err)), 0);
	outfmt_render(&f, &a, out, sizeof(out));
	ck_assert_str_eq(out, "/tmp/x/y /etc/cron.d/z /tmp/x/y /etc/cron.d/z|"
			 "/tmp/a/../x//y /etc/./cron.d/z|<NA> <NA>");

	sl = TREC(&r, SYMLINKAT, symlinkat, &t, 0);
	sl->newdirfd = (__u64)-100;
	trec_str(&r, &sl->target, "/etc/./shadow");
	trec_str(&r, &sl->linkpath, "/tmp//lnk");
	acc_begin(&a, &r.u.ev, 8);
	outfmt_render(&f, &a, out, sizeof(out));
	ck_assert_str_eq(out, "/etc/./shadow /tmp/lnk /etc/./shadow /tmp/lnk|"
			 "/etc/./shadow /tmp//lnk|<NA> <NA>");
	outfmt_free(&f);
}
END_TEST

/*
 * keep (vm.h): a string in the record says it stays put for the event, one
 * formatted into the accessor's reused buffers does not.
 */
START_TEST(test_keep)
{
	static struct acc a;
	const struct vigil_event *ev = make_openat();
	struct vm_fref name = { .fid = FID_FD_NAME, .idx = -1 };
	struct vm_fref mode = { .fid = FID_EVT_ARG, .idx = -1, .key = "mode", .keylen = 4 };
	struct vm_val v[4];

	acc_init(&a, NULL, 0);
	acc_begin(&a, ev, 7);
	ck_assert_int_eq(acc_load(&a, ev, &name, v, 4), 1);
	ck_assert_uint_eq(v[0].len, 11);
	ck_assert(v[0].keep);
	ck_assert_int_eq(acc_load(&a, ev, &mode, v, 4), 1);
	ck_assert_uint_eq(v[0].len, 4);
	ck_assert(!memcmp(v[0].s, "0644", 4));
	ck_assert(!v[0].keep);
}
END_TEST

static const struct {
	const char *fmt, *err;
} bad_cases[] = {
	{ "%proc.nosuch", "invalid formatting token proc.nosuch" },
	{ "%evt.arg", "field 'evt.arg' needs an argument" },
	{ "%proc.pid[3]", "field 'proc.pid' takes no argument" },
};

START_TEST(test_bad)
{
	struct outfmt f;
	char err[128] = "";

	ck_assert_int_eq(outfmt_compile(&f, bad_cases[_i].fmt, NULL, err,
					sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, bad_cases[_i].err);
}
END_TEST

/*
 * Numbers Falco's event table prints with PF_HEX (PT_UINT32/PT_UINT64):
 * sysdig writes them in upper-case hex digits with no prefix.  The wanted
 * texts below are those digits worked out by hand (0755 = 0x1ED), not
 * vigil's output.  The record is the header and the payload's 8-byte slots
 * (string slots left empty); evt.rawarg stays the decimal number.
 */
static const struct {
	__u16 type;
	__s64 res;
	__u64 slot[8];
	const char *fmt, *want;
} hex_cases[] = {
	/* mkdir: path, mode (PT_UINT32, PF_HEX) */
	{ VIGIL_EV_MKDIR, 0, { 0, 0755 }, "%evt.arg.mode %evt.rawarg.mode",
	  "1ED 493" },
	/* mkdirat: dirfd, path, mode (PT_UINT32, PF_HEX) */
	{ VIGIL_EV_MKDIRAT, -17, { (__u64)-100, 0, 01777 }, "%evt.arg.mode",
	  "3FF" },
	{ VIGIL_EV_MKDIRAT, 0, { 3, 0, 0 }, "%evt.arg.mode", "0" },
	/* mprotect: addr (PT_UINT64, PF_HEX), len, prot */
	{ VIGIL_EV_MPROTECT, 0, { 0x7f3a0c5db000ULL, 4096, 1 },
	  "%evt.arg.addr %evt.arg.len", "7F3A0C5DB000 4096" },
	/* capset: pid, effective, permitted, inheritable (PT_UINT64, PF_HEX) */
	{ VIGIL_EV_CAPSET, 0, { 0, 0x1ffffffffffULL, 0xa80425fb, 0 },
	  "%evt.arg.effective %evt.arg.permitted %evt.arg.inheritable",
	  "1FFFFFFFFFF A80425FB 0" },
	/* mmap's res is an address (PT_UINT64, PF_HEX), a failure too */
	{ VIGIL_EV_MMAP, 0x7fa6972c3000LL, { 0 }, "%evt.arg.res %evt.rawres",
	  "7FA6972C3000 140353477554176" },
	{ VIGIL_EV_MMAP, -12, { 0 }, "%evt.arg.res", "FFFFFFFFFFFFFFF4" },
	/* the open family keeps PF_OCT */
	{ VIGIL_EV_CREAT, 3, { 0, 0640 }, "%evt.arg.mode", "0640" },
};

START_TEST(test_hex_args)
{
	static __u64 buf[32];
	struct vigil_event *ev = (struct vigil_event *)buf;
	static struct acc a;
	struct outfmt f;
	char err[128], out[128];

	memset(buf, 0, sizeof(buf));
	ev->type = hex_cases[_i].type;
	ev->res = hex_cases[_i].res;
	ev->tid = ev->tgid = 42;
	memcpy(ev + 1, hex_cases[_i].slot, sizeof(hex_cases[_i].slot));
	ev->len = sizeof(*ev) + sizeof(hex_cases[_i].slot);
	acc_init(&a, NULL, 0);
	acc_begin(&a, ev, 1);
	ck_assert_int_eq(outfmt_compile(&f, hex_cases[_i].fmt, NULL, err,
					 sizeof(err)), 0);
	outfmt_render(&f, &a, out, sizeof(out));
	ck_assert_str_eq(out, hex_cases[_i].want);
	outfmt_free(&f);
}
END_TEST

Suite *outfmt_suite(void)
{
	Suite *s = suite_create("outfmt");
	TCase *tc = tcase_create("outfmt");

	tcase_add_loop_test(tc, test_render, 0,
			    sizeof(render_cases) / sizeof(render_cases[0]));
	tcase_add_test(tc, test_fields);
	tcase_add_test(tc, test_mode_zero);
	tcase_add_test(tc, test_pass);
	tcase_add_loop_test(tc, test_open_rw, 0,
			    sizeof(open_rw_cases) / sizeof(open_rw_cases[0]));
	tcase_add_test(tc, test_name_norm);
	tcase_add_test(tc, test_two_paths_norm);
	tcase_add_loop_test(tc, test_hex_args, 0,
			    sizeof(hex_cases) / sizeof(hex_cases[0]));
	tcase_add_test(tc, test_keep);
	tcase_add_loop_test(tc, test_bad, 0,
			    sizeof(bad_cases) / sizeof(bad_cases[0]));
	suite_add_tcase(s, tc);
	return s;
}
