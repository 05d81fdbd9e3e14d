// The requests chart: both axes (time and count) and each bucket's values on hover and on focus.
import { acknowledgeSecret, assert, createKey, env, gateway, openAs, test, unique } from "./helpers.mjs";

/** Each bucket's label and its request total, in order. */
function buckets(page) {
  return page.$$eval("#chart g.bucket", (groups) => groups.map((g) => {
    const label = g.getAttribute("aria-label");
    return { label, total: Number(/: (\d+) requests?/.exec(label)?.[1]), tabindex: g.getAttribute("tabindex") };
  }));
}

test("the chart shows its time and count axes, and each bucket's values on hover and on focus", async (page) => {
  assert(await openAs(page, "owner") === "ready", "owner");
  const secret = await createKey(page, unique("chart key"));
  await acknowledgeSecret(page);
  for (let i = 0; i < 3; i++) await gateway(env.baseUrl, secret);
  await page.reload();
  await page.waitForSelector("body[data-status=ready]");
  await page.waitForFunction(() => document.querySelectorAll("#chart g.bucket").length > 0
    && Number(document.querySelector(".metric dd")?.textContent) >= 3);

  const all = await buckets(page);
  // One bucket per hour of 7 local days: 168, or 167/169 across a daylight saving change.
  assert(all.length >= 167 && all.length <= 169, `one bucket per hour of 7 days: ${all.length}`);
  const max = Math.max(...all.map((b) => b.total));
  assert(max >= 3, `the traffic is in the chart: ${max}`);
  const titles = await page.$$eval("#chart .axis-title", (texts) => texts.map((t) => t.textContent));
  assert(titles.includes("Requests") && titles.some((t) => t.startsWith("Time (local, one bar per hour)")),
    `axis titles: ${titles}`);
  const counts = await page.$$eval("#chart text.axis-label.count",
    (texts) => texts.map((text) => Number(text.textContent)));
  const step = counts[1] - counts[0];
  assert(counts[0] === 0 && counts.every((c, i) => c === i * step) && counts.length <= 5, `count axis: ${counts}`);
  assert(counts.at(-1) >= max && counts.at(-1) - step < max,
    `the count axis ends at the first tick at or over ${max}: ${counts}`);
  // The busiest bar reaches the count axis at its value.
  const barTop = await page.$$eval("#chart g.bucket", (groups, i) => {
    const rects = groups[i].querySelectorAll("rect.bar-allowed, rect.bar-blocked");
    return Math.min(...[...rects].map((r) => Number(r.getAttribute("y"))));
  }, all.findIndex((b) => b.total === max));
  const expectedTop = 180 - (max / counts.at(-1)) * 180;
  assert(Math.abs(barTop - expectedTop) < 0.01,
    `bar top ${barTop} at ${max} on a 0–${counts.at(-1)} axis (${expectedTop})`);
  const times = await page.$$eval("#chart text.axis-label.time", (texts) => texts.map((t) => t.textContent));
  assert(times.length === 5, `five time labels: ${times}`);
  assert(times[0] === all[0].label.split(": ")[0] && times[4] === all.at(-1).label.split(": ")[0],
    `the time axis runs from the first bucket to the last: ${times}`);

  // Hover: the busiest bucket's values appear.
  const busiest = all.findIndex((b) => b.total === max);
  await page.locator("#chart g.bucket").nth(busiest).hover();
  const tip = page.locator("#chart-tip");
  await tip.waitFor({ state: "visible" });
  assert(await tip.textContent() === all[busiest].label, `hover tip: ${await tip.textContent()}`);
  assert(/\d+ requests? \(\d+ allowed, \d+ blocked\)$/.test(all[busiest].label), `values: ${all[busiest].label}`);
  await page.mouse.move(0, 0);
  await tip.waitFor({ state: "hidden" });

  // Focus: one tab stop (the latest bucket), then the arrow keys, Home and End.
  assert(all.filter((b) => b.tabindex === "0").length === 1 && all.at(-1).tabindex === "0",
    "one tab stop: the latest bucket");
  await page.getByLabel("Interval").focus();
  await page.keyboard.press("Tab");
  const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
  assert(await focusedLabel() === all.at(-1).label, "Tab reaches the latest bucket");
  assert(await tip.textContent() === all.at(-1).label && await tip.isVisible(), "its values show on focus");
  await page.keyboard.press("ArrowLeft");
  assert(await focusedLabel() === all.at(-2).label && await tip.textContent() === all.at(-2).label,
    "ArrowLeft: the bucket before");
  await page.keyboard.press("Home");
  assert(await focusedLabel() === all[0].label && await tip.textContent() === all[0].label, "Home: the first bucket");
  await page.keyboard.press("End");
  assert(await focusedLabel() === all.at(-1).label, "End: the last bucket");
  await page.keyboard.press("Tab");
  await tip.waitFor({ state: "hidden" });

  await page.getByLabel("Interval").selectOption("day");
  await page.waitForFunction(() => document.querySelectorAll("#chart g.bucket").length === 7);
  const days = await buckets(page);
  assert(days.reduce((sum, b) => sum + b.total, 0) >= 3 && !/\d:\d\d:/.test(days[0].label),
    `daily buckets: ${days[0].label}`);
});
