#!/bin/sh
# Host-side daemon tests: the webserver over loopback, a vigil capture
# replayed through vigil -e (text and JSON, container id from the
# snapshot), a truncated capture, and the daemon's command-line and
# configuration errors.  No module needed.  Exit status 0 only when all
# pass.
#   tests/daemon/run.sh          (after make agent)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
vigil=$top/agent/vigil
tmp=$(mktemp -d /tmp/vigil-daemon-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
pass=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
# expect NAME WANT GOT
expect() { if [ "$2" = "$3" ]; then ok "$1"; else ko "$1"; printf '  want: %s\n  got:  %s\n' "$2" "$3"; fi; }

objs=$(ls "$top"/agent/*.o | grep -v '/main\.o$')
cc -O1 -g -std=gnu11 -D_GNU_SOURCE -I"$top" -I"$top/shared" -I"$top/agent" \
	-o "$tmp/helper" "$top/tests/daemon/daemon_helper.c" $objs \
	$(pkg-config --cflags --libs jansson yaml-0.1 libpcre2-8 zlib libcurl) \
	-lm -lpthread || { echo "FAIL building the helper"; exit 1; }

if "$tmp/helper" metrics; then ok "webserver: /healthz, /metrics, HEAD, 404, 405, 431"; else ko "webserver"; fi

cat > "$tmp/rules.yaml" <<'R'
- rule: Read shadow
  desc: test
  condition: evt.type in (open, openat) and fd.name = /etc/shadow
  output: shadow read by %proc.name (cmdline=%proc.cmdline exe=%proc.exepath container=%container.id)
  priority: WARNING
  tags: [t1]
R
"$tmp/helper" capture "$tmp/cap.vgl" || ko "writing a capture"
got=$("$vigil" -e "$tmp/cap.vgl" -r "$tmp/rules.yaml" -q 2>&1)
expect "replay: text alert from the snapshot's process and container" \
	"22:13:25.000000000: Warning shadow read by sh (cmdline=sh -c cat /etc/shadow exe=/bin/sh container=0123456789ab)" \
	"$got"
got=$("$vigil" -e "$tmp/cap.vgl" -r "$tmp/rules.yaml" -q -j 2>&1 | \
	python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print(d["rule"], d["priority"], d["time"], d["output"].split(": ",1)[1], d["tags"])')
expect "replay: JSON alert carries output" \
	"Read shadow Warning 2023-11-14T22:13:25.000000000Z Warning shadow read by sh (cmdline=sh -c cat /etc/shadow exe=/bin/sh container=0123456789ab) ['t1']" \
	"$got"

# a truncated capture: what precedes the cut is replayed, then an error with the offset
gzip -dc "$tmp/cap.vgl" > "$tmp/plain.vgl"
size=$(stat -c %s "$tmp/plain.vgl")
# the END block is the last 24 bytes (8 header, 16 payload): keep 4 of its payload
head -c $((size - 12)) "$tmp/plain.vgl" > "$tmp/cut.vgl"
out=$("$vigil" -e "$tmp/cut.vgl" -r "$tmp/rules.yaml" -q 2>"$tmp/err"); rc=$?
expect "truncated: alert before the cut still delivered" 1 "$(printf '%s\n' "$out" | grep -c 'shadow read by sh')"
expect "truncated: exit status 1" 1 "$rc"
expect "truncated: error names the offset" \
	"vigil: $tmp/cut.vgl: damaged capture at byte $((size - 16)): truncated in a block (4 of 16 bytes)" \
	"$(cat "$tmp/err")"

# daemon command line and configuration
printf 'json_output: maybe\n' > "$tmp/bad.yaml"
got=$("$vigil" -c "$tmp/bad.yaml" -r "$tmp/rules.yaml" -o log_syslog=false 2>&1); rc=$?
expect "config: bad value names file:line:col" \
	"vigil: $tmp/bad.yaml:1:14: json_output: expected true or false, not 'maybe'" "$got"
expect "config: exit status 1" 1 "$rc"
printf 'log_syslog: false\nsyslog_output:\n  enabled: false\nbogus: 1\n' > "$tmp/good.yaml"
got=$("$vigil" -c "$tmp/good.yaml" -r "$tmp/rules.yaml" --dry-run 2>&1); rc=$?
expect "config: unknown key warns, --dry-run loads" \
	"vigil: $tmp/good.yaml:4:1: bogus: unknown key, ignored
vigil: configuration and rules OK" "$got"
printf -- '- rule: x\n  condition: evt.type = nosuch\n' > "$tmp/broken.yaml"
"$vigil" -c "$tmp/good.yaml" -r "$tmp/broken.yaml" --dry-run >/dev/null 2>&1
expect "broken rules: exit status 1" 1 $?
printf 'log_syslog: false\nsyslog_output:\n  enabled: false\n' > "$tmp/quiet.yaml"
got=$("$vigil" -c "$tmp/quiet.yaml" -r "$tmp/rules.yaml" --device "$tmp/nodev" 2>&1); rc=$?
expect "missing device: clear error" \
	"vigil: $tmp/nodev: No such file or directory (is vigil.ko loaded?)" "$got"
got=$("$vigil" -c "$tmp/quiet.yaml" -r "$tmp/rules.yaml" --device /dev/null 2>&1)
expect "not a vigil device: clear error" \
	"vigil: /dev/null: Inappropriate ioctl for device (not a vigil device of this ABI)" "$got"
got=$("$vigil" -M 0 2>&1); rc=$?
expect "bad -M" "vigil: -M needs a positive number of seconds, not '0'" "$got"
expect "bad -M: exit status 2" 2 "$rc"

echo "daemon tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
