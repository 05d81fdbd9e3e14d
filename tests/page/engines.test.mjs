// The demo's main flows in Firefox and WebKit (run by engines.mjs, through WebDriver): the owner's
// key lifecycle, the viewer's gate, the hosted page alone and in an iframe, and the demo under its
// strict Content-Security-Policy. engines.mjs fails a test on any violation the browser reported.
import { assert, gateway, mintTicket, sleep, unique } from "./helpers.mjs";
import { By, until } from "./webdriver.mjs";

/** Every test: `fn(driver, server url, reports)`; `violations` when it provokes them on purpose. */
export const tests = [];
const test = (name, fn, { violations = false } = {}) => tests.push({ name, fn, violations });

/** Waits for the element matching `css`; resolves to it. */
const found = (driver, css, ms = 15000) => driver.wait(until.elementLocated(By.css(css)), ms, `no ${css}`);
/** Waits until the app card (filled by its own session store, after the screen is ready) names the app. */
const appNamed = (driver, name, ms = 15000) =>
  driver.wait(until.elementTextIs(driver.findElement(By.id("app-name")), name), ms, `the app card never said ${name}`);
/** The button whose text or aria-label is `name`. */
const button = (driver, name) =>
  driver.findElement(By.xpath(`//button[normalize-space()='${name}' or @aria-label='${name}']`));
/** The cells of the keys table naming `name`. */
const rows = (driver, name) => driver.findElements(By.xpath(`//tr[td[@class='key-name' and .='${name}']]`));

/** Opens `path` and waits for the body's status `status`. */
async function open(driver, url, path, status) {
  await driver.get(`${url}${path}`);
  await found(driver, `body[data-status=${status}]`);
}

test("owner: create a key, its secret shown once, then revoke it", async (driver, url) => {
  await open(driver, url, "/?as=owner", "ready");
  const name = unique("webdriver key");
  await button(driver, "Create key").click();
  await (await found(driver, "dialog[open] #key-name")).sendKeys(name);
  await button(driver, "Create").click();
  const secret = await (await found(driver, "dialog[open] #secret-value:not(:empty)")).getText();
  assert(secret.length > 20, `a secret: ${secret}`);
  assert(await gateway(url, secret) === 200, "the new key passes the gateway");
  assert(!(await button(driver, "Done").isEnabled()), "Done waits for the acknowledgment");
  await driver.findElement(By.id("secret-ack")).click();
  await button(driver, "Done").click();
  await driver.wait(async () => (await driver.findElement(By.id("secret-value")).getAttribute("textContent")) === "",
    5000, "the secret leaves the dialog");
  await driver.wait(async () => (await rows(driver, name)).length === 1, 10000, "the key is listed");
  const page = await driver.executeScript("return document.documentElement.outerHTML");
  assert(!page.includes(secret), "the secret is shown once: nowhere in the page after Done");

  await button(driver, `Revoke ${name}`).click();
  await (await found(driver, "dialog[open] button.danger")).click();
  await driver.wait(async () => (await rows(driver, name)).length === 0, 10000, "the key leaves the active list");
  assert(await gateway(url, secret) === 401, "a revoked key is refused by the gateway");
  await driver.findElement(By.css("#key-status option[value=revoked]")).click();
  await driver.wait(async () => {
    const [row] = await rows(driver, name);
    return row && (await row.getText()).includes("Revoked");
  }, 10000, "the key is listed as Revoked");
});

test("viewer: the screen is gated (Access required)", async (driver, url) => {
  await open(driver, url, "/?as=viewer", "access_required");
  const heading = await driver.findElement(By.css("#screen h2")).getText();
  assert(heading === "Access required", `heading: ${heading}`);
  assert((await driver.findElements(By.xpath("//button[normalize-space()='Create key']"))).length === 0,
    "no key controls");
});

test("hosted page: alone (ticket taken from the address) and in the embed page's iframe", async (driver, url) => {
  const ticket = await mintTicket(url);
  await open(driver, url, `/vanity/api-auth?ticket=${encodeURIComponent(ticket)}`, "ready");
  await appNamed(driver, "Acme Public API");
  assert(!(await driver.getCurrentUrl()).includes("ticket="), "the ticket left the address");
  await open(driver, url, "/embed.html?as=owner", "embedded");
  await driver.switchTo().frame(await driver.findElement(By.css("iframe[title='API Key Manager']")));
  try {
    await found(driver, "body[data-status=ready]");
    await appNamed(driver, "Acme Public API");
    const address = await driver.executeScript("return location.href");
    assert(!address.includes("ticket="), `the ticket left the frame's address: ${address}`);
  } finally {
    await driver.switchTo().defaultContent();
  }
});

test("CSP: the pages are served with the strict policy and start without a violation", async (driver, url) => {
  for (const path of ["/?as=owner", "/embed.html", `/vanity/api-auth?ticket=x`]) {
    const policy = (await fetch(`${url}${path}`)).headers.get("content-security-policy") ?? "";
    assert(policy.includes("script-src 'self' 'wasm-unsafe-eval'") && !/unsafe-inline|'unsafe-eval'/.test(policy),
      `${path}: ${policy}`);
  }
  await open(driver, url, "/?as=owner", "ready");
  await open(driver, url, "/embed.html?as=owner", "embedded");
  await driver.switchTo().frame(await driver.findElement(By.css("iframe[title='API Key Manager']")));
  try {
    await found(driver, "body[data-status=ready]");
  } finally {
    await driver.switchTo().defaultContent();
  }
});

test("CSP: without 'wasm-unsafe-eval', init() rejects with a WachtError of code csp", async (driver, url, reports) => {
  await open(driver, url, "/?as=owner&__dev_csp=no-wasm-eval", "error");
  const alert = await driver.findElement(By.css("[role=alert]")).getText();
  assert(alert.includes("Content-Security-Policy must allow 'wasm-unsafe-eval'"), `the app shows: ${alert}`);
  // The code of the error init() rejected with, as the page saw it (a WebDriver script runs outside
  // the page's policy, so it cannot repeat the call itself).
  const code = await driver.findElement(By.css("body")).getAttribute("data-error-code");
  assert(code === "csp", `init() rejected with code ${code}`);
  // Nothing but the refused WebAssembly was reported (Firefox reports that; WebKit does not).
  await sleep(500);
  const expected = (r) => r.directive.startsWith("script-src") && r.document.includes("__dev_csp");
  const others = (await reports()).filter((r) => !expected(r));
  assert(others.length === 0, `other violations: ${JSON.stringify(others)}`);
}, { violations: true });
