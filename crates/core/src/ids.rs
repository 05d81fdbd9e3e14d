//! The client's ids, at the bottom so every layer can hold them.

/// Names a call, a request, a timer, a wait, a store or a cache entry. One counter (the client
/// core's) makes them all, so an id never means two things.
pub type Id = u32;
