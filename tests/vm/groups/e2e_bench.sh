# SPDX-License-Identifier: GPL-2.0
# vmtest group "e2e_bench" (manual): the daemon's RSS with the upstream Falco rules, idle and after a million events of churn
# Sourced by tests/vm/run-in-vm.sh after tests/vm/lib.sh; defines
# group_e2e_bench, which returns non-zero with the reason in $why.
#
#   tools/vmtest --kernel 6.1 --only e2e_bench
#
# The daemon runs the upstream Falco rules (falco_rules.yaml, incubating,
# sandbox; from /work/shared/falco-rules on the host, read through the host
# share) with a capture (-w) and the webserver on.  Its VmRSS is read idle
# (5 s after start), then `e2e_act churn` (fork + exec + 64 opens and
# closes a round) runs in chunks until the module has committed at least
# BENCH_EVENTS records (at most BENCH_CHUNKS chunks of 100 rounds, at most
# BENCH_SECS seconds: what was reached is reported), and VmRSS, VmHWM and
# the state table sizes are read again.  Figures go to $OUT/e2e_bench.txt;
# the judge (tests/vm/groups/e2e_bench.judge) replays the capture on the
# host through the same rules and adds the events/s.  Figures only: the
# group fails only when something does not run.

BENCH_RULES=/work/shared/falco-rules
BENCH_EVENTS=1000000
BENCH_CHUNKS=100
BENCH_SECS=1500		# and at most this long (the VM is slow: ~1000 events/s)
BENCH_DIR=/tmp/bench

# bench_metric NAME FILE: the sum of NAME's samples in FILE.
bench_metric() {
	awk -v n="$1" '$1 == n || index($1, n "{") == 1 { s += $2 } END { printf "%d\n", s }' "$2"
}

# bench_mem PID: "VmRSS=... VmHWM=..." in kB.
bench_mem() {
	awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 } END { printf "rss_kb=%d hwm_kb=%d\n", r, h }' /proc/$1/status
}

group_e2e_bench() {
	local dpid r rules= chunk=0 ev=0 t0 t1

	host_ready || return 1
	for r in falco_rules.yaml falco-incubating_rules.yaml falco-sandbox_rules.yaml; do
		if [ ! -f $HOST$BENCH_RULES/$r ]; then
			why="$BENCH_RULES/$r is not on the host"
			return 1
		fi
		rules="$rules -r $HOST$BENCH_RULES/$r"
	done
	rm -rf $BENCH_DIR
	mkdir -p $BENCH_DIR/files
	insmod $KO || { why="insmod failed"; return 1; }
	if ! daemon_up $BENCH_DIR/vigil.pid 120 $BENCH_DIR/alerts \
		$OUT/e2e_bench.err -c /dev/null $rules -o log_syslog=false \
		-o syslog_output.enabled=false -o webserver.enabled=true \
		-w $BENCH_DIR/cap.vgl; then
		cleanup_module
		return 1
	fi
	sleep 5
	echo "idle $(bench_mem $dpid)" >$OUT/e2e_bench.txt
	t0=$(uptime_s)
	while [ $chunk -lt $BENCH_CHUNKS ]; do
		e2e_act churn 100 $BENCH_DIR/files >/dev/null ||
			{ why="e2e_act churn failed"; break; }
		chunk=$((chunk + 1))
		wget -q -O $BENCH_DIR/metrics http://127.0.0.1:8765/metrics
		ev=$(bench_metric vigil_kernel_events_total $BENCH_DIR/metrics)
		echo "e2e_bench: chunk $chunk, $ev events, $(bench_mem $dpid)"
		[ "$ev" -ge $BENCH_EVENTS ] && break
		[ "$(awk "BEGIN{print ($(uptime_s) - $t0 > $BENCH_SECS)}")" = 1 ] && break
	done
	t1=$(uptime_s)
	sleep 5
	wget -q -O $OUT/e2e_bench.metrics http://127.0.0.1:8765/metrics
	{
		echo "churn rounds=$((chunk * 100)) seconds=$(awk "BEGIN{print $t1 - $t0}") kernel_events=$(bench_metric vigil_kernel_events_total $OUT/e2e_bench.metrics) processed=$(bench_metric vigil_events_total $OUT/e2e_bench.metrics) kernel_drops=$(bench_metric vigil_kernel_drops_total $OUT/e2e_bench.metrics) alerts=$(bench_metric vigil_alerts_total $OUT/e2e_bench.metrics)"
		echo "after $(bench_mem $dpid)"
		grep '^vigil_state_entries' $OUT/e2e_bench.metrics
	} >>$OUT/e2e_bench.txt
	daemon_down 120
	cleanup_module
	cp $BENCH_DIR/cap.vgl $OUT/e2e_bench.vgl
	cat $OUT/e2e_bench.txt
	rm -rf $BENCH_DIR
	[ -z "$why" ]
}
