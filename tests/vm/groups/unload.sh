# SPDX-License-Identifier: GPL-2.0
# vmtest group "unload" (default): rmmod refused while the device is held, clean after
# Sourced by tests/vm/run-in-vm.sh after tests/vm/lib.sh; defines group_unload,
# which returns non-zero with the reason in $why.

UNLOAD_ROUNDS=20

group_unload() {
	local round dump storm log=$OUT/unload.log

	[ -x $VIGIL ] || { why="the agent is missing from the initramfs"; return 1; }
	: >$log
	round=1
	while [ $round -le $UNLOAD_ROUNDS ]; do
		echo "round $round start $(uptime_s)" >>$log
		insmod $KO || { why="round $round: insmod failed"; return 1; }
		rm -f /tmp/ready
		$VIGIL --dump --events all --ready-file /tmp/ready >/dev/null 2>>$log &
		dump=$!
		if ! wait_file /tmp/ready 30 $dump; then
			kill -KILL $dump 2>/dev/null
			wait $dump
			why="round $round: the dump never became ready"
			cleanup_module
			return 1
		fi
		/bin/storm mix 4 60 >>$log 2>&1 &
		storm=$!
		echo "round $round dump ready, storm started $(uptime_s)" >>$log
		sleep 1
		if rmmod vigil 2>>$log; then
			why="round $round: rmmod succeeded while the dump had /dev/vigil open"
			kill -KILL $dump $storm 2>/dev/null
			wait $dump
			wait $storm
			return 1
		fi
		kill -TERM $dump
		echo "round $round rmmod refused, dump stopping $(uptime_s)" >>$log
		if ! wait_exit $dump 30; then
			why="round $round: the dump did not exit within 30s of SIGTERM"
			kill -TERM $storm; wait_exit $storm 10
			cleanup_module
			return 1
		fi
		if [ $wrc -ne 0 ]; then
			why="round $round: the dump exited $wrc after SIGTERM"
			kill -TERM $storm; wait_exit $storm 10
			cleanup_module
			return 1
		fi
		echo "round $round dump exited $(uptime_s)" >>$log
		if ! rmmod_retry 5 2>>$log; then
			why="round $round: rmmod failed after the dump exited"
			kill -TERM $storm; wait_exit $storm 10
			return 1
		fi
		if ! alive $storm; then
			why="round $round: the storm was no longer running at rmmod"
			wait $storm
			return 1
		fi
		kill -TERM $storm
		if ! wait_exit $storm 20 || [ $wrc -ne 0 ]; then
			why="round $round: storm did not stop cleanly (exit $wrc)"
			return 1
		fi
		round=$((round + 1))
	done
	return 0
}

