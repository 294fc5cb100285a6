# Shared helpers for bench/*.sh (sourced, not run). Tools are installed on demand: Debian
# packages with apt-get, the Node tools (pm2, loadtest) into bench/.tools so nothing global is
# needed and nothing global is touched.

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench_dir")"
tools="$bench_dir/.tools"
PM2="$tools/node_modules/.bin/pm2"
LOADTEST="$tools/node_modules/.bin/loadtest"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# need_pkgs <debian package>...: apt-get install them.
need_pkgs() {
  log "installing $*"
  command -v apt-get >/dev/null || die "apt-get is not available; install $* by hand"
  apt-get update -q >/dev/null && apt-get install -y -q "$@" >/dev/null || die "apt-get install $* failed"
}

# need_cmd <command> <debian package>...: installs the packages when the command is missing.
need_cmd() {
  local cmd="$1"; shift
  command -v "$cmd" >/dev/null 2>&1 || need_pkgs "$@"
}

# need_node_tools: pm2 and loadtest under bench/.tools (gitignored).
need_node_tools() {
  [ -x "$PM2" ] && [ -x "$LOADTEST" ] && return 0
  command -v npm >/dev/null || die "npm is needed for pm2 and loadtest (apt-get install nodejs npm)"
  log "installing pm2 and loadtest into $tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund pm2 loadtest >/dev/null 2>&1 || die "npm install pm2 loadtest failed"
}

# build_jpm: jpm.jar and demo-app.jar through the launcher's own staleness check (it runs
# `mvn package` when a source is newer than the jar), which also makes its CDS archive; done
# here so that neither lands inside a measurement.
build_jpm() {
  "$root/jpm" --help >/dev/null || die "building jpm failed"
  [ -f "$root/cli/target/jpm.jar" ] && [ -f "$root/demo-app/target/demo-app.jar" ] || die "jars missing after build"
}

port_free() { ! ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

require_free_ports() {
  local p
  for p in "$@"; do port_free "$p" || die "port $p is already in use on this machine; free it and retry"; done
}

# wait_http <url> <seconds>: until the URL answers 2xx.
wait_http() {
  local url="$1" deadline=$((SECONDS + $2))
  until curl -sf -o /dev/null --max-time 2 "$url"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.1
  done
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# stop_pid <pid> [grace seconds]: SIGTERM, then SIGKILL if it is still there after the grace.
stop_pid() {
  local pid="${1:-}" grace="${2:-5}" i
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do alive "$pid" || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null; }
rss_anon_kb() { awk '/^RssAnon:/ {print $2}' "/proc/$1/status" 2>/dev/null; }
rss_file_kb() { awk '/^RssFile:/ {print $2}' "/proc/$1/status" 2>/dev/null; }

# ratio <a> <b> [digits]: a/b, or n/a when b is zero or empty.
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.*f\n", d, a / b }'; }

machine_header() {
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: nproc=$(nproc), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.1f GiB RAM", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
  echo "- java: $(java -version 2>&1 | head -1)"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (shared machine; other jobs may run)"
}

# jpm_down / pm2_down: stop one manager's instances and daemon through its own CLI, then every
# pid it reported, by pid. PM2 only when its God daemon runs: any pm2 command on a home without
# one would spawn one first. stop_both_managers does both. Use JPM_HOME, PM2_HOME, root and PM2.
jpm_down() {
  local daemon="" pids="" pid
  [ -f "$JPM_HOME/daemon.pid" ] && daemon="$(cat "$JPM_HOME/daemon.pid")"
  if alive "$daemon"; then
    pids="$("$root/jpm" list --json 2>/dev/null | jq -r '.[].pid // empty' 2>/dev/null || true)"
    timeout 60 "$root/jpm" kill >/dev/null 2>&1 || true
  fi
  for pid in $pids $daemon; do [ "$pid" = 0 ] || stop_pid "$pid" 5; done
}

# jpm_make_daemon_archive: the first daemon of a home makes the daemon's class-data archive
# (OwnArchive, 20 s in) and every later one maps it, as on a user's machine from the second daemon
# start after an install or upgrade; so a benchmark of the daemon starts one first and waits for it.
jpm_make_daemon_archive() {
  "$root/jpm" ping >/dev/null
  local deadline=$((SECONDS + 90))
  until compgen -G "$JPM_HOME/cds/jpm/daemon-*.jsa" >/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || { log "no daemon archive after 90 s (see $JPM_HOME/daemon.log); measuring without"; break; }
    sleep 1
  done
  jpm_down
}

pm2_down() {
  local daemon="" pids="" pid
  [ -f "$PM2_HOME/pm2.pid" ] && daemon="$(cat "$PM2_HOME/pm2.pid")"
  if alive "$daemon"; then
    pids="$("$PM2" jlist 2>/dev/null | jq -r '.[].pid // empty' 2>/dev/null || true)"
    timeout 60 "$PM2" kill >/dev/null 2>&1 || true
  fi
  for pid in $pids $daemon; do [ "$pid" = 0 ] || stop_pid "$pid" 5; done
}

stop_both_managers() {
  jpm_down
  pm2_down
}
