//! The query cache: one entry per distinct read, observed by stores, fetched once for all of them.

use super::{disposed, superseded, Core};
use crate::client::effects::Id;
use crate::client::lookup::{find_mut, position};
use crate::client::ops::Then;
use crate::error::ClientError;
use crate::json::Json;
use crate::query::cache::{Entry, Query};

impl<J: Json> Core<J> {
    // ---- the query cache ---------------------------------------------------------------------

    /// Adds an observer to the entry of `query` (made if there is none); returns the entry and
    /// whether it needs a fetch (no data, no request in flight).
    pub(super) fn observe(&mut self, query: &Query) -> (Id, bool) {
        let key = query.key();
        let id = match self.entries.iter().find(|e| e.key == key) {
            Some(entry) => entry.id,
            None => {
                let id = self.next_id();
                self.entries.push(Entry::new(id, key, query.clone()));
                id
            }
        };
        let mut needs_fetch = false;
        if let Some(entry) = find_mut(&mut self.entries, id) {
            entry.observers += 1;
            needs_fetch = entry.state.data.is_none() && entry.in_flight.is_none();
        }
        (id, needs_fetch)
    }

    pub(super) fn unobserve(&mut self, entry: Id) {
        let Some(at) = position(&self.entries, entry) else {
            return;
        };
        if let Some(entry) = self.entries.get_mut(at) {
            entry.observers = entry.observers.saturating_sub(1);
            if entry.observers > 0 {
                return;
            }
        }
        let entry = self.entries.remove(at);
        if let Some(read) = entry.in_flight {
            self.abort_read(read);
        }
        for call in entry.callers {
            self.settle(Some(call), Err(superseded()));
        }
    }

    /// Fetches the entry now, superseding (and aborting) the fetch in flight, whose callers get
    /// an `aborted` error. `caller` gets this fetch's outcome.
    pub(super) fn start_fetch(&mut self, entry: Id, caller: Option<Id>) {
        let read = self.next_id();
        let Some(e) = find_mut(&mut self.entries, entry) else {
            self.settle(caller, Err(disposed()));
            return;
        };
        let old = e.in_flight.replace(read);
        let old_callers = std::mem::replace(&mut e.callers, caller.into_iter().collect());
        let (request, shape) = (e.query.request.clone(), e.query.shape);
        let changed = e.fetch_started();
        if let Some(old) = old {
            self.abort_read(old);
        }
        for call in old_callers {
            self.settle(Some(call), Err(superseded()));
        }
        if changed {
            self.notify_entry(entry);
        }
        self.start_read_as(read, request, shape, Then::Entry { entry, read });
    }

    /// The entry's fetch `read` ended. (A read on the wire when a session was established has
    /// already tried once more: see `on_response`.)
    pub(super) fn fetched(&mut self, entry: Id, read: Id, result: Result<J, ClientError>) {
        let Some(e) = find_mut(&mut self.entries, entry) else {
            return;
        };
        if e.in_flight != Some(read) {
            return; // a newer fetch owns the entry (superseded reads are aborted, so not reached)
        }
        let callers = std::mem::take(&mut e.callers);
        e.fetch_finished(&result);
        self.notify_entry(entry);
        for call in callers {
            self.settle(Some(call), result.clone());
        }
    }

    pub(super) fn notify_entry(&mut self, entry: Id) {
        let stores: Vec<Id> = self
            .stores
            .iter()
            .filter(|s| s.entry() == Some(entry))
            .map(|s| s.id)
            .collect();
        for store in stores {
            self.notify(store);
        }
    }
}
