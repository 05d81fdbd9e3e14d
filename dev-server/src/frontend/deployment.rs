//! `GET /deployment` (wire contract §1.2) and the publishable key (wire contract §1.1).

use super::browser_session::CurrentSession;
use super::envelope::{self, FrontendError};
use crate::config::Mode;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use axum::Extension;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::json;

/// `pk_test_<b64>` (staging) or `pk_live_<b64>` (production), `<b64>` = standard base64 with
/// padding of the frontend API origin, e.g. `http://127.0.0.1:8787`.
pub fn publishable_key(mode: Mode, origin: &str) -> String {
    let prefix = match mode {
        Mode::Staging => "pk_test_",
        Mode::Production => "pk_live_",
    };
    format!("{prefix}{}", STANDARD.encode(origin))
}

/// `GET /deployment`: the deployment the request resolved to, in the envelope.
pub async fn get_deployment(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
) -> Result<Response, FrontendError> {
    let store = state.lock();
    let deployment = store
        .deployment(&current.deployment_id)
        .ok_or_else(|| FrontendError::not_found("Deployment not found"))?;
    Ok(envelope::success(json!({
        "id": deployment.id,
        "mode": deployment.mode.as_str(),
        "backend_host": deployment.backend_host,
        "frontend_host": deployment.frontend_host,
        "publishable_key": publishable_key(deployment.mode, &deployment.backend_host),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_matches_contract_example() {
        assert_eq!(
            publishable_key(Mode::Staging, "http://localhost:8787"),
            "pk_test_aHR0cDovL2xvY2FsaG9zdDo4Nzg3"
        );
        assert!(publishable_key(Mode::Production, "http://localhost:8787").starts_with("pk_live_"));
    }
}
