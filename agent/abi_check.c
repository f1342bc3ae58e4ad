// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Compile-time pins of every struct shared with the kernel module
 * (shared/vigil_abi.h, shared/vigil_events.h).  A layout change that the
 * module and the agent do not agree on fails the agent's build here;
 * kmod/vigil_abi_check.c pins the same numbers with BUILD_BUG_ON.
 * This file has no code: it only has to compile.
 */
#include <stddef.h>

#include "vigil_events.h"

#define PIN_SIZE(s, n) \
	_Static_assert(sizeof(struct s) == (n), "sizeof(struct " #s ")")
#define PIN_OFF(s, f, n) \
	_Static_assert(offsetof(struct s, f) == (n), #s "." #f)

PIN_SIZE(vigil_ring_cons, 64);
PIN_OFF(vigil_ring_cons, consumer_pos, 0);
PIN_OFF(vigil_ring_cons, reserved, 8);

PIN_SIZE(vigil_ring_hdr, 128);
PIN_OFF(vigil_ring_hdr, abi_version, 0);
PIN_OFF(vigil_ring_hdr, hdr_size, 4);
PIN_OFF(vigil_ring_hdr, features, 8);
PIN_OFF(vigil_ring_hdr, data_offset, 16);
PIN_OFF(vigil_ring_hdr, data_size, 24);
PIN_OFF(vigil_ring_hdr, cpu, 32);
PIN_OFF(vigil_ring_hdr, reserved0, 36);
PIN_OFF(vigil_ring_hdr, wall_base_ns, 40);
PIN_OFF(vigil_ring_hdr, reserved1, 48);
PIN_OFF(vigil_ring_hdr, producer_pos, 64);	/* own cache line */
PIN_OFF(vigil_ring_hdr, written, 72);
PIN_OFF(vigil_ring_hdr, drop_full, 80);
PIN_OFF(vigil_ring_hdr, drop_reentrant, 88);
PIN_OFF(vigil_ring_hdr, drop_too_large, 96);
PIN_OFF(vigil_ring_hdr, faults, 104);
PIN_OFF(vigil_ring_hdr, compat_skipped, 112);
PIN_OFF(vigil_ring_hdr, reserved2, 120);

PIN_SIZE(vigil_event, 80);
PIN_OFF(vigil_event, len, 0);
PIN_OFF(vigil_event, type, 4);
PIN_OFF(vigil_event, flags, 6);
PIN_OFF(vigil_event, ts_ns, 8);
PIN_OFF(vigil_event, res, 16);
PIN_OFF(vigil_event, tid, 24);
PIN_OFF(vigil_event, tgid, 28);
PIN_OFF(vigil_event, ppid, 32);
PIN_OFF(vigil_event, uid, 36);
PIN_OFF(vigil_event, gid, 40);
PIN_OFF(vigil_event, euid, 44);
PIN_OFF(vigil_event, egid, 48);
PIN_OFF(vigil_event, loginuid, 52);
PIN_OFF(vigil_event, nr, 56);
PIN_OFF(vigil_event, cpu, 60);
PIN_OFF(vigil_event, comm, 64);
_Static_assert(sizeof(struct vigil_event) % VIGIL_REC_ALIGN == 0,
	       "record header keeps payloads 8-byte aligned");

PIN_SIZE(vigil_str, 8);
PIN_OFF(vigil_str, off, 0);
PIN_OFF(vigil_str, len, 2);
PIN_OFF(vigil_str, flags, 4);
PIN_OFF(vigil_str, reserved, 6);

PIN_SIZE(vigil_sockaddr, 24);
PIN_OFF(vigil_sockaddr, family, 0);
PIN_OFF(vigil_sockaddr, port, 2);
PIN_OFF(vigil_sockaddr, path_off, 4);
PIN_OFF(vigil_sockaddr, path_len, 6);
PIN_OFF(vigil_sockaddr, addr, 8);

PIN_SIZE(vigil_info, 88);
PIN_OFF(vigil_info, abi_version, 0);
PIN_OFF(vigil_info, nr_rings, 4);
PIN_OFF(vigil_info, features, 8);
PIN_OFF(vigil_info, page_size, 16);
PIN_OFF(vigil_info, hdr_size, 20);
PIN_OFF(vigil_info, mmap_stride, 24);
PIN_OFF(vigil_info, data_offset, 32);
PIN_OFF(vigil_info, data_size, 40);
PIN_OFF(vigil_info, snaplen, 48);
PIN_OFF(vigil_info, nr_max, 52);
PIN_OFF(vigil_info, reserved, 56);

PIN_SIZE(vigil_bitmap, VIGIL_NR_MAX / 8);
PIN_OFF(vigil_bitmap, bits, 0);

PIN_SIZE(vigil_stats, 80);
PIN_OFF(vigil_stats, written, 0);
PIN_OFF(vigil_stats, drop_full, 8);
PIN_OFF(vigil_stats, drop_reentrant, 16);
PIN_OFF(vigil_stats, drop_too_large, 24);
PIN_OFF(vigil_stats, faults, 32);
PIN_OFF(vigil_stats, compat_skipped, 40);
PIN_OFF(vigil_stats, reserved, 48);

PIN_SIZE(vigil_ignore, 8);
PIN_OFF(vigil_ignore, tgid, 0);
PIN_OFF(vigil_ignore, flags, 4);

/* The ioctl numbers encode the argument sizes: pin them too. */
_Static_assert(VIGIL_IOC_GET_INFO == 0x8058b701, "VIGIL_IOC_GET_INFO");
_Static_assert(VIGIL_IOC_SET_BITMAP == 0x4080b702, "VIGIL_IOC_SET_BITMAP");
_Static_assert(VIGIL_IOC_START == 0xb703, "VIGIL_IOC_START");
_Static_assert(VIGIL_IOC_STOP == 0xb704, "VIGIL_IOC_STOP");
_Static_assert(VIGIL_IOC_SET_SNAPLEN == 0x4004b705, "VIGIL_IOC_SET_SNAPLEN");
_Static_assert(VIGIL_IOC_GET_STATS == 0x8050b706, "VIGIL_IOC_GET_STATS");
_Static_assert(VIGIL_IOC_IGNORE_TGID == 0x4008b707, "VIGIL_IOC_IGNORE_TGID");

_Static_assert(VIGIL_EV_PAD == 0 && VIGIL_EV_PAD_ == 0, "pad is type 0");
_Static_assert(VIGIL_EV_MAX <= 0xffff, "type fits vigil_event.type");
_Static_assert(VIGIL_NR_PROCEXIT < VIGIL_NR_MAX, "sched nrs fit the bitmap");

/*
 * Payload structs: every field is 8 bytes (U64, S64, STR, STRV) or
 * 24 bytes (ADDR) and nothing else, so each struct's size is the sum of
 * its fields' sizes, with no padding anywhere.  First sum the def's field
 * sizes per type, then compare with the generated structs.
 */
#define KIND_SIZE_U64	8
#define KIND_SIZE_S64	8
#define KIND_SIZE_STR	8
#define KIND_SIZE_STRV	8
#define KIND_SIZE_ADDR	24

#define VIGIL_EVENT(T, name, nr)	ABI_SUM_##T = 0
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b)	+ KIND_SIZE_##kind
#define VIGIL_END(T)			,
enum abi_payload_sum {
#include "vigil_events.def"
};
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END

#define VIGIL_EVENT(T, name, nr) \
	_Static_assert(sizeof(struct vigil_ev_##name) == ABI_SUM_##T, \
		       "payload of " #name " is the sum of its fields"); \
	_Static_assert(sizeof(struct vigil_ev_##name) % VIGIL_REC_ALIGN == 0, \
		       "payload of " #name " keeps 8-byte alignment");
#define VIGIL_FIELD(T, f, kind, fmt, src, a, b) \
	_Static_assert(sizeof(VIGIL_CTYPE_##kind) == KIND_SIZE_##kind, \
		       #T "." #f " has its kind's size");
#define VIGIL_END(T)
#include "vigil_events.def"
#undef VIGIL_EVENT
#undef VIGIL_FIELD
#undef VIGIL_END
