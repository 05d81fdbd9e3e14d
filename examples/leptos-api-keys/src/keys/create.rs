//! Create a key: a name and an optional expiry date.

use super::Outcome;
use crate::store_signal::use_client;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wacht_api_auth_web::models::CreateKeyInput;

/// The create form; the new key's secret goes to the dialog.
#[component]
pub fn CreateKeyForm(outcome: Outcome) -> impl IntoView {
    let client = use_client();
    let name = RwSignal::new(String::new());
    let expires = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        let input = CreateKeyInput {
            name: name.get_untracked().trim().to_owned(),
            expires_at: end_of_day(&expires.get_untracked()),
        };
        let client = client.get_value();
        busy.set(true);
        spawn_local(async move {
            let created = client.create_key(&input).await;
            if created.is_ok() {
                name.set(String::new());
                expires.set(String::new());
            }
            outcome.show("create the key", created);
            busy.set(false);
        });
    };
    view! {
        <form class="create-key" on:submit=submit>
            <label>"Name" <input name="name" required maxlength="100" bind:value=name/></label>
            <label>"Expires (optional)" <input name="expires" type="date" min=today() bind:value=expires/></label>
            <button type="submit" class="primary" disabled=move || busy.get()>"Create key"</button>
        </form>
    }
}

/// `2027-01-31` → `2027-01-31T23:59:59Z` (the key works through that day); blank → never.
fn end_of_day(date: &str) -> Option<String> {
    let date = date.trim();
    (!date.is_empty()).then(|| format!("{date}T23:59:59Z"))
}

/// Today as `YYYY-MM-DD` (UTC), the earliest expiry the picker offers.
fn today() -> String {
    let now = String::from(js_sys::Date::new_0().to_iso_string());
    now.chars().take(10).collect()
}
