# SPDX-License-Identifier: GPL-2.0
# vmtest group "detect" (default): every generator action raises its rules, and only those
# Sourced by tests/vm/run-in-vm.sh after tests/vm/lib.sh; defines group_detect,
# which returns non-zero with the reason in $why.  The host-side half,
# detect.judge, compares the alerts per action with `--list --json`.
#
# One daemon runs the default rules (rules/vigil_rules.yaml and the local
# file, as installed) plus one test-only rule that fires when this script
# creates /tmp/vigil-detect-mark.<n>.<action>.  Every action is performed
# between two such marks, so the judge attributes each alert (sorted by
# event time) to the action whose window it falls in.  Container actions
# build their docker-shaped containers themselves (namespaces, a
# system.slice/docker-<id>.scope cgroup on this VM's cgroup v2 mount and
# docker's metadata files, in $DETECT_DOCKER, which the daemon reads as
# its docker root).  The generator leaves that metadata in place, as docker
# does until a container is removed (the daemon looks it up when it
# processes the container's first events, which may be after the container
# ended); it is removed after the daemon stops.
#
# Files in $OUT: detect-expect.json (the generator's --list --json),
# detect-alerts.jsonl (the daemon's JSON alerts), detect-steps.txt (what
# each action printed), detect.err (the daemon's log).

DETECT_GEN=/bin/vigil-event-generator
DETECT_ACTION_TIMEOUT=60	# seconds one action may take
DETECT_DOCKER=/run/vigil-detect-docker	# the container actions' metadata

# detect_daemon_start NAME EXTRA_RULES: the daemon with the default rules
# and EXTRA_RULES, JSON alerts to $OUT/NAME-alerts.jsonl, pid in $dpid.
detect_daemon_start() {
	rm -f $OUT/$1-alerts.jsonl
	daemon_up /tmp/vigil.pid 60 /dev/null $OUT/$1.err \
		-r /etc/vigil/vigil_rules.yaml -r /etc/vigil/vigil_rules.local.yaml \
		-r "$2" -o json_output=true -o stdout_output.enabled=false \
		-o syslog_output.enabled=false -o log_syslog=false \
		-o state.docker_root=$DETECT_DOCKER \
		-o file_output.enabled=true -o file_output.keep_alive=true \
		-o file_output.filename=$OUT/$1-alerts.jsonl
}

# The marks' rule, loaded after the default ones.
detect_mark_rules() {
	cat >$1 <<'EOF'
- rule: vigil vmtest mark
  desc: the detect and benign groups' window marks (test only)
  condition: >
    evt.type in (open, openat, openat2) and evt.dir = <
    and fd.name startswith /tmp/vigil-detect-mark.
  output: mark %fd.name
  priority: DEBUG
  tags: [vmtest]
EOF
}

detect_mark() {
	: >/tmp/vigil-detect-mark.$1
	rm -f /tmp/vigil-detect-mark.$1
}

group_detect() {
	local a n=0 nbad=0 bad=

	[ -x $DETECT_GEN ] || { why="$DETECT_GEN is missing from the initramfs"; return 1; }
	$DETECT_GEN --list --json >$OUT/detect-expect.json ||
		{ why="$DETECT_GEN --list --json failed"; return 1; }
	# A real machine has /dev/shm (exec_from_dev_shm uses it).
	if ! grep -q ' /dev/shm ' /proc/mounts; then
		mkdir -p /dev/shm && mount -t tmpfs -o mode=1777 tmpfs /dev/shm ||
			{ why="cannot mount /dev/shm"; return 1; }
	fi
	insmod $KO || { why="insmod failed"; return 1; }
	detect_mark_rules /tmp/vigil-mark.yaml
	detect_daemon_start detect /tmp/vigil-mark.yaml || return 1
	: >$OUT/detect-steps.txt
	for a in $($DETECT_GEN --list | sed -n 's/^\([a-z0-9_]*\) .*/\1/p'); do
		n=$((n + 1))
		detect_mark "$n.$a"
		echo "--- $a" >>$OUT/detect-steps.txt
		$DETECT_GEN --docker-root $DETECT_DOCKER --keep-metadata run $a \
			>>$OUT/detect-steps.txt 2>&1 &
		if ! wait_exit $! $DETECT_ACTION_TIMEOUT; then
			bad="$bad $a(killed)"
		elif [ $wrc -ne 0 ]; then
			bad="$bad $a(exit $wrc)"
		fi
	done
	detect_mark "$((n + 1)).end"
	# Let the daemon read the last events before it is told to stop.
	sleep 1
	daemon_down 60 || return 1
	rm -rf $DETECT_DOCKER
	echo "detect: $n actions run"
	if [ -n "$bad" ]; then
		why="actions failed:$bad (see detect-steps.txt)"
		return 1
	fi
	[ $n -gt 0 ] || { why="the generator lists no action"; return 1; }
}
