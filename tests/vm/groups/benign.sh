# SPDX-License-Identifier: GPL-2.0
# vmtest group "benign" (default): a normal machine's day raises no alert with the default rules
# Sourced by tests/vm/run-in-vm.sh after tests/vm/lib.sh (and detect.sh, whose
# daemon and mark helpers it uses); defines group_benign, which returns
# non-zero with the reason in $why.  The host-side half, benign.judge,
# fails on any alert other than the marks, naming the step it fell in.
#
# The daemon runs the default rules while Debian's own programs (in_host:
# the host's root, read-only, with tmpfs on /home and /var/log so the
# workload has a home and a log directory of its own) do what a normal
# machine does, one step between two marks each:
#   build     make compiles three files, archives a static library and
#             links a program in ~/hello, runs it, make clean
#   web       start-stop-daemon starts busybox httpd, wget fetches pages,
#             start-stop-daemon stops it
#   cron      run-parts runs a directory of periodic jobs, three rounds
#   logrotate logrotate rotates an application's logs twice (copytruncate
#             with compression, and create)
#   admin     su -l root -c: ps, ls, id, df, cat of ordinary files, editing
#             a file in /tmp (sed -i, an appended line)
# Files in $OUT: benign-expect.json (the steps, each expecting no rule),
# benign-alerts.jsonl, benign-steps.txt (what each step printed), benign.err.

BENIGN_STEPS="build web cron logrotate admin"
BENIGN_DIR=/tmp/benign	# the same path inside in_host

benign_build() {
	local p=$HOST/home/dev/hello

	mkdir -p $p
	cat >$p/greet.h <<'EOF'
const char *greet_word(void);
int greet_count(const char *s);
EOF
	cat >$p/word.c <<'EOF'
#include "greet.h"
const char *greet_word(void) { return "hello"; }
EOF
	cat >$p/count.c <<'EOF'
#include <string.h>
#include "greet.h"
int greet_count(const char *s) { return (int)strlen(s); }
EOF
	cat >$p/main.c <<'EOF'
#include <stdio.h>
#include "greet.h"
int main(void)
{
	printf("%s %d\n", greet_word(), greet_count(greet_word()));
	return 0;
}
EOF
	printf '%s\n' 'CFLAGS = -O2 -Wall' \
		'hello: main.o libgreet.a' \
		'	$(CC) -o $@ main.o -L. -lgreet' \
		'libgreet.a: word.o count.o' \
		'	$(AR) rcs $@ word.o count.o' \
		'clean:' \
		'	rm -f hello *.o *.a' >$p/Makefile
	in_host sh -c 'cd /home/dev/hello && make && ./hello && make clean'
}

benign_web() {
	local i

	mkdir -p $HOST/home/dev/www
	echo '<html><body>index</body></html>' >$HOST/home/dev/www/index.html
	echo '<html><body>about</body></html>' >$HOST/home/dev/www/about.html
	in_host start-stop-daemon --start --background --make-pidfile \
		--pidfile /run/benign-httpd.pid --exec /bin/busybox -- \
		httpd -f -p 127.0.0.1:8080 -h /home/dev/www || return 1
	i=50
	until wget -q -O /dev/null http://127.0.0.1:8080/index.html 2>/dev/null; do
		i=$((i - 1))
		[ $i -gt 0 ] || { echo "httpd did not answer"; return 1; }
		usleep 100000
	done
	for i in 1 2 3; do
		wget -q -O $BENIGN_DIR/index.$i http://127.0.0.1:8080/index.html &&
			wget -q -O $BENIGN_DIR/about.$i http://127.0.0.1:8080/about.html ||
			return 1
	done
	wget -q -O /dev/null http://127.0.0.1:8080/missing.html 2>/dev/null
	in_host start-stop-daemon --stop --pidfile /run/benign-httpd.pid \
		--remove-pidfile --retry 5
}

benign_cron() {
	local i

	mkdir -p $BENIGN_DIR/cron.hourly
	printf '%s\n' '#!/bin/sh' 'date >>/var/tmp/benign-cron.log' \
		'df -h / >>/var/tmp/benign-cron.log' \
		'find /var/tmp -name "benign-*.old" -mmin +60 -delete' \
		>$BENIGN_DIR/cron.hourly/stamp
	printf '%s\n' '#!/bin/sh' 'uptime >>/var/tmp/benign-cron.log' \
		'ls /home/dev >/dev/null' >$BENIGN_DIR/cron.hourly/report
	chmod 755 $BENIGN_DIR/cron.hourly/*
	for i in 1 2 3; do
		in_host run-parts --report /tmp/benign/cron.hourly || return 1
		sleep 1
	done
}

benign_logrotate() {
	local i

	mkdir -p $HOST/var/log/benign-app
	for i in 1 2 3 4 5; do
		echo "app line $i" >>$HOST/var/log/benign-app/app.log
		echo "GET /page$i 200" >>$HOST/var/log/benign-app/access.log
	done
	printf '%s\n' '/var/log/benign-app/app.log {' '	copytruncate' \
		'	compress' '	rotate 3' '}' \
		'/var/log/benign-app/access.log {' '	create 0640 root root' \
		'	rotate 3' '}' >$BENIGN_DIR/logrotate.conf
	in_host logrotate -f -s /var/tmp/benign-logrotate.state \
		/tmp/benign/logrotate.conf || return 1
	echo "app line 6" >>$HOST/var/log/benign-app/app.log
	echo "GET /page6 200" >>$HOST/var/log/benign-app/access.log
	in_host logrotate -f -s /var/tmp/benign-logrotate.state \
		/tmp/benign/logrotate.conf || return 1
	ls $HOST/var/log/benign-app
}

benign_admin() {
	printf '%s\n' 'status: draft' 'owner: ops' >$BENIGN_DIR/notes.txt
	in_host su -l root -c 'ps ax >/dev/null && ls -la /etc /var/log /home/dev >/dev/null &&
		id && uname -a && df -h && cat /etc/os-release /etc/hostname /proc/meminfo >/dev/null &&
		sed -i "s/draft/final/" /tmp/benign/notes.txt &&
		echo "reviewed: yes" >>/tmp/benign/notes.txt &&
		cat /tmp/benign/notes.txt && grep -c final /tmp/benign/notes.txt'
}

group_benign() {
	local s n=0 rc=0 failed=

	command -v group_detect >/dev/null ||
		{ why="tests/vm/groups/detect.sh (the daemon helpers) is missing"; return 1; }
	host_ready || return 1
	in_host test -x /usr/sbin/logrotate ||
		{ why="the host has no logrotate (tools/setup-deps installs it)"; return 1; }
	rm -rf $BENIGN_DIR
	mkdir -p $BENIGN_DIR $HOST/home $HOST/var/log
	mount -t tmpfs -o mode=755 tmpfs $HOST/home || { why="cannot mount a tmpfs on $HOST/home"; return 1; }
	mount -t tmpfs -o mode=755 tmpfs $HOST/var/log || { why="cannot mount a tmpfs on $HOST/var/log"; umount $HOST/home; return 1; }
	{
		echo '['
		for s in $BENIGN_STEPS; do
			[ $n -gt 0 ] && echo ','
			n=$((n + 1))
			echo "{\"action\": \"$s\", \"rules\": [], \"counts\": [], \"container\": false}"
		done
		echo ']'
	} >$OUT/benign-expect.json
	insmod $KO || { why="insmod failed"; rc=1; }
	detect_mark_rules /tmp/vigil-mark.yaml
	[ $rc -eq 0 ] && { detect_daemon_start benign /tmp/vigil-mark.yaml || rc=1; }
	if [ $rc -eq 0 ]; then
		: >$OUT/benign-steps.txt
		n=0
		for s in $BENIGN_STEPS; do
			n=$((n + 1))
			detect_mark "$n.$s"
			echo "--- $s" >>$OUT/benign-steps.txt
			benign_$s >>$OUT/benign-steps.txt 2>&1 || failed="$failed $s"
		done
		detect_mark "$((n + 1)).end"
		sleep 1
		daemon_down 60 || rc=1
	fi
	# A failed web step may leave httpd running in /home/dev/www.
	[ -f $HOST/run/benign-httpd.pid ] &&
		in_host start-stop-daemon --stop --quiet --retry 5 \
			--pidfile /run/benign-httpd.pid --remove-pidfile
	umount $HOST/var/log || umount -l $HOST/var/log
	umount $HOST/home || umount -l $HOST/home
	rm -rf $BENIGN_DIR
	[ $rc -eq 0 ] || return 1
	if [ -n "$failed" ]; then
		why="steps failed:$failed (see benign-steps.txt)"
		return 1
	fi
}
