// Types of wacht-api-auth/react: the API-auth hooks of @wacht/jsx, same names, fields and methods,
// over the stores of a WachtClient.
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
} from "../wacht_api_auth.js";

/** Props of `WachtProvider`. */
export interface WachtProviderProps {
  /** The client every hook below uses (create it once, after `init()` in the browser). */
  client: WachtClient;
  children?: ReactNode;
}

/** Makes `client` the client of every hook rendered below it. */
export function WachtProvider(props: WachtProviderProps): ReactElement;

/** The client of the nearest `WachtProvider`; throws when there is none. */
export function useWachtClient(): WachtClient;

/** A ticket for `useApiAuthAppSession`: a string, a promise of one, or none (yet). */
export type TicketInput = string | Promise<string | null> | null | undefined;

/** What `useApiAuthAppSession` returns. */
export interface UseApiAuthAppSessionResult extends ApiAuthAppSessionSnapshot {
  /** Reads the session again; the outcome lands in the fields above. */
  refetch(): Promise<void>;
}

/**
 * Exchanges `ticket`, then reads the API-auth app session. A promise of the ticket makes every
 * key and audit read of the client wait for its exchange (pass the same promise on every
 * render); a ticket that arrives later (null at mount, a string after) is exchanged when it
 * arrives, and reads that found no session run again once.
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
