// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A minimal container runtime for the container actions, shaped like
 * docker's so vigil's container fields are exercised:
 *
 *   generator (host)   writes <docker_root>/containers/<id>/config.v2.json
 *                      and hostconfig.json, creates the cgroup
 *                      <cgroup_root>/system.slice/docker-<id>.scope, runs
 *   containerd-shim    (itself, re-executed under that name) which
 *                      unshares mount, UTS, IPC and PID namespaces, makes
 *                      its mounts private, prepares what the action needs
 *                      (a pty, a token on a tmpfs, a cgroup v1 hierarchy)
 *                      and forks
 *   the entry process  pid 1 of the new namespace: moves itself into the
 *                      cgroup, starts a session and executes the action's
 *                      entry program (sh, apt-get, cat, vigil-evgen-app)
 *
 * Everything the shim does happens before any exec inside the cgroup, so
 * vigil (which learns a process's cgroup from execve) attributes it to
 * the host; only the entry program and its children are "in" the
 * container.  The generator removes the cgroup and metadata afterwards;
 * with --keep-metadata it leaves the metadata, as docker does until the
 * container is removed: whoever reads it (vigil looks it up when it
 * processes the container's events, which may be after the entry ended)
 * still finds it, and the caller removes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "evgen.h"

#define CID_LEN		64
#define TOKEN_DIR	"/run/secrets/kubernetes.io/serviceaccount"
#define IMAGE		"docker.io/vigil/event-generator:latest"

extern char **environ;

static int container_id(char id[CID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[CID_LEN / 2];
	int fd, i;

	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (read(fd, raw, sizeof(raw)) != (ssize_t)sizeof(raw)) {
		close(fd);
		return -EIO;
	}
	close(fd);
	for (i = 0; i < CID_LEN / 2; i++) {
		id[2 * i] = hex[raw[i] >> 4];
		id[2 * i + 1] = hex[raw[i] & 15];
	}
	id[CID_LEN] = '\0';
	return 0;
}

/* docker's on-disk metadata for the container, as vigil reads it. */
static int write_metadata(const char *dir, const char *id, const char *name,
			  int privileged)
{
	char path[EVG_PATH_MAX], buf[2048];
	int ret;

	snprintf(buf, sizeof(buf),
		 "{\"ID\":\"%s\",\"Name\":\"/vigil-evgen-%s\","
		 "\"Image\":\"sha256:%s\",\"Config\":{\"Image\":\"%s\","
		 "\"Labels\":{\"vigil.event-generator\":\"%s\"}},"
		 "\"MountPoints\":{}}\n", id, name, id, IMAGE, name);
	ret = evg_path(path, sizeof(path), "%s/config.v2.json", dir);
	if (!ret)
		ret = evg_write_file(path, O_WRONLY | O_CREAT | O_TRUNC, 0600,
				     buf);
	if (ret)
		return ret;
	snprintf(buf, sizeof(buf),
		 "{\"Privileged\":%s,\"NetworkMode\":\"default\","
		 "\"PidMode\":\"\",\"IpcMode\":\"private\"}\n",
		 privileged ? "true" : "false");
	ret = evg_path(path, sizeof(path), "%s/hostconfig.json", dir);
	if (!ret)
		ret = evg_write_file(path, O_WRONLY | O_CREAT | O_TRUNC, 0600,
				     buf);
	return ret;
}

static void remove_metadata(const char *dir)
{
	char path[EVG_PATH_MAX];

	if (!evg_path(path, sizeof(path), "%s/config.v2.json", dir))
		unlink(path);
	if (!evg_path(path, sizeof(path), "%s/hostconfig.json", dir))
		unlink(path);
}

/* rmdir the cgroup; it may stay busy for a moment after the last exit. */
static void remove_cgroup(const char *cg)
{
	int i;

	for (i = 0; i < 50; i++) {
		if (!rmdir(cg) || errno == ENOENT)
			return;
		usleep(20000);
	}
	evg_err("cannot remove cgroup %s: %s", cg, strerror(errno));
}

int evg_container_run(struct evg_ctx *ctx, const struct evg_action *a)
{
	char id[CID_LEN + 1], shim[EVG_PATH_MAX], entry[EVG_PATH_MAX];
	char cg[EVG_PATH_MAX], cg_made[EVG_PATH_MAX], meta[EVG_PATH_MAX];
	char meta_made[EVG_PATH_MAX], probe[EVG_PATH_MAX];
	char env_cg[EVG_PATH_MAX + 32], env_ctr[128], env_wd[EVG_PATH_MAX + 32];
	char *argv[] = { (char *)"containerd-shim", (char *)"-namespace",
			 (char *)"moby", (char *)"-id", id, NULL };
	const char *env[] = { env_cg, env_ctr, env_wd, NULL };
	int ret;

	meta_made[0] = cg_made[0] = '\0';
	ret = container_id(id);
	if (ret)
		return ret;
	ret = evg_path(probe, sizeof(probe), "%s/cgroup.procs",
		       ctx->cgroup_root);
	if (ret)
		return ret;
	if (access(probe, W_OK)) {
		evg_err("%s: no writable cgroup v2 hierarchy at %s (%s); "
			"container actions need root and cgroup2",
			a->name, ctx->cgroup_root, strerror(errno));
		return -EOPNOTSUPP;
	}
	ret = evg_install_self(ctx, "containerd-shim", shim, sizeof(shim));
	if (!ret)
		ret = evg_install_self(ctx, a->entry_name, entry,
				       sizeof(entry));
	if (!ret && strcmp(a->entry_name, "sh"))
		ret = evg_install_self(ctx, "sh", probe, sizeof(probe));
	if (ret) {
		evg_err("%s: cannot install helper programs: %s", a->name,
			strerror(-ret));
		return ret;
	}
	if (ctx->docker_root[0]) {
		ret = evg_path(meta, sizeof(meta), "%s/containers/%s",
			       ctx->docker_root, id);
		if (!ret)
			ret = evg_mkdir_p(meta, 0700, meta_made,
					  sizeof(meta_made));
		if (!ret)
			ret = write_metadata(meta, id, a->name, a->privileged);
		if (ret) {
			evg_err("%s: cannot write container metadata below "
				"%s: %s", a->name, ctx->docker_root,
				strerror(-ret));
			goto out;
		}
	} else if (a->privileged) {
		evg_err("%s: needs container metadata (--docker-root) to mark "
			"the container privileged", a->name);
		return -EINVAL;
	}
	ret = evg_path(cg, sizeof(cg), "%s/system.slice/docker-%s.scope",
		       ctx->cgroup_root, id);
	if (!ret)
		ret = evg_mkdir_p(cg, 0755, cg_made, sizeof(cg_made));
	if (ret) {
		evg_err("%s: cannot create cgroup %s: %s", a->name, cg,
			strerror(-ret));
		goto out;
	}
	snprintf(env_cg, sizeof(env_cg), "%s=%s", EVG_ENV_CGROUP, cg);
	snprintf(env_ctr, sizeof(env_ctr), "%s=%s", EVG_ENV_CTR, a->name);
	snprintf(env_wd, sizeof(env_wd), "%s=%s", EVG_ENV_WORKDIR,
		 ctx->workdir);
	evg_log("  container %.12s (cgroup %s)", id, cg);
	ret = evg_run(shim, argv, "shim", env, "containerd-shim");
out:
	if (cg_made[0]) {
		remove_cgroup(cg);
		evg_rmdir_created(cg, cg_made);
	}
	if (ctx->docker_root[0] && !ctx->keep_metadata &&
	    !evg_path(meta, sizeof(meta), "%s/containers/%s",
		      ctx->docker_root, id)) {
		remove_metadata(meta);
		if (meta_made[0])
			evg_rmdir_created(meta, meta_made);
	}
	return ret;
}

/* ---- inside the shim ---- */

static const struct evg_action *find_action(const char *name)
{
	size_t i;

	for (i = 0; i < evg_nactions; i++)
		if (!strcmp(evg_actions[i].name, name))
			return &evg_actions[i];
	return NULL;
}

/* A pty master; the slave's path goes to slave. */
static int open_pty(char *slave, size_t size)
{
	int fd;

	fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 && mount("devpts", "/dev/pts", "devpts", 0,
			    "newinstance,ptmxmode=0666") == 0)
		fd = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (grantpt(fd) || unlockpt(fd) || ptsname_r(fd, slave, size)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

/* What the container's entry needs, set up by the shim (host context). */
struct shim_prep {
	char path[EVG_PATH_MAX];	/* EVG_ENV_ARG for the entry */
	char slave[256];		/* pty slave, "" if none */
	char made[EVG_PATH_MAX];	/* directory the shim created */
	int master;
	int mounted;
};

static int prep_token(struct shim_prep *p)
{
	int ret;

	ret = evg_mkdir_p(TOKEN_DIR, 0755, p->made, sizeof(p->made));
	if (ret)
		return ret;
	if (mount("tmpfs", TOKEN_DIR, "tmpfs", MS_NOSUID | MS_NODEV,
		  "size=64k,mode=0755"))
		return -errno;
	p->mounted = 1;
	snprintf(p->path, sizeof(p->path), "%s/token", TOKEN_DIR);
	return evg_write_file(p->path, O_WRONLY | O_CREAT | O_EXCL, 0644,
			      "eyJhbGciOiJSUzI1NiJ9.vigil-event-generator.x\n");
}

static int prep_release_agent(struct shim_prep *p, const char *wd)
{
	char opts[64];
	int ret;

	ret = evg_path(p->made, sizeof(p->made), "%s/cgv1", wd);
	if (ret)
		return ret;
	if (mkdir(p->made, 0755))
		return -errno;
	snprintf(opts, sizeof(opts), "none,name=vigil-evgen-%d", (int)getpid());
	if (mount("cgroup", p->made, "cgroup", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  opts))
		return -errno;
	p->mounted = 1;
	return evg_path(p->path, sizeof(p->path), "%s/release_agent", p->made);
}

static int shim_prepare(const struct evg_action *a, struct shim_prep *p,
			const char *wd)
{
	int ret;

	memset(p, 0, sizeof(*p));
	p->master = -1;
	if (unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID))
		return -errno;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -errno;
	if (sethostname("vigil-evgen", 11))
		return -errno;
	if (!strcmp(a->entry_mode, "sh_exit")) {
		ret = open_pty(p->slave, sizeof(p->slave));
		if (ret < 0)
			return ret;
		p->master = ret;
		return 0;
	}
	if (!strcmp(a->name, "k8s_token_read"))
		return prep_token(p);
	if (!strcmp(a->name, "release_agent_write"))
		return prep_release_agent(p, wd);
	if (!strcmp(a->entry_mode, "app_mount")) {
		ret = evg_path(p->made, sizeof(p->made), "%s/mnt", wd);
		if (!ret && mkdir(p->made, 0755))
			ret = -errno;
		snprintf(p->path, sizeof(p->path), "%s", p->made);
		return ret;
	}
	if (!strcmp(a->entry_mode, "app_shell"))
		return evg_path(p->path, sizeof(p->path), "%s/bin/sh", wd);
	return 0;
}

static void shim_cleanup(struct shim_prep *p)
{
	if (p->master >= 0)
		close(p->master);
	if (p->mounted && p->made[0] && strstr(p->made, "/cgv1"))
		umount2(p->made, MNT_DETACH);
	else if (p->mounted)
		umount2(TOKEN_DIR, MNT_DETACH);
	if (p->made[0] && strstr(p->made, "/run/secrets"))
		evg_rmdir_created(TOKEN_DIR, p->made);
	else if (p->made[0])
		rmdir(p->made);
}

/* The container's pid 1: join the cgroup, take the terminal, exec. */
static void entry_main(const struct evg_action *a, const struct shim_prep *p,
		       const char *cg, const char *wd)
{
	char path[EVG_PATH_MAX], entry[EVG_PATH_MAX];
	char *argv[6] = { (char *)a->entry_name, NULL };
	int fd;

	if (evg_path(path, sizeof(path), "%s/cgroup.procs", cg) ||
	    evg_write_file(path, O_WRONLY, 0, "0\n")) {
		evg_err("cannot join cgroup %s: %s", cg, strerror(errno));
		_exit(1);
	}
	if (setsid() < 0)
		_exit(1);
	if (p->slave[0]) {
		fd = open(p->slave, O_RDWR);
		if (fd < 0 || ioctl(fd, TIOCSCTTY, 0) ||
		    dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) {
			evg_err("cannot set up terminal %s: %s", p->slave,
				strerror(errno));
			_exit(1);
		}
		argv[1] = (char *)"-i";
	}
	if (!strcmp(a->entry_name, "apt-get"))
		argv[1] = (char *)"--version";
	if (!strcmp(a->entry_mode, "open_read"))
		argv[1] = (char *)p->path;
	if (p->path[0] && setenv(EVG_ENV_ARG, p->path, 1))
		_exit(1);
	if (setenv(EVG_ENV_CHILD, a->entry_mode, 1) ||
	    setenv(EVG_ENV_WORKDIR, wd, 1) ||
	    evg_path(entry, sizeof(entry), "%s/bin/%s", wd, a->entry_name))
		_exit(1);
	unsetenv(EVG_ENV_CGROUP);
	unsetenv(EVG_ENV_CTR);
	execve(entry, argv, environ);
	evg_err("exec %s: %s", entry, strerror(errno));
	_exit(127);
}

/*
 * Copy the container's terminal output to ours until the entry process
 * exits; its status goes to *status.  A master whose slave was never
 * opened does not report hang-up, hence the polling of the child.
 */
static int drain_pty(int master, pid_t pid, int *status)
{
	struct pollfd pfd = { .fd = master, .events = POLLIN };
	char buf[512];
	ssize_t n;
	pid_t r;

	for (;;) {
		if (poll(&pfd, 1, 200) > 0) {
			n = read(master, buf, sizeof(buf));
			if (n > 0) {
				if (write(STDOUT_FILENO, buf, (size_t)n) < 0)
					n = 0;
				continue;
			}
		}
		r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return 1;
		if (r < 0 && errno != EINTR)
			return 0;
	}
}

int evg_shim_main(void)
{
	const char *cg = getenv(EVG_ENV_CGROUP), *name = getenv(EVG_ENV_CTR);
	const char *wd = getenv(EVG_ENV_WORKDIR);
	const struct evg_action *a = name ? find_action(name) : NULL;
	struct shim_prep p;
	pid_t pid;
	int ret, st;

	if (!cg || !a || !wd || !(a->flags & EVG_CONTAINER)) {
		evg_err("containerd-shim: bad environment");
		return 1;
	}
	ret = shim_prepare(a, &p, wd);
	if (ret) {
		evg_err("%s: cannot set up the container: %s", a->name,
			strerror(-ret));
		shim_cleanup(&p);
		return 1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		evg_err("fork: %s", strerror(errno));
		shim_cleanup(&p);
		return 1;
	}
	if (pid == 0) {
		if (p.master >= 0)
			close(p.master);
		entry_main(a, &p, cg, wd);
	}
	if (p.master >= 0 && drain_pty(p.master, pid, &st))
		ret = WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -EPROTO;
	else
		ret = evg_wait(pid, a->entry_name);
	shim_cleanup(&p);
	return ret ? 1 : 0;
}
