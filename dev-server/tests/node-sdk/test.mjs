// The dev server's backend API driven through Wacht's official Node SDK (`@wacht/backend`, pinned
// in package.json): the guides' ticket endpoint (`wacht.post("/session/tickets", …)`) and hosted
// page, the one-time app provisioning (`createApiAuthApp` with the `aa_<deploymentId>` slug), the
// apps and keys calls of the API keys guide, and what the SDK reports for a bad or foreign key.
// Where a guide's code does not run as written, dev-server/README.md ("From the guides to the
// SDKs") gives the form that does; the tests use that form.
//
//   WACHT_TEST_SERVER_URL=http://127.0.0.1:N WACHT_TEST_BACKEND_KEY=… node --test-reporter=tap test.mjs
//
// Nothing leaves the machine: the SDK is given the dev server as its base URL, `fetch` refuses
// every other origin (and the test at the end checks none was asked for), and WACHT_API_KEY is
// unset, so the SDK's global client (which would go to api.wacht.dev) cannot be made.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const SERVER_URL = process.env.WACHT_TEST_SERVER_URL;
const BACKEND_KEY = process.env.WACHT_TEST_BACKEND_KEY;
if (!SERVER_URL || !BACKEND_KEY) throw new Error("set WACHT_TEST_SERVER_URL and WACHT_TEST_BACKEND_KEY");
const ORIGIN = new URL(SERVER_URL).origin;
/** Deployment 77's seeded key (dev-server/README.md, seed data): another tenant. */
const OTHER_TENANT_KEY = "wk_test_other_tenant_key";

delete process.env.WACHT_API_KEY;
const elsewhere = [];
const localFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.origin === ORIGIN) return localFetch(input, init);
  elsewhere.push(url.href);
  return Promise.reject(new TypeError(`refused: ${url.origin} is not the dev server`));
};

const { WachtClient, WachtError, AuthenticationError, ConflictError, NotFoundError } =
  await import("@wacht/backend");

/** The SDK pointed at the dev server: `baseUrl` is the one option the guides' code lacks. */
const backend = (apiKey = BACKEND_KEY) => new WachtClient({ apiKey, baseUrl: SERVER_URL });

/** Slugs unique to this run, so the test also passes against a server that saw an earlier run. */
const RUN = Date.now().toString(36);

/** A frontend API request in a staging browser session (`__dev_session__` in the query). */
async function frontend(path, token, init) {
  const url = new URL(path, SERVER_URL);
  if (token) url.searchParams.set("__dev_session__", token);
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** A new browser session: `GET /deployment` answers its token and the deployment. */
async function browserSession() {
  const response = await fetch(new URL("/deployment", SERVER_URL));
  assert.equal(response.status, 200);
  const token = response.headers.get("x-development-session");
  assert.ok(token, "GET /deployment answers X-Development-Session");
  return { token, deployment: (await response.json()).data };
}

/** Exchanges `ticket` as the browser client does; asserts it opened a session of app `slug`. */
async function exchangeInto(ticket, slug) {
  const { token } = await browserSession();
  const exchanged = await frontend(`/session/ticket/exchange?ticket=${encodeURIComponent(ticket)}`, token);
  assert.equal(exchanged.status, 200, JSON.stringify(exchanged.body));
  assert.equal(exchanged.body.data.api_auth_app.app_slug, slug);
  const session = await frontend("/api-auth/session", token);
  assert.equal(session.status, 200, JSON.stringify(session.body));
  assert.equal(session.body.data.api_auth_app.app_slug, slug);
  return { token, app: session.body.data.api_auth_app };
}

/** The guides' mint, as written in their ticket endpoint. */
function mintAsTheGuidesDo(wacht, deploymentId) {
  return wacht.post("/session/tickets", {
    ticket_type: "api_auth_access",
    api_auth_app_slug: `aa_${deploymentId}`,
    expires_in: 120,
  });
}

/**
 * One gateway check of a key secret (needing `permissions`), as Wacht's gateway answers it:
 * "allowed", the reason of a refusal (an HTTP 200 with `allowed: false`), or "unauthorized" (401).
 */
async function gatewayCheck(secret, permissions = []) {
  const response = await fetch(new URL("/v1/authz/check", SERVER_URL), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      principal: { type: "api_key", value: secret },
      resource: "/v1/sdk",
      method: "GET",
      required_permissions: permissions,
    }),
  });
  if (response.status === 401) return "unauthorized";
  assert.equal(response.status, 200, "the gateway answers a known key with 200");
  const verdict = await response.json();
  return verdict.allowed ? "allowed" : verdict.reason;
}

test("the SDK is the pinned @wacht/backend", () => {
  const wanted = JSON.parse(readFileSync(new URL("package.json", import.meta.url))).dependencies["@wacht/backend"];
  const installed = JSON.parse(readFileSync(new URL("node_modules/@wacht/backend/package.json", import.meta.url)));
  assert.match(wanted, /^\d+\.\d+\.\d+(-[\w.]+)?$/, "an exact version, no range");
  assert.equal(installed.version, wanted);
});

test("ticket endpoint: the guides' wacht.post mint, exchanged by the frontend API, opens a working session", async () => {
  const wacht = backend();
  const deploymentId = "42";
  const before = Math.floor(Date.now() / 1000);
  const ticket = await mintAsTheGuidesDo(wacht, deploymentId);
  assert.deepEqual(Object.keys(ticket).sort(), ["expires_at", "ticket", "url"]);
  assert.equal(typeof ticket.ticket, "string");
  assert.ok(ticket.expires_at >= before + 119 && ticket.expires_at <= Math.floor(Date.now() / 1000) + 121,
    `expires_at ${ticket.expires_at} is 120 s ahead`);

  const { token, app } = await exchangeInto(ticket.ticket, "aa_42");
  assert.equal(app.name, "Acme Public API");
  // The session works: a key created through the frontend API, listed, checked at the gateway.
  const created = await frontend("/api-auth/keys", token, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ name: `node sdk ${RUN}` }),
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const secret = created.body.data.secret;
  assert.match(secret, /^acme_test_/);
  const listed = await frontend("/api-auth/keys?status=active", token);
  assert.ok(listed.body.data.some((key) => key.id === created.body.data.id), "the new key is listed");
  assert.equal(await gatewayCheck(secret), "allowed");
  // And the SDK sees the same key.
  const keys = await wacht.apiKeys.listApiKeys("aa_42", {});
  assert.ok(keys.some((key) => key.id === created.body.data.id && key.name === `node sdk ${RUN}`));

  // A ticket is single use.
  const again = await frontend(`/session/ticket/exchange?ticket=${encodeURIComponent(ticket.ticket)}`, token);
  assert.equal(again.status, 401);
  assert.equal(again.body.message, "Invalid or expired ticket");
});

test("hosted page: the vanity guide's iframe src from the deployment's backend_host serves the page and its ticket exchanges", async () => {
  const ticket = await mintAsTheGuidesDo(backend(), "42");
  const { deployment } = await browserSession();
  assert.equal(deployment.backend_host, ORIGIN);
  const src = `${deployment.backend_host}/vanity/api-auth?ticket=${encodeURIComponent(ticket.ticket)}`;
  assert.equal(src, ticket.url, "the mint's url is the guide's src");
  const page = await fetch(src);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type"), /^text\/html/);
  assert.equal(page.headers.get("referrer-policy"), "no-referrer");
  assert.equal(page.headers.get("cache-control"), "no-store");
  await page.text();
  // The hosted page reads the ticket from its address and exchanges it.
  const fromAddress = new URL(src).searchParams.get("ticket");
  await exchangeInto(fromAddress, "aa_42");
});

test("one-time provisioning: createApiAuthApp with the aa_<deploymentId> slug, then its tickets work", async () => {
  const client = backend();
  // The vanity guide's code as written: deployment 42's app is seeded here, so provisioning it
  // again is a conflict (provisioning is one-time).
  await assert.rejects(
    client.apiKeys.createApiAuthApp({
      app_slug: "aa_42",
      name: "Acme Public API",
      key_prefix: "acme_live",
      description: "API keys for deployment 42",
    }),
    (error) => error instanceof ConflictError && error.statusCode === 409,
  );

  const deploymentId = `4${Date.now() % 100000}`;
  const app = await client.apiKeys.createApiAuthApp({
    app_slug: `aa_${deploymentId}`,
    name: "Acme Public API",
    key_prefix: "acme_live",
    description: `API keys for deployment ${deploymentId}`,
  });
  assert.equal(app.app_slug, `aa_${deploymentId}`);
  assert.equal(app.deployment_id, "42", "the app belongs to the backend key's deployment");
  assert.equal(app.name, "Acme Public API");
  assert.equal(app.key_prefix, "acme_live");
  assert.equal(app.description, `API keys for deployment ${deploymentId}`);
  assert.equal(app.is_active, true);
  assert.equal(app.rate_limit_scheme_slug, null);
  assert.deepEqual(app.rate_limits, []);
  assert.equal(app.deleted_at, null);

  const ticket = await mintAsTheGuidesDo(client, deploymentId);
  const { token, app: sessionApp } = await exchangeInto(ticket.ticket, `aa_${deploymentId}`);
  assert.equal(sessionApp.name, "Acme Public API");
  const created = await frontend("/api-auth/keys", token, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ name: "first key" }),
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  assert.match(created.body.data.secret, /^acme_live_/);
});

test("apps: list, create (with a rate-limit scheme), get, update, delete", async () => {
  const api = backend().apiKeys;
  const active = await api.listApiAuthApps({});
  assert.ok(Array.isArray(active));
  for (const slug of ["aa_42", "partner_api"]) {
    const app = active.find((a) => a.app_slug === slug);
    assert.ok(app, `${slug} is listed`);
    assert.equal(app.is_active, true);
  }

  const slug = `my-integration-${RUN}`;
  const basic = await api.createApiAuthApp({
    app_slug: slug,
    name: "My Integration",
    key_prefix: "sk_live",
    description: "Integration with external service",
  });
  assert.equal(basic.app_slug, slug);
  assert.equal(basic.id, undefined, "apps have no id: they are addressed by app_slug");
  const got = await api.getApiAuthApp(slug);
  assert.equal(got.name, "My Integration");
  assert.equal(got.created_at, basic.created_at);

  const scheme = await api.createRateLimitScheme({
    slug: `my-rate-limit-scheme-${RUN}`,
    name: "100 a minute per key",
    rules: [{ unit: "minute", duration: 1, max_requests: 100, mode: "per_key" }],
  });
  assert.equal(scheme.slug, `my-rate-limit-scheme-${RUN}`);
  const limited = await api.createApiAuthApp({
    app_slug: `${slug}-with-rate-limit`,
    name: "My Integration with Rate Limit",
    key_prefix: "sk_live",
    description: "Integration with external service and rate limits",
    rate_limit_scheme_slug: scheme.slug,
  });
  assert.equal(limited.rate_limit_scheme_slug, scheme.slug);
  assert.equal(limited.rate_limits.length, 1);
  assert.equal(limited.rate_limits[0].max_requests, 100);
  assert.equal(limited.rate_limits[0].unit, "minute");
  assert.ok((await api.listRateLimitSchemes()).some((s) => s.slug === scheme.slug));

  const updated = await api.updateApiAuthApp(slug, { name: "Updated Integration Name", is_active: false });
  assert.equal(updated.name, "Updated Integration Name");
  assert.equal(updated.is_active, false);
  assert.equal(updated.key_prefix, "sk_live", "fields not given are unchanged");
  assert.ok(!(await api.listApiAuthApps({})).some((a) => a.app_slug === slug), "inactive: not listed");
  const all = await api.listApiAuthApps({ include_inactive: true });
  assert.equal(all.find((a) => a.app_slug === slug)?.is_active, false);

  assert.equal(await api.deleteApiAuthApp(slug), undefined, "204: the SDK resolves to undefined");
  await assert.rejects(api.getApiAuthApp(slug), (error) => error instanceof NotFoundError && error.statusCode === 404);
  assert.ok(!(await api.listApiAuthApps({ include_inactive: true })).some((a) => a.app_slug === slug));
});

test("keys: list, create (plain; with permissions, expiry, metadata), rotate, revoke", async () => {
  const api = backend().apiKeys;
  const slug = `keys-${RUN}`;
  await api.createApiAuthApp({ app_slug: slug, name: "Keys", key_prefix: "sk_live" });
  assert.deepEqual(await api.listApiKeys(slug, {}), []);

  const plain = await api.createApiKey(slug, { name: "Production Key" });
  // Typed { key, secret }; the answer is flat: the key's fields next to the secret.
  assert.equal(plain.key, undefined);
  assert.equal(typeof plain.id, "string");
  assert.match(plain.secret, /^sk_live_[A-Za-z0-9_-]{43}$/);
  assert.equal(plain.key_prefix, "sk_live");
  assert.equal(plain.key_suffix, plain.secret.slice(-8));
  assert.equal(plain.app_slug, slug);
  assert.equal(plain.is_active, true);
  assert.equal(plain.expires_at, null);
  assert.deepEqual(plain.permissions, []);

  const expiresAt = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const full = await api.createApiKey(slug, {
    name: "Production Key",
    permissions: ["users:read", "orgs:read"],
    expires_at: expiresAt.toISOString(),
    metadata: { environment: "production" },
  });
  assert.deepEqual(full.permissions, ["users:read", "orgs:read"]);
  assert.deepEqual(full.metadata, { environment: "production" });
  assert.equal(new Date(full.expires_at).getTime(), expiresAt.getTime());
  // The gateway knows both keys and their permissions.
  assert.equal(await gatewayCheck(full.secret, ["users:read"]), "allowed");
  assert.equal(await gatewayCheck(full.secret, ["users:write"]), "permission_denied");
  assert.equal(await gatewayCheck(plain.secret), "allowed");
  assert.equal(await gatewayCheck(plain.secret, ["users:read"]), "permission_denied");

  const listed = await api.listApiKeys(slug, {});
  assert.deepEqual(listed.map((k) => k.id), [full.id, plain.id], "newest first");
  assert.ok(listed.every((k) => !("secret" in k)), "a listed key has no secret");

  const rotated = await api.rotateApiKey(slug, plain.id);
  assert.notEqual(rotated.id, plain.id);
  assert.equal(rotated.name, "Production Key");
  assert.match(rotated.secret, /^sk_live_/);
  assert.notEqual(rotated.secret, plain.secret);
  assert.equal(await gatewayCheck(plain.secret), "unauthorized", "the rotated-out secret stops working");
  assert.equal(await gatewayCheck(rotated.secret), "allowed");

  assert.equal(await api.revokeApiKey(slug, full.id, { reason: "Key no longer needed" }), undefined);
  assert.deepEqual((await api.listApiKeys(slug, {})).map((k) => k.id), [rotated.id]);
  const everything = await api.listApiKeys(slug, { include_inactive: true });
  const byId = Object.fromEntries(everything.map((k) => [k.id, k]));
  assert.equal(byId[plain.id].revoked_reason, "Rotated");
  assert.equal(byId[plain.id].is_active, false);
  assert.equal(byId[full.id].revoked_reason, "Key no longer needed");
  assert.equal(await gatewayCheck(full.secret), "unauthorized");
});

test("the bound calls with an optional argument need it: without it they fall back to the SDK's global client", async () => {
  const api = backend().apiKeys;
  // The bound method appends its client as the last argument; with the options left out, the
  // client lands in the options' place and the function looks for a global client instead.
  const global = /Wacht SDK client not initialized/;
  await assert.rejects(api.listApiAuthApps(), global);
  await assert.rejects(api.listApiKeys("aa_42"), global);
  await assert.rejects(api.revokeApiKey("aa_42", "1"), global);
  // With the argument given, each reaches the dev server.
  assert.ok((await api.listApiAuthApps({})).length >= 2);
});

test("a bad backend key: 401 Authentication failed from every API-auth route, an AuthenticationError from the SDK", async () => {
  const bad = backend("wk_test_not_a_key").apiKeys;
  const calls = {
    listApiAuthApps: () => bad.listApiAuthApps({}),
    getApiAuthApp: () => bad.getApiAuthApp("aa_42"),
    createApiAuthApp: () => bad.createApiAuthApp({ app_slug: `bad-${RUN}`, name: "Bad", key_prefix: "bad" }),
    updateApiAuthApp: () => bad.updateApiAuthApp("aa_42", { name: "Taken over" }),
    deleteApiAuthApp: () => bad.deleteApiAuthApp("aa_42"),
    listApiKeys: () => bad.listApiKeys("aa_42", {}),
    createApiKey: () => bad.createApiKey("aa_42", { name: "Bad" }),
    rotateApiKey: () => bad.rotateApiKey("aa_42", "1"),
    revokeApiKey: () => bad.revokeApiKey("aa_42", "1", {}),
    listRateLimitSchemes: () => bad.listRateLimitSchemes(),
  };
  for (const [name, call] of Object.entries(calls)) {
    await assert.rejects(call(), (error) => {
      assert.ok(error instanceof AuthenticationError && error instanceof WachtError, `${name}: ${error}`);
      assert.equal(error.statusCode, 401, name);
      // The SDK reads a top-level `message`; the backend's errors are {"errors":[{message, code}]},
      // so the SDK's text is its generic one and the server's is in the body (below).
      assert.equal(error.message, "An error occurred", name);
      return true;
    });
  }
  const raw = await fetch(new URL("/api-auth/apps", SERVER_URL), { headers: { Authorization: "Bearer wk_test_not_a_key" } });
  assert.equal(raw.status, 401);
  assert.deepEqual(await raw.json(), { errors: [{ message: "Authentication failed", code: 401 }] });
  // Nothing changed.
  const app = await backend().apiKeys.getApiAuthApp("aa_42");
  assert.equal(app.name, "Acme Public API");
  assert.equal(app.is_active, true);
});

test("a bad backend key at the ticket mint: the SDK rejects with the status's error class, no ticket", async () => {
  await assert.rejects(mintAsTheGuidesDo(backend("wk_test_not_a_key"), "42"), (error) => {
    assert.ok(error instanceof WachtError, String(error));
    assert.equal(error.statusCode, 401, "401 Authentication failed, as every backend route");
    assert.ok(error instanceof AuthenticationError, `${error.name} for ${error.statusCode}`);
    assert.equal(error.message, "An error occurred");
    return true;
  });
});

test("another tenant's key sees only its own apps", async () => {
  const other = backend(OTHER_TENANT_KEY).apiKeys;
  assert.deepEqual((await other.listApiAuthApps({})).map((a) => a.app_slug), ["aa_77"]);
  await assert.rejects(other.getApiAuthApp("aa_42"), (error) => error instanceof NotFoundError && error.statusCode === 404);
  await assert.rejects(other.listApiKeys("aa_42", {}), (error) => error instanceof NotFoundError);
});

test("nothing was sent anywhere but the dev server", () => {
  assert.deepEqual(elsewhere, []);
});
