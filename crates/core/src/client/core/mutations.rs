//! Key mutations (create, rotate, revoke) and what they invalidate.

use super::Core;
use crate::api::key_mutations::KeyMutation;
use crate::client::effects::Id;
use crate::client::ops::Then;
use crate::json::Json;

impl<J: Json> Core<J> {
    /// A key mutation on an input object: resolves `{ data }` as soon as the server answered
    /// (a one-time secret is never held back), then refetches every observed read a key
    /// mutation changes. A bad input rejects before any request.
    pub fn mutate(&mut self, mutation: &KeyMutation, input: &J) -> Id {
        let call = self.next_id();
        match mutation.request(input) {
            Ok(request) => {
                self.start_read(request, mutation.data, Then::Mutation(call));
            }
            Err(error) => self.settle(Some(call), Err(error)),
        }
        call
    }

    /// Refetches every entry (each has observers: the last one leaving removes it) whose kind a
    /// key mutation changes.
    pub(super) fn invalidate_after_key_mutation(&mut self) {
        let entries: Vec<Id> = self
            .entries
            .iter()
            .filter(|e| e.query.kind.changed_by_key_mutation())
            .map(|e| e.id)
            .collect();
        for entry in entries {
            self.start_fetch(entry, None);
        }
    }
}
