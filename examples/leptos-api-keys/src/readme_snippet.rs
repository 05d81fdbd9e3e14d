// Written from README.md's "From Rust" section by scripts/readme-rust-snippet.mjs (make test
// runs it, then builds this app): edit the README, not this file.
#![allow(dead_code)]

/// The README's `fetch_ticket`: this app's ticket from its backend, for the demo's deployment.
async fn fetch_ticket() -> Result<String, wacht_api_auth_web::Error> {
    crate::backend::embed_ticket("42".to_owned()).await
}

use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use wacht_api_auth_web::models::{CreateKeyInput, KeyListOptions};
use wacht_api_auth_web::{ClientOptions, Error, Ticket, WachtClient};

/// One client per page. Tickets come from your backend (after its policy check), never from
/// the browser: `fetch_ticket` is your app's `async fn() -> Result<String, Error>`.
pub fn make_client(publishable_key: &str) -> Result<WachtClient, Error> {
    WachtClient::new(ClientOptions::publishable_key(publishable_key).ticket_provider(fetch_ticket))
}

/// The app's active keys, and a button that creates one and shows its secret once.
#[component]
pub fn ActiveKeys(client: WachtClient, ticket: String) -> impl IntoView {
    let session = client.app_session(Ticket::Ready(ticket));
    let Ok(keys) = client.keys(KeyListOptions { status: Some("active".into()) }) else {
        return ().into_any();
    };
    // A store starts with its first subscriber: the session exchanges the ticket once (reads wait
    // for it), the keys store reads. The keys as a signal for as long as this component lives.
    let (snapshot, set_snapshot) = signal(keys.get());
    let subscriptions = (
        session.subscribe(|_| {}),
        keys.subscribe(move |next| set_snapshot.set(next.clone())),
    );
    let subscriptions = SendWrapper::new(subscriptions); // Leptos wants Send; it stays on this thread
    on_cleanup(move || drop(subscriptions));

    let secret = RwSignal::new(None::<String>);
    let create = move |_| {
        let client = client.clone();
        spawn_local(async move {
            let input = CreateKeyInput { name: "CI key".into(), expires_at: None };
            match client.create_key(&input).await {
                Ok(key) => secret.set(Some(key.secret)), // only here; never in a snapshot
                Err(error) => leptos::logging::warn!("{} ({})", error, error.code.as_str()),
            }
        });
    };
    view! {
        <button on:click=create>"Create key"</button>
        <pre>{move || secret.get()}</pre>
        <ul>{move || snapshot.with(|s| s.keys.iter().map(|k| view! { <li>{k.name.clone()}</li> }).collect_view())}</ul>
    }
    .into_any()
}
