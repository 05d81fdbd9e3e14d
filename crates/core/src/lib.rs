//! The sans-I/O core of the Wacht API-auth frontend flow: exchange an `api_auth_access` ticket,
//! read the API-auth app session, list and change API keys, read the audit logs, and expose each
//! as an observable store. It performs no I/O and knows no wasm crate: the client is one state
//! machine that never waits and tells its host what to do ([`client::Effect`]), generic over the
//! host's JSON values ([`json::Json`]). The faces (the npm package, the Rust face) are its hosts.
//!
//! The layers, each depending only on those before it: [`json`] (response values and their
//! shapes), [`transport`] (requests, responses, the envelope, encodings), [`session`]
//! (configuration, dev session, exchange results, the session state machine), [`query`] (cache
//! entries and what a store shows of one), [`api`] (each endpoint as data: requests, shapes,
//! snapshots), [`client`] (the core: one state machine that never waits).
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

pub mod api;
pub mod client;
pub mod error;
pub mod ids;
pub mod json;
#[cfg(feature = "serde")]
pub mod models;
pub mod query;
pub mod session;
pub mod text;
pub mod transport;

#[cfg(test)]
mod testing;
