// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * libFuzzer target: one input is a raw .scap capture.  It is replayed to
 * the end or to the first error, and every record is decoded, so the
 * reader, the state blocks, the converter and the decoder's checks of
 * the records the converter builds are all exercised.
 */
#include <stddef.h>
#include <stdint.h>

#include "decode.h"
#include "scap_replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scap_replay *rp = scap_replay_open_mem(data, size);
	const struct vigil_event *ev;
	struct scap_evmeta meta;

	if (!rp)
		return 0;
	while (scap_replay_next(rp, &ev, &meta) > 0) {
		unsigned int invalid = 0;
		json_t *j;

		/* the converter must only build records the decoder accepts */
		if (vigil_rec_check(ev))
			__builtin_trap();
		j = vigil_decode_json(ev, 0, &invalid);
		if (!j || invalid)
			__builtin_trap();
		json_decref(j);
	}
	scap_replay_close(rp);
	return 0;
}
