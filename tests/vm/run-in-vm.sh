#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vigil's kernel tests, inside the throwaway VM that tools/vmtest boots
# (busybox sh; /init hands over to this script with /out mounted).
#
# Everything goes to /out, the host's build/vm/<kver>/out over 9p:
#   group.<name>   "ok" or "FAIL: <why>" for each group that finished
#   dump.jsonl, dump.err, expect.jsonl, trig.log   the events group
#   accounting.jsonl, accounting.err, accounting.txt
#   unload.log, devfuzz.log, dmesg.txt, tainted
#   result         "rc=<number of failed groups>", written last; the host
#                  seeded it with a failure before booting
#   bench.raw      (vmtest.mode=bench) one line per benchmark run
#
# Kernel command line: vmtest.mode=test|bench, vmtest.groups=a,b,c.
# Before each group a line "vigil-vmtest: <group>" goes to /dev/kmsg.

OUT=/out
KO=/lib/vigil/vigil.ko
VIGIL=/usr/bin/vigil
NTRIG_TIMEOUT=60	# seconds one trigger program may run
ACCT_N=20000		# getppid() calls of the accounting group
ACCT_NR=110		# __NR_getppid on x86_64 (39 is getpid, which ash calls)
UNLOAD_ROUNDS=20

mode=test
groups="events accounting unload devfuzz"
for arg in $(cat /proc/cmdline); do
	case $arg in
	vmtest.mode=*) mode=${arg#vmtest.mode=} ;;
	vmtest.groups=*) groups=$(echo "${arg#vmtest.groups=}" | tr , ' ') ;;
	esac
done

marker() {
	echo "vigil-vmtest: $1" >/dev/kmsg
	echo "=== vigil-vmtest: $1"
}

# alive PID: PID exists and is not a zombie.
alive() {
	local k v rest

	[ -r "/proc/$1/status" ] || return 1
	while read -r k v rest; do
		if [ "$k" = "State:" ]; then
			[ "$v" != Z ]
			return
		fi
	done <"/proc/$1/status" 2>/dev/null
	return 1
}

# wait_exit PID SECS: reap child PID within SECS seconds, status in $wrc.
# Returns 1 (after SIGKILL) if it was still running.
wait_exit() {
	local pid=$1 n=$(($2 * 10))

	while [ $n -gt 0 ]; do
		if ! alive "$pid"; then
			wait "$pid"
			wrc=$?
			return 0
		fi
		usleep 100000
		n=$((n - 1))
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid"
	wrc=$?
	return 1
}

# wait_file PATH SECS PID: PATH appears within SECS while PID lives.
wait_file() {
	local n=$(($2 * 10))

	while [ $n -gt 0 ]; do
		[ -e "$1" ] && return 0
		alive "$3" || return 1
		usleep 100000
		n=$((n - 1))
	done
	return 1
}

uptime_s() {
	local up rest

	read -r up rest </proc/uptime
	echo "$up"
}

loaded() {
	grep -q '^vigil ' /proc/modules
}

# rmmod_retry SECS: unload vigil, retrying while it is busy.
rmmod_retry() {
	local n=$(($1 * 5))

	while [ $n -gt 0 ]; do
		rmmod vigil 2>/dev/null && return 0
		usleep 200000
		n=$((n - 1))
	done
	rmmod vigil
}

# Leave no module behind for the next group.
cleanup_module() {
	loaded || return 0
	rmmod_retry 5 || echo "cleanup: vigil.ko stays loaded"
}

# ---- events: dump everything while the trigger programs run ----
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

# stat_of KEY FILE: the number after "KEY": in the stats line of FILE.
stat_of() {
	grep '"stats"' "$2" | tail -n 1 |
		sed -n "s/.*\"$1\" *: *\([0-9][0-9]*\).*/\1/p"
}

# ---- accounting: every getppid() is either delivered or counted dropped ----
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

# ---- unload: rmmod refused while the dump holds /dev/vigil ----
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

# ---- devfuzz: the device's open/ioctl/mmap contract ----
group_devfuzz() {
	local pid

	insmod $KO || { why="insmod vigil.ko failed"; return 1; }
	/bin/devfuzz >$OUT/devfuzz.log 2>&1 &
	pid=$!
	if ! wait_exit $pid 300; then
		why="devfuzz still running after 300s"
		cleanup_module
		return 1
	fi
	if [ $wrc -ne 0 ]; then
		why="devfuzz exit $wrc: $(grep -m 3 'devfuzz: FAIL' $OUT/devfuzz.log | tr '\n' ' ')"
		cleanup_module
		return 1
	fi
	if ! rmmod_retry 5; then
		why="rmmod after devfuzz failed"
		return 1
	fi
	return 0
}

# ---- bench: interleaved runs without and with the module ----
bench_run() {
	echo "mode=$1 $(/bin/bench)" >>$OUT/bench.raw
}

run_bench() {
	local i dump

	: >$OUT/bench.raw
	echo "ok" >/tmp/bench.file
	i=1
	while [ $i -le 5 ]; do
		marker "bench round $i"
		bench_run off || return 1
		insmod $KO || return 1
		rm -f /tmp/ready
		$VIGIL --dump --events all --ready-file /tmp/ready >/dev/null 2>/tmp/bench.err &
		dump=$!
		wait_file /tmp/ready 30 $dump || return 1
		bench_run on || return 1
		kill -INT $dump
		wait_exit $dump 60 || return 1
		rmmod_retry 10 || return 1
		i=$((i + 1))
	done
	bench_run off2
}

failed=0
if [ "$mode" = bench ]; then
	if run_bench; then
		echo "rc=0" >$OUT/result
	else
		echo "rc=1 (benchmark failed)" >$OUT/result
	fi
	cat $OUT/bench.raw
	sync
	exit 0
fi

# The README's demonstration: the daemon with the default rules while the
# event generator performs a short scripted attack.  Alerts go to
# $OUT/demo-alerts.txt.
DEMO_STEPS="read_password_file write_below_etc write_below_binary_dir
	reverse_shell_stdio netcat_exec read_ssh_private_key setuid_bit_set
	clear_log_file"
group_demo() {
	local dpid a

	insmod $KO || { why="insmod failed"; return 1; }
	rm -f /tmp/vigil.pid $OUT/demo-steps.txt
	$VIGIL -r /etc/vigil/vigil_rules.yaml -r /etc/vigil/vigil_rules.local.yaml \
		--pidfile /tmp/vigil.pid >$OUT/demo-alerts.txt 2>$OUT/demo.err &
	dpid=$!
	if ! wait_file /tmp/vigil.pid 60 $dpid; then
		why="the daemon did not start: $(tail -n 3 $OUT/demo.err)"
		return 1
	fi
	sleep 2
	for a in $DEMO_STEPS; do
		echo "step: $a" >>$OUT/demo-steps.txt
		/bin/vigil-event-generator run $a >>$OUT/demo-steps.txt 2>&1 ||
			echo "step $a: generator exit $?" >>$OUT/demo-steps.txt
	done
	sleep 2
	kill -TERM $dpid
	wait_exit $dpid 60 || { why="the daemon did not stop on SIGTERM"; return 1; }
	cat $OUT/demo-alerts.txt
	[ -s $OUT/demo-alerts.txt ] || { why="no alerts"; return 1; }
}

for g in $groups; do
	marker "$g"
	why=
	if group_$g; then
		echo ok >$OUT/group.$g
		echo "=== $g: ok"
	else
		echo "FAIL: ${why:-unknown}" >$OUT/group.$g
		echo "=== $g: FAIL: ${why:-unknown}"
		failed=$((failed + 1))
	fi
	cleanup_module
done

marker "dmesg"
dmesg >$OUT/dmesg.txt
cat /proc/sys/kernel/tainted >$OUT/tainted
echo "rc=$failed" >$OUT/result
sync
