# SPDX-License-Identifier: GPL-2.0
# Helpers of the package tests that work in build/pkg/chroot (sourced by
# tests/pkg/chroot-test.sh and tests/pkg/rpm-test.sh, which set top, PKG
# and C first): counting checks, running in the chroot, its mounts, and
# what DKMS and the file system say about vigil there.

APT="apt-get -y -q -o Dpkg::Use-Pty=0 --no-install-recommends"
fails=0
t0=$SECONDS

log()
{
	printf '\n=== [%4ds] %s\n' $((SECONDS - t0)) "$*"
}

ok()
{
	printf 'ok    %s\n' "$*"
}

bad()
{
	printf 'FAIL  %s\n' "$*"
	fails=$((fails + 1))
}

# check DESCRIPTION COMMAND...: count, never stop
check()
{
	local what=$1

	shift
	if "$@"; then
		ok "$what"
	else
		bad "$what"
	fi
}

in_chroot()
{
	nice -n 10 chroot "$C" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

# Everything mounted below $C, deepest first; the chroot is never removed
# while anything is mounted in it.
unmount_all()
{
	local m

	for m in $(awk -v c="$C/" 'index($2, c) == 1 { print $2 }' \
			/proc/mounts | sort -r); do
		umount "$m" 2>/dev/null || umount -l "$m"
	done
}

cleanup()
{
	local rc=$?

	unmount_all
	if awk -v c="$C/" 'index($2, c) == 1 { f = 1 } END { exit !f }' \
			/proc/mounts; then
		echo "$(basename "$0"): could not unmount everything under $C" >&2
		rc=1
	fi
	exit $rc
}

# /dev is a private tmpfs with the few nodes a package build uses, never
# a bind of the host's: removing the chroot cannot touch the host.
mount_all()
{
	mount -t proc proc "$C/proc"
	mount -t sysfs -o ro sysfs "$C/sys"
	mount -t tmpfs -o mode=0755,size=16m vigil-chroot-dev "$C/dev"
	mknod -m 0666 "$C/dev/null" c 1 3
	mknod -m 0666 "$C/dev/zero" c 1 5
	mknod -m 0666 "$C/dev/full" c 1 7
	mknod -m 0666 "$C/dev/random" c 1 8
	mknod -m 0666 "$C/dev/urandom" c 1 9
	mknod -m 0666 "$C/dev/tty" c 5 0
	mkdir "$C/dev/pts" "$C/dev/shm"
	mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts \
		"$C/dev/pts"
	ln -s pts/ptmx "$C/dev/ptmx"
	ln -s /proc/self/fd "$C/dev/fd"
}

newest_boot_kernel()
{
	ls /boot/vmlinuz-"$1"* 2>/dev/null | sed 's|^/boot/vmlinuz-||' |
		sort -V | tail -n 1
}

# vigil's DKMS state for kernel $1: "installed", "built", ... or ""
dkms_state()
{
	in_chroot dkms status -m vigil -k "$1" 2>/dev/null |
		sed -n "s|^vigil/\([^,]*\), $1, [^:]*: \(.*\)|\1 \2|p" | head -n 1 ||
		true
}

# the module DKMS installed for kernel $1 (vigil.ko, maybe compressed)
dkms_module()
{
	ls "$C/lib/modules/$1/updates/dkms/"vigil.ko* 2>/dev/null | head -n 1 ||
		true
}

check_installed_for()
{
	local k=$1 v=$2 state ko

	state=$(dkms_state "$k")
	check "dkms status: vigil $v installed for $k (says '$state')" \
		[ "$state" = "$v installed" ]
	ko=$(dkms_module "$k")
	if [ -z "$ko" ]; then
		bad "no vigil.ko under /lib/modules/$k/updates/dkms"
		return
	fi
	check "$k: modinfo vermagic of ${ko#$C} starts with $k" \
		in_chroot sh -c "modinfo -F vermagic '${ko#$C}' | grep -q '^$k '"
}

# No file of vigil anywhere; no package left, not even as config-files.
check_no_vigil_left()
{
	local left

	left=$(find "$C" -xdev \( -path "$C/proc" -o -path "$C/sys" -o \
		-path "$C/dev" -o -path "$C/tmp/pkgs" \) -prune -o \
		-iname '*vigil*' -print | sed "s|^$C||")
	check "$1: no file named *vigil* left${left:+: $left}" [ -z "$left" ]
	# nor one that still names it (modules.dep, systemd or DKMS state)
	left=$(grep -rIlw vigil "$C/etc" "$C/lib/modules" "$C/var/lib" \
		--exclude-dir=dpkg --exclude-dir=apt 2>/dev/null |
		sed "s|^$C||" || true)
	check "$1: no file under /etc, /lib/modules, /var/lib mentions vigil${left:+: $left}" \
		[ -z "$left" ]
	left=$(in_chroot dpkg-query -W -f '${Package} ${db:Status-Abbrev}\n' \
		'vigil*' 2>/dev/null | awk '$2 != "un"' || true)
	check "$1: dpkg knows no vigil package${left:+: $left}" [ -z "$left" ]
	check "$1: dkms knows no vigil" \
		[ -z "$(in_chroot dkms status -m vigil 2>/dev/null)" ]
}
