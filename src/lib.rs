//! Wacht API-auth frontend flow for the browser, as an npm package: exchange an `api_auth_access`
//! ticket, read the API-auth app session, and expose it as framework-free observable stores.
//!
//! The logic is the sans-I/O core (`wacht-api-auth-core`, plain Rust tested on the host); this
//! crate is its JS face: `wasm` holds the `#[wasm_bindgen]` exports and the browser as the core's
//! host (`fetch`, timers, cookies, localStorage, the app's providers and promises), the core's
//! JSON values as JS values, and the module's allocator.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

// The numbers shared with `browser.js` (host-tested against it).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod protocol;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// The module's allocator: talc, made for wasm, is smaller than the default dlmalloc.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
