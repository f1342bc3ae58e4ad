// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Decoder tests: records are built here field by field with the
 * generated payload structs, decoded to JSON and compared key by key with
 * the values that were put in.  Flag and errno names are checked against
 * the C library's and kernel headers' own constants.
 */
#include <asm/unistd.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/openat2.h>
#include <linux/memfd.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <time.h>

#include "decode.h"
#include "names.h"
#include "suites.h"

#define HDR	sizeof(struct vigil_event)

struct rec {
	union {
		struct vigil_event ev;
		unsigned char b[8192];
	} u;
	size_t var;		/* next free byte after the payload */
};

static void *rec_init(struct rec *r, __u16 type, size_t payload, __u32 nr)
{
	memset(r, 0, sizeof(*r));
	r->u.ev.type = type;
	r->u.ev.nr = nr;
	r->u.ev.ts_ns = 5000000123ULL;
	r->u.ev.res = 0;
	r->u.ev.tid = 1234;
	r->u.ev.tgid = 1200;
	r->u.ev.ppid = 1;
	r->u.ev.uid = 1000;
	r->u.ev.gid = 1001;
	r->u.ev.euid = 1002;
	r->u.ev.egid = 1003;
	r->u.ev.loginuid = 1004;
	r->u.ev.cpu = 1;
	memcpy(r->u.ev.comm, "cat", 3);
	r->var = HDR + payload;
	r->u.ev.len = (__u32)r->var;
	return r->u.b + HDR;
}

#define REC_INIT(r, T, name, nr) \
	((struct vigil_ev_##name *)rec_init(r, VIGIL_EV_##T, \
					    sizeof(struct vigil_ev_##name), nr))

/* Append n bytes (and the NUL the kernel writes) and point s at them. */
static void rec_str(struct rec *r, struct vigil_str *s, const void *p,
		    size_t n)
{
	s->off = (__u16)r->var;
	s->len = (__u16)n;
	memcpy(r->u.b + r->var, p, n);
	r->u.b[r->var + n] = '\0';
	r->var += n + 1;
	r->u.ev.len = (__u32)((r->var + 7) & ~7UL);
}

static void rec_unix(struct rec *r, struct vigil_sockaddr *sa, const void *p,
		     size_t n)
{
	struct vigil_str s;

	sa->family = AF_UNIX;
	rec_str(r, &s, p, n);
	sa->path_off = s.off;
	sa->path_len = s.len;
}

static json_t *decode(struct rec *r, unsigned int *invalid)
{
	json_t *j;

	*invalid = 0;
	j = vigil_decode_json(&r->u.ev, 0, invalid);
	ck_assert_ptr_nonnull(j);
	return j;
}

static void want_int(json_t *o, const char *key, long long v)
{
	json_t *j = json_object_get(o, key);

	ck_assert_msg(json_is_integer(j), "%s is not an integer", key);
	ck_assert_msg(json_integer_value(j) == v, "%s: %lld, want %lld", key,
		      (long long)json_integer_value(j), v);
}

static void want_str(json_t *o, const char *key, const char *s)
{
	json_t *j = json_object_get(o, key);

	ck_assert_msg(json_is_string(j), "%s is not a string", key);
	ck_assert_msg(!strcmp(json_string_value(j), s), "%s: '%s', want '%s'",
		      key, json_string_value(j), s);
}

static void want_null(json_t *o, const char *key)
{
	ck_assert_msg(json_is_null(json_object_get(o, key)), "%s not null",
		      key);
}

static void want_absent(json_t *o, const char *key)
{
	ck_assert_msg(!json_object_get(o, key), "%s present", key);
}

/* The object's keys, in order, are exactly keys[]. */
static void want_keys(json_t *o, const char *const *keys, size_t n)
{
	void *it = json_object_iter(o);
	size_t i;

	for (i = 0; i < n; i++, it = json_object_iter_next(o, it)) {
		ck_assert_msg(it != NULL, "key %zu (%s) missing", i, keys[i]);
		ck_assert_msg(!strcmp(json_object_iter_key(it), keys[i]),
			      "key %zu: %s, want %s", i,
			      json_object_iter_key(it), keys[i]);
	}
	ck_assert_msg(it == NULL, "extra key %s", json_object_iter_key(it));
}

#define WANT_KEYS(o, ...) do { \
	static const char *const k_[] = { __VA_ARGS__ }; \
	want_keys(o, k_, sizeof(k_) / sizeof(k_[0])); \
} while (0)

/* ---- the type table ---- */

struct type_case {
	unsigned int type;
	const char *name;
	__u32 nr;
	size_t payload;
	unsigned int nr_fields;
};

static const struct type_case type_cases[] = {
	{ VIGIL_EV_EXECVE, "execve", __NR_execve,
	  sizeof(struct vigil_ev_execve), 11 },
	{ VIGIL_EV_OPENAT, "openat", __NR_openat,
	  sizeof(struct vigil_ev_openat), 6 },
	{ VIGIL_EV_CONNECT, "connect", __NR_connect,
	  sizeof(struct vigil_ev_connect), 4 },
	{ VIGIL_EV_CLOSE, "close", __NR_close, sizeof(struct vigil_ev_close),
	  1 },
	{ VIGIL_EV_GENERIC, "syscall", VIGIL_NR_NONE,
	  sizeof(struct vigil_ev_syscall), 6 },
	{ VIGIL_EV_SCHED_FORK, "sched_fork", VIGIL_NR_SCHED_FORK,
	  sizeof(struct vigil_ev_sched_fork), 4 },
	{ VIGIL_EV_PROCEXIT, "procexit", VIGIL_NR_PROCEXIT,
	  sizeof(struct vigil_ev_procexit), 1 },
};

START_TEST(test_type_table)
{
	const struct type_case *c = &type_cases[_i];
	const struct vigil_type_desc *td = vigil_type_desc(c->type);

	ck_assert_ptr_nonnull(td);
	ck_assert_str_eq(td->name, c->name);
	ck_assert_uint_eq(td->nr, c->nr);
	ck_assert_uint_eq(td->payload_size, c->payload);
	ck_assert_uint_eq(td->nr_fields, c->nr_fields);
	ck_assert_int_eq(vigil_type_by_name(c->name), (int)c->type);
	ck_assert_uint_eq(vigil_rec_min_len(c->type), HDR + c->payload);
}
END_TEST

static void td_check_by_name(void)
{
	const struct vigil_type_desc *td = vigil_type_desc(VIGIL_EV_MMAP);
	const struct vigil_field_desc *f = vigil_field_by_name(td, "prot");

	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "prot");
	ck_assert_uint_eq(f->off, offsetof(struct vigil_ev_mmap, prot));
	ck_assert_uint_eq(f->kind, VIGIL_KIND_U64);
	ck_assert_uint_eq(f->fmt, VIGIL_FMT_PROT);
	ck_assert_ptr_null(vigil_field_by_name(td, "nosuch"));
}

START_TEST(test_type_table_all)
{
	unsigned int t;

	ck_assert_ptr_null(vigil_type_desc(VIGIL_EV_PAD));
	ck_assert_ptr_null(vigil_type_desc(VIGIL_EV_MAX));
	ck_assert_uint_eq(vigil_rec_min_len(VIGIL_EV_PAD), 0);
	ck_assert_int_eq(vigil_type_by_name("nosuch"), -ENOENT);
	for (t = 1; t < VIGIL_EV_MAX; t++) {
		const struct vigil_type_desc *td = vigil_type_desc(t);
		__u32 i, off = 0;

		ck_assert_int_eq(vigil_type_by_name(td->name), (int)t);
		/* Fields are packed in order: 8 bytes, or 24 for ADDR. */
		for (i = 0; i < td->nr_fields; i++) {
			ck_assert_uint_eq(td->fields[i].off, off);
			off += td->fields[i].kind == VIGIL_KIND_ADDR ? 24 : 8;
		}
		ck_assert_uint_eq(off, td->payload_size);
	}
	td_check_by_name();
	/* Spot checks of offsets against the generated structs. */
	ck_assert_uint_eq(vigil_type_desc(VIGIL_EV_OPENAT)->fields[2].off,
			  offsetof(struct vigil_ev_openat, flags));
	ck_assert_uint_eq(vigil_type_desc(VIGIL_EV_CONNECT)->fields[3].off,
			  offsetof(struct vigil_ev_connect, remote));
}
END_TEST

/* ---- header ---- */

START_TEST(test_header)
{
	struct tm tm = { .tm_year = 2026 - 1900, .tm_mon = 10, .tm_mday = 22,
			 .tm_hour = 23, .tm_min = 59, .tm_sec = 1 };
	__u64 secs = (__u64)timegm(&tm);
	struct vigil_ev_openat *p;
	unsigned int invalid;
	struct rec r;
	json_t *o;

	p = REC_INIT(&r, OPENAT, openat, __NR_openat);
	r.u.ev.ts_ns = 5 * 1000000000ULL + 123456789;
	r.u.ev.res = -ENOENT;
	p->dirfd = AT_FDCWD;
	rec_str(&r, &p->name, "/etc/shadow", 11);
	p->flags = O_RDONLY | O_CLOEXEC;
	p->mode = 0;
	invalid = 0;
	o = vigil_decode_json(&r.u.ev, (secs - 5) * 1000000000ULL, &invalid);
	ck_assert_ptr_nonnull(o);
	ck_assert_uint_eq(invalid, 0);
	WANT_KEYS(o, "time", "ts", "cpu", "type", "nr", "tid", "pid", "ppid",
		  "uid", "gid", "euid", "egid", "loginuid", "comm", "res",
		  "errno", "dirfd", "name", "flags", "mode", "dev", "ino");
	want_str(o, "time", "2026-11-22T23:59:01.123456789Z");
	want_int(o, "ts", 5123456789LL);
	want_int(o, "cpu", 1);
	want_str(o, "type", "openat");
	want_int(o, "nr", __NR_openat);
	want_int(o, "tid", 1234);
	want_int(o, "pid", 1200);
	want_int(o, "ppid", 1);
	want_int(o, "uid", 1000);
	want_int(o, "gid", 1001);
	want_int(o, "euid", 1002);
	want_int(o, "egid", 1003);
	want_int(o, "loginuid", 1004);
	want_str(o, "comm", "cat");
	want_int(o, "res", -ENOENT);
	want_str(o, "errno", "ENOENT");
	want_int(o, "dirfd", AT_FDCWD);
	want_str(o, "name", "/etc/shadow");
	want_str(o, "flags", "O_RDONLY|O_CLOEXEC");
	want_str(o, "mode", "0");
	want_int(o, "dev", 0);
	want_int(o, "ino", 0);
	json_decref(o);
}
END_TEST

struct hdr_case {
	const char *what;
	unsigned int type;
	__s64 res;
	__u32 loginuid;
	__u16 flags;
	const char *errno_name;	/* NULL: no "errno" key */
	long long loginuid_json;
};

static const struct hdr_case hdr_cases[] = {
	{ "success", VIGIL_EV_CLOSE, 0, 0, 0, NULL, 0 },
	{ "EBADF", VIGIL_EV_CLOSE, -EBADF, 0, 0, "EBADF", 0 },
	{ "restart code", VIGIL_EV_CLOSE, -512, 0, 0, "ERESTARTSYS", 0 },
	{ "unnamed errno", VIGIL_EV_CLOSE, -300, 0, 0, "300", 0 },
	{ "not an errno", VIGIL_EV_CLOSE, -5000, 0, 0, NULL, 0 },
	{ "loginuid unset", VIGIL_EV_CLOSE, 0, 0xffffffffu, 0, NULL, -1 },
	{ "loginuid set", VIGIL_EV_CLOSE, 0, 4242, 0, NULL, 4242 },
	{ "procexit: no errno", VIGIL_EV_PROCEXIT, -ENOENT, 0, 0, NULL, 0 },
	{ "sched_fork: no errno", VIGIL_EV_SCHED_FORK, -1, 0, 0, NULL, 0 },
	{ "generic syscall errno", VIGIL_EV_GENERIC, -EPERM, 0, 0, "EPERM",
	  0 },
	{ "truncated", VIGIL_EV_CLOSE, 0, 0, VIGIL_EVF_TRUNCATED, NULL, 0 },
	{ "truncated and fault", VIGIL_EV_CLOSE, 0, 0,
	  VIGIL_EVF_TRUNCATED | VIGIL_EVF_FAULT, NULL, 0 },
	{ "unknown flag", VIGIL_EV_CLOSE, 0, 0, 0x100, NULL, 0 },
	{ "flags with a payload flags field", VIGIL_EV_OPENAT, 0, 0,
	  VIGIL_EVF_FAULT, NULL, 0 },
};

START_TEST(test_header_cases)
{
	const struct hdr_case *c = &hdr_cases[_i];
	const struct vigil_type_desc *td = vigil_type_desc(c->type);
	const char *fkey = c->type == VIGIL_EV_OPENAT ? "evflags" : "flags";
	unsigned int invalid;
	struct rec r;
	json_t *o, *fl;

	rec_init(&r, (__u16)c->type, td->payload_size, td->nr);
	r.u.ev.res = c->res;
	r.u.ev.loginuid = c->loginuid;
	r.u.ev.flags = c->flags;
	o = decode(&r, &invalid);
	want_int(o, "res", c->res);
	want_int(o, "loginuid", c->loginuid_json);
	if (c->errno_name)
		want_str(o, "errno", c->errno_name);
	else
		want_absent(o, "errno");
	fl = json_object_get(o, fkey);
	if (!c->flags) {
		if (c->type != VIGIL_EV_OPENAT)
			want_absent(o, "flags");
		want_absent(o, "evflags");
	} else {
		size_t n = 0;

		ck_assert_msg(json_is_array(fl), "%s: %s", c->what, fkey);
		if (c->flags & VIGIL_EVF_TRUNCATED)
			ck_assert_str_eq(json_string_value(
				json_array_get(fl, n++)), "truncated");
		if (c->flags & VIGIL_EVF_FAULT)
			ck_assert_str_eq(json_string_value(
				json_array_get(fl, n++)), "fault");
		if (c->flags & 0x100)
			ck_assert_str_eq(json_string_value(
				json_array_get(fl, n++)), "0x100");
		ck_assert_uint_eq(json_array_size(fl), n);
	}
	ck_assert_uint_eq(invalid, 0);
	json_decref(o);
}
END_TEST

/* ---- names ---- */

struct name_case {
	unsigned int fmt;
	__u64 v;
	const char *want;
};

static const struct name_case name_cases[] = {
	{ VIGIL_FMT_OFLAGS, 0, "O_RDONLY" },
	{ VIGIL_FMT_OFLAGS, O_WRONLY | O_CREAT | O_TRUNC,
	  "O_WRONLY|O_CREAT|O_TRUNC" },
	{ VIGIL_FMT_OFLAGS, O_RDWR | O_APPEND | O_NONBLOCK | O_CLOEXEC,
	  "O_RDWR|O_APPEND|O_NONBLOCK|O_CLOEXEC" },
	{ VIGIL_FMT_OFLAGS, O_RDONLY | O_DIRECTORY | O_NOFOLLOW,
	  "O_RDONLY|O_DIRECTORY|O_NOFOLLOW" },
	{ VIGIL_FMT_OFLAGS, O_WRONLY | O_SYNC, "O_WRONLY|O_SYNC" },
	{ VIGIL_FMT_OFLAGS, O_WRONLY | O_DSYNC, "O_WRONLY|O_DSYNC" },
	{ VIGIL_FMT_OFLAGS, O_RDWR | O_TMPFILE, "O_RDWR|O_TMPFILE" },
	{ VIGIL_FMT_OFLAGS, O_PATH | O_CLOEXEC, "O_RDONLY|O_CLOEXEC|O_PATH" },
	{ VIGIL_FMT_OFLAGS, O_RDONLY | 0100000, "O_RDONLY|O_LARGEFILE" },
	{ VIGIL_FMT_OFLAGS, O_EXCL | O_NOCTTY | O_DIRECT | O_NOATIME,
	  "O_RDONLY|O_EXCL|O_NOCTTY|O_DIRECT|O_NOATIME" },
	{ VIGIL_FMT_OFLAGS, O_RDONLY | 0x40000000, "O_RDONLY|0x40000000" },
	{ VIGIL_FMT_OFLAGS, 3, "0x3" },
	{ VIGIL_FMT_ATF, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH,
	  "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH" },
	{ VIGIL_FMT_ATF, AT_REMOVEDIR, "AT_REMOVEDIR" },
	{ VIGIL_FMT_ATF, 0, "0" },
	{ VIGIL_FMT_CLONEF, CLONE_VM | CLONE_VFORK | SIGCHLD,
	  "CLONE_VM|CLONE_VFORK|SIGCHLD" },
	{ VIGIL_FMT_CLONEF, SIGCHLD, "SIGCHLD" },
	{ VIGIL_FMT_CLONEF, 0, "0" },
	{ VIGIL_FMT_CLONEF, CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID,
	  "CLONE_NEWNS|CLONE_NEWUSER|CLONE_NEWPID" },
	{ VIGIL_FMT_CLONEF, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM |
	  CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | CLONE_SETTLS |
	  CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID,
	  "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|"
	  "CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|"
	  "CLONE_CHILD_CLEARTID" },
	{ VIGIL_FMT_CLONEF, 0x80, "CLONE_NEWTIME" },
	{ VIGIL_FMT_MOUNTF, MS_BIND | MS_REC, "MS_BIND|MS_REC" },
	{ VIGIL_FMT_MOUNTF, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
	  "MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC" },
	{ VIGIL_FMT_MOUNTF, MS_MGC_VAL | MS_REMOUNT, "MS_REMOUNT|MS_MGC_VAL" },
	{ VIGIL_FMT_MOUNTF, 0, "0" },
	{ VIGIL_FMT_RENAMEF, 1, "RENAME_NOREPLACE" },
	{ VIGIL_FMT_RENAMEF, 2 | 4, "RENAME_EXCHANGE|RENAME_WHITEOUT" },
	{ VIGIL_FMT_MFDF, MFD_CLOEXEC | MFD_ALLOW_SEALING,
	  "MFD_CLOEXEC|MFD_ALLOW_SEALING" },
	{ VIGIL_FMT_MFDF, MFD_HUGETLB, "MFD_HUGETLB" },
	{ VIGIL_FMT_MFDF, 8 | 0x10, "MFD_NOEXEC_SEAL|MFD_EXEC" },
	{ VIGIL_FMT_PROT, PROT_NONE, "PROT_NONE" },
	{ VIGIL_FMT_PROT, PROT_READ | PROT_EXEC, "PROT_READ|PROT_EXEC" },
	{ VIGIL_FMT_PROT, PROT_READ | PROT_WRITE | PROT_EXEC,
	  "PROT_READ|PROT_WRITE|PROT_EXEC" },
	{ VIGIL_FMT_MAPF, MAP_PRIVATE | MAP_ANONYMOUS,
	  "MAP_PRIVATE|MAP_ANONYMOUS" },
	{ VIGIL_FMT_MAPF, MAP_SHARED | MAP_FIXED, "MAP_SHARED|MAP_FIXED" },
	{ VIGIL_FMT_MAPF, MAP_PRIVATE | MAP_DENYWRITE | MAP_FIXED_NOREPLACE,
	  "MAP_PRIVATE|MAP_DENYWRITE|MAP_FIXED_NOREPLACE" },
	{ VIGIL_FMT_SOCKTYPE, SOCK_STREAM, "SOCK_STREAM" },
	{ VIGIL_FMT_SOCKTYPE, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	  "SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC" },
	{ VIGIL_FMT_SOCKTYPE, SOCK_RAW, "SOCK_RAW" },
	{ VIGIL_FMT_SOCKTYPE, SOCK_SEQPACKET, "SOCK_SEQPACKET" },
	{ VIGIL_FMT_SOCKTYPE, SOCK_PACKET, "SOCK_PACKET" },
	{ VIGIL_FMT_SOCKTYPE, 0, "0" },
	{ VIGIL_FMT_SIG, SIGKILL, "SIGKILL" },
	{ VIGIL_FMT_SIG, SIGTERM, "SIGTERM" },
	{ VIGIL_FMT_SIG, SIGSYS, "SIGSYS" },
	{ VIGIL_FMT_SIG, 35, "SIGRTMIN+3" },
	{ VIGIL_FMT_SIG, 0, "0" },
	{ VIGIL_FMT_SIG, 99, "99" },
	{ VIGIL_FMT_FAMILY, AF_INET, "AF_INET" },
	{ VIGIL_FMT_FAMILY, AF_INET6, "AF_INET6" },
	{ VIGIL_FMT_FAMILY, AF_UNIX, "AF_UNIX" },
	{ VIGIL_FMT_FAMILY, AF_PACKET, "AF_PACKET" },
	{ VIGIL_FMT_FAMILY, AF_NETLINK, "AF_NETLINK" },
	{ VIGIL_FMT_FAMILY, AF_VSOCK, "AF_VSOCK" },
	{ VIGIL_FMT_FAMILY, 200, "200" },
	{ VIGIL_FMT_PTRACE, PTRACE_TRACEME, "PTRACE_TRACEME" },
	{ VIGIL_FMT_PTRACE, PTRACE_ATTACH, "PTRACE_ATTACH" },
	{ VIGIL_FMT_PTRACE, PTRACE_PEEKDATA, "PTRACE_PEEKDATA" },
	{ VIGIL_FMT_PTRACE, PTRACE_POKETEXT, "PTRACE_POKETEXT" },
	{ VIGIL_FMT_PTRACE, PTRACE_SEIZE, "PTRACE_SEIZE" },
	{ VIGIL_FMT_PTRACE, PTRACE_GET_SYSCALL_INFO,
	  "PTRACE_GET_SYSCALL_INFO" },
	{ VIGIL_FMT_PRCTL, PR_SET_NAME, "PR_SET_NAME" },
	{ VIGIL_FMT_PRCTL, PR_SET_DUMPABLE, "PR_SET_DUMPABLE" },
	{ VIGIL_FMT_PRCTL, PR_SET_NO_NEW_PRIVS, "PR_SET_NO_NEW_PRIVS" },
	{ VIGIL_FMT_PRCTL, PR_CAP_AMBIENT, "PR_CAP_AMBIENT" },
	{ VIGIL_FMT_PRCTL, PR_SET_PTRACER, "PR_SET_PTRACER" },
	{ VIGIL_FMT_PRCTL, (__u64)-1, "-1" },
	{ VIGIL_FMT_BPFCMD, BPF_MAP_CREATE, "BPF_MAP_CREATE" },
	{ VIGIL_FMT_BPFCMD, BPF_PROG_LOAD, "BPF_PROG_LOAD" },
	{ VIGIL_FMT_BPFCMD, BPF_BTF_LOAD, "BPF_BTF_LOAD" },
	{ VIGIL_FMT_BPFCMD, BPF_LINK_CREATE, "BPF_LINK_CREATE" },
	{ VIGIL_FMT_BPFCMD, BPF_PROG_BIND_MAP, "BPF_PROG_BIND_MAP" },
	{ VIGIL_FMT_FCNTL, F_DUPFD, "F_DUPFD" },
	{ VIGIL_FMT_FCNTL, F_DUPFD_CLOEXEC, "F_DUPFD_CLOEXEC" },
	{ VIGIL_FMT_FCNTL, F_SETFL, "F_SETFL" },
	{ VIGIL_FMT_FCNTL, F_ADD_SEALS, "F_ADD_SEALS" },
	{ VIGIL_FMT_FCNTL, 7777, "7777" },
	/* Names and order of Falco's umount_flags and openat2_flags tables. */
	{ VIGIL_FMT_UMOUNTF, MNT_DETACH, "DETACH" },
	{ VIGIL_FMT_UMOUNTF, MNT_FORCE | UMOUNT_NOFOLLOW, "FORCE|NOFOLLOW" },
	{ VIGIL_FMT_UMOUNTF, 0, "0" },
	{ VIGIL_FMT_RESOLVEF, RESOLVE_BENEATH, "RESOLVE_BENEATH" },
	{ VIGIL_FMT_RESOLVEF, RESOLVE_NO_XDEV | RESOLVE_BENEATH,
	  "RESOLVE_BENEATH|RESOLVE_NO_XDEV" },
	{ VIGIL_FMT_RESOLVEF, RESOLVE_CACHED | 0x40, "RESOLVE_CACHED|0x40" },
	{ VIGIL_FMT_RESOLVEF, 0, "0" },
	/* linux/module.h's MODULE_INIT_* names, an unknown bit in hex. */
	{ VIGIL_FMT_MODINITF, 2, "MODULE_INIT_IGNORE_VERMAGIC" },
	{ VIGIL_FMT_MODINITF, 1 | 4,
	  "MODULE_INIT_IGNORE_MODVERSIONS|MODULE_INIT_COMPRESSED_FILE" },
	{ VIGIL_FMT_MODINITF, 2 | 0x10, "MODULE_INIT_IGNORE_VERMAGIC|0x10" },
	{ VIGIL_FMT_MODINITF, 0, "0" },
};

START_TEST(test_names)
{
	const struct name_case *c = &name_cases[_i];
	char buf[VIGIL_NAMES_BUF];
	int n;

	n = vigil_names_format(c->fmt, c->v, buf, sizeof(buf));
	ck_assert_msg(n == (int)strlen(c->want) && !strcmp(buf, c->want),
		      "fmt %u value 0x%llx: '%s', want '%s'", c->fmt,
		      (unsigned long long)c->v, buf, c->want);
}
END_TEST

START_TEST(test_names_limits)
{
	char small[8];

	ck_assert_int_eq(vigil_names_format(VIGIL_FMT_DEC, 1, small,
					    sizeof(small)), -EINVAL);
	ck_assert_int_eq(vigil_names_format(VIGIL_FMT_OFLAGS,
					    O_WRONLY | O_CREAT, small,
					    sizeof(small)), -ENOSPC);
	ck_assert_uint_lt(strlen(small), sizeof(small));
}
END_TEST

START_TEST(test_mode_format)
{
	char buf[VIGIL_NAMES_BUF], small[8];

	ck_assert_int_gt(vigil_mode_format(04755, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR|S_ISUID");
	/* mesg's fchmod(fd, st_mode & ~S_IWGRP) on a tty: S_IFCHR dropped */
	ck_assert_int_gt(vigil_mode_format(020600, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "S_IWUSR|S_IRUSR");
	ck_assert_int_gt(vigil_mode_format(0102000, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "S_ISGID");
	ck_assert_int_eq(vigil_mode_format(010000, buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, "0");
	ck_assert_int_eq(vigil_mode_format(0644, small, sizeof(small)), -ENOSPC);
	ck_assert_uint_lt(strlen(small), sizeof(small));
}
END_TEST

static const struct {
	int err;
	const char *name;
} errno_cases[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
	{ EBADF, "EBADF" }, { EAGAIN, "EAGAIN" }, { EACCES, "EACCES" },
	{ EFAULT, "EFAULT" }, { EEXIST, "EEXIST" }, { ENOTDIR, "ENOTDIR" },
	{ EINVAL, "EINVAL" }, { EMFILE, "EMFILE" }, { ENOSPC, "ENOSPC" },
	{ EPIPE, "EPIPE" }, { ENAMETOOLONG, "ENAMETOOLONG" },
	{ ENOSYS, "ENOSYS" }, { ELOOP, "ELOOP" }, { EPROTO, "EPROTO" },
	{ EOVERFLOW, "EOVERFLOW" }, { EILSEQ, "EILSEQ" },
	{ ENOTSOCK, "ENOTSOCK" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ EAFNOSUPPORT, "EAFNOSUPPORT" }, { EADDRINUSE, "EADDRINUSE" },
	{ ECONNRESET, "ECONNRESET" }, { ETIMEDOUT, "ETIMEDOUT" },
	{ ECONNREFUSED, "ECONNREFUSED" }, { EHOSTUNREACH, "EHOSTUNREACH" },
	{ EINPROGRESS, "EINPROGRESS" }, { ESTALE, "ESTALE" },
	{ EDQUOT, "EDQUOT" }, { ECANCELED, "ECANCELED" },
	{ EKEYREJECTED, "EKEYREJECTED" }, { EOWNERDEAD, "EOWNERDEAD" },
	{ ERFKILL, "ERFKILL" }, { EHWPOISON, "EHWPOISON" },
};

START_TEST(test_errno_names)
{
	const char *name = vigil_errno_name(errno_cases[_i].err);

	ck_assert_ptr_nonnull(name);
	ck_assert_str_eq(name, errno_cases[_i].name);
}
END_TEST

/* ---- payload fields ---- */

START_TEST(test_numbers)
{
	struct vigil_ev_mmap *m;
	struct vigil_ev_syscall *g;
	unsigned int invalid;
	struct rec r;
	json_t *o;

	m = REC_INIT(&r, MMAP, mmap, __NR_mmap);
	r.u.ev.res = 0x7f0000001000LL;
	m->addr = 0;
	m->len = 8192;
	m->prot = PROT_READ | PROT_EXEC;
	m->flags = MAP_PRIVATE | MAP_DENYWRITE;
	m->fd = 3;
	m->offset = 0xffffffffffff0000ULL;	/* above INT64_MAX */
	rec_str(&r, &m->name, "/usr/lib/libc.so.6", 18);
	o = decode(&r, &invalid);
	WANT_KEYS(o, "time", "ts", "cpu", "type", "nr", "tid", "pid", "ppid",
		  "uid", "gid", "euid", "egid", "loginuid", "comm", "res",
		  "addr", "len", "prot", "flags", "fd", "offset", "name");
	want_int(o, "res", 0x7f0000001000LL);
	want_str(o, "addr", "0x0");
	want_int(o, "len", 8192);
	want_str(o, "prot", "PROT_READ|PROT_EXEC");
	want_str(o, "flags", "MAP_PRIVATE|MAP_DENYWRITE");
	want_int(o, "fd", 3);
	want_str(o, "offset", "18446744073709486080");
	want_str(o, "name", "/usr/lib/libc.so.6");
	ck_assert_uint_eq(invalid, 0);
	json_decref(o);

	g = REC_INIT(&r, GENERIC, syscall, 39);
	g->arg0 = 0x1f;
	g->arg5 = 0xffffffffffffffffULL;
	r.u.ev.res = 77;
	o = decode(&r, &invalid);
	want_str(o, "type", "syscall");
	want_int(o, "nr", 39);
	want_str(o, "arg0", "0x1f");
	want_str(o, "arg1", "0x0");
	want_str(o, "arg5", "0xffffffffffffffff");
	json_decref(o);
}
END_TEST

START_TEST(test_collisions)
{
	struct vigil_ev_setuid *su;
	struct vigil_ev_socket *so;
	struct vigil_ev_kill *k;
	unsigned int invalid;
	struct rec r;
	json_t *o;

	su = REC_INIT(&r, SETUID, setuid, __NR_setuid);
	su->uid = 0;
	o = decode(&r, &invalid);
	want_int(o, "uid", 1000);		/* the header's */
	want_int(o, "arg.uid", 0);		/* the argument */
	json_decref(o);

	so = REC_INIT(&r, SOCKET, socket, __NR_socket);
	so->domain = AF_INET6;
	so->type = SOCK_STREAM | SOCK_CLOEXEC;
	so->protocol = 6;
	o = decode(&r, &invalid);
	want_str(o, "type", "socket");
	want_str(o, "domain", "AF_INET6");
	want_str(o, "arg.type", "SOCK_STREAM|SOCK_CLOEXEC");
	want_int(o, "protocol", 6);
	json_decref(o);

	k = REC_INIT(&r, KILL, kill, __NR_kill);
	k->pid = -1;
	k->sig = SIGKILL;
	o = decode(&r, &invalid);
	want_int(o, "pid", 1200);
	want_int(o, "arg.pid", -1);
	want_str(o, "sig", "SIGKILL");
	json_decref(o);
}
END_TEST

START_TEST(test_oct_dev)
{
	struct vigil_ev_openat *p;
	unsigned int invalid;
	struct rec r;
	json_t *o;

	p = REC_INIT(&r, OPENAT, openat, __NR_openat);
	p->dirfd = 5;
	p->flags = O_WRONLY | O_CREAT | O_EXCL;
	p->mode = 0644;
	p->dev = (8 << 20) | 1;
	p->ino = 131074;
	r.u.ev.res = 4;
	o = decode(&r, &invalid);
	want_null(o, "name");			/* off == 0: absent */
	want_str(o, "flags", "O_WRONLY|O_CREAT|O_EXCL");
	want_str(o, "mode", "0644");
	want_int(o, "dev", (8 << 20) | 1);
	want_int(o, "ino", 131074);
	want_int(o, "dirfd", 5);
	want_absent(o, "errno");
	ck_assert_uint_eq(invalid, 0);
	json_decref(o);
}
END_TEST

/* A STR field whose offset/length are wrong decodes as null, counted. */
struct str_case {
	const char *what;
	int off_delta;		/* added to the valid offset */
	int len_delta;		/* added to the valid length */
	int set_off;		/* >= 0: use this offset instead */
	int want_invalid;
};

static const struct str_case str_cases[] = {
	{ "valid", 0, 0, -1, 0 },
	{ "absent", 0, 0, 0, 0 },
	{ "offset inside the header", 0, 0, 16, 1 },
	{ "offset inside the payload", 0, 0, HDR + 4, 1 },
	{ "offset past the record", 4096, 0, -1, 1 },
	{ "length past the record", 0, 40, -1, 1 },
	{ "no room for the NUL", 0, 0, -2, 1 },
	{ "maximum length", 0, 65535 - 11, -1, 1 },
	{ "maximum offset", 0, 0, 65535, 1 },
};

START_TEST(test_str_bounds)
{
	const struct str_case *c = &str_cases[_i];
	struct vigil_ev_unlink *u;
	unsigned int invalid;
	const char *p;
	struct rec r;
	size_t n;
	json_t *o;
	int err;

	u = REC_INIT(&r, UNLINK, unlink, __NR_unlink);
	rec_str(&r, &u->name, "/tmp/abc/de", 11);
	u->name.off += c->off_delta;
	u->name.len += c->len_delta;
	if (c->set_off >= 0)
		u->name.off = (__u16)c->set_off;
	if (c->set_off == -2) {
		/* Bytes end exactly at the record's end: no NUL inside. */
		u->name.off = (__u16)(HDR + sizeof(*u));
		u->name.len = (__u16)(r.u.ev.len - u->name.off);
	}
	/* The same bounds without the field's descriptor. */
	err = vigil_str_bytes(&r.u.ev, &u->name, &p, &n);
	if (c->set_off == 0)
		ck_assert_int_eq(err, -ENOENT);
	else if (c->want_invalid)
		ck_assert_msg(err == -EINVAL, "%s: %d", c->what, err);
	else
		ck_assert(err == 0 && n == 11 && !memcmp(p, "/tmp/abc/de", 11));
	o = decode(&r, &invalid);
	if (c->want_invalid || c->set_off == 0)
		want_null(o, "name");
	else
		want_str(o, "name", "/tmp/abc/de");
	ck_assert_msg(invalid == (unsigned int)c->want_invalid,
		      "%s: invalid %u", c->what, invalid);
	json_decref(o);
}
END_TEST

struct utf8_case {
	const char *in;
	size_t n;
	const char *want;
};

static const struct utf8_case utf8_cases[] = {
	{ "plain", 5, "plain" },
	{ "caf\xc3\xa9", 5, "caf\xc3\xa9" },
	{ "\xe2\x82\xac 5", 5, "\xe2\x82\xac 5" },
	{ "\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80" },
	{ "a\xff" "b", 3, "a\\xffb" },
	{ "\xc0\xaf", 2, "\\xc0\\xaf" },			/* overlong */
	{ "\xed\xa0\x80", 3, "\\xed\\xa0\\x80" },		/* surrogate */
	{ "\xf4\x90\x80\x80", 4, "\\xf4\\x90\\x80\\x80" },	/* > 10FFFF */
	{ "x\xe2\x82", 3, "x\\xe2\\x82" },			/* cut short */
	{ "\x80", 1, "\\x80" },
};

START_TEST(test_utf8)
{
	const struct utf8_case *c = &utf8_cases[_i];
	struct vigil_ev_chdir *cd;
	unsigned int invalid;
	struct rec r;
	json_t *o;

	cd = REC_INIT(&r, CHDIR, chdir, __NR_chdir);
	rec_str(&r, &cd->path, c->in, c->n);
	o = decode(&r, &invalid);
	want_str(o, "path", c->want);
	want_null(o, "cwd");
	ck_assert_uint_eq(invalid, 0);
	json_decref(o);
}
END_TEST

START_TEST(test_strv)
{
	static const char argv[] = "ls\0-l\0/tmp dir";
	static const char env[] = "A=1\0B=\0";
	struct vigil_ev_execve *e;
	unsigned int invalid;
	struct rec r;
	json_t *o, *a;

	e = REC_INIT(&r, EXECVE, execve, __NR_execve);
	rec_str(&r, &e->filename, "/bin/ls", 7);
	rec_str(&r, &e->argv, argv, sizeof(argv) - 1);
	rec_str(&r, &e->env, env, sizeof(env) - 1);
	e->tty = 34816;
	e->pgid = 1200;
	e->sid = 1;
	o = decode(&r, &invalid);
	want_str(o, "filename", "/bin/ls");
	a = json_object_get(o, "argv");
	ck_assert(json_is_array(a));
	ck_assert_uint_eq(json_array_size(a), 3);
	ck_assert_str_eq(json_string_value(json_array_get(a, 0)), "ls");
	ck_assert_str_eq(json_string_value(json_array_get(a, 1)), "-l");
	ck_assert_str_eq(json_string_value(json_array_get(a, 2)), "/tmp dir");
	a = json_object_get(o, "env");
	ck_assert_uint_eq(json_array_size(a), 2);
	ck_assert_str_eq(json_string_value(json_array_get(a, 0)), "A=1");
	ck_assert_str_eq(json_string_value(json_array_get(a, 1)), "B=");
	want_null(o, "exe");
	want_null(o, "cgroup");
	want_int(o, "tty", 34816);
	want_int(o, "pgid", 1200);
	want_int(o, "sid", 1);
	ck_assert_uint_eq(invalid, 0);
	json_decref(o);

	/* An empty list, and one pointing out of the record. */
	e = REC_INIT(&r, EXECVE, execve, __NR_execve);
	rec_str(&r, &e->argv, "", 0);
	e->env.off = 60000;
	e->env.len = 4;
	o = decode(&r, &invalid);
	a = json_object_get(o, "argv");
	ck_assert(json_is_array(a));
	ck_assert_uint_eq(json_array_size(a), 0);
	want_null(o, "env");
	ck_assert_uint_eq(invalid, 1);
	json_decref(o);
}
END_TEST

START_TEST(test_addr)
{
	static const __u8 v6_loop[16] = { [15] = 1 };
	static const __u8 v6_doc[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 5 };
	struct vigil_ev_connect *c;
	unsigned int invalid;
	struct rec r;
	json_t *o;

	c = REC_INIT(&r, CONNECT, connect, __NR_connect);
	c->fd = 3;
	c->proto = 6;
	c->local.family = AF_INET;
	c->local.port = 40000;
	memcpy(c->local.addr, "\x7f\x00\x00\x01", 4);
	c->remote.family = AF_INET;
	c->remote.port = 8080;
	memcpy(c->remote.addr, "\x0a\x01\x02\xfe", 4);
	o = decode(&r, &invalid);
	want_str(o, "local", "127.0.0.1:40000");
	want_str(o, "remote", "10.1.2.254:8080");
	want_int(o, "proto", 6);
	json_decref(o);

	c = REC_INIT(&r, CONNECT, connect, __NR_connect);
	c->local.family = AF_INET6;
	c->local.port = 8080;
	memcpy(c->local.addr, v6_loop, 16);
	c->remote.family = AF_INET6;
	c->remote.port = 443;
	memcpy(c->remote.addr, v6_doc, 16);
	o = decode(&r, &invalid);
	want_str(o, "local", "[::1]:8080");
	want_str(o, "remote", "[2001:db8::5]:443");
	json_decref(o);

	c = REC_INIT(&r, CONNECT, connect, __NR_connect);
	c->local.family = AF_UNIX;		/* unnamed: no path */
	rec_unix(&r, &c->remote, "/run/x.sock", 11);
	o = decode(&r, &invalid);
	want_null(o, "local");
	want_str(o, "remote", "/run/x.sock");
	ck_assert_uint_eq(invalid, 0);
	json_decref(o);

	c = REC_INIT(&r, CONNECT, connect, __NR_connect);
	rec_unix(&r, &c->local, "\0vigil-abstract", 15);
	c->remote.family = 0;
	o = decode(&r, &invalid);
	want_str(o, "local", "@vigil-abstract");
	want_null(o, "remote");
	json_decref(o);

	/* A path out of the record: null, counted; other family: its name. */
	c = REC_INIT(&r, CONNECT, connect, __NR_connect);
	c->local.family = AF_UNIX;
	c->local.path_off = (__u16)(r.u.ev.len - 4);
	c->local.path_len = 100;
	c->remote.family = AF_NETLINK;
	o = decode(&r, &invalid);
	want_null(o, "local");
	want_str(o, "remote", "AF_NETLINK");
	ck_assert_uint_eq(invalid, 1);
	json_decref(o);
}
END_TEST

START_TEST(test_sched)
{
	struct vigil_ev_sched_fork *f;
	struct vigil_ev_procexit *x;
	unsigned int invalid;
	struct rec r;
	json_t *o;

	f = REC_INIT(&r, SCHED_FORK, sched_fork, VIGIL_NR_SCHED_FORK);
	f->child_tid = 4321;
	f->child_tgid = 4321;
	o = decode(&r, &invalid);
	want_str(o, "type", "sched_fork");
	want_int(o, "nr", VIGIL_NR_SCHED_FORK);
	want_int(o, "child_tid", 4321);
	want_int(o, "child_tgid", 4321);
	json_decref(o);

	x = REC_INIT(&r, PROCEXIT, procexit, VIGIL_NR_PROCEXIT);
	x->status = 256;
	o = decode(&r, &invalid);
	want_str(o, "type", "procexit");
	want_int(o, "status", 256);
	json_decref(o);
}
END_TEST

/* Records the decoder itself refuses (it may be fed without a ring). */
START_TEST(test_bad_records)
{
	unsigned int invalid = 0;
	struct rec r;

	REC_INIT(&r, OPENAT, openat, __NR_openat);
	r.u.ev.len = HDR + 8;
	errno = 0;
	ck_assert_ptr_null(vigil_decode_json(&r.u.ev, 0, &invalid));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_uint_eq(invalid, 1);
	REC_INIT(&r, OPENAT, openat, __NR_openat);
	r.u.ev.type = VIGIL_EV_MAX;
	ck_assert_ptr_null(vigil_decode_json(&r.u.ev, 0, &invalid));
	r.u.ev.type = VIGIL_EV_PAD;
	ck_assert_ptr_null(vigil_decode_json(&r.u.ev, 0, NULL));
	ck_assert_uint_eq(invalid, 2);
}
END_TEST

/* ---- event lists ---- */

static int bit(const struct vigil_bitmap *bm, unsigned int nr)
{
	return !!(bm->bits[nr / 64] & (1ULL << (nr % 64)));
}

static unsigned int bits_set(const struct vigil_bitmap *bm)
{
	unsigned int i, n = 0;

	for (i = 0; i < VIGIL_BITMAP_WORDS; i++)
		n += __builtin_popcountll(bm->bits[i]);
	return n;
}

START_TEST(test_bitmap)
{
	struct vigil_bitmap bm;
	char bad[32];

	ck_assert_int_eq(vigil_bitmap_parse("openat", &bm, bad, sizeof(bad)),
			 0);
	ck_assert_uint_eq(bits_set(&bm), 1);
	ck_assert(bit(&bm, __NR_openat));

	ck_assert_int_eq(vigil_bitmap_parse("openat,close,sched_fork,nr:39",
					    &bm, bad, sizeof(bad)), 0);
	ck_assert_uint_eq(bits_set(&bm), 4);
	ck_assert(bit(&bm, __NR_close) && bit(&bm, VIGIL_NR_SCHED_FORK) &&
		  bit(&bm, 39));

	ck_assert_int_eq(vigil_bitmap_parse("all", &bm, bad, sizeof(bad)), 0);
	/* Every def type but the generic one has a distinct nr. */
	ck_assert_uint_eq(bits_set(&bm), VIGIL_EV_MAX - 2);
	ck_assert(bit(&bm, __NR_execve) && bit(&bm, VIGIL_NR_PROCEXIT) &&
		  bit(&bm, __NR_openat2));
	ck_assert(!bit(&bm, 39));
}
END_TEST

static const char *const bad_lists[] = {
	"bogus", "openat,bogus", "", "openat,", ",close", "openat,,close",
	"syscall", "nr:", "nr:x", "nr:512", "nr:-1", "nr:1x", "OPENAT",
	"nr:99999999999999999999",
};

START_TEST(test_bitmap_bad)
{
	struct vigil_bitmap bm;
	char bad[32];

	ck_assert_msg(vigil_bitmap_parse(bad_lists[_i], &bm, bad,
					 sizeof(bad)) == -EINVAL,
		      "'%s' accepted", bad_lists[_i]);
}
END_TEST

#define LOOP(tc, fn, tab) \
	tcase_add_loop_test(tc, fn, 0, sizeof(tab) / sizeof((tab)[0]))

Suite *decode_suite(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("decode");

	LOOP(tc, test_type_table, type_cases);
	tcase_add_test(tc, test_type_table_all);
	tcase_add_test(tc, test_header);
	LOOP(tc, test_header_cases, hdr_cases);
	LOOP(tc, test_names, name_cases);
	tcase_add_test(tc, test_names_limits);
	tcase_add_test(tc, test_mode_format);
	LOOP(tc, test_errno_names, errno_cases);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_collisions);
	tcase_add_test(tc, test_oct_dev);
	LOOP(tc, test_str_bounds, str_cases);
	LOOP(tc, test_utf8, utf8_cases);
	tcase_add_test(tc, test_strv);
	tcase_add_test(tc, test_addr);
	tcase_add_test(tc, test_sched);
	tcase_add_test(tc, test_bad_records);
	tcase_add_test(tc, test_bitmap);
	LOOP(tc, test_bitmap_bad, bad_lists);
	suite_add_tcase(s, tc);
	return s;
}
