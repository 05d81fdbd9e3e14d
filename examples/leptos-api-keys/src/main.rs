//! An "API keys" settings screen as a Leptos client-side app: the app's
//! backend hands the page a short-lived ticket, the page exchanges it for an API-auth session,
//! then lists, creates, rotates and revokes the app's API keys and shows recent activity.

mod app_card;
mod audit;
mod backend;
mod keys;
// The README's "From Rust" snippet, compiled as written with this app.
mod readme_snippet;
mod screen;
mod secret_dialog;
mod store_signal;

use leptos::prelude::*;
use screen::{ApiKeysScreen, Frame};
use wacht_api_auth_web::{ClientOptions, Error, WachtClient};

fn main() {
    leptos::mount::mount_to_body(App);
}

/// Reads the app's config from its backend, makes the client, then shows the screen.
#[component]
fn App() -> impl IntoView {
    let started = LocalResource::new(start);
    move || match started.get() {
        None => view! { <Frame status="loading"><p role="status">"Loading API key access..."</p></Frame> }
            .into_any(),
        Some(Ok((client, deployment_id))) => view! { <ApiKeysScreen client deployment_id/> }.into_any(),
        Some(Err(error)) => view! {
            <Frame status="error">
                <h2>"Could not open the API keys screen"</h2>
                <p role="alert">{error.to_string()}</p>
            </Frame>
        }
        .into_any(),
    }
}

/// The client for the deployment the app's backend names. When the API-auth session expires,
/// the client asks the backend for one fresh ticket (the same policy check) and retries once.
async fn start() -> Result<(WachtClient, String), Error> {
    let config = backend::config().await?;
    let deployment_id = config.deployment_id.clone();
    let options = ClientOptions::publishable_key(config.publishable_key)
        .ticket_provider(move || backend::embed_ticket(deployment_id.clone()));
    Ok((WachtClient::new(options)?, config.deployment_id))
}
