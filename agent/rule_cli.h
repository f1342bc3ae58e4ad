/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VIGIL_RULE_CLI_H
#define VIGIL_RULE_CLI_H

/*
 * vigil's rule commands: -r PATH (repeatable) loads rules, -V PATH...
 * validates and exits 0/1, -L lists rules, --list lists fields,
 * --disasm RULE prints a rule's program, -t/-T TAG and -D SUBSTRING
 * select rules.  Returns the process exit status.
 */
int rule_cli_main(int argc, char **argv);

#endif /* VIGIL_RULE_CLI_H */
