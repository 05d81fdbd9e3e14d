//! The screen's gate: the API-auth session store decides what shows (loading, "Access
//! required" when the app's policy or Wacht refuses, an error, or the panels once ready).

use crate::app_card::AppCard;
use crate::audit::AuditPanel;
use crate::backend;
use crate::keys::KeysPanel;
use crate::store_signal::{provide_client, use_store};
use leptos::prelude::*;
use wacht_api_auth_web::models::{ApiAuthAppSessionSnapshot, SessionStatus};
use wacht_api_auth_web::{Error, ErrorCode, Ticket, WachtClient};

/// The page's frame. `data-status` tells what it shows (`loading`, `ready`,
/// `access_required`, `error`); tests wait for it.
#[component]
pub fn Frame(#[prop(into)] status: Signal<&'static str>, children: Children) -> impl IntoView {
    view! {
        <main class="api-keys" data-status=status>
            <h1>"API keys"</h1>
            {children()}
        </main>
    }
}

/// What the session allows the screen to show.
#[derive(Clone, PartialEq)]
enum Gate {
    Loading,
    AccessRequired(Option<String>),
    Failed(Error),
    Ready,
}

impl Gate {
    fn of(session: &ApiAuthAppSessionSnapshot) -> Gate {
        let error = session.session_error.as_ref();
        match session.status {
            SessionStatus::Ready => Gate::Ready,
            // Refused by the app's backend (401/403) or no session at Wacht: the policy's answer.
            SessionStatus::NoSession => Gate::AccessRequired(error.map(|e| e.message.clone())),
            SessionStatus::Error => match error {
                Some(error) if error.code != ErrorCode::NoSession => Gate::Failed(error.clone()),
                _ => Gate::AccessRequired(error.map(|e| e.message.clone())),
            },
            _ => Gate::Loading,
        }
    }

    fn status(&self) -> &'static str {
        match self {
            Gate::Loading => "loading",
            Gate::AccessRequired(_) => "access_required",
            Gate::Failed(_) => "error",
            Gate::Ready => "ready",
        }
    }
}

/// The screen for `deployment_id`: exchanges a ticket from the app's backend, then shows the
/// app card, the keys and the recent activity.
#[component]
pub fn ApiKeysScreen(client: WachtClient, deployment_id: String) -> impl IntoView {
    // Hand over the ticket's future: the client's reads wait for the exchange.
    let session = client.app_session(Ticket::pending(backend::embed_ticket(deployment_id)));
    provide_client(client);
    let snapshot = use_store(&session);
    let gate = Memo::new(move |_| snapshot.with(Gate::of));
    let app = Memo::new(move |_| snapshot.with(|s| s.api_auth_app.clone()));
    view! {
        <Frame status=Signal::derive(move || gate.with(Gate::status))>
            {move || match gate.get() {
                Gate::Loading => view! { <p role="status">"Loading API key access..."</p> }.into_any(),
                Gate::AccessRequired(reason) => view! {
                    <section class="gate">
                        <h2>"Access required"</h2>
                        <p>"You do not have access to manage these API keys."</p>
                        {reason.map(|reason| view! { <p class="muted">{reason}</p> })}
                    </section>
                }
                .into_any(),
                Gate::Failed(error) => view! {
                    <section class="gate">
                        <h2>{failure_title(&error)}</h2>
                        <p role="alert">{error.to_string()}</p>
                    </section>
                }
                .into_any(),
                Gate::Ready => view! {
                    <AppCard app/>
                    <KeysPanel/>
                    <AuditPanel/>
                }
                .into_any(),
            }}
        </Frame>
    }
}

fn failure_title(error: &Error) -> &'static str {
    match error.code {
        ErrorCode::InvalidTicket => "This access link has expired",
        _ => "Could not open the API keys screen",
    }
}
