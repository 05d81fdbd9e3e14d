// The hosted ("vanity") page, alone and in an iframe: the ticket leaves the address, is stored
// nowhere, and an expired one ends in a clean error.
import { assert, env, mintTicket, test } from "./helpers.mjs";

test("an expired ticket ends in a clean error state, with the ticket gone from the address", async (page) => {
  const ticket = await mintTicket(env.baseUrl, 1);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await page.goto(`${env.baseUrl}/vanity/api-auth?ticket=${encodeURIComponent(ticket)}`);
  await page.waitForSelector("body[data-status=error]", { timeout: 15000 });
  assert((await page.textContent("h2")).includes("This access link has expired"), "expired heading");
  assert((await page.textContent("[role=alert]")).includes("Invalid or expired ticket"), "server message");
  assert(!page.url().includes(ticket), "ticket stripped from the address");
  await page.screenshot({ path: `${env.shotDir}/06-expired-ticket.png` });
});

test("the hosted page takes the ticket out of the address even when it fails to start", async (page) => {
  await page.route("**/pkg/**", (route) => route.abort());
  await page.goto(`${env.baseUrl}/vanity/api-auth?ticket=tk_would_leak&keep=1`);
  await page.waitForSelector("[role=alert]", { timeout: 15000 });
  assert((await page.textContent("[role=alert]")).includes("failed to start"), "the failure is shown");
  assert(!page.url().includes("tk_would_leak"), `ticket stripped from the address: ${page.url()}`);
  assert(page.url().includes("keep=1"), "the rest of the query stays");
});

test("the hosted page in an iframe: the ticket leaves the address and is stored nowhere", async (page) => {
  let ticket = null;
  page.on("response", async (response) => {
    if (response.url().endsWith("/api/settings/api-keys/embed-ticket") && response.ok()) {
      ticket = (await response.json()).ticket;
    }
  });
  await page.goto(`${env.baseUrl}/embed.html?as=owner`);
  await page.waitForSelector("body[data-status=embedded]", { timeout: 15000 });
  const frame = page.frameLocator("iframe[title='API Key Manager']");
  await frame.locator("body[data-status=ready]").waitFor({ timeout: 15000 });
  // The app card fills its name from its own session store, after the screen is ready.
  await frame.locator("#app-name", { hasText: /^Acme Public API$/ }).waitFor({ timeout: 15000 });
  const inner = page.frames().find((f) => f.url().includes("/vanity/api-auth"));
  assert(ticket && inner, "ticket issued and frame found");
  assert(!inner.url().includes("ticket="), `ticket stripped from the frame's address: ${inner.url()}`);
  const stored = await inner.evaluate(() =>
    JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  assert(!stored.includes(ticket), "the ticket is in no storage");
  await page.screenshot({ path: `${env.shotDir}/07-embedded.png`, fullPage: true });
});
