// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Alert formatting as Falco writes it.
 *
 * Text:  "23:59:01.123456789: Warning <output>"  (local time), or with
 *        time_format_iso_8601 "2026-11-22T23:59:01.123456789+0000: ...".
 * JSON:  {"hostname":..,"output":<text line>,"priority":"Warning",
 *         "rule":..,"source":"syscall","tags":[..],
 *         "time":"2026-11-22T23:59:01.123456789Z","output_fields":{..}}
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "utf8.h"
#include "output_format.h"

static const char *const prio_names[VIGIL_PRIO_COUNT] = {
	[VIGIL_PRIO_EMERGENCY] = "Emergency",
	[VIGIL_PRIO_ALERT] = "Alert",
	[VIGIL_PRIO_CRITICAL] = "Critical",
	[VIGIL_PRIO_ERROR] = "Error",
	[VIGIL_PRIO_WARNING] = "Warning",
	[VIGIL_PRIO_NOTICE] = "Notice",
	[VIGIL_PRIO_INFORMATIONAL] = "Informational",
	[VIGIL_PRIO_DEBUG] = "Debug",
};

const char *vigil_priority_name(int prio)
{
	if (prio < 0 || prio >= VIGIL_PRIO_COUNT)
		return NULL;
	return prio_names[prio];
}

int vigil_priority_parse(const char *name)
{
	int i;

	if (!name)
		return -EINVAL;
	for (i = 0; i < VIGIL_PRIO_COUNT; i++)
		if (!strcasecmp(name, prio_names[i]))
			return i;
	if (!strcasecmp(name, "info"))
		return VIGIL_PRIO_INFORMATIONAL;
	return -EINVAL;
}

void vigil_obuf_init(struct vigil_obuf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void vigil_obuf_free(struct vigil_obuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
}

/* Room for n more bytes and a NUL; 0 or sets b->err. */
static int obuf_reserve(struct vigil_obuf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (b->err)
		return b->err;
	if (n > b->max || b->len + n > b->max) {
		b->err = -E2BIG;
		return b->err;
	}
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->err = -ENOMEM;
		return b->err;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void vigil_obuf_add(struct vigil_obuf *b, const void *s, size_t n)
{
	if (obuf_reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void vigil_obuf_puts(struct vigil_obuf *b, const char *s)
{
	vigil_obuf_add(b, s, strlen(s));
}

void vigil_obuf_printf(struct vigil_obuf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (!b->err)
			b->err = -EINVAL;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		vigil_obuf_add(b, small, n);
		return;
	}
	if (obuf_reserve(b, n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, n + 1, fmt, ap);
	va_end(ap);
	b->len += n;
}

int vigil_output_time(char *buf, size_t len, __u64 ts_ns,
		      enum vigil_time_style style)
{
	time_t sec = (time_t)(ts_ns / 1000000000ULL);
	unsigned int ns = (unsigned int)(ts_ns % 1000000000ULL);
	struct tm tm;
	size_t n;
	int m;

	if (style == VIGIL_TIME_FALCO) {
		if (!localtime_r(&sec, &tm))
			return -EINVAL;
		n = strftime(buf, len, "%H:%M:%S", &tm);
	} else {
		if (!gmtime_r(&sec, &tm))
			return -EINVAL;
		n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	}
	if (!n)
		return -EINVAL;
	switch (style) {
	case VIGIL_TIME_FALCO:
		m = snprintf(buf + n, len - n, ".%09u", ns);
		break;
	case VIGIL_TIME_ISO_OFFSET:
		m = snprintf(buf + n, len - n, ".%09u+0000", ns);
		break;
	case VIGIL_TIME_ISO_Z:
		m = snprintf(buf + n, len - n, ".%09uZ", ns);
		break;
	case VIGIL_TIME_RFC5424:
		m = snprintf(buf + n, len - n, ".%06uZ", ns / 1000);
		break;
	default:
		return -EINVAL;
	}
	if (m < 0 || (size_t)m >= len - n)
		return -EINVAL;
	return (int)(n + m);
}

static const char *prio_or_unknown(int prio)
{
	const char *s = vigil_priority_name(prio);

	return s ? s : "Unknown";
}

void vigil_output_text(struct vigil_obuf *b, const struct vigil_alert *a,
		       bool iso_8601)
{
	char t[VIGIL_TIME_LEN];
	const char *out = a->output ? a->output : "";

	if (vigil_output_time(t, sizeof(t), a->ts_ns, iso_8601 ?
			      VIGIL_TIME_ISO_OFFSET : VIGIL_TIME_FALCO) < 0)
		strcpy(t, "?");
	vigil_obuf_printf(b, "%s: %s ", t, prio_or_unknown(a->priority));
	vigil_obuf_add(b, out, strnlen(out, VIGIL_ALERT_OUTPUT_MAX));
}

void vigil_output_json_string(struct vigil_obuf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run, k;

	vigil_obuf_add(b, "\"", 1);
	while (i < n) {
		/* Copy the longest run that needs no escaping at once. */
		run = i;
		while (run < n && s[run] >= 0x20 && s[run] < 0x80 &&
		       s[run] != '"' && s[run] != '\\')
			run++;
		if (run > i) {
			vigil_obuf_add(b, s + i, run - i);
			i = run;
			continue;
		}
		switch (s[i]) {
		case '"':
			vigil_obuf_add(b, "\\\"", 2);
			break;
		case '\\':
			vigil_obuf_add(b, "\\\\", 2);
			break;
		case '\n':
			vigil_obuf_add(b, "\\n", 2);
			break;
		case '\r':
			vigil_obuf_add(b, "\\r", 2);
			break;
		case '\t':
			vigil_obuf_add(b, "\\t", 2);
			break;
		case '\b':
			vigil_obuf_add(b, "\\b", 2);
			break;
		case '\f':
			vigil_obuf_add(b, "\\f", 2);
			break;
		default:
			if (s[i] < 0x20) {
				vigil_obuf_printf(b, "\\u%04x", s[i]);
				break;
			}
			k = vigil_utf8_seq(s + i, n - i);
			if (!k) {
				vigil_obuf_add(b, "\xef\xbf\xbd", 3);
				break;
			}
			vigil_obuf_add(b, s + i, k);
			i += k;
			continue;
		}
		i++;
	}
	vigil_obuf_add(b, "\"", 1);
}

static void json_cstr(struct vigil_obuf *b, const char *s, size_t max)
{
	vigil_output_json_string(b, s, strnlen(s, max));
}

static const char *skip_digits(const char *s)
{
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

bool vigil_output_json_scalar(const char *s)
{
	const char *p;

	if (!strcmp(s, "true") || !strcmp(s, "false") || !strcmp(s, "null"))
		return true;
	if (*s == '-')
		s++;
	if (*s == '0') {
		s++;
	} else {
		if (*s < '1' || *s > '9')
			return false;
		s = skip_digits(s);
	}
	if (*s == '.') {
		p = skip_digits(s + 1);
		if (p == s + 1)
			return false;
		s = p;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		p = skip_digits(s);
		if (p == s)
			return false;
		s = p;
	}
	return *s == '\0';
}

static void json_fields(struct vigil_obuf *b, const struct vigil_alert *a)
{
	unsigned int i, n = a->nfields;
	const char *v;

	if (n > VIGIL_ALERT_FIELDS_MAX)
		n = VIGIL_ALERT_FIELDS_MAX;
	vigil_obuf_add(b, "{", 1);
	for (i = 0; i < n; i++) {
		if (i)
			vigil_obuf_add(b, ",", 1);
		json_cstr(b, a->field_names[i] ? a->field_names[i] : "",
			  VIGIL_ALERT_NAME_MAX);
		vigil_obuf_add(b, ":", 1);
		v = a->field_values ? a->field_values[i] : NULL;
		if (!v)
			vigil_obuf_puts(b, "null");
		else if (a->field_json && a->field_json[i] &&
			 strlen(v) <= VIGIL_ALERT_VALUE_MAX &&
			 vigil_output_json_scalar(v))
			vigil_obuf_puts(b, v);
		else
			json_cstr(b, v, VIGIL_ALERT_VALUE_MAX);
	}
	vigil_obuf_add(b, "}", 1);
}

void vigil_output_json(struct vigil_obuf *b, const struct vigil_alert *a,
		       const struct vigil_output_json_opts *opt)
{
	char t[VIGIL_TIME_LEN];
	const char *host = a->hostname ? a->hostname : opt->hostname;
	unsigned int i, ntags = a->ntags;

	if (vigil_output_time(t, sizeof(t), a->ts_ns, VIGIL_TIME_ISO_Z) < 0)
		strcpy(t, "?");
	vigil_obuf_puts(b, "{\"hostname\":");
	json_cstr(b, host ? host : "", VIGIL_ALERT_NAME_MAX);
	if (opt->include_output && opt->text) {
		vigil_obuf_puts(b, ",\"output\":");
		vigil_output_json_string(b, opt->text, strlen(opt->text));
	}
	vigil_obuf_puts(b, ",\"priority\":");
	json_cstr(b, prio_or_unknown(a->priority), VIGIL_ALERT_NAME_MAX);
	vigil_obuf_puts(b, ",\"rule\":");
	json_cstr(b, a->rule ? a->rule : "", VIGIL_ALERT_OUTPUT_MAX);
	vigil_obuf_puts(b, ",\"source\":");
	json_cstr(b, a->source ? a->source : "syscall", VIGIL_ALERT_NAME_MAX);
	if (opt->include_tags) {
		if (ntags > VIGIL_ALERT_TAGS_MAX)
			ntags = VIGIL_ALERT_TAGS_MAX;
		vigil_obuf_puts(b, ",\"tags\":[");
		for (i = 0; i < ntags; i++) {
			if (i)
				vigil_obuf_add(b, ",", 1);
			json_cstr(b, a->tags[i] ? a->tags[i] : "",
				  VIGIL_ALERT_NAME_MAX);
		}
		vigil_obuf_add(b, "]", 1);
	}
	vigil_obuf_puts(b, ",\"time\":");
	json_cstr(b, t, sizeof(t));
	vigil_obuf_puts(b, ",\"output_fields\":");
	json_fields(b, a);
	vigil_obuf_add(b, "}", 1);
}
