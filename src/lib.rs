//! Wacht API-auth frontend flow for the browser: exchange an `api_auth_access` ticket, read the
//! API-auth app session, and expose it as framework-free observable stores.
//!
//! Everything outside [`wasm`] is plain Rust, tested on the host with `cargo test`; `wasm` holds
//! the `#[wasm_bindgen]` exports and the browser's `fetch`, cookies and localStorage.
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

pub mod audit;
pub mod client;
pub mod config;
pub mod dev_session;
pub mod envelope;
pub mod error;
pub mod http;
pub mod keys;
pub mod listeners;
pub mod logs_store;
pub mod models;
pub mod mutations;
pub mod query_cache;
pub mod query_store;
pub mod request;
pub mod session_gate;
pub mod session_state;
pub mod session_store;
pub mod ticket_exchange;
pub mod timeseries_fill;
pub mod vanity;

#[cfg(test)]
mod test_support;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
