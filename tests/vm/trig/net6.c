// SPDX-License-Identifier: GPL-2.0
/*
 * net6: the loopback socket scenario of net_inet.h over IPv6.  Without ::1
 * (IPv6 off, lo down) the first bind fails and so does the trigger.
 */
#include "net_inet.h"

int main(void)
{
	struct inet_fam f = { .family = AF_INET6, .name = "AF_INET6" };
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&f.lo.ss;

	in6->sin6_family = AF_INET6;
	in6->sin6_addr = in6addr_loopback;
	f.lo.len = sizeof(*in6);
	inet_run(&f);
	return 0;
}
