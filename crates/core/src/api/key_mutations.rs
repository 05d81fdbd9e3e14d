//! Key lifecycle mutations. Each one resolves as soon as the server answered (a created or
//! rotated key's one-time secret is never held back by anything after it), and then refetches
//! every observed key list and audit query once in the background (the hooks refetch only the
//! current key list). Secrets are returned to the caller only.

use super::keys::{CREATE_KEY_INPUT, KEY_WITH_SECRET, REVOKED, REVOKE_KEY_INPUT, ROTATE_KEY_INPUT};
use crate::error::ClientError;
use crate::json::schema::{check, Missing, Model, Shape};
use crate::json::Json;
use crate::transport::encode;
use crate::transport::envelope::ErrorKind;
use crate::transport::request::ApiRequest;
use crate::transport::Method;

/// One key mutation as data, sent as `useApiAuthKeys` sends it: a form body of the input's
/// fields (required ones always, optional ones only when set), the key id percent-encoded in
/// the path. The client core runs all three the same way.
#[derive(Debug)]
pub struct KeyMutation {
    /// The JS method, e.g. `createKey` (names the input in error messages).
    pub name: &'static str,
    /// The model of its input.
    pub input: &'static Model,
    /// After `/api-auth/keys/{key_id}` (`/rotate`, `/revoke`); `None`: `/api-auth/keys`.
    pub action: Option<&'static str>,
    /// Whether it sends a form body.
    pub body: bool,
    /// The shape of the answer's `data`.
    pub data: &'static Shape,
}

/// `POST /api-auth/keys`; resolves with the key and its one-time secret (an `ApiKeyWithSecret`).
pub static CREATE_KEY: KeyMutation = KeyMutation {
    name: "createKey",
    input: &CREATE_KEY_INPUT,
    action: None,
    body: true,
    data: &KEY_WITH_SECRET,
};

/// `POST /api-auth/keys/{id}/rotate` (no body); resolves with the new key and its secret.
pub static ROTATE_KEY: KeyMutation = KeyMutation {
    name: "rotateKey",
    input: &ROTATE_KEY_INPUT,
    action: Some("/rotate"),
    body: false,
    data: &KEY_WITH_SECRET,
};

/// `POST /api-auth/keys/{id}/revoke` with `reason` when set; resolves with a `RevokeResult`.
pub static REVOKE_KEY: KeyMutation = KeyMutation {
    name: "revokeKey",
    input: &REVOKE_KEY_INPUT,
    action: Some("/revoke"),
    body: true,
    data: &REVOKED,
};

impl KeyMutation {
    /// Checks the app's input object and builds the request; a bad input is an
    /// `invalid_argument` error naming the field.
    pub fn request<J: Json>(&self, input: &J) -> Result<ApiRequest, ClientError> {
        let input = check(input, &Shape::Object(self.input))
            .map_err(|m| ClientError::invalid_argument(m.describe(self.name)))?;
        let mut path = String::from("/api-auth/keys");
        if let Some(action) = self.action {
            let key_id = input.string_at("key_id").unwrap_or_default();
            if key_id.trim().is_empty() {
                return Err(ClientError::invalid_argument(
                    "key_id must be a non-empty string",
                ));
            }
            path = [path.as_str(), "/", &encode::path_segment(&key_id), action].concat();
        }
        let form = self.body.then(|| {
            self.input
                .fields
                .iter()
                .filter(|field| field.name != "key_id")
                .filter_map(|field| {
                    let value = input.string_at(field.name)?;
                    let send = matches!(field.missing, Missing::Required) || !value.is_empty();
                    send.then_some((field.name, value))
                })
                .collect()
        });
        Ok(ApiRequest {
            method: Method::Post,
            path,
            query: Vec::new(),
            form,
            error_kind: ErrorKind::ApiAuth,
        })
    }
}
