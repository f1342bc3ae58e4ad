// SPDX-License-Identifier: GPL-2.0 OR MIT
/* container.* and k8s.* fields: the process's container in the state. */
#include <stdio.h>

#include "acc_int.h"

static int keyed(const struct vm_fref *ref, char *key, size_t size)
{
	if (!ref->key || ref->keylen >= size)
		return 0;
	memcpy(key, ref->key, ref->keylen);
	key[ref->keylen] = '\0';
	return 1;
}

static const char *kv_get(const struct vigil_kv *kv, unsigned int n,
			  const char *key)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strcmp(kv[i].key, key))
			return kv[i].value;
	return NULL;
}

static int kv_all(struct acc *a, const struct vigil_kv *kv, unsigned int n,
		  struct vm_val *out)
{
	char *buf = acc_buf(a);
	size_t used = 0;
	unsigned int i;
	int k;

	buf[0] = '\0';
	for (i = 0; i < n && used < ACC_BUFSZ - 1; i++) {
		k = snprintf(buf + used, ACC_BUFSZ - used, "%s%s:%s",
			     i ? ", " : "", kv[i].key, kv[i].value);
		if (k < 0)
			break;
		used += (size_t)k;
	}
	if (used > ACC_BUFSZ - 1)
		used = ACC_BUFSZ - 1;
	return n ? acc_str(out, buf, used) : 0;
}

/* container.mount*[i or source]: the mount, NULL if none. */
static const struct vigil_mount *mount_of(const struct vigil_container *c,
					  const struct vm_fref *ref)
{
	char key[1024];
	unsigned int i;

	if (!ref->key && ref->idx >= 0)
		return (unsigned int)ref->idx < c->nmounts ?
			       &c->mounts[ref->idx] : NULL;
	if (!keyed(ref, key, sizeof(key)))
		return NULL;
	for (i = 0; i < c->nmounts; i++)
		if (vm_glob((const uint8_t *)key, strlen(key),
			    (const uint8_t *)c->mounts[i].source,
			    strlen(c->mounts[i].source), 0))
			return &c->mounts[i];
	return NULL;
}

static int mount_text(struct acc *a, const struct vigil_mount *m,
		      struct vm_val *out)
{
	char *buf = acc_buf(a);
	int n = snprintf(buf, ACC_BUFSZ, "%s:%s:%s:%s:%s", m->source, m->dest,
			 m->mode, m->rw ? "true" : "false", m->propagation);

	return acc_str(out, buf, n < ACC_BUFSZ ? (size_t)n : ACC_BUFSZ - 1);
}

static int mounts(struct acc *a, const struct vigil_container *c,
		  struct vm_val *out)
{
	char *buf = acc_buf(a);
	size_t used = 0;
	unsigned int i;
	int k;

	for (i = 0; i < c->nmounts && used < ACC_BUFSZ - 1; i++) {
		const struct vigil_mount *m = &c->mounts[i];

		k = snprintf(buf + used, ACC_BUFSZ - used, "%s%s:%s:%s:%s:%s",
			     i ? "," : "", m->source, m->dest, m->mode,
			     m->rw ? "true" : "false", m->propagation);
		if (k < 0)
			break;
		used += (size_t)k;
	}
	if (used > ACC_BUFSZ - 1)
		used = ACC_BUFSZ - 1;
	return c->nmounts ? acc_str(out, buf, used) : 0;
}

static int tristate(int v, struct vm_val *out)
{
	return v < 0 ? 0 : acc_num(out, (__u64)v);
}

/* The host container's strings stay; another's may be re-read (acc_load_class). */
int acc_ctr_id(struct acc *a, const struct vm_fref *ref, struct vm_val *out,
	       unsigned int max)
{
	const struct vigil_container *c;

	acc_need_thread(a);
	c = a->p ? vigil_proc_container(a->st, a->p) : NULL;
	if (!c) {
		*out = (struct vm_val){ 0 };
		return 0;
	}
	*out = (struct vm_val){ .s = (const uint8_t *)c->id, .len = c->id_len,
				.keep = c->type == VIGIL_CT_HOST };
	return 1;
}

int acc_load_ctr(struct acc *a, const struct vm_fref *ref, struct vm_val *out,
		 unsigned int max)
{
	const struct vigil_container *c;
	const struct vigil_mount *m;
	unsigned int fid = ref->fid;
	char key[256];

	acc_need_thread(a);
	if (!a->p)
		return 0;
	c = vigil_proc_container(a->st, a->p);
	if (!c)
		return 0;
	/* only the state's own host entry has that type: it never changes */
	a->ctr_host = c->type == VIGIL_CT_HOST;
	switch (fid) {
	case FID_CONTAINER_ID:
		return acc_cstr(out, c->id);
	case FID_CONTAINER_FULL_ID:
		return acc_cstr(out, c->type == VIGIL_CT_HOST ? c->id :
				     c->full_id);
	case FID_CONTAINER_TYPE:
		return acc_cstr(out, vigil_ctype_name(c->type));
	case FID_CONTAINER_NAME:
		return acc_cstr(out, c->type == VIGIL_CT_HOST ? "host" : c->name);
	case FID_CONTAINER_IMAGE:
		return acc_cstr(out, c->image);
	case FID_CONTAINER_IMAGE_ID:
		return acc_cstr(out, c->image_id);
	case FID_CONTAINER_IMAGE_REPOSITORY:
		return acc_cstr(out, c->image_repository);
	case FID_CONTAINER_IMAGE_TAG:
		return acc_cstr(out, c->image_tag);
	case FID_CONTAINER_IMAGE_DIGEST:
		return acc_cstr(out, c->image_digest);
	case FID_CONTAINER_PRIVILEGED:
		return tristate(c->privileged, out);
	case FID_CONTAINER_HOST_PID:
		return tristate(c->host_pid, out);
	case FID_CONTAINER_HOST_NETWORK:
		return tristate(c->host_network, out);
	case FID_CONTAINER_HOST_IPC:
		return tristate(c->host_ipc, out);
	case FID_CONTAINER_MOUNTS:
		return mounts(a, c, out);
	case FID_CONTAINER_MOUNT:
	case FID_CONTAINER_MOUNT_SOURCE:
	case FID_CONTAINER_MOUNT_DEST:
	case FID_CONTAINER_MOUNT_MODE:
	case FID_CONTAINER_MOUNT_RDWR:
	case FID_CONTAINER_MOUNT_PROPAGATION:
		m = mount_of(c, ref);
		if (!m)
			return 0;
		switch (fid) {
		case FID_CONTAINER_MOUNT:
			return mount_text(a, m, out);
		case FID_CONTAINER_MOUNT_SOURCE:
			return acc_cstr(out, m->source);
		case FID_CONTAINER_MOUNT_DEST:
			return acc_cstr(out, m->dest);
		case FID_CONTAINER_MOUNT_MODE:
			return acc_cstr(out, m->mode);
		case FID_CONTAINER_MOUNT_RDWR:
			return acc_cstr(out, m->rw ? "true" : "false");
		default:
			return acc_cstr(out, m->propagation);
		}
	case FID_CONTAINER_LABEL:
		return keyed(ref, key, sizeof(key)) ?
			       acc_cstr(out, vigil_container_label(c, key)) : 0;
	case FID_CONTAINER_LABELS:
		return kv_all(a, c->labels, c->nlabels, out);
	case FID_K8S_POD_NAME:
		return acc_cstr(out, c->k8s_pod_name);
	case FID_K8S_NS_NAME:
		return acc_cstr(out, c->k8s_ns_name);
	case FID_K8S_POD_UID:
	case FID_K8S_POD_ID:
		return acc_cstr(out, c->k8s_pod_uid);
	case FID_K8S_POD_SANDBOX_ID:
		if (!c->k8s_sandbox_id)
			return 0;
		return acc_str(out, c->k8s_sandbox_id,
			       strnlen(c->k8s_sandbox_id, VIGIL_CID_SHORT));
	case FID_K8S_POD_FULL_SANDBOX_ID:
		return acc_cstr(out, c->k8s_sandbox_id);
	case FID_K8S_POD_LABEL:
		return keyed(ref, key, sizeof(key)) ?
			       acc_cstr(out, kv_get(c->pod_labels,
						    c->npod_labels, key)) : 0;
	case FID_K8S_POD_LABELS:
		return kv_all(a, c->pod_labels, c->npod_labels, out);
	}
	return 0;
}
