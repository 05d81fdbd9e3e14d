//! One key: its name, masked value, status and expiry; rotate (a new secret, once) and revoke
//! with a reason, each confirmed first.

use super::Outcome;
use crate::store_signal::use_client;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wacht_api_auth_web::models::{ApiKey, RevokeKeyInput, RotateKeyInput};

/// The confirmation a row shows under it.
#[derive(Clone, Copy, PartialEq)]
enum Confirm {
    None,
    Rotate,
    Revoke,
}

/// A row of the keys table (and, while confirming, the row under it).
#[component]
pub fn KeyRow(key: ApiKey, outcome: Outcome) -> impl IntoView {
    let client = use_client();
    let confirm = RwSignal::new(Confirm::None);
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let active = key.is_active && key.revoked_at.is_none();
    let (id, name) = (key.id.clone(), key.name.clone());

    let rotate = {
        let key_id = id.clone();
        move |_| {
            let (client, input) = (client.get_value(), RotateKeyInput { key_id: key_id.clone() });
            busy.set(true);
            spawn_local(async move {
                outcome.show("rotate the key", client.rotate_key(&input).await);
                busy.set(false);
                confirm.set(Confirm::None);
            });
        }
    };
    let revoke = move |event: SubmitEvent| {
        event.prevent_default();
        let reason = Some(reason.get_untracked().trim().to_owned()).filter(|r| !r.is_empty());
        let (client, input) = (client.get_value(), RevokeKeyInput { key_id: id.clone(), reason });
        busy.set(true);
        spawn_local(async move {
            if let Err(error) = client.revoke_key(&input).await {
                outcome.fail("revoke the key", &error);
            }
            busy.set(false);
            confirm.set(Confirm::None);
        });
    };

    let status = match (&key.revoked_at, active) {
        (Some(_), _) | (None, false) => "Revoked",
        (None, true) => "Active",
    };
    let detail = key.revoked_reason.clone().map(|reason| format!(" ({reason})"));
    let expires = key.expires_at.as_deref().map_or("Never".to_owned(), |at| at.chars().take(10).collect());
    let actions = active.then(|| {
        let (rotate_label, revoke_label) = (format!("Rotate {name}"), format!("Revoke {name}"));
        view! {
            <button type="button" aria-label=rotate_label on:click=move |_| confirm.set(Confirm::Rotate)>
                "Rotate"
            </button>
            <button type="button" aria-label=revoke_label on:click=move |_| confirm.set(Confirm::Revoke)>
                "Revoke"
            </button>
        }
    });
    let cancel = move |_| confirm.set(Confirm::None);
    // Under the row while confirming (only then in the page).
    let confirmation = move || match confirm.get() {
        Confirm::None => None,
        Confirm::Rotate => Some(
            view! {
                <tr class="confirm">
                    <td colspan="5">
                        "The current secret stops working now. "
                        <button type="button" on:click=rotate.clone() disabled=move || busy.get()>"Rotate key"</button>
                        <button type="button" on:click=cancel>"Cancel"</button>
                    </td>
                </tr>
            }
            .into_any(),
        ),
        Confirm::Revoke => Some(
            view! {
                <tr class="confirm">
                    <td colspan="5">
                        <form on:submit=revoke.clone()>
                            <label>"Reason" <input name="reason" maxlength="200" bind:value=reason/></label>
                            <button type="submit" class="danger" disabled=move || busy.get()>"Revoke key"</button>
                            <button type="button" on:click=cancel>"Cancel"</button>
                        </form>
                    </td>
                </tr>
            }
            .into_any(),
        ),
    };
    view! {
        <tr data-key-id=key.id.clone() class:revoked=!active>
            <td class="key-name">{key.name.clone()}</td>
            <td><code>{format!("{}...{}", key.key_prefix, key.key_suffix)}</code></td>
            <td class="key-status">{status}{detail}</td>
            <td>{expires}</td>
            <td class="actions">{actions}</td>
        </tr>
        {confirmation}
    }
}
