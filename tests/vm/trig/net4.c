// SPDX-License-Identifier: GPL-2.0
/* net4: the loopback socket scenario of net_inet.h over IPv4. */
#include "net_inet.h"

int main(void)
{
	struct inet_fam f = { .family = AF_INET, .name = "AF_INET" };
	struct sockaddr_in *in = (struct sockaddr_in *)&f.lo.ss;

	in->sin_family = AF_INET;
	in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	f.lo.len = sizeof(*in);
	inet_run(&f);
	return 0;
}
