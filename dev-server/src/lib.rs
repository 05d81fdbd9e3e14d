//! Local Wacht-compatible dev server.
//!
//! * Frontend API (contract §1.5, §2.1, §3): `GET /deployment`, `GET /session/ticket/exchange`,
//!   `GET /api-auth/session`, `GET|POST /api-auth/keys`, `POST /api-auth/keys/{id}/rotate|revoke`,
//!   `GET /api-auth/audit/{logs,analytics,timeseries}` — browser-session prelude, envelope,
//!   mode-dependent CORS.
//! * Backend API (§4): `POST /session/tickets` (Bearer backend key).
//! * Gateway (§6.2): `POST /v1/authz/check` (API key check, rate limits, audit entries).
//! * Optional `--data <file>`: keys and audit entries persisted in SQLite.
//! * Demo app backend: `POST /api/settings/api-keys/embed-ticket` behind the app's policy
//!   (signed-in identity, role, tenant ownership and status), `GET /api/config`, and a fake
//!   sign-in: `GET /api/demo/identities`, `POST /api/demo/sign-in|sign-out`.
//! * Bounded state: expired tickets and app sessions, idle browser sessions and ended
//!   rate-limit counters are dropped every minute by a task of [`serve`] (see [`prune`]).
//! * Test support: `GET|DELETE /__dev/requests`, `POST /__dev/latency`,
//!   `GET|POST|DELETE /__dev/faults` (injected status answers, hangs and connection resets on
//!   every other route; see [`faults`]).
//! * Vanity page: `GET /vanity/api-auth[/]` serves `<www>/vanity.html`.
//! * Static files: `/pkg/*` from `--pkg`, everything else from `--www`.

#![warn(missing_docs)]

pub mod api_auth;
pub mod api_key;
pub mod app_backend;
pub mod audit;
pub mod audit_analytics;
pub mod audit_logs;
pub mod audit_query;
pub mod audit_timeseries;
pub mod backend_auth;
pub mod backend_error;
pub mod browser_session;
pub mod config;
pub mod connections;
pub mod cors;
pub mod demo_sign_in;
pub mod deployment;
pub mod embed_policy;
pub mod envelope;
pub mod faults;
pub mod form;
pub mod gateway;
pub mod ids;
pub mod key_routes;
pub mod latency;
pub mod persistence;
pub mod prune;
pub mod query;
pub mod rate_limit;
pub mod request_log;
pub mod seed;
pub mod state;
pub mod tenants;
pub mod ticket_exchange;
pub mod tickets;
pub mod timestamps;
pub mod vanity;

use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;
use config::Config;
use state::{AppState, Settings};
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use tokio::net::TcpListener;
use tower_http::services::ServeDir;

/// Largest request body any route reads (form and JSON bodies): a longer one is answered 413
/// before a handler sees it (axum's [`DefaultBodyLimit`] for the extractors; the gateway, which
/// reads its body itself, applies the same cap).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The whole application for `state` (static files from its `www_dir` / `pkg_dir`).
///
/// Every group but `/__dev/*` has the fault layer ([`faults::inject`]) just inside its CORS
/// layer (if any), so injected answers get the group's CORS headers. Bodies are capped at
/// [`MAX_BODY_BYTES`].
pub fn router(state: AppState) -> Router {
    let settings = state.settings().clone();
    let faults = from_fn_with_state(state.clone(), faults::inject);
    let frontend_api = Router::new()
        .route("/deployment", get(deployment::get_deployment))
        .route(
            "/session/ticket/exchange",
            get(ticket_exchange::exchange_ticket),
        )
        .merge(api_auth::routes())
        .layer(from_fn_with_state(state.clone(), browser_session::prelude))
        .layer(from_fn_with_state(state.clone(), latency::delay))
        .layer(faults.clone())
        .layer(cors::frontend(settings.mode));

    let backend_api = Router::new()
        .route("/session/tickets", post(tickets::create_session_ticket))
        .layer(faults.clone())
        .layer(cors::loopback_only());

    let app_backend = Router::new()
        .route(
            "/api/settings/api-keys/embed-ticket",
            post(app_backend::embed_ticket),
        )
        .route("/api/config", get(app_backend::config))
        .route("/api/demo/identities", get(demo_sign_in::list_identities))
        .route("/api/demo/sign-in", post(demo_sign_in::sign_in))
        .route("/api/demo/sign-out", post(demo_sign_in::sign_out))
        .layer(faults.clone())
        .layer(cors::loopback_only());

    let gateway = Router::new()
        .route("/v1/authz/check", post(gateway::check))
        .layer(faults.clone())
        .layer(cors::gateway());

    let dev = Router::new()
        .route(
            "/__dev/requests",
            get(request_log::list_requests).delete(request_log::clear_requests),
        )
        .route("/__dev/latency", post(latency::set_latency))
        .route(
            "/__dev/faults",
            get(faults::list_faults)
                .post(faults::add_fault)
                .delete(faults::clear_faults),
        )
        .layer(cors::loopback_only());

    // Vanity page and static files (no CORS); the fallback answers every other path.
    let files = vanity::routes(&settings.www_dir)
        .nest_service("/pkg", ServeDir::new(&settings.pkg_dir))
        .fallback_service(ServeDir::new(&settings.www_dir))
        .layer(faults);

    Router::new()
        .merge(frontend_api)
        .merge(backend_api)
        .merge(app_backend)
        .merge(gateway)
        .merge(dev)
        .merge(files)
        .with_state(state.clone())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(from_fn_with_state(state, request_log::log_requests))
}

/// Binds `config.host:config.port` (port 0 picks a free port).
pub async fn bind(config: &Config) -> std::io::Result<TcpListener> {
    TcpListener::bind((config.host.as_str(), config.port)).await
}

/// The origin browsers use for a server bound at `addr`. An unspecified address (`0.0.0.0`,
/// `::`) is reached through loopback, so the origin names `127.0.0.1` / `[::1]` instead.
pub fn origin_for(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

/// A seeded state for a server listening on `listener`: in memory, or backed by
/// `config.data_file` when `--data` was given.
pub fn state_for(config: &Config, listener: &TcpListener) -> Result<AppState, String> {
    let addr = listener
        .local_addr()
        .map_err(|error| format!("cannot read the bound address: {error}"))?;
    let settings = Settings::new(config, &origin_for(addr));
    match &config.data_file {
        Some(path) => AppState::with_data_file(settings, path),
        None => Ok(AppState::new(settings)),
    }
}

/// Serves `router(state)` on `listener` until `shutdown` completes, then finishes the
/// requests in flight (a request held by a `hang_ms` fault finishes its wait first). Peer
/// addresses are made available to the gateway (`ConnectInfo<SocketAddr>`), and each
/// connection's [`connections::ConnectionHandle`] to the faults. Meanwhile [`prune::run`]
/// bounds the state; it stops with the server (or when this future is dropped).
pub async fn serve<F>(listener: TcpListener, state: AppState, shutdown: F) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let app = router(state.clone())
        .layer(from_fn_with_state(
            state.clone(),
            connections::track_requests,
        ))
        .into_make_service_with_connect_info::<connections::Peer>();
    let server = axum::serve(
        connections::ResettableListener::new(listener, state.clone()),
        app,
    )
    .with_graceful_shutdown(shutdown);
    tokio::select! {
        result = std::future::IntoFuture::into_future(server) => result,
        () = prune::run(state) => Ok(()),
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM. The handlers are installed by this call, not when
/// the future is first polled (axum polls it in a task of its own, possibly after the first
/// connections), so a signal sent right after the startup lines is not lost. Call it before
/// announcing the server.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, Signal, SignalKind};
        // If a handler cannot be installed, its branch never completes.
        async fn received(signal: Option<Signal>) {
            match signal {
                Some(mut signal) => {
                    signal.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        }
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        async move {
            tokio::select! {
                _ = received(interrupt) => {},
                _ = received(terminate) => {},
            }
        }
    }
    #[cfg(not(unix))]
    async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
