// SPDX-License-Identifier: GPL-2.0
/* The command-line front end of the rule engine. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "fields.h"
#include "pipeline_cli.h"
#include "rule_cli.h"
#include "rule_set.h"


struct cli {
	const char *paths[RULE_MAX_FILES];
	int npaths;
	struct pipeline_sel sel;		/* -t, -T, -D */
	int validate, list_rules, list_fields, bench, conds;
	const char *disasm;
};

static void list_fields(void)
{
	unsigned int i;

	for (i = 0; i < field_count; i++) {
		const struct field_info *f = &field_table[i];
		char arg[16] = "";

		if (f->flags & (FF_IDX | FF_KEY))
			snprintf(arg, sizeof(arg), "[%s]", f->flags & FF_KEY ? "KEY" : "N");
		printf("%-44s %-8s%s %s%s\n", f->name, field_type_names[f->type],
		       f->flags & FF_LIST ? " list" : "", f->desc,
		       f->flags & FF_NA ? " (not captured yet: reads as absent)" : "");
		if (arg[0])
			printf("%-44s takes an argument %s\n", "", arg);
	}
}

static void list_rules(const struct rule_set *rs)
{
	uint32_t i, t;

	for (i = 0; i < rs->nitems[RK_RULE]; i++) {
		const struct rule_item *r = rs->items[RK_RULE][i];

		printf("%s\n  priority: %s%s\n  tags:", r->name, rule_prio_names[r->priority],
		       r->enabled ? "" : " (disabled)");
		for (t = 0; t < r->ntags; t++)
			printf(" %s", r->tags[t]);
		printf("\n  desc: %s\n", r->desc ? r->desc : "");
	}
}

/*
 * Each enabled rule that compiled, as "NAME<TAB>CONDITION": the condition
 * with its macros and lists expanded and its exceptions folded in, fully
 * parenthesised (the text tools/bench hands to sysdig).  Returns 0 or
 * -errno.
 */
int rule_cli_print_conds(const struct rule_set *rs, FILE *out)
{
	char *buf = NULL;
	size_t size = 0;
	uint32_t i;
	int n, ret = 0;

	for (i = 0; i < rs->nitems[RK_RULE]; i++) {
		const struct rule_item *r = rs->items[RK_RULE][i];

		if (!r->enabled || !r->compiled)
			continue;
		n = cond_print(r->tree, buf, size);
		if ((size_t)n >= size) {
			free(buf);
			size = (size_t)n + 1;
			buf = malloc(size);
			if (!buf)
				return -ENOMEM;
			cond_print(r->tree, buf, size);
		}
		if (fprintf(out, "%s\t%s\n", r->name, buf) < 0)
			ret = -EIO;
	}
	free(buf);
	return ret;
}

static int disasm(const struct rule_set *rs, const char *name)
{
	const struct rule_item *r = rule_set_find(rs, RK_RULE, name);
	char *buf;
	int n;

	if (!r || !r->compiled) {
		fprintf(stderr, "vigil: rule '%s' %s\n", name, r ? "did not compile" : "not found");
		return 1;
	}
	n = vm_disasm(&r->prog, NULL, 0);
	buf = malloc((size_t)n + 1);
	if (!buf)
		return 1;
	vm_disasm(&r->prog, buf, (size_t)n + 1);
	fputs(buf, stdout);
	free(buf);
	return 0;
}

int rule_cli_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "list", no_argument, NULL, 'F' },
		{ "disasm", required_argument, NULL, 'd' },
		{ "bench", no_argument, NULL, 'B' },
		{ "conditions", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli c;
	struct rule_set *rs;
	struct timespec t0, t1;
	int opt, i, ret = 0;

	memset(&c, 0, sizeof(c));
	optind = 1;
	while ((opt = getopt_long(argc, argv, "r:VLt:T:D:", opts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			if (cli_add(c.paths, &c.npaths, RULE_MAX_FILES, optarg))
				return 2;
			break;
		case 'V':
			c.validate = 1;
			break;
		case 'L':
			c.list_rules = 1;
			break;
		case 'F':
			c.list_fields = 1;
			break;
		case 'd':
			c.disasm = optarg;
			break;
		case 'B':
			c.bench = 1;
			break;
		case 'C':
			c.conds = 1;
			break;
		case 't':
			if (cli_add(c.sel.only, &c.sel.nonly, PIPELINE_MAX_SEL, optarg))
				return 2;
			break;
		case 'T':
			if (cli_add(c.sel.skip, &c.sel.nskip, PIPELINE_MAX_SEL, optarg))
				return 2;
			break;
		case 'D':
			if (cli_add(c.sel.sub, &c.sel.nsub, PIPELINE_MAX_SEL, optarg))
				return 2;
			break;
		default:
			fprintf(stderr, "usage: vigil [-r PATH]... [-V PATH...] [-L] [--list] "
				"[--disasm RULE] [--conditions] [--bench] [-t TAG] [-T TAG] [-D SUBSTRING]\n");
			return 2;
		}
	}
	/* -V takes the remaining arguments as paths too. */
	for (i = optind; i < argc; i++)
		if (cli_add(c.paths, &c.npaths, RULE_MAX_FILES, argv[i]))
			return 2;
	if (c.list_fields) {
		list_fields();
		return 0;
	}
	rs = rule_set_new();
	if (!rs)
		return 2;
	/* CPU time of this thread: the figure holds on a busy machine too. */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	for (i = 0; i < c.npaths; i++)
		rule_set_load_path(rs, c.paths[i]);
	rule_set_compile(rs);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	pipeline_select_rules(rs, &c.sel);
	rule_diag_print(rs, stderr);
	if (c.validate) {
		printf("%s: %u error(s), %u warning(s)\n", rs->nerrors ? "invalid" : "ok",
		       rs->nerrors, rs->nwarnings);
		ret = rs->nerrors ? 1 : 0;
	}
	if (c.list_rules)
		list_rules(rs);
	if (c.disasm)
		ret = disasm(rs, c.disasm);
	if (c.conds && rule_cli_print_conds(rs, stdout)) {
		fprintf(stderr, "vigil: --conditions: cannot print the conditions\n");
		ret = 1;
	}
	if (c.bench) {
		printf("load+compile: %.2f ms CPU (%u rules, %u shared macros memoised)\n",
		       (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
		       rs->nitems[RK_RULE], rs->nmemo);
		rule_bench(rs, getenv("VIGIL_BENCH_EVENTS") ?
			   strtoul(getenv("VIGIL_BENCH_EVENTS"), NULL, 10) : 20000000);
	}
	if (!c.validate && !c.list_rules && !c.disasm && !c.conds && !c.bench &&
	    rs->nerrors)
		ret = 1;
	rule_set_free(rs);
	return ret;
}
