# SPDX-License-Identifier: GPL-2.0
# vmtest group "e2e_webhook" (default): a dead or mute webhook neither slows event processing nor hides its losses
# Sourced by tests/vm/run-in-vm.sh after tests/vm/lib.sh; defines
# group_e2e_webhook, which returns non-zero with the reason in $why.
#
# Three daemon runs with the same stream (e2e_act opening $WH/tick WH_N
# times, one alert each): without http_output, with it pointing at a port
# where nothing listens, and at e2e_http --mute (accepts, never answers).
# In every run the pipeline has raised all WH_N alerts (/metrics
# vigil_alerts_total) within 10 s of the stream's end and the kernel
# drops nothing; with the webhook, /metrics counts the http channel's
# losses (dropped + errors > 0).  The time from the stream's start to its
# last alert (and the lag from the stream's end to it) is reported per
# run, with its ratio to the run without the webhook, in
# $OUT/e2e_webhook.ratio (figures, not asserted: the VM's timing is
# noisy), with what each channel delivered and lost.

WH=/tmp/webhook
WH_N=2000
WH_DEAD_PORT=18091
WH_MUTE_PORT=18092

# wh_metric NAME CHANNEL FILE: the value of NAME{channel="CHANNEL"}, or
# "none" when the channel is not there.
wh_metric() {
	local v

	v=$(sed -n "s/^$1{channel=\"$2\"} \([0-9]*\)$/\1/p" "$3")
	echo "${v:-none}"
}

# wh_alerts FILE: GET /metrics into FILE; the tick rule's alert count.
wh_alerts() {
	local v

	wget -q -O "$1" http://127.0.0.1:8765/metrics 2>/dev/null
	v=$(sed -n 's/^vigil_alerts_total{rule="Webhook tick",[^}]*} \([0-9]*\)$/\1/p' "$1")
	echo "${v:-0}"
}

# wh_run NAME [-o http_output...]: one run; its figures in $OUT/e2e_webhook.NAME.*
wh_run() {
	local name=$1 dpid t0 t1 t2 n left drops lost

	shift
	daemon_up $WH/vigil.pid 60 $WH/$name.out $OUT/e2e_webhook.$name.err \
		-c /dev/null -r $WH/rules.yaml -o log_syslog=false \
		-o syslog_output.enabled=false -o webserver.enabled=true "$@" ||
		{ why="$name: $why"; return 1; }
	sleep 1
	t0=$(uptime_s)
	e2e_act ticks $WH_N $WH/tick 0 >/dev/null || why="e2e_act ticks failed"
	t1=$(uptime_s)
	left=100
	n=0
	while [ $left -gt 0 ]; do
		n=$(wh_alerts $WH/metrics)
		[ "$n" -ge $WH_N ] && break
		usleep 100000
		left=$((left - 1))
	done
	t2=$(uptime_s)
	cp $WH/metrics $OUT/e2e_webhook.$name.metrics
	daemon_down 60
	[ -z "$why" ] || { why="$name: $why"; return 1; }
	drops=$(sed -n 's/.*kernel drops: full \([0-9]*\) reentrant \([0-9]*\) too_large \([0-9]*\).*/\1 \2 \3/p' \
		$OUT/e2e_webhook.$name.err)
	lost=0
	if [ $name != base ]; then
		lost=$(( $(wh_metric vigil_output_dropped_total http $OUT/e2e_webhook.$name.metrics) +
			 $(wh_metric vigil_output_errors_total http $OUT/e2e_webhook.$name.metrics) ))
	fi
	echo "$name stream_s=$(awk "BEGIN{print $t1 - $t0}") to_last_alert_s=$(awk "BEGIN{print $t2 - $t0}") lag_s=$(awk "BEGIN{print $t2 - $t1}") alerts=$n kernel_drops=\"$drops\" http_sent=$(wh_metric vigil_output_sent_total http $OUT/e2e_webhook.$name.metrics) http_dropped=$(wh_metric vigil_output_dropped_total http $OUT/e2e_webhook.$name.metrics) http_errors=$(wh_metric vigil_output_errors_total http $OUT/e2e_webhook.$name.metrics) stdout_sent=$(wh_metric vigil_output_sent_total stdout $OUT/e2e_webhook.$name.metrics) stdout_dropped=$(wh_metric vigil_output_dropped_total stdout $OUT/e2e_webhook.$name.metrics)" \
		>>$OUT/e2e_webhook.txt
	if [ "$n" -ne $WH_N ]; then
		why="$name: $n of $WH_N tick alerts raised 10 s after the stream ended (kernel drops: $drops)"
	elif [ "$drops" != "0 0 0" ]; then
		why="$name: kernel drops (full reentrant too_large): '$drops'"
	elif [ $name != base ] && [ "$lost" -eq 0 ]; then
		why="$name: /metrics shows no http losses (dropped + errors = 0)"
	fi
	[ -z "$why" ]
}

group_e2e_webhook() {
	local mpid rc=0

	rm -rf $WH
	mkdir -p $WH
	: >$WH/tick
	: >$OUT/e2e_webhook.txt
	cat >$WH/rules.yaml <<-EOF
	- rule: Webhook tick
	  desc: an open of the tick file
	  condition: evt.type in (open, openat, openat2) and evt.dir = < and fd.name = $WH/tick
	  output: tick (pid=%proc.pid fd=%fd.num)
	  priority: INFO
	EOF
	insmod $KO || { why="insmod failed"; return 1; }
	/bin/e2e_http $WH_MUTE_PORT --mute 2>$OUT/e2e_webhook.mute.http &
	mpid=$!
	wh_run base &&
	wh_run refused -o http_output.enabled=true \
		-o http_output.url=http://127.0.0.1:$WH_DEAD_PORT/ \
		-o http_output.timeout_ms=2000 &&
	wh_run mute -o http_output.enabled=true \
		-o http_output.url=http://127.0.0.1:$WH_MUTE_PORT/ \
		-o http_output.timeout_ms=2000 || rc=1
	kill $mpid
	wait $mpid 2>/dev/null
	cleanup_module
	awk '$1 == "base" { split($3, b, "=") }
	     { split($3, t, "="); print $0, "ratio_to_base=" (b[2] > 0 ? t[2] / b[2] : "n/a") }' \
		$OUT/e2e_webhook.txt >$OUT/e2e_webhook.ratio
	cat $OUT/e2e_webhook.ratio
	return $rc
}
