// The dev server as the consumer tests use it: the publishable key of its origin, tickets minted
// by "your backend" (the backend API key never reaches a page), its request log, its gateway.

/** The backend API key of deployment 42: scripts/test.sh reads it from the server's startup
 *  line (its one place is the dev server's config). */
export const BACKEND_KEY = process.env.WACHT_TEST_BACKEND_KEY;
if (!BACKEND_KEY) throw new Error("WACHT_TEST_BACKEND_KEY is not set (scripts/test.sh sets it)");

/** `pk_test_` + base64 of the server's origin. */
export function publishableKey(serverUrl) {
  return `pk_test_${Buffer.from(serverUrl).toString("base64")}`;
}

/** A fresh `api_auth_access` ticket for app `aa_42`, as an app's backend mints it. */
export async function mintTicket(serverUrl) {
  const response = await fetch(`${serverUrl}/session/tickets`, {
    method: "POST",
    headers: { Authorization: `Bearer ${BACKEND_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ ticket_type: "api_auth_access", api_auth_app_slug: "aa_42", expires_in: 300 }),
  });
  if (!response.ok) throw new Error(`ticket mint answered ${response.status}`);
  return (await response.json()).ticket;
}

/** Queues a fault (dev-server/README.md): the next matching requests get it instead. */
export async function addFault(serverUrl, fault) {
  const response = await fetch(`${serverUrl}/__dev/faults`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(fault),
  });
  if (response.status !== 201) throw new Error(`POST /__dev/faults answered ${response.status}`);
}

/** Drops the faults not used yet. */
export async function clearFaults(serverUrl) {
  const response = await fetch(`${serverUrl}/__dev/faults`, { method: "DELETE" });
  if (!response.ok) throw new Error(`DELETE /__dev/faults answered ${response.status}`);
}

/** Forgets the requests seen so far. */
export async function clearRequests(serverUrl) {
  const response = await fetch(`${serverUrl}/__dev/requests`, { method: "DELETE" });
  if (!response.ok) throw new Error(`DELETE /__dev/requests answered ${response.status}`);
}

/**
 * The frontend API requests seen since the last clear, as `"METHOD /path?query STATUS"` with the
 * `__dev_session__` parameter left out (the ticket mint and /__dev/* are not the client's).
 */
export async function clientRequests(serverUrl) {
  const { requests } = await (await fetch(`${serverUrl}/__dev/requests`)).json();
  return requests
    .filter((r) => !r.path.startsWith("/__dev/") && !r.path.startsWith("/session/tickets"))
    .map((r) => {
      const [path, query = ""] = r.path.split("?");
      const kept = query.split("&").filter((p) => p !== "" && !p.startsWith("__dev_session__="));
      return `${r.method} ${path}${kept.length ? `?${kept.join("&")}` : ""} ${r.status}`;
    });
}

/** How often each request of `requests` occurs: { "GET /path 200": n, ... }. */
export function counts(requests) {
  const result = {};
  for (const request of requests) result[request] = (result[request] ?? 0) + 1;
  return result;
}

/** Waits until the server has seen no new request for `quietMs`, then returns the client's. */
export async function settledRequests(serverUrl, quietMs = 400) {
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const now = (await clientRequests(serverUrl)).length;
    if (now === last) return clientRequests(serverUrl);
    last = now;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
  throw new Error("the client kept sending requests");
}

/**
 * One gateway check with a key secret (writes an audit entry). The gateway answers a verdict with
 * HTTP 200 (`allowed`, `reason`); this returns what an API would answer its caller: 200 allowed,
 * 403 `permission_denied`, 429 `rate_limited`, else the gateway's status (401: a refused key).
 */
export async function gatewayCheck(serverUrl, secret) {
  const response = await fetch(`${serverUrl}/v1/authz/check`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ principal: { type: "api_key", value: secret }, resource: "/v1/users", method: "GET" }),
  });
  if (response.status !== 200) return response.status;
  const { allowed, reason } = await response.json();
  if (allowed === true) return 200;
  if (reason === "permission_denied") return 403;
  if (reason === "rate_limited") return 429;
  throw new Error(`the gateway answered a verdict this helper does not know: allowed ${allowed}, reason ${reason}`);
}
