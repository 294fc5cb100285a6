#!/usr/bin/env bash
# core.sh: jpm vs PM2 on the core loop, both managing the same two demo apps (fork mode):
#   1. `jpm list` vs `pm2 list` latency with the daemons already up (hyperfine, one run);
#   2. daemon RSS (VmRSS of jpm's daemon vs PM2's God daemon);
#   3. respawn time after kill -9 of an instance, seen from /proc (not through either CLI).
# Prints a Markdown report on stdout (progress goes to stderr).
#
# Usage: bench/core.sh [> report.md]
#   RUNS=30 WARMUP=3   hyperfine runs per command
#   RESPAWNS=10        kills per manager
#   SETTLE=10          seconds the daemons idle before the first RSS reading
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${RUNS:-30}"
WARMUP="${WARMUP:-3}"
RESPAWNS="${RESPAWNS:-10}"
SETTLE="${SETTLE:-10}"
# fork mode: each app binds its own fixed port, given through env PORT
JPM_PORTS=(31001 31002)
PM2_PORTS=(31011 31012)
INSTANCE_JVM_ARGS=(-Xmx64m -XX:+UseSerialGC)

work="$(mktemp -d /tmp/jpm-bench-core.XXXXXX)"
export JPM_HOME="$work/jpm-home"
export PM2_HOME="$(mktemp -d /tmp/jpm-bench-pm2.XXXXXX)"
mkdir -p "$JPM_HOME"
jpm_daemon=""
pm2_daemon=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  log "cleaning up"
  stop_both_managers
  rm -rf "$work" "$PM2_HOME"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need_cmd hyperfine hyperfine
need_cmd jq jq
need_cmd python3 python3
need_node_tools
build_jpm
log "making the daemon's class-data archive (a first daemon, up to 90 s)"
jpm_make_daemon_archive
require_free_ports "${JPM_PORTS[@]}" "${PM2_PORTS[@]}"

java_bin="$(readlink -f "$(command -v java)")"
jar="$root/cli/target/jpm.jar"
demo="$root/demo-app/target/demo-app.jar"
# every app runs its own copy of the jar, so its path marks that app's processes in /proc
for app in a b; do
  cp "$demo" "$work/jpm-$app.jar"
  cp "$demo" "$work/pm2-$app.jar"
done

yaml_list() { local IFS=,; echo "[$*]"; }

cat >"$work/jpm.yaml" <<EOF
apps:
  - name: a
    jar: $work/jpm-a.jar
    jvm_args: $(yaml_list "${INSTANCE_JVM_ARGS[@]}")
    env:
      PORT: "${JPM_PORTS[0]}"
      HOST: 127.0.0.1
  - name: b
    jar: $work/jpm-b.jar
    jvm_args: $(yaml_list "${INSTANCE_JVM_ARGS[@]}")
    env:
      PORT: "${JPM_PORTS[1]}"
      HOST: 127.0.0.1
EOF

js_args() { local a out=""; for a in "$@"; do out="$out'$a', "; done; echo "[$out'-jar']"; }
cat >"$work/ecosystem.config.js" <<EOF
// PM2 runs java itself (interpreter none), in fork mode, as jpm does
module.exports = {
  apps: [
    { name: 'a', script: '$java_bin', args: $(js_args "${INSTANCE_JVM_ARGS[@]}").concat(['$work/pm2-a.jar']),
      interpreter: 'none', exec_mode: 'fork', env: { PORT: '${PM2_PORTS[0]}', HOST: '127.0.0.1' } },
    { name: 'b', script: '$java_bin', args: $(js_args "${INSTANCE_JVM_ARGS[@]}").concat(['$work/pm2-b.jar']),
      interpreter: 'none', exec_mode: 'fork', env: { PORT: '${PM2_PORTS[1]}', HOST: '127.0.0.1' } },
  ],
};
EOF

log "starting 2 apps under jpm"
"$root/jpm" start "$work/jpm.yaml" >&2
jpm_daemon="$(cat "$JPM_HOME/daemon.pid")"
log "starting 2 apps under pm2"
"$PM2" start "$work/ecosystem.config.js" >/dev/null
pm2_daemon="$(cat "$PM2_HOME/pm2.pid")"
for p in "${JPM_PORTS[@]}" "${PM2_PORTS[@]}"; do
  wait_http "http://127.0.0.1:$p/health" 30 || die "no answer on port $p"
done

log "settling ${SETTLE}s"
sleep "$SETTLE"
rss_row() { # label pid
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$2" "$(rss_kb "$2")" "$(rss_anon_kb "$2")" "$(rss_file_kb "$2")"
}
jpm_rss1="$(rss_kb "$jpm_daemon")"; pm2_rss1="$(rss_kb "$pm2_daemon")"
rss_idle="$(rss_row "jpm daemon" "$jpm_daemon"; rss_row "PM2 God daemon" "$pm2_daemon")"

log "hyperfine: list latency"
hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-json "$work/list.json" \
  -n "jpm list (./jpm launcher, CDS)" "$root/jpm list" \
  -n "pm2 list" "$PM2 list" \
  -n "java -cp jpm.jar (no launcher)" "java -cp $jar dev.jpm.cli.Main list" >&2

log "respawn: $RESPAWNS kills each, interleaved"
python3 "$bench_dir/respawn_probe.py" "$RESPAWNS" 2 \
  "jpm=$work/jpm-a.jar" "pm2=$work/pm2-a.jar" >"$work/respawn.txt"

# the apps must still be there and the managers must have noticed nothing odd
jpm_restarts="$("$root/jpm" list --json | jq -r '[.[] | select(.name == "a")][0] | "\(.status), restarts \(.restarts)"')"
pm2_restarts="$("$PM2" jlist | jq -r '[.[] | select(.name == "a")][0] | "\(.pm2_env.status), restarts \(.pm2_env.restart_time)"')"

sleep 3
jpm_rss2="$(rss_kb "$jpm_daemon")"; pm2_rss2="$(rss_kb "$pm2_daemon")"
rss_after="$(rss_row "jpm daemon" "$jpm_daemon"; rss_row "PM2 God daemon" "$pm2_daemon")"

median() { sort -n | awk '{v[NR] = $1} END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
jpm_resp="$(awk '$1 == "jpm" {print $3}' "$work/respawn.txt" | median)"
pm2_resp="$(awk '$1 == "pm2" {print $3}' "$work/respawn.txt" | median)"
stat_of() { jq -r --arg n "$1" --arg f "$2" '.results[] | select(.command == $n) | .[$f] * 1000' "$work/list.json"; }
jl_mean="$(stat_of "jpm list (./jpm launcher, CDS)" mean)"; jl_med="$(stat_of "jpm list (./jpm launcher, CDS)" median)"
pl_mean="$(stat_of "pm2 list" mean)"; pl_med="$(stat_of "pm2 list" median)"
jr_mean="$(stat_of "java -cp jpm.jar (no launcher)" mean)"; jr_med="$(stat_of "java -cp jpm.jar (no launcher)" median)"

# ---- report ----------------------------------------------------------------------------
echo "## core.sh: jpm vs PM2, core loop"
echo
machine_header
echo "- pm2 $("$PM2" --version 2>/dev/null | tail -1), node $(node --version), hyperfine $(hyperfine --version | cut -d' ' -f2)"
echo "- both managers run the same demo-app jar as two fork-mode apps (\`a\`, \`b\`), java ${INSTANCE_JVM_ARGS[*]}, PORT via env"
echo
echo "### list latency (hyperfine -N --warmup $WARMUP --runs $RUNS, one run, daemons already up)"
echo
echo "| command | mean ms | median ms | stddev ms | min ms | max ms |"
echo "|---|---|---|---|---|---|"
jq -r '.results[] | "| \(.command) | \(.mean * 1000 | . * 10 | round / 10) | \(.median * 1000 | . * 10 | round / 10) | \(.stddev * 1000 | . * 10 | round / 10) | \(.min * 1000 | . * 10 | round / 10) | \(.max * 1000 | . * 10 | round / 10) |"' "$work/list.json"
echo
echo "- ratio jpm/pm2 (launcher): mean $(ratio "$jl_mean" "$pl_mean"), median $(ratio "$jl_med" "$pl_med")  (aim ≤ 0.5)"
echo "- ratio jpm/pm2 (plain java -cp): mean $(ratio "$jr_mean" "$pl_mean"), median $(ratio "$jr_med" "$pl_med")"
echo
echo "### daemon RSS (VmRSS from /proc/<pid>/status, kB)"
echo
echo "After ${SETTLE} s idle with both apps online:"
echo
echo "| daemon | pid | VmRSS kB | RssAnon kB | RssFile kB |"
echo "|---|---|---|---|---|"
echo "$rss_idle"
echo
echo "- ratio jpm/PM2: $(ratio "$jpm_rss1" "$pm2_rss1")  (aim < 1)"
echo
echo "After the list benchmark and the respawn rounds (the daemons have done work):"
echo
echo "| daemon | pid | VmRSS kB | RssAnon kB | RssFile kB |"
echo "|---|---|---|---|---|"
echo "$rss_after"
echo
echo "- ratio jpm/PM2: $(ratio "$jpm_rss2" "$pm2_rss2")"
echo
echo "### respawn after kill -9 (ms from kill(2) to a new process with the app's jar in /proc, polled every 5 ms; $RESPAWNS kills each, interleaved)"
echo
echo "| manager | median ms | all (ms, in order) |"
echo "|---|---|---|"
echo "| jpm | $jpm_resp | $(awk '$1 == "jpm" {printf "%s ", $3}' "$work/respawn.txt")|"
echo "| pm2 | $pm2_resp | $(awk '$1 == "pm2" {printf "%s ", $3}' "$work/respawn.txt")|"
echo
echo "- ratio jpm/pm2 (median): $(ratio "$jpm_resp" "$pm2_resp")  (aim ≤ 1)"
echo "- after the kills: jpm app a $jpm_restarts; pm2 app a $pm2_restarts"
