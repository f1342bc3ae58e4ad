// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The actions: one per rule of rules/vigil_rules.yaml (some rules have
 * two), each with the rules it is expected to raise and how many times.
 * Every action cleans up what it creates; network actions talk only to
 * loopback listeners they start themselves.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "evgen.h"

extern char **environ;

#define ENVBUF	(EVG_PATH_MAX + 32)

/* ---- reverse shells ---- */

/*
 * Start a loopback listener, run path with the child mode and the port in
 * its environment (and arg, if any), answer one connection with reply.
 */
static int with_listener(const char *path, char *const argv[],
			 const char *mode, const char *arg, const char *reply,
			 int *port_out)
{
	char env_port[32], env_arg[ENVBUF];
	const char *env[] = { env_port, arg ? env_arg : NULL, NULL };
	int lfd, port = 0, ret, served;
	pid_t pid;

	lfd = evg_listen(&port);
	if (lfd < 0)
		return lfd;
	if (port_out)
		*port_out = port;
	snprintf(env_port, sizeof(env_port), "%s=%d", EVG_ENV_PORT, port);
	if (arg)
		snprintf(env_arg, sizeof(env_arg), "%s=%s", EVG_ENV_ARG, arg);
	if (argv[1] && !strcmp(argv[1], "-e")) {
		/* nc -e SH 127.0.0.1 PORT: the port is on the command line */
		snprintf(env_arg, sizeof(env_arg), "%d", port);
		((char **)argv)[4] = env_arg;
		env[1] = NULL;
	}
	ret = evg_spawn(path, argv, mode, env, &pid);
	if (ret) {
		close(lfd);
		return ret;
	}
	served = evg_serve_one(lfd, reply);
	close(lfd);
	ret = evg_wait(pid, argv[0]);
	if (!ret && served)
		ret = served;
	return ret;
}

static int act_reverse_shell_stdio(struct evg_ctx *ctx,
				   const struct evg_action *a)
{
	char sh[EVG_PATH_MAX];
	char *argv[] = { (char *)"vigil-event-generator", NULL };
	int ret;

	ret = evg_install_self(ctx, "sh", sh, sizeof(sh));
	if (ret)
		return ret;
	return with_listener(ctx->self, argv, "python_revshell", sh, NULL,
			     NULL);
}

static int act_reverse_shell_dev_tcp(struct evg_ctx *ctx,
				     const struct evg_action *a)
{
	char bash[EVG_PATH_MAX];
	char *argv[] = { (char *)"bash", (char *)"-i", NULL };
	int ret;

	ret = evg_install_self(ctx, "bash", bash, sizeof(bash));
	if (ret)
		return ret;
	return with_listener(bash, argv, "bash_dev_tcp", NULL, "exit\n",
			     NULL);
}

static int act_netcat_exec(struct evg_ctx *ctx, const struct evg_action *a)
{
	char nc[EVG_PATH_MAX], sh[EVG_PATH_MAX];
	char *argv[] = { (char *)"nc", (char *)"-e", sh,
			 (char *)"127.0.0.1", NULL, NULL };
	int ret;

	ret = evg_install_self(ctx, "nc", nc, sizeof(nc));
	if (!ret)
		ret = evg_install_self(ctx, "sh", sh, sizeof(sh));
	if (ret)
		return ret;
	return with_listener(nc, argv, "nc_exec", NULL, NULL, NULL);
}

static int act_reverse_shell_python(struct evg_ctx *ctx,
				    const struct evg_action *a)
{
	static const char code[] =
		"import socket,os,pty;s=socket.socket();"
		"s.connect((\"127.0.0.1\",int(os.environ[\"" EVG_ENV_PORT
		"\"])));[os.dup2(s.fileno(),f) for f in (0,1,2)];"
		"pty.spawn(\"sh\")";
	char py[EVG_PATH_MAX], sh[EVG_PATH_MAX];
	char *argv[] = { (char *)"python3", (char *)"-c", (char *)code, NULL };
	int ret;

	ret = evg_install_self(ctx, "python3", py, sizeof(py));
	if (!ret)
		ret = evg_install_self(ctx, "sh", sh, sizeof(sh));
	if (ret)
		return ret;
	return with_listener(py, argv, "python_revshell", sh, NULL, NULL);
}

/* ---- credential access ---- */

/*
 * Read from the first of the n files that opens and reads, each opened
 * with openat(dfd, ...): its index, or -1 (errno from the last try).
 */
static int read_first(int dfd, const char *const *files, size_t n)
{
	char buf[64];
	size_t i;
	int fd;

	for (i = 0; i < n; i++) {
		fd = openat(dfd, files[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (read(fd, buf, sizeof(buf)) < 0) {
			close(fd);
			continue;
		}
		close(fd);
		return (int)i;
	}
	return -1;
}

static int act_read_password_file(struct evg_ctx *ctx,
				  const struct evg_action *a)
{
	static const char *const files[] = {
		"/etc/shadow", "/etc/gshadow", "/etc/sudoers",
	};
	int i = read_first(AT_FDCWD, files, sizeof(files) / sizeof(*files));

	if (i >= 0) {
		evg_log("  read %s", files[i]);
		return 0;
	}
	evg_err("%s: none of /etc/shadow, /etc/gshadow, /etc/sudoers could "
		"be read (last error: %s)", a->name, strerror(errno));
	return -ENOENT;
}

/*
 * The same files through a relative path with "..", "." and "//" from
 * /tmp: the rule matches only if fd.name is the path made absolute and
 * normalised (as Falco's is), whatever the kernel recorded.
 */
static int act_read_password_file_relative(struct evg_ctx *ctx,
					   const struct evg_action *a)
{
	static const char *const files[] = {
		"..//etc/./shadow", "..//etc/./gshadow", "..//etc/./sudoers",
	};
	int dfd, i, err;

	dfd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		err = errno;
		evg_err("%s: open /tmp: %s", a->name, strerror(err));
		return -err;
	}
	i = read_first(dfd, files, sizeof(files) / sizeof(*files));
	err = errno;
	close(dfd);
	if (i >= 0) {
		evg_log("  read /tmp/%s", files[i]);
		return 0;
	}
	evg_err("%s: none of /tmp/..//etc/./{shadow,gshadow,sudoers} could "
		"be read (last error: %s)", a->name, strerror(err));
	return -ENOENT;
}

/* Create file (in a fresh directory dir below the work directory), read it. */
static int plant_and_read(struct evg_ctx *ctx, const char *dir,
			  const char *file, const char *content)
{
	char d[EVG_PATH_MAX], path[EVG_PATH_MAX], buf[64];
	int fd, ret;

	ret = evg_path(d, sizeof(d), "%s/home/%s", ctx->workdir, dir);
	if (!ret)
		ret = evg_mkdir_p(d, 0700, NULL, 0);
	if (!ret)
		ret = evg_path(path, sizeof(path), "%s/%s", d, file);
	if (!ret)
		ret = evg_write_file(path, O_WRONLY | O_CREAT | O_EXCL, 0600,
				     content);
	if (ret)
		return ret;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = read(fd, buf, sizeof(buf)) < 0 ? -errno : 0;
	close(fd);
	evg_log("  read %s", path);
	return ret;
}

static int act_read_ssh_key(struct evg_ctx *ctx, const struct evg_action *a)
{
	return plant_and_read(ctx, ".ssh", "id_ed25519",
			      "-----BEGIN OPENSSH PRIVATE KEY-----\n"
			      "(vigil-event-generator: not a key)\n"
			      "-----END OPENSSH PRIVATE KEY-----\n");
}

static int act_read_cloud_credentials(struct evg_ctx *ctx,
				      const struct evg_action *a)
{
	return plant_and_read(ctx, ".aws", "credentials",
			      "[default]\naws_access_key_id = AKIAVIGILEVGEN\n"
			      "aws_secret_access_key = not-a-secret\n");
}

static int act_search_private_keys(struct evg_ctx *ctx,
				   const struct evg_action *a)
{
	char find[EVG_PATH_MAX];
	char *argv[] = { (char *)"find", ctx->workdir, (char *)"-name",
			 (char *)"id_rsa", NULL };
	int ret;

	ret = evg_install_self(ctx, "find", find, sizeof(find));
	if (ret)
		return ret;
	return evg_run(find, argv, "find", NULL, "find");
}

/* ---- writes ---- */

/* Create dir/vigil-evgen-<pid><suffix> for writing, then remove it. */
static int create_and_remove(const char *dir, const char *suffix)
{
	char path[EVG_PATH_MAX];
	int ret;

	ret = evg_path(path, sizeof(path), "%s/vigil-evgen-%d%s", dir,
		       (int)getpid(), suffix);
	if (ret)
		return ret;
	ret = evg_write_file(path, O_WRONLY | O_CREAT | O_EXCL, 0600,
			     "written by vigil-event-generator\n");
	if (ret) {
		evg_err("cannot create %s: %s", path, strerror(-ret));
		return ret;
	}
	evg_log("  created and removed %s", path);
	return unlink(path) ? -errno : 0;
}

static int act_write_etc(struct evg_ctx *ctx, const struct evg_action *a)
{
	return create_and_remove("/etc", ".conf");
}

static int act_write_root(struct evg_ctx *ctx, const struct evg_action *a)
{
	char made[EVG_PATH_MAX];
	int ret;

	ret = evg_mkdir_p("/root", 0700, made, sizeof(made));
	if (!ret)
		ret = create_and_remove("/root", "");
	if (made[0])
		rmdir(made);
	return ret;
}

static int act_write_binary_dir(struct evg_ctx *ctx,
				const struct evg_action *a)
{
	static const char *const dirs[] = {
		"/usr/local/bin", "/usr/bin", "/bin",
	};
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(*dirs); i++)
		if (!stat(dirs[i], &st) && S_ISDIR(st.st_mode))
			return create_and_remove(dirs[i], "");
	return -ENOENT;
}

static int act_create_dev_file(struct evg_ctx *ctx,
			       const struct evg_action *a)
{
	return create_and_remove("/dev", "");
}

static int act_write_package_db(struct evg_ctx *ctx,
				const struct evg_action *a)
{
	static const char *const dirs[] = { "/var/lib/dpkg", "/var/lib/rpm" };
	char made[EVG_PATH_MAX];
	struct stat st;
	size_t i;
	int ret;

	for (i = 0; i < sizeof(dirs) / sizeof(*dirs); i++)
		if (!stat(dirs[i], &st) && S_ISDIR(st.st_mode))
			return create_and_remove(dirs[i], ".list");
	ret = evg_mkdir_p("/var/lib/dpkg", 0755, made, sizeof(made));
	if (!ret)
		ret = create_and_remove("/var/lib/dpkg", ".list");
	if (made[0])
		evg_rmdir_created("/var/lib/dpkg", made);
	return ret;
}

static int act_hidden_dir(struct evg_ctx *ctx, const struct evg_action *a)
{
	char path[EVG_PATH_MAX];
	int ret;

	ret = evg_path(path, sizeof(path), "/usr/.vigil-evgen-%d",
		       (int)getpid());
	if (ret)
		return ret;
	if (mkdir(path, 0700))
		return -errno;
	evg_log("  created and removed %s", path);
	return rmdir(path) ? -errno : 0;
}

/* ---- links ---- */

static int act_symlink_sensitive(struct evg_ctx *ctx,
				 const struct evg_action *a)
{
	char path[EVG_PATH_MAX];
	int ret;

	ret = evg_path(path, sizeof(path), "%s/shadow-link", ctx->workdir);
	if (ret)
		return ret;
	if (symlink("/etc/shadow", path))
		return -errno;
	return unlink(path) ? -errno : 0;
}

/* The attempt is what the rule reports; the kernel may refuse it. */
static int act_hardlink_sensitive(struct evg_ctx *ctx,
				  const struct evg_action *a)
{
	char path[EVG_PATH_MAX];
	int ret;

	ret = evg_path(path, sizeof(path), "%s/shadow-hardlink", ctx->workdir);
	if (ret)
		return ret;
	if (link("/etc/shadow", path)) {
		evg_log("  link(/etc/shadow) attempted: %s", strerror(errno));
		return 0;
	}
	evg_log("  link(/etc/shadow) created and removed");
	return unlink(path) ? -errno : 0;
}

/* ---- covering tracks ---- */

static int history_file(struct evg_ctx *ctx, char *path, size_t size)
{
	char dir[EVG_PATH_MAX];
	int ret;

	ret = evg_path(dir, sizeof(dir), "%s/home", ctx->workdir);
	if (!ret)
		ret = evg_mkdir_p(dir, 0700, NULL, 0);
	if (!ret)
		ret = evg_path(path, size, "%s/.bash_history", dir);
	if (!ret)
		ret = evg_write_file(path, O_WRONLY | O_CREAT | O_EXCL, 0600,
				     "id\ncat /etc/passwd\n");
	return ret;
}

static int act_history_delete(struct evg_ctx *ctx, const struct evg_action *a)
{
	char path[EVG_PATH_MAX];
	int ret;

	ret = history_file(ctx, path, sizeof(path));
	if (ret)
		return ret;
	return unlink(path) ? -errno : 0;
}

static int act_history_truncate(struct evg_ctx *ctx,
				const struct evg_action *a)
{
	char path[EVG_PATH_MAX];
	int ret;

	ret = history_file(ctx, path, sizeof(path));
	if (ret)
		return ret;
	ret = evg_write_file(path, O_WRONLY | O_TRUNC, 0, NULL);
	if (unlink(path) && !ret)
		ret = -errno;
	return ret;
}

static int act_clear_log(struct evg_ctx *ctx, const struct evg_action *a)
{
	char path[EVG_PATH_MAX], made[EVG_PATH_MAX];
	int ret;

	ret = evg_mkdir_p("/var/log", 0755, made, sizeof(made));
	if (!ret)
		ret = evg_path(path, sizeof(path), "/var/log/vigil-evgen-%d.log",
			       (int)getpid());
	if (!ret)
		ret = evg_write_file(path, O_WRONLY | O_CREAT | O_EXCL, 0640,
				     "Jan  1 00:00:00 host sshd[1]: "
				     "Accepted password for root\n");
	if (!ret) {
		ret = evg_write_file(path, O_WRONLY | O_TRUNC, 0, NULL);
		if (unlink(path) && !ret)
			ret = -errno;
		evg_log("  truncated and removed %s", path);
	}
	if (made[0])
		rmdir(made);
	return ret;
}

/* ---- privilege escalation ---- */

static int act_setuid_bit(struct evg_ctx *ctx, const struct evg_action *a)
{
	char path[EVG_PATH_MAX];
	int ret;

	ret = evg_path(path, sizeof(path), "%s/suid-file", ctx->workdir);
	if (!ret)
		ret = evg_write_file(path, O_WRONLY | O_CREAT | O_EXCL, 0600,
				     NULL);
	if (ret)
		return ret;
	ret = chmod(path, 04700) ? -errno : 0;
	unlink(path);
	return ret;
}

/*
 * A child drops to uid 1 (daemon) when it is root, then asks for root
 * back; the kernel refuses, and that refused attempt is the event.
 */
static int act_non_sudo_setuid(struct evg_ctx *ctx, const struct evg_action *a)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (geteuid() == 0 && setresuid(1, 1, 1))
			_exit(2);
		if (setuid(0) == 0)
			_exit(3);	/* still privileged: not the attempt */
		_exit(errno == EPERM ? 0 : 4);
	}
	return evg_wait(pid, "setuid child");
}

static int run_named(struct evg_ctx *ctx, const char *name, char *argv[],
		     const char *mode)
{
	char path[EVG_PATH_MAX];
	int ret;

	ret = evg_install_self(ctx, name, path, sizeof(path));
	if (ret)
		return ret;
	return evg_run(path, argv, mode, NULL, name);
}

static int act_user_mgmt(struct evg_ctx *ctx, const struct evg_action *a)
{
	char *argv[] = { (char *)"useradd", (char *)"--help", NULL };

	return run_named(ctx, "useradd", argv, "noop");
}

/* ---- network ---- */

static int act_mining_pool(struct evg_ctx *ctx, const struct evg_action *a)
{
	static const int ports[] = { 3333, 14444, 4444, 5555, 7777 };
	int lfd = -1, cfd, afd, port = 0;
	size_t i;

	for (i = 0; i < sizeof(ports) / sizeof(*ports) && lfd < 0; i++) {
		port = ports[i];
		lfd = evg_listen(&port);
	}
	if (lfd < 0)
		return lfd;
	cfd = evg_connect(port);
	if (cfd < 0) {
		close(lfd);
		return cfd;
	}
	afd = accept(lfd, NULL, NULL);
	if (afd >= 0)
		close(afd);
	close(cfd);
	close(lfd);
	evg_log("  connected to 127.0.0.1:%d", port);
	return 0;
}

static int act_stratum(struct evg_ctx *ctx, const struct evg_action *a)
{
	char *argv[] = { (char *)"xmrig", (char *)"-o",
			 (char *)"stratum+tcp://127.0.0.1:3333", (char *)"-u",
			 (char *)"vigil-event-generator", (char *)"-p",
			 (char *)"x", (char *)"--dry-run", NULL };

	return run_named(ctx, "xmrig", argv, "noop");
}

static int act_system_binary_net(struct evg_ctx *ctx,
				 const struct evg_action *a)
{
	char ls[EVG_PATH_MAX];
	char *argv[] = { (char *)"ls", (char *)"-l", NULL };
	int ret;

	ret = evg_install_self(ctx, "ls", ls, sizeof(ls));
	if (ret)
		return ret;
	return with_listener(ls, argv, "connect", NULL, NULL, NULL);
}

static int act_packet_socket(struct evg_ctx *ctx, const struct evg_action *a)
{
	int fd;

	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (fd < 0) {
		evg_log("  socket(AF_PACKET) attempted: %s", strerror(errno));
		return 0;
	}
	close(fd);
	return 0;
}

/* ---- kernel ---- */

/* An image of zeros: the kernel rejects it before loading anything. */
static int act_kernel_module(struct evg_ctx *ctx, const struct evg_action *a)
{
	static const char image[64];

	if (syscall(SYS_init_module, image, sizeof(image), "") == 0) {
		evg_err("%s: the kernel accepted a bogus module", a->name);
		return -EPROTO;
	}
	evg_log("  init_module(bogus image) attempted: %s", strerror(errno));
	return 0;
}

static int act_ptrace_attach(struct evg_ctx *ctx, const struct evg_action *a)
{
	pid_t pid;
	int st, ret = 0;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		for (;;)
			pause();
	}
	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL)) {
		ret = -errno;
	} else {
		if (waitpid(pid, &st, 0) < 0 ||
		    ptrace(PTRACE_DETACH, pid, NULL, NULL))
			ret = -errno;
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return ret;
}

static int act_memfd_exec(struct evg_ctx *ctx, const struct evg_action *a)
{
	char *argv[] = { (char *)"vigil-evgen-memfd", NULL };
	char buf[65536];
	ssize_t n;
	pid_t pid;
	int mfd, in, ret = 0;

	mfd = (int)syscall(SYS_memfd_create, "vigil-evgen", MFD_CLOEXEC);
	if (mfd < 0)
		return -errno;
	in = open(ctx->self, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		ret = -errno;
		goto close_mfd;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(mfd, buf, (size_t)n) != n) {
			ret = -EIO;
			break;
		}
	close(in);
	if (ret)
		goto close_mfd;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		goto close_mfd;
	}
	if (pid == 0) {
		setenv(EVG_ENV_CHILD, "noop", 1);
		syscall(SYS_execveat, mfd, "", argv, environ, AT_EMPTY_PATH);
		_exit(127);
	}
	ret = evg_wait(pid, "memfd program");
close_mfd:
	close(mfd);
	return ret;
}

static int exec_copy_in(struct evg_ctx *ctx, const char *base)
{
	char dir[EVG_PATH_MAX], path[EVG_PATH_MAX];
	char *argv[] = { (char *)"payload", NULL };
	int ret;

	ret = evg_path(dir, sizeof(dir), "%s/vigil-evgen.XXXXXX", base);
	if (ret)
		return ret;
	if (!mkdtemp(dir))
		return -errno;
	ret = evg_path(path, sizeof(path), "%s/payload", dir);
	if (!ret)
		ret = evg_copy_file(ctx->self, path, 0700);
	if (!ret) {
		ret = evg_run(path, argv, "noop", NULL, path);
		unlink(path);
	}
	rmdir(dir);
	return ret;
}

static int act_exec_tmp(struct evg_ctx *ctx, const struct evg_action *a)
{
	return exec_copy_in(ctx, "/tmp");
}

static int act_exec_dev_shm(struct evg_ctx *ctx, const struct evg_action *a)
{
	return exec_copy_in(ctx, "/dev/shm");
}

/* A two-instruction socket filter (return 0), never attached. */
static int act_bpf_load(struct evg_ctx *ctx, const struct evg_action *a)
{
	struct bpf_insn insns[2];
	union bpf_attr attr;
	int fd;

	memset(insns, 0, sizeof(insns));
	insns[0].code = BPF_ALU64 | BPF_MOV | BPF_K;	/* r0 = 0 */
	insns[1].code = BPF_JMP | BPF_EXIT;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = 2;
	attr.insns = (__u64)(unsigned long)insns;
	attr.license = (__u64)(unsigned long)"GPL";
	fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0) {
		evg_log("  bpf(BPF_PROG_LOAD) attempted: %s", strerror(errno));
		return 0;
	}
	close(fd);
	return 0;
}

static int act_userfaultfd(struct evg_ctx *ctx, const struct evg_action *a)
{
	int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);

	if (fd < 0) {
		evg_log("  userfaultfd attempted: %s", strerror(errno));
		return 0;
	}
	close(fd);
	return 0;
}

#define R(rule, n)	{ rule, n }
#define HOST(nm, fl, d, fn, ...)					\
	{ .name = nm, .flags = fl, .desc = d, .run = fn,		\
	  .expect = { __VA_ARGS__ } }
#define CTR(nm, d, rule, entry, mode, priv)				\
	{ .name = nm, .flags = EVG_ROOT | EVG_CONTAINER, .desc = d,	\
	  .run = evg_container_run, .expect = { R(rule, 1) },		\
	  .entry_name = entry, .entry_mode = mode, .privileged = priv }

const struct evg_action evg_actions[] = {
	CTR("container_shell_tty",
	    "the runtime starts an interactive shell (with a pty) in a container",
	    "Interactive Shell Started in Container", "sh", "sh_exit", 0),
	CTR("container_shell_app",
	    "an application in a container runs `sh -c id` without a terminal",
	    "Shell Spawned by Application in Container", "vigil-evgen-app",
	    "app_shell", 0),
	HOST("reverse_shell_stdio", 0,
	     "connect to a loopback listener, put the socket on stdio, exec sh",
	     act_reverse_shell_stdio, R("Reverse Shell Started", 1)),
	HOST("reverse_shell_dev_tcp", 0,
	     "\"bash\" connects to a loopback listener itself (bash /dev/tcp)",
	     act_reverse_shell_dev_tcp, R("Shell Opened Network Connection", 1)),
	HOST("netcat_exec", 0,
	     "nc -e sh 127.0.0.1 PORT against a loopback listener",
	     act_netcat_exec, R("Netcat Started with Command Execution", 1),
	    R("Reverse Shell Started", 1)),
	HOST("reverse_shell_python", 0,
	     "\"python3 -c\" dups a loopback socket onto stdio and execs sh",
	     act_reverse_shell_python, R("Script Interpreter Redirected Socket to Stdin", 1),
	    R("Reverse Shell Started", 1)),
	HOST("read_password_file", EVG_ROOT,
	     "read /etc/shadow (else /etc/gshadow, /etc/sudoers)",
	     act_read_password_file, R("Password or Sudo File Read by Untrusted Program", 1)),
	HOST("read_password_file_relative", EVG_ROOT,
	     "read /etc/shadow (else gshadow, sudoers) as openat(/tmp, \"..//etc/./shadow\")",
	     act_read_password_file_relative,
	     R("Password or Sudo File Read by Untrusted Program", 1)),
	HOST("read_ssh_private_key", 0,
	     "create and read <workdir>/home/.ssh/id_ed25519 (not a real key)",
	     act_read_ssh_key, R("SSH Private Key Read by Untrusted Program", 1)),
	HOST("read_cloud_credentials", 0,
	     "create and read <workdir>/home/.aws/credentials (fake values)",
	     act_read_cloud_credentials, R("Cloud Credentials Read by Untrusted Program", 1)),
	CTR("k8s_token_read",
	    "\"cat\" in a container reads a service account token (on a tmpfs)",
	    "Kubernetes Service Account Token Read", "cat", "open_read", 0),
	HOST("search_private_keys", 0,
	     "find <workdir> -name id_rsa",
	     act_search_private_keys, R("Search for Private Keys or Passwords", 1)),
	HOST("write_below_etc", EVG_ROOT,
	     "create and remove /etc/vigil-evgen-<pid>.conf",
	     act_write_etc, R("Write Below /etc", 1)),
	HOST("write_below_root", EVG_ROOT,
	     "create and remove /root/vigil-evgen-<pid>",
	     act_write_root, R("Write Below Root Home", 1)),
	HOST("write_below_binary_dir", EVG_ROOT,
	     "create and remove vigil-evgen-<pid> in /usr/local/bin (or /usr/bin, /bin)",
	     act_write_binary_dir, R("Write Below Binary Directory", 1)),
	HOST("create_file_below_dev", EVG_ROOT,
	     "create and remove /dev/vigil-evgen-<pid>",
	     act_create_dev_file, R("File Created Below /dev", 1)),
	HOST("write_package_database", EVG_ROOT,
	     "create and remove vigil-evgen-<pid>.list in /var/lib/dpkg (or rpm)",
	     act_write_package_db, R("Write to Package Database", 1)),
	HOST("hidden_dir_system", EVG_ROOT,
	     "mkdir and rmdir /usr/.vigil-evgen-<pid>",
	     act_hidden_dir, R("Hidden File Created in System Directory", 1)),
	HOST("symlink_sensitive_file", 0,
	     "symlink <workdir>/shadow-link -> /etc/shadow, then remove it",
	     act_symlink_sensitive, R("Symlink Created to Sensitive File", 1)),
	HOST("hardlink_sensitive_file", 0,
	     "link /etc/shadow to <workdir>/shadow-hardlink (attempt), remove it",
	     act_hardlink_sensitive, R("Hard Link Created to Sensitive File", 1)),
	HOST("shell_history_delete", 0,
	     "create then unlink <workdir>/home/.bash_history",
	     act_history_delete, R("Shell History Deleted or Truncated", 1)),
	HOST("shell_history_truncate", 0,
	     "create, truncate (O_TRUNC) then unlink <workdir>/home/.bash_history",
	     act_history_truncate, R("Shell History Deleted or Truncated", 2)),
	HOST("clear_log_file", EVG_ROOT,
	     "create /var/log/vigil-evgen-<pid>.log, truncate it, remove it",
	     act_clear_log, R("Log File Cleared", 1)),
	HOST("setuid_bit_set", 0,
	     "chmod 04700 <workdir>/suid-file",
	     act_setuid_bit, R("Setuid or Setgid Bit Set", 1)),
	HOST("non_sudo_setuid", 0,
	     "a child drops to uid 1 and calls setuid(0), which is refused",
	     act_non_sudo_setuid, R("Non-Sudo Setuid to Root", 1)),
	HOST("user_management_program", 0,
	     "run \"useradd --help\" (changes nothing)",
	     act_user_mgmt, R("User Management Program Run", 1)),
	CTR("container_package_manager",
	    "\"apt-get --version\" as a container's process (installs nothing)",
	    "Package Manager Run in Container", "apt-get", "noop", 0),
	HOST("mining_pool_connect", 0,
	     "connect to its own listener on 127.0.0.1:3333 (or 14444, 4444, ...)",
	     act_mining_pool, R("Connection to Mining Pool Port", 1)),
	HOST("stratum_miner", 0,
	     "run \"xmrig -o stratum+tcp://127.0.0.1:3333 ...\" (mines nothing)",
	     act_stratum, R("Crypto Miner Started with Stratum URL", 1)),
	HOST("system_binary_network", 0,
	     "\"ls\" connects to a loopback listener",
	     act_system_binary_net, R("System Binary Made Network Connection", 1)),
	HOST("packet_socket", 0,
	     "socket(AF_PACKET, SOCK_RAW), closed at once",
	     act_packet_socket, R("Packet Socket Created", 1)),
	HOST("kernel_module_load", 0,
	     "init_module with a bogus image (the kernel refuses it)",
	     act_kernel_module, R("Kernel Module Load Attempt", 1)),
	HOST("ptrace_attach", 0,
	     "PTRACE_ATTACH to its own sleeping child, detach, kill it",
	     act_ptrace_attach, R("Ptrace Attach or Memory Write", 1)),
	HOST("memfd_exec", 0,
	     "copy itself into a memfd and execveat it",
	     act_memfd_exec, R("Fileless Execution via memfd", 1)),
	HOST("exec_from_tmp", 0,
	     "copy itself to /tmp/vigil-evgen.*/payload, run it",
	     act_exec_tmp, R("Execution from Temporary Directory", 1)),
	HOST("exec_from_dev_shm", 0,
	     "copy itself to /dev/shm/vigil-evgen.*/payload, run it",
	     act_exec_dev_shm, R("Execution from Temporary Directory", 1)),
	CTR("container_drop_exec",
	    "a container's process writes a new 0755 binary and runs it",
	    "Executable Dropped in Container", "vigil-evgen-app", "app_drop", 0),
	CTR("privileged_container",
	    "the runtime starts a process in a container marked privileged",
	    "Privileged Container Started", "vigil-evgen-app", "noop", 1),
	CTR("container_sensitive_mount",
	    "a container's process mounts cgroup2 (private mount namespace)",
	    "Sensitive Mount in Container", "vigil-evgen-app", "app_mount", 0),
	CTR("container_setns",
	    "a container's process setns() into its own UTS namespace",
	    "Namespace Change in Container", "vigil-evgen-app", "app_setns", 0),
	CTR("container_unshare",
	    "a container's process unshare(CLONE_NEWUTS)",
	    "Namespace Change in Container", "vigil-evgen-app", "app_unshare", 0),
	CTR("release_agent_write",
	    "a container's process opens release_agent of a private cgroup v1 "
	    "hierarchy for writing (writes nothing)",
	    "Cgroup Release Agent Written in Container", "vigil-evgen-app",
	    "open_write", 0),
	HOST("bpf_program_load", 0,
	     "BPF_PROG_LOAD of a 2-instruction socket filter, never attached",
	     act_bpf_load, R("BPF Program Loaded", 1)),
	HOST("userfaultfd", 0,
	     "userfaultfd(O_CLOEXEC), closed at once",
	     act_userfaultfd, R("Userfaultfd Created", 1)),
};

const size_t evg_nactions = sizeof(evg_actions) / sizeof(evg_actions[0]);
