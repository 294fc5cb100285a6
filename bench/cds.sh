#!/usr/bin/env bash
# cds.sh: what `cds: auto` buys in time from launch to online, with and without it, in one run:
#   demo        the demo jar (a JDK HttpServer, 8 classes of its own)
#   boot        a minimal Spring Boot web app (bench/cds-spring: one controller, embedded Tomcat),
#               built here from Maven Central, run as its fat jar (java -jar app.jar)
#   boot-x      the same app extracted (java -Djarmode=tools -jar app.jar extract): a thin jar
#               plus lib/, the layout Spring documents for CDS, since classes loaded from a jar
#               inside the fat jar (jar:nested: URLs) cannot be archived
# Each app runs as two jpm apps side by side, <app>-off and <app>-auto, in cluster mode (one
# instance, health path) on a JDK 19+; after 2 reloads each (the first run and its replacement
# write the archive as they exit), RUNS reloads alternate off/auto. Reported: the median
# launch-to-online time per reload (from daemon.log, see cds_online.py) and the median wall time
# of `jpm reload`, with the ratios auto/off.
# Prints a Markdown report on stdout (progress and raw tool output go to stderr).
#
# Usage: bench/cds.sh [> report.md]
#   RUNS=5     measured reloads per app and mode
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${RUNS:-5}"
WARMUP_RELOADS=2
FIRST_PORT=3500
JVM_ARGS="-Xmx256m, -XX:+UseSerialGC"

work="$(mktemp -d /tmp/jpm-bench-cds.XXXXXX)"
export JPM_HOME="$work/jpm-home"
mkdir -p "$JPM_HOME"
jpm_daemon=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  log "cleaning up"
  local pids=""
  if [ -f "$JPM_HOME/daemon.pid" ]; then jpm_daemon="$(cat "$JPM_HOME/daemon.pid")"; fi
  if alive "$jpm_daemon"; then
    pids="$("$root/jpm" list --json 2>/dev/null | jq -r '.[].pid // empty' 2>/dev/null || true)"
    timeout 60 "$root/jpm" kill >/dev/null 2>&1 || true
  fi
  local pid
  for pid in $pids $jpm_daemon; do stop_pid "$pid" 5; done
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# a JDK that makes its own archive (-XX:+AutoCreateSharedArchive): 19 or later
new_jdk() {
  local java feature
  for java in /usr/lib/jvm/*/bin/java; do
    feature="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(dirname "$(dirname "$(readlink -f "$java")")")/release" 2>/dev/null)"
    if [ -n "$feature" ] && [ "$feature" -ge 19 ]; then echo "$java"; return 0; fi
  done
  return 1
}

need_cmd jq jq
need_cmd mvn maven
java="$(new_jdk)" || { need_pkgs openjdk-21-jdk-headless; java="$(new_jdk)" || die "no JDK 19+ after installing openjdk-21"; }
java_version="$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$(dirname "$(dirname "$(readlink -f "$java")")")/release")"
log "JDK for the instances: $java ($java_version)"
build_jpm
require_free_ports $FIRST_PORT $((FIRST_PORT + 1)) $((FIRST_PORT + 2)) $((FIRST_PORT + 3)) $((FIRST_PORT + 4)) $((FIRST_PORT + 5))

log "building the Spring Boot app from Maven Central (the first time downloads ~25 MB)"
cp -r "$bench_dir/cds-spring" "$work/spring"
(cd "$work/spring" && timeout 900 mvn -q -B -Dstyle.color=never package -DskipTests) >&2 || die "building bench/cds-spring failed"
boot_jar="$work/spring/target/cds-spring.jar"
timeout 120 "$java" -Djarmode=tools -jar "$boot_jar" extract --destination "$work/boot-x" >&2 || die "extracting the Spring Boot jar failed"
bootx_jar="$work/boot-x/cds-spring.jar"
cp "$root/demo-app/target/demo-app.jar" "$work/demo.jar"

# app_yaml <name> <jar> <port> <cds> <health path> [args]
app_yaml() {
  cat <<APP
  - name: $1
    jar: $2
    java: $java
    port: $3
    host: 127.0.0.1
    health_path: $5
    listen_timeout: 120s
    jvm_args: [$JVM_ARGS]
    cds: $4
    args: [${6:-}]
APP
}

ms_now() { date +%s%3N; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

"$root/jpm" ping >/dev/null
jpm_daemon="$(cat "$JPM_HOME/daemon.pid")"

rows=()
port=$FIRST_PORT
for app in demo boot boot-x; do
  case "$app" in
    demo) jar="$work/demo.jar"; health=/health; args="" ;;
    boot) jar="$boot_jar"; health=/; args='"--server.port=${PORT}", --spring.main.banner-mode=off' ;;
    boot-x) jar="$bootx_jar"; health=/; args='"--server.port=${PORT}", --spring.main.banner-mode=off' ;;
  esac
  { echo "apps:"; app_yaml "$app-off" "$jar" "$port" off "$health" "$args"; app_yaml "$app-auto" "$jar" $((port + 1)) auto "$health" "$args"; } >"$work/$app.yaml"
  port=$((port + 2))
  declare -A start_ms=()
  for mode in off auto; do
    log "$app-$mode: jpm start"
    t0="$(ms_now)"
    "$root/jpm" start "$work/$app.yaml" --only "$app-$mode" >&2
    start_ms[$mode]=$(( $(ms_now) - t0 ))
  done
  for ((i = 0; i < WARMUP_RELOADS; i++)); do
    for mode in off auto; do timeout 300 "$root/jpm" reload "$app-$mode" >&2; done
  done
  skip="$(wc -l <"$JPM_HOME/daemon.log")"
  : >"$work/$app-off.wall"; : >"$work/$app-auto.wall"
  for ((i = 0; i < RUNS; i++)); do
    for mode in off auto; do
      log "$app-$mode: reload $((i + 1))/$RUNS"
      t0="$(ms_now)"
      timeout 300 "$root/jpm" reload "$app-$mode" >&2
      echo $(( $(ms_now) - t0 )) >>"$work/$app-$mode.wall"
    done
  done
  off_online="$("$bench_dir/cds_online.py" "$JPM_HOME/daemon.log" "$app-off" "$skip" | median)"
  auto_online="$("$bench_dir/cds_online.py" "$JPM_HOME/daemon.log" "$app-auto" "$skip" | median)"
  off_wall="$(median <"$work/$app-off.wall")"
  auto_wall="$(median <"$work/$app-auto.wall")"
  archive="$(ls -1 "$JPM_HOME"/cds/"$app"-auto-*.jsa 2>/dev/null | head -1)"
  archive_mb="$([ -n "$archive" ] && awk -v b="$(stat -c %s "$archive")" 'BEGIN { printf "%.1f", b / 1048576 }' || echo none)"
  rows+=("| $app | ${start_ms[off]} / ${start_ms[auto]} | $off_online | $auto_online | **$(ratio "$auto_online" "$off_online")** | $off_wall | $auto_wall | $(ratio "$auto_wall" "$off_wall") | $archive_mb |")
  "$root/jpm" delete "$app-off" >&2
  "$root/jpm" delete "$app-auto" >&2
done

echo "## cds.sh: time to online with and without \`cds: auto\`"
echo
machine_header
echo "- instances: $java ($java_version), jvm_args [$JVM_ARGS], one instance per app in cluster mode"
echo "- RUNS=$RUNS measured reloads per app and mode, alternating off/auto, after $WARMUP_RELOADS warm-up reloads each"
echo
echo "| app | first \`jpm start\` ms (off / auto, no archive yet) | launch→online ms, off | launch→online ms, auto | ratio auto/off | \`jpm reload\` ms, off | \`jpm reload\` ms, auto | ratio | archive MB |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "launch→online: from the launch of the replacement to its health path answering 2xx, by daemon.log (the probe polls every 50 ms); medians."
