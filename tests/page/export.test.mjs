// CSV export of the access log as filtered: every page, a progress indicator, a cap, and cells
// safe to open in a spreadsheet.
import { readFile } from "node:fs/promises";
import {
  acknowledgeSecret, assert, createKey, env, gateway, metric, openAs, requestLog, test, unique,
} from "./helpers.mjs";

/** Splits RFC 4180 text with every cell quoted (what the export writes) into rows of cells. */
function parseQuotedCsv(text) {
  const rows = [];
  const cell = /"((?:[^"]|"")*)"(,|\r\n)/gy;
  let row = [];
  let match;
  let parsed = 0;
  while ((match = cell.exec(text)) !== null) {
    parsed = cell.lastIndex;
    row.push(match[1].replaceAll('""', '"'));
    if (match[2] === "\r\n") {
      rows.push(row);
      row = [];
    }
  }
  assert(parsed === text.length && row.length === 0, `quoted cells and CRLF rows to the end (stopped at ${parsed})`);
  return rows;
}

test("CSV export: the filtered log, every page, a progress indicator, cells neutralised", async (page) => {
  assert(await openAs(page, "owner") === "ready", "owner");
  // A name a spreadsheet would run as a formula, with quotes to escape.
  const name = `=HYPERLINK("http://example.invalid","click") ${unique("csv").split(" ")[1]}`;
  const secret = await createKey(page, name);
  await acknowledgeSecret(page);
  for (let i = 0; i < 3; i++) assert(await gateway(env.baseUrl, secret) === 200, "check");
  await page.reload();
  await page.waitForSelector("body[data-status=ready]");
  await page.waitForFunction(() => Number(document.querySelector(".metric dd")?.textContent) >= 3);
  const total = await metric(page, "Total requests");

  // Slow pages, so the progress can be seen while the export runs.
  await page.route("**/api-auth/audit/logs**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  await page.locator("#export-progress").waitFor({ state: "visible" });
  assert((await page.textContent("#export-status")).startsWith("Exporting"), "the status says it is exporting");
  assert(await page.getByRole("button", { name: "Export CSV" }).isDisabled(), "one export at a time");
  const download = await downloading;
  await page.locator("#export-progress").waitFor({ state: "hidden" });
  assert(/^access-log-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/.test(download.suggestedFilename()),
    `file name: ${download.suggestedFilename()}`);
  const bytes = await readFile(await download.path());
  assert(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf, "UTF-8 with a byte order mark");
  const rows = parseQuotedCsv(bytes.subarray(3).toString("utf8"));
  assert(rows[0].join() === "Time,Request ID,Key ID,Key name,Request,Outcome,Rule,Client IP,User agent",
    `header: ${rows[0]}`);
  assert(rows.length - 1 === total, `every row of the range: ${rows.length - 1} of ${total}`);
  assert((await page.textContent("#export-status")).includes(`Exported ${total.toLocaleString("en-US")} rows`),
    `status: ${await page.textContent("#export-status")}`);
  const ours = rows.filter((row) => row[3].includes(name.slice(-6)));
  assert(ours.length === 3 && ours.every((row) => row[3] === `'${name}`),
    `the name neutralised, quotes intact: ${ours[0]}`);
  assert(bytes.toString("utf8").includes(`"'=HYPERLINK(""http://example.invalid"",""click"")`),
    "quotes doubled in the file");
  assert(ours.every((row) => row[5] === "allowed" && row[4] === "GET /v1/users"), `outcome and request: ${ours[0]}`);

  // The outcome filter applies to the export too.
  await page.unroute("**/api-auth/audit/logs**");
  await page.getByLabel("Outcome").selectOption("allowed");
  const [allowedDownload] = await Promise.all([
    page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  const allowedBytes = await readFile(await allowedDownload.path());
  const allowedRows = parseQuotedCsv(allowedBytes.subarray(3).toString("utf8")).slice(1);
  assert(allowedRows.length === await metric(page, "Allowed") && allowedRows.every((row) => row[5] === "allowed"),
    `only allowed rows: ${allowedRows.length}`);
  assert(allowedDownload.suggestedFilename().endsWith("-allowed.csv"), "the file name says which");
});

test("CSV export follows next_cursor through every page and stops at the cap", async (page) => {
  assert(await openAs(page, "owner") === "ready", "owner");
  const secret = await createKey(page, unique("paged"));
  await acknowledgeSecret(page);
  for (let i = 0; i < 12; i++) await gateway(env.baseUrl, secret);
  await fetch(`${env.baseUrl}/__dev/requests`, { method: "DELETE" });
  // The panel's own module, with pages of 4 and a cap of 10, against the dev server.
  const result = await page.evaluate(async () => {
    const { collectAccessLog } = await import("/screen/audit/export.js");
    const query = { start_date: new Date(Date.now() - 86_400_000).toISOString(), end_date: new Date().toISOString() };
    const progress = [];
    const capped = await collectAccessLog(window.wachtClient, query, {
      pageSize: 4, cap: 10, onProgress: ({ rows, pages }) => progress.push([rows, pages]),
    });
    const all = await collectAccessLog(window.wachtClient, query, { pageSize: 4, cap: 100_000 });
    const single = await window.wachtClient.getAuditLogs({ ...query, limit: 1000 });
    return {
      progress, capped: { rows: capped.logs.length, pages: capped.pages, capped: capped.capped },
      all: { ids: all.logs.map((l) => l.request_id), pages: all.pages, capped: all.capped },
      expected: single.data.map((l) => l.request_id),
    };
  });
  assert(JSON.stringify(result.progress) === "[[4,1],[8,2],[10,3]]", `progress: ${JSON.stringify(result.progress)}`);
  assert(result.capped.rows === 10 && result.capped.pages === 3 && result.capped.capped,
    `cap: ${JSON.stringify(result.capped)}`);
  assert(result.expected.length >= 12, `rows to page through: ${result.expected.length}`);
  assert(result.all.ids.join() === result.expected.join(), "all pages, in order, no row twice or missing");
  assert(result.all.pages === Math.ceil(result.expected.length / 4) && !result.all.capped,
    `pages: ${result.all.pages}`);
  const cursors = (await requestLog(env.baseUrl))
    .filter((r) => r.path.startsWith("/api-auth/audit/logs") && r.path.includes("cursor="));
  // Pages 2 and 3 of the capped run, and every page after the first of the full one.
  assert(cursors.length === 2 + result.all.pages - 1, `next_cursor was sent back: ${cursors.length} requests with one`);
});

test("CSV cells: formula starts neutralised, quotes doubled, every cell quoted", async (page) => {
  await page.goto(`${env.baseUrl}/style.css`);
  const cells = await page.evaluate(async () => {
    const { csvCell, toCsv } = await import("/screen/audit/csv.js");
    const inputs = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", 'say "hi"', "plain", "a,b", null, 42];
    return { cells: inputs.map(csvCell), file: toCsv(["h"], [["x"]]) };
  });
  const expected = [
    '"\'=1+1"', '"\'+1"', '"\'-1"', '"\'@SUM(A1)"', '"\'\tx"', '"\'\rx"',
    '"say ""hi"""', '"plain"', '"a,b"', '""', '"42"',
  ];
  assert(JSON.stringify(cells.cells) === JSON.stringify(expected), `cells: ${JSON.stringify(cells.cells)}`);
  assert(cells.file === '\uFEFF"h"\r\n"x"\r\n', `file: ${JSON.stringify(cells.file)}`);
});
