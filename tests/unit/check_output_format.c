// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Alert formatting: Falco's text line and JSON object, time formats,
 * priority names, JSON escaping.  Expected strings are written out from
 * the alert each test builds (2026-11-22T23:59:01.123456789Z is
 * 1795391941 s after the epoch), in UTC (TZ=UTC for the local format).
 */
#include <check.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "output_format.h"
#include "suites.h"

#define TS	1795391941123456789ULL

static void utc(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

/* ---- priorities ---- */

static const struct {
	int prio;
	const char *name;
} prio_cases[] = {
	{ VIGIL_PRIO_EMERGENCY, "Emergency" },
	{ VIGIL_PRIO_ALERT, "Alert" },
	{ VIGIL_PRIO_CRITICAL, "Critical" },
	{ VIGIL_PRIO_ERROR, "Error" },
	{ VIGIL_PRIO_WARNING, "Warning" },
	{ VIGIL_PRIO_NOTICE, "Notice" },
	{ VIGIL_PRIO_INFORMATIONAL, "Informational" },
	{ VIGIL_PRIO_DEBUG, "Debug" },
};

START_TEST(test_priority_names)
{
	ck_assert_int_eq(prio_cases[_i].prio, _i);	/* syslog severity */
	ck_assert_str_eq(vigil_priority_name(prio_cases[_i].prio),
			 prio_cases[_i].name);
	ck_assert_int_eq(vigil_priority_parse(prio_cases[_i].name),
			 prio_cases[_i].prio);
}
END_TEST

static const struct {
	const char *in;
	int out;
} parse_cases[] = {
	{ "WARNING", VIGIL_PRIO_WARNING },
	{ "warning", VIGIL_PRIO_WARNING },
	{ "info", VIGIL_PRIO_INFORMATIONAL },
	{ "Informational", VIGIL_PRIO_INFORMATIONAL },
	{ "emergency", VIGIL_PRIO_EMERGENCY },
	{ "warn", -EINVAL },
	{ "", -EINVAL },
	{ NULL, -EINVAL },
};

START_TEST(test_priority_parse)
{
	ck_assert_int_eq(vigil_priority_parse(parse_cases[_i].in),
			 parse_cases[_i].out);
}
END_TEST

START_TEST(test_priority_range)
{
	ck_assert_ptr_null(vigil_priority_name(-1));
	ck_assert_ptr_null(vigil_priority_name(VIGIL_PRIO_COUNT));
}
END_TEST

/* ---- time ---- */

static const struct {
	__u64 ts;
	enum vigil_time_style style;
	const char *out;
} time_cases[] = {
	{ TS, VIGIL_TIME_FALCO, "23:59:01.123456789" },
	{ TS, VIGIL_TIME_ISO_OFFSET, "2026-11-22T23:59:01.123456789+0000" },
	{ TS, VIGIL_TIME_ISO_Z, "2026-11-22T23:59:01.123456789Z" },
	{ TS, VIGIL_TIME_RFC5424, "2026-11-22T23:59:01.123456Z" },
	{ 5, VIGIL_TIME_ISO_Z, "1970-01-01T00:00:00.000000005Z" },
	{ 1000000000ULL * 86399, VIGIL_TIME_FALCO, "23:59:59.000000000" },
	{ 1999, VIGIL_TIME_RFC5424, "1970-01-01T00:00:00.000001Z" },
};

START_TEST(test_time)
{
	char buf[VIGIL_TIME_LEN];
	int n;

	utc();
	n = vigil_output_time(buf, sizeof(buf), time_cases[_i].ts,
			      time_cases[_i].style);
	ck_assert_int_eq(n, strlen(time_cases[_i].out));
	ck_assert_str_eq(buf, time_cases[_i].out);
}
END_TEST

START_TEST(test_time_local)
{
	char buf[VIGIL_TIME_LEN];

	/* The default format is local time: UTC-5 shows 18:59. */
	setenv("TZ", "EST5", 1);
	tzset();
	vigil_output_time(buf, sizeof(buf), TS, VIGIL_TIME_FALCO);
	ck_assert_str_eq(buf, "18:59:01.123456789");
	/* ISO 8601 is always UTC. */
	vigil_output_time(buf, sizeof(buf), TS, VIGIL_TIME_ISO_OFFSET);
	ck_assert_str_eq(buf, "2026-11-22T23:59:01.123456789+0000");
}
END_TEST

START_TEST(test_time_short_buffer)
{
	char buf[20];

	ck_assert_int_eq(vigil_output_time(buf, sizeof(buf), TS,
					   VIGIL_TIME_ISO_Z), -EINVAL);
}
END_TEST

/* ---- text ---- */

static const struct {
	int prio;
	bool iso;
	const char *output;
	const char *out;
} text_cases[] = {
	{ VIGIL_PRIO_WARNING, false, "Sensitive file opened (user=root)",
	  "23:59:01.123456789: Warning Sensitive file opened (user=root)" },
	{ VIGIL_PRIO_CRITICAL, true, "x",
	  "2026-11-22T23:59:01.123456789+0000: Critical x" },
	{ VIGIL_PRIO_INFORMATIONAL, false, "",
	  "23:59:01.123456789: Informational " },
	{ VIGIL_PRIO_DEBUG, true, NULL,
	  "2026-11-22T23:59:01.123456789+0000: Debug " },
	{ 42, false, "bad prio", "23:59:01.123456789: Unknown bad prio" },
};

START_TEST(test_text)
{
	struct vigil_alert a = {
		.ts_ns = TS,
		.rule = "r",
		.priority = text_cases[_i].prio,
		.output = text_cases[_i].output,
	};
	struct vigil_obuf b;

	utc();
	vigil_obuf_init(&b, 1 << 20);
	vigil_output_text(&b, &a, text_cases[_i].iso);
	ck_assert_int_eq(b.err, 0);
	ck_assert_str_eq(b.p, text_cases[_i].out);
	vigil_obuf_free(&b);
}
END_TEST

START_TEST(test_text_truncated)
{
	char *big = malloc(VIGIL_ALERT_OUTPUT_MAX + 100);
	struct vigil_alert a = { .ts_ns = TS, .priority = 4, .output = big };
	struct vigil_obuf b;

	utc();
	memset(big, 'a', VIGIL_ALERT_OUTPUT_MAX + 99);
	big[VIGIL_ALERT_OUTPUT_MAX + 99] = '\0';
	vigil_obuf_init(&b, 1 << 20);
	vigil_output_text(&b, &a, false);
	ck_assert_int_eq(b.len, strlen("23:59:01.123456789: Warning ") +
			 VIGIL_ALERT_OUTPUT_MAX);
	vigil_obuf_free(&b);
	free(big);
}
END_TEST

/* ---- JSON ---- */

static const char *const f_names[] = {
	"proc.name", "evt.time", "fd.name", "proc.pid", "user.name",
};
static const char *const f_values[] = {
	"cat", "1795391941123456789", "/etc/shadow", "12ab", NULL,
};
static const bool f_json[] = { false, true, false, true, false };
static const char *const tags[] = { "filesystem", "mitre_credential_access" };

static struct vigil_alert json_alert(void)
{
	struct vigil_alert a = {
		.ts_ns = TS,
		.rule = "Read sensitive file",
		.priority = VIGIL_PRIO_WARNING,
		.hostname = "host1",
		.output = "Sensitive file opened (file=/etc/shadow)",
		.field_names = f_names,
		.field_values = f_values,
		.field_json = f_json,
		.nfields = 5,
		.tags = tags,
		.ntags = 2,
	};
	return a;
}

#define J_FIELDS "\"output_fields\":{\"proc.name\":\"cat\"," \
	"\"evt.time\":1795391941123456789,\"fd.name\":\"/etc/shadow\"," \
	"\"proc.pid\":\"12ab\",\"user.name\":null}}"
#define J_TEXT "23:59:01.123456789: Warning Sensitive file opened " \
	"(file=/etc/shadow)"

static const struct {
	bool output;
	bool tags;
	const char *out;
} json_cases[] = {
	{ true, true,
	  "{\"hostname\":\"host1\",\"output\":\"" J_TEXT "\","
	  "\"priority\":\"Warning\",\"rule\":\"Read sensitive file\","
	  "\"source\":\"syscall\","
	  "\"tags\":[\"filesystem\",\"mitre_credential_access\"],"
	  "\"time\":\"2026-11-22T23:59:01.123456789Z\"," J_FIELDS },
	{ false, true,
	  "{\"hostname\":\"host1\","
	  "\"priority\":\"Warning\",\"rule\":\"Read sensitive file\","
	  "\"source\":\"syscall\","
	  "\"tags\":[\"filesystem\",\"mitre_credential_access\"],"
	  "\"time\":\"2026-11-22T23:59:01.123456789Z\"," J_FIELDS },
	{ true, false,
	  "{\"hostname\":\"host1\",\"output\":\"" J_TEXT "\","
	  "\"priority\":\"Warning\",\"rule\":\"Read sensitive file\","
	  "\"source\":\"syscall\","
	  "\"time\":\"2026-11-22T23:59:01.123456789Z\"," J_FIELDS },
};

START_TEST(test_json)
{
	struct vigil_alert a = json_alert();
	struct vigil_output_json_opts o = {
		.include_output = json_cases[_i].output,
		.include_tags = json_cases[_i].tags,
		.hostname = "unused",
	};
	struct vigil_obuf t, b;
	json_error_t jerr;
	json_t *root;

	utc();
	vigil_obuf_init(&t, 1 << 20);
	vigil_obuf_init(&b, 1 << 20);
	vigil_output_text(&t, &a, false);
	o.text = t.p;
	vigil_output_json(&b, &a, &o);
	ck_assert_int_eq(b.err, 0);
	ck_assert_str_eq(b.p, json_cases[_i].out);
	/* And a JSON parser agrees. */
	root = json_loads(b.p, 0, &jerr);
	ck_assert_msg(root, "invalid JSON: %s", jerr.text);
	ck_assert_str_eq(json_string_value(json_object_get(root, "rule")),
			 "Read sensitive file");
	json_decref(root);
	vigil_obuf_free(&t);
	vigil_obuf_free(&b);
}
END_TEST

START_TEST(test_json_defaults)
{
	struct vigil_alert a = {
		.ts_ns = TS, .rule = "r", .priority = VIGIL_PRIO_ERROR,
		.output = "o",
	};
	struct vigil_output_json_opts o = { .include_tags = true,
				     .hostname = "myhost" };
	struct vigil_obuf b;

	vigil_obuf_init(&b, 1 << 20);
	vigil_output_json(&b, &a, &o);
	ck_assert_str_eq(b.p, "{\"hostname\":\"myhost\",\"priority\":\"Error\","
			 "\"rule\":\"r\",\"source\":\"syscall\",\"tags\":[],"
			 "\"time\":\"2026-11-22T23:59:01.123456789Z\","
			 "\"output_fields\":{}}");
	vigil_obuf_free(&b);
}
END_TEST

/* JSON string escaping, including invalid UTF-8. */
static const struct {
	const char *in;
	size_t len;
	const char *out;
} esc_cases[] = {
	{ "plain", 5, "\"plain\"" },
	{ "q\"b\\s/", 6, "\"q\\\"b\\\\s/\"" },
	{ "\n\r\t\b\f", 5, "\"\\n\\r\\t\\b\\f\"" },
	{ "\x01\x1f", 2, "\"\\u0001\\u001f\"" },
	{ "nul\0x", 5, "\"nul\\u0000x\"" },
	{ "caf\xc3\xa9", 5, "\"caf\xc3\xa9\"" },			/* é */
	{ "\xe2\x82\xac", 3, "\"\xe2\x82\xac\"" },			/* € */
	{ "\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\"" },		/* U+1F600 */
	{ "a\xff" "b", 3, "\"a\xef\xbf\xbd" "b\"" },			/* bad byte */
	{ "\xc3", 1, "\"\xef\xbf\xbd\"" },				/* cut */
	{ "\xc0\xaf", 2, "\"\xef\xbf\xbd\xef\xbf\xbd\"" },		/* overlong */
	{ "\xed\xa0\x80", 3,
	  "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },			/* surrogate */
	{ "\xf4\x90\x80\x80", 4,
	  "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" },	/* > U+10FFFF */
	{ "\x7f", 1, "\"\x7f\"" },
};

START_TEST(test_json_escape)
{
	struct vigil_obuf b;
	json_error_t jerr;
	json_t *v;

	vigil_obuf_init(&b, 1 << 20);
	vigil_output_json_string(&b, esc_cases[_i].in, esc_cases[_i].len);
	ck_assert_int_eq(b.err, 0);
	ck_assert_int_eq(b.len, strlen(esc_cases[_i].out));
	ck_assert_mem_eq(b.p, esc_cases[_i].out, b.len);
	v = json_loadb(b.p, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	ck_assert_msg(v && json_is_string(v), "invalid: %s", jerr.text);
	json_decref(v);
	vigil_obuf_free(&b);
}
END_TEST

static const struct {
	const char *in;
	bool scalar;
} scalar_cases[] = {
	{ "0", true }, { "-0", true }, { "12", true }, { "18446744073709551615", true },
	{ "1.5", true }, { "-2.5e+10", true }, { "3E7", true },
	{ "true", true }, { "false", true }, { "null", true },
	{ "", false }, { "-", false }, { "01", false }, { "1.", false },
	{ ".5", false }, { "1e", false }, { "0x10", false }, { "NaN", false },
	{ "True", false }, { "12 ", false }, { "\"s\"", false }, { "[1]", false },
};

START_TEST(test_json_scalar)
{
	ck_assert_int_eq(vigil_output_json_scalar(scalar_cases[_i].in),
			 scalar_cases[_i].scalar);
}
END_TEST

/* Every byte value in a field value still gives valid JSON. */
START_TEST(test_json_all_bytes)
{
	char v[256];
	const char *vals[1] = { v };
	const char *names[1] = { "x" };
	struct vigil_alert a = {
		.ts_ns = TS, .rule = "r", .output = "o",
		.field_names = names, .field_values = vals, .nfields = 1,
	};
	struct vigil_output_json_opts o = { .hostname = "h" };
	struct vigil_obuf b;
	json_error_t jerr;
	json_t *root;
	int i;

	for (i = 1; i < 256; i++)
		v[i - 1] = (char)i;
	v[255] = '\0';
	vigil_obuf_init(&b, 1 << 20);
	vigil_output_json(&b, &a, &o);
	root = json_loads(b.p, 0, &jerr);
	ck_assert_msg(root, "invalid JSON: %s", jerr.text);
	json_decref(root);
	vigil_obuf_free(&b);
}
END_TEST

START_TEST(test_json_limits)
{
	static const char *names[VIGIL_ALERT_FIELDS_MAX + 10];
	static const char *vals[VIGIL_ALERT_FIELDS_MAX + 10];
	static char namebuf[VIGIL_ALERT_FIELDS_MAX + 10][16];
	char *big = malloc(VIGIL_ALERT_VALUE_MAX + 50);
	struct vigil_alert a = {
		.ts_ns = TS, .rule = "r", .output = "o",
		.field_names = names, .field_values = vals,
		.nfields = VIGIL_ALERT_FIELDS_MAX + 10,
	};
	struct vigil_output_json_opts o = { .hostname = "h" };
	struct vigil_obuf b;
	json_error_t jerr;
	json_t *root, *f;
	int i;

	memset(big, 'v', VIGIL_ALERT_VALUE_MAX + 49);
	big[VIGIL_ALERT_VALUE_MAX + 49] = '\0';
	for (i = 0; i < VIGIL_ALERT_FIELDS_MAX + 10; i++) {
		snprintf(namebuf[i], sizeof(namebuf[i]), "f%u", (unsigned int)i);
		names[i] = namebuf[i];
		vals[i] = big;
	}
	vigil_obuf_init(&b, 8 << 20);
	vigil_output_json(&b, &a, &o);
	root = json_loads(b.p, 0, &jerr);
	ck_assert_msg(root, "invalid JSON: %s", jerr.text);
	f = json_object_get(root, "output_fields");
	ck_assert_int_eq(json_object_size(f), VIGIL_ALERT_FIELDS_MAX);
	ck_assert_int_eq(strlen(json_string_value(json_object_get(f, "f0"))),
			 VIGIL_ALERT_VALUE_MAX);
	json_decref(root);
	vigil_obuf_free(&b);
	free(big);
}
END_TEST

START_TEST(test_obuf_limit)
{
	struct vigil_obuf b;

	vigil_obuf_init(&b, 10);
	vigil_obuf_puts(&b, "12345");
	vigil_obuf_printf(&b, "%d", 6789);
	ck_assert_int_eq(b.err, 0);
	ck_assert_str_eq(b.p, "123456789");
	vigil_obuf_puts(&b, "ab");
	ck_assert_int_eq(b.err, -E2BIG);
	ck_assert_str_eq(b.p, "123456789");
	vigil_obuf_free(&b);
}
END_TEST

#define N(a) (sizeof(a) / sizeof((a)[0]))

Suite *output_format_suite(void)
{
	Suite *s = suite_create("output_format");
	TCase *tc = tcase_create("format");

	tcase_add_loop_test(tc, test_priority_names, 0, N(prio_cases));
	tcase_add_loop_test(tc, test_priority_parse, 0, N(parse_cases));
	tcase_add_test(tc, test_priority_range);
	tcase_add_loop_test(tc, test_time, 0, N(time_cases));
	tcase_add_test(tc, test_time_local);
	tcase_add_test(tc, test_time_short_buffer);
	tcase_add_loop_test(tc, test_text, 0, N(text_cases));
	tcase_add_test(tc, test_text_truncated);
	tcase_add_loop_test(tc, test_json, 0, N(json_cases));
	tcase_add_test(tc, test_json_defaults);
	tcase_add_loop_test(tc, test_json_escape, 0, N(esc_cases));
	tcase_add_loop_test(tc, test_json_scalar, 0, N(scalar_cases));
	tcase_add_test(tc, test_json_all_bytes);
	tcase_add_test(tc, test_json_limits);
	tcase_add_test(tc, test_obuf_limit);
	suite_add_tcase(s, tc);
	return s;
}
