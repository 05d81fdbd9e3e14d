//! `POST /v1/authz/check` (wire contract §6.2): the gateway's API-key check, rate limiting and
//! audit writing.
//!
//! Request JSON: `{principal:{type:"api_key", value}, resource, method, client_ip?, user_agent?,
//! required_permissions?}`. Order of checks:
//! 1. body longer than [`MAX_BODY_BYTES`] → 413; body, `principal.type`, method (GET POST PUT
//!    PATCH DELETE HEAD OPTIONS, any case) and resource (`?…`/`#…` stripped, exactly one leading
//!    `/`, must not be empty) → 400;
//! 2. an empty or malformed key → 401 JSON `{"allowed":false}`; a well-formed key that is not a
//!    live key of an active app → 401 plain text "Invalid API key"; an expired one → 401 JSON
//!    `{"allowed":false}`. No caching, and none of these writes an audit entry;
//! 3. `required_permissions` ⊄ key permissions → blocked, reason `permission_denied`;
//! 4. rate limits ([`crate::rate_limit`]) → blocked, reason `rate_limited`, by the first
//!    exhausted rule.
//!
//! Steps 3–4 write one audit entry (`VALID`/`BLOCKED`) and answer HTTP 200 (allowed or blocked
//! alike): `{allowed, reason, blocked_rule, identity {key_id, deployment_id, app_slug, key_name,
//! key_prefix}, permissions, metadata, rate_limits, retry_after, headers, request_id}` — the
//! rate-limit headers are also sent as HTTP headers. The 400/413 errors use the backend shape
//! `{"errors":[{"message","code"}]}`. The key value is never logged or stored.

use crate::backend::error::BackendError;
use crate::http::MAX_BODY_BYTES;
use crate::ids::now_ms;
use crate::rate_limit::{
    applicable_rules, ceil_seconds, default_rules, Decision, RateLimitRule, Subject,
};
use crate::state::AppState;
use crate::store::api_key::{has_valid_format, hash_secret, ApiKey};
use crate::store::audit::{AuditEntry, BLOCKED, VALID};
use crate::store::Store;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{ACCESS_CONTROL_EXPOSE_HEADERS, CONTENT_TYPE, USER_AGENT};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::net::SocketAddr;

/// Methods a check may name.
const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
/// Rule name of a failed permission check.
pub const PERMISSION_DENIED: &str = "permission_denied";
/// `reason` of a check blocked by a rate limit.
pub const RATE_LIMITED: &str = "rate_limited";
/// Stand-in for a missing client IP (in-process requests have no peer address).
const UNKNOWN: &str = "unknown";

/// JSON body of a check. Unknown fields are ignored.
#[derive(Debug, Deserialize)]
pub struct CheckRequest {
    /// The credential.
    pub principal: Principal,
    /// Resource path, e.g. `/v1/users?page=2`.
    pub resource: String,
    /// HTTP method of the checked request.
    pub method: String,
    /// Caller IP reported by the API server; else the TCP peer.
    pub client_ip: Option<String>,
    /// Caller user agent reported by the API server; else this request's `User-Agent`.
    pub user_agent: Option<String>,
    /// Permissions that must all be granted.
    pub required_permissions: Option<Vec<String>>,
}

/// `principal` of a check.
#[derive(Deserialize)]
pub struct Principal {
    /// Only `api_key` is supported.
    #[serde(rename = "type")]
    pub kind: String,
    /// The API key.
    pub value: String,
}

// Hand-written so the key never shows up in a Debug dump.
impl std::fmt::Debug for Principal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Principal")
            .field("kind", &self.kind)
            .field("value", &"[redacted]")
            .finish()
    }
}

/// Upper-cased method if it is one of [`METHODS`].
pub fn normalize_method(method: &str) -> Option<String> {
    let upper = method.trim().to_ascii_uppercase();
    METHODS.contains(&upper.as_str()).then_some(upper)
}

/// Resource without query or fragment and with exactly one leading `/`; `None` when empty.
pub fn normalize_resource(resource: &str) -> Option<String> {
    let end = resource.find(['?', '#']).unwrap_or(resource.len());
    let path = resource[..end].trim();
    if path.is_empty() {
        return None;
    }
    Some(format!("/{}", path.trim_start_matches('/')))
}

fn bad_request(message: &str) -> Response {
    BackendError::bad_request(message).into_response()
}

/// 401 plain text "Invalid API key": a well-formed key the gateway does not know.
fn unknown_key() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Invalid API key",
    )
        .into_response()
}

/// 401 JSON `{"allowed":false}`: an empty, malformed or expired key.
fn not_allowed() -> Response {
    (StatusCode::UNAUTHORIZED, Json(json!({ "allowed": false }))).into_response()
}

/// `POST /v1/authz/check`.
pub async fn check(State(state): State<AppState>, request: Request) -> Response {
    let peer_ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string());
    let header_user_agent = request
        .headers()
        .get(USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string);
    let body = match axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(error) if is_too_long(&error) => {
            return BackendError::new(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large")
                .into_response()
        }
        Err(_) => return bad_request("Invalid request body"),
    };
    let check: CheckRequest = match serde_json::from_slice(&body) {
        Ok(check) => check,
        Err(error) => return bad_request(&format!("Invalid request body: {error}")),
    };
    if check.principal.kind != "api_key" {
        return bad_request("Unsupported principal type");
    }
    let Some(method) = normalize_method(&check.method) else {
        return bad_request("Invalid method");
    };
    let Some(resource) = normalize_resource(&check.resource) else {
        return bad_request("Invalid resource");
    };
    let presented = check.principal.value.trim();
    if !has_valid_format(presented) {
        return not_allowed();
    }
    let key_hash = hash_secret(presented);
    let client_ip = non_empty(check.client_ip)
        .or(peer_ip)
        .unwrap_or_else(|| UNKNOWN.to_string());
    let user_agent = non_empty(check.user_agent)
        .or_else(|| non_empty(header_user_agent))
        .unwrap_or_else(|| UNKNOWN.to_string());

    let now = now_ms();
    let mut store = state.lock();
    let key = match live_key(&store, &key_hash) {
        Some(key) => key,
        None => return unknown_key(),
    };
    if key.expires_at_ms.is_some_and(|at| at < now) {
        return not_allowed();
    }

    let mut permissions = key.permissions.clone();
    permissions.sort();
    permissions.dedup();
    let permitted = check
        .required_permissions
        .unwrap_or_default()
        .iter()
        .map(|permission| permission.trim())
        .filter(|permission| !permission.is_empty())
        .all(|permission| permissions.iter().any(|granted| granted == permission));

    let decision = if permitted {
        let rules = applicable_rules(&rules_for(&store, &key), &resource);
        let subject = Subject {
            deployment_id: &key.deployment_id,
            app_slug: &key.app_slug,
            key_id: &key.id,
            resource: &resource,
            client_ip: &client_ip,
        };
        store.rate_limit_counters.evaluate(&rules, &subject, now)
    } else {
        Decision {
            checks: Vec::new(),
            blocked_by: Some(PERMISSION_DENIED.to_string()),
        }
    };
    let states = decision.states();
    let request_id = format!("req_{}", store.ids.next_id());
    let entry = AuditEntry {
        request_id: request_id.clone(),
        deployment_id: key.deployment_id.clone(),
        app_slug: key.app_slug.clone(),
        key_id: key.id.clone(),
        key_name: key.name.clone(),
        outcome: if decision.allowed() { VALID } else { BLOCKED }.to_string(),
        blocked_by_rule: decision.blocked_by.clone(),
        client_ip,
        path: format!("{method} {resource}"),
        user_agent,
        rate_limits: Some(serde_json::to_string(&states).unwrap_or_else(|_| "[]".to_string())),
        timestamp_ms: now,
    };
    if let Err(error) = store.insert_audit(entry) {
        eprintln!("wacht-dev-server: cannot write the data file: {error}");
        return BackendError::internal().into_response();
    }
    // The key was presented and recognised: that is a use, whatever the limits decided.
    let mut used = key.clone();
    used.last_used_at_ms = Some(now);
    if let Err(error) = store.save_keys(vec![used]) {
        eprintln!("wacht-dev-server: cannot write the data file: {error}");
        return BackendError::internal().into_response();
    }
    store.rate_limit_counters.commit(&decision, now);
    drop(store);

    let pairs = rate_limit_headers(&decision, now);
    let header_object: serde_json::Map<String, Value> = pairs
        .iter()
        .map(|(name, value)| (name.clone(), json!(value)))
        .collect();
    let retry_after = decision
        .blocked_by
        .as_ref()
        .and_then(|_| decision.retry_after_seconds(now));
    let reason = match &decision.blocked_by {
        None => None,
        Some(_) if !permitted => Some(PERMISSION_DENIED),
        Some(_) => Some(RATE_LIMITED),
    };
    let body = json!({
        "allowed": decision.allowed(),
        "reason": reason,
        "blocked_rule": decision.blocked_by,
        "identity": {
            "key_id": key.id,
            "deployment_id": key.deployment_id,
            "app_slug": key.app_slug,
            "key_name": key.name,
            "key_prefix": key.key_prefix,
        },
        "permissions": permissions,
        "metadata": key.metadata,
        "rate_limits": states,
        "retry_after": retry_after,
        "headers": header_object,
        "request_id": request_id,
    });
    let mut response = (StatusCode::OK, Json(body)).into_response();
    add_headers(response.headers_mut(), &pairs);
    response
}

/// The live key (`is_active AND revoked_at IS NULL`) with this hash whose app is active and not
/// deleted.
fn live_key(store: &Store, key_hash: &str) -> Option<ApiKey> {
    store
        .api_keys
        .iter()
        .find(|key| key.key_hash == key_hash && key.is_live())
        .filter(|key| {
            store
                .api_auth_app(&key.deployment_id, &key.app_slug)
                .is_some_and(|app| app.is_active)
        })
        .cloned()
}

/// Rules of the key's scheme, else the app's; the gateway default when neither exists.
fn rules_for(store: &Store, key: &ApiKey) -> Vec<RateLimitRule> {
    let scheme = key.rate_limit_scheme_slug.clone().or_else(|| {
        store
            .api_auth_app(&key.deployment_id, &key.app_slug)
            .and_then(|app| app.rate_limit_scheme_slug.clone())
    });
    let scheme_exists = scheme
        .as_deref()
        .is_some_and(|slug| store.rate_limit_scheme(&key.deployment_id, slug).is_some());
    if scheme_exists {
        store.rate_limit_rules(&key.deployment_id, scheme.as_deref())
    } else {
        default_rules()
    }
}

/// The rate-limit headers of `decision`: `X-RateLimit-<rule>-Limit|Remaining|Reset` for every
/// checked rule, plus `Retry-After` when blocked by a rule with a window.
fn rate_limit_headers(decision: &Decision, now_ms: i64) -> Vec<(String, String)> {
    let states = decision.states();
    let mut pairs = Vec::new();
    for (check, state) in decision.checks.iter().zip(&states) {
        let values = [
            ("Limit", check.limit.to_string()),
            ("Remaining", state.remaining.to_string()),
            ("Reset", ceil_seconds(check.window.end_ms).to_string()),
        ];
        for (suffix, value) in values {
            pairs.push((format!("X-RateLimit-{}-{suffix}", check.label), value));
        }
    }
    if decision.blocked_by.is_some() {
        if let Some(seconds) = decision.retry_after_seconds(now_ms) {
            pairs.push(("Retry-After".to_string(), seconds.to_string()));
        }
    }
    pairs
}

/// Sets `pairs` as HTTP headers and exposes them to the page (CORS).
fn add_headers(headers: &mut HeaderMap, pairs: &[(String, String)]) {
    let mut exposed: Vec<&str> = Vec::new();
    for (name, value) in pairs {
        if let (Ok(header), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(value.as_str()),
        ) {
            headers.insert(header, value);
            if !exposed.contains(&name.as_str()) {
                exposed.push(name);
            }
        }
    }
    if exposed.is_empty() {
        return;
    }
    if let Ok(value) = HeaderValue::try_from(exposed.join(", ")) {
        headers.insert(ACCESS_CONTROL_EXPOSE_HEADERS, value);
    }
}

/// True when reading the body failed because it is longer than [`MAX_BODY_BYTES`].
fn is_too_long(error: &axum::Error) -> bool {
    std::error::Error::source(error)
        .is_some_and(|inner| inner.is::<http_body_util::LengthLimitError>())
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_principal_debug_dump_hides_the_key() {
        let principal = Principal {
            kind: "api_key".to_string(),
            value: "acme_test_secret".to_string(),
        };
        let debug = format!("{principal:?}");
        assert!(!debug.contains("acme_test_secret"), "{debug}");
        assert!(
            debug.contains("api_key") && debug.contains("[redacted]"),
            "{debug}"
        );
    }

    #[test]
    fn methods() {
        assert_eq!(normalize_method("get").as_deref(), Some("GET"));
        assert_eq!(normalize_method(" Options ").as_deref(), Some("OPTIONS"));
        assert_eq!(normalize_method("TRACE"), None);
        assert_eq!(normalize_method(""), None);
    }

    #[test]
    fn resources() {
        assert_eq!(
            normalize_resource("/v1/users?page=2").as_deref(),
            Some("/v1/users")
        );
        assert_eq!(
            normalize_resource("v1/users#x").as_deref(),
            Some("/v1/users")
        );
        assert_eq!(
            normalize_resource("//v1/users").as_deref(),
            Some("/v1/users")
        );
        assert_eq!(normalize_resource("/").as_deref(), Some("/"));
        assert_eq!(normalize_resource("?a=1"), None);
        assert_eq!(normalize_resource("  "), None);
    }
}
