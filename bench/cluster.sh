#!/usr/bin/env bash
# cluster.sh: the seeds' load test, and what jpm's balancer costs next to HAProxy and nginx.
#   A. /heavy (~50 ms of CPU per request): one demo instance run directly (port 3101) vs jpm
#      cluster mode with instances = nproc behind public port 3100 (protocol tcp) and 3400
#      (protocol http): loadtest (the seeds' test) and wrk.
#   B. / (cheap): the same backends (the instances of jpm's tcp app, on the internal ports that
#      `jpm list --json` reports) reached directly (instance 0 alone), through jpm's balancer
#      (3100), HAProxy mode tcp (3200) and nginx stream (3300), and through the HTTP proxies:
#      HAProxy mode http with http-reuse always (3201), nginx proxy_pass with an upstream
#      keepalive pool (3301); jpm protocol http (3400) runs its own nproc instances of the same
#      jar with the same flags (an app's instances belong to it). With keep-alive and with
#      Connection: close.
# Every measurement runs ROUNDS times, the targets back to back inside a round.
# Prints a Markdown report on stdout (progress and raw tool output go to stderr).
#
# Usage: bench/cluster.sh [> report.md]
#   ROUNDS=2    repetitions of the whole sequence
#   DURATION=15 seconds per wrk run
#   LT_REQUESTS=1200 loadtest -n (the seeds' value; lower only to try the script out)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-15}"
LT_REQUESTS="${LT_REQUESTS:-1200}"   # the seeds ran 1200
INSTANCES="$(nproc)"
JPM_PORT=3100
SINGLE_PORT=3101
HAPROXY_PORT=3200
HAPROXY_HTTP_PORT=3201
NGINX_PORT=3300
NGINX_HTTP_PORT=3301
JPM_HTTP_PORT=3400
DEMO_JVM_ARGS=(-Xmx128m -XX:+UseSerialGC)   # as in the repository's ecosystem.yaml

work="$(mktemp -d /tmp/jpm-bench-cluster.XXXXXX)"
export JPM_HOME="$work/jpm-home"
export PM2_HOME="$(mktemp -d /tmp/jpm-bench-pm2.XXXXXX)"   # pm2 is not used here; kept apart anyway
mkdir -p "$JPM_HOME"
single_pid=""
haproxy_pid=""
nginx_pid=""
load_pid=""
jpm_daemon=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  log "cleaning up"
  stop_pid "$load_pid" 2
  stop_pid "$haproxy_pid" 5
  stop_pid "$nginx_pid" 5      # SIGTERM to the master stops its workers
  stop_pid "$single_pid" 5
  local pids=""
  if [ -f "$JPM_HOME/daemon.pid" ]; then jpm_daemon="$(cat "$JPM_HOME/daemon.pid")"; fi
  if alive "$jpm_daemon"; then
    pids="$("$root/jpm" list --json 2>/dev/null | jq -r '.[].pid // empty' 2>/dev/null || true)"
    timeout 30 "$root/jpm" kill >/dev/null 2>&1 || true
  fi
  local pid
  for pid in $pids $jpm_daemon; do stop_pid "$pid" 5; done
  if [ -f "$PM2_HOME/pm2.pid" ] && [ -x "$PM2" ]; then timeout 30 "$PM2" kill >/dev/null 2>&1 || true; fi
  rm -rf "$work" "$PM2_HOME"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

need_cmd wrk wrk
need_cmd haproxy haproxy
need_cmd jq jq
need_cmd nginx nginx libnginx-mod-stream
[ -f /usr/lib/nginx/modules/ngx_stream_module.so ] || need_pkgs libnginx-mod-stream
need_node_tools
build_jpm
require_free_ports "$JPM_PORT" "$SINGLE_PORT" "$HAPROXY_PORT" "$HAPROXY_HTTP_PORT" "$NGINX_PORT" "$NGINX_HTTP_PORT" "$JPM_HTTP_PORT"

demo="$root/demo-app/target/demo-app.jar"
cp "$demo" "$work/demo.jar"

# --- the single instance, run by hand ------------------------------------------------------
log "starting one demo instance on $SINGLE_PORT"
PORT="$SINGLE_PORT" HOST=127.0.0.1 java "${DEMO_JVM_ARGS[@]}" -jar "$work/demo.jar" >"$work/single.log" 2>&1 &
single_pid=$!
wait_http "http://127.0.0.1:$SINGLE_PORT/health" 30 || die "single instance did not come up"

# --- jpm cluster mode -------------------------------------------------------------------------
cat >"$work/cluster.yaml" <<EOF
apps:
  - name: web
    jar: $work/demo.jar
    instances: $INSTANCES
    port: $JPM_PORT
    host: 127.0.0.1
    health_path: /health
    jvm_args: [$(IFS=,; echo "${DEMO_JVM_ARGS[*]}")]
  - name: web-http
    jar: $work/demo.jar
    instances: $INSTANCES
    port: $JPM_HTTP_PORT
    host: 127.0.0.1
    health_path: /health
    protocol: http
    jvm_args: [$(IFS=,; echo "${DEMO_JVM_ARGS[*]}")]
EOF
log "jpm start: $INSTANCES instances behind $JPM_PORT (tcp) and $INSTANCES behind $JPM_HTTP_PORT (http)"
"$root/jpm" start "$work/cluster.yaml" >&2
jpm_daemon="$(cat "$JPM_HOME/daemon.pid")"
mapfile -t backends < <("$root/jpm" list --json | jq -r '.[] | select(.name == "web") | .port')
mapfile -t backend_pids < <("$root/jpm" list --json | jq -r '.[] | select(.name == "web") | .pid')
mapfile -t http_backend_pids < <("$root/jpm" list --json | jq -r '.[] | select(.name == "web-http") | .pid')
[ "${#backends[@]}" -eq "$INSTANCES" ] || die "expected $INSTANCES internal ports, got ${backends[*]}"
log "jpm instances' internal ports: ${backends[*]}"

# --- HAProxy and nginx over the very same instances -----------------------------------------------
{
  echo "global"
  echo "  maxconn 4096"
  echo "  nbthread 2"
  echo "defaults"
  echo "  mode tcp"
  echo "  timeout connect 5s"
  echo "  timeout client 60s"
  echo "  timeout server 60s"
  echo "frontend fe"
  echo "  bind 127.0.0.1:$HAPROXY_PORT"
  echo "  default_backend be"
  echo "backend be"
  echo "  balance roundrobin"
  for i in "${!backends[@]}"; do echo "  server s$i 127.0.0.1:${backends[$i]}"; done
  # layer 7 over the same servers: requests balanced over pooled server connections, which
  # http-reuse always shares between clients (so a Connection: close client costs no backend connect)
  echo "frontend fe_http"
  echo "  mode http"
  echo "  bind 127.0.0.1:$HAPROXY_HTTP_PORT"
  echo "  default_backend be_http"
  echo "backend be_http"
  echo "  mode http"
  echo "  balance roundrobin"
  echo "  http-reuse always"
  for i in "${!backends[@]}"; do echo "  server s$i 127.0.0.1:${backends[$i]}"; done
} >"$work/haproxy.cfg"
haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!

mkdir -p "$work/nginx"
{
  echo "load_module /usr/lib/nginx/modules/ngx_stream_module.so;"
  echo "worker_processes 2;"
  echo "pid $work/nginx/nginx.pid;"
  echo "error_log $work/nginx/error.log warn;"
  echo "events { worker_connections 4096; }"
  echo "stream {"
  echo "  upstream backends {"
  for p in "${backends[@]}"; do echo "    server 127.0.0.1:$p;"; done
  echo "  }"
  echo "  server { listen 127.0.0.1:$NGINX_PORT; proxy_pass backends; }"
  echo "}"
  # the usual reverse proxy: HTTP/1.1 to a keepalive pool of 64 idle connections per worker;
  # keepalive_requests raised from 1000 on both sides so that neither nginx nor HAProxy (which
  # has no such limit) closes connections in the middle of a run
  echo "http {"
  echo "  access_log off;"
  echo "  keepalive_requests 1000000;"
  echo "  upstream backends_http {"
  for p in "${backends[@]}"; do echo "    server 127.0.0.1:$p;"; done
  echo "    keepalive 64;"
  echo "    keepalive_requests 1000000;"
  echo "  }"
  echo "  server {"
  echo "    listen 127.0.0.1:$NGINX_HTTP_PORT;"
  echo "    location / { proxy_pass http://backends_http; proxy_http_version 1.1; proxy_set_header Connection \"\"; }"
  echo "  }"
  echo "}"
} >"$work/nginx/nginx.conf"
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -e "$work/nginx/error.log" -g 'daemon off;' >"$work/nginx/out.log" 2>&1 &
nginx_pid=$!

wait_http "http://127.0.0.1:$HAPROXY_PORT/health" 10 || die "HAProxy does not answer: $(cat "$work/haproxy.log")"
wait_http "http://127.0.0.1:$NGINX_PORT/health" 10 || die "nginx does not answer: $(cat "$work/nginx/error.log")"
wait_http "http://127.0.0.1:$HAPROXY_HTTP_PORT/health" 10 || die "HAProxy mode http does not answer: $(cat "$work/haproxy.log")"
wait_http "http://127.0.0.1:$NGINX_HTTP_PORT/health" 10 || die "nginx http does not answer: $(cat "$work/nginx/error.log")"

declare -A url_port=([single]=$SINGLE_PORT [jpm]=$JPM_PORT [jpm-http]=$JPM_HTTP_PORT [direct]=${backends[0]}
                     [haproxy]=$HAPROXY_PORT [nginx]=$NGINX_PORT [haproxy-http]=$HAPROXY_HTTP_PORT [nginx-http]=$NGINX_HTTP_PORT)
HEAVY_TARGETS=(single jpm jpm-http)
CHEAP_TARGETS=(direct haproxy nginx jpm haproxy-http nginx-http jpm-http)

# --- running the load generators (in the background, so that a signal reaches cleanup) -------
run_bounded() { # out-file command...
  local out="$1"; shift
  "$@" >"$out" 2>&1 &
  load_pid=$!
  wait "$load_pid" || true
  load_pid=""
}

# to milliseconds from wrk's units
wrk_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

# --- CPU accounting: where the machine's CPU time went during one measurement ----------------
clk_tck="$(getconf CLK_TCK)"
proc_ticks() { # utime + stime of the given pids
  local p v t=0
  for p in "$@"; do
    v="$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || true)"
    t=$((t + ${v:-0}))
  done
  echo "$t"
}
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }   # user nice system irq softirq
backend_pids_of() {
  case "$1" in
    single) echo "$single_pid" ;;
    direct) echo "${backend_pids[0]}" ;;
    jpm-http) echo "${http_backend_pids[*]}" ;;
    *) echo "${backend_pids[*]}" ;;
  esac
}
proxy_pids_of() {
  case "$1" in
    jpm | jpm-http) echo "$jpm_daemon" ;;
    haproxy | haproxy-http) echo "$haproxy_pid" ;;
    nginx | nginx-http) echo "$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')" ;;
  esac
}
cpu_begin() { # target
  cpu_b0="$(proc_ticks $(backend_pids_of "$1"))"; cpu_p0="$(proc_ticks $(proxy_pids_of "$1"))"
  cpu_m0="$(machine_ticks)"; cpu_t0="$(date +%s.%N)"
}
cpu_end() { # target -> "backends_s proxy_s machine_busy_s wall_s" (CPU in core-seconds)
  local b p m t
  b="$(proc_ticks $(backend_pids_of "$1"))"; p="$(proc_ticks $(proxy_pids_of "$1"))"
  m="$(machine_ticks)"; t="$(date +%s.%N)"
  awk -v b=$((b - cpu_b0)) -v p=$((p - cpu_p0)) -v m=$((m - cpu_m0)) -v w="$t" -v w0="$cpu_t0" -v hz="$clk_tck" \
    'BEGIN {printf "%.1f\t%.2f\t%.1f\t%.1f", b / hz, p / hz, m / hz, w - w0}'
}

results="$work/results.tsv"   # section round target rps mean_ms p99_ms errors requests backend_s proxy_s busy_s wall_s
: >"$results"

wrk_once() { # section round target path [header]
  local section="$1" round="$2" target="$3" path="$4" header="${5:-}" out="$work/wrk-$1-$2-$3.txt"
  local args=(-t2 -c"$WRK_CONN" -d"${DURATION}s" --latency)
  [ -n "$header" ] && args+=(-H "$header")
  log "wrk ${args[*]} http://127.0.0.1:${url_port[$target]}$path  [$section round $round: $target]"
  cpu_begin "$target"
  run_bounded "$out" timeout $((DURATION + 30)) wrk "${args[@]}" "http://127.0.0.1:${url_port[$target]}$path"
  local cpu; cpu="$(cpu_end "$target")"
  cat "$out" >&2
  local rps mean p99 errs reqs
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  mean="$(wrk_ms "$(awk '$1 == "Latency" {print $2; exit}' "$out")")"
  p99="$(wrk_ms "$(awk '$1 == "99%" {print $2; exit}' "$out")")"
  # socket errors as connect/read/write/timeout, then non-2xx/3xx answers
  errs="$(awk '/Socket errors:/ {gsub(",", ""); c = $4; r = $6; w = $8; t = $10} /Non-2xx or 3xx/ {n = $NF}
               END {printf "%d/%d/%d/%d/%d", c, r, w, t, n}' "$out")"
  reqs="$(awk '/requests in/ {print $1; exit}' "$out")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$section" "$round" "$target" "${rps:-0}" "$mean" "$p99" "$errs" "${reqs:-0}" "$cpu" >>"$results"
}

loadtest_once() { # round target
  local round="$1" target="$2" out="$work/loadtest-$1-$2.txt"
  log "loadtest -n $LT_REQUESTS -c 200 -k http://127.0.0.1:${url_port[$target]}/heavy  [round $round: $target]"
  cpu_begin "$target"
  run_bounded "$out" timeout 300 "$LOADTEST" -n $LT_REQUESTS -c 200 -k "http://127.0.0.1:${url_port[$target]}/heavy"
  local cpu; cpu="$(cpu_end "$target")"
  cat "$out" >&2
  local rps mean errs done_
  rps="$(awk -F: '/Effective rps/ {gsub(/ /, "", $2); print $2}' "$out")"
  mean="$(awk -F: '/Mean latency/ {gsub(/[ ms]/, "", $2); print $2}' "$out")"
  errs="$(awk -F: '/Total errors/ {gsub(/ /, "", $2); print $2}' "$out")"
  done_="$(awk -F: '/Completed requests/ {gsub(/ /, "", $2); print $2}' "$out")"
  printf 'loadtest\t%s\t%s\t%s\t%s\t-\t%s\t%s\t%s\n' "$round" "$target" "${rps:-0}" "${mean:-0}" "${errs:-?}" "${done_:-0}" "$cpu" >>"$results"
}

# --- warm-up: JIT in the instances and in jpm's balancer; nothing recorded ------------------
log "warming up"
for target in "${HEAVY_TARGETS[@]}"; do
  timeout 20 wrk -t2 -c8 -d4s "http://127.0.0.1:${url_port[$target]}/heavy" >/dev/null 2>&1 || true
done
for target in "${CHEAP_TARGETS[@]}"; do
  timeout 20 wrk -t2 -c16 -d3s "http://127.0.0.1:${url_port[$target]}/" >/dev/null 2>&1 || true
  timeout 20 wrk -t2 -c16 -d2s -H 'Connection: close' "http://127.0.0.1:${url_port[$target]}/" >/dev/null 2>&1 || true
done

for ((round = 1; round <= ROUNDS; round++)); do
  for target in "${HEAVY_TARGETS[@]}"; do loadtest_once "$round" "$target"; sleep 2; done
  WRK_CONN=32
  for target in "${HEAVY_TARGETS[@]}"; do wrk_once heavy "$round" "$target" /heavy; sleep 2; done
  WRK_CONN=50
  for target in "${CHEAP_TARGETS[@]}"; do wrk_once cheap-ka "$round" "$target" /; sleep 2; done
  for target in "${CHEAP_TARGETS[@]}"; do wrk_once cheap-close "$round" "$target" / 'Connection: close'; sleep 5; done
done

# the jpm instances must all still be online; the balancer should have spread the load
jpm_state="$("$root/jpm" list --json | jq -r '[.[] | "\(.name) \(.status) (served \(.served), restarts \(.restarts))"] | join(", ")')"
daemon_rss="$(rss_kb "$jpm_daemon")"

# ---- report --------------------------------------------------------------------------------------
# ---- report --------------------------------------------------------------------------------------
val() { awk -F'\t' -v s="$1" -v r="$2" -v t="$3" -v c="$4" '$1 == s && $2 == r && $3 == t {print $c}' "$results"; }
# the proxy each jpm target is held against: the same layer (tcp: HAProxy mode tcp, nginx stream; http: the HTTP proxies)
haproxy_peer() { case "$1" in jpm) echo haproxy ;; jpm-http) echo haproxy-http ;; esac; }
nginx_peer() { case "$1" in jpm) echo nginx ;; jpm-http) echo nginx-http ;; esac; }
per_req() { awk -v c="$(val "$1" "$2" "$3" 10)" -v n="$(val "$1" "$2" "$3" 8)" 'BEGIN {if (n > 0) printf "%.1f", c * 1e6 / n; else print "n/a"}'; }

echo "## cluster.sh: the seeds' test and the balancer's cost"
echo
machine_header
echo "- loadtest $("$LOADTEST" --version 2>/dev/null | tail -1), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), $(haproxy -v | head -1 | cut -d' ' -f1-3), $(nginx -v 2>&1 | cut -d' ' -f3)"
echo "- demo-app: java ${DEMO_JVM_ARGS[*]} -jar demo-app.jar, one request at a time per instance; jpm cluster: $INSTANCES instances (= nproc) per app, health_path /health;"
echo "  app web on :$JPM_PORT with protocol tcp (jpm), app web-http on :$JPM_HTTP_PORT with protocol http (jpm-http)"
echo "- load generators run on the same 2-core machine as the servers"
echo
echo "### A. /heavy: one instance vs jpm with $INSTANCES instances"
echo
echo "\`loadtest -n $LT_REQUESTS -c 200 -k http://127.0.0.1:<port>/heavy\` (the seeds' test)"
echo
echo "| round | target | completed | rps | mean latency ms | errors | rps ratio jpm/single |"
echo "|---|---|---|---|---|---|---|"
for ((round = 1; round <= ROUNDS; round++)); do
  for target in "${HEAVY_TARGETS[@]}"; do
    r="$(ratio "$(val loadtest "$round" "$target" 4)" "$(val loadtest "$round" single 4)")"
    [ "$target" = single ] && r=""
    echo "| $round | $target (:${url_port[$target]}) | $(val loadtest "$round" "$target" 8) | $(val loadtest "$round" "$target" 4) | $(val loadtest "$round" "$target" 5) | $(val loadtest "$round" "$target" 7) | $r |"
  done
done
echo
echo "\`wrk -t2 -c32 -d${DURATION}s --latency http://127.0.0.1:<port>/heavy\`"
echo
echo "| round | target | rps | mean ms | p99 ms | errors c/r/w/t/non2xx | rps ratio jpm/single (aim ≥ 1.8) |"
echo "|---|---|---|---|---|---|---|"
for ((round = 1; round <= ROUNDS; round++)); do
  for target in "${HEAVY_TARGETS[@]}"; do
    r="$(ratio "$(val heavy "$round" "$target" 4)" "$(val heavy "$round" single 4)")"
    [ "$target" = single ] && r=""
    echo "| $round | $target (:${url_port[$target]}) | $(val heavy "$round" "$target" 4) | $(val heavy "$round" "$target" 5) | $(val heavy "$round" "$target" 6) | $(val heavy "$round" "$target" 7) | $r |"
  done
done
echo
echo "CPU during the /heavy runs, in core-seconds (the machine has $(nproc) cores, so capacity = $(nproc) × wall): the demo instances',"
echo "the balancer's (jpm's daemon), and the whole machine's busy time, which also holds the load generator and any other tenant."
echo
echo "| test | round | target | wall s | capacity core-s | instances core-s | balancer core-s | machine busy core-s | other (busy - instances - balancer) |"
echo "|---|---|---|---|---|---|---|---|---|"
for section in loadtest heavy; do
  for ((round = 1; round <= ROUNDS; round++)); do
    for target in "${HEAVY_TARGETS[@]}"; do
      w="$(val "$section" "$round" "$target" 12)"; b="$(val "$section" "$round" "$target" 9)"
      p="$(val "$section" "$round" "$target" 10)"; m="$(val "$section" "$round" "$target" 11)"
      [ "$target" = single ] && p="-"
      echo "| $section | $round | $target | $w | $(awk -v w="$w" -v n="$(nproc)" 'BEGIN {printf "%.1f", w * n}') | $b | $p | $m | $(awk -v m="$m" -v b="$b" -v p="$p" 'BEGIN {printf "%.1f", m - b - p}') |"
    done
  done
done
echo
echo "### B. / (cheap): balancer cost over the same $INSTANCES backends (jpm's tcp instances, internal ports ${backends[*]})"
echo
echo "direct = instance 0 alone on its internal port (one backend, so the proxies, which spread over $INSTANCES, may beat it); jpm = jpm's tcp app;"
echo "HAProxy mode tcp roundrobin nbthread 2; nginx stream, 2 workers; haproxy-http = HAProxy mode http, http-reuse always, same process;"
echo "nginx-http = proxy_pass to an upstream with keepalive 64, proxy_http_version 1.1, same workers; jpm-http = jpm's http app"
echo "(its own $INSTANCES instances of the same jar and flags). The jpm ratios compare each jpm target with the proxies of its layer:"
echo "jpm with HAProxy tcp and nginx stream, jpm-http with HAProxy http and nginx http."
echo "errors = wrk's socket errors connect/read/write/timeout, then non-2xx answers. With \`Connection: close\` the demo (JDK HttpServer) closes"
echo "after each answer without a \`Connection: close\` header, so wrk counts that EOF as one read error per request (the answer itself is counted as done)"
echo "for the targets that pass the demo's answer through unchanged (direct and the tcp proxies): there, read errors ≈ requests is the normal case."
echo "An HTTP proxy answers the client itself and says \`Connection: close\`, so it should show none."
for section in cheap-ka cheap-close; do
  echo
  if [ "$section" = cheap-ka ]; then
    echo "\`wrk -t2 -c50 -d${DURATION}s --latency http://127.0.0.1:<port>/\` (keep-alive)"
  else
    echo "\`wrk -t2 -c50 -d${DURATION}s --latency -H 'Connection: close' http://127.0.0.1:<port>/\` (a new connection per request)"
  fi
  echo
  echo "| round | target | requests | rps | mean ms | p99 ms | errors c/r/w/t/non2xx | rps vs direct | rps jpm/HAProxy | p99 jpm/HAProxy | rps jpm/nginx | p99 jpm/nginx |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for ((round = 1; round <= ROUNDS; round++)); do
    for target in "${CHEAP_TARGETS[@]}"; do
      vs="$(ratio "$(val "$section" "$round" "$target" 4)" "$(val "$section" "$round" direct 4)")"
      jh=""; jp=""; jn=""; jnp=""
      if [ -n "$(haproxy_peer "$target")" ]; then
        h="$(haproxy_peer "$target")"; n="$(nginx_peer "$target")"
        jh="$(ratio "$(val "$section" "$round" "$target" 4)" "$(val "$section" "$round" "$h" 4)")"
        jp="$(ratio "$(val "$section" "$round" "$target" 6)" "$(val "$section" "$round" "$h" 6)")"
        jn="$(ratio "$(val "$section" "$round" "$target" 4)" "$(val "$section" "$round" "$n" 4)")"
        jnp="$(ratio "$(val "$section" "$round" "$target" 6)" "$(val "$section" "$round" "$n" 6)")"
      fi
      echo "| $round | $target (:${url_port[$target]}) | $(val "$section" "$round" "$target" 8) | $(val "$section" "$round" "$target" 4) | $(val "$section" "$round" "$target" 5) | $(val "$section" "$round" "$target" 6) | $(val "$section" "$round" "$target" 7) | $vs | $jh | $jp | $jn | $jnp |"
    done
  done
done
echo
echo "Proxy CPU per request on \`/\` (the proxy's own processes' user+system time / requests; nginx = master + workers):"
echo
echo "| mode | round | haproxy tcp µs/req | nginx stream µs/req | jpm tcp µs/req | jpm/HAProxy | haproxy http µs/req | nginx http µs/req | jpm http µs/req | jpm-http/HAProxy http |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for section in cheap-ka cheap-close; do
  for ((round = 1; round <= ROUNDS; round++)); do
    h="$(per_req "$section" "$round" haproxy)"; j="$(per_req "$section" "$round" jpm)"
    hh="$(per_req "$section" "$round" haproxy-http)"; jh="$(per_req "$section" "$round" jpm-http)"
    echo "| $section | $round | $h | $(per_req "$section" "$round" nginx) | $j | $(ratio "$j" "$h") | $hh | $(per_req "$section" "$round" nginx-http) | $jh | $(ratio "$jh" "$hh") |"
  done
done
echo
echo "Aims for jpm-http (issue 9), per round: rps ≥ HAProxy http's and nginx http's, p99 no worse than either, CPU per request ≤ HAProxy http's;"
echo "and jpm tcp keeps its keep-alive lead over HAProxy tcp."
echo
echo "| mode | round | rps ≥ both | p99 ≤ both | CPU/req ≤ HAProxy http | jpm tcp rps > HAProxy tcp |"
echo "|---|---|---|---|---|---|"
yes_no() { awk -v a="$1" -v op="$2" -v b="$3" -v c="${4:-}" 'BEGIN {
  ok = (op == ">=") ? (a + 0 >= b + 0) : (op == "<=") ? (a + 0 <= b + 0) : (a + 0 > b + 0)
  if (c != "") ok = ok && ((op == ">=") ? (a + 0 >= c + 0) : (a + 0 <= c + 0))
  print ok ? "yes" : "**no**" }'; }
for section in cheap-ka cheap-close; do
  for ((round = 1; round <= ROUNDS; round++)); do
    rps_ok="$(yes_no "$(val "$section" "$round" jpm-http 4)" ">=" "$(val "$section" "$round" haproxy-http 4)" "$(val "$section" "$round" nginx-http 4)")"
    p99_ok="$(yes_no "$(val "$section" "$round" jpm-http 6)" "<=" "$(val "$section" "$round" haproxy-http 6)" "$(val "$section" "$round" nginx-http 6)")"
    cpu_ok="$(yes_no "$(per_req "$section" "$round" jpm-http)" "<=" "$(per_req "$section" "$round" haproxy-http)")"
    tcp_ok="-"
    [ "$section" = cheap-ka ] && tcp_ok="$(yes_no "$(val "$section" "$round" jpm 4)" ">" "$(val "$section" "$round" haproxy 4)")"
    echo "| $section | $round | $rps_ok | $p99_ok | $cpu_ok | $tcp_ok |"
  done
done
echo
echo "- jpm instances after the run: $jpm_state"
echo "- jpm daemon VmRSS after the run: ${daemon_rss} kB"
