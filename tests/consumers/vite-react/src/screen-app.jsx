// A full API-keys screen over every hook, in StrictMode: the ticket as a promise (reads wait for
// its exchange), inline options objects on every render (a ticker re-renders the screen 20 times),
// a panel mounted later (its read goes out at once), create with a one-time secret, revoke, and
// the audit panels with a refresh.
import init, { WachtClient } from "wacht-api-auth";
import {
  WachtProvider,
  useApiAuthAppSession,
  useApiAuthAuditAnalytics,
  useApiAuthAuditLogs,
  useApiAuthAuditTimeseries,
  useApiAuthKeys,
} from "wacht-api-auth/react";
import { StrictMode, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { fetchTicketFromYourBackend, publishableKey } from "./your-app.js";

await init();
const client = new WachtClient({ publishableKey });
const ticket = fetchTicketFromYourBackend();

/** Re-renders its component `count` times, one every `everyMs`. */
function useTicker(count, everyMs) {
  const [ticks, setTicks] = useState(0);
  useEffect(() => {
    if (ticks >= count) return undefined;
    const timer = setTimeout(() => setTicks(ticks + 1), everyMs);
    return () => clearTimeout(timer);
  }, [ticks, count, everyMs]);
  return ticks;
}

function Screen() {
  const session = useApiAuthAppSession(ticket);
  const keys = useApiAuthKeys({ status: "active" });
  const logs = useApiAuthAuditLogs({ limit: 10 });
  const analytics = useApiAuthAuditAnalytics({ include_top_keys: true });
  const series = useApiAuthAuditTimeseries({ interval: "day" });
  const ticks = useTicker(20, 25);
  if (session.sessionLoading) return <p>Loading…</p>;
  if (!session.hasSession || session.sessionError) return <p role="alert">Access required</p>;
  const refreshAudit = () => Promise.all([logs.refetch(), analytics.refetch(), series.refetch()]);
  return (
    <main data-ticks={ticks} data-status={session.status}>
      <h1>{session.apiAuthApp.name}</h1>
      <Keys keys={keys} />
      <Revoked />
      <section aria-label="Audit">
        <button onClick={refreshAudit}>Refresh audit</button>
        <p id="logs" data-loading={String(logs.loading)}>{logs.logs.length} checks: {logs.logs.map((log) => log.outcome).join(" ")}</p>
        <p id="analytics" data-loading={String(analytics.loading)}>{analytics.analytics?.total_requests ?? "-"} total</p>
        <p id="series" data-loading={String(series.loading)}>{series.timeseries.length} {series.interval} buckets</p>
      </section>
    </main>
  );
}

function Keys({ keys }) {
  const [name, setName] = useState("");
  const [secret, setSecret] = useState(null);
  const create = async (event) => {
    event.preventDefault();
    const { data } = await keys.createKey({ name });
    setName("");
    setSecret(data.secret);
  };
  return (
    <section aria-label="Keys">
      <form onSubmit={create}>
        <label>
          Name <input value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <button>Create key</button>
      </form>
      {secret !== null && (
        <div role="dialog">
          <p>Copy your secret now — it won't be shown again.</p>
          <output id="secret">{secret}</output>
          <button onClick={() => setSecret(null)}>Done</button>
        </div>
      )}
      <ul id="keys" data-loading={String(keys.loading)} data-error={keys.error?.code ?? ""}>
        {keys.keys.map((key) => (
          <li key={key.id}>
            {key.name} {key.key_prefix}…{key.key_suffix}{" "}
            <button onClick={() => keys.revokeKey({ key_id: key.id, reason: "test" })}>Revoke {key.name}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A panel mounted on demand, once the session is live: its read is not held back by anything. */
function Revoked() {
  const [shown, setShown] = useState(false);
  const [mounts, setMounts] = useState(1);
  if (!shown) return <button onClick={() => setShown(true)}>Show revoked keys</button>;
  return (
    <>
      <button onClick={() => setMounts(mounts + 1)}>Remount revoked keys</button>
      <RevokedKeys key={mounts} mounts={mounts} />
    </>
  );
}

function RevokedKeys({ mounts }) {
  const revoked = useApiAuthKeys({ status: "revoked" });
  return (
    <ul id="revoked" data-loading={String(revoked.loading)} data-mounts={mounts}>
      {revoked.keys.map((key) => <li key={key.id}>{key.name}</li>)}
    </ul>
  );
}

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <WachtProvider client={client}>
      <Screen />
    </WachtProvider>
  </StrictMode>,
);
