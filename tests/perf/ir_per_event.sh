#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The agent's instructions per record for open+close pairs (or, with
# `connect`, for rounds of socket, connect, accept, close and close, as
# tests/vm/bench.c's connect operation; with `forkexec`, for rounds of its
# forkexec operation: sched_fork, the parent's and the child's clone,
# sched_exec, execve, procexit), counted by callgrind (deterministic, no
# timing): two captures of 1000 and 11000 pairs (1000 and 3000 rounds) of
# one process (tests/perf/gen_openclose.c) replayed with the default
# rules; the difference over the 20000 (10000, 12000) extra records leaves
# out start-up (rules compiled, capture opened).  Then the top functions
# of pipeline_event() (state, accessors, rules), per record.
#
#   tests/perf/ir_per_event.sh [VIGIL [connect|forkexec]]
#	(default agent/vigil; make first)
set -e
V=${1:-agent/vigil}
D=build/perf
R="-r rules/vigil_rules.yaml -r rules/vigil_rules.local.yaml"

mkdir -p $D
cc -O2 -I. -Ishared -Iagent -o $D/gen_openclose tests/perf/gen_openclose.c
if [ "$2" = forkexec ]; then
	$D/gen_openclose 1000 $D/oc1k.vgl forkexec
	$D/gen_openclose 3000 $D/oc11k.vgl forkexec
	extra=12000 total=18000
elif [ "$2" = connect ]; then
	$D/gen_openclose 1000 $D/oc1k.vgl connect
	$D/gen_openclose 3000 $D/oc11k.vgl connect
	extra=10000 total=15003
else
	$D/gen_openclose 1000 $D/oc1k.vgl
	$D/gen_openclose 11000 $D/oc11k.vgl
	extra=20000 total=22000
fi

ir() {
	out=$D/cg.$1.out
	shift
	valgrind --tool=callgrind --callgrind-out-file=$out "$@" \
		2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
a=$(ir 1k $V -e $D/oc1k.vgl $R)
b=$(ir 11k $V -e $D/oc11k.vgl $R)
echo "Ir: short capture $a, long capture $b; per record $(( (b - a) / extra ))"

valgrind --tool=callgrind --toggle-collect=pipeline_event \
	--callgrind-out-file=$D/cg.pe.out $V -e $D/oc11k.vgl $R >/dev/null 2>&1
t=$(sed -n 's/^summary: //p' $D/cg.pe.out)
echo "pipeline_event (decode check, state, accessors, rules): $t for $total records, per record $(( t / total ))"
echo "its functions, per record, self:"
callgrind_annotate --show-percs=no $D/cg.pe.out 2>/dev/null |
	awk '/^ *[0-9,]+ +[^ ]+:[^ ]+/ { gsub(",", "", $1);
		if ($1 >= n * 8) printf "%8.1f  %s\n", $1 / n, $2 }' n=$total |
	head -30
