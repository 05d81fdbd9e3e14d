#!/usr/bin/env bash
# What the Rust face (crates/web) adds to a Rust web app's .wasm. Builds, in a temporary folder,
# one small wasm-bindgen app twice: a baseline that already uses gloo-net (http), web-sys, serde,
# serde-wasm-bindgen and wasm-bindgen-futures (it fetches JSON and decodes it), and the same app
# plus one `WachtClient` call. Each: cargo build --release (opt-level "z", LTO, one codegen unit,
# panic = abort) for wasm32, wasm-bindgen --target web, wasm-opt -Oz, gzip -9. Prints both sizes
# and the difference. Run through scripts/wasm-env (wasm-bindgen and wasm-opt on PATH).
set -euo pipefail
shopt -s inherit_errexit
ROOT=$(cd "$(dirname "$0")/.." && pwd)
APP=$(mktemp -d)
trap 'rm -rf "$APP"' EXIT
mkdir -p "$APP/src"
cp "$ROOT/Cargo.lock" "$APP/Cargo.lock"  # the workspace's versions
cat >"$APP/Cargo.toml" <<TOML
[package]
name = "size-app"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
crate-type = ["cdylib"]

[features]
wacht = ["dep:wacht-api-auth-web"]

[dependencies]
wacht-api-auth-web = { path = "$ROOT/crates/web", optional = true }
gloo-net = { version = "0.6", default-features = false, features = ["http"] }
wasm-bindgen = "0.2"
wasm-bindgen-futures = "0.4"
js-sys = "0.3"
web-sys = { version = "0.3", features = ["Window", "Document", "Element", "HtmlElement", "Response", "Storage", "console"] }
serde = { version = "1", features = ["derive"] }
serde-wasm-bindgen = "0.6"

[profile.release]
opt-level = "z"
lto = true
codegen-units = 1
panic = "abort"
TOML
cat >"$APP/src/lib.rs" <<'RUST'
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[derive(Deserialize, Debug)]
struct Item {
    id: String,
    name: String,
    tags: Vec<String>,
}

/// The app before the Rust face: a fetch, the browser's JSON, serde-wasm-bindgen, the DOM.
async fn baseline() -> Result<(), JsValue> {
    let response = gloo_net::http::Request::get("/items.json")
        .send()
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let raw: web_sys::Response = response.into();
    let json = wasm_bindgen_futures::JsFuture::from(raw.json()?).await?;
    let items: Vec<Item> = serde_wasm_bindgen::from_value(json)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let body = document.body().ok_or("no body")?;
    body.set_text_content(Some(&format!("{items:?}")));
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item("seen", &items.len().to_string());
    }
    Ok(())
}

#[cfg(feature = "wacht")]
async fn wacht() -> Result<(), JsValue> {
    use wacht_api_auth_web::{models::KeyListOptions, ClientOptions, WachtClient};
    let client = WachtClient::new(ClientOptions::publishable_key("pk_test_aHR0cDovL2xvY2FsaG9zdA"))
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let keys = client
        .list_keys(&KeyListOptions { status: None })
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    web_sys::console::log_1(&keys.len().into());
    Ok(())
}

#[wasm_bindgen(start)]
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = baseline().await;
        #[cfg(feature = "wacht")]
        let _ = wacht().await;
    });
}
RUST
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/rust-face-size"
size_of() {
  local label=$1; shift
  local out="$APP/out-$label"
  (cd "$APP" && cargo build --quiet --release --target wasm32-unknown-unknown "$@")
  wasm-bindgen --target web --out-dir "$out" "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/size_app.wasm"
  wasm-opt -Oz "$out/size_app_bg.wasm" -o "$out/opt.wasm"
  local raw gz
  raw=$(stat -c %s "$out/opt.wasm")
  gz=$(gzip -9 -c "$out/opt.wasm" | wc -c)
  echo "$label: $raw B wasm after wasm-opt -Oz, $gz B gzip -9 (glue $(gzip -9 -c "$out/size_app.js" | wc -c) B gzip)" >&2
  echo "$gz"
}
base=$(size_of baseline)
with=$(size_of with-wacht --features wacht)
echo "the Rust face adds $((with - base)) B gzip -9 to the app's .wasm ($base -> $with)"
