#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The exit events a vigil rule matches against the ones sysdig matches,
# event by event, for every filter of tests/scap/filters.txt and every
# capture (../shared/scap/*, tests/scap/fixtures/*):
#
#   vigil -e FILE -r RULES      one rule per filter, output "F<n> %evt.num %evt.type"
#   sysdig -r FILE -p '%evt.num %evt.type' "evt.dir=< and (FILTER)"
#
# sysdig's list is restricted to the event types vigil records
# (converted_types.txt; mmap and fcntl, which vigil records only in part,
# are left out on both sides, procexit is not an exit event to sysdig).
# Pairs listed in filters_skip.txt are skipped, loudly, with their
# reason.  Exit status 0 only when every compared list is
# equal.  Needs sysdig (apt-get install -y --no-install-recommends sysdig, done here when root).
#
#   tests/scap/compare_filters.sh [CAPTURE...]
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
vigil=${VIGIL:-$top/agent/vigil}
filters=${FILTERS:-$top/tests/scap/filters.txt}
skips=$top/tests/scap/filters_skip.txt

if ! command -v sysdig >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y --no-install-recommends sysdig >/dev/null 2>&1 ||
			{ echo "compare_filters: FAIL: apt-get install sysdig failed" >&2; exit 1; }
	else
		echo "compare_filters: SKIPPED: sysdig is not installed and" \
			"installing it needs root" >&2
		exit 77
	fi
fi
[ -x "$vigil" ] || make -s -C "$top" agent

if [ $# -eq 0 ]; then
	set -- "$top"/../shared/scap/*.scap "$top"/../shared/scap/*.scap.gz \
		"$top"/tests/scap/fixtures/*.scap*
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the rules file: rule F<n> per filter
grep -v '^#' "$filters" | grep -v '^[[:space:]]*$' >"$tmp/flt"
n=0
while IFS= read -r f; do
	n=$((n + 1))
	cond=$(printf '%s' "$f" | sed "s/'/''/g")
	cat >>"$tmp/rules.yaml" <<RULE
- rule: F$n
  desc: filter $n
  condition: '$cond'
  output: "F$n %evt.num %evt.type"
  priority: WARNING
RULE
done <"$tmp/flt"

fail=0
agree=0
total=0
skipped=0
for cap in "$@"; do
	[ -f "$cap" ] || continue
	name=$(basename "$cap")
	"$vigil" -e "$cap" -r "$tmp/rules.yaml" -q 2>"$tmp/verr" |
		sed -n 's/.*: Warning \(F[0-9]*\) \([0-9]*\) \([a-z0-9_]*\)$/\1 \2 \3/p' |
		grep -v ' mmap$' | grep -v ' fcntl$' | grep -v ' procexit$' >"$tmp/v" || {
		echo "FAIL $name: vigil failed:"; sed 's/^/     /' "$tmp/verr"
		fail=1
		continue
	}
	i=0
	while IFS= read -r f; do
		i=$((i + 1))
		total=$((total + 1))
		why=$(awk -F '\t' -v c="$name" -v f="$f" '$1 == c &&
			index(f, $2) == 1 {print $3; exit}' "$skips")
		if [ -n "$why" ]; then
			skipped=$((skipped + 1))
			echo "SKIP $name F$i [$f]: $why"
			continue
		fi
		awk -v r="F$i" '$1 == r {print $2}' "$tmp/v" | sort -n >"$tmp/vn"
		sysdig -r "$cap" -p '%evt.num %evt.type' "evt.dir=< and ($f)" \
			2>"$tmp/serr" >"$tmp/sall" || {
			echo "FAIL $name F$i [$f]: sysdig refused the filter:"
			sed 's/^/     /' "$tmp/serr" | head -3
			fail=1
			continue
		}
		while read -r num t; do
			case $t in mmap|fcntl) continue ;; esac
			grep -qx "$t" "$top/tests/scap/converted_types.txt" &&
				echo "$num"
		done <"$tmp/sall" | sort -n >"$tmp/sn" || true
		if cmp -s "$tmp/vn" "$tmp/sn"; then
			agree=$((agree + 1))
			echo "ok   $name F$i [$f]: $(wc -l <"$tmp/sn") events"
		else
			fail=1
			echo "FAIL $name F$i [$f]: vigil $(wc -l <"$tmp/vn")," \
				"sysdig $(wc -l <"$tmp/sn") events; first differences" \
				"(< vigil only, > sysdig only):"
			diff "$tmp/vn" "$tmp/sn" | grep '^[<>]' | head -5 |
				sed 's/^/     /'
		fi
	done <"$tmp/flt"
done
echo "compare_filters: $agree of $total (filter, capture) pairs agree," \
	"$skipped skipped with a reason (filters_skip.txt)"
exit $fail
