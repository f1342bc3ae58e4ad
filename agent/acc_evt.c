// SPDX-License-Identifier: GPL-2.0 OR MIT
/* evt.* fields: read from the record itself. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <time.h>

#include "acc_int.h"
#include "names.h"

#define NSEC	1000000000ULL

static int is_read(unsigned int type)
{
	return type == VIGIL_EV_READ || type == VIGIL_EV_PREAD64 ||
	       type == VIGIL_EV_READV || type == VIGIL_EV_RECVFROM ||
	       type == VIGIL_EV_RECVMSG;
}

static int is_write(unsigned int type)
{
	return type == VIGIL_EV_WRITE || type == VIGIL_EV_PWRITE64 ||
	       type == VIGIL_EV_WRITEV || type == VIGIL_EV_SENDTO ||
	       type == VIGIL_EV_SENDMSG;
}

/* Falco's category names for vigil's types. */
static const char *category(struct acc *a)
{
	unsigned int t = a->ev->type;

	if (is_read(t) || is_write(t)) {
		acc_need_fd(a);
		if (!a->fd)
			return "file";
		switch (vigil_fd_type(a->fd)) {
		case VIGIL_FD_IPV4:
		case VIGIL_FD_IPV6:
		case VIGIL_FD_SOCKET:
			return "net";
		case VIGIL_FD_UNIX:
		case VIGIL_FD_PIPE:
			return "ipc";
		default:
			return "file";
		}
	}
	switch (t) {
	case VIGIL_EV_SOCKET: case VIGIL_EV_SOCKETPAIR: case VIGIL_EV_CONNECT:
	case VIGIL_EV_ACCEPT: case VIGIL_EV_ACCEPT4: case VIGIL_EV_BIND:
	case VIGIL_EV_LISTEN: case VIGIL_EV_SHUTDOWN:
		return "net";
	case VIGIL_EV_EXECVE: case VIGIL_EV_EXECVEAT: case VIGIL_EV_CLONE:
	case VIGIL_EV_CLONE3: case VIGIL_EV_FORK: case VIGIL_EV_VFORK:
	case VIGIL_EV_PROCEXIT: case VIGIL_EV_SCHED_FORK:
	case VIGIL_EV_SCHED_EXEC: case VIGIL_EV_CHDIR: case VIGIL_EV_FCHDIR:
	case VIGIL_EV_CHROOT: case VIGIL_EV_UNSHARE: case VIGIL_EV_SETNS:
	case VIGIL_EV_PRCTL: case VIGIL_EV_PTRACE: case VIGIL_EV_CAPSET:
		return "process";
	case VIGIL_EV_SETUID: case VIGIL_EV_SETGID: case VIGIL_EV_SETREUID:
	case VIGIL_EV_SETREGID: case VIGIL_EV_SETRESUID:
	case VIGIL_EV_SETRESGID:
		return "user";
	case VIGIL_EV_KILL: case VIGIL_EV_TKILL: case VIGIL_EV_TGKILL:
		return "signal";
	case VIGIL_EV_MMAP: case VIGIL_EV_MPROTECT:
		return "memory";
	case VIGIL_EV_MOUNT: case VIGIL_EV_UMOUNT2: case VIGIL_EV_INIT_MODULE:
	case VIGIL_EV_FINIT_MODULE: case VIGIL_EV_DELETE_MODULE:
	case VIGIL_EV_BPF: case VIGIL_EV_PIVOT_ROOT: case VIGIL_EV_GENERIC:
		return "system";
	}
	return "file";
}

/* chmod's mode reads as Falco's PT_MODE ("S_IRUSR|...|S_ISUID"). */
static int is_chmod(unsigned int type)
{
	return type == VIGIL_EV_CHMOD || type == VIGIL_EV_FCHMOD ||
	       type == VIGIL_EV_FCHMODAT;
}

/*
 * Whether Falco's event table prints the field as PF_HEX: vigil's HEX
 * fields, and mkdir's and mkdirat's mode (octal in vigil's dump).
 */
static int is_falco_hex(unsigned int type, unsigned int fmt)
{
	return fmt == VIGIL_FMT_HEX ||
	       (fmt == VIGIL_FMT_OCT &&
		(type == VIGIL_EV_MKDIR || type == VIGIL_EV_MKDIRAT));
}

/* Text of payload field f of the record into buf. */
static int arg_text(struct acc *a, const struct vigil_field_desc *f, int raw,
		    char *buf, size_t size)
{
	const struct vigil_sockaddr *sa;
	const char *p;
	char ip[INET6_ADDRSTRLEN];
	size_t len, i;
	__u64 v;

	switch (f->kind) {
	case VIGIL_KIND_STR:
	case VIGIL_KIND_STRV:
		if (vigil_field_bytes(a->ev, f, &p, &len))
			return -1;
		len = len < size - 1 ? len : size - 1;
		for (i = 0; i < len; i++)
			buf[i] = p[i] ? p[i] : ' ';
		while (len && buf[len - 1] == ' ' && f->kind == VIGIL_KIND_STRV)
			len--;
		buf[len] = '\0';
		return (int)len;
	case VIGIL_KIND_ADDR:
		if (vigil_field_addr(a->ev, f, &sa, &p, &len))
			return -1;
		if (sa->family == AF_UNIX && p)
			return snprintf(buf, size, "%.*s", (int)len, p);
		if (sa->family != AF_INET && sa->family != AF_INET6)
			return -1;
		inet_ntop(sa->family, sa->addr, ip, sizeof(ip));
		return snprintf(buf, size, "%s:%u", ip, sa->port);
	default:
		v = vigil_field_u64(a->ev, f);
		if (!raw && f->fmt == VIGIL_FMT_OCT && is_chmod(a->ev->type))
			return vigil_mode_format(v, buf, size);
		/* sysdig's PF_HEX: upper case, no prefix ("1ED", "7F3A0000") */
		if (!raw && is_falco_hex(a->ev->type, f->fmt))
			return snprintf(buf, size, "%llX", (unsigned long long)v);
		/* the open family's mode reads as sysdig's PF_OCT: "0644", "0" */
		if (!raw && f->fmt == VIGIL_FMT_OCT)
			return snprintf(buf, size, "%#llo", (unsigned long long)v);
		if (!raw && vigil_names_has_fmt(f->fmt))
			return vigil_names_format(f->fmt, v, buf, size);
		if (f->kind == VIGIL_KIND_S64 || f->fmt == VIGIL_FMT_FD)
			return snprintf(buf, size, "%lld", (long long)v);
		return snprintf(buf, size, "%llu", (unsigned long long)v);
	}
}

static int res_text(const struct acc *a, char *buf, size_t size)
{
	const char *e;

	/* mmap's res is an address to Falco (PT_UINT64, PF_HEX), errors too */
	if (a->ev->type == VIGIL_EV_MMAP)
		return snprintf(buf, size, "%llX",
				(unsigned long long)a->ev->res);
	if (a->ev->res >= 0)
		return snprintf(buf, size, "%lld", (long long)a->ev->res);
	e = vigil_errno_name((__u64)-a->ev->res);
	if (e)
		return snprintf(buf, size, "%s", e);
	return snprintf(buf, size, "%lld", (long long)a->ev->res);
}

/* evt.arg / evt.rawarg: by def name, "res", or by index. */
static int load_arg(struct acc *a, const struct vm_fref *ref, int raw,
		    struct vm_val *out)
{
	const struct vigil_field_desc *f = NULL;
	char name[VIGIL_KEY_MAX];
	char *buf = acc_buf(a);
	int n;

	if (!a->td)
		return 0;
	if (ref->key) {
		if (ref->keylen >= sizeof(name))
			return 0;
		memcpy(name, ref->key, ref->keylen);
		name[ref->keylen] = '\0';
		if (!strcmp(name, "res")) {
			n = raw ? snprintf(buf, ACC_BUFSZ, "%lld",
					   (long long)a->ev->res) :
				  res_text(a, buf, ACC_BUFSZ);
			return acc_str(out, buf, (size_t)n);
		}
		f = vigil_field_by_name(a->td, name);
	} else if (ref->idx >= 0 && (__u32)ref->idx < a->td->nr_fields) {
		f = &a->td->fields[ref->idx];
	}
	if (!f)
		return 0;
	n = arg_text(a, f, raw, buf, ACC_BUFSZ);
	if (n < 0)
		return 0;
	return acc_str(out, buf, (size_t)n < ACC_BUFSZ ? (size_t)n :
			    ACC_BUFSZ - 1);
}

/* evt.args: "name=value" for every payload field, then res. */
static int load_args(struct acc *a, struct vm_val *out)
{
	char *buf = acc_buf(a), tmp[1024];
	size_t used = 0;
	__u32 i;
	int n;

	if (!a->td)
		return 0;
	buf[0] = '\0';
	n = res_text(a, tmp, sizeof(tmp));
	used += (size_t)snprintf(buf, ACC_BUFSZ, "res=%s", tmp);
	for (i = 0; i < a->td->nr_fields && used < ACC_BUFSZ - 1; i++) {
		n = arg_text(a, &a->td->fields[i], 0, tmp, sizeof(tmp));
		if (n < 0)
			continue;
		n = snprintf(buf + used, ACC_BUFSZ - used, " %s=%s",
			     a->td->fields[i].name, tmp);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	if (used > ACC_BUFSZ - 1)
		used = ACC_BUFSZ - 1;
	return acc_str(out, buf, used);
}

static int load_time(struct acc *a, unsigned int fid, struct vm_val *out)
{
	__u64 ns = a->ts + a->wall_base_ns;
	time_t secs = (time_t)(ns / NSEC);
	char *buf = acc_buf(a);
	struct tm tm;
	size_t n;
	int m = 0;

	if (fid == FID_EVT_TIME_ISO8601) {
		m = vigil_format_time(ns, buf, ACC_BUFSZ);
		return m < 0 ? 0 : acc_str(out, buf, (size_t)m);
	}
	if (!localtime_r(&secs, &tm))
		return 0;
	switch (fid) {
	case FID_EVT_TIME:
	case FID_EVT_TIME_S:
		n = strftime(buf, ACC_BUFSZ, "%H:%M:%S", &tm);
		break;
	default:
		n = strftime(buf, ACC_BUFSZ, "%Y-%m-%d %H:%M:%S", &tm);
		break;
	}
	if (fid == FID_EVT_TIME || fid == FID_EVT_DATETIME ||
	    fid == FID_EVT_OUTPUTTIME)
		m = snprintf(buf + n, ACC_BUFSZ - n, ".%09llu",
			     (unsigned long long)(ns % NSEC));
	return acc_str(out, buf, n + (size_t)(m > 0 ? m : 0));
}

/* Open flags of an open-type record; 0 if it is not one. */
/* Opened for writing (write) or for reading, by the open flags fl. */
static inline int open_rw(__u64 fl, int write)
{
	return (fl & O_ACCMODE) != (write ? O_RDONLY : O_WRONLY);
}

/* O_TMPFILE without O_DIRECTORY (x86_64's __O_TMPFILE). */
#define OFL_TMPFILE_BIT	020000000

static int look_open_flags(const struct acc *a, __u64 *fl)
{
	const void *pl = a->ev + 1;	/* the type's whole payload: checked */

	switch (a->ev->type) {
	case VIGIL_EV_OPEN:
		*fl = ((const struct vigil_ev_open *)pl)->flags;
		return 1;
	case VIGIL_EV_OPENAT:
		*fl = ((const struct vigil_ev_openat *)pl)->flags;
		return 1;
	case VIGIL_EV_OPENAT2:
		*fl = ((const struct vigil_ev_openat2 *)pl)->flags;
		return 1;
	case VIGIL_EV_CREAT:
		*fl = O_CREAT | O_WRONLY | O_TRUNC;
		return 1;
	}
	return 0;
}

/* The same, looked up once per record (evt.is_open_read and _write both). */
static int open_flags(struct acc *a, __u64 *fl)
{
	if (!a->looked_oflags) {
		a->looked_oflags = 1;
		a->has_oflags = look_open_flags(a, &a->oflags);
	}
	*fl = a->oflags;
	return a->has_oflags;
}

/*
 * Falco's evt.is_open_exec: the open creates a file (O_CREAT, O_TMPFILE)
 * with an execute bit in its mode.
 */
static int open_exec(const struct acc *a, __u64 fl)
{
	__u64 mode;

	if (!(fl & (O_CREAT | OFL_TMPFILE_BIT)) || !acc_rec_num(a, ACC_RF_MODE, &mode))
		return 0;
	return !!(mode & 0111);
}

static int load_abspath(struct acc *a, unsigned int fid, struct vm_val *out)
{
	enum acc_path_part part = fid == FID_EVT_ABSPATH ? ACC_PATH_ONE :
				  fid == FID_EVT_ABSPATH_SRC ? ACC_PATH_SOURCE :
							       ACC_PATH_TARGET;

	return acc_load_fs_path(a, part, 1, out);
}

int acc_load_evt(struct acc *a, const struct vm_fref *ref,
		 struct vm_val *out, unsigned int max)
{
	const struct vigil_event *ev = a->ev;
	unsigned int t = ev->type, fid = ref->fid;
	__u64 ns = a->ts + a->wall_base_ns, fl;
	int failed = ev->res < 0 && vigil_type_is_syscall(t);
	const char *s;
	char *buf;
	int n;

	switch (fid) {
	case FID_EVT_NUM:
		return acc_num(out, a->num);
	case FID_EVT_TIME:
	case FID_EVT_TIME_S:
	case FID_EVT_TIME_ISO8601:
	case FID_EVT_DATETIME:
	case FID_EVT_DATETIME_S:
	case FID_EVT_OUTPUTTIME:
		return load_time(a, fid, out);
	case FID_EVT_RAWTIME:
		return acc_num(out, ns);
	case FID_EVT_RAWTIME_S:
		return acc_num(out, ns / NSEC);
	case FID_EVT_RAWTIME_NS:
		return acc_num(out, ns % NSEC);
	case FID_EVT_RELTIME:
		return acc_num(out, a->ts - a->first_ts);
	case FID_EVT_RELTIME_S:
		return acc_num(out, (a->ts - a->first_ts) / NSEC);
	case FID_EVT_RELTIME_NS:
		return acc_num(out, (a->ts - a->first_ts) % NSEC);
	case FID_EVT_DELTATIME:
		return acc_num(out, a->ts - a->prev);
	case FID_EVT_DELTATIME_S:
		return acc_num(out, (a->ts - a->prev) / NSEC);
	case FID_EVT_DELTATIME_NS:
		return acc_num(out, (a->ts - a->prev) % NSEC);
	case FID_EVT_DIR:
		return acc_str(out, "<", 1);
	case FID_EVT_TYPE:
		return a->td ? acc_cstr(out, a->td->name) : 0;
	case FID_SYSCALL_TYPE:
		return a->td && vigil_type_is_syscall(t) ?
			       acc_cstr(out, a->td->name) : 0;
	case FID_EVT_CATEGORY:
		return acc_cstr(out, category(a));
	case FID_EVT_CPU:
		return acc_num(out, ev->cpu);
	case FID_EVT_ARGS:
	case FID_EVT_INFO:
		return load_args(a, out);
	case FID_EVT_ARG:
		return load_arg(a, ref, 0, out);
	case FID_EVT_RAWARG:
		return load_arg(a, ref, 1, out);
	case FID_EVT_RES:
		if (!vigil_type_is_syscall(t))
			return 0;
		if (!failed)
			return acc_str(out, "SUCCESS", 7);
		s = vigil_errno_name((__u64)-ev->res);
		if (s)
			return acc_cstr(out, s);
		buf = acc_buf(a);
		n = snprintf(buf, ACC_BUFSZ, "%lld", (long long)ev->res);
		return acc_str(out, buf, (size_t)n);
	case FID_EVT_RAWRES:
		return vigil_type_is_syscall(t) ? acc_num(out, (__u64)ev->res) :
						  0;
	case FID_EVT_FAILED:
		return acc_num(out, failed);
	case FID_EVT_IS_IO:
		return acc_num(out, is_read(t) || is_write(t));
	case FID_EVT_IS_IO_READ:
		return acc_num(out, is_read(t));
	case FID_EVT_IS_IO_WRITE:
		return acc_num(out, is_write(t));
	case FID_EVT_IO_DIR:
		if (is_read(t))
			return acc_str(out, "r", 1);
		return is_write(t) ? acc_str(out, "w", 1) : 0;
	case FID_EVT_IS_WAIT:
		return acc_num(out, 0);
	case FID_EVT_COUNT:
	case FID_EVT_COUNT_EXIT:
		return acc_num(out, 1);
	case FID_EVT_COUNT_ERROR:
		return acc_num(out, failed);
	case FID_EVT_COUNT_ERROR_FILE:
		return acc_num(out, failed && !strcmp(category(a), "file"));
	case FID_EVT_COUNT_ERROR_NET:
		return acc_num(out, failed && !strcmp(category(a), "net"));
	case FID_EVT_COUNT_ERROR_MEMORY:
		return acc_num(out, failed && !strcmp(category(a), "memory"));
	case FID_EVT_COUNT_ERROR_OTHER:
		s = category(a);
		return acc_num(out, failed && strcmp(s, "file") &&
					    strcmp(s, "net") &&
					    strcmp(s, "memory"));
	case FID_EVT_ABSPATH:
	case FID_EVT_ABSPATH_SRC:
	case FID_EVT_ABSPATH_DST:
		return load_abspath(a, fid, out);
	case FID_EVT_IS_OPEN_READ:
		return open_flags(a, &fl) ? acc_num(out, open_rw(fl, 0)) : 0;
	case FID_EVT_IS_OPEN_WRITE:
		return open_flags(a, &fl) ? acc_num(out, open_rw(fl, 1)) : 0;
	case FID_EVT_IS_OPEN_EXEC:
		return open_flags(a, &fl) ? acc_num(out, open_exec(a, fl)) : 0;
	case FID_EVT_IS_OPEN_CREATE:
		return open_flags(a, &fl) ? acc_num(out, !!(fl & O_CREAT)) : 0;
	case FID_EVT_HOSTNAME:
		return acc_cstr(out, a->hostname);
	case FID_EVT_SOURCE:
		return acc_str(out, "syscall", 7);
	case FID_EVT_IS_ASYNC:
		return acc_num(out, 0);
	}
	return 0;
}

/* evt.is_open_read / _write by their own loaders (acc_core.c). */
static int load_open_rw(struct acc *a, struct vm_val *out, int write)
{
	__u64 fl;

	if (!open_flags(a, &fl)) {
		*out = (struct vm_val){ 0 };
		return 0;
	}
	return acc_kept_num(out, open_rw(fl, write));
}

int acc_evt_is_open_read(struct acc *a, const struct vm_fref *ref,
			 struct vm_val *out, unsigned int max)
{
	return load_open_rw(a, out, 0);
}

int acc_evt_is_open_write(struct acc *a, const struct vm_fref *ref,
			  struct vm_val *out, unsigned int max)
{
	return load_open_rw(a, out, 1);
}
