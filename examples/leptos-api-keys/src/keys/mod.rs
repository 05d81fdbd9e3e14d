//! The keys panel: create a key, the app's keys by status, each with rotate and revoke; the
//! one-time secret of a create or rotate in its dialog.

mod create;
mod list;
mod row;

use crate::secret_dialog::{NewSecret, SecretDialog};
use create::CreateKeyForm;
use leptos::prelude::*;
use list::KeyList;

/// What the key actions share: where a secret goes to be shown once, and the last failure.
#[derive(Clone, Copy)]
struct Outcome {
    secret: RwSignal<Option<NewSecret>>,
    failure: RwSignal<Option<String>>,
}

impl Outcome {
    /// Shows a create's or rotate's secret, or what went wrong.
    fn show<T: Into<NewSecret>>(self, what: &str, result: Result<T, wacht_api_auth_web::Error>) {
        match result {
            Ok(key) => {
                self.failure.set(None);
                self.secret.set(Some(key.into()));
            }
            Err(error) => self.fail(what, &error),
        }
    }

    fn fail(self, what: &str, error: &wacht_api_auth_web::Error) {
        self.failure.set(Some(format!("Could not {what}: {error}")));
    }
}

/// The keys panel.
#[component]
pub fn KeysPanel() -> impl IntoView {
    let status = RwSignal::new(String::from("active"));
    let outcome = Outcome { secret: RwSignal::new(None), failure: RwSignal::new(None) };
    view! {
        <section class="card keys" aria-labelledby="keys-title">
            <h2 id="keys-title">"Keys"</h2>
            <CreateKeyForm outcome/>
            <label class="filter">
                "Status "
                <select prop:value=move || status.get() on:change=move |event| status.set(event_target_value(&event))>
                    <option value="active">"Active"</option>
                    <option value="revoked">"Revoked"</option>
                    <option value="all">"All"</option>
                </select>
            </label>
            {move || outcome.failure.get().map(|message| view! { <p role="alert" class="error">{message}</p> })}
            // One key store per status: a new status mounts a new list, and the old one's
            // subscription (and store) goes with it.
            {move || view! { <KeyList status=status.get() outcome/> }}
            <SecretDialog secret=outcome.secret/>
        </section>
    }
}
