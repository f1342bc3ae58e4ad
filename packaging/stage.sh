#!/bin/bash
# Copy the source tree the packages are built from into DIR: the tracked
# and untracked-but-not-ignored files of the paths packaging needs, so a
# package build never touches (or picks up objects from) the work tree.
#   packaging/stage.sh DIR
# VIGIL_RULES_DIR=D takes vigil_rules.yaml and vigil_rules.local.yaml from
# D instead of rules/ (a site's own default rules).
set -eu -o pipefail

die()
{
	echo "packaging/stage.sh: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: stage.sh DIR"
dir=$1
top=$(git rev-parse --show-toplevel 2>/dev/null) ||
	die "run inside the vigil git tree"
cd "$top"

# the rules are written separately; say so instead of building without
rules=${VIGIL_RULES_DIR:-rules}
for f in "$rules/vigil_rules.yaml" "$rules/vigil_rules.local.yaml"; do
	[ -s "$f" ] || die "$f is missing or empty: the packages ship the default rules and the local overrides file, so they cannot be built without them"
done

rm -rf "$dir"
mkdir -p "$dir"
git ls-files -z --cached --others --exclude-standard -- \
	Makefile dkms.conf agent shared kmod config rules packaging debian \
	docs/PACKAGING.md rpm |
	while IFS= read -r -d '' f; do
		[ -e "$f" ] && printf '%s\0' "$f"
	done | tar -c --null -T - -f - | tar -x -C "$dir" -f -
if [ "$rules" != rules ]; then
	mkdir -p "$dir/rules"
	cp "$rules/vigil_rules.yaml" "$rules/vigil_rules.local.yaml" \
		"$dir/rules/"
fi
