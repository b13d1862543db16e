#!/usr/bin/env bash
# Scans under 10x overload: `marketgate run` (simulated market, seeded history), then
#  1. capacity: as many connections as scan worker threads, closed loop, for CAPACITY_SECONDS;
#  2. overload: a closed loop with enough connections to offer at least FACTOR x that rate (found by
#     short probes, doubling the connections), for OVERLOAD_SECONDS, the heap sampled every second
#     with jstat. Accepted scans should keep their p99, the rest get 429 with Retry-After, and no
#     request may time out (15 s).
# The client is wrk (C, one thread) with deploy/loadtest/scans-post.lua: a Node client took most of
# the two cores to offer 6-8x and left the gateway too little CPU to answer at its capacity.
#
# usage: deploy/loadtest/scans-overload.sh [--check]   (from the repository root, after ./mvnw -B -DskipTests package)
#        --check: start the node, one scan and one second of the client, no load (CI smoke test)
# env:   CODE=X:12:9:2.5 CAPACITY_SECONDS=20 OVERLOAD_SECONDS=60 FACTOR=10 PORT=(a free one) HEAP=512m
set -euo pipefail
CHECK=${1:-}
CODE=${CODE:-X:12:9:2.5}
CAPACITY_SECONDS=${CAPACITY_SECONDS:-20}
OVERLOAD_SECONDS=${OVERLOAD_SECONDS:-60}
FACTOR=${FACTOR:-10}
PORT=${PORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
HEAP=${HEAP:-512m}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LUA="$ROOT/deploy/loadtest/scans-post.lua"
WORK=$(mktemp -d /tmp/marketgate-scans-overload.XXXXXX)
PID=""
JSTAT=""
cleanup() {
  [ -n "$JSTAT" ] && kill "$JSTAT" 2>/dev/null
  [ -n "$PID" ] && kill "$PID" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  echo "installing wrk"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
command -v jstat >/dev/null || { echo "needs jstat (a JDK)" >&2; exit 1; }
[ -f "$ROOT/deploy/target/marketgate.jar" ] || { echo "build first: ./mvnw -B -DskipTests package" >&2; exit 1; }

cd "$WORK"
MARKETGATE_SIMULATOR_TICKS_PER_SECOND=1000 java "-Xmx$HEAP" -jar "$ROOT/deploy/target/marketgate.jar" run \
  --port "$PORT" --data-dir "$WORK/data" > "$WORK/run.log" 2>&1 &
PID=$!
for _ in $(seq 1 240); do
  kill -0 "$PID" 2>/dev/null || { echo "marketgate run exited:" >&2; tail -20 "$WORK/run.log" >&2; exit 1; }
  curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break
  sleep 0.5
done
URL="http://127.0.0.1:$PORT/api/v1/scans"
curl -sf -X POST -H 'content-type: application/json' -d "{\"code\":\"$CODE\"}" "$URL" >/dev/null
WORKERS=2 # scans.workerThreads' default
# wrk_scans CONNECTIONS SECONDS: a closed loop of POSTs; prints wrk's output, the last line JSON.
wrk_scans() {
  CODE="$CODE" wrk -t1 -c"$1" -d"$2"s --timeout 15s -s "$LUA" "$URL"
}
json_of() { tail -1 <<<"$1"; }
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
if [ "$CHECK" = "--check" ]; then
  out=$(json_of "$(wrk_scans 1 1)")
  [ "$(field "$out" 200)" -gt 0 ] || { echo "no scan answered 200: $out" >&2; exit 1; }
  echo "scans-overload.sh --check: the node scans and the client runs"
  exit 0
fi
echo "scan workers: $WORKERS threads, scans.maxQueued 8 (the defaults)"

wrk_scans "$WORKERS" 5 >/dev/null # warm-up
# The gateway's own latency buckets for accepted scans (POST /api/v1/scans answered 200), between two
# /metrics snapshots: from the handler's start to the response, without the client's own delays
# (a busy client reads its responses late).
snapshot() { curl -sf "http://127.0.0.1:$PORT/metrics" > "$WORK/metrics.$1"; }
server_latency() {
  python3 - "$WORK/metrics.$1" "$WORK/metrics.$2" <<'PY'
import re, sys
def buckets(path):
    out = {}
    for line in open(path):
        if line.startswith('marketgate_http_server_requests_seconds_bucket{') and 'code="200"' in line \
                and 'method="POST"' in line and 'route="/api/v1/scans"' in line:
            le = re.search(r'le="([^"]+)"', line).group(1)
            out[float('inf') if le == '+Inf' else float(le)] = float(line.rsplit(' ', 1)[1])
    return out
before, after = buckets(sys.argv[1]), buckets(sys.argv[2])
delta = sorted((le, after[le] - before.get(le, 0)) for le in after)
total = delta[-1][1] if delta else 0
def upper(q):
    return next(('%g ms' % (le * 1000) if le != float('inf') else '> 10 s') for le, n in delta if n >= q * total)
print('   server side, accepted scans: %d; p50 <= %s, p99 <= %s (bucket bounds)' % (total, upper(0.5), upper(0.99))
      if total else '   server side: no accepted scans in the metrics')
PY
}
echo "1. capacity: $WORKERS connections, closed loop, ${CAPACITY_SECONDS} s"
snapshot capacity-start
capacity=$(json_of "$(wrk_scans "$WORKERS" "$CAPACITY_SECONDS")")
snapshot capacity-end
echo "   $capacity"
server_latency capacity-start capacity-end
RATE=$(python3 -c "import json,sys; c=json.loads(sys.argv[1]); print(round(c['200'] / c['seconds'] * $FACTOR))" "$capacity")
CONNECTIONS=8
while :; do
  probe=$(json_of "$(wrk_scans "$CONNECTIONS" 3)")
  offered=$(python3 -c "import json,sys; p=json.loads(sys.argv[1]); print(round(p['requests'] / p['seconds']))" "$probe")
  [ "$offered" -ge "$RATE" ] || [ "$CONNECTIONS" -ge 1024 ] && break
  CONNECTIONS=$((CONNECTIONS * 2))
done
echo "2. overload: $CONNECTIONS connections, closed loop (a 3 s probe offered $offered requests/s; ${FACTOR}x is $RATE), ${OVERLOAD_SECONDS} s; heap every second"
jstat -gc "$PID" 1000 > "$WORK/jstat.log" &
JSTAT=$!
snapshot overload-start
overload=$(json_of "$(wrk_scans "$CONNECTIONS" "$OVERLOAD_SECONDS")")
snapshot overload-end
kill "$JSTAT" 2>/dev/null || true
JSTAT=""
echo "   $overload"
python3 -c "
import json, sys
o = json.loads(sys.argv[1])
print('   offered %.0f requests/s: %.1fx the capacity; accepted %.0f scans/s' % (o['requests'] / o['seconds'], o['requests'] / o['seconds'] / ($RATE / $FACTOR), o['200'] / o['seconds']))" "$overload"
server_latency overload-start overload-end
python3 - "$WORK/jstat.log" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip() and not l.lstrip().startswith("S0C")]
used = [(float(r[2]) + float(r[3]) + float(r[5]) + float(r[7])) / 1024 for r in rows if len(r) > 7]
if used:
    half = len(used) // 2
    print("   heap used (MB): min %.0f, max %.0f; max of first half %.0f, of second half %.0f; %d samples"
          % (min(used), max(used), max(used[:half] or used), max(used[half:]), len(used)))
PY
echo "3. after the overload:"
curl -s "http://127.0.0.1:$PORT/status" -H 'accept: application/json' | python3 -c '
import json, sys
s = json.load(sys.stdin)
p = s.get("pipelines", {}).get("scans", {}).get("details", {})
print("   scans.status:", {k: p.get(k) for k in ("runs", "rejected_busy", "cancelled", "errors", "in_flight", "max_in_flight")})' || true
