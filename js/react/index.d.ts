// Types of wacht-api-auth/react: the API-auth hooks of @wacht/jsx, same names, fields and methods,
// over the stores of a WachtClient. Each hook makes its store while rendering (which sends
// nothing) and starts it when it subscribes (in an effect): the first render, also on the server,
// shows the store's loading state.
import type { ReactElement, ReactNode } from "react";
import type {
  ApiAuditAnalytics,
  ApiAuditLogsPage,
  ApiAuditTimeseries,
  ApiAuthAppSessionSnapshot,
  ApiAuthAuditAnalyticsSnapshot,
  ApiAuthAuditLogsSnapshot,
  ApiAuthAuditTimeseriesSnapshot,
  ApiAuthKeysSnapshot,
  ApiKey,
  ApiKeyWithSecret,
  AuditAnalyticsOptions,
  AuditLogsOptions,
  AuditTimeseriesOptions,
  CreateKeyInput,
  KeyListOptions,
  MutationResult,
  RevokeKeyInput,
  RevokeResult,
  RotateKeyInput,
  WachtClient,
  WachtClientOptions,
} from "../wacht_api_auth.js";

/**
 * Props of `WachtProvider`: a client you made (`client`), or the options of one the provider
 * makes itself in the browser, once (`publishableKey`, ...; the first render's options are used,
 * and the latest `ticketProvider`/`getToken` are the ones called).
 */
export type WachtProviderProps =
  | { /** The client every hook below uses (create it once, after `init()` in the browser). */ client: WachtClient; children?: ReactNode }
  | (WachtClientOptions & { client?: undefined; children?: ReactNode });

/**
 * Makes `client` the client of every hook rendered below it; or, given the client's options
 * (`<WachtProvider publishableKey="pk_test_...">`), makes that client in the browser once (the
 * package is loaded with a dynamic import, then `init()`), so a server component can render it.
 * Until the client is ready the hooks show their loading state.
 */
export function WachtProvider(props: WachtProviderProps): ReactElement;

/**
 * The client of the nearest `WachtProvider`: null while a provider given a `publishableKey` is
 * still making it. Throws when there is no provider.
 */
export function useWachtClient(): WachtClient | null;

/**
 * A ticket for `useApiAuthAppSession`: a string or a promise of one (exchanged); `null`, "the
 * app's ticket is on its way" (reads wait for a later string, at most `timeoutMs`); `undefined`,
 * no ticket (the session is read as it is).
 */
export type TicketInput = string | Promise<string | null> | null | undefined;

/** What `useApiAuthAppSession` returns. */
export interface UseApiAuthAppSessionResult extends ApiAuthAppSessionSnapshot {
  /** Reads the session again; the outcome lands in the fields above. */
  refetch(): Promise<void>;
}

/**
 * Exchanges `ticket`, then reads the API-auth app session. A promise of the ticket makes every
 * key and audit read of the client wait for its exchange (pass the same promise on every
 * render). `null` means the ticket is on its way: the reads wait (at most `timeoutMs`) until a
 * later render brings the string, which is then exchanged once, or `undefined` (no ticket: the
 * session is read as it is, `hasSession: false` when there is none).
 */
export function useApiAuthAppSession(ticket?: TicketInput): UseApiAuthAppSessionResult;

/** What `useApiAuthKeys` returns. */
export interface UseApiAuthKeysResult extends ApiAuthKeysSnapshot {
  /** Creates a key; the one-time `secret` is only in the resolved value. */
  createKey(
    input: CreateKeyInput | (Omit<CreateKeyInput, "expires_at"> & { expires_at?: string | Date | null }),
  ): Promise<MutationResult<ApiKeyWithSecret>>;
  /** Rotates a key (the old one is revoked now); resolves with the new secret. */
  rotateKey(input: RotateKeyInput): Promise<MutationResult<ApiKeyWithSecret>>;
  /** Revokes a key with an optional reason. */
  revokeKey(input: RevokeKeyInput): Promise<MutationResult<RevokeResult>>;
  /** Reads the list again; resolves to it, or to `undefined` when that failed (see `error`). */
  refetch(): Promise<ApiKey[] | undefined>;
}

/** The key list of the session's app; `filters` are compared by value. */
export function useApiAuthKeys(filters?: KeyListOptions): UseApiAuthKeysResult;

/** What `useApiAuthAuditLogs` returns. */
export interface UseApiAuthAuditLogsResult extends Omit<ApiAuthAuditLogsSnapshot, "next_cursor"> {
  /** The cursor of the next page while `has_more` (as in @wacht/jsx, `undefined` otherwise). */
  next_cursor?: string;
  /** Reads the first page again; resolves to it, or to `undefined` when that failed. */
  refetch(): Promise<ApiAuditLogsPage | undefined>;
  /** Appends the next page while `has_more`; resolves `false` when there is nothing more. */
  loadMore(): Promise<boolean>;
}

/** Audit logs, newest first; `options` are compared by value. */
export function useApiAuthAuditLogs(options?: AuditLogsOptions): UseApiAuthAuditLogsResult;

/** What `useApiAuthAuditAnalytics` returns. */
export interface UseApiAuthAuditAnalyticsResult extends ApiAuthAuditAnalyticsSnapshot {
  /** Reads again; resolves to the analytics, or to `undefined` when that failed. */
  refetch(): Promise<ApiAuditAnalytics | undefined>;
}

/** Audit analytics; `options` are compared by value. */
export function useApiAuthAuditAnalytics(options?: AuditAnalyticsOptions): UseApiAuthAuditAnalyticsResult;

/** What `useApiAuthAuditTimeseries` returns. */
export interface UseApiAuthAuditTimeseriesResult extends ApiAuthAuditTimeseriesSnapshot {
  /** Reads again; resolves to the timeseries, or to `undefined` when that failed. */
  refetch(): Promise<ApiAuditTimeseries | undefined>;
}

/** An audit timeseries; `options` are compared by value. */
export function useApiAuthAuditTimeseries(options?: AuditTimeseriesOptions): UseApiAuthAuditTimeseriesResult;
