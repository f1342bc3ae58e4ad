/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the VM trigger programs (tests/vm/trig/<name>.c).
 *
 * A trigger performs syscalls with known arguments and prints, for each
 * one it wants asserted, one JSON expectation line on stdout that
 * tools/vmcheck matches against the events the agent dumped.  Every line
 * is written with one write(2) straight to fd 1 (no stdio buffer that a
 * fork could duplicate).  Any surprise (a call that should succeed fails,
 * a value that cannot be printed) ends the program with status 1 and a
 * message on stderr: a trigger never skips.
 *
 * Each trigger is one static binary, so everything here is static inline.
 */
#ifndef TRIG_H
#define TRIG_H

/* Include this header first: it asks for the GNU extensions of libc. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>

#define TRIG_LINE_MAX	16384
#define TRIG_KEYS_MAX	64

/*
 * One expectation line.  A key may appear once: a second tj_* call with
 * the same key dies.  Payload fields named like a header field are printed
 * by the agent as "arg.<name>" (tj_pkey gives the key).
 */
struct tj {
	char buf[TRIG_LINE_MAX];
	size_t len;
	int nkeys;
	const char *keys[TRIG_KEYS_MAX];
};

/* The JSON key of payload field name. */
static inline const char *tj_pkey(const char *name)
{
	static const char *const hdr[][2] = {
		{ "time", "arg.time" }, { "ts", "arg.ts" }, { "cpu", "arg.cpu" },
		{ "type", "arg.type" }, { "nr", "arg.nr" }, { "tid", "arg.tid" },
		{ "pid", "arg.pid" }, { "ppid", "arg.ppid" },
		{ "uid", "arg.uid" }, { "gid", "arg.gid" },
		{ "euid", "arg.euid" }, { "egid", "arg.egid" },
		{ "loginuid", "arg.loginuid" }, { "comm", "arg.comm" },
		{ "res", "arg.res" }, { "errno", "arg.errno" },
	};
	size_t i;

	for (i = 0; i < sizeof(hdr) / sizeof(hdr[0]); i++)
		if (!strcmp(name, hdr[i][0]))
			return hdr[i][1];
	return name;
}

static inline void trig_die(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

static inline void trig_die(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int n;

	n = snprintf(msg, sizeof(msg), "trig[%d]: ", (int)getpid());
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n - 1, fmt, ap);
	va_end(ap);
	strcat(msg, "\n");
	if (write(2, msg, strlen(msg)) < 0)
		_exit(1);
	_exit(1);
}

/* A raw syscall's result the way the kernel returned it: -errno on error. */
static inline long trig_ret(long r)
{
	return r == -1 ? -errno : r;
}

/* Runs a raw syscall that must succeed; returns its result. */
#define TRIG_OK(...) ({							\
	long __r = trig_ret(syscall(__VA_ARGS__));			\
	if (__r < 0)							\
		trig_die("%s:%d: %s failed: %s", __FILE__, __LINE__,	\
			 #__VA_ARGS__, strerror((int)-__r));		\
	__r;								\
})

/* Runs a raw syscall that must fail with err; returns -err. */
#define TRIG_FAIL(err, ...) ({						\
	long __r = trig_ret(syscall(__VA_ARGS__));			\
	if (__r != -(long)(err))					\
		trig_die("%s:%d: %s returned %ld, want -%s", __FILE__,	\
			 __LINE__, #__VA_ARGS__, __r, #err);		\
	__r;								\
})

/* Runs a raw syscall that must fail with any error; returns -errno. */
#define TRIG_ERR(...) ({						\
	long __r = trig_ret(syscall(__VA_ARGS__));			\
	if (__r >= 0)							\
		trig_die("%s:%d: %s succeeded (%ld), want a failure",	\
			 __FILE__, __LINE__, #__VA_ARGS__, __r);	\
	__r;								\
})

/* A libc call returning -1/errno that must succeed. */
#define TRIG_LIBC(expr) ({						\
	long __r = (long)(expr);					\
	if (__r == -1)							\
		trig_die("%s:%d: %s: %s", __FILE__, __LINE__, #expr,	\
			 strerror(errno));				\
	__r;								\
})

static inline int trig_tid(void)
{
	return (int)syscall(SYS_gettid);
}

/* ---- JSON lines ---- */

static inline void tj_raw(struct tj *j, const char *s, size_t n)
{
	if (j->len + n + 2 > sizeof(j->buf))
		trig_die("expectation line longer than %d bytes", TRIG_LINE_MAX);
	memcpy(j->buf + j->len, s, n);
	j->len += n;
}

static inline void tj_qstr(struct tj *j, const char *s)
{
	char esc[8];

	tj_raw(j, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			tj_raw(j, esc, 2);
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			tj_raw(j, esc, 6);
		} else {
			tj_raw(j, s, 1);
		}
	}
	tj_raw(j, "\"", 1);
}

/* Starts key (a string that outlives the line). */
static inline int tj_key(struct tj *j, const char *key)
{
	int i;

	for (i = 0; i < j->nkeys; i++)
		if (!strcmp(j->keys[i], key))
			trig_die("duplicate key \"%s\" in an expectation", key);
	if (j->nkeys == TRIG_KEYS_MAX)
		trig_die("more than %d keys in an expectation", TRIG_KEYS_MAX);
	if (j->nkeys)
		tj_raw(j, ",", 1);
	j->keys[j->nkeys++] = key;
	tj_qstr(j, key);
	tj_raw(j, ":", 1);
	return 1;
}

static inline void tj_int(struct tj *j, const char *key, long long v)
{
	char num[32];

	if (!tj_key(j, key))
		return;
	tj_raw(j, num, (size_t)snprintf(num, sizeof(num), "%lld", v));
}

/* A string value; NULL gives JSON null. */
static inline void tj_str(struct tj *j, const char *key, const char *s)
{
	if (!tj_key(j, key))
		return;
	if (s)
		tj_qstr(j, s);
	else
		tj_raw(j, "null", 4);
}

static inline void tj_fmt(struct tj *j, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline void tj_fmt(struct tj *j, const char *key, const char *fmt, ...)
{
	char s[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	tj_str(j, key, s);
}

/* "0x1f", the agent's HEX format. */
static inline void tj_hex(struct tj *j, const char *key, unsigned long long v)
{
	tj_fmt(j, key, "0x%llx", v);
}

/* "0644", the agent's OCT format ("0" for zero). */
static inline void tj_oct(struct tj *j, const char *key, unsigned long long v)
{
	tj_fmt(j, key, v ? "0%llo" : "0", v);
}

/* A NULL-terminated string list as a JSON array. */
static inline void tj_strv(struct tj *j, const char *key, char *const *v)
{
	int i;

	if (!tj_key(j, key))
		return;
	tj_raw(j, "[", 1);
	for (i = 0; v[i]; i++) {
		if (i)
			tj_raw(j, ",", 1);
		tj_qstr(j, v[i]);
	}
	tj_raw(j, "]", 1);
}

static inline void tj_begin(struct tj *j, const char *type, int tid)
{
	j->len = 0;
	j->nkeys = 0;
	tj_raw(j, "{", 1);
	tj_str(j, "type", type);
	tj_int(j, "tid", tid);
}

/* "res", and "errno" by name when res < 0. */
static inline void tj_res(struct tj *j, long res)
{
	const char *name;

	tj_int(j, "res", res);
	if (res >= 0)
		return;
	name = strerrorname_np((int)-res);
	if (!name)
		trig_die("no name for errno %ld", -res);
	tj_str(j, "errno", name);
}

static inline void tj_end(struct tj *j)
{
	size_t off = 0;

	tj_raw(j, "}\n", 2);
	while (off < j->len) {
		ssize_t n = write(1, j->buf + off, j->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			trig_die("writing an expectation: %s", strerror(errno));
		off += (size_t)n;
	}
}

/* ---- values as the agent prints them ---- */

struct trig_bit {
	unsigned long long bit;
	const char *name;
};

/* Names of the set bits, in table order, "|"-separated; zero -> zero_name. */
static inline const char *trig_bits(char *buf, size_t size,
				    const struct trig_bit *t, size_t n,
				    unsigned long long v, const char *zero_name)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!(v & t[i].bit))
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					len ? "|" : "", t[i].name);
		v &= ~t[i].bit;
		if (len >= size)
			trig_die("flag string too long");
	}
	if (v)
		trig_die("no name for flag bits 0x%llx", v);
	if (!len)
		snprintf(buf, size, "%s", zero_name);
	return buf;
}

#define TRIG_BITS(buf, table, v, zero)					\
	trig_bits(buf, sizeof(buf), table,				\
		  sizeof(table) / sizeof(table[0]), v, zero)

/* O_* flags: the access mode always first, then the other bits. */
static inline const char *trig_oflags(char *buf, size_t size, unsigned int f)
{
	static const struct trig_bit t[] = {
		{ 00000100, "O_CREAT" }, { 00000200, "O_EXCL" },
		{ 00000400, "O_NOCTTY" }, { 00001000, "O_TRUNC" },
		{ 00002000, "O_APPEND" }, { 00004000, "O_NONBLOCK" },
		{ 00010000, "O_DSYNC" }, { 00020000, "O_ASYNC" },
		{ 00040000, "O_DIRECT" }, { 00100000, "O_LARGEFILE" },
		{ 00200000, "O_DIRECTORY" }, { 00400000, "O_NOFOLLOW" },
		{ 01000000, "O_NOATIME" }, { 02000000, "O_CLOEXEC" },
		{ 010000000, "O_PATH" },
	};
	static const char *const acc[] = {
		"O_RDONLY", "O_WRONLY", "O_RDWR", NULL
	};
	char rest[512];
	size_t n = sizeof(t) / sizeof(t[0]);

	if (!acc[f & 3])
		trig_die("access mode 3 has no name");
	trig_bits(rest, sizeof(rest), t, n, f & ~3U, "");
	if ((size_t)snprintf(buf, size, "%s%s%s", acc[f & 3],
			     rest[0] ? "|" : "", rest) >= size)
		trig_die("flag string too long");
	return buf;
}

static inline const char *trig_signame(char *buf, size_t size, int sig)
{
	const char *abbrev = sig > 0 && sig < SIGRTMIN ? sigabbrev_np(sig) : NULL;

	if (!abbrev)
		trig_die("no name for signal %d", sig);
	snprintf(buf, size, "SIG%s", abbrev);
	return buf;
}

/* CLONE_* flags, then the exit signal (low byte) by name. */
static inline const char *trig_cloneflags(char *buf, size_t size,
					  unsigned long long f)
{
	static const struct trig_bit t[] = {
		{ 0x00000100, "CLONE_VM" }, { 0x00000200, "CLONE_FS" },
		{ 0x00000400, "CLONE_FILES" }, { 0x00000800, "CLONE_SIGHAND" },
		{ 0x00001000, "CLONE_PIDFD" }, { 0x00002000, "CLONE_PTRACE" },
		{ 0x00004000, "CLONE_VFORK" }, { 0x00008000, "CLONE_PARENT" },
		{ 0x00010000, "CLONE_THREAD" }, { 0x00020000, "CLONE_NEWNS" },
		{ 0x00040000, "CLONE_SYSVSEM" }, { 0x00080000, "CLONE_SETTLS" },
		{ 0x00100000, "CLONE_PARENT_SETTID" },
		{ 0x00200000, "CLONE_CHILD_CLEARTID" },
		{ 0x00400000, "CLONE_DETACHED" }, { 0x00800000, "CLONE_UNTRACED" },
		{ 0x01000000, "CLONE_CHILD_SETTID" },
		{ 0x02000000, "CLONE_NEWCGROUP" }, { 0x04000000, "CLONE_NEWUTS" },
		{ 0x08000000, "CLONE_NEWIPC" }, { 0x10000000, "CLONE_NEWUSER" },
		{ 0x20000000, "CLONE_NEWPID" }, { 0x40000000, "CLONE_NEWNET" },
		{ 0x80000000ULL, "CLONE_IO" },
	};
	char bits[512], sig[32];
	int s = (int)(f & 0xff);

	trig_bits(bits, sizeof(bits), t, sizeof(t) / sizeof(t[0]),
		  f & ~0xffULL, "");
	if (!s) {
		snprintf(buf, size, "%s", bits[0] ? bits : "0");
		return buf;
	}
	trig_signame(sig, sizeof(sig), s);
	if ((size_t)snprintf(buf, size, "%s%s%s", bits, bits[0] ? "|" : "",
			     sig) >= size)
		trig_die("flag string too long");
	return buf;
}

/* SOCK_* type with its flags. */
static inline const char *trig_socktype(char *buf, size_t size, int type)
{
	static const char *const base[] = {
		[SOCK_STREAM] = "SOCK_STREAM", [SOCK_DGRAM] = "SOCK_DGRAM",
		[SOCK_RAW] = "SOCK_RAW", [SOCK_SEQPACKET] = "SOCK_SEQPACKET",
	};
	int b = type & 0xf;

	if (b >= (int)(sizeof(base) / sizeof(base[0])) || !base[b] ||
	    (type & ~(0xf | SOCK_NONBLOCK | SOCK_CLOEXEC)))
		trig_die("no name for socket type 0x%x", type);
	snprintf(buf, size, "%s%s%s", base[b],
		 type & SOCK_NONBLOCK ? "|SOCK_NONBLOCK" : "",
		 type & SOCK_CLOEXEC ? "|SOCK_CLOEXEC" : "");
	return buf;
}

/* A socket address: "1.2.3.4:80", "[::1]:80", "/path", "@abstract". */
static inline const char *trig_addr(char *buf, size_t size,
				    const void *sa, socklen_t len)
{
	const struct sockaddr *s = sa;
	char ip[INET6_ADDRSTRLEN];

	if (s->sa_family == AF_INET) {
		const struct sockaddr_in *in = sa;

		inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
		snprintf(buf, size, "%s:%u", ip, ntohs(in->sin_port));
	} else if (s->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, size, "[%s]:%u", ip, ntohs(in6->sin6_port));
	} else if (s->sa_family == AF_UNIX) {
		const struct sockaddr_un *un = sa;
		size_t n = len - offsetof(struct sockaddr_un, sun_path);

		if (len <= offsetof(struct sockaddr_un, sun_path))
			trig_die("unnamed unix address has no string");
		if (un->sun_path[0] == '\0')
			snprintf(buf, size, "@%.*s", (int)n - 1, un->sun_path + 1);
		else
			snprintf(buf, size, "%.*s", (int)strnlen(un->sun_path, n),
				 un->sun_path);
	} else {
		trig_die("no string for address family %d", s->sa_family);
	}
	return buf;
}

/* ---- what the process observes about itself ---- */

static inline const char *trig_comm(char *buf)
{
	if (prctl(PR_GET_NAME, buf, 0, 0, 0))
		trig_die("PR_GET_NAME: %s", strerror(errno));
	return buf;
}

static inline const char *trig_getcwd(char *buf, size_t size)
{
	if (!getcwd(buf, size))
		trig_die("getcwd: %s", strerror(errno));
	return buf;
}

/* "dir/name" with exactly one "/" between; absolute names as given. */
static inline const char *trig_join(char *buf, size_t size, const char *dir,
				    const char *name)
{
	size_t n = strlen(dir);
	int len;

	if (name[0] == '/')
		len = snprintf(buf, size, "%s", name);
	else if (n && dir[n - 1] == '/')
		len = snprintf(buf, size, "%s%s", dir, name);
	else
		len = snprintf(buf, size, "%s/%s", dir, name);
	if (len < 0 || (size_t)len >= size)
		trig_die("path too long: %s/%s", dir, name);
	return buf;
}

/* Reads a whole small file (NUL-terminated, trailing newline kept). */
static inline const char *trig_readfile(char *buf, size_t size,
					const char *path)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		trig_die("%s: %s", path, strerror(errno));
	n = read(fd, buf, size - 1);
	if (n < 0)
		trig_die("%s: %s", path, strerror(errno));
	buf[n] = '\0';
	close(fd);
	return buf;
}

/* The path an fd refers to, as /proc/self/fd shows it (d_path). */
static inline const char *trig_fdpath(char *buf, size_t size, int fd)
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, size - 1);
	if (n < 0)
		trig_die("readlink %s: %s", link, strerror(errno));
	buf[n] = '\0';
	return buf;
}

/* loginuid as the agent prints it: -1 when unset. */
static inline long long trig_loginuid(void)
{
	char buf[32];
	unsigned long v;

	trig_readfile(buf, sizeof(buf), "/proc/self/loginuid");
	v = strtoul(buf, NULL, 10);
	return v == 4294967295UL ? -1 : (long long)v;
}

/*
 * The header fields of the calling thread as the module reports them:
 * pid (tgid), ppid, uids and gids, loginuid and comm.
 */
static inline void tj_header(struct tj *j)
{
	char comm[17] = "";
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	if (getresuid(&ru, &eu, &su) || getresgid(&rg, &eg, &sg))
		trig_die("getres[ug]id: %s", strerror(errno));
	tj_int(j, "pid", getpid());
	tj_int(j, "ppid", getppid());
	tj_int(j, "uid", ru);
	tj_int(j, "gid", rg);
	tj_int(j, "euid", eu);
	tj_int(j, "egid", eg);
	tj_int(j, "loginuid", trig_loginuid());
	tj_str(j, "comm", trig_comm(comm));
}

/* Waits for pid and checks how it ended; returns the wait status. */
static inline int trig_wait(pid_t pid, int want_status)
{
	int st;

	while (waitpid(pid, &st, __WALL) < 0)
		if (errno != EINTR)
			trig_die("waitpid %d: %s", pid, strerror(errno));
	if (want_status >= 0 && st != want_status)
		trig_die("child %d ended with status 0x%x, want 0x%x", pid, st,
			 want_status);
	return st;
}

/* A pid that no process has: a child that was reaped. */
static inline pid_t trig_dead_pid(void)
{
	pid_t pid = fork();

	if (pid < 0)
		trig_die("fork: %s", strerror(errno));
	if (!pid)
		_exit(0);
	trig_wait(pid, 0);
	return pid;
}

/*
 * An fd number that is not open and that no open() will hand out: a high
 * duplicate (dup2, close: both recorded) that was closed again.
 */
static inline int trig_closed_fd(void)
{
	static int next = 900;
	int fd = next++;

	if (dup2(2, fd) != fd || close(fd))
		trig_die("dup2/close: %s", strerror(errno));
	return fd;
}

#endif /* TRIG_H */
