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
	rm -f $OUT/demo-steps.txt
	daemon_up /tmp/vigil.pid 60 $OUT/demo-alerts.txt $OUT/demo.err \
		-r /etc/vigil/vigil_rules.yaml \
		-r /etc/vigil/vigil_rules.local.yaml || return 1
	sleep 2
	for a in $DEMO_STEPS; do
		echo "step: $a" >>$OUT/demo-steps.txt
		/bin/vigil-event-generator run $a >>$OUT/demo-steps.txt 2>&1 ||
			echo "step $a: generator exit $?" >>$OUT/demo-steps.txt
	done
	sleep 2
	daemon_down 60 || return 1
	cat $OUT/demo-alerts.txt
	[ -s $OUT/demo-alerts.txt ] || { why="no alerts"; return 1; }
}

