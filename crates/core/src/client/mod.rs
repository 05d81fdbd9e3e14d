//! The client core, without I/O: [`Core`] is the whole client as one state machine (bootstrap,
//! session gate, exchanges, renewal, reads, query cache, stores, key mutations) over the plain
//! data of [`ops`] and [`stores`]; it tells its host what to do through [`effects`]. The wasm
//! build's host is the browser (`crate::wasm`); the host tests' is a scripted fake.

mod core;
pub mod effects;
pub mod ops;
pub mod stores;

pub use self::core::Core;
pub use effects::{Answer, Effect, Id, Provider};
pub use stores::{TicketArg, View};

#[cfg(test)]
mod tests;
