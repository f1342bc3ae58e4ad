# SPDX-License-Identifier: GPL-2.0
# vmtest group "e2e" (default): module + daemon + test rules, scripted attack, every channel
# Sourced by tests/vm/run-in-vm.sh after tests/vm/lib.sh; defines group_e2e,
# which returns non-zero with the reason in $why.  tests/vm/groups/e2e.judge
# checks the alerts on the host.
#
# Twice, once with text alerts and once with json_output, the daemon runs
# tests/vm/e2e/rules.yaml with every channel on (stdout, file, syslog(3) to
# Debian's rsyslogd listening on /dev/log, a program, an HTTP receiver) and
# records a capture (-w) while e2e_act performs the actions; each action
# prints what its alert must say.  Everything lands in $OUT/e2e/:
#   acts.<fmt>      e2e_act's lines          stdout.<fmt>  the daemon's stdout
#   file.<fmt>      file_output              syslog.<fmt>  what rsyslogd wrote
#   prog.<fmt>      program_output           http.<fmt>    POST bodies
#   cap.<fmt>.vgl   the capture              err.<fmt>     the daemon's stderr

E2E_TMP=/tmp/e2e
E2E_HTTP_PORT=18080
E2E_RULES=/vmtest/e2e/rules.yaml

# e2e_rsyslog FMT: rsyslogd from the host's root, on /dev/log, writing the
# messages of program "vigil" (the message only) to $E2E_TMP/syslog.FMT.
e2e_rsyslog() {
	cat >$E2E_TMP/rsyslog.conf <<-EOF
	global(workDirectory="/var/tmp")
	module(load="imuxsock" SysSock.Name="/dev/log" SysSock.RateLimit.Interval="0")
	template(name="msgonly" type="string" string="%msg%\n")
	if \$programname == "vigil" then {
		action(type="omfile" file="$E2E_TMP/syslog.$1" template="msgonly")
	}
	EOF
	rm -f /dev/log
	in_host rsyslogd -n -f $E2E_TMP/rsyslog.conf -i /run/rsyslog.$1.pid \
		>>$OUT/e2e/rsyslogd.log 2>&1 &
	e2e_syslogd=$!		# the subshell: rsyslogd's pid is in its pid file
	local n=50
	while [ ! -S /dev/log ] && [ $n -gt 0 ]; do
		usleep 100000
		n=$((n - 1))
	done
	[ -S /dev/log ]
}

# e2e_actions FILE: the scripted attack; its lines to FILE.
e2e_actions() {
	: >"$1"
	e2e_act shadow >>"$1" &&
	e2e_act etc >>"$1" &&
	e2e_act connect >>"$1" &&
	/usr/local/bin/e2e_server server >>"$1" &&
	e2e_act drop >>"$1" &&
	e2e_act container /sys/fs/cgroup >>"$1"
}

# e2e_run FMT JSON: one daemon run with json_output=JSON, with its own
# rsyslogd and HTTP receiver (both keep their files open).
e2e_run() {
	local fmt=$1 dpid hpid

	e2e_syslogd=
	if ! e2e_rsyslog $fmt; then
		why="rsyslogd did not create /dev/log: $(tail -n 3 $OUT/e2e/rsyslogd.log | tr '\n' ' ')"
		kill $(cat $HOST/run/rsyslog.$fmt.pid 2>/dev/null) $e2e_syslogd 2>/dev/null
		return 1
	fi
	/bin/e2e_http $E2E_HTTP_PORT $E2E_TMP/http.$fmt 2>>$OUT/e2e/http.err &
	hpid=$!
	rm -f /etc/e2e_written
	if daemon_up $E2E_TMP/vigil.$fmt.pid 60 $OUT/e2e/stdout.$fmt \
		$OUT/e2e/err.$fmt -c /dev/null -r $E2E_RULES -o json_output=$2 \
		-o log_syslog=false -o stdout_output.enabled=true \
		-o file_output.enabled=true -o file_output.keep_alive=true \
		-o file_output.filename=$E2E_TMP/file.$fmt \
		-o syslog_output.enabled=true \
		-o program_output.enabled=true -o program_output.keep_alive=true \
		-o "program_output.program=cat >>$E2E_TMP/prog.$fmt" \
		-o http_output.enabled=true \
		-o http_output.url=http://127.0.0.1:$E2E_HTTP_PORT/alerts \
		-w $E2E_TMP/cap.$fmt.vgl; then
		sleep 1
		e2e_actions $OUT/e2e/acts.$fmt 2>>$OUT/e2e/acts.err ||
			why="an action failed: $(tail -n 2 $OUT/e2e/acts.err | tr '\n' ' ')"
		sleep 2
		daemon_down 60
	fi
	[ -z "$why" ] || why="$fmt: $why"
	sleep 1		# rsyslogd writes asynchronously
	kill $hpid $(cat $HOST/run/rsyslog.$fmt.pid)
	wait $hpid $e2e_syslogd 2>/dev/null
	for f in file prog syslog http cap; do
		cp $E2E_TMP/$f.$fmt* $OUT/e2e/ 2>/dev/null
	done
	[ -z "$why" ]
}

group_e2e() {
	local rc=0

	rm -rf $OUT/e2e $E2E_TMP
	mkdir -p $OUT/e2e $E2E_TMP
	host_ready || return 1
	if ! in_host test -x /usr/sbin/rsyslogd; then
		why="rsyslogd is not installed on the host (tools/setup-deps installs rsyslog)"
		return 1
	fi
	cp /bin/e2e_act /usr/local/bin/e2e_server
	why=
	insmod $KO || { why="insmod failed"; rc=1; }
	[ $rc -eq 0 ] && { e2e_run text false || rc=1; }
	[ $rc -eq 0 ] && { e2e_run json true || rc=1; }
	rm -f /usr/local/bin/e2e_server /etc/e2e_written
	cleanup_module
	return $rc
}
