#!/bin/sh
# Self-test of tools/vmcheck: builds it into a scratch directory (or uses
# $VMCHECK) and runs it on the hand-made files in selftest/, checking the
# exit status and the key part of its report for each case.
#
#   tests/vm/trig/selftest.sh            (from anywhere)
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
st=$here/selftest
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -n "${VMCHECK:-}" ]; then
	vmcheck=$VMCHECK
else
	vmcheck=$tmp/vmcheck
	# shellcheck disable=SC2046
	cc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$vmcheck" "$top/tools/vmcheck.c" \
		$(pkg-config --cflags --libs jansson) || exit 1
fi

fails=0
# run NAME WANT_RC EXPECT DUMP PATTERN...: every PATTERN (grep -E) must
# appear in the output.
run() {
	name=$1 want=$2 exp=$3 dump=$4
	shift 4
	"$vmcheck" "$exp" "$dump" >"$tmp/out" 2>&1
	rc=$?
	ok=1
	[ "$rc" -eq "$want" ] || ok=0
	for pat in "$@"; do
		grep -Eq -- "$pat" "$tmp/out" || { ok=0; echo "  missing: $pat"; }
	done
	if [ $ok -eq 1 ]; then
		echo "ok   $name (rc=$rc)"
	else
		echo "FAIL $name: rc=$rc, want $want; output:"
		sed 's/^/    /' "$tmp/out"
		fails=$((fails + 1))
	fi
}

D=$st/dump.jsonl
run pass 0 "$st/pass.jsonl" "$D" \
	'^vmcheck: 8 expectations, 8 passed, 0 failed$'
run mismatch 1 "$st/mismatch.jsonl" "$D" \
	'^FAIL .*mismatch.jsonl:1 \(wrong inode\): 0 matching event\(s\), want 1' \
	'ino: want 999, got 1234' '1 failed$'
run mismatch_type 1 "$st/mismatch_type.jsonl" "$D" \
	'res: want "3", got 3' '1 failed$'
run missing 1 "$st/missing.jsonl" "$D" \
	'0 matching event\(s\), want 1' '0 event\(s\) of the same type and tid' \
	'1 failed$'
run missing_key 1 "$st/missing_key.jsonl" "$D" \
	'errno: want "EBADF", got \(absent\)' '1 failed$'
run ambiguous 1 "$st/ambiguous.jsonl" "$D" \
	'2 matching event\(s\), want 1' 'matching events:' 'dump.jsonl:3:' \
	'dump.jsonl:4:' '1 failed$'
run count_wrong 1 "$st/count_wrong.jsonl" "$D" \
	'3 matching event\(s\), want 2' '1 failed$'
run bad_directive 1 "$st/bad_directive.jsonl" "$D" \
	'bad_directive.jsonl:1: unknown directive "_cuont"' '1 failed$'
run no_keys 1 "$st/no_keys.jsonl" "$D" \
	'no_keys.jsonl:1: expectation has no key to match'
run garbage_expect 1 "$st/garbage.jsonl" "$D" \
	'garbage.jsonl:2: invalid JSON' 'garbage.jsonl:3: not a JSON object' \
	'^vmcheck: 3 expectations, 1 passed, 2 failed$'
run garbage_dump 1 "$st/garbage.jsonl" "$st/dump_garbage.jsonl" \
	'dump_garbage.jsonl:2: invalid JSON' \
	'dump_garbage.jsonl:3: invalid JSON' 'dump_garbage.jsonl: 2 malformed'
run dup_key 1 "$st/dup_key.jsonl" "$D" 'dup_key.jsonl:1: invalid JSON.*duplicate'
run empty 1 "$st/empty.jsonl" "$D" 'holds no expectations' \
	'^vmcheck: 0 expectations'
run no_file 2 "$st/nonexistent.jsonl" "$D" 'nonexistent.jsonl: No such file'
"$vmcheck" >/dev/null 2>&1
[ $? -eq 2 ] && echo "ok   usage (rc=2)" || { echo "FAIL usage"; fails=$((fails + 1)); }

if [ $fails -ne 0 ]; then
	echo "selftest: $fails case(s) failed"
	exit 1
fi
echo "selftest: all cases passed"
