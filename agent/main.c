// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vigil: picks a mode from the first argument and hands over to it.
 */
#include <stdio.h>
#include <string.h>

#include "dump.h"
#include "scap_cli.h"
#include "rule_cli.h"
#include "pipeline_cli.h"
#include "daemon.h"

/* Options that select the rules tool (validate, list, disassemble). */
static int is_rule_mode(int argc, char **argv)
{
	static const char *const opts[] = { "-V", "-L", "--list", "--disasm",
					    "--conditions", "--bench" };
	int i;
	size_t j;

	for (i = 1; i < argc; i++)
		for (j = 0; j < sizeof(opts) / sizeof(opts[0]); j++)
			if (!strcmp(argv[i], opts[j]))
				return 1;
	return 0;
}

static int has_opt(int argc, char **argv, const char *opt)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], opt))
			return 1;
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vigil [-c FILE] [-r RULES]... [-o KEY=VALUE]... [options]\n"
		"             the live daemon (vigil --daemon-help for its options)\n"
		"       vigil MODE [options]\n"
		"modes:\n"
		"  --dump     print every captured event as JSON (vigil --dump --help)\n"
		"  --scap-dump FILE, --scap-count FILE, --scap-state FILE\n"
		"             convert a sysdig/Falco .scap capture and print its events,\n"
		"             its event counts per type, or its initial state\n"
		"  -e FILE -r RULES...  replay a capture (vigil's -w format or .scap)\n"
		"             through the rules\n"
		"             and print the alerts (-j JSON, -p FIELDS, --priority P)\n"
		"  -V PATH... validate rules files (-L list rules, --list list fields,\n"
		"             --disasm RULE print a rule's bytecode; -r PATH loads rules)\n"
		"  --help     this text\n");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : NULL;

	if (mode && !strcmp(mode, "--dump"))
		return vigil_dump_main(argc - 1, argv + 1);
	if (mode && !strncmp(mode, "--scap-", 7))
		return scap_cli_main(argc, argv);
	if (is_rule_mode(argc, argv))
		return rule_cli_main(argc, argv);
	if (has_opt(argc, argv, "-e"))
		return pipeline_cli_main(argc, argv);
	if (mode && (!strcmp(mode, "--help") || !strcmp(mode, "-h"))) {
		usage(stdout);
		return 0;
	}
	/* no mode option: the live daemon */
	return vigil_daemon_main(argc, argv);
}
