// The settings screen as the owner and the other identities: the key lifecycle with traffic and
// audit, who gets the screen, names as text, session renewal.
import {
  acknowledgeSecret, assert, awayFromWindowEnd, createKey, env, gateway, metric, mintTicket, openAs, requestLog, sleep,
  test, unique,
} from "./helpers.mjs";

test("the full key lifecycle with traffic and audit, as the owner", async (page) => {
  assert(await openAs(page, "owner") === "ready", "the owner sees the screen");
  // The app card fills its name from its own session store, after the screen is ready.
  await page.locator("#app-name", { hasText: /^Acme Public API$/ }).waitFor({ timeout: 15000 });
  const rules = await page.textContent("#rate-limits");
  assert(rules.includes("10 requests per 10 seconds, per key")
    && rules.includes("10000 requests per day, across the whole app"),
    `rules: ${rules}`);

  const name = unique("E2E key");
  const secret = await createKey(page, name);
  assert(/^acme_test_[A-Za-z0-9_-]{43}$/.test(secret), `secret format: ${secret}`);
  await page.screenshot({ path: `${env.shotDir}/02-one-time-secret.png` });
  await acknowledgeSecret(page);
  const row = page.locator("tr", { hasText: name });
  await row.waitFor();
  assert((await row.textContent()).includes(`acme_test…${secret.slice(-8)}`), "masked prefix…suffix");
  assert(!(await page.content()).includes(secret), "the secret is gone from the page once acknowledged");

  await page.reload();
  await page.waitForSelector("body[data-status=ready]");
  await page.locator("tr", { hasText: name }).waitFor();
  assert(!(await page.content()).includes(secret), "after a reload the secret cannot be seen again");
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + document.cookie);
  assert(!stored.includes(secret), "the secret is in no storage");

  // A person pastes the secret they copied into the traffic tool.
  await page.getByLabel("Key secret", { exact: true }).fill(secret);
  await page.getByRole("combobox", { name: "Requests" }).selectOption("15");
  await awayFromWindowEnd(10000, 3000); // the burst lands in one 10 s rate-limit window
  await page.getByRole("button", { name: "Send test traffic" }).click();
  await page.waitForFunction(() => document.querySelector("#traffic-result")?.textContent.includes("allowed"));
  const result = await page.textContent("#traffic-result");
  assert(result.includes("10 allowed") && result.includes("5 blocked by 10/10s"), `traffic: ${result}`);
  assert(await page.inputValue("#traffic-key") === "", "the secret left the traffic field once sent");
  await page.waitForFunction(() => Number(document.querySelector(".metric:nth-child(3) dd")?.textContent) >= 5);
  assert(await metric(page, "Total requests") >= 15, "analytics total");
  assert((await page.textContent("#blocked-reasons")).includes("10/10s"), "blocked reasons");
  assert((await page.textContent("#chart-summary")).includes("requests"), "chart summary");
  // The keys list was read again after the traffic: the key was used just now.
  await page.locator("tr", { hasText: name }).locator("td.last-used time").waitFor();
  await page.getByLabel("Outcome").selectOption("blocked");
  await page.waitForFunction(() => document.querySelectorAll("table.logs tbody tr[data-outcome]").length > 0);
  const outcomes = await page.$$eval("table.logs tbody tr", (rows) => rows.map((r) => r.dataset.outcome));
  assert(outcomes.every((o) => o === "blocked"), `outcome filter: ${outcomes}`);
  await page.screenshot({ path: `${env.shotDir}/03-audit.png`, fullPage: true });

  await page.getByRole("button", { name: `Rotate ${name}` }).click();
  assert((await page.textContent("dialog[open]")).includes("The old key stops working now"), "rotate confirmation");
  await page.getByRole("button", { name: "Rotate key" }).click();
  await page.waitForFunction((old) => {
    const value = document.querySelector("dialog[open] #secret-value")?.textContent;
    return value && value !== old;
  }, secret);
  const rotated = await page.textContent("#secret-value");
  await acknowledgeSecret(page);
  assert(await gateway(env.baseUrl, secret) === 401, "the old key stops working at once");
  assert(await gateway(env.baseUrl, rotated) === 200, "the new key works");

  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByLabel("Reason (optional)").fill("E2E done");
  await page.getByRole("button", { name: "Revoke key" }).click();
  await page.waitForFunction((n) => document.querySelector("table.keys tbody tr")
    && ![...document.querySelectorAll("table.keys td.key-name")].some((td) => td.textContent === n), name);
  assert(await gateway(env.baseUrl, rotated) === 401, "a revoked key is rejected by the gateway");
  await page.getByLabel("Status").selectOption("revoked");
  await page.waitForFunction((n) =>
    [...document.querySelectorAll("table.keys td.key-name")].filter((td) => td.textContent === n).length === 2, name);
  const revokedRows = await page.locator("tr", { hasText: name }).allTextContents();
  assert(revokedRows.some((t) => t.includes("Rotated")) && revokedRows.some((t) => t.includes("E2E done")),
    `revoked rows: ${revokedRows}`);
  await page.screenshot({ path: `${env.shotDir}/04-revoked-keys.png`, fullPage: true });
});

test("the role matrix: who gets the screen", async (page) => {
  const expected = [
    ["owner", "", "ready"], ["admin", "", "ready"], ["viewer", "", "access_required"],
    ["globex", "", "access_required"], ["initech", "&deployment=91", "access_required"],
    ["hooli", "&deployment=93", "access_required"], ["signed-out", "", "access_required"],
  ];
  for (const [identity, extra, status] of expected) {
    const seen = await openAs(page, identity, extra);
    assert(seen === status, `${identity}: expected ${status}, saw ${seen}`);
    if (status === "access_required") {
      assert((await page.textContent("main")).includes("Access required"), `${identity}: policy message`);
    }
    if (identity === "viewer") await page.screenshot({ path: `${env.shotDir}/05-access-required.png` });
  }
  const log = await requestLog(env.baseUrl);
  assert(log.some((r) => r.path.startsWith("/api/settings/api-keys/embed-ticket") && r.status === 403),
    "denials reached the app backend");
});

test("key names are rendered as text, never as HTML", async (page) => {
  assert(await openAs(page, "owner") === "ready", "owner");
  const probe = `<img src=x onerror="window.__xss=1">${Math.random().toString(36).slice(2, 6)}`;
  await createKey(page, probe);
  await acknowledgeSecret(page);
  await page.locator("td.key-name", { hasText: probe }).waitFor();
  assert(await page.evaluate(() => window.__xss) === undefined, "no script ran");
  assert(await page.locator("table.keys img").count() === 0, "no element was created from the name");
  await page.getByRole("button", { name: `Revoke ${probe}` }).click();
  assert((await page.textContent("dialog[open]")).includes(probe), "the dialog shows the name as text");
  await page.getByRole("button", { name: "Revoke key" }).click();
});

test("an expired API-auth session is renewed with one new ticket, not shown as an error", async (page) => {
  await fetch(`${env.shortSessionUrl}/__dev/requests`, { method: "DELETE" });
  assert(await openAs(page, "owner", "", env.shortSessionUrl) === "ready", "owner on the short-session server");
  await new Promise((resolve) => setTimeout(resolve, 3500)); // the server's sessions last 3 s
  await page.getByLabel("Status").selectOption("all");
  await page.waitForFunction(() => {
    const table = document.querySelector("table.keys");
    return table !== null && !table.textContent.includes("Loading");
  });
  assert(!(await page.textContent("table.keys")).includes("Could not load"), "no error after the session expired");
  assert(await page.evaluate(() => document.body.dataset.status) === "ready", "still ready");
  const log = await requestLog(env.shortSessionUrl);
  const issued = log.filter((r) => r.path.startsWith("/api/settings/api-keys/embed-ticket") && r.status === 200).length;
  assert(issued === 2, `one ticket at start and one on expiry, saw ${issued}`);
});

test("unmounting the screen disposes every store and listener its panels made", async (page) => {
  // The screen alone on a page of this origin, on a client of its own.
  await page.goto(`${env.baseUrl}/style.css`);
  const ticket = await mintTicket(env.baseUrl);
  const publishableKey = `pk_test_${Buffer.from(env.baseUrl).toString("base64")}`;
  await page.evaluate(async ({ ticket, publishableKey }) => {
    const { default: init, WachtClient } = await import("/pkg/wacht_api_auth.js");
    const { mountApiKeysScreen } = await import("/screen/screen.js");
    await init();
    window.client = new WachtClient({ publishableKey });
    window.root = document.body.appendChild(document.createElement("div"));
    window.screen = mountApiKeysScreen(window.root, { client: window.client, ticket });
  }, { ticket, publishableKey });
  await page.waitForSelector("body[data-status=ready]");
  await page.waitForSelector("table.logs tbody tr");
  const reads = async (action) => {
    await fetch(`${env.baseUrl}/__dev/requests`, { method: "DELETE" });
    await page.evaluate(action);
    await sleep(700);
    return (await requestLog(env.baseUrl)).filter((r) => r.method === "GET" && r.path.startsWith("/api-auth/")).length;
  };
  const createKey = () => window.client.createKey({ name: "dispose probe" });
  const traffic = () => document.dispatchEvent(new CustomEvent("wacht-demo:gateway-traffic-sent"));
  assert(await reads(createKey) >= 4, "mounted: a new key refetches the observed key list and audit reads");
  assert(await reads(traffic) >= 4, "mounted: gateway traffic refetches the key list and audit reads");
  await page.evaluate(() => window.screen.dispose());
  assert(await page.evaluate(() => window.root.childElementCount) === 0, "the screen left the page");
  assert(await reads(createKey) === 0, "unmounted: no store is left to refetch");
  assert(await reads(traffic) === 0, "unmounted: no listener is left");
});
