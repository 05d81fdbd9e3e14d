#!/usr/bin/env bash
# Exits 0 when the active rustc has the std sources and accepts the size flags in $1 for wasm32
# (see scripts/build.sh). Prints nothing.
set -euo pipefail
sysroot=$(rustc --print sysroot)
[[ -f $sysroot/lib/rustlib/src/rust/library/Cargo.lock ]] || exit 1
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo '#![no_std] #[no_mangle] pub extern "C" fn f() {}' >"$probe/lib.rs"
# shellcheck disable=SC2086
RUSTC_BOOTSTRAP=1 rustc $1 --crate-type=lib --emit=metadata --target wasm32-unknown-unknown \
  -o "$probe/out" "$probe/lib.rs" >/dev/null 2>&1
