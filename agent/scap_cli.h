/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * "vigil --scap-dump|--scap-count|--scap-state FILE": argv[1] is the
 * mode.  Returns the process exit status (see scap_cli.c).
 */
#ifndef VIGIL_SCAP_CLI_H
#define VIGIL_SCAP_CLI_H

int scap_cli_main(int argc, char **argv);

#endif /* VIGIL_SCAP_CLI_H */
