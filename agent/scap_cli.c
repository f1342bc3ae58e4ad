// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Command-line entry for .scap captures, for main.c to call:
 *
 *   vigil --scap-dump FILE          one JSON object per converted record
 *                                   (the decoder's output plus "evt.num")
 *   vigil --scap-count FILE         records per vigil type, "name count"
 *   vigil --scap-count --sysdig-names FILE
 *                                   the same, named as sysdig's %evt.type
 *   vigil --scap-state FILE         the initial state (threads, fds, users)
 *
 * Exit status 0, 1 when the capture is damaged (the records before the
 * damage are still printed), 2 on usage errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "scap_cli.h"
#include "scap_replay.h"

struct name_count {
	char name[64];
	__u64 n;
};

static int usage(void)
{
	fprintf(stderr,
		"usage: vigil --scap-dump FILE\n"
		"       vigil --scap-count [--sysdig-names] FILE\n"
		"       vigil --scap-state FILE\n");
	return 2;
}

static int dump_one(const struct vigil_event *ev,
		    const struct scap_evmeta *meta)
{
	unsigned int invalid = 0;
	json_t *j = vigil_decode_json(ev, 0, &invalid);
	char *s;

	if (!j)
		return -errno;
	json_object_set_new(j, "evt.num", json_integer((json_int_t)meta->num));
	json_object_set_new(j, "evt.type",
			    json_string(scap_sysdig_name(meta, ev->type)));
	if (meta->flags & SCAP_META_NOARGS)
		json_object_set_new(j, "scap.noargs", json_true());
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (!s)
		return -ENOMEM;
	puts(s);
	free(s);
	return 0;
}

static void count_add(struct name_count *t, size_t *n, size_t max,
		      const char *name)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (!strcmp(t[i].name, name)) {
			t[i].n++;
			return;
		}
	}
	if (*n == max)
		return;
	snprintf(t[*n].name, sizeof(t[*n].name), "%s", name);
	t[*n].n = 1;
	(*n)++;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct name_count *)a)->name,
		      ((const struct name_count *)b)->name);
}

static int print_thread(struct scap_thread *t, void *arg)
{
	struct scap_state *st = arg;
	const char *user = scap_state_user_name(st, t->uid);
	json_t *j = json_object(), *fds = json_array();
	char *s;
	__u32 i;

	if (!j || !fds) {
		json_decref(j);
		json_decref(fds);
		return -ENOMEM;
	}
	json_object_set_new(j, "tid", json_integer(t->tid));
	json_object_set_new(j, "pid", json_integer(t->pid));
	json_object_set_new(j, "ptid", json_integer(t->ptid));
	json_object_set_new(j, "comm", json_string(t->comm ? t->comm : ""));
	json_object_set_new(j, "exe", json_string(t->exe ? t->exe : ""));
	json_object_set_new(j, "exepath",
			    json_string(t->exepath ? t->exepath : ""));
	json_object_set_new(j, "cwd", json_string(t->cwd ? t->cwd : ""));
	json_object_set_new(j, "uid", json_integer(t->uid));
	json_object_set_new(j, "user", user ? json_string(user) : json_null());
	json_object_set_new(j, "gid", json_integer(t->gid));
	json_object_set_new(j, "loginuid", json_integer((__s32)t->loginuid));
	json_object_set_new(j, "container", json_string(t->container_id));
	for (i = 0; i < t->nfds; i++) {
		json_t *f = json_object();

		if (!f)
			break;
		json_object_set_new(f, "fd", json_integer(t->fds[i].fd));
		json_object_set_new(f, "type", json_integer(t->fds[i].type));
		if (t->fds[i].name)
			json_object_set_new(f, "name",
					    vigil_json_bytes(t->fds[i].name,
							     strlen(t->fds[i].name)));
		json_array_append_new(fds, f);
	}
	json_object_set_new(j, "fds", fds);
	s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
	if (s) {
		puts(s);
		free(s);
	}
	return 0;
}

int scap_cli_main(int argc, char **argv)
{
	struct name_count counts[VIGIL_EV_MAX + 8];
	size_t ncounts = 0, i;
	const struct vigil_event *ev;
	struct scap_evmeta meta;
	struct scap_replay *rp;
	const struct scap_conv_stats *cs;
	const char *mode, *path = NULL;
	int sysdig_names = 0, r, status = 0, state_done = 0;

	if (argc < 3)
		return usage();
	mode = argv[1];
	for (i = 2; i < (size_t)argc; i++) {
		if (!strcmp(argv[i], "--sysdig-names"))
			sysdig_names = 1;
		else if (!path)
			path = argv[i];
		else
			return usage();
	}
	if (!path || (strcmp(mode, "--scap-dump") &&
		      strcmp(mode, "--scap-count") &&
		      strcmp(mode, "--scap-state")))
		return usage();

	rp = scap_replay_open(path);
	if (!rp) {
		fprintf(stderr, "vigil: %s: %s\n", path, strerror(errno));
		return 1;
	}
	while ((r = scap_replay_next(rp, &ev, &meta)) > 0) {
		if (!strcmp(mode, "--scap-dump")) {
			if (dump_one(ev, &meta))
				break;
		} else if (!strcmp(mode, "--scap-count")) {
			count_add(counts, &ncounts,
				  sizeof(counts) / sizeof(counts[0]),
				  sysdig_names ?
					  scap_sysdig_name(&meta, ev->type) :
					  vigil_type_desc(ev->type)->name);
		} else {
			/* the state as it was before the first event */
			break;
		}
	}
	if (!strcmp(mode, "--scap-state")) {
		scap_thread_foreach(scap_replay_state(rp), print_thread,
				    scap_replay_state(rp));
		state_done = 1;
	}
	if (r < 0) {
		fprintf(stderr, "vigil: %s: %s\n", path, scap_replay_error(rp));
		status = 1;
	}
	if (!strcmp(mode, "--scap-count")) {
		qsort(counts, ncounts, sizeof(counts[0]), cmp_name);
		for (i = 0; i < ncounts; i++)
			printf("%s %llu\n", counts[i].name,
			       (unsigned long long)counts[i].n);
	}
	cs = scap_replay_stats(rp);
	if (!state_done)
		fprintf(stderr,
			"vigil: %s: %llu events, %llu records, %llu skipped, "
			"%llu filtered, %llu newer than the event table, "
			"%llu unknown blocks\n",
			path, (unsigned long long)cs->events,
			(unsigned long long)cs->converted,
			(unsigned long long)cs->skipped,
			(unsigned long long)cs->filtered,
			(unsigned long long)cs->beyond_table,
			(unsigned long long)scap_replay_unknown_blocks(rp));
	scap_replay_close(rp);
	return status;
}
