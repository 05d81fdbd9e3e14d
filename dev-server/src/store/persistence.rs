//! Optional `--data <file>` persistence: API keys (hashes, never secrets), audit entries, and the
//! API-auth apps and rate-limit schemes written through the backend API (JSON rows) in SQLite.
//! The in-memory store stays the source of truth: the file is read once at start and every
//! write is made to the file before it is applied in memory. Everything else (sessions,
//! tickets, rate-limit counters) lives in memory only.

use super::api_key::ApiKey;
use super::audit::AuditEntry;
use super::model::{ApiAuthApp, RateLimitScheme};
use rusqlite::{params, Connection, Row};
use serde_json::Value;
use std::path::{Path, PathBuf};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    deployment_id TEXT NOT NULL,
    app_slug TEXT NOT NULL,
    name TEXT NOT NULL,
    key_prefix TEXT NOT NULL,
    key_suffix TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    permissions TEXT NOT NULL,
    rate_limit_scheme_slug TEXT,
    expires_at_ms INTEGER,
    last_used_at_ms INTEGER,
    is_active INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER,
    revoked_reason TEXT
);
CREATE TABLE IF NOT EXISTS api_audit_logs (
    request_id TEXT PRIMARY KEY,
    deployment_id TEXT NOT NULL,
    app_slug TEXT NOT NULL,
    key_id TEXT NOT NULL,
    key_name TEXT NOT NULL,
    outcome TEXT NOT NULL,
    blocked_by_rule TEXT,
    client_ip TEXT NOT NULL,
    path TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    rate_limits TEXT,
    timestamp_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS api_auth_apps (
    deployment_id TEXT NOT NULL,
    app_slug TEXT NOT NULL,
    row TEXT NOT NULL,
    PRIMARY KEY (deployment_id, app_slug)
);
CREATE TABLE IF NOT EXISTS rate_limit_schemes (
    deployment_id TEXT NOT NULL,
    slug TEXT NOT NULL,
    row TEXT NOT NULL,
    PRIMARY KEY (deployment_id, slug)
);
";

/// Added after the first files were written: a missing column is added at open.
const KEY_METADATA_COLUMN: &str = "ALTER TABLE api_keys ADD COLUMN metadata TEXT";

/// An open data file.
pub struct Persistence {
    path: PathBuf,
    connection: Connection,
}

// Only the path: a Debug dump of the store should stay short.
impl std::fmt::Debug for Persistence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Persistence")
            .field("path", &self.path)
            .finish()
    }
}

/// What the data file held at start.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Keys in creation order.
    pub keys: Vec<ApiKey>,
    /// Audit entries oldest first.
    pub audit: Vec<AuditEntry>,
    /// Apps created or changed through the backend API (deleted ones included).
    pub apps: Vec<ApiAuthApp>,
    /// Schemes created or changed through the backend API (deleted ones included).
    pub schemes: Vec<RateLimitScheme>,
}

impl Persistence {
    /// Opens (creating if needed) the SQLite file at `path` and its tables.
    pub fn open(path: &Path) -> rusqlite::Result<Persistence> {
        let connection = Connection::open(path)?;
        connection.execute_batch(SCHEMA)?;
        let has_metadata = connection
            .prepare("SELECT metadata FROM api_keys LIMIT 0")
            .is_ok();
        if !has_metadata {
            connection.execute_batch(KEY_METADATA_COLUMN)?;
        }
        Ok(Persistence {
            path: path.to_path_buf(),
            connection,
        })
    }

    /// Every stored key and audit entry.
    pub fn load(&self) -> rusqlite::Result<Loaded> {
        let mut keys_query = self.connection.prepare(
            "SELECT id, deployment_id, app_slug, name, key_prefix, key_suffix, key_hash, \
             permissions, rate_limit_scheme_slug, expires_at_ms, last_used_at_ms, is_active, \
             created_at_ms, updated_at_ms, revoked_at_ms, revoked_reason, metadata \
             FROM api_keys ORDER BY created_at_ms, id",
        )?;
        let keys = keys_query
            .query_map([], key_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut audit_query = self.connection.prepare(
            "SELECT request_id, deployment_id, app_slug, key_id, key_name, outcome, \
             blocked_by_rule, client_ip, path, user_agent, rate_limits, timestamp_ms \
             FROM api_audit_logs ORDER BY timestamp_ms, request_id",
        )?;
        let audit = audit_query
            .query_map([], audit_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let apps = json_rows(
            &self.connection,
            "SELECT row FROM api_auth_apps ORDER BY rowid",
        )?;
        let schemes = json_rows(
            &self.connection,
            "SELECT row FROM rate_limit_schemes ORDER BY rowid",
        )?;
        Ok(Loaded {
            keys,
            audit,
            apps,
            schemes,
        })
    }

    /// Inserts or replaces one app row.
    pub fn save_app(&self, app: &ApiAuthApp) -> rusqlite::Result<()> {
        let row = serde_json::to_string(app)
            .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?;
        self.connection.execute(
            "INSERT OR REPLACE INTO api_auth_apps (deployment_id, app_slug, row) \
             VALUES (?1, ?2, ?3)",
            params![app.deployment_id, app.app_slug, row],
        )?;
        Ok(())
    }

    /// Inserts or replaces one scheme row.
    pub fn save_scheme(&self, scheme: &RateLimitScheme) -> rusqlite::Result<()> {
        let row = serde_json::to_string(scheme)
            .map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))?;
        self.connection.execute(
            "INSERT OR REPLACE INTO rate_limit_schemes (deployment_id, slug, row) \
             VALUES (?1, ?2, ?3)",
            params![scheme.deployment_id, scheme.slug, row],
        )?;
        Ok(())
    }

    /// Inserts or replaces `keys` in one transaction (rotation writes two rows).
    pub fn save_keys(&mut self, keys: &[&ApiKey]) -> rusqlite::Result<()> {
        let transaction = self.connection.transaction()?;
        for key in keys {
            let permissions =
                serde_json::to_string(&key.permissions).unwrap_or_else(|_| "[]".to_string());
            transaction.execute(
                "INSERT OR REPLACE INTO api_keys (id, deployment_id, app_slug, name, key_prefix, \
                 key_suffix, key_hash, permissions, rate_limit_scheme_slug, expires_at_ms, \
                 last_used_at_ms, is_active, created_at_ms, updated_at_ms, revoked_at_ms, \
                 revoked_reason, metadata) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
                 ?17)",
                params![
                    key.id,
                    key.deployment_id,
                    key.app_slug,
                    key.name,
                    key.key_prefix,
                    key.key_suffix,
                    key.key_hash,
                    permissions,
                    key.rate_limit_scheme_slug,
                    key.expires_at_ms,
                    key.last_used_at_ms,
                    key.is_active,
                    key.created_at_ms,
                    key.updated_at_ms,
                    key.revoked_at_ms,
                    key.revoked_reason,
                    key.metadata.to_string(),
                ],
            )?;
        }
        transaction.commit()
    }

    /// Inserts one audit entry.
    pub fn insert_audit(&self, entry: &AuditEntry) -> rusqlite::Result<()> {
        self.connection.execute(
            "INSERT OR REPLACE INTO api_audit_logs (request_id, deployment_id, app_slug, key_id, \
             key_name, outcome, blocked_by_rule, client_ip, path, user_agent, rate_limits, \
             timestamp_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                entry.request_id,
                entry.deployment_id,
                entry.app_slug,
                entry.key_id,
                entry.key_name,
                entry.outcome,
                entry.blocked_by_rule,
                entry.client_ip,
                entry.path,
                entry.user_agent,
                entry.rate_limits,
                entry.timestamp_ms,
            ],
        )?;
        Ok(())
    }
}

fn key_from_row(row: &Row<'_>) -> rusqlite::Result<ApiKey> {
    let permissions: String = row.get(7)?;
    Ok(ApiKey {
        id: row.get(0)?,
        deployment_id: row.get(1)?,
        app_slug: row.get(2)?,
        name: row.get(3)?,
        key_prefix: row.get(4)?,
        key_suffix: row.get(5)?,
        key_hash: row.get(6)?,
        permissions: serde_json::from_str(&permissions).unwrap_or_default(),
        rate_limit_scheme_slug: row.get(8)?,
        expires_at_ms: row.get(9)?,
        last_used_at_ms: row.get(10)?,
        is_active: row.get(11)?,
        created_at_ms: row.get(12)?,
        updated_at_ms: row.get(13)?,
        revoked_at_ms: row.get(14)?,
        revoked_reason: row.get(15)?,
        metadata: row
            .get::<_, Option<String>>(16)?
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_else(|| Value::Object(Default::default())),
    })
}

/// Every `row` of a query, each parsed from its JSON text.
fn json_rows<T: serde::de::DeserializeOwned>(
    connection: &Connection,
    sql: &str,
) -> rusqlite::Result<Vec<T>> {
    let mut query = connection.prepare(sql)?;
    let texts = query
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    texts
        .iter()
        .map(|text| {
            serde_json::from_str(text).map_err(|error| {
                rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    error.into(),
                )
            })
        })
        .collect()
}

fn audit_from_row(row: &Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        request_id: row.get(0)?,
        deployment_id: row.get(1)?,
        app_slug: row.get(2)?,
        key_id: row.get(3)?,
        key_name: row.get(4)?,
        outcome: row.get(5)?,
        blocked_by_rule: row.get(6)?,
        client_ip: row.get(7)?,
        path: row.get(8)?,
        user_agent: row.get(9)?,
        rate_limits: row.get(10)?,
        timestamp_ms: row.get(11)?,
    })
}
