/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Alert formatting: Falco's text line and JSON object, the time formats
 * and a bounded growable byte buffer.  Nothing here prints or locks.
 */
#ifndef VIGIL_OUTPUT_FORMAT_H
#define VIGIL_OUTPUT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "output.h"

/*
 * A byte buffer that grows up to max bytes; an append that does not fit
 * (or fails to allocate) sets err and leaves the buffer as it was before.
 * p is NUL-terminated whenever len > 0.
 */
struct vigil_obuf {
	char *p;
	size_t len;
	size_t cap;
	size_t max;
	int err;		/* first error, -E2BIG or -ENOMEM */
};

void vigil_obuf_init(struct vigil_obuf *b, size_t max);
void vigil_obuf_free(struct vigil_obuf *b);
void vigil_obuf_add(struct vigil_obuf *b, const void *s, size_t n);
void vigil_obuf_puts(struct vigil_obuf *b, const char *s);
void vigil_obuf_printf(struct vigil_obuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Time styles. */
enum vigil_time_style {
	VIGIL_TIME_FALCO,	/* local "23:59:01.123456789" */
	VIGIL_TIME_ISO_OFFSET,	/* "2026-11-22T23:59:01.123456789+0000" */
	VIGIL_TIME_ISO_Z,	/* "2026-11-22T23:59:01.123456789Z" */
	VIGIL_TIME_RFC5424,	/* "2026-11-22T23:59:01.123456Z" */
};

#define VIGIL_TIME_LEN	48

/* Write ts_ns (ns since the epoch) in style; returns the length or -EINVAL. */
int vigil_output_time(char *buf, size_t len, __u64 ts_ns,
		      enum vigil_time_style style);

/* "<time>: <Priority> <output>", no newline. */
void vigil_output_text(struct vigil_obuf *b, const struct vigil_alert *a,
		       bool iso_8601);

/* Options of the JSON object. */
struct vigil_output_json_opts {
	bool include_output;	/* json_include_output_property */
	bool include_tags;	/* json_include_tags_property */
	const char *hostname;	/* used when the alert has none */
	const char *text;	/* the text line, for "output" */
};

/*
 * Falco's JSON: {"hostname","output","priority","rule","source","tags",
 * "time","output_fields"}, compact, no newline.  Invalid UTF-8 is
 * replaced by U+FFFD so the result is always valid JSON.
 */
void vigil_output_json(struct vigil_obuf *b, const struct vigil_alert *a,
		       const struct vigil_output_json_opts *opt);

/* s (n bytes) as a JSON string, quotes included. */
void vigil_output_json_string(struct vigil_obuf *b, const char *s, size_t n);

/* Whether s is a JSON number, true, false or null. */
bool vigil_output_json_scalar(const char *s);

#endif /* VIGIL_OUTPUT_FORMAT_H */
