/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Replay of a .scap capture as vigil records: the block reader, the
 * metadata blocks into the initial state, event blocks through the
 * converter.  The library entry point for "vigil -e FILE".
 */
#ifndef VIGIL_SCAP_REPLAY_H
#define VIGIL_SCAP_REPLAY_H

#include <stddef.h>

#include "scap_events.h"
#include "scap_reader.h"
#include "scap_state.h"

struct scap_replay;

/* NULL with errno set when the file cannot be opened. */
struct scap_replay *scap_replay_open(const char *path);
struct scap_replay *scap_replay_open_mem(const void *buf, size_t len);

/*
 * Next record: 1 with *ev (valid until the next call) and *meta, 0 at
 * the end of the capture, -errno on a damaged capture; everything before
 * the damage has been delivered, scap_replay_error() names the offset.
 */
int scap_replay_next(struct scap_replay *rp, const struct vigil_event **ev,
		     struct scap_evmeta *meta);

const char *scap_replay_error(const struct scap_replay *rp);

/*
 * The state: complete once the first event has been returned (metadata
 * blocks precede events), then kept current by the converter.
 */
struct scap_state *scap_replay_state(struct scap_replay *rp);
const struct scap_conv_stats *scap_replay_stats(const struct scap_replay *rp);
/* Blocks of unknown types skipped by their length. */
__u64 scap_replay_unknown_blocks(const struct scap_replay *rp);
unsigned int scap_replay_version(const struct scap_replay *rp);

void scap_replay_close(struct scap_replay *rp);

#endif /* VIGIL_SCAP_REPLAY_H */
