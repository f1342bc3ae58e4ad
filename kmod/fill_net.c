// SPDX-License-Identifier: GPL-2.0
/*
 * Socket fields: the local and peer address of a socket as the kernel
 * holds them, falling back to the address the caller passed (or the
 * kernel wrote back) when the socket has none, and the l4 protocol.
 */
#define pr_fmt(fmt) "vigil: " fmt

#include <linux/kernel.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/rcupdate.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/un.h>
#include <net/af_unix.h>
#include <net/inet_sock.h>
#include <net/sock.h>
#include <net/ipv6.h>
#include "vigil.h"
#include "compat.h"

static void vigil_put_unix_path(struct vigil_rec *r, struct vigil_sockaddr *a,
				const char *path, int len)
{
	struct vigil_str tmp = { };

	/* Filesystem names may carry trailing NULs; abstract ones start
	 * with a NUL and are taken whole. */
	if (len > 0 && path[0] != '\0')
		len = strnlen(path, len);
	if (len <= 0)
		return;
	vigil_put_bytes(r, &tmp, path, len, 0);
	a->path_off = tmp.off;
	a->path_len = tmp.len;
}

/* Address of sk (local, or its peer).  Under rcu_read_lock(). */
static bool vigil_sock_addr(struct vigil_rec *r, struct sock *sk, bool peer,
			    struct vigil_sockaddr *a)
{
	struct inet_sock *inet;

	switch (sk->sk_family) {
	case AF_INET:
		inet = inet_sk(sk);
		if (peer) {
			if (!inet->inet_dport)
				return false;
			memcpy(a->addr, &inet->inet_daddr, 4);
			a->port = ntohs(inet->inet_dport);
		} else {
			__be32 ip = inet->inet_rcv_saddr ? inet->inet_rcv_saddr :
				    inet->inet_saddr;

			memcpy(a->addr, &ip, 4);
			a->port = ntohs(inet->inet_sport);
		}
		a->family = AF_INET;
		return true;
#if IS_ENABLED(CONFIG_IPV6)
	case AF_INET6:
		inet = inet_sk(sk);
		if (peer) {
			if (!inet->inet_dport)
				return false;
			memcpy(a->addr, &sk->sk_v6_daddr, 16);
			a->port = ntohs(inet->inet_dport);
		} else {
			memcpy(a->addr, &sk->sk_v6_rcv_saddr, 16);
			a->port = ntohs(inet->inet_sport);
		}
		a->family = AF_INET6;
		return true;
#endif
	case AF_UNIX: {
		struct unix_sock *u = unix_sk(sk);
		struct unix_address *ua;

		if (peer) {
			struct sock *p = READ_ONCE(u->peer);

			if (!p)
				return false;
			u = unix_sk(p);
		}
		/* Pairs with smp_store_release() of ->addr in af_unix bind. */
		ua = smp_load_acquire(&u->addr);
		if (!ua)
			return false;	/* unnamed */
		a->family = AF_UNIX;
		if (ua->len > offsetof(struct sockaddr_un, sun_path))
			vigil_put_unix_path(r, a, ua->name->sun_path,
				ua->len - offsetof(struct sockaddr_un, sun_path));
		return true;
	}
	default:
		a->family = sk->sk_family;
		return !peer;
	}
}

static bool vigil_user_addr(struct vigil_rec *r, const void __user *ua,
			    long len, struct vigil_sockaddr *a)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_un *un = (struct sockaddr_un *)&ss;

	if (!ua || len < (long)sizeof(sa_family_t))
		return false;
	len = min_t(long, len, sizeof(ss));
	memset(&ss, 0, sizeof(ss));
	if (vigil_copy_user(&ss, ua, len)) {
		vigil_mark_fault(r, NULL);
		return false;
	}
	switch (ss.ss_family) {
	case AF_INET:
		if (len < (long)sizeof(*in))
			return false;
		memcpy(a->addr, &in->sin_addr, 4);
		a->port = ntohs(in->sin_port);
		break;
	case AF_INET6:
		if (len < (long)sizeof(*in6))
			return false;
		memcpy(a->addr, &in6->sin6_addr, 16);
		a->port = ntohs(in6->sin6_port);
		break;
	case AF_UNIX:
		vigil_put_unix_path(r, a, un->sun_path,
				    len - offsetof(struct sockaddr_un, sun_path));
		break;
	default:
		break;
	}
	a->family = ss.ss_family;
	return true;
}

/* The peer address the caller passed or the kernel wrote back. */
static bool vigil_user_peer(struct vigil_rec *r, unsigned int src,
			    unsigned int b, struct vigil_sockaddr *a)
{
	struct user_msghdr msg;
	int len;

	if (b >= 6)
		return false;
	switch (src) {
	case VIGIL_SRC_SOCK_PEER:
	case VIGIL_SRC_SOCK_LOCAL_U:
		return vigil_user_addr(r, (void __user *)r->args[b],
				       (int)r->args[b + 1], a);
	case VIGIL_SRC_SOCK_PEER_UPTR:
		if (r->ret < 0 || !r->args[b + 1] ||
		    vigil_copy_user(&len, (void __user *)r->args[b + 1],
				    sizeof(len)))
			return false;
		return vigil_user_addr(r, (void __user *)r->args[b], len, a);
	case VIGIL_SRC_SOCK_PEER_MSG:
		if (!r->args[b] || vigil_copy_user(&msg, (void __user *)r->args[b],
						   sizeof(msg)))
			return false;
		if (r->nr == __NR_recvmsg && r->ret < 0)
			return false;
		return vigil_user_addr(r, msg.msg_name, msg.msg_namelen, a);
	}
	return false;
}

void vigil_fill_sock(struct vigil_rec *r, unsigned int src, unsigned int a,
		     unsigned int b, void *slot)
{
	struct vigil_sockaddr *addr = slot;
	long fd = a == VIGIL_A_RES ? r->ret : (long)(int)r->args[a];
	struct socket *sock = NULL;
	struct file *f;
	bool found = false;

	rcu_read_lock();
	f = fd >= 0 ? vigil_fd_file(fd) : NULL;
	if (f)
		sock = vigil_sock_from_file(f);
	if (sock && sock->sk) {
		struct sock *sk = sock->sk;

		switch (src) {
		case VIGIL_SRC_SOCK_PROTO:
			*(u64 *)slot = sk->sk_protocol;
			found = true;
			break;
		case VIGIL_SRC_SOCK_LOCAL:
			found = vigil_sock_addr(r, sk, false, addr);
			break;
		case VIGIL_SRC_SOCK_LOCAL_U:
			if (r->ret >= 0)
				found = vigil_sock_addr(r, sk, false, addr);
			break;
		default:
			found = vigil_sock_addr(r, sk, true, addr);
			break;
		}
	}
	rcu_read_unlock();
	if (found || src == VIGIL_SRC_SOCK_PROTO || src == VIGIL_SRC_SOCK_LOCAL)
		return;
	memset(addr, 0, sizeof(*addr));
	vigil_user_peer(r, src, b, addr);
}
