/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * vigil-event-generator: performs, for real but harmlessly, the behaviour
 * each rule of rules/vigil_rules.yaml detects.  One static binary with
 * no runtime dependencies: where a rule is about a named program (nc, sh,
 * apt-get, ls, ...) the generator links or copies itself under that name
 * into its work directory and executes that, with the behaviour to
 * perform in the environment (EVG_ENV_CHILD), so proc.name matches.
 */
#ifndef EVGEN_H
#define EVGEN_H

#include <stddef.h>
#include <sys/types.h>

#define EVG_ENV_CHILD	"VIGIL_EVGEN_CHILD"	/* child mode to run */
#define EVG_ENV_PORT	"VIGIL_EVGEN_PORT"	/* loopback port to connect to */
#define EVG_ENV_ARG	"VIGIL_EVGEN_ARG"	/* a path or name for the mode */
#define EVG_ENV_WORKDIR	"VIGIL_EVGEN_WORKDIR"
#define EVG_ENV_CGROUP	"VIGIL_EVGEN_CGROUP"	/* container: cgroup directory */
#define EVG_ENV_CTR	"VIGIL_EVGEN_CTR"	/* container: action to run inside */

#define EVG_PATH_MAX	4096
#define EVG_MAX_EXPECT	3

/* struct evg_action.flags */
#define EVG_ROOT	(1 << 0)	/* needs root */
#define EVG_CONTAINER	(1 << 1)	/* runs in a container it creates */

struct evg_ctx {
	char self[EVG_PATH_MAX];	/* the generator's own executable */
	char workdir[EVG_PATH_MAX];	/* per-run directory, removed at exit */
	char docker_root[EVG_PATH_MAX];	/* "" = write no container metadata */
	char cgroup_root[EVG_PATH_MAX];
	int keep_metadata;		/* leave docker's metadata files */
	int verbose;
};

struct evg_expect {
	const char *rule;
	int count;
};

struct evg_action {
	const char *name;
	unsigned int flags;
	const char *desc;
	int (*run)(struct evg_ctx *ctx, const struct evg_action *a);
	struct evg_expect expect[EVG_MAX_EXPECT];
	/* container actions: the entry program's name and child mode */
	const char *entry_name;
	const char *entry_mode;
	int privileged;
};

/* The action table (actions.c). */
extern const struct evg_action evg_actions[];
extern const size_t evg_nactions;

/* Child modes: run by a re-executed copy of the generator (children.c). */
int evg_child_main(const char *mode, int argc, char **argv);

/* Utilities (util.c).  Fallible functions return -errno. */
void evg_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void evg_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int evg_path(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int evg_mkdir_p(const char *path, mode_t mode, char *created, size_t size);
void evg_rmdir_created(const char *path, const char *created);
int evg_write_file(const char *path, int flags, mode_t mode, const char *data);
int evg_copy_file(const char *src, const char *dst, mode_t mode);
int evg_install_self(struct evg_ctx *ctx, const char *name, char *out,
		     size_t size);
int evg_spawn(const char *path, char *const argv[], const char *mode,
	      const char *const extra_env[], pid_t *pid);
int evg_wait(pid_t pid, const char *what);
int evg_run(const char *path, char *const argv[], const char *mode,
	    const char *const extra_env[], const char *what);
int evg_listen(int *port);
int evg_connect(int port);
int evg_serve_one(int lfd, const char *reply);
int evg_port_is_mining(int port);

/* Container runtime (container.c). */
int evg_container_run(struct evg_ctx *ctx, const struct evg_action *a);
int evg_shim_main(void);

#endif /* EVGEN_H */
