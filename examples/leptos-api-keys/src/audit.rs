//! Recent activity: the audit log of the app's keys (gateway checks), newest first, a page at a
//! time with "Load more".

use crate::store_signal::{use_client, use_store};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wacht_api_auth_web::models::{ApiAuditLog, AuditLogsOptions};

/// Entries per page.
const PAGE: u64 = 5;

/// The audit panel.
#[component]
pub fn AuditPanel() -> impl IntoView {
    let options = AuditLogsOptions { limit: Some(PAGE), ..AuditLogsOptions::default() };
    let store = match use_client().with_value(|client| client.audit_logs_store(options)) {
        Ok(store) => store,
        Err(error) => return view! { <p role="alert">{error.to_string()}</p> }.into_any(),
    };
    let logs = use_store(&store);
    let store = StoredValue::new_local(store);
    let load_more = move |_| {
        let store = store.get_value();
        // A failure shows in the store's snapshot (`error`).
        spawn_local(async move {
            let _ = store.load_more().await;
        });
    };
    let more = move || logs.with(|l| l.has_more);
    view! {
        <section class="card audit" aria-labelledby="audit-title">
            <h2 id="audit-title">"Recent activity"</h2>
            <table class="logs">
                <thead><tr><th>"Time"</th><th>"Key"</th><th>"Path"</th><th>"Outcome"</th></tr></thead>
                <tbody>
                    <For each=move || logs.with(|l| l.logs.clone()) key=|log| log.request_id.clone() let:log>
                        <LogRow log/>
                    </For>
                </tbody>
            </table>
            <p class="muted" role="status">
                {move || logs.with(|l| match (&l.error, l.loading, l.logs.is_empty()) {
                    (Some(error), _, _) => Some(format!("Could not load the activity: {error}")),
                    (None, true, _) => Some("Loading activity...".to_owned()),
                    (None, false, true) => Some("No activity yet.".to_owned()),
                    (None, false, false) => None,
                })}
            </p>
            <button type="button" hidden=move || !more() disabled=move || logs.with(|l| l.loading_more)
                on:click=load_more>
                "Load more"
            </button>
        </section>
    }
    .into_any()
}

#[component]
fn LogRow(log: ApiAuditLog) -> impl IntoView {
    let outcome = match &log.blocked_by_rule {
        Some(rule) => format!("{} ({rule})", log.outcome),
        None => log.outcome.clone(),
    };
    view! {
        <tr class=format!("outcome-{}", log.outcome)>
            <td><time datetime=log.timestamp.clone()>{log.timestamp.replace('T', " ")}</time></td>
            <td>{log.key_name}</td>
            <td><code>{log.path}</code></td>
            <td>{outcome}</td>
        </tr>
    }
}
