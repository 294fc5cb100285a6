#!/usr/bin/env bash
# logs.sh: what logging costs an app that writes lines as fast as it can, in one run:
#   direct   java -jar writer.jar > file 2> err        (the floor: the OS appends to a file)
#   jpm-rot  under jpm, log_max_size 10M (the default): the daemon rotates while the app writes
#   jpm-big  under jpm, log_max_size 100G: no rotation, so the difference to jpm-rot is rotation
#   jpm-stamp under jpm with log_date_format: the app writes into a pipe, the daemon stamps each
#            line and writes the file (rotating at 10M), the one log path where the daemon copies bytes
#   pm2      under PM2 in fork mode: the app writes into a pipe, PM2's God daemon writes the file
# The writer is a tiny Java main built here: numbered 100-byte lines through a PrintStream over a
# BufferedOutputStream, flushed after every line (a logger with immediate flush: one write(2)
# per line). At the end it prints to stderr its own time from first to last line and its CPU
# time (ProcessHandle totalCpuDuration = utime + stime of every thread, JVM start-up included),
# so every mode is measured the same way, from inside the app. The managers' daemons are
# measured from /proc/<pid>/stat (utime + stime) over each run. Every output is checked line by
# line afterwards (jpm: the rotated .gz files, oldest first, then the current file).
# Prints a Markdown report on stdout (progress goes to stderr).
#
# Usage: bench/logs.sh [> report.md]
#   LINES=5000000   lines per run (100 bytes each: 500 MB)
#   REPS=3          rounds; each round runs every mode once, the order shifted by one per round
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LINES="${LINES:-5000000}"
REPS="${REPS:-3}"
WRITER_JVM_ARGS=(-Xmx64m -XX:+UseSerialGC)
BIG_LOG_MAX_SIZE=100G
LOG_RETAIN=50 # above the number of rotations a run makes, so that every line can be counted
MODES=(direct jpm-rot jpm-big jpm-stamp pm2)
STAMP_FORMAT='yyyy-MM-dd HH:mm:ss.SSS'
STAMP_WIDTH=24 # the stamp and its space, stripped before a stamped line is checked

work="$(mktemp -d /tmp/jpm-bench-logs.XXXXXX)"
export JPM_HOME="$work/jpm-home"
export PM2_HOME="$(mktemp -d /tmp/jpm-bench-pm2.XXXXXX)"
mkdir -p "$JPM_HOME"
jpm_daemon=""
pm2_daemon=""
direct_pid=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  log "cleaning up"
  stop_pid "$direct_pid" 2
  stop_both_managers
  rm -rf "$work" "$PM2_HOME"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need_cmd jq jq
need_cmd javac openjdk-17-jdk-headless
need_node_tools
build_jpm

# ---- the writer ---------------------------------------------------------------------------
mkdir -p "$work/src" "$work/classes"
cat >"$work/src/Writer.java" <<'EOF'
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;

/** Writes N numbered 100-byte lines to stdout, one write(2) each, then its own timings to stderr. */
public class Writer {
    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[0]);
        PrintStream out = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 8192), false, "US-ASCII");
        String prefix = "2026-11-23T07:00:00.000Z INFO  [main] bench.Writer - line ";
        String pad = "x".repeat(100);
        StringBuilder line = new StringBuilder(128);
        long start = System.nanoTime();
        long last = start;
        long maxGap = 0; // the longest time between two lines: a pause of the writer shows here
        long stalls = 0; // gaps above 5 ms
        for (long i = 1; i <= n; i++) {
            line.setLength(0);
            line.append(prefix);
            String number = Long.toString(i);
            for (int k = number.length(); k < 10; k++) {
                line.append('0');
            }
            line.append(number).append(' ');
            line.append(pad, 0, 99 - line.length()); // 99 characters and the newline
            out.println(line);
            out.flush();
            long now = System.nanoTime();
            if (now - last > maxGap) {
                maxGap = now - last;
            }
            if (now - last > 5_000_000) {
                stalls++;
            }
            last = now;
        }
        long elapsed = System.nanoTime() - start;
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
        System.err.println("lines=" + n + " ns=" + elapsed + " cpu_ns=" + cpu + " max_gap_ns=" + maxGap + " stalls=" + stalls);
    }
}
EOF
javac -d "$work/classes" "$work/src/Writer.java"
jar --create --file "$work/writer.jar" --main-class Writer -C "$work/classes" .
writer="$work/writer.jar"
java_bin="$(readlink -f "$(command -v java)")"

# ---- measuring helpers --------------------------------------------------------------------
# cpu_ticks <pid>: utime + stime in clock ticks (fields 14 and 15; the name in parentheses may hold spaces)
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
hz="$(getconf CLK_TCK)"
# summary <err file> <field>: a value from the writer's last line, e.g. ns or cpu_ns
summary() { awk -v k="$2" '/(^| )lines=/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) v = kv[2] } } END { print v }' "$1"; }
wait_summary() { # <err file> <seconds>
  local deadline=$((SECONDS + $2))
  until [ -f "$1" ] && grep -qE '(^| )lines=' "$1"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}
# check_lines <files...>: reads them in order as one stream; prints "<count> ok" when the lines
# are numbered 1..count with no gap, repeat or damaged line, else "<count> BAD(<first bad line>)";
# with strip=N in the environment the first N characters of each line (a stamp) are left out
check_lines() {
  local f
  for f in "$@"; do case "$f" in *.gz) zcat "$f" ;; *) cat "$f" ;; esac; done |
    awk -v want="$LINES" -v strip="${strip:-0}" '
      { s = substr($0, strip + 1); split(s, w, " ")
        if (bad == "" && (length(s) != 99 || w[7] + 0 != NR)) bad = NR }
      END { if (bad == "" && NR != want) bad = "count"; printf "%d %s\n", NR, (bad == "" ? "ok" : "BAD(" bad ")") }'
}
# jpm_log <app> <out|err>: $JPM_HOME/logs/<app>-<id>-<stream>.log of the app's one instance
jpm_log() {
  local f
  for f in "$JPM_HOME/logs/$1"-*-"$2".log; do
    [[ "${f##*/}" =~ ^"$1"-[0-9]+-"$2".log$ ]] && echo "$f" && return 0
  done
}
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status" 2>/dev/null; }
# file_size <file>: bytes, 0 when absent
file_size() { stat -c %s "$1" 2>/dev/null || echo 0; }

# one row per run: mode rep ns cpu_ns daemon_ticks window_s rotated_at_exit rotated_total lines check
#                  max_gap_ns stalls daemon_VmHWM_kB largest_rotated_bytes
results="$work/results.tsv"
: >"$results"

run_direct() { # <rep>
  local out="$work/direct-$1.out" err="$work/direct-$1.err"
  "$java_bin" "${WRITER_JVM_ARGS[@]}" -jar "$writer" "$LINES" >"$out" 2>"$err" &
  direct_pid=$!
  wait "$direct_pid" || die "the direct writer failed: $(cat "$err")"
  direct_pid=""
  local check
  check="$(check_lines "$out")"
  printf 'direct\t%s\t%s\t%s\t-\t-\t-\t-\t%s\t%s\t%s\t-\t-\n' "$1" "$(summary "$err" ns)" "$(summary "$err" cpu_ns)" "${check// /$'\t'}" \
    "$(summary "$err" max_gap_ns)" "$(summary "$err" stalls)" >>"$results"
  rm -f "$out" "$err"
}

run_jpm() { # <rep> <rot|big|stamp>
  local rep="$1" variant="$2" name="w-$2-$1" max stamp=""
  [ "$variant" = big ] && max="$BIG_LOG_MAX_SIZE" || max=10M
  [ "$variant" = stamp ] && stamp="    log_date_format: '$STAMP_FORMAT'"
  cat >"$work/$name.yaml" <<EOF
apps:
  - name: $name
    jar: $writer
    args: ["$LINES"]
    jvm_args: [$(IFS=,; echo "${WRITER_JVM_ARGS[*]}")]
    autorestart: false
    log_max_size: $max
    log_retain: $LOG_RETAIN
$stamp
EOF
  local out err t0 t1 w0 w1 at_exit status="" deadline
  t0="$(cpu_ticks "$jpm_daemon")"; w0="$(date +%s%N)"
  "$root/jpm" start "$work/$name.yaml" >/dev/null
  # the files are named by the instance's id, which grows from run to run; found without a CLI
  # call (a JVM start) while the writer runs
  out="$(jpm_log "$name" out)"; err="$(jpm_log "$name" err)"
  [ -n "$out" ] && [ -n "$err" ] || die "no log files for $name in $JPM_HOME/logs"
  wait_summary "$err" 600 || die "$name did not finish"
  at_exit="$(find "$JPM_HOME/logs" -name "${out##*/}.*.gz" ! -name '*.rotating.gz' | wc -l)"
  deadline=$((SECONDS + 30))
  until [ "$status" = stopped ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "$name is '$status', not stopped"
    sleep 0.2
    status="$("$root/jpm" list --json | jq -r --arg n "$name" '.[] | select(.name == $n) | .status')"
  done
  # the daemon's share ends once the file is below log_max_size (a last rotation may follow the
  # exit) and no rotation is under way; at least 3 s, so every run's window holds the same idle tail
  sleep 3
  deadline=$((SECONDS + 120))
  while [ "$variant" != big ] && { [ "$(file_size "$out")" -gt $((10 * 1024 * 1024)) ] ||
    [ -n "$(find "$JPM_HOME/logs" -name '*.rotating.gz' -print -quit)" ]; }; do
    [ "$SECONDS" -lt "$deadline" ] || die "$name: rotation did not settle"
    sleep 0.2
  done
  t1="$(cpu_ticks "$jpm_daemon")"; w1="$(date +%s%N)"
  local rotated=() n
  n="$(find "$JPM_HOME/logs" -name "${out##*/}.*.gz" | wc -l)"
  for ((i = n; i >= 1; i--)); do rotated+=("$out.$i.gz"); done
  local check strip=0
  [ "$variant" = stamp ] && strip="$STAMP_WIDTH"
  check="$(strip="$strip" check_lines "${rotated[@]}" "$out")"
  # the size each rotated file had when it was truncated (gzip -l reads the trailer; exact below 4 GiB)
  local largest="-"
  [ "$n" -gt 0 ] && largest="$(gzip -lq "${rotated[@]}" | awk '$2 > m {m = $2} END {print m}')"
  printf 'jpm-%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$variant" "$rep" "$(summary "$err" ns)" "$(summary "$err" cpu_ns)" \
    "$((t1 - t0))" "$(awk -v a="$w0" -v b="$w1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')" "$at_exit" "$n" "${check// /$'\t'}" \
    "$(summary "$err" max_gap_ns)" "$(summary "$err" stalls)" "$(hwm_kb "$jpm_daemon")" "$largest" >>"$results"
  "$root/jpm" delete "$name" >/dev/null
  rm -f "$out" "$out".*.gz "$err"
}

run_pm2() { # <rep>
  local rep="$1" name="w-pm2-$1"
  local out="$PM2_HOME/logs/$name-out.log" err="$PM2_HOME/logs/$name-err.log"
  cat >"$work/$name.config.js" <<EOF
// fork mode, PM2 runs java itself (interpreter none); no restart once the writer is done
module.exports = {
  apps: [{
    name: '$name', script: '$java_bin', interpreter: 'none', exec_mode: 'fork',
    args: [$(printf "'%s', " "${WRITER_JVM_ARGS[@]}")'-jar', '$writer', '$LINES'],
    autorestart: false, out_file: '$out', error_file: '$err', merge_logs: true,
  }],
};
EOF
  local t0 t1 w0 w1 status="" deadline size=-1
  t0="$(cpu_ticks "$pm2_daemon")"; w0="$(date +%s%N)"
  "$PM2" start "$work/$name.config.js" >/dev/null
  wait_summary "$err" 600 || die "$name did not finish"
  deadline=$((SECONDS + 30))
  until [ "$status" = stopped ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "$name is '$status', not stopped"
    sleep 0.2
    status="$("$PM2" jlist | jq -r --arg n "$name" '.[] | select(.name == $n) | .pm2_env.status')"
  done
  # PM2 writes the file asynchronously: the same 3 s tail as jpm, then until the size holds still
  sleep 3
  deadline=$((SECONDS + 120))
  until [ "$(file_size "$out")" = "$size" ]; do
    [ "$SECONDS" -lt "$deadline" ] || die "$name: PM2's log file keeps growing"
    size="$(file_size "$out")"
    sleep 1
  done
  t1="$(cpu_ticks "$pm2_daemon")"; w1="$(date +%s%N)"
  local check
  check="$(check_lines "$out")"
  printf 'pm2\t%s\t%s\t%s\t%s\t%s\t-\t-\t%s\t%s\t%s\t%s\t-\n' "$rep" "$(summary "$err" ns)" "$(summary "$err" cpu_ns)" \
    "$((t1 - t0))" "$(awk -v a="$w0" -v b="$w1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')" "${check// /$'\t'}" \
    "$(summary "$err" max_gap_ns)" "$(summary "$err" stalls)" "$(hwm_kb "$pm2_daemon")" >>"$results"
  "$PM2" delete "$name" >/dev/null
  rm -f "$out" "$err"
}

# ---- the run ------------------------------------------------------------------------------
log "starting both daemons (outside every measurement)"
"$root/jpm" ping >/dev/null
jpm_daemon="$(cat "$JPM_HOME/daemon.pid")"
"$PM2" ping >/dev/null
pm2_daemon="$(cat "$PM2_HOME/pm2.pid")"
alive "$jpm_daemon" && alive "$pm2_daemon" || die "a daemon did not start"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"

for ((rep = 1; rep <= REPS; rep++)); do
  for ((k = 0; k < ${#MODES[@]}; k++)); do
    mode="${MODES[$(((rep - 1 + k) % ${#MODES[@]}))]}"
    sync # the previous run's dirty pages go to disk before this one starts
    log "round $rep/$REPS: $mode ($LINES lines)"
    case "$mode" in
      direct) run_direct "$rep" ;;
      jpm-rot) run_jpm "$rep" rot ;;
      jpm-big) run_jpm "$rep" big ;;
      jpm-stamp) run_jpm "$rep" stamp ;;
      pm2) run_pm2 "$rep" ;;
    esac
  done
done
jpm_rss="$(rss_kb "$jpm_daemon")"; pm2_rss="$(rss_kb "$pm2_daemon")"

# ---- report -------------------------------------------------------------------------------
median() { sort -g | awk '{v[NR] = $1} END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -F'\t' -v m="$1" -v c="$2" '$1 == m {print $c}' "$results"; }
# per-mode medians: lines/s, app CPU s, daemon CPU s, app + daemon CPU s
lps_of() { col "$1" 3 | awk -v n="$LINES" '{printf "%.0f\n", n / ($1 / 1e9)}' | median; }
cpu_of() { col "$1" 4 | awk '{printf "%.3f\n", $1 / 1e9}' | median; }
dcpu_of() { col "$1" 5 | awk -v hz="$hz" '$1 != "-" {printf "%.3f\n", $1 / hz}' | median; }
tcpu_of() { awk -F'\t' -v m="$1" -v hz="$hz" '$1 == m {printf "%.3f\n", $4 / 1e9 + ($5 == "-" ? 0 : $5 / hz)}' "$results" | median; }

echo "## logs.sh: logging throughput, direct to a file vs jpm vs PM2"
echo
machine_header | sed "s/^- load average at start: .*/- load average at start: $load_start (shared machine; other jobs may run)/"
echo "- pm2 $("$PM2" --version 2>/dev/null | tail -1), node $(node --version)"
echo "- writer: java ${WRITER_JVM_ARGS[*]} -jar writer.jar $LINES: $LINES numbered lines of 100 bytes ($((LINES / 10000)) MB) to stdout, PrintStream over BufferedOutputStream flushed after every line (one write(2) per line)"
echo "- modes: direct = \`java -jar writer.jar > file\`; jpm-rot = jpm, \`log_max_size: 10M\` (default; the daemon checks sizes every second), \`log_retain: $LOG_RETAIN\`; jpm-big = jpm, \`log_max_size: $BIG_LOG_MAX_SIZE\` (never rotates); jpm-stamp = jpm-rot with \`log_date_format: '$STAMP_FORMAT'\` (the app writes into a pipe, the daemon stamps each line and writes the file; checked with the stamp stripped); pm2 = PM2 fork mode (stdout is a pipe to the God daemon, which appends to \`out_file\`; PM2 has no rotation of its own)"
echo "- $REPS rounds, every mode once per round, the order shifted by one each round; medians over the rounds"
echo
echo "### per run"
echo
echo "lines/s and app CPU come from the writer itself (first to last line; ProcessHandle totalCpuDuration, JVM start included)."
echo "longest gap = the longest time between two consecutive lines inside the writer (a SIGSTOP, a full pipe or a GC shows here); gaps > 5 ms = how many."
echo "daemon CPU = utime + stime of jpm's daemon / PM2's God daemon from \`start\` until the app is stopped and its log has settled (window s); daemon peak RSS = its VmHWM after the run (cumulative over the run so far)."
echo "rotated = \`.gz\` files when the app printed its summary / at the end; largest = the biggest rotated file's uncompressed size (the log file's size when it was truncated)."
echo "check = every line present once, in order, 99 characters (rotated files oldest first, then the current file)."
echo
echo "| round | mode | lines/s | app CPU s | longest gap ms | gaps > 5 ms | daemon CPU s | window s | daemon peak RSS MB | rotated (exit/end) | largest rotated MB | lines found | check |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
awk -F'\t' -v n="$LINES" -v hz="$hz" '{
  printf "| %s | %s | %.0f | %.2f | %.1f | %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $1, n / ($3 / 1e9), $4 / 1e9, $11 / 1e6, $12,
    ($5 == "-" ? "-" : sprintf("%.2f", $5 / hz)), $6, ($13 == "-" ? "-" : sprintf("%.1f", $13 / 1000)),
    ($7 == "-" ? "-" : $7 "/" $8), ($14 == "-" ? "-" : sprintf("%.0f", $14 / 1e6)), $9, $10 }' "$results"
echo
d_lps="$(lps_of direct)"; d_cpu="$(cpu_of direct)"
echo "### medians and ratios (vs direct, same run)"
echo
echo "| mode | lines/s | ratio lines/s | app CPU s | ratio app CPU | daemon CPU s | app + daemon CPU s | ratio app + daemon |"
echo "|---|---|---|---|---|---|---|---|"
for m in "${MODES[@]}"; do
  l="$(lps_of "$m")"; c="$(cpu_of "$m")"; dc="$(dcpu_of "$m")"; tc="$(tcpu_of "$m")"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$m" "$l" "$(ratio "$l" "$d_lps" 3)" "$c" "$(ratio "$c" "$d_cpu" 3)" \
    "${dc:--}" "$tc" "$(ratio "$tc" "$d_cpu" 3)"
done
echo
echo "- aim: jpm within 5 % of direct (lines/s ratio ≥ 0.95, app CPU ratio ≤ 1.05)"
echo "- ratio jpm-rot/pm2 lines/s: $(ratio "$(lps_of jpm-rot)" "$(lps_of pm2)" 2); jpm-big/pm2: $(ratio "$(lps_of jpm-big)" "$(lps_of pm2)" 2); jpm-stamp/pm2: $(ratio "$(lps_of jpm-stamp)" "$(lps_of pm2)" 2)"
echo "- daemon CPU, jpm-rot/pm2: $(ratio "$(dcpu_of jpm-rot)" "$(dcpu_of pm2)" 2); jpm-big/pm2: $(ratio "$(dcpu_of jpm-big)" "$(dcpu_of pm2)" 2); jpm-stamp/pm2 (both copy every byte): $(ratio "$(dcpu_of jpm-stamp)" "$(dcpu_of pm2)" 2)"
echo "- daemon VmRSS after all runs: jpm $jpm_rss kB, PM2 $pm2_rss kB"
echo "- jpm daemon's log (rotation warnings, if any): $(grep -c -i 'rotat' "$JPM_HOME/daemon.log" || true) lines mention rotation"
