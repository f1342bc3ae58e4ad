# SPDX-License-Identifier: GPL-2.0
#
# The benchmark mode of the test VM (vmtest.mode=bench, `tools/vmtest
# --bench`): sourced by tests/vm/run-in-vm.sh after tests/vm/lib.sh.
# Prints figures, asserts nothing about them.  Drivers:
#   off    no capture module loaded
#   floor  vigil_floor.ko (/lib/vigil/vigil_floor.ko, tests/vm/floor):
#          empty probes on sys_enter/sys_exit, no consumer; the least any
#          driver attached there adds (kernel path and perf only)
#   vigil  vigil.ko + the daemon with the default rules
#          (/etc/vigil/vigil_rules.yaml + vigil_rules.local.yaml), alerts
#          to /dev/null
#   vstop  as vigil, the daemon stopped (SIGSTOP) once ready: its rings
#          fill and from then on each record is built in the CPU's
#          scratch area and dropped, so the caller pays for building
#          records and nothing else (kernel path only)
#   vsmall as vigil with 256 KiB rings (ring_size=262144) instead of 8 MiB:
#          the same records and consumer, less ring memory (kernel path
#          only)
#   scap   Falco's scap.ko (/lib/vigil/scap.ko, built on the host from
#          Debian's falcosecurity-scap-dkms) + Debian's sysdig from the
#          host's root writing every event to /dev/null (`sysdig -v -w
#          /dev/null`)
# Writes to $OUT:
#   bench.raw   kernel path: "mode=M round=N getppid=ns openclose=ns ...
#               getppid_cpu=ns ..." (wall, then the caller's CPU time; M is
#               off, burn (no driver, a CPU burner beside: the control),
#               floor, vstop, vsmall, vigil, scap)
#   consumer.raw the consumer's CPU during each kernel-path run:
#               "mode=M round=N start_ticks=S cpu_ticks=T wakeups=W secs=U
#               events=E drops=D" (W: its threads' voluntary context
#               switches during the run, U: the run's length, /proc/uptime)
#               (S: from its exec to ready, start-up; T: from ready to the
#               run's end, its exit drain left out)
#   drops.raw   drops under `storm flood`: "driver=D round=R workers=W pairs=N
#               secs=S achieved=A cpu_ticks=T wakeups=K events=E drops=D"
#               (T, K: the consumer's CPU and wake-ups from ready to the
#               storm's end)
#   large.scap  a capture of a busy workload recorded with sysdig + scap.ko
#               (the host's replay benchmark), and large.raw its figures
#   fixture-*.scap  small scenario captures (candidates for
#               tests/scap/fixtures)
#   bench.log   what each driver printed
# Knobs on the kernel command line: vmtest.rounds=N (kernel path rounds,
# default 3), vmtest.bench=kernel,drops,large,fixtures (the default) and/or
# perf, consumer.

SCAP_KO=/lib/vigil/scap.ko
FLOOR_KO=/lib/vigil/vigil_floor.ko
BENCH_FILE=/tmp/bench.file
BENCH_TRUE=/bin/bench_true
DRIVER_PID=

# sysdig_start ARGS...: Debian's sysdig from the host's root in the
# background, output in /tmp/driver.err, pid in $DRIVER_PID (chroot and env
# exec it, so the pid is sysdig's: in_host, a function, would fork).
sysdig_start() {
	chroot $HOST /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root TERM=dumb LANG=C sysdig "$@" >/tmp/driver.err 2>&1 &
	DRIVER_PID=$!
}

# sysdig_wait: wait until sysdig holds /dev/scap* open, then a second more
# for its /proc scan to end and the capture to start.
sysdig_wait() {
	local n=1200

	while [ $n -gt 0 ]; do
		ls -l /proc/$DRIVER_PID/fd 2>/dev/null | grep -q /dev/scap && break
		alive $DRIVER_PID || break
		usleep 100000
		n=$((n - 1))
	done
	if ! ls -l /proc/$DRIVER_PID/fd 2>/dev/null | grep -q /dev/scap; then
		why="sysdig did not open /dev/scap*: $(tail -n 3 /tmp/driver.err)"
		return 1
	fi
	sleep 1
}

# driver_start vigil|vstop|vsmall|scap|floor: load the module, start its
# consumer and wait until it captures ("ready": vigil's pid file, written
# once its capture started; sysdig: /dev/scap* open and a second more);
# vstop then stops the daemon.  The consumer's pid is in $DRIVER_PID.
driver_start() {
	local args=

	DRIVER_PID=
	case $1 in
	vstop)
		driver_start vigil || return 1
		kill -STOP $DRIVER_PID
		;;
	vigil|vsmall)
		[ $1 = vsmall ] && args=ring_size=262144
		insmod $KO $args || { why="insmod vigil.ko $args failed"; return 1; }
		rm -f /tmp/vigil.pid
		$VIGIL -r /etc/vigil/vigil_rules.yaml \
			-r /etc/vigil/vigil_rules.local.yaml \
			-o log_syslog=false --pidfile /tmp/vigil.pid \
			>/dev/null 2>/tmp/driver.err &
		DRIVER_PID=$!
		wait_file /tmp/vigil.pid 60 $DRIVER_PID || {
			why="the vigil daemon did not start: $(tail -n 3 /tmp/driver.err)"
			return 1
		}
		;;
	scap)
		insmod $SCAP_KO || { why="insmod scap.ko failed"; return 1; }
		sysdig_start -v -w /dev/null
		sysdig_wait || return 1
		;;
	floor)
		insmod $FLOOR_KO || { why="insmod vigil_floor.ko failed"; return 1; }
		;;
	esac
}

# driver_stop vigil|scap|floor: stop the consumer, if there is one
# (SIGINT: both report their counters when they exit), and unload the
# module; the consumer's output is appended to $OUT/bench.log and left in
# /tmp/driver.err.
driver_stop() {
	local rc=0 mod=$1 n

	case $mod in
	floor) mod=vigil_floor ;;
	vstop) mod=vigil
	       kill -CONT $DRIVER_PID ;;
	vsmall) mod=vigil ;;
	esac
	if [ -n "$DRIVER_PID" ]; then
		kill -INT $DRIVER_PID
		wait_exit $DRIVER_PID 120 || { why="$1 consumer did not stop"; rc=1; }
		{ echo "--- $1"; cat /tmp/driver.err; } >>$OUT/bench.log 2>/dev/null
	fi
	n=50
	while grep -q "^$mod " /proc/modules && [ $n -gt 0 ]; do
		rmmod $mod 2>/dev/null && break
		usleep 200000
		n=$((n - 1))
	done
	grep -q "^$mod " /proc/modules && { why="rmmod $mod failed"; rc=1; }
	return $rc
}

# driver_counts vigil|vstop|vsmall|scap: "events=E drops=D" from the
# consumer's exit report in /tmp/driver.err.
driver_counts() {
	case $1 in
	vigil|vstop|vsmall)
		# "N events, M alerts, kernel drops: full F reentrant R too_large T"
		sed -n 's/.* \([0-9][0-9]*\) events, [0-9]* alerts, kernel drops: full \([0-9]*\) reentrant \([0-9]*\) too_large \([0-9]*\).*/events=\1 drops=\2+\3+\4/p' /tmp/driver.err |
			tail -n 1 | awk -F'[= +]' '{ printf "events=%s drops=%d\n", $2, $4 + $5 + $6 }'
		;;
	scap)
		awk -F: '/^Driver Events:/ { e = $2 } /^Driver Drops:/ { d = $2 }
			END { if (e != "") printf "events=%d drops=%d\n", e, d }' /tmp/driver.err
		;;
	esac
}

# proc_cpu_ticks PID: user + system time of the process (all its threads)
# in clock ticks (USER_HZ, 100 per second), from /proc/PID/stat.
proc_cpu_ticks() {
	sed 's/.*) //' /proc/$1/stat | awk '{ print $12 + $13 }'
}

# proc_wakeups PID: voluntary context switches of all the process's
# threads (each one a sleep and a wake-up), from /proc/PID/task/*/status.
proc_wakeups() {
	cat /proc/$1/task/*/status 2>/dev/null |
		awk '/^voluntary_ctxt_switches:/ { n += $2 } END { print n + 0 }'
}

# The control: a CPU burner at default priority (a shell loop) beside the
# benchmark with no driver; the caller's CPU time per call must not move.
BURN_PID=
burn_start() {
	sh -c 'while :; do :; done' &
	BURN_PID=$!
}
burn_stop() {
	kill $BURN_PID
	wait $BURN_PID 2>/dev/null
	BURN_PID=
}

bench_modes=
floor_mode=
split_modes=
bench_rounds=3
bench_kernel() {
	local i m out t0 t1 w0 w1 u0 u1 counts start

	i=1
	while [ $i -le $bench_rounds ]; do
		for m in off burn $floor_mode $split_modes $bench_modes; do
			marker "bench kernel round $i $m"
			case $m in
			off) ;;
			burn) burn_start ;;
			floor) driver_start floor || return 1 ;;
			*) driver_start $m || return 1
			   t0=$(proc_cpu_ticks $DRIVER_PID)
			   start="start_ticks=$t0"
			   w0=$(proc_wakeups $DRIVER_PID)
			   u0=$(uptime_s) ;;
			esac
			out=$(/bin/bench $BENCH_FILE $BENCH_TRUE) || {
				why="bench failed in mode $m"; return 1; }
			echo "mode=$m round=$i $out" >>$OUT/bench.raw
			case $m in
			off) ;;
			burn) burn_stop ;;
			floor) driver_stop floor || return 1 ;;
			*) t1=$(proc_cpu_ticks $DRIVER_PID)
			   w1=$(proc_wakeups $DRIVER_PID)
			   u1=$(uptime_s)
			   driver_stop $m || return 1
			   counts=$(driver_counts $m)
			   [ -n "$counts" ] || { why="no exit counters from $m"; return 1; }
			   # vstop's consumer did nothing while measured: its
			   # counts (mostly drops) go to the log only.
			   [ $m = vstop ] && { echo "vstop round $i: $counts" >>$OUT/bench.log; continue; }
			   echo "mode=$m round=$i $start cpu_ticks=$((t1 - t0)) wakeups=$((w1 - w0)) secs=$(awk "BEGIN { print $u1 - $u0 }") $counts" >>$OUT/consumer.raw ;;
			esac
		done
		i=$((i + 1))
	done
}

# Drops: `storm flood` with more and more workers, each doing open+close
# pairs as fast as it can; the consumer (default priority) gets a smaller
# share of the CPU at each step.  The drivers take turns at each step (the
# host's other load falls on both alike), DROP_ROUNDS times; the driver is
# loaded and its consumer started afresh for each line.
DROP_WORKERS="1 2 4 8 16 32 64"
DROP_SECS=8
DROP_ROUNDS=2

# drop_run DRIVER WORKERS FILE.RAW PREFIX: one `storm flood` line with a
# fresh driver, its consumer's CPU and wake-ups (proc_wakeups) from ready
# to the storm's end and its exit counters appended to FILE.RAW after
# PREFIX.
drop_run() {
	local line counts t0 t1 w0 w1

	driver_start $1 || return 1
	t0=$(proc_cpu_ticks $DRIVER_PID)
	w0=$(proc_wakeups $DRIVER_PID)
	line=$(/bin/storm flood $BENCH_FILE $2 $DROP_SECS) || {
		why="storm flood failed"; return 1; }
	t1=$(proc_cpu_ticks $DRIVER_PID)
	w1=$(proc_wakeups $DRIVER_PID)
	driver_stop $1 || return 1
	counts=$(driver_counts $1)
	[ -n "$counts" ] || { why="no exit counters from $1"; return 1; }
	echo "driver=$1 $4 $line cpu_ticks=$((t1 - t0)) wakeups=$((w1 - w0)) $counts" >>$3
}

bench_drops() {
	local d w i

	for w in $DROP_WORKERS; do
		i=1
		while [ $i -le $DROP_ROUNDS ]; do
			for d in $bench_modes; do
				marker "bench drops $d $w round $i"
				drop_run $d $w $OUT/drops.raw "round=$i" || return 1
			done
			i=$((i + 1))
		done
	done
}

# consumer (not in the default parts): vigil's consumer alone under
# `storm flood`, for work on its per-record cost: the drops lines at a few
# worker counts into out/consumer-storm.raw (drops.raw's format), then a
# flood of 1 and one of 16 workers each under `perf record -a` (Debian's
# perf from the host's root; the daemon runs as /tmp/vigil so that perf
# finds its symbols): out/perf-consumer-W.txt, the daemon's samples by
# module and symbol; the floods' and the daemon's figures and the samples
# by task in out/perf-consumer.log (out/perf.log is the perf part's).
CONSUMER_WORKERS="1 4 16 64"
bench_consumer() {
	local w vigil_bin=$VIGIL

	: >$OUT/consumer-storm.raw
	for w in $CONSUMER_WORKERS; do
		marker "bench consumer $w"
		drop_run vigil $w $OUT/consumer-storm.raw "round=1" || return 1
	done
	host_ready || return 1
	[ -x $HOST/usr/bin/perf ] || {
		why="no perf in the host's root (apt-get install linux-perf)"; return 1; }
	echo 0 >/proc/sys/kernel/kptr_restrict
	echo -1 >/proc/sys/kernel/perf_event_paranoid
	cp $VIGIL /tmp/vigil && cp /bin/storm /tmp/storm || {
		why="cannot copy vigil and storm to /tmp"; return 1; }
	: >$OUT/perf-consumer.log
	for w in 1 16; do
		marker "bench consumer perf $w"
		VIGIL=/tmp/vigil
		driver_start vigil || { VIGIL=$vigil_bin; return 1; }
		VIGIL=$vigil_bin
		echo "--- $w workers" >>$OUT/perf-consumer.log
		in_host perf record -a -e cpu-clock -F 2000 -o /tmp/perf.consumer -- \
			/tmp/storm flood $BENCH_FILE $w $DROP_SECS >>$OUT/perf-consumer.log 2>&1 || {
			why="perf record failed (consumer)"; return 1; }
		driver_stop vigil || return 1
		driver_counts vigil >>$OUT/perf-consumer.log
		in_host perf report -i /tmp/perf.consumer --no-children \
			--comm vigil --sort dso,sym --stdio \
			>$OUT/perf-consumer-$w.txt 2>>$OUT/perf-consumer.log
		in_host perf report -i /tmp/perf.consumer --no-children \
			--sort comm --stdio >>$OUT/perf-consumer.log 2>&1
		rm -f /tmp/perf.consumer
	done
	rm -f /tmp/vigil /tmp/storm
	consumer_strace
}

# consumer_strace: the daemon's system calls during a 1-worker flood, by
# Debian's strace from the host's root: out/strace-consumer.txt (calls by
# name, then the first lines of the trace).
consumer_strace() {
	local spid

	[ -x $HOST/usr/bin/strace ] || {
		echo "no strace in the host's root: consumer strace skipped" >>$OUT/perf-consumer.log
		return 0; }
	marker "bench consumer strace"
	driver_start vigil || return 1
	chroot $HOST /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		strace -f -qq -o /tmp/strace.out -p $DRIVER_PID 2>/dev/null &
	spid=$!
	sleep 2
	/bin/storm flood $BENCH_FILE 1 4 >>$OUT/perf-consumer.log
	kill -INT $spid
	wait $spid
	driver_stop vigil || return 1
	{
		echo "events: $(driver_counts vigil)"
		sed -n 's/^[0-9]* *\([a-z_0-9]*\)(.*/\1/p' /tmp/strace.out |
			sort | uniq -c | sort -rn
		echo "--- trace (head)"
		head -n 400 /tmp/strace.out
	} >$OUT/strace-consumer.txt
	rm -f /tmp/strace.out
}

# The large capture: sysdig + scap.ko record everything while storm mix runs.
LARGE_SECS=100
bench_large() {
	local t0 t1 i

	marker "bench large capture"
	insmod $SCAP_KO || { why="insmod scap.ko failed"; return 1; }
	sysdig_start -v -w /tmp/large.scap
	sysdig_wait || return 1
	t0=$(uptime_s)
	/bin/storm mix 2 $LARGE_SECS >/dev/null 2>&1
	i=0
	while [ $i -lt 200 ]; do
		/bin/bench_true
		i=$((i + 1))
	done
	t1=$(uptime_s)
	driver_stop scap || return 1
	echo "workload_secs=$t0-$t1 $(driver_counts scap) bytes=$(wc -c </tmp/large.scap)" >$OUT/large.raw
	cp /tmp/large.scap $OUT/large.scap || { why="copying large.scap failed"; return 1; }
	rm -f /tmp/large.scap
}

# perf (not in the default parts): where the time of open+close pairs
# goes with each driver, by Debian's perf from the host's root (cpu-clock
# samples at 2000 Hz of `storm rate FILE 0 6` only): out/perf-MODE.txt by
# symbol, out/perfdso-MODE.txt by module, the storm's pair count in
# out/perf.log.
bench_perf() {
	local d

	[ -x $HOST/usr/bin/perf ] || {
		why="no perf in the host's root (apt-get install linux-perf)"; return 1; }
	echo 0 >/proc/sys/kernel/kptr_restrict
	echo -1 >/proc/sys/kernel/perf_event_paranoid
	cp /bin/storm /tmp/storm || { why="cannot copy storm to /tmp"; return 1; }
	: >$OUT/perf.log
	for d in off $floor_mode $split_modes $bench_modes; do
		marker "bench perf $d"
		[ $d = off ] || driver_start $d || return 1
		echo "--- $d" >>$OUT/perf.log
		in_host perf record -e cpu-clock -F 2000 -o /tmp/perf.$d -- \
			/tmp/storm rate $BENCH_FILE 0 6 >>$OUT/perf.log 2>&1 || {
			why="perf record failed ($d)"; return 1; }
		# Reported while the driver is loaded: perf names a module's
		# symbols from /proc/kallsyms, which loses them at rmmod.
		in_host perf report -i /tmp/perf.$d --no-children --sort sym \
			--stdio >$OUT/perf-$d.txt 2>>$OUT/perf.log
		in_host perf report -i /tmp/perf.$d --no-children --sort dso \
			--stdio >$OUT/perfdso-$d.txt 2>>$OUT/perf.log
		rm -f /tmp/perf.$d
		[ $d = off ] || driver_stop $d || return 1
	done
}

# Small scenario captures, each recorded on its own.
fixture_scenarios() {
	case $1 in
	shell)	sh -c 'cat /etc/passwd | grep root >/tmp/fx.out; ls -l /tmp >/dev/null; rm -f /tmp/fx.out' ;;
	net)	/bin/storm rate $BENCH_FILE 200 1 >/dev/null
		nc -l -p 7777 127.0.0.1 >/tmp/fx.nc 2>/dev/null &
		nc_pid=$!
		sleep 1
		echo hello | nc 127.0.0.1 7777 >/dev/null 2>&1
		sleep 1
		kill $nc_pid 2>/dev/null
		wait $nc_pid ;;
	files)	mkdir -p /tmp/fxd && echo a >/tmp/fxd/a && ln -s a /tmp/fxd/b &&
		mv /tmp/fxd/a /tmp/fxd/c && cat /tmp/fxd/b 2>/dev/null;
		chmod 600 /tmp/fxd/c; rm -rf /tmp/fxd ;;
	fileat)	mkdir -p /tmp/fxa && (cd /tmp/fxa && exec /bin/trig_fileat) \
			>/dev/null 2>&1; rm -rf /tmp/fxa ;;
	esac
}
bench_fixtures() {
	local s nc_pid

	for s in shell net files fileat; do
		marker "bench fixture $s"
		insmod $SCAP_KO || { why="insmod scap.ko failed"; return 1; }
		sysdig_start -w /tmp/fixture.scap
		sysdig_wait || return 1
		fixture_scenarios $s
		sleep 1
		driver_stop scap || return 1
		cp /tmp/fixture.scap $OUT/fixture-$s.scap
		rm -f /tmp/fixture.scap
	done
}

run_bench() {
	local parts="kernel drops large fixtures" arg p

	for arg in $(cat /proc/cmdline); do
		case $arg in
		vmtest.rounds=*) bench_rounds=${arg#vmtest.rounds=} ;;
		vmtest.bench=*) parts=$(echo "${arg#vmtest.bench=}" | tr , ' ') ;;
		esac
	done
	: >$OUT/bench.raw
	: >$OUT/drops.raw
	: >$OUT/consumer.raw
	: >$OUT/bench.log
	echo "ok" >$BENCH_FILE
	bench_modes=vigil
	split_modes="vstop vsmall"
	if [ -f $FLOOR_KO ]; then
		floor_mode=floor
	else
		echo "no vigil_floor.ko: the floor is left out" >>$OUT/bench.log
	fi
	if [ -f $SCAP_KO ]; then
		host_ready || return 1
		bench_modes="vigil scap"
	else
		echo "no scap.ko: the scap driver is left out" >>$OUT/bench.log
	fi
	for p in $parts; do
		case "$p $bench_modes" in
		"large "*scap*|"fixtures "*scap*|kernel*|drops*|perf*|consumer*) bench_$p || return 1 ;;
		*) echo "no scap.ko: bench part $p skipped" >>$OUT/bench.log ;;
		esac
	done
}
