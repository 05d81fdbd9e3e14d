//! The API-keys screen of Wacht's integration guide as a Leptos client-side app: the app's
//! backend hands the page a short-lived ticket, the page exchanges it for an API-auth session,
//! then lists, creates, rotates and revokes the app's API keys.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(ApiKeysScreen);
}

/// The whole screen. `data-status` tells what it shows (tests wait for it).
#[component]
fn ApiKeysScreen() -> impl IntoView {
    // the Rust face goes here
    view! {
        <main class="api-keys" data-status="loading">
            <h1>"API keys"</h1>
            <p role="status">"Loading API key access..."</p>
        </main>
    }
}
