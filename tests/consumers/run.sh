#!/usr/bin/env bash
# Consumer tests: the package as people install it. `npm pack` of pkg/ gives the tarball; its file
# list is checked (tarball.mjs); then each app below installs that tarball (not a path into the
# repo) next to its own dependencies, pinned in its committed package-lock.json, and runs against
# the staging dev server:
#   node        Node 20 on the `node` condition: imports touch no browser global, the README's Node
#               snippet, the hooks rendered on the server (nothing sent, ticket left unexchanged)
#   typescript  tsc --noEmit of both entries under moduleResolution "bundler" and "node16"
#   webpack     webpack 5 build of the README's stores snippet, run in Chromium
#   vite-react  Vite 8 + React 18 builds (production and development, StrictMode) of the README's
#               hooks snippet and a full screen, driven in Chromium, request counts checked
#   nextjs      Next.js 16 App Router (React 19): the README's Next.js snippets and the guide's
#               screen, next build with Turbopack and with webpack (run by its test.mjs, with the
#               dev server's key), next start, driven in Chromium, request counts checked
# The README's snippets are written into the apps by readme-snippets.mjs, as written.
#
# Each app runs in a copy under $WACHT_TOOLCHAIN_DIR/consumers/<app>, whose node_modules are kept:
# `npm ci` runs only when the app's package-lock.json (or node/npm) changed, so a second run
# installs nothing but the tarball (`npm install --no-save`, which leaves the lockfile alone).
#
# Usage (through scripts/wasm-env, for playwright-core): tests/consumers/run.sh <staging server URL>
set -euo pipefail
cd "$(dirname "$0")/../.."
SERVER_URL=${1:?usage: tests/consumers/run.sh <staging dev server url>}
# WACHT_CONSUMERS="node webpack" runs only those.
read -r -a APPS <<<"${WACHT_CONSUMERS:-node typescript webpack vite-react nextjs}"
WORK="${WACHT_TOOLCHAIN_DIR:-/opt/wacht-toolchain}/consumers"
OUT="${CARGO_TARGET_DIR:-target}/consumers"
LOGS="${CARGO_TARGET_DIR:-target}/test-logs/consumers"
mkdir -p "$WORK" "$OUT" "$LOGS"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

echo "== consumers: npm pack of pkg/, its file list"
rm -f "$OUT"/*.tgz
npm pack ./pkg --pack-destination "$OUT" --json --loglevel=error >"$OUT/pack.json"
TARBALL="$PWD/$OUT/$(node -p 'require(process.argv[1])[0].filename' "$PWD/$OUT/pack.json")"
set +e
node tests/consumers/tarball.mjs "$OUT/pack.json" pkg | tee "$LOGS/tarball.log"
tarball_status=${PIPESTATUS[0]}
set -e

# The apps as they are in the repo (their node_modules kept), the shared support files, and the
# README's snippets in the files the README names.
rm -rf "$WORK/support"
cp -R tests/consumers/support "$WORK/support"
for app in "${APPS[@]}"; do
  mkdir -p "$WORK/$app"
  find "$WORK/$app" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
  cp -R "tests/consumers/$app/." "$WORK/$app/"
done
node tests/consumers/readme-snippets.mjs README.md "$WORK"

# Installs an app's pinned dependencies when they changed, then the tarball.
install_app() {
  local dir="$WORK/$1"
  scripts/npm-ci-cached.sh "$dir" "consumers: $1"
  (cd "$dir" && npm install --no-save --prefer-offline --loglevel=error "$TARBALL")
}

# Builds and tests one app; its output goes to the log and, for the test lines, to stdout.
run_app() {
  local app=$1 dir="$WORK/$1" t0 t1 t2
  t0=$(date +%s)
  install_app "$app"
  t1=$(date +%s)
  if node -e 'process.exit(require(process.argv[1]).scripts?.build ? 0 : 1)' "$dir/package.json"; then
    (cd "$dir" && npm run --silent build)
  fi
  t2=$(date +%s)
  local status=0 resolution
  if [[ $app == typescript ]]; then
    for resolution in bundler node16; do
      if (cd "$dir" && npx --no-install tsc -p "tsconfig.$resolution.json"); then
        echo "ok - typescript: tsc --noEmit, moduleResolution $resolution"
      else
        echo "FAILED - typescript: tsc --noEmit, moduleResolution $resolution"
        status=1
      fi
    done
  else
    (cd "$dir" && node test.mjs "$SERVER_URL") || status=$?
  fi
  echo "consumers: $app: install $((t1 - t0)) s, build $((t2 - t1)) s, test $(($(date +%s) - t2)) s"
  return $status
}

logs=("$LOGS/tarball.log")
failures=0
# A failure that printed no FAILED line (a crash, an install or build error) counts once.
[[ $tarball_status -eq 0 ]] || grep -q '^FAILED - ' "$LOGS/tarball.log" || failures=1
for app in "${APPS[@]}"; do
  echo "== consumers: $app"
  logs+=("$LOGS/$app.log")
  set +e
  (set -e; run_app "$app") >"$LOGS/$app.log" 2>&1
  status=$?
  set -e
  # Display only: the app's status is $status, read above.
  grep -E '^(ok|FAILED) - |^consumers: ' "$LOGS/$app.log" || :
  if [[ $status -ne 0 ]]; then
    echo "consumers: $app failed (exit $status); the end of $LOGS/$app.log:"
    tail -n 30 "$LOGS/$app.log"
    grep -q '^FAILED - ' "$LOGS/$app.log" || failures=$((failures + 1))
  fi
done

passed=$(cat "${logs[@]}" | grep -c '^ok - ' || :)
failed=$(( $(cat "${logs[@]}" | grep -c '^FAILED - ' || :) + failures ))
echo "consumers: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
