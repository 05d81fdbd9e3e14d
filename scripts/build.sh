#!/usr/bin/env bash
# Builds pkg/ (wasm-pack, target web, release profile, optimized by npm binaryen's wasm-opt, the
# JS minified by esbuild) and prints the raw and gzip -9 sizes of the .wasm and its JS glue.
#
# When the toolchain has the std sources (rustup's rust-src, or Debian's rust-web-src), std is
# rebuilt for the module with the size flags below: panics abort at once (no messages or
# locations in the module), `Debug` formatting compiles to nothing, and without the
# reference-types feature wasm-bindgen keeps JS values in the glue's table instead of managing a
# wasm externref table (0.5 KB gzip less in all). The module is then about 15 % smaller. Without
# the sources it builds as usual. WACHT_SIZE_FLAGS=0 turns them off.
set -euo pipefail
cd "$(dirname "$0")/.."
# The log goes next to cargo's output, which CARGO_TARGET_DIR may move out of the repo.
LOG="${CARGO_TARGET_DIR:-target}/wasm-pack-build.log"
mkdir -p "$(dirname "$LOG")"
SIZE_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -Ctarget-feature=-reference-types"
if [[ ${WACHT_SIZE_FLAGS:-1} != 0 ]] && scripts/wasm-env scripts/size-flags-supported.sh "$SIZE_RUSTFLAGS"; then
  # Cargo's -Z build-std, set through its environment as Debian mode does.
  export RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$SIZE_RUSTFLAGS"
  echo "build: std rebuilt with size flags ($SIZE_RUSTFLAGS)"
else
  echo "build: plain std (no std sources or size flags unsupported)"
fi
# wasm-pack rewrites pkg/ but leaves snippet files of earlier builds behind.
rm -rf pkg/snippets
scripts/wasm-env wasm-pack --quiet build --release --target web --out-dir pkg >/dev/null 2>"$LOG" \
  || { cat "$LOG" >&2; exit 1; }
# The names on the wasm/JS boundary shortened in both files (binaryen's pass plus a matching
# rewrite of the glue), then checked by instantiating the result in Node.
scripts/wasm-env node scripts/minify-boundary.mjs pkg/wacht_api_auth_bg.wasm pkg/wacht_api_auth.js
# The glue and its snippets as published: minified by esbuild (comments and whitespace out, local
# names shortened; exports, the `new URL(..., import.meta.url)` of the .wasm and the self-types
# reference kept). The .d.ts keeps every doc comment for editors.
while IFS= read -r -d '' js; do
  [[ -f $js ]] || continue
  banner=""
  [[ $(head -n1 "$js") == "/* @ts-self-types="* ]] && banner="$(head -n1 "$js")"
  scripts/wasm-env esbuild "$js" --minify --format=esm --legal-comments=none --log-level=error \
    --banner:js="$banner" --outfile="$js.min" || { echo "build: esbuild failed on $js" >&2; exit 1; }
  mv "$js.min" "$js"
done < <(find pkg/wacht_api_auth.js pkg/snippets -name '*.js' -print0)
scripts/size-report.sh
# The npm package around the measured files: the node entry, the React entry, package.json's
# exports (scripts/package.mjs; nothing above changes).
scripts/wasm-env node scripts/package.mjs
