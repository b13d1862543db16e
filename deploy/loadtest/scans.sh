#!/usr/bin/env bash
# Scans a second through the gateway: `marketgate run` (simulated market, a year of seeded history),
# then wrk with 8 concurrent clients POSTing one scan code to /api/v1/scans.
#
# usage: deploy/loadtest/scans.sh [--check]  (from a fresh clone, after ./mvnw -B -DskipTests package)
#        --check: only check that the script can start (the jar present and starting, wrk found or installable)
# env:   CODE=X:12:9:2.5 CONNECTIONS=8 DURATION=15s PORT=18085
set -euo pipefail
CODE=${CODE:-X:12:9:2.5}
CONNECTIONS=${CONNECTIONS:-8}
DURATION=${DURATION:-15s}
PORT=${PORT:-18085}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$ROOT/deploy/target/marketgate.jar"
[ -s "$JAR" ] || { echo "missing $JAR: build first with ./mvnw -B -DskipTests package" >&2; exit 1; }
if [ "${1:-}" = "--check" ]; then
  java -jar "$JAR" run --help >/dev/null
  echo "scans: check ok$(command -v wrk >/dev/null || echo ' (would install: wrk)')"
  exit 0
fi
WORK=$(mktemp -d /tmp/marketgate-scans.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

cd "$WORK"
MARKETGATE_SIMULATOR_TICKS_PER_SECOND=1000 java -jar "$JAR" run --port "$PORT" \
  --data-dir "$WORK/data" > "$WORK/run.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break
  sleep 0.5
done
first=$(curl -s -X POST -H 'content-type: application/json' -d "{\"code\":\"$CODE\"}" "http://127.0.0.1:$PORT/api/v1/scans")
echo "first scan (cold indicators): $(echo "$first" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["took_ms"], "ms in the worker,", r["count"], "rows of", r["scanned"], "symbols")')"

cat > "$WORK/scan.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"code":"$CODE"}'
wrk.headers["Content-Type"] = "application/json"
LUA
wrk -t2 -c"$CONNECTIONS" -d5s -s "$WORK/scan.lua" "http://127.0.0.1:$PORT/api/v1/scans" >/dev/null
echo "wrk -t2 -c$CONNECTIONS -d$DURATION --latency POST /api/v1/scans {\"code\":\"$CODE\"}"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/scan.lua" "http://127.0.0.1:$PORT/api/v1/scans" \
  | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors"
