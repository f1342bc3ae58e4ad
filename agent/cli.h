/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What the command lines of the daemon, --dump, the rule commands and
 * replay share: the messages for a getopt_long failure and for operands
 * left after the options, and repeatable options.
 */
#ifndef VIGIL_CLI_H
#define VIGIL_CLI_H

/*
 * getopt_long returned c, ':' (argv[optind - 1] lacks its argument) or
 * anything else (unknown option): says so on stderr, returns -EINVAL.
 */
int cli_bad_option(int c, char *const argv[]);

/* 0 when getopt consumed every argument, else -EINVAL with a message. */
int cli_no_operands(int argc, char *const argv[]);

/* Append v to arr (n used of max) for a repeatable option; -1 when full. */
int cli_add(const char **arr, int *n, int max, const char *v);

#endif /* VIGIL_CLI_H */
