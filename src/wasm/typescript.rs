//! TypeScript declarations of the package, appended to the generated `.d.ts`: the interfaces of
//! the response data, the inputs and the snapshots, generated from the shape tables
//! (`models.d.ts`, checked by a host test; another checks real snapshots against them), and the
//! stores' methods, options and errors written out here. `WachtErrorCode` is checked against
//! `ErrorCode::ALL` by a host test.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const MODELS: &'static str = include_str!("models.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const RESULTS: &'static str = r#"
/** `{ data }`, the shape every mutation of the hooks resolves to. */
export interface MutationResult<T> {
  /** The server's data. */
  data: T;
}

/** What a ticket exchange created, tagged by `type` (the ticket type). */
export type TicketExchangeResult =
  | { type: "api_auth_access"; message: string; session_id: string; api_auth_app: ApiAuthAppInfo }
  | { type: "webhook_app_access"; message: string; session_id: string; webhook_app: WebhookAppInfo }
  | { type: "agent_access"; message: string; session_id: string; actor: AgentActor; agents: AgentInfo[] }
  | { type: "impersonation"; message: string; session: Record<string, unknown> };

/** One word for where the session stands. */
export type SessionStatus = "idle" | "exchanging" | "loading" | "ready" | "no_session" | "error";
"#;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Stable error codes carried by every `WachtError`. */
export type WachtErrorCode =
  | "network" | "http" | "decode" | "no_session" | "invalid_ticket"
  | "invalid_argument" | "aborted" | "timeout" | "csp";

/** Every rejection and thrown error of this package: a real `Error` you can branch on. */
export interface WachtError extends Error {
  name: "WachtError";
  /** What went wrong. */
  code: WachtErrorCode;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** The server's own error code (`errors[0].code`), when it sent one. */
  serverCode?: string;
}

/** Options of `new WachtClient(...)`. */
export type WachtClientOptions = (
  | { /** `pk_test_...` or `pk_live_...` */ publishableKey: string }
  | { /** Origin of the frontend API. */ frontendApiUrl: string; /** Session transport used for the bootstrap. */ mode: "staging" | "production" }
) & {
  /** Abort every request after this many milliseconds with a `timeout` error (default 30000). */
  timeoutMs?: number;
  /** Do not read a response body longer than this many bytes: the call ends in a `decode`
   *  error instead (default 8388608, 8 MiB). */
  maxBodyBytes?: number;
  /** Returns a fresh ticket from your backend. When the API-auth session has expired, the
   *  client asks for one ticket, exchanges it and retries the read once (reissue on expiry,
   *  not on every render). Reject with an error carrying `status` 401/403 to mean "no access". */
  ticketProvider?: () => Promise<string | null> | string | null;
  /** Returns a session JWT to forward as `Authorization: Bearer <jwt>` on every frontend API
   *  request (for deployments whose portals take one). */
  getToken?: () => Promise<string | null> | string | null;
};

/** What every store has; pass `subscribe` and `getSnapshot` straight to `useSyncExternalStore`. */
export interface Store<Snapshot> {
  /** Calls `listener` after every change; returns the unsubscribe function. The first
   *  subscriber starts the store: it sends nothing before (nor before a `refetch()`). */
  subscribe(listener: () => void): () => void;
  /** The current snapshot: the same (frozen) object until something changes; before the store
   *  starts, its loading state. */
  getSnapshot(): Snapshot;
  /** Stops the store: drops its listeners and aborts requests nobody else waits for. A key or
   *  audit store comes back on a new `subscribe` (React StrictMode unmounts and remounts once);
   *  a session store stays stopped (its `refetch` and `exchange` reject with `aborted`). */
  dispose(): void;
  /** Same as `dispose()`, for `using`. */
  [Symbol.dispose](): void;
}

/** `client.apiAuthKeys(options)`. Mutations refresh every key list and audit store. */
export interface ApiAuthKeysStore extends Store<ApiAuthKeysSnapshot> {
  refetch(): Promise<ApiKey[]>;
  /** The secret is in the resolved value only: it is never in a snapshot or cache. */
  createKey(input: CreateKeyInput | (Omit<CreateKeyInput, "expires_at"> & { expires_at?: string | Date })): Promise<MutationResult<ApiKeyWithSecret>>;
  rotateKey(input: RotateKeyInput): Promise<MutationResult<ApiKeyWithSecret>>;
  revokeKey(input: RevokeKeyInput): Promise<MutationResult<RevokeResult>>;
}

/** `client.apiAuthAuditLogs(options)`. */
export interface ApiAuthAuditLogsStore extends Store<ApiAuthAuditLogsSnapshot> {
  refetch(): Promise<ApiAuditLogsPage>;
  /** Appends the next page; resolves `false` when there is nothing more to load. */
  loadMore(): Promise<boolean>;
}

/** `client.apiAuthAuditAnalytics(options)`. */
export interface ApiAuthAuditAnalyticsStore extends Store<ApiAuthAuditAnalyticsSnapshot> {
  refetch(): Promise<ApiAuditAnalytics>;
}

/** `client.apiAuthAuditTimeseries(options)`. */
export interface ApiAuthAuditTimeseriesStore extends Store<ApiAuthAuditTimeseriesSnapshot> {
  refetch(): Promise<ApiAuditTimeseries>;
}

/** `client.apiAuthAppSession(ticket?)`. */
export interface ApiAuthAppSessionStore extends Store<ApiAuthAppSessionSnapshot> {
  /** Reads the session again. */
  refetch(): Promise<ApiAuthAppSessionData>;
  /** Exchanges a ticket that arrived after the store was created (or a promise of one: reads
   *  wait for it), then reads the session. */
  exchange(ticket: string | Promise<string | null>): Promise<ApiAuthAppSessionData>;
}
"#;
