#!/usr/bin/env bash
# Prints raw and gzip -9 sizes of the built package's .wasm and JS glue (the main glue module plus
# wasm-bindgen's snippets, each gzipped on its own, as a server sends them).
#
#   scripts/size-report.sh           the sizes
#   scripts/size-report.sh --check   the sizes, then exits 1 when gzip -9 of wasm + glue is over the
#                                    budget: the one integer (bytes) in size-budget.txt, or in the
#                                    file named by WACHT_SIZE_BUDGET_FILE; `#` lines are comments.
set -euo pipefail
check=0
case "${1:-}" in
  "") ;;
  --check) check=1 ;;
  *) echo "usage: scripts/size-report.sh [--check]" >&2; exit 2 ;;
esac
# A relative WACHT_SIZE_BUDGET_FILE is relative to the caller's directory, not the repo root.
budget_file="${WACHT_SIZE_BUDGET_FILE:-}"
[[ -z $budget_file || $budget_file == /* ]] || budget_file="$PWD/$budget_file"
cd "$(dirname "$0")/.."
budget_name="${WACHT_SIZE_BUDGET_FILE:-size-budget.txt}"
budget_file="${budget_file:-$PWD/size-budget.txt}"

wasm=pkg/wacht_api_auth_bg.wasm glue=pkg/wacht_api_auth.js
[[ -f $wasm && -f $glue ]] || { echo "size: pkg/ is not built" >&2; exit 1; }
# Each size goes through a plain assignment, so a failing gzip or wc stops the script (set -e
# and pipefail apply to assignments, not to command substitutions inside printf's arguments).
raw() { wc -c <"$1" | tr -d ' '; }
gz() { gzip -9 -c "$1" | wc -c | tr -d ' '; }
wasm_raw=$(raw "$wasm") wasm_gz=$(gz "$wasm")
glue_raw=$(raw "$glue") glue_gz=$(gz "$glue")
snippets_raw=0 snippets_gz=0
while IFS= read -r -d '' snippet; do
  r=$(raw "$snippet") z=$(gz "$snippet")
  snippets_raw=$((snippets_raw + r)) snippets_gz=$((snippets_gz + z))
done < <(find pkg/snippets -name '*.js' -print0 2>/dev/null)
glue_raw=$((glue_raw + snippets_raw)) glue_gz=$((glue_gz + snippets_gz))
total_raw=$((wasm_raw + glue_raw)) total_gz=$((wasm_gz + glue_gz))
printf 'size: %-26s raw %7d B  gzip -9 %7d B\n' "$wasm" "$wasm_raw" "$wasm_gz"
printf 'size: %-26s raw %7d B  gzip -9 %7d B\n' "$glue + snippets" "$glue_raw" "$glue_gz"
printf 'size: %-26s raw %7d B  gzip -9 %7d B\n' "wasm + glue" "$total_raw" "$total_gz"
[[ $check -eq 1 ]] || exit 0

[[ -f $budget_file ]] || { echo "size: no budget file $budget_name" >&2; exit 1; }
# The budget: the only line that is neither blank nor a comment, one decimal integer.
values=()
while IFS= read -r line || [[ -n $line ]]; do
  [[ $line =~ ^[[:space:]]*(.*[^[:space:]])?[[:space:]]*$ ]] && line=${BASH_REMATCH[1]}
  [[ -z $line || $line == \#* ]] || values+=("$line")
done <"$budget_file"
[[ ${#values[@]} -eq 1 && ${values[0]} =~ ^[0-9]{1,15}$ ]] \
  || { echo "size: $budget_name must hold one integer (bytes) besides # comment lines" >&2; exit 1; }
budget=$((10#${values[0]}))
if [[ $total_gz -gt $budget ]]; then
  echo "size: pkg/ is $total_gz B gzip -9, over the budget of $budget B in $budget_name ($((total_gz - budget)) B too many)" >&2
  exit 1
fi
echo "size: pkg/ is $total_gz B gzip -9, within the budget of $budget B in $budget_name"
