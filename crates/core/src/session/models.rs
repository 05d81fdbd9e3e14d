//! Wire shapes of the deployment and the API-auth app session (wire contract §5 and its project
//! decisions), checked tolerantly: field names are the wire names, which are also the names the
//! Wacht hooks expose to JS.

use crate::json::schema::{Field, Missing, Model, Shape};
use crate::json::Json;
use crate::model;

/// One rate-limit rule of the app's scheme.
pub static RATE_LIMIT: Model = model!(
    "RateLimit",
    "One rate-limit rule of the app's scheme.",
    [
        Field::required("unit", Shape::Str, "Window unit.").typed(
            "\"millisecond\" | \"second\" | \"minute\" | \"hour\" | \"day\" | \"calendar_day\" | \"month\" | \"calendar_month\" | (string & {})"
        ),
        Field::required("duration", Shape::Number, "How many units the window lasts."),
        Field::required("max_requests", Shape::Number, "Requests allowed per window."),
        Field::nullable("mode", Shape::Str, "What the rule counts per (absent: server default).")
            .typed("\"per_app\" | \"per_key\" | \"per_key_and_ip\" | \"per_app_and_ip\" | (string & {})"),
    ]
);

/// The API-auth app a session gives access to.
pub static API_AUTH_APP_INFO: Model = model!(
    "ApiAuthAppInfo",
    "The API-auth app a session gives access to.",
    [
        Field::required("app_slug", Shape::Str, "The app's slug, e.g. `aa_42`."),
        Field::or("id", Shape::Id, Missing::SameAs("app_slug"), "App id; the newest servers omit it, so it falls back to `app_slug`."),
        Field::required("name", Shape::Str, "Display name."),
        Field::or(
            "key_prefix",
            Shape::Str,
            Missing::EmptyString,
            "Prefix of every key secret. Empty in ticket-exchange responses; read the session for the full record."
        ),
        Field::nullable("description", Shape::Str, "Optional description."),
        Field::or("is_active", Shape::Bool, Missing::False, "Whether the app accepts keys."),
        Field::or(
            "rate_limits",
            Shape::List(&Shape::Object(&RATE_LIMIT)),
            Missing::EmptyList,
            "Rules of the app's rate-limit scheme (`[]` when none or not sent)."
        ),
    ]
);

/// `GET /api-auth/session` data.
pub static API_AUTH_APP_SESSION_DATA: Model = model!(
    "ApiAuthAppSessionData",
    "`GET /api-auth/session` data: the app session and its app.",
    [
        Field::required(
            "session_id",
            Shape::Id,
            "The API-auth app session id (decimal string)."
        ),
        Field::required(
            "api_auth_app",
            Shape::Object(&API_AUTH_APP_INFO),
            "The app this session manages."
        ),
    ]
);

/// The models of this module, for the `.d.ts`.
#[cfg(test)]
pub static MODELS: &[&Model] = &[
    &RATE_LIMIT,
    &API_AUTH_APP_INFO,
    &API_AUTH_APP_SESSION_DATA,
    &SESSION_SNAPSHOT,
];

/// What `apiAuthAppSession` stores show (for the `.d.ts`; a host test checks real snapshots
/// against it).
#[cfg(test)]
pub static SESSION_SNAPSHOT: Model = model!(
    "ApiAuthAppSessionSnapshot",
    "Snapshot of an API-auth app session store; the fields of `useApiAuthAppSession` plus `status`.",
    [
        Field::required(
            "hasSession",
            Shape::Bool,
            "`false` once the server said there is no session (true before the first read, like the hook)."
        ),
        Field::required(
            "sessionLoading",
            Shape::Bool,
            "True while exchanging the ticket or reading the session for the first time."
        ),
        Field::nullable(
            "sessionError",
            Shape::AnyObject,
            "Exchange error, else a read error other than \"no session\"."
        )
        .typed("WachtError"),
        Field::nullable("sessionId", Shape::Str, "The API-auth app session id."),
        Field::nullable(
            "apiAuthApp",
            Shape::Object(&API_AUTH_APP_INFO),
            "The app the session manages."
        ),
        Field::required(
            "ticketExchanged",
            Shape::Bool,
            "True once the ticket was exchanged (or when there was none)."
        ),
        Field::required("ticketLoading", Shape::Bool, "True while the ticket is exchanged."),
        Field::required("status", Shape::Str, "Where the session stands.").typed("SessionStatus"),
    ]
);

/// The shape of `GET /api-auth/session` data.
pub static SESSION_DATA: Shape = Shape::Object(&API_AUTH_APP_SESSION_DATA);

/// The part of `GET /deployment` the client needs.
pub static DEPLOYMENT: Shape = Shape::Object(&DEPLOYMENT_INFO);

static DEPLOYMENT_INFO: Model = model!(
    "DeploymentInfo",
    "The part of `GET /deployment` the client needs.",
    [Field::required(
        "mode",
        Shape::Str,
        "`staging` or `production`."
    )]
);

/// The API-auth app session as the client holds it: the id for Rust, the checked JS object for
/// snapshots. Two are equal when they hold the same JSON, so a refetch that brings the same
/// session leaves the snapshot as it was.
#[derive(Debug, Clone)]
pub struct SessionData<J: Json> {
    /// The API-auth app session id.
    pub session_id: String,
    /// The app (an `ApiAuthAppInfo`).
    pub api_auth_app: J,
    /// The whole `ApiAuthAppSessionData`, as `refetch()` resolves it.
    pub value: J,
}

impl<J: Json> PartialEq for SessionData<J> {
    fn eq(&self, other: &SessionData<J>) -> bool {
        self.session_id == other.session_id && self.value.same_json(&other.value)
    }
}

impl<J: Json> SessionData<J> {
    /// Reads checked `ApiAuthAppSessionData` (see [`SESSION_DATA`]).
    pub fn from_checked(value: J) -> SessionData<J> {
        let api_auth_app = value.get("api_auth_app");
        SessionData {
            session_id: value.string_at("session_id").unwrap_or_default(),
            api_auth_app,
            value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::schema::check;
    use crate::json::HostJson;
    use serde_json::json;

    fn session(data: serde_json::Value) -> Result<SessionData<HostJson>, String> {
        check(&HostJson::from(data), &SESSION_DATA)
            .map(SessionData::from_checked)
            .map_err(|m| m.describe("data"))
    }

    #[test]
    fn session_data_decodes_the_newest_server_shape() {
        let data = session(json!({
            "session_id": "7300000000000000001",
            "api_auth_app": {"app_slug":"aa_42","name":"Acme","key_prefix":"acme_live","is_active":true,
                "rate_limits":[{"unit":"minute","duration":1,"max_requests":100,"mode":"per_key"},{"unit":"day","duration":1,"max_requests":5}]}
        }))
        .unwrap();
        assert_eq!(data.session_id, "7300000000000000001");
        let app = data.api_auth_app.to_json();
        assert_eq!(app["id"], "aa_42", "id falls back to app_slug");
        assert_eq!(app["description"], serde_json::Value::Null);
        assert_eq!(app["rate_limits"].as_array().unwrap().len(), 2);
        assert_eq!(app["rate_limits"][1]["mode"], serde_json::Value::Null);
    }

    #[test]
    fn tolerates_null_rate_limits_numeric_ids_and_missing_prefix() {
        let app = HostJson::from(json!({
            "id": 12, "app_slug":"aa_1","name":"N","description":"d","is_active":true,"rate_limits":null
        }));
        let app = check(&app, &Shape::Object(&API_AUTH_APP_INFO))
            .unwrap()
            .to_json();
        assert_eq!(
            (
                &app["id"],
                &app["key_prefix"],
                app["rate_limits"].as_array().unwrap().len()
            ),
            (&json!("12"), &json!(""), 0)
        );
        let data =
            session(json!({"session_id": 5, "api_auth_app": {"app_slug":"a","name":"n"}})).unwrap();
        assert_eq!(data.session_id, "5");
        assert_eq!(data.value.to_json()["session_id"], "5");
    }

    #[test]
    fn rejects_wrong_types() {
        assert!(
            session(json!({"session_id": true, "api_auth_app": {"app_slug":"a","name":"n"}}))
                .is_err()
        );
        assert!(session(json!({"session_id": "1", "api_auth_app": {"name":"n"}})).is_err());
        let app = HostJson::from(json!({"id": "", "app_slug":"aa_1","name":"N"}));
        let app = check(&app, &Shape::Object(&API_AUTH_APP_INFO))
            .unwrap()
            .to_json();
        assert_eq!(app["id"], "aa_1", "an empty id falls back too");
        let rule = HostJson::from(json!({"unit":"minute","duration":"1","max_requests":1}));
        assert!(check(&rule, &Shape::Object(&RATE_LIMIT)).is_err());
    }
}
