//! The API-auth app of the session: its name, key prefix and slug.

use leptos::prelude::*;
use wacht_api_auth_web::models::ApiAuthAppInfo;

/// The app card (from the session the screen established).
#[component]
pub fn AppCard(#[prop(into)] app: Signal<Option<ApiAuthAppInfo>>) -> impl IntoView {
    let name = move || app.with(|app| app.as_ref().map(|app| app.name.clone()));
    let meta = move || {
        app.with(|app| {
            app.as_ref().map(|app| {
                let description = app.description.as_deref().map(|d| format!(" · {d}")).unwrap_or_default();
                format!("Keys start with {}_ · app {}{description}", app.key_prefix, app.app_slug)
            })
        })
    };
    view! {
        <section class="card app" aria-labelledby="app-name">
            <h2 id="app-name">{name}</h2>
            <p class="muted">{meta}</p>
        </section>
    }
}
