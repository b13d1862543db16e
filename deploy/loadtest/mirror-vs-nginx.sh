#!/usr/bin/env bash
# Mirror vs nginx: the same files served by nginx (tuned for static files as its documentation says)
# and by the gateway of `marketgate run`, measured with wrk, alternating, ROUNDS times.
#
# usage: deploy/loadtest/mirror-vs-nginx.sh [--check]
#        from a fresh clone, after the README's build command: ./mvnw -B -DskipTests package
#        --check: only check that the script can start (jars present and starting, tools found or
#        installable), in a few seconds; CI runs it.
# env:   DURATION=15s CONNECTIONS=64 THREADS=2 ROUNDS=2 NGINX_PORT=18081 GATEWAY_PORT=18080 BARE_PORT=18082
#        SIZES="224256 2097152 10485760"  extra latest.json.gz sizes in bytes (219 KB, 2 MB, 10 MB), besides
#                                         the full file the run publishes
#        BARE=0        1 adds a bare Vert.x server (benchmarks.jar BareFileServer) as a ceiling
#        GATEWAY_JAVA_OPTS=''             JVM flags for `marketgate run`
#        DISK_MB=0     then write DISK_MB files of 1 MB into the data directory, read each once through
#                      the gateway and report its RSS (the bound of the memory layer at work)
#        JFR=0         1 records a JFR profile of the gateway into $JFR_FILE (default /tmp/mirror-gateway.jfr)
set -euo pipefail

DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-2}
NGINX_PORT=${NGINX_PORT:-18081}
GATEWAY_PORT=${GATEWAY_PORT:-18080}
BARE_PORT=${BARE_PORT:-18082}
SIZES=${SIZES:-224256 2097152 10485760}
BARE=${BARE:-0}
JFR=${JFR:-0}
DISK_MB=${DISK_MB:-0}
JFR_FILE=${JFR_FILE:-/tmp/mirror-gateway.jfr}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$ROOT/deploy/target/marketgate.jar"
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"

need_jar() {
  [ -s "$1" ] || { echo "missing $1: build first with ./mvnw -B -DskipTests package" >&2; exit 1; }
}
need_jar "$JAR"
[ "$BARE" = 1 ] && need_jar "$BENCH_JAR"

# Tools from Debian's packages, only when missing.
missing=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
command -v curl >/dev/null || missing+=(curl)

if [ "${1:-}" = "--check" ]; then
  java -jar "$JAR" run --help >/dev/null
  if [ "$BARE" = 1 ]; then
    rc=0; java -cp "$BENCH_JAR" marketgate.benchmarks.BareFileServer >/dev/null 2>&1 || rc=$?
    [ "$rc" = 2 ] || { echo "BareFileServer did not start (exit $rc)" >&2; exit 1; }
  fi
  echo "mirror-vs-nginx: check ok${missing:+ (would install: ${missing[*]})}"
  exit 0
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)

WORK=$(mktemp -d /tmp/mirror-vs-nginx.XXXXXX)
chmod 755 "$WORK"  # nginx workers run unprivileged: a 0700 directory makes them answer 403
GATEWAY_PID=""
BARE_PID=""
cleanup() {
  [ -n "$GATEWAY_PID" ] && kill "$GATEWAY_PID" 2>/dev/null || true
  [ -n "$BARE_PID" ] && kill "$BARE_PID" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# 1. The gateway as users run it: `marketgate run` (simulated market, publisher, workers), publishing
#    once at start and then not again during the measurement.
RUN="$WORK/run"
JFR_OPTS=""
[ "$JFR" = 1 ] && JFR_OPTS="-XX:StartFlightRecording=filename=$JFR_FILE,settings=profile"
(cd "$WORK" && MARKETGATE_PUBLISH_MARKET_INTERVAL_SECONDS=86400 MARKETGATE_PUBLISH_OFF_HOURS_INTERVAL_SECONDS=86400 \
  exec java ${GATEWAY_JAVA_OPTS:-} $JFR_OPTS -jar "$JAR" run --data-dir "$RUN" --port "$GATEWAY_PORT" > "$WORK/run.log" 2>&1) &
GATEWAY_PID=$!
for _ in $(seq 1 600); do
  [ -s "$RUN/data/candles/latest.json.gz" ] && [ -s "$RUN/data/metadata.json" ] \
    && curl -fsS -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/health/live" 2>/dev/null && break
  kill -0 "$GATEWAY_PID" 2>/dev/null || { echo "marketgate run exited:"; tail -20 "$WORK/run.log"; exit 1; }
  sleep 0.5
done
[ -s "$RUN/data/candles/latest.json.gz" ] || { echo "no snapshot published in 300 s"; tail -20 "$WORK/run.log"; exit 1; }

# 2. The files: the published metadata.json and latest.json.gz, and latest.json.gz files of other
#    sizes beside them. nginx serves copies of the same bytes from a directory its workers can read.
FILES=(data/metadata.json data/candles/latest.json.gz)
for size in $SIZES; do
  f="data/candles/sizes/$size/latest.json.gz"
  mkdir -p "$RUN/$(dirname "$f")"
  head -c "$size" /dev/urandom > "$RUN/$f"
  FILES+=("$f")
done
WEB="$WORK/web"
for f in "${FILES[@]}"; do
  mkdir -p "$WEB/$(dirname "$f")"
  cp "$RUN/$f" "$WEB/$f"
done
chmod -R a+rX "$WEB"
for f in "${FILES[@]}"; do echo "file: $f $(stat -c %s "$WEB/$f") B"; done

# 3. nginx tuned for static files as its documentation says.
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  types { application/json json; application/gzip gz; }
  default_type application/octet-stream;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  open_file_cache max=1000 inactive=20s; open_file_cache_valid 30s;
  access_log off;
  keepalive_requests 100000;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  server { listen 127.0.0.1:$NGINX_PORT; root $WEB; etag on; }
}
CONF
"$NGINX_BIN" -c "$WORK/nginx.conf" -p "$WORK/nginx"
cp "$WORK/nginx.conf" /tmp/mirror-vs-nginx.nginx.conf

SERVERS=("nginx http://127.0.0.1:$NGINX_PORT" "gateway http://127.0.0.1:$GATEWAY_PORT")
if [ "$BARE" = 1 ]; then
  java -Xms64m -Xmx512m -cp "$BENCH_JAR" marketgate.benchmarks.BareFileServer "$WEB" "$BARE_PORT" "${FILES[@]}" \
    > "$WORK/bare.log" 2>&1 &
  BARE_PID=$!
  SERVERS+=("vertx-bare http://127.0.0.1:$BARE_PORT")
fi

# Every server answers 200 with the same bytes (a 403 from nginx would measure nothing).
for f in "${FILES[@]}"; do
  for s in "${SERVERS[@]}"; do
    url="${s#* }/$f"
    for _ in $(seq 1 100); do
      code=$(curl -sS -o "$WORK/body" -w '%{http_code}' "$url" 2>/dev/null || true)
      [ "$code" = 200 ] && break
      sleep 0.2
    done
    [ "$code" = 200 ] || { echo "${s%% *} answered $code for $f"; exit 1; }
    cmp -s "$WORK/body" "$WEB/$f" || { echo "${s%% *} serves other bytes for $f"; exit 1; }
  done
done
echo "all servers answer 200 with the same bytes; gateway X-Data-Source: $(curl -fsS -D - -o /dev/null \
  "http://127.0.0.1:$GATEWAY_PORT/data/metadata.json" | grep -i x-data-source | tr -d '\r')"

# Warm-up (not measured): JIT for the JVMs, page cache and open_file_cache for nginx.
for s in "${SERVERS[@]}"; do
  for f in "${FILES[@]}"; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "${s#* }/$f" >/dev/null
  done
done

# Again once warm, ten times on one keep-alive connection: the bodies now come from the wire copies
# (sendfile for large files), which wrk does not check byte for byte.
for f in "${FILES[@]}"; do
  for s in "${SERVERS[@]}"; do
    args=()
    for i in $(seq 1 10); do args+=(-o "$WORK/warm$i" "${s#* }/$f"); done
    curl -fsS "${args[@]}" || { echo "${s%% *} failed a warm request for $f"; exit 1; }
    for i in $(seq 1 10); do
      cmp -s "$WORK/warm$i" "$WEB/$f" || { echo "${s%% *} served other bytes for $f once warm (request $i)"; exit 1; }
    done
  done
done
echo "warm: 10 requests per file and server on one connection, all the same bytes"

# 4. Measure, alternating the servers file by file, ROUNDS times.
to_ms() { # wrk latency such as 812.00us, 1.23ms, 2.01s -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
# CPU time of a server's processes (utime + stime, all threads), in clock ticks: the gateway's JVM
# (simulator, JIT and GC included), nginx's master and workers. Per response it says what each server
# spends, whatever share of the two cores it got from the scheduler beside wrk.
server_pids() {
  case "$1" in
    nginx) local master; master=$(cat "$WORK/nginx.pid"); echo "$master" $(pgrep -P "$master") ;;
    gateway) echo "$GATEWAY_PID" ;;
    vertx-bare) echo "$BARE_PID" ;;
  esac
}
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    # Fields after the ") " that ends the command name: utime and stime are the 12th and 13th.
    total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
  done
  echo "$total"
}
CLK_TCK=$(getconf CLK_TCK)
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
echo -e "round\tserver\tfile\treq/s\tp50_ms\tp99_ms\tcpu_us_per_response"
for round in $(seq 1 "$ROUNDS"); do
  for f in "${FILES[@]}"; do
    for s in "${SERVERS[@]}"; do
      pids=$(server_pids "${s%% *}")
      before=$(cpu_ticks $pids)
      out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${s#* }/$f")
      after=$(cpu_ticks $pids)
      rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
      responses=$(echo "$out" | awk '/requests in/ {print $1}')
      cpu_us=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$responses" 'BEGIN { printf "%.1f", (n > 0 ? t * 1e6 / hz / n : 0) }')
      p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
      p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
      errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {printf "%s ", $0}')
      [ -n "$errors" ] && echo "  ${s%% *} $f: $errors" >&2
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "${s%% *}" "$f" "$rps" "$p50" "$p99" "$cpu_us" | tee -a "$RESULTS"
    done
  done
done

echo
echo "summary (mean of $ROUNDS rounds; gw/nginx = gateway req/s / nginx req/s;"
echo "         cpu/resp = each server's own CPU time per response; cpu ratio = nginx cpu/resp / gateway cpu/resp)"
awk -F'\t' '
  { k = $2 FS $3; n[k]++; rps[k] += $4; p99[k] += $6; cpu[k] += $7; if (!($3 in seen)) { seen[$3] = 1; order[++files] = $3 } }
  END {
    printf "%-42s %12s %12s %8s %11s %11s %13s %13s %9s\n", "file", "nginx req/s", "gw req/s", "gw/nginx", "nginx p99", "gw p99", "nginx cpu/resp", "gw cpu/resp", "cpu ratio"
    for (i = 1; i <= files; i++) {
      f = order[i]; a = "nginx" FS f; b = "gateway" FS f
      printf "%-42s %12.0f %12.0f %8.2f %9.2fms %9.2fms %11.1fus %11.1fus %9.2f\n", f, rps[a]/n[a], rps[b]/n[b], (rps[b]/n[b])/(rps[a]/n[a]), p99[a]/n[a], p99[b]/n[b], cpu[a]/n[a], cpu[b]/n[b], (cpu[b] > 0 ? cpu[a]/cpu[b] : 0)
    }
  }' "$RESULTS"
cp "$RESULTS" /tmp/mirror-vs-nginx.results.tsv
echo "gateway RSS: $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$GATEWAY_PID/status" 2>/dev/null || echo ?)"

# 5. Optional: resident memory with DISK_MB of files on disk, every file read once through the mirror.
if [ "$DISK_MB" -gt 0 ]; then
  mkdir -p "$RUN/pages/daily/2026-11-20"
  for i in $(seq 1 "$DISK_MB"); do
    head -c 1048576 /dev/urandom > "$RUN/pages/daily/2026-11-20/S${i}_PRICE_DATA.csv"
  done
  for i in $(seq 1 "$DISK_MB"); do
    echo "url = \"http://127.0.0.1:$GATEWAY_PORT/pages/daily/2026-11-20/S${i}_PRICE_DATA.csv\""
    echo "output = \"/dev/null\""
  done > "$WORK/urls.txt"
  curl -fsS --parallel --parallel-max 16 --config "$WORK/urls.txt"
  echo "gateway RSS with $DISK_MB MB on disk, each file read once: $(awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$GATEWAY_PID/status")"
fi
