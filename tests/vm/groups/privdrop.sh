# SPDX-License-Identifier: GPL-2.0
# vmtest group "privdrop" (default): the daemon drops privileges after opening the device; SIGHUP still reloads
# Sourced by tests/vm/run-in-vm.sh after tests/vm/lib.sh; defines group_privdrop,
# which returns non-zero with the reason in $why.

PD=/tmp/pd

# pd_status FILE KEY: the value of KEY in a /proc status file, tabs as spaces.
pd_status() {
	sed -n "s/^$2:[[:space:]]*//p" $1 | tr '\t' ' '
}

# pd_creds PID UID CAPS: every thread of PID (the output and webserver
# threads too: capabilities are per thread) has uid UID, CAPS in its
# effective, permitted and bounding sets and nothing inheritable;
# otherwise $why says which thread differs.
pd_creds() {
	local st got k n=0

	for st in /proc/$1/task/*/status; do
		n=$((n + 1))
		got=$(pd_status $st Uid)
		[ "$got" = "$2 $2 $2 $2" ] ||
			{ why="${st%/status}: Uid '$got', want $2 x4"; return 1; }
		for k in CapEff CapPrm CapBnd; do
			got=$(pd_status $st $k)
			[ "$got" = "$3" ] ||
				{ why="${st%/status}: $k $got, want $3"; return 1; }
		done
		got=$(pd_status $st CapInh)
		[ "$got" = 0000000000000000 ] ||
			{ why="${st%/status}: CapInh $got"; return 1; }
	done
	# the main thread and at least the file output's worker
	[ $n -ge 2 ] || { why="only $n thread(s) in /proc/$1/task"; return 1; }
}

# pd_step PID FILE TEXT WHY CMD...: run CMD (through eval, so it may
# redirect), then TEXT must appear in FILE within 20 s; otherwise the
# daemon PID is killed and $why is WHY.
pd_step() {
	local pid=$1 f=$2 text=$3 w=$4

	shift 4
	eval "$@"
	wait_text $f "$text" 20 $pid && return 0
	kill -KILL $pid 2>/dev/null
	why="$w"
	return 1
}

# pd_run NAME WANT_UID WANT_CAPS [-o KEY=VALUE]...: start the daemon with
# $PD/vigil.yaml, check the ids and capabilities of all its threads once
# it has written its pid file (as the dropped user, after it started
# capturing), open a marker file, then SIGHUP and a second marker: both
# alerts must reach the file output.  Leaves the daemon stopped.
pd_run() {
	local name=$1 uid=$2 caps=$3 dpid f

	shift 3
	f=$PD/alerts-$name.txt
	# the dropped user reopens the file on SIGHUP: it must own it (root
	# without CAP_DAC_OVERRIDE cannot write another user's file either)
	: >$f
	chown $uid $f
	daemon_up $PD/$name.pid 30 /dev/null $OUT/privdrop-$name.err \
		-c $PD/vigil.yaml -o file_output.filename=$f "$@" ||
		{ why="$name: $why"; return 1; }
	pd_creds $dpid $uid $caps ||
		{ why="$name: $why"; kill -KILL $dpid; return 1; }
	pd_step $dpid $f "marker $PD/marker-$name-1 opened" \
		"$name: no alert for the first marker after the drop" \
		echo x \>$PD/marker-$name-1 || return 1
	pd_step $dpid $daemon_err "reloaded:" "$name: SIGHUP did not reload" \
		kill -HUP $dpid || return 1
	pd_step $dpid $f "marker $PD/marker-$name-2 opened" \
		"$name: no alert for the marker after SIGHUP" \
		echo x \>$PD/marker-$name-2 || return 1
	daemon_down 30 || { why="$name: $why"; return 1; }
	echo "privdrop $name: uid $uid, caps $caps, alerts before and after SIGHUP"
}

group_privdrop() {
	[ -x $VIGIL ] || { why="the agent is missing from the initramfs"; return 1; }
	insmod $KO || { why="insmod vigil.ko failed"; return 1; }
	rm -rf $PD
	# the dropped user writes (and at exit removes) its pid file here
	mkdir -p -m 1777 $PD
	cat >$PD/rules.yaml <<'R'
- rule: privdrop marker
  desc: the privdrop test opened one of its marker files
  condition: evt.type in (open, openat, openat2) and fd.name startswith /tmp/pd/marker
  output: marker %fd.name opened
  priority: WARNING
R
	cat >$PD/vigil.yaml <<'C'
log_syslog: false
syslog_output:
  enabled: false
stdout_output:
  enabled: false
file_output:
  enabled: true
drop_privileges:
  enabled: true
  keep_capabilities: [CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE]
rules_files:
  - /tmp/pd/rules.yaml
C
	# CAP_DAC_READ_SEARCH (2) and CAP_SYS_PTRACE (19): 0x80004
	# the packaged default: uid 0 stays, the capabilities go
	pd_run root 0 0000000000080004 || { cleanup_module; return 1; }
	# a user of its own: nobody (65534 in the VM's /etc/passwd)
	pd_run nobody 65534 0000000000080004 -o drop_privileges.user=nobody ||
		{ cleanup_module; return 1; }
	# no kept capability at all
	pd_run nocaps 65534 0000000000000000 -o drop_privileges.user=nobody \
		-o 'drop_privileges.keep_capabilities=[]' ||
		{ cleanup_module; return 1; }
	rmmod_retry 10 || { why="rmmod after the daemons exited failed"; return 1; }
}
