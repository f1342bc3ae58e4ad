// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vigil capture files (capture.c, capture_state.c): a state snapshot and
 * records written, read back and applied to a fresh state; truncation
 * at every byte (stored and compressed) never crashes, returns every
 * block before the cut and names an offset at or before it; damaged
 * block headers are reported at their exact offset.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "capture_int.h"
#include "decode.h"
#include "check_state_rec.h"
#include "suites.h"

static const char passwd_text[] = "root:x:0:0:root:/root:/bin/sh\n"
				  "alice:x:1000:1000::/home/alice:/bin/sh\n";
static const char group_text[] = "root:x:0:\nalice:x:1000:\n";
static const char cg[] = "/docker/"
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

static struct vigil_state *new_state(const char *dir)
{
	struct vigil_state_cfg cfg;
	char pw[512], gr[512];

	vigil_state_cfg_default(&cfg);
	snprintf(pw, sizeof(pw), "%s/passwd", dir);
	snprintf(gr, sizeof(gr), "%s/group", dir);
	cfg.proc_root = "/nonexistent-vigil-proc";
	cfg.passwd_path = pw;
	cfg.group_path = gr;
	cfg.lookup_missing = 0;
	return vigil_state_open(&cfg);
}

static struct trec recs[3];

/* A shell (pid 100, in a container) with /etc/shadow open as fd 3. */
static struct vigil_state *make_state(const char *dir)
{
	static const struct ttask init = { 1, 1, 0, "init" };
	static const struct ttask sh = { 100, 100, 1, "sh" };
	static const char *const argv[] = { "sh", "-c", "cat /etc/shadow",
					    NULL };
	struct vigil_state *st = new_state(dir);
	struct vigil_ev_openat *o;
	struct vigil_ev_clone *c;
	int i;

	ck_assert_ptr_nonnull(st);
	tdo_fork(st, &init, 100, 0);
	/* the child's clone record: pid 7 in its pid namespace */
	c = TREC(&recs[0], CLONE, clone, &sh, 0);
	c->vpid = c->vtid = 7;
	ck_assert_int_eq(trec_feed(st, &recs[0]), 0);
	tdo_exec(st, &sh, argv, "/bin/sh", "/root", cg);
	tdo_open(st, &sh, 3, "/etc/shadow", 0);
	for (i = 0; i < 3; i++) {
		o = TREC(&recs[i], OPENAT, openat, &sh, 4 + i);
		o->dirfd = -100;
		trec_str(&recs[i], &o->name, i ? "/etc/passwd" : "/etc/hosts");
	}
	return st;
}

static void write_capture(const char *dir, const char *path, int level)
{
	struct vigil_state *st = make_state(dir);
	struct capture_writer *w;
	char pw[512], gr[512];
	int i;

	snprintf(pw, sizeof(pw), "%s/passwd", dir);
	snprintf(gr, sizeof(gr), "%s/group", dir);
	w = capture_create(path, 12345, level);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(capture_write_state(w, st, pw, gr), 0);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(capture_write_event(w, &recs[i].u.ev), 0);
	ck_assert_int_eq(capture_close(w, 7), 0);
	vigil_state_close(st);
}

static char *fixture(void)
{
	char *dir = tfix_dir();

	tfix_write(dir, "passwd", passwd_text);
	tfix_write(dir, "group", group_text);
	return dir;
}

START_TEST(test_round_trip)
{
	char *dir = fixture(), path[512], err[256], cmd[256];
	const struct vigil_container *c;
	const struct vigil_thread *t;
	const struct vigil_fd *f;
	struct capture_reader *r;
	struct vigil_state *st;
	const void *data;
	__u32 type, len;
	int n, nev = 0, npw = 0;
	size_t l;

	snprintf(path, sizeof(path), "%s/cap.vgl", dir);
	write_capture(dir, path, _i ? 6 : 0);
	ck_assert_int_eq(capture_probe(path), 1);
	r = capture_open(path, err, sizeof(err));
	ck_assert_msg(r != NULL, "%s", err);
	ck_assert_uint_eq(capture_hdr(r)->wall_base_ns, 12345);
	st = new_state("/nonexistent-vigil-etc");
	while ((n = capture_next(r, &type, &data, &len)) > 0) {
		if (type == CAP_BLK_PASSWD) {
			ck_assert_uint_eq(len, strlen(passwd_text));
			ck_assert(!memcmp(data, passwd_text, len));
			npw++;
		} else if (type == CAP_BLK_EVENT) {
			ck_assert_uint_eq(len, recs[nev].u.ev.len);
			ck_assert(!memcmp(data, &recs[nev].u.ev, len));
			nev++;
		} else if (type == CAP_BLK_END) {
			ck_assert_uint_eq(((const struct capture_end *)data)->events, 3);
			ck_assert_uint_eq(((const struct capture_end *)data)->drops, 7);
		} else {
			ck_assert_int_eq(capture_apply(st, type, data, len), 0);
		}
	}
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(nev, 3);
	ck_assert_int_eq(npw, 1);
	t = vigil_state_thread(st, 100);
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(vigil_proc_exepath(vigil_thread_proc(t)), "/bin/sh");
	ck_assert_str_eq(vigil_proc_cwd(vigil_thread_proc(t)), "/root");
	vigil_proc_cmdline(vigil_thread_proc(t), cmd, sizeof(cmd));
	ck_assert_str_eq(cmd, "sh -c cat /etc/shadow");
	ck_assert_uint_eq(vigil_proc_ppid(vigil_thread_proc(t)), 1);
	ck_assert_uint_eq(vigil_proc_vpid(vigil_thread_proc(t)), 7);
	ck_assert_uint_eq(vigil_thread_vpid(t), 7);
	ck_assert_uint_eq(vigil_thread_vtid(t), 7);
	ck_assert_ptr_nonnull(vigil_proc_ancestor(st, vigil_thread_proc(t), 1));
	f = vigil_state_fd(st, t, 3);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(vigil_fd_name(f, &l), "/etc/shadow");
	c = vigil_proc_container(st, vigil_thread_proc(t));
	ck_assert_str_eq(c->id, "0123456789ab");
	capture_close_reader(r);
	vigil_state_close(st);
	tfix_rmrf(dir);
}
END_TEST

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b = malloc(1 << 20);

	ck_assert_ptr_nonnull(f);
	*len = fread(b, 1, 1 << 20, f);
	fclose(f);
	return b;
}

/* Blocks returned, and the result of the last capture_next(). */
static int read_all(const char *path, int *last, char *msg, size_t size,
		    int *opened)
{
	struct capture_reader *r;
	const void *data;
	__u32 type, len;
	int n, blocks = 0;

	r = capture_open(path, msg, size);
	*opened = r != NULL;
	if (!r)
		return 0;
	while ((n = capture_next(r, &type, &data, &len)) > 0)
		blocks++;
	*last = n;
	snprintf(msg, size, "%s", capture_error(r));
	capture_close_reader(r);
	return blocks;
}

START_TEST(test_truncation)
{
	char *dir = fixture(), path[512], cut[512], msg[256], fail[512] = "";
	unsigned char *full;
	size_t len, k;
	unsigned long long at;
	int last = 0, opened, blocks, prev = 0, total, bad = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/cap.vgl", dir);
	snprintf(cut, sizeof(cut), "%s/cut.vgl", dir);
	write_capture(dir, path, _i ? 6 : 0);
	full = slurp(path, &len);
	total = read_all(path, &last, msg, sizeof(msg), &opened);
	ck_assert_int_eq(last, 0);
	for (k = 0; k < len && !bad; k++) {
		f = fopen(cut, "wb");
		fwrite(full, 1, k, f);
		fclose(f);
		last = 1;
		blocks = read_all(cut, &last, msg, sizeof(msg), &opened);
		if (!opened)
			continue;	/* header incomplete: open refused */
		if (last >= 0 || blocks >= total) {
			snprintf(fail, sizeof(fail), "cut at %zu: result %d, "
				 "%d blocks", k, last, blocks);
			bad = 1;
		} else if (sscanf(msg, "damaged capture at byte %llu:", &at) != 1 ||
			   (!_i && at > k)) {
			snprintf(fail, sizeof(fail), "cut at %zu: '%s'", k,
				 msg);
			bad = 1;
		} else if (blocks < prev) {
			snprintf(fail, sizeof(fail), "cut at %zu: %d blocks, "
				 "fewer than at the cut before", k, blocks);
			bad = 1;
		}
		prev = opened ? blocks : prev;
	}
	ck_assert_msg(!bad, "%s", fail);
	/* the stored stream: the last cut returns all but the END block */
	if (!_i)
		ck_assert_int_eq(prev, total - 1);
	free(full);
	tfix_rmrf(dir);
}
END_TEST

START_TEST(test_damage)
{
	char *dir = fixture(), path[512], msg[512];
	unsigned char *full;
	struct capture_block bh;
	size_t len, off = sizeof(struct capture_header);
	int last = 0, opened, blocks;
	FILE *f;

	snprintf(path, sizeof(path), "%s/cap.vgl", dir);
	write_capture(dir, path, 0);
	full = slurp(path, &len);
	/* the stored gzip framing: a 10-byte gzip header, then stored
	 * deflate blocks; find the third block header in the plain bytes */
	full = realloc(full, len);
	{
		unsigned char *hdr = memmem(full, len, CAPTURE_MAGIC, 8);
		size_t base = (size_t)(hdr - full), i;

		for (i = 0; i < 2; i++) {
			memcpy(&bh, hdr + off, sizeof(bh));
			off += sizeof(bh) + ((bh.len + 7) & ~7U);
		}
		memcpy(&bh, hdr + off, sizeof(bh));
		bh.type = 99;
		memcpy(full + base + off, &bh, sizeof(bh));
	}
	f = fopen(path, "wb");
	fwrite(full, 1, len, f);
	fclose(f);
	blocks = read_all(path, &last, msg, sizeof(msg), &opened);
	ck_assert(opened);
	ck_assert_int_eq(blocks, 2);
	ck_assert_int_eq(last, -EPROTO);
	snprintf(path, sizeof(path), "damaged capture at byte %zu: unknown "
		 "block type 99", off);
	ck_assert_str_eq(msg, path);
	free(full);
	tfix_rmrf(dir);
}
END_TEST

/* A version 1 thread block too short for its fixed part: an error, no widening. */
START_TEST(test_v1_thread_short)
{
	char *dir = tfix_dir(), path[512], msg[256], want[128];
	struct capture_block bh = { CAP_BLK_THREAD, 56 };
	unsigned char body[56] = { 0 };
	struct capture_header h;
	int last = 0, opened;
	FILE *f;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, CAPTURE_MAGIC, sizeof(h.magic));
	h.version = 1;
	h.hdr_size = sizeof(h);
	h.abi_version = VIGIL_ABI_VERSION;
	snprintf(path, sizeof(path), "%s/v1.vgl", dir);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	fwrite(&h, 1, sizeof(h), f);
	fwrite(&bh, 1, sizeof(bh), f);
	fwrite(body, 1, sizeof(body), f);
	fclose(f);
	ck_assert_int_eq(read_all(path, &last, msg, sizeof(msg), &opened), 0);
	ck_assert(opened);
	ck_assert_int_eq(last, -EPROTO);
	snprintf(want, sizeof(want), "damaged capture at byte %zu: bad thread block",
		 sizeof(h));
	ck_assert_str_eq(msg, want);
	tfix_rmrf(dir);
}
END_TEST

START_TEST(test_not_capture)
{
	char err[256];

	ck_assert_int_eq(capture_probe("/etc/hostname"), 0);
	ck_assert_ptr_null(capture_open("/etc/hostname", err, sizeof(err)));
	ck_assert_ptr_null(capture_open("/nonexistent/x", err, sizeof(err)));
	ck_assert_str_eq(err, "/nonexistent/x: No such file or directory");
}
END_TEST

/* Field name of an event of the ABI 1 file: its bytes, or its number. */
static int abi1_bytes(const struct vigil_event *ev, const char *name,
		      const char *want, size_t len)
{
	const struct vigil_type_desc *td = vigil_type_desc(ev->type);
	const char *p;
	size_t n;

	if (vigil_field_bytes(ev, vigil_field_by_name(td, name), &p, &n))
		return 0;
	return n == len && !memcmp(p, want, n);
}
#define abi1_str(ev, name, want) abi1_bytes(ev, name, want, strlen(want))

static __s64 abi1_num(const struct vigil_event *ev, const char *name)
{
	const struct vigil_type_desc *td = vigil_type_desc(ev->type);

	return (__s64)vigil_field_u64(ev, vigil_field_by_name(td, name));
}

/*
 * tests/capture/abi1.vgl was written by the agent of commit d9e1d4a^
 * (ABI 1) with its capture writer: a snapshot (init, sh pid 100 in a
 * docker cgroup, /etc/shadow as its fd 3), then sched_fork (96 bytes in
 * ABI 1), clone (88) and execve (312) of child 200, and its openat.  Read
 * today, the records come in the ABI 2 layout: 16 bytes longer where ABI
 * 2 added two fields, those fields 0, every string where it was.
 */
START_TEST(test_abi1)
{
	static const char *const types[] = { "sched_fork", "clone", "execve",
					     "openat" };
	static const __u32 v1_len[] = { 96, 88, 312, 0 };
	const struct vigil_event *ev;
	struct capture_reader *r;
	struct vigil_state *st;
	const void *data;
	char err[256], cmd[256];
	__u32 type, len;
	int n, nev = 0;

	r = capture_open("tests/capture/abi1.vgl", err, sizeof(err));
	ck_assert_msg(r != NULL, "%s", err);
	ck_assert_uint_eq(capture_hdr(r)->abi_version, 1);
	st = new_state("/nonexistent-vigil-etc");
	while ((n = capture_next(r, &type, &data, &len)) > 0) {
		if (type == CAP_BLK_END)
			continue;
		if (type != CAP_BLK_EVENT) {
			ck_assert_int_eq(capture_apply(st, type, data, len), 0);
			continue;
		}
		ev = data;
		ck_assert_int_lt(nev, 4);
		ck_assert_str_eq(vigil_type_desc(ev->type)->name, types[nev]);
		ck_assert_uint_eq(ev->len, len);
		ck_assert_int_eq(vigil_rec_check(ev), 0);
		if (v1_len[nev])
			ck_assert_uint_eq(len, v1_len[nev] + 16);
		nev++;
		switch (ev->type) {
		case VIGIL_EV_SCHED_FORK:
			ck_assert_int_eq(abi1_num(ev, "child_tgid"), 200);
			ck_assert_int_eq(abi1_num(ev, "child_vtid"), 0);
			ck_assert_int_eq(abi1_num(ev, "child_vtgid"), 0);
			break;
		case VIGIL_EV_CLONE:
			ck_assert_int_eq(ev->res, 200);
			ck_assert_int_eq(abi1_num(ev, "flags"), 17);
			ck_assert_int_eq(abi1_num(ev, "vpid"), 0);
			break;
		case VIGIL_EV_EXECVE:
			ck_assert(abi1_str(ev, "filename", "/usr/bin/cat"));
			ck_assert(abi1_bytes(ev, "argv", "cat\0/etc/shadow",
					     sizeof("cat\0/etc/shadow")));
			ck_assert(abi1_str(ev, "cwd", "/root"));
			/* a list: NUL-separated, the last NUL counted */
			ck_assert(abi1_bytes(ev, "env", "HOME=/root",
					     sizeof("HOME=/root")));
			ck_assert_int_eq(abi1_num(ev, "sid"), 100);
			ck_assert_int_eq(abi1_num(ev, "vpid"), 0);
			ck_assert_int_eq(abi1_num(ev, "vtid"), 0);
			break;
		default:
			ck_assert(abi1_str(ev, "name", "/etc/shadow"));
		}
	}
	ck_assert_msg(n == 0, "%s", capture_error(r));
	ck_assert_int_eq(nev, 4);
	/* the snapshot: the thread block's vpid word was reserved (0) */
	vigil_proc_cmdline(vigil_thread_proc(vigil_state_thread(st, 100)), cmd,
			   sizeof(cmd));
	ck_assert_str_eq(cmd, "sh -c cat /etc/shadow");
	ck_assert_uint_eq(vigil_thread_vpid(vigil_state_thread(st, 100)), 0);
	/* a version 1 file: its thread blocks widened, no vtid */
	ck_assert_uint_eq(capture_hdr(r)->version, 1);
	ck_assert_uint_eq(vigil_thread_vtid(vigil_state_thread(st, 100)), 0);
	capture_close_reader(r);
	vigil_state_close(st);
}
END_TEST

/* An ABI 1 record too short for its old payload, or with no room left. */
START_TEST(test_abi1_bad)
{
	static __u64 buf[64];
	struct vigil_event *ev = (struct vigil_event *)buf;
	__u32 len;

	memset(buf, 0, sizeof(buf));
	ev->type = VIGIL_EV_EXECVE;
	/* one 8-byte slot short of the ABI 1 payload */
	len = sizeof(*ev) + sizeof(struct vigil_ev_execve) - 24;
	ev->len = len;
	ck_assert_int_eq(capture_abi1_record(buf, sizeof(buf), &len), -EINVAL);
	len = sizeof(*ev) + sizeof(struct vigil_ev_execve) - 16;
	ev->len = len;
	ck_assert_int_eq(capture_abi1_record(buf, len + 8, &len), -EINVAL);
	ck_assert_int_eq(capture_abi1_record(buf, sizeof(buf), &len), 0);
	ck_assert_uint_eq(len, sizeof(*ev) + sizeof(struct vigil_ev_execve));
	ck_assert_uint_eq(ev->len, len);
	/* the length must match the record's */
	ev->len = len + 8;
	ck_assert_int_eq(capture_abi1_record(buf, sizeof(buf), &len), -EINVAL);
	/* other types are left as they are */
	ev->type = VIGIL_EV_OPENAT;
	ev->len = len;
	ck_assert_int_eq(capture_abi1_record(buf, sizeof(buf), &len), 0);
	ck_assert_uint_eq(len, ev->len);
}
END_TEST

Suite *capture_suite(void)
{
	Suite *s = suite_create("capture");
	TCase *tc = tcase_create("capture");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_round_trip, 0, 2);
	tcase_add_loop_test(tc, test_truncation, 0, 2);
	tcase_add_test(tc, test_damage);
	tcase_add_test(tc, test_v1_thread_short);
	tcase_add_test(tc, test_not_capture);
	tcase_add_test(tc, test_abi1);
	tcase_add_test(tc, test_abi1_bad);
	suite_add_tcase(s, tc);
	return s;
}
