//! Wacht API-auth frontend flow for the browser: exchange an `api_auth_access` ticket, read the
//! API-auth app session, and expose it as framework-free observable stores.
//!
//! Everything outside `wasm` is plain Rust, tested on the host with `cargo test`; `wasm` holds
//! the `#[wasm_bindgen]` exports and the browser as the core's host (`fetch`, timers, cookies,
//! localStorage, the app's providers and promises). The layers, each depending only on those
//! before it: [`json`] (response values and their shapes), `transport` (requests, responses,
//! the envelope, encodings), [`session`] (configuration, dev session, exchange results, the
//! session state machine), `query` (cache entries and what a store shows of one), `api`
//! (each endpoint as data: requests, shapes, snapshots), `client` (the core: one state machine
//! that never waits and tells its host what to do).
#![deny(missing_docs)]
// On the host only the tests use the core (the wasm build's exports are its users there, and its
// clippy run in `make test` reports what nothing uses).
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code, unused_imports))]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

// The crate's own layers; `json` and `session` are public for the browser tests' fixtures.
pub(crate) mod api;
pub(crate) mod client;
pub(crate) mod error;
pub mod json;
pub(crate) mod query;
pub mod session;
pub(crate) mod transport;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod decoder_properties;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod test_support;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// The module's allocator: talc, made for wasm, is smaller than the default dlmalloc.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
