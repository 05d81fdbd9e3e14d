//! `POST /__dev/csp-reports`: where the demo's Content-Security-Policy sends its violation reports
//! (`report-uri`, see [`crate::http::page_headers`]), so tests in any browser can check that a
//! page broke nothing; `GET` lists them (`{"reports":[{document, directive, blocked}]}`),
//! `DELETE` clears them. Addresses are redacted as in the request log (tickets and dev-session
//! tokens never kept).

use crate::http::query::redacted_path_and_query;
use crate::state::AppState;
use crate::store::csp_reports::CspReport;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

/// Keeps the report in `body` (`{"csp-report": {...}}`, as browsers send it); 204, or 400 when
/// the body is no such report.
pub async fn receive(State(state): State<AppState>, body: Bytes) -> StatusCode {
    let Some(report) = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|value| parse(&value))
    else {
        return StatusCode::BAD_REQUEST;
    };
    println!(
        "csp violation: {} broke {} ({})",
        report.document, report.directive, report.blocked
    );
    state.lock().csp_reports.push(report);
    StatusCode::NO_CONTENT
}

/// The reports received since the last clear.
pub async fn list(State(state): State<AppState>) -> impl IntoResponse {
    Json(json!({ "reports": state.lock().csp_reports.list() }))
}

/// Forgets every report.
pub async fn clear(State(state): State<AppState>) -> StatusCode {
    state.lock().csp_reports.clear();
    StatusCode::NO_CONTENT
}

fn parse(value: &Value) -> Option<CspReport> {
    let report = value.get("csp-report")?;
    let field = |name: &str| report.get(name).and_then(Value::as_str).unwrap_or_default();
    let directive = match field("effective-directive") {
        "" => field("violated-directive"),
        directive => directive,
    };
    Some(CspReport {
        document: redacted(field("document-uri")),
        directive: directive.split(' ').next().unwrap_or_default().to_string(),
        blocked: redacted(field("blocked-uri")),
    })
}

/// `url` with the values of secret query parameters replaced.
fn redacted(url: &str) -> String {
    match url.split_once('?') {
        Some((path, query)) => redacted_path_and_query(path, Some(query)),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_report_and_redacts_tickets() {
        let report = parse(&json!({"csp-report": {
            "document-uri": "http://127.0.0.1:1/vanity/api-auth?ticket=secret&x=1",
            "violated-directive": "script-src 'self'",
            "blocked-uri": "wasm-eval",
        }}))
        .expect("a report");
        assert_eq!(
            report.document,
            "http://127.0.0.1:1/vanity/api-auth?ticket=[redacted]&x=1"
        );
        assert_eq!(report.directive, "script-src");
        assert_eq!(report.blocked, "wasm-eval");
        assert_eq!(parse(&json!({"other": 1})), None);
    }
}
