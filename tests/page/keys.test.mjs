// The keys table people ask for: last used, search, sort, expiry presets, expiring soon, expired.
import {
  acknowledgeSecret, assert, createKey, env, gateway, keyNames, openAs, sleep, test, unique,
} from "./helpers.mjs";

const DAY_MS = 86_400_000;
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** The key named `name` as the server lists it (through the client's plain call). */
function listed(page, name) {
  return page.evaluate(async (n) => {
    const keys = await window.wachtClient.listKeys({ status: "all" });
    return keys.find((key) => key.name === n);
  }, name);
}

/** The form fields of the next POST /api-auth/keys (the create request), as it was sent. */
async function createRequest(page, submit) {
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/api-auth/keys"),
    submit(),
  ]);
  return new URLSearchParams(request.postData() ?? "");
}

test("last used: Never, then the time in words after a gateway check, the exact time as its tooltip", async (page) => {
  await page.clock.install();
  assert(await openAs(page, "owner") === "ready", "owner");
  const name = unique("used key");
  const secret = await createKey(page, name);
  await acknowledgeSecret(page);
  const lastUsed = page.locator("tr", { hasText: name }).locator("td.last-used");
  assert(await lastUsed.textContent() === "Never", `a new key: ${await lastUsed.textContent()}`);

  // The traffic panel checks the key at the gateway; the list is read again after it.
  await page.getByLabel("Key secret", { exact: true }).fill(secret);
  await page.getByRole("button", { name: "Send test traffic" }).click();
  await page.waitForFunction(() => document.querySelector("#traffic-result")?.textContent.includes("1 allowed"));
  const time = lastUsed.locator("time");
  await time.waitFor();
  const key = await listed(page, name);
  assert(key.last_used_at && RFC3339_UTC.test(key.last_used_at), `the server stamped the key: ${key.last_used_at}`);
  assert(await time.getAttribute("datetime") === key.last_used_at, "the cell shows the server's last_used_at");
  const words = await time.textContent();
  assert(/^(now|\d+ seconds? ago)$/.test(words), `just used: ${words}`);
  const exact = await page.evaluate((t) => new Date(t).toLocaleString(undefined, {
    month: "short", day: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }), key.last_used_at);
  assert(await time.getAttribute("title") === exact,
    `tooltip ${await time.getAttribute("title")} is the exact ${exact}`);

  // Two minutes later the words follow, without reloading the list.
  await page.clock.fastForward("02:00");
  await page.waitForFunction((n) => [...document.querySelectorAll("table.keys tr")]
    .find((tr) => tr.textContent.includes(n))?.querySelector("td.last-used")?.textContent === "2 minutes ago", name);
});

test("search by name or suffix with the count shown; sort by last used or created", async (page) => {
  assert(await openAs(page, "owner") === "ready", "owner");
  const tag = unique("sortset").replace(" ", "-");
  const names = ["first", "second", "third"].map((n) => `${tag} ${n}`);
  const secrets = [];
  for (const name of names) {
    secrets.push(await createKey(page, name));
    await acknowledgeSecret(page);
  }
  // second used before first; third never.
  assert(await gateway(env.baseUrl, secrets[1]) === 200, "check second");
  await sleep(30);
  assert(await gateway(env.baseUrl, secrets[0]) === 200, "check first");
  await page.reload();
  await page.waitForSelector("body[data-status=ready]");
  await page.locator("table.keys td.key-name").first().waitFor();
  const total = (await keyNames(page)).length;
  assert(total >= 3, `the list holds the keys: ${total}`);

  await page.getByLabel("Search keys").fill(tag);
  await page.waitForFunction(() => document.querySelectorAll("table.keys td.key-name").length === 3);
  assert(await page.textContent("#key-count") === `3 of ${total} keys match`,
    `count: ${await page.textContent("#key-count")}`);
  const order = async (sort) => {
    await page.getByLabel("Sort by").selectOption(sort);
    return (await keyNames(page)).map((n) => n.slice(tag.length + 1));
  };
  const expectOrder = async (sort, expected) => {
    const seen = await order(sort);
    assert(seen.join() === expected.join(), `${sort}: expected ${expected}, saw ${seen}`);
  };
  await expectOrder("created-desc", ["third", "second", "first"]);
  await expectOrder("created-asc", ["first", "second", "third"]);
  await expectOrder("last-used-desc", ["first", "second", "third"]);
  await expectOrder("last-used-asc", ["third", "second", "first"]);
  assert(await page.getAttribute("th:has-text('Last used')", "aria-sort") === "ascending", "the sorted column says so");

  // The suffix: the last 8 characters of the secret, as the table shows it.
  await page.getByLabel("Search keys").fill(secrets[1].slice(-6).toUpperCase());
  await page.waitForFunction(() => document.querySelectorAll("table.keys td.key-name").length === 1);
  assert((await keyNames(page))[0] === names[1], "found by suffix, case-insensitive");
  assert(await page.textContent("#key-count") === `1 of ${total} keys match`, "count for one");
  await page.getByLabel("Search keys").fill("no key is called this");
  await page.locator("table.keys td", { hasText: "No key name or suffix contains" }).waitFor();
  assert(await page.textContent("#key-count") === `0 of ${total} keys match`, "count for none");
  await page.getByLabel("Search keys").fill("");
  await page.waitForFunction((n) => document.querySelectorAll("table.keys td.key-name").length === n, total);
  assert(await page.textContent("#key-count") === `${total} keys`, "all keys again");
});

test("expiry presets send an RFC 3339 expires_at; a custom date in the past is refused in the form", async (page) => {
  assert(await openAs(page, "owner") === "ready", "owner");
  const create = async (name, choose) => {
    await page.getByRole("button", { name: "Create key" }).click();
    await page.getByLabel("Name", { exact: true }).fill(name);
    await choose();
    const before = Date.now();
    const form = await createRequest(page, () => page.getByRole("button", { name: "Create", exact: true }).click());
    await page.waitForSelector("dialog[open] #secret-value:not(:empty)");
    await acknowledgeSecret(page);
    return { form, before, after: Date.now() };
  };
  const preset = (value) => () => page.getByLabel("Expires").selectOption(value);

  const never = await create(unique("never key"), preset("never"));
  assert(!never.form.has("expires_at"), `Never sends no expiry: ${never.form}`);
  for (const days of [7, 30, 90]) {
    const name = unique(`${days}-day key`);
    const { form, before, after } = await create(name, preset(String(days)));
    const sent = form.get("expires_at");
    assert(RFC3339_UTC.test(sent), `${days} days: RFC 3339: ${sent}`);
    const at = Date.parse(sent);
    assert(at >= before + days * DAY_MS - 1000 && at <= after + days * DAY_MS, `${days} days: ${sent}`);
    const row = page.locator("tr", { hasText: name });
    const soon = await row.locator("td[data-expiring-soon] .badge.expiring").count();
    assert(soon === (days === 7 ? 1 : 0), `${days} days: expiring-soon badge ${soon}`);
    if (days === 7) assert(/Expires in [67] days/.test(await row.textContent()),
      `badge text: ${await row.textContent()}`);
  }

  // A custom date: valid to the end of that local day; one in the past never reaches the server.
  const dayIn = (days) => page.evaluate((d) => {
    const date = new Date(Date.now() + d * 86_400_000);
    const pad = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }, days);
  const posts = [];
  page.on("request", (r) => { if (r.method() === "POST" && r.url().includes("/api-auth/keys")) posts.push(r.url()); });
  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByLabel("Name", { exact: true }).fill(unique("past key"));
  await page.getByLabel("Expires").selectOption("custom");
  const yesterday = await dayIn(-1);
  await page.getByLabel("Expiry date").fill(yesterday);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const refusal = page.locator("#create-error");
  await refusal.waitFor();
  assert(/has passed: pick today \(.+\) or a later date\./.test(await refusal.textContent()),
    `message: ${await refusal.textContent()}`);
  assert(await page.getAttribute("#key-expiry-date", "aria-invalid") === "true", "the date field is marked invalid");
  assert(await page.locator("dialog[open] #key-name").count() === 1, "the dialog stays open");
  assert(await page.evaluate(() => document.activeElement?.id) === "key-expiry-date", "focus on the date to fix");
  await sleep(200);
  assert(posts.length === 0, `nothing was sent: ${posts}`);

  const future = await dayIn(12);
  await page.getByLabel("Expiry date").fill(future);
  assert((await page.textContent("#key-expiry-hint")).startsWith("Expires "), "the hint says when");
  const form = await createRequest(page, () => page.getByRole("button", { name: "Create", exact: true }).click());
  await acknowledgeSecret(page);
  const expected = await page.evaluate((day) => new Date(`${day}T23:59:59.999`).toISOString(), future);
  assert(form.get("expires_at") === expected,
    `custom date: ${form.get("expires_at")} is the end of ${future}: ${expected}`);
});

test("keys expiring within 7 days carry a badge; expired keys have their own filter option", async (page) => {
  assert(await openAs(page, "owner") === "ready", "owner");
  // The form refuses past dates; the package's API does not, so an expired key is made with it.
  const expiredName = unique("expired key");
  const createExpiring = (name, inMs) => page.evaluate(({ name, inMs }) =>
    window.wachtClient.createKey({ name, expires_at: new Date(Date.now() + inMs) }), { name, inMs });
  await createExpiring(expiredName, -60_000);
  const soonName = unique("soon key");
  await createExpiring(soonName, 3 * DAY_MS);
  await page.reload();
  await page.waitForSelector("body[data-status=ready]");
  const soonRow = page.locator("tr", { hasText: soonName });
  await soonRow.waitFor();
  assert(/Expires in [23] days/.test(await soonRow.locator(".badge.expiring").textContent()), "expiring-soon badge");
  assert(await page.locator("tr", { hasText: expiredName }).locator(".badge.expired").textContent() === "Expired",
    "an expired key still listed as active carries the Expired status");

  await page.getByLabel("Status").selectOption("expired");
  await page.locator("tr", { hasText: expiredName }).waitFor();
  const names = await keyNames(page);
  assert(!names.includes(soonName), "a key that has not expired is not under Expired");
  const statuses = await page.$$eval("table.keys tbody tr .badge:not(.expiring)",
    (badges) => badges.map((badge) => badge.textContent));
  assert(statuses.every((s) => s === "Expired" || s === "Revoked"), `only expired keys: ${statuses}`);
  assert(await page.locator("tr", { hasText: expiredName }).locator(".badge.expiring").count() === 0,
    "no soon badge once expired");

  // The screen as the README shows it: a varied list after the tests above.
  await page.getByLabel("Status").selectOption("active");
  await page.locator("tr", { hasText: soonName }).waitFor();
  await page.screenshot({ path: `${env.shotDir}/01-keys-screen.png`, fullPage: true });
});
