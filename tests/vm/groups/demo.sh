# SPDX-License-Identifier: GPL-2.0
# vmtest group "demo" (manual): the README's demonstration (tools/vmtest --demo)
# Sourced by tests/vm/run-in-vm.sh after tests/vm/lib.sh; defines group_demo,
# which returns non-zero with the reason in $why.

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

