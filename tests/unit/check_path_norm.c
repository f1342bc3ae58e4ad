// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Lexical path normalisation: absolute and relative paths, with and
 * without a base, ".", "..", repeated '/', cut (snaplen) names, a small
 * output buffer, and in place.
 */
#include <check.h>
#include <string.h>

#include "path_norm.h"
#include "suites.h"

struct pn_case {
	const char *dir;	/* NULL: no base */
	const char *in;
	int cut;
	size_t size;		/* 0: large */
	const char *want;
};

static const struct pn_case cases[] = {
	{ NULL, "/etc/passwd", 0, 0, "/etc/passwd" },
	{ NULL, "/", 0, 0, "/" },
	{ NULL, "//", 0, 0, "/" },
	{ NULL, "/a//b///c", 0, 0, "/a/b/c" },
	{ NULL, "/a/./b/.", 0, 0, "/a/b" },
	{ NULL, "/a/b/../c", 0, 0, "/a/c" },
	{ NULL, "/a/b/../../../..", 0, 0, "/" },
	{ NULL, "/../etc/shadow", 0, 0, "/etc/shadow" },
	{ NULL, "/a/", 0, 0, "/a" },
	{ NULL, "/a/..b/.c/...", 0, 0, "/a/..b/.c/..." },
	{ NULL, "/proc/self/fd/3", 0, 0, "/proc/self/fd/3" },
	{ NULL, "/.", 0, 0, "/" },
	{ NULL, "/./a", 0, 0, "/a" },
	{ NULL, "/a/..", 0, 0, "/" },
	{ NULL, "/a/../", 0, 0, "/" },
	{ NULL, "/.a/..b/c./d..", 0, 0, "/.a/..b/c./d.." },
	{ NULL, "/a/b/.", 1, 0, "/a/b/." },
	{ NULL, "/a/.b", 1, 0, "/a/.b" },
	/* the base is ignored for an absolute path */
	{ "/tmp", "/var/run/x", 0, 0, "/var/run/x" },
	{ "/tmp/vt", "a", 0, 0, "/tmp/vt/a" },
	{ "/tmp/vt", "sub/..//a", 0, 0, "/tmp/vt/a" },
	{ "/tmp/vt", "./a/./b", 0, 0, "/tmp/vt/a/b" },
	{ "/tmp/vt", "../../../etc//shadow", 0, 0, "/etc/shadow" },
	{ "/tmp/vt", "..", 0, 0, "/tmp" },
	{ "/tmp/vt", "", 0, 0, "/tmp/vt" },
	{ "/", "x", 0, 0, "/x" },
	{ "/tmp/./a/../vt/", "b", 0, 0, "/tmp/vt/b" },
	/* relative without a base: kept as given */
	{ NULL, "a/../b", 0, 0, "a/../b" },
	{ NULL, "", 0, 0, "" },
	/* cut names: the last component is only a prefix, kept as is */
	{ NULL, "/etc/x/..", 1, 0, "/etc/x/.." },
	{ NULL, "/etc/x/.", 1, 0, "/etc/x/." },
	{ NULL, "/etc/../x/..", 1, 0, "/x/.." },
	{ NULL, "/etc/x/", 1, 0, "/etc/x" },
	{ "/tmp", "a/..", 1, 0, "/tmp/a/.." },
	/* a small output buffer cuts the result */
	{ NULL, "/abc/def", 0, 9, "/abc/def" },
	{ NULL, "/abc/def", 0, 8, "/abc/de" },
	{ NULL, "/abc/def", 0, 6, "/abc/" },
	{ NULL, "/abc/def", 0, 5, "/abc" },
	{ NULL, "/abc/def/../g", 0, 7, "/abc/d" },
	{ "/tmp", "abcdef", 0, 8, "/tmp/ab" },
	{ NULL, "abcdef", 0, 4, "abc" },
	{ NULL, "/..", 0, 2, "/" },
};

START_TEST(test_path_norm)
{
	const struct pn_case *c = &cases[_i];
	char out[256];
	size_t size = c->size ? c->size : sizeof(out) - 1;
	size_t n;

	memset(out, 'X', sizeof(out));
	n = vigil_path_norm(out, size, c->dir, c->dir ? strlen(c->dir) : 0,
			    c->in, strlen(c->in), c->cut);
	ck_assert_msg(!strcmp(out, c->want), "case %d: \"%s\" + \"%s\" -> \"%s\", want \"%s\"",
		      _i, c->dir ? c->dir : "(none)", c->in, out, c->want);
	ck_assert_uint_eq(n, strlen(c->want));
	ck_assert_int_eq(out[size], 'X');	/* nothing past size */
}
END_TEST

/* In place (no base): the same result as into another buffer. */
START_TEST(test_path_norm_in_place)
{
	const struct pn_case *c = &cases[_i];
	char buf[256], other[256];
	size_t n;

	if (c->dir || c->size)
		return;
	vigil_path_norm(other, sizeof(other), NULL, 0, c->in, strlen(c->in),
			c->cut);
	strcpy(buf, c->in);
	n = vigil_path_norm(buf, sizeof(buf), NULL, 0, buf, strlen(buf),
			    c->cut);
	ck_assert_str_eq(buf, other);
	ck_assert_uint_eq(n, strlen(other));
}
END_TEST

/*
 * vigil_path_normal(): an absolute path is normal when normalising leaves
 * it as it is, and then last is its last '/'.
 */
START_TEST(test_path_normal)
{
	const struct pn_case *c = &cases[_i];
	size_t n = strlen(c->in), last = (size_t)-1;
	char out[256];
	int normal;

	if (c->in[0] != '/')
		return;
	vigil_path_norm(out, sizeof(out), NULL, 0, c->in, n, 0);
	normal = vigil_path_normal(c->in, n, &last);
	ck_assert_int_eq(normal, !strcmp(out, c->in));
	if (normal)
		ck_assert_uint_eq(last, (size_t)(strrchr(c->in, '/') - c->in));
}
END_TEST

Suite *path_norm_suite(void)
{
	Suite *s = suite_create("path_norm");
	TCase *tc = tcase_create("core");
	int n = (int)(sizeof(cases) / sizeof(cases[0]));

	tcase_add_loop_test(tc, test_path_norm, 0, n);
	tcase_add_loop_test(tc, test_path_norm_in_place, 0, n);
	tcase_add_loop_test(tc, test_path_normal, 0, n);
	suite_add_tcase(s, tc);
	return s;
}
