//! What a store shows of its cache entry: the data, and the hooks' `loading` / `fetching` /
//! `error` fields.

use super::cache::EntryState;
use crate::error::ClientError;
#[cfg(test)]
use crate::json::schema::{Field, Shape};
use crate::json::Json;

/// The `loading` field every store over an entry shows (for the snapshot models of the `.d.ts`).
#[cfg(test)]
pub const READ_LOADING: Field = Field::required("loading", Shape::Bool, "First load in progress.");
/// The `fetching` field every store over an entry shows.
#[cfg(test)]
pub const READ_FETCHING: Field = Field::required(
    "fetching",
    Shape::Bool,
    "A request is in flight (also while showing earlier data).",
);
/// The `error` field every store over an entry shows.
#[cfg(test)]
pub const READ_ERROR: Field = Field::nullable(
    "error",
    Shape::AnyObject,
    "The last failure, until a success.",
)
.typed("WachtError");

/// The parts of an entry a snapshot is built from (all empty while the store is disposed).
#[derive(Debug, Clone)]
pub struct Read<J: Json> {
    /// The last data.
    pub data: Option<J>,
    /// The first load is in flight (no data yet).
    pub loading: bool,
    /// Any request is in flight.
    pub fetching: bool,
    /// The last failure.
    pub error: Option<ClientError>,
}

impl<J: Json> Read<J> {
    /// The view of an entry's state (`None`: the store is disposed).
    pub fn of(state: Option<&EntryState<J>>) -> Read<J> {
        match state {
            Some(state) => Read {
                data: state.data.clone(),
                loading: state.fetching && state.data.is_none(),
                fetching: state.fetching,
                error: state.error.clone(),
            },
            None => Read {
                data: None,
                loading: false,
                fetching: false,
                error: None,
            },
        }
    }

    /// A snapshot object: `fields`, then `loading`, `fetching` and `error` (a `WachtError`).
    pub fn snapshot(&self, fields: &[(&'static str, J)]) -> J {
        let snapshot = J::object_of(fields);
        snapshot.set("loading", &J::from_bool(self.loading));
        snapshot.set("fetching", &J::from_bool(self.fetching));
        snapshot.set("error", &J::or_null(self.error.as_ref().map(J::error)));
        snapshot
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::json::HostJson;
    use serde_json::json;

    #[test]
    fn snapshots_carry_loading_fetching_and_a_js_error() {
        let read = Read {
            data: None,
            loading: true,
            fetching: true,
            error: Some(ClientError::with_status(ErrorCode::Http, 500, "boom")),
        };
        let json = read
            .snapshot(&[("keys", HostJson::array(Vec::new()))])
            .to_json();
        assert_eq!(
            json,
            json!({"keys": [], "loading": true, "fetching": true,
                "error": {"name": "WachtError", "code": "http", "status": 500, "message": "boom"}})
        );
    }
}
