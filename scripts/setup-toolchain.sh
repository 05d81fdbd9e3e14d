#!/usr/bin/env bash
# Installs what this project needs to build and test its wasm package, idempotently and quietly.
# Called by `make build`, `make demo` and `make test`; safe to run again (a second run takes ~1 s).
#
#   wasm32 std      `rustup target add` (with a timeout); when rustup does not answer, Debian's
#                   rustc-web + rust-web-src + lld-22 with -Zbuild-std ("debian" mode)
#   std sources     `rustup component add rust-src` (optional: scripts/build.sh then rebuilds std
#                   with size flags)
#   wasm-pack       cargo install (pinned)
#   wasm-bindgen    cargo install wasm-bindgen-cli at the exact version in Cargo.lock
#   wasm-opt        npm package `binaryen` (Debian's binaryen 108 corrupts wasm-bindgen output)
#   trunk           cargo install (pinned): builds the Rust example app (examples/leptos-api-keys)
#                   offline, with the wasm-bindgen and wasm-opt above (never downloads its own)
#   browser tests   Debian chromium + chromium-driver; Debian firefox-esr with geckodriver (cargo
#                   install, pinned: Debian has no package); Debian webkit2gtk-driver (WebKitGTK's
#                   WebDriver and MiniBrowser, standing in for Safari) with xvfb + xauth (xvfb-run:
#                   WebKitGTK has no headless mode)
#   page tests      npm packages `playwright-core` (drives /usr/bin/chromium, no browser download)
#                   and `axe-core` (the accessibility checks); in Firefox and WebKit, the browsers
#                   and drivers above through the npm package `selenium-webdriver`
#   glue minifier   npm package `esbuild`; `typescript` checks the .d.ts (the npm tools are pinned
#                   in scripts/toolchain/package-lock.json)
#   twiggy          cargo install (pinned), only with WACHT_SETUP_BENCH=1 (`make bench`)
#   cargo-mutants   cargo install (pinned), only with WACHT_SETUP_MUTANTS=1 (`make mutants`)
#
# Everything lands in $WACHT_TOOLCHAIN_DIR (default /opt/wacht-toolchain) plus ~/.cargo/bin.
# It writes $WACHT_TOOLCHAIN_DIR/env.sh, which scripts/wasm-env sources for wasm steps only;
# native cargo builds and tests keep the default rustup toolchain.
#
# Environment: WACHT_WASM_MODE=auto|rustup|debian (default auto; the choice is remembered),
# WACHT_TOOLCHAIN_DIR, RUSTUP_TARGET_TIMEOUT (seconds, default 120), WACHT_SETUP_BENCH=1 (also
# installs the bench-only tools; scripts/bench.sh sets it, `make test` does not),
# WACHT_SETUP_MUTANTS=1 (also installs cargo-mutants; scripts/mutants.sh sets it).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PREFIX="${WACHT_TOOLCHAIN_DIR:-/opt/wacht-toolchain}"
MODE="${WACHT_WASM_MODE:-auto}"
WASM_PACK_VERSION="0.15.1"
GECKODRIVER_VERSION="0.37.1"
# The newest trunk that builds with rustc 1.95 (0.22 needs rustc 1.96.1).
TRUNK_VERSION="0.21.14"
TWIGGY_VERSION="0.8.0"
CARGO_MUTANTS_VERSION="27.1.0"
RUSTUP_TARGET_TIMEOUT="${RUSTUP_TARGET_TIMEOUT:-120}"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
LOG="$PREFIX/setup.log"
export DEBIAN_FRONTEND=noninteractive PATH="$CARGO_BIN:$PATH"

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo -n"

say() { echo "setup: $*"; }
die() { echo "setup: ERROR: $*" >&2; [[ -f $LOG ]] && echo "setup: last lines of $LOG:" >&2 && tail -n 20 "$LOG" >&2; exit 1; }
# Runs a command with its output in the log; the caller's message says what failed.
quiet() { "$@" >>"$LOG" 2>&1; }

$SUDO mkdir -p "$PREFIX/bin" "$PREFIX/npm"
$SUDO touch "$LOG"

apt_updated=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  say "installing Debian packages: ${missing[*]}"
  if [[ $apt_updated -eq 0 ]]; then quiet $SUDO apt-get update -q || die "apt-get update failed"; apt_updated=1; fi
  quiet $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" || die "apt-get install ${missing[*]} failed"
}

# --- wasm32 standard library -------------------------------------------------------------------
[[ $MODE == auto && -f $PREFIX/mode ]] && MODE="$(cat "$PREFIX/mode")"
if [[ $MODE == auto || $MODE == rustup ]]; then
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    MODE=rustup
  else
    rc=0; timeout "$RUSTUP_TARGET_TIMEOUT" rustup target add wasm32-unknown-unknown >>"$LOG" 2>&1 || rc=$?
    if [[ $rc -eq 0 ]]; then
      say "installed the wasm32 target with rustup"; MODE=rustup
    else
      # timeout(1) exits 124 when it had to stop rustup; anything else is rustup's own failure.
      if [[ $rc -eq 124 ]]; then why="did not answer within ${RUSTUP_TARGET_TIMEOUT}s"; else why="failed (exit $rc)"; fi
      echo "setup: rustup target add wasm32-unknown-unknown $why" >>"$LOG"
      [[ $MODE == auto ]] || die "rustup target add wasm32-unknown-unknown $why (try WACHT_WASM_MODE=debian)"
      say "rustup target add $why; using Debian's rustc-web with -Zbuild-std"
      MODE=debian
    fi
  fi
fi
# The std sources let scripts/build.sh rebuild std with size flags (a smaller module); the
# build works without them, so a rustup that does not answer only costs size.
if [[ $MODE == rustup && ! -f "$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.lock" ]]; then
  rc=0; timeout "$RUSTUP_TARGET_TIMEOUT" rustup component add rust-src >>"$LOG" 2>&1 || rc=$?
  if [[ $rc -eq 0 ]]; then say "installed rust-src with rustup"; else say "rustup component add rust-src failed (exit $rc); the module builds without size flags"; fi
fi
if [[ $MODE == debian ]]; then
  apt_install rustc-web cargo-web rust-web-src rust-web-llvm lld-22
  [[ -f /usr/lib/rustlib/src/rust/library/Cargo.lock ]] || die "rust-web-src is missing the std sources"
  # wasm-pack checks that the target's libdir exists; with -Zbuild-std it stays empty.
  libdir="$(/usr/bin/rustc --print target-libdir --target wasm32-unknown-unknown)"
  [[ -d $libdir ]] || $SUDO mkdir -p "$libdir"
elif [[ $MODE != rustup ]]; then
  die "WACHT_WASM_MODE must be auto, rustup or debian (got $MODE)"
fi
echo "$MODE" | $SUDO tee "$PREFIX/mode" >/dev/null

# --- wasm-pack and the wasm-bindgen CLI ----------------------------------------------------------
if [[ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]]; then
  say "installing wasm-pack $WASM_PACK_VERSION (a few minutes, once)"
  quiet cargo install --force --locked "wasm-pack@$WASM_PACK_VERSION" || die "cargo install wasm-pack failed"
fi

[[ -f $ROOT/Cargo.lock ]] || (cd "$ROOT" && quiet cargo generate-lockfile) || die "cargo generate-lockfile failed"
BINDGEN_VERSION="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
[[ -n $BINDGEN_VERSION ]] || die "no wasm-bindgen in Cargo.lock"
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $BINDGEN_VERSION" ]]; then
  say "installing wasm-bindgen-cli $BINDGEN_VERSION (a few minutes, once)"
  # --locked first; the registry here may lack a crate its lockfile pins, then resolve afresh.
  quiet cargo install --force --locked "wasm-bindgen-cli@$BINDGEN_VERSION" \
    || quiet cargo install --force "wasm-bindgen-cli@$BINDGEN_VERSION" \
    || die "cargo install wasm-bindgen-cli $BINDGEN_VERSION failed"
fi

# --- trunk: the Rust example app's build tool ----------------------------------------------------
# scripts/test.sh runs it with --offline: it then takes wasm-bindgen and wasm-opt from PATH when
# their versions match (the example's Cargo.lock, its Trunk.toml) and fails rather than download.
if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes, once)"
  quiet cargo install --force --locked "trunk@$TRUNK_VERSION" || die "cargo install trunk failed"
fi

# --- browser -----------------------------------------------------------------------------------
apt_install chromium chromium-driver
cv="$(chromium --version 2>/dev/null | grep -oE '[0-9]+\.[0-9.]+' | head -n1)"
dv="$(chromedriver --version 2>/dev/null | grep -oE '[0-9]+\.[0-9.]+' | head -n1)"
[[ -n $cv && $cv == "$dv" ]] || die "chromium ($cv) and chromedriver ($dv) versions differ"
# The same browser suites, and the demo's main flows, run in Firefox and in WebKit (scripts/test.sh).
apt_install firefox-esr webkit2gtk-driver xvfb xauth
# No pipe: geckodriver panics when its output is closed early (head would do that).
if [[ "$(geckodriver --version 2>/dev/null)" != "geckodriver $GECKODRIVER_VERSION"* ]]; then
  say "installing geckodriver $GECKODRIVER_VERSION (about 7 minutes, once)"
  quiet cargo install --force --locked "geckodriver@$GECKODRIVER_VERSION" || die "cargo install geckodriver failed"
fi
command -v WebKitWebDriver >/dev/null || die "webkit2gtk-driver installed no WebKitWebDriver"

# The dev server prints a curl command that provisions an app (`make demo`); its CLI test runs it.
apt_install curl

# --- npm tools: wasm-opt (binaryen), esbuild (minifies the glue), playwright-core, typescript,
# selenium-webdriver ------------------------------------------------------------------------------
# Exactly the versions in scripts/toolchain/package-lock.json (`npm ci`), reinstalled when it changes.
command -v node >/dev/null || apt_install nodejs
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
[[ $node_major -ge 20 ]] || die "node >= 20 is needed for playwright-core (found $(node --version 2>/dev/null))"
if ! cmp -s "$ROOT/scripts/toolchain/package-lock.json" "$PREFIX/npm/package-lock.json" \
  || [[ ! -d $PREFIX/npm/node_modules/esbuild ]]; then
  say "installing the npm tools of scripts/toolchain/package-lock.json"
  $SUDO cp "$ROOT/scripts/toolchain/package.json" "$ROOT/scripts/toolchain/package-lock.json" "$PREFIX/npm/"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 quiet $SUDO npm ci --no-audit --no-fund --prefix "$PREFIX/npm" \
    || die "npm ci of the npm tools failed"
fi
printf '#!/bin/sh\nexec node "%s/npm/node_modules/binaryen/bin/wasm-opt" "$@"\n' "$PREFIX" | $SUDO tee "$PREFIX/bin/wasm-opt" >/dev/null
$SUDO chmod +x "$PREFIX/bin/wasm-opt"

# --- the environment for wasm steps --------------------------------------------------------------
{
  echo "# Written by scripts/setup-toolchain.sh (mode $MODE). Sourced by scripts/wasm-env for wasm steps only."
  if [[ $MODE == debian ]]; then
    echo "export PATH=\"$PREFIX/bin:/usr/bin:$CARGO_BIN:\$PATH\""
    echo "export RUSTC_BOOTSTRAP=1"
    echo "export CARGO_UNSTABLE_BUILD_STD=std,panic_abort"
  else
    echo "export PATH=\"$PREFIX/bin:$CARGO_BIN:\$PATH\""
  fi
  echo "export NODE_PATH=\"$PREFIX/npm/node_modules\""
  echo "export PATH=\"\$PATH:$PREFIX/npm/node_modules/.bin\""
  echo "export CHROMEDRIVER=/usr/bin/chromedriver"
  echo "export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1"
} | $SUDO tee "$PREFIX/env.sh" >/dev/null

# --- bench-only tools (WACHT_SETUP_BENCH=1): twiggy, the code size profiler ---------------------
# `twiggy --version` prints "twiggy-opt 0.8.0" (the name of its option parser crate).
if [[ ${WACHT_SETUP_BENCH:-0} == 1 && "$(twiggy --version 2>/dev/null)" != "twiggy-opt $TWIGGY_VERSION" ]]; then
  say "installing twiggy $TWIGGY_VERSION for make bench (a few minutes, once)"
  quiet cargo install --force --locked "twiggy@$TWIGGY_VERSION" \
    || die "cargo install --locked twiggy@$TWIGGY_VERSION failed (needed by make bench only)"
fi

# --- mutation testing (WACHT_SETUP_MUTANTS=1): cargo-mutants ---------------------------------
if [[ ${WACHT_SETUP_MUTANTS:-0} == 1 && "$(cargo mutants --version 2>/dev/null)" != "cargo-mutants $CARGO_MUTANTS_VERSION" ]]; then
  say "installing cargo-mutants $CARGO_MUTANTS_VERSION for make mutants (a few minutes, once)"
  quiet cargo install --force --locked "cargo-mutants@$CARGO_MUTANTS_VERSION" \
    || die "cargo install --locked cargo-mutants@$CARGO_MUTANTS_VERSION failed (needed by make mutants only)"
fi

# shellcheck source=/dev/null
w_opt="$(. "$PREFIX/env.sh" && command -v wasm-opt)"
[[ $w_opt == "$PREFIX/bin/wasm-opt" ]] || die "wasm-opt resolves to $w_opt instead of the npm binaryen shim"
say "toolchain ready (mode $MODE, wasm-bindgen $BINDGEN_VERSION, chromium $cv, $(firefox-esr --version 2>/dev/null), geckodriver $GECKODRIVER_VERSION, trunk $TRUNK_VERSION)"
