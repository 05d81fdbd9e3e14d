//! The query layer, endpoint-agnostic: a [`cache`] of reads that stores observe, each read a
//! [`Query`](cache::Query) that carries its key, request and shape; [`kind`] says which reads a
//! key mutation invalidates; [`observer`] is a store's subscription to one entry.

pub mod cache;
pub mod kind;
pub mod observer;
