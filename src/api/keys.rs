//! API keys: wire shapes (contract §5.3–5.4), caller inputs, the requests of the key lifecycle,
//! built exactly as `useApiAuthKeys` sends them (form bodies, only truthy fields, except that
//! `key_id` is percent-encoded in the path), and the snapshot of `apiAuthKeys`.

use crate::json::schema::{Field, Input, Missing, Model, Shape};
use crate::json::Value;
use crate::model;
use crate::query::cache::{EntryState, Query};
use crate::query::kind::QueryKind;
use crate::query::observer::Read;
use crate::transport::envelope::ErrorKind;
use crate::transport::request::{encode_path_segment, ApiRequest};
use crate::transport::Method;

/// The model of a key, listed or with its secret: the same fields, and `secret` as given.
macro_rules! key_model {
    ($name:literal, $doc:literal, $secret:expr) => {
        model!(
            $name,
            $doc,
            [
                Field::required("id", Shape::Id, "Key id (decimal string)."),
                Field::required("name", Shape::Str, "The name given at creation."),
                Field::required(
                    "key_prefix",
                    Shape::Str,
                    "Prefix of the secret (the app's key prefix)."
                ),
                Field::required(
                    "key_suffix",
                    Shape::Str,
                    "Last 8 characters of the secret; show keys as `{key_prefix}…{key_suffix}`."
                ),
                Field::or(
                    "permissions",
                    Shape::List(&Shape::Str),
                    Missing::EmptyList,
                    "Permissions granted to the key."
                ),
                Field::or(
                    "org_role_permissions",
                    Shape::List(&Shape::Str),
                    Missing::EmptyList,
                    "Organisation role permissions (not sent by the frontend API; `[]` then)."
                ),
                Field::or(
                    "workspace_role_permissions",
                    Shape::List(&Shape::Str),
                    Missing::EmptyList,
                    "Workspace role permissions (not sent by the frontend API; `[]` then)."
                ),
                Field::nullable(
                    "organization_id",
                    Shape::Id,
                    "Organisation the key belongs to, if any."
                ),
                Field::nullable(
                    "workspace_id",
                    Shape::Id,
                    "Workspace the key belongs to, if any."
                ),
                Field::nullable(
                    "organization_membership_id",
                    Shape::Id,
                    "Organisation membership the key belongs to, if any."
                ),
                Field::nullable(
                    "workspace_membership_id",
                    Shape::Id,
                    "Workspace membership the key belongs to, if any."
                ),
                Field::nullable("expires_at", Shape::Str, "Expiry (RFC 3339), if any."),
                Field::nullable("last_used_at", Shape::Str, "Last use (RFC 3339), if known."),
                Field::required("is_active", Shape::Bool, "False once revoked or rotated."),
                Field::required("created_at", Shape::Str, "Creation time (RFC 3339)."),
                Field::nullable(
                    "revoked_at",
                    Shape::Str,
                    "Revocation time (RFC 3339), if revoked."
                ),
                Field::nullable(
                    "revoked_reason",
                    Shape::Str,
                    "Why it was revoked (`Rotated` for rotated keys), if given."
                ),
                $secret,
            ]
        )
    };
}

/// One API key as listed. A `secret` the server might send is removed: lists never carry it.
pub static API_KEY: Model = key_model!(
    "ApiKey",
    "One API key as listed (never carries the secret).",
    Field::required("secret", Shape::Forbidden, "never kept")
);

/// A key with its secret: what create and rotate resolve to. The client keeps it in no cache or
/// snapshot.
pub static API_KEY_WITH_SECRET: Model = key_model!(
    "ApiKeyWithSecret",
    "A key with its one-time secret: what create and rotate resolve to. It is never in a cache or snapshot.",
    Field::required("secret", Shape::Str, "The full secret, e.g. `acme_live_…`. Shown exactly once.")
);

/// `data` of a revoke: `{ success: true }`.
pub static REVOKE_RESULT: Model = model!(
    "RevokeResult",
    "`data` of a revoke.",
    [Field::required(
        "success",
        Shape::Bool,
        "True when the key was revoked."
    )]
);

/// The shape of a key list.
pub static KEY_LIST: Shape = Shape::List(&Shape::Object(&API_KEY));
/// The shape of a created or rotated key.
pub static KEY_WITH_SECRET: Shape = Shape::Object(&API_KEY_WITH_SECRET);
/// The shape of a revoke's result.
pub static REVOKED: Shape = Shape::Object(&REVOKE_RESULT);

/// Options of `apiAuthKeys` / `listKeys`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyListOptions {
    /// `active` (the server's default), `revoked`, `expired` or `all`.
    pub status: Option<String>,
}

/// The model of the input of the same name.
pub static KEY_LIST_OPTIONS: Model = model!(
    "KeyListOptions",
    "Options of `apiAuthKeys` / `listKeys`.",
    [Field::or(
        "status",
        Shape::Str,
        Missing::Keep,
        "`active` (the server's default), `revoked`, `expired` or `all`."
    )
    .typed("\"active\" | \"revoked\" | \"expired\" | \"all\"")]
);

impl Input for KeyListOptions {
    fn model() -> &'static Model {
        &KEY_LIST_OPTIONS
    }
    fn read(checked: &Value) -> Self {
        KeyListOptions {
            status: checked.string_at("status"),
        }
    }
}

/// Input of `createKey`.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateKeyInput {
    /// Name shown in lists; required by the server.
    pub name: String,
    /// Optional expiry, RFC 3339 (e.g. `new Date(...).toISOString()`).
    pub expires_at: Option<String>,
}

/// The model of the input of the same name.
pub static CREATE_KEY_INPUT: Model = model!(
    "CreateKeyInput",
    "Input of `createKey`.",
    [
        Field::required("name", Shape::Str, "Name shown in lists; required by the server."),
        Field::or("expires_at", Shape::Str, Missing::Keep, "Optional expiry, RFC 3339 (e.g. `new Date(...).toISOString()`; a `Date` is accepted too)."),
    ]
);

impl Input for CreateKeyInput {
    fn model() -> &'static Model {
        &CREATE_KEY_INPUT
    }
    fn read(checked: &Value) -> Self {
        CreateKeyInput {
            name: checked.string_at("name").unwrap_or_default(),
            expires_at: checked.string_at("expires_at"),
        }
    }
}

/// Input of `rotateKey`.
#[derive(Debug, Clone, PartialEq)]
pub struct RotateKeyInput {
    /// The key to rotate.
    pub key_id: String,
}

/// The model of the input of the same name.
pub static ROTATE_KEY_INPUT: Model = model!(
    "RotateKeyInput",
    "Input of `rotateKey`.",
    [Field::required("key_id", Shape::Str, "The key to rotate.")]
);

impl Input for RotateKeyInput {
    fn model() -> &'static Model {
        &ROTATE_KEY_INPUT
    }
    fn read(checked: &Value) -> Self {
        RotateKeyInput {
            key_id: checked.string_at("key_id").unwrap_or_default(),
        }
    }
}

/// Input of `revokeKey`.
#[derive(Debug, Clone, PartialEq)]
pub struct RevokeKeyInput {
    /// The key to revoke.
    pub key_id: String,
    /// Optional reason, kept by the server.
    pub reason: Option<String>,
}

/// The model of the input of the same name.
pub static REVOKE_KEY_INPUT: Model = model!(
    "RevokeKeyInput",
    "Input of `revokeKey`.",
    [
        Field::required("key_id", Shape::Str, "The key to revoke."),
        Field::or(
            "reason",
            Shape::Str,
            Missing::Keep,
            "Optional reason, kept by the server."
        ),
    ]
);

impl Input for RevokeKeyInput {
    fn model() -> &'static Model {
        &REVOKE_KEY_INPUT
    }
    fn read(checked: &Value) -> Self {
        RevokeKeyInput {
            key_id: checked.string_at("key_id").unwrap_or_default(),
            reason: checked.string_at("reason"),
        }
    }
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

/// The query of `apiAuthKeys(options)` / `listKeys(options)`.
pub fn keys_list_query(options: &KeyListOptions) -> Query {
    Query {
        kind: QueryKind::Keys,
        request: list_request(options),
        shape: &KEY_LIST,
    }
}

/// Snapshot of `apiAuthKeys`: `{ keys, loading, fetching, error }` (`keys` is `[]` until loaded).
pub fn keys_snapshot(state: Option<EntryState>) -> Value {
    let read = Read::of(state);
    let keys = read
        .data
        .clone()
        .unwrap_or_else(|| Value::array(Vec::new()));
    read.snapshot(&[("keys", keys)])
}

/// `GET /api-auth/keys[?status=]`.
pub fn list_request(options: &KeyListOptions) -> ApiRequest {
    let mut request = ApiRequest::get("/api-auth/keys", ErrorKind::ApiAuth);
    if let Some(status) = truthy(&options.status) {
        request.query.push(("status", status.to_owned()));
    }
    request
}

/// `POST /api-auth/keys` with `name` and, when set, `expires_at`.
pub fn create_request(input: &CreateKeyInput) -> ApiRequest {
    let mut form = vec![("name", input.name.clone())];
    if let Some(expires_at) = truthy(&input.expires_at) {
        form.push(("expires_at", expires_at.to_owned()));
    }
    post("/api-auth/keys".to_owned(), form)
}

/// `POST /api-auth/keys/{key_id}/rotate` (no body).
pub fn rotate_request(input: &RotateKeyInput) -> ApiRequest {
    let mut request = post(
        [
            "/api-auth/keys/",
            &encode_path_segment(&input.key_id),
            "/rotate",
        ]
        .concat(),
        Vec::new(),
    );
    request.form = None;
    request
}

/// `POST /api-auth/keys/{key_id}/revoke` with `reason` when set (else an empty form body).
pub fn revoke_request(input: &RevokeKeyInput) -> ApiRequest {
    let form = truthy(&input.reason)
        .map(|reason| vec![("reason", reason.to_owned())])
        .unwrap_or_default();
    post(
        [
            "/api-auth/keys/",
            &encode_path_segment(&input.key_id),
            "/revoke",
        ]
        .concat(),
        form,
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::session::config::Mode;
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

    fn checked(shape: &Shape, data: serde_json::Value) -> Result<serde_json::Value, String> {
        crate::json::schema::check(&Value::from(data), shape)
            .map(|v| v.to_json())
            .map_err(|m| m.describe("data"))
    }

    #[test]
    fn keys_decode_the_frontend_api_shape_with_defaults() {
        let keys = checked(
            &KEY_LIST,
            json!([{"id":"7","name":"CI","key_prefix":"acme","key_suffix":"abcdefgh",
            "permissions":null,"is_active":true,"created_at":"2026-01-01T00:00:00Z"}]),
        )
        .unwrap();
        let key = &keys[0];
        assert_eq!(
            (
                &key["permissions"],
                &key["org_role_permissions"],
                &key["expires_at"]
            ),
            (&json!([]), &json!([]), &json!(null))
        );
        let with_secret = checked(&KEY_WITH_SECRET, json!({"id":7,"name":"CI","key_prefix":"acme","key_suffix":"abcdefgh",
            "permissions":[],"is_active":true,"created_at":"2026-01-01T00:00:00Z","secret":"acme_SECRET"})).unwrap();
        assert_eq!(
            (&with_secret["id"], &with_secret["secret"]),
            (&json!("7"), &json!("acme_SECRET"))
        );
        assert!(checked(&KEY_LIST, json!([{"id":"7","name":"CI"}])).is_err());
        assert!(
            checked(
                &KEY_WITH_SECRET,
                json!({"id":"7","name":"CI","key_prefix":"acme","key_suffix":"abcdefgh",
            "is_active":true,"created_at":"2026-01-01T00:00:00Z"})
            )
            .is_err(),
            "no secret"
        );
    }

    #[test]
    fn a_listed_key_never_keeps_a_secret_the_server_sent() {
        let keys = checked(
            &KEY_LIST,
            json!([{"id":"7","name":"CI","key_prefix":"acme","key_suffix":"abcdefgh",
            "is_active":true,"created_at":"2026-01-01T00:00:00Z","secret":"acme_LEAKED"}]),
        )
        .unwrap();
        assert!(!keys.to_string().contains("LEAKED"), "{keys}");
    }

    #[test]
    fn a_key_without_an_id_is_a_mismatch() {
        assert_eq!(
            checked(
                &KEY_LIST,
                json!([{"name":"CI","key_prefix":"acme","key_suffix":"abcdefgh",
                "is_active":true,"created_at":"2026-01-01T00:00:00Z"}])
            )
            .unwrap_err(),
            "data[0].id: expected a string or safe-integer id, got nothing"
        );
    }

    #[test]
    fn wrong_shapes_are_mismatches_with_a_path() {
        assert_eq!(
            checked(&KEY_LIST, json!({"keys": []})).unwrap_err(),
            "data: expected an array, got an object"
        );
        assert_eq!(
            checked(
                &KEY_LIST,
                json!([{"id":"7","name":"CI","key_prefix":"acme","key_suffix":"abcdefgh",
                "is_active":"yes","created_at":"2026-01-01T00:00:00Z"}])
            )
            .unwrap_err(),
            "data[0].is_active: expected a boolean, got a string"
        );
    }

    #[test]
    fn the_snapshot_has_the_hook_fields() {
        assert_eq!(
            keys_snapshot(None).to_json(),
            json!({"keys": [], "loading": false, "fetching": false, "error": null})
        );
    }
}
