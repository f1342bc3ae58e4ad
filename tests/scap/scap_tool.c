// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Stand-alone front end for scap_cli_main() until main.c dispatches
 * --scap-* itself: "scap_tool --scap-count FILE" etc.
 */
#include "scap_cli.h"

int main(int argc, char **argv)
{
	return scap_cli_main(argc, argv);
}
