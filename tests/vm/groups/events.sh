# SPDX-License-Identifier: GPL-2.0
# vmtest group "events" (default): every trigger program's expected events in the dump
# Sourced by tests/vm/run-in-vm.sh after tests/vm/lib.sh; defines group_events,
# which returns non-zero with the reason in $why.

NTRIG_TIMEOUT=60	# seconds one trigger program may run

group_events() {
	local dump bin name rc ntrig=0 nbad=0

	[ -x $VIGIL ] || { why="the agent is missing from the initramfs"; return 1; }
	insmod $KO || { why="insmod vigil.ko failed"; return 1; }
	rm -rf /tmp/ready /tmp/vt
	mkdir -p /tmp/vt
	: >$OUT/expect.jsonl
	: >$OUT/trig.log
	$VIGIL --dump --events all --ready-file /tmp/ready \
		>$OUT/dump.jsonl 2>$OUT/dump.err &
	dump=$!
	if ! wait_file /tmp/ready 60 $dump; then
		kill -KILL $dump 2>/dev/null
		wait $dump
		why="the dump never created its ready file (exit $?): $(tail -n 2 $OUT/dump.err | tr '\n' ' ')"
		cleanup_module
		return 1
	fi
	for bin in /bin/trig_*; do
		[ -x "$bin" ] || continue
		name=${bin#/bin/trig_}
		ntrig=$((ntrig + 1))
		mkdir -p /tmp/vt/$name
		echo "--- trig_$name" >>$OUT/trig.log
		# The child does the redirections and the chdir itself (same
		# tid as the trigger), then execs it.
		(cd /tmp/vt/$name && exec $bin) >>$OUT/expect.jsonl 2>>$OUT/trig.log &
		if ! wait_exit $! $NTRIG_TIMEOUT; then
			echo "trig_$name: killed after ${NTRIG_TIMEOUT}s" >>$OUT/trig.log
			nbad=$((nbad + 1))
		elif [ $wrc -ne 0 ]; then
			echo "trig_$name: exit $wrc" >>$OUT/trig.log
			nbad=$((nbad + 1))
		fi
	done
	kill -INT $dump
	if ! wait_exit $dump 120; then
		why="the dump did not stop within 120s of SIGINT"
		cleanup_module
		return 1
	fi
	rc=$wrc
	echo "$rc" >$OUT/dump.rc
	if ! rmmod vigil; then
		why="rmmod after the dump exited failed"
		cleanup_module
		return 1
	fi
	if [ $rc -ne 0 ]; then
		why="the dump exited $rc: $(tail -n 2 $OUT/dump.err | tr '\n' ' ')"
		return 1
	fi
	if [ $ntrig -eq 0 ]; then
		why="no trigger programs (tests/vm/trig/*.c)"
		return 1
	fi
	if [ $nbad -ne 0 ]; then
		why="$nbad of $ntrig triggers failed: $(grep -E '^trig_[^ ]*: (exit|killed)' $OUT/trig.log | head -n 5 | tr '\n' ' ')"
		return 1
	fi
	echo "events: $ntrig triggers ran, $(wc -l <$OUT/dump.jsonl) events dumped"
	return 0
}

