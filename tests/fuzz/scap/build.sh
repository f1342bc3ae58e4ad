#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
#   tests/fuzz/scap/build.sh fuzz     clang libFuzzer binary (ASan+UBSan)
#   tests/fuzz/scap/build.sh replay   replay binary with $CC (gcc), ASan
#   tests/fuzz/scap/build.sh check    build replay and run the corpus
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
srcs="$here/fuzz_scap.c $top/agent/scap_reader.c $top/agent/scap_state.c
      $top/agent/scap_events.c $top/agent/scap_convtab.c $top/agent/path_norm.c
      $top/agent/scap_xlat.c $top/agent/scap_replay.c $top/agent/decode.c $top/agent/utf8.c
      $top/agent/names.c"
inc="-std=gnu11 -D_GNU_SOURCE -I$top -I$top/shared -I$top/agent"
libs=$(pkg-config --libs jansson zlib)
case ${1:-check} in
fuzz)
	clang -g -O1 -fsanitize=fuzzer,address,undefined $inc -o "$here/fuzz_scap" \
		$srcs $libs ;;
replay|check)
	${CC:-cc} -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
		$inc -o "$here/replay_scap" "$here/../replay_main.c" $srcs $libs
	if [ "${1:-check}" = check ]; then
		"$here/replay_scap" "$here/corpus"
	fi ;;
*)
	echo "usage: $0 fuzz|replay|check" >&2; exit 2 ;;
esac
