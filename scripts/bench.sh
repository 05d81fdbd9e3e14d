#!/usr/bin/env bash
# Benchmarks, in one run (what `make bench` prints):
#   size:    raw and gzip -9 of the .wasm and JS glue (scripts/build.sh);
#   twiggy:  the 20 largest items of the release module before wasm-bindgen (twiggy top);
#   bench:   timings of the client in Chromium against a local dev server: module init (first
#            load, and compile + instantiate of fetched bytes, median of 10), ticket → full screen,
#            getSnapshot, key create, 200-key list, and 1000 audit rows read into a store vs
#            fetch + JSON.parse of the same URL.
# Installs twiggy on first use (scripts/setup-toolchain.sh with WACHT_SETUP_BENCH=1).
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
WACHT_SETUP_BENCH=1 scripts/setup-toolchain.sh
scripts/build.sh

# wasm-pack leaves cargo's output (before wasm-bindgen and wasm-opt) here.
RAW_WASM="$TARGET/wasm32-unknown-unknown/release/wacht_api_auth.wasm"
[[ -f $RAW_WASM ]] || { echo "bench: $RAW_WASM is missing after scripts/build.sh" >&2; exit 1; }
echo "twiggy: top 20 of $RAW_WASM (before wasm-bindgen and wasm-opt)"
TOP=$(scripts/wasm-env twiggy top -n 20 "$RAW_WASM") || { echo "bench: twiggy top failed" >&2; exit 1; }
while IFS= read -r line; do echo "twiggy: $line"; done <<<"$TOP"

cargo build --quiet --release -p wacht-dev-server
# shellcheck source=scripts/dev-server.sh
. scripts/dev-server.sh
trap stop_dev_servers EXIT
start_dev_server "$TARGET/release/wacht-dev-server" "$TARGET/bench-server.log"
URL=$SERVER_URL
scripts/wasm-env node tests/page/bench.mjs "$URL"
