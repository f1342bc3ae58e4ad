// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Test driver: send N alerts through the http channel and print the
 * channel's counters once every alert is delivered or failed.
 *
 *   emit_alert [--ca FILE] [--capath DIR] [--cert FILE --key FILE]
 *              [--insecure] [--header "Name: value"] [--timeout MS] URL N
 *
 * Prints "sent=S dropped=D errors=E"; exit status 0 when it could run.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "output.h"

static const char *const names[] = { "proc.name", "fd.name" };
static const char *const values[] = { "cat", "/etc/shadow" };
static const char *const tags[] = { "filesystem" };

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ca", required_argument, NULL, 'a' },
		{ "capath", required_argument, NULL, 'p' },
		{ "cert", required_argument, NULL, 'c' },
		{ "key", required_argument, NULL, 'k' },
		{ "insecure", no_argument, NULL, 'i' },
		{ "header", required_argument, NULL, 'H' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct vigil_alert a = {
		.rule = "Read sensitive file untrusted",
		.priority = VIGIL_PRIO_WARNING,
		.output = "Sensitive file opened (file=/etc/shadow)",
		.field_names = names,
		.field_values = values,
		.nfields = 2,
		.tags = tags,
		.ntags = 1,
	};
	const char *headers[16];
	struct vigil_output_config c;
	struct vigil_output_stats st;
	struct vigil_outputs *o;
	struct timespec ts = { 0, 10000000 };
	char err[256];
	long n, i;
	int opt;

	memset(&c, 0, sizeof(c));
	c.http_output.enabled = true;
	c.http_output.headers = headers;
	c.json_include_output_property = true;
	c.json_include_tags_property = true;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'a':
			c.http_output.ca_cert = optarg;
			break;
		case 'p':
			c.http_output.ca_path = optarg;
			break;
		case 'c':
			c.http_output.client_cert = optarg;
			c.http_output.mtls = true;
			break;
		case 'k':
			c.http_output.client_key = optarg;
			break;
		case 'i':
			c.http_output.insecure = true;
			break;
		case 'H':
			if (c.http_output.nheaders < 16)
				headers[c.http_output.nheaders++] = optarg;
			break;
		case 't':
			c.http_output.timeout_ms = atoi(optarg);
			break;
		default:
			return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: emit_alert [options] URL N\n");
		return 2;
	}
	c.http_output.url = argv[optind];
	n = atol(argv[optind + 1]);
	if (n <= 0 || n > 1000) {
		fprintf(stderr, "emit_alert: N must be 1..1000\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	o = vigil_outputs_open(&c, err, sizeof(err));
	if (!o) {
		fprintf(stderr, "emit_alert: %s\n", err);
		return 1;
	}
	for (i = 0; i < n; i++) {
		a.ts_ns = (__u64)time(NULL) * 1000000000ULL;
		vigil_outputs_emit(o, &a);
	}
	/* Until every alert is accounted for, at most 30 s. */
	for (i = 0; i < 3000; i++) {
		vigil_outputs_stats(o, &st, 1);
		if (st.sent + st.dropped + st.errors == (__u64)n)
			break;
		nanosleep(&ts, NULL);
	}
	vigil_outputs_close(o);
	printf("sent=%llu dropped=%llu errors=%llu\n",
	       (unsigned long long)st.sent, (unsigned long long)st.dropped,
	       (unsigned long long)st.errors);
	return 0;
}
