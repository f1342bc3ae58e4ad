// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * .scap reader, state and conversion tests on the captures in
 * ../shared/scap (VIGIL_SCAP_DIR overrides).  Expected values are
 * computed here from the capture bytes by a separate, minimal scan, or
 * are facts about the captures (sample.scap's 94 threads, as libsinsp's
 * own tests expect), never pasted converter output.
 */
#include <errno.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "suites.h"
#include "decode.h"
#include "scap_replay.h"
#include "scap_xlat.h"

static const char *const captures[] = {
	"sample.scap",
	"curl_google.scap",
	"nginx.scap",
	"vm-sysdig-0.29.3.scap.gz",
};
#define NCAPTURES (sizeof(captures) / sizeof(captures[0]))

/* The whole capture, decompressed, in memory. */
static unsigned char *load(const char *name, size_t *len)
{
	const char *dir = getenv("VIGIL_SCAP_DIR");
	char path[512];
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0;
	gzFile gz;
	int m;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "../shared/scap",
		 name);
	gz = gzopen(path, "rb");
	ck_assert_msg(gz != NULL, "cannot open %s", path);
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		m = gzread(gz, buf + n, (unsigned int)(cap - n));
		ck_assert_int_ge(m, 0);
		n += (size_t)m;
	} while (m > 0);
	gzclose(gz);
	*len = n;
	return buf;
}

static __u32 rd32(const unsigned char *p)
{
	__u32 v;

	memcpy(&v, p, 4);
	return v;
}

static __u16 rd16(const unsigned char *p)
{
	__u16 v;

	memcpy(&v, p, 2);
	return v;
}

static int is_ev(__u32 t)
{
	return t == 0x204 || t == 0x216 || t == 0x208 || t == 0x217 ||
	       t == 0x221 || t == 0x222;
}

/* PPME type of the event block at off (independent of the reader). */
static __u16 ev_type_at(const unsigned char *buf, size_t off)
{
	__u32 t = rd32(buf + off);
	size_t h = off + 8 + 2 + ((t == 0x208 || t == 0x217 || t == 0x222) ?
				   4 : 0);

	return rd16(buf + h + 20);
}

/* ---- block reader ---- */

START_TEST(test_blocks_frame_whole_file)
{
	size_t len, off = 0, nblocks = 0, seen = 0;
	unsigned char *buf = load(captures[_i], &len);
	struct scap_reader *r = scap_reader_open_mem(buf, len);
	struct scap_block b;
	int rc;

	/* independent walk: header length fields chain to the file end */
	while (off + 8 <= len) {
		off += rd32(buf + off + 4);
		nblocks++;
	}
	ck_assert_uint_eq(off, len);
	off = 0;
	while ((rc = scap_reader_next(r, &b)) > 0) {
		ck_assert_uint_eq(b.off, off);
		ck_assert_uint_eq(b.type, rd32(buf + off));
		ck_assert_uint_eq(b.len + 12, rd32(buf + off + 4));
		off += b.len + 12;
		seen++;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(seen, nblocks);
	ck_assert_uint_eq(scap_reader_offset(r), len);
	/* version from the section header bytes */
	ck_assert_uint_eq(scap_reader_major(r), rd16(buf + 12));
	ck_assert_uint_eq(scap_reader_minor(r), rd16(buf + 14));
	scap_reader_close(r);
	free(buf);
}
END_TEST

/* Cut each capture inside its k-th block: blocks before are delivered. */
START_TEST(test_truncated_delivers_prefix)
{
	size_t len, off = 0, k = 0, target, got = 0;
	unsigned char *buf = load(captures[_i], &len);
	struct scap_reader *r;
	struct scap_block b;
	char want[64];
	int rc;

	/* the block in the middle of the file */
	while (off + rd32(buf + off + 4) < len / 2) {
		off += rd32(buf + off + 4);
		k++;
	}
	target = off + rd32(buf + off + 4) / 2 + 1;
	r = scap_reader_open_mem(buf, target);
	while ((rc = scap_reader_next(r, &b)) > 0)
		got++;
	ck_assert_int_lt(rc, 0);
	ck_assert_uint_eq(got, k);
	snprintf(want, sizeof(want), "offset %zu:", off);
	ck_assert_msg(strstr(scap_reader_error(r), want),
		      "error \"%s\" lacks \"%s\"", scap_reader_error(r), want);
	/* sticky */
	ck_assert_int_eq(scap_reader_next(r, &b), rc);
	scap_reader_close(r);
	free(buf);
}
END_TEST

/*
 * A raw file truncated by someone else while it is read: blocks wholly
 * before the cut are delivered, the block across it is an error naming its
 * offset and the new size (a mapped file would have raised SIGBUS).
 */
START_TEST(test_file_shrinks_while_read)
{
	enum { FILL = 4096, NFILL = 2048, CUT_BLOCK = 1024 };
	size_t len, got = 0, off_cut, i;
	unsigned char *shb = load("nginx.scap", &len);
	unsigned char fill[FILL];
	char path[] = "/tmp/vigil-check-scap-XXXXXX", want[160];
	struct scap_reader *r;
	struct scap_block b;
	int fd, rc;

	len = rd32(shb + 4);		/* the section header block only */
	memset(fill, 0xee, sizeof(fill));
	memcpy(fill, &(__u32){ 0x7777 }, 4);
	memcpy(fill + 4, &(__u32){ FILL }, 4);
	memcpy(fill + FILL - 4, &(__u32){ FILL }, 4);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, shb, len), (ssize_t)len);
	for (i = 0; i < NFILL; i++)
		ck_assert_int_eq(write(fd, fill, FILL), FILL);
	r = scap_reader_open(path);
	ck_assert_ptr_nonnull(r);
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(scap_reader_next(r, &b), 1);
	off_cut = len + (size_t)CUT_BLOCK * FILL;
	ck_assert_int_eq(ftruncate(fd, (off_t)off_cut + 100), 0);
	got = 10;
	while ((rc = scap_reader_next(r, &b)) > 0)
		got++;
	ck_assert_int_eq(rc, -EIO);
	ck_assert_uint_eq(got, 1 + CUT_BLOCK);
	snprintf(want, sizeof(want), "offset %zu: the file shrank to %zu "
		 "bytes while being read (%zu when opened)", off_cut,
		 off_cut + 100, len + (size_t)NFILL * FILL);
	ck_assert_str_eq(scap_reader_error(r), want);
	scap_reader_close(r);
	close(fd);
	unlink(path);
	free(shb);
}
END_TEST

enum damage { BAD_TRAILER, HUGE_LEN, SHORT_LEN, BAD_MAGIC, OTHER_ENDIAN,
	      BAD_MAJOR, NOT_SCAP, NDAMAGE };

START_TEST(test_damaged_blocks)
{
	size_t len, off = 0;
	unsigned char *buf = load("nginx.scap", &len);
	struct scap_reader *r;
	struct scap_block b;
	size_t victim, before = 0, got = 0;
	int rc;

	/* damage the 4th block (metadata blocks precede it) */
	while (before < 3) {
		off += rd32(buf + off + 4);
		before++;
	}
	victim = off;
	switch (_i) {
	case BAD_TRAILER:
		buf[victim + rd32(buf + victim + 4) - 4] ^= 0x55;
		break;
	case HUGE_LEN:
		memcpy(buf + victim + 4, &(__u32){ 0xfffffff0U }, 4);
		break;
	case SHORT_LEN:
		memcpy(buf + victim + 4, &(__u32){ 8 }, 4);
		break;
	case BAD_MAGIC:
		buf[8] ^= 1;
		before = 0;
		victim = 0;
		break;
	case OTHER_ENDIAN:
		memcpy(buf + 8, &(__u32){ 0x4D3C2B1AU }, 4);
		before = 0;
		victim = 0;
		break;
	case BAD_MAJOR:
		buf[12] = 2;
		before = 0;
		victim = 0;
		break;
	case NOT_SCAP:
		buf[0] = 'X';
		before = 0;
		victim = 0;
		break;
	}
	r = scap_reader_open_mem(buf, len);
	while ((rc = scap_reader_next(r, &b)) > 0)
		got++;
	ck_assert_int_lt(rc, 0);
	ck_assert_uint_eq(got, before);
	{
		char want[32];

		snprintf(want, sizeof(want), "offset %zu:", victim);
		ck_assert_msg(strstr(scap_reader_error(r), want), "%s",
			      scap_reader_error(r));
	}
	scap_reader_close(r);
	free(buf);
}
END_TEST

/* An unknown block between the metadata and the events is skipped. */
START_TEST(test_unknown_block_skipped)
{
	size_t len, off = 0, i;
	unsigned char *buf = load("vm-sysdig-0.29.3.scap.gz", &len);
	unsigned char *mod = malloc(len + 24);
	struct scap_replay *a, *b;
	const struct vigil_event *ev;
	struct scap_evmeta m1, m2;
	__u64 na = 0, nb = 0;

	ck_assert_ptr_nonnull(mod);
	while (!is_ev(rd32(buf + off)))
		off += rd32(buf + off + 4);
	memcpy(mod, buf, off);
	memcpy(mod + off, &(__u32){ 0x7777 }, 4);
	memcpy(mod + off + 4, &(__u32){ 24 }, 4);
	memset(mod + off + 8, 0xee, 12);
	memcpy(mod + off + 20, &(__u32){ 24 }, 4);
	memcpy(mod + off + 24, buf + off, len - off);
	a = scap_replay_open_mem(buf, len);
	b = scap_replay_open_mem(mod, len + 24);
	for (i = 0;; i++) {
		int ra = scap_replay_next(a, &ev, &m1);
		int rb = scap_replay_next(b, &ev, &m2);

		ck_assert_int_eq(ra, rb);
		if (ra <= 0)
			break;
		ck_assert_uint_eq(m1.num, m2.num);
		na++;
		nb++;
	}
	ck_assert_uint_eq(na, nb);
	ck_assert_uint_eq(scap_replay_unknown_blocks(a), 0);
	ck_assert_uint_eq(scap_replay_unknown_blocks(b), 1);
	scap_replay_close(a);
	scap_replay_close(b);
	free(mod);
	free(buf);
}
END_TEST

/* ---- state ---- */

START_TEST(test_state_sample_threads)
{
	size_t len;
	unsigned char *buf = load("sample.scap", &len);
	struct scap_replay *rp = scap_replay_open_mem(buf, len);
	const struct vigil_event *ev;
	struct scap_evmeta m;
	struct scap_state *st;

	ck_assert_int_eq(scap_replay_next(rp, &ev, &m), 1);
	st = scap_replay_state(rp);
	/* libsinsp's tests expect 94 threads after opening sample.scap */
	ck_assert_uint_eq(scap_state_nthreads(st), 94);
	ck_assert(scap_state_machine(st)->present);
	ck_assert_str_eq(scap_state_machine(st)->hostname,
			 (const char *)buf + 0x38);
	scap_replay_close(rp);
	free(buf);
}
END_TEST

/* Per capture: threads and fds equal the entries of PL/FDL blocks. */
START_TEST(test_state_matches_lists)
{
	size_t len, off = 0, fdl_known = 0, i;
	unsigned char *buf = load(captures[_i], &len);
	struct scap_reader *r = scap_reader_open_mem(buf, len);
	struct scap_state *st = scap_state_new();
	struct scap_thread *t1;
	struct scap_block b;
	char err[SCAP_ERR_MAX];

	/* the metadata blocks, up to the first event */
	while (scap_reader_next(r, &b) > 0 && !scap_bt_is_event(b.type))
		ck_assert_int_ge(scap_state_add_block(st, &b, err,
						      sizeof(err)), 0);
	ck_assert_uint_gt(scap_state_nthreads(st), 0);
	/* init is in every process list */
	t1 = scap_thread_get(st, 1);
	ck_assert_ptr_nonnull(t1);
	ck_assert_int_eq(t1->pid, 1);
	/* root is uid 0 wherever a user list exists */
	if (scap_state_nusers(st))
		ck_assert_str_eq(scap_state_user_name(st, 0), "root");
	for (i = 0; i < scap_state_nusers(st); i++)
		ck_assert_ptr_nonnull(scap_state_user_at(st, i)->name);
	/* FDL_V2 blocks: tid, then sized entries; fds of known tids count */
	while (off + 8 <= len && !is_ev(rd32(buf + off))) {
		if (rd32(buf + off) == 0x218) {
			__s64 tid;
			size_t p = off + 16, end = off + rd32(buf + off + 4) - 4;

			memcpy(&tid, buf + off + 8, 8);
			while (end - p >= 4) {
				if (scap_thread_get(st, tid))
					fdl_known++;
				p += rd32(buf + p);
			}
		}
		off += rd32(buf + off + 4);
	}
	if (fdl_known)
		ck_assert_uint_eq(scap_state_nfds_total(st), fdl_known);
	scap_state_free(st);
	scap_reader_close(r);
	free(buf);
}
END_TEST

/* ---- events ---- */

/*
 * Every record decodes cleanly, evt.num is the ordinal of its block among
 * event blocks of known types, and the block at meta.off has meta.ppme.
 */
START_TEST(test_records_valid_and_numbered)
{
	size_t len, off = 0, nev = 0, cap = 0;
	unsigned char *buf = load(captures[_i], &len);
	struct scap_replay *rp = scap_replay_open_mem(buf, len);
	const struct vigil_event *ev;
	struct scap_evmeta m;
	size_t *offs = NULL;
	__u64 records = 0;
	int rc;

	while (off + 8 <= len) {
		if (is_ev(rd32(buf + off)) && ev_type_at(buf, off) < 336) {
			if (nev == cap) {
				cap = cap ? cap * 2 : 1024;
				offs = realloc(offs, cap * sizeof(*offs));
				ck_assert_ptr_nonnull(offs);
			}
			offs[nev++] = off;
		}
		off += rd32(buf + off + 4);
	}
	while ((rc = scap_replay_next(rp, &ev, &m)) > 0) {
		unsigned int invalid = 0;
		json_t *j;

		ck_assert_int_eq(vigil_rec_check(ev), 0);
		j = vigil_decode_json(ev, 0, &invalid);
		ck_assert_ptr_nonnull(j);
		json_decref(j);
		ck_assert_uint_eq(invalid, 0);
		ck_assert_uint_ge(m.num, 1);
		ck_assert_uint_le(m.num, nev);
		ck_assert_uint_eq(offs[m.num - 1], m.off);
		ck_assert_uint_eq(ev_type_at(buf, m.off), m.ppme);
		records++;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(scap_replay_stats(rp)->events, nev);
	ck_assert_uint_eq(scap_replay_stats(rp)->converted, records);
	free(offs);
	scap_replay_close(rp);
	free(buf);
}
END_TEST

/* Exit events of unfiltered types each give exactly one record. */
static const struct {
	__u16 ppme;
	__u16 vtype;
} exit_types[] = {
	{ 5, VIGIL_EV_CLOSE },	  { 307, VIGIL_EV_OPENAT },
	{ 3, VIGIL_EV_OPEN },	  { 7, VIGIL_EV_READ },
	{ 9, VIGIL_EV_WRITE },	  { 125, VIGIL_EV_DUP },
	{ 23, VIGIL_EV_CONNECT }, { 19, VIGIL_EV_SOCKET },
	{ 329, VIGIL_EV_MPROTECT },
};

START_TEST(test_counts_match_exit_blocks)
{
	size_t len, off = 0, j;
	unsigned char *buf = load(captures[_i], &len);
	struct scap_replay *rp = scap_replay_open_mem(buf, len);
	const struct vigil_event *ev;
	struct scap_evmeta m;
	__u64 want[sizeof(exit_types) / sizeof(exit_types[0])] = { 0 };
	__u64 generic_mprotect = 0;

	while (off + 8 <= len) {
		if (is_ev(rd32(buf + off))) {
			__u16 t = ev_type_at(buf, off);

			for (j = 0; j < sizeof(want) / sizeof(want[0]); j++)
				if (exit_types[j].ppme == t)
					want[j]++;
		}
		off += rd32(buf + off + 4);
	}
	while (scap_replay_next(rp, &ev, &m) > 0)
		if (ev->type == VIGIL_EV_MPROTECT &&
		    (m.flags & SCAP_META_NOARGS))
			generic_mprotect++;
	for (j = 0; j < sizeof(want) / sizeof(want[0]); j++) {
		__u64 got = scap_replay_stats(rp)->per_type[exit_types[j].vtype];

		if (exit_types[j].vtype == VIGIL_EV_MPROTECT)
			got -= generic_mprotect;
		ck_assert_msg(got == want[j], "%s type %u: %llu records, %llu exits",
			      captures[_i], exit_types[j].ppme,
			      (unsigned long long)got,
			      (unsigned long long)want[j]);
	}
	scap_replay_close(rp);
	free(buf);
}
END_TEST

/* An event whose parameter lengths overrun it is an error at its offset. */
START_TEST(test_bad_params_error)
{
	size_t len, off = 0;
	unsigned char *buf = load("vm-sysdig-0.29.3.scap.gz", &len);
	struct scap_replay *rp;
	const struct vigil_event *ev;
	struct scap_evmeta m;
	char want[32];
	int rc;

	/* the first openat exit (PPME 307, 7 params): blow up a length */
	while (!(is_ev(rd32(buf + off)) && ev_type_at(buf, off) == 307))
		off += rd32(buf + off + 4);
	memcpy(buf + off + 8 + 2 + 26 + 2 * 2, &(__u16){ 0xfff0 }, 2);
	rp = scap_replay_open_mem(buf, len);
	while ((rc = scap_replay_next(rp, &ev, &m)) > 0)
		ck_assert_uint_lt(m.off, off);
	ck_assert_int_eq(rc, -EINVAL);
	snprintf(want, sizeof(want), "offset %zu:", off);
	ck_assert_msg(strstr(scap_replay_error(rp), want), "%s",
		      scap_replay_error(rp));
	scap_replay_close(rp);
	free(buf);
}
END_TEST

/* openat records carry the path of the fd they return, as the capture's
 * later events name it: the exit's name param made absolute. */
START_TEST(test_openat_paths_absolute)
{
	size_t len;
	unsigned char *buf = load("vm-sysdig-0.29.3.scap.gz", &len);
	struct scap_replay *rp = scap_replay_open_mem(buf, len);
	const struct vigil_event *ev;
	struct scap_evmeta m;
	const struct vigil_type_desc *td = vigil_type_desc(VIGIL_EV_OPENAT);
	const struct vigil_field_desc *f = vigil_field_by_name(td, "name");
	unsigned int n = 0;

	while (scap_replay_next(rp, &ev, &m) > 0) {
		const char *p;
		size_t plen;

		if (ev->type != VIGIL_EV_OPENAT)
			continue;
		ck_assert_int_eq(vigil_field_bytes(ev, f, &p, &plen), 0);
		ck_assert_uint_gt(plen, 0);
		ck_assert_int_eq(p[0], '/');
		ck_assert_int_eq(p[plen], '\0');
		n++;
	}
	ck_assert_uint_gt(n, 0);
	scap_replay_close(rp);
	free(buf);
}
END_TEST

/* openat2's resolve: the public event table's PPM_RESOLVE_* bits to the kernel's. */
START_TEST(test_xlat_resolve)
{
	ck_assert_uint_eq(scap_xlat(SCAP_XLAT_RESOLVE, 1 << 0), RESOLVE_BENEATH);
	ck_assert_uint_eq(scap_xlat(SCAP_XLAT_RESOLVE, 1 << 1 | 1 << 4),
			  RESOLVE_IN_ROOT | RESOLVE_NO_XDEV);
	ck_assert_uint_eq(scap_xlat(SCAP_XLAT_RESOLVE, 1 << 2 | 1 << 3),
			  RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS);
	ck_assert_uint_eq(scap_xlat(SCAP_XLAT_RESOLVE, 1 << 5), RESOLVE_CACHED);
	ck_assert_uint_eq(scap_xlat(SCAP_XLAT_RESOLVE, 0), 0);
}
END_TEST

Suite *scap_suite(void)
{
	Suite *s = suite_create("scap");
	TCase *tc = tcase_create("reader");

	tcase_add_loop_test(tc, test_blocks_frame_whole_file, 0, NCAPTURES);
	tcase_add_loop_test(tc, test_truncated_delivers_prefix, 0, NCAPTURES);
	tcase_add_loop_test(tc, test_damaged_blocks, 0, NDAMAGE);
	tcase_add_test(tc, test_file_shrinks_while_read);
	tcase_add_test(tc, test_unknown_block_skipped);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("state");
	tcase_add_test(tc, test_state_sample_threads);
	tcase_add_loop_test(tc, test_state_matches_lists, 0, NCAPTURES);
	suite_add_tcase(s, tc);

	tc = tcase_create("events");
	tcase_add_loop_test(tc, test_records_valid_and_numbered, 0, NCAPTURES);
	tcase_add_loop_test(tc, test_counts_match_exit_blocks, 0, NCAPTURES);
	tcase_add_test(tc, test_bad_params_error);
	tcase_add_test(tc, test_openat_paths_absolute);
	tcase_add_test(tc, test_xlat_resolve);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
