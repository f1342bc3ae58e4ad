// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * vigil-event-generator --list [--json]
 * vigil-event-generator [options] run ACTION|all
 *
 * Runs each action in a fresh work directory that is removed afterwards;
 * exits 1 if any action could not be performed, 2 on a usage error.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evgen.h"

#define DEFAULT_WORKBASE	"/var/lib/vigil-event-generator"
#define DEFAULT_DOCKER_ROOT	"/var/lib/docker"
#define DEFAULT_CGROUP_ROOT	"/sys/fs/cgroup"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vigil-event-generator --list [--json]\n"
		"       vigil-event-generator [options] run ACTION|all\n"
		"options:\n"
		"  --workdir DIR      where run directories are made (default %s,\n"
		"                     $HOME/.cache/vigil-event-generator when not root);\n"
		"                     not below /tmp, /var/tmp or /dev/shm\n"
		"  --docker-root DIR  where container actions write docker's metadata\n"
		"                     (default %s; \"\" for none)\n"
		"  --keep-metadata    leave that metadata in place afterwards (as docker\n"
		"                     does until a container is removed)\n"
		"  --cgroup-root DIR  the cgroup v2 mount (default %s)\n"
		"  -v                 say more\n",
		DEFAULT_WORKBASE, DEFAULT_DOCKER_ROOT, DEFAULT_CGROUP_ROOT);
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static int nexpect(const struct evg_action *a)
{
	int n = 0;

	while (n < EVG_MAX_EXPECT && a->expect[n].rule)
		n++;
	return n;
}

static void list_actions(int json)
{
	const struct evg_action *a;
	size_t i;
	int k, n, total;

	if (json)
		printf("[\n");
	for (i = 0; i < evg_nactions; i++) {
		a = &evg_actions[i];
		n = nexpect(a);
		if (!json) {
			printf("%-26s %s\n", a->name, a->desc);
			for (k = 0; k < n; k++)
				printf("%-26s   -> %s x%d\n", "",
				       a->expect[k].rule, a->expect[k].count);
			continue;
		}
		printf("  {\"action\": ");
		json_str(a->name);
		printf(", \"rules\": [");
		for (total = 0, k = 0; k < n; k++) {
			printf("%s", k ? ", " : "");
			json_str(a->expect[k].rule);
			total += a->expect[k].count;
		}
		printf("], \"counts\": [");
		for (k = 0; k < n; k++)
			printf("%s%d", k ? ", " : "", a->expect[k].count);
		printf("], \"count\": %d, \"root\": %s, \"container\": %s, "
		       "\"desc\": ", total, a->flags & EVG_ROOT ? "true" : "false",
		       a->flags & EVG_CONTAINER ? "true" : "false");
		json_str(a->desc);
		printf("}%s\n", i + 1 < evg_nactions ? "," : "");
	}
	if (json)
		printf("]\n");
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static int make_workdir(struct evg_ctx *ctx, const char *base,
			char *made, size_t size)
{
	static const char *const temp[] = { "/tmp", "/var/tmp", "/dev/shm" };
	size_t i, n;
	int ret;

	for (i = 0; i < sizeof(temp) / sizeof(*temp); i++) {
		n = strlen(temp[i]);
		if (!strncmp(base, temp[i], n) &&
		    (base[n] == '/' || base[n] == '\0')) {
			evg_err("--workdir %s: programs run from there raise "
				"\"Execution from Temporary Directory\"", base);
			return -EINVAL;
		}
	}
	ret = evg_mkdir_p(base, 0700, made, size);
	if (!ret)
		ret = evg_path(ctx->workdir, sizeof(ctx->workdir),
			       "%s/run.XXXXXX", base);
	if (ret)
		return ret;
	if (!mkdtemp(ctx->workdir))
		return -errno;
	return 0;
}

static int run_action(struct evg_ctx *ctx, const struct evg_action *a)
{
	int k, n = nexpect(a), ret;

	printf("run %s:", a->name);
	for (k = 0; k < n; k++)
		printf("%s expect \"%s\" x%d", k ? "," : "", a->expect[k].rule,
		       a->expect[k].count);
	printf("\n");
	fflush(stdout);
	if ((a->flags & EVG_ROOT) && geteuid() != 0) {
		evg_err("%s: needs root", a->name);
		printf("  FAILED %s: needs root\n", a->name);
		return -EPERM;
	}
	ret = a->run(ctx, a);
	if (ret) {
		printf("  FAILED %s: %s\n", a->name, strerror(-ret));
		return ret;
	}
	printf("  ok %s\n", a->name);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = getenv(EVG_ENV_CHILD), *base = NULL, *what;
	static struct evg_ctx ctx;
	char made[EVG_PATH_MAX], home[EVG_PATH_MAX];
	int i, json = 0, list = 0, failed = 0, found = 0;
	ssize_t n;
	size_t k;

	if (mode)
		return evg_child_main(mode, argc, argv);
	snprintf(ctx.docker_root, sizeof(ctx.docker_root), "%s",
		 DEFAULT_DOCKER_ROOT);
	snprintf(ctx.cgroup_root, sizeof(ctx.cgroup_root), "%s",
		 DEFAULT_CGROUP_ROOT);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--list")) {
			list = 1;
		} else if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else if (!strcmp(argv[i], "--keep-metadata")) {
			ctx.keep_metadata = 1;
		} else if (!strcmp(argv[i], "-v")) {
			ctx.verbose = 1;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (i + 1 < argc && !strcmp(argv[i], "--workdir")) {
			base = argv[++i];
		} else if (i + 1 < argc && !strcmp(argv[i], "--docker-root")) {
			snprintf(ctx.docker_root, sizeof(ctx.docker_root), "%s",
				 argv[++i]);
		} else if (i + 1 < argc && !strcmp(argv[i], "--cgroup-root")) {
			snprintf(ctx.cgroup_root, sizeof(ctx.cgroup_root), "%s",
				 argv[++i]);
		} else {
			break;
		}
	}
	if (list) {
		if (i != argc) {
			usage(stderr);
			return 2;
		}
		list_actions(json);
		return 0;
	}
	if (argc - i != 2 || strcmp(argv[i], "run")) {
		usage(stderr);
		return 2;
	}
	what = argv[i + 1];
	if (strcmp(what, "all")) {
		for (k = 0; k < evg_nactions; k++)
			found |= !strcmp(evg_actions[k].name, what);
		if (!found) {
			evg_err("no action '%s' (see --list)", what);
			return 2;
		}
	}
	n = readlink("/proc/self/exe", ctx.self, sizeof(ctx.self) - 1);
	if (n <= 0 || (size_t)n >= sizeof(ctx.self) - 1) {
		evg_err("cannot find my own executable through /proc/self/exe");
		return 1;
	}
	ctx.self[n] = '\0';
	if (!base && geteuid() != 0) {
		if (!getenv("HOME") ||
		    evg_path(home, sizeof(home), "%s/.cache/vigil-event-generator",
			     getenv("HOME"))) {
			evg_err("not root and no usable $HOME: give --workdir");
			return 1;
		}
		base = home;
	}
	if (!base)
		base = DEFAULT_WORKBASE;
	i = make_workdir(&ctx, base, made, sizeof(made));
	if (i) {
		evg_err("cannot make a work directory below %s: %s", base,
			strerror(-i));
		return 1;
	}
	for (k = 0; k < evg_nactions; k++) {
		if (strcmp(what, "all") && strcmp(what, evg_actions[k].name))
			continue;
		if (run_action(&ctx, &evg_actions[k]))
			failed++;
	}
	nftw(ctx.workdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (made[0])
		evg_rmdir_created(base, made);
	if (!strcmp(what, "all"))
		printf("%zu actions, %d failed\n", evg_nactions, failed);
	return failed ? 1 : 0;
}
