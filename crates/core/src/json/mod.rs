//! Response data as the values the host parsed: the client never re-serializes what the server
//! sent. [`Json`] is a handle to a JSON value with reference semantics (cloning a handle shares
//! the value, as JS objects do): in the npm package a `JsValue` that `Response.json()` produced,
//! in the core's tests a small tree ([`HostJson`]). [`schema`] checks such a value against a table
//! of fields and fills the tolerated gaps in place.

#[cfg(any(test, feature = "host-json"))]
mod host;
mod kind;
pub mod schema;
pub mod shape;
mod value;

#[cfg(any(test, feature = "host-json"))]
pub use host::HostJson;
pub use kind::Kind;
pub use value::Json;
