#!/usr/bin/env bash
# soak.sh: chaos under load. One cluster-mode app behind a public port takes keep-alive load from
# wrk while, at random intervals, the script
#   kill -9s an instance            the daemon must respawn it
#   kill -9s the daemon             the next jpm command starts a new one, which must re-adopt
#   reloads, scales up or down      between 1 and SOAK_MAX_INSTANCES instances
#   floods the public port          thousands of idle connections opened, held, then reset
#   fills the disk under JPM_HOME   a tmpfs mounted as JPM_HOME (root only), freed seconds later
# The app writes numbered lines (one write(2) each) to stdout, which jpm appends to its log and
# rotates often. At the end the script checks:
#   orphans    no process carrying this home's marker (env JPM_MANAGED_HOME=<home>, or running this
#              run's soak jar) that `jpm list --json` does not show
#   log lines  every line each process wrote is present exactly once across the log files and their
#              rotated .gz archives. A write refused while the disk was full is lost by the app
#              itself, not by jpm: the app records each one in a ledger outside JPM_HOME, and those
#              numbers are counted apart (expected absent), every other number must be present once
#   daemon     open fds (/proc/<pid>/fd) and RSS after the load back near what they were at the start
#   port       the public port still answers
# and exits 1 when one fails. Progress, one line per action, goes to stderr; the summary to stdout.
#
# Usage: bench/soak.sh            (sudo or root for the full-disk part)
#   SOAK_SECONDS=600        length of the chaos phase
#   SOAK_PORT=3970          public port (127.0.0.1)
#   SOAK_IDLE_CONNS=2000    connections per idle flood
#   SOAK_DISK_MB=64         size of the tmpfs mounted as JPM_HOME
#   SOAK_MAX_INSTANCES=4    upper bound for scale up
#   SOAK_SEED=<n>           seed of the action sequence (printed; rerun with it to repeat the order)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SOAK_SECONDS="${SOAK_SECONDS:-600}"
SOAK_PORT="${SOAK_PORT:-3970}"
SOAK_IDLE_CONNS="${SOAK_IDLE_CONNS:-2000}"
SOAK_DISK_MB="${SOAK_DISK_MB:-64}"
SOAK_MAX_INSTANCES="${SOAK_MAX_INSTANCES:-4}"
SOAK_SEED="${SOAK_SEED:-$((RANDOM * 32768 + RANDOM))}"
START_INSTANCES=2
WRK_CONNECTIONS=16 # keep-alive connections of the load; small, so chaos and not load is the test
FD_SLACK=16        # the daemon may end with a few more fds than it started with (a logs stream, a lazy file)
RSS_SLACK_PCT=50   # ... and with this much more RSS (heap grown under load, not returned by SerialGC at once)
DISK_HOLD_SECONDS=5
IDLE_HOLD_SECONDS=5

work="$(realpath "$(mktemp -d /tmp/jpm-soak.XXXXXX)")"
export JPM_HOME="$work/home"
mkdir -m 700 "$JPM_HOME"
# the CLI from a copy of jpm.jar made after the build: the ./jpm launcher would rebuild in the middle
# of the run if a source changed meanwhile (the daemon it starts runs from the same copy)
jpm=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$work/jpm.jar" dev.jpm.cli.Main)
soak_jar="$work/soak.jar"
ledger="$work/ledger" # the app's refused writes, outside JPM_HOME so that they survive a full disk
mkdir "$ledger"
mounted=""
wrk_pid=""
flood_pid=""
probe_pid=""
daemons="" # every daemon pid seen, for the clean-up
RANDOM="$SOAK_SEED"
t0=$SECONDS # reset when the chaos starts

probes="$work/probes" # one line per failed probe of the public port
: >"$probes"
probes_seen=0
# progress <text>: one line per action, with the probes of the public port that failed since the last
progress() {
  local failed now
  now="$(wc -l <"$probes")"
  failed=$((now - probes_seen))
  probes_seen=$now
  log "t+$((SECONDS - t0))s $*$([ "$failed" = 0 ] || echo " [port: $failed failed probes]")"
}

# home_pids: "<pid> <how>" for every live process of this home: the marker in its environment, or
# (today's code does not set the marker yet) this run's jar on its command line
home_pids() {
  local d pid
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    if { tr '\0' '\n' <"$d/environ"; } 2>/dev/null | grep -qxF "JPM_MANAGED_HOME=$JPM_HOME"; then
      echo "$pid marker"
    elif { tr '\0' ' ' <"$d/cmdline"; } 2>/dev/null | grep -qF -- "-jar $soak_jar"; then
      echo "$pid jar"
    fi
  done
}

daemon_pid() {
  local pid=""
  [ -f "$JPM_HOME/daemon.pid" ] && pid="$(cat "$JPM_HOME/daemon.pid" 2>/dev/null || true)"
  if alive "$pid"; then echo "$pid"; fi
}

# track_daemon: remembers the running daemon for the report and the clean-up, and since when it
# runs and how many floods it went through (call it outside $(...))
daemon_since=0
daemon_floods=0
track_daemon() {
  local pid
  pid="$(daemon_pid)"
  case " $daemons " in
    *" $pid "*) ;;
    *) daemons="$daemons $pid"; daemon_since=$((SECONDS - t0)); daemon_floods=0 ;;
  esac
}

# jpmc <seconds> <args...>: a jpm command with a deadline, output kept for the caller
jpmc() { local limit="$1"; shift; timeout "$limit" "${jpm[@]}" "$@" 2>&1; }

listed_pids() { jpmc 60 list --json | jq -r '.[] | select(.pid != null and .pid != 0) | .pid' 2>/dev/null || true; }
online_count() { jpmc 60 list --json | jq '[.[] | select(.status == "online")] | length' 2>/dev/null || echo "?"; }
fd_count() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
rss_mb() { local kb; kb="$(rss_kb "$1")"; echo $((${kb:-0} / 1000)); }

cleanup() {
  local rc=$? pid how
  trap - EXIT INT TERM
  log "cleaning up"
  stop_pid "$wrk_pid" 2
  stop_pid "$flood_pid" 2
  stop_pid "$probe_pid" 2
  rm -f "$JPM_HOME/soak-fill"
  track_daemon
  if alive "$(daemon_pid)"; then timeout 60 "${jpm[@]}" kill >/dev/null 2>&1 || true; fi
  while read -r pid how; do stop_pid "$pid" 3; done < <(home_pids)
  for pid in $daemons; do stop_pid "$pid" 3; done
  if [ -n "$mounted" ]; then umount "$JPM_HOME" 2>/dev/null || umount -l "$JPM_HOME" || log "could not unmount $JPM_HOME"; fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need_cmd jq jq
need_cmd wrk wrk
need_cmd python3 python3
need_cmd javac openjdk-17-jdk-headless
build_jpm
cp "$root/cli/target/jpm.jar" "$work/jpm.jar"
require_free_ports "$SOAK_PORT"

# ---- JPM_HOME on a small tmpfs, so that the disk can be filled ------------------------------
disk_reason=""
if [ "$(id -u)" != 0 ]; then
  disk_reason="not root: cannot mount a tmpfs as JPM_HOME, so the disk is never filled"
elif ! mount -t tmpfs -o "size=${SOAK_DISK_MB}m,mode=700" jpm-soak "$JPM_HOME"; then
  disk_reason="mounting a tmpfs on $JPM_HOME failed"
else
  mounted=1
fi
[ -z "$disk_reason" ] || log "skipping full-disk chaos: $disk_reason"

# ---- the app: HTTP on PORT, numbered lines on stdout ------------------------------------------
mkdir -p "$work/src" "$work/classes"
cat >"$work/src/SoakApp.java" <<'EOF'
import com.sun.net.httpserver.HttpServer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;

/**
 * Answers "ok" on 127.0.0.1:PORT and writes "soak <writer> <n> <padding> end" to stdout every 2 ms,
 * one unbuffered write each; <writer> is the pid and a random suffix, as pids wrap around during
 * a long soak. A write that fails (a full disk) is recorded as "<n>" in SOAK_LEDGER/<writer>.failed,
 * so the check can tell a line the app never wrote from one jpm lost.
 */
public class SoakApp {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(System.getenv("PORT"))), 1024);
        server.setExecutor(Executors.newFixedThreadPool(4));
        byte[] ok = "ok\n".getBytes(StandardCharsets.US_ASCII);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.start();
        String writer = ProcessHandle.current().pid() + "-" + Long.toHexString(new java.security.SecureRandom().nextLong() >>> 16);
        Path failed = Path.of(System.getenv("SOAK_LEDGER"), writer + ".failed");
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        String padding = "x".repeat(40);
        for (long n = 0; ; n++) {
            try {
                out.write(("soak " + writer + " " + n + " " + padding + " end\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                Files.writeString(failed, n + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            Thread.sleep(2);
        }
    }
}
EOF
javac -d "$work/classes" "$work/src/SoakApp.java"
jar --create --file "$soak_jar" --main-class SoakApp -C "$work/classes" .

# ---- the idle-connection flood -------------------------------------------------------------
cat >"$work/flood.py" <<'EOF'
"""flood.py <port> <count> <hold seconds>: opens <count> idle connections to 127.0.0.1:<port>,
asks for / on one more while they are held, then resets them all (SO_LINGER 0) at once.
Prints one line: opened, refused, and the status and time of the request made during the flood."""
import resource, socket, struct, sys, time

port, count, hold = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
want = count + 64 if hard == resource.RLIM_INFINITY else min(hard, count + 64)
resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, want), hard))
held, refused, deadline = [], 0, time.time() + 30
for _ in range(count):
    if time.time() > deadline:
        break
    try:
        held.append(socket.create_connection(("127.0.0.1", port), timeout=2))
    except OSError:
        refused += 1
print("held", flush=True)  # the script measures the daemon now
started = time.time()
try:
    probe = socket.create_connection(("127.0.0.1", port), timeout=5)
    probe.settimeout(5)
    probe.sendall(b"GET / HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n\r\n")
    status = probe.recv(64).split(b" ")[1].decode()
    probe.close()
except (OSError, IndexError) as e:
    status = type(e).__name__
answered_ms = int((time.time() - started) * 1000)
time.sleep(hold)
for s in held:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
print(f"opened {len(held)}, refused {refused}; GET / during the flood: {status} in {answered_ms} ms")
EOF

# ---- the log check ---------------------------------------------------------------------------
cat >"$work/check_lines.py" <<'EOF'
"""check_lines.py <ledger dir> <log files...>: every "soak <writer> <n> ... end" line, per writer from 0 to
the highest number seen or refused, must be present exactly once, unless the app's ledger says
that write was refused (full disk). Prints a summary; exit 1 when a line is missing, repeated
or damaged."""
import gzip, os, re, sys, zlib
from collections import Counter, defaultdict

LINE = re.compile(rb"soak (\d+-[0-9a-f]+) (\d+) x{40} end")
ledger_dir, files = sys.argv[1], sys.argv[2:]
seen = defaultdict(Counter)
damaged, torn_by_full_disk, broken_archives = [], 0, []
refused = defaultdict(set)
for name in os.listdir(ledger_dir):
    with open(os.path.join(ledger_dir, name)) as f:
        refused[name.split(".")[0].encode()].update(int(n) for n in f.read().split())

def read(path):
    if not path.endswith(".gz"):
        with open(path, "rb") as f:
            return f.read()
    out = bytearray()
    try:
        with gzip.open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                out += chunk
    except (EOFError, OSError, zlib.error) as e:  # a daemon killed mid-compression
        broken_archives.append(f"{os.path.basename(path)} ({type(e).__name__}, {len(out)} bytes readable)")
    return bytes(out)

for path in files:
    for raw in read(path).split(b"\n"):
        if not raw:
            continue
        m = LINE.fullmatch(raw)
        if m:
            seen[m[1]][int(m[2])] += 1
            continue
        # a write cut short by ENOSPC leaves a fragment that the process's next complete line
        # continues: torn by the full disk when the fragment begins a line of that process that
        # the app's ledger says was refused (its pid and number may be cut off themselves)
        tail = raw.rfind(b"soak ")
        m = LINE.fullmatch(raw[tail:]) if tail > 0 else None
        if m:
            writer, n = m[1], int(m[2])
            seen[writer][n] += 1
            fragment = raw[:tail]
            if any(k < n and (b"soak %s %d %s end" % (writer, k, b"x" * 40)).startswith(fragment) for k in refused[writer]):
                torn_by_full_disk += 1
                continue
        damaged.append(raw[:80].decode("ascii", "replace"))

present = missing = repeated = refused_total = refused_but_present = 0
examples = []
for writer in sorted(set(seen) | set(refused)):
    counts, lost = seen[writer], refused[writer]
    top = max(list(counts) + list(lost))
    for n in range(top + 1):
        c = counts.get(n, 0)
        if n in lost:
            refused_total += 1
            refused_but_present += c > 0
        elif c == 1:
            present += 1
        elif c == 0:
            missing += 1
            len(examples) < 5 and examples.append(f"writer {writer.decode()} line {n} missing")
        else:
            repeated += 1
            len(examples) < 5 and examples.append(f"writer {writer.decode()} line {n} present {c} times")
print(f"writers {len(set(seen) | set(refused))}, files {len(files)}: {present} lines present once, "
      f"{missing} missing, {repeated} repeated, {len(damaged)} damaged; "
      f"{refused_total} refused by the full disk (app's own ledger; {refused_but_present} of them present anyway, "
      f"{torn_by_full_disk} torn)")
for e in examples + [f"damaged: {d!r}" for d in damaged[:3]] + [f"broken archive: {b}" for b in broken_archives]:
    print("  " + e)
sys.exit(1 if missing or repeated or damaged else 0)
EOF

# ---- start -------------------------------------------------------------------------------------
cat >"$work/ecosystem.yaml" <<EOF
apps:
  - name: soak
    jar: $soak_jar
    instances: $START_INSTANCES
    port: $SOAK_PORT
    host: 127.0.0.1
    jvm_args: [-Xmx32m, -XX:+UseSerialGC, -XX:TieredStopAtLevel=1]
    env:
      SOAK_LEDGER: $ledger
    kill_timeout: 3s
    log_max_size: 256K
    log_retain: 1000
EOF
progress "seed $SOAK_SEED, ${SOAK_SECONDS}s of chaos, JPM_HOME=$JPM_HOME${mounted:+ (tmpfs ${SOAK_DISK_MB} MB)}"
jpmc 120 start "$work/ecosystem.yaml" >/dev/null || die "jpm start failed"
wait_http "http://127.0.0.1:$SOAK_PORT/" 30 || die "the public port does not answer after start"
# the baseline after a short warm-up under the same load, so that first-use growth (JIT, buffers,
# the balancer's first connections) does not count as a leak
wrk -t1 -c"$WRK_CONNECTIONS" -d5s http://127.0.0.1:"$SOAK_PORT"/ >/dev/null
sleep 2
track_daemon
first_daemon="$(daemon_pid)"
start_fds="$(fd_count "$first_daemon")"
start_rss="$(rss_kb "$first_daemon")"
progress "daemon pid $first_daemon: $start_fds fds, $((start_rss / 1000)) MB RSS; $START_INSTANCES instances online"

t0=$SECONDS
daemon_since=0
# a GET every 0.2 s on a new connection, beside wrk's keep-alive ones: which action makes the port fail
(while :; do
  curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$SOAK_PORT/" || echo "$(date +%T.%N | cut -c1-12) curl exit $?" >>"$probes"
  sleep 0.2
done) &
probe_pid=$!
wrk -t1 -c"$WRK_CONNECTIONS" -d"${SOAK_SECONDS}s" --timeout 5s http://127.0.0.1:"$SOAK_PORT"/ >"$work/wrk.out" 2>&1 &
wrk_pid=$!

# ---- the chaos ---------------------------------------------------------------------------------
instances=$START_INSTANCES
declare -A done_count=()
full_disk_seconds=0

act_kill_instance() {
  local pid
  pid="$(listed_pids | shuf -n1 --random-source=<(yes "$RANDOM"))"
  [ -n "$pid" ] || { progress "kill -9 instance: none listed"; return; }
  kill -KILL "$pid" 2>/dev/null || true
  sleep 2
  progress "kill -9 instance pid $pid; 2 s later $(online_count) of $instances online"
}

act_kill_daemon() {
  local old new
  old="$(daemon_pid)"
  [ -n "$old" ] && kill -KILL "$old"
  sleep 0.5
  local rc=0
  jpmc 60 ping >/dev/null || rc=$?
  track_daemon
  new="$(daemon_pid)"
  progress "kill -9 daemon pid ${old:-none}; jpm ping exit $rc, new daemon pid ${new:-none}, $(online_count) of $instances online after re-adoption"
}

act_reload() {
  local rc=0 started=$SECONDS
  jpmc 180 reload soak >/dev/null || rc=$?
  progress "reload soak: exit $rc in $((SECONDS - started)) s, $(online_count) of $instances online"
}

act_scale() {
  local to rc=0
  if [ "$instances" -ge "$SOAK_MAX_INSTANCES" ] || { [ "$instances" -gt 1 ] && [ $((RANDOM % 2)) = 0 ]; }; then
    to=$((instances - 1))
  else
    to=$((instances + 1))
  fi
  jpmc 120 scale soak "$to" >/dev/null || rc=$?
  [ "$rc" = 0 ] && instances=$to
  progress "scale soak to $to: exit $rc, $(online_count) of $instances online"
}

act_idle_flood() {
  local out held_fds="?" i
  python3 "$work/flood.py" "$SOAK_PORT" "$SOAK_IDLE_CONNS" "$IDLE_HOLD_SECONDS" >"$work/flood.out" 2>&1 &
  flood_pid=$!
  for ((i = 0; i < 400; i++)); do
    grep -q '^held' "$work/flood.out" && { held_fds="$(fd_count "$(daemon_pid)")"; break; }
    alive "$flood_pid" || break
    sleep 0.1
  done
  wait "$flood_pid" || true
  flood_pid=""
  daemon_floods=$((daemon_floods + 1))
  out="$(tail -1 "$work/flood.out")"
  local d
  d="$(daemon_pid)"
  progress "idle flood of $SOAK_IDLE_CONNS connections: $out; daemon fds $held_fds while held, $(fd_count "$d") after, RSS $(rss_mb "$d") MB"
}

act_fill_disk() {
  local started=$SECONDS list_rc=0
  dd if=/dev/zero of="$JPM_HOME/soak-fill" bs=64k status=none 2>/dev/null || true
  jpmc 30 list >/dev/null || list_rc=$?
  sleep "$DISK_HOLD_SECONDS"
  rm -f "$JPM_HOME/soak-fill"
  full_disk_seconds=$((full_disk_seconds + SECONDS - started))
  progress "disk full for $((SECONDS - started)) s ($(cat "$ledger"/*.failed 2>/dev/null | wc -l) writes refused so far); jpm list while full: exit $list_rc"
}

actions=(kill_instance kill_instance kill_daemon reload scale scale idle_flood)
[ -n "$mounted" ] && actions+=(fill_disk fill_disk)
last_status=$SECONDS
while [ $((SECONDS - t0)) -lt "$SOAK_SECONDS" ] && alive "$wrk_pid"; do
  action="${actions[RANDOM % ${#actions[@]}]}"
  "act_$action"
  track_daemon
  done_count[$action]=$((${done_count[$action]:-0} + 1))
  if [ $((SECONDS - last_status)) -ge 30 ]; then
    d="$(daemon_pid)"
    progress "status: daemon pid ${d:-none}, ${d:+$(fd_count "$d") fds, $(rss_mb "$d") MB RSS}"
    last_status=$SECONDS
  fi
  sleep "$((2 + RANDOM % 4))"
done

# ---- the checks ----------------------------------------------------------------------------------
wait "$wrk_pid" || true
wrk_pid=""
stop_pid "$probe_pid" 2
probe_pid=""
progress "chaos over: $(for a in "${!done_count[@]}"; do printf '%s×%s ' "$a" "${done_count[$a]}"; done)"
failures=0
check() { # <ok?> <text>
  if [ "$1" = 0 ]; then echo "PASS  $2"; else echo "FAIL  $2"; failures=$((failures + 1)); fi
}

jpmc 60 ping >/dev/null || true
track_daemon
[ "$instances" = "$START_INSTANCES" ] || jpmc 120 scale soak "$START_INSTANCES" >/dev/null || true
# one last flood, so that the daemon measured below has been through one whatever the dice did
# (a daemon started after the last flood would pass the fd and RSS checks without a test)
act_idle_flood
sleep 5
track_daemon
daemon="$(daemon_pid)"

echo "## soak: ${SOAK_SECONDS}s, seed $SOAK_SEED"
echo
echo "- daemons (one per kill -9):$daemons"
echo "- actions: $(for a in "${!done_count[@]}"; do printf '%s×%s ' "$a" "${done_count[$a]}"; done)"
echo "- disk: ${disk_reason:-tmpfs of ${SOAK_DISK_MB} MB as JPM_HOME, full for ${full_disk_seconds} s in all}"
echo "- probes of the public port (GET every 0.2 s, new connection) that failed: $(wc -l <"$probes")"
echo "- load: $(grep -E 'requests in|Non-2xx|Socket errors' "$work/wrk.out" | tr -s ' ' | paste -sd ';' -)"
echo

listed=" $(listed_pids | tr '\n' ' ') "
orphans=""
marked=0
while read -r pid how; do
  [ "$how" = marker ] && marked=$((marked + 1))
  case "$listed" in *" $pid "*) ;; *) orphans="$orphans $pid($how)" ;; esac
done < <(home_pids)
check "$([ -z "$orphans" ] && echo 0 || echo 1)" "orphans: ${orphans:-none} (${marked} processes carry the home marker; jpm lists:${listed% })"

rc=0
curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$SOAK_PORT/" || rc=$?
check "$rc" "public port $SOAK_PORT answers (curl exit $rc)"

if alive "$daemon"; then
  fds="$(fd_count "$daemon")"
  # the daemon gives a flood's heap back itself (HeapTrimmer: a look every 5 s, a collection at
  # most every 30 s), so allow it that long before judging its RSS
  settle=0
  rss="$(rss_kb "$daemon")"
  while [ "$rss" -gt $((start_rss * (100 + RSS_SLACK_PCT) / 100)) ] && [ "$settle" -lt 45 ]; do
    sleep 1; settle=$((settle + 1)); rss="$(rss_kb "$daemon")"
  done
  check "$([ "$fds" -le $((start_fds + FD_SLACK)) ] && echo 0 || echo 1)" \
    "daemon fds: $start_fds at start (pid $first_daemon), $fds now (pid $daemon); allowed up to +$FD_SLACK"
  check "$([ "$rss" -le $((start_rss * (100 + RSS_SLACK_PCT) / 100)) ] && echo 0 || echo 1)" \
    "daemon RSS: $((start_rss / 1000)) MB at start, $((rss / 1000)) MB now (${settle} s after the checks began); allowed up to +$RSS_SLACK_PCT % (this daemon runs since t+${daemon_since}s and went through $daemon_floods idle floods)"
else
  check 1 "daemon alive at the end"
fi

# the writers must stop before the files are read, or a rotation could move lines between reads
jpmc 120 stop soak >/dev/null || true
sleep 3
shopt -s nullglob
# the logs and their finished archives; a rotation's staging files left behind are debris of a
# killed daemon, named here but not counted (a line only they hold is lost to the user)
logs=("$JPM_HOME"/logs/soak-*-out.log "$JPM_HOME"/logs/soak-*-out.log.[0-9]*.gz)
leftovers=("$JPM_HOME"/logs/soak-*-out.log.rotating*)
lines_out="$(python3 "$work/check_lines.py" "$ledger" "${logs[@]}")" && rc=0 || rc=$?
check "$rc" "log lines: $(head -1 <<<"$lines_out")"
tail -n +2 <<<"$lines_out"
[ "${#leftovers[@]}" = 0 ] || echo "  rotation files left behind: ${leftovers[*]##*/}"
if [ "$rc" != 0 ]; then
  kept="$(mktemp -d /tmp/jpm-soak-failed.XXXXXX)"
  cp -r "$JPM_HOME/logs" "$ledger" "$work/check_lines.py" "$kept/"
  cp "$JPM_HOME/daemon.log" "$kept/" 2>/dev/null || true
  echo "  kept for inspection: $kept (logs, the app's ledger, the daemon's log, check_lines.py)"
fi

echo
if [ "$failures" = 0 ]; then echo "all checks passed"; else echo "$failures check(s) failed"; fi
[ "$failures" = 0 ]
