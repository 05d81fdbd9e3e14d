#!/usr/bin/env bash
# Benchmarks: package size (raw and gzip -9) and timings of the client in Chromium against a
# local dev server (module init, ticket → full screen, getSnapshot, key create, 200-key list).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
cargo build --quiet --release -p wacht-dev-server
LOG="${CARGO_TARGET_DIR:-target}/bench-server.log"
"${CARGO_TARGET_DIR:-target}/release/wacht-dev-server" --port 0 >"$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  URL=$(grep -oE 'listening on http://[0-9.:]+' "$LOG" | sed 's/listening on //') || true
  [[ -n ${URL:-} ]] && break
  sleep 0.1
done
[[ -n ${URL:-} ]] || { cat "$LOG"; exit 1; }
scripts/wasm-env node tests/page/bench.mjs "$URL"
