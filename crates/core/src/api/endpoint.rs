//! Read endpoints as data: a path, the model of its options, the shape of its data, the snapshot
//! of its store. The request is built from the checked options object as the hooks build it: each option that is
//! set (a non-empty string, `true`, a positive count) becomes a query parameter, in the order of
//! the options table.

use crate::error::ClientError;
use crate::json::schema::{check, Model, Shape};
use crate::json::{Json, Kind};
use crate::query::cache::Query;
use crate::query::kind::QueryKind;
use crate::text::decimal;
use crate::transport::envelope::ErrorKind;
use crate::transport::request::ApiRequest;

/// One `GET /api-auth/...` read.
#[derive(Debug)]
pub struct ReadEndpoint {
    /// Its family (for invalidation).
    pub kind: QueryKind,
    /// Its path.
    pub path: &'static str,
    /// The model of its options object.
    pub options: &'static Model,
    /// The shape of its data.
    pub shape: &'static Shape,
}

impl ReadEndpoint {
    /// Checks an options object from the app (`undefined`/`null`: no options). A mismatch is an
    /// `invalid_argument` error naming the field.
    pub fn options<J: Json>(&self, value: &J) -> Result<J, ClientError> {
        if value.is_nullish() {
            return Ok(J::object());
        }
        check(value, &Shape::Object(self.options))
            .map_err(|m| ClientError::invalid_argument(m.describe("options")))
    }

    /// The query of checked `options`.
    pub fn query<J: Json>(&'static self, options: &J) -> Query {
        self.query_with(options, None)
    }

    /// The query of checked `options` with one option replaced (`loadMore`'s cursor).
    pub fn query_with<J: Json>(
        &'static self,
        options: &J,
        replaced: Option<(&str, &str)>,
    ) -> Query {
        let mut request = ApiRequest::get(self.path, ErrorKind::ApiAuth);
        for field in self.options.fields {
            let value = match replaced {
                Some((name, text)) if name == field.name => J::string(text),
                _ => options.get(field.name),
            };
            if let Some(text) = parameter(&value) {
                request.query.push((field.name, text));
            }
        }
        Query {
            kind: self.kind,
            request,
            shape: self.shape,
        }
    }
}

/// A set option as its query text: a non-empty string, `true`, or a positive count (counts
/// beyond `u32` saturate; the server caps them anyway).
fn parameter<J: Json>(value: &J) -> Option<String> {
    match value.kind() {
        Kind::String => value.as_string().filter(|text| !text.is_empty()),
        Kind::Bool => (value.as_bool() == Some(true)).then(|| "true".to_owned()),
        Kind::Number => value
            .as_f64()
            .filter(|n| *n >= 1.0)
            .map(|n| decimal(n.min(f64::from(u32::MAX)) as u64)),
        _ => None,
    }
}
