//! Hosted vanity page of API-auth tickets: `GET /vanity/api-auth[/]?ticket=…` serves
//! `<www>/vanity.html` whatever the query (the page reads the ticket itself). The mint's `url`
//! for `api_auth_access` tickets is `<backend_host>/vanity/api-auth?ticket=…`.
//!
//! The ticket sits in the page's URL, so the page is sent with `Referrer-Policy: no-referrer`
//! (its subresource requests do not carry the URL) and `Cache-Control: no-store`. The request log
//! redacts `ticket=` as on every route.

use axum::http::header::{CACHE_CONTROL, REFERRER_POLICY};
use axum::http::HeaderValue;
use axum::middleware::map_response;
use axum::response::Response;
use axum::routing::get_service;
use axum::Router;
use std::path::Path;
use tower_http::services::ServeFile;

/// Path of the API-auth vanity page (also answered with a trailing `/`).
pub const API_AUTH_PATH: &str = "/vanity/api-auth";

/// File served for [`API_AUTH_PATH`], relative to the `--www` directory.
pub const API_AUTH_FILE: &str = "vanity.html";

/// Routes serving `<www_dir>/vanity.html` at `/vanity/api-auth` and `/vanity/api-auth/`
/// (404 when the file is missing).
pub fn routes<S>(www_dir: &Path) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let page = get_service(ServeFile::new(www_dir.join(API_AUTH_FILE)));
    Router::new()
        .route(API_AUTH_PATH, page.clone())
        .route(&format!("{API_AUTH_PATH}/"), page)
        .layer(map_response(private_page))
}

/// Keeps the ticket-bearing URL out of `Referer` headers and caches.
async fn private_page(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
