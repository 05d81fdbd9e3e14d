//! Optional `--data <file>` persistence: API keys (hashes, never secrets) and audit entries in
//! SQLite. The in-memory store stays the source of truth: the file is read once at start and
//! every key insert/update and audit insert is written through before it is applied in memory.
//! Everything else (sessions, tickets, rate-limit counters) lives in memory only.

use super::api_key::ApiKey;
use super::audit::AuditEntry;
use rusqlite::{params, Connection, Row};
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
";

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
}

impl Persistence {
    /// Opens (creating if needed) the SQLite file at `path` and its tables.
    pub fn open(path: &Path) -> rusqlite::Result<Persistence> {
        let connection = Connection::open(path)?;
        connection.execute_batch(SCHEMA)?;
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
             created_at_ms, updated_at_ms, revoked_at_ms, revoked_reason \
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
        Ok(Loaded { keys, audit })
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
                 revoked_reason) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
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
    })
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
