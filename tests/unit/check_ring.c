// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Ring reader tests on synthetic ring memory laid out like the device's
 * mapping: consumer page, header page, data area.  The test plays the
 * producer: it writes records and publishes producer_pos like the module.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "barrier.h"
#include "decode.h"
#include "ring.h"
#include "suites.h"

#define PAGE		4096
#define HDR		sizeof(struct vigil_event)

struct fake_ring {
	unsigned char *mem;
	struct vigil_ring_cons *cons;
	struct vigil_ring_hdr *hdr;
	unsigned char *data;
	__u64 data_size;
	size_t rest_len;	/* header page + data */
};

static void fake_init(struct fake_ring *f, __u64 data_size, __u32 cpu)
{
	f->data_size = data_size;
	f->rest_len = PAGE + data_size;
	ck_assert_int_eq(posix_memalign((void **)&f->mem, PAGE,
					PAGE + f->rest_len), 0);
	memset(f->mem, 0, PAGE + f->rest_len);
	f->cons = (struct vigil_ring_cons *)f->mem;
	f->hdr = (struct vigil_ring_hdr *)(f->mem + PAGE);
	f->data = f->mem + 2 * PAGE;
	f->hdr->abi_version = VIGIL_ABI_VERSION;
	f->hdr->hdr_size = sizeof(struct vigil_ring_hdr);
	f->hdr->features = VIGIL_FEAT_PAD_RECORDS | VIGIL_FEAT_BOOTTIME;
	f->hdr->data_offset = 2 * PAGE;
	f->hdr->data_size = data_size;
	f->hdr->cpu = cpu;
}

static void fake_attach(struct fake_ring *f, struct vigil_ring *r)
{
	ck_assert_int_eq(vigil_ring_attach(r, f->cons, f->hdr, f->rest_len,
					   PAGE), 0);
}

static void fake_free(struct fake_ring *f)
{
	free(f->mem);
}

/* Bytes the producer may still write. */
static __u64 fake_free_space(struct fake_ring *f)
{
	__u64 cons = smp_load_acquire(&f->cons->consumer_pos);

	return f->data_size - (f->hdr->producer_pos - cons);
}

/*
 * Write a record of type with total length len at the producer position,
 * padding to the end of the data area first when it would not fit before
 * it; tag identifies it (kept in tid).  Does not publish.
 */
static __u64 fake_write(struct fake_ring *f, __u64 *pos, __u16 type,
			__u32 len, __u64 ts, __u32 tag)
{
	__u64 off = *pos & (f->data_size - 1);
	struct vigil_event *ev;

	if (len > f->data_size - off) {
		ev = (struct vigil_event *)(f->data + off);
		memset(ev, 0, f->data_size - off);
		ev->len = (__u32)(f->data_size - off);
		ev->type = VIGIL_EV_PAD;
		*pos += f->data_size - off;
		off = 0;
	}
	ev = (struct vigil_event *)(f->data + off);
	memset(ev, 0, len);
	ev->len = len;
	ev->type = type;
	ev->ts_ns = ts;
	ev->tid = tag;
	ev->tgid = tag;
	ev->nr = 3;
	*pos += len;
	return off;
}

static void fake_publish(struct fake_ring *f, __u64 pos)
{
	smp_store_release(&f->hdr->producer_pos, pos);
}

/* Write and publish one record. */
static void fake_put(struct fake_ring *f, __u16 type, __u32 len, __u64 ts,
		     __u32 tag)
{
	__u64 pos = f->hdr->producer_pos;

	ck_assert_uint_ge(fake_free_space(f), len);
	fake_write(f, &pos, type, len, ts, tag);
	fake_publish(f, pos);
}

static __u32 min_len(unsigned int type)
{
	return (__u32)vigil_rec_min_len(type);
}

/* ---- attach ---- */

struct attach_case {
	const char *what;
	__u32 abi_version;
	__u32 hdr_size;
	__u64 data_offset;
	__u64 data_size;
	size_t rest_len;	/* 0: the real one */
	int want;
};

static const struct attach_case attach_cases[] = {
	{ "valid", VIGIL_ABI_VERSION, 128, 2 * PAGE, 4096, 0, 0 },
	{ "abi version", VIGIL_ABI_VERSION + 1, 128, 2 * PAGE, 4096, 0,
	  -EPROTO },
	{ "header too small", VIGIL_ABI_VERSION, 64, 2 * PAGE, 4096, 0,
	  -EPROTO },
	{ "header over a page", VIGIL_ABI_VERSION, PAGE + 8, 2 * PAGE, 4096,
	  0, -EPROTO },
	{ "data size not a power of two", VIGIL_ABI_VERSION, 128, 2 * PAGE,
	  3000, 0, -EPROTO },
	{ "data size zero", VIGIL_ABI_VERSION, 128, 2 * PAGE, 0, 0, -EPROTO },
	{ "data inside the header page", VIGIL_ABI_VERSION, 128, PAGE + 64,
	  4096, 0, -EPROTO },
	{ "data past the mapping", VIGIL_ABI_VERSION, 128, 2 * PAGE, 8192, 0,
	  -EPROTO },
	{ "mapping shorter than the header page", VIGIL_ABI_VERSION, 128,
	  2 * PAGE, 4096, 100, -EINVAL },
};

START_TEST(test_attach)
{
	const struct attach_case *c = &attach_cases[_i];
	struct fake_ring f;
	struct vigil_ring r;

	fake_init(&f, 4096, 0);
	f.hdr->abi_version = c->abi_version;
	f.hdr->hdr_size = c->hdr_size;
	f.hdr->data_offset = c->data_offset;
	f.hdr->data_size = c->data_size;
	ck_assert_msg(vigil_ring_attach(&r, f.cons, f.hdr,
					c->rest_len ? c->rest_len : f.rest_len,
					PAGE) == c->want, "%s", c->what);
	fake_free(&f);
}
END_TEST

/* ---- reading ---- */

START_TEST(test_read_types)
{
	static const __u16 types[] = {
		VIGIL_EV_CLOSE, VIGIL_EV_OPENAT, VIGIL_EV_EXECVE,
		VIGIL_EV_SCHED_FORK, VIGIL_EV_CONNECT, VIGIL_EV_GENERIC,
	};
	const struct vigil_event *ev;
	struct fake_ring f;
	struct vigil_ring r;
	__u64 expect_pos = 0;
	unsigned int i;

	fake_init(&f, 4096, 1);
	fake_attach(&f, &r);
	ck_assert_ptr_null(vigil_ring_peek(&r));
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		/* Some with variable bytes after the payload. */
		__u32 len = min_len(types[i]) + (i % 2) * 24;

		fake_put(&f, types[i], len, 1000 + i, 10 + i);
		expect_pos += len;
	}
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		ev = vigil_ring_peek(&r);
		ck_assert_ptr_nonnull(ev);
		ck_assert_ptr_eq(vigil_ring_peek(&r), ev);	/* stays */
		ck_assert_uint_eq(ev->type, types[i]);
		ck_assert_uint_eq(ev->ts_ns, 1000 + i);
		ck_assert_uint_eq(ev->tid, 10 + i);
		ck_assert_uint_eq(ev->len, min_len(types[i]) + (i % 2) * 24);
		vigil_ring_consume(&r);
	}
	ck_assert_ptr_null(vigil_ring_peek(&r));
	ck_assert_uint_eq(r.invalid, 0);
	/* Nothing is given back before release. */
	ck_assert_uint_eq(f.cons->consumer_pos, 0);
	vigil_ring_release(&r);
	ck_assert_uint_eq(f.cons->consumer_pos, expect_pos);
	fake_free(&f);
}
END_TEST

/* Many laps around a small ring: every wrap goes through a pad record. */
START_TEST(test_pad_wrap)
{
	const struct vigil_event *ev;
	struct fake_ring f;
	struct vigil_ring r;
	/* A length that does not divide 1024. */
	__u32 len = min_len(VIGIL_EV_CLOSE) + 8;
	__u32 n, pads = 0;

	ck_assert_uint_ne(1024 % len, 0);
	fake_init(&f, 1024, 0);
	fake_attach(&f, &r);
	for (n = 0; n < 100; n++) {
		__u64 before = f.hdr->producer_pos;

		fake_put(&f, VIGIL_EV_CLOSE, len, n, n);
		if (f.hdr->producer_pos - before != len)
			pads++;
		ev = vigil_ring_peek(&r);
		ck_assert_ptr_nonnull(ev);
		ck_assert_uint_eq(ev->tid, n);
		ck_assert_uint_eq(ev->len, len);
		/* Records never wrap. */
		ck_assert_uint_le((uintptr_t)ev + ev->len,
				  (uintptr_t)(f.data + f.data_size));
		vigil_ring_consume(&r);
		ck_assert_ptr_null(vigil_ring_peek(&r));
		vigil_ring_release(&r);
		ck_assert_uint_eq(f.cons->consumer_pos, f.hdr->producer_pos);
	}
	ck_assert_uint_gt(pads, 5);
	ck_assert_uint_eq(r.invalid, 0);
	fake_free(&f);
}
END_TEST

/* A pad as the very last record before more arrive. */
START_TEST(test_pad_then_record_later)
{
	struct fake_ring f;
	struct vigil_ring r;
	__u64 pos;
	__u32 len = min_len(VIGIL_EV_CLOSE);

	fake_init(&f, 1024, 0);
	fake_attach(&f, &r);
	/* Fill until the next record cannot fit before the end. */
	pos = 0;
	while (f.data_size - (pos & (f.data_size - 1)) >= len)
		fake_write(&f, &pos, VIGIL_EV_CLOSE, len, 1, 1);
	ck_assert_uint_gt(f.data_size - pos, 0);
	fake_publish(&f, pos);
	while (vigil_ring_peek(&r))
		vigil_ring_consume(&r);
	vigil_ring_release(&r);
	/* Only a pad is published: no record yet, nothing invalid. */
	fake_put(&f, VIGIL_EV_CLOSE, len, 2, 2);	/* pads, then writes */
	fake_publish(&f, f.hdr->producer_pos - len);
	ck_assert_ptr_null(vigil_ring_peek(&r));
	ck_assert_uint_eq(r.cons_pos % f.data_size, 0);
	fake_publish(&f, f.hdr->producer_pos + len);
	ck_assert_ptr_nonnull(vigil_ring_peek(&r));
	ck_assert_uint_eq(vigil_ring_peek(&r)->tid, 2);
	ck_assert_uint_eq(r.invalid, 0);
	fake_free(&f);
}
END_TEST

/* ---- lengths the reader must refuse ---- */

enum bad_kind {
	BAD_LEN,	/* a record with this len */
	BAD_PAD_SHORT,	/* a pad that does not reach the end */
	BAD_TYPE,	/* a record of an unknown type */
	BAD_CROSS_END,	/* a record running past the end of the data */
	BAD_PROD_AHEAD,	/* producer_pos more than data_size ahead */
	BAD_PROD_ODD,	/* producer_pos not a multiple of 8 */
};

struct bad_case {
	const char *what;
	enum bad_kind kind;
	__u32 len;
	__u16 type;
};

static const struct bad_case bad_cases[] = {
	{ "zero length", BAD_LEN, 0, VIGIL_EV_CLOSE },
	{ "length below 8", BAD_LEN, 4, VIGIL_EV_CLOSE },
	{ "odd length", BAD_LEN, 93, VIGIL_EV_CLOSE },
	{ "length not a multiple of 8", BAD_LEN, 92, VIGIL_EV_CLOSE },
	{ "shorter than header and payload", BAD_LEN, 80, VIGIL_EV_CLOSE },
	{ "only the header of an openat", BAD_LEN, 88, VIGIL_EV_OPENAT },
	{ "longer than what was produced", BAD_LEN, 2048, VIGIL_EV_CLOSE },
	{ "oversized: bigger than the ring", BAD_LEN, 65528, VIGIL_EV_CLOSE },
	{ "huge length", BAD_LEN, 0xfffffff8u, VIGIL_EV_CLOSE },
	{ "unknown type", BAD_TYPE, 0, VIGIL_EV_MAX },
	{ "type 0xffff", BAD_TYPE, 0, 0xffff },
	{ "pad short of the end", BAD_PAD_SHORT, 0, 0 },
	{ "record across the end", BAD_CROSS_END, 0, VIGIL_EV_CLOSE },
	{ "producer too far ahead", BAD_PROD_AHEAD, 0, 0 },
	{ "producer position not aligned", BAD_PROD_ODD, 0, 0 },
};

START_TEST(test_bad_lengths)
{
	const struct bad_case *c = &bad_cases[_i];
	__u32 good = min_len(VIGIL_EV_CLOSE);
	const struct vigil_event *ev;
	struct vigil_event *bad;
	struct fake_ring f;
	struct vigil_ring r;
	__u64 pos = 0, off;

	fake_init(&f, 1024, 0);
	fake_attach(&f, &r);
	/* One good record that is read before the bad one. */
	fake_write(&f, &pos, VIGIL_EV_CLOSE, good, 1, 1);
	if (c->kind == BAD_CROSS_END) {
		/* Move near the end without a pad, then overrun it. */
		pos = f.data_size - good + 8;
		fake_publish(&f, pos);
		ck_assert_ptr_nonnull(vigil_ring_peek(&r));
		vigil_ring_consume(&r);
		r.cons_pos = pos;	/* as if everything before was read */
		r.prod_pos = pos;
		off = pos & (f.data_size - 1);
		bad = (struct vigil_event *)(f.data + off);
		memset(bad, 0, 8);
		bad->len = good;
		bad->type = VIGIL_EV_CLOSE;
		pos += good;
	} else {
		off = fake_write(&f, &pos, VIGIL_EV_CLOSE, good, 2, 2);
		bad = (struct vigil_event *)(f.data + off);
		switch (c->kind) {
		case BAD_LEN:
			bad->len = c->len;
			bad->type = c->type;
			break;
		case BAD_TYPE:
			bad->type = c->type;
			break;
		case BAD_PAD_SHORT:
			bad->type = VIGIL_EV_PAD;
			break;
		case BAD_PROD_AHEAD:
			pos += 2 * f.data_size;
			break;
		default:
			break;
		}
		/* A good record behind the bad one is skipped by the resync. */
		fake_write(&f, &pos, VIGIL_EV_CLOSE, good, 3, 3);
		if (c->kind == BAD_PROD_ODD)
			pos += 4;
	}
	fake_publish(&f, pos);

	/* A broken producer position discards everything it covers. */
	if (c->kind != BAD_CROSS_END && c->kind != BAD_PROD_AHEAD &&
	    c->kind != BAD_PROD_ODD) {
		ev = vigil_ring_peek(&r);
		ck_assert_msg(ev && ev->tid == 1, "%s: first record", c->what);
		vigil_ring_consume(&r);
	}
	ck_assert_msg(vigil_ring_peek(&r) == NULL, "%s: refused", c->what);
	ck_assert_msg(r.invalid == 1, "%s: invalid %llu", c->what,
		      (unsigned long long)r.invalid);
	/* Resynced to the producer. */
	ck_assert_uint_eq(r.cons_pos, pos);
	ck_assert_ptr_null(vigil_ring_peek(&r));
	ck_assert_uint_eq(r.invalid, 1);	/* counted once */

	/* After the resync, new records are read again. */
	vigil_ring_release(&r);
	ck_assert_uint_eq(f.cons->consumer_pos, pos);
	if (c->kind == BAD_PROD_ODD) {
		fake_free(&f);
		return;		/* the producer position itself is broken */
	}
	fake_write(&f, &pos, VIGIL_EV_CLOSE, good, 4, 4);
	fake_publish(&f, pos);
	ev = vigil_ring_peek(&r);
	ck_assert_msg(ev && ev->tid == 4, "%s: recovery", c->what);
	ck_assert_uint_eq(r.invalid, 1);
	fake_free(&f);
}
END_TEST

/* ---- merge ---- */

START_TEST(test_merge_two_rings)
{
	static const __u64 ts_a[] = { 10, 30, 31, 50 };
	static const __u64 ts_b[] = { 20, 40, 60, 70 };
	static const __u64 want_ts[] = { 10, 20, 30, 31, 40, 50, 60, 70 };
	static const unsigned int want_ring[] = { 0, 1, 0, 0, 1, 0, 1, 1 };
	struct fake_ring f[2];
	struct vigil_ring r[2];
	const struct vigil_event *ev;
	unsigned int i, idx = 99;
	__u32 len = min_len(VIGIL_EV_CLOSE);

	fake_init(&f[0], 4096, 0);
	fake_init(&f[1], 4096, 1);
	fake_attach(&f[0], &r[0]);
	fake_attach(&f[1], &r[1]);
	ck_assert_ptr_null(vigil_ring_merge_next(r, 2, &idx));
	for (i = 0; i < 4; i++) {
		fake_put(&f[0], VIGIL_EV_CLOSE, len, ts_a[i], 100 + i);
		fake_put(&f[1], VIGIL_EV_OPENAT, min_len(VIGIL_EV_OPENAT),
			 ts_b[i], 200 + i);
	}
	for (i = 0; i < 8; i++) {
		ev = vigil_ring_merge_next(r, 2, &idx);
		ck_assert_ptr_nonnull(ev);
		ck_assert_uint_eq(ev->ts_ns, want_ts[i]);
		ck_assert_uint_eq(idx, want_ring[i]);
		ck_assert_uint_eq(ev->type, idx ? VIGIL_EV_OPENAT :
					     VIGIL_EV_CLOSE);
		vigil_ring_consume(&r[idx]);
	}
	ck_assert_ptr_null(vigil_ring_merge_next(r, 2, &idx));
	vigil_ring_release(&r[0]);
	vigil_ring_release(&r[1]);
	ck_assert_uint_eq(f[0].cons->consumer_pos, f[0].hdr->producer_pos);
	ck_assert_uint_eq(f[1].cons->consumer_pos, f[1].hdr->producer_pos);
	fake_free(&f[0]);
	fake_free(&f[1]);
}
END_TEST

/* A ring that fills only later still takes part in the merge. */
START_TEST(test_merge_late_ring)
{
	struct fake_ring f[3];
	struct vigil_ring r[3];
	const struct vigil_event *ev;
	unsigned int i, idx;
	__u32 len = min_len(VIGIL_EV_CLOSE);

	for (i = 0; i < 3; i++) {
		fake_init(&f[i], 1024, i);
		fake_attach(&f[i], &r[i]);
	}
	fake_put(&f[1], VIGIL_EV_CLOSE, len, 5, 1);
	ev = vigil_ring_merge_next(r, 3, &idx);
	ck_assert_ptr_nonnull(ev);
	ck_assert_uint_eq(idx, 1);
	vigil_ring_consume(&r[1]);
	fake_put(&f[2], VIGIL_EV_CLOSE, len, 9, 2);
	fake_put(&f[0], VIGIL_EV_CLOSE, len, 7, 3);
	ev = vigil_ring_merge_next(r, 3, &idx);
	ck_assert_uint_eq(idx, 0);
	ck_assert_uint_eq(ev->ts_ns, 7);
	vigil_ring_consume(&r[0]);
	ev = vigil_ring_merge_next(r, 3, &idx);
	ck_assert_uint_eq(idx, 2);
	ck_assert_uint_eq(ev->ts_ns, 9);
	vigil_ring_consume(&r[2]);
	ck_assert_ptr_null(vigil_ring_merge_next(r, 3, &idx));
	for (i = 0; i < 3; i++)
		fake_free(&f[i]);
}
END_TEST

Suite *ring_suite(void)
{
	Suite *s = suite_create("ring");
	TCase *tc = tcase_create("ring");

	tcase_add_loop_test(tc, test_attach, 0,
			    sizeof(attach_cases) / sizeof(attach_cases[0]));
	tcase_add_test(tc, test_read_types);
	tcase_add_test(tc, test_pad_wrap);
	tcase_add_test(tc, test_pad_then_record_later);
	tcase_add_loop_test(tc, test_bad_lengths, 0,
			    sizeof(bad_cases) / sizeof(bad_cases[0]));
	tcase_add_test(tc, test_merge_two_rings);
	tcase_add_test(tc, test_merge_late_ring);
	suite_add_tcase(s, tc);
	return s;
}
