#!/usr/bin/env bash
# Builds pkg/ (wasm-pack, target web, release profile, optimized by npm binaryen's wasm-opt, the
# JS minified by esbuild) and prints the raw and gzip -9 sizes of the .wasm and its JS glue.
#
# std is rebuilt for the module with size flags when the toolchain can (scripts/size-flags.sh): the
# module is then about 15 % smaller.
set -euo pipefail
cd "$(dirname "$0")/.."
# The log goes next to cargo's output, which CARGO_TARGET_DIR may move out of the repo.
LOG="${CARGO_TARGET_DIR:-target}/wasm-pack-build.log"
mkdir -p "$(dirname "$LOG")"
# shellcheck source=scripts/size-flags.sh
. scripts/size-flags.sh
# wasm-pack rewrites pkg/ but leaves snippet files of earlier builds behind.
rm -rf pkg/snippets
scripts/wasm-env wasm-pack --quiet build --release --target web --out-dir pkg >/dev/null 2>"$LOG" \
  || { cat "$LOG" >&2; exit 1; }
# The names on the wasm/JS boundary shortened in both files (binaryen's pass plus a matching
# rewrite of the glue), then checked by instantiating the result in Node.
scripts/wasm-env node scripts/minify-boundary.mjs pkg/wacht_api_auth_bg.wasm pkg/wacht_api_auth.js
# init() rejects with a typed WachtError (code csp) when the page forbids compiling WebAssembly.
scripts/wasm-env node scripts/init-glue.mjs pkg/wacht_api_auth.js pkg/wacht_api_auth_bg.wasm
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
