//! The JS object for `client.apiAuthAppSession(ticket?)`.

use super::js_error::error_from_js;
use super::js_store::{
    promise_of, rejected, set_dispose, set_function, subscribe_function, SnapshotCache,
};
use crate::error::ClientError;
use crate::json::Value;
use crate::session::store::{SessionStore, TicketSource};
use futures::FutureExt;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Builds `{ subscribe, getSnapshot, refetch, exchange, dispose }` over a session store.
pub fn session_store_object(store: Rc<SessionStore>) -> JsValue {
    let object = js_sys::Object::new();
    let cache = Rc::new(SnapshotCache::default());

    let (s, c) = (store.clone(), cache.clone());
    let get_snapshot =
        Closure::<dyn Fn() -> JsValue>::new(move || c.get(s.version(), || snapshot_object(&s)));
    set_function(&object, "getSnapshot", get_snapshot.into_js_value());

    let (add_to, remove_from) = (store.clone(), store.clone());
    let subscribe = subscribe_function(
        move |listener| add_to.subscribe(listener),
        Rc::new(move |id| remove_from.unsubscribe(id)),
    );
    set_function(&object, "subscribe", subscribe);

    let s = store.clone();
    let refetch =
        Closure::<dyn Fn() -> js_sys::Promise>::new(move || promise_of(session_value(s.refetch())));
    set_function(&object, "refetch", refetch.into_js_value());

    let s = store.clone();
    set_dispose(
        &object,
        Closure::<dyn Fn()>::new(move || s.dispose()).into_js_value(),
    );

    let s = store;
    let exchange = Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(move |ticket: JsValue| {
        match ticket_source(&ticket) {
            Ok(TicketSource::Ready(ticket)) => promise_of(session_value(s.exchange(&ticket))),
            Ok(TicketSource::Pending(ticket)) => {
                promise_of(session_value(s.exchange_pending(ticket)))
            }
            Ok(TicketSource::None) => rejected(&ClientError::invalid_argument(
                "exchange(ticket) needs a ticket string or a promise of one",
            )),
            Err(error) => rejected(&error),
        }
    });
    set_function(&object, "exchange", exchange.into_js_value());
    object.into()
}

fn snapshot_object(store: &SessionStore) -> Value {
    store.snapshot().1.to_value()
}

/// A session read resolved as the `ApiAuthAppSessionData` the server sent.
fn session_value(
    read: futures::future::LocalBoxFuture<
        'static,
        Result<crate::session::models::SessionData, ClientError>,
    >,
) -> impl std::future::Future<Output = Result<Value, ClientError>> {
    read.map(|result| result.map(|data| data.value))
}

/// A ticket argument: a string, a promise of one (or of `null`: no ticket after all), or
/// nothing.
pub fn ticket_source(value: &JsValue) -> Result<TicketSource, ClientError> {
    if value.is_undefined() || value.is_null() {
        return Ok(TicketSource::None);
    }
    if let Some(ticket) = value.as_string() {
        return Ok(if ticket.trim().is_empty() {
            TicketSource::None
        } else {
            TicketSource::Ready(ticket)
        });
    }
    if let Some(promise) = value.dyn_ref::<js_sys::Promise>() {
        let pending =
            wasm_bindgen_futures::JsFuture::from(promise.clone()).map(|settled| match settled {
                Ok(value) if value.is_undefined() || value.is_null() => Ok(None),
                Ok(value) => value.as_string().map(Some).ok_or_else(|| {
                    ClientError::invalid_argument("the ticket promise must resolve to a string")
                }),
                Err(rejection) => Err(error_from_js(&rejection)),
            });
        return Ok(TicketSource::Pending(pending.boxed_local()));
    }
    Err(ClientError::invalid_argument(
        "ticket must be a string, a promise of a string, or null",
    ))
}
