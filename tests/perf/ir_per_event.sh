#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The agent's instructions per record for open+close pairs, counted by
# callgrind (deterministic, no timing): two captures of 1000 and 11000
# pairs of one process (tests/perf/gen_openclose.c) replayed with the
# default rules; the difference over the 20000 extra records leaves out
# start-up (rules compiled, capture opened).  Then the top functions of
# pipeline_event() (state, accessors, rules), per record.
#
#   tests/perf/ir_per_event.sh [VIGIL]	(default agent/vigil; make first)
set -e
V=${1:-agent/vigil}
D=build/perf
R="-r rules/vigil_rules.yaml -r rules/vigil_rules.local.yaml"

mkdir -p $D
cc -O2 -I. -Ishared -Iagent -o $D/gen_openclose tests/perf/gen_openclose.c
$D/gen_openclose 1000 $D/oc1k.vgl
$D/gen_openclose 11000 $D/oc11k.vgl

ir() {
	out=$D/cg.$1.out
	shift
	valgrind --tool=callgrind --callgrind-out-file=$out "$@" \
		2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
a=$(ir 1k $V -e $D/oc1k.vgl $R)
b=$(ir 11k $V -e $D/oc11k.vgl $R)
echo "Ir: 1000 pairs $a, 11000 pairs $b; per record $(( (b - a) / 20000 ))"

valgrind --tool=callgrind --toggle-collect=pipeline_event \
	--callgrind-out-file=$D/cg.pe.out $V -e $D/oc11k.vgl $R >/dev/null 2>&1
t=$(sed -n 's/^summary: //p' $D/cg.pe.out)
echo "pipeline_event (decode check, state, accessors, rules): $t for 22000 records, per record $(( t / 22000 ))"
echo "its functions, per record, self:"
callgrind_annotate --show-percs=no $D/cg.pe.out 2>/dev/null |
	awk '/^ *[0-9,]+ +[^ ]+:[^ ]+/ { gsub(",", "", $1);
		if ($1 >= 22000 * 8) printf "%8.1f  %s\n", $1 / 22000, $2 }' |
	head -30
