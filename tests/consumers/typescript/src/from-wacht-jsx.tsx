// A component written for the API-auth hooks of @wacht/jsx, with only its import changed: it
// uses every field and method those hooks return (jsx/lib/hooks/use-api-auth-app.ts,
// use-api-auth-keys.ts, use-api-auth-audit.ts of wacht-platform/react-sdk) the way their types
// allow, and must compile unchanged.
import { useState } from "react";
import {
  useApiAuthAppSession,
  useApiAuthAuditAnalytics,
  useApiAuthAuditLogs,
  useApiAuthAuditTimeseries,
  useApiAuthKeys,
} from "wacht-api-auth/react";

export function ApiKeysPage({ ticket }: { ticket: string | null }) {
  const { hasSession, sessionLoading, sessionError, sessionId, apiAuthApp, ticketExchanged, ticketLoading, refetch } =
    useApiAuthAppSession(ticket);
  const { keys, createKey, rotateKey, revokeKey, loading, error, refetch: refetchKeys } = useApiAuthKeys({ status: "active" });
  const [cursors, setCursors] = useState<string[]>([]);
  const logs = useApiAuthAuditLogs({ limit: 25, cursor: cursors[cursors.length - 1], outcome: "allowed" });
  const { analytics } = useApiAuthAuditAnalytics({ start_date: "2026-01-01", include_blocked_reasons: true });
  const { timeseries, interval } = useApiAuthAuditTimeseries({ interval: "hour", key_id: keys[0]?.id });
  const message: string | undefined = sessionError?.message;
  const sessionKey: string | null = sessionId;
  const ready: boolean = ticketExchanged && !ticketLoading && !loading && !logs.loading;
  const onCreate = async (name: string, expiry?: string) => {
    const result = await createKey({ name, expires_at: expiry });
    return result.data.secret;
  };
  const onRotate = async (id: string) => (await rotateKey({ key_id: id })).data.secret;
  const onRevoke = async (id: string) => {
    await revokeKey({ key_id: id, reason: "no longer used" });
  };
  const next = () => {
    if (logs.has_more && logs.next_cursor) setCursors([...cursors, logs.next_cursor]);
  };
  if (sessionLoading) return <p>Loading</p>;
  if (!hasSession || sessionError) return <p>Access required {message}</p>;
  return (
    <section data-ready={ready} data-session={sessionKey ?? ""}>
      <h1>{apiAuthApp?.name}</h1>
      {error ? <p>Could not load keys</p> : null}
      <button onClick={() => refetch()}>Reload session</button>
      <button onClick={() => refetchKeys()}>Reload keys</button>
      <button onClick={() => onCreate("CI")}>Create</button>
      {keys.map((key) => (
        <p key={key.id}>
          {key.name} {key.key_prefix}…{key.key_suffix} {key.is_active ? "active" : "revoked"}
          <button onClick={() => onRotate(key.id)}>Rotate</button>
          <button onClick={() => onRevoke(key.id)}>Revoke</button>
        </p>
      ))}
      <p>
        {logs.logs.length} of limit {logs.limit}; {String(logs.error ?? "")}
        <button onClick={next}>Next</button>
        <button onClick={() => logs.refetch()}>Reload logs</button>
      </p>
      <p>
        {analytics?.total_requests} {analytics?.success_rate} {timeseries.map((point) => point.total_requests).join(",")} {interval}
      </p>
    </section>
  );
}
