//! API keys: wire models (contract §5.3–5.4), caller inputs, and the requests of the key
//! lifecycle, built exactly as `useApiAuthKeys` sends them (form bodies, only truthy fields),
//! except that `key_id` is percent-encoded in the path.

use crate::envelope::ErrorKind;
use crate::http::Method;
use crate::models::{opt_string_or_number, string_or_number};
use crate::request::{encode_path_segment, ApiRequest};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// One API key as listed (never carries the secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ApiKey {
    /// Key id (decimal string).
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// The name given at creation.
    pub name: String,
    /// Prefix of the secret (the app's key prefix).
    pub key_prefix: String,
    /// Last 8 characters of the secret; show keys as `{key_prefix}…{key_suffix}`.
    pub key_suffix: String,
    /// Permissions granted to the key.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub permissions: Vec<String>,
    /// Organisation role permissions (not sent by the frontend API; `[]` then).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub org_role_permissions: Vec<String>,
    /// Workspace role permissions (not sent by the frontend API; `[]` then).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub workspace_role_permissions: Vec<String>,
    /// Organisation the key belongs to, if any.
    #[serde(default, deserialize_with = "opt_string_or_number")]
    pub organization_id: Option<String>,
    /// Workspace the key belongs to, if any.
    #[serde(default, deserialize_with = "opt_string_or_number")]
    pub workspace_id: Option<String>,
    /// Organisation membership the key belongs to, if any.
    #[serde(default, deserialize_with = "opt_string_or_number")]
    pub organization_membership_id: Option<String>,
    /// Workspace membership the key belongs to, if any.
    #[serde(default, deserialize_with = "opt_string_or_number")]
    pub workspace_membership_id: Option<String>,
    /// Expiry (RFC 3339), if any.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// Last use (RFC 3339); current servers never set it.
    #[serde(default)]
    pub last_used_at: Option<String>,
    /// False once revoked or rotated.
    pub is_active: bool,
    /// Creation time (RFC 3339).
    pub created_at: String,
    /// Revocation time (RFC 3339), if revoked.
    #[serde(default)]
    pub revoked_at: Option<String>,
    /// Why it was revoked (`Rotated` for rotated keys), if given.
    #[serde(default)]
    pub revoked_reason: Option<String>,
}

/// A key with its secret: what create and rotate resolve to. The secret is shown once; the
/// client keeps it in no cache or snapshot, and `Debug` does not print it.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ApiKeyWithSecret {
    /// The key.
    #[serde(flatten)]
    pub key: ApiKey,
    /// The full secret, e.g. `acme_live_…`. Shown exactly once.
    pub secret: String,
}

impl fmt::Debug for ApiKeyWithSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiKeyWithSecret")
            .field("key", &self.key)
            .field("secret", &"[redacted]")
            .finish()
    }
}

/// `{ data }`, the shape every mutation of the hooks resolves to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct MutationResult<T> {
    /// The server's data.
    pub data: T,
}

/// `data` of a revoke: `{ success: true }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RevokeResult {
    /// True when the key was revoked.
    pub success: bool,
}

/// Options of `apiAuthKeys` / `listKeys`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct KeyListOptions {
    /// `active` (the server's default), `revoked`, `expired` or `all`.
    #[serde(default)]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(
            optional,
            type = "\"active\" | \"revoked\" | \"expired\" | \"all\" | null"
        )
    )]
    pub status: Option<String>,
}

/// Input of `createKey`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CreateKeyInput {
    /// Name shown in lists; required by the server.
    pub name: String,
    /// Optional expiry, RFC 3339 (e.g. `new Date(...).toISOString()`).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub expires_at: Option<String>,
}

/// Input of `rotateKey`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RotateKeyInput {
    /// The key to rotate.
    pub key_id: String,
}

/// Input of `revokeKey`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RevokeKeyInput {
    /// The key to revoke.
    pub key_id: String,
    /// Optional reason, kept by the server.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub reason: Option<String>,
}

fn null_as_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(deserializer)?.unwrap_or_default())
}

fn truthy(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

fn post(path: String, form: Vec<(&'static str, String)>) -> ApiRequest {
    ApiRequest {
        method: Method::Post,
        path,
        query: Vec::new(),
        form: Some(form),
        error_kind: ErrorKind::ApiAuth,
    }
}

/// `GET /api-auth/keys[?status=]`.
pub fn list_request(options: &KeyListOptions) -> ApiRequest {
    let mut request = ApiRequest::get("/api-auth/keys", ErrorKind::ApiAuth);
    if let Some(status) = truthy(&options.status) {
        request.query.push(("status", status.to_string()));
    }
    request
}

/// `POST /api-auth/keys` with `name` and, when set, `expires_at`.
pub fn create_request(input: &CreateKeyInput) -> ApiRequest {
    let mut form = vec![("name", input.name.clone())];
    if let Some(expires_at) = truthy(&input.expires_at) {
        form.push(("expires_at", expires_at.to_string()));
    }
    post("/api-auth/keys".to_string(), form)
}

/// `POST /api-auth/keys/{key_id}/rotate` (no body).
pub fn rotate_request(input: &RotateKeyInput) -> ApiRequest {
    let mut request = post(
        format!(
            "/api-auth/keys/{}/rotate",
            encode_path_segment(&input.key_id)
        ),
        Vec::new(),
    );
    request.form = None;
    request
}

/// `POST /api-auth/keys/{key_id}/revoke` with `reason` when set (else an empty form body).
pub fn revoke_request(input: &RevokeKeyInput) -> ApiRequest {
    let form = truthy(&input.reason)
        .map(|reason| vec![("reason", reason.to_string())])
        .unwrap_or_default();
    post(
        format!(
            "/api-auth/keys/{}/revoke",
            encode_path_segment(&input.key_id)
        ),
        form,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Mode;
    use serde_json::json;

    #[test]
    fn requests_match_the_hooks() {
        let origin = "http://h";
        let list = list_request(&KeyListOptions::default()).to_http(origin, Mode::Production, None);
        assert_eq!(list.url, "http://h/api-auth/keys");
        let list = list_request(&KeyListOptions {
            status: Some("revoked".into()),
        })
        .to_http(origin, Mode::Production, None);
        assert_eq!(list.url, "http://h/api-auth/keys?status=revoked");
        let list = list_request(&KeyListOptions {
            status: Some(String::new()),
        })
        .to_http(origin, Mode::Production, None);
        assert_eq!(list.url, "http://h/api-auth/keys");

        let create = create_request(&CreateKeyInput {
            name: "CI key".into(),
            expires_at: None,
        })
        .to_http(origin, Mode::Production, None);
        assert_eq!(
            (create.method, create.form_body.as_deref()),
            (Method::Post, Some("name=CI+key"))
        );
        let create = create_request(&CreateKeyInput {
            name: "k".into(),
            expires_at: Some("2026-07-01T12:00:00.000Z".into()),
        })
        .to_http(origin, Mode::Production, None);
        assert_eq!(
            create.form_body.as_deref(),
            Some("name=k&expires_at=2026-07-01T12%3A00%3A00.000Z")
        );

        let rotate = rotate_request(&RotateKeyInput {
            key_id: "12".into(),
        })
        .to_http(origin, Mode::Production, None);
        assert_eq!(
            (rotate.url.as_str(), rotate.form_body.as_deref()),
            ("http://h/api-auth/keys/12/rotate", None)
        );
        let revoke = revoke_request(&RevokeKeyInput {
            key_id: "12".into(),
            reason: None,
        })
        .to_http(origin, Mode::Production, None);
        assert_eq!(
            (revoke.url.as_str(), revoke.form_body.as_deref()),
            ("http://h/api-auth/keys/12/revoke", Some(""))
        );
        let revoke = revoke_request(&RevokeKeyInput {
            key_id: "12".into(),
            reason: Some("Compromised key".into()),
        })
        .to_http(origin, Mode::Production, None);
        assert_eq!(revoke.form_body.as_deref(), Some("reason=Compromised+key"));
    }

    #[test]
    fn key_ids_are_encoded_in_paths() {
        let rotate = rotate_request(&RotateKeyInput {
            key_id: "1/../../session?x".into(),
        })
        .to_http("http://h", Mode::Production, None);
        assert_eq!(
            rotate.url,
            "http://h/api-auth/keys/1%2F..%2F..%2Fsession%3Fx/rotate"
        );
    }

    #[test]
    fn keys_decode_the_frontend_api_shape_with_defaults() {
        let key: ApiKey = serde_json::from_value(
            json!({"id":"7","name":"CI","key_prefix":"acme","key_suffix":"abcdefgh",
            "permissions":null,"is_active":true,"created_at":"2026-01-01T00:00:00Z"}),
        )
        .unwrap();
        assert_eq!(
            (
                key.permissions.len(),
                key.org_role_permissions.len(),
                key.expires_at
            ),
            (0, 0, None)
        );
        let with_secret: ApiKeyWithSecret = serde_json::from_value(json!({"id":7,"name":"CI","key_prefix":"acme","key_suffix":"abcdefgh",
            "permissions":[],"is_active":true,"created_at":"2026-01-01T00:00:00Z","secret":"acme_SECRET"})).unwrap();
        assert_eq!(with_secret.key.id, "7");
        assert!(
            !format!("{with_secret:?}").contains("SECRET"),
            "Debug must not print the secret"
        );
        let json = serde_json::to_value(&with_secret).unwrap();
        assert_eq!(
            (json["secret"].as_str(), json["name"].as_str()),
            (Some("acme_SECRET"), Some("CI"))
        );
        assert!(serde_json::from_value::<ApiKey>(json!({"id":"7","name":"CI"})).is_err());
    }
}
