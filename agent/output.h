/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Alert delivery: formatting (Falco's text line and JSON schema) and the
 * output channels (stdout, file, syslog, program, http).
 *
 * vigil_outputs_open() starts one worker thread per enabled channel, each
 * with a bounded queue.  vigil_outputs_emit() formats the alert once and
 * queues it on every channel; it never waits for a channel.  A channel
 * whose queue is full drops the alert for itself only, counts it and
 * reports the loss (rate limited).  vigil_outputs_close() flushes the
 * queues within a deadline and stops the workers.
 *
 * The caller should ignore or block SIGPIPE; the workers block it in
 * their own threads and child programs get the default disposition.
 */
#ifndef VIGIL_OUTPUT_H
#define VIGIL_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

/* Falco's priorities, numerically equal to the syslog severities. */
enum vigil_priority {
	VIGIL_PRIO_EMERGENCY,
	VIGIL_PRIO_ALERT,
	VIGIL_PRIO_CRITICAL,
	VIGIL_PRIO_ERROR,
	VIGIL_PRIO_WARNING,
	VIGIL_PRIO_NOTICE,
	VIGIL_PRIO_INFORMATIONAL,
	VIGIL_PRIO_DEBUG,
	VIGIL_PRIO_COUNT
};

/* Limits on what one alert may carry; longer input is truncated. */
#define VIGIL_ALERT_OUTPUT_MAX	16384	/* bytes of the output text */
#define VIGIL_ALERT_VALUE_MAX	4096	/* bytes of one field value */
#define VIGIL_ALERT_NAME_MAX	256	/* bytes of a field name or tag */
#define VIGIL_ALERT_FIELDS_MAX	128	/* output fields kept */
#define VIGIL_ALERT_TAGS_MAX	64	/* tags kept */

/*
 * One alert.  Everything it points at need only live for the duration of
 * vigil_outputs_emit().  field_json[i] true: field_values[i] is a JSON
 * number, true, false or null and is written unquoted (anything else is
 * written as a string); field_json NULL: every value is a string.  A NULL
 * value is written as null.
 */
struct vigil_alert {
	__u64 ts_ns;			/* wall clock, ns since the epoch */
	const char *rule;
	int priority;			/* enum vigil_priority */
	const char *source;		/* NULL: "syscall" */
	const char *hostname;		/* NULL: this host's name */
	const char *output;		/* the resolved output text */
	const char *const *field_names;
	const char *const *field_values;
	const bool *field_json;
	unsigned int nfields;
	const char *const *tags;
	unsigned int ntags;
};

enum vigil_syslog_proto {
	VIGIL_SYSLOG_UDP,
	VIGIL_SYSLOG_TCP,
};

/*
 * Configuration, keys named like Falco's.  Zeroed means: every channel
 * off, defaults for the numbers.  Strings are copied by
 * vigil_outputs_open().
 */
struct vigil_output_config {
	bool json_output;
	bool json_include_output_property;
	bool json_include_tags_property;
	bool time_format_iso_8601;
	bool buffered_outputs;
	unsigned int queue_depth;	/* alerts per channel; 0: 1024 */
	size_t queue_bytes;		/* bytes per channel; 0: 64 MiB */
	unsigned int close_timeout_ms;	/* flush deadline; 0: 5000 */
	unsigned int report_interval_ms; /* loss reports; 0: 10000 */
	/* Where losses and channel errors are logged; NULL: stderr. */
	void (*log)(void *arg, const char *msg);
	void *log_arg;

	struct {
		bool enabled;
	} stdout_output;

	struct {
		bool enabled;
		bool keep_alive;
		const char *filename;
	} file_output;

	/*
	 * host NULL: local syslog(3).  host set: RFC 5424 to host:port (port
	 * 0: 514) over UDP, or TCP with octet-counting framing (RFC 6587).
	 */
	struct {
		bool enabled;
		const char *host;
		unsigned short port;
		enum vigil_syslog_proto proto;
		int facility;			/* 0..23; LOG_USER >> 3 is 1 */
		const char *app_name;		/* NULL: "vigil" */
	} syslog_output;

	struct {
		bool enabled;
		bool keep_alive;
		const char *program;		/* run as sh -c PROGRAM */
	} program_output;

	/* The body is always the alert's JSON. */
	struct {
		bool enabled;
		const char *url;
		const char *user_agent;		/* NULL: "vigil" */
		bool insecure;			/* don't verify the peer */
		const char *ca_cert;
		const char *ca_path;
		bool mtls;			/* send client_cert/key */
		const char *client_cert;
		const char *client_key;
		const char *const *headers;	/* "Name: value" */
		unsigned int nheaders;
		unsigned int timeout_ms;	/* whole request; 0: 5000 */
		bool echo;			/* response body to stdout */
	} http_output;
};

struct vigil_output_stats {
	const char *name;	/* channel name, e.g. "http" */
	__u64 sent;		/* delivered */
	__u64 dropped;		/* queue full, or unsent at close */
	__u64 errors;		/* delivery failed */
	__u64 queued;		/* waiting now */
};

/* Upper bound on the channels vigil_outputs_stats() can report. */
#define VIGIL_OUTPUT_CHANNELS_MAX	8

struct vigil_outputs;

/*
 * Open every enabled channel and start its worker.  On failure returns
 * NULL with errno set and a message in err.  No channel enabled is not an
 * error.
 */
struct vigil_outputs *vigil_outputs_open(const struct vigil_output_config *cfg,
					 char *err, size_t errlen);

/*
 * Queue a on every channel; never waits on a channel (each queue's mutex
 * is held only for a push or pop).  Returns the number of channels that
 * dropped it (queue full), or -EINVAL / -ENOMEM / -E2BIG.  Loss reports
 * go through cfg->log on the calling thread, at most one per channel per
 * report interval.
 */
int vigil_outputs_emit(struct vigil_outputs *o, const struct vigil_alert *a);

/*
 * Ask the file channel to reopen its file (logrotate, SIGUSR1).  Takes a
 * mutex: call it from the event loop once the handler's flag is seen,
 * not from the signal handler.
 */
void vigil_outputs_reopen(struct vigil_outputs *o);

/* Fill up to max entries of st; returns the number of channels. */
size_t vigil_outputs_stats(struct vigil_outputs *o,
			   struct vigil_output_stats *st, size_t max);

/* Deliver what is queued within close_timeout_ms, then stop; NULL is ok. */
void vigil_outputs_close(struct vigil_outputs *o);

/* Falco's name of a priority ("Warning"); NULL when out of range. */
const char *vigil_priority_name(int prio);

/*
 * A priority from its name, any case, Falco's spellings ("info" too);
 * -EINVAL when unknown.
 */
int vigil_priority_parse(const char *name);

/* A syslog facility from its name ("user", "local0"...), or -EINVAL. */
int vigil_syslog_facility_parse(const char *name);

#endif /* VIGIL_OUTPUT_H */
