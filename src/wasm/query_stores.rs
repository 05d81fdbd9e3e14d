//! JS objects for the key and audit stores: `{ subscribe, getSnapshot, refetch, dispose,
//! [Symbol.dispose], ... }`, every method a closure so it works unbound.

use super::js_store::{
    as_json_would, promise_of, set_dispose, set_function, subscribe_function, SnapshotCache,
};
use crate::api::audit::{
    analytics_query, analytics_snapshot, timeseries_query, timeseries_snapshot,
    AuditAnalyticsOptions, AuditLogsOptions, AuditTimeseriesOptions,
};
use crate::api::audit_logs_store::LogsStore;
use crate::api::key_mutations::{self, KeyMutation, CREATE_KEY, REVOKE_KEY, ROTATE_KEY};
use crate::api::keys::{keys_list_query, keys_snapshot, KeyListOptions};
use crate::json::Value;
use crate::query::cache::{EntryState, Query, QueryCache};
use crate::query::observer::QueryObserver;
use futures::FutureExt;
use js_sys::{Object, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Adds `subscribe`, `refetch` and `dispose` for an observer.
fn add_common(object: &Object, observer: &Rc<QueryObserver>) {
    let (add_to, remove_from) = (observer.clone(), observer.clone());
    set_function(
        object,
        "subscribe",
        subscribe_function(
            move |l| add_to.subscribe(l),
            Rc::new(move |id| remove_from.unsubscribe(id)),
        ),
    );
    let o = observer.clone();
    set_function(
        object,
        "refetch",
        Closure::<dyn Fn() -> Promise>::new(move || promise_of(o.refetch())).into_js_value(),
    );
    let o = observer.clone();
    set_dispose(
        object,
        Closure::<dyn Fn()>::new(move || o.dispose()).into_js_value(),
    );
}

/// Runs a key mutation on a JS input object (a `Date` becomes its ISO string): resolves to
/// `{ data }` or rejects with a `WachtError`.
pub fn mutation_promise(
    cache: &Rc<QueryCache>,
    input: &JsValue,
    mutation: &'static KeyMutation,
) -> Promise {
    let input = Value::from_js(as_json_would(input));
    promise_of(
        key_mutations::run(cache.clone(), mutation, &input)
            .map(|result| result.map(|data| Value::object_of(&[("data", data)]))),
    )
}

/// Adds the method of `mutation` to a store object.
fn mutation(object: &Object, cache: &Rc<QueryCache>, mutation: &'static KeyMutation) {
    let cache = cache.clone();
    let method = Closure::<dyn Fn(JsValue) -> Promise>::new(move |input: JsValue| {
        mutation_promise(&cache, &input, mutation)
    });
    set_function(object, mutation.name, method.into_js_value());
}

/// A store object over one query: `getSnapshot` (cached per entry version), `subscribe`,
/// `refetch`, `dispose`.
fn observed_store(
    cache: &Rc<QueryCache>,
    query: Query,
    build: impl Fn(Option<EntryState>) -> Value + 'static,
) -> Object {
    let observer = Rc::new(QueryObserver::new(cache.clone(), query));
    let object = Object::new();
    let (o, snapshots) = (observer.clone(), SnapshotCache::default());
    let get_snapshot = Closure::<dyn Fn() -> JsValue>::new(move || {
        snapshots.get(o.version(), || build(o.state()))
    });
    set_function(&object, "getSnapshot", get_snapshot.into_js_value());
    add_common(&object, &observer);
    object
}

/// `client.apiAuthKeys(options)`.
pub fn keys_store(cache: &Rc<QueryCache>, options: KeyListOptions) -> JsValue {
    let object = observed_store(cache, keys_list_query(&options), keys_snapshot);
    for each in [&CREATE_KEY, &ROTATE_KEY, &REVOKE_KEY] {
        mutation(&object, cache, each);
    }
    object.into()
}

/// `client.apiAuthAuditAnalytics(options)`.
pub fn analytics_store(cache: &Rc<QueryCache>, options: AuditAnalyticsOptions) -> JsValue {
    observed_store(cache, analytics_query(&options), analytics_snapshot).into()
}

/// `client.apiAuthAuditTimeseries(options)`.
pub fn timeseries_store(cache: &Rc<QueryCache>, options: AuditTimeseriesOptions) -> JsValue {
    let query = timeseries_query(&options);
    let interval = options.interval;
    observed_store(cache, query, move |state| {
        timeseries_snapshot(state, interval.as_deref())
    })
    .into()
}

/// `client.apiAuthAuditLogs(options)`.
pub fn logs_store(cache: &Rc<QueryCache>, options: AuditLogsOptions) -> JsValue {
    let store = LogsStore::new(cache.clone(), options);
    let object = Object::new();
    let (s, snapshots) = (store.clone(), SnapshotCache::default());
    let get_snapshot =
        Closure::<dyn Fn() -> JsValue>::new(move || snapshots.get(s.version(), || s.snapshot()));
    set_function(&object, "getSnapshot", get_snapshot.into_js_value());
    let (add_to, remove_from) = (store.clone(), store.clone());
    set_function(
        &object,
        "subscribe",
        subscribe_function(
            move |l| add_to.observer().subscribe(l),
            Rc::new(move |id| remove_from.observer().unsubscribe(id)),
        ),
    );
    let s = store.clone();
    set_function(
        &object,
        "refetch",
        Closure::<dyn Fn() -> Promise>::new(move || promise_of(s.observer().refetch()))
            .into_js_value(),
    );
    let s = store.clone();
    set_function(
        &object,
        "loadMore",
        Closure::<dyn Fn() -> Promise>::new(move || promise_of(s.load_more())).into_js_value(),
    );
    let s = store;
    set_dispose(
        &object,
        Closure::<dyn Fn()>::new(move || s.dispose()).into_js_value(),
    );
    object.into()
}
