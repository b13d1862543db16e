#!/usr/bin/env bash
# Soak: `marketgate run` (the shaded jar) under steady load for a long time, to see that memory stays
# flat and nothing fails: the simulator at 50,000 ticks/s, 200 mirror reads/s (metadata.json and
# latest.json.gz), 10 scans/s and a publish every 10 s. Every 10 s it logs RSS, heap in use (jstat,
# garbage included), ticks processed and the publish count; at the end GC pauses (from -Xlog:gc), the wrk
# figures (requests, non-2xx, socket errors) and the ERROR lines of the node's log.
#
# usage: deploy/loadtest/soak.sh [--minutes N] [--check]   (from the repository root, after ./mvnw -B -q -DskipTests package)
# env:   PORT=<a free port> TICKS_PER_SECOND=50000 READS_PER_SECOND=200 SCANS_PER_SECOND=10 CODE=X:12:9:2.5 XMX=768m
#        OUT=<dir to keep the samples, GC log and node log in> (default: a temp dir, printed)
#        JVM_FLAGS=<JVM options> (default: the container image's GC flags, see docs/deployment.md)
# The heap is committed and touched at start (-Xms = -Xmx, AlwaysPreTouch), so RSS growth after the
# warm-up is native memory, not G1 growing into its limit.
set -euo pipefail
MINUTES=30
CHECK=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES="$2"; shift 2 ;;
    --check) CHECK=1; shift ;;  # start the node and read the snapshot once, no load (CI smoke test)
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
TICKS_PER_SECOND=${TICKS_PER_SECOND:-50000}
READS_PER_SECOND=${READS_PER_SECOND:-200}
SCANS_PER_SECOND=${SCANS_PER_SECOND:-10}
CODE=${CODE:-X:12:9:2.5}
XMX=${XMX:-768m}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$ROOT/deploy/target/marketgate.jar"
OUT=${OUT:-$(mktemp -d /tmp/marketgate-soak.XXXXXX)}
mkdir -p "$OUT"
PID=""
LOADERS=()
cleanup() {
  for p in "${LOADERS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$OUT/data"
}
trap cleanup EXIT

if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
  echo "port $PORT is taken by another process: set PORT" >&2
  exit 1
fi
[ -f "$JAR" ] || { echo "no $JAR: build first (./mvnw -B -q -DskipTests package)" >&2; exit 1; }
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
command -v jstat >/dev/null || { echo "jstat (JDK) is needed for the heap figures" >&2; exit 1; }

echo "soak: $MINUTES min, $TICKS_PER_SECOND ticks/s, $READS_PER_SECOND reads/s, $SCANS_PER_SECOND scans/s, publish every 10 s; output in $OUT"
MARKETGATE_SIMULATOR_TICKS_PER_SECOND=$TICKS_PER_SECOND \
MARKETGATE_PUBLISH_MARKET_INTERVAL_SECONDS=10 MARKETGATE_PUBLISH_OFF_HOURS_INTERVAL_SECONDS=10 \
  java ${JVM_FLAGS:--XX:+UnlockDiagnosticVMOptions -XX:GCLockerRetryAllocationCount=100 -Djdk.nio.maxCachedBufferSize=262144} -Xms"$XMX" -Xmx"$XMX" -XX:+AlwaysPreTouch -Xlog:gc:file="$OUT/gc.log":uptime -jar "$JAR" run --port "$PORT" --data-dir "$OUT/data" \
  > "$OUT/run.log" 2>&1 &
PID=$!
for _ in $(seq 1 240); do
  kill -0 "$PID" 2>/dev/null || { echo "the node died at start:"; tail -20 "$OUT/run.log"; exit 1; }
  curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null || { echo "not ready after 120 s"; exit 1; }
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/data/candles/latest.json.gz" && break
  sleep 0.5
done
if [ -n "$CHECK" ]; then
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/data/candles/latest.json.gz"
  echo "soak.sh --check: the node runs and serves its snapshot"
  exit 0
fi

# wrk has no rate option: each connection waits 1000*connections/rate ms between its requests.
cat > "$OUT/reads.lua" <<'LUA'
local paths = {"/data/metadata.json", "/data/metadata.json", "/data/metadata.json", "/data/candles/latest.json.gz"}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
delay = function() return tonumber(os.getenv("DELAY_MS")) end
LUA
cat > "$OUT/scans.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"code":"$CODE"}'
wrk.headers["Content-Type"] = "application/json"
delay = function() return tonumber(os.getenv("DELAY_MS")) end
LUA
DURATION="$((MINUTES * 60))s"
DELAY_MS=$((1000 * 4 / READS_PER_SECOND)) wrk -t1 -c4 -d"$DURATION" --timeout 10s --latency -s "$OUT/reads.lua" \
  "http://127.0.0.1:$PORT" > "$OUT/wrk-reads.txt" 2>&1 &
LOADERS+=($!)
DELAY_MS=$((1000 * 2 / SCANS_PER_SECOND)) wrk -t1 -c2 -d"$DURATION" --timeout 10s --latency -s "$OUT/scans.lua" \
  "http://127.0.0.1:$PORT/api/v1/scans" > "$OUT/wrk-scans.txt" 2>&1 &
LOADERS+=($!)

heap_mb() {
  # Old + eden + survivors in use (KB) from jstat -gc; a sample between GCs includes garbage.
  jstat -gc "$PID" 2>/dev/null | awk 'NR==2 {printf "%.0f", ($3+$4+$6+$8)/1024}'
}
echo "seconds,rss_mb,heap_used_mb,ticks_processed,publishes" > "$OUT/samples.csv"
START=$(date +%s)
END=$((START + MINUTES * 60))
while [ "$(date +%s)" -lt "$END" ]; do
  kill -0 "$PID" 2>/dev/null || { echo "the node died:"; tail -30 "$OUT/run.log"; exit 1; }
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$PID/status")
  status=$(curl -s --max-time 5 "http://127.0.0.1:$PORT/status" || echo '{}')
  read -r ticks publishes < <(echo "$status" | python3 -c '
import json, sys
try:
    s = json.load(sys.stdin)["pipelines"]
    print(s["ticks"]["details"].get("ticks_processed", "?"), s.get("publish", {}).get("details", {}).get("publishes", "?"))
except Exception:
    print("? ?")')
  line="$(( $(date +%s) - START )),$rss,$(heap_mb),$ticks,$publishes"
  echo "$line" >> "$OUT/samples.csv"
  echo "$line"
  sleep 10
done
for p in "${LOADERS[@]}"; do wait "$p" 2>/dev/null || true; done
LOADERS=()

echo "--- samples: $OUT/samples.csv (seconds,rss_mb,heap_used_mb,ticks_processed,publishes)"
python3 - "$OUT/samples.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["rss_mb"]]
if len(rows) > 2:
    warm = rows[len(rows) // 5]  # after the first fifth: warm-up done
    last = rows[-1]
    rss = [int(r["rss_mb"]) for r in rows[len(rows) // 5:]]
    print(f"RSS after warm-up {warm['rss_mb']} MB, at the end {last['rss_mb']} MB (min {min(rss)}, max {max(rss)})")
PY
echo "--- GC pauses ($OUT/gc.log)"
python3 - "$OUT/gc.log" <<'PY'
import re, sys
pauses = [float(m.group(1)) for m in re.finditer(r"Pause.* (\d+\.\d+)ms", open(sys.argv[1]).read())]
if pauses:
    pauses.sort()
    print(f"{len(pauses)} pauses, total {sum(pauses):.0f} ms, p50 {pauses[len(pauses)//2]:.1f} ms, "
          f"p99 {pauses[int(len(pauses)*0.99)]:.1f} ms, max {pauses[-1]:.1f} ms")
PY
echo "--- mirror reads"; grep -E "requests in|Requests/sec|99%|Non-2xx|Socket errors" "$OUT/wrk-reads.txt" || true
echo "--- scans"; grep -E "requests in|Requests/sec|99%|Non-2xx|Socket errors" "$OUT/wrk-scans.txt" || true
echo "--- node log: $(grep -c ' ERROR ' "$OUT/run.log" || true) ERROR lines, $(grep -c ' WARN ' "$OUT/run.log" || true) WARN lines"
grep ' ERROR ' "$OUT/run.log" | sort | uniq -c | sort -rn | head -5 || true
