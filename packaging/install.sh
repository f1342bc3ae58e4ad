#!/bin/sh
# Lay vigil's files out under a staging root, for debian/rules and
# rpm/vigil.spec alike.
#
#   packaging/install.sh agent DESTDIR UNITDIR
#	/usr/sbin/vigil, /etc/vigil (config, rules, rules.d), the systemd
#	unit under UNITDIR, /etc/logrotate.d/vigil, man pages (uncompressed)
#   packaging/install.sh dkms DESTDIR VERSION
#	the module source under /usr/src/vigil-VERSION with dkms.conf
#
# Run from the top of the source tree after `make agent`.  Every input
# is checked first: a missing rules file stops the package build with a
# message naming it, never a package without rules.
set -eu

die()
{
	echo "packaging/install.sh: $*" >&2
	exit 1
}

need()
{
	for f in "$@"; do
		[ -s "$f" ] || die "$f is missing or empty (the package needs it)"
	done
}

# The packaged vigil.yaml is config/vigil.yaml with file_output pointed
# into /var/log/vigil (the unit's LogsDirectory): under ProtectSystem=strict
# the working directory "/" is read-only; and with drop_privileges enabled
# (the agent keeps uid 0 but only the capabilities listed there).
packaged_config()
{
	sed -e 's|^\(  filename:\) \./events\.txt|\1 /var/log/vigil/events.txt|' \
	    -e '/^drop_privileges:/,/^[^ ]/s/^  enabled: false$/  enabled: true/' \
		config/vigil.yaml > "$1"
	grep -q '^  filename: /var/log/vigil/events.txt' "$1" ||
		die "config/vigil.yaml: no 'filename: ./events.txt' under file_output to point at /var/log/vigil"
	sed -n '/^drop_privileges:/,/^[^ ]/p' "$1" | grep -q '^  enabled: true$' ||
		die "config/vigil.yaml: no 'enabled: false' under drop_privileges to turn on"
	for r in /etc/vigil/vigil_rules.yaml /etc/vigil/vigil_rules.local.yaml \
		 /etc/vigil/rules.d; do
		grep -q "^  - $r\$" "$1" ||
			die "config/vigil.yaml: rules_files no longer lists $r; update packaging/install.sh"
	done
}

install_agent()
{
	dest=$1
	unitdir=$2

	need agent/vigil config/vigil.yaml rules/vigil_rules.yaml \
	     rules/vigil_rules.local.yaml packaging/vigil.service \
	     packaging/vigil.logrotate packaging/vigil.8 packaging/vigil.yaml.5
	install -d "$dest/usr/sbin" "$dest/etc/vigil/rules.d" \
		"$dest$unitdir" "$dest/etc/logrotate.d" \
		"$dest/usr/share/man/man8" "$dest/usr/share/man/man5"
	install -m 0755 agent/vigil "$dest/usr/sbin/vigil"
	packaged_config "$dest/etc/vigil/vigil.yaml"
	chmod 0644 "$dest/etc/vigil/vigil.yaml"
	install -m 0644 rules/vigil_rules.yaml rules/vigil_rules.local.yaml \
		"$dest/etc/vigil/"
	install -m 0644 packaging/vigil.service "$dest$unitdir/vigil.service"
	install -m 0644 packaging/vigil.logrotate "$dest/etc/logrotate.d/vigil"
	install -m 0644 packaging/vigil.8 "$dest/usr/share/man/man8/vigil.8"
	install -m 0644 packaging/vigil.yaml.5 \
		"$dest/usr/share/man/man5/vigil.yaml.5"
}

install_dkms()
{
	dest=$1
	ver=$2
	src=$dest/usr/src/vigil-$ver

	need dkms.conf kmod/Kbuild kmod/gen_compat.sh shared/vigil_abi.h \
	     shared/vigil_events.def shared/vigil_events.h
	case $ver in
	'' | *[!0-9A-Za-z.+~-]*) die "bad module version '$ver'" ;;
	esac
	install -d "$src/kmod" "$src/shared"
	# the version comes from the package, so one dkms.conf serves every
	# version the package is built as
	sed "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$ver\"/" dkms.conf \
		> "$src/dkms.conf"
	grep -q "^PACKAGE_VERSION=\"$ver\"\$" "$src/dkms.conf" ||
		die "dkms.conf has no PACKAGE_VERSION line"
	grep -q '^AUTOINSTALL="yes"' "$src/dkms.conf" ||
		die "dkms.conf must say AUTOINSTALL=\"yes\""
	chmod 0644 "$src/dkms.conf"
	# sources only: never a stale object or .ko from a local build
	for f in kmod/Kbuild kmod/*.c kmod/*.h; do
		case $f in
		*.mod.c | kmod/compat_gen.h) continue ;;
		esac
		install -m 0644 "$f" "$src/kmod/"
	done
	install -m 0644 kmod/gen_compat.sh "$src/kmod/"
	install -m 0644 shared/*.h shared/*.def "$src/shared/"
}

[ $# -eq 3 ] || die "usage: install.sh agent DESTDIR UNITDIR | dkms DESTDIR VERSION"
case $1 in
agent) install_agent "$2" "$3" ;;
dkms) install_dkms "$2" "$3" ;;
*) die "unknown part '$1' (agent or dkms)" ;;
esac
