//! Host tests of the client core, driven through [`Harness`] as the browser drives it: the
//! bootstrap and ticket exchanges, the session gate and renewal, liveness when the app's
//! promises never settle, the query cache, the stores and key mutations.

mod bootstrap;
mod cache;
mod exchange;
mod gate;
mod lazy;
mod liveness;
mod logs;
mod mutations;
mod random_runs;
mod session_store;
mod snapshots;

use crate::testing::support::envelope;
use serde_json::json;

/// `GET /api-auth/session` data for session `id`.
fn session_body(id: &str) -> String {
    envelope(json!({"session_id": id, "api_auth_app": {"app_slug": "aa_42", "name": "Acme"}}))
}

/// A successful `api_auth_access` exchange creating session `id`.
fn exchange_body(id: &str) -> String {
    envelope(
        json!({"message": "API auth app session created", "session_id": id,
        "api_auth_app": {"app_slug": "aa_42", "name": "Acme"}}),
    )
}

/// A listed key.
fn key(id: &str, name: &str) -> serde_json::Value {
    json!({"id": id, "name": name, "key_prefix": "acme", "key_suffix": "abcd1234",
        "permissions": [], "is_active": true, "created_at": "2026-01-01T00:00:00Z"})
}

/// `GET /api-auth/keys` data of keys with these names.
fn keys_body(names: &[&str]) -> String {
    let keys: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, name)| key(&i.to_string(), name))
        .collect();
    envelope(json!(keys))
}

/// The names of the keys in a keys snapshot.
fn names(snapshot: &serde_json::Value) -> Vec<String> {
    snapshot["keys"]
        .as_array()
        .map(|keys| {
            keys.iter()
                .filter_map(|k| k["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
