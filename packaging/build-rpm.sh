#!/bin/bash
# make rpm: build vigil and vigil-dkms with rpmbuild from a staged
# tarball; the .rpms land in OUTDIR (default build/pkg).  BuildRequires
# name RPM packages, which a Debian host cannot satisfy through rpm's
# database, so they are not checked here (--nodeps): the agent's own
# build is what needs them.
set -eu -o pipefail

top=$(git rev-parse --show-toplevel)
out=${OUTDIR:-$top/build/pkg}
spec=$top/rpm/vigil.spec
mkdir -p "$out"
out=$(cd "$out" && pwd)
ver=$(sed -n 's/^Version:[[:space:]]*//p' "$spec")
tree=$out/rpmbuild

command -v rpmbuild >/dev/null ||
	{ echo "build-rpm.sh: rpmbuild not found (apt-get install rpm)" >&2; exit 1; }
rm -rf "$tree"
mkdir -p "$tree/SOURCES" "$tree/stage"
bash "$top/packaging/stage.sh" "$tree/stage/vigil-$ver"
tar -C "$tree/stage" -czf "$tree/SOURCES/vigil-$ver.tar.gz" "vigil-$ver"
nice -n 10 rpmbuild -bb --nodeps --define "_topdir $tree" "$spec"
find "$tree/RPMS" -name '*.rpm' -exec mv -f {} "$out/" \;
rm -rf "$tree"
ls -l "$out"/vigil*-"$ver"-*.rpm
