// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Containers: ids from real-world cgroup paths, docker's config.v2.json
 * and hostconfig.json, containerd's OCI config.json with CRI annotations
 * (fixtures in tests/state/, copied into a temp root), a process's
 * container after exec, and the container cap.
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_state_rec.h"
#include "suites.h"

#define ID_A "3f1b2c4d5e6f70819293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
#define ID_B "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID_C "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
#define ID_S "aa00bb11cc22dd33ee44ff5500661177228833994400aa55bb66cc77dd88ee99"

static const struct {
	const char *cgroup;
	enum vigil_ctype type;
	const char *id;
} cg_cases[] = {
	{ "/system.slice/docker-" ID_A ".scope", VIGIL_CT_DOCKER, ID_A },
	{ "/docker/" ID_A, VIGIL_CT_DOCKER, ID_A },
	{ "12:pids:/docker/" ID_A "\n0::/docker/" ID_A "\n", VIGIL_CT_DOCKER,
	  ID_A },
	{ "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod"
	  "1f2e3d4c_aaaa_4bbb_8ccc_ddddeeeeffff.slice/cri-containerd-" ID_B
	  ".scope", VIGIL_CT_CONTAINERD, ID_B },
	{ "/kubepods/burstable/pod1f2e3d4c-aaaa-4bbb-8ccc-ddddeeeeffff/" ID_B,
	  VIGIL_CT_CRI, ID_B },
	{ "/kubepods/besteffort/pod9c1e/" ID_B "/", VIGIL_CT_CRI, ID_B },
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-"
	  "pod9c1e.slice/crio-" ID_B ".scope", VIGIL_CT_CRIO, ID_B },
	{ "/kubepods.slice/kubepods-pod9c1e.slice/crio-conmon-" ID_B ".scope",
	  VIGIL_CT_HOST, "" },
	{ "/machine.slice/libpod-" ID_A ".scope/container", VIGIL_CT_PODMAN,
	  ID_A },
	{ "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-"
	  ID_A ".scope", VIGIL_CT_PODMAN, ID_A },
	{ "/machine.slice/libpod-conmon-" ID_A ".scope", VIGIL_CT_HOST, "" },
	{ "/default/" ID_B, VIGIL_CT_CONTAINERD, ID_B },
	{ "/kubepods/besteffort/pod9c1e/docker-" ID_A ".scope",
	  VIGIL_CT_DOCKER, ID_A },
	{ "/lxc.payload.web01", VIGIL_CT_LXC, "web01" },
	{ "/lxc/db01/init.scope", VIGIL_CT_LXC, "db01" },
	{ "/user.slice/user-1000.slice/session-3.scope", VIGIL_CT_HOST, "" },
	{ "/system.slice/sshd.service", VIGIL_CT_HOST, "" },
	{ "/", VIGIL_CT_HOST, "" },
	{ "", VIGIL_CT_HOST, "" },
	{ "0::/init.scope\n", VIGIL_CT_HOST, "" },
	/* 63 hex digits, uppercase: not an id. */
	{ "/docker/3f1b2c4d5e6f70819293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6"
	  "d7e8f", VIGIL_CT_HOST, "" },
	{ "/docker/3F1B2C4D5E6F70819293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6"
	  "D7E8F9", VIGIL_CT_HOST, "" },
};

START_TEST(test_cgroup_id)
{
	char full[VIGIL_CID_MAX + 1];
	const char *cg = cg_cases[_i].cgroup;
	enum vigil_ctype t;

	memset(full, 'z', sizeof(full));
	t = vigil_cgroup_container(cg, strlen(cg), full);
	ck_assert_msg(t == cg_cases[_i].type, "%s: type %s, want %s", cg,
		      vigil_ctype_name(t), vigil_ctype_name(cg_cases[_i].type));
	ck_assert_str_eq(full, cg_cases[_i].id);
}
END_TEST

static char *root;

static void copy_fixture(const char *from, const char *to)
{
	char path[PATH_MAX], *buf;
	size_t n;
	FILE *f;
	const char *dir = getenv("VIGIL_TEST_STATE_DIR");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/state", from);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "fixture %s (run from the repository root "
		      "or set VIGIL_TEST_STATE_DIR)", path);
	buf = malloc(1 << 20);
	n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	tfix_writen(root, to, buf, n);
	free(buf);
}

static struct vigil_state *open_ct(__u32 max_containers)
{
	struct vigil_state_cfg cfg;
	struct vigil_state *st;
	static char docker[PATH_MAX], ctrd[PATH_MAX], crio[PATH_MAX];

	snprintf(docker, sizeof(docker), "%s/docker", root);
	snprintf(ctrd, sizeof(ctrd), "%s/containerd", root);
	snprintf(crio, sizeof(crio), "%s/crio", root);
	vigil_state_cfg_default(&cfg);
	cfg.proc_root = "/nonexistent-vigil-proc";
	cfg.passwd_path = cfg.group_path = "";
	cfg.docker_root = docker;
	cfg.containerd_root = ctrd;
	cfg.crio_root = crio;
	cfg.lookup_missing = 0;
	cfg.max_containers = max_containers;
	st = vigil_state_open(&cfg);
	ck_assert_ptr_nonnull(st);
	return st;
}

static void setup(void)
{
	root = tfix_dir();
	copy_fixture("docker/config.v2.json",
		     "docker/containers/" ID_A "/config.v2.json");
	copy_fixture("docker/hostconfig.json",
		     "docker/containers/" ID_A "/hostconfig.json");
	copy_fixture("docker/sandbox.config.v2.json",
		     "docker/containers/" ID_S "/config.v2.json");
	copy_fixture("containerd/config.json",
		     "containerd/k8s.io/" ID_B "/config.json");
}

static void teardown(void)
{
	tfix_rmrf(root);
}

START_TEST(test_docker)
{
	struct vigil_state *st = open_ct(16);
	static const char *const argv[] = { "nginx", NULL };
	struct ttask t = { 500, 500, 1, "nginx" };
	const struct vigil_container *c;

	tdo_exec(st, &t, argv, "/usr/sbin/nginx", "/",
		 "/system.slice/docker-" ID_A ".scope");
	c = vigil_proc_container(st, vigil_thread_proc(
				 vigil_state_thread(st, 500)));
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->found, 1);
	ck_assert_str_eq(c->id, "3f1b2c4d5e6f");
	ck_assert_uint_eq(c->id_len, 12);
	ck_assert_str_eq(c->full_id, ID_A);
	ck_assert_str_eq(vigil_ctype_name(c->type), "docker");
	ck_assert_str_eq(c->name, "k8s_nginx_web-7d4b9c8f6d-x2x9z_shop_9c1e2a7b_0");
	ck_assert_str_eq(c->image, "docker.io/library/nginx:1.25.4");
	ck_assert_str_eq(c->image_repository, "docker.io/library/nginx");
	ck_assert_str_eq(c->image_tag, "1.25.4");
	ck_assert_ptr_null(c->image_digest);
	ck_assert_str_eq(c->image_id, "sha256:e4720093a3c1381245b53a5a51b4179"
			 "63b3c4472d3f47fc301930a4f3b17666a");
	ck_assert_int_eq(c->privileged, 1);
	ck_assert_int_eq(c->host_network, 1);
	ck_assert_int_eq(c->host_pid, 0);
	ck_assert_int_eq(c->host_ipc, 0);
	ck_assert_uint_eq(c->nlabels, 6);
	ck_assert_str_eq(vigil_container_label(c, "maintainer"),
			 "NGINX Docker Maintainers <docker-maint@nginx.com>");
	ck_assert_ptr_null(vigil_container_label(c, "nope"));
	ck_assert_str_eq(c->k8s_pod_name, "web-7d4b9c8f6d-x2x9z");
	ck_assert_str_eq(c->k8s_ns_name, "shop");
	ck_assert_str_eq(c->k8s_pod_uid,
			 "9c1e2a7b-1111-4222-8333-444455556666");
	/* Pod labels: the sandbox's, without kubelet's own. */
	ck_assert_uint_eq(c->npod_labels, 3);
	ck_assert_uint_eq(c->nmounts, 2);
	{
		unsigned int i, seen = 0;

		for (i = 0; i < c->nmounts; i++) {
			if (!strcmp(c->mounts[i].dest, "/etc/nginx/conf.d")) {
				ck_assert_str_eq(c->mounts[i].source,
						 "/srv/nginx/conf.d");
				ck_assert_int_eq(c->mounts[i].rw, 0);
				ck_assert_str_eq(c->mounts[i].propagation,
						 "rprivate");
				seen++;
			} else {
				ck_assert_str_eq(c->mounts[i].dest,
						 "/var/cache/nginx");
				ck_assert_int_eq(c->mounts[i].rw, 1);
				seen++;
			}
		}
		ck_assert_uint_eq(seen, 2);
	}
	/* The same container by short and by full id. */
	ck_assert_ptr_eq(vigil_state_container(st, "3f1b2c4d5e6f"), c);
	ck_assert_ptr_eq(vigil_state_container(st, ID_A), c);
	vigil_state_close(st);
}
END_TEST

START_TEST(test_containerd)
{
	struct vigil_state *st = open_ct(16);
	static const char *const argv[] = { "sh", NULL };
	struct ttask t = { 600, 600, 1, "sh" };
	const struct vigil_container *c;

	tdo_exec(st, &t, argv, "/bin/sh", "/",
		 "/kubepods/besteffort/pod1f2e3d4c-aaaa-4bbb-8ccc-ddddeeeeffff/"
		 ID_B);
	c = vigil_proc_container(st, vigil_thread_proc(
				 vigil_state_thread(st, 600)));
	ck_assert_int_eq(c->found, 1);
	ck_assert_str_eq(c->id, "0123456789ab");
	ck_assert_str_eq(vigil_ctype_name(c->type), "containerd");
	ck_assert_str_eq(c->name, "busybox");
	ck_assert_str_eq(c->image_repository, "docker.io/library/busybox");
	ck_assert_str_eq(c->image_tag, "1.36");
	ck_assert_str_eq(c->k8s_pod_name, "debug-pod");
	ck_assert_str_eq(c->k8s_ns_name, "default");
	ck_assert_str_eq(c->k8s_pod_uid, "1f2e3d4c-aaaa-4bbb-8ccc-ddddeeeeffff");
	ck_assert_int_eq(c->host_network, 1);	/* no network namespace */
	ck_assert_int_eq(c->host_pid, 0);
	ck_assert_int_eq(c->privileged, 0);
	ck_assert_uint_eq(c->nmounts, 3);
	ck_assert_str_eq(c->mounts[2].dest,
			 "/var/run/secrets/kubernetes.io/serviceaccount");
	ck_assert_int_eq(c->mounts[2].rw, 0);
	ck_assert_int_eq(c->mounts[1].rw, 1);
	ck_assert_str_eq(c->mounts[1].propagation, "rprivate");
	vigil_state_close(st);
}
END_TEST

START_TEST(test_host_and_unknown)
{
	struct vigil_state *st = open_ct(16);
	static const char *const argv[] = { "x", NULL };
	struct ttask h = { 700, 700, 1, "x" };
	struct ttask u = { 701, 701, 1, "x" };
	const struct vigil_container *c;

	tdo_exec(st, &h, argv, "/bin/x", "/", "/user.slice/session-2.scope");
	c = vigil_proc_container(st, vigil_thread_proc(
				 vigil_state_thread(st, 700)));
	ck_assert_str_eq(c->id, "host");
	ck_assert_uint_eq(c->id_len, 4);
	ck_assert_int_eq(c->type, VIGIL_CT_HOST);
	/* A container whose files aren't there: id and type only. */
	tdo_exec(st, &u, argv, "/bin/x", "/", "/docker/" ID_C);
	c = vigil_proc_container(st, vigil_thread_proc(
				 vigil_state_thread(st, 701)));
	ck_assert_str_eq(c->id, "fedcba987654");
	ck_assert_int_eq(c->type, VIGIL_CT_DOCKER);
	ck_assert_int_eq(c->found, 0);
	ck_assert_ptr_null(c->name);
	ck_assert_int_eq(c->privileged, -1);
	/* A child inherits its parent's container. */
	tdo_fork(st, &u, 702, 17);
	c = vigil_proc_container(st, vigil_thread_proc(
				 vigil_state_thread(st, 702)));
	ck_assert_str_eq(c->id, "fedcba987654");
	vigil_state_close(st);
}
END_TEST

START_TEST(test_container_cap)
{
	struct vigil_state *st = open_ct(16);
	struct vigil_state_stats s;
	char id[VIGIL_CID_MAX + 1];
	unsigned int i, missing = 0, max = 0;

	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "%064x", i + 1);
		missing += !vigil_state_container(st, id);
		vigil_state_stats(st, &s);
		if (s.containers > max)
			max = (unsigned int)s.containers;
	}
	ck_assert_uint_eq(missing, 0);
	ck_assert_uint_le(max, 16);
	ck_assert_uint_eq(s.containers_evicted, 1000 - 16);
	vigil_state_close(st);
}
END_TEST

Suite *state_container_suite(void)
{
	Suite *s = suite_create("state_container");
	TCase *tc = tcase_create("cgroup");
	TCase *rt = tcase_create("runtime");

	tcase_add_loop_test(tc, test_cgroup_id, 0,
			    sizeof(cg_cases) / sizeof(cg_cases[0]));
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(rt, setup, teardown);
	tcase_add_test(rt, test_docker);
	tcase_add_test(rt, test_containerd);
	tcase_add_test(rt, test_host_and_unknown);
	tcase_add_test(rt, test_container_cap);
	suite_add_tcase(s, rt);
	return s;
}
