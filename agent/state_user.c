// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Users and groups from passwd(5) and group(5) files.  The files are
 * stat()ed at most once per user_recheck_ms and re-read when their mtime
 * or size changed.  A file that can't be read keeps the entries read
 * before.  Lines over LINE_MAX_LEN bytes and entries over the cap are
 * dropped (counted).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "state_int.h"

#define LINE_MAX_LEN	4096
#define NFIELDS_MAX	8

static void htab_free_all(struct vst_htab *h)
{
	struct vst_hnode *n, *next;
	__u32 i;

	if (!h->b)
		return;
	for (i = 0; i <= h->mask; i++) {
		for (n = h->b[i]; n; n = next) {
			next = n->next;
			free(n);	/* the node is first in its entry */
		}
		h->b[i] = NULL;
	}
	h->n = 0;
}

int vst_users_init(struct vigil_state *st)
{
	_Static_assert(offsetof(struct vst_user, hn) == 0, "hn first");
	_Static_assert(offsetof(struct vst_group, hn) == 0, "hn first");
	if (vst_htab_init(&st->users.users, st->cfg.max_users) ||
	    vst_htab_init(&st->users.groups, st->cfg.max_users))
		return -ENOMEM;
	return 0;
}

void vst_users_free(struct vigil_state *st)
{
	htab_free_all(&st->users.users);
	htab_free_all(&st->users.groups);
	vst_htab_free(&st->users.users);
	vst_htab_free(&st->users.groups);
}

/* Split line at ':' into at most NFIELDS_MAX fields; returns the count. */
static int split(char *line, char **f)
{
	int n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	f[n++] = line;
	while (n < NFIELDS_MAX && (line = strchr(line, ':'))) {
		*line++ = '\0';
		f[n++] = line;
	}
	return n;
}

static int parse_id(const char *s, __u32 *id)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > 0xffffffffUL)
		return -EINVAL;
	*id = (__u32)v;
	return 0;
}

/* Call fn for each complete, well-formed line of path. */
static int each_line(const char *path, int (*fn)(void *arg, char **f, int n),
		     void *arg)
{
	char line[LINE_MAX_LEN], *f[NFIELDS_MAX];
	size_t len;
	int skip = 0, err = 0;
	FILE *fp;

	fp = fopen(path, "re");
	if (!fp)
		return -errno;
	while (!err && fgets(line, sizeof(line), fp)) {
		len = strlen(line);
		if (len && line[len - 1] != '\n' && !feof(fp)) {
			skip = 1;	/* too long: drop the whole line */
			continue;
		}
		if (skip) {
			skip = 0;
			continue;
		}
		if (line[0] == '#' || line[0] == '\n')
			continue;
		err = fn(arg, f, split(line, f));
	}
	fclose(fp);
	return err;
}

struct load_ctx {
	struct vigil_state *st;
	struct vst_htab *h;
};

static int add_user(void *arg, char **f, int n)
{
	struct load_ctx *c = arg;
	size_t ln, lh, ls;
	struct vst_user *u;
	__u32 uid, gid;

	if (n < 7 || parse_id(f[2], &uid) || parse_id(f[3], &gid))
		return 0;
	if (vst_htab_first(c->h, uid))
		return 0;	/* the first entry wins, as getpwuid */
	if (c->h->n >= c->st->cfg.max_users) {
		c->st->stats.users_dropped++;
		return 0;
	}
	ln = strlen(f[0]) + 1;
	lh = strlen(f[5]) + 1;
	ls = strlen(f[6]) + 1;
	u = malloc(sizeof(*u) + ln + lh + ls);
	if (!u)
		return -ENOMEM;
	memcpy(u->buf, f[0], ln);
	memcpy(u->buf + ln, f[5], lh);
	memcpy(u->buf + ln + lh, f[6], ls);
	u->hn.key = uid;
	u->u.uid = uid;
	u->u.gid = gid;
	u->u.name = u->buf;
	u->u.homedir = u->buf + ln;
	u->u.shell = u->buf + ln + lh;
	vst_htab_add(c->h, &u->hn);
	return 0;
}

static int add_group(void *arg, char **f, int n)
{
	struct load_ctx *c = arg;
	struct vst_group *g;
	size_t ln;
	__u32 gid;

	if (n < 3 || parse_id(f[2], &gid))
		return 0;
	if (vst_htab_first(c->h, gid))
		return 0;
	if (c->h->n >= c->st->cfg.max_users) {
		c->st->stats.users_dropped++;
		return 0;
	}
	ln = strlen(f[0]) + 1;
	g = malloc(sizeof(*g) + ln);
	if (!g)
		return -ENOMEM;
	memcpy(g->buf, f[0], ln);
	g->hn.key = gid;
	g->g.gid = gid;
	g->g.name = g->buf;
	vst_htab_add(c->h, &g->hn);
	return 0;
}

/* Re-read one file into *h when it changed; keeps *h when unreadable. */
static int reload(struct vigil_state *st, const char *path, struct vst_htab *h,
		  __u64 *mtime, __u64 *size,
		  int (*fn)(void *arg, char **f, int n))
{
	struct vst_htab nh;
	struct load_ctx c = { st, &nh };
	struct stat sb;
	__u64 mt;
	int err;

	if (!*path || stat(path, &sb))
		return 0;
	mt = (__u64)sb.st_mtim.tv_sec * 1000000000ULL +
	     (__u64)sb.st_mtim.tv_nsec;
	if (mt == *mtime && (__u64)sb.st_size == *size)
		return 0;
	if (vst_htab_init(&nh, st->cfg.max_users))
		return -ENOMEM;
	err = each_line(path, fn, &c);
	if (err) {
		htab_free_all(&nh);
		vst_htab_free(&nh);
		return err == -ENOMEM ? err : 0;
	}
	htab_free_all(h);
	vst_htab_free(h);
	*h = nh;
	*mtime = mt;
	*size = (__u64)sb.st_size;
	st->stats.user_reloads++;
	return 0;
}

int vst_users_load(struct vigil_state *st)
{
	struct vst_users *u = &st->users;
	int err;

	u->next_check_ns = vst_now_ns() +
			   (__u64)st->cfg.user_recheck_ms * 1000000ULL;
	u->loaded = 1;
	err = reload(st, st->cfg.passwd_path, &u->users, &u->passwd_mtime,
		     &u->passwd_size, add_user);
	if (err)
		return err;
	return reload(st, st->cfg.group_path, &u->groups, &u->group_mtime,
		      &u->group_size, add_group);
}

static void maybe_reload(struct vigil_state *st)
{
	if (!st->users.loaded || vst_now_ns() >= st->users.next_check_ns)
		vst_users_load(st);
}

const struct vigil_user *vigil_state_user(struct vigil_state *st, __u32 uid)
{
	struct vst_hnode *n;

	maybe_reload(st);
	n = vst_htab_first(&st->users.users, uid);
	return n ? &vst_container_of(n, struct vst_user, hn)->u : NULL;
}

const struct vigil_group *vigil_state_group(struct vigil_state *st, __u32 gid)
{
	struct vst_hnode *n;

	maybe_reload(st);
	n = vst_htab_first(&st->users.groups, gid);
	return n ? &vst_container_of(n, struct vst_group, hn)->g : NULL;
}
