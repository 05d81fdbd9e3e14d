//! What every handler is given: the fixed [`Settings`], the [`Store`] behind one
//! `std::sync::Mutex`, and the registry of open connections ([`ConnectionRegistry`]).

use crate::config::{Config, Mode, Prune};
use crate::http::connections::ConnectionRegistry;
use crate::ids::now_ms;
use crate::store::model::{ApiAuthApp, RateLimitScheme};
use crate::store::persistence::Persistence;
use crate::store::seed::{seeded_store, PRIMARY_DEPLOYMENT_ID};
use crate::store::Store;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Fixed facts about this server process, known once the socket is bound.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Mode of the primary deployment.
    pub mode: Mode,
    /// The bound origin, e.g. `http://127.0.0.1:8787`.
    pub origin: String,
    /// `pk_test_…` / `pk_live_…` for [`Settings::origin`].
    pub publishable_key: String,
    /// Id of the deployment every frontend request resolves to.
    pub primary_deployment_id: String,
    /// Optional cap on app-session lifetime (`--session-ttl-seconds`).
    pub session_ttl_seconds: Option<u64>,
    /// Backend API key of the primary deployment.
    pub backend_api_key: String,
    /// Directory served for every non-API path.
    pub www_dir: PathBuf,
    /// Directory served under `/pkg/`.
    pub pkg_dir: PathBuf,
    /// Directory served under [`crate::config::EXAMPLE_PATH`], if any.
    pub example_dir: Option<PathBuf>,
    /// `expires_in` of tickets from the demo app's embed-ticket endpoint
    /// (`--embed-ticket-ttl-seconds`, default 120).
    pub embed_ticket_ttl_seconds: u64,
    /// When expired and idle state is dropped ([`crate::store::prune`]).
    pub prune: Prune,
}

impl Settings {
    /// Settings for a server bound at `origin` whose publishable key is `publishable_key`
    /// ([`crate::frontend::deployment::publishable_key`] of the mode and origin).
    pub fn new(config: &Config, origin: &str, publishable_key: String) -> Settings {
        Settings {
            mode: config.mode,
            origin: origin.to_string(),
            publishable_key,
            primary_deployment_id: PRIMARY_DEPLOYMENT_ID.to_string(),
            session_ttl_seconds: config.session_ttl_seconds,
            backend_api_key: config.backend_api_key.clone(),
            www_dir: config.www_dir.clone(),
            pkg_dir: config.pkg_dir.clone(),
            example_dir: config.example_dir.clone(),
            embed_ticket_ttl_seconds: config.embed_ticket_ttl_seconds,
            prune: config.prune,
        }
    }
}

/// Shared handle to the settings, the store and the connections; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    settings: Settings,
    store: Mutex<Store>,
    connections: ConnectionRegistry,
}

impl AppState {
    /// State seeded with the demo deployments (see [`crate::store::seed`]), all in memory.
    pub fn new(settings: Settings) -> AppState {
        let store = seeded_for(&settings);
        AppState::from_parts(settings, store)
    }

    fn from_parts(settings: Settings, store: Store) -> AppState {
        AppState {
            shared: Arc::new(Shared {
                settings,
                store: Mutex::new(store),
                connections: ConnectionRegistry::default(),
            }),
        }
    }

    /// Seeded state whose keys, audit entries and backend-written apps and schemes also live in
    /// the SQLite file at `path` (created if missing); what the file already holds is loaded
    /// first, its apps and schemes replacing their seeded versions.
    pub fn with_data_file(settings: Settings, path: &Path) -> Result<AppState, String> {
        let mut store = seeded_for(&settings);
        let persistence = Persistence::open(path)
            .map_err(|error| format!("cannot open data file {}: {error}", path.display()))?;
        let loaded = persistence
            .load()
            .map_err(|error| format!("cannot read data file {}: {error}", path.display()))?;
        for key in &loaded.keys {
            store.ids.observe(&key.id);
        }
        for entry in &loaded.audit {
            store
                .ids
                .observe(entry.request_id.strip_prefix("req_").unwrap_or_default());
        }
        store.api_keys = loaded.keys;
        store.audit_log = loaded.audit;
        // Rows changed through the backend API replace their seeded versions in place.
        for scheme in loaded.schemes {
            store.ids.observe(&scheme.id);
            let same = |s: &&mut RateLimitScheme| {
                s.deployment_id == scheme.deployment_id && s.slug == scheme.slug
            };
            match store.rate_limit_schemes.iter_mut().find(same) {
                Some(seeded) => *seeded = scheme,
                None => store.rate_limit_schemes.push(scheme),
            }
        }
        for app in loaded.apps {
            let same = |a: &&mut ApiAuthApp| {
                a.deployment_id == app.deployment_id && a.app_slug == app.app_slug
            };
            match store.api_auth_apps.iter_mut().find(same) {
                Some(seeded) => *seeded = app,
                None => store.api_auth_apps.push(app),
            }
        }
        store.persistence = Some(persistence);
        Ok(AppState::from_parts(settings, store))
    }

    /// The fixed settings.
    pub fn settings(&self) -> &Settings {
        &self.shared.settings
    }

    /// Locks the store. A panic while the lock was held leaves plain data behind, so a poisoned
    /// lock is recovered rather than propagated.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.shared
            .store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The open connections of a server started by [`crate::serve`] (resettable, closable).
    pub fn connections(&self) -> &ConnectionRegistry {
        &self.shared.connections
    }

    /// Prunes the store every [`Prune::interval`] (the first time one interval after the start;
    /// see [`crate::store::prune`]); never ends.
    pub async fn prune_periodically(self) {
        let settings = self.settings().prune;
        // `interval` panics on a zero period.
        let period = settings.interval.max(Duration::from_millis(1));
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            self.lock().prune(now_ms(), &settings);
        }
    }
}

/// The seed rows for a server with these settings.
fn seeded_for(settings: &Settings) -> Store {
    seeded_store(settings.mode, &settings.origin, &settings.backend_api_key)
}
