/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * scap's portable flag encodings (PPM_*) back to the x86_64 kernel values
 * vigil records carry.
 */
#ifndef VIGIL_SCAP_XLAT_H
#define VIGIL_SCAP_XLAT_H

#include <linux/types.h>

enum scap_xlat {
	SCAP_XLAT_NONE,
	SCAP_XLAT_OFLAGS,	/* PPM_O_* -> O_* */
	SCAP_XLAT_CLONE,	/* PPM_CL_* -> CLONE_* */
	SCAP_XLAT_PROT,		/* PPM_PROT_* -> PROT_* */
	SCAP_XLAT_MAP,		/* PPM_MAP_* -> MAP_* */
	SCAP_XLAT_FCNTL,	/* PPM_FCNTL_* -> F_* (-1 unknown) */
	SCAP_XLAT_PTRACE,	/* PPM_PTRACE_* -> PTRACE_* (-1 unknown) */
	SCAP_XLAT_EXECVEAT,	/* PPM_EXVAT_* -> AT_* */
	SCAP_XLAT_RESOLVE,	/* PPM_RESOLVE_* -> RESOLVE_* */
};

__u64 scap_xlat(enum scap_xlat which, __u64 v);

#endif /* VIGIL_SCAP_XLAT_H */
