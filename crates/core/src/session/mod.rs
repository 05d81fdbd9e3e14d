//! The session side of the client: where the frontend API is ([`config`]), the staging browser
//! session ([`dev_session`]), ticket exchange results ([`exchange`]), the session's wire shapes
//! ([`models`]), the `useApiAuthAppSession` state machine ([`state`]) and the hosted page's URL
//! ([`vanity`]).

pub mod config;
pub mod dev_session;
pub mod exchange;
pub mod models;
pub mod state;
pub mod vanity;
