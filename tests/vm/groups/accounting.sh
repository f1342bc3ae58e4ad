# SPDX-License-Identifier: GPL-2.0
# vmtest group "accounting" (default): delivered + dropped = emitted, exactly
# Sourced by tests/vm/run-in-vm.sh after tests/vm/lib.sh; defines group_accounting,
# which returns non-zero with the reason in $why.

ACCT_N=20000		# getppid() calls of the accounting group
ACCT_NR=110		# __NR_getppid on x86_64 (39 is getpid, which ash calls)

# stat_of KEY FILE: the number after "KEY": in the stats line of FILE.
stat_of() {
	grep '"stats"' "$2" | tail -n 1 |
		sed -n "s/.*\"$1\" *: *\([0-9][0-9]*\).*/\1/p"
}

group_accounting() {
	local dump tid rc all mine other k written full reent big delivered invalid sum ksum

	[ -x $VIGIL ] || { why="the agent is missing from the initramfs"; return 1; }
	insmod $KO ring_size=8192 || { why="insmod vigil.ko ring_size=8192 failed"; return 1; }
	rm -f /tmp/ready
	touch /tmp/hold
	# Nothing in this window may call getppid() but storm: no new
	# shells (ash asks for $PPID), no busybox timeout.
	$VIGIL --dump --events nr:$ACCT_NR --hold /tmp/hold --stats \
		--ready-file /tmp/ready >$OUT/accounting.jsonl 2>$OUT/accounting.err &
	dump=$!
	if ! wait_file /tmp/ready 60 $dump; then
		kill -KILL $dump 2>/dev/null
		wait $dump
		why="the dump never created its ready file: $(tail -n 2 $OUT/accounting.err | tr '\n' ' ')"
		cleanup_module
		return 1
	fi
	/bin/storm getppid $ACCT_N >/tmp/storm.tid
	rc=$?
	tid=$(cat /tmp/storm.tid)
	rm -f /tmp/hold
	sleep 1
	kill -INT $dump
	if ! wait_exit $dump 60; then
		why="the dump did not stop within 60s of SIGINT"
		cleanup_module
		return 1
	fi
	echo "$wrc" >$OUT/accounting.rc
	cleanup_module
	if [ $rc -ne 0 ] || [ -z "$tid" ]; then
		why="storm getppid failed (exit $rc)"
		return 1
	fi
	if [ $wrc -ne 0 ]; then
		why="the dump exited $wrc: $(tail -n 2 $OUT/accounting.err | tr '\n' ' ')"
		return 1
	fi

	all=$(grep -c '"type": *"syscall"' $OUT/accounting.jsonl)
	mine=$(grep '"type": *"syscall"' $OUT/accounting.jsonl |
		grep "\"nr\": *$ACCT_NR[,}]" | grep -c "\"tid\": *$tid[,}]")
	other=$(grep -vc '"type": *"syscall"' $OUT/accounting.jsonl)
	for k in written drop_full drop_reentrant drop_too_large delivered invalid; do
		if [ -z "$(stat_of $k $OUT/accounting.err)" ]; then
			why="no \"$k\" in the dump's --stats line"
			return 1
		fi
	done
	written=$(stat_of written $OUT/accounting.err)
	full=$(stat_of drop_full $OUT/accounting.err)
	reent=$(stat_of drop_reentrant $OUT/accounting.err)
	big=$(stat_of drop_too_large $OUT/accounting.err)
	delivered=$(stat_of delivered $OUT/accounting.err)
	invalid=$(stat_of invalid $OUT/accounting.err)
	sum=$((mine + full + reent + big))
	{
		echo "storm tid $tid, $ACCT_N getppid calls"
		echo "dumped: $mine getppid of that tid, $((all - mine)) syscall events of other tids, $other of other types"
		echo "stats: written $written drop_full $full drop_reentrant $reent drop_too_large $big delivered $delivered invalid $invalid"
		echo "delivered + drops = $mine + $full + $reent + $big = $sum"
	} | tee $OUT/accounting.txt

	if [ $((all - mine)) -ne 0 ] || [ $other -ne 0 ]; then
		why="$((all - mine + other)) events not from storm's getppid (something else calls getppid?)"
		return 1
	fi
	ksum=$((written + full + reent + big))
	if [ $sum -ne $ACCT_N ]; then
		why="printed + drops = $sum, not $ACCT_N (kernel: written $written + drops $((full + reent + big)) = $ksum; agent: delivered $delivered, invalid $invalid, printed $mine)"
		return 1
	fi
	if [ "$full" -eq 0 ]; then
		why="drop_full is 0: the 8 KiB ring never overflowed"
		return 1
	fi
	if [ "$written" -ne "$mine" ] || [ "$delivered" -ne "$mine" ] || [ "$invalid" -ne 0 ]; then
		why="written $written, agent delivered $delivered, invalid $invalid, but $mine events printed"
		return 1
	fi
	return 0
}

