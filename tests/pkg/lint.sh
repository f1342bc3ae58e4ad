#!/bin/bash
# Package checks that need no chroot (run after make deb and make rpm):
#  - lintian on the .debs reports no error (warnings and infos are shown);
#  - each .deb and .rpm holds exactly the expected layout: the agent
#    package's files as listed here, the DKMS package's the module
#    sources of this tree (kmod/ and shared/) plus dkms.conf;
#  - the .deb conffiles and the .rpm %config files are the files in /etc;
#  - the packaged unit passes systemd-analyze verify (with the packaged
#    binary on the path it names).
set -euo pipefail

top=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
PKG=$top/build/pkg
VER=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
RPMVER=$(sed -n 's/^Version:[[:space:]]*//p' "$top/rpm/vigil.spec")
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bad()
{
	printf 'FAIL  %s\n' "$*"
	fails=$((fails + 1))
}

ok()
{
	printf 'ok    %s\n' "$*"
}

# same FILE1 FILE2 WHAT: sorted lists equal, else show the difference
same()
{
	if diff -u "$1" "$2" > "$tmp/diff"; then
		ok "$3"
	else
		bad "$3:"
		sed 's/^/      /' "$tmp/diff"
	fi
}

etc_files()
{
	printf '%s\n' /etc/logrotate.d/vigil /etc/vigil/vigil.yaml \
		/etc/vigil/vigil_rules.local.yaml /etc/vigil/vigil_rules.yaml
}

# the agent package's regular files, $1: unit dir, $2: man suffix
agent_files()
{
	{
		etc_files
		echo "$1/vigil.service"
		echo /usr/sbin/vigil
		echo "/usr/share/man/man5/vigil.yaml.5$2"
		echo "/usr/share/man/man8/vigil.8$2"
	} | sort
}

# the DKMS package's regular files for version $1
dkms_files()
{
	{
		echo "/usr/src/vigil-$1/dkms.conf"
		git -C "$top" ls-files kmod shared |
			grep -Ev '\.(mod\.c|o|ko)$' | sed "s|^|/usr/src/vigil-$1/|"
	} | sort
}

deb=$PKG/vigil_${VER}_amd64.deb
ddeb=$PKG/vigil-dkms_${VER}_all.deb
for f in "$deb" "$ddeb"; do
	[ -f "$f" ] || { echo "lint.sh: $f missing: run make deb" >&2; exit 1; }
done

echo "--- lintian"
lintian --pedantic -I "$deb" "$ddeb" 2>&1 | grep -v 'root privileges' |
	tee "$tmp/lintian" || true
if grep -q '^E: ' "$tmp/lintian"; then
	bad "lintian reports errors"
else
	ok "lintian: no errors ($(grep -c '^W: ' "$tmp/lintian" || true) warnings)"
fi

echo "--- deb layout"
dpkg-deb -c "$deb" | awk '$1 ~ /^-/ { sub(/^\./, "", $6); print $6 }' |
	grep -v '^/usr/share/doc/' | sort > "$tmp/deb"
agent_files /lib/systemd/system .gz > "$tmp/want"
same "$tmp/want" "$tmp/deb" "vigil_${VER}: file layout"
dpkg-deb -c "$ddeb" | awk '$1 ~ /^-/ { sub(/^\./, "", $6); print $6 }' |
	grep -v '^/usr/share/doc/' | sort > "$tmp/ddeb"
dkms_files "$VER" > "$tmp/want"
same "$tmp/want" "$tmp/ddeb" "vigil-dkms_${VER}: file layout"
case $(dpkg-deb -f "$deb" Depends) in
*libyaml*) ok "vigil depends on its libraries" ;;
*) bad "vigil: no shlibs Depends" ;;
esac
case $(dpkg-deb -f "$ddeb" Depends) in
dkms*) ok "vigil-dkms depends on dkms" ;;
*) bad "vigil-dkms: no dkms Depends" ;;
esac
dpkg-deb -I "$deb" conffiles | sort > "$tmp/conf"
etc_files | sort > "$tmp/want"
same "$tmp/want" "$tmp/conf" "vigil_${VER}: conffiles"
dpkg-deb --fsys-tarfile "$ddeb" |
	tar -xO "./usr/src/vigil-$VER/dkms.conf" > "$tmp/dkms.conf"
grep -q "^PACKAGE_VERSION=\"$VER\"\$" "$tmp/dkms.conf" &&
	grep -q '^AUTOINSTALL="yes"' "$tmp/dkms.conf" &&
	ok "dkms.conf: PACKAGE_VERSION $VER, AUTOINSTALL yes" ||
	bad "dkms.conf: version or AUTOINSTALL wrong"

echo "--- systemd-analyze verify"
mkdir -p "$tmp/root"
dpkg-deb -x "$deb" "$tmp/root"
# the unit names /usr/sbin/vigil; point verify at the packaged one
sed "s|/usr/sbin/vigil|$tmp/root/usr/sbin/vigil|g" \
	"$tmp/root/lib/systemd/system/vigil.service" > "$tmp/vigil.service"
if systemd-analyze verify --man=no "$tmp/vigil.service" > "$tmp/verify" 2>&1; then
	ok "systemd-analyze verify vigil.service"
else
	bad "systemd-analyze verify vigil.service:"
	sed 's/^/      /' "$tmp/verify"
fi

echo "--- rpm layout"
rpm=$(ls "$PKG"/vigil-"$RPMVER"-*.x86_64.rpm 2>/dev/null | head -n 1)
drpm=$(ls "$PKG"/vigil-dkms-"$RPMVER"-*.noarch.rpm 2>/dev/null | head -n 1)
if [ -z "$rpm" ] || [ -z "$drpm" ]; then
	bad "no vigil-$RPMVER rpms in $PKG: run make rpm"
else
	rpm -qlp "$rpm" > "$tmp/rpm.all" 2>/dev/null
	# man pages are compressed or not depending on the rpmbuild's brp
	grep -v '^/usr/share/doc/' "$tmp/rpm.all" |
		grep -Ev '^/etc/vigil(/rules\.d)?$' |
		sed 's|^\(/usr/share/man/.*\)\.\(gz\|xz\|bz2\|zst\)$|\1|' |
		sort > "$tmp/rpm"
	agent_files /usr/lib/systemd/system "" > "$tmp/want"
	same "$tmp/want" "$tmp/rpm" "$(basename "$rpm"): rpm -qlp layout"
	grep -qx /etc/vigil/rules.d "$tmp/rpm.all" &&
		ok "rpm owns /etc/vigil/rules.d" || bad "rpm does not own /etc/vigil/rules.d"
	rpm -qcp "$rpm" 2>/dev/null | sort > "$tmp/conf"
	etc_files | sort > "$tmp/want"
	same "$tmp/want" "$tmp/conf" "$(basename "$rpm"): %config files"
	rpm -qlp "$drpm" 2>/dev/null | grep -v '^/usr/share/doc/' |
		grep -Ev "^/usr/src/vigil-$RPMVER(/kmod|/shared)?\$" |
		sort > "$tmp/drpm"
	dkms_files "$RPMVER" > "$tmp/want"
	same "$tmp/want" "$tmp/drpm" "$(basename "$drpm"): rpm -qlp layout"
	rpm -qp --requires "$drpm" > "$tmp/req" 2>/dev/null
	grep -qx dkms "$tmp/req" &&
		ok "vigil-dkms rpm requires dkms" || bad "vigil-dkms rpm does not require dkms"
fi

echo "lint.sh: $fails failure(s)"
[ "$fails" = 0 ]
