#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vigil's kernel tests, inside the throwaway VM that tools/vmtest boots
# (busybox sh; /init hands over to this script with /out mounted).
#
# Each group lives in tests/vm/groups/<name>.sh and defines group_<name>,
# which returns non-zero with the reason in $why; tests/vm/lib.sh holds the
# helpers they share (marker, wait_exit, wait_file, daemon_up,
# daemon_down, host_ready, in_host...).
# Everything goes to /out, the host's build/vm/<kver>/out over 9p:
#   group.<name>   "ok" or "FAIL: <why>" for each group that finished
#   <name>.* and whatever else a group writes
#   dmesg.txt, tainted
#   result         "rc=<number of failed groups>", written last; the host
#                  seeded it with a failure before booting
#   bench.raw ...  (vmtest.mode=bench) see tests/vm/bench-in-vm.sh
#
# Kernel command line: vmtest.mode=test|bench, vmtest.groups=a,b,c.
# Before each group a line "vigil-vmtest: <group>" goes to /dev/kmsg.

. /vmtest/lib.sh
. /vmtest/bench-in-vm.sh
for g in /vmtest/groups/*.sh; do
	. "$g"
done

mode=test
groups=
for arg in $(cat /proc/cmdline); do
	case $arg in
	vmtest.mode=*) mode=${arg#vmtest.mode=} ;;
	vmtest.groups=*) groups=$(echo "${arg#vmtest.groups=}" | tr , ' ') ;;
	esac
done

failed=0
if [ "$mode" = bench ]; then
	if run_bench; then
		echo "rc=0" >$OUT/result
	else
		echo "rc=1 (benchmark failed: ${why:-see bench.log})" >$OUT/result
	fi
	cat $OUT/bench.raw
	sync
	exit 0
fi

for g in $groups; do
	marker "$g"
	why=
	if ! command -v "group_$g" >/dev/null 2>&1; then
		why="no group_$g (tests/vm/groups/$g.sh)"
		false
	else
		group_$g
	fi
	if [ $? -eq 0 ]; then
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
