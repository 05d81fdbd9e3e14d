// Generated from the shape tables in crates/core/src/ by `WACHT_UPDATE_TYPES=1 cargo test -p wacht-api-auth-core`; do not edit.

/** One rate-limit rule of the app's scheme. */
export interface RateLimit {
  /** Window unit. */
  unit: "millisecond" | "second" | "minute" | "hour" | "day" | "calendar_day" | "month" | "calendar_month" | (string & {});
  /** How many units the window lasts. */
  duration: number;
  /** Requests allowed per window. */
  max_requests: number;
  /** What the rule counts per (absent: server default). */
  mode: "per_app" | "per_key" | "per_key_and_ip" | "per_app_and_ip" | (string & {}) | null;
}

/** The API-auth app a session gives access to. */
export interface ApiAuthAppInfo {
  /** The app's slug, e.g. `aa_42`. */
  app_slug: string;
  /** App id; the newest servers omit it, so it falls back to `app_slug`. */
  id: string;
  /** Display name. */
  name: string;
  /** Prefix of every key secret. Empty in ticket-exchange responses; read the session for the full record. */
  key_prefix: string;
  /** Optional description. */
  description: string | null;
  /** Whether the app accepts keys. */
  is_active: boolean;
  /** Rules of the app's rate-limit scheme (`[]` when none or not sent). */
  rate_limits: RateLimit[];
}

/** `GET /api-auth/session` data: the app session and its app. */
export interface ApiAuthAppSessionData {
  /** The API-auth app session id (decimal string). */
  session_id: string;
  /** The app this session manages. */
  api_auth_app: ApiAuthAppInfo;
}

/** Snapshot of an API-auth app session store; the fields of `useApiAuthAppSession` plus `status`. */
export interface ApiAuthAppSessionSnapshot {
  /** `false` once the server said there is no session (true before the first read, like the hook). */
  hasSession: boolean;
  /** True while exchanging the ticket or reading the session for the first time. */
  sessionLoading: boolean;
  /** Exchange error, else a read error other than "no session". */
  sessionError: WachtError | null;
  /** The API-auth app session id. */
  sessionId: string | null;
  /** The app the session manages. */
  apiAuthApp: ApiAuthAppInfo | null;
  /** True once the ticket was exchanged (or when there was none). */
  ticketExchanged: boolean;
  /** True while the ticket is exchanged. */
  ticketLoading: boolean;
  /** Where the session stands. */
  status: SessionStatus;
}

/** The webhook app a `webhook_app_access` ticket opened. */
export interface WebhookAppInfo {
  /** The app's slug. */
  app_slug: string;
  /** Display name. */
  name: string;
  /** The app's signing secret, as the server returns it. */
  signing_secret: string | null;
  /** Whether the app is active. */
  is_active: boolean;
}

/** The actor an `agent_access` session acts as. */
export interface AgentActor {
  /** Actor id. */
  id: string;
  /** Display name, if any. */
  display_name: string | null;
  /** e.g. `user`. */
  subject_type: string | null;
  /** The caller's own key for the actor. */
  external_key: string | null;
}

/** One agent an `agent_access` session may use. */
export interface AgentInfo {
  /** Agent id. */
  id: string;
  /** Agent name. */
  name: string;
  /** Optional description. */
  description: string | null;
}

/** One API key as listed (never carries the secret). */
export interface ApiKey {
  /** Key id (decimal string). */
  id: string;
  /** The name given at creation. */
  name: string;
  /** Prefix of the secret (the app's key prefix). */
  key_prefix: string;
  /** Last 8 characters of the secret; show keys as `{key_prefix}…{key_suffix}`. */
  key_suffix: string;
  /** Permissions granted to the key. */
  permissions: string[];
  /** Organisation role permissions (not sent by the frontend API; `[]` then). */
  org_role_permissions: string[];
  /** Workspace role permissions (not sent by the frontend API; `[]` then). */
  workspace_role_permissions: string[];
  /** Organisation the key belongs to, if any. */
  organization_id: string | null;
  /** Workspace the key belongs to, if any. */
  workspace_id: string | null;
  /** Organisation membership the key belongs to, if any. */
  organization_membership_id: string | null;
  /** Workspace membership the key belongs to, if any. */
  workspace_membership_id: string | null;
  /** Expiry (RFC 3339), if any. */
  expires_at: string | null;
  /** Last use (RFC 3339), if known. */
  last_used_at: string | null;
  /** False once revoked or rotated. */
  is_active: boolean;
  /** Creation time (RFC 3339). */
  created_at: string;
  /** Revocation time (RFC 3339), if revoked. */
  revoked_at: string | null;
  /** Why it was revoked (`Rotated` for rotated keys), if given. */
  revoked_reason: string | null;
}

/** A key with its one-time secret: what create and rotate resolve to. It is never in a cache or snapshot. */
export interface ApiKeyWithSecret {
  /** Key id (decimal string). */
  id: string;
  /** The name given at creation. */
  name: string;
  /** Prefix of the secret (the app's key prefix). */
  key_prefix: string;
  /** Last 8 characters of the secret; show keys as `{key_prefix}…{key_suffix}`. */
  key_suffix: string;
  /** Permissions granted to the key. */
  permissions: string[];
  /** Organisation role permissions (not sent by the frontend API; `[]` then). */
  org_role_permissions: string[];
  /** Workspace role permissions (not sent by the frontend API; `[]` then). */
  workspace_role_permissions: string[];
  /** Organisation the key belongs to, if any. */
  organization_id: string | null;
  /** Workspace the key belongs to, if any. */
  workspace_id: string | null;
  /** Organisation membership the key belongs to, if any. */
  organization_membership_id: string | null;
  /** Workspace membership the key belongs to, if any. */
  workspace_membership_id: string | null;
  /** Expiry (RFC 3339), if any. */
  expires_at: string | null;
  /** Last use (RFC 3339), if known. */
  last_used_at: string | null;
  /** False once revoked or rotated. */
  is_active: boolean;
  /** Creation time (RFC 3339). */
  created_at: string;
  /** Revocation time (RFC 3339), if revoked. */
  revoked_at: string | null;
  /** Why it was revoked (`Rotated` for rotated keys), if given. */
  revoked_reason: string | null;
  /** The full secret, e.g. `acme_live_…`. Shown exactly once. */
  secret: string;
}

/** `data` of a revoke. */
export interface RevokeResult {
  /** True when the key was revoked. */
  success: boolean;
}

/** Options of `apiAuthKeys` / `listKeys`. */
export interface KeyListOptions {
  /** `active` (the server's default), `revoked`, `expired` or `all`. */
  status?: "active" | "revoked" | "expired" | "all" | null;
}

/** Input of `createKey`. */
export interface CreateKeyInput {
  /** Name shown in lists; required by the server. */
  name: string;
  /** Optional expiry, RFC 3339 (e.g. `new Date(...).toISOString()`; a `Date` is accepted too). */
  expires_at?: string | null;
}

/** Input of `rotateKey`. */
export interface RotateKeyInput {
  /** The key to rotate. */
  key_id: string;
}

/** Input of `revokeKey`. */
export interface RevokeKeyInput {
  /** The key to revoke. */
  key_id: string;
  /** Optional reason, kept by the server. */
  reason?: string | null;
}

/** Snapshot of `apiAuthKeys`, as `useApiAuthKeys` returns it plus `fetching`. */
export interface ApiAuthKeysSnapshot {
  /** The keys; `[]` until loaded. */
  keys: ApiKey[];
  /** First load in progress. */
  loading: boolean;
  /** A request is in flight (also while showing earlier data). */
  fetching: boolean;
  /** The last failure, until a success. */
  error: WachtError | null;
}

/** One gateway check as recorded by the audit log. */
export interface ApiAuditLog {
  /** `req_<id>` as written by the gateway. */
  request_id: string;
  /** Deployment id (decimal string). */
  deployment_id: string;
  /** App slug. */
  app_slug: string;
  /** Key id (decimal string). */
  key_id: string;
  /** Key name at the time of the request. */
  key_name: string;
  /** `VALID`/`BLOCKED` from the gateway (`allowed`/`blocked` in other vocabularies; see `auditOutcome`). */
  outcome: string;
  /** `permission_denied` or a rate-limit rule such as `100/60s`, when blocked. */
  blocked_by_rule: string | null;
  /** Caller IP. */
  client_ip: string;
  /** `"<METHOD> <path>"`. */
  path: string;
  /** Caller user agent (`unknown` when not supplied). */
  user_agent: string;
  /** Raw JSON text of the rate-limit state, e.g. `[{"rule":"100/60s","remaining":99,"limit":100}]`. */
  rate_limits: string | null;
  /** When the check happened (RFC 3339). */
  timestamp: string;
}

/** A page of audit logs. */
export interface ApiAuditLogsPage {
  /** The entries, newest first. */
  data: ApiAuditLog[];
  /** Page size the server applied. */
  limit: number;
  /** True when more entries follow. */
  has_more: boolean;
  /** Cursor of the next page; only meaningful when `has_more`. */
  next_cursor: string | null;
}

/** Requests per key in the analytics. */
export interface TopKey {
  /** Key id (string; older servers sent a number). */
  key_id: string;
  /** Key name. */
  key_name: string;
  /** Requests made with the key. */
  total_requests: number;
}

/** Requests per path in the analytics. */
export interface TopPath {
  /** `"<METHOD> <path>"`. */
  path: string;
  /** Requests to the path. */
  total_requests: number;
}

/** Why requests were blocked, in the analytics. */
export interface BlockedReason {
  /** The rule or `permission_denied`. */
  blocked_by_rule: string;
  /** How many requests it blocked. */
  count: number;
  /** Share of blocked requests, 0–100. */
  percentage: number;
}

/** One rate-limit rule's hits. */
export interface RateLimitRuleStat {
  /** The rule. */
  rule: string;
  /** Hits. */
  hit_count: number;
  /** Share of rate-limit hits, 0–100. */
  percentage: number;
}

/** Rate-limit statistics of the analytics. */
export interface RateLimitStats {
  /** Requests blocked by rate limits. */
  total_hits: number;
  /** Share of blocked requests, 0–100. */
  percentage_of_blocked: number;
  /** The busiest rules. */
  top_rules: RateLimitRuleStat[] | null;
}

/** `GET /api-auth/audit/analytics` data. */
export interface ApiAuditAnalytics {
  /** All checks in the window. */
  total_requests: number;
  /** Allowed checks. */
  allowed_requests: number;
  /** Blocked checks. */
  blocked_requests: number;
  /** allowed / total × 100 (0 when there were none). */
  success_rate: number;
  /** Distinct keys used in the last 24 h (ignores key and date filters). */
  keys_used_24h: number;
  /** With `include_top_keys`, when non-empty. */
  top_keys: TopKey[] | null;
  /** With `include_top_paths`, when non-empty. */
  top_paths: TopPath[] | null;
  /** With `include_blocked_reasons`, when non-empty. */
  blocked_reasons: BlockedReason[] | null;
  /** With `include_rate_limits`. */
  rate_limit_stats: RateLimitStats | null;
}

/** One timeseries bucket. */
export interface TimeseriesPoint {
  /** Bucket start (RFC 3339, UTC). */
  timestamp: string;
  /** Checks in the bucket. */
  total_requests: number;
  /** Allowed checks. */
  allowed_requests: number;
  /** Blocked checks. */
  blocked_requests: number;
  /** allowed / total × 100. */
  success_rate: number;
}

/** `GET /api-auth/audit/timeseries` data (`data: null` becomes `[]`). */
export interface ApiAuditTimeseries {
  /** Non-empty buckets, oldest first. */
  data: TimeseriesPoint[];
  /** The interval the server used (echoed verbatim). */
  interval: string;
}

/** Options of the audit logs reads. */
export interface AuditLogsOptions {
  /** Page size (server default 100, max 1000). */
  limit?: number | null;
  /** Start after this cursor. */
  cursor?: string | null;
  /** Only allowed or only blocked checks. */
  outcome?: "allowed" | "blocked" | null;
  /** Only this key. */
  key_id?: string | null;
  /** RFC 3339, `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (UTC). Default: last 7 days. */
  start_date?: string | null;
  /** Same formats; only applied with `start_date`. */
  end_date?: string | null;
}

/** Options of the analytics read. */
export interface AuditAnalyticsOptions {
  /** Window start (default: last 30 days). */
  start_date?: string | null;
  /** Window end. */
  end_date?: string | null;
  /** Only this key. */
  key_id?: string | null;
  /** Include `top_keys`. */
  include_top_keys?: boolean | null;
  /** Include `top_paths`. */
  include_top_paths?: boolean | null;
  /** Include `blocked_reasons`. */
  include_blocked_reasons?: boolean | null;
  /** Include `rate_limit_stats`. */
  include_rate_limits?: boolean | null;
  /** Length of the top lists (server default 10, max 50). */
  top_limit?: number | null;
}

/** Options of the timeseries read. */
export interface AuditTimeseriesOptions {
  /** Window start (default: last 30 days). */
  start_date?: string | null;
  /** Window end. */
  end_date?: string | null;
  /** Bucket width (default `hour`). */
  interval?: "minute" | "hour" | "day" | "week" | "month" | null;
  /** Only this key. */
  key_id?: string | null;
}

/** Snapshot of `apiAuthAuditLogs`. */
export interface ApiAuthAuditLogsSnapshot {
  /** First page plus every page `loadMore()` added, newest first. */
  logs: ApiAuditLog[];
  /** The server's page size, else the requested one, else 0. */
  limit: number;
  /** More pages follow. */
  has_more: boolean;
  /** Only set while `has_more`. */
  next_cursor: string | null;
  /** First load in progress. */
  loading: boolean;
  /** A request is in flight (also while showing earlier data). */
  fetching: boolean;
  /** The last failure, until a success. */
  error: WachtError | null;
  /** A `loadMore()` is in flight. */
  loading_more: boolean;
}

/** Snapshot of `apiAuthAuditAnalytics`. */
export interface ApiAuthAuditAnalyticsSnapshot {
  /** The analytics, once loaded. */
  analytics: ApiAuditAnalytics | null;
  /** First load in progress. */
  loading: boolean;
  /** A request is in flight (also while showing earlier data). */
  fetching: boolean;
  /** The last failure, until a success. */
  error: WachtError | null;
}

/** Snapshot of `apiAuthAuditTimeseries`. */
export interface ApiAuthAuditTimeseriesSnapshot {
  /** Non-empty buckets, oldest first; `[]` until loaded. */
  timeseries: TimeseriesPoint[];
  /** The server's interval, else the requested one, else `hour`. */
  interval: string;
  /** First load in progress. */
  loading: boolean;
  /** A request is in flight (also while showing earlier data). */
  fetching: boolean;
  /** The last failure, until a success. */
  error: WachtError | null;
}
