//! The browser layer: `#[wasm_bindgen]` exports and the browser's fetch, cookies and storage.
//! Kept thin; the logic lives in the host-tested modules of the crate.

mod atob;
mod exports;
mod fetch;
mod js_error;
mod js_store;
mod query_stores;
mod session;
mod storage;
mod typescript;

pub use exports::{audit_outcome, vanity_url, zero_fill_timeseries, WachtClient};
