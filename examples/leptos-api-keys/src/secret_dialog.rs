//! The one-time secret, shown once after a create or rotate with an explicit acknowledgment.
//! It lives only in the signal that opens this dialog: closing the dialog clears the signal,
//! and the dialog, with the secret's text, leaves the page.

use leptos::html::Dialog;
use leptos::prelude::*;
use wacht_api_auth_web::models::ApiKeyWithSecret;

/// A secret to show once, and the key it belongs to.
#[derive(Clone, PartialEq)]
pub struct NewSecret {
    /// The key's name.
    pub name: String,
    /// The secret, which the server never returns again.
    pub secret: String,
}

impl From<ApiKeyWithSecret> for NewSecret {
    fn from(key: ApiKeyWithSecret) -> NewSecret {
        NewSecret { name: key.name, secret: key.secret }
    }
}

/// A modal dialog while `secret` holds one; "Done" (after the acknowledgment) clears it.
#[component]
pub fn SecretDialog(secret: RwSignal<Option<NewSecret>>) -> impl IntoView {
    move || secret.with(Option::is_some).then(|| view! { <Shown secret/> })
}

#[component]
fn Shown(secret: RwSignal<Option<NewSecret>>) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let acknowledged = RwSignal::new(false);
    Effect::new(move || {
        if let Some(dialog) = dialog.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        }
    });
    let name = move || secret.with(|s| s.as_ref().map(|s| s.name.clone()));
    let value = move || secret.with(|s| s.as_ref().map(|s| s.secret.clone()));
    view! {
        <dialog
            node_ref=dialog
            class="secret"
            aria-labelledby="secret-title"
            aria-describedby="secret-warning"
            // Escape must not dismiss the secret before it was acknowledged.
            on:cancel=move |event: leptos::ev::Event| {
                if !acknowledged.get_untracked() {
                    event.prevent_default();
                }
            }
            on:close=move |_| secret.set(None)
        >
            <h3 id="secret-title">"Your new API key: " {name}</h3>
            <p id="secret-warning">"Copy your secret now — it won't be shown again."</p>
            <code id="secret-value" class="secret">{value}</code>
            <label class="check">
                <input type="checkbox" on:change=move |event| acknowledged.set(event_target_checked(&event))/>
                " I have stored this secret somewhere safe"
            </label>
            <button type="button" class="primary" disabled=move || !acknowledged.get()
                on:click=move |_| secret.set(None)>
                "Done"
            </button>
        </dialog>
    }
}
