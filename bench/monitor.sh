#!/usr/bin/env bash
# monitor.sh: what a daemon costs while its apps idle: CPU% and RSS of jpm's daemon and of PM2's
# God daemon managing 1, 10 and 50 instances of a tiny sleeping jar, in one run.
# For each size, each manager in turn (the other one stopped, with its instances, so the two
# never share the machine): a fresh daemon starts N instances, waits until all are online,
# settles, then
#   idle:   daemon utime + stime over WINDOW s from /proc/<pid>/stat, as % of one core, and its
#           VmRSS at the end; nobody asks either daemon anything;
#   polled: the same over POLL_WINDOW s while a client lists the apps once a second
#           (`jpm list --json` / `pm2 jlist`), the way a dashboard or a `watch` loop would.
# At idle jpm's daemon samples every instance every 30 s (/proc stat and status of each process
# and its children; hsperfdata for heap and GC) and checks log sizes only when a log folder
# changes (inotify); PM2's God daemon runs its worker every 30 s (pidusage of every process for
# max_memory_restart, host metrics) and samples processes otherwise only when a client asks
# (`pm2 list`, `jlist`, monit). A 30 s window holds exactly one round of each. jpm's daemon maps
# its own class-data archive, made by a first daemon before the measurements (as from a user's
# second daemon start on). The polled window makes both sample once
# a second. Prints a Markdown report on stdout (progress goes to stderr).
#
# Usage: bench/monitor.sh [> report.md]
#   SIZES="1 10 50"  instance counts
#   SETTLE=10        seconds between all online and the idle window
#   WINDOW=30        idle window, seconds
#   POLL_WINDOW=20   polled window, seconds (0 = skip)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZES="${SIZES:-1 10 50}"
SETTLE="${SETTLE:-10}"
WINDOW="${WINDOW:-30}"
POLL_WINDOW="${POLL_WINDOW:-20}"
SLEEPER_JVM_ARGS=(-Xmx16m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k)

work="$(mktemp -d /tmp/jpm-bench-monitor.XXXXXX)"
export JPM_HOME="$work/jpm-home"
export PM2_HOME="$(mktemp -d /tmp/jpm-bench-pm2.XXXXXX)"
mkdir -p "$JPM_HOME"
instance_pids="" # of the manager running now, refreshed once all are online

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  log "cleaning up"
  jpm_down
  pm2_down
  rm -rf "$work" "$PM2_HOME"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need_cmd jq jq
need_cmd javac openjdk-17-jdk-headless
need_node_tools
build_jpm
log "making the daemon's class-data archive (a first daemon, up to 90 s)"
jpm_make_daemon_archive

# ---- the sleeper --------------------------------------------------------------------------
mkdir -p "$work/src" "$work/classes"
cat >"$work/src/Sleeper.java" <<'EOF'
/** Does nothing, forever: an app at idle. */
public class Sleeper {
    public static void main(String[] args) throws InterruptedException {
        while (true) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
EOF
javac -d "$work/classes" "$work/src/Sleeper.java"
jar --create --file "$work/sleeper.jar" --main-class Sleeper -C "$work/classes" .
sleeper="$work/sleeper.jar"
java_bin="$(readlink -f "$(command -v java)")"

# ---- measuring helpers --------------------------------------------------------------------
hz="$(getconf CLK_TCK)"
# cpu_ticks <pid>...: summed utime + stime in clock ticks (fields 14 and 15 of /proc/<pid>/stat;
# the name in parentheses may hold spaces: PM2 calls itself "PM2 v7.0.4: God Daemon (...)")
cpu_ticks() {
  local pid sum=0 t
  for pid in "$@"; do
    t="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}')"
    sum=$((sum + ${t:-0}))
  done
  echo "$sum"
}
rss_sum_kb() { local pid sum=0 r; for pid in "$@"; do r="$(rss_kb "$pid")"; sum=$((sum + ${r:-0})); done; echo "$sum"; }
now_ns() { date +%s%N; }

# measure <label> <daemon pid> <seconds> [list command...]: one window; appends a row to results:
# manager n window seconds daemon_ticks instance_ticks daemon_rss instances_rss lists
results="$work/results.tsv"
: >"$results"
measure() {
  local label="$1" daemon="$2" seconds="$3"; shift 3
  local d0 i0 t0 d1 i1 t1 lists=0 next
  # shellcheck disable=SC2086
  d0="$(cpu_ticks "$daemon")"; i0="$(cpu_ticks $instance_pids)"; t0="$(now_ns)"
  if [ $# -eq 0 ]; then
    sleep "$seconds"
  else
    next="$t0"
    while [ $(($(now_ns) - t0)) -lt $((seconds * 1000000000)) ]; do
      "$@" >/dev/null 2>&1 || log "warning: $* failed"
      lists=$((lists + 1))
      next=$((next + 1000000000))
      local wait_ns=$((next - $(now_ns)))
      [ "$wait_ns" -gt 0 ] && sleep "$(awk -v n="$wait_ns" 'BEGIN { printf "%.3f", n / 1e9 }')"
    done
  fi
  # shellcheck disable=SC2086
  d1="$(cpu_ticks "$daemon")"; i1="$(cpu_ticks $instance_pids)"; t1="$(now_ns)"
  # shellcheck disable=SC2086
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$n" "$window" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')" "$((d1 - d0))" "$((i1 - i0))" \
    "$(rss_kb "$daemon")" "$(rss_sum_kb $instance_pids)" "$lists" >>"$results"
}

# settle_and_measure <manager> <daemon pid> <list command...>
settle_and_measure() {
  local manager="$1" daemon="$2"; shift 2
  log "$manager n=$n: all online; settling ${SETTLE}s"
  sleep "$SETTLE"
  log "$manager n=$n: idle window ${WINDOW}s"
  window=idle measure "$manager" "$daemon" "$WINDOW"
  if [ "$POLL_WINDOW" -gt 0 ]; then
    log "$manager n=$n: polled window ${POLL_WINDOW}s"
    window=polled measure "$manager" "$daemon" "$POLL_WINDOW" "$@"
  fi
}

run_jpm() { # <n>
  local daemon online deadline=$((SECONDS + 120))
  "$root/jpm" ping >/dev/null
  daemon="$(cat "$JPM_HOME/daemon.pid")"
  log "jpm n=$n: starting"
  "$root/jpm" start "$sleeper" -i "$n" --name s --jvm-args "${SLEEPER_JVM_ARGS[*]}" >/dev/null
  until online="$("$root/jpm" list --json | jq '[.[] | select(.status == "online")] | length')" && [ "$online" = "$n" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "jpm: $online of $n instances online"
    sleep 1
  done
  instance_pids="$("$root/jpm" list --json | jq -r '.[].pid // empty' | tr '\n' ' ')"
  settle_and_measure jpm "$daemon" "$root/jpm" list --json
  log "jpm n=$n: stopping"
  jpm_down
}

run_pm2() { # <n>
  local daemon online deadline=$((SECONDS + 120)) i
  {
    echo "// fork mode, PM2 runs java itself (interpreter none): $n apps s0..s$((n - 1))"
    echo "module.exports = { apps: ["
    for ((i = 0; i < n; i++)); do
      echo "  { name: 's$i', script: '$java_bin', interpreter: 'none', exec_mode: 'fork',"
      echo "    args: [$(printf "'%s', " "${SLEEPER_JVM_ARGS[@]}")'-jar', '$sleeper'] },"
    done
    echo "] };"
  } >"$work/pm2-$n.config.js"
  "$PM2" ping >/dev/null
  daemon="$(cat "$PM2_HOME/pm2.pid")"
  log "pm2 n=$n: starting"
  "$PM2" start "$work/pm2-$n.config.js" >/dev/null
  until online="$("$PM2" jlist | jq '[.[] | select(.pm2_env.status == "online")] | length')" && [ "$online" = "$n" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "pm2: $online of $n apps online"
    sleep 1
  done
  instance_pids="$("$PM2" jlist | jq -r '.[].pid // empty' | tr '\n' ' ')"
  settle_and_measure pm2 "$daemon" "$PM2" jlist
  log "pm2 n=$n: stopping"
  pm2_down
}

# ---- the run ------------------------------------------------------------------------------
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
k=0
for n in $SIZES; do
  # the manager that goes first alternates from size to size
  if [ $((k % 2)) -eq 0 ]; then run_jpm "$n"; run_pm2 "$n"; else run_pm2 "$n"; run_jpm "$n"; fi
  k=$((k + 1))
done

# ---- report -------------------------------------------------------------------------------
# value <manager> <n> <window> <column>
value() { awk -F'\t' -v m="$1" -v n="$2" -v w="$3" -v c="$4" '$1 == m && $2 == n && $3 == w {print $c}' "$results"; }
pct() { awk -v t="$1" -v s="$2" -v hz="$hz" 'BEGIN { printf "%.2f", t / hz / s * 100 }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1000 }'; }

echo "## monitor.sh: daemon CPU and RSS with 1 to 50 idle instances, jpm vs PM2"
echo
machine_header | sed "s/^- load average at start: .*/- load average at start: $load_start (shared machine; other jobs may run)/"
echo "- pm2 $(node -p "require('$tools/node_modules/pm2/package.json').version"), node $(node --version)"
echo "- instances: a sleeping jar, java ${SLEEPER_JVM_ARGS[*]} -jar sleeper.jar; jpm: \`jpm start sleeper.jar -i N --name s --jvm-args ...\`; PM2: N fork-mode apps s0..sN-1 (interpreter none) from one ecosystem.config.js"
echo "- per size and manager: a fresh daemon, all N online, ${SETTLE} s settle, idle window ${WINDOW} s, then a polled window ${POLL_WINDOW} s with \`jpm list --json\` / \`pm2 jlist\` once a second; then that manager is stopped before the other starts (the order alternates by size)"
echo "- CPU = daemon utime + stime over the window / window, % of one core (clock tick $((1000 / hz)) ms, so ±$(awk -v hz="$hz" -v w="$WINDOW" 'BEGIN { printf "%.2f", 100 / hz / w }') points on a ${WINDOW} s window); RSS = daemon VmRSS at the window's end; MB = 1000 kB"
echo
for n in $SIZES; do
  echo "### $n instance$([ "$n" = 1 ] || echo s)"
  echo
  echo "| window | manager | seconds | daemon CPU ticks | daemon CPU % | daemon VmRSS MB | instances CPU % (sum) | instances VmRSS MB (sum) | list calls |"
  echo "|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' -v n="$n" -v hz="$hz" '$2 == n {
    printf "| %s | %s | %s | %d | %.2f | %.1f | %.2f | %.1f | %s |\n", $3, $1, $4, $5, $5 / hz / $4 * 100, $7 / 1000,
      $6 / hz / $4 * 100, $8 / 1000, ($3 == "idle" ? "-" : $9) }' "$results" | sort -s -t'|' -k2,2
  echo
  for w in idle polled; do
    [ "$w" = polled ] && [ "$POLL_WINDOW" -eq 0 ] && continue
    jc="$(pct "$(value jpm "$n" "$w" 5)" "$(value jpm "$n" "$w" 4)")"
    pc="$(pct "$(value pm2 "$n" "$w" 5)" "$(value pm2 "$n" "$w" 4)")"
    jr="$(value jpm "$n" "$w" 7)"; pr="$(value pm2 "$n" "$w" 7)"
    echo "- $w, jpm/PM2: CPU $jc % / $pc % = $(ratio "$jc" "$pc")×; RSS $(mb "$jr") / $(mb "$pr") MB = $(ratio "$jr" "$pr")×"
  done
  echo
done
echo "### summary (jpm/PM2; aim: below 1 at every size)"
echo
echo "| instances | idle CPU % jpm | idle CPU % PM2 | CPU ratio | RSS MB jpm | RSS MB PM2 | RSS ratio | polled CPU ratio | polled RSS ratio |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in $SIZES; do
  jc="$(pct "$(value jpm "$n" idle 5)" "$(value jpm "$n" idle 4)")"
  pc="$(pct "$(value pm2 "$n" idle 5)" "$(value pm2 "$n" idle 4)")"
  jr="$(value jpm "$n" idle 7)"; pr="$(value pm2 "$n" idle 7)"
  if [ "$POLL_WINDOW" -gt 0 ]; then
    pjc="$(pct "$(value jpm "$n" polled 5)" "$(value jpm "$n" polled 4)")"
    ppc="$(pct "$(value pm2 "$n" polled 5)" "$(value pm2 "$n" polled 4)")"
    pcr="$(ratio "$pjc" "$ppc")"; prr="$(ratio "$(value jpm "$n" polled 7)" "$(value pm2 "$n" polled 7)")"
  else
    pcr="-"; prr="-"
  fi
  echo "| $n | $jc | $pc | $(ratio "$jc" "$pc") | $(mb "$jr") | $(mb "$pr") | $(ratio "$jr" "$pr") | $pcr | $prr |"
done
