#!/usr/bin/env bash
# Cluster figures on one machine (real Hazelcast members on 127.0.0.1, separate JVMs from the jar):
#  1. scans a second through one gateway with one scan worker, then with two (wrk, same run);
#  2. takeover time of the ticks unit after kill -9 of its holder, RUNS times (min, median, max).
#
# usage: deploy/loadtest/cluster.sh [--check]   (from the repository root, after ./mvnw -B -DskipTests package)
# env:   RUNS=5 DURATION=15s CONNECTIONS=8 CODE=X:12:9:2.5 PORT=18090
#        --check only starts the three JVMs, waits for the gateway to be ready and stops (CI smoke test).
set -euo pipefail
RUNS=${RUNS:-5}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-8}
CODE=${CODE:-X:12:9:2.5}
PORT=${PORT:-18090}
CHECK=${1:-}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$ROOT/deploy/target/marketgate.jar"
WORK=$(mktemp -d /tmp/marketgate-cluster.XXXXXX)
declare -A PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
[ -f "$JAR" ] || { echo "build first: ./mvnw -B -DskipTests package" >&2; exit 2; }
# A copy, so a rebuild during the run cannot pull the classes from under a restarting member.
cp "$JAR" "$WORK/marketgate.jar"
JAR="$WORK/marketgate.jar"
if [ "$CHECK" != "--check" ]; then
  command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
fi

cat > "$WORK/cluster.xml" <<'XML'
<hazelcast xmlns="http://www.hazelcast.com/schema/config">
  <cluster-name>marketgate-bench</cluster-name>
  <properties>
    <property name="hazelcast.heartbeat.interval.seconds">2</property>
    <property name="hazelcast.max.no.heartbeat.seconds">15</property>
  </properties>
  <network>
    <port auto-increment="true" port-count="20">5901</port>
    <join><multicast enabled="false"/><tcp-ip enabled="true"><member-list><member>127.0.0.1:5901</member><member>127.0.0.1:5902</member></member-list></tcp-ip></join>
    <interfaces enabled="true"><interface>127.0.0.1</interface></interfaces>
  </network>
  <multimap name="__vertx.subs"><backup-count>1</backup-count><value-collection-type>SET</value-collection-type></multimap>
  <map name="__vertx.haInfo"><backup-count>1</backup-count></map>
  <map name="__vertx.nodeInfo"><backup-count>1</backup-count></map>
</hazelcast>
XML
export MARKETGATE_CLUSTER_CONFIG_FILE="$WORK/cluster.xml"
export MARKETGATE_SIMULATOR_TICKS_PER_SECOND=1000
export MARKETGATE_SIMULATOR_INSTRUMENT_LIMIT=500

start() { # name, args...
  local name=$1; shift
  (cd "$WORK" && exec java -Xmx768m -jar "$JAR" "$@" --data-dir "$WORK/$name" > "$WORK/$name.log" 2>&1) &
  PIDS[$name]=$!
}
status() { curl -sf "http://127.0.0.1:$PORT/status" || echo '{}'; }
holder() { status | python3 -c 'import json,sys
c=json.load(sys.stdin).get("cluster",{}); s=c.get("singletons",{}).get("ticks",{})
print(s.get("node","") if s.get("state")=="held" else "")'; }
members() { status | python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("cluster",{}).get("members",[])))'; }
node_of() { grep -o 'marketgate is up: node [^,]*' "$WORK/$1.log" | head -1 | sed 's/.*node //'; }
wait_for() { # seconds, command...
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do [ $SECONDS -lt $deadline ] || return 1; sleep 0.2; done
}
ready() { curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null; }
up() { grep -q 'marketgate is up' "$WORK/$1.log" 2>/dev/null; }

start w1 worker --roles ticks,publish,history,scans
wait_for 120 up w1
start gw gateway --port "$PORT"
wait_for 120 ready || { echo "gateway not ready"; tail -50 "$WORK/gw.log"; exit 1; }
if [ "$CHECK" = "--check" ]; then
  echo "cluster.sh --check: gateway and worker up, ticks held by $(holder)"
  exit 0
fi

cat > "$WORK/scan.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"code":"$CODE"}'
wrk.headers["Content-Type"] = "application/json"
LUA
scans() {
  wrk -t2 -c"$CONNECTIONS" -d5s -s "$WORK/scan.lua" "http://127.0.0.1:$PORT/api/v1/scans" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/scan.lua" "http://127.0.0.1:$PORT/api/v1/scans" \
    | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors" | tr -s ' ' | paste -sd ' '
}
echo "scans through one gateway, wrk -t2 -c$CONNECTIONS -d$DURATION POST {\"code\":\"$CODE\"}"
echo "  one scan worker:  $(scans)"
start w2 worker --roles ticks,publish,history,scans
wait_for 120 up w2
echo "  two scan workers: $(scans)"

echo "takeover of the ticks unit after kill -9 of its holder ($RUNS runs)"
times=()
for run in $(seq 1 "$RUNS"); do
  wait_for 60 test "$(members)" = 3
  held=$(holder)
  victim=""
  for name in w1 w2; do [ "$(node_of $name)" = "$held" ] && victim=$name; done
  [ -n "$victim" ] || { echo "no worker holds ticks"; exit 1; }
  start_ns=$(date +%s%N)
  kill -9 "${PIDS[$victim]}"
  wait "${PIDS[$victim]}" 2>/dev/null || true
  wait_for 90 sh -c "h=\$(curl -sf http://127.0.0.1:$PORT/status | python3 -c 'import json,sys
c=json.load(sys.stdin)[\"cluster\"][\"singletons\"][\"ticks\"]; print(c[\"node\"] if c[\"state\"]==\"held\" else \"\")'); [ -n \"\$h\" ] && [ \"\$h\" != \"$held\" ]"
  took=$(( ($(date +%s%N) - start_ns) / 1000000 ))
  times+=("$took")
  echo "  run $run: $victim killed, taken over in ${took} ms"
  start "$victim" worker --roles ticks,publish,history,scans
  wait_for 120 up "$victim"
done
printf '%s\n' "${times[@]}" | sort -n | python3 -c 'import sys
t=[int(x) for x in sys.stdin]; print("  takeover ms: min %d, median %d, max %d" % (t[0], t[len(t)//2], t[-1]))'
