//! The query layer, endpoint-agnostic: the [`cache`] entries stores observe, each read a
//! [`Query`](cache::Query) that carries its key, request and shape; [`kind`] says which reads a
//! key mutation invalidates; [`read`] is what a store shows of its entry.

pub mod cache;
pub mod kind;
pub mod read;
