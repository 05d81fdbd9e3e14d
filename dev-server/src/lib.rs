//! Local Wacht-compatible dev server. One folder per area, each with its routes in its `mod.rs`:
//!
//! * [`frontend`] — the frontend API (wire contract §1.5, §2.1, §3): `GET /deployment`,
//!   `GET /session/ticket/exchange`, `GET /api-auth/session`, `GET|POST /api-auth/keys`,
//!   `POST /api-auth/keys/{id}/rotate|revoke`, `GET /api-auth/audit/{logs,analytics,timeseries}`
//!   ([`frontend::api_auth`]) — browser-session prelude, envelope, mode-dependent CORS.
//! * [`backend`] — the backend API (wire contract §4), behind the Bearer backend key: `POST /session/tickets`
//!   and the API-auth management ([`backend::api_auth`]): `/api-auth/apps[/{slug}]`, its
//!   `keys[/{id}/rotate|revoke]` and `audit/{logs,analytics,timeseries}`,
//!   `/api-auth/rate-limit-schemes[/{slug}]` — bare JSON, backend error shape, the same rows
//!   the frontend API and the gateway use.
//! * [`gateway`] — `POST /v1/authz/check` (wire contract §6.2: API key check, rate limits, audit entries); the
//!   rate-limit engine is [`rate_limit`].
//! * [`demo_app`] — the demo app's backend: `POST /api/settings/api-keys/embed-ticket` behind the
//!   app's policy (signed-in identity, role, tenant ownership and status), `GET /api/config`, and
//!   a fake sign-in: `GET /api/demo/identities`, `POST /api/demo/sign-in|sign-out`.
//! * [`dev`] — test support: `GET|DELETE /__dev/requests`, `POST /__dev/latency`,
//!   `GET|POST|DELETE /__dev/faults` (injected status answers, hangs and connection resets on
//!   every other route), `POST /__dev/ip-limiter` (Wacht's per-IP limiter on the frontend API,
//!   outside its CORS layer; off by default).
//! * [`store`] — every row and table (deployments, apps, sessions, tickets, keys, audit entries,
//!   counters, tenants), the seed, the optional `--data <file>` (keys, audit entries and the
//!   backend API's apps and schemes in SQLite), and the pruning that bounds the state: expired tickets and app sessions, idle
//!   browser sessions and ended rate-limit counters are dropped every minute by a task of
//!   [`serve`] ([`store::prune`]). [`state`] hands it to the handlers with the [`config`].
//! * [`http`] — plumbing every group shares: CORS, cookies, query strings, body cap, TCP
//!   connections.
//! * [`vanity`] — the hosted page: `GET /vanity/api-auth[/]` serves `<www>/vanity.html`.
//! * Static files: `/pkg/*` from `--pkg`, `/examples/leptos/*` from `--example-dir` (the built
//!   Rust example app), everything else from `--www`; they and the hosted
//!   page have a strict Content-Security-Policy and the usual security headers
//!   ([`http::page_headers`]).
//!
//! Dependencies point one way: the route groups use [`state`], [`store`], [`http`] and the leaf
//! modules ([`config`], [`ids`], [`timestamps`], [`rate_limit`]); [`store`] uses only the leaves;
//! no module uses one that uses it.

#![warn(missing_docs)]

pub mod backend;
pub mod config;
pub mod demo_app;
pub mod dev;
pub mod frontend;
pub mod gateway;
pub mod http;
pub mod ids;
pub mod rate_limit;
pub mod state;
pub mod store;
pub mod timestamps;
pub mod vanity;

use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::Router;
use config::Config;
use http::{connections, cors, page_headers, MAX_BODY_BYTES};
use state::{AppState, Settings};
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use tokio::net::TcpListener;
use tower_http::services::ServeDir;

/// The whole application for `state` (static files from its `www_dir` / `pkg_dir` /
/// `example_dir`).
///
/// Every group but `/__dev/*` has the fault layer ([`dev::faults::inject`]) just inside its CORS
/// layer (if any), so injected answers get the group's CORS headers. Bodies are capped at
/// [`MAX_BODY_BYTES`].
pub fn router(state: AppState) -> Router {
    let settings = state.settings().clone();
    let faults = from_fn_with_state(state.clone(), dev::faults::inject);
    let frontend_api = frontend::routes()
        .layer(frontend::framework_errors::recover())
        .layer(from_fn_with_state(
            state.clone(),
            frontend::browser_session::prelude,
        ))
        .layer(from_fn_with_state(state.clone(), dev::latency::delay))
        .layer(faults.clone())
        .layer(cors::frontend(settings.mode))
        // Outside CORS, as in Wacht: its 429 carries no CORS headers.
        .layer(from_fn_with_state(state.clone(), dev::ip_limiter::limit));
    let backend_api = backend::routes()
        .layer(faults.clone())
        .layer(cors::loopback_only());
    let demo_app = demo_app::routes()
        .layer(faults.clone())
        .layer(cors::loopback_only());
    let gateway = gateway::routes()
        .layer(faults.clone())
        .layer(cors::gateway());
    let dev = dev::routes().layer(cors::loopback_only());

    // Vanity page and static files (no CORS), with the pages' security headers; the fallback
    // answers every other path.
    let mut files =
        vanity::routes(&settings.www_dir).nest_service("/pkg", ServeDir::new(&settings.pkg_dir));
    if let Some(dir) = &settings.example_dir {
        files = files.nest_service(config::EXAMPLE_PATH, ServeDir::new(dir));
    }
    let files = files
        .fallback_service(ServeDir::new(&settings.www_dir))
        .layer(faults)
        .layer(axum::middleware::from_fn(page_headers::add));

    Router::new()
        .merge(frontend_api)
        .merge(backend_api)
        .merge(demo_app)
        .merge(gateway)
        .merge(dev)
        .merge(files)
        .with_state(state.clone())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(dev::faults::strip_cors))
        .layer(from_fn_with_state(state, dev::requests::log_requests))
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
    let origin = origin_for(addr);
    let publishable_key = frontend::deployment::publishable_key(config.mode, &origin);
    let settings = Settings::new(config, &origin, publishable_key);
    match &config.data_file {
        Some(path) => AppState::with_data_file(settings, path),
        None => Ok(AppState::new(settings)),
    }
}

/// Serves `router(state)` on `listener` until `shutdown` completes, then finishes the
/// requests in flight (a request held by a `hang_ms` fault finishes its wait first). Peer
/// addresses are made available to the gateway (`ConnectInfo<SocketAddr>`), and each
/// connection's [`connections::ConnectionHandle`] to the faults. Meanwhile
/// [`AppState::prune_periodically`] bounds the state; it stops with the server (or when this
/// future is dropped).
pub async fn serve<F>(listener: TcpListener, state: AppState, shutdown: F) -> std::io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let app = router(state.clone())
        .layer(from_fn_with_state(
            state.clone(),
            dev::faults::close_connections_while_reset_pending,
        ))
        .layer(axum::middleware::from_fn(connections::track_requests))
        .into_make_service_with_connect_info::<connections::Peer>();
    let server = axum::serve(
        connections::ResettableListener::new(listener, state.connections().clone()),
        app,
    )
    .with_graceful_shutdown(shutdown);
    tokio::select! {
        result = std::future::IntoFuture::into_future(server) => result,
        () = state.prune_periodically() => Ok(()),
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
