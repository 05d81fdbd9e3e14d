//! Makes reads session-aware: while a ticket exchange is pending (the ticket is still on its way
//! from the app's backend, or being exchanged), `/api-auth/*` reads wait for it instead of
//! racing it into a 401; and when an exchange establishes a session, reads that failed with
//! `no_session` are told so they can run again, once.

use crate::error::ClientError;
use crate::json::Value;
use crate::listeners::{notify, Listener, Listeners};
use crate::outcome::{share, SharedOutcome};
use futures::channel::oneshot;
use futures::future::{FutureExt, LocalBoxFuture};
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Default)]
struct GateState {
    /// Exchanges pending right now.
    pending: usize,
    /// Resolves when `pending` drops back to zero.
    opened: Option<(SharedOutcome, Option<oneshot::Sender<()>>)>,
}

/// The gate. Shared by the client and its stores.
#[derive(Default)]
pub struct SessionGate {
    state: RefCell<GateState>,
    established: RefCell<Listeners>,
    epoch: std::cell::Cell<u64>,
}

/// Holds the gate closed while alive; dropping it (exchange finished, failed or abandoned)
/// releases the readers once no other exchange is pending.
pub struct PendingExchange {
    gate: Rc<SessionGate>,
}

impl Drop for PendingExchange {
    fn drop(&mut self) {
        let sender = {
            let mut state = self.gate.state.borrow_mut();
            state.pending = state.pending.saturating_sub(1);
            if state.pending == 0 {
                state.opened.take().and_then(|(_, sender)| sender)
            } else {
                None
            }
        };
        if let Some(sender) = sender {
            let _ = sender.send(());
        }
    }
}

impl SessionGate {
    /// A new, open gate.
    pub fn new() -> Rc<SessionGate> {
        Rc::new(SessionGate::default())
    }

    /// Closes the gate until the returned guard is dropped.
    pub fn begin_exchange(self: &Rc<Self>) -> PendingExchange {
        let mut state = self.state.borrow_mut();
        state.pending += 1;
        if state.opened.is_none() {
            let (sender, receiver) = oneshot::channel::<()>();
            let opened = share(receiver.map(|_| Ok(Value::undefined())));
            state.opened = Some((opened, Some(sender)));
        }
        PendingExchange { gate: self.clone() }
    }

    /// True while an exchange is pending.
    pub fn is_pending(&self) -> bool {
        self.state.borrow().pending > 0
    }

    /// Resolves (to `undefined`, never an error) when no exchange is pending (at once if none
    /// is).
    pub fn wait(&self) -> LocalBoxFuture<'static, Result<Value, ClientError>> {
        match &self.state.borrow().opened {
            Some((opened, _)) => opened.clone().boxed_local(),
            None => futures::future::ready(Ok(Value::undefined())).boxed_local(),
        }
    }

    /// Registers a listener for "an exchange established an API-auth app session".
    pub fn on_established(&self, listener: Listener) -> u64 {
        self.established.borrow_mut().add(listener)
    }

    /// Removes an `on_established` listener.
    pub fn off_established(&self, id: u64) {
        self.established.borrow_mut().remove(id);
    }

    /// Announces a newly established session.
    pub fn established(&self) {
        self.epoch.set(self.epoch.get() + 1);
        notify(&self.established);
    }

    /// How many sessions were established so far (a read that started at an older epoch and
    /// failed with `no_session` may run again).
    pub fn epoch(&self) -> u64 {
        self.epoch.get()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn readers_wait_until_every_pending_exchange_is_done() {
        let gate = SessionGate::new();
        assert!(gate.wait().now_or_never().is_some(), "open gate: no wait");
        let first = gate.begin_exchange();
        let second = gate.begin_exchange();
        let mut waiting = gate.wait();
        assert!((&mut waiting).now_or_never().is_none());
        drop(first);
        assert!(gate.is_pending());
        assert!((&mut waiting).now_or_never().is_none());
        drop(second);
        assert!(!gate.is_pending());
        assert!(waiting.now_or_never().is_some());
        // The gate can close again.
        let third = gate.begin_exchange();
        assert!(gate.wait().now_or_never().is_none());
        drop(third);
        assert!(gate.wait().now_or_never().is_some());
    }

    #[test]
    fn established_listeners_are_called() {
        let gate = SessionGate::new();
        let calls = Rc::new(Cell::new(0));
        let c = calls.clone();
        let id = gate.on_established(Rc::new(move || c.set(c.get() + 1)));
        gate.established();
        gate.off_established(id);
        gate.established();
        assert_eq!(calls.get(), 1);
    }
}
