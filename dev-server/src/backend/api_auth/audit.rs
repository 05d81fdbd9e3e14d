//! `/api-auth/apps/{slug}/audit/{logs,analytics,timeseries}`: the frontend API's audit reads
//! (the same code and query fields) for an app of the backend key's deployment, answered bare.
//! Bad query values are 400s here; entries carry `rate_limits` as JSON, not as text.

use super::apps::find_app;
use crate::backend::auth::authenticate;
use crate::backend::error::BackendError;
use crate::backend::path::path_param;
use crate::frontend::api_auth::{audit_analytics, audit_logs, audit_timeseries};
use crate::frontend::envelope::FrontendError;
use crate::ids::now_ms;
use crate::state::AppState;
use crate::store::Store;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

/// Which read.
#[derive(Debug, Clone, Copy)]
enum Read {
    Logs,
    Analytics,
    Timeseries,
}

/// The frontend read's error as a backend 400 with its text.
fn bad_query(error: FrontendError) -> BackendError {
    BackendError::new(StatusCode::BAD_REQUEST, error.message)
}

fn read(
    state: &AppState,
    headers: &HeaderMap,
    slug: Result<Path<String>, PathRejection>,
    uri: &Uri,
    which: Read,
) -> Result<Response, BackendError> {
    let store = state.lock();
    let deployment_id = authenticate(&store, headers)?;
    let slug = path_param(slug)?;
    let slug = slug.as_str();
    find_app(&store, &deployment_id, slug)?;
    let store: &Store = &store;
    let (query, now) = (uri.query(), now_ms());
    let answer = match which {
        Read::Logs => {
            let mut page = audit_logs::logs_page(store, &deployment_id, slug, query, now)
                .map_err(bad_query)?;
            if let Some(entries) = page["data"].as_array_mut() {
                for entry in entries {
                    let parsed = entry["rate_limits"]
                        .as_str()
                        .and_then(|text| serde_json::from_str::<Value>(text).ok());
                    if let Some(parsed) = parsed {
                        entry["rate_limits"] = parsed;
                    }
                }
            }
            page
        }
        Read::Analytics => audit_analytics::analytics(store, &deployment_id, slug, query, now)
            .map_err(bad_query)?,
        Read::Timeseries => audit_timeseries::timeseries(store, &deployment_id, slug, query, now)
            .map_err(bad_query)?,
    };
    Ok(Json(answer).into_response())
}

/// `GET /api-auth/apps/{slug}/audit/logs` → `{data, limit, has_more, next_cursor?}`.
pub async fn logs(
    State(state): State<AppState>,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Result<Response, BackendError> {
    read(&state, &headers, slug, &uri, Read::Logs)
}

/// `GET /api-auth/apps/{slug}/audit/analytics` → the analytics object.
pub async fn analytics(
    State(state): State<AppState>,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Result<Response, BackendError> {
    read(&state, &headers, slug, &uri, Read::Analytics)
}

/// `GET /api-auth/apps/{slug}/audit/timeseries` → `{data, interval}` (`data` never `null`).
pub async fn timeseries(
    State(state): State<AppState>,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Result<Response, BackendError> {
    read(&state, &headers, slug, &uri, Read::Timeseries)
}
