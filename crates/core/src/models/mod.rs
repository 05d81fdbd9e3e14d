//! Typed models (feature `serde`): a serde struct for every model, input and snapshot the core
//! checks or builds, named as the `.d.ts` names its interfaces (`ApiKey`, `CreateKeyInput`,
//! `ApiAuthKeysSnapshot`, ...), with Rust field names and the wire (JS) name in
//! `#[serde(rename)]` where they differ. Options and other models whose fields all have a
//! default derive `Default`.
//!
//! The structs are generated from the same shape tables that drive the checker and print the
//! `.d.ts` (`generated.rs`, rewritten by `WACHT_UPDATE_TYPES=1 cargo test -p
//! wacht-api-auth-core`; a test fails while it is stale). Their serde attributes carry the
//! checker's tolerances ([`de`]): numeric ids become decimal strings (beyond 2^53 refused),
//! counts are non-negative integers, a `null` or absent field takes its default, a forbidden
//! field (a listed key's `secret`) has no place, unknown fields are ignored, and a model is read
//! only from an object. A model that holds a secret (`ApiKeyWithSecret`, the webhook app's
//! signing secret) prints it as `[redacted]` in `Debug`, so logging one leaks nothing.
//!
//! A property test shows, for every model, on valid, mutated and random JSON, that
//! deserializing a value succeeds exactly when the checker accepts it, and then gives what
//! deserializing the checked (gap-filled) value gives. One narrowing: a snapshot's `error` is
//! the core's [`ClientError`] and a session snapshot's `status` its [`SessionStatus`] (in their
//! JS form, as the core builds them), where the checker's table takes any object and any string.
//! The ticket exchange's result ([`TicketExchangeResult`]) is written by hand; a property test
//! shows that whatever the core recognises reads as one of the type it recognised.

pub mod de;
mod error;
mod exchange;
// Printed by a test, not formatted by rustfmt (so that the printed text stays what is committed).
#[rustfmt::skip]
mod generated;

pub use crate::error::{ClientError, ErrorCode};
pub use crate::session::state::SessionStatus;
pub use exchange::TicketExchangeResult;
pub use generated::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_a_secret() {
        let key: ApiKeyWithSecret = serde_json::from_value(serde_json::json!({
            "id": "7", "name": "CI", "key_prefix": "acme_live", "key_suffix": "abcd1234",
            "is_active": true, "created_at": "2026-12-07T00:00:00Z",
            "secret": "acme_live_TOPSECRET",
        }))
        .unwrap();
        assert_eq!(key.secret, "acme_live_TOPSECRET");
        let printed = format!("{key:?} {key:#?}");
        assert!(!printed.contains("TOPSECRET"), "{printed}");
        assert!(
            printed.contains("[redacted]") && printed.contains("abcd1234"),
            "{printed}"
        );
    }
}
