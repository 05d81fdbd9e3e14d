//! JS objects for the key and audit stores: `{ subscribe, getSnapshot, refetch, dispose,
//! [Symbol.dispose], ... }`, every method a closure so it works unbound.

use super::js_store::{
    parse_input, promise_of, rejected, set_dispose, set_function, subscribe_function, SnapshotCache,
};
use crate::api::audit::{
    analytics_query, analytics_snapshot, timeseries_query, timeseries_snapshot,
    AuditAnalyticsOptions, AuditLogsOptions, AuditTimeseriesOptions,
};
use crate::api::audit_logs_store::LogsStore;
use crate::api::key_mutations;
use crate::api::keys::{keys_list_query, keys_snapshot, KeyListOptions};
use crate::error::ClientError;
use crate::json::schema::Input;
use crate::json::Value;
use crate::query::cache::{EntryState, Query, QueryCache};
use crate::query::observer::QueryObserver;
use futures::FutureExt;
use js_sys::{Object, Promise};
use std::future::Future;
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

/// Runs a key mutation on a JS input object: parses it (a `Date` becomes its ISO string), then
/// resolves to `{ data }` or rejects with a `WachtError`.
pub fn mutation_promise<I, F, Fut>(
    cache: &Rc<QueryCache>,
    input: &JsValue,
    what: &str,
    run: F,
) -> Promise
where
    I: Input,
    F: Fn(Rc<QueryCache>, I) -> Fut,
    Fut: Future<Output = Result<Value, ClientError>> + 'static,
{
    match parse_input::<I>(input, what) {
        Ok(input) => promise_of(
            run(cache.clone(), input)
                .map(|result| result.map(|data| Value::object_of(&[("data", data)]))),
        ),
        Err(error) => rejected(&error),
    }
}

/// Adds a mutation method `name` to a store object.
fn mutation<I, F, Fut>(object: &Object, name: &'static str, cache: &Rc<QueryCache>, run: F)
where
    I: Input + 'static,
    F: Fn(Rc<QueryCache>, I) -> Fut + 'static,
    Fut: Future<Output = Result<Value, ClientError>> + 'static,
{
    let cache = cache.clone();
    let method = Closure::<dyn Fn(JsValue) -> Promise>::new(move |input: JsValue| {
        mutation_promise(&cache, &input, name, &run)
    });
    set_function(object, name, method.into_js_value());
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
    mutation(&object, "createKey", cache, key_mutations::create_key);
    mutation(&object, "rotateKey", cache, key_mutations::rotate_key);
    mutation(&object, "revokeKey", cache, key_mutations::revoke_key);
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
