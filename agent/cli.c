// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Command-line error messages shared by the daemon (daemon.c) and --dump
 * (dump.c).  Call right after getopt_long, while optind still points past
 * the offending argument.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

int cli_bad_option(int c, char *const argv[])
{
	if (c == ':')
		fprintf(stderr, "vigil: option '%s' needs an argument\n",
			argv[optind - 1]);
	else
		fprintf(stderr, "vigil: unknown option '%s'\n",
			argv[optind - 1]);
	return -EINVAL;
}

int cli_no_operands(int argc, char *const argv[])
{
	if (optind >= argc)
		return 0;
	fprintf(stderr, "vigil: unexpected argument '%s'\n", argv[optind]);
	return -EINVAL;
}

int cli_add(const char **arr, int *n, int max, const char *v)
{
	if (*n >= max) {
		fprintf(stderr, "vigil: too many options\n");
		return -1;
	}
	arr[(*n)++] = v;
	return 0;
}
