//! TypeScript declarations that the derives cannot express; they land in the generated `.d.ts`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Stable error codes carried by every `WachtError`. */
export type WachtErrorCode =
  | "network" | "http" | "decode" | "no_session" | "invalid_ticket"
  | "invalid_argument" | "aborted" | "timeout";

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
export type WachtClientOptions =
  | { /** `pk_test_...` or `pk_live_...` */ publishableKey: string }
  | { /** Origin of the frontend API. */ frontendApiUrl: string; /** Session transport used for the bootstrap. */ mode: "staging" | "production" };

/** Snapshot of an API-auth app session store; the fields of `useApiAuthAppSession` plus `status`. */
export interface ApiAuthAppSessionSnapshot {
  /** `false` once the server said there is no session (true before the first read, like the hook). */
  hasSession: boolean;
  /** True while exchanging the ticket or reading the session for the first time. */
  sessionLoading: boolean;
  /** Exchange error, else a read error other than "no session". */
  sessionError: WachtError | null;
  sessionId: string | null;
  apiAuthApp: ApiAuthAppInfo | null;
  ticketExchanged: boolean;
  ticketLoading: boolean;
  status: SessionStatus;
}

/** An observable store; pass `subscribe` and `getSnapshot` straight to `useSyncExternalStore`. */
export interface ApiAuthAppSessionStore {
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The current snapshot: the same (frozen) object until something changes. */
  getSnapshot(): ApiAuthAppSessionSnapshot;
  /** Reads the session again. */
  refetch(): Promise<ApiAuthAppSessionData>;
  /** Exchanges a ticket that arrived after the store was created, then reads the session. */
  exchange(ticket: string): Promise<ApiAuthAppSessionData>;
}
"#;
