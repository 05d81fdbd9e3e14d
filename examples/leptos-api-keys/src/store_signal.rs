//! The Rust face's stores as Leptos signals, and the app's client in Leptos context.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wacht_api_auth_web::{Snapshot, Store, WachtClient};

/// The app's one client, as a handle Leptos can move into views (it lives on the one thread).
pub type Client = StoredValue<WachtClient, LocalStorage>;

/// Makes `client` the client of every component below.
pub fn provide_client(client: WachtClient) {
    provide_context::<Client>(StoredValue::new_local(client));
}

/// The client `provide_client` gave (the screen provides it before any panel mounts).
pub fn use_client() -> Client {
    expect_context::<Client>()
}

/// `store`'s snapshot as a signal: the current one now, then each change, for as long as the
/// calling component lives. Its cleanup drops the subscription (and with the last handle, the
/// store, which aborts the reads no one else waits for).
pub fn use_store<S: Snapshot + Send + Sync>(store: &Store<S>) -> ReadSignal<S> {
    let (snapshot, set_snapshot) = signal(store.get());
    let subscription = store.subscribe(move |next: &S| {
        set_snapshot.try_set(next.clone());
    });
    // on_cleanup wants Send: the subscription never leaves the browser's one thread.
    let subscription = SendWrapper::new(subscription);
    on_cleanup(move || drop(subscription));
    snapshot
}
