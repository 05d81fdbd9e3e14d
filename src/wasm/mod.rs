//! The browser layer: `#[wasm_bindgen]` exports, and the browser as the client core's host
//! (`fetch`, timers, cookies, storage, the app's providers and promises). Kept thin; the logic
//! lives in the host-tested core (`wacht-api-auth-core`), here over JS values ([`JsJson`]).

mod driver;
mod exports;
mod inputs;
mod js_error;
mod js_json;
mod platform;
mod storage;
mod store;
mod typescript;

pub use exports::{audit_outcome, vanity_url, zero_fill_timeseries, WachtClient};
pub use js_json::JsJson;
