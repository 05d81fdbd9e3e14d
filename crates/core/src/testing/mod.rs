//! Test-only code, kept apart from the layers: the host tests' host ([`support`]: a scripted
//! server, storage, and a harness that performs the core's effects as the browser does), the
//! decoders under random input ([`decoder_properties`], `make fuzz`), and the client's tests
//! (`client/`).

mod client;
pub mod decoder_properties;
mod first_snapshots;
#[cfg(feature = "serde")]
pub(crate) mod model_properties;
mod rust_models;
pub mod support;
