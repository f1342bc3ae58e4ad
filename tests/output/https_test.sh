#!/bin/sh
# The http channel over TLS against a local HTTPS receiver that requires a
# client certificate: a throwaway CA, a server certificate for 127.0.0.1
# and a client certificate are made with openssl for each run.
#   tests/output/https_test.sh        exit 0 when every case passed
set -u
cd "$(dirname "$0")/../.."
OBJS=""
for f in agent/output*.c agent/utf8.c; do
	OBJS="$OBJS ${f%.c}.o"
done
make -s $OBJS || exit 1
${CC:-cc} -O2 -g -std=gnu11 -Wall -Wextra -Wno-unused-parameter \
	-D_GNU_SOURCE -Ishared -Iagent -o tests/output/emit_alert \
	tests/output/emit_alert.c $OBJS \
	$(pkg-config --cflags --libs libcurl) -lpthread || exit 1

T=$(mktemp -d /tmp/vigil-https-XXXXXX)
RPID=
cleanup() {
	[ -n "$RPID" ] && kill "$RPID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

ssl() { openssl "$@" >/dev/null 2>&1 || { echo "openssl $1 failed"; exit 1; }; }
ssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=vigil-test-ca \
	-keyout "$T/ca.key" -out "$T/ca.pem"
ssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
	-keyout "$T/srv.key" -out "$T/srv.csr"
printf 'subjectAltName=IP:127.0.0.1\n' > "$T/srv.ext"
ssl x509 -req -in "$T/srv.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" \
	-CAcreateserial -days 1 -extfile "$T/srv.ext" -out "$T/srv.pem"
ssl req -newkey rsa:2048 -nodes -subj /CN=vigil-agent \
	-keyout "$T/cli.key" -out "$T/cli.csr"
ssl x509 -req -in "$T/cli.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" \
	-CAcreateserial -days 1 -out "$T/cli.pem"

mkdir "$T/out"
python3 tests/output/https_receiver.py "$T/srv.pem" "$T/srv.key" \
	"$T/ca.pem" "$T/port" "$T/out" &
RPID=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$T/port" ] || { echo "FAIL: receiver did not start"; exit 1; }
URL="https://127.0.0.1:$(cat "$T/port")/alerts"

fails=0
check() {	# name expected-output emit_alert-args...
	name=$1; want=$2; shift 2
	got=$(tests/output/emit_alert --timeout 5000 "$@" 2>/dev/null)
	if [ "$got" = "$want" ]; then
		echo "PASS $name: $got"
	else
		echo "FAIL $name: got '$got', want '$want'"
		fails=$((fails + 1))
	fi
}

check mtls "sent=2 dropped=0 errors=0" --ca "$T/ca.pem" \
	--cert "$T/cli.pem" --key "$T/cli.key" --header "X-Vigil: 1" "$URL" 2
check no-client-cert "sent=0 dropped=0 errors=1" --ca "$T/ca.pem" "$URL" 1
check untrusted-server "sent=0 dropped=0 errors=1" \
	--cert "$T/cli.pem" --key "$T/cli.key" "$URL" 1
check insecure "sent=1 dropped=0 errors=0" --insecure \
	--cert "$T/cli.pem" --key "$T/cli.key" "$URL" 1

# The bodies the receiver got are Falco's JSON.
python3 - "$T/out" <<'PY' || fails=$((fails + 1))
import json, os, sys
d = sys.argv[1]
bodies = sorted(f for f in os.listdir(d) if f.startswith("body."))
assert len(bodies) == 3, bodies
for b in bodies:
    j = json.load(open(os.path.join(d, b)))
    assert j["rule"] == "Read sensitive file untrusted", j
    assert j["priority"] == "Warning", j
    assert j["source"] == "syscall", j
    assert j["tags"] == ["filesystem"], j
    assert j["output_fields"] == {"proc.name": "cat",
                                  "fd.name": "/etc/shadow"}, j
    assert j["output"].endswith(
        ": Warning Sensitive file opened (file=/etc/shadow)"), j
    assert j["time"].endswith("Z") and "T" in j["time"], j
h = open(os.path.join(d, "headers.0")).read().lower()
assert "content-type: application/json" in h, h
assert "x-vigil: 1" in h, h
print("PASS bodies: %d JSON bodies as Falco's schema" % len(bodies))
PY
[ $fails -eq 0 ] && echo "https_test: all passed" || echo "https_test: $fails failed"
exit $fails
