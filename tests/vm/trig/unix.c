// SPDX-License-Identifier: GPL-2.0
/*
 * unix: AF_UNIX sockets on a path (stream: bind, listen, connect, accept,
 * sendto, recvfrom, sendmsg, recvmsg) and on an abstract name (datagram:
 * sendto/recvfrom unconnected), connects refused and to a missing path,
 * socketpair, shutdown.  Unbound sockets have no address (null).
 */
#include "net.h"

#include <sys/uio.h>

static struct net_addr unix_addr(const char *path, int abstract)
{
	struct net_addr a;
	struct sockaddr_un *un = (struct sockaddr_un *)&a.ss;
	size_t n = strlen(path);

	memset(&a, 0, sizeof(a));
	un->sun_family = AF_UNIX;
	if (n + 2 > sizeof(un->sun_path))
		trig_die("unix path too long: %s", path);
	memcpy(un->sun_path + !!abstract, path, n);
	a.len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n +
			    !!abstract);
	return a;
}

static int unix_socket(int type)
{
	long r = TRIG_OK(SYS_socket, AF_UNIX, type, 0);

	net_socket("socket", r, "AF_UNIX", type, 0);
	tj_end(&net_j);
	return (int)r;
}

static void unix_stream(const char *cwd)
{
	char path[PATH_MAX], l[256], p[256];
	struct net_addr srv, gone, missing;
	char buf[64] = "abc";
	struct iovec iov = { buf, 3 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	int s, c, a, c2, g;
	long r;

	srv = unix_addr(trig_join(path, sizeof(path), cwd, "srv.sock"), 0);
	s = unix_socket(SOCK_STREAM);
	r = TRIG_OK(SYS_bind, s, &srv.ss, srv.len);
	net_begin("bind", r, s, 0, net_local(l, sizeof(l), s), NET_SKIP);
	tj_end(&net_j);
	r = TRIG_FAIL(EADDRINUSE, SYS_bind, (g = (int)TRIG_OK(SYS_socket,
			AF_UNIX, SOCK_STREAM, 0)), &srv.ss, srv.len);
	net_begin("bind", r, g, 0, net_str(l, sizeof(l), &srv), NET_SKIP);
	tj_end(&net_j);
	close(g);
	r = TRIG_OK(SYS_listen, s, 4);
	net_begin("listen", r, s, -1, net_str(l, sizeof(l), &srv), NET_SKIP);
	tj_int(&net_j, "backlog", 4);
	tj_end(&net_j);

	c = unix_socket(SOCK_STREAM | SOCK_CLOEXEC);
	r = TRIG_OK(SYS_connect, c, &srv.ss, srv.len);
	net_begin("connect", r, c, 0, net_local(l, sizeof(l), c),
		  net_peer(p, sizeof(p), c));
	tj_end(&net_j);
	if (net_local(l, sizeof(l), c))
		trig_die("an unbound unix socket has an address");

	r = TRIG_OK(SYS_accept, s, NULL, NULL);
	a = (int)r;
	net_begin("accept", r, s, 0, net_local(l, sizeof(l), a),
		  net_peer(p, sizeof(p), a));
	tj_end(&net_j);

	r = TRIG_OK(SYS_sendto, c, buf, 3, 0, NULL, 0);
	net_begin("sendto", r, c, -1, NULL, net_str(p, sizeof(p), &srv));
	tj_int(&net_j, "size", 3);
	tj_end(&net_j);
	r = TRIG_OK(SYS_recvfrom, a, buf, sizeof(buf), 0, NULL, NULL);
	net_begin("recvfrom", r, a, -1, net_str(l, sizeof(l), &srv), NULL);
	tj_int(&net_j, "size", sizeof(buf));
	tj_end(&net_j);
	r = TRIG_OK(SYS_sendmsg, a, &msg, 0);
	net_begin("sendmsg", r, a, -1, net_str(l, sizeof(l), &srv), NULL);
	tj_end(&net_j);
	r = TRIG_OK(SYS_recvmsg, c, &msg, 0);
	net_begin("recvmsg", r, c, -1, NULL, net_str(p, sizeof(p), &srv));
	tj_end(&net_j);

	r = TRIG_OK(SYS_shutdown, a, SHUT_RDWR);
	net_begin("shutdown", r, a, -1, NET_SKIP, NET_SKIP);
	tj_int(&net_j, "how", SHUT_RDWR);
	tj_end(&net_j);
	g = (int)TRIG_OK(SYS_open, cwd, O_RDONLY | O_DIRECTORY);
	r = TRIG_FAIL(ENOTSOCK, SYS_shutdown, g, SHUT_RD);
	net_begin("shutdown", r, g, -1, NET_SKIP, NET_SKIP);
	tj_int(&net_j, "how", SHUT_RD);
	tj_end(&net_j);
	close(g);

	/* A socket file whose socket was closed refuses; no file: ENOENT. */
	gone = unix_addr(trig_join(path, sizeof(path), cwd, "gone.sock"), 0);
	g = (int)TRIG_OK(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	TRIG_OK(SYS_bind, g, &gone.ss, gone.len);
	TRIG_OK(SYS_close, g);
	c2 = (int)TRIG_OK(SYS_socket, AF_UNIX, SOCK_STREAM, 0);
	r = TRIG_FAIL(ECONNREFUSED, SYS_connect, c2, &gone.ss, gone.len);
	net_begin("connect", r, c2, 0, NULL, net_str(p, sizeof(p), &gone));
	tj_end(&net_j);
	missing = unix_addr(trig_join(path, sizeof(path), cwd, "none.sock"), 0);
	r = TRIG_FAIL(ENOENT, SYS_connect, c2, &missing.ss, missing.len);
	net_begin("connect", r, c2, 0, NULL, net_str(p, sizeof(p), &missing));
	tj_end(&net_j);

	close(c2);
	close(a);
	close(c);
	close(s);
}

static void unix_abstract(void)
{
	char name[64], l[256], p[256];
	struct net_addr abs, from = { .len = sizeof(from.ss) };
	char buf[64] = "dgram";
	int s, c;
	long r;

	snprintf(name, sizeof(name), "vigil-abstract-%d", (int)getpid());
	abs = unix_addr(name, 1);
	s = unix_socket(SOCK_DGRAM);
	r = TRIG_OK(SYS_bind, s, &abs.ss, abs.len);
	net_begin("bind", r, s, 0, net_local(l, sizeof(l), s), NET_SKIP);
	tj_end(&net_j);
	if (strcmp(l + 1, name) || l[0] != '@')
		trig_die("abstract address reads back as %s", l);

	c = unix_socket(SOCK_DGRAM);
	r = TRIG_OK(SYS_sendto, c, buf, 5, 0, &abs.ss, abs.len);
	net_begin("sendto", r, c, -1, NULL, net_str(p, sizeof(p), &abs));
	tj_int(&net_j, "size", 5);
	tj_end(&net_j);
	r = TRIG_OK(SYS_recvfrom, s, buf, sizeof(buf), 0, &from.ss, &from.len);
	net_begin("recvfrom", r, s, -1, net_str(l, sizeof(l), &abs),
		  net_str(p, sizeof(p), &from));
	tj_end(&net_j);
	close(c);
	close(s);
}

static void unix_pair(void)
{
	char st[64];
	int sv[2];
	long r;

	r = TRIG_OK(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv);
	net_socket("socketpair", r, "AF_UNIX", SOCK_STREAM, 0);
	tj_int(&net_j, "fd0", sv[0]);
	tj_int(&net_j, "fd1", sv[1]);
	tj_end(&net_j);
	r = TRIG_OK(SYS_shutdown, sv[1], SHUT_WR);
	net_begin("shutdown", r, sv[1], -1, NET_SKIP, NET_SKIP);
	tj_int(&net_j, "how", SHUT_WR);
	tj_end(&net_j);
	close(sv[0]);
	close(sv[1]);

	r = TRIG_FAIL(EOPNOTSUPP, SYS_socketpair, AF_INET, SOCK_STREAM, 0, sv);
	tj_begin(&net_j, "socketpair", net_me);
	tj_res(&net_j, r);
	tj_str(&net_j, "domain", "AF_INET");
	tj_str(&net_j, tj_pkey("type"), trig_socktype(st, sizeof(st),
						      SOCK_STREAM));
	tj_end(&net_j);
}

int main(void)
{
	char cwd[PATH_MAX];

	net_me = trig_tid();
	trig_getcwd(cwd, sizeof(cwd));
	unix_stream(cwd);
	unix_abstract();
	unix_pair();
	return 0;
}
