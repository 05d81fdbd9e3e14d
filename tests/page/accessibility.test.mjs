// Accessibility: axe-core finds no serious or critical violation on the owner screen, the viewer
// screen, the dialogs and the hosted page; the key flow works with the keyboard alone; dialogs
// keep focus inside while open and give it back to the button that opened them.
import {
  acknowledgeSecret, assert, axeViolations, createKey, env, focused, gateway, mintTicket, openAs, pressEach, tabUntil,
  test, unique,
} from "./helpers.mjs";

const noViolations = async (page, where, options) => {
  const violations = await axeViolations(page, options);
  assert(violations.length === 0, `${where}: ${violations.join("; ")}`);
};

test("axe-core: no serious or critical violations on the screens, the dialogs and the hosted page", async (page) => {
  assert(await openAs(page, "owner") === "ready", "owner");
  await page.waitForSelector("table.keys td.key-name");
  await page.waitForSelector("#chart g.bucket");
  await page.waitForSelector("table.logs tbody tr[data-outcome]");
  await noViolations(page, "owner screen");

  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByLabel("Name", { exact: true }).fill("CI deploy key");
  await page.getByLabel("Expires").selectOption("custom");
  const inAMonth = await page.evaluate(() => new Date(Date.now() + 30 * 86_400_000).toLocaleDateString("en-CA"));
  await page.getByLabel("Expiry date").fill(inAMonth);
  await page.screenshot({ path: `${env.shotDir}/08-create-key-expiry.png` });
  await noViolations(page, "create dialog");
  await page.getByRole("button", { name: "Cancel" }).click();

  await createKey(page, unique("axe key"));
  await noViolations(page, "secret dialog");
  await acknowledgeSecret(page);

  assert(await openAs(page, "viewer") === "access_required", "viewer");
  await noViolations(page, "viewer screen");

  await page.goto(`${env.baseUrl}/vanity/api-auth?ticket=${encodeURIComponent(await mintTicket(env.baseUrl))}`);
  await page.waitForSelector("body[data-status=ready]", { timeout: 15000 });
  await page.waitForSelector("table.keys td.key-name");
  await noViolations(page, "hosted page");

  await page.goto(`${env.baseUrl}/embed.html?as=owner`);
  await page.waitForSelector("body[data-status=embedded]", { timeout: 15000 });
  await noViolations(page, "embedding page", { iframes: false });
});

test("create → copy the secret → done → revoke, with the keyboard alone", async (page, context) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.baseUrl });
  assert(await openAs(page, "owner") === "ready", "owner");
  await page.waitForSelector("table.keys tbody tr");
  const name = unique("keyboard").replace(" ", "-");

  await tabUntil(page, (f) => f.name === "Create key");
  await page.keyboard.press("Enter");
  assert((await focused(page)).id === "key-name", "the dialog opens on its first field");
  await pressEach(page, name);
  await page.keyboard.press("Enter"); // submits the form
  await page.waitForSelector("dialog[open] #secret-value:not(:empty)");
  const secret = await page.textContent("#secret-value");
  assert((await focused(page)).name === "Copy secret",
    `focus moves into the secret dialog: ${JSON.stringify(await focused(page))}`);
  await page.keyboard.press("Enter");
  await page.locator("dialog[open] [role=status]", { hasText: "Copied." }).waitFor();
  assert(await page.evaluate(() => navigator.clipboard.readText()) === secret, "the clipboard holds the secret");
  await tabUntil(page, (f) => f.id === "secret-ack", { limit: 5 });
  await page.keyboard.press("Space");
  await tabUntil(page, (f) => f.name === "Done", { limit: 5 });
  await page.keyboard.press("Enter");
  await page.waitForSelector("#secret-value:empty", { state: "attached" });
  assert((await focused(page)).name === "Create key", "focus is back on the button that opened the dialogs");
  assert(!(await page.content()).includes(secret), "the secret left the page");

  await page.locator("tr", { hasText: name }).waitFor();
  await tabUntil(page, (f) => f.name === `Revoke ${name}`);
  await page.keyboard.press("Enter");
  assert((await focused(page)).id === "revoke-reason", "the confirmation opens on the reason");
  await pressEach(page, "keyboard");
  await tabUntil(page, (f) => f.name === "Revoke key", { limit: 5 });
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) =>
    ![...document.querySelectorAll("table.keys td.key-name")].some((td) => td.textContent === n)
    && document.querySelector("#notice")?.textContent.includes("revoked"), name);
  assert(await gateway(env.baseUrl, secret) === 401, "the key is revoked at the gateway");
  assert((await focused(page)).name === "API keys", "focus lands on the keys title, not lost with the row");
});

test("dialogs keep focus inside while open and return it to the opener", async (page) => {
  assert(await openAs(page, "owner") === "ready", "owner");
  await page.getByRole("button", { name: "Create key" }).click();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    assert((await focused(page)).inDialog === "create-title", `Tab ${i + 1} stays in the create dialog`);
  }
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Shift+Tab");
    assert((await focused(page)).inDialog === "create-title", `Shift+Tab ${i + 1} stays in the create dialog`);
  }
  await page.keyboard.press("Escape");
  await page.waitForSelector("dialog[open]", { state: "detached" }).catch(() => {});
  assert(await page.locator("dialog[open]").count() === 0, "Escape closes the create dialog");
  assert((await focused(page)).name === "Create key", "focus returns to Create key");

  const name = unique("focus key");
  await createKey(page, name);
  const stops = new Set();
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    assert(now.inDialog === "secret-title", `Tab ${i + 1} stays in the secret dialog: ${JSON.stringify(now)}`);
    stops.add(now.id || now.name);
  }
  assert(stops.has("secret-ack") && stops.has("Copy secret"), `Tab cycles the dialog's controls: ${[...stops]}`);
  await page.keyboard.press("Escape");
  assert(await page.locator("dialog[open] #secret-value:not(:empty)").count() === 1,
    "Escape does not skip the acknowledgment");
  await acknowledgeSecret(page);
  assert((await focused(page)).name === "Create key", "focus returns to the opener after the secret");

  const revoke = page.getByRole("button", { name: `Revoke ${name}` });
  await revoke.click();
  await page.getByRole("button", { name: "Cancel" }).click();
  assert((await focused(page)).name === `Revoke ${name}`,
    "a cancelled confirmation gives focus back to its row's button");

  // A refetch rebuilds the rows (here: after gateway traffic); the focused action keeps the focus.
  await page.evaluate(() => { document.activeElement.dataset.before = "refetch"; });
  await page.evaluate(() => document.dispatchEvent(new CustomEvent("wacht-demo:gateway-traffic-sent")));
  await page.waitForFunction(() => !document.querySelector("[data-before=refetch]"));
  const after = await focused(page);
  assert(after.name === `Revoke ${name}`, `the rebuilt row's button has the focus, not ${JSON.stringify(after)}; ` +
    `the table shows: ${(await page.locator("table.keys tbody").innerText()).slice(0, 200)}`);
});
