#!/usr/bin/env bash
# `npm ci` in DIR only when its node_modules were installed from another package-lock.json (or by
# another node or npm): a stamp in node_modules records what they came from. The test steps that
# keep an app's node_modules between runs (tests/consumers/run.sh, the Node SDK step of
# scripts/test.sh) install through this.
#
#   scripts/npm-ci-cached.sh DIR [LABEL]     (LABEL names DIR in the line it prints)
set -euo pipefail
dir=${1:?usage: npm-ci-cached.sh DIR [LABEL]}
label=${2:-$dir}
stamp="$dir/node_modules/.wacht-lock-sha256"
want=$( (cat "$dir/package-lock.json"; node --version; npm --version) | sha256sum | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
  echo "$label: npm ci (nothing installed yet, or its package-lock.json changed)"
  (cd "$dir" && npm ci --loglevel=error --no-audit --no-fund --no-update-notifier)
  echo "$want" >"$stamp"
fi
