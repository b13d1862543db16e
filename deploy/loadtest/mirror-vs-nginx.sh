#!/usr/bin/env bash
# Mirror vs nginx: the same two files served by nginx (sendfile) and by the gateway's memory layer,
# measured with wrk, alternating, twice. Then the gateway's resident memory with 1 GB mirrored on disk.
#
# usage: deploy/loadtest/mirror-vs-nginx.sh            (from the repository root)
# env:   DURATION=15s CONNECTIONS=64 THREADS=2 ROUNDS=2 NGINX_PORT=18081 GATEWAY_PORT=18080 DISK_MB=1024
#        MEMORY_MAX_MB=64 GATEWAY_JAVA_OPTS='-Xms64m -Xmx128m ...'
set -euo pipefail

DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-2}
NGINX_PORT=${NGINX_PORT:-18081}
BARE_PORT=${BARE_PORT:-18082}
GATEWAY_PORT=${GATEWAY_PORT:-18080}
DISK_MB=${DISK_MB:-1024}
MEMORY_MAX_MB=${MEMORY_MAX_MB:-64}   # the gateway's memory layer bound (gateway.memoryMaxBytes)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/mirror-vs-nginx.XXXXXX)
chmod 755 "$WORK"  # nginx workers run as an unprivileged user
NGINX_PID=""
GATEWAY_PID=""
BARE_PID=""

cleanup() {
  [ -n "$GATEWAY_PID" ] && kill "$GATEWAY_PID" 2>/dev/null || true
  [ -n "$BARE_PID" ] && kill "$BARE_PID" 2>/dev/null || true
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# 1. Tools from Debian's packages, only when missing.
need=()
command -v nginx >/dev/null || need+=(nginx-light)
command -v wrk >/dev/null || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || apt-get install -y -qq --no-install-recommends nginx wrk >/dev/null
fi
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)

# 2. The files: a 1 KB metadata.json and a 2 MB latest.json.gz.
DATA="$WORK/data-root"
mkdir -p "$DATA/data/candles"
python3 - "$DATA/data/metadata.json" <<'PY'
import json, sys
doc = {"last_update": "2026-11-20T09:55:00Z", "last_update_ist": "2026-11-20T15:25:00+05:30",
       "is_market_hours": True, "data_source": "simulator", "instrument_count": 2381, "version": "2.0.0",
       "publisher": "marketgate 0.1.0", "availability": "24x7",
       "health": {"status": "healthy", "consecutive_failures": 0, "data_freshness_seconds": 300},
       "alerts": {"stale_data_threshold_minutes": 15}, "incremental_files": []}
i = 0
while len(json.dumps(doc)) < 1024:
    doc["incremental_files"].append("candles_%04d.json.gz" % (915 + 5 * i)); i += 1
s = json.dumps(doc)[:1024] if False else json.dumps(doc)
open(sys.argv[1], "w").write(s)
PY
head -c 2097152 /dev/urandom > "$DATA/data/candles/latest.json.gz"
echo "files: $(stat -c %s "$DATA/data/metadata.json") B metadata.json, $(stat -c %s "$DATA/data/candles/latest.json.gz") B latest.json.gz"

# 3. nginx: sendfile, 2 workers, no access log, long keep-alive.
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  types { application/json json; application/gzip gz; text/csv csv; }
  default_type application/octet-stream;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  access_log off;
  keepalive_requests 100000;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  server { listen 127.0.0.1:$NGINX_PORT; root $DATA; etag on; }
}
CONF
"$NGINX_BIN" -c "$WORK/nginx.conf" -p "$WORK/nginx"

# 4. The gateway alone (marketgate.gateway.GatewayMain) over the same data directory.
cd "$ROOT"
./mvnw -B -q -o -pl gateway -am test-compile
if [ ! -s gateway/target/runtime.cp ]; then
  ./mvnw -B -q -pl gateway dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$ROOT/gateway/target/runtime.cp" >/dev/null
fi
CP="gateway/target/classes:shared/target/classes:$(cat gateway/target/runtime.cp)"
# Direct memory just above the memory layer's bound makes the JVM free evicted bodies promptly;
# two malloc arenas keep freed native memory from lingering per thread.
MALLOC_ARENA_MAX=2 java ${GATEWAY_JAVA_OPTS:--Xms64m -Xmx128m -XX:MaxDirectMemorySize=$((MEMORY_MAX_MB + 48))m -XX:+UseParallelGC} \
  -cp "$CP" marketgate.gateway.GatewayMain "$DATA" "$GATEWAY_PORT" $((MEMORY_MAX_MB * 1048576)) > "$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/health/live" 2>/dev/null && break
  sleep 0.2
done
# The ceiling: bare Vert.x serving the same bytes (no router, metrics or validators), same JVM flags.
java -Xms64m -Xmx128m -XX:+UseParallelGC -cp "gateway/target/test-classes:$CP" marketgate.gateway.loadtest.BareFileServer \
  "$DATA" "$BARE_PORT" data/metadata.json data/candles/latest.json.gz > "$WORK/bare.log" 2>&1 &
BARE_PID=$!
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$BARE_PORT/data/metadata.json" 2>/dev/null && break
  sleep 0.2
done

# Both serve the same bytes.
for f in data/metadata.json data/candles/latest.json.gz; do
  cmp <(curl -fsS "http://127.0.0.1:$NGINX_PORT/$f") <(curl -fsS "http://127.0.0.1:$GATEWAY_PORT/$f") \
    || { echo "bodies differ for $f"; exit 1; }
done
echo "gateway X-Data-Source on second read: $(curl -fsS -D - -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/data/metadata.json" | grep -i x-data-source | tr -d '\r')"

# Warm-up: JIT for the gateway, page cache for nginx (not measured).
for url in "http://127.0.0.1:$GATEWAY_PORT" "http://127.0.0.1:$NGINX_PORT" "http://127.0.0.1:$BARE_PORT"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$url/data/metadata.json" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$url/data/candles/latest.json.gz" >/dev/null
done

# 5. Measure, alternating nginx and gateway, ROUNDS times.
to_ms() { # wrk latency such as 812.00us, 1.23ms, 2.01s -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
run() { # server file url
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$3")
  local rps p50 p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$rps" "$p50" "$p99" | tee -a "$RESULTS"
}
echo -e "server\tfile\treq/s\tp50_ms\tp99_ms"
for round in $(seq 1 "$ROUNDS"); do
  for file in data/metadata.json data/candles/latest.json.gz; do
    run nginx "$file" "http://127.0.0.1:$NGINX_PORT/$file"
    run gateway "$file" "http://127.0.0.1:$GATEWAY_PORT/$file"
    run vertx-bare "$file" "http://127.0.0.1:$BARE_PORT/$file"
  done
done

echo
echo "summary (mean of $ROUNDS rounds)"
awk -F'\t' '
  { key = $2; n[$1 FS key]++; rps[$1 FS key] += $3; p50[$1 FS key] += $4; p99[$1 FS key] += $5; files[key] = 1 }
  END {
    printf "%-30s %12s %12s %8s %10s %10s %10s %10s %12s %9s\n", "file", "nginx req/s", "gw req/s", "gw/nginx", "nginx p50", "gw p50", "nginx p99", "gw p99", "bare req/s", "bare/nginx"
    for (f in files) {
      a = "nginx" FS f; b = "gateway" FS f; c = "vertx-bare" FS f
      printf "%-30s %12.0f %12.0f %8.2f %9.2fms %9.2fms %9.2fms %9.2fms %12.0f %9.2f\n", f, rps[a]/n[a], rps[b]/n[b], (rps[b]/n[b])/(rps[a]/n[a]), p50[a]/n[a], p50[b]/n[b], p99[a]/n[a], p99[b]/n[b], rps[c]/n[c], (rps[c]/n[c])/(rps[a]/n[a])
    }
  }' "$RESULTS"

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$GATEWAY_PID/status"; }
echo
echo "gateway RSS after the benchmark: $(rss_mb) MB (memory layer bound ${MEMORY_MAX_MB} MB)"

# 6. Resident memory with DISK_MB of mirrored files on disk, every file read once through the mirror.
echo "writing $DISK_MB MB of mirrored files"
mkdir -p "$DATA/pages/daily/2026-11-20"
for i in $(seq 1 "$DISK_MB"); do
  head -c 1048576 /dev/urandom > "$DATA/pages/daily/2026-11-20/S$i""_PRICE_DATA.csv"
done
echo "on disk: $(du -sm "$DATA" | cut -f1) MB"
for i in $(seq 1 "$DISK_MB"); do
  echo "url = \"http://127.0.0.1:$GATEWAY_PORT/pages/daily/2026-11-20/S$i""_PRICE_DATA.csv\""
  echo "output = \"/dev/null\""
done > "$WORK/urls.txt"
curl -fsS --parallel --parallel-max 16 --config "$WORK/urls.txt"
sleep 2
echo "gateway RSS with $DISK_MB MB mirrored on disk, each file read once: $(rss_mb) MB"
curl -fsS "http://127.0.0.1:$GATEWAY_PORT/status" | python3 -c 'import json,sys; g=json.load(sys.stdin)["gateway"]; print("memory layer:", g["memory"])'
