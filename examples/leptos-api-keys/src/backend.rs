//! The app's own backend (here the dev server's demo app): its public config, and the endpoint
//! that checks the signed-in user against the app's policy and mints a short-lived
//! `api_auth_access` ticket. The browser never mints tickets; it passes each one to the client
//! and neither stores nor logs it.

use gloo_net::http::{Request, Response};
use serde::{Deserialize, Serialize};
use wacht_api_auth_web::{Error, ErrorCode};

/// What the page needs to make its client, as the app's backend serves it.
#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// `pk_test_...`: names the deployment's frontend API.
    pub publishable_key: String,
    /// The deployment whose keys this screen manages.
    pub deployment_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TicketRequest<'a> {
    deployment_id: &'a str,
}

#[derive(Deserialize)]
struct TicketAnswer {
    ticket: String,
}

/// `GET /api/config`.
pub async fn config() -> Result<Config, Error> {
    let response = Request::get("/api/config").send().await.map_err(network)?;
    json(checked(response, "the app's config")?).await
}

/// `POST /api/settings/api-keys/embed-ticket`: a ticket for `deployment_id`. A refusal by the
/// app's policy (401, 403) is `no_session`: the screen shows "Access required", not a crash.
pub async fn embed_ticket(deployment_id: String) -> Result<String, Error> {
    let body = TicketRequest { deployment_id: &deployment_id };
    let request = Request::post("/api/settings/api-keys/embed-ticket").json(&body).map_err(decode)?;
    let response = request.send().await.map_err(network)?;
    match response.status() {
        status @ (401 | 403) => Err(Error::with_status(
            ErrorCode::NoSession,
            status,
            "Your role or organization cannot manage API keys for this deployment.",
        )),
        _ => Ok(json::<TicketAnswer>(checked(response, "the ticket endpoint")?).await?.ticket),
    }
}

fn checked(response: Response, what: &str) -> Result<Response, Error> {
    if response.ok() {
        return Ok(response);
    }
    let message = format!("{what} answered {}", response.status());
    Err(Error::with_status(ErrorCode::Http, response.status(), message))
}

async fn json<T: for<'de> Deserialize<'de>>(response: Response) -> Result<T, Error> {
    response.json().await.map_err(decode)
}

fn network(error: gloo_net::Error) -> Error {
    Error::new(ErrorCode::Network, error.to_string())
}

fn decode(error: gloo_net::Error) -> Error {
    Error::new(ErrorCode::Decode, error.to_string())
}
