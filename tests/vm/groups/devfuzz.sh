# SPDX-License-Identifier: GPL-2.0
# vmtest group "devfuzz" (default): the device's open/ioctl/mmap contract
# Sourced by tests/vm/run-in-vm.sh after tests/vm/lib.sh; defines group_devfuzz,
# which returns non-zero with the reason in $why.

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

