#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# vigil -e on a raw .scap that another process truncates during the replay:
# vigil must stop with "offset N: the file shrank to M bytes ..." and exit
# status 1 (a mapped file read would have been killed by SIGBUS).
#
# The capture: vm-sysdig-0.29.3.scap.gz uncompressed (every event alerts,
# with a catch-all rule) followed by 2048 filler blocks of 4 KiB.  vigil's
# alerts go to a FIFO that this script stops reading after the first line,
# so vigil blocks on its output within the first events, long before the
# cut at 1 MiB into the filler; then the file is cut inside a filler block
# and the rest of the output is drained.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
vigil=${VIGIL:-$top/agent/vigil}
src=$top/../shared/scap/vm-sysdig-0.29.3.scap.gz
[ -x "$vigil" ] || make -s -C "$top" agent

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

gzip -dc "$src" >"$tmp/cap.scap"
base=$(wc -c <"$tmp/cap.scap")
# a 4096-byte block of unknown type 0x7777: header, filler, trailer
{
	printf '\167\167\000\000\000\020\000\000'
	head -c 4084 /dev/zero
	printf '\000\020\000\000'
} >"$tmp/fill"
i=0
while [ $i -lt 2048 ]; do
	cat "$tmp/fill" "$tmp/fill" "$tmp/fill" "$tmp/fill"
	i=$((i + 4))
done >>"$tmp/cap.scap"
size=$(wc -c <"$tmp/cap.scap")
cut_block=$((base + 256 * 4096))
cut=$((cut_block + 100))

cat >"$tmp/rules.yaml" <<'RULE'
- rule: every event
  desc: an alert per event, to fill vigil's output pipe
  condition: evt.num > 0
  output: "%evt.num %evt.type %proc.name %fd.name"
  priority: WARNING
RULE

mkfifo "$tmp/out"
"$vigil" -e "$tmp/cap.scap" -r "$tmp/rules.yaml" >"$tmp/out" 2>"$tmp/err" &
pid=$!
exec 3<"$tmp/out"
IFS= read -r first <&3 || { echo "replay_truncate: FAIL: no alert from vigil"; exit 1; }
truncate -s "$cut" "$tmp/cap.scap"
n=$(cat <&3 | wc -l)
exec 3<&-
rc=0
wait "$pid" || rc=$?

want="vigil: $tmp/cap.scap: offset $cut_block: the file shrank to $cut bytes while being read ($size when opened)"
fail=0
if [ "$rc" -ne 1 ]; then
	echo "replay_truncate: FAIL: exit status $rc, want 1"
	fail=1
fi
if ! grep -qxF "$want" "$tmp/err"; then
	echo "replay_truncate: FAIL: no line \"$want\" in vigil's stderr:"
	sed 's/^/     /' "$tmp/err" | tail -5
	fail=1
fi
[ $fail -eq 0 ] && echo "replay_truncate: ok: $((n + 1)) alerts, then" \
	"\"offset $cut_block: the file shrank to $cut bytes ...\", exit status 1"
exit $fail
