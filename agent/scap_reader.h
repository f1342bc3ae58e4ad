/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Block reader for sysdig/Falco .scap capture files (gzip or raw).
 *
 * A capture is a sequence of blocks:
 *
 *   +0   __u32 type
 *   +4   __u32 total length (header, body, padding and trailer)
 *   +8   body
 *   ...  __u32 total length again (the trailer)
 *
 * The first block is the section header (SCAP_BT_SHB).  This reader only
 * frames and validates blocks; scap_state.c and scap_events.c interpret
 * their bodies.  Every length is checked against SCAP_BLOCK_MAX before
 * anything is allocated, and every error names the byte offset (in the
 * uncompressed stream) of the block that failed.  Blocks before the
 * damage are delivered normally.
 */
#ifndef VIGIL_SCAP_READER_H
#define VIGIL_SCAP_READER_H

#include <stddef.h>
#include <linux/types.h>

/* Block types (public scap format). */
#define SCAP_BT_SHB		0x0A0D0D0AU	/* section header */
#define SCAP_BT_MI		0x201U		/* machine info */
#define SCAP_BT_MI_INT		0x8002ABCDU
#define SCAP_BT_PL_V1		0x202U		/* process list */
#define SCAP_BT_PL_V1_INT	0x8000ABCDU
#define SCAP_BT_PL_V2		0x207U
#define SCAP_BT_PL_V2_INT	0x8013ABCDU
#define SCAP_BT_PL_V3		0x209U
#define SCAP_BT_PL_V3_INT	0x8014ABCDU
#define SCAP_BT_PL_V4		0x210U
#define SCAP_BT_PL_V5		0x211U
#define SCAP_BT_PL_V6		0x212U
#define SCAP_BT_PL_V7		0x213U
#define SCAP_BT_PL_V8		0x214U
#define SCAP_BT_PL_V9		0x215U
#define SCAP_BT_FDL		0x203U		/* fd list */
#define SCAP_BT_FDL_INT		0x8001ABCDU
#define SCAP_BT_FDL_V2		0x218U
#define SCAP_BT_EV		0x204U		/* event, no nparams */
#define SCAP_BT_EV_INT		0x8010ABCDU
#define SCAP_BT_EV_V2		0x216U
#define SCAP_BT_EV_V2_LARGE	0x221U
#define SCAP_BT_EVF		0x208U		/* event with flags */
#define SCAP_BT_EVF_V2		0x217U
#define SCAP_BT_EVF_V2_LARGE	0x222U
#define SCAP_BT_IL		0x205U		/* interface list */
#define SCAP_BT_IL_INT		0x8011ABCDU
#define SCAP_BT_IL_V2		0x219U
#define SCAP_BT_UL		0x206U		/* user list */
#define SCAP_BT_UL_INT		0x8012ABCDU
#define SCAP_BT_UL_V2		0x220U

#define SCAP_SHB_MAGIC		0x1A2B3C4DU
#define SCAP_SHB_MAJOR		1

/* Largest block accepted (large-payload events included). */
#define SCAP_BLOCK_MAX		(16U << 20)
/* Largest body of a block that is not a large-payload event block. */
#define SCAP_BLOCK_MAX_SMALL	(1U << 20)

#define SCAP_ERR_MAX		256

struct scap_block {
	__u32 type;
	__u32 len;		/* body bytes: total length - 12 */
	const unsigned char *body;	/* valid until the next call */
	__u64 off;		/* offset of the block header */
};

struct scap_reader;

/* Open a file (gzip or raw); NULL with errno set on failure. */
struct scap_reader *scap_reader_open(const char *path);

/* Read from memory (the bytes must stay valid); NULL with errno ENOMEM. */
struct scap_reader *scap_reader_open_mem(const void *buf, size_t len);

/*
 * Next block: 1 with *b filled, 0 at a clean end of file, -errno on a
 * damaged file (scap_reader_error() says what and where; every later call
 * returns the same error).  The section header is checked here; other
 * block types are returned unchanged, known or not.
 */
int scap_reader_next(struct scap_reader *r, struct scap_block *b);

/* Message of the last error, "" if none. */
const char *scap_reader_error(const struct scap_reader *r);

/* Section header version (0.0 before the first block is read). */
unsigned int scap_reader_major(const struct scap_reader *r);
unsigned int scap_reader_minor(const struct scap_reader *r);

/* Bytes consumed so far (uncompressed). */
__u64 scap_reader_offset(const struct scap_reader *r);

void scap_reader_close(struct scap_reader *r);

/* Whether a block type is an event block, and its header layout. */
int scap_bt_is_event(__u32 type);
int scap_bt_event_has_flags(__u32 type);
int scap_bt_event_has_nparams(__u32 type);
int scap_bt_event_is_large(__u32 type);

#endif /* VIGIL_SCAP_READER_H */
