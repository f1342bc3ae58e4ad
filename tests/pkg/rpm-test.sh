#!/bin/bash
# The RPM packages' scriptlets, run for real with Debian's rpm in the
# Debian 12 chroot that tests/pkg/chroot-test.sh leaves (dkms, systemd and
# kernel headers installed, vigil's debs purged): `rpm --root` installs
# the two .rpms there, so %post runs dkms and systemctl inside it, and
# `rpm -e` runs %preun/%postun.  --nodeps because the Debian packages the
# rpms need (dkms, kmod, libraries) are installed but not in rpm's
# database.  Checks:
#  - %post dkms builds and installs vigil for the chroot's kernel headers
#    (`dkms status` says installed), says it does not load the module in a
#    chroot, and leaves the host's loaded modules alone;
#  - %post enables the unit (systemctl preset); the packaged configuration
#    loads (vigil --dry-run); `rpm -V` finds every file as packaged;
#  - `rpm -e` removes the module from DKMS and every kernel, disables the
#    unit, keeps a locally edited vigil.yaml as vigil.yaml.rpmsave and
#    leaves no other file of vigil behind.
# Not covered: an upgrade between two RPM versions (%config(noreplace) on
# upgrade and the old %preun with $1 = 1), and a real RPM distribution's
# dkms, systemd presets and kernel-devel layout.
# Run as root after chroot-test.sh and `make rpm`.
set -euo pipefail

top=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
PKG=$top/build/pkg
C=$PKG/chroot
. "$top/tests/pkg/chroot-lib.sh"

RPMVER=$(sed -n 's/^Version:[[:space:]]*//p' "$top/rpm/vigil.spec")
RPM_AGENT=$(ls "$PKG"/vigil-"$RPMVER"-*.x86_64.rpm 2>/dev/null | head -n 1)
RPM_DKMS=$(ls "$PKG"/vigil-dkms-"$RPMVER"-*.noarch.rpm 2>/dev/null | head -n 1)
RPM="rpm --root $C"

[ "$(id -u)" = 0 ] || { echo "rpm-test: run as root" >&2; exit 1; }
[ -n "$RPM_AGENT" ] && [ -n "$RPM_DKMS" ] ||
	{ echo "rpm-test: no vigil $RPMVER rpms in $PKG: run make rpm" >&2; exit 1; }
[ -x "$C/usr/sbin/dkms" ] && [ -s "$PKG/dkms-modules" ] ||
	{ echo "rpm-test: no chroot with dkms in $C: run tests/pkg/chroot-test.sh" >&2; exit 1; }
# the chroot's 6.1 kernel: the first one chroot-test built for
K61=$(head -n 1 "$PKG/dkms-modules" | cut -d' ' -f1)

trap cleanup EXIT
trap 'exit 130' INT TERM
unmount_all
mount_all

log "C: headers other than $K61 out, so %post builds once"
others=
for b in "$C"/lib/modules/*/build; do
	k=${b%/build}
	k=${k##*/}
	[ "$k" = "$K61" ] || others+=" linux-headers-$k"
done
if [ -n "$others" ]; then
	in_chroot $APT purge $others > "$PKG/rpm-headers-out.log" 2>&1 ||
		{ bad "purging$others (see $PKG/rpm-headers-out.log)"; exit 1; }
fi
left=$(ls -d "$C"/lib/modules/*/build/include 2>/dev/null | sed "s|^$C||" | tr '\n' ' ')
check "only $K61 has headers ($left)" [ "$left" = "/lib/modules/$K61/build/include " ]

log "C: rpm -i $(basename "$RPM_AGENT") $(basename "$RPM_DKMS")"
mods_before=$(cut -d' ' -f1 /proc/modules 2>/dev/null | sort || true)
rm -rf "$C/var/lib/rpm"
$RPM --initdb
if ! $RPM -i --nodeps "$RPM_AGENT" "$RPM_DKMS" > "$PKG/rpm-install.log" 2>&1; then
	bad "rpm -i (see $PKG/rpm-install.log)"
	exit 1
fi
ok "rpm -i vigil and vigil-dkms $RPMVER (log: $PKG/rpm-install.log)"
check_installed_for "$K61" "$RPMVER"
check "%post dkms says it does not load vigil in a chroot" \
	grep -qF "vigil-dkms: installed in a chroot or image root: vigil is built for its kernels but not loaded" \
	"$PKG/rpm-install.log"
check "%post dkms left the host's loaded modules alone" \
	[ "$(cut -d' ' -f1 /proc/modules 2>/dev/null | sort || true)" = "$mods_before" ]
check "%post enabled the unit (systemctl preset)" \
	[ -L "$C/etc/systemd/system/multi-user.target.wants/vigil.service" ]
check "rpm -V: every file as packaged (log: $PKG/rpm-verify.log)" \
	sh -c "$RPM -V --nodeps vigil vigil-dkms > '$PKG/rpm-verify.log' 2>&1"
check "vigil --dry-run loads the rpm's config and rules" \
	in_chroot /usr/sbin/vigil -c /etc/vigil/vigil.yaml --dry-run \
	-o log_syslog=false -o syslog_output.enabled=false

log "C: rpm -e, with vigil.yaml edited"
echo '# edited locally by rpm-test' >> "$C/etc/vigil/vigil.yaml"
cp "$C/etc/vigil/vigil.yaml" "$PKG/rpm-edited-vigil.yaml"
if ! $RPM -e vigil vigil-dkms > "$PKG/rpm-erase.log" 2>&1; then
	bad "rpm -e (see $PKG/rpm-erase.log)"
	exit 1
fi
ok "rpm -e vigil vigil-dkms (log: $PKG/rpm-erase.log)"
check "rpm -e: the edited vigil.yaml is kept as vigil.yaml.rpmsave" \
	cmp -s "$PKG/rpm-edited-vigil.yaml" "$C/etc/vigil/vigil.yaml.rpmsave"
check "rpm -e: no vigil.ko left" \
	[ -z "$(ls "$C"/lib/modules/*/updates/dkms/vigil.ko* 2>/dev/null)" ]
check "rpm -e: the unit is disabled" \
	[ ! -e "$C/etc/systemd/system/multi-user.target.wants/vigil.service" ]
check "rpm -e: rpm knows no vigil package" \
	sh -c "! $RPM -q vigil vigil-dkms > /dev/null 2>&1"
rm -f "$C/etc/vigil/vigil.yaml.rpmsave"
rmdir "$C/etc/vigil" 2>/dev/null || true
check_no_vigil_left "C: rpm -e (the .rpmsave taken away)"

log "done: $fails failure(s) in $((SECONDS - t0))s"
[ "$fails" = 0 ]
