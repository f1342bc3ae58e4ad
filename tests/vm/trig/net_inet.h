/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IPv4/IPv6 loopback scenario, compiled once per family by net4.c and
 * net6.c: TCP socket/bind/listen/connect/accept/accept4/send/recv/shutdown,
 * a connect refused by a closed port, UDP sendto/recvfrom/sendmsg/recvmsg
 * unconnected and connected, and failing calls.
 */
#ifndef TRIG_NET_INET_H
#define TRIG_NET_INET_H

#include "net.h"

#include <netinet/in.h>
#include <sys/uio.h>

struct inet_fam {
	int family;
	const char *name;	/* "AF_INET" */
	struct net_addr lo;	/* loopback, port 0 */
};

/* The address a bound socket got (getsockname). */
static struct net_addr inet_bound(int fd)
{
	struct net_addr a = { .len = sizeof(a.ss) };

	if (getsockname(fd, (struct sockaddr *)&a.ss, &a.len))
		trig_die("getsockname: %s", strerror(errno));
	return a;
}

static int inet_socket(const struct inet_fam *f, int type)
{
	long r = TRIG_OK(SYS_socket, f->family, type, 0);

	net_socket("socket", r, f->name, type, 0);
	tj_end(&net_j);
	return (int)r;
}

static void inet_tcp(const struct inet_fam *f, int bad)
{
	char l[128], p[128], pa[128];
	struct net_addr srv, closed, peer = { .len = sizeof(peer.ss) };
	char buf[64] = "hello";
	struct iovec iov = { buf, 3 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	int s, c, a, c2, c3;
	long r;

	s = inet_socket(f, SOCK_STREAM | SOCK_CLOEXEC);
	r = TRIG_OK(SYS_bind, s, &f->lo.ss, f->lo.len);
	srv = inet_bound(s);
	net_begin("bind", r, s, IPPROTO_TCP, net_str(l, sizeof(l), &srv),
		  NET_SKIP);
	tj_end(&net_j);
	r = TRIG_OK(SYS_listen, s, 5);
	net_begin("listen", r, s, -1, net_str(l, sizeof(l), &srv), NET_SKIP);
	tj_int(&net_j, "backlog", 5);
	tj_end(&net_j);

	c = inet_socket(f, SOCK_STREAM);
	r = TRIG_OK(SYS_connect, c, &srv.ss, srv.len);
	net_begin("connect", r, c, IPPROTO_TCP, net_local(l, sizeof(l), c),
		  net_str(p, sizeof(p), &srv));
	tj_end(&net_j);

	r = TRIG_OK(SYS_accept, s, &peer.ss, &peer.len);
	a = (int)r;
	net_begin("accept", r, s, IPPROTO_TCP, net_local(l, sizeof(l), a),
		  net_str(p, sizeof(p), &peer));
	tj_end(&net_j);
	if (strcmp(p, net_local(pa, sizeof(pa), c)))
		trig_die("accepted peer %s is not the client %s", p, pa);

	/* Connected: the remote is the kernel's peer, not the argument. */
	r = TRIG_OK(SYS_sendto, c, buf, 5, 0, NULL, 0);
	net_begin("sendto", r, c, -1, net_local(l, sizeof(l), c),
		  net_peer(p, sizeof(p), c));
	tj_int(&net_j, "size", 5);
	tj_end(&net_j);
	peer.len = sizeof(peer.ss);
	r = TRIG_OK(SYS_recvfrom, a, buf, sizeof(buf), 0, &peer.ss, &peer.len);
	net_begin("recvfrom", r, a, -1, net_local(l, sizeof(l), a),
		  net_peer(p, sizeof(p), a));
	tj_int(&net_j, "size", sizeof(buf));
	tj_end(&net_j);
	r = TRIG_OK(SYS_sendmsg, a, &msg, MSG_NOSIGNAL);
	net_begin("sendmsg", r, a, -1, net_local(l, sizeof(l), a),
		  net_peer(p, sizeof(p), a));
	tj_hex(&net_j, "flags", MSG_NOSIGNAL);
	tj_end(&net_j);
	r = TRIG_OK(SYS_recvmsg, c, &msg, 0);
	net_begin("recvmsg", r, c, -1, net_local(l, sizeof(l), c),
		  net_peer(p, sizeof(p), c));
	tj_hex(&net_j, "flags", 0);
	tj_end(&net_j);

	r = TRIG_OK(SYS_shutdown, c, SHUT_WR);
	net_begin("shutdown", r, c, -1, NET_SKIP, NET_SKIP);
	tj_int(&net_j, "how", SHUT_WR);
	tj_end(&net_j);
	r = TRIG_FAIL(EBADF, SYS_shutdown, bad, SHUT_RD);
	net_begin("shutdown", r, bad, -1, NET_SKIP, NET_SKIP);
	tj_int(&net_j, "how", SHUT_RD);
	tj_end(&net_j);

	/* accept4 of a second client, and on a socket that is no listener. */
	c2 = (int)TRIG_OK(SYS_socket, f->family, SOCK_STREAM, 0);
	TRIG_OK(SYS_connect, c2, &srv.ss, srv.len);
	r = TRIG_OK(SYS_accept4, s, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	net_begin("accept4", r, s, IPPROTO_TCP, net_local(l, sizeof(l), (int)r),
		  net_local(p, sizeof(p), c2));
	tj_str(&net_j, "flags", trig_oflags(pa, sizeof(pa),
					    SOCK_CLOEXEC | SOCK_NONBLOCK));
	tj_end(&net_j);
	r = TRIG_FAIL(EINVAL, SYS_accept4, c2, NULL, NULL, SOCK_CLOEXEC);
	net_begin("accept4", r, c2, -1, NET_SKIP, NET_SKIP);
	tj_str(&net_j, "flags", trig_oflags(pa, sizeof(pa), SOCK_CLOEXEC));
	tj_end(&net_j);

	/* A port that was just bound and closed again refuses. */
	c3 = (int)TRIG_OK(SYS_socket, f->family, SOCK_STREAM, 0);
	TRIG_OK(SYS_bind, c3, &f->lo.ss, f->lo.len);
	closed = inet_bound(c3);
	TRIG_OK(SYS_close, c3);
	c3 = (int)TRIG_OK(SYS_socket, f->family, SOCK_STREAM, 0);
	r = TRIG_FAIL(ECONNREFUSED, SYS_connect, c3, &closed.ss, closed.len);
	net_begin("connect", r, c3, IPPROTO_TCP, net_local(l, sizeof(l), c3),
		  net_str(p, sizeof(p), &closed));
	tj_end(&net_j);

	/* The wrong protocol for a stream socket. */
	r = TRIG_FAIL(EPROTONOSUPPORT, SYS_socket, f->family, SOCK_STREAM,
		      IPPROTO_UDP);
	net_socket("socket", r, f->name, SOCK_STREAM, IPPROTO_UDP);
	tj_end(&net_j);

	close(c3);
	close(c2);
	close(a);
	close(c);
	close(s);
}

static void inet_udp(const struct inet_fam *f)
{
	char l[128], p[128];
	struct net_addr u1a, from = { .len = sizeof(from.ss) };
	char buf[64] = "ping";
	struct iovec iov = { buf, 4 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	int u1, u2, u3;
	long r;

	u1 = inet_socket(f, SOCK_DGRAM);
	TRIG_OK(SYS_bind, u1, &f->lo.ss, f->lo.len);
	u1a = inet_bound(u1);
	u2 = inet_socket(f, SOCK_DGRAM | SOCK_NONBLOCK);

	/* Unconnected: the remote is the address passed or received. */
	r = TRIG_OK(SYS_sendto, u2, buf, 4, 0, &u1a.ss, u1a.len);
	net_begin("sendto", r, u2, -1, net_local(l, sizeof(l), u2),
		  net_str(p, sizeof(p), &u1a));
	tj_int(&net_j, "size", 4);
	tj_end(&net_j);
	r = TRIG_OK(SYS_recvfrom, u1, buf, sizeof(buf), 0, &from.ss, &from.len);
	net_begin("recvfrom", r, u1, -1, net_local(l, sizeof(l), u1),
		  net_str(p, sizeof(p), &from));
	tj_int(&net_j, "size", sizeof(buf));
	tj_end(&net_j);

	msg.msg_name = &u1a.ss;
	msg.msg_namelen = u1a.len;
	r = TRIG_OK(SYS_sendmsg, u2, &msg, 0);
	net_begin("sendmsg", r, u2, -1, net_local(l, sizeof(l), u2),
		  net_str(p, sizeof(p), &u1a));
	tj_end(&net_j);
	msg.msg_name = &from.ss;
	msg.msg_namelen = sizeof(from.ss);
	r = TRIG_OK(SYS_recvmsg, u1, &msg, 0);
	from.len = msg.msg_namelen;
	net_begin("recvmsg", r, u1, -1, net_local(l, sizeof(l), u1),
		  net_str(p, sizeof(p), &from));
	tj_end(&net_j);
	/* Nothing left to read: EAGAIN, and no address. */
	msg.msg_namelen = sizeof(from.ss);
	r = TRIG_FAIL(EAGAIN, SYS_recvmsg, u2, &msg, MSG_DONTWAIT);
	net_begin("recvmsg", r, u2, -1, NET_SKIP, NULL);
	tj_hex(&net_j, "flags", MSG_DONTWAIT);
	tj_end(&net_j);

	r = TRIG_OK(SYS_connect, u2, &u1a.ss, u1a.len);
	net_begin("connect", r, u2, IPPROTO_UDP, net_local(l, sizeof(l), u2),
		  net_str(p, sizeof(p), &u1a));
	tj_end(&net_j);

	/* The address is taken: the record shows the one passed. */
	u3 = (int)TRIG_OK(SYS_socket, f->family, SOCK_DGRAM, 0);
	r = TRIG_FAIL(EADDRINUSE, SYS_bind, u3, &u1a.ss, u1a.len);
	net_begin("bind", r, u3, IPPROTO_UDP, net_str(l, sizeof(l), &u1a),
		  NET_SKIP);
	tj_end(&net_j);

	close(u3);
	close(u2);
	close(u1);
}

static void inet_run(const struct inet_fam *f)
{
	net_me = trig_tid();
	inet_tcp(f, trig_closed_fd());
	inet_udp(f);
}

#endif /* TRIG_NET_INET_H */
