#!/bin/bash
# The packages' done-when, in a fresh Debian 12 chroot made with debootstrap
# from Debian's archive (nothing else is downloaded):
#
#  A. the previous version (0.0.9, built here) installs with its
#     dependencies; DKMS builds it for the 6.1 headers; vigil.yaml is
#     edited; upgrading to the current debs keeps the edit and moves DKMS
#     to the new version; remove keeps only conffiles, purge leaves no
#     file of vigil behind;
#  B. the current debs install fresh: `dkms status` says installed for the
#     6.1 headers; the installed unit passes `systemd-analyze verify`; the
#     packaged config and rules load in the chroot (vigil --dry-run);
#     installing a 6.12 kernel with its headers succeeds and DKMS builds
#     for it; the rt and cloud flavours' headers (6.1 and 6.12) build as
#     well; remove and purge leave no file of vigil behind.
#
# Leaves build/pkg/dkms-<kernel>.ko[.xz] (the modules DKMS built, for the
# VM test, listed with their kernel releases in build/pkg/dkms-modules)
# and the chroot itself (unmounted) in build/pkg/chroot.
#
# Environment: K61, K612 (kernel ABIs; default: the newest 6.1 and 6.12
# in /boot, else the archive's), FLAVOURS ("rt cloud"), MIRROR,
# SECURITY_MIRROR (default: deb.debian.org), KEEP_BASE=1 reuses the
# debootstrap tarball in build/pkg/cache (still a fresh chroot).
# Run as root after `make deb`.
set -euo pipefail

top=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
PKG=$top/build/pkg
C=$PKG/chroot
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${SECURITY_MIRROR:-http://deb.debian.org/debian-security}
FLAVOURS=${FLAVOURS-rt cloud}
BASE_TGZ=$PKG/cache/bookworm-minbase.tgz
VER=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
OLD=0.0.9
. "$top/tests/pkg/chroot-lib.sh"

newest_boot_kernel()
{
	ls /boot/vmlinuz-"$1"* 2>/dev/null | sed 's|^/boot/vmlinuz-||' |
		sort -V | tail -n 1
}

[ "$(id -u)" = 0 ] || { echo "chroot-test: run as root" >&2; exit 1; }
for f in "$PKG/vigil_${VER}_amd64.deb" "$PKG/vigil-dkms_${VER}_all.deb"; do
	[ -f "$f" ] || { echo "chroot-test: $f missing: run make deb" >&2; exit 1; }
done
K61=${K61:-$(newest_boot_kernel 6.1.)}
K612=${K612:-$(newest_boot_kernel 6.12.)}

trap cleanup EXIT
trap 'exit 130' INT TERM

# never a stale module from an earlier run for the VM test
rm -f "$PKG"/dkms-6.1*.ko* "$PKG/dkms-modules"
: > "$PKG/dkms-modules"

log "previous version $OLD of the debs"
OUTDIR=$PKG/old "$top/packaging/build-deb.sh" "$OLD" > "$PKG/old-build.log" 2>&1 ||
	{ echo "chroot-test: building $OLD failed, see $PKG/old-build.log" >&2; exit 1; }
ok "built vigil $OLD (log: $PKG/old-build.log)"

log "debootstrap bookworm (minbase) from $MIRROR"
unmount_all
rm -rf "$C"
mkdir -p "$PKG/cache"
if [ "${KEEP_BASE:-}" != 1 ] || [ ! -s "$BASE_TGZ" ]; then
	rm -rf "$PKG/cache/mk"
	nice -n 10 debootstrap --variant=minbase --make-tarball="$BASE_TGZ" \
		bookworm "$PKG/cache/mk" "$MIRROR" > "$PKG/cache/mk.log" 2>&1
	rm -rf "$PKG/cache/mk"
fi
nice -n 10 debootstrap --variant=minbase --unpack-tarball="$BASE_TGZ" \
	bookworm "$C" "$MIRROR" > "$PKG/debootstrap.log" 2>&1 ||
	{ echo "chroot-test: debootstrap failed, see $PKG/debootstrap.log" >&2; exit 1; }
ok "fresh chroot in $C ($(du -sh "$C" | cut -f1))"

cat > "$C/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb $SECURITY_MIRROR bookworm-security main
EOF
# packages must not start services in the chroot
printf '#!/bin/sh\nexit 101\n' > "$C/usr/sbin/policy-rc.d"
chmod 0755 "$C/usr/sbin/policy-rc.d"
cp -L /etc/resolv.conf "$C/etc/resolv.conf"
mount_all
mkdir -p "$C/tmp/pkgs/old"
cp "$PKG/vigil_${VER}_amd64.deb" "$PKG/vigil-dkms_${VER}_all.deb" \
	"$C/tmp/pkgs/"
cp "$PKG/old/vigil_${OLD}_amd64.deb" "$PKG/old/vigil-dkms_${OLD}_all.deb" \
	"$C/tmp/pkgs/old/"
NEW_DEBS="/tmp/pkgs/vigil_${VER}_amd64.deb /tmp/pkgs/vigil-dkms_${VER}_all.deb"
OLD_DEBS="/tmp/pkgs/old/vigil_${OLD}_amd64.deb /tmp/pkgs/old/vigil-dkms_${OLD}_all.deb"

in_chroot apt-get -q update > "$PKG/apt-update.log"
if [ -z "$K61" ]; then
	K61=$(in_chroot apt-cache depends linux-headers-amd64 |
		sed -n 's/.*Depends: linux-headers-\(6\.1\..*\)$/\1/p' | head -n 1)
fi
[ -n "$K612" ] || { echo "chroot-test: no 6.12 kernel named (K612=)" >&2; exit 1; }
echo "kernels: 6.1 $K61, 6.12 $K612, flavours: ${FLAVOURS:-none}"

log "linux-headers-$K61"
in_chroot $APT install "linux-headers-$K61" > "$PKG/apt-headers.log" 2>&1
ok "linux-headers-$K61 installed"

# ---- A: upgrade from the previous version keeps local edits ----
log "A: install $OLD with its dependencies from the archive"
in_chroot $APT install $OLD_DEBS > "$PKG/apt-old.log" 2>&1 ||
	{ bad "apt-get install $OLD (see $PKG/apt-old.log)"; exit 1; }
ok "apt-get install vigil $OLD and vigil-dkms $OLD"
check_installed_for "$K61" "$OLD"

sed -i 's/^log_level: info$/log_level: notice/' "$C/etc/vigil/vigil.yaml"
echo '# edited locally by chroot-test' >> "$C/etc/vigil/vigil.yaml"
check "vigil.yaml edited" grep -q '^log_level: notice$' "$C/etc/vigil/vigil.yaml"
cp "$C/etc/vigil/vigil.yaml" "$PKG/edited-vigil.yaml"

log "A: upgrade $OLD -> $VER"
in_chroot $APT install $NEW_DEBS > "$PKG/apt-upgrade.log" 2>&1 ||
	{ bad "apt-get install $VER over $OLD (see $PKG/apt-upgrade.log)"; exit 1; }
check "vigil is $VER after the upgrade" [ "$(in_chroot dpkg-query -W -f '${Version}' vigil)" = "$VER" ]
check "vigil-dkms is $VER after the upgrade" [ "$(in_chroot dpkg-query -W -f '${Version}' vigil-dkms)" = "$VER" ]
check "upgrade kept the edited vigil.yaml" cmp -s "$PKG/edited-vigil.yaml" "$C/etc/vigil/vigil.yaml"
check "upgrade left no vigil.yaml.dpkg-* beside it" \
	[ -z "$(ls "$C"/etc/vigil/*.dpkg-* 2>/dev/null)" ]
check_installed_for "$K61" "$VER"
check "DKMS forgot $OLD" [ ! -e "$C/var/lib/dkms/vigil/$OLD" ]
check "/usr/src/vigil-$OLD is gone" [ ! -e "$C/usr/src/vigil-$OLD" ]

# The postinst outside a chroot, with uname -r, ischroot and modprobe
# standing in for a real machine: it must say why vigil is not loaded.
log "A: vigil-dkms postinst messages (no headers, refused module)"
mkdir -p "$C/tmp/shim"
cat > "$C/tmp/shim/uname" <<'EOF2'
#!/bin/sh
[ "$1" = -r ] && { echo "$FAKE_RELEASE"; exit 0; }
exec /usr/bin/uname "$@"
EOF2
printf '#!/bin/sh\nexit 1\n' > "$C/tmp/shim/ischroot"
cat > "$C/tmp/shim/modprobe" <<'EOF2'
#!/bin/sh
echo "modprobe: ERROR: could not insert 'vigil': Key was rejected by service" >&2
exit 1
EOF2
chmod 0755 "$C"/tmp/shim/*
postinst_says()
{
	in_chroot env PATH=/tmp/shim:/usr/sbin:/usr/bin:/sbin:/bin \
		FAKE_RELEASE="$1" /var/lib/dpkg/info/vigil-dkms.postinst configure \
		> "$PKG/postinst-$1.log" 2>&1 ||
		{ bad "postinst configure (running $1) failed: $PKG/postinst-$1.log"; return; }
	check "postinst (running $1) says: $2" grep -qF "vigil-dkms: $2" "$PKG/postinst-$1.log"
}
postinst_says 6.99.0-1-amd64 "no headers for the running kernel 6.99.0-1-amd64"
postinst_says "$K61" "could not load vigil for $K61: modprobe: ERROR: could not insert 'vigil': Key was rejected by service"
check "postinst (running $K61) points at MOK enrollment" \
	grep -qF "vigil-dkms: the kernel only loads signed modules: enroll DKMS's key with 'mokutil --import /var/lib/dkms/mok.pub'" \
	"$PKG/postinst-$K61.log"
check_installed_for "$K61" "$VER"
rm -rf "$C/tmp/shim"

log "A: remove, then purge"
in_chroot $APT remove vigil vigil-dkms > "$PKG/apt-remove-a.log" 2>&1
check "remove: /usr/sbin/vigil gone" [ ! -e "$C/usr/sbin/vigil" ]
check "remove: the edited vigil.yaml (a conffile) stays" cmp -s "$PKG/edited-vigil.yaml" "$C/etc/vigil/vigil.yaml"
check "remove: no vigil.ko left" [ -z "$(ls "$C"/lib/modules/*/updates/dkms/vigil.ko* 2>/dev/null)" ]
in_chroot $APT purge vigil vigil-dkms > "$PKG/apt-purge-a.log" 2>&1
check_no_vigil_left "A: purge"

# ---- B: fresh install, kernel upgrades, flavours, purge ----
log "B: install $VER fresh"
in_chroot $APT install $NEW_DEBS systemd > "$PKG/apt-new.log" 2>&1 ||
	{ bad "apt-get install $VER (see $PKG/apt-new.log)"; exit 1; }
ok "apt-get install vigil $VER and vigil-dkms $VER"
check_installed_for "$K61" "$VER"
# the modules DKMS built, for tests/pkg/vm-smoke.sh: "KVER FILE" lines
save_module()
{
	local k=$1 name=$2 ko

	ko=$(dkms_module "$k")
	[ -n "$ko" ] || return 0
	cp "$ko" "$PKG/$name${ko##*.ko}"
	echo "$k $PKG/$name${ko##*.ko}" >> "$PKG/dkms-modules"
	ok "module for $k saved as $PKG/$name${ko##*.ko}"
}
save_module "$K61" dkms-6.1.ko
check "the unit is enabled" [ -L "$C/etc/systemd/system/multi-user.target.wants/vigil.service" ]
check "systemd-analyze verify vigil.service" \
	in_chroot systemd-analyze verify --man=no /lib/systemd/system/vigil.service
check "vigil --dry-run loads the packaged config and rules" \
	in_chroot /usr/sbin/vigil -c /etc/vigil/vigil.yaml --dry-run \
	-o log_syslog=false -o syslog_output.enabled=false
check "man vigil.8 and vigil.yaml.5 installed" \
	[ -s "$C/usr/share/man/man8/vigil.8.gz" -a -s "$C/usr/share/man/man5/vigil.yaml.5.gz" ]

log "B: linux-image-$K612 and linux-headers-$K612"
if in_chroot $APT install "linux-image-$K612" "linux-headers-$K612" \
		> "$PKG/apt-612.log" 2>&1; then
	ok "installing the 6.12 kernel and headers succeeded"
else
	bad "installing the 6.12 kernel and headers failed (see $PKG/apt-612.log)"
fi
check_installed_for "$K612" "$VER"
save_module "$K612" dkms-6.12.ko

for fl in $FLAVOURS; do
	for k in "${K61%-amd64}-$fl-amd64" "${K612%-amd64}-$fl-amd64"; do
		log "B: linux-headers-$k"
		if in_chroot $APT install "linux-headers-$k" \
				> "$PKG/apt-$k.log" 2>&1; then
			ok "installing linux-headers-$k succeeded"
		else
			bad "installing linux-headers-$k failed (see $PKG/apt-$k.log)"
		fi
		check_installed_for "$k" "$VER"
	done
done

log "B: remove, then purge"
in_chroot $APT remove vigil vigil-dkms > "$PKG/apt-remove-b.log" 2>&1
check "remove: no vigil.ko left for any kernel" [ -z "$(ls "$C"/lib/modules/*/updates/dkms/vigil.ko* 2>/dev/null)" ]
check "remove: /etc/vigil/vigil.yaml stays until purge" [ -f "$C/etc/vigil/vigil.yaml" ]
in_chroot $APT purge vigil vigil-dkms > "$PKG/apt-purge-b.log" 2>&1
check_no_vigil_left "B: purge"

log "done: $fails failure(s) in $((SECONDS - t0))s"
[ "$fails" = 0 ]
