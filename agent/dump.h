/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * vigil --dump: capture and print every event as one JSON line.
 */
#ifndef VIGIL_DUMP_H
#define VIGIL_DUMP_H

#include <stdio.h>

/* argv[0] is "--dump"; returns the process exit status. */
int vigil_dump_main(int argc, char **argv);

void vigil_dump_usage(FILE *out);

#endif /* VIGIL_DUMP_H */
