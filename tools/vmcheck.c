// SPDX-License-Identifier: GPL-2.0
/*
 * vmcheck: check the events a VM run captured against the expectations
 * the trigger programs printed.
 *
 *   vmcheck EXPECT.jsonl DUMP.jsonl
 *
 * Both files hold one JSON object per line.  For every expectation, the
 * events whose every listed key equals (json_equal) the expectation's value
 * match it; exactly one must match, or exactly N with "_count": N.  Keys
 * starting with "_" are directives: "_count" and "_desc" (a label printed
 * on failure); any other one is an error.  A line that is not a JSON object
 * fails the run with its file and line number.
 *
 * Exit status: 0 every expectation passed and both files parsed, 1 some
 * expectation failed or some line was malformed, 2 usage or I/O error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define VC_LINE_MAX	(4 << 20)	/* longest accepted line, bytes */
#define VC_SHOW_MAX	8		/* candidate events printed per failure */

struct vc_line {
	json_t *obj;
	size_t lineno;
};

struct vc_file {
	const char *path;
	struct vc_line *lines;
	size_t n;
	size_t cap;
	size_t bad;			/* malformed lines */
};

/* Events of one "type", as indices into the dump. */
struct vc_index {
	json_t *by_type;		/* type -> array of integer indices */
	json_t *untyped;		/* events without a string "type" */
	json_t *none;			/* empty: a type no event has */
};

static int vc_push(struct vc_file *f, json_t *obj, size_t lineno)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 256;
		struct vc_line *l = realloc(f->lines, cap * sizeof(*l));

		if (!l)
			return -ENOMEM;
		f->lines = l;
		f->cap = cap;
	}
	f->lines[f->n].obj = obj;
	f->lines[f->n].lineno = lineno;
	f->n++;
	return 0;
}

/*
 * Read one line into buf (at most VC_LINE_MAX bytes).  Returns its length,
 * -1 at end of file, -2 if the line was too long (the rest is skipped).
 */
static long vc_getline(FILE *fp, char *buf)
{
	long len = 0;
	int too_long = 0;
	int c;

	while ((c = getc(fp)) != EOF && c != '\n') {
		if (len < VC_LINE_MAX)
			buf[len++] = (char)c;
		else
			too_long = 1;
	}
	if (c == EOF && len == 0 && !too_long)
		return -1;
	buf[len] = '\0';
	return too_long ? -2 : len;
}

static int vc_blank(const char *s, long len)
{
	long i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static int vc_load(struct vc_file *f, const char *path)
{
	size_t lineno = 0;
	char *buf;
	FILE *fp;
	long len;
	int ret = 0;

	memset(f, 0, sizeof(*f));
	f->path = path;
	fp = fopen(path, "r");
	if (!fp) {
		fprintf(stderr, "vmcheck: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	buf = malloc(VC_LINE_MAX + 1);
	if (!buf) {
		ret = -ENOMEM;
		goto out_close;
	}
	while ((len = vc_getline(fp, buf)) != -1) {
		json_error_t err;
		json_t *obj;

		lineno++;
		if (len == -2) {
			printf("%s:%zu: line longer than %d bytes\n", path,
			       lineno, VC_LINE_MAX);
			f->bad++;
			continue;
		}
		if (vc_blank(buf, len))
			continue;
		obj = json_loadb(buf, (size_t)len, JSON_REJECT_DUPLICATES,
				 &err);
		if (!obj) {
			printf("%s:%zu: invalid JSON at column %d: %s\n", path,
			       lineno, err.column, err.text);
			f->bad++;
			continue;
		}
		if (!json_is_object(obj)) {
			printf("%s:%zu: not a JSON object\n", path, lineno);
			json_decref(obj);
			f->bad++;
			continue;
		}
		ret = vc_push(f, obj, lineno);
		if (ret) {
			json_decref(obj);
			break;
		}
	}
	if (!ret && ferror(fp)) {
		fprintf(stderr, "vmcheck: %s: read error\n", path);
		ret = -EIO;
	}
	free(buf);
out_close:
	fclose(fp);
	return ret;
}

static void vc_free(struct vc_file *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		json_decref(f->lines[i].obj);
	free(f->lines);
}

static int vc_index_build(struct vc_index *ix, const struct vc_file *dump)
{
	size_t i;

	ix->by_type = json_object();
	ix->untyped = json_array();
	ix->none = json_array();
	if (!ix->by_type || !ix->untyped || !ix->none)
		return -ENOMEM;
	for (i = 0; i < dump->n; i++) {
		json_t *t = json_object_get(dump->lines[i].obj, "type");
		json_t *arr;

		if (!json_is_string(t)) {
			arr = ix->untyped;
		} else {
			arr = json_object_get(ix->by_type, json_string_value(t));
			if (!arr) {
				arr = json_array();
				if (!arr || json_object_set_new(ix->by_type,
						json_string_value(t), arr))
					return -ENOMEM;
			}
		}
		if (json_array_append_new(arr, json_integer((json_int_t)i)))
			return -ENOMEM;
	}
	return 0;
}

/* Number of non-directive keys of exp that ev lacks or holds differently. */
static int vc_diff(json_t *exp, json_t *ev)
{
	const char *key;
	json_t *want;
	int n = 0;

	json_object_foreach(exp, key, want) {
		if (key[0] == '_')
			continue;
		if (!json_equal(want, json_object_get(ev, key)))
			n++;
	}
	return n;
}

static void vc_print_json(const char *prefix, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
			     JSON_PRESERVE_ORDER);

	printf("%s%s\n", prefix, s ? s : "(unprintable)");
	free(s);
}

static void vc_print_diff(json_t *exp, json_t *ev)
{
	const char *key;
	json_t *want;

	json_object_foreach(exp, key, want) {
		json_t *got = json_object_get(ev, key);
		char *w, *g;

		if (key[0] == '_' || json_equal(want, got))
			continue;
		w = json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY);
		g = got ? json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
		printf("        %s: want %s, got %s\n", key, w ? w : "?",
		       got ? (g ? g : "?") : "(absent)");
		free(w);
		free(g);
	}
}

/* Checks the directives; returns the wanted count or -1 (reported). */
static long vc_directives(const struct vc_file *ef, const struct vc_line *l)
{
	const char *key;
	json_t *v;
	long want = 1;
	int plain = 0;

	json_object_foreach(l->obj, key, v) {
		if (key[0] != '_') {
			plain++;
		} else if (!strcmp(key, "_count")) {
			if (!json_is_integer(v) || json_integer_value(v) < 0) {
				printf("%s:%zu: \"_count\" must be a non-negative integer\n",
				       ef->path, l->lineno);
				return -1;
			}
			want = (long)json_integer_value(v);
		} else if (strcmp(key, "_desc")) {
			printf("%s:%zu: unknown directive \"%s\"\n", ef->path,
			       l->lineno, key);
			return -1;
		}
	}
	if (!plain) {
		printf("%s:%zu: expectation has no key to match\n", ef->path,
		       l->lineno);
		return -1;
	}
	return want;
}

static json_t *vc_candidates(const struct vc_index *ix, json_t *exp)
{
	json_t *t = json_object_get(exp, "type");
	json_t *arr;

	if (!t)
		return NULL;	/* no type: every event is a candidate */
	if (!json_is_string(t))
		return ix->untyped;
	arr = json_object_get(ix->by_type, json_string_value(t));
	return arr ? arr : ix->none;
}

struct vc_near {
	size_t idx;
	int diff;
};

static int vc_near_cmp(const void *a, const void *b)
{
	const struct vc_near *x = a, *y = b;

	if (x->diff != y->diff)
		return x->diff - y->diff;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Prints the events of the expectation's type and tid, nearest first. */
static void vc_show_near(const struct vc_file *dump, json_t *cand, json_t *exp)
{
	json_t *tid = json_object_get(exp, "tid");
	struct vc_near *near;
	size_t n = cand ? json_array_size(cand) : dump->n;
	size_t i, k = 0;

	near = calloc(n ? n : 1, sizeof(*near));
	if (!near) {
		printf("    (out of memory listing candidates)\n");
		return;
	}
	for (i = 0; i < n; i++) {
		size_t idx = cand ? (size_t)json_integer_value(
				json_array_get(cand, i)) : i;
		json_t *ev = dump->lines[idx].obj;

		if (tid && !json_equal(tid, json_object_get(ev, "tid")))
			continue;
		near[k].idx = idx;
		near[k].diff = vc_diff(exp, ev);
		k++;
	}
	qsort(near, k, sizeof(*near), vc_near_cmp);
	printf("    %zu event(s) of the same type and tid\n", k);
	for (i = 0; i < k && i < VC_SHOW_MAX; i++) {
		printf("    %s:%zu:\n", dump->path, dump->lines[near[i].idx].lineno);
		vc_print_json("      ", dump->lines[near[i].idx].obj);
		vc_print_diff(exp, dump->lines[near[i].idx].obj);
	}
	if (k > VC_SHOW_MAX)
		printf("    ... %zu more\n", k - VC_SHOW_MAX);
	free(near);
}

/* Returns 1 if the expectation holds, 0 if not (reported). */
static int vc_check_one(const struct vc_file *ef, const struct vc_line *l,
			const struct vc_file *dump, const struct vc_index *ix)
{
	json_t *desc = json_object_get(l->obj, "_desc");
	json_t *cand;
	long want, got = 0;
	size_t i, n, shown = 0;

	want = vc_directives(ef, l);
	if (want < 0)
		return 0;
	cand = vc_candidates(ix, l->obj);
	n = cand ? json_array_size(cand) : dump->n;
	for (i = 0; i < n; i++) {
		size_t idx = cand ? (size_t)json_integer_value(
				json_array_get(cand, i)) : i;

		if (!vc_diff(l->obj, dump->lines[idx].obj))
			got++;
	}
	if (got == want)
		return 1;

	printf("FAIL %s:%zu%s%s%s: %ld matching event(s), want %ld\n",
	       ef->path, l->lineno, json_is_string(desc) ? " (" : "",
	       json_is_string(desc) ? json_string_value(desc) : "",
	       json_is_string(desc) ? ")" : "", got, want);
	vc_print_json("    expect: ", l->obj);
	if (got > want) {
		printf("    matching events:\n");
		for (i = 0; i < n && shown < VC_SHOW_MAX; i++) {
			size_t idx = cand ? (size_t)json_integer_value(
					json_array_get(cand, i)) : i;

			if (vc_diff(l->obj, dump->lines[idx].obj))
				continue;
			printf("    %s:%zu:\n", dump->path,
			       dump->lines[idx].lineno);
			vc_print_json("      ", dump->lines[idx].obj);
			shown++;
		}
	} else {
		vc_show_near(dump, cand, l->obj);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct vc_file ef, dump;
	struct vc_index ix = { NULL, NULL, NULL };
	size_t i, passed = 0, total;
	int ret = 2;

	if (argc != 3) {
		fprintf(stderr, "usage: vmcheck EXPECT.jsonl DUMP.jsonl\n");
		return 2;
	}
	if (vc_load(&ef, argv[1]))
		return 2;
	if (vc_load(&dump, argv[2]))
		goto out_ef;
	if (vc_index_build(&ix, &dump)) {
		fprintf(stderr, "vmcheck: out of memory\n");
		goto out_dump;
	}

	for (i = 0; i < ef.n; i++)
		passed += vc_check_one(&ef, &ef.lines[i], &dump, &ix);
	total = ef.n + ef.bad;
	if (dump.bad)
		printf("vmcheck: %s: %zu malformed line(s)\n", dump.path,
		       dump.bad);
	if (!total)
		printf("vmcheck: %s holds no expectations\n", ef.path);
	printf("vmcheck: %zu expectations, %zu passed, %zu failed\n", total,
	       passed, total - passed);
	ret = (total && passed == total && !dump.bad) ? 0 : 1;

out_dump:
	json_decref(ix.by_type);
	json_decref(ix.untyped);
	json_decref(ix.none);
	vc_free(&dump);
out_ef:
	vc_free(&ef);
	return ret;
}
