//! [`Store`]: an observable store of the core, seen from Rust. A store sends nothing until it
//! starts: on its first subscriber (`subscribe`, or `stream()`, which subscribes), or on a
//! `refetch()`. `get()` gives the typed snapshot (decoded once per snapshot the core made: the
//! core returns the same value until something changed; before the store starts, its loading
//! state), `subscribe` calls a function on every change until its [`Subscription`] is dropped,
//! `stream()` is the same as a `Stream`. Dropping the last handle disposes the store.

use crate::driver::Driver;
use crate::json::WebJson;
use crate::values::from_js;
use crate::Error;
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};
use wacht_api_auth_core::client::Id;
use wasm_bindgen::JsValue;

/// A store's snapshot type.
pub trait Snapshot: DeserializeOwned + Clone + PartialEq + 'static {
    /// What `refetch()` resolves to.
    type Data: DeserializeOwned;
    /// The snapshot shown when the core's snapshot does not decode (not expected: the typed
    /// models and the checker accept the same values): empty, with `error`.
    fn failed(error: Error) -> Self;
}

pub(crate) struct Inner<S> {
    pub(crate) driver: Rc<Driver>,
    pub(crate) id: Id,
    /// The core's last snapshot value and its decoded form.
    cache: RefCell<Option<(JsValue, S)>>,
}

impl<S> Drop for Inner<S> {
    fn drop(&mut self) {
        self.driver.forget_store(self.id);
    }
}

impl<S: Snapshot> Inner<S> {
    fn current(&self) -> S {
        let value = self
            .driver
            .with(|core| core.snapshot(self.id))
            .map_or(JsValue::UNDEFINED, |v: WebJson| v.0);
        if let Some((cached, snapshot)) = &*self.cache.borrow() {
            if js_sys::Object::is(cached, &value) {
                return snapshot.clone();
            }
        }
        let snapshot = from_js::<S>(&WebJson(value.clone())).unwrap_or_else(S::failed);
        *self.cache.borrow_mut() = Some((value, snapshot.clone()));
        snapshot
    }
}

/// An observable store (`Clone`: handles share it; dropping the last one disposes it).
pub struct Store<S> {
    pub(crate) inner: Rc<Inner<S>>,
}

impl<S> Clone for Store<S> {
    fn clone(&self) -> Self {
        Store {
            inner: self.inner.clone(),
        }
    }
}

impl<S: Snapshot> Store<S> {
    pub(crate) fn new(driver: Rc<Driver>, id: Id) -> Store<S> {
        Store {
            inner: Rc::new(Inner {
                driver,
                id,
                cache: RefCell::new(None),
            }),
        }
    }

    /// The current snapshot (equal to the last one until something visible changed). Before the
    /// store starts: its loading state; `get` alone does not start it.
    pub fn get(&self) -> S {
        self.inner.current()
    }

    /// Calls `listener` with the snapshot after every change, until the returned
    /// [`Subscription`] is dropped. The first subscriber starts the store (its first read goes
    /// out; an `/api-auth/*` read waits for the end of the current task, so a ticket handed to a
    /// session store subscribed in the same task holds it at the session gate).
    pub fn subscribe(&self, listener: impl Fn(&S) + 'static) -> Subscription {
        let weak: Weak<Inner<S>> = Rc::downgrade(&self.inner);
        let token = self.inner.driver.listen(
            self.inner.id,
            Rc::new(move || {
                if let Some(inner) = weak.upgrade() {
                    listener(&inner.current());
                }
            }),
        );
        Subscription {
            driver: self.inner.driver.clone(),
            id: self.inner.id,
            token,
            _store: self.inner.clone(),
        }
    }

    /// The snapshots as a `Stream`: the current one first, then each change (a consumer that
    /// falls behind gets the newest). It subscribes, so it starts the store.
    pub fn stream(&self) -> SnapshotStream<S> {
        let state = Rc::new(RefCell::new(StreamState {
            next: Some(self.get()),
            last: None,
            waker: None,
        }));
        let shared = state.clone();
        let subscription = self.subscribe(move |snapshot: &S| {
            let mut state = shared.borrow_mut();
            if state.last.as_ref() == Some(snapshot) {
                // Back to what the consumer has: nothing new to yield.
                state.next = None;
            } else {
                state.next = Some(snapshot.clone());
                if let Some(waker) = state.waker.take() {
                    waker.wake();
                }
            }
        });
        SnapshotStream {
            state,
            _subscription: subscription,
        }
    }

    /// Reads again now; a store that has not started starts now, and this is its first read.
    pub async fn refetch(&self) -> Result<S::Data, Error> {
        let id = self.inner.id;
        let value = self.inner.driver.call(|core| core.refetch(id)).await?;
        from_js(&value)
    }

    /// Stops the store now (as dropping its last handle does): its requests nobody else waits
    /// for are aborted. A key or audit store starts again on a new `subscribe`.
    pub fn dispose(&self) {
        let id = self.inner.id;
        self.inner.driver.with(|core| core.dispose(id));
    }
}

/// A listener of a store; dropping it unsubscribes (it keeps the store alive meanwhile).
pub struct Subscription {
    driver: Rc<Driver>,
    id: Id,
    token: u64,
    _store: Rc<dyn std::any::Any>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.driver.unlisten(self.id, self.token);
    }
}

struct StreamState<S> {
    next: Option<S>,
    last: Option<S>,
    waker: Option<Waker>,
}

/// A store's snapshots as a [`futures_core::Stream`]; it never ends (drop it to stop).
pub struct SnapshotStream<S> {
    state: Rc<RefCell<StreamState<S>>>,
    _subscription: Subscription,
}

impl<S: Clone> futures_core::Stream for SnapshotStream<S> {
    type Item = S;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S>> {
        let mut state = self.state.borrow_mut();
        match state.next.take() {
            Some(snapshot) => {
                state.last = Some(snapshot.clone());
                Poll::Ready(Some(snapshot))
            }
            None => {
                state.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
