#!/usr/bin/env bash
# diagnose.sh: where the time of `jpm list` and the memory of the jpm daemon go. No jpm code
# is changed: the daemon is launched by hand with other JVM flags, and the CLI is run with
# other class-data archives.
#   1. list latency broken down (hyperfine, one run): bare JVM start with the launcher's flags,
#      the CLI without a daemon round trip (--version), `jpm list` with the launcher's archive
#      (made from `--help`), with an archive made from `list` itself, and `pm2 list`; plus where
#      `jpm list` loads its classes from.
#   2. daemon RSS under alternative JVM flags (each variant a fresh daemon managing the same two
#      fork-mode demo apps as core.sh, ~10 s settle), PM2's God daemon alongside, and a Native
#      Memory Tracking summary of the daemon with its current flags.
# Prints a Markdown report on stdout.
#
# Usage: bench/diagnose.sh [> report.md]    RUNS=30 SETTLE=10
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${RUNS:-30}"
SETTLE="${SETTLE:-10}"
PORTS=(31021 31022)
PM2_PORTS=(31031 31032)
INSTANCE_JVM_ARGS="[-Xmx64m, -XX:+UseSerialGC]"
# DaemonLauncher.DAEMON_JVM_OPTIONS at the time of writing
CURRENT="-XX:+UseSerialGC -Xms16m -Xmx256m -Xss512k -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=48m -Djava.awt.headless=true"
C1="-XX:TieredStopAtLevel=1"
LEAN="-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -Xss256k -XX:-UsePerfData"
SMALLHEAP="-Xms8m -Xmx64m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"

work="$(mktemp -d /tmp/jpm-bench-diag.XXXXXX)"
export PM2_HOME="$(mktemp -d /tmp/jpm-bench-pm2.XXXXXX)"
export JPM_HOME="$work/home-list"
daemon_pid=""

stop_jpm_home() { # stops the daemon and instances of $JPM_HOME
  local pids="" pid
  alive "$daemon_pid" || { daemon_pid=""; return 0; }
  pids="$("$root/jpm" list --json 2>/dev/null | jq -r '.[].pid // empty' 2>/dev/null || true)"
  timeout 30 "$root/jpm" kill >/dev/null 2>&1 || true
  for pid in $pids $daemon_pid; do stop_pid "$pid" 5; done
  daemon_pid=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  log "cleaning up"
  stop_jpm_home
  if [ -f "$PM2_HOME/pm2.pid" ]; then
    local pm2_daemon pids
    pm2_daemon="$(cat "$PM2_HOME/pm2.pid")"
    pids="$("$PM2" jlist 2>/dev/null | jq -r '.[].pid // empty' 2>/dev/null || true)"
    timeout 30 "$PM2" kill >/dev/null 2>&1 || true
    for pid in $pids $pm2_daemon; do [ "$pid" = 0 ] || stop_pid "$pid" 5; done
  fi
  rm -rf "$work" "$PM2_HOME"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need_cmd hyperfine hyperfine
need_cmd jq jq
need_node_tools
build_jpm
require_free_ports "${PORTS[@]}" "${PM2_PORTS[@]}"
jar="$root/cli/target/jpm.jar"
java_bin="$(readlink -f "$(command -v java)")"
jcmd_bin="$(dirname "$java_bin")/jcmd"
cp "$root/demo-app/target/demo-app.jar" "$work/demo.jar"

cat >"$work/apps.yaml" <<EOF
apps:
  - name: a
    jar: $work/demo.jar
    jvm_args: $INSTANCE_JVM_ARGS
    env: {PORT: "${PORTS[0]}", HOST: 127.0.0.1}
  - name: b
    jar: $work/demo.jar
    jvm_args: $INSTANCE_JVM_ARGS
    env: {PORT: "${PORTS[1]}", HOST: 127.0.0.1}
EOF

# start_daemon <flags...>: a daemon for a fresh $JPM_HOME, launched by hand, then the two apps
start_daemon() {
  export JPM_HOME="$work/home-$RANDOM$RANDOM"
  mkdir -p "$JPM_HOME" && chmod 700 "$JPM_HOME"
  "$java_bin" "$@" -cp "$jar" dev.jpm.daemon.DaemonMain </dev/null >>"$JPM_HOME/daemon.log" 2>&1 &
  daemon_pid=$!
  local i
  for ((i = 0; i < 200; i++)); do [ -S "$JPM_HOME/daemon.sock" ] && break; sleep 0.05; done
  [ -S "$JPM_HOME/daemon.sock" ] || die "daemon with flags $* did not start: $(tail -5 "$JPM_HOME/daemon.log")"
  "$root/jpm" start "$work/apps.yaml" >/dev/null
  for p in "${PORTS[@]}"; do wait_http "http://127.0.0.1:$p/health" 30 || die "app on $p did not come up"; done
}

# ---- 1. list latency -------------------------------------------------------------------------
log "list latency breakdown"
# shellcheck disable=SC2086
start_daemon $CURRENT
launcher_flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -XX:-UsePerfData"
help_archive="$root/cli/target/jpm-cli.jsa"
# an archive made from `list` (with a daemon answering), in the launcher's own way
java -Xshare:off -XX:DumpLoadedClassList="$work/list.classlist" -cp "$jar" dev.jpm.cli.Main list >/dev/null 2>&1
java -XX:SharedClassListFile="$work/list.classlist" -XX:SharedArchiveFile="$work/list.jsa" -Xshare:dump -cp "$jar" >/dev/null 2>&1 \
  || die "could not dump a CDS archive from list"
# PM2 with the same two apps (a new app takes the environment of the `pm2 start` call)
PORT="${PM2_PORTS[0]}" HOST=127.0.0.1 "$PM2" start "$java_bin" --interpreter none --name a -- -Xmx64m -XX:+UseSerialGC -jar "$work/demo.jar" >/dev/null
PORT="${PM2_PORTS[1]}" HOST=127.0.0.1 "$PM2" start "$java_bin" --interpreter none --name b -- -Xmx64m -XX:+UseSerialGC -jar "$work/demo.jar" >/dev/null
for p in "${PM2_PORTS[@]}"; do wait_http "http://127.0.0.1:$p/health" 30 || die "pm2 app on $p did not come up"; done
sleep "$SETTLE"
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$work/breakdown.json" \
  -n "java -version (launcher flags, JDK archive)" "java $launcher_flags -version" \
  -n "jpm --version via java (help archive, no daemon call)" "java $launcher_flags -XX:SharedArchiveFile=$help_archive -cp $jar dev.jpm.cli.Main --version" \
  -n "jpm list via java (help archive) = ./jpm minus bash" "java $launcher_flags -XX:SharedArchiveFile=$help_archive -cp $jar dev.jpm.cli.Main list" \
  -n "./jpm list (launcher)" "$root/jpm list" \
  -n "jpm list via java (archive made from list)" "java $launcher_flags -XX:SharedArchiveFile=$work/list.jsa -cp $jar dev.jpm.cli.Main list" \
  -n "node -e 0" "node -e 0" \
  -n "pm2 list" "$PM2 list" >&2
classes() { # archive -> "N classes: X from the archive, Y from jpm.jar, Z from the JDK modules"
  java $launcher_flags -XX:SharedArchiveFile="$1" -Xlog:class+load=info:file="$work/cl.log" -cp "$jar" dev.jpm.cli.Main list >/dev/null 2>&1
  awk '/source: shared objects file/ {s++} /source: (file|jar):/ {j++} /source: jrt:/ {r++} END {printf "%d classes loaded: %d from the CDS archive, %d from jpm.jar, %d from the JDK image", s + j + r, s, j, r}' "$work/cl.log"
}
cl_help="$(classes "$help_archive")"
cl_list="$(classes "$work/list.jsa")"
pm2_rss="$(rss_kb "$(cat "$PM2_HOME/pm2.pid")")"
stop_jpm_home

# ---- 2. daemon RSS by JVM flags --------------------------------------------------------------
declare -a names=("current (DAEMON_JVM_OPTIONS)" "current + C1 only" "current + lean JIT/stack" "current + lean + small heap")
declare -a flagsets=("$CURRENT" "$CURRENT $C1" "$CURRENT $LEAN" "$CURRENT $LEAN $SMALLHEAP")
rss_rows=""
for i in "${!names[@]}"; do
  log "daemon RSS: ${names[$i]}"
  # shellcheck disable=SC2086
  start_daemon ${flagsets[$i]}
  sleep "$SETTLE"
  idle="$(rss_kb "$daemon_pid")"
  for _ in $(seq 20); do "$root/jpm" list >/dev/null; done
  sleep 2
  after="$(rss_kb "$daemon_pid")"
  rss_rows="$rss_rows| ${names[$i]} | \`${flagsets[$i]}\` | $idle | $after | $(ratio "$idle" "$pm2_rss") |"$'\n'
  stop_jpm_home
done

log "native memory tracking of the daemon with its current flags"
# shellcheck disable=SC2086
start_daemon $CURRENT -XX:NativeMemoryTracking=summary
sleep "$SETTLE"
nmt_rss="$(rss_kb "$daemon_pid")"
"$jcmd_bin" "$daemon_pid" VM.native_memory summary scale=KB >"$work/nmt.txt" 2>&1 || true
stop_jpm_home

# ---- report --------------------------------------------------------------------------------------
echo "## diagnose.sh: where jpm list's time and the daemon's memory go"
echo
machine_header
echo
echo "### list latency, broken down (hyperfine -N --warmup 3 --runs $RUNS, one run)"
echo
echo "| command | mean ms | median ms | stddev ms |"
echo "|---|---|---|---|"
jq -r '.results[] | "| \(.command) | \(.mean * 1000 | . * 10 | round / 10) | \(.median * 1000 | . * 10 | round / 10) | \(.stddev * 1000 | . * 10 | round / 10) |"' "$work/breakdown.json"
echo
echo "- \`jpm list\` with the launcher's archive (made from \`--help\`): $cl_help"
echo "- \`jpm list\` with an archive made from \`list\`: $cl_list"
echo
echo "### daemon RSS under other JVM flags (fresh daemon each, same 2 fork-mode apps; VmRSS kB)"
echo
echo "PM2's God daemon managing the same two apps, measured in this run: $pm2_rss kB."
echo
echo "| variant | flags | after ${SETTLE} s idle | after 20 more \`jpm list\` | idle ratio vs PM2 |"
echo "|---|---|---|---|---|"
printf '%s' "$rss_rows"
echo
echo "### Native Memory Tracking, daemon with its current flags (VmRSS $nmt_rss kB with NMT on; committed kB)"
echo
echo '```'
awk '/^Total:/ || /^-  *[A-Za-z]/ {print}' "$work/nmt.txt" | sed 's/^-  *//' | awk '{$1 = $1; print}'
echo '```'
