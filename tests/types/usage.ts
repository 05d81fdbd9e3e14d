// Type-checks the generated pkg/wacht_api_auth.d.ts the way an app uses it (`tsc --noEmit`,
// run by `make test`). `@ts-expect-error` lines prove the types refuse what they must refuse.
import init, {
  WachtClient, auditOutcome, vanityUrl, zeroFillTimeseries,
  type ApiKey, type ApiKeyWithSecret, type ApiAuthAppSessionSnapshot, type ApiAuditLog, type TicketExchangeResult, type WachtError,
} from "../../pkg/wacht_api_auth.js";

declare function useSyncExternalStore<T>(subscribe: (listener: () => void) => () => void, getSnapshot: () => T): T;

export async function usage(): Promise<void> {
  await init();
  const client = new WachtClient({ publishableKey: "pk_test_...", ticketProvider: async () => "ticket", timeoutMs: 10_000 });
  new WachtClient({ frontendApiUrl: "https://frontend.example.com", mode: "production", getToken: () => null });
  // @ts-expect-error: mode is "staging" | "production"
  new WachtClient({ frontendApiUrl: "https://x", mode: "test" });

  const session = client.apiAuthAppSession(Promise.resolve("ticket"));
  const snapshot: ApiAuthAppSessionSnapshot = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const name: string | undefined = snapshot.apiAuthApp?.name;
  const code: WachtError["code"] | undefined = snapshot.sessionError?.code;
  if (snapshot.status === "no_session" && code === "no_session") console.log(name);
  // @ts-expect-error: not a status
  if (snapshot.status === "done") console.log();

  const keys = client.apiAuthKeys({ status: "active" });
  const first: ApiKey | undefined = keys.getSnapshot().keys[0];
  // @ts-expect-error: listed keys never carry a secret
  console.log(first?.secret);
  const created = await keys.createKey({ name: "CI key", expires_at: new Date() });
  const secret: string = created.data.secret;
  const rotated: ApiKeyWithSecret = (await client.rotateKey({ key_id: created.data.id })).data;
  const revoked: boolean = (await keys.revokeKey({ key_id: rotated.id, reason: "done" })).data.success;
  // @ts-expect-error: key_id is required
  await client.revokeKey({ reason: "x" });
  // @ts-expect-error: status is one of the server's filters
  client.apiAuthKeys({ status: "deleted" });

  const logs = client.apiAuthAuditLogs({ limit: 25, outcome: "blocked" });
  const more: boolean = await logs.loadMore();
  const entries: ApiAuditLog[] = logs.getSnapshot().logs;
  const kind: "allowed" | "blocked" | "unknown" = auditOutcome(entries[0]?.outcome ?? "");
  const analytics = client.apiAuthAuditAnalytics({ include_top_keys: true, top_limit: 5 }).getSnapshot().analytics;
  const rate: number | undefined = analytics?.success_rate;
  const series = client.apiAuthAuditTimeseries({ interval: "day" });
  const points = zeroFillTimeseries(series.getSnapshot().timeseries, { interval: "day", start: "2026-11-01", end: "2026-11-07" });
  const exchanged: TicketExchangeResult = await client.exchangeTicket("ticket");
  if (exchanged.type === "api_auth_access") console.log(exchanged.api_auth_app.app_slug);
  // @ts-expect-error: exchangeTicket takes a string
  await client.exchangeTicket(42);
  {
    using disposable = client.apiAuthAuditAnalytics();
    disposable.getSnapshot();
  }
  console.log(secret, revoked, more, kind, rate, points.length, vanityUrl("https://x", "t"));
}
