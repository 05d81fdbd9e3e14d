// The README's usage snippet, run as written in a page of the dev server.
import { readFileSync } from "node:fs";
import { assert, env, mintTicket, test } from "./helpers.mjs";

test("the README's usage snippet runs as written", async (page) => {
  // The first js block of "Using the package", with only its placeholders filled in: the
  // package path, the publishable key of this server, the app's backend and the UI callback.
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Using the package"));
  const snippet = section.slice(section.indexOf("```js") + 5, section.indexOf("```", section.indexOf("```js") + 5));
  assert(snippet.includes("new WachtClient(") && snippet.includes('"pk_test_..."'), "the README snippet was found");
  const publishableKey = `pk_test_${Buffer.from(env.baseUrl).toString("base64")}`;
  const code = snippet
    .replace('from "wacht-api-auth"', 'from "/pkg/wacht_api_auth.js"')
    .replace('"pk_test_..."', JSON.stringify(publishableKey));
  // The app's backend: a fresh ticket per call, minted with the backend key (never in a page).
  await page.exposeFunction("fetchTicketFromYourBackend", () => mintTicket(env.baseUrl));
  await page.goto(`${env.baseUrl}/style.css`); // any document of this origin, with no script of its own
  await page.evaluate(() => { window.showOnce = (secret) => { window.shown = secret; }; });
  await page.addScriptTag({ type: "module", content: `${code}\nwindow.snippetDone = true;` });
  await page.waitForFunction(() => window.snippetDone === true || window.shown, null, { timeout: 15000 });
  const shown = await page.evaluate(() => window.shown);
  assert(typeof shown === "string" && shown.length > 40, `showOnce got the secret: ${shown}`);
});
