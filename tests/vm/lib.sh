# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the vmtest groups (busybox sh inside the test VM).
# tests/vm/run-in-vm.sh sources this, then every tests/vm/groups/*.sh.

OUT=/out
KO=/lib/vigil/vigil.ko
VIGIL=/usr/bin/vigil
HOST=/host

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

# wait_until SECS PID CMD...: CMD succeeds within SECS while PID lives.
wait_until() {
	local n=$(($1 * 10)) pid=$2

	shift 2
	while [ $n -gt 0 ]; do
		"$@" && return 0
		alive "$pid" || return 1
		usleep 100000
		n=$((n - 1))
	done
	return 1
}

# wait_file PATH SECS PID: PATH appears within SECS while PID lives.
wait_file() {
	wait_until "$2" "$3" [ -e "$1" ]
}

# wait_text FILE TEXT SECS PID: FILE holds TEXT within SECS while PID lives.
wait_text() {
	wait_until "$3" "$4" grep -qF -- "$2" "$1"
}

# daemon_up PIDFILE SECS OUT ERR ARG...: start `$VIGIL ARG... --pidfile
# PIDFILE` in the background, stdout to OUT, stderr to ERR; its pid in
# $dpid (a caller's `local dpid` receives it).  The daemon writes PIDFILE
# once it captures.  Returns 1 with $why set from ERR's last lines when
# that does not happen within SECS; a daemon still running then is killed.
daemon_up() {
	local pidfile=$1 secs=$2 out=$3

	daemon_err=$4
	shift 4
	rm -f "$pidfile"
	$VIGIL "$@" --pidfile "$pidfile" >"$out" 2>"$daemon_err" &
	dpid=$!
	wait_file "$pidfile" "$secs" $dpid && return 0
	if alive $dpid; then
		kill -KILL $dpid
		wait $dpid
		why="no $pidfile within $secs s"
	else
		wait $dpid
		why="exit $?"
	fi
	why="the daemon did not start ($why): $(tail -n 3 "$daemon_err" | tr '\n' ' ')"
	return 1
}

# daemon_down SECS: SIGTERM to the daemon of the last daemon_up, which
# must exit 0 within SECS (it is killed otherwise).  Returns 1 with the
# reason in $why; a reason already in $why stays (the first failure is
# the one reported).
daemon_down() {
	local w

	kill -TERM $dpid
	if ! wait_exit $dpid $1; then
		w="the daemon did not stop within $1 s of SIGTERM"
	elif [ $wrc -ne 0 ]; then
		w="the daemon exited $wrc: $(tail -n 3 "$daemon_err" | tr '\n' ' ')"
	else
		return 0
	fi
	why=${why:-$w}
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


# host_ready: the host's root file system, shared read-only over 9p (tag
# "host"), is mounted on $HOST with this VM's /proc, /sys, /dev, /tmp and a
# fresh tmpfs on /run and /var/tmp bound into it, so `in_host CMD...` runs
# Debian's own programs (gcc, rsyslogd, python3, sysdig) against this VM's
# kernel.  Files they write must go below /tmp, /run or /var/tmp (the rest
# is read-only).  Returns 1 with $why set if the share is missing.
host_ready() {
	[ -x $HOST/bin/sh ] || mount -t 9p -o ro,trans=virtio,version=9p2000.L,msize=262144,cache=loose host $HOST 2>/dev/null
	if [ ! -x $HOST/bin/sh ]; then
		why="the host root share (9p tag host) is not mounted on $HOST"
		return 1
	fi
	grep -q " $HOST/proc " /proc/mounts || mount --bind /proc $HOST/proc
	grep -q " $HOST/sys " /proc/mounts || mount --bind /sys $HOST/sys
	grep -q " $HOST/dev " /proc/mounts || mount --bind /dev $HOST/dev
	grep -q " $HOST/tmp " /proc/mounts || mount --bind /tmp $HOST/tmp
	grep -q " $HOST/run " /proc/mounts || mount -t tmpfs -o mode=755 tmpfs $HOST/run
	grep -q " $HOST/var/tmp " /proc/mounts || mount -t tmpfs -o mode=1777 tmpfs $HOST/var/tmp
	return 0
}

# in_host CMD...: run CMD with the host's root as / (after host_ready).
in_host() {
	chroot $HOST /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root TERM=dumb LANG=C "$@"
}
