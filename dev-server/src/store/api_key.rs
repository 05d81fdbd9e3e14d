//! API keys (wire contract §5.3–5.5, §6.1): the stored row, secret generation and the wire shape.
//!
//! Secret = `<app key_prefix>_` + base64url-no-pad(32 random bytes). Only its lowercase hex
//! SHA-256 is kept; the plaintext exists once, in the create/rotate response.

use crate::ids::random_bytes;
use crate::timestamps::format_ms;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// Length of the random part of a secret (32 bytes in unpadded base64url).
pub const SECRET_RANDOM_LEN: usize = 43;
/// Length of `key_suffix`.
pub const SUFFIX_LEN: usize = 8;

/// One stored API key. Nothing is ever deleted; revoked keys stay with `is_active = false`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// Decimal snowflake id.
    pub id: String,
    /// Owning deployment.
    pub deployment_id: String,
    /// Owning app.
    pub app_slug: String,
    /// Display name.
    pub name: String,
    /// The app's key prefix at creation (without the joining `_`).
    pub key_prefix: String,
    /// Last 8 characters of the full secret.
    pub key_suffix: String,
    /// Lowercase hex SHA-256 of the full secret (never serialised to clients).
    pub key_hash: String,
    /// Granted permissions (`[]` for keys created through the frontend API).
    pub permissions: Vec<String>,
    /// Rate-limit scheme copied from the app at creation.
    pub rate_limit_scheme_slug: Option<String>,
    /// Expiry (ms); expired keys still list as active but fail at the gateway.
    pub expires_at_ms: Option<i64>,
    /// Set by each gateway check that finds the key live (production has the command but no
    /// caller, wire contract §6.1; the demo's "Last used" column needs it).
    pub last_used_at_ms: Option<i64>,
    /// False once revoked or rotated.
    pub is_active: bool,
    /// Creation time (ms).
    pub created_at_ms: i64,
    /// Last change (ms).
    pub updated_at_ms: i64,
    /// Revocation time (ms).
    pub revoked_at_ms: Option<i64>,
    /// `Rotated` or the reason given to revoke.
    pub revoked_reason: Option<String>,
    /// Free JSON given at creation through the backend API (`{}` otherwise); not sent to the
    /// frontend API.
    pub metadata: Value,
}

/// What the caller decides about a new key (through the frontend or the backend API); the rest
/// (state, timestamps, secret) is [`ApiKey::issue`]'s.
#[derive(Debug, Clone)]
pub struct KeyGrant {
    /// Owning deployment.
    pub deployment_id: String,
    /// Owning app.
    pub app_slug: String,
    /// Display name.
    pub name: String,
    /// The app's key prefix now (without the joining `_`).
    pub key_prefix: String,
    /// Granted permissions.
    pub permissions: Vec<String>,
    /// The app's rate-limit scheme now.
    pub rate_limit_scheme_slug: Option<String>,
    /// Expiry (ms).
    pub expires_at_ms: Option<i64>,
    /// Free JSON (`{}` when none was given).
    pub metadata: Value,
}

impl ApiKey {
    /// A new live key `id` for `grant`, whose secret is `secret`, created at `now`. Every field
    /// is written out here, so a new field of ApiKey needs a decision in one place.
    pub fn issue(id: String, grant: KeyGrant, secret: &NewSecret, now: i64) -> ApiKey {
        ApiKey {
            id,
            deployment_id: grant.deployment_id,
            app_slug: grant.app_slug,
            name: grant.name,
            key_prefix: grant.key_prefix,
            key_suffix: secret.suffix.clone(),
            key_hash: secret.hash.clone(),
            permissions: grant.permissions,
            rate_limit_scheme_slug: grant.rate_limit_scheme_slug,
            expires_at_ms: grant.expires_at_ms,
            last_used_at_ms: None,
            is_active: true,
            created_at_ms: now,
            updated_at_ms: now,
            revoked_at_ms: None,
            revoked_reason: None,
            metadata: grant.metadata,
        }
    }

    /// Rotation at `now`: this key is revoked with reason `Rotated`, and its successor `id`
    /// (with `secret`, under the app's `key_prefix` now) keeps its owner, name, permissions,
    /// scheme, expiry and metadata.
    pub fn rotate(
        &mut self,
        id: String,
        key_prefix: String,
        secret: &NewSecret,
        now: i64,
    ) -> ApiKey {
        self.is_active = false;
        self.revoked_at_ms = Some(now);
        self.revoked_reason = Some("Rotated".to_string());
        self.updated_at_ms = now;
        let grant = KeyGrant {
            deployment_id: self.deployment_id.clone(),
            app_slug: self.app_slug.clone(),
            name: self.name.clone(),
            key_prefix,
            permissions: self.permissions.clone(),
            rate_limit_scheme_slug: self.rate_limit_scheme_slug.clone(),
            expires_at_ms: self.expires_at_ms,
            metadata: self.metadata.clone(),
        };
        ApiKey::issue(id, grant, secret, now)
    }

    /// `is_active AND revoked_at IS NULL` — the "active" predicate of wire contract §3.3 and §3.5.
    pub fn is_live(&self) -> bool {
        self.is_active && self.revoked_at_ms.is_none()
    }

    /// True when the key belongs to this app of this deployment.
    pub fn belongs_to(&self, deployment_id: &str, app_slug: &str) -> bool {
        self.deployment_id == deployment_id && self.app_slug == app_slug
    }

    /// The ApiKey wire object (wire contract §5.3): exactly the frontend API's fields, null optionals omitted.
    pub fn to_json(&self) -> Value {
        let mut key = json!({
            "id": self.id,
            "name": self.name,
            "key_prefix": self.key_prefix,
            "key_suffix": self.key_suffix,
            "permissions": self.permissions,
            "is_active": self.is_active,
            "created_at": format_ms(self.created_at_ms),
        });
        let optional = [
            ("expires_at", self.expires_at_ms.map(format_ms)),
            ("last_used_at", self.last_used_at_ms.map(format_ms)),
            ("revoked_at", self.revoked_at_ms.map(format_ms)),
            ("revoked_reason", self.revoked_reason.clone()),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                key[name] = json!(value);
            }
        }
        key
    }

    /// The backend API's ApiKey object: every field, nulls written out, the scheme's rules given.
    pub fn to_backend_json(&self, rate_limits: Value) -> Value {
        json!({
            "id": self.id,
            "deployment_id": self.deployment_id,
            "app_slug": self.app_slug,
            "name": self.name,
            "key_prefix": self.key_prefix,
            "key_suffix": self.key_suffix,
            "permissions": self.permissions,
            "metadata": self.metadata,
            "rate_limits": rate_limits,
            "rate_limit_scheme_slug": self.rate_limit_scheme_slug,
            "owner_user_id": null,
            "organization_id": null,
            "workspace_id": null,
            "organization_membership_id": null,
            "workspace_membership_id": null,
            "org_role_permissions": [],
            "workspace_role_permissions": [],
            "expires_at": self.expires_at_ms.map(format_ms),
            "last_used_at": self.last_used_at_ms.map(format_ms),
            "is_active": self.is_active,
            "created_at": format_ms(self.created_at_ms),
            "updated_at": format_ms(self.updated_at_ms),
            "revoked_at": self.revoked_at_ms.map(format_ms),
            "revoked_reason": self.revoked_reason,
        })
    }

    /// ApiKeyWithSecret (wire contract §5.4): the key object plus `secret`.
    pub fn to_json_with_secret(&self, secret: &NewSecret) -> Value {
        let mut key = self.to_json();
        key["secret"] = json!(secret.secret);
        key
    }
}

/// A freshly generated secret. Handed to the caller once, then dropped.
pub struct NewSecret {
    /// The full key, e.g. `acme_test_<43 chars>`.
    pub secret: String,
    /// Lowercase hex SHA-256 of [`NewSecret::secret`].
    pub hash: String,
    /// Last 8 characters of [`NewSecret::secret`].
    pub suffix: String,
}

// Hand-written so a secret never ends up in a Debug dump or a log line.
impl std::fmt::Debug for NewSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSecret")
            .field("secret", &"[redacted]")
            .field("hash", &self.hash)
            .field("suffix", &self.suffix)
            .finish()
    }
}

/// A new secret for an app with `key_prefix`.
pub fn generate_secret(key_prefix: &str) -> NewSecret {
    let mut bytes = [0u8; 32];
    random_bytes(&mut bytes);
    let secret = format!("{key_prefix}_{}", URL_SAFE_NO_PAD.encode(bytes));
    // The random part is ASCII, so the last 8 bytes are the last 8 characters.
    let suffix = secret[secret.len() - SUFFIX_LEN..].to_string();
    NewSecret {
        hash: hash_secret(&secret),
        suffix,
        secret,
    }
}

/// Lowercase hex SHA-256 of a presented key.
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The gateway's format check (wire contract §5.5): at least 46 characters, the last 43 in `[A-Za-z0-9_-]`.
pub fn has_valid_format(key: &str) -> bool {
    key.len() >= SECRET_RANDOM_LEN + 3
        && key.as_bytes()[key.len() - SECRET_RANDOM_LEN..]
            .iter()
            .all(|byte| byte.is_ascii_alphanumeric() || *byte == b'-' || *byte == b'_')
}

/// A `{key_id}` path segment as uint64 (digits only, like Go's `ParseUint`).
pub fn parse_key_id(raw: &str) -> Option<u64> {
    if raw.is_empty() || !raw.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok()
}

/// True when the stored decimal `id` denotes `wanted`.
pub fn id_matches(id: &str, wanted: u64) -> bool {
    id.parse::<u64>() == Ok(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_have_the_documented_shape() {
        let new = generate_secret("acme_test");
        assert!(new.secret.starts_with("acme_test_"));
        assert_eq!(new.secret.len(), "acme_test_".len() + SECRET_RANDOM_LEN);
        assert!(new.secret.ends_with(&new.suffix));
        assert_eq!(new.suffix.len(), 8);
        assert_eq!(new.hash, hash_secret(&new.secret));
        assert_eq!(new.hash.len(), 64);
        assert!(has_valid_format(&new.secret));
        let debug = format!("{new:?}");
        assert!(!debug.contains(&new.secret), "{debug}");
        assert!(
            debug.contains("[redacted]") && debug.contains(&new.hash),
            "{debug}"
        );
    }

    #[test]
    fn known_hash() {
        assert_eq!(
            hash_secret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn format_check() {
        let random = "A".repeat(43);
        assert!(has_valid_format(&format!("ab_{random}")));
        // Only the random part is checked: any prefix of at least three characters.
        assert!(has_valid_format(&format!("a.b/c!_{random}")));
        assert!(!has_valid_format(&format!("a_{random}")));
        assert!(!has_valid_format(&format!("ab_{}!", "A".repeat(42))));
        assert!(!has_valid_format(&format!("ab_{}é", "A".repeat(41))));
        assert!(!has_valid_format(""));
    }

    /// Live = active and not revoked: a key that is only one of the two is not live.
    #[test]
    fn live_needs_active_and_not_revoked() {
        let key = ApiKey {
            id: "1".to_string(),
            deployment_id: "42".to_string(),
            app_slug: "aa_42".to_string(),
            name: "k".to_string(),
            key_prefix: "p".to_string(),
            key_suffix: "s".to_string(),
            key_hash: "h".to_string(),
            permissions: Vec::new(),
            rate_limit_scheme_slug: None,
            expires_at_ms: None,
            last_used_at_ms: None,
            is_active: true,
            created_at_ms: 0,
            updated_at_ms: 0,
            revoked_at_ms: None,
            revoked_reason: None,
            metadata: json!({}),
        };
        assert!(key.is_live());
        let inactive = ApiKey {
            is_active: false,
            ..key.clone()
        };
        assert!(!inactive.is_live());
        let revoked = ApiKey {
            revoked_at_ms: Some(1),
            ..key
        };
        assert!(!revoked.is_live());
    }

    #[test]
    fn key_ids() {
        assert_eq!(parse_key_id("42"), Some(42));
        assert_eq!(parse_key_id("+42"), None);
        assert_eq!(parse_key_id("-1"), None);
        assert_eq!(parse_key_id("abc"), None);
        assert_eq!(parse_key_id("99999999999999999999"), None);
        assert!(id_matches("007", 7));
    }
}
