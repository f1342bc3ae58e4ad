#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# For each capture, vigil's count of converted records per event type
# against sysdig's count of exit events of the same types:
#   sysdig -r FILE -p '%evt.type' "evt.dir=<"   (procexit: its only event)
# restricted as vigil's capture is: mmap only with PROT_EXEC, fcntl only
# F_DUPFD / F_DUPFD_CLOEXEC.  Types vigil does not convert are left out
# of both sides.  Exit status 0 only when every count is equal.
#
#   tests/scap/compare_counts.sh [CAPTURE...]   (default: ../shared/scap/*)
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
tool=${SCAP_TOOL:-$top/tests/scap/scap_tool}
if [ ! -x "$tool" ] || [ "$tool" -ot "$top/agent/scap_events.c" ]; then
	make -s -C "$top" tests/scap/scap_tool 2>/dev/null ||
	${CC:-cc} -std=gnu11 -O2 -D_GNU_SOURCE -I"$top" -I"$top/shared" \
		-I"$top/agent" -o "$tool" "$top/tests/scap/scap_tool.c" \
		"$top"/agent/scap_*.c "$top/agent/path_norm.c" "$top/agent/decode.c" "$top/agent/utf8.c" \
		"$top/agent/names.c" $(pkg-config --libs jansson zlib)
fi
command -v sysdig >/dev/null || { echo "compare_counts: sysdig not installed" >&2; exit 1; }

if [ $# -eq 0 ]; then
	set -- "$top"/../shared/scap/*.scap "$top"/../shared/scap/*.scap.gz \
		"$top"/tests/scap/fixtures/*.scap*
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for f in "$@"; do
	[ -f "$f" ] || continue
	"$tool" --scap-count --sysdig-names "$f" 2>/dev/null | sort >"$tmp/v" || true
	types=$(cut -d' ' -f1 "$tmp/v")
	: >"$tmp/s"
	# every type either side may have: vigil's, plus the exit event types
	# of syscalls vigil converts that sysdig saw
	sysdig -r "$f" -p '%evt.type' "evt.dir=< or evt.type=procexit" 2>/dev/null |
		sort | uniq -c | awk '{print $2, $1}' >"$tmp/all"
	for t in $(cut -d' ' -f1 "$tmp/all") $types; do
		echo "$t"
	done | sort -u >"$tmp/types"
	while read -r t; do
		grep -qx "$t" "$top/tests/scap/converted_types.txt" || continue
		case $t in
		mmap) flt="evt.type=mmap and evt.dir=< and evt.arg.prot contains PROT_EXEC" ;;
		fcntl) flt="evt.type=fcntl and evt.dir=< and (evt.arg.cmd contains F_DUPFD)" ;;
		procexit) flt="evt.type=procexit" ;;
		*) flt="evt.type=$t and evt.dir=<" ;;
		esac
		if [ "$t" = fcntl ]; then
			# the cmd is on the enter event: count exits whose enter matches
			n=$(sysdig -r "$f" -p '*%evt.dir %thread.tid %evt.arg.cmd' "evt.type=fcntl" 2>/dev/null |
				awk '$1==">" {c[$2]=$3} $1=="<" {if (c[$2] ~ /F_DUPFD/) n++; c[$2]=""} END {print n+0}')
		elif [ "$t" = mmap ]; then
			n=$(sysdig -r "$f" -p '*%evt.dir %thread.tid %evt.arg.prot' "evt.type=mmap" 2>/dev/null |
				awk '$1==">" {c[$2]=$3} $1=="<" {if (c[$2] ~ /PROT_EXEC/) n++; c[$2]=""} END {print n+0}')
		else
			n=$(sysdig -r "$f" -p '%evt.num' "$flt" 2>/dev/null | wc -l)
		fi
		[ "$n" -gt 0 ] && echo "$t $n" >>"$tmp/s"
	done <"$tmp/types"
	sort -o "$tmp/s" "$tmp/s"
	# event by event: evt.num and type of every record (mmap and fcntl,
	# whose selection depends on the enter event, are left out here)
	"$tool" --scap-dump "$f" 2>/dev/null |
		sed -n 's/.*"evt.num":\([0-9]*\),"evt.type":"\([a-z0-9_]*\)".*/\1 \2/p' |
		grep -v ' mmap$' | grep -v ' fcntl$' >"$tmp/vn" || true
	sysdig -r "$f" -p '%evt.num %evt.type' "evt.dir=< or evt.type=procexit" 2>/dev/null |
		grep -v ' mmap$' | grep -v ' fcntl$' |
		while read -r num t; do
			grep -qx "$t" "$top/tests/scap/converted_types.txt" && echo "$num $t"
		done >"$tmp/sn" || true
	if ! cmp -s "$tmp/vn" "$tmp/sn"; then
		echo "FAIL $(basename "$f"): evt.num lists differ:"
		diff "$tmp/vn" "$tmp/sn" | head -20 | sed 's/^/     /'
		fail=1
	else
		echo "ok   $(basename "$f"): $(wc -l <"$tmp/vn") records have sysdig's evt.num and type"
	fi
	if cmp -s "$tmp/v" "$tmp/s"; then
		echo "ok   $(basename "$f"): $(tr '\n' ' ' <"$tmp/v")"
	else
		echo "FAIL $(basename "$f"): vigil / sysdig differ:"
		diff "$tmp/v" "$tmp/s" | sed 's/^/     /'
		fail=1
	fi
done
exit $fail
