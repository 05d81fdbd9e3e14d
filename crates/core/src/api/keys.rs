//! API keys: wire shapes (wire contract §5.3–5.4), the caller's options and inputs (the
//! mutations that send them are in `key_mutations`), the list read, and the snapshot of
//! `apiAuthKeys`.

use super::endpoint::ReadEndpoint;
use crate::json::schema::{Field, Missing, Model, Shape};
use crate::json::Json;
use crate::model;
use crate::query::cache::EntryState;
use crate::query::kind::QueryKind;
use crate::query::read::Read;
#[cfg(test)]
use crate::query::read::{READ_ERROR, READ_FETCHING, READ_LOADING};

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

/// Input of `createKey`.
pub static CREATE_KEY_INPUT: Model = model!(
    "CreateKeyInput",
    "Input of `createKey`.",
    [
        Field::required("name", Shape::Str, "Name shown in lists; required by the server."),
        Field::or("expires_at", Shape::Str, Missing::Keep, "Optional expiry, RFC 3339 (e.g. `new Date(...).toISOString()`; a `Date` is accepted too)."),
    ]
);

/// Input of `rotateKey`.
pub static ROTATE_KEY_INPUT: Model = model!(
    "RotateKeyInput",
    "Input of `rotateKey`.",
    [Field::required("key_id", Shape::Str, "The key to rotate.")]
);

/// Input of `revokeKey`.
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

/// What `apiAuthKeys` stores show (for the `.d.ts`; a host test checks real snapshots
/// against it).
#[cfg(test)]
pub static KEYS_SNAPSHOT: Model = model!(
    "ApiAuthKeysSnapshot",
    "Snapshot of `apiAuthKeys`, as `useApiAuthKeys` returns it plus `fetching`.",
    [
        Field::required(
            "keys",
            Shape::List(&Shape::Object(&API_KEY)),
            "The keys; `[]` until loaded."
        ),
        READ_LOADING,
        READ_FETCHING,
        READ_ERROR,
    ]
);

/// The models of this module, for the `.d.ts`.
#[cfg(test)]
pub static MODELS: &[&Model] = &[
    &API_KEY,
    &API_KEY_WITH_SECRET,
    &REVOKE_RESULT,
    &KEY_LIST_OPTIONS,
    &CREATE_KEY_INPUT,
    &ROTATE_KEY_INPUT,
    &REVOKE_KEY_INPUT,
    &KEYS_SNAPSHOT,
];

/// `GET /api-auth/keys[?status=]`.
pub static KEYS_READ: ReadEndpoint = ReadEndpoint {
    kind: QueryKind::Keys,
    path: "/api-auth/keys",
    options: &KEY_LIST_OPTIONS,
    shape: &KEY_LIST,
};

/// Snapshot of `apiAuthKeys`: `{ keys, loading, fetching, error }` (`keys` is `[]` until loaded).
pub fn keys_snapshot<J: Json>(state: Option<&EntryState<J>>, _options: &J) -> J {
    let read = Read::of(state);
    let keys = read.data.clone().unwrap_or_else(|| J::array(Vec::new()));
    read.snapshot(&[("keys", keys)])
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::HostJson;
    use crate::session::config::Mode;
    use serde_json::json;

    #[test]
    fn the_list_request_matches_the_hook() {
        let url = |json: serde_json::Value| {
            let options = KEYS_READ.options(&HostJson::from(json)).unwrap();
            KEYS_READ
                .query(&options)
                .request
                .to_http("http://h", Mode::Production, None)
                .url
        };
        assert_eq!(url(json!(null)), "http://h/api-auth/keys");
        assert_eq!(
            url(json!({"status": "revoked"})),
            "http://h/api-auth/keys?status=revoked"
        );
        assert_eq!(url(json!({"status": ""})), "http://h/api-auth/keys");
        let error = KEYS_READ
            .options(&HostJson::from(json!({"status": 1})))
            .unwrap_err();
        assert_eq!(
            error.message,
            "options.status: expected a string, got a number"
        );
    }

    fn checked(shape: &Shape, data: serde_json::Value) -> Result<serde_json::Value, String> {
        crate::json::schema::check(&HostJson::from(data), shape)
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
            keys_snapshot(None, &HostJson::object()).to_json(),
            json!({"keys": [], "loading": false, "fetching": false, "error": null})
        );
    }
}
