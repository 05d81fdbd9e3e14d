// Firefox ESR and WebKitGTK as the page tests drive them: Playwright's own builds of those engines
// cannot be installed here, so selenium-webdriver talks WebDriver to Debian's browsers through
// geckodriver and WebKitWebDriver, which this module starts on a free loopback port and stops.
// WebKitGTK needs a display: run its tests under `xvfb-run -a`.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { homedir } from "node:os";

const require = createRequire(import.meta.url);
const { Builder, By, until } = require("selenium-webdriver");
export { By, until };

/** Each engine: its WebDriver server and the capabilities of a session (headless, no download). */
export const ENGINES = {
  firefox: {
    // scripts/setup-toolchain.sh installs it with cargo.
    driver: process.env.GECKODRIVER || `${process.env.CARGO_HOME || `${homedir()}/.cargo`}/bin/geckodriver`,
    capabilities: {
      browserName: "firefox",
      "moz:firefoxOptions": { binary: "/usr/bin/firefox-esr", args: ["-headless"] },
    },
  },
  webkit: {
    driver: "/usr/bin/WebKitWebDriver",
    capabilities: {
      browserName: "MiniBrowser",
      "webkitgtk:browserOptions": {
        binary: "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
        args: ["--automation"],
      },
    },
  },
};

/** A free loopback port (the OS picks it; it is closed again before the driver takes it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Starts `engine`'s WebDriver server; resolves to `{ url, stop }` once it answers /status. */
async function startDriver(engine) {
  const port = await freePort();
  const process_ = spawn(ENGINES[engine].driver, [`--port=${port}`], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  process_.stderr.on("data", (chunk) => { stderr = (stderr + chunk).slice(-4000); });
  // SIGTERM, and SIGKILL if it has not ended 5 s later.
  const stop = () => new Promise((resolve) => {
    if (process_.exitCode !== null || process_.signalCode !== null) return resolve();
    const kill = setTimeout(() => process_.kill("SIGKILL"), 5000);
    process_.once("exit", () => { clearTimeout(kill); resolve(); });
    process_.kill("SIGTERM");
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (process_.exitCode !== null) break;
    const ready = await fetch(`${url}/status`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.json()).then((s) => s.value?.ready, () => false);
    if (ready) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`${engine}: ${ENGINES[engine].driver} did not start on ${url}: ${stderr}`);
}

/** A new browser session of `engine`; resolves to `{ driver, close }` (close ends both). */
export async function launch(engine) {
  const server = await startDriver(engine);
  try {
    const driver = await new Builder().usingServer(server.url).withCapabilities(ENGINES[engine].capabilities).build();
    await driver.manage().setTimeouts({ implicit: 0, pageLoad: 30000, script: 30000 });
    const close = async () => {
      await driver.quit().catch(() => {});
      await server.stop();
    };
    return { driver, close };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
