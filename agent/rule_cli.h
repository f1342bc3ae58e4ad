/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VIGIL_RULE_CLI_H
#define VIGIL_RULE_CLI_H

#include <stdio.h>

/*
 * vigil's rule commands: -r PATH (repeatable) loads rules, -V PATH...
 * validates and exits 0/1, -L lists rules, --list lists fields,
 * --disasm RULE prints a rule's program, --conditions prints each
 * enabled rule's expanded condition as NAME<TAB>CONDITION, -t/-T TAG and -D SUBSTRING
 * select rules.  Returns the process exit status.
 */
int rule_cli_main(int argc, char **argv);

struct rule_set;

/*
 * Each enabled, compiled rule as NAME<TAB>CONDITION on one line: macros
 * and lists expanded, exceptions folded in, fully parenthesised.
 * Returns 0 or -errno.
 */
int rule_cli_print_conds(const struct rule_set *rs, FILE *out);

/* --bench: evaluation throughput over n events of the synthetic stream. */
int rule_bench(const struct rule_set *rs, unsigned long n);
/*
 * The same stream as a differential test: every event's matches from
 * rule_set_eval against each indexed rule's plainly emitted program run
 * without the event cache.  0 (with the match count), or -1 and why.
 */
int rule_bench_verify(const struct rule_set *rs, unsigned long *matches, char *why, size_t len);

#endif /* VIGIL_RULE_CLI_H */
