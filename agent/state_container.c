// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Containers: the id from a cgroup path, and the table of containers
 * (keyed by the short id, LRU-evicted at the cap) whose metadata
 * state_container_rt.c reads from the runtimes' files.
 *
 * Recognised cgroup path components (the last one that matches wins):
 *   docker-<id>.scope            docker (systemd driver)
 *   /docker/<id>                 docker (cgroupfs driver)
 *   cri-containerd-<id>.scope    containerd's CRI plugin
 *   crio-<id>.scope, /crio-<id>  CRI-O (crio-conmon-* is not the container)
 *   libpod-<id>.scope            podman (libpod-conmon-* is not)
 *   /kubepods.../<id>            a kubelet cgroup, runtime not named: cri
 *   /<namespace>/<id>            plain containerd (e.g. "default")
 *   lxc.payload.<name>, /lxc/<name>   LXC, the name is the id
 * where <id> is 64 hex digits.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state_int.h"

#define RETRY_NS	1000000000ULL
#define MAX_TRIES	5

static const char *const ctype_names[VIGIL_CT_NR] = {
	[VIGIL_CT_HOST] = "host",
	[VIGIL_CT_DOCKER] = "docker",
	[VIGIL_CT_CONTAINERD] = "containerd",
	[VIGIL_CT_CRI] = "cri",
	[VIGIL_CT_CRIO] = "cri-o",
	[VIGIL_CT_PODMAN] = "podman",
	[VIGIL_CT_LXC] = "lxc",
};

const char *vigil_ctype_name(enum vigil_ctype t)
{
	return (unsigned int)t < VIGIL_CT_NR ? ctype_names[t] : "host";
}

static int is_hex64(const char *s, size_t n)
{
	size_t i;

	if (n != VIGIL_CID_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static int starts(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);

	return n >= pl && !memcmp(s, prefix, pl);
}

static int has_component(const char *path, size_t len, const char *name,
			 int prefix_only)
{
	size_t nl = strlen(name), i = 0, e;

	while (i < len) {
		while (i < len && path[i] == '/')
			i++;
		e = i;
		while (e < len && path[e] != '/')
			e++;
		if (e - i >= nl && !memcmp(path + i, name, nl) &&
		    (prefix_only || e - i == nl))
			return 1;
		i = e;
	}
	return 0;
}

static const struct {
	const char *prefix;
	const char *not_prefix;
	enum vigil_ctype type;
} scopes[] = {
	{ "docker-", NULL, VIGIL_CT_DOCKER },
	{ "cri-containerd-", NULL, VIGIL_CT_CONTAINERD },
	{ "crio-", "crio-conmon-", VIGIL_CT_CRIO },
	{ "libpod-", "libpod-conmon-", VIGIL_CT_PODMAN },
};

/* The container one component names (path: the whole path, for context). */
static enum vigil_ctype component(const char *path, size_t plen,
				  const char *c, size_t n, const char *parent,
				  size_t parent_len, char *full)
{
	const char *id = c;
	size_t idl = n, i;

	if (n > 6 && !memcmp(c + n - 6, ".scope", 6))
		idl = n - 6;
	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		if (!starts(c, idl, scopes[i].prefix) ||
		    (scopes[i].not_prefix &&
		     starts(c, idl, scopes[i].not_prefix)))
			continue;
		id = c + strlen(scopes[i].prefix);
		if (is_hex64(id, idl - strlen(scopes[i].prefix))) {
			memcpy(full, id, VIGIL_CID_MAX);
			full[VIGIL_CID_MAX] = '\0';
			return scopes[i].type;
		}
	}
	if (is_hex64(c, n)) {
		memcpy(full, c, VIGIL_CID_MAX);
		full[VIGIL_CID_MAX] = '\0';
		if (parent_len == 6 && !memcmp(parent, "docker", 6))
			return VIGIL_CT_DOCKER;
		if (has_component(path, plen, "kubepods", 1))
			return VIGIL_CT_CRI;
		return VIGIL_CT_CONTAINERD;
	}
	id = NULL;
	if (starts(c, n, "lxc.payload."))
		id = c + 12;
	else if (parent_len == 3 && !memcmp(parent, "lxc", 3))
		id = c;
	if (id && c + n > id) {
		idl = (size_t)(c + n - id);
		if (idl > VIGIL_CID_MAX)
			idl = VIGIL_CID_MAX;
		memcpy(full, id, idl);
		full[idl] = '\0';
		return VIGIL_CT_LXC;
	}
	return VIGIL_CT_HOST;
}

static enum vigil_ctype one_path(const char *p, size_t len, char *full)
{
	size_t e = len, s, pe, ps;
	enum vigil_ctype t;

	while (e > 0) {
		while (e > 0 && p[e - 1] == '/')
			e--;
		s = e;
		while (s > 0 && p[s - 1] != '/')
			s--;
		if (s == e)
			break;
		pe = s;
		while (pe > 0 && p[pe - 1] == '/')
			pe--;
		ps = pe;
		while (ps > 0 && p[ps - 1] != '/')
			ps--;
		t = component(p, len, p + s, e - s, p + ps, pe - ps, full);
		if (t != VIGIL_CT_HOST)
			return t;
		e = s;
	}
	return VIGIL_CT_HOST;
}

enum vigil_ctype vigil_cgroup_container(const char *cg, size_t len,
					char full[VIGIL_CID_MAX + 1])
{
	const char *line = cg, *end = cg + len, *nl, *path;
	enum vigil_ctype t;
	int colons;

	full[0] = '\0';
	while (line < end) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			nl = end;
		/* "hier:controllers:path" lines of /proc/<pid>/cgroup */
		path = line;
		if (line < nl && *line != '/') {
			colons = 0;
			for (path = line; path < nl && colons < 2; path++)
				if (*path == ':')
					colons++;
			if (colons < 2)
				path = line;
		}
		t = one_path(path, (size_t)(nl - path), full);
		if (t != VIGIL_CT_HOST)
			return t;
		line = nl + 1;
	}
	full[0] = '\0';
	return VIGIL_CT_HOST;
}

/* ---- the table ---- */

static __u64 id_key(const char *id)
{
	size_t n = strnlen(id, VIGIL_CID_SHORT);

	return vst_hash_bytes(id, n);
}

int vst_containers_init(struct vigil_state *st)
{
	struct vigil_container *h = &st->host.c;

	if (vst_htab_init(&st->containers, st->cfg.max_containers))
		return -ENOMEM;
	h->type = VIGIL_CT_HOST;
	strcpy(h->id, "host");
	h->id_len = (unsigned int)strlen(h->id);
	strcpy(h->full_id, "host");
	h->name = "host";
	h->privileged = h->host_network = h->host_pid = h->host_ipc = -1;
	h->labels = st->host.labels;
	h->pod_labels = st->host.pod_labels;
	h->mounts = st->host.mounts;
	vst_list_init(&st->host.lru);
	return 0;
}

static void container_free(struct vigil_state *st, struct vst_container *ct)
{
	vst_htab_del(&st->containers, &ct->hn);
	vst_list_del(&ct->lru);
	vst_container_clear(ct);
	free(ct->allocs);
	free(ct);
}

void vst_containers_free(struct vigil_state *st)
{
	if (!st->containers.b)
		return;
	while (!vst_list_empty(&st->container_lru))
		container_free(st, vst_container_of(st->container_lru.next,
						    struct vst_container, lru));
	vst_htab_free(&st->containers);
}

static struct vst_container *find(struct vigil_state *st, const char *id)
{
	size_t n = strlen(id);
	struct vst_hnode *h;
	struct vst_container *ct;

	for (h = vst_htab_first(&st->containers, id_key(id)); h;
	     h = vst_htab_next(h)) {
		ct = vst_container_of(h, struct vst_container, hn);
		if (n <= VIGIL_CID_SHORT ? !strcmp(ct->c.id, id) :
					   !strcmp(ct->c.full_id, id))
			return ct;
	}
	return NULL;
}

static void try_read(struct vigil_state *st, struct vst_container *ct)
{
	vst_container_clear(ct);
	ct->tries++;
	ct->next_try_ns = vst_now_ns() + RETRY_NS;
	ct->c.found = vst_container_read(st, ct) == 0;
}

static struct vst_container *get(struct vigil_state *st, const char *full,
				 enum vigil_ctype type)
{
	struct vst_container *ct = find(st, full);

	if (ct) {
		vst_list_move(&ct->lru, &st->container_lru);
		if (!ct->c.found && ct->tries < MAX_TRIES &&
		    vst_now_ns() >= ct->next_try_ns)
			try_read(st, ct);
		return ct;
	}
	if (st->containers.n >= st->cfg.max_containers) {
		container_free(st, vst_container_of(st->container_lru.prev,
						    struct vst_container, lru));
		st->stats.containers_evicted++;
	}
	ct = calloc(1, sizeof(*ct));
	if (!ct)
		return NULL;
	ct->c.type = type;
	snprintf(ct->c.full_id, sizeof(ct->c.full_id), "%s", full);
	snprintf(ct->c.id, sizeof(ct->c.id), "%.*s", VIGIL_CID_SHORT, full);
	ct->c.id_len = (unsigned int)strlen(ct->c.id);
	ct->c.labels = ct->labels;
	ct->c.pod_labels = ct->pod_labels;
	ct->c.mounts = ct->mounts;
	ct->hn.key = id_key(ct->c.id);
	vst_htab_add(&st->containers, &ct->hn);
	vst_list_add(&ct->lru, &st->container_lru);
	try_read(st, ct);
	return ct;
}

const struct vigil_container *vigil_proc_container(struct vigil_state *st,
						   const struct vigil_proc *cp)
{
	const struct vst_proc *p = (const struct vst_proc *)cp;
	struct vst_container *ct;

	if (p->ctype == VIGIL_CT_HOST || !p->cid[0])
		return &st->host.c;
	ct = get(st, p->cid, (enum vigil_ctype)p->ctype);
	return ct ? &ct->c : NULL;
}

const struct vigil_container *vigil_state_container(struct vigil_state *st,
						    const char *id)
{
	struct vst_container *ct;

	if (!strcmp(id, "host"))
		return &st->host.c;
	ct = find(st, id);
	if (!ct && strlen(id) > VIGIL_CID_SHORT)
		ct = get(st, id, VIGIL_CT_CRI);
	else if (ct)
		vst_list_move(&ct->lru, &st->container_lru);
	return ct ? &ct->c : NULL;
}

const char *vigil_container_label(const struct vigil_container *c,
				  const char *key)
{
	unsigned int i;

	for (i = 0; i < c->nlabels; i++)
		if (!strcmp(c->labels[i].key, key))
			return c->labels[i].value;
	return NULL;
}
