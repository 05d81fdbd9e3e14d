#!/usr/bin/env bash
# What serde-wasm-bindgen and gloo-net (with wasm-bindgen-futures) would cost the module: builds
# scripts/dependency-cost/ once per step like the package (release, the std size flags of
# scripts/size-flags.sh, wasm-bindgen, the package's wasm-opt flags from Cargo.toml, the glue
# minified by esbuild; only the boundary names are left long) and prints gzip -9 of each step's
# .wasm + glue and what the step added. `make dependency-cost`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT="${CARGO_TARGET_DIR:-$ROOT/target}/dependency-cost"
[[ $OUT == /* ]] || OUT="$ROOT/$OUT"
mkdir -p "$OUT"
# shellcheck source=scripts/size-flags.sh
. scripts/size-flags.sh
# The `wasm-opt = [...]` line of Cargo.toml's [package.metadata.wasm-pack.profile.release].
flags=$(awk '/^\[/ { release = ($0 == "[package.metadata.wasm-pack.profile.release]") }
  release && /^wasm-opt = \[.*\]/ { sub(/^wasm-opt = \[/, ""); sub(/\].*$/, ""); gsub(/[",]/, " "); print }' Cargo.toml)
read -r -a WASM_OPT_FLAGS <<<"$flags"
[[ ${#WASM_OPT_FLAGS[@]} -gt 0 ]] || { echo "dependency-cost: no wasm-opt flags in Cargo.toml" >&2; exit 1; }
gz() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
before=0
for step in baseline serde-wasm-bindgen key-list gloo-net; do
  features=""
  [[ $step == baseline ]] || features=$step
  scripts/wasm-env cargo build --quiet --release --target wasm32-unknown-unknown \
    --manifest-path scripts/dependency-cost/Cargo.toml --target-dir "$OUT/cargo" --features "$features" \
    > "$OUT/$step.log" 2>&1 || { cat "$OUT/$step.log" >&2; exit 1; }
  rm -rf "${OUT:?}/$step"
  scripts/wasm-env wasm-bindgen --target web --out-dir "$OUT/$step" \
    "$OUT/cargo/wasm32-unknown-unknown/release/dependency_cost.wasm"
  scripts/wasm-env wasm-opt "${WASM_OPT_FLAGS[@]}" --strip-debug --strip-producers \
    "$OUT/$step/dependency_cost_bg.wasm" -o "$OUT/$step/dependency_cost_bg.wasm"
  # The glue minified as scripts/build.sh minifies the package's (the boundary names are not
  # shortened here: both sides of a step difference keep them).
  scripts/wasm-env esbuild "$OUT/$step/dependency_cost.js" --minify --format=esm --legal-comments=none \
    --log-level=error --outfile="$OUT/$step/dependency_cost.min.js"
  wasm=$(gz "$OUT/$step/dependency_cost_bg.wasm") glue=$(gz "$OUT/$step/dependency_cost.min.js")
  total=$((wasm + glue))
  if [[ $step == baseline ]]; then added=""; else added=" (+$((total - before)) B)"; fi
  printf 'dependency-cost: %-20s wasm %6d B + glue %5d B = %6d B gzip -9%s\n' \
    "$step" "$wasm" "$glue" "$total" "$added"
  before=$total
done
