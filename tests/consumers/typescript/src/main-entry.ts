// The main entry as an app types it ("wacht-api-auth": the generated .d.ts through `exports`).
import init, { WachtClient, auditOutcome, zeroFillTimeseries } from "wacht-api-auth";
import type { ApiAuthKeysSnapshot, ApiKeyWithSecret, WachtError } from "wacht-api-auth";

await init();
const client = new WachtClient({ publishableKey: "pk_test_aHR0cDovL2xvY2FsaG9zdDo4Nzg3", timeoutMs: 10_000 });
const keys = client.apiAuthKeys({ status: "active" });
const snapshot: ApiAuthKeysSnapshot = keys.getSnapshot();
const names: string[] = snapshot.keys.map((key) => key.name);
const code: WachtError["code"] | undefined = snapshot.error?.code;
const created: ApiKeyWithSecret = (await keys.createKey({ name: "CI", expires_at: new Date() })).data;
const secret: string = created.secret;
const outcome: "allowed" | "blocked" | "unknown" = auditOutcome("VALID");
const points = zeroFillTimeseries([], { interval: "day", start: "2026-01-01", end: "2026-01-07" });
keys.dispose();

// @ts-expect-error a store takes known options only
client.apiAuthKeys({ state: "active" });
// @ts-expect-error status is one of the server's filters
client.apiAuthKeys({ status: "enabled" });
// @ts-expect-error a client needs a publishable key or a frontend API URL with a mode
new WachtClient({ timeoutMs: 5 });

export { names, code, secret, outcome, points };
