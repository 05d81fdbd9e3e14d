// wacht-api-auth/react as an app types it: every hook, its fields and methods, and misuse refused.
import { WachtClient } from "wacht-api-auth";
import type { ApiKey, ApiAuditLog, SessionStatus, WachtError } from "wacht-api-auth";
import {
  WachtProvider,
  useApiAuthAppSession,
  useApiAuthAuditAnalytics,
  useApiAuthAuditLogs,
  useApiAuthAuditTimeseries,
  useApiAuthKeys,
  useWachtClient,
} from "wacht-api-auth/react";
import type { UseApiAuthKeysResult } from "wacht-api-auth/react";

declare const fetchTicket: () => Promise<string>;
const ticket: Promise<string> = fetchTicket();

export function Screen({ late }: { late: string | null }) {
  const session = useApiAuthAppSession(ticket);
  const lateSession = useApiAuthAppSession(late);
  const status: SessionStatus = lateSession.status;
  const keys: UseApiAuthKeysResult = useApiAuthKeys({ status: "active" });
  const list: ApiKey[] = keys.keys;
  const logs = useApiAuthAuditLogs({ limit: 25, outcome: "blocked" });
  const rows: ApiAuditLog[] = logs.logs;
  const cursor: string | undefined = logs.next_cursor;
  const analytics = useApiAuthAuditAnalytics({ include_top_keys: true, top_limit: 5 });
  const series = useApiAuthAuditTimeseries({ interval: "day" });
  // null while a provider given a publishableKey makes its client
  const client: WachtClient | null = useWachtClient();
  const error: WachtError | null = keys.error;
  const rotate = async (id: string) => (await keys.rotateKey({ key_id: id })).data.secret;
  const more: Promise<boolean> = logs.loadMore();
  const again: Promise<ApiKey[] | undefined> = keys.refetch();
  const sessionAgain: Promise<void> = session.refetch();
  // @ts-expect-error the ticket is a string or a promise of one
  useApiAuthAppSession(42);
  // @ts-expect-error outcome is allowed or blocked
  useApiAuthAuditLogs({ outcome: "denied" });
  // @ts-expect-error createKey needs a name
  keys.createKey({ expires_at: "2027-01-01T00:00:00Z" });
  void [status, list, rows, cursor, client, error, rotate, more, again, sessionAgain];
  return (
    <p>
      {session.apiAuthApp?.name} {analytics.analytics?.total_requests} {series.timeseries.length} {series.interval}
    </p>
  );
}

export const app = (client: WachtClient) => (
  <WachtProvider client={client}>
    <Screen late={null} />
  </WachtProvider>
);

// The provider makes the client from its options (in the browser, once).
export const ownClient = (
  <WachtProvider publishableKey="pk_test_aHR0cDovLzEyNy4wLjAuMTo4Nzg3" ticketProvider={fetchTicket} timeoutMs={10000}>
    <Screen late={null} />
  </WachtProvider>
);

// @ts-expect-error the provider needs a client or a publishableKey
export const noClient = <WachtProvider><Screen late={null} /></WachtProvider>;

// @ts-expect-error the publishable key is a string
export const badKey = <WachtProvider publishableKey={42}><Screen late={null} /></WachtProvider>;
