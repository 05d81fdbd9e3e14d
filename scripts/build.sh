#!/usr/bin/env bash
# Builds pkg/ (wasm-pack, target web, release profile, optimized by npm binaryen's wasm-opt) and
# prints the raw and gzip -9 sizes of the .wasm and its JS glue.
set -euo pipefail
cd "$(dirname "$0")/.."
# The log goes next to cargo's output, which CARGO_TARGET_DIR may move out of the repo.
LOG="${CARGO_TARGET_DIR:-target}/wasm-pack-build.log"
mkdir -p "$(dirname "$LOG")"
scripts/wasm-env wasm-pack --quiet build --release --target web --out-dir pkg >/dev/null 2>"$LOG" \
  || { cat "$LOG" >&2; exit 1; }
scripts/size-report.sh
