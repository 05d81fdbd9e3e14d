//! The client core, without I/O: [`Core`] is the whole client as one state machine (bootstrap,
//! session gate, exchanges, renewal, reads, query cache, stores, key mutations) over the plain
//! data of [`ops`] and [`stores`]; it tells its host what to do through [`effects`]. The npm
//! package's host is the browser (its JS face); the host tests' is a scripted fake.

mod core;
pub mod effects;
mod lookup;
pub mod ops;
pub mod stores;

pub use self::core::{Core, KEPT_EXCHANGE_OUTCOMES};
pub use effects::{Answer, Effect, Id, Provider};
pub use stores::{TicketArg, View};
