// SPDX-License-Identifier: GPL-2.0
/*
 * Pins the layout of every shared struct, as agent/abi_check.c does for
 * the agent: both sides must agree byte for byte.
 */
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include "vigil.h"

/* vigil_pad_<TYPE>: payload size minus the sum of its field sizes. */
#define VIGIL_EVENT(T, name, nr) \
	enum { vigil_pad_##T = sizeof(struct vigil_ev_##name) - (0
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b)	+ sizeof(VIGIL_CTYPE_##kind)
#define VIGIL_END(T)	) };
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END

void vigil_abi_check(void)
{
	BUILD_BUG_ON(sizeof(struct vigil_ring_cons) != 64);
	BUILD_BUG_ON(sizeof(struct vigil_ring_hdr) != 128);
	BUILD_BUG_ON(offsetof(struct vigil_ring_hdr, producer_pos) != 64);
	BUILD_BUG_ON(offsetof(struct vigil_ring_hdr, wall_base_ns) != 40);
	BUILD_BUG_ON(sizeof(struct vigil_event) != 80);
	BUILD_BUG_ON(offsetof(struct vigil_event, ts_ns) != 8);
	BUILD_BUG_ON(offsetof(struct vigil_event, res) != 16);
	BUILD_BUG_ON(offsetof(struct vigil_event, tid) != 24);
	BUILD_BUG_ON(offsetof(struct vigil_event, nr) != 56);
	BUILD_BUG_ON(offsetof(struct vigil_event, comm) != 64);
	BUILD_BUG_ON(sizeof(struct vigil_str) != 8);
	BUILD_BUG_ON(sizeof(struct vigil_sockaddr) != 24);
	BUILD_BUG_ON(offsetof(struct vigil_sockaddr, addr) != 8);
	BUILD_BUG_ON(sizeof(struct vigil_info) != 88);
	BUILD_BUG_ON(sizeof(struct vigil_bitmap) != VIGIL_NR_MAX / 8);
	BUILD_BUG_ON(sizeof(struct vigil_stats) != 80);
	BUILD_BUG_ON(sizeof(struct vigil_ignore) != 8);
	BUILD_BUG_ON(VIGIL_EV_MAX > 0xffff);
	/* Payload structs: no implicit padding anywhere. */
#define VIGIL_EVENT(T, name, nr)	BUILD_BUG_ON(vigil_pad_##T != 0);
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b)
#define VIGIL_END(T)
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END
}
