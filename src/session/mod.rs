//! The session side of the client: where the frontend API is ([`config`]), the staging browser
//! session ([`dev_session`]), the client that bootstraps and sends ([`client`]), the gate that
//! holds reads back during an exchange ([`gate`]), ticket exchange ([`exchange`]), and the
//! observable API-auth app session ([`state`], [`store`]).

pub mod client;
pub mod config;
pub mod dev_session;
pub mod exchange;
pub mod gate;
pub mod models;
pub mod state;
pub mod store;
pub mod vanity;
