//! The logs store's `loadMore()`: the page after the last loaded one.

use super::{disposed, Core};
use crate::api::audit::LOGS_PAGE;
use crate::client::effects::Id;
use crate::client::lookup::{find, find_mut};
use crate::client::ops::Then;
use crate::client::stores::{QueryStore, StoreKind, View};
use crate::error::ClientError;
use crate::json::Json;

impl<J: Json> Core<J> {
    /// `loadMore()` of a logs store: loads the page after the last loaded one. Resolves `true`
    /// when a page was appended and `false` when there was nothing (more) to load; concurrent
    /// calls share one request.
    pub fn load_more(&mut self, store: Id) -> Id {
        let call = self.next_id();
        let read = self.next_id();
        let Some(s) = find_mut(&mut self.stores, store) else {
            self.settle(Some(call), Err(disposed()));
            return call;
        };
        let StoreKind::Query(QueryStore {
            entry,
            started,
            view: View::Logs(pages),
            load_more,
            ..
        }) = &mut s.kind
        else {
            self.settle(Some(call), Err(disposed()));
            return call;
        };
        // Before the store started there is no page to follow.
        let Some(entry) = entry else {
            let result = if *started {
                Err(disposed())
            } else {
                Ok(J::from_bool(false))
            };
            self.settle(Some(call), result);
            return call;
        };
        let Some(state) = find(&self.entries, *entry).map(|e| &e.state) else {
            self.settle(Some(call), Err(disposed()));
            return call;
        };
        if let Some((_, calls)) = load_more {
            calls.push(call);
            return call;
        }
        let Some((request, base)) = pages.next_request(state) else {
            self.settle(Some(call), Ok(J::from_bool(false)));
            return call;
        };
        *load_more = Some((read, vec![call]));
        pages.version += 1;
        self.notify(store);
        self.start_read_as(read, request, &LOGS_PAGE, Then::LoadMore { store, base });
        call
    }

    pub(super) fn loaded_more(&mut self, store: Id, base: u64, result: Result<J, ClientError>) {
        let Some(s) = find_mut(&mut self.stores, store) else {
            return;
        };
        let entry = s.entry();
        let StoreKind::Query(QueryStore {
            view: View::Logs(pages),
            load_more,
            ..
        }) = &mut s.kind
        else {
            return;
        };
        let current = entry
            .and_then(|id| find(&self.entries, id))
            .is_some_and(|e| e.state.data_version == base);
        let calls = load_more.take().map(|(_, calls)| calls).unwrap_or_default();
        let outcome = pages.loaded(base, current, result);
        self.notify(store);
        for call in calls {
            self.settle(Some(call), outcome.clone());
        }
    }
}
