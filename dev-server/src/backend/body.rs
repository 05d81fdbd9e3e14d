//! JSON request bodies of the backend API-auth routes: read as bytes (any content type, since the
//! SDKs differ), decoded into a typed request; every failure is a backend-shaped 4xx.

use super::error::BackendError;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The body decoded as `T`. Over the body cap → 413 "Request body too large"; an unreadable body
/// → 400 "Invalid request body"; not JSON of the right shape → 400 "Invalid request body: <why>".
/// An empty body is `{}` when `empty_is_object` (rotate and revoke may be sent without one),
/// else 400 "Request body is required".
pub fn json_body<T: DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
    empty_is_object: bool,
) -> Result<T, BackendError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            BackendError::new(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large")
        } else {
            BackendError::bad_request("Invalid request body")
        }
    })?;
    let bytes: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        if !empty_is_object {
            return Err(BackendError::bad_request("Request body is required"));
        }
        b"{}"
    } else {
        &body
    };
    serde_json::from_slice(bytes)
        .map_err(|error| BackendError::bad_request(format!("Invalid request body: {error}")))
}

/// An optional id sent as a string or a JSON integer (`@wacht/backend` types them
/// `string | number`): `null`/absent → `None`, an integer → its decimal text.
pub fn optional_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Signed(i64),
        Unsigned(u64),
    }
    Ok(Option::<Id>::deserialize(d)?.map(|id| match id {
        Id::Text(text) => text,
        Id::Signed(number) => number.to_string(),
        Id::Unsigned(number) => number.to_string(),
    }))
}
