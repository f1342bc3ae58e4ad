/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Symbolic names for the flag and enum formats of vigil_events.def
 * (VIGIL_FMT_OFLAGS ... VIGIL_FMT_FCNTL), for errno values and signals.
 * Values are the x86_64 ABI's, written out so the agent does not depend on
 * how new the build machine's headers are.
 */
#ifndef VIGIL_NAMES_H
#define VIGIL_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

/* Longest text vigil_names_format() writes, NUL included. */
#define VIGIL_NAMES_BUF	512

struct vigil_name {
	__u64 val;
	const char *name;
};

/* Whether fmt (enum vigil_fmt) is one of the flag or enum formats. */
bool vigil_names_has_fmt(unsigned int fmt);

/*
 * Write the symbolic form of v for format fmt into buf: flag formats as
 * names joined by '|' with unknown bits as one trailing "0x..", enum
 * formats as one name or the decimal number.  Returns the length, or
 * -EINVAL when fmt is not a flag/enum format, -ENOSPC when buf is short
 * (buf holds a truncated, terminated text then).
 */
int vigil_names_format(unsigned int fmt, __u64 v, char *buf, size_t size);

/*
 * chmod's mode as Falco prints it: the permission bits' names joined by '|'
 * ("S_IXOTH|...|S_IRUSR|S_ISUID"), "0" for none; file type bits are
 * dropped.  Returns the length or -ENOSPC.
 */
int vigil_mode_format(__u64 v, char *buf, size_t size);

/* "ENOENT" for 2; NULL when the number has no name. */
const char *vigil_errno_name(__u64 err);

/* "SIGKILL" for 9, "SIGRTMIN+3" for 35; 0 when sig has no name. */
int vigil_signal_name(__u64 sig, char *buf, size_t size);

/* Name of v in a table of n values, NULL when absent. */
const char *vigil_name_lookup(const struct vigil_name *tab, size_t n, __u64 v);

#endif /* VIGIL_NAMES_H */
