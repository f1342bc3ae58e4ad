/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Command-line entry points of the pipeline (replay) and rule helpers. */
#ifndef VIGIL_PIPELINE_CLI_H
#define VIGIL_PIPELINE_CLI_H

#include "rule_set.h"

#define PIPELINE_MAX_SEL	64

/* -t only these tags, -T not these tags, -D not names containing. */
struct pipeline_sel {
	const char *only[PIPELINE_MAX_SEL], *skip[PIPELINE_MAX_SEL];
	const char *sub[PIPELINE_MAX_SEL];
	int nonly, nskip, nsub;
};

/* Load and compile rules, diagnostics on stderr; NULL on any error. */
struct rule_set *pipeline_load_rules(const char *const *paths, int n,
				     const struct pipeline_sel *sel);
void pipeline_select_rules(struct rule_set *rs, const struct pipeline_sel *s);

/* vigil -e FILE -r RULES... */
int pipeline_cli_main(int argc, char **argv);

#endif /* VIGIL_PIPELINE_CLI_H */
