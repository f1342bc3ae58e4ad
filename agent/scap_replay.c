// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * .scap replay: blocks from scap_reader, metadata into scap_state, events
 * through scap_conv.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scap_replay.h"

struct scap_replay {
	struct scap_reader *rd;
	struct scap_state *st;
	struct scap_conv *conv;
	__u64 unknown;
	int err;
	char msg[SCAP_ERR_MAX + 64];
};

static struct scap_replay *replay_init(struct scap_reader *rd)
{
	struct scap_replay *rp;

	if (!rd)
		return NULL;
	rp = calloc(1, sizeof(*rp));
	if (!rp)
		goto fail_reader;
	rp->rd = rd;
	rp->st = scap_state_new();
	if (!rp->st)
		goto fail_rp;
	rp->conv = scap_conv_new(rp->st);
	if (!rp->conv)
		goto fail_state;
	return rp;

fail_state:
	scap_state_free(rp->st);
fail_rp:
	free(rp);
fail_reader:
	scap_reader_close(rd);
	errno = ENOMEM;
	return NULL;
}

struct scap_replay *scap_replay_open(const char *path)
{
	return replay_init(scap_reader_open(path));
}

struct scap_replay *scap_replay_open_mem(const void *buf, size_t len)
{
	return replay_init(scap_reader_open_mem(buf, len));
}

void scap_replay_close(struct scap_replay *rp)
{
	if (!rp)
		return;
	scap_conv_free(rp->conv);
	scap_state_free(rp->st);
	scap_reader_close(rp->rd);
	free(rp);
}

const char *scap_replay_error(const struct scap_replay *rp)
{
	return rp->msg;
}

struct scap_state *scap_replay_state(struct scap_replay *rp)
{
	return rp->st;
}

const struct scap_conv_stats *scap_replay_stats(const struct scap_replay *rp)
{
	return scap_conv_stats(rp->conv);
}

__u64 scap_replay_unknown_blocks(const struct scap_replay *rp)
{
	return rp->unknown;
}

unsigned int scap_replay_version(const struct scap_replay *rp)
{
	return scap_reader_major(rp->rd) << 16 | scap_reader_minor(rp->rd);
}

int scap_replay_next(struct scap_replay *rp, const struct vigil_event **ev,
		     struct scap_evmeta *meta)
{
	struct scap_block b;
	char err[SCAP_ERR_MAX];
	int r;

	if (rp->err)
		return rp->err;
	for (;;) {
		r = scap_reader_next(rp->rd, &b);
		if (r == 0)
			return 0;
		if (r < 0) {
			snprintf(rp->msg, sizeof(rp->msg), "%s",
				 scap_reader_error(rp->rd));
			rp->err = r;
			return r;
		}
		if (scap_bt_is_event(b.type)) {
			err[0] = '\0';
			r = scap_conv_block(rp->conv, &b, ev, meta, err,
					    sizeof(err));
			if (r > 0)
				return 1;
			if (r < 0) {
				snprintf(rp->msg, sizeof(rp->msg), "%s", err);
				rp->err = r;
				return r;
			}
			continue;
		}
		if (b.type == SCAP_BT_SHB)
			continue;
		err[0] = '\0';
		r = scap_state_add_block(rp->st, &b, err, sizeof(err));
		if (r < 0) {
			snprintf(rp->msg, sizeof(rp->msg),
				 "offset %llu: block type 0x%x: %s",
				 (unsigned long long)b.off, b.type, err);
			rp->err = r;
			return r;
		}
		if (r == 0)
			rp->unknown++;
	}
}
