//! The Wacht API-auth frontend flow for Rust web apps (Leptos, Dioxus, Yew, Sycamore): exchange
//! an `api_auth_access` ticket, read the API-auth app session, list and change API keys, read
//! the audit logs, as async calls and observable stores with typed models.
//!
//! The logic is the sans-I/O core (`wacht-api-auth-core`), shared with the npm package; this
//! crate is its host in the browser: requests with gloo-net (aborted through an
//! `AbortController`, bounded by a timer), timers, cookies and localStorage with web-sys, the
//! app's futures with wasm-bindgen-futures. The browser parses each body; the core's checker
//! checks it; serde-wasm-bindgen turns it into the typed models.
//!
//! It runs in a page (its timers are the `window`'s, so not in a Web Worker). The crate builds
//! for the host too, so an app rendered on the server compiles, but [`WachtClient::new`] there
//! is an `invalid_argument` error (the browser's `URL`, `atob` and `fetch` are not there): make
//! the client in the browser, e.g. in an effect or a hydrate-only block.
//!
//! ```no_run
//! # async fn run() -> Result<(), wacht_api_auth_web::Error> {
//! use wacht_api_auth_web::{ClientOptions, Ticket, WachtClient};
//! use wacht_api_auth_web::models::KeyListOptions;
//!
//! let client = WachtClient::new(ClientOptions::publishable_key("pk_test_..."))?;
//! let session = client.app_session(Ticket::Ready("ticket from your backend".into()));
//! let keys = client.keys(KeyListOptions { status: Some("active".into()) })?;
//! // A store sends nothing until its first subscriber: subscribing starts it.
//! let _session = session.subscribe(|snapshot| { let _ = snapshot.status; });
//! let _subscription = keys.subscribe(|snapshot| { let _ = &snapshot.keys; });
//! # drop(session); Ok(()) }
//! ```
#![deny(missing_docs)]
// No `unsafe` here: an out-of-bounds trap in a browser is then the engine's, or a stack overflow.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod client;
mod driver;
mod fetch;
mod json;
mod options;
mod platform;
mod snapshots;
mod storage;
mod store;
mod timer;
mod values;

pub use client::{
    AuditAnalyticsStore, AuditLogsStore, AuditTimeseriesStore, KeysStore, SessionStore, Ticket,
    WachtClient,
};
pub use options::ClientOptions;
pub use store::{Snapshot, SnapshotStream, Store, Subscription};
pub use wacht_api_auth_core::error::{ClientError as Error, ErrorCode};
pub use wacht_api_auth_core::session::config::Mode;

/// The typed models: response data, inputs and snapshots, named as the npm package's `.d.ts`.
pub mod models {
    pub use wacht_api_auth_core::models::*;
}
