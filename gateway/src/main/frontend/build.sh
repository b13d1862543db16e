#!/bin/sh
# Bundles the dashboard's npm dependencies into the gateway's classes (run by Maven at
# generate-resources): npm ci into target/frontend (skipped when the lock file has not changed),
# then the standalone lightweight-charts build is copied next to the app's own files.
set -eu
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed to bundle the dashboard's chart library (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
src="$(cd "$(dirname "$0")" && pwd)"
target="$1"
work="$target/frontend"
vendor="$target/classes/marketgate/gateway/dashboard/vendor"
mkdir -p "$work" "$vendor"
if ! cmp -s "$src/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules/lightweight-charts" ]; then
  cp "$src/package.json" "$src/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
fi
cp "$work/node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js" "$vendor/"
