#!/bin/bash
# make deb: build vigil and vigil-dkms with dpkg-buildpackage from a
# staged copy of the tree; the .debs (and .buildinfo/.changes) land in
# OUTDIR (default build/pkg).
#   packaging/build-deb.sh [VERSION]
# VERSION (default: debian/changelog's) builds the packages as another
# version, as the upgrade test does with 0.0.9.
set -eu -o pipefail

top=$(git rev-parse --show-toplevel)
out=${OUTDIR:-$top/build/pkg}
ver=${1:-}
stage=$out/src

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$stage"
bash "$top/packaging/stage.sh" "$stage/vigil"
cd "$stage/vigil"
if [ -n "$ver" ]; then
	case $ver in
	*[!0-9A-Za-z.+~]*) echo "build-deb.sh: bad version '$ver'" >&2; exit 1 ;;
	esac
	{
		printf 'vigil (%s) unstable; urgency=medium\n\n' "$ver"
		printf '  * Built as %s by packaging/build-deb.sh.\n\n' "$ver"
		printf ' -- vigil maintainers <vigil@example.org>  %s\n\n' \
			"$(date -R)"
		cat debian/changelog
	} > debian/changelog.new
	mv debian/changelog.new debian/changelog
fi
nice -n 10 dpkg-buildpackage -us -uc -b
ver=$(dpkg-parsechangelog -S Version)
cd "$stage"
for f in vigil_"$ver"_*.deb vigil-dkms_"$ver"_all.deb vigil_"$ver"_*.buildinfo \
	 vigil_"$ver"_*.changes vigil-dbgsym_"$ver"_*.deb; do
	[ -e "$f" ] && mv -f "$f" "$out/"
done
rm -rf "$stage"
ls -l "$out"/vigil*_"$ver"_*.deb
