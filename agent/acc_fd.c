// SPDX-License-Identifier: GPL-2.0 OR MIT
/* fd.* and fs.path.* fields: the record's fd in the state's fd table. */
#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>

#include "acc_int.h"

static int v4mapped(const __u8 *ip)
{
	static const __u8 pre[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	return !memcmp(ip, pre, 12);
}

static int zero16(const __u8 *ip)
{
	static const __u8 z[16];

	return !memcmp(ip, z, 16);
}

/*
 * An IPv6 socket whose addresses are IPv4-mapped (or unspecified, with
 * at least one mapped) is an IPv4 socket, as Falco shows it: 1 when sk
 * was rewritten to AF_INET.
 */
static int sock_norm(struct vigil_fd_sock *sk)
{
	int mapped = 0;

	if (sk->family != AF_INET6)
		return 0;
	if (sk->has_local && !v4mapped(sk->lip) && !zero16(sk->lip))
		return 0;
	if (sk->has_remote && !v4mapped(sk->rip) && !zero16(sk->rip))
		return 0;
	mapped = (sk->has_local && v4mapped(sk->lip)) ||
		 (sk->has_remote && v4mapped(sk->rip));
	if (!mapped)
		return 0;
	sk->family = AF_INET;
	memmove(sk->lip, sk->lip + 12, 4);
	memset(sk->lip + 4, 0, 12);
	memmove(sk->rip, sk->rip + 12, 4);
	memset(sk->rip + 4, 0, 12);
	return 1;
}

/* fd.name of a rewritten socket, in the state's tuple order. */
static int mapped_name(struct acc *a, const struct vigil_fd_sock *sk,
		       struct vm_val *out)
{
	char *buf = acc_buf(a), l[INET_ADDRSTRLEN], r[INET_ADDRSTRLEN];
	int n;

	inet_ntop(AF_INET, sk->lip, l, sizeof(l));
	inet_ntop(AF_INET, sk->rip, r, sizeof(r));
	if (sk->has_remote && sk->is_server)
		n = snprintf(buf, ACC_BUFSZ, "%s:%u->%s:%u", r, sk->rport, l,
			     sk->lport);
	else if (sk->has_remote)
		n = snprintf(buf, ACC_BUFSZ, "%s:%u->%s:%u", l, sk->lport, r,
			     sk->rport);
	else
		n = snprintf(buf, ACC_BUFSZ, "%s:%u", l, sk->lport);
	return acc_str(out, buf, (size_t)n);
}

/* Which end of a socket a field reads. */
enum end { END_CLIENT, END_SERVER, END_LOCAL, END_REMOTE };

static int ip_of(const struct vigil_fd_sock *sk, enum end e,
		 struct vm_val *out)
{
	int local;

	if (sk->family != AF_INET && sk->family != AF_INET6)
		return 0;
	switch (e) {
	case END_CLIENT:
		local = !sk->is_server;
		break;
	case END_SERVER:
		local = sk->is_server;
		break;
	default:
		local = e == END_LOCAL;
		break;
	}
	if (local ? !sk->has_local : !sk->has_remote)
		return 0;
	out->family = sk->family == AF_INET ? 4 : 6;
	out->prefix = sk->family == AF_INET ? 32 : 128;
	memcpy(out->ip, local ? sk->lip : sk->rip, 16);
	out->u = local ? sk->lport : sk->rport;
	return 1;
}

/* fd.ip / fd.port / fd.net: client and server. */
static int both(const struct vigil_fd_sock *sk, struct vm_val *out,
		unsigned int max, int port)
{
	int n = ip_of(sk, END_CLIENT, out);

	if (max > (unsigned int)n) {
		memset(&out[n], 0, sizeof(out[n]));
		n += ip_of(sk, END_SERVER, &out[n]);
	}
	if (port) {
		int i;

		for (i = 0; i < n; i++)
			memset(out[i].ip, 0, sizeof(out[i].ip));
	}
	return n;
}

static int sock_field(struct acc *a, unsigned int fid, struct vm_val *out,
		      unsigned int max)
{
	struct vigil_fd_sock sk;
	const char *s;
	int n;

	if (!a->fd || vigil_fd_sock(a->fd, &sk))
		return 0;
	sock_norm(&sk);
	switch (fid) {
	case FID_FD_IP:
	case FID_FD_NET:
		return both(&sk, out, max, 0);
	case FID_FD_PORT:
		return both(&sk, out, max, 1);
	case FID_FD_CIP:
	case FID_FD_CNET:
		return ip_of(&sk, END_CLIENT, out);
	case FID_FD_SIP:
	case FID_FD_SNET:
		return ip_of(&sk, END_SERVER, out);
	case FID_FD_LIP:
	case FID_FD_LNET:
		return ip_of(&sk, END_LOCAL, out);
	case FID_FD_RIP:
	case FID_FD_RNET:
		return ip_of(&sk, END_REMOTE, out);
	case FID_FD_CPORT:
	case FID_FD_SPORT:
	case FID_FD_LPORT:
	case FID_FD_RPORT:
		n = ip_of(&sk, fid == FID_FD_CPORT ? END_CLIENT :
			       fid == FID_FD_SPORT ? END_SERVER :
			       fid == FID_FD_LPORT ? END_LOCAL : END_REMOTE,
			  out);
		if (n)
			memset(out->ip, 0, sizeof(out->ip));
		return n;
	case FID_FD_L4PROTO:
		s = vigil_l4proto_name(sk.l4proto);
		return acc_cstr(out, s);
	case FID_FD_SOCKFAMILY:
		if (sk.family == AF_INET || sk.family == AF_INET6)
			return acc_str(out, "ip", 2);
		return sk.family == AF_UNIX ? acc_str(out, "unix", 4) : 0;
	case FID_FD_IS_SERVER:
		return acc_num(out, sk.is_server);
	case FID_FD_CONNECTED:
		return acc_num(out, sk.connected);
	}
	return 0;
}

/*
 * fd.name and its parts when the state has no fd: a failed open's path,
 * normalised as a successful open's is in the state (fd.nameraw not).
 */
static int name_from_record(struct acc *a, unsigned int fid,
			    struct vm_val *out)
{
	const char *p, *slash;
	size_t len;

	if (!acc_is_open(a->ev->type))
		return 0;
	if (fid == FID_FD_NAMERAW)
		return acc_rec_str(a, ACC_RF_NAME, &p, &len) ? acc_str(out, p, len) :
							   0;
	if (!acc_rec_path(a, ACC_RF_NAME, &p, &len))
		return 0;
	slash = memrchr(p, '/', len);
	switch (fid) {
	case FID_FD_NAME:
		return acc_str(out, p, len);
	case FID_FD_DIRECTORY:
		if (!slash)
			return 0;
		return acc_str(out, p, slash == p ? 1 : (size_t)(slash - p));
	case FID_FD_FILENAME:
		return slash ? acc_str(out, slash + 1, len - (size_t)(slash + 1 - p)) :
			       acc_str(out, p, len);
	}
	return 0;
}

static int cid_name(struct acc *a, int dir, struct vm_val *out)
{
	const struct vigil_container *c;
	const char *s;
	size_t len;
	char *buf;
	int n;

	acc_need_thread(a);
	if (!a->fd || !a->p)
		return 0;
	c = vigil_proc_container(a->st, a->p);
	s = dir ? vigil_fd_directory(a->fd, &len) : vigil_fd_name(a->fd, &len);
	if (!c || !s)
		return 0;
	buf = acc_buf(a);
	n = snprintf(buf, ACC_BUFSZ, "%s:%.*s", c->id, (int)len, s);
	return acc_str(out, buf, n < ACC_BUFSZ ? (size_t)n : ACC_BUFSZ - 1);
}

static int fs_path(struct acc *a, unsigned int fid, struct vm_val *out)
{
	switch (fid) {
	case FID_FS_PATH_NAME:
	case FID_FS_PATH_NAMERAW:
		return acc_load_fs_path(a, ACC_PATH_ONE,
					fid == FID_FS_PATH_NAME, out);
	case FID_FS_PATH_SOURCE:
	case FID_FS_PATH_SOURCERAW:
		return acc_load_fs_path(a, ACC_PATH_SOURCE,
					fid == FID_FS_PATH_SOURCE, out);
	case FID_FS_PATH_TARGET:
	case FID_FS_PATH_TARGETRAW:
		return acc_load_fs_path(a, ACC_PATH_TARGET,
					fid == FID_FS_PATH_TARGET, out);
	}
	return 0;
}

int acc_load_fd(struct acc *a, const struct vm_fref *ref, struct vm_val *out,
		unsigned int max)
{
	unsigned int fid = ref->fid;
	enum vigil_fd_type type;
	struct vigil_fd_sock sk;
	const char *s;
	char *buf;
	size_t len;
	int n;

	if (fid >= FID_FS_PATH_NAME)
		return fs_path(a, fid, out);
	acc_need_fd(a);
	if (fid == FID_FD_NUM)
		return a->fdnum >= 0 ? acc_num(out, (__u64)a->fdnum) : 0;
	if (!a->fd) {
		if (fid == FID_FD_NAME || fid == FID_FD_NAMERAW ||
		    fid == FID_FD_DIRECTORY || fid == FID_FD_FILENAME)
			return name_from_record(a, fid, out);
		return 0;
	}
	type = vigil_fd_type(a->fd);
	if (type == VIGIL_FD_IPV6 && !vigil_fd_sock(a->fd, &sk) &&
	    sock_norm(&sk)) {
		type = VIGIL_FD_IPV4;
		if (fid == FID_FD_NAME || fid == FID_FD_NAMERAW)
			return mapped_name(a, &sk, out);
	}
	switch (fid) {
	case FID_FD_TYPE:
		return acc_cstr(out, vigil_fd_type_name(type));
	case FID_FD_TYPECHAR:
		/* static: the rule's cache keeps a pointer, copies nothing */
		return acc_str(out, vigil_fd_typechar_at(type), 1);
	case FID_FD_NAME:
		s = vigil_fd_name(a->fd, &len);
		return acc_str(out, s, len);
	case FID_FD_NAMERAW:
		s = vigil_fd_nameraw(a->fd, &len);
		return acc_str(out, s, len);
	case FID_FD_DIRECTORY:
		s = vigil_fd_directory(a->fd, &len);
		return acc_str(out, s, len);
	case FID_FD_FILENAME:
		s = vigil_fd_filename(a->fd, &len);
		return acc_str(out, s, len);
	case FID_FD_UID:
		buf = acc_buf(a);
		n = snprintf(buf, ACC_BUFSZ, "%u%lld", a->ev->tid,
			     (long long)a->fdnum);
		return acc_str(out, buf, (size_t)n);
	case FID_FD_CONTAINERNAME:
		return cid_name(a, 0, out);
	case FID_FD_CONTAINERDIRECTORY:
		return cid_name(a, 1, out);
	case FID_FD_NAME_CHANGED:
		return acc_num(out, 0);
	case FID_FD_DEV:
		return acc_num(out, vigil_fd_dev(a->fd));
	case FID_FD_DEV_MAJOR:
		return acc_num(out, major(vigil_fd_dev(a->fd)));
	case FID_FD_DEV_MINOR:
		return acc_num(out, minor(vigil_fd_dev(a->fd)));
	case FID_FD_INO:
		return acc_num(out, vigil_fd_ino(a->fd));
	case FID_FD_TYPES:
		return acc_cstr(out, vigil_fd_type_name(type));
	}
	return sock_field(a, fid, out, max);
}

/* The record's fd in the state, when its name is the state's as it is. */
static const struct vigil_fd *plain_fd(struct acc *a)
{
	acc_need_fd(a);
	if (!a->fd || a->fdtype == VIGIL_FD_IPV6)
		return NULL;
	return a->fd;
}

int acc_fd_num(struct acc *a, const struct vm_fref *ref, struct vm_val *out,
	       unsigned int max)
{
	acc_need_fd(a);
	if (a->fdnum < 0) {
		*out = (struct vm_val){ 0 };
		return 0;
	}
	return acc_kept_num(out, (__u64)a->fdnum);
}

int acc_fd_typechar(struct acc *a, const struct vm_fref *ref,
		    struct vm_val *out, unsigned int max)
{
	const struct vigil_fd *fd = plain_fd(a);

	if (!fd)
		return acc_load_class(a, ref, out, max);
	return acc_kept(out, vigil_fd_typechar_at(a->fdtype), 1);
}

/* A string of the record's fd, by get(), or the class's path. */
static inline int fd_str(struct acc *a, const struct vm_fref *ref,
			 struct vm_val *out, unsigned int max,
			 const char *(*get)(const struct vigil_fd *, size_t *))
{
	const struct vigil_fd *fd = plain_fd(a);
	const char *s;
	size_t len;

	if (!fd)
		return acc_load_class(a, ref, out, max);
	s = get(fd, &len);
	return acc_kept(out, s, len);
}

int acc_fd_name(struct acc *a, const struct vm_fref *ref, struct vm_val *out,
		unsigned int max)
{
	return fd_str(a, ref, out, max, vigil_fd_name);
}

int acc_fd_directory(struct acc *a, const struct vm_fref *ref,
		     struct vm_val *out, unsigned int max)
{
	return fd_str(a, ref, out, max, vigil_fd_directory);
}

int acc_fd_filename(struct acc *a, const struct vm_fref *ref,
		    struct vm_val *out, unsigned int max)
{
	return fd_str(a, ref, out, max, vigil_fd_filename);
}
