#!/bin/bash
# The modules DKMS built in the package test's chroot (listed by
# tests/pkg/chroot-test.sh in build/pkg/dkms-modules, "KVER FILE" a line)
# load in the test VM and pass the capture smoke test: tools/vmtest boots
# each kernel with that module instead of one built from kmod/ and runs
# the "events" group (every trigger's expected events in the dump) and
# the dmesg verdict.  Run as root after chroot-test.sh.
set -euo pipefail

top=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
list=$top/build/pkg/dkms-modules
fails=0 n=0

[ -s "$list" ] || { echo "vm-smoke: $list is missing or empty: run tests/pkg/chroot-test.sh" >&2; exit 1; }
while read -r kver ko; do
	n=$((n + 1))
	if [ ! -d "/lib/modules/$kver" ] || [ ! -f "/boot/vmlinuz-$kver" ]; then
		echo "vm-smoke: FAIL: DKMS built for $kver but the host has no /boot/vmlinuz-$kver to boot" >&2
		fails=$((fails + 1))
		continue
	fi
	echo "vm-smoke: $ko on $kver"
	"$top/tools/vmtest" --kernel "$kver" --ko "$ko" --only events \
		--build-dir "$top/build/pkg/vm" < /dev/null ||
		fails=$((fails + 1))
done < "$list"
echo "vm-smoke: $n module(s), $fails failed"
[ "$fails" = 0 ]
