// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vigil -e FILE -r RULES... : replay a capture through the pipeline and
 * print the alerts on stdout, Falco's text line or (-j) its JSON.
 *
 *   -r PATH     rules file or directory (repeatable)
 *   -e FILE     .scap capture to replay
 *   -j          JSON alerts
 *   -p FIELDS   appended to every rule's output (Falco's -p)
 *   --priority P  minimum priority
 *   -t TAG / -T TAG / -D SUBSTR   rule selection as in the rules tool
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output_format.h"
#include "pipeline.h"
#include "pipeline_cli.h"

struct print_ctx {
	int json;
	int iso;
	struct vigil_obuf b;
};

static void print_alert(void *arg, const struct vigil_alert *al)
{
	struct print_ctx *c = arg;
	struct vigil_output_json_opts jo = { true, true, NULL, NULL };

	vigil_obuf_free(&c->b);
	vigil_obuf_init(&c->b, 1 << 20);
	vigil_output_text(&c->b, al, c->iso);
	if (c->json && c->b.len) {
		/* "output" is the text line, as Falco's JSON has it */
		struct vigil_obuf j;

		vigil_obuf_init(&j, 8 << 20);
		jo.text = c->b.p;
		vigil_output_json(&j, al, &jo);
		vigil_obuf_free(&c->b);
		c->b = j;
	}
	if (c->b.len) {
		fwrite(c->b.p, 1, c->b.len, stdout);
		fputc('\n', stdout);
	}
}

static int has_tag(const struct rule_item *r, const char *tag)
{
	uint32_t i;

	for (i = 0; i < r->ntags; i++)
		if (!strcmp(r->tags[i], tag))
			return 1;
	return 0;
}

void pipeline_select_rules(struct rule_set *rs, const struct pipeline_sel *s)
{
	uint32_t i;
	int k, keep;

	for (i = 0; i < rs->nitems[RK_RULE]; i++) {
		struct rule_item *r = rs->items[RK_RULE][i];

		keep = !s->nonly;
		for (k = 0; k < s->nonly; k++)
			keep |= has_tag(r, s->only[k]);
		for (k = 0; k < s->nskip; k++)
			if (has_tag(r, s->skip[k]))
				keep = 0;
		for (k = 0; k < s->nsub; k++)
			if (strstr(r->name, s->sub[k]))
				keep = 0;
		if (!keep)
			r->enabled = 0;
	}
}

struct rule_set *pipeline_load_rules(const char *const *paths, int n,
				     const struct pipeline_sel *sel)
{
	struct rule_set *rs = rule_set_new();
	int i;

	if (!rs)
		return NULL;
	for (i = 0; i < n; i++)
		rule_set_load_path(rs, paths[i]);
	rule_set_compile(rs);
	rule_diag_print(rs, stderr);
	if (rs->nerrors) {
		rule_set_free(rs);
		return NULL;
	}
	if (sel)
		pipeline_select_rules(rs, sel);
	return rs;
}

int pipeline_cli_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "priority", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *paths[RULE_MAX_FILES];
	struct pipeline_replay_opts o;
	struct print_ctx pc;
	struct pipeline_sel sel;
	int npaths = 0, opt, ret;

	memset(&o, 0, sizeof(o));
	memset(&pc, 0, sizeof(pc));
	memset(&sel, 0, sizeof(sel));
	o.min_prio = PRIO_DEBUG;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "r:e:jp:t:T:D:q", opts,
				  NULL)) != -1) {
		switch (opt) {
		case 'r':
			if (cli_add(paths, &npaths, RULE_MAX_FILES, optarg))
				return 2;
			break;
		case 'e':
			o.path = optarg;
			break;
		case 'j':
			pc.json = 1;
			break;
		case 'p':
			o.extra = optarg;
			break;
		case 'q':
			o.quiet_stats = 1;
			break;
		case 'P':
			o.min_prio = rule_prio_parse(optarg);
			if (o.min_prio < 0) {
				fprintf(stderr, "vigil: bad priority '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 't':
			if (cli_add(sel.only, &sel.nonly, PIPELINE_MAX_SEL, optarg))
				return 2;
			break;
		case 'T':
			if (cli_add(sel.skip, &sel.nskip, PIPELINE_MAX_SEL, optarg))
				return 2;
			break;
		case 'D':
			if (cli_add(sel.sub, &sel.nsub, PIPELINE_MAX_SEL, optarg))
				return 2;
			break;
		default:
			fprintf(stderr, "usage: vigil -e FILE -r RULES... [-j] "
				"[-p FIELDS] [--priority P] [-t TAG] [-T TAG] "
				"[-D SUBSTR] [-q]\n");
			return 2;
		}
	}
	if (!o.path || !npaths) {
		fprintf(stderr, "vigil: -e needs a capture file and -r at "
			"least one rules file\n");
		return 2;
	}
	o.rs = pipeline_load_rules(paths, npaths, &sel);
	if (!o.rs)
		return 1;
	o.emit = print_alert;
	o.emit_arg = &pc;
	ret = pipeline_replay(&o);
	vigil_obuf_free(&pc.b);
	fflush(stdout);
	return ret ? 1 : 0;
}
