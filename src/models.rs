//! Wire models of the API-auth app session, decoded tolerantly (contract §5, project decisions).
//!
//! Field names are the wire names, which are also the names the Wacht hooks expose to JS.

use serde::{Deserialize, Deserializer, Serialize};

/// One rate-limit rule of the app's scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct RateLimit {
    /// `millisecond`, `second`, `minute`, `hour`, `day`, `calendar_day`, `month`, `calendar_month`.
    pub unit: String,
    /// How many units the window lasts.
    pub duration: i64,
    /// Requests allowed per window.
    pub max_requests: i64,
    /// `per_app`, `per_key`, `per_key_and_ip`, `per_app_and_ip` (absent: server default).
    #[serde(default)]
    pub mode: Option<String>,
}

/// The API-auth app a session gives access to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "RawApiAuthAppInfo")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ApiAuthAppInfo {
    /// App id; the newest servers omit it, so it falls back to `app_slug`.
    pub id: String,
    /// The app's slug, e.g. `aa_42`.
    pub app_slug: String,
    /// Display name.
    pub name: String,
    /// Prefix of every key secret (without the joining `_`). Empty in ticket-exchange responses,
    /// which do not carry it; read the session for the full record.
    pub key_prefix: String,
    /// Optional description.
    pub description: Option<String>,
    /// Whether the app accepts keys.
    pub is_active: bool,
    /// Rules of the app's rate-limit scheme (`[]` when none or not sent).
    pub rate_limits: Vec<RateLimit>,
}

#[derive(Deserialize)]
struct RawApiAuthAppInfo {
    #[serde(default, deserialize_with = "opt_string_or_number")]
    id: Option<String>,
    app_slug: String,
    name: String,
    #[serde(default)]
    key_prefix: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    is_active: bool,
    #[serde(default)]
    rate_limits: Option<Vec<RateLimit>>,
}

impl From<RawApiAuthAppInfo> for ApiAuthAppInfo {
    fn from(raw: RawApiAuthAppInfo) -> Self {
        ApiAuthAppInfo {
            id: raw
                .id
                .filter(|id| !id.is_empty())
                .unwrap_or_else(|| raw.app_slug.clone()),
            app_slug: raw.app_slug,
            name: raw.name,
            key_prefix: raw.key_prefix.unwrap_or_default(),
            description: raw.description,
            is_active: raw.is_active,
            rate_limits: raw.rate_limits.unwrap_or_default(),
        }
    }
}

/// `GET /api-auth/session` data: the app session and its app.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ApiAuthAppSessionData {
    /// The API-auth app session id (decimal string).
    #[serde(deserialize_with = "string_or_number")]
    pub session_id: String,
    /// The app this session manages.
    pub api_auth_app: ApiAuthAppInfo,
}

/// The part of `GET /deployment` the client needs.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DeploymentInfo {
    /// `"staging"` or `"production"`.
    pub mode: String,
}

/// Accepts a JSON string or number as a string (64-bit ids are strings on the wire, but older
/// servers sent numbers).
pub fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a string or number id, got {other}"
        ))),
    }
}

/// Like [`string_or_number`], with `null`/absent as `None`.
pub fn opt_string_or_number<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(s) => Ok(Some(s)),
        serde_json::Value::Number(n) => Ok(Some(n.to_string())),
        other => Err(serde::de::Error::custom(format!(
            "expected a string or number id, got {other}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn session_data_decodes_the_newest_server_shape() {
        let data: ApiAuthAppSessionData = serde_json::from_value(json!({
            "session_id": "7300000000000000001",
            "api_auth_app": {"app_slug":"aa_42","name":"Acme","key_prefix":"acme_live","is_active":true,
                "rate_limits":[{"unit":"minute","duration":1,"max_requests":100,"mode":"per_key"},{"unit":"day","duration":1,"max_requests":5}]}
        }))
        .unwrap();
        assert_eq!(data.session_id, "7300000000000000001");
        assert_eq!(data.api_auth_app.id, "aa_42", "id falls back to app_slug");
        assert_eq!(data.api_auth_app.description, None);
        assert_eq!(data.api_auth_app.rate_limits.len(), 2);
        assert_eq!(data.api_auth_app.rate_limits[1].mode, None);
    }

    #[test]
    fn tolerates_null_rate_limits_numeric_ids_and_missing_prefix() {
        let app: ApiAuthAppInfo = serde_json::from_value(json!({
            "id": 12, "app_slug":"aa_1","name":"N","description":"d","is_active":true,"rate_limits":null
        }))
        .unwrap();
        assert_eq!(
            (
                app.id.as_str(),
                app.key_prefix.as_str(),
                app.rate_limits.len()
            ),
            ("12", "", 0)
        );
        let data: ApiAuthAppSessionData = serde_json::from_value(
            json!({"session_id": 5, "api_auth_app": {"app_slug":"a","name":"n"}}),
        )
        .unwrap();
        assert_eq!(data.session_id, "5");
    }

    #[test]
    fn rejects_wrong_types() {
        assert!(serde_json::from_value::<ApiAuthAppSessionData>(
            json!({"session_id": true, "api_auth_app": {"app_slug":"a","name":"n"}})
        )
        .is_err());
        assert!(serde_json::from_value::<ApiAuthAppSessionData>(
            json!({"session_id": "1", "api_auth_app": {"name":"n"}})
        )
        .is_err());
        assert!(serde_json::from_value::<RateLimit>(
            json!({"unit":"minute","duration":"1","max_requests":1})
        )
        .is_err());
    }
}
