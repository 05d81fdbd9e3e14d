//! Test-only code, kept apart from the layers: the host tests' host ([`support`]: a scripted
//! server, storage, and a harness that performs the core's effects as the browser does), the
//! decoders under random input ([`decoder_properties`], `make fuzz`), and the client's tests
//! (`client/`).

mod client;
pub mod decoder_properties;
mod first_snapshots;
pub mod support;
