/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Socket expectations shared by the net4, net6 and unix triggers.  The
 * addresses asserted are the ones the program passed or that the kernel
 * reported to it (getsockname, getpeername, recvfrom's address).
 */
#ifndef TRIG_NET_H
#define TRIG_NET_H

#include "trig.h"

#include <netinet/in.h>

/* Leave a key out of an expectation. */
#define NET_SKIP	((const char *)1)

struct net_addr {
	struct sockaddr_storage ss;
	socklen_t len;
};

static struct tj net_j;
static int net_me;

/* An address as the agent prints it; NULL for none or an unnamed one. */
static inline const char *net_str(char *buf, size_t size,
				  const struct net_addr *a)
{
	if (a->len < sizeof(sa_family_t))
		return NULL;	/* the kernel wrote no address at all */
	if (a->ss.ss_family == AF_UNIX &&
	    a->len <= offsetof(struct sockaddr_un, sun_path))
		return NULL;
	return trig_addr(buf, size, &a->ss, a->len);
}

static inline const char *net_local(char *buf, size_t size, int fd)
{
	struct net_addr a = { .len = sizeof(a.ss) };

	if (getsockname(fd, (struct sockaddr *)&a.ss, &a.len))
		trig_die("getsockname %d: %s", fd, strerror(errno));
	return net_str(buf, size, &a);
}

static inline const char *net_peer(char *buf, size_t size, int fd)
{
	struct net_addr a = { .len = sizeof(a.ss) };

	if (getpeername(fd, (struct sockaddr *)&a.ss, &a.len))
		trig_die("getpeername %d: %s", fd, strerror(errno));
	return net_str(buf, size, &a);
}

/* Starts an expectation with res and, unless NET_SKIP, the addresses. */
static inline struct tj *net_begin(const char *type, long res, int fd,
				   long long proto, const char *local,
				   const char *remote)
{
	struct tj *j = &net_j;

	tj_begin(j, type, net_me);
	tj_res(j, res);
	tj_int(j, "fd", fd);
	if (proto >= 0)
		tj_int(j, "proto", proto);
	if (local != NET_SKIP)
		tj_str(j, "local", local);
	if (remote != NET_SKIP)
		tj_str(j, "remote", remote);
	return j;
}

static inline void net_socket(const char *type, long res, const char *domain,
			      int stype, int protocol)
{
	char st[128];
	struct tj *j = &net_j;

	tj_begin(j, type, net_me);
	tj_res(j, res);
	tj_str(j, "domain", domain);
	tj_str(j, tj_pkey("type"), trig_socktype(st, sizeof(st), stype));
	tj_int(j, "protocol", protocol);
}

#endif /* TRIG_NET_H */
