#!/usr/bin/env bash
# The jobs API against the same job in a fresh JVM, wall time, same run (hyperfine):
#   scan:    `job scan --code CODE` in a fresh JVM  vs  the same scan through POST /api/v1/jobs
#            (a curl client, and `job scan --gateway` whose client is itself a fresh JVM)
#   bluedot: `job bluedot` of 1,000 generated files in a fresh JVM  vs  the same batch through the API
# The running system is `marketgate run` (no tick source, so no live candle changes a scan) over the
# data directory the first `job scan` seeded with a simulated year of daily history.
#
# usage: deploy/loadtest/jobs.sh [--check]   (from the repository root, after ./mvnw -B -DskipTests package)
#        --check: start the system and run one scan job through the API, no timing (CI smoke test)
# env:   CODE=X:12:9:2.5 FILES=1000 SCAN_RUNS=10 BLUEDOT_RUNS=5 PORT=18086 PARTS="scan bluedot"
set -euo pipefail
CHECK=${1:-}
CODE=${CODE:-X:12:9:2.5}
FILES=${FILES:-1000}
SCAN_RUNS=${SCAN_RUNS:-10}
BLUEDOT_RUNS=${BLUEDOT_RUNS:-5}
PORT=${PORT:-18086}
PARTS=${PARTS:-scan bluedot}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/deploy/target/marketgate.jar}
BENCH_JAR=${BENCH_JAR:-$ROOT/benchmarks/target/benchmarks.jar}
for jar in "$JAR" "$BENCH_JAR"; do
  [ -f "$jar" ] || { echo "$jar is missing: run ./mvnw -B -DskipTests package first" >&2; exit 1; }
done
WORK=$(mktemp -d /tmp/marketgate-jobs.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

[ "$CHECK" = "--check" ] || command -v hyperfine >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine; }
MARKETGATE_API_TOKEN=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
export MARKETGATE_API_TOKEN
GATEWAY="http://127.0.0.1:$PORT"
cd "$WORK"

# A job through the API as a workflow step would call it with curl: submit, poll until final.
cat > "$WORK/api-job.sh" <<'SH'
#!/usr/bin/env bash
# usage: api-job.sh GATEWAY JOB ARGS_JSON (no JSON tool: every process spawned counts in the timing)
set -euo pipefail
auth="Authorization: Bearer $MARKETGATE_API_TOKEN"
id=$(curl -sf -X POST -H "$auth" -H 'content-type: application/json' -d "{\"job\":\"$2\",\"args\":$3}" \
  "$1/api/v1/jobs" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
while :; do
  case $(curl -sf -H "$auth" "$1/api/v1/jobs/$id") in
    *'"state":"succeeded"'*) exit 0 ;;
    *'"state":"failed"'*|*'"state":"cancelled"'*) echo "job $id did not succeed" >&2; exit 1 ;;
  esac
  sleep 0.005
done
SH
chmod +x "$WORK/api-job.sh"

java -jar "$JAR" job scan --code "$CODE" --data-dir "$WORK/data" > "$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log"; exit 1; }
MARKETGATE_TICKS_SOURCE=none java -jar "$JAR" run --port "$PORT" --data-dir "$WORK/data" > "$WORK/run.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -sf "$GATEWAY/health/ready" >/dev/null && break
  sleep 0.5
done
if [ "$CHECK" = "--check" ]; then
  timeout 60 "$WORK/api-job.sh" "$GATEWAY" scan "{\"code\":\"$CODE\"}"
  echo "jobs.sh --check: a scan job ran through the API"
  exit 0
fi

if [[ " $PARTS " == *" scan "* ]]; then
  echo "== scan $CODE"
  hyperfine -N --warmup 2 --runs "$SCAN_RUNS" --export-markdown "$WORK/scan.md" \
    -n "job scan, fresh JVM" "java -jar $JAR job scan --code $CODE --data-dir $WORK/data" \
    -n "POST /api/v1/jobs + poll (curl)" "$WORK/api-job.sh $GATEWAY scan '{\"code\":\"$CODE\"}'" \
    -n "job scan --gateway (client JVM)" "java -jar $JAR job scan --code $CODE --gateway $GATEWAY"
  cat "$WORK/scan.md"
fi

if [[ " $PARTS " == *" bluedot "* ]]; then
  cat > "$WORK/Generate.java" <<'JAVA'
public class Generate {
  public static void main(String[] args) throws Exception {
    marketgate.benchmarks.BlueDotBenchmark.generate(java.nio.file.Path.of(args[0]), Integer.parseInt(args[1]));
  }
}
JAVA
  java -cp "$BENCH_JAR" "$WORK/Generate.java" "$WORK/input" "$FILES"
  ARGS="--timeframe daily --date 2025-08-01 --input $WORK/input"
  echo "== bluedot, $FILES files"
  hyperfine -N --warmup 1 --runs "$BLUEDOT_RUNS" --export-markdown "$WORK/bluedot.md" \
    -n "job bluedot, fresh JVM" "java -jar $JAR job bluedot $ARGS --data-dir $WORK/bluedot-local" \
    -n "POST /api/v1/jobs + poll (curl)" \
    "$WORK/api-job.sh $GATEWAY bluedot '{\"timeframe\":\"daily\",\"date\":\"2025-08-01\",\"input\":\"$WORK/input\"}'" \
    -n "job bluedot --gateway (client JVM)" "java -jar $JAR job bluedot $ARGS --gateway $GATEWAY"
  cat "$WORK/bluedot.md"
fi
