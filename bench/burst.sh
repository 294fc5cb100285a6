#!/usr/bin/env bash
# burst.sh: does the daemon give memory back after a burst? The demo in cluster mode (http, one
# instance per core) behind jpm's balancer; the daemon's VmRSS idle, then under wrk with many
# connections (keep-alive, then a connection per request), then every 15 s while idle again.
# The aim (issue 13): back within 20 % of the idle size. A balancer that kept a burst's buffers
# (its pools, glibc's arenas) stayed about 80 % above it for good.
# Prints a Markdown report on stdout (progress goes to stderr).
#
# Usage: bench/burst.sh [> report.md]
#   CONNECTIONS=400  wrk connections in each burst
#   DURATION=10      seconds of each burst (keep-alive, then Connection: close)
#   AFTER=90         seconds watched after the burst
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CONNECTIONS="${CONNECTIONS:-400}"
DURATION="${DURATION:-10}"
AFTER="${AFTER:-90}"
PORT=31090

work="$(mktemp -d /tmp/jpm-bench-burst.XXXXXX)"
export JPM_HOME="$work/jpm-home"
mkdir -p "$JPM_HOME"

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  log "cleaning up"
  jpm_down
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need_cmd wrk wrk
build_jpm
require_free_ports "$PORT"
log "making the daemon's class-data archive (a first daemon, up to 90 s)"
jpm_make_daemon_archive

cat >"$work/ecosystem.yaml" <<EOF
apps:
  - name: demo
    jar: $root/demo-app/target/demo-app.jar
    instances: 0
    port: $PORT
    host: 127.0.0.1
    protocol: http
    jvm_args: [-Xmx128m, -XX:+UseSerialGC]
EOF
log "starting the demo on every core"
"$root/jpm" start "$work/ecosystem.yaml" >/dev/null
daemon="$(cat "$JPM_HOME/daemon.pid")"
wait_http "http://127.0.0.1:$PORT/" 30
sleep 10

rows=()
peak=0
row() {
  local rss; rss="$(rss_kb "$daemon")"
  [ "$rss" -gt "$peak" ] && peak="$rss"
  rows+=("| $1 | $rss | $(rss_anon_kb "$daemon") |")
}
row "idle, before"
idle="$(rss_kb "$daemon")"
log "burst: wrk -c$CONNECTIONS keep-alive, ${DURATION}s"
ka="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$PORT/" | awk '/Requests\/sec/ {print $2}')"
row "after ${DURATION} s of keep-alive"
log "burst: wrk -c$CONNECTIONS Connection: close, ${DURATION}s"
close="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H 'Connection: close' "http://127.0.0.1:$PORT/" | awk '/Requests\/sec/ {print $2}')"
row "right after the bursts"
for ((t = 15; t <= AFTER; t += 15)); do
  sleep 15
  row "${t} s later"
done
last="$(rss_kb "$daemon")"

echo "## burst.sh: daemon memory after a burst of $CONNECTIONS connections"
echo
machine_header
echo "- the demo on $(nproc) instances behind jpm's http balancer on 127.0.0.1:$PORT; wrk -t2 -c$CONNECTIONS, ${DURATION} s keep-alive ($ka rps) then ${DURATION} s with Connection: close ($close rps)"
echo
echo "| when | daemon VmRSS kB | RssAnon kB |"
echo "|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "- largest reading / idle: $(ratio "$peak" "$idle"); ${AFTER} s later / idle: **$(ratio "$last" "$idle")** (aim ≤ 1.20)"
grep -E "collected to give memory back" "$JPM_HOME/daemon.log" | sed 's/^/- daemon.log: /' || true
