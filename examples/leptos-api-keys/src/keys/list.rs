//! The app's keys with one status, from a key store of the Rust face.

use super::row::KeyRow;
use super::Outcome;
use crate::store_signal::{use_client, use_store};
use leptos::prelude::*;
use wacht_api_auth_web::models::{ApiAuthKeysSnapshot, KeyListOptions};

/// The keys whose status is `status` (`active`, `revoked`, `all`).
#[component]
pub fn KeyList(status: String, outcome: Outcome) -> impl IntoView {
    let store = use_client().with_value(|client| client.keys(KeyListOptions { status: Some(status) }));
    let store = match store {
        Ok(store) => store,
        Err(error) => return view! { <p role="alert">{error.to_string()}</p> }.into_any(),
    };
    let keys = use_store(&store);
    view! {
        <table class="keys" aria-busy=move || keys.with(|k| k.fetching).to_string()>
            <thead>
                <tr><th>"Name"</th><th>"Key"</th><th>"Status"</th><th>"Expires"</th><th>"Actions"</th></tr>
            </thead>
            <tbody>
                <For
                    each=move || keys.with(|k| k.keys.clone())
                    // A revoked key is a new row: its actions and status change.
                    key=|key| (key.id.clone(), key.revoked_at.clone())
                    let:key
                >
                    <KeyRow key outcome/>
                </For>
            </tbody>
        </table>
        <p class="muted" role="status">{move || keys.with(summary)}</p>
    }
    .into_any()
}

/// Below the table: loading, the last error, or nothing to show.
fn summary(keys: &ApiAuthKeysSnapshot) -> Option<String> {
    if keys.loading {
        return Some("Loading keys...".to_owned());
    }
    if let Some(error) = &keys.error {
        return Some(format!("Could not load the keys: {error}"));
    }
    keys.keys.is_empty().then(|| "No keys with this status.".to_owned())
}
