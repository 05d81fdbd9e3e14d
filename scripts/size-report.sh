#!/usr/bin/env bash
# Prints raw and gzip -9 sizes of the built package's .wasm and JS glue.
set -euo pipefail
cd "$(dirname "$0")/.."
wasm=pkg/wacht_api_auth_bg.wasm glue=pkg/wacht_api_auth.js
[[ -f $wasm && -f $glue ]] || { echo "size: pkg/ is not built" >&2; exit 1; }
raw() { wc -c <"$1" | tr -d ' '; }
gz() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
printf 'size: %-26s raw %7d B  gzip -9 %7d B\n' "$wasm" "$(raw $wasm)" "$(gz $wasm)"
printf 'size: %-26s raw %7d B  gzip -9 %7d B\n' "$glue" "$(raw $glue)" "$(gz $glue)"
printf 'size: %-26s raw %7d B  gzip -9 %7d B\n' "wasm + glue" "$(( $(raw $wasm) + $(raw $glue) ))" "$(( $(gz $wasm) + $(gz $glue) ))"
