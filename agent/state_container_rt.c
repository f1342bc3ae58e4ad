// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Container metadata from the runtimes' files on disk (never a network
 * call):
 *   docker       <docker_root>/containers/<id>/config.v2.json and
 *                hostconfig.json
 *   containerd   <containerd_root>/<namespace>/<id>/config.json, the OCI
 *                spec, with the CRI plugin's io.kubernetes.cri.*
 *                annotations
 *   CRI-O/podman <crio_root>/<id>/userdata/config.json, the OCI spec with
 *                CRI-O's annotations
 * Files are read up to FILE_MAX bytes, strings kept up to STR_MAX, labels
 * and mounts up to VIGIL_CT_MAX_LABELS / VIGIL_CT_MAX_MOUNTS.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state_int.h"

#define FILE_MAX	(4U << 20)
#define STR_MAX		4096
#define K8S_PREFIX	"io.kubernetes."

void vst_container_clear(struct vst_container *ct)
{
	struct vigil_container *c = &ct->c;
	__u32 i;

	for (i = 0; i < ct->nallocs; i++)
		free(ct->allocs[i]);
	ct->nallocs = 0;
	c->name = c->image = c->image_id = NULL;
	c->image_repository = c->image_tag = c->image_digest = NULL;
	c->k8s_pod_name = c->k8s_ns_name = NULL;
	c->k8s_pod_uid = c->k8s_sandbox_id = NULL;
	c->privileged = c->host_network = c->host_pid = c->host_ipc = -1;
	c->nlabels = c->nmounts = c->npod_labels = 0;
	c->found = 0;
}

/* A copy of n bytes of s owned by ct; NULL on ENOMEM. */
static const char *keep(struct vst_container *ct, const char *s, size_t n)
{
	char **na, *d;

	if (n > STR_MAX)
		n = STR_MAX;
	if (ct->nallocs == ct->cap_allocs) {
		na = realloc(ct->allocs, (ct->cap_allocs * 2 + 16) *
					 sizeof(*na));
		if (!na)
			return NULL;
		ct->allocs = na;
		ct->cap_allocs = ct->cap_allocs * 2 + 16;
	}
	d = malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	ct->allocs[ct->nallocs++] = d;
	return d;
}

static const char *keep_json(struct vst_container *ct, json_t *v)
{
	if (!json_is_string(v))
		return NULL;
	return keep(ct, json_string_value(v), json_string_length(v));
}

static json_t *load(const char *path)
{
	size_t n;
	char *buf = vst_read_file(path, FILE_MAX, &n);
	json_t *j;

	if (!buf)
		return NULL;
	j = json_loadb(buf, n, 0, NULL);
	free(buf);
	return j;
}

/* "registry:5000/repo/name:tag@sha256:..." into repository, tag, digest. */
static void split_image(struct vst_container *ct, const char *img)
{
	struct vigil_container *c = &ct->c;
	const char *at = strchr(img, '@'), *end, *slash, *colon;

	end = at ? at : img + strlen(img);
	if (at)
		c->image_digest = keep(ct, at + 1, strlen(at + 1));
	slash = memrchr(img, '/', (size_t)(end - img));
	colon = memrchr(slash ? slash : img, ':',
			(size_t)(end - (slash ? slash : img)));
	if (colon) {
		c->image_tag = keep(ct, colon + 1, (size_t)(end - colon - 1));
		end = colon;
	}
	c->image_repository = keep(ct, img, (size_t)(end - img));
}

static void add_kv(struct vst_container *ct, struct vigil_kv *kv,
		   unsigned int *n, const char *k, json_t *v)
{
	if (*n >= VIGIL_CT_MAX_LABELS || !json_is_string(v))
		return;
	kv[*n].key = keep(ct, k, strlen(k));
	kv[*n].value = keep_json(ct, v);
	if (kv[*n].key && kv[*n].value)
		(*n)++;
}

/* Labels (or annotations) object into c->labels; k8s fields from them. */
static void take_labels(struct vst_container *ct, json_t *obj)
{
	struct vigil_container *c = &ct->c;
	const char *k;
	json_t *v;

	json_object_foreach(obj, k, v)
		add_kv(ct, ct->labels, &c->nlabels, k, v);
	c->k8s_pod_name = vigil_container_label(c, "io.kubernetes.pod.name");
	c->k8s_ns_name = vigil_container_label(c,
					       "io.kubernetes.pod.namespace");
	c->k8s_pod_uid = vigil_container_label(c, "io.kubernetes.pod.uid");
	c->k8s_sandbox_id = vigil_container_label(c,
						  "io.kubernetes.sandbox.id");
}

static int is_host_mode(json_t *hc, const char *key)
{
	const char *s = json_string_value(json_object_get(hc, key));

	return s && !strcmp(s, "host");
}

static void docker_mounts(struct vst_container *ct, json_t *mps)
{
	struct vigil_container *c = &ct->c;
	struct vigil_mount *m;
	const char *k;
	json_t *v;

	json_object_foreach(mps, k, v) {
		if (c->nmounts >= VIGIL_CT_MAX_MOUNTS || !json_is_object(v))
			break;
		m = &ct->mounts[c->nmounts];
		m->source = keep_json(ct, json_object_get(v, "Source"));
		m->dest = keep_json(ct, json_object_get(v, "Destination"));
		if (!m->dest)
			m->dest = keep(ct, k, strlen(k));
		m->mode = keep_json(ct, json_object_get(v, "Mode"));
		m->propagation = keep_json(ct, json_object_get(v,
							       "Propagation"));
		m->rw = json_is_true(json_object_get(v, "RW"));
		if (!m->source)
			m->source = "";
		if (!m->mode)
			m->mode = "";
		if (!m->propagation)
			m->propagation = "";
		if (m->dest)
			c->nmounts++;
	}
}

/* The pod's labels: the sandbox container's, without kubelet's own. */
static void docker_pod_labels(struct vigil_state *st,
			      struct vst_container *ct)
{
	struct vigil_container *c = &ct->c;
	char path[4096];
	const char *k;
	json_t *j, *v;

	if (!c->k8s_sandbox_id || !strcmp(c->k8s_sandbox_id, c->full_id))
		return;
	snprintf(path, sizeof(path), "%s/containers/%s/config.v2.json",
		 st->cfg.docker_root, c->k8s_sandbox_id);
	j = load(path);
	if (!j)
		return;
	json_object_foreach(json_object_get(json_object_get(j, "Config"),
					    "Labels"), k, v)
		if (strncmp(k, K8S_PREFIX, strlen(K8S_PREFIX)) &&
		    strncmp(k, "annotation.", 11))
			add_kv(ct, ct->pod_labels, &c->npod_labels, k, v);
	json_decref(j);
}

static int read_docker(struct vigil_state *st, struct vst_container *ct)
{
	struct vigil_container *c = &ct->c;
	char path[4096];
	json_t *j, *cfg, *hc;
	const char *name;

	if (!*st->cfg.docker_root)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/containers/%s/config.v2.json",
		 st->cfg.docker_root, c->full_id);
	j = load(path);
	if (!j)
		return -ENOENT;
	if (!json_is_object(j)) {
		json_decref(j);
		return -EINVAL;
	}
	cfg = json_object_get(j, "Config");
	name = json_string_value(json_object_get(j, "Name"));
	if (name)
		c->name = keep(ct, name + (*name == '/'),
			       strlen(name + (*name == '/')));
	c->image = keep_json(ct, json_object_get(cfg, "Image"));
	c->image_id = keep_json(ct, json_object_get(j, "Image"));
	if (c->image)
		split_image(ct, c->image);
	take_labels(ct, json_object_get(cfg, "Labels"));
	docker_mounts(ct, json_object_get(j, "MountPoints"));
	json_decref(j);

	snprintf(path, sizeof(path), "%s/containers/%s/hostconfig.json",
		 st->cfg.docker_root, c->full_id);
	hc = load(path);
	if (hc) {
		c->privileged = json_is_true(json_object_get(hc, "Privileged"));
		c->host_network = is_host_mode(hc, "NetworkMode");
		c->host_pid = is_host_mode(hc, "PidMode");
		c->host_ipc = is_host_mode(hc, "IpcMode");
		json_decref(hc);
	}
	docker_pod_labels(st, ct);
	c->type = VIGIL_CT_DOCKER;
	return 0;
}

static const char *ann(json_t *a, const char *k1, const char *k2)
{
	const char *s = json_string_value(json_object_get(a, k1));

	return s || !k2 ? s : json_string_value(json_object_get(a, k2));
}

static int has_opt(json_t *opts, const char *o)
{
	size_t i;
	json_t *v;

	json_array_foreach(opts, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), o))
			return 1;
	return 0;
}

static const char *const propagations[] = {
	"rprivate", "private", "rshared", "shared", "rslave", "slave",
};

static void oci_mounts(struct vst_container *ct, json_t *arr)
{
	struct vigil_container *c = &ct->c;
	struct vigil_mount *m;
	json_t *v, *opts;
	size_t i, k;

	json_array_foreach(arr, i, v) {
		if (c->nmounts >= VIGIL_CT_MAX_MOUNTS)
			break;
		m = &ct->mounts[c->nmounts];
		opts = json_object_get(v, "options");
		m->dest = keep_json(ct, json_object_get(v, "destination"));
		m->source = keep_json(ct, json_object_get(v, "source"));
		if (!m->source)
			m->source = "";
		m->mode = "";
		m->rw = !has_opt(opts, "ro");
		m->propagation = "";
		for (k = 0; k < sizeof(propagations) / sizeof(*propagations);
		     k++)
			if (has_opt(opts, propagations[k]))
				m->propagation = propagations[k];
		if (m->dest)
			c->nmounts++;
	}
}

/* Whether the OCI spec's linux.namespaces lacks type (shares the host's). */
static int ns_missing(json_t *nss, const char *type)
{
	size_t i;
	json_t *v;

	if (!json_is_array(nss))
		return -1;
	json_array_foreach(nss, i, v)
		if (!strcmp(json_string_value(json_object_get(v, "type")) ?: "",
			    type))
			return 0;
	return 1;
}

static int read_oci(struct vst_container *ct, const char *path,
		    enum vigil_ctype type)
{
	struct vigil_container *c = &ct->c;
	json_t *j, *a, *linux_, *labels;
	const char *s;

	j = load(path);
	if (!j)
		return -ENOENT;
	if (!json_is_object(j)) {
		json_decref(j);
		return -EINVAL;
	}
	a = json_object_get(j, "annotations");
	linux_ = json_object_get(j, "linux");
	/* CRI-O keeps the container's labels as a JSON string. */
	s = ann(a, "io.kubernetes.cri-o.Labels", NULL);
	labels = s ? json_loads(s, 0, NULL) : NULL;
	take_labels(ct, json_is_object(labels) ? labels : a);
	json_decref(labels);
	s = ann(a, "io.kubernetes.cri.container-name",
		"io.kubernetes.container.name");
	if (!s)
		s = ann(a, "nerdctl/name", NULL);
	c->name = s ? keep(ct, s, strlen(s)) : NULL;
	s = ann(a, "io.kubernetes.cri.image-name",
		"io.kubernetes.cri-o.ImageName");
	if (s) {
		c->image = keep(ct, s, strlen(s));
		if (c->image)
			split_image(ct, c->image);
	}
	s = ann(a, "io.kubernetes.cri-o.ImageRef", "io.kubernetes.cri-o.Image");
	c->image_id = s ? keep(ct, s, strlen(s)) : NULL;
	s = ann(a, "io.kubernetes.cri.sandbox-name", "io.kubernetes.pod.name");
	if (s)
		c->k8s_pod_name = keep(ct, s, strlen(s));
	s = ann(a, "io.kubernetes.cri.sandbox-namespace",
		"io.kubernetes.pod.namespace");
	if (s)
		c->k8s_ns_name = keep(ct, s, strlen(s));
	s = ann(a, "io.kubernetes.cri.sandbox-uid", "io.kubernetes.pod.uid");
	if (s)
		c->k8s_pod_uid = keep(ct, s, strlen(s));
	s = ann(a, "io.kubernetes.cri.sandbox-id",
		"io.kubernetes.cri-o.SandboxID");
	if (s)
		c->k8s_sandbox_id = keep(ct, s, strlen(s));
	oci_mounts(ct, json_object_get(j, "mounts"));
	c->host_network = ns_missing(json_object_get(linux_, "namespaces"),
				     "network");
	c->host_pid = ns_missing(json_object_get(linux_, "namespaces"), "pid");
	c->host_ipc = ns_missing(json_object_get(linux_, "namespaces"), "ipc");
	/* Privileged: CAP_SYS_ADMIN in the bounding set, nothing masked. */
	c->privileged =
		has_opt(json_object_get(json_object_get(json_object_get(j,
			"process"), "capabilities"), "bounding"),
			"CAP_SYS_ADMIN") &&
		json_array_size(json_object_get(linux_, "maskedPaths")) == 0;
	c->type = type;
	json_decref(j);
	return 0;
}

static int read_containerd(struct vigil_state *st, struct vst_container *ct)
{
	char path[4096];
	struct dirent *de;
	int err = -ENOENT;
	DIR *d;

	if (!*st->cfg.containerd_root)
		return -ENOENT;
	d = opendir(st->cfg.containerd_root);
	if (!d)
		return -ENOENT;
	while (err && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s/config.json",
			 st->cfg.containerd_root, de->d_name, ct->c.full_id);
		err = read_oci(ct, path, VIGIL_CT_CONTAINERD);
		if (err)
			vst_container_clear(ct);
	}
	closedir(d);
	return err;
}

static int read_crio(struct vigil_state *st, struct vst_container *ct)
{
	char path[4096];
	enum vigil_ctype t = ct->c.type == VIGIL_CT_PODMAN ? VIGIL_CT_PODMAN :
							    VIGIL_CT_CRIO;
	int err;

	if (!*st->cfg.crio_root)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/%s/userdata/config.json",
		 st->cfg.crio_root, ct->c.full_id);
	err = read_oci(ct, path, t);
	if (err)
		vst_container_clear(ct);
	return err;
}

int vst_container_read(struct vigil_state *st, struct vst_container *ct)
{
	int (*const readers[])(struct vigil_state *, struct vst_container *) = {
		read_docker, read_containerd, read_crio,
	};
	size_t i, first = 0;

	if (ct->c.type == VIGIL_CT_LXC || strlen(ct->c.full_id) !=
					  VIGIL_CID_MAX)
		return -ENOENT;
	/* Ask the runtime the cgroup named first, then the others. */
	if (ct->c.type == VIGIL_CT_CONTAINERD)
		first = 1;
	else if (ct->c.type == VIGIL_CT_CRIO || ct->c.type == VIGIL_CT_PODMAN)
		first = 2;
	if (!readers[first](st, ct))
		return 0;
	vst_container_clear(ct);
	for (i = 0; i < sizeof(readers) / sizeof(readers[0]); i++) {
		if (i == first)
			continue;
		if (!readers[i](st, ct))
			return 0;
		vst_container_clear(ct);
	}
	return -ENOENT;
}
