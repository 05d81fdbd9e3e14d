//! The API-auth endpoints: for each, its wire shapes, its requests and the snapshot its store
//! shows: read endpoints as data ([`endpoint`]), keys ([`keys`], [`key_mutations`]) and the audit
//! reads ([`audit`], a logs store's pages in [`audit_logs_pages`]).

pub mod audit;
pub mod audit_logs_pages;
pub mod endpoint;
pub mod key_mutations;
pub mod keys;

use crate::json::Json;
use crate::query::cache::EntryState;
use crate::query::kind::QueryKind;
use endpoint::ReadEndpoint;

/// The snapshot of a store reading `endpoint`, over its entry's `state`, with the store's
/// checked `options`.
pub fn read_snapshot<J: Json>(
    endpoint: &ReadEndpoint,
    state: Option<&EntryState<J>>,
    options: &J,
) -> J {
    match endpoint.kind {
        QueryKind::Keys => keys::keys_snapshot(state, options),
        QueryKind::AuditLogs => audit_logs_pages::logs_snapshot(state, options),
        QueryKind::AuditAnalytics => audit::analytics_snapshot(state, options),
        QueryKind::AuditTimeseries => audit::timeseries_snapshot(state, options),
    }
}

#[cfg(test)]
mod typescript_tests {
    use crate::json::schema::{typescript, Model};

    /// Every model the `.d.ts` declares, in the order it declares them: each module lists its
    /// own, so a new endpoint's models are declared where the endpoint is.
    fn models() -> Vec<&'static Model> {
        [
            crate::session::models::MODELS,
            crate::session::exchange::MODELS,
            super::keys::MODELS,
            super::audit::MODELS,
        ]
        .concat()
    }

    // The JS face ships the file.
    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../src/wasm/models.d.ts");

    /// The `.d.ts` interfaces of the response data come from the same tables the checker uses.
    /// `WACHT_UPDATE_TYPES=1 cargo test` rewrites the file after a table changed.
    #[test]
    fn the_models_d_ts_is_generated_from_the_shape_tables() {
        let mut generated = String::from(
            "// Generated from the shape tables in crates/core/src/ by `WACHT_UPDATE_TYPES=1 cargo test -p wacht-api-auth-core`; do not edit.\n",
        );
        for model in models() {
            generated.push('\n');
            generated.push_str(&typescript(model));
        }
        if std::env::var_os("WACHT_UPDATE_TYPES").is_some() {
            std::fs::write(PATH, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(PATH).unwrap_or_default();
        assert!(
            committed == generated,
            "src/wasm/models.d.ts is stale: run `WACHT_UPDATE_TYPES=1 cargo test -p wacht-api-auth-core --lib`"
        );
    }
}
