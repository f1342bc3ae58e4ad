# SPDX-License-Identifier: GPL-2.0
# vmtest group "e2e_reload" (default): SIGHUP with broken rules keeps the old ones; fixed ones take over, nothing lost
# Sourced by tests/vm/run-in-vm.sh after tests/vm/lib.sh; defines
# group_e2e_reload, which returns non-zero with the reason in $why.
#
# The daemon runs rules v1 (a shadow-read rule, a "tick" rule on opens of
# $RL/tick).  A broken rules file and SIGHUP: the reload must fail and the
# shadow rule still fire.  Then rules v2 (the tick rule says "v2", a
# write-below-etc rule instead of the shadow rule) and SIGHUP while
# e2e_act opens $RL/tick RL_N times: every open gives exactly one tick
# alert, v1 before the reload and v2 after, the kernel drops nothing, and
# afterwards only the v2 rules fire.  Files in $OUT/e2e_reload.*.  Alerts
# go to a tmpfs file through a queue that holds the whole stream, so that
# a slow channel cannot pass for lost events (/metrics must show no loss).

RL=/tmp/reload
RL_N=3000

# rl_rules VERSION: a rules file with the tick rule of VERSION and, for v1,
# the shadow rule, for v2 the /etc write rule.
rl_rules() {
	cat <<-EOF
	- rule: Reload tick
	  desc: an open of the tick file
	  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name = $RL/tick
	  output: tick $1 (pid=%proc.pid)
	  priority: INFO
	EOF
	if [ "$1" = v1 ]; then
		cat <<-EOF
		- rule: Reload shadow
		  desc: /etc/shadow read
		  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name = /etc/shadow
		  output: shadow $1 (pid=%proc.pid)
		  priority: WARNING
		EOF
	else
		cat <<-EOF
		- rule: Reload etc
		  desc: a write below /etc
		  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name startswith /etc/ and evt.is_open_write = true
		  output: etc $1 (pid=%proc.pid)
		  priority: ERROR
		EOF
	fi
}

# rl_wait_log TEXT PID: TEXT appears in the daemon's stderr within 60 s.
rl_wait_log() {
	local n=600

	while [ $n -gt 0 ]; do
		grep -q "$1" $OUT/e2e_reload.err && return 0
		alive $2 || return 1
		usleep 100000
		n=$((n - 1))
	done
	return 1
}

# rl_count TEXT: alerts in the daemon's stdout containing TEXT.
rl_count() {
	grep -c "$1" $RL/out
}

group_e2e_reload() {
	local dpid tpid v1 v2 drops

	rm -rf $RL
	mkdir -p $RL
	: >$RL/tick
	rl_rules v1 >$RL/rules.yaml
	insmod $KO || { why="insmod failed"; return 1; }
	if ! daemon_up $RL/vigil.pid 60 $RL/out $OUT/e2e_reload.err \
		-c /dev/null -r $RL/rules.yaml -o log_syslog=false \
		-o syslog_output.enabled=false -o webserver.enabled=true \
		-o outputs_queue.capacity=8192; then
		cleanup_module
		return 1
	fi
	sleep 1
	e2e_act shadow >$RL/acts
	# A broken rules file: an unknown field in a condition.
	{ rl_rules v1; printf -- '- rule: Broken\n  desc: x\n  condition: evt.type = open and no.such.field = 1\n  output: x\n  priority: INFO\n'; } >$RL/rules.new
	mv $RL/rules.new $RL/rules.yaml
	kill -HUP $dpid
	rl_wait_log "reload failed" $dpid || why="no 'reload failed' after SIGHUP with a broken rules file"
	[ -z "$why" ] && e2e_act shadow >>$RL/acts
	# The fixed rules, and SIGHUP in the middle of the tick stream.
	if [ -z "$why" ]; then
		rl_rules v2 >$RL/rules.new
		mv $RL/rules.new $RL/rules.yaml
		e2e_act ticks $RL_N $RL/tick 300 >>$RL/acts &
		tpid=$!
		usleep 500000
		kill -HUP $dpid
		rl_wait_log "reloaded:" $dpid || why="no 'reloaded:' after SIGHUP with fixed rules"
		wait_exit $tpid 120 || why="e2e_act ticks did not finish in 120 s"
		[ -z "$why" ] && [ $wrc -ne 0 ] && why="e2e_act ticks failed"
	fi
	if [ -z "$why" ]; then
		e2e_act shadow >>$RL/acts
		e2e_act etc >>$RL/acts
		sleep 2
		wget -q -O $OUT/e2e_reload.metrics http://127.0.0.1:8765/metrics ||
			why="GET /metrics failed"
	fi
	daemon_down 60
	cleanup_module
	rm -f /etc/e2e_written
	cp $RL/acts $OUT/e2e_reload.acts
	cp $RL/out $OUT/e2e_reload.out
	[ -z "$why" ] || return 1

	v1=$(rl_count 'tick v1')
	v2=$(rl_count 'tick v2')
	drops=$(sed -n 's/.*kernel drops: full \([0-9]*\) reentrant \([0-9]*\) too_large \([0-9]*\).*/\1 \2 \3/p' \
		$OUT/e2e_reload.err)
	{
		echo "ticks: $RL_N opens, alerts: $v1 by rules v1 + $v2 by rules v2 = $((v1 + v2))"
		echo "kernel drops (full reentrant too_large): ${drops:-none reported}"
		echo "shadow v1: $(rl_count 'shadow v1'), etc v2: $(rl_count 'etc v2')"
		grep '^vigil_reloads_total' $OUT/e2e_reload.metrics
		tail -n 1 $OUT/e2e_reload.err
	} | tee $OUT/e2e_reload.txt
	if ! grep -q '^vigil_output_dropped_total{channel="stdout"} 0$' $OUT/e2e_reload.metrics; then
		why="the stdout channel lost alerts: $(grep '^vigil_output_dropped_total' $OUT/e2e_reload.metrics)"
	elif [ "$(rl_count 'shadow v1')" -ne 2 ] || [ "$(rl_count shadow)" -ne 2 ]; then
		why="want 2 shadow alerts by rules v1 (before and after the failed reload), got $(rl_count 'shadow v1') ($(rl_count shadow) in all)"
	elif [ "$(rl_count 'etc v2')" -ne 1 ]; then
		why="want 1 /etc write alert by rules v2, got $(rl_count 'etc v2')"
	elif [ $((v1 + v2)) -ne $RL_N ]; then
		why="$RL_N tick opens but $v1 + $v2 tick alerts (drops: $drops)"
	elif [ "$v1" -eq 0 ] || [ "$v2" -eq 0 ]; then
		why="the reload did not fall inside the tick stream ($v1 v1, $v2 v2)"
	elif [ "$drops" != "0 0 0" ]; then
		why="kernel drops (full reentrant too_large): '$drops'"
	elif ! grep -q '^vigil_reloads_total{result="ok"} 1$' $OUT/e2e_reload.metrics ||
	     ! grep -q '^vigil_reloads_total{result="failed"} 1$' $OUT/e2e_reload.metrics; then
		why="/metrics does not count 1 good and 1 failed reload"
	fi
	[ -z "$why" ]
}
